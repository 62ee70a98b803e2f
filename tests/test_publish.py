"""Publishable as it stands (issue 12): chart contrast from the palette, alt texts, numbered
figures and tables with sources, one rounding policy, Norwegian labels, the synthetic-data
banner, the workbook, the figure files and the data package.

The fast tier reads the bundled run's HTML (``bundled_run``) and renders the take-away files
from its context; the PDF tests (tags, alt text, banner on every page, a run without the
marker) are slow.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import RAW_DIR, build_run, report_inputs
from lmsanalyse.guard import SYNTHETIC_BANNER, SYNTHETIC_MARKER
from lmsanalyse.layout import RunLayout
from lmsanalyse.report import palette
from pdfcheck import pdf_info, pdfua_failures

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def layout(bundled_run) -> RunLayout:
    return RunLayout(bundled_run)


@pytest.fixture(scope="module")
def html(layout) -> str:
    return layout.report_html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def context(layout):
    """The main report's context (the charts as SVG only; the report rule draws PNG too)."""
    from lmsanalyse.report.context import build_context

    return build_context(report_inputs(layout))


def _public(html: str) -> str:
    """The report's public text: before the appendices, without tags, scripts and styles."""
    body = html.split("<body>")[1].split('<section id="vedlegg-kommuner"')[0]
    body = re.sub(r"<svg\b.*?</svg>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _running_text(html: str) -> str:
    """Text outside tables and figures (paragraphs, lists, key figures)."""
    body = html.split("<body>")[1].split("<script")[0]
    body = re.sub(r"<(table|figure|svg)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


# --------------------------------------------------------------------------- contrast


@pytest.mark.parametrize("name,colour", sorted(palette.DATA_COLOURS.items()))
def test_every_chart_colour_is_3_to_1_against_the_background(name, colour):
    assert palette.contrast_ratio(colour, palette.BACKGROUND) >= palette.MIN_CONTRAST, name


@pytest.mark.parametrize("a,b,where", palette.NEIGHBOURS)
def test_colours_that_touch_are_3_to_1_against_each_other(a, b, where):
    assert palette.contrast_ratio(a, b) >= palette.MIN_CONTRAST, where


def test_contrast_ratio_is_wcags():
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_charts_draw_only_palette_colours(html):
    allowed = {
        c.lower()
        for c in (
            *palette.DATA_COLOURS.values(),
            palette.BACKGROUND,
            palette.TEXT,
            palette.PALE,
            palette.PALE_GREY,
            palette.GRID,
            palette.SYNTHETIC,
        )
    }
    used = set()
    for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
        used |= {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)}
    assert used and used <= allowed, used - allowed


# --------------------------------------------------------------------------- figures and tables


def test_every_figure_has_alt_text_with_its_key_numbers(html, layout):
    figures = pd.read_csv(layout.published("figures.csv"), dtype=str).set_index("figur")
    # Four charts have a narrow variant with the same alternative text.
    every = re.findall(r'<svg role="img"[^>]*>\s*<title>([^<]+)</title>', html)
    titles = list(dict.fromkeys(every))
    assert len(every) == 11 and len(titles) == 7
    med = figures.loc["kommuner_med_tilbud"]
    assert f"{med['verdi']} av {med['nevner']} kommuner i 2014" in titles[1]  # the map
    assert f"{figures.loc['kommuner_2024_dekket', 'verdi']} dekket" in titles[3]
    for title in titles:
        assert re.search(r"\d", title) and len(title) > 80


def test_figures_and_tables_are_numbered_in_order_with_a_source(html, context):
    figures = re.findall(r'<span class="nummer">Figur (\d+)\.</span>', html)
    tables = re.findall(r'<span class="nummer">Tabell (\d+)\.</span>', html)
    assert figures == [str(i) for i in range(1, 8)]
    assert tables == [str(i) for i in range(1, len(context["tab"]) + 1)]
    assert html.count('<figcaption><span class="nummer">') == html.count(
        '<span class="kilde">Kilde: '
    )
    regions = re.findall(r'<div class="tabell-ramme[^"]*" role="region" tabindex="0"', html)
    assert len(regions) == len(tables) == html.count('<p class="kilde">Kilde: ')


def test_a_register_without_a_map_draws_neither_map_and_numbers_the_rest(layout):
    """A register without ``kart`` (a synthetic one): no map, a sentence instead, and the
    other five figures numbered 1–5 in the report and in reports/figurer/."""
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.innhold import figure_stems
    from lmsanalyse.report.map import NO_MAP
    from lmsanalyse.report.render import render_html

    html = render_html(build_context(report_inputs(layout, kart=None)))
    figures = re.findall(r'<span class="nummer">Figur (\d+)\.</span> ([^<]+)<', html)
    assert [n for n, _ in figures] == ["1", "2", "3", "4", "5"]
    assert not any(
        title.startswith(("Kommuner med lærings", "Dagens kommuner")) for _, title in figures
    )
    assert f"<p>{NO_MAP}</p>" in html
    assert "Oslo og omegn" not in html  # the maps' inset title
    assert figure_stems(has_map=False) == [
        "figur_01_flyt", "figur_02_fylke", "figur_03_k2024", "figur_04_kategori", "figur_05_tilbud",
    ]  # fmt: skip


def test_key_figures_are_one_sentence_each_in_reading_order(html):
    boxes = re.findall(r'<li class="tall-boks"><p>(.*?)</p>', html)
    assert len(boxes) == 4
    assert all(b.startswith('<span class="stort">') for b in boxes)
    assert re.sub(r"<[^>]+>", "", boxes[0]).startswith("79 av 428 kommuner (18")


def test_one_rounding_policy(html):
    # Whole per cent in running text; a quoted example («under 0,1 %») is no share.
    text = re.sub(r"«[^»]*»", "", _running_text(html))
    assert re.findall(r"\d,\d\s?%", text) == []
    for table in re.findall(r"<table\b.*?</table>", html, re.S):
        # A published share keeps the precision it was published with (44 %, not 44,0 %).
        if 'class="avstemming"' in table:
            table = re.sub(
                r'<td class="tall">[^<]*</td>(?=<td class="tall">[^<]*</td><td><span)', "", table
            )
        for share in re.findall(r">([^<>]*?%)<", table):
            assert re.fullmatch(rf"−?[\d{NBSP}]+,\d{NBSP}%", share.strip()), share
    assert "Prosenter er avrundet til hele prosent i teksten" in html


def test_norwegian_labels_and_one_name_per_answer(html):
    public = _public(html)
    codes = ["nklmh_2015", "I2_brukermedvirkning", "svarte_nei", "ja_uten_bekreftelse"]
    codes += ["figures.csv", "radmann_ja_teller", "(svarte_nei)", "kommune_2020_status"]
    assert [c for c in codes if c in public] == []
    visible = html.split("<script")[0]  # the figure data (ids) is for machines
    assert "ubesvart" not in visible and "Uavklart" not in visible
    assert "Ikke besvart" in visible and "Ikke avklart" in visible
    assert "Klikk på en kolonneoverskrift" not in html


def test_the_flow_diagrams_numbers_are_in_a_table(html, context):
    table = html.split('id="tabell-flyt"')[1].split("</table>")[0]
    for row in context["flyt_rader"]:
        assert f'<td>{row["tekst"]}</td><td class="tall">{row["antall"]}</td>' in table.replace(
            NBSP, ""
        ).replace(f"{row['antall']:,}".replace(",", ""), str(row["antall"]))


# --------------------------------------------------------------------------- synthetic data


def test_the_bundled_run_says_it_is_synthetic(html, layout):
    provenance = json.loads(layout.provenance.read_text(encoding="utf-8"))
    assert provenance["syntetiske_data"] is True
    assert all(f["syntetisk"] for f in provenance["inndata"] if f["rolle"] == "rådata")
    assert f'<p class="syntetisk" role="note">{SYNTHETIC_BANNER}</p>' in html
    assert (
        f"<title>Lærings- og mestringstjenester i kommunene – kartlegging 2014/2015 ({SYNTHETIC_BANNER})</title>"
        in html
    )
    assert f'@page {{ @top-left {{ content: "{SYNTHETIC_BANNER}"; }} }}' in html


def unmarked_raw(target: Path) -> Path:
    """A copy of the bundled raw data with the synthetic marker taken out."""
    import openpyxl

    shutil.copytree(RAW_DIR, target)
    for path in target.iterdir():
        if path.suffix == ".csv":
            data = path.read_bytes().replace(SYNTHETIC_MARKER.encode(), b"Testkilde uten merke")
            path.write_bytes(data)
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            wb.properties.title = "Telefonintervju"
            wb.save(path)
    return target


# --------------------------------------------------------------------------- workbook


def test_workbook_has_one_sheet_per_numbered_table_with_real_numbers(context, tmp_path):
    import openpyxl

    from lmsanalyse.report.excel_workbook import write_workbook

    path = tmp_path / "t.xlsx"
    write_workbook(context, path, context["kjoretidspunkt"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [t.arknavn for t in context["tab"].values()]
    for t in context["tab"].values():
        ws = wb[t.arknavn]
        assert len(t.arknavn) <= 31 and t.arknavn.startswith(f"{t.etikett} ")
        assert ws["A1"].value == f"{t.etikett}. {t.tittel}"
        assert ws["A2"].value == f"Kilde: {t.kilde}"
        assert ws["A3"].value == SYNTHETIC_BANNER
    status = wb[context["tab"]["status"].arknavn]
    assert [c.value for c in status[5]] == ["Status", "Kommuner", "Andel"]
    dekket = next(r for r in status.iter_rows(min_row=6, values_only=True) if r[0] == "Dekket")
    assert dekket[1] == 79 and isinstance(dekket[1], int)
    assert dekket[2] == round(79 / 428, 6) and status["C6"].number_format == "0.0%"
    kommuner = wb[context["tab"]["kommuner_2024"].arknavn]
    assert kommuner.max_row == 5 + 357
    # Long tables have a filter on their header row; short ones none.
    assert kommuner.auto_filter.ref == "A5:H362"
    assert status.auto_filter.ref is None
    # A published share keeps the precision it was published with (44 %, not 44,0 %).
    avstemming = wb[context["tab"]["avstemming"].arknavn]
    row = next(r for r in avstemming.iter_rows(min_row=6) if r[1].value == "radmann_svar")
    assert (row[5].value, row[5].number_format) == (0.44, "0%")
    # Shares to six decimals: no digit run the personal-data guard could take for a number.
    from lmsanalyse.guard import scan_outputs

    assert scan_outputs(set(), [tmp_path]) == []
    # Byte-reproducible: the same bytes again, every zip entry dated the run time.
    again = tmp_path / "u.xlsx"
    write_workbook(context, again, context["kjoretidspunkt"])
    assert again.read_bytes() == path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2015, 5, 19, 1, 46, 40)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2015-05-19T01:46:40Z") == 2


# --------------------------------------------------------------------------- figure files


@pytest.mark.slow
def test_figure_files_svg_png_300_dpi_and_alt_text(workflow_run):
    """The report rule's reports/figurer/: each figure as SVG, 300 dpi PNG and its text
    (byte-reproducibility is checked with every other output in test_reproducibility)."""
    from html import unescape

    from PIL import Image

    folder = workflow_run / "reports" / "figurer"
    html = (workflow_run / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")
    # A chart with a narrow variant has the same alternative text twice in the HTML.
    alts = list(
        dict.fromkeys(
            unescape(a) for a in re.findall(r'<svg role="img"[^>]*>\s*<title>([^<]+)</title>', html)
        )
    )
    captions = re.findall(r'<span class="nummer">(Figur \d+)\.</span> ([^<]+?)\.\s', html)
    stems = sorted({p.stem for p in folder.iterdir()})
    assert len(stems) == 7 and len(list(folder.iterdir())) == 21
    assert stems[0] == "figur_01_flyt" and "figur_04_kart24" in stems
    for stem, alt, (label, title) in zip(stems, alts, captions, strict=True):
        svg = (folder / f"{stem}.svg").read_text(encoding="utf-8")
        assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
        assert "<dc:date>" not in svg
        assert SYNTHETIC_BANNER in svg  # drawn in the image, as text
        with Image.open(folder / f"{stem}.png") as image:
            assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)
            assert image.width > 1500
            assert image.info["Description"] == SYNTHETIC_BANNER
        text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
        assert text.startswith(SYNTHETIC_BANNER)
        assert f"{label}. {unescape(title)}" in text and alt in text and "Kilde: " in text


# --------------------------------------------------------------------------- data package


def test_datapackage_describes_every_column_and_validates(layout):
    from lmsanalyse.datapackage import undescribed

    assert undescribed(layout.processed) == {}
    package = json.loads(layout.datapackage.read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert "kommune_2024_status" in names and "figures" in names
    k2024 = next(r for r in package["resources"] if r["name"] == "kommune_2024_status")
    assert k2024["schema"]["primaryKey"] == ["kommunenummer_2024"]
    assert [f["name"] for f in k2024["schema"]["fields"]][:2] == [
        "kommunenummer_2024",
        "kommunenavn_2024",
    ]
    assert all(f.get("description") for r in package["resources"] for f in r["schema"]["fields"])
    frictionless = Path(
        shutil.which("frictionless") or Path(__file__).parents[1] / ".venv/bin/frictionless"
    )
    done = subprocess.run(
        [str(frictionless), "validate", "--json", "datapackage.json"],
        cwd=layout.processed,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    assert report["valid"] is True, [t["errors"][:3] for t in report["tasks"] if not t["valid"]]
    assert len(report["tasks"]) == len(names)


# --------------------------------------------------------------------------- guard


def test_guard_reads_workbooks_and_png_text(tmp_path):
    import openpyxl
    from PIL import Image, PngImagePlugin

    from lmsanalyse.guard import scan_outputs

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Kari Nordmann-Testesen"
    wb.save(tmp_path / "a.xlsx")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "ring 912 34 567")
    Image.new("RGB", (4, 4)).save(tmp_path / "b.png", pnginfo=info)
    findings = scan_outputs({"Kari Nordmann-Testesen"}, [tmp_path])
    assert any("a.xlsx" in f and "inneholder en personopplysning" in f for f in findings)
    assert any("b.png" in f and "inneholder et telefonnummer" in f for f in findings)
    clean = tmp_path / "ren"
    clean.mkdir()
    Image.new("RGB", (4, 4)).save(clean / "c.png")
    assert scan_outputs({"Kari Nordmann-Testesen"}, [clean]) == []


# --------------------------------------------------------------------------- PDF (slow)


def _struct(pdf: Path) -> dict:
    """Figures' Alt texts, tables and their header cells, from the PDF's structure tree."""
    from pypdf import PdfReader

    root = PdfReader(pdf).trailer["/Root"]
    found = {"alts": [], "tables": [], "lang": str(root.get("/Lang"))}

    def walk(node, table=None):
        node = node.get_object()
        kind = node.get("/S")
        if kind == "/Figure":
            found["alts"].append(str(node.get("/Alt") or ""))
        if kind == "/Table":
            table = {"th": 0}
            found["tables"].append(table)
        if kind == "/TH" and table is not None:
            table["th"] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid, table)

    walk(root["/StructTreeRoot"])
    return found


def _pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


@pytest.mark.slow
def test_every_pdf_of_the_run_conforms_to_pdfua1_in_page_validation(workflow_run):
    """page-validation checks the 104 PDF/UA-1 rules of veraPDF's profile; the structure tests
    below check what it cannot: alt texts written from the data, language, title, banner."""
    pdfs = sorted((workflow_run / "reports").rglob("*.pdf"))
    names = {p.name for p in pdfs}
    assert names >= {"lms_kartlegging.pdf", "lms_kartlegging_vedlegg.pdf", "sensitivitet.pdf"}
    assert {p.name: pdfua_failures(p) for p in pdfs} == {name: [] for name in names}


def _without_table_header_links(pdf: Path, target: Path) -> None:
    """``pdf`` with its table cells' /Headers and /Scope attributes taken out."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=pdf)

    def walk(node):
        node = node.get_object()
        if node.get("/S") in ("/TH", "/TD"):
            attrs = node.get("/A")
            for a in attrs if isinstance(attrs, list) else [attrs]:
                a = a.get_object() if a is not None else None
                if a is not None and a.get("/O") == "/Table":
                    for key in ("/Headers", "/Scope"):
                        a.pop(key, None)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(writer._root_object["/StructTreeRoot"])
    writer.write(target)


@pytest.mark.slow
def test_the_pdfua_check_finds_a_table_whose_cells_have_no_headers(tmp_path):
    """The check is live: the same table with its cells' links to their header cells taken
    out (as the sensitivity report's table 1 was, before) fails; as written, it passes."""
    import datetime as dt

    from lmsanalyse.report.render import write_pdf

    header = '<tr><th scope="col">A</th><th scope="col">B</th><th scope="col">C</th></tr>'
    rows = "".join(f"<tr><td>a{i}</td><td>{i}</td><td>{i}</td></tr>" for i in range(3))
    html = (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>T</title></head>'
        f"<body><main><h1>T</h1><table><thead>{header}</thead><tbody>{rows}</tbody></table>"
        "</main></body></html>"
    )
    pdf = tmp_path / "t.pdf"
    write_pdf(html, pdf, dt.datetime(2015, 3, 1))
    assert pdfua_failures(pdf) == []
    broken = tmp_path / "uten_overskrifter.pdf"
    _without_table_header_links(pdf, broken)
    assert [f.split(":")[0] for f in pdfua_failures(broken)] == ["PDFUA1-TABLE-HEADERS-SCOPE-001"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["lms_kartlegging.pdf", "lms_kartlegging_vedlegg.pdf", "sensitivitet.pdf"]
)
def test_pdf_is_tagged_with_alt_text_and_table_headers(workflow_run, name):
    pdf = workflow_run / "reports" / name
    info = pdf_info(pdf)
    assert info.tagged and info.metadata_stream
    assert SYNTHETIC_BANNER in info.title and SYNTHETIC_BANNER in info.subject
    # Invented figures have no real author: the tool's example, not NK LMH's.
    assert info.author == "lmsanalyse (syntetiske data)"
    struct = _struct(pdf)
    html_file = workflow_run / "reports" / name.replace(".pdf", ".html")
    if html_file.exists():
        html = html_file.read_text(encoding="utf-8")
        from html import unescape

        # Print shows the wide charts only; a narrow variant repeats its chart's text.
        titles = list(
            dict.fromkeys(
                unescape(t)
                for t in re.findall(r'<svg role="img"[^>]*>\s*<title>([^<]+)</title>', html)
            )
        )
        assert struct["alts"] == titles and all(struct["alts"])
    else:  # the appendix document (PDF only): tables, no figures
        assert name == "lms_kartlegging_vedlegg.pdf" and struct["alts"] == []
        assert len(struct["tables"]) >= 4  # a table broken over pages is one per page
    assert struct["tables"] and all(t["th"] > 0 for t in struct["tables"])
    assert struct["lang"] == "nb"
    from pypdf import PdfReader

    xmp = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and SYNTHETIC_BANNER in xmp
    # The banner on every page.
    pages = _pages(pdf)
    assert all(SYNTHETIC_BANNER in re.sub(r"\s+", " ", p) for p in pages)
    # No interactive hints in print.
    assert not any("Hopp over kartet" in p or "Filtrer" in p for p in pages)


@pytest.mark.slow
def test_key_figures_read_in_order_in_the_pdf(workflow_run):
    text = re.sub(r"\s+", " ", _pages(workflow_run / "reports" / "lms_kartlegging.pdf")[0])
    first = text.index("79 av 428 kommuner (18")
    assert first < text.index("41 tjenester oppfylte") < text.index("29 % av befolkningen")


@pytest.mark.slow
def test_a_run_on_data_without_the_marker_says_nothing_of_synthetic_data(tmp_path):
    from lmsanalyse.report import render_report

    raw = unmarked_raw(tmp_path / "raw")
    layout = build_run(tmp_path / "run", raw_dir=raw, definitions=("nklmh_2015",))
    provenance = json.loads(layout.provenance.read_text(encoding="utf-8"))
    assert provenance["syntetiske_data"] is False
    render_report(report_inputs(layout), layout.report_html, layout.report_pdf, layout.report_xlsx)
    html = layout.report_html.read_text(encoding="utf-8")
    visible = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "SYNTETISK" not in visible.upper()
    info = pdf_info(layout.report_pdf)
    assert not any(SYNTHETIC_MARKER in t for t in (info.title, info.subject, info.author))
    assert "Nasjonal kompetansetjeneste" in info.author  # the rapport: keys of the config
    assert pdfua_failures(layout.report_pdf) == []
    assert not any(SYNTHETIC_MARKER in p for p in _pages(layout.report_pdf))
    with zipfile.ZipFile(io.BytesIO(layout.report_xlsx.read_bytes())) as archive:
        assert not any(SYNTHETIC_MARKER.encode() in archive.read(n) for n in archive.namelist())


def test_datapackage_says_synthetic_only_for_synthetic_data(layout, tmp_path):
    from lmsanalyse.datapackage import write_datapackage

    marked = write_datapackage(layout.processed, tmp_path / "a.json", layout.provenance)
    assert marked["title"].startswith(f"{SYNTHETIC_BANNER}: ")
    assert marked["description"].startswith("Syntetiske (oppdiktede) data")
    assert marked["licenses"][0]["name"] == "CC0-1.0"
    assert all(SYNTHETIC_BANNER in r["title"] for r in marked["resources"])
    real = json.loads(layout.provenance.read_text(encoding="utf-8")) | {"syntetiske_data": False}
    (tmp_path / "provenance.json").write_text(json.dumps(real), encoding="utf-8")
    plain = write_datapackage(layout.processed, tmp_path / "b.json", tmp_path / "provenance.json")
    assert "SYNTETISK" not in json.dumps(plain, ensure_ascii=False).upper()
    assert plain["licenses"][0]["name"] == "CC-BY-4.0"
