"""Ingest stage: find the raw exports of each source and read them into text tables."""
