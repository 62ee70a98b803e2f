"""A survey-tool export as read, before its import map is applied.

Each format reader (:mod:`.surveyxact`, :mod:`.nettskjema`, :mod:`.tabell`) turns its files
into an :class:`Export`: the export's own variables, values as text, row numbers as the
data file shows them, value labels and question texts. :mod:`.importmap` then turns an
export and its map into the :class:`~lmsanalyse.ingest.raw_table.RawTable` a contract file
gives, and ``lmsanalyse map`` drafts a map from the question texts and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import InputError, Problem
from ..text import normalise_cell
from .delimited import is_blank
from .raw_table import cell_text, normalise_header

# A workbook's TRUE/FALSE (raw_table.cell_text) in a 0/1-coded variable.
_BOOLEAN_CODES = {"ja": "1", "nei": "0"}
# Kinds of variable, for drafting a map.
SINGLE, MULTIPLE, OPEN, NUMBER, DATE, SYSTEM = (
    "single",
    "multiple",
    "open",
    "number",
    "date",
    "system",
)


@dataclass
class Export:
    """One survey-tool export as text.

    Attributes:
        data_file: the file with one row per answer.
        shown: how messages name the data file (``radmann/dataset.csv``).
        variables: the export's variables (column headers), in file order.
        rows: each record's row number as the data file shows it (header = row 1).
        values: variable → one value per record (text, or None when blank).
        labels: variable → {code → label text}.
        questions: variable → its question text (a checkbox option: question - option).
        kinds: variable → ``single``, ``multiple``, ``open``, ``number``, ``date``, ``system``.
        groups: checkbox option variable → the question it belongs to.
        encoding: encoding of the data file (or ``xlsx``).
        delimiter: its delimiter (or None).
        blank_rows: records with no content (reported, never data).
        files: every file read.
        problems: what does not fit (a record longer than the header …), with file and row.
    """

    data_file: Path
    shown: str
    variables: list[str]
    rows: list[int]
    values: dict[str, list[str | None]]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    delimiter: str | None = None
    blank_rows: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def find(self, name: str) -> str | None:
        """The variable a map names, compared as headers are (case and spacing ignored)."""
        key = normalise_header(name)
        return next((v for v in self.variables if normalise_header(v) == key), None)

    def code(self, variable: str, value: str) -> str | None:
        """The code of a coded variable that ``value`` is (None: no code of it).

        A workbook's boolean (read as ``Ja``/``Nei``) in a variable coded 0/1 is its code.
        """
        codes = self.labels.get(variable, {})
        key = value.strip()
        if key not in codes and {"0", "1"} <= codes.keys():
            key = _BOOLEAN_CODES.get(key.casefold(), key)
        return key if key in codes else None

    def label(self, variable: str, value: str | None) -> str | None:
        """A value as its label text (a value without a label stays as it is)."""
        if value is None:
            return None
        code = self.code(variable, value)
        return value if code is None else self.labels[variable][code]

    def question(self, variable: str) -> str:
        return self.questions.get(variable, "") or variable


def cell(value: object) -> str | None:
    """A cell as normalised text (:func:`text.normalise_value`); blank cells are None."""
    text = cell_text(value)
    return normalise_cell(text)


def table_from_records(
    records: list[list], data_file: Path, shown: str, first_row: int = 1
) -> Export:
    """An export from a header record and data records (blank records counted, not read).

    Args:
        records: the file's records, the header first (leading blank records allowed).
        data_file: the file.
        shown: how messages name it.
        first_row: the row number of ``records[0]``.

    Raises:
        InputError: the file has no header row.
    """
    first = next((i for i, r in enumerate(records) if not is_blank(r)), None)
    if first is None:
        raise InputError([Problem(shown, None, None, "filen er tom (ingen overskriftsrad)")])
    header = [cell(h) for h in records[first]]
    positions = [(i, h.strip()) for i, h in enumerate(header) if h]
    width = max(i for i, _ in positions) + 1
    export = Export(data_file, shown, [h for _, h in positions], [], {h: [] for _, h in positions})
    seen: set[str] = set()
    for _, name in positions:
        if normalise_header(name) in seen:
            melding = f"variabelen '{name}' står to ganger i overskriften"
            export.problems.append(Problem(shown, first + first_row, None, melding))
        seen.add(normalise_header(name))
    for index, record in enumerate(records[first + 1 :], start=first + 1):
        if is_blank(record):
            export.blank_rows += 1
            continue
        row_no = index + first_row
        export.rows.append(row_no)
        for pos, name in positions:
            export.values[name].append(cell(record[pos]) if pos < len(record) else None)
        extra = [v for v in record[width:] if cell(v)]
        if extra:
            # SurveyXact ends some lines with an empty field; content there would be lost.
            melding = f"raden har {len(extra)} felt med innhold utenfor overskriften"
            export.problems.append(Problem(shown, row_no, None, melding))
    return export
