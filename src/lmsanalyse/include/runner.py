"""Running the include stage's SQL: the layers in order, and the key of every table checked.

The SQL lives in ``sql/staging``, ``sql/decisions`` and ``sql/marts``, run in that order;
within a layer a file runs after the files that create the relations it reads (``from`` /
``join``) and the macros it calls, so the order is declared by the SQL itself, not by file
names. A file creates at most one table or view (it may also
create macros), and says in its header which columns are its key::

    -- key: tjeneste_id, regel

After creating it, the runner checks that the key is unique and never empty, and stops the
run with a Norwegian message naming the table and the key otherwise. A column holding codes
of a code list of :mod:`lmsanalyse.rules` (the ``stg_koder`` table) may say so, and is checked
too::

    -- codes: status_kode, status_etter_regler in kommune_status

A table the stage writes out declares its columns in its header too
(:mod:`lmsanalyse.sql_tables`); the runner checks that the created table has exactly those, in
order. The table macro ``figur_fakta`` (the facts counted into figures) is written here from
the fact tables' keys (:func:`fact_parts`).

Parameters are DuckDB named parameters (``$godta_delvis``), never formatted into the SQL text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import duckdb

from ..sql_tables import SqlFile, parse, parse_folder
from . import code

__all__ = ["SqlFile", "parse", "run_layers"]

log = logging.getLogger(__name__)

_MACRO = re.compile(r"\bcreate\s+(?:or\s+replace\s+)?macro\s+(\w+)", re.IGNORECASE)
_READS = re.compile(r"\b(?:from|join)\s+(\w+)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")
# How many duplicate keys a message names.
SHOWN = 3


class KeyCheckError(ValueError):
    """A table the SQL created breaks its declared key (not unique, or empty)."""


class ColumnCheckError(RuntimeError):
    """A table the SQL created lacks its declared columns, or has them in another order (a
    programming error: the SQL file and its header disagree)."""


class CodeCheckError(ValueError):
    """A table the SQL created holds a code its code list (``lmsanalyse.rules``) lacks."""


# The fact tables: their columns are counted into figures (decisions/figur_fakta.sql).
FACT_PREFIX = "fakta_"
FACT_UNION = "{fakta}"


def _sql_list(names) -> str:
    return ", ".join("'" + n.replace("'", "''") + "'" for n in names)


def fact_parts(files: list[SqlFile]) -> str:
    """The union of every fact table's facts as (mal, ledd, verdi) rows: each table's columns
    but its key (and ``ledd``, the member of a family) unpivoted; the key from its header."""
    parts = []
    for f in files:
        if f.layer == "decisions" and (f.relation or "").startswith(FACT_PREFIX):
            kept = [k for k in f.key if k != "ledd"]
            counted = f"columns(lambda c: c not in ({_sql_list([*kept, 'ledd'])}))"
            select = f"select * exclude ({', '.join(kept)})" if kept else "select *"
            parts.append(
                f"{select} from {f.relation}\n"
                f"    unpivot include nulls (verdi for mal in ({counted}))"
            )
    return "\n    union all by name\n    ".join(parts)


def with_fact_parts(files: list[SqlFile]) -> list[SqlFile]:
    """The files, the fact union written into the one that holds :data:`FACT_UNION`."""
    union = fact_parts(files)
    marked = [f for f in files if FACT_UNION in f.text]
    if len(marked) > 1 or any(f.text.count(FACT_UNION) != 1 for f in marked):
        raise RuntimeError(f"{FACT_UNION} skal stå én gang i én SQL-fil")
    return [replace(f, text=f.text.replace(FACT_UNION, union)) if f in marked else f for f in files]


def sql_files(root: Path | None = None) -> list[SqlFile]:
    """Every SQL file, parsed, in the order they run: the layers in order, and within a layer
    each file after the files whose relations it reads (:func:`in_dependency_order`)."""
    parsed = with_fact_parts(parse_folder(code.sql_root() if root is None else root))
    return [f for layer in code.LAYERS for f in in_dependency_order(layer, parsed)]


def _code(sql: SqlFile) -> str:
    return _STRING.sub("''", _COMMENT.sub("", sql.text))


def in_dependency_order(layer: str, files: list[SqlFile]) -> list[SqlFile]:
    """``layer``'s files, each after the files that create what it reads: a table or view after
    ``from``/``join``, a macro where it is called. The order is declared by what each file
    creates and reads, not by its name (ties go by name, for a stable order). Raises on a
    cycle, naming its files."""
    own = [f for f in files if f.layer == layer]
    made_by = {f.relation: f.name for f in own if f.relation}
    macros = {m: f.name for f in own for m in _MACRO.findall(_code(f))}
    needs = {}
    for f in own:
        code_ = _code(f)
        read = {made_by[r] for r in _READS.findall(code_) if r in made_by}
        read |= {file for m, file in macros.items() if re.search(rf"\b{m}\s*\(", code_)}
        needs[f.name] = read - {f.name}
    by_name = {f.name: f for f in own}
    order: list[SqlFile] = []
    done: set[str] = set()
    while len(order) < len(own):
        ready = sorted(n for n in by_name if n not in done and needs[n] <= done)
        if not ready:
            stuck = ", ".join(sorted(set(by_name) - done))
            raise RuntimeError(f"sql/{layer}: filene leser hverandre i ring: {stuck}")
        order.append(by_name[ready[0]])
        done.add(ready[0])
    return order


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def check_key(con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...]) -> None:
    """Raise :class:`KeyCheckError` unless ``key`` is unique and not null in ``table``."""
    cols = ", ".join(_quote(c) for c in key)
    shown = ", ".join(key)
    where = f"tabellen {table}: nøkkelen ({shown})"
    empty = " or ".join(f"{_quote(c)} is null" for c in key)
    (n_empty,) = con.execute(f"select count(*) from {_quote(table)} where {empty}").fetchone()
    if n_empty:
        raise KeyCheckError(f"{where} er tom i {n_empty} rad(er)")
    duplicates = con.execute(
        f"select {cols}, count(*) as n from {_quote(table)} group by all having count(*) > 1"
        f" order by n desc, {cols}"
    ).fetchall()
    if duplicates:
        named = [
            f"{', '.join(str(v) for v in row[:-1])} finnes {row[-1]} ganger"
            for row in duplicates[:SHOWN]
        ]
        more = len(duplicates) - SHOWN
        tail = f" (og {more} nøkler til)" if more > 0 else ""
        raise KeyCheckError(f"{where} er ikke unik: {'; '.join(named)}{tail}")


def check_columns(con: duckdb.DuckDBPyConnection, sql: SqlFile) -> None:
    """Raise :class:`ColumnCheckError` unless the created table has exactly the columns its
    header declares, in that order."""
    made = [d[0] for d in con.execute(f"select * from {_quote(sql.relation)} limit 0").description]
    declared = list(sql.table.columns)
    if made != declared:
        raise ColumnCheckError(
            f"{sql.path}: tabellen {sql.relation} har kolonnene {', '.join(made)}, men "
            f"overskriften deklarerer {', '.join(declared)}"
        )


def check_codes(con: duckdb.DuckDBPyConnection, table: str, column: str, code_list: str) -> None:
    """Raise :class:`CodeCheckError` if ``column`` holds a code not in ``code_list``."""
    unknown = con.execute(
        f"select distinct {_quote(column)} from {_quote(table)}"
        f" where {_quote(column)} not in (select kode from stg_koder where kodeverk = $liste)"
        f" order by all",
        {"liste": code_list},
    ).fetchall()
    if unknown:
        named = ", ".join(str(row[0]) for row in unknown)
        raise CodeCheckError(
            f"tabellen {table}: kolonnen {column} har koder som ikke finnes i kodelisten "
            f"{code_list} (lmsanalyse.rules): {named}"
        )


def run_file(con: duckdb.DuckDBPyConnection, sql: SqlFile, params: dict[str, object]) -> None:
    """Run a file's statements, each with the parameters it names; then check its key."""
    log.debug("kjører %s", sql.path)
    for statement in con.extract_statements(sql.text):
        wanted = statement.named_parameters
        missing = wanted - set(params)
        if missing:
            # A programming error (an SQL file asks for a parameter no rule gives), not input.
            raise RuntimeError(f"{sql.path}: mangler parameter(e) {', '.join(sorted(missing))}")
        if wanted:
            con.execute(statement, {k: params[k] for k in sorted(wanted)})
        else:
            con.execute(statement)
    if sql.relation:
        if sql.table is not None:
            check_columns(con, sql)
        check_key(con, sql.relation, sql.key)
        for column, code_list in sql.codes:
            check_codes(con, sql.relation, column, code_list)


def run_layers(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    """Run every SQL file of every layer, in order, checking each table's key."""
    for sql in sql_files():
        run_file(con, sql, params)
