"""Two real runs compared (issue 21's "Done when"): ``lmsanalyse run --register 2024`` on the
hand-made wave (tests/data/bolge2024, the conftest's ``workflow_run_2024``) against the bundled
2014/15 run (``workflow_run``), through ``lmsanalyse sammenlign`` with the bundled indicator.

``bolge_sammenligning.csv`` is checked against an independent computation in plain pandas
(tests/bolger.py: the 2014/15 statuses carried to 2024 by ``kommuneendringer_2014_2024.csv``
against the wave's own ``kommune_status.csv``), ``bolge_tall.csv`` against both runs'
``figures.csv``, and the outputs against PDF/UA-1, axe, the guard and the synthetic marking.
Last, the synthetic second wave of ``lmsanalyse synth --bolge 2025`` (written independently of
the comparison) through the same commands, against its generator's design.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from bolger import independent_comparison, read
from helpers import BOLGE_2024, REPO
from test_bolge_2024 import PERSONAL

pytestmark = pytest.mark.slow

INDIKATOR = REPO / "data" / "indikator" / "indikator.import.yaml"
# The 2024 kommuner the hand-made wave covers (tests/data/bolge2024/README.md, worked out by
# hand): Oslo, Bodø, Hamarøy, Indre Østfold, Heim, Hitra, Orkland.
COVERED_B = ["0301", "1804", "1875", "3118", "5055", "5056", "5059"]


@pytest.fixture(scope="module")
def comparison(workflow_run, workflow_run_2024, tmp_path_factory) -> tuple[Path, str]:
    """``lmsanalyse sammenlign A B --out C --indikator …``: the folder and what it printed."""
    from lmsanalyse.cli import main

    out = tmp_path_factory.mktemp("sammenligning_ekte") / "c"
    argv = ["sammenlign", str(workflow_run), str(workflow_run_2024), "--out", str(out),
            "--indikator", str(INDIKATOR)]  # fmt: skip
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(argv) == 0
    return out, printed.getvalue()


def test_the_command_line_says_what_changed(comparison):
    out, printed = comparison
    assert printed == (
        "Kommunene i 2024 (357): ny 2, økt 3, uendret 284, redusert 15, borte 53\n"
        "Tjenestene: fortsatt 0, slått sammen 0, delt 0, ikke funnet igjen 41, ny 5\n"
        f"Rapporten: {out / 'reports' / 'sammenligning.html'}\n"
    )


def test_bolge_sammenligning_agrees_with_an_independent_computation(
    comparison, workflow_run, workflow_run_2024
):
    out, _ = comparison
    expected = independent_comparison(workflow_run, workflow_run_2024)
    got = read(out / "data" / "bolge_sammenligning.csv").set_index("kommunenummer_2024")
    assert len(got) == 357 and got.index.is_unique
    pd.testing.assert_frame_equal(got[["status_a", "status_b", "endring"]].sort_index(), expected)
    # The wave's own kommune_status.csv is the worked-out one (its README).
    own = read(BOLGE_2024 / "expected" / "kommune_status.csv")
    assert sorted(own.loc[own["dekket"] == "Ja", "kommunenummer"]) == COVERED_B
    assert sorted(got.index[got["status_b"] == "dekket"]) == COVERED_B
    assert set(got.loc[~got.index.isin(COVERED_B), "status_b"]) == {"ikke dekket"}
    # Bodø and Hamarøy gained a service; Indre Østfold, Heim and Orkland, partly covered in
    # 2014/15, are covered; Oslo and Hitra were and are.
    assert got.loc[COVERED_B, "endring"].to_dict() == {
        "0301": "uendret", "1804": "ny", "1875": "ny", "3118": "økt", "5055": "økt",
        "5056": "uendret", "5059": "økt",
    }  # fmt: skip
    # Every other kommune lost what it had: covered → borte, partly → redusert.
    rest = got.loc[~got.index.isin(COVERED_B)]
    moved = {"dekket": "borte", "delvis dekket": "redusert", "ikke dekket": "uendret"}
    assert (rest["endring"] == rest["status_a"].map(moved)).all()
    assert got["endring"].value_counts().to_dict() == {
        "uendret": 284, "borte": 53, "redusert": 15, "økt": 3, "ny": 2,
    }  # fmt: skip
    # Narvik (with part of Tysfjord) was partly covered and has no included service now.
    assert got.loc["1806", ["status_a", "status_b", "endring"]].tolist() == [
        "delvis dekket", "ikke dekket", "redusert",
    ]  # fmt: skip
    assert got.loc["1875", "merknad"] == (
        "Slått sammen av 2 kommuner fra 2014: 1849 Hábmer - Hamarøy og 1850 Tysfjord - "
        "Divtasvuodna; har en del av 1850 Tysfjord - Divtasvuodna, som ble delt mellom "
        "Hamarøy og Narvik"
    )


def test_bolge_tall_is_both_runs_figures(comparison, workflow_run, workflow_run_2024):
    out, _ = comparison
    fa = read(workflow_run / "data" / "processed" / "figures.csv").set_index("figur")
    fb = read(workflow_run_2024 / "data" / "processed" / "figures.csv").set_index("figur")
    got = read(out / "data" / "bolge_tall.csv").set_index("figur")
    for figur in ("kommuner_med_tilbud", "kommuner_uten_tilbud", "tjenester",
                  "tjenester_kommunale", "tjenester_interkommunale"):  # fmt: skip
        assert got.loc[figur].tolist() == [*fa.loc[figur], *fb.loc[figur]], figur
    assert got.loc["kommuner_med_tilbud"].tolist() == ["79", "428", "7", "357"]
    # B is on today's map: its kommuner_2024_* are its own coverage, none partly covered.
    assert got.loc[[f"kommuner_2024_{s}" for s in ("dekket", "delvis_dekket", "ikke_dekket")],
                   ["verdi_a", "verdi_b"]].values.tolist() == [
        ["55", "7"], ["18", "0"], ["284", "350"],
    ]  # fmt: skip
    assert got.loc["tjenester"].tolist() == ["41", "", "5", ""]


def test_the_services_of_the_real_wave(comparison, workflow_run_2024):
    out, _ = comparison
    services = read(out / "data" / "bolge_tjenester.csv")
    new = services[services["utfall"] == "ny"]
    # The wave's five included services (B04 Narvik is excluded), none continuing a 2014/15
    # service of the same 2024 kommune by name.
    assert sorted(new["tjeneste_id_b"]) == ["B01", "B02", "B03", "B05", "B06"]
    assert services["utfall"].value_counts().to_dict() == {"borte": 41, "ny": 5}
    b06 = new.set_index("tjeneste_id_b").loc["B06"]
    assert (b06["kommunenummer_2024"], b06["naermeste_tjeneste"], b06["naermeste_likhet"]) == (
        "3118", "T003 Spydeberg frisklivssentral (ikke inkludert)", "65",
    )  # fmt: skip
    narvik = services[services["tjeneste_id_a"] == "T044"].iloc[0]
    assert narvik["naermeste_tjeneste"] == "B04 Narvik mestringssenter (ikke inkludert)"
    # Every candidate pair in the open: B03 (Frogner) shares Oslo with Alna's T008 but no
    # bydel; B06 has three services of A in exactly its kommune, two of them excluded then.
    pairs = read(out / "data" / "bolge_tjenestepar.csv")
    assert pairs[["tjeneste_id_a", "tjeneste_id_b", "kommuneoverlapp", "beslutning", "grunn"]
                 ].values.tolist() == [
        ["T002", "B06", "100", "ikke koblet", "kommunene overlapper like mye med en annen tjeneste"],
        ["T003", "B06", "100", "ikke koblet", "ikke inkludert i bølge A"],
        ["T004", "B06", "25", "ikke koblet",
         "kommunene til den ene ligger i den andre, men ingen sammenslåing eller deling ble funnet"],
        ["T005", "B06", "100", "ikke koblet", "ikke inkludert i bølge A"],
        ["T008", "B03", "0", "ikke koblet", "navnene og kommunene er for ulike"],
        ["T036", "B02", "43", "ikke koblet",
         "kommunene til den ene ligger i den andre, men ingen sammenslåing eller deling ble funnet"],
        ["T044", "B04", "33", "ikke koblet", "ikke inkludert i bølge B"],
    ]  # fmt: skip


def test_the_outputs_are_publishable_guarded_and_marked(comparison):
    from pdfcheck import pdf_info, pdfua_failures

    out, _ = comparison
    pdf = out / "reports" / "sammenligning.pdf"
    assert pdfua_failures(pdf) == []
    assert pdf_info(pdf).title == (
        "Lærings- og mestringstjenester i kommunene – bølge A (2014/2015) og bølge B (2025) "
        "sammenlignet (SYNTETISKE DATA – ikke reelle tall)"
    )
    record = json.loads((out / "data" / "provenance.json").read_text(encoding="utf-8"))
    # The bundled 2014/15 data and the bundled indicator are synthetic; the hand-made wave
    # is not marked.
    assert (record["syntetiske_data"], record["syntetisk_fordi"]) == (
        True,
        ["bølge A", "indikatoren"],
    )
    assert [(record["bolger"][w]["register"], record["bolger"][w]["etikett"]) for w in "AB"] == [
        ("2014", "2014/2015"), ("2024", "2025"),
    ]  # fmt: skip
    assert (out / "logs" / "personvernsjekk.txt").read_text(encoding="utf-8").startswith("OK: ")
    alt = (out / "reports" / "figurer" / "figur_01_endringskart.txt").read_text(encoding="utf-8")
    assert alt.startswith("SYNTETISKE DATA – ikke reelle tall\n\nFigur 1. Endring i dekning")
    assert "2 ny (mørke), 3 økt (mørk skravur), 284 uendret (hvite), 15 redusert" in alt
    # The personal values of the wave's raw exports reach none of the comparison's files.
    for path in out.rglob("*"):
        if path.suffix in (".csv", ".html", ".json", ".txt", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not [p for p in PERSONAL if p in text], path


def test_axe_finds_no_wcag_violation_in_the_real_comparison(comparison):
    from test_sammenligning_rapport import axe_and_reflow

    out, _ = comparison
    axe_and_reflow(out / "reports" / "sammenligning.html", ("borte", "Viser 53 av 357 rader"))


# ------------------------------------------- the synthetic 2025 wave (lmsanalyse synth --bolge)


@pytest.fixture(scope="module")
def synthetic_2025(workflow_run, tmp_path_factory) -> tuple[Path, Path]:
    """``synth --bolge 2025`` (seed 2015, the exports), ``run --register 2024`` on it, and
    ``sammenlign`` against the bundled run: the wave's run folder and the comparison's."""
    from lmsanalyse.cli import main

    root = tmp_path_factory.mktemp("bolge2025")
    raw, run, out = root / "raw", root / "run", root / "c"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["synth", "--bolge", "2025", "--out", str(raw)]) == 0
        assert main(["run", "--register", "2024", "--raw-dir", str(raw), "--out", str(run)]) == 0
        assert main(["sammenlign", str(workflow_run), str(run), "--out", str(out)]) == 0
    return run, out


def test_the_synthetic_2025_wave_against_the_bundled_run(synthetic_2025, workflow_run):
    """The generator was written independently of the comparison: its design is the truth."""
    from helpers import REF_DIR
    from lmsanalyse.config import load_config, register_config
    from lmsanalyse.tools.synth.wave2025 import (
        CLOSED,
        INCLUDED,
        MERGED_PAIRS,
        NO_LONGER,
        RENAMED,
        Kind,
        build_wave,
    )  # fmt: skip

    run, out = synthetic_2025
    wave = build_wave(2015, REF_DIR, load_config([register_config(2024)]).register)
    got = read(out / "data" / "bolge_sammenligning.csv").set_index("kommunenummer_2024")
    pd.testing.assert_frame_equal(
        got[["status_a", "status_b", "endring"]].sort_index(),
        independent_comparison(workflow_run, run),
    )
    assert set(got.index[got["status_b"] == "dekket"]) == wave.covered()
    assert len(wave.covered()) == 78
    tall = read(out / "data" / "bolge_tall.csv").set_index("figur")
    assert tall.loc["kommuner_2024_dekket", ["verdi_a", "verdi_b"]].tolist() == ["55", "78"]
    # What became of each service is the generator's design (wave.fates), read back in full:
    # continued (renamed or not) → fortsatt; a merged pair → slått sammen, both into one;
    # closed or no longer meeting the definition → borte; now meeting it or started → ny.
    included_a = {s.tjeneste_id for s in wave.before.services if s.intended == "inkludert"}
    expected = []
    for f in wave.fates:
        into = f.service.tjeneste_id if f.service and f.service.intended == "inkludert" else ""
        if f.kind in (Kind.CONTINUED, Kind.RENAMED) and into:
            expected.append(("fortsatt", f.before[0], into))
        elif f.kind == Kind.MERGED:
            expected += [("slått sammen", a, into) for a in f.before]
        elif f.before and f.before[0] in included_a and not into:
            expected.append(("borte", f.before[0], ""))  # closed, or no longer included
        elif into and (f.kind == Kind.STARTED or f.before[0] not in included_a):
            expected.append(("ny", "", into))
    services = read(out / "data" / "bolge_tjenester.csv")
    got = sorted(services[["utfall", "tjeneste_id_a", "tjeneste_id_b"]].itertuples(index=False))
    assert got == sorted(expected)
    # The counts the generator is built with (wave2025's constants): 41 included in 2014/15.
    continued = len(included_a) - CLOSED - 2 * MERGED_PAIRS - NO_LONGER
    assert services["utfall"].value_counts().to_dict() == {
        "fortsatt": continued, "ny": INCLUDED - continued - MERGED_PAIRS,
        "borte": CLOSED + NO_LONGER, "slått sammen": 2 * MERGED_PAIRS,
    }  # fmt: skip
    assert (continued, INCLUDED - continued - MERGED_PAIRS) == (31, 10)
    # The renamed ones are found by their kommuner where their names are too unlike.
    renamed = {f.before[0] for f in wave.fates if f.kind == Kind.RENAMED}
    rules = services.set_index("tjeneste_id_a").loc[sorted(renamed), "regel"]
    assert len(renamed) == RENAMED and set(rules) == {"navn", "kommuner"}
    # Each included service of either wave is in the table once (merged ones once per part).
    assert services["tjeneste_id_a"].replace("", pd.NA).dropna().is_unique
    tall = read(out / "data" / "bolge_tall.csv").set_index("figur")
    assert tall.loc["tjenester", ["verdi_a", "verdi_b"]].tolist() == [
        str(len(included_a)), str(INCLUDED),
    ]  # fmt: skip
    record = json.loads((out / "data" / "provenance.json").read_text(encoding="utf-8"))
    assert record["syntetisk_fordi"] == ["bølge A", "bølge B"]
