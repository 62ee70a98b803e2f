"""Small survey-tool exports written byte by byte as the tools write them, for the tests.

Modelled on real exports (SurveyXact's ``dataset``/``structure``/``labels`` as readSX ships
them; Nettskjema's CSV report and form elements as the API returns them), but with our own
content: a tiny rådmann questionnaire and a tiny interview form.
"""

from __future__ import annotations

import json
from pathlib import Path

# ---------------------------------------------------------------- SurveyXact

SX_DATASET = [
    ["respondent", "closetime", "email", "s_1", "s_2", "s_3", "v_4_1", "v_4_2", "v_4_3", "stato_4"],
    ["R1", "03.11.2014 08:04:00", "a@x.invalid", "Narvik", "1", "1", "1", "0", "1", "1"],
    ["R2", "04.11.2014 09:00:00", "b@x.invalid", "Bodø", "2", "", "0", "0", "0", "1"],
    ["R3", "", "c@x.invalid", "Tromsø", "1", "", "", "", "", "0"],
    ["R4", "05.11.2014 10:00:00", "d@x.invalid", "Harstad", "3", "2", "", "", "", "1"],
]
SX_STRUCTURE = [
    [
        "questionName",
        "variableName",
        "questionType",
        "subType",
        "questionText",
        "choiceValue",
        "choiceText",
    ],
    ["s_1", "s_1", "Open", "String", "Hvilken kommune svarer du for?", "", ""],
    ["s_2", "s_2", "Closed", "Single", "Har kommunen en lærings- og mestringstjeneste?", "", ""],
    ["s_3", "s_3", "Closed", "Single", "Er tjenesten interkommunal?", "", ""],
    ["v_4", "v_4_1", "Closed", "Multiple", "Hvilke kommuner samarbeider dere med?", "1", "Evenes"],
    [
        "v_4",
        "v_4_2",
        "Closed",
        "Multiple",
        "Hvilke kommuner samarbeider dere med?",
        "2",
        "Tjeldsund",
    ],
    [
        "v_4",
        "v_4_3",
        "Closed",
        "Multiple",
        "Hvilke kommuner samarbeider dere med?",
        "3",
        "Ballangen (til 2020; nå Narvik)",
    ],
    ["statoverall", "stato_4", "Closed", "Multiple", "Samlet status", "4", "Gjennomført"],
]
SX_LABELS = [
    ["s_2", "1", "Ja"],
    ["s_2", "2", "Nei"],
    ["s_2", "3", "Vet ikke; usikker"],
    ["s_3", "1", "Ja"],
    ["s_3", "2", "Nei"],
    *[
        [v, c, t]
        for v in ("v_4_1", "v_4_2", "v_4_3", "stato_4")
        for c, t in (("0", "Ikke valgt"), ("1", "Valgt"))
    ],
]
SX_MAP = """kilde: radmann_skjema
format: surveyxact
filer:
{files}kolonner:
  svar_id: respondent
  innsendt: closetime
  enhet: s_1
  har_tjeneste: s_2
  interkommunal: s_3
verdier:
  har_tjeneste: {{"Vet ikke; usikker": Vet ikke}}
lister:
  samarbeidskommuner: {{v_4_1: Evenes, v_4_2: Tjeldsund, v_4_3: Ballangen}}
utelat:
  - {{variabel: stato_4, verdier: ["Ikke valgt"], grunn: "ikke gjennomført"}}
"""
SX_CSV_FILES = "  data: sx/dataset.csv\n  struktur: sx/structure.csv\n  etiketter: sx/labels.csv\n"
SX_XLSX_FILES = "  data: sx/export.xlsx\n"

# (encoding, delimiter, line end, quote text as R does, SurveyXact's extra empty field)
SX_VARIANTS = {
    "utf16_tab": ("utf-16", "\t", "\r\n", False, False),
    "cp1252_semicolon": ("cp1252", ";", "\n", False, True),
    "cp1252_comma_quoted": ("cp1252", ",", "\n", True, True),
    "utf8_semicolon_crlf": ("utf-8", ";", "\r\n", False, False),
    "utf8_bom_comma": ("utf-8-sig", ",", "\r\n", False, False),
}


def _field(text: str, delimiter: str, quote: bool) -> str:
    if quote and text and not text.isdigit() or any(c in text for c in (delimiter, '"', ";", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _lines(rows: list[list[str]], delimiter: str, newline: str, quote: bool, extra: bool) -> str:
    out = []
    for row in rows:
        fields = [_field(v, delimiter, quote) for v in row]
        if extra:
            fields.append("")  # the redundant empty field SurveyXact leaves at the end
        out.append(delimiter.join(fields))
    return newline.join(out) + newline


def write_surveyxact(raw: Path, variant: str, map_text: str | None = None) -> Path:
    """The tiny questionnaire as a SurveyXact export in ``raw/sx``; returns the map."""
    folder = raw / "sx"
    folder.mkdir(parents=True, exist_ok=True)
    if variant == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        # The order SurveyXact's workbook has: Labels, Dataset, Structure; codes as numbers.
        for name, rows in (
            ("Labels", SX_LABELS),
            ("Dataset", SX_DATASET),
            ("Structure", SX_STRUCTURE),
        ):
            ws = wb.create_sheet(name)
            for i, row in enumerate(rows):
                numeric = name == "Labels" or (name == "Dataset" and i)
                ws.append([float(v) if numeric and v.isdigit() else (v or None) for v in row])
        wb.save(folder / "export.xlsx")
        files = SX_XLSX_FILES
    else:
        encoding, delim, newline, quote, extra = SX_VARIANTS[variant]
        tables = {
            "dataset": _lines(SX_DATASET[:1], delim, newline, False, False)
            + _lines(SX_DATASET[1:], delim, newline, quote, extra),
            "structure": _lines(SX_STRUCTURE[:1], delim, newline, False, False)
            + _lines(SX_STRUCTURE[1:], delim, newline, quote, extra),
            "labels": _lines(SX_LABELS, delim, newline, quote, False),
        }
        for name, text in tables.items():
            (folder / f"{name}.csv").write_bytes(text.encode(encoding))
        files = SX_CSV_FILES
    path = raw / "radmann_skjema.import.yaml"
    path.write_text(map_text or SX_MAP.format(files=files), encoding="utf-8")
    return path


# ---------------------------------------------------------------- Nettskjema

NS_HEADER = [
    "$submission_id",
    "$created",
    "id",
    "navn",
    "vert",
    "org",
    "typer.mestring",
    "typer.samtale",
    "bm.utvikling",
    "antall",
    "$answer_time_ms",
]
NS_ROWS = [
    ["27685292", "2014-12-08T09:15:00+01:00", "TEST", "Test", "Test", "", "", "", "", "", "1000"],
    [
        "27685302",
        "2014-12-09T10:00:00+01:00",
        "T1",
        "LMS Narvik",
        "Narvik",
        "1",
        "1",
        "1",
        "1",
        "4.0",
        "2000",
    ],
    [
        "27685319",
        "2014-12-10T11:30:00+01:00",
        "T2",
        "Samtaletilbud",
        "Bodø",
        "2",
        "0",
        "0",
        "2",
        "0.0",
        "3000",
    ],
    [
        "27685320",
        "2014-12-11T12:00:00+01:00",
        "T3",
        "Kurs",
        "Evenes",
        "1",
        "",
        "",
        "3",
        "2.0",
        "3000",
    ],
]


def ns_elements() -> list[dict]:
    def option(code: str, text: str) -> dict:
        return {"answerOptionId": 1, "sequence": 1, "text": text, "externalAnswerOptionId": code}

    return [
        {
            "elementType": "HEADING",
            "externalElementId": None,
            "text": "Intervju",
            "answerOptions": [],
        },
        {"elementType": "QUESTION", "externalElementId": "id", "text": "Tjeneste-ID"},
        {"elementType": "QUESTION", "externalElementId": "navn", "text": "Hva heter tjenesten?"},
        {"elementType": "QUESTION", "externalElementId": "vert", "text": "Vertskommune"},
        {
            "elementType": "RADIO",
            "externalElementId": "org",
            "text": "Hvordan er tjenesten organisert?",
            "answerOptions": [
                option("1", "Kommunal"),
                option("2", "Interkommunal (flere kommuner)"),
            ],
        },
        {
            "elementType": "CHECKBOX",
            "externalElementId": "typer",
            "text": "Hvilke typer tilbud gir tjenesten?",
            "answerOptions": [
                option("mestring", "Mestringskurs"),
                option("samtale", "Samtalegruppe"),
            ],
        },
        {"elementType": "PAGE_BREAK", "externalElementId": None},
        {
            "elementType": "MATRIX_RADIO",
            "externalElementId": "bm",
            "text": "Sidestilt brukermedvirkning",
            "answerOptions": [option("1", "Ja"), option("2", "Delvis"), option("3", "Nei")],
            "subElements": [{"externalElementId": "utvikling", "text": "Utvikling"}],
        },
        {"elementType": "NUMBER", "externalElementId": "antall", "text": "Antall tilbud"},
    ]


NS_MAP = """kilde: telefonintervju
format: nettskjema
filer:
  data: ns/data-1-2015-01-31.txt
{codebook}kolonner:
  tjeneste_id: id
  tjeneste_navn: navn
  vertskommune: vert
  organisering: org
  antall_tilbud: antall
  bm_utvikling: bm.utvikling
{values}lister:
  tilbudstyper: {{typer.mestring: mestringskurs, typer.samtale: samtalegruppe}}
utelat:
  - {{variabel: $submission_id, verdier: ["27685292"], grunn: testinnsending}}
"""


def write_nettskjema(raw: Path, codebook: str | None = "list", map_text: str | None = None) -> Path:
    """The tiny interview form as a Nettskjema report (+ elements JSON); returns the map.

    Args:
        codebook: ``list`` (the API's elements), ``dict`` (nettskjemar's saved codebook with
            the elements under ``elements``) or None (no codebook: option ids stay ids).
    """
    folder = raw / "ns"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [";".join(f'"{v}"' for v in row) for row in [NS_HEADER, *NS_ROWS]]
    (folder / "data-1-2015-01-31.txt").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    book = ""
    if codebook:
        elements = (
            ns_elements() if codebook == "list" else {"form_id": [1], "elements": ns_elements()}
        )
        (folder / "elements-1.json").write_text(json.dumps(elements, ensure_ascii=False), "utf-8")
        book = "  kodebok: ns/elements-1.json\n"
        values = 'verdier:\n  organisering: {"Interkommunal (flere kommuner)": interkommunal}\n'
    else:
        values = (
            "verdier:\n  organisering: {'1': kommunal, '2': interkommunal}\n"
            "  bm_utvikling: {'1': Ja, '2': Delvis, '3': Nei}\n"
        )
    path = raw / "telefonintervju.import.yaml"
    path.write_text(map_text or NS_MAP.format(codebook=book, values=values), encoding="utf-8")
    return path
