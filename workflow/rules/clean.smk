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
        quality=CFG.quality,
        # What the run reads depends on the rules its definitions use (columns_read).
        rules=CFG.rules_in_run(),
    log:
        RUN.log("clean"),
    run:
        from lmsanalyse.clean.clean_stage import run_clean

        run_clean(
            by_source(input),
            REGISTER,
            input.header_aliases,
            params.matching,
            named(output),
            params.quality,
            tuple(params.rules),
            log=log[0],
        )
