"""The package's shape (issue 22): no module over 500 lines, no module name used twice."""

from __future__ import annotations

from collections import Counter

from helpers import REPO

PACKAGE = REPO / "src" / "lmsanalyse"
MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    lines = {
        str(path.relative_to(PACKAGE)): len(path.read_text("utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(lines) > 100  # the whole package was read
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_every_module_name_is_used_once() -> None:
    """A module is known by its file name alone (in a traceback, a search, a review); only a
    package's own ``__init__.py`` and ``__main__.py`` repeat."""
    names = Counter(
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    assert len(names) > 100
    assert sorted(name for name, n in names.items() if n > 1) == []
