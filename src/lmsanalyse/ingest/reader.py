"""The top of ingest: read each source's raw export, whatever its shape, into a
:class:`.raw_table.RawTable`, and judge its key columns.

A source is a contract-shaped CSV/XLSX (:mod:`.contract_file`) or a survey-tool export read
through its import map: the format's reader (:data:`READERS`) turns the files into an
:class:`.export.Export`, and :mod:`.importmap` applies the map. Both become the same
:class:`RawTable`, whose key columns :mod:`.keycolumns` judges; a missing key column or an
unreadable file raises :class:`InputError`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import load_import_map
from ..contract import SOURCES
from ..problems import InputError, Problem
from .contract_file import read_contract_file
from .importmap import apply_import_map
from .keycolumns import SourceSpec, key_column_problems
from .nettskjema import read_nettskjema
from .raw_table import RawTable, leave_out, normalise_header
from .sources import is_import_map
from .spss import read_spss
from .surveyxact import read_surveyxact
from .tabell import read_tabell

log = logging.getLogger(__name__)

# Each import-map format's reader: the map → the export as read (:class:`.export.Export`).
READERS = {
    "surveyxact": read_surveyxact,
    "nettskjema": read_nettskjema,
    "tabell": read_tabell,
    "spss": read_spss,
}


def read_mapped(path: Path, source_name: str) -> RawTable:
    """The export behind an import map, read by its format's reader and mapped (its key
    columns not yet judged).

    Raises:
        ConfigError: the map breaks its schema or names files that are not there.
        InputError: an export file cannot be read.
    """
    m = load_import_map(path)
    return apply_import_map(m, READERS[m.format](m), source_name)


def _spec(spec: SourceSpec | dict | None) -> SourceSpec:
    """A source's spec. A plain dict is header aliases alone: without a run, the key columns
    are the contract's required ones (a run passes what it reads: ``clean.clean_stage.run_specs``)."""
    return spec if isinstance(spec, SourceSpec) else SourceSpec(dict(spec or {}))


def finish_table(table: RawTable, spec: SourceSpec, strict: bool) -> RawTable:
    """Judge the key columns of a table read (contract file or export) and log what was read.

    Raises:
        InputError: with ``strict``, any problem of the file as a whole.
    """
    table.utelat_hint = (
        f"i {table.import_map.name}"
        if table.import_map is not None
        else f"under {table.source} i {spec.alias_file}"
    )
    table.header_problems += key_column_problems(table, spec)
    if table.header_problems and strict:
        raise InputError(table.header_problems)
    if table.ignored_columns:
        what = (
            "variabler som ikke er i importkartet"
            if table.import_map
            else "kolonner som ikke er i kontrakten"
        )
        log.info("%s: ignorerer %s: %s", table.fil, what, ", ".join(table.ignored_columns))
    log.info(
        "%s: %d rader lest (%s, skilletegn %r), %d tomme rader",
        table.fil,
        len(table.data),
        table.encoding,
        table.delimiter,
        table.blank_rows,
    )
    return table


def read_raw_table(
    path: Path, source_name: str, spec: SourceSpec | dict | None = None, strict: bool = True
) -> RawTable:
    """Read one raw export into a :class:`RawTable`.

    Args:
        path: the CSV or XLSX file, or an import map (``<source>.import.yaml``).
        source_name: contract source (``radmann_skjema``, ``ringerunde_logg``, ``telefonintervju``).
        spec: how the run reads the source (:class:`.keycolumns.SourceSpec`: aliases, key
            columns, declared missing ones); a dict is header aliases alone, and then only
            the contract's required columns are key.
        strict: raise on a missing or doubled column (the run); when False the problems are
            recorded on the table and the rest is read (``validate`` lists everything at once).

    Raises:
        InputError: the file is missing, empty, unreadable or lacks a key column.
        ConfigError: an import map breaks its schema.
    """
    path = Path(path)
    spec = _spec(spec)
    aliases = {normalise_header(k): v for k, v in spec.aliases.items()}
    if is_import_map(path):
        table = read_mapped(path, source_name)
    else:
        table = read_contract_file(path, source_name, aliases, strict)
        leave_out(table, spec.utelat, spec.alias_file)
    return finish_table(table, spec, strict)


def read_raw_dir(
    raw_files: dict[str, Path],
    specs: dict[str, SourceSpec] | dict[str, dict[str, str]] | None = None,
    strict: bool = True,
) -> dict[str, RawTable]:
    """Read the raw export of every source, collecting every file-level problem first.

    Args:
        raw_files: the file of each source (:func:`lmsanalyse.ingest.sources.find_raw_files`).
        specs: per source, how the run reads it (:func:`.keycolumns.source_specs`), or just
            the header aliases (``config/header_aliases.yaml``).
        strict: see :func:`read_raw_table`.
    """
    specs = specs or {}
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name in SOURCES:
        try:
            tables[name] = read_raw_table(raw_files[name], name, specs.get(name), strict)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return tables
