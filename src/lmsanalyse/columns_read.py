"""What a run reads from the raw sources, declared once (docs/data-contract.md, "Key columns:
no silent loss").

Every part of a run that reads a contract column says so here: each rule of the definitions
(read only when a definition of the run uses the rule), and what every run reads (the units'
answers and their AAPOR dispositions, the kommuner a service covers, the service categories
and the figures about the services). A run's **key columns** are the union over what it
runs: a key column missing from an export is an error naming the column, what reads it, the
closest unmapped headers and the fix; a column an export truly lacks is declared with
``mangler: {kolonne: grunn}`` in its import map or alias file, and the report names it with
the figures it affects.

``tests/test_columns_read.py`` holds this declaration against the SQL: a contract column that
the include stage's SQL reads and no entry here names fails the test, and so does an entry
the SQL does not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .contract import INTERVJU, RADMANN, RINGERUNDE

RAD, ROWS, INT = RADMANN.name, RINGERUNDE.name, INTERVJU.name


@dataclass(frozen=True)
class Reader:
    """One part of a run and the contract columns it reads.

    Attributes:
        hva: what reads the columns, as a message names it (``regel I2 brukermedvirkning``).
        virkning: the figures it makes, in words, as the report names what a missing
            column affects.
        kolonner: source → the contract columns read.
        regel: the rule id, for a rule of the definitions ("" for what every run reads).
    """

    hva: str
    virkning: str
    kolonner: dict[str, tuple[str, ...]] = field(default_factory=dict)
    regel: str = ""


RULE_READERS: dict[str, Reader] = {
    "I1_intervjuet": Reader(
        "regel I1 intervjuet",
        "hvilke tjenester som er bekreftet, og tjenestene en enhets Ja alene ville gitt",
        {
            RAD: ("har_tjeneste", "interkommunal", "samarbeidskommuner"),
            ROWS: ("utfall",),
            INT: ("tjeneste_id", "vertskommune"),
        },
        "I1_intervjuet",
    ),
    "I2_brukermedvirkning": Reader(
        "regel I2 brukermedvirkning",
        "hvilke tjenester som inkluderes, og dermed alle tall for tjenester og dekning",
        {INT: ("i_gang", "bm_utvikling", "bm_planlegging", "bm_gjennomforing", "bm_evaluering")},
        "I2_brukermedvirkning",
    ),
    "I3_etablert": Reader(
        "regel I3 etablert",
        "hvilke tjenester som inkluderes, og dermed alle tall for tjenester og dekning",
        {INT: ("friskliv", "egen_enhet", "mange_ars_erfaring")},
        "I3_etablert",
    ),
    "I4_lms_tilbud": Reader(
        "regel I4 lærings- og mestringstilbud",
        "hvilke tjenester som inkluderes, og dermed alle tall for tjenester og dekning",
        {INT: ("i_gang", "tilbudstyper")},
        "I4_lms_tilbud",
    ),
    "I5_i_gang": Reader(
        "regel I5 i gang",
        "hvilke tjenester som inkluderes, og dermed alle tall for tjenester og dekning",
        {INT: ("i_gang",)},
        "I5_i_gang",
    ),
}

ALWAYS_READERS: tuple[Reader, ...] = (
    Reader(
        "enhetenes svar (AAPOR-disposisjonene)",
        "svarprosentene (AAPOR RR1–RR4, COOP1, REF1, CON1) og enhetenes vei gjennom kartleggingen",
        {
            RAD: (
                "svar_id",
                "innsendt",
                "enhet",
                "har_tjeneste",
                "interkommunal",
                "samarbeidskommuner",
                "tjeneste_navn",
            ),
            ROWS: ("enhet", "dato", "forsok", "kontaktpunkt", "utfall"),
        },
    ),
    Reader(
        "kommunenes dekning",
        "hvilke kommuner som er dekket, og dermed alle tall for kommuner og befolkning",
        {INT: ("tjeneste_id", "vertskommune", "organisering", "deltakerkommuner")},
    ),
    Reader(
        "tjenestekategoriene",
        "fordelingen av tjenestene på frisklivssentral, eget senter, koordinator og erfaring",
        {INT: ("friskliv", "egen_enhet", "mange_ars_erfaring")},
    ),
    Reader(
        "tallene om tjenestene",
        "navn med «mestring», antall tilbud, tilbudstyper og tjenester i gang",
        {INT: ("tjeneste_navn", "navn_med_mestring", "i_gang", "antall_tilbud", "tilbudstyper")},
    ),
    Reader(
        "tallene om diagnoser",
        "tjenester per diagnose eller målgruppe",
        {INT: ("diagnoser",)},
    ),
    Reader(
        "tallene om finansiering",
        "prosjektfinansierte tjenester",
        {INT: ("prosjektfinansiert",)},
    ),
    Reader(
        "tallene om brukerorganisasjonene",
        "brukerorganisasjonenes deltakelse i etableringen og rekrutteringen av deltakere",
        {INT: ("brukerorg_etablering", "rekruttering")},
    ),
)


def readers(rule_ids: tuple[str, ...] | list[str]) -> list[Reader]:
    """What a run reads whose definitions use ``rule_ids``: those rules, then the rest."""
    unknown = sorted(set(rule_ids) - RULE_READERS.keys())
    if unknown:
        raise KeyError(f"regler uten erklærte kolonner: {', '.join(unknown)}")
    return [RULE_READERS[r] for r in RULE_READERS if r in rule_ids] + list(ALWAYS_READERS)


def key_columns(rule_ids: tuple[str, ...] | list[str]) -> dict[str, dict[str, list[Reader]]]:
    """source → key column → what reads it, for a run whose definitions use ``rule_ids``."""
    out: dict[str, dict[str, list[Reader]]] = {RAD: {}, ROWS: {}, INT: {}}
    for reader in readers(rule_ids):
        for source, columns in reader.kolonner.items():
            for column in columns:
                out[source].setdefault(column, []).append(reader)
    return out


# Every rule of the catalogue: what a run reads when it is not told its definitions (a
# `validate` or a test on the raw files alone reads as the widest run would).
ALL_RULES: tuple[str, ...] = tuple(RULE_READERS)
