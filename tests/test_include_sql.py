"""The include stage's machinery: the SQL layers, the key checks, the figure catalogue and the
clean → include Parquet contract. The rules themselves are tested in test_rules.py."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from lmsanalyse.clean.clean_stage import _typed_for_output
from lmsanalyse.contract import CLEAN_SCHEMAS, arrow_schema
from lmsanalyse.include import figure_catalogue
from lmsanalyse.include.runner import (
    CodeCheckError,
    KeyCheckError,
    check_codes,
    check_key,
    in_dependency_order,
    parse,
    sql_files,
)
from lmsanalyse.outputs import write_parquet
from lmsanalyse.rules import KATEGORIER, KOMMUNE_STATUS, STATUS_I_DAG
from test_rules import (
    MAIN_DEFINITION,
    definition_variant,
    figure,
    include,
    main,  # noqa: F401  (the hand-made data of the SQL rule tests)
    main_processed,  # noqa: F401
    service,
    write_processed,
)

DEFINITIONS = MAIN_DEFINITION.parent


# ---------------------------------------------------------------- key checks


def test_key_check_names_table_key_and_duplicate():
    con = duckdb.connect()
    con.execute(
        "create table kommune_status as"
        " select * from (values ('0301'), ('0301'), ('0101')) as v(kommunenummer)"
    )
    with pytest.raises(KeyCheckError) as err:
        check_key(con, "kommune_status", ("kommunenummer",))
    assert str(err.value) == (
        "tabellen kommune_status: nøkkelen (kommunenummer) er ikke unik: 0301 finnes 2 ganger"
    )


def test_key_check_composite_and_empty_keys():
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values ('T1', 'I2'), ('T1', 'I2'), ('T1', 'I3'))"
        " as v(tjeneste_id, regel)"
    )
    with pytest.raises(KeyCheckError, match=r"nøkkelen \(tjeneste_id, regel\) er ikke unik: "):
        check_key(con, "t", ("tjeneste_id", "regel"))
    con.execute("create table u as select * from (values ('T1'), (null)) as v(tjeneste_id)")
    with pytest.raises(KeyCheckError, match=r"tabellen u: nøkkelen \(tjeneste_id\) er tom i 1"):
        check_key(con, "u", ("tjeneste_id",))


def test_code_check_names_unknown_codes():
    con = duckdb.connect()
    con.execute("create table stg_koder as select 'kommune_status' as kodeverk, 'dekket' as kode")
    con.execute("create table t as select * from (values ('dekket'), ('ukjent')) as v(status_kode)")
    with pytest.raises(CodeCheckError) as err:
        check_codes(con, "t", "status_kode", "kommune_status")
    assert str(err.value) == (
        "tabellen t: kolonnen status_kode har koder som ikke finnes i kodelisten kommune_status "
        "(lmsanalyse.rules): ukjent"
    )


def test_a_broken_key_stops_the_run(tmp_path):
    # Two interviews with one tjeneste_id (the clean stage never writes this).
    processed = write_processed(tmp_path, services=[service("T01", "0101"), service("T01", "0104")])
    with pytest.raises(KeyCheckError) as err:
        include(processed, MAIN_DEFINITION)
    assert str(err.value) == (
        "tabellen stg_telefonintervju: nøkkelen (tjeneste_id) er ikke unik: T01 finnes 2 ganger"
    )


# ---------------------------------------------------------------- the SQL files


def test_every_relation_has_one_file_and_a_key():
    created = [f.relation for f in sql_files() if f.relation]
    assert len(created) == len(set(created))
    assert {"tjeneste_status", "kommune_status", "figures", "kommune_2020_status"} <= set(created)
    for f in sql_files():
        assert f.relation is None or f.key, f.path
        assert "insert into" not in f.text.lower(), f.path
        assert f.text.lstrip().startswith("--"), f"{f.path}: header comment first"
        # The header (what the file makes, its key, a written table's declaration) aside.
        lines = f.text.splitlines()
        header = next(i for i, line in enumerate(lines) if not line.startswith("--"))
        assert len(lines) - header <= 90, f"{f.path}: keep files short"


def _files(**texts: str) -> list:
    return [parse("decisions", f"{name}.sql", text) for name, text in texts.items()]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # the reader's name sorts first; it still runs after what it reads
        (
            {
                "a": "-- key: x\ncreate table t_a as select x from t_b join t_c using (x)",
                "b": "-- key: x\ncreate table t_b as select x from t_c",
                "c": "-- key: x\ncreate table t_c as select 1 as x",
            },
            ["c", "b", "a"],
        ),
        # a macro runs before its callers, after the tables its body reads
        (
            {
                "m": "-- m\ncreate or replace macro alle() as table select * from t_z",
                "y": "-- key: x\ncreate table t_y as select x from alle()",
                "z": "-- key: x\ncreate table t_z as select 1 as x",
            },
            ["z", "m", "y"],
        ),
        # what a comment or a string names is not read; ties go by name
        (
            {
                "a": "-- key: x\n-- from t_b\ncreate table t_a as select 'from t_b' as x",
                "b": "-- key: x\ncreate table t_b as select 1 as x",
            },
            ["a", "b"],
        ),
    ],
)
def test_sql_order_is_declared_by_what_each_file_reads(texts, expected):
    order = in_dependency_order("decisions", _files(**texts))
    assert [f.name for f in order] == [f"{n}.sql" for n in expected]


def test_files_that_read_each_other_in_a_ring_are_refused():
    files = _files(
        a="-- key: x\ncreate table t_a as select x from t_b",
        b="-- key: x\ncreate table t_b as select x from t_a",
        c="-- key: x\ncreate table t_c as select 1 as x",
    )
    with pytest.raises(
        RuntimeError, match=r"^sql/decisions: filene leser hverandre i ring: a.sql, b.sql$"
    ):
        in_dependency_order("decisions", files)


def test_the_shipped_sql_runs_each_file_after_what_it_reads_and_has_no_order_prefixes():
    files = sql_files()
    for layer in ("staging", "decisions", "marts"):
        own = [f for f in files if f.layer == layer]
        position = {f.relation: i for i, f in enumerate(own) if f.relation}
        for i, f in enumerate(own):
            assert not re.match(r"^\d", f.name), f.path
            for read in re.findall(r"\b(?:from|join)\s+(\w+)", re.sub(r"--.*", "", f.text)):
                assert position.get(read, -1) < i, f"{f.path} reads {read} before it is made"


def test_a_file_without_a_key_is_refused():
    with pytest.raises(RuntimeError, match="mangler én linje «-- key"):
        parse("marts", "x.sql", "-- Grain: none\ncreate or replace table x as select 1 as a")
    with pytest.raises(RuntimeError, match="lager flere tabeller"):
        parse("marts", "x.sql", "-- key: a\ncreate table x as select 1;\ncreate view y as select 1")


def test_decisions_write_no_ja_nei_or_prose():
    for f in sql_files():
        if f.layer != "decisions":
            continue
        code = re.sub(r"--.*", "", f.text)
        assert not re.search(r"(then|else)\s+'(Ja|Nei)'", code), f.path
        assert "Manuell beslutning" not in code, f.path


# ---------------------------------------------------------------- rules of the definition


def test_definition_without_i5_has_no_i5_figures_and_null_i5(main):  # noqa: F811
    ids = set(main["figures"].index)
    assert "ekskludert_I5_i_gang" not in ids and "ekskludert_kun_I5_i_gang" not in ids
    assert figure(main, "ekskludert_I4_lms_tilbud") == (1, 13)
    assert main["tjeneste_status"]["i5_i_gang"].isna().all()
    assert main["tjeneste_status"]["i4_lms_tilbud"].notna().all()


def test_definition_with_i5_has_its_figures(main_processed):  # noqa: F811
    tables = include(main_processed, DEFINITIONS / "kun_etablerte_tilbud.yaml")
    # T06 and T07 have not started; T07 also fails I2.
    assert figure(tables, "ekskludert_I5_i_gang") == (2, 13)
    assert figure(tables, "ekskludert_kun_I5_i_gang") == (1, 13)
    assert tables["tjeneste_status"]["i5_i_gang"].notna().all()


def test_i5_column_is_empty_in_the_csv(main, main_processed):  # noqa: F811
    csv = pd.read_csv(
        main_processed / "def" / "nklmh_2015" / "tjeneste_status.csv",
        dtype=str,
        keep_default_na=False,
    )
    assert set(csv["i5_i_gang"]) == {""}
    assert set(csv["i1_intervjuet"]) == {"Ja"}


def test_reason_texts_come_from_the_rules(main_processed, tmp_path):  # noqa: F811
    path = definition_variant(tmp_path, "egen_tekst")
    definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    definition["regler"]["I3_etablert"]["grunn"] = "ikke etablert"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    tables = include(main_processed, path)
    assert tables["tjeneste_status"].loc["T03", "arsak"] == "I3_etablert: ikke etablert"


# ---------------------------------------------------------------- figures as data


@pytest.fixture(scope="module")
def bundled_figures(bundled_include) -> pd.DataFrame:
    return pd.read_csv(bundled_include / "figures.csv", dtype={"figur": str})


def test_every_catalogued_figure_is_written_with_its_denominator(bundled_figures):
    written = bundled_figures.set_index("figur")
    for f in figure_catalogue.catalogue():
        ids = [i for i in written.index if figure_catalogue.entry_for(i) == f]
        if f.skjult or f.valgfri:
            # A valgfri figure counts manual decisions about services: the bundled run has none.
            assert not ids, f"{f.id} er skjult eller valgfri, men står i figures.csv"
            continue
        assert ids, f"{f.id} mangler i figures.csv"
        for figur in ids:
            nevner = written.loc[figur, "nevner"]
            assert pd.isna(nevner) == (f.nevner is None), figur
            if f.nevner is None:
                continue
            target = f.nevner
            if f.plassholder:
                target = target.replace(f.plassholder, f.member(figur))
            if target in written.index:  # else a hidden helper (see the next tests)
                assert nevner == written.loc[target, "verdi"], figur


def test_every_written_figure_is_catalogued(bundled_figures):
    for figur in bundled_figures["figur"]:
        entry = figure_catalogue.entry_for(figur)
        assert entry is not None and not entry.skjult, figur


def test_hidden_helpers_are_denominators_only(bundled_figures):
    written = bundled_figures.set_index("figur")
    assert written.loc["kommuner_med_tilbud", "nevner"] == 428
    assert written.loc["kommuner_2020_dekket", "nevner"] == 356
    assert written.loc["fylke_03_kommuner_med_tilbud", "nevner"] == 1
    assert "kommuner_2014" not in written.index


def test_zero_counts_are_written(tmp_path):
    # No included service has a frisklivssentral: the figures are 0, not missing.
    processed = write_processed(
        tmp_path, services=[service("T01", "0101", friskliv="nei", egen_enhet="koordinator")]
    )
    tables = include(processed, MAIN_DEFINITION)
    assert figure(tables, "tjenester_friskliv") == (0, 1)
    assert figure(tables, "tjenester_friskliv_mestring_i_navnet") == (0, 0)
    assert figure(tables, "kommuner_friskliv") == (0, 1)
    assert figure(tables, "kommuner_status_manuelt_inkludert") == (0, 428)
    assert figure(tables, "ekskludert_kun_I3_etablert") == (0, 1)
    assert figure(tables, "manuelle_beslutninger_tjeneste") == (0, None)


def test_catalogue_contradictions_are_found():
    bad = [
        figure_catalogue.Figure("a", "A", nevner="b"),
        figure_catalogue.Figure("c_<x>", "C", nevner="d_<y>"),
        figure_catalogue.Figure("d_<y>", "D"),
        figure_catalogue.Figure("e", "E", medlemmer=("x",)),
        figure_catalogue.Figure("a", "A"),
    ]
    with pytest.raises(figure_catalogue.CatalogueError) as err:
        figure_catalogue.check_catalogue(bad)
    message = str(err.value)
    assert "a står flere ganger" in message
    assert "nevneren b finnes ikke" in message
    assert "nevneren d_<y> har en annen plassholder" in message
    assert "e: bare et mønster kan ha medlemmer" in message


def test_labels():
    assert figure_catalogue.label("tjenester") == "Tjenester som oppfyller definisjonen"
    assert figure_catalogue.label("kommuner_status_dekket") == "Kommuner med status Dekket"
    assert (
        figure_catalogue.label("kommuner_2020_delvis_dekket")
        == "2020-kommuner med status Delvis dekket"
    )
    assert figure_catalogue.label("ekskludert_kun_I2_brukermedvirkning") == (
        "Intervjuede tjenester som bare ikke oppfyller I2 brukermedvirkning"
    )
    assert figure_catalogue.label("fylke_03_kommuner_med_tilbud") == "Dekkede kommuner i fylke 03"
    assert figure_catalogue.label("ukjent") is None


# ---------------------------------------------------------------- codes from rules.py


def test_codes_are_those_of_the_rules_module(bundled_include):
    kommuner = pd.read_csv(bundled_include / "kommune_status.csv", dtype=str)
    assert set(kommuner["status_kode"]) <= set(KOMMUNE_STATUS)
    tjenester = pd.read_csv(bundled_include / "tjeneste_status.csv", dtype=str)
    assert set(tjenester["kategori"].dropna()) <= set(KATEGORIER) | {"uten_intervju"}
    i_dag = pd.read_csv(bundled_include / "kommune_2020_status.csv", dtype=str)
    assert set(i_dag["status_2020"]) <= set(STATUS_I_DAG)


# ---------------------------------------------------------------- the Parquet contract


def test_clean_outputs_follow_the_declared_schema(bundled_clean):
    for name in CLEAN_SCHEMAS:
        written = pq.read_schema(bundled_clean / f"{name}.parquet")
        assert written.remove_metadata().equals(arrow_schema(name)), name


def test_a_missing_or_extra_column_is_refused(tmp_path):
    df = pd.DataFrame({"fylkesnummer_2020": ["03"], "ekstra": ["x"]})
    with pytest.raises(ValueError) as err:
        write_parquet(df, tmp_path / "fylker_2020.parquet", arrow_schema("fylker_2020"))
    assert str(err.value) == (
        "fylker_2020.parquet: følger ikke det avtalte skjemaet: mangler kolonne(r) "
        "fylkesnavn_2020; har ukjent(e) kolonne(r) ekstra"
    )
    with pytest.raises(ValueError, match="mangler kolonne"):
        _typed_for_output(pd.DataFrame({"_rad": [2]}), "ringerunde")
