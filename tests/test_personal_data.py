"""Personal data and free text never leave the raw files.

Every value of a column the contract marks as personal, and every free-text comment, is read
from the bundled raw data; none may appear in any file the clean stage writes, and no
e-mail address or ``+47`` phone number may appear there at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers import read_raw
from lmsanalyse.contract import SOURCES

REPO = Path(__file__).resolve().parents[1]

PERSONAL = {
    "radmann_skjema": ["kontaktperson", "kontakt_telefon", "kontakt_epost", "kommentar"],
    "ringerunde_logg": ["kontaktperson", "telefon", "notat"],
    "telefonintervju": ["intervjuer", "leder_navn", "leder_telefon"],
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+47[\s\d]{8,}")


@pytest.fixture(scope="module")
def personal_values() -> dict[tuple[str, str], set[str]]:
    tables = read_raw()
    return {
        (src, col): {v.strip() for v in tables[src].data[col].dropna() if v.strip()}
        for src, cols in PERSONAL.items()
        for col in cols
    }


@pytest.fixture(scope="module")
def output_texts(bundled_clean: Path, bundled_include: Path) -> dict[str, str]:
    """Every file under the processed dir as text (Parquet through pandas, all columns).

    ``bundled_include`` writes the definition's outputs under the same dir, so that they are
    searched as well.
    """
    texts = {}
    for path in sorted(p for p in bundled_clean.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            df = pd.read_parquet(path)
            texts[str(path.relative_to(bundled_clean))] = "\n".join(
                [" | ".join(map(str, df.columns))]
                + [" | ".join(map(str, row)) for row in df.itertuples(index=False)]
            )
        else:
            texts[str(path.relative_to(bundled_clean))] = path.read_text(encoding="utf-8")
    return texts


class TestContractPersonalColumns:
    def test_list_matches_the_contract(self) -> None:
        never = {(s.name, c.name) for s in SOURCES.values() for c in s.columns if c.never_output}
        assert never == {(src, col) for src, cols in PERSONAL.items() for col in cols}


class TestBundledPersonalData:
    @pytest.mark.parametrize(
        ("src", "col", "minimum"),
        [
            ("radmann_skjema", "kontaktperson", 50),
            ("radmann_skjema", "kontakt_telefon", 50),
            ("radmann_skjema", "kontakt_epost", 50),
            ("radmann_skjema", "kommentar", 5),
            ("ringerunde_logg", "kontaktperson", 50),
            ("ringerunde_logg", "telefon", 50),
            ("ringerunde_logg", "notat", 5),
            ("telefonintervju", "intervjuer", 2),
            ("telefonintervju", "leder_navn", 20),
            ("telefonintervju", "leder_telefon", 50),
        ],
    )
    def test_raw_files_hold_personal_values(
        self, personal_values, src: str, col: str, minimum: int
    ) -> None:
        # The check below is only meaningful if there is something to look for.
        assert len(personal_values[(src, col)]) >= minimum

    def test_raw_values_are_fictitious(self, personal_values) -> None:
        emails = personal_values[("radmann_skjema", "kontakt_epost")]
        assert all(e.endswith("@kommune-eksempel.invalid") for e in emails)
        phones = (
            personal_values[("radmann_skjema", "kontakt_telefon")]
            | personal_values[("ringerunde_logg", "telefon")]
            | personal_values[("telefonintervju", "leder_telefon")]
        )
        assert all(p.startswith("+47 000 ") for p in phones)

    def test_expected_outputs_are_searched(self, output_texts) -> None:
        assert {
            "radmann_svar.parquet",
            "ringerunde.parquet",
            "telefonintervju.parquet",
            "quarantine.csv",
            "row_accounting.csv",
            "navnetolkning.csv",
            "definisjoner/nklmh_2015/kommune_status.csv",
            "definisjoner/nklmh_2015/tjeneste_status.csv",
            "definisjoner/nklmh_2015/figures.csv",
        } <= set(output_texts)

    def test_no_personal_value_in_any_output(self, personal_values, output_texts) -> None:
        leaks = [
            (name, src, col, value)
            for (src, col), values in personal_values.items()
            for value in sorted(values)
            for name, text in output_texts.items()
            if value in text
        ]
        assert leaks == []

    @pytest.mark.parametrize("pattern", [EMAIL, PHONE], ids=["email", "phone"])
    def test_no_contact_pattern_in_any_output(self, output_texts, pattern: re.Pattern) -> None:
        hits = {name: pattern.findall(text) for name, text in output_texts.items()}
        assert {name: found for name, found in hits.items() if found} == {}

    def test_patterns_would_find_the_raw_values(self, personal_values) -> None:
        # Guard the guard: the patterns do match the raw contact data.
        email = next(iter(sorted(personal_values[("radmann_skjema", "kontakt_epost")])))
        phone = next(iter(sorted(personal_values[("ringerunde_logg", "telefon")])))
        assert EMAIL.search(f"x {email} y")
        assert PHONE.search(f"x '{phone} y")

    @pytest.mark.parametrize("name", ["radmann_svar", "ringerunde", "telefonintervju"])
    def test_parquet_columns(self, bundled_clean: Path, name: str) -> None:
        columns = set(pq.read_schema(bundled_clean / f"{name}.parquet").names)
        personal = {col for cols in PERSONAL.values() for col in cols}
        assert columns & personal == set()
