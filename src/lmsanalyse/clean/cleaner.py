"""The cleaner: types one raw table, matches its kommuner, and finds what must be quarantined.

A value that is wrong while the rest of the row is usable (an unknown answer in an optional
column, one unmatched name in a list) is set to missing and recorded with ``niva = verdi``;
the row is still used. A row that cannot be used is quarantined (``niva = rad``). Columns the
contract marks as personal, and free-text comments, are never carried past this point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
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
from .issues import (
    EMPTY_ID,
    LIST_LEFT_OUT,
    LIST_UNKNOWN,
    MATCH_NOTE_FIELDS,
    REQUIRED_MISSING,
    ROW_LEVEL,
    VALUE_LEVEL,
    CleanedSource,
    Issue,
    note,
    notes_frame,
    row_level,
)
from .names import KommuneMatcher
from .non_data import NonData
from .row_checks import (
    conditional_required,
    duplicate_ids,
    entities,
    exact_copies,
    participant_issues,
    participants,
    same_service_twice,
    unreadable_lists,
)
from .value_parsers import parse_count, parse_datetime, sanitise_text


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
                int(k): note(fil, 0, col, uniques[k], resolved[k][2]) for k in np.unique(codes[at])
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
                    notes.append(note(fil, row_no, col, event[1], event[2]))
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
        bad_rows = row_level(issues)
        issues += duplicate_ids(typed, "svar_id", bad_rows)
        # Without a unit (its column is missing: validate reads on) a row cannot be used.
        bad_rows = row_level(issues) | set(typed.loc[typed["enhet"].isna(), ROW])
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        # Latest innsendt wins; on equal times the later row in the file wins.
        ok = ok.sort_values(["enhet", "innsendt", ROW])
        latest = ok.drop_duplicates("enhet", keep="last")
        merged = ok.loc[~ok.index.isin(latest.index)]
        out = latest.rename(columns={"enhet": "enhet_id"})
        out["antall_innsendinger"] = out["enhet_id"].map(ok["enhet"].value_counts()).astype("int64")
        out = out.sort_values("enhet_id").reset_index(drop=True)
        about = entities(typed, issues, "enhet", None)
        every = ok.rename(columns={"enhet": "enhet_id"})
        later = every["enhet_id"].map(latest.set_index("enhet")["svar_id"])
        every["erstattet_av"] = later.where(~every.index.isin(latest.index))
        every = every.sort_values(["enhet_id", "innsendt", ROW]).reset_index(drop=True)
        return CleanedSource(out, issues, len(merged), len(bad_rows), notes, about, every)

    def clean_ringerunde(self, table: RawTable) -> CleanedSource:
        """One row per call attempt; an exact repeat of a line is merged into the first."""
        typed, issues, notes = self._typed(table, RINGERUNDE, {"enhet": True}, ())
        bad_rows = row_level(issues)
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
        about = entities(typed, issues, "enhet", None)
        return CleanedSource(
            used, issues, int(exact_repeat.sum()), len(row_level(issues)), notes, about
        )

    def clean_intervju(self, table: RawTable) -> CleanedSource:
        """One row per interviewed service, with its participant kommuner checked."""
        typed, issues, notes = self._typed(
            table, INTERVJU, {"vertskommune": False}, ("deltakerkommuner",)
        )
        # A column missing from the whole file is reported once (keycolumns), not per row.
        missing = set(table.missing_columns)
        unreadable = unreadable_lists(issues, ("tilbudstyper", "diagnoser", "deltakerkommuner"))
        issues += conditional_required(typed, missing, unreadable)
        if "deltakerkommuner" not in missing:
            issues += participant_issues(typed, self.matcher.kommune_of)
        bad_rows = row_level(issues)
        issues += duplicate_ids(typed, "tjeneste_id", bad_rows)
        issues += same_service_twice(typed, row_level(issues))
        bad_rows = row_level(issues)
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        ok["deltakerkommuner"] = [
            participants(host, org, listed)
            for host, org, listed in zip(
                ok["vertskommune"], ok["organisering"], ok["deltakerkommuner"], strict=True
            )
        ]
        ok["ulesbare"] = [unreadable.get(int(r), []) for r in ok[ROW]]
        ok = ok.rename(columns={"vertskommune": "vertskommune_id"})
        ok = ok.sort_values("tjeneste_id").reset_index(drop=True)
        about = entities(typed, issues, "vertskommune", "tjeneste_id")
        return CleanedSource(ok, issues, 0, len(bad_rows), notes, about)


_CONTRACT_VALUES = {
    value.casefold()
    for source in (RADMANN, RINGERUNDE, INTERVJU)
    for column in source.columns
    for value in column.values
}
