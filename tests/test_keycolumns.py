"""Key columns: no silent loss. Missing, renamed and blank required columns in every source,
in a contract file and through an import map, and the blank-share warning.

The bundled data is rewritten in tmp_path one change at a time, as a new user would change it.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import ALIASES, MATCHING, RAW_DIR, REF_DIR, validate_dir
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.cli import main
from lmsanalyse.config import load_header_aliases
from lmsanalyse.contract import SOURCES
from lmsanalyse.ingest.delimited import csv_records as _records_csv
from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.ingest.workbook import first_sheet_records as _records_xlsx
from lmsanalyse.problems import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "surveyxact_nettskjema"
FILES = {
    "radmann_skjema": "radmann_skjema.csv",
    "ringerunde_logg": "ringerunde_logg.csv",
    "telefonintervju": "telefonintervju.xlsx",
}
HEADER_ALIASES = load_header_aliases(ALIASES)


def bundled_records(source: str) -> list[list[str]]:
    """A bundled raw file's records (header first), as text."""
    path = RAW_DIR / FILES[source]
    if path.suffix == ".xlsx":
        return [[c or "" for c in r] for r in _records_xlsx(path)]
    return _records_csv(path, set())[0]


def write_csv(raw: Path, source: str, records: list[list[str]]) -> Path:
    """The source as a UTF-8 CSV in ``raw``, the other two sources copied as bundled."""
    raw.mkdir(parents=True, exist_ok=True)
    for other, name in FILES.items():
        if other != source and not (raw / name).exists():
            shutil.copy(RAW_DIR / name, raw / name)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(records)
    path = raw / f"{source}.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def header_of(source: str, column: str) -> str:
    """The header the bundled file uses for a contract column."""
    header = bundled_records(source)[0]
    aliases = {k.casefold(): v for k, v in HEADER_ALIASES.get(source, {}).items()}
    return next(h for h in header if h == column or aliases.get(h.casefold()) == column)


REQUIRED = [(s, c.name) for s, src in SOURCES.items() for c in src.columns if c.required == "yes"]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.from_reference(REF_DIR, MATCHING["fuzzy_threshold"], MATCHING["fuzzy_margin"])


class TestContractFile:
    def test_renamed_main_question(self, tmp_path: Path, capsys) -> None:
        records = bundled_records("radmann_skjema")
        records[0] = [
            "Har kommunen en LMS-tjeneste?" if h.startswith("Har kommunen") else h
            for h in records[0]
        ]
        write_csv(tmp_path, "radmann_skjema", records)
        code = main(["validate", "--raw-dir", str(tmp_path)])
        out, err = capsys.readouterr()
        message = (
            "radmann_skjema.csv, rad 1, kolonne 'har_tjeneste': påkrevd kolonne mangler; "
            "nærmeste overskrifter uten kolonne: 'Har kommunen en LMS-tjeneste?' (69)"
        )
        assert (code, out, err) == (1, message + "\n", f"1 problem(er) funnet i {tmp_path}\n")

    def test_renamed_unit_column_does_not_crash_validate(self, tmp_path: Path) -> None:
        records = bundled_records("radmann_skjema")
        records[0] = ["Kommunen din" if h == "Kommune/bydel" else h for h in records[0]]
        write_csv(tmp_path, "radmann_skjema", records)
        assert [str(p) for p in validate_dir(tmp_path)] == [
            "radmann_skjema.csv, rad 1, kolonne 'enhet': påkrevd kolonne mangler; nærmeste "
            "overskrifter uten kolonne: 'Kommunen din' (95)"
        ]

    @pytest.mark.parametrize(("source", "column"), REQUIRED)
    def test_every_required_column_renamed(
        self, tmp_path: Path, cleaner: Cleaner, source: str, column: str
    ) -> None:
        records = bundled_records(source)
        old = header_of(source, column)
        new = f"Spørsmål om {old}"
        records[0] = [new if h == old else h for h in records[0]]
        path = write_csv(tmp_path, source, records)
        table = read_raw_table(path, source, HEADER_ALIASES.get(source, {}), strict=False)
        problems = [p for p in table.header_problems]
        assert [(p.fil, p.rad, p.kolonne) for p in problems] == [(path.name, 1, column)]
        assert problems[0].melding.startswith(
            f"påkrevd kolonne mangler; nærmeste overskrifter uten kolonne: '{new}' ("
        )
        cleaner.clean(table)  # validate reads on: no traceback
        # The run stops with the same message: nothing reaches a report.
        with pytest.raises(InputError) as info:
            read_raw_table(path, source, HEADER_ALIASES.get(source, {}))
        assert info.value.problems == problems

    @pytest.mark.parametrize(
        ("source", "column"), [(s, c.name) for s, src in SOURCES.items() for c in src.columns]
    )
    def test_no_traceback_whatever_column_is_removed(
        self, tmp_path: Path, cleaner: Cleaner, source: str, column: str
    ) -> None:
        records = bundled_records(source)
        try:
            drop = records[0].index(header_of(source, column))
        except StopIteration:
            pytest.skip(f"{column} is not in the bundled {source}")
        path = write_csv(tmp_path, source, [r[:drop] + r[drop + 1 :] for r in records])
        table = read_raw_table(path, source, HEADER_ALIASES.get(source, {}), strict=False)
        cleaned = cleaner.clean(table)
        missing = [p for p in table.header_problems if p.kolonne == column]
        required = SOURCES[source].column(column).required != "no"
        assert len(missing) == (1 if required else 0)
        assert len(cleaned.table) <= len(table.data)

    def test_required_column_blank_in_every_row(self, tmp_path: Path) -> None:
        records = bundled_records("radmann_skjema")
        pos = records[0].index(header_of("radmann_skjema", "har_tjeneste"))
        for r in records[1:]:
            r[pos] = ""
        write_csv(tmp_path, "radmann_skjema", records)
        assert [str(p) for p in validate_dir(tmp_path)] == [
            "radmann_skjema.csv, kolonne 'har_tjeneste': påkrevd kolonne er tom i alle 202 rader"
        ]

    def test_blank_cells_of_har_tjeneste_are_allowed(self, tmp_path: Path) -> None:
        # Five of the bundled units left the main question blank: no problem, no warning.
        assert validate_dir(RAW_DIR) == []


class TestBlankShare:
    def _blank(self, tmp_path: Path, column: str, every: int, where=None) -> Path:
        records = bundled_records("radmann_skjema")
        pos = records[0].index(header_of("radmann_skjema", column))
        cond = records[0].index(header_of("radmann_skjema", "har_tjeneste"))
        rows = [r for r in records[1:] if where is None or r[cond].strip().casefold() == where]
        for r in rows[::every]:
            r[pos] = ""
        return write_csv(tmp_path, "radmann_skjema", records)

    def test_warning_is_listed_and_validate_still_passes(self, tmp_path: Path, capsys) -> None:
        self._blank(tmp_path, "har_tjeneste", 3)
        code = main(["validate", "--raw-dir", str(tmp_path)])
        out, _ = capsys.readouterr()
        assert code == 0
        assert out.splitlines() == [
            "advarsel: radmann_skjema.csv, kolonne 'har_tjeneste': 71 av 202 rader er tomme "
            "(35 %; grensen er 25 %)",
            f"Ingen problemer funnet i {tmp_path} (1 advarsel(er))",
        ]

    def test_only_the_rows_where_the_column_applies_count(self, tmp_path: Path) -> None:
        from lmsanalyse.ingest.keycolumns import blank_share_warnings

        # interkommunal blank where har_tjeneste is not Ja: blank by design, no warning.
        path = self._blank(tmp_path / "a", "interkommunal", 1, where="nei")
        table = read_raw_table(path, "radmann_skjema", HEADER_ALIASES["radmann_skjema"])
        assert blank_share_warnings(table, 0.25) == []
        # Blank in a third of the Ja rows: a warning that says where it applies.
        path = self._blank(tmp_path / "b", "interkommunal", 3, where="ja")
        table = read_raw_table(path, "radmann_skjema", HEADER_ALIASES["radmann_skjema"])
        assert [w.problem().__str__() for w in blank_share_warnings(table, 0.25)] == [
            "radmann_skjema.csv, kolonne 'interkommunal': 29 av 87 rader der har_tjeneste = Ja "
            "er tomme (33 %; grensen er 25 %)"
        ]

    def test_the_share_is_configured(self, tmp_path: Path) -> None:
        from lmsanalyse.config import load_config
        from lmsanalyse.validate import validate_all

        self._blank(tmp_path, "har_tjeneste", 3)
        config = load_config(
            None, {"raw_dir": str(tmp_path), "kvalitet": {"maks_andel_tomme": 0.4}}
        )
        assert validate_all(config).warnings == []

    def test_warnings_are_written_for_the_report(self, tmp_path: Path) -> None:
        from helpers import clean_in

        self._blank(tmp_path / "raw", "har_tjeneste", 3)
        processed = tmp_path / "processed"
        clean_in(tmp_path / "raw", processed)
        assert (processed / "advarsler.csv").read_text("utf-8") == (
            "kilde,fil,kolonne,variabel,tomme,rader,andel,grense,gjelder,melding\n"
            "radmann_skjema,radmann_skjema.csv,har_tjeneste,,71,202,0.3515,0.25,,"
            "71 av 202 rader er tomme (35 %; grensen er 25 %)\n"
        )

    @pytest.mark.slow
    def test_the_report_and_workbook_show_the_warning_and_the_contradictions(
        self, tmp_path: Path
    ) -> None:
        import re

        from helpers import build_run, report_inputs
        from lmsanalyse.report.context import build_context
        from lmsanalyse.report.workbook import SHEETS

        self._blank(tmp_path / "raw", "har_tjeneste", 3)
        layout = build_run(tmp_path / "ut", tmp_path / "raw", ("nklmh_2015",), html=True)
        html = layout.report_html.read_text("utf-8")
        section = html[
            html.index("<h3>Tomme kolonner</h3>") : html.index(
                "<h3>Motsigelser og uoverensstemmelser</h3>"
            )
        ]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", section)
        assert cells == [
            "<code>radmann_skjema.csv</code>", "har_tjeneste", "71", "202", "35,1\xa0%",
            "71 av 202 rader er tomme (35 %; grensen er 25 %)",
        ]  # fmt: skip
        context = build_context(report_inputs(layout))
        assert SHEETS["advarsler"](context) == (
            ["Fil", "Kolonne", "Tomme", "Rader", "Andel tomme", "Andel tillatt",
             "Gjelder rader der"],
            [["radmann_skjema.csv", "har_tjeneste", 71, 202, 0.3515, 0.25, ""]],
        )  # fmt: skip
        # No inconsistency here: the section says so in a sentence, the sheet is empty (the
        # kommuner whose sources contradict each other are counted apart).
        after = html[html.index("<h3>Motsigelser og uoverensstemmelser</h3>") :]
        assert "Analysen fant ingen uoverensstemmelser i dataene" in after
        assert "ingen motsigelser" not in after
        assert SHEETS["konsistens"](context)[1] == []


def example_map(tmp_path: Path, source: str, drop: str) -> Path:
    """The example folder with one contract column left out of a map."""
    raw = tmp_path / "raw"
    shutil.copytree(EXAMPLES, raw)
    path = raw / f"{source}.import.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for section in ("kolonner", "lister", "verdier"):
        (data.get(section) or {}).pop(drop, None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


MAPPED_REQUIRED = [
    (s, c.name)
    for s in ("radmann_skjema", "telefonintervju")
    for c in SOURCES[s].columns
    if c.required != "no"
]


class TestThroughAMap:
    @pytest.mark.parametrize(("source", "column"), MAPPED_REQUIRED)
    def test_a_map_that_leaves_a_required_column_out(
        self, tmp_path: Path, source: str, column: str
    ) -> None:
        shipped = yaml.safe_load((EXAMPLES / f"{source}.import.yaml").read_text("utf-8"))
        path = example_map(tmp_path, source, column)
        table = read_raw_table(path, source, strict=False)
        data = (
            "radmann/dataset.csv"
            if source == "radmann_skjema"
            else ("intervju/data-118447-2015-01-31-1200.txt")
        )
        [problem] = table.header_problems
        assert (problem.fil, problem.rad, problem.kolonne) == (path.name, None, column)
        head = f"påkrevd kolonne er ikke knyttet til noen variabel i {data}; nærmeste variabler uten kolonne: "
        assert problem.melding.startswith(head)
        # The closest variable named first is the one the shipped map uses.
        right = shipped["kolonner"].get(column) or next(iter(shipped["lister"][column]))
        assert problem.melding[len(head) :].startswith(f"'{right}' «")
        with pytest.raises(InputError):
            read_raw_table(path, source)

    def test_validate_names_map_column_and_candidates(self, tmp_path: Path, capsys) -> None:
        example_map(tmp_path, "radmann_skjema", "har_tjeneste")
        code = main(["validate", "--raw-dir", str(tmp_path / "raw")])
        out, _ = capsys.readouterr()
        assert code == 1
        assert out.splitlines() == [
            "radmann_skjema.import.yaml, kolonne 'har_tjeneste': påkrevd kolonne er ikke knyttet "
            "til noen variabel i radmann/dataset.csv; nærmeste variabler uten kolonne: "
            "'s_2' «Har kommunen/bydelen en lærings- og mestringstjeneste (LMS-…» (89)"
        ]

    def test_mapped_column_blank_in_every_row(self, tmp_path: Path) -> None:
        path = example_map(tmp_path, "radmann_skjema", "none")
        text = path.read_text("utf-8").replace("har_tjeneste: s_2", "har_tjeneste: s_9")
        path.write_text(
            text.replace(
                "  har_tjeneste:\n    Ja, vi har en slik tjeneste: Ja\n    'Vet ikke; usikker': Vet ikke\n",
                "",
            ),
            "utf-8",
        )
        data = yaml.safe_load(path.read_text("utf-8"))
        data.pop("verdier", None)
        data["kolonner"]["har_tjeneste"] = "syntetisk_tom"
        # A variable that exists but is blank everywhere: the dataset gets one.
        dataset = path.parent / "radmann" / "dataset.csv"
        lines = dataset.read_bytes().decode("utf-16").split("\r\n")
        lines = [
            f"{line}\tsyntetisk_tom" if i == 0 else (f"{line}\t" if line else line)
            for i, line in enumerate(lines)
        ]
        dataset.write_bytes("\r\n".join(lines).encode("utf-16"))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        problems = [str(p) for p in validate_dir(path.parent)]
        assert problems == [
            "radmann/dataset.csv, kolonne 'har_tjeneste' (variabel 'syntetisk_tom'): "
            "påkrevd kolonne er tom i alle 202 rader"
        ]


def test_advarsler_is_a_clean_output() -> None:
    from lmsanalyse.layout import CLEAN_TABLES

    assert CLEAN_TABLES["advarsler"] == "advarsler.csv"
    assert pd.Series(list(CLEAN_TABLES)).is_unique


@pytest.mark.slow
def test_run_fails_with_the_same_message_and_writes_no_report(tmp_path: Path, capsys) -> None:
    records = bundled_records("radmann_skjema")
    records[0] = [
        "Har kommunen en LMS-tjeneste?" if h.startswith("Har kommunen") else h for h in records[0]
    ]
    raw = tmp_path / "raw"
    write_csv(raw, "radmann_skjema", records)
    [problem] = validate_dir(raw)
    code = main(["run", "--raw-dir", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert str(problem) in err.splitlines()
    assert not (tmp_path / "out" / "reports").exists()
    assert not (tmp_path / "out" / "data" / "processed" / "figures.csv").exists()
