"""What a run reads is declared once (lmsanalyse.columns_read), and the declaration holds
against the SQL: a contract column the include stage's SQL reads beyond its staging is declared
by some part of the run, and a declared column is read by the SQL or by the clean stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lmsanalyse.columns_read import ALL_RULES, RULE_READERS, key_columns
from lmsanalyse.contract import SOURCES

SQL = Path(__file__).resolve().parents[1] / "src" / "lmsanalyse" / "include" / "sql"
# The clean stage's table of each source, and the columns it renames there.
TABLE = {"radmann_skjema": "radmann_svar", "ringerunde_logg": "ringerunde", "telefonintervju": "telefonintervju"}  # fmt: skip
RENAMED = {"enhet": "enhet_id", "vertskommune": "vertskommune_id"}
# Read by the clean stage, not the SQL: the latest submission of a unit wins by its time.
READ_BY_CLEAN = {("radmann_skjema", "innsendt")}


def read_by_sql(source: str) -> set[str]:
    """The contract columns of a source that the SQL reads beyond its staging view."""
    staging = (SQL / "staging" / f"stg_{TABLE[source]}.sql").read_text("utf-8")
    later = " ".join(
        p.read_text("utf-8")
        for layer in ("decisions", "marts")
        for p in (SQL / layer).glob("*.sql")
    )
    later = re.sub(r"--[^\n]*", " ", later)  # comments name columns too
    found = set()
    for column in SOURCES[source].columns:
        name = RENAMED.get(column.name, column.name)
        if column.never_output or not re.search(rf"\b{name}\b", staging):
            continue
        if re.search(rf"\b{name}\b", later):
            found.add(column.name)
    return found


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_column_the_sql_reads_is_declared(source: str) -> None:
    declared = set(key_columns(ALL_RULES)[source])
    assert read_by_sql(source) <= declared


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_declared_column_is_read(source: str) -> None:
    declared = set(key_columns(ALL_RULES)[source])
    clean = {c for s, c in READ_BY_CLEAN if s == source}
    assert declared - read_by_sql(source) <= clean


def test_every_rule_of_the_catalogue_declares_what_it_reads() -> None:
    from lmsanalyse.rules import RULE_IDS

    assert tuple(RULE_READERS) == RULE_IDS
    assert all(reader.kolonner for reader in RULE_READERS.values())


def test_a_run_reads_more_than_the_contract_requires() -> None:
    key = key_columns(("I1_intervjuet", "I2_brukermedvirkning", "I3_etablert", "I4_lms_tilbud"))
    optional_read = {
        (s, c.name) for s, src in SOURCES.items() for c in src.columns
        if c.required == "no" and c.name in key[s]
    }  # fmt: skip
    assert optional_read == {
        ("radmann_skjema", "interkommunal"),
        ("radmann_skjema", "samarbeidskommuner"),
        ("radmann_skjema", "tjeneste_navn"),
        ("ringerunde_logg", "kontaktpunkt"),
        ("telefonintervju", "prosjektfinansiert"),
        ("telefonintervju", "diagnoser"),
        ("telefonintervju", "brukerorg_etablering"),
    }
