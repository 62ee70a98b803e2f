# lmsanalyse: re-run of NK LMH's 2014/2015 kartlegging of kommunale lærings- og mestringstjenester.
# Stages: clean (raw exports -> typed Parquet) -> include (definitions in DuckDB SQL) ->
# reconcile (published figures) -> report (HTML + PDF) -> personal-data guard. Logic lives in
# the lmsanalyse package; rules declare their paths (lmsanalyse.layout) and call one function.
from snakemake.utils import min_version

min_version("9.0")


# Relative to the Snakefile, so that a run may use another working directory (--directory).
configfile: workflow.source_path("config/config.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/include.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/sammenligning.smk"


# On a cluster these stay on the submitting node: they only copy files or write small records.
localrules:
    all,
    publish_main,
    provenance,
    datapackage,


rule all:
    input:
        all_targets(),
    default_target: True
