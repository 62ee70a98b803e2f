"""Workbook sheet names: whole words within Excel's 31 characters."""

from __future__ import annotations

import pytest

from lmsanalyse.report.innhold import ARKNAVN, ARKNAVN_MAKS, Nummerert


@pytest.mark.parametrize("table", sorted(ARKNAVN))
def test_every_sheet_name_fits_without_a_cut(table) -> None:
    """Even with a two-digit number ("Tabell 19"), no name is cut."""
    t = Nummerert(table, 19, "Tittel", "Kilde", "Tabell", aar=2024)
    assert len(f"Tabell 19 {ARKNAVN[table].format(aar=2024)}") <= ARKNAVN_MAKS
    assert t.arknavn == f"Tabell 19 {ARKNAVN[table].format(aar=2024)}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tabell 19 Navn tolket etter likhet", "Tabell 19 Navn tolket etter"),
        ("Tabell 3 Svarprosent", "Tabell 3 Svarprosent"),
        ("Tabell 1 " + "x" * 22, "Tabell 1 " + "x" * 22),  # exactly 31
        ("Tabell 1 " + "x" * 21 + " y", "Tabell 1 " + "x" * 21),
    ],
)
def test_a_name_too_long_is_cut_after_a_whole_word(name, expected) -> None:
    from lmsanalyse.report.innhold import _cut_at_word

    assert _cut_at_word(name, ARKNAVN_MAKS) == expected
