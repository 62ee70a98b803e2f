"""Scanning outputs: one pass of one automaton for every personal value, and the patterns.

For each output file, each part's text (:mod:`.texts`) is normalised once. Then

* one Aho–Corasick automaton (``pyahocorasick``) holding every personal text finds all of
  them in one pass over the normalised text (time linear in the text's length plus the
  number of matches, whatever the number of values). A match counts when it starts at the
  start of a word (the character before it is not a letter or digit), so that "Hansen" is
  not found in "Johansen";
* one regular expression finds the digit runs (:mod:`.patterns`); a run whose core is a
  personal phone number names that number's raw cell, any other phone-like run is reported
  as a phone number of unknown origin;
* one regular expression each finds e-mail addresses and bidirectional control characters.

A finding names the output, the part, and for a personal value the raw file, row and column
it came from, never the value (its length and first character at most).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .normalise import bidi_controls, flatten, normalise
from .patterns import digit_runs, emails, is_phone, phone_core
from .raw_values import PersonalValues, Sources
from .texts import Part, file_parts

log = logging.getLogger(__name__)

# Findings listed per output file; the rest are counted.
MAX_FINDINGS_PER_FILE = 20


@dataclass(frozen=True)
class Finding:
    """One thing an output must not hold."""

    output: Path
    what: str
    where: str = ""
    sources: Sources | None = None

    def message(self) -> str:
        where = f" [{self.where}]" if self.where else ""
        origin = f" {self.sources.describe()}" if self.sources else ""
        return f"{self.output}{where}: inneholder {self.what}{origin}"


class Automaton:
    """Every personal text in one Aho–Corasick automaton."""

    def __init__(self, texts: dict[str, Sources]) -> None:
        import ahocorasick

        self.keys = list(texts)
        self.sources = [texts[k] for k in self.keys]
        self.automaton = ahocorasick.Automaton()
        for index, key in enumerate(self.keys):
            self.automaton.add_word(key, index)
        if self.keys:
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterable[int]:
        """The index of every key found in a normalised text at a word start (each once)."""
        if not self.keys:
            return []
        keys = self.keys
        seen: set[int] = set()
        for end, index in self.automaton.iter(text):
            if index in seen:
                continue
            start = end - len(keys[index]) + 1
            if start > 0 and keys[index][0].isalnum() and text[start - 1].isalnum():
                continue
            seen.add(index)
        return sorted(seen)


def _masked(text: str) -> str:
    return f"{len(text)} tegn, begynner med «{text[0]}»"


def _alone(lines: str, run) -> bool:
    """Whether a digit run is the whole of its line (a cell) in a lines-normalised text."""
    before = run.start == 0 or lines[run.start - 1] == "\n"
    return before and (run.end == len(lines) or lines[run.end] == "\n")


def _pattern_findings(
    path: Path, part: Part, lines: str, values: PersonalValues, seen: set[str]
) -> list[Finding]:
    """Phone numbers (raw ones named by their cell) and e-mail addresses in one part."""
    findings = []
    for run in digit_runs(lines):
        core = phone_core(run)
        if core in values.phones:
            if core not in seen:
                seen.add(core)
                what = "et telefonnummer fra rådataene (8 sifre)"
                findings.append(Finding(path, what, part.where, values.phones[core]))
        elif is_phone(run, _alone(lines, run)) and run.digits not in seen:
            seen.add(run.digits)
            what = f"et telefonnummer ({len(run.digits)} sifre, ikke fra rådataene)"
            findings.append(Finding(path, what, part.where))
    for m in emails(lines):
        address = m.group(0)
        if address in seen or address in values.texts:
            continue  # an address of the raw data is found (and named) by the automaton
        seen.add(address)
        what = f"en e-postadresse ({len(address)} tegn, begynner med «{address[0]}»)"
        findings.append(Finding(path, what, part.where))
    return findings


def scan_file(
    path: Path,
    values: PersonalValues,
    automaton: Automaton,
    stats: dict | None = None,
    read: list[Part] | Exception | None = None,
) -> list[Finding]:
    """The findings in one output file (empty when it is clean).

    ``stats`` (optional) adds up ``files``, ``bytes`` (on disk) and ``chars`` (normalised
    text searched). ``read``: the file's parts already read (:func:`.texts.file_parts`, or
    the exception it raised), e.g. by :mod:`.pdf_worker`; None: read here.
    """
    if stats is not None:
        stats["files"] = stats.get("files", 0) + 1
        stats["bytes"] = stats.get("bytes", 0) + path.stat().st_size
    try:
        if isinstance(read, Exception):
            raise read
        parts = list(read) if read is not None else file_parts(path)
    except Exception as exc:  # an output the guard cannot read is not known to be clean
        kind = getattr(exc, "kind", type(exc).__name__)
        what = f"noe som ikke kan leses som {path.suffix or 'fil'} ({kind})"
        return [Finding(path, what)]
    parts.append(Part("filnavn", path.name))
    findings: list[Finding] = []
    seen_values: set[int] = set()
    seen: set[str] = set()
    for part in parts:
        codes = bidi_controls(part.text) if not part.text.isascii() else []
        if codes and "bidi" not in seen:
            seen.add("bidi")
            what = f"styretegn for tekstretning ({', '.join(codes)}), som kan skjule tekst"
            findings.append(Finding(path, what, part.where))
        lines = normalise(part.text, lines=True)
        flat = flatten(lines)
        if stats is not None:
            stats["chars"] = stats.get("chars", 0) + len(flat)
        for index in automaton.find(flat):
            if index not in seen_values:
                seen_values.add(index)
                what = f"en personopplysning fra rådataene ({_masked(automaton.keys[index])})"
                findings.append(Finding(path, what, part.where, automaton.sources[index]))
        if part.patterns:
            findings += _pattern_findings(path, part, lines, values, seen)
    return findings


def output_files(folders: Iterable[Path]) -> list[Path]:
    """Every file under the guarded folders (``.gitkeep`` excepted), sorted."""
    files: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".gitkeep")
    return files


def scan(
    values: PersonalValues,
    files: Iterable[Path],
    stats: dict | None = None,
    read: dict[Path, list[Part] | Exception] | None = None,
) -> list[Finding]:
    """The findings in every file; one automaton for all of them (``stats``, ``read``: see
    scan_file; ``read`` by path)."""
    automaton = Automaton(values.texts)
    read = read or {}
    findings: list[Finding] = []
    for path in files:
        found = scan_file(Path(path), values, automaton, stats, read.get(Path(path)))
        if found:
            log.warning("%s: %d funn", path, len(found))
        findings += found
    return findings
