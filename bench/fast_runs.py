"""Fast-run benchmark: cold full run, no-op re-run and `explain` against their floors.

    .venv/bin/python bench/fast_runs.py        # updates the "fast-runs" section of bench/results.md

Targets (issue 6):
- cold full run (all stages, default definition, HTML + PDF) ≤ 3 × the floor of one process
  that only imports pandas, duckdb, matplotlib and weasyprint and runs `snakemake -n`;
- no-op re-run ≤ 1,2 × `snakemake -n`;
- `lmsanalyse explain` ≤ 3 × `python -c "import duckdb"`.
Each time is the median of several runs, each a fresh process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_md import write_section

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PY = sys.executable
MAIN_ONLY = 'definitions=["nklmh_2015"]'


def timed(cmd: list[str], cwd: Path = REPO) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=cwd,
        check=True,
        capture_output=True,
        env=os.environ | {"SOURCE_DATE_EPOCH": "1432000000"},
    )
    return time.perf_counter() - t


def median(cmd_factory, n: int) -> float:
    return statistics.median(cmd_factory() for _ in range(n))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    smk = [PY, "-m", "snakemake"]
    try:

        def cold() -> float:
            out = tmp / "cold"
            shutil.rmtree(out, ignore_errors=True)
            return timed(smk + ["--config", f"out_dir={out}", MAIN_ONLY])

        t_cold = median(cold, max(3, args.repeat // 2))
        out = tmp / "cold"
        noop_cmd = smk + ["--config", f"out_dir={out}", MAIN_ONLY]
        dry_cmd = smk + ["-n", "--config", f"out_dir={out}", MAIN_ONLY]
        t_noop = median(lambda: timed(noop_cmd), args.repeat)
        t_dry = median(lambda: timed(dry_cmd), args.repeat)
        floor_code = (
            "import pandas, duckdb, matplotlib.pyplot, weasyprint, sys\n"
            "from snakemake.cli import main\n"
            f"sys.argv = ['snakemake', '-n', '--config', 'out_dir={out}', '{MAIN_ONLY}']\n"
            "main()\n"
        )
        t_floor = median(lambda: timed([PY, "-c", floor_code]), args.repeat)
        explain = [str(BIN / "lmsanalyse"), "explain", "Narvik", "--out", str(out)]
        t_explain = median(lambda: timed(explain), args.repeat * 2)
        t_duckdb = median(lambda: timed([PY, "-c", "import duckdb"]), args.repeat * 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = [
        (
            "cold full run (clean → include → reconcile → report HTML + PDF → guard)",
            t_cold,
            "floor: imports + `snakemake -n`",
            t_floor,
            3.0,
        ),
        ("no-op re-run (`snakemake`, nothing to do)", t_noop, "`snakemake -n`", t_dry, 1.2),
        ("`lmsanalyse explain Narvik`", t_explain, '`python -c "import duckdb"`', t_duckdb, 3.0),
    ]
    lines = [
        "## Fast runs",
        "",
        f"`{Path(PY).name} bench/fast_runs.py` — {time.strftime('%Y-%m-%d')}, median of {args.repeat} fresh processes",
        "(cold run: median of 3). Definition `nklmh_2015` only.",
        "",
        "| measured | seconds | against | seconds | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for what, t, against, t_ref, target in rows:
        ratio = t / t_ref
        lines.append(
            f"| {what} | {t:.2f} | {against} | {t_ref:.2f} | {ratio:.2f} | ≤ {target} | {'ja' if ratio <= target else 'nei'} |"
        )
    body = "\n".join(lines)
    write_section("fast-runs", body)
    print(body)


if __name__ == "__main__":
    main()
