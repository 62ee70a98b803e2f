"""What messy real exports contain must never lose a row, change a figure or leak a name.

One class of failure per test class, each tried with several inputs (issue 11).
"""

from __future__ import annotations

import logging
from pathlib import Path

import openpyxl
import pytest

from lmsanalyse.ingest.reader import read_raw_table
from lmsanalyse.problems import InputError

RINGERUNDE_HEADER = ["enhet", "dato", "forsok", "kontaktpunkt", "utfall"]


def write_book(path: Path, sheets: list[tuple[str, list[list], str]]) -> Path:
    """An XLSX with the given (name, rows, state) sheets; state is visible/hidden/veryHidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, state in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    # openpyxl refuses to save a book whose active sheet is hidden: make a visible one active.
    visible = [i for i, (_, _, state) in enumerate(sheets) if state == "visible"]
    book.active = visible[0] if visible else 0
    book.save(path)
    return path


STALE = [RINGERUNDE_HEADER, ["Narvik", "01.12.2014", 1, "sentralbord", "uavklart"]]
CURRENT = [
    RINGERUNDE_HEADER,
    ["Narvik", "01.12.2014", 1, "sentralbord", "uavklart"],
    ["Narvik", "03.12.2014", 2, "helseleder", "har tjeneste"],
]


class TestHiddenSheets:
    @pytest.mark.parametrize("state", ["hidden", "veryHidden"])
    def test_a_hidden_first_sheet_is_not_read(self, tmp_path, caplog, state):
        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [("Gammel", STALE, state), ("Logg", CURRENT, "visible")],
        )
        with caplog.at_level(logging.INFO, logger="lmsanalyse"):
            table = read_raw_table(path, "ringerunde_logg")
        assert table.data["utfall"].tolist() == ["uavklart", "har tjeneste"]
        assert "ringerunde_logg.xlsx: skjulte ark blir ikke lest: 'Gammel'" in caplog.text
        assert "leser arket 'Logg'" in caplog.text

    def test_hidden_sheets_between_visible_ones(self, tmp_path, caplog):
        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [
                ("Hjelp", [["x"]], "hidden"),
                ("Logg", CURRENT, "visible"),
                ("Kopi", STALE, "hidden"),
                ("Notater", [["y"]], "visible"),
            ],
        )
        with caplog.at_level(logging.INFO, logger="lmsanalyse"):
            table = read_raw_table(path, "ringerunde_logg")
        assert len(table.data) == 2
        assert "skjulte ark blir ikke lest: 'Hjelp', 'Kopi'" in caplog.text
        assert "leser bare første synlige ark 'Logg'; ignorerer 'Notater'" in caplog.text

    def test_a_book_with_only_hidden_sheets_is_an_error(self, tmp_path):
        import re
        import zipfile

        path = write_book(
            tmp_path / "ringerunde_logg.xlsx",
            [("Logg", CURRENT, "visible"), ("Skjult", STALE, "hidden")],
        )
        # openpyxl will not save a book without a visible sheet: hide the last one in the XML.
        with zipfile.ZipFile(path) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
        parts["xl/workbook.xml"] = re.sub(
            rb'state="visible"', b'state="hidden"', parts["xl/workbook.xml"]
        )
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        with pytest.raises(InputError) as info:
            read_raw_table(path, "ringerunde_logg")
        assert str(info.value) == (
            "ringerunde_logg.xlsx: arbeidsboken har ingen synlige ark (bare skjulte: Logg, Skjult)"
        )
