"""Personal data and free text never leave the raw files.

Every value of a column the contract marks as personal, and every free-text comment, is read
from the bundled raw data; none may appear, in any Unicode form or case, in any file the clean
and include stages write, and no e-mail address or phone number may appear there at all. This
module checks it independently of the guard's automaton (plain normalised substring search),
and checks that the guard names the raw cell when the clean stage's own messages quote one.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers import ALIASES, REF_DIR, clean_in, copy_raw, read_raw
from lmsanalyse.contract import SOURCES
from lmsanalyse.guard import check_outputs
from lmsanalyse.guard.normalise import normalise
from lmsanalyse.guard.patterns import digit_runs, is_phone
from lmsanalyse.ingest.sources import find_raw_files

REPO = Path(__file__).resolve().parents[1]

PERSONAL = {
    "radmann_skjema": ["kontaktperson", "kontakt_telefon", "kontakt_epost", "kommentar"],
    "ringerunde_logg": ["kontaktperson", "telefon", "notat"],
    "telefonintervju": ["intervjuer", "leder_navn", "leder_telefon"],
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+47[\s\d]{8,}")


def phones(text: str) -> list[str]:
    """Phone numbers in any format (the guard's digit runs)."""
    return [r.digits for r in digit_runs(normalise(text, lines=True)) if is_phone(r)]


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
        # Normalised on both sides (NFKC, case, spaces, invisible characters), as the guard
        # compares; values shorter than 6 characters are left out as the guard leaves them.
        texts = {name: normalise(text) for name, text in output_texts.items()}
        leaks = [
            (name, src, col, value)
            for (src, col), values in personal_values.items()
            for value in sorted(values)
            if len(normalise(value)) >= 6
            for name, text in texts.items()
            if normalise(value) in text
        ]
        assert leaks == []

    def test_no_phone_number_in_any_format(self, output_texts) -> None:
        assert {name: phones(text) for name, text in output_texts.items() if phones(text)} == {}

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


class TestQuotedInMessages:
    def test_a_name_typed_as_the_unit_never_reaches_the_quarantine(self, tmp_path) -> None:
        """A contact person's name typed in the unit column is unrecognised text: quarantine.csv
        gives its length, not the name, so the guard finds nothing there."""
        raw = copy_raw(tmp_path / "raw")
        path = raw / "ringerunde_logg.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        header = rows[0]
        i = next(i for i, r in enumerate(rows[1:], start=1) if r[header.index("kontaktperson")])
        name = rows[i][header.index("kontaktperson")]
        rows[i][header.index("enhet")] = name.upper()
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        processed = tmp_path / "processed"
        clean_in(raw, processed)
        quarantine = processed / "quarantine.csv"
        text = quarantine.read_text(encoding="utf-8")
        assert normalise(name) not in normalise(text)
        assert (
            f'ringerunde_logg.csv,{i + 1},enhet,rad,"«verdien i cellen, {len(name)} tegn» er ikke'
            in text
        )
        check_outputs(find_raw_files(raw), ALIASES, [processed], REF_DIR)  # nothing found
        assert quarantine.exists()
