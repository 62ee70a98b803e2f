"""Cells a spreadsheet stores as numbers, dates, times, booleans or formulas, in every sheet of
every format (issue 19): they become text where the sheet is read (``raw_table.cell_text``),
so no later step meets anything but text.

SurveyXact's own XLSX export (sheets in the order Labels, Dataset, Structure; respondent ids
and codes stored as numbers) stopped ``lmsanalyse map`` with ``'float' object has no attribute
'isspace'``: our fixtures had stored every cell as text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lmsanalyse.clean.value_parsers import parse_datetime
from lmsanalyse.ingest.delimited import decode_file, is_blank, parse_records, sniff_by_shape
from lmsanalyse.ingest.raw_table import ROW, cell_text
from lmsanalyse.ingest.reader import read_mapped, read_raw_table
from lmsanalyse.tools.draftmap import draft_maps

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "surveyxact_nettskjema"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", ""),
        ("tekst", "tekst"),
        (True, "Ja"),
        (False, "Nei"),
        (0, "0"),
        (1805, "1805"),
        (10**20, "100000000000000000000"),
        (1.0, "1"),
        (1805.0, "1805"),
        (1e20, "100000000000000000000"),
        (2.5, "2.5"),
        (float("nan"), None),
        (dt.datetime(2014, 11, 3, 9, 15), "2014-11-03 09:15"),
        (dt.datetime(2014, 11, 3, 9, 15, 30), "2014-11-03 09:15:30"),
        (dt.date(2014, 12, 1), "2014-12-01"),
        (dt.time(9, 15), "09:15"),
        (dt.time(9, 15, 30), "09:15:30"),
    ],
)
def test_cell_text_of_every_type(value, text) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("record", "blank"),
    [
        ([None, "", "  "], True),
        ([1.0, None], False),  # a number first: it crashed on .isspace()
        ([None, 0], False),
        ([False], False),
        ([dt.date(2014, 1, 1)], False),
        (["  ", "x"], False),
    ],
)
def test_a_record_of_any_cell_types_is_judged_blank_or_not(record, blank) -> None:
    assert is_blank(record) is blank


def save_results(path: Path, sheet_xml: str, results: dict[str, str]) -> None:
    """Store formulas' last results in a sheet, as Excel does when it saves (openpyxl writes
    formulas without results)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts[sheet_xml].decode()
    for ref, value in results.items():
        kind = "" if re.fullmatch(r"[\d.]+", value) else ' t="str"'
        sheet, n = re.subn(
            rf'<c r="{ref}"><f>(.*?)</f><v\s*/>',
            rf'<c r="{ref}"{kind}><f>\1</f><v>{value}</v>',
            sheet,
        )
        assert n == 1, ref
    parts[sheet_xml] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _typed(value: str, column: str) -> object:
    """A text cell of the CSV export as SurveyXact's workbook stores it."""
    if value == "":
        return None
    if re.fullmatch(r"0|[1-9]\d*", value):  # a leading zero keeps a number text, as in Excel
        return int(value)
    if column == "closetime":
        return dt.datetime.strptime(value, "%d.%m.%Y %H:%M:%S")
    return value


def surveyxact_workbook(folder: Path) -> Path:
    """The bundled example's SurveyXact export (three UTF-16 CSV files) as SurveyXact's own
    XLSX: sheets Labels, Dataset, Structure; ids, codes and times as numbers and dates; one
    code a formula with its saved result, one a boolean."""
    sheets = {}
    for name, file in (("Labels", "labels"), ("Dataset", "dataset"), ("Structure", "structure")):
        text, _ = decode_file(EXAMPLES / "radmann" / f"{file}.csv")
        sheets[name] = parse_records(text, sniff_by_shape(text), file)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    header = sheets["Dataset"][0]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows):
            if name == "Dataset" and i:
                row = [_typed(v, header[j]) for j, v in enumerate(row)]
            elif name == "Labels":
                row = [row[0], int(row[1]), row[2]]
            ws.append(row)
    data = wb["Dataset"]
    stato = header.index("stato_4") + 1
    data.cell(row=2, column=stato).value = "=0+0"  # a formula whose saved result is 0
    data.cell(row=3, column=stato).value = False  # a boolean for an unchecked option
    path = folder / "radmann" / "export.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    # openpyxl's sheet order: Labels 1, Dataset 2, Structure 3.
    ref = f"{openpyxl.utils.get_column_letter(stato)}2"
    save_results(path, "xl/worksheets/sheet2.xml", {ref: "0"})
    return path


def example_map(raw: Path) -> Path:
    text = (EXAMPLES / "radmann_skjema.import.yaml").read_text(encoding="utf-8")
    text = re.sub(r"filer:\n(  .*\n)+", "filer:\n  data: radmann/export.xlsx\n", text)
    path = raw / "radmann_skjema.import.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestSurveyXactsOwnWorkbook:
    def test_it_reads_as_the_three_csv_files_do(self, tmp_path: Path) -> None:
        surveyxact_workbook(tmp_path)
        from_xlsx = read_mapped(example_map(tmp_path), "radmann_skjema")
        from_csv = read_mapped(EXAMPLES / "radmann_skjema.import.yaml", "radmann_skjema")
        assert from_xlsx.encoding == "xlsx" and from_csv.encoding != "xlsx"
        assert len(from_xlsx.data) == len(from_csv.data) == 202
        # The same times: a date cell reads as ISO 8601, the CSV file has Norwegian text.
        times = [from_xlsx.data.pop("innsendt"), from_csv.data.pop("innsendt")]
        parsed = [t.map(lambda v: v and parse_datetime(v)) for t in times]
        assert parsed[0].equals(parsed[1]) and parsed[0].notna().sum() == 202
        assert from_xlsx.data.equals(from_csv.data)
        assert [(o.rad, o.grunn) for o in from_xlsx.left_out] == [
            (o.rad, o.grunn) for o in from_csv.left_out
        ]
        assert from_xlsx.cell_issues == from_csv.cell_issues == []

    def test_map_drafts_a_map_from_it(self, tmp_path: Path) -> None:
        surveyxact_workbook(tmp_path)
        (drafted,) = draft_maps(tmp_path, source="radmann_skjema")
        text = drafted.text
        assert "format: surveyxact" in text and 'data: "radmann/export.xlsx"' in text
        assert drafted.kolonner["har_tjeneste"] == "s_2"
        assert drafted.kolonner["innsendt"] == "closetime"
        assert drafted.kolonner["svar_id"] == "respondent"


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


class TestContractWorkbooksOfEverySource:
    """The contract's own XLSX shape, one workbook per source, cells of every type."""

    def test_the_questionnaire(self, tmp_path: Path) -> None:
        path = tmp_path / "radmann_skjema.xlsx"
        write_book(
            path,
            {
                "Svar": [
                    ["svar_id", "innsendt", "enhet", "har_tjeneste", "interkommunal"],
                    [1001, dt.datetime(2014, 11, 3, 9, 15), 1805, "Ja", True],
                    [1002.0, dt.date(2014, 11, 4), "Bodø", "Nei", False],
                    [1003, 41947.5, 1902.0, "=A1", None],
                ]
            },
        )
        save_results(path, "xl/worksheets/sheet1.xml", {"D4": "Vet ikke"})
        table = read_raw_table(path, "radmann_skjema", strict=False)
        data = table.data.set_index(ROW)
        assert data.loc[2, ["svar_id", "innsendt", "enhet", "interkommunal"]].tolist() == [
            "1001",
            "2014-11-03 09:15",
            "1805",
            "Ja",
        ]
        assert data.loc[3, ["svar_id", "innsendt", "interkommunal"]].tolist() == [
            "1002",
            "2014-11-04",
            "Nei",
        ]
        assert data.loc[4, ["svar_id", "innsendt", "enhet", "har_tjeneste"]].tolist() == [
            "1003",
            "41947.5",
            "1902",
            "Vet ikke",
        ]

    def test_the_call_log_with_a_formula_saved_without_its_result(self, tmp_path, caplog):
        path = tmp_path / "ringerunde_logg.xlsx"
        write_book(
            path,
            {
                "Logg": [
                    ["enhet", "dato", "forsok", "utfall"],
                    ["Narvik", dt.date(2014, 12, 1), 1, "uavklart"],
                    [1804, dt.datetime(2014, 12, 2, 0, 0), 2.0, "har tjeneste"],
                    ["Bodø", dt.date(2014, 12, 2), "=1+1", "har ikke tjeneste"],
                ]
            },
        )
        with caplog.at_level(logging.WARNING):
            table = read_raw_table(path, "ringerunde_logg", strict=False)
        data = table.data.set_index(ROW)
        assert data["forsok"].tolist() == ["1", "2", None]
        assert data["dato"].tolist() == ["2014-12-01", "2014-12-02", "2014-12-02"]
        assert data["enhet"].tolist() == ["Narvik", "1804", "Bodø"]
        assert (
            "ringerunde_logg.xlsx: 1 celle(r) med formel uten lagret resultat leses som tomme (C4)"
            in caplog.text
        )

    def test_the_interviews(self, tmp_path: Path) -> None:
        path = tmp_path / "telefonintervju.xlsx"
        header = ["tjeneste_id", "vertskommune", "antall_tilbud", "i_gang", "intervjudato"]
        write_book(
            path,
            {"Intervju": [header, [7, 1805.0, 12.0, True, dt.datetime(2015, 1, 21, 10, 30)]]},
        )
        table = read_raw_table(path, "telefonintervju", strict=False)
        row = table.data.set_index(ROW).loc[2, header].tolist()
        assert row == ["7", "1805", "12", "Ja", "2015-01-21 10:30"]


def test_a_tabell_export_and_its_codebook_as_workbooks(tmp_path: Path) -> None:
    write_book(
        tmp_path / "logg.xlsx",
        {
            "Ark1": [
                ["kommune", "nr", "dato", "utfall"],
                ["Narvik", 1, dt.date(2014, 12, 1), 1],
                ["Bodø", 2.0, dt.datetime(2014, 12, 2, 13, 5), 2.0],
            ]
        },
    )
    write_book(
        tmp_path / "kodebok.xlsx",
        {
            "Koder": [
                ["variabel", "kode", "etikett"],
                ["utfall", 1, "uavklart"],
                ["utfall", 2.0, "har tjeneste"],
            ]
        },
    )
    (tmp_path / "ringerunde_logg.import.yaml").write_text(
        "kilde: ringerunde_logg\nformat: tabell\nfiler:\n  data: logg.xlsx\n"
        "  kodebok: kodebok.xlsx\nkolonner:\n  enhet: kommune\n  forsok: nr\n  dato: dato\n"
        "  utfall: utfall\n",
        encoding="utf-8",
    )
    table = read_mapped(tmp_path / "ringerunde_logg.import.yaml", "ringerunde_logg")
    assert table.data[["enhet", "forsok", "dato", "utfall"]].values.tolist() == [
        ["Narvik", "1", "2014-12-01", "uavklart"],
        ["Bodø", "2", "2014-12-02 13:05", "har tjeneste"],
    ]
    assert table.cell_issues == []
