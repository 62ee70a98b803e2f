"""The bundled survey as SurveyXact and Nettskjema exports (data/examples/surveyxact_nettskjema)
gives exactly the decisions and figures of the contract-shaped files in data/raw.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from helpers import REF_DIR, clean_into, include_into, read_raw, validate_dir
from lmsanalyse.guard import has_synthetic_marker
from lmsanalyse.layout import RunLayout
from lmsanalyse.tools.synth.examples import write_examples
from lmsanalyse.tools.synth.surveyxact_export import VARIANTS

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "surveyxact_nettskjema"
DECISIONS = ("tjeneste_status.csv", "kommune_status.csv", "enhet_status.csv")
# Test submissions the maps leave out: counted as rows in and quarantined, nowhere else.
LEFT_OUT = {"radmann_skjema": 3, "telefonintervju": 2}


@pytest.fixture(scope="module")
def example_layout(tmp_path_factory) -> RunLayout:
    """The clean and include stages run on the examples."""
    layout = RunLayout(tmp_path_factory.mktemp("examples"))
    clean_into(EXAMPLES, layout)
    include_into(layout)
    return layout


def test_every_file_is_marked_synthetic() -> None:
    files = [p for p in EXAMPLES.rglob("*") if p.is_file()]
    assert len(files) == 9
    assert [p for p in files if not has_synthetic_marker(p)] == []


def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    write_examples(tmp_path, 2015, REF_DIR)
    mine = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(EXAMPLES) for p in EXAMPLES.rglob("*") if p.is_file())
    assert mine == shipped
    assert [p for p in mine if (tmp_path / p).read_bytes() != (EXAMPLES / p).read_bytes()] == []


def test_validate_finds_nothing() -> None:
    assert validate_dir(EXAMPLES) == []


class TestSameAsContractFiles:
    @pytest.mark.parametrize("name", DECISIONS)
    def test_decision_tables_are_byte_identical(
        self, example_layout: RunLayout, bundled_include: Path, name: str
    ) -> None:
        assert filecmp.cmp(
            example_layout.definition_dir("nklmh_2015") / name,
            bundled_include / name,
            shallow=False,
        )

    def test_figures_differ_only_by_the_rows_left_out(
        self, example_layout: RunLayout, bundled_include: Path
    ) -> None:
        def figures(folder: Path) -> pd.DataFrame:
            return pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)

        mine = figures(example_layout.definition_dir("nklmh_2015")).set_index("figur")
        bundled = figures(bundled_include).set_index("figur")
        assert list(mine.index) == list(bundled.index)
        differ = mine.index[(mine != bundled).any(axis=1)]
        expected = {f"rader_{k}_{s}" for s in LEFT_OUT for k in ("inn", "karantene")}
        assert set(differ) == expected
        for source, n in LEFT_OUT.items():
            for kind in ("inn", "karantene"):
                figur = f"rader_{kind}_{source}"
                assert int(mine.at[figur, "verdi"]) - int(bundled.at[figur, "verdi"]) == n

    @pytest.mark.parametrize("table", ["radmann_svar", "ringerunde", "telefonintervju"])
    def test_cleaned_tables_are_equal(
        self, example_layout: RunLayout, bundled_layout: RunLayout, table: str
    ) -> None:
        def read(layout: RunLayout) -> pd.DataFrame:
            return pd.read_parquet(layout.clean(table)).drop(columns=["_rad"])

        pd.testing.assert_frame_equal(read(example_layout), read(bundled_layout))


class TestProvenanceOfRows:
    def test_row_accounting(self, example_layout: RunLayout) -> None:
        acc = pd.read_csv(example_layout.clean("row_accounting"), dtype=str, keep_default_na=False)
        rows = acc.set_index("kilde")[
            ["fil", "format", "skilletegn", "rader_inn", "brukt", "slatt_sammen", "karantene"]
            + ["utelatt", "importkart", "importformat", "ignorerte_kolonner"]
        ]
        assert rows.to_dict("index") == {
            "radmann_skjema": {
                "fil": "radmann/dataset.csv",
                "format": "utf-16",
                "skilletegn": "tabulator",
                "rader_inn": "205",
                "brukt": "188",
                "slatt_sammen": "14",
                "karantene": "3",
                "utelatt": "3",
                "importkart": "radmann_skjema.import.yaml",
                "importformat": "surveyxact",
                "ignorerte_kolonner": "email; syntetisk; stato_1; stato_2; stato_3; stato_5; datakilde",
            },
            "ringerunde_logg": {
                "fil": "ringerunde_logg.csv",
                "format": "utf-8",
                "skilletegn": ",",
                "rader_inn": "494",
                "brukt": "491",
                "slatt_sammen": "3",
                "karantene": "0",
                "utelatt": "0",
                "importkart": "",
                "importformat": "",
                "ignorerte_kolonner": "Datakilde",
            },
            "telefonintervju": {
                "fil": "intervju/data-118447-2015-01-31-1200.txt",
                "format": "utf-8",
                "skilletegn": ";",
                "rader_inn": "60",
                "brukt": "58",
                "slatt_sammen": "0",
                "karantene": "2",
                "utelatt": "2",
                "importkart": "telefonintervju.import.yaml",
                "importformat": "nettskjema",
                "ignorerte_kolonner": "$created; datakilde; $answer_time_ms",
            },
        }

    def test_quarantine_holds_the_rows_left_out_with_the_reason(
        self, example_layout: RunLayout
    ) -> None:
        q = pd.read_csv(example_layout.clean("quarantine"), dtype=str, keep_default_na=False)
        q = q.drop(columns=["enhet_id", "tjeneste_id", "kode"])  # left-out rows name no entity
        assert q.values.tolist() == [
            ["intervju/data-118447-2015-01-31-1200.txt", "2", "", "rad",
             "utelatt etter importkartet: testinnsending før intervjuene", "$submission_id"],
            ["intervju/data-118447-2015-01-31-1200.txt", "3", "", "rad",
             "utelatt etter importkartet: testinnsending før intervjuene", "$submission_id"],
            *[
                ["radmann/dataset.csv", str(r), "", "rad",
                 "utelatt etter importkartet: ikke gjennomført (testsvar eller uferdig)", "stato_4"]
                for r in (2, 3, 4)
            ],
        ]  # fmt: skip

    def test_name_notes_point_at_the_export_cell(self, example_layout: RunLayout) -> None:
        notes = pd.read_csv(example_layout.clean("navnetolkning"), dtype=str, keep_default_na=False)
        radmann = notes[notes["fil"] == "radmann/dataset.csv"]
        assert len(radmann) > 0
        assert set(radmann["variabel"]) <= {"s_1", "s_4"}
        assert set(notes.loc[notes["fil"] == "ringerunde_logg.csv", "variabel"]) == {""}

    def test_unmapped_variables_reach_no_output(self, example_layout: RunLayout) -> None:
        for path in example_layout.processed.rglob("*"):
            if path.is_file() and path.suffix in (".csv", ".json"):
                text = path.read_text("utf-8")
                assert "postmottak" not in text, path  # the SurveyXact email variable
                assert "Intervjuer Fiktivsen" not in text, path  # a personal column


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "utf16_tab"])
def test_every_surveyxact_variant_reads_as_the_contract_file(tmp_path: Path, variant: str) -> None:
    write_examples(tmp_path, 2015, REF_DIR, surveyxact_variant=variant)
    mine = read_raw(tmp_path)["radmann_skjema"].data.drop(columns="_rad").reset_index(drop=True)
    bundled = read_raw()["radmann_skjema"].data.drop(columns="_rad").reset_index(drop=True)
    # Coded answers come out canonical where the contract file has them as typed ("JA ").
    for col in ("har_tjeneste", "interkommunal"):
        bundled[col] = pd.Series(
            [v.strip().capitalize() if v else v for v in bundled[col]], dtype=object
        )
    bundled["innsendt"] = mine["innsendt"]  # SurveyXact writes its own time format
    pd.testing.assert_frame_equal(mine, bundled)


@pytest.mark.slow
def test_the_workflow_runs_on_the_examples_and_reruns_when_an_export_changes(
    tmp_path: Path,
) -> None:
    import json
    import shutil

    from lmsanalyse.cli import run_workflow
    from lmsanalyse.tools.explain import Explainer, render_text

    raw = tmp_path / "raw"
    shutil.copytree(EXAMPLES, raw)
    out = tmp_path / "out"
    targets = ["publish_main", "provenance"]
    run_workflow(raw_dir=raw, out_dir=out, targets=targets)
    layout = RunLayout(out)
    provenance = json.loads(layout.provenance.read_text("utf-8"))
    assert [i["fil"] for i in provenance["inndata"] if i["rolle"] == "rådata"] == [
        "radmann_skjema.import.yaml",
        "radmann/dataset.csv",
        "radmann/structure.csv",
        "radmann/labels.csv",
        "ringerunde_logg.csv",
        "telefonintervju.import.yaml",
        "intervju/data-118447-2015-01-31-1200.txt",
        "intervju/elements-118447.json",
    ]
    text = render_text(Explainer(out).explain("1820"))
    assert "      fra radmann/dataset.csv, rad 143, variabel s_2" in text.splitlines()
    # Editing an export file behind a map re-runs the clean stage (a label for a code no
    # one used: the decisions stay the same).
    before = layout.clean("radmann_svar").stat().st_mtime_ns
    with open(raw / "radmann" / "labels.csv", "ab") as labels:
        labels.write("s_3\t9\tVet ikke\r\n".encode("utf-16-le"))
    run_workflow(raw_dir=raw, out_dir=out, targets=targets)
    assert layout.clean("radmann_svar").stat().st_mtime_ns != before


def test_pre_commit_checks_the_examples_for_the_marker(repo: Path) -> None:
    import re

    import yaml

    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    pattern = re.compile(hooks["raw-data-is-synthetic"]["files"])
    assert pattern.match("data/examples/surveyxact_nettskjema/radmann/dataset.csv")
    assert pattern.match("data/raw/radmann_skjema.csv")
