"""Checks across the rows of one source: copies, ids used twice, one service interviewed
twice under two ids, answers required only when another answer is given, participant lists.
Each gives :class:`~.issues.Issue` s; the cleaner decides what they do to the rows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..ingest.raw_table import ROW
from ..problems import message, q
from .issues import (
    LIST_LEFT_OUT,
    LIST_UNKNOWN,
    REQUIRED_WHEN_STARTED,
    ROW_LEVEL,
    VALUE_LEVEL,
    Issue,
)


def entities(
    typed: pd.DataFrame, issues: list[Issue], unit_col: str, id_col: str | None
) -> dict[int, tuple[str | None, str | None]]:
    """Row → (enhet_id, tjeneste_id) of every row with an issue, as far as they could be read."""
    # A row that is no data (a totals row, a test submission) is about no unit or service.
    rows = {i.rad for i in issues if i.arsak.kode != "ikke_data"}
    if not rows:
        return {}
    part = typed.loc[typed[ROW].isin(rows)]
    units = part[unit_col] if unit_col in part else [None] * len(part)
    ids = part[id_col] if id_col and id_col in part else [None] * len(part)
    return {
        int(r): (u if isinstance(u, str) else None, t if isinstance(t, str) else None)
        for r, u, t in zip(part[ROW], units, ids, strict=True)
    }


def unreadable_lists(issues: list[Issue], columns: tuple[str, ...]) -> dict[int, list[str]]:
    """Per row, the list columns with an item that could not be read (a value problem)."""
    out: dict[int, list[str]] = {}
    for issue in issues:
        if (
            issue.niva == VALUE_LEVEL
            and issue.kolonne in columns
            and issue.arsak.kode in (LIST_UNKNOWN, LIST_LEFT_OUT)
        ):
            cols = out.setdefault(issue.rad, [])
            if issue.kolonne not in cols:
                cols.append(issue.kolonne)
    return {row: sorted(cols) for row, cols in out.items()}


def exact_copies(data: pd.DataFrame) -> set[int]:
    """Row numbers of rows whose every contract column equals an earlier row's."""
    content = [c for c in data.columns if c != ROW]
    if data.empty or not content:
        return set()
    repeated = (
        data.astype(object).where(data.notna(), None).duplicated(subset=content, keep="first")
    )
    return set(data.loc[repeated, ROW].astype(int))


def duplicate_ids(typed: pd.DataFrame, id_col: str, bad_rows: set[int]) -> list[Issue]:
    """Rows sharing an id: all are quarantined, since which one is right cannot be known."""
    candidates = typed.loc[~typed[ROW].isin(bad_rows) & typed[id_col].notna()]
    dup = candidates.loc[candidates[id_col].duplicated(keep=False)]
    issues = []
    for ident, group in dup.groupby(id_col, sort=True):
        rows = ", ".join(str(r) for r in sorted(group[ROW]))
        for row_no in group[ROW]:
            issues.append(
                Issue(
                    int(row_no),
                    id_col,
                    ROW_LEVEL,
                    message("dobbel_id", f"{id_col} ", q(ident), f" går igjen i radene {rows}"),
                )
            )
    return issues


def conditional_required(
    typed: pd.DataFrame, absent: set[str], unreadable: dict[int, list[str]]
) -> list[Issue]:
    """Columns the contract requires only when the service has started (``i_gang`` = Ja).

    A list whose items could not be read was answered: it is not missing (the rules that
    read it say they cannot be decided instead).
    """
    issues = []
    started = typed["i_gang"] == "Ja"
    for col in ("tilbudstyper", "rekruttering"):
        if col in absent:
            continue
        answered = typed[ROW].map(lambda row, col=col: col in unreadable.get(int(row), []))
        empty = started & ~answered & typed[col].map(lambda v: v is None or v == [])
        for row_no in typed.loc[empty, ROW]:
            issues.append(Issue(int(row_no), col, ROW_LEVEL, REQUIRED_WHEN_STARTED))
    return issues


def participant_issues(typed: pd.DataFrame, kommune_of: Callable[[str], str]) -> list[Issue]:
    """Check participant lists against ``organisering``.

    An interkommunal service needs a participant in another kommune than its host. Oslo's
    bydeler are one kommune (0301): a service shared only by bydeler is not interkommunal.
    """
    issues = []
    for row_no, host, org, listed in zip(
        typed[ROW],
        typed["vertskommune"],
        typed["organisering"],
        typed["deltakerkommuner"],
        strict=True,
    ):
        listed = listed or []
        if org == "interkommunal":
            others = [u for u in listed if u != host]
            other_kommuner = {kommune_of(u) for u in others} - {kommune_of(host) if host else None}
            if not others:
                issues.append(
                    Issue(
                        int(row_no),
                        "deltakerkommuner",
                        ROW_LEVEL,
                        message(
                            "uten_deltakere",
                            "interkommunal tjeneste uten andre deltakerkommuner enn vertskommunen",
                        ),
                    )
                )
            elif not other_kommuner:
                issues.append(
                    Issue(
                        int(row_no),
                        "deltakerkommuner",
                        ROW_LEVEL,
                        message(
                            "deltakere_i_samme_kommune",
                            "interkommunal tjeneste der alle deltakerne er i samme kommune som "
                            "vertskommunen (Oslos bydeler er én kommune, 0301)",
                        ),
                    )
                )
            elif host is not None and host not in listed:
                issues.append(
                    Issue(
                        int(row_no),
                        "deltakerkommuner",
                        VALUE_LEVEL,
                        message(
                            "vert_lagt_til", "vertskommunen manglet i deltakerlisten; lagt til"
                        ),
                    )
                )
        elif org == "kommunal" and any(u != host for u in listed):
            issues.append(
                Issue(
                    int(row_no),
                    "deltakerkommuner",
                    VALUE_LEVEL,
                    message(
                        "kommunal_med_liste",
                        "kommunal tjeneste med deltakerliste; listen er ikke brukt",
                    ),
                )
            )
    return issues


def participants(host: str, org: str, listed: list[str] | None) -> list[str]:
    """Participating units: the host first, then the listed others (a kommunal service: the host)."""
    if org != "interkommunal":
        return [host]
    return [host] + [u for u in (listed or []) if u != host]


# What makes two interviews the same service: everything they say, but the id, the interview
# itself (who, when) and the leader's contact (personal).
_NOT_CONTENT = {"tjeneste_id", "intervjuer", "intervjudato", "leder_navn", "leder_telefon"}


def _content_key(value: object) -> object:
    """A cell as compared for sameness: a list as the set of its items, text in one case."""
    if isinstance(value, list | tuple):
        return tuple(sorted(str(v) for v in value))
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return None if pd.isna(value) else value


def same_service_twice(typed: pd.DataFrame, bad_rows: set[int]) -> list[Issue]:
    """An interview that says everything another one says, under another id (the same service
    registered twice): the later row is quarantined, so the service counts once."""
    ok = typed.loc[~typed[ROW].isin(bad_rows) & typed["tjeneste_id"].notna()]
    content = [c for c in ok.columns if c != ROW and c not in _NOT_CONTENT]
    if len(ok) < 2 or not content:
        return []
    keys = ok[content].map(_content_key)
    first: dict[tuple, tuple[int, str]] = {}
    issues = []
    for row_no, ident, key in zip(
        ok[ROW], ok["tjeneste_id"], keys.itertuples(index=False, name=None), strict=True
    ):
        if key not in first:
            first[key] = (int(row_no), ident)
            continue
        earlier_row, earlier_id = first[key]
        issues.append(
            Issue(
                int(row_no),
                "tjeneste_id",
                ROW_LEVEL,
                message(
                    "samme_tjeneste",
                    "tjenesten ser ut til å være intervjuet to ganger: samme navn, vertskommune "
                    f"og svar som {earlier_id} (rad {earlier_row}) under en annen id (",
                    q(ident),
                    "); bare den første er brukt",
                ),
            )
        )
    return issues
