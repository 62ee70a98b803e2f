"""SPSS ``.sav`` files for the tests, written with pyreadstat (no binary fixtures).

pyreadstat writes variable and value labels, user-missing values and date formats, but no
multiple-response sets; :func:`add_mr_sets` adds SPSS's own record for them (record type 7,
subtype 7, as PSPP's system-file documentation describes it) to a file pyreadstat wrote.

:func:`write_bundled_as_spss` writes the bundled survey's contract files (data/raw) as SPSS
exports with import maps, the way a survey tool would: every answer coded, value labels that
differ from the contract's words (mapped by ``verdier``) or equal them, blank answers as a
user-missing code, answer lists as one 0/1 variable per option in a multiple-response set,
dates and times as SPSS dates.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import pandas as pd
import pyreadstat

from lmsanalyse.clean.values import parse_count, parse_datetime
from lmsanalyse.contract import DESCRIPTIONS, SOURCES
from lmsanalyse.guard import SYNTHETIC_MARKER
from lmsanalyse.spelling import canonical_answer, split_enum_list
from lmsanalyse.tools.synth.surveyxact import QUESTIONS as SX_QUESTIONS

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
    return path


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


# ---------------------------------------------------------------- the bundled survey as SPSS


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


def _question(source: str, column: str) -> str:
    return _ASKED.get((source, column)) or DESCRIPTIONS[source][column][-1]


def _date(text: str | None, with_time: bool, where: str):
    if text is None:
        return None
    stamp = parse_datetime(text, with_time)
    assert stamp is not None, f"{where}: '{text}' er ingen dato"
    return stamp if with_time else stamp.date()


def spss_source(table: pd.DataFrame, source: str, data_file: str) -> tuple[dict, str]:
    """One contract source's rows as SPSS variables (``write_sav`` keywords) and its map."""
    columns: dict[str, list] = {}
    spec: dict = {"labels": {}, "value_labels": {}, "missing": {}, "formats": {}, "mr_sets": {}}
    kolonner, verdier, lister = [], [], []
    for number, col in enumerate(SOURCES[source].columns, start=1):
        var = f"q{number}"
        cells = [None if v is None or v != v else str(v) for v in table[col.name]]
        where = f"{source}.{col.name}"
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
                spec["labels"][name] = (
                    f"{_question(source, col.name)} - {item[0].upper()}{item[1:]}"
                )
                spec["value_labels"][name] = {0: "Ikke valgt", 1: "Valgt"}
            spec["mr_sets"][var] = (_question(source, col.name), names)
            lister.append(f"  {col.name}:")
            lister += [f'    {name}: "{item}"' for name, item in zip(names, items, strict=True)]
            continue
        spec["labels"][var] = _question(source, col.name)
        kolonner.append(f"  {col.name}: {var}")
        if col.kind == "enum":
            codes = {value: code for code, value in enumerate(col.values, start=1)}
            coded = []
            for c in cells:
                value = canonical_answer(c, col.values) if c is not None else None
                assert c is None or value is not None, f"{where}: '{c}'"
                coded.append(float(codes[value]) if value else float(NOT_ANSWERED))
            columns[var] = coded
            labels = {code: answer_label(value, code) for value, code in codes.items()}
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
    # A variable no column takes: listed as ignored, never read.
    columns["datakilde"] = [f"{SYNTHETIC_MARKER} (spss)"] * len(table)
    spec["labels"]["datakilde"] = "datakilde"
    lines = [
        f"# {SYNTHETIC_MARKER}: the bundled {source} as an SPSS export",
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


def write_bundled_as_spss(target: Path, sources: tuple[str, ...], raw_dir: Path) -> Path:
    """``raw_dir`` copied to ``target`` with the named sources as SPSS exports and maps."""
    import shutil

    from helpers import read_raw
    from lmsanalyse.ingest.sources import find_raw_files

    tables = read_raw(raw_dir)
    files = find_raw_files(raw_dir)
    target.mkdir(parents=True, exist_ok=True)
    for source, path in files.items():
        if source not in sources:
            shutil.copy(path, target / path.name)
            continue
        data_file = f"spss/{source}.sav"
        spec, text = spss_source(tables[source].data, source, data_file)
        write_sav(target / data_file, file_label=SYNTHETIC_MARKER, **spec)
        (target / f"{source}.import.yaml").write_text(text, encoding="utf-8")
    return target
