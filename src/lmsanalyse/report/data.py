"""Reading the reports' input files: one error type, and readers that name what is missing.

Every reader raises :class:`ReportDataError` with a Norwegian message that names the file
(and the column or value) when something the reports need is not there.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd


class ReportDataError(ValueError):
    """The processed data lacks something the report needs."""


def _require_file(path: Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise ReportDataError(f"rapporten trenger {path.name}, som mangler i {path.parent}")
    return path


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV file with every cell as text (empty cells as ``""``)."""
    return pd.read_csv(_require_file(path), dtype=str, keep_default_na=False)


def read_parquet(path: Path) -> pd.DataFrame:
    return pd.read_parquet(_require_file(path))


def read_json(path: Path) -> dict:
    return json.loads(_require_file(path).read_text(encoding="utf-8"))


def read_provenance(path: Path) -> dict:
    """``provenance.json``: what the run was made from, and when."""
    return read_json(path)


def read_definition(path: Path) -> dict:
    """A definition's ``definisjon.json``: the resolved definition with its rule texts."""
    record = read_json(path)
    missing = [k for k in ("navn", "tittel", "beskrivelse", "regeltekster") if k not in record]
    if missing:
        raise ReportDataError(f"{Path(path).name} mangler {', '.join(missing)}")
    for rule in record["regeltekster"]:
        if not {"id", "kort", "tekst"} <= set(rule):
            raise ReportDataError(
                f"{Path(path).name} ({record['navn']}): en regeltekst mangler id, kort eller tekst"
            )
    return record


def read_definitions(paths) -> dict[str, dict]:
    """Several ``definisjon.json`` files, by the definition's ``navn``."""
    records: dict[str, dict] = {}
    for path in paths:
        record = read_definition(path)
        if record["navn"] in records:
            raise ReportDataError(f"definisjonen '{record['navn']}' er gitt to ganger")
        records[record["navn"]] = record
    return records


def require_columns(table: pd.DataFrame, columns, name: str) -> None:
    """Raise one error naming every column of ``columns`` that ``table`` lacks."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportDataError(f"{name} mangler kolonnene {missing}")


def as_int(text: str, kilde: str = "figures.csv") -> int:
    """``"41"`` or ``"41.0"`` → 41; anything else is an error naming the file."""
    try:
        value = float(text)
    except ValueError:
        raise ReportDataError(f"{kilde}: '{text}' er ikke et tall") from None
    if value != int(value):
        raise ReportDataError(f"{kilde}: '{text}' er ikke et heltall")
    return int(value)


def cell_text(value: object) -> str:
    """A table cell as text: missing values are empty."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def run_time(provenance: dict) -> dt.datetime:
    """The run time (``kjoretidspunkt``) of ``provenance.json``."""
    try:
        return dt.datetime.fromisoformat(provenance["kjoretidspunkt"])
    except (KeyError, ValueError) as exc:
        raise ReportDataError("provenance.json mangler et gyldig 'kjoretidspunkt'") from exc


def w3c_date(stamp: dt.datetime) -> str:
    """``2015-05-19T01:46:40Z``: the run time as a W3C date (naive times are UTC here)."""
    return stamp.isoformat(timespec="seconds") + ("Z" if stamp.tzinfo is None else "")
