"""The structured issue model (issue 19): a problem or quarantine entry carries its code, its
template and the raw values as fields; the text ``validate`` shows and the masked text the
outputs hold are both rendered from them, never parsed back out of text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lmsanalyse.problems import Message, Problem, Quoted, message, q

CELL = "Kari Nordmann, Kari Nordmann ringte tilbake og sa at de ikke har noen tjeneste"
ALLOWED = " (tillatt: 'Ja', 'Nei', 'Vet ikke')"


def known(text: str) -> bool:
    return text in {"Våler", "Ja"}


class TestMessage:
    def test_the_raw_value_is_a_field(self) -> None:
        m = message("ukjent_svar", "ukjent svar ", q("ja takk"), ALLOWED)
        assert m == Message("ukjent_svar", ("ukjent svar ", Quoted("ja takk"), ALLOWED))
        assert m.verdier == ("ja takk",)
        assert m.text() == str(m) == "ukjent svar 'ja takk'" + ALLOWED
        assert m.masked(known) == "ukjent svar «verdien i cellen, 7 tegn»" + ALLOWED

    def test_a_long_value_is_shortened_on_screen_and_counted_whole_when_masked(self) -> None:
        m = message("ukjent_svar", "ukjent svar ", q(CELL), ALLOWED)
        assert m.text() == f"ukjent svar '{CELL[:59]}…'" + ALLOWED
        assert m.masked(known) == f"ukjent svar «verdien i cellen, {len(CELL)} tegn»" + ALLOWED

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ("Våler", "'Våler'"),  # a known name: no free text
            ("Ja", "'Ja'"),  # a contract answer
            ("31.02.2014", "'31.02.2014'"),  # no letters: a date or a number
            ("-2", "'-2'"),
            ("Kari", "«verdien i cellen, 4 tegn»"),
            ("Jа", "«verdien i cellen, 2 tegn»"),  # a Cyrillic а: not the answer Ja
        ],
    )
    def test_what_is_masked(self, value: str, shown: str) -> None:
        assert message("x", q(value), " er ikke gjenkjent").masked(known) == shown + (
            " er ikke gjenkjent"
        )

    def test_look_alike_characters_are_made_visible_on_screen(self) -> None:
        assert message("x", q("Jа")).text() == "'J⟨U+0430 CYRILLIC SMALL LETTER A⟩'"

    def test_several_values_each_masked_by_itself(self) -> None:
        m = message("ukjente_listeverdier", "ukjente verdier i listen: ", q("Kari"), ", ", q("Ja"))
        assert m.verdier == ("Kari", "Ja")
        assert m.masked(known) == "ukjente verdier i listen: «verdien i cellen, 4 tegn», 'Ja'"

    def test_after_puts_a_prefix_before_and_may_change_the_code(self) -> None:
        m = message("ukjent_navn", q("Fantasiby"), " er ikke et kjent kommune- eller bydelsnavn")
        listed = m.after("listeelement utelatt: ", "listeelement_utelatt")
        assert listed.kode == "listeelement_utelatt" and listed.verdier == ("Fantasiby",)
        assert listed.text() == (
            "listeelement utelatt: 'Fantasiby' er ikke et kjent kommune- eller bydelsnavn"
        )

    def test_literal_braces_and_quotes_in_a_value_are_only_data(self) -> None:
        m = message("x", "svar ", q("{0} 'sitat'"), " slutt")
        assert m.text() == "svar '{0} 'sitat'' slutt"
        assert m.masked(known) == "svar «verdien i cellen, 11 tegn» slutt"

    @pytest.mark.parametrize("seed", ["0", "1", "2", "3"])
    def test_the_same_in_every_process(self, seed: str) -> None:
        code = (
            "from lmsanalyse.problems import message, q; import sys; "
            "print(message('x', 'ukjent svar ', q(sys.argv[1])).masked())"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, CELL],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out == f"ukjent svar «verdien i cellen, {len(CELL)} tegn»\n"


def test_a_problem_of_a_message_keeps_code_and_values_but_compares_by_text() -> None:
    m = message("ukjent_svar", "ukjent svar ", q("ja takk"), ALLOWED)
    p = Problem.of("radmann_skjema.csv", 2, "har_tjeneste", m, "s_2")
    assert (p.kode, p.verdier) == ("ukjent_svar", ("ja takk",))
    assert p == Problem("radmann_skjema.csv", 2, "har_tjeneste", m.text(), None, "s_2")
    assert str(p) == (
        "radmann_skjema.csv, rad 2, kolonne 'har_tjeneste' (variabel 's_2'): ukjent svar "
        "'ja takk'" + ALLOWED
    )
