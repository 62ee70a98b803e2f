"""Two full runs from scratch give byte-identical data/processed/ and reports/."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import digests
from lmsanalyse.cli import run_workflow

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_two_runs_from_scratch_are_byte_identical(workflow_run, tmp_path):
    # The session's run is the first; conftest fixes SOURCE_DATE_EPOCH for both.
    first, second = workflow_run, tmp_path / "b"
    run_workflow(raw_dir=REPO / "data" / "raw", out_dir=second)
    a, b = digests(first), digests(second)
    assert "reports/lms_kartlegging.pdf" in a and "data/processed/figures.csv" in a
    assert "reports/lms_kartlegging_vedlegg.pdf" in a
    assert a.keys() == b.keys()
    different = sorted(name for name in a if a[name] != b[name])
    assert different == []
    # SVG figures carry neither a creation date nor random ids.
    html = (first / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")
    assert "<dc:date>" not in html
    # The guard ran and passed as the last step.
    assert (first / "logs" / "personvernsjekk.txt").read_text(encoding="utf-8").startswith("OK: ")
