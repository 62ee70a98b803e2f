"""Definitions run as a wildcard: changing one variant's YAML re-runs only that variant; in
the whole workflow, only the sensitivity outputs besides (the main report's provenance holds
the main definition's files only); a manual decision re-runs what reads it, never the clean
stage."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def planned_jobs(out: Path, defs: Path, *config: str, whole: bool = False) -> list[str]:
    """Dry run: 'rule (wildcards)' for every job Snakemake would run now: of the sensitivity
    and the reconciliations, or (``whole``) of the whole workflow."""
    targets = ["sensitivity"] + [
        f"{out}/data/processed/definisjoner/{d.stem}/reconciliation.csv"
        for d in sorted(defs.glob("*.yaml"))
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "-n",
            "--config",
            f"out_dir={out}",
            f"definitions_dir={defs}",
            *config,
            *([] if whole else ["--", *targets]),
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


def _guard_searched(out: Path) -> tuple[int, int, int]:
    """(files searched, files in all, files unchanged since the last clean pass) from the
    guard's log of the last run."""
    log = (out / "logs" / "personal_data_guard.log").read_text(encoding="utf-8")
    found = re.findall(r"(\d+) av (\d+) utdatafiler .* (\d+) uendret siden forrige", log)
    return tuple(map(int, found[-1]))


def _edit(path: Path, extra: str) -> None:
    """Append ``extra`` to ``path``, newer than every output but not in the future (a rerun
    after it must write outputs newer than their inputs)."""
    time.sleep(1.1)  # past the file system's time resolution since the last output
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_in_the_whole_workflow_a_variant_edit_leaves_the_main_report_alone(tmp_path):
    from lmsanalyse.cli import run_workflow

    defs, out = tmp_path / "definitions", tmp_path / "run"
    shutil.copytree(REPO / "config" / "definitions", defs)
    decisions = tmp_path / "beslutninger.csv"
    shutil.copy(REPO / "config" / "manuelle_beslutninger.csv", decisions)
    config = {"definitions_dir": str(defs), "manual_decisions": str(decisions)}
    run_workflow(raw_dir=REPO / "data" / "raw", out_dir=out, extra_config=config)
    args = [f"{k}={v}" for k, v in config.items()][1:]
    assert planned_jobs(out, defs, *args, whole=True) == []
    main_pdf = (out / "reports" / "lms_kartlegging.pdf").read_bytes()

    _edit(defs / "uten_erfaringsunntak.yaml", "\n# endret\n")
    assert planned_jobs(out, defs, *args, whole=True) == [
        "all",
        "datapackage",  # describes the sensitivity tables
        "include(uten_erfaringsunntak)",
        "personal_data_guard",  # reads every output
        "reconcile(uten_erfaringsunntak)",
        "sensitivity",
        "sensitivity_report",
    ]
    run_workflow(raw_dir=REPO / "data" / "raw", out_dir=out, extra_config=config)
    assert (out / "reports" / "lms_kartlegging.pdf").read_bytes() == main_pdf
    # The guard searched again only the files the rerun changed (guard/cache.py).
    searched = _guard_searched(out)
    assert searched[0] < searched[1] and searched[0] + searched[2] == searched[1]
    record = (out / "data/processed/definisjoner/uten_erfaringsunntak/definisjon.json").read_text(
        encoding="utf-8"
    )
    assert '"fil": "uten_erfaringsunntak.yaml"' in record and '"fil": "nklmh_2015.yaml"' in record
    assert "uten_erfaringsunntak.yaml" not in (out / "data/processed/provenance.json").read_text(
        encoding="utf-8"
    )

    # Narvik's service included by hand: every definition reads the decisions; clean does not.
    _edit(decisions, '1805,inkluder,"Bekreftet skriftlig",ABC,01.02.2015\n')
    planned = planned_jobs(out, defs, *args, whole=True)
    names = sorted(p.stem for p in defs.glob("*.yaml"))
    assert "clean" not in planned
    assert {f"include({n})" for n in names} | {"provenance", "report", "report_appendix"} <= set(
        planned
    )


def test_a_value_planted_in_a_variant_is_found_after_a_variant_only_rerun(tmp_path):
    """The guard of a rerun skips the unchanged outputs, never a changed one: a raw contact
    person's name put into one variant's description reaches that variant's definisjon.json
    and the sensitivity report, and fails the rerun."""
    from snakemake_interface_common.exceptions import WorkflowError

    from lmsanalyse.cli import run_workflow

    defs, out = tmp_path / "definitions", tmp_path / "run"
    shutil.copytree(REPO / "config" / "definitions", defs)
    config = {"definitions_dir": str(defs)}
    run_workflow(raw_dir=REPO / "data" / "raw", out_dir=out, extra_config=config)
    assert _guard_searched(out)[2] == 0  # the first pass searched everything

    # Kari Testdal is the contact person of radmann_skjema.csv's row 7 (synthetic data).
    variant = defs / "delvis_teller.yaml"
    text = variant.read_text(encoding="utf-8").replace("(I2).", "(I2). Opplyst av Kari Testdal.")
    time.sleep(1.1)  # past the file system's time resolution since the last output
    variant.write_text(text, encoding="utf-8")
    with pytest.raises(WorkflowError):
        run_workflow(raw_dir=REPO / "data" / "raw", out_dir=out, extra_config=config)
    log = (out / "logs" / "personal_data_guard.log").read_text(encoding="utf-8")
    found = [line.strip() for line in log.splitlines() if "inneholder" in line]
    record = out / "data/processed/definisjoner/delvis_teller/definisjon.json"
    assert any(
        f.startswith(str(record)) and "radmann_skjema.csv rad 7, kolonne kontaktperson" in f
        for f in found
    ), found
    assert not record.exists() and (out / "reports" / "lms_kartlegging.pdf").exists()
    assert not (out / "logs" / "personvernsjekk.txt").exists()
    assert "Testdal" not in log
