"""SurveyXact exports: ``dataset``, ``structure`` and ``labels``, as CSV or one XLSX.

What SurveyXact writes (and this reader accepts):

* CSV in UTF-16 with a BOM and tabs ("Unicode"), or Windows-1252/UTF-8 with ``;`` or ``,``;
  CRLF or LF line ends; text fields quoted when they hold the delimiter (a choice text such
  as ``"Biologi; Kjemi"``).
* ``structure`` has the header ``questionName;variableName;questionType;subType;
  questionText;choiceValue;choiceText``; its lines may end in one more, empty field.
* ``labels`` has no header row: ``variable;code;label`` (0 ``Ikke valgt`` / 1 ``Valgt`` for
  each checkbox option).
* or one XLSX with the sheets ``Dataset``, ``Structure`` and ``Labels`` (the last without a
  header row); numbers there are numbers (``1.0`` is read as ``1``).

A checkbox option (``subType`` ``Multiple``) is one 0/1 variable; its question text is the
question and the choice text, as SurveyXact's own reports show it.
"""

from __future__ import annotations

from pathlib import Path

from ..config import ImportMap
from ..problems import InputError, Problem
from .delimited import decode_file, is_blank, parse_records, sniff_by_shape
from .export import (
    MULTIPLE,
    OPEN,
    SINGLE,
    SYSTEM,
    Export,
    cell,
    table_from_records,
)
from .raw_table import normalise_header
from .xlsx_reader import sheet_records

STRUCTURE_COLUMNS = (
    "questionName",
    "variableName",
    "questionType",
    "subType",
    "questionText",
    "choiceValue",
    "choiceText",
)
_LABEL_HEADERS = ({"variable", "code", "label"}, {"variablename", "value", "valuelabel"})
# SurveyXact's own variables, which have no line in structure: what each holds.
SYSTEM_VARIABLES = {
    "respondent": "svar-ID (SurveyXact: respondent)",
    "respondentid": "svar-ID (SurveyXact: respondentid)",
    "closetime": "tidspunkt for innsending (SurveyXact: closetime)",
    "created": "tidspunkt da respondenten ble opprettet (SurveyXact: created)",
    "email": "e-postadresse fra distribusjonslisten (SurveyXact: email)",
    "name": "navn fra distribusjonslisten (SurveyXact: name)",
}


def _csv(path: Path, shown: str) -> tuple[list[list[str]], str, str]:
    text, encoding = decode_file(path, shown)
    delimiter = sniff_by_shape(text)
    return parse_records(text, delimiter, shown), encoding, delimiter


def read_surveyxact(m: ImportMap) -> Export:
    """Read the export an import map names (three CSV files, or one XLSX).

    Raises:
        InputError: a file cannot be read, or ``structure`` lacks its columns.
    """
    data = m.data_file
    shown = m.shown(data)
    if data.suffix.lower() == ".xlsx":
        sheets = sheet_records(data, ("Dataset", "Structure", "Labels"), shown)
        export = table_from_records(sheets["Dataset"], data, shown)
        export.encoding, export.files = "xlsx", [data]
        structure = (sheets["Structure"], f"{shown}:Structure")
        labels = (sheets["Labels"], f"{shown}:Labels")
    else:
        records, encoding, delimiter = _csv(data, shown)
        export = table_from_records(records, data, shown)
        export.encoding, export.delimiter = encoding, delimiter
        struct_file, label_file = m.filer["struktur"], m.filer["etiketter"]
        export.files = [data, struct_file, label_file]
        structure = (_csv(struct_file, m.shown(struct_file))[0], m.shown(struct_file))
        labels = (_csv(label_file, m.shown(label_file))[0], m.shown(label_file))
    for var in export.variables:
        if var.casefold() in SYSTEM_VARIABLES:
            export.kinds[var], export.questions[var] = SYSTEM, SYSTEM_VARIABLES[var.casefold()]
    _apply_structure(export, *structure)
    export.labels = _labels(*labels)
    return export


def _apply_structure(export: Export, records: list[list], shown: str) -> None:
    """Question texts, kinds and checkbox groups from ``structure``."""
    first = next((i for i, r in enumerate(records) if not is_blank(r)), None)
    header = [normalise_header(cell(h)) for h in (records[first] if first is not None else [])]
    wanted = {normalise_header(c): c for c in STRUCTURE_COLUMNS}
    missing = [c for key, c in wanted.items() if key not in header]
    if missing:
        melding = f"mangler kolonnene {', '.join(missing)} i overskriften"
        raise InputError([Problem(shown, (first or 0) + 1, None, melding)])
    pos = {wanted[key]: header.index(key) for key in wanted}

    def field(record: list, name: str) -> str:
        i = pos[name]
        return (cell(record[i]) or "").strip() if i < len(record) else ""

    for record in records[first + 1 :]:
        if is_blank(record):
            continue
        var = field(record, "variableName")
        question = " ".join(field(record, "questionText").split())
        choice = " ".join(field(record, "choiceText").split())
        if field(record, "subType").casefold() == "multiple":
            export.kinds[var] = MULTIPLE
            export.groups[var] = field(record, "questionName")
            export.questions[var] = f"{question} - {choice}" if choice else question
        else:
            is_open = field(record, "questionType").casefold() == "open"
            export.kinds[var] = OPEN if is_open else SINGLE
            export.questions[var] = question


def _labels(records: list[list], shown: str) -> dict[str, dict[str, str]]:
    """``variable → {code → label}`` from a labels file without a header row."""
    labels: dict[str, dict[str, str]] = {}
    for index, record in enumerate(records):
        fields = [cell(v) or "" for v in record]
        if is_blank(record):
            continue
        if index == 0 and {normalise_header(f) for f in fields[:3]} in _LABEL_HEADERS:
            continue  # a header row after all
        if len(fields) < 3 or not fields[0].strip():
            melding = "forventet variabel, kode og etikett"
            raise InputError([Problem(shown, index + 1, None, melding)])
        var, code = fields[0].strip(), fields[1].strip()
        labels.setdefault(var, {})[code] = " ".join(" ".join(fields[2:]).split())
    return labels
