"""Two waves compared on today's map (issue 21, part 4; the contract's section "Waves"):
``bolge_sammenligning.csv`` against an independent computation, ``bolge_tall.csv`` against
the runs' figures, the counts per fylke, the register read from the run, and the refusals of
folders that are not finished runs.

The waves: the bundled 2014/15 run and a 2024-register wave designed from it (tests/bolger.py:
services renamed, merged, closed and new, which a real run of the hand-made 2024 wave does not
have). tests/test_sammenligning_bolge2024.py compares real runs of both registers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bolger import definition, finished_run_2024, independent_comparison, read
from helpers import REF_DIR, REPO
from lmsanalyse.compare.borders import Borders
from lmsanalyse.compare.wave_changes import endring, merknader
from lmsanalyse.compare.waves import ComparisonError, read_wave
from lmsanalyse.sammenlign import ComparisonRequest, write_tables

RAPPORT = {"utgiver": "U", "forfattere": ["F"], "serie": "S", "serienummer": None,
           "publiseringsdato": None, "sprak": "nb"}  # fmt: skip
SETTINGS = {"tjenester": {"fortsatt": 80, "sammenslatt": 60}}


@pytest.fixture(scope="module")
def borders() -> Borders:
    return Borders.read(REF_DIR)


def compare(a: Path, b: Path, out: Path, settings: dict = SETTINGS, indicator=None):
    """The comparison's tables (no report) into ``out``; returns its layout."""
    config = [REPO / "config" / "config.yaml"]
    request = ComparisonRequest(a, b, out, REF_DIR, settings, RAPPORT, config, REPO, indicator)
    layout, _borders, _ind = write_tables(request)
    return layout


@pytest.fixture(scope="module")
def tables(waves, tmp_path_factory):
    a, b = waves
    return compare(a, b, tmp_path_factory.mktemp("sammenligning"))


# --------------------------------------------------------------------------- the contract


def test_bolge_sammenligning_agrees_with_an_independent_computation(waves, tables):
    """Issue 21's "Done when": the 2014/15 statuses carried to 2024 by the change list against
    the wave's own kommune_status.csv, computed here with plain pandas."""
    a, b = waves
    expected = independent_comparison(a, b)
    got = read(tables.table("kommuner"))
    assert list(got.columns) == [
        "kommunenummer_2024", "kommunenavn_2024", "fylkesnummer_2024", "fylkesnavn_2024",
        "status_a", "status_b", "endring", "merknad",
    ]  # fmt: skip
    assert len(got) == 357 and got["kommunenummer_2024"].is_unique
    got = got.set_index("kommunenummer_2024")
    pd.testing.assert_frame_equal(
        got[["status_a", "status_b", "endring"]].sort_index(),
        expected,
    )
    # The designed second wave: three new kommuner in Trøndelag, Stavanger and Bergen new,
    # Øyer lost its service (it no longer meets the definition).
    assert got["endring"].value_counts().to_dict() == {
        "uendret": 330, "økt": 17, "ny": 5, "borte": 4, "redusert": 1,
    }  # fmt: skip
    assert got.loc["3440", ["status_a", "status_b", "endring"]].tolist() == [
        "dekket", "ikke dekket", "borte",
    ]  # fmt: skip


def test_bolge_tall_copies_each_runs_figures(waves, tables):
    a, b = waves
    fa = read(a / "data" / "processed" / "figures.csv").set_index("figur")
    fb = read(b / "data" / "processed" / "figures.csv").set_index("figur")
    got = read(tables.table("tall")).set_index("figur")
    assert list(got.columns) == ["verdi_a", "nevner_a", "verdi_b", "nevner_b"]
    for figur in ("kommuner_med_tilbud", "kommuner_uten_tilbud", "tjenester",
                  "tjenester_kommunale", "tjenester_interkommunale"):  # fmt: skip
        assert got.loc[figur].tolist() == [*fa.loc[figur], *fb.loc[figur]], figur
    # A (2014 register) has the kommuner_2024_* figures; B is on today's map already, so its
    # covered and uncovered kommuner are those counts and none is partly covered.
    for status in ("dekket", "delvis_dekket", "ikke_dekket"):
        assert got.loc[f"kommuner_2024_{status}", ["verdi_a", "nevner_a"]].tolist() == list(
            fa.loc[f"kommuner_2024_{status}"]
        )
    assert got.loc["kommuner_2024_dekket", ["verdi_b", "nevner_b"]].tolist() == list(
        fb.loc["kommuner_med_tilbud"]
    )
    assert got.loc["kommuner_2024_delvis_dekket", ["verdi_b", "nevner_b"]].tolist() == ["0", "357"]
    assert got.loc["kommuner_med_tilbud"].tolist() == ["79", "428", "73", "357"]


def test_counts_per_fylke_are_the_kommune_rows_grouped(tables):
    kommuner = read(tables.table("kommuner"))
    fylker = read(tables.table("fylker")).set_index("fylkesnummer_2024")
    assert len(fylker) == 15
    for nr, group in kommuner.groupby("fylkesnummer_2024"):
        row = fylker.loc[nr]
        assert int(row["kommuner"]) == len(group)
        for wave in ("a", "b"):
            for status in ("dekket", "delvis dekket", "ikke dekket"):
                col = f"{wave}_{status.replace(' ', '_')}"
                assert int(row[col]) == int(group[f"status_{wave}"].eq(status).sum()), (nr, col)
        for change, col in (("ny", "ny"), ("økt", "okt"), ("uendret", "uendret"),
                            ("redusert", "redusert"), ("borte", "borte")):  # fmt: skip
            assert int(row[col]) == int(group["endring"].eq(change).sum()), (nr, col)


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("dekket", "dekket", "uendret"),
        ("delvis dekket", "delvis dekket", "uendret"),
        ("ikke dekket", "ikke dekket", "uendret"),
        ("ikke dekket", "dekket", "ny"),
        ("dekket", "ikke dekket", "borte"),
        ("ikke dekket", "delvis dekket", "økt"),
        ("delvis dekket", "dekket", "økt"),
        ("dekket", "delvis dekket", "redusert"),
        ("delvis dekket", "ikke dekket", "redusert"),
    ],
)
def test_endring_is_the_contracts(a, b, expected):
    assert endring(a, b) == expected


def test_merknad_says_what_a_2024_kommune_was_made_of(borders):
    notes = merknader(borders.changes_2024)
    assert notes["1103"] == (
        "Slått sammen av 3 kommuner fra 2014: 1103 Stavanger, 1141 Finnøy og 1142 Rennesøy"
    )
    assert notes["5056"] == (
        "Slått sammen av 2 kommuner fra 2014: 1613 Snillfjord og 1617 Hitra; har en del av "
        "1613 Snillfjord, som ble delt mellom Heim, Hitra og Orkland"
    )
    assert notes["1875"].endswith(
        "har en del av 1850 Tysfjord - Divtasvuodna, som ble delt mellom Hamarøy og Narvik"
    )
    assert "0301" not in notes and "3101" not in notes  # Oslo; Halden (a new number only)
    # The 47 kommuner of several 2014 kommuner (each holder of a split part is one of them).
    assert len(notes) == 47


# --------------------------------------------------------------------------- which register


def test_each_wave_is_read_with_its_register(waves, borders):
    a, b = waves
    wa = read_wave(a, "A", borders.kommuner_2014, borders.kommuner_2024)
    wb = read_wave(b, "B", borders.kommuner_2014, borders.kommuner_2024)
    assert (wa.register, wb.register) == ("2014", "2024")
    assert (wa.provenance["bolge"]["register"], wb.provenance["bolge"]["register"]) == (2014, 2024)
    assert wa.kommuner_2024 is not None and wb.kommuner_2024 is None
    assert sorted(wa.filer) == sorted(
        ["figures", "kommune_status", "tjeneste_status", "provenance", "definisjon",
         "kommune_2024_status"]
    )  # fmt: skip


# --------------------------------------------------------------------------- refusals


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _refused(a: Path, b: Path, tmp_path: Path) -> str:
    with pytest.raises(ComparisonError) as exc:
        compare(a, b, tmp_path / "ut")
    return str(exc.value)


def test_a_folder_that_is_no_finished_run_is_refused_naming_what_it_lacks(waves, tmp_path):
    a, b = waves
    empty = tmp_path / "tom"
    empty.mkdir()
    assert _refused(empty, b, tmp_path) == (
        f"bølge A: «{empty}» er ikke en ferdig kjøring av lmsanalyse; mangler "
        "data/processed/figures.csv, data/processed/kommune_status.csv, "
        "data/processed/tjeneste_status.csv, data/processed/provenance.json, "
        "logs/personvernsjekk.txt. En ferdig kjøring er mappen «lmsanalyse run --out MAPPE» "
        "skrev, etter at personvernsjekken (siste steg) gikk gjennom."
    )
    assert _refused(a, tmp_path / "finnes_ikke", tmp_path) == (
        f"bølge B: fant ikke mappen «{tmp_path / 'finnes_ikke'}»"
    )
    unguarded = _copy(a, tmp_path / "uten_sjekk")
    (unguarded / "logs" / "personvernsjekk.txt").unlink()
    assert "mangler logs/personvernsjekk.txt." in _refused(unguarded, b, tmp_path)
    (unguarded / "logs" / "personvernsjekk.txt").write_text("Personopplysninger funnet\n")
    assert _refused(unguarded, b, tmp_path) == (
        f"bølge A: personvernsjekken i «{unguarded}» er ikke godkjent "
        "(logs/personvernsjekk.txt begynner ikke med «OK»)"
    )


def test_a_2014_wave_needs_its_picture_on_todays_map(waves, tmp_path):
    a, b = waves
    run = _copy(a, tmp_path / "a")
    (run / "data" / "processed" / "kommune_2024_status.csv").unlink()
    assert "mangler data/processed/kommune_2024_status.csv." in _refused(run, b, tmp_path)


def test_a_run_on_another_register_is_refused(waves, tmp_path):
    a, b = waves
    for name, keep in (
        ("mangler_en", lambda k: k.iloc[1:]),
        ("dobbel", lambda k: pd.concat([k, k.iloc[:1]])),
    ):
        run = _copy(b, tmp_path / name)
        path = run / "data" / "processed" / "kommune_status.csv"
        keep(read(path)).to_csv(path, index=False)
        rows = len(read(path))
        assert _refused(a, run, tmp_path) == (
            f"bølge B: kommune_status.csv i «{run}» har {rows} rader som ikke er de 357 "
            "kommunene i 2024 (kommuner_2024.csv), én gang hver, slik provenance.json sier "
            "(bolge.register = 2024); sammenligningen trenger en bølge på 2014- eller "
            "2024-registeret"
        )


def _recorded(run: Path, bolge: dict | None) -> Path:
    path = run / "data" / "processed" / "provenance.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    if bolge is None:
        del record["bolge"]
    else:
        record["bolge"] = record["bolge"] | bolge
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_register_is_the_one_the_run_recorded_and_its_tables_hold(waves, tmp_path):
    a, b = waves
    # A 2014 wave that says it asked the 2024 register: its 428 kommuner disagree.
    run = _copy(a, tmp_path / "a2024")
    _recorded(run, {"register": 2024})
    assert _refused(run, b, tmp_path) == (
        f"bølge A: kommune_status.csv i «{run}» har 428 rader som ikke er de 357 kommunene i "
        "2024 (kommuner_2024.csv), én gang hver, slik provenance.json sier (bolge.register = "
        "2024); sammenligningen trenger en bølge på 2014- eller 2024-registeret"
    )
    run = _copy(b, tmp_path / "b2014")
    _recorded(run, {"register": 2014})
    assert "har 357 rader som ikke er de 428 kommunene i 2014 (kommuner_2014.csv)" in _refused(
        a, run, tmp_path
    )
    run = _copy(b, tmp_path / "b2020")
    path = _recorded(run, {"register": 2020})
    assert _refused(a, run, tmp_path) == (
        f"bølge B: {path} har registeret 2020; sammenligningen trenger en bølge på 2014- eller "
        "2024-registeret"
    )
    run = _copy(b, tmp_path / "uten")
    path = _recorded(run, None)
    assert _refused(a, run, tmp_path) == (
        f"bølge B: {path} sier ikke hvilket register bølgen spurte (bolge.register mangler); "
        "kjøringen er eldre enn sammenligningen, så kjør den på nytt"
    )


def test_a_run_whose_tables_and_figures_disagree_is_refused(waves, tmp_path):
    a, b = waves
    run = _copy(b, tmp_path / "b")
    path = run / "data" / "processed" / "figures.csv"
    figures = read(path)
    figures.loc[figures["figur"] == "kommuner_med_tilbud", "verdi"] = "74"
    figures.to_csv(path, index=False)
    assert _refused(a, run, tmp_path) == (
        f"bølge B ({run}): 73 av 357 kommuner i 2024 har status 'dekket' i "
        "beslutningstabellene, men figures.csv sier 74 av 357; tabellene og tallene er ikke "
        "fra samme kjøring"
    )


def test_the_earlier_wave_comes_first_and_two_folders_are_two_runs(waves, tmp_path):
    a, b = waves
    assert _refused(b, a, tmp_path) == (
        "A skal være den tidligste bølgen, men A ble samlet inn fra 03.02.2025 og B fra "
        "29.10.2014; bytt rekkefølgen (lmsanalyse sammenlign B A)"
    )
    assert _refused(a, a, tmp_path) == f"A og B er samme kjøring («{a}»); oppgi to ulike bølger"


def test_thresholds_in_the_wrong_order_are_refused(waves, tmp_path):
    a, b = waves
    with pytest.raises(ComparisonError) as exc:
        compare(a, b, tmp_path, {"tjenester": {"fortsatt": 70, "sammenslatt": 75}})
    assert str(exc.value) == (
        "sammenligning.tjenester: sammenslatt (75) kan ikke være høyere enn fortsatt (70)"
    )


# --------------------------------------------------------------------------- two 2024 waves


def test_two_waves_on_the_2024_register_compare_directly(tmp_path):
    definisjon = definition()
    service = {"tjeneste_id": "S1", "tjeneste_navn": "Frisklivssentralen", "organisering": "kommunal",
               "inkludert": "Ja"}  # fmt: skip
    a = finished_run_2024(
        tmp_path / "a",
        [service | {"vertskommune_id": "1103", "deltakere": ["1103"]},
         service | {"tjeneste_id": "S2", "vertskommune_id": "030101", "deltakere": ["030101"]}],
        definisjon, ("2024-01-10", "2024-03-01"), synthetic=False,
    )  # fmt: skip
    b = finished_run_2024(
        tmp_path / "b",
        [service | {"tjeneste_id": "S9", "vertskommune_id": "030105", "deltakere": ["030105"]}],
        definisjon, ("2026-01-10", "2026-03-01"), synthetic=False,
    )  # fmt: skip
    layout = compare(a, b, tmp_path / "ut")
    got = read(layout.table("kommuner")).set_index("kommunenummer_2024")
    assert got["endring"].value_counts().to_dict() == {"uendret": 356, "borte": 1}
    assert got.loc["1103", "endring"] == "borte" and got.loc["0301", "endring"] == "uendret"
    assert set(got["status_a"]) | set(got["status_b"]) == {"dekket", "ikke dekket"}
    services = read(layout.table("tjenester"))
    assert services[["utfall", "tjeneste_id_a", "tjeneste_id_b", "likhet"]].values.tolist() == [
        ["fortsatt", "S2", "S9", "100"],  # Oslo: another bydel, the same name
        ["borte", "S1", "", ""],
    ]
    record = json.loads(layout.provenance.read_text())
    assert record["syntetiske_data"] is False and record["syntetisk_fordi"] == []
    assert [record["bolger"][w]["register"] for w in "AB"] == ["2024", "2024"]
