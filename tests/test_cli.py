"""The command line in Norwegian: argparse's own texts, help and examples for every command,
a closed pipe without a traceback, one line per stage, and the cause of a failed run."""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lmsanalyse.cli import build_parser, main
from lmsanalyse.problems import InputError, Problem
from lmsanalyse.progress import Progress

REPO = Path(__file__).resolve().parents[1]
ENGLISH = ("usage:", "options:", "show this help message", "positional arguments", "error:")


def help_of(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_main_help_is_norwegian(capsys):
    out = help_of(capsys)
    assert out.startswith("bruk: lmsanalyse [-h] [-v] KOMMANDO ...")
    assert "\nvalg:\n" in out and "\nkommandoer:\n" in out
    assert "vis denne hjelpen og avslutt" in out
    assert not any(text in out for text in ENGLISH)


@pytest.mark.parametrize(
    "command", ["synth", "validate", "map", "run", "explain", "diff", "sammenlign"]
)
def test_every_command_has_norwegian_help_and_examples(capsys, command):
    out = help_of(capsys, command)
    assert out.startswith(f"bruk: lmsanalyse {command} ")
    assert "\nEksempler:\n  lmsanalyse " + command in out
    assert not any(text in out for text in ENGLISH)


@pytest.mark.parametrize(
    "command", ["synth", "validate", "map", "run", "explain", "diff", "sammenlign"]
)
def test_every_option_has_help(command):
    parser = subcommands()[command]
    missing = [a.dest for a in parser._actions if not a.help]
    assert missing == []


def config_keys() -> set[str]:
    """Every key of config.yaml, at any depth (from its schema)."""
    import yaml

    schema = yaml.safe_load(
        (REPO / "src" / "lmsanalyse" / "schemas" / "config.schema.yaml").read_text("utf-8")
    )
    keys: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                keys.add(key)
                walk(sub)
            for part in ("items", "additionalProperties"):
                walk(node.get(part))

    walk(schema)
    return keys


@pytest.mark.parametrize(
    "command", ["", "synth", "validate", "map", "run", "explain", "diff", "sammenlign"]
)
def test_no_help_names_a_configuration_key(capsys, command):
    """The command line speaks one name per concept, its option: a default is said in words
    and by its shipped value, never by a key of config.yaml (raw_dir, definitions,
    manual_decisions, sammenligning.indikator, rapport:)."""
    import re

    out = " ".join(help_of(capsys, *([command] if command else [])).split())
    keys = config_keys()
    assert {"raw_dir", "definitions", "manual_decisions", "rapport"} <= keys
    for key in sorted(keys):
        # A Norwegian word that is also a key (register, kart, serie) is named as a key only
        # with a colon after it or after a dot (sammenligning.indikator); a folder or file
        # name (config/definitions, indikator.import.yaml) is no key.
        plain = "_" in key or key in ("definitions", "matching", "reconciliation")
        pattern = rf"(?<![\w./-]){key}(?![\w-])" if plain else rf"\b{key}:|\w\.{key}\b"
        assert not re.search(pattern, out), (command, key)


def test_one_help_text_per_option_across_commands():
    texts: dict[str, set[str]] = {}
    for name, parser in subcommands().items():
        if name == "map":  # its --raw-dir is required: the folder of one tool's exports
            continue
        for action in parser._actions:
            for option in action.option_strings:
                if action.help and action.help != argparse.SUPPRESS:
                    texts.setdefault(option, set()).add(action.help)
    for option in ("--raw-dir", "--beslutninger", "--register"):
        assert len(texts[option]) == 1, option
    # The default of --definisjon is every shipped definition: the config lists them all.
    import yaml

    listed = yaml.safe_load((REPO / "config" / "config.yaml").read_text("utf-8"))["definitions"]
    files = sorted(p.stem for p in (REPO / "config" / "definitions").glob("*.yaml"))
    assert sorted(listed) == files
    assert "som levert alle i config/definitions" in " ".join(texts["--definisjon"])


def test_errors_are_norwegian(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["diff"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("lmsanalyse diff: feil: disse argumentene mangler: KJØRING_A, KJØRING_B\n")
    with pytest.raises(SystemExit):
        main(["run", "--cores", "mange"])
    assert capsys.readouterr().err.endswith("feil: --cores: ugyldig heltall: 'mange'\n")
    with pytest.raises(SystemExit):
        main(["forklar"])
    assert "feil: KOMMANDO: ugyldig valg: 'forklar' (velg blant 'synth'" in capsys.readouterr().err


def test_argparse_is_left_as_it_was():
    # The Norwegian texts are swapped in only while the parser works.
    assert argparse._("usage: ") == "usage: "


@pytest.mark.parametrize(
    "args", [["explain", "Oslo", "--json"], ["explain", "Oslo"], ["diff", "A", "A", "--json"]]
)
def test_a_closed_pipe_is_no_traceback(bundled_run, args):
    args = [str(bundled_run) if a == "A" else a for a in args]
    if args[0] == "explain":
        args += ["--out", str(bundled_run)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "lmsanalyse.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # as `| head` does before the command has written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert proc.returncode in (0, 141)


# ---------------------------------------------------------------- progress and failures


def record(event: str, **extra) -> logging.LogRecord:
    rec = logging.LogRecord("snakemake", logging.INFO, __file__, 1, "", (), None)
    rec.event = event
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_one_line_per_stage(capsys):
    progress = Progress(stream=sys.stdout)
    progress.emit(record("job_info", rule_name="clean", wildcards={}))
    progress.emit(record("job_info", rule_name="include", wildcards={"definition": "nklmh_2015"}))
    progress.emit(record("job_info", rule_name="all", wildcards={}))
    progress.emit(record("progress", done=3, total=3))
    assert capsys.readouterr().out.splitlines() == [
        "  kjører: Leser og renser rådata",
        "  kjører: Bruker inklusjonsdefinisjonen (nklmh_2015)",
    ]
    report = Path("/ut/reports/lms_kartlegging.html")
    assert progress.finished(report) == [
        "Ferdig: 2 steg kjørt.",
        "Rapporten: /ut/reports/lms_kartlegging.html (og lms_kartlegging.pdf)",
    ]


def test_a_failed_stage_names_its_cause_and_log():
    progress = Progress(stream=sys.stdout)
    progress.emit(record("job_error", rule_name="clean", log=["/ut/logs/clean.log"]))
    progress.emit(record("error", exception="WorkflowError", msg="At least one job did not..."))
    cause = InputError([Problem("radmann_skjema.csv", 1, "enhet", "påkrevd kolonne mangler")])
    lines = progress.failure([("/ut/logs/clean.log", cause)])
    assert lines == [
        "Kjøringen stoppet: steget «Leser og renser rådata» (clean) feilet.",
        "Feil i inndata:",
        "radmann_skjema.csv, rad 1, kolonne 'enhet': påkrevd kolonne mangler",
        "Logg: /ut/logs/clean.log",
        "Kjør med --verbose for hele Snakemake-loggen.",
    ]
    assert not any("At least one job" in line for line in lines)


def test_snakemakes_own_error_in_norwegian():
    progress = Progress(stream=sys.stdout)
    message = "Missing input files for rule clean:\n    output: x\n    affected files:\n        data/raw/a.csv"
    progress.emit(record("error", exception="MissingInputException", msg=message))
    assert progress.failure([])[:2] == ["Årsak: mangler inndatafiler.", "  data/raw/a.csv"]


@pytest.mark.slow
def test_run_shows_stages_and_ends_with_the_cause(capsys, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("ringerunde_logg.csv", "telefonintervju.xlsx"):
        shutil.copy(REPO / "data" / "raw" / name, raw / name)
    shutil.copy(
        REPO / "tests" / "bad_inputs" / "radmann_missing_column.csv", raw / "radmann_skjema.csv"
    )
    from helpers import validate_dir

    problems = [str(p) for p in validate_dir(raw)]  # the same messages as validate
    code = main(
        ["run", "--raw-dir", str(raw), "--out", str(tmp_path / "ut"), "--definitions", "nklmh_2015"]
    )
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert "  kjører: Leser og renser rådata" in err
    assert err[-4 - len(problems) :] == [
        "Kjøringen stoppet: steget «Leser og renser rådata» (clean) feilet.",
        "Feil i inndata:",
        *problems,
        f"Logg: {tmp_path / 'ut' / 'logs' / 'clean.log'}",
        "Kjør med --verbose for hele Snakemake-loggen.",
    ]
    assert not any("Snakemake" in line and "Building DAG" in line for line in err)


@pytest.mark.slow
def test_dry_run_lists_the_stages(capsys, tmp_path):
    code = main(["run", "-n", "--out", str(tmp_path), "--definisjon", "nklmh_2015"])
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert "  vil kjøre: Lager rapporten (HTML og PDF)" in err
    assert err[-1].startswith("Tørrkjøring: ") and err[-1].endswith(" ingenting er skrevet.")


def test_every_rule_has_its_step_in_words():
    import re

    from lmsanalyse.progress import STAGES

    rules_dir = Path(__file__).resolve().parents[1] / "workflow" / "rules"
    rules = {
        name
        for smk in rules_dir.glob("*.smk")
        for name in re.findall(r"^rule (\w+):", smk.read_text(encoding="utf-8"), re.M)
    }
    assert "report_appendix" in rules
    assert rules <= set(STAGES)
