"""Command line: ``lmsanalyse synth | validate | map | run | explain | diff | sammenlign``, in
Norwegian (``synth`` in :mod:`lmsanalyse.cli_synth`, ``sammenlign`` in
:mod:`lmsanalyse.cli_sammenlign`, the options they share in :mod:`lmsanalyse.cli_options`).

``run`` drives the Snakemake workflow through its Python API (:mod:`lmsanalyse.workflow`), so
that the rules' ``run:`` blocks execute in this process. By default it shows one
line per stage (:mod:`lmsanalyse.progress`) instead of Snakemake's log (``--verbose``: the
whole log), ends with where the report is, and a failed run ends with the real cause.
argparse's own texts are in Norwegian too (:mod:`lmsanalyse.argparse_norsk`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import cli_sammenlign, cli_synth
from .argparse_norsk import NorskParser
from .cli_options import (
    config_option,
    decisions_option,
    decisions_override,
    raw_dir_option,
    register_option,
)
from .config import ConfigError, config_files, repository_root
from .problems import InputError
from .reference import ReferenceError
from .workflow import run_workflow

__all__ = ["build_parser", "main", "run_workflow"]

log = logging.getLogger("lmsanalyse")


def cmd_validate(args: argparse.Namespace) -> int:
    from .config import load_config
    from .validate import validate_all

    overrides = {"raw_dir": str(Path(args.raw_dir).resolve())} if args.raw_dir else {}
    overrides |= decisions_override(args.beslutninger)
    config = load_config(config_files(args.config, args.register), overrides)
    result = validate_all(config)
    for problem in result.problems:
        print(problem)
    for prefix, found in (
        ("motsigelse", result.contradictions),
        ("advarsel", result.warnings),
        ("merknad", result.notices),
    ):
        for item in found:
            print(f"{prefix}: {item}")
    where = args.raw_dir or config.values["raw_dir"]
    counts = [
        antall(len(found), *words)
        for found, words in (
            (result.contradictions, ("motsigelse", "motsigelser")),
            (result.warnings, ("advarsel", "advarsler")),
            (result.notices, ("navn tolket etter likhet", "navn tolket etter likhet")),
        )
        if found
    ]
    note = f" ({', '.join(counts)})" if counts else ""
    if result.problems:
        found = antall(len(result.problems), "problem", "problemer")
        print(f"{found} funnet i {where}{note}", file=sys.stderr)
        return 1
    print(f"Ingen problemer funnet i {where}{note}")
    return 0


def antall(n: int, one: str, many: str) -> str:
    """``1 advarsel``, ``2 advarsler``: the count with the word in the right number."""
    return f"{n} {one if n == 1 else many}"


def cmd_run(args: argparse.Namespace) -> int:
    from snakemake_interface_common.exceptions import WorkflowError

    from . import runlog
    from .config import load_config
    from .progress import Progress, input_notes

    progress = None if args.verbose else Progress(dryrun=args.dry_run)
    runlog.FAILURES.clear()
    files = config_files(args.config, args.register)
    try:
        run_workflow(
            args.raw_dir,
            args.out,
            args.cores,
            args.definitions,
            args.dry_run,
            args.forceall,
            extra_config=decisions_override(args.beslutninger),
            config_file=files,
            progress=progress,
        )
    except WorkflowError as exc:
        if progress is None:
            print(f"Kjøringen feilet: {exc}", file=sys.stderr)
        else:
            print("\n".join(progress.failure(runlog.FAILURES)), file=sys.stderr)
        return 1
    overrides = {"out_dir": str(Path(args.out).resolve())} if args.out else {}
    overrides |= decisions_override(args.beslutninger)
    layout = load_config(files, overrides).layout
    report = layout.report_html
    if progress is not None:
        print("\n".join(progress.finished(report if report.exists() else None)), file=sys.stderr)
    elif report.exists() and not args.dry_run:
        print(f"Rapporten: {report}", file=sys.stderr)
    if not args.dry_run:
        print("\n".join(input_notes(layout)), file=sys.stderr)
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .config import IMPORT_MAP_SUFFIX, UNCONFIRMED, load_config
    from .tools.draftmap import DraftError, draft_maps

    config = load_config(args.config, {"raw_dir": str(Path(args.raw_dir).resolve())})
    try:
        drafts = draft_maps(config.raw_dir, args.source, config.path("header_aliases"))
    except DraftError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 1
    for draft in drafts:
        n = draft.text.count(f"# {UNCONFIRMED}")
        summary = (
            f"{draft.source}: {len(draft.kolonner)} kolonner, "
            f"{sum(map(len, draft.verdier.values()))} verdier og "
            f"{sum(map(len, draft.lister.values()))} listeelementer foreslått; "
            f"{n} ubekreftede forslag"
            + (f"; ingen variabel for {', '.join(draft.missing)}" if draft.missing else "")
        )
        if args.stdout:
            print(draft.text)
            print(summary, file=sys.stderr)
            continue
        target = config.raw_dir / f"{draft.source}{IMPORT_MAP_SUFFIX}"
        target.write_text(draft.text, encoding="utf-8")
        print(f"Skrev {target}: {summary}.")
    if not args.stdout:
        print(
            f"Sjekk hvert forslag og fjern merket {UNCONFIRMED}; "
            "lmsanalyse validate sier hvilke som gjenstår."
        )
    return 0


def _run_folder(out: str | None) -> Path:
    return Path(out) if out else repository_root()


def cmd_explain(args: argparse.Namespace) -> int:
    # Only DuckDB is imported here, so that the answer comes in well under a second.
    from .tools.explain import Explainer, ExplainError, render_text

    try:
        result = Explainer(_run_folder(args.out), args.definisjon).explain(args.id)
    except ExplainError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 1
    if args.json:
        import json

        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_text(result))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .tools.diff import RunNotFound, diff_runs
    from .tools.diff_text import render_text

    try:
        result = diff_runs(Path(args.run_a), Path(args.run_b), args.definisjon)
    except RunNotFound as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    if args.json:
        import dataclasses
        import json

        print(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
    else:
        print(render_text(result, args.run_a, args.run_b))
    return 0


EXAMPLES = {
    "synth": cli_synth.EXAMPLES,
    "validate": """Eksempler:
  lmsanalyse validate
  lmsanalyse validate --raw-dir /sti/til/eksporter
  lmsanalyse validate --raw-dir /sti/til/bolge_2025 --register 2024
  lmsanalyse validate --beslutninger /sti/til/beslutninger.csv""",
    "map": """Eksempler:
  lmsanalyse map --raw-dir /sti/til/eksporter
  lmsanalyse map --raw-dir /sti/til/eksporter --source radmann_skjema --stdout""",
    "run": """Eksempler:
  lmsanalyse run
  lmsanalyse run --raw-dir /sti/til/eksporter --out /tmp/kjoring
  lmsanalyse run --raw-dir /sti/til/bolge_2025 --out /tmp/bolge_2025 --register 2024
  lmsanalyse run --definisjon nklmh_2015 delvis_teller --cores 4
  lmsanalyse run --beslutninger /sti/til/beslutninger.csv --out /tmp/med_beslutninger
  lmsanalyse --verbose run -n""",
    "explain": """Eksempler:
  lmsanalyse explain Narvik
  lmsanalyse explain 0517 --definisjon delvis_teller
  lmsanalyse explain "Bydel Alna"
  lmsanalyse explain T012 --json --out /tmp/kjoring""",
    "diff": """Eksempler:
  lmsanalyse diff /tmp/kjoring_a /tmp/kjoring_b
  lmsanalyse diff . /tmp/med_beslutning --definisjon nklmh_2015
  lmsanalyse diff /tmp/a /tmp/b --json""",
    "sammenlign": cli_sammenlign.EXAMPLES,
}


def build_parser() -> argparse.ArgumentParser:
    parser = NorskParser(
        prog="lmsanalyse",
        description="Gjenskaper NK LMHs kartlegging av kommunale lærings- og mestringstjenester "
        "2014/2015 fra rådataene.",
        epilog="Hjelp for en kommando: lmsanalyse KOMMANDO --help",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="vis hele loggen på stderr (for run: Snakemakes logg i stedet for én linje per steg)",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, title="kommandoer", metavar="KOMMANDO"
    )

    def command(name: str, help_text: str):
        return sub.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES[name])

    cli_synth.add_command(command)

    p = command("validate", "sjekk rådata mot datakontrakten og list alle problemer")
    raw_dir_option(p)
    config_option(p, "som for run")
    register_option(p)
    decisions_option(p)
    p.set_defaults(func=cmd_validate)

    p = command("map", "lag et utkast til importkart for en eksport fra et spørreverktøy")
    p.add_argument("--raw-dir", required=True, metavar="MAPPE", help="mappen med eksporten(e)")
    p.add_argument(
        "--source",
        default=None,
        choices=["radmann_skjema", "ringerunde_logg", "telefonintervju"],
        metavar="KILDE",
        help="bare denne kilden: radmann_skjema, ringerunde_logg eller telefonintervju "
        "(standard: alle kilder uten fil eller importkart)",
    )
    p.add_argument(
        "--stdout", action="store_true", help="skriv utkastet til skjermen i stedet for til fil"
    )
    config_option(p)
    p.set_defaults(func=cmd_map)

    p = command("run", "kjør hele arbeidsflyten (Snakemake) og lag rapporten")
    raw_dir_option(p)
    p.add_argument(
        "--out",
        default=None,
        metavar="MAPPE",
        help="skriv data/processed, reports og logs under denne mappen",
    )
    p.add_argument(
        "--cores",
        type=int,
        default=2,
        metavar="ANTALL",
        help="antall prosessorkjerner Snakemake kan bruke (standard 2)",
    )
    # One option name per concept: --definisjon, as explain and diff; the old English spelling
    # still works but is not shown.
    p.add_argument(
        "--definisjon",
        dest="definitions",
        nargs="+",
        default=None,
        metavar="NAVN",
        help="definisjon(er) å bruke, ved navn i config/definitions (standard: definisjonene "
        "konfigurasjonen lister; som levert alle i config/definitions)",
    )
    p.add_argument(
        "--definitions", dest="definitions", nargs="+", default=None, help=argparse.SUPPRESS
    )
    p.add_argument("-n", "--dry-run", action="store_true", help="vis bare hva som ville kjørt")
    p.add_argument("--forceall", action="store_true", help="kjør alle stegene på nytt")
    config_option(p)
    register_option(p)
    decisions_option(p)
    p.set_defaults(func=cmd_run)

    p = command("explain", "forklar hele beslutningskjeden for en kommune, bydel eller tjeneste")
    p.add_argument("id", metavar="ID", help="kommunenummer, kommunenavn, bydel eller tjeneste-id")
    p.add_argument(
        "--out", default=None, metavar="MAPPE", help="kjøringens utmappe (standard: depotet)"
    )
    p.add_argument(
        "--definisjon",
        default=None,
        metavar="NAVN",
        help="definisjon (standard: hoveddefinisjonen)",
    )
    p.add_argument("--json", action="store_true", help="maskinlesbar JSON")
    p.set_defaults(func=cmd_explain)

    p = command("diff", "vis hva som er endret mellom to kjøringer")
    p.add_argument("run_a", metavar="KJØRING_A", help="kjøring A (utmappe eller data/processed)")
    p.add_argument("run_b", metavar="KJØRING_B", help="kjøring B (utmappe eller data/processed)")
    p.add_argument(
        "--definisjon",
        default=None,
        metavar="NAVN",
        help="sammenlign en bestemt definisjon (standard: hoveddefinisjonens tabeller)",
    )
    p.add_argument("--json", action="store_true", help="maskinlesbar JSON")
    p.set_defaults(func=cmd_diff)

    cli_sammenlign.add_command(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except InputError as exc:
        print(f"Feil i inndata:\n{exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"Feil i konfigurasjonen:\n{exc}", file=sys.stderr)
        return 1
    except ReferenceError as exc:
        print(f"Feil i registeret:\n{exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader of stdout went away (``| head``): stop quietly, as other tools do."""
    # Further writes, and the interpreter's flush at exit, go nowhere instead of raising.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE, as a shell reports it


if __name__ == "__main__":
    sys.exit(main())
