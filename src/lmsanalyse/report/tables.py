"""The reports' tables as rows for the templates, with their cross-file consistency checks.

The main report: kommuner (vedlegg A), services (vedlegg B), categories, offerings,
fylker, the 2024 kommuner and the 2014 kommuner split between them, the reconciliation and
the row accounting. The sensitivity report: one row per definition and the kommuner that
change status per variant. Where two files count the same thing, the counts must agree
(a :class:`ReportDataError` says which differ).

Labels of status and category codes come from :mod:`lmsanalyse.rules`; the rules' texts
from the definitions' ``definisjon.json`` (``regeltekster``), so that a report shows exactly
the rules, and the wording, of the definitions it reports on.
"""

from __future__ import annotations

import re

import pandas as pd

from ..norsk import fmt_list
from ..ordliste import (
    RR1_BEGGE,
    RR1_SKJEMA,
    UAVKLART_DELER,
    fylkesnavn,
    leserens_tekst,
    regel_kort,
    stor,
)
from ..rules import KATEGORIER, KOMMUNE_STATUS, RULE_IDS, STATUS_I_DAG
from ..sensitivity import CHANGE_COLUMNS, SENSITIVITY_COLUMNS
from ..sql_tables import tables as declared_tables
from .data import ReportDataError, as_int, cell_text, require_columns
from .figure_model import Figurer

# kommune_2024_status.csv's status_2024 → the figure that counts it.
FIGUR_2024 = {status: "kommuner_2024_" + status.replace(" ", "_") for status in STATUS_I_DAG}
# One 2014 part in kommune_2024_status.csv's kommuner_2014: "1613 Snillfjord (dekket)" (four
# digits in the 2014 register; a synthetic register's numbers are longer).
DEL_2014 = re.compile(r"^(\d{4,}) (.+?)( \(dekket\))?$")
KILDE_2024 = "kommune_2024_status.csv"
liste = fmt_list


def kommune_rows(status: pd.DataFrame, definisjon: dict | None = None) -> list[dict]:
    """The audit table of every 2014 kommune, its texts in words (no rule ids)."""
    regler = (definisjon or {}).get("regeltekster")
    navn = (definisjon or {}).get("navn", "")
    rows = []
    for r in status.sort_values("kommunenummer").itertuples(index=False):
        kode = cell_text(r.status_kode)
        rows.append(
            {
                "nr": r.kommunenummer,
                "navn": cell_text(r.kommunenavn),
                "fylkesnr": cell_text(r.fylkesnummer),
                "fylke": fylkesnavn(cell_text(r.fylkesnavn)),
                "dekket": cell_text(r.dekket),
                "status": KOMMUNE_STATUS.get(kode, kode),
                "status_kode": kode,
                "tjenester": cell_text(r.tjeneste_ider).replace(";", ", "),
                "ekskluderte": cell_text(r.ekskluderte_tjeneste_ider).replace(";", ", "),
                "kilde": stor(cell_text(r.kilde)),
                "arsak": leserens_tekst(cell_text(r.arsak), regler, navn),
                "konflikt": cell_text(r.konflikt),
                "manuell": cell_text(getattr(r, "manuell_beslutning", None)),
            }
        )
    return rows


def tjeneste_rows(
    tjenester: pd.DataFrame, enheter: pd.DataFrame, definisjon: dict | None = None
) -> list[dict]:
    """The audit table of every interviewed service: rules by their short labels, reasons
    in words."""
    regeltekster = (definisjon or {}).get("regeltekster")
    definisjon_navn = (definisjon or {}).get("navn", "")
    navn = dict(zip(enheter["enhet_id"], enheter["enhet_navn"], strict=True))
    rows = []
    for r in tjenester.sort_values("tjeneste_id").itertuples(index=False):
        vert = cell_text(r.vertskommune_id)
        regler = [x for x in cell_text(r.feilede_regler).split(";") if x]
        kategori = cell_text(r.kategori)
        rows.append(
            {
                "id": r.tjeneste_id,
                "navn": cell_text(r.tjeneste_navn),
                "vertskommune": f"{vert} {navn.get(vert, '')}".strip(),
                "vertskommune_id": vert,
                "organisering": stor(cell_text(r.organisering)),
                # A quarantined interview was not read: its kommuner are not known.
                "deltakere": None if pd.isna(r.antall_deltakere) else int(r.antall_deltakere),
                # A service that is not established (I3) has no category.
                "kategori": KATEGORIER[kategori][1]
                if kategori in KATEGORIER
                else kategori or "Ingen",
                "inkludert": cell_text(r.inkludert),
                "regler": [regel_kort(x, regeltekster) for x in regler],
                "arsak": leserens_tekst(cell_text(r.arsak), regeltekster, definisjon_navn),
                "manuell": cell_text(getattr(r, "manuell_beslutning", None)),
            }
        )
    return rows


# Each category's included services by organisering: the figures that count them.
KATEGORI_FIGURER = {
    kategori: {o: f"tjenester_{o}e_{kategori}" for o in ("kommunal", "interkommunal")}
    for kategori in KATEGORIER
}


def kategori_rows(figurer: Figurer) -> list[dict]:
    """Included services per category and organisering, each a figure of the SQL's
    (``tjenester_kommunale_<kategori>``, ``tjenester_interkommunale_<kategori>``), with the
    category's figure."""
    rows = []
    for kategori, (tekst, _kort) in KATEGORIER.items():
        figur = f"tjenester_{kategori}"
        rows.append(
            {
                "kategori": kategori,
                "tekst": tekst,
                **{o: figurer[f].verdi for o, f in KATEGORI_FIGURER[kategori].items()},
                "figur": figurer[figur] if figur in figurer else None,
            }
        )
    return rows


TILBUD_FORDELING = "tilbud_fordeling_"


def tilbud_fordeling(figurer: Figurer) -> list[dict]:
    """Included services by number of offerings in the last year (the figures
    ``tilbud_fordeling_<antall>``, by number)."""
    figures = figurer.med_prefiks(TILBUD_FORDELING)
    by_number = sorted(figures, key=lambda f: int(f.id.removeprefix(TILBUD_FORDELING)))
    return [
        {"tilbud": int(f.id.removeprefix(TILBUD_FORDELING)), "tjenester": f.verdi, "andel": f.andel}
        for f in by_number
    ]


def fylke_rows(fylker: pd.DataFrame, figurer: Figurer) -> list[dict]:
    """Each fylke's kommuner with a service, and its population covered (None: the register
    has no population)."""
    return [
        {
            "nr": r.fylkesnummer,
            "navn": fylkesnavn(r.fylkesnavn),
            "kommuner": figurer[f"fylke_{r.fylkesnummer}_kommuner_med_tilbud"],
            "befolkning": figurer.get(f"fylke_{r.fylkesnummer}_befolkning_dekket"),
        }
        for r in fylker.sort_values("fylkesnummer").itertuples(index=False)
    ]


def _deler_2014(text: str) -> list[dict]:
    """``1805 Narvik (dekket); 1850 Tysfjord`` → the 2014 parts with their status."""
    parts = []
    for item in (p.strip() for p in text.split(";")):
        if not item:
            continue
        match = DEL_2014.match(item)
        if not match:
            raise ReportDataError(f"{KILDE_2024}: kan ikke lese delen '{item}'")
        parts.append({"nr": match[1], "navn": match[2], "dekket": bool(match[3])})
    return parts


COLUMNS_2024 = tuple(declared_tables()["kommune_2024_status"].columns)


def kommune_2024_rows(table: pd.DataFrame) -> list[dict]:
    """Every 2024 kommune with its status and its 2014 parts, by kommunenummer (a wave on
    the 2024 register is its own picture: no parts, ``deler`` None)."""
    require_columns(table, COLUMNS_2024, KILDE_2024)
    rows = []
    for r in table.sort_values("kommunenummer_2024").itertuples(index=False):
        if r.status_2024 not in STATUS_I_DAG:
            raise ReportDataError(
                f"{KILDE_2024}: ukjent status_2024 '{r.status_2024}' for {r.kommunenummer_2024}"
            )
        rows.append(
            {
                "nr": r.kommunenummer_2024,
                "navn": r.kommunenavn_2024,
                "fylkesnr": r.fylkesnummer_2024,
                "fylke": r.fylkesnavn_2024,
                "status_kode": r.status_2024,
                "status": STATUS_I_DAG[r.status_2024],
                "klasse": r.status_2024.replace(" ", "-"),
                "deler": as_int(r.deler_2014, KILDE_2024) if cell_text(r.deler_2014) else None,
                "dekkede": as_int(r.dekkede_deler_2014, KILDE_2024)
                if cell_text(r.dekkede_deler_2014)
                else None,
                "kommuner_2014": _deler_2014(cell_text(r.kommuner_2014)),
                "merknad": r.merknad,
            }
        )
    return rows


STATUS_KEY = {"dekket": "dekket", "delvis dekket": "delvis", "ikke dekket": "ikke"}


def fylke_2024_rows(kommuner: list[dict], figurer: Figurer) -> list[dict]:
    """Each 2024 fylke's kommuner by status, from the figures that count them
    (``fylke_2024_<nr>_<status>``, whose denominator is the fylke's kommuner); the fylker
    and their names from the 2024 kommuner."""
    navn = {k["fylkesnr"]: k["fylke"] for k in kommuner}
    fylker = {}
    for nr in navn:
        counts = {
            key: figurer[f"fylke_2024_{nr}_{status.replace(' ', '_')}"]
            for status, key in STATUS_KEY.items()
        }
        fylker[nr] = {"nr": nr, "navn": navn[nr], "kommuner": counts["dekket"].nevner} | {
            key: f.verdi for key, f in counts.items()
        }
    # In the usual order of the fylker: by the first 2014 fylke their kommuner come from
    # (Østfold, Akershus, Oslo, Innlandet …), not by their 2024 numbers (Oslo 03 first). A
    # kommunenummer is its fylke's number and two digits.
    first: dict[str, int] = {}
    for k in kommuner:
        for d in k["kommuner_2014"]:
            fylke = int(d["nr"][:-2])
            first[k["fylkesnr"]] = min(first.get(k["fylkesnr"], fylke), fylke)
    return [fylker[nr] for nr in sorted(fylker, key=lambda nr: (first.get(nr, 0), nr))]


def delte_kommuner(kommuner: list[dict]) -> list[dict]:
    """2014 kommuner that were split between 2024 kommuner, from the rows with a merknad."""
    holders: dict[str, list[dict]] = {}
    for k in kommuner:
        for part in k["kommuner_2014"]:
            holders.setdefault(part["nr"], []).append(k)
    noted = {part["nr"] for k in kommuner if k["merknad"] for part in k["kommuner_2014"]}
    out = []
    for nr in sorted(n for n in noted if len(holders[n]) > 1):
        part = next(p for p in holders[nr][0]["kommuner_2014"] if p["nr"] == nr)
        out.append(
            {"nr": nr, "navn": part["navn"], "dekket": part["dekket"], "mottakere": holders[nr]}
        )
    return out


def row_accounting(table: pd.DataFrame) -> list[dict]:
    """The row accounting per raw file, and whether it adds up: rows with data in = used +
    merged + quarantined (the contract's ``rader_inn``); an entirely empty row is no data and
    is counted beside them, not in them."""
    rows = []
    for r in table.itertuples(index=False):
        parts = {k: as_int(getattr(r, k) or "0") for k in ("brukt", "slatt_sammen", "karantene")}
        tomme = as_int(r.tomme_rader or "0")
        inn = as_int(r.rader_inn)
        rows.append(
            {
                "kilde": r.kilde,
                "fil": r.fil,
                "format": r.format + (f" ({r.skilletegn})" if r.skilletegn else ""),
                "inn": inn,
                **parts,
                "tomme": tomme,
                "stemmer": inn == sum(parts.values()),
                "ignorerte": r.ignorerte_kolonner,
            }
        )
    return rows


def sensitivity_rows(
    summary: pd.DataFrame, hoved: str, definisjoner: dict[str, dict]
) -> list[dict]:
    """One row per definition of ``sensitivitet.csv``, in file order, with its ``tittel``
    from ``definisjon.json``; ``hoved`` is marked.

    Raises:
        ReportDataError: a column or the main definition is missing, a number is not one,
            or a definition has no ``definisjon.json``.
    """
    kilde = "sensitivitet.csv"
    require_columns(summary, SENSITIVITY_COLUMNS, kilde)
    if hoved not in set(summary["definisjon"]):
        raise ReportDataError(f"{kilde} mangler hoveddefinisjonen '{hoved}'")
    uten = [d for d in summary["definisjon"] if d not in definisjoner]
    if uten:
        raise ReportDataError(f"{kilde} har definisjoner uten definisjon.json: {', '.join(uten)}")
    heltall = [c for c in SENSITIVITY_COLUMNS[2:] if not c.startswith("andel_")]
    # A register without population leaves its population columns empty (never 0).
    uten_folk = {"befolkning_dekket", "befolkning", "andel_befolkning", "endring_befolkning"}
    rows = []
    for r in summary.to_dict("records"):
        row = {
            "definisjon": r["definisjon"],
            "tittel": definisjoner[r["definisjon"]]["tittel"],
            "beskrivelse": r["beskrivelse"],
        }
        folk = bool(str(r["befolkning"]).strip())
        row |= {c: as_int(r[c], kilde) if folk or c not in uten_folk else None for c in heltall}
        for c, num, den in (
            ("andel_kommuner", "kommuner_dekket", "kommuner"),
            ("andel_befolkning", "befolkning_dekket", "befolkning"),
        ):
            if not folk and c in uten_folk:
                row[c] = None
                continue
            try:
                float(r[c])
            except ValueError:
                raise ReportDataError(f"{kilde}: {c} '{r[c]}' er ikke et tall") from None
            # From the counts, not the stored share (rounded to one decimal: 18,46 % is 18,5 %
            # there and would round again to 19 %, where the main report says 18 %).
            row[c] = 100 * row[num] / row[den] if row[den] else 0.0
        row["hoved"] = r["definisjon"] == hoved
        rows.append(row)
    return rows


def sensitivity_changes(changes: pd.DataFrame, rader: list[dict]) -> dict[str, dict]:
    """Per variant: the kommuner that change coverage, and how many gain or lose it.

    Raises:
        ReportDataError: a change names an unknown definition or the main one, or the
            gains minus the losses differ from the variant's ``endring_kommuner``.
    """
    kilde = "sensitivitet_endringer.csv"
    require_columns(changes, CHANGE_COLUMNS, kilde)
    varianter = {r["definisjon"]: r for r in rader if not r["hoved"]}
    ukjente = sorted(set(changes["definisjon"]) - set(varianter))
    if ukjente:
        raise ReportDataError(f"{kilde} har endringer for ukjente varianter: {ukjente}")
    out = {navn: {"kommuner": [], "inn": 0, "ut": 0} for navn in varianter}
    titles = {r["definisjon"]: r["tittel"] for r in rader}
    for r in changes.sort_values(["definisjon", "kommunenummer"]).itertuples(index=False):
        inn = r.dekket_variant == "Ja"
        group = out[r.definisjon]
        group["inn" if inn else "ut"] += 1
        group["kommuner"].append(
            {
                "nr": r.kommunenummer,
                "navn": r.kommunenavn,
                "dekket_hoved": r.dekket_hoved,
                "dekket_variant": r.dekket_variant,
                "status_hoved": KOMMUNE_STATUS.get(r.status_hoved, r.status_hoved),
                "status_variant": KOMMUNE_STATUS.get(r.status_variant, r.status_variant),
                "regel": r.regel,
                "tjenester": r.tjeneste_ider.replace(";", ", "),
                "forklaring": _in_words(r.forklaring, titles),
                "inn": inn,
            }
        )
    for navn, group in out.items():
        if group["inn"] - group["ut"] != varianter[navn]["endring_kommuner"]:
            raise ReportDataError(
                f"{kilde}: {group['inn']} kommuner blir dekket og {group['ut']} mister dekning "
                f"med {navn}, men sensitivitet.csv har endring_kommuner = "
                f"{varianter[navn]['endring_kommuner']}"
            )
    return out


# The statuses a reader needs split, and the figures that split them (rows under them).
STATUS_DELT = {
    "ja_uten_bekreftelse": (
        ("kommuner_ikke_bekreftet_radmann_ja", "– etter rådmannens Ja"),
        ("kommuner_ikke_bekreftet_ringerunde_ja", "– bare etter Ja i ringerunden"),
    ),
    "uavklart": tuple((figur, f"– {tabell}") for figur, _kort, tabell in UAVKLART_DELER),
}


def _in_words(text: str, titles: dict[str, str]) -> str:
    """A table's explanation for the reader: rule ids as labels, definitions by title."""
    text = leserens_tekst(text)
    for navn, tittel in titles.items():
        text = re.sub(rf"\b{re.escape(navn)}\b", f"«{tittel}»", text)
    return text


def status_rows(figurer: Figurer) -> list[dict]:
    """The kommuner per status (``kommuner_status_*``), labelled from the status codes; a
    status with kommuner in it that came there by different paths has a row per path
    (``under``)."""
    rows = []
    for f in figurer.med_prefiks("kommuner_status_"):
        kode = f.id.removeprefix("kommuner_status_")
        # Manual statuses appear only when a decision was recorded.
        if not f.verdi and kode.startswith("manuelt_"):
            continue
        rows.append({"tekst": KOMMUNE_STATUS.get(kode, f.etikett), "figur": f, "under": False})
        if f.verdi:
            rows += [
                {"tekst": tekst, "figur": figurer[figur], "under": True}
                for figur, tekst in STATUS_DELT.get(kode, ())
            ]
    return rows


IKKE_MED = "Regelen er ikke med i definisjonen."


def rule_legend(
    endringer: dict[str, dict], definisjoner: dict[str, dict], hoved: str
) -> list[dict]:
    """The rules that make a difference, in rule order, each with what it requires in the
    main definition and in the variants whose changes it explains where that differs
    (variants with the same requirement share a row).

    The texts are the definitions' own (``regeltekster`` of ``definisjon.json``), so a variant
    that changes a rule's parameters or text shows its version beside the main one.
    """

    def texts(navn: str) -> dict[str, str]:
        return {r["id"]: r["tekst"] for r in definisjoner[navn]["regeltekster"]}

    def ref(navn: str) -> dict:
        return {"navn": navn, "tittel": definisjoner[navn]["tittel"]}

    main = texts(hoved)
    varianter: dict[str, list[str]] = {}
    for variant, group in endringer.items():
        for kommune in group["kommuner"]:
            for regel in filter(None, kommune["regel"].split(";")):
                if variant not in varianter.setdefault(regel, []):
                    varianter[regel].append(variant)
    rows = []
    for regel in [*RULE_IDS, *sorted(set(varianter) - set(RULE_IDS))]:
        if regel not in varianter:
            continue
        hoved_tekst = main.get(regel, IKKE_MED)
        andre: dict[str, list[dict]] = {}
        for variant in varianter[regel]:
            tekst = texts(variant).get(regel, IKKE_MED)
            if tekst != hoved_tekst:
                andre.setdefault(tekst, []).append(ref(variant))
        krav = [{"hoved": True, "definisjoner": [ref(hoved)], "tekst": hoved_tekst}]
        krav += [{"hoved": False, "definisjoner": d, "tekst": t} for t, d in andre.items()]
        rows.append({"regel": regel, "krav": krav})
    return rows


# The AAPOR disposition codes of rules.AAPOR_DISPOSISJONER and the figure that counts each.
AAPOR_FIGUR = {
    "1.1": "aapor_fullfort",
    "1.2": "aapor_delvis",
    "2.11": "aapor_nektet",
    "2.12": "aapor_avbrutt",
    "2.21": "aapor_ikke_kontakt",
    "2.36": "aapor_annet",
    "3.19": "aapor_ukjent",
}
# The outcome rates the method section shows: name, formula, figure. NK LMH's published 44 %
# is not among them: the article does not say what it divides by (the method section and the
# reconciliation say what it fits).
AAPOR_RATER = (
    (
        RR1_SKJEMA,
        "fullførte skjemaer / enheter som fikk skjemaet",
        "svarprosent_aapor_rr1",
    ),
    (RR1_BEGGE, "I / (I + P + R + NC + O + U)", "aapor_rr1"),
    ("RR2", "(I + P) / (I + P + R + NC + O + U)", "aapor_rr2"),
    ("RR3", "I / (I + P + R + NC + O + e·U)", "aapor_rr3"),
    ("RR4", "(I + P) / (I + P + R + NC + O + e·U)", "aapor_rr4"),
    ("COOP1", "I / (I + P + R + O)", "aapor_coop1"),
    ("REF1", "R / (I + P + R + NC + O + U)", "aapor_ref1"),
    ("CON1", "(I + P + R + O) / (I + P + R + O + NC + U)", "aapor_con1"),
)


def aapor_rows(figurer: Figurer) -> tuple[list[dict], list[dict]]:
    """The units by AAPOR disposition, and the outcome rates, for the method section."""
    from ..rules import AAPOR_DISPOSISJONER

    utfall = [
        {"kode": kode, "tekst": tekst, "klasse": klasse, "figur": figurer[AAPOR_FIGUR[kode]]}
        for kode, (tekst, klasse) in AAPOR_DISPOSISJONER.items()
    ]
    # NK LMH's published basis only where the wave is NK LMH's (the 2014 register).
    rater = [
        {"maal": m, "formel": f, "figur": figurer[i]} for m, f, i in AAPOR_RATER if i in figurer
    ]
    return utfall, rater
