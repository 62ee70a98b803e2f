"""The whole run at the true scale: `lmsanalyse run` on K × the units, K = 1, 10, 100.

    .venv/bin/python bench/scale.py                       # writes the "scale" section
    .venv/bin/python bench/scale.py --k 1 10 --no-write   # a quick look
    .venv/bin/python bench/scale.py --work /tmp/skala     # keep (and reuse) the generated sets

For each K, `lmsanalyse synth --scale K` writes the survey over a K-fold synthetic register
(K × 442 units; ≈ 1 M call rows at K = 100; see `lmsanalyse.tools.synth.scale`), and the whole
workflow runs on it with the config the generator writes, default definition only
(`lmsanalyse run --config <set>/config.yaml --definisjon nklmh_2015`): clean, include,
reconcile, report HTML + PDF, the appendix PDF with the long tables, the workbook, the figure
files, the data package and the personal-data guard. Measured by `/usr/bin/time -v` (where
it is installed; otherwise by the wrapper's `getrusage(RUSAGE_CHILDREN)`): the wall time of
the run, its CPU time (user + system, every process) and the peak memory of its largest
process; the load average before and after each run is written beside it, as other jobs may
share the machine. Ingest → include against DuckDB's read is measured by `bench/ingest.py`.

Targets (issue 22): the whole run at K = 100, report and guard included, in at most 5 minutes
and 2 GiB (the largest process).
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

WRAPPER = r"""
import json, os, re, resource, shutil, signal, subprocess, sys, tempfile, time
timeout, command = float(sys.argv[1]), sys.argv[2:]
report = None
if shutil.which("time") or os.path.exists("/usr/bin/time"):
    report = tempfile.NamedTemporaryFile(suffix=".time", delete=False).name
    command = ["/usr/bin/time", "-v", "-o", report, *command]
load_before = os.getloadavg()
t = time.perf_counter()
child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
try:
    out, err = child.communicate(timeout=timeout)
    code = child.returncode
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)  # the workflow and its child processes
    out, err = child.communicate()
    code = f"stopped after {timeout:.0f} s"
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
result = {"seconds": time.perf_counter() - t, "exit": code,
          "tail": out.splitlines()[-3:] + err.splitlines()[-3:],
          "max_rss_mb": usage.ru_maxrss / 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime,
          "load_before": load_before, "load_after": os.getloadavg(), "measured_by": "getrusage"}
if report and os.path.exists(report):
    text = open(report, encoding="utf-8").read()
    found = dict(re.findall(r"^\s*([^:]+?): (.*)$", text, re.M))
    if "Maximum resident set size (kbytes)" in found:
        result["max_rss_mb"] = int(found["Maximum resident set size (kbytes)"]) / 1024
        result["cpu_seconds"] = (float(found["User time (seconds)"])
                                 + float(found["System time (seconds)"]))
        result["measured_by"] = "/usr/bin/time -v"
    os.unlink(report)
print(json.dumps(result))
"""


def generate(raw: Path, k: int) -> float:
    """``synth --scale k`` into ``raw`` (kept when already there); returns its seconds."""
    if (raw / "ringerunde_logg.csv").exists():
        return float("nan")
    t = time.perf_counter()
    subprocess.run([PY, "-m", "lmsanalyse.cli", "synth", "--scale", str(k), "--out", str(raw)],
                   check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - t


def whole_run(raw: Path, out: Path, timeout: float) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    # K = 1 is the bundled survey over the real register: no config of its own.
    config = raw / "config.yaml"
    data = ["--config", str(config)] if config.exists() else ["--raw-dir", str(raw)]
    command = [PY, "-m", "lmsanalyse.cli", "run", *data, "--out", str(out),
               "--definisjon", "nklmh_2015"]  # fmt: skip
    done = subprocess.run([PY, "-c", WRAPPER, str(timeout), *command], capture_output=True,
                          text=True, cwd=REPO)  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    reports = out / "reports"
    result["pdf_mb"] = {
        p.name: round(p.stat().st_size / 1e6, 1) for p in sorted(reports.glob("*.pdf"))
    }
    figures = out / "data" / "processed" / "figures.csv"
    result["units"] = next(
        (line.split(",")[1] for line in figures.read_text("utf-8").splitlines()
         if line.startswith("enheter_spurt,")), "–",
    ) if figures.exists() else "–"  # fmt: skip
    return result


TIME_TARGET_S = 300
MEMORY_TARGET_MB = 2048


def loads(values) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def table(rows: list[dict]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on this machine (2 cores, 24 GiB); one run "
        "per K.",
        "Command: `.venv/bin/python bench/scale.py` (data: `lmsanalyse synth --scale K`, "
        "generated by the script); each row is "
        "`lmsanalyse run --config <set>/config.yaml --out <out> --definisjon nklmh_2015` "
        "(K = 1: `--raw-dir <set>`, the real register), under `/usr/bin/time -v`.",
        "",
        "| K | units asked | whole run (s) | CPU, user + system (s) | peak memory, largest "
        "process (MiB) | load average before → after | exit | PDFs (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        run = r["run"]
        pdfs = ", ".join(f"{n} {mb}" for n, mb in run["pdf_mb"].items()) or "–"
        load = (
            f"{loads(run['load_before'])} → {loads(run['load_after'])}"
            if "load_before" in run
            else "–"
        )
        lines.append(f"| {r['k']} | {run['units']} | {run['seconds']:.1f} | "
                     f"{run.get('cpu_seconds', float('nan')):.1f} | {run['max_rss_mb']:.0f} | "
                     f"{load} | {run['exit']} | {pdfs} |")  # fmt: skip
        if run["exit"] != 0:
            lines.append(f"| | last lines: {' / '.join(run['tail'])} | | | | | | |")
    big = next((r for r in rows if r["k"] == 100), None)
    if big is not None:
        run = big["run"]
        done = run["exit"] == 0
        lines += [
            "",
            "| target (K = 100, report and guard included) | measured | met |",
            "|---|---|---|",
            f"| the whole run ≤ {TIME_TARGET_S} s | exit {run['exit']} after "
            f"{run['seconds']:.0f} s | {'ja' if done and run['seconds'] <= TIME_TARGET_S else 'nei'} |",
            f"| peak memory ≤ {MEMORY_TARGET_MB} MiB (largest process) | "
            f"{run['max_rss_mb']:.0f} MiB | "
            f"{'ja' if done and run['max_rss_mb'] <= MEMORY_TARGET_MB else 'nei'} |",
        ]
        if "load_before" in run and max(run["load_before"][0], run["load_after"][0]) > 2.5:
            lines += [
                "",
                f"The machine was loaded by other jobs during the K = 100 run (1-minute load "
                f"{run['load_before'][0]:.1f} before, {run['load_after'][0]:.1f} after, on 2 "
                f"cores): the run got {run.get('cpu_seconds', 0):.0f} s of CPU in "
                f"{run['seconds']:.0f} s.",
            ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--work", type=Path, default=None, help="keep the generated sets here")
    parser.add_argument("--no-write", action="store_true", help="print, leave results.md")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per run")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lms_scale_"))
    rows = []
    try:
        for k in args.k:
            raw = work / f"raw_{k}"
            synth = generate(raw, k)
            rows.append(
                {"k": k, "synth": synth, "run": whole_run(raw, work / f"out_{k}", args.timeout)}
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    body = "## The whole run at K × the units\n\n" + table(rows)
    if not args.no_write:
        write_section("scale", body)
    print(body)


if __name__ == "__main__":
    main()
