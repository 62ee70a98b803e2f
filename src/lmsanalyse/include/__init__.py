"""Include: apply an inclusion definition to the cleaned data, in DuckDB SQL.

The SQL lives in ``src/lmsanalyse/sql/*.sql``, one concern per file, run in file-name order.
Each file creates one table; the definition's parameters (``config/definitions/<navn>.yaml``)
are passed as DuckDB named parameters, never formatted into the SQL text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
from importlib import resources
from pathlib import Path

import duckdb
import jsonschema
import pandas as pd
import yaml

from ..outputs import write_csv, write_parquet

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


MANUAL_COLUMNS = ["objekt", "beslutning", "begrunnelse", "besluttet_av", "dato"]
MANUAL_DECISIONS = ("inkluder", "ekskluder")


class DefinitionError(ValueError):
    """An inclusion definition file is not valid."""


class ManualDecisionError(ValueError):
    """The manual decisions file has errors (all are listed, each with row and column)."""


def _check_decision(rec: dict, where: str, kommuner: set[str], tjenester: set[str]) -> list[str]:
    errors = [f"{where}, kolonne '{col}': mangler verdi" for col in MANUAL_COLUMNS if not rec[col]]
    obj = rec["objekt"]
    if obj in kommuner:
        rec["objekttype"] = "kommune"
    elif obj in tjenester:
        rec["objekttype"] = "tjeneste"
    elif obj:
        errors.append(
            f"{where}, kolonne 'objekt': '{obj}' er verken et kommunenummer i 2014-registeret "
            "eller en tjeneste_id i telefonintervjuene"
        )
    if rec["beslutning"] and rec["beslutning"] not in MANUAL_DECISIONS:
        errors.append(
            f"{where}, kolonne 'beslutning': '{rec['beslutning']}' må være 'inkluder' eller 'ekskluder'"
        )
    if rec["dato"]:
        try:
            dt.date.fromisoformat(rec["dato"])
        except ValueError:
            errors.append(f"{where}, kolonne 'dato': '{rec['dato']}' er ikke en dato (åååå-mm-dd)")
    return errors


def load_manual_decisions(
    path: Path | None, kommuner: set[str], tjenester: set[str]
) -> pd.DataFrame:
    """Read and validate ``config/manuelle_beslutninger.csv``.

    Lines starting with ``#`` are comments. ``objekt`` is a kommunenummer of the 2014 register
    or a ``tjeneste_id`` of the interviews; ``beslutning`` is ``inkluder`` or ``ekskluder``;
    ``begrunnelse``, ``besluttet_av`` and ``dato`` (ISO date) are required.

    Returns:
        One row per decision, with ``objekttype`` (``kommune``/``tjeneste``) added.

    Raises:
        ManualDecisionError: unknown ids, missing fields, bad values or duplicates; all listed.
    """
    columns = MANUAL_COLUMNS + ["objekttype"]
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    if path is None or not Path(path).exists():
        return empty
    path = Path(path)
    # Row numbers as in the file, comment lines included.
    numbered = [
        (i + 1, line)
        for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        return empty
    header_no, header = numbered[0]
    if [c.strip() for c in next(csv.reader([header]))] != MANUAL_COLUMNS:
        raise ManualDecisionError(
            f"{path.name}, rad {header_no}: overskriften må være {','.join(MANUAL_COLUMNS)}"
        )
    errors: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for row_no, line in numbered[1:]:
        where = f"{path.name}, rad {row_no}"
        values = [v.strip() for v in next(csv.reader([line]))]
        if len(values) != len(MANUAL_COLUMNS):
            errors.append(f"{where}: forventet {len(MANUAL_COLUMNS)} felt, fant {len(values)}")
            continue
        rec = dict(zip(MANUAL_COLUMNS, values, strict=True)) | {"objekttype": None}
        errors += _check_decision(rec, where, kommuner, tjenester)
        if rec["objekt"] in seen:
            errors.append(
                f"{where}, kolonne 'objekt': '{rec['objekt']}' har allerede en beslutning "
                f"(rad {seen[rec['objekt']]})"
            )
        seen.setdefault(rec["objekt"], row_no)
        rows.append(rec)
    if errors:
        raise ManualDecisionError("\n".join(errors))
    return pd.DataFrame(rows, columns=columns).astype("str")


def load_definition(path: Path) -> dict:
    """Load and validate ``config/definitions/<navn>.yaml``.

    Raises:
        DefinitionError: the file breaks the schema, or ``navn`` differs from the file name.
    """
    path = Path(path)
    definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = yaml.safe_load(
        resources.files("lmsanalyse")
        .joinpath("schemas/definition.schema.yaml")
        .read_text(encoding="utf-8")
    )
    try:
        jsonschema.validate(definition, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(rot)"
        raise DefinitionError(f"{path.name}: {where}: {exc.message}") from exc
    if definition["navn"] != path.stem:
        raise DefinitionError(
            f"{path.name}: navn '{definition['navn']}' må være lik filnavnet '{path.stem}'"
        )
    return definition


def definition_parameters(definition: dict) -> dict[str, object]:
    """The SQL parameters of a definition (names as used after ``$`` in the SQL files)."""
    bm = definition["brukermedvirkning"]
    return {
        "definisjon": definition["navn"],
        "godta_ja_uten_intervju": definition["godta_ja_uten_intervju"],
        "faser_i_gang": list(bm["faser_i_gang"]),
        "faser_ikke_i_gang": list(bm["faser_ikke_i_gang"]),
        "godta_delvis": bm["godta_delvis"],
        "godta_mange_ars_erfaring": definition["godta_mange_ars_erfaring"],
        "lms_tilbudstyper": list(definition["lms_tilbudstyper"]),
        "krev_i_gang": definition["krev_i_gang"],
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
            raise DefinitionError(f"{name}: mangler parameter(e) {', '.join(sorted(missing))}")
        log.debug("kjører %s", name)
        con.execute(text, {k: params[k] for k in sorted(wanted)})


def connect(processed_dir: Path, manual_decisions: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the clean stage's outputs and the manual decisions as tables."""
    processed_dir = Path(processed_dir)
    con = duckdb.connect(":memory:")
    con.execute("set threads to 2")
    for name in PARQUET_INPUTS:
        con.read_parquet(str(processed_dir / f"{name}.parquet")).create_view(name)
    kommuner = {r[0] for r in con.execute("select kommunenummer from kommuner").fetchall()}
    tjenester = {r[0] for r in con.execute("select tjeneste_id from telefonintervju").fetchall()}
    decisions = load_manual_decisions(manual_decisions, kommuner, tjenester)
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
        con.read_csv(str(processed_dir / f"{name}.csv"), header=True, all_varchar=True).create_view(
            f"{name}_raw"
        )
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


def run_include(
    processed_dir: Path, definition_path: Path, out_dir: Path, manual_decisions: Path | None = None
) -> dict[str, pd.DataFrame]:
    """Apply one definition and the manual decisions; write decision tables and figures.

    Args:
        processed_dir: the clean stage's output directory.
        definition_path: ``config/definitions/<navn>.yaml``.
        manual_decisions: ``config/manuelle_beslutninger.csv`` (None: no decisions).
        out_dir: where to write ``tjeneste_status``, ``kommune_status``, ``enhet_status``,
            ``tjeneste_deltakelse``, ``fylke_dekning`` (CSV and Parquet) and ``figures.csv``.

    Returns:
        The output tables by name.
    """
    definition = load_definition(definition_path)
    con = connect(processed_dir, manual_decisions)
    run_sql(con, definition_parameters(definition))
    out_dir = Path(out_dir)
    tables = {}
    for name, leading in OUTPUT_TABLES.items():
        # name comes from OUTPUT_TABLES only; figures are sorted here since two files add rows
        order = " order by figur" if name == "figures" else ""
        df = con.execute(f"select * from {name}{order}").df()
        tables[name] = df
        write_csv(_for_csv(df, leading), out_dir / f"{name}.csv")
        if name != "figures":
            write_parquet(df, out_dir / f"{name}.parquet")
    (out_dir / "definisjon.json").write_text(
        json.dumps(definition, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
        encoding="utf-8",
    )
    con.close()
    n_inkl = int((tables["tjeneste_status"]["inkludert"] == "Ja").sum())
    n_dekket = int((tables["kommune_status"]["dekket"] == "Ja").sum())
    log.info("%s: %d tjenester inkludert, %d kommuner dekket", definition["navn"], n_inkl, n_dekket)
    return tables
