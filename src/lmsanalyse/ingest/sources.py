"""Which raw file holds each source. Light (no pandas): the Snakefile asks it for its inputs.

A source is either a contract-shaped file (``<source>.csv`` or ``.xlsx``) or a survey-tool
export described by an import map (``<source>.import.yaml``), never both.
"""

from __future__ import annotations

from pathlib import Path

from ..contract import SOURCES
from ..problems import InputError, Problem

EXTENSIONS = (".csv", ".xlsx")
IMPORT_MAP_SUFFIX = ".import.yaml"


def is_import_map(path: Path) -> bool:
    return Path(path).name.casefold().endswith(IMPORT_MAP_SUFFIX)


def raw_files_named(raw_dir: Path, source: str) -> list[Path]:
    """The files of ``raw_dir`` named ``<source>.csv``, ``.xlsx`` or ``.import.yaml``, the
    name compared case-insensitively (``RADMANN_SKJEMA.CSV``, as Windows tools save it)."""
    wanted = {f"{source}{ext}".casefold() for ext in (*EXTENSIONS, IMPORT_MAP_SUFFIX)}
    folder = Path(raw_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.casefold() in wanted)


def find_raw_file(raw_dir: Path, source: str) -> Path:
    """Return ``raw_dir/<source>.csv``, ``.xlsx`` or ``.import.yaml``; exactly one must exist."""
    found = raw_files_named(raw_dir, source)
    if not found:
        melding = (
            f"fant ingen fil {source}.csv eller {source}.xlsx, og intet importkart "
            f"{source}{IMPORT_MAP_SUFFIX}, i {raw_dir}"
        )
        raise InputError([Problem(f"{source}.*", None, None, melding)])
    if len(found) > 1:
        names = " og ".join(p.name for p in found)
        melding = f"flere filer for samme kilde: {names}"
        if any(is_import_map(p) for p in found):
            melding += "; en kilde har enten en kontraktfil eller et importkart, ikke begge"
        raise InputError([Problem(found[0].name, None, None, melding)])
    return found[0]


def find_raw_files(raw_dir: Path) -> dict[str, Path]:
    """The file (or import map) of every source, collecting every missing or doubled one."""
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


def export_files(path: Path) -> dict[str, Path]:
    """The export files behind an import map (role → file), those that exist; else none."""
    from ..config import import_map_files

    if not is_import_map(path):
        return {}
    return {role: p for role, p in import_map_files(path).items() if p.is_file()}


def raw_inputs(raw_dir: Path) -> dict[str, Path]:
    """Every raw file a run reads, as named Snakemake inputs.

    ``<source>`` is the contract file or the import map; each export file behind a map is
    ``<source>__<role>`` (``radmann_skjema__data``), so that editing any of them re-runs.
    """
    inputs: dict[str, Path] = {}
    for source, path in find_raw_files(raw_dir).items():
        inputs[source] = path
        for role, file in export_files(path).items():
            inputs[f"{source}__{role}"] = file
    return inputs
