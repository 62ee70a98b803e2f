"""The synthetic questionnaire as SurveyXact exports it: ``dataset``, ``structure``, ``labels``.

Written from the same rendered frame as ``data/raw/radmann_skjema.csv``, so that the two give
the same decisions. As SurveyXact writes it: the respondent and close time as background
variables, an e-mail address from the distribution list, coded answers with a labels file
without a header row, the overall status as one 0/1 variable per status (``statoverall``),
and a few test and unfinished respondents before the real ones. Variants:

* ``utf16_tab``: UTF-16 with a BOM, tabs, CRLF, fields with ``;`` quoted (SurveyXact's
  "Unicode" CSV; the bundled example);
* ``cp1252_semicolon``: Windows-1252, ``;``, LF;
* ``cp1252_comma``: Windows-1252, ``,``, LF, text quoted as R's ``write.csv`` does, and
  structure lines with a choice ending in one more, empty field (SurveyXact's own bug);
* ``utf8_semicolon``: UTF-8 with a BOM, ``;``, CRLF;
* ``xlsx``: one workbook with the sheets Labels, Dataset and Structure, numbers as numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ...clean.value_parsers import parse_datetime
from ...contract import YES_NO, YES_NO_UNKNOWN
from ...guard import SYNTH_MARKER, SYNTHETIC_MARKER
from ...ingest.surveyxact import STRUCTURE_COLUMNS
from ...spelling import canonical_answer

VARIANTS = ("utf16_tab", "cp1252_semicolon", "cp1252_comma", "utf8_semicolon", "xlsx")
# variable, contract column, questionType, subType, question text, {code: label}
QUESTIONS = (
    ("s_1", "enhet", "Open", "String", "Hvilken kommune eller bydel svarer du for?", None),
    (
        "s_2",
        "har_tjeneste",
        "Closed",
        "Single",
        "Har kommunen/bydelen en lærings- og mestringstjeneste (LMS-tjeneste)?",
        {"1": "Ja, vi har en slik tjeneste", "2": "Nei", "3": "Vet ikke; usikker"},
    ),
    (
        "s_3",
        "interkommunal",
        "Closed",
        "Single",
        "Er tjenesten interkommunal, dvs. delt med andre kommuner?",
        {"1": "Ja", "2": "Nei"},
    ),
    (
        "s_4",
        "samarbeidskommuner",
        "Open",
        "String",
        "Hvilke kommuner samarbeider dere med om tjenesten?",
        None,
    ),
    ("s_5", "tjeneste_navn", "Open", "String", "Hva heter tjenesten?", None),
    ("s_6", "kontaktperson", "Open", "String", "Navn på kontaktperson for tjenesten", None),
    ("s_7", "kontakt_telefon", "Open", "String", "Telefonnummer til kontaktpersonen", None),
    ("s_8", "kontakt_epost", "Open", "String", "E-postadresse til kontaktpersonen", None),
    ("s_9", "kommentar", "Open", "String", "Har du andre kommentarer til undersøkelsen?", None),
)
STATUSES = ("Ny", "Distribuert", "Noen svar", "Gjennomført", "Frafalt")
COMPLETED = 4  # stato_4: Gjennomført
SELECTED_LABELS = {"0": "Ikke valgt", "1": "Valgt"}
# Test and unfinished respondents (status number, answers): left out through `utelat`.
TESTS = (
    ("R0001", 3, {"s_1": "Testkommune", "s_2": "1", "s_5": "Test av skjemaet"}),
    ("R0002", 2, {}),
    ("R0003", 3, {"s_1": "Prøve", "s_2": "3"}),
)
CODES = {
    "har_tjeneste": ({"Ja": "1", "Nei": "2", "Vet ikke": "3"}, YES_NO_UNKNOWN),
    "interkommunal": ({"Ja": "1", "Nei": "2"}, YES_NO),
}


def _code(column: str, value: object) -> str | None:
    if column not in CODES or not isinstance(value, str) or not value.strip():
        return value if isinstance(value, str) and value else None
    codes, allowed = CODES[column]
    return codes[canonical_answer(value, allowed)]


def dataset_rows(frame: pd.DataFrame, seed: int) -> tuple[list[str], list[list[object]]]:
    """The dataset's header and rows (codes as text, close time as a datetime)."""
    header = ["respondent", "closetime", "email", "syntetisk"]
    header += [q[0] for q in QUESTIONS] + [f"stato_{k}" for k in range(1, 6)] + ["datakilde"]
    marker = f"{SYNTH_MARKER} --seed {seed})"
    rows: list[list[object]] = []

    def status(k: int) -> list[object]:
        return ["1" if i == k else "0" for i in range(1, 6)]

    for n, (ident, state, answers) in enumerate(TESTS, start=1):
        answers_ = [answers.get(q[0]) for q in QUESTIONS]
        rows.append([ident, None, f"test{n}@kommune-eksempel.invalid", "1", *answers_])
        rows[-1] += [*status(state), marker]
    for k, rec in enumerate(frame.to_dict("records"), start=1):
        closed = parse_datetime(rec["innsendt"])
        answers_ = [_code(q[1], rec.get(q[1])) for q in QUESTIONS]
        email = f"postmottak{k}@kommune-eksempel.invalid"
        rows.append([rec["svar_id"], closed, email, "1", *answers_, *status(COMPLETED), marker])
    return header, rows


def structure_rows() -> list[list[str | None]]:
    rows: list[list[str | None]] = [
        list(STRUCTURE_COLUMNS),
        [
            "syntetisk",
            "syntetisk",
            "Closed",
            "Single",
            f"Datasett ({SYNTHETIC_MARKER})",
            None,
            None,
        ],
    ]
    rows += [[v, v, qt, st, text, None, None] for v, _, qt, st, text, _ in QUESTIONS]
    rows += [
        ["statoverall", f"stato_{k}", "Closed", "Multiple", "Samlet status", str(k), name]
        for k, name in enumerate(STATUSES, start=1)
    ]
    rows.append(["datakilde", "datakilde", "Open", "String", "Datakilde", None, None])
    return rows


def label_rows() -> list[list[str]]:
    rows = [["syntetisk", "1", f"Ja – {SYNTHETIC_MARKER}"]]
    rows += [
        [v, code, text]
        for v, _, _, _, _, labels in QUESTIONS
        for code, text in (labels or {}).items()
    ]
    rows += [[f"stato_{k}", c, t] for k in range(1, 6) for c, t in SELECTED_LABELS.items()]
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    return str(value)


def _field(value: object, delimiter: str, quote: bool) -> str:
    text = _text(value)
    needs = any(ch in text for ch in (delimiter, '"', "\n", "\r", ";"))
    if needs or (quote and value is not None and not text.isdigit()):
        return '"' + text.replace('"', '""') + '"'
    return text


# Quoted as R's write.csv quotes text (the comma variant): which columns hold text.
_TEXT_COLUMNS = {"structure": {4, 6}, "labels": {0, 2}}


def _csv(name: str, rows: list[list], delimiter: str, newline: str, quote: bool) -> str:
    lines = []
    first = 0 if name == "labels" else 1  # labels has no header row
    for i, row in enumerate(rows):
        text_columns = _TEXT_COLUMNS.get(name, set(range(len(row))))
        fields = [
            _field(v, delimiter, quote and i >= first and j in text_columns)
            for j, v in enumerate(row)
        ]
        if quote and name == "structure" and i > 0 and row[6]:
            fields.append("")  # SurveyXact leaves a redundant empty field after a choice text
        lines.append(delimiter.join(fields))
    return newline.join(lines) + newline


def write_surveyxact(frame: pd.DataFrame, folder: Path, seed: int, variant: str) -> list[Path]:
    """Write the questionnaire as a SurveyXact export into ``folder``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    header, data = dataset_rows(frame, seed)
    tables = {"dataset": [header, *data], "structure": structure_rows(), "labels": label_rows()}
    if variant == "xlsx":
        path = folder / "export.xlsx"
        path.write_bytes(_xlsx(tables))
        return [path]
    delimiter, encoding, newline, quote = {
        "utf16_tab": ("\t", "utf-16", "\r\n", False),
        "cp1252_semicolon": (";", "cp1252", "\n", False),
        "cp1252_comma": (",", "cp1252", "\n", True),
        "utf8_semicolon": (";", "utf-8-sig", "\r\n", False),
    }[variant]
    paths = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        path.write_bytes(_csv(name, rows, delimiter, newline, quote).encode(encoding))
        paths.append(path)
    return paths


def _xlsx(tables: dict[str, list[list]]) -> bytes:
    """The three tables as one workbook; codes are numbers there, as SurveyXact writes them."""
    import openpyxl

    from .raw_files import stable_xlsx_bytes

    coded = {"syntetisk", *(q[0] for q in QUESTIONS if q[5]), *(f"stato_{k}" for k in range(1, 6))}
    header = tables["dataset"][0]
    numeric = {i for i, name in enumerate(header) if name in coded}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.title = SYNTHETIC_MARKER
    for sheet in ("Labels", "Dataset", "Structure"):
        ws = wb.create_sheet(sheet)
        for n, row in enumerate(tables[sheet.lower()]):
            if sheet == "Labels":
                row = [row[0], int(row[1]), row[2]]
            elif sheet == "Dataset" and n:
                row = [int(v) if i in numeric and v is not None else v for i, v in enumerate(row)]
            ws.append(row)
    return stable_xlsx_bytes(wb)
