"""A real cluster run: the bundled workflow through the SLURM executor plugin with the
project's profile (profiles/slurm) on a one-node SLURM that the test starts and stops itself
(tests/slurmcluster.py), giving the same outputs, byte for byte, as the local run.

Skipped, with its reason, where SLURM cannot be fetched from Debian or started (no apt-get,
no network, not root, a node smaller than the profile asks for). `.ci/run` fetches the
packages before the tests. The SLURM commands are on PATH only for the processes this test
starts: with a SLURM client on PATH and no controller, every `snakemake` call would wait
≈ 10 s in the plugin's `scontrol show config` probe.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers import RAW_DIR, REPO, digests
from slurmcluster import OneNodeCluster, SlurmUnavailable, check_root, unpack

PROFILE = REPO / "profiles" / "slurm"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def profile() -> dict:
    return yaml.safe_load((PROFILE / "config.yaml").read_text(encoding="utf-8"))


def largest_request(settings: dict, resource: str) -> int:
    """The most of ``resource`` any rule asks for in the profile."""
    values = [settings["default-resources"][resource]]
    values += [r[resource] for r in settings.get("set-resources", {}).values() if resource in r]
    return max(values)


@pytest.fixture
def cluster():
    settings = profile()
    running = None
    try:
        check_root()
        running = OneNodeCluster(
            unpack(), partition=settings["default-resources"]["slurm_partition"]
        )
        running.start()
    except BaseException as error:
        if running is not None:
            running.stop()
        if isinstance(error, SlurmUnavailable):
            pytest.skip(str(error))
        raise
    cpus, mem_mb = largest_request(settings, "cpus_per_task"), largest_request(settings, "mem_mb")
    if running.cpus < cpus or running.memory_mb < mem_mb:
        running.stop()
        pytest.skip(
            f"noden har {running.cpus} CPU-er og {running.memory_mb} MB; "
            f"profilen ber om {cpus} CPU-er og {mem_mb} MB"
        )
    yield running
    running.stop()


@pytest.mark.slow
def test_the_workflow_on_slurm_gives_the_local_run_s_bytes(workflow_run, cluster, tmp_path):
    out = tmp_path / "slurm"
    env = cluster.env()
    # The SLURM commands are on this run's PATH only, never on the test session's.
    assert str(cluster.bin) in env["PATH"] and str(cluster.bin) not in os.environ["PATH"]
    # As the local run (conftest): the report's date from a fixed epoch.
    env["SOURCE_DATE_EPOCH"] = os.environ["SOURCE_DATE_EPOCH"]
    command = [
        SNAKEMAKE,
        "--profile",
        PROFILE,
        "--snakefile",
        REPO / "Snakefile",
        "--directory",
        out,
        "--config",
        f"raw_dir={RAW_DIR}",
        f"out_dir={out}",
        # No accounting database on the test cluster: job states from squeue, first asked
        # for after 2 s (a real cluster keeps the plugin's defaults).
        "--slurm-status-command",
        "squeue",
        "--slurm-init-seconds-before-status-checks",
        "2",
    ]
    done = subprocess.run(
        [str(part) for part in command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]

    # Every rule but the light local ones (Snakefile `localrules`) was one SLURM job, and
    # each completed on the profile's partition with its account.
    jobs = cluster.jobs()
    defaults = profile()["default-resources"]
    assert {(j["state"], j["partition"], j["account"]) for j in jobs} == {
        ("COMPLETED", defaults["slurm_partition"], defaults["slurm_account"])
    }
    rules = Counter(j["comment"].removeprefix("rule_").split("_wildcards_")[0] for j in jobs)
    definitions = len(yaml.safe_load((REPO / "config" / "config.yaml").read_text())["definitions"])
    assert rules == {
        "clean": 1,
        "include": definitions,
        "reconcile": definitions,
        "sensitivity": 1,
        "sensitivity_report": 1,
        "report": 1,
        "report_appendix": 1,
        "personal_data_guard": 1,
    }

    # Every output file, byte for byte: data/processed, the reports, the figure files.
    local, on_slurm = digests(workflow_run), digests(out)
    for name in (
        "data/processed/figures.csv",
        "data/processed/datapackage.json",
        "reports/lms_kartlegging.pdf",
        "reports/lms_kartlegging_vedlegg.pdf",
        "reports/sensitivitet.pdf",
        "reports/figurer/figur_02_kart.png",
    ):
        assert name in local
    assert on_slurm.keys() == local.keys()
    assert sorted(name for name in local if on_slurm[name] != local[name]) == []
    guard = "logs/personvernsjekk.txt"
    assert (out / guard).read_bytes() == (workflow_run / guard).read_bytes()

    # Stopping leaves no daemon, job step or job of this cluster running (the daemons are
    # found by the cluster's marker while they run).
    assert {daemon.pid for daemon in cluster.daemons.values()} <= set(cluster.leftovers())
    cluster.stop()
    assert cluster.leftovers() == []


def test_no_apt_get_is_a_reason_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SlurmUnavailable) as reason:
        unpack(tmp_path / "cache")
    assert str(reason.value) == "apt-get finnes ikke: SLURM kan ikke hentes fra Debian her"
    assert not (tmp_path / "cache").exists()
