"""The bottom of ingest: a raw export read into text (:class:`RawTable`), and the header and
cell helpers every reader shares.

Every value stays text; typing is ``clean``'s job. Each row keeps its row number as a
spreadsheet user sees it (header = row 1), so that every later message can point at it. A
cell a workbook or a statistics file stores as a number, date, time or boolean becomes text
here (:func:`cell_text`), once, so that no later step meets anything but text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..contract import ROW_COLUMN, Source
from ..problems import Message, Problem
from ..text import normalise_cell
from .records import Coded, plain_mask

ROW = ROW_COLUMN  # row number column added to every raw table
_SPACES = re.compile(r"\s+")


def normalise_header(text: object) -> str:
    """Header text for matching: normalised, trimmed, case-folded, inner whitespace collapsed."""
    return _SPACES.sub(" ", normalise_cell(text) or "").strip().casefold()


@dataclass
class LeftOut:
    """A row an ``utelat`` entry leaves out: counted as quarantined, with its reason.

    ``etter`` is what left it out: ``importkartet``, or the alias file for a contract file.
    """

    rad: int
    variabel: str
    grunn: str
    etter: str = "importkartet"


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
        missing_columns: contract columns that are absent, and required ones blank in every
            row; the cleaner does not report each of their rows.
        declared_missing: columns the export truly lacks, as its import map or the alias
            file declares them (``mangler``) → the reason; every row is "not answered".
        headers: contract column → its header text in the file (an export: its variable),
            so that a row repeating the header is known for what it is.
        flagged: rows the survey tool itself marks as test or preview submissions → why.
        utelat_hint: where an ``utelat`` entry for this file goes, as messages say it.
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
        cell_issues: values an import map could not read, as (row, column, reason: a
            :class:`~lmsanalyse.problems.Message`); the cleaner records them like its own
            value problems.
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
    cell_issues: list[tuple[int, str, Message]] = field(default_factory=list)
    row_issues: list[tuple[int, str | None, str]] = field(default_factory=list)
    declared_missing: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    flagged: dict[int, Message] = field(default_factory=dict)
    utelat_hint: str = ""

    @property
    def fil(self) -> str:
        """The file as every message and output names it."""
        return self.shown_name or self.path.name

    def variable(self, column: str) -> str:
        """The export variable a contract column comes from ("" for a contract file)."""
        return self.variables.get(column, "")


def cell_text(value: object) -> str | None:
    """A cell as the text the contract speaks, whatever type the file stored it as.

    Workbooks (and SPSS files) store numbers, dates, times and booleans: a whole number is
    its digits (``1.0`` → ``1``, however large), a date ISO 8601, a time ``HH:MM``, a boolean
    ``Ja``/``Nei``; a missing number (NaN) is blank. Text stays as it is.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return str(value)


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


def leave_out(table: RawTable, rules: list[dict], etter: str, column_key: str = "kolonne") -> None:
    """Leave out the rows a rule names (``{kolonne, verdier, grunn}``: the column's text is one
    of the values, compared as answers are), in place: they are counted as quarantined with the
    rule's reason (``left_out``) and never read as data."""
    from ..spelling import answer_key

    data = table.data
    out = pd.Series(False, index=data.index)
    for rule in rules:
        column = rule[column_key]
        if column not in data.columns:
            continue
        keys = {answer_key(v) for v in rule["verdier"]}
        hit = ~out & data[column].map(lambda v, keys=keys: answer_key(v) in keys)
        table.left_out += [
            LeftOut(int(r), column, rule["grunn"], etter) for r in data.loc[hit, ROW]
        ]
        out |= hit
    if out.any():
        gone = data.loc[out].reset_index(drop=True)
        table.left_out_data = (
            gone if table.left_out_data is None else pd.concat([table.left_out_data, gone])
        )
        table.data = data.loc[~out].reset_index(drop=True)
        table.left_out.sort(key=lambda o: o.rad)
