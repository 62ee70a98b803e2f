"""What every config loader shares: the error carrying every problem, YAML reading."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import Problem, sort_problems
from ..schema import load_yaml, problem


class ConfigError(ValueError):
    """A config file is not valid. Carries every problem, each naming file and key or row."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(map(str, self.problems)))


def repository_root() -> Path:
    """The folder with the Snakefile: the checkout this package runs from, else the cwd."""
    here = Path(__file__).resolve().parents[3]
    for candidate in (here, Path.cwd()):
        if (candidate / "Snakefile").exists():
            return candidate
    raise ConfigError([problem("Snakefile", "fant ikke Snakefile; kjør lmsanalyse fra depotet")])


def _read_yaml(path: Path, loader: type = yaml.SafeLoader) -> object:
    """A YAML config file's data; a missing, non-UTF-8 or unreadable file is a ConfigError
    naming the file (and the line)."""
    return read_yaml_text(path, loader)[1]


def read_yaml_text(path: Path, loader: type = yaml.SafeLoader) -> tuple[str, object]:
    """A YAML config file's text and data (see :func:`_read_yaml`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        return text, load_yaml(text, loader)
    except FileNotFoundError:
        raise ConfigError([problem(path, f"filen finnes ikke ({path})")]) from None
    except UnicodeDecodeError:
        raise ConfigError([problem(path, "er ikke UTF-8; lagre filen som UTF-8")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        melding = f"kan ikke lese YAML: {getattr(exc, 'problem', None) or exc}"
        raise ConfigError([Problem(Path(path).name, row, None, melding)]) from None


def shown_config_path(path: Path) -> str:
    """A config file as messages and outputs name it: relative to the repository
    (``config/header_aliases.yaml``), else its name; the same wherever the run starts."""
    path = Path(path).resolve()
    try:
        return path.relative_to(repository_root()).as_posix()
    except (ValueError, ConfigError):
        return path.name
