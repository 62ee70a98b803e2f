"""Tests for lmsanalyse.synth: determinism, calibration to the published figures, and mess.

The bundled raw data (data/raw, seed 2015) must be exactly what the generator writes; any
other seed must change the files but not the figures the published definition yields.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import clean_in, include_in, read_raw
from lmsanalyse.text import decode_bytes
from lmsanalyse.tools.synth import write_synthetic

REPO = Path(__file__).resolve().parents[1]
RAW_FILES = ("radmann_skjema.csv", "ringerunde_logg.csv", "telefonintervju.xlsx", "README.md")
ALIASES = REPO / "config" / "header_aliases.yaml"
DEFINITION = REPO / "config" / "definitions" / "nklmh_2015.yaml"

# figur → (verdi, nevner); nevner None when the figure has none.
PUBLISHED = {
    "tjenester": (41, None),
    "tjenester_kommunale": (28, 41),
    "tjenester_interkommunale": (13, 41),
    "kommuner_i_interkommunale": (51, None),
    "kommuner_med_tilbud": (79, 428),
    "kommuner_uten_tilbud": (349, 428),
    "radmann_svar": (188, 442),
    "ringerunde": (254, 442),
    "tjenester_friskliv": (27, 41),
    "tjenester_eget_senter": (4, 41),
    "tjenester_koordinator": (6, 41),
    "tjenester_mange_ars_erfaring": (4, 41),
    "kommuner_friskliv": (51, 79),
    "tjenester_friskliv_mestring_i_navnet": (8, 27),
    "tjenester_friskliv_navn": (19, 27),
    "tjenester_prosjektfinansiert": (7, 41),
    "tjenester_ikke_i_gang": (4, 41),
    "tjenester_i_gang": (37, 41),
    "tilbud_totalt": (135, None),
    "brukerorg_etablering_ja": (29, 41),
    "brukerorg_etablering_nei": (10, 41),
    "brukerorg_etablering_vet_ikke": (2, 41),
    "rekruttering_brukerorg": (33, 37),
    "rekruttering_utenom": (3, 37),
    "rekruttering_vet_ikke": (1, 37),
}


@pytest.fixture(scope="module")
def seed7(tmp_path_factory, ref_dir: Path) -> dict[str, Path]:
    """Seed 7 written, cleaned and run through the published definition."""
    root = tmp_path_factory.mktemp("seed7")
    raw, processed = root / "raw", root / "data" / "processed"
    write_synthetic(raw, 7, ref_dir)
    clean_in(raw, processed, ALIASES)
    include_in(processed, DEFINITION, processed / "definisjoner" / "nklmh_2015")
    return {
        "raw": raw,
        "processed": processed,
        "include": processed / "definisjoner" / "nklmh_2015",
    }


@pytest.fixture(scope="module")
def seed2015(bundled_clean: Path, bundled_include: Path) -> dict[str, Path]:
    """The bundled data (seed 2015) through the same stages."""
    return {"raw": REPO / "data" / "raw", "processed": bundled_clean, "include": bundled_include}


@pytest.fixture(params=["seed2015", "seed7"])
def run(request) -> dict[str, Path]:
    return request.getfixturevalue(request.param)


def figures(include_dir: Path) -> dict[str, tuple[int, int | None]]:
    df = pd.read_csv(include_dir / "figures.csv", dtype={"figur": str})
    return {
        f: (int(v), None if pd.isna(n) else int(n))
        for f, v, n in zip(df["figur"], df["verdi"], df["nevner"], strict=True)
    }


class TestDeterminism:
    def test_seed_2015_reproduces_the_bundled_files(self, tmp_path: Path, ref_dir: Path) -> None:
        paths = write_synthetic(tmp_path, 2015, ref_dir)
        assert paths == [tmp_path / name for name in RAW_FILES]
        for name in RAW_FILES:
            assert (tmp_path / name).read_bytes() == (REPO / "data" / "raw" / name).read_bytes(), (
                name
            )

    def test_only_the_four_files_are_written(self, tmp_path: Path, ref_dir: Path) -> None:
        write_synthetic(tmp_path / "out", 2015, ref_dir)
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(RAW_FILES)

    @pytest.mark.parametrize("name", RAW_FILES)
    def test_another_seed_gives_other_files(self, seed7: dict[str, Path], name: str) -> None:
        assert (seed7["raw"] / name).read_bytes() != (REPO / "data" / "raw" / name).read_bytes()


class TestCalibration:
    @pytest.mark.parametrize(("figur", "expected"), list(PUBLISHED.items()))
    def test_published_figures(self, run: dict[str, Path], figur: str, expected: tuple) -> None:
        assert figures(run["include"])[figur] == expected

    def test_figures_agree_with_the_reference_file(
        self, run: dict[str, Path], ref_dir: Path
    ) -> None:
        published = pd.read_csv(ref_dir / "published_figures_2015.csv", dtype={"figur": str})
        published = dict(zip(published["figur"], published["verdi"], strict=True))
        computed = figures(run["include"])
        assert {f: computed[f][0] for f in PUBLISHED} == {f: published[f] for f in PUBLISHED}

    def test_nothing_quarantined(self, run: dict[str, Path]) -> None:
        processed = run["processed"]
        assert (processed / "quarantine.csv").read_text(encoding="utf-8") == (
            "fil,rad,kolonne,niva,arsak,variabel,enhet_id,tjeneste_id,kode\n"
        )
        acc = pd.read_csv(processed / "row_accounting.csv")
        assert acc["karantene"].tolist() == [0, 0, 0]
        assert (acc["rader_inn"] == acc["brukt"] + acc["slatt_sammen"]).all()

    def test_named_kommuner_are_covered(self, run: dict[str, Path]) -> None:
        status = pd.read_csv(run["include"] / "kommune_status.csv", dtype=str)
        assert len(status) == 428
        named = status.set_index("kommunenummer").loc[["0706", "1805", "0106"]]
        assert named["kommunenavn"].tolist() == ["Sandefjord", "Narvik", "Fredrikstad"]
        assert named["dekket"].tolist() == ["Ja", "Ja", "Ja"]
        assert (status["dekket"] == "Ja").sum() == 79

    def test_most_radmann_ja_were_not_services(self, run: dict[str, Path]) -> None:
        got = figures(run["include"])
        ja_uten, nevner = got["radmann_ja_uten_tjeneste"]
        ja = got["radmann_svar_ja"][0]
        assert nevner == ja
        assert 2 * ja_uten > ja
        assert (ja_uten, ja) == (45, 87)

    def test_row_accounting(self, run: dict[str, Path]) -> None:
        acc = pd.read_csv(run["processed"] / "row_accounting.csv").set_index("kilde")
        # Calibrated: 188 units answered, 12 corrected and 2 repeated submissions, 58
        # interviews, 3 repeated call-log lines. The call log's length varies with the seed.
        assert acc.loc["radmann_skjema", ["rader_inn", "brukt", "slatt_sammen"]].tolist() == [
            202,
            188,
            14,
        ]
        assert acc.loc["telefonintervju", ["rader_inn", "brukt", "slatt_sammen"]].tolist() == [
            58,
            58,
            0,
        ]
        assert acc.loc["ringerunde_logg", "slatt_sammen"] == 3
        assert acc.loc["ringerunde_logg", "rader_inn"] == acc.loc["ringerunde_logg", "brukt"] + 3


@pytest.fixture(scope="module")
def tables():
    return read_raw()


class TestBundledMess:
    def test_formats(self, tables) -> None:
        got = {name: (t.encoding, t.delimiter) for name, t in tables.items()}
        assert got == {
            "radmann_skjema": ("cp1252", ";"),
            "ringerunde_logg": ("utf-8", ","),
            "telefonintervju": ("xlsx", None),
        }

    def test_radmann_csv_is_windows_1252(self) -> None:
        raw = (REPO / "data" / "raw" / "radmann_skjema.csv").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text, encoding = decode_bytes(raw)
        assert encoding == "cp1252"
        assert text.startswith(
            "Svar-ID;Tidspunkt;Kommune/bydel;"
            "Har kommunen/bydelen en lærings- og mestringstjeneste?;"
        )

    def test_telefonintervju_is_a_real_xlsx(self) -> None:
        path = REPO / "data" / "raw" / "telefonintervju.xlsx"
        assert path.read_bytes()[:4] == b"PK\x03\x04"
        with zipfile.ZipFile(path) as zf:
            assert "xl/worksheets/sheet1.xml" in zf.namelist()

    def test_extra_columns_reported(self, tables) -> None:
        assert {n: t.ignored_columns for n, t in tables.items()} == {
            "radmann_skjema": ["Status", "Datakilde"],
            "ringerunde_logg": ["Datakilde"],
            "telefonintervju": ["Datakilde"],
        }

    def test_three_digit_kommunenummer(self, tables, bundled_clean: Path) -> None:
        three = re.compile(r"(?<!\d)\d{3}(?!\d)")
        typed = [
            v
            for src, col in [
                ("radmann_skjema", "enhet"),
                ("ringerunde_logg", "enhet"),
                ("telefonintervju", "vertskommune"),
            ]
            for v in tables[src].data[col].dropna()
            if three.search(v)
        ]
        assert len(typed) >= 3
        # Each was read as the kommune whose number has the leading 0 restored.
        notes = pd.read_csv(bundled_clean / "navnetolkning.csv", dtype=str, keep_default_na=False)
        by_number = notes.loc[notes["skrevet"].str.fullmatch(r"\d{3}")]
        assert len(by_number) >= 1
        assert (by_number["metode"] == "nummer").all()
        assert (by_number["enhet_id"] == "0" + by_number["skrevet"]).all()

    def test_answers_in_mixed_case(self, tables) -> None:
        answers = set(tables["radmann_skjema"].data["har_tjeneste"].dropna())
        # " Ja " reads as "Ja": every cell is normalised (and trimmed) at ingest.
        assert {"Ja", "JA", "ja", "NEI", "VET IKKE"} <= answers

    def test_fuzzy_name_matches(self, bundled_clean: Path) -> None:
        notes = pd.read_csv(bundled_clean / "navnetolkning.csv", dtype=str, keep_default_na=False)
        assert set(notes["metode"]) == {"nummer", "fuzzy"}
        fuzzy = notes.loc[notes["metode"] == "fuzzy"]
        assert len(fuzzy) >= 5
        # Every fuzzy reading says what was typed and what it was taken to be.
        for row in fuzzy.itertuples():
            assert re.fullmatch(
                rf"'{re.escape(row.skrevet)}' tolket som {row.enhet_id} .+ \(likhet \d+\)",
                row.merknad,
            ), row.merknad

    def test_corrected_and_repeated_submissions_merged(self, bundled_clean: Path) -> None:
        radmann = pd.read_parquet(bundled_clean / "radmann_svar.parquet")
        assert radmann["antall_innsendinger"].value_counts().to_dict() == {1: 174, 2: 14}
        acc = pd.read_csv(bundled_clean / "row_accounting.csv").set_index("kilde")
        assert acc["slatt_sammen"].to_dict() == {
            "radmann_skjema": 14,
            "ringerunde_logg": 3,
            "telefonintervju": 0,
        }
