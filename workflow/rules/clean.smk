rule clean:
    """Read the three raw exports, match kommuner, quarantine what cannot be used, drop
    personal data, and write typed Parquet plus the row accounting."""
    input:
        **raw_files(),
        header_aliases=CONFIG_FILES["header_aliases"],
        reference=list(REFERENCE.values()),
    output:
        **RUN.clean_outputs(),
    params:
        matching=CFG.matching,
    log:
        RUN.log("clean"),
    run:
        from lmsanalyse.clean.stage import run_clean
        from lmsanalyse.contract import SOURCES
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            run_clean(
                {source: getattr(input, source) for source in SOURCES},
                CFG.reference_dir,
                input.header_aliases,
                params.matching,
                dict(output.items()),
            )
