"""Kommuner of other years than the register's: known, so that their names are never taken
for others.

A wave's raw data names the kommuner of its register's year. An export made before or after
the kommune reforms can name a kommune of another year: in a wave on the 2014 register a
kommune of 2020 or 2024 ("Orkland", "Indre Østfold", "Fjord", "5059"); in a wave on the 2024
register a kommune of 2014 or 2020 that is gone ("Tysfjord", "1850", "Rissa", "3001"). Such a
kommune is not a unit of the wave, and its text must never be fuzzy-matched to a register
kommune whose name happens to look alike ("Orkland" is not Ørland, "Fjord" is not Åfjord).
Built from the register's change lists (:func:`lmsanalyse.reference.change_lists`), this says
which register kommuner each one was made of (a later kommune) or became (an earlier one), so
that the message tells the analyst what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..reference import FROM_YEAR
from .fuzzy_index import FuzzyRows
from .name_forms import fold, join_names, name_aliases


@dataclass(frozen=True)
class OtherKommune:
    """A kommune of a year other than the register's that is not a kommune of the register.

    Attributes:
        nummer, navn: the kommune as it was in ``aar``.
        aar: the year it is a kommune of.
        register_aar: the register's year.
        deler: the register kommuner it relates to, as ``(nummer, tekst)``: for a later
            kommune the ones it was made of (``"Navn"``, or ``"del av Navn"`` for part of a
            split one); for an earlier kommune the ones it became (``"Navn"``).
        hel: an earlier kommune that became exactly one register kommune, alone and whole.
    """

    nummer: str
    navn: str
    aar: int
    register_aar: int
    deler: tuple[tuple[str, str], ...]
    hel: bool = False

    @property
    def later(self) -> bool:
        return self.aar > self.register_aar

    @property
    def same_as_in_register(self) -> bool:
        """One whole register kommune under another number: its name still means that kommune."""
        if self.later:
            return len(self.deler) == 1 and not self.deler[0][1].startswith("del av ")
        return self.hel and self.deler[0][1] == self.navn

    def explanation(self) -> str:
        """What it is and which register kommuner it was made of, or became."""
        aar, register = self.aar, self.register_aar
        if len(self.deler) == 1 and self.deler[0][1] == self.navn and (self.later or self.hel):
            if self.later:
                return f"{self.nummer} er nummeret {self.navn} fikk i {aar} (i {register}: {self.deler[0][0]})"
            return f"{self.nummer} er nummeret {self.navn} hadde i {aar} (i {register}: {self.deler[0][0]})"
        if self.later:
            made_of = join_names([text for _, text in self.deler])
            return f"{self.nummer} {self.navn} er en kommune fra {aar}, laget av {made_of} ({register})"
        became = join_names([f"{navn} ({nr})" for nr, navn in self.deler])
        if len(self.deler) > 1:
            what = f"delt mellom {became}"
        elif self.hel:
            what = f"kalt {became}"
        else:
            what = f"del av {became}"
        return f"{self.navn} ({self.nummer}) er en kommune fra {aar}, i {register} {what}"


def _later(year: int, frame: pd.DataFrame, register: int) -> list[OtherKommune]:
    """The kommuner of a list's later side, each with the register kommuner it was made of."""
    sources: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    frame = frame.sort_values(f"kommunenummer_{FROM_YEAR}")
    columns = (f"kommunenummer_{year}", f"kommunenavn_{year}", f"kommunenummer_{FROM_YEAR}",
               f"kommunenavn_{FROM_YEAR}", "endring")  # fmt: skip
    for nr, navn, nr_from, navn_from, endring in zip(
        *(frame[c].tolist() for c in columns), strict=True
    ):
        kilde = (nr_from, f"del av {navn_from}" if endring == "delt" else navn_from)
        if kilde not in sources.setdefault(nr, []):
            sources[nr].append(kilde)
        names[nr] = navn
    return [OtherKommune(nr, names[nr], year, register, tuple(k)) for nr, k in sources.items()]


def _earlier(changes: dict[int, pd.DataFrame], register: int) -> list[OtherKommune]:
    """The kommuner of every year before the register's, each with the register kommuner it
    became: the register's own list (2014 → its year) maps their 2014 parts."""
    own = changes[register]
    col_from, col_to = f"kommunenummer_{FROM_YEAR}", f"kommunenummer_{register}"
    became: dict[str, list[str]] = {}
    for nr_from, nr_to in zip(own[col_from].tolist(), own[col_to].tolist(), strict=True):
        became.setdefault(nr_from, []).append(nr_to)
    # The 2014 parts of each register kommune, to tell a whole renamed kommune from a part.
    parts_of = own.groupby(col_to)[col_from].agg(frozenset).to_dict()
    names = dict(zip(own[col_to].tolist(), own[f"kommunenavn_{register}"].tolist(), strict=True))
    # Each year's kommuner by their 2014 parts; 2014's own are their single selves.
    years = {FROM_YEAR: own[[col_from, f"kommunenavn_{FROM_YEAR}", col_from]]}
    for year, frame in changes.items():
        if FROM_YEAR < year < register:
            years[year] = frame[
                [f"kommunenummer_{year}", f"kommunenavn_{year}", col_from]
            ]  # fmt: skip
    out = []
    for year, frame in sorted(years.items()):
        parts: dict[str, set[str]] = {}
        label: dict[str, str] = {}
        for nr, navn, nr_from in zip(*(frame.iloc[:, i].tolist() for i in range(3)), strict=True):
            parts.setdefault(nr, set()).add(nr_from)
            label[nr] = navn
        for nr in sorted(parts):
            targets = sorted({t for p in parts[nr] for t in became[p]})
            whole = len(targets) == 1 and parts_of[targets[0]] == frozenset(parts[nr])
            deler = tuple((t, names[t]) for t in targets)
            out.append(OtherKommune(nr, label[nr], year, register, deler, whole))
    return out


class OtherKommuner:
    """The kommuner of other years than the register's that are not its kommuner, by number
    and by name.

    Args:
        register_aar: the register's year (2014: the change lists' later kommuner are
            refused; 2024: the 2014 and 2020 kommuner that are gone).
        changes: year → that year's change list (``kommunenummer_2014, kommunenavn_2014,
            kommunenummer_<år>, kommunenavn_<år>, endring``), as the register has them.
        register_numbers: the register's kommunenummer (a number of the register is its own
            kommune, whatever another year used it for).
        register_aliases: every normalised name alias of the register: a kommune of another
            year with a register name (Asker, Halden …) is the register's when typed.
    """

    def __init__(
        self,
        register_aar: int,
        changes: dict[int, pd.DataFrame],
        register_numbers: set[str],
        register_aliases: set[str],
    ):
        if register_aar == FROM_YEAR:
            found = [
                k for year in sorted(changes) for k in _later(year, changes[year], register_aar)
            ]
        elif register_aar in changes:
            found = _earlier(changes, register_aar)
        else:
            found = []
        by_number: dict[str, OtherKommune] = {}
        # The earliest year first: Orkland is a kommune of 2020, still there in 2024.
        for kommune in sorted(found, key=lambda k: k.aar):
            if kommune.nummer not in register_numbers:
                by_number.setdefault(kommune.nummer, kommune)
        self.by_number = by_number
        by_name: dict[str, OtherKommune] = {}
        for kommune in sorted(by_number.values(), key=lambda k: (k.aar, k.nummer)):
            if kommune.same_as_in_register:
                continue  # "Våler (Østfold)" of 2024 is the Våler of 2014, renumbered
            for alias in name_aliases(kommune.navn):
                if alias not in register_aliases:
                    by_name.setdefault(alias, kommune)
        self.by_name = by_name
        self._names = list(by_name)
        self._folded = [fold(n) for n in self._names]
        self._rows = FuzzyRows(self._names, self._folded, by_tokens=False)

    def number(self, number: str) -> OtherKommune | None:
        """The kommune of another year with this number, if it is not a register number."""
        return self.by_number.get(number)

    def name(self, normalised: str) -> OtherKommune | None:
        """The kommune of another year with exactly this (normalised) name."""
        return self.by_name.get(normalised) or self.by_name.get(normalised.replace(" ", ""))

    def closest(
        self, normalised: str, at_least: float | None = None
    ) -> tuple[float, OtherKommune | None]:
        """The kommune of another year whose name is most like ``normalised``, and the
        similarity.

        ``at_least`` (0–100): the answer is exact when the similarity reaches it; below, the
        names that cannot reach it are not scored (:mod:`.fuzzy_index`) and the answer is some
        name below it.
        """
        if not self._names:
            return 0.0, None
        reach = None if at_least is None else at_least / 100
        rows, scores = self._rows.reaching(normalised, fold(normalised), reach)
        if not len(rows):
            return 0.0, self.by_name[self._names[0]]
        best = int(np.argmax(scores))  # the first of equals, in the names' order
        return float(scores[best]), self.by_name[self._names[int(rows[best])]]

    def refusal(
        self, name: str, bases: list[str], threshold: float, register_best
    ) -> tuple[str, str] | None:
        """Why ``name`` (or a base of it without its fylke) is refused, as ``(kode, text after
        the typed name)``: it is, or is most like, a kommune of another year; None otherwise.

        A misspelt name is refused when a kommune of another year is at least as alike as
        the best register unit (``register_best(name)``: the best unit's similarity, exact
        from the threshold less the margin), so an old name is never read by similarity as a
        register kommune.
        """
        for candidate in (name, *bases):
            other = self.name(candidate)
            if other is not None:
                return self._code(other), (
                    f" er ikke en kommune i {other.register_aar}: {other.explanation()}. "
                    f"Oppgi {other.register_aar}-kommunen."
                )
        score, other = self.closest(name, threshold)
        if other is not None and score >= threshold:
            if score >= register_best(name):
                return self._code(other), (
                    f" ligner mest på {other.explanation()} (likhet {round(score)}), ikke på "
                    f"en kommune i {other.register_aar}. Oppgi {other.register_aar}-kommunen."
                )
        return None

    @staticmethod
    def _code(other: OtherKommune) -> str:
        return "senere_kommune" if other.later else "tidligere_kommune"
