"""Where a run's and a comparison's files live: the layouts share their folders' shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmsanalyse.compare.comparison_layout import ComparisonLayout
from lmsanalyse.layout import RunLayout


@pytest.mark.parametrize("root", ["ut", "/tmp/kjøring a", "."])
def test_a_run_s_files(root: str) -> None:
    run = RunLayout.of(root)
    r = Path(root)
    assert run.processed == r / "data" / "processed"
    assert run.reports == r / "reports"
    assert run.provenance == r / "data" / "processed" / "provenance.json"
    assert run.datapackage == r / "data" / "processed" / "datapackage.json"
    assert run.sensitivity == r / "data" / "processed" / "sensitivitet.csv"
    assert run.sensitivity_changes == r / "data" / "processed" / "sensitivitet_endringer.csv"
    assert run.report_files() == [
        r / "reports" / name
        for name in (
            "lms_kartlegging.html",
            "lms_kartlegging.pdf",
            "lms_kartlegging_vedlegg.pdf",
            "lms_kartlegging.xlsx",
            "sensitivitet.html",
            "sensitivitet.pdf",
        )
    ]
    assert run.guard_record == r / "logs" / "personvernsjekk.txt"
    assert run.log("include/nklmh_2015") == r / "logs" / "include" / "nklmh_2015.log"
    assert run.figure_files(["figur_01_flyt"]) == [
        r / "reports" / "figurer" / f"figur_01_flyt{ext}" for ext in (".svg", ".png", ".txt")
    ]


@pytest.mark.parametrize("root", ["c", "/tmp/sammenligning"])
def test_a_comparison_s_files(root: str) -> None:
    c = ComparisonLayout.of(root)
    r = Path(root)
    assert c.outputs(indicator=False) == {
        "kommuner": r / "data" / "bolge_sammenligning.csv",
        "tall": r / "data" / "bolge_tall.csv",
        "fylker": r / "data" / "bolge_fylker.csv",
        "tjenester": r / "data" / "bolge_tjenester.csv",
        "tjenestepar": r / "data" / "bolge_tjenestepar.csv",
        "provenance": r / "data" / "provenance.json",
        "html": r / "reports" / "sammenligning.html",
        "pdf": r / "reports" / "sammenligning.pdf",
        "xlsx": r / "reports" / "sammenligning.xlsx",
        "personvernsjekk": r / "logs" / "personvernsjekk.txt",
    }
    assert set(c.outputs(indicator=True)) - set(c.outputs()) == {
        "indikator_kommuner",
        "indikator_krysstabell",
        "indikator_rader",
    }
    assert c.figure_files(["figur_02_kart"])[1] == r / "reports" / "figurer" / "figur_02_kart.png"
    assert c.log("sammenligning") == r / "logs" / "sammenligning.log"


def test_the_layouts_are_values() -> None:
    """Frozen and compared by folder, as before they shared a base."""
    assert RunLayout.of("a") == RunLayout(Path("a"))
    assert RunLayout.of("a") != ComparisonLayout.of("a")
    with pytest.raises(AttributeError):
        RunLayout.of("a").root = Path("b")  # type: ignore[misc]
