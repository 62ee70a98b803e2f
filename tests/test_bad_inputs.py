"""The bad-input suite: hand-made broken raw files, each with its exact expected outcome.

Every case names its source, how its file is made (a committed file in ``tests/bad_inputs/``,
or a builder below for files that are big, binary or XLSX) and what must happen:

* ``errors``: the file cannot be used; ``read_raw_table`` raises :class:`InputError` with
  exactly these lines (file, row and column named);
* otherwise the file is read and cleaned; ``quarantine`` lists every quarantine row
  ``(rad, kolonne, niva, arsak)`` and ``accounting`` is the row accounting
  ``(rader_inn, brukt, slatt_sammen, karantene, tomme_rader)``, which must balance.

The file is copied to ``<source>.<ext>`` first, so messages name it as a real run would.
Kommuner are real 2014 units; every person is fictitious.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers import aliases_declaring_absent, clean_in, include_in, validate_dir
from lmsanalyse.clean.clean_stage import accounting_frame, quarantine_frame
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.clean.issues import CleanedSource
from lmsanalyse.cli import main
from lmsanalyse.config import load_header_aliases
from lmsanalyse.contract import INTERVJU, RADMANN, RINGERUNDE
from lmsanalyse.ingest.raw_table import ROW, RawTable
from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.problems import InputError, Problem
from lmsanalyse.reference import load_enheter

REPO = Path(__file__).resolve().parents[1]
BAD = Path(__file__).resolve().parent / "bad_inputs"
ALIASES_PATH = REPO / "config" / "header_aliases.yaml"
ALIASES = load_header_aliases(ALIASES_PATH)

RAD, ROWS, INT = RADMANN.name, RINGERUNDE.name, INTERVJU.name
ROW_LEVEL, VALUE_LEVEL = "rad", "verdi"

AMBIGUOUS = "er tvetydig: {}. Oppgi kommunenummer eller fylke."
VALER = AMBIGUOUS.format("0137 Våler (Østfold) og 0426 Våler (Hedmark)")
OS = AMBIGUOUS.format("0441 Os (Hedmark) og 1243 Os (Hordaland)")
HEROY = AMBIGUOUS.format("1515 Herøy (Møre og Romsdal) og 1818 Herøy (Nordland)")
NO_OTHER_PARTICIPANTS = "interkommunal tjeneste uten andre deltakerkommuner enn vertskommunen"
HYPERLINK = '=HYPERLINK("http://x","klikk")'

# ---------------------------------------------------------------- builders (big/binary/XLSX)

RINGERUNDE_HEADER = "enhet,dato,forsok,kontaktpunkt,utfall,kontaktperson,notat\r\n"
INTERVJU_HEADER = [
    "tjeneste_id",
    "tjeneste_navn",
    "vertskommune",
    "organisering",
    "deltakerkommuner",
    "friskliv",
    "navn_med_mestring",
    "egen_enhet",
    "i_gang",
    "antall_tilbud",
    "tilbudstyper",
    "bm_utvikling",
    "bm_planlegging",
    "bm_gjennomforing",
    "bm_evaluering",
    "rekruttering",
    "mange_ars_erfaring",
    "intervjudato",
]


def interview_row(tjeneste_id: str = "T1", **kw: object) -> list[object]:
    """One valid interview row in ``INTERVJU_HEADER`` order (Narvik, started, included)."""
    row = {
        "tjeneste_id": tjeneste_id,
        "tjeneste_navn": "LMS Narvik",
        "vertskommune": "Narvik",
        "organisering": "kommunal",
        "deltakerkommuner": None,
        "friskliv": "organisert sammen",
        "navn_med_mestring": "Ja",
        "egen_enhet": "nei",
        "i_gang": "Ja",
        "antall_tilbud": 3,
        "tilbudstyper": "mestringskurs",
        "bm_utvikling": "Ja",
        "bm_planlegging": "Ja",
        "bm_gjennomforing": "Ja",
        "bm_evaluering": "Ja",
        "rekruttering": "via brukerorganisasjoner",
        "mange_ars_erfaring": "Nei",
        "intervjudato": dt.datetime(2014, 12, 16),
    } | kw
    return [row[h] for h in INTERVJU_HEADER]


def write_xlsx(path: Path, rows: list[list[object]], merge: tuple[str, ...] = ()) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)  # keeps the top-left value only, as Excel does
    wb.save(path)


def save_results(path: Path, results: dict[str, str]) -> None:
    """Store a formula's last result in the sheet, as Excel does when it saves.

    openpyxl writes formulas without results (``<v/>``); the cell reference maps to the
    result text (a number, or a string, which gets the cell type ``str``).
    """
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in results.items():
        kind = "" if re.fullmatch(r"[\d.]+", value) else ' t="str"'
        sheet, n = re.subn(
            rf'<c r="{ref}"><f>(.*?)</f><v\s*/>',
            rf'<c r="{ref}"{kind}><f>\1</f><v>{value}</v>',
            sheet,
        )
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def build_utf16_bom(path: Path) -> None:
    text = RINGERUNDE_HEADER + "Tromsø,01.12.2014,1,sentralbord,uavklart,,\r\n"
    text += "Bærum,02.12.2014,1,helseleder,har ikke tjeneste,Åse Prøvesen,\r\n"
    path.write_bytes(text.encode("utf-16"))  # with BOM, as Excel's "Unicode text"


def build_utf16_no_bom(path: Path) -> None:
    text = RINGERUNDE_HEADER + "Tromsø,01.12.2014,1,sentralbord,uavklart,,\r\n"
    path.write_bytes(text.encode("utf-16-le"))


def build_bom_lies(path: Path) -> None:
    # A UTF-8 file (with BOM) that Windows-1252 rows were appended to.
    text = RINGERUNDE_HEADER + "Tromsø,01.12.2014,1,sentralbord,uavklart,,\r\n"
    extra = "Bærum,02.12.2014,1,helseleder,uavklart,,\r\n"
    path.write_bytes(text.encode("utf-8-sig") + extra.encode("cp1252"))


def build_nul_in_cell(path: Path) -> None:
    text = RINGERUNDE_HEADER + "Narvik,01.12.2014,1,sentralbord,uavklart,,ring\x00 igjen\r\n"
    path.write_bytes(text.encode("utf-8"))


HUGE = 10 * 1024 * 1024  # 10 MB: far beyond the csv module's default 128 KB field limit
HUGE_MARKER = "KJEMPEKOMMENTAR"


def huge_comment() -> str:
    # Quotes, delimiters and line breaks inside, so the reader must keep the cell quoted.
    chunk = 'Åse sa "ja; nei, kanskje"\r\nNy linje; ' * 32
    return (HUGE_MARKER + chunk * (HUGE // len(chunk) + 1))[:HUGE]


def build_huge_free_text(path: Path) -> None:
    rows = [
        ["svar_id", "innsendt", "enhet", "har_tjeneste", "kontaktperson", "kommentar"],
        ["R1", "01.11.2014 10:00", "Narvik", "Ja", "Kari Fiktivsen", huge_comment()],
        ["R2", "02.11.2014 10:00", "Bodø", "Nei", "", "kort"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)


def build_blank_lines(path: Path) -> None:
    text = RINGERUNDE_HEADER + "Narvik,01.12.2014,1,sentralbord,uavklart,,\r\n"
    text += "\r\n" * 100_000 + "Bodø,02.12.2014,1,helseleder,har tjeneste,,\r\n"
    path.write_bytes(text.encode("utf-8"))


def build_xlsx_merged_header(path: Path) -> None:
    # 'tjeneste_navn' merged over B1:C1 hides the header 'vertskommune' in C1.
    write_xlsx(path, [INTERVJU_HEADER, interview_row()], merge=("B1:C1",))


def build_xlsx_title_row(path: Path) -> None:
    # A merged title above the header: the header is not on the first non-blank row.
    header = ["svar_id", "innsendt", "enhet", "har_tjeneste"]
    title = ["Kartlegging av lærings- og mestringstjenester 2014", None, None, None]
    rows = [title, header, ["R1", "01.11.2014 10:00", "Narvik", "Ja"]]
    write_xlsx(path, rows, merge=("A1:D1",))


def build_xlsx_formula_saved(path: Path) -> None:
    # As saved by Excel: each formula carries its result, which is what is read.
    write_xlsx(
        path, [INTERVJU_HEADER, interview_row(tjeneste_navn=HYPERLINK, antall_tilbud="=1+2")]
    )
    save_results(path, {"B2": "klikk", "J2": "3"})


def build_xlsx_formula_unsaved(path: Path) -> None:
    # As written by a script: formulas without results. They read as blank, and the log
    # names the cells (see test_formulas_without_results_are_named_in_the_log).
    rows = [
        INTERVJU_HEADER,
        interview_row(tjeneste_navn=HYPERLINK),
        interview_row("T2", vertskommune="Bodø", antall_tilbud="=1+2"),
    ]
    write_xlsx(path, rows)


def build_xlsx_extra_sheet(path: Path) -> None:
    write_xlsx(path, [INTERVJU_HEADER, interview_row()])
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("Notater")
    notes.append(INTERVJU_HEADER)
    notes.append(interview_row("T9", vertskommune="Bodø"))
    wb.save(path)


def build_xlsx_serial_dates_radmann(path: Path) -> None:
    # Dates typed as numbers (Excel serial days): a float with time, an int, and a real date.
    rows = [
        ["svar_id", "innsendt", "enhet", "har_tjeneste"],
        ["R1", 41944.4375, "Narvik", "Ja"],
        ["R2", 41945, "Bodø", "Nei"],
        ["R3", dt.datetime(2014, 11, 3, 9, 15), "Tromsø", "Vet ikke"],
    ]
    write_xlsx(path, rows)


def build_xlsx_serial_dates_intervju(path: Path) -> None:
    write_xlsx(path, [INTERVJU_HEADER, interview_row(intervjudato=41990)])


# ---------------------------------------------------------------- checks on accepted files


def column(cleaned: CleanedSource, name: str) -> list[object]:
    return cleaned.table[name].tolist()


def check_latin1(table: RawTable, cleaned: CleanedSource) -> None:
    assert table.encoding == "cp1252"  # decodes Latin-1 too: æøå have the same codes
    assert table.data["enhet"].tolist() == ["Bærum", "Tromsø", "Åfjord kommune"]
    assert table.data["kommentar"].iloc[0] == "Spør etter Åse Ødegård"
    assert column(cleaned, "enhet_id") == ["0219", "1630", "1902"]
    assert column(cleaned, "tjeneste_navn")[2] == "Lærings- og mestringssenteret"


def check_utf16(table: RawTable, cleaned: CleanedSource) -> None:
    assert (table.encoding, table.delimiter) == ("utf-16", ",")
    assert table.data["kontaktperson"].tolist()[1] == "Åse Prøvesen"
    assert column(cleaned, "enhet_id") == ["0219", "1902"]


def check_ambiguous(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "enhet_id") == ["0137"]  # 'Våler i Østfold' names the fylke


def check_oslo_bydel(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "enhet_id") == ["030105"]


def check_answers_radmann(table: RawTable, cleaned: CleanedSource) -> None:
    # Sorted by enhet_id: Bodø 'JA', Narvik 'ja takk', Tromsø ' ja ' with interkommunal 'y'.
    assert column(cleaned, "enhet_id") == ["1804", "1805", "1902"]
    assert column(cleaned, "har_tjeneste") == ["Ja", None, "Ja"]
    assert column(cleaned, "interkommunal") == [None, None, None]


def check_answers_intervju(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "tjeneste_id") == ["T2"]
    assert column(cleaned, "i_gang") == ["Ja"]  # 'JA': case is ignored
    assert column(cleaned, "bm_evaluering") == ["Delvis"]  # 'DELVIS'


def check_host_twice(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "deltakerkommuner") == [["1805", "1854"]]


def check_list_entries(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "samarbeidskommuner") == [["1854"]]


def check_formula_control_intervju(table: RawTable, cleaned: CleanedSource) -> None:
    # Kept as text here; the CSV writer neutralises it (see TestOutputsOfHostileText).
    assert column(cleaned, "tjeneste_navn") == [HYPERLINK, "LMS Bodø"]
    assert "leder_navn" not in cleaned.table.columns


def check_formula_control_radmann(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "enhet_id") == ["1804", "1805"]  # 'Bodø\x1b' still matches
    assert column(cleaned, "tjeneste_navn") == [None, "@SUM(A1:A9)"]
    assert "kommentar" not in cleaned.table.columns


def check_attempts(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, ROW) == [4]  # Bodø's first line; its exact repeat is merged


def _check_answers_read(cleaned: CleanedSource) -> None:
    rows = cleaned.table[
        ["friskliv", "navn_med_mestring", "i_gang", "tilbudstyper", "vertskommune_id"]
    ]
    assert rows.values.tolist() == [
        ["organisert sammen", "Ja", "Ja", ["pårørendekurs"], "1805"],
        ["nei", "Ja", "Ja", ["mestringskurs", "kurs på tvers av diagnoser"], "1804"],
    ]


def _check_no_bidi(cleaned: CleanedSource) -> None:
    assert cleaned.table["tjeneste_navn"].tolist() == ["LMS Narvik"]
    assert cleaned.table["navn_med_mestring"].tolist() == ["Ja"]


def _check_latest(cleaned: CleanedSource, svar_id: str, answer: str) -> None:
    assert cleaned.table[["svar_id", "har_tjeneste"]].values.tolist() == [[svar_id, answer]]


def check_huge(table: RawTable, cleaned: CleanedSource) -> None:
    # Kept whole, line breaks as "\n" (every cell is normalised at ingest).
    assert table.data["kommentar"].tolist() == [huge_comment().replace("\r\n", "\n"), "kort"]
    assert "kommentar" not in cleaned.table.columns  # free text is never carried on
    assert column(cleaned, "enhet_id") == ["1804", "1805"]


def check_blank_lines(table: RawTable, cleaned: CleanedSource) -> None:
    assert table.data[ROW].tolist() == [2, 100_003]  # rows as a spreadsheet shows them
    assert column(cleaned, "enhet_id") == ["1804", "1805"]


def check_formula_saved(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "tjeneste_navn") == ["klikk"]
    assert column(cleaned, "antall_tilbud") == [3]


def check_first_sheet_only(table: RawTable, cleaned: CleanedSource) -> None:
    # Only the first sheet is read; 'Notater' with T9 is ignored (and logged).
    assert column(cleaned, "tjeneste_id") == ["T1"]


def check_serial_radmann(table: RawTable, cleaned: CleanedSource) -> None:
    assert table.data["innsendt"].tolist() == ["41944.4375", "41945", "2014-11-03 09:15"]
    # Sorted by enhet_id: Bodø (R2), Narvik (R1), Tromsø (R3).
    assert column(cleaned, "innsendt") == [
        dt.datetime(2014, 11, 2),
        dt.datetime(2014, 11, 1, 10, 30),
        dt.datetime(2014, 11, 3, 9, 15),
    ]


def check_serial_intervju(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "intervjudato") == [dt.date(2014, 12, 17)]


def check_bydel_ordinal(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "enhet_id") == ["030101", "030105", "030115"]


def build_xlsx_typed_cells(path: Path) -> None:
    # Ids, times and answers as a spreadsheet stores them: numbers first in their rows (the
    # crash of 'float' has no attribute 'isspace'), dates as dates, a boolean.
    rows = [
        ["svar_id", "innsendt", "enhet", "har_tjeneste", "interkommunal"],
        [1001, dt.datetime(2014, 11, 3, 9, 15), 1805, "Ja", True],
        [1002.0, dt.date(2014, 11, 4), "Bodø", "Nei", None],
        [1003, 41947.5, 1902.0, "Vet ikke", False],
    ]
    write_xlsx(path, rows)


def check_typed_cells(table: RawTable, cleaned: CleanedSource) -> None:
    assert column(cleaned, "svar_id") == ["1002", "1001", "1003"]
    assert column(cleaned, "enhet_id") == ["1804", "1805", "1902"]
    assert column(cleaned, "interkommunal") == [None, "Ja", "Nei"]


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One broken input and its exact expected outcome (see the module docstring)."""

    id: str
    source: str
    make: str | Callable[[Path], None]  # file in tests/bad_inputs/, or a builder
    ext: str = ".csv"
    errors: tuple[str, ...] = ()
    quarantine: tuple[tuple[int, str, str, str], ...] = ()
    accounting: tuple[int, int, int, int, int] | None = None
    check: Callable[[RawTable, CleanedSource], None] | None = None


CASES = [
    # -- the file cannot be used at all
    Case(
        "missing_required_column",
        RAD,
        "radmann_missing_column.csv",
        errors=(
            "radmann_skjema.csv, rad 1, kolonne 'innsendt': påkrevd kolonne mangler; ingen "
            "overskrift står uten kolonne; gi overskriften et alias under radmann_skjema i "
            "config/header_aliases.yaml",
        ),
    ),
    Case(
        "empty_file",
        ROWS,
        "ringerunde_empty.csv",
        errors=("ringerunde_logg.csv: filen er tom (ingen overskriftsrad)",),
    ),
    Case(
        "tab_delimited",
        RAD,
        "radmann_tab_delimited.csv",
        errors=(
            "radmann_skjema.csv: skilletegnet ser ut til å være tabulator; bruk ',' eller ';'",
        ),
    ),
    Case(
        "pipe_delimited",
        ROWS,
        "ringerunde_pipe_delimited.csv",
        errors=("ringerunde_logg.csv: skilletegnet ser ut til å være '|'; bruk ',' eller ';'",),
    ),
    Case(
        "utf16_without_bom",
        ROWS,
        build_utf16_no_bom,
        errors=("ringerunde_logg.csv: filen ser ut som UTF-16 uten BOM; lagre den som CSV UTF-8",),
    ),
    Case(
        "utf8_bom_with_cp1252_rows_appended",
        ROWS,
        build_bom_lies,
        errors=(
            "ringerunde_logg.csv: filen er merket som UTF-8 (BOM), men er ikke gyldig UTF-8; "
            "lagre den på nytt",
        ),
    ),
    Case(
        "nul_character_in_cell",
        ROWS,
        build_nul_in_cell,
        errors=("ringerunde_logg.csv: filen ser ut som binær (NUL-tegn), ikke CSV",),
    ),
    Case(
        "quote_never_closed",
        RAD,
        "radmann_unclosed_quote.csv",
        errors=(
            'radmann_skjema.csv, rad 2: et anførselstegn (") åpnes, men lukkes aldri; '
            "resten av filen blir én celle",
        ),
    ),
    Case(
        "column_twice_via_alias",
        ROWS,
        "ringerunde_duplicate_column.csv",
        errors=("ringerunde_logg.csv, rad 1, kolonne 'forsok': kolonnen finnes to ganger",),
    ),
    Case(
        "xlsx_merged_header_cells",
        INT,
        build_xlsx_merged_header,
        ext=".xlsx",
        errors=(
            "telefonintervju.xlsx, rad 1, kolonne 'vertskommune': påkrevd kolonne mangler; "
            "ingen overskrift står uten kolonne; gi overskriften et alias under telefonintervju "
            "i config/header_aliases.yaml",
        ),
    ),
    Case(
        "xlsx_merged_title_row_above_header",
        RAD,
        build_xlsx_title_row,
        ext=".xlsx",
        errors=(
            *(
                f"radmann_skjema.xlsx, rad 1, kolonne '{col}': påkrevd kolonne mangler; "
                "ingen overskrift uten kolonne ligner (uten kolonne: "
                "'Kartlegging av lærings- og mestringstjenester 2014'); gi overskriften et alias "
                "under radmann_skjema i config/header_aliases.yaml"
                for col in ("enhet",)
            ),
            # The title row is the header: its text names the main question's subject.
            "radmann_skjema.xlsx, rad 1, kolonne 'har_tjeneste': påkrevd kolonne mangler; "
            "nærmeste overskrifter uten kolonne: "
            "'Kartlegging av lærings- og mestringstjenester 2014' (49); gi overskriften et "
            "alias under radmann_skjema i config/header_aliases.yaml",
            *(
                f"radmann_skjema.xlsx, rad 1, kolonne '{col}': påkrevd kolonne mangler; "
                "ingen overskrift uten kolonne ligner (uten kolonne: "
                "'Kartlegging av lærings- og mestringstjenester 2014'); gi overskriften et alias "
                "under radmann_skjema i config/header_aliases.yaml"
                for col in ("innsendt", "svar_id")
            ),
        ),
    ),
    # -- read; nothing or only some rows quarantined
    Case("header_only", INT, "intervju_header_only.csv", accounting=(0, 0, 0, 0, 0)),
    Case(
        "latin1_with_aeoeaa",
        RAD,
        "radmann_latin1.csv",
        accounting=(3, 3, 0, 0, 0),
        check=check_latin1,
    ),
    Case("utf16_with_bom", ROWS, build_utf16_bom, accounting=(2, 2, 0, 0, 0), check=check_utf16),
    Case(
        "duplicate_tjeneste_id",
        INT,
        "intervju_duplicate_id.csv",
        quarantine=(
            (2, "tjeneste_id", ROW_LEVEL, "tjeneste_id 'T1' går igjen i radene 2, 3"),
            (3, "tjeneste_id", ROW_LEVEL, "tjeneste_id 'T1' går igjen i radene 2, 3"),
        ),
        accounting=(2, 0, 0, 2, 0),
    ),
    Case(
        "duplicate_svar_id",
        RAD,
        "radmann_duplicate_svar_id.csv",
        quarantine=(
            (2, "svar_id", ROW_LEVEL, "svar_id 'R1' går igjen i radene 2, 3"),
            (3, "svar_id", ROW_LEVEL, "svar_id 'R1' går igjen i radene 2, 3"),
        ),
        accounting=(3, 1, 0, 2, 0),
    ),
    Case(
        "unknown_kommune",
        ROWS,
        "ringerunde_unknown_kommune.csv",
        quarantine=(
            (3, "enhet", ROW_LEVEL, "'Atlantis' er ikke et kjent kommune- eller bydelsnavn"),
        ),
        accounting=(2, 1, 0, 1, 0),
    ),
    Case(
        "ambiguous_names_without_fylke",
        RAD,
        "radmann_ambiguous_names.csv",
        quarantine=(
            (2, "enhet", ROW_LEVEL, f"'Våler' {VALER}"),
            (3, "enhet", ROW_LEVEL, f"'Os' {OS}"),
            (4, "enhet", ROW_LEVEL, f"'Herøy' {HEROY}"),
        ),
        accounting=(4, 1, 0, 3, 0),
        check=check_ambiguous,
    ),
    Case(
        "ambiguous_and_unknown_in_list",
        RAD,
        "radmann_list_ambiguous.csv",
        quarantine=(
            (
                2,
                "samarbeidskommuner",
                VALUE_LEVEL,
                "listeelement utelatt: 'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            ),
            (2, "samarbeidskommuner", VALUE_LEVEL, f"listeelement utelatt: 'Herøy' {HEROY}"),
        ),
        accounting=(1, 1, 0, 0, 0),
        check=check_list_entries,
    ),
    Case(
        "kommunenummer_from_2020",
        ROWS,
        "ringerunde_2020_number.csv",
        quarantine=(
            (
                3,
                "enhet",
                ROW_LEVEL,
                "3001 er ikke et kommunenummer i 2014: 3001 er nummeret Halden fikk i 2020 (i 2014: 0101); "
                "oppgi 2014-kommunen",
            ),
        ),
        accounting=(2, 1, 0, 1, 0),
    ),
    Case(
        "number_and_name_disagree",
        ROWS,
        "ringerunde_number_name_mismatch.csv",
        quarantine=(
            (
                2,
                "enhet",
                ROW_LEVEL,
                "nummer og navn stemmer ikke overens: 1805 er Narvik, men navnet er 'Bodø'",
            ),
        ),
        accounting=(1, 0, 0, 1, 0),
    ),
    Case(
        "oslo_instead_of_bydel",
        RAD,
        "radmann_oslo_whole.csv",
        quarantine=(
            (
                2,
                "enhet",
                ROW_LEVEL,
                "'Oslo' er ikke en enhet i undersøkelsen (Oslo svarte per bydel; oppgi bydelen)",
            ),
        ),
        accounting=(2, 1, 0, 1, 0),
        check=check_oslo_bydel,
    ),
    Case(
        "blank_required_values",
        RAD,
        "radmann_blank_required.csv",
        quarantine=(
            (2, "enhet", ROW_LEVEL, "påkrevd verdi mangler"),
            (3, "innsendt", ROW_LEVEL, "påkrevd verdi mangler"),
        ),
        accounting=(2, 0, 0, 2, 0),
    ),
    Case(
        "antall_tilbud_negative",
        INT,
        "intervju_antall_negative.csv",
        quarantine=((2, "antall_tilbud", ROW_LEVEL, "'-2' er ikke et heltall ≥ 0"),),
        accounting=(1, 0, 0, 1, 0),
    ),
    Case(
        "antall_tilbud_text",
        INT,
        "intervju_antall_text.csv",
        quarantine=((2, "antall_tilbud", ROW_LEVEL, "'tre' er ikke et heltall ≥ 0"),),
        accounting=(1, 0, 0, 1, 0),
    ),
    Case(
        "impossible_date_and_text_attempt",
        ROWS,
        "ringerunde_impossible_date.csv",
        quarantine=(
            (2, "dato", ROW_LEVEL, "'31.02.2014' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)"),
            (3, "forsok", ROW_LEVEL, "'første' er ikke et heltall ≥ 1"),
        ),
        accounting=(2, 0, 0, 2, 0),
    ),
    Case(
        "unknown_answers_optional_columns",
        RAD,
        "radmann_unknown_answers.csv",
        quarantine=(
            (
                2,
                "har_tjeneste",
                VALUE_LEVEL,
                "ukjent svar 'ja takk' (tillatt: 'Ja', 'Nei', 'Vet ikke')",
            ),
            (4, "interkommunal", VALUE_LEVEL, "ukjent svar 'y' (tillatt: 'Ja', 'Nei')"),
        ),
        accounting=(3, 3, 0, 0, 0),
        check=check_answers_radmann,
    ),
    Case(
        "unknown_answer_required_column",
        INT,
        "intervju_unknown_answers.csv",
        quarantine=((2, "navn_med_mestring", ROW_LEVEL, "ukjent svar 'y' (tillatt: 'Ja', 'Nei')"),),
        accounting=(2, 1, 0, 1, 0),
        check=check_answers_intervju,
    ),
    Case(
        "started_without_offering_types",
        INT,
        "intervju_started_without_types.csv",
        quarantine=(
            (2, "rekruttering", ROW_LEVEL, "påkrevd når i_gang = Ja, men mangler"),
            (2, "tilbudstyper", ROW_LEVEL, "påkrevd når i_gang = Ja, men mangler"),
        ),
        accounting=(1, 0, 0, 1, 0),
    ),
    Case(
        "interkommunal_without_participants",
        INT,
        "intervju_interkommunal_without_participants.csv",
        quarantine=(
            (2, "deltakerkommuner", ROW_LEVEL, NO_OTHER_PARTICIPANTS),
            (3, "deltakerkommuner", ROW_LEVEL, NO_OTHER_PARTICIPANTS),
        ),
        accounting=(2, 0, 0, 2, 0),
    ),
    Case(
        "participant_list_names_host_twice",
        INT,
        "intervju_host_twice.csv",
        quarantine=(
            (2, "deltakerkommuner", VALUE_LEVEL, "'Narvik' står to ganger i listen; telt én gang"),
            (
                3,
                "deltakerkommuner",
                VALUE_LEVEL,
                "'bodø kommune' står to ganger i listen; telt én gang",
            ),
            (3, "deltakerkommuner", ROW_LEVEL, NO_OTHER_PARTICIPANTS),
        ),
        accounting=(2, 1, 0, 1, 0),
        check=check_host_twice,
    ),
    Case(
        "call_attempt_clash_and_exact_repeat",
        ROWS,
        "ringerunde_attempt_clash.csv",
        quarantine=(
            (
                2,
                "forsok",
                ROW_LEVEL,
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
            ),
            (
                3,
                "forsok",
                ROW_LEVEL,
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
            ),
        ),
        accounting=(4, 1, 1, 2, 0),
        check=check_attempts,
    ),
    Case(
        "formula_and_control_chars_in_text_columns",
        INT,
        "intervju_formula_control_chars.csv",
        accounting=(2, 2, 0, 0, 0),
        check=check_formula_control_intervju,
    ),
    Case(
        "formula_and_control_chars_in_free_text",
        RAD,
        "radmann_formula_control_chars.csv",
        accounting=(2, 2, 0, 0, 0),
        check=check_formula_control_radmann,
    ),
    Case(
        "ten_mb_free_text_cell",
        RAD,
        build_huge_free_text,
        accounting=(2, 2, 0, 0, 0),
        check=check_huge,
    ),
    Case(
        "hundred_thousand_blank_lines",
        ROWS,
        build_blank_lines,
        accounting=(2, 2, 0, 0, 100_000),
        check=check_blank_lines,
    ),
    Case(
        "xlsx_formula_with_saved_result",
        INT,
        build_xlsx_formula_saved,
        ext=".xlsx",
        accounting=(1, 1, 0, 0, 0),
        check=check_formula_saved,
    ),
    Case(
        "xlsx_formula_without_saved_result",
        INT,
        build_xlsx_formula_unsaved,
        ext=".xlsx",
        quarantine=(
            (2, "tjeneste_navn", ROW_LEVEL, "påkrevd verdi mangler"),
            (3, "antall_tilbud", ROW_LEVEL, "påkrevd verdi mangler"),
        ),
        accounting=(2, 0, 0, 2, 0),
    ),
    Case(
        "xlsx_extra_sheet",
        INT,
        build_xlsx_extra_sheet,
        ext=".xlsx",
        accounting=(1, 1, 0, 0, 0),
        check=check_first_sheet_only,
    ),
    Case(
        "xlsx_dates_as_serial_numbers",
        RAD,
        build_xlsx_serial_dates_radmann,
        ext=".xlsx",
        accounting=(3, 3, 0, 0, 0),
        check=check_serial_radmann,
    ),
    Case(
        "xlsx_interview_date_as_serial_number",
        INT,
        build_xlsx_serial_dates_intervju,
        ext=".xlsx",
        accounting=(1, 1, 0, 0, 0),
        check=check_serial_intervju,
    ),
    # -- messy real exports (issue 11): never lose a row, change a figure or leak a name
    Case(
        "invisible_characters_and_decomposed_letters_in_answers",
        INT,
        "intervju_invisible_and_decomposed.csv",
        accounting=(2, 2, 0, 0, 0),
        check=lambda table, cleaned: _check_answers_read(cleaned),
    ),
    Case(
        "bidirectional_override_characters",
        INT,
        "intervju_bidi_override.csv",
        accounting=(1, 1, 0, 0, 0),
        check=lambda table, cleaned: _check_no_bidi(cleaned),
    ),
    Case(
        "interkommunal_of_oslo_bydeler_only",
        INT,
        "intervju_oslo_bydeler_only.csv",
        quarantine=(
            (
                2,
                "deltakerkommuner",
                "rad",
                "interkommunal tjeneste der alle deltakerne er i samme "
                "kommune som vertskommunen (Oslos bydeler er én kommune, 0301)",
            ),
        ),
        accounting=(1, 0, 0, 1, 0),
    ),
    Case(
        "a_line_exported_twice",
        RAD,
        "radmann_exported_twice.csv",
        accounting=(3, 1, 2, 0, 0),
        check=lambda table, cleaned: _check_latest(cleaned, "R2", "Ja"),
    ),
    Case(
        "kommuner_of_later_registers",
        RAD,
        "radmann_later_kommune.csv",
        quarantine=(
            (
                2,
                "enhet",
                "rad",
                "'Orkland' er ikke en kommune i 2014: 5059 Orkland er en kommune "
                "fra 2020, laget av del av Snillfjord, Agdenes, Meldal og Orkdal (2014). Oppgi "
                "2014-kommunen.",
            ),
            (
                3,
                "enhet",
                "rad",
                "5059 er ikke et kommunenummer i 2014: 5059 Orkland er en kommune "
                "fra 2020, laget av del av Snillfjord, Agdenes, Meldal og Orkdal (2014); oppgi "
                "2014-kommunen",
            ),
        ),
        accounting=(3, 1, 0, 2, 0),
    ),
    Case(
        "rows_that_do_not_fit_the_header",
        ROWS,
        "ringerunde_shifted_rows.csv",
        quarantine=(
            (
                3,
                None,
                "rad",
                "raden har 8 felt, men overskriften har 7; verdiene kan ha "
                "forskjøvet seg (et skilletegn for mye, f.eks. komma i et navn uten "
                "anførselstegn), så raden er ikke brukt",
            ),
            (
                4,
                None,
                "rad",
                "raden har 6 felt, men overskriften har 7; verdiene kan ha "
                "forskjøvet seg (mangler et skilletegn?), så raden er ikke brukt",
            ),
        ),
        accounting=(3, 1, 0, 2, 0),
    ),
    # -- the classes of issue 19: each found again with other inputs in the class tests
    Case(
        "integer_with_twenty_digits",
        INT,
        "intervju_antall_twenty_digits.csv",
        quarantine=tuple(
            (
                row,
                "antall_tilbud",
                ROW_LEVEL,
                f"'{value}' er urimelig stort for antall_tilbud "
                "(største tillatte verdi er 100 000)",
            )
            for row, value in (
                (2, "12345678901234567890"),
                (3, "100001"),
                (4, "99999999999999999999999.0"),
            )
        ),  # fmt: skip
        accounting=(3, 0, 0, 3, 0),
    ),
    Case(
        "same_service_under_two_ids",
        INT,
        "intervju_same_service_two_ids.csv",
        quarantine=(
            (
                4,
                "tjeneste_id",
                ROW_LEVEL,
                "tjenesten ser ut til å være intervjuet to ganger: samme navn, vertskommune og "
                "svar som T1 (rad 2) under en annen id ('T9'); bare den første er brukt",
            ),
        ),
        accounting=(4, 3, 0, 1, 0),
        check=lambda table, cleaned: column(cleaned, "tjeneste_id") == ["T1", "T10", "T2"],
    ),
    Case(
        "oslo_bydel_with_its_ordinal",
        RAD,
        "radmann_bydel_ordinal.csv",
        quarantine=(
            (
                5,
                "enhet",
                ROW_LEVEL,
                "bydelsnummer 6 og navnet stemmer ikke overens: bydel 6 er 030106 Bydel Ullern, "
                "men navnet er 'Bydel Frogner'",
            ),
        ),
        accounting=(4, 3, 0, 1, 0),
        check=check_bydel_ordinal,
    ),
    Case(
        "attempts_against_their_dates_and_a_totals_row",
        ROWS,
        "ringerunde_attempts_against_dates.csv",
        quarantine=(
            (
                5,
                None,
                ROW_LEVEL,
                "raden er en summeringsrad ('Sum' i enhet), ikke data; for å utelate den med "
                "vilje: utelat: [{kolonne: enhet, verdier: ['Sum'], grunn: summeringsrad}] "
                "under ringerunde_logg i config/header_aliases.yaml",
            ),
        ),
        accounting=(4, 3, 0, 1, 0),
    ),
    Case(
        "test_submissions_and_a_repeated_header",
        RAD,
        "radmann_test_and_header_rows.csv",
        quarantine=(
            (
                2,
                None,
                ROW_LEVEL,
                "raden er et testsvar ('TEST-1' i svar_id), ikke data; for å utelate den med "
                "vilje: utelat: [{kolonne: svar_id, verdier: ['TEST-1'], grunn: testsvar}] under "
                "radmann_skjema i config/header_aliases.yaml",
            ),
            (
                3,
                None,
                ROW_LEVEL,
                "raden er et testsvar ('Testkommune' i enhet), ikke data; for å utelate den med "
                "vilje: utelat: [{kolonne: enhet, verdier: ['Testkommune'], grunn: testsvar}] "
                "under radmann_skjema i config/header_aliases.yaml",
            ),
            (
                5,
                None,
                ROW_LEVEL,
                "raden gjentar overskriften ('svar_id' i svar_id), ikke data; for å utelate den "
                "med vilje: utelat: [{kolonne: svar_id, verdier: ['svar_id'], grunn: gjentatt "
                "overskrift}] under radmann_skjema i config/header_aliases.yaml",
            ),
        ),
        accounting=(4, 1, 0, 3, 0),
    ),
    Case(
        "file_name_in_upper_case",
        ROWS,
        "ringerunde_attempt_clash.csv",
        ext=".CSV",
        quarantine=(
            (
                2,
                "forsok",
                ROW_LEVEL,
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
            ),
            (
                3,
                "forsok",
                ROW_LEVEL,
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
            ),
        ),  # fmt: skip
        accounting=(4, 1, 1, 2, 0),
    ),
    Case(
        "workbook_with_numbers_dates_and_booleans",
        RAD,
        build_xlsx_typed_cells,
        ext=".xlsx",
        accounting=(3, 3, 0, 0, 0),
        check=check_typed_cells,
    ),
]


def materialise(case: Case, folder: Path) -> Path:
    """The case's file, as ``<source>.<ext>`` in ``folder``."""
    if isinstance(case.make, str):
        path = folder / f"{case.source}{Path(case.make).suffix}"
        shutil.copyfile(BAD / case.make, path)
    else:
        path = folder / f"{case.source}{case.ext}"
        case.make(path)
    return path


@pytest.fixture(scope="module")
def cleaner(matcher, ref_dir: Path) -> Cleaner:
    return Cleaner(matcher, load_enheter(ref_dir))


def clean(cleaner: Cleaner, table: RawTable) -> CleanedSource:
    """Clean one source on its own, as ``clean_all`` does for each of the three."""
    return cleaner.clean(table)


def outcome(table: RawTable, cleaned: CleanedSource) -> tuple[list[tuple], tuple[int, ...]]:
    """(quarantine rows, accounting numbers) as the stage writes them."""
    # The reasons as validate shows them (nothing masked): masking is tested with the
    # message model (test_problems.py) and on whole runs.
    q = quarantine_frame(
        {table.source: cleaned}, {table.source: table.path.name}, is_known=lambda text: True
    )
    assert set(q["fil"]) <= {table.path.name}
    rows = list(q[["rad", "kolonne", "niva", "arsak"]].itertuples(index=False, name=None))
    acc = accounting_frame({table.source: table}, {table.source: cleaned}).iloc[0]
    numbers = ("rader_inn", "brukt", "slatt_sammen", "karantene", "tomme_rader")
    assert acc["rader_inn"] == acc["brukt"] + acc["slatt_sammen"] + acc["karantene"]
    return rows, tuple(int(acc[n]) for n in numbers)


def test_the_suite_is_complete() -> None:
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)
    for case in CASES:
        assert bool(case.errors) != (case.accounting is not None), case.id
    committed = {c.make for c in CASES if isinstance(c.make, str)}
    assert committed == {p.name for p in BAD.glob("*.csv")}, "every committed file is a case"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, tmp_path: Path, cleaner: Cleaner) -> None:
    path = materialise(case, tmp_path)
    aliases = ALIASES.get(case.source, {})
    if case.errors:
        with pytest.raises(InputError) as info:
            read_raw_table(path, case.source, aliases)
        assert str(info.value).splitlines() == list(case.errors)
        return
    table = read_raw_table(path, case.source, aliases)
    cleaned = clean(cleaner, table)
    quarantine, accounting = outcome(table, cleaned)
    assert quarantine == list(case.quarantine)
    assert accounting == case.accounting
    if case.check is not None:
        case.check(table, cleaned)


def test_extra_sheet_is_named_in_the_log(tmp_path: Path, caplog) -> None:
    path = tmp_path / "telefonintervju.xlsx"
    build_xlsx_extra_sheet(path)
    with caplog.at_level(logging.WARNING, logger="lmsanalyse.ingest"):
        read_raw_table(path, INT)
    assert "telefonintervju.xlsx: leser bare første synlige ark 'Svar'; ignorerer 'Notater'" in (
        caplog.messages
    )


def test_formulas_without_results_are_named_in_the_log(tmp_path: Path, caplog) -> None:
    path = tmp_path / "telefonintervju.xlsx"
    build_xlsx_formula_unsaved(path)
    with caplog.at_level(logging.WARNING, logger="lmsanalyse.ingest"):
        read_raw_table(path, INT)
    assert caplog.messages == [
        "telefonintervju.xlsx: 2 celle(r) med formel uten lagret resultat leses som tomme "
        "(B2, J3); åpne og lagre filen i Excel"
    ]


# ---------------------------------------------------------------- validate: all at once


def use(raw: Path, case_file: str | Callable[[Path], None], source: str, ext: str = ".csv"):
    raw.mkdir(exist_ok=True)
    materialise(Case("", source, case_file, ext), raw)


class TestValidate:
    def test_row_and_column_problems_in_all_three_files(
        self, tmp_path: Path, ref_dir: Path
    ) -> None:
        raw = tmp_path / "raw"
        use(raw, "radmann_missing_column.csv", RAD)
        use(raw, "ringerunde_unknown_kommune.csv", ROWS)
        use(raw, "intervju_duplicate_id.csv", INT)
        aliases = aliases_declaring_absent(raw, tmp_path / "aliases.yaml")
        # validate reads on past the missing column and checks the rows it has.
        assert validate_dir(raw, header_aliases=str(aliases)) == [
            Problem(
                "radmann_skjema.csv",
                1,
                "innsendt",
                "påkrevd kolonne mangler; den leses av enhetenes svar (AAPOR-disposisjonene); "
                "ingen overskrift står uten kolonne; gi overskriften et alias under "
                "radmann_skjema i aliases.yaml",
            ),
            Problem(
                "ringerunde_logg.csv",
                3,
                "enhet",
                "'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            ),
            Problem(
                "telefonintervju.csv", 2, "tjeneste_id", "tjeneste_id 'T1' går igjen i radene 2, 3"
            ),
            Problem(
                "telefonintervju.csv", 3, "tjeneste_id", "tjeneste_id 'T1' går igjen i radene 2, 3"
            ),
        ]

    def test_file_level_problems_in_all_three_files(self, tmp_path: Path, capsys) -> None:
        raw = tmp_path / "raw"
        use(raw, "radmann_tab_delimited.csv", RAD)
        use(raw, "ringerunde_empty.csv", ROWS)
        use(raw, build_xlsx_merged_header, INT, ".xlsx")
        aliases = aliases_declaring_absent(raw, tmp_path / "aliases.yaml")
        config = tmp_path / "config.yaml"
        config.write_text(f"header_aliases: {aliases}\n", encoding="utf-8")
        code = main(["validate", "--raw-dir", str(raw), "--config", str(config)])
        out, err = capsys.readouterr()
        assert code == 1
        assert out.splitlines() == [
            "radmann_skjema.csv: skilletegnet ser ut til å være tabulator; bruk ',' eller ';'",
            "ringerunde_logg.csv: filen er tom (ingen overskriftsrad)",
            "telefonintervju.xlsx, rad 1, kolonne 'vertskommune': påkrevd kolonne mangler; den "
            "leses av regel I1 intervjuet og kommunenes dekning; ingen overskrift står uten "
            "kolonne; gi overskriften et alias under telefonintervju i aliases.yaml",
        ]
        # The interview file lacks brukerorg_etablering and diagnoser altogether: declared
        # missing (mangler), they are not "blank" (the warning once said so).
        assert err == f"3 problemer funnet i {raw}\n"

    def test_quarantine_and_value_problems_listed_together(
        self, tmp_path: Path, ref_dir: Path
    ) -> None:
        raw = tmp_path / "raw"
        use(raw, "radmann_unknown_answers.csv", RAD)
        use(raw, "ringerunde_2020_number.csv", ROWS)
        use(raw, build_xlsx_formula_unsaved, INT, ".xlsx")
        aliases = aliases_declaring_absent(raw, tmp_path / "aliases.yaml")
        assert [str(p) for p in validate_dir(raw, header_aliases=str(aliases))] == [
            "radmann_skjema.csv, rad 2, kolonne 'har_tjeneste': "
            "ukjent svar 'ja takk' (tillatt: 'Ja', 'Nei', 'Vet ikke')",
            "radmann_skjema.csv, rad 4, kolonne 'interkommunal': "
            "ukjent svar 'y' (tillatt: 'Ja', 'Nei')",
            "ringerunde_logg.csv, rad 3, kolonne 'enhet': "
            "3001 er ikke et kommunenummer i 2014: 3001 er nummeret Halden fikk i 2020 (i 2014: 0101); "
            "oppgi 2014-kommunen",
            "telefonintervju.xlsx, rad 2, kolonne 'tjeneste_navn': påkrevd verdi mangler",
            "telefonintervju.xlsx, rad 3, kolonne 'antall_tilbud': påkrevd verdi mangler",
        ]


# ---------------------------------------------------------------- what reaches the outputs

_FORMULA_START = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TestOutputsOfHostileText:
    """Formulas, control characters and a 10 MB comment through clean + include."""

    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, tmp_path_factory) -> Path:
        base = tmp_path_factory.mktemp("hostile")
        raw = base / "raw"
        raw.mkdir()
        # The free-text file plus a row with a 10 MB comment.
        shutil.copyfile(BAD / "radmann_formula_control_chars.csv", raw / "radmann_skjema.csv")
        with (raw / "radmann_skjema.csv").open("a", encoding="utf-8", newline="") as fh:
            row = ["R3", "03.11.2014 10:00", "Tromsø", "Ja", "", "", "", "", huge_comment()]
            csv.writer(fh, delimiter=";", lineterminator="\r\n").writerow(row)
        with (raw / "ringerunde_logg.csv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(RINGERUNDE_HEADER)
            row = [
                "Narvik",
                "01.12.2014",
                "1",
                "sentralbord",
                "har tjeneste",
                "",
                HYPERLINK + "\x07",
            ]
            csv.writer(fh, lineterminator="\r\n").writerow(row)
        shutil.copyfile(BAD / "intervju_formula_control_chars.csv", raw / "telefonintervju.csv")
        out = base / "processed"
        aliases = aliases_declaring_absent(raw, base / "aliases.yaml")
        clean_in(raw, out, aliases)
        definition = REPO / "config" / "definitions" / "nklmh_2015.yaml"
        include_in(out, definition, out / "nklmh_2015")
        return out

    def test_formula_in_service_name_is_neutralised(self, run: Path) -> None:
        out = run
        status = pd.read_csv(out / "nklmh_2015" / "tjeneste_status.csv", dtype=str)
        names = dict(zip(status["tjeneste_id"], status["tjeneste_navn"], strict=True))
        assert names == {"T1": "'" + HYPERLINK, "T2": "LMS Bodø"}

    def test_no_csv_cell_can_run_as_a_formula(self, run: Path) -> None:
        out = run
        files = sorted(out.rglob("*.csv"))
        assert len(files) > 5
        for path in files:
            with path.open(encoding="utf-8", newline="") as fh:
                for record in csv.reader(fh):
                    for cell in record:
                        if cell.startswith(_FORMULA_START):
                            float(cell)  # only numbers may start like a formula

    def test_no_control_characters_or_free_text_in_any_output(self, run: Path) -> None:
        out = run
        for path in sorted(out.rglob("*")):
            if path.suffix in (".csv", ".json"):
                text = path.read_text(encoding="utf-8")
                assert not _CONTROL.search(text), path.name
                assert HUGE_MARKER not in text and "HYPERLINK" not in text.replace(
                    "'" + HYPERLINK.replace('"', '""'), ""
                ), path.name
            elif path.suffix == ".parquet":
                table = pq.read_table(path).to_pandas()
                for name in table.columns:
                    for value in table[name]:
                        if isinstance(value, str):
                            assert not _CONTROL.search(value), (path.name, name)
                            assert HUGE_MARKER not in value, (path.name, name)
            if path.is_file():
                assert path.stat().st_size < 1_000_000, path.name  # the 10 MB cell is not here

    def test_row_accounting(self, run: Path) -> None:
        acc = pd.read_csv(run / "row_accounting.csv", dtype={"skilletegn": str})
        numbers = acc[["kilde", "rader_inn", "brukt", "slatt_sammen", "karantene", "tomme_rader"]]
        assert numbers.values.tolist() == [
            ["radmann_skjema", 3, 3, 0, 0, 0],
            ["ringerunde_logg", 1, 1, 0, 0, 0],
            ["telefonintervju", 2, 2, 0, 0, 0],
        ]
