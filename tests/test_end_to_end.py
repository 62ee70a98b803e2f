"""The whole workflow on a small hand-made raw data set (tests/data/handmade/).

The expected ``kommune_status`` rows and figures were worked out by hand from the raw
files (see tests/data/handmade/README.md), not produced by the pipeline.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
HANDMADE = Path(__file__).resolve().parent / "data" / "handmade"
RAW_FILES = ("radmann_skjema.csv", "ringerunde_logg.csv", "telefonintervju.csv")
# Personal values that are in the raw files and must never reach an output.
PERSONAL = ("Kari Fiktiv", "Per Oppdiktet", "Berit Oppspinn", "eksempel.invalid", "+47 000")


def _snapshot(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file below ``folder``."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Run:
    raw: Path
    out: Path
    raw_before: dict[str, str]
    started: float

    @property
    def processed(self) -> Path:
        return self.out / "data" / "processed"


@pytest.fixture(scope="module")
def handmade_run(tmp_path_factory) -> Run:
    """The workflow up to the published main tables (no report), on a copy of the raw files."""
    from lmsanalyse.cli import run_workflow

    base = tmp_path_factory.mktemp("handmade")
    raw = base / "raw"
    shutil.copytree(HANDMADE / "raw", raw)
    run = Run(raw, base / "out", _snapshot(raw), time.time())
    assert run_workflow(raw_dir=raw, out_dir=run.out, cores=2, targets=["publish_main"])
    return run


def _expected_kommune_status() -> pd.DataFrame:
    return pd.read_csv(
        HANDMADE / "expected" / "kommune_status.csv", dtype=str, keep_default_na=False
    ).set_index("kommunenummer")


def _kommune_status(processed: Path) -> pd.DataFrame:
    return pd.read_csv(
        processed / "kommune_status.csv", dtype=str, keep_default_na=False
    ).set_index("kommunenummer")


def _assert_kommune_status(processed: Path) -> None:
    expected = _expected_kommune_status()
    actual = _kommune_status(processed)
    assert len(actual) == 428
    assert actual.loc[expected.index, expected.columns].to_dict("index") == expected.to_dict(
        "index"
    )
    others = actual.drop(index=expected.index)
    assert set(others["status_kode"]) == {"ikke_besvart"}
    assert set(others["dekket"]) == {"Nei"}
    assert set(others["tjeneste_ider"]) == {""}
    assert set(others["kilde"]) == {"ingen"}
    assert set(others["arsak"]) == {"Svarte ikke på spørreskjemaet og ble ikke ringt"}
    assert set(others["konflikt"]) == {""}


def _assert_figures(processed: Path) -> None:
    expected = pd.read_csv(HANDMADE / "expected" / "figures.csv", dtype={"figur": str}).set_index(
        "figur"
    )
    actual = pd.read_csv(processed / "figures.csv", dtype={"figur": str}).set_index("figur")
    assert not actual.index.duplicated().any()
    missing = sorted(set(expected.index) - set(actual.index))
    assert missing == []
    got = actual.loc[expected.index, ["verdi", "nevner"]].astype("Int64")
    want = expected[["verdi", "nevner"]].astype("Int64")
    mismatches = {
        figur: (tuple(got.loc[figur]), tuple(want.loc[figur]))
        for figur in expected.index
        if not got.loc[figur].equals(want.loc[figur])
    }
    assert mismatches == {}


@pytest.mark.slow
def test_kommune_status_matches_hand_worked_expectation(handmade_run):
    _assert_kommune_status(handmade_run.processed)


@pytest.mark.slow
def test_figures_match_hand_worked_expectation(handmade_run):
    _assert_figures(handmade_run.processed)
    published = pd.read_csv(REPO / "data" / "reference" / "published_figures_2015.csv")
    figures = pd.read_csv(handmade_run.processed / "figures.csv", dtype={"figur": str})
    assert set(published["figur"]) <= set(figures["figur"])


@pytest.mark.slow
def test_service_decisions(handmade_run):
    status = pd.read_csv(
        handmade_run.processed / "tjeneste_status.csv", dtype=str, keep_default_na=False
    ).set_index("tjeneste_id")
    assert status["inkludert"].to_dict() == {
        "HM01": "Ja",
        "HM02": "Ja",
        "HM03": "Ja",
        "HM04": "Ja",
        "HM05": "Nei",
        "HM06": "Ja",
    }
    assert status["kategori"].to_dict() == {
        "HM01": "friskliv",
        "HM02": "friskliv",
        "HM03": "eget_senter",
        "HM04": "koordinator",
        "HM05": "friskliv",
        "HM06": "mange_ars_erfaring",
    }
    assert status.loc["HM05", "feilede_regler"] == "I2_brukermedvirkning"
    assert status.loc["HM05", "arsak"] == (
        "I2_brukermedvirkning: ikke sidestilt brukermedvirkning (Ja) i alle aktuelle faser "
        "(evaluering = Delvis)"
    )
    assert status.loc["HM04", "deltakere"] == "1841;1840;1845"


@pytest.mark.slow
def test_row_accounting_and_quarantine(handmade_run):
    accounting = pd.read_csv(handmade_run.processed / "row_accounting.csv").set_index("kilde")
    assert accounting.loc["radmann_skjema", "skilletegn"] == ","
    assert accounting.loc["ringerunde_logg", "skilletegn"] == ";"
    assert accounting.loc["telefonintervju", "format"] == "utf-8-sig"
    # The blank line between HS07 and HS08 is no data: counted beside the rows, not in them.
    rows = accounting.loc["radmann_skjema"]
    assert (rows["rader_inn"], rows["tomme_rader"]) == (10, 1)
    assert rows["rader_inn"] == rows["brukt"] + rows["slatt_sammen"] + rows["karantene"]
    quarantine = pd.read_csv(handmade_run.processed / "quarantine.csv")
    assert quarantine[["fil", "rad", "kolonne", "niva"]].values.tolist() == [
        ["radmann_skjema.csv", 12, "enhet", "rad"]
    ]


@pytest.mark.slow
def test_no_personal_data_in_outputs(handmade_run):
    for path in handmade_run.processed.rglob("*"):
        if path.suffix in (".csv", ".json"):
            text = path.read_text(encoding="utf-8")
            found = [p for p in PERSONAL if p in text]
            assert found == [], path


@pytest.mark.slow
def test_run_writes_nothing_outside_out_dir(handmade_run):
    # The raw folder is unchanged: no new, removed or altered files.
    assert _snapshot(handmade_run.raw) == handmade_run.raw_before
    assert _snapshot(HANDMADE / "raw") == handmade_run.raw_before
    # Bookkeeping and logs went under the out dir.
    assert (handmade_run.out / ".snakemake").is_dir()
    assert (handmade_run.out / "logs" / "clean.log").is_file()
    # Nothing from this run reached the repository's own outputs (other runs may write there).
    for folder in (REPO / "data" / "processed", REPO / "reports"):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.csv"):
            if path.stat().st_mtime >= handmade_run.started:
                assert "HM04" not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_cli_run_whole_workflow(handmade_run):
    """``lmsanalyse run`` builds everything, the report included, and returns 0.

    It reuses the fixture's out dir, so Snakemake only adds what ``publish_main`` left out.
    """
    from lmsanalyse.cli import main

    rc = main(
        ["run", "--raw-dir", str(handmade_run.raw), "--out", str(handmade_run.out), "--cores", "2"]
    )
    reports = handmade_run.out / "reports"
    assert (reports / "lms_kartlegging.html").stat().st_size > 0
    assert (reports / "lms_kartlegging.pdf").read_bytes().startswith(b"%PDF")
    _assert_kommune_status(handmade_run.processed)
    _assert_figures(handmade_run.processed)
    assert _snapshot(handmade_run.raw) == handmade_run.raw_before
    assert rc == 0
