"""Fast-run benchmark: the cold full run (one and every definition), the no-op re-run and
`explain` against their floors, measured as ratios within one run.

    .venv/bin/python bench/fast_runs.py                 # updates "fast-runs" in bench/results.md
    .venv/bin/python bench/fast_runs.py --before 8450823  # also the same runs of an older commit

Targets (issue 6, issue 14.1):
- cold full run (every stage, default definition `nklmh_2015`, HTML + PDF + appendix PDF,
  sensitivity report, personal-data guard) ≤ 3 × the floor;
- cold full run with every definition in `config/config.yaml` and the sensitivity report
  ≤ 4 × the floor;
- no-op re-run ≤ 1,2 × `snakemake -n`;
- `lmsanalyse explain` ≤ 3 × `python -c "import duckdb"`;
- a variant definition edited, then the rerun (every definition) ≤ 1,5 × the floor, and a
  manual decision added or removed, then the rerun (default definition) ≤ 3 × (issue 22).

The floor is one process that imports pandas, duckdb, matplotlib.pyplot and the PDF engine
(typst; weasyprint until issue 22, which named it in the floor) and runs `snakemake -n` on a finished run of the same configuration (`FLOOR_CODE`). The machine is
shared (another job may run), so every subject is measured **paired** with its floor: each
round runs floor, subject, floor, subject … in turn, each a fresh process, and the ratio is
the median of the rounds' ratios (the medians of the times are shown beside it). The load
average before and after is in the results. `--before REV` runs the same cold runs from the
tree of an older commit (`git archive REV`, imported first on `PYTHONPATH`) in the same
rounds, for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from results_md import write_section

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PY = sys.executable
MAIN_ONLY = 'definitions=["nklmh_2015"]'
EPOCH = {"SOURCE_DATE_EPOCH": "1432000000"}
# The edits of the loop (issue 22): a variant definition, and a manual decision (Narvik's
# service included, as the decision file's own example).
VARIANT_FILE = "config/definitions/delvis_teller.yaml"
MANUAL_FILE = "config/manuelle_beslutninger.csv"
MANUAL_DECISION = '1805,inkluder,"Bekreftet skriftlig (benchmark)",ABC,01.02.2015\n'

FLOOR_CODE = (
    "import pandas, duckdb, matplotlib.pyplot, typst, sys\n"
    "from snakemake.cli import main\n"
    "sys.argv = ['snakemake', '-n', '--config', {config}]\n"
    "main()\n"
)

# The report's parts, timed in a fresh process on a finished run (seconds).
PARTS_CODE = """
import json, sys, time
from pathlib import Path
t = time.perf_counter()
import pandas, duckdb, matplotlib.pyplot, typst
from lmsanalyse.layout import RunLayout
from lmsanalyse.report import render
from lmsanalyse.report.context import build_appendix_context, build_context
out = {"imports": time.perf_counter() - t}
run, tmp = RunLayout(Path(sys.argv[1])), Path(sys.argv[2])
kart = Path(sys.argv[3])
inputs = run.report_inputs("nklmh_2015", kart)
t = time.perf_counter()
ctx = build_context(inputs)
out["context, charts SVG"] = time.perf_counter() - t
stamp = ctx["kjoretidspunkt"]
t = time.perf_counter()
html = render.render_html(ctx)
pdf_html = render.render_html(ctx | {"utgave": "pdf"})
out["HTML (both editions)"] = time.perf_counter() - t
t = time.perf_counter()
render.write_pdf(pdf_html, tmp / "main.pdf", stamp)
out["main PDF (PDF edition)"] = time.perf_counter() - t
t = time.perf_counter()
actx = build_appendix_context(run.appendix_inputs("nklmh_2015"))
render.write_pdf(render.render_html(actx, render.VEDLEGG_TEMPLATE), tmp / "v.pdf", stamp)
out["appendix PDF (context + PDF)"] = time.perf_counter() - t
t = time.perf_counter()
render.write_pdf(html, tmp / "old.pdf", stamp)
out["the old single PDF (both long tables in it)"] = time.perf_counter() - t
print(json.dumps(out))
"""


def timed(cmd: list[str], cwd: Path = REPO, env: dict | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, check=True, capture_output=True, env=os.environ | EPOCH | (env or {})
    )
    return time.perf_counter() - t


def median(values) -> float:
    return statistics.median(list(values))


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def extract(rev: str, into: Path) -> Path:
    """The tree of commit ``rev`` in ``into`` (git archive; no worktree)."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=REPO, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


class Subject:
    """A cold run of one configuration from one source tree, and its floor."""

    def __init__(self, name: str, tree: Path, out: Path, definitions: str | None) -> None:
        self.name, self.tree, self.out = name, tree, out
        self.config = [f"out_dir={out}"] + ([definitions] if definitions else [])
        self.env = {} if tree == REPO else {"PYTHONPATH": str(tree / "src")}
        self.times: list[float] = []
        self.floors: list[float] = []

    def command(self) -> list[str]:
        return [PY, "-m", "snakemake", "--config", *self.config]

    def floor_command(self) -> list[str]:
        return [PY, "-c", FLOOR_CODE.format(config=", ".join(map(repr, self.config)))]

    def cold(self) -> float:
        shutil.rmtree(self.out, ignore_errors=True)
        return timed(self.command(), cwd=self.tree, env=self.env)

    def floor(self) -> float:
        # On the finished run of the same configuration (nothing to do), as the floor's
        # definition says; the first round's warm-up run made it.
        return timed(self.floor_command(), cwd=self.tree, env=self.env)

    def ratios(self) -> list[float]:
        return [t / f for t, f in zip(self.times, self.floors, strict=True)]


class Edit(Subject):
    """An edit of one configuration file, then the rerun, in a copy of the working tree (the
    repository's config is never touched): each round switches ``path`` between its original
    text and the original with ``extra`` appended. The floor is taken on the finished run."""

    def __init__(self, name, tree, out, definitions, path: str, extra: str) -> None:
        super().__init__(name, tree, out, definitions)
        self.env = {}
        self.path, self.extra = tree / path, extra
        self.original = self.path.read_text(encoding="utf-8")
        self.edits = 0

    def rerun(self) -> float:
        self.edits += 1
        changed = self.original + self.extra if self.edits % 2 else self.original
        self.path.write_text(changed, encoding="utf-8")
        return timed(self.command(), cwd=self.tree, env=self.env)


def working_tree_copy(into: Path) -> Path:
    """The repository's tracked files as they are now (uncommitted changes included)."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split("\0")
    for name in filter(None, files):
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target)
    return into


def shell_words(cmd: list[str]) -> str:
    import shlex

    shown = [Path(c).name if c == PY else c for c in cmd]
    return " ".join(shlex.quote(c) for c in shown)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="rounds (paired runs)")
    parser.add_argument("--before", help="also measure the cold runs of this older commit")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    load_before = load()
    try:
        subjects = [
            Subject("main", REPO, tmp / "main", MAIN_ONLY),
            Subject("all", REPO, tmp / "all", None),
        ]
        if args.before:
            old = extract(args.before, tmp / "before-tree")
            subjects += [
                Subject("before main", old, tmp / "before-main", MAIN_ONLY),
                Subject("before all", old, tmp / "before-all", None),
            ]
        # Each edit in its own copy: one's edit must not make the other's rerun longer.
        edits = [
            Edit(
                "variant",
                working_tree_copy(tmp / "variant-tree"),
                tmp / "variant",
                None,
                VARIANT_FILE,
                "# endret\n",
            ),
            Edit(
                "manual",
                working_tree_copy(tmp / "manual-tree"),
                tmp / "manual",
                MAIN_ONLY,
                MANUAL_FILE,
                MANUAL_DECISION,
            ),
        ]
        for s in subjects + edits:  # warm-up: caches, and the finished run the floor reads
            s.cold()
        round_loads = []
        for _ in range(args.repeat):
            round_loads.append(os.getloadavg()[0])
            for s in subjects:
                s.floors.append(s.floor())
                s.times.append(s.cold())
            for e in edits:
                e.floors.append(e.floor())
                e.times.append(e.rerun())

        out = subjects[0].out
        noop_cmd = subjects[0].command()
        dry_cmd = [PY, "-m", "snakemake", "-n", "--config", *subjects[0].config]
        noop, dry = [], []
        for _ in range(args.repeat):
            dry.append(timed(dry_cmd))
            noop.append(timed(noop_cmd))
        explain = [str(BIN / "lmsanalyse"), "explain", "Narvik", "--out", str(out)]
        duck = [PY, "-c", "import duckdb"]
        t_explain, t_duck = [], []
        for _ in range(args.repeat * 2):
            t_duck.append(timed(duck))
            t_explain.append(timed(explain))
        kart = REPO / "data" / "reference" / "kommunekart_2017.geojson"
        parts = json.loads(
            subprocess.run(
                [PY, "-c", PARTS_CODE, str(out), str(tmp), str(kart)],
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
                env=os.environ | EPOCH,
            ).stdout
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = load()

    def row(what, times, against, refs, ratios, target, why=""):
        ratio = median(ratios)
        met = "ja" if ratio <= target else f"nei{': ' + why if why else ''}"
        return (
            f"| {what} | {median(times):.2f} | {against} | {median(refs):.2f} | "
            f"{ratio:.2f} | ≤ {target} | {met} |"
        )

    main_s, all_s = subjects[0], subjects[1]
    # Why a cold-run target is missed: the report rule's own work, on the critical path.
    work = sum(v for k, v in parts.items() if k.startswith(("context", "HTML", "main PDF")))
    why = (
        f"the report rule's own work (charts + PNG, HTML, main PDF) is {work:.1f} s in one "
        f"process, {work / median(main_s.floors):.1f} × the floor, after clean → include and "
        "before the guard; see bench/README.md"
    )
    n_defs = "every definition in `config/config.yaml`"
    lines = [
        "## Fast runs",
        "",
        f"`.venv/bin/python bench/fast_runs.py{' --before ' + args.before if args.before else ''}`"
        f" — {time.strftime('%Y-%m-%d %H:%M')}, {args.repeat} rounds, each a fresh process per run.",
        "Each subject is paired with its floor (floor, run, floor, run … in turn); the ratio is "
        "the median of the rounds' ratios, the seconds are medians.",
        f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after}; 1-min load at "
        f"the start of each round: {', '.join(f'{x:.1f}' for x in round_loads)} — the machine "
        "was shared with another job, so single times vary; the ratios are paired.",
        "",
        "| measured | seconds | against | seconds | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
        row(
            "cold full run, `nklmh_2015` (clean → include → reconcile → report HTML + PDF + "
            "appendix PDF → sensitivity report → guard)",
            main_s.times,
            "floor",
            main_s.floors,
            main_s.ratios(),
            3.0,
            why,
        ),
        row(
            f"cold full run, {n_defs} + sensitivity report",
            all_s.times,
            "floor (same config)",
            all_s.floors,
            all_s.ratios(),
            4.0,
            why,
        ),
        row(
            f"`{VARIANT_FILE}` edited, then the rerun ({n_defs})",
            edits[0].times,
            "floor (same config)",
            edits[0].floors,
            edits[0].ratios(),
            1.5,
        ),
        row(
            f"a manual decision added to / removed from `{MANUAL_FILE}`, then the rerun "
            "(`nklmh_2015`)",
            edits[1].times,
            "floor (same config)",
            edits[1].floors,
            edits[1].ratios(),
            3.0,
        ),
        row(
            "no-op re-run (`snakemake`, nothing to do)",
            noop,
            "`snakemake -n`",
            dry,
            [a / b for a, b in zip(noop, dry, strict=True)],
            1.2,
        ),
        row(
            "`lmsanalyse explain Narvik`",
            t_explain,
            '`python -c "import duckdb"`',
            t_duck,
            [a / b for a, b in zip(t_explain, t_duck, strict=True)],
            3.0,
        ),
    ]
    if args.before:
        lines += ["", f"Before (commit `{args.before}`, same rounds, same floor definition):", ""]
        lines += [
            "| measured | before: seconds | floor | ratio | after: seconds | ratio | "
            "after ÷ before, per round |",
            "|---|---|---|---|---|---|---|",
        ]
        for old, new in ((subjects[2], main_s), (subjects[3], all_s)):
            per_round = [a / b for a, b in zip(new.times, old.times, strict=True)]
            lines.append(
                f"| cold full run, {'`nklmh_2015`' if 'main' in old.name else n_defs} | "
                f"{median(old.times):.2f} | {median(old.floors):.2f} | {median(old.ratios()):.2f} | "
                f"{median(new.times):.2f} | {median(new.ratios()):.2f} | "
                f"{', '.join(f'{x:.2f}' for x in per_round)} |"
            )
    lines += [
        "",
        "The report's parts, in one fresh process on the finished run (seconds; the workflow "
        "renders them in the rules' threads, the appendix beside the main report):",
        "",
        "| part | seconds |",
        "|---|---|",
        *(f"| {k} | {v:.2f} |" for k, v in parts.items()),
        "",
        "Commands (each run a fresh process, `SOURCE_DATE_EPOCH=1432000000`, in the repository; "
        "`OUT` a fresh folder per cold run; the workflow profile `profiles/default` gives "
        "`--cores 2`, `force-use-threads` and the greedy scheduler, as `make report` / "
        "`lmsanalyse run --cores 2`):",
        "",
        f"- cold run, default definition: `{shell_words(main_s.command())}`",
        f"- cold run, every definition: `{shell_words(all_s.command())}`",
        "- floor (on the finished run of the same config; for every definition without the "
        f"`definitions` override): `python -c {json.dumps(FLOOR_CODE.format(config=repr('out_dir=OUT') + ', ' + repr(MAIN_ONLY)))}`",
        f"- no-op re-run: the cold run's command again; `snakemake -n`: `{shell_words(dry_cmd)}`",
        "- explain: `.venv/bin/lmsanalyse explain Narvik --out OUT`; floor "
        '`python -c "import duckdb"`',
    ]
    body = "\n".join(lines)
    for name in ("main", "all", "variant", "manual"):
        body = body.replace(str(tmp / name), "OUT")
    write_section("fast-runs", body)
    print(body)


if __name__ == "__main__":
    main()
