"""Readings of the published figures (lmsanalyse.readings, ``lesninger:`` in
config/reconciliation.yaml): each computed on hand-made data, where it gives the published
number and where it does not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lmsanalyse.config import ConfigError
from lmsanalyse.readings import check_readings, load_readings, readings_table
from lmsanalyse.reconcile import reconcile
from test_rules import MAIN_DEFINITION, call, include, radmann, service, write_processed

REPO = Path(__file__).resolve().parents[1]
RELATIONS = REPO / "config" / "reconciliation.yaml"
PUBLISHED = REPO / "data" / "reference" / "published_figures_2015.csv"

# Service | host, kind                       | the article's groups
# S1      | 0101 kommunal, friskliv          | friskliv + prosjekt (overlap); 2 non-LMS types
# S2      | 0104 kommunal, eget senter       | prosjekt
# S3      | 0105 interkommunal (0106, 0101), | -; one non-LMS type
#         | koordinator                      |
# S4      | 0111 kommunal, mange års         | mange års erfaring
# S5      | 0118 kommunal, friskliv          | friskliv + ikke i gang (overlap)
# S6      | 0119 kommunal, koordinator       | ikke i gang
# S7      | 0121 interkommunal (0105)        | friskliv
# Covered: 0101 0104 0105 0106 0111 0118 0119 0121 (8); friskliv-covered 0101 0105 0118 0121.
SERVICES = [
    service("S1", "0101", prosjektfinansiert="Ja",
            tilbudstyper=["mestringskurs", "livsstilskurs", "pasientskole"]),
    service("S2", "0104", friskliv="nei", egen_enhet="senter/avdeling", prosjektfinansiert="Ja"),
    service("S3", "0105", organisering="interkommunal", deltakerkommuner=["0105", "0106", "0101"],
            friskliv="nei", egen_enhet="koordinator", antall_tilbud=4,
            tilbudstyper=["mestringskurs", "samtalegruppe"]),
    service("S4", "0111", friskliv="nei", mange_ars_erfaring="Ja"),
    service("S5", "0118", i_gang="Nei"),
    service("S6", "0119", friskliv="nei", egen_enhet="koordinator", i_gang="Nei"),
    service("S7", "0121", organisering="interkommunal", deltakerkommuner=["0121", "0105"]),
]  # fmt: skip
FORMS = [radmann("0101", "Ja", tjeneste_navn="Friskliv Halden"), radmann("0104", None)]
CALLS = [call("0105", 1, "har tjeneste")]

# (figure, reading) → (value, denominator) on this data; the contract's reading is the
# figure itself.
READINGS = {
    ("kommuner_ikke_friskliv", "uten_friskliv"): (4, 8),  # 0104 0106 0111 0119
    ("kommuner_ikke_friskliv", "bare_senter_eller_koordinator"): (3, 8),  # not 0111
    ("tjenester_mange_ars_erfaring", "kontrakt"): (1, 7),
    ("tjenester_mange_ars_erfaring", "kommuner"): (1, 8),
    ("tjenester_mange_ars_erfaring", "uten_overlapp"): (1, 7),
    ("tjenester_prosjektfinansiert", "kontrakt"): (2, 7),
    ("tjenester_prosjektfinansiert", "uten_overlapp"): (1, 7),  # S2, not S1
    ("tjenester_ikke_i_gang", "kontrakt"): (2, 7),
    ("tjenester_ikke_i_gang", "uten_overlapp"): (1, 7),  # S6, not S5
    # 3 + 2 + 2 + 1 = 8 of 7 services: the groups overlap.
    ("tjenester", "grupper_uten_overlapp"): (8, None),
    # S3 has 3 kommuner, S7 2; 0105 is in both.
    ("kommuner_i_interkommunale", "kontrakt"): (4, None),
    ("kommuner_i_interkommunale", "talt_per_tjeneste"): (5, None),
    # 5 kommunale + 4 = 9, but 0101 is counted twice: 8 kommuner.
    ("kommuner_med_tilbud", "kontrakt"): (8, 428),
    ("kommuner_med_tilbud", "kommunale_pluss_interkommunale"): (9, 428),
    ("kommuner_uten_tilbud", "andel_av_enheter"): (420, 442),
    # Started services: S1 3, S2 3, S3 4, S4 3, S7 3; less S1's two and S3's one non-LMS type.
    ("tilbud_totalt", "kontrakt"): (16, None),
    ("tilbud_totalt", "bare_lms_typer"): (13, None),
    ("radmann_svar", "kontrakt"): (2, 442),
    ("radmann_svar", "andel_av_kommuner"): (2, 428),
    ("radmann_svar", "med_svar_pa_hovedsporsmalet"): (1, 442),  # 0104's form is blank
    ("ringerunde", "kontrakt"): (1, 442),
    ("ringerunde", "alle_uten_skjema"): (440, 442),
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> pd.DataFrame:
    processed = write_processed(tmp_path_factory.mktemp("lesninger"), FORMS, CALLS, SERVICES)
    return include(processed, MAIN_DEFINITION)["figures"].reset_index()


@pytest.fixture(scope="module")
def readings():
    published = pd.read_csv(PUBLISHED, dtype=str, keep_default_na=False)
    return load_readings(RELATIONS, set(published["figur"]))


def published_as(
    figur: str, verdi: int, tekst: str | None = None, nevner: int | None = None
) -> pd.DataFrame:
    """One published figure with the given number (no denominator; the text without a
    percentage unless given: the hand-made data has its own denominators)."""
    row = pd.read_csv(PUBLISHED, dtype=str, keep_default_na=False).set_index("figur").loc[figur]
    given = {
        "figur": figur,
        "verdi": str(verdi),
        "nevner": str(nevner or ""),
        "publisert_tekst": tekst or "",
    }
    return pd.DataFrame([row.to_dict() | given])


def table_for(readings, figures, figur: str, verdi: int, tekst: str | None = None):
    published = published_as(figur, verdi, tekst)
    out = reconcile(figures, published, [], readings)
    statuses = dict(zip(out.figur, out.status, strict=True))
    return readings_table(readings, figures, published, statuses).set_index("lesning"), out


@pytest.mark.parametrize(("figur", "lesning"), sorted(READINGS))
def test_reading_is_computed(readings, figures, figur, lesning):
    table, _ = table_for(readings, figures, figur, 0)
    row = table.loc[lesning]
    nevner = None if pd.isna(row["nevner"]) else int(row["nevner"])
    assert (int(row["verdi"]), nevner) == READINGS[figur, lesning]


@pytest.mark.parametrize(("figur", "lesning"), sorted(READINGS))
def test_reading_gives_the_published_number_or_not(readings, figures, figur, lesning):
    value = READINGS[figur, lesning][0]
    table, _ = table_for(readings, figures, figur, value)
    assert table.loc[lesning, "status"] == "samsvar"
    table, _ = table_for(readings, figures, figur, value + 1)
    assert table.loc[lesning, "status"] == "avvik"


def test_reconciliation_names_the_reading_that_gives_the_number(readings, figures):
    # Published 3: the contract's reading (4) does not give it, the other one does.
    _, out = table_for(readings, figures, "kommuner_ikke_friskliv", 3)
    row = out.set_index("figur").loc["kommuner_ikke_friskliv"]
    assert (row["beregnet"], row["status"]) == (4, "avvik")
    assert row["lesning"].startswith("Dekkede kommuner som ingen friskliv-organisert tjeneste")
    assert (row["alternativ_lesning"], row["alternativ_verdi"]) == (
        "bare_senter_eller_koordinator",
        3,
    )
    assert (row["alternativ_nevner"], row["alternativ_andel"]) == (8, 37.5)
    assert (row["alternativ_status"], row["antall_lesninger"]) == ("samsvar", 2)
    # Published 4: the contract's reading gives it; the other one is shown, and does not.
    _, out = table_for(readings, figures, "kommuner_ikke_friskliv", 4)
    row = out.set_index("figur").loc["kommuner_ikke_friskliv"]
    assert (row["status"], row["alternativ_status"]) == ("samsvar", "avvik")


def test_the_first_fitting_reading_is_shown(readings, figures):
    # Both other readings of tjenester_mange_ars_erfaring give 1; the first is shown.
    _, out = table_for(readings, figures, "tjenester_mange_ars_erfaring", 1)
    row = out.set_index("figur").loc["tjenester_mange_ars_erfaring"]
    assert (row["alternativ_lesning"], row["antall_lesninger"]) == ("kommuner", 3)


def test_a_figure_without_other_readings(readings, figures):
    table, out = table_for(readings, figures, "tjenester_kommunale", 5)
    assert list(table.index) == ["kontrakt"]
    assert table.loc["kontrakt", "tekst"] == "Kommunale tjenester"
    row = out.set_index("figur").loc["tjenester_kommunale"]
    assert pd.isna(row["alternativ_lesning"]) and row["antall_lesninger"] == 1


def test_a_percentage_reading_checks_the_printed_percent(readings):
    # 188 of 442 is 42,5 %; the printed 44 % is 188 of 428.
    figures = pd.DataFrame(
        [
            ("radmann_svar", 188, 442),
            ("svarprosent_publisert_grunnlag", 188, 428),
            ("radmann_svar_ubesvart", 5, 188),
            ("kommuner_uten_tilbud", 349, 428),
            ("enheter_spurt", 442, None),
        ],
        columns=["figur", "verdi", "nevner"],
    ).astype({"nevner": "Int64"})
    published = pd.concat(
        [
            published_as("radmann_svar", 188, "188 kommuner/bydeler (44 %)", 442),
            published_as("kommuner_uten_tilbud", 349, "349 (72 %) kommuner", 428),
        ]
    )
    out = reconcile(figures, published, [], readings).set_index("figur")
    table = readings_table(readings, figures, published, dict(out["status"]))
    table = table.set_index(["figur", "lesning"])
    assert out.loc["radmann_svar", "status"] == "avvik"
    assert table.loc[("radmann_svar", "andel_av_kommuner"), "status"] == "samsvar"
    assert table.loc[("radmann_svar", "andel_av_kommuner"), "andel"] == 43.9
    assert table.loc[("radmann_svar", "med_svar_pa_hovedsporsmalet"), "status"] == "avvik"
    # No reading gives 72 %: 349 of the 442 units is 79,0 %.
    assert table.loc[("kommuner_uten_tilbud", "andel_av_enheter"), "andel"] == 79.0
    assert out.loc["kommuner_uten_tilbud", "alternativ_status"] == "avvik"
    assert table.loc[("kommuner_uten_tilbud", "kontrakt"), "status"] == "avvik"


def test_the_contract_reading_has_the_reconciliation_status(readings, figures):
    table, out = table_for(readings, figures, "kommuner_ikke_friskliv", 4)
    assert table.loc["uten_friskliv", "kontrakt"] == "Ja"
    assert table.loc["uten_friskliv", "status"] == out.loc[0, "status"] == "samsvar"
    assert table.loc["uten_friskliv", "formel"] == "kommuner_ikke_friskliv"
    table, _ = table_for(readings, figures, "kommuner_med_tilbud", 8)
    assert table.loc["kommunale_pluss_interkommunale", "regnestykke"] == "5 + 4 = 9"


BAD = {
    "unknown figure": ({"figur": "ukjent", "lesning": "a", "tekst": "t", "verdi": "tjenester"},
                       "ukjent er ikke et publisert tall"),
    "bad expression": ({"figur": "tjenester", "lesning": "a", "tekst": "t", "verdi": "a * b"},
                       r"kan ikke lese relasjonen 'a \* b'"),
    "contract is another figure": (
        {"figur": "tjenester", "lesning": "a", "tekst": "t", "verdi": "tjenester_i_gang",
         "kontrakt": True}, "kontraktens lesning av tjenester må ha verdi: tjenester"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_readings_are_refused(case):
    item, message = BAD[case]
    with pytest.raises(ConfigError, match=message):
        check_readings([item], "reconciliation.yaml", {"tjenester", "tjenester_i_gang"})


def test_a_reading_twice_is_refused():
    item = {"figur": "tjenester", "lesning": "a", "tekst": "t", "verdi": "tjenester"}
    with pytest.raises(ConfigError, match="lesningen a av tjenester står to ganger"):
        check_readings([item, item], "reconciliation.yaml")


def test_every_configured_reading_uses_catalogued_figures(readings):
    from lmsanalyse.expressions import parse_relation
    from lmsanalyse.include.figure_catalogue import entry_for

    for reading in readings:
        for expression in (reading.verdi, reading.nevner or reading.verdi):
            for _, term in parse_relation(expression):
                assert term.isdigit() or entry_for(term) is not None, (reading, term)


# ---------------------------------------------------------------- the bundled data


def test_bundled_readings(bundled_include):
    rec = pd.read_csv(bundled_include / "reconciliation.csv").set_index("figur")
    row = rec.loc["kommuner_ikke_friskliv"]
    assert (row["beregnet"], row["status"]) == (28, "avvik")
    assert (row["alternativ_lesning"], row["alternativ_verdi"], row["alternativ_status"]) == (
        "bare_senter_eller_koordinator",
        24,
        "samsvar",
    )
    assert rec.loc["radmann_svar", "alternativ_lesning"] == "andel_av_kommuner"
    assert rec.loc["radmann_svar", "alternativ_status"] == "samsvar"
    table = pd.read_csv(bundled_include / "lesninger.csv").set_index(["figur", "lesning"])
    assert table.loc[("tjenester", "grupper_uten_overlapp"), "verdi"] == 42
    assert table.loc[("tjenester_prosjektfinansiert", "uten_overlapp"), "verdi"] == 2
    # Offers less one per non-LMS type, but at least one per LMS type listed, and never more
    # than the service's own count (an estimate; T007, T011, T013 and T045 report one offer of
    # two LMS types, so they count one, not two).
    assert table.loc[("tilbud_totalt", "bare_lms_typer"), "verdi"] == 105
    assert table.loc[("kommuner_uten_tilbud", "andel_av_enheter"), "status"] == "avvik"
    # Every published figure has exactly one contract reading.
    assert (table["kontrakt"] == "Ja").groupby(level="figur").sum().eq(1).all()
    assert table.index.get_level_values("figur").nunique() == len(rec)


def test_report_shows_the_other_reading_under_its_figure(bundled_run):
    html = (bundled_run / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")
    section = html.split('id="avstemming"')[1].split("</table>")[0]
    rec = pd.read_csv(bundled_run / "data" / "processed" / "reconciliation.csv")
    assert (
        section.count('<tr class="kommentar lesning">') == rec["alternativ_lesning"].notna().sum()
    )
    assert (
        "<strong>En annen lesning gir det publiserte tallet:</strong> Dekkede kommuner som bare "
        "et eget senter eller en koordinator dekker; kommunene med mange års erfaring (4), som "
        "artikkelen sier er «ikke organisert i en egen tjeneste», telles for seg: 24 av 79 "
        "(30,4\u00a0%)."
    ) in section
    assert "<strong>En annen lesning gir et annet tall:</strong> De fire gruppene" in section


def test_report_shows_the_population_by_bydel_beside_the_headline(bundled_run):
    html = (bundled_run / "reports" / "lms_kartlegging.html").read_text(encoding="utf-8")
    summary = html.split('id="sammendrag"')[1].split("</section>")[0]
    assert "Hele Oslo (647\u00a0676 innbyggere) regnes som dekket" in summary
    assert (
        "telt bydelsvis er 48\u00a0770 av dem dekket, og andelen av befolkningen er 17\u00a0%"
        in summary
    )


@pytest.mark.parametrize(
    ("spurt", "svar", "expected"),
    [(442, 188, "(442 − 188)"), (442, 430, "(442 − 430)"), (20, 7, "(20 − 7)")],
)
def test_a_reading_text_shows_this_runs_numbers_not_the_published_ones(
    readings, spurt, svar, expected
):
    figures = pd.DataFrame(
        [
            ("enheter_spurt", spurt, None),
            ("radmann_svar", svar, spurt),
            ("ringerunde", spurt - svar, spurt),
            ("svarprosent_publisert_grunnlag", svar, 428),
            ("enheter_kommuner", spurt - 15, spurt),
            ("radmann_svar_ubesvart", 0, svar),
        ],
        columns=["figur", "verdi", "nevner"],
    ).astype({"nevner": "Int64"})
    published = pd.concat(
        [
            published_as("ringerunde", 254, nevner=442),
            published_as("radmann_svar", 188, "188 kommuner/bydeler (44 %)", 442),
        ]
    )
    table = readings_table(readings, figures, published, {}).set_index(["figur", "lesning"])
    text = table.loc[("ringerunde", "alle_uten_skjema"), "tekst"]
    assert text == f"Alle enheter som ikke sendte inn skjemaet {expected}, ringt eller ikke"
    # {nevner} is the reading's own denominator; {enheter_spurt} the figure's value.
    assert table.loc[("radmann_svar", "andel_av_radmenn"), "tekst"] == (
        f"Besvarte skjemaer fra kommuner og bydeler, delt på de {spurt - 15} rådmennene (ikke "
        f"på de {spurt} enhetene som fikk skjemaet)"
    )


@pytest.mark.parametrize(("svar", "shown"), [(188, "188 delt på 428 (43,9\u00a0%)"),
                                             (430, "430 delt på 428 (100,5\u00a0%)"),
                                             (8, "8 delt på 428 (1,9\u00a0%)")])  # fmt: skip
def test_forms_from_units_by_kommuner_are_a_ratio_never_a_share(readings, svar, shown):
    """The article's 44 % divides the forms of kommuner and Oslo's bydeler by the 428 kommuner:
    with many bydeler answering that passes 100 % (430 of 442 units answered in the thin set).
    The reading is marked a ratio (forhold) and the report writes "delt på", never "av"."""
    from lmsanalyse.report.avstemming import reconciliation_rows

    figures = pd.DataFrame(
        [
            ("enheter_spurt", 442, None),
            ("radmann_svar", svar, 442),
            ("svarprosent_publisert_grunnlag", svar, 428),
            ("enheter_kommuner", 427, 442),
            ("radmann_svar_ubesvart", 0, svar),
        ],
        columns=["figur", "verdi", "nevner"],
    ).astype({"nevner": "Int64"})
    published = published_as("radmann_svar", 188, "188 kommuner/bydeler (44 %)", 442)
    out = reconcile(figures, published, [], readings)
    table = readings_table(
        readings, figures, published, dict(zip(out.figur, out.status, strict=True))
    )
    forhold = dict(zip(table.lesning, table.forhold, strict=True))
    assert forhold == {"kontrakt": "Nei", "andel_av_kommuner": "Ja", "andel_av_radmenn": "Ja",
                       "med_svar_pa_hovedsporsmalet": "Nei"}  # fmt: skip
    # As the report reads reconciliation.csv: every cell text, a missing one empty.
    rec = out.astype(str).replace({"<NA>": "", "nan": "", "None": ""})
    assert rec.loc[0, "alternativ_forhold"] == "Ja"
    row = reconciliation_rows(rec)[0]
    assert row["alternativ"]["tall"] == shown
    assert " av 428" not in row["alternativ"]["tall"]


def test_no_reading_text_carries_a_published_number_of_its_own(readings):
    """Numbers in a reading's text are placeholders; a number typed in is the article's only
    inside a quote («28+51»)."""
    import re

    for r in readings:
        outside_quotes = re.sub(r"«[^»]*»", "", r.tekst)
        outside_quotes = re.sub(r"\{[a-z0-9_]+\}", "", outside_quotes)
        assert not re.search(r"\d", outside_quotes), (r.figur, r.lesning, r.tekst)


def test_fill_text_names_a_missing_value_with_a_dash():
    from lmsanalyse.readings import fill_text

    assert fill_text("{a} av {b}", {"a": 5165802, "b": None}) == "5 165 802 av –"
