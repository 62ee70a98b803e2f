"""The figure catalogue (``figures.yaml``): every figure id, its denominator and its label.

The include stage registers the catalogue as a table; the SQL counts the fact tables'
columns, which are named after the catalogue's ids, and takes each figure's denominator from
here. The report and the diff find a figure's label with :func:`label`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..rules import KATEGORIER, KOMMUNE_STATUS, STATUS_I_DAG
from ..schema import load_yaml

CATALOGUE_FILE = "figures.yaml"
_PLACEHOLDER = re.compile(r"<([a-z_]+)>")

# What a figure may need of the run (``krever``), as :func:`lmsanalyse.reference.wave_conditions`
# names them: the register's population, a picture on the 2020 or the 2024 map, a register of
# 2014 (the 2014 kommuner and NK LMH's published basis).
CONDITIONS = ("folkemengde", "kart_2020", "kart_2024", "register_2014")

# Code lists a family may take its members from (``medlemmer: <navn>``): code → label.
# ``regler`` (the definition's rules) is filled in per definition by the SQL.
CODE_LISTS: dict[str, dict[str, str]] = {
    "kommune_status": KOMMUNE_STATUS,
    "status_i_dag": STATUS_I_DAG,
    "kategori": {kode: tekst for kode, (tekst, _kort) in KATEGORIER.items()},
    "regler": {},
}


class CatalogueError(ValueError):
    """The figure catalogue contradicts itself (a programming error, not input)."""


@dataclass(frozen=True)
class Figure:
    """One catalogue entry: a figure, or a family of figures.

    Attributes:
        id: ``tjenester``, or a pattern with one placeholder (``fylke_<nr>_kommuner``).
        etikett: Norwegian label; in a family, the placeholder stands for the member.
        nevner: the id (or pattern, with the same placeholder) of the denominator.
        skjult: a helper count for denominators, not written to ``figures.csv``.
        medlemmer: members listed even when no row counts them: a code list's name
            (``CODE_LISTS``) or the members themselves.
        valgfri: written only when a fact row counts it (0 included), so that a run without
            what it counts has no such row (the figures of manual decisions).
        krever: what the run must have for the figure to exist (:data:`CONDITIONS`); a run
            without it (a register without population) has no such figure, never a 0.
    """

    id: str
    etikett: str
    nevner: str | None = None
    skjult: bool = False
    medlemmer: str | tuple[str, ...] | None = None
    valgfri: bool = False
    krever: tuple[str, ...] = ()

    @property
    def plassholder(self) -> str | None:
        """``<nr>`` for ``fylke_<nr>_kommuner``; None for a single figure."""
        found = _PLACEHOLDER.search(self.id)
        return found.group(0) if found else None

    def member(self, figur: str) -> str | None:
        """The member a figure id is of this family (None: not of it)."""
        if self.plassholder is None:
            return None
        before, _, after = self.id.partition(self.plassholder)
        found = re.fullmatch(re.escape(before) + "(.+)" + re.escape(after), figur)
        return found.group(1) if found else None

    @property
    def literal_length(self) -> int:
        return len(self.id) - len(self.plassholder or "")


def _entry(raw: dict) -> Figure:
    members = raw.get("medlemmer")
    return Figure(
        id=raw["id"],
        etikett=raw["etikett"],
        nevner=raw.get("nevner"),
        skjult=bool(raw.get("skjult", False)),
        medlemmer=tuple(members) if isinstance(members, list) else members,
        valgfri=bool(raw.get("valgfri", False)),
        krever=tuple(raw.get("krever") or ()),
    )


def check_catalogue(figures: list[Figure]) -> None:
    """Raise :class:`CatalogueError` naming every contradiction in the catalogue."""
    problems = []
    ids = [f.id for f in figures]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{dup} står flere ganger")
    by_id = {f.id: f for f in figures}
    for f in figures:
        if len(_PLACEHOLDER.findall(f.id)) > 1:
            problems.append(f"{f.id}: bare én plassholder per mønster")
        if f.nevner is not None:
            target = by_id.get(f.nevner)
            if target is None:
                problems.append(f"{f.id}: nevneren {f.nevner} finnes ikke i katalogen")
            elif target.plassholder not in (None, f.plassholder):
                problems.append(f"{f.id}: nevneren {f.nevner} har en annen plassholder")
            elif not set(target.krever) <= set(f.krever):
                problems.append(f"{f.id}: nevneren {f.nevner} krever mer enn figuren")
        if f.valgfri and f.plassholder is not None:
            problems.append(f"{f.id}: bare en enkelt figur kan være valgfri")
        if f.medlemmer is not None and f.plassholder is None:
            problems.append(f"{f.id}: bare et mønster kan ha medlemmer")
        if isinstance(f.medlemmer, str) and f.medlemmer not in CODE_LISTS:
            problems.append(f"{f.id}: ukjent kodeliste {f.medlemmer}")
        for needed in sorted(set(f.krever) - set(CONDITIONS)):
            problems.append(f"{f.id}: ukjent krav {needed}")
    if problems:
        raise CatalogueError("figurkatalogen: " + "; ".join(problems))


@cache
def catalogue() -> tuple[Figure, ...]:
    """The catalogue's entries, in file order (checked)."""
    text = resources.files(__package__).joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    figures = [_entry(raw) for raw in load_yaml(text)["figurer"]]
    check_catalogue(figures)
    return tuple(figures)


def entry_for(figur: str) -> Figure | None:
    """The catalogue entry of a figure id: the figure itself, or the most specific family."""
    families = []
    for f in catalogue():
        if f.id == figur:
            return f
        if f.member(figur) is not None:
            families.append(f)
    return max(families, key=lambda f: f.literal_length, default=None)


def label(figur: str) -> str | None:
    """The Norwegian label of a figure id (a family's member put in); None: not catalogued."""
    f = entry_for(figur)
    if f is None or f.plassholder is None:
        return f.etikett if f else None
    member = f.member(figur)
    codes = CODE_LISTS.get(f.medlemmer) if isinstance(f.medlemmer, str) else None
    text = codes.get(member) or codes.get(member.replace("_", " ")) if codes else None
    return f.etikett.replace(f.plassholder, text or member.replace("_", " "))


def present(f: Figure, conditions: frozenset[str] | set[str]) -> bool:
    """Whether a run that meets ``conditions`` has the figure (or family)."""
    return set(f.krever) <= set(conditions)


def catalogue_rows(conditions: frozenset[str] | set[str] = frozenset(CONDITIONS)) -> list[tuple]:
    """The catalogue as rows of the SQL's ``src_figurkatalog`` (see ``CATALOGUE_COLUMNS``),
    each marked ``finnes`` when a run that meets ``conditions`` has it."""
    rows = []
    for nr, f in enumerate(catalogue(), start=1):
        listed = list(f.medlemmer) if isinstance(f.medlemmer, tuple) else None
        from_list = f.medlemmer if isinstance(f.medlemmer, str) else None
        rows.append(
            (
                f.id, f.plassholder, f.nevner, f.etikett, f.skjult, from_list, listed, f.valgfri,
                present(f, conditions), nr,
            )
        )  # fmt: skip
    return rows


CATALOGUE_COLUMNS = {
    "mal": "varchar",
    "plassholder": "varchar",
    "nevner": "varchar",
    "etikett": "varchar",
    "skjult": "boolean",
    "medlemmer_fra": "varchar",
    "medlemmer": "varchar[]",
    "valgfri": "boolean",
    "finnes": "boolean",
    "nr": "integer",
}
