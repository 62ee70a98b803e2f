"""Synthetic kartlegging: three raw exports for the real 442 units, deterministic per seed.

The real survey data is not public. This generator builds a *world* (who answered, who was
called, which services exist and how they answer the interview) whose structure is fixed so
that the published definition ``nklmh_2015`` yields every self-consistent published figure:
41 services (28 kommunale, 13 interkommunale with 51 participant kommuner), 79 of 428
kommuner, 188 questionnaire answers, 254 units in the call round, 27/4/6/4 by category, and
so on. The seed only decides *which* kommuner play which part, the names of services, the
dates, and the mess: name variants and typos, 3-digit numbers, corrected submissions,
mixed case, several call attempts, Windows-1252 with ``;``, an XLSX export, long question
headers, and clearly fictitious personal data (``*.invalid`` e-mail addresses, ``+47 000``
phone numbers, surnames such as *Fiktivsen*).

The world is then *rendered* into raw files. Rendering never produces anything the contract
would quarantine, so ``lmsanalyse validate`` reports no problems on the bundled data; typos are
checked against the real matcher and replaced by a clean spelling if the matcher would not
resolve them.

``scale`` > 1 repeats the whole survey K times with K disjoint sets of ids (as for a
repeated or Nordic-wide survey) for benchmarks; only ``scale = 1`` is calibrated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import reference
from ..clean.names import KommuneMatcher
from ..guard import SYNTHETIC_MARKER

DEFAULT_SEED = 2015

# The fixed structure of the included services: (category, organisering, participants per service).
# 16 + 4 + 4 + 4 = 28 kommunale; 11 + 2 = 13 interkommunale with 35 + 16 = 51 participants.
FRISKLIV_KOMMUNAL = 16
FRISKLIV_INTERKOMMUNAL_SIZES = (3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4)
KOORDINATOR_KOMMUNAL = 4
KOORDINATOR_INTERKOMMUNAL_SIZES = (7, 9)
EGET_SENTER = 4
MANGE_ARS_ERFARING = 4
FRISKLIV_MESTRING_I_NAVNET = 8
PROSJEKTFINANSIERT = 7
IKKE_I_GANG = 4
TILBUD_TOTALT = 135
BRUKERORG = {"Ja": 29, "Nei": 10, "Vet ikke": 2}
REKRUTTERING = {"via brukerorganisasjoner": 33, "utenom organisasjonene": 3, "vet ikke": 1}

# Questionnaire: 188 unique respondents, 254 units in the call round.
RESPONDENTS = 188
RADMANN_JA_UTEN_TJENESTE = 45
RADMANN_HOSTS = 30  # hosts of interviewed services found through the questionnaire
RINGERUNDE_HAR_TJENESTE_UTEN_INTERVJU = 12
RINGERUNDE_UAVKLART = 20
CORRECTED_SUBMISSIONS = 12
REPEATED_SUBMISSIONS = 2

LMS_TYPES = ("mestringskurs", "pårørendekurs", "diagnosekurs", "kurs på tvers av diagnoser")
OTHER_TYPES = ("samtalegruppe", "individuell opplæring", "pasientskole", "livsstilskurs")
MAIN_DIAGNOSES = ("diabetes", "kols", "hjerte og kar", "kreft")
SPORADIC_DIAGNOSES = ("psykisk helse", "rus", "på tvers av diagnoser", "annet")

FIRST_NAMES = (
    "Kari",
    "Ola",
    "Ingrid",
    "Per",
    "Astrid",
    "Lars",
    "Sigrid",
    "Nils",
    "Marit",
    "Knut",
    "Solveig",
    "Arne",
    "Berit",
    "Jon",
    "Liv",
    "Terje",
    "Randi",
    "Odd",
    "Hilde",
    "Geir",
)
FICTIONAL_SURNAMES = (
    "Fiktivsen",
    "Oppdiktet",
    "Prøvesen",
    "Eksempelsen",
    "Testdal",
    "Diktrud",
    "Påfunnsen",
    "Skinnli",
    "Kulissen",
    "Attrapp",
    "Liksomsen",
    "Dummestad",
)

RADMANN_HEADERS = {
    "svar_id": "Svar-ID",
    "innsendt": "Tidspunkt",
    "enhet": "Kommune/bydel",
    "har_tjeneste": "Har kommunen/bydelen en lærings- og mestringstjeneste?",
    "interkommunal": "Er tjenesten interkommunal?",
    "samarbeidskommuner": "Hvilke kommuner samarbeider dere med?",
    "tjeneste_navn": "Navn på tjenesten",
    "kontaktperson": "Kontaktperson for tjenesten",
    "kontakt_telefon": "Telefon kontaktperson",
    "kontakt_epost": "E-post kontaktperson",
    "kommentar": "Kommentarer",
    "_status": "Status",  # an extra export column the contract does not know: ignored, reported
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


class _Picker:
    """Draws units without replacement, keeping interkommunal groups inside one fylke."""

    def __init__(self, units: pd.DataFrame, rng: random.Random):
        self.rng = rng
        self.units = units
        self.used: set[str] = set()
        self.by_fylke: dict[str, list[str]] = {
            f: sorted(g["enhet_id"])
            for f, g in units.loc[units["enhetstype"] == "kommune"].groupby("fylkesnummer")
        }

    def take(self, unit: str) -> str:
        assert unit not in self.used, unit
        self.used.add(unit)
        return unit

    def one(self, pool: list[str] | None = None) -> str:
        """One unused unit from ``pool`` (default: the kommuner, not Oslo's bydeler)."""
        default = [u for units in self.by_fylke.values() for u in units]
        pool = [u for u in (pool or default) if u not in self.used]
        return self.take(self.rng.choice(sorted(pool)))

    def group(self, size: int, fylke: str | None = None) -> list[str]:
        """``size`` neighbouring kommuner (consecutive numbers) of one fylke, all unused."""
        fylker = [fylke] if fylke else sorted(self.by_fylke)
        options = []
        for f in fylker:
            members = self.by_fylke[f]
            for i in range(len(members) - size + 1):
                block = members[i : i + size]
                if not any(u in self.used for u in block):
                    options.append(block)
        block = self.rng.choice(options)
        for u in block:
            self.take(u)
        return block


# ---------------------------------------------------------------- the world


def _service_name(
    category: str, place: str, mestring: bool, rng: random.Random, region: bool = False
) -> str:
    if region:
        # Interkommunale services are named after their region.
        if category == "friskliv":
            if mestring:
                return f"Friskliv og mestring {place}"
            return f"Interkommunal frisklivssentral, {place}"
        if mestring:
            return f"Lærings- og mestringstjenesten i {place}"
        return f"Koordinator for pasientopplæring i {place}"
    if category == "friskliv":
        if mestring:
            return rng.choice(
                [
                    f"Frisklivs- og mestringssenteret {place}",
                    f"Friskliv og mestring {place}",
                    f"{place} frisklivs- og mestringssentral",
                ]
            )
        return rng.choice(
            [f"{place} frisklivssentral", f"Frisklivssentralen i {place}", f"Friskliv {place}"]
        )
    if category == "eget_senter":
        return (
            rng.choice([f"Lærings- og mestringssenteret i {place}", f"LMS {place}"])
            if mestring
            else f"Pasientopplæringen i {place}"
        )
    if category == "koordinator":
        return (
            f"Lærings- og mestringstjenesten {place}"
            if mestring
            else f"Koordinator for pasientopplæring, {place}"
        )
    if category == "erfaring":
        return f"Kurstilbud for kronikere, {place}"
    return f"{place} helse- og omsorgstjeneste"


def _short_place(name: str) -> str:
    # 'Kárášjohka - Karasjok' → 'Kárášjohka'; 'Bydel Sagene' → 'Sagene'
    return name.split(" - ")[0].removeprefix("Bydel ")


def _offering_counts(n: int, total: int, rng: random.Random) -> list[int]:
    """``n`` counts of offerings summing to ``total``: most between 1 and 5, a few above."""
    counts = [rng.randint(1, 5) for _ in range(n)]
    while sum(counts) != total:
        i = rng.randrange(n)
        if sum(counts) < total:
            # Few services give more than five offerings: grow those ≤ 5 first.
            small = [j for j in range(n) if counts[j] < 5]
            j = rng.choice(small) if small and rng.random() < 0.8 else i
            counts[j] += 1
        elif counts[i] > 1:
            counts[i] -= 1
    return counts


def _deal(labels: dict[str, int], n: int, rng: random.Random) -> list[str]:
    """A shuffled list of ``n`` labels with exactly the given counts."""
    out = [label for label, k in labels.items() for _ in range(k)]
    assert len(out) == n, (labels, n)
    rng.shuffle(out)
    return out


def build_world(seed: int, ref_dir: Path) -> World:
    """Build the ground truth: who answered what, and which services exist."""
    rng = random.Random(seed)
    units = reference.load_enheter(ref_dir)
    names = dict(zip(units["enhet_id"], units["enhet_navn"], strict=True))
    world = World(units=units)
    pick = _Picker(units, rng)
    bydeler = sorted(units.loc[units["enhetstype"] == "bydel", "enhet_id"])

    included: list[tuple[str, str, list[str]]] = []  # (category, host, participants)
    # The sources name these three kommuner among the covered ones.
    fixed = {"friskliv": pick.take("0106"), "eget_senter": pick.take("0706")}
    # Narvik hosts an interkommunal service with its Ofoten neighbours Tjeldsund, Evenes, Ballangen.
    narvik_group = [pick.take(u) for u in ("1805", "1852", "1853", "1854")]

    included.append(("friskliv", fixed["friskliv"], [fixed["friskliv"]]))
    included.append(("friskliv", pick.one(bydeler), []))  # an Oslo bydel hosts one service
    for _ in range(FRISKLIV_KOMMUNAL - 2):
        included.append(("friskliv", pick.one(), []))
    sizes = list(FRISKLIV_INTERKOMMUNAL_SIZES)
    sizes.remove(4)
    included.append(("friskliv", narvik_group[0], narvik_group))
    for size in sizes:
        group = pick.group(size)
        included.append(("friskliv", group[0], group))
    for _ in range(KOORDINATOR_KOMMUNAL):
        included.append(("koordinator", pick.one(), []))
    for size in KOORDINATOR_INTERKOMMUNAL_SIZES:
        group = pick.group(size)
        included.append(("koordinator", group[0], group))
    included.append(("eget_senter", fixed["eget_senter"], [fixed["eget_senter"]]))
    for _ in range(EGET_SENTER - 1):
        included.append(("eget_senter", pick.one(), []))
    for _ in range(MANGE_ARS_ERFARING):
        included.append(("erfaring", pick.one(), []))
    included = [(c, h, p or [h]) for c, h, p in included]

    n = len(included)
    started = _deal({"Ja": n - IKKE_I_GANG, "Nei": IKKE_I_GANG}, n, rng)
    # A service with many years' experience has, by definition, started.
    erfaring_idx = [i for i, (c, _, _) in enumerate(included) if c == "erfaring"]
    for i in erfaring_idx:
        if started[i] == "Nei":
            j = next(k for k in range(n) if started[k] == "Ja" and included[k][0] != "erfaring")
            started[i], started[j] = "Ja", "Nei"
    prosjekt = _deal({"Ja": PROSJEKTFINANSIERT, "": n - PROSJEKTFINANSIERT}, n, rng)
    brukerorg = _deal(BRUKERORG, n, rng)
    started_idx = [i for i in range(n) if started[i] == "Ja"]
    recruit = dict(zip(started_idx, _deal(REKRUTTERING, len(started_idx), rng), strict=True))
    counts = dict(
        zip(started_idx, _offering_counts(len(started_idx), TILBUD_TOTALT, rng), strict=True)
    )
    friskliv_idx = [i for i, (c, _, _) in enumerate(included) if c == "friskliv"]
    mestring = set(rng.sample(friskliv_idx, FRISKLIV_MESTRING_I_NAVNET))

    for i, (cat, host, parts) in enumerate(included):
        is_started = started[i] == "Ja"
        if cat == "friskliv":
            name_mestring = i in mestring
        else:
            name_mestring = rng.random() < 0.6
        place = _short_place(names[host])
        if len(parts) > 1:
            place = f"{place}regionen"
        types = sorted(
            set(
                rng.sample(LMS_TYPES, rng.randint(1, 3))
                + rng.sample(OTHER_TYPES, rng.randint(0, 2))
            )
        )
        world.services.append(
            Service(
                tjeneste_id="",
                navn=_service_name(cat, place, name_mestring, rng, region=len(parts) > 1),
                host=host,
                organisering="interkommunal" if len(parts) > 1 else "kommunal",
                participants=parts,
                friskliv=rng.choice(["organisert sammen", "frisklivssentral gir tilbud"])
                if cat == "friskliv"
                else "nei",
                navn_med_mestring="Ja" if name_mestring else "Nei",
                egen_enhet={"eget_senter": "senter/avdeling", "koordinator": "koordinator"}.get(
                    cat, "koordinator" if cat == "friskliv" and rng.random() < 0.15 else "nei"
                ),
                prosjektfinansiert=prosjekt[i],
                i_gang=started[i],
                antall_tilbud=counts.get(i, 0),
                tilbudstyper=types if is_started else [],
                diagnoser=_diagnoses(rng) if is_started else [],
                bm={
                    "utvikling": "Ja",
                    "planlegging": "Ja",
                    "gjennomforing": "Ja" if is_started else rng.choice(["Nei", "Delvis"]),
                    "evaluering": "Ja" if is_started else "Nei",
                },
                brukerorg_etablering=brukerorg[i],
                rekruttering=recruit.get(i, ""),
                mange_ars_erfaring="Ja" if cat == "erfaring" else "Nei",
                intended="inkludert",
            )
        )

    _add_excluded_services(world, pick, rng, names)
    world.services.sort(key=lambda s: (s.host, s.navn))
    for k, s in enumerate(world.services, start=1):
        s.tjeneste_id = f"T{k:03d}"
    _assign_answers(world, pick, rng)
    return world


def _diagnoses(rng: random.Random) -> list[str]:
    picked = rng.sample(MAIN_DIAGNOSES, rng.randint(1, 4))
    if rng.random() < 0.25:
        picked.append(rng.choice(SPORADIC_DIAGNOSES))
    return sorted(set(picked))


def _add_excluded_services(
    world: World, pick: _Picker, rng: random.Random, names: dict[str, str]
) -> None:
    """Interviewed services that fail the definition, each built to fail specific rules."""
    base = dict(
        navn_med_mestring="Nei",
        egen_enhet="nei",
        prosjektfinansiert="",
        i_gang="Ja",
        brukerorg_etablering="Nei",
        mange_ars_erfaring="Nei",
    )

    def service(intended: str, host: str, parts: list[str] | None = None, **kw) -> None:
        started = kw.get("i_gang", "Ja") == "Ja"
        fields = (
            base
            | {
                "friskliv": "organisert sammen",
                "tilbudstyper": sorted(rng.sample(LMS_TYPES, 2)) if started else [],
                "diagnoser": _diagnoses(rng) if started else [],
                "antall_tilbud": rng.randint(1, 4) if started else 0,
                "rekruttering": rng.choice(["via brukerorganisasjoner", "utenom organisasjonene"])
                if started
                else "",
                "bm": {
                    "utvikling": "Ja",
                    "planlegging": "Ja",
                    "gjennomforing": "Ja",
                    "evaluering": "Ja",
                },
            }
            | kw
        )
        place = _short_place(names[host])
        name = fields.pop("navn", None) or (
            f"{place} frisklivssentral"
            if fields["friskliv"] != "nei"
            else f"{place} helse- og omsorgstjeneste"
        )
        parts = parts or [host]
        world.services.append(
            Service(
                tjeneste_id="",
                navn=name,
                host=host,
                organisering="interkommunal" if len(parts) > 1 else "kommunal",
                participants=parts,
                intended=intended,
                **fields,
            )
        )

    bm_no = ("gjennomforing", "evaluering", "planlegging", "utvikling", "evaluering")
    for phase in bm_no:  # frisklivssentraler without equal user participation
        bm = {"utvikling": "Ja", "planlegging": "Ja", "gjennomforing": "Ja", "evaluering": "Ja"} | {
            phase: "Nei"
        }
        service("I2_brukermedvirkning", pick.one(), bm=bm)
    for phase in ("evaluering", "planlegging", "gjennomforing"):  # only partly
        bm = {"utvikling": "Ja", "planlegging": "Ja", "gjennomforing": "Ja", "evaluering": "Ja"} | {
            phase: "Delvis"
        }
        service("I2_brukermedvirkning (Delvis)", pick.one(), bm=bm, brukerorg_etablering="Ja")
    for _ in range(3):  # offerings that NK LMH does not count as LMS
        service(
            "I4_lms_tilbud",
            pick.one(),
            tilbudstyper=sorted(rng.sample(OTHER_TYPES, rng.randint(1, 3))),
        )
    for _ in range(2):  # single offerings, no established service
        service("I3_etablert", pick.one(), friskliv="nei", egen_enhet="nei")
    service(
        "I2_brukermedvirkning+I4_lms_tilbud",
        pick.one(),
        bm={"utvikling": "Ja", "planlegging": "Nei", "gjennomforing": "Ja", "evaluering": "Nei"},
        tilbudstyper=["livsstilskurs", "samtalegruppe"],
    )
    group = pick.group(3)
    service(
        "I2_brukermedvirkning (Delvis)",
        group[0],
        group,
        bm={"utvikling": "Ja", "planlegging": "Delvis", "gjennomforing": "Ja", "evaluering": "Ja"},
        navn=f"Interkommunal frisklivssentral, {_short_place(names[group[0]])}regionen",
    )
    service(
        "I2_brukermedvirkning (ikke i gang)",
        pick.one(),
        i_gang="Nei",
        bm={"utvikling": "Ja", "planlegging": "Nei", "gjennomforing": "Nei", "evaluering": "Nei"},
    )
    # An excluded frisklivssentral in a kommune that is covered by another, included service.
    covered_host = next(s.host for s in world.services if s.egen_enhet == "senter/avdeling")
    service(
        "I2_brukermedvirkning",
        covered_host,
        bm={"utvikling": "Nei", "planlegging": "Nei", "gjennomforing": "Ja", "evaluering": "Nei"},
    )


def _assign_answers(world: World, pick: _Picker, rng: random.Random) -> None:
    """Decide each unit's questionnaire answer or call-round outcome."""
    all_units = sorted(world.units["enhet_id"])
    hosts = sorted({s.host for s in world.services})
    included_ids = {id(s) for s in world.services if s.intended == "inkludert"}
    participants = sorted(
        {u for s in world.services for u in s.participants if u != s.host} - set(hosts)
    )
    included_participants = {
        u for s in world.services if id(s) in included_ids for u in s.participants if u != s.host
    }
    rng.shuffle(hosts)
    radmann_hosts = set(hosts[:RADMANN_HOSTS])
    call_hosts = set(hosts[RADMANN_HOSTS:])
    part_shuffled = participants[:]
    rng.shuffle(part_shuffled)
    half = len(part_shuffled) * 9 // 20
    radmann_parts, call_parts = part_shuffled[:half], part_shuffled[half:]

    for u in radmann_hosts:
        world.radmann_answer[u] = "Ja"
    for k, u in enumerate(radmann_parts):
        # Participants' rådmenn: mostly Ja; some say Nei (a conflict the audit flags).
        world.radmann_answer[u] = (
            "Nei" if k < 4 and u in included_participants else ("Vet ikke" if k < 6 else "Ja")
        )
    others = [
        u
        for u in all_units
        if u not in world.radmann_answer and u not in call_hosts and u not in call_parts
    ]
    rng.shuffle(others)
    n_rest = RESPONDENTS - len(world.radmann_answer)
    rest = others[:n_rest]
    labels = _deal(
        {
            "Ja": RADMANN_JA_UTEN_TJENESTE,
            "Vet ikke": 10,
            "": 5,
            "Nei": n_rest - RADMANN_JA_UTEN_TJENESTE - 15,
        },
        n_rest,
        rng,
    )
    world.radmann_answer.update(zip(rest, labels, strict=True))
    callees = sorted(set(all_units) - set(world.radmann_answer))
    for u in call_hosts:
        world.call_outcome[u] = "har tjeneste"
    for k, u in enumerate(sorted(call_parts)):
        world.call_outcome[u] = (
            "har ikke tjeneste" if k < 3 else ("uavklart" if k < 6 else "har tjeneste")
        )
    free = [u for u in callees if u not in world.call_outcome]
    rng.shuffle(free)
    n_free = len(free)
    labels = _deal(
        {
            "har tjeneste": RINGERUNDE_HAR_TJENESTE_UTEN_INTERVJU,
            "uavklart": RINGERUNDE_UAVKLART,
            "har ikke tjeneste": n_free
            - RINGERUNDE_HAR_TJENESTE_UTEN_INTERVJU
            - RINGERUNDE_UAVKLART,
        },
        n_free,
        rng,
    )
    world.call_outcome.update(zip(free, labels, strict=True))
    assert len(world.radmann_answer) == RESPONDENTS
    assert len(world.call_outcome) == len(all_units) - RESPONDENTS


# ---------------------------------------------------------------- rendering


class _Typist:
    """Writes unit names the way people type them, never beyond what the matcher resolves."""

    def __init__(self, units: pd.DataFrame, matcher: KommuneMatcher, rng: random.Random):
        self.rng = rng
        self.matcher = matcher
        self.units = units.set_index("enhet_id")
        counts = units.loc[units["enhetstype"] == "kommune", "kommunenavn"].value_counts()
        self.shared_names = set(counts[counts > 1].index)

    def _resolves(self, text: str, unit: str) -> bool:
        m = self.matcher.match(text)
        return m.ok and m.enhet_id == unit

    def write(self, unit: str) -> str:
        row = self.units.loc[unit]
        name = row["enhet_navn"]
        parts = name.split(" - ")
        options: list[str]
        if row["enhetstype"] == "bydel":
            short = name.removeprefix("Bydel ")
            options = [
                name,
                short,
                f"Bydel {short.lower()}",
                f"Oslo - {short}",
                f"bydel {short}",
                unit,
            ]
        else:
            base = parts[self.rng.randrange(len(parts))]
            num = unit.lstrip("0") if unit.startswith("0") and self.rng.random() < 0.5 else unit
            options = [
                base,
                f"{base} kommune",
                base.upper(),
                base.lower(),
                num,
                f"{unit} {base}",
                f"{base} ({num})",
                base.replace("-", " "),
                _typo(base, self.rng),
            ]
            if row["kommunenavn"] in self.shared_names:
                fylke = row["fylkesnavn"].split(" ")[0]
                options = [f"{base} i {fylke}", f"{base} ({fylke})", num, f"{unit} {base}"]
        # Mostly the plain name; now and then a variant.
        weights = [6, 2, 1, 1, 1, 1, 1, 1, 1][: len(options)]
        choice = self.rng.choices(options, weights=weights)[0]
        return (
            choice
            if self._resolves(choice, unit)
            else (unit if self.rng.random() < 0.3 else f"{unit} {parts[0]}")
        )

    def write_list(self, units: list[str]) -> str:
        texts = [self.write(u) for u in units]
        # A list written with a mix of separators, as in real exports.
        out = texts[0]
        for i, t in enumerate(texts[1:], start=1):
            last = i == len(texts) - 1
            sep = (
                self.rng.choice([", ", "; ", "\n"])
                if not last
                else self.rng.choice([" og ", ", ", "; "])
            )
            out += sep + t
        return (
            out
            if self.matcher.split_list(out) and len(self.matcher.split_list(out)) == len(units)
            else "; ".join(f"{u}" for u in units)
        )


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 7:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "swap":
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


class _People:
    """Clearly fictitious contact persons, phone numbers and e-mail addresses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = 0

    def person(self) -> tuple[str, str, str]:
        self.serial += 1
        first = self.rng.choice(FIRST_NAMES)
        last = self.rng.choice(FICTIONAL_SURNAMES)
        phone = f"+47 000 {self.serial // 100:02d} {self.serial % 100:03d}"
        local = f"{first}.{last}".lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
        email = f"{local}{self.serial}@kommune-eksempel.invalid"
        return f"{first} {last}", phone, email


def _times(rng: random.Random, start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(
        days=rng.randrange(days), hours=rng.randint(8, 15), minutes=rng.randrange(60)
    )


def _fmt_time(t: dt.datetime, rng: random.Random) -> str:
    return t.strftime("%d.%m.%Y %H:%M") if rng.random() < 0.6 else t.strftime("%Y-%m-%dT%H:%M:%S")


def _answer_case(value: str, rng: random.Random) -> str:
    if not value:
        return value
    r = rng.random()
    if r < 0.1:
        return value.upper()
    if r < 0.2:
        return value.lower()
    if r < 0.25:
        return f" {value} "
    return value


def render_radmann(
    world: World, typist: _Typist, people: _People, rng: random.Random
) -> pd.DataFrame:
    """One row per submission, with corrected and repeated submissions."""
    by_host = {s.host: s for s in world.services}
    rows = []
    start = dt.datetime(2014, 11, 3)
    units = sorted(world.radmann_answer)
    corrected = set(
        rng.sample([u for u in units if world.radmann_answer[u] == "Ja"], CORRECTED_SUBMISSIONS)
    )
    repeated = set(rng.sample([u for u in units if u not in corrected], REPEATED_SUBMISSIONS))
    for unit in units:
        answer = world.radmann_answer[unit]
        when = _times(rng, start, 40)
        row = {
            "enhet": typist.write(unit),
            "har_tjeneste": _answer_case(answer, rng),
            "_status": "Fullført",
        }
        if answer == "Ja":
            svc = by_host.get(unit) or next(
                (s for s in world.services if unit in s.participants), None
            )
            name, phone, email = people.person()
            row |= {"kontaktperson": name, "kontakt_telefon": phone, "kontakt_epost": email}
            if svc is not None and svc.organisering == "interkommunal":
                others = [u for u in svc.participants if u != unit]
                row |= {
                    "interkommunal": "Ja",
                    "samarbeidskommuner": typist.write_list(others),
                    "tjeneste_navn": svc.navn,
                }
            else:
                row |= {
                    "interkommunal": "Nei",
                    "tjeneste_navn": svc.navn
                    if svc
                    else rng.choice(
                        [
                            "Frisklivssentralen",
                            "Hjemmetjenesten",
                            "Fysioterapitjenesten",
                            "Helsestasjon",
                            "Kreftkoordinator",
                            "Rehabiliteringsteamet",
                            "Diabetesgruppe",
                        ]
                    ),
                }
            if rng.random() < 0.2:
                row["kommentar"] = f"Ring gjerne {name.split()[0]} på {phone} for mer informasjon."
        elif rng.random() < 0.1:
            row["kommentar"] = rng.choice(
                ["Usikker på hva som menes.", "Vi har frisklivssentral, men ikke LMS."]
            )
        if unit in corrected:
            first = dict(row) | {
                "har_tjeneste": "Vet ikke",
                "interkommunal": "",
                "samarbeidskommuner": "",
                "tjeneste_navn": "",
                "kontaktperson": "",
                "kontakt_telefon": "",
                "kontakt_epost": "",
            }
            first["innsendt"] = _fmt_time(when - dt.timedelta(days=rng.randint(1, 5)), rng)
            first.pop("kommentar", None)
            rows.append(first)
        row["innsendt"] = _fmt_time(when, rng)
        rows.append(row)
        if unit in repeated:
            rows.append(dict(row) | {"innsendt": _fmt_time(when + dt.timedelta(minutes=1), rng)})
    rng.shuffle(rows)
    rows.sort(key=lambda r: _parse_any(r["innsendt"]))
    for k, r in enumerate(rows, start=1):
        r["svar_id"] = f"R{1000 + k}"
    return pd.DataFrame(rows, columns=[c for c in RADMANN_HEADERS])


def _parse_any(text: str) -> dt.datetime:
    for fmt in ("%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(text)


_CONTACT_POINTS = ("sentralbord", "servicetorg", "annen avdeling")


def render_ringerunde(
    world: World, typist: _Typist, people: _People, rng: random.Random
) -> pd.DataFrame:
    """One row per call attempt; decisive outcomes come last, often after being put through."""
    rows = []
    start = dt.datetime(2014, 12, 1)
    for unit in sorted(world.call_outcome):
        outcome = world.call_outcome[unit]
        attempts: list[tuple[str, str]] = []
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            attempts.append((rng.choice(_CONTACT_POINTS), rng.choice(["satt over", "uavklart"])))
        if outcome == "uavklart":
            attempts.append((rng.choice(_CONTACT_POINTS), "uavklart"))
        else:
            point = (
                "frisklivssentral"
                if outcome == "har tjeneste" and rng.random() < 0.4
                else "helseleder"
            )
            if outcome == "har tjeneste" and rng.random() < 0.15:
                # A switchboard said no, the health leader later said yes: the last decisive answer counts.
                attempts.append(("sentralbord", "har ikke tjeneste"))
            attempts.append((point, outcome))
            if rng.random() < 0.1:
                attempts.append(("servicetorg", "satt over"))
        day = _times(rng, start, 30)
        for k, (point, result) in enumerate(attempts, start=1):
            day += dt.timedelta(days=rng.randint(0, 4))
            name, phone, _ = people.person()
            date = day.strftime("%d.%m.%Y") if rng.random() < 0.5 else day.date().isoformat()
            rows.append(
                {
                    "enhet": typist.write(unit),
                    "dato": date,
                    "forsok": str(k),
                    "kontaktpunkt": point,
                    "utfall": _answer_case(result, rng),
                    "kontaktperson": name if point != "sentralbord" else "",
                    "telefon": phone,
                    "notat": rng.choice(["", "", "Ba oss ringe tilbake", f"Snakket med {name}"]),
                }
            )
    repeats = rng.sample(range(len(rows)), 3)
    for i in repeats:  # the same line logged twice
        rows.append(dict(rows[i]))
    rows.sort(key=lambda r: (_date_key(r["dato"]), r["enhet"], r["forsok"]))
    return pd.DataFrame(rows)


def _date_key(text: str) -> dt.date:
    if "." in text:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    return dt.date.fromisoformat(text)


def render_intervju(
    world: World, typist: _Typist, people: _People, rng: random.Random
) -> pd.DataFrame:
    rows = []
    start = dt.datetime(2014, 12, 8)
    interviewers = ["Intervjuer Fiktivsen", "Intervjuer Oppdiktet"]
    for s in world.services:
        leader, phone, _ = people.person()
        parts = s.participants if s.organisering == "interkommunal" else []
        rows.append(
            {
                "ID": s.tjeneste_id,
                "Tjenestens navn": s.navn,
                "vertskommune": typist.write(s.host),
                "organisering": s.organisering,
                "Deltakende kommuner": typist.write_list(parts) if parts else None,
                "friskliv": s.friskliv,
                "navn_med_mestring": _answer_case(s.navn_med_mestring, rng),
                "egen_enhet": s.egen_enhet,
                "prosjektfinansiert": s.prosjektfinansiert or None,
                "i_gang": s.i_gang,
                "antall_tilbud": s.antall_tilbud,
                "tilbudstyper": "; ".join(s.tilbudstyper) or None,
                "diagnoser": ", ".join(s.diagnoser) or None,
                "bm_utvikling": s.bm["utvikling"],
                "bm_planlegging": s.bm["planlegging"],
                "bm_gjennomforing": s.bm["gjennomforing"],
                "bm_evaluering": s.bm["evaluering"],
                "brukerorg_etablering": s.brukerorg_etablering or None,
                "rekruttering": s.rekruttering or None,
                "mange_ars_erfaring": s.mange_ars_erfaring,
                "intervjuer": rng.choice(interviewers),
                "Intervjudato": _times(rng, start, 50).date(),
                "leder_navn": leader,
                "leder_telefon": phone,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- writing files


def _csv_bytes(
    df: pd.DataFrame, headers: dict[str, str] | None, delimiter: str, encoding: str
) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    cols = list(df.columns)
    writer.writerow([headers.get(c, c) if headers else c for c in cols])
    for row in df.itertuples(index=False):
        writer.writerow(
            ["" if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row]
        )
    return buf.getvalue().encode(encoding)


_FIXED_ZIP_TIME = (2015, 1, 31, 12, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _xlsx_bytes(df: pd.DataFrame) -> bytes:
    """An XLSX export with dates as dates and counts as numbers, byte-identical across runs."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Intervjuer"
    wb.properties.title = SYNTHETIC_MARKER
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([None if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row])
    for cell in ws["V"][1:]:
        cell.number_format = "DD.MM.YYYY"
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries; fix both.
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIME.sub(rb"\g<1>2015-01-31T12:00:00Z\g<3>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


README_TEXT = """# {marker} — synthetic data / syntetiske data

**Norsk.** Filene i denne mappen er SYNTETISKE. De er laget av `lmsanalyse synth --seed {seed}`
og inneholder ingen ekte svar fra kartleggingen NK LMH gjorde vinteren 2014/2015 (de ekte
rådataene er ikke offentlige). Kommunene og bydelene er de ekte 442 enhetene som fikk
spørreskjemaet, men hvem som svarte hva, tjenestene og alle navn er oppdiktet. Strukturen er
kalibrert slik at definisjonen `nklmh_2015` gir de publiserte tallene (41 tjenester, 79 av 428
kommuner osv.), og dataene har rotet fra ekte eksporter: navnevarianter og skrivefeil,
tresifrede kommunenummer, korrigerte innsendinger, Windows-1252 med semikolon, XLSX.
Kontaktpersoner, telefonnumre (+47 000 …) og e-postadresser (…@kommune-eksempel.invalid) er
åpenbart fiktive. Legg aldri ekte eksporter her: hold dem utenfor depotet og bruk `--raw-dir`.

**English.** The files in this folder are SYNTHETIC, made by `lmsanalyse synth --seed {seed}`.
They contain no real answers from NK LMH's 2014/2015 kartlegging (the real raw data is not
public). The 442 units are the real kommuner and Oslo bydeler that received the questionnaire;
who answered what, the services and every name are invented. The structure is calibrated so
that the definition `nklmh_2015` reproduces the published figures, and the files carry the mess
of real exports. Contact persons, phone numbers and e-mail addresses are clearly fictitious.
Never put real exports here: keep them outside the repository and use `--raw-dir`.

| file | format |
|---|---|
| `radmann_skjema.csv` | Windows-1252, `;`, long question texts as headers (see `config/header_aliases.yaml`) |
| `ringerunde_logg.csv` | UTF-8, `,` |
| `telefonintervju.xlsx` | XLSX, first sheet |

Regenerate: `lmsanalyse synth --seed {seed} --out data/raw` (byte-identical; a test checks it).
"""


def write_synthetic(
    out_dir: Path, seed: int = DEFAULT_SEED, ref_dir: Path = Path("data/reference"), scale: int = 1
) -> list[Path]:
    """Write the three raw files (and a README) for a synthetic kartlegging.

    Args:
        out_dir: target directory (created).
        seed: random seed; the same seed gives byte-identical files.
        ref_dir: reference directory (the real 2014 register).
        scale: repeat the survey this many times with disjoint ids (benchmarks only).

    Returns:
        The paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    matcher = KommuneMatcher.from_reference(ref_dir)
    frames: dict[str, list[pd.DataFrame]] = {"radmann": [], "ringerunde": [], "intervju": []}
    for rep in range(scale):
        rng = random.Random(seed * 1000 + rep)
        world = build_world(seed + rep, ref_dir)
        typist = _Typist(world.units, matcher, rng)
        people = _People(rng)
        radmann = render_radmann(world, typist, people, rng)
        ringerunde = render_ringerunde(world, typist, people, rng)
        intervju = render_intervju(world, typist, people, rng)
        # Every row carries the marker, so that a file without it is recognisably not synthetic.
        marker = f"{SYNTHETIC_MARKER} (lmsanalyse synth --seed {seed})"
        for frame in (radmann, ringerunde, intervju):
            frame["Datakilde"] = marker
        if scale > 1:
            # A repeated survey of the same units: ids and attempt numbers stay unique.
            radmann["svar_id"] = f"S{rep}-" + radmann["svar_id"]
            intervju["ID"] = f"S{rep}-" + intervju["ID"]
            ringerunde["forsok"] = (ringerunde["forsok"].astype(int) + 100 * rep).astype(str)
        frames["radmann"].append(radmann)
        frames["ringerunde"].append(ringerunde)
        frames["intervju"].append(intervju)
    paths = [
        out_dir / "radmann_skjema.csv",
        out_dir / "ringerunde_logg.csv",
        out_dir / "telefonintervju.xlsx",
    ]
    paths[0].write_bytes(_csv_bytes(pd.concat(frames["radmann"]), RADMANN_HEADERS, ";", "cp1252"))
    paths[1].write_bytes(_csv_bytes(pd.concat(frames["ringerunde"]), None, ",", "utf-8"))
    paths[2].write_bytes(_xlsx_bytes(pd.concat(frames["intervju"])))
    readme = out_dir / "README.md"
    readme.write_text(README_TEXT.format(marker=SYNTHETIC_MARKER, seed=seed), encoding="utf-8")
    return paths + [readme]
