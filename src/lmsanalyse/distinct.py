"""Per-row work done once per distinct value: large exports repeat the same few texts.

A column of a million call rows holds a few dozen distinct answers; a function of one cell
(a parser, a test) is called once for each distinct value and the results are spread back
over the rows by code, in C (``pandas.factorize`` and numpy indexing). No Python loop runs
over the rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def codes_of(values) -> tuple[np.ndarray, np.ndarray] | None:
    """(code of each cell, the distinct values), None among them as a value of its own.

    Meant for text cells: numbers that compare equal (1, 1.0, True) share a code.

    Other missing values (NaN, NA) get a distinct value of their own each (they are rare, and
    a function may tell them apart from None). None if the cells are not hashable (lists).
    """
    arr = np.asarray(values, dtype=object)
    try:
        codes, uniques = pd.factorize(arr)
    except TypeError:
        return None
    uniques = np.asarray(uniques, dtype=object)
    missing = np.flatnonzero(codes < 0)
    if not len(missing):
        return codes, uniques
    none = np.equal(arr[missing], None)
    codes[missing[none]] = len(uniques)
    other = missing[~none]
    # NaN, pd.NA …: one distinct value per cell, after None.
    codes[other] = len(uniques) + 1 + np.arange(len(other))
    return codes, np.concatenate([uniques, np.array([None], dtype=object), arr[other]])


def per_distinct(values, func: Callable[[object], object]) -> np.ndarray:
    """``[func(v) for v in values]`` as an object array, ``func`` called once per distinct value."""
    coded = codes_of(values)
    if coded is None:
        out = np.empty(len(values), dtype=object)
        out[:] = [func(v) for v in values]
        return out
    codes, uniques = coded
    if not all(v is None or isinstance(v, str) for v in uniques):
        # 1, 1.0 and True are one value to a hash table: only text is taken by code.
        out = np.empty(len(values), dtype=object)
        out[:] = [func(v) for v in values]
        return out
    table = np.empty(len(uniques), dtype=object)
    table[:] = [func(v) for v in uniques]
    return table[codes]


def per_distinct_bool(values: pd.Series, func: Callable[[object], bool]) -> pd.Series:
    """``values.map(func)`` for a test ``func``: a bool Series, one call per distinct value."""
    return pd.Series(per_distinct(values, func).astype(bool), index=values.index)
