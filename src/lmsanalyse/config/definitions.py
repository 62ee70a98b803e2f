"""The inclusion definitions: ``extends`` resolved, validated against their schema."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..schema import load_schema, load_yaml, problem, schema_problems
from .base import ConfigError, _read_yaml


def _merge(base: dict, changes: dict) -> dict:
    """Deep merge: dicts merge key by key, other values replace; ``None`` removes a key."""
    out = dict(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def definition_chain(path: Path) -> list[Path]:
    """A definition file and the files it extends, nearest first (missing ones left out)."""
    chain: list[Path] = []
    current: Path | None = Path(path)
    while current is not None and current.exists() and current not in chain:
        chain.append(current)
        try:
            data = load_yaml(current.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            break
        parent = data.get("extends") if isinstance(data, dict) else None
        current = current.with_name(f"{parent}.yaml") if isinstance(parent, str) else None
    return chain


def load_definition(path: Path) -> dict:
    """Load an inclusion definition, resolving ``extends``, and validate it.

    Returns:
        The resolved definition (``navn``, ``tittel``, ``beskrivelse``, ``regler``), with
        ``bygger_pa`` listing the definitions it extends, nearest first.

    Raises:
        ConfigError: a file breaks the schema, ``navn`` differs from the file name, or
            ``extends`` names a missing definition or makes a loop.
    """
    path = Path(path)
    chain: list[Path] = []
    current: Path | None = path
    raw: list[dict] = []
    while current is not None:
        if current in chain:
            loop = " → ".join(p.stem for p in [*chain, current])
            raise ConfigError([problem(path, f"går i ring ({loop})", "extends")])
        if not current.exists():
            raise ConfigError([problem(chain[-1], f"fant ikke {current.name}", "extends")])
        data = _read_yaml(current)
        if not isinstance(data, dict):
            raise ConfigError([problem(current, "må være en tabell av nøkler")])
        if data.get("navn") != current.stem:
            raise ConfigError(
                [
                    problem(
                        current,
                        f"'{data.get('navn')}' må være lik filnavnet '{current.stem}'",
                        "navn",
                    )
                ]
            )
        chain.append(current)
        raw.append(data)
        parent = data.get("extends")
        current = current.with_name(f"{parent}.yaml") if isinstance(parent, str) else None
    resolved: dict = {}
    for data in reversed(raw):
        resolved = _merge(resolved, {k: v for k, v in data.items() if k != "extends"})
    resolved["navn"] = path.stem
    problems = schema_problems(resolved, load_schema("definition"), path.name)
    if problems:
        raise ConfigError(problems)
    resolved["bygger_pa"] = [p.stem for p in chain[1:]]
    return resolved
