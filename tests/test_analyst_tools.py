"""Definition variants, sensitivity, manual decisions and today's map on hand-made fixtures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import definition_files, include_in
from lmsanalyse.config import ConfigError, load_manual_decisions
from lmsanalyse.sensitivity import run_sensitivity
from test_rules import main_processed  # noqa: F401  (the hand-made data of the SQL rule tests)

REPO = Path(__file__).resolve().parents[1]
DEFINITIONS = REPO / "config" / "definitions"
SHIPPED = [
    "nklmh_2015",
    "delvis_teller",
    "uten_erfaringsunntak",
    "radmann_ja_teller",
    "kun_etablerte_tilbud",
]


@pytest.fixture(scope="module")
def sensitivity(main_processed) -> tuple[pd.DataFrame, pd.DataFrame]:
    dirs = {}
    for name in SHIPPED:
        dirs[name] = main_processed / "definisjoner" / name
        include_in(main_processed, DEFINITIONS / f"{name}.yaml", dirs[name])
    inputs = {name: definition_files(folder) for name, folder in dirs.items()}
    return run_sensitivity(
        inputs,
        "nklmh_2015",
        main_processed / "sensitivitet.csv",
        main_processed / "sensitivitet_endringer.csv",
    )


@pytest.mark.slow
class TestShippedVariants:
    """Each shipped variant changes exactly the kommuner its rule concerns."""

    EXPECTED = {
        # T05 (0111) failed only on Delvis evaluering; T07 (0119) has not started and has
        # planlegging = Delvis.
        "delvis_teller": [("0111", "Nei", "Ja", "I2_brukermedvirkning"), ("0119", "Nei", "Ja", "I2_brukermedvirkning")],
        # T08 (0121) is included only through the many-years exception.
        "uten_erfaringsunntak": [("0121", "Ja", "Nei", "I3_etablert")],
        # T06 (0118) has not started giving offerings.
        "kun_etablerte_tilbud": [("0118", "Ja", "Nei", "I5_i_gang")],
        # 0127's rådmann said Ja, 0137's last decisive call said "har tjeneste"; neither was
        # interviewed. 0101 and 0104 also said Ja but their services were interviewed.
        "radmann_ja_teller": [("0127", "Nei", "Ja", "I1_intervjuet"), ("0137", "Nei", "Ja", "I1_intervjuet")],
    }  # fmt: skip

    @pytest.mark.parametrize("variant", sorted(EXPECTED))
    def test_changed_kommuner(self, sensitivity, variant):
        changes = sensitivity[1]
        got = changes.loc[changes["definisjon"] == variant]
        assert (
            list(
                zip(
                    got["kommunenummer"],
                    got["dekket_hoved"],
                    got["dekket_variant"],
                    got["regel"],
                    strict=True,
                )
            )
            == self.EXPECTED[variant]
        )

    def test_summary_counts_against_the_main_definition(self, sensitivity):
        summary = sensitivity[0].set_index("definisjon")
        assert list(summary.index) == [
            "nklmh_2015", "delvis_teller", "kun_etablerte_tilbud", "radmann_ja_teller", "uten_erfaringsunntak",
        ]  # fmt: skip
        assert summary.loc["nklmh_2015", "kommuner_dekket"] == 8
        assert summary["endring_kommuner"].to_dict() == {
            "nklmh_2015": 0,
            "delvis_teller": 2,
            "kun_etablerte_tilbud": -1,
            "radmann_ja_teller": 2,
            "uten_erfaringsunntak": -1,
        }
        assert summary["endring_tjenester"].to_dict() == {
            "nklmh_2015": 0,
            "delvis_teller": 2,
            "kun_etablerte_tilbud": -1,
            "radmann_ja_teller": 2,
            "uten_erfaringsunntak": -1,
        }

    def test_explanation_names_the_service(self, sensitivity):
        changes = sensitivity[1].set_index(["definisjon", "kommunenummer"])
        assert changes.loc[("uten_erfaringsunntak", "0121"), "forklaring"] == (
            "ikke lenger dekket: T08 feiler I3_etablert i uten_erfaringsunntak"
        )
        assert changes.loc[("radmann_ja_teller", "0127"), "forklaring"] == (
            "dekket i radmann_ja_teller gjennom U-0127, som ikke oppfyller I1_intervjuet i "
            "hoveddefinisjonen"
        )

    def test_sensitivity_csvs_are_written(self, sensitivity, main_processed):
        assert (
            (main_processed / "sensitivitet.csv")
            .read_text(encoding="utf-8")
            .startswith("definisjon,beskrivelse,tjenester,kommuner_dekket,")
        )
        assert len(pd.read_csv(main_processed / "sensitivitet_endringer.csv")) == 6


class TestManualDecisions:
    KOMMUNER = {"0101", "0104", "1805"}
    TJENESTER = {"T01", "T02"}

    def write(self, tmp_path: Path, body: str) -> Path:
        path = tmp_path / "manuelle_beslutninger.csv"
        path.write_text(
            "# kommentar\nobjekt,beslutning,begrunnelse,besluttet_av,dato\n" + body,
            encoding="utf-8",
        )
        return path

    def test_shipped_file_is_empty_but_valid(self):
        decisions = load_manual_decisions(
            REPO / "config" / "manuelle_beslutninger.csv", self.KOMMUNER, self.TJENESTER
        )
        assert len(decisions) == 0

    def test_kommune_and_service_decisions(self, tmp_path):
        path = self.write(
            tmp_path, "1805,inkluder,Bekreftet,ABC,2015-02-01\nT02,ekskluder,Feil,ABC,2015-02-02\n"
        )
        decisions = load_manual_decisions(path, self.KOMMUNER, self.TJENESTER)
        assert [[d["objekt"], d["objekttype"], d["beslutning"]] for d in decisions] == [
            ["1805", "kommune", "inkluder"],
            ["T02", "tjeneste", "ekskluder"],
        ]

    def test_every_error_is_listed_with_row_and_column(self, tmp_path):
        path = self.write(
            tmp_path,
            "9999,inkluder,Ukjent,ABC,2015-02-01\n"
            "0101,inkluder,,ABC,2015-02-01\n"
            "0104,kanskje,Hvorfor ikke,ABC,31.02.2015\n"
            "0101,ekskluder,Igjen,ABC,2015-02-03\n",
        )
        with pytest.raises(ConfigError) as info:
            load_manual_decisions(path, self.KOMMUNER, self.TJENESTER)
        assert str(info.value).splitlines() == [
            "manuelle_beslutninger.csv, rad 3, kolonne 'objekt': '9999' er verken et kommunenummer "
            "i 2014-registeret eller en tjeneste_id i telefonintervjuene",
            "manuelle_beslutninger.csv, rad 4, kolonne 'begrunnelse': mangler verdi",
            "manuelle_beslutninger.csv, rad 5, kolonne 'beslutning': 'kanskje' er ikke tillatt; "
            "tillatt: inkluder, ekskluder",
            "manuelle_beslutninger.csv, rad 5, kolonne 'dato': '31.02.2015' er ikke en gyldig dato; "
            "skriv dd.mm.åååå (21.01.2015) eller åååå-mm-dd (2015-01-21)",
            "manuelle_beslutninger.csv, rad 6, kolonne 'objekt': '0101' får beslutningen ekskluder "
            "her, men inkluder i rad 4: beslutningene motsier hverandre; fjern eller endre én av dem",
        ]

    def test_wrong_header(self, tmp_path):
        path = tmp_path / "m.csv"
        path.write_text("kommune,beslutning\n1805,inkluder\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="rad 1: overskriften må være objekt,beslutning"):
            load_manual_decisions(path, self.KOMMUNER, self.TJENESTER)

    def test_decisions_override_the_rules_and_stay_visible(self, main_processed, tmp_path):
        # T02 (0104) fails I2; 0128 said no. Include T02 and 0128 by hand, exclude 0101.
        path = self.write(
            tmp_path,
            "T02,inkluder,Bekreftet brukermedvirkning,ABC,2015-02-01\n"
            "0128,inkluder,Tilbud bekreftet,ABC,2015-02-01\n"
            "0101,ekskluder,Tilbudet er nedlagt,ABC,2015-02-01\n",
        )
        tables = include_in(main_processed, DEFINITIONS / "nklmh_2015.yaml", tmp_path / "out", path)
        t = tables["tjeneste_status"].set_index("tjeneste_id")
        assert t.loc["T02", ["inkludert", "feilede_regler", "manuell_beslutning"]].tolist() == [
            "Ja", "I2_brukermedvirkning", "inkluder",
        ]  # fmt: skip
        assert t.loc["T02", "arsak"].startswith(
            "Manuell beslutning: inkluder (Bekreftet brukermedvirkning; ABC, 1. februar 2015). Etter reglene: I2_brukermedvirkning"
        )
        k = tables["kommune_status"].set_index("kommunenummer")
        assert k.loc[["0104", "0128", "0101"], "dekket"].tolist() == ["Ja", "Ja", "Nei"]
        # 0104 hosts T02: the decision about the service gives the kommune its status too.
        assert k.loc[["0104", "0128", "0101"], "status_kode"].tolist() == [
            "manuelt_inkludert", "manuelt_inkludert", "manuelt_ekskludert",
        ]  # fmt: skip
        assert k.loc[["0104", "0128", "0101"], "status_etter_regler"].tolist() == [
            "ekskludert", "svarte_nei", "dekket",
        ]  # fmt: skip
        assert k.loc[["0104", "0128", "0101"], "manuell_beslutning"].tolist() == [
            "inkluder", "inkluder", "ekskluder",
        ]  # fmt: skip
        assert k.loc["0104", "manuell_tekst"] == (
            "inkluder tjenesten T02 (Bekreftet brukermedvirkning; ABC, 1. februar 2015)"
        )
        f = tables["figures"].set_index("figur")["verdi"]
        assert (f["manuelle_beslutninger_kommune"], f["manuelle_beslutninger_tjeneste"]) == (2, 1)
        assert f["kommuner_med_tilbud"] == 8 + 2 - 1


class TestTodaysMap:
    def test_every_2020_kommune_exactly_once(self, sensitivity, main_processed):
        k2020 = pd.read_csv(
            main_processed / "definisjoner" / "nklmh_2015" / "kommune_2020_status.csv", dtype=str
        )
        assert len(k2020) == 356
        assert k2020["kommunenummer_2020"].is_unique
        assert set(k2020["status_2020"]) <= {"dekket", "delvis dekket", "ikke dekket"}

    def test_merged_and_split_kommuner(self, sensitivity, main_processed):
        k = pd.read_csv(
            main_processed / "definisjoner" / "nklmh_2015" / "kommune_2020_status.csv", dtype=str
        )
        k = k.set_index("kommunenummer_2020")
        # Halden (0101, covered) kept its borders: new number 3001.
        assert k.loc["3001", ["status_2020", "kommuner_2014"]].tolist() == [
            "dekket",
            "0101 Halden (dekket)",
        ]
        # Indre Østfold (3014) = Trøgstad (T09), Spydeberg, Askim, Eidsberg (T10), all covered,
        # and Hobøl, not covered.
        assert k.loc["3014", ["status_2020", "deler_2014", "dekkede_deler_2014"]].tolist() == [
            "delvis dekket", "5", "4",
        ]  # fmt: skip
        # Snillfjord was split between Heim, Hitra and Orkland; each says so.
        for nr in ("5055", "5056", "5059"):
            assert "Snillfjord ble delt" in k.loc[nr, "merknad"]
        assert "Tysfjord - Divtasvuodna ble delt" in k.loc["1806", "merknad"]
        figures = pd.read_csv(
            main_processed / "definisjoner" / "nklmh_2015" / "figures.csv"
        ).set_index("figur")
        counts = {
            s: int(figures.loc[f"kommuner_2020_{s}", "verdi"])
            for s in ("dekket", "delvis_dekket", "ikke_dekket")
        }
        assert sum(counts.values()) == 356
        assert counts == {
            "dekket": int((k["status_2020"] == "dekket").sum()),
            "delvis_dekket": int((k["status_2020"] == "delvis dekket").sum()),
            "ikke_dekket": int((k["status_2020"] == "ikke dekket").sum()),
        }
