"""The synthetic 2025 wave: the kartlegging asked again of the 2024 register (357 kommuner,
Oslo by its 15 bydeler: 371 units), derived from the 2014/15 world of the same seed.

What became of the 2014/15 services is fixed by design; the seed decides which services and
kommuner play each part (as in :mod:`.world`):

* of the 41 included services, 5 closed, 2 pairs merged into one service each, 1 continued but
  no longer meets the definition (``bm_evaluering`` only ``Delvis``; its kommune has no other
  service), 8 continued under a new name, the rest under their old one. Fredrikstad's
  frisklivssentral is always renamed; Sandefjord's own centre and the Narvik region's service
  always continue: Andebu and Stokke, merged into Sandefjord in 2017, are covered through it,
  as Ballangen is through Narvik;
* of the 17 excluded services, 3 now meet the definition, 6 still fail it, 8 closed;
* 9 services started in kommuner no 2014/15 service touched: 6 kommunale and 1 interkommunal
  of three neighbours that meet the definition (one not yet in gang), 2 that do not.

A service keeps its host: a 2014 kommune becomes the 2024 kommune it is part of (a kommune
split since goes with its first part, the lowest 2024 number); an interkommunal service whose
participants merged into one kommune is now kommunal. The questionnaire, the call round and
the interviews are dealt as in 2014/15 (:mod:`.answers`) with this wave's counts; the call
round's attempts are planned here, so that the number of calls is fixed too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pandas as pd

from ...guard import SYNTHETIC_MARKER
from ...reference import Register, load_enheter
from .answers import AnswerPlan, assign_answers, deal
from .model import Service, World
from .world import LMS_TYPES, OTHER_TYPES, Picker, diagnoses, short_place
from .world import build_world as build_world_2014

DATES = {
    "radmann": dt.datetime(2025, 1, 13),
    "ringerunde": dt.datetime(2025, 2, 17),
    "intervju": dt.datetime(2025, 2, 3),
}
# The included services of 2014/15.
CLOSED = 5
MERGED_PAIRS = 2
NO_LONGER = 1
RENAMED = 8
# The excluded services of 2014/15.
IMPROVED = 3
STILL_EXCLUDED = 6
# Started since 2014/15: (category, i_gang) of the kommunale, the interkommunal's size, and
# the excluded ones by the rule they fail.
NEW_KOMMUNAL = (
    ("friskliv", "Ja"),
    ("friskliv", "Ja"),
    ("friskliv", "Ja"),
    ("friskliv", "Nei"),
    ("koordinator", "Ja"),
    ("eget_senter", "Ja"),
)
NEW_INTERKOMMUNAL = 3
NEW_EXCLUDED = ("I4_lms_tilbud", "I2_brukermedvirkning (Delvis)")
# Interviewed: 41 - 5 - 2 + 9 (the excluded that go on) + 6 + 1 + 2 started.
INTERVIEWS = 52
INCLUDED = 43
ANSWERS = AnswerPlan(
    respondents=171,
    radmann_hosts=26,
    ja_uten_tjeneste=36,
    har_tjeneste_uten_intervju=9,
    uavklart=14,
    vet_ikke=9,
    blank=4,
)
# The call round: further undecided attempts before the last (count of units each), a
# switchboard's "no" before a health leader's "yes", a "satt over" after the answer, and
# lines logged twice.
EXTRA_ATTEMPTS = {0: 110, 1: 60, 2: 30}
SWITCHBOARD_NO = 6
TRAILING = 4
LOGGED_TWICE = 2
CALLS = 371 - 171 + 60 + 2 * 30 + SWITCHBOARD_NO + TRAILING + LOGGED_TWICE
CONTACT_POINTS = ("sentralbord", "servicetorg", "annen avdeling")
# The 2014/15 hosts that always play their part (see the module's text).
FREDRIKSTAD, SANDEFJORD, NARVIK = "0106", "0706", "1805"


class Kind(StrEnum):
    """What became of a service (:attr:`Fate.kind`), in the words of the wave's README."""

    CONTINUED = "fortsatt"
    RENAMED = "nytt navn"
    MERGED = "slått sammen"
    NO_LONGER = "oppfyller ikke lenger definisjonen"
    CLOSED = "nedlagt"
    NOW_MEETS = "oppfyller nå definisjonen"
    STILL_FAILS = "oppfyller fortsatt ikke definisjonen"
    STARTED = "ny"


def origin(seed: int) -> str:
    """The command that writes the wave of ``seed``."""
    return f"lmsanalyse synth --bolge 2025 --seed {seed}"


def marker(seed: int) -> str:
    """The synthetic-data text every row and file of the wave carries."""
    return f"{SYNTHETIC_MARKER} ({origin(seed)})"


@dataclass
class Fate:
    """What became of 2014/15 services (``before``: their ids) or where a new one came from."""

    kind: Kind
    before: tuple[str, ...]
    service: Service | None  # None: closed


@dataclass
class Wave:
    """Ground truth of the 2025 wave: its world on the 2024 register and how it came to be."""

    seed: int
    world: World
    before: World
    fates: list[Fate] = field(default_factory=list)
    calls: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # unit → attempts

    def covered(self) -> set[str]:
        """The 2024 kommuner the design covers (an Oslo bydel covers Oslo)."""
        kommune = dict(
            zip(self.world.units["enhet_id"], self.world.units["kommunenummer"], strict=True)
        )
        return {
            kommune[u]
            for s in self.world.services
            if s.intended == "inkludert"
            for u in s.participants
        }


def unit_2024(register: Register, ref_dir: Path) -> dict[str, str]:
    """Each 2014 unit's 2024 unit: bydeler are themselves; a kommune the 2024 kommune it is
    (part of), a split one its first part."""
    changes = pd.read_csv(ref_dir / "kommuneendringer_2014_2024.csv", dtype=str)
    changes = changes.sort_values(["kommunenummer_2014", "kommunenummer_2024"])
    out = dict(changes.groupby("kommunenummer_2014")["kommunenummer_2024"].first())
    for bydel in load_enheter(register).query("enhetstype == 'bydel'")["enhet_id"]:
        out[bydel] = bydel
    return out


def category(s: Service) -> str:
    if s.friskliv != "nei":
        return "friskliv"
    return {"senter/avdeling": "eget_senter", "koordinator": "koordinator"}.get(
        s.egen_enhet, "erfaring"
    )


def new_name(cat: str, place: str, region: bool, rng: random.Random) -> str:
    """A name of today: the lærings- og mestrings- words most services took on."""
    if region:
        return rng.choice([f"Friskliv, læring og mestring {place}regionen", f"LMS {place}regionen"])
    return {
        "friskliv": rng.choice(
            [
                f"Frisklivs-, lærings- og mestringssenteret i {place}",
                f"Friskliv og mestring {place}",
                f"{place} frisklivs- og mestringssentral",
            ]
        ),
        "eget_senter": f"Lærings- og mestringssenteret i {place}",
        "koordinator": f"Lærings- og mestringstjenesten i {place}",
    }.get(cat, f"Mestringstilbud i {place}")


def _started(s: Service, rng: random.Random) -> Service:
    """A service giving offerings in 2025: started, with user participation in every phase
    and at least one LMS offering, its counts drawn again."""
    lms = sorted(set(s.tilbudstyper) & set(LMS_TYPES)) or sorted(rng.sample(LMS_TYPES, 2))
    others = sorted(set(s.tilbudstyper) & set(OTHER_TYPES))
    return dataclasses.replace(
        s,
        i_gang="Ja",
        tilbudstyper=sorted(lms + others),
        diagnoser=s.diagnoser or diagnoses(rng),
        antall_tilbud=rng.randint(len(lms) + len(others), 9),
        bm=dict.fromkeys(("utvikling", "planlegging", "gjennomforing", "evaluering"), "Ja"),
        rekruttering=s.rekruttering or rng.choice(["via brukerorganisasjoner", "vet ikke"]),
        prosjektfinansiert="Ja" if rng.random() < 0.1 else "",
    )


def _named(s: Service, name: str) -> Service:
    return dataclasses.replace(s, navn=name, navn_med_mestring=_mestring(name))


def _mestring(name: str) -> str:
    return "Ja" if "mestring" in name.casefold() else "Nei"


class _Builder:
    """Carries the 2014/15 services to 2025, one decision after another."""

    def __init__(self, before: World, units: pd.DataFrame, to2024: dict[str, str], rng):
        self.rng = rng
        self.before = before
        self.names = dict(zip(units["enhet_id"], units["enhet_navn"], strict=True))
        self.to2024 = to2024
        self.fates: list[Fate] = []
        self.pick = Picker(units, rng)

    def carried(self, s: Service) -> Service:
        """The service on 2024 borders: its host and participants as 2024 units."""
        host = self.to2024[s.host]
        parts = sorted({self.to2024[u] for u in s.participants} | {host})
        return dataclasses.replace(
            s, host=host, participants=parts, organisering=_organisering(parts)
        )

    def place(self, unit: str) -> str:
        return short_place(self.names[unit])

    def draw(self, pool: list[Service], n: int) -> list[Service]:
        chosen = self.rng.sample(sorted(pool, key=lambda s: s.tjeneste_id), n)
        return sorted(chosen, key=lambda s: s.tjeneste_id)

    def kommune_pairs(self, pool: list[Service]) -> list[tuple[Service, Service]]:
        """Pairs of services whose hosts are one 2024 kommune; then pairs in one fylke."""
        fylke = dict(zip(self.pick.units["enhet_id"], self.pick.units["fylkesnummer"], strict=True))
        carried = {s.tjeneste_id: self.carried(s) for s in pool}
        ordered = sorted(pool, key=lambda s: s.tjeneste_id)
        same, near = [], []
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                ha, hb = carried[a.tjeneste_id].host, carried[b.tjeneste_id].host
                if ha == hb:
                    same.append((a, b))
                elif fylke[ha] == fylke[hb] and a.organisering == b.organisering == "kommunal":
                    near.append((a, b))
        self.rng.shuffle(same)
        self.rng.shuffle(near)
        # Neighbours first: 2024 numbers run along each fylke.
        near.sort(
            key=lambda p: abs(
                int(carried[p[0].tjeneste_id].host) - int(carried[p[1].tjeneste_id].host)
            )
        )
        return same + near

    def merge(self, pool: list[Service]) -> set[str]:
        """``MERGED_PAIRS`` pairs merged into one service each; returns the ids merged."""
        merged: set[str] = set()
        for a, b in self.kommune_pairs(pool):
            if len(merged) == 2 * MERGED_PAIRS:
                break
            if {a.tjeneste_id, b.tjeneste_id} & merged:
                continue
            merged |= {a.tjeneste_id, b.tjeneste_id}
            first, second = self.carried(a), self.carried(b)
            if second.organisering == "interkommunal" and first.organisering == "kommunal":
                first, second = second, first
            parts = sorted(set(first.participants) | set(second.participants))
            # Named after the kommune both are in now, or after the region they serve.
            region = first.host != second.host
            name = new_name("eget_senter", self.place(first.host), region, self.rng)
            service = _named(
                dataclasses.replace(
                    _started(first, self.rng),
                    participants=parts,
                    organisering=_organisering(parts),
                    egen_enhet="senter/avdeling",
                ),
                name,
            )
            self.fates.append(Fate(Kind.MERGED, (a.tjeneste_id, b.tjeneste_id), service))
        assert len(merged) == 2 * MERGED_PAIRS, "for få par å slå sammen"
        return merged


def _organisering(parts: list[str]) -> str:
    return "interkommunal" if len(parts) > 1 else "kommunal"


def build_wave(seed: int, ref_dir: Path, register: Register) -> Wave:
    """The 2025 wave of ``seed``: the 2014/15 world of the same seed carried to 2024."""
    before = build_world_2014(seed, ref_dir)
    units = load_enheter(register)
    rng = random.Random(seed * 7919 + 2024)
    b = _Builder(before, units, unit_2024(register, ref_dir), rng)
    included = [s for s in before.services if s.intended == "inkludert"]
    excluded = [s for s in before.services if s.intended != "inkludert"]
    anchors = {
        next(
            s.tjeneste_id
            for s in included
            if s.host == host and cat in (category(s), s.organisering)
        )
        for host, cat in (
            (FREDRIKSTAD, "friskliv"),
            (SANDEFJORD, "eget_senter"),
            (NARVIK, "interkommunal"),
        )
    }
    free = [s for s in included if s.tjeneste_id not in anchors]
    merged = b.merge(free)
    free = [s for s in free if s.tjeneste_id not in merged]
    closed = b.draw(free, CLOSED)
    b.fates += [Fate(Kind.CLOSED, (s.tjeneste_id,), None) for s in closed]
    free = [s for s in free if s not in closed]

    # The excluded services: some now meet the definition, some still fail, the rest closed.
    improved = b.draw(excluded, IMPROVED)
    rest = [s for s in excluded if s not in improved]
    still = b.draw(rest, STILL_EXCLUDED)
    for s in improved:
        better = _started(b.carried(s), rng)
        if category(better) == "erfaring":
            better = dataclasses.replace(better, friskliv="organisert sammen")
        better = _named(better, new_name(category(better), b.place(better.host), False, rng))
        b.fates.append(
            Fate(
                Kind.NOW_MEETS, (s.tjeneste_id,), dataclasses.replace(better, intended="inkludert")
            )
        )
    for s in still:
        kept = b.carried(s)
        if kept.i_gang == "Nei":  # started since, but its users still only partly take part
            kept = dataclasses.replace(
                _started(kept, rng), intended="I2_brukermedvirkning (Delvis)"
            )
            kept.bm["gjennomforing"] = "Delvis"
        b.fates.append(Fate(Kind.STILL_FAILS, (s.tjeneste_id,), kept))
    b.fates += [Fate(Kind.CLOSED, (s.tjeneste_id,), None) for s in rest if s not in still]

    # One kommune no longer meets the definition: its only service lost equal participation.
    def others_cover(s: Service) -> bool:
        later = [f.service for f in b.fates if f.service and f.service.intended == "inkludert"]
        later += [
            b.carried(o) for o in included if o is not s and (o in free or o.tjeneste_id in anchors)
        ]
        return any(b.to2024[s.host] in o.participants for o in later)

    candidates = [s for s in free if s.organisering == "kommunal" and not others_cover(s)]
    for s in b.draw(candidates, NO_LONGER):
        worse = _started(b.carried(s), rng)
        worse.bm["evaluering"] = "Delvis"
        worse = dataclasses.replace(worse, intended="I2_brukermedvirkning (Delvis)")
        b.fates.append(Fate(Kind.NO_LONGER, (s.tjeneste_id,), worse))
        free.remove(s)

    fredrikstad = next(s for s in included if s.host == FREDRIKSTAD)
    renamed = [fredrikstad, *b.draw(free, RENAMED - 1)]
    for s in included:
        if s in free or s.tjeneste_id in anchors:
            kept = _started(b.carried(s), rng) if s.i_gang == "Nei" else b.carried(s)
            if s in renamed:
                name = new_name(category(kept), b.place(kept.host), len(kept.participants) > 1, rng)
                b.fates.append(Fate(Kind.RENAMED, (s.tjeneste_id,), _named(kept, name)))
            else:
                b.fates.append(Fate(Kind.CONTINUED, (s.tjeneste_id,), kept))
    _start_new(b, before)
    services = [f.service for f in b.fates if f.service is not None]
    services.sort(key=lambda s: (s.host, s.navn))
    for k, s in enumerate(services, start=1):
        s.tjeneste_id = f"B{k:03d}"
    world = World(units=units, services=services, dates=dict(DATES))
    assign_answers(world, random.Random(seed * 7919 + 2025), ANSWERS)
    wave = Wave(seed, world, before, b.fates)
    wave.calls = plan_calls(world, rng)
    assert (len(services), sum(s.intended == "inkludert" for s in services)) == (
        INTERVIEWS,
        INCLUDED,
    )
    return wave


def _start_new(b: _Builder, before: World) -> None:
    """Services started in kommuner that no 2014/15 or 2025 service touched."""
    rng = b.rng
    touched = {b.to2024[u] for s in before.services for u in s.participants}
    touched |= {u for f in b.fates if f.service for u in f.service.participants}
    b.pick.used |= touched
    blank = dict(
        prosjektfinansiert="",
        mange_ars_erfaring="Nei",
        tjeneste_id="",
        intended="inkludert",
    )

    def service(host: str, parts: list[str], cat: str, i_gang: str, **kw) -> Service:
        started = i_gang == "Ja"
        name = new_name(cat, b.place(host), len(parts) > 1, rng)
        fields = blank | dict(
            navn=name,
            host=host,
            organisering=_organisering(parts),
            participants=parts,
            friskliv=rng.choice(["organisert sammen", "frisklivssentral gir tilbud"])
            if cat == "friskliv"
            else "nei",
            navn_med_mestring=_mestring(name),
            egen_enhet={"eget_senter": "senter/avdeling", "koordinator": "koordinator"}.get(
                cat, "nei"
            ),
            i_gang=i_gang,
            antall_tilbud=rng.randint(2, 7) if started else 0,
            tilbudstyper=sorted(rng.sample(LMS_TYPES, rng.randint(1, 3))) if started else [],
            diagnoser=diagnoses(rng) if started else [],
            bm={
                "utvikling": "Ja",
                "planlegging": "Ja",
                "gjennomforing": "Ja" if started else "Nei",
                "evaluering": "Ja" if started else "Nei",
            },
            brukerorg_etablering=rng.choice(["Ja", "Ja", "Nei", "Vet ikke"]),
            rekruttering=rng.choice(["via brukerorganisasjoner", "utenom organisasjonene"])
            if started
            else "",
        )
        return Service(**(fields | kw))

    for cat, i_gang in NEW_KOMMUNAL:
        host = b.pick.one()
        b.fates.append(Fate(Kind.STARTED, (), service(host, [host], cat, i_gang)))
    group = b.pick.group(NEW_INTERKOMMUNAL)
    b.fates.append(Fate(Kind.STARTED, (), service(group[0], group, "friskliv", "Ja")))
    host = b.pick.one()
    only_other = sorted(rng.sample(OTHER_TYPES, 2))
    b.fates.append(
        Fate(
            Kind.STARTED,
            (),
            service(
                host, [host], "friskliv", "Ja", tilbudstyper=only_other, intended=NEW_EXCLUDED[0]
            ),
        )
    )
    host = b.pick.one()
    bad = service(host, [host], "friskliv", "Ja", intended=NEW_EXCLUDED[1])
    bad.bm["planlegging"] = "Delvis"
    b.fates.append(Fate(Kind.STARTED, (), bad))


def plan_calls(world: World, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Each called unit's attempts (contact point, outcome), the decisive one last but for a
    few; the counts are fixed (:data:`CALLS`)."""
    units = sorted(world.call_outcome)
    extra = deal({str(k): n for k, n in EXTRA_ATTEMPTS.items()}, len(units), rng)
    has = sorted(u for u in units if world.call_outcome[u] == "har tjeneste")
    switchboard = set(rng.sample(has, SWITCHBOARD_NO))
    decided = sorted(u for u in units if world.call_outcome[u] != "uavklart")
    trailing = set(rng.sample(decided, TRAILING))
    plan = {}
    for unit, n in zip(units, extra, strict=True):
        outcome = world.call_outcome[unit]
        attempts = [
            (rng.choice(CONTACT_POINTS), rng.choice(["satt over", "uavklart"]))
            for _ in range(int(n))
        ]
        if outcome == "uavklart":
            attempts.append((rng.choice(CONTACT_POINTS), "uavklart"))
        else:
            if unit in switchboard:
                attempts.append(("sentralbord", "har ikke tjeneste"))
            point = (
                "frisklivssentral"
                if outcome == "har tjeneste" and rng.random() < 0.4
                else "helseleder"
            )
            attempts.append((point, outcome))
        if unit in trailing:
            attempts.append(("servicetorg", "satt over"))
        plan[unit] = attempts
    return plan
