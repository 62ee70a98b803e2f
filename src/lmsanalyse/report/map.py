"""The maps: the 2017 kommune polygons, simplified, coloured by the 2014 kommuners' coverage
(:func:`map_chart`), or merged along the 2014 → 2024 changes into the 2024 kommuner and
coloured by their status (:func:`map_2024_chart`: a 2014 wave on today's map, or a wave on
the 2024 register), each with an inset that enlarges Oslo (44 % of the covered population
lives there, and on the whole map it is a speck), and the caption's notes on what the map
cannot draw (merged, lost or inseparable parts), computed from the geometry.

In the HTML each kommune's shape has its name and status as a ``<title>`` (shown on hover)
and is focusable (the name on focus, for keyboard and screen reader users).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..norsk import fmt_int, fmt_list
from ..rules import STATUS_I_DAG
from .figure_model import Figurer
from .geometry import KART_TOLERANSE_M, _bounds, _min_distance, map_polygons
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


def map_status(kommuner: pd.DataFrame, polygons: list) -> dict[str, str]:
    """The style of each 2017 polygon from its 2014 kommuner's ``dekket``: ``dekket``, ``ikke
    dekket``, or ``delvis dekket`` (hatched) for a polygon the map merges from kommuner with
    and without a service."""
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    status = {}
    for nr, _rings, _holes in polygons:
        parts = {bool(dekket.get(k, False)) for k in _parts(nr, dekket)}
        status[nr] = (
            "delvis dekket" if len(parts) > 1 else ("dekket" if parts.pop() else "ikke dekket")
        )
    return status


def _parts(nr: str, known) -> list[str]:
    """The 2014 kommuner a 2017 polygon is drawn for (itself, or those the map merges)."""
    merged = [k for k, til in sorted(KART_SAMMENSLATT.items()) if til == nr and k in known]
    return merged or [nr]


# A 2014 kommune's status on the map, in words.
MED, UTEN = "med tjeneste", "ingen tjeneste funnet"


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
        fill, hatch, *outline = style[nr]
        own = _edge(fill, hatch, outline)
        path = MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in rings))
        patch = PathPatch(
            path,
            facecolor=fill,
            hatch=hatch,
            # The inset's white borders would hide a white shape's outline and its hatching.
            edgecolor=own if edge is None or fill == BACKGROUND else edge,
            hatchcolor=own,
            linewidth=0.5 if edge else 0.2,
            joinstyle="round",
        )
        patch.set_gid(f"{gid}{nr}")
        # The whole map lies within its axes: no clip path per kommune (every renderer pays
        # for each); the inset, which shows a part, keeps its clip.
        patch.set_clip_on(within is not None)
        # add_artist, not add_patch: the limits are set from the bounds, and updating them
        # per patch costs a second for the whole map.
        ax.add_artist(patch)


def _edge(fill: str, hatch: str | None, outline: list) -> str:
    """A shape's edge: the style's own (its third element), else DARK when hatched, else the
    fill (no visible edge)."""
    if outline and outline[0]:
        return outline[0]
    return DARK if hatch else fill


def map_figure(
    polygons: list,
    style: dict,
    titles: dict[str, str],
    legend: list,
    prefix: str,
    alt: str,
    styles: dict = STATUS_STYLE,
) -> Chart:
    """The map with its Oslo inset and legend (``(key, label)`` pairs, each key's look in
    ``styles``), as a :class:`Chart`.

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
        handles = [_patch(styles[key], label) for key, label in legend]
        ax.legend(handles=handles, loc="upper left")
        return render_chart(fig, prefix, alt, titles)


def _patch(look: tuple, label: str):
    from matplotlib.patches import Patch

    fill, hatch, *outline = look
    return Patch(facecolor=fill, hatch=hatch, edgecolor=_edge(fill, hatch, outline), label=label)


def map_chart(
    kommuner: pd.DataFrame, geojson: Path | None, figurer: Figurer
) -> tuple[Chart | None, list[str]]:
    """Map of Norway (2017 polygons) with the covered 2014 kommuner; returns it and notes.

    A kommune without a service that meets the definition is «ingen tjeneste funnet», not
    «uten tjeneste»: it may have said Ja, or have a service that was excluded. A register
    without a map (``register.kart: null``, a synthetic register) gives no map.
    """
    if geojson is None:
        return None, [NO_MAP]
    polygons = map_polygons(geojson)
    status = map_status(kommuner, polygons)
    navn = dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    style = {nr: STATUS_STYLE[status[nr]] for nr, _r, _h in polygons}
    titles = {}
    for nr, _rings, _holes in polygons:
        parts = _parts(nr, navn)
        groups = [
            (fmt_list([navn.get(k, k) for k in parts if dekket.get(k, False) == d]), d)
            for d in (True, False)
            if any(dekket.get(k, False) == d for k in parts)
        ]
        text = "; ".join(f"{label}: {MED if d else UTEN}" for label, d in groups)
        titles[f"k{nr}"] = titles[f"i{nr}"] = text
    med, uten = figurer["kommuner_med_tilbud"], figurer["kommuner_uten_tilbud"]
    handles = [
        ("dekket", f"Med tjeneste ({fmt_int(med.verdi)})"),
        ("ikke dekket", f"Ingen tjeneste funnet ({fmt_int(uten.verdi)})"),
    ]
    if "delvis dekket" in status.values():
        handles.append(("delvis dekket", "Område med kommuner med og uten tjeneste"))
    oslo = "har" if status.get(OSLO) == "dekket" else "har ikke"
    notes = map_notes(kommuner, polygons, status)
    alt = (
        f"Kart over Norge med kommunegrensene fra 2017: {fmt_int(med.verdi)} av "
        f"{fmt_int(med.nevner or 0)} kommuner i 2014 har lærings- og mestringstjeneste (mørke); "
        f"i {fmt_int(uten.verdi)} fant kartleggingen ingen tjeneste som oppfyller definisjonen "
        f"(grå). Et innfelt kart forstørrer Oslo og kommunene rundt; Oslo {oslo} tjeneste. "
        + " ".join(notes)
    ).strip()
    chart = map_figure(polygons, style, titles, handles, "kart", alt)
    return chart, notes


def _missing_2014(navn: dict[str, str], polygons: list) -> list[str]:
    """The 2014 kommuner the map has no shape for (lost in the simplification), by number."""
    on_map = {nr for nr, _r, _h in polygons}
    return [nr for nr in sorted(navn) if nr not in on_map and nr not in KART_SAMMENSLATT]


def _polygon_of(nr_2014: str) -> str:
    """The 2017 polygon a 2014 kommune is drawn in."""
    return KART_SAMMENSLATT.get(nr_2014, nr_2014)


@dataclass(frozen=True)
class Endringer:
    """The 2014 → 2024 change list the 2024 map is merged by (``kommuneendringer_2014_2024.csv``).

    Attributes:
        til: each 2014 kommune's 2024 kommuner (several for a split one), by number.
        fra: each 2024 kommune's 2014 kommuner.
        navn: each 2014 kommune's name.
    """

    til: dict[str, list[str]]
    fra: dict[str, list[str]]
    navn: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> Endringer:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        til: dict[str, list[str]] = {}
        fra: dict[str, list[str]] = {}
        navn: dict[str, str] = {}
        rows = table.sort_values(["kommunenummer_2014", "kommunenummer_2024"])
        for nr, name, nr_2024 in rows[
            ["kommunenummer_2014", "kommunenavn_2014", "kommunenummer_2024"]
        ].itertuples(index=False):
            til.setdefault(nr, []).append(nr_2024)
            fra.setdefault(nr_2024, []).append(nr)
            navn[nr] = name
        return cls(til, fra, navn)


def split_parts(
    polygons: list, receivers: dict[str, list[dict]], endringer: Endringer
) -> dict[str, list[list[dict]]]:
    """For each 2014 kommune split between 2024 kommuner: per part of its shape (ring), the
    2024 kommuner it lies in, as far as the map can tell. A part that touches (within the
    simplification's tolerance) the other land of exactly the same receivers lies in them; a
    part that touches none (an island) lies in the nearest receiver.

    Args:
        polygons: the map's polygons (:func:`map_polygons`).
        receivers: each 2014 kommune's 2024 kommuner (the report's rows), by 2014 number.
        endringer: the change list (each 2024 kommune's other 2014 parts).
    """
    shapes = {nr: rings for nr, rings, _h in polygons}
    out = {}
    for nr, got in sorted(receivers.items()):
        if len(got) < 2 or _polygon_of(nr) not in shapes:
            continue
        land = {
            k["nr"]: [
                ring
                for d in endringer.fra.get(k["nr"], [])
                if d != nr and _polygon_of(d) in shapes
                for ring in shapes[_polygon_of(d)]
            ]
            for k in got
        }
        parts = []
        for ring in shapes[_polygon_of(nr)]:
            dist = {k["nr"]: _min_distance(ring, land[k["nr"]]) for k in got if land[k["nr"]]}
            touching = [k for k in got if dist.get(k["nr"], np.inf) <= KART_TOLERANSE_M]
            parts.append(touching or [min(got, key=lambda k: (dist.get(k["nr"], np.inf), k["nr"]))])
        out[nr] = parts
    return out


@dataclass(frozen=True)
class Area:
    """A shape drawn on today's map: a 2017 polygon (``id`` its number), or one part of a
    2014 kommune split between 2024 kommuner (``id`` ``<nr>-<i>``, ``del_av`` that kommune's
    ``nr`` and ``navn``), and the 2024 kommuner (rows) it lies in."""

    id: str
    rings: list
    holes: bool
    kommuner: list[dict]
    del_av: dict | None = None


def areas_2024(
    kommuner_2024: list[dict], polygons: list, changes: Endringer
) -> tuple[list[Area], list[dict]]:
    """The shapes of today's map and the 2024 kommuner the map cannot show.

    Each 2024 kommune (a row with ``nr`` and ``navn``) is drawn with the 2017 polygons of its
    2014 parts in the change list; a part of a 2014 kommune split between 2024 kommuner lies
    in the ones :func:`split_parts` finds. The status map and the comparison's maps
    (:mod:`.endringskart`) colour the same areas.
    """
    rows = {k["nr"]: k for k in kommuner_2024}
    receivers = {nr: [rows[t] for t in targets if t in rows] for nr, targets in changes.til.items()}
    delt = split_parts(polygons, receivers, changes)
    areas = []
    for nr, rings, holes in polygons:
        source = KART_VISER_STATUS_FRA.get(nr, nr)
        got = receivers.get(source, [])
        if source not in delt:
            areas.append(Area(nr, rings, holes, got))
            continue
        part = {"nr": source, "navn": changes.navn[source]}
        for i, (ring, lies_in) in enumerate(zip(rings, delt[source], strict=True)):
            areas.append(Area(f"{nr}-{i + 1}", [ring], holes, lies_in, part))
    shown = {
        k["nr"]
        for nr, _r, _h in polygons
        for k in receivers.get(KART_VISER_STATUS_FRA.get(nr, nr), [])
    }
    return areas, [k for k in kommuner_2024 if k["nr"] not in shown]


def map_2024_chart(
    kommuner_2024: list[dict],
    geojson: Path | None,
    endringer: Path | None,
    figurer: Figurer,
    dekket_2014: dict[str, bool] | None = None,
    prefix: str = "kart24",
) -> tuple[Chart | None, list[str]]:
    """Map of the 2024 kommuner by status, drawn with the 2017 polygons merged along the
    2014 → 2024 changes (:func:`areas_2024`), and the caption's notes on what it cannot show.

    Two uses, one drawing: a wave on the 2014 register carried to today's map (``dekket_2014``:
    its 2014 kommuner's coverage; the statuses dekket, delvis dekket, ikke dekket), and a wave
    on the 2024 register, whose own map it is (``dekket_2014`` None; with or without service).

    A 2017 polygon takes the status of the 2024 kommune it lies in. Each part of a 2014
    kommune split between 2024 kommuner takes the status of the 2024 kommune it lies in
    (:func:`split_parts`); a part the map cannot place in one 2024 kommune is noted, and when
    its receivers' statuses differ it shows the split kommune's own 2014 status (as the
    tables count each part), or, on a wave of 2024, is hatched: the map cannot tell. None
    without a map, a change list or 2024 kommuner.
    """
    if geojson is None or endringer is None or not kommuner_2024:
        return None, [NO_MAP] if prefix == "kart" else []
    egen = dekket_2014 is None
    areas, missing = areas_2024(kommuner_2024, map_polygons(geojson), Endringer.read(endringer))

    def word(k: dict) -> str:
        if egen:
            return f"{'med' if k['status_kode'] == 'dekket' else 'uten'} tjeneste"
        return k["status"].lower()

    drawn, style, titles, notes = [], {}, {}, []
    for area in areas:
        pid, lies_in = area.id, area.kommuner
        statuses = {k["status_kode"] for k in lies_in}
        if area.del_av is None:
            style[pid] = STATUS_STYLE[statuses.pop() if len(statuses) == 1 else "delvis dekket"]
            text = "; ".join(f"{k['navn']}: {word(k)}" for k in lies_in) or pid
            titles[f"k{pid}"] = titles[f"i{pid}"] = text
            drawn.append((pid, area.rings, area.holes))
            continue
        source, navn = area.del_av["nr"], area.del_av["navn"]
        names = fmt_list([k["navn"] for k in lies_in])
        if len(lies_in) == 1:
            status = statuses.pop()
            text = f"Del av {navn} i {names}: {word(lies_in[0])}"
        elif len(statuses) == 1:
            status = statuses.pop()
            text = f"Del av {navn}, delt mellom {names}: {word(lies_in[0])}"
            notes.append(
                f"Kartet har ikke grensen mellom delene av {navn} ({source}) som gikk til "
                f"{names}; {_alike(status, len(lies_in), egen)}, så området er tegnet slik."
            )
        elif egen:
            status = "delvis dekket"
            text = f"Del av {navn}, delt mellom {names}: kartet kan ikke skille dem"
            listed = fmt_list([f"{k['navn']} ({word(k)})" for k in lies_in])
            notes.append(
                f"Kartet har ikke grensen mellom delene av {navn} ({source}) som gikk til "
                f"{listed}; området er skravert."
            )
        else:
            status = "dekket" if dekket_2014.get(source) else "ikke dekket"
            text = (
                f"Del av {navn}, delt mellom {names}: "
                f"{STATUS_I_DAG[status].lower()} (statusen fra 2014)"
            )
            notes.append(
                f"Kartet har ikke grensen mellom delene av {navn} ({source}) som gikk "
                f"til {names}; området er tegnet med statusen {navn} hadde i 2014 "
                f"({STATUS_I_DAG[status].lower()})."
            )
        style[pid] = STATUS_STYLE[status]
        titles[f"k{pid}"] = titles[f"i{pid}"] = text
        drawn.append((pid, area.rings, area.holes))
    if missing:
        notes.append(missing_sentence([f"{k['navn']} ({k['nr']}, {word(k)})" for k in missing]))
    oslo = next((k for k in kommuner_2024 if k["nr"] == OSLO), None)
    if egen:
        handles, alt = _own_wave(figurer, len(kommuner_2024), len(missing), style)
        if oslo:
            har = "har" if oslo["status_kode"] == "dekket" else "har ikke"
            alt += f" Et innfelt kart forstørrer Oslo og kommunene rundt; Oslo {har} tjeneste."
    else:
        n = {s: figurer[f] for s, f in FIGUR_2024.items()}
        handles = [(s, f"{STATUS_I_DAG[s]} ({fmt_int(n[s].verdi)})") for s in STATUS_I_DAG]
        alt = (
            f"Kart over Norge med {fmt_int(len(kommuner_2024) - len(missing))} av de "
            f"{fmt_int(len(kommuner_2024))} kommunene i 2024, etter om kommunene fra 2014 de "
            f"består av, hadde tjeneste: {fmt_int(n['dekket'].verdi)} dekket (mørke), "
            f"{fmt_int(n['delvis dekket'].verdi)} delvis dekket (skravert) og "
            f"{fmt_int(n['ikke dekket'].verdi)} ikke dekket (grå)."
        )
        if oslo:
            alt += f" Et innfelt kart forstørrer Oslo og kommunene rundt; Oslo er {oslo['status'].lower()}."
    alt += (" " + " ".join(notes)) if notes else ""
    return map_figure(drawn, style, titles, handles, prefix, alt), notes


def _alike(status: str, n: int, egen: bool) -> str:
    """``begge har tjeneste``, ``ingen av dem er dekket``: ``n`` kommuner of one status."""
    alle = "begge" if n == 2 else "alle"
    if status == "ikke dekket":
        return "ingen av dem " + ("har tjeneste" if egen else "er dekket")
    return f"{alle} " + ("har tjeneste" if egen else f"er {status}")


def _own_wave(
    figurer: Figurer, kommuner: int, missing: int, style: dict
) -> tuple[list[tuple[str, str]], str]:
    """The legend and the first sentences of the alternative text of a wave's own 2024 map."""
    med, uten = figurer["kommuner_med_tilbud"], figurer["kommuner_uten_tilbud"]
    handles = [
        ("dekket", f"Kommune med tjeneste ({fmt_int(med.verdi)})"),
        ("ikke dekket", f"Kommune uten tjeneste ({fmt_int(uten.verdi)})"),
    ]
    hatched = STATUS_STYLE["delvis dekket"] in style.values()
    if hatched:
        handles.append(("delvis dekket", "Område kartet ikke kan dele"))
    alt = (
        f"Kart over Norge med {fmt_int(kommuner - missing)} av de {fmt_int(kommuner)} "
        f"kommunene i 2024, tegnet med kommunegrensene fra 2017 slått sammen etter "
        f"kommuneendringene fram til 2024: {fmt_int(med.verdi)} har lærings- og "
        f"mestringstjeneste (mørke) og {fmt_int(uten.verdi)} har ikke (grå)"
        + ("; et område kartet ikke kan dele mellom to kommuner, er skravert." if hatched else ".")
    )
    return handles, alt


def missing_sentence(items: list[str]) -> str:
    pronoun = "dem" if len(items) > 1 else "den"
    return f"{fmt_list(items)} mangler i kartet fordi forenklingen av grensene fjernet {pronoun}."


def map_notes(kommuner: pd.DataFrame, polygons: list, status: dict[str, str]) -> list[str]:
    """Sentences for the caption: which 2014 kommuner the 2017 map merges or lacks."""
    navn = dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))
    dekket = dict(zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True))
    on_map = {nr for nr, _r, _h in polygons}
    notes = []
    for target in sorted(set(KART_SAMMENSLATT.values()) & on_map):
        parts = [nr for nr in _parts(target, navn) if nr in navn]
        note = f"{fmt_list([f'{navn[nr]} ({nr})' for nr in parts])} vises som ett område, slik kartgrunnlaget fra 2017 har dem"
        if status[target] == "delvis dekket":
            med = fmt_list([navn[nr] for nr in parts if dekket[nr]])
            uten = fmt_list([navn[nr] for nr in parts if not dekket[nr]])
            note += f", skravert: {med} har tjeneste, for {uten} fant kartleggingen ingen"
        else:
            note += f", farget etter statusen de har felles ({MED if status[target] == 'dekket' else UTEN})"
        notes.append(note + ".")
    missing = _missing_2014(navn, polygons)
    if missing:
        notes.append(
            missing_sentence(
                [f"{navn[nr]} ({nr}, {MED if dekket[nr] else UTEN})" for nr in missing]
            )
        )
    return notes
