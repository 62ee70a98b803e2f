"""Survey-tool exports read through import maps: every format and encoding, every map rule.

Each export is written byte by byte in tmp_path as the tool writes it (tests/exportfixtures.py),
so each expectation can be read off the fixture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from exportfixtures import (
    NS_MAP,
    SX_CSV_FILES,
    SX_MAP,
    SX_VARIANTS,
    write_nettskjema,
    write_surveyxact,
)
from helpers import ALIASES, RAW_DIR, REF_DIR
from lmsanalyse.clean.clean_stage import accounting_frame, quarantine_frame
from lmsanalyse.clean.cleaner import Cleaner
from lmsanalyse.config import ConfigError, load_import_map
from lmsanalyse.guard import personal_values
from lmsanalyse.ingest.raw_table import ROW, LeftOut
from lmsanalyse.ingest.reader import read_mapped, read_raw_table
from lmsanalyse.ingest.sources import find_raw_file, find_raw_files, raw_inputs
from lmsanalyse.problems import InputError

SX_EXPECTED = [
    [2, "R1", "03.11.2014 08:04:00", "Narvik", "Ja", "Ja", "Evenes; Ballangen"],
    [3, "R2", "04.11.2014 09:00:00", "Bodø", "Nei", None, ""],
    [5, "R4", "05.11.2014 10:00:00", "Harstad", "Vet ikke", "Nei", None],
]
SX_COLUMNS = [ROW, "svar_id", "innsendt", "enhet", "har_tjeneste", "interkommunal"]
SX_COLUMNS.append("samarbeidskommuner")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.from_reference(REF_DIR, 88, 4)


class TestSurveyXact:
    @pytest.mark.parametrize("variant", [*SX_VARIANTS, "xlsx"])
    def test_every_variant_reads_the_same(self, tmp_path: Path, variant: str) -> None:
        table = read_raw_table(write_surveyxact(tmp_path, variant), "radmann_skjema")
        assert table.data[SX_COLUMNS].values.tolist() == SX_EXPECTED
        # The export's own file and variables, the rows its map leaves out, what it ignores.
        shown = "sx/export.xlsx" if variant == "xlsx" else "sx/dataset.csv"
        assert table.fil == shown
        assert table.ignored_columns == ["email"]
        assert table.left_out == [LeftOut(4, "stato_4", "ikke gjennomført")]
        assert table.variable("har_tjeneste") == "s_2"
        assert table.variable("samarbeidskommuner") == "v_4"
        assert table.header_problems == []

    @pytest.mark.parametrize(
        ("variant", "encoding", "delimiter"),
        [
            ("utf16_tab", "utf-16", "\t"),
            ("cp1252_semicolon", "cp1252", ";"),
            ("cp1252_comma_quoted", "cp1252", ","),
            ("utf8_semicolon_crlf", "utf-8", ";"),
            ("utf8_bom_comma", "utf-8-sig", ","),
            ("xlsx", "xlsx", None),
        ],
    )
    def test_encoding_and_delimiter_are_recorded(
        self, tmp_path: Path, variant: str, encoding: str, delimiter: str | None
    ) -> None:
        table = read_raw_table(write_surveyxact(tmp_path, variant), "radmann_skjema")
        assert (table.encoding, table.delimiter) == (encoding, delimiter)

    def test_question_texts_join_choice_texts_and_keep_quoted_semicolons(
        self, tmp_path: Path
    ) -> None:
        from lmsanalyse.ingest.surveyxact import read_surveyxact

        export = read_surveyxact(load_import_map(write_surveyxact(tmp_path, "cp1252_semicolon")))
        assert export.question("v_4_3") == (
            "Hvilke kommuner samarbeider dere med? - Ballangen (til 2020; nå Narvik)"
        )
        assert export.labels["s_2"] == {"1": "Ja", "2": "Nei", "3": "Vet ikke; usikker"}
        assert export.groups["v_4_1"] == "v_4"
        # respondent and closetime are SurveyXact's own variables, with no structure line.
        assert export.question("respondent") == "svar-ID (SurveyXact: respondent)"
        assert export.question("closetime") == "tidspunkt for innsending (SurveyXact: closetime)"

    def test_structure_without_its_columns(self, tmp_path: Path) -> None:
        m = write_surveyxact(tmp_path, "utf8_semicolon_crlf")
        (tmp_path / "sx" / "structure.csv").write_text("variabel;tekst\r\ns_1;x\r\n", "utf-8")
        with pytest.raises(InputError) as info:
            read_mapped(m, "radmann_skjema")
        assert str(info.value) == (
            "sx/structure.csv, rad 1: mangler kolonnene questionName, variableName, "
            "questionType, subType, questionText, choiceValue, choiceText i overskriften"
        )

    def test_workbook_without_a_sheet(self, tmp_path: Path) -> None:
        import openpyxl

        m = write_surveyxact(tmp_path, "xlsx")
        wb = openpyxl.load_workbook(tmp_path / "sx" / "export.xlsx")
        del wb["Labels"]
        wb.save(tmp_path / "sx" / "export.xlsx")
        with pytest.raises(InputError) as info:
            read_mapped(m, "radmann_skjema")
        assert str(info.value) == (
            "sx/export.xlsx: mangler arket Labels (arkene er 'Dataset', 'Structure')"
        )

    def test_content_beyond_the_header_is_a_problem(self, tmp_path: Path) -> None:
        m = write_surveyxact(tmp_path, "utf8_semicolon_crlf")
        data = tmp_path / "sx" / "dataset.csv"
        lines = data.read_bytes().split(b"\r\n")
        lines[2] += b";;overskudd"
        data.write_bytes(b"\r\n".join(lines))
        table = read_raw_table(m, "radmann_skjema", strict=False)
        assert [str(p) for p in table.header_problems] == [
            "sx/dataset.csv, rad 3: raden har 1 felt med innhold utenfor overskriften"
        ]


class TestNettskjema:
    @pytest.mark.parametrize("codebook", ["list", "dict"])
    def test_report_with_codebook(self, tmp_path: Path, codebook: str) -> None:
        table = read_mapped(write_nettskjema(tmp_path, codebook), "telefonintervju")
        columns = [ROW, "tjeneste_id", "organisering", "tilbudstyper", "bm_utvikling"]
        assert table.data[columns + ["antall_tilbud"]].values.tolist() == [
            # Option ids became option texts; the matrix row reads as its own variable.
            [3, "T1", "Kommunal", "mestringskurs; samtalegruppe", "Ja", "4.0"],
            [4, "T2", "interkommunal", "", "Delvis", "0.0"],
            [5, "T3", "Kommunal", None, "Nei", "2.0"],
        ]
        assert table.left_out == [LeftOut(2, "$submission_id", "testinnsending")]
        assert table.ignored_columns == ["$created", "$answer_time_ms"]
        assert (table.encoding, table.delimiter) == ("utf-8", ";")
        assert table.variable("tilbudstyper") == "typer"

    def test_report_without_codebook_maps_option_ids(self, tmp_path: Path) -> None:
        table = read_mapped(write_nettskjema(tmp_path, None), "telefonintervju")
        assert table.data["organisering"].tolist() == ["kommunal", "interkommunal", "kommunal"]
        assert table.data["bm_utvikling"].tolist() == ["Ja", "Delvis", "Nei"]

    def test_an_option_id_missing_from_the_codebook_is_a_value_problem(
        self, tmp_path: Path, cleaner: Cleaner
    ) -> None:
        m = write_nettskjema(tmp_path, "list")
        data = tmp_path / "ns" / "data-1-2015-01-31.txt"
        data.write_text(
            data.read_text("utf-8").replace(
                '"T2";"Samtaletilbud";"Bodø";"2"', '"T2";"Samtaletilbud";"Bodø";"7"'
            ),
            "utf-8",
        )
        table = read_mapped(m, "telefonintervju")
        assert [(r, c, str(m)) for r, c, m in table.cell_issues] == [
            (4, "organisering", "koden '7' står ikke i etikettene til variabelen 'org'")
        ]
        assert table.data["organisering"].tolist() == ["Kommunal", None, "Kommunal"]

    def test_created_with_offset_is_local_time(self, tmp_path: Path, cleaner: Cleaner) -> None:
        # A questionnaire in Nettskjema: $created is the submission time, in UTC+1.
        raw = tmp_path
        (raw / "ns").mkdir()
        (raw / "ns" / "r.txt").write_text(
            '"$submission_id";"$created";"kommune";"lms"\n'
            '"11";"2014-11-03T07:04:00Z";"Narvik";"Ja"\n',
            "utf-8",
        )
        (raw / "radmann_skjema.import.yaml").write_text(
            "kilde: radmann_skjema\nformat: nettskjema\nfiler: {data: ns/r.txt}\n"
            "kolonner: {svar_id: $submission_id, innsendt: $created, enhet: kommune,"
            " har_tjeneste: lms}\n",
            "utf-8",
        )
        table = read_raw_table(raw / "radmann_skjema.import.yaml", "radmann_skjema")
        cleaned = cleaner.clean(table)
        assert str(cleaned.table["innsendt"].iloc[0]) == "2014-11-03 08:04:00"


class TestTabell:
    def test_csv_with_codebook(self, tmp_path: Path) -> None:
        (tmp_path / "logg.csv").write_bytes(
            "Kommune;Dato;Nr;Hvem;Resultat\r\nNarvik;01.12.2014;1;1;2\r\nBodø;02.12.2014;1;3;1\r\n".encode(
                "cp1252"
            )
        )
        (tmp_path / "kodebok.csv").write_text(
            "variabel,kode,etikett\nHvem,1,Sentralbordet\nHvem,3,Helseleder\n"
            "Resultat,1,har tjeneste\nResultat,2,uavklart\n",
            "utf-8",
        )
        (tmp_path / "ringerunde_logg.import.yaml").write_text(
            "kilde: ringerunde_logg\nformat: tabell\nfiler: {data: logg.csv, kodebok: kodebok.csv}\n"
            "kolonner: {enhet: kommune, dato: Dato, forsok: Nr, kontaktpunkt: Hvem, utfall: Resultat}\n"
            "verdier: {kontaktpunkt: {Sentralbordet: sentralbord}}\n",
            "utf-8",
        )
        table = read_raw_table(tmp_path / "ringerunde_logg.import.yaml", "ringerunde_logg")
        columns = [ROW, "enhet", "forsok", "kontaktpunkt", "utfall"]
        assert table.data[columns].values.tolist() == [
            [2, "Narvik", "1", "sentralbord", "uavklart"],
            [3, "Bodø", "1", "Helseleder", "har tjeneste"],
        ]
        assert (table.fil, table.encoding, table.delimiter) == ("logg.csv", "cp1252", ";")

    def test_xlsx(self, tmp_path: Path) -> None:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["Kommune", "Dato", "Forsøk", "Utfall"])
        wb.active.append(["Narvik", "01.12.2014", 2, "uavklart"])
        wb.save(tmp_path / "logg.xlsx")
        (tmp_path / "ringerunde_logg.import.yaml").write_text(
            "kilde: ringerunde_logg\nformat: tabell\nfiler: {data: logg.xlsx}\n"
            "kolonner: {enhet: Kommune, dato: Dato, forsok: Forsøk, utfall: Utfall}\n",
            "utf-8",
        )
        table = read_raw_table(tmp_path / "ringerunde_logg.import.yaml", "ringerunde_logg")
        assert table.data[[ROW, "enhet", "forsok"]].values.tolist() == [[2, "Narvik", "2"]]


class TestMapRules:
    def test_label_equal_to_an_allowed_value_needs_no_entry(self, tmp_path: Path) -> None:
        # s_2 label "Nei" and s_3 labels "Ja"/"Nei" pass as they are; the cleaner reads them.
        table = read_mapped(write_surveyxact(tmp_path, "utf16_tab"), "radmann_skjema")
        assert table.data["har_tjeneste"].tolist() == ["Ja", "Nei", "Vet ikke"]

    def test_a_raw_code_may_be_mapped_directly(self, tmp_path: Path) -> None:
        text = SX_MAP.format(files=SX_CSV_FILES).replace(
            'har_tjeneste: {"Vet ikke; usikker": Vet ikke}', "har_tjeneste: {'3': Vet ikke}"
        )
        table = read_mapped(write_surveyxact(tmp_path, "utf16_tab", text), "radmann_skjema")
        assert table.data["har_tjeneste"].tolist() == ["Ja", "Nei", "Vet ikke"]

    def test_a_label_that_is_no_contract_value_is_quarantined_by_the_cleaner(
        self, tmp_path: Path, cleaner: Cleaner
    ) -> None:
        text = SX_MAP.format(files=SX_CSV_FILES).replace(
            '  har_tjeneste: {"Vet ikke; usikker": Vet ikke}\n', '  interkommunal: {"Ja": Ja}\n'
        )
        table = read_raw_table(write_surveyxact(tmp_path, "utf16_tab", text), "radmann_skjema")
        issues = [(i.rad, i.kolonne, i.niva, str(i.arsak)) for i in cleaner.clean(table).issues]
        assert issues == [
            (
                5,
                "har_tjeneste",
                "verdi",
                "ukjent svar 'Vet ikke; usikker' (tillatt: 'Ja', 'Nei', 'Vet ikke')",
            )
        ]

    def test_lister_all_zero_is_an_empty_list_and_all_blank_not_answered(
        self, tmp_path: Path, cleaner: Cleaner
    ) -> None:
        table = read_raw_table(write_surveyxact(tmp_path, "utf16_tab"), "radmann_skjema")
        lists = cleaner.clean(table).table.set_index("svar_id")["samarbeidskommuner"]
        assert lists.to_dict() == {"R1": ["1853", "1854"], "R2": [], "R4": None}

    def test_utelat_rows_are_counted_as_quarantined_with_the_reason(
        self, tmp_path: Path, cleaner: Cleaner
    ) -> None:
        table = read_raw_table(write_surveyxact(tmp_path, "utf16_tab"), "radmann_skjema")
        cleaned = cleaner.clean(table)
        acc = accounting_frame({table.source: table}, {table.source: cleaned}).iloc[0]
        assert (acc.rader_inn, acc.brukt, acc.slatt_sammen, acc.karantene, acc.utelatt) == (
            4,
            3,
            0,
            1,
            1,
        )
        assert (acc.fil, acc.importkart, acc.importformat) == (
            "sx/dataset.csv",
            "radmann_skjema.import.yaml",
            "surveyxact",
        )
        assert acc.variabler == (
            "svar_id=respondent; innsendt=closetime; enhet=s_1; har_tjeneste=s_2; "
            "interkommunal=s_3; samarbeidskommuner=v_4"
        )
        q = quarantine_frame({table.source: cleaned}, {table.source: table})
        q = q.drop(columns=["enhet_id", "tjeneste_id", "kode"])  # left-out rows name no entity
        assert q.values.tolist() == [
            [
                "sx/dataset.csv",
                4,
                "",
                "rad",
                "utelatt etter importkartet: ikke gjennomført",
                "stato_4",
            ]
        ]

    def test_unknown_variables_are_named_with_the_closest(self, tmp_path: Path) -> None:
        text = (
            SX_MAP.format(files=SX_CSV_FILES)
            .replace("enhet: s_1", "enhet: s_11")
            .replace("variabel: stato_4", "variabel: status_4")
        )
        table = read_raw_table(
            write_surveyxact(tmp_path, "utf16_tab", text), "radmann_skjema", strict=False
        )
        assert [str(p) for p in table.header_problems] == [
            "radmann_skjema.import.yaml, kolonne 'enhet', nøkkel kolonner.enhet: "
            "variabelen 's_11' finnes ikke i sx/dataset.csv; nærmeste: 's_1', 's_2', 's_3'",
            "radmann_skjema.import.yaml, nøkkel utelat.0.variabel: variabelen 'status_4' "
            "finnes ikke i sx/dataset.csv; nærmeste: 'stato_4'",
        ]

    def test_values_that_are_neither_label_nor_code(self, tmp_path: Path) -> None:
        text = SX_MAP.format(files=SX_CSV_FILES).replace("Vet ikke; usikker", "Vet ikke, usikker")
        table = read_raw_table(
            write_surveyxact(tmp_path, "utf16_tab", text), "radmann_skjema", strict=False
        )
        assert [str(p) for p in table.header_problems] == [
            "radmann_skjema.import.yaml, nøkkel verdier.har_tjeneste.Vet ikke, usikker: "
            "'Vet ikke, usikker' er verken en etikett eller en kode for variabelen 's_2' "
            "(1 = Ja, 2 = Nei, 3 = Vet ikke; usikker)"
        ]

    def test_unmapped_variables_never_reach_the_table(self, tmp_path: Path) -> None:
        table = read_mapped(write_surveyxact(tmp_path, "utf16_tab"), "radmann_skjema")
        assert not table.data.isin(["a@x.invalid", "b@x.invalid"]).any().any()

    def test_a_personal_column_stays_personal_whatever_its_variable(self, tmp_path: Path) -> None:
        # email (a background variable) mapped to kontakt_epost: the guard looks for it, in
        # the rows used and in the row the map leaves out.
        text = SX_MAP.format(files=SX_CSV_FILES).replace(
            "kolonner:\n", "kolonner:\n  kontakt_epost: email\n"
        )
        write_surveyxact(tmp_path, "utf16_tab", text)
        for name in ("ringerunde_logg.csv", "telefonintervju.xlsx"):
            shutil.copy(RAW_DIR / name, tmp_path / name)
        values = personal_values(find_raw_files(tmp_path), ALIASES)
        assert {"a@x.invalid", "b@x.invalid", "c@x.invalid", "d@x.invalid"} <= set(values.texts)


class TestMapFile:
    def _map(self, tmp_path: Path, text: str) -> Path:
        write_surveyxact(tmp_path, "utf16_tab")
        path = tmp_path / "radmann_skjema.import.yaml"
        path.write_text(text, "utf-8")
        return path

    def test_schema_problems_name_the_key(self, tmp_path: Path) -> None:
        path = self._map(
            tmp_path,
            "kilde: radmann_skjema\nformat: surveyxakt\nfiler: {data: sx/dataset.csv}\n"
            "kolonner: {enhett: s_1}\nekstra: 1\n",
        )
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [str(p) for p in info.value.problems] == [
            "radmann_skjema.import.yaml: ukjent nøkkel 'ekstra'; tillatt: filer, format, kilde, "
            "kolonner, lister, mangler, utelat, verdier",
            "radmann_skjema.import.yaml, nøkkel format: 'surveyxakt' er ikke tillatt; "
            "tillatt: surveyxact, nettskjema, tabell, spss",
            "radmann_skjema.import.yaml, nøkkel kolonner: 'enhett' er ikke tillatt; tillatt: "
            "svar_id, innsendt, enhet, har_tjeneste, interkommunal, samarbeidskommuner, "
            "tjeneste_navn, kontaktperson, kontakt_telefon, kontakt_epost, kommentar",
        ]

    def test_contract_values_files_and_kilde(self, tmp_path: Path) -> None:
        path = self._map(
            tmp_path,
            "kilde: telefonintervju\nformat: surveyxact\n"
            "filer: {data: sx/dataset.csv, struktur: sx/mangler.csv, kodebok: sx/labels.csv}\n"
            "kolonner: {enhet: s_1}\n",
        )
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [str(p) for p in info.value.problems] == [
            "radmann_skjema.import.yaml, nøkkel kilde: 'telefonintervju' passer ikke med "
            "filnavnet; kartet for telefonintervju heter telefonintervju.import.yaml",
            "radmann_skjema.import.yaml, nøkkel kolonner: 'enhet' er ikke tillatt; tillatt: "
            "tjeneste_id, tjeneste_navn, vertskommune, organisering, deltakerkommuner, friskliv, "
            "navn_med_mestring, egen_enhet, prosjektfinansiert, i_gang, antall_tilbud, "
            "tilbudstyper, diagnoser, bm_utvikling, bm_planlegging, bm_gjennomforing, "
            "bm_evaluering, brukerorg_etablering, rekruttering, mange_ars_erfaring, intervjuer, "
            "intervjudato, leder_navn, leder_telefon",
        ]
        path.write_text(
            "kilde: radmann_skjema\nformat: surveyxact\n"
            "filer: {data: sx/dataset.csv, struktur: sx/mangler.csv, kodebok: sx/labels.csv}\n"
            "kolonner: {enhet: s_1, har_tjeneste: s_2, innsendt: s_1}\n"
            "verdier: {har_tjeneste: {'1': Jo}}\n",
            "utf-8",
        )
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [str(p) for p in info.value.problems] == [
            "radmann_skjema.import.yaml, nøkkel filer: mangler filen 'etiketter' for surveyxact",
            "radmann_skjema.import.yaml, nøkkel filer.kodebok: 'kodebok' brukes ikke av "
            "surveyxact med én XLSX-fil (arkene Dataset, Structure og Labels)",
            "radmann_skjema.import.yaml, nøkkel filer.struktur: fant ikke filen sx/mangler.csv",
            "radmann_skjema.import.yaml, nøkkel kolonner.innsendt: variabelen 's_1' er knyttet "
            "til både enhet og innsendt",
            "radmann_skjema.import.yaml, nøkkel verdier.har_tjeneste.1: 'Jo' er ikke en verdi "
            "for har_tjeneste (tillatt: Ja, Nei, Vet ikke)",
        ]

    def test_a_list_item_may_not_hold_a_separator(self, tmp_path: Path) -> None:
        path = self._map(
            tmp_path, SX_MAP.format(files=SX_CSV_FILES).replace("v_4_3: Ballangen", "v_4_3: 'A; B'")
        )
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [str(p) for p in info.value.problems] == [
            "radmann_skjema.import.yaml, nøkkel lister.samarbeidskommuner.v_4_3: 'A; B': et "
            "listeelement kan ikke inneholde ';', ',' eller linjeskift"
        ]

    def test_codes_stay_text(self, tmp_path: Path) -> None:
        # 01, No and yes would be a number and booleans in plain YAML.
        path = self._map(
            tmp_path,
            SX_MAP.format(files=SX_CSV_FILES).replace(
                'har_tjeneste: {"Vet ikke; usikker": Vet ikke}',
                "har_tjeneste: {01: Ja, No: Nei, yes: Ja}",
            ),
        )
        assert load_import_map(path).verdier["har_tjeneste"] == {
            "01": "Ja",
            "No": "Nei",
            "yes": "Ja",
        }


class TestSources:
    def test_a_contract_file_and_a_map_for_one_source(self, tmp_path: Path) -> None:
        write_surveyxact(tmp_path, "utf16_tab")
        (tmp_path / "radmann_skjema.csv").write_text("svar_id\n", "utf-8")
        with pytest.raises(InputError) as info:
            find_raw_file(tmp_path, "radmann_skjema")
        assert str(info.value) == (
            "radmann_skjema.csv: flere filer for samme kilde: radmann_skjema.csv og "
            "radmann_skjema.import.yaml; en kilde har enten en kontraktfil eller et importkart, "
            "ikke begge"
        )

    def test_every_export_file_is_a_workflow_input(self, tmp_path: Path) -> None:
        write_surveyxact(tmp_path, "utf16_tab")
        write_nettskjema(tmp_path, "list")
        (tmp_path / "ringerunde_logg.csv").write_text("enhet\n", "utf-8")
        inputs = {k: v.relative_to(tmp_path).as_posix() for k, v in raw_inputs(tmp_path).items()}
        assert inputs == {
            "radmann_skjema": "radmann_skjema.import.yaml",
            "radmann_skjema__data": "sx/dataset.csv",
            "radmann_skjema__struktur": "sx/structure.csv",
            "radmann_skjema__etiketter": "sx/labels.csv",
            "ringerunde_logg": "ringerunde_logg.csv",
            "telefonintervju": "telefonintervju.import.yaml",
            "telefonintervju__data": "ns/data-1-2015-01-31.txt",
            "telefonintervju__kodebok": "ns/elements-1.json",
        }


def test_ns_map_fixture_is_valid_yaml() -> None:
    import yaml

    assert yaml.safe_load(NS_MAP.format(codebook="", values=""))["kilde"] == "telefonintervju"


def test_pandas_frame_of_left_out_rows_has_contract_columns(tmp_path: Path) -> None:
    table = read_mapped(write_surveyxact(tmp_path, "utf16_tab"), "radmann_skjema")
    assert isinstance(table.left_out_data, pd.DataFrame)
    assert table.left_out_data[[ROW, "svar_id", "enhet"]].values.tolist() == [[4, "R3", "Tromsø"]]
