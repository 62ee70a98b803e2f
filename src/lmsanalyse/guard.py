"""Guards: no personal data in the outputs, and only marked synthetic data in ``data/raw/``.

The personal-data guard runs at the end of every workflow run. It reads every personal value
from the raw exports (the contract's personal columns and the free-text columns) and looks for
each of them, and for e-mail addresses and Norwegian phone numbers, in every file under
``data/processed/`` and ``reports/``. A hit fails the run and names the file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .contract import SOURCES
from .runlog import logged

SYNTHETIC_MARKER = "SYNTETISKE DATA"
# What every page of a report made from marked data says, and its PDF metadata.
SYNTHETIC_BANNER = f"{SYNTHETIC_MARKER} – ikke reelle tall"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# +47 numbers in any grouping, and 8-digit numbers written in the usual Norwegian groups.
PHONE = re.compile(
    r"\+47[ \u00a0-]*\d(?:[ \u00a0-]*\d){7}|\b\d{3} \d{2} \d{3}\b|\b\d{2} \d{2} \d{2} \d{2}\b"
)
_SVG = re.compile(r"<svg\b.*?</svg>", flags=re.DOTALL | re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
# Shorter values (a first name alone, "Ja" in a note) would match innocent text.
MIN_VALUE_LENGTH = 6


class PersonalDataFound(RuntimeError):
    """Personal data was found in an output file."""


def personal_values(raw_files: dict[str, Path], aliases_path: Path | None = None) -> set[str]:
    """Every value of the personal and free-text columns of the three raw exports."""
    from .clean.stage import read_sources

    values: set[str] = set()
    for name, table in read_sources(raw_files, aliases_path).items():
        for col in SOURCES[name].columns:
            if not col.never_output:
                continue
            for value in table.data[col.name].dropna():
                text = " ".join(str(value).split())
                if len(text) >= MIN_VALUE_LENGTH:
                    values.add(text)
    return values


def file_text(path: Path) -> str:
    """The text a person could read from an output file: Parquet cells, PDF text, the XML of
    a workbook's parts, a PNG's text chunks, or the bytes of any other file."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import zipfile
        from html import unescape

        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()]
        # Cell text as a reader sees it: one line per XML text node, entities decoded.
        return "\n".join(unescape(m) for part in parts for m in re.findall(r">([^<]+)<", part))
    if suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:
            return "\n".join(f"{k}: {v}" for k, v in sorted(image.text.items()))
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        # One cell per line, so that neighbouring cells never join into a false phone number.
        cells = [str(v) for column in table.columns for v in column.to_pylist() if v is not None]
        return "\n".join(cells + list(table.column_names))
    if suffix == ".pdf":
        # poppler's pdftotext is >10 × faster than pypdf; pypdf is the pure-Python fallback.
        if shutil.which("pdftotext"):
            done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
            return done.stdout.decode("utf-8", errors="replace")
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return path.read_bytes().decode("utf-8", errors="replace")


def scan_outputs(values: set[str], folders: Iterable[Path]) -> list[str]:
    """Findings as ``file: what``; empty when the outputs are clean."""
    findings = []
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            text = _SPACES.sub(" ", file_text(path))
            for value in sorted(values):
                if value in text:
                    findings.append(
                        f"{path}: inneholder en personopplysning fra rådataene ({len(value)} tegn)"
                    )
                    break
            # Figures carry long runs of coordinates that can look like phone numbers; the
            # exact personal values above are still looked for in them.
            text = _SVG.sub(" ", text)
            if m := EMAIL.search(text):
                findings.append(f"{path}: inneholder en e-postadresse ({m.group(0)[:3]}…)")
            if m := PHONE.search(text):
                findings.append(f"{path}: inneholder et telefonnummer ({m.group(0)[:4]}…)")
    return findings


def check_outputs(
    raw_files: dict[str, Path], aliases_path: Path | None, folders: Iterable[Path]
) -> int:
    """Run the personal-data guard; raises :class:`PersonalDataFound` naming each file."""
    values = personal_values(raw_files, aliases_path)
    findings = scan_outputs(values, folders)
    if findings:
        raise PersonalDataFound("Personopplysninger funnet i utdata:\n" + "\n".join(findings))
    return len(values)


@logged
def run_guard(
    raw_files: dict[str, Path], aliases_path: Path | None, folders: Iterable[Path], out_path: Path
) -> None:
    """The workflow's last step: check the outputs and record that they are clean."""
    checked = check_outputs(raw_files, aliases_path, folders)
    Path(out_path).write_text(
        f"OK: {checked} personverdier fra rådataene søkt etter i "
        f"{', '.join(Path(f).name for f in folders)}; ingen funnet.\n",
        encoding="utf-8",
    )


def has_synthetic_marker(path: Path) -> bool:
    """True when a file under ``data/raw`` carries the synthetic-data marker."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return SYNTHETIC_MARKER in (wb.properties.title or "")
        finally:
            wb.close()
    data = path.read_bytes()
    return any(SYNTHETIC_MARKER.encode(enc) in data for enc in ("utf-8", "cp1252", "utf-16-le"))


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


if __name__ == "__main__":
    sys.exit(main())
