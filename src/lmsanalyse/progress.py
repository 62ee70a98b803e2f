"""What ``lmsanalyse run`` shows while the workflow runs: one Norwegian line per stage instead
of Snakemake's log, and, when a run fails, a short summary of the real cause.

:class:`Progress` is a logging handler on Snakemake's logger: it reads Snakemake's events
(a job starts, a job fails, the run's error) and writes one line per job. A stage function
that fails records its exception (:data:`lmsanalyse.runlog.FAILURES`); :meth:`Progress.failure`
turns that into the last lines of a failed run, naming the stage, the cause and its log.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

# Each rule's step in words.
STAGES = {
    "clean": "Leser og renser rådata",
    "include": "Bruker inklusjonsdefinisjonen",
    "reconcile": "Avstemmer mot de publiserte tallene",
    "publish_main": "Publiserer hoveddefinisjonens tabeller",
    "sensitivity": "Sammenligner definisjonene",
    "provenance": "Skriver proveniens",
    "datapackage": "Beskriver datafilene (datapakke)",
    "report": "Lager rapporten (HTML og PDF)",
    "report_appendix": "Lager vedlegget til PDF-utgaven (de lange tabellene)",
    "sensitivity_report": "Lager sensitivitetsrapporten (HTML og PDF)",
    "personal_data_guard": "Sjekker at ingen personopplysninger er skrevet ut",
}
# Snakemake's errors that are not a stage's own, in Norwegian.
SNAKEMAKE_ERRORS = {
    "MissingInputException": "mangler inndatafiler",
    "IncompleteFilesException": "filer fra en avbrutt kjøring er ufullstendige (kjør med --forceall)",
    "LockException": "mappen er låst av en annen kjøring (eller en avbrutt kjøring)",
    "MissingOutputException": "et steg skrev ikke alle filene det skulle",
}


def stage_text(rule: str, wildcards: dict | None = None) -> str:
    """``include`` with ``{'definition': 'nklmh_2015'}`` → ``Bruker … (nklmh_2015)``."""
    text = STAGES.get(rule, rule)
    detail = ", ".join(str(v) for v in (wildcards or {}).values())
    return f"{text} ({detail})" if detail else text


class Progress(logging.Handler):
    """One line per job on ``stream``; collects failed jobs and Snakemake's error messages.

    Args:
        stream: where the lines go (stderr by default, so that stdout stays for data).
        dryrun: a dry run: the lines say what would run.
    """

    def __init__(self, stream: TextIO | None = None, dryrun: bool = False):
        super().__init__(logging.INFO)
        self.stream = stream or sys.stderr
        self.dryrun = dryrun
        self.started = 0
        self.done = 0
        self.total: int | None = None
        self.failed: list[dict] = []
        self.errors: list[tuple[str, str]] = []
        self.nothing_to_do = False

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def emit(self, record: logging.LogRecord) -> None:
        event = str(getattr(record, "event", "") or "")
        if event == "job_info":
            if record.rule_name == "all":  # the target rule: nothing to show
                return
            self.started += 1
            text = stage_text(record.rule_name, getattr(record, "wildcards", None))
            self._write(f"  {'vil kjøre' if self.dryrun else 'kjører'}: {text}")
        elif event == "progress":
            self.done, self.total = int(record.done), int(record.total)
        elif event == "job_error":
            self.failed.append(
                {
                    "regel": record.rule_name,
                    "steg": stage_text(record.rule_name),
                    "logg": list(getattr(record, "log", None) or []),
                }
            )
        elif event == "error":
            self.errors.append((str(getattr(record, "exception", "")), record.getMessage()))
        elif "Nothing to be done" in str(record.msg or ""):
            self.nothing_to_do = True

    # -- the last lines ------------------------------------------------------------------

    def finished(self, report: Path | None) -> list[str]:
        """The last lines of a run that succeeded: what ran, and where the report is."""
        if self.dryrun:
            return [f"Tørrkjøring: {self.started} steg ville blitt kjørt; ingenting er skrevet."]
        lines = (
            ["Alt var allerede oppdatert; ingen steg trengte å kjøre."]
            if self.nothing_to_do or not self.started
            else [f"Ferdig: {self.started} steg kjørt."]
        )
        if report is not None:
            lines.append(f"Rapporten: {report} (og {report.with_suffix('.pdf').name})")
        return lines

    def failure(self, failures: list[tuple[str, BaseException]]) -> list[str]:
        """The last lines of a failed run: the stage, the real cause, and where to read more.

        Args:
            failures: (log file, exception) of every stage function that raised
                (:data:`lmsanalyse.runlog.FAILURES`).
        """
        lines = []
        for job in self.failed or [{"regel": None, "steg": None, "logg": []}]:
            if job["steg"]:
                lines.append(f"Kjøringen stoppet: steget «{job['steg']}» ({job['regel']}) feilet.")
            own = [exc for log, exc in failures if not job["logg"] or str(log) in job["logg"]]
            if own:
                lines += _cause(own[0])
            elif self.errors:
                lines += _snakemake_cause(*self.errors[-1])
            if job["logg"]:
                lines.append(f"Logg: {', '.join(job['logg'])}")
        if not self.failed and not failures and not self.errors:
            lines.append("Kjøringen stoppet uten en feilmelding fra stegene.")
        lines.append("Kjør med --verbose for hele Snakemake-loggen.")
        return lines


def _cause(exc: BaseException) -> list[str]:
    from .config import ConfigError
    from .problems import InputError

    if isinstance(exc, InputError):
        head = "Feil i inndata:"
    elif isinstance(exc, ConfigError):
        head = "Feil i konfigurasjonen:"
    else:
        head = f"Årsak ({type(exc).__name__}):"
    # Each problem on its own line, as validate writes it.
    text = str(exc).strip().splitlines() or [type(exc).__name__]
    return [head, *text[:20]] + ([f"… og {len(text) - 20} linjer til"] if len(text) > 20 else [])


def _snakemake_cause(kind: str, message: str) -> list[str]:
    what = SNAKEMAKE_ERRORS.get(kind)
    detail = [line.strip() for line in message.splitlines() if line.strip()]
    if what:
        files = [d for d in detail[1:] if "/" in d or "." in d][:5]
        return [f"Årsak: {what}.", *(f"  {f}" for f in files)]
    return [f"Årsak (Snakemake): {detail[0] if detail else kind}"]


def input_notes(layout) -> list[str]:
    """The last lines of a run about its input: what was quarantined, which names were read
    by similarity, what is missing, blank or contradictory, each with the file to see.

    Args:
        layout: the run's :class:`lmsanalyse.layout.RunLayout`.
    """
    import csv

    def rows(path: Path) -> list[dict]:
        if not path.exists():
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def shown(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    lines = []
    quarantine = layout.clean("quarantine")
    entries = rows(quarantine)
    left_out = sum(e["kode"] == "utelatt" for e in entries)
    not_data = sum(e["kode"] == "ikke_data" for e in entries)
    whole = sum(e["niva"] == "rad" for e in entries) - left_out - not_data
    values = sum(e["niva"] == "verdi" for e in entries)
    parts = [
        count(whole, "rad", "rader") + " i karantene" if whole else "",
        count(values, "verdi", "verdier") + " i karantene" if values else "",
        count(not_data, "rad som ikke er data", "rader som ikke er data") if not_data else "",
        count(left_out, "rad utelatt med vilje", "rader utelatt med vilje") if left_out else "",
    ]
    if any(parts):
        lines.append(f"Rådata: {', '.join(p for p in parts if p)}; se {shown(quarantine)}.")
    names = layout.clean("navnetolkning")
    similar = sum(r["metode"] == "fuzzy" for r in rows(names))
    if similar:
        lines.append(
            f"{count(similar, 'navn', 'navn')} tolket etter likhet; se {shown(names)} og vedlegg C "
            "i rapporten."
        )
    for name, one, many in (
        ("manglende_kolonner", "kolonne eksporten ikke har", "kolonner eksportene ikke har"),
        ("advarsler", "kolonne tom oftere enn grensen", "kolonner tomme oftere enn grensen"),
    ):
        found = rows(layout.clean(name))
        if found:
            lines.append(f"{count(len(found), one, many)}; se {shown(layout.clean(name))}.")
    contradictions = layout.published("konsistens.csv")
    found = rows(contradictions)
    if found:
        lines.append(
            f"{count(len(found), 'motsigelse', 'motsigelser')}; se {shown(contradictions)}."
        )
    return lines
