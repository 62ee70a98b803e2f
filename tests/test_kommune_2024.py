"""Today's map: ``kommune_2024_status.csv`` against the 2014 → 2024 change list, kommune by
kommune (splits included), its figures, and the 2024 register's checks."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import REF_DIR
from lmsanalyse.reference import (
    ReferenceError,
    load_kommuneendringer_2024,
    load_kommuner_2024,
)

COLUMNS = [
    "kommunenummer_2024",
    "kommunenavn_2024",
    "fylkesnummer_2024",
    "fylkesnavn_2024",
    "status_2024",
    "deler_2014",
    "dekkede_deler_2014",
    "kommuner_2014",
    "merknad",
]


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def status_2024(bundled_include) -> pd.DataFrame:
    return read(bundled_include / "kommune_2024_status.csv")


@pytest.fixture(scope="module")
def expected(bundled_include) -> pd.DataFrame:
    """Each 2024 kommune computed here from the reference change list and the 2014 statuses."""
    changes = read(REF_DIR / "kommuneendringer_2014_2024.csv")
    register = read(REF_DIR / "kommuner_2024.csv").set_index("kommunenummer")
    covered = read(bundled_include / "kommune_status.csv").set_index("kommunenummer")["dekket"]
    names_2014 = changes.drop_duplicates("kommunenummer_2014").set_index("kommunenummer_2014")
    rows = []
    for nr, group in changes.sort_values("kommunenummer_2014").groupby("kommunenummer_2024"):
        parts = list(group["kommunenummer_2014"])
        dekket = [covered[p] == "Ja" for p in parts]
        status = "dekket" if all(dekket) else "delvis dekket" if any(dekket) else "ikke dekket"
        text = "; ".join(
            f"{p} {names_2014.loc[p, 'kommunenavn_2014']}" + (" (dekket)" if d else "")
            for p, d in zip(parts, dekket, strict=True)
        )
        split = [p for p, e in zip(parts, group["endring"], strict=True) if e == "delt"]
        rows.append(
            {
                "kommunenummer_2024": nr,
                "kommunenavn_2024": register.loc[nr, "kommunenavn"],
                "fylkesnummer_2024": register.loc[nr, "fylkesnummer"],
                "fylkesnavn_2024": register.loc[nr, "fylkesnavn"],
                "status_2024": status,
                "deler_2014": str(len(parts)),
                "dekkede_deler_2014": str(sum(dekket)),
                "kommuner_2014": text,
                "split": ";".join(split),
            }
        )
    return pd.DataFrame(rows)


def test_columns_are_the_contracts_and_one_row_per_2024_kommune(status_2024):
    assert list(status_2024.columns) == COLUMNS
    assert len(status_2024) == 357
    assert status_2024["kommunenummer_2024"].is_unique
    assert status_2024["fylkesnummer_2024"].nunique() == 15
    assert set(status_2024["status_2024"]) <= {"dekket", "delvis dekket", "ikke dekket"}


def test_every_kommune_matches_the_change_list(status_2024, expected):
    got = status_2024.drop(columns="merknad").reset_index(drop=True)
    want = expected.drop(columns="split").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_split_kommuner_are_a_part_of_each_kommune_they_became(status_2024, expected):
    merged = status_2024.merge(expected[["kommunenummer_2024", "split"]], on="kommunenummer_2024")
    with_split = merged[merged["split"] != ""]
    # Snillfjord went to Heim, Hitra and Orkland; Tysfjord to Narvik and Hamarøy.
    assert sorted(with_split["kommunenavn_2024"]) == [
        "Hamarøy",
        "Heim",
        "Hitra",
        "Narvik",
        "Orkland",
    ]
    assert (merged["merknad"] != "").equals(merged["split"] != "")
    heim = merged.set_index("kommunenavn_2024").loc["Heim"]
    assert "1613 Snillfjord" in heim["kommuner_2014"]
    assert heim["merknad"] == (
        "Snillfjord (1613) ble delt mellom Heim, Hitra og Orkland; hele Snillfjord regnes "
        "som én av delene til hver av dem"
    )


def test_haram_is_its_own_kommune_again(status_2024):
    haram = status_2024.set_index("kommunenummer_2024").loc["1580"]
    assert haram["kommunenavn_2024"] == "Haram"
    assert haram["kommuner_2014"].startswith("1534 Haram")
    assert haram["deler_2014"] == "1"


def test_figures_count_the_table(status_2024, bundled_include):
    figures = read(bundled_include / "figures.csv").set_index("figur")
    counts = status_2024["status_2024"].value_counts()
    for status in ("dekket", "delvis dekket", "ikke dekket"):
        row = figures.loc["kommuner_2024_" + status.replace(" ", "_")]
        assert (int(row["verdi"]), int(row["nevner"])) == (int(counts.get(status, 0)), 357)
    for nr, group in status_2024.groupby("fylkesnummer_2024"):
        for status in ("dekket", "delvis dekket", "ikke dekket"):
            row = figures.loc[f"fylke_2024_{nr}_{status.replace(' ', '_')}"]
            assert int(row["verdi"]) == int((group["status_2024"] == status).sum())
            assert int(row["nevner"]) == len(group)
    assert "kommuner_2024" not in figures.index  # a hidden helper count


def test_damaged_2024_register_is_refused(tmp_path):
    ref = tmp_path / "ref"
    shutil.copytree(REF_DIR, ref)
    assert len(load_kommuner_2024(ref)) == 357
    assert len(load_kommuneendringer_2024(ref)) == 431
    lines = (ref / "kommuner_2024.csv").read_text(encoding="utf-8").splitlines()
    (ref / "kommuner_2024.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match="357"):
        load_kommuner_2024(ref)
    shutil.copy(REF_DIR / "kommuner_2024.csv", ref / "kommuner_2024.csv")
    changes = (ref / "kommuneendringer_2014_2024.csv").read_text(encoding="utf-8")
    (ref / "kommuneendringer_2014_2024.csv").write_text(
        changes.replace("1613,Snillfjord,5056,Hitra,delt", "1613,Snillfjord,5056,Hitra,uendret"),
        encoding="utf-8",
    )
    with pytest.raises(ReferenceError, match="delt"):
        load_kommuneendringer_2024(ref)
