"""How the data contract spells answers and lists (docs/data-contract.md, "Conventions").

Answers are compared with case and surrounding or inner runs of whitespace ignored; a list cell
is split on ``;``, ``,``, line breaks and `` og``. Every stage that compares an answer (ingest,
the import maps, clean, the map drafter, the synthetic writers) reads it here, below them all.
"""

from __future__ import annotations

import re

from .text import normalise_value

_LIST_SPLIT = re.compile(r"\s*(?:;|,|\r\n?|\n)\s*")
_OG = re.compile(r"\s+og\s+", flags=re.IGNORECASE)


def answer_key(value: object) -> str:
    """An answer as the contract compares it: normalised, case and spacing ignored."""
    return " ".join((normalise_value(value) or "").split()).casefold()


def canonical_answer(value: str, allowed: tuple[str, ...]) -> str | None:
    """Return the contract spelling of an answer (case and surrounding space ignored), or None."""
    key = answer_key(value)
    for option in allowed:
        if option.casefold() == key:
            return option
    return None


def split_enum_list(value: str, allowed: tuple[str, ...]) -> list[str]:
    """Split a list cell of answer values on ``;``, ``,``, line breaks and `` og ``.

    Values may themselves contain `` og `` (``hjerte og kar``): the `` og ``-separated parts
    of a piece are joined back, longest first, wherever the joined text is an allowed value
    (``diabetes og hjerte og kar`` → ``diabetes``, ``hjerte og kar``).
    """
    pieces = []
    for piece in _LIST_SPLIT.split(value.strip()):
        if not piece:
            continue
        parts = [p for p in _OG.split(piece) if p]
        i = 0
        while i < len(parts):
            # The longest run of parts that is an allowed value; else the part alone.
            for j in range(len(parts), i, -1):
                joined = " og ".join(parts[i:j])
                if j == i + 1 or canonical_answer(joined, allowed) is not None:
                    pieces.append(joined)
                    i = j
                    break
    return pieces
