"""Name forms: how a typed kommune or bydel name is reduced before it is compared.

Pure functions and the word lists they use; :mod:`lmsanalyse.clean.names` matches the
reduced forms against the register.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from functools import lru_cache
from itertools import permutations

import pandas as pd

# Words around a name that say what kind of unit it is, not which one.
NOISE_WORDS = frozenset({"kommune", "kommunes", "kommunen", "bydel", "bydelen", "herad"})
# Words that may stand beside a number ("knr. 1805") without being part of a name.
NUMBER_WORDS = frozenset({"nr", "knr", "kommunenr", "kommunenummer", "bydelsnr", "bydelsnummer"})
# Words that may follow a fylke qualifier ("Våler i Østfold fylke").
FYLKE_WORDS = frozenset({"fylke", "fylkeskommune"})
# Sámi letters with a stroke or hook have no Unicode decomposition to strip.
_STROKE_LETTERS = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t", "ł": "l"})
_RING_ABOVE = "\u030a"
DIGITS = re.compile(r"[0-9]+")
LIST_SEPARATORS = re.compile(r"[;,\n\r\v\f\x85\u2028\u2029]")
OG = re.compile(r"(?:^|\s)og(?=\s|$)", re.IGNORECASE)
EMPTY_BRACKETS = re.compile(r"[(\[{]\s*[)\]}]")
# A fylke in brackets at the end of an official name: 'Herøy (Møre og Romsdal)'.
FYLKE_IN_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")
SEPARATOR_CHARS = " \t-–—_/.,:;()[]{}"
# Longest fylke qualifier in tokens ("vestfold og telemark") and longest ' og '-group
# a list piece can need ("Nore og Uvdal i Sogn og Fjordane").
MAX_FYLKE_TOKENS = 3
MAX_OG_GROUP = 4
# Candidates scoring below this are noise and not worth naming in a message.
CANDIDATE_FLOOR = 60.0
CACHE_SIZE = 1 << 17

# Fylke short forms people write, plus the 2020 regions (the 2020 names "Våler (Viken)" and
# "Våler (Innlandet)" are in use), as fylkesnummer of the 2014 register. A region naming
# several fylker only narrows the search.
FYLKE_ALIASES: dict[str, tuple[str, ...]] = {
    "troms": ("19",),
    "romsa": ("19",),
    "finnmark": ("20",),
    "finnmarku": ("20",),
    "møre": ("15",),
    "m&r": ("15",),
    "m & r": ("15",),
    "viken": ("01", "02", "06"),
    "innlandet": ("04", "05"),
    "vestfold og telemark": ("07", "08"),
    "agder": ("09", "10"),
    "vestland": ("12", "14"),
    "trøndelag": ("16", "17"),
    "troms og finnmark": ("19", "20"),
}
# The same for the 2024 register (its own 15 fylker are names already): the short forms, the
# 2020 regions split again in 2024, and the fylker of 2014 that are parts of a 2024 fylke
# ("Våler (Hedmark)" is Våler in Innlandet).
FYLKE_ALIASES_2024: dict[str, tuple[str, ...]] = {
    "romsa": ("55",),
    "finnmarku": ("56",),
    "møre": ("15",),
    "m&r": ("15",),
    "m & r": ("15",),
    "viken": ("31", "32", "33"),
    "vestfold og telemark": ("39", "40"),
    "troms og finnmark": ("55", "56"),
    "hedmark": ("34",),
    "oppland": ("34",),
    "aust agder": ("42",),
    "vest agder": ("42",),
    "hordaland": ("46",),
    "sogn og fjordane": ("46",),
    "sør trøndelag": ("50",),
    "nord trøndelag": ("50",),
}


def fylke_aliases(aar: int) -> dict[str, tuple[str, ...]]:
    """The fylke short forms and older names of a register of ``aar``, as its fylkesnummer."""
    return FYLKE_ALIASES_2024 if aar == 2024 else FYLKE_ALIASES


def normalise_name(text: str) -> str:
    """Reduce a typed name to the form names are compared in.

    Casefolds, strips accents but keeps æ, ø and å as letters, turns punctuation and
    whitespace runs into single spaces, and drops 'kommune', 'bydel', 'herad' and the
    like at either end.

    Args:
        text: any string, including empty strings and control characters.

    Returns:
        The normalised name, e.g. 'karasjohka' for 'Kárášjohka kommune'; '' when nothing
        name-like is left.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = _strip_marks(folded)
    # '&' survives so that the fylke short form 'M&R' stays recognisable.
    spaced = "".join(c if c.isalnum() or c == "&" else " " for c in folded)
    return " ".join(drop_edge_words(spaced.split(), NOISE_WORDS))


def _strip_marks(text: str) -> str:
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(char):
            kept.append(char)
            base = char
        elif char == _RING_ABOVE and base == "a":
            # å decomposes to a + ring; the ring makes it a letter of its own.
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_STROKE_LETTERS)


def drop_edge_words(tokens: list[str], words: frozenset[str]) -> list[str]:
    start, end = 0, len(tokens)
    while start < end and tokens[start] in words:
        start += 1
    while end > start and tokens[end - 1] in words:
        end -= 1
    return tokens[start:end]


def fold(name: str) -> str:
    # Keyboards without æ/ø/å give 'Baerum', 'Tromso', 'Aalesund'; compare in that spelling too.
    return name.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("aa", "a")


def as_text(value: object) -> str:
    # Excel gives numbers (1805, 301.0) and pandas marks blanks with NaN or NA.
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return str(value)


def join_names(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


@lru_cache(maxsize=1 << 20)
def name_aliases(name: str) -> frozenset[str]:
    # Sámi/Norwegian double names ('Kárášjohka - Karasjok') are written with either part
    # alone, or with the parts in any order. An official name with its fylke in brackets
    # ('Våler (Østfold)', 2024) is also written without it, like the other kommune of the
    # name: 'Våler' names both, 'Våler i Innlandet' one.
    aliases = set()
    for form in dict.fromkeys([name, FYLKE_IN_BRACKETS.sub("", name).strip()]):
        parts = [p.strip() for p in form.split(" - ") if p.strip()]
        aliases |= {
            normalise_name(" ".join(perm))
            for size in range(1, len(parts) + 1)
            for perm in permutations(parts, size)
        }
    aliases |= {"sankt" + a[2:] for a in aliases if a.startswith("st ")}
    return frozenset(aliases)
