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


MATCHING = {"fuzzy_threshold": 88, "fuzzy_margin": 4}


def clean_into(raw_dir: Path, layout, aliases: Path | None = ALIASES, matching=None):
    """Run the clean stage on a raw folder into a run layout; returns the row accounting."""
    from lmsanalyse.clean.stage import run_clean
    from lmsanalyse.ingest.sources import find_raw_files

    return run_clean(
        find_raw_files(raw_dir), REF_DIR, aliases, matching or MATCHING, layout.clean_outputs()
    )


def include_into(layout, definition: str | Path = "nklmh_2015", manual_decisions=None):
    """Apply a definition (a name in config/definitions or a file) to a layout's clean data."""
    from lmsanalyse.include.stage import run_include

    path = (
        Path(definition)
        if str(definition).endswith(".yaml")
        else DEFINITIONS / f"{definition}.yaml"
    )
    return run_include(
        layout.clean_outputs(),
        path,
        manual_decisions,
        layout.definition_outputs(path.stem),
    )


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
    )
    return bundled_layout.definition_dir("nklmh_2015")


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
