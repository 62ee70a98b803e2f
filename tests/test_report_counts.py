"""The report counts nothing itself: its tables of categories, offerings and 2024 fylker take
every number from ``figures.csv`` (the SQL's figures), not from the rows of a table."""

from __future__ import annotations

import pytest

from lmsanalyse.report.data import ReportDataError
from lmsanalyse.report.figure_model import Figur, Figurer
from lmsanalyse.report.tables import fylke_2024_rows, kategori_rows, tilbud_fordeling


def figurer(**values) -> Figurer:
    """Figures from ``name=verdi`` or ``name=(verdi, nevner)``."""
    return Figurer(
        [
            Figur(name, *(value if isinstance(value, tuple) else (value, None)))
            for name, value in values.items()
        ]
    )


CATEGORIES = {
    "tjenester_kommunale_friskliv": (16, 41),
    "tjenester_interkommunale_friskliv": (11, 41),
    "tjenester_kommunale_eget_senter": (4, 41),
    "tjenester_interkommunale_eget_senter": (0, 41),
    "tjenester_kommunale_koordinator": (4, 41),
    "tjenester_interkommunale_koordinator": (2, 41),
    "tjenester_kommunale_mange_ars_erfaring": (4, 41),
    "tjenester_interkommunale_mange_ars_erfaring": (0, 41),
    "tjenester_friskliv": (27, 41),
}


def test_the_categories_by_organisering_are_the_figures():
    rows = kategori_rows(figurer(**CATEGORIES))
    assert [(r["kategori"], r["kommunal"], r["interkommunal"]) for r in rows] == [
        ("friskliv", 16, 11),
        ("eget_senter", 4, 0),
        ("koordinator", 4, 2),
        ("mange_ars_erfaring", 4, 0),
    ]
    assert rows[0]["figur"] == Figur("tjenester_friskliv", 27, 41)
    assert rows[1]["figur"] is None
    assert rows[0]["tekst"] == "Organisert sammen med eller gitt av frisklivssentral"


def test_a_category_figure_missing_is_named():
    partial = {k: v for k, v in CATEGORIES.items() if k != "tjenester_interkommunale_koordinator"}
    with pytest.raises(ReportDataError) as err:
        kategori_rows(figurer(**partial))
    assert str(err.value) == (
        "figures.csv mangler figuren 'tjenester_interkommunale_koordinator', som rapporten bruker"
    )


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # By number, not by the figure id's text (10 after 2).
        ({"10": 1, "2": 3, "0": 4}, [(0, 4, 50.0), (2, 3, 37.5), (10, 1, 12.5)]),
        ({"5": 2}, [(5, 2, 100.0)]),
        ({}, []),
    ],
)
def test_the_services_by_offerings_are_the_figures(counts, expected):
    total = sum(counts.values())
    given = {f"tilbud_fordeling_{k}": (v, total) for k, v in counts.items()}
    rows = tilbud_fordeling(figurer(tilbud_totalt=135, tilbudstype_annet=(1, 2), **given))
    assert [(r["tilbud"], r["tjenester"], r["andel"]) for r in rows] == expected


def _kommune(fylke: str, navn: str, nr_2014: str) -> dict:
    return {"fylkesnr": fylke, "fylke": navn, "kommuner_2014": [{"nr": nr_2014}]}


def test_the_2024_fylker_take_their_counts_from_the_figures_not_the_rows():
    # One kommune row per fylke, while the figures count 3 and 5 kommuner: the figures win.
    kommuner = [_kommune("03", "Oslo", "0301"), _kommune("31", "Østfold", "0101")]
    given = figurer(
        fylke_2024_03_dekket=(1, 3),
        fylke_2024_03_delvis_dekket=(0, 3),
        fylke_2024_03_ikke_dekket=(2, 3),
        fylke_2024_31_dekket=(2, 5),
        fylke_2024_31_delvis_dekket=(1, 5),
        fylke_2024_31_ikke_dekket=(2, 5),
    )
    assert fylke_2024_rows(kommuner, given) == [
        {"nr": "31", "navn": "Østfold", "kommuner": 5, "dekket": 2, "delvis": 1, "ikke": 2},
        {"nr": "03", "navn": "Oslo", "kommuner": 3, "dekket": 1, "delvis": 0, "ikke": 2},
    ]
    with pytest.raises(ReportDataError, match="fylke_2024_34_dekket"):
        fylke_2024_rows([*kommuner, _kommune("34", "Innlandet", "0501")], given)
