"""SPSS ``.sav`` exports, written with pyreadstat: the product's (the 2025 wave's questionnaire,
:mod:`.wave2025_files`) and the tests' (tests/test_spss.py) one writer.

pyreadstat writes variable and value labels, user-missing values and date formats, but no
multiple-response sets; :func:`add_mr_sets` adds SPSS's own record for them (record type 7,
subtype 7, as PSPP's system-file documentation describes it) to a file pyreadstat wrote.

:func:`spss_source` turns one contract source's rows into an SPSS export with its import map,
the way a survey tool would: every answer coded, value labels that differ from the contract's
words (mapped by ``verdier``) or equal them, blank answers as a user-missing code, answer lists
as one 0/1 variable per option in a multiple-response set, dates and times as SPSS dates.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...clean.value_parsers import parse_count, parse_datetime
from ...contract import DESCRIPTIONS, SOURCES
from ...guard import SYNTHETIC_MARKER
from ...spelling import canonical_answer, split_enum_list
from .surveyxact_export import QUESTIONS as SX_QUESTIONS

NOT_ANSWERED = 99  # the user-missing code every coded variable carries for a blank answer
NOT_ANSWERED_LABEL = "Ikke besvart"


def write_sav(
    path: Path,
    columns: dict[str, list],
    labels: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
    missing: dict[str, list] | None = None,
    formats: dict[str, str] | None = None,
    mr_sets: dict[str, tuple[str, list[str]]] | None = None,
    file_label: str = "",
) -> Path:
    """One ``.sav`` file: columns of Python values (None = system-missing or blank text).

    ``mr_sets``: set name (without ``$``) → (label, its 0/1 variables), counted value 1.
    """
    import pyreadstat

    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(columns)
    for name, values in columns.items():
        if any(isinstance(v, str) for v in values):
            frame[name] = pd.Series([v if v is not None else "" for v in values], dtype=object)
        elif any(isinstance(v, dt.date) for v in values):
            frame[name] = pd.Series(values, dtype=object)
        else:
            frame[name] = pd.Series(values, dtype="float64")
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=file_label,
        column_labels=labels or {},
        variable_value_labels=value_labels or {},
        missing_ranges=missing or {},
        variable_format=formats or {},
    )
    if mr_sets:
        add_mr_sets(path, {name: (label, 1, names) for name, (label, names) in mr_sets.items()})
    _stamp(path, CREATED)
    return path


# When every file says it was made: pyreadstat writes the clock's time into the header, and
# the same rows must give the same bytes.
CREATED = dt.datetime(2025, 3, 31, 12, 0, 0)


def _stamp(path: Path, when: dt.datetime) -> None:
    """Set the header's creation date (``dd mmm yy``) and time (``hh:mm:ss``)."""
    raw = bytearray(Path(path).read_bytes())
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    stamp = f"{when.day:02d} {months[when.month - 1]} {when.year % 100:02d}{when:%H:%M:%S}"
    raw[92:109] = stamp.encode("ascii")  # after the magic, product name and six fields
    Path(path).write_bytes(bytes(raw))


def _dictionary_end(raw: bytes) -> int:
    """Where the dictionary-termination record (type 999) of a little-endian .sav starts."""
    pos = 176  # the file header
    while True:
        (kind,) = struct.unpack_from("<i", raw, pos)
        if kind == 2:  # a variable: 32 bytes, its label, its missing values
            _, _, has_label, n_missing = struct.unpack_from("<4i", raw, pos)
            pos += 32
            if has_label:
                (n,) = struct.unpack_from("<i", raw, pos)
                pos += 4 + (n + 3) // 4 * 4
            pos += abs(n_missing) * 8
        elif kind == 3:  # value labels: 8-byte value, length byte, label padded to 8
            (count,) = struct.unpack_from("<i", raw, pos + 4)
            pos += 8
            for _ in range(count):
                pos += 8 + (raw[pos + 8] + 1 + 7) // 8 * 8
        elif kind == 4:  # the variables those labels belong to
            (count,) = struct.unpack_from("<i", raw, pos + 4)
            pos += 8 + 4 * count
        elif kind == 6:  # documents: 80-byte lines
            (count,) = struct.unpack_from("<i", raw, pos + 4)
            pos += 8 + 80 * count
        elif kind == 7:  # an extension record: size × count bytes
            _, _, size, count = struct.unpack_from("<4i", raw, pos)
            pos += 16 + size * count
        elif kind == 999:
            return pos
        else:
            raise ValueError(f"ukjent posttype {kind} ved byte {pos}")


def add_mr_sets(path: Path, sets: dict[str, tuple[str, int, list[str]]]) -> None:
    """Add multiple-dichotomy sets (name → label, counted value, variables) to a .sav file."""
    text = b""
    for name, (label, counted, variables) in sets.items():
        lab, value = label.encode("utf-8"), str(counted).encode("utf-8")
        text += (
            f"${name}=D{len(value)} ".encode()
            + value
            + f" {len(lab)} ".encode()
            + lab
            + b" "
            + " ".join(variables).encode("utf-8")
            + b"\n"
        )
    record = struct.pack("<4i", 7, 7, 1, len(text)) + text
    raw = Path(path).read_bytes()
    end = _dictionary_end(raw)
    Path(path).write_bytes(raw[:end] + record + raw[end:])


# ---------------------------------------------------------------- a contract source as SPSS


def answer_label(value: str, code: int) -> str:
    """The label a tool gives an answer: the contract's word for even codes, other words for odd."""
    if code % 2 == 0:
        return value
    return f"{value[0].upper()}{value[1:]} (svaralternativ {code})"


# The questionnaire's own wording (as the SurveyXact example asks it); else the contract's
# description in question form, the last one given.
_ASKED = {("radmann_skjema", q[1]): q[4] for q in SX_QUESTIONS} | {
    ("radmann_skjema", "svar_id"): "Svar-ID (respondent)",
    ("radmann_skjema", "innsendt"): "Tidspunkt for innsending",
}


@dataclass(frozen=True)
class Wording:
    """How a tool names and words a source's export (every field optional).

    Attributes:
        variables: contract column → variable name (default ``q1``, ``q2`` … in the
            contract's column order; a list column's options are ``<name>_1`` …).
        questions: contract column → question text (the variable label).
        answers: contract column → {contract value: value label} (default
            :func:`answer_label`).
        extra: further variables no column takes (name → (label, value per row)): listed as
            ignored by the run, never read.
        comment: the import map's first line, after ``#``.
    """

    variables: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: dict[str, tuple[str, list]] = field(default_factory=dict)
    comment: str = ""


def _question(source: str, column: str, wording: Wording) -> str:
    return (
        wording.questions.get(column)
        or _ASKED.get((source, column))
        or DESCRIPTIONS[source][column][-1]
    )


def _date(text: str | None, with_time: bool, where: str):
    if text is None:
        return None
    stamp = parse_datetime(text, with_time)
    assert stamp is not None, f"{where}: '{text}' er ingen dato"
    return stamp if with_time else stamp.date()


def _text(value: object) -> str | None:
    """A cell as text; None when blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text if text.strip() else None


def spss_source(
    table: pd.DataFrame, source: str, data_file: str, wording: Wording | None = None
) -> tuple[dict, str]:
    """One contract source's rows as SPSS variables (``write_sav`` keywords) and its map."""
    wording = wording or Wording()
    columns: dict[str, list] = {}
    spec: dict = {"labels": {}, "value_labels": {}, "missing": {}, "formats": {}, "mr_sets": {}}
    kolonner, verdier, lister = [], [], []
    for number, col in enumerate(SOURCES[source].columns, start=1):
        var = wording.variables.get(col.name, f"q{number}")
        cells = [_text(v) for v in table[col.name]]
        where = f"{source}.{col.name}"
        question = _question(source, col.name, wording)
        if col.kind == "enum_list":
            items = sorted(col.values)  # the contract files list items in this order
            lists = [
                None
                if c is None
                else [canonical_answer(i, col.values) for i in split_enum_list(c, col.values)]
                for c in cells
            ]
            assert all(None not in lst for lst in lists if lst is not None), where
            names = [f"{var}_{k}" for k in range(1, len(items) + 1)]
            for name, item in zip(names, items, strict=True):
                columns[name] = [None if lst is None else float(item in lst) for lst in lists]
                spec["labels"][name] = f"{question} - {item[0].upper()}{item[1:]}"
                spec["value_labels"][name] = {0: "Ikke valgt", 1: "Valgt"}
            spec["mr_sets"][var] = (question, names)
            lister.append(f"  {col.name}:")
            lister += [f'    {name}: "{item}"' for name, item in zip(names, items, strict=True)]
            continue
        spec["labels"][var] = question
        kolonner.append(f"  {col.name}: {var}")
        if col.kind == "enum":
            codes = {value: code for code, value in enumerate(col.values, start=1)}
            coded = []
            for c in cells:
                value = canonical_answer(c, col.values) if c is not None else None
                assert c is None or value is not None, f"{where}: '{c}'"
                coded.append(float(codes[value]) if value else float(NOT_ANSWERED))
            columns[var] = coded
            own = wording.answers.get(col.name, {})
            labels = {
                code: own.get(value, answer_label(value, code)) for value, code in codes.items()
            }
            spec["value_labels"][var] = labels | {NOT_ANSWERED: NOT_ANSWERED_LABEL}
            spec["missing"][var] = [NOT_ANSWERED]
            mapped = [(t, v) for v, c in codes.items() if (t := labels[c]) != v]
            if mapped:
                verdier.append(f"  {col.name}:")
                verdier += [f'    "{label}": "{value}"' for label, value in mapped]
        elif col.kind == "int":
            counts = [None if c is None else parse_count(c) for c in cells]
            assert all(n is not None for n, c in zip(counts, cells, strict=True) if c), where
            columns[var] = [None if n is None else float(n) for n in counts]
            spec["formats"][var] = "F8.0"
        elif col.kind in ("date", "datetime"):
            with_time = col.kind == "datetime"
            columns[var] = [_date(c, with_time, where) for c in cells]
            spec["formats"][var] = "DATETIME20" if with_time else "EDATE10"
        else:
            columns[var] = cells
    # Variables no column takes: listed as ignored, never read.
    extra = wording.extra or {
        "datakilde": ("datakilde", [f"{SYNTHETIC_MARKER} (spss)"] * len(table))
    }
    for name, (label, values) in extra.items():
        columns[name] = list(values)
        spec["labels"][name] = label
    lines = [
        f"# {wording.comment or f'{SYNTHETIC_MARKER}: the bundled {source} as an SPSS export'}",
        f"kilde: {source}",
        "format: spss",
        "filer:",
        f"  data: {data_file}",
        "kolonner:",
        *kolonner,
    ]
    lines += (["verdier:", *verdier] if verdier else []) + (["lister:", *lister] if lister else [])
    spec["mr_sets"] = spec["mr_sets"] or None
    return {"columns": columns, **spec}, "\n".join(lines) + "\n"
