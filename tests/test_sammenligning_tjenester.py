"""Which services continued from wave A to wave B (issue 21, part 4): matched by host kommune
on 2024 borders and name similarity, every match in the open (``bolge_tjenester.csv``).

The class is tested on small hand-made waves (renamed, merged by a kommune merger, grown into
an interkommunal service, closed, new, an Oslo bydel, a split host, the thresholds), and on the
second wave designed from the bundled run (tests/bolger.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from bolger import MERGED, read
from helpers import REF_DIR
from lmsanalyse.compare.borders import Borders
from lmsanalyse.compare.services import match_all, score
from lmsanalyse.compare.waves import TJENESTE_COLUMNS, Wave

THRESHOLDS = {"fortsatt": 80, "sammenslatt": 60, "kommuner": 50}
COLS = ["utfall", "kommunenummer_2024", "tjeneste_id_a", "tjeneste_id_b", "likhet", "regel"]


@pytest.fixture(scope="module")
def borders() -> Borders:
    return Borders.read(REF_DIR)


def wave(navn: str, register: str, services: list[tuple], borders: Borders) -> Wave:
    """A wave with only what the matching reads: its kommuner and services (id, name, host,
    included, and the participants when it is interkommunal)."""
    kommuner = borders.kommuner_2014 if register == "2014" else borders.kommuner_2024
    rows = []
    for i, n, h, inc, *deltakere in services:
        parts = deltakere[0] if deltakere else [h]
        rows.append({"tjeneste_id": i, "tjeneste_navn": n, "vertskommune_id": h,
                     "organisering": "interkommunal" if len(parts) > 1 else "kommunal",
                     "inkludert": inc, "deltakere": ";".join(parts)})  # fmt: skip
    tjenester = pd.DataFrame(rows, columns=[*TJENESTE_COLUMNS, "deltakere"])
    return Wave(navn, REF_DIR, register, {}, {}, {}, kommuner, tjenester, None)


def both(a: list[tuple], b: list[tuple], borders: Borders, thresholds=THRESHOLDS, rb="2024"):
    """``bolge_tjenester.csv`` and ``bolge_tjenestepar.csv`` for two hand-made waves."""
    return match_all(
        wave("A", "2014", a, borders),
        wave("B", rb, b, borders),
        borders.changes_2024,
        borders.names_2024,
        thresholds,
    )


def match(a: list[tuple], b: list[tuple], borders: Borders, thresholds=THRESHOLDS, rb="2024"):
    return both(a, b, borders, thresholds, rb)[0][COLS].values.tolist()


# ----------------------------------------------------------------- renamed, moved, merged


def test_a_renamed_service_continues_and_the_host_s_names_do_not_count(borders):
    got = match(
        [("T1", "Fredrikstad frisklivssentral", "0106", "Ja")],
        [("B1", "Frisklivssentralen i Fredrikstad", "3107", "Ja")],
        borders,
    )
    assert got == [["fortsatt", "3107", "T1", "B1", 89, "navn"]]
    # A shared place name does not make two different services alike.
    a, b = "Fredrikstad lærings- og mestringssenter", "Frisklivssentralen i Fredrikstad"
    assert (score(a, b, set()), score(a, b, {"fredrikstad"})) == (66, 48)


def test_a_rename_beyond_the_name_threshold_continues_by_its_kommuner(borders):
    """The same host and the same kommuner, and no other candidate in either wave: a new
    name alone does not make a service new (and the closed one is not "borte")."""
    got = match(
        [("T1", "LMS Øyer", "0521", "Ja"),
         ("T2", "Kongsvinger friskliv", "0402", "Ja")],
        [("B1", "Lærings- og mestringssenteret i Øyer", "3440", "Ja"),
         ("B2", "Frisklivssentralen Kongsvinger", "3401", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [
        ["fortsatt", "3401", "T2", "B2", 62, "kommuner"],
        ["fortsatt", "3440", "T1", "B1", 18, "kommuner"],
    ]


def test_a_host_that_merged_into_a_new_2024_kommune(borders):
    """Rissa and Leksvik became Indre Fosen (5054): Rissa's service and the interkommunal one
    of Leksvik and Rissa, hosted in Leksvik, are Indre Fosen's two services now (the
    interkommunal one is kommunal, its kommuner one)."""
    got = match(
        [("T1", "Rissa frisklivssentral", "1624", "Ja"),
         ("T2", "Fosen lærings- og mestringssenter", "1718", "Ja", ["1718", "1624"])],
        [("B1", "Frisklivssentralen i Indre Fosen", "5054", "Ja"),
         ("B2", "Lærings- og mestringssenteret i Indre Fosen", "5054", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [
        ["fortsatt", "5054", "T1", "B1", 89, "navn"],
        ["fortsatt", "5054", "T2", "B2", 87, "navn"],
    ]
    # Named beyond recognition, the kommuner cannot tell the two apart, but the names still
    # can: each pair is more alike than either's other candidate.
    renamed = [("B1", "Helsehuset Indre Fosen", "5054", "Ja"),
               ("B2", "Mestringstjenesten", "5054", "Ja")]  # fmt: skip
    a = [("T1", "Rissa frisklivssentral", "1624", "Ja"),
         ("T2", "Fosen lærings- og mestringssenter", "1718", "Ja", ["1718", "1624"])]  # fmt: skip
    assert match(a, renamed, borders) == [
        ["fortsatt", "5054", "T1", "B1", 38, "kommuner"],
        ["fortsatt", "5054", "T2", "B2", 52, "kommuner"],
    ]


def test_a_merger_of_two_into_one_is_slatt_sammen_for_both(borders):
    """Stokke and Sandefjord merged into Sandefjord (3907): their two services became one.
    The name continues Sandefjord's, but a merger has no single continuation."""
    got = match(
        [("T1", "Sandefjord frisklivssentral", "0706", "Ja"),
         ("T2", "Stokke frisklivssentral", "0720", "Ja")],
        [("B1", "Frisklivssentralen i Sandefjord", "3907", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [
        ["slått sammen", "3907", "T1", "B1", 89, "navn"],
        ["slått sammen", "3907", "T2", "B1", 89, "inngår"],
    ]


def test_two_kommunale_services_into_one_interkommunal_of_both_kommuner(borders):
    """Røyrvik's and Namsskogan's services became one of the two, hosted in Røyrvik: each
    overlaps it by half; Namsskogan's is more alike by name, and Røyrvik's lies in it."""
    got = match(
        [("T1", "Lærings- og mestringssenteret i Raarvihke", "1739", "Ja"),
         ("T2", "Friskliv og mestring Namsskogan", "1740", "Ja")],
        [("B1", "Friskliv, læring og mestring Raarvihkeregionen", "5043", "Ja",
          ["5043", "5044"])],
        borders,
    )  # fmt: skip
    assert got == [
        ["slått sammen", "5043", "T1", "B1", 61, "inngår"],
        ["slått sammen", "5043", "T2", "B1", 100, "kommuner"],
    ]


# ----------------------------------------------------------------------------- split


SALTEN = ["1804", "1838", "1840", "1841"]  # Bodø, Gildeskål, Saltdal, Fauske


def test_a_split_into_two_services_is_delt_for_both(borders):
    a = [("T1", "Interkommunal frisklivssentral, Salten", "1804", "Ja", SALTEN)]
    b = [("B1", "Friskliv Bodø og Gildeskål", "1804", "Ja", ["1804", "1838"]),
         ("B2", "Friskliv Saltdal og Fauske", "1841", "Ja", ["1840", "1841"])]  # fmt: skip
    got = match(a, b, borders)
    assert [r[:4] + r[5:] for r in got] == [
        ["delt", "1804", "T1", "B1", "inngår"], ["delt", "1841", "T1", "B2", "kommuner"],
    ]  # fmt: skip


def test_a_kommune_that_left_a_continuing_service_is_split_from_it(borders):
    a = [("T1", "Interkommunal frisklivssentral, Salten", "1804", "Ja", SALTEN)]
    left = [("B1", "Interkommunal frisklivssentral, Salten", "1804", "Ja", ["1804", "1838", "1841"]),
            ("B2", "Saltdal frisklivssentral", "1840", "Ja")]  # fmt: skip
    assert match(a, left, borders) == [
        ["delt", "1804", "T1", "B1", 100, "navn"], ["delt", "1840", "T1", "B2", 100, "inngår"],
    ]  # fmt: skip
    # A kommune still in the continuing service that started one of its own: not a split.
    stayed = [(*left[0][:4], SALTEN), left[1]]
    assert [r[:4] for r in match(a, stayed, borders)] == [
        ["fortsatt", "1804", "T1", "B1"], ["ny", "1840", "", "B2"],
    ]  # fmt: skip


# ------------------------------------------------ what must not be matched, new, closed, ties


def test_a_kommunal_and_an_interkommunal_service_of_one_host_stay_two(borders):
    """Bodø hosts its own LMS and the Salten region's frisklivssentral; both renamed. The
    kommunal one overlaps the interkommunal one of the other wave by a quarter only."""
    a = [("T1", "LMS Bodø", "1804", "Ja"),
         ("T2", "Interkommunal frisklivssentral, Salten", "1804", "Ja", SALTEN)]  # fmt: skip
    b = [("B1", "Lærings- og mestringssenteret i Bodø", "1804", "Ja"),
         ("B2", "Friskliv og mestring Salten", "1804", "Ja", SALTEN)]  # fmt: skip
    services, pairs = both(a, b, borders)
    assert services[COLS].values.tolist() == [
        ["fortsatt", "1804", "T1", "B1", 18, "kommuner"],
        ["fortsatt", "1804", "T2", "B2", 66, "kommuner"],
    ]
    assert pairs[["tjeneste_id_a", "tjeneste_id_b", "samme_vertskommune", "kommuneoverlapp",
                  "andel_a_i_b", "andel_b_i_a", "beslutning", "regel", "grunn"]
                 ].values.tolist() == [
        ["T1", "B1", "Ja", 100, 100, 100, "fortsatt", "kommuner", ""],
        ["T1", "B2", "Ja", 25, 100, 25, "ikke koblet", "",
         "en av dem er koblet til en annen tjeneste"],
        ["T2", "B1", "Ja", 25, 25, 100, "ikke koblet", "",
         "en av dem er koblet til en annen tjeneste"],
        ["T2", "B2", "Ja", 100, 100, 100, "fortsatt", "kommuner", ""],
    ]  # fmt: skip
    # Bodø's own service gone while the region's continued: Bodø is served by the region's,
    # so both count as merged into it (docs/assumptions.md).
    assert [r[:4] + r[5:] for r in match(a, b[1:], borders)] == [
        ["slått sammen", "1804", "T1", "B2", "inngår"],
        ["slått sammen", "1804", "T2", "B2", "kommuner"],
    ]  # fmt: skip


def test_a_genuinely_new_and_a_genuinely_closed_service(borders):
    services, pairs = both(
        [("T1", "Frisklivssentralen", "0101", "Ja")],  # Halden
        [("B1", "Frisklivssentralen", "3107", "Ja")],  # Fredrikstad: same name, other kommune
        borders,
    )
    assert services[COLS].values.tolist() == [
        ["borte", "3101", "T1", "", "", ""],
        ["ny", "3107", "", "B1", "", ""],
    ]
    assert services["naermeste_tjeneste"].tolist() == ["", ""]
    assert pairs.empty


def test_ties_are_broken_by_name_then_by_id_and_an_even_overlap_decides_nothing(borders):
    a = [("T1", "Frisklivssentralen Fredrikstad", "0106", "Ja")]
    same = [("B2", "Frisklivssentralen i Fredrikstad", "3107", "Ja"),
            ("B1", "Frisklivssentralen i Fredrikstad", "3107", "Ja")]  # fmt: skip
    # Equally similar: the lower id continues it; the other is new (it did not leave it).
    assert match(a, same, borders) == [
        ["fortsatt", "3107", "T1", "B1", 100, "navn"], ["ny", "3107", "", "B2", "", ""],
    ]  # fmt: skip
    # Two unlike services with the same kommuner: the more alike continues it.
    unlike = [("B1", "Helsehuset", "3107", "Ja"), ("B2", "Mestringskurs", "3107", "Ja")]
    assert match(a, unlike, borders) == [
        ["fortsatt", "3107", "T1", "B1", 36, "kommuner"], ["ny", "3107", "", "B2", "", ""],
    ]  # fmt: skip
    # An exact tie in kommuner and name: neither continues it, both come from it.
    tie = [("B1", "Helsehuset", "3107", "Ja"), ("B2", "Helsehuset", "3107", "Ja")]
    assert match(a, tie, borders) == [
        ["delt", "3107", "T1", "B1", 36, "inngår"], ["delt", "3107", "T1", "B2", 36, "inngår"],
    ]  # fmt: skip
    # Two of A equally like one of B: the lower id found first, both merged.
    two = [("T2", "Frisklivssentralen Fredrikstad", "0106", "Ja"), *a]
    assert [r[:4] for r in match(two, same[1:], borders)] == [
        ["slått sammen", "3107", "T1", "B1"], ["slått sammen", "3107", "T2", "B1"],
    ]  # fmt: skip


def test_services_in_different_2024_kommuner_are_never_matched(borders):
    got = match(
        [("T1", "Frisklivssentralen", "0106", "Ja")],
        [("B1", "Frisklivssentralen", "3101", "Ja")],  # Halden, not Fredrikstad
        borders,
    )
    assert got == [["ny", "3101", "", "B1", "", ""], ["borte", "3107", "T1", "", "", ""]]


def test_an_oslo_bydel_lies_in_oslo_and_a_split_host_in_each_of_its_kommuner(borders):
    got = match(
        [("T1", "Friskliv Alna", "030112", "Ja"),
         ("T2", "Lærings- og mestringstilbud Tysfjord", "1850", "Ja")],
        [("B1", "Friskliv Alna", "030101", "Ja"),
         ("B2", "Lærings- og mestringstilbud", "1875", "Ja")],
        borders,
    )  # fmt: skip
    assert got == [
        ["fortsatt", "0301", "T1", "B1", 100, "navn"],
        ["fortsatt", "1875", "T2", "B2", 100, "navn"],
    ]
    # Both registers ask Oslo by bydel: services of two bydeler do not share their kommuner.
    other = match(
        [("T1", "Friskliv Alna", "030112", "Ja")],
        [("B1", "Frogner lærings- og mestringssenter", "030105", "Ja")],
        borders,
    )
    assert other == [["borte", "0301", "T1", "", "", ""], ["ny", "0301", "", "B1", "", ""]]


def test_only_included_services_are_matched_and_the_closest_is_named(borders):
    """The excluded B1 is as close in kommuner as B2, so the kommuner alone cannot say that
    B2 continues T1 (B1 may be what T1 became)."""
    services, pairs = both(
        [("T1", "LMS Øyer", "0521", "Ja")],
        [("B1", "LMS Øyer", "3440", "Nei"), ("B2", "Mestringskurs", "3440", "Ja")],
        borders,
    )
    rows = services.to_dict("records")
    assert [r["utfall"] for r in rows] == ["borte", "ny"]
    assert (rows[0]["naermeste_tjeneste"], rows[0]["naermeste_likhet"]) == (
        "B1 LMS Øyer (ikke inkludert)", 100,
    )  # fmt: skip
    assert (rows[1]["naermeste_tjeneste"], rows[1]["naermeste_likhet"]) == ("T1 LMS Øyer", 25)
    assert pairs[["tjeneste_id_b", "beslutning", "grunn"]].values.tolist() == [
        ["B1", "ikke koblet", "ikke inkludert i bølge B"],
        ["B2", "ikke koblet", "kommunene overlapper like mye med en annen tjeneste"],
    ]


def test_the_thresholds_decide(borders):
    a = [("T1", "LMS Bodø", "1804", "Ja")]
    b = [("B1", "Friskliv og mestring Bodøregionen", "1804", "Ja", ["1804", "1838"])]
    assert match(a, b, borders) == [["fortsatt", "1804", "T1", "B1", 17, "kommuner"]]
    # An overlap of a half is below 60: it lies in B1, but B1 continues no other.
    stricter = THRESHOLDS | {"kommuner": 60}
    assert [r[0] for r in match(a, b, borders, stricter)] == ["borte", "ny"]
    # The name threshold: 62 continues at 60 by name, at 80 by the kommuner.
    a, b = [("T1", "Kongsvinger friskliv", "0402", "Ja")], [
        ("B1", "Frisklivssentralen Kongsvinger", "3401", "Ja")]  # fmt: skip
    low = {"fortsatt": 60, "sammenslatt": 55, "kommuner": 50}
    assert [r[5] for r in match(a, b, borders, low)] == ["navn"]
    assert [r[5] for r in match(a, b, borders)] == ["kommuner"]


def test_the_designed_second_wave(waves, tmp_path):
    from test_sammenligning import compare

    a, b = waves
    got = read(compare(a, b, tmp_path).table("tjenester"))
    by = {u: g for u, g in got.groupby("utfall")}
    assert got["utfall"].value_counts().to_dict() == {
        "fortsatt": 34, "borte": 5, "ny": 3, "slått sammen": 2,
    }  # fmt: skip
    assert sorted(by["borte"]["tjeneste_id_a"]) == ["T010", "T013", "T029", "T045", "T057"]
    assert sorted(by["ny"]["tjeneste_id_b"]) == ["B901", "B902", "B903"]
    # The designed merger (tests/bolger.py MERGED): both of A are merged into the one of B.
    [(pair, (into, _name))] = MERGED.items()
    assert by["slått sammen"][["tjeneste_id_a", "tjeneste_id_b", "kommunenavn_2024"]
                              ].values.tolist() == [[i, into, "Indre Østfold"] for i in pair]  # fmt: skip
    oyer = by["borte"].set_index("tjeneste_id_a").loc["T013"]
    assert oyer["naermeste_tjeneste"] == "B950 LMS Øyer (ikke inkludert)"
    # Every included service of each wave is in the table: A's once, B's at least once.
    ta = read(a / "data" / "processed" / "tjeneste_status.csv")
    tb = read(b / "data" / "processed" / "tjeneste_status.csv")
    assert sorted(got["tjeneste_id_a"][got["tjeneste_id_a"] != ""]) == sorted(
        ta.loc[ta["inkludert"] == "Ja", "tjeneste_id"]
    )
    assert set(got["tjeneste_id_b"]) - {""} == set(tb.loc[tb["inkludert"] == "Ja", "tjeneste_id"])
