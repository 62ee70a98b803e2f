"""Norwegian number and date formatting (lmsanalyse.norsk)."""

from __future__ import annotations

import datetime as dt

import pytest

from lmsanalyse.norsk import fmt_date, fmt_int, fmt_number, fmt_pct, round_half_up

NB = "\u00a0"


class TestRoundHalfUp:
    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [(18.5, 0, "19"), (0.5, 0, "1"), (2.5, 0, "3"), (81.54, 1, "81.5"), (28.75, 1, "28.8"),
         (-0.5, 0, "-1"), (0.049, 1, "0.0")],
    )  # fmt: skip
    def test_half_goes_up_unlike_pythons_round(self, value, decimals, expected):
        assert str(round_half_up(value, decimals)) == expected


class TestFmtInt:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(0, "0"), (999, "999"), (1000, f"1{NB}000"), (5165802, f"5{NB}165{NB}802"),
         (1486068.0, f"1{NB}486{NB}068")],
    )  # fmt: skip
    def test_groups_of_three_with_no_break_space(self, value, expected):
        assert fmt_int(value) == expected

    def test_another_separator(self):
        assert fmt_int(5165802, " ") == "5 165 802"


class TestFmtNumberAndPct:
    def test_decimal_comma(self):
        assert fmt_number(1234.56) == f"1{NB}234,6"
        assert fmt_number(1234.56, 2) == f"1{NB}234,56"
        assert fmt_number(-1234.5, 0) == f"-1{NB}235"

    @pytest.mark.parametrize(
        ("share", "decimals", "expected"),
        [(18.46, 0, f"18{NB}%"), (18.46, 1, f"18,5{NB}%"), (81.54, 1, f"81,5{NB}%"),
         (100.0, 0, f"100{NB}%"), (0.0, 1, f"0,0{NB}%")],
    )  # fmt: skip
    def test_percent_sign_after_a_space(self, share, decimals, expected):
        assert fmt_pct(share, decimals) == expected


class TestFmtDate:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(dt.date(2015, 5, 19), "19. mai 2015"), (dt.date(2014, 1, 1), "1. januar 2014"),
         (dt.datetime(2014, 12, 31, 23, 59), "31. desember 2014")],
    )  # fmt: skip
    def test_day_month_name_year(self, value, expected):
        assert fmt_date(value) == expected
