"""The clean stage: read the raw exports, clean them, write typed Parquet and the accounting.

Every raw row ends up in exactly one of three places, which ``row_accounting.csv`` counts:

* ``brukt`` (used): it is in the cleaned table;
* ``slått sammen`` (merged): it is an earlier or identical copy of a used row
  (a corrected questionnaire submission, a repeated call-log line);
* ``karantene`` (quarantined): it cannot be used as it is; ``quarantine.csv`` says why,
  naming file, row and column.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .. import reference
from ..columns_read import ALL_RULES
from ..contract import (
    CLEAN_SCHEMAS,
    CLEAN_TABLES,
    SOURCES,
    TEXT_LIST,
    arrow_schema,
)
from ..ingest.keycolumns import (
    ALIAS_FILE,
    DEFAULT_MAX_BLANK_SHARE,
    SourceSpec,
    blank_share_warnings,
    source_specs,
)
from ..ingest.raw_table import RawTable
from ..outputs import check_columns, sha256_file, write_csv, write_parquet
from ..problems import Message
from ..runlog import logged
from .cleaner import Cleaner
from .issues import MATCH_NOTE_FIELDS, ROW_LEVEL, CleanedSource

log = logging.getLogger(__name__)

QUARANTINE_COLUMNS = [
    "fil",
    "rad",
    "kolonne",
    "niva",
    "arsak",
    "variabel",
    "enhet_id",
    "tjeneste_id",
    "kode",
]
ACCOUNTING_COLUMNS = [
    "kilde",
    "fil",
    "format",
    "skilletegn",
    "sha256",
    "rader_inn",
    "brukt",
    "slatt_sammen",
    "karantene",
    "tomme_rader",
    "ignorerte_kolonner",
    "importkart",
    "importformat",
    "utelatt",
    "variabler",
]
# The file's columns: the notes' fields, with the export variable a name was read from
# before the score.
MATCH_NOTE_COLUMNS = [f for f in MATCH_NOTE_FIELDS if f != "likhet"] + ["variabel", "likhet"]
WARNING_COLUMNS = [
    "kilde",
    "fil",
    "kolonne",
    "variabel",
    "tomme",
    "rader",
    "andel",
    "grense",
    "gjelder",
    "melding",
]
MISSING_COLUMNS = ["kilde", "fil", "kolonne", "grunn", "oppgitt_i", "leses_av", "virkning"]
LEFT_OUT_REASON = "utelatt etter {etter}: {grunn}"


def quarantine_frame(
    cleaned: dict[str, CleanedSource],
    tables: dict[str, RawTable | str],
    is_known=lambda text: False,
) -> pd.DataFrame:
    """Every quarantined row or value, and every row an import map leaves out.

    Each reason is its message masked (:meth:`lmsanalyse.problems.Message.masked`): a value
    that could not be read may be free text a person typed (a name in the unit column, a
    note in an answer), so the outputs give its length; ``validate`` shows the value itself.

    Args:
        cleaned: the cleaned sources.
        tables: each source's raw table (or just its file name).
        is_known: whether a text is a known name or answer (no free text).
    """
    known = {src: t for src, t in tables.items() if isinstance(t, RawTable)}

    def fil(src: str) -> str:
        return known[src].fil if src in known else str(tables[src])

    # Each message is masked once, each column's variable looked up once.
    masked: dict[Message, str] = {}
    variables: dict[tuple[str, str | None], str] = {}

    def variable(src: str, kolonne: str | None) -> str:
        key = (src, kolonne)
        if key not in variables:
            variables[key] = known[src].variable(kolonne) if src in known else ""
        return variables[key]

    rows = []
    for src, c in cleaned.items():
        for i in c.issues:
            unit, service = c.entities.get(i.rad, (None, None))
            if i.arsak not in masked:
                masked[i.arsak] = i.arsak.masked(is_known)
            rows.append(
                {
                    "fil": fil(src),
                    "rad": i.rad,
                    "kolonne": i.kolonne,
                    "niva": i.niva,
                    "arsak": masked[i.arsak],
                    "variabel": variable(src, i.kolonne),
                    "enhet_id": unit,
                    "tjeneste_id": service,
                    "kode": i.arsak.kode,
                }
            )
    rows += [
        {
            "fil": t.fil,
            "rad": out.rad,
            "kolonne": "",
            "niva": ROW_LEVEL,
            "arsak": LEFT_OUT_REASON.format(etter=out.etter, grunn=out.grunn),
            "variabel": out.variabel,
            "kode": "utelatt",
        }
        for t in known.values()
        for out in t.left_out
    ]
    df = pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)
    df["rad"] = df["rad"].astype("int64")
    return (
        df.sort_values(["fil", "rad", "kolonne", "arsak"]).drop_duplicates().reset_index(drop=True)
    )


def _variables(table: RawTable) -> str:
    """``kolonne=variabel`` pairs of a mapped export, in contract order ("" for a contract file)."""
    return "; ".join(f"{c}={v}" for c, v in table.variables.items())


def accounting_frame(
    tables: dict[str, RawTable], cleaned: dict[str, CleanedSource]
) -> pd.DataFrame:
    """Rows in = used + merged + quarantined, per raw file; raises if it does not balance.

    Rows an import map leaves out (``utelat``) are rows in and quarantined (``utelatt``
    says how many of them).
    """
    rows = []
    for src, table in tables.items():
        c = cleaned[src]
        left_out = len(table.left_out)
        row = {
            "kilde": src,
            "fil": table.fil,
            "format": table.encoding,
            # A tab is written as its name: a cell starting with one reads as a formula.
            "skilletegn": {"\t": "tabulator"}.get(table.delimiter or "", table.delimiter or ""),
            "sha256": sha256_file(table.path),
            "rader_inn": len(table.data) + left_out,
            "brukt": len(c.table),
            "slatt_sammen": c.merged,
            "karantene": c.quarantined_rows + left_out,
            "tomme_rader": table.blank_rows,
            "ignorerte_kolonner": "; ".join(table.ignored_columns),
            "importkart": table.import_map.name if table.import_map else "",
            "importformat": table.import_format,
            "utelatt": left_out,
            "variabler": _variables(table),
        }
        if row["rader_inn"] != row["brukt"] + row["slatt_sammen"] + row["karantene"]:
            raise AssertionError(f"radregnskapet for {table.fil} går ikke opp: {row}")
        rows.append(row)
    return pd.DataFrame(rows, columns=ACCOUNTING_COLUMNS)


def warnings_frame(
    tables: dict[str, RawTable], max_blank_share: float, specs: dict[str, SourceSpec] | None = None
) -> pd.DataFrame:
    """``advarsler.csv``: every column the run reads that is blank too often."""

    rows = [
        {
            "kilde": w.kilde,
            "fil": w.fil,
            "kolonne": w.kolonne,
            "variabel": w.variabel,
            "tomme": w.tomme,
            "rader": w.rader,
            "andel": round(w.andel, 4),
            "grense": w.grense,
            "gjelder": w.gjelder,
            "melding": w.melding,
        }
        for src, t in tables.items()
        for w in blank_share_warnings(t, max_blank_share, (specs or {}).get(src))
    ]
    return pd.DataFrame(rows, columns=WARNING_COLUMNS)


def clean_all(
    tables: dict[str, RawTable],
    ref_dir: reference.RegisterLike,
    fuzzy_threshold: float,
    fuzzy_margin: float,
):
    """Clean all three sources. Returns (cleaned per source, quarantine, accounting, match notes)."""
    cleaner = Cleaner.from_reference(ref_dir, fuzzy_threshold, fuzzy_margin)
    cleaned = {name: cleaner.clean(tables[name]) for name in SOURCES}
    quarantine = quarantine_frame(cleaned, tables, cleaner.is_known_text)
    accounting = accounting_frame(tables, cleaned)
    by_file = {t.fil: t for t in tables.values()}
    parts = [c.match_notes for c in cleaned.values() if len(c.match_notes)]
    if parts:
        notes = pd.concat(parts, ignore_index=True)
        # The variable of each (file, column), looked up once per pair.
        pairs = notes[["fil", "kolonne"]].drop_duplicates()
        variables = {
            (f, k): by_file[f].variable(k)
            for f, k in zip(pairs["fil"], pairs["kolonne"], strict=True)
        }
        index = pd.MultiIndex.from_frame(notes[["fil", "kolonne"]])
        names = pd.Series(list(variables.values()), index=pd.MultiIndex.from_tuples(variables))
        notes["variabel"] = names.reindex(index).to_numpy(dtype=object)
        notes = notes[MATCH_NOTE_COLUMNS]
    else:
        notes = pd.DataFrame([], columns=MATCH_NOTE_COLUMNS)
    notes = notes.sort_values(["fil", "rad", "kolonne"]).reset_index(drop=True)
    notes["likhet"] = pd.array(notes["likhet"], dtype="Int64")  # a whole number, or blank
    return cleaned, quarantine, accounting, notes


def _typed_for_output(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Cast a cleaned table to its declared schema (``contract.CLEAN_SCHEMAS``)."""
    kinds = CLEAN_SCHEMAS[table]
    check_columns(list(df.columns), arrow_schema(table), CLEAN_TABLES[table].file)
    out = df[list(kinds)].copy()
    for col, kind in kinds.items():
        if kind == "int64":
            out[col] = out[col].astype("Int64")
        elif kind == "timestamp[us]":
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
        elif kind == "date32":
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]").dt.date
        elif kind == TEXT_LIST:
            # Built as an object column: an empty or all-missing column must not become float.
            values = [list(v) if isinstance(v, list) else None for v in out[col]]
            out[col] = pd.Series(values, index=out.index, dtype=object)
        else:
            out[col] = out[col].astype(pd.StringDtype())
    return out


def write_register(register: reference.RegisterLike, outputs: dict[str, Path]) -> None:
    """Write the register tables the SQL stage joins to (units, kommuner with population).

    Args:
        register: the configured register (:class:`lmsanalyse.reference.Register`), or a
            folder with the default 2014 register.
        outputs: the clean stage's files by name.
    """
    units = reference.load_enheter(register)
    kommuner = reference.load_kommuner(register).merge(
        reference.load_folkemengde(register), on="kommunenummer", how="left", validate="one_to_one"
    )
    tables = {
        "enheter": units,
        "kommuner": kommuner,
        "kommuneendringer": reference.load_kommuneendringer(register),
        "fylker_2020": reference.load_fylker_2020(register),
        "oslo_folkemengde": reference.load_folkemengde_oslo(register),
    }
    for name, df in tables.items():
        write_parquet(df, outputs[name], arrow_schema(name))


# Every usable questionnaire submission, superseded ones marked (lmsanalyse.contract.CLEAN_TABLES).
SUBMISSIONS = "radmann_innsendinger"
# The cleaned table each source becomes (declared in lmsanalyse.contract.CLEAN_TABLES).
CLEANED_TABLE = {t.source: name for name, t in CLEAN_TABLES.items() if t.source}


def run_specs(
    header_aliases: Path | None, rules: tuple[str, ...] = ALL_RULES
) -> dict[str, SourceSpec]:
    """How a run reads each source: the aliases and declared missing columns of the alias
    file, and the key columns of the rules its definitions use."""
    from ..config import (
        load_declared_missing,
        load_header_aliases,
        load_left_out_rules,
        shown_config_path,
    )

    shown = shown_config_path(header_aliases) if header_aliases is not None else ALIAS_FILE
    return source_specs(
        load_header_aliases(header_aliases),
        rules,
        load_declared_missing(header_aliases),
        shown,
        load_left_out_rules(header_aliases),
    )


def read_sources(
    raw_files: dict[str, Path],
    header_aliases: Path | None,
    strict: bool = True,
    rules: tuple[str, ...] = ALL_RULES,
) -> dict[str, RawTable]:
    """Read every source's raw file as a run whose definitions use ``rules`` reads it."""
    from ..ingest.reader import read_raw_dir

    return read_raw_dir(raw_files, run_specs(header_aliases, rules), strict=strict)


def missing_columns_frame(
    tables: dict[str, RawTable], specs: dict[str, SourceSpec]
) -> pd.DataFrame:
    """``manglende_kolonner.csv``: every column an export truly lacks, with what reads it."""
    rows = []
    for src, table in tables.items():
        where = table.import_map.name if table.import_map is not None else specs[src].alias_file
        for column, reason in table.declared_missing.items():
            readers = specs[src].key.get(column, [])
            rows.append(
                {
                    "kilde": src,
                    "fil": table.fil,
                    "kolonne": column,
                    "grunn": reason,
                    "oppgitt_i": where,
                    "leses_av": "; ".join(dict.fromkeys(r.hva for r in readers)),
                    "virkning": "; ".join(dict.fromkeys(r.virkning for r in readers)),
                }
            )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


@logged
def run_clean(
    raw_files: dict[str, Path],
    reference_dir: reference.RegisterLike,
    header_aliases: Path | None,
    matching: dict,
    outputs: dict[str, Path],
    quality: dict | None = None,
    rules: tuple[str, ...] = ALL_RULES,
) -> pd.DataFrame:
    """The ingest + clean stage: read raw exports, write typed Parquet and the row accounting.

    Args:
        raw_files: the raw file (or import map) of each source.
        reference_dir: the register (config ``register``, :class:`lmsanalyse.reference.Register`),
            or a folder with the default 2014 register.
        header_aliases: header alias YAML (None: no aliases).
        matching: ``fuzzy_threshold`` and ``fuzzy_margin`` of the name matching.
        outputs: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).
        quality: ``maks_andel_tomme``, the blank share above which a column the
            definitions read is warned about (config ``kvalitet``; default 25 %).
        rules: the rules the run's definitions use (what the run reads depends on them:
            :mod:`lmsanalyse.columns_read`).

    Returns:
        The row accounting table.
    """
    specs = run_specs(header_aliases, rules)
    from ..ingest.reader import read_raw_dir

    tables = read_raw_dir(raw_files, specs)
    cleaned, quarantine, accounting, notes = clean_all(
        tables, reference_dir, matching["fuzzy_threshold"], matching["fuzzy_margin"]
    )
    max_blank = (quality or {}).get("maks_andel_tomme", DEFAULT_MAX_BLANK_SHARE)
    warnings = warnings_frame(tables, max_blank, specs)
    for src, c in cleaned.items():
        name = CLEANED_TABLE[src]
        write_parquet(_typed_for_output(c.table, name), outputs[name], arrow_schema(name))
        if c.submissions is not None:  # every usable submission, for explain
            subs = _typed_for_output(c.submissions, SUBMISSIONS)
            write_parquet(subs, outputs[SUBMISSIONS], arrow_schema(SUBMISSIONS))
    write_register(reference_dir, outputs)
    write_csv(quarantine, outputs["quarantine"])
    write_csv(accounting, outputs["row_accounting"])
    write_csv(notes, outputs["navnetolkning"])
    write_csv(warnings, outputs["advarsler"])
    write_csv(missing_columns_frame(tables, specs), outputs["manglende_kolonner"])
    for row in accounting.itertuples():
        log.info(
            "%s: %d inn = %d brukt + %d slått sammen + %d i karantene",
            row.fil,
            row.rader_inn,
            row.brukt,
            row.slatt_sammen,
            row.karantene,
        )
    for w in warnings.itertuples():
        log.warning("%s, kolonne '%s': %s", w.fil, w.kolonne, w.melding)
    return accounting
