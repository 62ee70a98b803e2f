"""matplotlib figures as inline SVG: the reports' chart settings, a figure factory, and the
post-processing that makes the SVG small, reproducible and safe to inline.

Text stays text (``svg.fonttype: none``), so chart labels are searchable in the PDF. The SVG
carries no date or metadata; its ids are salted and renamed per figure, so that several
figures in one HTML file never share an id. Its first child is a ``<title>`` with the
figure's alternative text: browsers give it as the image's name, and the PDF edition
(:mod:`.typst_markup`) writes it as the ``Alt`` of the figure in the tagged PDF. While
:func:`synthetic_mark` is on, every chart carries the synthetic-data banner in the image
itself, so that a figure taken away from the report still says it.

A chart may have a narrow variant (:class:`Chart` ``smal``): the same figure drawn for a
phone's width with the same type size, shown instead of the wide one below 40rem.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

from .palette import LINE, SYNTHETIC, TEXT

_MARK = contextvars.ContextVar("synthetic_mark", default="")


@dataclass(frozen=True)
class Chart:
    """One drawn figure: its id, inline SVG and alternative text, and the SVG of its narrow
    variant (None: the chart has none)."""

    id: str
    svg: Markup
    alt: str
    smal: Markup | None = None

    def __html__(self) -> str:
        if self.smal is None:
            return str(self.svg)
        # Both in the page; the stylesheet shows one (display: none hides the other from
        # assistive technology and from the PDF).
        return f'<div class="bred">{self.svg}</div><div class="smal">{self.smal}</div>'

    def med_smal(self, smal: Chart) -> Chart:
        """This chart with ``smal``'s SVG as its narrow variant."""
        return Chart(self.id, self.svg, self.alt, smal.svg)


@contextlib.contextmanager
def synthetic_mark(text: str) -> Iterator[None]:
    """Mark every chart drawn while the block runs with ``text`` (empty: no mark)."""
    token = _MARK.set(text)
    try:
        yield
    finally:
        _MARK.reset(token)


def _mark(figure, text: str) -> None:
    """The banner at the top of the figure: a title the constrained layout makes room for,
    or, in a figure laid out by hand, a strip added above it."""
    kwargs = {"color": SYNTHETIC, "weight": "bold", "size": 8}
    if figure.get_layout_engine() is not None:
        figure.suptitle(text, **kwargs)
        return
    width, height = figure.get_size_inches()
    strip = 0.28
    for ax in figure.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, y0 * height / (height + strip), w, h * height / (height + strip)))
    figure.set_size_inches(width, height + strip)
    figure.text(0.5, 1 - 0.06 / (height + strip), text, ha="center", va="top", **kwargs)


MPL_RC = {
    "svg.hashsalt": "lmsanalyse",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": LINE,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "legend.frameon": False,
}

# matplotlib's rcParams and SOURCE_DATE_EPOCH are process-wide, and Snakemake runs the rules'
# run: blocks in threads (force-use-threads): the two reports must not draw or write at once.
GLOBAL_STATE = threading.RLock()


@contextlib.contextmanager
def new_figures() -> Iterator[Callable]:
    """A figure factory with the report's settings: Agg canvas, no pyplot, rcParams held."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def new_figure(**kwargs) -> Figure:
        figure = Figure(**kwargs)
        FigureCanvasAgg(figure)
        return figure

    with GLOBAL_STATE, mpl.rc_context(MPL_RC):
        yield new_figure


def render_chart(figure, prefix: str, alt: str, titles: dict[str, str] | None = None) -> Chart:
    """A matplotlib figure as a :class:`Chart`: inline SVG with ``alt`` as its ``<title>``
    (the figure files' PNG is rasterised from it: :func:`.typeset.svgs_to_png`).

    Args:
        titles: ``gid → text``: artists drawn with that ``gid`` get a ``<title>`` (shown on
            hover) and are focusable in the HTML (the map's kommuner).
    """
    mark = _MARK.get()
    if mark:
        _mark(figure, mark)
    return Chart(prefix, svg_markup(figure, prefix, alt, titles), alt)


# The suffix of a narrow variant's prefix (its ids stay unique beside the wide one's).
SMAL = "-smal"


def svg_markup(figure, prefix: str, title: str, titles: dict[str, str] | None = None) -> Markup:
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
    # does not meet SVG-only properties.
    text = re.sub(r'\bstyle="([^"]*)"', _style_to_attributes, text)
    # Path data to 0.1 pt and on one line: invisible, and the map takes far less space.
    text = re.sub(r'\bd="[^"]*"', _round_path, text)
    if titles:
        text = re.sub(
            r'<g id="' + re.escape(prefix) + r'-([^"]+)">',
            lambda m: _titled_group(m, titles),
            text,
        )
    # The figure's alternative text: its accessible name in the HTML, its Alt in the PDF.
    text = re.sub(
        r"<svg ([^>]*)>",
        lambda m: f'<svg role="img" {m.group(1)}>\n <title>{escape(title)}</title>',
        text,
        count=1,
    )
    return Markup(text.strip() + "\n")


def _titled_group(match: re.Match, titles: dict[str, str]) -> str:
    """A kommune's group in the map: its name on hover (``<title>``) and on focus."""
    gid = match.group(1)
    if gid not in titles:
        return match.group(0)
    focus = "" if gid.startswith("i") else ' tabindex="0"'
    return f'{match.group(0)[:-1]}{focus} class="omrade"><title>{escape(titles[gid])}</title>'


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
