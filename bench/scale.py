"""Scale benchmark: ingest → include at the true scale, K = 1, 10, 100 × the units.

    .venv/bin/python bench/scale.py              # updates the "scale" section of bench/results.md
    .venv/bin/python bench/scale.py --k 1 10     # a quicker subset
    .venv/bin/python bench/scale.py --work /tmp/skala   # keep the generated sets for the next run

For each K, `lmsanalyse synth --scale K` writes the survey over K × the units: a synthetic
register of K × 428 kommuner (K × 442 units) in `register/` and the `config.yaml` that names it,
K × the questionnaire rows and interviews, and at K > 1 each unit of the call round called 38
more times (benchmark volume: ≈ 10 000 call rows per K, ≈ 1 M at K = 100; the bundled K = 1 has
494). Every stage therefore does K × the work (see `lmsanalyse.tools.synth.scale`). Measured,
each in a fresh process (imports excluded, best of `--repeat`):

- floor: DuckDB reading and materialising the same raw CSV files, every column as text
  (`create table … as select * from read_csv(…, all_varchar = true)`): the call log and the
  questionnaire (the Windows-1252 questionnaire as a UTF-8 copy, since DuckDB reads no
  Windows-1252; the copy is not timed). The interviews' XLSX is left out of the floor
  (DuckDB reads XLSX only with an extension it would download); it has 58 rows per K.
- pipeline: the raw files read as the clean stage reads them (`read_sources`), then the clean
  stage (`run_clean`, which reads them again) with the set's register, then the main
  definition (`run_include`, `nklmh_2015`) in DuckDB SQL; the process's peak memory (max RSS).

Targets (issue 14, at K = 100): ingest → include (clean + include) ≤ 5 × the floor; peak
memory ≤ 1 GiB; cost per extra row flat from K = 10 to K = 100: the µs per extra raw row from
K = 10 to 100 within 1.25 × that from K = 1 to 10 (marginal costs, not a ratio of totals).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_md import write_section

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
MEMORY_TARGET_MB = 1024
FLOOR_TARGET = 5.0
FLAT_TARGET = 1.25

FLOOR = r"""
import json, resource, sys, time
import duckdb
raw = sys.argv[1]
t = time.perf_counter()
con = duckdb.connect()
n = 0
for name, path, delim in (("radmann", raw + "/radmann_skjema.utf8.csv", ";"),
                          ("ringerunde", raw + "/ringerunde_logg.csv", ",")):
    con.execute(f"create table {name} as select * from read_csv(?, delim='{delim}', "
                "header=true, all_varchar=true)", [path])
    n += con.execute(f"select count(*) from {name}").fetchone()[0]
print(json.dumps({"seconds": time.perf_counter() - t, "rows": n,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PIPELINE = r"""
import json, resource, sys, time
from pathlib import Path
import pandas as pd
from lmsanalyse.clean.stage import read_sources, run_clean
from lmsanalyse.config import load_config
from lmsanalyse.include.stage import run_include
from lmsanalyse.ingest.sources import find_raw_files
from lmsanalyse.layout import RunLayout
raw, out = Path(sys.argv[1]), RunLayout(Path(sys.argv[2]))
config_file = raw / "config.yaml"
config = load_config(config_file if config_file.exists() else None, {"raw_dir": str(raw)})
files = find_raw_files(raw)
t = time.perf_counter()
tables = read_sources(files, config.path("header_aliases"))
t_read = time.perf_counter() - t
rows = {name: len(table.data) for name, table in tables.items()}
del tables
t = time.perf_counter()
acc = run_clean(files, config.register, config.path("header_aliases"), config.matching,
                out.clean_outputs(), config.quality)
t_clean = time.perf_counter() - t
t = time.perf_counter()
run_include(out.clean_outputs(), config.definition_file("nklmh_2015"), None,
            out.definition_outputs("nklmh_2015"), config.register)
t_include = time.perf_counter() - t
fig = pd.read_csv(out.definition_table("nklmh_2015", "figures")).set_index("figur")
print(json.dumps({
    "seconds": t_clean + t_include, "read_seconds": t_read, "clean_seconds": t_clean,
    "include_seconds": t_include, "rows": rows, "rows_in": int(acc["rader_inn"].sum()),
    "units": int(fig.loc["enheter_spurt", "verdi"]),
    "kommuner": int(fig.loc["kommuner_med_tilbud", "nevner"]),
    "interviewed": int(acc.set_index("kilde").loc["telefonintervju", "brukt"]),
    "included": int(fig.loc["tjenester", "verdi"]),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_json(code: str, *args: str) -> dict:
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench/scale.py: a measured process failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_of(n: int, code: str, *args: str) -> dict:
    runs = [run_json(code, *args) for _ in range(n)]
    best = min(runs, key=lambda r: r["seconds"])
    return best | {"max_rss_mb": max(r["max_rss_mb"] for r in runs)}


def generate(raw: Path, k: int) -> float:
    """``synth --scale k`` into ``raw`` (kept when already there); returns its seconds."""
    if (raw / "ringerunde_logg.csv").exists():
        return float("nan")
    t = time.perf_counter()
    subprocess.run(
        [PY, "-m", "lmsanalyse.cli", "synth", "--scale", str(k), "--out", str(raw)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - t
    # DuckDB reads UTF-8 (its latin-1 reader refuses Windows-1252's š): a copy for the floor.
    text = (raw / "radmann_skjema.csv").read_bytes().decode("cp1252")
    (raw / "radmann_skjema.utf8.csv").write_text(text, encoding="utf-8")
    return seconds


def marginal(a: dict, b: dict, key: str = "seconds") -> float:
    """µs per extra raw row from run ``a`` to run ``b``."""
    return (b["pipe"][key] - a["pipe"][key]) / (b["pipe"]["rows_in"] - a["pipe"]["rows_in"]) * 1e6


def yes(ok: bool) -> str:
    return "ja" if ok else "nei"


def table(rows: list[dict], repeat: int) -> str:
    lines = [
        "## Scale (ingest → include at K × the units)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on this machine (2 cores, shared); best of "
        f"{repeat} fresh processes per K, imports excluded; peak memory is the largest max RSS.",
        "Command: `.venv/bin/python bench/scale.py` (one K: `--k 100`). Data:",
        "`lmsanalyse synth --scale K` (K × 428 kommuner, K × 442 units; at K > 1 each unit of",
        "the call round is called 38 more times, so ≈ 10 000 call rows per K). Floor: DuckDB",
        "`create table … as select * from read_csv(…, all_varchar = true)` of the call log and",
        "the questionnaire (UTF-8 copy); the interviews' XLSX (58 rows per K) is not in it.",
        "",
        "| K | questionnaire rows | call rows | interview rows | units | kommuner | services "
        "interviewed / included | synth (s) | floor (s) | read (s) | clean (s) | include (s) "
        "| ingest → include (s) | × floor | µs per raw row | peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f, p = r["floor"], r["pipe"]
        rows_ = p["rows"]
        synth = "—" if r["synth"] != r["synth"] else f"{r['synth']:.1f}"
        lines.append(
            f"| {r['k']} | {rows_['radmann_skjema']:,} | {rows_['ringerunde_logg']:,} | "
            f"{rows_['telefonintervju']:,} | {p['units']:,} | {p['kommuner']:,} | "
            f"{p['interviewed']:,} / {p['included']:,} | {synth} | {f['seconds']:.2f} | "
            f"{p['read_seconds']:.2f} | {p['clean_seconds']:.2f} | {p['include_seconds']:.2f} | "
            f"{p['seconds']:.2f} | {p['seconds'] / f['seconds']:.1f} | "
            f"{p['seconds'] / p['rows_in'] * 1e6:.1f} | {p['max_rss_mb']:.0f} |"
        )
    by_k = {r["k"]: r for r in rows}
    lines += ["", "Cost per extra raw row (marginal, µs):", ""]
    lines += ["| from → to | clean | include | ingest → include |", "|---|---|---|---|"]
    pairs = [(a, b) for a, b in ((1, 10), (10, 100)) if a in by_k and b in by_k]
    for a, b in pairs:
        ra, rb = by_k[a], by_k[b]
        lines.append(
            f"| K = {a} → {b} | {marginal(ra, rb, 'clean_seconds'):.1f} | "
            f"{marginal(ra, rb, 'include_seconds'):.1f} | {marginal(ra, rb):.1f} |"
        )
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    big = by_k.get(100)
    if big:
        ratio = big["pipe"]["seconds"] / big["floor"]["seconds"]
        lines.append(
            f"| K = 100: ingest → include ≤ {FLOOR_TARGET:g} × the floor | {ratio:.1f} × "
            f"({big['pipe']['seconds']:.1f} s / {big['floor']['seconds']:.2f} s) | "
            f"{yes(ratio <= FLOOR_TARGET)} |"
        )
        mem = big["pipe"]["max_rss_mb"]
        lines.append(
            f"| K = 100: peak memory ≤ 1 GiB | {mem:.0f} MB | {yes(mem <= MEMORY_TARGET_MB)} |"
        )
    if len(pairs) == 2:
        early, late = (marginal(by_k[a], by_k[b]) for a, b in pairs)
        lines.append(
            f"| µs per extra row K = 10 → 100 ≤ {FLAT_TARGET:g} × K = 1 → 10 (flat) | "
            f"{late:.1f} against {early:.1f} µs ({late / early:.2f} ×) | "
            f"{yes(late <= FLAT_TARGET * early)} |"
        )
    if not big or len(pairs) < 2:
        lines.append("| K = 100 targets | not measured in this run (`--k 1 10 100`) | — |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None, help="keep the generated sets here")
    parser.add_argument("--no-write", action="store_true", help="print, leave results.md")
    args = parser.parse_args()
    rows = []
    work = args.work or Path(tempfile.mkdtemp(prefix="lms_scale_"))
    try:
        for k in args.k:
            raw = work / f"raw_{k}"
            synth = generate(raw, k)
            floor = best_of(args.repeat, FLOOR, str(raw))
            out = work / f"out_{k}"
            pipe = best_of(args.repeat, PIPELINE, str(raw), str(out))
            rows.append({"k": k, "synth": synth, "floor": floor, "pipe": pipe})
            print(json.dumps(rows[-1]), file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    body = table(rows, args.repeat)
    if not args.no_write:
        write_section("scale", body)
    print(body)


if __name__ == "__main__":
    main()
