"""Reconciliation of the computed figures with the ones NK LMH published (lmsanalyse.reconcile)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lmsanalyse.config import ConfigError
from lmsanalyse.reconcile import (
    RECONCILIATION_COLUMNS,
    RelationError,
    load_relations,
    parse_relation,
    published_percent,
    reconcile,
)

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "data" / "reference" / "published_figures_2015.csv"
RELATIONS = REPO / "config" / "reconciliation.yaml"

EXPECTED_AVVIK = {
    "radmann_svar": (
        "188 av 442 er 43 %, ikke publisert 44 %. 44 % tilsvarer 188 av 428 "
        "(antall kommuner i 2014) eller 188 av 427 (antall rådmenn); artikkelen oppgir ikke "
        "nevneren."
    ),
    "kommuner_uten_tilbud": (
        "349 av 428 er 82 %, ikke publisert 72 %. Ingen av de publiserte nevnerne gir den "
        "publiserte prosenten; 82 % skiller seg fra det publiserte med ett siffer: trolig en "
        "skrivefeil."
    ),
    "kommuner_ikke_friskliv": (
        "Publisert 24, beregnet 28 fra dataene. De publiserte tallene gir selv 79 \u2212 51 = 28 "
        "(kommuner med kommunal eller interkommunal tjeneste \u2212 kommuner dekket av en "
        "friskliv-organisert tjeneste); publisert 24 stemmer ikke med dem."
    ),
}


# ---------------------------------------------------------------- on the bundled data


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(PUBLISHED, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def bundled_figures(bundled_include) -> pd.DataFrame:
    return pd.read_csv(bundled_include / "figures.csv", dtype={"figur": str})


@pytest.fixture(scope="module")
def bundled_reconciliation(bundled_include) -> pd.DataFrame:
    return pd.read_csv(
        bundled_include / "reconciliation.csv", dtype={"figur": str, "kommentar": str}
    ).fillna({"kommentar": ""})


def test_every_published_figure_is_computed(published, bundled_figures):
    computed = set(bundled_figures["figur"])
    missing = [f for f in published["figur"] if f not in computed]
    assert missing == []
    assert not bundled_figures["figur"].duplicated().any()
    assert bundled_figures.set_index("figur")["verdi"].notna().all()


def test_reconciliation_has_one_row_per_published_figure(published, bundled_reconciliation):
    assert list(bundled_reconciliation.columns[:7]) == RECONCILIATION_COLUMNS[:7]
    assert list(bundled_reconciliation["figur"]) == list(published["figur"])
    assert set(bundled_reconciliation["status"]) <= {"samsvar", "avvik"}


def test_exactly_the_three_known_avvik(bundled_reconciliation):
    avvik = bundled_reconciliation.loc[bundled_reconciliation["status"] == "avvik", "figur"]
    assert sorted(avvik) == sorted(EXPECTED_AVVIK)
    samsvar = bundled_reconciliation.loc[bundled_reconciliation["status"] == "samsvar"]
    assert (samsvar["kommentar"] == "").all()
    assert len(samsvar) == len(bundled_reconciliation) - 3


@pytest.mark.parametrize("figur", sorted(EXPECTED_AVVIK))
def test_avvik_comment(bundled_reconciliation, figur):
    row = bundled_reconciliation.set_index("figur").loc[figur]
    assert row["kommentar"] == EXPECTED_AVVIK[figur]


def test_avvik_values(bundled_reconciliation):
    rec = bundled_reconciliation.set_index("figur")
    assert rec.loc["radmann_svar", ["publisert", "beregnet"]].tolist() == [188, 188]
    assert rec.loc["radmann_svar", "publisert_andel"] == 44.0
    assert rec.loc["radmann_svar", "beregnet_andel"] == 42.5
    assert rec.loc["kommuner_uten_tilbud", ["publisert", "beregnet"]].tolist() == [349, 349]
    assert rec.loc["kommuner_uten_tilbud", "beregnet_andel"] == 81.5
    assert rec.loc["kommuner_ikke_friskliv", ["publisert", "beregnet"]].tolist() == [24, 28]
    assert rec.loc["kommuner_med_tilbud", "status"] == "samsvar"
    assert rec.loc["kommuner_med_tilbud", "beregnet_andel"] == 18.5


def test_samsvar_rows_agree_with_the_published_numbers(bundled_reconciliation):
    samsvar = bundled_reconciliation.loc[bundled_reconciliation["status"] == "samsvar"]
    assert (samsvar["publisert"] == samsvar["beregnet"]).all()
    with_den = samsvar.dropna(subset=["publisert_nevner"])
    assert (with_den["publisert_nevner"] == with_den["beregnet_nevner"]).all()


# ---------------------------------------------------------------- reconcile on small frames


def pub(figur: str, verdi: int, nevner: int | None = None, tekst: str = "") -> dict:
    return {
        "figur": figur,
        "beskrivelse": f"Figur {figur}",
        "verdi": str(verdi),
        "nevner": "" if nevner is None else str(nevner),
        "publisert_tekst": tekst or f"{verdi} stykker",
        "kilde": "test",
    }


def frames(published_rows: list[dict], computed: dict[str, tuple[int, int | None]]):
    published = pd.DataFrame(published_rows, dtype=str)
    figures = pd.DataFrame(
        [{"figur": f, "verdi": v, "nevner": n} for f, (v, n) in computed.items()],
        columns=["figur", "verdi", "nevner"],
    )
    figures["nevner"] = figures["nevner"].astype("Int64")
    return figures, published


def by_figur(result: pd.DataFrame) -> pd.DataFrame:
    return result.set_index("figur")


def test_samsvar_when_everything_agrees():
    figures, published = frames(
        [pub("total", 10), pub("a", 4, 10, "4 (40 %)"), pub("b", 6, 10, "6 av 10")],
        {"total": (10, None), "a": (4, 10), "b": (6, 10)},
    )
    result = reconcile(figures, published, [{"figur": "total", "lik": "a + b"}])
    assert list(result.columns) == RECONCILIATION_COLUMNS
    assert list(result["figur"]) == ["total", "a", "b"]
    assert list(result["status"]) == ["samsvar"] * 3
    assert list(result["kommentar"]) == [""] * 3
    rows = by_figur(result)
    assert rows.loc["a", "publisert_andel"] == 40.0
    assert rows.loc["a", "beregnet_andel"] == 40.0
    assert pd.isna(rows.loc["b", "publisert_andel"])
    assert rows.loc["b", "beregnet_andel"] == 60.0
    assert pd.isna(rows.loc["total", "beregnet_andel"])
    assert rows.loc["a", "publisert_nevner"] == 10
    assert pd.isna(rows.loc["total", "publisert_nevner"])


def test_count_mismatch_explained_by_a_broken_relation():
    # Published: total 10, but its own parts 4 + 7 make 11, which is what the data gives.
    figures, published = frames(
        [pub("total", 10), pub("a", 4), pub("b", 7)],
        {"total": (11, None), "a": (4, None), "b": (7, None)},
    )
    result = by_figur(reconcile(figures, published, [{"figur": "total", "lik": "a + b"}]))
    assert result.loc["total", "status"] == "avvik"
    assert result.loc["total", "kommentar"] == (
        "Publisert 10, beregnet 11 fra dataene. De publiserte tallene gir selv 4 + 7 = 11 "
        "(a + b); publisert 10 stemmer ikke med dem."
    )
    assert result.loc["a", "status"] == "samsvar"


def test_relation_with_constant_and_minus():
    figures, published = frames(
        [pub("med", 79, 428), pub("uten", 340, 428)],
        {"med": (79, 428), "uten": (349, 428)},
    )
    result = by_figur(reconcile(figures, published, [{"figur": "uten", "lik": "428 - med"}]))
    assert result.loc["uten", "kommentar"] == (
        "Publisert 340, beregnet 349 fra dataene. De publiserte tallene gir selv "
        "428 \u2212 79 = 349 (428 \u2212 med); publisert 340 stemmer ikke med dem."
    )


def test_count_mismatch_without_a_broken_relation():
    # The relation holds among the published numbers, so it explains nothing.
    figures, published = frames(
        [pub("total", 10), pub("a", 4), pub("b", 6)],
        {"total": (12, None), "a": (4, None), "b": (8, None)},
    )
    result = by_figur(reconcile(figures, published, [{"figur": "total", "lik": "a + b"}]))
    assert result.loc["total", "kommentar"] == "Publisert 10, beregnet 12 fra dataene."
    assert result.loc["b", "kommentar"] == "Publisert 6, beregnet 8 fra dataene."


def test_percent_that_does_not_follow_from_its_numbers():
    figures, published = frames(
        [pub("a", 4, 10, "4 av 10 (45 %)")],
        {"a": (4, 10)},
    )
    result = by_figur(reconcile(figures, published, []))
    assert result.loc["a", "status"] == "avvik"
    assert result.loc["a", "publisert_andel"] == 45.0
    assert result.loc["a", "beregnet_andel"] == 40.0
    assert result.loc["a", "kommentar"] == (
        "4 av 10 er 40 %, ikke publisert 45 %. Ingen av de publiserte nevnerne gir den "
        "publiserte prosenten; 40 % skiller seg fra det publiserte med ett siffer: trolig en "
        "skrivefeil."
    )


@pytest.mark.parametrize(
    ("printed", "verdict"),
    [
        ("4 av 10 (65 %)", "trolig en regne- eller skrivefeil."),  # two digits differ
        ("4 av 10 (4 %)", "trolig en regne- eller skrivefeil."),  # another length
        ("4 av 10 (46 %)", "trolig en skrivefeil."),  # one digit, as 72 % for 82 %
    ],
)
def test_a_typing_error_is_named_only_when_one_digit_differs(printed, verdict):
    figures, published = frames([pub("a", 4, 10, printed)], {"a": (4, 10)})
    comment = by_figur(reconcile(figures, published, [])).loc["a", "kommentar"]
    assert comment.endswith(verdict)
    assert ("skiller seg fra det publiserte med ett siffer" in comment) == (
        verdict == "trolig en skrivefeil."
    )


def test_percent_on_the_wrong_denominator():
    # 4 of 10 is 40 %; the printed 44 % is 4 of 9, another published denominator.
    figures, published = frames(
        [pub("a", 4, 10, "4 (44 %)"), pub("d", 3, 9, "3 av 9")],
        {"a": (4, 10), "d": (3, 9)},
    )
    result = by_figur(reconcile(figures, published, []))
    assert result.loc["a", "kommentar"] == (
        "4 av 10 er 40 %, ikke publisert 44 %. 44 % tilsvarer 4 av 9 (nevneren til d); "
        "artikkelen oppgir ikke nevneren."
    )
    assert result.loc["d", "status"] == "samsvar"


def test_percent_with_one_decimal_and_half_up_rounding():
    # 37/40 = 92,5 % → 93 % rounding half up (Python's round would give 92).
    figures, published = frames(
        [pub("a", 37, 40, "37 (93 %)"), pub("b", 1, 8, "1 (12,5 %)")],
        {"a": (37, 40), "b": (1, 8)},
    )
    result = by_figur(reconcile(figures, published, []))
    assert list(result["status"]) == ["samsvar", "samsvar"]
    assert result.loc["b", "publisert_andel"] == 12.5


def test_missing_figure_and_other_denominator():
    figures, published = frames(
        [pub("borte", 3), pub("a", 4, 10)],
        {"a": (4, 12)},
    )
    result = by_figur(reconcile(figures, published, []))
    assert result.loc["borte", "status"] == "avvik"
    assert result.loc["borte", "kommentar"] == "Figuren finnes ikke i figures.csv."
    assert pd.isna(result.loc["borte", "beregnet"])
    assert result.loc["a", "kommentar"] == "Publisert nevner 10, beregnet nevner 12."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("188 kommuner/bydeler (44 %)", 44.0),
        ("79 (28+51, 18 %) av 428 kommuner", 18.0),
        ("18,5 %", 18.5),
        ("44%", 44.0),
        ("41 tjenestene", None),
        ("", None),
        (None, None),
    ],
)
def test_published_percent(text, expected):
    assert published_percent(text) == expected


@pytest.mark.parametrize(
    ("expression", "terms"),
    [
        ("a + b - 3", [(1, "a"), (1, "b"), (-1, "3")]),
        ("428 - kommuner_med_tilbud", [(1, "428"), (-1, "kommuner_med_tilbud")]),
        ("radmann_svar+ringerunde", [(1, "radmann_svar"), (1, "ringerunde")]),
        ("- a", [(-1, "a")]),
        ("tjenester", [(1, "tjenester")]),
    ],
)
def test_parse_relation(expression, terms):
    assert parse_relation(expression) == terms


@pytest.mark.parametrize("expression", ["a * b", "a b", "a + ", "A + b", "a + (b)", "", "   "])
def test_parse_relation_rejects_invalid_expressions(expression):
    with pytest.raises(RelationError):
        parse_relation(expression)


def test_load_relations(tmp_path):
    relations = load_relations(RELATIONS)
    assert {"figur": "enheter_spurt", "lik": "radmann_svar + ringerunde"} in relations
    bad = tmp_path / "bad.yaml"
    bad.write_text("relasjoner:\n  - figur: a\n    lik: b * c\n", encoding="utf-8")
    with pytest.raises(RelationError):
        load_relations(bad)
    extra = tmp_path / "extra.yaml"
    extra.write_text("relasjoner:\n  - figur: a\n    lik: b\n    er: c\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="relasjoner.0: ukjent nøkkel 'er'; tillatt: figur, lik"):
        load_relations(extra)


@pytest.mark.parametrize(
    ("kommune", "tjeneste", "said"),
    [(1, 0, "1 manuell beslutning"), (1, 1, "2 manuelle beslutninger"), (0, 3, "3 manuelle")],
)
def test_manual_decisions_are_counted_in_the_right_number(kommune, tjeneste, said):
    figures, published = frames(
        [pub("a", 4)],
        {"a": (5, None), "manuelle_beslutninger_kommune": (kommune, None)}
        | {"manuelle_beslutninger_tjeneste": (tjeneste, None)},
    )
    comment = by_figur(reconcile(figures, published, [])).loc["a", "kommentar"]
    assert comment.endswith(f"Beregnet med {said}.") or f"Beregnet med {said} " in comment + " "


@pytest.mark.parametrize(
    ("nevnere", "expected"),
    [
        # The article's 44 %: 188 of 428 and of 427 both give it; it does not say which.
        ([{"verdi": 428, "tekst": "kommuner"}, {"verdi": 427, "tekst": "rådmenn"}],
         "44 % tilsvarer 188 av 428 (kommuner) eller 188 av 427 (rådmenn); artikkelen oppgir "
         "ikke nevneren."),
        ([{"verdi": 428, "tekst": "kommuner"}],
         "44 % tilsvarer 188 av 428 (kommuner); artikkelen oppgir ikke nevneren."),
        ([{"verdi": 500, "tekst": "noe annet"}],
         "Ingen av de publiserte nevnerne gir den publiserte prosenten"),
    ],
)  # fmt: skip
def test_a_percentage_names_every_denominator_of_the_article_that_gives_it(nevnere, expected):
    figures, published = frames(
        [pub("svar", 188, 442, "188 kommuner/bydeler (44 %)")], {"svar": (188, 442)}
    )
    row = by_figur(reconcile(figures, published, [], [], nevnere)).loc["svar"]
    assert row["status"] == "avvik"
    assert expected in row["andel_kommentar"] and row["andel_kommentar"] in row["kommentar"]
    assert "feil nevner" not in row["kommentar"]


def test_a_figure_the_article_calls_something_else_is_marked_even_when_it_agrees():
    figures, published = frames(
        [pub("tilbud", 135), pub("andre", 4)], {"tilbud": (135, None), "andre": (4, None)}
    )
    begreper = [{"figur": "tilbud", "tekst": "ulikt", "beskrivelse": "Tilbud (alle typer)"}]
    result = by_figur(reconcile(figures, published, [], [], [], begreper))
    assert list(result["status"]) == ["samsvar", "samsvar"]
    assert result.loc["tilbud", "begrep"] == "ulikt"
    assert result.loc["tilbud", "beskrivelse"] == "Tilbud (alle typer)"
    assert (
        result.loc["andre", "begrep"] == "" and result.loc["andre", "beskrivelse"] == "Figur andre"
    )
