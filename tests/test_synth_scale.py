"""``synth --scale K``: K × the units (a synthetic K-fold register), K × the work.

K = 1 is the bundled data: its decisions and figures are byte-identical to the bundled run's.
At K > 1 every copy of the register answers as the bundled survey does, so the figures are
exactly K × the bundled ones, except those that count call-round rows: at K > 1 every unit of
the call round is called ``EXTRA_CALLS_AT_SCALE`` more times (benchmark volume), so those are
K × (the bundled rows + the extra attempts).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import REF_DIR, clean_into, include_into
from lmsanalyse.clean.name_forms import normalise_name
from lmsanalyse.clean.names import KommuneMatcher
from lmsanalyse.config import load_config
from lmsanalyse.layout import RunLayout
from lmsanalyse.reference import DEFAULT_COUNTS, load_enheter, load_kommuner
from lmsanalyse.tools.synth import write_synthetic
from lmsanalyse.tools.synth.scale import (
    CONFIG_FILE,
    EXTRA_CALLS_AT_SCALE,
    REGISTER_DIR,
    copy_words,
)

REPO = Path(__file__).resolve().parents[1]

# Figures that count call-round rows: K × (bundled rows + the extra attempts of each unit in
# the call round). Every other figure (value and denominator) is exactly K × the bundled one.
CALL_ROW_FIGURES = ("ringerunde_forsok", "rader_inn_ringerunde_logg", "rader_brukt_ringerunde_logg")


def figures(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "figures.csv", dtype={"figur": str}).set_index("figur")


def scaled_run(root: Path, k: int, extra_calls: int | None = None) -> tuple[Path, RunLayout]:
    """``synth --scale k`` written and run through clean and the main definition, with the
    config it writes (``extra_calls``: the extra attempts per unit; default the generator's)."""
    raw, layout = root / "raw", RunLayout(root / "run")
    write_synthetic(raw, 2015, REF_DIR, k, extra_calls)
    config = load_config(raw / CONFIG_FILE)
    clean_into(raw, layout, config.path("header_aliases"), config.matching, config.register)
    include_into(layout, register=config.register)
    return raw, layout


class TestScaleOne:
    def test_decisions_and_figures_are_byte_identical_to_the_bundled_run(
        self, tmp_path: Path, bundled_include: Path
    ) -> None:
        raw, layout = tmp_path / "raw", RunLayout(tmp_path / "run")
        write_synthetic(raw, 2015, REF_DIR, 1)
        assert not (raw / CONFIG_FILE).exists() and not (raw / REGISTER_DIR).exists()
        clean_into(raw, layout)
        include_into(layout)
        written = layout.definition_outputs("nklmh_2015")
        assert len(written) >= 10
        for name, path in written.items():
            assert path.read_bytes() == (bundled_include / path.name).read_bytes(), name


# The fast tier's scaled set: K = 2 with a few extra calls (the slow tier runs K = 10 with
# the generator's default).
EXTRA_2 = 2


@pytest.fixture(scope="module")
def scale2(tmp_path_factory) -> tuple[Path, RunLayout]:
    return scaled_run(tmp_path_factory.mktemp("scale2"), 2, EXTRA_2)


class TestScaledRegister:
    def test_include_on_another_register_than_clean_is_refused(self, scale2, tmp_path) -> None:
        from lmsanalyse.reference import ReferenceError

        _, layout = scale2
        other = RunLayout(tmp_path)
        with pytest.raises(ReferenceError) as info:
            # The clean data of the K = 2 register, the 2024 changes of the real one.
            from lmsanalyse.include.include_stage import run_include

            run_include(
                layout.clean_outputs(),
                REF_DIR.parent.parent / "config" / "definitions" / "nklmh_2015.yaml",
                None,
                other.definition_outputs("nklmh_2015"),
                REF_DIR,
            )
        assert str(info.value) == (
            "kommuneendringer_2014_2024.csv: 428 kommuner i de rensede dataene står ikke i "
            "2024-endringene (f.eks. 0101001); include må lese det samme registeret som clean "
            "(config register)"
        )

    def test_the_report_reads_the_2024_picture_of_a_scaled_register(self, scale2) -> None:
        from lmsanalyse.report.tables import kommune_2024_rows

        _, layout = scale2
        path = layout.definition_table("nklmh_2015", "kommune_2024_status", ".csv")
        rows = kommune_2024_rows(pd.read_csv(path, dtype=str, keep_default_na=False))
        assert len(rows) == 2 * DEFAULT_COUNTS["kommuner_2024"]
        word = copy_words(REF_DIR, 1)[0]
        oslo = {r["nr"]: r for r in rows}["0301001"]
        assert (oslo["navn"], oslo["kommuner_2014"]) == (
            f"{word} Oslo",
            [{"nr": "0301001", "navn": f"{word} Oslo", "dekket": True}],
        )

    def test_the_register_and_its_config(self, scale2) -> None:
        raw, _ = scale2
        config = load_config(raw / CONFIG_FILE)
        assert config.raw_dir == raw.resolve()
        register = config.register
        assert register.mappe == (raw / REGISTER_DIR).resolve()
        assert register.path("kart") is None
        assert register.antall == {
            name: n if name.startswith("fylker_") else 2 * n for name, n in DEFAULT_COUNTS.items()
        }
        units = load_enheter(register)
        assert len(units) == 2 * DEFAULT_COUNTS["enheter"]
        assert units["enhetstype"].value_counts().to_dict() == {
            "kommune": 2 * (DEFAULT_COUNTS["enheter"] - DEFAULT_COUNTS["bydeler"]),
            "bydel": 2 * DEFAULT_COUNTS["bydeler"],
        }

    def test_copy_one_of_bodo(self, scale2) -> None:
        raw, _ = scale2
        register = load_config(raw / CONFIG_FILE).register
        kommuner = load_kommuner(register).set_index("kommunenummer")
        word = copy_words(REF_DIR, 1)[0]
        assert kommuner.loc["1804", "kommunenavn"] == "Bodø"
        assert kommuner.loc["1804001"].tolist() == [f"{word} Bodø", "18", "Nordland"]
        assert kommuner.loc["2021001", "kommunenavn"] == f"{word} Kárášjohka - {word} Karasjok"
        # The 2024 kommuner are copied too, each in its real fylke.
        from lmsanalyse.reference import load_kommuneendringer_2024, load_kommuner_2024

        k2024 = load_kommuner_2024(register).set_index("kommunenummer")
        assert len(k2024) == 2 * DEFAULT_COUNTS["kommuner_2024"]
        assert k2024["fylkesnummer"].nunique() == DEFAULT_COUNTS["fylker_2024"]
        assert k2024.loc["1804001"].tolist() == [f"{word} Bodø", "18", "Nordland"]
        changes = load_kommuneendringer_2024(register)
        assert len(changes) == 2 * 431
        units = load_enheter(register).set_index("enhet_id")
        assert units.loc["030102001", ["enhet_navn", "kommunenummer"]].tolist() == [
            f"Bydel {word} Grünerløkka",
            "0301001",
        ]

    def test_copy_words_are_no_words_of_real_names_and_do_not_depend_on_k(self) -> None:
        words = copy_words(REF_DIR, 99)
        assert words[:9] == copy_words(REF_DIR, 9)
        assert len(set(words)) == 99
        real = set()
        for path in REF_DIR.glob("*.csv"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            for column in [c for c in frame.columns if "navn" in c and "figur" not in c]:
                for name in frame[column]:
                    real.update(normalise_name(name).split())
        assert not {w.casefold() for w in words} & real
        assert all(w.isalpha() and w.isascii() for w in words)

    def test_every_name_matches_its_own_unit_only(self, scale2) -> None:
        # Exactly, by number, and the copy's word makes a typo of one copy no typo of another.
        raw, _ = scale2
        register = load_config(raw / CONFIG_FILE).register
        matcher = KommuneMatcher.from_reference(register)
        units = load_enheter(register)
        word = copy_words(REF_DIR, 1)[0]
        for enhet_id, navn in zip(units["enhet_id"], units["enhet_navn"], strict=True):
            assert matcher.match(enhet_id).enhet_id == enhet_id
            shared = (units["enhet_navn"] == navn).sum() > 1
            if not shared:
                assert matcher.match(navn).enhet_id == enhet_id, navn
        assert matcher.match(f"{word} Sandefjrd").enhet_id == "0706001"
        assert matcher.match("Sandefjrd").enhet_id == "0706"
        assert matcher.match(f"{word} Herøy i Nordland").enhet_id == "1818001"
        assert not matcher.match(f"{word} Herøy").ok
        # A later kommune of a copy is refused as the real one is.
        later = matcher.match(f"{word} Indre Østfold")
        assert not later.ok and "er ikke en kommune i 2014" in str(later.melding)

    def test_nothing_quarantined_and_rows_are_k_times(self, scale2, bundled_clean) -> None:
        _, layout = scale2
        assert len(pd.read_csv(layout.clean("quarantine"))) == 0
        acc = pd.read_csv(layout.clean("row_accounting")).set_index("kilde")
        base = pd.read_csv(bundled_clean / "row_accounting.csv").set_index("kilde")
        for source in ("radmann_skjema", "telefonintervju"):
            for column in ("rader_inn", "brukt", "slatt_sammen", "karantene"):
                assert acc.loc[source, column] == 2 * base.loc[source, column]
        units_called = figures(layout.definition_dir("nklmh_2015")).loc["ringerunde", "verdi"]
        assert (
            acc.loc["ringerunde_logg", "rader_inn"]
            == 2 * base.loc["ringerunde_logg", "rader_inn"] + EXTRA_2 * units_called
        )

    def test_the_same_seed_gives_the_same_files(self, scale2, tmp_path) -> None:
        raw, _ = scale2
        again = tmp_path / "again"
        write_synthetic(again, 2015, REF_DIR, 2, EXTRA_2)
        files = sorted(p.relative_to(raw) for p in raw.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
        for name in files:
            if name != Path(CONFIG_FILE):  # it names its own folder
                assert (raw / name).read_bytes() == (again / name).read_bytes(), name
        config = yaml.safe_load((again / CONFIG_FILE).read_text(encoding="utf-8"))
        assert config["register"]["mappe"] == str((again / REGISTER_DIR).resolve())


@pytest.fixture(scope="module")
def scale10(tmp_path_factory) -> tuple[Path, RunLayout]:
    """The K = 10 set (the generator's default extra calls) through clean and include."""
    return scaled_run(tmp_path_factory.mktemp("scale10"), TestScaleTen.K)


@pytest.mark.slow
class TestScaleTen:
    """The K = 10 set through clean and the published definition."""

    K = 10

    def test_figures_are_k_times_the_bundled_figures(self, scale10, bundled_include) -> None:
        _, layout = scale10
        got = figures(layout.definition_dir("nklmh_2015"))
        base = figures(bundled_include)
        assert sorted(got.index) == sorted(base.index)
        units_called = int(base.loc["ringerunde", "verdi"])
        expected = base * self.K
        # Not proportional: each unit of the call round is called EXTRA_CALLS_AT_SCALE more
        # times in every copy (benchmark volume), so these count K × (rows + extra attempts).
        for figur in CALL_ROW_FIGURES:
            expected.loc[figur, "verdi"] += self.K * EXTRA_CALLS_AT_SCALE * units_called
        # Fylker are not copied (RG4): the copies lie in the same 15 fylker of 2024.
        expected.loc["fylker_2024", "verdi"] = base.loc["fylker_2024", "verdi"]
        # The extra call attempts repeat each unit's name as typed, misspelled ones too, so the
        # names read by similarity grow with the calls; each copy reads at least the bundled ones.
        similar = "navn_tolket_etter_likhet"
        assert got.loc[similar, "verdi"] >= self.K * base.loc[similar, "verdi"] > 0
        expected.loc[similar, "verdi"] = got.loc[similar, "verdi"]
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        # The shares stay the bundled ones.
        shares = got["verdi"] / got["nevner"]
        pd.testing.assert_series_equal(shares, base["verdi"] / base["nevner"])

    def test_the_headline_counts(self, scale10) -> None:
        _, layout = scale10
        got = figures(layout.definition_dir("nklmh_2015"))
        assert got.loc["enheter_spurt", "verdi"] == self.K * DEFAULT_COUNTS["enheter"]
        assert got.loc["tjenester", "verdi"] == self.K * 41
        assert got.loc["kommuner_med_tilbud"].tolist() == [
            self.K * 79,
            self.K * DEFAULT_COUNTS["kommuner"],
        ]

    def test_each_copy_decides_as_the_bundled_survey(self, scale10, bundled_include) -> None:
        _, layout = scale10
        columns = ["dekket", "kilde", "status_kode", "dekning_via", "radmann_svar", "konflikt"]
        got = pd.read_csv(layout.definition_dir("nklmh_2015") / "kommune_status.csv", dtype=str)
        base = pd.read_csv(bundled_include / "kommune_status.csv", dtype=str)
        # The conflict text names the kommune (the copy's name): compare whether there is one.
        got["konflikt"], base["konflikt"] = got["konflikt"].notna(), base["konflikt"].notna()
        base = base.set_index("kommunenummer")[columns]
        copy = got["kommunenummer"].str[4:].replace("", "000")
        assert copy.value_counts().to_dict() == {f"{k:03d}": 428 for k in range(self.K)}
        for _, rows in got.groupby(copy):
            rows = rows.assign(kommunenummer=rows["kommunenummer"].str[:4])
            pd.testing.assert_frame_equal(rows.set_index("kommunenummer")[columns], base)
