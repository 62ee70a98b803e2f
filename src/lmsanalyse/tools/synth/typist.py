"""How people write: unit names as typed, fictitious contact persons, times and answers in
the mixed spellings of real exports. Shared by the 2014/15 survey (:mod:`.raw_files`) and the
2025 wave (:mod:`.wave2025_render`)."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from ...clean.names import KommuneMatcher
from .scale import phone as fictitious_phone
from .world import FICTIONAL_SURNAMES, FIRST_NAMES


class Typist:
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
                typo(base, self.rng),
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


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 7:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "swap":
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


class People:
    """Clearly fictitious contact persons, phone numbers and e-mail addresses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = 0

    def person(self) -> tuple[str, str, str]:
        self.serial += 1
        first = self.rng.choice(FIRST_NAMES)
        last = self.rng.choice(FICTIONAL_SURNAMES)
        phone = fictitious_phone(self.serial)
        local = f"{first}.{last}".lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
        email = f"{local}{self.serial}@kommune-eksempel.invalid"
        return f"{first} {last}", phone, email


def times(rng: random.Random, start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(
        days=rng.randrange(days), hours=rng.randint(8, 15), minutes=rng.randrange(60)
    )


def fmt_time(t: dt.datetime, rng: random.Random) -> str:
    return t.strftime("%d.%m.%Y %H:%M") if rng.random() < 0.6 else t.strftime("%Y-%m-%dT%H:%M:%S")


def answer_case(value: str, rng: random.Random) -> str:
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


def parse_any(text: str) -> dt.datetime:
    for fmt in ("%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(text)


def date_key(text: str) -> dt.date:
    if "." in text:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    return dt.date.fromisoformat(text)
