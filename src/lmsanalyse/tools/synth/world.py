"""The synthetic world: who answered, who was called, which services exist (ground truth).

Its structure is fixed so that ``nklmh_2015`` yields every self-consistent published
figure; the seed decides which kommuner play which part.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from ... import reference
from .answers import AnswerPlan, assign_answers, deal
from .model import Service, World

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
ANSWERS = AnswerPlan(
    respondents=188,
    radmann_hosts=30,
    ja_uten_tjeneste=45,
    har_tjeneste_uten_intervju=12,
    uavklart=20,
)
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


class Picker:
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


def short_place(name: str) -> str:
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


def build_world(seed: int, ref_dir: Path) -> World:
    """Build the ground truth: who answered what, and which services exist."""
    rng = random.Random(seed)
    units = reference.load_enheter(ref_dir)
    names = dict(zip(units["enhet_id"], units["enhet_navn"], strict=True))
    world = World(units=units)
    pick = Picker(units, rng)
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
    started = deal({"Ja": n - IKKE_I_GANG, "Nei": IKKE_I_GANG}, n, rng)
    # A service with many years' experience has, by definition, started.
    erfaring_idx = [i for i, (c, _, _) in enumerate(included) if c == "erfaring"]
    for i in erfaring_idx:
        if started[i] == "Nei":
            j = next(k for k in range(n) if started[k] == "Ja" and included[k][0] != "erfaring")
            started[i], started[j] = "Ja", "Nei"
    prosjekt = deal({"Ja": PROSJEKTFINANSIERT, "": n - PROSJEKTFINANSIERT}, n, rng)
    brukerorg = deal(BRUKERORG, n, rng)
    started_idx = [i for i in range(n) if started[i] == "Ja"]
    recruit = dict(zip(started_idx, deal(REKRUTTERING, len(started_idx), rng), strict=True))
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
        place = short_place(names[host])
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
                diagnoser=diagnoses(rng) if is_started else [],
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
    assign_answers(world, rng, ANSWERS)
    return world


def diagnoses(rng: random.Random) -> list[str]:
    picked = rng.sample(MAIN_DIAGNOSES, rng.randint(1, 4))
    if rng.random() < 0.25:
        picked.append(rng.choice(SPORADIC_DIAGNOSES))
    return sorted(set(picked))


def _add_excluded_services(
    world: World, pick: Picker, rng: random.Random, names: dict[str, str]
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
                "diagnoser": diagnoses(rng) if started else [],
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
        place = short_place(names[host])
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
        navn=f"Interkommunal frisklivssentral, {short_place(names[group[0]])}regionen",
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
