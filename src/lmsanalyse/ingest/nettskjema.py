"""Nettskjema exports: the CSV report, and optionally the form's elements as a codebook.

What Nettskjema writes (and this reader accepts):

* the CSV report: UTF-8, ``;``-separated, every field quoted; ``$submission_id`` and
  ``$created`` (ISO 8601 with UTC offset) first, then one column per question named by its
  external id; a checkbox question gives one ``0``/``1`` column per option, named
  ``question.option``; a matrix gives ``matrix.row`` (radio) or ``matrix.row.option``
  (checkbox); radio and dropdown answers hold the option's external id; numbers may be
  written with a decimal (``77.0``).
* the codebook: the form's elements as the API gives them (``GET /form/{id}/elements``), a
  JSON list, or an object with the list under ``elements`` (nettskjemar's saved codebook):
  ``elementType``, ``externalElementId``, ``text``, ``answerOptions[]`` with
  ``externalAnswerOptionId`` and ``text``, and ``subElements[]`` for matrices.

Without a codebook the option ids stay as they are (``verdier`` then maps them).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..config import ImportMap
from ..problems import InputError, Problem
from .delimited import decode_file, parse_records, sniff_by_shape
from .export import DATE, MULTIPLE, NUMBER, OPEN, SINGLE, SYSTEM, Export, table_from_records

SYSTEM_COLUMNS = {
    "$submission_id": "innsendings-ID (Nettskjema)",
    "$created": "tidspunkt for innsending (Nettskjema)",
    "$answer_time_ms": "svartid i millisekunder (Nettskjema)",
}
_KINDS = {"QUESTION": OPEN, "QUESTION_MULTILINE": OPEN, "NUMBER": NUMBER, "DATE": DATE}


def read_nettskjema(m: ImportMap) -> Export:
    """Read the CSV report an import map names, with its codebook if it names one.

    Raises:
        InputError: the report or the codebook cannot be read.
    """
    data = m.data_file
    shown = m.shown(data)
    text, encoding = decode_file(data, shown)
    delimiter = sniff_by_shape(text, (";", ",", "\t"))
    export = table_from_records(parse_records(text, delimiter, shown), data, shown)
    export.encoding, export.delimiter, export.files = encoding, delimiter, [data]
    for var in export.variables:
        if var in SYSTEM_COLUMNS:
            export.kinds[var], export.questions[var] = SYSTEM, SYSTEM_COLUMNS[var]
    if "kodebok" in m.filer:
        book = m.filer["kodebok"]
        export.files.append(book)
        _apply_codebook(export, _elements(book, m.shown(book)))
    return export


def _elements(path: Path, shown: str) -> list[dict]:
    try:
        data = json.loads(decode_file(path, shown)[0])
    except json.JSONDecodeError as exc:
        melding = f"kan ikke lese JSON: {exc.msg} (linje {exc.lineno})"
        raise InputError([Problem(shown, exc.lineno, None, melding)]) from exc
    if isinstance(data, dict):
        data = data.get("elements")
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        melding = "forventet skjemaets elementer (en liste med elementType, externalElementId …)"
        raise InputError([Problem(shown, None, None, melding)])
    return data


def _options(element: dict) -> dict[str, str]:
    return {
        str(o.get("externalAnswerOptionId")): " ".join(str(o.get("text") or "").split())
        for o in element.get("answerOptions") or []
        if o.get("externalAnswerOptionId") is not None
    }


def _apply_codebook(export: Export, elements: list[dict]) -> None:
    """Question texts, kinds, checkbox groups and option labels from the form's elements."""
    for element in elements:
        code = element.get("externalElementId")
        if not code:
            continue  # headings, texts, images, page breaks
        kind = str(element.get("elementType") or "")
        text = " ".join(str(element.get("text") or "").split())
        options = _options(element)
        subs = [s for s in element.get("subElements") or [] if s.get("externalElementId")]
        rows = [
            (f"{code}.{s['externalElementId']}", f"{text} - {s.get('text') or ''}") for s in subs
        ]
        if not rows:
            rows = [(code, text)]
        for var, question in rows:
            if "CHECKBOX" in kind:
                for option, label in options.items():
                    name = f"{var}.{option}"
                    export.kinds[name], export.groups[name] = MULTIPLE, var
                    export.questions[name] = f"{question} - {label}"
            elif options:
                export.kinds[var], export.questions[var] = SINGLE, question
                export.labels[var] = dict(options)
            else:
                export.kinds[var], export.questions[var] = _KINDS.get(kind, OPEN), question
