"""The sensitivity report: one row per definition with the numbers of sensitivitet.csv in
Norwegian format, the kommuner that change status per variant with the rule, a self-contained
HTML file, byte-identical re-rendering, and clear errors when the CSVs are incomplete.

The workflow runs once per session up to the sensitivity report (the Snakemake rule renders
the first copy). Both reports rendered by one run, with manual decisions, are tested in
test_report.py.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
RAW_DIR = REPO / "data" / "raw"
NBSP = "\u00a0"
MINUS = "\u2212"
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset"}


@pytest.fixture(scope="session")
def sens_run(tmp_path_factory) -> Path:
    from lmsanalyse.cli import run_workflow

    out = tmp_path_factory.mktemp("sensitivitet")
    assert run_workflow(raw_dir=RAW_DIR, out_dir=out, targets=["sensitivity_report"])
    return out


@pytest.fixture(scope="session")
def processed(sens_run) -> Path:
    return sens_run / "data" / "processed"


@pytest.fixture(scope="session")
def html(sens_run) -> str:
    return (sens_run / "reports" / "sensitivitet.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def summary(processed) -> pd.DataFrame:
    return pd.read_csv(processed / "sensitivitet.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def changes(processed) -> pd.DataFrame:
    return pd.read_csv(processed / "sensitivitet_endringer.csv", dtype=str, keep_default_na=False)


def _int(text: str) -> str:
    """``161943`` → ``161 943`` (no-break space), as the report writes it."""
    return f"{int(text):,}".replace(",", NBSP)


def _signed(text: str) -> str:
    value = int(text)
    return ("+" if value > 0 else MINUS if value < 0 else "") + _int(str(abs(value)))


def _pct(text: str) -> str:
    return f"{float(text):.1f}".replace(".", ",") + f"{NBSP}%"


class _Tables(HTMLParser):
    """Rows of every table: (table class, row attributes, cell texts); and every start tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, dict, list[str]]] = []
        self.tags: list[tuple[str, dict]] = []
        self._table = ""
        self._row: tuple[dict, list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = attrs.get("class") or ""
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self._row = (attrs, [])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._table, *self._row))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


# --------------------------------------------------------------------------- summary table


def test_one_row_per_definition_with_the_numbers_of_the_csv(html, summary):
    rows = [r for r in _parse(html).rows if r[0] == "definisjoner"]
    assert [attrs.get("id") for _c, attrs, _cells in rows] == [
        f"rad-{d}" for d in summary["definisjon"]
    ]
    main = summary.iloc[0]
    for (_c, attrs, cells), r in zip(rows, summary.itertuples(index=False), strict=True):
        assert cells[:6] == [
            r.definisjon,
            _int(r.tjenester),
            f"{_int(r.kommuner_dekket)} av {_int(r.kommuner)}",
            _pct(r.andel_kommuner),
            _int(r.befolkning_dekket),
            _pct(r.andel_befolkning),
        ]
        if r.definisjon == main.definisjon:
            assert attrs.get("class") == "hoved"
            assert cells[6:] == ["sammenligningsgrunnlag"]
        else:
            expected = [_signed(r.endring_tjenester), _signed(r.endring_kommuner)]
            assert cells[6:] == [*expected, _signed(r.endring_befolkning)]
    # Signs: a plus for gains, a true minus sign (not a hyphen) for losses.
    negative = summary[summary["endring_kommuner"].str.startswith("-")]
    assert len(negative) >= 1
    for r in negative.itertuples(index=False):
        assert f"{MINUS}{_int(r.endring_kommuner.lstrip('-'))}" in html
    assert re.search(r'class="tall minus">-', html) is None


def test_each_definition_is_described(html, summary):
    intro = html.split('id="definisjoner"')[1].split("</section>")[0]
    from markupsafe import escape

    for r in summary.itertuples(index=False):
        assert f"<code>{r.definisjon}</code>" in intro
        assert str(escape(r.beskrivelse)) in intro


def test_chart_is_inline_svg_with_every_definition(html, summary):
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) == 1 and " style=" not in svgs[0]
    for r in summary.itertuples(index=False):
        assert r.definisjon in svgs[0]
        assert f"{_int(r.kommuner_dekket)} ({_pct(r.andel_kommuner)})" in svgs[0]


# --------------------------------------------------------------------------- changes


def test_changed_kommuner_are_listed_per_variant_with_their_rule(html, summary, changes):
    from markupsafe import escape

    parsed = _parse(html)
    main = summary.iloc[0].definisjon
    for variant in summary["definisjon"]:
        section_id = f'id="endringer-{variant}"'
        if variant == main:
            assert section_id not in html
            continue
        section = html.split(section_id)[1].split("</section>")[0]
        expected = changes[changes["definisjon"] == variant].sort_values("kommunenummer")
        if expected.empty:
            assert "Ingen kommuner endrer status." in section
            continue
        rows = [r for r in _parse(section).rows if "endringer" in r[0]]
        assert len(rows) == len(expected)
        for (_c, _a, cells), r in zip(rows, expected.itertuples(index=False), strict=True):
            assert cells[0] == r.kommunenummer and cells[1] == r.kommunenavn
            assert cells[2].startswith(f"{r.dekket_hoved} → {r.dekket_variant}")
            assert cells[3] == r.regel
            assert cells[5] == r.forklaring
            assert str(escape(r.forklaring)) in section
        gained = int((expected["dekket_variant"] == "Ja").sum())
        lost = len(expected) - gained
        assert f"{gained} får tjeneste og {lost} mister den" in section
    assert len([r for r in parsed.rows if "endringer" in r[0]]) == len(changes)


def test_rules_that_make_a_difference_are_explained(html, changes):
    from lmsanalyse.report import REGEL_TEKST

    section = html.split('id="endringer"')[1]
    for regel in sorted(set(changes["regel"])):
        assert f"<tr><td><code>{regel}</code></td>" in section
        if regel in REGEL_TEKST:
            assert REGEL_TEKST[regel].split("(")[0].strip() in section


# --------------------------------------------------------------------------- self-contained


def test_html_makes_no_external_requests(html):
    parsed = _parse(html)
    external = re.compile(r"^\s*(https?:|//|ftp:)", re.I)
    offending = [
        (tag, name, value)
        for tag, attrs in parsed.tags
        for name, value in attrs.items()
        if name in URL_ATTRIBUTES and value and external.match(value)
    ]
    assert offending == []
    # No address anywhere, apart from the SVG's XML namespace names (never fetched).
    assert re.search(r"https?://", re.sub(r'\bxmlns(:\w+)?="[^"]*"', "", html)) is None
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "base"}
    assert all("src" not in attrs for tag, attrs in parsed.tags if tag == "script")
    csp = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in csp[0]["content"]
    ids = [attrs["id"] for _, attrs in parsed.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))


def test_pdf_has_the_table_the_colophon_and_page_numbers(sens_run, summary, processed):
    import json

    from pypdf import PdfReader

    reader = PdfReader(sens_run / "reports" / "sensitivitet.pdf")
    pages = [re.sub(r"[ \u00a0\u202f]+", " ", p.extract_text()) for p in reader.pages]
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} av {len(pages)}" in page
        assert "følsomhetsanalyse" in page  # the footer of this report, not the main one's
    for r in summary.itertuples(index=False):
        assert f"{_int(r.kommuner_dekket)} av {_int(r.kommuner)}".replace(NBSP, " ") in text
    provenance = json.loads((processed / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["git_commit"] in text and "Datagrunnlag og sporbarhet" in text
    stamp = "D:" + re.sub(r"\D", "", provenance["kjoretidspunkt"])
    assert reader.metadata["/CreationDate"].startswith(stamp)


# --------------------------------------------------------------------------- reproducible


def test_rendering_again_gives_identical_bytes(sens_run, processed, tmp_path):
    from lmsanalyse.report import render_sensitivity

    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    render_sensitivity(processed, html, pdf)
    assert html.read_bytes() == (sens_run / "reports" / "sensitivitet.html").read_bytes()
    assert pdf.read_bytes() == (sens_run / "reports" / "sensitivitet.pdf").read_bytes()


# --------------------------------------------------------------------------- errors


def _copy(processed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "processed"
    copy.mkdir()
    for name in ("sensitivitet.csv", "sensitivitet_endringer.csv", "provenance.json"):
        shutil.copy(processed / name, copy / name)
    return copy


def test_missing_column_is_a_clear_error(processed, tmp_path):
    from lmsanalyse.report import ReportDataError, render_sensitivity

    copy = _copy(processed, tmp_path)
    table = pd.read_csv(copy / "sensitivitet.csv", dtype=str, keep_default_na=False)
    table.drop(columns=["andel_befolkning"]).to_csv(copy / "sensitivitet.csv", index=False)
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    with pytest.raises(ReportDataError, match="sensitivitet.csv mangler .*andel_befolkning"):
        render_sensitivity(copy, html, pdf)
    assert not html.exists() and not pdf.exists()


def test_changes_that_disagree_with_the_summary_are_an_error(processed, tmp_path, changes):
    from lmsanalyse.report import ReportDataError, render_sensitivity

    copy = _copy(processed, tmp_path)
    changes.iloc[1:].to_csv(copy / "sensitivitet_endringer.csv", index=False)
    with pytest.raises(ReportDataError, match="endring_kommuner"):
        render_sensitivity(copy, tmp_path / "s.html", tmp_path / "s.pdf")


def test_signed_numbers():
    from lmsanalyse.report import fmt_signed

    assert fmt_signed(6) == "+6"
    assert fmt_signed(-12) == f"{MINUS}12"
    assert fmt_signed(0) == "0"
    assert fmt_signed(-161943) == f"{MINUS}161{NBSP}943"
