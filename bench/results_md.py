"""Write one section of bench/results.md, keeping the other sections as they are."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = "# Benchmarks\n\nMeasured on this machine (2 cores, 24 GiB). Each section says how to reproduce it.\n"


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace the section between ``<!-- name -->`` markers (or append it)."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
