# lmsanalyse: re-run of NK LMH's 2014/2015 kartlegging of kommunale lærings- og mestringstjenester.
# Stages: clean (raw exports -> typed Parquet) -> include (definitions in DuckDB SQL) ->
# reconcile (published figures) -> report (HTML + PDF). Logic lives in the lmsanalyse
# package; rules only unpack paths and call one function each.
from snakemake.utils import min_version, validate

min_version("9.0")


# Relative to the Snakefile, so that a run may use another working directory (--directory).
configfile: workflow.source_path("config/config.yaml")


validate(config, schema="config/config.schema.yaml")


# On a cluster these stay on the submitting node: they only copy files or write small records.
localrules:
    all,
    publish_main,
    provenance,


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/include.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        all_targets(),
    default_target: True
