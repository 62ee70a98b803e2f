"""The package's shape (issue 22): no module over 500 lines."""

from __future__ import annotations

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
