"""Ingest stage: find the raw exports of each source and read them into text tables.

A source is a contract-shaped CSV/XLSX (:mod:`.reader`) or a survey-tool export read through
its import map (:mod:`.importmap`, with the format readers :mod:`.surveyxact`,
:mod:`.nettskjema` and :mod:`.tabell`); both become the same :class:`.reader.RawTable`, whose
key columns :mod:`.keycolumns` judges.
"""
