"""Include: apply an inclusion definition to the cleaned data, in DuckDB SQL.

The stage connects to an in-memory DuckDB, registers its inputs as ``src_*`` tables (the
clean stage's files, the manual decisions, the definition's rules, the code lists of
:mod:`lmsanalyse.rules` and the figure catalogue), runs the SQL layers (staging → decisions →
marts, see :mod:`.runner`, which checks every table's key) and writes the marts.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import duckdb
import pandas as pd

from ..config import Deltakelse, definition_chain, load_definition, load_manual_decisions
from ..contract import CLEAN_TABLES
from ..outputs import sha256_file, write_csv, write_parquet
from ..reference import RegisterLike, as_register, load_register_2024, wave_conditions
from ..rules import (
    AAPOR_DISPOSISJONER,
    KATEGORIER,
    KOMMUNE_STATUS,
    RULE_IDS,
    STATUS_I_DAG,
    definition_rules,
    sql_parameters,
)
from ..runlog import logged
from ..sql_tables import clean_tables_read
from ..sql_tables import tables as declared_tables
from .figure_catalogue import CATALOGUE_COLUMNS, catalogue_rows
from .runner import run_layers

log = logging.getLogger(__name__)


MANUAL_COLUMNS = {
    "objekt": "varchar",
    "objekttype": "varchar",
    "beslutning": "varchar",
    "begrunnelse": "varchar",
    "besluttet_av": "varchar",
    "dato": "varchar",
    "fil": "varchar",
    "rad": "integer",
}
RULE_COLUMNS = {
    "regel": "varchar",
    "nr": "integer",
    "kort": "varchar",
    "tekst": "varchar",
    "grunn": "varchar",
    "grunn_unntak": "varchar",
    "uavgjort": "varchar",
}
CODE_COLUMNS = {
    "kodeverk": "varchar",
    "kode": "varchar",
    "nr": "integer",
    "tekst": "varchar",
    "kort": "varchar",
}


def register_rows(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[tuple]
) -> None:
    """Create table ``name`` with the given column types and insert ``rows``."""
    con.execute(f"create table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    if rows:
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"insert into {name} values ({marks})", rows)


def code_rows() -> list[tuple]:
    """The code lists of :mod:`lmsanalyse.rules` as rows of ``src_koder``."""
    rows = []
    for nr, (kode, tekst) in enumerate(KOMMUNE_STATUS.items(), start=1):
        rows.append(("kommune_status", kode, nr, tekst, None))
    for nr, (kode, (tekst, kort)) in enumerate(KATEGORIER.items(), start=1):
        rows.append(("kategori", kode, nr, tekst, kort))
    for nr, (kode, tekst) in enumerate(STATUS_I_DAG.items(), start=1):
        rows.append(("status_i_dag", kode, nr, tekst, None))
    for nr, (kode, (tekst, klasse)) in enumerate(AAPOR_DISPOSISJONER.items(), start=1):
        rows.append(("aapor", kode, nr, tekst, klasse))
    return rows


def _check_same_register(con: duckdb.DuckDBPyConnection, register: RegisterLike) -> None:
    """The 2024 changes must be those of the register the clean stage read: a clean run on
    another register (a synthetic one) would otherwise lose its other kommuner from the 2024
    picture without a word."""
    (changes,) = con.execute("select count(*) from src_kommuneendringer_2024").fetchone()
    if not changes:
        return
    (missing, example) = con.execute(
        "select count(*), min(kommunenummer) from src_kommuner where kommunenummer not in "
        "(select kommunenummer_2014 from src_kommuneendringer_2024)"
    ).fetchone()
    if missing:
        from ..reference import ReferenceError

        path = as_register(register).require("kommuneendringer_2024")
        raise ReferenceError(
            f"{path.name}: {missing} kommuner i de rensede dataene står ikke i 2024-endringene "
            f"(f.eks. {example}); include må lese det samme registeret som clean (config "
            "register)"
        )


def connect(
    clean: dict[str, Path],
    manual_decisions: Path | None,
    definition: dict,
    register: RegisterLike,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every input of the SQL as a ``src_*`` table or view.

    Args:
        clean: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).
        manual_decisions: the manual decisions file (None: no decisions); decisions that
            contradict each other stop the run (:func:`load_manual_decisions`).
        definition: the resolved definition (:func:`load_definition`).
        register: the configured register (or a folder with the 2014 register), for the 2024
            kommuner and changes (checked by :func:`lmsanalyse.reference.load_register_2024`).
    """
    con = duckdb.connect(":memory:")
    con.execute("set threads to 2")
    # The clean tables the SQL reads (src_<name>); a CSV is read as text (quarantine reasons
    # quote raw values).
    for name in clean_tables_read(CLEAN_TABLES):
        if CLEAN_TABLES[name].columns is None:
            relation = con.read_csv(str(clean[name]), header=True, all_varchar=True)
        else:
            relation = con.read_parquet(str(clean[name]))
        relation.create_view(f"src_{name}")
    for name, df in load_register_2024(register).items():
        # name comes from reference.REGISTER_2024 only.
        con.from_df(df).create(f"src_{name}")
    _check_same_register(con, register)
    kommuner = {r[0] for r in con.execute("select kommunenummer from src_kommuner").fetchall()}
    tjenester = {
        tjeneste_id: Deltakelse(vert, tuple(enheter or ()))
        for tjeneste_id, vert, enheter in con.execute(
            "select tjeneste_id, vertskommune_id, deltakerkommuner from src_telefonintervju"
        ).fetchall()
    }
    bydeler = dict(
        con.execute(
            "select enhet_id, kommunenummer from src_enheter where enhetstype = 'bydel'"
        ).fetchall()
    )
    decisions = load_manual_decisions(manual_decisions, kommuner, tjenester, bydeler)
    manual = [tuple(d[c] for c in MANUAL_COLUMNS) for d in decisions]
    register_rows(con, "src_manuelle_beslutninger", MANUAL_COLUMNS, manual)
    rules = [
        (r.id, RULE_IDS.index(r.id) + 1, r.kort, r.tekst, r.grunn, r.grunn_unntak, r.uavgjort)
        for r in definition_rules(definition)
    ]
    register_rows(con, "src_regler", RULE_COLUMNS, rules)
    register_rows(con, "src_koder", CODE_COLUMNS, code_rows())
    # The figures a wave on this register has (no population figures without population).
    conditions = wave_conditions(register)
    register_rows(con, "src_figurkatalog", CATALOGUE_COLUMNS, catalogue_rows(conditions))
    return con


def _for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """List columns as ``;``-separated text; booleans as Ja/Nei."""
    out = df.copy()
    for col in out.columns:
        sample = out[col].dropna()
        # DuckDB gives list columns as numpy arrays: is_list_like covers those too.
        if len(sample) and pd.api.types.is_list_like(sample.iloc[0]):
            out[col] = out[col].map(lambda v: ";".join(v) if pd.api.types.is_list_like(v) else v)
        elif pd.api.types.is_bool_dtype(out[col]):
            # A nullable boolean (a rule the definition lacks) stays empty.
            out[col] = out[col].map({True: "Ja", False: "Nei"})
    return out


def definition_record(definition: dict, files: list[Path] = ()) -> dict:
    """What ``definisjon.json`` holds: the resolved definition, its rules' texts and the files
    it was read from (the definition and those it extends, with their SHA-256; the
    sensitivity report's provenance of the variants, which ``provenance.json`` leaves to
    them)."""
    rules = [vars(rule) for rule in definition_rules(definition)]
    read_from = [{"fil": Path(p).name, "sha256": sha256_file(p)} for p in files]
    return definition | {"regeltekster": rules, "filer": read_from}


@logged
def run_include(
    clean: dict[str, Path],
    definition: Path,
    manual_decisions: Path | None,
    outputs: dict[str, Path],
    register: RegisterLike | None = None,
) -> dict[str, pd.DataFrame]:
    """Apply one definition and the manual decisions; write decision tables and figures.

    Args:
        clean: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).
        definition: ``config/definitions/<navn>.yaml``.
        manual_decisions: the manual decisions file (config ``manual_decisions``, ``lmsanalyse
            run --beslutninger FIL``; None: no decisions).
        outputs: the files to write by name (:meth:`RunLayout.definition_outputs`).
        register: the configured register (the 2024 kommuner for today's map); None: the
            2014 register in the repository's ``data/reference`` (the workflow and
            ``validate`` pass the run's).

    Returns:
        The output tables by name.
    """
    resolved = load_definition(definition)
    if register is None:
        from ..config import repository_root

        register = repository_root() / "data" / "reference"
    con = connect(clean, manual_decisions, resolved, register)
    # The register's year: its own year's map is the register itself (kommune_bilder.sql).
    run_layers(con, sql_parameters(resolved) | {"register_aar": as_register(register).aar})
    tables = {}
    for name in declared_tables():
        # name comes from the SQL's declarations only; the runner checked each table's
        # columns against its declaration, so the CSV's order is the declared one.
        df = con.execute(f"select * from {name}").df()
        tables[name] = df
        write_csv(_for_csv(df), outputs[name])
        if f"{name}_parquet" in outputs:
            write_parquet(df, outputs[f"{name}_parquet"])
    Path(outputs["definisjon"]).write_text(
        json.dumps(
            definition_record(resolved, definition_chain(Path(definition))),
            ensure_ascii=False,
            sort_keys=True,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    con.close()
    n_inkl = int((tables["tjeneste_status"]["inkludert"] == "Ja").sum())
    n_dekket = int((tables["kommune_status"]["dekket"] == "Ja").sum())
    log.info("%s: %d tjenester inkludert, %d kommuner dekket", resolved["navn"], n_inkl, n_dekket)
    return tables
