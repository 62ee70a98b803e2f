"""Which names can be similar enough: a bigram count filter in front of rapidfuzz.

Fuzzy matching scores a name against every alias of the register (``fuzz.ratio`` and
``fuzz.token_sort_ratio``). That is linear in the register per name, so on a register K times
larger with K times more names it grows as K². Only the aliases that *can* reach a similarity
matter for a decision (the matcher's threshold less its margin), and those are found exactly
by counting shared bigrams, the q-gram lemma for the LCS that ``fuzz.ratio`` is built on:

``fuzz.ratio(a, b) = 100 · 2 · LCS(a, b) / (|a| + |b|)``, so a ratio of at least ``100 · s``
needs ``LCS ≥ L = ⌈s (|a| + |b|) / 2⌉``. Turning ``a`` into ``b`` then deletes ``|a| − L`` and
inserts ``|b| − L`` characters at most. A deletion breaks at most two bigrams of ``a``, an
insertion at most one, and every bigram of ``a`` left whole is a bigram of ``b``; so ``a`` and
``b`` share at least ``(|a| − 1) − 2 (|a| − L) − (|b| − L) = 3L − |a| − |b| − 1`` bigrams
(counted with repeats). An alias sharing fewer cannot reach ``s``, and is not scored.

The filter only leaves out aliases that score below ``s``: every score at or above it is the
score rapidfuzz gives (``tests/test_fuzzy_index.py`` checks this against the full scan).
"""

from __future__ import annotations

from collections import Counter

import numpy as np


def sorted_tokens(text: str) -> str:
    """The text as ``fuzz.token_sort_ratio`` compares it: its words sorted, one space apart."""
    return " ".join(sorted(text.split()))


def _bigrams(text: str) -> Counter:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


class BigramIndex:
    """The strings' bigrams with their counts, for finding the ones that can be similar."""

    def __init__(self, strings: list[str]):
        self.lengths = np.array([len(s) for s in strings], dtype=np.int64)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for row, text in enumerate(strings):
            for gram, count in _bigrams(text).items():
                rows, counts = postings.setdefault(gram, ([], []))
                rows.append(row)
                counts.append(count)
        self._postings = {
            gram: (np.array(rows, dtype=np.int64), np.array(counts, dtype=np.int64))
            for gram, (rows, counts) in postings.items()
        }

    def candidates(self, query: str, similarity: float) -> np.ndarray:
        """The rows (ascending) whose ``fuzz.ratio`` with ``query`` can be ≥ ``100 · similarity``.

        Every row that reaches it is among them; some among them may not.
        """
        shared = np.zeros(len(self.lengths), dtype=np.int64)
        for gram, count in _bigrams(query).items():
            posting = self._postings.get(gram)
            if posting is not None:
                rows, counts = posting
                shared[rows] += np.minimum(counts, count)
        total = len(query) + self.lengths
        # The smallest LCS a ratio of `similarity` needs (a hair lower, for float rounding).
        lcs = np.ceil((similarity - 1e-9) * total / 2)
        possible = lcs <= np.minimum(len(query), self.lengths)
        return np.flatnonzero(possible & (shared >= 3 * lcs - total - 1))


class FuzzyRows:
    """Rows of text scored as the matcher scores them, the hopeless rows left out.

    ``score`` gives, per row, the best of ``fuzz.ratio`` and ``fuzz.token_sort_ratio`` of the
    query against the row's text and of the folded query against the row's folded text; a row
    that cannot reach ``similarity`` (0–1) in any of the four gets 0. With ``by_tokens``
    False only ``fuzz.ratio`` counts (:meth:`candidates` for a caller that scores itself).
    """

    def __init__(self, raw: list[str], folded: list[str], by_tokens: bool = True):
        self.raw, self.folded, self.by_tokens = raw, folded, by_tokens
        self._indexes = [(BigramIndex(raw), False, False), (BigramIndex(folded), True, False)]
        if by_tokens:
            self._indexes += [
                (BigramIndex([sorted_tokens(s) for s in raw]), False, True),
                (BigramIndex([sorted_tokens(s) for s in folded]), True, True),
            ]

    def candidates(self, query: str, folded_query: str, similarity: float | None) -> np.ndarray:
        """The rows (ascending) that can reach ``similarity`` (None: every row)."""
        if similarity is None:
            return np.arange(len(self.raw))
        found = [
            index.candidates(
                sorted_tokens(folded_query if fold else query)
                if by_tokens
                else (folded_query if fold else query),
                similarity,
            )
            for index, fold, by_tokens in self._indexes
        ]
        return np.unique(np.concatenate(found))

    def score(self, query: str, folded_query: str, similarity: float | None) -> np.ndarray:
        """The rows' scores; ``similarity`` None scores every row (the full scan)."""
        scores = np.zeros(len(self.raw))
        rows = self.candidates(query, folded_query, similarity)
        if len(rows):
            scores[rows] = self.score_rows(query, folded_query, rows)
        return scores

    def score_rows(self, query: str, folded_query: str, rows: np.ndarray) -> np.ndarray:
        """The scores of the given rows, in their order."""
        from rapidfuzz import fuzz, process

        if len(rows) == len(self.raw):
            raw, folded = self.raw, self.folded
        else:
            raw = [self.raw[i] for i in rows]
            folded = [self.folded[i] for i in rows]
        scorers = [fuzz.ratio, fuzz.token_sort_ratio] if self.by_tokens else [fuzz.ratio]
        return np.maximum.reduce(
            [
                process.cdist([q], texts, scorer=scorer, dtype=np.float64)[0]
                for q, texts in ((query, raw), (folded_query, folded))
                for scorer in scorers
            ]
        )
