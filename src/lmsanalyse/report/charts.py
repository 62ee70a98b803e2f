"""The reports' bar charts: coverage per fylke, services by category and by offering, the 2020
kommuner per fylke, and the sensitivity report's kommuner per definition.

Each chart is drawn from the table rows of :mod:`.tables` (whose numbers are checked against
``figures.csv`` there) and returned as inline SVG.
"""

from __future__ import annotations

from markupsafe import Markup

from ..norsk import fmt_int, fmt_pct
from ..rules import STATUS_I_DAG
from .environment import fmt_signed
from .figures import Figur, Figurer
from .svg import FARGE_GRA, FARGE_HOVED, FARGE_LYS, FARGE_TEKST, new_figures, svg_markup
from .tables import FIGUR_2020


def _pct_axis(ax, axis="x"):
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_pct(v)))
    target.set_major_locator(MultipleLocator(20))


def fylke_chart(fylker: list[dict]) -> Markup:
    """Share of kommuner and of population covered, per fylke."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    kommuner = [r["kommuner"].andel for r in fylker][::-1]
    befolkning = [r["befolkning"].andel for r in fylker][::-1]
    y = np.arange(len(names))
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 5.6), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(y + 0.2, kommuner, 0.4, color=FARGE_HOVED, label="Andel av kommunene")
        ax.barh(y - 0.2, befolkning, 0.4, color=FARGE_LYS, label="Andel av befolkningen")
        for yi, k, b in zip(y, kommuner, befolkning, strict=True):
            ax.text(k + 1, yi + 0.2, fmt_pct(k), va="center", size=6.5)
            ax.text(b + 1, yi - 0.2, fmt_pct(b), va="center", size=6.5, color="#3b5a66")
        ax.set_yticks(y, names)
        ax.set_xlim(0, 112)
        _pct_axis(ax)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower right")
        ax.grid(axis="x", color="#e3e3e3", lw=0.5)
        ax.set_axisbelow(True)
        return svg_markup(fig, "fylke", "Andel kommuner og befolkning med tjeneste, per fylke")


def kategori_chart(kategorier: list[dict]) -> Markup:
    """Included services by category, split by kommunal/interkommunal."""
    labels = [r["tekst"] for r in kategorier][::-1]
    kommunal = [r["kommunal"] for r in kategorier][::-1]
    interkommunal = [r["interkommunal"] for r in kategorier][::-1]
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 2.3), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(labels, kommunal, color=FARGE_HOVED, label="Kommunal")
        ax.barh(labels, interkommunal, left=kommunal, color=FARGE_LYS, label="Interkommunal")
        for i, (k, ik) in enumerate(zip(kommunal, interkommunal, strict=True)):
            ax.text(k + ik + 0.3, i, fmt_int(k + ik), va="center", size=7)
        ax.set_xlabel("Antall tjenester")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(
            0, max(k + ik for k, ik in zip(kommunal, interkommunal, strict=True)) * 1.12 + 1
        )
        ax.legend(loc="lower right")
        return svg_markup(fig, "kategori", "Inkluderte tjenester etter organisering")


def tilbud_chart(tilbudstyper: list[Figur], diagnoser: list[Figur]) -> Markup:
    """Services in operation by offering type and by diagnosis."""
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 3.1), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, rows, title in (
            (axes[0], tilbudstyper, "Etter type tilbud"),
            (axes[1], diagnoser, "Etter diagnose/målgruppe"),
        ):
            rows = sorted(rows, key=lambda r: (r.verdi, r.id))
            ax.barh([r.etikett for r in rows], [r.verdi for r in rows], color=FARGE_HOVED)
            for i, r in enumerate(rows):
                ax.text(r.verdi + 0.4, i, fmt_int(r.verdi), va="center", size=6.5)
            ax.set_title(title, size=8, weight="bold", loc="left")
            ax.tick_params(axis="y", length=0, labelsize=7)
            ax.xaxis.get_major_locator().set_params(integer=True)
            if rows:
                ax.set_xlim(0, max(r.verdi for r in rows) * 1.15 + 1)
                ax.set_xlabel(f"Antall tjenester (av {fmt_int(rows[0].nevner or 0)} i gang)")
        return svg_markup(fig, "tilbud", "Tjenester i gang etter type tilbud og diagnose")


def kommuner_2020_chart(fylker: list[dict], figurer: Figurer) -> Markup:
    """2020 kommuner per 2020 fylke, stacked: dekket, delvis dekket, ikke dekket."""
    import numpy as np

    names = [r["navn"] for r in fylker][::-1]
    y = np.arange(len(names))
    left = np.zeros(len(names), dtype=int)
    serier = (
        ("dekket", "dekket", FARGE_HOVED, "#ffffff"),
        ("delvis", "delvis dekket", FARGE_LYS, FARGE_TEKST),
        ("ikke", "ikke dekket", FARGE_GRA, FARGE_TEKST),
    )
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 0.75 + 0.22 * len(names)), layout="constrained")
        ax = fig.add_subplot()
        for key, status, colour, text_colour in serier:
            values = np.array([r[key] for r in fylker][::-1], dtype=int)
            total = figurer[FIGUR_2020[status]].verdi
            label = f"{STATUS_I_DAG[status]} ({fmt_int(total)})"
            ax.barh(y, values, 0.64, left=left, color=colour, label=label)
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
                    )
            left = left + values
        for yi, total in zip(y, left, strict=True):
            ax.text(total + 0.6, yi, fmt_int(total), va="center", size=6.5, color="#555555")
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(left) * 1.08 + 1)
        ax.set_xlabel("Antall kommuner i 2020")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
        return svg_markup(fig, "k2020", "Kommuner i 2020 etter dekning, per fylke")


def sensitivity_chart(rader: list[dict]) -> Markup:
    """Kommuner with a service under each definition; the main one dark, with a guide line."""
    import numpy as np

    rows = rader[::-1]
    y = np.arange(len(rows))
    values = [r["kommuner_dekket"] for r in rows]
    hoved = next(r for r in rows if r["hoved"])
    with new_figures() as new_figure:
        fig = new_figure(figsize=(6.9, 0.8 + 0.36 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(
            y,
            values,
            0.62,
            color=[FARGE_HOVED if r["hoved"] else FARGE_LYS for r in rows],
        )
        ax.axvline(hoved["kommuner_dekket"], color="#555555", lw=0.7, ls=(0, (3, 2)), zorder=0)
        for yi, r in zip(y, rows, strict=True):
            text = f"{fmt_int(r['kommuner_dekket'])} ({fmt_pct(r['andel_kommuner'], 1)})"
            if not r["hoved"]:
                text += f"  {fmt_signed(r['endring_kommuner'])}"
            ax.text(
                r["kommuner_dekket"] + 1.5,
                yi,
                text,
                va="center",
                size=7,
                bbox={"fc": "#ffffff", "ec": "none", "pad": 0.8},
            )
        ax.set_yticks(y, [r["tittel"] + (" (hoved)" if r["hoved"] else "") for r in rows])
        ax.set_xlim(0, max(values) * 1.3 + 1)
        ax.set_xlabel(f"Kommuner med tjeneste (av {fmt_int(hoved['kommuner'])} kommuner i 2014)")
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        return svg_markup(fig, "sens", "Kommuner med tjeneste etter definisjon")
