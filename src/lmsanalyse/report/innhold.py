"""What the main report holds, in order: its numbered figures and tables, each with its
title and its source ("Kilde:"). One owner for the numbers, so that "Tabell 7" in the HTML,
the PDF, the workbook (``lms_kartlegging.xlsx``) and "Figur 3" in ``reports/figurer/`` are
the same table and figure.

The template shows the items in this order; a test checks that the numbers it prints run
1, 2, 3 … in the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bolge import Bolge

FOLKETALL = "folketall: SSB, 1. januar 2015"
KART = "kart: forenklede kommunegrenser 2017, Kartverket/Geonorge (CC0)"
REGISTER_2024 = "kommuneinndeling 2024 og kommuneendringer 2014–2024: SSB"
# The same source, as a report on a wave on the 2024 register names it.
REGISTER_2024_BOLGE = "kommuneinndeling og kommuneendringer fram til 2024: SSB"
# The original wave, as the defaults of the functions below (a run recorded before waves were).
ORIGINAL = Bolge()


def figure_items(bolge: Bolge = ORIGINAL) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The figures of a report on ``bolge``: id (the chart's id), title, further sources.

    A wave on the 2024 register has no separate picture on today's map (its own map is
    today's): no ``kart24`` and ``k2024``.
    """
    aar = bolge.register
    fylke = (
        ("fylke", f"Andel kommuner og befolkning med tjeneste, per fylke ({aar})", (FOLKETALL,))
        if bolge.folkemengde
        else ("fylke", f"Andel kommuner med tjeneste, per fylke ({aar})", ())
    )
    kart_kilder = (KART,) if bolge.original else (REGISTER_2024_BOLGE, KART)
    items = [
        ("flyt", "Enheter og tjenester i kartleggingen, fra spørreskjema til resultat", ()),
        ("kart", f"Kommuner med lærings- og mestringstjeneste ({bolge.kommuner_i})", kart_kilder),
        fylke,
    ]
    if bolge.dagens_kart:
        items += [
            ("kart24", f"Dagens kommuner (2024) etter dekning i {bolge.navn}", (REGISTER_2024, KART)),
            ("k2024", "Kommunene i 2024 etter dekning, per fylke (fylkesinndeling 2024)", (REGISTER_2024,)),
        ]  # fmt: skip
    items += [
        ("kategori", "Inkluderte tjenester etter organisering", ()),
        ("tilbud", "Tjenester i gang etter type tilbud og diagnose eller målgruppe", ()),
    ]
    return tuple(items)


def table_items(bolge: Bolge = ORIGINAL) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The tables of a report on ``bolge``: id, title, further sources (no reconciliation
    without published figures, no tables of today's map for a wave on the 2024 register)."""
    aar = bolge.register
    rater = "Svar-, samarbeids-, nektings- og kontaktprosent etter AAPOR"
    fylker = (
        ("fylker", f"Kommuner og befolkning med tjeneste, per fylke ({aar})", (FOLKETALL,))
        if bolge.folkemengde
        else ("fylker", f"Kommuner med tjeneste, per fylke ({aar})", ())
    )
    items = [
        ("flyt", "Tallene i flytdiagrammet (figur 1)", ()),
        (
            "aapor_utfall",
            "Endelig utfall for enhetene som fikk spørreskjemaet (AAPOR-kode og klasse i formlene)",
            (),
        ),
        ("aapor_rater", rater, ()),
        ("regler", "Reglene i definisjonen og antall intervjuede tjenester som ikke oppfylte dem", ()),
        ("status", "Kommunenes status etter kartleggingen", ()),
        fylker,
    ]  # fmt: skip
    if bolge.dagens_kart:
        items += [
            ("fylker_2024", "Kommunene i 2024 etter dekning, per fylke", (REGISTER_2024,)),
            (
                "kommuner_2024",
                "Kommunene i 2024 med status og kommunene fra 2014 de består av",
                (REGISTER_2024,),
            ),
        ]
    items += [
        ("kategorier", "Inkluderte tjenester etter organisering", ()),
        ("tilbud_fordeling", "Inkluderte tjenester etter antall tilbud det siste året", ()),
        ("tilbudstyper", "Tjenester i gang etter type tilbud", ()),
        ("diagnoser", "Tjenester i gang etter diagnose eller målgruppe for tilbudene", ()),
        ("brukerorg", "Inkluderte tjenester: brukerorganisasjoner med i etablering og utvikling", ()),
        ("rekruttering", "Tjenester i gang: hvordan brukerrepresentantene rekrutteres", ()),
    ]  # fmt: skip
    if bolge.publisert:
        items.append(
            ("avstemming", "Publiserte og beregnede tall", ("NK LMH, mestring.no, 19. mai 2015",))
        )
    items += [
        ("kommuner", f"Alle kommuner ({aar}) med status og årsak", ()),
        ("tjenester", "Intervjuede tjenester og vurderingen mot definisjonen", ()),
        (
            "radregnskap",
            "Radregnskap: rader med data inn = brukt + slått sammen + karantene; tomme rader for seg",
            (),
        ),
        ("karantene", "Rader og verdier i karantene", ()),
        ("navnetolkning", "Kommunenavn i rådataene tolket etter likhet", ()),
        ("advarsler", "Kolonner som er tomme oftere enn grensen", ()),
        ("konsistens", "Uoverensstemmelser i dataene og de manuelle beslutningene", ()),
        ("inndata", "Inndatafiler og SHA-256", ()),
        ("konfigurasjon", "Konfigurasjonsfiler og SHA-256", ()),
    ]
    return tuple(items)


@dataclass(frozen=True)
class Nummerert:
    """A numbered figure or table: ``Tabell 7. Tittel`` and its source."""

    id: str
    nr: int
    tittel: str
    kilde: str
    slag: str  # "Figur" or "Tabell"
    aar: int = ORIGINAL.register  # the register's year, in sheet names ("Fylker 2024")
    # A document of its own numbers in its own series ("Tabell S1" in the sensitivity report),
    # so that "Tabell 8" means one table in every document that points to another.
    serie: str = ""

    @property
    def etikett(self) -> str:
        return f"{self.slag} {self.serie}{self.nr}"

    @property
    def i_tekst(self) -> str:
        """As a sentence names it: ``tabell 7``, ``tabell S1``."""
        return f"{self.slag.lower()} {self.serie}{self.nr}"

    @property
    def arknavn(self) -> str:
        """The workbook sheet's name: ``Tabell 3 Svarprosent`` (at most 31 characters)."""
        navn = ARKNAVN.get(self.id, "").format(aar=self.aar)
        return _cut_at_word(f"{self.etikett} {navn}".strip(), ARKNAVN_MAKS)

    @property
    def fil(self) -> str:
        """The figure's file stem in ``reports/figurer/`` (``figur_01_flyt``)."""
        return f"{self.slag.lower()}_{self.nr:02d}_{self.id}"


def _cut_at_word(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut after a whole word (Excel's sheet names
    are 31 characters; "Navn tolket etter lik" is no name)."""
    if len(text) <= most:
        return text
    return text[: most + 1].rsplit(" ", 1)[0]


def _source(
    synthetic: bool, extra: tuple[str, ...], bolge: Bolge = ORIGINAL, kilde: str | None = None
) -> str:
    # A run on synthetic data is not NK LMH's kartlegging: its source says what it is.
    own = kilde or f"{bolge.kilde}, beregnet med lmsanalyse"
    first = bolge.syntetisk_kilde if synthetic else own
    text = "; ".join([first, *extra]) + "."
    return text[:1].upper() + text[1:]


# Each table's sheet name in the workbook: "Tabell 3 Svarprosent" (Excel allows 31 characters).
ARKNAVN = {
    "flyt": "Flytdiagram",
    "aapor_utfall": "Utfall AAPOR",
    "aapor_rater": "Svarprosent",
    "regler": "Regler",
    "status": "Kommunenes status",
    "fylker": "Fylker {aar}",
    "fylker_2024": "Fylker 2024",
    "kommuner_2024": "Kommuner 2024",
    "kategorier": "Organisering",
    "tilbud_fordeling": "Antall tilbud",
    "tilbudstyper": "Typer tilbud",
    "diagnoser": "Diagnoser",
    "brukerorg": "Brukerorganisasjoner",
    "rekruttering": "Rekruttering",
    "avstemming": "Avstemming",
    "kommuner": "Alle kommuner {aar}",
    "tjenester": "Intervjuede tjenester",
    "radregnskap": "Radregnskap",
    "karantene": "Karantene",
    "navnetolkning": "Navnetolkning",
    "advarsler": "Tomme kolonner",
    "konsistens": "Uoverensstemmelser",
    "inndata": "Inndata",
    "konfigurasjon": "Konfigurasjon",
    # The comparison of two waves (SAMMENLIGNING_TABELLER).
    "bolge_tall": "Hovedtall",
    "bolge_endringer": "Endringer",
    "bolge_statuser": "Status A mot B",
    "bolge_fylker_status": "Fylker status",
    "bolge_fylker_endring": "Fylker endring",
    "bolge_kommuner": "Kommuner 2024",
    "bolge_tjenester": "Tjenester",
    "bolge_tjenestepar": "Tjenestepar",
    "indikator_kryss": "Frisklivssentral",
    "indikator_rader": "Indikatorfilen",
}
ARKNAVN_MAKS = 31


def numbered(
    items: tuple[tuple[str, str, tuple[str, ...]], ...],
    slag: str,
    synthetic: bool,
    present: set[str] | None = None,
    bolge: Bolge = ORIGINAL,
    serie: str = "",
    kilde: str | None = None,
) -> dict[str, Nummerert]:
    """The items by id, numbered in order; ``present`` leaves out items the report lacks;
    ``serie`` prefixes the numbers (``S`` in the sensitivity report); ``kilde``: the source
    every item names first (the kartlegging, or a comparison's waves)."""
    out: dict[str, Nummerert] = {}
    for item_id, tittel, extra in items:
        if present is not None and item_id not in present:
            continue
        source = _source(synthetic, extra, bolge, kilde)
        out[item_id] = Nummerert(item_id, len(out) + 1, tittel, source, slag, bolge.register, serie)
    return out


# The sensitivity report's series: its tables and figures are S1, S2 …
SENSITIVITET_SERIE = "S"


# The sensitivity report's tables (its per-variant tables are numbered after "regler").
SENSITIVITET_TABELLER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("resultat", "Resultat per definisjon", ()),
    ("regler", "Reglene som gir forskjellene", ()),
    ("definisjonsfiler", "Definisjonsfilene og SHA-256", ()),
)
SENSITIVITET_FIGURER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sens", "Kommuner med lærings- og mestringstjeneste etter definisjon", ()),
)


# The figures drawn on the register's map: a register without a map (a synthetic one) has none.
MAP_FIGURES = ("kart", "kart24")


def wave_of(register_aar: int, har: frozenset[str] | set[str]) -> Bolge:
    """The wave as the workflow knows it before the run (its register; no period yet)."""
    return Bolge(register_aar, frozenset(har))


def present_figures(has_map: bool, bolge: Bolge = ORIGINAL) -> set[str]:
    """The ids of the figures a report on ``bolge`` draws."""
    return {f[0] for f in figure_items(bolge) if has_map or f[0] not in MAP_FIGURES}


def figure_stems(has_map: bool = True, bolge: Bolge = ORIGINAL) -> list[str]:
    """The file stems of the main report's figures in ``reports/figurer/``: ``figur_01_flyt``
    … (the map figures only when the register has a map)."""
    present = present_figures(has_map, bolge)
    return [f.fil for f in numbered(figure_items(bolge), "Figur", False, present).values()]


# The comparison of two waves (lmsanalyse sammenlign): its figures and tables.
SAMMENLIGNING_FIGURER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("endringskart", "Endring i dekning per kommune fra bølge A til bølge B (dagens kart)",
     (REGISTER_2024, KART)),
    ("indikatorkart", "Kommuner med frisklivssentral etter indikatoren (dagens kart)",
     (REGISTER_2024, KART)),
)  # fmt: skip
SAMMENLIGNING_TABELLER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bolge_tall", "Hovedtallene i de to bølgene", ()),
    ("bolge_endringer", "Kommunene i 2024 etter endring fra bølge A til bølge B", (REGISTER_2024,)),
    ("bolge_statuser", "Kommunene i 2024 etter status i bølge A og bølge B", (REGISTER_2024,)),
    ("bolge_kommuner", "Kommunene i 2024 med status i hver bølge og endring", (REGISTER_2024,)),
    ("bolge_fylker_status", "Kommunene i 2024 etter status i hver bølge, per fylke",
     (REGISTER_2024,)),
    ("bolge_fylker_endring", "Kommunene i 2024 etter endring, per fylke", (REGISTER_2024,)),
    ("bolge_tjenester", "Tjenestene i de to bølgene: hva som ble koblet til hva", ()),
    ("bolge_tjenestepar", "Alle kandidatpar av tjenester med felles kommuner, og hva som ble "
     "avgjort", ()),
    ("indikator_kryss", "Dekning i hver bølge og frisklivssentral etter indikatoren",
     (REGISTER_2024,)),
    ("indikator_rader", "Radene i indikatorfilen som ikke ble brukt", ()),
    ("inndata", "Inndatafiler og SHA-256", ()),
    ("konfigurasjon", "Konfigurasjonsfiler og SHA-256", ()),
)  # fmt: skip


def comparison_figure_stems(indicator: bool, has_map: bool = True) -> list[str]:
    """The comparison's figure files in ``reports/figurer/`` (the change map, and the
    indicator's map when there is an indicator; none without a map)."""
    present = {"endringskart"} | ({"indikatorkart"} if indicator else set())
    present = present if has_map else set()
    return [f.fil for f in numbered(SAMMENLIGNING_FIGURER, "Figur", False, present).values()]
