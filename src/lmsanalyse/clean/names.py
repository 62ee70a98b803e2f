"""Match kommune and Oslo bydel names, as people typed them, to the register (2014 or 2024).

Raw exports name a unit by a name ("narvik kommune", "Aurskog Høland", "Kárášjohka"),
a number ("1805", "805", "030102") or both ("1805 Narvik"). ``KommuneMatcher`` turns such
text into an ``enhet_id`` and never guesses: a duplicated name without a fylke, a number
that disagrees with its name, or a fuzzy candidate that is not clearly the best is left
unmatched with a Norwegian reason that an analyst can act on.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from functools import lru_cache

import pandas as pd

from ..problems import Message, Quoted, message, q
from ..reference import (
    DEFAULT_YEAR,
    RegisterLike,
    as_register,
    change_lists,
    load_bydeler,
    load_kommuner,
)
from .match import EMPTY, NOT_RECOGNISED, Match, fail
from .name_forms import (
    CACHE_SIZE,
    CANDIDATE_FLOOR,
    DIGITS,
    EMPTY_BRACKETS,
    FYLKE_WORDS,
    MAX_FYLKE_TOKENS,
    NOISE_WORDS,
    NUMBER_WORDS,
    SEPARATOR_CHARS,
    as_text,
    drop_edge_words,
    fold,
    fylke_aliases,
    join_names,
    name_aliases,
    normalise_name,
)
from .name_lists import ListSplitting
from .other_kommuner import OtherKommuner
from .unit_scores import UnitScores

__all__ = ["KommuneMatcher", "Match"]


class KommuneMatcher(ListSplitting):
    """Matches typed kommune/bydel names and numbers to the register.

    Lookup tables are built once; results of ``match`` and ``split_list`` are cached per
    input string, so repeated values cost a dictionary lookup.

    Args:
        kommuner: the register's kommuner (``kommunenummer, kommunenavn, fylkesnummer,
            fylkesnavn``; 2014: 428).
        bydeler: Oslo's bydeler (``bydelsnummer, bydelsnavn, kommunenummer``).
        later: the kommuner of other years that are not the register's (2014 register: of
            2020 and 2024; 2024 register: of 2014 and 2020); when given, their names and
            numbers are refused with what they were made of or became, and are never
            fuzzy-matched to a register kommune.
        fuzzy_threshold: lowest similarity (0–100) a fuzzy match may have.
        fuzzy_margin: how much better the best fuzzy candidate must be than the next unit.
        aar: the register's year: the kommuner a typed name or number must be of.
    """

    def __init__(
        self,
        kommuner: pd.DataFrame,
        bydeler: pd.DataFrame,
        later: OtherKommuner | None = None,
        fuzzy_threshold: float = 88.0,
        fuzzy_margin: float = 4.0,
        aar: int = DEFAULT_YEAR,
    ) -> None:
        self.aar = aar
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_margin = fuzzy_margin
        self._ids: list[str] = []
        self._kommune_of: dict[str, str] = {}
        self._fylke_of: dict[str, str] = {}
        self._label: dict[str, str] = {}
        self._aliases: dict[str, set[str]] = {}
        self._fylkesnavn: dict[str, str] = {}
        self._add_kommuner(kommuner)
        self._add_bydeler(bydeler, kommuner)
        self._kommuner = frozenset(kommuner["kommunenummer"])
        self._bydeler = frozenset(bydeler["bydelsnummer"])
        self._numbers = self._kommuner | self._bydeler
        self._compact: dict[str, set[str]] = {}
        for alias, ids in self._aliases.items():
            self._compact.setdefault(alias.replace(" ", ""), set()).update(ids)
        self._fylker = self._build_fylker()
        self._later = later or OtherKommuner(aar, {}, set(self._numbers), set(self._aliases))
        self._position = {enhet_id: i for i, enhet_id in enumerate(self._ids)}
        self._units = UnitScores(
            self._aliases, self._ids, self._fylke_of, fuzzy_threshold - fuzzy_margin
        )
        self._cached_match = lru_cache(maxsize=CACHE_SIZE)(self._match_text)
        # Whether a text names a unit, without the reasons a failure would be explained with.
        self._cached_known = lru_cache(maxsize=CACHE_SIZE)(
            lambda text: self._match_text(text, explain=False).ok
        )
        self._enhet_scores = lru_cache(maxsize=CACHE_SIZE)(self._units.scores)
        self._cached_split = lru_cache(maxsize=CACHE_SIZE)(self._split_text)

    @classmethod
    def from_reference(
        cls, ref_dir: RegisterLike, fuzzy_threshold: float = 88.0, fuzzy_margin: float = 4.0
    ) -> KommuneMatcher:
        """Build a matcher from the configured register.

        Args:
            ref_dir: the register (:class:`lmsanalyse.reference.Register`), or a folder with
                the default 2014 register (``data/reference``).
            fuzzy_threshold: see the class docstring.
            fuzzy_margin: see the class docstring.

        Returns:
            A matcher over the register's kommuner and bydeler (2014: 428 and Oslo's 15),
            refusing the kommuner of other years its change lists name.
        """
        reg = as_register(ref_dir)
        kommuner = load_kommuner(reg)
        aliases = {a for navn in kommuner["kommunenavn"].tolist() for a in name_aliases(navn)}
        numbers = set(kommuner["kommunenummer"].tolist())
        return cls(
            kommuner,
            load_bydeler(reg),
            OtherKommuner(reg.aar, change_lists(reg), numbers, aliases),
            fuzzy_threshold=fuzzy_threshold,
            fuzzy_margin=fuzzy_margin,
            aar=reg.aar,
        )

    # ----------------------------------------------------------------- building

    def _add_enhet(self, enhet_id: str, kommunenummer: str, label: str, fylke: str) -> None:
        self._ids.append(enhet_id)
        self._kommune_of[enhet_id] = kommunenummer
        self._fylke_of[enhet_id] = fylke
        self._label[enhet_id] = label

    def _add_alias(self, alias: str, enhet_id: str) -> None:
        self._aliases.setdefault(alias, set()).add(enhet_id)

    def _add_kommuner(self, kommuner: pd.DataFrame) -> None:
        columns = ("kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn")
        # Lists, not the frame's rows: iterating Arrow-backed text one cell at a time is slow.
        for nr, navn, fylke, fylkesnavn in zip(
            *(kommuner[c].tolist() for c in columns), strict=True
        ):
            self._add_enhet(nr, nr, navn, fylke)
            self._fylkesnavn[fylke] = fylkesnavn
            for alias in name_aliases(navn):
                self._add_alias(alias, nr)

    def _add_bydeler(self, bydeler: pd.DataFrame, kommuner: pd.DataFrame) -> None:
        # A bydel sits in Oslo's fylke, so 'Grünerløkka (Oslo)' reads like 'Våler (Hedmark)'.
        fylke_of_kommune = dict(
            zip(kommuner["kommunenummer"].tolist(), kommuner["fylkesnummer"].tolist(), strict=True)
        )
        columns = ("bydelsnummer", "bydelsnavn", "kommunenummer")
        for nr, navn, kommune in zip(*(bydeler[c].tolist() for c in columns), strict=True):
            self._add_enhet(nr, kommune, f"Bydel {navn}", fylke_of_kommune.get(kommune, ""))
            for alias in name_aliases(navn):
                self._add_alias(alias, nr)

    def _build_fylker(self) -> dict[str, frozenset[str]]:
        fylker: dict[str, set[str]] = {}
        for fylke, navn in self._fylkesnavn.items():
            fylker.setdefault(fold(normalise_name(navn)), set()).add(fylke)
        for alias, numre in fylke_aliases(self.aar).items():
            fylker.setdefault(fold(alias), set()).update(numre)
        return {alias: frozenset(numre) for alias, numre in fylker.items()}

    # ----------------------------------------------------------------- matching

    def is_known_name(self, text: str) -> bool:
        """Whether ``text`` is, as normalised, a name of the register, a later kommune or a fylke."""
        name = normalise_name(text)
        if not name:
            return False
        return bool(self._exact(name) or self._later.name(name) or self._fylke_only(name)) or any(
            self._exact(base) for base, _ in self._qualifier_splits(name)
        )

    def kommune_of(self, enhet_id: str) -> str:
        """The register kommune a unit belongs to (0301 for an Oslo bydel)."""
        return self._kommune_of[enhet_id]

    def match(self, text: str | None) -> Match:
        """Match one typed unit to the register.

        Args:
            text: a name, a number, or both, as typed. None, NaN and blank give 'tom verdi';
                numbers from spreadsheets (1805, 301.0) are read as their digits.

        Returns:
            The Match; ``metode`` says how it was found, ``melding`` why it was not.
        """
        return self._cached_match(as_text(text))

    def _match_text(self, text: str, explain: bool = True) -> Match:
        if not text.strip():
            return EMPTY
        shown = q(text)
        plain = unicodedata.normalize("NFKC", text)
        numbers_found = list(dict.fromkeys(DIGITS.findall(plain)))
        if len(numbers_found) > 1:
            listed = ", ".join(numbers_found)
            return fail("flere_numre", shown, f" inneholder flere numre ({listed})")
        if numbers_found:
            return self._match_number(numbers_found[0], plain)
        name = normalise_name(text)
        if not name:
            return fail("ukjent_navn", shown, " er ikke et kjent kommune- eller bydelsnavn")
        return self._match_name(shown, name, explain)

    def _found(self, enhet_id: str, metode: str, melding: Message | None = None) -> Match:
        return Match(enhet_id, self._kommune_of[enhet_id], metode, melding)

    def _describe(self, enhet_id: str, score: float | None = None) -> str:
        fylke = self._fylkesnavn.get(self._fylke_of[enhet_id], "")
        # A 2024 name that carries its fylke ('Våler (Østfold)') does not repeat it.
        fylke = "" if self._label[enhet_id].endswith(f"({fylke})") else fylke
        likhet = None if score is None else f"likhet {round(score)}"
        detail = ", ".join(p for p in (fylke, likhet) if p)
        return f"{enhet_id} {self._label[enhet_id]}" + (f" ({detail})" if detail else "")

    # ------------------------------------------------------------------ numbers

    def _match_number(self, number: str, plain: str) -> Match:
        name_text = EMPTY_BRACKETS.sub(" ", DIGITS.sub(" ", plain))
        name_text = " ".join(name_text.split()).strip(SEPARATOR_CHARS)
        name = " ".join(drop_edge_words(normalise_name(name_text).split(), NUMBER_WORDS))
        enhet_id, melding = self._lookup_number(number)
        if enhet_id is None:
            # A bydel written with its official ordinal: 'Bydel 5 Frogner', 'Frogner (bydel 5)'.
            by_ordinal = self._bydel_ordinal(number, plain, name_text, name)
            return by_ordinal or fail("ukjent_nummer", melding)
        if not name:
            return self._found(enhet_id, "nummer")
        agreed = self._agreeing_unit(enhet_id, name)
        if agreed is None:
            return fail(
                "nummer_og_navn",
                f"nummer og navn stemmer ikke overens: {enhet_id} er {self._label[enhet_id]}, "
                "men navnet er ",
                q(name_text),
            )
        return self._found(agreed, "nummer")

    def _bydel_ordinal(self, number: str, plain: str, name_text: str, name: str) -> Match | None:
        """A bydel named by its official ordinal (Oslo's 1–15: the last two digits of the
        bydelsnummer) with its name, or after the word 'bydel'; None when it is not one."""
        if len(number) > 2 or not int(number):
            return None
        ordinal = f"{int(number):02d}"
        numbered = sorted(b for b in self._bydeler if b.endswith(ordinal))
        if not name:
            said_bydel = "bydel" in normalise_name(plain.replace(number, " ")).split() or (
                "bydel" in plain.casefold().split()
            )
            return self._found(numbered[0], "nummer") if said_bydel and len(numbered) == 1 else None
        named = self._match_name(q(name_text), name, explain=False)
        if not named.ok or named.enhet_id not in self._bydeler:
            return None
        if named.enhet_id in numbered:
            return self._found(named.enhet_id, "navn")
        listed = join_names([f"{b} {self._label[b]}" for b in numbered]) or "ingen bydel"
        return fail(
            "nummer_og_navn",
            f"bydelsnummer {int(number)} og navnet stemmer ikke overens: bydel {int(number)} er "
            f"{listed}, men navnet er ",
            q(name_text),
        )

    def _lookup_number(self, number: str) -> tuple[str | None, str]:
        # A number of the register as written (a synthetic register's are longer), then as
        # a spreadsheet shows it without its leading zero: '106' is 0106, '30102' is 030102.
        for candidate in (number, "0" + number):
            if candidate in self._numbers:
                return candidate, ""
        padded = "0" + number if len(number) in (3, 5) else number
        if len(padded) == 4 and padded in self._kommuner:
            return padded, ""
        if len(padded) == 6 and padded in self._bydeler:
            return padded, ""
        if len(padded) == 4:
            melding = f"{number} er ikke et kommunenummer i {self.aar}"
        elif len(padded) == 6:
            melding = f"{number} er ikke et bydelsnummer i Oslo"
        else:
            return None, (
                f"{number} er ikke et gyldig kommunenummer (4 sifre) eller bydelsnummer (6 sifre)"
            )
        if padded != number:
            melding += f" (heller ikke som {padded})"
        elif later := self._later.number(number):
            melding += f": {later.explanation()}; oppgi {self.aar}-kommunen"
        return None, melding

    def _agreeing_unit(self, enhet_id: str, name: str) -> str | None:
        """The unit that both the number and the name point to, or None if they disagree."""
        named = set(self._exact(name))
        by_name = self._match_name(q(name), name, explain=False)
        if by_name.ok:
            named.add(by_name.enhet_id)
        if enhet_id in named:
            return enhet_id
        # Oslo's number with a bydel's name (or the reverse) names the bydel.
        bydeler = sorted(b for b in named & self._bydeler if self._kommune_of[b] == enhet_id)
        if len(bydeler) == 1:
            return bydeler[0]
        if enhet_id in self._bydeler and self._kommune_of[enhet_id] in named:
            return enhet_id
        score = self._units.unit_score(name, self._position[enhet_id])
        return enhet_id if score >= self.fuzzy_threshold else None

    # -------------------------------------------------------------------- names

    def _exact(self, name: str) -> set[str]:
        return self._aliases.get(name) or self._compact.get(name.replace(" ", ""), set())

    def _match_name(self, shown: Quoted, name: str, explain: bool = True) -> Match:
        ids = self._exact(name)
        if ids:
            return self._pick(shown, ids)
        splits = self._qualifier_splits(name)
        for base, fylker in splits:
            ids = self._exact(base)
            if ids:
                return self._pick(shown, ids, fylker)
        if self._fylke_only(name):
            return fail("fylke", shown, " er et fylke, ikke en kommune eller bydel")
        refused = self._later_kommune(shown, name, [base for base, _ in splits])
        if refused is not None:
            return refused
        for base, fylker in splits:
            found = self._fuzzy(shown, base, fylker, explain=False)
            if found.ok:
                return found
        found = self._fuzzy(shown, name, explain=explain and not splits)
        if found.ok or not splits:
            return found
        # The fylke was given, so the candidates within it explain the failure best.
        base, fylker = splits[0]
        return self._fuzzy(shown, base, fylker, explain=explain)

    def _later_kommune(self, shown: Quoted, name: str, bases: list[str]) -> Match | None:
        """A refusal when ``name`` is, or is most like, a kommune of another year."""
        why = self._later.refusal(
            name, bases, self.fuzzy_threshold, lambda text: self._enhet_scores(text).best()
        )
        return None if why is None else fail(why[0], shown, why[1])

    def _pick(self, shown: Quoted, ids: set[str], fylker: frozenset[str] | None = None) -> Match:
        candidates = sorted(ids)
        if fylker is not None:
            candidates = [i for i in candidates if self._fylke_of[i] in fylker]
        if len(candidates) == 1:
            return self._found(candidates[0], "navn")
        if not candidates:
            listed = join_names([self._describe(i) for i in sorted(ids)])
            return fail(
                "feil_fylke", shown, f": navnet passer ikke med fylket; kandidater: {listed}"
            )
        listed = join_names([self._describe(i) for i in candidates])
        return fail("tvetydig", shown, f" er tvetydig: {listed}. Oppgi kommunenummer eller fylke.")

    def _qualifier_splits(self, name: str) -> list[tuple[str, frozenset[str]]]:
        """Ways to read ``name`` as a unit name with a fylke before or after it."""
        tokens = drop_edge_words(name.split(), FYLKE_WORDS)
        splits = []
        for size in range(min(MAX_FYLKE_TOKENS, len(tokens) - 1), 0, -1):
            suffix = self._fylker.get(fold(" ".join(tokens[-size:])))
            if suffix:
                base = tokens[:-size]
                if base[-1] == "i":  # 'Våler i Østfold'
                    base = base[:-1]
                splits.append((base, suffix))
            prefix = self._fylker.get(fold(" ".join(tokens[:size])))
            if prefix:
                splits.append((tokens[size:], prefix))
        # The qualifier may itself be wrapped in noise words: 'Oslo bydel Grünerløkka'.
        cleaned = [(" ".join(drop_edge_words(b, NOISE_WORDS)), f) for b, f in splits]
        return [(base, fylker) for base, fylker in cleaned if base]

    def _fylke_only(self, name: str) -> bool:
        tokens = drop_edge_words(name.split(), FYLKE_WORDS)
        return fold(" ".join(tokens)) in self._fylker

    # -------------------------------------------------------------------- fuzzy

    def _fuzzy(
        self, shown: Quoted, query: str, fylker: frozenset[str] | None = None, explain: bool = True
    ) -> Match:
        """The unit ``query`` is most like, if it is alike enough and clearly the one.

        ``explain`` False: a name not recognised fails without naming the nearest units (for
        a caller that only asks whether the name is known: the full scan is not needed).
        """
        scores = self._units.within(self._enhet_scores(query), fylker)
        if scores.best() < self.fuzzy_threshold and not explain:
            return NOT_RECOGNISED
        if scores.best() < self.fuzzy_threshold:
            # Not recognised: the message names the nearest units, so every score is needed.
            scores = self._units.within(self._units.every_unit(query), fylker)
        order = scores.ranked(3)
        best = order[0][1] if order else 0.0
        runner_up = order[1][1] if len(order) > 1 else 0.0
        if best >= self.fuzzy_threshold and best - runner_up >= self.fuzzy_margin:
            enhet_id = self._ids[order[0][0]]
            label = f" tolket som {enhet_id} {self._label[enhet_id]} (likhet {round(best)})"
            found = self._found(enhet_id, "fuzzy", message("likhet", shown, label))
            return dataclasses.replace(found, likhet=int(round(best)))
        if best >= self.fuzzy_threshold:
            close = [(i, s) for i, s in order if s > best - self.fuzzy_margin]
            listed = join_names([self._describe(self._ids[i], s) for i, s in close])
            return fail(
                "tvetydig", shown, f" er tvetydig: {listed}. Oppgi kommunenummer eller fylke."
            )
        near = [(i, s) for i, s in order if s >= CANDIDATE_FLOOR]
        if not near:
            return fail("ukjent_navn", shown, " er ikke et kjent kommune- eller bydelsnavn")
        listed = join_names([self._describe(self._ids[i], s) for i, s in near])
        return fail(
            "ukjent_navn",
            shown,
            f" er ikke gjenkjent (under terskel {self.fuzzy_threshold:g}); nærmest: {listed}",
        )
