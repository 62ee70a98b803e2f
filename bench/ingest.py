"""Ingest benchmark (issue 14, point 3): ingest → include against DuckDB reading the same files.

    .venv/bin/python bench/ingest.py                  # K = 1, 10, 100; writes the "ingest" section
    .venv/bin/python bench/ingest.py --work /tmp/ingest_bench   # keep the generated sets
    .venv/bin/python bench/ingest.py --k 1 10 --no-write        # a quick look
    git archive main | tar -x -C /tmp/before                    # the code to compare with …
    .venv/bin/python bench/ingest.py --before /tmp/before       # … measured in the same run

In one run, for K = 1, 10 and 100 (`lmsanalyse synth --scale K`: K × 428 kommuner in a
synthetic register, K × 442 units, ≈ 10 000 call-round rows per K), each measurement in a
fresh process (imports excluded from the seconds, not from the memory), floor and pipeline
in turn (floor, pipeline, floor, pipeline …), so that both meet the same load; the best of
the rounds counts, and the load average before and after is written beside the table:

- floor: DuckDB reading and materialising every raw CSV file, every column as text:
  ``create table t as select * from read_csv(path, delim = …, header = true,
  all_varchar = true)`` for ``ringerunde_logg.csv`` and ``radmann_skjema.csv`` (the
  Windows-1252 questionnaire as a UTF-8 copy, made before timing; DuckDB reads no
  Windows-1252). The interviews are XLSX, which DuckDB reads only with an extension it would
  download: they are not in the floor (58 rows per K);
- ingest → include: ``run_clean`` (reading all three raw files, cleaning, writing the clean
  tables) and ``run_include`` of the main definition with the set's register and config;
  "ingest" alone is ``read_sources`` (the three files read into text tables);
- peak memory: the measured process's max RSS, read by a wrapper process as
  ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the wrapper's only child is the measurement);
- CPU seconds beside the wall seconds (``time.process_time``; DuckDB's floor uses both
  cores, the pipeline mostly one), as the machine is often shared;
- fuzzy names: the time spent scoring typed names against the register
  (``UnitScores.scores``/``every_unit``, ``OtherKommuner.closest``).

Targets at K = 100: ingest → include ≤ 5 × the floor; peak memory ≤ 1 GiB; cost per extra
raw row flat: the µs per extra row from K = 10 to 100 within 1.25 × that from K = 1 to 10.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
c = time.process_time()
con = duckdb.connect()
n = 0
for name, path, delim in (("radmann", raw + "/radmann_skjema.utf8.csv", ";"),
                          ("ringerunde", raw + "/ringerunde_logg.csv", ",")):
    con.execute(f"create table {name} as select * from read_csv(?, delim='{delim}', "
                "header=true, all_varchar=true)", [path])
    n += con.execute(f"select count(*) from {name}").fetchone()[0]
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c,
                  "rows": n,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PIPELINE = r"""
import json, resource, sys, time
from pathlib import Path
import pandas as pd
from lmsanalyse.clean.clean_stage import read_sources, run_clean
from lmsanalyse.config import load_config
from lmsanalyse.include.include_stage import run_include
from lmsanalyse.ingest.sources import find_raw_files
from lmsanalyse.layout import RunLayout
raw, out = Path(sys.argv[1]), RunLayout(Path(sys.argv[2]))
config_file = raw / "config.yaml"
config = load_config(config_file if config_file.exists() else None, {"raw_dir": str(raw)})
files = find_raw_files(raw)
t = time.perf_counter()
tables = read_sources(files, config.path("header_aliases"))
t_read = time.perf_counter() - t
c = time.process_time()
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
cpu = time.process_time() - c
fig = pd.read_csv(out.definition_table("nklmh_2015", "figures")).set_index("figur")
print(json.dumps({
    "seconds": t_clean + t_include, "cpu_seconds": cpu, "read_seconds": t_read,
    "clean_seconds": t_clean,
    "include_seconds": t_include, "rows": rows, "rows_in": int(acc["rader_inn"].sum()),
    "units": int(fig.loc["enheter_spurt", "verdi"]),
    "kommuner": int(fig.loc["kommuner_med_tilbud", "nevner"]),
    "interviewed": int(acc.set_index("kilde").loc["telefonintervju", "brukt"]),
    "included": int(fig.loc["tjenester", "verdi"]),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(raw: Path, k: int) -> float:
    """``synth --scale k`` into ``raw`` (kept when already there); returns its seconds."""
    seconds = float("nan")
    if not (raw / "ringerunde_logg.csv").exists():
        t = time.perf_counter()
        subprocess.run(
            [PY, "-m", "lmsanalyse.cli", "synth", "--scale", str(k), "--out", str(raw)],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - t
    # DuckDB reads UTF-8 (its latin-1 reader refuses Windows-1252's š): a copy for the floor.
    copy = raw / "radmann_skjema.utf8.csv"
    if not copy.exists():
        text = (raw / "radmann_skjema.csv").read_bytes().decode("cp1252")
        copy.write_text(text, encoding="utf-8")
    return seconds


# The pipeline (clean + include, stage functions), with the time spent scoring typed names
# against the register (fuzzy matching: each unit's aliases, and the kommuner of other years)
# added up.
_TIMED = r"""
import time as _time
from lmsanalyse.clean import other_kommuner as _other, unit_scores as _units
_FUZZY = [0.0]
def _timing(cls, name):
    original = getattr(cls, name)
    def timed(self, *args):
        t0 = _time.perf_counter()
        try:
            return original(self, *args)
        finally:
            _FUZZY[0] += _time.perf_counter() - t0
    setattr(cls, name, timed)
for _cls, _name in ((_units.UnitScores, "scores"), (_units.UnitScores, "every_unit"),
                    (_other.OtherKommuner, "closest")):
    _timing(_cls, _name)
"""
assert "print(json.dumps({" in PIPELINE
PIPELINE = _TIMED + PIPELINE.replace(
    "print(json.dumps({", 'print(json.dumps({"fuzzy_seconds": _FUZZY[0], ', 1
)

PY = sys.executable
FLOOR_TARGET = 5.0
MEMORY_TARGET_MB = 1024
FLAT_TARGET = 1.25
# A 1-minute load above this on the 2 cores: another job shared them while measuring.
BUSY_LOAD = 1.5
COMMAND = ".venv/bin/python bench/ingest.py"

# Runs one measurement as its only child and adds the child's peak memory to its JSON.
WRAPPER = r"""
import json, resource, subprocess, sys
out = subprocess.run([sys.executable, "-c", *sys.argv[1:]], capture_output=True, text=True)
if out.returncode:
    sys.stderr.write(out.stderr)
    sys.exit(out.returncode)
result = json.loads(out.stdout.strip().splitlines()[-1])
result["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(result))
"""


def measure(code: str, *args: str, src: Path | None = None) -> dict:
    env = None
    if src is not None:  # another checkout's package first on the path
        env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([PY, "-c", WRAPPER, code, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"bench/ingest.py: a measured process failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    """The fastest run, with the largest peak memory of all."""
    fastest = min(runs, key=lambda r: r["seconds"])
    return fastest | {"peak_mb": max(r["peak_mb"] for r in runs)}


def load() -> tuple[float, float, float]:
    return os.getloadavg()


def per_row(r: dict) -> float:
    return r["pipe"]["seconds"] / r["pipe"]["rows_in"] * 1e6


def marginal(a: dict, b: dict, key: str = "seconds") -> float:
    """µs per extra raw row from run ``a`` to run ``b`` (ingest → include; ``key``: wall
    ``seconds`` or ``cpu_seconds``)."""
    extra = b["pipe"]["rows_in"] - a["pipe"]["rows_in"]
    return (b["pipe"][key] - a["pipe"][key]) / extra * 1e6


def yes(ok: bool) -> str:
    return "ja" if ok else "nei"


def fmt_load(values) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def section(rows: list[dict], repeat: int) -> str:
    loads = [r["load"] for r in rows if "load" in r]
    lines = [
        "## Ingest → include against DuckDB reading the raw files",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on this machine (2 cores); {repeat} "
        "rounds per K, each a fresh process, floor and pipeline in turn; the fastest round "
        "counts; imports excluded from the seconds; peak memory is the largest max RSS of the "
        "measured processes (`getrusage(RUSAGE_CHILDREN)` in a wrapper).",
    ]
    if loads:
        first = rows[0].get("load_before", loads[0])
        lines.append(
            f"Load average (1, 5, 15 min) before: {fmt_load(first)}; after each K: "
            + "; ".join(f"K = {r['k']}: {fmt_load(r['load'])}" for r in rows if "load" in r)
            + (
                ". Other jobs shared the 2 cores, so single timings vary; CPU seconds are shown "
                "beside the wall seconds."
                if max(v[0] for v in [first, *loads]) > BUSY_LOAD
                else ". The machine was otherwise idle."
            )
        )
    lines += [
        f"Command: `{COMMAND}` (data: `lmsanalyse synth --scale K`, generated by the script).",
        "Floor: DuckDB `create table t as select * from read_csv(path, delim = …, header = true,"
        " all_varchar = true)` for `ringerunde_logg.csv` and `radmann_skjema.csv` (its UTF-8 "
        "copy); the interviews' XLSX (58 rows per K) is not in the floor. Ingest → include: "
        "`run_clean` (reads all three files) + `run_include` (`nklmh_2015`) with the set's "
        "register; ingest alone: `read_sources`.",
        "",
        "| K | raw rows | floor (s) | floor CPU (s) | ingest alone (s) | clean (s) "
        "| of which fuzzy names (s) | include (s) | ingest → include (s) | CPU (s) | × floor "
        "| µs per raw row | peak memory (MiB) | floor peak (MiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f, p = r["floor"], r["pipe"]
        lines.append(
            f"| {r['k']} | {p['rows_in']:,} | {f['seconds']:.2f} | {f.get('cpu_seconds', 0):.2f} "
            f"| {p['read_seconds']:.2f} | {p['clean_seconds']:.2f} | {p['fuzzy_seconds']:.2f} "
            f"| {p['include_seconds']:.2f} | {p['seconds']:.2f} | {p.get('cpu_seconds', 0):.2f} "
            f"| {p['seconds'] / f['seconds']:.1f} | {per_row(r):.2f} | {p['peak_mb']:.0f} "
            f"| {f['peak_mb']:.0f} |"
        )
    before = [r for r in rows if r.get("before")]
    if before:
        lines += [
            "",
            f"Before (the code in `{before[0]['before']}`, same data, same floor, same rounds):",
            "",
            "| K | ingest alone (s) | clean (s) | of which fuzzy names (s) | include (s) "
            "| ingest → include (s) | × floor | µs per raw row | peak memory (MiB) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in before:
            b = r["before_pipe"]
            lines.append(
                f"| {r['k']} | {b['read_seconds']:.2f} | {b['clean_seconds']:.2f} | "
                f"{b['fuzzy_seconds']:.2f} | {b['include_seconds']:.2f} | {b['seconds']:.2f} | "
                f"{b['seconds'] / r['floor']['seconds']:.1f} | "
                f"{b['seconds'] / b['rows_in'] * 1e6:.2f} | {b['peak_mb']:.0f} |"
            )
    by_k = {r["k"]: r for r in rows}
    pairs = [(a, b) for a, b in ((1, 10), (10, 100)) if a in by_k and b in by_k]
    lines += [
        "",
        "| from → to | µs per extra raw row (ingest → include, wall) | (CPU) |",
        "|---|---|---|",
    ]
    for a, b in pairs:
        lines.append(
            f"| K = {a} → {b} | {marginal(by_k[a], by_k[b]):.2f} "
            f"| {marginal(by_k[a], by_k[b], 'cpu_seconds'):.2f} |"
        )
    lines += ["", "| target (K = 100) | measured | met |", "|---|---|---|"]
    big = by_k.get(100)
    if big:
        ratio = big["pipe"]["seconds"] / big["floor"]["seconds"]
        lines.append(
            f"| ingest → include ≤ {FLOOR_TARGET:g} × the floor | {ratio:.1f} × "
            f"({big['pipe']['seconds']:.2f} s / {big['floor']['seconds']:.2f} s) | "
            f"{yes(ratio <= FLOOR_TARGET)} |"
        )
        mem = big["pipe"]["peak_mb"]
        lines.append(f"| peak memory ≤ 1 GiB | {mem:.0f} MiB | {yes(mem <= MEMORY_TARGET_MB)} |")
    if len(pairs) == 2:
        for key, what in (("seconds", "wall"), ("cpu_seconds", "CPU")):
            early, late = (marginal(by_k[a], by_k[b], key) for a, b in pairs)
            lines.append(
                f"| µs per extra row K = 10 → 100 ≤ {FLAT_TARGET:g} × K = 1 → 10 (flat; {what}) | "
                f"{late:.2f} against {early:.2f} µs ({late / early:.2f} ×) | "
                f"{yes(late <= FLAT_TARGET * early)} |"
            )
    if not big or len(pairs) < 2:
        lines.append(f"| K = 100 targets | not measured in this run (`{COMMAND}`) | — |")
    if big and 10 in by_k:
        p, q = big["pipe"], by_k[10]["pipe"]
        lines += [
            "",
            f"Fuzzy name scoring: {q['fuzzy_seconds']:.2f} s at K = 10 and "
            f"{p['fuzzy_seconds']:.2f} s at K = 100 "
            f"({p['fuzzy_seconds'] / max(q['fuzzy_seconds'], 1e-9):.1f} × for 10 × the names "
            "and the register; see `clean/fuzzy_index.py`).",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the generated sets here")
    parser.add_argument("--no-write", action="store_true", help="print, leave results.md")
    parser.add_argument(
        "--before", type=Path, default=None, help="a checkout of the code to compare with"
    )
    parser.add_argument(
        "--from-log", type=Path, default=None, help="write the section from a run's stderr"
    )
    args = parser.parse_args()
    if args.from_log is not None:  # the JSON lines a run printed, one per K
        lines = args.from_log.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.startswith("{")]
        body = section(rows, args.repeat)
        if not args.no_write:
            write_section("ingest", body)
        print(body)
        return
    rows = []
    work = args.work or Path(tempfile.mkdtemp(prefix="lms_ingest_"))
    before = load()
    try:
        for k in args.k:
            raw = work / f"raw_{k}"
            generate(raw, k)
            floors, pipes, olds = [], [], []
            for _ in range(args.repeat):  # floor and pipeline in turn, under the same load
                floors.append(measure(FLOOR, str(raw)))
                pipes.append(measure(PIPELINE, str(raw), str(work / f"out_{k}")))
                if args.before is not None:
                    olds.append(
                        measure(
                            PIPELINE, str(raw), str(work / f"before_{k}"), src=args.before / "src"
                        )
                    )
            rows.append({"k": k, "floor": best(floors), "pipe": best(pipes), "load": load()})
            if olds:
                rows[-1] |= {"before": str(args.before), "before_pipe": best(olds)}
            print(json.dumps(rows[-1]), file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    rows[0]["load_before"] = before
    body = section(rows, args.repeat)
    if not args.no_write:
        write_section("ingest", body)
    print(body)


if __name__ == "__main__":
    main()
