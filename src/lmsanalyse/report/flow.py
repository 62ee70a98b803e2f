"""The flow diagram: units asked, answers, interviews, exclusions and coverage, CONSORT-style.

Every number comes from ``figures.csv`` (:data:`FLOW_FIGURES`), the unit types from
``enheter`` and the coverage split from ``kommune_status``; the exclusion box lists the main
definition's rules by their short label (``kort`` of ``definisjon.json``).
"""

from __future__ import annotations

from markupsafe import Markup

from ..norsk import fmt_int, fmt_pct
from .figures import Figurer
from .svg import FARGE_HOVED, FARGE_TEKST, new_figures, svg_markup

# The figures the diagram shows.
FLOW_FIGURES = (
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
    "kommuner_uten_tilbud",
)

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
    n = {k: fmt_int(f[k].verdi) for k in FLOW_FIGURES}
    main_x, main_w, side_x, side_w = 32.0, 48.0, 78.5, 42.0
    side_left = side_x - side_w / 2
    with new_figures() as new_figure:
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
