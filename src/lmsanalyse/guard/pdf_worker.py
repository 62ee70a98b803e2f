"""The PDFs' text for the guard, read in child processes while the guard reads the raw values.

Reading a tagged PDF's document information and structure tree (every table cell is a
structure element) with pypdf is pure Python and the guard's largest cost: about a second per
report PDF. :func:`start` hands the PDFs to at most two child processes
(``python -m lmsanalyse.guard.pdf_worker FILE…``, the largest files spread first) as soon as
the guard starts; :meth:`Pending.parts` collects what they read — the same
:func:`.texts.file_parts` — and reads in this process any file a child could not. The
findings are the same as reading them here; only the time differs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .texts import Part, file_parts

WORKERS = 2


def _groups(pdfs: list[Path], n: int) -> list[list[Path]]:
    """The files in ``n`` groups of about equal size (largest first to the smallest group)."""
    groups: list[list[Path]] = [[] for _ in range(n)]
    sizes = [0] * n
    for path in sorted(pdfs, key=lambda p: (-p.stat().st_size, str(p))):
        i = sizes.index(min(sizes))
        groups[i].append(path)
        sizes[i] += path.stat().st_size
    return [g for g in groups if g]


class Pending:
    """The children reading the PDFs (see :func:`start`)."""

    def __init__(self, pdfs: list[Path]) -> None:
        self.pdfs = pdfs
        command = [sys.executable, "-m", "lmsanalyse.guard.pdf_worker"]
        self.children = [
            (group, subprocess.Popen([*command, *map(str, group)], stdout=subprocess.PIPE))
            for group in _groups(pdfs, min(WORKERS, len(pdfs)))
        ]

    def parts(self) -> dict[Path, list[Part] | Exception]:
        """Each PDF's parts, or the exception reading it raised (as :func:`.texts.file_parts`)."""
        out: dict[Path, list[Part] | Exception] = {}
        for group, child in self.children:
            stdout, _ = child.communicate()
            read = json.loads(stdout) if child.returncode == 0 else {}
            for path in group:
                got = read.get(str(path))
                if got is None:  # the child failed: read it here, as without children
                    try:
                        out[path] = file_parts(path)
                    except Exception as exc:
                        out[path] = exc
                elif "fel" in got:
                    out[path] = _Unreadable(got["fel"])
                else:
                    out[path] = [Part(w, t, p) for w, t, p in got["deler"]]
        return out

    def stop(self) -> None:
        """End the children (the guard failed before it needed their texts)."""
        for _group, child in self.children:
            if child.poll() is None:
                child.kill()
            child.communicate()


class _Unreadable(Exception):
    """A child could not read a file; ``kind`` is the exception's type name."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def start(files: list[Path]) -> Pending:
    """Start reading the PDFs among ``files`` in child processes."""
    return Pending([Path(f) for f in files if Path(f).suffix.lower() == ".pdf"])


def main(argv: list[str]) -> int:
    out: dict[str, dict] = {}
    for name in argv:
        try:
            parts = file_parts(Path(name))
        except Exception as exc:  # reported to the guard, which refuses the file
            out[name] = {"fel": type(exc).__name__}
            continue
        out[name] = {"deler": [[p.where, p.text, p.patterns] for p in parts]}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
