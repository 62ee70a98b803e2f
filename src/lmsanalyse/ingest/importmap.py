"""A survey-tool export read through its import map: the same :class:`RawTable` a contract
file gives, so that everything downstream is unchanged.

The rules (docs/data-contract.md, "Survey-tool exports and import maps"):

* a coded value becomes its label first (SurveyXact labels, a Nettskjema codebook, a tabell
  codebook, SPSS value labels); ``verdier`` then maps a label text or a raw code to a contract value; a label
  that already is an allowed value needs no entry (the cleaner compares it as it compares
  answers); a code without a label is a problem naming file, row and variable;
* ``lister``: a list column is the items whose 0/1 variable is ``1`` (label ``Valgt``), in
  the map's order; all ``0`` is an empty list; all blank is "not answered";
* ``utelat``: rows whose variable has one of the listed values (label or code) are left
  out, and counted as quarantined with the map's reason;
* variables the map does not name are listed as ignored and never read into any output.

Rows keep the export's own row numbers and messages name the export's own file
(``radmann/dataset.csv``) and variable (``s_2``), so an analyst can find the cell in the tool.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from ..config import ImportMap
from ..contract import source as contract_source
from ..problems import Message, Problem, message, q
from ..spelling import answer_key
from .export import Export
from .raw_table import LeftOut, RawTable, text_frame

# A 0/1 option variable: its code, its SurveyXact label, or a workbook's boolean (cell_text).
_SELECTED, _NOT_SELECTED = {"1", "valgt", "ja"}, {"0", "ikke valgt", "nei"}


def _unknown_variable(
    m: ImportMap, export: Export, name: str, key: str, col: str | None
) -> Problem:
    close = process.extract(name, export.variables, scorer=fuzz.ratio, limit=3)
    hint = ", ".join(f"'{c}'" for c, s, _ in close if s >= 50)
    melding = f"variabelen '{name}' finnes ikke i {export.shown}" + (
        f"; nærmeste: {hint}" if hint else ""
    )
    return Problem(m.path.name, None, col, melding, key)


def _resolve(m: ImportMap, export: Export) -> tuple[dict[str, str], list[Problem]]:
    """Every variable the map names → the export's spelling; unknown ones as problems."""
    wanted = [(v, f"kolonner.{c}", c) for c, v in m.kolonner.items()]
    wanted += [(v, f"lister.{c}.{v}", c) for c, items in m.lister.items() for v in items]
    wanted += [(u["variabel"], f"utelat.{i}.variabel", None) for i, u in enumerate(m.utelat)]
    resolved, problems = {}, []
    for name, key, col in wanted:
        found = export.find(name)
        if found is None:
            problems.append(_unknown_variable(m, export, name, key, col))
        else:
            resolved[name] = found
    return resolved, problems


def _code_problems(m: ImportMap, export: Export, resolved: dict[str, str]) -> list[Problem]:
    """``verdier`` and ``utelat`` values that are neither a label nor a code of their variable."""
    checks = [
        (m.kolonner.get(col), key, f"verdier.{col}.{key}")
        for col, mapping in m.verdier.items()
        for key in mapping
    ]
    checks += [
        (u["variabel"], value, f"utelat.{i}.verdier")
        for i, u in enumerate(m.utelat)
        for value in u["verdier"]
    ]
    problems = []
    for col in m.verdier:
        if col not in m.kolonner:
            melding = f"{col} har verdier, men står ikke under kolonner"
            problems.append(Problem(m.path.name, None, col, melding, f"verdier.{col}"))
    for name, value, where in checks:
        var = resolved.get(name or "")
        codes = export.labels.get(var or "")
        if not codes or answer_key(value) in {answer_key(k) for k in codes} | {
            answer_key(t) for t in codes.values()
        }:
            continue  # no labels to check against, or a known label or code
        shown = ", ".join(f"{k} = {t}" for k, t in list(codes.items())[:8])
        melding = f"'{value}' er verken en etikett eller en kode for variabelen '{var}' ({shown})"
        problems.append(Problem(m.path.name, None, None, melding, where))
    return problems


def _left_out(m: ImportMap, export: Export, resolved: dict[str, str]) -> dict[int, LeftOut]:
    """Record index → why the map leaves the row out (the first ``utelat`` rule that matches)."""
    out: dict[int, LeftOut] = {}
    for rule in m.utelat:
        var = resolved.get(rule["variabel"])
        if var is None:
            continue
        keys = {answer_key(v) for v in rule["verdier"]}
        for i, raw in enumerate(export.values[var]):
            if i not in out and (
                answer_key(raw) in keys or answer_key(export.label(var, raw)) in keys
            ):
                out[i] = LeftOut(export.rows[i], var, rule["grunn"])
    return out


def _values(m: ImportMap, export: Export, col: str, var: str, issues: list) -> list[str | None]:
    """One contract column: codes → labels → contract values."""
    mapping = {answer_key(k): v for k, v in m.verdier.get(col, {}).items()}
    codes = export.labels.get(var)
    out: list[str | None] = []
    for row_no, raw in zip(export.rows, export.values[var], strict=True):
        label = export.label(var, raw)
        if raw is None:
            out.append(None)
        elif answer_key(label) in mapping:
            out.append(mapping[answer_key(label)])
        elif answer_key(raw) in mapping:
            out.append(mapping[answer_key(raw)])  # a raw code mapped directly
        elif codes and export.code(var, raw) is None:
            melding = message(
                "kode_uten_etikett",
                "koden ",
                q(raw),
                f" står ikke i etikettene til variabelen '{var}'",
            )
            issues.append((row_no, col, melding))
            out.append(None)
        else:
            out.append(label)
    return out


def _checked(export: Export, var: str, i: int, col: str, issues: list) -> bool | None:
    raw = export.values[var][i]
    if raw is None:
        return None
    states = {answer_key(raw), answer_key(export.label(var, raw))}
    if states & _SELECTED:
        return True
    if states & _NOT_SELECTED:
        return False
    melding = message(
        "ikke_valgt_eller_ikke",
        q(raw),
        f" i variabelen '{var}' er verken valgt (1) eller ikke valgt (0)",
    )
    issues.append((export.rows[i], col, melding))
    return None


def _list_values(export: Export, col: str, items: dict[str, str], issues: list) -> list:
    """One list column from its 0/1 variables: the checked items in the map's order."""
    out: list[str | None] = []
    for i in range(len(export.rows)):
        states = [(item, _checked(export, var, i, col, issues)) for var, item in items.items()]
        if all(state is None for _, state in states):
            out.append(None)  # not answered
        else:
            out.append("; ".join(item for item, state in states if state))
    return out


def _list_variable(export: Export, variables: list[str]) -> str:
    groups = {export.groups.get(v) for v in variables}
    if len(groups) == 1 and None not in groups:
        return groups.pop()
    return ", ".join(variables[:3]) + (" …" if len(variables) > 3 else "")


# A survey tool's own mark of a test or preview submission, in a variable the map leaves
# unmapped: its names (case, ``$`` and spacing ignored) and the values that mean "yes".
TEST_FLAGS = {"test", "testsvar", "istest", "is_test", "test_response", "testmode", "preview",
              "forhandsvisning", "forhåndsvisning"}  # fmt: skip
_YES = {"1", "true", "ja", "yes", "valgt", "test"}


def _tool_flags(export: Export, used: set[str]) -> dict[int, Message]:
    """Rows an unmapped test or preview variable of the tool marks, by record index."""
    out: dict[int, Message] = {}
    for var in export.variables:
        name = var.strip().lstrip("$").casefold().replace(" ", "_")
        if var in used or name not in TEST_FLAGS:
            continue
        for i, raw in enumerate(export.values[var]):
            label = export.label(var, raw)
            yes = raw is not None and (answer_key(raw) in _YES or answer_key(label) in _YES)
            if i not in out and yes:
                out[i] = message(
                    "ikke_data",
                    f"raden er merket som testsvar i eksporten (variabelen '{var}' = ",
                    q(raw),
                    "), ikke data",
                )
    return out


def apply_import_map(m: ImportMap, export: Export, source_name: str) -> RawTable:
    """The export read (by its format's reader) as a :class:`RawTable`, through its map (its
    key columns not yet judged)."""
    source = contract_source(source_name)
    resolved, problems = _resolve(m, export)
    problems += _code_problems(m, export, resolved) + export.problems
    issues: list[tuple[int, str, Message]] = []
    columns: dict[str, list] = {}
    variables: dict[str, str] = {}
    for col, name in m.kolonner.items():
        variables[col] = resolved.get(name, name)
        if name in resolved:
            columns[col] = _values(m, export, col, resolved[name], issues)
    for col, named in m.lister.items():
        items = {resolved[v]: item for v, item in named.items() if v in resolved}
        variables[col] = _list_variable(export, list(items))
        if len(items) == len(named):
            columns[col] = _list_values(export, col, items, issues)
    left = _left_out(m, export, resolved)
    flags = _tool_flags(export, set(resolved.values()))
    keep = [i for i in range(len(export.rows)) if i not in left]
    gone = sorted(left)

    def frame(indices: list[int]):
        picked = {col: [values[i] for i in indices] for col, values in columns.items()}
        return text_frame(source, [export.rows[i] for i in indices], picked)

    used = set(resolved.values())
    unmapped = [v for v in export.variables if v not in used]
    kept_rows = {export.rows[i] for i in keep}
    return RawTable(
        source_name,
        m.data_file,
        frame(keep),
        export.encoding,
        export.delimiter,
        export.blank_rows,
        ignored_columns=unmapped,
        missing_columns=[c.name for c in source.columns if c.name not in columns],
        declared_missing=dict(m.mangler),
        header_problems=problems,
        header_row=1,
        import_map=m.path,
        import_format=m.format,
        shown_name=export.shown,
        files=[m.path, *export.files],
        variables=variables,
        candidates={v: export.question(v) for v in unmapped},
        left_out=[left[i] for i in gone],
        left_out_data=frame(gone),
        headers={col: var for col, var in variables.items() if col in columns},
        flagged={export.rows[i]: why for i, why in flags.items() if i not in left},
        cell_issues=[issue for issue in issues if issue[0] in kept_rows],
    )
