"""Which services continued from wave A to wave B, matched in the open: ``bolge_tjenester.csv``
(what became of each included service) and ``bolge_tjenestepar.csv`` (every candidate pair, its
evidence and what was decided).

A renamed or merged service leaves three kinds of evidence, each read on 2024 borders (a 2014
kommune carried by ``kommuneendringer_2014_2024``, a split one to each kommune it became, an
Oslo bydel as Oslo):

* **vertskommune**: whether the two services' hosts lie in the same 2024 kommune;
* **kommunene**: the overlap of the two services' kommune sets (host and participants; an Oslo
  bydel is a unit of its own, as both registers ask Oslo by bydel), as the Jaccard index
  (shared units / units in either, 0–100), and the share of each set that lies in the other;
* **navnet**: rapidfuzz's ``token_set_ratio`` of the names after rapidfuzz's default processing
  (lower case, no punctuation), with the hosts' place names (their 2014 and 2024 kommune
  names) left out, since a merger renames them. The token set ratio is 100 when one name's
  words are all in the other, as a service that grew often keeps its old words.

Two services are **candidates** when their sets share a 2024 kommune (Oslo as one). Every
interviewed service takes part as evidence; only included services (those a wave's
``tjenester`` figure counts) are matched. With the thresholds of ``sammenligning.tjenester``:

1. ``fortsatt`` (one to one), rule ``navn``: the same 2024 host and a name likhet ≥
   ``fortsatt``, best likhet first (then overlap, then the ids); then rule ``kommuner``: a
   kommune overlap ≥ ``kommuner`` where neither service has another candidate as strong
   (overlap, then likhet; an exact tie too) among the services of the other wave not yet
   matched, included or not (a service of A excluded then may be what a service of B
   continues, so the kommuner alone cannot tell which). Repeated until nothing more is found.
2. ``slått sammen``: a service of A left over, all of whose kommuner lie in a service of B
   (rule ``inngår``), or hosted in the same 2024 kommune with a likhet ≥ ``sammenslatt``
   (rule ``navn``), is merged into it when that service continues one of A or takes in at
   least two of A. A service continuing in the same kommuner is preferred, then the most
   similar. Every service of A in a service of B that took in several is ``slått sammen``,
   the one found by rule 1 too: a merger has no single continuation.
3. ``delt``: a service of B left over, all of whose kommuner were in a service of A and are
   in no service that continues it, was split from it (rule ``inngår``) when that service of A
   continues or was split into at least two. Every part of a split is ``delt``, the one
   found by rule 1 too.
4. ``borte``: a service of A matched to nothing; ``ny``: a service of B matched to nothing.
   Its row names the closest interviewed candidate of the other wave (likhet, then overlap),
   with "(ikke inkludert)" when it is not included, so that a service renamed beyond
   recognition, or one that no longer meets the definition, can be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd
from rapidfuzz import fuzz, utils

from ..schema import load_schema
from .waves import REGISTER_2014, Wave

FORTSATT, SAMMENSLATT, DELT, BORTE, NY = "fortsatt", "slått sammen", "delt", "borte", "ny"
UTFALL = (FORTSATT, SAMMENSLATT, DELT, BORTE, NY)
# The rules that decide a pair (column ``regel``).
NAVN, KOMMUNER, INNGAR = "navn", "kommuner", "inngår"
IKKE_KOBLET = "ikke koblet"
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
    "samme_vertskommune",
    "kommuneoverlapp",
    "regel",
)
PAIR_COLUMNS = (
    "tjeneste_id_a",
    "tjeneste_navn_a",
    "inkludert_a",
    "tjeneste_id_b",
    "tjeneste_navn_b",
    "inkludert_b",
    "felles_kommuner",
    "samme_vertskommune",
    "likhet",
    "kommuneoverlapp",
    "andel_a_i_b",
    "andel_b_i_a",
    "beslutning",
    "regel",
    "grunn",
)


@dataclass(frozen=True)
class Service:
    id: str
    navn: str
    organisering: str
    inkludert: bool
    kommuner_2024: tuple[str, ...]  # the 2024 kommune(s) its host lies in
    sett: frozenset[str]  # its host and participants as 2024 units (kommuner, Oslo bydeler)

    @property
    def kommuner(self) -> frozenset[str]:
        """Its 2024 kommuner (an Oslo bydel in Oslo)."""
        return frozenset(u[:4] for u in self.sett)


@dataclass(frozen=True)
class Pair:
    """Two candidate services (sharing a 2024 kommune) and the evidence that they are one."""

    a: Service
    b: Service
    likhet: int
    samme_vert: bool
    felles: int  # units in both sets
    union: int  # kommuner in either set

    def overlap_at_least(self, percent: float) -> bool:
        return self.felles * 100 >= percent * self.union

    @property
    def strength(self) -> tuple[Fraction, int]:
        """The kommune overlap (exact), then the name's likhet."""
        return Fraction(self.felles, self.union), self.likhet

    @property
    def overlapp(self) -> int:
        return round(100 * self.felles / self.union)

    @property
    def a_inside(self) -> bool:
        return self.felles == len(self.a.sett)

    @property
    def b_inside(self) -> bool:
        return self.felles == len(self.b.sett)


def hosts_2024(wave: Wave, changes: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """A wave's host and participant ids (kommune or bydel) → the 2024 kommune(s) they lie in."""
    own = set(wave.kommuner["kommunenummer"])
    to_2024: dict[str, list[str]] = {}
    if wave.register == REGISTER_2014:
        for r in changes.itertuples(index=False):
            to_2024.setdefault(r.kommunenummer_2014, []).append(r.kommunenummer_2024)
    out = {}
    for unit in set(wave.tjenester["vertskommune_id"]) | set(_participants(wave.tjenester)):
        # An Oslo bydel (030101) lies in its kommune, the first four digits.
        kommune = unit if unit in own else unit[:4]
        out[unit] = tuple(sorted(to_2024.get(kommune, [kommune])))
    return out


def _participants(tjenester: pd.DataFrame) -> list[str]:
    column = tjenester.get("deltakere", pd.Series("", index=tjenester.index))
    return [u for cell in column for u in str(cell).split(";") if u]


def services(wave: Wave, changes: pd.DataFrame) -> list[Service]:
    hosts = hosts_2024(wave, changes)
    table = wave.tjenester.sort_values("tjeneste_id")
    deltakere = table.get("deltakere", pd.Series("", index=table.index))
    out = []
    for r, parts in zip(table.itertuples(index=False), deltakere, strict=True):
        units = [r.vertskommune_id, *(u for u in str(parts).split(";") if u)]
        # Both registers ask Oslo by its bydeler: a bydel is a unit of its own here.
        sett = frozenset(k for u in units for k in (hosts[u] if len(u) == 4 else (u,)))
        out.append(Service(r.tjeneste_id, r.tjeneste_navn, r.organisering, r.inkludert == "Ja",
                           hosts[r.vertskommune_id], sett))  # fmt: skip
    return out


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


def candidate_pairs(sa: list[Service], sb: list[Service], changes: pd.DataFrame) -> list[Pair]:
    """Every pair of services of A and B whose kommune sets share a 2024 kommune."""
    places = place_names(changes)
    out = []
    for x in sa:
        for y in sb:
            if x.kommuner & y.kommuner:
                felles = len(x.sett & y.sett)
                hosts = set(x.kommuner_2024) | set(y.kommuner_2024)
                where = set().union(*(places.get(k, set()) for k in hosts))
                out.append(Pair(x, y, score(x.navn, y.navn, where),
                                bool(set(x.kommuner_2024) & set(y.kommuner_2024)),
                                felles, len(x.sett | y.sett)))  # fmt: skip
    return out


@dataclass
class Decisions:
    """What the rules decided: the pairs that continue, merge and split, each with its rule."""

    fortsatt: dict[str, tuple[Pair, str]]  # A id → (pair, rule)
    sammenslatt: dict[str, tuple[Pair, str]]  # A id → (pair, rule)
    delt: dict[str, tuple[Pair, str]]  # B id → (pair, rule)

    def of(self, p: Pair) -> tuple[str, str] | None:
        for utfall, found, key in ((FORTSATT, self.fortsatt, p.a.id),
                                   (SAMMENSLATT, self.sammenslatt, p.a.id),
                                   (DELT, self.delt, p.b.id)):  # fmt: skip
            if key in found and found[key][0] is p:
                return utfall, found[key][1]
        return None


Linked = dict[str, tuple[Pair, str]]  # a service's id → the pair it is in, and the rule


def decide(pairs: list[Pair], thresholds: dict) -> Decisions:
    """The module's rules 1–3 over the candidate pairs (all interviewed services)."""
    included = [p for p in pairs if p.a.inkludert and p.b.inkludert]
    fortsatt = _continued(pairs, included, thresholds)
    sammenslatt = _merged(included, fortsatt, thresholds)
    delt = _split(included, fortsatt, sammenslatt)
    # A service of B that took in several of A is a merger of all of them, and one of A that
    # became several of B was split into all of them: no one of them simply continued.
    into = {p.b.id for p, _r in sammenslatt.values()}
    out_of = {p.a.id for p, _r in delt.values()}
    for a_id, (p, _rule) in list(fortsatt.items()):
        if p.b.id in into:
            sammenslatt[a_id] = fortsatt.pop(a_id)
        elif a_id in out_of:
            delt[p.b.id] = fortsatt.pop(a_id)
    return Decisions(fortsatt, sammenslatt, delt)


def _continued(pairs: list[Pair], included: list[Pair], thresholds: dict) -> Linked:
    """Rule 1: by name, then by the kommuner (A id → pair)."""
    fortsatt: Linked = {}
    used_b: set[str] = set()

    def open_(p: Pair) -> bool:
        return p.a.id not in fortsatt and p.b.id not in used_b

    def take(p: Pair, rule: str) -> None:
        fortsatt[p.a.id] = (p, rule)
        used_b.add(p.b.id)

    by_name = [p for p in included if p.samme_vert and p.likhet >= thresholds["fortsatt"]]
    for p in sorted(by_name, key=lambda p: (-p.likhet, -p.strength[0], p.a.id, p.b.id)):
        if open_(p):
            take(p, NAVN)
    close = [p for p in pairs if p.overlap_at_least(thresholds["kommuner"])]
    found = True
    while found:
        found = False
        free = [p for p in close if open_(p)]
        for p in sorted(free, key=lambda p: (-p.strength[0], -p.likhet, p.a.id, p.b.id)):
            if not (p.a.inkludert and p.b.inkludert and open_(p)):
                continue
            # Any other open candidate of either as strong (an exact tie too) leaves it open.
            rivals = [q for q in free if q is not p and (q.a is p.a or q.b is p.b)
                      and open_(q) and q.strength >= p.strength]  # fmt: skip
            if not rivals:
                take(p, KOMMUNER)
                found = True
    return fortsatt


def _merged(included: list[Pair], fortsatt: Linked, thresholds: dict) -> Linked:
    """Rule 2: services of A left over, into a service of B that continues one or takes in
    several (A id → pair)."""
    used_b = {p.b.id for p, _r in fortsatt.values()}
    best: Linked = {}
    for p in sorted(included, key=lambda p: (p.b.id not in used_b, -p.strength[0],
                                             -p.likhet, p.b.id)):  # fmt: skip
        if p.a.id in fortsatt or p.a.id in best:
            continue
        if p.a_inside:
            best[p.a.id] = (p, INNGAR)
        elif p.samme_vert and p.likhet >= thresholds["sammenslatt"]:
            best[p.a.id] = (p, NAVN)
    takes = _count(p.b.id for p, _r in best.values())
    return {a: pr for a, pr in best.items() if pr[0].b.id in used_b or takes[pr[0].b.id] > 1}


def _split(included: list[Pair], fortsatt: Linked, sammenslatt: Linked) -> Linked:
    """Rule 3: services of B left over, from a service of A whose kommuner they left
    (B id → pair)."""
    taken_b = {p.b.id for p, _r in (*fortsatt.values(), *sammenslatt.values())}
    continued_in = {a: p.b.sett for a, (p, _r) in fortsatt.items()}
    split: Linked = {}
    for p in sorted(included, key=lambda p: (p.a.id not in fortsatt, -p.likhet, p.a.id)):
        if p.b.id in taken_b or p.b.id in split or p.a.id in sammenslatt or not p.b_inside:
            continue
        if not p.b.sett & continued_in.get(p.a.id, frozenset()):
            split[p.b.id] = (p, INNGAR)
    parts = _count(p.a.id for p, _r in split.values())
    return {b: pr for b, pr in split.items() if pr[0].a.id in fortsatt or parts[pr[0].a.id] > 1}


def _count(ids) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in ids:
        out[i] = out.get(i, 0) + 1
    return out


def match_services(
    a: Wave, b: Wave, changes: pd.DataFrame, names_2024: dict[str, str], thresholds: dict
) -> pd.DataFrame:
    """``bolge_tjenester.csv``: every included service of both waves and what became of it."""
    return match_all(a, b, changes, names_2024, thresholds)[0]


def match_all(
    a: Wave, b: Wave, changes: pd.DataFrame, names_2024: dict[str, str], thresholds: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``bolge_tjenester.csv`` and ``bolge_tjenestepar.csv`` (every candidate pair)."""
    thresholds = DEFAULT_THRESHOLDS | dict(thresholds)
    all_a, all_b = services(a, changes), services(b, changes)
    pairs = candidate_pairs(all_a, all_b, changes)
    d = decide(pairs, thresholds)
    rows = []
    for x in (s for s in all_a if s.inkludert):
        own = [pr for pr in (d.fortsatt.get(x.id), d.sammenslatt.get(x.id)) if pr]
        own += [d.delt[k] for k in sorted(d.delt) if d.delt[k][0].a is x]
        for p, rule in own:
            rows.append(_row(d.of(p)[0], p.a, p.b, p, rule, names_2024))
        if not own:
            rows.append(_row(BORTE, x, None, None, "", names_2024, _closest(x, pairs, "a")))
    matched_b = {p.b.id for p, _r in (*d.fortsatt.values(), *d.sammenslatt.values())} | set(d.delt)
    for y in (s for s in all_b if s.inkludert and s.id not in matched_b):
        rows.append(_row(NY, None, y, None, "", names_2024, _closest(y, pairs, "b")))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    order = {u: i for i, u in enumerate(UTFALL)}
    table = table.sort_values(
        ["kommunenummer_2024", "utfall", "tjeneste_id_a", "tjeneste_id_b"],
        key=lambda c: c.map(order) if c.name == "utfall" else c,
    ).reset_index(drop=True)
    return table, _pair_table(pairs, d, thresholds)


def _closest(x: Service, pairs: list[Pair], side: str) -> tuple[Service, int] | None:
    """The most similar interviewed candidate of the other wave (then the most overlap)."""
    mine = [p for p in pairs if getattr(p, side) is x]
    if not mine:
        return None
    other = "b" if side == "a" else "a"
    p = min(mine, key=lambda p: (-p.likhet, -p.felles / p.union, getattr(p, other).id))
    return getattr(p, other), p.likhet


def _yes(flag: bool) -> str:
    return "Ja" if flag else "Nei"


def _row(utfall, x, y, pair, rule, names_2024, closest=None) -> list:
    where = (y or x).kommuner_2024
    naermeste = ""
    if closest is not None:
        other, _s = closest
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
        "" if pair is None else pair.likhet,
        naermeste,
        "" if closest is None else closest[1],
        "" if pair is None else _yes(pair.samme_vert),
        "" if pair is None else pair.overlapp,
        rule,
    ]


def _pair_table(pairs: list[Pair], d: Decisions, thresholds: dict) -> pd.DataFrame:
    """``bolge_tjenestepar.csv``: each candidate pair, its evidence and why it was (not) kept."""
    linked_a = {a for a in (*d.fortsatt, *d.sammenslatt)} | {p.a.id for p, _r in d.delt.values()}
    linked_b = {p.b.id for p, _r in (*d.fortsatt.values(), *d.sammenslatt.values())} | set(d.delt)
    rows = []
    for p in sorted(pairs, key=lambda p: (p.a.id, p.b.id)):
        decided = d.of(p)
        if decided:
            beslutning, rule, grunn = *decided, ""
        else:
            beslutning, rule, grunn = IKKE_KOBLET, "", _why_not(p, linked_a, linked_b, thresholds)
        rows.append([
            p.a.id, p.a.navn, _yes(p.a.inkludert), p.b.id, p.b.navn, _yes(p.b.inkludert),
            p.felles, _yes(p.samme_vert), p.likhet, p.overlapp,
            round(100 * p.felles / len(p.a.sett)), round(100 * p.felles / len(p.b.sett)),
            beslutning, rule, grunn,
        ])  # fmt: skip
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))


def _why_not(p: Pair, linked_a: set[str], linked_b: set[str], thresholds: dict) -> str:
    """Why a candidate pair was not kept (the first reason that holds)."""
    if not p.a.inkludert or not p.b.inkludert:
        return "ikke inkludert i " + (
            "noen av bølgene" if not (p.a.inkludert or p.b.inkludert)
            else "bølge A" if not p.a.inkludert else "bølge B"
        )  # fmt: skip
    if p.a.id in linked_a or p.b.id in linked_b:
        return "en av dem er koblet til en annen tjeneste"
    if p.overlap_at_least(thresholds["kommuner"]):
        return "kommunene overlapper like mye med en annen tjeneste"
    if p.a_inside or p.b_inside:
        return "kommunene til den ene ligger i den andre, men ingen sammenslåing eller deling ble funnet"
    return "navnene og kommunene er for ulike"
