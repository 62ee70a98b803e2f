"""The PDF edition's long tables: a list too long to print is counted per fylke instead.

A printed list of tens of thousands of kommuner, services or names is read by no one, and it
is what the PDF engine spends its time on (issue 22: the appendix of about 50 000 table rows
was most of a 23-minute run on 100 × the register). So a table whose print edition would
have more than :data:`UTSKRIFT_GRENSE` rows is shown in the PDF under its own number and title
as counts per fylke (per file for the quarantine, which is about files, not places), and
the text says how many rows the whole table has and where it stands whole: the HTML edition,
the workbook and the data file, where a reader filters it. The HTML edition and the workbook
always have every row. The bundled survey's lists are shorter (428 kommuner, 58 services),
so its PDF prints them whole.

Every count is checked against the figure that counts the same thing (``figures.csv``), as
the report's other tables are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules import KOMMUNE_STATUS
from .data import ReportDataError
from .figure_model import Figurer
from .tables import FIGUR_2024, STATUS_KEY, fylke_2024_rows

# More rows than this in a table's print edition and the PDF counts them per fylke instead:
# about 12 printed pages, beyond what anyone reads through (docs/assumptions.md, P10).
UTSKRIFT_GRENSE = 500

# What a service's "Inkludert" says, in the order the columns show it.
INKLUDERT = ("Ja", "Nei")
# A quarantined interview's host may be unknown: it is counted last, under this name.
UTEN_FYLKE = ("99", "Ukjent vertskommune")
# The quarantine's levels as column headings.
NIVAER = {"rad": "Rader", "verdi": "Verdier"}


@dataclass(frozen=True)
class Opptelling:
    """A long table counted by group (fylke or file) and kind (status, file, level).

    ``rader`` is how many rows the whole table has; ``linjer`` one per group: ``navn`` and
    ``tall`` (a count per column of ``kolonner``) and ``sum``; ``i_alt`` the column totals.
    """

    rader: int
    gruppe: str
    kolonner: tuple[str, ...]
    linjer: tuple[dict, ...]
    i_alt: tuple[int, ...]

    @property
    def sum(self) -> int:
        return sum(self.i_alt)


def fylke_of(enheter) -> dict[str, tuple[str, str]]:
    """Each unit's fylke (``enheter.parquet``): enhet_id → (fylkesnummer, fylkesnavn)."""
    fylker = zip(enheter["fylkesnummer"].tolist(), enheter["fylkesnavn"].tolist(), strict=True)
    return dict(zip(enheter["enhet_id"].tolist(), fylker, strict=True))


def for_lang(rows: int) -> bool:
    """Whether a table of ``rows`` printed rows is counted per fylke in the PDF edition."""
    return rows > UTSKRIFT_GRENSE


def _count(
    items: list[tuple[str, str, str]], kolonner: tuple[str, ...], gruppe: str, rader: int
) -> Opptelling:
    """Counts of (sort key, group name, column) items: a line per group in key order."""
    groups: dict[str, dict] = {}
    for key, navn, kolonne in items:
        line = groups.setdefault(key, {"navn": navn, "tall": dict.fromkeys(kolonner, 0)})
        line["tall"][kolonne] += 1
    linjer = tuple(
        {"navn": g["navn"], "tall": tuple(g["tall"].values()), "sum": sum(g["tall"].values())}
        for _, g in sorted(groups.items())
    )
    i_alt = tuple(sum(line["tall"][i] for line in linjer) for i in range(len(kolonner)))
    return Opptelling(rader, gruppe, kolonner, linjer, i_alt)


def _check(what: str, counted: int, figurer: Figurer, figur: str) -> None:
    if figur in figurer and figurer[figur].verdi != counted:
        raise ReportDataError(
            f"{what}: tabellen teller {counted}, men figures.csv har {figur} = "
            f"{figurer[figur].verdi}"
        )


def kommuner(rows: list[dict], figurer: Figurer) -> Opptelling | None:
    """Every kommune (vedlegg A) per fylke and status (only the statuses some kommune has),
    when the list is too long to print; the status counts agree with ``kommuner_status_*``."""
    if not for_lang(len(rows)):
        return None
    koder = tuple(k for k in KOMMUNE_STATUS if any(r["status_kode"] == k for r in rows))
    labels = {k: KOMMUNE_STATUS[k] for k in koder}
    counted = _count(
        [(r["fylkesnr"], r["fylke"], labels[r["status_kode"]]) for r in rows],
        tuple(labels.values()),
        "Fylke",
        len(rows),
    )
    for kode, total in zip(koder, counted.i_alt, strict=True):
        _check("kommunene per status", total, figurer, f"kommuner_status_{kode}")
    return counted


def kommuner_2024(rows: list[dict], figurer: Figurer) -> Opptelling | None:
    """Today's kommuner per 2024 fylke and status, when the covered and partly covered ones
    (what the print edition lists) are too many to print; checked as table 7 is."""
    printed = sum(1 for r in rows if r["klasse"] != "ikke-dekket")
    if not for_lang(printed):
        return None
    fylker = fylke_2024_rows(rows, figurer)
    kolonner = ("dekket", "delvis", "ikke")
    linjer = tuple(
        {"navn": f["navn"], "tall": tuple(f[k] for k in kolonner), "sum": f["kommuner"]}
        for f in fylker
    )
    i_alt = tuple(figurer[FIGUR_2024[status]].verdi for status in STATUS_KEY)
    return Opptelling(printed, "Fylke (2024)", ("Dekket", "Delvis dekket", "Ikke dekket"), linjer, i_alt)  # fmt: skip


def tjenester(rows: list[dict], fylke_of: dict[str, tuple[str, str]]) -> Opptelling | None:
    """The interviewed services per fylke of their vertskommune and whether they are
    included, when the list is too long to print."""
    if not for_lang(len(rows)):
        return None
    kolonner = (*INKLUDERT, *sorted({r["inkludert"] for r in rows} - set(INKLUDERT)))
    items = [(*fylke_of.get(r["vertskommune_id"], UTEN_FYLKE), r["inkludert"]) for r in rows]
    return _count(items, kolonner, "Vertskommunens fylke", len(rows))


def navnetolkning(rows: list[dict], fylke_of: dict[str, tuple[str, str]], figurer: Figurer):
    """The names read by similarity per fylke of the unit each became and per file, when
    the list is too long to print; the total agrees with ``navn_tolket_etter_likhet``."""
    if not for_lang(len(rows)):
        return None
    filer = tuple(sorted({r["fil"] for r in rows}))
    items = [(*fylke_of[r["enhet_id"]], r["fil"]) for r in rows]
    counted = _count(items, filer, "Fylke", len(rows))
    _check("navnene tolket etter likhet", counted.sum, figurer, "navn_tolket_etter_likhet")
    return counted


def karantene(rows: list[dict]) -> Opptelling | None:
    """The quarantined rows and values per file and code, when the list is too long to
    print (a quarantined row may name no unit, so no fylke)."""
    if not for_lang(len(rows)):
        return None
    nivaer = {n: NIVAER.get(n, n) for n in sorted({r["niva"] for r in rows})}
    items = [
        (f"{r['fil']}\x00{r['kode']}", f"{r['fil']}: {r['kode']}", nivaer[r["niva"]]) for r in rows
    ]
    return _count(items, tuple(nivaer.values()), "Fil: kode", len(rows))
