"""Which services continued from wave A to wave B (issue 21, part 4): matched by host kommune
on 2024 borders and name similarity, every match in the open (``bolge_tjenester.csv``).

The class is tested on small hand-made waves (renamed, merged by a kommune merger, grown into
an interkommunal service, closed, new, an Oslo bydel, a split host, the thresholds), and on the
second wave designed from the bundled run (tests/bolger.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from bolger import read
from helpers import REF_DIR
from lmsanalyse.compare.borders import Borders
from lmsanalyse.compare.services import match_services, score
from lmsanalyse.compare.waves import Wave

THRESHOLDS = {"fortsatt": 80, "sammenslatt": 60}


@pytest.fixture(scope="module")
def borders() -> Borders:
    return Borders.read(REF_DIR)


def wave(navn: str, register: str, services: list[tuple], borders: Borders) -> Wave:
    """A wave with only what the matching reads: its kommuner and services (id, name, host,
    included)."""
    kommuner = borders.kommuner_2014 if register == "2014" else borders.kommuner_2024
    tjenester = pd.DataFrame(
        [
            {
                "tjeneste_id": i,
                "tjeneste_navn": n,
                "vertskommune_id": h,
                "organisering": "kommunal",
                "inkludert": inc,
            }
            for i, n, h, inc in services
        ],  # fmt: skip
        columns=["tjeneste_id", "tjeneste_navn", "vertskommune_id", "organisering", "inkludert"],
    )
    return Wave(navn, REF_DIR, register, {}, {}, {}, kommuner, tjenester, None)


def match(a: list[tuple], b: list[tuple], borders: Borders, thresholds=THRESHOLDS, rb="2024"):
    table = match_services(
        wave("A", "2014", a, borders),
        wave("B", rb, b, borders),
        borders.changes_2024,
        borders.names_2024,
        thresholds,
    )
    return table[["utfall", "kommunenummer_2024", "tjeneste_id_a", "tjeneste_id_b", "likhet"]
                 ].values.tolist()  # fmt: skip


def test_a_renamed_service_continues_and_the_host_s_names_do_not_count(borders):
    got = match(
        [("T1", "Fredrikstad frisklivssentral", "0106", "Ja")],
        [("B1", "Frisklivssentralen i Fredrikstad", "3107", "Ja")],
        borders,
    )
    assert got == [["fortsatt", "3107", "T1", "B1", 89]]
    # A shared place name does not make two different services alike.
    a, b = "Fredrikstad lærings- og mestringssenter", "Frisklivssentralen i Fredrikstad"
    assert (score(a, b, set()), score(a, b, {"fredrikstad"})) == (66, 48)


def test_two_services_of_kommuner_that_merged_become_one(borders):
    """Stokke and Sandefjord merged into Sandefjord (3907): their frisklivssentraler became one."""
    got = match(
        [("T1", "Sandefjord frisklivssentral", "0706", "Ja"),
         ("T2", "Stokke frisklivssentral", "0720", "Ja")],
        [("B1", "Frisklivssentralen i Sandefjord", "3907", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [["fortsatt", "3907", "T1", "B1", 89], ["slått sammen", "3907", "T2", "B1", 89]]


def test_several_merged_into_one_without_a_close_enough_continuation(borders):
    # Neither reaches "fortsatt" alone (53 and 75), but both are close enough to be merged.
    a = [("T1", "Kurs for kronikere", "0719", "Ja"),
         ("T2", "Pasientskole for hjertesyke", "0720", "Ja")]  # fmt: skip
    b = [("B1", "Kurs og pasientskole", "3907", "Ja")]
    low = {"fortsatt": 80, "sammenslatt": 50}
    assert match(a, b, borders, low) == [
        ["slått sammen", "3907", "T1", "B1", 53], ["slått sammen", "3907", "T2", "B1", 75],
    ]  # fmt: skip
    # One alone close to B1, but not close enough to continue it: closed, and B1 is new.
    assert [r[0] for r in match(a[1:], b, borders, low)] == ["borte", "ny"]
    # Above the merge threshold only for one of them: that one alone is no merge.
    assert [r[0] for r in match(a, b, borders, {"fortsatt": 80, "sammenslatt": 60})] == [
        "borte", "borte", "ny",
    ]  # fmt: skip


def test_services_in_different_2024_kommuner_are_never_matched(borders):
    got = match(
        [("T1", "Frisklivssentralen", "0106", "Ja")],
        [("B1", "Frisklivssentralen", "3101", "Ja")],  # Halden, not Fredrikstad
        borders,
    )
    assert got == [["ny", "3101", "", "B1", ""], ["borte", "3107", "T1", "", ""]]


def test_an_oslo_bydel_lies_in_oslo_and_a_split_host_in_each_of_its_kommuner(borders):
    got = match(
        [("T1", "Friskliv Alna", "030112", "Ja"),
         ("T2", "Lærings- og mestringstilbud Tysfjord", "1850", "Ja")],
        [("B1", "Friskliv Alna", "030101", "Ja"),
         ("B2", "Lærings- og mestringstilbud", "1875", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [["fortsatt", "0301", "T1", "B1", 100], ["fortsatt", "1875", "T2", "B2", 100]]


def test_only_included_services_are_matched_and_the_closest_is_named(borders):
    table = match_services(
        wave("A", "2014", [("T1", "LMS Øyer", "0521", "Ja")], borders),
        wave(
            "B",
            "2024",
            [("B1", "LMS Øyer", "3440", "Nei"), ("B2", "Mestringskurs", "3440", "Ja")],
            borders,
        ),  # fmt: skip
        borders.changes_2024,
        borders.names_2024,
        THRESHOLDS,
    )
    rows = table.to_dict("records")
    assert [r["utfall"] for r in rows] == ["borte", "ny"]
    assert (rows[0]["naermeste_tjeneste"], rows[0]["naermeste_likhet"]) == (
        "B1 LMS Øyer (ikke inkludert)", 100,
    )  # fmt: skip
    assert (rows[1]["naermeste_tjeneste"], rows[1]["naermeste_likhet"]) == ("T1 LMS Øyer", 25)


def test_the_thresholds_decide(borders):
    a = [("T1", "Kongsvinger friskliv", "0402", "Ja")]
    b = [("B1", "Frisklivssentralen Kongsvinger", "3401", "Ja")]
    assert score("Kongsvinger friskliv", "Frisklivssentralen Kongsvinger", {"kongsvinger"}) == 62
    assert [r[0] for r in match(a, b, borders)] == ["borte", "ny"]
    assert [r[0] for r in match(a, b, borders, {"fortsatt": 60, "sammenslatt": 55})] == ["fortsatt"]


def test_the_designed_second_wave(waves, tmp_path):
    from test_sammenligning import compare

    a, b = waves
    got = read(compare(a, b, tmp_path).table("tjenester"))
    by = {u: g for u, g in got.groupby("utfall")}
    assert got["utfall"].value_counts().to_dict() == {
        "fortsatt": 35, "borte": 5, "ny": 3, "slått sammen": 1,
    }  # fmt: skip
    assert sorted(by["borte"]["tjeneste_id_a"]) == ["T010", "T013", "T029", "T045", "T057"]
    assert sorted(by["ny"]["tjeneste_id_b"]) == ["B901", "B902", "B903"]
    merged = by["slått sammen"].iloc[0]
    assert (merged["tjeneste_id_a"], merged["tjeneste_id_b"], merged["kommunenavn_2024"]) == (
        "T004", "B900", "Indre Østfold",
    )  # fmt: skip
    assert got.loc[got["tjeneste_id_a"] == "T002", ["utfall", "tjeneste_id_b"]].values.tolist() == [
        ["fortsatt", "B900"]
    ]
    oyer = by["borte"].set_index("tjeneste_id_a").loc["T013"]
    assert oyer["naermeste_tjeneste"] == "B950 LMS Øyer (ikke inkludert)"
    # Every included service of each wave is in the table: A's once, B's at least once.
    ta = read(a / "data" / "processed" / "tjeneste_status.csv")
    tb = read(b / "data" / "processed" / "tjeneste_status.csv")
    assert sorted(got["tjeneste_id_a"][got["tjeneste_id_a"] != ""]) == sorted(
        ta.loc[ta["inkludert"] == "Ja", "tjeneste_id"]
    )
    assert set(got["tjeneste_id_b"]) - {""} == set(tb.loc[tb["inkludert"] == "Ja", "tjeneste_id"])
