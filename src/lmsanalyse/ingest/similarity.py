"""How close an export's header or question text is to a contract column.

One measure for every place that has to point an analyst at the right column: a missing
required column names the closest headers the file has, an import map that leaves one out
names the closest export variables, and ``lmsanalyse map`` proposes the closest column for
each variable. Each column is described by its name, its header aliases
(``config/header_aliases.yaml``) and its Norwegian descriptions (``contract.DESCRIPTIONS``);
a text's score (0–100) is its best word overlap with any of them: the F1 of how much of each
text the other covers, words compared with rapidfuzz and Norwegian compounds in mind, and
function words ("er", "hva", "i" …) left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from ..contract import DESCRIPTIONS


def column_texts(source: str, column: str, aliases: dict[str, str] | None = None) -> list[str]:
    """Every text that describes a contract column: name, aliases, descriptions."""
    texts = [column.replace("_", " ")]
    texts += [alias for alias, target in (aliases or {}).items() if target == column]
    texts += list(DESCRIPTIONS.get(source, {}).get(column, ()))
    return texts


# Words that carry no meaning for which column a question is about.
STOPWORDS = frozenset(
    "er i og en et ei med for av på til har hva hvilke hvilken hvilket hvordan hvor det de "
    "som den dere du å eller om fra mot dvs ved vi ha seg sin sitt din ditt dine deres vår vårt "
    "våre the of a to is".split()
)


def _tokens(text: str) -> list[str]:
    return [t for t in utils.default_process(text or "").split() if t not in STOPWORDS]


def _word(a: str, b: str) -> float:
    """Similarity of two words (0–1), aware of Norwegian compounds and inflection.

    A shared beginning (``organisert``/``organisering``, ``kommune``/``kommunen``) or a
    shared end (``tjeneste``/``mestringstjeneste``) counts; weak spelling likeness does not.
    """
    if a == b:
        return 1.0
    short = min(len(a), len(b))
    prefix = len(os.path.commonprefix([a, b]))
    suffix = len(os.path.commonprefix([a[::-1], b[::-1]]))
    best = min(0.95, prefix / short) if prefix >= 4 else 0.0
    if suffix >= 5:
        best = max(best, 0.85 * suffix / short)
    ratio = fuzz.ratio(a, b) / 100
    return max(best, ratio if ratio >= 0.8 else 0.0)


def _coverage(words: list[str], other: list[str]) -> float:
    return sum(max((_word(w, o) for o in other), default=0.0) for w in words) / len(words)


def text_similarity(a: str, b: str) -> float:
    """How well two texts say the same (0–100): the F1 of their fuzzy word overlap."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    recall, precision = _coverage(tb, ta), _coverage(ta, tb)
    return 0.0 if not recall + precision else 200 * recall * precision / (recall + precision)


def score(text: str, texts: list[str]) -> float:
    """The best similarity (0–100) of ``text`` to any of ``texts``."""
    return max((text_similarity(text, t) for t in texts if t), default=0.0)


@dataclass(frozen=True)
class Candidate:
    """An export header or variable, and how close it is to a column.

    Attributes:
        name: the header or variable as written in the export.
        text: what was compared (the question text, or the header itself).
        score: similarity 0–100.
    """

    name: str
    text: str
    score: float

    def shown(self) -> str:
        if self.text and self.text != self.name:
            return f"'{self.name}' «{_short(self.text)}» ({self.score:.0f})"
        return f"'{self.name}' ({self.score:.0f})"


def closest(
    source: str,
    column: str,
    candidates: dict[str, str],
    aliases: dict[str, str] | None = None,
    limit: int = 3,
) -> list[Candidate]:
    """The ``limit`` candidates (name → text) closest to a column, best first."""
    texts = column_texts(source, column, aliases)
    ranked = [
        Candidate(name, text, max(score(text, texts), score(name, texts)))
        for name, text in candidates.items()
    ]
    ranked.sort(key=lambda c: (-c.score, c.name))
    return ranked[:limit]


def describe_candidates(found: list[Candidate]) -> str:
    """Candidates for a message: ``'s_2' «Har kommunen …» (86), 'Status' (30)``."""
    return ", ".join(c.shown() for c in found)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
