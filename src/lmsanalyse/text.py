"""Text as the pipeline reads it: decoding files and normalising every value once.

Every cell of every raw file passes :func:`normalise_value` at ingest, before anything
compares it: answers, names, ids and free text alike. So an answer typed with a combining
ring ("pårørendekurs" as macOS saves it), with a zero-width space or a soft hyphen, or with a
no-break space, reads as the same text as the plain one, and invisible or bidirectional
control characters never reach an output.

Kept free of heavy imports: the config loader and the Snakefile use it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache

# Line breaks of every kind become "\n"; spaces of every width (no-break, narrow no-break,
# em …) a plain space; every other control or format character is removed (tabs stay).
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_KEEP_CONTROLS = {"\n", "\t"}
_CACHE = 1 << 18
# Characters a Norwegian export may hold that are shown as they are in messages.
_PLAIN = re.compile(
    r"[\x20-\x7e\u00a0-\u024f\u2013\u2014\u2018\u2019\u201c\u201d\u00ab\u00bb\u2026]"
)


@cache
def _character_classes() -> tuple[re.Pattern, re.Pattern]:
    """(characters to drop, spaces to make plain), from the Unicode database, built once."""

    def char_class(codes: list[int]) -> str:
        runs: list[list[int]] = []
        for code in codes:
            if runs and code == runs[-1][1] + 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
        return "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in runs
        )

    drop, spaces = [], []
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        if category in ("Cc", "Cf") and chr(code) not in _KEEP_CONTROLS:
            drop.append(code)
        elif category == "Zs" and code != 0x20:
            spaces.append(code)
    return re.compile(f"[{char_class(drop)}]"), re.compile(f"[{char_class(spaces)}]")


@lru_cache(maxsize=_CACHE)
def normalise_value(value: str) -> str | None:
    """A raw cell as the pipeline reads it: NFC, no invisible characters, plain spaces, trimmed.

    Returns None for a cell that is blank once invisible characters are gone.
    """
    drop, spaces = _character_classes()
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", value))
    text = spaces.sub(" ", drop.sub("", text)).strip()
    return text or None


def normalise_cell(value: object) -> str | None:
    """:func:`normalise_value` for a cell that may be missing (None) or not text."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return normalise_value(value)


def visible(text: str) -> str:
    """Text for a message, with every character that could pass for another made visible.

    A letter from another script that looks like a Latin one (Cyrillic «а» in «Jа») is shown
    as ``⟨U+0430 CYRILLIC SMALL LETTER A⟩``, so the analyst sees why the answer is unknown.
    """
    shown = []
    for char in text:
        if _PLAIN.fullmatch(char) or char in _KEEP_CONTROLS:
            shown.append(char)
        else:
            name = unicodedata.name(char, "UKJENT TEGN")
            shown.append(f"⟨U+{ord(char):04X} {name}⟩")
    return "".join(shown)


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name).

    UTF-16 and UTF-8 are recognised by their BOM or by decoding cleanly; everything else is
    Windows-1252, which can decode any Latin-1 file as well (æøå have the same codes).

    Raises:
        UnicodeDecodeError: the file starts with a UTF-8 or UTF-16 BOM but is not valid in
            that encoding (a BOM is not guessed past).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # A few byte values are undefined in Windows-1252; Latin-1 maps them all.
        return raw.decode("latin-1"), "latin-1"
