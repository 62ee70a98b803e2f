"""matplotlib figures as inline SVG: the reports' chart settings, a figure factory, and the
post-processing that makes the SVG small, reproducible and safe to inline.

Text stays text (``svg.fonttype: none``), so chart labels are searchable in the PDF. The SVG
carries no date or metadata; its ids are salted and renamed per figure, so that several
figures in one HTML file never share an id.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Callable, Iterator

from markupsafe import Markup, escape

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
    text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
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
