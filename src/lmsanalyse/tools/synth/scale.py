"""``lmsanalyse synth --scale K``: the survey over K × the units, for benchmarks only.

At K > 1 the generator writes a **synthetic register** of K copies of the real 2014 register
and K copies of the survey, one over each copy, so that every stage does K × the work of the
bundled data (K × 442 units, K × 58 interviews, K × the questionnaire rows, and more call rows;
see below):

* Copy 0 is the real register and the bundled survey (the same world, rendered the same way).
* Copy k ≥ 1 of kommune ``1804 Bodø`` is the kommune ``1804kkk`` (its number with the copy's
  three digits after it: ``1804001``), named with the copy's word in front of each part of the
  name (``Tomi Bodø``; ``Tomi Kárášjohka - Tomi Karasjok``); its bydeler likewise
  (``030102001 Tomi Grünerløkka`` in ``0301001 Tomi Oslo``). The word has no digits (the matcher
  reads digits as a number), is no word of any real kommune, bydel or fylke name of 2014,
  2020 or 2024 (so no copy's name is a real or a later kommune's), and the copies' words are
  spread over 4 225 letter patterns, so that ``Tomi Bodø`` and the next copy's name are not
  alike to the fuzzy matcher. The fylker stay the real ones: a copy's kommune lies in its
  original's fylke, so a fylke qualifier ("Tomi Herøy i Nordland") reads as it does for the
  real name, and the first two digits of every number are still its fylke.
* The population, the 2020 and 2024 change lists and the 2020 fylker are derived the same
  way (copy k of a 2020 kommune is its number and name in copy k), so the 2020 picture is
  K × the bundled one. A synthetic register has no map (``kart: null``).
* Copy k's raw rows are copy 0's with every unit text rewritten to name the copy's unit in
  the same form (the number replaced by the copy's, the copy's word put before the name, so
  "bodø kommune" becomes "Tomi bodø kommune" and a typo stays a typo), every id and every
  phone number and e-mail address made unique (serials offset by k × 100 000). Each rewritten
  text is checked against the matcher over the whole synthetic register; one that would not
  resolve to the copy's unit is written as the unit's number. Answers, dates and outcomes are
  copy 0's, so every decision of copy k is copy 0's, and the figures are K × the bundled
  ones (``tests/test_synth_scale.py`` checks which, exactly).
* **Call volume (benchmark only):** at K > 1 every unit of the call round gets
  :data:`EXTRA_CALLS_AT_SCALE` further attempts after its last one, on the same day, to a
  switchboard, a service desk or another department, each ``satt over`` or ``uavklart``. They
  change no unit's outcome or AAPOR disposition (neither is decisive, and none reached a
  health leader or a frisklivssentral), but they make the call log ≈ 10 000 rows per copy, so
  that K = 100 gives ≈ 1 M call-round rows as the scale benchmark asks (the bundled survey has
  ≈ 2 attempts per unit; K × 494 would be 49 400). The call-row figures
  (``ringerunde_forsok``, ``rader_*_ringerunde_logg``) are therefore not K × the bundled ones.

The raw files are written as at K = 1; the register goes to ``register/`` beside them and
``config.yaml`` names it (``lmsanalyse run --config DIR/config.yaml``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ... import reference
from ...clean.name_forms import (
    DIGITS,
    FYLKE_ALIASES,
    FYLKE_WORDS,
    NOISE_WORDS,
    NUMBER_WORDS,
    name_aliases,
    normalise_name,
)
from ...clean.names import KommuneMatcher

# A copy's number is its original's with the copy's number in this many digits after it.
COPY_DIGITS = 3
MAX_SCALE = 10**COPY_DIGITS
# Further call attempts per unit of the call round in each copy when K > 1 (benchmark only).
EXTRA_CALLS_AT_SCALE = 38
# Serials of fictitious persons (phone numbers, e-mail addresses) of copy k start at k × this.
SERIAL_BLOCK = 100_000
# Extra attempts' persons start here within a copy's block (copy 0 uses fewer than 2 000).
EXTRA_SERIAL_START = 50_000

REGISTER_DIR = "register"
CONFIG_FILE = "config.yaml"
# The synthetic register's files, by role of config `register` (no map).
REGISTER_FILES = {
    "kommuner": "kommuner.csv",
    "bydeler": "bydeler.csv",
    "folkemengde": "folkemengde.csv",
    "folkemengde_bydeler": "folkemengde_bydeler.csv",
    "kommuneendringer_2020": "kommuneendringer_2020.csv",
    "kommuneendringer_2024": "kommuneendringer_2024.csv",
    "kommuner_2024": "kommuner_2024.csv",
    "fylker_2020": "fylker_2020.csv",
}

_CONSONANTS = "bdfgklmnprstv"
_VOWELS = "aeiou"
_PHONE = re.compile(r"\+47 000 (\d+) (\d{3})")
_EMAIL_SERIAL = re.compile(r"(\d+)(@kommune-eksempel\.invalid)")


def phone(serial: int) -> str:
    """The fictitious phone number of a person serial (``+47 000 …``)."""
    return f"+47 000 {serial // 100:02d} {serial % 100:03d}"


def copy_number(number: str, k: int) -> str:
    """Copy k's kommune-, bydel- or delnummer: the original's with k in three digits after it."""
    return number if k == 0 else f"{number}{k:0{COPY_DIGITS}d}"


def _real_words(ref_dir: Path) -> set[str]:
    """Every word of every real kommune, bydel and fylke name (2014, 2020, 2024)."""
    words = set(NOISE_WORDS | NUMBER_WORDS | FYLKE_WORDS | {"i", "og"})
    for alias in FYLKE_ALIASES:
        words.update(normalise_name(alias).split())
    for path in sorted(Path(ref_dir).glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in [c for c in frame.columns if "navn" in c and "figur" not in c]:
            for name in frame[column].unique():
                words.update(normalise_name(name).split())
    return words


def copy_words(ref_dir: Path, count: int) -> list[str]:
    """The words of copies 1 … ``count``: consonant-vowel-consonant-vowel words in an order
    fixed by their SHA-256 (neighbouring copies get unrelated words), leaving out every word
    of a real name. Copy k's word does not depend on K."""
    if count <= 0:
        return []
    taken = _real_words(ref_dir)
    words = [
        a + b + c + d
        for a in _CONSONANTS
        for b in _VOWELS
        for c in _CONSONANTS
        for d in _VOWELS
        if a + b + c + d not in taken
    ]
    words.sort(key=lambda w: hashlib.sha256(w.encode()).hexdigest())
    if count > len(words):
        raise ValueError(f"bare {len(words)} kopier er mulig")
    return [w.capitalize() for w in words[:count]]


def copy_name(name: str, word: str | None) -> str:
    """Copy's name: its word before each part of a Sámi/Norwegian double name."""
    if word is None:
        return name
    return " - ".join(f"{word} {part.strip()}" for part in name.split(" - "))


# ---------------------------------------------------------------- the register


def build_register(
    ref_dir: Path, scale: int
) -> tuple[dict[str, pd.DataFrame], dict[str, int], list[str | None]]:
    """The K-fold register's tables (by role of config ``register``), its counts, and each
    copy's word (None for copy 0, the real register)."""
    real = reference.Register.default(ref_dir)
    words = [None, *copy_words(ref_dir, scale - 1)]
    kommuner = reference.load_kommuner(real)
    bydeler = reference.load_bydeler(real)
    folk = reference.load_folkemengde(real)
    deler = reference.load_folkemengde_oslo(real)
    changes = {year: pd.read_csv(real.require(f"kommuneendringer_{year}"), dtype=str,
                                 keep_default_na=False) for year in (2020, 2024)}  # fmt: skip
    kommuner_2024 = reference.load_kommuner_2024(real)
    out: dict[str, list[pd.DataFrame]] = {role: [] for role in REGISTER_FILES}
    for k, word in enumerate(words):
        out["kommuner"].append(
            kommuner.assign(
                kommunenummer=[copy_number(n, k) for n in kommuner["kommunenummer"]],
                kommunenavn=[copy_name(n, word) for n in kommuner["kommunenavn"]],
            )
        )
        out["bydeler"].append(
            bydeler.assign(
                bydelsnummer=[copy_number(n, k) for n in bydeler["bydelsnummer"]],
                bydelsnavn=[copy_name(n, word) for n in bydeler["bydelsnavn"]],
                kommunenummer=[copy_number(n, k) for n in bydeler["kommunenummer"]],
            )
        )
        out["folkemengde"].append(
            folk.assign(kommunenummer=[copy_number(n, k) for n in folk["kommunenummer"]])
        )
        out["folkemengde_bydeler"].append(
            deler.assign(
                delnummer=[copy_number(n, k) for n in deler["delnummer"]],
                delnavn=[copy_name(n, word) for n in deler["delnavn"]],
                kommunenummer=[copy_number(n, k) for n in deler["kommunenummer"]],
            )
        )
        for year, frame in changes.items():
            numbers = {c: [copy_number(n, k) for n in frame[c]]
                       for c in ("kommunenummer_2014", f"kommunenummer_{year}")}  # fmt: skip
            names = {c: [copy_name(n, word) for n in frame[c]]
                     for c in ("kommunenavn_2014", f"kommunenavn_{year}")}  # fmt: skip
            out[f"kommuneendringer_{year}"].append(frame.assign(**numbers, **names))
        # The 2024 kommuner keep their fylke (a copy's number begins with the fylke's).
        out["kommuner_2024"].append(
            kommuner_2024.assign(
                kommunenummer=[copy_number(n, k) for n in kommuner_2024["kommunenummer"]],
                kommunenavn=[copy_name(n, word) for n in kommuner_2024["kommunenavn"]],
            )
        )
    tables = {role: pd.concat(frames, ignore_index=True) for role, frames in out.items() if frames}
    tables["fylker_2020"] = reference.load_fylker_2020(real)
    counts = {
        name: count if name.startswith("fylker_") else scale * count
        for name, count in real.antall.items()
    }
    _check_names_apart(tables)
    return tables, counts, words


def _check_names_apart(tables: dict[str, pd.DataFrame]) -> None:
    """No name of one copy is a name of another copy (a shared name stays within its copy,
    as Herøy is shared in the real register; the fylke tells them apart)."""
    owner: dict[str, str] = {}
    units = [
        *zip(tables["kommuner"]["kommunenummer"], tables["kommuner"]["kommunenavn"], strict=True),
        *zip(tables["bydeler"]["bydelsnummer"], tables["bydeler"]["bydelsnavn"], strict=True),
    ]
    for year in (2020, 2024):
        frame = tables[f"kommuneendringer_{year}"]
        units += zip(frame[f"kommunenummer_{year}"], frame[f"kommunenavn_{year}"], strict=True)
    for number, name in units:
        copy = number[-COPY_DIGITS:] if len(number) > 6 else "real"
        for alias in name_aliases(name):
            for form in (alias, alias.replace(" ", "")):
                if owner.setdefault(form, copy) != copy:
                    raise AssertionError(f"navnet '{name}' finnes i to kopier av registeret")


def write_register(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Write the register's CSV files (UTF-8, ``,``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for role, name in REGISTER_FILES.items():
        path = folder / name
        tables[role].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths[role] = path
    return paths


def register_config(out_dir: Path, counts: dict[str, int]) -> dict:
    """The config (read with ``--config``) of a run on the scaled set."""
    return {
        "raw_dir": str(out_dir),
        "register": {
            "mappe": str(out_dir / REGISTER_DIR),
            **REGISTER_FILES,
            "kart": None,
            "antall": counts,
        },
    }


# ---------------------------------------------------------------- the copies


@dataclass
class Copier:
    """Rewrites copy 0's raw rows for copy k, checking every unit text against the register.

    Args:
        real: the matcher over the real register (copy 0's texts resolve with it).
        scaled: the matcher over the whole synthetic register.
        words: each copy's word (None for copy 0).
    """

    real: KommuneMatcher
    scaled: KommuneMatcher
    words: list[str | None]
    fallbacks: int = 0

    def __post_init__(self) -> None:
        self._bydeler = {}
        for enhet_id, label in self.real._label.items():
            if label.startswith("Bydel ") and len(enhet_id) == 6:
                self._bydeler[enhet_id] = label.removeprefix("Bydel ")

    def _unit(self, text: str) -> str:
        match = self.real.match(text)
        if not match.ok:
            raise AssertionError(f"'{text}' er ikke en enhet i det ekte registeret")
        return match.enhet_id

    def _rewrite(self, text: str, unit: str, k: int) -> str:
        """``text`` (naming ``unit`` of copy 0) in the same form for copy k's unit."""
        word = self.words[k]
        if word is None:
            return text
        new = DIGITS.sub(copy_number(unit, k), text)
        short = self._bydeler.get(unit)
        if short is not None:
            at = new.casefold().find(short.casefold())
        else:
            at = next((i for i, c in enumerate(new) if c.isalpha()), -1)
        if at < 0:
            return new if new.strip().isdigit() else copy_number(unit, k)
        return f"{new[:at]}{word} {new[at:]}"

    def unit_text(self, text: str, k: int) -> str:
        """One typed unit, rewritten for copy k and checked; else the copy's unit's number."""
        unit = self._unit(text)
        new = self._rewrite(text, unit, k)
        target = copy_number(unit, k)
        match = self.scaled.match(new)
        if match.ok and match.enhet_id == target:
            return new
        self.fallbacks += 1
        return target

    def list_text(self, text: str, k: int) -> str:
        """A typed list of units, each rewritten for copy k, separators kept; checked as a
        whole (else the copy's units' numbers, ``;``-separated)."""
        items = self.real.split_list(text)
        units = [self._unit(item) for item in items]
        pieces, cursor = [], 0
        for item, unit in zip(items, units, strict=True):
            at = text.index(item, cursor)
            pieces += [text[cursor:at], self._rewrite(item, unit, k)]
            cursor = at + len(item)
        new = "".join(pieces) + text[cursor:]
        targets = [copy_number(u, k) for u in units]
        split = self.scaled.split_list(new)
        found = [self.scaled.match(piece).enhet_id for piece in split]
        if found == targets:
            return new
        self.fallbacks += 1
        return "; ".join(targets)


def _cells(column: pd.Series, rewrite) -> list:
    """``rewrite`` applied once per distinct non-blank cell."""
    done: dict[str, object] = {}
    out = []
    for value in column:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
            out.append(value)
            continue
        if value not in done:
            done[value] = rewrite(value)
        out.append(done[value])
    return out


def _offset_serials(text: object, offset: int) -> object:
    """Phone numbers and e-mail addresses in ``text`` with their person serial offset."""
    if not isinstance(text, str) or offset == 0:
        return text
    text = _PHONE.sub(lambda m: phone(int(m[1]) * 100 + int(m[2]) + offset), text)
    return _EMAIL_SERIAL.sub(lambda m: f"{int(m[1]) + offset}{m[2]}", text)


# The columns of each rendered frame that name units, one per cell or as a list.
UNIT_COLUMNS = {
    "radmann": {"enhet": False, "samarbeidskommuner": True},
    "ringerunde": {"enhet": False},
    "intervju": {"vertskommune": False, "Deltakende kommuner": True},
}
PERSONAL_COLUMNS = {
    "radmann": ("kontakt_telefon", "kontakt_epost", "kommentar"),
    "ringerunde": ("telefon",),
    "intervju": ("leder_telefon",),
}
ID_COLUMNS = {"radmann": "svar_id", "intervju": "ID"}


def copy_frames(frames: dict[str, pd.DataFrame], copier: Copier, k: int) -> dict:
    """Copy k of copy 0's rendered frames: units, ids and personal serials rewritten."""
    out = {}
    offset = k * SERIAL_BLOCK
    for name, frame in frames.items():
        frame = frame.copy()
        for column, is_list in UNIT_COLUMNS[name].items():
            rewrite = copier.list_text if is_list else copier.unit_text
            frame[column] = _cells(frame[column], lambda v, r=rewrite: r(v, k))
        for column in PERSONAL_COLUMNS[name]:
            frame[column] = [_offset_serials(v, offset) for v in frame[column]]
        if k and name in ID_COLUMNS:
            column = ID_COLUMNS[name]
            frame[column] = [f"{v}-{k:0{COPY_DIGITS}d}" for v in frame[column]]
        out[name] = frame
    return out


_EXTRA_POINTS = ("sentralbord", "servicetorg", "annen avdeling")
_EXTRA_OUTCOMES = ("satt over", "uavklart")


def extra_calls(
    calls: pd.DataFrame, k: int, per_unit: int, names: list[str], matcher: KommuneMatcher
) -> pd.DataFrame:
    """``per_unit`` further attempts for each unit of copy k's call log, after its last one.

    Each is on the day of the unit's last attempt, to a switchboard, a service desk or another
    department, ``satt over`` or ``uavklart``: no outcome or disposition changes. The unit is
    written as in its last attempt.
    """
    if per_unit <= 0 or calls.empty:
        return calls.iloc[0:0]
    attempts = calls.assign(
        enhet_id=[matcher.match(t).enhet_id for t in calls["enhet"]],
        nr=calls["forsok"].astype(int),
    )
    last = attempts.sort_values("nr", kind="stable").groupby("enhet_id").tail(1)
    last = last.sort_values("enhet_id", kind="stable")
    columns: dict[str, list] = {c: [] for c in calls.columns}
    serial = k * SERIAL_BLOCK + EXTRA_SERIAL_START
    for enhet, dato, nr, marker in last[["enhet", "dato", "nr", "Datakilde"]].itertuples(
        index=False
    ):
        for i in range(1, per_unit + 1):
            point = _EXTRA_POINTS[(nr + i) % len(_EXTRA_POINTS)]
            serial += 1
            row = {
                "enhet": enhet,
                "dato": dato,
                "forsok": str(nr + i),
                "kontaktpunkt": point,
                "utfall": _EXTRA_OUTCOMES[i % 2],
                "kontaktperson": "" if point == "sentralbord" else names[serial % len(names)],
                "telefon": phone(serial),
                "notat": "",
                "Datakilde": marker,
            }
            for column, values in columns.items():
                values.append(row[column])
    return pd.DataFrame(columns)
