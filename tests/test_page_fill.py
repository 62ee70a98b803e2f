"""The PDF edition fills its pages: a figure taller than what is left of a page floats on and
the text after it fills the page; a long table breaks between rows (its header repeated on
the next page); a short table stays on one page. Each case is a small HTML document typeset as
the report is (report/typst_markup.py, report/typeset.py) and measured by what is printed on
each page (pdfcheck.page_fill). The reports themselves are measured on three data sets in
tests/test_reader.py."""

from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest

from lmsanalyse.report.typeset import write_pdf
from pdfcheck import page_fill, pdfua_failures

STAMP = dt.datetime(2015, 3, 1)
WORDS = (
    "Kartleggingen spurte rådmennene om kommunen har en lærings- og mestringstjeneste, og "
    "ringte dem som ikke svarte; lederne av tjenestene ble intervjuet på telefon. "
)


def paragraphs(count: int, first: int = 1) -> str:
    return "".join(f"<p>Avsnitt {first + i}. {WORDS * 4}</p>" for i in range(count))


def svg(height_pt: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="{height_pt}pt" '
        f'viewBox="0 0 400 {height_pt}"><title>{title}</title>'
        f'<rect x="0" y="0" width="400" height="{height_pt}" fill="#1f5f7a"/></svg>'
    )


def figure(height_pt: int, caption: str) -> str:
    return (
        f'<figure id="figur-test">{svg(height_pt, "Et blått rektangel")}'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def table(rows: int, caption: str) -> str:
    head = '<tr><th scope="col">Kommune</th><th scope="col">Tjenester</th></tr>'
    body = "".join(
        f'<tr><td>Kommune {i + 1}</td><td class="tall">{i % 3}</td></tr>' for i in range(rows)
    )
    return (
        f'<table><caption id="tabell-test">{caption}</caption><thead>{head}</thead>'
        f"<tbody>{body}</tbody></table>"
    )


def document(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Sideprøve</title>'
        f"</head><body><main><h1>Sideprøve</h1>{body}</main></body></html>"
    )


def typeset(tmp_path, body: str):
    path = tmp_path / "prove.pdf"
    write_pdf(document(body), path, STAMP)
    return path


def pages_with(path, text: str) -> list[int]:
    """The pages (from 1) on which ``text`` is printed."""
    pdf = pypdfium2.PdfDocument(path)
    found = [i + 1 for i, page in enumerate(pdf) if text in page.get_textpage().get_text_range()]
    pdf.close()
    return found


# Each paragraph is about an eighth of a page: 3 to 5 fill 40 % to 65 % of the first.
@pytest.mark.parametrize("before", [3, 4, 5])
def test_a_figure_taller_than_the_rest_of_the_page_lets_the_text_fill_it(tmp_path, before):
    """A figure of two thirds of a page after text that fills half a page or more: the text
    after the figure fills the first page, the figure stands on the second with its caption."""
    body = paragraphs(before) + figure(480, "Figur 1. Prøvefiguren") + paragraphs(30, before + 1)
    path = typeset(tmp_path, body)
    fills = page_fill(path)
    assert len(fills) >= 3
    assert all(f > 0.9 for f in fills[:-1]), [round(f, 2) for f in fills]
    assert pages_with(path, "Figur 1. Prøvefiguren") == [2]
    # The paragraph after the figure begins on page 1, under the one before the figure.
    assert pages_with(path, f"Avsnitt {before + 1}.")[0] == 1
    assert pdfua_failures(path) == []


@pytest.mark.parametrize("rows", [40, 70, 120])
def test_a_long_table_breaks_between_rows_and_repeats_its_header(tmp_path, rows):
    body = paragraphs(4) + table(rows, "Tabell 1. Prøvetabellen") + paragraphs(2, 100)
    path = typeset(tmp_path, body)
    fills = page_fill(path)
    assert all(f > 0.9 for f in fills[:-1]), [round(f, 2) for f in fills]
    first = pages_with(path, "Kommune 1\r\n") or pages_with(path, "Kommune 1")
    last = pages_with(path, f"Kommune {rows}")
    assert first[0] == 1 and last[-1] > 1  # begins under the text, ends on a later page
    # The header stands on every page the table is on.
    assert pages_with(path, "Tjenester") == list(range(1, last[-1] + 1))
    assert pdfua_failures(path) == []


@pytest.mark.parametrize("rows", [6, 8])
def test_a_short_table_is_kept_on_one_page(tmp_path, rows):
    """Text that leaves a few lines at the foot of page 1: the short table goes on whole."""
    body = paragraphs(7) + table(rows, "Tabell 1. Prøvetabellen") + paragraphs(2, 100)
    path = typeset(tmp_path, body)
    where = pages_with(path, "Prøvetabellen")
    assert where == pages_with(path, f"Kommune {rows}") == pages_with(path, "Kommune 1")
