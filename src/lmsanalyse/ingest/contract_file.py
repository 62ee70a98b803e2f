"""The contract's own file shape: a CSV or XLSX whose header names the contract columns
(case-insensitive, plus configured aliases), read into a :class:`.raw_table.RawTable`.

A CSV file whose quotes are regular is cut into records from its bytes
(:class:`.records.ByteRecords`); any other CSV, and XLSX, through ``csv.reader`` or the
workbook reader (:class:`.records.ListRecords`). Headers are mapped to contract columns; a
doubled column is a problem of the file; missing columns are judged on top
(:mod:`.keycolumns`).
"""

from __future__ import annotations

from pathlib import Path

from ..contract import SOURCES, Source
from ..problems import InputError, Problem
from .delimited import (
    check_foreign_delimiter,
    parse_records,
    read_text,
    sniff_delimiter,
    utf8_bytes,
)
from .raw_table import RawTable, normalise_header, text_frame
from .records import ByteRecords, ListRecords
from .xlsx_reader import first_sheet_records

Records = ByteRecords | ListRecords


def _byte_records(path: Path, known_headers: set[str]) -> tuple[Records, str, str]:
    """A contract CSV file's records: read from its bytes (:class:`.records.ByteRecords`), or
    by ``csv.reader`` when its quotes are not regular (or a quote is never closed)."""
    raw, text, encoding = read_text(path)
    delimiter = sniff_delimiter(text, known_headers)
    check_foreign_delimiter(text, delimiter, known_headers, path.name)
    data = utf8_bytes(raw, text, encoding)
    del raw, text  # a large file's text is not kept beside its bytes
    records = ByteRecords.parse(data, delimiter)
    if records is None:
        text = data.decode("utf-8")
        return ListRecords(parse_records(text, delimiter, path.name)), encoding, delimiter
    return records, encoding, delimiter


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


def read_contract_file(
    path: Path, source_name: str, aliases: dict[str, str], strict: bool = True
) -> RawTable:
    """A contract-shaped CSV or XLSX file as a :class:`RawTable` (its key columns not yet judged).

    Args:
        path: the file.
        source_name: contract source.
        aliases: normalised header text → contract column, for this source.
        strict: raise on a doubled column; when False it is recorded on the table.

    Raises:
        InputError: the file is missing, empty, unreadable or of another type.
    """
    source = SOURCES[source_name]
    known = {normalise_header(c.name) for c in source.columns} | set(aliases)
    if not path.exists():
        raise InputError([Problem(path.name, None, None, "filen finnes ikke")])
    records: Records
    if path.suffix.lower() == ".xlsx":
        records, encoding, delimiter = ListRecords(first_sheet_records(path)), "xlsx", None
    elif path.suffix.lower() == ".csv":
        records, encoding, delimiter = _byte_records(path, known)
    else:
        raise InputError([Problem(path.name, None, None, "ukjent filtype; bruk .csv eller .xlsx")])

    # The header is the first non-blank record; rows count from the file's first line.
    first = records.header_index
    if first is None:
        raise InputError([Problem(path.name, None, None, "filen er tom (ingen overskriftsrad)")])
    mapping, ignored, header_problems = map_headers(
        records.header, source, aliases, path.name, strict, header_row=first + 1
    )
    headers = {col: str(records.header[pos]).strip() for pos, col in mapping.items()}

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
    absent = [c.name for c in source.columns if c.name not in columns]
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
        headers=headers,
    )
    return table
