"""SPSS exports: one ``.sav`` (or ``.zsav``) file, read with pyreadstat.

What a survey tool's SPSS export holds (SurveyXact, Nettskjema, Questback …), and how it is read:

* variable names, and variable labels: the question texts;
* value labels (code → text): they do the work of SurveyXact's labels file; a numeric code
  is written as a whole number when it is one (``1``, not ``1.0``);
* user-missing values (up to three discrete values, or a range and one value): not
  answered, as system-missing is; their value labels are no answer texts (a count with only
  ``99 = Vet ikke`` labelled is a count, not a coded answer);
* dates, datetimes and times in an SPSS date format: ISO text the cleaner parses
  (``2014-10-29 15:48``), not seconds since 14 October 1582;
* multiple-response sets of dichotomies (``$set``): their variables are the checkbox options
  of one question (``Export.groups``), for ``lmsanalyse map``; the set's label is the question.

A row is the SPSS case number (the first case is row 1, as SPSS's Data View numbers it); a case
with every variable blank is counted as a blank row, as blank records are in the other formats.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..config import ImportMap
from ..problems import InputError, Problem
from .export import DATE, MULTIPLE, NUMBER, OPEN, SINGLE, Export, cell

# SPSS formats whose values are dates or times (the width follows the name: EDATE10, DATETIME20).
_DATE_FORMAT = re.compile(
    r"^(A|E|J|S)?DATE|^DATETIME|^YMDHMS|^D?TIME|^MOYR|^QYR|^WKYR", re.IGNORECASE
)
# Date formats pyreadstat would leave as numbers of seconds.
_EXTRA_DATE_FORMATS = ["MOYR", "QYR", "WKYR"]


def _read_sav(path: Path, shown: str):
    import pyreadstat

    try:
        return pyreadstat.read_sav(
            str(path),
            output_format="dict",
            user_missing=True,  # kept as codes here, so that their labels are known
            extra_date_formats=_EXTRA_DATE_FORMATS,
        )
    except Exception as exc:  # pyreadstat raises its own and OS errors for damaged files
        melding = f"kan ikke lese SPSS-filen: {exc}"
        raise InputError([Problem(shown, None, None, melding)]) from exc


def _is_missing(value: object, ranges: list[dict]) -> bool:
    """System-missing, or one of the variable's user-missing values or ranges."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    for r in ranges:
        lo, hi = r["lo"], r["hi"]
        if isinstance(value, str) and isinstance(lo, str):
            if value.rstrip() == lo.rstrip():
                return True
        elif isinstance(value, int | float) and not isinstance(lo, str) and lo <= value <= hi:
            return True
    return False


def _code(value: object) -> str:
    return (cell(value) or "").strip()


def read_spss(m: ImportMap) -> Export:
    """Read the ``.sav`` file an import map names.

    Raises:
        InputError: the file is not an SPSS file pyreadstat can read.
    """
    data = m.data_file
    shown = m.shown(data)
    columns, meta = _read_sav(data, shown)
    names = list(meta.column_names)
    ranges = meta.missing_ranges or {}
    cells = {
        var: [None if _is_missing(v, ranges.get(var, [])) else cell(v) for v in columns[var]]
        for var in names
    }
    export = Export(data, shown, names, [], {v: [] for v in names}, encoding="sav", files=[data])
    for i in range(len(columns[names[0]]) if names else 0):
        if all(cells[var][i] is None for var in names):
            export.blank_rows += 1
            continue
        export.rows.append(i + 1)
        for var in names:
            export.values[var].append(cells[var][i])
    for var, label in zip(names, meta.column_labels, strict=True):
        export.questions[var] = " ".join((label or "").split())
    for var, codes in (meta.variable_value_labels or {}).items():
        answers = {
            _code(code): " ".join(str(text).split())
            for code, text in codes.items()
            if not _is_missing(code, ranges.get(var, []))
        }
        if answers and var in export.values:
            export.labels[var] = answers
    formats = meta.original_variable_types or {}
    types = meta.readstat_variable_types or {}
    for var in names:
        if _DATE_FORMAT.match(formats.get(var, "")):
            export.kinds[var] = DATE
        elif var in export.labels:
            export.kinds[var] = SINGLE
        else:
            export.kinds[var] = OPEN if types.get(var) == "string" else NUMBER
    _apply_mr_sets(export, meta.mr_sets or {}, meta.variable_value_labels or {})
    return export


def _apply_mr_sets(export: Export, sets: dict, value_labels: dict) -> None:
    """Multiple-dichotomy sets: their variables are one question's checkbox options.

    Each option's text is its variable label without the set's label in front (tools write
    ``Question - option``), or the counted value's label when the set says so (type ``E``);
    multiple-category sets (several variables holding codes) are not checkbox options.
    """
    for name, mr in sets.items():
        if not mr.get("is_dichotomy"):
            continue
        question = " ".join(str(mr.get("label") or "").split()) or name
        counted = mr.get("counted_value")
        for listed in mr.get("variable_list") or []:
            var = export.find(listed)
            if var is None:
                continue
            option = export.questions.get(var, "")
            if option.casefold().startswith(question.casefold()):
                option = option[len(question) :].lstrip(" -–:")
            by_value = {_code(k): v for k, v in value_labels.get(var, {}).items()}
            if mr.get("type") == "E" and counted is not None:
                option = by_value.get(_code(counted), option)
            export.kinds[var], export.groups[var] = MULTIPLE, name
            export.questions[var] = f"{question} - {option or var}"
