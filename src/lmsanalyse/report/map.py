"""The map: the 2017 kommune polygons, simplified, coloured by the 2014 kommuners' coverage,
and the caption's notes on the kommuner the 2017 map merges or lacks.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..norsk import fmt_int
from .figures import Figurer
from .svg import FARGE_GRA, FARGE_HOVED, new_figures, svg_markup

# The figures the map's legend shows.
MAP_FIGURES = ("kommuner_med_tilbud", "kommuner_uten_tilbud")
# 2017 map: kommuner merged into another polygon, and the one whose status the polygon shows.
KART_SAMMENSLATT = {"0706": "0710", "0719": "0710", "0720": "0710"}
KART_VISER_STATUS_FRA = {"0710": "0706"}
# Rings are simplified (Douglas-Peucker) with this tolerance in metres before drawing: about a
# third of a point in the printed map, so invisible, and the HTML is several times smaller.
KART_TOLERANSE_M = 1200.0


def simplify_ring(points: list, tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of a closed ring (first point kept, ring stays closed)."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    if len(pts) < 5:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
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
    """``(kommunenr, exterior rings, has holes)`` per feature, in file order.

    The simplified geometry is computed once per file version in a process (it is the same
    for every report drawn from it).
    """
    stat = Path(geojson).stat()
    return list(_simplified_polygons(str(geojson), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _simplified_polygons(path: str, _mtime_ns: int, _size: int) -> tuple:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
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
    return tuple(out)


def map_status(kommuner: pd.DataFrame, polygons: list) -> dict[str, bool]:
    """Covered or not for each 2017 polygon, from the 2014 kommuner's ``dekket``."""
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    status = {}
    for nr, _rings, _holes in polygons:
        source = KART_VISER_STATUS_FRA.get(nr, nr)
        status[nr] = bool(dekket.get(source, False))
    return status


def map_chart(
    kommuner: pd.DataFrame, geojson: Path | None, figurer: Figurer
) -> tuple[Markup, list[str]]:
    """Map of Norway (2017 polygons) with the covered 2014 kommuner; returns SVG and notes.

    A register without a map (``register.kart: null``, a synthetic register) gives no map.
    """
    if geojson is None:
        return Markup(""), ["Registeret har ikke noe kart, så kartet er utelatt."]
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
    with new_figures() as new_figure:
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
