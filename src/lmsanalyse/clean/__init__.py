"""Clean: type the raw text tables, match kommuner, collapse duplicates, drop personal data.

Every raw row ends up in exactly one of three places, which ``row_accounting.csv`` counts:

* ``brukt`` (used): it is in the cleaned table;
* ``slått sammen`` (merged): it is an earlier or identical copy of a used row
  (a corrected questionnaire submission, a repeated call-log line);
* ``karantene`` (quarantined): it cannot be used as it is; ``quarantine.csv`` says why,
  naming file, row and column.

A value that is wrong while the rest of the row is usable (an unknown answer in an optional
column, one unmatched name in a list) is set to missing and recorded in ``quarantine.csv``
with ``niva = verdi``; the row is still used. Columns the contract marks as personal, and
free-text comments, are never copied into any output.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from .. import reference
from ..contract import INTERVJU, RADMANN, RINGERUNDE, SOURCES, Column, Source
from ..ingest import ROW, RawTable
from ..outputs import sha256_file, write_csv, write_parquet
from .names import KommuneMatcher

log = logging.getLogger(__name__)

ROW_LEVEL = "rad"
VALUE_LEVEL = "verdi"

QUARANTINE_COLUMNS = ["fil", "rad", "kolonne", "niva", "arsak"]
ACCOUNTING_COLUMNS = [
    "kilde",
    "fil",
    "format",
    "skilletegn",
    "sha256",
    "rader_inn",
    "brukt",
    "slatt_sammen",
    "karantene",
    "tomme_rader",
    "ignorerte_kolonner",
]
MATCH_NOTE_COLUMNS = ["fil", "rad", "kolonne", "skrevet", "enhet_id", "metode", "merknad"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_SPLIT = re.compile(r"\s*(?:;|,|\r\n?|\n)\s*")
_OG = re.compile(r"\s+og\s+", flags=re.IGNORECASE)
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


@dataclass
class Issue:
    """A problem with one cell, before it is written to ``quarantine.csv``."""

    rad: int
    kolonne: str
    niva: str
    arsak: str


@dataclass
class CleanedSource:
    """Result of cleaning one raw source."""

    table: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    merged: int = 0
    quarantined_rows: int = 0
    match_notes: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------- value parsers


def sanitise_text(value: object) -> str | None:
    """Text as it may be written out: control characters removed, NFC, trimmed; blank → None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = unicodedata.normalize("NFC", _CONTROL.sub("", str(value))).strip()
    return text or None


def canonical_answer(value: str, allowed: tuple[str, ...]) -> str | None:
    """Return the contract spelling of an answer (case and surrounding space ignored), or None."""
    key = " ".join(value.split()).casefold()
    for option in allowed:
        if option.casefold() == key:
            return option
    return None


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
    """An integer ≥ 0 (``3``, ``3.0`` from Excel); None otherwise."""
    text = value.strip()
    if not _INT.match(text):
        return None
    return int(float(text))


def split_enum_list(value: str, allowed: tuple[str, ...]) -> list[str]:
    """Split a list cell of answer values on ``;``, ``,``, line breaks and `` og ``.

    Values may themselves contain `` og `` (``hjerte og kar``): the `` og ``-separated parts
    of a piece are joined back, longest first, wherever the joined text is an allowed value
    (``diabetes og hjerte og kar`` → ``diabetes``, ``hjerte og kar``).
    """
    pieces = []
    for piece in _LIST_SPLIT.split(value.strip()):
        if not piece:
            continue
        parts = [p for p in _OG.split(piece) if p]
        i = 0
        while i < len(parts):
            # The longest run of parts that is an allowed value; else the part alone.
            for j in range(len(parts), i, -1):
                joined = " og ".join(parts[i:j])
                if j == i + 1 or canonical_answer(joined, allowed) is not None:
                    pieces.append(joined)
                    i = j
                    break
    return pieces


# ---------------------------------------------------------------- the cleaner


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

    def clean(self, table: RawTable) -> CleanedSource:
        """Clean one raw table according to its source."""
        by_source = {
            RADMANN.name: self.clean_radmann,
            RINGERUNDE.name: self.clean_ringerunde,
            INTERVJU.name: self.clean_intervju,
        }
        return by_source[table.source](table)

    # -- generic column handling -------------------------------------------------

    def _column_values(
        self, raw: pd.DataFrame, col: Column, issues: list[Issue], column_present: bool
    ) -> pd.Series:
        """Typed values of one column; records issues for values that cannot be read.

        Each distinct text is parsed once; large exports repeat the same few values.
        """
        parser = self._parsers()[col.kind]
        values = raw[col.name]
        present = values.notna()
        parsed = {v: parser(v, col) for v in pd.unique(values[present])}
        out = [parsed[v][0] if has else None for v, has in zip(values, present, strict=True)]
        level = ROW_LEVEL if col.required == "yes" else VALUE_LEVEL
        bad = {v: error for v, (_, error) in parsed.items() if error is not None}
        # A column missing from the whole file is reported once, not per row.
        report_missing = col.required == "yes" and column_present
        if bad or (report_missing and not present.all()):
            for row_no, v, has in zip(raw[ROW], values, present, strict=True):
                if not has:
                    if report_missing:
                        issues.append(Issue(row_no, col.name, ROW_LEVEL, "påkrevd verdi mangler"))
                elif v in bad:
                    issues.append(Issue(row_no, col.name, level, bad[v]))
        return pd.Series(out, index=raw.index, dtype=object)

    def _parsers(self) -> dict[str, Callable[[str, Column], tuple[object, str | None]]]:
        return {
            "id": lambda v, c: (sanitise_text(v), None if sanitise_text(v) else "tom id"),
            "text": lambda v, c: (sanitise_text(v), None),
            "datetime": self._parse_datetime,
            "date": self._parse_date,
            "enum": self._parse_enum,
            "enum_list": self._parse_enum_list,
            "int": self._parse_int,
        }

    @staticmethod
    def _parse_datetime(value: str, col: Column) -> tuple[object, str | None]:
        parsed = parse_datetime(value)
        if parsed is None:
            return (
                None,
                f"'{_short(value)}' er ikke et tidspunkt (bruk ISO 8601 eller dd.mm.åååå tt:mm)",
            )
        return parsed, None

    @staticmethod
    def _parse_date(value: str, col: Column) -> tuple[object, str | None]:
        parsed = parse_datetime(value, with_time=False)
        if parsed is None:
            return None, f"'{_short(value)}' er ikke en dato (bruk ISO 8601 eller dd.mm.åååå)"
        return parsed.date(), None

    @staticmethod
    def _parse_enum(value: str, col: Column) -> tuple[object, str | None]:
        answer = canonical_answer(value, col.values)
        if answer is None:
            allowed = ", ".join(f"'{v}'" for v in col.values)
            return None, f"ukjent svar '{_short(value)}' (tillatt: {allowed})"
        return answer, None

    @staticmethod
    def _parse_enum_list(value: str, col: Column) -> tuple[object, str | None]:
        items, unknown = [], []
        for piece in split_enum_list(value, col.values):
            answer = canonical_answer(piece, col.values)
            if answer is None:
                unknown.append(piece)
            elif answer not in items:
                items.append(answer)
        if unknown:
            bad = ", ".join(f"'{_short(u)}'" for u in unknown)
            # The known items are kept; the unknown ones are reported as a value problem.
            return (items or None), f"ukjente verdier i listen: {bad}"
        return items, None

    @staticmethod
    def _parse_int(value: str, col: Column) -> tuple[object, str | None]:
        parsed = parse_count(value)
        if parsed is None or parsed < col.minimum:
            return None, f"'{_short(value)}' er ikke et heltall ≥ {col.minimum}"
        return parsed, None

    # -- kommune matching ------------------------------------------------------

    def _match_column(
        self,
        raw: pd.DataFrame,
        col: str,
        fil: str,
        issues: list[Issue],
        notes: list[dict],
        questionnaire_unit: bool,
        column_present: bool = True,
    ) -> pd.Series:
        """Match a unit column; unmatched values quarantine the row (the unit is required)."""
        values = raw[col]
        present = values.notna()
        # Each distinct text is matched once: (enhet_id or None, problem or None, match).
        resolved: dict[str, tuple[str | None, str | None, object]] = {}
        for value in pd.unique(values[present]):
            m = self.matcher.match(value)
            if not m.ok:
                resolved[value] = (None, m.melding or "ukjent kommune", m)
            elif questionnaire_unit and m.enhet_id not in self.unit_ids:
                resolved[value] = (
                    None,
                    f"'{_short(value)}' er ikke en enhet i undersøkelsen "
                    "(Oslo svarte per bydel; oppgi bydelen)",
                    m,
                )
            else:
                resolved[value] = (m.enhet_id, None, m)
        out: list[str | None] = []
        for row_no, value, has in zip(raw[ROW], values, present, strict=True):
            if not has:
                out.append(None)
                if column_present:
                    issues.append(Issue(row_no, col, ROW_LEVEL, "påkrevd verdi mangler"))
                continue
            enhet_id, problem, m = resolved[value]
            if problem is not None:
                issues.append(Issue(row_no, col, ROW_LEVEL, problem))
            elif m.metode != "navn":
                notes.append(_note(fil, row_no, col, value, m))
            out.append(enhet_id)
        return pd.Series(out, index=raw.index, dtype=object)

    def _match_list(
        self, raw: pd.DataFrame, col: str, fil: str, issues: list[Issue], notes: list[dict]
    ) -> pd.Series:
        """Match every entry of a list cell; unmatched entries are value-level problems."""
        out: list[list[str] | None] = []
        for row_no, value in zip(raw[ROW], raw[col], strict=True):
            if value is None:
                out.append(None)
                continue
            ids: list[str] = []
            for piece in self.matcher.split_list(value):
                m = self.matcher.match(piece)
                if not m.ok:
                    issues.append(
                        Issue(row_no, col, VALUE_LEVEL, f"listeelement utelatt: {m.melding}")
                    )
                    continue
                if m.metode != "navn":
                    notes.append(_note(fil, row_no, col, piece, m))
                if m.enhet_id in ids:
                    issues.append(
                        Issue(
                            row_no,
                            col,
                            VALUE_LEVEL,
                            f"'{_short(piece)}' står to ganger i listen; telt én gang",
                        )
                    )
                    continue
                ids.append(m.enhet_id)
            out.append(ids)
        return pd.Series(out, index=raw.index, dtype=object)

    def _typed(
        self,
        table: RawTable,
        source: Source,
        unit_columns: dict[str, bool],
        list_columns: tuple[str, ...],
    ) -> tuple[pd.DataFrame, list[Issue], list[dict]]:
        raw = table.data
        fil = table.path.name
        issues: list[Issue] = []
        notes: list[dict] = []
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
        return typed, issues, notes

    # -- the three sources -----------------------------------------------------

    def clean_radmann(self, table: RawTable) -> CleanedSource:
        """One row per questionnaire unit: the latest submission wins, earlier ones are merged."""
        typed, issues, notes = self._typed(table, RADMANN, {"enhet": True}, ("samarbeidskommuner",))
        bad_rows = _row_level(issues)
        issues += _duplicate_ids(typed, "svar_id", bad_rows)
        bad_rows = _row_level(issues)
        ok = typed.loc[~typed[ROW].isin(bad_rows)].copy()
        # Latest innsendt wins; on equal times the later row in the file wins.
        ok = ok.sort_values(["enhet", "innsendt", ROW])
        latest = ok.drop_duplicates("enhet", keep="last")
        merged = ok.loc[~ok.index.isin(latest.index)]
        out = latest.rename(columns={"enhet": "enhet_id"})
        out["antall_innsendinger"] = out["enhet_id"].map(ok["enhet"].value_counts()).astype("int64")
        out = out.sort_values("enhet_id").reset_index(drop=True)
        return CleanedSource(out, issues, len(merged), len(bad_rows), notes)

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
                    f"forsøk {forsok} for samme enhet står med ulikt innhold i flere rader",
                )
            )
        used = ok_unique.loc[~clash].rename(columns={"enhet": "enhet_id"})
        used = used.sort_values(["enhet_id", "forsok", ROW]).reset_index(drop=True)
        return CleanedSource(used, issues, int(exact_repeat.sum()), len(_row_level(issues)), notes)

    def clean_intervju(self, table: RawTable) -> CleanedSource:
        """One row per interviewed service, with its participant kommuner checked."""
        typed, issues, notes = self._typed(
            table, INTERVJU, {"vertskommune": False}, ("deltakerkommuner",)
        )
        issues += _conditional_required(typed)
        issues += _participant_issues(typed)
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
        ok = ok.rename(columns={"vertskommune": "vertskommune_id"})
        ok = ok.sort_values("tjeneste_id").reset_index(drop=True)
        return CleanedSource(ok, issues, 0, len(bad_rows), notes)


# ---------------------------------------------------------------- helpers


def _short(value: object, limit: int = 60) -> str:
    text = sanitise_text(value) or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _note(fil: str, row_no: int, col: str, typed_text: str, m) -> dict:
    return {
        "fil": fil,
        "rad": int(row_no),
        "kolonne": col,
        "skrevet": _short(typed_text),
        "enhet_id": m.enhet_id,
        "metode": m.metode,
        "merknad": m.melding or "",
    }


def _row_level(issues: list[Issue]) -> set[int]:
    return {i.rad for i in issues if i.niva == ROW_LEVEL}


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
                    f"{id_col} '{_short(ident)}' går igjen i radene {rows}",
                )
            )
    return issues


def _conditional_required(typed: pd.DataFrame) -> list[Issue]:
    """Columns the contract requires only when the service has started (``i_gang`` = Ja)."""
    issues = []
    started = typed["i_gang"] == "Ja"
    for col in ("tilbudstyper", "rekruttering"):
        missing = started & typed[col].map(lambda v: v is None or v == [])
        for row_no in typed.loc[missing, ROW]:
            issues.append(
                Issue(int(row_no), col, ROW_LEVEL, "påkrevd når i_gang = Ja, men mangler")
            )
    return issues


def _participant_issues(typed: pd.DataFrame) -> list[Issue]:
    """Check participant lists against ``organisering``."""
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
            if not others:
                issues.append(
                    Issue(
                        int(row_no),
                        "deltakerkommuner",
                        ROW_LEVEL,
                        "interkommunal tjeneste uten andre deltakerkommuner enn vertskommunen",
                    )
                )
            elif host is not None and host not in listed:
                issues.append(
                    Issue(
                        int(row_no),
                        "deltakerkommuner",
                        VALUE_LEVEL,
                        "vertskommunen manglet i deltakerlisten; lagt til",
                    )
                )
        elif org == "kommunal" and any(u != host for u in listed):
            issues.append(
                Issue(
                    int(row_no),
                    "deltakerkommuner",
                    VALUE_LEVEL,
                    "kommunal tjeneste med deltakerliste; listen er ikke brukt",
                )
            )
    return issues


def _participants(host: str, org: str, listed: list[str] | None) -> list[str]:
    """Participating units: the host first, then the listed others (a kommunal service: the host)."""
    if org != "interkommunal":
        return [host]
    return [host] + [u for u in (listed or []) if u != host]


# ---------------------------------------------------------------- the stage


def quarantine_frame(cleaned: dict[str, CleanedSource], files: dict[str, str]) -> pd.DataFrame:
    rows = [
        {"fil": files[src], "rad": i.rad, "kolonne": i.kolonne, "niva": i.niva, "arsak": i.arsak}
        for src, c in cleaned.items()
        for i in c.issues
    ]
    df = pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)
    df["rad"] = df["rad"].astype("int64")
    return (
        df.sort_values(["fil", "rad", "kolonne", "arsak"]).drop_duplicates().reset_index(drop=True)
    )


def accounting_frame(
    tables: dict[str, RawTable], cleaned: dict[str, CleanedSource]
) -> pd.DataFrame:
    """Rows in = used + merged + quarantined, per raw file; raises if it does not balance."""
    rows = []
    for src, table in tables.items():
        c = cleaned[src]
        row = {
            "kilde": src,
            "fil": table.path.name,
            "format": table.encoding,
            "skilletegn": table.delimiter or "",
            "sha256": sha256_file(table.path),
            "rader_inn": len(table.data),
            "brukt": len(c.table),
            "slatt_sammen": c.merged,
            "karantene": c.quarantined_rows,
            "tomme_rader": table.blank_rows,
            "ignorerte_kolonner": "; ".join(table.ignored_columns),
        }
        if row["rader_inn"] != row["brukt"] + row["slatt_sammen"] + row["karantene"]:
            raise AssertionError(f"radregnskapet for {table.path.name} går ikke opp: {row}")
        rows.append(row)
    return pd.DataFrame(rows, columns=ACCOUNTING_COLUMNS)


def clean_all(
    tables: dict[str, RawTable], ref_dir: Path, fuzzy_threshold: float, fuzzy_margin: float
):
    """Clean all three sources. Returns (cleaned per source, quarantine, accounting, match notes)."""
    cleaner = Cleaner.from_reference(ref_dir, fuzzy_threshold, fuzzy_margin)
    cleaned = {name: cleaner.clean(tables[name]) for name in SOURCES}
    files = {src: t.path.name for src, t in tables.items()}
    quarantine = quarantine_frame(cleaned, files)
    accounting = accounting_frame(tables, cleaned)
    notes = pd.DataFrame(
        [n for c in cleaned.values() for n in c.match_notes], columns=MATCH_NOTE_COLUMNS
    )
    notes = notes.sort_values(["fil", "rad", "kolonne"]).reset_index(drop=True)
    return cleaned, quarantine, accounting, notes


def _typed_for_output(df: pd.DataFrame) -> pd.DataFrame:
    """Give the cleaned tables stable Arrow types (lists of text, nullable ints, timestamps)."""
    out = df.copy()
    for col in out.columns:
        if col == ROW or col in ("forsok", "antall_tilbud", "antall_innsendinger"):
            out[col] = out[col].astype("Int64")
        elif col in ("innsendt",):
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
        elif col in ("dato", "intervjudato"):
            out[col] = pd.to_datetime(out[col]).astype("datetime64[us]").dt.date
        elif col in ("samarbeidskommuner", "deltakerkommuner", "tilbudstyper", "diagnoser"):
            out[col] = out[col].map(lambda v: list(v) if isinstance(v, list) else None)
        else:
            out[col] = out[col].astype(pd.StringDtype())
    return out


def write_register(ref_dir: Path, out_dir: Path) -> None:
    """Write the register tables the SQL stage joins to (units, kommuner with population)."""
    units = reference.load_enheter(ref_dir)
    kommuner = reference.load_kommuner(ref_dir).merge(
        reference.load_folkemengde(ref_dir), on="kommunenummer", how="left", validate="one_to_one"
    )
    write_parquet(units, out_dir / "enheter.parquet")
    write_parquet(kommuner, out_dir / "kommuner.parquet")
    write_parquet(reference.load_kommuneendringer(ref_dir), out_dir / "kommuneendringer.parquet")
    write_parquet(reference.load_fylker_2020(ref_dir), out_dir / "fylker_2020.parquet")


def run_clean(
    raw_dir: Path,
    ref_dir: Path,
    out_dir: Path,
    aliases_path: Path | None,
    fuzzy_threshold: float,
    fuzzy_margin: float,
) -> pd.DataFrame:
    """The ingest + clean stage: read raw exports, write typed Parquet and the row accounting.

    Args:
        raw_dir: directory with the three raw exports.
        ref_dir: reference directory.
        out_dir: ``data/processed`` (created if missing).
        aliases_path: header alias YAML.
        fuzzy_threshold, fuzzy_margin: name matching parameters.

    Returns:
        The row accounting table.
    """
    from ..ingest import read_raw_dir

    out_dir = Path(out_dir)
    tables = read_raw_dir(Path(raw_dir), aliases_path)
    cleaned, quarantine, accounting, notes = clean_all(
        tables, ref_dir, fuzzy_threshold, fuzzy_margin
    )
    names = {
        RADMANN.name: "radmann_svar",
        RINGERUNDE.name: "ringerunde",
        INTERVJU.name: "telefonintervju",
    }
    for src, c in cleaned.items():
        write_parquet(_typed_for_output(c.table), out_dir / f"{names[src]}.parquet")
    write_register(ref_dir, out_dir)
    write_csv(quarantine, out_dir / "quarantine.csv")
    write_csv(accounting, out_dir / "row_accounting.csv")
    write_csv(notes, out_dir / "navnetolkning.csv")
    for row in accounting.itertuples():
        log.info(
            "%s: %d inn = %d brukt + %d slått sammen + %d i karantene",
            row.fil,
            row.rader_inn,
            row.brukt,
            row.slatt_sammen,
            row.karantene,
        )
    return accounting
