"""Shared fixtures. Tests that need the whole pipeline share one run per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REF_DIR = REPO / "data" / "reference"
RAW_DIR = REPO / "data" / "raw"
ALIASES = REPO / "config" / "header_aliases.yaml"
DEFINITIONS = REPO / "config" / "definitions"

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
def bundled_clean(tmp_path_factory) -> Path:
    """The clean stage run once on the bundled synthetic data; returns data/processed."""
    from lmsanalyse.clean import run_clean

    out = tmp_path_factory.mktemp("bundled") / "data" / "processed"
    run_clean(RAW_DIR, REF_DIR, out, ALIASES, 88, 4)
    return out


@pytest.fixture(scope="session")
def bundled_include(bundled_clean) -> Path:
    """The main definition applied to the bundled clean data; returns its output folder."""
    from lmsanalyse.include import run_include
    from lmsanalyse.reconcile import run_reconcile

    out = bundled_clean / "definisjoner" / "nklmh_2015"
    run_include(bundled_clean, DEFINITIONS / "nklmh_2015.yaml", out)
    run_reconcile(
        out / "figures.csv",
        REF_DIR,
        REPO / "config" / "reconciliation.yaml",
        out / "reconciliation.csv",
    )
    return out


def copy_raw(target: Path) -> Path:
    """A writable copy of the bundled raw data."""
    shutil.copytree(RAW_DIR, target)
    return target


@pytest.fixture(scope="session")
def decisions_run(tmp_path_factory) -> Path:
    """The workflow on the bundled data up to the decision tables (no report): an out dir."""
    from lmsanalyse.cli import run_workflow

    out = tmp_path_factory.mktemp("decisions_run")
    run_workflow(
        raw_dir=RAW_DIR, out_dir=out, targets=["publish_main", "provenance", "sensitivity"]
    )
    return out
