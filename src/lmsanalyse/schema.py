"""JSON Schema validation with Norwegian messages: the one mechanism every config file uses.

Each problem names the file and the key (YAML) or the row and column (CSV), says what is
wrong and what is allowed. Schemas live in ``lmsanalyse/schemas/<name>.schema.yaml``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from .problems import Problem

_TYPES = {
    "object": "en tabell av nøkler",
    "array": "en liste",
    "string": "tekst",
    "number": "et tall",
    "integer": "et heltall",
    "boolean": "true eller false",
    "null": "tom",
}


def problem(fil: object, melding: str, nokkel: str | None = None) -> Problem:
    """A problem with a whole config file or one of its keys."""
    return Problem(Path(str(fil)).name, None, None, melding, nokkel or None)


def load_yaml(text: str, loader: type = yaml.SafeLoader) -> object:
    """YAML text's data. With the safe loader, libyaml's parser (the same constructor and
    resolver, so the same data, several times faster: a run and the tests read the same
    config files many times); PyYAML's own parser for any other loader, for a text it
    would refuse for a non-printable character, and for the message of a text that cannot
    be parsed, so that errors read as before."""
    fast = getattr(yaml, "CSafeLoader", None)
    if loader is yaml.SafeLoader and fast and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 (the safe loader in C)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader is passed)


@cache
def load_schema(name: str) -> dict:
    """A schema of ``lmsanalyse/schemas/`` by name (``config``, ``definition`` …)."""
    text = resources.files("lmsanalyse").joinpath(f"schemas/{name}.schema.yaml").read_text("utf-8")
    return load_yaml(text)


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
            problems += [problem(fil, f"mangler påkrevd nøkkel '{k}'", key) for k in missing]
            continue
        problems.append(problem(fil, _message(error), key))
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
