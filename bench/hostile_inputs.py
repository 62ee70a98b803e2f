"""Hostile raw files read in time proportional to their size: a 10 MB free-text cell and
100 000 blank lines, each read by ``read_raw_table`` against pandas reading the same file
(``pd.read_csv``, the C engine), as ratios measured in one run (medians of paired rounds).

    .venv/bin/python bench/hostile_inputs.py     # updates "hostile-inputs" in bench/results.md

Target: each ≤ 5 × pandas (the two cases were timed unit tests, < 5 s each, until issue 22
moved speed targets here).
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from results_md import write_section

from lmsanalyse.ingest.reader import read_raw_table

HUGE = 10 * 1024 * 1024
TARGET = 5.0


def huge_cell(path: Path) -> None:
    chunk = 'Åse sa "ja; nei, kanskje"\r\nNy linje; ' * 32
    rows = [
        ["svar_id", "innsendt", "enhet", "har_tjeneste", "kontaktperson", "kommentar"],
        ["R1", "01.11.2014 10:00", "Narvik", "Ja", "Kari Fiktivsen", (chunk * 9000)[:HUGE]],
        ["R2", "02.11.2014 10:00", "Bodø", "Nei", "", "kort"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)


def blank_lines(path: Path) -> None:
    text = "enhet,dato,forsok,kontaktpunkt,utfall,kontaktperson,notat\r\n"
    text += "Narvik,01.12.2014,1,sentralbord,uavklart,,\r\n" + "\r\n" * 100_000
    text += "Bodø,02.12.2014,1,helseleder,har tjeneste,,\r\n"
    path.write_bytes(text.encode("utf-8"))


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(rounds: int = 5) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lms-hostile-"))
    cases = [
        ("a 10 MB free-text cell (`radmann_skjema`)", "radmann_skjema", huge_cell, ";"),
        ("100 000 blank lines (`ringerunde_logg`)", "ringerunde_logg", blank_lines, ","),
    ]
    lines = [
        "## Hostile inputs",
        "",
        f"`.venv/bin/python bench/hostile_inputs.py` — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{rounds} paired rounds; load average before: "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg()),
        "",
        "| file | read_raw_table (s) | pandas read_csv (s) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for what, source, build, sep in cases:
        path = tmp / f"{source}.csv"
        build(path)
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(timed(lambda p=path, s=sep: pd.read_csv(p, sep=s, dtype=str)))
            ours.append(timed(lambda p=path, s=source: read_raw_table(p, s)))
        ratio = statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
        met = "ja" if ratio <= TARGET else "nei"
        lines.append(
            f"| {what} | {statistics.median(ours):.2f} | {statistics.median(theirs):.2f} | "
            f"{ratio:.1f} | ≤ {TARGET:g} | {met} |"
        )
    write_section("hostile-inputs", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
