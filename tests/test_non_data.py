"""Rows that are not data (issue 19, the contract's "Rows that are not data"): totals rows,
repeated headers, notes and test submissions are quarantined with their reason, never read
as units or services; validate names each and gives the ``utelat`` entry, which leaves the row
out on purpose."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ALIASES, RAW_DIR, build_run, validate_dir
from lmsanalyse.cli import main
from lmsanalyse.ingest.raw_table import normalise_header
from lmsanalyse.layout import RunLayout

HINT = "under {source} i config/header_aliases.yaml"


def raw_copy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def csv_records(path: Path) -> tuple[list[list[str]], str, str]:
    """A bundled CSV's records, its encoding and delimiter (written back the same way)."""
    data = path.read_bytes()
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252"), "cp1252"
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), encoding, delimiter


def append_csv(path: Path, rows: list[list[str]], at: int | None = None) -> int:
    """Rows added to a bundled CSV (at the end, or before record ``at``); the first new row's
    number as a spreadsheet shows it."""
    records, encoding, delimiter = csv_records(path)
    at = len(records) if at is None else at
    records[at:at] = rows
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(records)
    path.write_bytes(buf.getvalue().encode(encoding))
    return at + 1


def append_xlsx(path: Path, rows: list[list[object]]) -> int:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    first = ws.max_row + 1
    for row in rows:
        ws.append(row)
    wb.save(path)
    return first


def header(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        return [c.value for c in openpyxl.load_workbook(path).active[1]]
    return csv_records(path)[0][0]


def row_with(path: Path, values: dict[str, object]) -> list[object]:
    """A row of the file's width with ``values`` under the headers (or aliases) named."""
    aliases = yaml.safe_load(ALIASES.read_text("utf-8"))
    source = path.stem
    names = {h: (aliases.get(source) or {}).get(h, h) for h in header(path)}
    return [values.get(names[h], "") for h in header(path)]


def problems_of(raw: Path) -> list[str]:
    return [str(p) for p in validate_dir(raw)]


INTERVJU = RAW_DIR / "telefonintervju.xlsx"


class TestTotalsRows:
    @pytest.mark.parametrize("word", ["Sum", "SUM:", "Totalt", "I alt", "Gjennomsnitt", "sum alle"])
    def test_a_totals_word_in_the_interview_id(self, tmp_path: Path, word: str) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "telefonintervju.xlsx"
        row = append_xlsx(path, [row_with(path, {"tjeneste_id": word, "antall_tilbud": 154})])
        assert problems_of(raw) == [
            f"telefonintervju.xlsx, rad {row}: raden er en summeringsrad ('{' '.join(word.split())}' "
            "i tjeneste_id), ikke data; for å utelate den med vilje: utelat: [{kolonne: "
            f"tjeneste_id, verdier: ['{' '.join(word.split())}'], grunn: summeringsrad}}] "
            + HINT.format(source="telefonintervju")
        ]

    def test_the_totals_row_is_never_a_service_and_changes_no_figure(
        self, tmp_path: Path, bundled_run: Path
    ) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "telefonintervju.xlsx"
        row = append_xlsx(path, [row_with(path, {"tjeneste_id": "Sum", "tjeneste_navn": "Sum"})])
        bundled = RunLayout(bundled_run)  # the session's bundled run (its main tables)
        changed = build_run(tmp_path / "b", raw_dir=raw, definitions=("nklmh_2015",))
        for table in ("tjeneste_status.csv", "kommune_status.csv", "enhet_status.csv"):
            assert (changed.processed / table).read_bytes() == (
                bundled.processed / table
            ).read_bytes()
        services = pd.read_csv(changed.processed / "tjeneste_status.csv", dtype=str)
        assert "Sum" not in set(services["tjeneste_id"])
        accounting = pd.read_csv(changed.processed / "row_accounting.csv", dtype=str)
        interviews = accounting.set_index("kilde").loc["telefonintervju"]
        assert (interviews["rader_inn"], interviews["karantene"]) == (str(row - 1), "1")
        quarantine = pd.read_csv(changed.processed / "quarantine.csv", dtype=str)
        assert quarantine[["rad", "niva", "kode"]].values.tolist() == [
            [str(row), "rad", "ikke_data"]
        ]
        # A row that is no data is about no unit and no service.
        assert quarantine[["enhet_id", "tjeneste_id"]].isna().all().all()
        # The output gives the value by its length, as for every text a person typed.
        assert quarantine["arsak"].tolist() == [
            "raden er en summeringsrad («verdien i cellen, 3 tegn» i tjeneste_id), ikke data; "
            "for å utelate den med vilje: utelat: [{kolonne: tjeneste_id, verdier: "
            "[«verdien i cellen, 3 tegn»], grunn: summeringsrad}] "
            + HINT.format(source="telefonintervju")
        ]

    def test_a_row_without_a_unit_whose_numbers_are_the_sums(self, tmp_path: Path) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "telefonintervju.xlsx"
        total = int(pd.read_excel(path)["antall_tilbud"].sum())
        row = append_xlsx(path, [row_with(path, {"antall_tilbud": total})])
        assert problems_of(raw) == [
            f"telefonintervju.xlsx, rad {row}: raden er en summeringsrad (uten vertskommune, og "
            f"tallet '{total}' i antall_tilbud er summen av de andre radene), ikke data; for å "
            f"utelate den med vilje: utelat: [{{kolonne: antall_tilbud, verdier: ['{total}'], "
            "grunn: summeringsrad}] " + HINT.format(source="telefonintervju")
        ]

    def test_a_totals_row_in_the_call_log(self, tmp_path: Path) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "ringerunde_logg.csv"
        row = append_csv(path, [row_with(path, {"enhet": "Totalt", "forsok": "494"})])
        [problem] = problems_of(raw)
        assert problem.startswith(
            f"ringerunde_logg.csv, rad {row}: raden er en summeringsrad ('Totalt' i enhet)"
        )


class TestRepeatedHeadersAndNotes:
    def test_a_header_repeated_in_the_middle_of_the_questionnaire(self, tmp_path: Path) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "radmann_skjema.csv"
        row = append_csv(path, [header(path)], at=100)
        [problem] = problems_of(raw)
        assert problem.startswith(
            f"radmann_skjema.csv, rad {row}: raden gjentar overskriften ('Svar-ID' i svar_id), "
            "ikke data; for å utelate den med vilje: utelat: [{kolonne: svar_id, verdier: "
            "['Svar-ID'], grunn: gjentatt overskrift}]"
        )

    @pytest.mark.parametrize(
        "note",
        ["Merk: eksportert fra SurveyXact", "Data hentet 31.01.2015 kl. 12", "* foreløpige tall"],
    )
    def test_a_note_under_the_call_log(self, tmp_path: Path, note: str) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "ringerunde_logg.csv"
        row = append_csv(path, [[note] + [""] * (len(header(path)) - 1)])
        [problem] = problems_of(raw)
        assert problem.startswith(
            f"ringerunde_logg.csv, rad {row}: raden er en merknad (bare én celle med tekst: "
            f"'{note}' i enhet), ikke data"
        )

    def test_a_blank_form_naming_only_its_unit_is_data(self, tmp_path: Path) -> None:
        # A unit that submitted an empty form is a refusal (AAPOR 2.11), not a note.
        raw = raw_copy(tmp_path)
        path = raw / "radmann_skjema.csv"
        row = append_csv(path, [row_with(path, {"enhet": "Narvik"})])
        assert [p for p in problems_of(raw) if p.startswith(f"radmann_skjema.csv, rad {row},")] == [
            f"radmann_skjema.csv, rad {row}, kolonne 'innsendt': påkrevd verdi mangler",
            f"radmann_skjema.csv, rad {row}, kolonne 'svar_id': påkrevd verdi mangler",
        ]


class TestTestSubmissions:
    @pytest.mark.parametrize(
        ("column", "value"),
        [
            ("svar_id", "TEST-1"),
            ("svar_id", "test_3"),
            ("enhet", "Testkommune"),
            ("enhet", "Prøve"),
            ("tjeneste_navn", "Test"),
        ],
    )
    def test_in_the_questionnaire(self, tmp_path: Path, column: str, value: str) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "radmann_skjema.csv"
        values = {"svar_id": "R9999", "innsendt": "03.11.2014 10:00", "enhet": "Narvik"}
        values |= {"har_tjeneste": "Ja", column: value}
        row = append_csv(path, [row_with(path, values)])
        [problem] = [p for p in problems_of(raw) if p.startswith(f"radmann_skjema.csv, rad {row}")]
        assert problem == (
            f"radmann_skjema.csv, rad {row}: raden er et testsvar ('{value}' i {column}), ikke "
            f"data; for å utelate den med vilje: utelat: [{{kolonne: {column}, verdier: "
            f"['{value}'], grunn: testsvar}}] " + HINT.format(source="radmann_skjema")
        )

    def test_the_tools_own_test_flag_in_a_tabell_export(self, tmp_path: Path) -> None:
        raw = raw_copy(tmp_path)
        (raw / "ringerunde_logg.csv").rename(raw / "logg.csv")
        path = raw / "logg.csv"
        records, encoding, delimiter = csv_records(path)
        records[0].append("$test")
        for i, record in enumerate(records[1:], start=2):
            record.append("1" if i == 5 else "0")
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(records)
        path.write_bytes(buf.getvalue().encode(encoding))
        columns = yaml.safe_load(ALIASES.read_text("utf-8"))["ringerunde_logg"]
        kolonner = {
            "enhet": "enhet",
            "dato": "dato",
            "forsok": "forsok",
            "kontaktpunkt": "kontaktpunkt",
        }
        kolonner |= {"utfall": "utfall", "kontaktperson": "kontaktperson", "telefon": "telefon"}
        assert set(kolonner) >= {v for v in columns.values() if v in kolonner}
        text = {"kilde": "ringerunde_logg", "format": "tabell", "filer": {"data": "logg.csv"}}
        text["kolonner"] = kolonner
        (raw / "ringerunde_logg.import.yaml").write_text(yaml.safe_dump(text), "utf-8")
        assert problems_of(raw) == [
            "logg.csv, rad 5: raden er merket som testsvar i eksporten (variabelen '$test' = "
            "'1'), ikke data"
        ]


class TestLeftOutOnPurpose:
    def test_an_utelat_entry_in_the_alias_file_leaves_the_row_out(self, tmp_path: Path) -> None:
        raw = raw_copy(tmp_path)
        path = raw / "telefonintervju.xlsx"
        row = append_xlsx(path, [row_with(path, {"tjeneste_id": "Sum", "antall_tilbud": 154})])
        data = yaml.safe_load(ALIASES.read_text("utf-8"))
        rule = {"kolonne": "tjeneste_id", "verdier": ["sum"], "grunn": "summeringsrad"}
        data["telefonintervju"]["utelat"] = [rule]
        aliases = tmp_path / "aliases.yaml"
        aliases.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        assert validate_dir(raw, header_aliases=str(aliases)) == []
        config = tmp_path / "config.yaml"
        config.write_text(f"header_aliases: {aliases}\n", "utf-8")
        out = tmp_path / "ut"
        assert main(["validate", "--raw-dir", str(raw), "--config", str(config)]) == 0
        from helpers import clean_in

        clean_in(raw, out, aliases=aliases)
        accounting = pd.read_csv(out / "row_accounting.csv", dtype=str).set_index("kilde")
        assert accounting.loc[
            "telefonintervju", ["rader_inn", "karantene", "utelatt"]
        ].tolist() == [str(row - 1), "1", "1"]
        quarantine = pd.read_csv(out / "quarantine.csv", dtype=str)
        assert quarantine[["rad", "arsak", "kode"]].values.tolist() == [
            [str(row), "utelatt etter aliases.yaml: summeringsrad", "utelatt"]
        ]

    def test_an_utelat_entry_naming_no_column_is_refused(self, tmp_path: Path) -> None:
        from lmsanalyse.config import ConfigError, load_header_aliases

        data = yaml.safe_load(ALIASES.read_text("utf-8"))
        data["ringerunde_logg"]["utelat"] = [{"kolonne": "Status", "verdier": ["x"], "grunn": "y"}]
        path = tmp_path / "aliases.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        with pytest.raises(ConfigError) as info:
            load_header_aliases(path)
        assert str(info.value).startswith(
            "aliases.yaml, nøkkel ringerunde_logg.utelat.0.kolonne: 'Status' er ikke en kolonne "
            "i ringerunde_logg (tillatt: enhet, dato, forsok"
        )


# Characters that change under normalisation or casefolding, spaces of several kinds, and
# plain letters: a cell of them may or may not normalise to a header.
_CELL = (
    st.text(alphabet="aAsSkKeEnNhHtT ßẞſKÅå\u0301\u00a0\t\n\u200b\u2028\x1c-/", max_size=8)
    | st.none()
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CELL, max_size=20), st.sets(st.sampled_from(["enhet", "sak", "kå", "ss", ""])))
def test_the_first_character_filter_keeps_every_cell_that_can_be_a_header(cells, names) -> None:
    from lmsanalyse.clean.non_data import _may_be

    values = np.array(cells, dtype=object)
    kept = _may_be(values, names)
    for value, may in zip(cells, kept, strict=True):
        if normalise_header(value) in names:
            assert may, value


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL | st.integers() | st.floats(allow_nan=True), max_size=20))
def test_filled_cells_are_the_cells_with_text(cells) -> None:
    from lmsanalyse.clean.non_data import _text, filled_cells

    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    assert filled_cells(values).tolist() == [bool(_text(v)) for v in cells]
