"""The personal values of the raw exports, each with the raw cell it came from.

Every non-empty cell of a column the contract marks ``never_output`` (names, phone numbers,
e-mail addresses, free text) is read with the same reader as the clean stage. Each cell gives

* its whole text, normalised (:func:`.normalise.normalise`), with surrounding quotes and
  punctuation trimmed — unless the *generic-word rule* below leaves it out;
* the core (eight national digits) of every Norwegian phone number in it: in a phone column
  whatever the grouping, elsewhere (names, free text) when it has a phone number's form;
* every e-mail address in it (so that an address quoted from a comment is found alone).

The generic-word rule (``docs/assumptions.md``): a whole cell text is not searched for when
it is shorter than :data:`MIN_VALUE_LENGTH` characters, has no letter (it is searched for
only as the phone numbers it holds), or is — after normalising and trimming — one of

* the contract's vocabulary: allowed answers, column and source names;
* a header text: the aliases of ``config/header_aliases.yaml`` and the raw file's own
  headers that are not contract columns (a header line repeated inside an export);
* a place name of the reference data: 2014 kommuner, Oslo's bydeler, fylker, the 2020
  kommuner, also as "<navn> kommune", "bydel <navn>" …;
* a word of the small stop list :data:`GENERIC_WORDS` (switchboards, "ukjent", roles).

Such texts are in the outputs by design (a kommune name, an answer) or say nothing about a
person; searching for them would fail every run. A name, phone number or address inside a
longer cell is still found through the rest of the cell's own searches.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .normalise import flatten, normalise
from .patterns import EMAIL, OBFUSCATED_EMAIL, personal_phone_cores

log = logging.getLogger(__name__)

# Shorter values (a first name alone, "Ja" in a note) would match innocent text.
MIN_VALUE_LENGTH = 6
# The raw cells named for one value in a message (the count of the others is given).
MAX_ORIGINS = 3
# Single words and short phrases that personal columns hold without naming anyone. Kept
# small on purpose: each entry is a value the guard will not look for.
GENERIC_WORDS = frozenset(
    {
        # switchboards and desks answer for the kommune, not a person
        "sentralbord",
        "sentralbordet",
        "servicetorg",
        "servicetorget",
        "servicekontor",
        "servicekontoret",
        "resepsjon",
        "resepsjonen",
        "postmottak",
        "kundesenter",
        "vakttelefon",
        # unknown or missing
        "ukjent",
        "ikke kjent",
        "ikke oppgitt",
        "ikke oppgitt navn",
        "mangler",
        "ingen",
        "ingen svar",
        "ikke svar",
        "vet ikke",
        "ikke aktuelt",
        "n/a",
        # header words (a repeated header line)
        "telefon",
        "telefonnummer",
        "mobil",
        "mobilnummer",
        "e-post",
        "epost",
        "e-postadresse",
        "kontaktperson",
        "kontakt",
        "navn",
        "leder",
        "notat",
        "kommentar",
        "kommentarer",
        "intervjuer",
        # roles, not persons
        "daglig leder",
        "avdelingsleder",
        "enhetsleder",
        "virksomhetsleder",
        "kommunalsjef",
        "helsesjef",
        "rådmann",
        "rådmannen",
        "kommunedirektør",
        "bydelsdirektør",
        "kommuneoverlege",
        "koordinator",
        "saksbehandler",
    }
)
_TRIM = " .,;:!?\"'«»“”„()[]{}<>*-_/\\|"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, order=True)
class Origin:
    """A raw cell: the file's name, its row as a spreadsheet shows it, the contract column."""

    fil: str
    rad: int
    kolonne: str

    def __str__(self) -> str:
        return f"{self.fil} rad {self.rad}, kolonne {self.kolonne}"


@dataclass
class Sources:
    """Where one personal value was read: the first raw cells and how many there are."""

    first: list[Origin] = field(default_factory=list)
    count: int = 0

    def add(self, origin: Origin) -> None:
        self.count += 1
        if len(self.first) < MAX_ORIGINS:
            self.first.append(origin)

    def describe(self) -> str:
        """``fra fil rad R, kolonne K`` of the first cells, and how many other cells hold it."""
        text = "fra " + "; ".join(str(o) for o in self.first)
        rest = self.count - len(self.first)
        if rest:
            text += f" (og {rest} {'annen celle' if rest == 1 else 'andre celler'})"
        return text


@dataclass
class PersonalValues:
    """The normalised personal texts and phone cores to look for, each with its raw cells."""

    texts: dict[str, Sources] = field(default_factory=dict)
    phones: dict[str, Sources] = field(default_factory=dict)
    ignored: Counter = field(default_factory=Counter)

    def add_text(self, key: str, origin: Origin) -> None:
        self.texts.setdefault(key, Sources()).add(origin)

    def add_phone(self, core: str, origin: Origin) -> None:
        self.phones.setdefault(core, Sources()).add(origin)

    def __len__(self) -> int:
        return len(self.texts) + len(self.phones)


def trimmed(text: str) -> str:
    """A normalised text without surrounding quotes, brackets and punctuation."""
    return text.strip(_TRIM)


def _place_names(reference_dir: Path | list[Path] | None) -> set[str]:
    """Every kommune, bydel and fylke name of the reference data (any ``*navn*`` column).

    ``reference_dir`` may be several folders: the reference data and the configured
    register's folder (a synthetic register lives beside its raw data).
    """
    names: set[str] = set()
    folders = reference_dir if isinstance(reference_dir, list | tuple) else [reference_dir]
    paths = [
        path
        for folder in dict.fromkeys(Path(f) for f in folders if f is not None)
        if folder.is_dir()
        for path in sorted(folder.glob("*.csv"))
    ]
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = [c for c in reader.fieldnames or [] if "navn" in c and "figur" not in c]
            if not columns:
                continue
            for row in reader:
                names.update(row[c] for c in columns if row.get(c))
    return names


def generic_texts(
    aliases: dict[str, dict[str, str]] | None,
    reference_dir: Path | list[Path] | None,
    extra_headers: list[str] = (),
) -> set[str]:
    """The normalised texts the generic-word rule leaves out (see the module docstring)."""
    from ..contract import SOURCES

    words = set(GENERIC_WORDS)
    for source in SOURCES.values():
        words.add(source.name)
        for column in source.columns:
            words.add(column.name)
            words.add(column.name.replace("_", " "))
            words.update(column.values)
    for mapping in (aliases or {}).values():
        words.update(mapping)
        words.update(mapping.values())
    words.update(extra_headers)
    for name in _place_names(reference_dir):
        words.update(
            {
                name,
                f"{name} kommune",
                f"{name} kommunes",
                f"kommune {name}",
                f"{name} bydel",
                f"bydel {name}",
                f"{name} fylkeskommune",
            }
        )
    return {trimmed(normalise(w)) for w in words}


def collect(tables: dict, generic: set[str]) -> PersonalValues:
    """The personal values of raw tables (``RawTable`` by source), their cells recorded."""
    from ..contract import ROW_COLUMN, SOURCES

    found = PersonalValues()
    for name, table in tables.items():
        # The rows an import map leaves out (test submissions …) hold personal data too.
        frames = [table.data] + ([table.left_out_data] if table.left_out_data is not None else [])
        fil = getattr(table, "fil", table.path.name)
        for frame in frames:
            rows = frame[ROW_COLUMN].tolist()
            for column in SOURCES[name].columns:
                if not column.never_output:
                    continue
                phone_column = "telefon" in column.name
                for rad, value in zip(rows, frame[column.name].tolist(), strict=True):
                    if value is None or value != value:  # None or NaN
                        continue
                    origin = Origin(fil, int(rad), column.name)
                    _add_cell(found, str(value), origin, phone_column, generic)
    log.info(
        "%d personlige tekster og %d telefonnumre fra rådataene; utelatt etter regelen om "
        "generelle ord: %s",
        len(found.texts),
        len(found.phones),
        ", ".join(f"{n} {why}" for why, n in sorted(found.ignored.items())) or "ingen",
    )
    return found


def _add_cell(
    found: PersonalValues, value: str, origin: Origin, phone_column: bool, generic: set[str]
) -> None:
    lines = normalise(value, lines=True)
    cores = personal_phone_cores(lines, lenient=phone_column)
    for core in cores:
        found.add_phone(core, origin)
    key = trimmed(flatten(lines))
    for m in (*EMAIL.finditer(key), *OBFUSCATED_EMAIL.finditer(key)):
        if m.group(0) != key:
            found.add_text(m.group(0), origin)
    if not key:
        return
    if len(key) < MIN_VALUE_LENGTH:
        found.ignored["for korte"] += 1
    elif not _LETTER.search(key):
        if not cores:
            found.ignored["uten bokstaver"] += 1
    elif key in generic:
        found.ignored["generelle ord"] += 1
    else:
        found.add_text(key, origin)
        # pdftotext joins a word hyphenated at a line end ("Anne-" / "Lise" → "AnneLise").
        if "-" in key:
            found.add_text(key.replace("-", ""), origin)
