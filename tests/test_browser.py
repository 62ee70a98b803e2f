"""The HTML report in a real browser: headless Chromium driven by Playwright, network off.

Skipped, with the reason, only when Chromium or Playwright is not installed (.ci/run installs
both: Debian's `chromium` and the `playwright` package; no browser is downloaded).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.slow

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright er ikke installert")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"Chromium finnes ikke i {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def report_html(workflow_run) -> Path:
    return workflow_run / "reports" / "lms_kartlegging.html"


@pytest.fixture(scope="module")
def page(report_html):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.problems = []
        page.requests = []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(report_html.as_uri())
        page.wait_for_load_state("load")
        yield page
        context.close()
        browser.close()


def test_renders_without_console_errors_or_requests(page, report_html):
    assert page.problems == []
    assert page.requests == [report_html.as_uri()]
    assert page.title().startswith("Lærings- og mestringstjenester")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "rapport_nettleser.png"), full_page=False)
    assert (ARTIFACTS / "rapport_nettleser.png").stat().st_size > 10_000


def test_kommune_filter(page):
    rows = page.locator("table[data-filter='kommunefilter'] tbody tr")
    assert rows.count() == 428
    assert page.locator("#kommuneteller").inner_text() == "Viser 428 av 428 rader"
    page.fill("#kommunefilter", "Narvik")
    visible = rows.filter(visible=True)
    assert visible.count() == 1
    assert visible.first.inner_text().startswith("1805")
    assert page.locator("#kommuneteller").inner_text() == "Viser 1 av 428 rader"
    page.fill("#kommunefilter", "nordland dekket")
    assert page.locator("#kommuneteller").inner_text().startswith("Viser ")
    page.fill("#kommunefilter", "")
    assert page.locator("#kommuneteller").inner_text() == "Viser 428 av 428 rader"


def test_sorting_by_a_column(page):
    table = page.locator("table[data-filter='kommunefilter']")
    first_cell = table.locator("tbody tr").first.locator("td").first
    assert first_cell.inner_text() == "0101"
    table.locator("thead th button").first.click()
    table.locator("thead th button").first.click()
    assert first_cell.inner_text() == "2030"
    ARTIFACTS.mkdir(exist_ok=True)
    page.fill("#kommunefilter", "Narvik")
    page.locator("#kommunefilter").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "rapport_filter.png"))
