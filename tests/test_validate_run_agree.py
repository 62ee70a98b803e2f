"""validate and run never disagree (issue 19, the contract's "validate and run never
disagree"): every row or value validate names as a problem is, in the run, quarantined with
the same message (masked where it quotes free text) and counted, or stops the run; a data set
validate passes, the run completes on. Contradictions, warnings and notices stop neither.

Each data set is the bundled one with a few kinds of trouble put in by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers import RAW_DIR, clean_in
from lmsanalyse.config import load_config
from lmsanalyse.problems import InputError
from lmsanalyse.validate import validate_all


def _csv_append(path: Path, lines: list[str]) -> None:
    data = path.read_bytes()
    encoding = "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = "cp1252"
    path.write_bytes(data + "".join(line + "\r\n" for line in lines).encode(encoding))


def _xlsx_append(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.load_workbook(path)
    for row in rows:
        wb.active.append(row)
    wb.save(path)


def questionnaire_trouble(raw: Path) -> None:
    _csv_append(
        raw / "radmann_skjema.csv",
        [
            "R9001;03.11.2014 10:00;Narvk;ja takk;;;;;;;;Fullført;x",  # fuzzy name, bad answer
            "R9002;i går;Atlantis;Ja;Nja;;;;;;;Fullført;x",  # bad time, unknown unit, bad answer
            "TEST-7;03.11.2014 10:00;Bodø;Ja;Nei;;Test;;;;;;x",  # a test submission
            "Sum;;;;;;;;;;;;",  # a totals row
        ],
    )


def call_log_trouble(raw: Path) -> None:
    _csv_append(
        raw / "ringerunde_logg.csv",
        [
            "Narvik,31.02.2014,1,sentralbord,uavklart,,,,x",  # impossible date
            "Bydel 5 Frogner,02.12.2014,1,helseleder,har tjeneste,,,,x",  # ordinal bydel
            "Hamar,02.12.2014,99999999999999999999,sentralbord,uavklart,,,,x",  # absurd number
            "Merk: logg ført av sekretariatet,,,,,,,,",  # a note
        ],
    )


def interview_trouble(raw: Path) -> None:
    path = raw / "telefonintervju.xlsx"
    header = [c.value for c in openpyxl.load_workbook(path).active[1]]
    row = {h: None for h in header}
    _xlsx_append(
        path,
        [
            list(
                (
                    row
                    | {
                        "ID": "T999",
                        "Tjenestens navn": "LMS Hamar",
                        "vertskommune": "Hamar",
                        "organisering": "kommunal",
                        "friskliv": "kanskje",
                    }
                ).values()
            ),  # fmt: skip
            list((row | {"ID": "Totalt", "antall_tilbud": 3}).values()),
        ],
    )


SETS = {
    "questionnaire": [questionnaire_trouble],
    "call_log": [call_log_trouble],
    "interviews": [interview_trouble],
    "all_three": [questionnaire_trouble, call_log_trouble, interview_trouble],
}


@pytest.mark.parametrize("name", list(SETS))
def test_every_problem_validate_names_is_quarantined_with_the_same_message(
    tmp_path: Path, name: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    for trouble in SETS[name]:
        trouble(raw)
    found = validate_all(load_config(None, {"raw_dir": str(raw)}))
    assert found.problems, "each set holds problems"
    processed = tmp_path / "processed"
    clean_in(raw, processed)  # the run completes: no problem here concerns a whole file
    quarantine = pd.read_csv(processed / "quarantine.csv", dtype=str, keep_default_na=False)
    quarantine = quarantine.loc[quarantine["kode"].ne("utelatt")]
    listed = {(p.fil, p.rad, p.kolonne or "", p.kode) for p in found.problems}
    kept = set(
        zip(
            quarantine["fil"],
            quarantine["rad"].astype(int),
            quarantine["kolonne"],
            quarantine["kode"],
            strict=True,
        )
    )
    assert listed == kept
    # The same message: validate's text, with free text given by its length in the output.
    masked = {(r.fil, int(r.rad), r.kolonne): r.arsak for r in quarantine.itertuples(index=False)}
    for p in found.problems:
        text = masked[(p.fil, p.rad, p.kolonne or "")]
        if "«verdien i cellen" not in text:
            assert text == p.melding
        else:
            assert all(v not in text for v in p.verdier if any(c.isalpha() for c in v))
    # Every quarantined row is counted in the row accounting.
    accounting = pd.read_csv(processed / "row_accounting.csv")
    rows = quarantine.loc[quarantine["niva"].eq("rad")].groupby("fil")["rad"].nunique()
    for r in accounting.itertuples(index=False):
        assert r.karantene - r.utelatt == rows.get(r.fil, 0)


def test_a_problem_of_a_whole_file_stops_both(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    path = raw / "ringerunde_logg.csv"
    path.write_text(path.read_text("utf-8").replace("utfall", "Resultat", 1), "utf-8")
    found = validate_all(load_config(None, {"raw_dir": str(raw)}))
    assert [(p.fil, p.kolonne) for p in found.problems] == [("ringerunde_logg.csv", "utfall")]
    with pytest.raises(InputError) as info:
        clean_in(raw, tmp_path / "processed")
    assert [str(p) for p in info.value.problems] == [str(p) for p in found.problems]


def test_a_data_set_validate_passes_the_run_completes_on(tmp_path: Path) -> None:
    found = validate_all(load_config(None, {"raw_dir": str(RAW_DIR)}))
    assert found.problems == [] and found.contradictions == [] and found.warnings == []
    assert len(found.notices) == 24  # names read by similarity: listed, not problems
    clean_in(RAW_DIR, tmp_path / "processed")
    quarantine = pd.read_csv(tmp_path / "processed" / "quarantine.csv")
    assert quarantine.empty
