"""The kommune borders the comparison carries data across: the kommuner of 2014 and of 2024,
the 2014 → 2020 and 2014 → 2024 change lists (the reference data in ``data/reference``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..reference import (
    Register,
    load_kommuneendringer,
    load_kommuneendringer_2024,
    load_kommuner,
    load_kommuner_2024,
)

# The reference files the comparison reads, by role (their SHA-256 go into its provenance).
ROLES = ("kommuner", "kommuner_2024", "kommuneendringer_2020", "kommuneendringer_2024", "kart")


@dataclass(frozen=True)
class Borders:
    """The reference tables, read and checked by :mod:`lmsanalyse.reference`."""

    kommuner_2014: pd.DataFrame
    kommuner_2024: pd.DataFrame
    changes_2020: pd.DataFrame
    changes_2024: pd.DataFrame
    files: dict[str, Path]

    @classmethod
    def read(cls, reference_dir: Path) -> Borders:
        """The 2014 register's files in ``reference_dir`` (``data/reference``)."""
        register = Register.default(reference_dir)
        files = {role: register.require(role) for role in ROLES}
        return cls(
            load_kommuner(register),
            load_kommuner_2024(register),
            load_kommuneendringer(register),
            load_kommuneendringer_2024(register),
            files,
        )

    @property
    def kart(self) -> Path:
        return self.files["kart"]

    @property
    def names_2024(self) -> dict[str, str]:
        k = self.kommuner_2024
        return dict(zip(k["kommunenummer"], k["kommunenavn"], strict=True))

    def to_2024(self, borders: str) -> dict[str, set[str]]:
        """Each kommune of ``borders`` (``2014``, ``2020`` or ``2024``) → the 2024 kommuner it
        lies in (a kommune split between several lies in each). A 2020 kommune reaches a 2024
        kommune through a 2014 part they share; a 2014 kommune split both in 2020 and 2024
        (Snillfjord, Tysfjord) pairs its 2020 and 2024 parts by number."""
        if borders == "2024":
            return {nr: {nr} for nr in self.kommuner_2024["kommunenummer"]}
        c24 = self.changes_2024.groupby("kommunenummer_2014")["kommunenummer_2024"].apply(set)
        if borders == "2014":
            return dict(c24)
        c20 = self.changes_2020.groupby("kommunenummer_2014")["kommunenummer_2020"].apply(set)
        out: dict[str, set[str]] = {}
        for nr_2014, r20 in c20.items():
            r24 = c24[nr_2014]
            same = r20 & r24
            pairs = {(x, x) for x in same} if len(r20) > 1 and len(r24) > 1 and same else None
            for x, y in pairs or {(x, y) for x in r20 for y in r24}:
                out.setdefault(x, set()).add(y)
        return out

    def names(self, borders: str) -> dict[str, str]:
        """The kommuner of ``borders`` by number, with their names."""
        if borders == "2024":
            return self.names_2024
        if borders == "2014":
            k = self.kommuner_2014
            return dict(zip(k["kommunenummer"], k["kommunenavn"], strict=True))
        c = self.changes_2020.drop_duplicates("kommunenummer_2020")
        return dict(zip(c["kommunenummer_2020"], c["kommunenavn_2020"], strict=True))
