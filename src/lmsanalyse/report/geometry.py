"""The map's geometry: the 2017 kommune polygons read once per file version and simplified
(Douglas-Peucker), and the distances the maps place a split kommune's parts by."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

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


def _bounds(rings: list) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _min_distance(ring: list, rings: list) -> float:
    """The least distance between a ring's points and the points of other rings (metres)."""
    a = np.asarray(ring)
    b = np.vstack([np.asarray(r) for r in rings])
    return float(np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)).min())
