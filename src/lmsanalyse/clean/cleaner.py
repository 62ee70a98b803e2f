"""The cleaner: types one raw table, matches its kommuner, and finds what must be quarantined.

A value that is wrong while the rest of the row is usable (an unknown answer in an optional
column, one unmatched name in a list) is set to missing and recorded with ``niva = verdi``;
the row is still used. A row that cannot be used is quarantined (``niva = rad``). Columns the
contract marks as personal, and free-text comments, are never carried past this point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import reference
from ..contract import INTERVJU, RADMANN, RINGERUNDE, Column, Source
from ..distinct import codes_of
from ..ingest.raw_table import ROW, RawTable
from ..norsk import fmt_int
from ..problems import Message, message, q
from ..spelling import canonical_answer, split_enum_list
from .names import KommuneMatcher
from .non_data import NonData
from .values import parse_count, parse_datetime, sanitise_text, short

ROW_LEVEL = "rad"
VALUE_LEVEL = "verdi"
# Messages without raw values, and the codes of the list problems the rules look for.
REQUIRED_MISSING = message("pakrevd_verdi_mangler", "påkrevd verdi mangler")
REQUIRED_WHEN_STARTED = message("pakrevd_i_gang", "påkrevd når i_gang = Ja, men mangler")
EMPTY_ID = message("tom_id", "tom id")
LIST_UNKNOWN, LIST_LEFT_OUT = "ukjente_listeverdier", "listeelement_utelatt"


@dataclass
class Issue:
    """A problem with one cell, before it is written to ``quarantine.csv``: its reason is a
    :class:`~lmsanalyse.problems.Message` (code, template, the raw values as fields), shown
    as it is by ``validate`` and masked in the outputs."""

    rad: int
    kolonne: str | None
    niva: str
    arsak: Message


@dataclass
class CleanedSource:
    """Result of cleaning one raw source."""

    table: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    merged: int = 0
    quarantined_rows: int = 0
    # The names read another way than by their exact name (MATCH_NOTE_FIELDS), by row.
    match_notes: pd.DataFrame = field(default_factory=lambda: notes_frame([]))
    # For each row with an issue: the unit (enhet_id) and the service (tjeneste_id) it is
    # about, where they could be read, so the audit can name what a quarantined row held.
    entities: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    # The questionnaire only: every usable submission, the superseded ones too (erstattet_av).
    submissions: pd.DataFrame | None = None


# ---------------------------------------------------------------- value parsers


class Cleaner:
    """Cleans the three raw tables against the register.

    Args:
        matcher: kommune/bydel name matcher built from the reference data.
        units: the 442 questionnaire units (:func:`reference.load_enheter`).
    """

    def __init__(self, matcher: KommuneMatcher, units: pd.DataFrame):
        self.matcher = matcher
        self.unit_ids = set(units["enhet_id"])

    @classmethod
    def from_reference(cls, ref_dir: Path, fuzzy_threshold: float, fuzzy_margin: float) -> Cleaner:
        """A cleaner for the 2014 register in ``ref_dir``."""
        matcher = KommuneMatcher.from_reference(ref_dir, fuzzy_threshold, fuzzy_margin)
        return cls(matcher, reference.load_enheter(ref_dir))

    def is_known_text(self, text: str) -> bool:
        """Whether a text is a name of the register or an answer of the contract (no free text)."""
        if self.matcher.is_known_name(text):
            return True
        key = " ".join(text.split()).casefold()
        return key in _CONTRACT_VALUES

    def clean(self, table: RawTable) -> CleanedSource:
        """Clean one raw table according to its source.

        A row that is an exact copy of an earlier one (every contract column the same: a
        line exported or pasted twice) is merged into it first, so that a copy never makes
        an id look duplicated with different content.
        """
        by_source = {
            RADMANN.name: self.clean_radmann,
            RINGERUNDE.name: self.clean_ringerunde,
            INTERVJU.name: self.clean_intervju,
        }
        copies = exact_copies(table.data)
        if not copies:
            return by_source[table.source](table)
        kept = table.data.loc[~table.data[ROW].isin(copies)].reset_index(drop=True)
        cleaned = by_source[table.source](
            dataclasses.replace(
                table,
                data=kept,
                cell_issues=[i for i in table.cell_issues if i[0] not in copies],
                row_issues=[i for i in table.row_issues if i[0] not in copies],
            )
        )
        cleaned.merged += len(copies)
        return cleaned

    # -- generic column handling -------------------------------------------------

    def _column_values(
        self, raw: pd.DataFrame, col: Column, issues: list[Issue], column_present: bool
    ) -> pd.Series:
        """Typed values of one column; records issues for values that cannot be read.

        Each distinct text is parsed once; large exports repeat the same few values.
        """
        parser = self._parsers()[col.kind]
        values = raw[col.name]
        coded = codes_of(values)
        if coded is None:  # not hashable: not a raw table's text
            raise TypeError(f"kolonne {col.name}: verdiene er ikke tekst")
        codes, uniques = coded
        present = ~pd.isna(uniques)
        results = [
            parser(v, col) if has else (None, None) for v, has in zip(uniques, present, strict=True)
        ]
        table = np.empty(len(uniques), dtype=object)
        table[:] = [value for value, _ in results]
        out = table[codes]
        # A required column whose cells may be blank (har_tjeneste) is read as optional.
        strict = col.required == "yes" and not col.blank_ok
        level = ROW_LEVEL if strict else VALUE_LEVEL
        errors = [error for _, error in results]
        # A column missing from the whole file is reported once, not per row.
        report_missing = strict and column_present
        flagged = np.array([e is not None for e in errors], dtype=bool)
        if report_missing:
            flagged |= ~present
        if flagged.any():
            messages = [
                (ROW_LEVEL, REQUIRED_MISSING) if not has else (level, error)
                for has, error in zip(present, errors, strict=True)
            ]
            rows = raw[ROW].tolist()
            for i in np.flatnonzero(flagged[codes]):
                niva, arsak = messages[codes[i]]
                issues.append(Issue(rows[i], col.name, niva, arsak))
        return pd.Series(out, index=raw.index, dtype=object)

    def _parsers(self) -> dict[str, Callable[[str, Column], tuple[object, Message | None]]]:
        return {
            "id": lambda v, c: (sanitise_text(v), None if sanitise_text(v) else EMPTY_ID),
            "text": lambda v, c: (sanitise_text(v), None),
            "datetime": self._parse_datetime,
            "date": self._parse_date,
            "enum": self._parse_enum,
            "enum_list": self._parse_enum_list,
            "int": self._parse_int,
        }

    @staticmethod
    def _parse_datetime(value: str, col: Column) -> tuple[object, Message | None]:
        parsed = parse_datetime(value)
        if parsed is None:
            return None, message(
                "ikke_tidspunkt",
                q(value),
                " er ikke et tidspunkt (bruk ISO 8601 eller dd.mm.åååå tt:mm)",
            )
        return parsed, None

    @staticmethod
    def _parse_date(value: str, col: Column) -> tuple[object, Message | None]:
        parsed = parse_datetime(value, with_time=False)
        if parsed is None:
            return None, message(
                "ikke_dato", q(value), " er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)"
            )
        return parsed.date(), None

    @staticmethod
    def _parse_enum(value: str, col: Column) -> tuple[object, Message | None]:
        answer = canonical_answer(value, col.values)
        if answer is None:
            allowed = ", ".join(f"'{v}'" for v in col.values)
            return None, message("ukjent_svar", "ukjent svar ", q(value), f" (tillatt: {allowed})")
        return answer, None

    @staticmethod
    def _parse_enum_list(value: str, col: Column) -> tuple[object, Message | None]:
        items, unknown = [], []
        for piece in split_enum_list(value, col.values):
            answer = canonical_answer(piece, col.values)
            if answer is None:
                unknown.append(piece)
            elif answer not in items:
                items.append(answer)
        if unknown:
            bad = [part for u in unknown for part in (", ", q(u))][1:]
            # The known items are kept; the unknown ones are reported as a value problem.
            return (items or None), message(LIST_UNKNOWN, "ukjente verdier i listen: ", *bad)
        return items, None

    @staticmethod
    def _parse_int(value: str, col: Column) -> tuple[object, Message | None]:
        parsed = parse_count(value)
        if parsed is None or parsed < col.minimum:
            return None, message("ikke_heltall", q(value), f" er ikke et heltall ≥ {col.minimum}")
        if parsed > col.maximum:
            return None, message(
                "urimelig_stort",
                q(value),
                f" er urimelig stort for {col.name} "
                f"(største tillatte verdi er {fmt_int(col.maximum, ' ')})",
            )
        return parsed, None

    # -- kommune matching ------------------------------------------------------

    def _match_column(
        self,
        raw: pd.DataFrame,
        col: str,
        fil: str,
        issues: list[Issue],
        notes: list[dict | pd.DataFrame],
        questionnaire_unit: bool,
        column_present: bool = True,
    ) -> pd.Series:
        """Match a unit column; unmatched values quarantine the row (the unit is required)."""
        values = raw[col]
        coded = codes_of(values)
        if coded is None:  # not hashable: not a raw table's text
            raise TypeError(f"kolonne {col}: verdiene er ikke tekst")
        codes, uniques = coded
        # Each distinct text is matched once: (enhet_id or None, problem or None, match).
        resolved: list[tuple[str | None, Message | None, object]] = []
        for value in uniques:
            if pd.isna(value):
                resolved.append((None, REQUIRED_MISSING if column_present else None, None))
                continue
            m = self.matcher.match(value)
            if not m.ok:
                resolved.append((None, m.melding or message("ukjent_navn", "ukjent kommune"), m))
            elif questionnaire_unit and m.enhet_id not in self.unit_ids:
                resolved.append(
                    (
                        None,
                        message(
                            "ikke_enhet",
                            q(value),
                            " er ikke en enhet i undersøkelsen (Oslo svarte per bydel; oppgi "
                            "bydelen)",
                        ),
                        m,
                    )
                )
            else:
                resolved.append((m.enhet_id, None, m))
        table = np.empty(len(uniques), dtype=object)
        table[:] = [enhet_id for enhet_id, _, _ in resolved]
        problem = np.array([p is not None for _, p, _ in resolved], dtype=bool)
        rows = raw[ROW].tolist()
        for i in np.flatnonzero(problem[codes]):
            issues.append(Issue(rows[i], col, ROW_LEVEL, resolved[codes[i]][1]))
        # A name read by another method than its exact name (a number, a spelling) is noted.
        noted = np.array(
            [p is None and m is not None and m.metode != "navn" for _, p, m in resolved],
            dtype=bool,
        )
        at = np.flatnonzero(noted[codes])
        if len(at):
            per_value = {
                int(k): _note(fil, 0, col, uniques[k], resolved[k][2]) for k in np.unique(codes[at])
            }
            note_codes = codes[at]
            keys = np.fromiter(per_value, dtype=np.int64)
            pick = np.searchsorted(keys, note_codes)
            block = {
                name: np.array([per_value[int(k)][name] for k in keys], dtype=object)[pick]
                for name in MATCH_NOTE_FIELDS
                if name != "rad"
            }
            block["rad"] = np.asarray(rows, dtype=np.int64)[at]
            notes.append(pd.DataFrame(block)[list(MATCH_NOTE_FIELDS)])
        return pd.Series(table[codes], index=raw.index, dtype=object)

    def _match_list(
        self, raw: pd.DataFrame, col: str, fil: str, issues: list[Issue], notes: list
    ) -> pd.Series:
        """Match every entry of a list cell; unmatched entries are value-level problems.

        Each distinct cell text is split and matched once; its problems and notes are then
        given to each row that holds it.
        """
        values = raw[col]
        coded = codes_of(values)
        if coded is None:  # not hashable: not a raw table's text
            raise TypeError(f"kolonne {col}: verdiene er ikke tekst")
        codes, uniques = coded
        table = np.empty(len(uniques), dtype=object)
        # Per distinct text: what each row holding it adds, in order ("issue", reason) or
        # ("note", piece, match).
        events: list[list[tuple]] = []
        for k, value in enumerate(uniques):
            if value is None:
                table[k] = None
                events.append([])
                continue
            ids: list[str] = []
            found: list[tuple] = []
            for piece in self.matcher.split_list(value):
                m = self.matcher.match(piece)
                if not m.ok:
                    found.append(
                        ("issue", m.melding.after("listeelement utelatt: ", LIST_LEFT_OUT))
                    )
                    continue
                if m.metode != "navn":
                    found.append(("note", piece, m))
                if m.enhet_id in ids:
                    found.append(
                        (
                            "issue",
                            message(
                                "dobbelt_i_listen",
                                q(piece),
                                " står to ganger i listen; telt én gang",
                            ),
                        )
                    )
                    continue
                ids.append(m.enhet_id)
            table[k] = ids
            events.append(found)
        eventful = np.array([bool(e) for e in events], dtype=bool)
        rows = raw[ROW].tolist()
        for i in np.flatnonzero(eventful[codes]):
            row_no = rows[i]
            for event in events[codes[i]]:
                if event[0] == "issue":
                    issues.append(Issue(row_no, col, VALUE_LEVEL, event[1]))
                else:
                    notes.append(_note(fil, row_no, col, event[1], event[2]))
        return pd.Series(table[codes], index=raw.index, dtype=object)

    def _typed(
        self,
        table: RawTable,
        source: Source,
        unit_columns: dict[str, bool],
        list_columns: tuple[str, ...],
    ) -> tuple[pd.DataFrame, list[Issue], pd.DataFrame]:
        raw = table.data
        fil = table.fil
        # Values an import map could not read (a code without a label …).
        issues = [Issue(rad, col, VALUE_LEVEL, arsak) for rad, col, arsak in table.cell_issues]
        notes: list[dict | pd.DataFrame] = []
        typed = pd.DataFrame({ROW: raw[ROW]})
        for col in source.columns:
            if col.never_output:
                continue  # personal data and free text are not carried past this point
            present = col.name not in table.missing_columns
            if col.name in unit_columns:
                typed[col.name] = self._match_column(
                    raw, col.name, fil, issues, notes, unit_columns[col.name], present
                )
            elif col.name in list_columns:
                typed[col.name] = self._match_list(raw, col.name, fil, issues, notes)
            else:
                typed[col.name] = self._column_values(raw, col, issues, present)
        # A row the reader could not line up with the header, and a row that is no data (a
        # totals row, a test submission …), is quarantined for that alone: what its cells say
        # is not judged.
        whole_row = [
            Issue(rad, col, ROW_LEVEL, message("feil_antall_felt", arsak))
            for rad, col, arsak in table.row_issues
        ]
        unfit = {i.rad for i in whole_row}
        not_data = NonData(table, self._is_unit, table.utelat_hint).rows()
        whole_row += [
            Issue(r, None, ROW_LEVEL, why) for r, why in not_data.items() if r not in unfit
        ]
        frame = notes_frame(notes)
        if whole_row:
            rows = {i.rad for i in whole_row}
            issues = [i for i in issues if i.rad not in rows] + whole_row
            frame = frame.loc[~frame["rad"].isin(rows)].reset_index(drop=True)
        return typed, issues, frame

    def _is_unit(self, text: str) -> bool:
        return self.matcher.match(text).ok

    # -- the three sources -----------------------------------------------------

    def clean_radmann(self, table: RawTable) -> CleanedSource:
        """One row per questionnaire unit: the latest submission wins, earlier ones are merged."""
        typed, issues, notes = self._typed(table, RADMANN, {"enhet": True}, ("samarbeidskommuner",))
        bad_rows = _row_level(issues)
        issues += _duplicate_ids(typed, "svar_id", bad_rows)
        # Without a unit (its column is missing: validate reads on) a row cannot be used.
        bad_rows = _row_level(issues) | set(typed.loc[typed["enhet"].isna(), ROW])
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        # Latest innsendt wins; on equal times the later row in the file wins.
        ok = ok.sort_values(["enhet", "innsendt", ROW])
        latest = ok.drop_duplicates("enhet", keep="last")
        merged = ok.loc[~ok.index.isin(latest.index)]
        out = latest.rename(columns={"enhet": "enhet_id"})
        out["antall_innsendinger"] = out["enhet_id"].map(ok["enhet"].value_counts()).astype("int64")
        out = out.sort_values("enhet_id").reset_index(drop=True)
        entities = _entities(typed, issues, "enhet", None)
        every = ok.rename(columns={"enhet": "enhet_id"})
        later = every["enhet_id"].map(latest.set_index("enhet")["svar_id"])
        every["erstattet_av"] = later.where(~every.index.isin(latest.index))
        every = every.sort_values(["enhet_id", "innsendt", ROW]).reset_index(drop=True)
        return CleanedSource(out, issues, len(merged), len(bad_rows), notes, entities, every)

    def clean_ringerunde(self, table: RawTable) -> CleanedSource:
        """One row per call attempt; an exact repeat of a line is merged into the first."""
        typed, issues, notes = self._typed(table, RINGERUNDE, {"enhet": True}, ())
        bad_rows = _row_level(issues)
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        content = ["enhet", "dato", "forsok", "kontaktpunkt", "utfall"]
        exact_repeat = ok.duplicated(subset=content, keep="first")
        ok_unique = ok.loc[~exact_repeat]
        # Two different lines for the same attempt of the same unit: which one is true is
        # unknown, so neither is guessed.
        # A key missing because its whole column is (validate reads on) cannot clash.
        keyed = ok_unique["enhet"].notna() & ok_unique["forsok"].notna()
        clash = keyed & ok_unique.duplicated(subset=["enhet", "forsok"], keep=False)
        for row_no, forsok in zip(
            ok_unique.loc[clash, ROW], ok_unique.loc[clash, "forsok"], strict=True
        ):
            issues.append(
                Issue(
                    int(row_no),
                    "forsok",
                    ROW_LEVEL,
                    message(
                        "forsok_ulikt_innhold",
                        f"forsøk {forsok} for samme enhet står med ulikt innhold i flere rader",
                    ),
                )
            )
        used = ok_unique.loc[~clash].rename(columns={"enhet": "enhet_id"})
        used = used.sort_values(["enhet_id", "forsok", ROW]).reset_index(drop=True)
        entities = _entities(typed, issues, "enhet", None)
        return CleanedSource(
            used, issues, int(exact_repeat.sum()), len(_row_level(issues)), notes, entities
        )

    def clean_intervju(self, table: RawTable) -> CleanedSource:
        """One row per interviewed service, with its participant kommuner checked."""
        typed, issues, notes = self._typed(
            table, INTERVJU, {"vertskommune": False}, ("deltakerkommuner",)
        )
        # A column missing from the whole file is reported once (keycolumns), not per row.
        missing = set(table.missing_columns)
        unreadable = _unreadable_lists(issues, ("tilbudstyper", "diagnoser", "deltakerkommuner"))
        issues += _conditional_required(typed, missing, unreadable)
        if "deltakerkommuner" not in missing:
            issues += _participant_issues(typed, self.matcher.kommune_of)
        bad_rows = _row_level(issues)
        issues += _duplicate_ids(typed, "tjeneste_id", bad_rows)
        bad_rows = _row_level(issues)
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        ok["deltakerkommuner"] = [
            _participants(host, org, listed)
            for host, org, listed in zip(
                ok["vertskommune"], ok["organisering"], ok["deltakerkommuner"], strict=True
            )
        ]
        ok["ulesbare"] = [unreadable.get(int(r), []) for r in ok[ROW]]
        ok = ok.rename(columns={"vertskommune": "vertskommune_id"})
        ok = ok.sort_values("tjeneste_id").reset_index(drop=True)
        entities = _entities(typed, issues, "vertskommune", "tjeneste_id")
        return CleanedSource(ok, issues, 0, len(bad_rows), notes, entities)


MATCH_NOTE_FIELDS = (
    "fil",
    "rad",
    "kolonne",
    "skrevet",
    "enhet_id",
    "metode",
    "merknad",
    "likhet",
)


def notes_frame(notes: list[dict | pd.DataFrame]) -> pd.DataFrame:
    """Match notes (single ones as dicts, a column's as a frame) as one frame, in order."""
    parts: list[pd.DataFrame] = []
    run: list[dict] = []
    for note in notes:
        if isinstance(note, dict):
            run.append(note)
            continue
        if run:
            parts.append(pd.DataFrame(run, columns=list(MATCH_NOTE_FIELDS)))
            run = []
        parts.append(note)
    if run:
        parts.append(pd.DataFrame(run, columns=list(MATCH_NOTE_FIELDS)))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame([], columns=list(MATCH_NOTE_FIELDS))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _note(fil: str, row_no: int, col: str, typed_text: str, m) -> dict:
    return {
        "fil": fil,
        "rad": int(row_no),
        "kolonne": col,
        "skrevet": short(typed_text),
        "enhet_id": m.enhet_id,
        "metode": m.metode,
        "merknad": str(m.melding or ""),
        "likhet": m.likhet,
    }


def _row_level(issues: list[Issue]) -> set[int]:
    return {i.rad for i in issues if i.niva == ROW_LEVEL}


def _entities(
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


def _unreadable_lists(issues: list[Issue], columns: tuple[str, ...]) -> dict[int, list[str]]:
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


_CONTRACT_VALUES = {
    value.casefold()
    for source in (RADMANN, RINGERUNDE, INTERVJU)
    for column in source.columns
    for value in column.values
}


def exact_copies(data: pd.DataFrame) -> set[int]:
    """Row numbers of rows whose every contract column equals an earlier row's."""
    content = [c for c in data.columns if c != ROW]
    if data.empty or not content:
        return set()
    repeated = (
        data.astype(object).where(data.notna(), None).duplicated(subset=content, keep="first")
    )
    return set(data.loc[repeated, ROW].astype(int))


def _duplicate_ids(typed: pd.DataFrame, id_col: str, bad_rows: set[int]) -> list[Issue]:
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


def _conditional_required(
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


def _participant_issues(typed: pd.DataFrame, kommune_of: Callable[[str], str]) -> list[Issue]:
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


def _participants(host: str, org: str, listed: list[str] | None) -> list[str]:
    """Participating units: the host first, then the listed others (a kommunal service: the host)."""
    if org != "interkommunal":
        return [host]
    return [host] + [u for u in (listed or []) if u != host]
