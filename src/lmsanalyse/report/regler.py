"""The rules table of the main report (tabell 4): each rule of the main definition with the
interviewed services that failed it, and under them the excluded services, with what manual
decisions about services changed as rows of their own. Every number from ``figures.csv``.
"""

from __future__ import annotations

from ..norsk import fmt_int
from .data import ReportDataError
from .figure_model import Figurer, manual_services


def regel_rows(figurer: Figurer, definisjon: dict) -> list[dict]:
    """The main definition's rules, with their texts from ``definisjon.json``, and the
    interviewed services that failed each (``ekskludert_<regel>``) and failed only it
    (``ekskludert_kun_<regel>``).

    Raises:
        ReportDataError: ``figures.csv`` lacks a rule of the definition, or has a count for
            a rule the definition does not have (the two files are from different runs).
    """
    ids = [r["id"] for r in definisjon["regeltekster"]]
    andre = [
        f.id
        for f in figurer.med_prefiks("ekskludert_", unntatt="ekskludert_kun_")
        if f.id.removeprefix("ekskludert_") not in ids
    ]
    if andre:
        raise ReportDataError(
            f"figures.csv har tall for regler definisjonen '{definisjon['navn']}' ikke har: "
            f"{', '.join(andre)}"
        )
    return [
        {
            "regel": r["id"],
            "kort": r["kort"],
            "tekst": r["tekst"],
            "ekskludert": figurer[f"ekskludert_{r['id']}"],
            "kun": figurer.get(f"ekskludert_kun_{r['id']}"),
        }
        for r in definisjon["regeltekster"]
    ]


def regel_sum_rows(figurer: Figurer) -> list[dict]:
    """The rows under the rules in the rules table (``tekst``, ``figur``): the excluded
    services; with manual decisions about services, first those the rules exclude and those
    a decision included or excluded (excluded by the rules − included + excluded)."""
    ekskludert = figurer["tjenester_ekskludert"]
    rows = []
    manuell = manual_services(figurer)
    if manuell is not None:
        rows += [
            {"tekst": "Ekskludert etter reglene", "figur": manuell["ekskludert_etter_reglene"]},
            {
                "tekst": "Inkludert ved manuell beslutning, av dem reglene ekskluderer",
                "figur": manuell["manuelt_inkludert"],
            },
            {
                "tekst": "Ekskludert ved manuell beslutning, av dem som oppfyller reglene",
                "figur": manuell["manuelt_ekskludert"],
            },
        ]
    tekst = f"Ekskluderte tjenester av {fmt_int(ekskludert.nevner or 0)} intervjuede"
    return rows + [{"tekst": tekst, "figur": ekskludert}]
