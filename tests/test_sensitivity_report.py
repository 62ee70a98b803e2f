"""The sensitivity report: one row per definition with the numbers of sensitivitet.csv in
Norwegian format, the kommuner that change status per variant with the rule, a self-contained
HTML file, byte-identical re-rendering, and clear errors when the CSVs are incomplete.

The workflow runs once per session up to the sensitivity report (the Snakemake rule renders
the first copy). Both reports rendered by one run, with manual decisions, are tested in
test_report.py. The rule legend's tests render HTML only, with definitions made here.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from test_report import EGEN_I2_TEKST, write_definition

REPO = Path(__file__).resolve().parents[1]
RAW_DIR = REPO / "data" / "raw"
NBSP = "\u00a0"
MINUS = "\u2212"
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset"}


@pytest.fixture(scope="session")
def sens_run(bundled_run) -> Path:
    """The bundled data through every stage, both reports as HTML (no PDF)."""
    return bundled_run


@pytest.fixture(scope="session")
def pdf_run(workflow_run) -> Path:
    """The whole workflow's run, for the tests of the PDF (slow tier)."""
    return workflow_run


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


@pytest.fixture(scope="session")
def records(processed) -> dict[str, dict]:
    """Every definition's definisjon.json, by name."""
    return {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in _definition_files(processed)
    }


def _definition_files(processed: Path) -> list[Path]:
    return sorted((processed / "definisjoner").glob("*/definisjon.json"))


def _render(folder: Path, definitions: list[Path], html: Path, pdf: Path) -> None:
    """render_sensitivity on the three files in ``folder`` and the given definitions."""
    from lmsanalyse.report import render_sensitivity

    render_sensitivity(
        folder / "sensitivitet.csv",
        folder / "sensitivitet_endringer.csv",
        folder / "provenance.json",
        definitions,
        html,
        pdf,
    )


def _render_html(folder: Path, definitions: list[Path]) -> str:
    """The sensitivity report's HTML only (no PDF)."""
    from lmsanalyse.report.context import build_sensitivity_context
    from lmsanalyse.report.render import SENSITIVITET_TEMPLATE, render_html

    context = build_sensitivity_context(
        folder / "sensitivitet.csv",
        folder / "sensitivitet_endringer.csv",
        folder / "provenance.json",
        definitions,
    )
    return render_html(context, SENSITIVITET_TEMPLATE)


def _int(text: str) -> str:
    """``161943`` → ``161 943`` (no-break space), as the report writes it."""
    return f"{int(text):,}".replace(",", NBSP)


def _signed(text: str) -> str:
    value = int(text)
    return ("+" if value > 0 else MINUS if value < 0 else "") + _int(str(abs(value)))


def _pct(text: str) -> str:
    """A share as a table shows it (one decimal)."""
    return f"{float(text):.1f}".replace(".", ",") + f"{NBSP}%"


def _pct0(text: str) -> str:
    """A share as text and charts show it (whole per cent, half up)."""
    from lmsanalyse.norsk import round_half_up

    return f"{round_half_up(float(text))}{NBSP}%"


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


def test_one_row_per_definition_with_the_numbers_of_the_csv(html, summary, records):
    rows = [r for r in _parse(html).rows if r[0] == "definisjoner"]
    assert [attrs.get("id") for _c, attrs, _cells in rows] == [
        f"rad-{d}" for d in summary["definisjon"]
    ]
    main = summary.iloc[0]
    for (_c, attrs, cells), r in zip(rows, summary.itertuples(index=False), strict=True):
        assert cells[:6] == [
            records[r.definisjon]["tittel"],
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


def test_each_definition_is_described_with_its_title(html, summary, records):
    intro = html.split('id="definisjoner"')[1].split("</section>")[0]
    from markupsafe import escape

    for r in summary.itertuples(index=False):
        tittel = escape(records[r.definisjon]["tittel"])
        assert f"<dt>«{tittel}»" in intro
        assert str(escape(r.beskrivelse)) in intro
    for r in summary.iloc[1:].itertuples(index=False):
        heading = f"«{escape(records[r.definisjon]['tittel'])}»: "
        assert heading in html.split('id="endringer"')[1]
    # Running text names definitions by title; codes only in the per-kommune tables (the
    # audit detail of sensitivitet_endringer.csv) and the traceability part.
    public = re.sub(r"<table\b.*?</table>", "", html.split('id="sporbarhet"')[0], flags=re.S)
    public = re.sub(r"<[^>]+>", " ", public)
    assert [d for d in summary["definisjon"] if d in public] == []


def test_chart_is_inline_svg_with_every_definition(html, summary, records):
    from markupsafe import escape

    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) == 1 and " style=" not in svgs[0]
    for r in summary.itertuples(index=False):
        assert f">{escape(records[r.definisjon]['tittel'])}" in svgs[0]
        # The share from the counts: the stored one is rounded to one decimal already (18,46 %
        # is 18,5 % there), and rounding it again would say 19 % where the report says 18 %.
        share = str(100 * int(r.kommuner_dekket) / int(r.kommuner))
        assert f"{_int(r.kommuner_dekket)} ({_pct0(share)})" in svgs[0]


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
            assert cells[3] == ", ".join(KORT[x] for x in r.regel.split(";") if x)
            # The explanation in words: rules by their labels, definitions by their titles.
            words = r.forklaring
            for rule_id in re.findall(r"\bI\d_[a-z_]+", words):
                words = words.replace(rule_id, KORT[rule_id])
            for navn in summary["definisjon"]:
                words = re.sub(rf"\b{navn}\b", f"«{TITLES[navn]}»", words)
            assert cells[5] == words and "_" not in cells[5]
            assert str(escape(words)) in section
        gained = int((expected["dekket_variant"] == "Ja").sum())
        lost = len(expected) - gained
        assert f"{gained} får tjeneste og {lost} mister den" in section
    assert len([r for r in parsed.rows if "endringer" in r[0]]) == len(changes)


TITLES = {
    "nklmh_2015": "NK LMHs publiserte definisjon",
    "delvis_teller": "Delvis brukermedvirkning teller",
    "kun_etablerte_tilbud": "Bare tjenester som er i gang",
    "radmann_ja_teller": "Rådmannens eller ringerundens Ja teller",
    "uten_erfaringsunntak": "Uten unntaket for mange års erfaring",
}
KORT = {
    "I1_intervjuet": "I1 intervjuet",
    "I2_brukermedvirkning": "I2 brukermedvirkning",
    "I3_etablert": "I3 etablert tjeneste",
    "I4_lms_tilbud": "I4 LMS-tilbud",
    "I5_i_gang": "I5 i gang",
}


def _legend(html: str) -> str:
    return html.split("</span> Reglene som gir forskjellene")[1].split("</table>")[0]


def test_rules_that_make_a_difference_are_explained(html, changes, records, summary):
    """Each rule named in the changes, with the main definition's requirement and that of
    every variant whose changes it explains, in the definitions' own words."""
    from markupsafe import escape

    legend = _legend(html)
    main = summary.iloc[0].definisjon
    texts = {n: {r["id"]: r["tekst"] for r in d["regeltekster"]} for n, d in records.items()}
    rules = sorted({r for regel in changes["regel"] for r in regel.split(";") if r})
    assert {"I1_intervjuet", "I2_brukermedvirkning", "I5_i_gang"} <= set(rules)
    assert len(re.findall(r"<td rowspan=", legend)) == len(rules)
    for rule in rules:
        part = legend.split(f">{KORT[rule]}</td>")[1].split("<td rowspan=")[0]
        main_text = texts[main].get(rule, "Regelen er ikke med i definisjonen.")
        assert part.startswith(f"<td>Hoveddefinisjonen «{escape(records[main]['tittel'])}»")
        assert f"<td>{escape(main_text)}</td>" in part
        for variant in sorted(set(changes.loc[changes["regel"].str.contains(rule), "definisjon"])):
            if texts[variant].get(rule) != main_text:
                assert f"<td>{escape(texts[variant][rule])}</td>" in part, (rule, variant)
    # The Delvis variant's requirement stands beside the main one's.
    i2 = legend.split(">I2 brukermedvirkning</td>")[1].split("<td rowspan=")[0]
    assert "(Ja, ikke Delvis)" in i2 and "(Ja eller Delvis)" in i2


def _as_main(processed: Path, folder: Path, navn: str) -> Path:
    """The three files of ``processed`` in ``folder``, with the main definition renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = pd.read_csv(processed / "sensitivitet.csv", dtype=str, keep_default_na=False)
    main = summary.iloc[0].definisjon
    summary.loc[0, "definisjon"] = navn
    summary.to_csv(folder / "sensitivitet.csv", index=False)
    shutil.copy(processed / "sensitivitet_endringer.csv", folder / "sensitivitet_endringer.csv")
    provenance = json.loads((processed / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["hoveddefinisjon"] == main
    provenance["hoveddefinisjon"] = navn
    (folder / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    return folder


def test_main_definitions_own_rule_text_is_in_the_legend(processed, tmp_path):
    """A main definition that extends nklmh_2015 with its own I2 text: I2 makes a difference
    (delvis_teller), so the legend gives that text as the main definition's requirement."""
    record = write_definition(
        tmp_path / "def",
        "egen_tekst",
        f"  I2_brukermedvirkning:\n    tekst: {EGEN_I2_TEKST}\n",
        tittel="Egen tekst for brukermedvirkning",
    )
    folder = _as_main(processed, tmp_path / "filer", "egen_tekst")
    others = [p for p in _definition_files(processed) if p.parent.name != "nklmh_2015"]
    html = _render_html(folder, [record, *others])
    i2 = _legend(html).split(">I2 brukermedvirkning</td>")[1].split("<td rowspan=")[0]
    assert "<td>Hoveddefinisjonen «Egen tekst for brukermedvirkning»" in i2
    assert f"<td>{EGEN_I2_TEKST}</td>" in i2
    assert "(Ja eller Delvis)" in i2  # delvis_teller's own text, beside it
    assert "sammenlignet med hoveddefinisjonen «Egen tekst for brukermedvirkning»" in html


def test_variants_own_rule_text_is_in_the_legend(processed, tmp_path):
    """A variant with Delvis and its own I2 text: the legend shows that text for it."""
    record = write_definition(
        tmp_path / "def",
        "delvis_teller",
        f"  I2_brukermedvirkning:\n    godta_delvis: true\n    tekst: {EGEN_I2_TEKST}\n",
    )
    others = [p for p in _definition_files(processed) if p.parent.name != "delvis_teller"]
    i2 = _legend(_render_html(processed, [record, *others]))
    i2 = i2.split(">I2 brukermedvirkning</td>")[1].split("<td rowspan=")[0]
    assert "(Ja, ikke Delvis)" in i2 and f"<td>{EGEN_I2_TEKST}</td>" in i2
    assert "(Ja eller Delvis)" not in i2


def test_legend_leaves_out_rules_and_variants_that_change_nothing():
    from lmsanalyse.report.tables import rule_legend

    def record(navn, **texts):
        rules = [{"id": k, "kort": k, "tekst": v} for k, v in texts.items()]
        return {"navn": navn, "tittel": navn.upper(), "regeltekster": rules}

    records = {
        "hoved": record("hoved", I1_intervjuet="i1", I2_brukermedvirkning="i2"),
        "samme": record("samme", I1_intervjuet="i1", I2_brukermedvirkning="i2"),
        "annen": record("annen", I1_intervjuet="i1", I2_brukermedvirkning="i2 delvis"),
    }
    endringer = {
        "samme": {"kommuner": [{"regel": "I1_intervjuet"}]},
        "annen": {"kommuner": [{"regel": "I1_intervjuet;I2_brukermedvirkning"}]},
    }
    records["tredje"] = record("tredje", I1_intervjuet="i1", I2_brukermedvirkning="i2 delvis")
    endringer["tredje"] = {"kommuner": [{"regel": "I2_brukermedvirkning"}]}
    legend = rule_legend(endringer, records, "hoved")

    def krav(row):
        return [([d["navn"] for d in k["definisjoner"]], k["tekst"]) for k in row["krav"]]

    assert [r["regel"] for r in legend] == ["I1_intervjuet", "I2_brukermedvirkning"]
    assert krav(legend[0]) == [(["hoved"], "i1")]
    # Variants with the same requirement share a row.
    assert krav(legend[1]) == [(["hoved"], "i2"), (["annen", "tredje"], "i2 delvis")]


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


@pytest.mark.slow
def test_pdf_has_the_table_the_colophon_and_page_numbers(pdf_run, summary):
    import json

    from pypdf import PdfReader

    processed = pdf_run / "data" / "processed"
    reader = PdfReader(pdf_run / "reports" / "sensitivitet.pdf")
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


@pytest.mark.slow
def test_rendering_again_gives_identical_bytes(pdf_run, tmp_path):
    processed = pdf_run / "data" / "processed"
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    _render(processed, _definition_files(processed), html, pdf)
    assert html.read_bytes() == (pdf_run / "reports" / "sensitivitet.html").read_bytes()
    assert pdf.read_bytes() == (pdf_run / "reports" / "sensitivitet.pdf").read_bytes()


def test_the_fast_tiers_html_is_render_sensitivitys(sens_run, processed):
    assert _render_html(processed, _definition_files(processed)) == (
        sens_run / "reports" / "sensitivitet.html"
    ).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- errors


def _copy(processed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "processed"
    copy.mkdir()
    for name in ("sensitivitet.csv", "sensitivitet_endringer.csv", "provenance.json"):
        shutil.copy(processed / name, copy / name)
    return copy


def test_missing_column_is_a_clear_error(processed, tmp_path):
    from lmsanalyse.report import ReportDataError

    copy = _copy(processed, tmp_path)
    table = pd.read_csv(copy / "sensitivitet.csv", dtype=str, keep_default_na=False)
    table.drop(columns=["andel_befolkning"]).to_csv(copy / "sensitivitet.csv", index=False)
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    with pytest.raises(ReportDataError, match="sensitivitet.csv mangler .*andel_befolkning"):
        _render(copy, _definition_files(processed), html, pdf)
    assert not html.exists() and not pdf.exists()


def test_changes_that_disagree_with_the_summary_are_an_error(processed, tmp_path, changes):
    from lmsanalyse.report import ReportDataError

    copy = _copy(processed, tmp_path)
    changes.iloc[1:].to_csv(copy / "sensitivitet_endringer.csv", index=False)
    with pytest.raises(ReportDataError, match="endring_kommuner"):
        _render(copy, _definition_files(processed), tmp_path / "s.html", tmp_path / "s.pdf")


def test_definition_without_its_record_is_an_error(processed, tmp_path):
    from lmsanalyse.report import ReportDataError

    definitions = [p for p in _definition_files(processed) if p.parent.name != "delvis_teller"]
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    with pytest.raises(ReportDataError, match="uten definisjon.json: delvis_teller"):
        _render(processed, definitions, html, pdf)
    assert not html.exists() and not pdf.exists()


def test_signed_numbers():
    from lmsanalyse.report.environment import fmt_signed

    assert fmt_signed(6) == "+6"
    assert fmt_signed(-12) == f"{MINUS}12"
    assert fmt_signed(0) == "0"
    assert fmt_signed(-161943) == f"{MINUS}161{NBSP}943"


def test_the_main_share_is_the_main_reports(html, summary):
    """Whole per cent from the counts, as the main report says it: 79 of 428 is 18 %, not the
    stored 18,5 % rounded again to 19 %."""
    main = summary.iloc[0]
    assert (int(main.kommuner_dekket), int(main.kommuner), main.andel_kommuner) == (79, 428, "18.5")
    assert f"har 79 av 428 kommuner (18{NBSP}%)" in html
    assert f"(19{NBSP}%)" not in html


def test_every_table_reference_names_a_table_as_it_is_labelled(html):
    """A reference in the text is the table's own label with a small first letter
    ("tabell S9", never "tabell s9"), and the table exists."""
    text = re.sub(r"<[^>]+>", " ", html)
    labels = set(re.findall(r"Tabell (S\d+)", text))
    references = re.findall(r"\btabell (\w+)", text)
    assert references, "the text refers to its tables"
    assert set(references) <= labels, sorted(set(references) - labels)
