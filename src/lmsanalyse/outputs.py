"""Writing outputs so that the same inputs give the same bytes, and CSVs are safe to open.

CSV exports are opened in spreadsheets by analysts; a cell starting with ``=``, ``+``,
``-`` or ``@`` would be run as a formula there, so such text cells get a leading ``'``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with ``'``; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # Negative numbers written as text stay numbers: they are not formulas.
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value


def neutralised(values: pd.Series) -> pd.Series:
    """``values.map(neutralise_formula)``, without a Python call per cell.

    An Arrow-backed text column is searched for formula-like cells at once (only those are
    mapped); an object column is mapped once per distinct value and converted as
    ``Series.map`` converts its results (``maybe_convert_objects``).
    """
    from pandas._libs import lib

    from .distinct import codes_of

    if isinstance(values.array, pd.arrays.ArrowStringArray):
        import pyarrow.compute as pc

        arrow = pa.chunked_array(values.array._pa_array)
        if len(arrow) and arrow.null_count == len(arrow):
            # No text at all: ``map`` gives missing numbers (float64 NaN), not text.
            return pd.Series(np.full(len(values), np.nan), index=values.index, name=values.name)
        hit = None
        for start in _FORMULA_START:
            found = pc.starts_with(arrow, start)
            hit = found if hit is None else pc.or_(hit, found)
        mask = hit.to_numpy(zero_copy_only=False) if hit is not None else None
        if mask is None or not (mask == True).any():  # noqa: E712 (nulls are None)
            return values.copy()
        mask = mask == True  # noqa: E712
        changed = values[mask].map(neutralise_formula)
        return values.where(~pd.Series(mask, index=values.index), changed)
    if values.dtype == object:
        cells = values.to_numpy(dtype=object, copy=True)
        coded = codes_of(cells)
        if coded is None:  # lists: not text
            return values.map(neutralise_formula)
        codes, distinct = coded
        # Only a text can change; other cells stay the very objects they are (1 and 1.0
        # are one distinct value to a hash table, but not to the CSV).
        changed = {
            k: neutralise_formula(v)
            for k, v in enumerate(distinct)
            if isinstance(v, str) and v.startswith(_FORMULA_START)
        }
        if changed:
            new = np.empty(len(distinct), dtype=object)
            hit = np.zeros(len(distinct), dtype=bool)
            for k, v in changed.items():
                new[k], hit[k] = v, True
            at = np.flatnonzero(hit[codes])
            cells[at] = new[codes[at]]
        mapped = lib.maybe_convert_objects(cells)
        return pd.Series(mapped, index=values.index, name=values.name)
    return values.map(neutralise_formula)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a CSV (UTF-8, ``,``, ``\\n``) with formula-like text cells neutralised."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = neutralised(out[col])
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def check_columns(columns: list[str], schema: pa.Schema, name: str) -> None:
    """Raise if ``columns`` are not exactly the schema's (missing or extra columns)."""
    missing = [c for c in schema.names if c not in columns]
    extra = [c for c in columns if c not in schema.names]
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"mangler kolonne(r) {', '.join(missing)}")
        if extra:
            problems.append(f"har ukjent(e) kolonne(r) {', '.join(extra)}")
        raise ValueError(f"{name}: følger ikke det avtalte skjemaet: {'; '.join(problems)}")


def write_parquet(df: pd.DataFrame, path: Path, schema: pa.Schema | None = None) -> None:
    """Write Parquet without the pandas index and with fixed writer settings.

    Args:
        schema: when given, the table is cast to it (its column order and Arrow types);
            a missing or extra column raises ``ValueError``.
    """
    path = Path(path)
    if schema is not None:
        check_columns(list(df.columns), schema, path.name)
        df = df[schema.names]
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    pq.write_table(table, path, compression="zstd", use_dictionary=True, write_statistics=True)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
