"""The report's claims: every sentence whose truth depends on the data, decided in one place.

A claim is a condition on this run's figures (``figures.csv``), decision tables or
reconciliation, and the template picks the wording that is true for it: "i alle faser" only
when every service that failed I2 failed it in every phase, "kommunene med tjeneste er i
snitt større" only when that holds without Oslo on both sides of the comparison, "ingen
motsigelser" only when there are none. No sentence assumes the bundled data's shape.

Every number a sentence shows is a figure of ``figures.csv`` (the templates format them);
this module only compares them and names the figures a sentence lists. The exception is the
reconciliation, whose counts come from ``reconciliation.csv`` (it is made after the
figures). :func:`build_claims` gives the template one dict, ``pastand``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..norsk import fmt_andel_tekst, fmt_list
from ..ordliste import STATUS_SOM_UTSAGN, UAVKLART_DELER, antall, regel_kort, status_tekst
from ..rules import KOMMUNE_STATUS, NON_LMS_TYPES, RULE_PARAMETERS
from .figure_model import Figur, Figurer

# The statuses of a kommune without a service, in the order the summary lists them.
UTEN_TJENESTE = (
    "svarte_nei",
    "ja_uten_bekreftelse",
    "ekskludert",
    "intervju_i_karantene",
    "uavklart",
    "ikke_besvart",
    "manuelt_ekskludert",
)
I1 = "I1_intervjuet"
I2 = "I2_brukermedvirkning"
I4 = "I4_lms_tilbud"
# Haram (1534) merged into Ålesund in 2020 and became a kommune again in 2024 (1580).
HARAM_2014, HARAM_2024 = "1534", "1580"


@dataclass(frozen=True)
class Del:
    """One part of a listed claim: the figure that counts it, what it says, and the parts it
    is made of (said in brackets after it)."""

    figur: str
    tekst: str
    under: tuple[Del, ...] = ()


def _verdi(figurer: Figurer, figur: str) -> int:
    return figurer[figur].verdi


def _share(f: Figur) -> float:
    return f.andel if f.nevner else 0.0


def uten_tjeneste(figurer: Figurer) -> list[Del]:
    """Why the kommuner without a service have none: each status with kommuner in it; the
    unclear ones split by how (a «Vet ikke», a form without an answer, a call round without
    one)."""
    out = []
    for kode in UTEN_TJENESTE:
        figur = f"kommuner_status_{kode}"
        if figur not in figurer or not _verdi(figurer, figur):
            continue
        under = ()
        if kode == "uavklart":
            under = tuple(Del(f, kort) for f, kort, _t in UAVKLART_DELER if _verdi(figurer, f))
        out.append(Del(figur, STATUS_SOM_UTSAGN[kode], under))
    return out


def etter_status(figurer: Figurer, prefiks: str) -> list[Del]:
    """A count of units split by the status of their kommune (``<prefiks><status>``), each
    status with units in it, the most first: «til kommuner med status «Dekket»» (one unit:
    «til en kommune …»)."""
    found = [
        (kode, _verdi(figurer, f"{prefiks}{kode}"))
        for kode in KOMMUNE_STATUS
        if f"{prefiks}{kode}" in figurer and _verdi(figurer, f"{prefiks}{kode}")
    ]
    return [
        Del(
            f"{prefiks}{kode}",
            f"til {'en kommune' if n == 1 else 'kommuner'} med status «{status_tekst(kode)}»",
        )
        for kode, n in sorted(found, key=lambda x: -x[1])
    ]


def flere_regler(figurer: Figurer) -> str | None:
    """Whether the excluded services' counts per rule overlap, in words (None: no service
    failed a rule, or all failed the same one, so there is nothing to say).

    A service failing k rules counts k times in ``ekskludert_<regel>`` and never in
    ``ekskludert_kun_<regel>``, so the difference of their sums is the sum of k over the
    services failing several: 0 says none did; 2 or 3 is one service; more than the rules
    that failed at all is at least two; in between it may be one or more."""
    per_regel = figurer.med_prefiks("ekskludert_", unntatt="ekskludert_kun_")
    kun = figurer.med_prefiks("ekskludert_kun_")
    feilet = sum(1 for f in per_regel if f.verdi)
    if feilet <= 1:
        return None
    overlapp = sum(f.verdi for f in per_regel) - sum(f.verdi for f in kun)
    if overlapp == 0:
        return "ingen tjeneste feilet mer enn én regel"
    if overlapp <= 3:
        return "én tjeneste feilet flere regler"
    if overlapp > feilet:
        return "flere tjenester feilet mer enn én regel"
    return "minst én tjeneste feilet flere regler"


def brukermedvirkning(figurer: Figurer, definisjon: dict) -> str:
    """How the services that failed I2 failed it: ``ingen_regel`` (the definition has no I2),
    ``ingen`` (none failed), ``alle_faser`` (every one in every phase that applies) or
    ``blandet``."""
    if I2 not in (definisjon.get("regler") or {}):
        return "ingen_regel"
    feilet = _verdi(figurer, "brukermedvirkning_feilet")
    if not feilet:
        return "ingen"
    if _verdi(figurer, "brukermedvirkning_feilet_alle_faser") == feilet:
        return "alle_faser"
    return "blandet"


def brukermedvirkning_faser(figurer: Figurer) -> list[Del]:
    """The services that failed I2, by how many of the phases that apply they failed."""
    kinds = (
        ("brukermedvirkning_feilet_en_fase", "i én fase"),
        ("brukermedvirkning_feilet_flere_faser", "i flere, men ikke alle"),
        ("brukermedvirkning_feilet_alle_faser", "i alle"),
    )
    return [Del(f, t) for f, t in kinds if _verdi(figurer, f)]


def storrelse(figurer: Figurer) -> str:
    """Whether the kommuner with a service are on average larger than the rest (population
    share above the kommune share): ``mindre``, ``like``, or, when larger, what Oslo has to do
    with it. Oslo, one covered kommune with all its people when one bydel is covered, is left
    out of both shares to see: ``bare_oslo`` (without Oslo the population share is not above
    the kommune share), ``mest_oslo`` (it is, by less than half the gap with Oslo), ``storre``
    (larger also without Oslo, or Oslo not covered)."""
    kommuner = _share(figurer["kommuner_med_tilbud"])
    befolkning = _share(figurer["befolkning_dekket"])
    if befolkning <= kommuner:
        return "mindre" if befolkning < kommuner else "like"
    if oslo(figurer) == "ingen":
        return "storre"
    gap = befolkning - kommuner
    gap_uten = uten_oslo_forskjell(figurer)
    if gap_uten <= 0:
        return "bare_oslo"
    return "mest_oslo" if gap_uten < gap / 2 else "storre"


def uten_oslo_forskjell(figurer: Figurer) -> float:
    """The population share less the kommune share, in percentage points, without Oslo."""
    return _share(figurer["befolkning_dekket_uten_oslo"]) - _share(
        figurer["kommuner_med_tilbud_uten_oslo"]
    )


def nesten_like(a: float, b: float) -> bool:
    """Whether two shares (per cent) are what a reader would call nearly equal: less than
    one percentage point apart, and the smaller at least nine tenths of the larger (2,2 %
    against 1,4 % are 0,8 points apart, yet one is half as large again)."""
    return abs(a - b) < 1 and min(a, b) >= 0.9 * max(a, b)


def nesten_like_uten_oslo(figurer: Figurer) -> bool:
    """The population and kommune shares without Oslo are nearly equal (``nesten_like``)."""
    return nesten_like(
        _share(figurer["befolkning_dekket_uten_oslo"]),
        _share(figurer["kommuner_med_tilbud_uten_oslo"]),
    )


def desimaler(figurer: Figurer, a: str, b: str) -> int:
    """The decimals two shares compared in one sentence need: whole per cent, as the text
    has them, unless they would look the same (then one, as the tables have them)."""
    same = fmt_andel_tekst(_share(figurer[a])) == fmt_andel_tekst(_share(figurer[b]))
    return 1 if same and _share(figurer[a]) != _share(figurer[b]) else 0


def oslo(figurer: Figurer) -> str:
    """How Oslo's population is counted: ``hel_for_bydel`` (all of Oslo for a part of it),
    ``hel`` (all of Oslo, also by bydel) or ``ingen`` (Oslo not covered)."""
    dekket = _verdi(figurer, "oslo_befolkning_dekket")
    if not dekket:
        return "ingen"
    return (
        "hel_for_bydel" if dekket > _verdi(figurer, "oslo_befolkning_dekket_bydelsvis") else "hel"
    )


def ringerunde(figurer: Figurer) -> str:
    """Whom the call round reached: ``alle_uten_skjema`` (every unit without a form, and no
    other) or ``annet`` (some without a form were not called, or some with one were)."""
    uten = _verdi(figurer, "enheter_uten_skjema")
    ringt = _verdi(figurer, "enheter_uten_skjema_ringt")
    if uten == ringt and not _verdi(figurer, "enheter_med_skjema_ringt"):
        return "alle_uten_skjema"
    return "annet"


def motsigelser(figurer: Figurer, konsistens: list) -> dict:
    """Conflicting answers within kommuner, and inconsistencies in the data (konsistens.csv):
    whether there are any of each."""
    return {
        "kommuner": bool(_verdi(figurer, "kommuner_med_konflikt")),
        "data": bool(konsistens),
        "nei_men_deltar": bool(_verdi(figurer, "kommuner_konflikt_nei_men_deltar")),
        "kildene_uenige": bool(_verdi(figurer, "kommuner_konflikt_kildene_uenige")),
    }


def dekning_via(figurer: Figurer) -> list[Del]:
    """How the covered kommuner are covered, each kind with kommuner in it."""
    kinds = (
        ("kommuner_dekket_kommunal", "gjennom en kommunal tjeneste"),
        ("kommuner_dekket_interkommunal", "gjennom en interkommunal tjeneste"),
        ("kommuner_dekket_begge", "gjennom både en kommunal og en interkommunal tjeneste"),
        ("kommuner_dekket_manuelt", "etter en manuell beslutning"),
    )
    return [Del(f, t) for f, t in kinds if _verdi(figurer, f)]


def diagnoser(liste: list[Figur], n: int = 4) -> list[Figur]:
    """The most common target groups (``liste`` by count, highest first): up to the ``n``-th
    and any tied with it, and only those with more than half the highest count, so that
    "flest tjenester har tilbud for …" is true of each."""
    if not liste or not liste[0].verdi:
        return []
    cut = liste[min(n, len(liste)) - 1].verdi
    return [d for d in liste if d.verdi >= cut and 2 * d.verdi > liste[0].verdi]


def diagnose_ledd(valgt: list[Figur]) -> list[dict]:
    """The target groups as phrases after "tilbud": "for diabetes", "kols", "på tvers av
    diagnoser" — "for" once before a run of groups, none before a group that has its own
    preposition ("tilbud for på tvers av diagnoser" is not Norwegian)."""
    out, etter_for = [], False
    for d in valgt:
        tekst = d.etikett[:1].lower() + d.etikett[1:]
        egen = tekst.startswith("på ")
        out.append({"tekst": tekst if egen or etter_for else f"for {tekst}", "figur": d})
        etter_for = not egen
    return out


def avstemming(rader: list[dict], fra_synth: bool) -> dict:
    """The reconciliation's counts and rows: ``samsvar`` (the numbers agree, a row whose
    concept differs included: ``begrep``), the disagreements (``avvik_rader``), of which
    ``forklart`` another reading of the article explains and ``uforklart`` none does, and
    ``i_antall`` differ in the count while ``i_andel`` have the count right and only the
    percentage (or the denominator) wrong; whether agreement is by construction
    (``konstruert``: the data was made by ``lmsanalyse synth`` to give the published figures)."""
    avvik = [r for r in rader if r["status"] == "avvik"]
    return {
        "alle": len(rader),
        "samsvar": len(rader) - len(avvik),
        "begrep": [r for r in rader if r["klasse"] == "begrep"],
        "avvik_rader": avvik,
        "forklart": sum(r["klasse"] == "forklart" for r in avvik),
        "uforklart": sum(r["klasse"] == "avvik" for r in avvik),
        "i_antall": sum(not r["antall_stemmer"] for r in avvik),
        "i_andel": sum(r["antall_stemmer"] for r in avvik),
        "konstruert": fra_synth,
    }


def tolket_enheter(figurer: Figurer) -> str:
    """The units the names read by similarity stand for: ``21 kommuner``, ``1 bydel`` or
    ``21 kommuner og 1 bydel``."""
    parts = [
        antall(_verdi(figurer, f), entall, flertall)
        for f, entall, flertall in (
            ("kommuner_tolket_etter_likhet", "kommune", "kommuner"),
            ("bydeler_tolket_etter_likhet", "bydel", "bydeler"),
        )
        if _verdi(figurer, f)
    ]
    return fmt_list(parts)


def haram(kommuner_2024: list[dict]) -> bool:
    """True when the 2024 register has Haram re-established, made of Haram of 2014 alone."""
    return any(
        k["nr"] == HARAM_2024 and [d["nr"] for d in k["kommuner_2014"]] == [HARAM_2014]
        for k in kommuner_2024
    )


def build_claims(
    figurer: Figurer,
    definisjon: dict,
    avstemming_rader: list[dict],
    konsistens: list,
    kommuner_2024: list[dict],
    diagnose_liste: list[Figur],
    fra_synth: bool,
) -> dict:
    """Every claim of the main report, by name (the template's ``pastand``)."""
    regler = definisjon.get("regler") or {}
    i1 = regler.get(I1) or {}
    i2 = regler.get(I2) or {}
    # A register without population has no population figures, so no claim about them.
    folk = "befolkning_dekket" in figurer
    return {
        "uten_tjeneste": uten_tjeneste(figurer),
        "flere_regler": flere_regler(figurer),
        "brukermedvirkning": brukermedvirkning(figurer, definisjon),
        "brukermedvirkning_faser": brukermedvirkning_faser(figurer),
        "godta_delvis": bool(i2.get("godta_delvis")),
        "har_i4": I4 in regler,
        "ja_uten_intervju_teller": bool(i1.get("godta_ja_uten_intervju")),
        "storrelse": storrelse(figurer) if folk else None,
        "nesten_like_uten_oslo": folk and nesten_like_uten_oslo(figurer),
        "uten_oslo_lavere": folk and uten_oslo_forskjell(figurer) < 0,
        "uten_oslo_desimaler": desimaler(
            figurer, "befolkning_dekket_uten_oslo", "kommuner_med_tilbud_uten_oslo"
        )
        if folk
        else 0,
        "vet_ikke": etter_status(figurer, "enheter_vet_ikke_"),
        "ja_uten_intervju": etter_status(figurer, "enheter_ja_uten_intervju_"),
        "oslo": oslo(figurer) if folk else None,
        "ringerunde": ringerunde(figurer),
        "motsigelser": motsigelser(figurer, konsistens),
        "dekning_via": dekning_via(figurer),
        "diagnoser": diagnose_ledd(diagnoser(diagnose_liste)),
        # "flest tjenester har tilbud for …" only when some named group is left out.
        "diagnoser_rangert": 0
        < len(diagnoser(diagnose_liste))
        < sum(1 for d in diagnose_liste if d.verdi),
        "avstemming": avstemming(avstemming_rader, fra_synth),
        "haram": haram(kommuner_2024),
        # Words from the definition (no counts): the offer types and the I2 requirement.
        "ikke_lms_typer": _eller(NON_LMS_TYPES),
        "lms_typer": _eller(
            (regler.get(I4) or {}).get("lms_tilbudstyper")
            or RULE_PARAMETERS[I4]["lms_tilbudstyper"]
        ),
        "i2_tekst": _lower_first(_rule_text(definisjon, I2)),
        "har_i1": I1 in regler,
        "i1_kort": regel_kort(I1, definisjon.get("regeltekster")),
        "tolket_enheter": tolket_enheter(figurer),
        "i4_kort": regel_kort(I4, definisjon.get("regeltekster")),
    }


def _eller(items) -> str:
    return fmt_list(list(items), "eller")


def _rule_text(definisjon: dict, regel: str) -> str:
    return next((r["tekst"] for r in definisjon.get("regeltekster", []) if r["id"] == regel), "")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
