"""How alike a typed name is to each unit of the register: the best of the unit's aliases.

Scores are sparse: a name is scored against the few units it can be like
(:mod:`.fuzzy_index`), never against every unit of a register of K × 442, so that neither
the time nor the memory a name costs grows with the register. What a decision reads is
exact: every unit scoring at least the threshold less the margin (a runner-up within the
margin). A unit left out scores below it, which decides the same as its true score.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .fuzzy_index import FuzzyRows
from .name_forms import fold


class Scores(NamedTuple):
    """Units (positions in the register's order, ascending) and their scores (0–100)."""

    units: np.ndarray
    values: np.ndarray

    def best(self) -> float:
        """The highest score (0 when no unit is scored)."""
        return float(self.values.max(initial=0.0))

    def ranked(self, top: int) -> list[tuple[int, float]]:
        """The ``top`` units by score, highest first; equal scores in register order."""
        order = np.argsort(-self.values, kind="stable")[:top]
        return [(int(self.units[i]), float(self.values[i])) for i in order]


class UnitScores:
    """Fuzzy scores of typed names against every unit's aliases.

    Args:
        aliases: normalised alias → the units it names.
        ids: the units in register order (a unit's position is its index here).
        fylke_of: unit → its fylkesnummer.
        reach: the lowest score (0–100) a decision reads: the threshold less the margin.
    """

    def __init__(
        self,
        aliases: dict[str, set[str]],
        ids: list[str],
        fylke_of: dict[str, str],
        reach: float,
    ):
        position = {enhet_id: i for i, enhet_id in enumerate(ids)}
        # One row per (alias, unit): a shared alias like 'våler' scores both units equally,
        # so fuzzy matching can never pick one of them without a fylke.
        rows = [(alias, position[i]) for alias, units in aliases.items() for i in sorted(units)]
        self.rows = FuzzyRows([a for a, _ in rows], [fold(a) for a, _ in rows])
        self.row_unit = np.array([unit for _, unit in rows], dtype=np.int64)
        by_unit = np.argsort(self.row_unit, kind="stable")
        starts = np.searchsorted(self.row_unit[by_unit], np.arange(len(ids) + 1))
        self._by_unit, self._unit_starts = by_unit, starts
        self.unit_fylke = np.array([fylke_of[i] for i in ids], dtype=object)
        self.reach = reach / 100

    def _per_unit(self, rows: np.ndarray, values: np.ndarray) -> Scores:
        """Each unit's best score among the given rows."""
        units = self.row_unit[rows]
        order = np.argsort(units, kind="stable")
        units, values = units[order], values[order]
        if not len(units):
            return Scores(units, values)
        starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
        return Scores(units[starts], np.maximum.reduceat(values, starts))

    def scores(self, query: str) -> Scores:
        """Exact for every unit that scores at least the reach; a unit that cannot reach it
        is left out, or scored below it."""
        return self._per_unit(*self.rows.reaching(query, fold(query), self.reach))

    def every_unit(self, query: str) -> Scores:
        """Every unit scored (the full scan: for naming the nearest units of a name not
        recognised, and the reference the filter is tested against)."""
        return self._per_unit(*self.rows.reaching(query, fold(query), None))

    def unit_score(self, query: str, position: int) -> float:
        """The similarity of ``query`` to one unit (its best alias), as the full scan gives it."""
        rows = self._by_unit[self._unit_starts[position] : self._unit_starts[position + 1]]
        return float(self.rows.score_rows(query, fold(query), rows).max())

    def within(self, scores: Scores, fylker: frozenset[str] | None) -> Scores:
        """The scores of the units in ``fylker`` (None: every unit)."""
        if fylker is None:
            return scores
        keep = np.isin(self.unit_fylke[scores.units], list(fylker))
        return Scores(scores.units[keep], scores.values[keep])
