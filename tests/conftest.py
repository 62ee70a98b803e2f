"""Shared fixtures. Tests that need the whole pipeline share one run per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import RAW_DIR, REF_DIR, REPO, build_run, clean_into, include_into

# Reports must be byte-identical between runs; tests run with a fixed epoch.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1432000000")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def ref_dir() -> Path:
    return REF_DIR


@pytest.fixture(scope="session")
def matcher():
    from lmsanalyse.clean.names import KommuneMatcher

    return KommuneMatcher.from_reference(REF_DIR)


@pytest.fixture(scope="session")
def bundled_layout(tmp_path_factory):
    """The clean stage run once on the bundled synthetic data; returns its RunLayout."""
    from lmsanalyse.layout import RunLayout

    layout = RunLayout(tmp_path_factory.mktemp("bundled"))
    clean_into(RAW_DIR, layout)
    return layout


@pytest.fixture(scope="session")
def bundled_clean(bundled_layout) -> Path:
    """data/processed of the bundled clean run."""
    return bundled_layout.processed


@pytest.fixture(scope="session")
def bundled_include(bundled_layout) -> Path:
    """The main definition applied to the bundled clean data; returns its output folder."""
    from lmsanalyse.reconcile import run_reconcile

    include_into(bundled_layout)
    run_reconcile(
        bundled_layout.definition_table("nklmh_2015", "figures"),
        REF_DIR / "published_figures_2015.csv",
        REPO / "config" / "reconciliation.yaml",
        bundled_layout.reconciliation("nklmh_2015"),
        bundled_layout.readings("nklmh_2015"),
    )
    return bundled_layout.definition_dir("nklmh_2015")


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory) -> Path:
    """The bundled data through every stage, by the stage functions, with the report as HTML
    (no Snakemake, no PDF): a run folder for the fast tier's read-only tests."""
    return build_run(tmp_path_factory.mktemp("bundled_run"), html=True).root


@pytest.fixture(scope="session")
def workflow_run(tmp_path_factory) -> Path:
    """One whole workflow run of the bundled data (reports and guard): the slow tier's run
    for every test that only reads outputs."""
    from lmsanalyse.cli import run_workflow

    out = tmp_path_factory.mktemp("workflow_run")
    assert run_workflow(raw_dir=RAW_DIR, out_dir=out)
    return out


@pytest.fixture(scope="session")
def workflow_run_2024(tmp_path_factory) -> Path:
    """``lmsanalyse run --register 2024`` on the hand-made wave (tests/data/bolge2024): a
    real finished run on the 2024 register, for the slow tier's tests that read it."""
    import shutil

    from helpers import BOLGE_2024
    from lmsanalyse.cli import main

    base = tmp_path_factory.mktemp("workflow_run_2024")
    shutil.copytree(BOLGE_2024 / "raw", base / "raw")
    out = base / "out"
    argv = ["run", "--register", "2024", "--raw-dir", str(base / "raw"), "--out", str(out)]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="session")
def waves(bundled_run, tmp_path_factory) -> tuple[Path, Path]:
    """Two finished runs to compare: the bundled 2014/15 run (guarded, as the workflow's last
    step does) and a wave on the 2024 register written by hand from it (tests/bolger.py)."""
    from bolger import copy_run, guard_run, second_wave

    root = tmp_path_factory.mktemp("bolger")
    a = copy_run(bundled_run, root / "a")
    guard_run(a)
    return a, second_wave(a, root / "b")
