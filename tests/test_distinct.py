"""Work once per distinct value gives what work once per cell gave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmsanalyse.distinct import codes_of, per_distinct, per_distinct_bool
from lmsanalyse.outputs import neutralise_formula, neutralised


def test_codes_keep_none_and_nan_apart() -> None:
    codes, distinct = codes_of(np.array(["ja", None, "nei", float("nan"), "ja", None], object))
    assert [distinct[c] if distinct[c] is not None else None for c in codes][:3] == [
        "ja",
        None,
        "nei",
    ]
    assert codes.tolist()[4] == codes.tolist()[0]
    assert distinct[codes[1]] is None and distinct[codes[5]] is None
    assert isinstance(distinct[codes[3]], float)


def test_per_distinct_calls_once_per_value() -> None:
    calls: list[object] = []

    def f(v: object) -> object:
        calls.append(v)
        return None if v is None else v.upper()

    out = per_distinct(pd.Series(["a", "b", None, "a", "b", None], dtype=object), f)
    assert out.tolist() == ["A", "B", None, "A", "B", None]
    assert len(calls) == 3
    assert set(map(str, calls)) == {"a", "b", "None"}


def test_per_distinct_keeps_numbers_that_compare_equal_apart() -> None:
    out = per_distinct(pd.Series([1, 1.0, True], dtype=object), repr)
    assert out.tolist() == ["1", "1.0", "True"]


def test_per_distinct_bool_is_map() -> None:
    values = pd.Series(["  ", None, "x", "  "], index=[5, 6, 7, 8], dtype=object)
    blank = per_distinct_bool(values, lambda v: v is None or not v.strip())
    pd.testing.assert_series_equal(blank, values.map(lambda v: v is None or not v.strip()))


CELLS = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False),
    st.booleans(),
    st.text(st.sampled_from(list("=+-@\t\r1.ae")), max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=12), st.sampled_from(["object", "str"]))
def test_neutralised_is_map_of_neutralise_formula(cells: list, dtype: str) -> None:
    if dtype == "str":
        cells = [c for c in cells if c is None or isinstance(c, str)]
    values = pd.Series(cells, dtype=dtype)
    expected = values.map(neutralise_formula)
    got = neutralised(values)
    pd.testing.assert_series_equal(got, expected)
    assert [repr(v) for v in got] == [repr(v) for v in expected]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["=SUM(A1)", "-5", "-a", "x", "+47 1"], ["'=SUM(A1)", "-5", "'-a", "x", "'+47 1"]),
        ([["=x"], "@y"], [["=x"], "'@y"]),
    ],
)
def test_neutralised_values(cells: list, expected: list) -> None:
    assert neutralised(pd.Series(cells, dtype=object)).tolist() == expected
