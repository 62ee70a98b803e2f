"""The Jinja environment of the reports: package templates, autoescape, Norwegian filters,
and the template functions that ask for figures by id.

Free text from the data (service names, reasons) is escaped by autoescape; JSON for a
``<script type="application/json">`` goes through the ``tojson`` filter, which escapes
``<``, ``>``, ``&`` and ``'``. The ids the templates ask for are found by parsing them, so
that they can be checked against ``figures.csv`` before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, nodes

from ..norsk import (
    fmt_andel_tabell,
    fmt_andel_tekst,
    fmt_date,
    fmt_int,
    fmt_number,
)
from .data import ReportDataError
from .figure_model import Figurer

# Template functions that take a figure id as first argument; their ids are checked up front.
FIGURE_FUNCTIONS = ("figur", "verdi", "nevner", "av", "andel", "tabellandel", "antall", "bestemt")
MINUS = "\u2212"


def fmt_signed(value: int) -> str:
    """A difference with its sign: ``+6``, ``−12`` (minus sign), ``0``."""
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return sign + fmt_int(abs(value))


@cache
def make_environment() -> Environment:
    """The jinja2 environment: package templates, autoescape on, Norwegian filters. One per
    process: its templates are compiled once and shared by every report a run renders (the
    rules' threads too; a jinja2 environment is safe to share once set up), instead of
    being compiled again for each edition and document."""
    env = Environment(
        loader=PackageLoader("lmsanalyse.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["heltall"] = fmt_int
    # The rounding policy (norsk.DESIMALER_*): prosent in text, tabellprosent in tables. A
    # share of a zero denominator (no included service is friskliv …) is shown as a dash.
    env.filters["prosent"] = lambda share: "–" if share is None else fmt_andel_tekst(share)
    env.filters["tabellprosent"] = lambda share: "–" if share is None else fmt_andel_tabell(share)
    env.filters["desimal"] = lambda value, decimals=1: fmt_number(value, decimals)
    env.filters["dato"] = fmt_date
    env.filters["fortegn"] = fmt_signed
    # The first letter upper case, the rest as it is (``de 5 tjenestene`` → ``De 5 …``).
    env.filters["stor"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    # tojson: sorted keys, Norwegian letters as they are (the HTML is UTF-8).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def resource(env: Environment, name: str) -> str:
    """A file of the template folder as text (the styles and the table script)."""
    return env.loader.get_source(env, name)[0]


def template_figure_ids(env: Environment | None = None) -> set[str]:
    """Every figure id the templates ask for by name (first argument of a figure function)."""
    return set(_figure_ids(env or make_environment()))


@cache
def _figure_ids(env: Environment) -> frozenset[str]:
    ids: set[str] = set()
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        for call in env.parse(resource(env, name)).find_all(nodes.Call):
            if (
                isinstance(call.node, nodes.Name)
                and call.node.name in FIGURE_FUNCTIONS
                and call.args
                and isinstance(call.args[0], nodes.Const)
                and isinstance(call.args[0].value, str)
            ):
                ids.add(call.args[0].value)
    return frozenset(ids)


def figure_functions(figurer: Figurer) -> dict[str, Callable]:
    """The template's figure functions (:data:`FIGURE_FUNCTIONS`), bound to one ``figures.csv``."""

    def verdi(figur: str) -> str:
        return fmt_int(figurer[figur].verdi)

    def nevner(figur: str) -> str:
        den = figurer[figur].nevner
        if den is None:
            raise ReportDataError(f"figuren '{figur}' har ingen nevner")
        return fmt_int(den)

    def av(figur: str) -> str:
        return f"{verdi(figur)} av {nevner(figur)}"

    def andel(figur: str) -> str:
        share = figurer[figur].andel
        return "–" if share is None else fmt_andel_tekst(share)

    def tabellandel(figur: str) -> str:
        share = figurer[figur].andel
        return "–" if share is None else fmt_andel_tabell(share)

    def antall(figur: str, entall: str, flertall: str) -> str:
        """``1 tjeneste``, ``5 tjenester``: the count with the noun in the right number."""
        n = figurer[figur].verdi
        return f"{fmt_int(n)} {entall if n == 1 else flertall}"

    def bestemt(figur: str, entall: str, flertall: str) -> str:
        """``den ene tjenesten``, ``de 5 tjenestene`` (definite form)."""
        n = figurer[figur].verdi
        return f"den ene {entall}" if n == 1 else f"de {fmt_int(n)} {flertall}"

    def figur_om(figur: str):
        # Not one of FIGURE_FUNCTIONS: a figure the definition may lack (a rule it does not
        # use) is None here instead of an error before rendering.
        return figurer.get(figur)

    return {
        "figur": figurer.__getitem__,
        "verdi": verdi,
        "nevner": nevner,
        "av": av,
        "andel": andel,
        "tabellandel": tabellandel,
        "antall": antall,
        "bestemt": bestemt,
        "figur_om": figur_om,
    }
