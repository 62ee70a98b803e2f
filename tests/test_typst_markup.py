"""The PDF edition says what the HTML says: text right after inline markup survives Typst."""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest

from lmsanalyse.report.typeset import write_pdf

STAMP = dt.datetime(2015, 5, 19, 1, 46, 40)


def pdf_text(tmp_path, body: str) -> str:
    html = (
        '<!DOCTYPE html><html lang="nb"><head><title>Prøve</title></head>'
        f"<body><p>{body}</p></body></html>"
    )
    pdf = tmp_path / "prove.pdf"
    write_pdf(html, pdf, STAMP)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    # Compared without white space: a badge's padding reads as a space.
    return "".join(text.split()).removesuffix("Side1av1")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Typst ends an embedded expression at a ";" and drops it.
        ("fra <code>a.csv</code>; hver definisjon", "fra a.csv; hver definisjon"),
        ("<strong>Ja</strong>; og så", "Ja; og så"),
        ('<span class="merke">Nei</span>; og så', "Nei; og så"),
        # A full stop and a word would be a field of the expression.
        ("filen <em>tabell</em>.csv finnes", "filen tabell.csv finnes"),
        # A parenthesis would be a call.
        ("<strong>79</strong>(18 %) kommuner", "79(18 %) kommuner"),
        ('se <a href="#x">tabell 3</a>(vedlegg)</p><p id="x">Mål', "se tabell 3(vedlegg)Mål"),
        # Text that needs no guard is left as it is.
        ("<code>x</code> og <em>y</em>, z", "x og y, z"),
    ],
)
def test_text_after_inline_markup_is_kept(tmp_path, body, expected) -> None:
    assert pdf_text(tmp_path, body) == "".join(expected.split())
