"""The other config files: header aliases, reconciliation relations, manual decisions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..problems import Problem
from ..schema import load_schema, row_problems, schema_problems
from ..text import decode_bytes, normalise_value
from .base import ConfigError, _read_yaml

MANUAL_COLUMNS = ("objekt", "beslutning", "begrunnelse", "besluttet_av", "dato")


def load_header_aliases(path: Path | None) -> dict[str, dict]:
    """``config/header_aliases.yaml``: per source, header text → contract column.

    Args:
        path: the file (None or missing: no aliases). An alias may point to any column of
            its source in the data contract.
    """
    from ..contract import contract_columns

    if path is None or not Path(path).exists():
        return {}
    columns = contract_columns()
    data = _read_yaml(path) or {}
    schema = json.loads(json.dumps(load_schema("header_aliases")))
    for source, names in columns.items():
        schema["properties"][source]["additionalProperties"] = {"enum": list(names)}
    problems = schema_problems(data, schema, Path(path).name)
    if problems:
        raise ConfigError(problems)
    return {source: dict(mapping or {}) for source, mapping in data.items()}


def load_reconciliation(path: Path) -> dict:
    """``config/reconciliation.yaml``, checked: ``relasjoner`` and ``lesninger``."""
    data = _read_yaml(path) or {}
    problems = schema_problems(data, load_schema("reconciliation"), Path(path).name)
    if problems:
        raise ConfigError(problems)
    return data


def load_relations(path: Path) -> list[dict]:
    """``config/reconciliation.yaml``'s relations, each ``{figur, lik}``."""
    return list(load_reconciliation(path).get("relasjoner") or [])


def read_csv_config(path: Path) -> list[tuple[int, list[str]]]:
    """A small CSV config file as [(line number, fields)], the header first.

    Comment lines (``#``) and blank lines are skipped; quoted fields may hold line breaks;
    UTF-8 (with or without BOM) and Windows-1252 (Excel's "CSV") are both read; a file
    saved with ``;`` by Norwegian Excel is read too.
    """
    text, _ = decode_bytes(Path(path).read_bytes())
    lines = text.splitlines(keepends=True)
    kept = "".join(
        line if line.strip() and not line.lstrip().startswith("#") else "\n" for line in lines
    )
    header_line = next((line for line in kept.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(kept, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    for fields in reader:
        if any(f.strip() for f in fields):
            # line_num is the line the record ended on; a record with a quoted line break
            # starts earlier, so the number is counted from its own line breaks.
            start = reader.line_num - sum(f.count("\n") for f in fields)
            # Normalised as raw cells are: invisible and bidirectional characters removed.
            records.append((start, [normalise_value(f) or "" for f in fields]))
    return records


def load_manual_decisions(path: Path | None, kommuner: set[str], tjenester: set[str]) -> list[dict]:
    """Read and validate ``config/manuelle_beslutninger.csv``.

    ``objekt`` is a kommunenummer of the 2014 register or a ``tjeneste_id`` of the
    interviews; each row is checked against the row schema and the data; every problem is
    listed with its row and column.

    Returns:
        One dict per decision with ``objekttype`` (``kommune``/``tjeneste``), the file name
        (``fil``) and the decision's row in it (``rad``) added.

    Raises:
        ConfigError: unknown ids, missing fields, bad values or duplicates; all listed.
    """
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    records = read_csv_config(path)
    if not records:
        return []
    (header_row, header), records = records[0], records[1:]
    if header != list(MANUAL_COLUMNS):
        melding = f"overskriften må være {','.join(MANUAL_COLUMNS)}"
        raise ConfigError([Problem(path.name, header_row, None, melding)])
    schema = load_schema("manual_decision")
    problems: list[Problem] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for row_no, fields in records:
        if len(fields) != len(MANUAL_COLUMNS):
            melding = f"forventet {len(MANUAL_COLUMNS)} felt, fant {len(fields)}"
            problems.append(Problem(path.name, row_no, None, melding))
            continue
        rec = {k: v for k, v in zip(MANUAL_COLUMNS, fields, strict=True) if v}
        problems += row_problems(rec, schema, path, row_no)
        obj = rec.get("objekt", "")
        if obj in kommuner:
            kind = "kommune"
        elif obj in tjenester:
            kind = "tjeneste"
        else:
            kind = None
            if obj:
                melding = (
                    f"'{obj}' er verken et kommunenummer i 2014-registeret eller en tjeneste_id "
                    "i telefonintervjuene"
                )
                problems.append(Problem(path.name, row_no, "objekt", melding))
        if obj in seen:
            melding = f"'{obj}' har allerede en beslutning (rad {seen[obj]})"
            problems.append(Problem(path.name, row_no, "objekt", melding))
        seen.setdefault(obj, row_no)
        rows.append(
            {k: rec.get(k, "") for k in MANUAL_COLUMNS}
            | {"objekttype": kind, "fil": path.name, "rad": row_no}
        )
    if problems:
        raise ConfigError(problems)
    return rows
