"""Population coverage: the contract's figure (all of Oslo when one bydel is covered) and the
coverage with Oslo counted by bydel (data/reference/folkemengde_oslo_2015.csv)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from lmsanalyse.reference import ReferenceError, load_folkemengde_oslo
from test_rules import MAIN_DEFINITION, REF_DIR, figure, include, service, write_processed

OSLO = 647_676
GAMLE_OSLO, GRUNERLOKKA = 49_854, 54_701
HALDEN = 30_328


def test_reference_parts_sum_to_oslo():
    parts = load_folkemengde_oslo(REF_DIR)
    assert int(parts["folkemengde_2015"].sum()) == OSLO
    bydeler = parts.loc[parts["bydel"] == "Ja"]
    assert len(bydeler) == 15
    assert int(bydeler["folkemengde_2015"].sum()) == 639_839
    # Sentrum, Marka and the unknown bydel: 7 837 inhabitants in no bydel.
    assert parts.loc[parts["bydel"] == "Nei", "delnavn"].tolist() == [
        "Sentrum",
        "Marka",
        "Uoppgitt bydel",
    ]


def test_reference_with_a_wrong_sum_is_refused(tmp_path):
    ref = tmp_path / "ref"
    shutil.copytree(REF_DIR, ref)
    path = ref / "folkemengde_oslo_2015.csv"
    df = pd.read_csv(path, dtype=str)
    df.loc[0, "folkemengde_2015"] = "1"
    df.to_csv(path, index=False)
    with pytest.raises(ReferenceError, match="summerer til 597823, ikke Oslos 647676"):
        load_folkemengde_oslo(ref)


def coverage(tmp_path, services, manual=None):
    processed = write_processed(tmp_path / "processed", services=services)
    tables = include(processed, MAIN_DEFINITION, manual)
    return {
        f: figure(tables, f)
        for f in (
            "befolkning_dekket",
            "befolkning_dekket_bydelsvis",
            "oslo_befolkning_dekket",
            "oslo_befolkning_dekket_bydelsvis",
        )
    }


def test_one_bydel_covers_all_of_oslo_in_the_contract_but_only_itself_by_bydel(tmp_path):
    got = coverage(tmp_path, [service("T1", "030101"), service("T2", "0101")])
    assert got["oslo_befolkning_dekket"] == (OSLO, OSLO)
    assert got["oslo_befolkning_dekket_bydelsvis"] == (GAMLE_OSLO, OSLO)
    assert got["befolkning_dekket"] == (OSLO + HALDEN, 5_165_802)
    assert got["befolkning_dekket_bydelsvis"] == (GAMLE_OSLO + HALDEN, 5_165_802)


def test_two_bydeler_of_an_interkommunal_service(tmp_path):
    t = service("T1", "030101", organisering="interkommunal", deltakerkommuner=["030101", "030102"])
    got = coverage(tmp_path, [t])
    assert got["oslo_befolkning_dekket_bydelsvis"] == (GAMLE_OSLO + GRUNERLOKKA, OSLO)


def test_oslo_as_a_whole_covers_every_part(tmp_path):
    t = service("T1", "0101", organisering="interkommunal", deltakerkommuner=["0101", "0301"])
    got = coverage(tmp_path, [t])
    assert got["oslo_befolkning_dekket_bydelsvis"] == (OSLO, OSLO)
    assert got["befolkning_dekket_bydelsvis"] == got["befolkning_dekket"]


def test_an_excluded_service_covers_nothing(tmp_path):
    got = coverage(tmp_path, [service("T1", "030101", bm_evaluering="Nei")])
    assert got["oslo_befolkning_dekket"] == (0, OSLO)
    assert got["oslo_befolkning_dekket_bydelsvis"] == (0, OSLO)


def test_a_manual_decision_on_oslo_counts_all_of_oslo(tmp_path):
    decisions = tmp_path / "beslutninger.csv"
    decisions.write_text(
        "objekt,beslutning,begrunnelse,besluttet_av,dato\n"
        "0301,inkluder,Bekreftet skriftlig,ABC,2015-02-01\n",
        encoding="utf-8",
    )
    got = coverage(tmp_path, [], decisions)
    assert got["oslo_befolkning_dekket_bydelsvis"] == (OSLO, OSLO)


def test_bundled_population_both_ways(bundled_include):
    figures = pd.read_csv(bundled_include / "figures.csv").set_index("figur")
    assert figures.loc["befolkning_dekket", "verdi"] == 1_486_068
    assert figures.loc["befolkning_dekket_bydelsvis", "verdi"] == 887_162
    # One bydel (Alna, 48 770) has a service.
    assert figures.loc["oslo_befolkning_dekket_bydelsvis", "verdi"] == 48_770
    assert figures.loc["oslo_befolkning_dekket", "verdi"] == OSLO
