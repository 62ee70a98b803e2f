"""``lmsanalyse synth --bolge 2025``: a synthetic second wave on the 2024 register (issue 21,
part 3), run with ``--register 2024``.

The pipeline decides on its own (it never reads the generator); the tests hold its decisions
against the wave's design (``tools/synth/wave2025.py``: the counts fixed by design, and the
ground truth of which services meet the definition and which kommuner they cover).
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from helpers import REF_DIR, REPO, build_run
from lmsanalyse.cli import main
from lmsanalyse.config import config_files, load_config, register_config
from lmsanalyse.guard import has_synthetic_marker
from lmsanalyse.tools.synth import wave2025 as design
from lmsanalyse.tools.synth.wave2025 import build_wave
from lmsanalyse.tools.synth.wave2025_files import CALL_LOG, NS_REPORT, SAV, write_wave
from lmsanalyse.validate import validate_all

DECISIONS = ("kommune_status.csv", "tjeneste_status.csv", "enhet_status.csv", "figures.csv")
EXPORT_FILES = {
    SAV,
    f"intervju/{NS_REPORT}",
    "intervju/elements-118447.json",
    CALL_LOG,
    "radmann_skjema.import.yaml",
    "telefonintervju.import.yaml",
    "ringerunde_logg.import.yaml",
    "README.md",
}
CONTRACT_FILES = {
    "radmann_skjema.csv",
    "ringerunde_logg.csv",
    "telefonintervju.csv",
    "README.md",
}


@pytest.fixture(scope="module")
def register():
    return load_config([register_config(2024)]).register


@pytest.fixture(scope="module")
def wave(register):
    return build_wave(2015, REF_DIR, register)


@pytest.fixture(scope="module")
def written(tmp_path_factory, register) -> dict[str, Path]:
    """The default seed's wave in both forms."""
    root = tmp_path_factory.mktemp("bolge2025")
    for form in ("eksport", "kontrakt"):
        write_wave(root / form, register, 2015, REF_DIR, form)
    return {form: root / form for form in ("eksport", "kontrakt")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, written) -> dict[str, Path]:
    """Both forms through every stage on the 2024 register (the stage functions)."""
    root = tmp_path_factory.mktemp("bolge2025_runs")
    return {
        form: build_run(root / form, raw, ("nklmh_2015",), register=2024).processed
        for form, raw in written.items()
    }


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def figures(processed: Path) -> dict[str, str]:
    f = read(processed / "figures.csv")
    return dict(zip(f["figur"], f["verdi"], strict=True))


# ---------------------------------------------------------------- what is written


def test_each_form_writes_its_files_every_one_marked_synthetic(written) -> None:
    assert set(files(written["eksport"])) == EXPORT_FILES
    assert set(files(written["kontrakt"])) == CONTRACT_FILES
    for folder in written.values():
        unmarked = [p for p in folder.rglob("*") if p.is_file() and not has_synthetic_marker(p)]
        assert unmarked == []
    readme = (written["eksport"] / "README.md").read_text("utf-8")
    assert readme.startswith("# SYNTETISKE DATA — en syntetisk andre bølge")
    assert "lmsanalyse run --register 2024 --raw-dir <denne mappen>" in readme


def test_the_same_seed_gives_the_same_bytes(tmp_path, written, register) -> None:
    for form, folder in written.items():
        write_wave(tmp_path / form, register, 2015, REF_DIR, form)
        assert files(tmp_path / form) == files(folder), form


def test_another_seed_gives_another_wave_by_the_same_design(tmp_path, register, wave) -> None:
    other = build_wave(7, REF_DIR, register)
    assert [s.navn for s in other.world.services] != [s.navn for s in wave.world.services]
    assert other.covered() != wave.covered()
    for w in (wave, other):
        assert len(w.world.services) == design.INTERVIEWS == 52
        assert sum(s.intended == "inkludert" for s in w.world.services) == design.INCLUDED
        assert sum(map(len, w.calls.values())) + design.LOGGED_TWICE == design.CALLS == 332
    write_wave(tmp_path / "a", register, 7, REF_DIR)
    write_wave(tmp_path / "b", register, 2015, REF_DIR)
    mine, default = files(tmp_path / "a"), files(tmp_path / "b")
    assert set(mine) == set(default)
    assert [name for name in mine if mine[name] == default[name]] == []


def test_the_exports_are_what_they_claim(written, runs) -> None:
    _, meta = pyreadstat.read_sav(str(written["eksport"] / SAV), user_missing=True)
    assert meta.file_label == "SYNTETISKE DATA"
    assert meta.variable_value_labels["s_2"] == {
        1.0: "Ja, vi har en slik tjeneste",
        2.0: "Nei",
        3.0: "Vet ikke / usikker",
        99.0: "Ikke besvart",
    }
    assert meta.missing_ranges["s_2"] == [{"lo": 99.0, "hi": 99.0}]
    assert meta.original_variable_types["closetime"] == "DATETIME20"
    acc = read(runs["eksport"] / "row_accounting.csv").set_index("kilde")
    assert acc["importformat"].to_dict() == {
        "radmann_skjema": "spss",
        "ringerunde_logg": "tabell",
        "telefonintervju": "nettskjema",
    }
    assert acc.loc["radmann_skjema", "ignorerte_kolonner"] == "status; datakilde"
    assert set(acc["karantene"]) == {"0"}


# ---------------------------------------------------------------- what the pipeline decides


def test_validate_finds_no_problem_in_either_form(written) -> None:
    for folder in written.values():
        config = load_config(config_files(None, 2024), {"raw_dir": str(folder)})
        result = validate_all(config)
        assert (result.problems, result.contradictions) == ([], [])
        # Only notices: names typed with a typo, read by similarity.
        assert result.notices and all(" tolket som " in str(n) for n in result.notices)


def test_the_counts_are_the_designed_ones(runs) -> None:
    got = figures(runs["eksport"])
    assert {k: got[k] for k in got if k in COUNTS} == COUNTS


COUNTS = {
    "enheter_spurt": "371",
    "enheter_kommuner": "356",
    "enheter_bydeler": "15",
    # Forms: 171 units, 12 corrected and 2 repeated submissions merged into their latest.
    "rader_inn_radmann_skjema": "185",
    "enheter_besvart_skjema": "171",
    "rader_slatt_sammen_radmann_skjema": "14",
    # Calls: 200 units, 330 attempts and 2 lines logged twice.
    "ringerunde": "200",
    "rader_inn_ringerunde_logg": "332",
    "ringerunde_forsok": "330",
    "tjenester_intervjuet": "52",
    "tjenester": "43",
    "tjenester_ekskludert": "9",
    "rader_karantene_radmann_skjema": "0",
    "rader_karantene_ringerunde_logg": "0",
    "rader_karantene_telefonintervju": "0",
}


def test_every_service_meets_the_definition_as_designed(runs, wave) -> None:
    status = read(runs["eksport"] / "tjeneste_status.csv").set_index("tjeneste_id")
    designed = {s.tjeneste_id: s.intended for s in wave.world.services}
    assert set(status.index) == set(designed)
    for tid, intended in designed.items():
        if intended == "inkludert":
            assert status.at[tid, "inkludert"] == "Ja", tid
        else:  # the rule it was built to fail, and that rule only
            assert status.at[tid, "feilede_regler"] == intended.split(" ")[0], tid


def test_every_kommune_has_its_designed_status(runs, wave) -> None:
    status = read(runs["eksport"] / "kommune_status.csv")
    assert len(status) == 357
    assert set(status.loc[status["dekket"] == "Ja", "kommunenummer"]) == wave.covered()


def test_named_kommuner_as_designed(runs, wave) -> None:
    status = read(runs["eksport"] / "kommune_status.csv").set_index("kommunenavn")
    # Always: Fredrikstad renamed, Sandefjord (with Andebu and Stokke) and the Narvik
    # region (with Ballangen) continued.
    for name in ("Fredrikstad", "Sandefjord", "Narvik", "Dielddanuorri - Tjeldsund"):
        assert status.at[name, "dekket"] == "Ja", name
    renamed = next(f for f in wave.fates if f.before == ("T001",))
    assert renamed.kind == design.Kind.RENAMED
    assert renamed.service.navn == "Fredrikstad frisklivs- og mestringssentral"
    assert status.at["Fredrikstad", "arsak"] == (
        f"Dekket gjennom {renamed.service.tjeneste_id} (kommunal)"
    )
    # Seed 2015 (the README's design): Grue's service no longer meets the definition, Alna's
    # closed (Oslo had no other), Indre Østfold's two merged into one, Holmestrand started.
    no_longer = next(f for f in wave.fates if f.kind == design.Kind.NO_LONGER)
    assert no_longer.before == ("T010",)
    assert status.at["Grue", "arsak"] == (
        f"Tjeneste intervjuet, men ekskludert: {no_longer.service.tjeneste_id} "
        "(I2_brukermedvirkning)"
    )
    assert (status.at["Oslo", "dekket"], status.at["Oslo", "status_kode"]) == (
        "Nei",
        "ja_uten_bekreftelse",
    )
    assert {f.before for f in wave.fates if f.kind == design.Kind.CLOSED} >= {("T008",)}
    merged = [f for f in wave.fates if f.kind == design.Kind.MERGED]
    assert [f.before for f in merged] == [("T002", "T004"), ("T040", "T041")]
    assert status.at["Indre Østfold", "dekket"] == "Ja"
    assert status.at["Holmestrand", "dekket"] == "Ja"
    assert status.at["Holmestrand", "kilde"] in ("spørreskjema", "ringerunde")


def test_the_wave_is_carried_from_the_2014_world(wave) -> None:
    """Every 2014/15 service has one fate; a continuing one keeps its name, its host is its
    2014 host's 2024 kommune."""
    before = {s.tjeneste_id: s for s in wave.before.services}
    seen = [i for f in wave.fates for i in f.before]
    assert sorted(seen) == sorted(before)
    host_2024 = {"0706": "3907", "1805": "1806", "0106": "3107", "1612": "5055"}
    for f in wave.fates:
        if f.kind == design.Kind.CONTINUED:
            (old,) = f.before
            assert f.service.navn == before[old].navn
            if before[old].host in host_2024:
                assert f.service.host == host_2024[before[old].host]
    narvik = next(f for f in wave.fates if f.before and before[f.before[0]].host == "1805")
    assert narvik.service.participants == ["1806", "1853", "5512"]  # Ballangen is Narvik
    assert (design.CLOSED, design.IMPROVED, design.STILL_EXCLUDED) == (5, 3, 6)
    kinds = pd.Series([f.kind for f in wave.fates]).value_counts().to_dict()
    assert kinds == {
        design.Kind.CONTINUED: 23,
        design.Kind.CLOSED: 13,  # 5 of the included, 8 of the excluded
        design.Kind.STARTED: 9,
        design.Kind.RENAMED: 8,
        design.Kind.STILL_FAILS: 6,
        design.Kind.NOW_MEETS: 3,
        design.Kind.MERGED: 2,
        design.Kind.NO_LONGER: 1,
    }


def test_personal_data_stays_in_the_raw_files(written, runs) -> None:
    calls = read(written["kontrakt"] / "ringerunde_logg.csv")
    interviews = read(written["kontrakt"] / "telefonintervju.csv")
    people = {n for n in (*calls["kontaktperson"], *interviews["leder_navn"]) if n}
    phones = set(calls["telefon"]) | set(interviews["leder_telefon"])
    assert len(people) > 150 and len(phones) > 300
    for path in runs["eksport"].rglob("*"):
        if path.suffix in (".csv", ".json"):
            text = path.read_text("utf-8")
            assert not [p for p in (*people, *phones) if p in text], path
            assert "kommune-eksempel.invalid" not in text, path


def test_the_two_forms_give_the_same_decisions(runs) -> None:
    for name in DECISIONS:
        assert (runs["eksport"] / name).read_bytes() == (runs["kontrakt"] / name).read_bytes()


def test_the_run_is_marked_synthetic(runs) -> None:
    import json

    provenance = json.loads((runs["eksport"] / "provenance.json").read_text("utf-8"))
    assert provenance["syntetiske_data"] is True
    assert provenance["datainnsamling"]["fra"].startswith("2025-")


def test_the_pipeline_does_not_know_the_generator() -> None:
    """Nothing outside the command line and tools/synth imports the generator."""
    package = REPO / "src" / "lmsanalyse"
    importers = []
    for path in package.rglob("*.py"):
        inside = path.relative_to(package).parts
        if inside[:2] == ("tools", "synth") or inside == ("cli_synth.py",):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and "synth" in (node.module or ""):
                importers.append(str(path.relative_to(package)))
    assert importers == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bolge", "2025", "--eksempel"], "--bolge kan ikke kombineres med --eksempel"),
        (["--bolge", "2025", "--scale", "2"], "--bolge kan ikke kombineres med --eksempel"),
        (["--format", "kontrakt"], "--format gjelder bare med --bolge 2025"),
    ],
)
def test_the_command_refuses_options_that_do_not_go_together(tmp_path, capsys, args, message):
    assert main(["synth", *args, "--out", str(tmp_path / "x")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------- the whole workflow


@pytest.mark.slow
def test_lmsanalyse_run_on_both_forms_gives_byte_identical_decision_tables(tmp_path, wave):
    """``synth --bolge 2025`` in both forms from the command line, each through
    ``lmsanalyse run --register 2024``: the same decision tables and figures, byte for byte,
    the guard passes, and the reports carry the synthetic banner."""
    outputs = {}
    for form in ("eksport", "kontrakt"):
        raw, out = tmp_path / f"raw_{form}", tmp_path / f"out_{form}"
        assert main(["synth", "--bolge", "2025", "--format", form, "--out", str(raw)]) == 0
        run = ["run", "--register", "2024", "--raw-dir", str(raw), "--out", str(out)]
        assert main(run) == 0
        outputs[form] = out
        guard = (out / "logs" / "personvernsjekk.txt").read_text("utf-8")
        assert guard.startswith("OK:")
        html = (out / "reports" / "lms_kartlegging.html").read_text("utf-8")
        assert "SYNTETISKE DATA – ikke reelle tall" in html
        # A later wave's colophon does not send the reader to the 2014/15 fieldwork.
        assert re.search(r"Syntetiske data, datert \d+\. \w+ 2025–\d+\. \w+ 2025</dd>", html)
        assert "NK LMHs kartlegging ble gjennomført" not in html
        assert "NK LMH anser ikke «Samtalegrupper" in html and "Artikkelen" not in html
    for name in DECISIONS:
        a = outputs["eksport"] / "data" / "processed" / name
        b = outputs["kontrakt"] / "data" / "processed" / name
        assert a.read_bytes() == b.read_bytes(), name
    status = read(outputs["eksport"] / "data" / "processed" / "kommune_status.csv")
    assert len(status) == 357
    assert set(status.loc[status["dekket"] == "Ja", "kommunenummer"]) == wave.covered()
