"""``lmsanalyse synth``: the command line of the synthetic data (:mod:`lmsanalyse.tools.synth`),
in Norwegian. Kept beside :mod:`lmsanalyse.cli`, which registers it; with it the only modules
outside ``tools/synth`` that import the generator."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import repository_root

EXAMPLES = """Eksempler:
  lmsanalyse synth --out data/raw
  lmsanalyse synth --seed 7 --out /tmp/annet_datasett
  lmsanalyse synth --eksempel --variant xlsx --out /tmp/eksport
  lmsanalyse synth --scale 10 --out /tmp/skala10
  lmsanalyse synth --bolge 2025 --out /tmp/bolge_2025
  lmsanalyse synth --bolge 2025 --format kontrakt --out /tmp/bolge_2025_kontrakt
  lmsanalyse run --register 2024 --raw-dir /tmp/bolge_2025 --out /tmp/bolge_2025_resultat
  lmsanalyse run --config /tmp/skala10/config.yaml --out /tmp/skala10_resultat"""


def add_command(command) -> None:
    """Add ``synth`` through the CLI's ``command(name, help)`` factory."""
    p = command("synth", "skriv et syntetisk rådatasett (tre filer)")
    p.add_argument(
        "--seed",
        type=int,
        default=2015,
        metavar="FRØ",
        help="frø; samme frø gir identiske filer (standard 2015)",
    )
    p.add_argument("--out", required=True, metavar="MAPPE", help="mappe å skrive til")
    p.add_argument(
        "--scale",
        type=scale_factor,
        default=1,
        metavar="K",
        help="bare for ytelsestester: undersøkelsen over K × enhetene, med et syntetisk "
        "register av K × 428 kommuner i MAPPE/register og MAPPE/config.yaml som peker på det "
        "(K fra 1 til 1000; K > 1 gir også 38 ekstra oppringninger per enhet i ringerunden)",
    )
    p.add_argument(
        "--eksempel",
        action="store_true",
        help="skriv i stedet spørreskjemaet som SurveyXact-eksport og intervjuene som "
        "Nettskjema-rapport, med importkart (data/examples/surveyxact_nettskjema)",
    )
    p.add_argument(
        "--variant",
        default="utf16_tab",
        choices=["utf16_tab", "cp1252_semicolon", "cp1252_comma", "utf8_semicolon", "xlsx"],
        metavar="VARIANT",
        help="hvordan SurveyXact-eksporten skrives (med --eksempel): utf16_tab (standard), "
        "cp1252_semicolon, cp1252_comma, utf8_semicolon eller xlsx",
    )
    p.add_argument(
        "--bolge",
        type=int,
        choices=[2025],
        default=None,
        metavar="ÅR",
        help="skriv i stedet en syntetisk andre bølge: kartleggingen spurt på nytt i 2025 av "
        "2024-registeret (357 kommuner, 371 enheter), avledet av 2014/15-dataene med samme "
        "frø; kjøres med lmsanalyse run --register 2024",
    )
    p.add_argument(
        "--format",
        default="eksport",
        choices=["eksport", "kontrakt"],
        help="med --bolge: eksport (standard: spørreskjemaet som SPSS, intervjuene som "
        "Nettskjema-rapport, ringeloggen som regneark, med importkart) eller kontrakt (de "
        "samme radene som kontraktens tre CSV-filer)",
    )
    p.set_defaults(func=cmd_synth)


def scale_factor(text: str) -> int:
    """``--scale``: a whole number from 1 to 1000."""
    from .tools.synth.scale import MAX_SCALE

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke et heltall") from None
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"K må være mellom 1 og {MAX_SCALE}, ikke {value}")
    return value


def cmd_synth(args: argparse.Namespace) -> int:
    from .tools.synth import write_synthetic

    root = repository_root()
    if args.bolge is not None:
        from .config import load_config, register_config
        from .tools.synth.wave2025_files import write_wave

        if args.eksempel or args.scale != 1:
            print("Feil: --bolge kan ikke kombineres med --eksempel eller --scale", file=sys.stderr)
            return 2
        register = load_config([register_config(2024)]).register
        paths = write_wave(
            Path(args.out), register, args.seed, root / "data" / "reference", args.format
        )
    elif args.format != "eksport":
        print("Feil: --format gjelder bare med --bolge 2025", file=sys.stderr)
        return 2
    elif args.eksempel:
        from .tools.synth.examples import write_examples

        paths = write_examples(Path(args.out), args.seed, root / "data" / "reference", args.variant)
    else:
        paths = write_synthetic(Path(args.out), args.seed, root / "data" / "reference", args.scale)
    for path in paths:
        print(path)
    return 0
