"""``lmsanalyse sammenlign A B --out C``: the command line of the comparison of two waves
(:mod:`lmsanalyse.sammenlign`), in Norwegian. Kept beside :mod:`lmsanalyse.cli`, which
registers it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_options import config_option

EXAMPLES = """Eksempler:
  lmsanalyse sammenlign . /tmp/bolge_2025 --out /tmp/sammenligning
  lmsanalyse sammenlign /tmp/a /tmp/b --out /tmp/c --indikator data/indikator/indikator.import.yaml
  lmsanalyse sammenlign /tmp/a /tmp/b --out /tmp/c --config min_config.yaml

A og B er --out-mappene til to ferdige kjøringer av «lmsanalyse run» (A den tidligste).
Resultatet: C/data/bolge_sammenligning.csv, bolge_tall.csv, bolge_fylker.csv,
bolge_tjenester.csv, bolge_tjenestepar.csv og C/reports/sammenligning.html, .pdf, .xlsx og
figurer/."""


def add_command(command) -> None:
    """Add ``sammenlign`` through the CLI's ``command(name, help)`` factory."""
    p = command("sammenlign", "sammenlign to ferdige kjøringer (bølger) på dagens kommunekart")
    p.add_argument("run_a", metavar="A", help="den tidligste bølgen: --out-mappen til en kjøring")
    p.add_argument("run_b", metavar="B", help="den seneste bølgen: --out-mappen til en kjøring")
    p.add_argument(
        "--out", required=True, metavar="MAPPE", help="mappen sammenligningen skrives til"
    )
    p.add_argument(
        "--indikator",
        default=None,
        metavar="KART",
        help="importkart (indikator.import.yaml) for en indikator per kommune, som KOSTRAs "
        "frisklivssentral, vist ved siden av bølgene (standard: indikatoren konfigurasjonen "
        "oppgir; ingen som levert)",
    )
    p.add_argument(
        "--indikator-ar",
        type=int,
        default=None,
        metavar="ÅR",
        help="året indikatoren leses for (standard: det seneste året i filen)",
    )
    config_option(p, "grensene for tjenestekoblingen, hva rapporten sier om seg selv")
    p.set_defaults(func=cmd_sammenlign)


def cmd_sammenlign(args: argparse.Namespace) -> int:
    from .compare.indicator import IndicatorError
    from .compare.waves import ComparisonError
    from .config import CONFIG_FILE, load_config
    from .guard import PersonalDataFound
    from .sammenlign import ComparisonRequest, run_comparison

    config = load_config(args.config)
    settings = config.comparison
    indicator = Path(args.indikator).resolve() if args.indikator else settings["indikator"]
    year = args.indikator_ar if args.indikator_ar is not None else settings["indikator_ar"]
    files = list(
        dict.fromkeys([config.base / CONFIG_FILE, *([config.file] if config.file else [])])
    )
    request = ComparisonRequest(
        Path(args.run_a),
        Path(args.run_b),
        Path(args.out),
        config.reference_dir,
        {"tjenester": settings["tjenester"]},
        config.rapport,
        files,
        config.base,
        indicator,
        year,
    )
    try:
        layout = run_comparison(request)
    except (ComparisonError, IndicatorError) as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 1
    except PersonalDataFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(summary(layout))
    return 0


def summary(layout) -> str:
    """What the comparison found, in a few lines, and where the report is."""
    import pandas as pd

    from .ordliste import ENDRING, TJENESTE_UTFALL

    kommuner = pd.read_csv(layout.table("kommuner"), dtype=str, keep_default_na=False)
    tjenester = pd.read_csv(layout.table("tjenester"), dtype=str, keep_default_na=False)
    endring = kommuner["endring"].value_counts()
    utfall = tjenester["utfall"].value_counts()
    lines = [
        f"Kommunene i 2024 ({len(kommuner)}): "
        + ", ".join(f"{ENDRING[e].lower()} {int(endring.get(e, 0))}" for e in ENDRING),
        "Tjenestene: "
        + ", ".join(
            f"{TJENESTE_UTFALL[u].lower()} {int(utfall.get(u, 0))}" for u in TJENESTE_UTFALL
        ),
        f"Rapporten: {layout.html}",
    ]
    return "\n".join(lines)
