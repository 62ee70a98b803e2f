"""The outcome of matching one typed unit name or number (:class:`Match`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Message, message


@dataclass(frozen=True)
class Match:
    """The outcome of matching one typed unit name or number.

    Attributes:
        enhet_id: 4-digit kommunenummer, or 6-digit bydelsnummer for an Oslo bydel;
            None when not matched.
        kommunenummer: 4-digit kommunenummer ('0301' for a bydel); None when not matched.
        metode: 'nummer', 'navn', 'fuzzy' or 'ingen'.
        melding: the reason when metode is 'ingen', the interpretation when 'fuzzy',
            otherwise None: a :class:`~lmsanalyse.problems.Message` quoting what was typed.
        likhet: the similarity (0–100) of a 'fuzzy' match, rounded as messages show it.
    """

    enhet_id: str | None
    kommunenummer: str | None
    metode: str
    melding: Message | None
    likhet: int | None = None

    @property
    def ok(self) -> bool:
        """True when the text was matched to a unit."""
        return self.enhet_id is not None


EMPTY = Match(None, None, "ingen", message("tom_verdi", "tom verdi"))
# A name not recognised, when the caller does not need to know why (never shown).
NOT_RECOGNISED = Match(None, None, "ingen", message("ukjent_navn", "ikke gjenkjent"))


def fail(kode: str, *deler: object) -> Match:
    return Match(None, None, "ingen", message(kode, *deler))
