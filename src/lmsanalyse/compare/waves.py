"""A wave as the comparison reads it: a finished run of ``lmsanalyse run``, checked, with the
register it asked.

A **finished run** is an ``--out`` folder of ``lmsanalyse run`` whose last step, the
personal-data guard, has passed. The comparison reads from it (:data:`.layout.RUN_FILES`):

- ``data/processed/figures.csv``, ``kommune_status.csv``, ``tjeneste_status.csv`` and
  ``provenance.json`` (its main definition, collection period and synthetic marker);
- ``data/processed/definisjoner/<main definition>/definisjon.json``;
- for a wave on the 2014 register, ``data/processed/kommune_2024_status.csv`` (its picture
  on today's map, 357 rows);
- ``logs/personvernsjekk.txt`` beginning with ``OK`` (the guard's record).

Which register a wave asked is what its run recorded (``provenance.json`` ``bolge.register``,
written by :func:`lmsanalyse.provenance.wave_record`), checked against the run's own tables:
the kommuner of its ``kommune_status.csv`` must be exactly the 428 kommuner of
``kommuner_2014.csv`` (the 2014 register) or the 357 of ``kommuner_2024.csv`` (the 2024
register). A folder that is neither, or whose tables disagree with its record, is refused, in
Norwegian, naming what it holds.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .comparison_layout import RUN_FILES, run_files

REGISTER_2014, REGISTER_2024 = "2014", "2024"
# The figures every wave must have in figures.csv (the comparison copies them).
REQUIRED_FIGURES = (
    "kommuner_med_tilbud",
    "kommuner_uten_tilbud",
    "tjenester",
    "tjenester_kommunale",
    "tjenester_interkommunale",
)
GUARD_OK = "OK"
KOMMUNE_STATUS_COLUMNS = ("kommunenummer", "kommunenavn", "dekket")
TJENESTE_COLUMNS = ("tjeneste_id", "tjeneste_navn", "vertskommune_id", "organisering", "inkludert")
STATUS_2024_COLUMNS = (
    "kommunenummer_2024",
    "kommunenavn_2024",
    "fylkesnummer_2024",
    "fylkesnavn_2024",
    "status_2024",
)


class ComparisonError(ValueError):
    """Two runs cannot be compared; the message says why in Norwegian."""


@dataclass(frozen=True)
class Figure:
    verdi: int
    nevner: int | None


@dataclass
class Wave:
    """One finished run, read and checked.

    Attributes:
        navn: ``A`` (the earlier wave) or ``B``.
        mappe: the run's folder.
        register: ``2014`` or ``2024`` (:func:`recorded_register`, checked against its
            kommuner).
        provenance: its ``provenance.json``.
        definisjon: its main definition's ``definisjon.json``.
        figurer: ``figures.csv`` by id.
        kommuner: ``kommune_status.csv``.
        tjenester: ``tjeneste_status.csv``.
        kommuner_2024: ``kommune_2024_status.csv`` (a wave on the 2014 register), else None.
        filer: every file read, by name (their SHA-256 go into the comparison's provenance).
    """

    navn: str
    mappe: Path
    register: str
    provenance: dict
    definisjon: dict
    figurer: dict[str, Figure]
    kommuner: pd.DataFrame
    tjenester: pd.DataFrame
    kommuner_2024: pd.DataFrame | None
    filer: dict[str, Path] = field(default_factory=dict)

    @property
    def syntetisk(self) -> bool:
        return bool(self.provenance.get("syntetiske_data"))

    @property
    def periode(self) -> tuple[dt.date, dt.date] | None:
        """The collection period (first and last date in the raw data), if the run has one."""
        p = self.provenance.get("datainnsamling") or None
        return (dt.date.fromisoformat(p["fra"]), dt.date.fromisoformat(p["til"])) if p else None

    def figur(self, figur: str) -> Figure:
        try:
            return self.figurer[figur]
        except KeyError:
            raise ComparisonError(
                f"bølge {self.navn} ({self.mappe}): figures.csv mangler figuren {figur}"
            ) from None


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _columns(table: pd.DataFrame, columns: tuple[str, ...], path: Path, navn: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ComparisonError(f"bølge {navn}: {path} mangler kolonnene {', '.join(missing)}")


def _figures(path: Path, navn: str) -> dict[str, Figure]:
    table = _read_csv(path)
    _columns(table, ("figur", "verdi", "nevner"), path, navn)
    out = {}
    for row_no, r in enumerate(table.itertuples(index=False), start=2):
        try:
            verdi = int(r.verdi)
            nevner = int(r.nevner) if r.nevner.strip() else None
        except ValueError:
            raise ComparisonError(
                f"bølge {navn}: {path}, rad {row_no}: '{r.verdi}'/'{r.nevner}' er ikke heltall"
            ) from None
        out[r.figur] = Figure(verdi, nevner)
    return out


def recorded_register(provenance: dict, path: Path, navn: str) -> str:
    """The register's year a run recorded (``bolge.register`` in its ``provenance.json``).

    Raises:
        ComparisonError: the run has no such record (it was made before runs recorded their
            wave), or the year is neither 2014 nor 2024.
    """
    aar = (provenance.get("bolge") or {}).get("register")
    if aar is None:
        raise ComparisonError(
            f"bølge {navn}: {path} sier ikke hvilket register bølgen spurte (bolge.register "
            "mangler); kjøringen er eldre enn sammenligningen, så kjør den på nytt"
        )
    if str(aar) not in (REGISTER_2014, REGISTER_2024):
        raise ComparisonError(
            f"bølge {navn}: {path} har registeret {aar}; sammenligningen trenger en bølge på "
            "2014- eller 2024-registeret"
        )
    return str(aar)


def _not_finished(folder: Path, navn: str, missing: list[str]) -> ComparisonError:
    return ComparisonError(
        f"bølge {navn}: «{folder}» er ikke en ferdig kjøring av lmsanalyse; mangler "
        f"{', '.join(missing)}. En ferdig kjøring er mappen «lmsanalyse run --out MAPPE» "
        "skrev, etter at personvernsjekken (siste steg) gikk gjennom."
    )


def read_wave(
    folder: Path, navn: str, kommuner_2014: pd.DataFrame, kommuner_2024: pd.DataFrame
) -> Wave:
    """Read and check one finished run.

    Args:
        folder: the run's ``--out`` folder.
        navn: ``A`` or ``B``.
        kommuner_2014: ``kommuner_2014.csv`` (the 2014 register's kommuner).
        kommuner_2024: ``kommuner_2024.csv``.

    Raises:
        ComparisonError: the folder is not a finished run, its files disagree with each
            other, or its register is neither the 2014 nor the 2024 register.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ComparisonError(f"bølge {navn}: fant ikke mappen «{folder}»")
    files = run_files(folder)
    needed = [*(Path(f).stem for f in RUN_FILES), "personvernsjekk"]
    missing = [str(files[n].relative_to(folder)) for n in needed if not files[n].is_file()]
    if missing:
        raise _not_finished(folder, navn, missing)
    guard = files["personvernsjekk"].read_text(encoding="utf-8")
    if not guard.startswith(GUARD_OK):
        raise ComparisonError(
            f"bølge {navn}: personvernsjekken i «{folder}» er ikke godkjent "
            f"({files['personvernsjekk'].relative_to(folder)} begynner ikke med «{GUARD_OK}»)"
        )
    provenance = json.loads(files["provenance"].read_text(encoding="utf-8"))
    main = provenance.get("hoveddefinisjon")
    if not main:
        raise ComparisonError(f"bølge {navn}: {files['provenance']} mangler 'hoveddefinisjon'")
    files = run_files(folder, main)
    if not files["definisjon"].is_file():
        raise _not_finished(folder, navn, [str(files["definisjon"].relative_to(folder))])
    definisjon = json.loads(files["definisjon"].read_text(encoding="utf-8"))
    register = recorded_register(provenance, files["provenance"], navn)
    kommuner = _read_csv(files["kommune_status"])
    _columns(kommuner, KOMMUNE_STATUS_COLUMNS, files["kommune_status"], navn)
    expected = kommuner_2014 if register == REGISTER_2014 else kommuner_2024
    if len(kommuner) != len(expected) or set(kommuner["kommunenummer"]) != set(
        expected["kommunenummer"]
    ):
        raise ComparisonError(
            f"bølge {navn}: kommune_status.csv i «{folder}» har {len(kommuner)} rader som ikke "
            f"er de {len(expected)} kommunene i {register} (kommuner_{register}.csv), én gang "
            f"hver, slik provenance.json sier (bolge.register = {register}); sammenligningen "
            "trenger en bølge på 2014- eller 2024-registeret"
        )
    bad = sorted(set(kommuner["dekket"]) - {"Ja", "Nei"})
    if bad:
        raise ComparisonError(
            f"bølge {navn}: kommune_status.csv har dekket = {bad[0]!r}; bare Ja og Nei er lov"
        )
    tjenester = _read_csv(files["tjeneste_status"])
    _columns(tjenester, TJENESTE_COLUMNS, files["tjeneste_status"], navn)
    read = {n: files[n] for n in ("figures", "kommune_status", "tjeneste_status", "provenance")}
    read["definisjon"] = files["definisjon"]
    status_2024 = None
    if register == REGISTER_2014:
        status_2024 = _status_2024(files["kommune_2024_status"], folder, navn, kommuner_2024)
        read["kommune_2024_status"] = files["kommune_2024_status"]
    wave = Wave(
        navn, folder, register, provenance, definisjon, _figures(files["figures"], navn),
        kommuner, tjenester, status_2024, read,
    )  # fmt: skip
    for figur in REQUIRED_FIGURES:
        wave.figur(figur)
    if register == REGISTER_2014:
        wave.figur("kommuner_2024_dekket")
    return wave


def _status_2024(path: Path, folder: Path, navn: str, kommuner_2024: pd.DataFrame) -> pd.DataFrame:
    """A 2014-register wave's picture on today's map: one row per 2024 kommune."""
    if not path.is_file():
        raise _not_finished(folder, navn, [str(path.relative_to(folder))])
    table = _read_csv(path)
    _columns(table, STATUS_2024_COLUMNS, path, navn)
    if sorted(table["kommunenummer_2024"]) != sorted(kommuner_2024["kommunenummer"]):
        raise ComparisonError(
            f"bølge {navn}: {path.name} i «{folder}» har ikke nøyaktig én rad for hver av de "
            f"{len(kommuner_2024)} kommunene i kommuner_2024.csv"
        )
    bad = sorted(set(table["status_2024"]) - {"dekket", "delvis dekket", "ikke dekket"})
    if bad:
        raise ComparisonError(f"bølge {navn}: {path.name} har ukjent status_2024 {bad[0]!r}")
    return table


def check_pair(a: Wave, b: Wave) -> None:
    """A and B are two different runs, and A is not later than B.

    Raises:
        ComparisonError: they are the same folder, or A was collected after B.
    """
    if a.mappe.resolve() == b.mappe.resolve():
        raise ComparisonError(f"A og B er samme kjøring («{a.mappe}»); oppgi to ulike bølger")
    if a.periode and b.periode and a.periode[0] > b.periode[0]:
        raise ComparisonError(
            f"A skal være den tidligste bølgen, men A ble samlet inn fra {a.periode[0]:%d.%m.%Y} "
            f"og B fra {b.periode[0]:%d.%m.%Y}; bytt rekkefølgen (lmsanalyse sammenlign B A)"
        )
