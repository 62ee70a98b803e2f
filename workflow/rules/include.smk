rule include:
    """Apply one inclusion definition (config/definitions/{definition}.yaml) in DuckDB SQL."""
    input:
        **RUN.clean_outputs(),
        definition=definition_file,
        extends=lambda wc: definition_chain(CFG.definition_file(wc.definition))[1:],
        manual_decisions=CONFIG_FILES["manual_decisions"],
        register_2024=register_2024(),
        # The SQL and the figure catalogue: editing a rule re-runs every definition.
        code=include_code(),
    output:
        **RUN.definition_outputs("{definition}"),
    log:
        RUN.log("include/{definition}"),
    run:
        from lmsanalyse.include.include_stage import run_include

        run_include(
            clean_tables(input),
            input.definition,
            input.manual_decisions,
            named(output),
            REGISTER,
            log=log[0],
        )


rule reconcile:
    """Compare one definition's figures with every figure NK LMH published, in every reading
    (a wave without published figures gets an empty reconciliation that says so)."""
    input:
        figures=RUN.definition_table("{definition}", "figures"),
        published=REFERENCE.get("publiserte_tall", []),
        relations=CONFIG_FILES["reconciliation"],
    output:
        reconciliation=RUN.reconciliation("{definition}"),
        readings=RUN.readings("{definition}"),
    log:
        RUN.log("reconcile/{definition}"),
    run:
        from lmsanalyse.reconcile import run_reconcile

        run_reconcile(
            input.figures,
            input.published or None,
            input.relations,
            output.reconciliation,
            output.readings,
            log=log[0],
        )


rule publish_main:
    """Publish the main definition's decision tables at the top of data/processed/."""
    input:
        RUN.main_sources(MAIN),
    output:
        RUN.main_published(),
    log:
        RUN.log("publish_main"),
    run:
        from lmsanalyse.runlog import copy_files

        copy_files(input, output, log=log[0])


rule sensitivity:
    """Compare every definition with the main one: totals and the kommuner that change."""
    input:
        **sensitivity_inputs(),
    output:
        summary=RUN.sensitivity,
        changes=RUN.sensitivity_changes,
    log:
        RUN.log("sensitivity"),
    run:
        from lmsanalyse.sensitivity import run_sensitivity

        run_sensitivity(by_definition(input), MAIN, output.summary, output.changes, log=log[0])
