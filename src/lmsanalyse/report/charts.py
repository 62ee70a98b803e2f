"""The reports' bar charts: coverage per fylke, services by category and by offering, the 2024
kommuner per fylke, and the sensitivity report's kommuner per definition.

Each chart is drawn from the table rows of :mod:`.tables` (whose numbers are checked against
``figures.csv`` there) and returned as a :class:`.svg.Chart` whose alternative text says
what the chart shows, with its key numbers, in the report's rounding (whole per cent).
"""

from __future__ import annotations

from ..norsk import fmt_andel_tekst, fmt_int, fmt_list, fmt_pct
from ..rules import STATUS_I_DAG
from .bolge import Bolge
from .environment import fmt_signed
from .figure_model import Figur, Figurer
from .palette import BACKGROUND, DARK, GRID, MEDIUM, STATUS_STYLE, TEXT
from .svg import SMAL, Chart, new_figures, render_chart
from .tables import FIGUR_2024, liste

# A chart's width: the page (PDF, wide screens) or a phone (narrow variant, same type size).
BRED, SMAL_BREDDE = 6.9, 3.5


def _size(smal: bool, height: float, smal_height: float | None = None) -> tuple[float, float]:
    return (SMAL_BREDDE, smal_height or height) if smal else (BRED, height)


def _wrap(label: str, smal: bool, width: int = 24) -> str:
    """A long label over several lines in the narrow variant."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) if smal else label


def with_narrow(draw) -> Chart:
    """The chart ``draw(smal)`` makes, with its narrow variant."""
    return draw(False).med_smal(draw(True))


def _pct_axis(ax, axis="x"):
    """0 % … 100 % in steps of 20 (the room right of 100 % is for the labels, not a share)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_pct(v)))
    target.set_major_locator(FixedLocator(range(0, 101, 20)))


# Up to this many fylker tied at the top or bottom are named; more are counted.
NAVNGI = 3


def _tied(rows: list[dict], key, pick) -> str:
    """The fylker at ``pick`` (max or min) of a share, every tied one: ``Rogaland og Telemark
    (0 %)``, or ``17 fylker (0 %)`` when more than :data:`NAVNGI` tie."""
    value = pick(key(r) for r in rows)
    names = [r["navn"] for r in rows if key(r) == value]
    who = fmt_list(names) if len(names) <= NAVNGI else f"{fmt_int(len(names))} fylker"
    return f"{who} ({fmt_andel_tekst(value)})"


def _extremes(rows: list[dict], key) -> str:
    """``høyest i A (45 %), lavest i B og C (0 %)`` for a share (ties named)."""
    return f"høyest i {_tied(rows, key, max)}, lavest i {_tied(rows, key, min)}"


def fylke_chart(fylker: list[dict], figurer: Figurer, bolge: Bolge, smal: bool = False) -> Chart:
    """Share of kommuner and of population covered, per fylke (only of kommuner when the
    register has no population)."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    kommuner = [r["kommuner"].andel for r in fylker][::-1]
    folk = bolge.folkemengde
    befolkning = [r["befolkning"].andel for r in fylker][::-1] if folk else []
    y = np.arange(len(names))
    with new_figures() as new_figure:
        fig = new_figure(
            figsize=_size(smal, 5.6 if folk else 4.2, 6.4 if folk else 5.0), layout="constrained"
        )
        ax = fig.add_subplot()
        size = 7 if smal else 6.5
        if folk:
            ax.barh(y + 0.2, kommuner, 0.4, color=DARK, label="Andel av kommunene")
            ax.barh(y - 0.2, befolkning, 0.4, color=MEDIUM, label="Andel av befolkningen")
            for yi, k, b in zip(y, kommuner, befolkning, strict=True):
                ax.text(k + 1, yi + 0.2, fmt_andel_tekst(k), va="center", size=size)
                ax.text(b + 1, yi - 0.2, fmt_andel_tekst(b), va="center", size=size)
        else:
            ax.barh(y, kommuner, 0.6, color=DARK, label="Andel av kommunene")
            for yi, k in zip(y, kommuner, strict=True):
                ax.text(k + 1, yi, fmt_andel_tekst(k), va="center", size=size)
        ax.set_yticks(y, names)
        ax.set_xlim(0, 125 if smal else 112)
        _pct_axis(ax)
        ax.tick_params(axis="y", length=0)
        if smal:
            ax.legend(loc="lower center", bbox_to_anchor=(0.4, 1.0), ncols=1)
        else:
            ax.legend(loc="lower right")
        ax.grid(axis="x", color=GRID, lw=0.5)
        ax.set_axisbelow(True)
        of_what = (
            "andelen av kommunene og andelen av befolkningen" if folk else "andelen av kommunene"
        )
        alt = (
            f"Liggende stolpediagram: {of_what} som har en lærings- og mestringstjeneste, i "
            f"hvert av de {fmt_int(len(fylker))} fylkene i {bolge.register}. Andelen av "
            f"kommunene er {_extremes(fylker, lambda r: r['kommuner'].andel)}"
        )
        if folk:
            alt += (
                f"; andelen av befolkningen er {_extremes(fylker, lambda r: r['befolkning'].andel)}. "
                f"I hele landet har {fmt_andel_tekst(figurer['kommuner_med_tilbud'].andel)} av "
                f"kommunene og {fmt_andel_tekst(figurer['befolkning_dekket'].andel)} av "
                "befolkningen tjeneste."
            )
        else:
            alt += (
                f". I hele landet har {fmt_andel_tekst(figurer['kommuner_med_tilbud'].andel)} av "
                "kommunene tjeneste."
            )
        return render_chart(fig, "fylke" + (SMAL if smal else ""), alt)


def kategori_chart(kategorier: list[dict], smal: bool = False) -> Chart:
    """Included services by category, split by kommunal/interkommunal."""
    labels = [_wrap(r["tekst"], smal, 20) for r in kategorier][::-1]
    kommunal = [r["kommunal"] for r in kategorier][::-1]
    interkommunal = [r["interkommunal"] for r in kategorier][::-1]
    with new_figures() as new_figure:
        fig = new_figure(figsize=_size(smal, 2.3, 3.4), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(labels, kommunal, color=DARK, label="Kommunal")
        ax.barh(labels, interkommunal, left=kommunal, color=MEDIUM, label="Interkommunal")
        for i, (k, ik) in enumerate(zip(kommunal, interkommunal, strict=True)):
            ax.text(k + ik + 0.3, i, fmt_int(k + ik), va="center", size=7)
        ax.set_xlabel("Antall tjenester")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(
            0, max(k + ik for k, ik in zip(kommunal, interkommunal, strict=True)) * 1.12 + 1
        )
        if smal:
            ax.legend(loc="lower center", bbox_to_anchor=(0.4, 1.0), ncols=2)
        else:
            ax.legend(loc="lower right")
        total = sum(kommunal) + sum(interkommunal)
        parts = [
            f"{r['tekst'].lower()} {fmt_int(r['kommunal'] + r['interkommunal'])} "
            f"({fmt_int(r['kommunal'])} kommunale, {fmt_int(r['interkommunal'])} interkommunale)"
            for r in kategorier
        ]
        alt = (
            f"Liggende stolpediagram, delt i kommunale og interkommunale tjenester: de "
            f"{fmt_int(total)} inkluderte tjenestene etter organisering: {liste(parts)}."
        )
        return render_chart(fig, "kategori" + (SMAL if smal else ""), alt)


def tilbud_chart(tilbudstyper: list[Figur], diagnoser: list[Figur], smal: bool = False) -> Chart:
    """Services in operation by offering type and by diagnosis (the narrow variant has the
    two charts one above the other)."""
    with new_figures() as new_figure:
        fig = new_figure(figsize=_size(smal, 3.1, 5.6), layout="constrained")
        axes = fig.subplots(2, 1) if smal else fig.subplots(1, 2)
        for ax, rows, title in (
            (axes[0], tilbudstyper, "Etter type tilbud"),
            (axes[1], diagnoser, "Etter diagnose/målgruppe"),
        ):
            # The tables' order (most first, ties by id), drawn from the bottom up.
            rows = sorted(rows, key=lambda r: (-r.verdi, r.id))[::-1]
            ax.barh([r.etikett for r in rows], [r.verdi for r in rows], color=DARK)
            for i, r in enumerate(rows):
                ax.text(r.verdi + 0.4, i, fmt_int(r.verdi), va="center", size=6.5)
            ax.set_title(title, size=8, weight="bold", loc="left")
            ax.tick_params(axis="y", length=0, labelsize=7)
            ax.xaxis.get_major_locator().set_params(integer=True)
            if rows:
                ax.set_xlim(0, max(r.verdi for r in rows) * 1.15 + 1)
                ax.set_xlabel(f"Antall tjenester (av {fmt_int(rows[0].nevner or 0)} i gang)")

        def counts(rows: list[Figur]) -> str:
            ordered = sorted(rows, key=lambda r: (-r.verdi, r.id))
            return liste([f"{r.etikett.lower()} {fmt_int(r.verdi)}" for r in ordered])

        i_gang = (
            fmt_int((tilbudstyper or diagnoser)[0].nevner or 0)
            if tilbudstyper or diagnoser
            else "0"
        )
        alt = (
            f"To liggende stolpediagrammer over de {i_gang} tjenestene som er i gang (en tjeneste "
            f"kan ha flere): etter type tilbud: {counts(tilbudstyper)}; etter diagnose eller "
            f"målgruppe: {counts(diagnoser)}."
        )
        return render_chart(fig, "tilbud" + (SMAL if smal else ""), alt)


def kommuner_2024_chart(fylker: list[dict], figurer: Figurer, smal: bool = False) -> Chart:
    """2024 kommuner per 2024 fylke, stacked: dekket, delvis dekket (hatched), ikke dekket."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    y = np.arange(len(names))
    left = np.zeros(len(names), dtype=int)
    serier = (
        ("dekket", "dekket", BACKGROUND),
        ("delvis", "delvis dekket", TEXT),
        ("ikke", "ikke dekket", TEXT),
    )
    with new_figures() as new_figure:
        height = 0.75 + 0.24 * len(names)
        fig = new_figure(figsize=_size(smal, height, height + 0.5), layout="constrained")
        ax = fig.add_subplot()
        for key, status, text_colour in serier:
            values = np.array([r[key] for r in fylker][::-1], dtype=int)
            total = figurer[FIGUR_2024[status]].verdi
            fill, hatch = STATUS_STYLE[status]
            label = f"{STATUS_I_DAG[status]} ({fmt_int(total)})"
            ax.barh(
                y,
                values,
                0.64,
                left=left,
                color=fill,
                hatch=hatch,
                edgecolor=DARK if hatch else BACKGROUND,
                linewidth=0.6,
                label=label,
            )
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
                        bbox={"fc": BACKGROUND, "ec": "none", "pad": 0.6} if hatch else None,
                    )
            left = left + values
        for yi, total in zip(y, left, strict=True):
            ax.text(total + 0.6, yi, fmt_int(total), va="center", size=6.5)
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(left) * 1.08 + 1)
        ax.set_xlabel("Antall kommuner i 2024")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1 if smal else 3)
        share = lambda r: 100.0 * (r["dekket"] + r["delvis"]) / r["kommuner"]  # noqa: E731
        n = {s: fmt_int(figurer[FIGUR_2024[s]].verdi) for s in STATUS_I_DAG}
        alt = (
            f"Liggende stablet stolpediagram over de "
            f"{fmt_int(figurer[FIGUR_2024['dekket']].nevner)} kommunene i 2024 i "
            f"{fmt_int(figurer['fylker_2024'].verdi)} fylker, etter om kommunene fra 2014 de "
            f"består av, hadde tjeneste: {n['dekket']} dekket, {n['delvis dekket']} delvis dekket "
            f"og {n['ikke dekket']} ikke dekket. Størst andel helt eller delvis dekket har "
            f"{_tied(fylker, share, max)}, minst har {_tied(fylker, share, min)}."
        )
        return render_chart(fig, "k2024" + (SMAL if smal else ""), alt)


def sensitivity_chart(rader: list[dict], aar: int = 2014) -> Chart:
    """Kommuner with a service under each definition; the main one dark, with a guide line."""
    import numpy as np

    rows = rader[::-1]
    y = np.arange(len(rows))
    values = [r["kommuner_dekket"] for r in rows]
    hoved = next(r for r in rows if r["hoved"])
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 0.8 + 0.36 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(y, values, 0.62, color=[DARK if r["hoved"] else MEDIUM for r in rows])
        ax.axvline(hoved["kommuner_dekket"], color=TEXT, lw=0.7, ls=(0, (3, 2)), zorder=0)
        for yi, r in zip(y, rows, strict=True):
            text = f"{fmt_int(r['kommuner_dekket'])} ({fmt_andel_tekst(r['andel_kommuner'])})"
            if not r["hoved"]:
                text += f"  {fmt_signed(r['endring_kommuner'])}"
            ax.text(
                r["kommuner_dekket"] + 1.5,
                yi,
                text,
                va="center",
                size=7,
                bbox={"fc": BACKGROUND, "ec": "none", "pad": 0.8},
            )
        ax.set_yticks(y, [r["tittel"] + (" (hoved)" if r["hoved"] else "") for r in rows])
        ax.set_xlim(0, max(values) * 1.3 + 1)
        ax.set_xlabel(f"Kommuner med tjeneste (av {fmt_int(hoved['kommuner'])} kommuner i {aar})")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        parts = [
            f"«{r['tittel']}»{' (hoveddefinisjonen)' if r['hoved'] else ''} "
            f"{fmt_int(r['kommuner_dekket'])} ({fmt_andel_tekst(r['andel_kommuner'])})"
            for r in rader
        ]
        alt = (
            f"Liggende stolpediagram over antall kommuner med lærings- og mestringstjeneste "
            f"under hver av de {fmt_int(len(rader))} definisjonene, av "
            f"{fmt_int(hoved['kommuner'])} kommuner i {aar}: {liste(parts)}."
        )
        return render_chart(fig, "sens", alt)
