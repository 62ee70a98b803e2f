"""SPSS exports (``format: spss``): .sav files written with pyreadstat (tools/synth/spss_export.py),
read through import maps by every rule of the contract, and the bundled survey as SPSS giving
exactly the decisions and figures of the contract-shaped files.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import (
    ALIASES,
    RAW_DIR,
    REF_DIR,
    clean_into,
    include_into,
    validate_dir,
    write_bundled_as_spss,
)
from lmsanalyse.clean.clean_stage import accounting_frame, quarantine_frame
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.config import ConfigError, load_import_map
from lmsanalyse.guard import personal_values
from lmsanalyse.ingest.raw_table import ROW, LeftOut
from lmsanalyse.ingest.reader import read_mapped, read_raw_table
from lmsanalyse.ingest.sources import find_raw_files, raw_inputs
from lmsanalyse.ingest.spss import read_spss
from lmsanalyse.layout import RunLayout
from lmsanalyse.problems import InputError
from lmsanalyse.tools.draftmap import draft_maps
from lmsanalyse.tools.synth.spss_export import write_sav

DECISIONS = ("tjeneste_status.csv", "kommune_status.csv", "enhet_status.csv")
TILBUD = ("t_1", "t_2", "t_3")
TILBUD_ITEMS = ("mestringskurs", "pårørendekurs", "diagnosekurs")
BLANK = None

# The interview form: five cases, the fourth blank in every variable (a blank row).
INTERVIEW = {
    "tid": ["T1", "T2", "T3", BLANK, "T4"],
    "navn": ["LMS Narvik", "Samtaletilbud", "Friskliv Tromsø", BLANK, "Mestring i Harstad"],
    "vert": ["Narvik", "Bodø", "Tromsø", BLANK, "Harstad"],
    # 1 is labelled in other words than the contract's, 2 with the contract's own word, 9 is
    # declared user-missing, the last case is system-missing.
    "org": [1.0, 2.0, 9.0, BLANK, BLANK],
    "t_1": [1.0, 0.0, BLANK, BLANK, 1.0],
    "t_2": [0.0, 0.0, BLANK, BLANK, BLANK],
    "t_3": [1.0, 0.0, BLANK, BLANK, 0.0],
    # 97-99 is a user-missing range; 2.5 is no whole number.
    "antall": [4.0, 0.0, 98.0, BLANK, 2.5],
    "dato": [dt.date(2014, 12, 8), BLANK, dt.date(2015, 1, 20), BLANK, dt.date(2015, 1, 31)],
    "leder": ["Kari Savdatter", "Ola Savesen", "999", BLANK, "Per Savik"],
    "ledertlf": ["+47 000 00 001", "+47 000 00 002", BLANK, BLANK, "+47 000 00 004"],
    "notat": ["Ring Berit Savli tilbake", BLANK, BLANK, BLANK, BLANK],
}
INTERVIEW_LABELS = {
    "tid": "Tjeneste-ID",
    "navn": "Hva heter tjenesten?",
    "vert": "Vertskommune",
    "org": "Hvordan er tjenesten organisert?",
    "t_1": "Hvilke typer tilbud gir tjenesten? - Mestringskurs",
    "t_2": "Hvilke typer tilbud gir tjenesten? - Pårørendekurs",
    "t_3": "Hvilke typer tilbud gir tjenesten? - Diagnosekurs",
    "antall": "Hvor mange tilbud ga tjenesten siste år?",
    "dato": "Dato for intervjuet",
    "leder": "Navn på leder av tjenesten",
    "ledertlf": "Telefon til leder av tjenesten",
    "notat": "Intervjuerens notat",
}
INTERVIEW_MAP = """kilde: telefonintervju
format: spss
filer:
  data: intervju/skjema.sav
kolonner:
  tjeneste_id: tid
  tjeneste_navn: navn
  vertskommune: vert
  organisering: org
  antall_tilbud: antall
  intervjudato: dato
  leder_navn: leder
  leder_telefon: ledertlf
verdier:
  organisering: {"Kommunal tjeneste": kommunal}
lister:
  tilbudstyper: {t_1: mestringskurs, t_2: pårørendekurs, t_3: diagnosekurs}
"""


def write_interview(
    folder: Path, map_text: str = INTERVIEW_MAP, mr_sets: bool = True, **changes
) -> Path:
    """The interview form as ``intervju/skjema.sav`` with its map; ``changes``: variables."""
    write_sav(
        folder / "intervju" / "skjema.sav",
        INTERVIEW | changes,
        labels=INTERVIEW_LABELS,
        value_labels={
            "org": {1: "Kommunal tjeneste", 2: "interkommunal", 9: "Vet ikke/ubesvart"},
            **{v: {0: "Ikke valgt", 1: "Valgt"} for v in TILBUD},
            "antall": {99: "Vet ikke"},
        },
        missing={"org": [9], "antall": [{"lo": 97, "hi": 99}], "leder": ["999"]},
        formats={"dato": "EDATE10", "antall": "F8.1"},
        mr_sets={"tilbud": ("Hvilke typer tilbud gir tjenesten?", list(TILBUD))}
        if mr_sets
        else None,
    )
    path = folder / "telefonintervju.import.yaml"
    path.write_text(map_text, "utf-8")
    return path


def write_questionnaire(folder: Path) -> Path:
    """A rådmann questionnaire whose submission time is an SPSS datetime."""
    write_sav(
        folder / "radmann.sav",
        {
            "respondent": ["R1", "R2", "R3"],
            "tid": [dt.datetime(2014, 10, 29, 15, 48, 12), dt.datetime(2014, 11, 3, 8, 0), BLANK],
            "kommune": ["Narvik", "Bodø", "Tromsø"],
            "lms": [1.0, 2.0, 3.0],
            "status": [1.0, 1.0, 0.0],
        },
        labels={"tid": "Tidspunkt for innsending", "lms": "Har kommunen en LMS-tjeneste?"},
        value_labels={
            "lms": {1: "Ja, vi har en slik tjeneste", 2: "Nei", 3: "Vet ikke"},
            "status": {0: "Ikke fullført", 1: "Fullført"},
        },
        formats={"tid": "DATETIME20"},
    )
    path = folder / "radmann_skjema.import.yaml"
    path.write_text(
        "kilde: radmann_skjema\nformat: spss\nfiler: {data: radmann.sav}\n"
        "kolonner: {svar_id: respondent, innsendt: tid, enhet: kommune, har_tjeneste: lms}\n"
        'verdier: {har_tjeneste: {"Ja, vi har en slik tjeneste": Ja}}\n'
        'utelat:\n  - {variabel: status, verdier: ["Ikke fullført"], grunn: "ikke fullført"}\n',
        "utf-8",
    )
    return path


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.from_reference(REF_DIR, 88, 4)


class TestReading:
    COLUMNS = [ROW, "tjeneste_id", "organisering", "tilbudstyper", "antall_tilbud"]

    def test_labels_missing_values_lists_numbers_and_dates(self, tmp_path: Path) -> None:
        table = read_mapped(write_interview(tmp_path), "telefonintervju")
        assert table.data[[*self.COLUMNS, "intervjudato", "leder_navn"]].values.tolist() == [
            # A label in other words, mapped by verdier; the checked options in map order.
            [1, "T1", "kommunal", "mestringskurs; diagnosekurs", "4", "2014-12-08", "Kari Savdatter"],
            # A label that is the contract's word; all options 0: an empty list.
            [2, "T2", "interkommunal", "", "0", None, "Ola Savesen"],
            # User-missing codes (9, 98 in 97-99, the text '999') and all options blank.
            [3, "T3", None, None, None, "2015-01-20", None],
            # Row 4 is blank in every variable; system-missing; a blank option is unknown.
            [5, "T4", None, "mestringskurs", "2.5", "2015-01-31", "Per Savik"],
        ]  # fmt: skip
        assert (table.blank_rows, table.encoding, table.delimiter) == (1, "sav", None)
        assert table.fil == "intervju/skjema.sav"
        assert table.cell_issues == []

    def test_the_export_as_read(self, tmp_path: Path) -> None:
        export = read_spss(load_import_map(write_interview(tmp_path)))
        assert export.rows == [1, 2, 3, 5]
        # The label of a user-missing code is no answer: 'antall' is a count, not a code.
        assert export.labels == {
            "org": {"1": "Kommunal tjeneste", "2": "interkommunal"},
            **{v: {"0": "Ikke valgt", "1": "Valgt"} for v in TILBUD},
        }
        assert export.kinds == {
            "tid": "open",
            "navn": "open",
            "vert": "open",
            "org": "single",
            **{v: "multiple" for v in TILBUD},
            "antall": "number",
            "dato": "date",
            "leder": "open",
            "ledertlf": "open",
            "notat": "open",
        }
        assert export.groups == {v: "tilbud" for v in TILBUD}
        assert [export.question(v) for v in TILBUD] == [
            "Hvilke typer tilbud gir tjenesten? - Mestringskurs",
            "Hvilke typer tilbud gir tjenesten? - Pårørendekurs",
            "Hvilke typer tilbud gir tjenesten? - Diagnosekurs",
        ]
        assert export.question("org") == "Hvordan er tjenesten organisert?"

    def test_a_list_names_its_multiple_response_set(self, tmp_path: Path) -> None:
        assert (
            read_mapped(write_interview(tmp_path), "telefonintervju").variable("tilbudstyper")
            == "tilbud"
        )
        other = tmp_path / "uten"
        without = read_mapped(write_interview(other, mr_sets=False), "telefonintervju")
        assert without.variable("tilbudstyper") == "t_1, t_2, t_3"
        assert (
            without.data["tilbudstyper"].tolist()
            == read_mapped(tmp_path / "telefonintervju.import.yaml", "telefonintervju")
            .data["tilbudstyper"]
            .tolist()
        )

    def test_datetimes_are_read_as_times_and_cleaned(self, tmp_path: Path, cleaner) -> None:
        table = read_raw_table(write_questionnaire(tmp_path), "radmann_skjema")
        assert table.data[[ROW, "svar_id", "innsendt", "har_tjeneste"]].values.tolist() == [
            [1, "R1", "2014-10-29 15:48:12", "Ja"],
            [2, "R2", "2014-11-03 08:00", "Nei"],
        ]
        assert table.left_out == [LeftOut(3, "status", "ikke fullført")]
        cleaned = cleaner.clean(table).table.set_index("svar_id")["innsendt"]
        assert cleaned.to_dict() == {
            "R1": pd.Timestamp("2014-10-29 15:48:12"),
            "R2": pd.Timestamp("2014-11-03 08:00"),
        }

    def test_dates_lists_and_counts_are_cleaned(self, tmp_path: Path, cleaner) -> None:
        cleaned = cleaner.clean(read_mapped(write_interview(tmp_path), "telefonintervju"))
        rows = cleaned.table.set_index("tjeneste_id")
        assert rows["tilbudstyper"].to_dict()["T1"] == ["mestringskurs", "diagnosekurs"]
        assert str(rows.at["T1", "intervjudato"]) == "2014-12-08"
        assert rows.at["T1", "antall_tilbud"] == 4
        # Blank answers (user- or system-missing) are judged as blanks; 2.5 is no count.
        assert [(i.rad, i.kolonne, str(i.arsak)) for i in cleaned.issues] == [
            (3, "organisering", "påkrevd verdi mangler"),
            (5, "organisering", "påkrevd verdi mangler"),
            (3, "antall_tilbud", "påkrevd verdi mangler"),
            (5, "antall_tilbud", "'2.5' er ikke et heltall ≥ 0"),
        ]

    @pytest.mark.parametrize(
        ("fmt", "value", "text"),
        [
            ("DATE11", dt.date(2014, 12, 8), "2014-12-08"),
            ("ADATE10", dt.date(2014, 12, 8), "2014-12-08"),
            ("EDATE10", dt.date(2014, 12, 8), "2014-12-08"),
            ("SDATE10", dt.date(2014, 12, 8), "2014-12-08"),
            ("JDATE7", dt.date(2014, 12, 8), "2014-12-08"),
            ("MOYR8", dt.date(2014, 12, 1), "2014-12-01"),
            ("QYR8", dt.date(2014, 10, 1), "2014-10-01"),
            ("DATETIME20", dt.datetime(2014, 10, 29, 15, 48), "2014-10-29 15:48"),
            ("YMDHMS19", dt.datetime(2014, 10, 29, 15, 48, 5), "2014-10-29 15:48:05"),
            ("TIME8", dt.datetime(1582, 10, 14, 15, 48, 5), "15:48:05"),
        ],
    )
    def test_every_spss_date_format_is_read_as_a_date(
        self, tmp_path: Path, fmt: str, value, text: str
    ) -> None:
        write_sav(tmp_path / "d.sav", {"id": ["R1", "R2"], "d": [value, BLANK]}, formats={"d": fmt})
        path = tmp_path / "radmann_skjema.import.yaml"
        path.write_text(
            "kilde: radmann_skjema\nformat: spss\nfiler: {data: d.sav}\n"
            "kolonner: {svar_id: id, innsendt: d}\n",
            "utf-8",
        )
        export = read_spss(load_import_map(path))
        assert (export.values["d"], export.kinds["d"]) == ([text, None], "date")

    def test_not_an_spss_file(self, tmp_path: Path) -> None:
        path = write_interview(tmp_path)
        (tmp_path / "intervju" / "skjema.sav").write_text("tjeneste_id;navn\nT1;LMS\n", "utf-8")
        with pytest.raises(InputError) as info:
            read_mapped(path, "telefonintervju")
        [problem] = info.value.problems
        assert (problem.fil, problem.rad) == ("intervju/skjema.sav", None)
        assert problem.melding.startswith("kan ikke lese SPSS-filen: ")


class TestMapRules:
    def test_a_code_without_a_label_is_a_problem_naming_file_row_and_variable(
        self, tmp_path: Path, cleaner
    ) -> None:
        table = read_mapped(
            write_interview(tmp_path, org=[1.0, 5.0, 9.0, BLANK, 2.0]), "telefonintervju"
        )
        melding = "koden '5' står ikke i etikettene til variabelen 'org'"
        assert [(r, c, str(m)) for r, c, m in table.cell_issues] == [(2, "organisering", melding)]
        assert table.data["organisering"].tolist() == ["kommunal", None, None, "interkommunal"]
        cleaned = cleaner.clean(table)
        q = quarantine_frame({table.source: cleaned}, {table.source: table})
        row = q[(q["rad"] == 2) & (q["kolonne"] == "organisering")]
        # The value problem, and the row quarantined for its missing required value.
        assert row[["fil", "rad", "kolonne", "niva", "arsak", "variabel"]].values.tolist() == [
            ["intervju/skjema.sav", 2, "organisering", "verdi", melding, "org"],
            ["intervju/skjema.sav", 2, "organisering", "rad", "påkrevd verdi mangler", "org"],
        ]

    def test_a_raw_code_may_be_mapped_directly(self, tmp_path: Path) -> None:
        text = INTERVIEW_MAP.replace('{"Kommunal tjeneste": kommunal}', "{'1': kommunal}")
        table = read_mapped(write_interview(tmp_path, text), "telefonintervju")
        assert table.data["organisering"].tolist() == ["kommunal", "interkommunal", None, None]

    def test_a_verdier_key_that_is_neither_label_nor_code(self, tmp_path: Path) -> None:
        text = INTERVIEW_MAP.replace("Kommunal tjeneste", "Kommunalt")
        table = read_raw_table(write_interview(tmp_path, text), "telefonintervju", strict=False)
        assert [str(p) for p in table.header_problems if p.nokkel] == [
            "telefonintervju.import.yaml, nøkkel verdier.organisering.Kommunalt: 'Kommunalt' er "
            "verken en etikett eller en kode for variabelen 'org' (1 = Kommunal tjeneste, "
            "2 = interkommunal)"
        ]

    def test_unmapped_variables_are_ignored_and_never_read(self, tmp_path: Path, cleaner) -> None:
        table = read_mapped(write_interview(tmp_path), "telefonintervju")
        assert table.ignored_columns == ["notat"]
        assert not table.data.isin(["Ring Berit Savli tilbake"]).any().any()
        acc = accounting_frame({table.source: table}, {table.source: cleaner.clean(table)})
        row = acc.iloc[0]
        assert (row.fil, row.format, row.importformat, row.ignorerte_kolonner) == (
            "intervju/skjema.sav",
            "sav",
            "spss",
            "notat",
        )
        assert (row.rader_inn, row.tomme_rader) == (4, 1)

    def test_personal_columns_are_read_by_the_guard(self, tmp_path: Path) -> None:
        # A personal column stays personal: the guard looks for its values (mapped from
        # 'leder'/'ledertlf', and from 'notat' once mapped to a personal column).
        text = INTERVIEW_MAP.replace("kolonner:\n", "kolonner:\n  intervjuer: notat\n")
        write_interview(tmp_path, text)
        for name in ("radmann_skjema.csv", "ringerunde_logg.csv"):
            shutil.copy(RAW_DIR / name, tmp_path / name)
        values = personal_values(find_raw_files(tmp_path), ALIASES)
        assert {"kari savdatter", "ola savesen", "ring berit savli tilbake"} <= set(values.texts)
        assert {"00000001", "00000002", "00000004"} <= set(values.phones)
        origin = values.texts["kari savdatter"].first[0]
        assert (origin.fil, origin.rad, origin.kolonne) == ("intervju/skjema.sav", 1, "leder_navn")

    def test_the_map_names_only_the_data_file(self, tmp_path: Path) -> None:
        text = INTERVIEW_MAP.replace(
            "  data: intervju/skjema.sav\n", "  data: intervju/skjema.sav\n  kodebok: bok.csv\n"
        )
        with pytest.raises(ConfigError) as info:
            load_import_map(write_interview(tmp_path, text))
        assert [(p.nokkel, p.melding) for p in info.value.problems] == [
            ("filer.kodebok", "'kodebok' brukes ikke av spss"),
            ("filer.kodebok", "fant ikke filen bok.csv"),
        ]

    def test_the_data_file_is_a_workflow_input(self, tmp_path: Path) -> None:
        write_interview(tmp_path)
        for name in ("radmann_skjema.csv", "ringerunde_logg.csv"):
            shutil.copy(RAW_DIR / name, tmp_path / name)
        inputs = raw_inputs(tmp_path)
        assert inputs["telefonintervju__data"] == tmp_path / "intervju" / "skjema.sav"


# ---------------------------------------------------------------- the bundled survey as SPSS

VARIANTS = {
    "skjema": ("radmann_skjema",),  # the questionnaire as SPSS, the rest as contract files
    "alle": ("radmann_skjema", "ringerunde_logg", "telefonintervju"),
}


@pytest.fixture(scope="module", params=list(VARIANTS))
def spss_run(request, tmp_path_factory) -> tuple[Path, RunLayout]:
    """The bundled survey written as SPSS exports, through the clean and include stages."""
    root = tmp_path_factory.mktemp(f"spss_{request.param}")
    raw = write_bundled_as_spss(root / "raw", VARIANTS[request.param], RAW_DIR)
    layout = RunLayout(root / "out")
    clean_into(raw, layout)
    include_into(layout)
    return raw, layout


class TestBundledAsSpss:
    @pytest.mark.parametrize("name", [*DECISIONS, "figures.csv"])
    def test_decisions_and_figures_are_byte_identical(
        self, spss_run, bundled_include: Path, name: str
    ) -> None:
        mine = spss_run[1].definition_dir("nklmh_2015") / name
        assert filecmp.cmp(mine, bundled_include / name, shallow=False)

    @pytest.mark.parametrize("table", ["radmann_svar", "ringerunde", "telefonintervju"])
    def test_cleaned_tables_are_equal(self, spss_run, bundled_layout: RunLayout, table) -> None:
        def read(layout: RunLayout) -> pd.DataFrame:
            return pd.read_parquet(layout.clean(table)).drop(columns=["_rad"])

        pd.testing.assert_frame_equal(read(spss_run[1]), read(bundled_layout))

    def test_the_exports_are_what_they_claim(self, spss_run) -> None:
        raw, layout = spss_run
        acc = pd.read_csv(layout.clean("row_accounting"), dtype=str, keep_default_na=False)
        spss = acc[acc["importformat"] == "spss"]
        assert len(spss) == len(list((raw / "spss").glob("*.sav")))
        assert set(spss["format"]) == {"sav"}
        assert set(spss["ignorerte_kolonner"]) == {"datakilde"}
        assert set(spss["karantene"]) == {"0"}
        # Every coded answer went through a value label that differs from the contract word.
        text = (raw / "radmann_skjema.import.yaml").read_text("utf-8")
        assert yaml.safe_load(text)["verdier"]["har_tjeneste"] == {
            "Ja (svaralternativ 1)": "Ja",
            "Vet ikke (svaralternativ 3)": "Vet ikke",
        }

    def test_validate_finds_nothing(self, spss_run) -> None:
        assert validate_dir(spss_run[0]) == []

    def test_personal_values_are_read_from_the_sav_and_reach_no_output(self, spss_run) -> None:
        raw, layout = spss_run
        values = personal_values(find_raw_files(raw), ALIASES)
        sav = "spss/radmann_skjema.sav"
        names = {k for k, s in values.texts.items() if (sav, "kontaktperson") in _cells(s)}
        phones = {k for k, s in values.phones.items() if (sav, "kontakt_telefon") in _cells(s)}
        # The same values as the guard reads from the contract file.
        csv = "radmann_skjema.csv"
        bundled = personal_values(find_raw_files(RAW_DIR), ALIASES)
        assert names == {k for k, s in bundled.texts.items() if (csv, "kontaktperson") in _cells(s)}
        assert phones == {
            k for k, s in bundled.phones.items() if (csv, "kontakt_telefon") in _cells(s)
        }
        assert (len(names), len(phones)) == (74, 87)
        outputs = [p for p in layout.processed.rglob("*") if p.suffix in (".csv", ".json")]
        assert len(outputs) > 10
        for path in outputs:
            text = path.read_text("utf-8").casefold()
            assert not [n for n in names if n in text], path
            assert "syntetiske data (spss)" not in text, path  # the unmapped variable


def _cells(sources) -> set[tuple[str, str]]:
    return {(o.fil, o.kolonne) for o in sources.first}


def test_map_drafts_the_bundled_spss_exports(tmp_path: Path) -> None:
    """``lmsanalyse map`` on the SPSS exports without their maps proposes the maps' columns,
    lists (from the multiple-response sets) and values, every guess marked."""
    raw = write_bundled_as_spss(tmp_path / "raw", VARIANTS["alle"], RAW_DIR)
    written = {}
    for path in raw.glob("*.import.yaml"):
        written[path.name.removesuffix(".import.yaml")] = yaml.safe_load(path.read_text("utf-8"))
        path.unlink()
    drafts = {d.source: d for d in draft_maps(raw)}
    assert set(drafts) == set(written)
    for source, m in written.items():
        draft = drafts[source]
        assert draft.kolonner == m["kolonner"], source
        assert draft.lister == (m.get("lister") or {}), source
        assert draft.verdier == (m.get("verdier") or {}), source
        assert draft.missing == []
        text = yaml.safe_load(draft.text)
        assert (text["format"], text["filer"]) == ("spss", {"data": f"spss/{source}.sav"})
        entries = len(draft.kolonner) + sum(map(len, draft.verdier.values()))
        entries += sum(len(items) + 1 for items in draft.lister.values())
        assert len(re.findall(r"#\s*UBEKREFTET", draft.text)) == entries


@pytest.mark.slow
def test_the_workflow_on_spss_gives_the_same_tables_and_figure_files(
    tmp_path: Path, workflow_run: Path
) -> None:
    """The whole workflow (Snakemake, reports, guard) on every source as SPSS: the decision
    tables, figures.csv and every figure file are the bundled run's bytes."""
    from lmsanalyse.cli import run_workflow

    raw = write_bundled_as_spss(tmp_path / "raw", VARIANTS["alle"], RAW_DIR)
    out = tmp_path / "out"
    assert run_workflow(raw_dir=raw, out_dir=out)
    mine, bundled = RunLayout(out), RunLayout(workflow_run)
    for name in (*DECISIONS, "figures.csv", "kommune_2024_status.csv"):
        assert filecmp.cmp(mine.processed / name, bundled.processed / name, shallow=False), name
    figures = sorted(p.name for p in (out / "reports" / "figurer").iterdir())
    assert len(figures) > 10
    assert figures == sorted(p.name for p in (workflow_run / "reports" / "figurer").iterdir())
    _, differ, errors = filecmp.cmpfiles(
        out / "reports" / "figurer", workflow_run / "reports" / "figurer", figures, shallow=False
    )
    assert (differ, errors) == ([], [])
    assert (out / "logs" / "personvernsjekk.txt").read_text("utf-8").startswith("OK: ")
