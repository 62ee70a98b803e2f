"""``lmsanalyse validate``: every problem a run would meet, listed at once.

It reads the same config (:func:`lmsanalyse.config.load_config`) and judges the raw files
through the same reader, import maps, key-column checks and cleaner as the clean stage, so
``validate`` and ``run`` can never disagree about a data set. Where the run stops at the
first file-level problem, ``validate`` goes on: a file missing a required column is still
checked row by row for the columns it has, and the config files are checked too.

Warnings (a column the definitions read that is blank too often) are listed as well; they
do not make ``validate`` fail, and the run writes them to ``advarsler.csv``.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .config import (
    ConfigError,
    Deltakelse,
    RunConfig,
    load_definition,
    load_manual_decisions,
    load_relations,
)
from .contract import SOURCES
from .ingest.sources import find_raw_file
from .layout import RunLayout
from .problems import InputError, Problem, sort_problems


@dataclass
class Validation:
    """What ``validate`` found.

    Attributes:
        problems: what a run would quarantine, or stops at (exit 1): the same messages.
        warnings: columns blank too often (listed, exit 0).
        contradictions: what would make the figures disagree with each other (the run
            writes them to ``konsistens.csv`` and the report lists them; exit 0).
        notices: every judgement on a typed text: a name read by similarity, with what was
            typed, what it became and the score (``navnetolkning.csv``; exit 0).
    """

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    contradictions: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def validate_all(config: RunConfig) -> Validation:
    """Every problem and warning in the raw exports, import maps and config files of a run.

    Args:
        config: the run's configuration (raw folder, reference data, matching, definitions).
    """
    from . import reference
    from .clean.clean_stage import run_specs
    from .clean.cleaner import Cleaner
    from .ingest.keycolumns import blank_share_warnings, source_specs
    from .ingest.reader import read_raw_table

    result = Validation()
    problems = result.problems
    # Problems that stop a run (a file, a column or a config file); rows a run would only
    # quarantine do not.
    blocking: list[Problem] = []
    rules = config.rules_in_run()
    try:
        specs = run_specs(config.path("header_aliases"), rules)
    except ConfigError as exc:
        problems += exc.problems
        blocking += exc.problems
        specs = source_specs({}, rules)
    matching = config.matching
    try:
        cleaner = Cleaner.from_reference(
            config.register, matching["fuzzy_threshold"], matching["fuzzy_margin"]
        )
    except reference.ReferenceError as exc:
        # A register that does not hold its configured counts: nothing can be matched.
        problems.append(register_problem(exc))
        return result
    services: dict[str, Deltakelse] = {}
    for name in SOURCES:
        try:
            path = find_raw_file(config.raw_dir, name)
            table = read_raw_table(path, name, specs[name], strict=False)
        except (InputError, ConfigError) as exc:
            problems.extend(exc.problems)
            blocking.extend(exc.problems)
            continue
        problems.extend(table.header_problems)
        blocking.extend(table.header_problems)
        cleaned = cleaner.clean(table)
        problems.extend(
            Problem.of(table.fil, i.rad, i.kolonne, i.arsak, table.variable(i.kolonne) or None)
            for i in cleaned.issues
        )
        notes = cleaned.match_notes
        result.notices += [
            Problem(
                table.fil, int(n.rad), n.kolonne, n.merknad, None, table.variable(n.kolonne) or None
            )
            for n in notes.loc[notes["metode"].eq("fuzzy")].itertuples(index=False)
        ]
        max_share = config.quality["maks_andel_tomme"]
        result.warnings += [
            w.problem() for w in blank_share_warnings(table, max_share, specs[name])
        ]
        if name == "telefonintervju" and "tjeneste_id" in cleaned.table:
            services = participation(cleaned.table)
    kommuner = set(reference.load_kommuner(config.register)["kommunenummer"])
    units = reference.load_enheter(config.register)
    bydeler = dict(units.loc[units["enhetstype"].eq("bydel"), ["enhet_id", "kommunenummer"]].values)
    found = config_problems(config, kommuner, services, bydeler)
    problems += found
    if not blocking and not found:
        # Data a run would take: what would make its figures disagree with each other.
        result.contradictions = sort_problems(consistency_problems(config))
    result.problems = sort_problems(problems)
    result.warnings = sort_problems(result.warnings)
    result.notices = sort_problems(result.notices)
    return result


def register_problem(exc: Exception) -> Problem:
    """A register error (``fil: melding``) as a problem naming the file."""
    fil, _, melding = str(exc).partition(": ")
    return Problem(fil, None, None, melding) if melding else Problem("register", None, None, fil)


def consistency_problems(config: RunConfig) -> list[Problem]:
    """What would make a run's figures disagree with each other (``konsistens.csv``).

    The clean and include stages run as in a run, for the main definition, into a folder
    that is thrown away.
    """
    # The stages log what validate has listed already; here they would say it a second time.
    quiet = logging.getLogger("lmsanalyse")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tables = _run_main_definition(config, RunLayout(Path(tmp)))
    finally:
        quiet.setLevel(level)
    problems = []
    for row in tables["konsistens"].itertuples(index=False):
        rows = [int(r) for r in str(row.rader or "").split(", ") if r.strip().isdigit()]
        fil = row.fil if isinstance(row.fil, str) and row.fil else "kartleggingen"
        problems.append(Problem(fil, rows[0] if len(rows) == 1 else None, None, row.melding))
    return problems


def _run_main_definition(config: RunConfig, layout) -> dict:
    """The clean and include stages of a run, for the main definition, into ``layout``."""
    from .clean.clean_stage import run_clean
    from .include.include_stage import run_include
    from .ingest.sources import find_raw_files

    main = config.main_definition
    run_clean(
        find_raw_files(config.raw_dir),
        config.register,
        config.path("header_aliases"),
        config.matching,
        layout.clean_outputs(),
        quality=config.quality,
        rules=config.rules_in_run(),
    )
    return run_include(
        layout.clean_outputs(),
        config.definition_file(main),
        config.path("manual_decisions"),
        layout.definition_outputs(main),
        config.register,
    )


def participation(interviews) -> dict[str, Deltakelse]:
    """Who takes part in each cleaned interview (for the manual decisions' contradictions)."""
    out = {}
    for row in interviews.dropna(subset=["tjeneste_id"]).to_dict("records"):
        units = row.get("deltakerkommuner")
        vert = row.get("vertskommune_id")
        out[row["tjeneste_id"]] = Deltakelse(
            vert if isinstance(vert, str) else None,
            tuple(units) if isinstance(units, list | tuple) else (),
        )
    return out


def config_problems(
    config: RunConfig,
    kommuner: set[str],
    services: dict[str, Deltakelse],
    bydeler: dict[str, str] | None = None,
) -> list[Problem]:
    """Problems of the definitions, the relations and the manual decisions of a run (the
    decisions checked against the register and the interviews, and against each other)."""
    problems: list[Problem] = []

    def check(load, *args) -> None:
        try:
            load(*args)
        except ConfigError as exc:
            problems.extend(exc.problems)

    for name in config.definitions:
        check(load_definition, config.definition_file(name))
    check(load_relations, config.path("reconciliation"))
    check(load_manual_decisions, config.path("manual_decisions"), kommuner, services, bydeler)
    return problems
