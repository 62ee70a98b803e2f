"""Plain tables: a CSV or XLSX with one header row, optionally with a codebook.

The table follows the contract's file conventions (CSV in UTF-8, UTF-8 with BOM, UTF-16
with BOM or Windows-1252, ``,`` or ``;``; XLSX: the first sheet); its headers are its
variables and their question texts. The optional codebook is a CSV or XLSX with the header
``variabel,kode,etikett``: one row per code of a coded variable.
"""

from __future__ import annotations

from pathlib import Path

from ..config import ImportMap
from ..problems import InputError, Problem
from .delimited import csv_records, is_blank
from .export import Export, cell, table_from_records
from .raw_table import normalise_header
from .xlsx_reader import first_sheet_records

CODEBOOK_COLUMNS = ("variabel", "kode", "etikett")


def _records(path: Path, known: set[str], shown: str) -> tuple[list[list], str, str | None]:
    if not path.exists():
        raise InputError([Problem(shown, None, None, "filen finnes ikke")])
    if path.suffix.lower() == ".xlsx":
        return first_sheet_records(path), "xlsx", None
    if path.suffix.lower() in (".csv", ".txt"):
        return csv_records(path, known)
    raise InputError([Problem(shown, None, None, "ukjent filtype; bruk .csv eller .xlsx")])


def read_tabell(m: ImportMap) -> Export:
    """Read the table an import map names, with its codebook if it names one.

    Raises:
        InputError: a file cannot be read, or the codebook lacks its columns.
    """
    data = m.data_file
    known = {normalise_header(v) for v in m.kolonner.values()}
    known |= {normalise_header(v) for items in m.lister.values() for v in items}
    records, encoding, delimiter = _records(data, known, m.shown(data))
    export = table_from_records(records, data, m.shown(data))
    export.encoding, export.delimiter, export.files = encoding, delimiter, [data]
    export.questions = {v: v for v in export.variables}
    if "kodebok" in m.filer:
        book = m.filer["kodebok"]
        export.files.append(book)
        # The codebook names variables as the headers do, up to case and spacing.
        codes = _codebook(book, m.shown(book))
        export.labels = {export.find(v) or v: c for v, c in codes.items()}
    return export


def _codebook(path: Path, shown: str) -> dict[str, dict[str, str]]:
    records, _, _ = _records(path, set(CODEBOOK_COLUMNS), shown)
    rows = [(i + 1, r) for i, r in enumerate(records) if not is_blank(r)]
    if not rows:
        raise InputError([Problem(shown, None, None, "kodeboken er tom")])
    (header_row, header), rows = rows[0], rows[1:]
    names = [normalise_header(cell(h)) for h in header]
    if any(c not in names for c in CODEBOOK_COLUMNS):
        melding = f"overskriften må ha kolonnene {','.join(CODEBOOK_COLUMNS)}"
        raise InputError([Problem(shown, header_row, None, melding)])
    pos = {c: names.index(c) for c in CODEBOOK_COLUMNS}
    labels: dict[str, dict[str, str]] = {}
    for row_no, record in rows:
        fields = {c: (cell(record[i]) if i < len(record) else None) for c, i in pos.items()}
        if not fields["variabel"] or fields["kode"] is None:
            melding = "mangler variabel eller kode"
            raise InputError([Problem(shown, row_no, None, melding)])
        label = " ".join((fields["etikett"] or "").split())
        labels.setdefault(fields["variabel"].strip(), {})[fields["kode"].strip()] = label
    return labels
