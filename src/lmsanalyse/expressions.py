"""Expressions over figure ids, and published percentages: what the reconciliation and the
readings of the published figures compute with.

An expression is figure ids and whole numbers joined by ``+`` and ``-``
(``kommuner_med_tilbud - kommuner_friskliv``, ``428 - kommuner_med_tilbud``); a published
percentage is the ``44 %`` in ``188 kommuner/bydeler (44 %)``, matched when the share,
rounded half up to the printed precision, equals it.
"""

from __future__ import annotations

import re

from .norsk import fmt_int, round_half_up

_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s*%")
_TERM = re.compile(r"\s*([+-])?\s*([a-z_][a-z0-9_]*|\d+)\s*")
SEP = " "  # plain spaces in CSV text


class RelationError(ValueError):
    """An expression (a relation or a reading in ``config/reconciliation.yaml``) cannot be read."""


def parse_relation(expression: str) -> list[tuple[int, str]]:
    """``a + b - 3`` → ``[(1, 'a'), (1, 'b'), (-1, '3')]``; only ids, integers, + and -."""
    terms, pos = [], 0
    while pos < len(expression):
        m = _TERM.match(expression, pos)
        if not m or m.end() == pos or (terms and m.group(1) is None):
            raise RelationError(f"kan ikke lese relasjonen '{expression}' ved tegn {pos + 1}")
        terms.append((-1 if m.group(1) == "-" else 1, m.group(2)))
        pos = m.end()
    if not terms:
        raise RelationError("tom relasjon")
    return terms


def evaluate(terms: list[tuple[int, str]], values: dict[str, int]) -> int | None:
    """The value of parsed terms; None when a figure id has no value."""
    total = 0
    for sign, term in terms:
        if term.isdigit():
            total += sign * int(term)
        elif term in values:
            total += sign * values[term]
        else:
            return None
    return total


def show(terms: list[tuple[int, str]], values: dict[str, int]) -> str:
    """The terms with their values: ``79 − 51``."""
    out = ""
    for i, (sign, term) in enumerate(terms):
        number = fmt_int(int(term) if term.isdigit() else values[term], SEP)
        out += (("− " if sign < 0 else "+ ") if i else ("−" if sign < 0 else "")) + number + " "
    return out.strip()


def published_percent(text: str) -> float | None:
    """The percentage printed in a published text (``'188 kommuner/bydeler (44 %)'`` → 44.0)."""
    m = _PERCENT.search(text or "")
    return float(m.group(1).replace(",", ".")) if m else None


def decimals(printed: float) -> int:
    """The precision a percentage was printed with: ``44.0`` → 0, ``81.5`` → 1."""
    return 0 if float(printed).is_integer() else 1


def percent_matches(numerator: int, denominator: int, printed: float) -> bool:
    """``numerator / denominator``, rounded half up as printed, is the printed percentage."""
    share = 100 * numerator / denominator
    return float(round_half_up(share, decimals(printed))) == printed
