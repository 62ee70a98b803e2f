"""Import maps (``<kilde>.import.yaml``): how a survey-tool export becomes a contract source."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problem
from ..schema import load_schema, problem, schema_problems
from ..spelling import canonical_answer
from .base import ConfigError, read_yaml_text
from .files import declared_missing_problems

IMPORT_MAP_SUFFIX = ".import.yaml"
# The marker `lmsanalyse map` puts on every guess; a map that still carries one is refused.
UNCONFIRMED = "UBEKREFTET"
_FILE_ROLES = {
    "surveyxact": ({"data"}, {"struktur", "etiketter"}),
    "nettskjema": ({"data"}, {"kodebok"}),
    "tabell": ({"data"}, {"kodebok"}),
    "spss": ({"data"}, set()),  # value labels and question texts are in the .sav itself
}


class _TextLoader(yaml.SafeLoader):
    """YAML where every plain scalar is text: codes such as ``01`` or labels such as ``No``
    stay as written instead of becoming numbers or booleans."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ImportMap:
    """A validated import map (``<kilde>.import.yaml``).

    Attributes:
        path: the map file.
        kilde: the contract source the export becomes.
        format: ``surveyxact``, ``nettskjema``, ``tabell`` or ``spss``.
        filer: role (``data``, ``struktur``, ``etiketter``, ``kodebok``) → file.
        kolonner: contract column → export variable.
        verdier: contract column → {label text or code → contract value}.
        lister: list column → {0/1 export variable → list item}, in the map's order.
        utelat: rows left out, each ``{variabel, verdier, grunn}``.
        mangler: contract columns the export truly lacks (the question was not asked) → why.
    """

    path: Path
    kilde: str
    format: str
    filer: dict[str, Path]
    kolonner: dict[str, str]
    verdier: dict[str, dict[str, str]]
    lister: dict[str, dict[str, str]]
    utelat: list[dict]
    mangler: dict[str, str]

    def shown(self, path: Path) -> str:
        """A file as the analyst finds it: relative to the map's folder (``radmann/dataset.csv``)."""
        try:
            return Path(path).relative_to(self.path.parent).as_posix()
        except ValueError:
            return Path(path).name

    @property
    def data_file(self) -> Path:
        return self.filer["data"]


def import_map_files(path: Path) -> dict[str, Path]:
    """The files a map names (role → path), read leniently: for the Snakefile's inputs.

    A map that cannot be read names no files here; the clean rule then reports why.
    """
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_TextLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    files = data.get("filer") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        str(role): Path(path).parent / value
        for role, value in files.items()
        if isinstance(value, str) and value
    }


def _import_map_schema(kilde: str | None) -> dict:
    """The import-map schema with the contract columns of ``kilde`` filled in."""
    from ..contract import MAPPED_SOURCES

    schema = json.loads(json.dumps(load_schema("import_map")))
    source = MAPPED_SOURCES.get(kilde or "")
    if source is None:
        return schema
    props = schema["properties"]
    names = [c.name for c in source.columns]
    lists = [c.name for c in source.columns if c.kind in ("enum_list", "unit_list")]
    coded = [c.name for c in source.columns if c.kind in ("enum", "enum_list")]
    props["kolonner"]["propertyNames"] = {"enum": names}
    props["verdier"]["propertyNames"] = {"enum": coded}
    props["lister"]["propertyNames"] = {"enum": lists}
    props["mangler"]["propertyNames"] = {"enum": names}
    return schema


def _unconfirmed(text: str, fil: str) -> list[Problem]:
    """Every entry still marked as an unconfirmed guess of ``lmsanalyse map``."""
    node = yaml.compose(text, Loader=_TextLoader)
    keys: dict[int, list[str]] = {}

    def walk(n: yaml.Node, path: list[str]) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                keys.setdefault(k.start_mark.line, []).append(".".join([*path, k.value]))
                walk(v, [*path, k.value])
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, [*path, str(i)])

    if node is not None:
        walk(node, [])
    problems = []
    marker = re.compile(rf"(^|\s)#\s*{UNCONFIRMED}\b")
    for line_no, line in enumerate(text.splitlines()):
        # Searched for anywhere, so that a '#' inside a quoted label cannot hide it.
        found = marker.search(line)
        if found is None or not line[: found.start()].strip():
            continue  # no marker, or a comment line without an entry
        key = min(keys.get(line_no, ["?"]), key=len)
        guess = line[found.end() :].strip(" :")
        melding = (
            f"ubekreftet forslag fra lmsanalyse map ({guess}); "
            f"sjekk det og fjern merket {UNCONFIRMED}"
        )
        problems.append(Problem(fil, line_no + 1, None, melding, key))
    return problems


def _map_value_problems(data: dict, fil: str) -> list[Problem]:
    """Contract values and list items of a map that the contract does not allow."""
    from ..contract import source as contract_source

    source = contract_source(data["kilde"])
    problems: list[Problem] = []
    for col, mapping in (data.get("verdier") or {}).items():
        allowed = source.column(col).values
        for key, value in mapping.items():
            if canonical_answer(value, allowed) is None:
                melding = f"'{value}' er ikke en verdi for {col} (tillatt: {', '.join(allowed)})"
                problems.append(problem(fil, melding, f"verdier.{col}.{key}"))
    for col, items in (data.get("lister") or {}).items():
        allowed = source.column(col).values
        for var, item in items.items():
            if allowed and canonical_answer(item, allowed) is None:
                melding = f"'{item}' er ikke en verdi for {col} (tillatt: {', '.join(allowed)})"
                problems.append(problem(fil, melding, f"lister.{col}.{var}"))
            elif any(sep in item for sep in (";", ",", "\n")):
                # The items are joined into one list cell; a separator would split one.
                melding = f"'{item}': et listeelement kan ikke inneholde ';', ',' eller linjeskift"
                problems.append(problem(fil, melding, f"lister.{col}.{var}"))
        if col in (data.get("kolonner") or {}):
            melding = f"{col} står både under kolonner og lister"
            problems.append(problem(fil, melding, f"lister.{col}"))
    for col in data.get("mangler") or {}:
        if col in (data.get("kolonner") or {}) or col in (data.get("lister") or {}):
            melding = f"{col} står både under mangler og under kolonner eller lister"
            problems.append(problem(fil, melding, f"mangler.{col}"))
    problems += declared_missing_problems(data["kilde"], data.get("mangler") or {}, fil, "")
    used: dict[str, str] = {}
    for col, var in (data.get("kolonner") or {}).items():
        if var in used:
            melding = f"variabelen '{var}' er knyttet til både {used[var]} og {col}"
            problems.append(problem(fil, melding, f"kolonner.{col}"))
        used.setdefault(var, col)
    return problems


def _map_file_problems(data: dict, path: Path) -> list[Problem]:
    """Files a map names that are missing, or that its format does not use."""
    fil = path.name
    needed, optional = _FILE_ROLES[data["format"]]
    files = data["filer"]
    if data["format"] == "surveyxact" and not str(files["data"]).lower().endswith(".xlsx"):
        needed = needed | optional  # CSV: dataset, structure and labels are three files
    problems = []
    for role in sorted(needed - set(files)):
        problems.append(problem(fil, f"mangler filen '{role}' for {data['format']}", "filer"))
    for role in sorted(set(files) - needed - optional):
        melding = f"'{role}' brukes ikke av {data['format']}"
        if data["format"] == "surveyxact":
            melding += " med én XLSX-fil (arkene Dataset, Structure og Labels)"
        problems.append(problem(fil, melding, f"filer.{role}"))
    for role, name in sorted(files.items()):
        if not (path.parent / name).is_file():
            problems.append(problem(fil, f"fant ikke filen {name}", f"filer.{role}"))
    return problems


def load_import_map(path: Path) -> ImportMap:
    """Load and validate an import map: schema, kilde, contract values, files, guesses.

    What needs the export itself (variables, codes, the required columns' candidates) is
    checked when the export is read (:mod:`lmsanalyse.ingest.importmap`, :mod:`lmsanalyse.ingest.reader`).

    Raises:
        ConfigError: every problem of the map, each naming the file and the key.
    """
    path = Path(path)
    fil = path.name
    text, data = read_yaml_text(path, _TextLoader)
    kilde = data.get("kilde") if isinstance(data, dict) else None
    problems = schema_problems(data, _import_map_schema(kilde), fil)
    expected = fil[: -len(IMPORT_MAP_SUFFIX)] if fil.casefold().endswith(IMPORT_MAP_SUFFIX) else fil
    if isinstance(kilde, str) and kilde.casefold() != expected.casefold():
        melding = f"'{kilde}' passer ikke med filnavnet; kartet for {kilde} heter {kilde}{IMPORT_MAP_SUFFIX}"
        problems.append(problem(fil, melding, "kilde"))
    if not problems:
        problems += _map_value_problems(data, fil) + _map_file_problems(data, path)
    problems += _unconfirmed(text, fil)
    if problems:
        raise ConfigError(problems)
    return ImportMap(
        path=path,
        kilde=data["kilde"],
        format=data["format"],
        filer={role: path.parent / name for role, name in data["filer"].items()},
        kolonner=dict(data["kolonner"]),
        verdier={c: dict(m) for c, m in (data.get("verdier") or {}).items()},
        lister={c: dict(m) for c, m in (data.get("lister") or {}).items()},
        utelat=[dict(u) for u in data.get("utelat") or []],
        mangler=dict(data.get("mangler") or {}),
    )
