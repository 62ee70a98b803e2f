"""The options several commands of :mod:`lmsanalyse.cli` share, each written once."""

from __future__ import annotations

import argparse
from pathlib import Path


# The help says a default in words and by its shipped value, never by a configuration key
# (raw_dir, definitions, manual_decisions): the command line has one name per concept, its
# option, and a key in config.yaml is not something to type here.
def raw_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--raw-dir",
        default=None,
        metavar="MAPPE",
        help="mappe med rådata: radmann_skjema.*, ringerunde_logg.*, telefonintervju.* "
        "(standard: rådatamappen konfigurasjonen oppgir, data/raw som levert)",
    )


def config_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    """``--config FIL``: a config file read on top of ``config/config.yaml``."""
    parser.add_argument(
        "--config",
        default=None,
        metavar="FIL",
        help="konfigurasjonsfil lest oppå config/config.yaml" + (f" ({note})" if note else ""),
    )


def decisions_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--beslutninger",
        default=None,
        metavar="FIL",
        help="CSV med manuelle beslutninger (objekt,beslutning,begrunnelse,besluttet_av,dato; "
        "dato som dd.mm.åååå eller åååå-mm-dd); standard: beslutningsfilen konfigurasjonen "
        "oppgir, config/manuelle_beslutninger.csv som levert",
    )


def register_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--register",
        default=None,
        metavar="ÅR",
        help="registeret bølgen spurte: 2024 (dagens 357 kommuner, Oslo per bydel, 371 enheter) "
        "leser config/registers/2024.yaml oppå config/config.yaml, før en eventuell --config; "
        "standard: 2014-registeret (428 kommuner, 442 enheter)",
    )


def decisions_override(path: str | None) -> dict[str, str]:
    """``--beslutninger FIL`` as the config key it sets (relative to where the command runs)."""
    return {"manual_decisions": str(Path(path).resolve())} if path else {}
