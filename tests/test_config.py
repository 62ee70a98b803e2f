"""Configuration: one loader, JSON Schema, Norwegian messages naming file and key or row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import DEFINITIONS, copy_raw, validate_dir
from lmsanalyse.config import (
    ConfigError,
    load_config,
    load_definition,
    load_header_aliases,
    load_manual_decisions,
)
from lmsanalyse.rules import definition_rules, sql_parameters


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return str(exc.value).splitlines()


class TestConfigYaml:
    def test_defaults_are_filled_in(self):
        config = load_config(None, {"matching": {"fuzzy_threshold": 91}})
        assert config.matching == {"fuzzy_threshold": 91, "fuzzy_margin": 4}
        assert config.values["reconciliation"] == "config/reconciliation.yaml"

    def test_every_problem_named_with_key_and_what_is_allowed(self, tmp_path):
        bad = tmp_path / "min.yaml"
        bad.write_text(
            "matching:\n  fuzzy_threshold: 120\n  fuzzy_margn: 2\n"
            "definitions: [nklmh_2015, Ugyldig-navn]\nmain_definition: 7\nekstra: ja\n",
            encoding="utf-8",
        )
        with pytest.raises(ConfigError) as info:
            load_config(bad)
        assert messages(info) == [
            "min.yaml: ukjent nøkkel 'ekstra'; tillatt: definitions, definitions_dir, "
            "header_aliases, kvalitet, main_definition, manual_decisions, matching, out_dir, "
            "publiserte_tall, rapport, raw_dir, reconciliation, reference_dir, register, "
            "sammenligning",
            "min.yaml, nøkkel definitions.1: 'Ugyldig-navn' har feil form",
            "min.yaml, nøkkel main_definition: må være tekst, ikke et heltall (7)",
            "min.yaml, nøkkel matching: ukjent nøkkel 'fuzzy_margn'; tillatt: fuzzy_margin, "
            "fuzzy_threshold",
            "min.yaml, nøkkel matching.fuzzy_threshold: 120 er utenfor grensen: må være høyst 100",
        ]

    def test_main_definition_must_be_run(self):
        with pytest.raises(ConfigError, match="'delvis_teller' må være med i definitions"):
            load_config(None, {"definitions": ["nklmh_2015"], "main_definition": "delvis_teller"})

    def test_a_definition_that_does_not_exist(self):
        with pytest.raises(ConfigError, match="nøkkel definitions: fant ikke .*finnes_ikke.yaml"):
            load_config(None, {"definitions": ["nklmh_2015", "finnes_ikke"]})

    def test_a_file_read_on_top_of_the_default_keeps_the_rest(self, tmp_path):
        extra = tmp_path / "x.yaml"
        extra.write_text("matching:\n  fuzzy_margin: 6\n", encoding="utf-8")
        config = load_config(extra)
        assert config.matching == {"fuzzy_threshold": 88, "fuzzy_margin": 6}
        assert config.definitions[0] == "nklmh_2015"

    def test_broken_yaml_names_the_line(self, tmp_path):
        bad = tmp_path / "b.yaml"
        bad.write_text("matching:\n  fuzzy_threshold: [88\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"b.yaml, rad \d+: kan ikke lese YAML"):
            load_config(bad)


class TestDefinitions:
    def write(self, folder: Path, name: str, data: dict) -> Path:
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    def test_a_variant_states_only_what_differs(self):
        base = load_definition(DEFINITIONS / "nklmh_2015.yaml")
        variant = load_definition(DEFINITIONS / "delvis_teller.yaml")
        assert variant["bygger_pa"] == ["nklmh_2015"]
        assert variant["regler"]["I2_brukermedvirkning"]["godta_delvis"] is True
        assert variant["regler"]["I4_lms_tilbud"] == base["regler"]["I4_lms_tilbud"]
        params = sql_parameters(variant)
        assert params["godta_delvis"] is True and params["krev_i_gang"] is False

    def test_null_removes_a_rule_and_texts_can_be_overridden(self, tmp_path):
        (tmp_path / "nklmh_2015.yaml").write_bytes((DEFINITIONS / "nklmh_2015.yaml").read_bytes())
        path = self.write(
            tmp_path,
            "uten_i4",
            {
                "navn": "uten_i4",
                "extends": "nklmh_2015",
                "tittel": "Uten I4",
                "regler": {"I4_lms_tilbud": None, "I3_etablert": {"tekst": "Egen tekst for I3"}},
            },
        )
        rules = definition_rules(load_definition(path))
        assert [r.id for r in rules] == ["I1_intervjuet", "I2_brukermedvirkning", "I3_etablert"]
        assert rules[2].tekst == "Egen tekst for I3"

    def test_shipped_variants_differ_in_one_rule_each(self):
        base = {r.id: r for r in definition_rules(load_definition(DEFINITIONS / "nklmh_2015.yaml"))}
        changed = {}
        for name in (
            "delvis_teller",
            "uten_erfaringsunntak",
            "radmann_ja_teller",
            "kun_etablerte_tilbud",
        ):
            rules = {
                r.id: r for r in definition_rules(load_definition(DEFINITIONS / f"{name}.yaml"))
            }
            changed[name] = sorted(i for i in rules if rules[i] != base.get(i))
        assert changed == {
            "delvis_teller": ["I2_brukermedvirkning"],
            "uten_erfaringsunntak": ["I3_etablert"],
            "radmann_ja_teller": ["I1_intervjuet"],
            "kun_etablerte_tilbud": ["I5_i_gang"],
        }

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                {"navn": "feil", "tittel": "T", "beskrivelse": "B",
                 "regler": {"I2_brukermedvirkning": {"godta_delvis": "kanskje"}}},
                ["feil.yaml, nøkkel regler.I2_brukermedvirkning.godta_delvis: må være true eller "
                 "false, ikke tekst ('kanskje')"],
            ),
            (
                {"navn": "feil", "tittel": "T", "beskrivelse": "B", "regler": {"I9_ukjent": {}}},
                ["feil.yaml, nøkkel regler: ukjent nøkkel 'I9_ukjent'; tillatt: I1_intervjuet, "
                 "I2_brukermedvirkning, I3_etablert, I4_lms_tilbud, I5_i_gang"],
            ),
            (
                {"navn": "feil", "regler": {"I4_lms_tilbud": {"lms_tilbudstyper": ["yoga"]}}},
                ["feil.yaml: mangler påkrevd nøkkel 'tittel'",
                 "feil.yaml: mangler påkrevd nøkkel 'beskrivelse'",
                 "feil.yaml, nøkkel regler.I4_lms_tilbud.lms_tilbudstyper.0: 'yoga' er ikke "
                 "tillatt; tillatt: mestringskurs, pårørendekurs, diagnosekurs, kurs på tvers av "
                 "diagnoser, samtalegruppe, individuell opplæring, pasientskole, livsstilskurs, "
                 "annet"],
            ),
            (
                {"navn": "annet_navn", "tittel": "T", "beskrivelse": "B", "regler": {}},
                ["feil.yaml, nøkkel navn: 'annet_navn' må være lik filnavnet 'feil'"],
            ),
        ],
    )  # fmt: skip
    def test_schema_problems(self, tmp_path, data, expected):
        path = self.write(tmp_path, "feil", data)
        with pytest.raises(ConfigError) as info:
            load_definition(path)
        assert sorted(messages(info)) == sorted(expected)

    def test_extends_loop_and_missing_parent(self, tmp_path):
        self.write(tmp_path, "a", {"navn": "a", "extends": "b"})
        self.write(tmp_path, "b", {"navn": "b", "extends": "a"})
        with pytest.raises(ConfigError, match=r"a.yaml, nøkkel extends: går i ring \(a → b → a\)"):
            load_definition(tmp_path / "a.yaml")
        self.write(tmp_path, "c", {"navn": "c", "extends": "borte"})
        with pytest.raises(ConfigError, match="c.yaml, nøkkel extends: fant ikke borte.yaml"):
            load_definition(tmp_path / "c.yaml")


class TestHeaderAliases:
    def test_an_alias_to_a_column_the_source_does_not_have(self, tmp_path):
        path = tmp_path / "a.yaml"
        path.write_text(
            "ringerunde_logg:\n  Kommune: enhet\n  Svar: har_tjeneste\nukjent_kilde: {}\n",
            encoding="utf-8",
        )
        with pytest.raises(ConfigError) as info:
            load_header_aliases(path)
        text = messages(info)
        assert text[0].startswith("a.yaml: ukjent nøkkel 'ukjent_kilde'; tillatt: radmann_skjema")
        assert text[1].startswith(
            "a.yaml, nøkkel ringerunde_logg.Svar: 'har_tjeneste' er ikke tillatt; tillatt: enhet, "
            "dato, forsok"
        )


class TestManualDecisionsFile:
    KOMMUNER = {"0101", "1805"}

    def test_excel_windows_1252_with_semicolons_and_a_quoted_line_break(self, tmp_path):
        path = tmp_path / "manuelle_beslutninger.csv"
        text = (
            "objekt;beslutning;begrunnelse;besluttet_av;dato\r\n"
            '1805;inkluder;"Bekreftet av tjenestens leder,\r\nse journal (Bodø)";ÅØ;2015-02-01\r\n'
            "0101;ekskluder;Nedlagt før 2015;Æ;2015-02-02\r\n"
        )
        path.write_bytes(text.encode("cp1252"))
        rows = load_manual_decisions(path, self.KOMMUNER, set())
        assert [(r["objekt"], r["besluttet_av"], r["begrunnelse"]) for r in rows] == [
            ("1805", "ÅØ", "Bekreftet av tjenestens leder,\nse journal (Bodø)"),
            ("0101", "Æ", "Nedlagt før 2015"),
        ]

    def test_the_row_after_a_quoted_line_break_keeps_its_own_number(self, tmp_path):
        path = tmp_path / "m.csv"
        path.write_text(
            "objekt,beslutning,begrunnelse,besluttet_av,dato\n"
            '1805,inkluder,"to\nlinjer",AB,2015-02-01\n'
            "0101,kanskje,x,AB,2015-02-01\n",
            encoding="utf-8",
        )
        with pytest.raises(ConfigError) as info:
            load_manual_decisions(path, self.KOMMUNER, set())
        assert messages(info) == [
            "m.csv, rad 4, kolonne 'beslutning': 'kanskje' er ikke tillatt; tillatt: inkluder, "
            "ekskluder"
        ]


@pytest.mark.slow
class TestValidateAndRunJudgeAlike:
    """``validate --config X`` and ``run --config X`` read X the same way and agree."""

    def test_a_stricter_threshold_finds_the_same_rows_in_both(self, tmp_path, capsys):
        from lmsanalyse.cli import main, run_workflow

        strict = tmp_path / "streng.yaml"
        strict.write_text("matching:\n  fuzzy_threshold: 95\n", encoding="utf-8")
        raw = copy_raw(tmp_path / "raw")
        code = main(["validate", "--raw-dir", str(raw), "--config", str(strict)])
        listed = capsys.readouterr().out.splitlines()
        assert code == 1
        # The bundled data's misspellings at likhet 92–94 are no longer accepted.
        assert (
            "radmann_skjema.csv, rad 74, kolonne 'enhet': 'Vanyylven' er ikke gjenkjent (under "
            "terskel 95); nærmest: 1511 Vanylven (Møre og Romsdal, likhet 94) og 1528 Sykkylven "
            "(Møre og Romsdal, likhet 67)"
        ) in listed
        out = tmp_path / "out"
        run_workflow(raw_dir=raw, out_dir=out, targets=["clean"], config_file=strict)
        quarantine = pd.read_csv(out / "data" / "processed" / "quarantine.csv", dtype=str)
        from_run = [f"{q.fil}, rad {q.rad}, kolonne '{q.kolonne}'" for q in quarantine.itertuples()]
        # quarantine.csv does not repeat what was typed; validate shows it on the screen.
        assert not quarantine["arsak"].str.contains("Vanyylven|Agdennes").any()
        # validate also runs the rules: the five units whose call-log rows the stricter
        # threshold quarantines are then neither respondents nor called (konsistens.csv).
        # They are a contradiction: listed, but no problem of a row.
        flow = [line for line in listed if "ble ikke ringt" in line]
        assert flow == [
            "motsigelse: ringerunde_logg.csv: 5 enheter svarte ikke på spørreskjemaet og ble "
            "ikke ringt (0427, 0631, 1511, 1820, 1854): flyten (besvart + ringerunde) går ikke "
            "opp i enhetene som ble spurt"
        ]
        problems = [line for line in listed if not line.startswith(("motsigelse:", "merknad:"))]
        assert from_run == [line.split(":")[0] for line in problems]
        # The default config judges the same files clean.
        assert validate_dir(raw) == []
