"""The personal-data guard and the synthetic-data marker for data/raw/.

Most tests use a small hand-made raw folder (:func:`mini_raw`) whose every personal cell is
known, plant values in outputs of every type, and check the exact outcome: which output,
which raw file, row and column are named, which files are deleted. Every person, address and
phone number here is fictitious.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lmsanalyse.contract import SOURCES
from lmsanalyse.guard import (
    PersonalDataFound,
    check_outputs,
    has_synthetic_marker,
    main,
    personal_values,
    run_guard,
    scan_outputs,
)
from lmsanalyse.guard.normalise import normalise
from lmsanalyse.guard.patterns import digit_runs, emails, is_phone, phone_core
from lmsanalyse.guard.texts import file_parts
from lmsanalyse.ingest.sources import find_raw_files

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
ALIASES = REPO / "config" / "header_aliases.yaml"
REF = REPO / "data" / "reference"

# The hand-made raw folder: source → rows (row 2 is the first data row, as a spreadsheet
# shows it). Only the columns given are filled; every contract column is in the header.
MINI = {
    "radmann_skjema": [
        {  # row 2
            "svar_id": "1",
            "innsendt": "2014-11-03",
            "enhet": "Narvik",
            "kontaktperson": "Kari Fiktivsen",
            "kontakt_telefon": "+47 912 34 567",
            "kontakt_epost": "kari.fiktivsen@narvik.kommune.invalid",
            "kommentar": "Ring gjerne Kari på 22 33 44 55 etter klokken tolv.",
        },
        {  # row 3: generic words in personal columns
            "svar_id": "2",
            "innsendt": "2014-11-04",
            "enhet": "Bodø",
            "kontaktperson": "Sentralbord",
            "kontakt_telefon": "sentralbordet",
            "kommentar": "Vet ikke",
        },
        {  # row 4: the header line repeated inside the export
            "svar_id": "svar_id",
            "innsendt": "innsendt",
            "enhet": "enhet",
            "kontaktperson": "Kontaktperson for tjenesten",
            "kontakt_telefon": "Telefon kontaktperson",
            "kontakt_epost": "E-post kontaktperson",
            "kommentar": "Kommentarer",
        },
    ],
    "ringerunde_logg": [
        {  # row 2
            "enhet": "Narvik",
            "dato": "2014-12-01",
            "forsok": "1",
            "kontaktpunkt": "sentralbord",
            "utfall": "har tjeneste",
            "kontaktperson": "Åse Øvreli-Prøvesen",
            "telefon": "0047 41 22 33 44",
            "notat": "Snakket med Åse om kursene for pårørende",
        },
        {  # row 3: generic words
            "enhet": "Alta",
            "dato": "2014-12-02",
            "forsok": "1",
            "utfall": "uavklart",
            "kontaktperson": "ukjent",
            "telefon": "Telefon",
            "notat": "Narvik kommune",
        },
        {  # row 4: contract vocabulary and a place name
            "enhet": "Alta",
            "dato": "2014-12-03",
            "forsok": "2",
            "utfall": "satt over",
            "kontaktperson": "Annen avdeling",
            "telefon": "12345",
            "notat": "Gamle Oslo",
        },
    ],
    "telefonintervju": [
        {  # row 2
            "tjeneste_id": "T1",
            "tjeneste_navn": "LMS Narvik",
            "vertskommune": "Narvik",
            "intervjuer": "Intervjuer Oppdiktet",
            "leder_navn": "José Ødegård",
            "leder_telefon": "900 11 222",
        },
        {  # row 3: a role, not a person
            "tjeneste_id": "T2",
            "tjeneste_navn": "LMS Alta",
            "vertskommune": "Alta",
            "leder_navn": "Daglig leder",
        },
    ],
}
GENERIC_IN_MINI = [
    "Sentralbord",
    "sentralbordet",
    "Vet ikke",
    "Kontaktperson for tjenesten",
    "Telefon kontaktperson",
    "E-post kontaktperson",
    "Kommentarer",
    "ukjent",
    "Telefon",
    "Narvik kommune",
    "Annen avdeling",
    "Gamle Oslo",
    "Daglig leder",
    "12345",
]


def write_raw(folder: Path, sources: dict[str, list[dict[str, str]]] = MINI) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sources.items():
        columns = [c.name for c in SOURCES[name].columns]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows(rows)
    return find_raw_files(folder)


@pytest.fixture(scope="module")
def mini_raw(tmp_path_factory) -> dict[str, Path]:
    return write_raw(tmp_path_factory.mktemp("mini_raw"))


@pytest.fixture(scope="module")
def mini_values(mini_raw):
    return personal_values(mini_raw, ALIASES, REF)


def guard(raw: dict[str, Path], out: Path) -> PersonalDataFound | None:
    """Run the guard over ``out``'s data/processed and reports; the failure, or None."""
    folders = [out / "data" / "processed", out / "reports"]
    try:
        run_guard(raw, ALIASES, folders, out / "logs" / "personvernsjekk.txt", REF)
    except PersonalDataFound as exc:
        return exc
    return None


def plant(out: Path, name: str, text: str) -> Path:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: PersonalDataFound | None) -> list[str]:
    assert exc is not None, "the guard found nothing"
    return [f.message() for f in exc.findings]


KARI = "radmann_skjema.csv rad 2, kolonne kontaktperson"
ASE = "ringerunde_logg.csv rad 2, kolonne kontaktperson"
JOSE = "telefonintervju.csv rad 2, kolonne leder_navn"


# ---------------------------------------------------------------- normalised comparison


class TestNormalise:
    @pytest.mark.parametrize(
        "variant",
        [
            "Kari Fiktivsen",
            "KARI FIKTIVSEN",
            "Kari\u00a0Fiktivsen",
            "Kari\u202fFiktivsen",
            "Kari \n\t Fiktivsen",
            "Kari\u2028Fiktivsen",
            "Ka\u200bri Fik\u00adtiv\u200dsen",
            "\ufeffKari Fiktivsen",
            "Kari \u202eFiktivsen\u202c",
            "\u2066Kari\u2069 Fiktivsen",
            "Ｋａｒｉ　Ｆｉｋｔｉｖｓｅｎ",
            "Kari Fiktivsen\u2060",
        ],
    )
    def test_every_form_of_a_name_is_the_same(self, variant):
        assert normalise(variant) == "kari fiktivsen"

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            (unicodedata.normalize("NFD", "Åse Øvreli-Prøvesen"), "åse øvreli-prøvesen"),
            ("A\u030ase", "åse"),
            ("Jose\u0301 Ødegård", "josé ødegård"),
            ("Ann\u2010Lise", "ann-lise"),
            ("Ann\u2011Lise", "ann-lise"),
            ("Ann\u2013Lise", "ann-lise"),
            ("O\u2019Brien", "o'brien"),
            ("Stra\u00dfe", "strasse"),
            ("\ufb01skvik", "fiskvik"),
            ("９１２ ３４ ５６７", "912 34 567"),
        ],
    )
    def test_unicode_forms(self, a, b):
        assert normalise(a) == b

    @pytest.mark.parametrize("lines", [False, True])
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Øvre\u00ad\nli-Prøvesen", "øvreli-prøvesen"),  # Typst, through pdftotext
            ("Øvre\u00ad\nli\u00adPrøvesen", "øvreliprøvesen"),  # Typst, through pypdf
            ("Kris\u00ad \r\ntoffer Ås", "kristoffer ås"),
            ("Kris\u00ad\x0ctoffer", "kristoffer"),  # broken across pages
            ("Kris\u00adtoffer", "kristoffer"),  # a soft hyphen inside a line
        ],
    )
    def test_a_soft_hyphen_at_a_line_end_joins_the_word(self, a, b, lines):
        assert normalise(a, lines=lines) == b

    def test_lines_mode_keeps_cells_apart(self):
        assert normalise("912\t34\n\n567  x\u00a0y", lines=True) == "912\n34\n567 x y"


# ---------------------------------------------------------------- values and their cells


class TestPersonalValues:
    def test_mini_values_and_their_cells(self, mini_values):
        texts = {k: str(s.first[0]) for k, s in mini_values.texts.items()}
        assert texts == {
            "kari fiktivsen": KARI,
            "kari.fiktivsen@narvik.kommune.invalid": "radmann_skjema.csv rad 2, kolonne kontakt_epost",
            "ring gjerne kari på 22 33 44 55 etter klokken tolv": "radmann_skjema.csv rad 2, kolonne kommentar",
            "åse øvreli-prøvesen": ASE,
            "åse øvreliprøvesen": ASE,
            "snakket med åse om kursene for pårørende": "ringerunde_logg.csv rad 2, kolonne notat",
            "intervjuer oppdiktet": "telefonintervju.csv rad 2, kolonne intervjuer",
            "josé ødegård": JOSE,
        }
        phones = {k: str(s.first[0]) for k, s in mini_values.phones.items()}
        assert phones == {
            "91234567": "radmann_skjema.csv rad 2, kolonne kontakt_telefon",
            "22334455": "radmann_skjema.csv rad 2, kolonne kommentar",
            "41223344": "ringerunde_logg.csv rad 2, kolonne telefon",
            "90011222": "telefonintervju.csv rad 2, kolonne leder_telefon",
        }

    def test_generic_words_are_left_out(self, mini_values):
        assert mini_values.ignored == {"generelle ord": 13, "for korte": 1}

    def test_bundled_values(self):
        values = personal_values(find_raw_files(RAW), ALIASES, REF)
        assert len(values.texts) > 400 and len(values.phones) > 600
        assert any(k.endswith("@kommune-eksempel.invalid") for k in values.texts)
        assert any("fiktivsen" in k for k in values.texts)
        assert all(core.startswith("000") for core in values.phones)


# ---------------------------------------------------------------- every output type


def _parquet(path: Path, value: str) -> None:
    table = pa.table({"a": ["x", value], "b": [1, 2], "liste": [["y"], ["z", value]]})
    pq.write_table(table, path)


def _xlsx_hidden_sheet(path: Path, value: str) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["figur", "verdi"])
    hidden = wb.create_sheet("gammelt")
    hidden.append([value])
    hidden.sheet_state = "hidden"
    wb.save(path)


def _xlsx_comment(path: Path, value: str) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "tall"
    wb.active["A1"].comment = openpyxl.comments.Comment(f"spør {value}", "x")
    wb.save(path)


def _xlsx_property(path: Path, value: str) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "tall"
    wb.properties.creator = value
    wb.save(path)


def _png_with_text(path: Path, value: str) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    itxt = b"Description\0\0\0\0\0" + value.encode()
    data = zlib.compress(b"\0\0")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"iTXt", itxt)
    path.write_bytes(png + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def _pdf(path: Path, value: str) -> None:
    """A one-page PDF whose text is ``value`` (ASCII), written by hand."""
    stream = f"BT /F1 12 Tf 72 712 Td ({value}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(out)


def _text(template: str):
    return lambda p, v: p.write_text(template.format(v=v), encoding="utf-8")


DECOMPOSED_ASE = unicodedata.normalize("NFD", "ÅSE ØVRELI-PRØVESEN")
# (output file, how the value is written, the value as written)
WRITERS = [
    ("data/processed/t.csv", _text("figur,verdi\nx,{v}\n"), "Kari Fiktivsen"),
    ("data/processed/t.csv", _text('a,b\n1,"Ringte {v}, ""leder"""\n'), "Kari\u00a0Fiktivsen"),
    ("data/processed/t.tsv", _text("a\tb\n1\t{v}\n"), "KARI FIKTIVSEN"),
    ("data/processed/t.json", lambda p, v: p.write_text(json.dumps({"k": v})), "Kari Fiktivsen"),
    ("data/processed/t.json", _text('{{"k": ["{v}"]}}'), "Kari\\u00a0Fiktivsen"),
    ("reports/r.html", _text("<p>Kontakt: <b>Kari</b> Fiktivsen</p>{v}"), ""),
    ("reports/r.html", _text("<td>{v}</td>"), "Ka<span>ri</span> Fik&shy;tivsen"),
    ("reports/r.html", _text("<p>&#75;ari&nbsp;Fiktivsen{v}</p>"), ""),
    ("reports/r.html", _text('<img alt="{v}" src="x.png">'), "Kari Fiktivsen"),
    ("reports/r.html", _text("<!-- {v} --><p>tom</p>"), "Kari Fiktivsen"),
    ("reports/r.html", _text("<p>{v}</p>"), "Ka\u200bri Fik\u00adtivsen"),
    (
        "reports/figurer/f.svg",
        _text("<svg><text>Kari <tspan>Fiktivsen</tspan>{v}</text></svg>"),
        "",
    ),
    ("reports/figurer/f.svg", _text("<svg><title>{v}</title></svg>"), "Kari Fiktivsen"),
    ("reports/figurer/f.txt", _text("Figuren viser {v}."), "Kari Fiktivsen"),
    ("reports/figurer/f.md", _text("![{v}](f.png)"), "Kari Fiktivsen"),
    ("reports/figurer/f.png", _png_with_text, "Kari Fiktivsen"),
    ("data/processed/t.parquet", _parquet, "Kari Fiktivsen"),
    ("reports/lms_kartlegging.xlsx", _xlsx_hidden_sheet, "Kari Fiktivsen"),
    ("reports/lms_kartlegging.xlsx", _xlsx_comment, "Kari Fiktivsen"),
    ("reports/lms_kartlegging.xlsx", _xlsx_property, "Kari Fiktivsen"),
    ("reports/r.pdf", _pdf, "Kontakt: Kari  Fiktivsen"),
    ("reports/r.pdf", _pdf, "KARI FIKTIVSEN"),
    ("data/processed/notat.unknown", _text("{v}"), "Kari Fiktivsen"),
]


class TestEveryOutputType:
    @pytest.mark.parametrize(
        ("name", "writer", "value"), WRITERS, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRITERS)]
    )
    def test_a_planted_name_is_found_and_named(self, tmp_path, mini_raw, name, writer, value):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        writer(target, value)
        keep = plant(tmp_path, "data/processed/ren.csv", "figur,verdi\nx,1\n")
        exc = guard(mini_raw, tmp_path)
        found = messages(exc)
        assert found and all(m.startswith(str(target)) for m in found)
        assert any(
            f"inneholder en personopplysning fra rådataene (14 tegn, begynner med «k») fra {KARI}"
            in m
            for m in found
        )
        assert not target.exists() and keep.exists()
        assert exc.removed == [target]

    @pytest.mark.parametrize(
        ("written", "origin"),
        [
            (DECOMPOSED_ASE, ASE),
            ("Åse Øvreli\u2011Prøvesen", ASE),
            ("Åse Øvreli-\nPrøvesen", ASE),
            ("Åse ØvreliPrøvesen", ASE),  # pdftotext joins a word hyphenated at a line end
            (unicodedata.normalize("NFD", "José Ødegård"), JOSE),
            ("Jose\u0301\u00a0\u00d8dega\u030ard", JOSE),
            ("Jos\u00e9 \u00d8deg\u00e5rds kurs", JOSE),
        ],
    )
    def test_unicode_forms_in_outputs(self, tmp_path, mini_raw, written, origin):
        target = plant(tmp_path, "reports/r.html", f"<p>Leder: {written}</p>")
        found = messages(guard(mini_raw, tmp_path))
        assert len(found) == 1 and found[0].startswith(
            f"{target} [tekst]: inneholder en personopplysning"
        )
        assert found[0].endswith(f"fra {origin}")

    def test_the_value_is_never_in_the_message(self, tmp_path, mini_raw):
        plant(tmp_path, "reports/r.html", "<p>Kari Fiktivsen, José Ødegård, 912 34 567</p>")
        exc = guard(mini_raw, tmp_path)
        text = normalise(str(exc))
        for value in ("kari fiktivsen", "fiktivsen", "josé", "ødegård", "912 34 567", "91234567"):
            assert value not in text

    def test_parquet_names_the_column(self, tmp_path, mini_raw):
        target = tmp_path / "data/processed/t.parquet"
        target.parent.mkdir(parents=True)
        pq.write_table(pa.table({"tjeneste_navn": ["LMS", "Kari Fiktivsen"]}), target)
        assert messages(guard(mini_raw, tmp_path)) == [
            f"{target} [kolonne tjeneste_navn]: inneholder en personopplysning fra rådataene "
            f"(14 tegn, begynner med «k») fra {KARI}"
        ]

    def test_a_phone_number_stored_as_an_integer(self, tmp_path, mini_raw):
        target = tmp_path / "data/processed/t.parquet"
        target.parent.mkdir(parents=True)
        pq.write_table(pa.table({"n": pa.array([3, 41223344], pa.int64())}), target)
        assert messages(guard(mini_raw, tmp_path)) == [
            f"{target} [kolonne n]: inneholder et telefonnummer fra rådataene (8 sifre) "
            "fra ringerunde_logg.csv rad 2, kolonne telefon"
        ]

    def test_an_unreadable_output_is_refused(self, tmp_path, mini_raw):
        target = plant(tmp_path, "data/processed/t.parquet", "ikke parquet")
        found = messages(guard(mini_raw, tmp_path))
        assert found == [f"{target}: inneholder noe som ikke kan leses som .parquet (ArrowInvalid)"]
        assert not target.exists()

    def test_an_unreadable_pdf_is_refused_as_when_read_in_process(self, tmp_path, mini_raw):
        # PDFs are read by child processes (guard.pdf_worker); the finding is the same.
        target = plant(tmp_path, "reports/r.pdf", "ikke pdf")
        with pytest.raises(Exception) as in_process:
            file_parts(target)
        # pdftotext's CalledProcessError where poppler is installed, else one of pypdf's errors
        # (PdfStreamError, PdfReadError: both PyPdfError).
        from pypdf.errors import PyPdfError

        assert isinstance(in_process.value, subprocess.CalledProcessError | PyPdfError)
        kind = type(in_process.value).__name__
        found = messages(guard(mini_raw, tmp_path))
        assert found == [f"{target}: inneholder noe som ikke kan leses som .pdf ({kind})"]
        assert not target.exists()

    def test_a_pdf_read_by_a_child_process_gives_the_same_parts(self, tmp_path):
        from lmsanalyse.guard import pdf_worker

        pdfs = sorted((REPO / "docs").rglob("*.pdf"))[:1] or [_tiny_pdf(tmp_path / "a.pdf")]
        pdfs.append(_tiny_pdf(tmp_path / "b.pdf"))
        read = pdf_worker.start([*pdfs, tmp_path / "c.txt"]).parts()
        assert list(read) == pdfs  # only the PDFs
        for pdf in pdfs:
            assert read[pdf] == file_parts(pdf)

    def test_bidi_controls_are_refused(self, tmp_path, mini_raw):
        target = plant(tmp_path, "reports/r.html", "<p>LMS \u202enesvitkiF iraK\u202c</p>")
        found = messages(guard(mini_raw, tmp_path))
        assert found == [
            f"{target} [tekst]: inneholder styretegn for tekstretning (U+202C, U+202E), "
            "som kan skjule tekst"
        ]

    def test_a_value_inside_a_longer_word_is_not_a_hit(self, tmp_path, mini_raw):
        plant(tmp_path, "reports/r.html", "<p>xkari fiktivsen, lms narvik</p>")
        assert guard(mini_raw, tmp_path) is None


# ---------------------------------------------------------------- phone numbers and e-mail


class TestPhoneNumbers:
    @pytest.mark.parametrize(
        "written",
        [
            "+47 912 34 567",
            "91234567",
            "912 34 567",
            "0047 91234567",
            "+4791234567",
            "912.34.567",
            "912-34-567",
            "912\u00a034\u00a0567",
            "912\u202f34\u202f567",
            "91 23 45 67",
            "(+47) 912 34 567",
            "47 91 23 45 67",
            "＋４７ ９１２ ３４ ５６７",
        ],
    )
    def test_a_raw_number_in_any_format_names_its_cell(self, tmp_path, mini_raw, written):
        target = plant(tmp_path, "reports/r.html", f"<p>Ring {written} i dag.</p>")
        assert messages(guard(mini_raw, tmp_path)) == [
            f"{target} [tekst]: inneholder et telefonnummer fra rådataene (8 sifre) "
            "fra radmann_skjema.csv rad 2, kolonne kontakt_telefon"
        ]

    @pytest.mark.parametrize(
        "written",
        ["+47 987 65 432", "98765432", "987 65 432", "0047 98765432", "+4798765432",
         "98.76.54.32", "987-65-432", "22\u00a033\u00a044\u00a056", "+46 8 123 456 78",
         "9876 5432"],
    )  # fmt: skip
    def test_any_other_phone_number(self, tmp_path, mini_raw, written):
        target = plant(tmp_path, "data/processed/t.csv", f"a,b\n1,ring {written}\n2,{written}\n")
        found = messages(guard(mini_raw, tmp_path))
        assert len(found) == 1 and found[0].startswith(f"{target}: inneholder et telefonnummer (")
        assert found[0].endswith("sifre, ikke fra rådataene)")

    @pytest.mark.parametrize(
        "text",
        [
            "sha256,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha256,12345678e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49599123",
            "kommunenummer,1805\nbydel,030101\n",
            "folkemengde,5 165 802\nbefolkning,1486068\n",
            "sum,12 345 678\nandel,12,5\n",
            "dato,2014-11-03\ndato,20141103\nperiode,2014-2020\nperiode,1990 2015\n",
            "tid,2014-11-03 10:15:00\nepoch,1432000000\n",
            'x,3.14159265\ny,91234567.5\nz,"0,91234567"\n',
            "rad,12\nrad,13\nrad,14\nrad,15\n",
            "figur,verdi\nbefolkning,51658020\ndekket,14860680\n",
            "tall,987 65-432\n",
        ],
    )
    def test_no_false_positives_in_tables(self, tmp_path, mini_raw, text):
        plant(tmp_path, "data/processed/t.csv", text)
        assert guard(mini_raw, tmp_path) is None

    def test_no_false_positives_in_drawings(self, tmp_path, mini_raw):
        svg = (
            '<svg viewBox="0 0 496.8 404.28" width="496.8pt"><path d="M 380 12 345 L 912 34 567 '
            'C 91234567 22334455"/><g transform="translate(41223344 0)"><text x="12345678">'
            "5 165 802</text></g></svg>"
        )
        plant(tmp_path, "reports/figurer/f.svg", svg)
        plant(tmp_path, "reports/r.html", f"<html><style>a{{b:12345678px}}</style>{svg}</html>")
        _pdf(tmp_path / "reports/r.pdf", "Innbyggere 5 165 802")
        assert guard(mini_raw, tmp_path) is None

    def test_patterns(self):
        def judged(text):
            return [(r.digits, phone_core(r), is_phone(r)) for r in digit_runs(normalise(text))]

        assert judged("+47 000 00 075") == [("4700000075", "00000075", True)]
        assert judged("+46 8 123 456 78") == [("46812345678", None, True)]
        assert judged("2014-11-03") == [("20141103", "20141103", False)]
        assert judged("ab12345678cd, 0301, 1486068") == []


class TestEmail:
    @pytest.mark.parametrize(
        "written",
        [
            "ola.nordmann@kommune.no",
            "OLA@KOMMUNE.NO",
            "ola＠kommune.no",
            "ola [at] kommune.no",
            "ola(at)kommune.no",
            "ola {at} kommune [dot] no",
            "ola (krøll) kommune (punktum) no",
            "ola\u200b@kommune.no",
        ],
    )
    def test_any_address(self, tmp_path, mini_raw, written):
        target = plant(tmp_path, "reports/r.html", f"<p>Skriv til {written}.</p>")
        found = messages(guard(mini_raw, tmp_path))
        assert len(found) == 1 and found[0].startswith(
            f"{target} [tekst]: inneholder en e-postadresse ("
        )

    def test_a_raw_address_names_its_cell(self, tmp_path, mini_raw):
        target = plant(tmp_path, "reports/r.html", "<p>KARI.FIKTIVSEN@narvik.kommune.invalid</p>")
        assert messages(guard(mini_raw, tmp_path)) == [
            f"{target} [tekst]: inneholder en personopplysning fra rådataene (37 tegn, begynner "
            "med «k») fra radmann_skjema.csv rad 2, kolonne kontakt_epost"
        ]

    @pytest.mark.parametrize(
        "text", ["ola at kommune dot no", "svar@ ikke", "x@y", "@kommune.no", "2 @ 3.5"]
    )
    def test_not_an_address(self, text):
        assert list(emails(normalise(text))) == []


# ---------------------------------------------------------------- generic words


class TestGenericWords:
    def test_outputs_with_generic_words_pass(self, tmp_path, mini_raw):
        words = "\n".join(f"x,{w}" for w in GENERIC_IN_MINI)
        plant(tmp_path, "data/processed/t.csv", f"a,b\n{words}\n")
        plant(tmp_path, "reports/r.html", "".join(f"<p>{w.upper()}</p>" for w in GENERIC_IN_MINI))
        assert guard(mini_raw, tmp_path) is None
        record = (tmp_path / "logs" / "personvernsjekk.txt").read_text(encoding="utf-8")
        assert (
            record
            == "OK: 12 personverdier fra rådataene søkt etter i processed, reports; ingen funnet.\n"
        )

    @pytest.mark.parametrize(
        ("word", "generic"),
        [
            ("Servicetorget", True),
            ("Hammerfest", True),
            ("Hammerfest kommune", True),
            ("Bydel Grünerløkka", True),
            ("Nordland", True),
            ("Vet ikke", True),
            ("pårørendekurs", True),
            ("Hvem svarte", True),
            ("«Ukjent»", True),
            ("Kari Hammerfest", False),
            ("Sentralbordet v/ Kari", False),
            ("Fiktivsen", False),
        ],
    )
    def test_the_rule(self, tmp_path, word, generic):
        rows = {k: [dict(v[0])] for k, v in MINI.items()}
        rows["ringerunde_logg"][0]["kontaktperson"] = word
        values = personal_values(write_raw(tmp_path, rows), ALIASES, REF)
        assert (normalise(word).strip("«»") in values.texts) is not generic


# ---------------------------------------------------------------- the failure


class TestFailure:
    def test_findings_deletions_and_the_summary(self, tmp_path, mini_raw):
        csv_out = plant(tmp_path, "data/processed/tjeneste_status.csv", "a,b\n1,Kari Fiktivsen\n")
        html = plant(tmp_path, "reports/r.html", "<p>José Ødegård, tlf. 900 11 222</p>")
        clean = plant(tmp_path, "data/processed/figures.csv", "figur,verdi\nx,41\n")
        record = plant(tmp_path, "logs/personvernsjekk.txt", "OK: gammel\n")
        exc = guard(mini_raw, tmp_path)
        lines = str(exc).splitlines()
        assert lines == [
            "Personopplysninger funnet i utdata (3 funn i 2 filer):",
            f"  {csv_out}: inneholder en personopplysning fra rådataene (14 tegn, begynner med «k») fra {KARI}",
            f"  {html} [tekst]: inneholder en personopplysning fra rådataene (12 tegn, begynner med «j») fra {JOSE}",
            f"  {html} [tekst]: inneholder et telefonnummer fra rådataene (8 sifre) fra telefonintervju.csv rad 2, kolonne leder_telefon",
            "Slettet fordi de inneholder personopplysninger:",
            f"  {csv_out}",
            f"  {html}",
            "",
            "Personvernsjekken stoppet kjøringen: 3 funn i 2 av 3 utdatafiler, som er slettet.",
            "Rett rådatacellene som er nevnt (fil, rad, kolonne), eller koden som skrev dem ut, og kjør på nytt.",
        ]
        assert not csv_out.exists() and not html.exists() and clean.exists()
        assert not record.exists()

    def test_a_value_in_many_cells(self, tmp_path):
        rows = {k: [dict(r) for r in v] for k, v in MINI.items()}
        for row in rows["ringerunde_logg"]:
            row["kontaktperson"] = "Kari Fiktivsen"
        raw = write_raw(tmp_path / "raw", rows)
        plant(tmp_path, "reports/r.html", "<p>Kari Fiktivsen</p>")
        (found,) = messages(guard(raw, tmp_path))
        assert found.endswith(
            f"fra {KARI}; {ASE}; ringerunde_logg.csv rad 3, kolonne kontaktperson (og 1 annen celle)"
        )

    def test_the_log_names_findings_without_values(self, tmp_path, mini_raw):
        plant(tmp_path, "reports/r.html", "<p>Kari Fiktivsen</p>")
        log = tmp_path / "guard.log"
        with pytest.raises(PersonalDataFound):
            run_guard(mini_raw, ALIASES, [tmp_path / "reports"], tmp_path / "rec.txt", REF, log=log)
        text = log.read_text(encoding="utf-8")
        assert "Personvernsjekken stoppet kjøringen" in text and "Fiktivsen" not in text

    def test_check_outputs_and_scan_outputs(self, tmp_path, mini_raw):
        target = plant(tmp_path, "r.txt", "Kari Fiktivsen")
        assert scan_outputs(personal_values(mini_raw, ALIASES, REF), [tmp_path]) == [
            f"{target}: inneholder en personopplysning fra rådataene (14 tegn, begynner med «k») fra {KARI}"
        ]
        assert target.exists()  # scan_outputs only looks
        with pytest.raises(PersonalDataFound):
            check_outputs(mini_raw, ALIASES, [tmp_path], REF)
        assert not target.exists()


class TestRerun:
    """A clean pass records its files' digests (guard/cache.py); the next pass searches only
    files whose bytes, or the values searched for, changed – and finds what they hold."""

    def _log(self, raw, out: Path) -> str:
        log = out / "guard.log"
        log.unlink(missing_ok=True)
        folders = [out / "data" / "processed", out / "reports"]
        run_guard(raw, ALIASES, folders, out / "logs" / "personvernsjekk.txt", REF, log=log)
        (line,) = [x for x in log.read_text(encoding="utf-8").splitlines() if "søkt gjennom" in x]
        return line.split(" INFO lmsanalyse.guard: ")[1]

    def test_only_changed_files_are_searched_again(self, tmp_path, mini_raw):
        plant(tmp_path, "data/processed/figures.csv", "figur,verdi\nx,41\n")
        html = plant(tmp_path, "reports/r.html", "<p>Ingen navn her</p>")
        first = self._log(mini_raw, tmp_path)
        assert "2 av 2 utdatafiler" in first and "0 uendret siden forrige rene sjekk" in first
        again = self._log(mini_raw, tmp_path)
        assert "0 av 2 utdatafiler" in again and "2 uendret siden forrige rene sjekk" in again
        plant(tmp_path, "reports/ny.csv", "a\n1\n")
        html.write_text("<p>Ingen navn her!</p>", encoding="utf-8")
        third = self._log(mini_raw, tmp_path)
        assert "2 av 3 utdatafiler" in third and "1 uendret siden forrige rene sjekk" in third

    def test_a_value_planted_after_a_clean_pass_is_found(self, tmp_path, mini_raw):
        plant(tmp_path, "data/processed/figures.csv", "figur,verdi\nx,41\n")
        html = plant(tmp_path, "reports/r.html", "<p>Ingen navn her</p>")
        assert guard(mini_raw, tmp_path) is None
        cache = tmp_path / "logs" / "personvernsjekk_rene_filer.json"
        assert sorted(json.loads(cache.read_text(encoding="utf-8"))["filer"]) == [
            str(tmp_path / "data/processed/figures.csv"),
            str(html),
        ]
        html.write_text("<p>Kari Fiktivsen</p>", encoding="utf-8")
        assert messages(guard(mini_raw, tmp_path)) == [
            f"{html} [tekst]: inneholder en personopplysning fra rådataene (14 tegn, begynner "
            f"med «k») fra {KARI}"
        ]
        assert not html.exists() and not cache.exists()

    @pytest.mark.parametrize("name", ["Ola Nordmannsen", "Per Testesen", "Marit Øyen-Dahl"])
    def test_an_unchanged_file_is_searched_for_new_values(self, tmp_path, name):
        rows = {k: [dict(r) for r in v] for k, v in MINI.items()}
        rows["ringerunde_logg"][0]["kontaktperson"] = "Noen Helt Annen"
        before = write_raw(tmp_path / "raw1", rows)
        html = plant(tmp_path, "reports/r.html", f"<p>{name}</p>")
        assert guard(before, tmp_path) is None
        rows["ringerunde_logg"][0]["kontaktperson"] = name
        (found,) = messages(guard(write_raw(tmp_path / "raw2", rows), tmp_path))
        assert found.startswith(f"{html} [tekst]: inneholder en personopplysning fra rådataene")
        assert found.endswith(f"fra {ASE}")

    def test_the_cache_holds_no_value_and_a_broken_one_means_a_full_pass(self, tmp_path, mini_raw):
        plant(tmp_path, "reports/r.html", "<p>Ingen navn her</p>")
        self._log(mini_raw, tmp_path)
        cache = tmp_path / "logs" / "personvernsjekk_rene_filer.json"
        text = normalise(cache.read_text(encoding="utf-8"))
        values = personal_values(mini_raw, ALIASES, REF)
        assert [v for v in [*values.texts, *values.phones] if v in text] == []
        cache.write_text("{ikke json", encoding="utf-8")
        assert "1 av 1 utdatafiler" in self._log(mini_raw, tmp_path)


class TestBundled:
    def test_bundled_run_is_clean(self, bundled_run):
        raw = find_raw_files(RAW)
        folders = [bundled_run / "data" / "processed", bundled_run / "reports"]
        assert scan_outputs(personal_values(raw, ALIASES, REF), folders) == []

    @pytest.mark.slow
    def test_a_decomposed_name_in_a_typst_pdf(self, tmp_path, mini_raw):
        import typst

        target = tmp_path / "reports" / "r.pdf"
        target.parent.mkdir()
        # A column so narrow that Typst hyphenates the name, as the report's engine does.
        source = tmp_path / "r.typ"
        source.write_text(
            "#set page(width: 3cm, height: auto, margin: 2mm)\n"
            '#set text(lang: "nb", hyphenate: true, size: 9pt)\n'
            f"Leder: {DECOMPOSED_ASE}\n",
            encoding="utf-8",
        )
        target.write_bytes(typst.compile(str(source), ignore_system_fonts=True))
        # Hyphenated at a line end or not, the name is found (as 19 or, joined by
        # pdftotext, 18 characters).
        (found,) = messages(guard(mini_raw, tmp_path))
        assert found.startswith(f"{target} [tekst]: inneholder en personopplysning fra rådataene")
        assert found.endswith(f"fra {ASE}")

    @pytest.mark.slow
    def test_the_workflow_fails_when_a_value_is_planted(self, tmp_path):
        from snakemake_interface_common.exceptions import WorkflowError

        from lmsanalyse.cli import run_workflow

        raw = tmp_path / "raw"
        shutil.copytree(RAW, raw)
        # A contact person's name, decomposed (as macOS saves it), typed into the service name
        # column reaches the outputs.
        wb = openpyxl.load_workbook(raw / "telefonintervju.xlsx")
        ws = wb.active
        header = [c.value for c in ws[1]]
        leader = ws.cell(row=2, column=header.index("leder_navn") + 1).value
        decomposed = unicodedata.normalize("NFD", leader.upper())
        ws.cell(row=2, column=header.index("Tjenestens navn") + 1).value = decomposed
        wb.save(raw / "telefonintervju.xlsx")
        out = tmp_path / "out"
        with pytest.raises(WorkflowError):
            run_workflow(raw_dir=raw, out_dir=out, definitions=["nklmh_2015"])
        log = (out / "logs" / "personal_data_guard.log").read_text(encoding="utf-8")
        origin = "telefonintervju.xlsx rad 2, kolonne leder_navn"
        # The name is found in the CSVs, the Parquet, the HTML and the PDF's text; each is
        # named with the raw cell, and deleted.
        for output in (
            out / "data/processed/tjeneste_status.csv",
            out / "data/processed/definisjoner/nklmh_2015/tjeneste_status.parquet",
            out / "reports/lms_kartlegging.html",
            out / "reports/lms_kartlegging.pdf",
        ):
            assert any(
                line.strip().startswith(str(output)) and origin in line for line in log.splitlines()
            ), output
            assert not output.exists()
        assert (out / "data/processed/figures.csv").exists()
        assert not (out / "logs/personvernsjekk.txt").exists()
        assert leader not in log and normalise(leader) not in normalise(log)
        assert "Personvernsjekken stoppet kjøringen" in log


class TestSyntheticMarker:
    def test_every_bundled_raw_file_is_marked(self):
        files = sorted(p for p in RAW.iterdir() if p.is_file() and p.name != ".gitkeep")
        assert [p.name for p in files] == [
            "README.md", "radmann_skjema.csv", "ringerunde_logg.csv", "telefonintervju.xlsx",
        ]  # fmt: skip
        assert all(has_synthetic_marker(p) for p in files)

    def test_every_committed_raw_file_is_marked(self):
        tracked = subprocess.run(
            ["git", "ls-files", "data/raw"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.split()
        if not tracked:
            pytest.skip("not a git checkout")
        unmarked = [
            f for f in tracked if f != "data/raw/.gitkeep" and not has_synthetic_marker(REPO / f)
        ]
        assert unmarked == []

    def test_an_unmarked_export_is_refused(self, tmp_path, capsys):
        real = tmp_path / "radmann_skjema.csv"
        real.write_text("svar_id,innsendt,enhet\n1,2014-11-03,Narvik\n", encoding="utf-8")
        book = tmp_path / "telefonintervju.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["tjeneste_id"])
        wb.save(book)
        assert main(["raw-marker", str(real), str(book), str(RAW / "ringerunde_logg.csv")]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err == [
            f"{real}: mangler merket «SYNTETISKE DATA». Ekte rådata skal aldri i depotet; hold dem utenfor og bruk --raw-dir.",
            f"{book}: mangler merket «SYNTETISKE DATA». Ekte rådata skal aldri i depotet; hold dem utenfor og bruk --raw-dir.",
        ]

    def test_pre_commit_runs_the_marker_check_on_data_raw(self):
        import yaml

        config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
        hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
        assert hooks["raw-data-is-synthetic"]["entry"] == "python -m lmsanalyse.guard raw-marker"
        assert hooks["raw-data-is-synthetic"]["files"] == "^data/(raw|examples)/"
        assert "check-added-large-files" in hooks and "detect-secrets" in hooks

    def test_module_entry_point(self, tmp_path):
        ok = [
            sys.executable,
            "-m",
            "lmsanalyse.guard",
            "raw-marker",
            str(RAW / "radmann_skjema.csv"),
        ]
        result = subprocess.run(ok, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        bad = tmp_path / "x.csv"
        bad.write_text("a\n", encoding="utf-8")
        result = subprocess.run([*ok[:-1], str(bad)], capture_output=True, text=True)
        assert result.returncode == 1 and "mangler merket" in result.stderr


def test_file_parts_of_html():
    parts = {p.where: p.text for p in file_parts_of("<p>A<b>b</b></p><td>c</td><script>1</script>")}
    assert normalise(parts["tekst"], lines=True) == "ab\nc"


def file_parts_of(html: str):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.html"
        path.write_text(html, encoding="utf-8")
        return file_parts(path)


def _tiny_pdf(path: Path) -> Path:
    """A one-page PDF with a line of text and a title (pypdf writes it)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Kari Fiktivsen"})
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_the_guard_reads_its_own_pdfs_past_pypdfs_limits(tmp_path, monkeypatch) -> None:
    """pypdf's limits against decompression bombs (75 MB per stream) are for PDFs from
    elsewhere: the guard reads the pipeline's own PDFs in full (a K = 100 appendix goes past
    them). Here the limits are made tiny and the pure-Python reader is used, as without
    poppler: pypdf alone then reads no text (silently), the guard reads it all."""
    import datetime as dt

    from pypdf import PdfReader, apply_configuration

    from lmsanalyse.guard import texts
    from lmsanalyse.report.typeset import write_pdf

    path = tmp_path / "rapport.pdf"
    html = "<title>Rapport om Ola Nordmann</title><body><p>Kari Nordmann ringte.</p></body>"
    write_pdf(html, path, dt.datetime(2015, 3, 1))
    monkeypatch.setattr(texts.shutil, "which", lambda name: None)
    tiny = {"maximum_declared_stream_length": 10, "zlib_maximum_output_length": 10}
    with apply_configuration(**tiny):
        try:
            plain = PdfReader(path).pages[0].extract_text()
        except Exception:  # noqa: BLE001 (either way pypdf alone reads no text)
            plain = ""
        parts = {p.where: p.text for p in texts._pdf_parts(path)}
    assert "Kari Nordmann" not in plain
    assert "Kari Nordmann ringte." in parts["tekst"]
    assert "Rapport om Ola Nordmann" in parts["dokumentinformasjon"].splitlines()
