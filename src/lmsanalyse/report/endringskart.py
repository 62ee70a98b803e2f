"""The comparison's maps on today's map: the change from wave A to wave B per 2024 kommune,
and a per-kommune indicator (frisklivssentral) beside the waves.

Both colour the areas of :func:`.map.areas_2024` (the 2017 polygons merged along the
2014 → 2024 change list, split parts placed by :func:`.map.split_parts`; the Oslo inset) with
the palette's styles, where no category is told
by colour alone (:data:`.palette.ENDRING_STYLE`, :data:`.palette.INDIKATOR_STYLE`). Each
kommune has its name and category as its ``<title>``; the alternative text is written from
the counts and names what the map cannot show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..norsk import fmt_int, fmt_list
from .geometry import map_polygons
from .map import OSLO, Endringer, areas_2024, map_figure, missing_sentence
from .palette import ENDRING_STYLE, INDIKATOR_STYLE
from .svg import Chart

# What each look is, in the alternative text (the reader of alt text cannot see it).
UTSEENDE = {
    "ny": "mørke",
    "økt": "mørk skravur",
    "uendret": "hvite",
    "redusert": "grå skravur",
    "borte": "grå med kryss",
    "Ja": "blå",
    "Nei": "hvite",
    "ukjent": "prikket",
}
ULIK = "ulik"
ULIK_TEKST = "Delt kommune, ulik kategori"


@dataclass(frozen=True)
class TodaysMap:
    """What today's map is drawn from: the 2017 polygons (``kart``) and the 2014 → 2024 change
    list they are merged by (``endringer``); either None: no map."""

    kart: Path | None
    endringer: Path | None

    @property
    def drawn(self) -> bool:
        return self.kart is not None and self.endringer is not None


def category_map(
    kommuner_2024: list[dict],
    kart: TodaysMap,
    category: dict[str, str],
    labels: dict[str, str],
    styles: dict,
    describe: Callable[[dict], str],
    prefix: str,
    intro: str,
) -> tuple[Chart | None, list[str]]:
    """Today's map with each 2024 kommune in its category, and the caption's notes.

    Args:
        kommuner_2024: the 2024 kommuner (``nr``, ``navn``).
        kart: today's map (not drawn: no map).
        category: kommunenummer → category (a key of ``labels`` and ``styles``).
        labels: category → the legend's word, in legend order.
        styles: category → look; ``ulik`` for an area whose 2024 kommuner differ.
        describe: a kommune's text on hover (``Heim: ny (ikke dekket → dekket)``).
        prefix: the chart's id.
        intro: the alternative text's first words (what the map shows).
    """
    if not kart.drawn:
        return None, []
    polygons = map_polygons(kart.kart)
    areas, missing = areas_2024(kommuner_2024, polygons, Endringer.read(kart.endringer))
    drawn, style, titles, notes = [], {}, {}, []
    for area in areas:
        found = {category[k["nr"]] for k in area.kommuner}
        look = found.pop() if len(found) == 1 else ULIK
        text = "; ".join(describe(k) for k in area.kommuner) or area.id
        if area.del_av is not None:
            part = area.del_av
            where = fmt_list([k["navn"] for k in area.kommuner])
            text = f"Del av {part['navn']} i {where}: {text}"
            if look == ULIK:
                notes.append(
                    f"Kartet har ikke grensen mellom delene av {part['navn']} ({part['nr']}) "
                    f"som gikk til {where}; området er tegnet som «{ULIK_TEKST}» fordi kommunene "
                    f"ikke er i samme kategori ({'; '.join(describe(k) for k in area.kommuner)})."
                )
        style[area.id] = styles[look]
        titles[f"k{area.id}"] = titles[f"i{area.id}"] = text
        drawn.append((area.id, area.rings, area.holes))
    if missing:
        notes.append(missing_sentence([describe(k) for k in missing]))
    counts = {c: sum(1 for k in kommuner_2024 if category[k["nr"]] == c) for c in labels}
    legend = [(c, f"{labels[c]} ({fmt_int(n)})") for c, n in counts.items()]
    if any(styles[ULIK] == style[pid] for pid, _r, _h in drawn):
        legend.append((ULIK, ULIK_TEKST))
    parts = [f"{fmt_int(n)} {labels[c].lower()} ({UTSEENDE[c]})" for c, n in counts.items()]
    oslo = next((k for k in kommuner_2024 if k["nr"] == OSLO), None)
    alt = (
        f"{intro} Kart over Norge med {fmt_int(len(kommuner_2024) - len(missing))} av de "
        f"{fmt_int(len(kommuner_2024))} kommunene i 2024: {fmt_list(parts)}."
        + (
            f" Et innfelt kart forstørrer Oslo og kommunene rundt; Oslo: "
            f"{labels[category[OSLO]].lower()}."
            if oslo
            else ""
        )
        + (" " + " ".join(notes) if notes else "")
    )
    return map_figure(drawn, style, titles, legend, prefix, alt, styles), notes


def change_map(
    kommuner_2024: list[dict], kart: TodaysMap, labels: dict[str, str], a: str, b: str
) -> tuple[Chart | None, list[str]]:
    """The change per 2024 kommune (``endring``, ``status_a``, ``status_b`` on each)."""
    category = {k["nr"]: k["endring"] for k in kommuner_2024}

    def describe(k: dict) -> str:
        return f"{k['navn']}: {labels[k['endring']].lower()} ({k['status_a']} → {k['status_b']})"

    intro = f"Endring i dekning fra {a} til {b} per kommune på dagens kart."
    return category_map(
        kommuner_2024, kart, category, labels, ENDRING_STYLE, describe, "endringskart", intro
    )


def indicator_map(
    kommuner_2024: list[dict], kart: TodaysMap, labels: dict[str, str], what: str
) -> tuple[Chart | None, list[str]]:
    """The indicator per 2024 kommune (``indikator``: Ja, Nei or ukjent on each)."""
    category = {k["nr"]: k["indikator"] for k in kommuner_2024}

    def describe(k: dict) -> str:
        return f"{k['navn']}: {labels[k['indikator']].lower()}"

    return category_map(
        kommuner_2024, kart, category, labels, INDIKATOR_STYLE, describe, "indikatorkart", what
    )
