"""AAPOR final dispositions from both modes, and the outcome rates in figures.csv.

A hand-made set where every disposition of ``rules.AAPOR_DISPOSISJONER`` occurs, with the
rates' numerators and denominators pinned (decisions/enhet_disposisjon.sql).
"""

from __future__ import annotations

import pandas as pd
import pytest

from lmsanalyse.rules import AAPOR_DISPOSISJONER
from test_rules import MAIN_DEFINITION, call, figure, include, radmann, write_processed


def attempt(enhet_id: str, forsok: int, utfall: str, kontaktpunkt: str) -> dict:
    return call(enhet_id, forsok, utfall) | {"kontaktpunkt": kontaktpunkt}


UNITS = [
    # enhet, questionnaire kwargs (None: none), call attempts, expected (code, mode)
    ("0101", {"svar": "Ja", "tjeneste_navn": "LMS Halden"}, [], ("1.1", "spørreskjema")),
    ("0122", {"svar": "Nei"}, [], ("1.1", "spørreskjema")),
    ("0124", {"svar": "Vet ikke"}, [], ("1.1", "spørreskjema")),
    # A Ja without the service's name: a follow-up that applies is blank.
    ("0104", {"svar": "Ja"}, [], ("1.2", "spørreskjema")),
    # Interkommunal, but no partner named.
    ("0123", {"svar": "Ja", "interkommunal": "Ja", "tjeneste_navn": "X"}, [], ("1.2", "spørreskjema")),
    # The main question blank, a name given: break-off; all blank: implicit refusal.
    ("0105", {"svar": None, "tjeneste_navn": "Friskliv"}, [], ("2.12", "spørreskjema")),
    ("0106", {"svar": None}, [], ("2.11", "spørreskjema")),
    # A decisive call completes a blank form.
    ("0121", {"svar": None}, [("har tjeneste", "helseleder")], ("1.1", "ringerunde")),
    ("0119", None, [("satt over", "sentralbord"), ("har ikke tjeneste", "helseleder")],
     ("1.1", "ringerunde")),
    # Only switchboards and other departments: the respondent was never reached.
    ("0111", None, [("satt over", "sentralbord"), ("uavklart", "annen avdeling")],
     ("2.21", "ringerunde")),
    # A helseleder reached, but no answer: other, not a refusal.
    ("0118", None, [("satt over", "servicetorg"), ("uavklart", "helseleder")],
     ("2.36", "ringerunde")),
]  # fmt: skip


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    forms, calls = [], []
    for enhet, form, attempts, _ in UNITS:
        if form is not None:
            form = dict(form)
            forms.append(radmann(enhet, form.pop("svar"), **form))
        for nr, (utfall, punkt) in enumerate(attempts, start=1):
            calls.append(attempt(enhet, nr, utfall, punkt))
    processed = write_processed(tmp_path_factory.mktemp("aapor") / "processed", forms, calls)
    return include(processed, MAIN_DEFINITION)


def test_every_disposition_occurs(tables):
    codes = set(tables["enhet_status"]["aapor_kode"])
    assert codes == set(AAPOR_DISPOSISJONER)


@pytest.mark.parametrize(("enhet", "expected"), [(u[0], u[3]) for u in UNITS])
def test_disposition(tables, enhet, expected):
    row = tables["enhet_status"].set_index("enhet_id").loc[enhet]
    assert (row["aapor_kode"], row["aapor_avgjort_av"]) == expected
    tekst, klasse = AAPOR_DISPOSISJONER[expected[0]]
    assert (row["aapor_tekst"], row["aapor_klasse"]) == (tekst, klasse)


def test_units_neither_returned_nor_called_have_unknown_eligibility(tables):
    status = tables["enhet_status"].set_index("enhet_id")
    assert len(status) == 442
    assert (status["aapor_kode"] == "3.19").sum() == 442 - len(UNITS)
    assert status.loc["0125", "aapor_avgjort_av"] == "ingen"


def test_each_mode_keeps_its_own_code(tables):
    status = tables["enhet_status"].set_index("enhet_id")
    assert status.loc["0121", "aapor_skjema_kode"] == "2.11"
    assert status.loc["0121", "aapor_ringerunde_kode"] == "1.1"
    assert pd.isna(status.loc["0119", "aapor_skjema_kode"])
    # The existing columns stay.
    assert status.loc["0119", "disposisjon"] == "avklart_i_ringerunden"


# I 5 (0101, 0122, 0124, 0121, 0119), P 2, R 2 (2.11 + 2.12), NC 1, O 1, U 431; e = 1.
RATES = {
    "aapor_fullfort": (5, 442),
    "aapor_delvis": (2, 442),
    "aapor_nektet": (1, 442),
    "aapor_avbrutt": (1, 442),
    "aapor_ikke_kontakt": (1, 442),
    "aapor_annet": (1, 442),
    "aapor_ukjent": (431, 442),
    "aapor_rr1": (5, 442),
    "aapor_rr2": (7, 442),
    "aapor_rr3": (5, 442),
    "aapor_rr4": (7, 442),
    # I / (I + P + R + O) = 5 / (5 + 2 + 2 + 1)
    "aapor_coop1": (5, 10),
    "aapor_ref1": (2, 442),
    # (I + P + R + O) / everyone
    "aapor_con1": (10, 442),
    # The questionnaire alone: its own completes.
    "svarprosent_aapor_rr1": (3, 442),
    "svarprosent_publisert_grunnlag": (8, 428),
}


@pytest.mark.parametrize("figur", sorted(RATES))
def test_rates(tables, figur):
    assert figure(tables, figur) == RATES[figur]


def test_helper_denominators_are_not_written(tables):
    assert not tables["figures"].index.str.startswith("aapor_grunnlag").any()
