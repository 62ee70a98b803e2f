"""The HTML reports in a real browser: headless Chromium driven by Playwright, network off.

WCAG 2.1 AA: axe-core (bundled by axe-playwright-python, run offline) finds no violation at
1280 and 320 CSS px; at 320 px the page reflows without horizontal scrolling (1.4.10) and
wide tables scroll inside their own focusable region; the map names a kommune on focus.

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


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, path: Path, width: int):
    context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page


@pytest.fixture(scope="module")
def page(browser, report_html):
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


REPORTS = ("lms_kartlegging.html", "sensitivitet.html")


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", REPORTS)
def test_axe_finds_no_wcag_violation(browser, workflow_run, name, width):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, workflow_run / "reports" / name, width)
    try:
        result = Axe().run(page)
        violations = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
            for v in result.response["violations"]
        ]
        assert violations == []
        assert result.response["testEngine"]["name"] == "axe-core"
    finally:
        context.close()


@pytest.mark.parametrize("name", REPORTS)
def test_reflows_at_320_px_with_wide_tables_scrolling_in_their_region(browser, workflow_run, name):
    context, page = open_page(browser, workflow_run / "reports" / name, 320)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        regions = page.evaluate(
            """() => Array.from(document.querySelectorAll('.tabell-ramme')).map(d => ({
                 wide: d.scrollWidth > d.clientWidth + 1,
                 right: d.getBoundingClientRect().right,
                 focusable: d.tabIndex === 0 && d.getAttribute('role') === 'region'
                   && !!document.getElementById(d.getAttribute('aria-labelledby')),
               }))"""
        )
        assert regions and all(r["focusable"] and r["right"] <= 320 for r in regions)
        assert any(r["wide"] for r in regions)  # the audit tables scroll inside their region
        if name == "lms_kartlegging.html":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "rapport_320.png"))
    finally:
        context.close()


def test_map_names_a_kommune_on_focus(browser, workflow_run):
    context, page = open_page(browser, workflow_run / "reports" / "lms_kartlegging.html", 1280)
    try:
        oslo = page.locator('g[id="kart24-k0301"]')
        oslo.focus()
        assert page.evaluate("document.activeElement.id") == "kart24-k0301"
        assert page.evaluate("document.activeElement.querySelector('title').textContent") == (
            "Oslo: dekket"
        )
        # The skip link jumps past the 424 focusable kommuner.
        page.locator('a[href="#etter-kart-2024"]').click()
        assert page.evaluate("location.hash") == "#etter-kart-2024"
    finally:
        context.close()
