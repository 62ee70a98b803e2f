"""Delimited text files as the tools write them: decoding, the delimiter, the records.

Shared by the contract reader and the survey-tool readers, so that every CSV is decoded the
same way and a quote left open is reported the same way.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..problems import InputError, Problem
from ..text import decode_bytes
from .raw_table import normalise_header

# A private-use character appended as a last record to detect a quote left open.
_SENTINEL = "\ue000"
# Delimiters the contract does not allow but exports use (Excel's "Unicode text" uses tab).
_FOREIGN_DELIMITERS = {"\t": "tabulator", "|": "'|'"}


def decode_file(path: Path, shown: str | None = None) -> tuple[str, str]:
    """A text file's text and encoding (UTF-8 with or without BOM, UTF-16 with BOM, cp1252).

    Raises:
        InputError: UTF-16 without a BOM, binary content, or a BOM the bytes do not follow.
    """
    _, text, encoding = read_text(path, shown)
    return text, encoding


def utf8_bytes(raw: bytes, text: str, encoding: str) -> bytes:
    """The text of a file read by :func:`read_text` as UTF-8 bytes (for a UTF-8 file: its own)."""
    if encoding == "utf-8":
        return raw
    if encoding == "utf-8-sig":
        return raw[3:]
    return text.encode("utf-8")


def read_text(path: Path, shown: str | None = None) -> tuple[bytes, str, str]:
    """A text file's bytes, text and encoding (see :func:`decode_file`)."""
    name = shown or Path(path).name
    raw = Path(path).read_bytes()
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 without a BOM has a NUL beside every ASCII character; say so, not "binary".
        utf16 = max(raw[0::2].count(0), raw[1::2].count(0)) > len(raw) // 4
        melding = (
            "filen ser ut som UTF-16 uten BOM; lagre den som CSV UTF-8"
            if utf16
            else "filen ser ut som binær (NUL-tegn), ikke CSV"
        )
        raise InputError([Problem(name, None, None, melding)])
    try:
        return (raw, *decode_bytes(raw))
    except UnicodeDecodeError as exc:
        enc = "UTF-16" if "16" in exc.encoding else "UTF-8"
        melding = f"filen er merket som {enc} (BOM), men er ikke gyldig {enc}; lagre den på nytt"
        raise InputError([Problem(name, None, None, melding)]) from exc


def parse_records(text: str, delimiter: str, shown: str) -> list[list[str]]:
    """Every record of a delimited text (quoted fields may hold delimiters and line breaks).

    Raises:
        InputError: the text cannot be parsed, or a quote is opened and never closed.
    """
    # The csv module's default field limit (128 KB) would stop a long free-text cell.
    csv.field_size_limit(max(csv.field_size_limit(), min(len(text) + 1, 2**31 - 1)))
    # A quote that is opened but never closed makes the reader swallow the rest of the file
    # into one cell, silently; a sentinel record after the text shows whether that happened.
    ending = "" if not text or text.endswith(("\n", "\r")) else "\n"
    reader = csv.reader(
        io.StringIO(text + ending + _SENTINEL, newline=""), delimiter=delimiter, strict=False
    )
    try:
        records = [list(r) for r in reader]
    except csv.Error as exc:
        raise InputError(
            [Problem(shown, reader.line_num, None, f"kan ikke lese CSV: {exc}")]
        ) from exc
    if records and records[-1] == [_SENTINEL]:
        records.pop()
        return records
    melding = 'et anførselstegn (") åpnes, men lukkes aldri; resten av filen blir én celle'
    raise InputError([Problem(shown, len(records), None, melding)])


def sniff_by_shape(text: str, candidates: tuple[str, ...] = ("\t", ";", ",")) -> str:
    """The delimiter that splits the first lines into the most fields, most consistently.

    For files whose header is not known in advance (survey-tool exports, label files
    without a header row). Quoted fields are respected.
    """
    lines = [line for line in text.splitlines()[:50] if line.strip()][:20]
    best, best_key = candidates[0], (-1.0, -1)
    for delim in candidates:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        share = counts.count(mode) / len(counts)
        key = (share if mode > 1 else 0.0, mode)
        if key > best_key:
            best, best_key = delim, key
    return best


def is_blank(record: list) -> bool:
    """A record with no visible content (its cells are text; anything else counts as content)."""
    return not any(
        c is not None and not (isinstance(c, str) and (not c or c.isspace())) for c in record
    )


def first_record(text: str) -> str:
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
    header = first_record(text)
    best, best_key = ",", (-1, -1)
    for delim in (",", ";"):
        cells = next(csv.reader([header], delimiter=delim), [])
        hits = sum(normalise_header(c) in known_headers for c in cells)
        key = (hits, header.count(delim))
        if key > best_key:
            best, best_key = delim, key
    return best


def check_foreign_delimiter(
    text: str, delimiter: str, known_headers: set[str], filename: str
) -> None:
    """Raise a clear error when the header splits into contract columns only on tab or ``|``.

    Otherwise such a file would be reported as lacking every required column.
    """
    header = first_record(text)

    def hits(delim: str) -> int:
        cells = next(csv.reader([header], delimiter=delim), [])
        return sum(normalise_header(c) in known_headers for c in cells)

    if hits(delimiter):
        return
    for delim, label in _FOREIGN_DELIMITERS.items():
        if hits(delim):
            melding = f"skilletegnet ser ut til å være {label}; bruk ',' eller ';'"
            raise InputError([Problem(filename, None, None, melding)])


def csv_records(path: Path, known_headers: set[str]) -> tuple[list[list[str]], str, str]:
    text, encoding = decode_file(path)
    delimiter = sniff_delimiter(text, known_headers)
    check_foreign_delimiter(text, delimiter, known_headers, path.name)
    return parse_records(text, delimiter, path.name), encoding, delimiter
