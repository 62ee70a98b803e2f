rule clean:
    """Read the three raw exports, match kommuner, quarantine what cannot be used, drop
    personal data, and write typed Parquet plus the row accounting."""
    input:
        raw=raw_files,
        aliases=ALIASES,
        reference=REFERENCE_FILES,
    output:
        [PROCESSED / name for name in CLEAN_OUTPUTS],
    params:
        fuzzy_threshold=config["matching"]["fuzzy_threshold"],
        fuzzy_margin=config["matching"]["fuzzy_margin"],
    log:
        LOGS / "clean.log",
    run:
        from lmsanalyse.clean import run_clean
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            run_clean(RAW, REF, PROCESSED, input.aliases, params.fuzzy_threshold, params.fuzzy_margin)
