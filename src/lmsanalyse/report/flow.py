"""The flow diagram: units asked, answers, interviews, exclusions and coverage, CONSORT-style.

Every number comes from ``figures.csv`` (:data:`FLOW_FIGURES`); the exclusion box lists the
main definition's rules by their short label (``kort`` of ``definisjon.json``), the response
rate has the vocabulary's name (:mod:`lmsanalyse.ordliste`).
"""

from __future__ import annotations

from ..norsk import fmt_andel_tekst, fmt_int, fmt_list
from ..ordliste import RR1_SKJEMA, antall
from ..rules import KOMMUNE_STATUS, SVAR
from .claims import flere_regler
from .figure_model import Figur, Figurer, has_manual_decisions, manual_services
from .palette import BACKGROUND, BOX_EDGE, DARK, LINE, PALE, PALE_GREY, TEXT
from .svg import Chart, new_figures, render_chart

# The figures the diagram shows.
FLOW_FIGURES = (
    "enheter_spurt",
    "enheter_kommuner",
    "enheter_bydeler",
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
    "kommuner_ikke_bekreftet_radmann_ja",
    "kommuner_ikke_bekreftet_ringerunde_ja",
    "radmann_ja_uten_tjeneste",
    "tjenester",
    "tjenester_kommunale",
    "tjenester_interkommunale",
    "kommuner_med_tilbud",
    "kommuner_uten_tilbud",
    "manuelle_beslutninger_kommune",
    "manuelle_beslutninger_tjeneste",
    "kommuner_status_manuelt_inkludert",
    "kommuner_status_manuelt_ekskludert",
    "kommuner_dekket_kommunal",
    "kommuner_dekket_interkommunal",
    "kommuner_dekket_begge",
    "kommuner_dekket_manuelt",
)
MANUELL = "Manuell beslutning"
FLYT_ENHET = 3.6
LINJE = 2.8  # one line of 7.2 pt text
GRA_LINJE = LINE


def _box(ax, x: float, top: float, w: float, title: str, lines: list[str], style="hoved") -> float:
    """A rounded box with a bold title and detail lines, hanging from ``top``; returns its bottom."""
    from matplotlib.patches import FancyBboxPatch

    fc, ec, tc = {
        "hoved": (PALE, DARK, TEXT),
        "side": (PALE_GREY, BOX_EDGE, TEXT),
        "slutt": (DARK, DARK, BACKGROUND),
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


def flow_rows(figurer: Figurer, regler: list[dict]) -> list[dict]:
    """The flow diagram's numbers as table rows (``steg``, ``tekst``, ``antall``, ``nevner``):
    the figure's text alternative, so that no number exists only in the image."""
    f = figurer

    def row(steg: str, tekst: str, figur: str, nevner: bool = True) -> dict:
        return {
            "steg": steg,
            "tekst": tekst,
            "antall": f[figur].verdi,
            "nevner": f[figur].nevner if nevner else None,
        }

    rows = [
        row("Spørreskjema", "Enheter som fikk spørreskjemaet", "enheter_spurt", False),
        row("Spørreskjema", "Kommuner (rådmenn)", "enheter_kommuner"),
        row("Spørreskjema", "Bydeler i Oslo (bydelsdirektører)", "enheter_bydeler"),
        row("Spørreskjema", "Sendte inn skjemaet", "enheter_besvart_skjema"),
        row("Spørreskjema", f"Fullførte skjemaer ({RR1_SKJEMA})", "svarprosent_aapor_rr1"),
        row("Spørreskjema", f"Svarte {SVAR['ja']}", "radmann_svar_ja"),
        row("Spørreskjema", f"Svarte {SVAR['nei']}", "radmann_svar_nei"),
        row("Spørreskjema", f"Svarte {SVAR['vet_ikke']}", "radmann_svar_vet_ikke"),
        row(
            "Spørreskjema",
            f"Skjema sendt inn, spørsmålet {SVAR['blank'].lower()}",
            "radmann_svar_ubesvart",
        ),
        row("Ringerunde", "Enheter som ble ringt", "ringerunde"),
        row("Ringerunde", "Oppringninger", "ringerunde_forsok", False),
        row("Ringerunde", "Har tjeneste", "ringerunde_har_tjeneste"),
        row("Ringerunde", "Har ikke tjeneste", "ringerunde_har_ikke_tjeneste"),
        row("Ringerunde", SVAR["uavklart"], "ringerunde_uavklart"),
        row(
            "Intervju",
            "Rådmannen svarte Ja, men ingen tjeneste ble intervjuet (enheter)",
            "radmann_ja_uten_tjeneste",
        ),
        row(
            "Intervju",
            f"Kommuner med status «{KOMMUNE_STATUS['ja_uten_bekreftelse']}»",
            "kommuner_status_ja_uten_bekreftelse",
        ),
        row("Intervju", "– etter rådmannens Ja", "kommuner_ikke_bekreftet_radmann_ja"),
        row("Intervju", "– bare etter Ja i ringerunden", "kommuner_ikke_bekreftet_ringerunde_ja"),
        row("Intervju", "Tjenester intervjuet", "tjenester_intervjuet", False),
    ]
    manuell = manual_services(f)
    # With manual decisions about services, the rules' exclusions and the decisions' changes
    # are rows of their own: excluded by the rules − included + excluded by hand = excluded.
    if manuell is None:
        rows.append(row("Regler", "Tjenester ekskludert", "tjenester_ekskludert"))
    else:
        rows.append(
            row(
                "Regler", "Tjenester ekskludert etter reglene", "tjenester_ekskludert_etter_reglene"
            )
        )
    rows += [
        row("Regler", f"Feilet {r['kort']}", f"ekskludert_{r['regel']}")
        for r in regler
        if r["ekskludert"].verdi
    ]
    if manuell is not None:
        rows += [
            row(MANUELL, "Inkludert ved manuell beslutning", "tjenester_manuelt_inkludert"),
            row(MANUELL, "Ekskludert ved manuell beslutning", "tjenester_manuelt_ekskludert"),
            row("Resultat", "Tjenester ekskludert", "tjenester_ekskludert"),
        ]
    rows += [
        row("Resultat", "Tjenester inkludert", "tjenester", False),
        row("Resultat", "Kommunale tjenester", "tjenester_kommunale"),
        row("Resultat", "Interkommunale tjenester", "tjenester_interkommunale"),
        row("Resultat", "Kommuner med tjeneste", "kommuner_med_tilbud"),
        *[row("Resultat", f"– {tekst}", figur) for figur, tekst in dekning_linjer(f, kort=False)],
        row(
            "Resultat", "Kommuner uten tjeneste som oppfyller definisjonen", "kommuner_uten_tilbud"
        ),
    ]
    if has_manual_decisions(f):
        rows += [
            row(MANUELL, "Kommuner manuelt inkludert", "kommuner_status_manuelt_inkludert"),
            row(MANUELL, "Kommuner manuelt ekskludert", "kommuner_status_manuelt_ekskludert"),
        ]
    return rows


# How a covered kommune is covered: figure, short text (the chart), long text (the table).
DEKNING = (
    ("kommuner_dekket_kommunal", "med kommunal tjeneste", "med kommunal tjeneste"),
    ("kommuner_dekket_interkommunal", "gjennom interkommunal", "gjennom interkommunal tjeneste"),
    ("kommuner_dekket_begge", "med begge", "med både kommunal og interkommunal tjeneste"),
    ("kommuner_dekket_manuelt", "manuelt", "etter en manuell beslutning"),
)


def dekning_linjer(figurer: Figurer, kort: bool = True) -> list[tuple[str, str]]:
    """The kinds of coverage with kommuner in them: ``(figure, text)``."""
    return [(f, k if kort else lang) for f, k, lang in DEKNING if figurer[f].verdi]


def tjenester(n: int) -> str:
    """``1 tjeneste``, ``2 tjenester``."""
    return antall(n, "tjeneste", "tjenester")


def flow_chart(figurer: Figurer, regler: list[dict]) -> Chart:
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
            f"{n['enheter_kommuner']} rådmenn og {n['enheter_bydeler']} bydelsdirektører i Oslo"
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
            f"{SVAR['ja']} {n['radmann_svar_ja']} · {SVAR['nei']} {n['radmann_svar_nei']} · "
            f"{SVAR['vet_ikke']} {n['radmann_svar_vet_ikke']} · "
            f"{SVAR['blank']} {n['radmann_svar_ubesvart']}",
            f"{RR1_SKJEMA}: {fmt_andel_tekst(f['svarprosent_aapor_rr1'].andel)}",
        ]
        left = _box(ax, 25, top, 47, f"Sendte inn skjemaet: {n['enheter_besvart_skjema']}", svar)
        ring = [
            f"{n['ringerunde_forsok']} anrop · har tjeneste {n['ringerunde_har_tjeneste']}",
            f"har ikke tjeneste {n['ringerunde_har_ikke_tjeneste']} · "
            f"{SVAR['uavklart'].lower()} {n['ringerunde_uavklart']}",
        ]
        right = _box(ax, 75, top, 47, f"Ringt i ringerunden: {n['ringerunde']}", ring)
        join = min(left, right) - 3.0
        _line(ax, (25, left), (25, join), (75, join), (75, right))

        # Units whose service could not be confirmed branch off to the side. The box counts
        # units (the rådmann's Ja); the kommuner with that status also take in the call
        # round's Ja, so they are a second line, split by whose Ja it was.
        ikke_bekreftet = _radmann_ja_lines(f) + [
            f"Status «{KOMMUNE_STATUS['ja_uten_bekreftelse']}»:"
        ]
        if f["kommuner_status_ja_uten_bekreftelse"].verdi:
            ikke_bekreftet += [
                f"{antall(f['kommuner_status_ja_uten_bekreftelse'].verdi, 'kommune', 'kommuner')}, "
                f"{n['kommuner_ikke_bekreftet_radmann_ja']} etter rådmannens Ja",
                f"og {n['kommuner_ikke_bekreftet_ringerunde_ja']} etter Ja i ringerunden",
            ]
        else:
            ikke_bekreftet.append("ingen kommuner")
        side_top = join - 2.5
        side_bottom = _box(
            ax,
            side_x,
            side_top,
            side_w,
            _radmann_ja_title(f),
            ikke_bekreftet,
            "side",
        )
        branch = (side_top + side_bottom) / 2
        _arrow(ax, (main_x, branch), (side_left, branch))
        top = side_bottom - 2.5
        _line(ax, (main_x, join), (main_x, branch))
        _arrow(ax, (main_x, branch), (main_x, top))
        intervju = ["med lederne av tjenestene som rådmenn", "eller ringerunden pekte på"]
        tittel = f"Telefonintervju: {tjenester(f['tjenester_intervjuet'].verdi)}"
        bottom = _box(ax, main_x, top, main_w, tittel, intervju)

        ekskl = [
            f"{r['kort']}: {fmt_int(r['ekskludert'].verdi)}"
            for r in regler
            if r["ekskludert"].verdi
        ]
        if (overlapp := flere_regler(f)) is not None:
            ekskl.append(f"({overlapp})")
        manuell = manual_services(f)
        side_top = bottom - 2.5
        if manuell is None:
            tittel = f"Ekskludert: {tjenester(f['tjenester_ekskludert'].verdi)}"
        else:
            tittel = (
                f"Ekskludert etter reglene: {tjenester(manuell['ekskludert_etter_reglene'].verdi)}"
            )
        side_bottom = _box(ax, side_x, side_top, side_w, tittel, ekskl, "side")
        branch = (side_top + side_bottom) / 2
        _line(ax, (main_x, bottom), (main_x, branch))
        _arrow(ax, (main_x, branch), (side_left, branch))
        # Services a manual decision includes come back from the side; those it excludes go
        # out to it. Each is a box of its own, when there is one.
        for key, tekst, inn in (
            ("manuelt_inkludert", "som reglene ekskluderer", True),
            ("manuelt_ekskludert", "som oppfyller reglene", False),
        ):
            if manuell is None or not manuell[key].verdi:
                continue
            utfall = "Inkludert" if inn else "Ekskludert"
            side_top = side_bottom - 2.5
            tittel = f"{utfall} ved manuell beslutning: {fmt_int(manuell[key].verdi)}"
            hva = "tjeneste" if manuell[key].verdi == 1 else "tjenester"
            side_bottom = _box(ax, side_x, side_top, side_w, tittel, [f"{hva} {tekst}"], "side")
            mid = (side_top + side_bottom) / 2
            _line(ax, (main_x, branch), (main_x, mid))
            branch = mid
            if inn:
                _arrow(ax, (side_left, mid), (main_x, mid))
            else:
                _arrow(ax, (main_x, mid), (side_left, mid))
        top = side_bottom - 2.5
        _arrow(ax, (main_x, branch), (main_x, top))
        inkl = [
            f"{antall(f['tjenester_kommunale'].verdi, 'kommunal', 'kommunale')} · "
            f"{antall(f['tjenester_interkommunale'].verdi, 'interkommunal', 'interkommunale')}"
        ]
        if manuell is not None and manuell["manuelt_inkludert"].verdi:
            inkl.append(
                f"herav {fmt_int(manuell['manuelt_inkludert'].verdi)} ved manuell beslutning"
            )
        bottom = _box(
            ax, main_x, top, main_w, f"Inkludert: {tjenester(f['tjenester'].verdi)}", inkl
        )

        top = bottom - 4.5
        _arrow(ax, (main_x, bottom), (main_x, top))
        dekket = [
            " · ".join(f"{n[figur]} {tekst}" for figur, tekst in dekning_linjer(f)),
            f"{n['kommuner_uten_tilbud']} uten tjeneste som oppfyller definisjonen",
        ]
        if has_manual_decisions(f):
            dekket.append(
                f"ved manuell beslutning: {n['kommuner_status_manuelt_inkludert']} inkludert · "
                f"{n['kommuner_status_manuelt_ekskludert']} ekskludert"
            )
        med = f["kommuner_med_tilbud"]
        tittel = (
            f"Kommuner med tjeneste: {n['kommuner_med_tilbud']} av {fmt_int(med.nevner or 0)} "
            f"({fmt_andel_tekst(med.andel)})"
        )
        bottom = _box(ax, main_x, top, main_w + 6, tittel, dekket, "slutt")
        # The figure is as tall as the chart: one y unit is FLYT_ENHET points.
        ax.set_xlim(0, 100)
        ax.set_ylim(bottom - 0.5, 100)
        fig.set_size_inches(6.9, (100.5 - bottom) * FLYT_ENHET / 72)
        per_regel = [
            f"{r['kort']} {fmt_int(r['ekskludert'].verdi)}" for r in regler if r["ekskludert"].verdi
        ]
        ekskludert = "; ".join(p for p in (fmt_list(per_regel), flere_regler(f)) if p)
        alt = (
            f"Flytdiagram. Spørreskjemaet gikk til {n['enheter_spurt']} enheter; "
            f"{n['enheter_besvart_skjema']} sendte det inn ({SVAR['ja']} {n['radmann_svar_ja']}, "
            f"{SVAR['nei']} {n['radmann_svar_nei']}, {SVAR['vet_ikke']} "
            f"{n['radmann_svar_vet_ikke']}, {SVAR['blank']} {n['radmann_svar_ubesvart']}), "
            f"og {n['ringerunde']} ble fulgt opp i en ringerunde med {n['ringerunde_forsok']} "
            f"anrop. {_radmann_ja_sentence(f)}; {_ikke_bekreftet_sentence(f, n)}. "
            f"{tjenester(f['tjenester_intervjuet'].verdi)} ble intervjuet, "
            + _alt_exclusions(n, manuell, ekskludert)
            + f"og {n['tjenester']} er "
            f"inkludert: {antall(f['tjenester_kommunale'].verdi, 'kommunal', 'kommunale')} og "
            f"{antall(f['tjenester_interkommunale'].verdi, 'interkommunal', 'interkommunale')}. "
            f"Resultat: {n['kommuner_med_tilbud']} av {fmt_int(med.nevner or 0)} "
            f"kommuner ({fmt_andel_tekst(med.andel)}) har tjeneste, og i "
            f"{n['kommuner_uten_tilbud']} fant kartleggingen ingen tjeneste som oppfyller "
            "definisjonen"
            + (
                f"; {antall(f['kommuner_status_manuelt_inkludert'].verdi, 'kommune', 'kommuner')}"
                f" er manuelt inkludert og "
                f"{n['kommuner_status_manuelt_ekskludert']} manuelt ekskludert."
                if has_manual_decisions(f)
                else "."
            )
        )
        return render_chart(fig, "flyt", alt)


def _radmann_ja_title(f: Figurer) -> str:
    """The side box's title: the units whose rådmann said Ja with no service interviewed."""
    if not f["radmann_svar_ja"].verdi:
        return "Ingen rådmann svarte Ja"
    if not f["radmann_ja_uten_tjeneste"].verdi:
        return f"Rådmannen svarte Ja: {fmt_int(f['radmann_svar_ja'].verdi)}"
    return f"Rådmannen svarte Ja, ikke intervjuet: {fmt_int(f['radmann_ja_uten_tjeneste'].verdi)}"


def _radmann_ja_lines(f: Figurer) -> list[str]:
    """Under the side box's title: what became of the rådmann's Ja (the data chooses)."""
    ja = f["radmann_svar_ja"].verdi
    if not ja:
        return []
    if not f["radmann_ja_uten_tjeneste"].verdi:
        return [f"for {'den' if ja == 1 else 'alle'} ble en tjeneste intervjuet."]
    return [
        f"av {fmt_int(ja)} {'enhet' if ja == 1 else 'enheter'} der rådmannen svarte Ja,",
        "fant kartleggingen ingen tjeneste å intervjue.",
    ]


def _radmann_ja_sentence(f: Figurer) -> str:
    """The alternative text's sentence on the rådmann's Ja (as the side box)."""
    ja, uten = f["radmann_svar_ja"].verdi, f["radmann_ja_uten_tjeneste"].verdi
    if not ja:
        return "Ingen rådmann svarte Ja"
    if not uten:
        return f"For {'den ene' if ja == 1 else 'alle de ' + fmt_int(ja)} enhet{'en' if ja == 1 else 'ene'} der rådmannen svarte Ja, ble en tjeneste intervjuet"
    return (
        f"For {fmt_int(uten)} av de {fmt_int(ja)} enhetene der rådmannen svarte Ja, fant "
        "kartleggingen ingen tjeneste å intervjue"
    )


def _ikke_bekreftet_sentence(f: Figurer, n: dict[str, str]) -> str:
    """The alternative text on the kommuner whose Ja was not confirmed by an interview."""
    status = f"status «{KOMMUNE_STATUS['ja_uten_bekreftelse']}»"
    if not f["kommuner_status_ja_uten_bekreftelse"].verdi:
        return f"ingen kommuner har {status}"
    return (
        f"{antall(f['kommuner_status_ja_uten_bekreftelse'].verdi, 'kommune', 'kommuner')} har "
        f"{status} ({n['kommuner_ikke_bekreftet_radmann_ja']} etter rådmannens Ja, "
        f"{n['kommuner_ikke_bekreftet_ringerunde_ja']} etter Ja i ringerunden)"
    )


def _alt_exclusions(n: dict[str, str], manuell: dict[str, Figur] | None, regler: str) -> str:
    """The alternative text's exclusions: by the rules, then what manual decisions changed."""
    hvorfor = f" ({regler})" if regler else ""
    if manuell is None:
        return f"{n['tjenester_ekskludert']} ble ekskludert{hvorfor}, "
    inn, ut = (fmt_int(manuell[k].verdi) for k in ("manuelt_inkludert", "manuelt_ekskludert"))
    return (
        f"{fmt_int(manuell['ekskludert_etter_reglene'].verdi)} ble ekskludert etter reglene"
        f"{hvorfor}, {inn} av dem ble inkludert og {ut} som oppfylte reglene, ble ekskludert "
        f"ved manuell beslutning ({n['tjenester_ekskludert']} ekskludert i alt), "
    )
