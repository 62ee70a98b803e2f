"""Rendering: the HTML from the templates, the PDF typeset from the same HTML (tagged
PDF/UA-1, :mod:`.typeset`), and the take-away files (the workbook and each figure as SVG, PNG
and alternative text).

The output is byte-identical between runs: SVG ids are salted and renamed per figure, the SVG
carries no date, the PDF's date is the run time from ``provenance.json`` and Typst uses only
the fonts it carries; the workbook's zip entries and document dates are the run time too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

from ..runlog import logged
from .context import build_appendix_context, build_context, build_sensitivity_context
from .environment import make_environment
from .typeset import svgs_to_png, write_pdf

log = logging.getLogger(__name__)

TEMPLATE = "rapport.html.j2"
SENSITIVITET_TEMPLATE = "sensitivitet.html.j2"
VEDLEGG_TEMPLATE = "rapport_vedlegg.html.j2"


def render_html(context: dict, template: str = TEMPLATE) -> str:
    return make_environment().get_template(template).render(context)


# The figure files' PNG resolution.
PNG_DPI = 300


def write_figure_files(context: dict, folder: Path) -> list[Path]:
    """Each numbered figure as ``figur_NN_<id>.svg``, ``.png`` (300 dpi, rasterised from the
    SVG) and ``.txt`` (its title, alternative text and source) in ``folder``, which is
    emptied first. On synthetic data the PNG says so in its Description, as the image does."""
    folder = Path(folder)
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    figures = list(context["fig"].values())
    charts = [context["svg"][f.id] for f in figures]
    banner = context["rapport"]["banner"] if context["rapport"]["syntetisk"] else ""
    marks = {"Description": banner, "Disclaimer": banner} if banner else {}
    pngs = svgs_to_png([str(c.svg) for c in charts], PNG_DPI, marks)
    written = []
    for f, chart, png in zip(figures, charts, pngs, strict=True):
        base = folder / f.fil
        svg = '<?xml version="1.0" encoding="utf-8"?>\n' + str(chart.svg)
        base.with_suffix(".svg").write_text(svg, encoding="utf-8", newline="\n")
        base.with_suffix(".png").write_bytes(png)
        text = f"{f.etikett}. {f.tittel}\n\nAlternativ tekst:\n{chart.alt}\n\nKilde: {f.kilde}\n"
        if banner:
            text = f"{banner}\n\n{text}"
        base.with_suffix(".txt").write_text(text, encoding="utf-8", newline="\n")
        written += [base.with_suffix(s) for s in (".svg", ".png", ".txt")]
    return written


def write_outputs(
    html: str, html_path: Path, pdf_path: Path, stamp: dt.datetime, pdf_html: str | None = None
) -> None:
    """Write the HTML file and the PDF made from it, or from ``pdf_html`` (the PDF edition's
    own HTML) when given (folders created as needed)."""
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8", newline="\n")
    write_pdf(html if pdf_html is None else pdf_html, pdf_path, stamp)
    log.info("skrev %s og %s", html_path, pdf_path)


@logged
def render_report(
    inputs: dict[str, Path],
    html_path: Path,
    pdf_path: Path,
    xlsx_path: Path | None = None,
    figure_dir: Path | None = None,
) -> None:
    """Render ``lms_kartlegging.html`` and ``.pdf`` from the processed data, and the
    take-away workbook and figure files.

    Args:
        inputs: the files it reads by name (``RunLayout.report_inputs``): figures,
            decision tables, reconciliation, row accounting, provenance, the main
            definition's ``definisjon.json`` and the map.
        html_path: the self-contained HTML file to write.
        pdf_path: the PDF file to write.
        xlsx_path: ``lms_kartlegging.xlsx``, one sheet per numbered table (None: not written).
        figure_dir: ``reports/figurer/``, each figure as SVG, PNG and text (None: not written).

    Raises:
        ReportDataError: a file or a figure the report needs is missing.
    """
    context = build_context(inputs)
    stamp = context["kjoretidspunkt"]
    # The PDF edition points to its appendix document where the HTML has the long tables.
    pdf_html = render_html(context | {"utgave": "pdf"})
    write_outputs(render_html(context), html_path, pdf_path, stamp, pdf_html)
    if xlsx_path is not None:
        from .excel_workbook import write_workbook

        write_workbook(context, xlsx_path, stamp)
    if figure_dir is not None:
        write_figure_files(context, figure_dir)


@logged
def render_appendix(inputs: dict[str, Path], pdf_path: Path) -> None:
    """Render ``lms_kartlegging_vedlegg.pdf``: the PDF edition's appendix document with the
    report's two long tables (the same numbers, titles and sources) and the provenance,
    tagged PDF/UA-1 like the report. It draws no chart.

    Args:
        inputs: the files it reads by name (:data:`.context.APPENDIX_INPUTS`).
        pdf_path: the PDF file to write.

    Raises:
        ReportDataError: a file or a figure the appendix needs is missing.
    """
    context = build_appendix_context(inputs)
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(render_html(context, VEDLEGG_TEMPLATE), pdf_path, context["kjoretidspunkt"])
    log.info("skrev %s", pdf_path)


@logged
def render_sensitivity(
    summary_csv: Path,
    changes_csv: Path,
    provenance_json: Path,
    definitions: Iterable[Path],
    html_path: Path,
    pdf_path: Path,
) -> None:
    """Render ``sensitivitet.html`` and ``sensitivitet.pdf``: every definition side by side.

    Args:
        summary_csv: ``sensitivitet.csv``.
        changes_csv: ``sensitivitet_endringer.csv``.
        provenance_json: ``provenance.json``.
        definitions: the ``definisjon.json`` of every definition in ``sensitivitet.csv``
            (their titles and rule texts).
        html_path: the self-contained HTML file to write.
        pdf_path: the PDF file to write.

    Raises:
        ReportDataError: a file, a column or a definition is missing, or the files disagree.
    """
    context = build_sensitivity_context(summary_csv, changes_csv, provenance_json, definitions)
    html = render_html(context, SENSITIVITET_TEMPLATE)
    write_outputs(html, html_path, pdf_path, context["kjoretidspunkt"])
