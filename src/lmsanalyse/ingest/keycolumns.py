"""Key columns: no silent loss (docs/data-contract.md, "Key columns: no silent loss").

A column the run reads (:mod:`lmsanalyse.columns_read`: a rule of its definitions, a figure,
a disposition, a category, a list split) or the contract requires is a **key column**:

* missing from the export, it is an error naming the column, what reads it, the closest
  headers (or export variables) that no column takes, and the fix (an alias, or the map);
* declared missing (``mangler: {kolonne: grunn}`` in the import map or the alias file: the
  question was not asked), every row is "not answered" for it, and the report names it with
  the figures it affects; declared missing but present in the export is an error;
* a required column that is blank in every row is an error;
* a key column blank in more than a configured share of the rows where it applies is a
  warning (listed by ``validate``, written to ``advarsler.csv``).

A column blank by design in most rows (``interkommunal`` where ``har_tjeneste`` is not
``Ja``) is judged only on the rows where it applies. Contract files and mapped exports are
judged here alike, on the :class:`RawTable` they become, so a renamed header or a map that
leaves a column out can never turn every answer into "not answered". "Missing" and "blank"
are separate messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..columns_read import ALL_RULES, Reader, key_columns
from ..contract import SOURCES, Source
from ..contract import source as contract_source
from ..distinct import per_distinct_bool
from ..problems import Problem
from ..spelling import canonical_answer
from .raw_table import RawTable
from .similarity import closest, describe_candidates

ALIAS_FILE = "config/header_aliases.yaml"

# Rows where a column applies: (condition column, value); other columns apply to every row.
APPLIES: dict[str, dict[str, tuple[str, str]]] = {
    "radmann_skjema": {
        "interkommunal": ("har_tjeneste", "Ja"),
        "tjeneste_navn": ("har_tjeneste", "Ja"),
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
# Read, but blank by design: the question was not asked, and blank means "not said".
BLANK_BY_DESIGN = {"telefonintervju": ("prosjektfinansiert",)}
DEFAULT_MAX_BLANK_SHARE = 0.25


@dataclass(frozen=True)
class SourceSpec:
    """How a run reads one source.

    Attributes:
        aliases: header text → contract column (``config/header_aliases.yaml``).
        key: the columns the run reads → what reads each (:func:`.columns_read.key_columns`).
        mangler: columns a contract-shaped export truly lacks → why (the alias file's
            ``mangler``; an import map says it in the map).
        alias_file: the alias file as messages name it.
        utelat: rows a contract-shaped export leaves out on purpose (the alias file's
            ``utelat``: ``{kolonne, verdier, grunn}``; an import map says it in the map).
    """

    aliases: dict[str, str] = field(default_factory=dict)
    key: dict[str, list[Reader]] = field(default_factory=dict)
    mangler: dict[str, str] = field(default_factory=dict)
    alias_file: str = ALIAS_FILE
    utelat: list[dict] = field(default_factory=list)


def source_specs(
    aliases: dict[str, dict[str, str]] | None = None,
    rules: tuple[str, ...] | list[str] = ALL_RULES,
    mangler: dict[str, dict[str, str]] | None = None,
    alias_file: str = ALIAS_FILE,
    utelat: dict[str, list[dict]] | None = None,
) -> dict[str, SourceSpec]:
    """Each source's :class:`SourceSpec` for a run whose definitions use ``rules``."""
    key = key_columns(rules)
    return {
        s: SourceSpec(
            dict((aliases or {}).get(s, {})),
            key[s],
            dict((mangler or {}).get(s, {})),
            alias_file,
            list((utelat or {}).get(s, [])),
        )
        for s in SOURCES
    }


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
    condition = APPLIES.get(source.name, {}).get(column)
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
    condition = APPLIES.get(source.name, {}).get(column)
    return f"{condition[0]} = {condition[1]}" if condition else ""


def _readers_text(readers: list[Reader]) -> str:
    """``; den leses av A og B`` ("" when nothing of a run is known to read it)."""
    names = list(dict.fromkeys(r.hva for r in readers))
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return f"; den leses av {listed}"


def _missing_message(table: RawTable, source: Source, column: str, spec: SourceSpec) -> str:
    """What is missing, what reads it, the closest headers or variables no column takes, and
    the fix."""
    found = closest(source.name, column, table.candidates, spec.aliases)
    alike = [c for c in found if c.score > 0]
    readers = _readers_text(spec.key.get(column, []))
    optional = source.column(column).required == "no"
    if table.import_map is None:
        head, what, plural = "påkrevd kolonne mangler", "overskrift", "overskrifter"
        fix = f"gi overskriften et alias under {source.name} i {spec.alias_file}"
        if optional:
            fix += (
                f", eller skriv «mangler: {{{column}: grunn}}» under {source.name} der "
                "hvis eksporten ikke har spørsmålet"
            )
    else:
        head = f"påkrevd kolonne er ikke knyttet til noen variabel i {table.fil}"
        what, plural = "variabel", "variabler"
        fix = f"knytt kolonnen til en variabel i {table.import_map.name}"
        if optional:
            fix += f", eller skriv «mangler: {{{column}: grunn}}» der hvis eksporten ikke har spørsmålet"
    if alike:
        near = f"nærmeste {plural} uten kolonne: {describe_candidates(alike)}"
    elif found:
        names = ", ".join(f"'{c.name}'" for c in found)
        near = f"ingen {what} uten kolonne ligner (uten kolonne: {names})"
    else:
        near = f"ingen {what} står uten kolonne"
    return f"{head}{readers}; {near}; {fix}"


def declare_missing(table: RawTable, mangler: dict[str, str]) -> list[Problem]:
    """Record the columns an export truly lacks on ``table``; a declared column that the export
    has after all is a problem (the declaration would silently drop its answers)."""
    problems = []
    where = table.import_map.name if table.import_map is not None else table.fil
    for column, reason in mangler.items():
        if column not in table.missing_columns:
            melding = (
                "kolonnen er oppgitt som manglende (mangler), men eksporten har den; "
                "fjern den fra mangler"
            )
            problems.append(Problem(where, None, column, melding, f"mangler.{column}"))
            continue
        table.declared_missing[column] = reason
    return problems


def key_column_problems(table: RawTable, spec: SourceSpec) -> list[Problem]:
    """Missing and entirely blank key columns of one table, all at once.

    The columns found are added to ``table.missing_columns``, so that the cleaner does not
    report each of their rows again.
    """
    source = contract_source(table.source)
    # An import map declares what its export lacks; a contract file, the alias file.
    mangler = dict(table.declared_missing) if table.import_map is not None else spec.mangler
    problems = declare_missing(table, mangler)
    where = table.import_map.name if table.import_map is not None else table.fil
    header_row = None if table.import_map is not None else table.header_row
    for col in source.columns:
        if col.name in table.declared_missing:
            continue
        if col.required == "no" and col.name not in spec.key:
            continue
        conditional = col.required not in ("yes", "no")
        if (
            conditional
            and col.name not in spec.key
            and not applicable_rows(table.data, source, col.name).any()
        ):
            continue  # required only where a condition holds, it holds nowhere, nothing reads it
        if col.name in table.missing_columns:
            if table.variable(col.name):
                continue  # mapped to a variable the export lacks: reported with the map
            melding = _missing_message(table, source, col.name, spec)
            variabel = table.variable(col.name) or None
            problems.append(Problem(where, header_row, col.name, melding, None, variabel))
            continue
        n = int(applicable_rows(table.data, source, col.name).sum())
        # A column required only where a condition holds quarantines each such row instead
        # (and is warned about when blank too often).
        if col.required == "yes" and n and _blank(table.data[col.name]).all():
            melding = f"påkrevd kolonne er tom i alle {n} rader"
            problems.append(
                Problem(table.fil, None, col.name, melding, None, table.variable(col.name) or None)
            )
            table.missing_columns.append(col.name)
    return problems


def blank_share_warnings(
    table: RawTable, max_share: float, spec: SourceSpec | None = None
) -> list[BlankShare]:
    """Key columns blank in more than ``max_share`` of the rows where they apply."""
    source = SOURCES[table.source]
    key = spec.key if spec is not None else key_columns(ALL_RULES)[source.name]
    warnings = []
    for column in (c.name for c in source.columns if c.name in key):
        if column in table.missing_columns or column in BLANK_BY_DESIGN.get(source.name, ()):
            continue  # already an error, declared missing, or blank by design
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
