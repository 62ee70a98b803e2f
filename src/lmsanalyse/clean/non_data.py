"""Rows that are not data (docs/data-contract.md, "Key columns: no silent loss").

Real exports hold rows that are no submission, call attempt or service: a totals row
(``Sum``, ``Totalt``, ``I alt``, ``Gjennomsnitt``, or a row without a unit whose numbers are
the column sums), a repeated header row, a notes row (one cell of text), a test submission
(``Test``, ``Prøve``, an id or unit text starting with ``TEST``, or the survey tool's own test
or preview flag). Each is quarantined with its reason, counted in the row accounting, and
never read as a unit or a service; the message gives the ``utelat`` entry that leaves it out
on purpose (then it is counted as left out, with the entry's reason, and is no problem).

Every test runs once per distinct value of a column (:mod:`lmsanalyse.distinct`); only the
few rows with a single filled cell are looked at one by one. A column of a million different
texts (names, phone numbers) is first narrowed to the cells that can be a header by their
first character, in one pass (:func:`_may_be`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..contract import SOURCES
from ..distinct import per_distinct, per_distinct_bool
from ..ingest.raw_table import ROW, RawTable, normalise_header
from ..problems import Message, message, q
from .value_parsers import parse_count

# The columns that name what a row is: its id, its unit, a service's name.
IDS = {"radmann_skjema": ("svar_id",), "ringerunde_logg": (), "telefonintervju": ("tjeneste_id",)}
UNITS = {"radmann_skjema": "enhet", "ringerunde_logg": "enhet", "telefonintervju": "vertskommune"}
NAMES = {"radmann_skjema": ("tjeneste_navn",), "ringerunde_logg": (), "telefonintervju": ("tjeneste_navn",)}  # fmt: skip
_TOTALS = re.compile(
    r"^(sum|summer|summert|totalsum|totalt?|totals|i ?alt|gjennomsnitt|snitt|average|mean)"
    r"(\s.*)?[:.]?$",
    re.IGNORECASE,
)
_TEST_WORD = re.compile(r"^(test|prøve|testsvar|prøvesvar|testinnsending)( ?\d+)?[:.]?$", re.I)
_TEST_START = re.compile(r"^test", re.IGNORECASE)
_NOTE_START = re.compile(r"^(merk|merknad|note|notat|nb|obs|kilde|kommentar|forklaring)\b|^[*#]", re.I)  # fmt: skip


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def filled_cells(values) -> np.ndarray:
    """Which cells hold text (``_text`` not empty), in one pass without a call per cell."""
    return np.fromiter(
        (isinstance(v, str) and bool(v) and not v.isspace() for v in values),
        dtype=bool,
        count=len(values),
    )


# Characters a cell's normal form keeps as they are when they start it: printable ASCII and
# Latin-1's letters (none is a space, a control, or changed by NFC when the next one is too).
_PLAIN = frozenset(map(chr, [*range(0x21, 0x7F), *range(0xC0, 0x100)]))


def _may_be(values, names: set[str]) -> np.ndarray:
    """Which cells can have a ``normalise_header`` among ``names``: a cell whose first two
    characters are plain (``_PLAIN``) starts its normal form with its first character
    casefolded, so only those whose first character can start a name are kept; the others
    are kept to be judged in full."""
    firsts = {n[:1] for n in names}

    def may(head: str | None) -> bool:
        if not head:
            return "" in names  # a missing or empty cell's normal form is ""
        if all(c in _PLAIN for c in head):
            return head[0].casefold()[:1] in firsts
        return True

    heads = [v[:2] if isinstance(v, str) else None for v in values]
    verdict = {head: may(head) for head in set(heads)}
    return np.fromiter((verdict[h] for h in heads), dtype=bool, count=len(heads))


def _entry(table: RawTable, column: str, value: str, reason: str, where: str) -> tuple:
    """The ``utelat`` entry that leaves the row out on purpose, as message parts."""
    if table.import_map is not None:
        key, name = "variabel", table.variable(column) or column
    else:
        key, name = "kolonne", column
    return (
        f"; for å utelate den med vilje: utelat: [{{{key}: {name}, verdier: [",
        q(value),
        f"], grunn: {reason}}}] {where}",
    )


class NonData:
    """Finds the non-data rows of one raw table.

    Args:
        table: the raw table.
        is_unit: whether a text names a unit of the register.
        where: where an ``utelat`` entry goes (``under radmann_skjema i
            config/header_aliases.yaml``, ``i radmann_skjema.import.yaml``).
    """

    def __init__(self, table: RawTable, is_unit: Callable[[str], bool], where: str):
        self.table = table
        self.data = table.data
        self.source = SOURCES[table.source]
        self.is_unit = is_unit
        self.where = where

    def rows(self) -> dict[int, Message]:
        """Row number → why it is not data (the first reason that holds)."""
        found: dict[int, Message] = dict(self.table.flagged)
        for finder in (self._words, self._repeated_header, self._sums, self._notes):
            for row, why in finder().items():
                found.setdefault(row, why)
        return dict(sorted(found.items()))

    # -- the kinds of row ----------------------------------------------------------------

    def _present(self, columns) -> list[str]:
        return [c for c in columns if c in self.data.columns]

    def _words(self) -> dict[int, Message]:
        """Test submissions and totals rows, known by a word in their id, unit or name."""
        src = self.source.name
        out: dict[int, Message] = {}
        starts = self._present((*IDS[src], UNITS[src]))
        checks = [
            (starts, lambda t: bool(_TEST_START.match(t) or _TEST_WORD.match(t)), "testsvar"),
            (self._present(NAMES[src]), lambda t: bool(_TEST_WORD.match(t)), "testsvar"),
            (
                self._present((*IDS[src], UNITS[src], *NAMES[src])),
                lambda t: bool(_TOTALS.match(t)),
                "summeringsrad",
            ),
        ]
        for columns, test, kind in checks:
            for column in columns:
                hit = per_distinct_bool(self.data[column], lambda v, t=test: t(_text(v)))
                for row, value in zip(
                    self.data.loc[hit, ROW], self.data.loc[hit, column], strict=True
                ):
                    out.setdefault(int(row), self._message(kind, column, value))
        return out

    def _message(self, kind: str, column: str, value: str) -> Message:
        what = {"testsvar": "et testsvar", "summeringsrad": "en summeringsrad"}[kind]
        return message(
            "ikke_data",
            f"raden er {what} (",
            q(value),
            f" i {column}), ikke data",
            *_entry(self.table, column, value, kind, self.where),
        )

    def _repeated_header(self) -> dict[int, Message]:
        """A row whose cells repeat the header (the export pasted together from pieces)."""
        columns = self._present(self.table.headers)
        if not columns:
            return {}
        matches = np.zeros(len(self.data), dtype=np.int64)
        for column in columns:
            names = {normalise_header(self.table.headers[column]), normalise_header(column)}
            values = self.data[column].to_numpy(dtype=object)
            may = np.flatnonzero(_may_be(values, names))
            hit = per_distinct(values[may], lambda v, n=names: normalise_header(v) in n)
            matches[may] += hit.astype(bool)
        filled = self._filled(columns)
        hit = (matches >= 2) & (2 * matches >= filled)
        out = {}
        for i in np.flatnonzero(hit):
            row = int(self.data[ROW].iloc[i])
            column = next(
                c
                for c in columns
                if normalise_header(self.data[c].iloc[i])
                in {normalise_header(self.table.headers[c]), normalise_header(c)}
            )
            value = self.data[column].iloc[i]
            out[row] = message(
                "ikke_data",
                "raden gjentar overskriften (",
                q(value),
                f" i {column}), ikke data",
                *_entry(self.table, column, value, "gjentatt overskrift", self.where),
            )
        return out

    def _filled(self, columns: list[str]) -> np.ndarray:
        filled = np.zeros(len(self.data), dtype=np.int64)
        for column in columns:
            filled += filled_cells(self.data[column].to_numpy(dtype=object))
        return filled

    def _sums(self) -> dict[int, Message]:
        """A row without a unit whose numbers are the sums (or means) of the other rows'."""
        numbers = [c.name for c in self.source.columns if c.kind == "int"]
        numbers = self._present(numbers)
        unit = UNITS[self.source.name]
        if not numbers or len(self.data) < 3 or unit not in self.data.columns:
            return {}
        no_unit = ~per_distinct_bool(self.data[unit], lambda v: bool(_text(v)) and self.is_unit(v))
        candidates = no_unit.to_numpy().copy()
        for column in numbers:
            parsed = per_distinct(
                self.data[column], lambda v: parse_count(v) if isinstance(v, str) else None
            )
            values = pd.Series(parsed, dtype="float64")
            others = values.sum() - values
            count = values.notna().sum() - 1
            total = (
                values.notna() & (count >= 2) & ((values == others) | (values * count == others))
            )
            candidates &= total.to_numpy()
        out = {}
        for i in np.flatnonzero(candidates):
            row = int(self.data[ROW].iloc[i])
            column = numbers[0]
            value = self.data[column].iloc[i]
            out[row] = message(
                "ikke_data",
                f"raden er en summeringsrad (uten {unit}, og tallet ",
                q(value),
                f" i {column} er summen av de andre radene), ikke data",
                *_entry(self.table, column, value, "summeringsrad", self.where),
            )
        return out

    def _notes(self) -> dict[int, Message]:
        """A row with one cell of text and nothing else that is no unit (a note under the data)."""
        columns = [c for c in self.data.columns if c != ROW]
        filled = self._filled(columns)
        out = {}
        for i in np.flatnonzero(filled == 1):
            column = next(c for c in columns if _text(self.data[c].iloc[i]))
            text = _text(self.data[column].iloc[i])
            if self.is_unit(text) or not (len(text.split()) >= 3 or _NOTE_START.match(text)):
                continue
            row = int(self.data[ROW].iloc[i])
            out[row] = message(
                "ikke_data",
                "raden er en merknad (bare én celle med tekst: ",
                q(text),
                f" i {column}), ikke data",
                *_entry(self.table, column, text, "merknad", self.where),
            )
        return out
