"""Ingest stage: find the raw exports of each source and read them into text tables.

One way down, no import back up (docs/architecture.md, "Ingest"):

* bottom: :mod:`.raw_table` (the :class:`~.raw_table.RawTable`, header and cell helpers),
  and the record readers :mod:`.records`, :mod:`.delimited` and :mod:`.xlsx_reader`;
* the format readers: :mod:`.contract_file` (the contract's CSV/XLSX shape) and the
  survey-tool exports :mod:`.surveyxact`, :mod:`.nettskjema`, :mod:`.tabell`, each into an
  :class:`~.export.Export`, which :mod:`.importmap` turns into a raw table through its map;
* :mod:`.keycolumns` judges a raw table's key columns;
* top: :mod:`.reader` chooses the format of each source and checks its columns.
"""
