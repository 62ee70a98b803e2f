"""Which names can be similar enough, found without a pass over the register per name.

Fuzzy matching scores a name against the register's aliases (``fuzz.ratio`` and
``fuzz.token_sort_ratio``). Scoring every alias per name, or filtering every alias per name,
is linear in the register, so on a register K times larger with K times more names the cost
grows as K². Only the aliases that *can* reach a similarity matter for a decision (the
matcher's threshold less its margin), and they are found exactly from the words:

``fuzz.ratio(a, b) = 100 · 2 · LCS(a, b) / (|a| + |b|)``, so a ratio of at least ``100 · s``
needs ``LCS ≥ L = ⌈s (|a| + |b|) / 2⌉`` (and ``L ≤ min(|a|, |b|)``). An alias ``b`` is its
words ``w₁ … w_k`` one space apart, and a common subsequence of ``a`` and ``b`` takes at most
``LCS(a, wᵢ)`` characters from each word and one from each space, so

    ``LCS(a, b) ≤ Σ LCS(a, wᵢ) + (k − 1)``.

The register has few distinct words (558 at K = 100, 50 000 aliases), so the query's LCS
with every word is one ``rapidfuzz.process.cdist`` call. An alias of ``k`` words can reach
``L`` only if its word with the highest LCS has ``LCS ≥ (L − (k − 1)) / k``; and as its words
hold ``|b| − (k − 1)`` characters, at most ``|b| − L`` of them are left out of the LCS in all,
so no word leaves out more. Only the aliases holding a word that meets both are looked up
(an inverted index by word and the alias's shape: its number of words and length), and their
bound is summed. An alias whose bound is below ``L`` cannot reach ``s`` and is not scored;
rapidfuzz scores the rest (``tests/test_fuzzy_index.py`` holds the result to the full scan).
The bound tells apart names that differ in one word ("Tomi Vanylven" and "Lima Vanylven"),
where a count of shared bigrams does not.

Measured before this was chosen (K = 100: 50 000 aliases, 4 300 names to score, this
machine): ``rapidfuzz.process.cdist`` of every name against every alias costs ≈ 15–25 ns a
pair, ≈ 15 s for the four forms, and grows as K²; a bigram count filter (the q-gram lemma),
even looking up only a name's rarest bigrams, meets ≈ 11 000 aliases per name, as every
bigram of a real name is in its K copies.
"""

from __future__ import annotations

import numpy as np

# A hair on the safe side of float rounding in the least LCS.
_SLACK = 1e-9


def sorted_tokens(text: str) -> str:
    """The text as ``fuzz.token_sort_ratio`` compares it: its words sorted, one space apart."""
    return " ".join(sorted(text.split()))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (by sorting: on a few thousand integers this is many
    times faster than ``np.unique``'s hash table)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _ragged(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] … starts[i] + counts[i] − 1`` of every i, in order."""
    before = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + np.arange(int(counts.sum()), dtype=np.int64) - before


class WordIndex:
    """The strings' words (split on single spaces), for a bound on their LCS with a query.

    Splitting on ``" "`` makes the bound hold for any string: a string with ``k − 1`` spaces
    is ``k`` pieces (some maybe empty) one space apart. The strings are grouped by their
    number of words and length (a *shape*), as both set what a word must reach.
    """

    def __init__(self, strings: list[str]):
        lengths = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
        pieces = [s.split(" ") for s in strings]
        ids: dict[str, int] = {}
        for parts in pieces:
            for part in parts:
                ids.setdefault(part, len(ids))
        self.words = list(ids)
        self._word_len = np.fromiter(map(len, self.words), dtype=np.int64, count=len(self.words))
        self._k = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        word = np.fromiter(
            (ids[part] for parts in pieces for part in parts), dtype=np.int64, count=self._k.sum()
        )
        # Each row's words in a row of its own, padded with a word no query shares (the
        # last, an LCS of 0), so that a row's bound is one sum.
        self._words = np.full((len(strings), int(self._k.max(initial=1))), len(ids), np.int32)
        row = np.repeat(np.arange(len(strings), dtype=np.int64), self._k)
        self._words[row, np.arange(len(row)) - np.repeat(np.cumsum(self._k) - self._k, self._k)] = (
            word
        )
        # Shapes: (words, length) pairs, and each row's shape.
        shapes, self._shape = np.unique(np.stack([self._k, lengths]), axis=1, return_inverse=True)
        self._shape = self._shape.ravel()
        self._shape_k, self._shape_len = shapes
        # Postings: the rows holding a word, by (shape, word), each row once.
        pairs = np.unique(np.stack([self._shape[row] * len(self.words) + word, row]), axis=1)
        keys, first = np.unique(pairs[0], return_index=True)
        self._key_shape, self._key_word = keys // len(self.words), keys % len(self.words)
        self._bounds = np.append(first, pairs.shape[1])
        self._sizes = np.diff(self._bounds)
        self._rows = pairs[1]
        self._plans: dict[tuple[int, float], tuple[np.ndarray, ...]] = {}

    def _plan(self, a: int, similarity: float) -> tuple[np.ndarray, ...]:
        """For a query of length ``a``: by shape, the LCS a row needs (−1 where its length
        cannot reach ``similarity``); the (shape, word) postings of the shapes that can reach
        it, each with its shape, word, word length, the LCS one word must have, and how many
        of the words' characters a row may leave out of the LCS in all and at its word
        leaving out the fewest."""
        key = (a, similarity)
        if key not in self._plans:
            b, k = self._shape_len, self._shape_k
            lcs = np.ceil((similarity - _SLACK) * (a + b) / 2).astype(np.int64)
            needed = np.where(lcs <= np.minimum(a, b), lcs, -1)
            word = -(-(needed - (k - 1)) // k)  # ⌈(L − (k − 1)) / k⌉
            spare = b - needed
            # Only the postings of shapes that can reach it are looked at.
            keys = np.flatnonzero(needed[self._key_shape] >= 0)
            shape, words = self._key_shape[keys], self._key_word[keys]
            self._plans[key] = (
                needed,
                keys,
                shape,
                words,
                self._word_len[words],
                word[shape],
                spare[shape],
                (spare // k)[shape],
            )
        return self._plans[key]

    def candidates(self, queries: list[str], similarity: float) -> list[np.ndarray]:
        """For each query, the rows (ascending) whose ``fuzz.ratio`` with it can be
        ≥ ``100 · similarity``: every row that reaches it is among them."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        if not self.words:
            return [np.empty(0, dtype=np.int64) for _ in queries]
        word_lcs = process.cdist(queries, self.words, scorer=LCSseq.similarity, dtype=np.int64)
        return [
            self._candidates(q, lcs, similarity) for q, lcs in zip(queries, word_lcs, strict=True)
        ]

    def _candidates(self, query: str, lcs: np.ndarray, similarity: float) -> np.ndarray:
        needed, keys, shape, words, length, word, spare, fewest = self._plan(len(query), similarity)
        # A row that can reach ``needed`` leaves out at most ``spare`` of its words'
        # characters in all. So its word with the highest LCS reaches what one word must and
        # leaves out at most ``spare``; and its word leaving out the fewest leaves out at most
        # ``spare // k``. Each shape is looked up by the way that meets fewer postings; then
        # every row's bound is summed in full.
        held = lcs[words]
        left_out = length - held
        by_lcs = (held >= word) & (left_out <= spare)
        by_fewest = left_out <= fewest
        n, sizes = len(needed), self._sizes[keys]
        lcs_is_fewer = np.bincount(shape, by_lcs * sizes, n) <= np.bincount(
            shape, by_fewest * sizes, n
        )
        at = keys[np.where(lcs_is_fewer[shape], by_lcs, by_fewest)]
        rows = _distinct(
            self._rows[_ragged(self._bounds[at], self._bounds[at + 1] - self._bounds[at])]
        )
        if not len(rows):
            return rows
        bound = np.append(lcs, 0)[self._words[rows]].sum(axis=1) + self._k[rows] - 1
        return rows[bound >= needed[self._shape[rows]]]


class FuzzyRows:
    """Rows of text scored as the matcher scores them, the hopeless rows left out.

    A row's score is the best of ``fuzz.ratio`` and ``fuzz.token_sort_ratio`` of the query
    against the row's text and of the folded query against the row's folded text. With
    ``by_tokens`` False only ``fuzz.ratio`` counts.
    """

    def __init__(self, raw: list[str], folded: list[str], by_tokens: bool = True):
        self.raw, self.folded, self.by_tokens = raw, folded, by_tokens
        # The forms' texts in one index, one block of rows each: the raw texts and the
        # folded ones, each compared with the query as it is and with its words sorted.
        # Texts whose words are one space apart have the words of their sorted form, so one
        # block serves both (the bound sums over the words, in any order).
        blocks: list[tuple[list[str], bool, list[bool]]] = []
        for texts, fold in ((raw, False), (folded, True)):
            shared = by_tokens and all(t.split(" ") == t.split() for t in texts)
            blocks.append((texts, fold, [False, True] if shared else [False]))
            if by_tokens and not shared:
                blocks.append(([sorted_tokens(t) for t in texts], fold, [True]))
        self._blocks = [(fold, sorts) for _, fold, sorts in blocks]
        self._index = WordIndex([t for texts, _, _ in blocks for t in texts])

    def candidates(self, query: str, folded_query: str, similarity: float) -> np.ndarray:
        """The rows (ascending) that can reach ``similarity`` (0–1) in any form."""
        # Each distinct query text once, with the blocks it is compared with (a name
        # without æ, ø, å or aa is its own folded form; one word is its own sorted form).
        texts: dict[str, list[int]] = {}
        for block, (fold, sorts) in enumerate(self._blocks):
            text = folded_query if fold else query
            for by_tokens in sorts:
                texts.setdefault(sorted_tokens(text) if by_tokens else text, []).append(block)
        n = len(self.raw)
        if not n:
            return np.empty(0, dtype=np.int64)
        found = []
        for rows, blocks in zip(
            self._index.candidates(list(texts), similarity), texts.values(), strict=True
        ):
            compared = np.zeros(len(self._blocks), dtype=bool)
            compared[blocks] = True
            found.append(rows[compared[rows // n]] % n)
        return _distinct(np.concatenate(found))

    def reaching(
        self, query: str, folded_query: str, similarity: float | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, their scores): every row scoring at least ``100 · similarity`` is among the
        rows, with its exact score (None: every row, the full scan)."""
        if similarity is None:
            rows = np.arange(len(self.raw))
        else:
            rows = self.candidates(query, folded_query, similarity)
        if not len(rows):
            return rows, np.zeros(0)
        return rows, self.score_rows(query, folded_query, rows)

    def score_rows(self, query: str, folded_query: str, rows: np.ndarray) -> np.ndarray:
        """The scores of the given rows, in their order."""
        from rapidfuzz import fuzz, process

        if len(rows) == len(self.raw):
            raw, folded = self.raw, self.folded
        else:
            raw = [self.raw[i] for i in rows.tolist()]
            folded = [self.folded[i] for i in rows.tolist()]
        scorers = [fuzz.ratio, fuzz.token_sort_ratio] if self.by_tokens else [fuzz.ratio]
        return np.maximum.reduce(
            [
                process.cdist([q], texts, scorer=scorer, dtype=np.float64)[0]
                for q, texts in ((query, raw), (folded_query, folded))
                for scorer in scorers
            ]
        )
