"""The files a guard found clean, so that a rerun searches only what changed (issue 22).

After a clean pass the guard writes, beside its record, the SHA-256 of every file it
searched and one key for what it searched them for: the personal values (texts and phone
cores) and the guard's own code. The next pass searches a file again unless its content
digest and the key are both the same as then — a file that changed in any byte, a new file,
new raw values or a changed guard is searched in full. A file with the same bytes searched
for the same values by the same code gives the same (empty) findings, so the result is the
same as a full pass; only the time differs. The cache holds digests only, never a value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .raw_values import PersonalValues

# Bump when the cache file's layout changes.
VERSION = 1


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _code_digest() -> str:
    """The guard's own source (what it reads and how it searches)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def search_key(values: PersonalValues) -> str:
    """One digest of what a pass searches for: every value and the guard's code."""
    digest = hashlib.sha256(_code_digest().encode())
    for group in (values.texts, values.phones):
        for key in sorted(group):
            digest.update(key.encode("utf-8") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


def load(path: Path | None) -> tuple[str, dict[str, str]]:
    """The key and the clean files' digests by path ("", {} when there is no usable cache)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return "", {}
    if not isinstance(data, dict) or data.get("versjon") != VERSION:
        return "", {}
    return str(data.get("nokkel", "")), dict(data.get("filer", {}))


def save(path: Path, key: str, digests: dict[str, str]) -> None:
    """Record the files of a clean pass (``digests``: path → SHA-256) under ``key``."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    data = {"versjon": VERSION, "nokkel": key, "filer": dict(sorted(digests.items()))}
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def cache_path(record: Path) -> Path:
    """The cache beside a guard record (``logs/personvernsjekk.txt`` →
    ``logs/personvernsjekk_rene_filer.json``), outside the folders the guard searches."""
    record = Path(record)
    return record.with_name(f"{record.stem}_rene_filer.json")
