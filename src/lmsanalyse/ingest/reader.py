"""Ingest: find and read the three raw exports, whatever their format, into text tables.

Reads CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252; ``,`` or ``;``) and XLSX
(first sheet). Every value stays text; typing is ``clean``'s job. Each row keeps its row
number as a spreadsheet user sees it (header = row 1), so that every later message can
point at it. Headers are mapped to contract names (case-insensitive, plus configured
aliases); a missing required column or an unreadable file raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..contract import ROW_COLUMN, SOURCES, Source
from ..problems import InputError, Problem
from ..text import normalise_cell
from .delimited import decode_file, parse_records, read_text, utf8_bytes
from .records import ByteRecords, Coded, ListRecords, plain_mask

Records = ByteRecords | ListRecords

log = logging.getLogger(__name__)

ROW = ROW_COLUMN  # row number column added to every raw table
_SPACES = re.compile(r"\s+")
# Delimiters the contract does not allow but exports use (Excel's "Unicode text" uses tab).
_FOREIGN_DELIMITERS = {"\t": "tabulator", "|": "'|'"}


@dataclass
class LeftOut:
    """A row an import map's ``utelat`` leaves out: counted as quarantined, with its reason."""

    rad: int
    variabel: str
    grunn: str


@dataclass
class RawTable:
    """One raw export read into text.

    Attributes:
        source: contract source name (``radmann_skjema`` …).
        path: the file read (for a survey-tool export: its data file).
        data: one row per non-blank record; contract columns (absent optional ones as
            missing) plus ``_rad``; values are ``str`` or missing.
        encoding: the encoding used (CSV) or ``xlsx``.
        delimiter: the delimiter used (CSV) or None.
        blank_rows: records that were entirely empty (reported, never counted as data).
        ignored_columns: headers (or export variables) that are not read (reported).
        missing_columns: key columns that are absent, or blank in every row; the cleaner
            does not report each of their rows.
        header_problems: problems of the file as a whole (missing or doubled columns …).
        header_row: the row of the header (contract files).
        import_map: the import map the export was read through (None: a contract file).
        import_format: the map's ``format`` (``surveyxact`` …), or "".
        shown_name: the file as messages name it (``radmann/dataset.csv``); default its name.
        files: every file read (the map and each export file), for hashing.
        variables: contract column → the export variable it comes from.
        candidates: headers or export variables not mapped to any column → their text.
        left_out: rows left out by the map's ``utelat``.
        left_out_data: those rows' contract values (the personal-data guard reads them).
        row_issues: rows that cannot be read as the header says (a CSV row with more or
            fewer fields than the header), as (row, column or None, reason); the cleaner
            quarantines them.
        cell_issues: values an import map could not read, as (row, column, reason); the
            cleaner records them like its own value problems.
    """

    source: str
    path: Path
    data: pd.DataFrame
    encoding: str
    delimiter: str | None
    blank_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    header_problems: list[Problem] = field(default_factory=list)
    header_row: int = 1
    import_map: Path | None = None
    import_format: str = ""
    shown_name: str = ""
    files: list[Path] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, str] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)
    left_out_data: pd.DataFrame | None = None
    cell_issues: list[tuple[int, str, str]] = field(default_factory=list)
    row_issues: list[tuple[int, str | None, str]] = field(default_factory=list)

    @property
    def fil(self) -> str:
        """The file as every message and output names it."""
        return self.shown_name or self.path.name

    def variable(self, column: str) -> str:
        """The export variable a contract column comes from ("" for a contract file)."""
        return self.variables.get(column, "")


def normalise_header(text: object) -> str:
    """Header text for matching: normalised, trimmed, case-folded, inner whitespace collapsed."""
    return _SPACES.sub(" ", normalise_cell(text) or "").strip().casefold()


def _first_record(text: str) -> str:
    """The first line with content, the lines as ``str.splitlines`` cuts them.

    Only the start of the text is split (a large file's text is not cut into lines to find
    its header).
    """
    size = 1 << 16
    while True:
        head = text[:size]
        whole = len(head) == len(text)
        lines = head.splitlines()
        # The last line of a part may go on after it.
        for line in lines if whole else lines[:-1]:
            if line.strip():
                return line
        if whole:
            return ""
        size *= 4


def sniff_delimiter(text: str, known_headers: set[str]) -> str:
    """Choose ``;`` or ``,``: the one that splits the header into more contract columns.

    Ties are broken by which character occurs more often in the header line.
    """
    header = _first_record(text)
    best, best_key = ",", (-1, -1)
    for delim in (",", ";"):
        cells = next(csv.reader([header], delimiter=delim), [])
        hits = sum(normalise_header(c) in known_headers for c in cells)
        key = (hits, header.count(delim))
        if key > best_key:
            best, best_key = delim, key
    return best


def _records_csv(path: Path, known_headers: set[str]) -> tuple[list[list[str]], str, str]:
    text, encoding = decode_file(path)
    delimiter = sniff_delimiter(text, known_headers)
    _check_foreign_delimiter(text, delimiter, known_headers, path.name)
    return parse_records(text, delimiter, path.name), encoding, delimiter


def _csv_records(path: Path, known_headers: set[str]) -> tuple[Records, str, str]:
    """A contract CSV file's records: read from its bytes (:class:`.records.ByteRecords`), or
    by ``csv.reader`` when its quotes are not regular (or a quote is never closed)."""
    raw, text, encoding = read_text(path)
    delimiter = sniff_delimiter(text, known_headers)
    _check_foreign_delimiter(text, delimiter, known_headers, path.name)
    data = utf8_bytes(raw, text, encoding)
    del raw, text  # a large file's text is not kept beside its bytes
    records = ByteRecords.parse(data, delimiter)
    if records is None:
        text = data.decode("utf-8")
        return ListRecords(parse_records(text, delimiter, path.name)), encoding, delimiter
    return records, encoding, delimiter


def _check_foreign_delimiter(
    text: str, delimiter: str, known_headers: set[str], filename: str
) -> None:
    """Raise a clear error when the header splits into contract columns only on tab or ``|``.

    Otherwise such a file would be reported as lacking every required column.
    """
    header = _first_record(text)

    def hits(delim: str) -> int:
        cells = next(csv.reader([header], delimiter=delim), [])
        return sum(normalise_header(c) in known_headers for c in cells)

    if hits(delimiter):
        return
    for delim, label in _FOREIGN_DELIMITERS.items():
        if hits(delim):
            melding = f"skilletegnet ser ut til å være {label}; bruk ',' eller ';'"
            raise InputError([Problem(filename, None, None, melding)])


def _cell_text(value: object) -> str | None:
    # Excel gives numbers, dates and booleans; the contract speaks text.
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def visible_sheets(workbook, shown: str) -> list[str]:
    """The workbook's visible worksheets, in order; hidden ones are named in the log.

    A hidden sheet is often an old or helper copy of the data, so it is never read silently.

    Raises:
        InputError: the workbook has no visible worksheet.
    """
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        is_visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
        is_sheet = str(meta.typ).rsplit(".", 1)[-1] == "WorkSheet"
        if is_sheet:
            (visible if is_visible else hidden).append(meta.name)
    if hidden:
        log.warning(
            "%s: skjulte ark blir ikke lest: %s", shown, ", ".join(f"'{n}'" for n in hidden)
        )
    if not visible:
        melding = "arbeidsboken har ingen synlige ark (bare skjulte: " + ", ".join(hidden) + ")"
        raise InputError([Problem(shown, None, None, melding)])
    return visible


def _records_xlsx(path: Path) -> list[list[str | None]]:
    # python-calamine (Rust) reads the saved cell values 50–100 × faster than openpyxl, which
    # matters for large exports; imported here, so only XLSX inputs pay for it.
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged files
        raise InputError([Problem(path.name, None, None, f"kan ikke åpne XLSX: {exc}")]) from exc
    sheets = visible_sheets(wb, path.name)
    rows = wb.get_sheet_by_name(sheets[0]).to_python(skip_empty_area=False)
    if len(sheets) > 1:
        others = ", ".join(f"'{name}'" for name in sheets[1:])
        log.warning(
            "%s: leser bare første synlige ark '%s'; ignorerer %s", path.name, sheets[0], others
        )
    else:
        log.info("%s: leser arket '%s'", path.name, sheets[0])
    records = [[None if v == "" else _cell_text(v) for v in row] for row in rows]
    _warn_blank_formulas(path, records, sheets[0])
    return records


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the XLSX holds a formula (a cheap look at the XML)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = zf.read(name)
                if b"<f>" in data or b"<f " in data:
                    return True
    return False


def _warn_blank_formulas(path: Path, records: list[list[str | None]], sheet: str) -> None:
    """Log the cells that hold a formula but read as blank.

    Excel saves each formula's result, and that is what is read. A file written by a script
    holds only the formula, which reads as blank; without this warning the value would be
    lost without a word. (A formula whose result is the empty text reads as blank too.)
    """
    if not any(v is None for record in records for v in record) or not _has_formulas(path):
        return
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        cells = [
            f"{get_column_letter(j + 1)}{i + 1}"
            for i, row in enumerate(wb[sheet].iter_rows(values_only=True))
            for j, value in enumerate(row)
            if isinstance(value, str)
            and value.startswith("=")
            and i < len(records)
            and j < len(records[i])
            and records[i][j] is None
        ]
    finally:
        wb.close()
    if cells:
        shown = ", ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
        log.warning(
            "%s: %d celle(r) med formel uten lagret resultat leses som tomme (%s); "
            "åpne og lagre filen i Excel",
            path.name,
            len(cells),
            shown,
        )


def map_headers(
    headers: list[str | None],
    source: Source,
    aliases: dict[str, str],
    filename: str,
    strict: bool = True,
    header_row: int = 1,
) -> tuple[dict[int, str], list[str], list[Problem]]:
    """Map header cells to contract columns.

    Missing columns are judged later, on the table (:mod:`lmsanalyse.ingest.keycolumns`).

    Returns:
        ({position: column}, ignored headers, problems). With ``strict`` (the default) a
        problem is raised instead of returned.

    Raises:
        InputError: two headers map to the same column.
    """
    names = {c.name: c.name for c in source.columns}
    lookup = {normalise_header(k): v for k, v in names.items()} | aliases
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for pos, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        target = lookup.get(key)
        if target is None:
            ignored.append(str(header).strip())
        elif target in mapping.values():
            problems.append(Problem(filename, header_row, target, "kolonnen finnes to ganger"))
        else:
            mapping[pos] = target
    if problems and strict:
        raise InputError(problems)
    return mapping, ignored, problems


def text_frame(source: Source, rows, columns: dict[str, list | Coded]) -> pd.DataFrame:
    """A raw table's data: ``_rad`` and every contract column (absent ones as None).

    Every value is normalised here, once, for every reader (:func:`text.normalise_value`):
    what is compared later is the same text however the tool saved it. A column given by
    code (:class:`.records.Coded`) is normalised once per distinct value.
    """
    n = len(rows)
    data = {ROW: np.asarray(rows, dtype=np.int64)} | {
        c.name: _normalised(columns[c.name]) if c.name in columns else np.full(n, None, object)
        for c in source.columns
    }
    frame = pd.DataFrame(data, dtype=object)
    frame[ROW] = frame[ROW].astype("int64")
    return frame


def _normalised(values: list | Coded) -> np.ndarray:
    # Each distinct value is normalised once; exports repeat the same few answers. An empty
    # text stays empty: from an import map it is an answered, empty checkbox list.
    if isinstance(values, Coded):
        texts = list(values.values)
        # A plain text (see records.PLAIN_TEXT) is its own normal form; the others are
        # normalised in Python, each once.
        plain = plain_mask(values.arrow) if values.arrow is not None else None
        for k in range(len(texts)) if plain is None else np.flatnonzero(~plain):
            texts[k] = normalise_cell(texts[k])
        table = np.empty(len(texts) + 1, dtype=object)
        table[:-1] = texts
        return table[values.codes]
    seen: dict = {"": ""}
    out = np.empty(len(values), dtype=object)
    out[:] = [seen[v] if v in seen else seen.setdefault(v, normalise_cell(v)) for v in values]
    return out


def finish_table(table: RawTable, aliases: dict[str, str], strict: bool) -> RawTable:
    """Judge the key columns of a table read (contract file or export) and log what was read.

    Raises:
        InputError: with ``strict``, any problem of the file as a whole.
    """
    from .keycolumns import key_column_problems

    table.header_problems += key_column_problems(table, aliases)
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
    path: Path, source_name: str, aliases: dict[str, str] | None = None, strict: bool = True
) -> RawTable:
    """Read one raw export into a :class:`RawTable`.

    Args:
        path: the CSV or XLSX file, or an import map (``<source>.import.yaml``).
        source_name: contract source (``radmann_skjema``, ``ringerunde_logg``, ``telefonintervju``).
        aliases: header text → contract column, for this source.
        strict: raise on a missing or doubled column (the run); when False the problems are
            recorded on the table and the rest is read (``validate`` lists everything at once).

    Raises:
        InputError: the file is missing, empty, unreadable or lacks a required column.
        ConfigError: an import map breaks its schema.
    """
    path = Path(path)
    source = SOURCES[source_name]
    aliases = {normalise_header(k): v for k, v in (aliases or {}).items()}
    if path.name.endswith(".import.yaml"):
        from .importmap import read_mapped

        return finish_table(read_mapped(path, source_name), aliases, strict)
    known = {normalise_header(c.name) for c in source.columns} | set(aliases)
    if not path.exists():
        raise InputError([Problem(path.name, None, None, "filen finnes ikke")])
    records: Records
    if path.suffix.lower() == ".xlsx":
        records, encoding, delimiter = ListRecords(_records_xlsx(path)), "xlsx", None
    elif path.suffix.lower() == ".csv":
        records, encoding, delimiter = _csv_records(path, known)
    else:
        raise InputError([Problem(path.name, None, None, "ukjent filtype; bruk .csv eller .xlsx")])

    # The header is the first non-blank record; rows count from the file's first line.
    first = records.header_index
    if first is None:
        raise InputError([Problem(path.name, None, None, "filen er tom (ingen overskriftsrad)")])
    mapping, ignored, header_problems = map_headers(
        records.header, source, aliases, path.name, strict, header_row=first + 1
    )

    # Column by column: the rows with content after the header, then each mapped column.
    records.keep(list(mapping))
    blank = records.blank_rows
    # A CSV row whose fields do not line up with the header (too few, or content after its
    # last column) cannot be read safely: a delimiter missing or added moves every later
    # value into the wrong column. It is quarantined, never read shifted. Empty fields after
    # the last column (a trailing delimiter) change nothing and are accepted.
    row_issues = records.field_count_issues() if delimiter else []
    columns = {col: records.column(pos) for pos, col in mapping.items()}
    data = text_frame(source, records.row_numbers, columns)
    absent = [c.name for c in source.columns if c.required != "no" and c.name not in columns]
    unmapped = {str(h).strip(): str(h).strip() for h in ignored}
    table = RawTable(
        source_name,
        path,
        data,
        encoding,
        delimiter,
        blank,
        ignored,
        absent,
        header_problems,
        header_row=first + 1,
        files=[path],
        candidates=unmapped,
        row_issues=row_issues,
    )
    return finish_table(table, aliases, strict)


def read_raw_dir(
    raw_files: dict[str, Path],
    aliases: dict[str, dict[str, str]] | None = None,
    strict: bool = True,
) -> dict[str, RawTable]:
    """Read the raw export of every source, collecting every file-level problem first.

    Args:
        raw_files: the file of each source (:func:`lmsanalyse.ingest.sources.find_raw_files`).
        aliases: per source, header text → contract column (``config/header_aliases.yaml``).
        strict: see :func:`read_raw_table`.
    """
    aliases = aliases or {}
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name in SOURCES:
        try:
            tables[name] = read_raw_table(raw_files[name], name, aliases.get(name, {}), strict)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return tables
