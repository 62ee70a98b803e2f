"""The flow chart (Figur 1) counts in words that agree with the number: "1 tjeneste",
"2 tjenester", in the drawing and in its alternative text."""

from __future__ import annotations

import re
from html import unescape

import pytest

from lmsanalyse.report.figure_model import Figur, Figurer
from lmsanalyse.report.flow import flow_chart


def with_counts(bundled: Figurer, **counts: int) -> Figurer:
    return Figurer(
        [Figur(f["id"], counts.get(f["id"], f["verdi"]), f["nevner"]) for f in bundled.records()]
    )


@pytest.fixture(scope="module")
def bundled(bundled_run) -> Figurer:
    return Figurer.from_csv(bundled_run / "data" / "processed" / "figures.csv")


def drawn_text(svg: str) -> str:
    """The chart's visible text (the ``<text>`` elements; matplotlib writes text as text)."""
    return " ".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


@pytest.mark.parametrize(
    ("counts", "wanted", "unwanted"),
    [
        (
            {"tjenester_intervjuet": 1, "tjenester_ekskludert": 1, "tjenester": 1},
            ["Telefonintervju: 1 tjeneste", "Ekskludert: 1 tjeneste", "Inkludert: 1 tjeneste"],
            ["1 tjenester"],
        ),
        (
            {"tjenester_intervjuet": 2, "tjenester_ekskludert": 2, "tjenester": 2},
            ["Telefonintervju: 2 tjenester", "Ekskludert: 2 tjenester", "Inkludert: 2 tjenester"],
            ["2 tjeneste "],
        ),
    ],
)
def test_service_counts_agree_with_their_noun(bundled, counts, wanted, unwanted) -> None:
    chart = flow_chart(with_counts(bundled, **counts), [])
    text = drawn_text(str(chart.svg)).replace("\u00a0", " ")
    for phrase in wanted:
        assert phrase in text, phrase
    for phrase in unwanted:
        assert phrase not in text + " " and phrase not in chart.alt + " "
    interviewed = counts["tjenester_intervjuet"]
    noun = "tjeneste" if interviewed == 1 else "tjenester"
    assert f"{interviewed} {noun} ble intervjuet" in chart.alt
