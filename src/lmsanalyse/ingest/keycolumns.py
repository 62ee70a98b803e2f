"""Key columns: no silent loss (docs/data-contract.md, "Key columns: no silent loss").

A column the definitions read must be there and must carry data:

* a required column that is missing is an error naming the file and the closest headers (or
  export variables) that are not mapped to any column;
* a required column that is blank in every row is an error (a column required only where a
  condition holds, such as ``tilbudstyper`` when ``i_gang`` = ``Ja``, quarantines each such
  row instead, as the cleaner always did);
* a column the definitions read that is blank in more than a configured share of the rows
  where it applies is a warning (listed by ``validate``, written to ``advarsler.csv``).

A column blank by design in most rows (``interkommunal`` where ``har_tjeneste`` is not
``Ja``) is judged only on the rows where it applies. Both contract files and mapped exports
are judged here, on the :class:`RawTable` they become, so a renamed header or a map that
leaves a column out can never turn every answer into "not answered".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..contract import SOURCES, Source
from ..distinct import per_distinct_bool
from ..problems import Problem
from ..spelling import canonical_answer
from .raw_table import RawTable
from .similarity import closest, describe_candidates

# Rows where a column applies: (condition column, value); other columns apply to every row.
APPLIES: dict[str, dict[str, tuple[str, str]]] = {
    "radmann_skjema": {
        "interkommunal": ("har_tjeneste", "Ja"),
        "samarbeidskommuner": ("interkommunal", "Ja"),
    },
    "ringerunde_logg": {},
    "telefonintervju": {
        "deltakerkommuner": ("organisering", "interkommunal"),
        "tilbudstyper": ("i_gang", "Ja"),
        "diagnoser": ("i_gang", "Ja"),
        "rekruttering": ("i_gang", "Ja"),
    },
}
# The columns the definitions' SQL reads (include/sql/*.sql). `prosjektfinansiert` is read
# too, but is blank by design (the question was not asked), so its share is not judged.
READ_BY_DEFINITIONS: dict[str, tuple[str, ...]] = {
    "radmann_skjema": (
        "svar_id",
        "innsendt",
        "enhet",
        "har_tjeneste",
        "interkommunal",
        "samarbeidskommuner",
    ),
    "ringerunde_logg": ("enhet", "dato", "forsok", "utfall"),
    "telefonintervju": tuple(
        c.name
        for c in SOURCES["telefonintervju"].columns
        if c.required != "no" or c.name in ("diagnoser", "brukerorg_etablering")
    ),
}
DEFAULT_MAX_BLANK_SHARE = 0.25


@dataclass(frozen=True)
class BlankShare:
    """A column blank in more than the allowed share of the rows where it applies."""

    kilde: str
    fil: str
    kolonne: str
    variabel: str
    tomme: int
    rader: int
    grense: float
    gjelder: str  # "" or "har_tjeneste = Ja"

    @property
    def andel(self) -> float:
        return self.tomme / self.rader

    @property
    def melding(self) -> str:
        where = f" der {self.gjelder}" if self.gjelder else ""
        return (
            f"{self.tomme} av {self.rader} rader{where} er tomme ({_percent(self.andel)}; "
            f"grensen er {_percent(self.grense)})"
        )

    def problem(self) -> Problem:
        return Problem(self.fil, None, self.kolonne, self.melding, None, self.variabel or None)


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"


def applicable_rows(data: pd.DataFrame, source: Source, column: str) -> pd.Series:
    """Which rows a column applies to (all rows unless :data:`APPLIES` names a condition)."""
    condition = APPLIES[source.name].get(column)
    if condition is None:
        return pd.Series(True, index=data.index)
    col, value = condition
    allowed = source.column(col).values
    return per_distinct_bool(
        data[col], lambda v: v is not None and canonical_answer(v, allowed) == value
    )


def _blank(values: pd.Series) -> pd.Series:
    """Which cells are blank (None, or text of whitespace only), judged once per distinct value."""
    return per_distinct_bool(values, lambda v: v is None or (isinstance(v, str) and not v.strip()))


def _condition_text(source: Source, column: str) -> str:
    condition = APPLIES[source.name].get(column)
    return f"{condition[0]} = {condition[1]}" if condition else ""


def _missing_message(table: RawTable, source: Source, column: str, aliases: dict) -> str:
    """What is missing, and the closest headers or variables that no column takes."""
    found = closest(source.name, column, table.candidates, aliases)
    alike = [c for c in found if c.score > 0]
    if table.import_map is None:
        head, what = "påkrevd kolonne mangler", "overskrift"
    else:
        head = f"påkrevd kolonne er ikke knyttet til noen variabel i {table.fil}"
        what = "variabel"
    if alike:
        plural = "overskrifter" if what == "overskrift" else "variabler"
        return f"{head}; nærmeste {plural} uten kolonne: {describe_candidates(alike)}"
    if found:
        names = ", ".join(f"'{c.name}'" for c in found)
        return f"{head}; ingen {what} uten kolonne ligner (uten kolonne: {names})"
    return f"{head} (ingen {what} står uten kolonne)"


def key_column_problems(table: RawTable, aliases: dict | None = None) -> list[Problem]:
    """Missing and entirely blank required columns of one table, all at once.

    The columns found are added to ``table.missing_columns``, so that the cleaner does not
    report each of their rows again.
    """
    source = SOURCES[table.source]
    aliases = aliases or {}
    problems: list[Problem] = []
    where = table.import_map.name if table.import_map is not None else table.fil
    header_row = None if table.import_map is not None else table.header_row
    for col in source.columns:
        if col.required == "no":
            continue
        applies = applicable_rows(table.data, source, col.name)
        if col.required != "yes" and not applies.any():
            continue  # required only when a condition holds, and it holds nowhere
        if col.name in table.missing_columns:
            if table.variable(col.name):
                continue  # mapped to a variable the export lacks: reported with the map
            melding = _missing_message(table, source, col.name, aliases)
            problems.append(
                Problem(
                    where, header_row, col.name, melding, None, table.variable(col.name) or None
                )
            )
            continue
        n = int(applies.sum())
        # A column required only where a condition holds quarantines each such row instead
        # (and is warned about when blank too often).
        if col.required == "yes" and n and _blank(table.data[col.name]).all():
            melding = f"påkrevd kolonne er tom i alle {n} rader"
            problems.append(
                Problem(table.fil, None, col.name, melding, None, table.variable(col.name) or None)
            )
            table.missing_columns.append(col.name)
    return problems


def blank_share_warnings(table: RawTable, max_share: float) -> list[BlankShare]:
    """Columns the definitions read that are blank in more than ``max_share`` of their rows."""
    source = SOURCES[table.source]
    warnings = []
    for column in READ_BY_DEFINITIONS[source.name]:
        if column in table.missing_columns:
            continue  # already an error
        applies = applicable_rows(table.data, source, column)
        n = int(applies.sum())
        if not n:
            continue
        blank = int(_blank(table.data.loc[applies, column]).sum())
        if blank / n > max_share:
            warnings.append(
                BlankShare(
                    table.source,
                    table.fil,
                    column,
                    table.variable(column),
                    blank,
                    n,
                    max_share,
                    _condition_text(source, column),
                )
            )
    return warnings
