"""Scale benchmark: ingest → include on K× the synthetic data (K = 1, 10, 100).

    .venv/bin/python bench/scale.py            # updates the "scale" section of bench/results.md
    .venv/bin/python bench/scale.py --k 1 10   # a quicker subset

For each K, `lmsanalyse synth --scale K` writes K repetitions of the survey (a repeated
survey of the same 442 units, with unique ids). Measured, each in a fresh process:
- floor: DuckDB reading the same raw CSV files (the two CSV exports, the Windows-1252 one as
  a UTF-8 copy; the XLSX is not readable by DuckDB without an extension download, so it is
  left out of the floor);
- pipeline: the clean stage (all three files) and the main definition in DuckDB SQL,
  timed inside the process (imports excluded), and the process's peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_md import write_section

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable

FLOOR = r"""
import json, resource, sys, time
import duckdb
raw = sys.argv[1]
t = time.perf_counter()
con = duckdb.connect()
n = 0
n += con.execute("select count(*) from read_csv(?, delim=';', header=true, all_varchar=true)", [raw + "/radmann_skjema.utf8.csv"]).fetchone()[0]
n += con.execute("select count(*) from read_csv(?, delim=',', header=true, all_varchar=true)", [raw + "/ringerunde_logg.csv"]).fetchone()[0]
print(json.dumps({"seconds": time.perf_counter() - t, "rows": n,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PIPELINE = r"""
import json, resource, sys, time
from pathlib import Path
from lmsanalyse.clean.stage import run_clean
from lmsanalyse.include.stage import run_include
from lmsanalyse.ingest.sources import find_raw_files
from lmsanalyse.layout import RunLayout
raw, out, repo = Path(sys.argv[1]), RunLayout(Path(sys.argv[2])), Path(sys.argv[3])
t = time.perf_counter()
acc = run_clean(find_raw_files(raw), repo / "data/reference", repo / "config/header_aliases.yaml",
                {"fuzzy_threshold": 88, "fuzzy_margin": 4}, out.clean_outputs())
t_clean = time.perf_counter() - t
run_include(out.clean_outputs(), repo / "config/definitions/nklmh_2015.yaml", None,
            out.definition_outputs("nklmh_2015"), repo / "data/reference")
total = time.perf_counter() - t
print(json.dumps({"seconds": total, "clean_seconds": t_clean, "include_seconds": total - t_clean,
                  "rows_in": int(acc["rader_inn"].sum()),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_json(code: str, *args: str) -> dict:
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_of(n: int, code: str, *args: str) -> dict:
    runs = [run_json(code, *args) for _ in range(n)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in args.k:
            raw = Path(tmp) / f"raw_{k}"
            subprocess.run(
                [PY, "-m", "lmsanalyse.cli", "synth", "--scale", str(k), "--out", str(raw)],
                check=True,
                capture_output=True,
            )
            # DuckDB reads UTF-8 (its latin-1 reader refuses Windows-1252's š), so the floor
            # reads a UTF-8 copy of the questionnaire export; the copy is not timed.
            text = (raw / "radmann_skjema.csv").read_bytes().decode("cp1252")
            (raw / "radmann_skjema.utf8.csv").write_text(text, encoding="utf-8")
            floor = best_of(args.repeat, FLOOR, str(raw))
            pipe = best_of(args.repeat, PIPELINE, str(raw), str(Path(tmp) / f"out_{k}"), str(REPO))
            rows.append({"k": k, "floor": floor, "pipe": pipe})
            print(k, floor["seconds"], pipe["seconds"], pipe["max_rss_mb"], file=sys.stderr)
    lines = [
        "## Scale (ingest → include)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on this machine (2 cores); best of {args.repeat} runs each.",
        "Command: `.venv/bin/python bench/scale.py`",
        "",
        "| K | raw rows | DuckDB reads raw CSVs (s) | clean (s) | include (s) | ingest → include (s) | ratio to DuckDB read | peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f, p = r["floor"], r["pipe"]
        lines.append(
            f"| {r['k']} | {p['rows_in']:,} | {f['seconds']:.3f} | {p['clean_seconds']:.2f} | "
            f"{p['include_seconds']:.2f} | {p['seconds']:.2f} | {p['seconds'] / f['seconds']:.1f} | "
            f"{p['max_rss_mb']:.0f} |"
        )
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        growth = (b["pipe"]["seconds"] / a["pipe"]["seconds"]) / (b["k"] / a["k"])
        lines += [
            "",
            f"Time growth K={a['k']} → K={b['k']}: {growth:.2f} × linear (≤ 1 is linear or better).",
        ]
    lines += [
        "",
        "Targets (issue 6): at K = 100 ≤ 5 × the DuckDB read, peak memory ≤ 2 GiB, growth no worse than linear.",
    ]
    write_section("scale", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
