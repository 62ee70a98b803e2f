"""The kommune register as configuration: config keys, their schema messages, and a register
whose files do not hold its configured counts being refused, naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import RAW_DIR, REF_DIR, clean_into
from lmsanalyse.cli import main
from lmsanalyse.config import ConfigError, load_config
from lmsanalyse.layout import RunLayout
from lmsanalyse.reference import (
    DEFAULT_COUNTS,
    REGISTER_FILES,
    ReferenceError,
    Register,
    load_enheter,
    load_kommuner,
    reference_files,
)


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return str(exc.value).splitlines()


def write_config(path: Path, register: dict) -> Path:
    path.write_text(yaml.safe_dump({"register": register}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    """A writable copy of the 2014 register's folder."""
    folder = tmp_path / "register"
    shutil.copytree(REF_DIR, folder)
    return folder


class TestConfigKeys:
    def test_the_default_is_the_2014_register_in_reference_dir(self):
        config = load_config()
        register = config.register
        assert register.mappe == config.reference_dir
        assert register.filer == REGISTER_FILES
        assert register.antall == DEFAULT_COUNTS
        assert (DEFAULT_COUNTS["kommuner"], DEFAULT_COUNTS["bydeler"]) == (428, 15)
        assert DEFAULT_COUNTS["enheter"] == len(load_enheter(register))
        assert len(load_kommuner(register)) == DEFAULT_COUNTS["kommuner"]

    def test_the_default_register_lists_the_reference_files_as_before(self):
        # Provenance lists the reference files in this order.
        names = [p.name for p in reference_files(REF_DIR, load_config().register).values()]
        assert names == [
            "kommuner_2014.csv",
            "oslo_bydeler_2014.csv",
            "folkemengde_2015.csv",
            "folkemengde_oslo_2015.csv",
            "kommuneendringer_2014_2020.csv",
            "kommuneendringer_2014_2024.csv",
            "kommuner_2024.csv",
            "fylker_2020.csv",
            "published_figures_2015.csv",
            "kommunekart_2017.geojson",
        ]

    def test_a_register_folder_and_counts_from_a_config_file(self, tmp_path, register_copy):
        config = load_config(
            write_config(
                tmp_path / "x.yaml",
                {"mappe": str(register_copy), "kart": None, "antall": {"bydeler": 15}},
            )
        )
        register = config.register
        assert register.mappe == register_copy
        assert register.path("kommuner") == register_copy / "kommuner_2014.csv"
        assert register.path("kart") is None
        assert "kart" not in register.files()
        assert register.antall == DEFAULT_COUNTS
        # The folder is a path: left out of the config hash's settings, the rest is in.
        assert "mappe" not in config.settings()["register"]
        assert config.settings()["register"]["kart"] is None

    def test_schema_problems_name_the_key_in_norwegian(self, tmp_path):
        bad = write_config(
            tmp_path / "reg.yaml",
            {
                "kommuner": None,
                "kommuner_2014": "k.csv",
                "antall": {"kommuner": 0, "bydeler": "femten", "enheter": 4.5, "fylker": 11},
                "mappe": "",
            },
        )
        with pytest.raises(ConfigError) as info:
            load_config(bad)
        assert messages(info) == [
            "reg.yaml, nøkkel register: ukjent nøkkel 'kommuner_2014'; tillatt: aar, antall, "
            "bydeler, folkemengde, folkemengde_bydeler, fylker_2020, kart, "
            "kommuneendringer_2020, kommuneendringer_2024, kommuner, kommuner_2024, mappe",
            "reg.yaml, nøkkel register.antall: ukjent nøkkel 'fylker'; tillatt: bydeler, "
            "enheter, fylker_2020, fylker_2024, kommuner, kommuner_2020, kommuner_2024",
            "reg.yaml, nøkkel register.antall.bydeler: må være et heltall, ikke tekst ('femten')",
            "reg.yaml, nøkkel register.antall.enheter: må være et heltall, ikke et tall (4.5)",
            "reg.yaml, nøkkel register.antall.kommuner: 0 er utenfor grensen: må være minst 1",
            "reg.yaml, nøkkel register.kommuner: må være tekst, ikke tom (null)",
            "reg.yaml, nøkkel register.mappe: kan ikke være tom",
        ]

    def test_a_register_file_that_does_not_exist(self, tmp_path, register_copy):
        bad = write_config(
            tmp_path / "reg.yaml",
            {"mappe": str(register_copy), "kommuner": "finnes_ikke.csv", "bydeler": "b.csv"},
        )
        with pytest.raises(ConfigError) as info:
            load_config(bad)
        assert messages(info) == [
            f"reg.yaml, nøkkel register.bydeler: fant ikke {register_copy / 'b.csv'}",
            f"reg.yaml, nøkkel register.kommuner: fant ikke {register_copy / 'finnes_ikke.csv'}",
        ]


class TestInvariants:
    """A register whose files do not hold its configured counts stops the run."""

    @pytest.mark.parametrize(
        ("antall", "message"),
        [
            (
                {"kommuner": 427},
                "kommuner_2014.csv: forventet 427 kommuner (register.antall.kommuner), fant 428",
            ),
            (
                {"bydeler": 14},
                "oslo_bydeler_2014.csv: forventet 14 bydeler (register.antall.bydeler), "
                "fant 15 i Oslo (0301)",
            ),
            (
                {"enheter": 443},
                "kommuner_2014.csv og oslo_bydeler_2014.csv: forventet 443 enheter "
                "(register.antall.enheter), fant 442: 427 kommuner uten bydeler og 15 bydeler",
            ),
            (
                {"kommuner_2020": 357},
                "kommuneendringer_2014_2020.csv: forventet 357 kommuner i 2020 "
                "(register.antall.kommuner_2020), fant 356",
            ),
            (
                {"fylker_2020": 19},
                "fylker_2020.csv: forventet 19 ulike fylker (register.antall.fylker_2020)",
            ),
        ],
    )
    def test_counts_that_do_not_match_are_refused(self, tmp_path, antall, message):
        register = load_config(write_config(tmp_path / "r.yaml", {"antall": antall})).register
        with pytest.raises(ReferenceError) as info:
            clean_into(RAW_DIR, RunLayout(tmp_path / "out"), register=register)
        assert str(info.value) == message

    def test_a_file_that_lost_a_row_is_refused(self, tmp_path, register_copy):
        path = register_copy / "kommuner_2014.csv"
        kommuner = pd.read_csv(path, dtype=str)
        kommuner.iloc[1:].to_csv(path, index=False)
        with pytest.raises(ReferenceError) as info:
            load_kommuner(Register.default(register_copy))
        assert str(info.value) == (
            "kommuner_2014.csv: forventet 428 kommuner (register.antall.kommuner), fant 427"
        )

    def test_validate_names_the_file_and_exits_1(self, tmp_path, capsys):
        config = write_config(tmp_path / "r.yaml", {"antall": {"kommuner": 4280}})
        assert main(["validate", "--config", str(config)]) == 1
        out = capsys.readouterr()
        assert out.out.splitlines() == [
            "kommuner_2014.csv: forventet 4280 kommuner (register.antall.kommuner), fant 428"
        ]
        assert out.err.startswith("1 problem funnet i ")

    def test_a_register_without_bydeler_needs_zero_bydeler(self, tmp_path):
        config = write_config(tmp_path / "r.yaml", {"bydeler": None, "folkemengde_bydeler": None})
        with pytest.raises(ReferenceError) as info:
            load_enheter(load_config(config).register)
        assert str(info.value) == (
            "registeret har ingen bydelsfil (register.bydeler), men register.antall.bydeler er 15"
        )
        register = load_config(
            write_config(
                tmp_path / "r0.yaml",
                {
                    "bydeler": None,
                    "folkemengde_bydeler": None,
                    "antall": {"bydeler": 0, "enheter": 428},
                },
            )
        ).register
        units = load_enheter(register)
        # Without bydeler Oslo is a unit like every other kommune.
        assert len(units) == 428
        assert set(units["enhetstype"]) == {"kommune"}
