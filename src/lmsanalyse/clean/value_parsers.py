"""Value parsers of the clean stage: text, dates and counts (answers and lists: :mod:`..spelling`)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pandas as pd

from ..text import normalise_cell, visible

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
# Excel day numbers accepted as dates: 1990-01-01 to 2099-12-31 (other 5-digit numbers are not dates).
_EXCEL_RANGE = (32874, 73050)
_OSLO = ZoneInfo("Europe/Oslo")
_INT = re.compile(r"^[+]?\d+(?:\.0+)?$")


def sanitise_text(value: object) -> str | None:
    """Text as it may be written out (:func:`lmsanalyse.text.normalise_value`); blank → None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return normalise_cell(value)


def parse_datetime(value: str, with_time: bool = True) -> dt.datetime | None:
    """Parse ISO 8601, ``dd.mm.yyyy [HH:MM]`` or an Excel serial day number; None if not a date."""
    text = value.strip()
    try:
        if m := _ISO.match(text):
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups()[:6])
            stamp = dt.datetime(y, mo, d, h, mi, s)
            if zone := m.group(7):
                # A time with an offset is turned into Norwegian local time, like the others.
                offset = (
                    dt.datetime.strptime(zone.replace(":", ""), "%z").tzinfo
                    if zone != "Z"
                    else dt.UTC
                )
                stamp = stamp.replace(tzinfo=offset).astimezone(_OSLO).replace(tzinfo=None)
            return stamp
        if m := _NORWEGIAN.match(text):
            d, mo, y, h, mi, s = (int(g) if g else 0 for g in m.groups())
            return dt.datetime(y, mo, d, h, mi, s)
        if _EXCEL_SERIAL.match(text) and _EXCEL_RANGE[0] <= float(text) <= _EXCEL_RANGE[1]:
            # Excel's day 0 is 1899-12-30 (it counts a non-existent 29 February 1900).
            stamp = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(text))
            return (
                stamp.replace(microsecond=0)
                if with_time
                else stamp.replace(hour=0, minute=0, second=0, microsecond=0)
            )
    except ValueError:
        return None
    return None


def parse_count(value: str) -> int | None:
    """An integer ≥ 0 (``3``, ``3.0`` from Excel), read exactly however many digits it has;
    None otherwise."""
    text = value.strip()
    if not _INT.match(text):
        return None
    return int(text.lstrip("+").split(".")[0])


def short(value: object, limit: int = 60) -> str:
    """A value for a message: shortened, with look-alike characters made visible."""
    text = sanitise_text(value) or ""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return visible(text)
