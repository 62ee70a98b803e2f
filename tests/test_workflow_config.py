"""The workflow's own checks: Snakemake's linter, and a dry run with the SLURM profile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake"]


def run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(SNAKEMAKE + args, cwd=cwd, capture_output=True, text=True, timeout=300)


class TestLint:
    @pytest.mark.slow
    def test_snakemake_lint_is_clean(self):
        result = run(["--lint"])
        assert result.returncode == 0, result.stdout + result.stderr
        assert (
            "Congratulations, your workflow is in a good condition!"
            in result.stdout + result.stderr
        )


class TestSlurmProfile:
    @pytest.mark.slow
    def test_dry_run_with_the_slurm_profile_plans_every_rule(self, tmp_path):
        pytest.importorskip("snakemake_executor_plugin_slurm")
        result = run(["--profile", "profiles/slurm", "-n", "--config", f"out_dir={tmp_path}"])
        assert result.returncode == 0, result.stdout + result.stderr
        for rule in (
            "clean",
            "include",
            "reconcile",
            "sensitivity",
            "report",
            "personal_data_guard",
        ):
            assert f"rule {rule}:" in result.stdout or f"localrule {rule}:" in result.stdout, rule
        # The dry run must not have written anything.
        assert not any(tmp_path.iterdir())

    def test_profile_gives_every_heavy_rule_resources(self):
        import yaml

        profile = yaml.safe_load((REPO / "profiles" / "slurm" / "config.yaml").read_text())
        assert profile["executor"] == "slurm"
        assert set(profile["set-resources"]) == {
            "clean",
            "include",
            "report",
            "personal_data_guard",
        }
        for resources in profile["set-resources"].values():
            assert resources["mem_mb"] >= 2000 and resources["runtime"] >= 15


class TestConfigValidation:
    @pytest.mark.slow
    def test_an_unknown_config_key_is_refused_before_anything_runs(self, tmp_path):
        result = run(["-n", "--config", f"out_dir={tmp_path}", "no_such_key=1"])
        assert result.returncode != 0
        assert "ukjent nøkkel 'no_such_key'" in result.stdout + result.stderr
