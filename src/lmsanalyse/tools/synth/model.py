"""The ground truth a synthetic wave is made of: its services and who answered what.

Built by :mod:`.world` (2014/15) and :mod:`.wave2025`, dealt by :mod:`.answers`, rendered by
:mod:`.raw_files`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

# When the 2014/15 questionnaire went out, the call round and the interviews began.
DATES = {
    "radmann": dt.datetime(2014, 11, 3),
    "ringerunde": dt.datetime(2014, 12, 1),
    "intervju": dt.datetime(2014, 12, 8),
}


@dataclass
class Service:
    """One interviewed service in the synthetic world (ground truth)."""

    tjeneste_id: str
    navn: str
    host: str  # enhet_id
    organisering: str
    participants: list[str]
    friskliv: str
    navn_med_mestring: str
    egen_enhet: str
    prosjektfinansiert: str
    i_gang: str
    antall_tilbud: int
    tilbudstyper: list[str]
    diagnoser: list[str]
    bm: dict[str, str]
    brukerorg_etablering: str
    rekruttering: str
    mange_ars_erfaring: str
    intended: str  # 'inkludert' or the rule(s) it is built to fail, for documentation


@dataclass
class World:
    """Ground truth of one synthetic kartlegging."""

    units: pd.DataFrame
    services: list[Service] = field(default_factory=list)
    radmann_answer: dict[str, str] = field(default_factory=dict)  # unit -> Ja/Nei/Vet ikke/''
    call_outcome: dict[str, str] = field(default_factory=dict)  # unit -> final outcome
    # When the questionnaire went out, the call round and the interviews began.
    dates: dict[str, dt.datetime] = field(default_factory=lambda: dict(DATES))
