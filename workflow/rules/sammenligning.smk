# Two finished runs (waves) compared on today's kommune map: `snakemake sammenligning` does
# what `lmsanalyse sammenlign A B --out C` does, for the pair in config `sammenligning`
# (a, b, ut; indikator). Not part of `all`. A wave that is this workflow's own out_dir is
# made first.
from lmsanalyse.compare.comparison_layout import ComparisonLayout, indicator_inputs, wave_inputs
from lmsanalyse.report.innhold import comparison_figure_stems

PAIR = CFG.comparison


if all(PAIR[key] is not None for key in ("a", "b", "ut")):
    COMPARISON = ComparisonLayout.of(PAIR["ut"])
    WITH_INDICATOR = PAIR["indikator"] is not None

    rule sammenligning:
        """Compare the configured pair of waves: tables, report, workbook, figures, guard."""
        input:
            **wave_inputs(PAIR["a"], "a"),
            **wave_inputs(PAIR["b"], "b"),
            reference=list(REFERENCE.values()),
            indicator=indicator_inputs(PAIR["indikator"]),
            config=CONFIG_FILES["config"],
        output:
            **COMPARISON.outputs(WITH_INDICATOR),
            figures=COMPARISON.figure_files(
                comparison_figure_stems(WITH_INDICATOR, "kart" in REFERENCE)
            ),
        params:
            settings={"tjenester": PAIR["tjenester"]},
            year=PAIR["indikator_ar"],
        log:
            COMPARISON.log("sammenligning"),
        run:
            from lmsanalyse.sammenlign import ComparisonRequest, run_comparison

            request = ComparisonRequest(
                PAIR["a"],
                PAIR["b"],
                PAIR["ut"],
                CFG.reference_dir,
                params.settings,
                CFG.rapport,
                input.config,
                BASE,
                PAIR["indikator"],
                params.year,
            )
            run_comparison(request, log=log[0])

else:

    rule sammenligning:
        """Without a configured pair: say which config keys to set."""
        log:
            RUN.log("sammenligning"),
        run:
            raise WorkflowError(
                "sammenligning.a, sammenligning.b og sammenligning.ut må settes i "
                "konfigurasjonen (eller bruk lmsanalyse sammenlign A B --out C)"
            )
