"""Problems found in raw input, and the error raised when the run must stop.

Every problem names the file, the row (as a spreadsheet user sees it: the header is
row 1, the first data row is row 2) and the column, so that an analyst can find it.

A message that quotes the raw data is a :class:`Message`: literal text and the raw values as
fields (:class:`Quoted`). Its text for the analyst's screen (``validate``) and its masked text
for the outputs (``quarantine.csv``, the report: free text a person typed is given by its
length, never repeated) are both rendered from those fields, never parsed back out of text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .text import normalise_cell, visible

QUOTE_WIDTH = 60


def shown_value(value: object, limit: int = QUOTE_WIDTH) -> str:
    """A raw value as a message shows it: normalised, inner whitespace collapsed, shortened,
    with look-alike characters made visible."""
    text = " ".join((normalise_cell(value) or "").split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return visible(text)


@dataclass(frozen=True)
class Quoted:
    """A text from the raw data, quoted in a message (``'Narvk'``)."""

    text: str

    def render(self, known: Callable[[str], bool] | None = None) -> str:
        """``'text'``; with ``known`` (masked), free text becomes ``«verdien i cellen, N tegn»``.

        Text that is no free text stays: a known kommune or fylke name, a contract answer, and
        text without letters (a date, a number).
        """
        text = normalise_cell(self.text) or ""
        if known is not None and any(c.isalpha() for c in text) and not known(text):
            return f"«verdien i cellen, {len(text)} tegn»"
        return f"'{shown_value(text)}'"


@dataclass(frozen=True)
class Message:
    """A message: literal text and quoted raw values, in order, with a code for its kind.

    Attributes:
        kode: what kind of problem it is (``ukjent_svar``, ``ikke_data``), for machines.
        deler: the text's parts: literal text, or :class:`Quoted` raw values.
    """

    kode: str
    deler: tuple[str | Quoted, ...]

    def text(self) -> str:
        """The message as ``validate`` shows it (the raw values themselves)."""
        return "".join(d if isinstance(d, str) else d.render() for d in self.deler)

    def masked(self, known: Callable[[str], bool] = lambda text: False) -> str:
        """The message as an output may hold it: free text a person typed by its length."""
        return "".join(d if isinstance(d, str) else d.render(known) for d in self.deler)

    @property
    def verdier(self) -> tuple[str, ...]:
        """The raw values the message quotes."""
        return tuple(d.text for d in self.deler if isinstance(d, Quoted))

    def __str__(self) -> str:
        return self.text()

    def after(self, prefix: str, kode: str | None = None) -> Message:
        """This message behind a literal ``prefix`` (``listeelement utelatt: …``)."""
        return Message(kode or self.kode, (prefix, *self.deler))


def message(kode: str, *deler: object) -> Message:
    """A :class:`Message` from literal parts (``str``) and raw values (:class:`Quoted`);
    adjacent literals are joined."""
    parts: list[str | Quoted] = []
    for d in deler:
        if isinstance(d, Message):
            parts.extend(d.deler)
        elif isinstance(d, Quoted):
            parts.append(d)
        elif parts and isinstance(parts[-1], str):
            parts[-1] += str(d)
        else:
            parts.append(str(d))
    return Message(kode, tuple(parts))


def q(value: object) -> Quoted:
    """A raw value to quote in a :func:`message`."""
    return Quoted(normalise_cell(value) or "")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a raw file.

    Attributes:
        fil: file name (without directory, so that messages do not leak local paths).
        rad: row number as seen in a spreadsheet (header = 1), or None for the whole file.
        kolonne: contract column name, or None when the problem concerns the whole row/file.
        melding: what is wrong, in Norwegian (as ``validate`` shows it).
        nokkel: in a YAML config file, the key (``matching.fuzzy_threshold``).
        variabel: in a survey-tool export read through an import map, the export variable
            the contract column comes from (``s_2``).
        kode: what kind of problem it is (see :class:`Message`); not compared.
        verdier: the raw values the message quotes; not compared.
    """

    fil: str
    rad: int | None
    kolonne: str | None
    melding: str
    nokkel: str | None = None
    variabel: str | None = None
    kode: str = field(default="", compare=False)
    verdier: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(
        cls,
        fil: str,
        rad: int | None,
        kolonne: str | None,
        melding: Message,
        variabel: str | None = None,
    ) -> Problem:
        """A problem from a structured message (its text as ``validate`` shows it)."""
        return cls(fil, rad, kolonne, melding.text(), None, variabel, melding.kode, melding.verdier)

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
