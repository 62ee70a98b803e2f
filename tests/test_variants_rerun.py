"""Definitions run as a wildcard: changing one variant's YAML re-runs only that variant."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def planned_jobs(out: Path, defs: Path) -> list[str]:
    """Dry run: 'rule (wildcards)' for every job Snakemake would run now."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "-n",
            "--config",
            f"out_dir={out}",
            f"definitions_dir={defs}",
            "--",
            "sensitivity",
        ]
        + [
            f"{out}/data/processed/definisjoner/{d.stem}/reconciliation.csv"
            for d in sorted(defs.glob("*.yaml"))
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    jobs, rule = [], None
    for line in result.stdout.splitlines():
        if m := re.match(r"^(?:local)?rule (\w+):", line):
            rule = m.group(1)
            jobs.append(rule)
        elif rule and (m := re.match(r"^\s+wildcards: definition=(\w+)", line)):
            jobs[-1] = f"{rule}({m.group(1)})"
    return sorted(jobs)


def test_changing_one_variant_reruns_only_its_rules(tmp_path):
    from lmsanalyse.cli import run_workflow

    defs = tmp_path / "definitions"
    shutil.copytree(REPO / "config" / "definitions", defs)
    out = tmp_path / "run"
    names = sorted(p.stem for p in defs.glob("*.yaml"))
    run_workflow(
        raw_dir=REPO / "data" / "raw",
        out_dir=out,
        definitions=names,
        targets=["sensitivity"]
        + [f"{out}/data/processed/definisjoner/{n}/reconciliation.csv" for n in names],
        extra_config={"definitions_dir": str(defs)},
    )
    assert planned_jobs(out, defs) == []

    variant = defs / "delvis_teller.yaml"
    variant.write_text(variant.read_text(encoding="utf-8") + "\n# endret\n", encoding="utf-8")
    later = os.stat(variant).st_mtime + 5
    os.utime(variant, (later, later))

    assert planned_jobs(out, defs) == [
        "include(delvis_teller)",
        "reconcile(delvis_teller)",
        "sensitivity",
    ]
