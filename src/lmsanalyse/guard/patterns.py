"""Phone numbers and e-mail addresses in normalised text (see :mod:`.normalise`).

Phone numbers. One regular expression finds every *run* of at least eight digits in which
single spaces, dots or dashes may separate groups of digits, optionally led by ``+`` or
``(+47)``; a run never crosses a line (a cell) and never starts or ends inside a word, a
hexadecimal hash or a decimal number. Each run is then judged in Python:

* a Norwegian number's *core* is its eight national digits: ``+47 912 34 567``,
  ``+4791234567``, ``0047 91234567``, ``(+47) 91 23 45 67``, ``47 91234567`` and ``912.34.567``
  all have the core ``91234567``. A run whose core is a personal value's core is that value,
  whatever its grouping (:func:`phone_core`).
* any other run is *a phone number* (:func:`is_phone`) when it is led by ``+`` or ``00`` and
  has 8–15 digits (any country), or when it is 8 digits starting with 2–9 grouped as
  Norwegians write numbers (``91234567``, ``912 34 567``, ``91 23 45 67``, ``9123 4567``),
  or ``47`` and such a number; but not an 8-digit calendar date (``20141103``), and not an
  ungrouped number that is the whole of a table cell or line (a count or sum such as
  ``51658020``: only a raw value's number is found there).

Not phone numbers, by construction: SHA-256 hashes (digits touch letters), kommune (4) and
bydel (6) numbers, populations and counts (at most 7 digits, or grouped in thousands as
``5 165 802`` / ``12 345 678``), ISO dates (``2014-11-03``: 4-2-2), decimals, and the
coordinates of SVG and PDF drawings (they are in attributes and content streams, which the
patterns never see).

E-mail addresses: ``local@domain.tld`` (after NFKC, so the full-width ``＠`` counts), and the
usual obfuscations with the at sign in brackets: ``navn [at] kommune.no``, ``navn(at)kommune.no``,
``navn {at} kommune [dot] no``, ``navn (krøll) kommune (punktum) no``. Bare words
(``navn at kommune dot no``) are not taken as an address: they are ordinary prose too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A run of digit groups (see the module docstring). The first lookahead lets the engine skip
# to the next digit, "+" or "("; the second needs 8 digits before the run is tried, so that the many short numbers of a table cost no Python call; the atomic
# group never gives back digits, so a run that touches a letter is refused, not shortened.
_RUN = re.compile(
    r"(?=[\d+(])(?<![\w+])(?<!\d[.,])"
    r"(?P<lead>\(\+ ?\d{1,3} ?\) ?|\+ ?)?"
    r"(?=(?:\d[ .\-]?){8})"
    r"(?P<num>(?>\d+(?:[ .\-]\d+)*+))"
    r"(?!\w|[.,]\d)"
)
_GROUPS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
# How Norwegians group an 8-digit number.
NORWEGIAN_GROUPINGS = {(8,), (3, 2, 3), (2, 2, 2, 2), (4, 4)}
# The calendar dates a compact 8-digit date can be (yyyymmdd).
_COMPACT_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

_TLD = r"\.[a-z]{2,24}\b"
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*" + _TLD)
_AT = r" ?[\[\(\{<] ?(?:at|alfakrøll|krøll) ?[\]\)\}>] ?"
_DOT = r"(?:\.| ?[\[\(\{<] ?(?:dot|punktum|prikk) ?[\]\)\}>] ?)"
OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[a-z]{2,24}\b"
)


class Run:
    """One digit run: its text span, its lead (``+``, ``(+47)`` or empty) and digit groups."""

    __slots__ = ("start", "end", "lead", "groups", "separators")

    def __init__(
        self, start: int, end: int, lead: str, groups: tuple[str, ...], separators: str = ""
    ) -> None:
        self.start, self.end, self.lead, self.groups = start, end, lead, groups
        self.separators = separators

    @property
    def digits(self) -> str:
        return "".join(self.groups)


def digit_runs(text: str) -> Iterator[Run]:
    """Every run of at least eight digits in a normalised text (see the module docstring)."""
    for m in _RUN.finditer(text):
        lead = (m.group("lead") or "").replace(" ", "")
        num = m.group("num")
        yield Run(m.start(), m.end(), lead, tuple(_GROUPS.findall(num)), _GROUPS.sub("", num))


def phone_core(run: Run) -> str | None:
    """The eight national digits of a Norwegian number, whatever its grouping; else None."""
    digits = run.digits
    if run.lead == "(+47)" or (run.lead == "+" and digits.startswith("47")):
        digits = digits if run.lead == "(+47)" else digits[2:]
        return digits if len(digits) == 8 else None
    if run.lead:
        return None
    if len(digits) == 12 and digits.startswith("0047"):
        return digits[4:]
    if len(digits) == 10 and digits.startswith("47"):
        return digits[2:]
    return digits if len(digits) == 8 else None


def is_phone(run: Run, alone: bool = False) -> bool:
    """Whether a run is a phone number by its form alone (see the module docstring).

    ``alone``: the run is the whole of its line (a table cell, a Parquet or JSON value). An
    ungrouped number alone is a number (a count or a sum: 51658020), not a phone number,
    unless it is a raw value's (that is looked up by :func:`phone_core`, not here).
    """
    digits = run.digits
    if run.lead or digits.startswith("00"):
        national = digits[2:] if not run.lead else digits
        return 8 <= len(national) <= 15
    groups = tuple(len(g) for g in run.groups)
    if len(digits) == 10 and digits.startswith("47") and groups[0] in (2, 10):
        groups = (8,) if groups == (10,) else groups[1:]
        digits = digits[2:]
    if len(digits) != 8 or digits[0] in "01" or groups not in NORWEGIAN_GROUPINGS:
        return False
    if alone and groups == (8,):
        return False
    if len(set(run.separators)) > 1:
        return False  # "912 34-567": not written as one number
    if groups == (4, 4):
        # "2014-2020", "1990 2015": a span of years, not "9123 4567"
        halves = (digits[:4], digits[4:])
        return "-" not in run.separators and not all(_YEAR.fullmatch(h) for h in halves)
    return not (groups == (8,) and _COMPACT_DATE.fullmatch(digits))


def personal_phone_cores(text: str, lenient: bool) -> list[str]:
    """The Norwegian phone cores a raw value holds.

    ``lenient`` (a phone column): every run with a Norwegian core counts, whatever its
    grouping; otherwise (names, free text) only runs that are phone numbers by form.
    """
    cores = []
    for run in digit_runs(text):
        core = phone_core(run)
        if core and (lenient or is_phone(run)):
            cores.append(core)
    return cores


_OBFUSCATION_HINTS = ("at]", "at)", "at}", "at>", "krøll")
# How far an address may reach before its "@" when it is searched near one.
_LOCAL_PART = 128


def emails(text: str) -> Iterator[re.Match[str]]:
    """Every e-mail address in a normalised text, plain or with the at sign in brackets.

    The address pattern is only tried near each "@" (found with ``str.find``): tried at every
    position of a large text, it costs 5 × the rest of the scan.
    """
    end = 0
    at = text.find("@")
    while at >= 0:
        if at >= end:
            start = max(end, at - _LOCAL_PART)
            m = EMAIL.search(text, start, at + 300)
            while m and m.start() < at and m.end() <= at:
                m = EMAIL.search(text, m.end(), at + 300)
            if m and m.start() <= at < m.end():
                yield m
                end = m.end()
        at = text.find("@", at + 1)
    if any(hint in text for hint in _OBFUSCATION_HINTS):
        yield from OBFUSCATED_EMAIL.finditer(text)
