"""One normal form for personal values and for output text, so that they compare equal.

The guard compares ``normalise(value)`` with ``normalise(text of an output)``. Both go through
the same steps, so a value written in any Unicode form reaches the same characters:

0. a soft hyphen at a line end (where a typesetter broke a word: Typst's PDFs) joins the two
   halves of the word, as a hyphen at a line end does in :func:`flatten`;
1. format characters (category Cf: zero-width space and joiners, BOM, soft hyphen, bidi
   embeddings, overrides and isolates, word joiner …) and other default-ignorable characters
   (variation selectors, the combining grapheme joiner, Hangul fillers) are removed;
2. control characters become a space (a tab, a line break, NUL …);
3. Unicode NFKC: decomposed letters ("a" + combining ring → "å"), full-width letters and
   digits, ligatures ("ﬁ"), NBSP and the other compatibility spaces;
4. case folding (``str.casefold``);
5. every dash (hyphen, non-breaking hyphen, en/em dash, minus sign …) becomes ``-`` and every
   apostrophe-like character ``'``;
6. every run of white space (spaces of every width, NBSP, narrow NBSP, line and paragraph
   separators, line breaks) becomes one space; leading and trailing space is dropped.

Every step is one pass over the text in C code (``re`` and ``unicodedata``): linear in size.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Default-ignorable characters that are not Cf (Unicode's DerivedCoreProperties).
_IGNORABLE_NOT_CF = (
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b-\u180f"  # Mongolian free variation selectors (180E is Cf)
    "\ufe00-\ufe0f"  # variation selectors
    "\U000e0100-\U000e01ef"  # variation selectors supplement
)
_DASHES = re.compile("[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u058a\u05be\u1806]")
_APOSTROPHES = re.compile("[\u2018\u2019\u201b\u02bc\u2032]")


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Every Cf character (and the other default-ignorables), as one character class.

    Built from this Python's Unicode database once per process (≈ 30 ms); Cf characters only
    occur in planes 0, 1 and 14. Written as ranges: an enumerated class is 4 × slower.
    """
    codes = [
        c
        for r in (range(0, 0x20000), range(0xE0000, 0xE1000))
        for c in r
        if unicodedata.category(chr(c)) == "Cf"
    ]
    ranges: list[list[int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    cls = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{cls}{_IGNORABLE_NOT_CF}]")


_SOFT_HYPHEN_AT_LINE_END = re.compile("\u00ad[ \t]*(?:\r\n|[\n\r\x0b\x0c\x85\u2028\u2029])[ \t]*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# After NFKC the only white space left besides " " and the ASCII controls is U+1680 and the
# line separators; ASCII runs of spaces are then collapsed by a literal pattern (fast).
_ODD_SPACE = re.compile("[\u1680]")
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE_BREAKS = re.compile("[\t\r\v\f\x1c-\x1e]")
_CONTROL_NOT_LF = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(" {2,}")
_BLANK_LINES = re.compile(r" \n[ \n]*|\n[ \n]+")


def normalise(text: str, lines: bool = False) -> str:
    """The guard's normal form of a text (see the module docstring).

    With ``lines``, line structure is kept: line breaks, tabs (a cell boundary in TSV) and the
    other line and paragraph separators become one ``\\n`` (blank lines dropped), and only
    the other white space is collapsed to one space. The phone and e-mail patterns use this
    form, so that a number never runs on from one cell or line into the next.
    """
    if not text:
        return ""
    if not text.isascii():
        if "\u00ad" in text:
            text = _SOFT_HYPHEN_AT_LINE_END.sub("", text)
        invisible = _invisible()
        if invisible.search(text):
            text = invisible.sub("", text)
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if not text.isascii():
        text = _DASHES.sub("-", text)
        text = _APOSTROPHES.sub("'", text)
        text = _ODD_SPACE.sub(" ", text)
        text = _ODD_BREAK.sub("\n", text)
    if lines:
        text = _LINE_BREAKS.sub("\n", text)
        text = _CONTROL_NOT_LF.sub(" ", text)
        text = _SPACES.sub(" ", text)
        return _BLANK_LINES.sub("\n", text).strip(" \n")
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" ")


def flatten(lines_text: str) -> str:
    """One line from ``normalise(text, lines=True)``: line breaks become spaces, except after
    a hyphen, where the word goes on ("Øvreli-" / "Prøvesen" is "øvreli-prøvesen")."""
    return lines_text.replace("-\n", "-").replace("\n", " ")


# Embeddings, overrides and isolates: they can show a text in another order than it is stored.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_controls(text: str) -> list[str]:
    """The bidirectional control characters in a text, as ``U+202E`` codes (sorted)."""
    if not _invisible().search(text):
        return []
    return sorted({f"U+{ord(c):04X}" for c in BIDI_CONTROLS.findall(text)})
