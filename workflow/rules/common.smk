# The run's configuration and layout, shared by the rules. The config is validated by
# lmsanalyse.config (JSON Schema, Norwegian messages) before any rule is defined; every path
# comes from lmsanalyse.layout.RunLayout.
from pathlib import Path

from lmsanalyse.config import config_from_values, definition_chain
from lmsanalyse.ingest.sources import raw_inputs
from lmsanalyse.reference import reference_files, wave_conditions
from lmsanalyse.report.innhold import wave_of

BASE = Path(workflow.basedir)
CFG = config_from_values(config, BASE)
RUN = CFG.layout
DEFINITIONS = CFG.definitions
MAIN = CFG.main_definition
# The configured register (config `register`, default the 2014 register in data/reference)
# and the published figures.
REGISTER = CFG.register
REFERENCE = reference_files(CFG.reference_dir, REGISTER, CFG.published_figures)
# The wave as the report sees it before the run: its register and what it has.
WAVE = wave_of(REGISTER.aar, wave_conditions(REGISTER, CFG.published_figures is not None))
# The place names the guard treats as generic words: the real register's and the configured one's.
PLACE_NAMES = [CFG.reference_dir, REGISTER.mappe]
# config.yaml and any --configfile read on top of it (as lmsanalyse.config.load_config reads them).
CONFIG_FILES = {
    "config": list(
        dict.fromkeys([BASE / "config" / "config.yaml", *map(Path, workflow.overwrite_configfiles)])
    ),
    "header_aliases": CFG.path("header_aliases"),
    "reconciliation": CFG.path("reconciliation"),
    "manual_decisions": CFG.path("manual_decisions"),
}


def raw_files(wildcards=None):
    """The raw files of the three sources (contract files or survey-tool exports)."""
    return raw_inputs(CFG.raw_dir)


def definition_file(wildcards):
    return CFG.definition_file(wildcards.definition)


def main_definition_files(wildcards=None):
    """The main definition's file and those it extends: the provenance of what the main
    report shows (a variant's files are in its own definisjon.json, so that editing a
    variant re-runs only that variant and the sensitivity outputs)."""
    return definition_chain(CFG.definition_file(MAIN))


def definition_records(wildcards=None):
    """The definisjon.json of every definition in the run (titles and rule texts)."""
    return [RUN.definition_record(d) for d in DEFINITIONS]


def all_targets():
    targets = [RUN.report_html, RUN.report_pdf, RUN.appendix_pdf, RUN.report_xlsx, RUN.datapackage]
    targets += [RUN.sensitivity, RUN.guard_record]
    targets += [RUN.reconciliation(d) for d in DEFINITIONS]
    return targets


def sensitivity_inputs():
    """The files of every definition the sensitivity comparison reads, as '<def>__<name>'."""
    from lmsanalyse.sensitivity import SENSITIVITY_INPUTS

    outputs = {d: RUN.definition_outputs(d) for d in DEFINITIONS}
    return {f"{d}__{name}": outputs[d][name] for d in DEFINITIONS for name in SENSITIVITY_INPUTS}


def by_definition(named_input):
    """'<def>__<name>' inputs back into {definition: {name: path}}."""
    out = {}
    for key, path in named_input.items():
        definition, _, name = key.partition("__")
        out.setdefault(definition, {})[name] = path
    return out


def report_inputs():
    """The files the main report reads, by the names lmsanalyse.report expects."""
    return RUN.report_inputs(MAIN, REFERENCE.get("kart"), REFERENCE.get("kommuneendringer_2024"))


def appendix_inputs():
    """The files the PDF edition's appendix document reads, by name."""
    return RUN.appendix_inputs(MAIN)


def named(files):
    """A rule's named inputs or outputs as a plain {name: path} dict."""
    return dict(files.items())


def by_source(named_input):
    """The raw file of each source from a rule's named inputs."""
    from lmsanalyse.contract import SOURCES

    return {source: getattr(named_input, source) for source in SOURCES}


def clean_tables(named_input):
    """The clean stage's files from a rule's named inputs."""
    from lmsanalyse.layout import CLEAN_TABLES

    return {name: getattr(named_input, name) for name in CLEAN_TABLES}


def figure_stems():
    """The main report's figure files (reports/figurer/figur_NN_<id>)."""
    from lmsanalyse.report.innhold import figure_stems as stems

    return stems(has_map="kart" in REFERENCE, bolge=WAVE)


def register_2024():
    """The 2024 kommune register and the 2014 → 2024 changes (today's map)."""
    from lmsanalyse.reference import REGISTER_2024

    return [REFERENCE[role] for role in REGISTER_2024 if role in REFERENCE]


def include_code():
    """The include stage's SQL files and figure catalogue."""
    from lmsanalyse.include.code import code_files

    return code_files()
