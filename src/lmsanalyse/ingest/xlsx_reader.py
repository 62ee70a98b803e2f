"""XLSX workbooks: the visible sheets, and their cells as text.

python-calamine (Rust) reads the saved cell values 50–100 × faster than openpyxl. A cell is
turned into text as it is read (:func:`.raw_table.cell_text`): numbers, dates, times and
booleans never reach code that expects text, whatever sheet or format they are in.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..problems import InputError, Problem
from .raw_table import cell_text

log = logging.getLogger(__name__)


def visible_sheets(workbook, shown: str) -> list[str]:
    """The workbook's visible worksheets, in order; hidden ones are named in the log.

    A hidden sheet is often an old or helper copy of the data, so it is never read silently.

    Raises:
        InputError: the workbook has no visible worksheet.
    """
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        is_visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
        is_sheet = str(meta.typ).rsplit(".", 1)[-1] == "WorkSheet"
        if is_sheet:
            (visible if is_visible else hidden).append(meta.name)
    if hidden:
        log.warning(
            "%s: skjulte ark blir ikke lest: %s", shown, ", ".join(f"'{n}'" for n in hidden)
        )
    if not visible:
        melding = "arbeidsboken har ingen synlige ark (bare skjulte: " + ", ".join(hidden) + ")"
        raise InputError([Problem(shown, None, None, melding)])
    return visible


def _open(path: Path, shown: str):
    # Imported here, so only XLSX inputs pay for it.
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged files
        raise InputError([Problem(shown, None, None, f"kan ikke åpne XLSX: {exc}")]) from exc


def _sheet_text(wb, path: Path, sheet: str, shown: str) -> list[list[str | None]]:
    """A sheet's cells as text; formulas saved without a result are named in the log."""
    rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    records = [[None if v == "" else cell_text(v) for v in row] for row in rows]
    _warn_blank_formulas(path, records, sheet, shown)
    return records


def first_sheet_records(path: Path) -> list[list[str | None]]:
    """The first visible sheet's cells as text (the contract's XLSX, a tabell export)."""
    wb = _open(path, path.name)
    sheets = visible_sheets(wb, path.name)
    if len(sheets) > 1:
        others = ", ".join(f"'{name}'" for name in sheets[1:])
        log.warning(
            "%s: leser bare første synlige ark '%s'; ignorerer %s", path.name, sheets[0], others
        )
    else:
        log.info("%s: leser arket '%s'", path.name, sheets[0])
    return _sheet_text(wb, path, sheets[0], path.name)


def sheet_records(path: Path, names: tuple[str, ...], shown: str) -> dict[str, list[list]]:
    """The named sheets of an XLSX (each the first visible sheet whose name starts with it),
    in any order in the workbook, their cells as text."""
    wb = _open(path, shown)
    out: dict[str, list[list]] = {}
    missing = []
    sheets = visible_sheets(wb, shown)
    for name in names:
        sheet = next((s for s in sheets if s.strip().casefold().startswith(name.casefold())), None)
        if sheet is None:
            missing.append(name)
            continue
        out[name] = _sheet_text(wb, path, sheet, f"{shown}:{sheet}")
    if missing:
        found = ", ".join(f"'{s}'" for s in sheets)
        melding = f"mangler arket {', '.join(missing)} (arkene er {found})"
        raise InputError([Problem(shown, None, None, melding)])
    return out


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the XLSX holds a formula (a cheap look at the XML)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = zf.read(name)
                if b"<f>" in data or b"<f " in data:
                    return True
    return False


def _warn_blank_formulas(
    path: Path, records: list[list[str | None]], sheet: str, shown: str
) -> None:
    """Log the cells that hold a formula but read as blank.

    Excel saves each formula's result, and that is what is read. A file written by a script
    holds only the formula, which reads as blank; without this warning the value would be
    lost without a word. (A formula whose result is the empty text reads as blank too.)
    """
    if not any(v is None for record in records for v in record) or not _has_formulas(path):
        return
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        cells = [
            f"{get_column_letter(j + 1)}{i + 1}"
            for i, row in enumerate(wb[sheet].iter_rows(values_only=True))
            for j, value in enumerate(row)
            if isinstance(value, str)
            and value.startswith("=")
            and i < len(records)
            and j < len(records[i])
            and records[i][j] is None
        ]
    finally:
        wb.close()
    if cells:
        listed = ", ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
        log.warning(
            "%s: %d celle(r) med formel uten lagret resultat leses som tomme (%s); "
            "åpne og lagre filen i Excel",
            shown,
            len(cells),
            listed,
        )
