rule provenance:
    """Record what the outputs were made from: input and config hashes, code version."""
    input:
        raw=raw_files,
        reference=REFERENCE_FILES + [REF / "published_figures_2015.csv"],
        config=[BASE / "config" / "config.yaml", ALIASES, RELATIONS, MANUAL_DECISIONS],
        definitions=[DEFINITIONS_DIR / f"{d}.yaml" for d in config["definitions"]],
        clean=[PROCESSED / name for name in CLEAN_OUTPUTS],
    output:
        PROCESSED / "provenance.json",
    log:
        LOGS / "provenance.log",
    run:
        from lmsanalyse.provenance import write_provenance
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            write_provenance(output[0], input, config, BASE)


rule report:
    """Render the HTML and PDF report for the main definition."""
    input:
        main=[PROCESSED / name for name in MAIN_OUTPUTS],
        clean=[PROCESSED / name for name in CLEAN_OUTPUTS],
        provenance=PROCESSED / "provenance.json",
        kart=REF / "kommunekart_2017.geojson",
    output:
        html=REPORTS / "lms_kartlegging.html",
        pdf=REPORTS / "lms_kartlegging.pdf",
    log:
        LOGS / "report.log",
    run:
        from lmsanalyse.report import render_report
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            render_report(PROCESSED, REF, output.html, output.pdf)


rule sensitivity_report:
    """Render the HTML and PDF report that compares every definition with the main one."""
    input:
        summary=PROCESSED / "sensitivitet.csv",
        changes=PROCESSED / "sensitivitet_endringer.csv",
        provenance=PROCESSED / "provenance.json",
    output:
        html=REPORTS / "sensitivitet.html",
        pdf=REPORTS / "sensitivitet.pdf",
    log:
        LOGS / "sensitivity_report.log",
    run:
        from lmsanalyse.report import render_sensitivity
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            render_sensitivity(PROCESSED, output.html, output.pdf)


rule personal_data_guard:
    """Fail the run if any personal value from the raw exports, or any e-mail address or
    phone number, appears in data/processed/ or reports/."""
    input:
        raw=raw_files,
        reports=[
            REPORTS / "lms_kartlegging.html",
            REPORTS / "lms_kartlegging.pdf",
            REPORTS / "sensitivitet.html",
            REPORTS / "sensitivitet.pdf",
        ],
        definitions=[definition_dir(d) / "reconciliation.csv" for d in config["definitions"]],
        sensitivity=PROCESSED / "sensitivitet.csv",
    output:
        LOGS / "personvernsjekk.txt",
    log:
        LOGS / "personal_data_guard.log",
    run:
        from lmsanalyse.guard import run_guard
        from lmsanalyse.runlog import logging_to

        with logging_to(log[0]):
            run_guard(RAW, ALIASES, [PROCESSED, REPORTS], output[0])
