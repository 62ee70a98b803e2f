"""The whole workflow on the bundled data: what the fast tier stands in for, checked.

The fast tier builds runs with the stage functions (``helpers.build_run``); these tests run
Snakemake once (the session's ``workflow_run``) and check that it writes exactly those files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_the_stage_functions_write_what_the_workflow_writes(workflow_run, bundled_run):
    workflow = _files(Path(workflow_run) / "data" / "processed")
    stages = _files(Path(bundled_run) / "data" / "processed")
    assert sorted(workflow) == sorted(stages)
    # provenance.json records the git state; every other file is byte-identical.
    different = [name for name in workflow if workflow[name] != stages[name]]
    assert different in ([], ["provenance.json"])


def test_every_output_of_the_layout_is_written(workflow_run):
    from lmsanalyse.layout import RunLayout

    run = RunLayout(Path(workflow_run))
    expected = [*run.clean_outputs().values(), *run.main_published(), *run.report_files()]
    expected += [run.provenance, run.sensitivity, run.sensitivity_changes, run.guard_record]
    assert [str(p) for p in expected if not p.exists()] == []


def test_the_guard_found_nothing(workflow_run):
    record = (Path(workflow_run) / "logs" / "personvernsjekk.txt").read_text(encoding="utf-8")
    assert record.startswith("OK: ")
