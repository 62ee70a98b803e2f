"""Kommuner that exist only after 2014: known, so that their names are never taken for others.

An export made or corrected after the kommune reforms can name a kommune of 2020 or 2024
("Orkland", "Indre Østfold", "Fjord") or give its number ("5059"). Such a kommune is not a
unit of the 2014 survey, and the text must never be fuzzy-matched to a 2014 kommune whose
name happens to look alike ("Orkland" is not Ørland, "Fjord" is not Åfjord). This register,
built from the change lists in ``data/reference``, says which 2014 kommuner each one was
made of, so the message can tell the analyst what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fuzzy_index import FuzzyRows
from .name_forms import fold, join_names, name_aliases


@dataclass(frozen=True)
class LaterKommune:
    """A kommune of a later register that is not a kommune of 2014."""

    nummer: str
    navn: str
    aar: int
    kilder: tuple[tuple[str, str], ...]  # (2014 number, "Navn" or "del av Navn") it came from

    @property
    def same_as_in_2014(self) -> bool:
        """One whole 2014 kommune with a new number: its name still means that kommune."""
        return len(self.kilder) == 1 and not self.kilder[0][1].startswith("del av ")

    def explanation(self) -> str:
        if len(self.kilder) == 1 and self.kilder[0][1] == self.navn:
            return f"{self.nummer} er nummeret {self.navn} fikk i {self.aar} (i 2014: {self.kilder[0][0]})"
        made_of = join_names([text for _, text in self.kilder])
        return f"{self.nummer} {self.navn} er en kommune fra {self.aar}, laget av {made_of} (2014)"


class LaterKommuner:
    """The kommuner of later registers that are not 2014 kommuner, by number and by name.

    Args:
        changes: year → that year's change list (``kommunenummer_2014, kommunenavn_2014,
            kommunenummer_<år>, kommunenavn_<år>, endring``).
        aliases_2014: every normalised name alias of the 2014 register: a later kommune
            with a 2014 name (Asker, Larvik …) is the 2014 kommune when the name is typed.
    """

    def __init__(self, changes: dict[int, pd.DataFrame], aliases_2014: set[str]):
        by_number: dict[str, LaterKommune] = {}
        # The earliest register first: Orkland is a kommune of 2020, still there in 2024.
        for year in sorted(changes):
            frame = changes[year].sort_values("kommunenummer_2014")
            sources: dict[str, list[tuple[str, str]]] = {}
            names: dict[str, str] = {}
            numbers_2014 = set(frame["kommunenummer_2014"])
            for nr, navn, nr_2014, navn_2014, endring in frame[
                [f"kommunenummer_{year}", f"kommunenavn_{year}", "kommunenummer_2014",
                 "kommunenavn_2014", "endring"]
            ].itertuples(index=False):  # fmt: skip
                kilde = (nr_2014, f"del av {navn_2014}" if endring == "delt" else navn_2014)
                if kilde not in sources.setdefault(nr, []):
                    sources[nr].append(kilde)
                names[nr] = navn
            for nr, kilder in sources.items():
                if nr not in numbers_2014 and nr not in by_number:
                    by_number[nr] = LaterKommune(nr, names[nr], year, tuple(kilder))
        self.by_number = by_number
        by_name: dict[str, LaterKommune] = {}
        for kommune in sorted(by_number.values(), key=lambda k: (k.aar, k.nummer)):
            if kommune.same_as_in_2014:
                continue  # "Våler (Østfold)" of 2024 is the Våler of 2014, renumbered
            for alias in name_aliases(kommune.navn):
                if alias not in aliases_2014:
                    by_name.setdefault(alias, kommune)
        self.by_name = by_name
        self._names = list(by_name)
        self._folded = [fold(n) for n in self._names]
        self._rows = FuzzyRows(self._names, self._folded, by_tokens=False)

    def number(self, number: str) -> LaterKommune | None:
        """The later kommune with this 4-digit number, if it is not a 2014 number."""
        return self.by_number.get(number)

    def name(self, normalised: str) -> LaterKommune | None:
        """The later kommune with exactly this (normalised) name."""
        return self.by_name.get(normalised) or self.by_name.get(normalised.replace(" ", ""))

    def closest(
        self, normalised: str, at_least: float | None = None
    ) -> tuple[float, LaterKommune | None]:
        """The later kommune whose name is most like ``normalised``, and the similarity.

        ``at_least`` (0–100): the answer is exact when the similarity reaches it; below, the
        names that cannot reach it are not scored (:mod:`.fuzzy_index`) and the answer is some
        name below it.
        """
        if not self._names:
            return 0.0, None
        reach = None if at_least is None else at_least / 100
        scores = self._rows.score(normalised, fold(normalised), reach)
        best = int(np.argmax(scores))
        return float(scores[best]), self.by_name[self._names[best]]
