"""Problems found in raw input, and the error raised when the run must stop.

Every problem names the file, the row (as a spreadsheet user sees it: the header is
row 1, the first data row is row 2) and the column, so that an analyst can find it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a raw file.

    Attributes:
        fil: file name (without directory, so that messages do not leak local paths).
        rad: row number as seen in a spreadsheet (header = 1), or None for the whole file.
        kolonne: contract column name, or None when the problem concerns the whole row/file.
        melding: what is wrong, in Norwegian.
        nokkel: in a YAML config file, the key (``matching.fuzzy_threshold``).
        variabel: in a survey-tool export read through an import map, the export variable
            the contract column comes from (``s_2``).
    """

    fil: str
    rad: int | None
    kolonne: str | None
    melding: str
    nokkel: str | None = None
    variabel: str | None = None

    def __str__(self) -> str:
        where = self.fil
        if self.rad is not None:
            where += f", rad {self.rad}"
        if self.kolonne:
            where += f", kolonne '{self.kolonne}'"
        if self.variabel:
            where += f" (variabel '{self.variabel}')"
        if self.nokkel:
            where += f", nøkkel {self.nokkel}"
        return f"{where}: {self.melding}"


class InputError(Exception):
    """Raised when raw input cannot be used at all (missing file or column, unreadable file).

    Carries every problem found, so that the analyst sees them all at once.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_problems(problems) -> list[Problem]:
    """Problems by file, row, column and message, each once."""
    return sorted(
        set(problems),
        key=lambda p: (
            p.fil,
            p.rad or 0,
            p.kolonne or "",
            p.nokkel or "",
            p.melding,
            p.variabel or "",
        ),
    )
