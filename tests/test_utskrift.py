"""The PDF edition counts a table too long to print per fylke (report/utskrift.py, issue 22):
above 500 printed rows the table keeps its number and title, shows its counts, and the text
says how many rows it has and where it stands whole. The bundled run prints every list whole
(its appendix and PDF edition are tested in test_appendix.py)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from helpers import report_inputs
from lmsanalyse.layout import RunLayout
from lmsanalyse.report import utskrift
from lmsanalyse.report.data import ReportDataError
from lmsanalyse.report.figure_model import Figur, Figurer

LIMIT = utskrift.UTSKRIFT_GRENSE


def kommune(nr: str, fylkesnr: str, fylke: str, kode: str) -> dict:
    return {"nr": nr, "fylkesnr": fylkesnr, "fylke": fylke, "status_kode": kode}


def figurer(**counts: int) -> Figurer:
    return Figurer([Figur(f, v, None) for f, v in counts.items()])


def spread(n: int, fylker: list[tuple[str, str]], koder: list[str]) -> list[dict]:
    """``n`` kommuner: the i-th in fylke i mod len(fylker), status i mod len(koder)."""
    return [kommune(f"{i:04d}", *fylker[i % len(fylker)], koder[i % len(koder)]) for i in range(n)]


class TestKommuner:
    FYLKER = [("12", "Hordaland"), ("01", "Østfold"), ("03", "Oslo")]

    def test_a_list_the_pdf_can_print_is_not_counted(self) -> None:
        rows = spread(LIMIT, self.FYLKER, ["dekket", "svarte_nei"])
        assert utskrift.kommuner(rows, figurer()) is None

    @pytest.mark.parametrize(
        ("n", "koder"),
        [
            (LIMIT + 1, ["dekket", "svarte_nei"]),
            (1200, ["uavklart", "dekket", "ekskludert", "svarte_nei"]),
            (4280, ["svarte_nei"]),
        ],
    )
    def test_counts_per_fylke_and_status(self, n, koder) -> None:
        rows = spread(n, self.FYLKER, koder)
        totals = {f"kommuner_status_{k}": sum(r["status_kode"] == k for r in rows) for k in koder}
        got = utskrift.kommuner(rows, figurer(**totals))
        assert got.rader == n and got.gruppe == "Fylke"
        # The statuses some kommune has, in the order of rules.KOMMUNE_STATUS.
        order = ["dekket", "ekskludert", "svarte_nei", "uavklart"]
        from lmsanalyse.rules import KOMMUNE_STATUS

        assert got.kolonner == tuple(KOMMUNE_STATUS[k] for k in order if k in koder)
        # Fylker by number; each line's counts by hand.
        assert [line["navn"] for line in got.linjer] == ["Østfold", "Oslo", "Hordaland"]
        for line, (nr, _) in zip(got.linjer, sorted(self.FYLKER), strict=True):
            mine = [r for r in rows if r["fylkesnr"] == nr]
            expected = tuple(
                sum(KOMMUNE_STATUS[r["status_kode"]] == k for r in mine) for k in got.kolonner
            )
            assert (line["tall"], line["sum"]) == (expected, len(mine))
        assert got.sum == n and got.i_alt == tuple(totals[f"kommuner_status_{k}"] for k in order if k in koder)  # fmt: skip

    def test_counts_that_disagree_with_the_figures_stop_the_report(self) -> None:
        rows = spread(LIMIT + 10, self.FYLKER, ["dekket", "svarte_nei"])
        with pytest.raises(ReportDataError) as info:
            utskrift.kommuner(rows, figurer(kommuner_status_dekket=1))
        assert str(info.value) == (
            "kommunene per status: tabellen teller 255, men figures.csv har "
            "kommuner_status_dekket = 1"
        )


class TestOtherLists:
    FYLKE_OF = {"0101": ("01", "Østfold"), "1201": ("12", "Hordaland"), "030101": ("03", "Oslo")}

    def test_services_per_fylke_of_their_host(self) -> None:
        hosts = ["0101", "1201", "030101", None]
        rows = [
            {"vertskommune_id": hosts[i % 4], "inkludert": ("Ja", "Nei")[i % 3 == 0]}
            for i in range(LIMIT + 3)
        ]
        got = utskrift.tjenester(rows, self.FYLKE_OF)
        assert got.kolonner == ("Ja", "Nei") and got.gruppe == "Vertskommunens fylke"
        names = [line["navn"] for line in got.linjer]
        # A quarantined interview's unknown host is counted last.
        assert names == ["Østfold", "Oslo", "Hordaland", "Ukjent vertskommune"]
        assert [line["sum"] for line in got.linjer] == [126, 126, 126, 125]
        assert got.i_alt == (sum(r["inkludert"] == "Ja" for r in rows), 168) and got.sum == 503
        assert utskrift.tjenester(rows[:LIMIT], self.FYLKE_OF) is None

    def test_names_read_by_similarity_per_fylke_and_file(self) -> None:
        files = ["ringerunde_logg.csv", "radmann_skjema.csv"]
        units = list(self.FYLKE_OF)
        rows = [{"enhet_id": units[i % 3], "fil": files[i % 2]} for i in range(900)]
        got = utskrift.navnetolkning(rows, self.FYLKE_OF, figurer(navn_tolket_etter_likhet=900))
        assert got.kolonner == ("radmann_skjema.csv", "ringerunde_logg.csv")
        assert [(line["navn"], line["tall"]) for line in got.linjer] == [
            ("Østfold", (150, 150)),
            ("Oslo", (150, 150)),
            ("Hordaland", (150, 150)),
        ]
        with pytest.raises(ReportDataError, match="navn_tolket_etter_likhet = 899"):
            utskrift.navnetolkning(rows, self.FYLKE_OF, figurer(navn_tolket_etter_likhet=899))

    def test_the_quarantine_per_file_and_code(self) -> None:
        rows = [
            {"fil": "b.csv", "kode": "ukjent_navn", "niva": "rad"},
            {"fil": "a.csv", "kode": "ukjent_svar", "niva": "verdi"},
            {"fil": "a.csv", "kode": "ukjent_svar", "niva": "rad"},
        ] * 200
        got = utskrift.karantene(rows)
        assert (got.gruppe, got.kolonner) == ("Fil: kode", ("Rader", "Verdier"))
        assert [(line["navn"], line["tall"]) for line in got.linjer] == [
            ("a.csv: ukjent_svar", (200, 200)),
            ("b.csv: ukjent_navn", (200, 0)),
        ]
        assert utskrift.karantene(rows[:LIMIT]) is None

    def test_today_s_kommuner_count_what_print_would_list(self) -> None:
        def row(i: int, status: str) -> dict:
            fylke = ("03", "Oslo", "0301") if i % 2 else ("46", "Vestland", "1201")
            return {"fylkesnr": fylke[0], "fylke": fylke[1], "status_kode": status,
                    "klasse": status.replace(" ", "-"),
                    "kommuner_2014": [{"nr": fylke[2], "navn": "", "dekket": False}]}  # fmt: skip

        # 3 000 kommuner, but only the covered and partly covered ones would be printed.
        rows = [row(i, "dekket" if i < 400 else "ikke dekket") for i in range(3000)]
        assert utskrift.kommuner_2024(rows, figurer()) is None
        rows += [row(3000 + i, "delvis dekket") for i in range(101)]
        counts = {"kommuner_2024_dekket": 400, "kommuner_2024_delvis_dekket": 101,
                  "kommuner_2024_ikke_dekket": 2600}  # fmt: skip
        figs = [Figur(f, v, 3101) for f, v in counts.items()]
        for nr in ("03", "46"):
            mine = [r for r in rows if r["fylkesnr"] == nr]
            for status in ("dekket", "delvis_dekket", "ikke_dekket"):
                n = sum(r["status_kode"].replace(" ", "_") == status for r in mine)
                figs.append(Figur(f"fylke_2024_{nr}_{status}", n, len(mine)))
        got = utskrift.kommuner_2024(rows, Figurer(figs))
        assert got.rader == 501 and got.kolonner == ("Dekket", "Delvis dekket", "Ikke dekket")
        assert [(line["navn"], line["tall"], line["sum"]) for line in got.linjer] == [
            ("Oslo", (200, 50, 1300), 1550),
            ("Vestland", (200, 51, 1300), 1551),
        ]


@pytest.fixture(scope="module")
def long_context(bundled_run) -> dict:
    """The bundled report's context with every 2014 kommune listed twice (856 rows): the
    appendix counts them per fylke; the 2024 list (73 printed rows) prints whole."""
    from lmsanalyse.report.context import build_context, long_lists

    inputs = report_inputs(RunLayout(bundled_run))
    context = build_context(inputs)
    kommuner = context["kommuner"] * 2
    bundled = Figurer.from_csv(inputs["figures"])
    doubled = Figurer(
        [
            Figur(f, bundled[f].verdi * 2, None) if f.startswith("kommuner_status_") else bundled[f]
            for f in bundled._order
        ]
    )
    opptelling = long_lists(doubled, kommuner, context["kommuner_2024"])
    return context | {"kommuner": kommuner, "opptelling": opptelling}


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_appendix_counts_a_long_list_per_fylke(long_context) -> None:
    from lmsanalyse.report.render import VEDLEGG_TEMPLATE, render_html

    html = render_html(long_context | {"utgave": "pdf"}, VEDLEGG_TEMPLATE)
    assert long_context["opptelling"]["kommuner_2024"] is None
    # The 2024 list prints whole (73 rows); the 856 kommuner are counted per fylke.
    assert '<table class="revisjon k2024"' in html
    assert 'data-filter="kommunefilter"' not in html and "<td>Gamle Oslo" not in html
    caption = re.search(r'<caption id="tabell-kommuner">(.*?)</caption>', html, re.S).group(1)
    assert text(caption).strip() == (
        "Tabell 16. Alle kommuner (2014) med status og årsak. Telt opp per fylke og status"
    )
    body = html[html.index('<table class="revisjon opptelling">') : html.index("</table>", html.index('<table class="revisjon opptelling">'))]  # fmt: skip
    lines = re.findall(r"<tr>.*?</tr>|<tr class=\"sum\">.*?</tr>", body, re.S)
    assert len(lines) == 1 + 19 + 1  # header, the 19 fylker of 2014, the total
    assert text(lines[-1]).split() == ["I", "alt", "158", "36", "110", "482", "70", "856"]
    assert (
        "Tabell 16 har 856 rader, én per kommune i 2014, for mange til å skrives ut "
        "(PDF-utgaven skriver ut tabeller med inntil 500 rader). Her er de telt opp; hele "
        "tabellen står i HTML-utgaven av rapporten, i regnearket (arket «Tabell 16 Alle "
        "kommuner 2014») og i datafilen kommune_status.csv, der den kan filtreres."
    ) in text(html)
    assert "En tabell med flere rader enn PDF-utgaven skriver ut (500), er telt opp per fylke her." in text(html)  # fmt: skip


def test_the_pdf_edition_says_where_the_long_list_is(long_context) -> None:
    from lmsanalyse.report.render import render_html

    pdf_html = text(render_html(long_context | {"utgave": "pdf"}))
    assert (
        "Der er kommunene telt opp per fylke og status: de er 856, flere enn PDF-utgaven "
        "skriver ut (500 rader). Hver kommune står med status og årsak i HTML-utgaven av "
        "rapporten, i regnearket og i datafilen over kommunene (se vedlegg C)."
    ) in pdf_html
    assert "Hver av de 856 kommunene" not in pdf_html
    # The HTML edition lists every kommune, and says what the PDF edition does.
    html = render_html(long_context)
    assert html.count("<tr><td>0101</td>") == 2
    assert "tabell 16 med alle kommunene i 2014 telt opp per fylke og status" in text(html)


@pytest.mark.slow
def test_the_counted_pdfs_are_tagged_and_say_it(long_context, tmp_path) -> None:
    import subprocess

    from lmsanalyse.report.render import VEDLEGG_TEMPLATE, render_html
    from lmsanalyse.report.typeset import write_pdf
    from pdfcheck import pdfua_failures

    stamp = long_context["kjoretidspunkt"]
    appendix, main = tmp_path / "vedlegg.pdf", tmp_path / "rapport.pdf"
    write_pdf(render_html(long_context | {"utgave": "pdf"}, VEDLEGG_TEMPLATE), appendix, stamp)
    write_pdf(render_html(long_context | {"utgave": "pdf"}), main, stamp)
    for pdf in (appendix, main):
        assert pdfua_failures(pdf) == [], pdf.name
    words = " ".join(
        subprocess.run(["pdftotext", str(appendix), "-"], capture_output=True, text=True,
                       check=True).stdout.split()
    )  # fmt: skip
    assert "Tabell 16 har 856 rader, én per kommune i 2014, for mange til å skrives ut" in words
    assert "Tabell 16. Alle kommuner (2014) med status og årsak. Telt opp per fylke og status" in (
        words
    )
    # The counts, not the kommuner: table 16's columns of a kommune's row are not there.
    assert "Kilde Årsak" not in words and "158 36 110 482 70 856" in words
