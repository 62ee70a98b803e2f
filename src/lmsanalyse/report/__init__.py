"""Report: the kartlegging as one self-contained HTML file and a PDF made from the same HTML.

Every number the report shows comes from ``figures.csv`` or from the processed tables; the
template asks for figures by id (``fig``, ``verdi``, ``av``, ``andel``, ``nevner``), and the ids
it uses are checked against ``figures.csv`` before anything is rendered. Free text from the
data (service names, reasons) is escaped by jinja2's autoescape. Figures are drawn with
matplotlib as SVG with text kept as text, inlined in the HTML and drawn as vectors in the PDF.

``render_sensitivity`` renders the second report, every definition side by side, from
``sensitivitet.csv`` and ``sensitivitet_endringer.csv`` with the same frame (``ramme.html.j2``),
styles, provenance colophon (``felles.html.j2``), chart settings and PDF writer.

The output is byte-identical between runs: SVG ids are salted and renamed per figure, the SVG
carries no date, the PDF's dates are the run time from ``provenance.json``, and
``SOURCE_DATE_EPOCH`` is set from it while WeasyPrint writes (font subsets carry a timestamp).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, nodes
from markupsafe import Markup

from ..norsk import fmt_date, fmt_int, fmt_number, fmt_pct
from ..sensitivity import CHANGE_COLUMNS, SENSITIVITY_COLUMNS

log = logging.getLogger(__name__)

TEMPLATE = "rapport.html.j2"
SENSITIVITET_TEMPLATE = "sensitivitet.html.j2"
# Template functions that take a figure id as first argument; their ids are checked up front.
FIGURE_FUNCTIONS = ("fig", "verdi", "nevner", "av", "andel")
# Figures the charts drawn in this module use (the template's own are found by parsing it).
CHART_FIGURES = (
    "enheter_spurt",
    "enheter_besvart_skjema",
    "radmann_svar_ja",
    "radmann_svar_nei",
    "radmann_svar_vet_ikke",
    "radmann_svar_ubesvart",
    "ringerunde",
    "ringerunde_forsok",
    "ringerunde_har_tjeneste",
    "ringerunde_har_ikke_tjeneste",
    "ringerunde_uavklart",
    "svarprosent_aapor_rr1",
    "tjenester_intervjuet",
    "tjenester_ekskludert",
    "kommuner_status_ja_uten_bekreftelse",
    "radmann_ja_uten_tjeneste",
    "tjenester",
    "tjenester_kommunale",
    "tjenester_interkommunale",
    "kommuner_med_tilbud",
    "kommuner_i_interkommunale",
    "kommuner_uten_tilbud",
    "kommuner_2020_dekket",
    "kommuner_2020_delvis_dekket",
    "kommuner_2020_ikke_dekket",
)

# 2017 map: kommuner merged into another polygon, and the one whose status the polygon shows.
KART_SAMMENSLATT = {"0706": "0710", "0719": "0710", "0720": "0710"}
KART_VISER_STATUS_FRA = {"0710": "0706"}
# Rings are simplified (Douglas-Peucker) with this tolerance in metres before drawing: about a
# third of a point in the printed map, so invisible, and the HTML is several times smaller.
KART_TOLERANSE_M = 1200.0

FARGE_HOVED = "#1b6f8a"
FARGE_LYS = "#8cc3d4"
FARGE_GRA = "#d9dde0"
FARGE_TEKST = "#1d1d1b"

MPL_RC = {
    "svg.hashsalt": "lmsanalyse",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "text.color": FARGE_TEKST,
    "axes.labelcolor": FARGE_TEKST,
    "xtick.color": FARGE_TEKST,
    "ytick.color": FARGE_TEKST,
    "legend.frameon": False,
}

STATUS_TEKST = {
    "dekket": "Dekket",
    "ekskludert": "Tjeneste ekskludert",
    "ja_uten_bekreftelse": "Oppga tjeneste, ikke bekreftet",
    "svarte_nei": "Svarte nei",
    "uavklart": "Uavklart",
    "ikke_besvart": "Ikke besvart",
    "manuelt_inkludert": "Manuelt inkludert",
    "manuelt_ekskludert": "Manuelt ekskludert",
}
# status_2020 in kommune_2020_status.csv: text, and the figure that counts it.
STATUS_2020 = {
    "dekket": ("Dekket", "kommuner_2020_dekket"),
    "delvis dekket": ("Delvis dekket", "kommuner_2020_delvis_dekket"),
    "ikke dekket": ("Ikke dekket", "kommuner_2020_ikke_dekket"),
}
# One 2014 part in kommune_2020_status.csv's kommuner_2014: "1613 Snillfjord (dekket)".
DEL_2014 = re.compile(r"^(\d{4}) (.+?)( \(dekket\))?$")
MINUS = "\u2212"
KATEGORI_TEKST = {
    "friskliv": "Organisert sammen med eller gitt av frisklivssentral",
    "eget_senter": "Eget senter eller egen avdeling",
    "koordinator": "Ansatt koordinator eller leder",
    "mange_ars_erfaring": "Mange års erfaring, uten egen tjeneste",
}
KATEGORI_KORT = {
    "friskliv": "Friskliv",
    "eget_senter": "Eget senter",
    "koordinator": "Koordinator",
    "mange_ars_erfaring": "Mange års erfaring",
}
REGEL_KORT = {
    "I1_intervjuet": "I1 intervjuet",
    "I2_brukermedvirkning": "I2 brukermedvirkning",
    "I3_etablert": "I3 etablert tjeneste",
    "I4_lms_tilbud": "I4 LMS-tilbud",
    "I5_i_gang": "I5 i gang",
}
REGEL_TEKST = {
    "I1_intervjuet": "Tjenesten er intervjuet (et Ja fra rådmann eller ringerunde alene teller ikke)",
    "I2_brukermedvirkning": (
        "Sidestilt brukermedvirkning (Ja, ikke Delvis) i alle aktuelle faser: utvikling, "
        "planlegging og, for tjenester i gang, gjennomføring og evaluering"
    ),
    "I3_etablert": (
        "Etablert tjeneste: frisklivssentral, eget senter/avdeling, koordinator eller mange års "
        "erfaring med flere tilbud"
    ),
    "I4_lms_tilbud": "Tjenester i gang gir minst ett lærings- og mestringstilbud",
    "I5_i_gang": "Tjenesten er kommet i gang med tilbud",
}


class ReportDataError(ValueError):
    """The processed data lacks something the report needs."""


@dataclass(frozen=True)
class Figur:
    """One row of ``figures.csv``."""

    id: str
    verdi: int
    nevner: int | None

    @property
    def andel(self) -> float:
        """The share ×100; an error for a figure without a denominator."""
        if not self.nevner:
            raise ReportDataError(f"figuren '{self.id}' har ingen nevner; andel kan ikke beregnes")
        return 100.0 * self.verdi / self.nevner

    @property
    def etikett(self) -> str:
        """``diagnose_hjerte_og_kar`` → ``Hjerte og kar`` (the part after the first ``_``)."""
        text = self.id.split("_", 1)[1].replace("_", " ")
        return text[:1].upper() + text[1:]


class Figurer:
    """The figures of ``figures.csv`` by id; a missing id is an error that names it."""

    def __init__(self, figurer: list[Figur]):
        self._by_id = {f.id: f for f in figurer}
        self._order = [f.id for f in figurer]

    @classmethod
    def from_csv(cls, path: Path) -> Figurer:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"figur", "verdi", "nevner"} - set(table.columns)
        if missing:
            raise ReportDataError(f"{Path(path).name} mangler kolonnene {sorted(missing)}")
        return cls(
            [
                Figur(r.figur, _as_int(r.verdi), _as_int(r.nevner) if r.nevner.strip() else None)
                for r in table.itertuples(index=False)
            ]
        )

    def __getitem__(self, figur: str) -> Figur:
        try:
            return self._by_id[figur]
        except KeyError:
            raise ReportDataError(
                f"figures.csv mangler figuren '{figur}', som rapporten bruker"
            ) from None

    def __contains__(self, figur: object) -> bool:
        return figur in self._by_id

    def ids(self) -> list[str]:
        return list(self._order)

    def med_prefiks(self, prefix: str, unntatt: str | None = None) -> list[Figur]:
        """Figures whose id starts with ``prefix`` (not ``unntatt``), in file order."""
        return [
            self._by_id[i]
            for i in self._order
            if i.startswith(prefix) and not (unntatt and i.startswith(unntatt))
        ]

    def require(self, ids: set[str] | tuple[str, ...]) -> None:
        """Raise one error naming every id that is missing."""
        missing = sorted(set(ids) - set(self._by_id))
        if missing:
            raise ReportDataError(
                "figures.csv mangler figurer som rapporten bruker: " + ", ".join(missing)
            )


def _as_int(text: str, kilde: str = "figures.csv") -> int:
    try:
        value = float(text)
    except ValueError:
        raise ReportDataError(f"{kilde}: '{text}' er ikke et tall") from None
    if value != int(value):
        raise ReportDataError(f"{kilde}: '{text}' er ikke et heltall")
    return int(value)


def fmt_signed(value: int) -> str:
    """A difference with its sign: ``+6``, ``−12`` (minus sign), ``0``."""
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return sign + fmt_int(abs(value))


# --------------------------------------------------------------------------- template


def make_environment() -> Environment:
    """The jinja2 environment: package templates, autoescape on, Norwegian filters."""
    env = Environment(
        loader=PackageLoader("lmsanalyse.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["heltall"] = fmt_int
    env.filters["prosent"] = lambda share, decimals=0: fmt_pct(share, decimals)
    env.filters["desimal"] = lambda value, decimals=1: fmt_number(value, decimals)
    env.filters["dato"] = fmt_date
    env.filters["fortegn"] = fmt_signed
    return env


def template_figure_ids(env: Environment | None = None) -> set[str]:
    """Every figure id the templates ask for by name (first argument of a figure function)."""
    env = env or make_environment()
    ids: set[str] = set()
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        source = env.loader.get_source(env, name)[0]
        for call in env.parse(source).find_all(nodes.Call):
            if (
                isinstance(call.node, nodes.Name)
                and call.node.name in FIGURE_FUNCTIONS
                and call.args
                and isinstance(call.args[0], nodes.Const)
                and isinstance(call.args[0].value, str)
            ):
                ids.add(call.args[0].value)
    return ids


def figure_functions(figurer: Figurer) -> dict[str, Callable]:
    """The template's figure functions, bound to one ``figures.csv``."""

    def verdi(figur: str) -> str:
        return fmt_int(figurer[figur].verdi)

    def nevner(figur: str) -> str:
        den = figurer[figur].nevner
        if den is None:
            raise ReportDataError(f"figuren '{figur}' har ingen nevner")
        return fmt_int(den)

    def av(figur: str) -> str:
        return f"{verdi(figur)} av {nevner(figur)}"

    def andel(figur: str, desimaler: int = 0) -> str:
        return fmt_pct(figurer[figur].andel, desimaler)

    return {"fig": figurer.__getitem__, "verdi": verdi, "nevner": nevner, "av": av, "andel": andel}


# --------------------------------------------------------------------------- charts

# matplotlib's rcParams and SOURCE_DATE_EPOCH are process-wide, and Snakemake runs the rules'
# run: blocks in threads (force-use-threads): the two reports must not draw or write at once.
_GLOBAL_STATE = threading.RLock()


@contextlib.contextmanager
def _mpl() -> Iterator[Callable]:
    """A figure factory with the report's settings: Agg canvas, no pyplot, rcParams held."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def new_figure(**kwargs) -> Figure:
        figure = Figure(**kwargs)
        FigureCanvasAgg(figure)
        return figure

    with _GLOBAL_STATE, mpl.rc_context(MPL_RC):
        yield new_figure


def svg_markup(figure, prefix: str, title: str) -> Markup:
    """A matplotlib figure as inline SVG: no XML prolog or metadata, ids unique per figure."""
    buf = io.StringIO()
    figure.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"\s*<style[^>]*>.*?</style>", "", text, flags=re.S)
    text = re.sub(r"\s*<defs>\s*</defs>", "", text)
    ids = set(re.findall(r'\bid="([^"]+)"', text))

    def rename(match: re.Match) -> str:
        name = match.group(2)
        return match.group(1) + (f"{prefix}-{name}" if name in ids else name)

    text = re.sub(r'(\bid="|url\(#|href="#)([^")]+)', rename, text)
    # Presentation attributes instead of style="": same drawing, and the HTML's CSS cascade
    # (WeasyPrint's included) does not meet SVG-only properties.
    text = re.sub(r'\bstyle="([^"]*)"', _style_to_attributes, text)
    # Path data to 0.1 pt and on one line: invisible, and the map takes far less space.
    text = re.sub(r'\bd="[^"]*"', _round_path, text)
    # Accessible name for the figure; the visible caption is in the HTML.
    text = text.replace("<svg ", f'<svg role="img" aria-label="{_xml_attr(title)}" ', 1)
    return Markup(text.strip() + "\n")


def _style_to_attributes(match: re.Match) -> str:
    declarations = [d.split(":", 1) for d in match.group(1).split(";") if ":" in d]
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _round_path(match: re.Match) -> str:
    path = re.sub(r"-?\d+\.\d+", lambda m: _short(float(m.group(0))), match.group(0))
    path = re.sub(r"\s+", " ", path).replace('d=" ', 'd="').replace(' "', '"')
    if set(re.findall(r"[A-Za-z]", path[3:])) <= {"M", "L", "z"}:
        # Only straight lines: a coordinate pair after M or L is an implicit L.
        path = path.replace(" L ", " ")
    return path


def _short(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _xml_attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


# Flow chart geometry: x in 0-100 across the figure, y in units of FLYT_ENHET points.
FLYT_ENHET = 3.6
LINJE = 2.8  # one line of 7.2 pt text
GRA_LINJE = "#555555"


def _box(ax, x: float, top: float, w: float, title: str, lines: list[str], style="hoved") -> float:
    """A rounded box with a bold title and detail lines, hanging from ``top``; returns its bottom."""
    from matplotlib.patches import FancyBboxPatch

    fc, ec, tc = {
        "hoved": ("#e8f1f5", FARGE_HOVED, FARGE_TEKST),
        "side": ("#f4f4f4", "#8a8a8a", FARGE_TEKST),
        "slutt": (FARGE_HOVED, FARGE_HOVED, "#ffffff"),
    }[style]
    h = 5.2 + LINJE * len(lines) + (0.8 if lines else 0)
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, top - h),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=1.2",
            fc=fc,
            ec=ec,
            lw=0.8,
        )
    )
    ax.text(x, top - 1.6, title, ha="center", va="top", weight="bold", color=tc, size=8)
    if lines:
        ax.text(
            x,
            top - 5.0,
            "\n".join(lines),
            ha="center",
            va="top",
            color=tc,
            size=7.2,
            linespacing=1.35,
        )
    return top - h


def _arrow(ax, start, end):
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "-|>", "color": GRA_LINJE, "lw": 0.8, "shrinkA": 0, "shrinkB": 0},
    )


def _line(ax, *points):
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=GRA_LINJE, lw=0.8, solid_capstyle="butt")


def flow_chart(
    figurer: Figurer, enheter: dict[str, int], regler: list[dict], dekning_via: dict[str, int]
) -> Markup:
    """CONSORT-style flow of units and services, every number from ``figures.csv``."""
    f = figurer
    n = {k: fmt_int(f[k].verdi) for k in CHART_FIGURES}
    main_x, main_w, side_x, side_w = 32.0, 48.0, 78.5, 42.0
    side_left = side_x - side_w / 2
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 6))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.axis("off")

        spurt = [
            f"{fmt_int(enheter.get('kommune', 0))} rådmenn og "
            f"{fmt_int(enheter.get('bydel', 0))} bydelsdirektører i Oslo"
        ]
        bottom = _box(
            ax, 50, 99.5, 60, f"Spørreskjema sendt til {n['enheter_spurt']} enheter", spurt
        )
        split = bottom - 3.5
        _line(ax, (50, bottom), (50, split), (25, split))
        _line(ax, (50, split), (75, split))
        top = split - 3.5
        _arrow(ax, (25, split), (25, top))
        _arrow(ax, (75, split), (75, top))
        svar = [
            f"Ja {n['radmann_svar_ja']} · Nei {n['radmann_svar_nei']} · "
            f"Vet ikke {n['radmann_svar_vet_ikke']} · ubesvart {n['radmann_svar_ubesvart']}",
            f"svarprosent (AAPOR RR1) {fmt_pct(f['svarprosent_aapor_rr1'].andel, 1)}",
        ]
        left = _box(ax, 25, top, 47, f"Svarte på skjemaet: {n['enheter_besvart_skjema']}", svar)
        ring = [
            f"{n['ringerunde_forsok']} anrop · har tjeneste {n['ringerunde_har_tjeneste']}",
            f"har ikke tjeneste {n['ringerunde_har_ikke_tjeneste']} · "
            f"uavklart {n['ringerunde_uavklart']}",
        ]
        right = _box(ax, 75, top, 47, f"Svarte ikke, ringerunde: {n['ringerunde']}", ring)
        join = min(left, right) - 3.0
        _line(ax, (25, left), (25, join), (75, join), (75, right))

        # Units whose service could not be confirmed branch off to the side. The chart counts
        # units; figures.csv has a unit count only for the rådmann's Ja, so the kommuner
        # (which also take in the ringerunde's Ja) are a second, labelled line.
        ikke_bekreftet = [
            f"av {fmt_int(f['radmann_ja_uten_tjeneste'].nevner or 0)} enheter der rådmannen svarte Ja,",
            "fantes ingen tjeneste å intervjue",
            f"I kommuner, med ringerunde-Ja: {n['kommuner_status_ja_uten_bekreftelse']}",
            "(status «oppga tjeneste, ikke bekreftet»)",
        ]
        side_top = join - 2.5
        side_bottom = _box(
            ax,
            side_x,
            side_top,
            side_w,
            f"Rådmann-Ja, ikke intervjuet: {n['radmann_ja_uten_tjeneste']}",
            ikke_bekreftet,
            "side",
        )
        branch = (side_top + side_bottom) / 2
        _arrow(ax, (main_x, branch), (side_left, branch))
        top = side_bottom - 2.5
        _line(ax, (main_x, join), (main_x, branch))
        _arrow(ax, (main_x, branch), (main_x, top))
        intervju = ["med lederne av tjenestene som rådmenn", "eller ringerunden pekte på"]
        tittel = f"Telefonintervju: {n['tjenester_intervjuet']} tjenester"
        bottom = _box(ax, main_x, top, main_w, tittel, intervju)

        ekskl = [
            f"{r['kort']}: {fmt_int(r['ekskludert'].verdi)}"
            for r in regler
            if r["ekskludert"].verdi
        ]
        ekskl.append("(en tjeneste kan feile flere regler)")
        side_top = bottom - 2.5
        tittel = f"Ekskludert: {n['tjenester_ekskludert']} tjenester"
        side_bottom = _box(ax, side_x, side_top, side_w, tittel, ekskl, "side")
        branch = (side_top + side_bottom) / 2
        _line(ax, (main_x, bottom), (main_x, branch))
        _arrow(ax, (main_x, branch), (side_left, branch))
        top = side_bottom - 2.5
        _arrow(ax, (main_x, branch), (main_x, top))
        inkl = [
            f"{n['tjenester_kommunale']} kommunale · {n['tjenester_interkommunale']} interkommunale"
        ]
        bottom = _box(ax, main_x, top, main_w, f"Inkludert: {n['tjenester']} tjenester", inkl)

        top = bottom - 4.5
        _arrow(ax, (main_x, bottom), (main_x, top))
        dekket = [
            f"{fmt_int(dekning_via['kommunal'])} med kommunal tjeneste · "
            f"{fmt_int(dekning_via['interkommunal'])} gjennom interkommunal"
            + (f" · {fmt_int(dekning_via['manuell'])} manuelt" if dekning_via["manuell"] else ""),
            f"{n['kommuner_uten_tilbud']} kommuner uten tjeneste",
        ]
        med = f["kommuner_med_tilbud"]
        tittel = (
            f"Kommuner med tjeneste: {n['kommuner_med_tilbud']} av {fmt_int(med.nevner or 0)} "
            f"({fmt_pct(med.andel)})"
        )
        bottom = _box(ax, main_x, top, main_w + 6, tittel, dekket, "slutt")
        # The figure is as tall as the chart: one y unit is FLYT_ENHET points.
        ax.set_xlim(0, 100)
        ax.set_ylim(bottom - 0.5, 100)
        fig.set_size_inches(6.9, (100.5 - bottom) * FLYT_ENHET / 72)
        return svg_markup(fig, "flyt", "Flytdiagram over enheter og tjenester i kartleggingen")


def _pct_axis(ax, axis="x"):
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_pct(v)))
    target.set_major_locator(MultipleLocator(20))


def fylke_chart(fylker: list[dict]) -> Markup:
    """Share of kommuner and of population covered, per fylke."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    kommuner = [r["kommuner"].andel for r in fylker][::-1]
    befolkning = [r["befolkning"].andel for r in fylker][::-1]
    y = np.arange(len(names))
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 5.6), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(y + 0.2, kommuner, 0.4, color=FARGE_HOVED, label="Andel av kommunene")
        ax.barh(y - 0.2, befolkning, 0.4, color=FARGE_LYS, label="Andel av befolkningen")
        for yi, k, b in zip(y, kommuner, befolkning, strict=True):
            ax.text(k + 1, yi + 0.2, fmt_pct(k), va="center", size=6.5)
            ax.text(b + 1, yi - 0.2, fmt_pct(b), va="center", size=6.5, color="#3b5a66")
        ax.set_yticks(y, names)
        ax.set_xlim(0, 112)
        _pct_axis(ax)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower right")
        ax.grid(axis="x", color="#e3e3e3", lw=0.5)
        ax.set_axisbelow(True)
        return svg_markup(fig, "fylke", "Andel kommuner og befolkning med tjeneste, per fylke")


def kategori_chart(kategorier: list[dict]) -> Markup:
    """Included services by category, split by kommunal/interkommunal."""
    labels = [r["tekst"] for r in kategorier][::-1]
    kommunal = [r["kommunal"] for r in kategorier][::-1]
    interkommunal = [r["interkommunal"] for r in kategorier][::-1]
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 2.3), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(labels, kommunal, color=FARGE_HOVED, label="Kommunal")
        ax.barh(labels, interkommunal, left=kommunal, color=FARGE_LYS, label="Interkommunal")
        for i, (k, ik) in enumerate(zip(kommunal, interkommunal, strict=True)):
            ax.text(k + ik + 0.3, i, fmt_int(k + ik), va="center", size=7)
        ax.set_xlabel("Antall tjenester")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(
            0, max(k + ik for k, ik in zip(kommunal, interkommunal, strict=True)) * 1.12 + 1
        )
        ax.legend(loc="lower right")
        return svg_markup(fig, "kategori", "Inkluderte tjenester etter organisering")


def tilbud_chart(tilbudstyper: list[Figur], diagnoser: list[Figur]) -> Markup:
    """Services in operation by offering type and by diagnosis."""
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 3.1), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, rows, title in (
            (axes[0], tilbudstyper, "Etter type tilbud"),
            (axes[1], diagnoser, "Etter diagnose/målgruppe"),
        ):
            rows = sorted(rows, key=lambda r: (r.verdi, r.id))
            ax.barh([r.etikett for r in rows], [r.verdi for r in rows], color=FARGE_HOVED)
            for i, r in enumerate(rows):
                ax.text(r.verdi + 0.4, i, fmt_int(r.verdi), va="center", size=6.5)
            ax.set_title(title, size=8, weight="bold", loc="left")
            ax.tick_params(axis="y", length=0, labelsize=7)
            ax.xaxis.get_major_locator().set_params(integer=True)
            if rows:
                ax.set_xlim(0, max(r.verdi for r in rows) * 1.15 + 1)
                ax.set_xlabel(f"Antall tjenester (av {fmt_int(rows[0].nevner or 0)} i gang)")
        return svg_markup(fig, "tilbud", "Tjenester i gang etter type tilbud og diagnose")


def kommuner_2020_chart(fylker: list[dict], figurer: Figurer) -> Markup:
    """2020 kommuner per 2020 fylke, stacked: dekket, delvis dekket, ikke dekket."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    y = np.arange(len(names))
    left = np.zeros(len(names), dtype=int)
    serier = (
        ("dekket", "dekket", FARGE_HOVED, "#ffffff"),
        ("delvis", "delvis dekket", FARGE_LYS, FARGE_TEKST),
        ("ikke", "ikke dekket", FARGE_GRA, FARGE_TEKST),
    )
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 0.75 + 0.22 * len(names)), layout="constrained")
        ax = fig.add_subplot()
        for key, status, colour, text_colour in serier:
            values = np.array([r[key] for r in fylker][::-1], dtype=int)
            total = figurer[STATUS_2020[status][1]].verdi
            label = f"{STATUS_2020[status][0]} ({fmt_int(total)})"
            ax.barh(y, values, 0.64, left=left, color=colour, label=label)
            for yi, value, start in zip(y, values, left, strict=True):
                if value:
                    ax.text(
                        start + value / 2,
                        yi,
                        fmt_int(value),
                        ha="center",
                        va="center",
                        size=6.3,
                        color=text_colour,
                    )
            left = left + values
        for yi, total in zip(y, left, strict=True):
            ax.text(total + 0.6, yi, fmt_int(total), va="center", size=6.5, color="#555555")
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(left) * 1.08 + 1)
        ax.set_xlabel("Antall kommuner i 2020")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
        return svg_markup(fig, "k2020", "Kommuner i 2020 etter dekning, per fylke")


def sensitivity_chart(rader: list[dict]) -> Markup:
    """Kommuner with a service under each definition; the main one dark, with a guide line."""
    import numpy as np

    rows = rader[::-1]
    y = np.arange(len(rows))
    values = [r["kommuner_dekket"] for r in rows]
    hoved = next(r for r in rows if r["hoved"])
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.9, 0.8 + 0.36 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(
            y,
            values,
            0.62,
            color=[FARGE_HOVED if r["hoved"] else FARGE_LYS for r in rows],
        )
        ax.axvline(hoved["kommuner_dekket"], color="#555555", lw=0.7, ls=(0, (3, 2)), zorder=0)
        for yi, r in zip(y, rows, strict=True):
            text = f"{fmt_int(r['kommuner_dekket'])} ({fmt_pct(r['andel_kommuner'], 1)})"
            if not r["hoved"]:
                text += f"  {fmt_signed(r['endring_kommuner'])}"
            ax.text(
                r["kommuner_dekket"] + 1.5,
                yi,
                text,
                va="center",
                size=7,
                bbox={"fc": "#ffffff", "ec": "none", "pad": 0.8},
            )
        ax.set_yticks(y, [r["definisjon"] + (" (hoved)" if r["hoved"] else "") for r in rows])
        ax.set_xlim(0, max(values) * 1.3 + 1)
        ax.set_xlabel(f"Kommuner med tjeneste (av {fmt_int(hoved['kommuner'])} kommuner i 2014)")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        return svg_markup(fig, "sens", "Kommuner med tjeneste etter definisjon")


def simplify_ring(points: list, tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of a closed ring (first point kept, ring stays closed)."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    if len(pts) < 5:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    # The ring's first and last points coincide: split at the point farthest from the first.
    far = max(range(len(pts)), key=lambda i: _dist2(pts[i], pts[0]))
    keep[far] = True
    stack = [(0, far), (far, len(pts) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_d = None, tolerance * tolerance
        for i in range(first + 1, last):
            d = _seg_dist2(pts[i], pts[first], pts[last])
            if d > best_d:
                best, best_d = i, d
        if best is not None:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def _dist2(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _seg_dist2(p, a, b) -> float:
    """Squared distance from ``p`` to the segment ``a``-``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return _dist2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return _dist2(p, (a[0] + t * dx, a[1] + t * dy))


def map_polygons(geojson: Path) -> list[tuple[str, list[list[tuple[float, float]]], bool]]:
    """``(kommunenr, exterior rings, has holes)`` per feature, in file order."""
    data = json.loads(Path(geojson).read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [simplify_ring(p[0], KART_TOLERANSE_M) for p in polys]
        rings = [r for r in rings if len(r) >= 4]
        out.append(
            (
                str(feature["properties"]["kommunenr"]).zfill(4),
                rings,
                any(len(p) > 1 for p in polys),
            )
        )
    return out


def map_status(kommuner: pd.DataFrame, polygons: list) -> dict[str, bool]:
    """Covered or not for each 2017 polygon, from the 2014 kommuner's ``dekket``."""
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    status = {}
    for nr, _rings, _holes in polygons:
        source = KART_VISER_STATUS_FRA.get(nr, nr)
        status[nr] = bool(dekket.get(source, False))
    return status


def map_chart(kommuner: pd.DataFrame, geojson: Path, figurer: Figurer) -> tuple[Markup, dict]:
    """Map of Norway (2017 polygons) with the covered 2014 kommuner; returns SVG and notes."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    polygons = map_polygons(geojson)
    status = map_status(kommuner, polygons)
    # Kommuner with holes first, so that what lies inside them is drawn on top.
    ordered = sorted(polygons, key=lambda p: not p[2])
    verts, colours = [], []
    for nr, rings, _holes in ordered:
        for ring in rings:
            verts.append(ring)
            colours.append(FARGE_HOVED if status[nr] else FARGE_GRA)
    with _mpl() as new_figure:
        fig = new_figure(figsize=(6.4, 7.4), layout="constrained")
        ax = fig.add_subplot()
        ax.add_collection(
            PolyCollection(
                verts, facecolors=colours, edgecolors="#ffffff", linewidths=0.15, joinstyle="round"
            )
        )
        ax.autoscale_view()
        ax.set_aspect("equal")
        ax.axis("off")
        med = figurer["kommuner_med_tilbud"]
        uten = figurer["kommuner_uten_tilbud"]
        ax.legend(
            handles=[
                Patch(fc=FARGE_HOVED, label=f"Kommune med tjeneste ({fmt_int(med.verdi)})"),
                Patch(fc=FARGE_GRA, label=f"Kommune uten tjeneste ({fmt_int(uten.verdi)})"),
            ],
            loc="lower right",
        )
        svg = svg_markup(fig, "kart", "Kart over kommuner med lærings- og mestringstjeneste")
    return svg, map_notes(kommuner, polygons, status)


def map_notes(kommuner: pd.DataFrame, polygons: list, status: dict[str, bool]) -> list[str]:
    """Sentences for the caption: which 2014 kommuner the 2017 map merges or lacks."""
    navn = dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    on_map = {nr for nr, _r, _h in polygons}
    notes = []
    for target in sorted(set(KART_SAMMENSLATT.values()) & on_map):
        parts = [nr for nr, til in sorted(KART_SAMMENSLATT.items()) if til == target and nr in navn]
        source = KART_VISER_STATUS_FRA.get(target, target)
        covered = status.get(target, False)
        note = (
            f"{_liste([f'{navn[nr]} ({nr})' for nr in parts])} vises som ett område ({target}), "
            f"farget etter {navn.get(source, source)} ({source}), som "
            f"{'har' if covered else 'ikke har'} tjeneste"
        )
        others = [navn[nr] for nr in parts if nr != source and dekket[nr] != covered]
        if others:
            note += f"; {_liste(others)} {'har ikke' if covered else 'har'} tjeneste"
        notes.append(note + ".")
    missing = [nr for nr in sorted(navn) if nr not in on_map and nr not in KART_SAMMENSLATT]
    if missing:
        items = [f"{navn[nr]} ({nr}, {'med' if dekket[nr] else 'uten'} tjeneste)" for nr in missing]
        pronoun = "dem" if len(missing) > 1 else "den"
        notes.append(
            f"{_liste(items)} mangler i kartet fordi forenklingen av grensene fjernet {pronoun}."
        )
    return notes


def _liste(items: list[str]) -> str:
    """``a``, ``a og b``, ``a, b og c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


# --------------------------------------------------------------------------- data


def _read_csv(path: Path) -> pd.DataFrame:
    if not Path(path).exists():
        raise ReportDataError(f"rapporten trenger {Path(path).name}, som mangler i {path.parent}")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _read_parquet(path: Path) -> pd.DataFrame:
    if not Path(path).exists():
        raise ReportDataError(f"rapporten trenger {Path(path).name}, som mangler i {path.parent}")
    return pd.read_parquet(path)


def _text(value: object) -> str:
    """A table cell as text: missing values are empty."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def kommune_rows(status: pd.DataFrame) -> list[dict]:
    """The audit table of every 2014 kommune."""
    rows = []
    for r in status.sort_values("kommunenummer").itertuples(index=False):
        kode = _text(r.status_kode)
        rows.append(
            {
                "nr": r.kommunenummer,
                "navn": _text(r.kommunenavn),
                "fylke": _text(r.fylkesnavn),
                "dekket": _text(r.dekket),
                "status": STATUS_TEKST.get(kode, kode),
                "status_kode": kode,
                "tjenester": _text(r.tjeneste_ider).replace(";", ", "),
                "ekskluderte": _text(r.ekskluderte_tjeneste_ider).replace(";", ", "),
                "kilde": _text(r.kilde),
                "arsak": _text(r.arsak),
                "konflikt": _text(r.konflikt),
                "manuell": _text(getattr(r, "manuell_beslutning", None)),
            }
        )
    return rows


def tjeneste_rows(tjenester: pd.DataFrame, enheter: pd.DataFrame) -> list[dict]:
    """The audit table of every interviewed service."""
    navn = dict(zip(enheter["enhet_id"], enheter["enhet_navn"], strict=True))
    rows = []
    for r in tjenester.sort_values("tjeneste_id").itertuples(index=False):
        vert = _text(r.vertskommune_id)
        regler = [x for x in _text(r.feilede_regler).split(";") if x]
        rows.append(
            {
                "id": r.tjeneste_id,
                "navn": _text(r.tjeneste_navn),
                "vertskommune": f"{vert} {navn.get(vert, '')}".strip(),
                "organisering": _text(r.organisering),
                "deltakere": int(r.antall_deltakere),
                "kategori": KATEGORI_KORT.get(_text(r.kategori), _text(r.kategori)),
                "inkludert": _text(r.inkludert),
                "regler": regler,
                "arsak": _text(r.arsak),
                "manuell": _text(getattr(r, "manuell_beslutning", None)),
            }
        )
    return rows


def kategori_rows(tjenester: pd.DataFrame, figurer: Figurer) -> list[dict]:
    """Included services per category and organisering (from the table), with the figure."""
    inkl = tjenester[tjenester["inkludert"].eq("Ja")]
    counts = inkl.groupby(["kategori", "organisering"]).size()
    rows = []
    for kategori, tekst in KATEGORI_TEKST.items():
        figur = f"tjenester_{kategori}"
        rows.append(
            {
                "kategori": kategori,
                "tekst": tekst,
                "kommunal": int(counts.get((kategori, "kommunal"), 0)),
                "interkommunal": int(counts.get((kategori, "interkommunal"), 0)),
                "figur": figurer[figur] if figur in figurer else None,
            }
        )
    return rows


def tilbud_fordeling(tjenester: pd.DataFrame) -> list[dict]:
    """Included services by number of offerings in the last year."""
    inkl = tjenester[tjenester["inkludert"].eq("Ja")]
    counts = inkl["antall_tilbud"].astype(int).value_counts().sort_index()
    total = int(counts.sum())
    return [
        {"tilbud": int(k), "tjenester": int(v), "andel": 100.0 * int(v) / total}
        for k, v in counts.items()
    ]


def regel_rows(figurer: Figurer) -> list[dict]:
    """Each rule with the services that failed it (and failed only it)."""
    rows = []
    for f in figurer.med_prefiks("ekskludert_", unntatt="ekskludert_kun_"):
        regel = f.id.removeprefix("ekskludert_")
        kun = f"ekskludert_kun_{regel}"
        rows.append(
            {
                "regel": regel,
                "kort": REGEL_KORT.get(regel, regel.replace("_", " ")),
                "tekst": REGEL_TEKST.get(regel, regel),
                "ekskludert": f,
                "kun": figurer[kun] if kun in figurer else None,
            }
        )
    return rows


def fylke_rows(fylker: pd.DataFrame, figurer: Figurer) -> list[dict]:
    return [
        {
            "nr": r.fylkesnummer,
            "navn": r.fylkesnavn,
            "kommuner": figurer[f"fylke_{r.fylkesnummer}_kommuner_med_tilbud"],
            "befolkning": figurer[f"fylke_{r.fylkesnummer}_befolkning_dekket"],
        }
        for r in fylker.sort_values("fylkesnummer").itertuples(index=False)
    ]


def _require_columns(table: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportDataError(f"{name} mangler kolonnene {missing}")


def _deler_2014(text: str) -> list[dict]:
    """``1805 Narvik (dekket); 1850 Tysfjord`` → the 2014 parts with their status."""
    parts = []
    for item in (p.strip() for p in text.split(";")):
        if not item:
            continue
        match = DEL_2014.match(item)
        if not match:
            raise ReportDataError(f"kommune_2020_status.csv: kan ikke lese delen '{item}'")
        parts.append({"nr": match[1], "navn": match[2], "dekket": bool(match[3])})
    return parts


def kommune_2020_rows(table: pd.DataFrame) -> list[dict]:
    """Every 2020 kommune with its status and its 2014 parts, by kommunenummer."""
    columns = (
        "kommunenummer_2020",
        "kommunenavn_2020",
        "fylkesnummer_2020",
        "fylkesnavn_2020",
        "status_2020",
        "deler_2014",
        "dekkede_deler_2014",
        "kommuner_2014",
        "merknad",
    )
    _require_columns(table, columns, "kommune_2020_status.csv")
    rows = []
    for r in table.sort_values("kommunenummer_2020").itertuples(index=False):
        if r.status_2020 not in STATUS_2020:
            raise ReportDataError(
                f"kommune_2020_status.csv: ukjent status_2020 '{r.status_2020}' "
                f"for {r.kommunenummer_2020}"
            )
        rows.append(
            {
                "nr": r.kommunenummer_2020,
                "navn": r.kommunenavn_2020,
                "fylkesnr": r.fylkesnummer_2020,
                "fylke": r.fylkesnavn_2020,
                "status_kode": r.status_2020,
                "status": STATUS_2020[r.status_2020][0],
                "klasse": r.status_2020.replace(" ", "-"),
                "deler": _as_int(r.deler_2014, "kommune_2020_status.csv"),
                "dekkede": _as_int(r.dekkede_deler_2014, "kommune_2020_status.csv"),
                "kommuner_2014": _deler_2014(r.kommuner_2014),
                "merknad": r.merknad,
            }
        )
    return rows


def fylke_2020_rows(kommuner: list[dict], figurer: Figurer) -> list[dict]:
    """Counts per 2020 fylke; the totals must agree with the kommuner_2020_* figures."""
    fylker: dict[str, dict] = {}
    key = {"dekket": "dekket", "delvis dekket": "delvis", "ikke dekket": "ikke"}
    for k in kommuner:
        row = fylker.setdefault(
            k["fylkesnr"],
            {"nr": k["fylkesnr"], "navn": k["fylke"], "kommuner": 0} | {v: 0 for v in key.values()},
        )
        row["kommuner"] += 1
        row[key[k["status_kode"]]] += 1
    for status, (_tekst, figur) in STATUS_2020.items():
        counted = sum(r[key[status]] for r in fylker.values())
        f = figurer[figur]
        if counted != f.verdi or len(kommuner) != f.nevner:
            raise ReportDataError(
                f"kommune_2020_status.csv har {counted} av {len(kommuner)} kommuner med status "
                f"'{status}', men figures.csv har {figur} = {f.verdi} av {f.nevner}"
            )
    return [fylker[nr] for nr in sorted(fylker)]


def delte_kommuner(kommuner: list[dict]) -> list[dict]:
    """2014 kommuner that were split between 2020 kommuner, from the rows with a merknad."""
    holders: dict[str, list[dict]] = {}
    for k in kommuner:
        for part in k["kommuner_2014"]:
            holders.setdefault(part["nr"], []).append(k)
    noted = {part["nr"] for k in kommuner if k["merknad"] for part in k["kommuner_2014"]}
    out = []
    for nr in sorted(n for n in noted if len(holders[n]) > 1):
        part = next(p for p in holders[nr][0]["kommuner_2014"] if p["nr"] == nr)
        out.append(
            {
                "nr": nr,
                "navn": part["navn"],
                "dekket": part["dekket"],
                "mottakere": holders[nr],
                "merknader": [k["merknad"] for k in holders[nr] if k["merknad"]],
            }
        )
    return out


def reconciliation_rows(rec: pd.DataFrame) -> list[dict]:
    def share(text: str, decimals: int | None) -> str:
        if not text.strip():
            return ""
        value = float(text)
        if decimals is None:
            decimals = 0 if value == int(value) else 1
        return fmt_pct(value, decimals)

    return [
        {
            "figur": r.figur,
            "beskrivelse": r.beskrivelse,
            "publisert_tekst": r.publisert_tekst,
            "publisert": fmt_int(_as_int(r.publisert)) if r.publisert.strip() else "",
            "beregnet": fmt_int(_as_int(r.beregnet)) if r.beregnet.strip() else "",
            "publisert_andel": share(r.publisert_andel, None),
            "beregnet_andel": share(r.beregnet_andel, 1),
            "status": r.status,
            "kommentar": r.kommentar,
        }
        for r in rec.itertuples(index=False)
    ]


def row_accounting(table: pd.DataFrame) -> list[dict]:
    rows = []
    for r in table.itertuples(index=False):
        parts = {k: _as_int(getattr(r, k) or "0") for k in ("brukt", "slatt_sammen", "karantene")}
        tomme = _as_int(r.tomme_rader or "0")
        inn = _as_int(r.rader_inn)
        rows.append(
            {
                "kilde": r.kilde,
                "fil": r.fil,
                "format": r.format + (f" ({r.skilletegn})" if r.skilletegn else ""),
                "inn": inn,
                **parts,
                "tomme": tomme,
                "stemmer": inn == sum(parts.values()) + tomme,
                "ignorerte": r.ignorerte_kolonner,
            }
        )
    return rows


def sensitivity_rows(summary: pd.DataFrame, hoved: str) -> list[dict]:
    """One row per definition of ``sensitivitet.csv``, in file order; ``hoved`` is marked."""
    kilde = "sensitivitet.csv"
    _require_columns(summary, SENSITIVITY_COLUMNS, kilde)
    if hoved not in set(summary["definisjon"]):
        raise ReportDataError(f"{kilde} mangler hoveddefinisjonen '{hoved}'")
    heltall = [c for c in SENSITIVITY_COLUMNS[2:] if not c.startswith("andel_")]
    rows = []
    for r in summary.to_dict("records"):
        row = {"definisjon": r["definisjon"], "beskrivelse": r["beskrivelse"]}
        row |= {c: _as_int(r[c], kilde) for c in heltall}
        for c in ("andel_kommuner", "andel_befolkning"):
            try:
                row[c] = float(r[c])
            except ValueError:
                raise ReportDataError(f"{kilde}: {c} '{r[c]}' er ikke et tall") from None
        row["hoved"] = r["definisjon"] == hoved
        rows.append(row)
    return rows


def sensitivity_changes(changes: pd.DataFrame, rader: list[dict]) -> dict[str, dict]:
    """Per variant: the kommuner that change coverage, and how many gain or lose it.

    Raises:
        ReportDataError: a change names an unknown definition or the main one, or the
            gains minus the losses differ from the variant's ``endring_kommuner``.
    """
    kilde = "sensitivitet_endringer.csv"
    _require_columns(changes, CHANGE_COLUMNS, kilde)
    varianter = {r["definisjon"]: r for r in rader if not r["hoved"]}
    ukjente = sorted(set(changes["definisjon"]) - set(varianter))
    if ukjente:
        raise ReportDataError(f"{kilde} har endringer for ukjente varianter: {ukjente}")
    out = {navn: {"kommuner": [], "inn": 0, "ut": 0} for navn in varianter}
    for r in changes.sort_values(["definisjon", "kommunenummer"]).itertuples(index=False):
        inn = r.dekket_variant == "Ja"
        group = out[r.definisjon]
        group["inn" if inn else "ut"] += 1
        group["kommuner"].append(
            {
                "nr": r.kommunenummer,
                "navn": r.kommunenavn,
                "dekket_hoved": r.dekket_hoved,
                "dekket_variant": r.dekket_variant,
                "status_hoved": STATUS_TEKST.get(r.status_hoved, r.status_hoved),
                "status_variant": STATUS_TEKST.get(r.status_variant, r.status_variant),
                "regel": r.regel,
                "tjenester": r.tjeneste_ider.replace(";", ", "),
                "forklaring": r.forklaring,
                "inn": inn,
            }
        )
    for navn, group in out.items():
        if group["inn"] - group["ut"] != varianter[navn]["endring_kommuner"]:
            raise ReportDataError(
                f"{kilde}: {group['inn']} kommuner blir dekket og {group['ut']} mister dekning "
                f"med {navn}, men sensitivitet.csv har endring_kommuner = "
                f"{varianter[navn]['endring_kommuner']}"
            )
    return out


def w3c_date(stamp: dt.datetime) -> str:
    """``2015-05-19T01:46:40Z``: the run time as a W3C date (naive times are UTC here)."""
    return stamp.isoformat(timespec="seconds") + ("Z" if stamp.tzinfo is None else "")


def run_time(provenance: dict) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(provenance["kjoretidspunkt"])
    except (KeyError, ValueError) as exc:
        raise ReportDataError("provenance.json mangler et gyldig 'kjoretidspunkt'") from exc


def read_provenance(path: Path) -> dict:
    path = Path(path)
    if not path.exists():
        raise ReportDataError(f"rapporten trenger provenance.json, som mangler i {path.parent}")
    return json.loads(path.read_text(encoding="utf-8"))


def common_context(env: Environment, provenance: dict) -> dict:
    """What every report's frame needs: styles, script, provenance and the run time."""
    stamp = run_time(provenance)
    return {
        "css": Markup(_resource(env, "rapport.css")),
        "js": Markup(_resource(env, "tabell.js")),
        "definisjon": provenance.get("hoveddefinisjon", ""),
        "provenance": provenance,
        "kjoretidspunkt": stamp,
        "kjoretidspunkt_iso": w3c_date(stamp),
    }


# The files the main report reads, by name (the report rule's inputs).
REPORT_INPUTS = (
    "figures",
    "kommune_status",
    "tjeneste_status",
    "enheter",
    "fylke_dekning",
    "reconciliation",
    "quarantine",
    "row_accounting",
    "kommune_2020_status",
    "provenance",
    "definisjon",
    "kart",
)


def build_context(inputs: dict[str, Path]) -> dict:
    """Everything the template needs, read from the report rule's input files."""
    inputs = {k: Path(v) for k, v in inputs.items()}
    env = make_environment()
    figurer = Figurer.from_csv(inputs["figures"])
    figurer.require(template_figure_ids(env) | set(CHART_FIGURES))

    kommuner = _read_parquet(inputs["kommune_status"])
    tjenester = _read_parquet(inputs["tjeneste_status"])
    enheter = _read_parquet(inputs["enheter"])
    provenance = read_provenance(inputs["provenance"])

    enhetstyper = {"kommune": 0, "bydel": 0}
    enhetstyper.update({str(k): int(v) for k, v in enheter["enhetstype"].value_counts().items()})
    dekning_via = {"kommunal": 0, "interkommunal": 0}
    dekning_via.update({str(k): int(v) for k, v in kommuner["dekning_via"].value_counts().items()})
    # Kommuner covered by a manual decision alone have no dekning_via.
    dekning_via["manuell"] = int(
        (kommuner["dekket"].eq("Ja") & kommuner["dekning_via"].isna()).sum()
    )
    regler = regel_rows(figurer)
    fylker = fylke_rows(_read_csv(inputs["fylke_dekning"]), figurer)
    kategorier = kategori_rows(tjenester, figurer)
    tilbudstyper = figurer.med_prefiks("tilbudstype_")
    diagnoser = figurer.med_prefiks("diagnose_")
    kart, kart_noter = map_chart(kommuner, inputs["kart"], figurer)
    rec = reconciliation_rows(_read_csv(inputs["reconciliation"]))
    quarantine = _read_csv(inputs["quarantine"])
    kommuner_2020 = kommune_2020_rows(_read_csv(inputs["kommune_2020_status"]))
    fylker_2020 = fylke_2020_rows(kommuner_2020, figurer)

    return {
        **figure_functions(figurer),
        **common_context(env, provenance),
        "figurer_json": _json_script([vars(f) for f in map(figurer.__getitem__, figurer.ids())]),
        "enhetstyper": enhetstyper,
        "regler": regler,
        "status_rader": [
            {
                "tekst": STATUS_TEKST.get(f.id.removeprefix("kommuner_status_"), f.etikett),
                "figur": f,
            }
            for f in figurer.med_prefiks("kommuner_status_")
            # Manual statuses appear only when a decision was recorded.
            if f.verdi or not f.id.startswith("kommuner_status_manuelt_")
        ],
        "fylker": fylker,
        "kategorier": kategorier,
        "tilbudstyper": sorted(tilbudstyper, key=lambda f: (-f.verdi, f.id)),
        "diagnoser": sorted(diagnoser, key=lambda f: (-f.verdi, f.id)),
        "tilbud_fordeling": tilbud_fordeling(tjenester),
        "avstemming": rec,
        "avstemming_etter_id": {r["figur"]: r for r in rec},
        "dekning_via": dekning_via,
        "antall_avvik": sum(r["status"] == "avvik" for r in rec),
        "kommuner": kommune_rows(kommuner),
        "tjenester": tjeneste_rows(tjenester, enheter),
        "radregnskap": row_accounting(_read_csv(inputs["row_accounting"])),
        "karantene": quarantine.to_dict("records"),
        "kart_noter": kart_noter,
        "kommuner_2020": kommuner_2020,
        "fylker_2020": fylker_2020,
        "delte_kommuner": delte_kommuner(kommuner_2020),
        "svg": {
            "flyt": flow_chart(figurer, enhetstyper, regler, dekning_via),
            "fylke": fylke_chart(fylker),
            "kategori": kategori_chart(kategorier),
            "tilbud": tilbud_chart(tilbudstyper, diagnoser),
            "kart": kart,
            "kommuner_2020": kommuner_2020_chart(fylker_2020, figurer),
        },
    }


def build_sensitivity_context(summary_csv: Path, changes_csv: Path, provenance_json: Path) -> dict:
    """Everything the sensitivity template needs: the two CSVs and the provenance."""
    env = make_environment()
    provenance = read_provenance(provenance_json)
    summary = _read_csv(summary_csv)
    if summary.empty:
        raise ReportDataError("sensitivitet.csv har ingen definisjoner")
    hoved = provenance.get("hoveddefinisjon") or summary["definisjon"].iloc[0]
    rader = sensitivity_rows(summary, hoved)
    endringer = sensitivity_changes(_read_csv(changes_csv), rader)
    brukte = {k["regel"] for e in endringer.values() for k in e["kommuner"]}
    return {
        **common_context(env, provenance),
        "definisjon": hoved,
        "rader": rader,
        "hoved": next(r for r in rader if r["hoved"]),
        "minst": min(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "mest": max(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "endringer": endringer,
        "regler": [
            {"regel": r, "tekst": REGEL_TEKST.get(r, r)}
            for r in [*REGEL_TEKST, *sorted(brukte - set(REGEL_TEKST))]
            if r in brukte
        ],
        "svg": {"sensitivitet": sensitivity_chart(rader)},
    }


def _resource(env: Environment, name: str) -> str:
    return env.loader.get_source(env, name)[0]


def _json_script(data: object) -> Markup:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


# --------------------------------------------------------------------------- output


def render_html(context: dict, template: str = TEMPLATE) -> str:
    return make_environment().get_template(template).render(context)


@contextlib.contextmanager
def _source_date_epoch(stamp: dt.datetime) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` from the run time unless it is set already."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=dt.UTC).timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _no_fetch(url: str, *args, **kwargs):
    """The report is self-contained: WeasyPrint must not fetch anything."""
    raise ValueError(f"rapporten skal ikke hente eksterne ressurser: {url}")


def write_pdf(html: str, pdf_path: Path, stamp: dt.datetime) -> None:
    """The PDF from the same HTML (print styles), with fixed metadata dates."""
    from weasyprint import HTML

    with _GLOBAL_STATE, _source_date_epoch(stamp):
        document = HTML(string=html, url_fetcher=_no_fetch).render()
        document.metadata.created = w3c_date(stamp)
        document.metadata.modified = w3c_date(stamp)
        document.write_pdf(pdf_path)


def render_report(inputs: dict[str, Path], html_path: Path, pdf_path: Path) -> None:
    """Render ``lms_kartlegging.html`` and ``lms_kartlegging.pdf`` from the processed data.

    Args:
        inputs: the files it reads by name (:data:`REPORT_INPUTS`): figures, decision
            tables, reconciliation, row accounting, provenance and the map.
        html_path: the self-contained HTML file to write.
        pdf_path: the PDF file to write.

    Raises:
        ReportDataError: a file or a figure the report needs is missing.
    """
    context = build_context(inputs)
    write_outputs(render_html(context), html_path, pdf_path, context["kjoretidspunkt"])


def render_sensitivity(
    summary_csv: Path, changes_csv: Path, provenance_json: Path, html_path: Path, pdf_path: Path
) -> None:
    """Render ``sensitivitet.html`` and ``sensitivitet.pdf``: every definition side by side.

    Args:
        summary_csv: ``sensitivitet.csv``.
        changes_csv: ``sensitivitet_endringer.csv``.
        provenance_json: ``provenance.json``.
        html_path: the self-contained HTML file to write.
        pdf_path: the PDF file to write.

    Raises:
        ReportDataError: a file or a column is missing, or the two CSVs disagree.
    """
    context = build_sensitivity_context(summary_csv, changes_csv, provenance_json)
    html = render_html(context, SENSITIVITET_TEMPLATE)
    write_outputs(html, html_path, pdf_path, context["kjoretidspunkt"])


def write_outputs(html: str, html_path: Path, pdf_path: Path, stamp: dt.datetime) -> None:
    """Write the HTML file and the PDF made from it (folders created as needed)."""
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8", newline="\n")
    write_pdf(html, pdf_path, stamp)
    log.info("skrev %s og %s", html_path, pdf_path)
