"""The files that hold the include stage's logic: its SQL and its figure catalogue.

Light (no DuckDB): the include rule lists them as inputs, so that editing a rule's SQL
re-runs every definition.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

LAYERS = ("staging", "decisions", "marts")


def sql_root() -> Path:
    """The package's SQL folder (one folder per layer)."""
    return Path(str(resources.files("lmsanalyse.include").joinpath("sql")))


def sql_files(root: Path | None = None) -> list[Path]:
    """Every SQL file, by layer (the order they run in is the runner's: what each reads)."""
    root = sql_root() if root is None else Path(root)
    return [path for layer in LAYERS for path in sorted((root / layer).glob("*.sql"))]


def code_files() -> list[Path]:
    """The SQL files and the figure catalogue."""
    catalogue = Path(str(resources.files("lmsanalyse.include").joinpath("figures.yaml")))
    return [*sql_files(), catalogue]
