"""The reports' colours: one owner for the charts, the map and the stylesheet's variables.

WCAG 2.1 AA 1.4.11 asks 3 : 1 contrast for the parts of a chart a reader needs, against what
they touch. The data colours are chosen so that every colour a chart draws is at least
3 : 1 against the white background, and every pair of data colours that touch in a chart
(:data:`NEIGHBOURS`) is at least 3 : 1 against each other. Partly covered kommuner are
hatched (dark lines on white) instead of a third fill: three fills cannot all be 3 : 1
against white and against each other. The test computes every ratio from this module.
"""

from __future__ import annotations

BACKGROUND = "#ffffff"
TEXT = "#1d1d1b"

# Data colours.
DARK = "#0e3b50"  # the main series: covered, kommuner, kommunal, the main definition
MEDIUM = "#4a9ab5"  # the second series: population, interkommunal, the variants
GREY = "#858585"  # not covered, without a service
HATCH = DARK  # the lines of the hatching for partly covered (on white)
LINE = "#555555"  # arrows, guide lines, axes
BOX_EDGE = "#858585"  # the edge of the flow diagram's side boxes
PALE = "#e8f1f5"  # box fills behind dark text (decoration, not data)
PALE_GREY = "#f4f4f4"
SYNTHETIC = "#a5281b"  # the synthetic-data mark on every chart (text, 7 : 1 on white)
GRID = "#e3e3e3"  # grid lines (decoration; the numbers are written at the bars)

# Status of a kommune on a map or in a bar: fill, hatch (None: solid).
STATUS_STYLE = {
    "dekket": (DARK, None),
    "delvis dekket": (BACKGROUND, "////"),
    "ikke dekket": (GREY, None),
}

# The change map of two waves (lmsanalyse sammenlign): fill, hatch, edge (None: the fill,
# or DARK when hatched). No category is told by its colour alone: solid dark (ny), dark
# forward hatching (økt), blank with a dark outline (uendret), grey back hatching
# (redusert), grey with dark cross-hatching (borte), and a grid for an area the map cannot
# place in one 2024 kommune whose kommuner changed differently (a grid).
ENDRING_STYLE = {
    "ny": (DARK, None, None),
    "økt": (BACKGROUND, "////", DARK),
    "uendret": (BACKGROUND, None, LINE),
    "redusert": (BACKGROUND, "\\\\\\\\", GREY),
    "borte": (GREY, "xx", DARK),
    "ulik": (BACKGROUND, "++", LINE),
}
# The indicator beside the waves (frisklivssentral Ja / Nei / ukjent) on today's map.
INDIKATOR_STYLE = {
    "Ja": (MEDIUM, None, None),
    "Nei": (BACKGROUND, None, LINE),
    "ukjent": (BACKGROUND, "...", LINE),
    "ulik": (BACKGROUND, "++", LINE),
}

# Colours a chart draws against the background (each must be ≥ 3 : 1 against it).
DATA_COLOURS = {
    "mørk": DARK,
    "middels": MEDIUM,
    "grå": GREY,
    "skravur": HATCH,
    "linje": LINE,
    "kant": BOX_EDGE,
}
# Pairs of colours that touch in a chart, and where.
NEIGHBOURS = (
    (DARK, MEDIUM, "to serier side om side (fylker, organisering, definisjoner)"),
    (DARK, GREY, "dekket ved siden av ikke dekket (kart og stolper)"),
    (HATCH, GREY, "skravur for delvis dekket ved siden av ikke dekket"),
    (BACKGROUND, GREY, "skravurens hvite bunn ved siden av ikke dekket"),
    (BACKGROUND, DARK, "skravurens hvite bunn ved siden av dekket"),
    (LINE, BACKGROUND, "uendret: omrisset mot den hvite flaten (endringskartet)"),
    (GREY, DARK, "borte (grå med mørk kryssskravur) ved siden av ny (endringskartet)"),
    (GREY, BACKGROUND, "skravuren for redusert mot sin hvite bunn (endringskartet)"),
    (MEDIUM, BACKGROUND, "frisklivssentral ja ved siden av nei (indikatorkartet)"),
)
MIN_CONTRAST = 3.0

# The stylesheet's colour variables (rapport.css uses them; the frame writes them in :root).
CSS_VARIABLES = {
    "--bla": "#155a74",
    "--bla-mork": DARK,
    "--bla-lys": PALE,
    "--gra": "#5f6368",
    "--linje": "#c9d1d6",
    "--avvik": "#fdecea",
    "--avvik-kant": "#c0392b",
    "--tekst": TEXT,
    "--gronn": "#1e6b30",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_root() -> str:
    """``:root { --bla: …; … }`` for the top of the stylesheet."""
    return ":root {\n" + "".join(f"  {k}: {v};\n" for k, v in CSS_VARIABLES.items()) + "}\n"
