"""Reading the pipeline's PDFs with pip-installed libraries only (no poppler): the document
information, the page count and the tagged-PDF flags with pypdf, and PDF/UA-1 conformance with
page-validation (an offline Rust validator of the veraPDF rules)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    tagged: bool
    metadata_stream: bool
    title: str
    subject: str
    author: str


def pdf_info(path: Path) -> PdfInfo:
    """What `pdfinfo` prints of a PDF that the tests read, from pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    info = reader.metadata or {}
    return PdfInfo(
        pages=len(reader.pages),
        tagged=bool(mark_info and mark_info.get_object().get("/Marked")),
        metadata_stream="/Metadata" in root,
        title=str(info.get("/Title", "")),
        subject=str(info.get("/Subject", "")),
        author=str(info.get("/Author", "")),
    )


def pdfua_failures(path: Path) -> list[str]:
    """Every PDF/UA-1 rule the PDF fails, as "rule id: message"; [] when it conforms."""
    import page

    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    assert report.rules.total >= 100, f"{path}: page-validation checked {report.rules.total} rules"
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant == (not failures)
    return failures


def page_fill(path: Path) -> list[float]:
    """Per page, how far down its text area something is printed (text, a line, an image):
    the share of the area's height from its top to the lowest object's foot, 1.0 for a full
    page. The running header and footer, in the margins, do not count."""
    import pypdfium2

    from lmsanalyse.report.typeset import MARGIN_BOTTOM, MARGIN_TOP

    cm = 72 / 2.54
    pdf = pypdfium2.PdfDocument(path)
    fills = []
    for page in pdf:
        top = page.get_height() - MARGIN_TOP * cm
        bottom = MARGIN_BOTTOM * cm
        feet = []
        for obj in page.get_objects(max_depth=1):
            _left, foot, _right, head = obj.get_bounds()
            if foot < top - 1 and head > bottom + 1:  # not in a margin
                feet.append(max(foot, bottom))
        fills.append((top - min(feet)) / (top - bottom) if feet else 0.0)
    pdf.close()
    return fills
