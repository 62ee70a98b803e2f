"""What the cleaner finds and gives back: an issue with one cell or row (its reason a
:class:`~lmsanalyse.problems.Message`), the result of cleaning one source, and the notes on
names read another way than by their exact name. The bottom of ``clean``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..problems import Message, message
from .value_parsers import short

ROW_LEVEL = "rad"
VALUE_LEVEL = "verdi"
# Messages without raw values, and the codes of the list problems the rules look for.
REQUIRED_MISSING = message("pakrevd_verdi_mangler", "påkrevd verdi mangler")
REQUIRED_WHEN_STARTED = message("pakrevd_i_gang", "påkrevd når i_gang = Ja, men mangler")
EMPTY_ID = message("tom_id", "tom id")
LIST_UNKNOWN, LIST_LEFT_OUT = "ukjente_listeverdier", "listeelement_utelatt"


@dataclass
class Issue:
    """A problem with one cell, before it is written to ``quarantine.csv``: its reason is a
    :class:`~lmsanalyse.problems.Message` (code, template, the raw values as fields), shown
    as it is by ``validate`` and masked in the outputs."""

    rad: int
    kolonne: str | None
    niva: str
    arsak: Message


@dataclass
class CleanedSource:
    """Result of cleaning one raw source."""

    table: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    merged: int = 0
    quarantined_rows: int = 0
    # The names read another way than by their exact name (MATCH_NOTE_FIELDS), by row.
    match_notes: pd.DataFrame = field(default_factory=lambda: notes_frame([]))
    # For each row with an issue: the unit (enhet_id) and the service (tjeneste_id) it is
    # about, where they could be read, so the audit can name what a quarantined row held.
    entities: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    # The questionnaire only: every usable submission, the superseded ones too (erstattet_av).
    submissions: pd.DataFrame | None = None


MATCH_NOTE_FIELDS = (
    "fil",
    "rad",
    "kolonne",
    "skrevet",
    "enhet_id",
    "metode",
    "merknad",
    "likhet",
)


def notes_frame(notes: list[dict | pd.DataFrame]) -> pd.DataFrame:
    """Match notes (single ones as dicts, a column's as a frame) as one frame, in order."""
    parts: list[pd.DataFrame] = []
    run: list[dict] = []
    for note in notes:
        if isinstance(note, dict):
            run.append(note)
            continue
        if run:
            parts.append(pd.DataFrame(run, columns=list(MATCH_NOTE_FIELDS)))
            run = []
        parts.append(note)
    if run:
        parts.append(pd.DataFrame(run, columns=list(MATCH_NOTE_FIELDS)))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame([], columns=list(MATCH_NOTE_FIELDS))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def note(fil: str, row_no: int, col: str, typed_text: str, m) -> dict:
    return {
        "fil": fil,
        "rad": int(row_no),
        "kolonne": col,
        "skrevet": short(typed_text),
        "enhet_id": m.enhet_id,
        "metode": m.metode,
        "merknad": str(m.melding or ""),
        "likhet": m.likhet,
    }


def row_level(issues: list[Issue]) -> set[int]:
    return {i.rad for i in issues if i.niva == ROW_LEVEL}
