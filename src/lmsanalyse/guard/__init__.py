"""Guards: no personal data in the outputs, and only marked synthetic data in ``data/raw/``.

The personal-data guard is the last step of every workflow run (:func:`run_guard`):

1. it reads every personal value from the raw exports — each cell of the contract's
   personal and free-text columns, with its file, row and column (:mod:`.raw_values`), leaving
   out generic words by a documented rule;
2. it reads the text of every file under ``data/processed/`` and ``reports/``, whatever its
   type (:mod:`.texts`), normalises it as the values are normalised (:mod:`.normalise`), and
   finds every personal value in one pass of one automaton, and every phone number, e-mail
   address and bidirectional control character by pattern (:mod:`.scan`, :mod:`.patterns`);
3. when it finds something, it deletes every output that holds it and fails the run with a
   message that names, for each finding, the output and the raw file, row and column the
   value came from (never the value), ending with a short summary in Norwegian.

Modules: ``normalise`` (the one normal form), ``patterns`` (phone numbers, e-mail),
``values`` (personal values and the generic-word rule), ``texts`` (text of each file type),
``scan`` (the automaton and the findings), ``cache`` (the files a clean pass searched, so
that a rerun searches only what changed), ``marker`` (the synthetic-data marker of
``data/raw``). This module imports none of the heavy ones until a guard runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from ..runlog import logged
from .marker import (
    SYNTH_MARKER,
    SYNTHETIC_BANNER,
    SYNTHETIC_MARKER,
    has_synthetic_marker,
    main,
    unmarked_raw_files,
)

log = logging.getLogger(__name__)

__all__ = [
    "SYNTHETIC_BANNER",
    "SYNTHETIC_MARKER",
    "SYNTH_MARKER",
    "PersonalDataFound",
    "check_outputs",
    "guard_patterns",
    "has_synthetic_marker",
    "main",
    "personal_values",
    "run_guard",
    "scan_outputs",
    "unmarked_raw_files",
]


class PersonalDataFound(RuntimeError):
    """Personal data was found in an output file (the files holding it are deleted)."""

    def __init__(self, message: str, findings: list | None = None, removed: list | None = None):
        super().__init__(message)
        self.findings = findings or []
        self.removed = removed or []


def _default_reference_dir() -> Path | None:
    from ..config import ConfigError, repository_root

    try:
        return repository_root() / "data" / "reference"
    except ConfigError:
        return None


def personal_values(
    raw_files: dict[str, Path],
    aliases_path: Path | None = None,
    reference_dir: Path | list[Path] | None = None,
):
    """Every personal value of the three raw exports, with its raw cells (``PersonalValues``).

    Args:
        raw_files: the raw file of each source.
        aliases_path: ``config/header_aliases.yaml`` (header texts are generic words).
        reference_dir: the reference data (place names are generic words); default the
            repository's ``data/reference``.
    """
    from ..clean.clean_stage import read_sources
    from ..config import load_header_aliases
    from .raw_values import collect, generic_texts

    # Not strict: the personal values of a file are found even where a column is missing.
    tables = read_sources(raw_files, aliases_path, strict=False)
    headers = [h for table in tables.values() for h in table.ignored_columns]
    reference_dir = reference_dir if reference_dir is not None else _default_reference_dir()
    generic = generic_texts(load_header_aliases(aliases_path), reference_dir, headers)
    return collect(tables, generic)


def _as_values(values):
    """``PersonalValues`` from itself or from plain strings (no raw cells known)."""
    from .normalise import flatten, normalise
    from .patterns import personal_phone_cores
    from .raw_values import Origin, PersonalValues, trimmed

    if isinstance(values, PersonalValues):
        return values
    out = PersonalValues()
    unknown = Origin("(ukjent fil)", 0, "(ukjent)")
    for value in values:
        lines = normalise(str(value), lines=True)
        for core in personal_phone_cores(lines, lenient=True):
            out.add_phone(core, unknown)
        if key := trimmed(flatten(lines)):
            out.add_text(key, unknown)
    return out


def scan_outputs(values, folders: Iterable[Path]) -> list[str]:
    """Findings as messages (``file: what``); empty when the outputs are clean. Deletes nothing."""
    from .scan import output_files, scan

    return [f.message() for f in scan(_as_values(values), output_files(folders))]


def _remove(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    removed, failed = [], []
    for path in paths:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            removed.append(path)
        except OSError as exc:
            failed.append((path, exc.strerror or type(exc).__name__))
    return removed, failed


def _failure_message(findings, removed, failed, n_files: int) -> str:
    from .scan import MAX_FINDINGS_PER_FILE

    refused = sorted({f.output for f in findings})
    lines = [f"Personopplysninger funnet i utdata ({len(findings)} funn i {len(refused)} filer):"]
    for output in refused:
        mine = [f for f in findings if f.output == output]
        lines += [f"  {f.message()}" for f in mine[:MAX_FINDINGS_PER_FILE]]
        if len(mine) > MAX_FINDINGS_PER_FILE:
            lines.append(f"  {output}: … og {len(mine) - MAX_FINDINGS_PER_FILE} funn til")
    lines.append("Slettet fordi de inneholder personopplysninger:")
    lines += [f"  {p}" for p in removed]
    for path, why in failed:
        lines.append(f"  {path}: KUNNE IKKE SLETTES ({why}); slett filen selv")
    gone = "er slettet" if not failed else f"er slettet unntatt {len(failed)}"
    lines += [
        "",
        f"Personvernsjekken stoppet kjøringen: {len(findings)} funn i {len(refused)} av "
        f"{n_files} utdatafiler, som {gone}.",
        "Rett rådatacellene som er nevnt (fil, rad, kolonne), eller koden som skrev dem ut, "
        "og kjør på nytt.",
    ]
    return "\n".join(lines)


def check_outputs(
    raw_files: dict[str, Path],
    aliases_path: Path | None,
    folders: Iterable[Path],
    reference_dir: Path | list[Path] | None = None,
    cache_file: Path | None = None,
) -> int:
    """Run the personal-data guard over the folders.

    ``cache_file`` (optional, :mod:`.cache`): the files of the last clean pass; a file whose
    bytes and search key are unchanged since then is not searched again, and a clean pass
    rewrites it (a finding removes it).

    Returns:
        The number of personal values looked for.

    Raises:
        PersonalDataFound: something was found; every output holding it has been deleted,
            and the message names each finding's output and raw cell.
    """
    from . import cache, pdf_worker
    from .scan import output_files, scan

    t = time.perf_counter()
    files = output_files(folders)
    old_key, known = cache.load(cache_file)
    digests = {str(p): cache.file_digest(p) for p in files} if cache_file else {}
    unchanged = {p for p in files if known.get(str(p)) == digests.get(str(p))} if known else set()
    # The PDFs are read by child processes while the raw values are read here.
    pending = pdf_worker.start([p for p in files if p not in unchanged])
    try:
        values = personal_values(raw_files, aliases_path, reference_dir)
    except BaseException:
        pending.stop()
        raise
    t_values = time.perf_counter() - t
    key = cache.search_key(values) if cache_file else ""
    skipped = unchanged if key == old_key else set()
    searched = [p for p in files if p not in skipped]
    stats: dict = {}
    findings = scan(values, searched, stats, pending.parts())
    log.info(
        "%d personverdier lest på %.2f s; %d av %d utdatafiler (%.1f MB, %.1f M tegn tekst) "
        "søkt gjennom på %.2f s, %d uendret siden forrige rene sjekk",
        len(values),
        t_values,
        len(searched),
        len(files),
        stats.get("bytes", 0) / 1e6,
        stats.get("chars", 0) / 1e6,
        time.perf_counter() - t - t_values,
        len(skipped),
    )
    if findings:
        if cache_file:
            Path(cache_file).unlink(missing_ok=True)
        removed, failed = _remove(sorted({f.output for f in findings}))
        message = _failure_message(findings, removed, failed, len(files))
        raise PersonalDataFound(message, findings, removed)
    if cache_file:
        cache.save(cache_file, key, digests)
    return len(values)


@logged
def run_guard(
    raw_files: dict[str, Path],
    aliases_path: Path | None,
    folders: Iterable[Path],
    out_path: Path,
    reference_dir: Path | list[Path] | None = None,
) -> None:
    """The workflow's last step: check the outputs and record that they are clean.

    On a finding the record is not written (an old one is removed), the outputs holding
    personal data are deleted, and :class:`PersonalDataFound` fails the run. Files unchanged
    since the last clean pass are not searched again (:mod:`.cache`, beside the record).
    """
    from .cache import cache_path

    folders = [Path(f) for f in folders]
    try:
        checked = check_outputs(
            raw_files, aliases_path, folders, reference_dir, cache_path(out_path)
        )
    except PersonalDataFound:
        Path(out_path).unlink(missing_ok=True)
        raise
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(
        f"OK: {checked} personverdier fra rådataene søkt etter i "
        f"{', '.join(f.name for f in folders)}; ingen funnet.\n",
        encoding="utf-8",
    )


@logged
def guard_patterns(folders: Iterable[Path], out_path: Path) -> None:
    """The guard without raw exports: every phone number, e-mail address and bidirectional
    control character in the folders, found by pattern (``lmsanalyse sammenlign``, whose
    inputs are runs that passed the full guard). On a finding the files holding it are
    deleted, the record is removed, and :class:`PersonalDataFound` is raised."""
    from .scan import output_files, scan

    folders = [Path(f) for f in folders]
    files = output_files(folders)
    findings = scan(_as_values([]), files)
    if findings:
        Path(out_path).unlink(missing_ok=True)
        removed, failed = _remove(sorted({f.output for f in findings}))
        raise PersonalDataFound(
            _failure_message(findings, removed, failed, len(files)), findings, removed
        )
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(
        f"OK: {len(files)} utdatafiler i {', '.join(f.name for f in folders)} søkt gjennom etter "
        "telefonnumre, e-postadresser og skjulte retningstegn; ingen funnet. Bølgene er sjekket "
        "mot sine rådata av sin egen personvernsjekk.\n",
        encoding="utf-8",
    )
