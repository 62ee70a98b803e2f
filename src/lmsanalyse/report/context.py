"""What the templates get: every value the two reports show, read from their input files.

:func:`build_context` reads the main report's inputs (:data:`REPORT_INPUTS`) and checks that
every figure the template and the charts ask for is in ``figures.csv`` before anything is
drawn; :func:`build_sensitivity_context` reads ``sensitivitet.csv``,
``sensitivitet_endringer.csv``, the provenance and the definitions' ``definisjon.json``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from . import charts, tables
from .data import (
    ReportDataError,
    read_csv,
    read_definition,
    read_definitions,
    read_parquet,
    read_provenance,
    run_time,
    w3c_date,
)
from .environment import figure_functions, make_environment, resource, template_figure_ids
from .figures import Figurer
from .flow import FLOW_FIGURES, flow_chart
from .map import MAP_FIGURES, map_chart

# The files the main report reads, by name (the report rule's inputs).
REPORT_INPUTS = (
    "figures",
    "kommune_status",
    "tjeneste_status",
    "enheter",
    "fylke_dekning",
    "reconciliation",
    "quarantine",
    "row_accounting",
    "kommune_2020_status",
    "provenance",
    "definisjon",
    "kart",
)
# Figures the charts drawn in Python use (the templates' own are found by parsing them).
CHART_FIGURES = (*FLOW_FIGURES, *MAP_FIGURES, *tables.FIGUR_2020.values())


def definition_summary(definisjon: dict) -> dict:
    """What the reports show of a definition: code, Norwegian title and description."""
    return {k: definisjon[k] for k in ("navn", "tittel", "beskrivelse")}


def main_definition(definisjon: dict, provenance: dict) -> dict:
    """The main definition; it must be the one ``provenance.json`` names."""
    named = provenance.get("hoveddefinisjon")
    if named and named != definisjon["navn"]:
        raise ReportDataError(
            f"provenance.json har hoveddefinisjonen '{named}', men definisjon.json er for "
            f"'{definisjon['navn']}'"
        )
    return definition_summary(definisjon)


def common_context(env: Environment, provenance: dict, hoveddefinisjon: dict) -> dict:
    """What every report's frame needs: styles, script, provenance, the run time and the
    main definition (``navn``, ``tittel``, ``beskrivelse``)."""
    stamp = run_time(provenance)
    return {
        "definisjon": hoveddefinisjon,
        "css": Markup(resource(env, "rapport.css")),
        "js": Markup(resource(env, "tabell.js")),
        "provenance": provenance,
        "kjoretidspunkt": stamp,
        "kjoretidspunkt_iso": w3c_date(stamp),
    }


def _counts(column, keys: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    counts.update({str(k): int(v) for k, v in column.value_counts().items()})
    return counts


def build_context(inputs: dict[str, Path]) -> dict:
    """Everything the template needs, read from the report rule's input files."""
    inputs = {k: Path(v) for k, v in inputs.items()}
    env = make_environment()
    figurer = Figurer.from_csv(inputs["figures"])
    figurer.require(template_figure_ids(env) | set(CHART_FIGURES))

    kommuner = read_parquet(inputs["kommune_status"])
    tjenester = read_parquet(inputs["tjeneste_status"])
    enheter = read_parquet(inputs["enheter"])
    provenance = read_provenance(inputs["provenance"])
    definisjon = read_definition(inputs["definisjon"])

    enhetstyper = _counts(enheter["enhetstype"], ("kommune", "bydel"))
    dekning_via = _counts(kommuner["dekning_via"], ("kommunal", "interkommunal"))
    # Kommuner covered by a manual decision alone have no dekning_via.
    dekning_via["manuell"] = int(
        (kommuner["dekket"].eq("Ja") & kommuner["dekning_via"].isna()).sum()
    )
    regler = tables.regel_rows(figurer, definisjon)
    fylker = tables.fylke_rows(read_csv(inputs["fylke_dekning"]), figurer)
    kategorier = tables.kategori_rows(tjenester, figurer)
    tilbudstyper = figurer.med_prefiks("tilbudstype_")
    diagnoser = figurer.med_prefiks("diagnose_")
    kart, kart_noter = map_chart(kommuner, inputs.get("kart"), figurer)
    rec = tables.reconciliation_rows(read_csv(inputs["reconciliation"]))
    kommuner_2020 = tables.kommune_2020_rows(read_csv(inputs["kommune_2020_status"]))
    fylker_2020 = tables.fylke_2020_rows(kommuner_2020, figurer)

    return {
        **figure_functions(figurer),
        **common_context(env, provenance, main_definition(definisjon, provenance)),
        "figurdata": figurer.records(),
        "enhetstyper": enhetstyper,
        "regler": regler,
        "status_rader": tables.status_rows(figurer),
        "fylker": fylker,
        "kategorier": kategorier,
        "tilbudstyper": sorted(tilbudstyper, key=lambda f: (-f.verdi, f.id)),
        "diagnoser": sorted(diagnoser, key=lambda f: (-f.verdi, f.id)),
        "tilbud_fordeling": tables.tilbud_fordeling(tjenester),
        "avstemming": rec,
        "avstemming_etter_id": {r["figur"]: r for r in rec},
        "dekning_via": dekning_via,
        "antall_avvik": sum(r["status"] == "avvik" for r in rec),
        "kommuner": tables.kommune_rows(kommuner),
        "tjenester": tables.tjeneste_rows(tjenester, enheter),
        "radregnskap": tables.row_accounting(read_csv(inputs["row_accounting"])),
        "karantene": read_csv(inputs["quarantine"]).to_dict("records"),
        "kart_noter": kart_noter,
        "kommuner_2020": kommuner_2020,
        "fylker_2020": fylker_2020,
        "delte_kommuner": tables.delte_kommuner(kommuner_2020),
        "svg": {
            "flyt": flow_chart(figurer, enhetstyper, regler, dekning_via),
            "fylke": charts.fylke_chart(fylker),
            "kategori": charts.kategori_chart(kategorier),
            "tilbud": charts.tilbud_chart(tilbudstyper, diagnoser),
            "kart": kart,
            "kommuner_2020": charts.kommuner_2020_chart(fylker_2020, figurer),
        },
    }


def build_sensitivity_context(
    summary_csv: Path, changes_csv: Path, provenance_json: Path, definitions: Iterable[Path]
) -> dict:
    """Everything the sensitivity template needs: the two CSVs, the provenance and every
    definition's ``definisjon.json`` (titles and rule texts)."""
    env = make_environment()
    provenance = read_provenance(provenance_json)
    summary = read_csv(summary_csv)
    if summary.empty:
        raise ReportDataError("sensitivitet.csv har ingen definisjoner")
    hoved = provenance.get("hoveddefinisjon") or summary["definisjon"].iloc[0]
    definisjoner = read_definitions(definitions)
    rader = tables.sensitivity_rows(summary, hoved, definisjoner)
    endringer = tables.sensitivity_changes(read_csv(changes_csv), rader)
    return {
        **common_context(env, provenance, definition_summary(definisjoner[hoved])),
        "rader": rader,
        "hoved": next(r for r in rader if r["hoved"]),
        "minst": min(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "mest": max(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "endringer": endringer,
        "regler": tables.rule_legend(endringer, definisjoner, hoved),
        "titler": {navn: d["tittel"] for navn, d in definisjoner.items()},
        "svg": {"sensitivitet": charts.sensitivity_chart(rader)},
    }
