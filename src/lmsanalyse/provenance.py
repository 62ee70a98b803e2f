"""Provenance: what a run's outputs were made from (inputs, config, code, time)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import __version__
from .config import RunConfig
from .outputs import sha256_file
from .runlog import logged

PACKAGES = (
    "pandas",
    "pyarrow",
    "duckdb",
    "snakemake",
    "matplotlib",
    "jinja2",
    "typst",
    "rapidfuzz",
    "openpyxl",
    "python-calamine",
)


def git_commit(repo: Path) -> str:
    """The repository's commit, with ``+endringer`` when tracked files differ from it."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "ukjent (ikke et git-depot)"
    return commit + ("+endringer" if dirty else "")


# The role of the manual decisions file among the inputs (the report cites it from there).
DECISIONS_ROLE = "manuelle beslutninger"
# The dated tables of the collection period: every usable submission of the questionnaire (a
# superseded one was collected too), every call and every interview.
DATE_COLUMNS = {
    "radmann_innsendinger": "innsendt",
    "ringerunde": "dato",
    "telefonintervju": "intervjudato",
}
RUN_CLOCK = "klokken da kjøringen startet"


def run_timestamp(now: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """When the run happened, in UTC to the second, and where that time came from.

    ``SOURCE_DATE_EPOCH`` (reproducible builds) wins: the tests and ``make report`` set it,
    so the same inputs give the same bytes. Otherwise the real clock: a report made today
    says so.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        stamp = dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
        return stamp, "SOURCE_DATE_EPOCH"
    now = now or dt.datetime.now(dt.UTC)
    return now.replace(tzinfo=None, microsecond=0), RUN_CLOCK


def data_period(dated_tables: list[Path]) -> dict[str, str] | None:
    """The first and last date in the cleaned source tables (``{"fra", "til"}``, ISO dates);
    None when they hold no dates."""
    dates = []
    for path in map(Path, dated_tables):
        col = DATE_COLUMNS.get(path.stem)
        if col and path.exists():
            values = pd.to_datetime(pd.read_parquet(path, columns=[col])[col]).dropna()
            dates += [values.min().date(), values.max().date()] if len(values) else []
    if not dates:
        return None
    return {"fra": min(dates).isoformat(), "til": max(dates).isoformat()}


def synthetic_inputs(raw: list[Path], synth: bool = False) -> list[str]:
    """The raw files that carry the synthetic-data marker (:data:`guard.SYNTHETIC_MARKER`);
    ``synth``: the marker ``lmsanalyse synth`` writes (:data:`guard.SYNTH_MARKER`)."""
    from .guard import SYNTH_MARKER, SYNTHETIC_MARKER, has_synthetic_marker

    marker = SYNTH_MARKER if synth else SYNTHETIC_MARKER
    return [str(p) for p in raw if has_synthetic_marker(Path(p), marker)]


def config_hash(settings: dict, files: Iterable[Path]) -> str:
    """SHA-256 over the config's settings and the bytes of every config file it points to.

    Paths are left out (their contents are hashed as inputs or config files), so the same
    data in another folder gives the same report.
    """
    h = hashlib.sha256(
        json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str).encode()
    )
    for path in sorted(Path(p) for p in files):
        h.update(path.name.encode())
        h.update(sha256_file(path).encode())
    return h.hexdigest()


@logged
def write_provenance(
    out_path: Path,
    raw: list[Path],
    reference: list[Path],
    config_files: list[Path],
    clean: list[Path],
    config: RunConfig,
    repo: Path,
) -> dict:
    """Write ``provenance.json``: input SHA-256s, config hash, code version, run time, the
    data's collection period, whether the raw data is synthetic, and the ``rapport:`` keys.

    Args:
        out_path: ``provenance.json``.
        raw: the raw files read.
        reference: the reference files read.
        config_files: ``config.yaml``, the aliases, relations, manual decisions and every
            definition file read. The manual decisions file (config ``manual_decisions``) is
            listed as an input (role :data:`DECISIONS_ROLE`, its path as given), not as a
            config file: it holds decisions about the data.
        clean: the cleaned tables (their first and last dates are the collection period).
        config: the run's configuration.
        repo: the repository (for the git commit).
    """
    out_path = Path(out_path)
    stamp, stamp_source = run_timestamp()
    synthetic = set(synthetic_inputs(raw))
    decisions = config.path("manual_decisions")
    config_files = [
        Path(p) for p in config_files if Path(p).exists() and not _same_file(p, decisions)
    ]
    record = {
        "pakke": "lmsanalyse",
        "versjon": __version__,
        "git_commit": git_commit(Path(repo)),
        "kjoretidspunkt": stamp.isoformat(timespec="seconds"),
        "kjoretidspunkt_kilde": stamp_source,
        "datainnsamling": data_period(clean),
        # The wave: the register it asked and what it has (population, pictures on later
        # maps, published figures); the reports choose their wording by it.
        "bolge": wave_record(config),
        # Any raw file with the marker makes the whole run synthetic: the reports then say
        # so on every page and in their metadata.
        "syntetiske_data": bool(synthetic),
        # Made by `lmsanalyse synth`, whose generator gives NK LMH's published figures: the
        # reconciliation then says that agreement is by construction.
        "syntetiske_data_fra_synth": bool(synthetic_inputs(raw, synth=True)),
        "inndata": [
            {"fil": _shown(p, config.raw_dir), "rolle": role, "sha256": sha256_file(p)}
            | ({"syntetisk": str(p) in synthetic} if role == "rådata" else {})
            # A file in two roles (the 2024 register's kommuner are its 2024 kommuner) once.
            for role, paths in (("rådata", raw), ("referanse", list(dict.fromkeys(reference))))
            for p in paths
        ]
        + [
            {
                "fil": config.shown_path("manual_decisions"),
                "rolle": DECISIONS_ROLE,
                "sha256": sha256_file(decisions),
            }
        ],
        "konfigurasjon_sha256": config_hash(config.settings(), config_files),
        "konfigurasjonsfiler": [
            {"fil": Path(p).name, "sha256": sha256_file(p)} for p in config_files
        ],
        "definisjoner": config.definitions,
        "hoveddefinisjon": config.main_definition,
        "rapport": config.rapport,
        "python": platform.python_version(),
        "pakker": package_versions(),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return record


def wave_record(config: RunConfig) -> dict:
    """The wave a run is of: its register's year and what it has
    (:func:`lmsanalyse.reference.wave_conditions`: ``folkemengde``, ``kart_2020``,
    ``kart_2024``, ``register_2014``, ``publiserte_tall``)."""
    from .reference import wave_conditions

    register = config.register
    has = wave_conditions(register, config.published_figures is not None)
    counts = {name: register.count(name) for name in ("kommuner", "bydeler", "enheter")}
    return {"register": register.aar, "har": sorted(has), **counts}


def _same_file(a: Path | str, b: Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _shown(path: Path, raw_dir: Path) -> str:
    """A file by its name; an export file behind an import map by its path in the raw folder
    (``radmann/dataset.csv``), so that an analyst finds it."""
    try:
        return Path(path).resolve().relative_to(Path(raw_dir).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def package_versions() -> dict[str, str]:
    """The version of every package the outputs depend on (:data:`PACKAGES`)."""
    return {name: _version(name) for name in PACKAGES}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "ikke installert"
