"""Norwegian number and date formatting (bokmål): ``5 165 802``, ``18 %``, ``18,5 %``, ``19. mai 2015``."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
# The reports' one rounding policy: whole per cent in running text, key figures and charts,
# one decimal in tables (the report states it once, in its method section).
DESIMALER_TEKST = 0
DESIMALER_TABELL = 1
# Thousands are grouped with a no-break space so that a number never breaks across lines.
THOUSANDS = "\u00a0"


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """Round as a person does (0,5 up), not to even as Python's ``round`` does."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def fmt_int(value: int | float, sep: str = THOUSANDS) -> str:
    """``5165802`` → ``5 165 802`` (groups of three, no-break space)."""
    return f"{int(value):,}".replace(",", sep)


def fmt_number(value: float, decimals: int = 1, sep: str = THOUSANDS) -> str:
    """``1234.56`` → ``1 234,6``."""
    rounded = round_half_up(value, decimals)
    whole, _, frac = f"{rounded:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = sign + fmt_int(abs(int(whole)), sep)
    return f"{text},{frac}" if decimals > 0 else text


def fmt_pct(share: float, decimals: int = 0, sep: str = THOUSANDS) -> str:
    """A percentage (already ×100): ``18.46`` → ``18 %``; with one decimal ``81.54`` → ``81,5 %``."""
    return f"{fmt_number(share, decimals, sep)}{sep}%"


def fmt_andel(share: float, decimals: int = DESIMALER_TEKST, sep: str = THOUSANDS) -> str:
    """A share that never says a count is nothing or all: whole per cent, ``0.09`` →
    ``under 1 %`` and ``99.7`` → ``over 99 %``; with one decimal (tables) ``0.04`` →
    ``under 0,1 %`` and ``99.96`` → ``over 99,9 %``. The text, charts, alternative texts and
    tables all say shares this way."""
    step = 10.0**-decimals
    if 0 < share < step / 2:
        return f"under {fmt_number(step, decimals, sep)}{sep}%"
    if 100 - step / 2 <= share < 100:
        return f"over {fmt_number(100 - step, decimals, sep)}{sep}%"
    return fmt_pct(share, decimals, sep)


def fmt_andel_tekst(share: float, sep: str = THOUSANDS) -> str:
    """A share in running text, charts and key figures (whole per cent, :func:`fmt_andel`)."""
    return fmt_andel(share, DESIMALER_TEKST, sep)


def fmt_andel_tabell(share: float, sep: str = THOUSANDS) -> str:
    """A share in a table (one decimal, :func:`fmt_andel`)."""
    return fmt_andel(share, DESIMALER_TABELL, sep)


def fmt_date(value: dt.date) -> str:
    """``2015-05-19`` → ``19. mai 2015``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def fmt_list(items: list[str], conjunction: str = "og") -> str:
    """``a``, ``a og b``, ``a, b og c`` (``conjunction="eller"``: ``a, b eller c``)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
