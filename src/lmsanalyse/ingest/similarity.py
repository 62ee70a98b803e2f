"""How close an export's header or question text is to a contract column.

One measure for every place that has to point an analyst at the right column: a missing
required column names the closest headers the file has, an import map that leaves one out
names the closest export variables, and ``lmsanalyse map`` proposes the closest column for
each variable. Each column is described by its name, its header aliases
(``config/header_aliases.yaml``) and its Norwegian description (``contract.DESCRIPTIONS``);
a text's score is its best rapidfuzz ``WRatio`` against any of them (0–100).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from ..contract import DESCRIPTIONS, SOURCES


def column_texts(source: str, column: str, aliases: dict[str, str] | None = None) -> list[str]:
    """Every text that describes a contract column: name, aliases, descriptions."""
    texts = [column.replace("_", " ")]
    texts += [alias for alias, target in (aliases or {}).items() if target == column]
    texts += list(DESCRIPTIONS.get(source, {}).get(column, ()))
    return texts


def score(text: str, texts: list[str]) -> float:
    """The best similarity (0–100) of ``text`` to any of ``texts``, case and punctuation ignored."""
    query = utils.default_process(text or "")
    if not query:
        return 0.0
    return max(
        (fuzz.WRatio(query, utils.default_process(t)) for t in texts if t),
        default=0.0,
    )


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


def source_columns(source: str) -> list[str]:
    return [c.name for c in SOURCES[source].columns]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
