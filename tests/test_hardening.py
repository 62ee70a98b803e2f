"""What messy real exports contain must never lose a row, change a figure or leak a name.

One class of failure per test class, each tried with several inputs (issue 11).
"""

from __future__ import annotations

import logging
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.problems import InputError

RINGERUNDE_HEADER = ["enhet", "dato", "forsok", "kontaktpunkt", "utfall"]


def write_book(path: Path, sheets: list[tuple[str, list[list], str]]) -> Path:
    """An XLSX with the given (name, rows, state) sheets; state is visible/hidden/veryHidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, state in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    # openpyxl refuses to save a book whose active sheet is hidden: make a visible one active.
    visible = [i for i, (_, _, state) in enumerate(sheets) if state == "visible"]
    book.active = visible[0] if visible else 0
    book.save(path)
    return path


STALE = [RINGERUNDE_HEADER, ["Narvik", "01.12.2014", 1, "sentralbord", "uavklart"]]
CURRENT = [
    RINGERUNDE_HEADER,
    ["Narvik", "01.12.2014", 1, "sentralbord", "uavklart"],
    ["Narvik", "03.12.2014", 2, "helseleder", "har tjeneste"],
]


class TestHiddenSheets:
    @pytest.mark.parametrize("state", ["hidden", "veryHidden"])
    def test_a_hidden_first_sheet_is_not_read(self, tmp_path, caplog, state):
        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [("Gammel", STALE, state), ("Logg", CURRENT, "visible")],
        )
        with caplog.at_level(logging.INFO, logger="lmsanalyse"):
            table = read_raw_table(path, "ringerunde_logg")
        assert table.data["utfall"].tolist() == ["uavklart", "har tjeneste"]
        assert "ringerunde_logg.xlsx: skjulte ark blir ikke lest: 'Gammel'" in caplog.text
        assert "leser arket 'Logg'" in caplog.text

    def test_hidden_sheets_between_visible_ones(self, tmp_path, caplog):
        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [
                ("Hjelp", [["x"]], "hidden"),
                ("Logg", CURRENT, "visible"),
                ("Kopi", STALE, "hidden"),
                ("Notater", [["y"]], "visible"),
            ],
        )
        with caplog.at_level(logging.INFO, logger="lmsanalyse"):
            table = read_raw_table(path, "ringerunde_logg")
        assert len(table.data) == 2
        assert "skjulte ark blir ikke lest: 'Hjelp', 'Kopi'" in caplog.text
        assert "leser bare første synlige ark 'Logg'; ignorerer 'Notater'" in caplog.text

    def test_a_book_with_only_hidden_sheets_is_an_error(self, tmp_path):
        import re
        import zipfile

        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [("Logg", CURRENT, "visible"), ("Skjult", STALE, "hidden")],
        )
        # openpyxl will not save a book without a visible sheet: hide the last one in the XML.
        with zipfile.ZipFile(path) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
        parts["xl/workbook.xml"] = re.sub(
            rb'state="visible"', b'state="hidden"', parts["xl/workbook.xml"]
        )
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        with pytest.raises(InputError) as info:
            read_raw_table(path, "ringerunde_logg")
        assert str(info.value) == (
            "ringerunde_logg.xlsx: arbeidsboken har ingen synlige ark (bare skjulte: Logg, Skjult)"
        )


# ---------------------------------------------------------------- exact copies of a row


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([header, *rows])
    return path


@pytest.fixture(scope="module")
def cleaner():
    from helpers import REF_DIR
    from lmsanalyse.clean.cleaner import Cleaner

    return Cleaner.from_reference(REF_DIR, 88, 4)


RADMANN_HEADER = ["svar_id", "innsendt", "enhet", "har_tjeneste", "kontaktperson", "kommentar"]
SERVICE_HEADER = [
    "tjeneste_id", "tjeneste_navn", "vertskommune", "organisering", "deltakerkommuner",
    "friskliv", "navn_med_mestring", "egen_enhet", "i_gang", "antall_tilbud", "tilbudstyper",
    "bm_utvikling", "bm_planlegging", "bm_gjennomforing", "bm_evaluering", "rekruttering",
    "mange_ars_erfaring", "leder_navn", "leder_telefon",
]  # fmt: skip


def service(tjeneste_id="T1", host="Narvik", **kw) -> list[str]:
    row = {
        "tjeneste_id": tjeneste_id, "tjeneste_navn": f"LMS {host}", "vertskommune": host,
        "organisering": "kommunal", "deltakerkommuner": "", "friskliv": "nei",
        "navn_med_mestring": "Ja", "egen_enhet": "senter/avdeling", "i_gang": "Ja",
        "antall_tilbud": "3", "tilbudstyper": "mestringskurs", "bm_utvikling": "Ja",
        "bm_planlegging": "Ja", "bm_gjennomforing": "Ja", "bm_evaluering": "Ja",
        "rekruttering": "via brukerorganisasjoner", "mange_ars_erfaring": "Nei",
        "leder_navn": "Kari Fiktivsen", "leder_telefon": "+47 000 00 001",
    } | kw  # fmt: skip
    return [row[h] for h in SERVICE_HEADER]


class TestExactCopies:
    def test_the_latest_submission_exported_twice_is_still_the_latest(self, tmp_path, cleaner):
        rows = [
            ["R1", "01.11.2014 10:00", "Narvik", "Vet ikke", "Ola", ""],
            ["R2", "05.11.2014 10:00", "Narvik", "Ja", "Ola", "rettet"],
            ["R2", "05.11.2014 10:00", "Narvik", "Ja", "Ola", "rettet"],
        ]
        path = write_csv(tmp_path / "radmann_skjema.csv", RADMANN_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "radmann_skjema"))
        assert cleaned.table[["svar_id", "har_tjeneste"]].values.tolist() == [["R2", "Ja"]]
        assert (cleaned.merged, cleaned.quarantined_rows, cleaned.issues) == (2, 0, [])
        # A copy is not a further submission of the unit.
        assert cleaned.table["antall_innsendinger"].tolist() == [2]

    @pytest.mark.parametrize("copies", [2, 3])
    def test_a_service_exported_several_times_counts_once(self, tmp_path, cleaner, copies):
        rows = [service("T1"), *[service("T2", "Bodø")] * copies]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert cleaned.table["tjeneste_id"].tolist() == ["T1", "T2"]
        assert (cleaned.merged, cleaned.quarantined_rows) == (copies - 1, 0)

    @pytest.mark.parametrize(
        "change",
        [{"leder_telefon": "+47 000 00 002"}, {"antall_tilbud": "4"}, {"bm_evaluering": "Delvis"}],
    )
    def test_same_id_with_any_other_content_is_quarantined(self, tmp_path, cleaner, change):
        rows = [service("T2", "Bodø"), service("T2", "Bodø", **change)]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert cleaned.table.empty and cleaned.quarantined_rows == 2
        assert [(i.rad, str(i.arsak)) for i in cleaned.issues] == [
            (2, "tjeneste_id 'T2' går igjen i radene 2, 3"),
            (3, "tjeneste_id 'T2' går igjen i radene 2, 3"),
        ]

    def test_a_copy_of_an_unusable_row_is_merged_into_it(self, tmp_path, cleaner):
        rows = [["R1", "01.11.2014 10:00", "Atlantis", "Ja", "", ""]] * 2
        path = write_csv(tmp_path / "radmann_skjema.csv", RADMANN_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "radmann_skjema"))
        assert (cleaned.merged, cleaned.quarantined_rows) == (1, 1)
        assert [(i.rad, i.kolonne) for i in cleaned.issues] == [(2, "enhet")]

    def test_a_copy_differing_only_in_invisible_characters_is_a_copy(self, tmp_path, cleaner):
        rows = [service("T2", "Bodø"), service("T2", "Bodø\u200b", tjeneste_navn="LMS Bod\u00f8")]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert (len(cleaned.table), cleaned.merged, cleaned.quarantined_rows) == (1, 1, 0)


# ---------------------------------------------------------------- rows that do not fit the header


class TestRowsThatDoNotFitTheHeader:
    HEADER = "enhet,dato,forsok,kontaktpunkt,utfall,kontaktperson,notat\r\n"

    @pytest.mark.parametrize(
        ("line", "fields"),
        [
            # An unquoted comma in a name: the name's second half lands in 'notat'.
            ("Narvik,01.12.2014,1,helseleder,har tjeneste,Nordmann, Kari,ring", 8),
            # Two values joined: every later value moves one column to the left.
            ("Narvik,01.12.2014,1,helseleder har tjeneste,Kari,ring", 6),
            ("Narvik;01.12.2014;1", 1),
        ],
    )
    def test_the_row_is_quarantined_never_read_shifted(self, tmp_path, cleaner, line, fields):
        good = "Bodø,02.12.2014,1,sentralbord,uavklart,,\r\n"
        path = tmp_path / "ringerunde_logg.csv"
        path.write_text(self.HEADER + good + line + "\r\n", encoding="utf-8")
        table = read_raw_table(path, "ringerunde_logg")
        cleaned = cleaner.clean(table)
        assert cleaned.table["enhet_id"].tolist() == ["1804"]
        assert cleaned.quarantined_rows == 1
        (issue,) = [i for i in cleaned.issues if i.niva == "rad"]
        assert issue.rad == 3 and issue.kolonne is None
        assert str(issue.arsak).startswith(f"raden har {fields} felt, men overskriften har 7")
        # Nothing of the shifted row reaches the cleaned table, its personal values neither.
        assert "Kari" not in cleaned.table.to_string()

    def test_a_trailing_delimiter_is_no_shift(self, tmp_path, cleaner):
        path = tmp_path / "ringerunde_logg.csv"
        path.write_text(
            self.HEADER + "Narvik,01.12.2014,1,helseleder,har tjeneste,,,,\r\n", encoding="utf-8"
        )
        cleaned = cleaner.clean(read_raw_table(path, "ringerunde_logg"))
        assert (len(cleaned.table), cleaned.quarantined_rows) == (1, 0)

    def test_the_quarantine_names_file_and_row(self, tmp_path):
        from helpers import validate_dir
        from lmsanalyse.problems import Problem

        raw = tmp_path / "raw"
        from helpers import copy_raw

        copy_raw(raw)
        log = raw / "ringerunde_logg.csv"
        text = log.read_text(encoding="utf-8").splitlines()
        text[1] = text[1] + ",ekstra verdi"
        log.write_text("\n".join(text) + "\n", encoding="utf-8")
        problems = validate_dir(raw)
        assert problems == [
            Problem(
                "ringerunde_logg.csv",
                2,
                None,
                "raden har 10 felt, men overskriften har 9; verdiene kan ha forskjøvet seg (et "
                "skilletegn for mye, f.eks. komma i et navn uten anførselstegn), så raden er "
                "ikke brukt",
            )
        ]


# ---------------------------------------------------------------- kommuner of later registers


@pytest.fixture(scope="module")
def matcher():
    from helpers import REF_DIR
    from lmsanalyse.clean.names import KommuneMatcher

    return KommuneMatcher.from_reference(REF_DIR)


class TestKommunerAfter2014:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Orkland", "5059 Orkland er en kommune fra 2020, laget av del av Snillfjord, "
             "Agdenes, Meldal og Orkdal (2014)"),
            ("Indre Østfold kommune", "3014 Indre Østfold er en kommune fra 2020, laget av "
             "Trøgstad, Spydeberg, Askim, Eidsberg og Hobøl (2014)"),
            ("Lillestrøm", "3030 Lillestrøm er en kommune fra 2020, laget av Sørum, Fet og "
             "Skedsmo (2014)"),
            ("Stad", "4649 Stad er en kommune fra 2020, laget av Selje og Eid (2014)"),
            ("fjord", "1578 Fjord er en kommune fra 2020, laget av Norddal og Stordal (2014)"),
            ("Sunnfjord", "4647 Sunnfjord er en kommune fra 2020, laget av Gaular, Jølster, "
             "Førde og Naustdal (2014)"),
        ],
    )  # fmt: skip
    def test_a_later_name_is_refused_with_what_it_was_made_of(self, matcher, typed, expected):
        result = matcher.match(typed)
        assert not result.ok
        assert str(result.melding) == (
            f"'{typed}' er ikke en kommune i 2014: {expected}. Oppgi 2014-kommunen."
        )

    @pytest.mark.parametrize(
        ("typed", "not_this"),
        [("Orkland", "1621"), ("Fjord", "1630"), ("Kinn", None), ("Heim", None), ("Alver", None)],
    )
    def test_a_later_name_is_never_fuzzy_matched_to_a_2014_kommune(self, matcher, typed, not_this):
        assert matcher.match(typed).enhet_id is None

    @pytest.mark.parametrize(
        ("typed", "later"),
        [
            ("Orklandd", "5059 Orkland"),
            ("Lilestrøm", "3030 Lillestrøm"),
            ("Nordre Folo", "3020 Nordre Follo"),
        ],
    )
    def test_a_misspelt_later_name_is_refused_too(self, matcher, typed, later):
        result = matcher.match(typed)
        assert not result.ok
        assert str(result.melding).startswith(
            f"'{typed}' ligner mest på {later} er en kommune fra 2020"
        )
        assert str(result.melding).endswith("ikke på en kommune i 2014. Oppgi 2014-kommunen.")

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [("5059", "5059 Orkland er en kommune fra 2020"), ("3101", "3101 er nummeret Halden fikk i 2024 (i 2014: 0101)"),
         ("1580", "1580 er nummeret Haram fikk i 2024 (i 2014: 1534)")],
    )  # fmt: skip
    def test_a_later_number_says_what_it_is(self, matcher, typed, expected):
        result = matcher.match(typed)
        assert result.enhet_id is None and expected in str(result.melding)

    @pytest.mark.parametrize(
        ("typed", "enhet_id"),
        [("Asker", "0220"), ("Larvik", "0709"), ("Ålesund", "1504"), ("Haram", "1534"),
         ("Våler i Østfold", "0137"), ("Vålr i Østfold", "0137")],
    )  # fmt: skip
    def test_a_2014_name_still_means_the_2014_kommune(self, matcher, typed, enhet_id):
        assert matcher.match(typed).enhet_id == enhet_id

    def test_a_later_name_in_a_participant_list_is_left_out_with_the_reason(
        self, tmp_path, cleaner
    ):
        rows = [
            service(
                "T9",
                "Snillfjord",
                organisering="interkommunal",
                deltakerkommuner="Snillfjord, Hemne, Orkland",
            )
        ]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert cleaned.table["deltakerkommuner"].tolist() == [["1613", "1612"]]
        (issue,) = [i for i in cleaned.issues if i.kolonne == "deltakerkommuner"]
        assert issue.niva == "verdi"
        assert str(issue.arsak).startswith(
            "listeelement utelatt: 'Orkland' er ikke en kommune i 2014: 5059 Orkland"
        )


# ---------------------------------------------------------------- "interkommunal" within Oslo


class TestInterkommunalWithinOneKommune:
    @pytest.mark.parametrize(
        ("host", "listed"),
        [
            ("Bydel Alna", "Bydel Alna, Bydel Grorud, Bydel Stovner"),
            ("Grünerløkka", "Sagene; Gamle Oslo"),
            ("Bydel Frogner", "Oslo"),  # Oslo as a whole is the same kommune as its bydel
        ],
    )
    def test_a_service_of_oslos_bydeler_only_is_quarantined(self, tmp_path, cleaner, host, listed):
        rows = [
            service("T1"),
            service("T7", host, organisering="interkommunal", deltakerkommuner=listed),
        ]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert cleaned.table["tjeneste_id"].tolist() == ["T1"]
        assert [(i.rad, i.kolonne, i.niva, str(i.arsak)) for i in cleaned.issues] == [
            (3, "deltakerkommuner", "rad", "interkommunal tjeneste der alle deltakerne er i samme "
             "kommune som vertskommunen (Oslos bydeler er én kommune, 0301)"),
        ]  # fmt: skip

    def test_oslo_with_a_neighbour_is_interkommunal(self, tmp_path, cleaner):
        rows = [
            service(
                "T7", "Bydel Alna", organisering="interkommunal", deltakerkommuner="Alna, Lørenskog"
            )
        ]
        path = write_csv(tmp_path / "telefonintervju.csv", SERVICE_HEADER, rows)
        cleaned = cleaner.clean(read_raw_table(path, "telefonintervju"))
        assert cleaned.table["deltakerkommuner"].tolist() == [["030112", "0230"]]
        assert cleaned.quarantined_rows == 0


# ---------------------------------------------------------------- an unreadable list item

HANDMADE = Path(__file__).resolve().parent / "data" / "handmade" / "raw"


def handmade_with(tmp_path: Path, extra_interviews: list[str]) -> Path:
    """The hand-made raw data with interview lines added."""
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(HANDMADE, raw)
    path = raw / "telefonintervju.csv"
    text = path.read_text(encoding="utf-8-sig").rstrip("\n")
    path.write_text(text + "\n" + "\n".join(extra_interviews) + "\n", encoding="utf-8-sig")
    return raw


def interview_line(tid: str, host: str, tilbudstyper: str, diagnoser: str = "kols") -> str:
    return (
        f'{tid},LMS {host},{host},kommunal,,nei,Ja,senter/avdeling,,Ja,2,"{tilbudstyper}",'
        f'"{diagnoser}",Ja,Ja,Ja,Ja,Ja,via brukerorganisasjoner,Nei,,2015-01-20,,'
    )


class TestAnUnreadableListItem:
    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, tmp_path_factory):
        from helpers import clean_into, include_into
        from lmsanalyse.layout import RunLayout

        base = tmp_path_factory.mktemp("ulesbar")
        raw = handmade_with(
            base,
            [
                # Readable items are no LMS type, one item unreadable: cannot be decided.
                interview_line("HM10", "Tromsø", "samtalegruppe; yogakurs for kronikere"),
                interview_line("HM11", "Harstad", "kurs i mestrig"),
                # A readable LMS type decides the rule whatever else is there.
                interview_line("HM12", "Alta", "mestringskurs; yogakurs"),
                # Only readable, non-LMS items: a plain failure.
                interview_line("HM13", "Hammerfest", "samtalegruppe"),
                # An unreadable diagnosis decides no rule.
                interview_line("HM14", "Vadsø", "pårørendekurs", "kols; ukjent diagnose"),
            ],
        )
        layout = RunLayout(base / "ut")
        clean_into(raw, layout)
        return include_into(layout)

    def status(self, run, tid):
        return run["tjeneste_status"].set_index("tjeneste_id").loc[tid]

    @pytest.mark.parametrize("tid", ["HM10", "HM11"])
    def test_the_rule_is_undecided_not_failed(self, run, tid):
        row = self.status(run, tid)
        assert (row["inkludert"], row["feilede_regler"]) == ("Nei", "")
        assert row["arsak"] == (
            "I4_lms_tilbud: kunne ikke avgjøres: ingen av tilbudstypene som kunne leses, er "
            "lærings- og mestringstilbud, men minst én tilbudstype kunne ikke leses (se karantene)"
        )
        assert pd.isna(row["i4_lms_tilbud"])  # neither passed nor failed

    def test_a_readable_lms_type_decides(self, run):
        assert self.status(run, "HM12")["inkludert"] == "Ja"

    def test_readable_items_that_fail_are_a_failure(self, run):
        row = self.status(run, "HM13")
        assert (row["inkludert"], row["feilede_regler"]) == ("Nei", "I4_lms_tilbud")
        assert row["arsak"].startswith("I4_lms_tilbud: ingen lærings- og mestringstilbud")

    def test_an_unreadable_diagnosis_decides_nothing(self, run):
        assert self.status(run, "HM14")["inkludert"] == "Ja"

    def test_the_undecided_are_counted_apart_from_each_rules_failures(self, run):
        figures = run["figures"].set_index("figur")
        assert figures.loc["tjenester_uavgjort", "verdi"] == 2
        # HM13 and HM05 (I2) fail a rule; the two undecided are not counted as I4 failures.
        assert figures.loc["ekskludert_I4_lms_tilbud", "verdi"] == 1


# ---------------------------------------------------------------- what makes figures disagree


class TestInconsistencies:
    @pytest.fixture()
    def raw(self, tmp_path):
        import shutil

        raw = tmp_path / "raw"
        shutil.copytree(HANDMADE, raw)
        return raw

    def problems(self, raw, **overrides):
        """What validate lists as problems and as contradictions (the run writes the
        contradictions to konsistens.csv; they do not make validate fail)."""
        from lmsanalyse.config import load_config
        from lmsanalyse.validate import validate_all

        found = validate_all(load_config(None, {"raw_dir": str(raw), **overrides}))
        return [str(p) for p in found.problems + found.contradictions]

    def decisions(self, tmp_path, lines: str) -> Path:
        path = tmp_path / "manuelle_beslutninger.csv"
        path.write_text(
            "# kommentar\nobjekt,beslutning,begrunnelse,besluttet_av,dato\n" + lines,
            encoding="utf-8",
        )
        return path

    @pytest.mark.parametrize(
        ("kommune", "tjenester"), [("1841", "HM04"), ("1804", "HM01"), ("1845", "HM04")]
    )
    def test_a_kommune_excluded_by_hand_that_an_included_service_covers(
        self, raw, tmp_path, kommune, tjenester
    ):
        path = self.decisions(tmp_path, f"{kommune},ekskluder,Nedlagt,ABC,2015-02-01\n")
        problems = self.problems(raw, manual_decisions=str(path))
        assert (
            f"manuelle_beslutninger.csv, rad 3: kommunen {kommune} er manuelt ekskludert, men "
            f"deltar i {tjenester}, som fortsatt er inkludert og teller med i tallene; ekskluder "
            "tjenesten, eller fjern beslutningen"
        ) in problems

    def test_excluding_the_service_too_is_consistent(self, raw, tmp_path):
        path = self.decisions(
            tmp_path,
            "1804,ekskluder,Nedlagt,ABC,2015-02-01\nHM01,ekskluder,Nedlagt,ABC,2015-02-01\n",
        )
        assert not [p for p in self.problems(raw, manual_decisions=str(path)) if "manuelt" in p]

    def test_a_unit_that_answered_and_was_called(self, raw):
        log = raw / "ringerunde_logg.csv"
        log.write_text(
            log.read_text(encoding="utf-8") + "Bodø;2014-12-05;1;sentralbord;uavklart;;;\n",
            encoding="utf-8",
        )
        assert (
            "ringerunde_logg.csv, rad 7: Bodø (1804) svarte på spørreskjemaet, men står også i "
            "ringerunden (rad 7): flyten teller enheten både som besvart og som fulgt opp, så "
            "summen blir større enn enhetene som ble spurt"
        ) in self.problems(raw)

    def test_units_neither_answering_nor_called_are_one_line(self, raw):
        lines = [p for p in self.problems(raw) if "ble ikke ringt" in p]
        assert len(lines) == 1
        assert lines[0].startswith(
            "ringerunde_logg.csv: 430 enheter svarte ikke på spørreskjemaet og ble ikke ringt "
            "(0101, 0104, 0105, 0106, 0111, 0118, 0119, 0121, 0122, 0123 …)"
        )

    def test_the_bundled_data_is_consistent(self):
        from helpers import RAW_DIR

        assert self.problems(RAW_DIR) == []


# ---------------------------------------------------------------- data sets that are valid but thin


@pytest.mark.slow
class TestThinDataSetsAreReported:
    def run(self, tmp_path, interviews: list[str] | None, edit=None):
        import shutil

        from helpers import build_run

        raw = tmp_path / "raw"
        shutil.copytree(HANDMADE, raw)
        path = raw / "telefonintervju.csv"
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        kept = lines[:1] + (lines[1:] if interviews is None else interviews)
        path.write_text("\n".join(kept) + "\n", encoding="utf-8-sig")
        layout = build_run(tmp_path / "ut", raw, ("nklmh_2015",), html=True)
        figures = {
            r["figur"]: r
            for r in __import__("csv").DictReader(layout.published("figures.csv").open())
        }
        return layout.report_html.read_text(encoding="utf-8"), figures

    def test_an_interview_file_with_only_its_header(self, tmp_path):
        html, figures = self.run(tmp_path, [])
        assert figures["tjenester"]["verdi"] == "0"
        assert figures["kommuner_med_tilbud"]["verdi"] == "0"
        assert "Lærings- og mestringstjenester i kommunene" in html

    def test_every_interview_quarantined(self, tmp_path):
        lines = (HANDMADE / "telefonintervju.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        broken = [
            line.replace(",kommunal,", ",ukjent,").replace(",interkommunal,", ",ukjent,")
            for line in lines
        ]
        html, figures = self.run(tmp_path, broken)
        assert figures["tjenester_intervjuet"]["verdi"] == "0"
        assert figures["rader_karantene_telefonintervju"]["verdi"] == "6"

    def test_no_included_service_with_a_frisklivssentral(self, tmp_path):
        lines = (HANDMADE / "telefonintervju.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        # HM03 (eget senter) and HM06 (mange års erfaring) only: no friskliv among the included.
        kept = [line for line in lines if line.startswith(("HM03", "HM06"))]
        html, figures = self.run(tmp_path, kept)
        assert (figures["tjenester_friskliv"]["verdi"], figures["tjenester"]["verdi"]) == ("0", "2")
        assert (figures["tjenester_friskliv_navn"]["nevner"]) == "0"
        assert "–" in html  # a share of nothing is a dash, not a crash


# ---------------------------------------------------------------- a quarantined interview


@pytest.mark.slow
class TestQuarantinedInterviewsAreNamed:
    """An interview quarantined as a whole is not judged, and its kommune and service say so.

    Four interviews broken four ways: an unknown organisering (Bodø, and a bydel of Oslo), a
    missing tjeneste_id (Meløy) and a host that cannot be read (Vefsn, misspelled).
    """

    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, tmp_path_factory):
        import shutil

        from helpers import build_run

        base = tmp_path_factory.mktemp("intervju_karantene")
        raw = base / "raw"
        shutil.copytree(HANDMADE, raw)
        path = raw / "telefonintervju.csv"
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        edits = {
            "HM01,": ("Bodø,kommunal,", "Bodø,ukjent,"),
            "HM03,": ("030105,kommunal,", "030105,kommunalt drevet,"),
            "HM05,": ("HM05,", ","),
            "HM06,": ("Vefsn,kommunal,", "Vefsnn Bygd,kommunal,"),
        }
        for i, line in enumerate(lines):
            for start, (old, new) in edits.items():
                if line.startswith(start):
                    lines[i] = line.replace(old, new, 1)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
        # And one questionnaire answer that cannot be read: Narvik's main answer.
        survey = raw / "radmann_skjema.csv"
        text = survey.read_text(encoding="utf-8-sig")
        survey.write_text(
            text.replace(
                "HS02,04.11.2014 10:05,Narvik kommune,Nei,",
                "HS02,04.11.2014 10:05,Narvik kommune,Kanskje,",
            ),
            encoding="utf-8-sig",
        )
        layout = build_run(base / "ut", raw, ("nklmh_2015",), html=True)
        d = layout.definition_dir("nklmh_2015")
        read = lambda p: pd.read_csv(p, dtype=str, keep_default_na=False)  # noqa: E731
        return {
            "quarantine": read(layout.clean("quarantine")),
            "kommuner": read(d / "kommune_status.csv").set_index("kommunenummer"),
            "tjenester": read(d / "tjeneste_status.csv").set_index("tjeneste_id"),
            "figures": read(layout.published("figures.csv")).set_index("figur"),
            "html": layout.report_html.read_text(encoding="utf-8"),
            "explain": lambda what: (
                __import__("lmsanalyse.tools.explain", fromlist=["Explainer"])
                .Explainer(layout.root)
                .explain(what)
            ),
        }

    def test_the_report_lists_the_contradictions_and_quarantined_interviews(self, run) -> None:
        import re

        html = run["html"]
        motsigelser = html[html.index("<h3>Motsigelser og uoverensstemmelser</h3>") :]
        rows = re.findall(
            r"<tr><td>(\d+)</td><td><code>([^<]+)</code></td><td>[^<]*</td><td>([^<]+)</td>",
            motsigelser,
        )
        assert [(objekt, fil) for objekt, fil, _ in rows] == [("430", "ringerunde_logg.csv")]
        assert rows[0][2].startswith("430 enheter svarte ikke på spørreskjemaet og ble ikke ringt")
        assert (
            "4 telefonintervjuer ble satt i karantene: tjenestene er ikke vurdert mot definisjonen"
            in html
        )

    def test_quarantine_names_the_unit_and_service_it_could_read(self, run) -> None:
        q = run["quarantine"]
        rows = q[q["fil"].eq("telefonintervju.csv")]
        assert rows[["rad", "kolonne", "enhet_id", "tjeneste_id"]].values.tolist() == [
            ["2", "organisering", "1804", "HM01"],
            ["4", "organisering", "030105", "HM03"],
            ["6", "tjeneste_id", "1837", ""],
            ["7", "vertskommune", "", "HM06"],
        ]

    def test_host_kommuner_say_the_interview_was_quarantined(self, run) -> None:
        k = run["kommuner"]
        assert (
            k.loc[["1804", "0301", "1837"], "status_kode"].tolist() == ["intervju_i_karantene"] * 3
        )
        assert k.loc["1804", "arsak"] == (
            "Ingen tjeneste vurdert: intervjuet av HM01 (telefonintervju.csv, rad 2) er satt i "
            "karantene: organisering: ukjent svar «verdien i cellen, 6 tegn» (tillatt: "
            "'kommunal', 'interkommunal'), så tjenesten er ikke vurdert mot definisjonen"
        )
        # Without an id the row is named by its file and row only.
        assert k.loc["1837", "arsak"].startswith(
            "Ingen tjeneste vurdert: intervjuet (telefonintervju.csv, rad 6) er satt i karantene: "
            "tjeneste_id: påkrevd verdi mangler"
        )
        # A host that cannot be read links the interview to no kommune: Vefsn keeps its status.
        assert k.loc["1824", "status_kode"] == "ja_uten_bekreftelse"
        assert k.loc["1804", "dekket"] == "Nei"

    def test_services_list_the_quarantined_interviews(self, run) -> None:
        t = run["tjenester"]
        quarantined = t[t["kilde"].eq("telefonintervju (karantene)")]
        assert quarantined.index.tolist() == ["(uten id, rad 6)", "HM01", "HM03", "HM06"]
        assert set(quarantined["inkludert"]) == {"Nei"}
        assert quarantined.loc["HM06", "arsak"] == (
            "Intervjuet er satt i karantene (telefonintervju.csv, rad 7): vertskommune: "
            "«verdien i cellen, 11 tegn» er ikke gjenkjent (under terskel 88); nærmest: 1824 "
            "Vefsn (Nordland, likhet 62); tjenesten er ikke vurdert mot definisjonen"
        )
        # The two sound interviews are still judged.
        assert t.loc[["HM02", "HM04"], "kilde"].tolist() == ["telefonintervju"] * 2

    def test_explain_shows_each_entry_where_it_belongs(self, run) -> None:
        from lmsanalyse.tools.explain import render_text

        bodo = run["explain"]("Bodø")
        assert [
            (q["fil"], q["rad"], q["kolonne"], q["tjeneste_id"]) for q in bodo["karantene"]
        ] == [("telefonintervju.csv", 2, "organisering", "HM01")]
        assert (
            "  telefonintervju.csv, rad 2, kolonne organisering: raden er satt i karantene: "
            in (render_text(bodo))
        )
        # An interview without an id belongs to its host kommune, not to the unit's answers.
        meloy = run["explain"]("1837")
        assert [q["rad"] for q in meloy["karantene"]] == [6]
        assert meloy["enheter"][0]["karantene"] == []
        assert [q["rad"] for q in run["explain"]("HM06")["karantene"]] == [7]
        # A questionnaire answer is the unit's.
        narvik = run["explain"]("Narvik")
        assert [(q["fil"], q["rad"], q["kolonne"]) for q in narvik["enheter"][0]["karantene"]] == [
            ("radmann_skjema.csv", 3, "har_tjeneste")
        ]
        assert narvik["karantene"] == []

    def test_figure_and_report_count_them(self, run) -> None:
        assert run["figures"].loc["intervjuer_i_karantene", "verdi"] == "4"
        assert run["figures"].loc["tjenester_intervjuet", "verdi"] == "2"
        html = run["html"]
        assert "Intervjuet er satt i karantene (telefonintervju.csv, rad 7)" in html
        assert "Intervjuet kunne ikke brukes" in html  # the kommune status label
        assert "Intervjuet i karantene" not in html  # no internal word for it


def test_a_quarantined_copy_of_a_used_interview_makes_no_second_row(tmp_path) -> None:
    import shutil

    from helpers import build_run

    raw = tmp_path / "raw"
    shutil.copytree(HANDMADE, raw)
    path = raw / "telefonintervju.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    hm02 = next(line for line in lines if line.startswith("HM02,"))
    # The same service again, with an organisering that cannot be read.
    lines.append(hm02.replace(",kommunal,", ",ukjent,", 1))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    layout = build_run(tmp_path / "ut", raw, ("nklmh_2015",))
    d = layout.definition_dir("nklmh_2015")
    t = pd.read_csv(d / "tjeneste_status.csv", dtype=str, keep_default_na=False)
    assert t["tjeneste_id"].tolist().count("HM02") == 1
    assert t.set_index("tjeneste_id").loc["HM02", "kilde"] == "telefonintervju"
    q = pd.read_csv(layout.clean("quarantine"), dtype=str, keep_default_na=False)
    assert q[q["tjeneste_id"].eq("HM02")]["rad"].tolist() == ["8"]
