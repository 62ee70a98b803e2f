"""The byte-level CSV reader gives exactly the records ``csv.reader`` gives.

``records.ByteRecords`` reads a CSV file's bytes with numpy; ``records.ListRecords`` takes
``csv.reader``'s records (the definition of what a CSV file holds). Random CSV texts —
quoted and unquoted fields, doubled quotes, the three delimiters, every line ending, blank
and whitespace-only lines, ragged rows, unicode — must give the same header, row numbers,
blank rows, columns and field-count problems either way; a text whose quotes are not regular
must be left to ``csv.reader``.
"""

from __future__ import annotations

import csv
import io
import unicodedata

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmsanalyse.ingest.delimited import parse_records
from lmsanalyse.ingest.records import ByteRecords, ListRecords, plain_mask
from lmsanalyse.text import normalise_value

DELIMITERS = (",", ";", "\t")
ENDINGS = ("\n", "\r\n", "\r")
# Characters a field may hold: letters, Norwegian and other unicode, spaces of every kind,
# quotes, all three delimiters, line breaks, a combining ring and a zero-width space.
FIELD_CHARS = st.sampled_from(
    list("ab Zæøå\t,;\"'\n\r") + ["\u00a0", "\u030a", "\u200b", "é", "€", "😀", "=", "-"]
)


def reference(text: str, delimiter: str, positions: list[int]):
    """What the reader made of a text with ``csv.reader`` (through ListRecords)."""
    records = ListRecords(parse_records(text, delimiter, "x.csv"))
    if records.header_index is not None:
        records.keep(positions)
    return records


def summary(records, positions: list[int]) -> dict:
    if records.header_index is None:
        return {"header_index": None}
    return {
        "header_index": records.header_index,
        "header": list(records.header),
        "rows": [int(r) for r in records.row_numbers],
        "blank": records.blank_rows,
        "columns": {
            p: (c.tolist() if hasattr(c, "tolist") else list(c))
            for p, c in ((p, records.column(p)) for p in positions)
        },
        "issues": records.field_count_issues(),
    }


def compare(text: str, delimiter: str, positions: list[int] | None = None) -> bool:
    """Assert both readers agree; returns whether the byte reader took the text."""
    data = text.encode("utf-8")
    byte = ByteRecords.parse(data, delimiter)
    if byte is None:
        return False
    width = max(
        (len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), default=0
    )
    positions = positions if positions is not None else list(range(width + 1))
    if byte.header_index is not None:
        byte.keep(positions)
    assert summary(byte, positions) == summary(reference(text, delimiter, positions), positions)
    return True


@st.composite
def regular_csv(draw) -> tuple[str, str]:
    """A CSV text as a tool writes it: fields quoted where needed (and sometimes anyway)."""
    delimiter = draw(st.sampled_from(DELIMITERS))
    ending = draw(st.sampled_from(ENDINGS))
    mixed = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["row", "row", "row", "blank", "spaces", "delims"]))
        if kind == "blank":
            line = ""
        elif kind == "spaces":
            line = draw(st.sampled_from([" ", "\t", "  \t "]))
        elif kind == "delims":
            line = delimiter * draw(st.integers(1, 4))
        else:
            fields = []
            for _ in range(draw(st.integers(1, 5))):
                value = draw(st.text(FIELD_CHARS, max_size=6))
                must = any(c in value for c in ',;\t"\n\r') or value.startswith(" ")
                if must or draw(st.booleans()):
                    value = '"' + value.replace('"', '""') + '"'
                elif delimiter in value:
                    value = value.replace(delimiter, "")
                fields.append(value)
            line = delimiter.join(fields)
        lines.append(line)
    if mixed:
        text = "".join(line + draw(st.sampled_from(ENDINGS)) for line in lines)
    else:
        text = ending.join(lines) + draw(st.sampled_from(["", ending]))
    return text, delimiter


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regular_csv())
def test_byte_reader_equals_csv_reader_on_written_csv(case: tuple[str, str]) -> None:
    text, delimiter = case
    assert compare(text, delimiter), "a text with regular quotes is read from its bytes"


@settings(max_examples=600, deadline=None)
@given(
    st.text(st.sampled_from(list('a ,;\t"\n\r') + ["æ", "\u00a0"]), max_size=40),
    st.sampled_from(DELIMITERS),
)
def test_byte_reader_equals_csv_reader_on_any_text(text: str, delimiter: str) -> None:
    """Any text at all: either the byte reader agrees, or it leaves the text to csv.reader."""
    try:
        parse_records(text, delimiter, "x.csv")
    except Exception:  # a quote never closed: csv.reader reports it, the byte reader declines
        assert ByteRecords.parse(text.encode(), delimiter) is None
        return
    compare(text, delimiter)


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ('a,b\n"x, y","z ""q"""\n', True),
        ('a,b\r\n\r\n  \r\n1,"2\r\n3"\r\n', True),
        ("a;b\r1;2\r\r;;\r3;4", True),
        ('a,b\n5" skjerm,x\n', False),  # a quote inside an unquoted field
        ('a,b\n"x"y,z\n', False),  # text after a closing quote
        ('a,b\n"open,x\n', False),  # a quote never closed
    ],
)
def test_irregular_quotes_go_to_csv_reader(text: str, taken: bool) -> None:
    assert (ByteRecords.parse(text.encode(), text[1]) is not None) is taken
    if taken:
        compare(text, text[1])


def test_rows_count_records_not_lines() -> None:
    """A quoted line break does not move later row numbers; blank lines are rows counted."""
    text = 'enhet,notat\n\nA,"linje 1\nlinje 2"\n \nB,x\n'
    byte = ByteRecords.parse(text.encode(), ",")
    byte.keep([0, 1])
    assert byte.header_index == 0
    assert byte.row_numbers.tolist() == [3, 5]
    assert byte.blank_rows == 2
    assert byte.column(1).tolist() == ["linje 1\nlinje 2", "x"]


def test_field_count_issues_name_row_and_counts() -> None:
    text = "a,b,c\n1,2\n1,2,3,\n1,2,3,x\n1,2,3, \n"
    byte = ByteRecords.parse(text.encode(), ",")
    byte.keep([0, 1, 2])
    issues = byte.field_count_issues()
    assert [(r, m.split(";")[0]) for r, _, m in issues] == [
        (2, "raden har 2 felt, men overskriften har 3"),
        (4, "raden har 4 felt, men overskriften har 3"),
    ]


# Every character the plain fast path passes on without normalising.
PLAIN = [chr(c) for c in (*range(0x20, 0x7F), *range(0xC0, 0x100))]


def test_every_plain_character_is_its_own_normal_form() -> None:
    for char in PLAIN:
        assert unicodedata.is_normalized("NFC", char) and unicodedata.combining(char) == 0
        assert normalise_value("a" + char + "a") == "a" + char + "a"
    # … so a text of them with no space at an end is returned unchanged, and the mask says so.
    texts = ["Kvænangen", "+47 000 05 063", "ÆØÅ", " x", "x ", "", "a\u00a0b", "a\u0301", "\t"]
    mask = plain_mask(pa.array(texts, type=pa.large_string()))
    assert mask.tolist() == [True, True, True, False, False, False, False, False, False]
    for text, plain in zip(texts, mask, strict=True):
        if plain:
            assert normalise_value(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(PLAIN + ["\u00a0", "\u0301", "\u200b", "\t", "\n"]), max_size=12))
def test_plain_mask_only_passes_texts_normalisation_leaves(text: str) -> None:
    plain = bool(plain_mask(pa.array([text], type=pa.large_string()))[0])
    if plain:
        assert normalise_value(text) == text


def test_columns_are_coded_once_per_distinct_text() -> None:
    text = "a,b\n" + "ja,1\nnei,2\nja,1\n" * 3
    byte = ByteRecords.parse(text.encode(), ",")
    byte.keep([0, 1])
    coded = byte.column(0)
    assert coded.values == ["ja", "nei"]
    assert np.asarray(coded.codes).tolist() == [0, 1, 0] * 3
