"""A report document rendered in a process of its own (``python -m lmsanalyse.report``).

Snakemake runs the rules' ``run:`` blocks as threads of one process, and WeasyPrint holds
the GIL: two documents rendered in threads take turns on one core. The appendix document
and the sensitivity report are therefore rendered by a child process, which the rule's
thread waits for without holding the GIL, so they use the second core while the main report
renders. The child writes the rule's log file; a failure here names the log and the cause.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from ..runlog import FAILURES


class DocumentError(RuntimeError):
    """The child process that renders a document failed."""


def run_document(args: list[str], log: str | Path | None = None) -> None:
    """``python -m lmsanalyse.report ARGS`` (with ``--log``); raises :class:`DocumentError`."""
    command = [sys.executable, "-m", "lmsanalyse.report", *args]
    if log is not None:
        command += ["--log", str(log)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        cause = lines[-1] if lines else f"avsluttet med kode {done.returncode}"
        where = f" (se {log})" if log is not None else ""
        exc = DocumentError(f"{args[0]}: {cause}{where}")
        if log is not None:
            FAILURES.append((str(log), exc))
        raise exc


def appendix_in_process(
    inputs: dict[str, Path], pdf_path: Path, log: str | Path | None = None
) -> None:
    """:func:`.render.render_appendix` in a child process."""
    named = [f"{name}={path}" for name, path in inputs.items()]
    run_document(["vedlegg", "--pdf", str(pdf_path), *named], log)


def sensitivity_in_process(
    summary_csv: Path,
    changes_csv: Path,
    provenance_json: Path,
    definitions: Iterable[Path],
    html_path: Path,
    pdf_path: Path,
    log: str | Path | None = None,
) -> None:
    """:func:`.render.render_sensitivity` in a child process."""
    args = ["sensitivitet", "--html", str(html_path), "--pdf", str(pdf_path)]
    args += ["--summary", str(summary_csv), "--changes", str(changes_csv)]
    args += ["--provenance", str(provenance_json), *map(str, definitions)]
    run_document(args, log)
