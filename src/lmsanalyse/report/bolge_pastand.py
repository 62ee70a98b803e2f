"""The comparison report's claims: every sentence whose truth depends on the two waves,
written here from the comparison's tables, as :mod:`.claims` does for the main report.

A sentence says only what its counts show: a change that did not happen is not mentioned
or is said not to have happened ("Ingen kommune fikk eller mistet en tjeneste"), counts
take the noun in the right number, and a comparison across definitions or registers says
so. Every number comes from the comparison's CSVs (themselves from the runs' tables and
``figures.csv``).
"""

from __future__ import annotations

from ..norsk import fmt_int, fmt_list
from ..ordliste import antall, regel_kort

KOMMUNER_2024 = ("kommune", "kommuner")


def _kommuner(n: int) -> str:
    return antall(n, *KOMMUNER_2024)


def dekning(a: int, b: int, total: int, la: str, lb: str) -> str:
    """How many of today's kommuner were covered in each wave, and which way it went."""
    if b > a:
        return (
            f"Antallet dekkede kommuner på dagens kart økte fra {fmt_int(a)} av {fmt_int(total)} "
            f"i {la} til {fmt_int(b)} i {lb}."
        )
    if b < a:
        return (
            f"Antallet dekkede kommuner på dagens kart gikk ned fra {fmt_int(a)} av "
            f"{fmt_int(total)} i {la} til {fmt_int(b)} i {lb}."
        )
    if not a:
        return (
            f"Ingen av de {fmt_int(total)} kommunene på dagens kart var dekket i noen av bølgene."
        )
    return (
        f"Like mange av de {fmt_int(total)} kommunene på dagens kart var dekket i begge bølgene: "
        f"{fmt_int(a)}."
    )


def fikk_og_mistet(ny: int, borte: int) -> str:
    """ "12 kommuner fikk en tjeneste (ny), og 3 mistet den (borte)", true for the counts."""
    if not ny and not borte:
        return "Ingen kommune fikk eller mistet en tjeneste mellom bølgene."
    fikk = f"{_kommuner(ny)} fikk en tjeneste (ny)" if ny else "Ingen kommune fikk en tjeneste"
    mistet = f"{fmt_int(borte)} mistet den (borte)" if borte else "ingen mistet den"
    if not ny:
        mistet = f"{_kommuner(borte)} mistet en tjeneste (borte)"
    return f"{fikk}, og {mistet}."


def delvis(okt: int, redusert: int) -> str:
    """Changes to or from partly covered (only where a wave on the 2014 register has them);
    empty when there are none."""
    parts = []
    if okt:
        parts.append(
            f"{_kommuner(okt)} fikk høyere dekning uten å gå fra ikke dekket til dekket (økt)"
        )
    if redusert:
        who = fmt_int(redusert) if okt else _kommuner(redusert)
        parts.append(f"{who} fikk lavere dekning uten å miste den helt (redusert)")
    return f"{fmt_list(parts)}." if parts else ""


def uendret(n: int, total: int) -> str:
    if n == total:
        return f"Alle de {fmt_int(total)} kommunene har samme status i begge bølgene."
    if not n:
        return f"Ingen av de {fmt_int(total)} kommunene har samme status i begge bølgene."
    return f"{fmt_int(n)} av {fmt_int(total)} kommuner har samme status i begge bølgene."


def flest(fylker: list[dict], key: str, what: str) -> str:
    """The fylke (or fylker) with the most kommuner of one change; empty when there are none."""
    top = max((f[key] for f in fylker), default=0)
    if not top:
        return ""
    names = [f["navn"] for f in fylker if f[key] == top]
    where = fmt_list(names)
    if len(names) == 1:
        return f"Flest kommuner som {what}, er i {where} ({_kommuner(top)})."
    return f"Flest kommuner som {what}, er i {where} ({fmt_int(top)} i hvert)."


UTFALL_ORD = {
    "fortsatt": "funnet igjen",
    "slått sammen": "slått sammen med en annen",
    "delt_fra": "delt i flere",
    "borte": "ikke funnet igjen",
}


def tjenester(counts: dict[str, int], n_a: int, n_b: int, la: str, lb: str) -> str:
    """What became of wave A's services, and how many of wave B's are new or split from one
    of A (``counts``: the services of A per outcome, ``delt_fra`` those split; the services of
    B that are ``ny`` and ``delt``, and ``sammen_til`` those several of A merged into)."""
    counts = {"delt": 0, "delt_fra": 0, "sammen_til": 0} | counts
    if not n_a:
        first = f"I {la} oppfylte ingen tjeneste definisjonen."
    elif n_a == 1:
        what = next(UTFALL_ORD[k] for k in UTFALL_ORD if counts[k])
        first = f"Den ene tjenesten som oppfylte definisjonen i {la}, ble {what} i {lb}."
    else:
        done = [f"{fmt_int(counts[k])} {w}" for k, w in UTFALL_ORD.items() if counts[k]]
        first = (
            f"Av de {fmt_int(n_a)} tjenestene som oppfylte definisjonen i {la}, ble "
            f"{fmt_list(done)} i {lb}."
        )
    ny, delt, sammen = counts["ny"], counts["delt"], counts["sammen_til"]
    if not n_b:
        second = f"I {lb} oppfyller ingen tjeneste definisjonen."
    elif n_b == 1:
        what = (
            "ny" if ny else f"skilt ut fra en tjeneste i {la}" if delt
            else f"slått sammen av flere fra {la}" if sammen else "ikke ny"
        )  # fmt: skip
        second = f"Den ene tjenesten i {lb} er {what}."
    else:
        parts = ["ingen nye" if not ny else f"{fmt_int(ny)} {'ny' if ny == 1 else 'nye'}"]
        if sammen:
            parts.append(f"{fmt_int(sammen)} slått sammen av flere fra {la}")
        if delt:
            parts.append(f"{fmt_int(delt)} skilt ut fra en tjeneste i {la}")
        second = f"Av de {fmt_int(n_b)} tjenestene i {lb} er {fmt_list(parts)}."
    return f"{first} {second}"


def definisjoner(a: dict, b: dict) -> tuple[str, list[str]]:
    """Whether both waves use the same definition, and each rule that differs."""
    if a["navn"] == b["navn"] and a["regler"] == b["regler"]:
        return f"Begge bølgene er beregnet med definisjonen «{a['tittel']}».", []
    diff = []
    texts = {w: {r["id"]: r for r in d["regeltekster"]} for w, d in (("A", a), ("B", b))}
    for rule in sorted(set(a["regler"]) | set(b["regler"])):
        kort = regel_kort(rule, a["regeltekster"] + b["regeltekster"])
        if rule not in b["regler"]:
            diff.append(f"«{kort}» brukes bare i bølge A: {texts['A'][rule]['tekst']}.")
        elif rule not in a["regler"]:
            diff.append(f"«{kort}» brukes bare i bølge B: {texts['B'][rule]['tekst']}.")
        elif a["regler"][rule] != b["regler"][rule]:
            ta, tb = texts["A"][rule]["tekst"], texts["B"][rule]["tekst"]
            if ta != tb:
                diff.append(f"«{kort}»: i bølge A «{ta}», i bølge B «{tb}».")
            else:
                params = sorted(set(a["regler"][rule]) | set(b["regler"][rule]))
                changed = [
                    p for p in params if a["regler"][rule].get(p) != b["regler"][rule].get(p)
                ]
                diff.append(f"«{kort}»: innstillingene {fmt_list(changed)} er ulike.")
    if not diff:
        return (
            f"Bølgene er beregnet med definisjonene «{a['tittel']}» og «{b['tittel']}», som har "
            "de samme reglene.",
            [],
        )
    n = antall(len(diff), "regel", "regler")
    return (
        f"Bølgene er beregnet med ulike definisjoner, «{a['tittel']}» og «{b['tittel']}»; "
        f"{n} skiller dem, så en endring kan komme av definisjonen og ikke bare av "
        "tjenestene:",
        diff,
    )


REGISTER_NAVN = {"2014": "kommunene i 2014", "2024": "kommunene i 2024"}
OVERFORING = (
    "ført over til dagens kart med kommuneendringene 2014–2024 (kommuneendringer_2014_2024.csv): "
    "en kommune i 2024 er dekket når alle kommunene fra 2014 den består av, var dekket, delvis "
    "dekket når noen var det, og ikke dekket ellers; en kommune fra 2014 som ble delt, er en del "
    "av hver kommune den gikk til"
)


def registre(ra: str, rb: str) -> str:
    """Which kommuner each wave asked, and how the borders were carried to today's map."""
    if ra == rb == "2024":
        return "Begge bølgene spurte kommunene i 2024, så statusene sammenlignes direkte."
    if ra == rb == "2014":
        return f"Begge bølgene spurte kommunene i 2014. Statusene i begge er {OVERFORING}."
    carried, direct = ("A", "B") if ra == "2014" else ("B", "A")
    return (
        f"Bølge A spurte {REGISTER_NAVN[ra]} og bølge B {REGISTER_NAVN[rb]}, så registrene er "
        f"ulike. Bølge {carried} er {OVERFORING}. Bølge {direct} spurte dagens kommuner, og en "
        "kommune er der dekket eller ikke dekket."
    )


def indikator_fordeling(counts: dict[str, int], total: int, what: str, ar: int) -> str:
    """How many of today's kommuner have the indicator, have not, or are unknown."""
    text = (
        f"Etter indikatoren «{what}» for {ar} har {fmt_int(counts['Ja'])} av de {fmt_int(total)} "
        f"kommunene på dagens kart frisklivssentral og {fmt_int(counts['Nei'])} ikke"
    )
    if counts["ukjent"]:
        text += f"; for {fmt_int(counts['ukjent'])} er det ukjent"
    return text + "."


def indikator_mot_dekning(rows: list[dict], wave: str, label: str) -> str:
    """Among the kommuner covered in a wave, how many have a frisklivssentral; empty when
    none was covered."""
    dekket = next((r for r in rows if r["bolge"] == wave and r["status"] == "dekket"), None)
    if dekket is None or not dekket["kommuner"]:
        return ""
    n, ja = dekket["kommuner"], dekket["ja"]
    if ja == n:
        return f"Alle de {fmt_int(n)} kommunene som var dekket i {label}, har frisklivssentral."
    if not ja:
        return f"Ingen av de {fmt_int(n)} kommunene som var dekket i {label}, har frisklivssentral."
    of = "den ene kommunen" if n == 1 else f"de {fmt_int(n)} kommunene"
    return f"Av {of} som var dekket i {label}, har {fmt_int(ja)} frisklivssentral."


def rader(counts: dict[str, int], fil: str) -> str:
    """Every row of the indicator file accounted for."""
    words = {
        "brukt": "brukt",
        "annet år": "gjelder et annet år",
        "ikke kommune": "er ikke kommuner (landet, fylker, bydeler eller grupper)",
        "mangler verdi": "mangler verdi",
        "utelatt": "er utelatt av importkartet",
        "karantene": "er satt i karantene",
    }
    total = sum(counts.values())
    parts = [f"{fmt_int(n)} {words[k]}" for k, n in counts.items() if n]
    head = antall(total, "rad", "rader")
    return f"Indikatorfilen {fil} har {head}: {fmt_list(parts)}."


def syntetisk(fordi: list[str]) -> str:
    """Which of the comparison's inputs are synthetic (empty when none is)."""
    if not fordi:
        return ""
    text = f"{fmt_list(fordi)} er laget av syntetiske (oppdiktede) data"
    return (
        text[:1].upper()
        + text[1:]
        + ", så tallene sier ingenting om virkelige kommuner eller tjenester."
    )
