"""The personal-data guard and the synthetic-data marker for data/raw/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lmsanalyse.guard import (
    PersonalDataFound,
    check_outputs,
    has_synthetic_marker,
    main,
    personal_values,
    scan_outputs,
)
from lmsanalyse.ingest.sources import find_raw_files

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
ALIASES = REPO / "config" / "header_aliases.yaml"


@pytest.fixture(scope="module")
def values() -> set[str]:
    return personal_values(find_raw_files(RAW), ALIASES)


class TestPersonalValues:
    def test_collects_names_phones_emails_and_free_text(self, values):
        assert len(values) > 1000
        assert any(v.endswith("@kommune-eksempel.invalid") for v in values)
        assert any(v.startswith("+47 000 ") for v in values)
        assert any("Fiktivsen" in v for v in values)


class TestScan:
    def test_bundled_run_is_clean(self, bundled_run, values):
        folders = [bundled_run / "data" / "processed"]
        assert scan_outputs(values, folders) == []

    @pytest.mark.parametrize(
        ("suffix", "writer"),
        [
            (".csv", lambda p, v: p.write_text(f"figur,verdi\nx,{v}\n", encoding="utf-8")),
            (".html", lambda p, v: p.write_text(f"<p>Kontakt: {v}</p>", encoding="utf-8")),
        ],
    )
    def test_a_planted_value_fails_naming_the_file(self, tmp_path, values, suffix, writer):
        planted = sorted(v for v in values if "Fiktivsen" in v)[0]
        target = tmp_path / f"utdata{suffix}"
        writer(target, planted)
        with pytest.raises(PersonalDataFound) as info:
            check_outputs(find_raw_files(RAW), ALIASES, [tmp_path])
        assert f"{target}: inneholder en personopplysning fra rådataene" in str(info.value)

    def test_a_planted_value_in_parquet(self, tmp_path, values):
        import pandas as pd

        planted = sorted(v for v in values if v.startswith("+47"))[0]
        pd.DataFrame({"a": ["x", planted]}).to_parquet(tmp_path / "t.parquet")
        findings = scan_outputs(values, [tmp_path])
        assert findings[0].startswith(f"{tmp_path / 't.parquet'}: inneholder en personopplysning")

    def test_any_email_or_phone_pattern(self, tmp_path):
        (tmp_path / "a.txt").write_text("skriv til ola@example.org\n", encoding="utf-8")
        (tmp_path / "b.txt").write_text("ring 912 34 567\n", encoding="utf-8")
        (tmp_path / "c.svg.html").write_text(
            '<svg><path d="M 380 12 345 L 1 2"/></svg>', encoding="utf-8"
        )
        findings = scan_outputs(set(), [tmp_path])
        assert findings == [
            f"{tmp_path / 'a.txt'}: inneholder en e-postadresse (ola…)",
            f"{tmp_path / 'b.txt'}: inneholder et telefonnummer (912 …)",
        ]

    @pytest.mark.slow
    def test_the_workflow_fails_when_a_value_is_planted(self, tmp_path):
        from snakemake_interface_common.exceptions import WorkflowError

        from lmsanalyse.cli import run_workflow

        raw = tmp_path / "raw"
        shutil.copytree(RAW, raw)
        # A contact person's name typed into the service name column reaches the outputs.
        wb = openpyxl.load_workbook(raw / "telefonintervju.xlsx")
        ws = wb.active
        header = [c.value for c in ws[1]]
        leader = ws.cell(row=2, column=header.index("leder_navn") + 1).value
        ws.cell(row=2, column=header.index("Tjenestens navn") + 1).value = leader
        wb.save(raw / "telefonintervju.xlsx")
        with pytest.raises(WorkflowError):
            run_workflow(raw_dir=raw, out_dir=tmp_path / "out", definitions=["nklmh_2015"])
        log = (tmp_path / "out" / "logs" / "personal_data_guard.log").read_text(encoding="utf-8")
        assert "inneholder en personopplysning fra rådataene" in log
        assert "tjeneste_status.csv" in log
        # The name is found in the PDF's text as well as in the HTML.
        assert "lms_kartlegging.pdf: inneholder en personopplysning" in log
        assert "lms_kartlegging.html: inneholder en personopplysning" in log


class TestSyntheticMarker:
    def test_every_bundled_raw_file_is_marked(self):
        files = sorted(p for p in RAW.iterdir() if p.is_file() and p.name != ".gitkeep")
        assert [p.name for p in files] == [
            "README.md", "radmann_skjema.csv", "ringerunde_logg.csv", "telefonintervju.xlsx",
        ]  # fmt: skip
        assert all(has_synthetic_marker(p) for p in files)

    def test_every_committed_raw_file_is_marked(self):
        tracked = subprocess.run(
            ["git", "ls-files", "data/raw"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.split()
        if not tracked:
            pytest.skip("not a git checkout")
        unmarked = [
            f for f in tracked if f != "data/raw/.gitkeep" and not has_synthetic_marker(REPO / f)
        ]
        assert unmarked == []

    def test_an_unmarked_export_is_refused(self, tmp_path, capsys):
        real = tmp_path / "radmann_skjema.csv"
        real.write_text("svar_id,innsendt,enhet\n1,2014-11-03,Narvik\n", encoding="utf-8")
        book = tmp_path / "telefonintervju.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["tjeneste_id"])
        wb.save(book)
        assert main(["raw-marker", str(real), str(book), str(RAW / "ringerunde_logg.csv")]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err == [
            f"{real}: mangler merket «SYNTETISKE DATA». Ekte rådata skal aldri i depotet; hold dem utenfor og bruk --raw-dir.",
            f"{book}: mangler merket «SYNTETISKE DATA». Ekte rådata skal aldri i depotet; hold dem utenfor og bruk --raw-dir.",
        ]

    def test_pre_commit_runs_the_marker_check_on_data_raw(self):
        import yaml

        config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
        hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
        assert hooks["raw-data-is-synthetic"]["entry"] == "python -m lmsanalyse.guard raw-marker"
        assert hooks["raw-data-is-synthetic"]["files"] == "^data/(raw|examples)/"
        assert "check-added-large-files" in hooks and "detect-secrets" in hooks

    def test_module_entry_point(self):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "lmsanalyse.guard",
                "raw-marker",
                str(RAW / "radmann_skjema.csv"),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
