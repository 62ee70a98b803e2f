"""The synthetic-data marker: only files that carry it may be committed under ``data/raw/``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

SYNTHETIC_MARKER = "SYNTETISKE DATA"
# What every page of a report made from marked data says, and its PDF metadata.
SYNTHETIC_BANNER = f"{SYNTHETIC_MARKER} – ikke reelle tall"
# The marker as ``lmsanalyse synth`` writes it (``… (lmsanalyse synth --seed 2015)``): data the
# tool's generator made to give NK LMH's published figures, so agreement with them is by
# construction. Other synthetic data (a test set) carries the marker alone or another source.
SYNTH_MARKER = f"{SYNTHETIC_MARKER} (lmsanalyse synth"


def has_synthetic_marker(path: Path, marker: str = SYNTHETIC_MARKER) -> bool:
    """True when a file under ``data/raw`` carries the synthetic-data marker (``marker``:
    :data:`SYNTH_MARKER` asks whether ``lmsanalyse synth`` wrote it). A workbook carries it in
    its title; any other file in its bytes."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return marker in (wb.properties.title or "")
        finally:
            wb.close()
    data = path.read_bytes()
    return any(marker.encode(enc) in data for enc in ("utf-8", "cp1252", "utf-16-le"))


def unmarked_raw_files(paths: Iterable[Path]) -> list[Path]:
    """Files under ``data/raw`` without the marker (``.gitkeep`` excepted)."""
    return [
        Path(p) for p in paths if Path(p).name != ".gitkeep" and not has_synthetic_marker(Path(p))
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m lmsanalyse.guard raw-marker FILE…`` (used by pre-commit)."""
    parser = argparse.ArgumentParser(prog="python -m lmsanalyse.guard")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "raw-marker", help="fail when a file under data/raw lacks the synthetic marker"
    )
    p.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    bad = unmarked_raw_files(args.files)
    for path in bad:
        print(
            f"{path}: mangler merket «{SYNTHETIC_MARKER}». Ekte rådata skal aldri i depotet; "
            "hold dem utenfor og bruk --raw-dir.",
            file=sys.stderr,
        )
    return 1 if bad else 0
