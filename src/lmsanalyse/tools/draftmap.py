"""``lmsanalyse map``: draft an import map for a survey-tool export that has none.

It finds the exports in a raw folder (a SurveyXact ``dataset``/``structure``/``labels`` set
or workbook, a Nettskjema report with or without its elements JSON, an SPSS ``.sav`` file, or
any other table), reads their question texts and labels (SPSS: variable and value labels, and
checkbox groups from its multiple-response sets), and proposes for each variable the contract
column whose description, name or header aliases are closest
(:mod:`lmsanalyse.ingest.similarity`); for coded answers it proposes contract values from the
label texts, and for checkbox groups the list items. Every guess is written with the marker
``UBEKREFTET``, its score and the runner-up; ``validate`` and ``run`` refuse a map that still
carries one, so a draft is never used silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, utils

from ..config import IMPORT_MAP_SUFFIX, UNCONFIRMED, ImportMap, load_header_aliases
from ..contract import SOURCES, Source
from ..ingest.export import MULTIPLE, Export
from ..ingest.reader import READERS
from ..ingest.similarity import column_texts, score
from ..ingest.sources import raw_files_named
from ..spelling import canonical_answer

MIN_SCORE = 60  # below this no column is proposed
SPSS_SUFFIXES = (".sav", ".zsav")
# SurveyXact's overall status: a respondent who has not completed is left out.
SX_STATUS_GROUP, SX_COMPLETED = "statoverall", "gjennomført"


class DraftError(ValueError):
    """No export to draft a map for, or the map exists already."""


@dataclass
class Found:
    """An export found in the raw folder: its format and files (role → path)."""

    format: str
    files: dict[str, Path]


@dataclass
class Draft:
    """A drafted map: the YAML text and what it proposes."""

    source: str
    text: str
    kolonner: dict[str, str] = field(default_factory=dict)
    lister: dict[str, dict[str, str]] = field(default_factory=dict)
    verdier: dict[str, dict[str, str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- finding exports


def _header(path: Path) -> str:
    from ..ingest.delimited import decode_file

    try:
        text, _ = decode_file(path)
    except Exception:  # an unreadable file is not an export to draft for
        return ""
    return next((line for line in text.splitlines() if line.strip()), "")


def _xlsx_sheets(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        return [s.casefold() for s in CalamineWorkbook.from_path(str(path)).sheet_names]
    except Exception:  # a damaged workbook is not an export to draft for
        return []


def _codebook_beside(path: Path) -> Path | None:
    for json_file in sorted(path.parent.glob("*.json")):
        try:
            data = json.loads(json_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        elements = data.get("elements") if isinstance(data, dict) else data
        if isinstance(elements, list) and any(
            isinstance(e, dict) and "externalElementId" in e for e in elements
        ):
            return json_file
    return None


def find_exports(raw_dir: Path, taken: set[Path]) -> list[Found]:
    """Every export in ``raw_dir`` (and its subfolders) that no import map names."""
    found: list[Found] = []
    files = sorted(
        p
        for p in Path(raw_dir).rglob("*")
        if p.is_file()
        and p.resolve() not in taken
        and p.suffix.lower() in (".csv", ".txt", ".xlsx", *SPSS_SUFFIXES)
    )
    used: set[Path] = set()
    for path in files:
        if path in used:
            continue
        name = path.stem.casefold()
        if path.suffix.lower() in SPSS_SUFFIXES:
            found.append(Found("spss", {"data": path}))
            continue
        if path.suffix.lower() == ".xlsx":
            sheets = _xlsx_sheets(path)
            if all(
                any(s.startswith(n) for s in sheets) for n in ("dataset", "structure", "labels")
            ):
                found.append(Found("surveyxact", {"data": path}))
                continue
        elif name.startswith("dataset"):
            struct = next(iter(sorted(path.parent.glob("structure*.csv"))), None)
            labels = next(iter(sorted(path.parent.glob("labels*.csv"))), None)
            if struct and labels:
                used |= {struct, labels}
                files_ = {"data": path, "struktur": struct, "etiketter": labels}
                found.append(Found("surveyxact", files_))
                continue
        elif "$submission_id" in _header(path):
            book = _codebook_beside(path)
            found.append(Found("nettskjema", {"data": path} | ({"kodebok": book} if book else {})))
            continue
        if not name.startswith(("structure", "labels")):
            found.append(Found("tabell", {"data": path}))
    return found


def _read(found: Found, source: str, raw_dir: Path) -> Export:
    m = ImportMap(
        Path(raw_dir) / f"{source}{IMPORT_MAP_SUFFIX}",
        source,
        found.format,
        found.files,
        {},
        {},
        {},
        [],
        {},
    )
    return READERS[found.format](m)


# ---------------------------------------------------------------- proposing


def _value_score(a: str, b: str) -> float:
    a, b = utils.default_process(a), utils.default_process(b)
    if not a or not b:
        return 0.0
    return max(fuzz.WRatio(a, b), fuzz.token_set_ratio(a, b))


def _ranked(texts: dict[str, list[str]], text: str) -> list[tuple[float, str]]:
    return sorted(((score(text, t), col) for col, t in texts.items()), reverse=True)


@dataclass
class _Guess:
    target: str
    score: float
    runner_up: tuple[float, str] | None
    note: str = ""

    def comment(self) -> str:
        text = f"# {UNCONFIRMED}: {self.score:.0f} %"
        if self.note:
            text += f" «{_short(self.note)}»"
        if self.runner_up:
            text += f"; nest best: {self.runner_up[1]} ({self.runner_up[0]:.0f} %)"
        return text


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _columns(export: Export, source: Source, aliases: dict) -> dict[str, tuple[str, _Guess]]:
    """contract column → (variable, guess): the best pairs, each variable and column once."""
    texts = {c.name: column_texts(source.name, c.name, aliases) for c in source.columns}
    pairs = []
    for var in export.variables:
        if export.kinds.get(var) == MULTIPLE:
            continue  # checkbox options become lists (_lists)
        ranked = _ranked(texts, export.question(var))
        for k, (s, col) in enumerate(ranked):
            if s >= MIN_SCORE:
                runner = next((r for r in ranked if r[1] != col), None)
                pairs.append((s, var, col, runner, k))
    out: dict[str, tuple[str, _Guess]] = {}
    taken: set[str] = set()
    for s, var, col, runner, _ in sorted(pairs, key=lambda p: (-p[0], p[4], p[1])):
        if col in out or var in taken:
            continue
        out[col] = (var, _Guess(var, s, runner, export.question(var)))
        taken.add(var)
    return out


def _best_value(label: str, allowed: tuple[str, ...]) -> _Guess | None:
    ranked = sorted(((_value_score(label, v), v) for v in allowed), reverse=True)
    if not ranked or ranked[0][0] < MIN_SCORE:
        return None
    return _Guess(ranked[0][1], ranked[0][0], ranked[1] if len(ranked) > 1 else None)


def _values(export: Export, var: str, allowed: tuple[str, ...]) -> dict[str, _Guess | None]:
    """label → guessed contract value, for labels that are not allowed values already."""
    return {
        label: _best_value(label, allowed)
        for label in dict.fromkeys(export.labels.get(var, {}).values())
        if label and canonical_answer(label, allowed) is None
    }


def _lists(export: Export, source: Source, aliases: dict, taken: set[str]) -> dict:
    """list column → (question, {variable: guess}) for each checkbox group."""
    groups: dict[str, list[str]] = {}
    for var in export.variables:
        if export.kinds.get(var) == MULTIPLE and export.groups.get(var):
            groups.setdefault(export.groups[var], []).append(var)
    lists = [c for c in source.columns if c.kind in ("enum_list", "unit_list")]
    texts = {c.name: column_texts(source.name, c.name, aliases) for c in lists}
    out: dict = {}
    for group, variables in groups.items():
        question = export.question(variables[0]).rsplit(" - ", 1)[0]
        ranked = [r for r in _ranked(texts, question) if r[1] not in taken | set(out)]
        if not ranked or ranked[0][0] < MIN_SCORE:
            continue
        col = source.column(ranked[0][1])
        items: dict[str, _Guess | None] = {}
        for var in variables:
            option = export.question(var).rsplit(" - ", 1)[-1]
            if col.values:
                items[var] = _best_value(option, col.values)
            else:
                # A kommune: the name before any remark; list items hold no separators.
                name = re.split(r"[(;,\n]", option)[0].strip()
                items[var] = _Guess(name, 100, None, option) if name else None
        guess = _Guess(col.name, ranked[0][0], ranked[1] if len(ranked) > 1 else None, question)
        out[col.name] = (group, guess, items)
    return out


# ---------------------------------------------------------------- writing


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _utelat(export: Export) -> list[str]:
    completed = [
        v
        for v in export.variables
        if export.groups.get(v, "").casefold() == SX_STATUS_GROUP
        and export.question(v).rsplit(" - ", 1)[-1].casefold() == SX_COMPLETED
    ]
    if completed:
        label = export.labels.get(completed[0], {}).get("0", "0")
        rule = (
            f"{{variabel: {completed[0]}, verdier: [{_q(label)}], grunn: {_q('ikke gjennomført')}}}"
        )
        return ["utelat:", f"  - {rule}  # {UNCONFIRMED}: respondenter som ikke har fullført"]
    return [
        "# utelat:  # rader som skal utelates (testinnsendinger …), hver med sin grunn, f.eks.",
        '#   - {variabel: "$submission_id", verdier: ["123"], grunn: "testinnsending"}',
    ]


def _value_lines(export: Export, source: Source, columns: dict, draft: Draft) -> list[str]:
    """The ``verdier`` section: a contract value for each label that is not one already."""
    lines = []
    for col in source.columns:
        if col.name not in columns or col.kind not in ("enum", "enum_list"):
            continue
        proposals = _values(export, columns[col.name][0], col.values)
        if not proposals:
            continue
        lines.append(f"  {col.name}:")
        for label, guess in proposals.items():
            if guess is None:
                lines.append(f"    # {_q(label)}:  # ingen kontraktverdi ligner; fyll inn")
                continue
            draft.verdier.setdefault(col.name, {})[label] = guess.target
            lines.append(f"    {_q(label)}: {_q(guess.target)}  {guess.comment()}")
    return ["verdier:", *lines] if lines else []


def _list_lines(lists: dict, draft: Draft) -> list[str]:
    """The ``lister`` section: each checkbox group as a list column, each option an item."""
    lines = ["lister:"] if lists else []
    for col, (_, guess, items) in lists.items():
        lines.append(f"  {col}:  {guess.comment()}")
        for var, item in items.items():
            if item is None:
                lines.append(f"    # {_q(var)}:  # ingen listeverdi ligner; fyll inn")
                continue
            draft.lister.setdefault(col, {})[var] = item.target
            lines.append(f"    {_q(var)}: {_q(item.target)}  {item.comment()}")
    return lines


def draft_map(
    export: Export, found: Found, source_name: str, raw_dir: Path, aliases: dict
) -> Draft:
    """The commented YAML of a drafted import map for one export."""
    source = SOURCES[source_name]
    columns = _columns(export, source, aliases)
    lists = _lists(export, source, aliases, set(columns))
    draft = Draft(source_name, "")
    lines = [
        f"# Utkast til importkart laget av lmsanalyse map for {source_name}.",
        "# Hvert forslag er merket ubekreftet med likhet (0–100) og nest beste kandidat.",
        "# Sjekk hvert forslag mot eksporten, rett det som er feil, og fjern merket;",
        "# validate og run godtar ikke kartet før alle merkene er borte.",
        f"kilde: {source_name}",
        f"format: {found.format}",
        "filer:",
    ]
    lines += [
        f"  {role}: {_q(path.resolve().relative_to(Path(raw_dir).resolve()).as_posix())}"
        for role, path in found.files.items()
    ]
    lines.append("kolonner:")
    for col in source.columns:
        if col.name in columns:
            var, guess = columns[col.name]
            draft.kolonner[col.name] = var
            lines.append(f"  {col.name}: {_q(var)}  {guess.comment()}")
        elif col.required != "no" and col.name not in lists:
            draft.missing.append(col.name)
            lines.append(f"  # {col.name}:  # påkrevd, men ingen variabel ligner; fyll inn")
    lines += _value_lines(export, source, columns, draft)
    lines += _list_lines(lists, draft)
    lines += _utelat(export)
    used = set(draft.kolonner.values()) | {v for items in draft.lister.values() for v in items}
    unused = [v for v in export.variables if v not in used]
    if unused:
        lines.append("# Variabler uten kolonne (leses ikke): " + ", ".join(unused))
    draft.text = "\n".join(lines) + "\n"
    return draft


def _fit(export: Export, source: Source, aliases: dict) -> float:
    """How well an export fits a source: the mean best score of its key columns."""
    keys = [c.name for c in source.columns if c.required != "no"]
    found = _columns(export, source, aliases)
    return sum(found[c][1].score if c in found else 0 for c in keys) / len(keys)


def draft_maps(
    raw_dir: Path, source: str | None = None, aliases_path: Path | None = None
) -> list[Draft]:
    """Draft a map for every source of ``raw_dir`` that has neither a file nor a map.

    Raises:
        DraftError: no such source, or no export left to draft for.
    """
    from ..config import import_map_files

    raw_dir = Path(raw_dir)
    aliases = load_header_aliases(aliases_path) if aliases_path else {}
    named = {s: raw_files_named(raw_dir, s) for s in SOURCES}
    has_file = {s for s, files in named.items() if files}
    if source is not None and source in has_file:
        raise DraftError(f"{source} har allerede en kontraktfil eller et importkart i {raw_dir}")
    wanted = [source] if source else [s for s in SOURCES if s not in has_file]
    if not wanted:
        raise DraftError(f"alle kildene har allerede en fil eller et importkart i {raw_dir}")
    taken = {p.resolve() for files in named.values() for p in files}
    for files in named.values():
        for p in files:
            taken |= {f.resolve() for f in import_map_files(p).values()}
    exports = [(f, _read(f, wanted[0], raw_dir)) for f in find_exports(raw_dir, taken)]
    if not exports:
        raise DraftError(f"fant ingen eksport uten importkart i {raw_dir}")
    # Each source gets the export that fits it best, each export one source.
    fits = sorted(
        (
            (_fit(e, SOURCES[s], aliases.get(s, {})), s, i)
            for i, (_, e) in enumerate(exports)
            for s in wanted
        ),
        reverse=True,
    )
    drafts, done_sources, done_exports = [], set(), set()
    for _, s, i in fits:
        if s in done_sources or i in done_exports:
            continue
        found, export = exports[i]
        drafts.append(draft_map(export, found, s, raw_dir, aliases.get(s, {})))
        done_sources.add(s)
        done_exports.add(i)
    return drafts
