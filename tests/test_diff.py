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


@pytest.mark.slow
class TestDiffManualDecision:
    def test_headline_change_on_the_first_lines(self, capsys, plain_run, run_with_decision):
        code, out = diff(capsys, plain_run, run_with_decision)
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == f"Forskjeller fra A = {plain_run} til B = {run_with_decision}"
        assert lines[1] == "Hovedtall:"
        assert lines[2] == (
            "  Kommuner med kommunal eller interkommunal tjeneste: 79 av 428 (18,5 %) → "
            "80 av 428 (18,7 %), +1"
        )
        assert lines[3] == "  Tjenester som oppfyller definisjonen: 41 (uendret)"
        assert lines[4] == (
            "  Innbyggere i dekkede kommuner: 1 486 068 av 5 165 802 (28,8 %) → "
            "1 487 474 av 5 165 802 (28,8 %), +1 406"
        )
        assert lines[8].startswith("Oppsummering: 3 hovedtall endret, ")
        assert "1 kommune med endret dekning" in lines[8]
        assert "0 tjenester med endret beslutning" in lines[8]

    def test_groups_labels_and_fylke_names(self, capsys, plain_run, run_with_decision):
        _, out = diff(capsys, plain_run, run_with_decision)
        lines = out.splitlines()
        dekning = lines.index("Dekning (16 tall endret):")
        assert lines[dekning + 1] == (
            "  Kommuner uten tjeneste: 349 av 428 (81,5 %) → 348 av 428 (81,3 %), −1"
        )
        assert (
            "  Innbyggere i dekkede kommuner i Østfold: 113 815 av 287 198 (39,6 %) → "
            "115 221 av 287 198 (40,1 %), +1 406"
        ) in lines
        assert "Manuelle beslutninger (1 tall endret):" in lines
        assert "  Manuelle beslutninger om en kommune: 0 → 1, +1" in lines
        # No internal keys, no raw numbers.
        assert not any("fylke_01" in line or "kommuner_med_tilbud" in line for line in lines)

    def test_the_kommune_and_why(self, capsys, plain_run, run_with_decision):
        _, out = diff(capsys, plain_run, run_with_decision)
        lines = out.splitlines()
        assert "Kommuner med endret dekning (1):" in lines
        assert (
            "  0118 Aremark (Østfold): ikke dekket (oppga tjeneste, ikke bekreftet) → "
            "dekket (manuelt inkludert)"
        ) in lines
        assert (
            "    nå: Manuell beslutning: inkluder (Tjenesten bekreftet skriftlig etter "
            "intervjuperioden; ABC, 1. februar 2015). Etter reglene: Oppga tjeneste (spørreskjema), "
            "men ingen tjeneste ble intervjuet (I1 intervjuet)"
        ) in lines
        # No service decision changed.
        assert not any(line.startswith("Tjenester med endret beslutning") for line in lines)

    def test_json(self, capsys, plain_run, run_with_decision):
        code, out = diff(capsys, plain_run, run_with_decision, "--json")
        assert code == 0
        data = json.loads(out)
        assert [k["kommunenummer"] for k in data["kommuner"]] == ["0118"]
        assert data["tjenester"] == []
        assert data["hovedtall"][0] == {
            "figur": "kommuner_med_tilbud",
            "etikett": "Kommuner med kommunal eller interkommunal tjeneste",
            "gruppe": "hovedtall",
            "a": 79,
            "b": 80,
            "nevner_a": 428,
            "nevner_b": 428,
            "endret": True,
            "bare_nevner": False,
        }


@pytest.mark.slow
class TestDiffCorrectedRow:
    def test_the_corrected_service_and_its_kommune(self, capsys, plain_run, run_with_correction):
        code, out = diff(capsys, plain_run, run_with_correction)
        assert code == 0
        lines = out.splitlines()
        assert lines[3] == "  Tjenester som oppfyller definisjonen: 41 → 42, +1"
        assert "  0517 Sel (Oppland): ikke dekket (tjeneste ekskludert) → dekket" in lines
        assert "    nå: Dekket gjennom T012 (kommunal)" in lines
        assert (
            "  T012 Sel frisklivssentral: inkludert Nei → Ja; regler ikke oppfylt: "
            "I2 brukermedvirkning → ingen"
        ) in lines
        # Shares that changed only with their denominator are counted, not listed.
        # (40, and the 13 figures by category and by offerings whose value did not change.)
        assert "(og 53 med bare ny nevner)" in lines[8]
        assert "    nå: Oppfyller alle regler i definisjonen" in lines
        assert not any(line.startswith("  Tjenester med eget senter") for line in lines)
        # The offers counted are of every type, as the report says.
        assert "  Tilbud siste år (alle typer), tjenester i gang: 135 → 137, +2" in lines


class TestDiffSameRun:
    def test_no_differences(self, capsys, plain_run):
        code, out = diff(capsys, plain_run, plain_run)
        assert code == 0
        assert out == f"Ingen forskjeller: begge er kjøringen i {plain_run}.\n"

    def test_runs_are_named_by_their_folders_written_out(self, capsys, plain_run, monkeypatch):
        monkeypatch.chdir(plain_run)
        code, out = diff(capsys, Path("."), Path(".") / ".." / plain_run.name)
        assert code == 0
        assert out == f"Ingen forskjeller: begge er kjøringen i {plain_run}.\n"

    def test_missing_run_is_an_error(self, capsys, plain_run, tmp_path):
        code = main(["diff", str(plain_run), str(tmp_path)])
        assert code == 2
        assert "fant ikke figures.csv" in capsys.readouterr().err


# ---------------------------------------------------------------- meanings, on small runs


def small_run(root: Path, services: list[dict], kommuner: list[dict], enheter=()) -> Path:
    """A run folder with the four tables diff reads, written from rows."""
    import pandas as pd

    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    figures = [{"figur": "kommuner_med_tilbud", "verdi": 1, "nevner": 428}]
    pd.DataFrame(figures).to_csv(processed / "figures.csv", index=False)
    pd.DataFrame(services).to_csv(processed / "tjeneste_status.csv", index=False)
    pd.DataFrame(kommuner).to_csv(processed / "kommune_status.csv", index=False)
    columns = ["enhet_id", "enhet_navn", "radmann_svar", "ringerunde_utfall", "aapor_kode"]
    pd.DataFrame(list(enheter), columns=columns).to_csv(processed / "enhet_status.csv", index=False)
    return root


def tjeneste(tid: str, host: str, name: str, inkludert: str = "Ja", feilede: str = "") -> dict:
    return {
        "tjeneste_id": tid,
        "inkludert": inkludert,
        "kategori": "friskliv",
        "feilede_regler": feilede,
        "arsak": "x",
        "manuell_beslutning": "",
        "tjeneste_navn": name,
        "vertskommune_id": host,
    }


def kommune(nr: str, dekket: str, status: str, ider: str = "") -> dict:
    return {
        "kommunenummer": nr,
        "kommunenavn": f"K{nr}",
        "fylkesnavn": "Østfold",
        "fylkesnummer": nr[:2],
        "dekket": dekket,
        "tjeneste_ider": ider,
        "status_kode": status,
        "arsak": "x",
    }


def test_services_are_matched_by_host_and_name_when_ids_differ(tmp_path):
    from lmsanalyse.tools.diff import diff_runs

    a = small_run(
        tmp_path / "a",
        [tjeneste("T1", "0101", "Friskliv Halden"), tjeneste("T2", "0104", "LMS Moss")],
        [kommune("0101", "Ja", "dekket", "T1"), kommune("0104", "Ja", "dekket", "T2")],
    )
    b = small_run(
        tmp_path / "b",
        # Numbered the other way round in the other data set; Moss now excluded.
        [tjeneste("T1", "0104", "LMS  moss", "Nei", "I2_brukermedvirkning"),
         tjeneste("T2", "0101", "Friskliv Halden")],
        [kommune("0101", "Ja", "dekket", "T2"), kommune("0104", "Nei", "ekskludert")],
    )  # fmt: skip
    d = diff_runs(a, b)
    assert [(t["tjeneste_id_a"], t["tjeneste_id_b"]) for t in d.tjenester_ny_id] == [
        ("T2", "T1"),
        ("T1", "T2"),
    ]
    # Only Moss's service changed its decision; Halden is the same service under another id.
    assert [(t["tjeneste_id_a"], t["tjeneste_id_b"], t["endret"]) for t in d.tjenester] == [
        ("T2", "T1", ["inkludert", "feilede_regler"])
    ]
    assert [k["kommunenummer"] for k in d.kommuner] == ["0104"]
    assert d.kommuner_status == []  # Halden's T1 → T2 is no change
    assert d.tjenester_bare_a == d.tjenester_bare_b == []


def test_a_status_code_with_the_same_meaning_is_no_change(tmp_path):
    from lmsanalyse.tools.diff import diff_runs

    # An older run's code for the same label (KOMMUNE_STATUS: "Svarte nei").
    a = small_run(tmp_path / "a", [], [kommune("0101", "Nei", "Svarte nei")])
    b = small_run(tmp_path / "b", [], [kommune("0101", "Nei", "svarte_nei")])
    d = diff_runs(a, b)
    assert d.empty


def test_status_changes_without_coverage_change_are_grouped(capsys, tmp_path):
    a = small_run(
        tmp_path / "a",
        [],
        [kommune(nr, "Nei", "svarte_nei") for nr in ("0101", "0104", "0105")],
        [("0101", "Halden", "Nei", "", "1.1")],
    )
    b = small_run(
        tmp_path / "b",
        [],
        [kommune("0101", "Nei", "uavklart"), kommune("0104", "Nei", "uavklart"),
         kommune("0105", "Nei", "svarte_nei")],
        [("0101", "Halden", "Vet ikke", "", "1.1")],
    )  # fmt: skip
    code, out = diff(capsys, a, b)
    lines = out.splitlines()
    assert "Kommuner med endret status, samme dekning (2):" in lines
    assert "  svarte nei → ikke avklart: 2 kommuner (0101 K0101, 0104 K0104)" in lines
    assert "Enheter med endrede svar (1):" in lines
    assert "  spørreskjema «Nei» → «Vet ikke»: 1 enhet (0101 Halden)" in lines
    assert "2 med endret status ellers" in next(x for x in lines if x.startswith("Oppsummering"))


def test_a_service_line_says_only_what_changed(capsys, tmp_path):
    """A manual decision that changes nothing else: no "I4 → I4" for the rules it still fails,
    and rules by their labels, never their ids."""
    failing = tjeneste("T1", "0101", "Friskliv Halden", "Nei", "I4_lms_tilbud")
    decided = failing | {"manuell_beslutning": "ekskluder"}
    moved = tjeneste("T2", "0104", "LMS Moss", "Nei", "I4_lms_tilbud;I2_brukermedvirkning")
    rows = [kommune("0101", "Nei", "ekskludert"), kommune("0104", "Nei", "ekskludert")]
    a = small_run(tmp_path / "a", [failing, tjeneste("T2", "0104", "LMS Moss")], rows)
    b = small_run(tmp_path / "b", [decided, moved], rows)
    _, out = diff(capsys, a, b)
    lines = out.splitlines()
    assert "  T1 Friskliv Halden: annen manuell beslutning" in lines
    assert (
        "  T2 LMS Moss: inkludert Ja → Nei; regler ikke oppfylt: ingen → I4 LMS-tilbud, "
        "I2 brukermedvirkning"
    ) in lines
    assert "I4_lms_tilbud" not in out and "→ I4 LMS-tilbud\n" not in out
