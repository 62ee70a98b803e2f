"""Helpers the test modules share: run a stage on a raw folder, validate a folder."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REF_DIR = REPO / "data" / "reference"
RAW_DIR = REPO / "data" / "raw"
# A hand-made wave on the 2024 register (its README says what it exercises).
BOLGE_2024 = REPO / "tests" / "data" / "bolge2024"
ALIASES = REPO / "config" / "header_aliases.yaml"
DEFINITIONS = REPO / "config" / "definitions"


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every output file (data/processed and reports), by path relative to the
    run folder: what two runs that must be byte-identical are compared by."""
    out = {}
    for folder in ("data/processed", "reports"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


MATCHING = {"fuzzy_threshold": 88, "fuzzy_margin": 4}


def clean_into(raw_dir: Path, layout, aliases: Path | None = ALIASES, matching=None, register=None):
    """Run the clean stage on a raw folder into a run layout; returns the row accounting.

    ``register``: the configured register (default the 2014 register in data/reference).
    """
    from lmsanalyse.clean.clean_stage import run_clean
    from lmsanalyse.ingest.sources import find_raw_files

    return run_clean(
        find_raw_files(raw_dir),
        REF_DIR if register is None else register,
        aliases,
        matching or MATCHING,
        layout.clean_outputs(),
    )


def include_into(
    layout, definition: str | Path = "nklmh_2015", manual_decisions=None, register=None
):
    """Apply a definition (a name in config/definitions or a file) to a layout's clean data
    (``register``: the configured register; default the 2014 register in data/reference)."""
    from lmsanalyse.include.include_stage import run_include

    path = (
        Path(definition)
        if str(definition).endswith(".yaml")
        else DEFINITIONS / f"{definition}.yaml"
    )
    return run_include(
        layout.clean_outputs(),
        path,
        manual_decisions,
        layout.definition_outputs(path.stem),
        REF_DIR if register is None else register,
    )


def validate_dir(raw_dir: Path, **overrides) -> list:
    """``lmsanalyse validate``'s problems for a raw folder (config/config.yaml otherwise)."""
    from lmsanalyse.config import load_config
    from lmsanalyse.validate import validate_all

    return validate_all(load_config(None, {"raw_dir": str(raw_dir), **overrides})).problems


def copy_raw(target: Path) -> Path:
    """A writable copy of the bundled raw data."""
    shutil.copytree(RAW_DIR, target)
    return target


def clean_files(processed: Path) -> dict[str, Path]:
    """The clean stage's files in one ``data/processed`` folder, by name."""
    from lmsanalyse.layout import CLEAN_TABLES

    return {name: Path(processed) / file for name, file in CLEAN_TABLES.items()}


def definition_files(folder: Path) -> dict[str, Path]:
    """The include stage's files for one definition, all in ``folder``, by name."""
    from lmsanalyse.layout import RunLayout

    outputs = RunLayout(Path("/")).definition_outputs("x")
    return {name: Path(folder) / path.name for name, path in outputs.items()}


def clean_in(raw_dir: Path, processed: Path, aliases: Path | None = ALIASES, matching=None):
    """The clean stage on a raw folder, writing into one ``data/processed`` folder."""
    from lmsanalyse.clean.clean_stage import run_clean
    from lmsanalyse.ingest.sources import find_raw_files

    return run_clean(
        find_raw_files(raw_dir), REF_DIR, aliases, matching or MATCHING, clean_files(processed)
    )


def include_in(processed: Path, definition: Path, folder: Path, manual_decisions=None):
    """The include stage on a ``data/processed`` folder, writing one definition into ``folder``."""
    from lmsanalyse.include.include_stage import run_include

    return run_include(
        clean_files(processed), definition, manual_decisions, definition_files(folder), REF_DIR
    )


def read_raw(raw_dir: Path = RAW_DIR, aliases: Path | None = ALIASES):
    """Every source of a raw folder read into text tables (aliases applied)."""
    from lmsanalyse.clean.clean_stage import read_sources
    from lmsanalyse.ingest.sources import find_raw_files

    return read_sources(find_raw_files(raw_dir), aliases)


SHIPPED_DEFINITIONS = (
    "nklmh_2015",
    "delvis_teller",
    "uten_erfaringsunntak",
    "radmann_ja_teller",
    "kun_etablerte_tilbud",
)


def build_run(
    out: Path,
    raw_dir: Path = RAW_DIR,
    definitions: tuple[str, ...] = SHIPPED_DEFINITIONS,
    manual_decisions: Path | None = None,
    main: str = "nklmh_2015",
    html: bool = False,
    register: int | None = None,
):
    """Every stage up to the reports' inputs, by the stage functions (no Snakemake).

    The fast tier's stand-in for a workflow run: the same files in the same layout (a slow
    test checks they are byte-identical to the workflow's). With ``html``, the main report is
    rendered as HTML too (no PDF). ``register``: the shipped register of that year
    (``--register 2024``); None: the 2014 register. Returns the run's RunLayout.
    """
    from lmsanalyse.config import config_files, definition_chain, load_config
    from lmsanalyse.ingest.sources import find_raw_files
    from lmsanalyse.layout import RunLayout
    from lmsanalyse.provenance import write_provenance
    from lmsanalyse.reconcile import run_reconcile
    from lmsanalyse.reference import reference_files
    from lmsanalyse.runlog import copy_files
    from lmsanalyse.sensitivity import SENSITIVITY_INPUTS, run_sensitivity

    overrides = {"raw_dir": str(raw_dir), "definitions": list(definitions), "main_definition": main}
    if manual_decisions:
        overrides["manual_decisions"] = str(manual_decisions)
    config = load_config(config_files(None, register), overrides)
    reg = config.register
    published = config.published_figures
    layout = RunLayout(Path(out))
    clean_into(raw_dir, layout, register=reg)
    for name in definitions:
        include_into(layout, name, manual_decisions, register=reg)
        run_reconcile(
            layout.definition_table(name, "figures"),
            REF_DIR / published if published else None,
            REPO / "config" / "reconciliation.yaml",
            layout.reconciliation(name),
            layout.readings(name),
        )
    copy_files(layout.main_sources(main), layout.main_published())
    outputs = {d: layout.definition_outputs(d) for d in definitions}
    run_sensitivity(
        {d: {k: outputs[d][k] for k in SENSITIVITY_INPUTS} for d in definitions},
        main,
        layout.sensitivity,
        layout.sensitivity_changes,
    )
    # The config files as the workflow lists them (workflow/rules/common.smk).
    chains = {p for d in definitions for p in definition_chain(config.definition_file(d))}
    files = [
        REPO / "config" / "config.yaml",
        *config_files(None, register),
        config.path("header_aliases"),
        config.path("reconciliation"),
        config.path("manual_decisions"),
        *sorted(chains),
    ]
    write_provenance(
        layout.provenance,
        list(find_raw_files(raw_dir).values()),
        list(reference_files(REF_DIR, reg, published).values()),
        files,
        list(layout.clean_outputs().values()),
        config,
        REPO,
    )
    from lmsanalyse.datapackage import write_datapackage

    write_datapackage(layout.processed, layout.datapackage, layout.provenance)
    if html:
        render_html_report(layout)
        render_html_sensitivity(layout, definitions)
    return layout


MAP = REF_DIR / "kommunekart_2017.geojson"
CHANGES_2024 = REF_DIR / "kommuneendringer_2014_2024.csv"


def report_inputs(layout, definition: str | None = None, kart: Path | None = MAP) -> dict:
    """The report rule's inputs in a run (as workflow/rules/common.smk names them); ``kart``
    None: a register without a map (no ``kart`` input, and no change list to merge it by)."""
    import json

    main = definition or json.loads(layout.provenance.read_text("utf-8"))["hoveddefinisjon"]
    return layout.report_inputs(main, kart, CHANGES_2024 if kart is not None else None)


def render_html_report(layout, kart: Path | None = MAP) -> Path:
    """The main report of a run as HTML only (no PDF), where the workflow writes it."""
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.render import render_html

    layout.reports.mkdir(parents=True, exist_ok=True)
    layout.report_html.write_text(
        render_html(build_context(report_inputs(layout, kart=kart))), encoding="utf-8", newline="\n"
    )
    return layout.report_html


def render_html_sensitivity(layout, definitions) -> Path:
    """The sensitivity report of a run as HTML only (no PDF), where the workflow writes it."""
    from lmsanalyse.report.context import build_sensitivity_context
    from lmsanalyse.report.render import SENSITIVITET_TEMPLATE, render_html

    context = build_sensitivity_context(
        layout.sensitivity,
        layout.sensitivity_changes,
        layout.provenance,
        [layout.definition_record(d) for d in definitions],
    )
    layout.reports.mkdir(parents=True, exist_ok=True)
    layout.sensitivity_html.write_text(
        render_html(context, SENSITIVITET_TEMPLATE), encoding="utf-8", newline="\n"
    )
    return layout.sensitivity_html


def aliases_declaring_absent(raw_dir: Path, target: Path) -> Path:
    """``config/header_aliases.yaml`` plus ``mangler`` for every optional column a run reads
    that the contract files in ``raw_dir`` lack: the small hand-made files of a test hold only
    the columns it is about (an import map declares its own)."""
    import yaml

    from lmsanalyse.columns_read import ALL_RULES, key_columns
    from lmsanalyse.contract import SOURCES
    from lmsanalyse.ingest.reader import read_raw_table
    from lmsanalyse.ingest.sources import find_raw_file, is_import_map

    data = yaml.safe_load(ALIASES.read_text("utf-8"))
    key = key_columns(ALL_RULES)
    for source in SOURCES:
        try:
            path = find_raw_file(raw_dir, source)
            if is_import_map(path):
                continue
            table = read_raw_table(path, source, data.get(source) or {}, strict=False)
        except Exception:  # a file that cannot be read: the test is about that
            continue
        absent = {
            c: "ikke i testfilen"
            for c in table.missing_columns
            if c in key[source] and SOURCES[source].column(c).required == "no"
        }
        if absent:
            data.setdefault(source, {})["mangler"] = absent
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def without_notices(text: str) -> str:
    """``validate``'s output without its notices (``merknad:`` lines: names read by
    similarity, 24 on the bundled data) and their count in the summary line."""
    import re

    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("merknad: ")]
    text = re.sub(r", \d+ navn tolket etter likhet\)", ")", "".join(lines))
    return re.sub(r" \(\d+ navn tolket etter likhet\)", "", text)


def write_bundled_as_spss(target: Path, sources: tuple[str, ...], raw_dir: Path = RAW_DIR) -> Path:
    """``raw_dir`` copied to ``target`` with the named sources as SPSS exports and maps
    (:func:`lmsanalyse.tools.synth.spss_export.spss_source`, the product's writer)."""
    from lmsanalyse.guard import SYNTHETIC_MARKER
    from lmsanalyse.ingest.sources import find_raw_files
    from lmsanalyse.tools.synth.spss_export import spss_source, write_sav

    tables = read_raw(raw_dir)
    target.mkdir(parents=True, exist_ok=True)
    for source, path in find_raw_files(raw_dir).items():
        if source not in sources:
            shutil.copy(path, target / path.name)
            continue
        data_file = f"spss/{source}.sav"
        spec, text = spss_source(tables[source].data, source, data_file)
        write_sav(target / data_file, file_label=SYNTHETIC_MARKER, **spec)
        (target / f"{source}.import.yaml").write_text(text, encoding="utf-8")
    return target
