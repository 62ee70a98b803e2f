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

from helpers import ALIASES, MATCHING, RAW_DIR, REF_DIR, validate_dir, without_notices
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.cli import main
from lmsanalyse.columns_read import key_columns
from lmsanalyse.config import load_header_aliases
from lmsanalyse.contract import SOURCES
from lmsanalyse.ingest.delimited import csv_records as _records_csv
from lmsanalyse.ingest.keycolumns import source_specs
from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.ingest.xlsx_reader import first_sheet_records as _records_xlsx
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
# What a run of the published definition reads (columns_read), in contract order.
PUBLISHED_RULES = ("I1_intervjuet", "I2_brukermedvirkning", "I3_etablert", "I4_lms_tilbud")
KEY = key_columns(PUBLISHED_RULES)
READ = [(s, c.name) for s, src in SOURCES.items() for c in src.columns if c.name in KEY[s]]
NOT_READ = [
    (s, c.name)
    for s, src in SOURCES.items()
    for c in src.columns
    if c.name not in KEY[s] and c.required == "no"
]


def readers_of(source: str, column: str) -> str:
    names = list(dict.fromkeys(r.hva for r in KEY[source][column]))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


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
        out, err = map(without_notices, capsys.readouterr())
        message = (
            "radmann_skjema.csv, rad 1, kolonne 'har_tjeneste': påkrevd kolonne mangler; den "
            "leses av regel I1 intervjuet og enhetenes svar (AAPOR-disposisjonene); nærmeste "
            "overskrifter uten kolonne: 'Har kommunen en LMS-tjeneste?' (69); gi overskriften et "
            "alias under radmann_skjema i config/header_aliases.yaml"
        )
        assert (code, out, err) == (1, message + "\n", f"1 problem funnet i {tmp_path}\n")

    def test_renamed_unit_column_does_not_crash_validate(self, tmp_path: Path) -> None:
        records = bundled_records("radmann_skjema")
        records[0] = ["Kommunen din" if h == "Kommune/bydel" else h for h in records[0]]
        write_csv(tmp_path, "radmann_skjema", records)
        assert [str(p) for p in validate_dir(tmp_path)] == [
            "radmann_skjema.csv, rad 1, kolonne 'enhet': påkrevd kolonne mangler; den leses av "
            "enhetenes svar (AAPOR-disposisjonene); nærmeste overskrifter uten kolonne: "
            "'Kommunen din' (95); gi overskriften et alias under radmann_skjema i "
            "config/header_aliases.yaml"
        ]

    @pytest.mark.parametrize(("source", "column"), READ)
    def test_every_column_the_published_definition_reads_renamed(
        self, tmp_path: Path, cleaner: Cleaner, source: str, column: str
    ) -> None:
        records = bundled_records(source)
        old = header_of(source, column)
        new = f"Spørsmål om {old}"
        records[0] = [new if h == old else h for h in records[0]]
        path = write_csv(tmp_path, source, records)
        spec = source_specs(HEADER_ALIASES, PUBLISHED_RULES)[source]
        table = read_raw_table(path, source, spec, strict=False)
        problems = [p for p in table.header_problems]
        assert [(p.fil, p.rad, p.kolonne) for p in problems] == [(path.name, 1, column)]
        assert problems[0].melding.startswith(
            f"påkrevd kolonne mangler; den leses av {readers_of(source, column)}; nærmeste "
            f"overskrifter uten kolonne: '{new}' ("
        )
        assert "config/header_aliases.yaml" in problems[0].melding
        cleaner.clean(table)  # validate reads on: no traceback
        # The run stops with the same message: nothing reaches a report.
        with pytest.raises(InputError) as info:
            read_raw_table(path, source, spec)
        assert info.value.problems == problems

    @pytest.mark.parametrize(("source", "column"), NOT_READ)
    def test_renaming_a_column_nothing_reads_is_no_error(
        self, tmp_path: Path, source: str, column: str
    ) -> None:
        records = bundled_records(source)
        old = header_of(source, column)
        records[0] = [f"Spørsmål om {old}" if h == old else h for h in records[0]]
        path = write_csv(tmp_path, source, records)
        spec = source_specs(HEADER_ALIASES, PUBLISHED_RULES)[source]
        assert read_raw_table(path, source, spec).header_problems == []

    def test_the_columns_nothing_reads_are_the_personal_and_free_text_ones(self) -> None:
        assert NOT_READ == [
            ("radmann_skjema", "kontaktperson"),
            ("radmann_skjema", "kontakt_telefon"),
            ("radmann_skjema", "kontakt_epost"),
            ("radmann_skjema", "kommentar"),
            ("ringerunde_logg", "kontaktperson"),
            ("ringerunde_logg", "telefon"),
            ("ringerunde_logg", "notat"),
            ("telefonintervju", "intervjuer"),
            ("telefonintervju", "intervjudato"),
            ("telefonintervju", "leder_navn"),
            ("telefonintervju", "leder_telefon"),
        ]

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
        spec = source_specs(HEADER_ALIASES, PUBLISHED_RULES)[source]
        table = read_raw_table(path, source, spec, strict=False)
        cleaned = cleaner.clean(table)
        missing = [p for p in table.header_problems if p.kolonne == column]
        required = SOURCES[source].column(column).required != "no" or column in KEY[source]
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
        out = without_notices(capsys.readouterr().out)
        assert code == 0
        assert out.splitlines() == [
            "advarsel: radmann_skjema.csv, kolonne 'har_tjeneste': 71 av 202 rader er tomme "
            "(35 %; grensen er 25 %)",
            f"Ingen problemer funnet i {tmp_path} (1 advarsel)",
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
        from lmsanalyse.report.excel_workbook import SHEETS

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


MAPPED_REQUIRED = [(s, c) for s, c in READ if s in ("radmann_skjema", "telefonintervju")]


class TestThroughAMap:
    @pytest.mark.parametrize(("source", "column"), MAPPED_REQUIRED)
    def test_a_map_that_leaves_a_required_column_out(
        self, tmp_path: Path, source: str, column: str
    ) -> None:
        shipped = yaml.safe_load((EXAMPLES / f"{source}.import.yaml").read_text("utf-8"))
        path = example_map(tmp_path, source, column)
        spec = source_specs({}, PUBLISHED_RULES)[source]
        table = read_raw_table(path, source, spec, strict=False)
        data = (
            "radmann/dataset.csv"
            if source == "radmann_skjema"
            else ("intervju/data-118447-2015-01-31-1200.txt")
        )
        [problem] = table.header_problems
        assert (problem.fil, problem.rad, problem.kolonne) == (path.name, None, column)
        head = (
            f"påkrevd kolonne er ikke knyttet til noen variabel i {data}; den leses av "
            f"{readers_of(source, column)}; nærmeste variabler uten kolonne: "
        )
        assert problem.melding.startswith(head)
        assert problem.melding.endswith(
            f"knytt kolonnen til en variabel i {source}.import.yaml"
            + (
                ""
                if SOURCES[source].column(column).required != "no"
                else f", eller skriv «mangler: {{{column}: grunn}}» der hvis eksporten ikke "
                "har spørsmålet"
            )
        )
        # The closest variable named first is the one the shipped map uses (one of a list's).
        if column in shipped["kolonner"]:
            assert problem.melding[len(head) :].startswith(f"'{shipped['kolonner'][column]}' «")
        else:
            first = problem.melding[len(head) :].split(" «")[0].strip("'")
            assert first in shipped["lister"][column]
        with pytest.raises(InputError):
            read_raw_table(path, source, spec)

    def test_validate_names_map_column_and_candidates(self, tmp_path: Path, capsys) -> None:
        example_map(tmp_path, "radmann_skjema", "har_tjeneste")
        code = main(["validate", "--raw-dir", str(tmp_path / "raw")])
        out = without_notices(capsys.readouterr().out)
        assert code == 1
        assert out.splitlines() == [
            "radmann_skjema.import.yaml, kolonne 'har_tjeneste': påkrevd kolonne er ikke knyttet "
            "til noen variabel i radmann/dataset.csv; den leses av regel I1 intervjuet og "
            "enhetenes svar (AAPOR-disposisjonene); nærmeste variabler uten kolonne: "
            "'s_2' «Har kommunen/bydelen en lærings- og mestringstjeneste (LMS-…» (89); knytt "
            "kolonnen til en variabel i radmann_skjema.import.yaml"
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


def call_log_map(raw: Path, drop: str = "") -> Path:
    """The bundled call log as a ``tabell`` export with its map (all columns but ``drop``)."""
    raw.mkdir(parents=True)
    shutil.copy(RAW_DIR / "radmann_skjema.csv", raw / "radmann_skjema.csv")
    shutil.copy(RAW_DIR / "telefonintervju.xlsx", raw / "telefonintervju.xlsx")
    shutil.copy(RAW_DIR / "ringerunde_logg.csv", raw / "logg.csv")
    columns = {c.name: c.name for c in SOURCES["ringerunde_logg"].columns if c.name != drop}
    data = {"kilde": "ringerunde_logg", "format": "tabell", "filer": {"data": "logg.csv"}}
    data["kolonner"] = columns
    path = raw / "ringerunde_logg.import.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize("column", [c for s, c in READ if s == "ringerunde_logg"])
def test_a_call_log_map_that_leaves_a_read_column_out(tmp_path: Path, column: str) -> None:
    assert validate_dir(call_log_map(tmp_path / "hel").parent) == []
    path = call_log_map(tmp_path / "raw", drop=column)
    spec = source_specs({}, PUBLISHED_RULES)["ringerunde_logg"]
    [problem] = read_raw_table(path, "ringerunde_logg", spec, strict=False).header_problems
    assert (problem.fil, problem.kolonne) == ("ringerunde_logg.import.yaml", column)
    assert problem.melding.startswith(
        "påkrevd kolonne er ikke knyttet til noen variabel i logg.csv; den leses av "
        f"{readers_of('ringerunde_logg', column)}; nærmeste variabler uten kolonne: '{column}' ("
    )


def without(source: str, columns: tuple[str, ...], raw: Path) -> Path:
    """The bundled source without the headers of ``columns`` (and their cells)."""
    records = bundled_records(source)
    drop = {records[0].index(header_of(source, c)) for c in columns}
    return write_csv(raw, source, [[v for i, v in enumerate(r) if i not in drop] for r in records])


def alias_file(tmp_path: Path, mangler: dict[str, dict[str, str]]) -> Path:
    """config/header_aliases.yaml with ``mangler`` added under its sources."""
    data = yaml.safe_load(ALIASES.read_text("utf-8"))
    for source, columns in mangler.items():
        data.setdefault(source, {})["mangler"] = columns
    path = tmp_path / "header_aliases.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


class TestDeclaredMissing:
    """``mangler: {kolonne: grunn}``: an export that truly lacks a column the run reads."""

    REASON = "spørsmålet ble ikke stilt i denne runden"

    def test_a_contract_file_without_two_read_columns(self, tmp_path: Path) -> None:
        from helpers import clean_in

        raw = tmp_path / "raw"
        without("radmann_skjema", ("interkommunal", "samarbeidskommuner"), raw)
        assert [p.kolonne for p in validate_dir(raw)] == ["interkommunal", "samarbeidskommuner"]
        aliases = alias_file(
            tmp_path,
            {"radmann_skjema": {"interkommunal": self.REASON, "samarbeidskommuner": self.REASON}},
        )
        assert validate_dir(raw, header_aliases=str(aliases)) == []
        processed = tmp_path / "processed"
        clean_in(raw, processed, aliases=aliases)
        table = pd.read_csv(processed / "manglende_kolonner.csv", dtype=str)
        assert table.to_dict("records") == [
            {
                "kilde": "radmann_skjema",
                "fil": "radmann_skjema.csv",
                "kolonne": column,
                "grunn": self.REASON,
                "oppgitt_i": "header_aliases.yaml",
                "leses_av": "regel I1 intervjuet; enhetenes svar (AAPOR-disposisjonene)",
                "virkning": "hvilke tjenester som er bekreftet, og tjenestene en enhets Ja alene "
                "ville gitt; svarprosentene (AAPOR RR1–RR4, COOP1, REF1, CON1) og enhetenes vei "
                "gjennom kartleggingen",
            }
            for column in ("interkommunal", "samarbeidskommuner")
        ]
        # Every row is "not answered" for the columns, and no blank-share warning is given.
        answers = pd.read_parquet(processed / "radmann_svar.parquet")
        assert answers["interkommunal"].isna().all() and len(answers) == 188
        assert (processed / "advarsler.csv").read_text("utf-8").count("\n") == 1

    def test_an_import_map_without_a_read_column(self, tmp_path: Path) -> None:
        path = example_map(tmp_path, "telefonintervju", "brukerorg_etablering")
        assert [p.kolonne for p in validate_dir(path.parent)] == ["brukerorg_etablering"]
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"mangler:\n  brukerorg_etablering: {self.REASON}\n")
        assert validate_dir(path.parent) == []
        table = read_raw_table(path, "telefonintervju")
        assert table.declared_missing == {"brukerorg_etablering": self.REASON}
        assert table.data["brukerorg_etablering"].isna().all()

    def test_declared_missing_but_there_is_a_problem(self, tmp_path: Path) -> None:
        aliases = alias_file(tmp_path, {"ringerunde_logg": {"kontaktpunkt": self.REASON}})
        assert [str(p) for p in validate_dir(RAW_DIR, header_aliases=str(aliases))] == [
            "ringerunde_logg.csv, kolonne 'kontaktpunkt', nøkkel mangler.kontaktpunkt: kolonnen "
            "er oppgitt som manglende (mangler), men eksporten har den; fjern den fra mangler"
        ]

    @pytest.mark.parametrize(
        ("source", "column", "when"),
        [
            ("radmann_skjema", "har_tjeneste", ""),
            ("ringerunde_logg", "utfall", ""),
            ("telefonintervju", "deltakerkommuner", " for interkommunale tjenester"),
            ("telefonintervju", "tilbudstyper", " for tjenester i gang"),
        ],
    )
    def test_a_column_the_contract_requires_cannot_be_declared_missing(
        self, tmp_path: Path, source: str, column: str, when: str
    ) -> None:
        from lmsanalyse.config import ConfigError, load_header_aliases

        with pytest.raises(ConfigError) as info:
            load_header_aliases(alias_file(tmp_path, {source: {column: self.REASON}}))
        assert [str(p) for p in info.value.problems] == [
            f"header_aliases.yaml, kolonne '{column}', nøkkel {source}.mangler.{column}: "
            f"{column} kan ikke oppgis som manglende: kontrakten krever kolonnen{when}"
        ]
