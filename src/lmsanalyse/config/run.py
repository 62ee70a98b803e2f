"""``config/config.yaml``: the run's settings and paths, validated, defaults filled in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..layout import RunLayout
from ..schema import fill_defaults, load_schema, problem, schema_problems
from .base import ConfigError, _read_yaml, repository_root

CONFIG_FILE = Path("config") / "config.yaml"
# The shipped register configs (``<år>.yaml``), read on top of config.yaml by ``--register``.
REGISTER_CONFIGS = Path("config") / "registers"
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

    def shown_path(self, key: str) -> str:
        """A path setting as the report and provenance cite it: relative to the folder
        relative paths are read from (``config/manuelle_beslutninger.csv``) when the file is
        there, else as given (absolute), so that it names the file actually used."""
        path = self.path(key)
        try:
            return path.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def raw_dir(self) -> Path:
        return self.path("raw_dir")

    @property
    def reference_dir(self) -> Path:
        return self.path("reference_dir")

    @property
    def register(self):
        """The configured register (:class:`lmsanalyse.reference.Register`): the units asked."""
        from ..reference import Register

        return Register.from_values(self.values["register"], self.reference_dir, self.base)

    @property
    def published_figures(self) -> str | None:
        """The published figures' file in ``reference_dir`` (``publiserte_tall``); None: the
        wave has none, so there is no reconciliation."""
        return self.values.get("publiserte_tall")

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
    def quality(self) -> dict:
        """``kvalitet``: ``maks_andel_tomme``, the blank share that gives a warning."""
        return dict(self.values["kvalitet"])

    @property
    def rapport(self) -> dict:
        """The ``rapport:`` keys: publisher, authors, series, publication date, language."""
        return dict(self.values["rapport"])

    @property
    def comparison(self) -> dict:
        """``sammenligning``: the configured pair of waves (``a``, ``b``, ``ut``, ``indikator``
        as paths, None when not set), the indicator's year and the matching thresholds."""
        values = dict(self.values["sammenligning"])
        for key in ("a", "b", "ut", "indikator"):
            if values.get(key) is not None:
                path = Path(values[key])
                values[key] = path if path.is_absolute() else self.base / path
        return values

    def definition_file(self, name: str) -> Path:
        return self.path("definitions_dir") / f"{name}.yaml"

    def rules_in_run(self) -> tuple[str, ...]:
        """Every rule some definition of the run uses (what the run reads depends on them).

        A definition that cannot be loaded adds nothing here; loading it reports why.
        """
        from .base import ConfigError
        from .definitions import load_definition

        rules: set[str] = set()
        for name in self.definitions:
            try:
                rules |= set(load_definition(self.definition_file(name))["regler"])
            except ConfigError:
                continue
        return tuple(sorted(rules))

    def settings(self) -> dict:
        """The config without its paths: what the config hash covers besides file contents.

        The register's folder is a path too; its file names and counts are settings.
        """
        # The comparison of two waves is not part of a run (lmsanalyse sammenlign hashes it).
        out = {k: v for k, v in self.values.items() if k not in (*PATH_KEYS, "sammenligning")}
        out["register"] = {k: v for k, v in out["register"].items() if k != "mappe"}
        return out


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
                problem(
                    where,
                    f"'{values['main_definition']}' må være med i definitions "
                    f"({', '.join(values['definitions'])})",
                    "main_definition",
                )
            ]
        )
    config = RunConfig(values, Path(base))
    missing = [
        problem(where, f"fant ikke {config.definition_file(name)}", "definitions")
        for name in config.definitions
        if not config.definition_file(name).exists()
    ]
    decisions = config.path("manual_decisions")
    if not decisions.is_file():
        missing.append(
            problem(
                where,
                f"fant ikke filen med manuelle beslutninger ({decisions}); oppgi en fil som "
                "finnes (lmsanalyse run/validate --beslutninger FIL)",
                "manual_decisions",
            )
        )
    missing += [
        problem(where, f"fant ikke {path}", f"register.{role}")
        for role, path in config.register.files().items()
        if not path.is_file()
    ]
    if missing:
        raise ConfigError(missing)
    return config


def register_config(aar: str | int) -> Path:
    """The project's shipped config for the register of ``aar`` (``config/registers/2024.yaml``):
    what ``--register ÅR`` reads on top of ``config/config.yaml``."""
    folder = repository_root() / REGISTER_CONFIGS
    path = folder / f"{aar}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml"))
        raise ConfigError(
            [
                problem(
                    "--register",
                    f"det finnes ikke noe register for {aar}; "
                    f"registrene som følger med: {', '.join(known) or 'ingen'} ({REGISTER_CONFIGS})",
                )
            ]
        )
    return path


def config_files(config: str | Path | None, register: str | int | None) -> list[Path]:
    """The config files a command reads on top of ``config/config.yaml``, in order: the
    shipped register config (``--register``), then the user's (``--config``)."""
    files = [register_config(register)] if register is not None else []
    return files + ([Path(config)] if config else [])


def load_config(path: Path | list[Path] | None = None, overrides: dict | None = None) -> RunConfig:
    """Load and validate a config file (default ``config/config.yaml`` of the repository).

    Args:
        path: the config file, or several read in order (:func:`config_files`); relative
            paths inside them are read from the repository.
        overrides: values that replace the file's (``raw_dir``, ``out_dir`` …).
    """
    base = repository_root()
    default = base / CONFIG_FILE
    paths = [Path(p) for p in path] if isinstance(path, list) else [Path(path)] if path else []
    path = paths[-1] if paths else default
    values: dict = {}
    # As Snakemake does: the workflow's config.yaml first, each --configfile read on top of it.
    for file in dict.fromkeys([default, *paths]):
        data = _read_yaml(file) or {}
        if not isinstance(data, dict):
            raise ConfigError([problem(file, "må være en tabell av nøkler")])
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
