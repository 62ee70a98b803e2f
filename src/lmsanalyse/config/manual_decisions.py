"""The manual decisions file (``config/manuelle_beslutninger.csv`` or ``--beslutninger FIL``).

Each row includes or excludes one kommune (a kommunenummer of the register; Oslo is 0301) or
one interviewed service (its ``tjeneste_id``). The rows are checked one by one (the row
schema, the date, the object) and against each other: two decisions that cannot both hold
are an error naming both rows, so a run never applies them silently.

Decisions contradict each other when
- the same object is decided twice (the same outcome twice is a duplicate, two outcomes a
  contradiction);
- a kommune is excluded while a service it hosts or takes part in is included: the included
  service covers the kommune (a kommune covered through an Oslo bydel is Oslo, 0301).
Including a kommune while excluding a service of it is no contradiction: the kommune may be
known to have a service the interviews did not confirm; it is covered by its own decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import NamedTuple

from ..problems import Problem
from ..schema import load_schema, row_problems
from .base import ConfigError
from .files import read_csv_config

MANUAL_COLUMNS = ("objekt", "beslutning", "begrunnelse", "besluttet_av", "dato")
# The date forms a decision may be written with: Norwegian first, then ISO.
DATE_FORMS = ("%d.%m.%Y", "%Y-%m-%d")
DATE_HELP = "skriv dd.mm.åååå (21.01.2015) eller åååå-mm-dd (2015-01-21)"
FIX = "fjern eller endre én av dem"


class Deltakelse(NamedTuple):
    """Who takes part in an interviewed service: its host unit and every participating unit
    (the host included), as the cleaned interviews have them; bydeler as bydeler."""

    vert: str | None
    enheter: tuple[str, ...]


def decision_date(text: str) -> str | None:
    """A decision's date as ISO text (``21.01.2015`` and ``2015-01-21`` → ``2015-01-21``);
    None when it is not a real date in one of :data:`DATE_FORMS`."""
    for form in DATE_FORMS:
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def load_manual_decisions(
    path: Path | None,
    kommuner: Collection[str],
    tjenester: Mapping[str, Deltakelse] | Collection[str],
    bydeler: Mapping[str, str] | None = None,
) -> list[dict]:
    """Read and check a manual decisions file.

    Args:
        path: the file (None: no decisions).
        kommuner: the register's kommunenummer.
        tjenester: the interviewed services: by ``tjeneste_id``, who takes part
            (:class:`Deltakelse`); a plain collection of ids checks no participation.
        bydeler: bydelsnummer → kommunenummer (a decision is about a kommune, not a bydel;
            a bydel taking part in a service makes its kommune take part).

    Returns:
        One dict per decision with ``objekttype`` (``kommune``/``tjeneste``), the file name
        (``fil``) and the decision's row in it (``rad``) added; ``dato`` as ISO text.

    Raises:
        ConfigError: every problem, each naming file, row and column: a bad header, a
            missing or bad value, an unknown object, a bad date, and decisions that
            contradict each other (naming both rows).
    """
    if path is None:
        return []
    path = Path(path)
    if not path.is_file():
        raise ConfigError([Problem(path.name, None, None, f"fant ikke filen ({path})")])
    records = read_csv_config(path)
    if not records:
        return []
    (header_row, header), records = records[0], records[1:]
    if header != list(MANUAL_COLUMNS):
        melding = f"overskriften må være {','.join(MANUAL_COLUMNS)}"
        raise ConfigError([Problem(path.name, header_row, None, melding)])
    bydeler = bydeler or {}
    schema = load_schema("manual_decision")
    problems: list[Problem] = []
    rows: list[dict] = []
    for row_no, fields in records:
        if len(fields) != len(MANUAL_COLUMNS):
            melding = f"forventet {len(MANUAL_COLUMNS)} felt, fant {len(fields)}"
            problems.append(Problem(path.name, row_no, None, melding))
            continue
        rec = {k: v for k, v in zip(MANUAL_COLUMNS, fields, strict=True) if v}
        problems += row_problems(rec, schema, path, row_no)
        if "dato" in rec:
            iso = decision_date(rec["dato"])
            if iso is None:
                melding = f"'{rec['dato']}' er ikke en gyldig dato; {DATE_HELP}"
                problems.append(Problem(path.name, row_no, "dato", melding))
            rec["dato"] = iso or rec["dato"]
        obj = rec.get("objekt", "")
        kind = "kommune" if obj in kommuner else "tjeneste" if obj in tjenester else None
        if kind is None and obj:
            problems.append(Problem(path.name, row_no, "objekt", _unknown(obj, bydeler)))
        rows.append(
            {k: rec.get(k, "") for k in MANUAL_COLUMNS}
            | {"objekttype": kind, "fil": path.name, "rad": row_no}
        )
    problems += contradictions(rows, tjenester if isinstance(tjenester, Mapping) else {}, bydeler)
    if problems:
        raise ConfigError(problems)
    return rows


def _unknown(obj: str, bydeler: Mapping[str, str]) -> str:
    if obj in bydeler:
        return (
            f"'{obj}' er en bydel; en beslutning gjelder en kommune ({bydeler[obj]} for hele "
            "kommunen) eller en tjeneste_id"
        )
    return (
        f"'{obj}' er verken et kommunenummer i 2014-registeret eller en tjeneste_id i "
        "telefonintervjuene"
    )


def contradictions(
    rows: list[dict], tjenester: Mapping[str, Deltakelse], bydeler: Mapping[str, str]
) -> list[Problem]:
    """Every pair of decisions that cannot both hold (see the module), one problem each, on
    the later row and naming the earlier one. Rows with an unknown object or outcome are
    left out (their own problem is listed)."""
    valid = [r for r in rows if r["objekttype"] and r["beslutning"] in ("inkluder", "ekskluder")]
    problems = []
    first: dict[str, dict] = {}
    for r in valid:
        earlier = first.setdefault(r["objekt"], r)
        if earlier is r:
            continue
        if earlier["beslutning"] == r["beslutning"]:
            melding = (
                f"'{r['objekt']}' har allerede den samme beslutningen ({r['beslutning']}) i rad "
                f"{earlier['rad']}; fjern den ene"
            )
        else:
            melding = (
                f"'{r['objekt']}' får beslutningen {r['beslutning']} her, men "
                f"{earlier['beslutning']} i rad {earlier['rad']}: beslutningene motsier "
                f"hverandre; {FIX}"
            )
        problems.append(Problem(r["fil"], r["rad"], "objekt", melding))
    excluded = [r for r in valid if (r["objekttype"], r["beslutning"]) == ("kommune", "ekskluder")]
    included = [r for r in valid if (r["objekttype"], r["beslutning"]) == ("tjeneste", "inkluder")]
    for k in excluded:
        for t in included:
            role = _role(k["objekt"], tjenester.get(t["objekt"]), bydeler)
            if role is None:
                continue
            melding = (
                f"kommunen {k['objekt']} er ekskludert i rad {k['rad']}, men tjenesten "
                f"{t['objekt']} er inkludert i rad {t['rad']}, og {k['objekt']} {role}, så "
                f"tjenesten dekker kommunen: beslutningene motsier hverandre; {FIX}"
            )
            problems.append(Problem(k["fil"], max(k["rad"], t["rad"]), "objekt", melding))
    return problems


def _role(kommune: str, deltakelse: Deltakelse | None, bydeler: Mapping[str, str]) -> str | None:
    """How ``kommune`` takes part in a service, in words (None: it does not)."""
    if deltakelse is None:
        return None
    units = [u for u in deltakelse.enheter if bydeler.get(u, u) == kommune]
    if not units:
        return None
    host = deltakelse.vert in units
    what = "er vertskommune for tjenesten" if host else "deltar i tjenesten"
    through = [u for u in ([deltakelse.vert] if host else units) if u != kommune]
    if through:
        what += f" (gjennom {'bydel' if len(through) == 1 else 'bydelene'} {', '.join(through)})"
    return what
