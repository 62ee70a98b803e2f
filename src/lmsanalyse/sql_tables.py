"""The include stage's tables as their SQL files declare them: the one owner of each table's
name, grain, key, columns (their order, types and meanings) and of where it is published.

Every SQL file says in its header which columns are the key of the relation it creates
(``-- key: tjeneste_id, regel``) and may name columns holding codes of a code list
(``-- codes: status_kode in kommune_status``). A mart the stage writes out declares, after
that, the rest in YAML, each line a comment::

    -- files: [csv, parquet]      # what the include stage writes per definition
    -- main: [csv, parquet]       # what is published again at the top of data/processed
    -- title: Hver kommune …      # the data package's title and description (the wave's
    -- description: >-            # words in {braces}, lmsanalyse.datapackage.wave_values)
    --   Én rad per kommune …
    -- foreignKeys:
    --   - {fields: [fylkesnummer], reference: {resource: fylke_dekning, fields: [fylkesnummer]}}
    -- columns:                   # every column, in the table's order: [type, "meaning"]
    --   kommunenummer: [string, "kommunenummer i {register} (fire sifre)"]

The layout (which files a definition and the main run write), the CSV's column order, the
data package's schema and the key checks are derived from these headers; the runner checks
that the table it created has exactly the declared columns, in order.

Light (no DuckDB, no pandas) and below the stages: the layout, and so the Snakefile, imports
it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# The SQL's layers, in the order they run (lmsanalyse.include.runner).
LAYERS = ("staging", "decisions", "marts")

_KEY = re.compile(r"^--\s*key:\s*(.+?)\s*$", re.MULTILINE)
_CODES = re.compile(r"^--\s*codes:\s*(.+?)\s+in\s+(\w+)\s*$", re.MULTILINE)
_CREATES = re.compile(r"\bcreate\s+(?:or\s+replace\s+)?(?:table|view)\s+(\w+)", re.IGNORECASE)
# The keys of the YAML block of a published mart's header.
BLOCK_KEYS = ("files", "main", "title", "description", "foreignKeys", "columns")
_BLOCK_START = re.compile(rf"^-- ({'|'.join(BLOCK_KEYS)}):")
# The kinds of file a table is written as.
SUFFIXES = ("csv", "parquet")


@dataclass(frozen=True)
class SqlFile:
    """One SQL file: what it creates, that relation's key and, for a mart written out, its
    declaration (:class:`Table`)."""

    layer: str
    name: str
    text: str
    relation: str | None
    key: tuple[str, ...]
    codes: tuple[tuple[str, str], ...] = ()
    table: Table | None = None

    @property
    def path(self) -> str:
        return f"{self.layer}/{self.name}"


@dataclass(frozen=True)
class Table:
    """A table the include stage writes, as its SQL file declares it.

    Attributes:
        name: the table (and file stem).
        key: its key columns (the data package's ``primaryKey``).
        files: the file kinds written per definition (``csv``, ``parquet``).
        main: those published again for the main definition at the top of data/processed.
        title, description: the data package's words for it.
        columns: column → ``[type, meaning]`` (optionally a list of allowed values), in
            the table's order.
        foreign_keys: the data package's ``foreignKeys``.
    """

    name: str
    key: tuple[str, ...]
    files: tuple[str, ...]
    main: tuple[str, ...]
    title: str
    description: str
    columns: dict[str, list] = field(default_factory=dict)
    foreign_keys: tuple[dict, ...] = ()

    def file(self, suffix: str) -> str:
        return f"{self.name}.{suffix}"

    @property
    def resource(self) -> dict:
        """The table's entry as the data package's descriptor writes it."""
        spec: dict = {
            "title": self.title,
            "description": self.description,
            "primaryKey": list(self.key),
        }
        if self.foreign_keys:
            spec["foreignKeys"] = [dict(k) for k in self.foreign_keys]
        return spec | {"fields": {c: list(f) for c, f in self.columns.items()}}


def sql_root() -> Path:
    """The package's SQL folder (one folder per layer): ``lmsanalyse/include/sql`` (found
    beside this module: importlib.resources would cost the layout's importers its import)."""
    return Path(__file__).parent / "include" / "sql"


def sql_paths(root: Path | None = None) -> list[Path]:
    """Every SQL file, by layer and name (the order they run in is the runner's: what each
    reads)."""
    root = sql_root() if root is None else Path(root)
    return [path for layer in LAYERS for path in sorted((root / layer).glob("*.sql"))]


def _block(where: str, text: str) -> dict | None:
    """The YAML block of a header (None: the file declares no table to write)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if lines and (line.startswith("--   ") or line.rstrip() == "--"):
            lines.append(line[3:])
        elif _BLOCK_START.match(line):
            lines.append(line[3:])
        elif lines:
            break
    if not lines:
        return None
    import yaml

    # libyaml's loader: the layout (every Snakemake and CLI call) reads these at import.
    block = yaml.load("\n".join(lines), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    unknown = set(block) - set(BLOCK_KEYS)
    lacking = {"files", "title", "description", "columns"} - set(block)
    if unknown or lacking:
        raise RuntimeError(
            f"{where}: tabellerklæringen har ukjente nøkler {sorted(unknown)} eller mangler "
            f"{sorted(lacking)}"
        )
    return block


def malformed_fields(fields: dict) -> list[str]:
    """The columns not described as ``[type, meaning]`` or ``[type, meaning, [values]]``."""
    return [
        c
        for c, f in fields.items()
        if not isinstance(f, list)
        or len(f) not in (2, 3)
        or (len(f) == 3 and not isinstance(f[2], list))
    ]


def _table(where: str, relation: str, key: tuple[str, ...], block: dict) -> Table:
    files = tuple(block["files"])
    main = tuple(block.get("main") or ())
    columns = block["columns"]
    bad = malformed_fields(columns)
    if bad:
        raise RuntimeError(f'{where}: kolonnene må være [type, "beskrivelse"]: {", ".join(bad)}')
    if not set(files) <= set(SUFFIXES) or not set(main) <= set(files):
        raise RuntimeError(f"{where}: files må være blant {SUFFIXES}, og main blant files")
    missing = [k for k in key if k not in columns]
    if missing:
        raise RuntimeError(f"{where}: nøkkelen nevner kolonner som ikke er deklarert: {missing}")
    return Table(
        name=relation,
        key=key,
        files=files,
        main=main,
        title=str(block["title"]).strip(),
        description=str(block["description"]).strip(),
        columns=dict(columns),
        foreign_keys=tuple(block.get("foreignKeys") or ()),
    )


def parse(layer: str, name: str, text: str) -> SqlFile:
    """Read a file's relation, key and declaration; raises if it creates several or lacks a
    key."""
    created = _CREATES.findall(text)
    keys = _KEY.findall(text)
    where = f"{layer}/{name}"
    if len(created) > 1:
        raise RuntimeError(f"{where}: lager flere tabeller ({', '.join(created)}); én per fil")
    if created and len(keys) != 1:
        raise RuntimeError(f"{where}: mangler én linje «-- key: kolonne, …» for {created[0]}")
    key = tuple(k.strip() for k in keys[0].split(",")) if created else ()
    codes = tuple(
        (col.strip(), code_list)
        for cols, code_list in _CODES.findall(text)
        for col in cols.split(",")
    )
    block = _block(where, text)
    if block is not None and not created:
        raise RuntimeError(f"{where}: deklarerer en tabell, men lager ingen")
    table = _table(where, created[0], key, block) if block is not None else None
    return SqlFile(layer, name, text, created[0] if created else None, key, codes, table)


def parse_folder(root: Path) -> list[SqlFile]:
    """Every SQL file under ``root`` (its layer folders), parsed, by layer and name."""
    return [
        parse(path.parent.name, path.name, path.read_text(encoding="utf-8"))
        for path in sql_paths(root)
    ]


@cache
def _parsed() -> tuple[SqlFile, ...]:
    return tuple(parse_folder(sql_root()))


def tables(root: Path | None = None) -> dict[str, Table]:
    """Every table the include stage writes, by name, in the order of their files (the
    package's SQL, or the SQL folder ``root``)."""
    files = _parsed() if root is None else parse_folder(root)
    return {f.table.name: f.table for f in files if f.table is not None}


def clean_tables_read(names, root: Path | None = None) -> tuple[str, ...]:
    """Those of the clean stage's tables ``names`` that an SQL file reads (as ``src_<name>``)."""
    files = _parsed() if root is None else parse_folder(root)
    text = "\n".join(f.text for f in files)
    return tuple(n for n in names if re.search(rf"\bsrc_{n}\b", text))
