"""Each table declared once: the include stage's tables by their SQL files' headers (layout,
CSV column order, data package, key and column checks derived from them), the clean
stage's tables by ``contract.CLEAN_TABLES``, and the figures' fact tables by their keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from lmsanalyse import datapackage, layout, sql_tables
from lmsanalyse.contract import CLEAN_SCHEMAS, CLEAN_TABLES, SOURCES
from lmsanalyse.include import code
from lmsanalyse.include.runner import (
    ColumnCheckError,
    check_columns,
    fact_parts,
    parse,
    sql_files,
    with_fact_parts,
)

MARTS = code.sql_root() / "marts"
# The tables the include stage writes, and which of them the main run publishes.
WRITTEN = {
    "enhet_status": (("csv", "parquet"), ("csv", "parquet")),
    "figures": (("csv",), ("csv",)),
    "fylke_dekning": (("csv", "parquet"), ("csv",)),
    "kommune_2020_status": (("csv", "parquet"), ("csv",)),
    "kommune_2024_status": (("csv", "parquet"), ("csv", "parquet")),
    "kommune_status": (("csv", "parquet"), ("csv", "parquet")),
    "konsistens": (("csv",), ("csv",)),
    "tjeneste_deltakelse": (("csv", "parquet"), ()),
    "tjeneste_status": (("csv", "parquet"), ("csv", "parquet")),
}


@pytest.fixture
def sql_copy(tmp_path) -> Path:
    """A copy of the package's SQL folder, to edit."""
    root = tmp_path / "sql"
    shutil.copytree(code.sql_root(), root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# ------------------------------------------------------------------ the include stage's tables


def test_the_sql_headers_declare_the_written_tables_their_files_and_keys():
    tables = sql_tables.tables()
    assert {n: (t.files, t.main) for n, t in tables.items()} == WRITTEN
    assert tables["konsistens"].key == ("kode", "objekt")
    assert tables["tjeneste_deltakelse"].key == ("tjeneste_id", "enhet_id")
    assert list(tables["figures"].columns) == ["figur", "verdi", "nevner"]
    assert list(tables["kommune_2024_status"].columns)[:3] == [
        "kommunenummer_2024",
        "kommunenavn_2024",
        "fylkesnummer_2024",
    ]


def test_the_layout_is_derived_from_the_declarations():
    assert layout.DEFINITION_TABLES == {
        name: tuple(f"{name}.{s}" for s in files) for name, (files, _main) in WRITTEN.items()
    }
    published = {f"{name}.{s}" for name, (_files, main) in WRITTEN.items() for s in main}
    assert set(layout.MAIN_PUBLISHED) == published | {"reconciliation.csv", "lesninger.csv"}
    assert len(layout.MAIN_PUBLISHED) == len(set(layout.MAIN_PUBLISHED)) == 14


def test_a_column_changed_in_a_sql_header_reaches_the_data_package(sql_copy):
    # The description of one column, a column added to kommune_status, one taken out of
    # fylke_dekning: the SQL files alone change, and the package follows.
    mart = sql_copy / "marts" / "kommune_status.sql"
    _edit(mart, '"kommunenavn i {register}"', '"navnet på kommunen i {register}"')
    _edit(
        mart,
        "--   folkemengde_2015:",
        '--   innbyggere: [integer, "innbyggere i kommunen"]\n--   folkemengde_2015:',
    )
    _edit(
        sql_copy / "marts" / "fylke_dekning.sql",
        '--   folkemengde_dekket: [number, "folkemengde i kommunene med tjeneste"]\n',
        "",
    )
    try:
        spec = datapackage.descriptor(sql_copy)["ressurser"]
    finally:
        datapackage.descriptor.cache_clear()
    fields = spec["kommune_status"]["fields"]
    assert fields["kommunenavn"] == ["string", "navnet på kommunen i {register}"]
    assert list(fields)[-2:] == ["innbyggere", "folkemengde_2015"]
    assert list(spec["fylke_dekning"]["fields"])[-1] == "folkemengde"
    assert spec["konsistens"]["primaryKey"] == ["kode", "objekt"]
    # The package's own descriptor is untouched.
    assert datapackage.descriptor()["ressurser"]["kommune_status"]["fields"]["kommunenavn"] == [
        "string",
        "kommunenavn i {register}",
    ]


def test_a_table_published_but_not_placed_in_the_package_is_refused(sql_copy):
    _edit(sql_copy / "marts" / "tjeneste_deltakelse.sql", "-- files: [csv, parquet]", "-- files: [csv, parquet]\n-- main: [csv]")  # fmt: skip
    try:
        with pytest.raises(ValueError, match=r"ikke plassert eller ukjent: \['tjeneste_deltakelse'\]"):  # fmt: skip
            datapackage.descriptor(sql_copy)
    finally:
        datapackage.descriptor.cache_clear()


def test_the_written_package_describes_the_declared_tables(tmp_path):
    # Every main table's CSV written with its declared header: the package has its fields in
    # that order, with the declared key, and says nothing of a table not published.
    processed = tmp_path / "processed"
    processed.mkdir()
    spec = datapackage.descriptor()["ressurser"]
    for name, fields in ((n, s["fields"]) for n, s in spec.items()):
        (processed / f"{name}.csv").write_text(",".join(fields) + "\n", encoding="utf-8")
    package = datapackage.write_datapackage(processed, tmp_path / "datapackage.json")
    by_name = {r["name"]: r for r in package["resources"]}
    for name, table in sql_tables.tables().items():
        if "csv" not in table.main:
            assert name not in by_name
            continue
        schema = by_name[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == list(table.columns)
        assert schema["primaryKey"] == list(table.key)
    assert json.loads((tmp_path / "datapackage.json").read_text())["resources"][0]["name"] == (
        "figures"
    )


HEADER = """-- Grain: one row per thing.
-- key: a
-- files: [csv]
-- title: Ting
-- description: >-
--   Én rad per ting.
-- columns:
--   a: [string, "tingen"]
--   b: [integer, "hvor mange"]
"""


@pytest.mark.parametrize(
    ("select", "message"),
    [
        ("select 'x' as a, 1 as b", None),
        (
            "select 1 as b, 'x' as a",
            "marts/ting.sql: tabellen ting har kolonnene b, a, men overskriften deklarerer a, b",
        ),
        (
            "select 'x' as a, 1 as b, 2 as c",
            "marts/ting.sql: tabellen ting har kolonnene a, b, c, men overskriften deklarerer a, b",
        ),
        (
            "select 'x' as a",
            "marts/ting.sql: tabellen ting har kolonnene a, men overskriften deklarerer a, b",
        ),
    ],
)
def test_a_table_must_have_the_columns_its_header_declares(select, message):
    sql = parse("marts", "ting.sql", HEADER + f"create table ting as {select}\n")
    con = duckdb.connect()
    con.execute(f"create table ting as {select}")
    if message is None:
        check_columns(con, sql)
        return
    with pytest.raises(ColumnCheckError) as err:
        check_columns(con, sql)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            HEADER.replace("-- title: Ting\n", ""),
            "marts/ting.sql: tabellerklæringen har ukjente nøkler [] eller mangler ['title']",
        ),
        (
            HEADER.replace("-- files: [csv]", "-- files: [csv]\n-- main: [parquet]"),
            "marts/ting.sql: files må være blant ('csv', 'parquet'), og main blant files",
        ),
        (
            HEADER.replace("-- key: a", "-- key: a, c"),
            "marts/ting.sql: nøkkelen nevner kolonner som ikke er deklarert: ['c']",
        ),
        (
            HEADER.replace('[integer, "hvor mange"]', "integer"),
            'marts/ting.sql: kolonnene må være [type, "beskrivelse"]: b',
        ),
    ],
)
def test_a_broken_declaration_is_refused_naming_the_file(header, message):
    with pytest.raises(RuntimeError) as err:
        parse("marts", "ting.sql", header + "create table ting as select 'x' as a, 1 as b\n")
    assert str(err.value) == message


# ------------------------------------------------------------------ the clean stage's tables


def test_the_clean_tables_are_declared_once_in_the_contract():
    assert layout.CLEAN_TABLES == {name: t.file for name, t in CLEAN_TABLES.items()}
    assert layout.CLEAN_TABLES["quarantine"] == "quarantine.csv"
    assert layout.CLEAN_TABLES["radmann_svar"] == "radmann_svar.parquet"
    assert set(CLEAN_SCHEMAS) == {n for n, t in CLEAN_TABLES.items() if t.columns is not None}
    from lmsanalyse.clean.clean_stage import CLEANED_TABLE

    assert CLEANED_TABLE == {
        "radmann_skjema": "radmann_svar",
        "ringerunde_logg": "ringerunde",
        "telefonintervju": "telefonintervju",
    }
    assert set(CLEANED_TABLE) == set(SOURCES)


def test_the_sql_says_which_clean_tables_it_reads(sql_copy):
    read = sql_tables.clean_tables_read(CLEAN_TABLES)
    # Every submission is for explain, the blank-column warnings for the report: not the SQL.
    assert set(CLEAN_TABLES) - set(read) == {"radmann_innsendinger", "advarsler"}
    # A staging file that reads the warnings makes the stage register them.
    (sql_copy / "staging" / "stg_advarsler.sql").write_text(
        "-- key: kolonne\ncreate or replace view stg_advarsler as select * from src_advarsler\n",
        encoding="utf-8",
    )
    again = sql_tables.clean_tables_read(CLEAN_TABLES, sql_copy)
    assert set(CLEAN_TABLES) - set(again) == {"radmann_innsendinger"}


# ------------------------------------------------------------------ the figures' fact tables


def _fact(name: str, key: str, select: str):
    return parse("decisions", f"{name}.sql", f"-- key: {key}\ncreate table {name} as {select}\n")


def test_the_fact_union_is_written_from_each_fact_tables_key():
    files = [
        _fact("fakta_a", "enhet_id", "select 'E1' as enhet_id, 1::bigint as x, 2::bigint as y"),
        # A family's member outside the key, and as the key itself.
        _fact("fakta_b", "enhet_id", "select 'E1' as enhet_id, 'ja' as ledd, 3::bigint as z_<m>"),
        _fact("fakta_c", "ledd", "select 'L' as ledd, 4::bigint as w"),
        _fact("ikke_fakta", "q", "select 1 as q"),
        parse("decisions", "figur_fakta.sql", "create macro figur_fakta() as table\n    {fakta};"),
    ]
    con = duckdb.connect()
    con.execute("create table fakta_a as select 'E1' as enhet_id, 1::bigint as x, 2::bigint as y")
    con.execute("create table fakta_b as select 'E1' as enhet_id, 'ja' as ledd, 3::bigint as z")
    con.execute("create table fakta_c as select 'L' as ledd, 4::bigint as w")
    assert "ikke_fakta" not in fact_parts(files)
    macro = with_fact_parts(files)[-1].text
    con.execute(macro)
    rows = con.execute("select mal, ledd, verdi from figur_fakta() order by mal").fetchall()
    assert rows == [("w", "L", 4), ("x", None, 1), ("y", None, 2), ("z", "ja", 3)]


def test_the_shipped_fact_union_has_every_fact_table():
    macro = next(f for f in sql_files() if f.name == "figur_fakta.sql")
    facts = sorted(f.relation for f in sql_files() if (f.relation or "").startswith("fakta_"))
    assert len(facts) == 24
    assert all(f" from {name}\n" in macro.text for name in facts)
    assert "{fakta}" not in macro.text
