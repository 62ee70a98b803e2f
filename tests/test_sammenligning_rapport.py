"""The comparison report (issue 21, part 4): every sentence chosen by the data, the change map
with the same numbers as its table, the synthetic marking, and (slow) the whole comparison:
PDF/UA-1, WCAG 2.1 AA in Chromium, the workbook and figure files, byte-identical outputs,
the guard, the command line and the Snakemake target.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bolger import read
from helpers import REF_DIR, REPO
from lmsanalyse.report import bolge_pastand as p

INDIKATOR = REPO / "data" / "indikator" / "indikator.import.yaml"
NBSP = "\u00a0"


# --------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    "ny,borte,expected",
    [
        (0, 0, "Ingen kommune fikk eller mistet en tjeneste mellom bølgene."),
        (1, 0, "1 kommune fikk en tjeneste (ny), og ingen mistet den."),
        (12, 0, "12 kommuner fikk en tjeneste (ny), og ingen mistet den."),
        (0, 1, "Ingen kommune fikk en tjeneste, og 1 kommune mistet en tjeneste (borte)."),
        (0, 3, "Ingen kommune fikk en tjeneste, og 3 kommuner mistet en tjeneste (borte)."),
        (5, 4, "5 kommuner fikk en tjeneste (ny), og 4 mistet den (borte)."),
        (1, 1, "1 kommune fikk en tjeneste (ny), og 1 mistet den (borte)."),
    ],
)
def test_fikk_og_mistet_says_what_the_counts_show(ny, borte, expected):
    assert p.fikk_og_mistet(ny, borte) == expected


def test_coverage_sentence_follows_the_direction():
    la, lb = "bølge A (2014/2015)", "bølge B (2025)"
    assert p.dekning(55, 73, 357, la, lb) == (
        "Antallet dekkede kommuner på dagens kart økte fra 55 av 357 i bølge A (2014/2015) til 73 "
        "i bølge B (2025)."
    )
    assert p.dekning(73, 55, 357, la, lb).startswith(
        "Antallet dekkede kommuner på dagens kart gikk ned fra 73"
    )
    assert p.dekning(40, 40, 357, la, lb) == (
        "Like mange av de 357 kommunene på dagens kart var dekket i begge bølgene: 40."
    )
    assert p.dekning(0, 0, 357, la, lb) == (
        "Ingen av de 357 kommunene på dagens kart var dekket i noen av bølgene."
    )


def test_partial_changes_are_mentioned_only_when_they_happened():
    assert p.delvis(0, 0) == ""
    assert p.delvis(17, 1) == (
        "17 kommuner fikk høyere dekning uten å gå fra ikke dekket til dekket (økt) og 1 fikk "
        "lavere dekning uten å miste den helt (redusert)."
    )
    assert p.delvis(0, 1) == "1 kommune fikk lavere dekning uten å miste den helt (redusert)."
    assert p.uendret(357, 357) == "Alle de 357 kommunene har samme status i begge bølgene."
    assert p.uendret(0, 357) == "Ingen av de 357 kommunene har samme status i begge bølgene."


def test_service_sentence_in_every_number():
    la, lb = "bølge A", "bølge B"
    counts = {"fortsatt": 35, "slått sammen": 1, "borte": 5, "ny": 3}
    assert p.tjenester(counts, 41, 38, la, lb) == (
        "Av de 41 tjenestene som oppfylte definisjonen i bølge A, ble 35 funnet igjen, 1 slått "
        "sammen med en annen og 5 ikke funnet igjen i bølge B. Av de 38 tjenestene i bølge B er 3 nye."
    )
    one = {"fortsatt": 0, "slått sammen": 0, "borte": 1, "ny": 1}
    assert p.tjenester(one, 1, 1, la, lb) == (
        "Den ene tjenesten som oppfylte definisjonen i bølge A, ble ikke funnet igjen i bølge B. "
        "Den ene tjenesten i bølge B er ny."
    )
    none = {"fortsatt": 0, "slått sammen": 0, "borte": 0, "ny": 0}
    assert p.tjenester(none, 0, 0, la, lb) == (
        "I bølge A oppfylte ingen tjeneste definisjonen. I bølge B oppfyller ingen tjeneste "
        "definisjonen."
    )
    kept = {"fortsatt": 2, "slått sammen": 0, "borte": 0, "ny": 1}
    assert p.tjenester(kept, 2, 3, la, lb).endswith("Av de 3 tjenestene i bølge B er 1 ny.")
    # Merged and split services are named on both sides, only when there are any.
    moved = {"fortsatt": 31, "slått sammen": 4, "delt": 3, "delt_fra": 1, "borte": 5, "ny": 10,
             "sammen_til": 2}  # fmt: skip
    assert p.tjenester(moved, 41, 46, la, lb) == (
        "Av de 41 tjenestene som oppfylte definisjonen i bølge A, ble 31 funnet igjen, 4 slått "
        "sammen med en annen, 1 delt i flere og 5 ikke funnet igjen i bølge B. Av de 46 "
        "tjenestene i bølge B er 10 nye, 2 slått sammen av flere fra bølge A og 3 skilt ut fra "
        "en tjeneste i bølge A."
    )
    split = {"fortsatt": 0, "slått sammen": 0, "delt": 1, "delt_fra": 1, "borte": 0, "ny": 0}
    assert p.tjenester(split, 1, 1, la, lb) == (
        "Den ene tjenesten som oppfylte definisjonen i bølge A, ble delt i flere i bølge B. "
        "Den ene tjenesten i bølge B er skilt ut fra en tjeneste i bølge A."
    )
    merged = {"fortsatt": 0, "slått sammen": 2, "borte": 0, "ny": 0, "sammen_til": 1}
    assert p.tjenester(merged, 2, 1, la, lb) == (
        "Av de 2 tjenestene som oppfylte definisjonen i bølge A, ble 2 slått sammen med en "
        "annen i bølge B. Den ene tjenesten i bølge B er slått sammen av flere fra bølge A."
    )


def test_definitions_that_differ_are_named_rule_by_rule():
    from bolger import definition

    main, partly = definition("nklmh_2015"), definition("delvis_teller")
    assert p.definisjoner(main, main) == (
        "Begge bølgene er beregnet med definisjonen «NK LMHs publiserte definisjon».",
        [],
    )
    text, diff = p.definisjoner(main, partly)
    assert text.startswith("Bølgene er beregnet med ulike definisjoner, «NK LMHs publiserte")
    assert "1 regel skiller dem" in text
    assert diff == [
        "«I2 brukermedvirkning»: i bølge A «Sidestilt brukermedvirkning (Ja, ikke Delvis) i alle "
        "aktuelle faser: utvikling, planlegging og, for tjenester i gang, gjennomføring og "
        "evaluering», i bølge B «Sidestilt brukermedvirkning (Ja eller Delvis) i alle aktuelle "
        "faser: utvikling, planlegging og, for tjenester i gang, gjennomføring og evaluering»."
    ]
    without = definition("uten_erfaringsunntak")
    _text, diff = p.definisjoner(main, without)
    assert diff == [
        "«I3 etablert tjeneste»: i bølge A «Etablert tjeneste: frisklivssentral, eget "
        "senter/avdeling, koordinator eller mange års erfaring med flere tilbud», i bølge B "
        "«Etablert tjeneste: frisklivssentral, eget senter/avdeling eller koordinator (mange års "
        "erfaring alene er ikke nok)»."
    ]
    # Settings that differ where the rule's text does not; a rule only one wave uses.
    types = json.loads(json.dumps(main))
    types["regler"]["I4_lms_tilbud"]["lms_tilbudstyper"] = ["mestringskurs"]
    assert p.definisjoner(main, types)[1] == [
        "«I4 LMS-tilbud»: innstillingene lms_tilbudstyper er ulike."
    ]
    fewer = json.loads(json.dumps(main))
    del fewer["regler"]["I3_etablert"]
    text, diff = p.definisjoner(fewer, main)
    assert diff == [
        "«I3 etablert tjeneste» brukes bare i bølge B: Etablert tjeneste: frisklivssentral, eget "
        "senter/avdeling, koordinator eller mange års erfaring med flere tilbud."
    ]


@pytest.mark.parametrize(
    "ra,rb,start",
    [
        (
            "2024",
            "2024",
            "Begge bølgene spurte kommunene i 2024, så statusene sammenlignes direkte.",
        ),
        ("2014", "2014", "Begge bølgene spurte kommunene i 2014. Statusene i begge er ført over"),
        ("2014", "2024", "Bølge A spurte kommunene i 2014 og bølge B kommunene i 2024, så"),
    ],
)
def test_register_sentence_says_how_the_borders_were_carried(ra, rb, start):
    assert p.registre(ra, rb).startswith(start)


def test_most_changes_by_fylke_names_every_fylke_at_the_top():
    fylker = [
        {"navn": "Trøndelag", "ny": 3},
        {"navn": "Vestland", "ny": 3},
        {"navn": "Agder", "ny": 1},
    ]
    assert p.flest(fylker, "ny", "fikk en tjeneste") == (
        "Flest kommuner som fikk en tjeneste, er i Trøndelag og Vestland (3 i hvert)."
    )
    assert p.flest(fylker[2:], "ny", "fikk en tjeneste") == (
        "Flest kommuner som fikk en tjeneste, er i Agder (1 kommune)."
    )
    assert p.flest([{"navn": "Agder", "ny": 0}], "ny", "fikk en tjeneste") == ""


# --------------------------------------------------------------------------- the HTML (fast)


@pytest.fixture(scope="module")
def html_report(waves, tmp_path_factory):
    """The comparison's tables and its HTML (no PDF), with the bundled indicator."""
    from lmsanalyse.compare.borders import Borders
    from lmsanalyse.report.render import render_html
    from lmsanalyse.report.sammenligning import TEMPLATE, build_comparison_context
    from lmsanalyse.sammenlign import report_inputs, todays_map
    from test_sammenligning import compare

    a, b = waves
    layout = compare(a, b, tmp_path_factory.mktemp("html"), indicator=INDIKATOR)
    context = build_comparison_context(
        report_inputs(layout, True), todays_map(Borders.read(REF_DIR))
    )
    return layout, context, render_html(context | {"utgave": "html"}, TEMPLATE)


def _text(html: str) -> str:
    body = re.sub(r"<svg\b.*?</svg>", " ", html.split("<body>")[1], flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace(NBSP, " ").split())


def test_the_html_says_what_the_tables_hold(html_report):
    layout, context, html = html_report
    text = _text(html)
    kommuner = read(layout.table("kommuner"))
    counts = kommuner["endring"].value_counts()
    assert f"{counts['ny']} kommuner fikk en tjeneste (ny), og {counts['borte']} mistet den" in text
    assert (
        "Antallet dekkede kommuner på dagens kart økte fra 55 av 357 i bølge A (2014/2015) til 73 i bølge B (2025)."
        in text
    )
    assert "Flest kommuner som fikk en tjeneste, er i Trøndelag (3 kommuner)." in text
    assert "Begge bølgene er beregnet med definisjonen «NK LMHs publiserte definisjon»." in text
    assert (
        "Bølge A spurte kommunene i 2014 og bølge B kommunene i 2024, så registrene er ulike."
        in text
    )
    assert (
        "Etter indikatoren «Kommunen har frisklivssentral (SYNTETISKE DATA, ikke reelle tall)» for 2016 har 189 av de 357 kommunene på dagens kart frisklivssentral og 163 ikke; for 5 er det ukjent."
        in text
    )
    assert "Av de 73 kommunene som var dekket i bølge B (2025), har 36 frisklivssentral." in text
    assert (
        "Indikatorfilen frisklivssentral_2016.csv har 430 rader: 423 brukt, 2 er ikke kommuner (landet, fylker, bydeler eller grupper) og 5 mangler verdi."
        in text
    )
    assert "Bølge A og bølge B og indikatoren er laget av syntetiske" not in text
    assert "Bølge A, bølge B og indikatoren er laget av syntetiske (oppdiktede) data" in text
    # Every kommune in the HTML's list; the change table's numbers are the map's legend.
    assert len(re.findall(r'<td class="endring-', html)) == 357
    alt = re.search(r'<svg role="img"[^>]*>\s*<title>([^<]+)</title>', html).group(1)
    for e in context["endringer"]:
        assert f"{e['antall']} {e['tekst'].lower()}" in alt, e
    assert "Kartet har ikke grensen mellom delene av Tysfjord - Divtasvuodna (1850)" in alt


def test_the_numbered_tables_and_figures_run_in_order_with_the_waves_as_source(html_report):
    _layout, context, html = html_report
    assert re.findall(r'<span class="nummer">Figur (\d+)\.</span>', html) == ["1", "2"]
    tables = re.findall(r'<span class="nummer">Tabell (\d+)\.</span>', html)
    assert tables == [str(i) for i in range(1, 13)]
    assert all(t.kilde.startswith("Syntetiske (oppdiktede) data") for t in context["tab"].values())


def test_the_workbook_holds_the_reports_tables(html_report, tmp_path):
    import openpyxl

    from lmsanalyse.report.excel_workbook import write_workbook
    from lmsanalyse.report.sammenligning_ark import SHEETS, TITTEL

    _layout, context, _html = html_report
    path = tmp_path / "s.xlsx"
    write_workbook(context, path, context["kjoretidspunkt"], SHEETS, TITTEL)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == [
        "Tabell 1 Hovedtall",
        "Tabell 2 Endringer",
        "Tabell 3 Status A mot B",
    ]
    assert len(wb.sheetnames) == 12
    assert "Tabell 8 Tjenestepar" in wb.sheetnames
    assert wb.properties.title == f"{TITTEL} (SYNTETISKE DATA – ikke reelle tall)"
    sheet = wb["Tabell 2 Endringer"]
    rows = {r[0]: r[2] for r in sheet.iter_rows(min_row=6, values_only=True)}
    assert rows == {"Ny": 5, "Økt": 17, "Uendret": 330, "Redusert": 1, "Borte": 4, "Sum": 357}
    assert wb["Tabell 4 Kommuner 2024"].max_row == 5 + 357


# --------------------------------------------------------------------------- the whole comparison (slow)


def run_full(waves, out: Path) -> Path:
    """A whole comparison of the waves, with the indicator (reports, PDF, guard)."""
    from lmsanalyse.sammenlign import ComparisonRequest, run_comparison

    a, b = waves
    rapport = {"utgiver": "U", "forfattere": ["F"], "serie": "S", "serienummer": None,
               "publiseringsdato": None, "sprak": "nb"}  # fmt: skip
    config = [REPO / "config" / "config.yaml"]
    run_comparison(
        ComparisonRequest(a, b, out, REF_DIR, {"tjenester": {}}, rapport, config, REPO, INDIKATOR)
    )
    return out


@pytest.fixture(scope="module")
def full(waves, tmp_path_factory) -> Path:
    return run_full(waves, tmp_path_factory.mktemp("full"))


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_the_same_waves_give_the_same_bytes(full, waves, tmp_path):
    one, two = _files(full), _files(run_full(waves, tmp_path))
    assert sorted(one) == [
        "data/bolge_fylker.csv", "data/bolge_sammenligning.csv", "data/bolge_tall.csv",
        "data/bolge_tjenestepar.csv", "data/bolge_tjenester.csv", "data/indikator_kommuner.csv", "data/indikator_krysstabell.csv",
        "data/indikator_rader.csv", "data/provenance.json", "logs/personvernsjekk.txt",
        "reports/figurer/figur_01_endringskart.png", "reports/figurer/figur_01_endringskart.svg",
        "reports/figurer/figur_01_endringskart.txt", "reports/figurer/figur_02_indikatorkart.png",
        "reports/figurer/figur_02_indikatorkart.svg", "reports/figurer/figur_02_indikatorkart.txt",
        "reports/sammenligning.html", "reports/sammenligning.pdf", "reports/sammenligning.xlsx",
    ]  # fmt: skip
    assert [k for k in one if one[k] != two[k]] == []


@pytest.mark.slow
def test_the_pdf_is_pdf_ua_and_marked_synthetic(full):
    from pdfcheck import pdf_info, pdfua_failures

    pdf = full / "reports" / "sammenligning.pdf"
    assert pdfua_failures(pdf) == []
    info = pdf_info(pdf)
    assert info.tagged and info.metadata_stream
    assert info.title.endswith("(SYNTETISKE DATA – ikke reelle tall)")
    assert info.subject.startswith("SYNTETISKE DATA – ikke reelle tall.")


@pytest.mark.slow
def test_the_figure_files_and_the_provenance_are_marked(full):
    root = full
    txt = (root / "reports" / "figurer" / "figur_01_endringskart.txt").read_text()
    assert txt.startswith("SYNTETISKE DATA – ikke reelle tall\n\nFigur 1. Endring i dekning")
    png = (root / "reports" / "figurer" / "figur_01_endringskart.png").read_bytes()
    assert b"SYNTETISKE DATA" in png  # the PNG's metadata
    record = json.loads((root / "data" / "provenance.json").read_text())
    assert record["syntetiske_data"] is True
    assert record["syntetisk_fordi"] == ["bølge A", "bølge B", "indikatoren"]
    assert [record["bolger"][w]["register"] for w in "AB"] == ["2014", "2024"]
    roles = {f["rolle"] for f in record["inndata"]}
    assert roles == {"bølge A", "bølge B", "referanse", "indikator"}
    assert (root / "logs" / "personvernsjekk.txt").read_text().startswith("OK: ")


@pytest.mark.slow
def test_the_pdf_lists_only_the_kommuner_that_changed(full):
    from pypdf import PdfReader

    text = " ".join(
        page.extract_text() for page in PdfReader(full / "reports" / "sammenligning.pdf").pages
    )
    assert "Tabellen viser de 27 kommunene som endret status." in text
    html = (full / "reports" / "sammenligning.html").read_text()
    assert html.count('<td class="endring-') == 357


@pytest.mark.slow
def test_personal_data_in_a_wave_stops_the_comparison(waves, tmp_path):
    from lmsanalyse.guard import PersonalDataFound
    from lmsanalyse.sammenlign import ComparisonRequest, run_comparison

    a, b = waves
    bad = tmp_path / "b"
    shutil.copytree(b, bad)
    path = bad / "data" / "processed" / "tjeneste_status.csv"
    table = read(path)
    table.loc[table["tjeneste_id"] == "B901", "tjeneste_navn"] = "Ring Kari på 912 34 567"
    table.to_csv(path, index=False)
    out = tmp_path / "ut"
    with pytest.raises(PersonalDataFound) as exc:
        run_comparison(ComparisonRequest(
            a, bad, out, REF_DIR, {}, {"utgiver": "U", "forfattere": ["F"], "serie": "S",
            "serienummer": None, "publiseringsdato": None, "sprak": "nb"},
            [REPO / "config" / "config.yaml"], REPO))  # fmt: skip
    assert "telefonnummer" in str(exc.value)
    assert not (out / "logs" / "personvernsjekk.txt").exists()
    assert not (out / "data" / "bolge_tjenester.csv").exists()
    assert not (out / "reports" / "sammenligning.html").exists()


def axe_and_reflow(html: Path, filtered: tuple[str, str] | None = None) -> None:
    """axe finds no WCAG violation in a comparison report at 1280 and 320 px, the page
    reflows (no horizontal scrolling), and, with ``filtered`` (a filter word and the counter's
    text), the kommune table's filter counts what it shows. Skips without a browser."""
    pytest.importorskip("playwright.sync_api", reason="Playwright er ikke installert")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium finnes ikke i /usr/bin/chromium")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from test_browser import ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for width in (1280, 320):
                context = browser.new_context(
                    offline=True, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                violations = [v["id"] for v in Axe().run(page).response["violations"]]
                assert violations == [], width
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                if width == 1280 and filtered:
                    page.fill("#bolgefilter", filtered[0])
                    assert page.locator("#bolgeteller").inner_text() == filtered[1]
                context.close()
        finally:
            browser.close()


@pytest.mark.slow
def test_axe_finds_no_wcag_violation_and_the_page_reflows(full):
    axe_and_reflow(full / "reports" / "sammenligning.html", ("borte", "Viser 4 av 357 rader"))


@pytest.mark.slow
def test_the_command_line(waves, tmp_path, capsys):
    from lmsanalyse.cli import main

    a, b = waves
    assert main(["sammenlign", str(a), str(b), "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Kommunene i 2024 (357): ny 5, økt 17, uendret 330, redusert 1, borte 4\n"
        "Tjenestene: fortsatt 34, slått sammen 2, delt 0, ikke funnet igjen 5, ny 3\n"
        f"Rapporten: {tmp_path / 'c' / 'reports' / 'sammenligning.html'}\n"
    )
    assert main(["sammenlign", str(b), str(a), "--out", str(tmp_path / "d")]) == 1
    assert capsys.readouterr().err.startswith("Feil: A skal være den tidligste bølgen")


@pytest.mark.slow
def test_the_snakemake_target_compares_the_configured_pair(waves, tmp_path):
    a, b = waves
    pair = tmp_path / "par.yaml"
    pair.write_text(f"sammenligning:\n  a: {a}\n  b: {b}\n  ut: {tmp_path / 'ut'}\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "snakemake", "sammenligning", "--configfile", pair, "--cores", "1", "--directory", tmp_path / "wd",
         "--snakefile", REPO / "Snakefile"],
        cwd=REPO, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1432000000"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert read(tmp_path / "ut" / "data" / "bolge_sammenligning.csv").shape == (357, 8)
    assert (tmp_path / "ut" / "reports" / "sammenligning.pdf").exists()
    unset = subprocess.run(
        [sys.executable, "-m", "snakemake", "sammenligning", "--cores", "1", "--directory", tmp_path / "wd2",
         "--snakefile", REPO / "Snakefile"],
        cwd=REPO, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert unset.returncode != 0
    assert (
        "sammenligning.a, sammenligning.b og sammenligning.ut må settes"
        in unset.stdout + unset.stderr
    )


@pytest.mark.slow
def test_two_waves_without_any_service_or_change(tmp_path):
    """Nothing to list: the sentences say so, no empty table is drawn, and the PDF conforms."""
    from bolger import definition, finished_run_2024
    from lmsanalyse.sammenlign import ComparisonRequest, run_comparison
    from pdfcheck import pdfua_failures

    a = finished_run_2024(tmp_path / "a", [], definition(), ("2024-01-10", "2024-03-01"), False)
    b = finished_run_2024(tmp_path / "b", [], definition(), ("2026-01-10", "2026-03-01"), False)
    out = tmp_path / "ut"
    rapport = {"utgiver": "Utgiveren", "forfattere": ["Forfatteren"], "serie": "Serien",
               "serienummer": None, "publiseringsdato": None, "sprak": "nb"}  # fmt: skip
    config = [REPO / "config" / "config.yaml"]
    run_comparison(ComparisonRequest(a, b, out, REF_DIR, {}, rapport, config, REPO))
    html = (out / "reports" / "sammenligning.html").read_text()
    text = _text(html)
    assert "Ingen kommune fikk eller mistet en tjeneste mellom bølgene." in text
    assert "Alle de 357 kommunene har samme status i begge bølgene." in text
    assert (
        "I bølge A (2024) oppfylte ingen tjeneste definisjonen. I bølge B (2026) oppfyller ingen tjeneste definisjonen."
        in text
    )
    assert "Ingen av de 357 kommunene på dagens kart var dekket i noen av bølgene." in text
    assert "SYNTETISKE DATA" not in html and "Utgiveren" in html
    assert "Flest kommuner" not in text and "syntetiske" not in text
    assert 'id="tabell-bolge_tjenester"' not in html
    pdf = out / "reports" / "sammenligning.pdf"
    assert pdfua_failures(pdf) == []
