"""The data package: ``data/processed/datapackage.json`` describes every output table of a run
as a Frictionless Data Package (Table Schema): columns with types and meanings, primary and
foreign keys, and what each table is.

The meanings of the tables the include stage writes live in their SQL files' headers
(:mod:`lmsanalyse.sql_tables`), the others' in ``schemas/datapackage.yaml``; the
columns are read from the run's CSV headers, so the package always describes the files as
written. A described column that a file lacks is an error; a column no one has described yet
is written with its name only and listed by :func:`undescribed` (a test fails on it).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path

from .runlog import logged
from .schema import load_yaml

DESCRIPTOR = "schemas/datapackage.yaml"


@cache
def descriptor(sql_root: Path | None = None) -> dict:
    """The descriptor: the tables the include stage publishes for the main definition as
    their SQL headers declare them (:mod:`lmsanalyse.sql_tables`; ``sql_root``
    another SQL folder), the others from ``schemas/datapackage.yaml``, in its ``rekkefolge``;
    every field checked to be ``[type, description]`` (with an optional list of allowed
    values)."""
    from .sql_tables import malformed_fields, tables

    text = resources.files("lmsanalyse").joinpath(DESCRIPTOR).read_text(encoding="utf-8")
    data = load_yaml(text)
    declared = {
        name: table.resource for name, table in tables(sql_root).items() if "csv" in table.main
    }
    both = sorted(set(declared) & set(data["ressurser"]))
    unplaced = sorted((set(declared) | set(data["ressurser"])) ^ set(data["rekkefolge"]))
    if both or unplaced:
        raise ValueError(
            f"{DESCRIPTOR}: rekkefolge må nevne hver tabell én gang, og en tabell SQL-en "
            f"deklarerer beskrives ikke her (beskrevet to steder: {both}; ikke plassert eller "
            f"ukjent: {unplaced})"
        )
    ressurser = {name: declared.get(name) or data["ressurser"][name] for name in data["rekkefolge"]}
    bad = [
        f"{name}.{column}"
        for name, spec in ressurser.items()
        for column in malformed_fields(spec["fields"])
    ]
    if bad:
        raise ValueError(f'{DESCRIPTOR}: må være [type, "beskrivelse"]: {", ".join(bad)}')
    return {k: v for k, v in data.items() if k != "rekkefolge"} | {"ressurser": ressurser}


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def _field(name: str, spec: list | None) -> dict:
    if spec is None:
        return {"name": name, "type": "string"}
    if len(spec) not in (2, 3) or (len(spec) == 3 and not isinstance(spec[2], list)):
        raise ValueError(f"{DESCRIPTOR}: {name} må være [type, beskrivelse] eller med en liste")
    field = {"name": name, "type": spec[0], "description": spec[1]}
    if len(spec) > 2:
        field["constraints"] = {"enum": list(spec[2])}
    return field


def resource(name: str, path: Path, spec: dict) -> dict:
    """One table as a Frictionless resource, its fields in the file's column order."""
    header = _header(path)
    fields = spec["fields"]
    missing = [c for c in fields if c not in header]
    if missing:
        raise ValueError(f"{path.name} mangler kolonnene {missing} som datapakken beskriver")
    schema: dict = {"fields": [_field(c, fields.get(c)) for c in header], "missingValues": [""]}
    if spec.get("primaryKey"):
        schema["primaryKey"] = list(spec["primaryKey"])
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    return {
        "name": name,
        "path": path.name,
        "title": spec["title"],
        "description": spec["description"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }


def undescribed(processed: Path) -> dict[str, list[str]]:
    """Columns of the CSVs in ``processed`` that the descriptor does not describe."""
    out = {}
    for name, spec in descriptor()["ressurser"].items():
        path = Path(processed) / f"{name}.csv"
        extra = [c for c in _header(path) if c not in spec["fields"]] if path.exists() else []
        if extra:
            out[name] = extra
    return out


# What a table or column lacks in a wave without something (provenance's bolge.har), said
# after its description: condition → {resource: {field or "": text}}.
UTEN = {
    "folkemengde": {
        "kommune_status": {"folkemengde_2015": "tom: registeret har ingen folkemengde"},
        "fylke_dekning": {
            "": "Registeret har ingen folkemengde, så kolonnene om befolkningen er tomme.",
            "folkemengde": "tom: registeret har ingen folkemengde",
            "folkemengde_dekket": "tom: registeret har ingen folkemengde",
        },
        "sensitivitet": {
            c: "tom: registeret har ingen folkemengde"
            for c in ("befolkning_dekket", "befolkning", "andel_befolkning", "endring_befolkning")
        },
    },
    "publiserte_tall": {
        name: {"": "Tom: ingen tall er publisert fra denne runden av kartleggingen."}
        for name in ("reconciliation", "lesninger")
    },
    "kart_2020": {
        "kommune_2020_status": {"": "Tom: bølgen har ikke noe bilde på kommunekartet i 2020."}
    },
    "register_2014": {
        "kommune_2024_status": {
            "": "Bølgen spurte kommunene i 2024: statusen er kommunens egen (dekket eller ikke "
            "dekket), og kolonnene om delene fra 2014 er tomme."
        }
    },
}
# What a table says in a wave with something: condition → {resource: text after its description}.
MED = {
    "register_2014": {
        "kommune_2024_status": "status_2024 er dekket når alle kommunene fra 2014 den består "
        "av, hadde tjeneste, delvis dekket når noen hadde, ellers ikke dekket. En delt "
        "2014-kommune er en del av hver kommune den ble til, og merknad sier det."
    },
}


def wave_values(provenance: dict) -> dict:
    """The wave's words the descriptor's texts are filled in with: its period, its register's
    year and counts (a provenance without ``bolge``: the original wave)."""
    from .report.bolge import ORIGINAL_PERIOD, period_text

    record = provenance.get("bolge") or {}
    kommuner = int(record.get("kommuner", 428))
    bydeler = int(record.get("bydeler", 15))
    bolge = period_text(provenance.get("datainnsamling")) or (
        ORIGINAL_PERIOD if int(record.get("register", 2014)) == 2014 else "på kommunene i 2024"
    )
    return {
        "bolge": bolge,
        "bolge_id": "-".join(bolge.replace("–", "/").split("/")) if bolge[:1].isdigit() else "2024",
        "register": int(record.get("register", 2014)),
        "kommuner": kommuner,
        "bydeler": bydeler,
        "kommuner_uten_bydeler": int(record.get("enheter", 442)) - bydeler,
    }


def _for_wave(d: dict, provenance: dict) -> dict:
    """The descriptor with the wave's words filled in and what the wave lacks said."""
    values = wave_values(provenance)
    record = provenance.get("bolge") or {}
    has = set(record.get("har", UTEN))
    out = {
        "name": d["name"].format(**values),
        "title": d["title"].format(**values),
        "licenses": d["licenses"],
        "ressurser": {},
    }
    for name, spec in d["ressurser"].items():
        notes: dict[str, str] = {}
        for condition, lacks in UTEN.items():
            if condition not in has:
                notes |= lacks.get(name, {})
        for condition, says in MED.items():
            if condition in has and name in says:
                notes[""] = says[name]
        fields = {
            c: [f[0], f[1].format(**values) + (f"; {notes[c]}" if c in notes else ""), *f[2:]]
            for c, f in spec["fields"].items()
        }
        description = spec["description"].format(**values)
        out["ressurser"][name] = spec | {
            "title": spec["title"].format(**values),
            "description": f"{description} {notes['']}" if "" in notes else description,
            "fields": fields,
        }
    return out


# A run on synthetic data: invented numbers are no one's work to attribute, and every title
# says what they are.
SYNTETISK_BESKRIVELSE = (
    "Syntetiske (oppdiktede) data: tabellene er beregnet fra rådata som lmsanalyse har laget "
    "etter mønster av {monster}. De sier ingenting om virkelige kommuner eller tjenester."
)
SYNTETISK_LISENS = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero 1.0 (syntetiske data)",
}


def _provenance(path: Path | None) -> dict:
    return {} if path is None else json.loads(Path(path).read_text(encoding="utf-8"))


@logged
def write_datapackage(processed: Path, out_path: Path, provenance: Path | None = None) -> dict:
    """Write ``datapackage.json`` for the tables in ``processed`` (``data/processed``); with
    the run's ``provenance.json`` saying the data is synthetic, the package and every table
    say so in their titles and descriptions."""
    from .guard import SYNTHETIC_BANNER

    processed = Path(processed)
    record = _provenance(provenance)
    d = _for_wave(descriptor(), record)
    synthetic = bool(record.get("syntetiske_data"))
    original = wave_values(record)["register"] == 2014
    monster = "NK LMHs kartlegging 2014/2015" if original else "NK LMHs kartlegging"
    synthetic_text = SYNTETISK_BESKRIVELSE.format(monster=monster)
    resources = [
        resource(name, processed / f"{name}.csv", spec) for name, spec in d["ressurser"].items()
    ]
    package = {"name": d["name"], "title": d["title"], "licenses": d["licenses"]}
    if synthetic:
        package = {
            "name": d["name"] + "-syntetisk",
            "title": f"{SYNTHETIC_BANNER}: {d['title']}",
            "description": synthetic_text,
            "licenses": [SYNTETISK_LISENS],
        }
        for r in resources:
            r["title"] = f"{r['title']} ({SYNTHETIC_BANNER})"
            r["description"] = f"{synthetic_text} {r['description']}"
    package["resources"] = resources
    Path(out_path).write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return package
