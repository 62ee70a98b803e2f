"""The maps: the 2017 kommune polygons, simplified, coloured by the 2014 kommuners' coverage
or by the 2024 kommuners' status on today's map, each with an inset that enlarges Oslo (44 %
of the covered population lives there, and on the whole map it is a speck), and the
caption's notes on the kommuner the 2017 map merges or lacks.

In the HTML each kommune's shape has its name and status as a ``<title>`` (shown on hover)
and is focusable (the name on focus, for keyboard and screen reader users).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from ..norsk import fmt_int, fmt_list
from ..rules import STATUS_I_DAG
from .figures import Figurer
from .palette import BACKGROUND, DARK, LINE, STATUS_STYLE
from .svg import Chart, new_figures, render_chart
from .tables import FIGUR_2024

# The figures the map's legend shows.
MAP_FIGURES = ("kommuner_med_tilbud", "kommuner_uten_tilbud", *FIGUR_2024.values())
OSLO = "0301"
# The inset: Oslo and the kommuner around it (EPSG:25833 metres around Oslo's bounding box).
INSET_MARGIN_M = 22000.0
INSET_BOUNDS = (0.6, 0.03, 0.38, 0.3)  # axes fraction: x, y, width, height
# 2017 map: kommuner merged into another polygon, and the one whose status the polygon shows.
KART_SAMMENSLATT = {"0706": "0710", "0719": "0710", "0720": "0710"}
KART_VISER_STATUS_FRA = {"0710": "0706"}
NO_MAP = "Registeret har ikke noe kart, så kartene er utelatt."
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


def _bounds(rings: list) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _draw(ax, polygons: list, style: dict, gid: str, within=None, edge=None) -> None:
    """One patch per kommune (its rings as one path) with its status style and ``gid``."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    # Kommuner with holes first, so that what lies inside them is drawn on top.
    for nr, rings, _holes in sorted(polygons, key=lambda p: not p[2]):
        if within is not None:
            x0, y0, x1, y1 = _bounds(rings)
            if x1 < within[0] or x0 > within[2] or y1 < within[1] or y0 > within[3]:
                continue
        fill, hatch = style[nr]
        path = MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in rings))
        patch = PathPatch(
            path,
            facecolor=fill,
            hatch=hatch,
            edgecolor=edge or (DARK if hatch else fill),
            linewidth=0.5 if edge else 0.2,
            joinstyle="round",
        )
        patch.set_gid(f"{gid}{nr}")
        # The whole map lies within its axes: no clip path per kommune (WeasyPrint pays for
        # each); the inset, which shows a part, keeps its clip.
        patch.set_clip_on(within is not None)
        # add_artist, not add_patch: the limits are set from the bounds, and updating them
        # per patch costs a second for the whole map.
        ax.add_artist(patch)


def _map_figure(
    polygons: list, style: dict, titles: dict[str, str], legend: list, prefix: str, alt: str
) -> Chart:
    """The map with its Oslo inset and legend (``(status, label)`` pairs), as a :class:`Chart`.

    matplotlib is imported and drawn only inside :func:`.svg.new_figures` (its lock): the
    two reports' rules run as threads of one process."""
    oslo = next(rings for nr, rings, _h in polygons if nr == OSLO)
    x0, y0, x1, y1 = _bounds(oslo)
    box = (x0 - INSET_MARGIN_M, y0 - INSET_MARGIN_M, x1 + INSET_MARGIN_M, y1 + INSET_MARGIN_M)
    with new_figures() as new_figure:
        from matplotlib.patches import Rectangle

        fig = new_figure(figsize=(6.4, 7.4), layout="constrained")
        ax = fig.add_subplot()
        _draw(ax, polygons, style, "k")
        bx0, by0, bx1, by1 = _bounds([ring for _nr, rings, _h in polygons for ring in rings])
        ax.set_xlim(bx0, bx1)
        ax.set_ylim(by0, by1)
        ax.set_aspect("equal")
        ax.axis("off")
        inset = ax.inset_axes(INSET_BOUNDS)
        # The inset shows kommune borders (white: 3 : 1 against every fill).
        _draw(inset, polygons, style, "i", within=box, edge=BACKGROUND)
        inset.set_xlim(box[0], box[2])
        inset.set_ylim(box[1], box[3])
        inset.set_aspect("equal")
        inset.set_xticks([])
        inset.set_yticks([])
        for spine in inset.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor(LINE)
            spine.set_linewidth(0.8)
        inset.set_title("Oslo og omegn", size=7, loc="left", pad=2)
        ax.add_patch(
            Rectangle(
                (box[0], box[1]),
                box[2] - box[0],
                box[3] - box[1],
                fill=False,
                edgecolor=LINE,
                linewidth=0.8,
            )
        )
        ax.legend(handles=[_patch(status, label) for status, label in legend], loc="upper left")
        return render_chart(fig, prefix, alt, titles)


def _patch(status: str, label: str):
    from matplotlib.patches import Patch

    fill, hatch = STATUS_STYLE[status]
    return Patch(facecolor=fill, hatch=hatch, edgecolor=DARK if hatch else fill, label=label)


def map_chart(
    kommuner: pd.DataFrame, geojson: Path | None, figurer: Figurer
) -> tuple[Chart | None, list[str]]:
    """Map of Norway (2017 polygons) with the covered 2014 kommuner; returns it and notes.

    A register without a map (``register.kart: null``, a synthetic register) gives no map.
    """
    if geojson is None:
        return None, [NO_MAP]
    polygons = map_polygons(geojson)
    status = map_status(kommuner, polygons)
    navn = dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))
    style = {nr: STATUS_STYLE["dekket" if status[nr] else "ikke dekket"] for nr, _r, _h in polygons}
    titles = {}
    for nr, _rings, _holes in polygons:
        parts = [k for k, til in sorted(KART_SAMMENSLATT.items()) if til == nr] or [nr]
        label = fmt_list([navn.get(k, k) for k in parts])
        text = f"{label}: {'med' if status[nr] else 'uten'} tjeneste"
        titles[f"k{nr}"] = titles[f"i{nr}"] = text
    med, uten = figurer["kommuner_med_tilbud"], figurer["kommuner_uten_tilbud"]
    handles = [
        ("dekket", f"Kommune med tjeneste ({fmt_int(med.verdi)})"),
        ("ikke dekket", f"Kommune uten tjeneste ({fmt_int(uten.verdi)})"),
    ]
    oslo = "har" if status.get(OSLO) else "har ikke"
    alt = (
        f"Kart over Norge med kommunegrensene fra 2017: {fmt_int(med.verdi)} av "
        f"{fmt_int(med.nevner or 0)} kommuner i 2014 har lærings- og mestringstjeneste (mørke) "
        f"og {fmt_int(uten.verdi)} har ikke (grå). Et innfelt kart forstørrer Oslo og "
        f"kommunene rundt; Oslo {oslo} tjeneste. Hver kommune står med status i vedlegg A."
    )
    chart = _map_figure(polygons, style, titles, handles, "kart", alt)
    return chart, map_notes(kommuner, polygons, status)


def map_2024_chart(
    kommuner_2024: list[dict], geojson: Path | None, figurer: Figurer
) -> Chart | None:
    """Map of the 2024 kommuner by status on today's map, drawn with the 2017 polygons.

    A 2017 polygon takes the status of the 2024 kommune it lies in; a 2014 kommune split
    between 2024 kommuner of different status is drawn as partly covered. None without a map
    or without a 2024 register.
    """
    if geojson is None or not kommuner_2024:
        return None
    polygons = map_polygons(geojson)
    receivers: dict[str, list[dict]] = {}
    for k in kommuner_2024:
        for part in k["kommuner_2014"]:
            receivers.setdefault(part["nr"], []).append(k)
    style, titles = {}, {}
    for nr, _rings, _holes in polygons:
        got = receivers.get(KART_VISER_STATUS_FRA.get(nr, nr), [])
        statuses = {k["status_kode"] for k in got}
        status = statuses.pop() if len(statuses) == 1 else "delvis dekket"
        style[nr] = STATUS_STYLE[status]
        text = "; ".join(f"{k['navn']}: {k['status'].lower()}" for k in got) or nr
        titles[f"k{nr}"] = titles[f"i{nr}"] = text
    n = {s: figurer[f] for s, f in FIGUR_2024.items()}
    handles = [(s, f"{STATUS_I_DAG[s]} ({fmt_int(n[s].verdi)})") for s in STATUS_I_DAG]
    oslo = next(k for k in kommuner_2024 if k["nr"] == OSLO)
    alt = (
        f"Kart over Norge med de {fmt_int(len(kommuner_2024))} kommunene i 2024, etter om "
        f"kommunene fra 2014 de består av, hadde tjeneste: {fmt_int(n['dekket'].verdi)} dekket "
        f"(mørke), {fmt_int(n['delvis dekket'].verdi)} delvis dekket (skravert) og "
        f"{fmt_int(n['ikke dekket'].verdi)} ikke dekket (grå). Et innfelt kart forstørrer Oslo "
        f"og kommunene rundt; Oslo er {oslo['status'].lower()}. Hver kommune står med status i "
        f"tabellen over kommunene i 2024."
    )
    return _map_figure(polygons, style, titles, handles, "kart24", alt)


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
            f"{fmt_list([f'{navn[nr]} ({nr})' for nr in parts])} vises som ett område ({target}), "
            f"farget etter {navn.get(source, source)} ({source}), som "
            f"{'har' if covered else 'ikke har'} tjeneste"
        )
        others = [navn[nr] for nr in parts if nr != source and dekket[nr] != covered]
        if others:
            note += f"; {fmt_list(others)} {'har ikke' if covered else 'har'} tjeneste"
        notes.append(note + ".")
    missing = [nr for nr in sorted(navn) if nr not in on_map and nr not in KART_SAMMENSLATT]
    if missing:
        items = [f"{navn[nr]} ({nr}, {'med' if dekket[nr] else 'uten'} tjeneste)" for nr in missing]
        pronoun = "dem" if len(missing) > 1 else "den"
        notes.append(
            f"{fmt_list(items)} mangler i kartet fordi forenklingen av grensene fjernet {pronoun}."
        )
    return notes
