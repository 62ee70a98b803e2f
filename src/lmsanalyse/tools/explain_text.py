"""The text of ``lmsanalyse explain``: the decision chain of :mod:`.explain` in Norwegian.

Dates as Norwegian text (``1. desember 2014``, ``6. november 2014 kl. 10.31``); every raw row
named by its row number in its file, so that the analyst can find it.
"""

from __future__ import annotations

import datetime as dt

from ..norsk import fmt_date
from ..ordliste import REGEL_STATUS, definisjon_tekst, dekning_tekst, leserens_tekst, svar
from ..rules import KATEGORIER

INDENT = "  "


def _date(value: str | None) -> str:
    """``2014-12-01`` → ``1. desember 2014``; ``2014-11-06T10:31:00`` adds ``kl. 10.31``."""
    if not value:
        return "uten dato"
    stamp = dt.datetime.fromisoformat(value)
    text = fmt_date(stamp.date())
    return text + (f" kl. {stamp:%H.%M}" if "T" in value else "")


def _list(value) -> str:
    return ", ".join(value) if value else "–"


def _where(where: dict | None, rad: object = None) -> str:
    """``radmann/dataset.csv, rad 45, variabel s_2``: where to find the value in the export."""
    if not where:
        return f"rad {rad}"
    text = f"{where['fil']}, rad {where['rad']}"
    return text + (f", variabel {where['variabel']}" if where.get("variabel") else "")


def _answer(s: dict) -> str:
    text = f"«{s['har_tjeneste']}»" if s["har_tjeneste"] else "hovedspørsmålet ikke besvart"
    if s.get("interkommunal"):
        text += f", interkommunal: {s['interkommunal']}"
    if s.get("samarbeidskommuner"):
        text += f", samarbeidskommuner: {_list(s['samarbeidskommuner'])}"
    if s.get("tjeneste_navn"):
        text += f", tjeneste: {s['tjeneste_navn']}"
    return text


def _submission_lines(u: dict) -> list[str]:
    subs = u.get("innsendinger") or []
    if not subs:
        return [INDENT * 2 + "Spørreskjema: ikke besvart"]
    if len(subs) == 1:
        s = subs[0]
        return [
            INDENT * 2 + f"Spørreskjema: {_answer(s)} ({s['svar_id']}, innsendt "
            f"{_date(s['innsendt'])})",
            INDENT * 3 + f"fra {_where(s.get('fra'), s['rad'])}",
        ]
    lines = [INDENT * 2 + f"Spørreskjema, {len(subs)} innsendinger; den siste gjelder:"]
    for s in subs:
        state = f"erstattet av {s['erstattet_av']}" if s["erstattet_av"] else "gjelder"
        lines.append(
            INDENT * 3 + f"{s['svar_id']} {_date(s['innsendt'])}: {_answer(s)} — {state} "
            f"({_where(s.get('fra'), s['rad'])})"
        )
    return lines


def _unit_lines(u: dict) -> list[str]:
    lines = [f"{INDENT}{u['enhet_navn']} ({u['enhet_id']}):", *_submission_lines(u)]
    if u["ringerunde"]:
        lines.append(
            INDENT * 2 + f"Ringerunden ({len(u['ringerunde'])} forsøk), endelig svar: "
            f"{u['ringerunde_utfall']}"
        )
        for c in u["ringerunde"]:
            lines.append(
                INDENT * 3 + f"forsøk {c['forsok']}, {_date(c['dato'])}: "
                f"{c['kontaktpunkt'] or '–'} → {c['utfall']} ({_where(c.get('fra'), c['rad'])})"
            )
    elif not u.get("innsendinger"):
        lines.append(INDENT * 2 + "Ringerunden: ikke ringt")
    if u.get("aapor_kode"):
        lines.append(INDENT * 2 + f"Utfall (AAPOR {u['aapor_kode']}): {u['aapor_tekst']}")
    lines += _quarantine_lines(u.get("karantene"), 2)
    return lines


def _quarantine_lines(rows: list[dict] | None, depth: int) -> list[str]:
    """Quarantined raw rows and values about the object, from ``quarantine.csv``."""
    if not rows:
        return []
    lines = [INDENT * depth + "Karantene:"]
    for q in rows:
        where = f"{q['fil']}, rad {q['rad']}" + (
            f", kolonne {q['kolonne']}" if q["kolonne"] else ""
        )
        what = "raden" if q["niva"] == "rad" else "verdien"
        lines.append(INDENT * (depth + 1) + f"{where}: {what} er satt i karantene: {q['arsak']}")
    return lines


def _kategori(code: str | None) -> str:
    """A service's category by its short name (``friskliv`` → ``Friskliv``)."""
    return KATEGORIER[code][1] if code in KATEGORIER else (code or "–").replace("_", " ")


def _service_lines(s: dict, rules: list[dict], definition: str) -> list[str]:
    name = f" {s['tjeneste_navn']}" if s["tjeneste_navn"] else ""
    lines = [
        f"{INDENT}{s['tjeneste_id']}{name} ({s['kilde']}, kategori {_kategori(s['kategori'])}):"
    ]
    i = s["intervju"]
    if i:
        lines.append(
            INDENT * 2 + f"Intervju {_date(i['intervjudato'])}: "
            f"{i['organisering']}, friskliv: {svar(i['friskliv'])}, egen enhet: "
            f"{svar(i['egen_enhet'])}, mange års erfaring: {svar(i['mange_ars_erfaring'])}, "
            f"i gang: {svar(i['i_gang'])} ({i['antall_tilbud']} tilbud)"
        )
        lines.append(
            INDENT * 2 + f"Brukermedvirkning: utvikling {svar(i['bm_utvikling'])}, planlegging "
            f"{svar(i['bm_planlegging'])}, gjennomføring {svar(i['bm_gjennomforing'])}, "
            f"evaluering {svar(i['bm_evaluering'])}"
        )
        lines.append(INDENT * 2 + f"Tilbudstyper: {_list(i['tilbudstyper'])}")
        lines.append(INDENT * 2 + f"fra {_where(s.get('fra'), i['_rad'])}")
    elif s.get("intervju_i_karantene"):
        lines.append(INDENT * 2 + "Intervju: satt i karantene (se årsaken under)")
    else:
        lines.append(INDENT * 2 + "Intervju: ikke intervjuet")
    parts = ", ".join(
        (p["kommunenavn"] if p["enhet_id"] == p["kommunenummer"] else p["enhet_navn"])
        + (" (vert)" if p["er_vert"] else "")
        for p in s["deltakere"]
    )
    lines.append(INDENT * 2 + f"Deltakere: {parts}")
    lines.append(INDENT * 2 + "Regler i definisjonen:")
    for r in s["regler"].values():
        lines.append(INDENT * 3 + f"{r['kort']}: {REGEL_STATUS[r['vurdering']]} – {r['tekst']}")
    if s.get("manuell_tekst"):
        lines.append(INDENT * 2 + f"Manuell beslutning: {s['manuell_tekst']}")
    lines += _quarantine_lines(s.get("karantene"), 2)
    lines.append(
        INDENT * 2 + f"Inkludert: {svar(s['inkludert'])} — "
        f"{leserens_tekst(s['arsak'], rules, definition)}"
    )
    return lines


def render_text(result: dict) -> str:
    """The explanation as Norwegian text: codes in words (rules by their short labels, states
    as ``oppfylt``/``ikke oppfylt``, the definition by its title after the first mention)."""
    definition = result["definisjon"]
    rules = result.get("regeltekster") or []
    named = definisjon_tekst(result.get("definisjon_tittel") or definition, definition, forste=True)
    if result["type"] == "tjeneste":
        return "\n".join(
            [f"Tjeneste {result['tjeneste_id']} (definisjon {named})"]
            + _service_lines(result, rules, definition)
        )
    k = result["kommune"]
    head = f"{k['kommunenummer']} {k['kommunenavn']} ({k['fylkesnavn']}) — definisjon {named}"
    if result["type"] == "bydel":
        head = f"Bydel {result['id']} i Oslo. " + head
    lines = [head, "Enheter:"]
    for u in result["enheter"]:
        lines += _unit_lines(u)
    whom = "bydelen" if result["type"] == "bydel" else "kommunen"
    lines.append(
        "Tjenester:"
        if result["tjenester"]
        else f"Tjenester: ingen intervjuet tjeneste omfatter {whom}"
    )
    for s in result["tjenester"]:
        lines += _service_lines(s, rules, definition)
    if k.get("manuell_tekst"):
        lines.append(f"Manuell beslutning: {k['manuell_tekst']}")
    if k["konflikt"]:
        lines.append(f"Konflikt mellom kildene: {k['konflikt']}")
    lines += _quarantine_lines(result.get("karantene"), 0)
    prefix = (
        f"Endelig status for {k['kommunenavn']} ({k['kommunenummer']})"
        if result["type"] == "bydel"
        else "Endelig status"
    )
    lines.append(
        f"{prefix}: {dekning_tekst(k['dekket'], k['status_kode'])} — "
        f"{leserens_tekst(k['arsak'], rules, definition)}"
    )
    return "\n".join(lines)
