"""Reconcile: the computed figures with the ones NK LMH published.

For each published figure the count is compared with the computed one, and a published
percentage is checked against its own numerator and denominator (``349 (72 %)`` of 428 is
81,5 %, so it is an ``avvik`` even though 349 is right). Every ``avvik`` gets a comment that
explains it: which published relation it breaks (``79 − 51 = 28``, not 24) and, for a
percentage, which of the denominators the article names would give the printed value (44 % is
188 of 428 or of 427, not of 442: the article does not say which). A figure the article calls
something else than what the data counts (``begreper`` in the config) is marked in ``begrep``,
even when the numbers agree.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from . import reference
from .expressions import (
    SEP,
    RelationError,
    decimals,
    parse_relation,
    percent_matches,
    published_percent,
)
from .expressions import evaluate as _evaluate
from .expressions import show as _show
from .norsk import fmt_int, fmt_list, fmt_pct, round_half_up
from .ordliste import antall
from .outputs import write_csv
from .readings import (
    READING_COLUMNS,
    SUMMARY_COLUMNS,
    Reading,
    load_readings,
    readings_table,
    summary,
)
from .runlog import logged

log = logging.getLogger(__name__)

RECONCILIATION_COLUMNS = [
    "figur",
    "publisert",
    "beregnet",
    "publisert_andel",
    "beregnet_andel",
    "status",
    "kommentar",
    "publisert_nevner",
    "beregnet_nevner",
    "beskrivelse",
    "publisert_tekst",
    "manuelle_beslutninger",
    # The explanation of a published percentage alone, and what separates the concepts.
    "andel_kommentar",
    "begrep",
    # The readings of the figure (lmsanalyse.readings): does another one give the number?
    *SUMMARY_COLUMNS,
]
__all__ = ["RelationError", "parse_relation", "published_percent", "reconcile", "run_reconcile"]


def _explain_percent(num: int, den: int, printed: float, denominators: dict[int, str]) -> str:
    """Why a published percentage is an avvik: the computed share at the published precision
    (one decimal more only where it would look the same, docs/assumptions.md P1), every
    denominator of the article that gives the printed value, or a likely typing error."""
    share = 100 * num / den
    places = decimals(printed)
    published = fmt_pct(printed, places, SEP)
    computed = fmt_pct(share, places, SEP)
    if computed == published:
        computed = fmt_pct(share, places + 1, SEP)
    text = f"{fmt_int(num, SEP)} av {fmt_int(den, SEP)} er {computed}, ikke publisert {published}."
    fits = [
        d
        for d in sorted(denominators, reverse=True)
        if d != den and percent_matches(num, d, printed)
    ]
    if fits:
        # Several denominators may give the printed value; the article does not say which.
        listed = fmt_list(
            [f"{fmt_int(num, SEP)} av {fmt_int(d, SEP)} ({denominators[d]})" for d in fits], "eller"
        )
        text += f" {published} tilsvarer {listed}; artikkelen oppgir ikke nevneren."
    else:
        text += " Ingen av de publiserte nevnerne gir den publiserte prosenten"
        if _one_digit_apart(computed, published):
            text += (
                f"; {computed} skiller seg fra det publiserte med ett siffer: trolig en skrivefeil."
            )
        else:
            text += "; trolig en regne- eller skrivefeil."
    return text


def _one_digit_apart(a: str, b: str) -> bool:
    """``82 %`` and ``72 %``: the same length, one digit different (a typing error)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def reconcile(
    figures: pd.DataFrame,
    published: pd.DataFrame,
    relations: list[dict],
    readings: list[Reading] | None = None,
    nevnere: list[dict] | None = None,
    begreper: list[dict] | None = None,
) -> pd.DataFrame:
    """Compare every published figure with the computed one.

    Args:
        figures: ``figures.csv`` (``figur, verdi, nevner``).
        published: ``published_figures_2015.csv``.
        relations: ``[{figur, lik}]`` from ``config/reconciliation.yaml``.
        readings: the other readings of the published figures (``lesninger:`` there).
        nevnere: the denominators the article names (``[{verdi, tekst}]``, ``nevnere:``).
        begreper: the figures the article calls something else (``[{figur, tekst,
            beskrivelse}]``, ``begreper:``).

    Returns:
        One row per published figure, in the published order, with the contract's columns
        ``figur, publisert, beregnet, publisert_andel, beregnet_andel, status, kommentar``
        first; ``status`` is the contract reading's. The ``alternativ_*`` columns say
        whether another reading gives the published number (:mod:`lmsanalyse.readings`).
    """
    out = _contract_reconciliation(figures, published, relations, nevnere or [], begreper or [])
    table = readings_table(
        readings or [], figures, published, dict(zip(out.figur, out.status, strict=True))
    )
    extra = summary(table)
    return out.merge(extra, on="figur", how="left", validate="one_to_one")[RECONCILIATION_COLUMNS]


def _contract_reconciliation(
    figures: pd.DataFrame,
    published: pd.DataFrame,
    relations: list[dict],
    nevnere: list[dict],
    begreper: list[dict],
) -> pd.DataFrame:
    """The contract's columns of the reconciliation (see :func:`reconcile`)."""
    computed = {r.figur: (r.verdi, r.nevner) for r in figures.itertuples()}
    pub_values = {r.figur: int(r.verdi) for r in published.itertuples()}
    pub_den = {
        r.figur: (int(r.nevner) if str(r.nevner).strip() else None) for r in published.itertuples()
    }
    # Denominators an author might have used, for explaining a wrong percentage.
    denominators = (
        {pub_values["enheter_spurt"]: "enhetene som ble spurt"}
        if "enheter_spurt" in pub_values
        else {}
    )
    for fig, den in pub_den.items():
        if den is not None and den not in denominators:
            denominators[den] = f"nevneren til {fig}"
    if "kommuner_med_tilbud" in pub_den and pub_den["kommuner_med_tilbud"]:
        denominators[pub_den["kommuner_med_tilbud"]] = "antall kommuner i 2014"
    denominators |= {int(n["verdi"]): n["tekst"] for n in nevnere}
    concepts = {b["figur"]: b for b in begreper}
    parsed = [(r["figur"], r["lik"], parse_relation(r["lik"])) for r in relations]

    manual = sum(
        int(computed[f][0])
        for f in ("manuelle_beslutninger_kommune", "manuelle_beslutninger_tjeneste")
        if f in computed and not pd.isna(computed[f][0])
    )
    rows = []
    for r in published.itertuples():
        pub = int(r.verdi)
        den = pub_den[r.figur]
        calc, calc_den = computed.get(r.figur, (None, None))
        calc = None if calc is None or pd.isna(calc) else int(calc)
        calc_den = None if calc_den is None or pd.isna(calc_den) else int(calc_den)
        printed = published_percent(r.publisert_tekst)
        notes = []
        percent_note = ""
        if calc is None:
            notes.append("Figuren finnes ikke i figures.csv.")
        elif calc != pub:
            notes.append(
                f"Publisert {fmt_int(pub, SEP)}, beregnet {fmt_int(calc, SEP)} fra dataene."
            )
            for fig, _expr, terms in parsed:
                if fig != r.figur:
                    continue
                implied = _evaluate(terms, pub_values)
                if implied is not None and implied != pub:
                    notes.append(
                        f"De publiserte tallene gir selv {_show(terms, pub_values)} = {fmt_int(implied, SEP)} "
                        f"({_in_words(terms)}); publisert {fmt_int(pub, SEP)} stemmer ikke med dem."
                    )
        if den is not None and calc_den is not None and den != calc_den:
            notes.append(
                f"Publisert nevner {fmt_int(den, SEP)}, beregnet nevner {fmt_int(calc_den, SEP)}."
            )
        if printed is not None and den and not percent_matches(pub, den, printed):
            percent_note = _explain_percent(pub, den, printed, denominators)
            notes.append(percent_note)
        calc_share = (
            float(round_half_up(100 * calc / calc_den, 1))
            if calc is not None and calc_den
            else None
        )
        rows.append(
            {
                "figur": r.figur,
                "publisert": pub,
                "beregnet": calc,
                "publisert_andel": printed,
                "beregnet_andel": calc_share,
                "status": "avvik" if notes else "samsvar",
                "kommentar": " ".join(
                    notes
                    + (
                        [
                            f"Beregnet med {antall(manual, 'manuell beslutning', 'manuelle beslutninger', SEP)}."
                        ]
                        if manual
                        else []
                    )
                ),
                "publisert_nevner": den,
                "beregnet_nevner": calc_den,
                "beskrivelse": concepts.get(r.figur, {}).get("beskrivelse") or r.beskrivelse,
                "publisert_tekst": r.publisert_tekst,
                "manuelle_beslutninger": manual,
                "andel_kommentar": percent_note,
                "begrep": concepts.get(r.figur, {}).get("tekst", ""),
            }
        )
    out = pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS[: -len(SUMMARY_COLUMNS)])
    for col in ("beregnet", "publisert_nevner", "beregnet_nevner"):
        out[col] = out[col].astype("Int64")
    return out


def _in_words(terms: list[tuple[int, str]]) -> str:
    """A relation's right-hand side by the figures' labels: ``kommuner med … − kommuner …``."""
    from .include.figure_catalogue import label

    parts = []
    for sign, term in terms:
        word = term if term.isdigit() else (label(term) or term)
        word = word[:1].lower() + word[1:] if not term.isdigit() else word
        parts.append(("" if not parts else (" + " if sign > 0 else " − ")) + word)
    return "".join(parts)


def load_reconciliation(path: Path) -> dict:
    """The whole of ``config/reconciliation.yaml``, checked."""
    from .config import load_reconciliation as load_file

    return load_file(path)


def load_relations(path: Path) -> list[dict]:
    """The relations of ``config/reconciliation.yaml``, each checked to be readable."""
    from .config import load_relations as load_relation_file

    relations = load_relation_file(path)
    for rel in relations:
        parse_relation(rel["lik"])
    return relations


@logged
def run_reconcile(
    figures_csv: Path,
    published_csv: Path | None,
    relations_path: Path,
    out_csv: Path,
    readings_csv: Path | None = None,
) -> pd.DataFrame:
    """Write ``reconciliation.csv`` (and ``lesninger.csv``) for one definition's figures.

    Args:
        figures_csv: the definition's ``figures.csv``.
        published_csv: ``published_figures_2015.csv``; None: the wave has no published
            figures (config ``publiserte_tall: null``, a wave on the 2024 register), and both
            files are written with their columns and no rows: there is nothing to reconcile.
        relations_path: ``config/reconciliation.yaml`` (relations and readings).
        out_csv: ``reconciliation.csv`` to write.
        readings_csv: ``lesninger.csv`` to write, every reading of every published figure
            (None: not written).
    """
    if published_csv is None:
        empty = pd.DataFrame(columns=RECONCILIATION_COLUMNS)
        write_csv(empty, out_csv)
        if readings_csv is not None:
            write_csv(pd.DataFrame(columns=READING_COLUMNS), readings_csv)
        log.info("avstemming: bølgen har ingen publiserte tall, så ingenting å avstemme")
        return empty
    figures = pd.read_csv(figures_csv, dtype={"figur": str}, keep_default_na=True)
    published = reference.read_published_figures(published_csv)
    readings = load_readings(relations_path, set(published["figur"]))
    config = load_reconciliation(relations_path)
    result = reconcile(
        figures,
        published,
        load_relations(relations_path),
        readings,
        config.get("nevnere") or [],
        config.get("begreper") or [],
    )
    write_csv(result, out_csv)
    if readings_csv is not None:
        statuses = dict(zip(result.figur, result.status, strict=True))
        write_csv(readings_table(readings, figures, published, statuses), readings_csv)
    n_avvik = int((result["status"] == "avvik").sum())
    others = int((result["alternativ_status"] == "samsvar").sum())
    log.info(
        "avstemming: %d samsvar, %d avvik; %d tall samsvarer med en annen lesning",
        len(result) - n_avvik,
        n_avvik,
        others,
    )
    return result
