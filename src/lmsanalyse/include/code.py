"""The files that hold the include stage's logic: its SQL and its figure catalogue.

Light (no DuckDB): the include rule lists them as inputs, so that editing a rule's SQL
re-runs every definition.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..sql_tables import LAYERS, sql_paths, sql_root

__all__ = ["LAYERS", "code_files", "sql_files", "sql_root"]


def sql_files(root: Path | None = None) -> list[Path]:
    """Every SQL file, by layer (the order they run in is the runner's: what each reads)."""
    return sql_paths(root)


def code_files() -> list[Path]:
    """The SQL files and the figure catalogue."""
    catalogue = Path(str(resources.files("lmsanalyse.include").joinpath("figures.yaml")))
    return [*sql_files(), catalogue]
