"""The report read as a reader reads it: every claim sentence of the PDF checked against the
decision tables, on three data sets of different shape.

- the bundled synthetic data (the workflow's run);
- the hand-made set (tests/data/handmade): real-data mode, many counts of one, most units
  never contacted, Oslo covered through one bydel;
- the thin set (tests/data/tynt): every claim the other way round – no contradictions,
  every I2 failure in every phase, no split kommune covered, the covered kommuner smaller
  than the rest, nothing unclear or unconfirmed.

The truth of each sentence is recounted here from the decision tables (kommune_status,
tjeneste_status, enhet_status, konsistens, reconciliation, the clean interviews), not from
figures.csv, and the expected wording is written here, not taken from the report's code. A
sentence that is false for any of the three fails. The PDF's text is compared with every
white space removed, so that line breaks do not matter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import helpers
from lmsanalyse.layout import APPENDIX_INPUTS
from lmsanalyse.norsk import fmt_int, fmt_pct

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
BANNER = "SYNTETISKE DATA – ikke reelle tall"
ARTICLE = Path("/work/shared/seeds/nklmh-kartlegging-artikkel-2015.txt")
# The statuses of a kommune without a service, in the summary's order, in the reader's words.
WHY = (
    ("svarte_nei", "svarte nei"),
    ("ja_uten_bekreftelse", "oppga en tjeneste som ikke ble bekreftet i telefonintervju"),
    ("ekskludert", "har en intervjuet tjeneste som ikke oppfyller definisjonen"),
    ("intervju_i_karantene", "har en tjeneste der intervjuet ble satt i karantene"),
    ("uavklart", "ga et svar som ikke ble avklart"),
    ("ikke_besvart", "svarte ikke og ble ikke ringt"),
    ("manuelt_ekskludert", "ble ekskludert etter en manuell beslutning"),
)
PHASES_RUNNING = ("bm_utvikling", "bm_planlegging", "bm_gjennomforing", "bm_evaluering")
PHASES_NOT_STARTED = ("bm_utvikling", "bm_planlegging")
NON_LMS = ("samtalegruppe", "individuell opplæring", "pasientskole", "livsstilskurs")


def squash(text: str) -> str:
    """The text without any white space (line breaks and no-break spaces included)."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def pct(num: int, den: int) -> str:
    """A share as the running text writes it (whole per cent, never 0 % for a count)."""
    share = 100 * num / den
    if 0 < share < 0.5:
        return "under 1 %"
    return fmt_pct(share, 0, " ")


def n(value: int, one: str, many: str) -> str:
    return f"{fmt_int(value, ' ')} {one if value == 1 else many}"


def og(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


@dataclass
class Lest:
    """One data set's run and its report as text."""

    name: str
    root: Path
    synthetic: bool

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def tables(self) -> Path:
        return self.processed / "definisjoner" / "nklmh_2015"

    @property
    def pdf(self) -> Path:
        return self.root / "reports" / "lms_kartlegging.pdf"

    def csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.tables / f"{name}.csv", dtype=str, keep_default_na=False)

    @property
    def text(self) -> str:
        if not hasattr(self, "_text"):
            from pypdf import PdfReader

            self._text = "\n".join(p.extract_text() for p in PdfReader(self.pdf).pages)
        return self._text

    def says(self, sentence: str) -> bool:
        return squash(sentence) in squash(self.text)


def _render(root: Path, raw: Path) -> Path:
    from lmsanalyse.report.render import render_appendix, render_report

    layout = helpers.build_run(root, raw_dir=raw, definitions=("nklmh_2015",))
    inputs = helpers.report_inputs(layout)
    render_report(
        inputs, layout.report_html, layout.report_pdf, layout.report_xlsx, layout.figure_dir
    )
    render_appendix({k: inputs[k] for k in APPENDIX_INPUTS}, layout.appendix_pdf)
    return root


@pytest.fixture(scope="module")
def handmade(tmp_path_factory) -> Lest:
    root = _render(tmp_path_factory.mktemp("lest_handmade"), DATA / "handmade" / "raw")
    return Lest("handmade", root, False)


@pytest.fixture(scope="module")
def tynt(tmp_path_factory) -> Lest:
    root = _render(tmp_path_factory.mktemp("lest_tynt"), DATA / "tynt" / "raw")
    return Lest("tynt", root, False)


@pytest.fixture(scope="module")
def bundled(workflow_run) -> Lest:
    return Lest("bundled", workflow_run, True)


@pytest.fixture(params=["bundled", "handmade", "tynt"])
def lest(request) -> Lest:
    return request.getfixturevalue(request.param)


# ------------------------------------------------------------------ who has no service, and why


def test_kommuner_without_a_service_are_split_by_why(lest):
    ks = lest.csv("kommune_status")
    uten = ks[ks["dekket"] == "Nei"]
    counts = uten["status_kode"].value_counts()
    parts = [f"{fmt_int(counts[k], ' ')} {text}" for k, text in WHY if counts.get(k, 0)]
    expected = (
        f"I {fmt_int(len(uten), ' ')} av {fmt_int(len(ks), ' ')} kommuner "
        f"({pct(len(uten), len(ks))}) fant kartleggingen ingen tjeneste som oppfyller "
        f"definisjonen: {og(parts)}."
    )
    assert lest.says(expected), expected
    assert not lest.says("har ingen lærings- og mestringstjeneste")


# ------------------------------------------------------------------------------- brukermedvirkning


def test_brukermedvirkning_says_in_how_many_phases(lest):
    ts = lest.csv("tjeneste_status")
    failed = set(ts[ts["feilede_regler"].str.contains("I2_brukermedvirkning")]["tjeneste_id"])
    interviews = pd.read_parquet(lest.processed / "telefonintervju.parquet")
    kinds = {"one": 0, "some": 0, "all": 0, "delvis": 0}
    for r in interviews[interviews["tjeneste_id"].isin(failed)].itertuples():
        phases = PHASES_RUNNING if r.i_gang == "Ja" else PHASES_NOT_STARTED
        answers = [getattr(r, p) for p in phases]
        missing = [a for a in answers if a != "Ja"]
        kind = "all" if len(missing) == len(answers) else "one" if len(missing) == 1 else "some"
        kinds[kind] += 1
        kinds["delvis"] += all(a == "Delvis" for a in missing)
    total = len(failed)
    if not total:
        assert lest.says("Ingen intervjuet tjeneste manglet sidestilt brukermedvirkning.")
        return
    head = f"{n(total, 'tjeneste', 'tjenester')} manglet sidestilt brukermedvirkning"
    if kinds["all"] == total:
        assert lest.says(f"{head} i alle aktuelle faser.")
        return
    assert not lest.says("brukermedvirkning i alle aktuelle faser.")
    words = {"one": "i én fase", "some": "i flere, men ikke alle", "all": "i alle"}
    listed = [f"{fmt_int(kinds[k], ' ')} {words[k]}" for k in ("one", "some", "all") if kinds[k]]
    if len(listed) == 1:
        single = {"one": "i én aktuell fase", "some": "i flere aktuelle faser, men ikke i alle"}
        kind = next(k for k in ("one", "some") if kinds[k])
        assert lest.says(f"{head} {single[kind]}.")
    else:
        assert lest.says(f"{head} i minst én aktuell fase: {og(listed)}.")
    if kinds["delvis"]:
        assert lest.says("bare fordi") and lest.says("svarte «Delvis» der definisjonen krever Ja.")


# --------------------------------------------------------------------- larger or smaller kommuner


def test_larger_kommuner_only_when_they_are(lest):
    ks = lest.csv("kommune_status")
    pop = ks["folkemengde_2015"].astype(int)
    covered = ks["dekket"] == "Ja"
    kommune_share = covered.mean()
    share = pop[covered].sum() / pop.sum()
    # Counted by bydel: Oslo's covered bydeler only (all of Oslo when Oslo itself takes part).
    oslo = pd.read_parquet(lest.processed / "oslo_folkemengde.parquet")
    dt = lest.csv("tjeneste_deltakelse")
    taking_part = set(dt[dt["inkludert"] == "Ja"]["enhet_id"])
    oslo_covered = bool(ks.loc[ks["kommunenummer"] == "0301", "dekket"].eq("Ja").any())
    whole = "0301" in taking_part
    by_part = sum(
        int(r.folkemengde_2015)
        for r in oslo.itertuples()
        if oslo_covered and (whole or r.delnummer in taking_part)
    )
    bydelsvis = (pop[covered & (ks["kommunenummer"] != "0301")].sum() + by_part) / pop.sum()
    larger = "kommunene med tjeneste er i snitt større enn de uten"
    only_oslo = "Andelen av befolkningen er høyere enn andelen av kommunene bare fordi hele Oslo"
    smaller = "kommunene med tjeneste er i snitt mindre enn de uten"
    if share > kommune_share and bydelsvis > kommune_share:
        assert lest.says(larger) and not lest.says(only_oslo)
    elif share > kommune_share:
        assert lest.says(only_oslo) and not lest.says(larger)
        # Whole per cent, unless the two shares would then look the same.
        whole = pct(round(bydelsvis * 10**6), 10**6)
        same = whole == pct(int(covered.sum()), len(ks))
        said = fmt_pct(100 * bydelsvis, 1, " ") if same else whole
        assert lest.says(f"Telt bydelsvis er andelen av befolkningen {said}")
    else:
        assert not lest.says(larger) and not lest.says(only_oslo)
        assert lest.says(smaller) == (share < kommune_share)


def test_population_share_is_never_zero_for_a_count(lest):
    ks = lest.csv("kommune_status")
    pop = ks["folkemengde_2015"].astype(int)
    covered = pop[ks["dekket"] == "Ja"].sum()
    assert lest.says(f"Kommunene med tjeneste har {pct(covered, pop.sum())} av befolkningen")


# -------------------------------------------------------------------------------- contradictions


def test_contradictions_and_inconsistencies_are_each_stated_truly(lest):
    ks = lest.csv("kommune_status")
    conflicts = int((ks["konflikt"] != "").sum())
    rows = lest.csv("konsistens")
    if conflicts:
        said = n(conflicts, "kommune har", "kommuner har") + " motstridende svar fra kildene"
        assert lest.says(said)
        assert not lest.says("Ingen kommune har motstridende svar")
    else:
        assert lest.says("Ingen kommune har motstridende svar fra kildene.")
        assert not lest.says("motstridende svar fra kildene (se metodeavsnittet)")
    none = "Analysen fant ingen uoverensstemmelser i dataene"
    assert lest.says(none) == rows.empty
    assert not lest.says("ingen motsigelser")


# ----------------------------------------------------------------------- who the call round reached


def test_the_call_round_sentence_says_whom_it_reached(lest):
    es = lest.csv("enhet_status")
    answered = es["disposisjon"] == "besvart_skjema"
    called = es["ringerunde_forsok"].astype(int) > 0
    without = int((~answered).sum())
    calls = int(es["ringerunde_forsok"].astype(int).sum())
    everyone = "som ikke svarte, ble fulgt opp i en ringerunde med til sammen"
    if (~answered & ~called).sum() == 0 and (answered & called).sum() == 0:
        assert lest.says(f"{everyone} {fmt_int(calls, ' ')} anrop.")
    else:
        assert not lest.says(everyone)
        assert lest.says(
            f"Av de {fmt_int(without, ' ')} som ikke svarte, ble "
            f"{fmt_int(int((~answered & called).sum()), ' ')} fulgt opp i en ringerunde"
        )


# ------------------------------------------------------------------------------- response rates


def test_response_rates_have_one_name_each(lest):
    es = lest.csv("enhet_status")
    form = int((es["aapor_skjema_kode"] == "1.1").sum())
    both = int((es["aapor_kode"] == "1.1").sum())
    assert lest.says(f"RR1, bare skjemaet: {pct(form, len(es))}")
    assert lest.says(f"RR1, skjema og ringerunde: {pct(both, len(es))}")
    assert not lest.says("svarprosent (AAPOR RR1)")


# ------------------------------------------------------------------ unconfirmed and unclear kommuner


def test_unconfirmed_kommuner_are_split_by_whose_ja(lest):
    ks = lest.csv("kommune_status")
    unconfirmed = ks[ks["status_kode"] == "ja_uten_bekreftelse"]
    by_radmann = int(unconfirmed["radmann_svar"].str.contains("Ja").sum())
    assert not lest.says("I kommuner, med ringerunde-Ja")
    if len(unconfirmed):
        assert lest.says(
            f"{n(len(unconfirmed), 'kommune', 'kommuner')}, {fmt_int(by_radmann, ' ')} etter "
            f"rådmannens Ja og {fmt_int(len(unconfirmed) - by_radmann, ' ')} etter Ja i ringerunden"
        )


def test_unclear_kommuner_are_split_by_whether_they_were_called(lest):
    ks = lest.csv("kommune_status")
    unclear = ks[ks["status_kode"] == "uavklart"]
    called = int(unclear["kilde"].str.contains("ringerunde").sum())
    assert not lest.says("Ikke avklart i ringerunden")
    if len(unclear):
        assert lest.says(f"– ringt, men ringerunden ga ikke noe svar {fmt_int(called, ' ')}")
        assert lest.says(
            "– svarte «Vet ikke» eller ikke på spørsmålet i skjemaet, og ble ikke ringt "
            f"{fmt_int(len(unclear) - called, ' ')}"
        )


# -------------------------------------------------------------------------------- reconciliation


def test_reconciliation_counts_agreement_explained_and_unexplained(lest):
    rec = lest.csv("reconciliation")
    explained = (rec["status"] == "avvik") & (rec["alternativ_status"] == "samsvar")
    agree = int((rec["status"] == "samsvar").sum())
    if agree == len(rec):
        assert lest.says(f"Alle {len(rec)} publiserte tall samsvarer med beregningen.")
    else:
        assert lest.says(f"{agree} av {len(rec)} publiserte tall samsvarer med beregningen.")
    if explained.any():
        assert lest.says(
            f"{int(explained.sum())} avviker, men en annen lesning av artikkelen gir det "
            "publiserte tallet"
        )
    unexplained = int(((rec["status"] == "avvik") & ~explained).sum())
    if unexplained:
        it = "det" if unexplained == 1 else "dem"
        assert lest.says(f"{unexplained} avviker uten at noen lesning forklarer {it}")
    by_construction = "Rådataene er syntetiske, så samsvar med de publiserte tallene bekrefter"
    assert lest.says(by_construction) == lest.synthetic


def test_published_shares_keep_their_published_precision(lest):
    table = squash(lest.text)
    table = table[table.index(squash("Tabell 15. Publiserte og beregnede tall")) :]
    table = table[: table.index(squash("Vedlegg A"))]
    rec = lest.csv("reconciliation")
    for r in rec[rec["publisert_andel"] != ""].itertuples():
        value = float(r.publisert_andel)
        if value.is_integer():
            assert squash(fmt_pct(value, 1)) not in table, r.figur
            assert squash(fmt_pct(value, 0)) in table, r.figur


# ------------------------------------------------------------------------------------ offer counts


def test_offer_counts_say_what_they_count(lest):
    ts = lest.csv("tjeneste_status")
    running = ts[(ts["inkludert"] == "Ja") & (ts["i_gang"] == "Ja")]
    total = int(running["antall_tilbud"].astype(int).sum())
    types = running["tilbudstyper"].map(lambda t: [x for x in t.split(";") if x])
    assert lest.says(f"omtrent {fmt_int(total, ' ')} tilbud det siste året")
    assert not lest.says(f"omtrent {fmt_int(total, ' ')} lærings- og mestringstilbud")
    assert not lest.says("øvre grense")
    non_lms = int(types.map(lambda t: any(x in NON_LMS for x in t)).sum())
    said = "oppga minst én av typene samtalegruppe, individuell opplæring, pasientskole eller"
    assert lest.says(said) == bool(non_lms)
    if non_lms:
        assert lest.says(f"{non_lms} av dem {said}")
    fewer = int((running["antall_tilbud"].astype(int) < types.map(len)).sum())
    assert lest.says(f"{fewer} oppga færre tilbud enn typer tilbud") == bool(fewer)


# -------------------------------------------------------------------------------------------- maps


def test_map_captions_name_what_the_map_cannot_draw(lest):
    geo = json.loads((helpers.REF_DIR / "kommunekart_2017.geojson").read_text("utf-8"))
    drawn = {str(f["properties"]["kommunenr"]).zfill(4) for f in geo["features"]}
    merged = {"0706", "0719", "0720"}
    ks = lest.csv("kommune_status")
    lost = ks[~ks["kommunenummer"].isin(drawn | merged)]
    assert len(lost) == 2  # Kvitsøy and Træna (the source geometry lost them)
    items = [
        f"{r.kommunenavn} ({r.kommunenummer}, {'med' if r.dekket == 'Ja' else 'uten'} tjeneste)"
        for r in lost.itertuples()
    ]
    assert lest.says(f"{og(items)} mangler i kartet fordi forenklingen av grensene fjernet dem.")
    k24 = lest.csv("kommune_2024_status")
    gone = k24[
        k24["kommuner_2014"].map(
            lambda t: all(p[:4] in set(lost["kommunenummer"]) for p in t.split("; "))
        )
    ]
    items = [
        f"{r.kommunenavn_2024} ({r.kommunenummer_2024}, {r.status_2024})" for r in gone.itertuples()
    ]
    assert lest.says(f"{og(items)} mangler i kartet fordi forenklingen av grensene fjernet dem.")
    assert not lest.says("Hver kommune står med status i tabell 8")
    assert lest.says("Tabell 8 i vedlegget til PDF-utgaven viser de dekkede og delvis dekkede")


def test_split_kommuner_are_described_with_their_status(lest):
    ks = lest.csv("kommune_status").set_index("kommunenummer")
    for nr, name in (("1613", "Snillfjord"), ("1850", "Tysfjord - Divtasvuodna")):
        had = "hadde" if ks.loc[nr, "dekket"] == "Ja" else "hadde ikke"
        assert lest.says(f"{name} ({nr}) {had} tjeneste i 2014 og ble delt mellom")


def test_today_is_the_2014_status_on_todays_map(lest):
    assert not lest.says("I dag (2024)")
    assert lest.says("Det er kartleggingens tjenester på dagens kart, ikke dekningen i dag.")


# ----------------------------------------------------------------------------- synthetic marking


def test_synthetic_data_is_marked_on_everything_a_reader_takes_away(lest):
    from PIL import Image
    from pypdf import PdfReader

    figures = sorted((lest.root / "reports" / "figurer").iterdir())
    assert figures
    for path in figures:
        if path.suffix == ".png":
            with Image.open(path) as image:
                marked = image.info.get("Description") == BANNER
        else:
            marked = BANNER in path.read_text("utf-8")
        assert marked == lest.synthetic, path.name
    package = json.loads((lest.processed / "datapackage.json").read_text("utf-8"))
    assert (BANNER in package["title"]) == lest.synthetic
    assert all((BANNER in r["title"]) == lest.synthetic for r in package["resources"])
    assert (package["licenses"][0]["name"] == "CC0-1.0") == lest.synthetic
    author = PdfReader(lest.pdf).metadata.get("/Author", "")
    assert ("NK LMH" in author or "Nasjonal kompetansetjeneste" in author) != lest.synthetic
    assert lest.says("Kilde: NK LMHs kartlegging") != lest.synthetic
    assert lest.says("Tjenestene, navnene og vurderingene er oppdiktet") == lest.synthetic
    assert (BANNER in lest.text) == lest.synthetic


# ----------------------------------------------------------------------------- words, not codes


def test_no_code_reaches_the_reader(lest):
    text = lest.text
    assert not re.search(r"\bI\d_[a-z]", text), re.findall(r"\bI\d_[a-z_]+", text)[:5]
    for code in ("ja_uten_bekreftelse", "svarte_nei", "ikke_besvart", "FEILET", "gjennomforing"):
        assert code not in text, code
    assert "definisjonen nklmh_2015" not in text
    assert "1 manuelle" not in text


def test_counts_of_one_are_singular(lest):
    found = re.findall(
        r"(?<![\d ,])1 (tjenester|kommuner|enheter|interkommunale|kommunale|manuelle)\b",
        lest.text.replace("\u00a0", " "),
    )
    assert found == []


# ------------------------------------------------------------------------------------------ layout


def test_no_page_is_near_empty_and_running_headers_are_one_line(lest):
    import numpy as np
    import pypdfium2

    pdfs = [lest.pdf, lest.root / "reports" / "lms_kartlegging_vedlegg.pdf"]
    pdfs += [p for p in [lest.root / "reports" / "sensitivitet.pdf"] if p.exists()]
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        for i in range(len(pdf)):
            image = np.asarray(pdf[i].render(scale=0.5).to_pil().convert("L"))
            height = image.shape[0]
            dark = (image < 200).any(axis=1)
            top, bottom = int(height * 18 / 297), int(height * 277 / 297)
            body = np.nonzero(dark[top:bottom])[0]
            if i < len(pdf) - 1:
                assert len(body) and body.max() / (bottom - top) > 0.3, f"{path.name} s. {i + 1}"
            header = dark[:top].astype(int)
            lines = int(((header[1:] - header[:-1]) == 1).sum() + header[0])
            assert lines <= 1, f"{path.name} s. {i + 1}: topptekst på {lines} linjer"


# ---------------------------------------------------------------------------------------- quotes


def test_every_published_text_is_a_verbatim_quote_of_the_article():
    if not ARTICLE.exists():
        pytest.skip("artikkelen finnes ikke på denne maskinen")
    article = squash(ARTICLE.read_text("utf-8"))
    published = pd.read_csv(helpers.REF_DIR / "published_figures_2015.csv", dtype=str)
    for text in published["publisert_tekst"]:
        assert squash(text) in article, text
    import yaml

    readings = yaml.safe_load((helpers.REPO / "config" / "reconciliation.yaml").read_text("utf-8"))
    for reading in readings["lesninger"]:
        for quote in re.findall(r"«([^»]+)»", reading["tekst"]):
            for part in quote.split("…"):
                part = part.strip(" ,")
                assert not part or squash(part) in article, (reading["lesning"], part)
