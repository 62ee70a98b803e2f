"""Helpers the test modules share: run a stage on a raw folder, validate a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REF_DIR = REPO / "data" / "reference"
RAW_DIR = REPO / "data" / "raw"
ALIASES = REPO / "config" / "header_aliases.yaml"
DEFINITIONS = REPO / "config" / "definitions"


MATCHING = {"fuzzy_threshold": 88, "fuzzy_margin": 4}


def clean_into(raw_dir: Path, layout, aliases: Path | None = ALIASES, matching=None):
    """Run the clean stage on a raw folder into a run layout; returns the row accounting."""
    from lmsanalyse.clean.stage import run_clean
    from lmsanalyse.ingest.sources import find_raw_files

    return run_clean(
        find_raw_files(raw_dir), REF_DIR, aliases, matching or MATCHING, layout.clean_outputs()
    )


def include_into(layout, definition: str | Path = "nklmh_2015", manual_decisions=None):
    """Apply a definition (a name in config/definitions or a file) to a layout's clean data."""
    from lmsanalyse.include.stage import run_include

    path = (
        Path(definition)
        if str(definition).endswith(".yaml")
        else DEFINITIONS / f"{definition}.yaml"
    )
    return run_include(
        layout.clean_outputs(),
        path,
        manual_decisions,
        layout.definition_outputs(path.stem),
    )


def validate_dir(raw_dir: Path, **overrides) -> list:
    """``lmsanalyse validate``'s problems for a raw folder (config/config.yaml otherwise)."""
    from lmsanalyse.config import load_config
    from lmsanalyse.validate import validate_run

    return validate_run(load_config(None, {"raw_dir": str(raw_dir), **overrides}))


def copy_raw(target: Path) -> Path:
    """A writable copy of the bundled raw data."""
    shutil.copytree(RAW_DIR, target)
    return target


def clean_files(processed: Path) -> dict[str, Path]:
    """The clean stage's files in one ``data/processed`` folder, by name."""
    from lmsanalyse.layout import CLEAN_TABLES

    return {name: Path(processed) / file for name, file in CLEAN_TABLES.items()}


def definition_files(folder: Path) -> dict[str, Path]:
    """The include stage's files for one definition, all in ``folder``, by name."""
    from lmsanalyse.layout import RunLayout

    outputs = RunLayout(Path("/")).definition_outputs("x")
    return {name: Path(folder) / path.name for name, path in outputs.items()}


def clean_in(raw_dir: Path, processed: Path, aliases: Path | None = ALIASES, matching=None):
    """The clean stage on a raw folder, writing into one ``data/processed`` folder."""
    from lmsanalyse.clean.stage import run_clean
    from lmsanalyse.ingest.sources import find_raw_files

    return run_clean(
        find_raw_files(raw_dir), REF_DIR, aliases, matching or MATCHING, clean_files(processed)
    )


def include_in(processed: Path, definition: Path, folder: Path, manual_decisions=None):
    """The include stage on a ``data/processed`` folder, writing one definition into ``folder``."""
    from lmsanalyse.include.stage import run_include

    return run_include(
        clean_files(processed), definition, manual_decisions, definition_files(folder)
    )


def read_raw(raw_dir: Path = RAW_DIR, aliases: Path | None = ALIASES):
    """Every source of a raw folder read into text tables (aliases applied)."""
    from lmsanalyse.clean.stage import read_sources
    from lmsanalyse.ingest.sources import find_raw_files

    return read_sources(find_raw_files(raw_dir), aliases)
