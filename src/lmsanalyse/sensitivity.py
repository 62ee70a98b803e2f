"""Sensitivity: every inclusion definition against the main one.

``sensitivitet.csv`` gives each definition's totals beside the main definition's, and
``sensitivitet_endringer.csv`` each kommune whose coverage changes, with the rule that made
the difference.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from .norsk import round_half_up
from .outputs import write_csv
from .runlog import logged

log = logging.getLogger(__name__)


SENSITIVITY_COLUMNS = [
    "definisjon",
    "beskrivelse",
    "tjenester",
    "kommuner_dekket",
    "kommuner",
    "andel_kommuner",
    "befolkning_dekket",
    "befolkning",
    "andel_befolkning",
    "endring_tjenester",
    "endring_kommuner",
    "endring_befolkning",
]
CHANGE_COLUMNS = [
    "definisjon",
    "kommunenummer",
    "kommunenavn",
    "dekket_hoved",
    "dekket_variant",
    "status_hoved",
    "status_variant",
    "regel",
    "tjeneste_ider",
    "forklaring",
]


def _figure(figures: pd.DataFrame, figur: str) -> tuple[int, int | None]:
    row = figures.loc[figures["figur"] == figur].iloc[0]
    return int(row["verdi"]), (None if pd.isna(row["nevner"]) else int(row["nevner"]))


def _population(figures: pd.DataFrame) -> tuple[int | None, int | None]:
    """The population covered and the population; (None, None) when the register has no
    population (the figures are not there, and no 0 takes their place)."""
    if not figures["figur"].eq("befolkning_dekket").any():
        return None, None
    return _figure(figures, "befolkning_dekket")


def _rules_of(services: pd.DataFrame, ids: list[str]) -> list[str]:
    """Rules the given services failed (a service without interview failed I1)."""
    rules: set[str] = set()
    failed = dict(zip(services["tjeneste_id"], services["feilede_regler"].fillna(""), strict=True))
    for tid in ids:
        if tid.startswith("U-") and tid not in failed:
            rules.add("I1_intervjuet")
        rules.update(r for r in failed.get(tid, "").split(";") if r)
    return sorted(rules)


def kommune_changes(
    name: str, base_k: pd.DataFrame, var_k: pd.DataFrame, base_t: pd.DataFrame, var_t: pd.DataFrame
) -> pd.DataFrame:
    """Kommuner whose coverage differs between the main definition and a variant, with the rule.

    A kommune gained by the variant is covered through services that failed some rule under the
    main definition: that rule made the difference. A kommune lost was covered through services
    that fail some rule under the variant.
    """
    merged = base_k.merge(
        var_k, on="kommunenummer", suffixes=("_hoved", "_variant"), validate="one_to_one"
    )
    changed = merged.loc[merged["dekket_hoved"] != merged["dekket_variant"]]
    rows = []
    for r in changed.itertuples():
        if r.dekket_variant == "Ja":
            ids = [i for i in str(r.tjeneste_ider_variant or "").split(";") if i]
            rules = _rules_of(base_t, ids)
            why = f"dekket i {name} gjennom {', '.join(ids)}, som ikke oppfyller {', '.join(rules)} i hoveddefinisjonen"
        else:
            ids = [i for i in str(r.tjeneste_ider_hoved or "").split(";") if i]
            rules = _rules_of(var_t, ids)
            why = f"ikke lenger dekket: {', '.join(ids)} feiler {', '.join(rules)} i {name}"
        rows.append(
            {
                "definisjon": name,
                "kommunenummer": r.kommunenummer,
                "kommunenavn": r.kommunenavn_hoved,
                "dekket_hoved": r.dekket_hoved,
                "dekket_variant": r.dekket_variant,
                "status_hoved": r.status_kode_hoved,
                "status_variant": r.status_kode_variant,
                "regel": ";".join(rules),
                "tjeneste_ider": ";".join(ids),
                "forklaring": why,
            }
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


# The files of each definition the comparison reads (names of RunLayout.definition_outputs).
SENSITIVITY_INPUTS = ("figures", "kommune_status", "tjeneste_status", "definisjon")


@logged
def run_sensitivity(
    inputs: dict[str, dict[str, Path]], main: str, summary_csv: Path, changes_csv: Path
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare every definition with the main one; write ``sensitivitet.csv`` and
    ``sensitivitet_endringer.csv``.

    Args:
        inputs: definition name → its files by name (:data:`SENSITIVITY_INPUTS`).
        main: the main definition's name (the baseline).
        summary_csv: where ``sensitivitet.csv`` goes.
        changes_csv: where ``sensitivitet_endringer.csv`` goes.
    """

    def load(name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
        files = {k: Path(v) for k, v in inputs[name].items()}
        return (
            pd.read_csv(files["figures"], dtype={"figur": str}),
            pd.read_csv(files["kommune_status"], dtype=str, keep_default_na=False),
            pd.read_csv(files["tjeneste_status"], dtype=str, keep_default_na=False),
            json.loads(files["definisjon"].read_text(encoding="utf-8")),
        )

    base_f, base_k, base_t, _ = load(main)
    base = {
        "tjenester": _figure(base_f, "tjenester")[0],
        "kommuner": _figure(base_f, "kommuner_med_tilbud")[0],
        "befolkning": _population(base_f)[0],
    }
    summary, changes = [], []
    for name in [main] + sorted(n for n in inputs if n != main):
        figures, kommuner, tjenester, definition = load(name)
        services = _figure(figures, "tjenester")[0]
        covered, n_kommuner = _figure(figures, "kommuner_med_tilbud")
        people, population = _population(figures)
        summary.append(
            {
                "definisjon": name,
                "beskrivelse": " ".join(definition["beskrivelse"].split()),
                "tjenester": services,
                "kommuner_dekket": covered,
                "kommuner": n_kommuner,
                "andel_kommuner": float(round_half_up(100 * covered / n_kommuner, 1)),
                "befolkning_dekket": people,
                "befolkning": population,
                "andel_befolkning": None
                if population is None
                else float(round_half_up(100 * people / population, 1)),
                "endring_tjenester": services - base["tjenester"],
                "endring_kommuner": covered - base["kommuner"],
                "endring_befolkning": None if people is None else people - base["befolkning"],
            }
        )
        if name != main:
            changes.append(kommune_changes(name, base_k, kommuner, base_t, tjenester))
    summary_df = pd.DataFrame(summary, columns=SENSITIVITY_COLUMNS)
    changes_df = (
        pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(columns=CHANGE_COLUMNS)
    )
    changes_df = changes_df.sort_values(["definisjon", "kommunenummer"]).reset_index(drop=True)
    write_csv(summary_df, summary_csv)
    write_csv(changes_df, changes_csv)
    log.info(
        "sensitivitet: %d definisjoner, %d kommuner endrer status", len(summary_df), len(changes_df)
    )
    return summary_df, changes_df
