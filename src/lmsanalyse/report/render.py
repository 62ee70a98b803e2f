"""Rendering: the HTML from the templates, the PDF from the same HTML, both reproducible.

The output is byte-identical between runs: SVG ids are salted and renamed per figure, the SVG
carries no date, the PDF's dates are the run time from ``provenance.json``, and
``SOURCE_DATE_EPOCH`` is set from it while WeasyPrint writes (font subsets carry a timestamp).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..runlog import logged
from .context import build_context, build_sensitivity_context
from .data import w3c_date
from .environment import make_environment
from .svg import GLOBAL_STATE

log = logging.getLogger(__name__)

TEMPLATE = "rapport.html.j2"
SENSITIVITET_TEMPLATE = "sensitivitet.html.j2"


def render_html(context: dict, template: str = TEMPLATE) -> str:
    return make_environment().get_template(template).render(context)


@contextlib.contextmanager
def _source_date_epoch(stamp: dt.datetime) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` from the run time unless it is set already."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=dt.UTC).timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _no_fetch(url: str, *args, **kwargs):
    """The report is self-contained: WeasyPrint must not fetch anything."""
    raise ValueError(f"rapporten skal ikke hente eksterne ressurser: {url}")


def write_pdf(html: str, pdf_path: Path, stamp: dt.datetime) -> None:
    """The PDF from the same HTML (print styles), with fixed metadata dates."""
    from weasyprint import HTML

    with GLOBAL_STATE, _source_date_epoch(stamp):
        document = HTML(string=html, url_fetcher=_no_fetch).render()
        document.metadata.created = w3c_date(stamp)
        document.metadata.modified = w3c_date(stamp)
        document.write_pdf(pdf_path)


def write_outputs(html: str, html_path: Path, pdf_path: Path, stamp: dt.datetime) -> None:
    """Write the HTML file and the PDF made from it (folders created as needed)."""
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8", newline="\n")
    write_pdf(html, pdf_path, stamp)
    log.info("skrev %s og %s", html_path, pdf_path)


@logged
def render_report(inputs: dict[str, Path], html_path: Path, pdf_path: Path) -> None:
    """Render ``lms_kartlegging.html`` and ``lms_kartlegging.pdf`` from the processed data.

    Args:
        inputs: the files it reads by name (:data:`.context.REPORT_INPUTS`): figures,
            decision tables, reconciliation, row accounting, provenance, the main
            definition's ``definisjon.json`` and the map.
        html_path: the self-contained HTML file to write.
        pdf_path: the PDF file to write.

    Raises:
        ReportDataError: a file or a figure the report needs is missing.
    """
    context = build_context(inputs)
    write_outputs(render_html(context), html_path, pdf_path, context["kjoretidspunkt"])


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
