"""Tests for lmsanalyse.clean: value parsers, the Cleaner on small hand-made exports, and the
clean stage on the bundled synthetic data.

Every hand-made case asserts the row accounting exactly: rows in = used + merged + quarantined.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers import aliases_declaring_absent, clean_in
from lmsanalyse.clean.clean_stage import QUARANTINE_COLUMNS, accounting_frame, quarantine_frame
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.clean.issues import CleanedSource
from lmsanalyse.clean.value_parsers import parse_count, parse_datetime, sanitise_text
from lmsanalyse.contract import DIAGNOSER, SOURCES, TILBUDSTYPER, YES_NO_UNKNOWN
from lmsanalyse.ingest.raw_table import RawTable
from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.outputs import sha256_file
from lmsanalyse.reference import load_enheter
from lmsanalyse.spelling import canonical_answer, split_enum_list

# Row accounting observed on the committed data/raw (seed 2015). The questionnaire and
# interview counts are calibrated in synth; the call log's length depends on how many
# attempts the generator draws, so regenerating data/raw may change its two numbers.
BUNDLED_ACCOUNTING = [
    [
        "radmann_skjema",
        "radmann_skjema.csv",
        "cp1252",
        ";",
        202,
        188,
        14,
        0,
        0,
        "Status; Datakilde",
    ],
    ["ringerunde_logg", "ringerunde_logg.csv", "utf-8", ",", 494, 491, 3, 0, 0, "Datakilde"],
    ["telefonintervju", "telefonintervju.xlsx", "xlsx", "", 58, 58, 0, 0, 0, "Datakilde"],
]

# ---------------------------------------------------------------- value parsers


class TestParseDatetime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2014-11-03T08:04:05", dt.datetime(2014, 11, 3, 8, 4, 5)),
            ("2014-11-03T08:04", dt.datetime(2014, 11, 3, 8, 4)),
            ("2014-11-03 08:04:05", dt.datetime(2014, 11, 3, 8, 4, 5)),
            ("2014-11-03 08:04", dt.datetime(2014, 11, 3, 8, 4)),
            ("2014-11-03", dt.datetime(2014, 11, 3)),
            ("2014-11-03T08:04:05.123", dt.datetime(2014, 11, 3, 8, 4, 5)),
            ("03.11.2014 08:04", dt.datetime(2014, 11, 3, 8, 4)),
            ("3.11.2014 8:04", dt.datetime(2014, 11, 3, 8, 4)),
            ("03.11.2014 08.04", dt.datetime(2014, 11, 3, 8, 4)),
            ("01.01.2015 23:59:59", dt.datetime(2015, 1, 1, 23, 59, 59)),
            ("03.11.2014", dt.datetime(2014, 11, 3)),
            ("  03.11.2014 ", dt.datetime(2014, 11, 3)),
            # Excel day numbers: day 0 is 1899-12-30.
            ("41957", dt.datetime(2014, 11, 14)),
            ("41957.5", dt.datetime(2014, 11, 14, 12, 0)),
            ("41957.75", dt.datetime(2014, 11, 14, 18, 0)),
        ],
    )
    def test_valid(self, text: str, expected: dt.datetime) -> None:
        assert parse_datetime(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "31.02.2014",
            "2014-02-30",
            "2014-13-01",
            "03.11.2014 25:00",
            "03.11.14",
            "i går",
            "",
            "nov 2014",
            "4195",
        ],
    )
    def test_invalid(self, text: str) -> None:
        assert parse_datetime(text) is None

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("41957.5", dt.datetime(2014, 11, 14)),
            ("41957", dt.datetime(2014, 11, 14)),
        ],
    )
    def test_excel_serial_without_time(self, text: str, expected: dt.datetime) -> None:
        assert parse_datetime(text, with_time=False) == expected


class TestParseCount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("0", 0),
            ("3", 3),
            (" 12 ", 12),
            ("3.0", 3),
            ("3.00", 3),
            ("+4", 4),
            ("-1", None),
            ("tre", None),
            ("2.5", None),
            ("3,0", None),
            ("", None),
            ("1e3", None),
        ],
    )
    def test_examples(self, text: str, expected: int | None) -> None:
        assert parse_count(text) == expected


class TestCanonicalAnswer:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ja", "Ja"),
            (" JA ", "Ja"),
            ("Ja", "Ja"),
            ("nei", "Nei"),
            ("Vet  ikke", "Vet ikke"),
            ("VET IKKE", "Vet ikke"),
            ("vet\tikke", "Vet ikke"),
            ("ja takk", None),
            ("j", None),
            ("", None),
        ],
    )
    def test_examples(self, text: str, expected: str | None) -> None:
        assert canonical_answer(text, YES_NO_UNKNOWN) == expected


class TestSanitiseText:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("  LMS Narvik ", "LMS Narvik"),
            ("LMS\x00 Nar\x07vik", "LMS Narvik"),
            ("Linje 1\nLinje 2", "Linje 1\nLinje 2"),
            ("Tromso\u0308", "Tromsö"),  # NFC
            ("   ", None),
            (None, None),
            (float("nan"), None),
        ],
    )
    def test_examples(self, value: object, expected: str | None) -> None:
        assert sanitise_text(value) == expected


class TestSplitEnumList:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("hjerte og kar", ["hjerte og kar"]),
            ("Hjerte og kar", ["Hjerte og kar"]),
            ("kols og diabetes", ["kols", "diabetes"]),
            ("Kols OG Diabetes", ["Kols", "Diabetes"]),
            ("diabetes, hjerte og kar; kreft", ["diabetes", "hjerte og kar", "kreft"]),
            ("kols\ndiabetes\r\nkreft", ["kols", "diabetes", "kreft"]),
            ("diabetes;;kols,", ["diabetes", "kols"]),
            ("  kreft  ", ["kreft"]),
            ("", []),
        ],
    )
    def test_examples(self, text: str, expected: list[str]) -> None:
        assert split_enum_list(text, DIAGNOSER) == expected

    def test_offering_types(self) -> None:
        assert split_enum_list("mestringskurs og kurs på tvers av diagnoser", TILBUDSTYPER) == [
            "mestringskurs",
            "kurs på tvers av diagnoser",
        ]

    def test_og_separator_next_to_value_with_og(self) -> None:
        assert split_enum_list("diabetes og hjerte og kar", DIAGNOSER) == [
            "diabetes",
            "hjerte og kar",
        ]


# ---------------------------------------------------------------- the cleaner on hand-made data


@pytest.fixture(scope="module")
def cleaner(matcher, ref_dir) -> Cleaner:
    return Cleaner(matcher, load_enheter(ref_dir))


def make_table(tmp_path: Path, source: str, rows: list[dict[str, str]]) -> RawTable:
    """Write ``rows`` as a UTF-8 CSV named after the source and read it back."""
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    path = tmp_path / f"{source}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return read_raw_table(path, source)


def accounting(table: RawTable, cleaned: CleanedSource) -> tuple[int, int, int, int]:
    """(rows in, used, merged, quarantined) from the stage's own accounting table."""
    row = accounting_frame({table.source: table}, {table.source: cleaned}).iloc[0]
    assert row["rader_inn"] == row["brukt"] + row["slatt_sammen"] + row["karantene"]
    return (
        int(row["rader_inn"]),
        int(row["brukt"]),
        int(row["slatt_sammen"]),
        int(row["karantene"]),
    )


def quarantine(table: RawTable, cleaned: CleanedSource) -> list[tuple[int, str, str, str]]:
    """(rad, kolonne, niva, arsak) of every problem, in quarantine.csv order."""
    # The reasons as validate shows them (nothing masked: see test_problems.py).
    q = quarantine_frame(
        {table.source: cleaned}, {table.source: table.path.name}, is_known=lambda text: True
    )
    assert set(q["fil"]) <= {table.path.name}
    return list(q[["rad", "kolonne", "niva", "arsak"]].itertuples(index=False, name=None))


def radmann(svar_id: str, innsendt: str, enhet: str, har_tjeneste: str = "Nei", **kw) -> dict:
    return {
        "svar_id": svar_id,
        "innsendt": innsendt,
        "enhet": enhet,
        "har_tjeneste": har_tjeneste,
        "kontaktperson": "Kari Fiktivsen",
        "kommentar": "",
    } | kw


class TestCleanRadmannSubmissions:
    def test_corrected_submission_latest_wins(self, tmp_path: Path, cleaner: Cleaner) -> None:
        # The correction is earlier in the file but later in time.
        table = make_table(
            tmp_path,
            "radmann_skjema",
            [
                radmann("R3", "2014-11-05T09:00:00", "narvik kommune", "Ja", tjeneste_navn="LMS"),
                radmann("R1", "03.11.2014 08:00", "Bodø", "Nei"),
                radmann("R2", "04.11.2014 10:00", "1805", "Vet ikke"),
            ],
        )
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == (3, 2, 1, 0)
        assert quarantine(table, cleaned) == []
        out = cleaned.table.set_index("enhet_id")
        assert list(out.index) == ["1804", "1805"]
        assert out.loc["1805", "svar_id"] == "R3"
        assert out.loc["1805", "har_tjeneste"] == "Ja"
        assert out.loc["1805", "tjeneste_navn"] == "LMS"
        assert out.loc["1805", "innsendt"] == dt.datetime(2014, 11, 5, 9, 0)
        assert out.loc["1805", "antall_innsendinger"] == 2
        assert out.loc["1804", "antall_innsendinger"] == 1
        assert out.loc["1805", "_rad"] == 2

    def test_equal_times_later_row_wins(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(
            tmp_path,
            "radmann_skjema",
            [
                radmann("R1", "03.11.2014 08:00", "Narvik", "Nei"),
                radmann("R2", "2014-11-03T08:00:00", "Narvik", "Ja"),
                radmann("R3", "2014-11-03 08:00", "Narvik", "Vet ikke"),
            ],
        )
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == (3, 1, 2, 0)
        assert cleaned.table[
            ["svar_id", "har_tjeneste", "antall_innsendinger"]
        ].values.tolist() == [["R3", "Vet ikke", 3]]

    def test_output_columns_without_personal_data(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(tmp_path, "radmann_skjema", [radmann("R1", "03.11.2014 08:00", "Bodø")])
        cleaned = cleaner.clean_radmann(table)
        assert list(cleaned.table.columns) == [
            "_rad",
            "svar_id",
            "innsendt",
            "enhet_id",
            "har_tjeneste",
            "interkommunal",
            "samarbeidskommuner",
            "tjeneste_navn",
            "antall_innsendinger",
        ]


class TestCleanRadmannProblems:
    GOOD = radmann("R1", "03.11.2014 08:00", "Bodø")

    @pytest.mark.parametrize(
        ("row", "expected_accounting", "expected_issues"),
        [
            (
                radmann("R2", "03.11.2014 09:00", "Atlantis"),
                (2, 1, 0, 1),
                [(3, "enhet", "rad", "'Atlantis' er ikke et kjent kommune- eller bydelsnavn")],
            ),
            (
                radmann("R2", "03.11.2014 09:00", "Våler"),
                (2, 1, 0, 1),
                [
                    (
                        3,
                        "enhet",
                        "rad",
                        "'Våler' er tvetydig: 0137 Våler (Østfold) og 0426 Våler (Hedmark). "
                        "Oppgi kommunenummer eller fylke.",
                    )
                ],
            ),
            (
                radmann("R2", "03.11.2014 09:00", "Oslo"),
                (2, 1, 0, 1),
                [
                    (
                        3,
                        "enhet",
                        "rad",
                        "'Oslo' er ikke en enhet i undersøkelsen "
                        "(Oslo svarte per bydel; oppgi bydelen)",
                    )
                ],
            ),
            (
                radmann("R2", "03.11.2014 09:00", "0301"),
                (2, 1, 0, 1),
                [
                    (
                        3,
                        "enhet",
                        "rad",
                        "'0301' er ikke en enhet i undersøkelsen "
                        "(Oslo svarte per bydel; oppgi bydelen)",
                    )
                ],
            ),
            (
                radmann("R2", "i går", "Narvik"),
                (2, 1, 0, 1),
                [
                    (
                        3,
                        "innsendt",
                        "rad",
                        "'i går' er ikke et tidspunkt (bruk ISO 8601 eller dd.mm.åååå tt:mm)",
                    )
                ],
            ),
            (
                radmann("R2", "", "Narvik"),
                (2, 1, 0, 1),
                [(3, "innsendt", "rad", "påkrevd verdi mangler")],
            ),
            (
                radmann("R2", "03.11.2014 09:00", ""),
                (2, 1, 0, 1),
                [(3, "enhet", "rad", "påkrevd verdi mangler")],
            ),
            (
                # The same id twice: neither submission can be trusted.
                radmann("R1", "03.11.2014 09:00", "Narvik"),
                (2, 0, 0, 2),
                [
                    (2, "svar_id", "rad", "svar_id 'R1' går igjen i radene 2, 3"),
                    (3, "svar_id", "rad", "svar_id 'R1' går igjen i radene 2, 3"),
                ],
            ),
        ],
        ids=[
            "unknown",
            "ambiguous",
            "oslo-name",
            "oslo-number",
            "bad-time",
            "no-time",
            "no-unit",
            "dup-id",
        ],
    )
    def test_row_quarantined(
        self,
        tmp_path: Path,
        cleaner: Cleaner,
        row: dict,
        expected_accounting: tuple[int, int, int, int],
        expected_issues: list[tuple],
    ) -> None:
        table = make_table(tmp_path, "radmann_skjema", [self.GOOD, row])
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == expected_accounting
        assert quarantine(table, cleaned) == expected_issues
        assert cleaned.quarantined_rows == expected_accounting[3]

    def test_unknown_answer_is_a_value_problem(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(
            tmp_path,
            "radmann_skjema",
            [self.GOOD, radmann("R2", "03.11.2014 09:00", "Narvik", "ja takk")],
        )
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == (2, 2, 0, 0)
        assert quarantine(table, cleaned) == [
            (
                3,
                "har_tjeneste",
                "verdi",
                "ukjent svar 'ja takk' (tillatt: 'Ja', 'Nei', 'Vet ikke')",
            )
        ]
        narvik = cleaned.table.set_index("enhet_id").loc["1805"]
        assert narvik["svar_id"] == "R2"
        assert narvik["har_tjeneste"] is None

    def test_unmatched_list_entry_is_a_value_problem(
        self, tmp_path: Path, cleaner: Cleaner
    ) -> None:
        row = radmann(
            "R2",
            "03.11.2014 09:00",
            "Narvik",
            "Ja",
            interkommunal="Ja",
            samarbeidskommuner="Evenes, Atlantis og tjeldsund kommune",
        )
        table = make_table(tmp_path, "radmann_skjema", [row])
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == (1, 1, 0, 0)
        assert quarantine(table, cleaned) == [
            (
                2,
                "samarbeidskommuner",
                "verdi",
                "listeelement utelatt: 'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            )
        ]
        assert cleaned.table["samarbeidskommuner"].tolist() == [["1853", "1852"]]

    def test_quarantined_submission_is_not_counted(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(
            tmp_path,
            "radmann_skjema",
            [
                radmann("R1", "03.11.2014 08:00", "Narvik", "Ja"),
                radmann("R2", "31.02.2014 08:00", "Narvik", "Nei"),
            ],
        )
        cleaned = cleaner.clean_radmann(table)
        assert accounting(table, cleaned) == (2, 1, 0, 1)
        assert cleaned.table[
            ["svar_id", "har_tjeneste", "antall_innsendinger"]
        ].values.tolist() == [["R1", "Ja", 1]]


def call(enhet: str, dato: str, forsok: str, utfall: str, kontaktpunkt: str = "", **kw) -> dict:
    return {
        "enhet": enhet,
        "dato": dato,
        "forsok": forsok,
        "kontaktpunkt": kontaktpunkt,
        "utfall": utfall,
        "kontaktperson": "",
        "telefon": "+47 000 00 001",
        "notat": "",
    } | kw


class TestCleanRingerunde:
    @pytest.mark.parametrize(
        ("rows", "expected_accounting", "expected_issues"),
        [
            (
                [
                    call("Narvik", "01.12.2014", "1", "uavklart", "sentralbord"),
                    call("Narvik", "01.12.2014", "1", "uavklart", "sentralbord"),
                    call("Narvik", "03.12.2014", "2", "har tjeneste", "helseleder"),
                ],
                (3, 2, 1, 0),
                [],
            ),
            (
                # The same attempt in other spellings, with another note: still the same line.
                [
                    call("Narvik", "01.12.2014", "1", "uavklart", "sentralbord"),
                    call("1805", "2014-12-01", "1", "UAVKLART", "Sentralbord", notat="Ring igjen"),
                ],
                (2, 1, 1, 0),
                [],
            ),
            (
                [
                    call("Bodø", "01.12.2014", "1", "uavklart"),
                    call("Bodø", "01.12.2014", "1", "har tjeneste"),
                    call("Narvik", "01.12.2014", "1", "har ikke tjeneste"),
                ],
                (3, 1, 0, 2),
                [
                    (
                        2,
                        "forsok",
                        "rad",
                        "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                    ),
                    (
                        3,
                        "forsok",
                        "rad",
                        "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                    ),
                ],
            ),
            (
                # A repeat of a line that clashes with a third: merged, and the rest quarantined.
                [
                    call("Bodø", "01.12.2014", "1", "uavklart"),
                    call("Bodø", "01.12.2014", "1", "uavklart"),
                    call("Bodø", "02.12.2014", "1", "har tjeneste"),
                ],
                (3, 0, 1, 2),
                [
                    (
                        2,
                        "forsok",
                        "rad",
                        "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                    ),
                    (
                        4,
                        "forsok",
                        "rad",
                        "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                    ),
                ],
            ),
            (
                [
                    call("Narvik", "01.12.2014", "første", "uavklart"),
                    call("Narvik", "31.11.2014", "2", "uavklart"),
                    call("Narvik", "03.12.2014", "3", "ringte", "resepsjon"),
                    call("Oslo", "03.12.2014", "1", "uavklart"),
                    call("Bydel Sagene", "03.12.2014", "1", "uavklart"),
                ],
                (5, 1, 0, 4),
                [
                    (2, "forsok", "rad", "'første' er ikke et heltall ≥ 1"),
                    (
                        3,
                        "dato",
                        "rad",
                        "'31.11.2014' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)",
                    ),
                    (
                        4,
                        "kontaktpunkt",
                        "verdi",
                        "ukjent svar 'resepsjon' (tillatt: 'sentralbord', 'servicetorg', "
                        "'helseleder', 'frisklivssentral', 'annen avdeling')",
                    ),
                    (
                        4,
                        "utfall",
                        "rad",
                        "ukjent svar 'ringte' (tillatt: 'har tjeneste', 'har ikke tjeneste', "
                        "'uavklart', 'satt over')",
                    ),
                    (
                        5,
                        "enhet",
                        "rad",
                        "'Oslo' er ikke en enhet i undersøkelsen "
                        "(Oslo svarte per bydel; oppgi bydelen)",
                    ),
                ],
            ),
        ],
        ids=["exact-repeat", "same-line-other-spelling", "clash", "repeat-and-clash", "bad-values"],
    )
    def test_cases(
        self,
        tmp_path: Path,
        cleaner: Cleaner,
        rows: list[dict],
        expected_accounting: tuple[int, int, int, int],
        expected_issues: list[tuple],
    ) -> None:
        table = make_table(tmp_path, "ringerunde_logg", rows)
        cleaned = cleaner.clean_ringerunde(table)
        assert accounting(table, cleaned) == expected_accounting
        assert quarantine(table, cleaned) == expected_issues

    def test_used_rows_typed_without_personal_data(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(
            tmp_path,
            "ringerunde_logg",
            [
                call("Narvik", "03.12.2014", "2", "Har tjeneste", " helseleder "),
                call("narvik", "01.12.2014", "1", "satt over", "sentralbord"),
                call("Sagene", "41975", "1", "har ikke tjeneste"),
            ],
        )
        cleaned = cleaner.clean_ringerunde(table)
        assert accounting(table, cleaned) == (3, 3, 0, 0)
        assert list(cleaned.table.columns) == [
            "_rad",
            "enhet_id",
            "dato",
            "forsok",
            "kontaktpunkt",
            "utfall",
        ]
        # Sorted by unit and attempt.
        assert cleaned.table.values.tolist() == [
            [4, "030103", dt.date(2014, 12, 2), 1, None, "har ikke tjeneste"],
            [3, "1805", dt.date(2014, 12, 1), 1, "sentralbord", "satt over"],
            [2, "1805", dt.date(2014, 12, 3), 2, "helseleder", "har tjeneste"],
        ]


INTERVIEW = {
    "tjeneste_id": "T1",
    "tjeneste_navn": "Friskliv og mestring Narvik",
    "vertskommune": "Narvik",
    "organisering": "kommunal",
    "deltakerkommuner": "",
    "friskliv": "organisert sammen",
    "navn_med_mestring": "Ja",
    "egen_enhet": "nei",
    "prosjektfinansiert": "",
    "i_gang": "Ja",
    "antall_tilbud": "3",
    "tilbudstyper": "mestringskurs; samtalegruppe",
    "diagnoser": "kols, hjerte og kar",
    "bm_utvikling": "Ja",
    "bm_planlegging": "Ja",
    "bm_gjennomforing": "Delvis",
    "bm_evaluering": "Ja",
    "brukerorg_etablering": "Ja",
    "rekruttering": "via brukerorganisasjoner",
    "mange_ars_erfaring": "Nei",
    "intervjuer": "Intervjuer Fiktivsen",
    "intervjudato": "16.12.2014",
    "leder_navn": "Liv Oppdiktet",
    "leder_telefon": "+47 000 00 002",
}
INTERKOMMUNAL = {"organisering": "interkommunal"}


def interview(**kw: str) -> dict:
    return INTERVIEW | kw


class TestCleanIntervju:
    @pytest.mark.parametrize(
        ("rows", "expected_accounting", "expected_issues", "expected_participants"),
        [
            ([interview()], (1, 1, 0, 0), [], [["1805"]]),
            (
                [interview(), interview(tjeneste_navn="LMS Narvik")],
                (2, 0, 0, 2),
                [
                    (2, "tjeneste_id", "rad", "tjeneste_id 'T1' går igjen i radene 2, 3"),
                    (3, "tjeneste_id", "rad", "tjeneste_id 'T1' går igjen i radene 2, 3"),
                ],
                [],
            ),
            (
                [interview(**INTERKOMMUNAL, deltakerkommuner="Narvik")],
                (1, 0, 0, 1),
                [
                    (
                        2,
                        "deltakerkommuner",
                        "rad",
                        "interkommunal tjeneste uten andre deltakerkommuner enn vertskommunen",
                    )
                ],
                [],
            ),
            (
                [interview(**INTERKOMMUNAL)],
                (1, 0, 0, 1),
                [
                    (
                        2,
                        "deltakerkommuner",
                        "rad",
                        "interkommunal tjeneste uten andre deltakerkommuner enn vertskommunen",
                    )
                ],
                [],
            ),
            (
                [interview(**INTERKOMMUNAL, deltakerkommuner="Evenes og Tjeldsund")],
                (1, 1, 0, 0),
                [
                    (
                        2,
                        "deltakerkommuner",
                        "verdi",
                        "vertskommunen manglet i deltakerlisten; lagt til",
                    )
                ],
                [["1805", "1853", "1852"]],
            ),
            (
                [interview(**INTERKOMMUNAL, deltakerkommuner="Narvik; Evenes; narvik kommune")],
                (1, 1, 0, 0),
                [
                    (
                        2,
                        "deltakerkommuner",
                        "verdi",
                        "'narvik kommune' står to ganger i listen; telt én gang",
                    )
                ],
                [["1805", "1853"]],
            ),
            (
                [interview(deltakerkommuner="Narvik, Evenes")],
                (1, 1, 0, 0),
                [
                    (
                        2,
                        "deltakerkommuner",
                        "verdi",
                        "kommunal tjeneste med deltakerliste; listen er ikke brukt",
                    )
                ],
                [["1805"]],
            ),
            (
                [interview(tilbudstyper="")],
                (1, 0, 0, 1),
                [(2, "tilbudstyper", "rad", "påkrevd når i_gang = Ja, men mangler")],
                [],
            ),
            (
                # The list was answered, its item could not be read: the row is used, and I4
                # says it cannot be decided (not that the service offers no LMS type).
                [interview(tilbudstyper="yoga")],
                (1, 1, 0, 0),
                [(2, "tilbudstyper", "verdi", "ukjente verdier i listen: 'yoga'")],
                [["1805"]],
            ),
            (
                [interview(i_gang="Nei", antall_tilbud="0", tilbudstyper="", rekruttering="")],
                (1, 1, 0, 0),
                [],
                [["1805"]],
            ),
            (
                [interview(antall_tilbud="-1"), interview(tjeneste_id="T2", antall_tilbud="tre")],
                (2, 0, 0, 2),
                [
                    (2, "antall_tilbud", "rad", "'-1' er ikke et heltall ≥ 0"),
                    (3, "antall_tilbud", "rad", "'tre' er ikke et heltall ≥ 0"),
                ],
                [],
            ),
            (
                [
                    interview(vertskommune="Oslo"),
                    interview(tjeneste_id="T2", vertskommune="Sagene"),
                ],
                (2, 2, 0, 0),
                [],
                [["0301"], ["030103"]],
            ),
        ],
        ids=[
            "valid",
            "duplicate-id",
            "interkommunal-only-host",
            "interkommunal-no-list",
            "host-missing",
            "host-twice",
            "kommunal-with-list",
            "no-offering-types",
            "only-unknown-offering-types",
            "not-started",
            "bad-counts",
            "oslo-may-host",
        ],
    )
    def test_cases(
        self,
        tmp_path: Path,
        cleaner: Cleaner,
        rows: list[dict],
        expected_accounting: tuple[int, int, int, int],
        expected_issues: list[tuple],
        expected_participants: list[list[str]],
    ) -> None:
        table = make_table(tmp_path, "telefonintervju", rows)
        cleaned = cleaner.clean_intervju(table)
        assert accounting(table, cleaned) == expected_accounting
        assert quarantine(table, cleaned) == expected_issues
        assert cleaned.table["deltakerkommuner"].tolist() == expected_participants

    def test_typed_values(self, tmp_path: Path, cleaner: Cleaner) -> None:
        table = make_table(
            tmp_path,
            "telefonintervju",
            [
                interview(
                    navn_med_mestring=" JA ",
                    antall_tilbud="3.0",
                    tilbudstyper="Samtalegruppe og mestringskurs; samtalegruppe",
                )
            ],
        )
        cleaned = cleaner.clean_intervju(table)
        row = cleaned.table.iloc[0].to_dict()
        assert row == {
            "_rad": 2,
            "tjeneste_id": "T1",
            "tjeneste_navn": "Friskliv og mestring Narvik",
            "vertskommune_id": "1805",
            "organisering": "kommunal",
            "deltakerkommuner": ["1805"],
            "friskliv": "organisert sammen",
            "navn_med_mestring": "Ja",
            "egen_enhet": "nei",
            "prosjektfinansiert": None,
            "i_gang": "Ja",
            "antall_tilbud": 3,
            "tilbudstyper": ["samtalegruppe", "mestringskurs"],
            "diagnoser": ["kols", "hjerte og kar"],
            "bm_utvikling": "Ja",
            "bm_planlegging": "Ja",
            "bm_gjennomforing": "Delvis",
            "bm_evaluering": "Ja",
            "brukerorg_etablering": "Ja",
            "rekruttering": "via brukerorganisasjoner",
            "mange_ars_erfaring": "Nei",
            "intervjudato": dt.date(2014, 12, 16),
            "ulesbare": [],
        }


# ---------------------------------------------------------------- the stage on a hand-made raw dir


class TestRunCleanHandMade:
    def test_outputs(self, tmp_path: Path, ref_dir: Path, repo: Path) -> None:
        raw = tmp_path / "raw"
        raw.mkdir()
        tables = {
            "radmann_skjema": make_table(
                raw,
                "radmann_skjema",
                [
                    radmann("R1", "03.11.2014 08:00", "Narvik", "Vet ikke"),
                    radmann("R2", "04.11.2014 08:00", "Narvik", "Ja"),
                    radmann("R3", "04.11.2014 08:00", "Våler"),
                    radmann("R4", "04.11.2014 08:00", "Bodø", "ja takk"),
                ],
            ),
            "ringerunde_logg": make_table(
                raw,
                "ringerunde_logg",
                [
                    call("Evenes", "01.12.2014", "1", "uavklart"),
                    call("Evenes", "01.12.2014", "1", "uavklart"),
                    call("Tjeldsund", "01.12.2014", "1", "uavklart"),
                    call("Tjeldsund", "01.12.2014", "1", "har tjeneste"),
                ],
            ),
            "telefonintervju": make_table(
                raw,
                "telefonintervju",
                [
                    interview(**INTERKOMMUNAL, deltakerkommuner="Evenes og Tjeldsund"),
                    interview(tjeneste_id="T2", antall_tilbud="tre"),
                ],
            ),
        }
        out = tmp_path / "processed"
        # The small files hold only the columns this test is about; the others are declared.
        returned = clean_in(raw, out, aliases_declaring_absent(raw, tmp_path / "aliases.yaml"))
        written = pd.read_csv(out / "row_accounting.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(returned.astype(str), written)
        assert written.to_dict("records") == [
            {
                "kilde": "radmann_skjema",
                "fil": "radmann_skjema.csv",
                "format": "utf-8",
                "skilletegn": ",",
                "sha256": sha256_file(tables["radmann_skjema"].path),
                "rader_inn": "4",
                "brukt": "2",
                "slatt_sammen": "1",
                "karantene": "1",
                "tomme_rader": "0",
                "ignorerte_kolonner": "",
                "importkart": "",
                "importformat": "",
                "utelatt": "0",
                "variabler": "",
            },
            {
                "kilde": "ringerunde_logg",
                "fil": "ringerunde_logg.csv",
                "format": "utf-8",
                "skilletegn": ",",
                "sha256": sha256_file(tables["ringerunde_logg"].path),
                "rader_inn": "4",
                "brukt": "1",
                "slatt_sammen": "1",
                "karantene": "2",
                "tomme_rader": "0",
                "ignorerte_kolonner": "",
                "importkart": "",
                "importformat": "",
                "utelatt": "0",
                "variabler": "",
            },
            {
                "kilde": "telefonintervju",
                "fil": "telefonintervju.csv",
                "format": "utf-8",
                "skilletegn": ",",
                "sha256": sha256_file(tables["telefonintervju"].path),
                "rader_inn": "2",
                "brukt": "1",
                "slatt_sammen": "0",
                "karantene": "1",
                "tomme_rader": "0",
                "ignorerte_kolonner": "",
                "importkart": "",
                "importformat": "",
                "utelatt": "0",
                "variabler": "",
            },
        ]
        q = pd.read_csv(out / "quarantine.csv", dtype=str, keep_default_na=False)
        assert list(q.columns) == QUARANTINE_COLUMNS
        # Contract files have no export variables.
        assert set(q["variabel"]) == {""}
        # The unit and service each quarantined row is about (tested in TestQuarantineEntities).
        assert q.drop(columns=["variabel", "enhet_id", "tjeneste_id"]).values.tolist() == [
            [
                "radmann_skjema.csv",
                "4",
                "enhet",
                "rad",
                "'Våler' er tvetydig: 0137 Våler (Østfold) og 0426 Våler (Hedmark). "
                "Oppgi kommunenummer eller fylke.",
                "tvetydig",
            ],
            [
                "radmann_skjema.csv",
                "5",
                "har_tjeneste",
                "verdi",
                # quarantine.csv does not repeat unrecognised text of the cell.
                "ukjent svar «verdien i cellen, 7 tegn» (tillatt: 'Ja', 'Nei', 'Vet ikke')",
                "ukjent_svar",
            ],
            [
                "ringerunde_logg.csv",
                "4",
                "forsok",
                "rad",
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                "forsok_ulikt_innhold",
            ],
            [
                "ringerunde_logg.csv",
                "5",
                "forsok",
                "rad",
                "forsøk 1 for samme enhet står med ulikt innhold i flere rader",
                "forsok_ulikt_innhold",
            ],
            [
                "telefonintervju.csv",
                "2",
                "deltakerkommuner",
                "verdi",
                "vertskommunen manglet i deltakerlisten; lagt til",
                "vert_lagt_til",
            ],
            [
                "telefonintervju.csv",
                "3",
                "antall_tilbud",
                "rad",
                "«verdien i cellen, 3 tegn» er ikke et heltall ≥ 0",
                "ikke_heltall",
            ],
        ]
        radmann_out = pd.read_parquet(out / "radmann_svar.parquet")
        radmann_out = radmann_out.astype(object).where(radmann_out.notna(), None)
        assert radmann_out[["svar_id", "enhet_id", "har_tjeneste"]].values.tolist() == [
            ["R4", "1804", None],
            ["R2", "1805", "Ja"],
        ]
        intervju_out = pd.read_parquet(out / "telefonintervju.parquet")
        assert [list(v) for v in intervju_out["deltakerkommuner"]] == [["1805", "1853", "1852"]]


# ---------------------------------------------------------------- the bundled data


class TestBundledClean:
    def test_row_accounting(self, bundled_clean: Path) -> None:
        acc = pd.read_csv(bundled_clean / "row_accounting.csv", dtype={"skilletegn": str})
        assert (acc["rader_inn"] == acc["brukt"] + acc["slatt_sammen"] + acc["karantene"]).all()
        got = acc[
            [
                "kilde",
                "fil",
                "format",
                "skilletegn",
                "rader_inn",
                "brukt",
                "slatt_sammen",
                "karantene",
                "tomme_rader",
                "ignorerte_kolonner",
            ]
        ].fillna("")
        assert got.values.tolist() == BUNDLED_ACCOUNTING

    def test_sha256_of_the_raw_files(self, bundled_clean: Path, repo: Path) -> None:
        acc = pd.read_csv(bundled_clean / "row_accounting.csv")
        assert dict(zip(acc["fil"], acc["sha256"], strict=True)) == {
            name: sha256_file(repo / "data" / "raw" / name)
            for name in ("radmann_skjema.csv", "ringerunde_logg.csv", "telefonintervju.xlsx")
        }

    def test_quarantine_is_empty(self, bundled_clean: Path) -> None:
        assert (bundled_clean / "quarantine.csv").read_text(encoding="utf-8") == (
            "fil,rad,kolonne,niva,arsak,variabel,enhet_id,tjeneste_id,kode\n"
        )

    def test_files_written(self, bundled_clean: Path) -> None:
        written = {p.name for p in bundled_clean.iterdir() if p.is_file()}
        assert {
            "enheter.parquet",
            "kommuner.parquet",
            "navnetolkning.csv",
            "quarantine.csv",
            "radmann_svar.parquet",
            "ringerunde.parquet",
            "row_accounting.csv",
            "telefonintervju.parquet",
        } <= written
        # Nothing but Parquet and CSV.
        assert {Path(n).suffix for n in written} == {".parquet", ".csv"}

    @pytest.mark.parametrize(
        ("name", "rows", "schema"),
        [
            (
                "radmann_svar",
                188,
                {
                    "_rad": "int64",
                    "svar_id": "large_string",
                    "innsendt": "timestamp[us]",
                    "enhet_id": "large_string",
                    "har_tjeneste": "large_string",
                    "interkommunal": "large_string",
                    "samarbeidskommuner": "list<element: string>",
                    "tjeneste_navn": "large_string",
                    "antall_innsendinger": "int64",
                },
            ),
            (
                "ringerunde",
                BUNDLED_ACCOUNTING[1][5],
                {
                    "_rad": "int64",
                    "enhet_id": "large_string",
                    "dato": "date32[day]",
                    "forsok": "int64",
                    "kontaktpunkt": "large_string",
                    "utfall": "large_string",
                },
            ),
            (
                "telefonintervju",
                58,
                {
                    "_rad": "int64",
                    "tjeneste_id": "large_string",
                    "tjeneste_navn": "large_string",
                    "vertskommune_id": "large_string",
                    "organisering": "large_string",
                    "deltakerkommuner": "list<element: string>",
                    "friskliv": "large_string",
                    "navn_med_mestring": "large_string",
                    "egen_enhet": "large_string",
                    "prosjektfinansiert": "large_string",
                    "i_gang": "large_string",
                    "antall_tilbud": "int64",
                    "tilbudstyper": "list<element: string>",
                    "diagnoser": "list<element: string>",
                    "bm_utvikling": "large_string",
                    "bm_planlegging": "large_string",
                    "bm_gjennomforing": "large_string",
                    "bm_evaluering": "large_string",
                    "brukerorg_etablering": "large_string",
                    "rekruttering": "large_string",
                    "mange_ars_erfaring": "large_string",
                    "intervjudato": "date32[day]",
                    "ulesbare": "list<element: string>",
                },
            ),
        ],
    )
    def test_parquet_schema(
        self, bundled_clean: Path, name: str, rows: int, schema: dict[str, str]
    ) -> None:
        table = pq.read_table(bundled_clean / f"{name}.parquet")
        assert {f.name: str(f.type) for f in table.schema} == schema
        assert list(table.schema.names) == list(schema)
        assert table.num_rows == rows

    def test_typed_values(self, bundled_clean: Path, ref_dir: Path) -> None:
        radmann_df = pd.read_parquet(bundled_clean / "radmann_svar.parquet")
        intervju = pd.read_parquet(bundled_clean / "telefonintervju.parquet")
        ringerunde = pd.read_parquet(bundled_clean / "ringerunde.parquet")
        assert radmann_df["enhet_id"].is_unique
        assert radmann_df["innsendt"].notna().all()
        assert set(radmann_df["har_tjeneste"].dropna()) == {"Ja", "Nei", "Vet ikke"}
        assert radmann_df["antall_innsendinger"].sum() == 202
        assert intervju["tjeneste_id"].is_unique
        assert intervju["antall_tilbud"].sum() >= 135
        for col in ("deltakerkommuner", "tilbudstyper", "diagnoser"):
            items = [x for v in intervju[col].dropna() for x in v]
            assert items and all(isinstance(x, str) for x in items)
        assert set(ringerunde["utfall"]) == {
            "har tjeneste",
            "har ikke tjeneste",
            "uavklart",
            "satt over",
        }
        units = set(load_enheter(ref_dir)["enhet_id"])
        assert set(radmann_df["enhet_id"]) <= units
        assert set(ringerunde["enhet_id"]) <= units

    def test_no_personal_columns(self, bundled_clean: Path) -> None:
        never = {c.name for s in SOURCES.values() for c in s.columns if c.never_output}
        for name in ("radmann_svar", "ringerunde", "telefonintervju"):
            assert not never & set(pq.read_schema(bundled_clean / f"{name}.parquet").names)
