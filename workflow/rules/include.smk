rule include:
    """Apply one inclusion definition (config/definitions/{definition}.yaml) in DuckDB SQL."""
    input:
        clean=[PROCESSED / name for name in CLEAN_OUTPUTS],
        definition=DEFINITIONS_DIR / "{definition}.yaml",
        decisions=MANUAL_DECISIONS,
    output:
        [PROCESSED / "definisjoner" / "{definition}" / name for name in DEFINITION_OUTPUTS],
    log:
        LOGS / "include" / "{definition}.log",
    run:
        from lmsanalyse.include import run_include
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            run_include(
                PROCESSED, input.definition, definition_dir(wildcards.definition), input.decisions
            )


rule reconcile:
    """Compare one definition's figures with every figure NK LMH published."""
    input:
        figures=PROCESSED / "definisjoner" / "{definition}" / "figures.csv",
        published=REF / "published_figures_2015.csv",
        relations=RELATIONS,
    output:
        PROCESSED / "definisjoner" / "{definition}" / "reconciliation.csv",
    log:
        LOGS / "reconcile" / "{definition}.log",
    run:
        from lmsanalyse.runlog import logging_to
        from lmsanalyse.reconcile import run_reconcile

        with logging_to(log[0]):
            run_reconcile(input.figures, REF, input.relations, output[0])


rule publish_main:
    """Publish the main definition's decision tables at the top of data/processed/."""
    input:
        [definition_dir(MAIN) / name for name in MAIN_OUTPUTS],
    output:
        [PROCESSED / name for name in MAIN_OUTPUTS],
    log:
        LOGS / "publish_main.log",
    run:
        from lmsanalyse.runlog import copy_files, logging_to

        with logging_to(log[0]):
            copy_files(input, output)


rule sensitivity:
    """Compare every definition with the main one: totals and the kommuner that change."""
    input:
        [
            definition_dir(d) / name
            for d in config["definitions"]
            for name in ("figures.csv", "kommune_status.csv", "tjeneste_status.csv", "definisjon.json")
        ],
    output:
        summary=PROCESSED / "sensitivitet.csv",
        changes=PROCESSED / "sensitivitet_endringer.csv",
    log:
        LOGS / "sensitivity.log",
    run:
        from lmsanalyse.runlog import logging_to
        from lmsanalyse.sensitivity import run_sensitivity

        with logging_to(log[0]):
            dirs = {d: definition_dir(d) for d in config["definitions"]}
            run_sensitivity(dirs, MAIN, PROCESSED)
