"""Which services continued from wave A to wave B, matched in the open
(``bolge_tjenester.csv``: what was matched to what, and the score).

The services compared are each wave's **included** services (those its ``tjenester`` figure
counts). Two services can be the same service when they are hosted in the same 2024 kommune
(a 2014 host carried by ``kommuneendringer_2014_2024``, an Oslo bydel as Oslo). Their names
are compared with rapidfuzz's ``token_set_ratio`` after rapidfuzz's default processing
(lower case, no punctuation), with the host's place names (its 2014 and 2024 kommune names)
left out, since a merger renames them ("Stokke frisklivssentral" and "Sandefjord
frisklivssentral" are the same kind of service in the same 2024 kommune). The token set
ratio is 100 when one name's words are all in the other ("Interkommunal frisklivssentral"
in "Interkommunal frisklivssentral, Eidsbergregionen"), as a service that grew or took in
another often keeps its old words. Then:

1. ``fortsatt``: pairs with a score ≥ ``fortsatt`` (config ``sammenligning.tjenester``), best
   score first (ties by the ids), each service used once;
2. ``slått sammen``: a service of A left over whose best service of B in the same 2024
   kommune scores ≥ ``sammenslatt`` is merged into it, when that service of B continues one
   of A or takes in at least two of A (several of A into one of B);
3. ``borte``: a service of A matched to nothing; ``ny``: a service of B matched to nothing.

A row without a match names the closest interviewed service of the other wave in the same
2024 kommune, with its score and whether it was included, so that a service renamed beyond
recognition, or one that no longer meets the definition, can be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, utils

from ..schema import load_schema
from .waves import REGISTER_2014, Wave

FORTSATT, SAMMENSLATT, BORTE, NY = "fortsatt", "slått sammen", "borte", "ny"
UTFALL = (FORTSATT, SAMMENSLATT, BORTE, NY)
# The thresholds' defaults are written once, in the config schema (``sammenligning.tjenester``).
_TJENESTER = load_schema("config")["properties"]["sammenligning"]["properties"]["tjenester"]
DEFAULT_THRESHOLDS = {k: p["default"] for k, p in _TJENESTER["properties"].items()}
COLUMNS = (
    "utfall",
    "kommunenummer_2024",
    "kommunenavn_2024",
    "tjeneste_id_a",
    "tjeneste_navn_a",
    "organisering_a",
    "tjeneste_id_b",
    "tjeneste_navn_b",
    "organisering_b",
    "likhet",
    "naermeste_tjeneste",
    "naermeste_likhet",
)


@dataclass(frozen=True)
class Service:
    id: str
    navn: str
    organisering: str
    inkludert: bool
    kommuner_2024: tuple[str, ...]  # the 2024 kommune(s) its host lies in


def hosts_2024(wave: Wave, changes: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """A wave's host ids (kommune or bydel) → the 2024 kommune(s) they lie in."""
    own = set(wave.kommuner["kommunenummer"])
    to_2024: dict[str, list[str]] = {}
    if wave.register == REGISTER_2014:
        for r in changes.itertuples(index=False):
            to_2024.setdefault(r.kommunenummer_2014, []).append(r.kommunenummer_2024)
    out = {}
    for host in set(wave.tjenester["vertskommune_id"]):
        # An Oslo bydel (030101) lies in its kommune, the first four digits.
        kommune = host if host in own else host[:4]
        out[host] = tuple(sorted(to_2024.get(kommune, [kommune])))
    return out


def services(wave: Wave, changes: pd.DataFrame) -> list[Service]:
    hosts = hosts_2024(wave, changes)
    return [
        Service(r.tjeneste_id, r.tjeneste_navn, r.organisering, r.inkludert == "Ja",
                hosts[r.vertskommune_id])
        for r in wave.tjenester.sort_values("tjeneste_id").itertuples(index=False)
    ]  # fmt: skip


def place_names(changes: pd.DataFrame) -> dict[str, set[str]]:
    """Per 2024 kommune, the names of it and of its 2014 parts, processed as the service
    names are (``Tysfjord - Divtasvuodna`` gives both parts)."""
    out: dict[str, set[str]] = {}
    for r in changes.itertuples(index=False):
        names = out.setdefault(r.kommunenummer_2024, set())
        for name in (r.kommunenavn_2014, r.kommunenavn_2024):
            for part in re.split(r" - |\(|\)", name):
                if processed := utils.default_process(part):
                    names.add(processed)
    return out


def _without_places(name: str, places: set[str]) -> str:
    text = f" {utils.default_process(name)} "
    for place in sorted(places, key=len, reverse=True):
        text = text.replace(f" {place} ", " ")
    return " ".join(text.split()) or utils.default_process(name)


def score(name_a: str, name_b: str, places: set[str]) -> int:
    """The names' similarity (0–100) without the host's place names."""
    a, b = _without_places(name_a, places), _without_places(name_b, places)
    return int(round(fuzz.token_set_ratio(a, b)))


def match_services(
    a: Wave, b: Wave, changes: pd.DataFrame, names_2024: dict[str, str], thresholds: dict
) -> pd.DataFrame:
    """``bolge_tjenester.csv``: every included service of both waves and what became of it."""
    places = place_names(changes)
    all_a, all_b = services(a, changes), services(b, changes)
    sa = [s for s in all_a if s.inkludert]
    sb = [s for s in all_b if s.inkludert]

    def shared(x: Service, y: Service) -> list[str]:
        return sorted(set(x.kommuner_2024) & set(y.kommuner_2024))

    def pair_score(x: Service, y: Service) -> int:
        where = set().union(*(places.get(k, set()) for k in shared(x, y)))
        return score(x.navn, y.navn, where)

    pairs = sorted(
        ((pair_score(x, y), x.id, y.id) for x in sa for y in sb if shared(x, y)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    by_id = {s.id: s for s in (*all_a, *all_b)}
    fortsatt: dict[str, tuple[str, int]] = {}
    used_b: set[str] = set()
    for s, ida, idb in pairs:
        if s >= thresholds["fortsatt"] and ida not in fortsatt and idb not in used_b:
            fortsatt[ida] = (idb, s)
            used_b.add(idb)
    # Services of A left over: the best service of B in the same kommune, if close enough.
    candidates: dict[str, list[tuple[str, int]]] = {}
    for s, ida, idb in pairs:
        if ida not in fortsatt and s >= thresholds["sammenslatt"] and ida not in candidates:
            candidates[ida] = [(idb, s)]
    taken: dict[str, list[str]] = {}
    for ida, [(idb, _s)] in candidates.items():
        taken.setdefault(idb, []).append(ida)
    merged = {
        ida: best
        for ida, [best] in candidates.items()
        if best[0] in used_b or len(taken[best[0]]) >= 2
    }
    rows = []
    for x in sa:
        if x.id in fortsatt:
            idb, s = fortsatt[x.id]
            rows.append(_row(FORTSATT, x, by_id[idb], s, names_2024))
        elif x.id in merged:
            idb, s = merged[x.id]
            rows.append(_row(SAMMENSLATT, x, by_id[idb], s, names_2024))
        else:
            rows.append(_row(BORTE, x, None, None, names_2024, _closest(x, all_b, pair_score)))
    matched_b = used_b | {idb for idb, _s in merged.values()}
    for y in sb:
        if y.id not in matched_b:
            rows.append(_row(NY, None, y, None, names_2024, _closest(y, all_a, pair_score)))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    order = {u: i for i, u in enumerate(UTFALL)}
    return table.sort_values(
        ["kommunenummer_2024", "utfall", "tjeneste_id_a", "tjeneste_id_b"],
        key=lambda c: c.map(order) if c.name == "utfall" else c,
    ).reset_index(drop=True)


def _closest(x: Service, others: list[Service], pair_score) -> tuple[Service, int] | None:
    """The most similar interviewed service of the other wave in the same 2024 kommune."""
    found = [(pair_score(x, y), y) for y in others if set(x.kommuner_2024) & set(y.kommuner_2024)]
    if not found:
        return None
    s, y = min(found, key=lambda f: (-f[0], f[1].id))
    return y, s


def _row(utfall, x, y, s, names_2024, closest=None) -> list:
    where = (y or x).kommuner_2024
    naermeste = ""
    if closest is not None:
        other, cs = closest
        naermeste = f"{other.id} {other.navn}" + ("" if other.inkludert else " (ikke inkludert)")
    return [
        utfall,
        ";".join(where),
        "; ".join(names_2024[k] for k in where),
        x.id if x else "",
        x.navn if x else "",
        x.organisering if x else "",
        y.id if y else "",
        y.navn if y else "",
        y.organisering if y else "",
        "" if s is None else s,
        naermeste,
        "" if closest is None else closest[1],
    ]
