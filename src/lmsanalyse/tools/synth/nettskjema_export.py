"""The synthetic interviews as Nettskjema exports them: the CSV report and the form's elements.

Written from the same rendered frame as ``data/raw/telefonintervju.xlsx``. As Nettskjema
writes it: UTF-8, ``;``, every field quoted, LF; ``$submission_id`` and ``$created`` (ISO 8601
with the UTC offset) first and ``$answer_time_ms`` last; radio answers as the option's
external id; one ``0``/``1`` column per checkbox option (``tilbudstyper.mestringskurs``);
the user-participation matrix as ``brukermedvirkning.utvikling`` …; integers with a decimal
(``12.0``); questions hidden by the form's logic (offerings of a service not yet started)
blank. Two test submissions come first. The codebook is the form's elements as the API gives
them (``GET /form/{id}/elements``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd

from ...contract import DIAGNOSER, SOURCES, TILBUDSTYPER
from ...spelling import canonical_answer, split_enum_list
from .raw_files import marker_text

FORM_ID = 118447
REPORT = f"data-{FORM_ID}-2015-01-31-1200.txt"
CODEBOOK = f"elements-{FORM_ID}.json"
_YES_NO = {"1": "Ja", "0": "Nei"}
# id, contract column, element type, question text, {option id: option text}
RADIOS = (
    (
        "organisering",
        "organisering",
        "Hvordan er tjenesten organisert?",
        {"1": "Kommunal (én kommune)", "2": "Interkommunal (flere kommuner sammen)"},
    ),
    (
        "friskliv",
        "friskliv",
        "Er tjenesten organisert sammen med frisklivssentralen?",
        {
            "sammen": "Ja, organisert sammen med frisklivssentralen",
            "gir_tilbud": "Frisklivssentralen gir selv LMS-tilbudene",
            "nei": "Nei",
        },
    ),
    (
        "mestring_i_navnet",
        "navn_med_mestring",
        "Inneholder tjenestens navn ordet «mestring»?",
        _YES_NO,
    ),
    (
        "egen_enhet",
        "egen_enhet",
        "Har tjenesten et eget senter eller en egen avdeling, eller en koordinator?",
        {
            "senter": "Eget senter eller egen avdeling",
            "koordinator": "Koordinator eller leder ansatt for å koordinere tilbudene",
            "nei": "Nei",
        },
    ),
    ("prosjekt", "prosjektfinansiert", "Er tjenesten prosjektfinansiert?", {"1": "Ja"}),
    ("i_gang", "i_gang", "Har tjenesten kommet i gang med å gi tilbud?", _YES_NO),
)
RADIOS_AFTER = (
    (
        "brukerorg",
        "brukerorg_etablering",
        "Deltar brukerorganisasjonene i etableringen og utviklingen av tjenesten?",
        {"1": "Ja", "0": "Nei", "9": "Vet ikke"},
    ),
    (
        "rekruttering",
        "rekruttering",
        "Hvordan rekrutteres brukerrepresentantene?",
        {
            "org": "Via brukerorganisasjonene",
            "utenom": "Utenom organisasjonene",
            "vet_ikke": "Vet ikke",
        },
    ),
    (
        "erfaring",
        "mange_ars_erfaring",
        "Har kommunen mange års erfaring med flere ulike tilbud, uten å ha en egen tjeneste?",
        _YES_NO,
    ),
)
TEXTS_BEFORE = (
    ("tjeneste_id", "tjeneste_id", "QUESTION", "Tjeneste-ID (fra kartleggingslisten)"),
    ("navn", "tjeneste_navn", "QUESTION", "Hva heter tjenesten?"),
    ("vertskommune", "vertskommune", "QUESTION", "Hvilken kommune er vertskommune for tjenesten?"),
    (
        "deltakere",
        "deltakerkommuner",
        "QUESTION",
        "Hvilke kommuner deltar i tjenesten (vertskommunen medregnet)?",
    ),
)
BM = (
    "Er brukerrepresentanter og fagfolk sidestilte i arbeidet med tilbudene?",
    (
        ("utvikling", "bm_utvikling", "Utvikling"),
        ("planlegging", "bm_planlegging", "Planlegging"),
        ("gjennomforing", "bm_gjennomforing", "Gjennomføring"),
        ("evaluering", "bm_evaluering", "Evaluering"),
    ),
    {"1": "Ja", "2": "Delvis", "3": "Nei"},
)
TEXTS_AFTER = (
    ("intervjuer", "intervjuer", "QUESTION", "Intervjuer"),
    ("intervjudato", "intervjudato", "DATE", "Dato for intervjuet"),
    ("leder_navn", "leder_navn", "QUESTION", "Navn på leder av tjenesten"),
    ("leder_telefon", "leder_telefon", "QUESTION", "Telefonnummer til lederen"),
    ("datakilde", None, "QUESTION", "Datakilde"),
)
# Checkbox options in the form's (alphabetical) order; ids as a form designer would set them.
_OPTION_IDS = {
    "kurs på tvers av diagnoser": "kurs_tvers",
    "individuell opplæring": "individuell",
    "pårørendekurs": "parorendekurs",
    "hjerte og kar": "hjerte_kar",
    "psykisk helse": "psykisk",
    "på tvers av diagnoser": "tvers",
}
CHECKBOXES = (
    ("tilbudstyper", "tilbudstyper", "Hvilke typer tilbud gir tjenesten?", TILBUDSTYPER),
    ("diagnoser", "diagnoser", "Hvilke diagnosegrupper er tilbudene rettet mot?", DIAGNOSER),
)
TEST_SUBMISSIONS = ("14102201", "14102245")


def option_id(item: str) -> str:
    return _OPTION_IDS.get(item, item.replace(" ", "_"))


def options(values: tuple[str, ...]) -> dict[str, str]:
    """Checkbox options: id → text, in alphabetical order of the text."""
    return {option_id(v): v[0].upper() + v[1:] for v in sorted(values)}


def _column_of(frame_column: str) -> str:
    """The rendered frame's column for a contract column (a few carry header aliases)."""
    return {
        "tjeneste_id": "ID",
        "tjeneste_navn": "Tjenestens navn",
        "deltakerkommuner": "Deltakende kommuner",
        "intervjudato": "Intervjudato",
    }.get(frame_column, frame_column)


def _answer(value: object, choices: dict[str, str], column: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return ""
    allowed = SOURCES["telefonintervju"].column(column).values
    wanted = canonical_answer(str(value), allowed)
    # An option's text is the contract value, or maps to it in the import map (verdier).
    for code, text in choices.items():
        if canonical_answer(text, allowed) == wanted or VALUE_OF.get((column, text)) == wanted:
            return code
    raise ValueError(f"{column}: {value!r} har ingen svaralternativ")


# Option texts that are not contract values, and the value each stands for (the map's verdier).
VALUE_OF = {
    ("organisering", "Kommunal (én kommune)"): "kommunal",
    ("organisering", "Interkommunal (flere kommuner sammen)"): "interkommunal",
    ("friskliv", "Ja, organisert sammen med frisklivssentralen"): "organisert sammen",
    ("friskliv", "Frisklivssentralen gir selv LMS-tilbudene"): "frisklivssentral gir tilbud",
    ("egen_enhet", "Eget senter eller egen avdeling"): "senter/avdeling",
    ("egen_enhet", "Koordinator eller leder ansatt for å koordinere tilbudene"): "koordinator",
    ("rekruttering", "Via brukerorganisasjonene"): "via brukerorganisasjoner",
    ("rekruttering", "Utenom organisasjonene"): "utenom organisasjonene",
}


def _row(rec: dict, marker: str) -> dict[str, str]:
    out: dict[str, str] = {}

    def text(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    for ident, column, _, _ in TEXTS_BEFORE:
        out[ident] = text(rec.get(_column_of(column)))
    for ident, column, _, choices in RADIOS:
        out[ident] = _answer(rec.get(column), choices, column)
    started = canonical_answer(str(rec["i_gang"]), ("Ja", "Nei")) == "Ja"
    out["antall_tilbud"] = f"{int(rec['antall_tilbud'])}.0"
    for ident, column, _, values in CHECKBOXES:
        cell = rec.get(column)
        items = split_enum_list(cell if isinstance(cell, str) else "", values)
        chosen = {canonical_answer(i, values) for i in items}
        for item in sorted(values):
            out[f"{ident}.{option_id(item)}"] = ("1" if item in chosen else "0") if started else ""
    for sub, column, _ in BM[1]:
        out[f"brukermedvirkning.{sub}"] = _answer(rec.get(column), BM[2], column)
    for ident, column, _, choices in RADIOS_AFTER:
        out[ident] = (
            _answer(rec.get(column), choices, column) if ident != "rekruttering" or started else ""
        )
    for ident, column, _, _ in TEXTS_AFTER:
        out[ident] = text(rec.get(_column_of(column))) if column else marker
    return out


def report_rows(
    frame: pd.DataFrame,
    seed: int,
    tests: tuple[str, ...] = TEST_SUBMISSIONS,
    marker: str | None = None,
) -> list[dict[str, str]]:
    """The report's rows: the test submissions (``tests``: their ids), then one per interview
    in the frame's order; ``marker``: the synthetic-data text every row carries."""
    rng = random.Random(seed * 31 + 7)
    marker = marker or marker_text(seed)
    rows = []
    for k, ident in enumerate(tests):
        test = {c: "" for c in _row(frame.iloc[0].to_dict(), marker)}
        test |= {
            "tjeneste_id": f"TEST-{k + 1}",
            "navn": "Test",
            "vertskommune": "Test",
            "datakilde": marker,
        }
        created = dt.datetime(2014, 12, 5, 9, 30 + 10 * k)
        rows.append({"$submission_id": ident, "$created": created, **test})
    serial = 14103000
    for rec in frame.to_dict("records"):
        serial += rng.randint(3, 40)
        day = rec["Intervjudato"]
        created = dt.datetime(
            day.year, day.month, day.day, rng.randint(8, 15), rng.randrange(60), rng.randrange(60)
        )
        rows.append({"$submission_id": str(serial), "$created": created, **_row(rec, marker)})
    for row in rows:
        created = row["$created"]
        row["$created"] = created.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00"  # winter time in Oslo
        row["$answer_time_ms"] = str(rng.randint(300_000, 2_400_000))
    return rows


def _quoted(fields: list[str]) -> str:
    return ";".join('"' + f.replace('"', '""') + '"' for f in fields)


def report_text(rows: list[dict[str, str]]) -> str:
    header = list(rows[0])
    lines = [_quoted(header)] + [_quoted([r[c] for c in header]) for r in rows]
    return "\n".join(lines) + "\n"


def write_nettskjema(
    frame: pd.DataFrame,
    folder: Path,
    seed: int,
    tests: tuple[str, ...] = TEST_SUBMISSIONS,
    report_name: str = REPORT,
    marker: str | None = None,
) -> list[Path]:
    """Write the interviews as a Nettskjema report (``report_name``, with the test
    submissions ``tests``) and codebook into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    report, book = folder / report_name, folder / CODEBOOK
    report.write_bytes(report_text(report_rows(frame, seed, tests, marker)).encode("utf-8"))
    book.write_bytes(json.dumps(elements(seed, marker), ensure_ascii=False).encode("utf-8"))
    return [report, book]


# ---------------------------------------------------------------- the form's elements


class _Ids:
    """Element, question and option ids as Nettskjema numbers them (increasing)."""

    def __init__(self) -> None:
        self.n = 1641690

    def next(self) -> int:
        self.n += 1
        return self.n


def _element(ids: _Ids, seq: int, kind: str, ext: str | None, text: str | None, **extra) -> dict:
    element_id = ids.next()
    return {
        "elementId": element_id,
        "questionId": ids.next() if ext else None,
        "text": text,
        "description": extra.pop("description", None),
        "elementType": kind,
        "dateFormat": "DATE" if kind == "DATE" else None,
        "sequence": seq,
        "maxSelectedAnswerOptions": 0 if "CHECKBOX" in kind else None,
        "isMandatory": False,
        "externalElementId": ext,
        "numberOfDecimals": extra.pop("decimals", None),
        "answerOptions": extra.pop("answerOptions", []),
        "subElements": extra.pop("subElements", []),
    }


def _answer_options(ids: _Ids, ext: str | None, choices: dict[str, str]) -> list[dict]:
    return [
        {
            "answerOptionId": ids.next(),
            "sequence": seq,
            "text": text,
            "isPreselected": False,
            "externalAnswerOptionId": code,
            "externalElementId": ext,
            "textOrAltText": text,
        }
        for seq, (code, text) in enumerate(choices.items(), start=1)
    ]


def elements(seed: int, marker: str | None = None) -> list[dict]:
    """The interview form's elements, in the report's column order."""
    ids = _Ids()
    marker = marker or marker_text(seed)
    out = [
        _element(
            ids,
            1,
            "HEADING",
            None,
            "Telefonintervju med lederne av tjenestene",
            description=f"<p>{marker}</p>",
        )
    ]
    seq = 0

    def add(kind: str, ext: str, text: str, **extra) -> None:
        nonlocal seq
        seq += 1
        out.append(_element(ids, seq, kind, ext, text, **extra))

    for ident, _, kind, text in TEXTS_BEFORE:
        add(kind, ident, text)
    for ident, _, text, choices in RADIOS:
        add("RADIO", ident, text, answerOptions=_answer_options(ids, ident, choices))
    out.append(_element(ids, None, "PAGE_BREAK", None, None))
    out[-1]["elementId"] = out[-1]["sequence"] = None
    add("NUMBER", "antall_tilbud", "Hvor mange tilbud ga tjenesten det siste året?", decimals=0)
    for ident, _, text, values in CHECKBOXES:
        add("CHECKBOX", ident, text, answerOptions=_answer_options(ids, ident, options(values)))
    subs = [
        {
            "subElementId": ids.next(),
            "questionId": ids.n,
            "sequence": k,
            "description": None,
            "text": text,
            "isMandatory": False,
            "externalElementId": sub,
        }
        for k, (sub, _, text) in enumerate(BM[1], start=1)
    ]
    add(
        "MATRIX_RADIO",
        "brukermedvirkning",
        BM[0],
        answerOptions=_answer_options(ids, None, BM[2]),
        subElements=subs,
    )
    for ident, _, text, choices in RADIOS_AFTER:
        add("RADIO", ident, text, answerOptions=_answer_options(ids, ident, choices))
    for ident, _, kind, text in TEXTS_AFTER:
        add(kind, ident, text)
    return out
