"""Readings of the published figures: every way the article can be read, each computed.

The article is not always clear about what a number counts. ``kommuner_ikke_friskliv`` (24)
is 79 − 51 = 28 read as the data contract reads it (covered kommuner no friskliv-organised
service covers), but 24 read as "79 = 51 + 24 + 4": kommuner covered only by an own centre
or a coordinator, with the four "mange års erfaring" kommuner as a group of their own. A
reading is data (``lesninger:`` in ``config/reconciliation.yaml``): an id, a Norwegian text,
and its numerator and denominator as expressions of figure ids of ``figures.csv``, so that
every reading is computed from the data by the SQL, never typed in.

Every published figure has the contract's reading (the figure itself; its text is the
catalogue label unless the config gives one, ``kontrakt: true``); the config adds the
others. :func:`readings_table` gives one row per (figure, reading) — ``lesninger.csv`` — and
:func:`summary` the columns the reconciliation adds after its contract columns: which other
reading, if any, gives the published number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .expressions import RelationError, evaluate, parse_relation, percent_matches, show
from .problems import Problem

CONTRACT = "kontrakt"
READING_COLUMNS = [
    "figur",
    "lesning",
    "kontrakt",
    "tekst",
    "formel",
    "regnestykke",
    "publisert",
    "verdi",
    "nevner",
    "forhold",
    "publisert_andel",
    "andel",
    "status",
]
# The reconciliation's columns from the readings (after the contract's columns).
SUMMARY_COLUMNS = [
    "lesning",
    "alternativ_lesning",
    "alternativ_tekst",
    "alternativ_verdi",
    "alternativ_nevner",
    "alternativ_andel",
    "alternativ_forhold",
    "alternativ_status",
    "antall_lesninger",
]


# A reading's text names numbers by placeholder, so that it shows this run's values, never the
# published ones typed in: {verdi} and {nevner} are the reading's own, {figur_id} a figure's.
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def fill_text(text: str, values: dict[str, int | None]) -> str:
    """The text with each ``{name}`` replaced by that value (``5 165 802``); a name without a
    value (a figure this run lacks) is shown as ``–``, as the reading's count is."""
    from .expressions import SEP
    from .norsk import fmt_int

    def value(match: re.Match) -> str:
        found = values.get(match[1])
        return "–" if found is None or pd.isna(found) else fmt_int(found, SEP)

    return PLACEHOLDER.sub(value, text)


@dataclass(frozen=True)
class Reading:
    """One reading of a published figure.

    Attributes:
        figur: the published figure's id.
        lesning: the reading's id, unique for the figure (``kontrakt`` for the contract's).
        tekst: what the reading counts, in Norwegian; ``{verdi}``, ``{nevner}`` and
            ``{figur_id}`` stand for this run's numbers (:func:`fill_text`).
        verdi: its count, as an expression of figure ids (``a + b - 3``).
        nevner: its denominator as an expression; None: ``verdi``'s own denominator when it
            is one figure, else the published figure's computed denominator.
        kontrakt: the data contract's reading (``verdi`` is the figure itself).
        forhold: the numerator and the denominator count different things (units, Oslo's
            bydeler among them, divided by kommuner): a ratio, not a share – it can pass
            100 % – so the report writes "X delt på Y", never "X av Y".
    """

    figur: str
    lesning: str
    tekst: str
    verdi: str
    nevner: str | None = None
    kontrakt: bool = False
    forhold: bool = False


def check_readings(raw: list[dict], fil: str, published: set[str] | None = None) -> list[Reading]:
    """The readings of the config, checked; raises ``ConfigError`` naming each problem."""
    from .config import ConfigError

    problems, readings, seen = [], [], set()
    for i, item in enumerate(raw):
        key = f"lesninger.{i}"
        reading = Reading(**item)
        for part in ("verdi", "nevner"):
            expression = getattr(reading, part)
            if expression is None:
                continue
            try:
                parse_relation(expression)
            except RelationError as exc:
                problems.append(Problem(fil, None, None, str(exc), f"{key}.{part}"))
        if published is not None and reading.figur not in published:
            problems.append(
                Problem(fil, None, None, f"{reading.figur} er ikke et publisert tall", key)
            )
        if (reading.figur, reading.lesning) in seen:
            melding = f"lesningen {reading.lesning} av {reading.figur} står to ganger"
            problems.append(Problem(fil, None, None, melding, key))
        seen.add((reading.figur, reading.lesning))
        if reading.kontrakt and reading.verdi.strip() != reading.figur:
            melding = f"kontraktens lesning av {reading.figur} må ha verdi: {reading.figur}"
            problems.append(Problem(fil, None, None, melding, key))
        readings.append(reading)
    contracts = pd.Series([r.figur for r in readings if r.kontrakt], dtype=str)
    for figur in sorted(set(contracts[contracts.duplicated()])):
        melding = f"{figur} har mer enn én lesning med kontrakt: true"
        problems.append(Problem(fil, None, None, melding, "lesninger"))
    if problems:
        raise ConfigError(problems)
    return readings


def load_readings(path: Path, published: set[str] | None = None) -> list[Reading]:
    """The readings of ``config/reconciliation.yaml`` (``lesninger:``), checked."""
    from .config import load_reconciliation

    raw = load_reconciliation(path).get("lesninger") or []
    return check_readings(list(raw), Path(path).name, published)


def _contract(figur: str, configured: list[Reading], label: str) -> Reading:
    given = [r for r in configured if r.kontrakt]
    return given[0] if given else Reading(figur, CONTRACT, label, figur, kontrakt=True)


def _share(verdi: int | None, nevner: int | None) -> float | None:
    if verdi is None or not nevner:
        return None
    from .norsk import round_half_up

    return float(round_half_up(100 * verdi / nevner, 1))


def _status(verdi, nevner, publisert: int, printed: float | None) -> str:
    if verdi is None or verdi != publisert:
        return "avvik"
    if printed is not None and nevner and not percent_matches(verdi, nevner, printed):
        return "avvik"
    return "samsvar"


def readings_table(
    readings: list[Reading],
    figures: pd.DataFrame,
    published: pd.DataFrame,
    statuses: dict[str, str],
) -> pd.DataFrame:
    """Every reading of every published figure, computed (``lesninger.csv``).

    Args:
        readings: the configured readings (:func:`load_readings`).
        figures: ``figures.csv``.
        published: ``published_figures_2015.csv``.
        statuses: the reconciliation's ``status`` by figure: the contract reading's status.
    """
    from .expressions import published_percent
    from .include.figure_catalogue import label

    values = {r.figur: int(r.verdi) for r in figures.itertuples() if not pd.isna(r.verdi)}
    denominators = {r.figur: int(r.nevner) for r in figures.itertuples() if not pd.isna(r.nevner)}
    rows = []
    for p in published.itertuples():
        configured = [r for r in readings if r.figur == p.figur]
        contract = _contract(p.figur, configured, label(p.figur) or p.beskrivelse)
        printed = published_percent(p.publisert_tekst)
        for reading in [contract] + [r for r in configured if not r.kontrakt]:
            terms = parse_relation(reading.verdi)
            verdi = evaluate(terms, values)
            if reading.nevner is not None:
                nevner = evaluate(parse_relation(reading.nevner), values)
            elif len(terms) == 1 and terms[0][0] == 1 and terms[0][1] in denominators:
                nevner = denominators[terms[0][1]]
            else:
                nevner = denominators.get(p.figur)
            sum_text = f"{show(terms, values)} = {verdi}" if verdi is not None else ""
            if reading.kontrakt:
                status = statuses.get(p.figur, "avvik")
            else:
                status = _status(verdi, nevner, int(p.verdi), printed)
            rows.append(
                {
                    "figur": p.figur,
                    "lesning": reading.lesning,
                    "kontrakt": "Ja" if reading.kontrakt else "Nei",
                    "tekst": fill_text(reading.tekst, values | {"verdi": verdi, "nevner": nevner}),
                    "formel": reading.verdi
                    + (f" av {reading.nevner}" if reading.nevner is not None else ""),
                    "regnestykke": sum_text if len(terms) > 1 else "",
                    "publisert": int(p.verdi),
                    "verdi": verdi,
                    "nevner": nevner,
                    "forhold": "Ja" if reading.forhold else "Nei",
                    "publisert_andel": printed,
                    "andel": _share(verdi, nevner),
                    "status": status,
                }
            )
    out = pd.DataFrame(rows, columns=READING_COLUMNS)
    for col in ("verdi", "nevner"):
        out[col] = out[col].astype("Int64")
    return out


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per published figure: the contract's reading, and the other reading that gives the
    published number (else the first other reading), as the reconciliation's extra columns."""
    rows = []
    for figur, group in table.groupby("figur", sort=False):
        contract = group.loc[group["kontrakt"] == "Ja"].iloc[0]
        others = group.loc[group["kontrakt"] == "Nei"]
        fitting = others.loc[others["status"] == "samsvar"]
        shown = fitting.iloc[0] if len(fitting) else (others.iloc[0] if len(others) else None)
        rows.append(
            {
                "figur": figur,
                "lesning": contract["tekst"],
                "alternativ_lesning": None if shown is None else shown["lesning"],
                "alternativ_tekst": None if shown is None else shown["tekst"],
                "alternativ_verdi": None if shown is None else shown["verdi"],
                "alternativ_nevner": None if shown is None else shown["nevner"],
                "alternativ_andel": None if shown is None else shown["andel"],
                "alternativ_forhold": None if shown is None else shown["forhold"],
                "alternativ_status": None if shown is None else shown["status"],
                "antall_lesninger": len(group),
            }
        )
    out = pd.DataFrame(rows, columns=["figur", *SUMMARY_COLUMNS])
    for col in ("alternativ_verdi", "alternativ_nevner"):
        out[col] = out[col].astype("Int64")
    return out
