"""Configuration: every config file loaded and validated one way, with Norwegian messages.

``config/config.yaml``, the inclusion definitions, the header aliases, the reconciliation
relations and the manual decisions are each checked against a JSON Schema in
``lmsanalyse/schemas/``; every problem names the file, the key or row, what is wrong and
what is allowed. ``lmsanalyse run``, ``lmsanalyse validate`` and the Snakefile all build their
:class:`RunConfig` here, so they read the same files and judge them through the same code.

No heavy imports (the Snakefile imports this module).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from .layout import RunLayout
from .problems import Problem, sort_problems
from .text import decode_bytes

CONFIG_FILE = Path("config") / "config.yaml"
MANUAL_COLUMNS = ("objekt", "beslutning", "begrunnelse", "besluttet_av", "dato")
# Keys of config.yaml that name files or folders; their contents are hashed, not the paths.
PATH_KEYS = (
    "raw_dir",
    "out_dir",
    "reference_dir",
    "header_aliases",
    "definitions_dir",
    "manual_decisions",
    "reconciliation",
)
_TYPES = {
    "object": "en tabell av nøkler",
    "array": "en liste",
    "string": "tekst",
    "number": "et tall",
    "integer": "et heltall",
    "boolean": "true eller false",
    "null": "tom",
}


class ConfigError(ValueError):
    """A config file is not valid. Carries every problem, each naming file and key or row."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(map(str, self.problems)))


def _problem(fil: object, melding: str, nokkel: str | None = None) -> Problem:
    return Problem(Path(str(fil)).name, None, None, melding, nokkel or None)


def repository_root() -> Path:
    """The folder with the Snakefile: the checkout this package runs from, else the cwd."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here, Path.cwd()):
        if (candidate / "Snakefile").exists():
            return candidate
    raise ConfigError([_problem("Snakefile", "fant ikke Snakefile; kjør lmsanalyse fra depotet")])


# ---------------------------------------------------------------- JSON Schema


@cache
def load_schema(name: str) -> dict:
    """A schema of ``lmsanalyse/schemas/`` by name (``config``, ``definition`` …)."""
    text = resources.files("lmsanalyse").joinpath(f"schemas/{name}.schema.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:59] + "…"


def _type_name(value: object) -> str:
    for name, kind in (
        ("null", type(None)),
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return _TYPES[name]
    return type(value).__name__


def _message(error: jsonschema.ValidationError) -> str:
    """A schema error in Norwegian: what is wrong and what is allowed."""
    kind, value, schema = error.validator, error.validator_value, error.schema
    instance = error.instance
    if kind == "additionalProperties":
        allowed = sorted((schema.get("properties") or {}).keys())
        extra = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        text = f"ukjent nøkkel {', '.join(_shown(k) for k in extra)}"
        return text + (f"; tillatt: {', '.join(allowed)}" if allowed else "")
    if kind == "type":
        wanted = value if isinstance(value, list) else [value]
        return (
            f"må være {' eller '.join(_TYPES.get(t, t) for t in wanted)}, "
            f"ikke {_type_name(instance)} ({_shown(instance)})"
        )
    if kind == "enum":
        return f"{_shown(instance)} er ikke tillatt; tillatt: {', '.join(map(str, value))}"
    if kind == "pattern":
        what = schema.get("description")
        return f"{_shown(instance)} har feil form" + (f" ({what})" if what else "")
    if kind in ("minimum", "maximum"):
        word = "minst" if kind == "minimum" else "høyst"
        return f"{_shown(instance)} er utenfor grensen: må være {word} {value}"
    if kind == "minItems":
        return f"listen må ha minst {value} element"
    if kind == "minProperties":
        return f"må ha minst {value} nøkkel"
    if kind == "uniqueItems":
        return f"listen har samme verdi flere ganger: {_shown(instance)}"
    if kind == "minLength":
        return "kan ikke være tom"
    if kind == "format":
        what = {"date": "dato (åååå-mm-dd)"}.get(value, value)
        return f"{_shown(instance)} er ikke en gyldig {what}"
    return error.message


def schema_errors(data: object, schema: dict) -> list[jsonschema.ValidationError]:
    """Every way ``data`` breaks ``schema`` (formats such as ``date`` checked too)."""
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.path)), e.message))


def schema_problems(data: object, schema: dict, fil: object) -> list[Problem]:
    """Every way ``data`` breaks ``schema``, each naming the file and the key."""
    problems = []
    for error in schema_errors(data, schema):
        key = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance]
            problems += [_problem(fil, f"mangler påkrevd nøkkel '{k}'", key) for k in missing]
            continue
        problems.append(_problem(fil, _message(error), key))
    # jsonschema reports each missing required key as its own error with the same list.
    return list(dict.fromkeys(problems))


def row_problems(row: dict, schema: dict, fil: object, row_no: int) -> list[Problem]:
    """Schema problems of one CSV row, each naming the file, the row and the column."""
    name = Path(str(fil)).name
    problems = []
    for error in schema_errors(row, schema):
        if error.validator == "required":
            for key in error.validator_value:
                if key not in row:
                    problems.append(Problem(name, row_no, key, "mangler verdi"))
            continue
        key = ".".join(str(p) for p in error.absolute_path)
        problems.append(Problem(name, row_no, key, _message(error)))
    return list(dict.fromkeys(problems))


def fill_defaults(data: dict, schema: dict) -> dict:
    """``data`` with every missing key that has a ``default`` in the schema filled in."""
    out = dict(data)
    for key, sub in (schema.get("properties") or {}).items():
        if key not in out and "default" in sub:
            out[key] = json.loads(json.dumps(sub["default"]))
        if isinstance(out.get(key), dict) and sub.get("type") == "object":
            out[key] = fill_defaults(out[key], sub)
    return out


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([_problem(path, f"filen finnes ikke ({path})")]) from None
    except UnicodeDecodeError:
        raise ConfigError([_problem(path, "er ikke UTF-8; lagre filen som UTF-8")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        melding = f"kan ikke lese YAML: {getattr(exc, 'problem', None) or exc}"
        raise ConfigError([Problem(Path(path).name, row, None, melding)]) from None


# ---------------------------------------------------------------- config.yaml


@dataclass(frozen=True)
class RunConfig:
    """A validated ``config.yaml`` with its paths resolved.

    Attributes:
        values: the config as validated, defaults filled in, paths as written.
        base: the folder relative paths are read from (the repository).
        file: the config file (None when built from values only).
    """

    values: dict
    base: Path
    file: Path | None = None

    def path(self, key: str) -> Path:
        value = Path(self.values[key])
        return value if value.is_absolute() else self.base / value

    @property
    def raw_dir(self) -> Path:
        return self.path("raw_dir")

    @property
    def reference_dir(self) -> Path:
        return self.path("reference_dir")

    @property
    def layout(self) -> RunLayout:
        return RunLayout(self.path("out_dir"))

    @property
    def definitions(self) -> list[str]:
        return list(self.values["definitions"])

    @property
    def main_definition(self) -> str:
        return self.values["main_definition"]

    @property
    def matching(self) -> dict:
        return dict(self.values["matching"])

    @property
    def rapport(self) -> dict:
        """The ``rapport:`` keys: publisher, authors, series, publication date, language."""
        return dict(self.values["rapport"])

    def definition_file(self, name: str) -> Path:
        return self.path("definitions_dir") / f"{name}.yaml"

    def settings(self) -> dict:
        """The config without its paths: what the config hash covers besides file contents."""
        return {k: v for k, v in self.values.items() if k not in PATH_KEYS}


def config_from_values(values: dict, base: Path, where: str = "config.yaml") -> RunConfig:
    """Validate config values (from a file, with overrides) and fill in the defaults."""
    schema = load_schema("config")
    values = values or {}
    problems = schema_problems(values, schema, where)
    if problems:
        raise ConfigError(problems)
    values = fill_defaults(values, schema)
    if values["main_definition"] not in values["definitions"]:
        raise ConfigError(
            [
                _problem(
                    where,
                    f"'{values['main_definition']}' må være med i definitions "
                    f"({', '.join(values['definitions'])})",
                    "main_definition",
                )
            ]
        )
    config = RunConfig(values, Path(base))
    missing = [
        _problem(where, f"fant ikke {config.definition_file(name)}", "definitions")
        for name in config.definitions
        if not config.definition_file(name).exists()
    ]
    if missing:
        raise ConfigError(missing)
    return config


def load_config(path: Path | None = None, overrides: dict | None = None) -> RunConfig:
    """Load and validate a config file (default ``config/config.yaml`` of the repository).

    Args:
        path: the config file; relative paths inside it are read from the repository.
        overrides: values that replace the file's (``raw_dir``, ``out_dir`` …).
    """
    base = repository_root()
    default = base / CONFIG_FILE
    path = Path(path) if path else default
    values: dict = {}
    # As Snakemake does: the workflow's config.yaml first, a --configfile read on top of it.
    for file in dict.fromkeys([default, path]):
        data = _read_yaml(file) or {}
        if not isinstance(data, dict):
            raise ConfigError([_problem(file, "må være en tabell av nøkler")])
        values = overlay(values, data)
    values = overlay(values, overrides or {})
    config = config_from_values(values, base, path.name)
    return RunConfig(config.values, base, path)


def overlay(base: dict, changes: dict) -> dict:
    """``changes`` on top of ``base`` as Snakemake merges config: dicts key by key."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = overlay(out[key], value)
        else:
            out[key] = value
    return out


# ---------------------------------------------------------------- definitions


def _merge(base: dict, changes: dict) -> dict:
    """Deep merge: dicts merge key by key, other values replace; ``None`` removes a key."""
    out = dict(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def definition_chain(path: Path) -> list[Path]:
    """A definition file and the files it extends, nearest first (missing ones left out)."""
    chain: list[Path] = []
    current: Path | None = Path(path)
    while current is not None and current.exists() and current not in chain:
        chain.append(current)
        try:
            data = yaml.safe_load(current.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            break
        parent = data.get("extends") if isinstance(data, dict) else None
        current = current.with_name(f"{parent}.yaml") if isinstance(parent, str) else None
    return chain


def load_definition(path: Path) -> dict:
    """Load an inclusion definition, resolving ``extends``, and validate it.

    Returns:
        The resolved definition (``navn``, ``tittel``, ``beskrivelse``, ``regler``), with
        ``bygger_pa`` listing the definitions it extends, nearest first.

    Raises:
        ConfigError: a file breaks the schema, ``navn`` differs from the file name, or
            ``extends`` names a missing definition or makes a loop.
    """
    path = Path(path)
    chain: list[Path] = []
    current: Path | None = path
    raw: list[dict] = []
    while current is not None:
        if current in chain:
            loop = " → ".join(p.stem for p in [*chain, current])
            raise ConfigError([_problem(path, f"går i ring ({loop})", "extends")])
        if not current.exists():
            raise ConfigError([_problem(chain[-1], f"fant ikke {current.name}", "extends")])
        data = _read_yaml(current)
        if not isinstance(data, dict):
            raise ConfigError([_problem(current, "må være en tabell av nøkler")])
        if data.get("navn") != current.stem:
            raise ConfigError(
                [
                    _problem(
                        current,
                        f"'{data.get('navn')}' må være lik filnavnet '{current.stem}'",
                        "navn",
                    )
                ]
            )
        chain.append(current)
        raw.append(data)
        parent = data.get("extends")
        current = current.with_name(f"{parent}.yaml") if isinstance(parent, str) else None
    resolved: dict = {}
    for data in reversed(raw):
        resolved = _merge(resolved, {k: v for k, v in data.items() if k != "extends"})
    resolved["navn"] = path.stem
    problems = schema_problems(resolved, load_schema("definition"), path.name)
    if problems:
        raise ConfigError(problems)
    resolved["bygger_pa"] = [p.stem for p in chain[1:]]
    return resolved


# ---------------------------------------------------------------- other config files


def load_header_aliases(path: Path | None) -> dict[str, dict]:
    """``config/header_aliases.yaml``: per source, header text → contract column.

    Args:
        path: the file (None or missing: no aliases). An alias may point to any column of
            its source in the data contract.
    """
    from .contract import contract_columns

    if path is None or not Path(path).exists():
        return {}
    columns = contract_columns()
    data = _read_yaml(path) or {}
    schema = json.loads(json.dumps(load_schema("header_aliases")))
    for source, names in columns.items():
        schema["properties"][source]["additionalProperties"] = {"enum": list(names)}
    problems = schema_problems(data, schema, Path(path).name)
    if problems:
        raise ConfigError(problems)
    return {source: dict(mapping or {}) for source, mapping in data.items()}


def load_relations(path: Path) -> list[dict]:
    """``config/reconciliation.yaml``'s relations, each ``{figur, lik}``."""
    data = _read_yaml(path) or {}
    problems = schema_problems(data, load_schema("reconciliation"), Path(path).name)
    if problems:
        raise ConfigError(problems)
    return list(data.get("relasjoner") or [])


def read_csv_config(path: Path) -> list[tuple[int, list[str]]]:
    """A small CSV config file as [(line number, fields)], the header first.

    Comment lines (``#``) and blank lines are skipped; quoted fields may hold line breaks;
    UTF-8 (with or without BOM) and Windows-1252 (Excel's "CSV") are both read; a file
    saved with ``;`` by Norwegian Excel is read too.
    """
    text, _ = decode_bytes(Path(path).read_bytes())
    lines = text.splitlines(keepends=True)
    kept = "".join(
        line if line.strip() and not line.lstrip().startswith("#") else "\n" for line in lines
    )
    header_line = next((line for line in kept.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(kept, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    for fields in reader:
        if any(f.strip() for f in fields):
            # line_num is the line the record ended on; a record with a quoted line break
            # starts earlier, so the number is counted from its own line breaks.
            start = reader.line_num - sum(f.count("\n") for f in fields)
            records.append((start, [f.strip() for f in fields]))
    return records


def load_manual_decisions(path: Path | None, kommuner: set[str], tjenester: set[str]) -> list[dict]:
    """Read and validate ``config/manuelle_beslutninger.csv``.

    ``objekt`` is a kommunenummer of the 2014 register or a ``tjeneste_id`` of the
    interviews; each row is checked against the row schema and the data; every problem is
    listed with its row and column.

    Returns:
        One dict per decision with ``objekttype`` (``kommune``/``tjeneste``) added.

    Raises:
        ConfigError: unknown ids, missing fields, bad values or duplicates; all listed.
    """
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    records = read_csv_config(path)
    if not records:
        return []
    (header_row, header), records = records[0], records[1:]
    if header != list(MANUAL_COLUMNS):
        melding = f"overskriften må være {','.join(MANUAL_COLUMNS)}"
        raise ConfigError([Problem(path.name, header_row, None, melding)])
    schema = load_schema("manual_decision")
    problems: list[Problem] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for row_no, fields in records:
        if len(fields) != len(MANUAL_COLUMNS):
            melding = f"forventet {len(MANUAL_COLUMNS)} felt, fant {len(fields)}"
            problems.append(Problem(path.name, row_no, None, melding))
            continue
        rec = {k: v for k, v in zip(MANUAL_COLUMNS, fields, strict=True) if v}
        problems += row_problems(rec, schema, path, row_no)
        obj = rec.get("objekt", "")
        if obj in kommuner:
            kind = "kommune"
        elif obj in tjenester:
            kind = "tjeneste"
        else:
            kind = None
            if obj:
                melding = (
                    f"'{obj}' er verken et kommunenummer i 2014-registeret eller en tjeneste_id "
                    "i telefonintervjuene"
                )
                problems.append(Problem(path.name, row_no, "objekt", melding))
        if obj in seen:
            melding = f"'{obj}' har allerede en beslutning (rad {seen[obj]})"
            problems.append(Problem(path.name, row_no, "objekt", melding))
        seen.setdefault(obj, row_no)
        rows.append({k: rec.get(k, "") for k in MANUAL_COLUMNS} | {"objekttype": kind})
    if problems:
        raise ConfigError(problems)
    return rows
