"""The report: key figures in the PDF, a self-contained HTML file, byte-identical reruns,
escaped data text, a clear error when figures.csv lacks a figure the template uses, the
section on today's (2020) kommuner, and manual decisions shown as manual.

The pipeline runs once per session into a temporary folder (target ``report``, so the
Snakemake rule renders the first copy); the escaping test runs it once more on raw data with a
hostile service name, and the manual-decision tests once more with a decisions file. The rule
table's tests render HTML only (no PDF) from that run's files with a definition made here.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import helpers
from lmsanalyse.norsk import round_half_up

REPO = Path(__file__).resolve().parents[1]
RAW_DIR = REPO / "data" / "raw"
REF_DIR = REPO / "data" / "reference"
HOSTILE = "<script>alert(1)</script>"
# Attributes whose value the browser may fetch or navigate to.
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset"}


def report_inputs(run_dir: Path, definition: str = "nklmh_2015") -> dict[str, Path]:
    """The report rule's inputs in a run folder (as workflow/rules/common.smk names them)."""
    from lmsanalyse.layout import RunLayout

    return helpers.report_inputs(RunLayout(run_dir), definition)


@pytest.fixture(scope="session")
def run_dir(bundled_run) -> Path:
    """The bundled data through every stage, with the report as HTML (no PDF)."""
    return bundled_run


@pytest.fixture(scope="session")
def processed(run_dir) -> Path:
    return run_dir / "data" / "processed"


@pytest.fixture(scope="session")
def html_text(run_dir) -> str:
    return (run_dir / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pdf_run(workflow_run) -> Path:
    """The whole workflow's run, for the tests of the PDF (slow tier)."""
    return workflow_run


@pytest.fixture(scope="session")
def pdf_text(pdf_run) -> str:
    return pdf_text_of(pdf_run / "reports" / "lms_kartlegging.pdf")


def pdf_text_of(path: Path) -> str:
    from pypdf import PdfReader

    return _normalise("\n".join(page.extract_text() for page in PdfReader(path).pages))


def _normalise(text: str) -> str:
    """No-break and narrow spaces as plain spaces, runs of spaces as one."""
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def _figures(processed: Path) -> dict[str, tuple[int, int | None]]:
    table = pd.read_csv(processed / "figures.csv", dtype=str, keep_default_na=False)
    return {
        r.figur: (int(r.verdi), int(r.nevner) if r.nevner else None)
        for r in table.itertuples(index=False)
    }


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


# --------------------------------------------------------------------------- (a) key figures


@pytest.mark.slow
def test_pdf_shows_key_figures_in_norwegian_format(pdf_text, processed):
    figures = _figures(processed)
    med, alle = figures["kommuner_med_tilbud"]
    assert (med, alle) == (79, 428)
    for expected in (
        "79 av 428",
        "18 %",
        "41 tjenester",
        "28 kommunale",
        "13 interkommunale",
        "5 165 802",
        "1 486 068",
        "42,5 %",
        "44 %",
        "19. mai 2015",
    ):
        assert expected in pdf_text, expected
    # Thousands never use a comma or a dot, and shares never an English decimal point.
    assert "5,165,802" not in pdf_text and "5.165.802" not in pdf_text
    assert "42.5 %" not in pdf_text


@pytest.mark.slow
def test_pdf_has_page_numbers_and_contents_with_page_numbers(pdf_run):
    from pypdf import PdfReader

    reader = PdfReader(pdf_run / "reports" / "lms_kartlegging.pdf")
    pages = [_normalise(page.extract_text()) for page in reader.pages]
    for number, text in enumerate(pages, start=1):
        assert f"Side {number} av {len(pages)}" in text
    # The contents give each section's page (target-counter); the heading is on that page.
    toc = next(p for p in pages if re.search(r"^Sammendrag ?\.{3,}", p, re.M))
    entries = re.findall(r"^(\S[^\n]*?) ?\.{3,} ?(\d+)$", toc, re.M)
    titles = [title for title, _ in entries]
    assert "Metode og gjennomføring" in titles
    assert "Vedlegg A: Alle kommuner med status og årsak" in titles
    assert "Dekning på dagens kommunekart (2024)" in titles
    assert len(entries) == 11
    for title, page in entries:
        assert title in pages[int(page) - 1], (title, page)
    assert [int(page) for _, page in entries] == sorted(int(page) for _, page in entries)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lms_kartlegging.pdf", "lms_kartlegging_vedlegg.pdf"])
def test_pdf_metadata_dates_come_from_provenance(pdf_run, name):
    from pypdf import PdfReader

    provenance = pdf_run / "data" / "processed" / "provenance.json"
    stamp = json.loads(provenance.read_text())["kjoretidspunkt"]
    info = PdfReader(pdf_run / "reports" / name).metadata
    expected = "D:" + re.sub(r"\D", "", stamp)
    assert info["/CreationDate"].startswith(expected)
    assert info["/ModDate"].startswith(expected)


@pytest.mark.slow
def test_figures_are_text_in_the_pdf(pdf_text):
    # svg.fonttype none: chart labels are searchable text, with Norwegian letters intact.
    for label in ("Med tjeneste (79)", "Andel av befolkningen", "Møre og Romsdal"):
        assert label in pdf_text, label
    assert "Finnmark - Finnmárku" in pdf_text


# --------------------------------------------------------------------------- (b) self-contained


def test_html_makes_no_external_requests(html_text):
    parsed = _parse(html_text)
    external = re.compile(r"^\s*(https?:|//|ftp:)", re.I)
    offending = [
        (tag, name, value)
        for tag, attrs in parsed.tags
        for name, value in attrs.items()
        if name in URL_ATTRIBUTES and value and external.match(value)
    ]
    assert offending == []
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "base"}
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert scripts and all("src" not in attrs for attrs in scripts)
    css = "\n".join(parsed.styles)
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", css)
    # A Content-Security-Policy forbids any fetch even if something slipped through.
    csp = [
        a
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_html_inlines_every_figure_with_unique_ids(html_text):
    parsed = _parse(html_text)
    # Seven figures; four bar charts also have a narrow variant (shown below 40rem).
    assert sum(tag == "svg" for tag, _ in parsed.tags) == 11
    assert html_text.count('<div class="smal">') == 4
    assert "<?xml" not in html_text and "<!DOCTYPE svg" not in html_text
    svgs = re.findall(r"<svg\b.*?</svg>", html_text, re.S)
    assert all(" style=" not in svg for svg in svgs)  # presentation attributes only
    ids = [attrs["id"] for _, attrs in parsed.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "dupliserte id-er i HTML"
    # Every internal reference points at an id that exists.
    refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html_text)
    assert {a or b for a, b in refs} <= set(ids)


def test_html_audit_tables_hold_every_kommune_and_service(html_text, processed):
    kommuner = pd.read_parquet(processed / "kommune_status.parquet")
    tjenester = pd.read_parquet(processed / "tjeneste_status.parquet")
    vedlegg_a = html_text.split('id="vedlegg-kommuner"')[1].split("</table>")[0]
    assert vedlegg_a.count("<tr>") == len(kommuner) + 1 == 429  # header + 428 kommuner
    vedlegg_b = html_text.split('id="vedlegg-tjenester"')[1].split("</table>")[0]
    assert len(re.findall(r"<tr[ >]", vedlegg_b)) == len(tjenester) + 1
    assert vedlegg_b.count('class="ekskludert"') == int((tjenester["inkludert"] != "Ja").sum())
    # Filter and sort work offline: the inline script and the filter field are there.
    assert 'data-sorterbar data-filter="kommunefilter"' in html_text
    assert 'id="kommunefilter"' in html_text and "localeCompare" in html_text


def test_reconciliation_lists_every_row_and_explains_each_avvik(html_text, processed):
    rec = pd.read_csv(processed / "reconciliation.csv", dtype=str, keep_default_na=False)
    section = html_text.split('id="avstemming"')[1].split("</table>")[0]
    # No codes for the reader: the ids are in the workbook.
    assert section.count('<code class="liten">') == 0
    assert section.count('<tr class="samsvar">') + section.count('<tr class="avvik">') == len(rec)
    avvik = rec[rec["status"] == "avvik"]
    assert len(avvik) >= 1
    assert section.count('<tr class="avvik">') == len(avvik)
    # Under each avvik its explanation, and under a figure the article calls something else
    # than the data counts, what separates the concepts.
    begrep = rec[rec["begrep"] != ""]
    assert list(begrep["figur"]) == ["tjenester_friskliv_navn", "tilbud_totalt"]
    assert section.count('<tr class="kommentar">') == len(avvik) + len(begrep)
    assert section.count("Samsvar i antall, men ulikt begrep</span>") == 2
    assert (
        "<strong>Ulikt begrep:</strong> Artikkelen kaller tallet lærings- og mestringstilbud"
        in section
    )
    # An avvik another reading explains is not the same as one nothing explains.
    explained = avvik["alternativ_status"] == "samsvar"
    assert section.count("Avvik, forklart av en annen lesning</span>") == explained.sum() == 2
    assert section.count('">Avvik</span>') == (~explained).sum() == 1
    from markupsafe import escape

    for comment in avvik["kommentar"]:
        assert str(escape(comment)) in section


# --------------------------------------------------------------------------- (c) reproducible


@pytest.mark.slow
def test_rendering_twice_gives_identical_bytes(pdf_run, tmp_path):
    """The rule rendered the first copy; render_report again into another folder."""
    from lmsanalyse.report import render_report

    html, pdf = tmp_path / "igjen.html", tmp_path / "igjen.pdf"
    render_report(report_inputs(pdf_run), html, pdf)
    assert html.read_bytes() == (pdf_run / "reports" / "lms_kartlegging.html").read_bytes()
    assert pdf.read_bytes() == (pdf_run / "reports" / "lms_kartlegging.pdf").read_bytes()


@pytest.mark.slow
def test_the_stage_functions_html_is_the_workflows(run_dir, tmp_path):
    """The fast tier's HTML (helpers.render_html_report) is what render_report writes."""
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.render import render_html

    again = render_html(build_context(report_inputs(run_dir)))
    assert again == (run_dir / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- (d) escaping


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """The bundled data with a script tag as the first service's name (HTML report only)."""
    import openpyxl

    base = tmp_path_factory.mktemp("hostile")
    raw = base / "raw"
    shutil.copytree(RAW_DIR, raw)
    book = openpyxl.load_workbook(raw / "telefonintervju.xlsx")
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("Tjenestens navn") + 1, value=HOSTILE)
    book.save(raw / "telefonintervju.xlsx")
    return helpers.build_run(base / "ut", raw, ("nklmh_2015",), html=True).root


def test_hostile_service_name_is_escaped(hostile_run):
    html = (hostile_run / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    # Only the report's own two scripts (JSON data and the table script) are there.
    assert len(re.findall(r"<script\b", html)) == 2


@pytest.mark.slow
def test_hostile_service_name_is_text_in_the_pdf(hostile_run, tmp_path):
    from lmsanalyse.report import render_report

    render_report(report_inputs(hostile_run), tmp_path / "r.html", tmp_path / "r.pdf")
    text = pdf_text_of(tmp_path / "r.pdf")
    assert HOSTILE in re.sub(r"\s+", "", text)  # shown as text in the PDF (may wrap)


# --------------------------------------------------------------------------- (e) figure ids


def test_every_template_figure_exists_in_figures_csv(processed):
    from lmsanalyse.report.context import CHART_FIGURES
    from lmsanalyse.report.environment import template_figure_ids

    used = template_figure_ids()
    assert {"kommuner_med_tilbud", "befolkning_dekket", "svarprosent_aapor_rr1"} <= used
    missing = (used | set(CHART_FIGURES)) - set(_figures(processed))
    assert missing == set()


@pytest.mark.parametrize("figur", ["tjenester_friskliv_navn", "ringerunde_forsok"])
def test_missing_figure_is_a_clear_error(run_dir, processed, tmp_path, figur):
    from lmsanalyse.report import ReportDataError, render_report

    table = pd.read_csv(processed / "figures.csv", dtype=str, keep_default_na=False)
    table[table["figur"] != figur].to_csv(tmp_path / "figures.csv", index=False)
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    with pytest.raises(ReportDataError, match=f"figures.csv mangler .*{figur}"):
        render_report(report_inputs(run_dir) | {"figures": tmp_path / "figures.csv"}, html, pdf)
    assert not html.exists() and not pdf.exists()


# --------------------------------------------------------------------------- helpers


def test_map_shows_sandefjord_from_0706_and_names_what_is_missing():
    from lmsanalyse.report.geometry import map_polygons
    from lmsanalyse.report.map import map_notes, map_status

    polygons = map_polygons(REF_DIR / "kommunekart_2017.geojson")
    on_map = {nr for nr, _rings, _holes in polygons}
    assert len(polygons) == 424 and "0710" in on_map and "0706" not in on_map
    kommuner = pd.read_csv(REF_DIR / "kommuner_2014.csv", dtype=str)
    kommuner["dekket"] = kommuner["kommunenummer"].map({"0706": "Ja", "1144": "Ja"}).fillna("Nei")
    status = map_status(kommuner, polygons)
    # Sandefjord covered, Andebu and Stokke not: the merged polygon is hatched, as partly covered.
    assert status["0710"] == "delvis dekket"
    assert sum(s == "dekket" for s in status.values()) == 0  # Kvitsøy (1144) has no polygon
    notes = " ".join(map_notes(kommuner, polygons, status))
    assert (
        "Sandefjord (0706), Andebu (0719) og Stokke (0720) vises som ett område, "
        "slik kartgrunnlaget fra 2017 har dem, skravert: "
        "Sandefjord har tjeneste, for Andebu og Stokke fant kartleggingen ingen." in notes
    )
    assert "Kvitsøy (1144, med tjeneste) og Træna (1835, ingen tjeneste funnet) mangler" in notes
    # All three covered: one status, no hatching.
    kommuner["dekket"] = (
        kommuner["kommunenummer"].isin(["0706", "0719", "0720"]).map({True: "Ja", False: "Nei"})
    )
    status = map_status(kommuner, polygons)
    assert status["0710"] == "dekket"
    notes = " ".join(map_notes(kommuner, polygons, status))
    assert "fra 2017 har dem, farget etter statusen de har felles (med tjeneste)." in notes


def test_simplified_ring_stays_closed_and_within_tolerance():
    from lmsanalyse.report.geometry import _seg_dist2, simplify_ring

    ring = [(0.0, 0.0), (50.0, 1.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.0)]
    simple = simplify_ring(ring, 5.0)
    assert simple[0] == simple[-1] == (0.0, 0.0)
    assert (50.0, 1.0) not in simple and (100.0, 100.0) in simple
    assert all(
        min(_seg_dist2(p, a, b) for a, b in zip(simple[:-1], simple[1:], strict=True)) <= 25.0
        for p in ring
    )


# --------------------------------------------------------------------------- (f) 2024 kommuner


def _section(html: str, section_id: str) -> str:
    return html.split(f'<section id="{section_id}"')[1].split("</section>")[0]


def test_2024_section_shows_the_three_counts_and_the_split_kommuner(html_text, processed):
    figures = _figures(processed)
    section = _section(html_text, "dagens-kart")
    assert "Dekning på dagens kommunekart (2024)</h2>" in section
    assert "357 kommuner i 15 fylker" in section
    counts = {}
    for status in ("dekket", "delvis_dekket", "ikke_dekket"):
        verdi, nevner = figures[f"kommuner_2024_{status}"]
        assert nevner == 357
        counts[status] = verdi
        share = round_half_up(100 * verdi / nevner)
        assert (
            f"{verdi} ({share}\u00a0%)" in section
            or f"{verdi} av 357 kommuner ({share}\u00a0%)" in section
        )
    assert f"{counts['dekket']} av 357" in section
    assert sum(counts.values()) == 357
    # The fylke table: 15 fylker, and its total row gives the same three counts.
    fylker = section.split('id="tabell-fylker_2024"')[1].split("</table>")[0]
    assert fylker.count("<tr><td>") == 15
    total = fylker.split('<tr class="sum"><td>Hele landet</td>')[1].split("</tr>")[0]
    assert re.findall(r'class="tall">([^<]+)<', total) == [
        "357",
        str(counts["dekket"]),
        str(counts["delvis_dekket"]),
        str(counts["ikke_dekket"]),
    ]
    # The split kommuner are explained with every kommune they went to.
    delte = section.split('<ul class="delte">')[1].split("</ul>")[0]
    assert "<strong>Snillfjord (1613)</strong>" in delte and "<strong>Tysfjord" in delte
    for navn in ("Heim", "Hitra", "Orkland", "Narvik", "Hamarøy"):
        assert f"{navn} (" in delte
    assert "Haram" in section
    # The list holds every 2024 kommune; print hides the ones not covered.
    body = section.split('class="revisjon k2024"')[1].split("</table>")[0]
    assert body.count('<tr class="ikke-dekket">') == counts["ikke_dekket"]
    assert body.count('<tr class="delvis-dekket">') == counts["delvis_dekket"]
    assert body.count('<tr class="dekket">') == counts["dekket"]


def test_map_names_each_kommune_on_hover_and_focus(html_text):
    kart = re.search(r'<figure id="figur-kart24".*?</figure>', html_text, re.S)[0]
    groups = re.findall(
        r'<g id="kart24-k(\d{4})" tabindex="0" class="omrade"><title>([^<]+)</title>', kart
    )
    assert len(groups) == 422  # every polygon of the 2017 map, focusable, with its name
    names = dict(groups)
    assert names["0301"] == "Oslo: dekket"
    # The split kommuner: each part of the shape with the 2024 kommune it lies in.
    parts = dict(
        re.findall(r'<g id="kart24-k(\d{4}-\d)" tabindex="0" class="omrade"><title>([^<]+)<', kart)
    )
    assert parts == {
        "1613-1": "Del av Snillfjord i Hitra: dekket",
        "1613-2": "Del av Snillfjord, delt mellom Heim og Orkland: delvis dekket",
        "1850-1": "Del av Tysfjord - Divtasvuodna i Hamarøy: ikke dekket",
        "1850-2": "Del av Tysfjord - Divtasvuodna, delt mellom Narvik og Hamarøy: ikke dekket "
        "(statusen fra 2014)",
    }
    # The Oslo inset repeats the kommuner around Oslo, named but not focusable twice.
    assert re.search(r'<g id="kart24-i0301" class="omrade"><title>Oslo: dekket</title>', kart)
    assert kart.count("Hopp over kartet") == 0  # the skip link stands before the figure
    assert 'href="#etter-kart-2024">Hopp over kartet</a>' in html_text


@pytest.mark.slow
def test_2024_list_is_in_the_appendix_not_in_the_main_pdf(pdf_text, processed):
    # The list itself is in lms_kartlegging_vedlegg.pdf (test_appendix); the main PDF points there.
    figures = _figures(processed)
    start = pdf_text.index("Kommunene i 2024 og kommunene fra 2014 de består av")
    part = re.sub(
        r"\s+", " ", pdf_text[start : pdf_text.index("Organisering av tjenestene", start)]
    )
    assert "står i vedlegget til PDF" in part and "lms_kartlegging_vedlegg.pdf" in part
    assert "Snillfjord" not in part and "Tysfjord" not in part
    ikke = figures["kommuner_2024_ikke_dekket"][0]
    assert f"Ikke dekket ({ikke})" in pdf_text  # the chart's legend is text


# --------------------------------------------------------------------------- flow chart


def test_flow_chart_counts_units_in_the_not_interviewed_box(html_text, processed):
    figures = _figures(processed)
    verdi, nevner = figures["radmann_ja_uten_tjeneste"]
    flyt = re.search(r"<svg[^>]*>\s*<title>Flytdiagram.*?</svg>", html_text, re.S)[0]
    assert f"Rådmannen svarte Ja, ikke intervjuet: {verdi}" in flyt
    assert f"av {nevner} enheter der rådmannen svarte Ja" in flyt
    # The kommuner with that status, split by whose Ja was not confirmed.
    kommuner = figures["kommuner_status_ja_uten_bekreftelse"][0]
    radmann = figures["kommuner_ikke_bekreftet_radmann_ja"][0]
    ringerunde = figures["kommuner_ikke_bekreftet_ringerunde_ja"][0]
    assert (kommuner, radmann, ringerunde) == (55, 43, 12)
    assert f"{kommuner} kommuner, {radmann} etter rådmannens Ja" in flyt
    assert f"og {ringerunde} etter Ja i ringerunden" in flyt
    assert "RR1, bare skjemaet: 41\u00a0%" in flyt and "svarprosent (AAPOR RR1)" not in flyt


# --------------------------------------------------------------------------- rule table

EGEN_I2_TEKST = "Brukerne er med som likeverdige partnere i alle faser (tekst fra testen)"


def write_definition(folder: Path, navn: str, regler: str, tittel: str = "Testdefinisjon") -> Path:
    """``<navn>.yaml`` in ``folder`` that extends nklmh_2015 (copied there), and its
    ``definisjon.json`` as the include stage writes it; returns the JSON file."""
    from lmsanalyse.config import load_definition
    from lmsanalyse.include.include_stage import definition_record

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config" / "definitions" / "nklmh_2015.yaml", folder / "nklmh_2015.yaml")
    source = folder / f"{navn}.yaml"
    source.write_text(
        f"navn: {navn}\nextends: nklmh_2015\ntittel: {tittel}\n"
        f"beskrivelse: Som NK LMHs definisjon, endret for en test.\nregler:\n{regler}",
        encoding="utf-8",
    )
    record = folder / navn / "definisjon.json"
    record.parent.mkdir()
    record.write_text(
        json.dumps(definition_record(load_definition(source)), ensure_ascii=False),
        encoding="utf-8",
    )
    return record


def render_main_html(run_dir: Path, tmp_path: Path, record: Path) -> str:
    """The main report's HTML (no PDF) with ``record`` as the main definition."""
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.render import render_html

    inputs = report_inputs(run_dir)
    provenance = json.loads(inputs["provenance"].read_text(encoding="utf-8"))
    provenance["hoveddefinisjon"] = json.loads(record.read_text(encoding="utf-8"))["navn"]
    (tmp_path / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    inputs |= {"definisjon": record, "provenance": tmp_path / "provenance.json"}
    return render_html(build_context(inputs))


def _rule_table(html: str) -> str:
    table = html.split("</span> Reglene i definisjonen")[1].split("</table>")[0]
    return table.split("<tbody>")[1]


def test_rule_table_has_the_main_definitions_rules_and_texts(html_text, processed):
    record = json.loads(
        (processed / "definisjoner" / "nklmh_2015" / "definisjon.json").read_text("utf-8")
    )
    table = _rule_table(html_text)
    figures = _figures(processed)
    for rule in record["regeltekster"]:
        verdi = figures[f"ekskludert_{rule['id']}"][0]
        assert f"<tr><td>{rule['kort']}</td><td>{rule['tekst']}</td>" in table
        assert f'<td class="tall">{verdi}</td>' in table
    # nklmh_2015 has no I5: figures.csv has no count of it, and the table has no row.
    assert "ekskludert_I5_i_gang" not in figures and "I5 i gang" not in table
    assert table.count("<tr>") == len(record["regeltekster"])
    # Public text names the definition by its title; its code only in the audit appendix.
    assert "definisjonen «NK LMHs publiserte definisjon»" in html_text
    before_appendix = html_text.split('<section id="vedlegg-kommuner"')[0]
    assert "nklmh_2015" not in before_appendix and "I2_brukermedvirkning" not in before_appendix


@pytest.mark.slow
def test_rule_text_overridden_in_a_definition_is_shown(run_dir, tmp_path):
    record = write_definition(
        tmp_path / "def",
        "egen_tekst",
        f"  I2_brukermedvirkning:\n    tekst: {EGEN_I2_TEKST}\n",
        tittel="Egen tekst for brukermedvirkning",
    )
    html = render_main_html(run_dir, tmp_path, record)
    table = _rule_table(html)
    assert f"<tr><td>I2 brukermedvirkning</td><td>{EGEN_I2_TEKST}</td>" in table
    assert "Sidestilt brukermedvirkning" not in table
    assert "definisjonen «Egen tekst for brukermedvirkning»" in html


@pytest.mark.slow
def test_rule_table_says_delvis_counts_when_the_definition_accepts_it(run_dir, tmp_path):
    record = write_definition(
        tmp_path / "def", "delvis_test", "  I2_brukermedvirkning:\n    godta_delvis: true\n"
    )
    table = _rule_table(render_main_html(run_dir, tmp_path, record))
    row = table.split("<td>I2 brukermedvirkning</td>")[1].split("</tr>")[0]
    assert "Sidestilt brukermedvirkning (Ja eller Delvis)" in row
    assert "ikke Delvis" not in table


def with_i5_counts(run_dir: Path, tmp_path: Path, failed: int = 0) -> Path:
    """The run's figures.csv with the counts a definition with I5 gives."""
    table = pd.read_csv(run_dir / "data" / "processed" / "figures.csv", dtype=str)
    extra = pd.DataFrame(
        {"figur": ["ekskludert_I5_i_gang", "ekskludert_kun_I5_i_gang"], "verdi": [str(failed)] * 2,
         "nevner": ["58", "58"]}
    )  # fmt: skip
    path = tmp_path / "figures.csv"
    pd.concat([table, extra]).sort_values("figur").to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_rule_table_shows_i5_only_for_a_definition_with_it(run_dir, tmp_path):
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.render import render_html

    record = write_definition(tmp_path / "def", "med_i5", "  I5_i_gang: {}\n")
    figures = with_i5_counts(run_dir, tmp_path)
    provenance = json.loads((run_dir / "data" / "processed" / "provenance.json").read_text("utf-8"))
    provenance["hoveddefinisjon"] = "med_i5"
    (tmp_path / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    inputs = report_inputs(run_dir) | {
        "figures": figures,
        "definisjon": record,
        "provenance": tmp_path / "provenance.json",
    }
    table = _rule_table(render_html(build_context(inputs)))
    assert "<tr><td>I5 i gang</td><td>Tjenesten er kommet i gang med tilbud</td>" in table


def test_failures_of_a_rule_the_definition_lacks_are_an_error(run_dir, tmp_path):
    from lmsanalyse.report import ReportDataError
    from lmsanalyse.report.context import build_context

    figures = with_i5_counts(run_dir, tmp_path, failed=3)
    with pytest.raises(ReportDataError, match="ikke har: ekskludert_I5_i_gang"):
        build_context(report_inputs(run_dir) | {"figures": figures})


def test_definition_other_than_the_provenances_main_one_is_an_error(run_dir, tmp_path):
    from lmsanalyse.report import ReportDataError
    from lmsanalyse.report.context import build_context

    record = write_definition(tmp_path / "def", "annen", "  I3_etablert:\n    tekst: Annen\n")
    with pytest.raises(ReportDataError, match="hoveddefinisjonen 'nklmh_2015'.*'annen'"):
        build_context(report_inputs(run_dir) | {"definisjon": record})


@pytest.mark.slow
def test_a_definition_without_i2_is_reported_without_it(run_dir, tmp_path):
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.render import render_html

    record = write_definition(tmp_path / "def", "uten_i2", "  I2_brukermedvirkning: null\n")
    table = pd.read_csv(run_dir / "data" / "processed" / "figures.csv", dtype=str)
    table = table[~table["figur"].str.contains("I2_brukermedvirkning")]
    table.to_csv(tmp_path / "figures.csv", index=False)
    provenance = json.loads((run_dir / "data" / "processed" / "provenance.json").read_text("utf-8"))
    provenance["hoveddefinisjon"] = "uten_i2"
    (tmp_path / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    inputs = report_inputs(run_dir) | {
        "figures": tmp_path / "figures.csv",
        "definisjon": record,
        "provenance": tmp_path / "provenance.json",
    }
    html = render_html(build_context(inputs))
    assert "I2 brukermedvirkning" not in _rule_table(html)
    assert "manglet sidestilt brukermedvirkning" not in html
    assert "ble ekskludert på denne regelen" not in html
