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
from ..contract import (
    CLEAN_SCHEMAS,
    INTERVJU,
    RADMANN,
    RINGERUNDE,
    SOURCES,
    TEXT_LIST,
    arrow_schema,
)
from ..ingest.reader import RawTable
from ..layout import CLEAN_TABLES
from ..outputs import check_columns, sha256_file, write_csv, write_parquet
from ..runlog import logged
from .cleaner import CleanedSource, Cleaner

log = logging.getLogger(__name__)

QUARANTINE_COLUMNS = ["fil", "rad", "kolonne", "niva", "arsak"]
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
]
MATCH_NOTE_COLUMNS = ["fil", "rad", "kolonne", "skrevet", "enhet_id", "metode", "merknad"]


def quarantine_frame(cleaned: dict[str, CleanedSource], files: dict[str, str]) -> pd.DataFrame:
    rows = [
        {"fil": files[src], "rad": i.rad, "kolonne": i.kolonne, "niva": i.niva, "arsak": i.arsak}
        for src, c in cleaned.items()
        for i in c.issues
    ]
    df = pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)
    df["rad"] = df["rad"].astype("int64")
    return (
        df.sort_values(["fil", "rad", "kolonne", "arsak"]).drop_duplicates().reset_index(drop=True)
    )


def accounting_frame(
    tables: dict[str, RawTable], cleaned: dict[str, CleanedSource]
) -> pd.DataFrame:
    """Rows in = used + merged + quarantined, per raw file; raises if it does not balance."""
    rows = []
    for src, table in tables.items():
        c = cleaned[src]
        row = {
            "kilde": src,
            "fil": table.path.name,
            "format": table.encoding,
            "skilletegn": table.delimiter or "",
            "sha256": sha256_file(table.path),
            "rader_inn": len(table.data),
            "brukt": len(c.table),
            "slatt_sammen": c.merged,
            "karantene": c.quarantined_rows,
            "tomme_rader": table.blank_rows,
            "ignorerte_kolonner": "; ".join(table.ignored_columns),
        }
        if row["rader_inn"] != row["brukt"] + row["slatt_sammen"] + row["karantene"]:
            raise AssertionError(f"radregnskapet for {table.path.name} går ikke opp: {row}")
        rows.append(row)
    return pd.DataFrame(rows, columns=ACCOUNTING_COLUMNS)


def clean_all(
    tables: dict[str, RawTable], ref_dir: Path, fuzzy_threshold: float, fuzzy_margin: float
):
    """Clean all three sources. Returns (cleaned per source, quarantine, accounting, match notes)."""
    cleaner = Cleaner.from_reference(ref_dir, fuzzy_threshold, fuzzy_margin)
    cleaned = {name: cleaner.clean(tables[name]) for name in SOURCES}
    files = {src: t.path.name for src, t in tables.items()}
    quarantine = quarantine_frame(cleaned, files)
    accounting = accounting_frame(tables, cleaned)
    notes = pd.DataFrame(
        [n for c in cleaned.values() for n in c.match_notes], columns=MATCH_NOTE_COLUMNS
    )
    notes = notes.sort_values(["fil", "rad", "kolonne"]).reset_index(drop=True)
    return cleaned, quarantine, accounting, notes


def _typed_for_output(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Cast a cleaned table to its declared schema (``contract.CLEAN_SCHEMAS``)."""
    kinds = CLEAN_SCHEMAS[table]
    check_columns(list(df.columns), arrow_schema(table), CLEAN_TABLES[table])
    out = df[list(kinds)].copy()
    for col, kind in kinds.items():
        if kind == "int64":
            out[col] = out[col].astype("Int64")
        elif kind == "timestamp[us]":
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
        elif kind == "date32":
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]").dt.date
        elif kind == TEXT_LIST:
            out[col] = out[col].map(lambda v: list(v) if isinstance(v, list) else None)
        else:
            out[col] = out[col].astype(pd.StringDtype())
    return out


def write_register(ref_dir: Path, outputs: dict[str, Path]) -> None:
    """Write the register tables the SQL stage joins to (units, kommuner with population)."""
    units = reference.load_enheter(ref_dir)
    kommuner = reference.load_kommuner(ref_dir).merge(
        reference.load_folkemengde(ref_dir), on="kommunenummer", how="left", validate="one_to_one"
    )
    tables = {
        "enheter": units,
        "kommuner": kommuner,
        "kommuneendringer": reference.load_kommuneendringer(ref_dir),
        "fylker_2020": reference.load_fylker_2020(ref_dir),
        "oslo_folkemengde": reference.load_folkemengde_oslo(ref_dir),
    }
    for name, df in tables.items():
        write_parquet(df, outputs[name], arrow_schema(name))


# Every usable questionnaire submission, superseded ones marked (lmsanalyse.layout.CLEAN_TABLES).
SUBMISSIONS = "radmann_innsendinger"
# The cleaned table each source becomes (names of lmsanalyse.layout.CLEAN_TABLES).
CLEANED_TABLE = {
    RADMANN.name: "radmann_svar",
    RINGERUNDE.name: "ringerunde",
    INTERVJU.name: "telefonintervju",
}


def read_sources(
    raw_files: dict[str, Path], header_aliases: Path | None, strict: bool = True
) -> dict[str, RawTable]:
    """Read every source's raw file (the aliases from ``config/header_aliases.yaml``)."""
    from ..config import load_header_aliases
    from ..ingest.reader import read_raw_dir

    aliases = load_header_aliases(header_aliases)
    return read_raw_dir(raw_files, aliases, strict=strict)


@logged
def run_clean(
    raw_files: dict[str, Path],
    reference_dir: Path,
    header_aliases: Path | None,
    matching: dict,
    outputs: dict[str, Path],
) -> pd.DataFrame:
    """The ingest + clean stage: read raw exports, write typed Parquet and the row accounting.

    Args:
        raw_files: the raw file of each source.
        reference_dir: reference directory.
        header_aliases: header alias YAML (None: no aliases).
        matching: ``fuzzy_threshold`` and ``fuzzy_margin`` of the name matching.
        outputs: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).

    Returns:
        The row accounting table.
    """
    tables = read_sources(raw_files, header_aliases)
    cleaned, quarantine, accounting, notes = clean_all(
        tables, reference_dir, matching["fuzzy_threshold"], matching["fuzzy_margin"]
    )
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
    for row in accounting.itertuples():
        log.info(
            "%s: %d inn = %d brukt + %d slått sammen + %d i karantene",
            row.fil,
            row.rader_inn,
            row.brukt,
            row.slatt_sammen,
            row.karantene,
        )
    return accounting
