"""The PDF edition's appendix document (``reports/lms_kartlegging_vedlegg.pdf``, issue 14):
the report's two long tables with the same numbers, titles and sources, rendered in a
process of its own; the main PDF points to it where the HTML has the tables.

The fast tier renders the appendix's and the PDF edition's HTML from the bundled run; the
slow tier reads the workflow's PDFs (tags, language, banner, links, byte-identical reruns).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from helpers import report_inputs
from lmsanalyse.guard import SYNTHETIC_BANNER
from lmsanalyse.layout import APPENDIX_PDF, REPORT_PDF, RunLayout
from pdfcheck import pdf_info

LONG_TABLES = ("kommuner_2024", "kommuner")


@pytest.fixture(scope="module")
def layout(bundled_run) -> RunLayout:
    return RunLayout(bundled_run)


@pytest.fixture(scope="module")
def context(layout) -> dict:
    from lmsanalyse.report.context import build_context

    return build_context(report_inputs(layout))


@pytest.fixture(scope="module")
def html(layout) -> str:
    return layout.report_html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_html(context) -> str:
    """The HTML the main PDF is made from (the PDF edition)."""
    from lmsanalyse.report.render import render_html

    return render_html(context | {"utgave": "pdf"})


@pytest.fixture(scope="module")
def appendix_html(layout) -> str:
    from lmsanalyse.report.context import build_appendix_context
    from lmsanalyse.report.render import VEDLEGG_TEMPLATE, render_html

    inputs = layout.appendix_inputs("nklmh_2015")
    return render_html(build_appendix_context(inputs), VEDLEGG_TEMPLATE)


def captions(html: str) -> dict[str, str]:
    """Each numbered table's caption text by its id."""
    found = re.findall(r'<caption id="tabell-([^"]+)">(.*?)</caption>', html, re.S)
    return {i: unescape(re.sub(r"<[^>]+>", "", text)) for i, text in found}


def table_rows(html: str, marker: str) -> list[str]:
    start = html.index(marker)
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return re.findall(r"<tr[ >].*?</tr>", body, re.S)


def test_appendix_numbers_its_tables_as_the_report_does(html, appendix_html, context):
    report, appendix = captions(html), captions(appendix_html)
    # The provenance first, so that the long tables run to the end (no other section starts
    # below the tail of a long table under its running header).
    assert list(appendix) == ["inndata", "konfigurasjon", "kommuner_2024", "kommuner"]
    for table_id, caption in appendix.items():
        assert caption == report[table_id]
    assert appendix["kommuner_2024"].startswith(f"{context['tab']['kommuner_2024'].etikett}. ")
    assert appendix["kommuner"].startswith("Tabell 16. Alle kommuner (2014) med status og årsak")
    # Each table's source under it, as in the report.
    for table_id in LONG_TABLES:
        assert f"Kilde: {context['tab'][table_id].kilde}" in unescape(appendix_html)


def test_appendix_lists_every_kommune_and_the_covered_2024_kommuner(appendix_html, layout):
    status = pd.read_csv(layout.published("kommune_2024_status.csv"), dtype=str)
    covered = status["status_2024"].isin(["dekket", "delvis dekket"])
    rows = table_rows(appendix_html, '<table class="revisjon k2024"')
    assert len(rows) == int(covered.sum()) == 73
    # Rows left out of print are not written at all.
    assert not any('class="ikke-dekket"' in r for r in rows)
    assert sum('class="delvis-dekket"' in r for r in rows) == 18
    kommuner = table_rows(appendix_html, 'id="vedlegg-kommuner-tittel"')
    assert len(kommuner) == len(pd.read_parquet(layout.published("kommune_status.parquet"))) == 428


def test_appendix_is_a_report_of_its_own(appendix_html):
    assert '<html lang="nb">' in appendix_html
    title = re.search(r"<title>(.*?)</title>", appendix_html).group(1)
    assert title.startswith("Vedlegg: Lærings- og mestringstjenester i kommunene")
    assert SYNTHETIC_BANNER in title
    assert f'<p class="syntetisk" role="note">{SYNTHETIC_BANNER}</p>' in appendix_html
    # Provenance: who made it from what, and the input hashes.
    assert "Samme inndata, konfigurasjon, kode og tidspunkt gir byte-identiske filer." in (
        appendix_html
    )
    assert 'id="tabell-inndata"' in appendix_html
    # Linked to the main PDF; nothing interactive, no script.
    assert f'<a href="{REPORT_PDF}">{REPORT_PDF}</a>' in appendix_html
    assert "<script" not in appendix_html and "<input" not in appendix_html
    assert not re.search(r"https?://", appendix_html)  # fetches nothing, links nowhere else


def test_pdf_edition_points_to_the_appendix_for_the_long_tables(html, pdf_html):
    # The HTML keeps both tables whole (filterable); the PDF edition has neither.
    assert 'data-filter="kommune2024filter"' in html and 'data-filter="kommunefilter"' in html
    assert '<table class="revisjon k2024"' not in pdf_html
    assert 'data-filter="kommunefilter"' not in pdf_html
    for table_id, label in (("kommuner_2024", "Tabell 8"), ("kommuner", "Tabell 16")):
        pointer = re.search(rf'<p class="henvisning" id="tabell-{table_id}">(.*?)</p>', pdf_html)
        assert pointer, table_id
        assert pointer.group(1).startswith(f'<span class="nummer">{label}.</span>')
        assert f'<a href="{APPENDIX_PDF}">{APPENDIX_PDF}</a>' in pointer.group(1)
    # Every other table has the same number and caption in both editions.
    report, edition = captions(html), captions(pdf_html)
    assert {k: v for k, v in report.items() if k not in LONG_TABLES} == edition
    # Outside the two places the editions are the same document.
    assert pdf_html.count("<figure") == html.count("<figure")


def test_a_failing_appendix_names_the_missing_file_in_its_log(layout, tmp_path):
    from lmsanalyse.report import ReportDataError, render_appendix

    inputs = layout.appendix_inputs("nklmh_2015") | {"figures": tmp_path / "mangler.csv"}
    log = tmp_path / "vedlegg.log"
    with pytest.raises(ReportDataError) as caught:
        render_appendix(inputs, tmp_path / "v.pdf", log=log)
    assert "mangler.csv" in str(caught.value)
    assert "mangler.csv" in log.read_text(encoding="utf-8")
    assert not (tmp_path / "v.pdf").exists()


# --------------------------------------------------------------------------- PDF (slow)


def _links(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    uris = []
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


@pytest.mark.slow
def test_the_two_pdfs_link_to_each_other(workflow_run):
    reports = workflow_run / "reports"
    assert _links(reports / REPORT_PDF).count(APPENDIX_PDF) == 2  # in place of tabell 8 and 16
    assert _links(reports / APPENDIX_PDF) == [REPORT_PDF]


@pytest.mark.slow
def test_2024_list_in_the_appendix_pdf_has_only_covered_kommuner(workflow_run):
    from test_report import _figures, pdf_text_of

    figures = _figures(workflow_run / "data" / "processed")
    text = pdf_text_of(workflow_run / "reports" / APPENDIX_PDF)
    start = text.index("Tabell 8. Kommunene i 2024 med status")
    part = text[start : text.index("Vedlegg A: Alle kommuner med status og årsak", start)]
    assert len(re.findall(r"Delvis\s+dekket", part)) == figures["kommuner_2024_delvis_dekket"][0]
    assert len(re.findall(r"\bDekket\b", part)) == figures["kommuner_2024_dekket"][0]
    assert "Ikke dekket" not in part
    assert "Snillfjord" in text and "Tysfjord" in text
    main = pdf_text_of(workflow_run / "reports" / REPORT_PDF)
    assert (
        "Tabell 8. Kommunene i 2024 med status og kommunene fra 2014 de består av: står i" in main
    )


@pytest.mark.slow
def test_rendering_the_appendix_twice_gives_identical_bytes(workflow_run, tmp_path):
    from lmsanalyse.report import render_appendix

    pdf = tmp_path / "igjen.pdf"
    render_appendix(RunLayout(workflow_run).appendix_inputs("nklmh_2015"), pdf)
    assert pdf.read_bytes() == (workflow_run / "reports" / APPENDIX_PDF).read_bytes()


@pytest.mark.slow
def test_appendix_pdf_pages_carry_numbers_and_its_own_footer(workflow_run):
    pages = pdf_info(workflow_run / "reports" / APPENDIX_PDF).pages
    from pypdf import PdfReader

    texts = [p.extract_text() for p in PdfReader(workflow_run / "reports" / APPENDIX_PDF).pages]
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Side {number} av {pages}" in text
        assert "Vedlegg – Lærings- og mestringstjenester i kommunene 2014/2015" in text
