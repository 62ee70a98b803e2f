"""What the templates get: every value the two reports show, read from their input files.

:func:`build_context` reads the main report's inputs (``RunLayout.report_inputs``) and checks that
every figure the template and the charts ask for is in ``figures.csv`` before anything is
drawn; :func:`build_sensitivity_context` reads ``sensitivitet.csv``,
``sensitivitet_endringer.csv``, the provenance and the definitions' ``definisjon.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from .. import layout, ordliste
from ..guard import SYNTHETIC_BANNER
from ..provenance import DECISIONS_ROLE
from ..rules import KOMMUNE_STATUS
from . import charts, innhold, tables, utskrift
from . import regler as regler_tabell
from .avstemming import reconciliation_rows
from .bolge import Bolge
from .claims import build_claims
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
from .figure_model import Figurer, manual_services
from .flow import FLOW_FIGURES, flow_chart, flow_rows
from .map import map_2024_chart, map_chart
from .palette import css_root
from .svg import synthetic_mark

# The files the PDF edition's appendix document reads (a subset of the report's; owned by
# the layout, as the rule's inputs).
APPENDIX_INPUTS = layout.APPENDIX_INPUTS
# Figures the charts drawn in Python use (the templates' own are found by parsing them).
CHART_FIGURES = (
    *FLOW_FIGURES,
    "kommuner_med_tilbud",
    "kommuner_uten_tilbud",
    *tables.FIGUR_2024.values(),
    "fylker_2024",
    *(f for figurer in tables.KATEGORI_FIGURER.values() for f in figurer.values()),
    *tables.AAPOR_FIGUR.values(),
    *(figur for _m, _f, figur in tables.AAPOR_RATER),
)


def required_figures(ids: set[str], bolge: Bolge) -> set[str]:
    """The figures of ``ids`` a report on ``bolge`` needs: those the wave has (a wave without
    population has no population figures; one without a picture on a map, none of it)."""
    from ..include.figure_catalogue import entry_for, present

    def has(figur: str) -> bool:
        entry = entry_for(figur)
        return entry is None or present(entry, bolge.har)

    return {figur for figur in ids if has(figur)}


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


def editorial(provenance: dict) -> dict:
    """What the reports say about themselves, from ``provenance.json``: the ``rapport:`` keys,
    the publication date (None: not published), the data's collection period and whether
    the data is synthetic (then ``banner`` is the text every page shows)."""
    rapport = provenance.get("rapport")
    if not isinstance(rapport, dict):
        raise ReportDataError("provenance.json mangler 'rapport' (utgiver, forfattere, serie …)")
    periode = provenance.get("datainnsamling") or None
    syntetisk = bool(provenance.get("syntetiske_data"))
    publisert = rapport.get("publiseringsdato")
    if syntetisk:
        # Invented figures have no publisher or author: the report is the tool's example.
        rapport = rapport | SYNTETISK_KOLOFON
        publisert = None
    return {
        **rapport,
        "publisert": dt.date.fromisoformat(publisert) if publisert else None,
        "periode": {k: dt.date.fromisoformat(v) for k, v in periode.items()} if periode else None,
        "syntetisk": syntetisk,
        # A wave on the 2014 register is NK LMH's own kartlegging (a later wave is not).
        "original": int((provenance.get("bolge") or {}).get("register", 2014)) == 2014,
        # Made by `lmsanalyse synth` to give NK LMH's published figures (agreement by design).
        "fra_synth": syntetisk and bool(provenance.get("syntetiske_data_fra_synth")),
        "banner": SYNTHETIC_BANNER if syntetisk else "",
    }


# What a report on synthetic data says about itself instead of the rapport: keys.
SYNTETISK_KOLOFON = {
    "utgiver": "Ingen – eksempel på syntetiske data, ikke utgitt",
    "forfattere": ["lmsanalyse (syntetiske data)"],
    "serie": "Eksempel på syntetiske data",
    "serienummer": None,
}


def common_context(env: Environment, provenance: dict, hoveddefinisjon: dict) -> dict:
    """What every report's frame needs: styles, script, provenance, the run time, the
    editorial facts (:func:`editorial`), the wave (:class:`.bolge.Bolge`) and the main
    definition (``navn``, ``tittel``, ``beskrivelse``)."""
    stamp = run_time(provenance)
    return {
        "bolge": Bolge.from_provenance(provenance),
        "definisjon": hoveddefinisjon,
        "ord": ordliste,
        "css": Markup(css_root() + resource(env, "rapport.css")),
        "js": Markup(resource(env, "tabell.js")),
        "provenance": provenance,
        "rapport": editorial(provenance),
        "kjoretidspunkt": stamp,
        "kjoretidspunkt_iso": w3c_date(stamp),
    }


def table_numbers(
    synthetic: bool,
    karantene: list,
    advarsler: list,
    konsistens: list,
    navnetolkning: list,
    bolge: Bolge = innhold.ORIGINAL,
) -> dict[str, innhold.Nummerert]:
    """The main report's numbered tables for the wave: a table with no rows is a sentence
    instead, and takes no number. The main report and its appendix document number them the
    same way."""
    empty = {
        n
        for n, rows in (
            ("karantene", karantene),
            ("navnetolkning", navnetolkning),
            ("advarsler", advarsler),
            ("konsistens", konsistens),
        )
        if not rows
    }
    items = innhold.table_items(bolge)
    tabell_ids = {t[0] for t in items} - empty
    return innhold.numbered(items, "Tabell", synthetic, tabell_ids, bolge)


def decisions_file(provenance: dict) -> dict:
    """The manual decisions file the run read, as ``provenance.json`` lists it among the
    inputs (``fil``: its path as given; ``sha256``)."""
    found = [f for f in provenance.get("inndata") or [] if f.get("rolle") == DECISIONS_ROLE]
    if len(found) != 1:
        raise ReportDataError(
            f"provenance.json må ha nøyaktig én inndatafil med rollen '{DECISIONS_ROLE}', "
            f"fant {len(found)}"
        )
    return found[0]


def edition_names() -> dict[str, object]:
    """The PDF edition's two files, as the documents link to each other (same folder), and
    the longest table it prints."""
    return {
        "rapport_fil": layout.REPORT_PDF,
        "vedlegg_fil": layout.APPENDIX_PDF,
        # Longer tables are counted per fylke in the PDF edition (report/utskrift.py).
        "utskriftsgrense": utskrift.UTSKRIFT_GRENSE,
    }


def build_appendix_context(inputs: dict[str, Path]) -> dict:
    """Everything the appendix document (``rapport_vedlegg.html.j2``) needs: the two long
    tables, the figures of its sentences, provenance and the main report's numbering. No
    chart is drawn, so that it renders in a process of its own beside the main report."""
    inputs = {k: Path(v) for k, v in inputs.items()}
    env = make_environment()
    figurer = Figurer.from_csv(inputs["figures"])
    provenance = read_provenance(inputs["provenance"])
    definisjon = read_definition(inputs["definisjon"])
    common = common_context(env, provenance, main_definition(definisjon, provenance))
    bolge = common["bolge"]
    figurer.require(required_figures(template_figure_ids(env), bolge))
    lists = {
        n: read_csv(inputs[n]).to_dict("records") for n in ("quarantine", "advarsler", "konsistens")
    }
    lists["navnetolkning"] = similarity_rows(read_csv(inputs["navnetolkning"]), None)
    kommuner = tables.kommune_rows(read_parquet(inputs["kommune_status"]), definisjon)
    kommuner_2024 = (
        tables.kommune_2024_rows(read_csv(inputs["kommune_2024_status"]))
        if bolge.dagens_kart
        else []
    )
    return {
        **figure_functions(figurer),
        **common,
        **edition_names(),
        "utgave": "pdf",
        "kommuner": kommuner,
        "kommuner_2024": kommuner_2024,
        "opptelling": long_lists(figurer, kommuner, kommuner_2024),
        "tab": table_numbers(common["rapport"]["syntetisk"], *lists.values(), bolge),
    }


def long_lists(
    figurer,
    kommuner: list[dict],
    kommuner_2024: list[dict],
    tjenester: list[dict] = (),
    navnetolkning: list[dict] = (),
    karantene: list[dict] = (),
    fylke_of: dict[str, tuple[str, str]] | None = None,
) -> dict[str, utskrift.Opptelling | None]:
    """The tables the PDF edition counts per fylke because they are too long to print
    (:mod:`.utskrift`); None for a table it prints whole."""
    fylke_of = fylke_of or {}
    return {
        "kommuner": utskrift.kommuner(kommuner, figurer),
        "kommuner_2024": utskrift.kommuner_2024(kommuner_2024, figurer) if kommuner_2024 else None,
        "tjenester": utskrift.tjenester(list(tjenester), fylke_of),
        "navnetolkning": utskrift.navnetolkning(list(navnetolkning), fylke_of, figurer),
        "karantene": utskrift.karantene(list(karantene)),
    }


def build_context(inputs: dict[str, Path]) -> dict:
    """Everything the template needs, read from the report rule's input files."""
    inputs = {k: Path(v) for k, v in inputs.items()}
    env = make_environment()
    figurer = Figurer.from_csv(inputs["figures"])
    provenance = read_provenance(inputs["provenance"])
    definisjon = read_definition(inputs["definisjon"])
    common = common_context(env, provenance, main_definition(definisjon, provenance))
    bolge = common["bolge"]
    figurer.require(required_figures(template_figure_ids(env) | set(CHART_FIGURES), bolge))

    kommuner = read_parquet(inputs["kommune_status"])
    tjenester = read_parquet(inputs["tjeneste_status"])
    enheter = read_parquet(inputs["enheter"])

    regler = regler_tabell.regel_rows(figurer, definisjon)
    fylker = tables.fylke_rows(read_csv(inputs["fylke_dekning"]), figurer)
    kategorier = tables.kategori_rows(figurer)
    tilbudstyper = sorted(figurer.med_prefiks("tilbudstype_"), key=lambda f: (-f.verdi, f.id))
    diagnoser = sorted(figurer.med_prefiks("diagnose_"), key=lambda f: (-f.verdi, f.id))
    synthetic = common["rapport"]["syntetisk"]
    rec = reconciliation_rows(read_csv(inputs["reconciliation"]))
    kommuner_2024 = tables.kommune_2024_rows(read_csv(inputs["kommune_2024_status"]))
    # A wave on the 2024 register is today's map: no separate picture on it.
    fylker_2024 = tables.fylke_2024_rows(kommuner_2024, figurer) if bolge.dagens_kart else []
    karantene = read_csv(inputs["quarantine"]).to_dict("records")
    advarsler = read_csv(inputs["advarsler"]).to_dict("records")
    konsistens = read_csv(inputs["konsistens"]).to_dict("records")
    navnetolkning = similarity_rows(read_csv(inputs["navnetolkning"]), enheter)
    aapor_utfall, aapor_rater = tables.aapor_rows(figurer)
    kommune_rader = tables.kommune_rows(kommuner, definisjon)
    tjeneste_rader = tables.tjeneste_rows(tjenester, enheter, definisjon)
    pastand = build_claims(
        figurer,
        definisjon,
        rec,
        konsistens,
        kommuner_2024,
        diagnoser,
        common["rapport"]["fra_synth"],
    )
    geojson, endringer = inputs.get("kart"), inputs.get("kart_endringer")
    # Every chart of a run on synthetic data says so in the image (the figure files too).
    with synthetic_mark(common["rapport"]["banner"]):
        kart24, kart24_noter, k2024 = None, [], None
        if not bolge.original:
            # The wave's own map is today's: the 2017 polygons merged into the 2024 kommuner.
            kart, kart_noter = map_2024_chart(
                kommuner_2024, geojson, endringer, figurer, None, "kart"
            )
        else:
            kart, kart_noter = map_chart(kommuner, geojson, figurer)
        if bolge.dagens_kart:
            dekket_2014 = dict(
                zip(kommuner["kommunenummer"], kommuner["dekket"].eq("Ja"), strict=True)
            )
            kart24, kart24_noter = map_2024_chart(
                kommuner_2024, geojson, endringer, figurer, dekket_2014
            )
            k2024 = charts.with_narrow(
                lambda smal: charts.kommuner_2024_chart(fylker_2024, figurer, smal)
            )
        charts_drawn = [
            flow_chart(figurer, regler),
            kart,
            charts.with_narrow(lambda smal: charts.fylke_chart(fylker, figurer, bolge, smal)),
            kart24,
            k2024,
            charts.with_narrow(lambda smal: charts.kategori_chart(kategorier, smal)),
            charts.with_narrow(lambda smal: charts.tilbud_chart(tilbudstyper, diagnoser, smal)),
        ]  # fmt: skip
    # A register without a map draws no map (its figures take no number).
    chart_list = [c for c in charts_drawn if c is not None]
    return {
        **figure_functions(figurer),
        **common,
        **edition_names(),
        # "html": the long tables in place; "pdf": a pointer to the appendix document.
        "utgave": "html",
        "figurdata": figurer.records(),
        "pastand": pastand,
        "regler": regler,
        "regel_sum": regler_tabell.regel_sum_rows(figurer),
        "manuelle_tjenester": manual_services(figurer),
        "beslutningsfil": decisions_file(provenance),
        "flyt_rader": flow_rows(figurer, regler),
        "aapor_utfall": aapor_utfall,
        "aapor_rater": aapor_rater,
        "status_rader": tables.status_rows(figurer),
        "fylker": fylker,
        "kategorier": kategorier,
        "tilbudstyper": tilbudstyper,
        "diagnoser": diagnoser,
        "tilbud_fordeling": tables.tilbud_fordeling(figurer),
        "avstemming": rec,
        "avstemming_etter_id": {r["figur"]: r for r in rec},
        "kommuner": kommune_rader,
        "tjenester": tjeneste_rader,
        "opptelling": long_lists(
            figurer,
            kommune_rader,
            kommuner_2024 if bolge.dagens_kart else [],
            tjeneste_rader,
            navnetolkning,
            karantene,
            utskrift.fylke_of(enheter),
        ),
        "radregnskap": tables.row_accounting(read_csv(inputs["row_accounting"])),
        "karantene": karantene,
        "advarsler": advarsler,
        "navnetolkning": navnetolkning,
        "manglende_kolonner": read_csv(inputs["manglende_kolonner"]).to_dict("records"),
        "kommune_status_tekst": KOMMUNE_STATUS["intervju_i_karantene"],
        "konsistens": konsistens,
        "kart_noter": kart_noter,
        "kart24_noter": kart24_noter,
        "kommuner_2024": kommuner_2024,
        "fylker_2024": fylker_2024,
        "delte_kommuner": tables.delte_kommuner(kommuner_2024),
        "svg": {c.id: c for c in chart_list},
        "fig": innhold.numbered(
            innhold.figure_items(bolge), "Figur", synthetic, {c.id for c in chart_list}, bolge
        ),
        "tab": table_numbers(synthetic, karantene, advarsler, konsistens, navnetolkning, bolge),
    }


def similarity_rows(names, enheter) -> list[dict]:
    """The names of the raw data read by similarity (``navnetolkning.csv``, metode fuzzy):
    file, row, column, what was typed, what it became (with its name) and the score."""
    found = names.loc[names["metode"].eq("fuzzy")]
    labels = (
        {}
        if enheter is None
        else dict(zip(enheter["enhet_id"], enheter["enhet_navn"], strict=True))
    )
    return [
        {
            "fil": r.fil,
            "rad": int(r.rad),
            "kolonne": r.kolonne,
            "skrevet": r.skrevet,
            "enhet_id": r.enhet_id,
            "tolket": f"{r.enhet_id} {labels.get(r.enhet_id, '')}".strip(),
            "likhet": int(float(r.likhet)),
        }
        for r in found.itertuples(index=False)
    ]


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
    regler = tables.rule_legend(endringer, definisjoner, hoved)
    common = common_context(env, provenance, definition_summary(definisjoner[hoved]))
    synthetic = common["rapport"]["syntetisk"]
    return {
        **common,
        "rader": rader,
        "hoved": next(r for r in rader if r["hoved"]),
        "minst": min(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "mest": max(rader, key=lambda r: (r["kommuner_dekket"], r["definisjon"])),
        "endringer": endringer,
        "regler": regler,
        "titler": {navn: d["tittel"] for navn, d in definisjoner.items()},
        # Each definition's files, in the summary's order (provenance.json has only the main
        # definition's; a variant's are in its own definisjon.json).
        "definisjonsfiler": [
            {"navn": r["definisjon"], "tittel": definisjoner[r["definisjon"]]["tittel"], **f}
            for r in rader
            for f in definisjoner[r["definisjon"]].get("filer", [])
        ],
        "regel_kort": {
            r["id"]: r["kort"] for d in definisjoner.values() for r in d["regeltekster"]
        },
        "svg": {"sens": _sensitivity_chart(rader, common["rapport"]["banner"], common["bolge"])},
        "fig": innhold.numbered(
            innhold.SENSITIVITET_FIGURER,
            "Figur",
            synthetic,
            bolge=common["bolge"],
            serie=innhold.SENSITIVITET_SERIE,
        ),
        "tab": sensitivity_tables(rader, bool(regler), synthetic, common["bolge"]),
    }


def _sensitivity_chart(rader: list[dict], banner: str, bolge: Bolge):
    with synthetic_mark(banner):
        return charts.sensitivity_chart(rader, bolge.register)


def sensitivity_tables(
    rader: list[dict], with_rules: bool, synthetic: bool, bolge: Bolge = innhold.ORIGINAL
) -> dict:
    """The sensitivity report's numbered tables: the results, the rules (when a rule makes
    a difference), one per variant with changes, and the provenance tables."""
    items = [innhold.SENSITIVITET_TABELLER[0]]
    if with_rules:
        items.append(innhold.SENSITIVITET_TABELLER[1])
    items += [
        (f"endringer_{r['definisjon']}", f"Kommuner som endrer status med «{r['tittel']}»", ())
        for r in rader
        if not r["hoved"]
    ]
    items.append(innhold.SENSITIVITET_TABELLER[2])
    items += [t for t in innhold.table_items(bolge) if t[0] in ("inndata", "konfigurasjon")]
    return innhold.numbered(
        tuple(items), "Tabell", synthetic, bolge=bolge, serie=innhold.SENSITIVITET_SERIE
    )
