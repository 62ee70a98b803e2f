"""``lmsanalyse diff``: what a manual decision or a corrected raw row changes between two runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from helpers import build_run
from lmsanalyse.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_with_decision(tmp_path_factory) -> Path:
    """The bundled data with one recorded manual decision: Aremark (rådmann Ja, no interview)."""
    base = tmp_path_factory.mktemp("with_decision")
    decisions = base / "beslutninger.csv"
    decisions.write_text(
        "objekt,beslutning,begrunnelse,besluttet_av,dato\n"
        "0118,inkluder,Tjenesten bekreftet skriftlig etter intervjuperioden,ABC,2015-02-01\n",
        encoding="utf-8",
    )
    return build_run(base / "run", definitions=("nklmh_2015",), manual_decisions=decisions).root


@pytest.fixture(scope="module")
def run_with_correction(tmp_path_factory) -> Path:
    """The bundled data with one interview row corrected: T012 (Sel) evaluering Nei → Ja."""
    base = tmp_path_factory.mktemp("with_correction")
    raw = base / "raw"
    shutil.copytree(REPO / "data" / "raw", raw)
    wb = openpyxl.load_workbook(raw / "telefonintervju.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("ID")].value == "T012")
    assert row[header.index("bm_evaluering")].value == "Nei"
    row[header.index("bm_evaluering")].value = "Ja"
    wb.save(raw / "telefonintervju.xlsx")
    return build_run(base / "run", raw, definitions=("nklmh_2015",)).root


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory) -> Path:
    return build_run(tmp_path_factory.mktemp("plain") / "run", definitions=("nklmh_2015",)).root


def diff(capsys, a: Path, b: Path, *extra: str) -> tuple[int, str]:
    code = main(["diff", str(a), str(b), *extra])
    return code, capsys.readouterr().out


class TestDiffManualDecision:
    def test_text_names_the_kommune_and_why(self, capsys, plain_run, run_with_decision):
        code, out = diff(capsys, plain_run, run_with_decision)
        assert code == 0
        lines = out.splitlines()
        assert "  kommuner_med_tilbud: 79 → 80" in lines
        assert "  kommuner_uten_tilbud: 349 → 348" in lines
        assert "  manuelle_beslutninger_kommune: 0 → 1" in lines
        assert "Kommuner med endret status (1):" in lines
        assert "  0118 Aremark: dekket Nei → Ja, ja_uten_bekreftelse → manuelt_inkludert" in lines
        assert (
            "    nå: Manuell beslutning: inkluder (Tjenesten bekreftet skriftlig etter "
            "intervjuperioden; ABC, 2015-02-01). Etter reglene: Oppga tjeneste (spørreskjema), "
            "men ingen tjeneste ble bekreftet i telefonintervju (I1_intervjuet)"
        ) in lines
        # No service decision changed.
        assert not any(line.startswith("Tjenester med endret beslutning") for line in lines)

    def test_json(self, capsys, plain_run, run_with_decision):
        code, out = diff(capsys, plain_run, run_with_decision, "--json")
        assert code == 0
        data = json.loads(out)
        assert [k["kommunenummer"] for k in data["kommuner"]] == ["0118"]
        assert data["tjenester"] == []


class TestDiffCorrectedRow:
    def test_the_corrected_service_and_its_kommune(self, capsys, plain_run, run_with_correction):
        code, out = diff(capsys, plain_run, run_with_correction)
        assert code == 0
        lines = out.splitlines()
        assert "  tjenester: 41 → 42" in lines
        assert "  kommuner_med_tilbud: 79 → 80" in lines
        assert "  0517 Sel: dekket Nei → Ja, ekskludert → dekket" in lines
        assert "    nå: Dekket gjennom T012 (kommunal)" in lines
        assert (
            "  T012 Sel frisklivssentral: inkludert Nei → Ja, feilede regler I2_brukermedvirkning → –"
        ) in lines


class TestDiffSameRun:
    def test_no_differences(self, capsys, plain_run):
        code, out = diff(capsys, plain_run, plain_run)
        assert code == 0
        assert out == f"Ingen forskjeller mellom {plain_run} og {plain_run}.\n"

    def test_missing_run_is_an_error(self, capsys, plain_run, tmp_path):
        code = main(["diff", str(plain_run), str(tmp_path)])
        assert code == 2
        assert "fant ikke figures.csv" in capsys.readouterr().err
