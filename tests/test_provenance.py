"""Provenance: run time, config hash and the record written for every run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from lmsanalyse.config import load_config
from lmsanalyse.outputs import sha256_file
from lmsanalyse.provenance import (
    RUN_CLOCK,
    config_hash,
    data_period,
    git_commit,
    run_timestamp,
    write_provenance,
)


def _dated(tmp_path: Path, name: str, column: str, values: list) -> Path:
    path = tmp_path / f"{name}.parquet"
    pd.DataFrame({column: pd.to_datetime(values)}).to_parquet(path)
    return path


class TestRunTimestamp:
    def test_source_date_epoch_wins(self, monkeypatch):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
        stamp, source = run_timestamp(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
        assert (stamp, source) == (dt.datetime(2015, 5, 19, 1, 46, 40), "SOURCE_DATE_EPOCH")

    def test_else_the_real_clock_in_utc(self, monkeypatch):
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        now = dt.datetime(2026, 12, 1, 10, 0, 7, 123456, tzinfo=dt.UTC)
        assert run_timestamp(now) == (dt.datetime(2026, 12, 1, 10, 0, 7), RUN_CLOCK)
        stamp, _ = run_timestamp()
        assert abs(stamp - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds() < 60


class TestDataPeriod:
    def test_first_and_last_date_of_the_three_sources(self, tmp_path):
        tables = [
            # Every submission, a superseded one too (radmann_svar has only the latest).
            _dated(
                tmp_path,
                "radmann_innsendinger",
                "innsendt",
                ["2014-11-03 10:00", "2014-12-01 09:30"],
            ),
            _dated(tmp_path, "radmann_svar", "innsendt", ["2014-10-01 10:00"]),
            _dated(tmp_path, "ringerunde", "dato", ["2015-01-25", None]),
            _dated(tmp_path, "telefonintervju", "intervjudato", ["2015-01-20"]),
            # A table whose dates do not count (not one of the three sources).
            _dated(tmp_path, "enheter", "dato", ["2030-01-01"]),
        ]
        assert data_period(tables) == {"fra": "2014-11-03", "til": "2015-01-25"}

    def test_no_dates_at_all(self, tmp_path):
        assert data_period([tmp_path / "radmann_svar.parquet"]) is None


class TestConfigHash:
    def test_changes_with_a_setting_or_a_file_byte_not_with_a_path(self, tmp_path):
        a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
        a.write_text("x: 1\n", encoding="utf-8")
        b.write_text("y: 2\n", encoding="utf-8")
        base = config_hash({"matching": {"fuzzy_threshold": 88}}, [a, b])
        assert base == config_hash({"matching": {"fuzzy_threshold": 88}}, [b, a])
        assert base != config_hash({"matching": {"fuzzy_threshold": 90}}, [a, b])
        b.write_text("y: 3\n", encoding="utf-8")
        assert base != config_hash({"matching": {"fuzzy_threshold": 88}}, [a, b])

    def test_paths_are_not_settings(self):
        config = load_config(None, {"raw_dir": "/et/annet/sted", "out_dir": "/tmp/ut"})
        assert "raw_dir" not in config.settings() and "out_dir" not in config.settings()
        assert config.settings()["matching"] == {"fuzzy_threshold": 88, "fuzzy_margin": 4}


def test_git_commit_of_a_folder_that_is_not_a_repository(tmp_path):
    assert git_commit(tmp_path) == "ukjent (ikke et git-depot)"


def test_record_names_every_input_with_its_hash(monkeypatch, tmp_path, repo):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
    raw = tmp_path / "radmann_skjema.csv"
    raw.write_text("svar_id\n", encoding="utf-8")
    ref = repo / "data" / "reference" / "kommuner_2014.csv"
    config_file = repo / "config" / "config.yaml"
    out = tmp_path / "provenance.json"
    record = write_provenance(out, [raw], [ref], [config_file], [], load_config(), repo)
    assert json.loads(out.read_text(encoding="utf-8")) == record
    assert record["inndata"] == [
        {
            "fil": "radmann_skjema.csv",
            "rolle": "rådata",
            "sha256": sha256_file(raw),
            "syntetisk": False,
        },
        {"fil": "kommuner_2014.csv", "rolle": "referanse", "sha256": sha256_file(ref)},
        {
            "fil": "config/manuelle_beslutninger.csv",
            "rolle": "manuelle beslutninger",
            "sha256": sha256_file(repo / "config" / "manuelle_beslutninger.csv"),
        },
    ]
    assert record["konfigurasjonsfiler"] == [
        {"fil": "config.yaml", "sha256": sha256_file(config_file)}
    ]
    assert record["kjoretidspunkt"] == "2015-05-19T01:46:40"
    assert record["hoveddefinisjon"] == "nklmh_2015"
    assert record["definisjoner"][0] == "nklmh_2015"
    assert set(record["pakker"]) >= {"duckdb", "pandas", "snakemake", "typst"}
    assert record["syntetiske_data"] is False
    assert record["rapport"]["utgiver"].endswith("(NK LMH)")
    assert record["rapport"]["sprak"] == "nb"


def test_synthetic_marker_in_any_raw_file_marks_the_run(monkeypatch, tmp_path, repo):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
    marked, plain = tmp_path / "ringerunde_logg.csv", tmp_path / "radmann_skjema.csv"
    marked.write_text("enhet,Datakilde\nNarvik,SYNTETISKE DATA\n", encoding="utf-8")
    plain.write_text("enhet\nNarvik\n", encoding="utf-8")
    record = write_provenance(tmp_path / "p.json", [plain, marked], [], [], [], load_config(), repo)
    assert record["syntetiske_data"] is True
    assert [f.get("syntetisk") for f in record["inndata"]] == [False, True, None]
    record = write_provenance(tmp_path / "p.json", [plain], [], [], [], load_config(), repo)
    assert record["syntetiske_data"] is False


@pytest.mark.parametrize(
    ("cells", "encoding", "synthetic", "from_synth"),
    [
        (["SYNTETISKE DATA (lmsanalyse synth --seed 2015)"], "utf-8", True, True),
        (["SYNTETISKE DATA (lmsanalyse synth --seed 7)"], "cp1252", True, True),
        # A hand-made test set: synthetic, but not made to give NK LMH's figures.
        (["SYNTETISKE DATA (tests/data/tynt/lag_tynt.py)"], "utf-8", True, False),
        (["SYNTETISKE DATA"], "utf-16-le", True, False),
        (["lmsanalyse synth"], "utf-8", False, False),  # the tool's name alone is no marker
        ([""], "utf-8", False, False),
    ],
)
def test_data_made_by_synth_is_told_from_other_synthetic_data(
    monkeypatch, tmp_path, repo, cells, encoding, synthetic, from_synth
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
    raw = tmp_path / "radmann_skjema.csv"
    raw.write_text("enhet,Datakilde\n" + "".join(f"Narvik,{c}\n" for c in cells), encoding)
    record = write_provenance(tmp_path / "p.json", [raw], [], [], [], load_config(), repo)
    assert (record["syntetiske_data"], record["syntetiske_data_fra_synth"]) == (
        synthetic,
        from_synth,
    )


def test_a_workbook_made_by_synth_says_so_in_its_title(monkeypatch, tmp_path, repo):
    import openpyxl

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
    records = {}
    for title in ("SYNTETISKE DATA (lmsanalyse synth --seed 1)", "SYNTETISKE DATA"):
        path = tmp_path / "telefonintervju.xlsx"
        wb = openpyxl.Workbook()
        wb.properties.title = title
        wb.save(path)
        record = write_provenance(tmp_path / "p.json", [path], [], [], [], load_config(), repo)
        records[title] = (record["syntetiske_data"], record["syntetiske_data_fra_synth"])
    assert list(records.values()) == [(True, True), (True, False)]


@pytest.mark.parametrize("missing", ["finnes_ikke.csv"])
def test_a_config_file_that_does_not_exist_is_left_out(monkeypatch, tmp_path, repo, missing):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1432000000")
    record = write_provenance(
        tmp_path / "p.json", [], [], [tmp_path / missing], [], load_config(), repo
    )
    assert record["konfigurasjonsfiler"] == []
