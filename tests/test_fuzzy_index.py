"""The word bound in front of fuzzy matching (clean/fuzzy_index.py) leaves out only what
cannot reach the similarity, so the matcher decides exactly as the full scan did."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from helpers import REF_DIR
from lmsanalyse.clean.fuzzy_index import FuzzyRows, WordIndex, sorted_tokens
from lmsanalyse.clean.names import KommuneMatcher
from lmsanalyse.reference import load_bydeler, load_kommuner

# Few letters, so that random strings are often similar.
TEXT = st.text(alphabet="abøå -", max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30), TEXT, st.sampled_from([0.5, 0.84, 0.88, 1.0]))
def test_every_row_that_reaches_the_similarity_is_a_candidate(rows, query, similarity) -> None:
    candidates = set(WordIndex(rows).candidates([query], similarity)[0].tolist())
    reaching = {i for i, r in enumerate(rows) if fuzz.ratio(query, r) >= 100 * similarity}
    assert reaching <= candidates


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30), TEXT, st.sampled_from([0.5, 0.84, 0.88]))
def test_every_row_that_reaches_it_in_any_form_is_a_candidate(rows, query, similarity) -> None:
    # Rows with spaces anywhere (edges, runs): the token-sorted form gets an index of its own.
    folded = [r.replace("ø", "o").replace("å", "aa") for r in rows]
    fuzzy = FuzzyRows(rows, folded)
    candidates = set(fuzzy.candidates(query, query.replace("ø", "o"), similarity).tolist())
    scores = fuzzy.score_rows(query, query.replace("ø", "o"), np.arange(len(rows)))
    assert set(np.flatnonzero(scores >= 100 * similarity - 1e-9).tolist()) <= candidates


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_token_sort_is_the_ratio_of_the_sorted_words(a, b) -> None:
    assert fuzz.token_sort_ratio(a, b) == fuzz.ratio(sorted_tokens(a), sorted_tokens(b))


def test_the_filter_leaves_out_most_of_a_register() -> None:
    names = load_kommuner(REF_DIR)["kommunenavn"].str.lower().tolist()
    index = WordIndex(names)
    assert index.candidates(["tromsø"], 0.84)[0].tolist() == [names.index("tromsø")]
    # A typo still finds its kommune, among a handful.
    found = index.candidates(["fredriksatd"], 0.84)[0].tolist()
    assert names.index("fredrikstad") in found and len(found) <= 3
    # Names that differ in one word are told apart (a bigram count does not).
    copies = [f"{word} {name}" for word in ("tomi", "lima", "pumu", "gena") for name in names]
    index = WordIndex(copies)
    assert index.candidates(["tomi vanyylven"], 0.84)[0].tolist() == [names.index("vanylven")]


def _typos(names: list[str], n: int, seed: int) -> list[str]:
    """Names with one to three random edits (delete, insert, swap, replace)."""
    rng = random.Random(seed)
    letters = "abdefghijklmnoprstuvyæøå "
    out = []
    for _ in range(n):
        text = list(rng.choice(names))
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text))
            edit = rng.randrange(4)
            if edit == 0 and len(text) > 1:
                del text[i]
            elif edit == 1:
                text.insert(i, rng.choice(letters))
            elif edit == 2 and i + 1 < len(text):
                text[i], text[i + 1] = text[i + 1], text[i]
            else:
                text[i] = rng.choice(letters)
        out.append("".join(text))
    return out


def test_scores_reaching_the_similarity_are_the_full_scans() -> None:
    aliases = [n.lower() for n in load_kommuner(REF_DIR)["kommunenavn"]]
    rows = FuzzyRows(aliases, aliases)
    for query in _typos(aliases, 300, 1):
        _, full = rows.reaching(query, query, None)
        found, scores = rows.reaching(query, query, 0.84)
        reach = np.flatnonzero(full >= 84 - 1e-9)
        assert set(reach.tolist()) <= set(found.tolist()), query
        assert np.array_equal(scores, full[found]), query


def full_scan(matcher: KommuneMatcher) -> KommuneMatcher:
    """The matcher scoring every unit, as without the filter: the reference it is held to."""
    matcher._enhet_scores = matcher._units.every_unit  # type: ignore[method-assign]
    return matcher


@pytest.fixture(scope="module")
def two_matchers():
    return KommuneMatcher.from_reference(REF_DIR), full_scan(KommuneMatcher.from_reference(REF_DIR))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_matcher_decides_as_the_full_scan(two_matchers, seed) -> None:
    fast, full = two_matchers
    names = [*load_kommuner(REF_DIR)["kommunenavn"], *load_bydeler(REF_DIR)["bydelsnavn"]]
    texts = _typos(names, 400, seed)
    # With a fylke, and typos of later kommuner (refused as later, or matched).
    texts += [f"{t} i Nordland" for t in texts[:50]] + _typos(
        ["Indre Østfold", "Hamarøy"], 40, seed
    )
    decided = 0
    for text in texts:
        a, b = fast.match(text), full.match(text)
        assert a == b, text
        decided += a.ok
    # The typos are a mix of names found, ambiguous ones and ones not recognised.
    assert 0 < decided < len(texts)
