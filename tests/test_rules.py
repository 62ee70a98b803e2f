"""Given rows → expected rows: the inclusion SQL on tiny hand-made clean-stage inputs.

Each scenario writes a minimal ``data/processed`` (the real 2014 register, plus a few
questionnaire answers, call attempts and interviewed services with exactly the clean
stage's column names and Arrow types) and applies a definition with ``run_include``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from lmsanalyse.clean.clean_stage import (
    ACCOUNTING_COLUMNS,
    MATCH_NOTE_COLUMNS,
    MISSING_COLUMNS,
    QUARANTINE_COLUMNS,
    write_register,
)
from lmsanalyse.config import ConfigError, load_definition
from lmsanalyse.contract import arrow_schema
from lmsanalyse.include.include_stage import run_include
from lmsanalyse.layout import CLEAN_TABLES, RunLayout

REPO = Path(__file__).resolve().parents[1]
REF_DIR = REPO / "data" / "reference"
MAIN_DEFINITION = REPO / "config" / "definitions" / "nklmh_2015.yaml"

# The clean stage's Parquet schemas, declared once in the contract (contract.CLEAN_SCHEMAS);
# checked against the bundled clean output in test_schemas_match_clean_stage.
SCHEMAS = {name: arrow_schema(name) for name in ("radmann_svar", "ringerunde", "telefonintervju")}

ALL_RULES_OK = "Oppfyller alle regler i definisjonen "
I2_TEXT = "I2_brukermedvirkning: ikke sidestilt brukermedvirkning (Ja) i alle aktuelle faser ({})"
I3_TEXT = (
    "I3_etablert: ingen etablert tjeneste (verken frisklivssentral, eget senter/avdeling, "
    "koordinator eller mange års erfaring)"
)
I3_EXCEPTION_OFF = (
    "I3_etablert: ingen etablert tjeneste, og unntaket for mange års erfaring gjelder ikke i "
    "denne definisjonen"
)
I4_TEXT = "I4_lms_tilbud: ingen lærings- og mestringstilbud blant tilbudene ({})"
I5_TEXT = "I5_i_gang: tjenesten er ikke kommet i gang med tilbud"
KONFLIKT = "{}: rådmannen svarte Nei, men enheten deltar i inkludert tjeneste"


# ---------------------------------------------------------------- builders


def radmann(enhet_id: str, svar: str | None, **kw) -> dict:
    """One questionnaire unit's (latest) answer."""
    row = {
        "svar_id": f"R-{enhet_id}",
        "innsendt": dt.datetime(2014, 11, 3, 9, 0),
        "enhet_id": enhet_id,
        "har_tjeneste": svar,
        "interkommunal": "Nei" if svar == "Ja" else None,
        "samarbeidskommuner": None,
        "tjeneste_navn": None,
        "antall_innsendinger": 1,
    }
    row.update(kw)
    return row


def call(enhet_id: str, forsok: int, utfall: str) -> dict:
    """One call attempt."""
    return {
        "enhet_id": enhet_id,
        "dato": dt.date(2014, 12, forsok),
        "forsok": forsok,
        "kontaktpunkt": "sentralbord",
        "utfall": utfall,
    }


def service(tjeneste_id: str, host: str, **kw) -> dict:
    """An interviewed service that passes every rule of nklmh_2015 unless overridden."""
    row = {
        "tjeneste_id": tjeneste_id,
        "tjeneste_navn": f"Tjeneste {tjeneste_id}",
        "vertskommune_id": host,
        "organisering": "kommunal",
        "deltakerkommuner": [host],
        "friskliv": "organisert sammen",
        "navn_med_mestring": "Nei",
        "egen_enhet": "nei",
        "prosjektfinansiert": None,
        "i_gang": "Ja",
        "antall_tilbud": 3,
        "tilbudstyper": ["mestringskurs"],
        "diagnoser": ["diabetes"],
        "bm_utvikling": "Ja",
        "bm_planlegging": "Ja",
        "bm_gjennomforing": "Ja",
        "bm_evaluering": "Ja",
        "brukerorg_etablering": "Ja",
        "rekruttering": "via brukerorganisasjoner",
        "mange_ars_erfaring": "Nei",
        "intervjudato": dt.date(2015, 1, 15),
    }
    if kw.get("organisering") == "interkommunal" and "deltakerkommuner" not in kw:
        raise ValueError("an interkommunal service needs deltakerkommuner")
    if kw.get("i_gang") == "Nei":
        row.update(tilbudstyper=None, diagnoser=None, rekruttering=None, antall_tilbud=0)
    row.update(kw)
    return row


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    rows = [{"_rad": i + 2, **r} for i, r in enumerate(rows)]
    return pa.Table.from_pylist(rows, schema=schema)


def write_processed(
    out: Path,
    radmann_rows: list[dict] = (),
    call_rows: list[dict] = (),
    services: list[dict] = (),
    accounting: list[dict] | None = None,
    quarantine: list[dict] = (),
) -> Path:
    """A minimal clean-stage output folder."""
    out.mkdir(parents=True, exist_ok=True)
    write_register(REF_DIR, clean_files(out))
    for name, rows in (
        ("radmann_svar", radmann_rows),
        ("ringerunde", call_rows),
        ("telefonintervju", services),
    ):
        pq.write_table(_table(name, list(rows)), out / f"{name}.parquet")
    if accounting is None:
        accounting = [
            {"kilde": src, "rader_inn": n, "brukt": n}
            for src, n in (
                ("radmann_skjema", len(radmann_rows)),
                ("ringerunde_logg", len(call_rows)),
                ("telefonintervju", len(services)),
            )
        ]
    acc = pd.DataFrame(
        [
            {
                "fil": f"{a['kilde']}.csv",
                "format": "utf-8",
                "skilletegn": ",",
                "sha256": "0" * 64,
                "slatt_sammen": 0,
                "karantene": 0,
                "tomme_rader": 0,
                "ignorerte_kolonner": "",
                **a,
            }
            for a in accounting
        ],
        columns=ACCOUNTING_COLUMNS,
    )
    acc.to_csv(out / "row_accounting.csv", index=False)
    pd.DataFrame(list(quarantine), columns=QUARANTINE_COLUMNS).to_csv(
        out / "quarantine.csv", index=False
    )
    # No names read by similarity and no columns an export lacks.
    pd.DataFrame([], columns=MATCH_NOTE_COLUMNS).to_csv(out / "navnetolkning.csv", index=False)
    pd.DataFrame([], columns=MISSING_COLUMNS).to_csv(out / "manglende_kolonner.csv", index=False)
    return out


# A variant's parameter → the rule of the definition it belongs to.
PARAMETER_RULE = {
    "godta_ja_uten_intervju": "I1_intervjuet",
    "godta_delvis": "I2_brukermedvirkning",
    "godta_mange_ars_erfaring": "I3_etablert",
}


def definition_variant(folder: Path, navn: str, **changes) -> Path:
    """A copy of nklmh_2015.yaml with other values (``navn`` = the file stem).

    ``krev_i_gang=True`` adds the rule I5_i_gang; other keys are rule parameters.
    """
    definition = yaml.safe_load(MAIN_DEFINITION.read_text(encoding="utf-8"))
    definition["navn"] = navn
    for key, value in changes.items():
        if key == "krev_i_gang":
            if value:
                definition["regler"]["I5_i_gang"] = {}
        else:
            definition["regler"][PARAMETER_RULE[key]][key] = value
    path = folder / f"{navn}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return path


def clean_files(processed: Path) -> dict[str, Path]:
    """The clean stage's files in a processed folder, by name."""
    return {name: processed / file for name, file in CLEAN_TABLES.items()}


def definition_files(processed: Path, navn: str) -> dict[str, Path]:
    """A definition's output files under ``<processed>/def/<navn>/``, by name."""
    files = RunLayout(processed).definition_outputs(navn)
    return {name: processed / "def" / navn / path.name for name, path in files.items()}


def include(
    processed: Path, definition: Path, manual_decisions: Path | None = None
) -> dict[str, pd.DataFrame]:
    tables = run_include(
        clean_files(processed),
        definition,
        manual_decisions,
        definition_files(processed, definition.stem),
        REF_DIR,
    )
    tables["tjeneste_status"] = tables["tjeneste_status"].set_index("tjeneste_id")
    tables["kommune_status"] = tables["kommune_status"].set_index("kommunenummer")
    tables["figures"] = tables["figures"].set_index("figur")
    return tables


def figure(tables: dict, figur: str) -> tuple[int, int | None]:
    row = tables["figures"].loc[figur]
    nevner = None if pd.isna(row["nevner"]) else int(row["nevner"])
    return int(row["verdi"]), nevner


def decision(tables: dict, tjeneste_id: str) -> tuple:
    row = tables["tjeneste_status"].loc[tjeneste_id]
    kategori = None if pd.isna(row["kategori"]) else row["kategori"]
    return row["inkludert"], kategori, row["feilede_regler"], row["arsak"]


# ---------------------------------------------------------------- the main scenario
#
# Kommune (unit)           | what the data says
# 0101 Halden              | T01 passes everything (friskliv, mestring in the name); rådmann Ja
# 0104 Moss                | T02 Nei in gjennomforing (I2 alone); rådmann Ja
# 0105 Sarpsborg           | T03 not established (I3 alone)
# 0106 Fredrikstad         | T04 only samtalegruppe + livsstilskurs (I4 alone); koordinator
# 0111 Hvaler              | T05 Delvis in evaluering
# 0118 Aremark             | T06 not started (i_gang Nei), Ja in utvikling+planlegging, Nei after
# 0119 Marker              | T07 not started, Delvis in planlegging
# 0121 Rømskog             | T08 only many years' experience
# 0122 Trøgstad            | T09 friskliv + koordinator + many years → friskliv
# 0123/0124/0125           | T10 interkommunal (host 0123, koordinator)
# 0124 Askim               | also hosts T11 (kommunal, friskliv)
# 0125 Eidsberg            | rådmann Nei, but participant of T10 → konflikt
# 030101/030102            | T12 (koordinator) and T13 (friskliv) in two Oslo bydeler
# 030103 Sagene            | rådmann Nei (takes part in nothing)
# 0127 Skiptvet            | rådmann Ja, no interview
# 0128 Rakkestad           | call: har ikke tjeneste
# 0135 Råde                | calls: uavklart, satt over
# 0136 Rygge               | calls: har tjeneste, har ikke tjeneste, satt over
# 0137 Våler (Østfold)     | calls: har ikke tjeneste, har tjeneste, uavklart
# 0211 Vestby              | rådmann Vet ikke (two submissions)
# 0138 Hobøl               | nothing


MAIN_SERVICES = [
    service("T01", "0101", navn_med_mestring="Ja", antall_tilbud=5, prosjektfinansiert="Ja",
            tilbudstyper=["mestringskurs", "samtalegruppe"]),
    service("T02", "0104", friskliv="nei", egen_enhet="senter/avdeling", bm_gjennomforing="Nei"),
    service("T03", "0105", friskliv="nei"),
    service("T04", "0106", friskliv="nei", egen_enhet="koordinator",
            tilbudstyper=["samtalegruppe", "livsstilskurs"]),
    service("T05", "0111", friskliv="frisklivssentral gir tilbud", bm_evaluering="Delvis"),
    service("T06", "0118", friskliv="nei", egen_enhet="senter/avdeling", i_gang="Nei",
            bm_gjennomforing="Nei", bm_evaluering="Nei", brukerorg_etablering="Vet ikke"),
    service("T07", "0119", i_gang="Nei", bm_planlegging="Delvis", bm_gjennomforing="Nei",
            bm_evaluering="Delvis"),
    service("T08", "0121", friskliv="nei", mange_ars_erfaring="Ja", antall_tilbud=2,
            brukerorg_etablering="Nei", rekruttering="vet ikke"),
    service("T09", "0122", egen_enhet="koordinator", mange_ars_erfaring="Ja", antall_tilbud=4,
            tilbudstyper=["pårørendekurs", "diagnosekurs"]),
    service("T10", "0123", organisering="interkommunal", deltakerkommuner=["0123", "0124", "0125"],
            friskliv="nei", egen_enhet="koordinator", antall_tilbud=6,
            rekruttering="utenom organisasjonene"),
    service("T11", "0124", antall_tilbud=1),
    service("T12", "030101", friskliv="nei", egen_enhet="koordinator", antall_tilbud=2),
    service("T13", "030102", navn_med_mestring="Nei", antall_tilbud=2),
]  # fmt: skip

MAIN_RADMANN = [
    radmann("0101", "Ja"),
    radmann("0104", "Ja"),
    radmann("0125", "Nei"),
    radmann("030103", "Nei"),
    radmann("0127", "Ja"),
    radmann("0211", "Vet ikke", svar_id="R-0211-b", antall_innsendinger=2),
]

MAIN_CALLS = [
    call("0128", 1, "har ikke tjeneste"),
    call("0135", 1, "uavklart"),
    call("0135", 2, "satt over"),
    call("0136", 1, "har tjeneste"),
    call("0136", 2, "har ikke tjeneste"),
    call("0136", 3, "satt over"),
    call("0137", 1, "har ikke tjeneste"),
    call("0137", 2, "har tjeneste"),
    call("0137", 3, "uavklart"),
]

MAIN_ACCOUNTING = [
    {"kilde": "radmann_skjema", "rader_inn": 8, "brukt": 6, "slatt_sammen": 1, "karantene": 1},
    {"kilde": "ringerunde_logg", "rader_inn": 9, "brukt": 9},
    {"kilde": "telefonintervju", "rader_inn": 13, "brukt": 13},
]

MAIN_QUARANTINE = [
    {"fil": "radmann_skjema.csv", "rad": 5, "kolonne": "enhet", "niva": "rad", "arsak": "x"},
    {"fil": "telefonintervju.csv", "rad": 3, "kolonne": "diagnoser", "niva": "verdi",
     "arsak": "listeelement utelatt"},
]  # fmt: skip


@pytest.fixture(scope="module")
def main_processed(tmp_path_factory) -> Path:
    return write_processed(
        tmp_path_factory.mktemp("regler") / "processed",
        MAIN_RADMANN,
        MAIN_CALLS,
        MAIN_SERVICES,
        MAIN_ACCOUNTING,
        MAIN_QUARANTINE,
    )


@pytest.fixture(scope="module")
def main(main_processed) -> dict[str, pd.DataFrame]:
    return include(main_processed, MAIN_DEFINITION)


@pytest.fixture(scope="module")
def variants(main_processed) -> dict[str, Path]:
    folder = main_processed.parent / "definitions"
    folder.mkdir()
    return {
        "delvis": definition_variant(folder, "med_delvis", godta_delvis=True),
        "uten_unntak": definition_variant(folder, "uten_unntak", godta_mange_ars_erfaring=False),
        "i_gang": definition_variant(folder, "krev_i_gang", krev_i_gang=True),
        "ja": definition_variant(folder, "ja_uten_intervju", godta_ja_uten_intervju=True),
    }


def test_schemas_match_clean_stage(bundled_clean):
    for name, schema in SCHEMAS.items():
        written = pq.read_schema(bundled_clean / f"{name}.parquet")
        assert written.remove_metadata().equals(schema), name


MAIN_DECISIONS = {
    "T01": ("Ja", "friskliv", "", ALL_RULES_OK + "nklmh_2015"),
    "T02": ("Nei", "eget_senter", "I2_brukermedvirkning", I2_TEXT.format("gjennomforing = Nei")),
    "T03": ("Nei", None, "I3_etablert", I3_TEXT),
    "T04": ("Nei", "koordinator", "I4_lms_tilbud", I4_TEXT.format("samtalegruppe, livsstilskurs")),
    "T05": ("Nei", "friskliv", "I2_brukermedvirkning", I2_TEXT.format("evaluering = Delvis")),
    # Not started: only utvikling and planlegging apply; Nei in the later phases does not count.
    "T06": ("Ja", "eget_senter", "", ALL_RULES_OK + "nklmh_2015"),
    "T07": ("Nei", "friskliv", "I2_brukermedvirkning", I2_TEXT.format("planlegging = Delvis")),
    "T08": ("Ja", "mange_ars_erfaring", "", ALL_RULES_OK + "nklmh_2015"),
    # friskliv comes before koordinator and mange_ars_erfaring.
    "T09": ("Ja", "friskliv", "", ALL_RULES_OK + "nklmh_2015"),
    "T10": ("Ja", "koordinator", "", ALL_RULES_OK + "nklmh_2015"),
    "T11": ("Ja", "friskliv", "", ALL_RULES_OK + "nklmh_2015"),
    "T12": ("Ja", "koordinator", "", ALL_RULES_OK + "nklmh_2015"),
    "T13": ("Ja", "friskliv", "", ALL_RULES_OK + "nklmh_2015"),
}


@pytest.mark.parametrize("tjeneste_id", sorted(MAIN_DECISIONS))
def test_service_decision(main, tjeneste_id):
    assert decision(main, tjeneste_id) == MAIN_DECISIONS[tjeneste_id]


def test_only_interviewed_services_are_candidates(main):
    status = main["tjeneste_status"]
    assert sorted(status.index) == sorted(MAIN_DECISIONS)
    assert set(status["kilde"]) == {"telefonintervju"}


def test_several_failed_rules_are_all_listed(tmp_path):
    processed = write_processed(
        tmp_path,
        services=[
            service("X1", "0101", friskliv="nei", bm_utvikling="Nei", bm_evaluering=None,
                    tilbudstyper=["pasientskole"]),
        ],
    )  # fmt: skip
    status = include(processed, MAIN_DEFINITION)
    assert decision(status, "X1") == (
        "Nei",
        None,
        "I2_brukermedvirkning;I3_etablert;I4_lms_tilbud",
        "; ".join(
            [
                I2_TEXT.format("utvikling = Nei, evaluering = Ikke besvart"),
                I3_TEXT,
                I4_TEXT.format("pasientskole"),
            ]
        ),
    )


def test_delvis_passes_when_the_definition_accepts_it(main_processed, variants):
    tables = include(main_processed, variants["delvis"])
    ok = ALL_RULES_OK + "med_delvis"
    assert decision(tables, "T05") == ("Ja", "friskliv", "", ok)
    assert decision(tables, "T07") == ("Ja", "friskliv", "", ok)
    # Nei still fails.
    assert decision(tables, "T02")[2] == "I2_brukermedvirkning"
    assert figure(tables, "tjenester") == (10, None)


def test_many_years_exception_off(main_processed, variants):
    tables = include(main_processed, variants["uten_unntak"])
    assert decision(tables, "T08") == ("Nei", "mange_ars_erfaring", "I3_etablert", I3_EXCEPTION_OFF)
    # An established service is not affected by the exception.
    assert decision(tables, "T09") == ("Ja", "friskliv", "", ALL_RULES_OK + "uten_unntak")
    assert tables["kommune_status"].loc["0121", "status_kode"] == "ekskludert"
    # A count of 0 keeps its denominator.
    assert figure(tables, "tjenester_mange_ars_erfaring") == (0, 7)
    assert figure(tables, "tjenester") == (7, None)


def test_i5_only_when_the_definition_requires_a_started_service(main, main_processed, variants):
    # I5 is not part of nklmh_2015: never evaluated, so never passed.
    assert main["tjeneste_status"]["i5_i_gang"].isna().all()
    tables = include(main_processed, variants["i_gang"])
    assert decision(tables, "T06") == ("Nei", "eget_senter", "I5_i_gang", I5_TEXT)
    assert decision(tables, "T07") == (
        "Nei",
        "friskliv",
        "I2_brukermedvirkning;I5_i_gang",
        I2_TEXT.format("planlegging = Delvis") + "; " + I5_TEXT,
    )
    assert decision(tables, "T01")[0] == "Ja"


def test_definition_name_must_equal_file_stem(tmp_path):
    path = definition_variant(tmp_path, "riktig")
    path = path.rename(tmp_path / "feil_navn.yaml")
    with pytest.raises(ConfigError, match="må være lik filnavnet"):
        load_definition(path)


# ---------------------------------------------------------------- kommune coverage


def kommune(tables: dict, kommunenummer: str) -> dict:
    row = tables["kommune_status"].loc[kommunenummer]
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}


def test_interkommunal_participant_with_own_service_counted_once(main):
    askim = kommune(main, "0124")
    assert askim["dekket"] == "Ja"
    assert askim["status_kode"] == "dekket"
    assert askim["tjeneste_ider"] == "T10;T11"
    assert askim["dekning_via"] == "kommunal og interkommunal"
    assert askim["arsak"] == "Dekket gjennom T10 (interkommunal), T11 (kommunal)"
    host = kommune(main, "0123")
    assert (host["dekket"], host["tjeneste_ider"], host["dekning_via"]) == (
        "Ja",
        "T10",
        "interkommunal",
    )
    status = main["kommune_status"]
    covered = status.index[status["dekket"] == "Ja"].tolist()
    assert covered == ["0101", "0118", "0121", "0122", "0123", "0124", "0125", "0301"]
    assert covered.count("0124") == 1


def test_oslo_bydeler_roll_up_to_one_kommune(main):
    status = main["kommune_status"]
    assert len(status) == 428
    assert (status.index.str.len() == 4).all()  # no bydel rows
    oslo = kommune(main, "0301")
    assert (oslo["dekket"], oslo["status_kode"], oslo["tjeneste_ider"]) == (
        "Ja",
        "dekket",
        "T12;T13",
    )
    assert oslo["dekning_via"] == "kommunal"
    assert oslo["dekket_av_friskliv"]
    # Sagene said Nei, but Sagene itself takes part in no included service.
    assert oslo["konflikt"] is None
    assert oslo["radmann_svar"] == "Nei"
    deltakelse = main["tjeneste_deltakelse"].set_index("tjeneste_id")
    assert deltakelse.loc["T12", "enhet_id"] == "030101"
    assert deltakelse.loc["T12", "kommunenummer"] == "0301"


def test_oslo_konflikt_when_the_nei_bydel_takes_part(tmp_path):
    processed = write_processed(
        tmp_path,
        radmann_rows=[radmann("030101", "Nei"), radmann("030103", "Nei")],
        services=[service("T12", "030101")],
    )
    tables = include(processed, MAIN_DEFINITION)
    oslo = kommune(tables, "0301")
    assert (oslo["dekket"], oslo["tjeneste_ider"]) == ("Ja", "T12")
    assert oslo["konflikt"] == KONFLIKT.format("Bydel Gamle Oslo")
    assert figure(tables, "kommuner_med_konflikt") == (1, 428)


def test_unit_said_nei_but_takes_part_in_included_service(main):
    eidsberg = kommune(main, "0125")
    assert (eidsberg["dekket"], eidsberg["status_kode"], eidsberg["tjeneste_ider"]) == (
        "Ja",
        "dekket",
        "T10",
    )
    assert eidsberg["konflikt"] == KONFLIKT.format("Eidsberg")
    assert eidsberg["arsak"] == "Dekket gjennom T10 (interkommunal)"
    assert figure(main, "kommuner_med_konflikt") == (1, 428)


KOMMUNE_STATUS = {
    # kommunenummer: (dekket, status_kode, kilde, arsak)
    "0101": ("Ja", "dekket", "spørreskjema", "Dekket gjennom T01 (kommunal)"),
    "0104": (
        "Nei",
        "ekskludert",
        "spørreskjema",
        "Tjeneste intervjuet, men ekskludert: T02 (I2_brukermedvirkning)",
    ),
    "0106": (
        "Nei",
        "ekskludert",
        "ingen",
        "Tjeneste intervjuet, men ekskludert: T04 (I4_lms_tilbud)",
    ),
    "0127": (
        "Nei",
        "ja_uten_bekreftelse",
        "spørreskjema",
        "Oppga tjeneste (spørreskjema), men ingen tjeneste ble intervjuet (I1_intervjuet)",
    ),
    # The last decisive attempt (2: har tjeneste) wins over 1 (har ikke) and 3 (uavklart).
    "0137": (
        "Nei",
        "ja_uten_bekreftelse",
        "ringerunde",
        "Oppga tjeneste (ringerunde), men ingen tjeneste ble intervjuet (I1_intervjuet)",
    ),
    "0128": ("Nei", "svarte_nei", "ringerunde", "Ringerunden: kommunen har ikke tjeneste"),
    # 1 har tjeneste, 2 har ikke tjeneste, 3 satt over → har ikke tjeneste.
    "0136": ("Nei", "svarte_nei", "ringerunde", "Ringerunden: kommunen har ikke tjeneste"),
    "0135": (
        "Nei",
        "uavklart",
        "ringerunde",
        "Ringerunden ga ikke noe svar (bare uavklart/satt over)",
    ),
    "0211": (
        "Nei",
        "uavklart",
        "spørreskjema",
        "Rådmannen svarte «Vet ikke»; ingen tjeneste funnet",
    ),
    "0138": (
        "Nei",
        "ikke_besvart",
        "ingen",
        "Svarte ikke på spørreskjemaet og ble ikke ringt",
    ),
}


@pytest.mark.parametrize("kommunenummer", sorted(KOMMUNE_STATUS))
def test_kommune_status_codes(main, kommunenummer):
    row = kommune(main, kommunenummer)
    assert (row["dekket"], row["status_kode"], row["kilde"], row["arsak"]) == KOMMUNE_STATUS[
        kommunenummer
    ]
    if row["dekket"] == "Nei":
        assert row["tjeneste_ider"] == ""


def test_call_outcome_is_the_last_decisive_attempt(main):
    status = main["kommune_status"]
    assert status.loc["0136", "ringerunde_utfall"] == "har ikke tjeneste"
    assert status.loc["0137", "ringerunde_utfall"] == "har tjeneste"
    assert status.loc["0135", "ringerunde_utfall"] == "uavklart"
    assert pd.isna(status.loc["0101", "ringerunde_utfall"])
    enheter = main["enhet_status"].set_index("enhet_id")
    assert enheter.loc["0136", "disposisjon"] == "avklart_i_ringerunden"
    assert enheter.loc["0135", "disposisjon"] == "uavklart_i_ringerunden"
    assert enheter.loc["0136", "ringerunde_forsok"] == 3


def test_ja_without_interview_counts_in_the_relaxed_variant(main_processed, variants):
    tables = include(main_processed, variants["ja"])
    status = tables["tjeneste_status"]
    assert sorted(i for i in status.index if i.startswith("U-")) == ["U-0127", "U-0137"]
    skiptvet = status.loc["U-0127"]
    assert (skiptvet["inkludert"], skiptvet["kategori"], skiptvet["feilede_regler"]) == (
        "Ja",
        "uten_intervju",
        "",
    )
    assert skiptvet["kilde"] == "spørreskjema uten intervju"
    assert skiptvet["organisering"] == "kommunal"
    assert list(skiptvet["deltakere"]) == ["0127"]
    assert status.loc["U-0137", "kilde"] == "ringerunde uten intervju"
    # Units whose Ja was followed by an interview, or whose last call said no, get none.
    assert "U-0101" not in status.index and "U-0104" not in status.index
    assert "U-0136" not in status.index
    row = kommune(tables, "0127")
    assert (row["dekket"], row["status_kode"], row["tjeneste_ider"]) == ("Ja", "dekket", "U-0127")
    assert row["arsak"] == "Dekket gjennom U-0127 (kommunal)"
    assert kommune(tables, "0104")["status_kode"] == "ekskludert"
    assert figure(tables, "tjenester") == (10, None)
    assert figure(tables, "tjenester_uten_intervju_inkludert") == (2, None)
    assert figure(tables, "kommuner_med_tilbud") == (10, 428)


def test_ja_without_interview_is_never_a_candidate_in_nklmh_2015(main):
    assert not main["tjeneste_status"].index.str.startswith("U-").any()
    assert figure(main, "tjenester_uten_intervju_inkludert") == (0, None)


# ---------------------------------------------------------------- figures


MAIN_FIGURES = {
    "enheter_spurt": (442, None),
    "radmann_svar": (6, 442),
    "ringerunde": (4, 442),
    "tjenester": (8, None),
    "tjenester_kommunale": (7, 8),
    "tjenester_interkommunale": (1, 8),
    "kommuner_i_interkommunale": (3, None),
    # 0124 (own + interkommunal) once; Oslo's two bydeler are one kommune: 7 + 3 ≠ 8.
    "kommuner_med_tilbud": (8, 428),
    "kommuner_uten_tilbud": (420, 428),
    "tjenester_friskliv": (4, 8),
    "kommuner_friskliv": (4, 8),
    "tjenester_friskliv_mestring_i_navnet": (1, 4),
    "tjenester_friskliv_navn": (3, 4),
    # 0118 (eget senter), 0121 (mange år), 0123 and 0125 (T10 koordinator).
    "kommuner_ikke_friskliv": (4, 8),
    "tjenester_eget_senter": (1, 8),
    "tjenester_koordinator": (2, 8),
    "tjenester_mange_ars_erfaring": (1, 8),
    "tjenester_prosjektfinansiert": (1, 8),
    "tjenester_ikke_i_gang": (1, 8),
    "tjenester_i_gang": (7, 8),
    # i_gang only: T01 5 + T08 2 + T09 4 + T10 6 + T11 1 + T12 2 + T13 2.
    "tilbud_totalt": (22, None),
    "brukerorg_etablering_ja": (6, 8),
    "brukerorg_etablering_nei": (1, 8),
    "brukerorg_etablering_vet_ikke": (1, 8),
    "rekruttering_brukerorg": (5, 7),
    "rekruttering_utenom": (1, 7),
    "rekruttering_vet_ikke": (1, 7),
    "radmann_svar_ja": (3, 6),
    "radmann_svar_nei": (2, 6),
    "radmann_svar_vet_ikke": (1, 6),
    "radmann_svar_ubesvart": (0, 6),
    "radmann_ja_uten_tjeneste": (1, 3),
    "radmann_duplikater": (1, None),
    "ringerunde_forsok": (9, None),
    "ringerunde_har_tjeneste": (1, 4),
    "ringerunde_har_ikke_tjeneste": (2, 4),
    "ringerunde_uavklart": (1, 4),
    "enheter_besvart_skjema": (6, 442),
    "enheter_avklart_i_ringerunden": (3, 442),
    "enheter_uavklart_i_ringerunden": (1, 442),
    "enheter_ikke_kontaktet": (432, 442),
    "tjenester_intervjuet": (13, None),
    "tjenester_ekskludert": (5, 13),
    "ekskludert_I1_intervjuet": (0, 13),
    "ekskludert_I2_brukermedvirkning": (3, 13),
    "ekskludert_I3_etablert": (1, 13),
    "ekskludert_I4_lms_tilbud": (1, 13),
    "ekskludert_kun_I2_brukermedvirkning": (3, 13),
    "kommuner_status_dekket": (8, 428),
    "kommuner_status_ekskludert": (5, 428),
    "kommuner_status_ja_uten_bekreftelse": (2, 428),
    "kommuner_status_svarte_nei": (2, 428),
    "kommuner_status_uavklart": (2, 428),
    "kommuner_status_ikke_besvart": (409, 428),
    "kommuner_med_konflikt": (1, 428),
    "tilbudstype_mestringskurs": (6, 7),
    "tilbudstype_samtalegruppe": (1, 7),
    "fylke_01_kommuner_med_tilbud": (7, 18),
    "fylke_03_kommuner_med_tilbud": (1, 1),
    "rader_inn_radmann_skjema": (8, None),
    "rader_slatt_sammen_radmann_skjema": (1, None),
    "rader_karantene_radmann_skjema": (1, None),
    "rader_brukt_telefonintervju": (13, None),
    "verdier_karantene": (1, None),
}


@pytest.mark.parametrize("figur", sorted(MAIN_FIGURES))
def test_figures(main, figur):
    assert figure(main, figur) == MAIN_FIGURES[figur]


def test_figures_csv_is_written_with_every_published_id(main, main_processed):
    written = pd.read_csv(
        main_processed / "def" / "nklmh_2015" / "figures.csv", dtype={"figur": str}
    )
    assert list(written.columns) == ["figur", "verdi", "nevner"]
    published = pd.read_csv(REF_DIR / "published_figures_2015.csv")
    assert set(published["figur"]) <= set(written["figur"])
    assert not written["figur"].duplicated().any()
    assert written.set_index("figur").loc["kommuner_med_tilbud", "verdi"] == 8


def test_status_csvs_follow_the_contract(main, main_processed):
    folder = main_processed / "def" / "nklmh_2015"
    tjenester = pd.read_csv(folder / "tjeneste_status.csv", dtype=str, keep_default_na=False)
    assert list(tjenester.columns[:5]) == [
        "tjeneste_id",
        "inkludert",
        "kategori",
        "feilede_regler",
        "arsak",
    ]
    assert tjenester.set_index("tjeneste_id").loc["T10", "deltakere"] == "0123;0124;0125"
    kommuner = pd.read_csv(folder / "kommune_status.csv", dtype=str, keep_default_na=False)
    assert list(kommuner.columns[:7]) == [
        "kommunenummer",
        "kommunenavn",
        "fylkesnavn",
        "dekket",
        "tjeneste_ider",
        "kilde",
        "arsak",
    ]
    assert len(kommuner) == 428
    assert kommuner.set_index("kommunenummer").loc["0124", "tjeneste_ider"] == "T10;T11"


def test_empty_inputs_give_no_coverage(tmp_path):
    tables = include(write_processed(tmp_path), MAIN_DEFINITION)
    assert tables["tjeneste_status"].empty
    assert (tables["kommune_status"]["status_kode"] == "ikke_besvart").all()
    assert figure(tables, "tjenester") == (0, None)
    assert figure(tables, "kommuner_med_tilbud") == (0, 428)
    assert figure(tables, "kommuner_uten_tilbud") == (428, 428)
    assert figure(tables, "enheter_ikke_kontaktet") == (442, 442)
