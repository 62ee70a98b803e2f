"""The data package: ``data/processed/datapackage.json`` describes every output table of a run
as a Frictionless Data Package (Table Schema): columns with types and meanings, primary and
foreign keys, and what each table is.

The meanings live in ``schemas/datapackage.yaml``; the columns are read from the run's CSV
headers, so the package always describes the files as written. A described column that a
file lacks is an error; a column no one has described yet is written with its name only and
listed by :func:`undescribed` (a test fails on it).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .runlog import logged

DESCRIPTOR = "schemas/datapackage.yaml"


@cache
def descriptor() -> dict:
    """The descriptor, every field checked to be ``[type, description]`` (with an optional
    list of allowed values)."""
    text = resources.files("lmsanalyse").joinpath(DESCRIPTOR).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    bad = [
        f"{name}.{column}"
        for name, spec in data["ressurser"].items()
        for column, field in spec["fields"].items()
        if not isinstance(field, list)
        or len(field) not in (2, 3)
        or (len(field) == 3 and not isinstance(field[2], list))
    ]
    if bad:
        raise ValueError(f'{DESCRIPTOR}: må være [type, "beskrivelse"]: {", ".join(bad)}')
    return data


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


# A run on synthetic data: invented numbers are no one's work to attribute, and every title
# says what they are.
SYNTETISK_BESKRIVELSE = (
    "Syntetiske (oppdiktede) data: tabellene er beregnet fra rådata som lmsanalyse har laget "
    "etter mønster av NK LMHs kartlegging 2014/2015. De sier ingenting om virkelige kommuner "
    "eller tjenester."
)
SYNTETISK_LISENS = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero 1.0 (syntetiske data)",
}


def _synthetic(provenance: Path | None) -> bool:
    if provenance is None:
        return False
    return bool(json.loads(Path(provenance).read_text(encoding="utf-8")).get("syntetiske_data"))


@logged
def write_datapackage(processed: Path, out_path: Path, provenance: Path | None = None) -> dict:
    """Write ``datapackage.json`` for the tables in ``processed`` (``data/processed``); with
    the run's ``provenance.json`` saying the data is synthetic, the package and every table
    say so in their titles and descriptions."""
    from .guard import SYNTHETIC_BANNER

    processed = Path(processed)
    d = descriptor()
    synthetic = _synthetic(provenance)
    resources = [
        resource(name, processed / f"{name}.csv", spec) for name, spec in d["ressurser"].items()
    ]
    package = {"name": d["name"], "title": d["title"], "licenses": d["licenses"]}
    if synthetic:
        package = {
            "name": d["name"] + "-syntetisk",
            "title": f"{SYNTHETIC_BANNER}: {d['title']}",
            "description": SYNTETISK_BESKRIVELSE,
            "licenses": [SYNTETISK_LISENS],
        }
        for r in resources:
            r["title"] = f"{r['title']} ({SYNTHETIC_BANNER})"
            r["description"] = f"{SYNTETISK_BESKRIVELSE} {r['description']}"
    package["resources"] = resources
    Path(out_path).write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return package
