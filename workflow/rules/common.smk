# Paths and input functions shared by the rules. Paths in config are relative to the
# repository (the Snakefile's folder) unless absolute.
from pathlib import Path

BASE = Path(workflow.basedir)


def from_base(path):
    path = Path(path)
    return path if path.is_absolute() else BASE / path


RAW = from_base(config["raw_dir"])
OUT = from_base(config["out_dir"])
REF = from_base(config["reference_dir"])
ALIASES = from_base(config["header_aliases"])
DEFINITIONS_DIR = from_base(config["definitions_dir"])
RELATIONS = BASE / "config" / "reconciliation.yaml"
MANUAL_DECISIONS = from_base(config["manual_decisions"])
PROCESSED = OUT / "data" / "processed"
REPORTS = OUT / "reports"
LOGS = OUT / "logs"
MAIN = config["main_definition"]
SOURCES = ["radmann_skjema", "ringerunde_logg", "telefonintervju"]
REFERENCE_FILES = [
    REF / name
    for name in (
        "kommuner_2014.csv",
        "oslo_bydeler_2014.csv",
        "folkemengde_2015.csv",
        "kommuneendringer_2014_2020.csv",
        "fylker_2020.csv",
    )
]
CLEAN_OUTPUTS = [
    "radmann_svar.parquet",
    "ringerunde.parquet",
    "telefonintervju.parquet",
    "enheter.parquet",
    "kommuner.parquet",
    "kommuneendringer.parquet",
    "fylker_2020.parquet",
    "quarantine.csv",
    "row_accounting.csv",
    "navnetolkning.csv",
]
DEFINITION_OUTPUTS = [
    "tjeneste_status.csv",
    "tjeneste_status.parquet",
    "kommune_status.csv",
    "kommune_status.parquet",
    "enhet_status.csv",
    "enhet_status.parquet",
    "tjeneste_deltakelse.csv",
    "tjeneste_deltakelse.parquet",
    "fylke_dekning.csv",
    "fylke_dekning.parquet",
    "kommune_2020_status.csv",
    "kommune_2020_status.parquet",
    "figures.csv",
    "definisjon.json",
]
# The main definition's decision tables are also published at the top of data/processed/.
MAIN_OUTPUTS = [
    "tjeneste_status.csv",
    "tjeneste_status.parquet",
    "kommune_status.csv",
    "kommune_status.parquet",
    "enhet_status.csv",
    "enhet_status.parquet",
    "fylke_dekning.csv",
    "kommune_2020_status.csv",
    "figures.csv",
    "reconciliation.csv",
]

if MAIN not in config["definitions"]:
    raise ValueError(f"main_definition '{MAIN}' må være med i definitions {config['definitions']}")


def raw_file(source):
    """The raw export for a source: <source>.csv or <source>.xlsx in the raw directory."""
    for ext in (".csv", ".xlsx"):
        path = RAW / f"{source}{ext}"
        if path.exists():
            return path
    raise FileNotFoundError(f"fant ingen fil {source}.csv eller {source}.xlsx i {RAW}")


def raw_files(wildcards=None):
    return [raw_file(source) for source in SOURCES]


def definition_dir(name):
    return PROCESSED / "definisjoner" / name


def all_targets():
    targets = [REPORTS / "lms_kartlegging.html", REPORTS / "lms_kartlegging.pdf"]
    targets += [definition_dir(d) / "reconciliation.csv" for d in config["definitions"]]
    targets.append(PROCESSED / "sensitivitet.csv")
    targets.append(LOGS / "personvernsjekk.txt")
    return targets
