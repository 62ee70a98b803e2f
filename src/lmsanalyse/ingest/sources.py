"""Which raw file holds each source. Light (no pandas): the Snakefile asks it for its inputs."""

from __future__ import annotations

from pathlib import Path

from ..contract import SOURCES
from ..problems import InputError, Problem

EXTENSIONS = (".csv", ".xlsx")


def find_raw_file(raw_dir: Path, source: str) -> Path:
    """Return ``raw_dir/<source>.csv`` or ``.xlsx``; exactly one must exist."""
    found = [Path(raw_dir) / f"{source}{ext}" for ext in EXTENSIONS]
    found = [p for p in found if p.exists()]
    if not found:
        raise InputError(
            [
                Problem(
                    f"{source}.*",
                    None,
                    None,
                    f"fant ingen fil {source}.csv eller {source}.xlsx i {raw_dir}",
                )
            ]
        )
    if len(found) > 1:
        names = " og ".join(p.name for p in found)
        raise InputError(
            [Problem(found[0].name, None, None, f"flere filer for samme kilde: {names}")]
        )
    return found[0]


def find_raw_files(raw_dir: Path) -> dict[str, Path]:
    """The file of every source, collecting every missing or doubled one before raising."""
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for source in SOURCES:
        try:
            files[source] = find_raw_file(raw_dir, source)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return files


def raw_inputs(raw_dir: Path) -> dict[str, Path]:
    """The raw files a run reads, by source (the Snakemake rules' raw inputs)."""
    return find_raw_files(raw_dir)
