"""The report read as a reader reads it: every claim sentence of the PDF checked against the
decision tables, on three data sets of different shape.

- the bundled synthetic data (the workflow's run);
- the hand-made set (tests/data/handmade): real-data mode, many counts of one, most units
  never contacted, Oslo covered through one bydel;
- the thin set (tests/data/tynt, marked synthetic): every claim the other way round – no contradictions,
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
    ("ja_uten_bekreftelse", "oppga en tjeneste som ikke ble intervjuet"),
    ("ekskludert", "har en intervjuet tjeneste som ikke oppfyller definisjonen"),
    ("intervju_i_karantene", "har en tjeneste der intervjuet ikke kunne brukes"),
    ("uavklart", "er ikke avklart"),
    ("ikke_besvart", "sendte ikke skjemaet og ble ikke ringt"),
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
    def html(self) -> str:
        return (self.root / "reports" / "lms_kartlegging.html").read_text("utf-8")

    def alt_texts(self) -> list[str]:
        """The charts' alternative texts (the SVG's title), as a reader of the HTML hears them."""
        from html import unescape

        found = re.findall(r"<svg[^>]*>\s*<title[^>]*>(.*?)</title>", self.html, re.S)
        return [unescape(t).replace("\u00a0", " ") for t in found]

    @property
    def appendix_text(self) -> str:
        from pypdf import PdfReader

        path = self.root / "reports" / "lms_kartlegging_vedlegg.pdf"
        return "\n".join(p.extract_text() for p in PdfReader(path).pages)

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
    return Lest("tynt", root, True)


@pytest.fixture(scope="module")
def bundled(workflow_run) -> Lest:
    return Lest("bundled", workflow_run, True)


@pytest.fixture(params=["bundled", "handmade", "tynt"])
def lest(request) -> Lest:
    return request.getfixturevalue(request.param)


# ------------------------------------------------------------------ who has no service, and why


def unclear_parts(ks: pd.DataFrame) -> list[tuple[str, int]]:
    """How the unclear kommuner came to be unclear: a «Vet ikke» not followed up, a form sent
    without an answer to the question and not followed up, a call round without an answer."""
    unclear = ks[ks["status_kode"] == "uavklart"]
    called = unclear["kilde"].str.contains("ringerunde")
    vet_ikke = ~called & unclear["radmann_svar"].str.contains("Vet ikke")
    return [
        ("svarte «Vet ikke»", int(vet_ikke.sum())),
        ("sendte skjemaet uten svar på spørsmålet", int((~called & ~vet_ikke).sum())),
        ("ble ringt uten at ringerunden ga svar", int(called.sum())),
    ]


def test_kommuner_without_a_service_are_split_by_why(lest):
    ks = lest.csv("kommune_status")
    uten = ks[ks["dekket"] == "Nei"]
    counts = uten["status_kode"].value_counts()
    parts = []
    for k, text in WHY:
        if counts.get(k, 0):
            part = f"{fmt_int(counts[k], ' ')} {text}"
            if k == "uavklart":
                under = [f"{fmt_int(n, ' ')} {t}" for t, n in unclear_parts(ks) if n]
                part += f" ({og(under)})"
            parts.append(part)
    expected = (
        f"I {fmt_int(len(uten), ' ')} av {fmt_int(len(ks), ' ')} kommuner "
        f"({pct(len(uten), len(ks))}) fant kartleggingen ingen tjeneste som oppfyller "
        f"definisjonen: {og(parts)}."
    )
    assert lest.says(expected), expected
    assert not lest.says("har ingen lærings- og mestringstjeneste")
    # A kommune is never said to be without a service, only without one that was found.
    assert not lest.says("Kommuner uten tjeneste (")
    assert not lest.says("Kommune uten tjeneste")
    uten_tekst = f"{fmt_int(len(uten), ' ')} uten tjeneste som oppfyller definisjonen"
    assert lest.says(uten_tekst)  # the flow diagram's result box
    assert lest.says(f"Ingen tjeneste funnet ({fmt_int(len(uten), ' ')})")  # the map's legend


def test_the_vet_ikke_answers_are_split_by_their_kommunes_status(lest):
    es = lest.csv("enhet_status")
    ks = lest.csv("kommune_status").set_index("kommunenummer")
    vet_ikke = es[es["radmann_svar"] == "Vet ikke"]
    if vet_ikke.empty:
        assert not lest.says("svarte «Vet ikke» på spørsmålet i skjemaet.")
        return
    status = vet_ikke["kommunenummer"].map(ks["status_kode"]).value_counts()
    assert lest.says(
        f"{n(len(vet_ikke), 'enhet', 'enheter')} svarte «Vet ikke» på spørsmålet i skjemaet."
    )
    from lmsanalyse.rules import KOMMUNE_STATUS

    parts = [
        f"{c} til {'en kommune' if c == 1 else 'kommuner'} med status «{KOMMUNE_STATUS[k]}»"
        for k, c in status.items()
    ]
    if len(parts) == 1:
        who = "Den hører" if len(vet_ikke) == 1 else "Alle hører"
        assert lest.says(f"{who} {parts[0].split(' ', 1)[1]}.")
    else:
        assert lest.says(f"Av dem hører {og(parts)} (vedlegg A).")
    # Not «so the status is Ikke avklart» when some of them are covered.
    assert not lest.says("så statusen er «Ikke avklart»")


def test_the_rule_i1_is_said_to_decide_for_the_units_that_said_ja(lest):
    es = lest.csv("enhet_status")
    ks = lest.csv("kommune_status").set_index("kommunenummer")
    taking_part = set(lest.csv("tjeneste_deltakelse")["enhet_id"])
    ja = (es["radmann_svar"] == "Ja") | (es["ringerunde_utfall"] == "har tjeneste")
    uten = es[ja & ~es["enhet_id"].isin(taking_part)]
    assert lest.says(
        "Tabellen teller intervjuede tjenester, så ingen av dem kan feile I1 intervjuet."
    )
    if uten.empty:
        assert lest.says("alle enheter som svarte Ja i skjemaet eller i ringerunden, hører til")
        return
    assert lest.says(
        f"{n(len(uten), 'enhet', 'enheter')} svarte Ja i skjemaet eller i ringerunden uten at "
        "noen tjeneste"
    )
    from lmsanalyse.rules import KOMMUNE_STATUS

    status = uten["kommunenummer"].map(ks["status_kode"]).value_counts()
    for kode, count in status.items():
        hvem = "en kommune" if count == 1 else "kommuner"
        said = f"til {hvem} med status «{KOMMUNE_STATUS[kode]}»"
        assert lest.says(f"{count} {said}") or (len(status) == 1 and lest.says(said))


def test_forms_sent_in_are_not_said_to_answer_the_question(lest):
    es = lest.csv("enhet_status")
    sent = es["antall_innsendinger"].astype(int) > 0
    answered = sent & es["radmann_svar"].isin(["Ja", "Nei", "Vet ikke"])
    assert lest.says(
        f"{fmt_int(int(sent.sum()), ' ')} av {fmt_int(len(es), ' ')} kommuner og bydeler sendte "
        "inn skjemaet"
    )
    assert not lest.says("kommuner og bydeler svarte på skjemaet")
    if answered.sum() == sent.sum():
        assert lest.says(f"{n(int(sent.sum()), 'enhet', 'enheter')} sendte inn skjemaet, og alle")
    else:
        assert lest.says(
            f"{n(int(sent.sum()), 'enhet', 'enheter')} sendte inn skjemaet, og "
            f"{fmt_int(int(answered.sum()), ' ')} av dem svarte på spørsmålet."
        )


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
    # Those that failed only by answering «Delvis» are some of them, not others.
    if kinds["delvis"] == total:
        assert lest.says(f"{'Den' if total == 1 else 'Alle'} manglet den bare fordi")
    elif kinds["delvis"]:
        it = "den" if kinds["delvis"] == 1 else "de"
        assert lest.says(
            f"{fmt_int(kinds['delvis'], ' ')} av dem manglet den bare fordi {it} svarte «Delvis» "
            "der definisjonen krever Ja."
        )
    else:
        assert not lest.says("svarte «Delvis» der definisjonen krever Ja.")


# --------------------------------------------------------------------- larger or smaller kommuner


def test_larger_kommuner_only_when_they_are(lest):
    """Compared without Oslo on both sides: Oslo is one covered kommune with all its people."""
    ks = lest.csv("kommune_status")
    pop = ks["folkemengde_2015"].astype(int)
    covered = ks["dekket"] == "Ja"
    kommune_share, share = covered.mean(), pop[covered].sum() / pop.sum()
    rest = ks["kommunenummer"] != "0301"
    kommune_rest = covered[rest].mean()
    share_rest = pop[covered & rest].sum() / pop[rest].sum()
    oslo_covered = bool(covered[~rest].any())
    gap, gap_rest = share - kommune_share, share_rest - kommune_rest
    larger = "kommunene med tjeneste er i snitt større enn de uten"
    mostly = "men forskjellen skyldes i hovedsak Oslo"
    only = "Andelen av befolkningen er høyere enn andelen av kommunene bare fordi Oslo"
    smaller = "kommunene med tjeneste er i snitt mindre enn de uten"
    if share <= kommune_share:
        assert not any(lest.says(x) for x in (larger, mostly, only))
        assert lest.says(smaller) == (share < kommune_share)
        return
    if not oslo_covered or gap_rest >= gap / 2:
        assert lest.says(larger) and not lest.says(mostly) and not lest.says(only)
    elif gap_rest > 0:
        assert lest.says(mostly) and not lest.says(larger)
        said = (
            f"uten Oslo er andelene nesten like ({pct(round(share_rest * 10**6), 10**6)} av "
            f"befolkningen, {pct(int(covered[rest].sum()), int(rest.sum()))} av kommunene)"
        )
        # Nearly equal: under a point apart and the smaller at least nine tenths of the larger.
        nearly = 100 * gap_rest < 1 and min(share_rest, kommune_rest) >= 0.9 * max(
            share_rest, kommune_rest
        )
        assert lest.says(said) == nearly
    else:
        assert lest.says(only) and not lest.says(larger)
    # The old comparison (Oslo by bydel against Oslo as one covered kommune) is gone.
    assert not lest.says("Telt bydelsvis er andelen av befolkningen")


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
    everyone = "som ikke sendte inn skjemaet, ble fulgt opp i ringerunden med til sammen"
    if (~answered & ~called).sum() == 0 and (answered & called).sum() == 0:
        assert lest.says(f"{everyone} {fmt_int(calls, ' ')} anrop.")
    else:
        assert not lest.says(everyone)
        assert lest.says(
            f"Av de {fmt_int(without, ' ')} som ikke sendte inn skjemaet, ble "
            f"{fmt_int(int((~answered & called).sum()), ' ')} fulgt opp i ringerunden"
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


def test_unclear_kommuner_are_split_by_how(lest):
    ks = lest.csv("kommune_status")
    unclear = ks[ks["status_kode"] == "uavklart"]
    assert not lest.says("Ikke avklart i ringerunden")
    rows = {
        "svarte «Vet ikke»": "– svarte «Vet ikke» i skjemaet og ble ikke ringt",
        "sendte skjemaet uten svar på spørsmålet": "– sendte skjemaet uten svar på spørsmålet og "
        "ble ikke ringt",
        "ble ringt uten at ringerunden ga svar": "– ringt, men ringerunden ga ikke noe svar",
    }
    for text, count in unclear_parts(ks):
        assert not len(unclear) or lest.says(f"{rows[text]} {fmt_int(count, ' ')}")
    # A blank form is no answer: its reason says so, in the appendix and the data file.
    blank = unclear[unclear["radmann_svar"] == "Ikke besvart"]
    for r in blank.itertuples():
        called = "ringerunde" in r.kilde
        reason = "Skjemaet ble sendt inn uten svar på spørsmålet" + (
            ", og ringerunden ga ikke noe svar" if called else "; kommunen ble ikke ringt"
        )
        assert r.arsak == reason, r.kommunenummer
        assert squash(reason) in squash(lest.appendix_text)
    assert "svarte «ikke besvart»" not in lest.appendix_text.replace("\n", " ")
    from lmsanalyse.rules import KOMMUNE_STATUS

    assert lest.says(f"har status «{KOMMUNE_STATUS['ikke_besvart']}»")


# -------------------------------------------------------------------------------- reconciliation


def test_reconciliation_counts_agreement_explained_and_unexplained(lest):
    rec = lest.csv("reconciliation")
    avvik = rec[rec["status"] == "avvik"]
    explained = avvik["alternativ_status"] == "samsvar"
    agree = len(rec) - len(avvik)
    if agree == len(rec):
        assert lest.says(f"Alle {len(rec)} publiserte tall samsvarer med beregningen")
    else:
        assert lest.says(f"{agree} av {len(rec)} publiserte tall samsvarer med beregningen")
    for r in rec[(rec["begrep"] != "") & (rec["status"] == "samsvar")].itertuples():
        assert lest.says(f"for «{r.beskrivelse.lower()}» stemmer bare antallet, ikke begrepet")
    same_count = avvik["publisert"] == avvik["beregnet"]
    if 0 < len(avvik) <= 3:
        for r, same, expl in zip(avvik.itertuples(), same_count, explained, strict=True):
            what = "stemmer antallet" if same else "er antallet et annet"
            assert lest.says(f"for «{r.beskrivelse.lower()}» {what}")
            reading = "en annen lesning" if expl else "ingen lesning"
            assert lest.says(f"og {reading} av artikkelen gir det publiserte tallet")
    elif len(avvik):
        if same_count.any() and not same_count.all():
            kinds = f"{int((~same_count).sum())} i antallet og {int(same_count.sum())} bare i"
        else:
            kinds = "alle bare i prosenten" if same_count.all() else "alle i antallet"
        assert lest.says(f"{len(avvik)} avviker, {kinds}")
        if not explained.any():
            assert lest.says("Ingen lesning av artikkelen gir noen av de publiserte tallene.")
    # The disagreements are shown, not said to be explained after saying that nothing does.
    assert not lest.says("Avvikene forklares i avstemmingen")
    synthetic = "Rådataene er syntetiske, så samsvar med de publiserte tallene bekrefter ikke"
    assert lest.says(synthetic) == lest.synthetic
    # Agreement by construction only for data `lmsanalyse synth` made (not the thin set).
    provenance = json.loads((lest.processed / "provenance.json").read_text("utf-8"))
    made_by_synth = provenance["syntetiske_data_fra_synth"]
    assert made_by_synth == (lest.name == "bundled")
    by_construction = "de er laget av lmsanalyse synth, som lager data som gir NK LMHs publiserte"
    assert lest.says(by_construction) == made_by_synth


def test_nk_lmhs_response_rate_is_the_published_one_with_no_known_denominator(lest):
    row = lest.csv("reconciliation").set_index("figur").loc["radmann_svar"]
    published = fmt_pct(float(row["publisert_andel"]), 0, " ")
    assert lest.says(f"Publisert av NK LMH: {published}")
    assert lest.says(f"artikkelens «{row['publisert_tekst']}»")
    assert lest.says(
        "188 av 428 (antall kommuner i 2014) eller 188 av 427 (antall rådmenn); artikkelen oppgir ikke nevneren."
    )
    for wrong in (
        "feil nevner",
        "teller også skjemaer uten svar",
        "antall svar delt på antall kommuner",
    ):
        assert not lest.says(wrong), wrong
    # Never a rate above 100 % in the table of rates (the run's forms over 428 kommuner).
    table = squash(lest.text)
    table = table[table.index(squash("Tabell 3.")) : table.index(squash("Avrunding og svar"))]
    assert "Publisertav" not in table
    assert not re.search(r"1\d\d,\d%", table.replace(squash("100,0 %"), ""))


def test_reading_texts_show_this_runs_numbers(lest):
    es = lest.csv("enhet_status")
    sent = int((es["antall_innsendinger"].astype(int) > 0).sum())
    assert lest.says(
        f"Alle enheter som ikke sendte inn skjemaet ({fmt_int(len(es), ' ')} − "
        f"{fmt_int(sent, ' ')}), ringt eller ikke"
    )
    assert not lest.says("(442 − 188)") or sent == 188
    assert not lest.says("De fire gruppene i opplistingen (27 friskliv")


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
        f"{r.kommunenavn} ({r.kommunenummer}, "
        f"{'med tjeneste' if r.dekket == 'Ja' else 'ingen tjeneste funnet'})"
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
    k24 = lest.csv("kommune_2024_status")
    partly = int((k24["status_2024"] == "delvis dekket").sum())
    if partly:
        assert lest.says(
            f"{fmt_int(partly, ' ')} ({pct(partly, len(k24))}) er delvis dekket: noen, men ikke alle"
        )
    else:
        assert lest.says("Ingen er delvis dekket (noen, men ikke alle, av 2014-kommunene")


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


# A count as the text writes it: digits grouped by no-break spaces (a plain space separates two
# numbers: "Figur 4 355 av 357").
COUNT = r"(\d[\d\u00a0]*)"


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


# What the report may say of services that failed several rules, and when it is true, given
# how many interviewed services failed more than one rule.
SEVERAL_RULES = {
    "ingen tjeneste feilet mer enn én regel": lambda n: n == 0,
    "én tjeneste feilet flere regler": lambda n: n == 1,
    "minst én tjeneste feilet flere regler": lambda n: n >= 1,
    "flere tjenester feilet mer enn én regel": lambda n: n >= 2,
}


def test_what_is_said_of_services_failing_several_rules_is_true(lest):
    """The flow figure (its box and alternative text) and the definition's section say
    whether a service failed several rules only as the decision table shows it, and say
    nothing when the services failed one rule between them."""
    ts = lest.csv("tjeneste_status")
    failed = ts.loc[ts["kilde"] == "telefonintervju", "feilede_regler"]
    rules = failed[failed != ""].str.split(";")
    several = int((rules.str.len() > 1).sum())
    failing_rules = {r for rs in rules for r in rs}
    flow = next(a for a in lest.alt_texts() if a.startswith("Flytdiagram."))
    svg_text = re.sub(r"<[^>]+>", " ", lest.html.split("Flytdiagram.", 1)[1].split("</svg>")[0])
    assert not lest.says("kan feile flere regler") and "kan feile flere" not in flow
    said = [p for p in SEVERAL_RULES if lest.says(p)]
    said = [p for p in said if not any(p != q and p in q for q in said)]  # «minst én …»
    if len(failing_rules) <= 1:
        assert said == [] and "regel" not in flow.split("ble ekskludert")[1].split(",")[0]
        return
    # The report's own choice: the one phrase that is true, said in all three places.
    assert len(said) == 1 and SEVERAL_RULES[said[0]](several), (said, several)
    assert said[0] in flow and said[0] in " ".join(svg_text.split())
    assert lest.says(said[0][:1].upper() + said[0][1:] + ".")


def test_no_count_is_more_than_what_it_is_a_part_of(lest):
    """«X av Y» says that X of the Y are such: X is never more than Y, and a share never passes
    100 %. A ratio of two different counts (forms from kommuner and bydeler divided by the
    kommuner, which passes 100 % in the thin set) is written «X delt på Y», never «X av Y»."""
    for name, text in (("rapporten", lest.text), ("vedlegget", lest.appendix_text)):
        for m in re.finditer(rf"{COUNT} av {COUNT}", text):
            assert _count(m[1]) <= _count(m[2]), f"{name}: {text[m.start() - 60 : m.end()]}"
        ratios = {m.end() for m in re.finditer(rf"{COUNT} delt på {COUNT} \(", text)}
        for m in re.finditer(r"(\d+(?:,\d+)?)\u00a0%", text):
            if float(m[1].replace(",", ".")) > 100:
                assert m.start() in ratios, f"{name}: {text[m.start() - 60 : m.end()]}"


def test_counts_of_one_are_singular(lest):
    found = re.findall(
        r"(?<![\d ,])1 (tjenester|kommuner|enheter|interkommunale|kommunale|manuelle)\b",
        lest.text.replace("\u00a0", " "),
    )
    assert found == []


# ------------------------------------------------------------------------------------------ layout


# The least a page but a document's last is filled: figures float and long tables break, so
# only a block kept together (a short table, a note, a heading with its first lines) may be
# pushed on, and none is a quarter of a page. The PDF editions have no forced page break: the
# only deliberate end of a chapter on a page of its own is the document's end.
MIN_FILL = 0.75


def test_no_page_is_near_empty_and_running_headers_are_one_line(lest):
    import numpy as np
    import pypdfium2

    from pdfcheck import page_fill

    pdfs = [lest.pdf, lest.root / "reports" / "lms_kartlegging_vedlegg.pdf"]
    pdfs += [p for p in [lest.root / "reports" / "sensitivitet.pdf"] if p.exists()]
    for path in pdfs:
        fills = page_fill(path)
        short = [(i + 1, round(f, 2)) for i, f in enumerate(fills[:-1]) if f < MIN_FILL]
        assert short == [], f"{path.name}: sider under {MIN_FILL:.0%} fylt"
        assert fills[-1] > 0, f"{path.name}: siste side er tom"
        pdf = pypdfium2.PdfDocument(path)
        for i in range(len(pdf)):
            image = np.asarray(pdf[i].render(scale=0.5).to_pil().convert("L"))
            height = image.shape[0]
            dark = (image < 200).any(axis=1)
            top = int(height * 18 / 297)
            header = dark[:top].astype(int)
            lines = int(((header[1:] - header[:-1]) == 1).sum() + header[0])
            assert lines <= 1, f"{path.name} s. {i + 1}: topptekst på {lines} linjer"


# ------------------------------------------------------------- synthetic fieldwork and marking


def test_synthetic_numbers_are_not_presented_as_nk_lmhs_fieldwork(lest):
    said = "Tallene for svarene, ringerunden og intervjuene under er fra de syntetiske dataene"
    assert lest.says(said) == lest.synthetic
    provenance = json.loads((lest.processed / "provenance.json").read_text("utf-8"))
    period = provenance["datainnsamling"]
    from lmsanalyse.norsk import fmt_date

    fra, til = (
        fmt_date(__import__("datetime").date.fromisoformat(period[k])) for k in ("fra", "til")
    )
    if lest.synthetic:
        assert lest.says(f"Syntetiske data, datert {fra}–{til}")
        assert lest.says(
            "NK LMHs kartlegging ble gjennomført i november og desember 2014 og januar 2015"
        )
    else:
        assert lest.says(f"Data samlet inn {fra}–{til}")
        assert not lest.says("Syntetiske data, datert")
    # The period starts with the first submission, a superseded one too.
    first = pd.read_parquet(lest.processed / "radmann_innsendinger.parquet")["innsendt"].min()
    assert period["fra"] <= str(first.date())


def test_what_is_marked_synthetic_is_said_exactly(lest):
    assert not lest.says("Alle filene er merket")
    assert lest.says("CSV-filene selv har ikke merket; datapakken som beskriver dem, har det.") == (
        lest.synthetic
    )
    package = json.loads((lest.processed / "datapackage.json").read_text("utf-8"))
    provenance = json.loads((lest.processed / "provenance.json").read_text("utf-8"))
    assert provenance["syntetiske_data"] is lest.synthetic
    assert (BANNER in package["title"]) == lest.synthetic


# ------------------------------------------------------------------------ charts' alternative text


def test_the_fylke_charts_name_every_tie_and_round_no_count_to_zero(lest):
    from lmsanalyse.ordliste import fylkesnavn

    ks = lest.csv("kommune_status")
    ks["pop"] = ks["folkemengde_2015"].astype(int)
    ks["med"] = ks["dekket"] == "Ja"
    by = ks.groupby("fylkesnummer", sort=True)
    names = by["fylkesnavn"].first().map(fylkesnavn)
    kommuner = 100 * by["med"].mean()
    folk = 100 * by.apply(lambda g: g.loc[g["med"], "pop"].sum() / g["pop"].sum())
    alt = next(a for a in lest.alt_texts() if a.startswith("Liggende stolpediagram: andelen"))

    def tied(values, pick) -> str:
        value = pick(values)
        who = [names[k] for k in values.index if values[k] == value]
        named = og(who) if len(who) <= 3 else f"{len(who)} fylker"
        return f"{named} ({pct(round(value * 10**4), 10**6)})"

    for values in (kommuner, folk):
        assert f"høyest i {tied(values, max)}, lavest i {tied(values, min)}" in alt, alt
    # No share above zero is labelled «0 %» on a bar (each variant: the wide and the narrow).
    values = [*kommuner, *folk]
    figure = lest.html.split('id="figur-fylke"')[1].split("</figure>")[0]
    for svg in figure.split("<svg")[1:]:
        texts = [t.replace("\u00a0", " ") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        labels = [t for t in texts if t.endswith("%")][6:]  # after the axis: 0 % … 100 %
        assert labels.count("0 %") == sum(v == 0 for v in values)
        assert labels.count("under 1 %") == sum(0 < v < 0.5 for v in values)


# --------------------------------------------------------------------------- names, organisation


def test_names_read_by_similarity_are_counted_by_name_and_by_kommune(lest):
    names = pd.read_csv(lest.processed / "navnetolkning.csv", dtype=str, keep_default_na=False)
    fuzzy = names[names["metode"] == "fuzzy"]
    if fuzzy.empty:
        assert not lest.says("ble tolket etter likhet med et navn i registeret")
        return
    units = fuzzy["enhet_id"].nunique()
    kommuner = n(units, "kommune", "kommuner")  # no bydel in the three sets' names
    assert lest.says(f"{n(len(fuzzy), 'navn', 'navn')} i rådataene, på {kommuner}, var")
    full = (fuzzy["likhet"].astype(float) == 100).any()
    assert lest.says("får likhet 100 uten å være skrevet som navnet i registeret") == full


def test_kommuner_without_a_friskliv_service_are_counted_as_said(lest):
    dt = lest.csv("tjeneste_deltakelse")
    ks = lest.csv("kommune_status")
    covered = set(ks.loc[ks["dekket"] == "Ja", "kommunenummer"])
    inkl = dt[dt["inkludert"] == "Ja"]
    friskliv = set(inkl.loc[inkl["kategori"] == "friskliv", "kommunenummer"]) & covered
    annen = set(inkl.loc[inkl["kategori"] != "friskliv", "kommunenummer"]) & covered
    assert lest.says(
        f"{fmt_int(len(covered - friskliv), ' ')} av {fmt_int(len(covered), ' ')} kommuner med "
        f"tjeneste ({pct(len(covered - friskliv), len(covered))}) har ingen tjeneste organisert "
        "under en frisklivssentral"
    )
    both = friskliv & annen
    said = (
        f"så {fmt_int(len(annen), ' ')} {'kommune' if len(annen) == 1 else 'kommuner'} har minst én"
    )
    assert lest.says(said) == bool(both)


def test_cross_diagnosis_courses_and_target_groups_are_reconciled(lest):
    ts = lest.csv("tjeneste_status")
    running = ts[(ts["inkludert"] == "Ja") & (ts["i_gang"] == "Ja")]
    kurs = running["tilbudstyper"].str.contains("kurs på tvers av diagnoser")
    uten = kurs & ~running["diagnoser"].str.contains("(?:^|;)på tvers av diagnoser", regex=True)
    said = "er to spørsmål i intervjuet."
    assert lest.says(said) == bool(kurs.any())
    if 0 < uten.sum() < kurs.sum():
        assert lest.says(
            f"{int(uten.sum())} av de {int(kurs.sum())} tjenestene med kurs på tvers av diagnoser "
            "oppga ikke målgruppen på tvers av diagnoser."
        )


def test_the_project_financing_inference_is_nk_lmhs(lest):
    assert not lest.says("Minst så mange av tjenestene er altså ikke sikre på å bli videreført")
    ts = lest.csv("tjeneste_status")
    some = (ts.loc[ts["inkludert"] == "Ja", "prosjektfinansiert"] == "Ja").any()
    said = "NK LMH tolket slike svar i artikkelen slik at «minst sju av de 41 tjenestene ikke er"
    assert lest.says(said) == bool(some)
    if ARTICLE.exists():
        article = squash(ARTICLE.read_text("utf-8"))
        assert squash("minst sju av de 41 tjenestene ikke er sikre på å bli videreført") in article


# ---------------------------------------------------------------------------- layout: headers


def test_no_section_heading_is_stranded_at_the_foot_of_a_page(lest):
    """A section heading has at least two lines of its section under it on its page (the
    PDF's headings keep with what follows them). The contents are on the front page."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(lest.pdf)
    headings = ["Metode og gjennomføring", "Dekning: kommuner og befolkning",
                "Organisering av tjenestene", "Brukermedvirkning og brukerorganisasjoner",
                "Avstemming mot de publiserte tallene", "Vedlegg C: Datagrunnlag og sporbarhet"]  # fmt: skip
    for i in range(1, len(pdf)):  # the front page has them in the contents
        page = pdf[i]
        text = page.get_textpage()
        rects = [text.get_rect(k) for k in range(text.count_rects())]
        # The running footer (title and «Side x av N») is not the section's text.
        body = [r for r in rects if "Side " not in text.get_text_bounded(*r)]
        for heading in headings:
            search = text.search(heading, match_case=True)
            while (hit := search.get_next()) is not None:
                _left, bottom, _right, _top = text.get_charbox(hit[0])
                lines = {round(r[3]) for r in body if r[3] < bottom - 2}
                assert len(lines) >= 2, f"s. {i + 1}: «{heading}» nederst"
    from pypdf import PdfReader

    first = squash(PdfReader(lest.pdf).pages[0].extract_text())
    assert squash("InnholdSammendrag") in first


def test_no_word_is_broken_in_the_hash_tables(lest):
    assert not re.search(r"beslutninge\s*\n\s*r\b", lest.text)
    assert not re.search(r"beslutninge\s*\n\s*r\b", lest.appendix_text)


# ---------------------------------------------------------------------------------------- quotes


def test_one_is_said_in_the_singular(lest):
    """No "1 tjenester", "1 kommuner" in the text, the charts or their alternative texts."""
    plural = re.compile(r"(?<![\d,  ])1 (tjenester|kommuner|enheter|tilbud er)\b")
    for where, text in [("pdf", lest.text), ("alt", " ".join(lest.alt_texts()))]:
        assert plural.findall(" ".join(text.split())) == [], where
    svg = (lest.root / "reports" / "figurer" / "figur_01_flyt.svg").read_text("utf-8")
    assert plural.findall(" ".join(re.findall(r">([^<]+)</text>", svg))) == []


def test_a_table_reference_names_a_table_as_it_is_labelled(lest):
    """ "tabell 8", "tabell S9": never a label lower-cased past its first letter."""
    labels = set(re.findall(r"Tabell (S?\d+)", lest.text + lest.appendix_text))
    references = set(re.findall(r"\btabell (\w+)", lest.text))
    assert references <= labels | {"og"}, sorted(references - labels)


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
