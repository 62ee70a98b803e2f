"""The data contract (docs/data-contract.md) as data: sources, columns and allowed values.

Kept declarative so that ``ingest`` (headers), ``clean`` (values) and ``validate`` (the CLI)
all read the same single description.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YES_NO = ("Ja", "Nei")
YES_NO_UNKNOWN = ("Ja", "Nei", "Vet ikke")
YES_NO_PARTLY = ("Ja", "Nei", "Delvis")

KONTAKTPUNKT = ("sentralbord", "servicetorg", "helseleder", "frisklivssentral", "annen avdeling")
UTFALL = ("har tjeneste", "har ikke tjeneste", "uavklart", "satt over")
ORGANISERING = ("kommunal", "interkommunal")
FRISKLIV = ("organisert sammen", "frisklivssentral gir tilbud", "nei")
EGEN_ENHET = ("senter/avdeling", "koordinator", "nei")
TILBUDSTYPER = (
    "mestringskurs",
    "pårørendekurs",
    "diagnosekurs",
    "kurs på tvers av diagnoser",
    "samtalegruppe",
    "individuell opplæring",
    "pasientskole",
    "livsstilskurs",
    "annet",
)
DIAGNOSER = (
    "diabetes",
    "kols",
    "hjerte og kar",
    "kreft",
    "psykisk helse",
    "rus",
    "på tvers av diagnoser",
    "annet",
)
REKRUTTERING = ("via brukerorganisasjoner", "utenom organisasjonene", "vet ikke")


@dataclass(frozen=True)
class Column:
    """One contract column.

    Attributes:
        name: contract name.
        kind: how values are read: ``id``, ``text``, ``datetime``, ``date``, ``unit``
            (a kommune/bydel as typed), ``unit_list``, ``enum``, ``enum_list``, ``int``,
            ``personal`` (read for matching only, never written) or ``freetext`` (never written).
        required: ``yes``, ``no``, or a condition (``interkommunal``, ``i_gang``).
        values: allowed values for ``enum``/``enum_list`` in their canonical spelling.
        minimum: smallest allowed value of an ``int`` column (attempts count from 1).
        maximum: largest plausible value of an ``int`` column: anything above it is a typing
            or export error (a 20-digit number), quarantined like a value that is no number.
        blank_ok: a required column whose cells may be blank (the header must be there).
    """

    name: str
    kind: str
    required: str = "no"
    values: tuple[str, ...] = field(default=())
    minimum: int = 0
    maximum: int = 0
    blank_ok: bool = False

    @property
    def never_output(self) -> bool:
        return self.kind in ("personal", "freetext")


@dataclass(frozen=True)
class Source:
    """One raw source: its file stem and its columns in contract order."""

    name: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


RADMANN = Source(
    "radmann_skjema",
    (
        Column("svar_id", "id", "yes"),
        Column("innsendt", "datetime", "yes"),
        Column("enhet", "unit", "yes"),
        Column("har_tjeneste", "enum", "yes", YES_NO_UNKNOWN, blank_ok=True),
        Column("interkommunal", "enum", "no", YES_NO),
        Column("samarbeidskommuner", "unit_list"),
        Column("tjeneste_navn", "text"),
        Column("kontaktperson", "personal"),
        Column("kontakt_telefon", "personal"),
        Column("kontakt_epost", "personal"),
        Column("kommentar", "freetext"),
    ),
)

RINGERUNDE = Source(
    "ringerunde_logg",
    (
        Column("enhet", "unit", "yes"),
        Column("dato", "date", "yes"),
        Column("forsok", "int", "yes", minimum=1, maximum=10_000),
        Column("kontaktpunkt", "enum", "no", KONTAKTPUNKT),
        Column("utfall", "enum", "yes", UTFALL),
        Column("kontaktperson", "personal"),
        Column("telefon", "personal"),
        Column("notat", "freetext"),
    ),
)

INTERVJU = Source(
    "telefonintervju",
    (
        Column("tjeneste_id", "id", "yes"),
        Column("tjeneste_navn", "text", "yes"),
        Column("vertskommune", "unit", "yes"),
        Column("organisering", "enum", "yes", ORGANISERING),
        Column("deltakerkommuner", "unit_list", "interkommunal"),
        Column("friskliv", "enum", "yes", FRISKLIV),
        Column("navn_med_mestring", "enum", "yes", YES_NO),
        Column("egen_enhet", "enum", "yes", EGEN_ENHET),
        Column("prosjektfinansiert", "enum", "no", YES_NO),
        Column("i_gang", "enum", "yes", YES_NO),
        Column("antall_tilbud", "int", "yes", maximum=100_000),
        Column("tilbudstyper", "enum_list", "i_gang", TILBUDSTYPER),
        Column("diagnoser", "enum_list", "no", DIAGNOSER),
        Column("bm_utvikling", "enum", "yes", YES_NO_PARTLY),
        Column("bm_planlegging", "enum", "yes", YES_NO_PARTLY),
        Column("bm_gjennomforing", "enum", "yes", YES_NO_PARTLY),
        Column("bm_evaluering", "enum", "yes", YES_NO_PARTLY),
        Column("brukerorg_etablering", "enum", "no", YES_NO_UNKNOWN),
        Column("rekruttering", "enum", "i_gang", REKRUTTERING),
        Column("mange_ars_erfaring", "enum", "yes", YES_NO),
        Column("intervjuer", "personal"),
        Column("intervjudato", "date"),
        Column("leder_navn", "personal"),
        Column("leder_telefon", "personal"),
    ),
)

SOURCES: dict[str, Source] = {s.name: s for s in (RADMANN, RINGERUNDE, INTERVJU)}

# A per-kommune indicator read beside a wave (KOSTRA's frisklivssentral indicator as SSB's
# statistics bank exports it): not a source of the kartlegging, so not in SOURCES (a run
# never reads it); the comparison reads it through an import map (``indikator.import.yaml``).
# ``region`` is SSB's "NNNN Navn"; ``verdi`` Ja/Nei after the map's ``verdier``;
# ``variabel`` the statistics variable's text (SSB's "statistikkvariabel").
INDIKATOR = Source(
    "indikator",
    (
        Column("region", "text", "yes"),
        Column("ar", "int", "yes", minimum=1900, maximum=2100),
        Column("verdi", "enum", "yes", YES_NO, blank_ok=True),
        Column("variabel", "text"),
    ),
)
# Every source an import map may name, by name.
MAPPED_SOURCES: dict[str, Source] = SOURCES | {INDIKATOR.name: INDIKATOR}


def source(name: str) -> Source:
    """A source an import map may name (the kartlegging's three, or the indicator)."""
    return MAPPED_SOURCES[name]


def contract_columns() -> dict[str, list[str]]:
    """Every source's contract column names, in contract order."""
    return {name: [c.name for c in source.columns] for name, source in SOURCES.items()}


# What each column means, in the words a questionnaire or a spreadsheet would use: the text
# `lmsanalyse map` and the missing-column messages compare export question texts and headers
# with (besides the column name and the header aliases). Taken from the data contract.
DESCRIPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "radmann_skjema": {
        "svar_id": ("svar-ID", "unik ID for innsendingen"),
        "innsendt": ("tidspunkt for innsending", "innsendt dato og klokkeslett"),
        "enhet": ("kommunen eller bydelen som svarte", "kommune/bydel"),
        "har_tjeneste": (
            "Har kommunen/bydelen en lærings- og mestringstjeneste?",
            "LMS-tjeneste (lærings- og mestringstjeneste)",  # the usual abbreviation
        ),
        "interkommunal": ("Er tjenesten interkommunal, delt med andre kommuner?",),
        "samarbeidskommuner": ("de andre kommunene i tjenesten", "samarbeidskommuner"),
        "tjeneste_navn": ("navn på tjenesten", "Hva heter tjenesten?"),
        "kontaktperson": ("kontaktperson, leder av tjenesten",),
        "kontakt_telefon": ("telefon til kontaktpersonen",),
        "kontakt_epost": ("e-post til kontaktpersonen",),
        "kommentar": ("kommentarer", "Har du andre kommentarer?", "fritekst"),
    },
    "ringerunde_logg": {
        "enhet": ("kommunen eller bydelen som ble ringt", "kommune/bydel"),
        "dato": ("dato for samtalen",),
        "forsok": ("forsøk nummer", "oppringningsforsøk for enheten"),
        "kontaktpunkt": ("hvem svarte", "kontaktpunkt"),
        "utfall": ("utfall av samtalen", "resultat"),
        "kontaktperson": ("kontaktperson",),
        "telefon": ("telefonnummer",),
        "notat": ("notat", "fritekst"),
    },
    "telefonintervju": {
        "tjeneste_id": ("tjeneste-ID", "unik ID for tjenesten"),
        "tjeneste_navn": ("tjenestens navn", "Hva heter tjenesten?"),
        "vertskommune": ("vertskommune, kommunen som har tjenesten",),
        "organisering": (
            "organisering: kommunal eller interkommunal",
            "Hvordan er tjenesten organisert?",
        ),
        "deltakerkommuner": ("deltakende kommuner", "alle kommunene som deltar i tjenesten"),
        "friskliv": ("Er tjenesten organisert sammen med en frisklivssentral?",),
        "navn_med_mestring": ("Inneholder navnet på tjenesten ordet mestring?",),
        "egen_enhet": ("Har tjenesten et eget senter, en avdeling eller en koordinator?",),
        "prosjektfinansiert": ("Er tjenesten prosjektfinansiert?",),
        "i_gang": ("Har tjenesten kommet i gang med å gi tilbud?",),
        "antall_tilbud": ("antall tilbud siste år", "Hvor mange tilbud ga tjenesten siste år?"),
        "tilbudstyper": ("Hvilke typer tilbud gir tjenesten?", "tilbudstyper"),
        "diagnoser": ("Hvilke diagnoser er tilbudene rettet mot?", "diagnoser"),
        "bm_utvikling": ("sidestilt brukermedvirkning i utvikling av tilbudene",),
        "bm_planlegging": ("sidestilt brukermedvirkning i planlegging av tilbudene",),
        "bm_gjennomforing": ("sidestilt brukermedvirkning i gjennomføring av tilbudene",),
        "bm_evaluering": ("sidestilt brukermedvirkning i evaluering av tilbudene",),
        "brukerorg_etablering": (
            "Deltar brukerorganisasjonene i etablering og utvikling av tjenesten?",
        ),
        "rekruttering": ("Hvordan rekrutteres brukerrepresentantene?", "rekruttering"),
        "mange_ars_erfaring": ("mange års erfaring med flere ulike tilbud uten egen tjeneste",),
        "intervjuer": ("intervjuer",),
        "intervjudato": ("dato for intervjuet", "intervjudato"),
        "leder_navn": ("navn på leder av tjenesten",),
        "leder_telefon": ("telefon til leder av tjenesten",),
    },
    "indikator": {
        "region": ("region", "kommune", "kommunenummer og navn"),
        "ar": ("år", "årgang", "statistikkår"),
        "verdi": ("verdi", "indikatorens verdi", "frisklivssentral"),
        "variabel": ("statistikkvariabel", "hva tallet måler"),
    },
}


# ---------------------------------------------------------------- clean → include

# Every table the clean stage writes, declared once: its file (layout.CLEAN_TABLES), the
# source it is cleaned from (clean.clean_stage), and, for a Parquet table, its schema: column →
# Arrow type, in column order. The clean stage casts to it and refuses a missing or extra
# column (``outputs.write_parquet``); the include stage's staging SQL relies on it. Types are
# Arrow type names, so that this module needs no pyarrow at import. Which of them the SQL
# reads, the SQL says (``src_<name>``: sql_tables.clean_tables_read).
ROW_COLUMN = "_rad"
TEXT = "large_string"
TEXT_LIST = "list<string>"


@dataclass(frozen=True)
class CleanTable:
    """A table the clean stage writes to data/processed.

    Attributes:
        name: the table (and file stem).
        columns: its Parquet schema, column → Arrow type name in column order; None: a CSV
            (the row accounting and what the clean stage says about the raw rows).
        source: the contract source (:data:`SOURCES`) cleaned into it, if any.
    """

    name: str
    columns: dict[str, str] | None = None
    source: str | None = None

    @property
    def file(self) -> str:
        return f"{self.name}.{'csv' if self.columns is None else 'parquet'}"


# One submission of the questionnaire: the latest per unit (radmann_svar) and every usable one
# (radmann_innsendinger) share these columns.
_RADMANN_SUBMISSION = {
    ROW_COLUMN: "int64",
    "svar_id": TEXT,
    "innsendt": "timestamp[us]",
    "enhet_id": TEXT,
    "har_tjeneste": TEXT,
    "interkommunal": TEXT,
    "samarbeidskommuner": TEXT_LIST,
    "tjeneste_navn": TEXT,
}

CLEAN_TABLES: dict[str, CleanTable] = {
    t.name: t
    for t in (
        CleanTable(
            "radmann_svar",
            {**_RADMANN_SUBMISSION, "antall_innsendinger": "int64"},
            source=RADMANN.name,
        ),
        # Every usable submission (radmann_svar keeps the latest per unit); erstattet_av is the
        # svar_id of the submission that superseded it, empty for the one that counts.
        CleanTable("radmann_innsendinger", {**_RADMANN_SUBMISSION, "erstattet_av": TEXT}),
        CleanTable(
            "ringerunde",
            {
                ROW_COLUMN: "int64",
                "enhet_id": TEXT,
                "dato": "date32",
                "forsok": "int64",
                "kontaktpunkt": TEXT,
                "utfall": TEXT,
            },
            source=RINGERUNDE.name,
        ),
        CleanTable(
            "telefonintervju",
            {
                ROW_COLUMN: "int64",
                "tjeneste_id": TEXT,
                "tjeneste_navn": TEXT,
                "vertskommune_id": TEXT,
                "organisering": TEXT,
                "deltakerkommuner": TEXT_LIST,
                "friskliv": TEXT,
                "navn_med_mestring": TEXT,
                "egen_enhet": TEXT,
                "prosjektfinansiert": TEXT,
                "i_gang": TEXT,
                "antall_tilbud": "int64",
                "tilbudstyper": TEXT_LIST,
                "diagnoser": TEXT_LIST,
                "bm_utvikling": TEXT,
                "bm_planlegging": TEXT,
                "bm_gjennomforing": TEXT,
                "bm_evaluering": TEXT,
                "brukerorg_etablering": TEXT,
                "rekruttering": TEXT,
                "mange_ars_erfaring": TEXT,
                "intervjudato": "date32",
                # List columns with an item that could not be read: a rule that reads such a list
                # and is not met by the items that could be read cannot be decided.
                "ulesbare": TEXT_LIST,
            },
            source=INTERVJU.name,
        ),
        # The register tables (the configured register, lmsanalyse.reference), as the clean
        # stage writes them.
        CleanTable(
            "enheter",
            {
                "enhet_id": TEXT,
                "enhet_navn": TEXT,
                "enhetstype": TEXT,
                "kommunenummer": TEXT,
                "kommunenavn": TEXT,
                "fylkesnummer": TEXT,
                "fylkesnavn": TEXT,
            },
        ),
        CleanTable(
            "kommuner",
            {
                "kommunenummer": TEXT,
                "kommunenavn": TEXT,
                "fylkesnummer": TEXT,
                "fylkesnavn": TEXT,
                "folkemengde_2015": "int64",
            },
        ),
        CleanTable(
            "kommuneendringer",
            {
                "kommunenummer_2014": TEXT,
                "kommunenavn_2014": TEXT,
                "kommunenummer_2020": TEXT,
                "kommunenavn_2020": TEXT,
                "endring": TEXT,
            },
        ),
        CleanTable("fylker_2020", {"fylkesnummer_2020": TEXT, "fylkesnavn_2020": TEXT}),
        CleanTable(
            "oslo_folkemengde",
            {
                "delnummer": TEXT,
                "delnavn": TEXT,
                "bydel": TEXT,
                "folkemengde_2015": "int64",
                # The kommune the part belongs to (0301 in the 2014 register; a synthetic register
                # has several kommuner with bydeler).
                "kommunenummer": TEXT,
            },
        ),
        # What the clean stage says about the raw rows (CSV: read as text by the SQL).
        CleanTable("quarantine"),
        CleanTable("row_accounting"),
        CleanTable("navnetolkning"),
        # Columns the definitions read that are blank in too many of their rows (keycolumns).
        CleanTable("advarsler"),
        # Columns an export truly lacks, as its map or the alias file declares (mangler).
        CleanTable("manglende_kolonner"),
    )
}
# The Parquet schemas by table name (CLEAN_TABLES).
CLEAN_SCHEMAS: dict[str, dict[str, str]] = {
    name: t.columns for name, t in CLEAN_TABLES.items() if t.columns is not None
}


def arrow_schema(table: str):
    """The declared Arrow schema of a clean-stage table (``CLEAN_SCHEMAS``)."""
    import pyarrow as pa

    types = {
        "int64": pa.int64(),
        TEXT: pa.large_string(),
        TEXT_LIST: pa.list_(pa.string()),
        "timestamp[us]": pa.timestamp("us"),
        "date32": pa.date32(),
    }
    return pa.schema([(col, types[kind]) for col, kind in CLEAN_SCHEMAS[table].items()])
