"""A raw file's records as the contract reader uses them: the header, then the rows as columns.

Two ways to get there, with the same result:

* :class:`ByteRecords` reads a CSV file's UTF-8 bytes without a Python loop over its rows.
  numpy finds where every record and field starts and ends (quotes respected), each column's
  values are cut out of the bytes as one Arrow string array and dictionary-encoded, so that
  everything done to a value later (whitespace, unquoting, normalisation, parsing) is done
  once per distinct value. A call log of a million rows is read this way.
* :class:`ListRecords` takes the records as lists (``csv.reader``'s, or an XLSX sheet's), for
  the workbooks and for the few CSV files the byte reader does not take.

``csv.reader`` (``strict=False``) is the definition of what a CSV file holds: the byte
reader takes a file only when its quotes are *regular* — every quote opens a field, closes
one, or is a doubled quote inside a quoted field — since then a character is inside a
quoted field exactly when an odd number of quotes comes before it, and its records are the
ones ``csv.reader`` gives (``tests/test_records.py`` checks both readers against each other).
A quote inside an unquoted field (``5" skjerm``), text after a closing quote, or a quote
that is never closed sends the file to ``csv.reader``, which reads it, or reports it, as
before. Records end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as for ``csv.reader`` over
``io.StringIO(text, newline="")``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

_QUOTE, _LF, _CR = 34, 10, 13


@dataclass
class Coded:
    """One column's values by code: row ``i`` holds ``values[codes[i]]``, or nothing if < 0.

    ``values`` are the distinct texts as the file holds them (unquoted), none of them blank;
    ``arrow`` is the same texts as an Arrow array, when the reader has them so (the reader's
    normalisation then judges them all at once).
    """

    codes: np.ndarray
    values: list[str]
    arrow: object = None

    def __len__(self) -> int:
        return len(self.codes)

    def tolist(self) -> list[str | None]:
        """The values row by row (for small tables and tests)."""
        table = np.array([*self.values, None], dtype=object)
        return table[self.codes].tolist()


# A text of these characters only, with no space at either end, is one that
# ``text.normalise_value`` returns unchanged: printable ASCII and Latin-1's letters
# (U+00C0-U+00FF) are each in NFC with combining class 0, so a text of them is in NFC, and
# none is a line break, a control or format character, or a space other than U+0020
# (``tests/test_records.py`` checks every one of them).
_PLAIN_CHARS = "\\x20-\\x7e\\x{c0}-\\x{ff}"
PLAIN_TEXT = f"^[{_PLAIN_CHARS}]*$"
_EDGE_SPACE = "^ | $"
# A text with a printable non-space ASCII character is not whitespace only.
_VISIBLE_ASCII = "[!-~]"


def plain_mask(arrow) -> np.ndarray:
    """Which texts of an Arrow string array :func:`text.normalise_value` leaves as they are."""
    import pyarrow.compute as pc

    plain = pc.and_(
        pc.match_substring_regex(arrow, PLAIN_TEXT),
        pc.invert(pc.match_substring_regex(arrow, _EDGE_SPACE)),
    )
    return plain.to_numpy(zero_copy_only=False) & (pc.utf8_length(arrow).to_numpy() > 0)


def visible(value: str | None) -> bool:
    """A cell with content: not empty, and not whitespace only (as the reader always judged)."""
    return bool(value) and not value.isspace()


def is_blank_record(record: list) -> bool:
    """A record with no visible content in any field."""
    return not any(visible(c) for c in record)


class ListRecords:
    """Records given as lists (an XLSX sheet, or ``csv.reader``'s records).

    The header is the first record with content; rows count from the file's first record.
    """

    def __init__(self, records: list[list[str | None]]):
        self.records = records
        first = next((i for i, r in enumerate(records) if any((c or "").strip() for c in r)), None)
        self.header_index = first
        self.header = records[first] if first is not None else []
        self._kept: list[tuple[int, list]] = []
        self.blank_rows = 0

    def keep(self, positions: list[int]) -> None:
        """Find the rows after the header that have content (the others are blank rows)."""
        first = self.header_index
        self._kept = [
            (index + 1, record)
            for index, record in enumerate(self.records[first + 1 :], start=first + 1)
            if any(c and not c.isspace() for c in record)
        ]
        self.blank_rows = len(self.records) - first - 1 - len(self._kept)

    @property
    def row_numbers(self) -> list[int]:
        return [row_no for row_no, _ in self._kept]

    def column(self, pos: int) -> list[str | None]:
        """The values at ``pos`` of every row kept (None: no such field, or blank)."""
        return [
            (v if (v := r[pos] if pos < len(r) else None) and not v.isspace() else None)
            for _, r in self._kept
        ]

    def field_count_issues(self) -> list[tuple[int, None, str]]:
        width = header_width(self.header)
        issues = []
        for row_no, record in self._kept:
            if len(record) < width:
                issues.append((row_no, None, too_few(len(record), width)))
            elif any(v and v.strip() for v in record[width:]):
                issues.append((row_no, None, too_many(len(record), width)))
        return issues


def header_width(header: list[str | None]) -> int:
    """Fields a row must have: up to the header's last non-blank cell."""
    return max((i + 1 for i, h in enumerate(header) if h and h.strip()), default=0)


def too_few(fields: int, width: int) -> str:
    return (
        f"raden har {fields} felt, men overskriften har {width}; verdiene kan ha "
        "forskjøvet seg (mangler et skilletegn?), så raden er ikke brukt"
    )


def too_many(fields: int, width: int) -> str:
    return (
        f"raden har {fields} felt, men overskriften har {width}; verdiene kan ha "
        "forskjøvet seg (et skilletegn for mye, f.eks. komma i et navn uten "
        "anførselstegn), så raden er ikke brukt"
    )


def _structure(b: np.ndarray, delimiter: int, quotes: int, carriage_returns: int):
    """(record starts, record ends, delimiter positions), outside quotes; None if irregular.

    A record ends before its terminator (``\\n``, ``\\r\\n`` or a lone ``\\r``).
    """
    n = len(b)
    terminators = np.flatnonzero(b == _LF)
    if carriage_returns:
        cr = np.flatnonzero(b == _CR)
        after = cr + 1
        lone = cr[(after >= n) | (b[np.minimum(after, n - 1)] != _LF)]
        if len(lone):
            terminators = np.union1d(terminators, lone)
    delimiters = np.flatnonzero(b == delimiter)
    if quotes:
        q = np.flatnonzero(b == _QUOTE)
        if not _regular_quotes(b, q, delimiter):
            return None
        terminators = terminators[(np.searchsorted(q, terminators) & 1) == 0]
        delimiters = delimiters[(np.searchsorted(q, delimiters) & 1) == 0]
    starts = np.concatenate(([0], terminators + 1)).astype(np.int64)
    ends = terminators.astype(np.int64)
    if carriage_returns and len(ends):
        # '\r\n' ends a record at its '\r' (a '\r' just before a structural '\n' is outside
        # quotes too).
        crlf = (b[ends] == _LF) & (ends > 0) & (b[np.maximum(ends - 1, 0)] == _CR)
        ends = ends - crlf
    if starts[-1] < n:
        ends = np.append(ends, n)
    else:
        starts = starts[:-1]
    return starts, ends, delimiters.astype(np.int64)


def _regular_quotes(b: np.ndarray, q: np.ndarray, delimiter: int) -> bool:
    """Whether every quote opens a field, closes one, or is doubled inside a quoted field."""
    n = len(b)
    openers, closers = q[0::2], q[1::2]
    before = b[np.maximum(openers - 1, 0)]
    # An opener starts a field, or follows the quote before it (a doubled quote).
    opens = (
        (openers == 0)
        | (before == delimiter)
        | (before == _LF)
        | (before == _CR)
        | (before == _QUOTE)
    )
    after_pos = closers + 1
    after = b[np.minimum(after_pos, n - 1)]
    closes = (
        (after_pos >= n)
        | (after == delimiter)
        | (after == _LF)
        | (after == _CR)
        | (after == _QUOTE)
    )
    return bool(opens.all() and closes.all())


class ByteRecords:
    """The records of a CSV file's UTF-8 bytes, as columns (see the module docstring).

    Use :meth:`parse`, which returns None for a file that ``csv.reader`` must read.
    """

    def __init__(self, data: bytes, delimiter: str, starts, ends, delimiters):
        self.data = data
        self.b = np.frombuffer(data, dtype=np.uint8)
        self.delimiter = delimiter
        self.has_quotes = b'"' in data
        self.starts, self.ends, self.delimiters = starts, ends, delimiters
        # Fields of record i: delimiters[first[i]:stop[i]] separate them.
        self.first = np.searchsorted(delimiters, starts)
        self.stop = np.searchsorted(delimiters, ends)
        self.counts = self.stop - self.first + 1
        self.header_index = self._find_header()
        self.header = self.fields(self.header_index) if self.header_index is not None else []
        self.rows = np.empty(0, dtype=np.int64)  # record index of each row kept
        self.blank_rows = 0
        self._columns: dict[int, Coded] = {}

    @classmethod
    def parse(cls, data: bytes, delimiter: str) -> ByteRecords | None:
        """The records of ``data`` (UTF-8 bytes); None if its quotes are not regular."""
        quotes = data.count(b'"')
        if quotes % 2 or b"\x00" in data:
            return None  # a quote never closed (csv.reader reports it), or a NUL character
        b = np.frombuffer(data, dtype=np.uint8)
        found = _structure(b, ord(delimiter), quotes, data.count(b"\r"))
        if found is None:
            return None
        return cls(data, delimiter, *found)

    @property
    def n_records(self) -> int:
        return len(self.starts)

    # -- single records ------------------------------------------------------------

    def text(self, i: int) -> str:
        return bytes(self.b[self.starts[i] : self.ends[i]]).decode("utf-8")

    def fields(self, i: int) -> list[str]:
        """Record ``i`` as ``csv.reader`` gives it."""
        return _csv_fields(self.text(i), self.delimiter)

    def _find_header(self) -> int | None:
        # Records of only delimiters (or nothing) are blank without a look at their text.
        # (A quote or any other character makes a record worth reading.)
        length = self.ends - self.starts
        for i in np.flatnonzero(length > self.counts - 1):
            if not is_blank_record(self.fields(int(i))):
                return int(i)
        return None

    # -- columns ----------------------------------------------------------------------

    def _field_bounds(self, records: np.ndarray, pos: int) -> tuple[np.ndarray, np.ndarray]:
        """Start and end (unquoted) of field ``pos`` of each record that has it."""
        first = self.first[records]
        if pos == 0:
            start = self.starts[records]
        else:
            start = self.delimiters[first + pos - 1] + 1
        last = self.counts[records] - 1 == pos
        end = self.ends[records].copy()
        inner = np.flatnonzero(~last)
        end[inner] = self.delimiters[first[inner] + pos]
        return _unquoted(self.b, start, end)

    def _slices(self, start: np.ndarray, end: np.ndarray) -> Coded:
        """The texts ``data[start:end]`` by code, with their doubled quotes undone.

        Done on the Arrow dictionary of distinct texts; only a text that may be blank
        (nothing in it is printable ASCII) is looked at in Python.
        """
        import pyarrow.compute as pc

        codes, texts = _dictionary(self.data, start, end)
        if not len(texts):
            return Coded(codes, [], texts)
        if self.has_quotes:
            texts = pc.replace_substring(texts, '""', '"')
        shown = pc.match_substring_regex(texts, _VISIBLE_ASCII).to_numpy(zero_copy_only=False)
        for k in np.flatnonzero(~shown):
            shown[k] = visible(texts[int(k)].as_py())
        remap = np.full(len(texts) + 1, -1, dtype=np.int64)
        remap[np.flatnonzero(shown)] = np.arange(int(shown.sum()))
        kept = texts.filter(pa_array(shown))
        return Coded(remap[codes], kept.to_pylist(), kept)

    def _column_of(self, records: np.ndarray, pos: int) -> Coded:
        has = self.counts[records] > pos
        codes = np.full(len(records), -1, dtype=np.int64)
        start, end = self._field_bounds(records[has], pos)
        part = self._slices(start, end)
        codes[has] = part.codes
        return Coded(codes, part.values, part.arrow)

    def _record_texts(self, records: np.ndarray) -> tuple[np.ndarray, list[str]]:
        return _dictionary(self.data, self.starts[records], self.ends[records])

    def keep(self, positions: list[int]) -> None:
        """Find the rows after the header that have content; cut out the columns at ``positions``.

        A row with content in a column at ``positions`` is kept; only the others (blank
        lines, as a rule) are judged field by field, once per distinct text.
        """
        after = np.arange(self.header_index + 1, self.n_records, dtype=np.int64)
        columns = {pos: self._column_of(after, pos) for pos in positions}
        content = np.zeros(len(after), dtype=bool)
        for coded in columns.values():
            content |= coded.codes >= 0
        unsure = np.flatnonzero(~content)
        if len(unsure):
            codes, texts = self._record_texts(after[unsure])
            blank_text = np.array(
                [is_blank_record(_csv_fields(t, self.delimiter)) for t in texts.to_pylist()]
                + [True]
            )
            content[unsure] = ~blank_text[codes]
        self.rows = after[content]
        self.blank_rows = len(after) - len(self.rows)
        self._columns = {
            pos: Coded(coded.codes[content], coded.values, coded.arrow)
            for pos, coded in columns.items()
        }

    @property
    def row_numbers(self) -> np.ndarray:
        return self.rows + 1

    def column(self, pos: int) -> Coded:
        """The values at ``pos`` of every row kept (see :meth:`keep`)."""
        return self._columns[pos]

    def field_count_issues(self) -> list[tuple[int, None, str]]:
        """Rows whose fields do not line up with the header (see ``reader.field_count_issues``)."""
        width = header_width(self.header)
        counts = self.counts[self.rows]
        short = counts < width
        long = np.flatnonzero(counts > width)
        spill = np.zeros(len(self.rows), dtype=bool)
        if len(long) and width:
            records = self.rows[long]
            start = self.delimiters[self.first[records] + width - 1] + 1
            codes, texts = _dictionary(self.data, start, self.ends[records])
            content = np.array(
                [
                    any(v and v.strip() for v in _csv_fields(t, self.delimiter))
                    for t in texts.to_pylist()
                ]
                + [False]
            )
            spill[long] = content[codes]
        issues = []
        for i in np.flatnonzero(short | spill):
            fields = int(counts[i])
            message = too_few(fields, width) if short[i] else too_many(fields, width)
            issues.append((int(self.rows[i]) + 1, None, message))
        return issues


def _csv_fields(text: str, delimiter: str) -> list[str]:
    """One record's text (terminator excluded) as ``csv.reader`` reads it."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    return records[0] if records else []


def _unquoted(b: np.ndarray, start: np.ndarray, end: np.ndarray):
    """Field bounds without the quotes around a quoted field."""
    quoted = np.zeros(len(start), dtype=bool)
    filled = np.flatnonzero(end > start)
    quoted[filled] = b[start[filled]] == _QUOTE
    return start + quoted, end - quoted


def pa_array(values):
    import pyarrow as pa

    return pa.array(values)


def _dictionary(data, start: np.ndarray, end: np.ndarray):
    """Codes of ``data[start:end]`` (-1 never), and the distinct texts (an Arrow array)."""
    import pyarrow as pa

    if not len(start):
        return np.empty(0, dtype=np.int64), pa.array([], type=pa.large_string())
    # One Arrow string array over the bytes whose even elements are the slices (the odd
    # ones are what lies between them); taking the even ones copies just the slices.
    offsets = np.empty(2 * len(start) + 1, dtype=np.int64)
    offsets[0:-1:2] = start
    offsets[1::2] = end
    offsets[-1] = end[-1]
    spans = pa.LargeStringArray.from_buffers(
        2 * len(start), pa.py_buffer(offsets), pa.py_buffer(data)
    )
    slices = spans.take(pa.array(np.arange(0, 2 * len(start), 2, dtype=np.int64)))
    encoded = slices.dictionary_encode()
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return codes, encoded.dictionary
