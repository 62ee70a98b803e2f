"""Include: apply an inclusion definition to the cleaned data, in DuckDB SQL.

The SQL lives in ``src/lmsanalyse/sql/*.sql``, one concern per file, run in file-name order.
Each file creates one table; the definition's parameters (``config/definitions/<navn>.yaml``)
are passed as DuckDB named parameters, never formatted into the SQL text.
"""

from __future__ import annotations

import json
import logging
import re
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from ..config import load_definition, load_manual_decisions
from ..outputs import write_csv, write_parquet
from ..rules import definition_rules, sql_parameters

log = logging.getLogger(__name__)

SQL_PACKAGE = "lmsanalyse.include"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")

# Inputs from the clean stage, by table name.
PARQUET_INPUTS = (
    "enheter",
    "kommuner",
    "kommuneendringer",
    "fylker_2020",
    "radmann_svar",
    "ringerunde",
    "telefonintervju",
)
CSV_INPUTS = ("row_accounting", "quarantine")

# Outputs: table name → leading columns of its CSV (the contract's, in its order).
OUTPUT_TABLES = {
    "tjeneste_status": ["tjeneste_id", "inkludert", "kategori", "feilede_regler", "arsak"],
    "kommune_status": [
        "kommunenummer",
        "kommunenavn",
        "fylkesnavn",
        "dekket",
        "tjeneste_ider",
        "kilde",
        "arsak",
    ],
    "enhet_status": ["enhet_id"],
    "tjeneste_deltakelse": ["tjeneste_id", "enhet_id"],
    "fylke_dekning": ["fylkesnummer"],
    "kommune_2020_status": ["kommunenummer_2020"],
    "figures": ["figur", "verdi", "nevner"],
}


def sql_files() -> list[tuple[str, str]]:
    """(name, text) of every SQL file, in the order they run."""
    folder = resources.files(SQL_PACKAGE).joinpath("sql")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name, folder.joinpath(name).read_text(encoding="utf-8")) for name in names]


def run_sql(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    """Run every SQL file, each with the parameters it names."""
    for name, text in sql_files():
        wanted = set(_PARAM.findall(text))
        missing = wanted - set(params)
        if missing:
            # A programming error (an SQL file asks for a parameter no rule gives), not input.
            raise RuntimeError(f"{name}: mangler parameter(e) {', '.join(sorted(missing))}")
        log.debug("kjører %s", name)
        con.execute(text, {k: params[k] for k in sorted(wanted)})


def connect(
    clean: dict[str, Path], manual_decisions: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the clean stage's outputs and the manual decisions as tables.

    Args:
        clean: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).
        manual_decisions: ``config/manuelle_beslutninger.csv`` (None: no decisions).
    """
    con = duckdb.connect(":memory:")
    con.execute("set threads to 2")
    for name in PARQUET_INPUTS:
        con.read_parquet(str(clean[name])).create_view(name)
    kommuner = {r[0] for r in con.execute("select kommunenummer from kommuner").fetchall()}
    tjenester = {r[0] for r in con.execute("select tjeneste_id from telefonintervju").fetchall()}
    rows = load_manual_decisions(manual_decisions, kommuner, tjenester)
    columns = ["objekt", "beslutning", "begrunnelse", "besluttet_av", "dato", "objekttype"]
    decisions = pd.DataFrame(rows, columns=columns).astype("str")
    con.register("manuelle_beslutninger_df", decisions)
    con.execute(
        "create table manuelle_beslutninger as select"
        " objekt::varchar as objekt, objekttype::varchar as objekttype,"
        " beslutning::varchar as beslutning, begrunnelse::varchar as begrunnelse,"
        " besluttet_av::varchar as besluttet_av, dato::varchar as dato"
        " from manuelle_beslutninger_df"
    )
    con.unregister("manuelle_beslutninger_df")
    for name in CSV_INPUTS:
        # All text except counts: quarantine reasons quote raw values.
        con.read_csv(str(clean[name]), header=True, all_varchar=True).create_view(f"{name}_raw")
    con.execute(
        "create view row_accounting as select * replace ("
        " rader_inn::bigint as rader_inn, brukt::bigint as brukt,"
        " slatt_sammen::bigint as slatt_sammen, karantene::bigint as karantene,"
        " tomme_rader::bigint as tomme_rader) from row_accounting_raw"
    )
    con.execute("create view quarantine as select * from quarantine_raw")
    return con


def _for_csv(df: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    """Contract columns first; list columns as ``;``-separated text; booleans as Ja/Nei."""
    out = df[leading + [c for c in df.columns if c not in leading]].copy()
    for col in out.columns:
        sample = out[col].dropna()
        # DuckDB gives list columns as numpy arrays: is_list_like covers those too.
        if len(sample) and pd.api.types.is_list_like(sample.iloc[0]):
            out[col] = out[col].map(lambda v: ";".join(v) if pd.api.types.is_list_like(v) else v)
        elif out[col].dtype == bool:
            out[col] = out[col].map({True: "Ja", False: "Nei"})
    return out


def definition_record(definition: dict) -> dict:
    """What ``definisjon.json`` holds: the resolved definition and its rules' texts."""
    rules = [vars(rule) for rule in definition_rules(definition)]
    return definition | {"regeltekster": rules}


def run_include(
    clean: dict[str, Path],
    definition: Path,
    manual_decisions: Path | None,
    outputs: dict[str, Path],
) -> dict[str, pd.DataFrame]:
    """Apply one definition and the manual decisions; write decision tables and figures.

    Args:
        clean: the clean stage's files by name (:meth:`RunLayout.clean_outputs`).
        definition: ``config/definitions/<navn>.yaml``.
        manual_decisions: ``config/manuelle_beslutninger.csv`` (None: no decisions).
        outputs: the files to write by name (:meth:`RunLayout.definition_outputs`).

    Returns:
        The output tables by name.
    """
    resolved = load_definition(definition)
    con = connect(clean, manual_decisions)
    run_sql(con, sql_parameters(resolved))
    tables = {}
    for name, leading in OUTPUT_TABLES.items():
        # name comes from OUTPUT_TABLES only; figures are sorted here since two files add rows
        order = " order by figur" if name == "figures" else ""
        df = con.execute(f"select * from {name}{order}").df()
        tables[name] = df
        write_csv(_for_csv(df, leading), outputs[name])
        if f"{name}_parquet" in outputs:
            write_parquet(df, outputs[f"{name}_parquet"])
    Path(outputs["definisjon"]).write_text(
        json.dumps(definition_record(resolved), ensure_ascii=False, sort_keys=True, indent=2)
        + "\n",
        encoding="utf-8",
    )
    con.close()
    n_inkl = int((tables["tjeneste_status"]["inkludert"] == "Ja").sum())
    n_dekket = int((tables["kommune_status"]["dekket"] == "Ja").sum())
    log.info("%s: %d tjenester inkludert, %d kommuner dekket", resolved["navn"], n_inkl, n_dekket)
    return tables
