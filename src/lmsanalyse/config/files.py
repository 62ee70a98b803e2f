"""The other config files: header aliases, reconciliation relations, small CSV config files
(the manual decisions: :mod:`.manual_decisions`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..problems import Problem
from ..schema import load_schema, schema_problems
from ..text import decode_bytes, normalise_value
from .base import ConfigError, _read_yaml


def _header_alias_file(path: Path | None) -> dict:
    """``config/header_aliases.yaml`` read and checked against its schema ({} when absent)."""
    from ..contract import contract_columns

    if path is None or not Path(path).exists():
        return {}
    columns = contract_columns()
    data = _read_yaml(path) or {}
    schema = json.loads(json.dumps(load_schema("header_aliases")))
    for source, names in columns.items():
        schema["properties"][source]["additionalProperties"] = {"enum": list(names)}
        props = schema["properties"][source]["properties"]
        props["mangler"]["propertyNames"] = {"enum": list(names)}
    problems = schema_problems(data, schema, Path(path).name)
    if not problems:
        for source, mapping in data.items():
            missing = (mapping or {}).get("mangler") or {}
            problems += declared_missing_problems(source, missing, Path(path).name, source)
            for i, rule in enumerate((mapping or {}).get("utelat") or []):
                if rule["kolonne"] not in columns[source]:
                    allowed = ", ".join(columns[source])
                    melding = (
                        f"'{rule['kolonne']}' er ikke en kolonne i {source} (tillatt: {allowed})"
                    )
                    problems.append(
                        Problem(
                            Path(path).name, None, None, melding, f"{source}.utelat.{i}.kolonne"
                        )
                    )
    if problems:
        raise ConfigError(problems)
    return data


def load_header_aliases(path: Path | None) -> dict[str, dict[str, str]]:
    """``config/header_aliases.yaml``: per source, header text → contract column.

    Args:
        path: the file (None or missing: no aliases). An alias may point to any column of
            its source in the data contract.
    """
    return {
        source: {k: v for k, v in (mapping or {}).items() if k not in ("mangler", "utelat")}
        for source, mapping in _header_alias_file(path).items()
    }


def load_declared_missing(path: Path | None) -> dict[str, dict[str, str]]:
    """Per source, the columns its contract-shaped export truly lacks → the reason
    (``mangler:`` under the source in ``config/header_aliases.yaml``)."""
    return {
        source: dict((mapping or {}).get("mangler") or {})
        for source, mapping in _header_alias_file(path).items()
        if (mapping or {}).get("mangler")
    }


def load_left_out_rules(path: Path | None) -> dict[str, list[dict]]:
    """Per source, the rows a contract-shaped export leaves out on purpose (``utelat:`` under
    the source in ``config/header_aliases.yaml``): each ``{kolonne, verdier, grunn}``."""
    return {
        source: [dict(rule) for rule in (mapping or {}).get("utelat") or []]
        for source, mapping in _header_alias_file(path).items()
        if (mapping or {}).get("utelat")
    }


def declared_missing_problems(source: str, missing: dict, fil: str, where: str) -> list[Problem]:
    """A column the contract requires cannot be declared missing: without it nothing is read."""
    from ..contract import source as contract_source

    problems = []
    for column in missing:
        col = contract_source(source).column(column)
        if col.required != "no":
            when = {
                "interkommunal": " for interkommunale tjenester",
                "i_gang": " for tjenester i gang",
            }
            melding = (
                f"{column} kan ikke oppgis som manglende: kontrakten krever kolonnen"
                f"{when.get(col.required, '')}"
            )
            key = f"{where}.mangler.{column}" if where else f"mangler.{column}"
            problems.append(Problem(fil, None, column, melding, key))
    return problems


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
