"""Manual decisions all the way through (issue 19, part 7, and its contradicting decisions).

A decision about a service reaches its host's and every participant's row in
``kommune_status``, the figures, the flow figure and its table, the rules table and appendix
A; the report and provenance name the file actually used; ``--beslutninger FIL`` on ``run``
and ``validate``; Norwegian dates; decisions that contradict each other stop the run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from helpers import DEFINITIONS, REPO, build_run, include_in, report_inputs, without_notices
from lmsanalyse.cli import main
from lmsanalyse.config import (
    ConfigError,
    Deltakelse,
    decision_date,
    load_config,
    load_manual_decisions,
)
from lmsanalyse.layout import RunLayout
from lmsanalyse.outputs import sha256_file

HEADER = "objekt,beslutning,begrunnelse,besluttet_av,dato\n"
# On the bundled data: two services the rules exclude included (one kommunal, one
# interkommunal with three kommuner), one service of an Oslo bydel and one interkommunal
# service of four kommuner excluded, a service of a kommune that another service already
# covers included, and a kommune included by its own decision. Dates in both forms.
DECISIONS = (
    HEADER + "T003,inkluder,Tilbudene bekreftet skriftlig,ABC,21.01.2015\n"
    "T034,inkluder,Brukermedvirkning dokumentert i referat,ABC,2015-01-22\n"
    "T008,ekskluder,Tilbudet lagt ned i desember,DEF,23.01.2015\n"
    "T044,ekskluder,Samarbeidet oppløst,DEF,1.2.2015\n"
    "T017,inkluder,Brukermedvirkning bekreftet,ABC,02.02.2015\n"
    "0517,inkluder,Tjeneste bekreftet etter intervjuperioden,DEF,2015-02-03\n"
)
FIX = "beslutningene motsier hverandre; fjern eller endre én av dem"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def messages(info) -> list[str]:
    return str(info.value).splitlines()


# ---------------------------------------------------------------- the file, row by row


class TestDates:
    @pytest.mark.parametrize(
        ("written", "iso"),
        [
            ("21.01.2015", "2015-01-21"),
            ("1.2.2015", "2015-02-01"),
            ("29.02.2016", "2016-02-29"),
            ("2015-01-21", "2015-01-21"),
            ("31.12.2014", "2014-12-31"),
        ],
    )
    def test_norwegian_and_iso_dates_are_read(self, tmp_path, written, iso):
        assert decision_date(written) == iso
        path = write(tmp_path / "b.csv", HEADER + f"0101,inkluder,Bekreftet,ABC,{written}\n")
        [row] = load_manual_decisions(path, {"0101"}, set())
        assert row["dato"] == iso

    @pytest.mark.parametrize(
        "written",
        ["32.01.2015", "29.02.2015", "2015-13-01", "21/01/2015", "21.01.15", "21. januar 2015"],
    )
    def test_a_bad_date_names_file_row_and_column(self, tmp_path, written):
        path = write(
            tmp_path / "mine.csv",
            "# kommentar\n" + HEADER + "0101,inkluder,Bekreftet,ABC,2015-01-01\n"
            f"0104,ekskluder,Nedlagt,ABC,{written}\n",
        )
        with pytest.raises(ConfigError) as info:
            load_manual_decisions(path, {"0101", "0104"}, set())
        assert messages(info) == [
            f"mine.csv, rad 4, kolonne 'dato': '{written}' er ikke en gyldig dato; skriv "
            "dd.mm.åååå (21.01.2015) eller åååå-mm-dd (2015-01-21)"
        ]


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_manual_decisions(tmp_path / "borte.csv", {"0101"}, set())
    assert messages(info) == [f"borte.csv: fant ikke filen ({tmp_path / 'borte.csv'})"]


@pytest.mark.parametrize(("bydel", "kommune"), [("030112", "0301"), ("030105", "0301")])
def test_a_decision_about_a_bydel_says_to_decide_about_its_kommune(tmp_path, bydel, kommune):
    path = write(tmp_path / "b.csv", HEADER + f"{bydel},inkluder,Bekreftet,ABC,01.02.2015\n")
    with pytest.raises(ConfigError) as info:
        load_manual_decisions(path, {"0301", "0101"}, set(), {bydel: kommune})
    assert messages(info) == [
        f"b.csv, rad 2, kolonne 'objekt': '{bydel}' er en bydel; en beslutning gjelder en "
        f"kommune ({kommune} for hele kommunen) eller en tjeneste_id"
    ]


# ---------------------------------------------------------------- decisions against each other


class TestContradictions:
    """Hand-made services (other numbers than the bundled data): S1 kommunal in 1001; S2
    interkommunal, host 1002 with 1003 and 1004; S3 hosted by Oslo's bydel 030105; S4
    interkommunal, host 0219 with Oslo's bydel 030110."""

    KOMMUNER = {"1001", "1002", "1003", "1004", "0219", "0220", "0301"}
    BYDELER = {"030105": "0301", "030110": "0301"}
    TJENESTER = {
        "S1": Deltakelse("1001", ("1001",)),
        "S2": Deltakelse("1002", ("1002", "1003", "1004")),
        "S3": Deltakelse("030105", ("030105",)),
        "S4": Deltakelse("0219", ("0219", "030110")),
    }

    def load(self, tmp_path, lines: str):
        path = write(tmp_path / "b.csv", HEADER + lines)
        return load_manual_decisions(path, self.KOMMUNER, self.TJENESTER, self.BYDELER)

    def problems(self, tmp_path, lines: str) -> list[str]:
        with pytest.raises(ConfigError) as info:
            self.load(tmp_path, lines)
        return messages(info)

    @pytest.mark.parametrize(
        ("lines", "expected"),
        [
            # a kommune excluded, the kommunal service it hosts included
            (
                "1001,ekskluder,Nedlagt,A,01.02.2015\nS1,inkluder,Bekreftet,A,01.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': kommunen 1001 er ekskludert i rad 2, men "
                "tjenesten S1 er inkludert i rad 3, og 1001 er vertskommune for tjenesten, så "
                f"tjenesten dekker kommunen: {FIX}",
            ),
            # the service first, then a participant (not the host) excluded
            (
                "S2,inkluder,Bekreftet,A,01.02.2015\n1004,ekskluder,Nedlagt,A,2015-02-02\n",
                "b.csv, rad 3, kolonne 'objekt': kommunen 1004 er ekskludert i rad 3, men "
                "tjenesten S2 er inkludert i rad 2, og 1004 deltar i tjenesten, så tjenesten "
                f"dekker kommunen: {FIX}",
            ),
            # the host of an interkommunal service
            (
                "1002,ekskluder,Nedlagt,A,01.02.2015\nS2,inkluder,Bekreftet,A,01.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': kommunen 1002 er ekskludert i rad 2, men "
                "tjenesten S2 er inkludert i rad 3, og 1002 er vertskommune for tjenesten, så "
                f"tjenesten dekker kommunen: {FIX}",
            ),
            # Oslo excluded, a service an Oslo bydel hosts included
            (
                "0301,ekskluder,Nedlagt,A,01.02.2015\nS3,inkluder,Bekreftet,A,01.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': kommunen 0301 er ekskludert i rad 2, men "
                "tjenesten S3 er inkludert i rad 3, og 0301 er vertskommune for tjenesten "
                f"(gjennom bydel 030105), så tjenesten dekker kommunen: {FIX}",
            ),
            # Oslo excluded, an interkommunal service an Oslo bydel takes part in included
            (
                "S4,inkluder,Bekreftet,A,01.02.2015\n0301,ekskluder,Nedlagt,A,01.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': kommunen 0301 er ekskludert i rad 3, men "
                "tjenesten S4 er inkludert i rad 2, og 0301 deltar i tjenesten (gjennom bydel "
                f"030110), så tjenesten dekker kommunen: {FIX}",
            ),
            # the same object included and excluded
            (
                "S1,inkluder,Bekreftet,A,01.02.2015\nS1,ekskluder,Nedlagt,A,01.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': 'S1' får beslutningen ekskluder her, men "
                f"inkluder i rad 2: {FIX}",
            ),
            (
                "0220,ekskluder,Nedlagt,A,01.02.2015\n0220,inkluder,Bekreftet,B,2015-03-01\n",
                "b.csv, rad 3, kolonne 'objekt': '0220' får beslutningen inkluder her, men "
                f"ekskluder i rad 2: {FIX}",
            ),
            # the same decision twice
            (
                "1003,inkluder,Bekreftet,A,01.02.2015\n1003,inkluder,Igjen,B,02.02.2015\n",
                "b.csv, rad 3, kolonne 'objekt': '1003' har allerede den samme beslutningen "
                "(inkluder) i rad 2; fjern den ene",
            ),
        ],
    )
    def test_two_decisions_that_cannot_both_hold(self, tmp_path, lines, expected):
        assert self.problems(tmp_path, lines) == [expected]

    def test_every_pair_is_named(self, tmp_path):
        problems = self.problems(
            tmp_path,
            "1002,ekskluder,Nedlagt,A,01.02.2015\n"
            "1003,ekskluder,Nedlagt,A,01.02.2015\n"
            "S2,inkluder,Bekreftet,A,01.02.2015\n"
            "S1,inkluder,Bekreftet,A,01.02.2015\n",
        )
        assert [p.split(": kommunen ")[1][:30] for p in problems] == [
            "1002 er ekskludert i rad 2, me",
            "1003 er ekskludert i rad 3, me",
        ]

    @pytest.mark.parametrize(
        "lines",
        [
            # a kommune included while a service of it is excluded: covered by its own decision
            "1001,inkluder,Bekreftet,A,01.02.2015\nS1,ekskluder,Nedlagt,A,01.02.2015\n",
            "0301,inkluder,Bekreftet,A,01.02.2015\nS3,ekskluder,Nedlagt,A,01.02.2015\n",
            # both excluded
            "1004,ekskluder,Nedlagt,A,01.02.2015\nS2,ekskluder,Nedlagt,A,01.02.2015\n",
            # a kommune that does not take part in the included service
            "0220,ekskluder,Nedlagt,A,01.02.2015\nS2,inkluder,Bekreftet,A,01.02.2015\n",
            "1002,ekskluder,Nedlagt,A,01.02.2015\nS1,inkluder,Bekreftet,A,01.02.2015\n",
            # Oslo's decision and a service only another kommune's units take part in
            "0301,ekskluder,Nedlagt,A,01.02.2015\nS1,inkluder,Bekreftet,A,01.02.2015\n",
        ],
    )
    def test_decisions_that_can_both_hold(self, tmp_path, lines):
        assert len(self.load(tmp_path, lines)) == 2

    def test_contradictions_and_other_problems_are_listed_together(self, tmp_path):
        problems = self.problems(
            tmp_path,
            "1001,ekskluder,Nedlagt,A,32.01.2015\nS1,inkluder,,A,01.02.2015\n",
        )
        assert problems == [
            "b.csv, rad 2, kolonne 'dato': '32.01.2015' er ikke en gyldig dato; skriv "
            "dd.mm.åååå (21.01.2015) eller åååå-mm-dd (2015-01-21)",
            "b.csv, rad 3, kolonne 'begrunnelse': mangler verdi",
            "b.csv, rad 3, kolonne 'objekt': kommunen 1001 er ekskludert i rad 2, men tjenesten "
            "S1 er inkludert i rad 3, og 1001 er vertskommune for tjenesten, så tjenesten "
            f"dekker kommunen: {FIX}",
        ]


def test_the_include_stage_stops_on_contradicting_decisions(bundled_clean, tmp_path):
    path = write(
        tmp_path / "mot.csv",
        HEADER + "T034,inkluder,Bekreftet,ABC,21.01.2015\n1545,ekskluder,Nedlagt,ABC,22.01.2015\n",
    )
    with pytest.raises(ConfigError) as info:
        include_in(bundled_clean, DEFINITIONS / "nklmh_2015.yaml", tmp_path / "ut", path)
    assert messages(info) == [
        "mot.csv, rad 3, kolonne 'objekt': kommunen 1545 er ekskludert i rad 3, men tjenesten "
        f"T034 er inkludert i rad 2, og 1545 deltar i tjenesten, så tjenesten dekker kommunen: "
        f"{FIX}"
    ]


# ---------------------------------------------------------------- the decision tables


@pytest.fixture(scope="module")
def decisions_file(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("beslutninger") / "mine_beslutninger.csv", DECISIONS)


@pytest.fixture(scope="module")
def decided_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("decided")


@pytest.fixture(scope="module")
def decided(bundled_clean, decisions_file, decided_dir) -> dict[str, pd.DataFrame]:
    return include_in(bundled_clean, DEFINITIONS / "nklmh_2015.yaml", decided_dir, decisions_file)


COLUMNS = [
    "dekket",
    "tjeneste_ider",
    "status_kode",
    "status_etter_regler",
    "manuell_beslutning",
    "manuell_tekst",
]


def kommune(tables, nr: str) -> list:
    k = tables["kommune_status"].set_index("kommunenummer")
    return [None if pd.isna(v) or v == "" else v for v in k.loc[nr, COLUMNS].tolist()]


class TestKommuneStatus:
    def test_the_host_of_a_kommunal_service_included_by_hand(self, decided):
        # Spydeberg (the example): T003 fails I4.
        tekst = "inkluder tjenesten T003 (Tilbudene bekreftet skriftlig; ABC, 21. januar 2015)"
        assert kommune(decided, "0123") == [
            "Ja", "T003", "manuelt_inkludert", "ekskludert", "inkluder", tekst,
        ]  # fmt: skip
        arsak = decided["kommune_status"].set_index("kommunenummer").loc["0123", "arsak"]
        assert arsak == (
            f"Manuell beslutning: {tekst}. Etter reglene: Tjeneste intervjuet, men ekskludert: "
            "T003 (I4_lms_tilbud)"
        )

    @pytest.mark.parametrize("nr", ["1539", "1543", "1545"])
    def test_host_and_participants_of_an_interkommunal_service_included_by_hand(self, decided, nr):
        tekst = (
            "inkluder tjenesten T034 (Brukermedvirkning dokumentert i referat; ABC, "
            "22. januar 2015)"
        )
        assert kommune(decided, nr) == [
            "Ja", "T034", "manuelt_inkludert", "ekskludert", "inkluder", tekst,
        ]  # fmt: skip

    @pytest.mark.parametrize("nr", ["1805", "1852", "1853", "1854"])
    def test_host_and_participants_of_an_interkommunal_service_excluded_by_hand(self, decided, nr):
        tekst = "ekskluder tjenesten T044 (Samarbeidet oppløst; DEF, 1. februar 2015)"
        assert kommune(decided, nr) == [
            "Nei", None, "manuelt_ekskludert", "dekket", "ekskluder", tekst,
        ]  # fmt: skip

    def test_oslo_when_the_service_of_its_only_covered_bydel_is_excluded(self, decided):
        tekst = "ekskluder tjenesten T008 (Tilbudet lagt ned i desember; DEF, 23. januar 2015)"
        assert kommune(decided, "0301") == [
            "Nei", None, "manuelt_ekskludert", "dekket", "ekskluder", tekst,
        ]  # fmt: skip

    def test_a_decision_that_changes_no_coverage_is_named_but_not_marked(self, decided):
        # Sandefjord is covered by T016 by the rules; T017 is included by hand too.
        tekst = "inkluder tjenesten T017 (Brukermedvirkning bekreftet; ABC, 2. februar 2015)"
        assert kommune(decided, "0706") == [
            "Ja", "T016;T017", "dekket", "dekket", None, tekst,
        ]  # fmt: skip
        arsak = decided["kommune_status"].set_index("kommunenummer").loc["0706", "arsak"]
        assert (
            arsak == f"Manuell beslutning: {tekst}. Etter reglene: Dekket gjennom T016 (kommunal)"
        )

    def test_a_kommune_decided_by_itself(self, decided):
        tekst = "inkluder (Tjeneste bekreftet etter intervjuperioden; DEF, 3. februar 2015)"
        assert kommune(decided, "0517") == [
            "Ja", None, "manuelt_inkludert", "ekskludert", "inkluder", tekst,
        ]  # fmt: skip

    def test_kommuner_no_decision_is_about_are_as_without_decisions(
        self, decided, decided_dir, bundled_include
    ):
        plain = pd.read_csv(bundled_include / "kommune_status.csv", dtype=str)
        now = pd.read_csv(decided_dir / "kommune_status.csv", dtype=str)
        touched = {"0123", "1539", "1543", "1545", "1805", "1852", "1853", "1854", "0301"}
        touched |= {"0706", "0517"}
        assert plain["kommunenummer"].tolist() == now["kommunenummer"].tolist()
        same = (plain == now) | (plain.isna() & now.isna())
        assert set(plain.loc[~same.all(axis=1), "kommunenummer"]) == touched

    def test_the_services_keep_their_rules_result(self, decided):
        t = decided["tjeneste_status"].set_index("tjeneste_id")
        got = t.loc[["T003", "T034", "T008", "T044", "T017"], ["inkludert", "feilede_regler"]]
        assert got.values.tolist() == [
            ["Ja", "I4_lms_tilbud"],
            ["Ja", "I2_brukermedvirkning"],
            ["Nei", ""],
            ["Nei", ""],
            ["Ja", "I2_brukermedvirkning"],
        ]


class TestFigures:
    def test_the_counts_add_up(self, decided):
        f = decided["figures"].set_index("figur")
        values = {k: int(f.loc[k, "verdi"]) for k in FIGURES}
        assert values == FIGURES
        # excluded by the rules − included by hand + excluded by hand = excluded
        assert 17 - 3 + 2 == values["tjenester_ekskludert"]
        assert 74 + 5 == values["kommuner_med_tilbud"]

    def test_without_a_decision_about_a_service_the_optional_figures_are_absent(
        self, bundled_include, bundled_clean, tmp_path
    ):
        plain = pd.read_csv(bundled_include / "figures.csv")
        assert not plain["figur"].str.startswith("tjenester_manuelt").any()
        assert "tjenester_ekskludert_etter_reglene" not in set(plain["figur"])
        path = write(tmp_path / "k.csv", HEADER + "0517,inkluder,Bekreftet,DEF,03.02.2015\n")
        tables = include_in(bundled_clean, DEFINITIONS / "nklmh_2015.yaml", tmp_path / "o", path)
        ids = set(tables["figures"]["figur"])
        assert not {"tjenester_manuelt_inkludert", "tjenester_ekskludert_etter_reglene"} & ids
        f = tables["figures"].set_index("figur")["verdi"]
        assert (f["kommuner_status_manuelt_inkludert"], f["kommuner_med_tilbud"]) == (1, 80)


FIGURES = {
    "tjenester_intervjuet": 58,
    "tjenester_ekskludert_etter_reglene": 17,
    "tjenester_manuelt_inkludert": 3,
    "tjenester_manuelt_ekskludert": 2,
    "tjenester_ekskludert": 16,
    "tjenester": 42,
    "tjenester_kommunale": 29,
    "tjenester_interkommunale": 13,
    "kommuner_med_tilbud": 79,
    "kommuner_status_dekket": 74,
    "kommuner_status_manuelt_inkludert": 5,
    "kommuner_status_manuelt_ekskludert": 5,
    "manuelle_beslutninger_kommune": 1,
    "manuelle_beslutninger_tjeneste": 5,
    "konsistensproblemer": 0,
}


# ---------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def decided_run(decisions_file, tmp_path_factory) -> RunLayout:
    out = tmp_path_factory.mktemp("decided_run")
    return build_run(
        out / "run", definitions=("nklmh_2015",), manual_decisions=decisions_file, html=True
    )


@pytest.fixture(scope="module")
def context(decided_run) -> dict:
    from lmsanalyse.report.context import build_context

    return build_context(report_inputs(decided_run))


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


FLOW_ALT = (
    "58 tjenester ble intervjuet, 17 ble ekskludert etter reglene (I2 brukermedvirkning 12, "
    "I3 etablert tjeneste 2 og I4 LMS-tilbud 4; én tjeneste feilet flere regler), 3 av dem "
    "ble inkludert og 2 som oppfylte reglene, ble ekskludert ved manuell beslutning (16 "
    "ekskludert i alt), og 42 er inkludert: 29 kommunale og 13 interkommunale. Resultat: 79 av "
    "428 kommuner (18\u00a0%) har tjeneste, og i 349 fant kartleggingen ingen tjeneste som "
    "oppfyller definisjonen; 5 kommuner er manuelt inkludert og 5 manuelt ekskludert."
)


class TestReport:
    def test_the_flow_figure_has_a_box_for_each_manual_change(self, context):
        chart = context["svg"]["flyt"]
        assert chart.alt.endswith(FLOW_ALT)
        svg = text(str(chart.svg))
        for box in (
            "Ekskludert etter reglene: 17 tjenester",
            "Inkludert ved manuell beslutning: 3",
            "Ekskludert ved manuell beslutning: 2",
            "Inkludert: 42 tjenester",
            "herav 3 ved manuell beslutning",
            "ved manuell beslutning: 5 inkludert · 5 ekskludert",
        ):
            assert box in svg, box
        assert "Ekskludert: 16" not in svg

    def test_the_flow_table(self, context):
        rows = [(r["steg"], r["tekst"], r["antall"], r["nevner"]) for r in context["flyt_rader"]]
        assert rows[19:] == [
            ("Regler", "Tjenester ekskludert etter reglene", 17, 58),
            ("Regler", "Feilet I2 brukermedvirkning", 12, 58),
            ("Regler", "Feilet I3 etablert tjeneste", 2, 58),
            ("Regler", "Feilet I4 LMS-tilbud", 4, 58),
            ("Manuell beslutning", "Inkludert ved manuell beslutning", 3, 58),
            ("Manuell beslutning", "Ekskludert ved manuell beslutning", 2, 58),
            ("Resultat", "Tjenester ekskludert", 16, 58),
            ("Resultat", "Tjenester inkludert", 42, None),
            ("Resultat", "Kommunale tjenester", 29, 42),
            ("Resultat", "Interkommunale tjenester", 13, 42),
            ("Resultat", "Kommuner med tjeneste", 79, 428),
            ("Resultat", "– med kommunal tjeneste", 28, 79),
            ("Resultat", "– gjennom interkommunal tjeneste", 50, 79),
            # Sel: its service excluded by the rules, the kommune included by its own decision.
            ("Resultat", "– etter en manuell beslutning", 1, 79),
            ("Resultat", "Kommuner uten tjeneste som oppfyller definisjonen", 349, 428),
            ("Manuell beslutning", "Kommuner manuelt inkludert", 5, 428),
            ("Manuell beslutning", "Kommuner manuelt ekskludert", 5, 428),
        ]

    def test_the_rules_table_has_a_row_for_each_manual_change(self, decided_run):
        html = decided_run.report_html.read_text(encoding="utf-8")
        table = text(html[html.index('id="tabell-regler"') :].split("</table>")[0])
        assert table.endswith(
            "Ekskludert etter reglene 17 "
            "Inkludert ved manuell beslutning, av dem reglene ekskluderer 3 "
            "Ekskludert ved manuell beslutning, av dem som oppfyller reglene 2 "
            "Ekskluderte tjenester av 58 intervjuede 16"
        )

    @pytest.mark.parametrize(
        ("nr", "mark"),
        [
            ("0123", "inkluder"),
            ("1543", "inkluder"),
            ("1854", "ekskluder"),
            ("0301", "ekskluder"),
            ("0517", "inkluder"),
        ],
    )
    def test_appendix_a_marks_the_kommuner_a_decision_gives_their_status(
        self, decided_run, nr, mark
    ):
        html = decided_run.report_html.read_text(encoding="utf-8")
        row = re.search(rf"<tr><td>{nr}</td>.*?</tr>", html).group(0)
        assert f'<span class="merke manuell">manuell: {mark}</span>' in row

    def test_appendix_a_does_not_mark_a_kommune_whose_status_no_decision_changed(self, decided_run):
        html = decided_run.report_html.read_text(encoding="utf-8")
        row = re.search(r"<tr><td>0706</td>.*?</tr>", html).group(0)
        assert "merke manuell" not in row
        assert "Manuell beslutning: inkluder tjenesten T017" in unescape(row)

    def test_the_report_names_the_file_used(self, decided_run, decisions_file, context):
        html = text(decided_run.report_html.read_text(encoding="utf-8"))
        inndata = context["tab"]["inndata"].etikett.lower()
        assert (
            f"Manuelle beslutninger (filen {decisions_file.as_posix()} , med SHA-256 i "
            f"{inndata}) gjelder 1 kommune og 5 tjenester. En beslutning om en tjeneste gjelder "
            "også vertskommunen og kommunene som deltar. Med beslutningene er 5 kommuner "
            "manuelt inkludert og 5 manuelt ekskludert; de er merket manuell i vedlegg A. "
            "Tjenestene beslutningene gjelder, er merket manuell i vedlegg B."
        ) in html
        assert "config/manuelle_beslutninger.csv" not in html

    def test_provenance_lists_the_file_as_an_input(self, decided_run, decisions_file):
        import json

        record = json.loads(decided_run.provenance.read_text(encoding="utf-8"))
        assert [f for f in record["inndata"] if f["rolle"] == "manuelle beslutninger"] == [
            {
                "fil": decisions_file.as_posix(),
                "rolle": "manuelle beslutninger",
                "sha256": sha256_file(decisions_file),
            }
        ]
        assert "mine_beslutninger.csv" not in {f["fil"] for f in record["konfigurasjonsfiler"]}

    def test_the_key_finding_counts_the_rules_and_the_decisions(self, decided_run):
        html = text(decided_run.report_html.read_text(encoding="utf-8"))
        assert (
            "17 av de 58 intervjuede tjenestene oppfylte ikke definisjonen. Manuelle beslutninger "
            "inkluderte likevel 3 av dem og ekskluderte 2 som oppfylte den, så 16 er ekskludert. "
            "12 tjenester manglet sidestilt brukermedvirkning i minst én aktuell fase: 10 i én "
            "fase og 2 i flere, men ikke alle."
        ) in html


class TestShownPath:
    def test_a_file_in_the_repository_is_shown_relative_to_it(self):
        assert load_config().shown_path("manual_decisions") == "config/manuelle_beslutninger.csv"
        absolute = str(REPO / "config" / "manuelle_beslutninger.csv")
        config = load_config(None, {"manual_decisions": absolute})
        assert config.shown_path("manual_decisions") == "config/manuelle_beslutninger.csv"

    def test_a_file_elsewhere_is_shown_as_given(self, decisions_file):
        config = load_config(None, {"manual_decisions": str(decisions_file)})
        assert config.shown_path("manual_decisions") == decisions_file.as_posix()


# ---------------------------------------------------------------- the command line


class TestCommandLine:
    def test_validate_lists_contradicting_decisions(self, tmp_path, capsys):
        path = write(
            tmp_path / "mot.csv",
            HEADER + "0301,ekskluder,Nedlagt,ABC,21.01.2015\n"
            "T008,inkluder,Bekreftet,ABC,22.01.2015\n"
            "T012,inkluder,Bekreftet,ABC,22.01.2015\n"
            "T012,ekskluder,Nedlagt,ABC,23.01.2015\n",
        )
        code = main(["validate", "--beslutninger", str(path)])
        out, err = map(without_notices, capsys.readouterr())
        assert code == 1
        assert out.splitlines() == [
            "mot.csv, rad 3, kolonne 'objekt': kommunen 0301 er ekskludert i rad 2, men "
            "tjenesten T008 er inkludert i rad 3, og 0301 er vertskommune for tjenesten "
            f"(gjennom bydel 030112), så tjenesten dekker kommunen: {FIX}",
            f"mot.csv, rad 5, kolonne 'objekt': 'T012' får beslutningen ekskluder her, men "
            f"inkluder i rad 4: {FIX}",
        ]
        assert err == "2 problemer funnet i data/raw\n"

    def test_validate_reads_the_given_file(self, decisions_file, capsys):
        assert main(["validate", "--beslutninger", str(decisions_file)]) == 0
        assert without_notices(capsys.readouterr().out) == "Ingen problemer funnet i data/raw\n"

    @pytest.mark.parametrize("command", ["validate", "run"])
    def test_a_file_that_does_not_exist(self, tmp_path, capsys, command):
        missing = tmp_path / "finnes_ikke.csv"
        assert main([command, "--beslutninger", str(missing)]) == 1
        assert capsys.readouterr().err.splitlines() == [
            "Feil i konfigurasjonen:",
            "config.yaml, nøkkel manual_decisions: fant ikke filen med manuelle beslutninger "
            f"({missing}); oppgi en fil som finnes (lmsanalyse run/validate --beslutninger FIL)",
        ]

    @pytest.mark.parametrize("command", ["validate", "run"])
    def test_the_option_is_in_the_help(self, capsys, command):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--beslutninger FIL" in capsys.readouterr().out


@pytest.fixture(scope="module")
def run(decisions_file, tmp_path_factory) -> RunLayout:
    """The workflow run by ``lmsanalyse run --beslutninger FIL``."""
    out = tmp_path_factory.mktemp("run_beslutninger")
    code = main(
        [
            "run",
            "--beslutninger",
            str(decisions_file),
            "--out",
            str(out),
            "--definitions",
            "nklmh_2015",
        ]
    )
    assert code == 0
    return RunLayout(out)


@pytest.mark.slow
class TestWorkflow:
    def test_the_run_gives_the_same_tables_as_the_stages(self, run, decided):
        got = pd.read_csv(run.processed / "kommune_status.csv", dtype=str)
        assert got.loc[got["kommunenummer"].eq("0123"), "manuell_beslutning"].tolist() == [
            "inkluder"
        ]
        figures = pd.read_csv(run.processed / "figures.csv").set_index("figur")["verdi"]
        assert {k: int(figures[k]) for k in FIGURES} == FIGURES

    def test_the_flow_figure_file_has_the_alternative_text(self, run):
        [txt] = run.reports.glob("figurer/figur_01_flyt.txt")
        assert " ".join(FLOW_ALT.split()) in " ".join(txt.read_text(encoding="utf-8").split())

    def test_the_pdf_appendix_marks_the_kommuner(self, run):
        from pypdf import PdfReader

        from lmsanalyse.layout import APPENDIX_PDF

        pages = " ".join(p.extract_text() for p in PdfReader(run.reports / APPENDIX_PDF).pages)
        pages = " ".join(pages.split())
        for nr, navn, mark in (
            ("0123", "Spydeberg", "inkluder"),
            ("1545", "Midsund", "inkluder"),
            ("1853", "Evenes", "ekskluder"),
        ):
            found = re.search(rf"{nr} {navn} .{{0,80}}?manuell: {mark}", pages)
            assert found, (nr, pages[pages.find(nr) : pages.find(nr) + 200])

    def test_the_pdfs_with_manual_decisions_are_pdf_ua(self, run):
        from lmsanalyse.layout import APPENDIX_PDF, REPORT_PDF
        from pdfcheck import pdfua_failures

        pdfs = (run.reports / REPORT_PDF, run.reports / APPENDIX_PDF)
        assert {p.name: pdfua_failures(p) for p in pdfs} == {p.name: [] for p in pdfs}

    def test_provenance_names_the_file(self, run, decisions_file):
        import json

        record = json.loads(run.provenance.read_text(encoding="utf-8"))
        [entry] = [f for f in record["inndata"] if f["rolle"] == "manuelle beslutninger"]
        assert entry == {
            "fil": decisions_file.as_posix(),
            "rolle": "manuelle beslutninger",
            "sha256": sha256_file(decisions_file),
        }

    def test_contradicting_decisions_stop_the_run(self, tmp_path, capsys):
        path = write(
            tmp_path / "mot.csv",
            HEADER
            + "1543,ekskluder,Nedlagt,ABC,21.01.2015\nT034,inkluder,Bekreftet,ABC,22.01.2015\n",
        )
        out = tmp_path / "ut"
        args = ["run", "--beslutninger", str(path), "--out", str(out)]
        assert main([*args, "--definitions", "nklmh_2015"]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err[-5:] == [
            "Kjøringen stoppet: steget «Bruker inklusjonsdefinisjonen» (include) feilet.",
            "Feil i konfigurasjonen:",
            "mot.csv, rad 3, kolonne 'objekt': kommunen 1543 er ekskludert i rad 2, men "
            "tjenesten T034 er inkludert i rad 3, og 1543 deltar i tjenesten, så tjenesten "
            f"dekker kommunen: {FIX}",
            f"Logg: {out / 'logs' / 'include' / 'nklmh_2015.log'}",
            "Kjør med --verbose for hele Snakemake-loggen.",
        ]
        assert not (out / "data" / "processed" / "kommune_status.csv").exists()

    def test_the_snakemake_config_key(self, decisions_file, tmp_path):
        layout = RunLayout(tmp_path)
        target = layout.definition_table("nklmh_2015", "kommune_status", ".csv")
        result = subprocess.run(
            [sys.executable, "-m", "snakemake", "-c1", "--config", f"out_dir={tmp_path}"]
            + [f"manual_decisions={decisions_file}", "--", str(target)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        got = pd.read_csv(target, dtype=str).set_index("kommunenummer")
        assert got.loc["1854", ["status_kode", "manuell_beslutning"]].tolist() == [
            "manuelt_ekskludert",
            "ekskluder",
        ]
