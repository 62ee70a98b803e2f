"""The reconciliation's rows for the report and the workbook: each published figure beside the
computed one, with its class – ``samsvar``, ``begrep`` (the numbers agree, but the article
calls it something else than the data counts), ``forklart`` (an avvik another reading of the
article explains) or ``avvik`` – and the published share at the precision it was printed with.
"""

from __future__ import annotations

import pandas as pd

from ..expressions import decimals, published_percent
from ..norsk import DESIMALER_TABELL, fmt_andel_tabell, fmt_andel_tekst, fmt_int, fmt_pct
from ..ordliste import AVSTEMMING_STATUS
from .data import as_int


def _klasse(r) -> str:
    """``samsvar``; ``begrep``: samsvar in the numbers, not in the concept; ``forklart``: an
    avvik another reading of the article gives the published number for; ``avvik``: one
    nothing explains."""
    if r.status != "avvik":
        return "begrep" if str(getattr(r, "begrep", "") or "").strip() else r.status
    return "forklart" if getattr(r, "alternativ_status", "") == "samsvar" else "avvik"


def reconciliation_rows(rec: pd.DataFrame) -> list[dict]:
    """The reconciliation's rows; a published share keeps the precision it was printed with
    (``44 %``, not ``44,0 %``), a computed one has the tables' precision."""

    def share(text: str) -> str:
        return fmt_pct(float(text), DESIMALER_TABELL) if text.strip() else ""

    def published_share(r) -> str:
        printed = published_percent(r.publisert_tekst)
        if not r.publisert_andel.strip():
            return ""
        value = float(r.publisert_andel)
        return fmt_pct(value, decimals(printed if printed is not None else value))

    return [
        {
            "figur": r.figur,
            "beskrivelse": r.beskrivelse,
            "publisert_tekst": r.publisert_tekst,
            "publisert": fmt_int(as_int(r.publisert)) if r.publisert.strip() else "",
            "beregnet": fmt_int(as_int(r.beregnet)) if r.beregnet.strip() else "",
            "publisert_tall": as_int(r.publisert) if r.publisert.strip() else None,
            "beregnet_tall": as_int(r.beregnet) if r.beregnet.strip() else None,
            "publisert_andel_tall": float(r.publisert_andel) / 100
            if r.publisert_andel.strip()
            else None,
            "beregnet_andel_tall": float(r.beregnet_andel) / 100
            if r.beregnet_andel.strip()
            else None,
            "publisert_andel": published_share(r),
            "beregnet_andel": share(r.beregnet_andel),
            "status": r.status,
            "klasse": _klasse(r),
            "status_tekst": AVSTEMMING_STATUS[_klasse(r)],
            "kommentar": r.kommentar,
            "andel_kommentar": str(getattr(r, "andel_kommentar", "") or ""),
            "begrep": str(getattr(r, "begrep", "") or ""),
            # The published count is the computed one (an avvik is then in the percentage).
            "antall_stemmer": r.publisert.strip() == r.beregnet.strip(),
            "beregnet_andel_tekst": _share_in_text(r, published_share(r)),
            "alternativ": _alternative(r),
        }
        for r in rec.itertuples(index=False)
    ]


def _share_in_text(r, published: str) -> str:
    """The computed share for running text, from the counts (the stored share is rounded
    already): whole per cent, or one decimal when it would look like the published one."""
    if not (r.beregnet.strip() and r.beregnet_nevner.strip()) or not as_int(r.beregnet_nevner):
        return ""
    share = 100 * as_int(r.beregnet) / as_int(r.beregnet_nevner)
    text = fmt_andel_tekst(share)
    return fmt_andel_tabell(share) if text == published else text


def _alternative(r) -> dict | None:
    """Another reading of a published figure (lmsanalyse.readings), when there is one."""
    if not str(getattr(r, "alternativ_lesning", "") or "").strip():
        return None
    tall = fmt_int(as_int(r.alternativ_verdi)) if r.alternativ_verdi.strip() else "–"
    if r.alternativ_nevner.strip() and r.alternativ_andel.strip():
        # A ratio of two different counts (forms from units by kommuner) is no part of its
        # denominator: "430 delt på 428", never "430 av 428".
        ratio = str(getattr(r, "alternativ_forhold", "") or "") == "Ja"
        tall += (
            f" {'delt på' if ratio else 'av'} {fmt_int(as_int(r.alternativ_nevner))}"
            f" ({fmt_pct(float(r.alternativ_andel), 1)})"
        )
    return {"tekst": r.alternativ_tekst, "tall": tall, "status": r.alternativ_status}
