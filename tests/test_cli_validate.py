"""Tests for ``lmsanalyse validate``: every problem in a raw dir, as file, row and column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import copy_raw, validate_dir
from lmsanalyse.cli import main
from lmsanalyse.problems import Problem

# A call log without the required 'forsok' column, with an unknown kommune on row 4 and an
# impossible date on row 5; Windows-1252 with ';', as real exports come.
BROKEN_RINGERUNDE = (
    "enhet;dato;kontaktpunkt;utfall;notat\r\n"
    "Narvik;01.12.2014;sentralbord;uavklart;Ring igjen, spør etter Åse\r\n"
    "Narvik;03.12.2014;helseleder;har tjeneste;\r\n"
    "Atlantis;02.12.2014;sentralbord;uavklart;\r\n"
    "Bodø;31.02.2014;helseleder;har ikke tjeneste;\r\n"
).encode("cp1252")


def run_validate(capsys, raw_dir: Path | str) -> tuple[int, list[str], str]:
    """validate's exit code, its lines but the notices (names read by similarity), and stderr.

    The bundled data holds 24 misspelled kommune names read by similarity: each is a notice
    (``merknad:``), counted at the end (tested in TestNotices)."""
    code = main(["validate", "--raw-dir", str(raw_dir)])
    captured = capsys.readouterr()
    lines = [line for line in captured.out.splitlines() if not line.startswith("merknad: ")]
    return code, lines, re.sub(r" \(\d+ navn tolket etter likhet\)", "", captured.err)


NOTICES = 24


class TestValidateBundled:
    def test_no_problems(self, capsys, monkeypatch, repo: Path) -> None:
        monkeypatch.chdir(repo)
        code, out, err = run_validate(capsys, "data/raw")
        assert code == 0
        assert out == [f"Ingen problemer funnet i data/raw ({NOTICES} navn tolket etter likhet)"]
        assert err == ""

    def test_function_returns_empty_list(self, repo: Path, ref_dir: Path) -> None:
        assert validate_dir(repo / "data" / "raw") == []


class TestValidateBroken:
    @pytest.fixture()
    def raw_dir(self, tmp_path: Path) -> Path:
        raw = copy_raw(tmp_path / "raw")
        (raw / "ringerunde_logg.csv").write_bytes(BROKEN_RINGERUNDE)
        return raw

    def test_all_problems_listed(self, capsys, raw_dir: Path) -> None:
        code, out, err = run_validate(capsys, raw_dir)
        assert code == 1
        assert out == [
            "ringerunde_logg.csv, rad 1, kolonne 'forsok': påkrevd kolonne mangler; den leses "
            "av enhetenes svar (AAPOR-disposisjonene); ingen overskrift står uten kolonne; gi "
            "overskriften et alias under ringerunde_logg i config/header_aliases.yaml",
            "ringerunde_logg.csv, rad 4, kolonne 'enhet': "
            "'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            "ringerunde_logg.csv, rad 5, kolonne 'dato': "
            "'31.02.2014' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)",
        ]
        assert err == f"3 problemer funnet i {raw_dir}\n"

    def test_function_returns_problems(self, raw_dir: Path, repo: Path, ref_dir: Path) -> None:
        problems = validate_dir(raw_dir)
        assert problems == [
            Problem(
                "ringerunde_logg.csv",
                1,
                "forsok",
                "påkrevd kolonne mangler; den leses av enhetenes svar (AAPOR-disposisjonene); "
                "ingen overskrift står uten kolonne; gi overskriften et alias under "
                "ringerunde_logg i config/header_aliases.yaml",
            ),
            Problem(
                "ringerunde_logg.csv",
                4,
                "enhet",
                "'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            ),
            Problem(
                "ringerunde_logg.csv",
                5,
                "dato",
                "'31.02.2014' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)",
            ),
        ]

    def test_problems_in_several_files(self, capsys, raw_dir: Path) -> None:
        (raw_dir / "telefonintervju.xlsx").unlink()
        text = (
            "svar_id,innsendt,enhet,har_tjeneste\r\n"
            "R1,i går,Oslo,ja takk\r\n"
            "R1,03.11.2014,Bodø,Nei\r\n"
        )
        (raw_dir / "radmann_skjema.csv").write_text(text, encoding="utf-8")
        code, out, err = run_validate(capsys, raw_dir)
        assert code == 1
        missing = [
            f"radmann_skjema.csv, rad 1, kolonne '{column}': påkrevd kolonne mangler; den leses "
            f"av {readers}; ingen overskrift står uten kolonne; gi overskriften et alias under "
            "radmann_skjema i config/header_aliases.yaml, eller skriv «mangler: "
            f"{{{column}: grunn}}» under radmann_skjema der hvis eksporten ikke har spørsmålet"
            for column, readers in (
                ("interkommunal", "regel I1 intervjuet og enhetenes svar (AAPOR-disposisjonene)"),
                (
                    "samarbeidskommuner",
                    "regel I1 intervjuet og enhetenes svar (AAPOR-disposisjonene)",
                ),
                ("tjeneste_navn", "enhetenes svar (AAPOR-disposisjonene)"),
            )
        ]
        assert out == [
            *missing,
            "radmann_skjema.csv, rad 2, kolonne 'enhet': 'Oslo' er ikke en enhet i "
            "undersøkelsen (Oslo svarte per bydel; oppgi bydelen)",
            "radmann_skjema.csv, rad 2, kolonne 'har_tjeneste': "
            "ukjent svar 'ja takk' (tillatt: 'Ja', 'Nei', 'Vet ikke')",
            "radmann_skjema.csv, rad 2, kolonne 'innsendt': "
            "'i går' er ikke et tidspunkt (bruk ISO 8601 eller dd.mm.åååå tt:mm)",
            "ringerunde_logg.csv, rad 1, kolonne 'forsok': påkrevd kolonne mangler; den leses "
            "av enhetenes svar (AAPOR-disposisjonene); ingen overskrift står uten kolonne; gi "
            "overskriften et alias under ringerunde_logg i config/header_aliases.yaml",
            "ringerunde_logg.csv, rad 4, kolonne 'enhet': "
            "'Atlantis' er ikke et kjent kommune- eller bydelsnavn",
            "ringerunde_logg.csv, rad 5, kolonne 'dato': "
            "'31.02.2014' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)",
            "telefonintervju.*: fant ingen fil telefonintervju.csv eller "
            "telefonintervju.xlsx, og intet importkart telefonintervju.import.yaml, "
            f"i {raw_dir}",
        ]
        assert err == f"10 problemer funnet i {raw_dir}\n"


class TestValidateFiles:
    def test_missing_file(self, capsys, tmp_path: Path) -> None:
        raw = copy_raw(tmp_path / "raw")
        (raw / "ringerunde_logg.csv").unlink()
        code, out, err = run_validate(capsys, raw)
        assert code == 1
        assert out == [
            "ringerunde_logg.*: fant ingen fil ringerunde_logg.csv eller "
            "ringerunde_logg.xlsx, og intet importkart ringerunde_logg.import.yaml, "
            f"i {raw}"
        ]
        assert err == f"1 problem funnet i {raw}\n"

    def test_missing_directory(self, capsys, tmp_path: Path) -> None:
        raw = tmp_path / "finnes_ikke"
        code, out, _ = run_validate(capsys, raw)
        assert code == 1
        assert out == [
            f"{name}.*: fant ingen fil {name}.csv eller {name}.xlsx, og intet importkart "
            f"{name}.import.yaml, i {raw}"
            for name in ("radmann_skjema", "ringerunde_logg", "telefonintervju")
        ]

    def test_two_files_for_one_source_and_an_empty_file(self, capsys, tmp_path: Path) -> None:
        raw = copy_raw(tmp_path / "raw")
        shutil.copy(raw / "ringerunde_logg.csv", raw / "ringerunde_logg.xlsx")
        (raw / "radmann_skjema.csv").write_bytes(b"\r\n")
        code, out, _ = run_validate(capsys, raw)
        assert code == 1
        assert out == [
            "radmann_skjema.csv: filen er tom (ingen overskriftsrad)",
            "ringerunde_logg.csv: flere filer for samme kilde: "
            "ringerunde_logg.csv og ringerunde_logg.xlsx",
        ]


class TestNotices:
    """Every name read by similarity is a notice: what was typed, what it became, the score."""

    def test_the_bundled_data(self, capsys, monkeypatch, repo: Path, tmp_path: Path) -> None:
        monkeypatch.chdir(repo)
        assert main(["validate", "--raw-dir", "data/raw"]) == 0
        lines = capsys.readouterr().out.splitlines()
        notices = [line for line in lines if line.startswith("merknad: ")]
        assert len(notices) == NOTICES and lines[-1].endswith(
            f"({NOTICES} navn tolket etter likhet)"
        )
        assert notices[3] == (
            "merknad: radmann_skjema.csv, rad 74, kolonne 'enhet': 'Vanyylven' tolket som "
            "1511 Vanylven (likhet 94)"
        )
        from helpers import clean_in

        clean_in(repo / "data" / "raw", tmp_path / "processed")
        names = pd.read_csv(tmp_path / "processed" / "navnetolkning.csv", dtype=str)
        similar = names.loc[names["metode"].eq("fuzzy")]
        assert len(similar) == NOTICES
        assert similar.loc[
            similar["skrevet"].eq("Vanyylven"), ["enhet_id", "likhet"]
        ].values.tolist() == [["1511", "94"]]

    def test_a_misspelled_name_of_your_own(self, capsys, tmp_path: Path) -> None:
        raw = copy_raw(tmp_path / "raw")
        path = raw / "ringerunde_logg.csv"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nKvænangen,", "\nKvænnangen,", 1), encoding="utf-8")
        assert main(["validate", "--raw-dir", str(raw)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert (
            "merknad: ringerunde_logg.csv, rad 2, kolonne 'enhet': 'Kvænnangen' tolket som "
            "1943 Kvænangen (likhet 95)"
        ) in lines
        assert lines[-1].endswith(f"({NOTICES + 1} navn tolket etter likhet)")
