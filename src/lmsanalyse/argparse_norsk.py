"""argparse in Norwegian: its own texts ("usage:", "options", "show this help message and
exit", every error message) as bokmål, for the command line of :mod:`lmsanalyse.cli`.

argparse takes its texts through ``gettext`` (the module's ``_`` and ``ngettext``).
:class:`NorskParser` swaps in :func:`oversett` while argparse builds, formats or reports,
and restores the originals afterwards, so nothing outside the parser changes.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

TEXTS = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "show program's version number and exit": "vis versjonen og avslutt",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse argumentene mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig %(type)s: %(value)r",
    "expected one argument": "trenger én verdi",
    "expected at most one argument": "tar høyst én verdi",
    "expected at least one argument": "trenger minst én verdi",
    "expected %s argument": "trenger %s verdi",
    "expected %s arguments": "trenger %s verdier",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydig valg: %(option)s kan bety %(matches)s"
    ),
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "ignored explicit argument %r": "verdien %r ble ignorert",
    "one of the arguments %s is required": "ett av argumentene %s må være med",
    "unexpected option string: %s": "uventet valg: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukjent kommando %(parser_name)r (velg blant %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan ikke åpne '%(filename)s': %(error)s",
}
# Type names in "invalid %(type)s value" (a type function's __name__).
TYPE_NAMES = {"int": "heltall", "float": "tall"}


def oversett(message: str) -> str:
    """argparse's English text in bokmål (unknown texts pass unchanged)."""
    return TEXTS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return oversett(singular if n == 1 else plural)


@contextlib.contextmanager
def norsk() -> Iterator[None]:
    """argparse's texts in bokmål while the block runs (re-entrant)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = oversett, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class NorskFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples of a command's epilog as written (one per line)."""


class NorskParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts and errors are in bokmål."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", NorskFormatter)
        with norsk():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        if kwargs.get("type") in (int, float):
            kwargs["type"] = _named(kwargs["type"])
        with norsk():
            return super().add_argument(*args, **kwargs)

    def parse_known_args(self, *args, **kwargs):
        with norsk():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with norsk():
            return super().format_usage()

    def format_help(self) -> str:
        with norsk():
            return super().format_help()

    def error(self, message: str):
        with norsk():
            super().error(message)


def _named(kind: type):
    """``int`` as a type function named ``heltall``, for the error message."""

    def convert(text: str):
        return kind(text)

    convert.__name__ = TYPE_NAMES[kind.__name__]
    return convert
