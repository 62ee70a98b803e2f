"""A wave on the 2024 register (issue 21, part 1): the register of 371 units, the refusal of
kommuner of other years, the hand-made wave of tests/data/bolge2024 through every stage, and
the 2014 register's decision tables unchanged.

The expected rows and figures of the hand-made wave were worked out by hand from its raw files
(tests/data/bolge2024/README.md), not produced by the pipeline.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import BOLGE_2024, REF_DIR, build_run
from lmsanalyse.clean.name_forms import name_aliases
from lmsanalyse.clean.names import KommuneMatcher
from lmsanalyse.config import ConfigError, load_config, register_config
from lmsanalyse.reference import load_bydeler, load_enheter, load_kommuner, wave_conditions

BOLGE = BOLGE_2024
PERSONAL = ("Kari Fiktiv", "Per Oppdiktet", "Siri Oppdiktet", "eksempel.invalid", "+47 000")


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def register():
    return load_config([register_config(2024)]).register


@pytest.fixture(scope="module")
def matcher(register):
    return KommuneMatcher.from_reference(register)


# ---------------------------------------------------------------------------- the register


def test_the_2024_register_is_371_units_in_357_kommuner(register):
    assert (register.aar, register.path("folkemengde"), register.path("fylker_2020")) == (
        2024,
        None,
        None,
    )
    kommuner = load_kommuner(register)
    units = load_enheter(register)
    assert len(kommuner) == 357 and kommuner["fylkesnavn"].nunique() == 15
    assert units["enhetstype"].value_counts().to_dict() == {"kommune": 356, "bydel": 15}
    bydeler = load_bydeler(register)
    assert list(bydeler["bydelsnummer"]) == [f"0301{i:02d}" for i in range(1, 16)]
    assert set(bydeler["kommunenummer"]) == {"0301"} and "0301" not in set(units["enhet_id"])


def test_an_unknown_register_is_refused_naming_the_shipped_ones():
    with pytest.raises(ConfigError) as info:
        register_config(2019)
    assert str(info.value) == (
        "--register: det finnes ikke noe register for 2019; registrene som følger med: 2024 "
        "(config/registers)"
    )


def test_what_a_wave_has_depends_on_its_register(register):
    assert wave_conditions(load_config().register) == {
        "folkemengde", "kart_2020", "kart_2024", "register_2014", "publiserte_tall",
    }  # fmt: skip
    assert wave_conditions(register, published=False) == {"kart_2024"}


# ---------------------------------------------------------- kommuner of other years refused

REFUSED_2024 = {
    "Tysfjord": "'Tysfjord' er ikke en kommune i 2024: Tysfjord - Divtasvuodna (1850) er en "
    "kommune fra 2014, i 2024 delt mellom Narvik (1806) og Hamarøy (1875). Oppgi "
    "2024-kommunen.",
    "1850": "1850 er ikke et kommunenummer i 2024: Tysfjord - Divtasvuodna (1850) er en kommune "
    "fra 2014, i 2024 delt mellom Narvik (1806) og Hamarøy (1875); oppgi 2024-kommunen",
    "Rissa kommune": "'Rissa kommune' er ikke en kommune i 2024: Rissa (1624) er en kommune fra "
    "2014, i 2024 del av Indre Fosen (5054). Oppgi 2024-kommunen.",
    "Snillfjord": "'Snillfjord' er ikke en kommune i 2024: Snillfjord (1613) er en kommune fra "
    "2014, i 2024 delt mellom Heim (5055), Hitra (5056) og Orkland (5059). Oppgi "
    "2024-kommunen.",
    "Andebu": "'Andebu' er ikke en kommune i 2024: Andebu (0719) er en kommune fra 2014, i 2024 "
    "del av Sandefjord (3907). Oppgi 2024-kommunen.",
    "Stokke": "'Stokke' er ikke en kommune i 2024: Stokke (0720) er en kommune fra 2014, i 2024 "
    "del av Sandefjord (3907). Oppgi 2024-kommunen.",
    "0706": "0706 er ikke et kommunenummer i 2024: Sandefjord (0706) er en kommune fra 2014, i "
    "2024 del av Sandefjord (3907); oppgi 2024-kommunen",
    "0616": "0616 er ikke et kommunenummer i 2024: Nes (0616) er en kommune fra 2014, i 2024 "
    "kalt Nesbyen (3322); oppgi 2024-kommunen",
    "0101 Halden": "0101 er ikke et kommunenummer i 2024: 0101 er nummeret Halden hadde i 2014 "
    "(i 2024: 3101); oppgi 2024-kommunen",
    "3001": "3001 er ikke et kommunenummer i 2024: 3001 er nummeret Halden hadde i 2020 (i "
    "2024: 3101); oppgi 2024-kommunen",
    "1507": "1507 er ikke et kommunenummer i 2024: Ålesund (1507) er en kommune fra 2020, i "
    "2024 delt mellom Ålesund (1508) og Haram (1580); oppgi 2024-kommunen",
    "Tysfjor": "'Tysfjor' ligner mest på Tysfjord - Divtasvuodna (1850) er en kommune fra 2014, "
    "i 2024 delt mellom Narvik (1806) og Hamarøy (1875) (likhet 93), ikke på en kommune i "
    "2024. Oppgi 2024-kommunen.",
}


@pytest.mark.parametrize("typed", sorted(REFUSED_2024))
def test_a_kommune_that_is_gone_in_2024_is_refused_with_what_it_became(matcher, typed):
    found = matcher.match(typed)
    assert (found.enhet_id, found.metode) == (None, "ingen")
    assert str(found.melding) == REFUSED_2024[typed]


def _gone(register) -> list[tuple[str, str]]:
    """Every 2014 kommune whose number is not a 2024 kommune's: (number, name)."""
    numbers = set(load_kommuner(register)["kommunenummer"])
    k14 = read(REF_DIR / "kommuner_2014.csv")
    return [
        (nr, navn)
        for nr, navn in zip(k14["kommunenummer"], k14["kommunenavn"], strict=True)
        if nr not in numbers
    ]


def test_every_2014_kommune_gone_in_2024_is_refused_by_number_and_by_name(register, matcher):
    aliases = {a for n in load_kommuner(register)["kommunenavn"] for a in name_aliases(n)}
    gone = _gone(register)
    assert len(gone) == 345
    for nr, _navn in gone:
        by_number = matcher.match(nr)
        assert not by_number.ok, nr
        assert str(by_number.melding).startswith(f"{nr} er ikke et kommunenummer i 2024: ")
        assert "oppgi 2024-kommunen" in str(by_number.melding)
    # A name that is also a 2024 kommune's (Halden, Bø, Nes) is that kommune; the others never.
    only_2014 = [(nr, n) for nr, n in gone if not name_aliases(n) & aliases]
    assert len(only_2014) == 85
    for nr, navn in only_2014:
        by_name = matcher.match(navn)
        assert not by_name.ok and by_name.melding.kode == "tidligere_kommune", navn
        assert f"({nr}) er en kommune fra 2014, i 2024 " in str(by_name.melding), navn


def test_a_misspelt_gone_name_is_never_read_as_a_2024_kommune(register, matcher):
    """A letter dropped, or two letters swapped, in the name of a kommune gone in 2024:
    never read by similarity as a 2024 kommune."""
    aliases = {a for n in load_kommuner(register)["kommunenavn"] for a in name_aliases(n)}
    typed = set()
    for _nr, navn in _gone(register):
        if name_aliases(navn) & aliases:
            continue
        base = navn.split(" - ")[0]
        typed |= {base[:-1], base[0] + base[2:]}
        if len(base) > 4:
            typed.add(base[:2] + base[3] + base[2] + base[4:])
    read_as = {t: matcher.match(t) for t in sorted(typed) if len(t) > 3}
    assert len(read_as) > 200
    assert {t: f.enhet_id for t, f in read_as.items() if f.metode == "fuzzy"} == {}


@pytest.mark.parametrize(
    ("typed", "enhet_id", "melding"),
    [
        ("Våler", None, "'Våler' er tvetydig: 3114 Våler (Østfold) og 3419 Våler (Innlandet). "
         "Oppgi kommunenummer eller fylke."),
        ("Våler (Hedmark)", "3419", None),
        ("Våler i Østfold", "3114", None),
        ("Herøy", None, "'Herøy' er tvetydig: 1515 Herøy (Møre og Romsdal) og 1818 Herøy "
         "(Nordland). Oppgi kommunenummer eller fylke."),
        ("Herøy (Nordland)", "1818", None),
        ("Sande", "1514", None),
        ("Guovdageaidnu", "5612", None),
        ("Bydel Frogner", "030105", None),
        ("Haram", "1580", None),
    ],
)  # fmt: skip
def test_2024_names_with_their_fylke_in_brackets(matcher, typed, enhet_id, melding):
    found = matcher.match(typed)
    assert found.enhet_id == enhet_id
    assert (str(found.melding) if found.melding else None) == melding


def test_the_2014_register_refuses_later_kommuner_as_before():
    m = KommuneMatcher.from_reference(REF_DIR)
    assert str(m.match("Orkland").melding) == (
        "'Orkland' er ikke en kommune i 2014: 5059 Orkland er en kommune fra 2020, laget av del "
        "av Snillfjord, Agdenes, Meldal og Orkdal (2014). Oppgi 2014-kommunen."
    )
    assert str(m.match("3001").melding) == (
        "3001 er ikke et kommunenummer i 2014: 3001 er nummeret Halden fikk i 2020 (i 2014: "
        "0101); oppgi 2014-kommunen"
    )
    assert m.match("Våler (Østfold)").enhet_id == "0137"


# ---------------------------------------------------------------- the hand-made 2024 wave


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    """The hand-made wave through every stage on the 2024 register (HTML report)."""
    base = tmp_path_factory.mktemp("bolge2024")
    raw = base / "raw"
    shutil.copytree(BOLGE / "raw", raw)
    return build_run(base / "out", raw_dir=raw, html=True, register=2024)


def test_kommune_status_has_every_2024_kommune_with_the_worked_out_status(wave):
    actual = read(wave.processed / "kommune_status.csv").set_index("kommunenummer")
    expected = read(BOLGE / "expected" / "kommune_status.csv").set_index("kommunenummer")
    assert len(actual) == 357
    assert actual.loc[expected.index, expected.columns].to_dict("index") == expected.to_dict(
        "index"
    )
    others = actual.drop(index=expected.index)
    assert set(others["status_kode"]) == {"ikke_besvart"} and set(others["dekket"]) == {"Nei"}
    # The 2024 fylker, and no population (empty, never 0).
    assert actual.loc["3101", "fylkesnavn"] == "Østfold"
    assert actual.loc["5501", "fylkesnavn"] == "Troms"
    assert set(actual["folkemengde_2015"]) == {""}


def test_figures_are_the_worked_out_ones_and_none_about_population(wave):
    figures = read(wave.processed / "figures.csv").set_index("figur")
    expected = read(BOLGE / "expected" / "figures.csv").set_index("figur")
    assert figures.loc[expected.index].to_dict("index") == expected.to_dict("index")
    absent = [
        f for f in figures.index
        if "befolkning" in f or f.startswith(("kommuner_2020", "kommuner_delt_"))
        or f == "svarprosent_publisert_grunnlag"
    ]  # fmt: skip
    assert absent == []
    fylker = read(wave.processed / "fylke_dekning.csv")
    assert len(fylker) == 15
    assert set(fylker["folkemengde"]) == {""} and set(fylker["folkemengde_dekket"]) == {""}


def test_the_2024_map_is_the_wave_itself_and_there_is_no_2020_map(wave):
    status = read(wave.processed / "kommune_status.csv").set_index("kommunenummer")
    k24 = read(wave.processed / "kommune_2024_status.csv").set_index("kommunenummer_2024")
    assert len(k24) == 357
    expected = status["dekket"].map({"Ja": "dekket", "Nei": "ikke dekket"})
    assert k24["status_2024"].to_dict() == expected.to_dict()
    assert set(k24[["deler_2014", "dekkede_deler_2014", "kommuner_2014", "merknad"]].stack()) == {
        ""
    }
    assert k24.loc["3419", ["kommunenavn_2024", "fylkesnavn_2024"]].tolist() == [
        "Våler (Innlandet)",
        "Innlandet",
    ]
    assert len(read(wave.processed / "kommune_2020_status.csv")) == 0


def test_no_reconciliation_without_published_figures(wave):
    from lmsanalyse.readings import READING_COLUMNS
    from lmsanalyse.reconcile import RECONCILIATION_COLUMNS

    rec = (wave.processed / "reconciliation.csv").read_text(encoding="utf-8")
    assert rec == ",".join(RECONCILIATION_COLUMNS) + "\n"
    readings = (wave.processed / "lesninger.csv").read_text(encoding="utf-8")
    assert readings == ",".join(READING_COLUMNS) + "\n"


def test_the_gone_kommuner_in_the_raw_data_are_quarantined_with_what_they_became(wave):
    quarantine = read(wave.processed / "quarantine.csv")
    rows = quarantine[["fil", "rad", "kolonne", "kode", "arsak"]].values.tolist()
    assert rows == [
        ["radmann_skjema.csv", "8", "enhet", "tidligere_kommune", REFUSED_2024["Tysfjord"]],
        [
            "ringerunde_logg.csv",
            "5",
            "enhet",
            "tidligere_kommune",
            "'Rissa' er ikke en kommune i 2024: Rissa (1624) er en kommune fra 2014, i 2024 del "
            "av Indre Fosen (5054). Oppgi 2024-kommunen.",
        ],
    ]


def test_the_sensitivity_table_leaves_the_population_empty(wave):
    summary = read(wave.processed / "sensitivitet.csv").set_index("definisjon")
    assert summary.loc["nklmh_2015", ["kommuner_dekket", "kommuner"]].tolist() == ["7", "357"]
    population = ["befolkning_dekket", "befolkning", "andel_befolkning", "endring_befolkning"]
    assert set(summary[population].stack()) == {""}


def _prose(html: str) -> str:
    """The report's running text: tables, scripts, styles, images and code (file names such
    as nklmh_2015.yaml) left out."""
    for tag in ("table", "script", "style", "svg", "code"):
        html = re.sub(rf"<{tag}\b.*?</{tag}>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&shy;", "").split())


def test_every_sentence_speaks_of_the_2024_wave(wave):
    html = wave.report_html.read_text(encoding="utf-8")
    # The tests' fixed run time (SOURCE_DATE_EPOCH) is in 2015: when the report was made.
    text = _prose(html).replace("19. mai 2015", "")
    assert "<title>Lærings- og mestringstjenester i kommunene – kartlegging 2025</title>" in html
    assert "2014" not in text and "2015" not in text
    for sentence in (
        "Lærings- og mestringstjenester i kommunene 2025",
        "Kartleggingen spurt på nytt av kommunene i 2024, med definisjonen «NK LMHs publiserte "
        "definisjon»",
        "Denne rapporten gjelder kartleggingen av kommunale lærings- og mestringstjenester "
        "2025: de samme spørsmålene som i NK LMHs kartlegging, stilt på nytt til landets "
        "kommuner slik de er i 2024.",
        "Kartleggingen sendte et spørreskjema til landets 356 rådmenn og 15 bydelsdirektører i "
        "Oslo, til sammen 371 enheter,",
        "nevneren er landets 357 kommuner i 2024.",
        "Registeret for 2024 har ingen folkemengde per kommune, så rapporten har ingen "
        "befolkningstall: hvor stor del av befolkningen som bor i en kommune med tjeneste, kan "
        "ikke regnes ut fra dataene, og rapporten anslår det ikke selv. Dekningen telles i "
        "kommuner. Ingen tall er publisert fra denne runden av kartleggingen, så det er ingen "
        "avstemming mot publiserte tall.",
        "Dekning: kommuner 7 av 357 kommuner (2 %) har en lærings- og mestringstjeneste",
        "Kartet er en illustrasjon: alle tall bygger på kommunene i 2024, og kartet er tegnet med "
        "forenklede kommunegrenser fra 2017, slått sammen etter kommuneendringene fram til 2024.",
        "Kartet har ikke grensen mellom delene av Tysfjord - Divtasvuodna (1850) som gikk til "
        "Narvik (uten tjeneste) og Hamarøy (med tjeneste); området er skravert.",
        "Kartet har ikke grensen mellom delene av Snillfjord (1613) som gikk til Heim og "
        "Orkland; begge har tjeneste, så området er tegnet slik.",
        "Kvitsøy (1144, uten tjeneste) og Træna (1835, uten tjeneste) mangler i kartet fordi "
        "forenklingen av grensene fjernet dem.",
        "Hver av de 357 kommunene i 2024 med status og årsaken til den.",
    ):
        assert sentence in text, sentence
    for absent in (
        'id="avstemming"',
        'id="dagens-kart"',
        "av befolkningen bor",
        "Tre svarprosenter",
    ):
        assert absent not in html, absent
    assert (
        '@bottom-left { content: "Lærings- og mestringstjenester i kommunene – kartlegging 2025"'
        in html
    )


def test_the_workbook_and_the_data_package_name_the_2024_register(wave):
    from openpyxl import load_workbook

    from helpers import report_inputs
    from lmsanalyse.report.context import build_context
    from lmsanalyse.report.data import run_time
    from lmsanalyse.report.excel_workbook import write_workbook

    context = build_context(report_inputs(wave))
    path = wave.reports / "lms_kartlegging.xlsx"
    write_workbook(context, path, run_time(context["provenance"]))
    book = load_workbook(path)
    assert book.sheetnames[4:6] == ["Tabell 5 Kommunenes status", "Tabell 6 Fylker 2024"]
    assert "Tabell 13 Alle kommuner 2024" in book.sheetnames
    assert not [n for n in book.sheetnames if "Avstemming" in n or "2014" in n]
    fylker = book["Tabell 6 Fylker 2024"]
    assert [c.value for c in fylker[5]] == [
        "Fylke", "Kommuner med tjeneste", "Kommuner", "Andel av kommunene",
    ]  # fmt: skip
    assert [c.value for c in fylker[21]][:3] == ["Hele landet", 7, 357]
    status = book["Tabell 5 Kommunenes status"]
    assert [c.value for c in list(status.rows)[-1]][:2] == ["Kommuner i 2024", 357]
    import json

    package = json.loads(wave.datapackage.read_text(encoding="utf-8"))
    assert (package["name"], package["title"]) == (
        "lms-kartlegging-2025",
        "Kartlegging av kommunale lærings- og mestringstjenester 2025 – beregnede tabeller",
    )
    tables = {r["name"]: r for r in package["resources"]}
    assert tables["kommune_status"]["description"].startswith("Én rad per kommune i 2024 (357).")
    assert tables["enhet_status"]["description"].startswith(
        "Én rad per enhet (356 kommuner og Oslos 15 bydeler)"
    )
    assert tables["reconciliation"]["description"].endswith(
        "Tom: ingen tall er publisert fra denne runden av kartleggingen."
    )


def test_explain_and_diff_read_the_2024_wave(wave, bundled_run):
    from lmsanalyse.tools.diff import diff_runs
    from lmsanalyse.tools.explain import Explainer

    heim = Explainer(wave.root).explain("Heim")
    assert (heim["id"], heim["kommune"]["status_kode"]) == ("5055", "dekket")
    assert [t["tjeneste_id"] for t in heim["tjenester"]] == ["B02"]
    result = diff_runs(bundled_run, wave.root)
    headline = {h["figur"]: h for h in result.hovedtall}
    assert (headline["kommuner_med_tilbud"]["b"], headline["kommuner_med_tilbud"]["nevner_b"]) == (
        7,
        357,
    )
    assert headline["befolkning_dekket"]["b"] is None


# ------------------------------------------------------- the 2014 register: unchanged bytes

# SHA-256 of the bundled run's decision tables (definition nklmh_2015) as main wrote them before
# the wave on the 2024 register: the 2014 register's outputs must not change with it. Changed on
# purpose since (the audit after issue 20): kommune_status.csv's reason texts (a Ja without an
# interviewed service, a form sent without an answer) and «Ikke besvart» capitalised, and 30
# new figures in figures.csv (no existing figure changed); issue 22, the report counting
# nothing itself: the included services by category and organisering, and by offerings, as
# new figures (no existing figure changed); tilbud_lms_anslag never more than a service's own
# count of offers (fakta_tjenester.sql: 109 → 105 in the bundled run).
BUNDLED_NKLMH_2015 = {
    "enhet_status.csv": "ea61b1e6de7097c07ab585af1b5acab63aaed8b163ab6c8bd6d041c6fdc8e15b",
    "figures.csv": "b1c3e517ecf704faf4252b53223450f309b81e76845c7d5905f351c8c51be08a",
    "fylke_dekning.csv": "aaf4d53e4a4fbc7f374cea3ca6958648218d92f470d890694eb9a006bc94be3f",
    "kommune_2020_status.csv": "5d1805db9866dc4c0d2e03018da742b2f95ddab82320bbba2c2f2f48bfc2cf32",
    "kommune_2024_status.csv": "979d82371be8d774efd153fe38d26441277492d5571c285a17068ce1fb2b5d7c",
    "kommune_status.csv": "1a759ca316c1ffae1a9867ad2654c5790fae8d8ddc4cd7997617e3719ce2a285",
    "tjeneste_deltakelse.csv": "9dae36a68cd097fcf2beeb3cde52c2c69f734930647305dbc88723e078478d7d",
    "tjeneste_status.csv": "154c24016eb5d959cd742e47e411d7cd163ca9eae31eb513b37a438ae12cd739",
}
# The same for the other definitions' figures and pictures on later maps.
BUNDLED_OTHERS = {
    ("delvis_teller", "figures.csv"): "a04603efee9ffa29c933c25abb7fdddabfa85a401e73c1f628e7a322e3d02225",
    ("delvis_teller", "kommune_2024_status.csv"): "ba2756aeb9bbffdd133555ca03375ee94ddd1ce8d725541b7a8e653a02cf7250",
    ("kun_etablerte_tilbud", "figures.csv"): "1ebd9ec998e93db55610ea502ebebd59df32b3e20ccd92c6669512f970a48615",
    ("kun_etablerte_tilbud", "kommune_2020_status.csv"): "a85ddd3732d1d9c1ace181498e64ef911e3019640c043702ad69a81cf9d2f6ec",
    ("radmann_ja_teller", "figures.csv"): "98389626374f89676e3399baacc42e584993b296cb9fa107d308ffd1db0afe54",
    ("radmann_ja_teller", "kommune_2024_status.csv"): "fa4f6de3515715fe18cba69fbb7907dffc36075c72c5709bbf111fc4c384aa2f",
    ("uten_erfaringsunntak", "figures.csv"): "a12fd50306829c41dd80a62641e622f0337495d498b84dd281185fb8e671e5e0",
    ("uten_erfaringsunntak", "kommune_2020_status.csv"): "e57fced75cc397ab517640143c761b78c98dd1aca144134bf771811d5e34e958",
}  # fmt: skip


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_2014_register_writes_the_same_bytes_as_before(bundled_include):
    assert {name: _sha256(bundled_include / name) for name in BUNDLED_NKLMH_2015} == (
        BUNDLED_NKLMH_2015
    )


def test_every_definition_on_the_2014_register_writes_the_same_bytes(bundled_layout):
    from helpers import include_into

    for definition in sorted({d for d, _f in BUNDLED_OTHERS}):
        include_into(bundled_layout, definition)
    assert {
        (d, f): _sha256(bundled_layout.definition_dir(d) / f) for d, f in BUNDLED_OTHERS
    } == BUNDLED_OTHERS


# ------------------------------------------------------- the whole workflow, PDFs and guard


@pytest.mark.slow
def test_the_workflow_on_the_2024_register(workflow_run_2024, wave):
    """``lmsanalyse run --register 2024`` on the hand-made wave (the conftest's run): the same
    tables as the stage functions, every PDF passes PDF/UA-1, the figure files, the guard, no
    personal data."""
    from pdfcheck import pdf_info, pdfua_failures

    out = workflow_run_2024
    processed = out / "data" / "processed"
    for name in ("kommune_status.csv", "figures.csv", "kommune_2024_status.csv", "quarantine.csv"):
        assert (processed / name).read_bytes() == (wave.processed / name).read_bytes(), name
    reports = out / "reports"
    for pdf in ("lms_kartlegging.pdf", "lms_kartlegging_vedlegg.pdf", "sensitivitet.pdf"):
        assert pdfua_failures(reports / pdf) == [], pdf
    info = pdf_info(reports / "lms_kartlegging.pdf")
    assert info.title == "Lærings- og mestringstjenester i kommunene – kartlegging 2025"
    stems = sorted(p.name for p in (reports / "figurer").glob("*.svg"))
    assert stems == [
        "figur_01_flyt.svg", "figur_02_kart.svg", "figur_03_fylke.svg",
        "figur_04_kategori.svg", "figur_05_tilbud.svg",
    ]  # fmt: skip
    kart = (reports / "figurer" / "figur_02_kart.txt").read_text(encoding="utf-8")
    assert "Tysfjord - Divtasvuodna (1850)" in kart and "2014" not in kart
    assert (out / "logs" / "personvernsjekk.txt").read_text(encoding="utf-8").startswith("OK:")
    for folder in (processed, reports):
        for path in folder.rglob("*"):
            if path.suffix in (".csv", ".html", ".json", ".txt", ".svg"):
                text = path.read_text(encoding="utf-8")
                assert not [p for p in PERSONAL if p in text], path
