rule provenance:
    """Record what the outputs were made from: input and config hashes, code version."""
    input:
        raw=list(raw_files().values()),
        reference=list(REFERENCE.values()),
        config=[p for v in CONFIG_FILES.values() for p in (v if isinstance(v, list) else [v])],
        definitions=main_definition_files(),
        clean=list(RUN.clean_outputs().values()),
    output:
        RUN.provenance,
    log:
        RUN.log("provenance"),
    run:
        from lmsanalyse.provenance import write_provenance

        configs = [*input.config, *input.definitions]
        write_provenance(
            output[0], input.raw, input.reference, configs, input.clean, CFG, BASE, log=log[0]
        )


rule datapackage:
    """Describe every table in data/processed as a Frictionless data package."""
    input:
        RUN.main_published(),
        RUN.sensitivity,
        RUN.sensitivity_changes,
        [RUN.clean(n) for n in ("quarantine", "row_accounting", "navnetolkning", "advarsler")],
        provenance=RUN.provenance,
    output:
        RUN.datapackage,
    log:
        RUN.log("datapackage"),
    run:
        from lmsanalyse.datapackage import write_datapackage

        write_datapackage(RUN.processed, output[0], input.provenance, log=log[0])


rule report:
    """Render the HTML and PDF report for the main definition (the PDF edition points to its
    appendix document for the two long tables), the workbook and the figure files."""
    input:
        **report_inputs(),
    output:
        html=RUN.report_html,
        pdf=RUN.report_pdf,
        xlsx=RUN.report_xlsx,
        figures=RUN.figure_files(figure_stems()),
    log:
        RUN.log("report"),
    # The two longest jobs start first, side by side (the main report and its appendix).
    priority: 1
    run:
        from lmsanalyse.report import render_report

        outputs = (output.html, output.pdf, output.xlsx, RUN.figure_dir)
        render_report(named(input), *outputs, log=log[0])


rule report_appendix:
    """Render the PDF edition's appendix document (the report's two long tables)."""
    input:
        **appendix_inputs(),
    output:
        pdf=RUN.appendix_pdf,
    log:
        RUN.log("report_appendix"),
    priority: 1
    run:
        from lmsanalyse.report import render_appendix

        render_appendix(named(input), output.pdf, log=log[0])


rule sensitivity_report:
    """Render the HTML and PDF report that compares every definition with the main one."""
    input:
        summary=RUN.sensitivity,
        changes=RUN.sensitivity_changes,
        provenance=RUN.provenance,
        definitions=definition_records(),
    output:
        html=RUN.sensitivity_html,
        pdf=RUN.sensitivity_pdf,
    log:
        RUN.log("sensitivity_report"),
    run:
        from lmsanalyse.report import render_sensitivity

        sources = [input.summary, input.changes, input.provenance, input.definitions]
        render_sensitivity(*sources, output.html, output.pdf, log=log[0])


rule personal_data_guard:
    """Fail the run if any personal value from the raw exports, or any e-mail address or
    phone number, appears in data/processed/ or reports/; the outputs holding one are deleted."""
    input:
        **raw_files(),
        header_aliases=CONFIG_FILES["header_aliases"],
        reports=RUN.report_files(),
        figures=RUN.figure_files(figure_stems()),
        datapackage=RUN.datapackage,
        reconciliations=[RUN.reconciliation(d) for d in DEFINITIONS],
        sensitivity=RUN.sensitivity,
    output:
        RUN.guard_record,
    log:
        RUN.log("personal_data_guard"),
    run:
        from lmsanalyse.guard import run_guard

        folders, raw = RUN.guarded_folders(), by_source(input)
        run_guard(raw, input.header_aliases, folders, output[0], PLACE_NAMES, log=log[0])
