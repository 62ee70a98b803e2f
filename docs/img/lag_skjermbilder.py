"""Screenshots of a run's reports for the README (desktop, 320 px, PDF pages).

    .venv/bin/python docs/img/lag_skjermbilder.py RUN_DIR

Needs Debian's chromium (the HTML screenshots, as the browser test does); the PDF pages are
drawn by pypdfium2 (a test dependency), so poppler is not needed.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent


def main(run: Path) -> None:
    html = (run / "reports" / "lms_kartlegging.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, name in ((1280, "rapport_1280.png"), (320, "rapport_320.png")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(html)
            page.screenshot(path=str(HERE / name))
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(html + "#dagens-kart")
        page.locator('g[id="kart24-k1805"]').focus()
        page.locator("#figur-kart24").scroll_into_view_if_needed()
        page.screenshot(path=str(HERE / "rapport_kart_2024.png"))
        page.goto(html + "#tabell-kommuner")
        page.set_viewport_size({"width": 320, "height": 700})
        page.screenshot(path=str(HERE / "rapport_320_tabell.png"))
        browser.close()
    pdf_pages(run / "reports" / "lms_kartlegging.pdf", (1, 4, 10), dpi=60)


def pdf_pages(pdf: Path, numbers, dpi: int, folder: Path = HERE) -> list[Path]:
    """PDF pages (numbered from 1) as PNG files ``pdf_side_NN.png``, drawn by pdfium."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    written = []
    for number in numbers:
        image = document[number - 1].render(scale=dpi / 72).to_pil()
        written.append(folder / f"pdf_side_{number:02d}.png")
        image.save(written[-1])
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
