"""Tests for lmsanalyse.ingest: encodings, delimiters, headers, row numbers, XLSX, file lookup.

Every input is a small file built in tmp_path, so that each expectation can be read off the
test itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from lmsanalyse.config import load_header_aliases
from lmsanalyse.contract import SOURCES
from lmsanalyse.ingest.delimited import sniff_delimiter
from lmsanalyse.ingest.raw_table import ROW, normalise_header
from lmsanalyse.ingest.raw_table import cell_text as _cell_text
from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.ingest.sources import find_raw_file
from lmsanalyse.problems import InputError, Problem
from lmsanalyse.text import decode_bytes

REPO = Path(__file__).resolve().parents[1]
ALIASES = load_header_aliases(REPO / "config" / "header_aliases.yaml")
RINGERUNDE_KNOWN = {normalise_header(c.name) for c in SOURCES["ringerunde_logg"].columns}

RINGERUNDE_HEADER = "enhet{d}dato{d}forsok{d}kontaktpunkt{d}utfall{d}notat"
RINGERUNDE_ROWS = [
    "Bærum{d}01.12.2014{d}1{d}sentralbord{d}uavklart{d}Ba oss ringe på nytt",
    "Våler i Østfold{d}2014-12-02{d}2{d}helseleder{d}har tjeneste{d}Snakket med Åse",
]


def ringerunde_text(delimiter: str, blank_lines: int = 0) -> str:
    """A three-line call log (plus optional blank lines between the data rows), CRLF-ended."""
    lines = [RINGERUNDE_HEADER.format(d=delimiter), RINGERUNDE_ROWS[0].format(d=delimiter)]
    lines += [""] * blank_lines
    lines.append(RINGERUNDE_ROWS[1].format(d=delimiter))
    return "\r\n".join(lines) + "\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


class TestDecodeBytes:
    TEXT = "enhet;notat\r\nBærum;Ærlig, søt og blå\r\n"

    @pytest.mark.parametrize(
        ("raw", "encoding"),
        [
            (TEXT.encode("utf-8"), "utf-8"),
            (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
            (TEXT.encode("utf-16"), "utf-16"),  # little-endian with BOM on this platform
            (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
            (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
            (TEXT.encode("cp1252"), "cp1252"),
            # Latin-1 has the same codes for æøå as Windows-1252, so it is read as cp1252.
            (TEXT.encode("latin-1"), "cp1252"),
        ],
    )
    def test_decodes_text_and_names_encoding(self, raw: bytes, encoding: str) -> None:
        assert decode_bytes(raw) == (self.TEXT, encoding)

    def test_bom_is_not_part_of_the_text(self) -> None:
        text, _ = decode_bytes(b"\xef\xbb\xbfsvar_id")
        assert text == "svar_id"

    def test_cp1252_only_characters(self) -> None:
        # '–' and '€' exist in Windows-1252 (0x96, 0x80) but not in Latin-1.
        assert decode_bytes("Aurskog–Høland €".encode("cp1252")) == ("Aurskog–Høland €", "cp1252")

    def test_latin1_fallback_for_bytes_undefined_in_cp1252(self) -> None:
        # 0x81 is undefined in Windows-1252; Latin-1 maps it to U+0081.
        assert decode_bytes(b"Tr\xf8nd\x81") == ("Trønd\x81", "latin-1")

    def test_empty(self) -> None:
        assert decode_bytes(b"") == ("", "utf-8")


class TestSniffDelimiter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("enhet,dato,forsok,utfall\nNarvik,01.12.2014,1,uavklart\n", ","),
            ("enhet;dato;forsok;utfall\nNarvik;01.12.2014;1;uavklart\n", ";"),
            # Commas inside cells of a ';' file do not matter: only the header is looked at.
            (
                "enhet;dato;forsok;utfall;notat\n"
                "Narvik, Evenes, Tjeldsund;01.12.2014;1;uavklart;ja, nei, kanskje, vet ikke\n",
                ";",
            ),
            # Leading blank lines are skipped; the first non-blank line is the header.
            ("\n\n  \nenhet;dato;forsok;utfall\n", ";"),
            # An unknown header: the character that occurs more often wins.
            ("a;b;c,d\n", ";"),
            ("a,b,c;d\n", ","),
            # Nothing at all: ','.
            ("", ","),
        ],
    )
    def test_examples(self, text: str, expected: str) -> None:
        assert sniff_delimiter(text, RINGERUNDE_KNOWN) == expected

    def test_contract_columns_beat_frequency(self) -> None:
        # Three ',' against two ';', but only ';' yields contract columns.
        header = "enhet;dato;Kommentar, fri tekst, lang, svar"
        assert sniff_delimiter(header, RINGERUNDE_KNOWN) == ";"


class TestReadRawTableEncodings:
    @pytest.mark.parametrize(
        ("encode", "delimiter", "encoding"),
        [
            (lambda t: t.encode("utf-8"), ",", "utf-8"),
            (lambda t: t.encode("utf-8"), ";", "utf-8"),
            (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), ";", "utf-8-sig"),
            (lambda t: t.encode("utf-16"), ",", "utf-16"),
            (lambda t: t.encode("cp1252"), ";", "cp1252"),
            (lambda t: t.encode("latin-1"), ",", "cp1252"),
        ],
        ids=["utf8-comma", "utf8-semicolon", "utf8bom", "utf16", "cp1252", "latin1"],
    )
    def test_values_rows_encoding_delimiter(
        self, tmp_path: Path, encode, delimiter: str, encoding: str
    ) -> None:
        path = write(tmp_path, "ringerunde_logg.csv", encode(ringerunde_text(delimiter)))
        table = read_raw_table(path, "ringerunde_logg")
        assert table.encoding == encoding
        assert table.delimiter == delimiter
        assert table.blank_rows == 0
        assert table.ignored_columns == []
        assert table.source == "ringerunde_logg"
        assert table.path == path
        assert table.data[ROW].tolist() == [2, 3]
        assert table.data["enhet"].tolist() == ["Bærum", "Våler i Østfold"]
        assert table.data["dato"].tolist() == ["01.12.2014", "2014-12-02"]
        assert table.data["forsok"].tolist() == ["1", "2"]
        assert table.data["utfall"].tolist() == ["uavklart", "har tjeneste"]
        assert table.data["notat"].tolist() == ["Ba oss ringe på nytt", "Snakket med Åse"]

    def test_columns_in_contract_order_with_row_number_first(self, tmp_path: Path) -> None:
        path = write(tmp_path, "ringerunde_logg.csv", ringerunde_text(",").encode())
        table = read_raw_table(path, "ringerunde_logg")
        assert list(table.data.columns) == [ROW] + [
            c.name for c in SOURCES["ringerunde_logg"].columns
        ]
        assert table.data[ROW].dtype == "int64"
        # Optional columns absent from the file are there, and missing.
        assert table.data["kontaktperson"].isna().tolist() == [True, True]
        assert table.data["telefon"].isna().tolist() == [True, True]

    def test_semicolon_file_with_commas_in_cells(self, tmp_path: Path) -> None:
        text = (
            "svar_id;innsendt;enhet;har_tjeneste;samarbeidskommuner\r\n"
            "R1;03.11.2014 08:04;Narvik;Ja;Evenes, Tjeldsund, Ballangen\r\n"
        )
        path = write(tmp_path, "radmann_skjema.csv", text.encode("cp1252"))
        table = read_raw_table(path, "radmann_skjema")
        assert table.delimiter == ";"
        assert table.data["samarbeidskommuner"].tolist() == ["Evenes, Tjeldsund, Ballangen"]

    def test_quoted_line_break_stays_one_row(self, tmp_path: Path) -> None:
        text = (
            "svar_id,innsendt,enhet,har_tjeneste,samarbeidskommuner\n"
            'R1,x,Narvik,Ja,"Evenes\nTjeldsund"\n'
            "R2,y,Bodø,,\n"
        )
        path = write(tmp_path, "radmann_skjema.csv", text.encode())
        table = read_raw_table(path, "radmann_skjema")
        # A spreadsheet shows the quoted line break inside one cell: R2 is on row 3.
        assert table.data[ROW].tolist() == [2, 3]
        assert table.data["samarbeidskommuner"].tolist() == ["Evenes\nTjeldsund", None]


class TestReadRawTableRows:
    def test_blank_rows_are_counted_not_read(self, tmp_path: Path) -> None:
        path = write(tmp_path, "ringerunde_logg.csv", ringerunde_text(",", blank_lines=2).encode())
        table = read_raw_table(path, "ringerunde_logg")
        assert table.blank_rows == 2
        assert len(table.data) == 2
        # The blank lines keep their place: the second data row is row 5 in a spreadsheet.
        assert table.data[ROW].tolist() == [2, 5]

    def test_rows_of_empty_cells_are_blank(self, tmp_path: Path) -> None:
        text = (
            "enhet;dato;forsok;utfall\n"
            "Narvik;01.12.2014;1;uavklart\n"
            ";;;\n"
            " ; ;\t;\n"
            "Bodø;02.12.2014;1;uavklart\n"
        )
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        table = read_raw_table(path, "ringerunde_logg")
        assert table.blank_rows == 2
        assert table.data[ROW].tolist() == [2, 5]
        assert table.data["enhet"].tolist() == ["Narvik", "Bodø"]

    def test_whitespace_cells_are_missing_other_cells_trimmed(self, tmp_path: Path) -> None:
        text = (
            "enhet,dato,forsok,kontaktpunkt,utfall\n  Narvik ,01.12.2014,1,\u00a0 \u200b,uavklart\n"
        )
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        row = read_raw_table(path, "ringerunde_logg").data.iloc[0]
        assert row["enhet"] == "Narvik"  # normalised once, at ingest
        assert row["kontaktpunkt"] is None  # no-break and zero-width spaces only: blank

    def test_short_record_gives_missing_values(self, tmp_path: Path) -> None:
        text = "enhet,dato,forsok,utfall,notat\nNarvik,01.12.2014\n"
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        # Not strict: forsok and utfall are blank in every row, which a run refuses.
        row = read_raw_table(path, "ringerunde_logg", strict=False).data.iloc[0]
        assert (row["enhet"], row["dato"], row["forsok"], row["utfall"], row["notat"]) == (
            "Narvik",
            "01.12.2014",
            None,
            None,
            None,
        )

    def test_blank_lines_before_header(self, tmp_path: Path) -> None:
        text = "\n\nenhet,dato,forsok,utfall\nNarvik,01.12.2014,1,uavklart\n"
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        table = read_raw_table(path, "ringerunde_logg")
        # Rows count from the file's first line; lines before the header are not blank rows.
        assert table.data[ROW].tolist() == [4]
        assert table.blank_rows == 0

    def test_header_only_file_gives_empty_table(self, tmp_path: Path) -> None:
        path = write(tmp_path, "ringerunde_logg.csv", b"enhet,dato,forsok,utfall\r\n")
        table = read_raw_table(path, "ringerunde_logg")
        assert len(table.data) == 0
        assert list(table.data.columns) == [ROW] + [
            c.name for c in SOURCES["ringerunde_logg"].columns
        ]
        assert table.data[ROW].dtype == "int64"
        assert (table.encoding, table.delimiter, table.blank_rows) == ("utf-8", ",", 0)

    @pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b" ; \n;;;\n\t\n"])
    def test_empty_file_raises(self, tmp_path: Path, content: bytes) -> None:
        path = write(tmp_path, "ringerunde_logg.csv", content)
        with pytest.raises(InputError) as info:
            read_raw_table(path, "ringerunde_logg")
        assert info.value.problems == [
            Problem("ringerunde_logg.csv", None, None, "filen er tom (ingen overskriftsrad)")
        ]
        assert str(info.value) == "ringerunde_logg.csv: filen er tom (ingen overskriftsrad)"


FIX = "; gi overskriften et alias under ringerunde_logg i config/header_aliases.yaml"


class TestReadRawTableHeaders:
    def test_case_insensitive_and_trimmed(self, tmp_path: Path) -> None:
        text = "  ENHET ,Dato,  ForSok,UTFALL  \nNarvik,01.12.2014,1,uavklart\n"
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        table = read_raw_table(path, "ringerunde_logg")
        assert table.data.iloc[0][["enhet", "dato", "forsok", "utfall"]].tolist() == [
            "Narvik",
            "01.12.2014",
            "1",
            "uavklart",
        ]
        assert table.ignored_columns == []

    def test_long_question_headers_via_aliases(self, tmp_path: Path) -> None:
        header = ";".join(
            [
                "Svar-ID",
                "  TIDSPUNKT",
                "Kommune/bydel",
                # Case and inner whitespace differ from config/header_aliases.yaml.
                "Har kommunen/bydelen en  lærings- og MESTRINGSTJENESTE? ",
                "Er tjenesten interkommunal?",
                "Hvilke kommuner samarbeider dere med?",
                "E-post kontaktperson",
            ]
        )
        row = "R1001;03.11.2014 08:04;Narvik;Ja;Ja;Evenes, Tjeldsund;kari@x.invalid"
        path = write(tmp_path, "radmann_skjema.csv", f"{header}\r\n{row}\r\n".encode("cp1252"))
        table = read_raw_table(path, "radmann_skjema", ALIASES["radmann_skjema"])
        got = table.data.iloc[0]
        assert {
            c: got[c]
            for c in (
                "svar_id",
                "innsendt",
                "enhet",
                "har_tjeneste",
                "interkommunal",
                "samarbeidskommuner",
                "kontakt_epost",
            )
        } == {
            "svar_id": "R1001",
            "innsendt": "03.11.2014 08:04",
            "enhet": "Narvik",
            "har_tjeneste": "Ja",
            "interkommunal": "Ja",
            "samarbeidskommuner": "Evenes, Tjeldsund",
            "kontakt_epost": "kari@x.invalid",
        }
        assert table.delimiter == ";"
        assert table.encoding == "cp1252"

    def test_alias_without_aliases_argument_is_not_known(self, tmp_path: Path) -> None:
        text = "Svar-ID,innsendt,enhet,har_tjeneste\nR1,x,Narvik,Ja\n"
        path = write(tmp_path, "radmann_skjema.csv", text.encode())
        with pytest.raises(InputError) as info:
            read_raw_table(path, "radmann_skjema")
        assert str(info.value) == (
            "radmann_skjema.csv, rad 1, kolonne 'svar_id': påkrevd kolonne mangler; "
            "nærmeste overskrifter uten kolonne: 'Svar-ID' (100); gi overskriften et alias under "
            "radmann_skjema i config/header_aliases.yaml"
        )

    def test_extra_columns_are_listed_as_ignored(self, tmp_path: Path) -> None:
        text = (
            "Status,enhet,dato, Datakilde ,forsok,utfall,,Ekstra\n"
            "x,Narvik,01.12.2014,y,1,uavklart,,z\n"
        )
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        table = read_raw_table(path, "ringerunde_logg")
        # Trimmed, in file order; an empty header cell is neither read nor listed.
        assert table.ignored_columns == ["Status", "Datakilde", "Ekstra"]
        assert "Status" not in table.data.columns
        assert table.data.iloc[0]["enhet"] == "Narvik"

    @pytest.mark.parametrize(
        ("header", "message"),
        [
            (
                "enhet,dato,utfall",
                "ringerunde_logg.csv, rad 1, kolonne 'forsok': påkrevd kolonne mangler; "
                f"ingen overskrift står uten kolonne{FIX}",
            ),
            (
                "dato;forsok;utfall;Kommunen",
                "ringerunde_logg.csv, rad 1, kolonne 'enhet': påkrevd kolonne mangler; "
                f"nærmeste overskrifter uten kolonne: 'Kommunen' (63){FIX}",
            ),
            (
                "enhet,forsok,Status",
                "ringerunde_logg.csv, rad 1, kolonne 'dato': påkrevd kolonne mangler; "
                f"ingen overskrift uten kolonne ligner (uten kolonne: 'Status'){FIX}\n"
                "ringerunde_logg.csv, rad 1, kolonne 'utfall': påkrevd kolonne mangler; "
                f"ingen overskrift uten kolonne ligner (uten kolonne: 'Status'){FIX}",
            ),
            (
                "enhet,dato,forsok,utfall,Forsøk nr",
                "ringerunde_logg.csv, rad 1, kolonne 'forsok': kolonnen finnes to ganger",
            ),
        ],
    )
    def test_header_problems_raise(self, tmp_path: Path, header: str, message: str) -> None:
        values = {"enhet": "Narvik", "dato": "01.12.2014", "utfall": "uavklart"}
        delimiter = ";" if ";" in header else ","
        row = delimiter.join(values.get(h, "1") for h in header.split(delimiter))
        path = write(tmp_path, "ringerunde_logg.csv", f"{header}\n{row}\n".encode())
        with pytest.raises(InputError) as info:
            read_raw_table(path, "ringerunde_logg", ALIASES["ringerunde_logg"])
        assert str(info.value) == message

    def test_not_strict_records_problems_and_reads_the_rest(self, tmp_path: Path) -> None:
        text = "enhet,dato,utfall,forsok,Forsøk\nNarvik,01.12.2014,uavklart,1,2\n"
        path = write(tmp_path, "ringerunde_logg.csv", text.encode())
        table = read_raw_table(path, "ringerunde_logg", ALIASES["ringerunde_logg"], strict=False)
        assert table.missing_columns == ["kontaktpunkt", "kontaktperson", "telefon", "notat"]
        assert [str(p) for p in table.header_problems] == [
            "ringerunde_logg.csv, rad 1, kolonne 'forsok': kolonnen finnes to ganger"
        ]
        # The first header wins.
        assert table.data.iloc[0]["forsok"] == "1"

        path.write_bytes(b"dato,utfall\n01.12.2014,uavklart\n")
        table = read_raw_table(path, "ringerunde_logg", strict=False)
        assert table.missing_columns == [
            "enhet",
            "forsok",
            "kontaktpunkt",
            "kontaktperson",
            "telefon",
            "notat",
        ]
        assert len(table.header_problems) == 2
        assert table.data[ROW].tolist() == [2]
        # A column missing from the file reads as None, like an empty cell.
        assert table.data.iloc[0]["enhet"] is None


class TestReadRawTableFileErrors:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            (
                "ringerunde_logg.txt",
                b"enhet\n",
                "ringerunde_logg.txt: ukjent filtype; bruk .csv eller .xlsx",
            ),
            (
                "ringerunde_logg.csv",
                b"enhet\x00dato\n",
                "ringerunde_logg.csv: filen ser ut som binær (NUL-tegn), ikke CSV",
            ),
        ],
    )
    def test_unreadable(self, tmp_path: Path, name: str, content: bytes, message: str) -> None:
        path = write(tmp_path, name, content)
        with pytest.raises(InputError) as info:
            read_raw_table(path, "ringerunde_logg")
        assert str(info.value) == message

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(InputError) as info:
            read_raw_table(tmp_path / "ringerunde_logg.csv", "ringerunde_logg")
        assert str(info.value) == "ringerunde_logg.csv: filen finnes ikke"

    def test_damaged_xlsx(self, tmp_path: Path) -> None:
        path = write(tmp_path, "telefonintervju.xlsx", b"not a zip file")
        with pytest.raises(InputError) as info:
            read_raw_table(path, "telefonintervju")
        [problem] = info.value.problems
        assert (problem.fil, problem.rad, problem.kolonne) == ("telefonintervju.xlsx", None, None)
        assert problem.melding.startswith("kan ikke åpne XLSX: ")


class TestCellText:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (None, None),
            (True, "Ja"),
            (False, "Nei"),
            (106, "106"),
            (106.0, "106"),
            (2.5, "2.5"),
            (0, "0"),
            (dt.datetime(2014, 12, 16), "2014-12-16 00:00"),
            (dt.datetime(2014, 12, 16, 9, 30), "2014-12-16 09:30"),
            (dt.datetime(2014, 12, 16, 9, 30, 15), "2014-12-16 09:30:15"),
            (dt.date(2014, 12, 16), "2014-12-16"),
            ("Narvik", "Narvik"),
            ("", ""),
        ],
    )
    def test_examples(self, value: object, expected: str | None) -> None:
        assert _cell_text(value) == expected


INTERVJU_HEADER = [
    "ID",
    "Tjenestens navn",
    "vertskommune",
    "organisering",
    "Deltakende kommuner",
    "friskliv",
    "navn_med_mestring",
    "egen_enhet",
    "i_gang",
    "antall_tilbud",
    "bm_utvikling",
    "bm_planlegging",
    "bm_gjennomforing",
    "bm_evaluering",
    "mange_ars_erfaring",
    "prosjektfinansiert",
    "Intervjudato",
    "Datakilde",
]


class TestReadRawTableXlsx:
    @pytest.fixture()
    def xlsx(self, tmp_path: Path) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(INTERVJU_HEADER)
        common = ["nei", "Ja", "nei", "Nei", 0, "Ja", "Ja", "Nei", "Nei", "Nei"]
        ws.append(
            ["T001", "LMS Fredrikstad", 106, "kommunal", None]
            + common
            + [True, dt.date(2014, 12, 16), "syntetisk"]
        )
        ws.append([])  # row 3 blank
        ws.append(
            ["T002", "Friskliv Ofoten", "1805 Narvik", "interkommunal", "Narvik; Evenes"]
            + common[:4]
            + [3.0]
            + common[5:]
            + [None, dt.datetime(2014, 12, 17, 9, 30), None]
        )
        for cell in ws["Q"][1:]:
            cell.number_format = "DD.MM.YYYY"
        # A second sheet is never read.
        wb.create_sheet("Notater").append(["tjeneste_id"])
        path = tmp_path / "telefonintervju.xlsx"
        wb.save(path)
        return path

    def test_values_as_text(self, xlsx: Path) -> None:
        table = read_raw_table(xlsx, "telefonintervju", ALIASES["telefonintervju"])
        assert (table.encoding, table.delimiter, table.blank_rows) == ("xlsx", None, 1)
        assert table.ignored_columns == ["Datakilde"]
        assert table.data[ROW].tolist() == [2, 4]
        first, second = (table.data.iloc[i] for i in (0, 1))
        assert first["tjeneste_id"] == "T001"
        assert first["vertskommune"] == "106"
        assert first["antall_tilbud"] == "0"
        assert first["prosjektfinansiert"] == "Ja"
        # A date cell without a time of day reads as a date.
        assert first["intervjudato"] == "2014-12-16"
        assert first["deltakerkommuner"] is None
        assert second["vertskommune"] == "1805 Narvik"
        assert second["deltakerkommuner"] == "Narvik; Evenes"
        assert second["antall_tilbud"] == "3"
        assert second["prosjektfinansiert"] is None
        assert second["intervjudato"] == "2014-12-17 09:30"


class TestFindRawFile:
    def test_none(self, tmp_path: Path) -> None:
        with pytest.raises(InputError) as info:
            find_raw_file(tmp_path, "telefonintervju")
        assert info.value.problems == [
            Problem(
                "telefonintervju.*",
                None,
                None,
                "fant ingen fil telefonintervju.csv eller telefonintervju.xlsx, og intet "
                f"importkart telefonintervju.import.yaml, i {tmp_path}",
            )
        ]

    @pytest.mark.parametrize("ext", [".csv", ".xlsx"])
    def test_one(self, tmp_path: Path, ext: str) -> None:
        (tmp_path / f"telefonintervju{ext}").write_bytes(b"")
        (tmp_path / "radmann_skjema.csv").write_bytes(b"")
        assert find_raw_file(tmp_path, "telefonintervju") == tmp_path / f"telefonintervju{ext}"

    def test_both(self, tmp_path: Path) -> None:
        (tmp_path / "telefonintervju.csv").write_bytes(b"")
        (tmp_path / "telefonintervju.xlsx").write_bytes(b"")
        with pytest.raises(InputError) as info:
            find_raw_file(tmp_path, "telefonintervju")
        assert str(info.value) == (
            "telefonintervju.csv: flere filer for samme kilde: "
            "telefonintervju.csv og telefonintervju.xlsx"
        )


class TestFileNamesInAnyCase:
    """Raw files saved with upper-case names or suffixes (``.CSV``, ``.XLSX``, as Windows tools
    save them) are found, as the readers compare suffixes case-insensitively."""

    @pytest.mark.parametrize(
        "name",
        [
            "telefonintervju.CSV",
            "telefonintervju.Xlsx",
            "TELEFONINTERVJU.XLSX",
            "Telefonintervju.csv",
            "telefonintervju.Import.YAML",
        ],
    )
    def test_found(self, tmp_path: Path, name: str) -> None:
        (tmp_path / name).write_bytes(b"")
        (tmp_path / "RADMANN_SKJEMA.CSV").write_bytes(b"")
        assert find_raw_file(tmp_path, "telefonintervju") == tmp_path / name
        assert find_raw_file(tmp_path, "radmann_skjema") == tmp_path / "RADMANN_SKJEMA.CSV"

    def test_two_spellings_of_one_file_are_two_files(self, tmp_path: Path) -> None:
        (tmp_path / "ringerunde_logg.csv").write_bytes(b"")
        (tmp_path / "ringerunde_logg.CSV").write_bytes(b"")
        with pytest.raises(InputError) as info:
            find_raw_file(tmp_path, "ringerunde_logg")
        assert str(info.value) == (
            "ringerunde_logg.CSV: flere filer for samme kilde: "
            "ringerunde_logg.CSV og ringerunde_logg.csv"
        )

    def test_a_run_on_upper_case_names_decides_as_on_the_bundled_names(self, tmp_path):
        import shutil

        from helpers import RAW_DIR, build_run

        raw = tmp_path / "raw"
        raw.mkdir()
        for path in RAW_DIR.iterdir():
            if path.suffix in (".csv", ".xlsx"):
                stem, suffix = path.name.split(".", 1)
                shutil.copy(path, raw / f"{stem.upper()}.{suffix.upper()}")
        layout = build_run(tmp_path / "run", raw_dir=raw, definitions=("nklmh_2015",))
        status = (layout.processed / "kommune_status.csv").read_text(encoding="utf-8")
        assert status.count("\n") == 429  # the header and the 428 kommuner of 2014
        figures = (layout.processed / "figures.csv").read_text(encoding="utf-8")
        assert "\nkommuner_med_tilbud,79,428\n" in figures
