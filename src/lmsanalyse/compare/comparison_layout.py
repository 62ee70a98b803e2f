"""Where a comparison of two waves lives: its folder ``C`` (``lmsanalyse sammenlign A B --out
C``), and which files of a finished run it reads. The one owner of the comparison's paths, as
:mod:`lmsanalyse.layout` is of a run's.

No heavy imports: the Snakefile and the CLI import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..layout import DEFINITION_RECORD, OutputFolder, RunLayout, below

# The tables the comparison writes under C/data, by name.
TABLES = {
    "kommuner": "bolge_sammenligning.csv",
    "tall": "bolge_tall.csv",
    "fylker": "bolge_fylker.csv",
    "tjenester": "bolge_tjenester.csv",
    "tjenestepar": "bolge_tjenestepar.csv",
}
# The indicator's tables (written only when an indicator is given).
INDICATOR_TABLES = {
    "indikator_kommuner": "indikator_kommuner.csv",
    "indikator_krysstabell": "indikator_krysstabell.csv",
    "indikator_rader": "indikator_rader.csv",
}
# A finished run's files the comparison reads (data/processed/…), besides the main
# definition's definisjon.json and, for a wave on the 2014 register, kommune_2024_status.csv.
RUN_FILES = ("figures.csv", "kommune_status.csv", "tjeneste_status.csv", "provenance.json")
KOMMUNE_2024 = "kommune_2024_status.csv"


@dataclass(frozen=True)
class ComparisonLayout(OutputFolder):
    """The files of one comparison under its folder (``C``)."""

    data = below("root", "data")
    provenance = below("data", "provenance.json")
    html = below("reports", "sammenligning.html")
    pdf = below("reports", "sammenligning.pdf")
    xlsx = below("reports", "sammenligning.xlsx")

    def table(self, name: str) -> Path:
        return self.data / {**TABLES, **INDICATOR_TABLES}[name]

    def tables(self, indicator: bool = False) -> dict[str, Path]:
        """The tables written, by name (the indicator's only with ``indicator``)."""
        names = {**TABLES, **(INDICATOR_TABLES if indicator else {})}
        return {name: self.table(name) for name in names}

    def outputs(self, indicator: bool = False) -> dict[str, Path]:
        """Every file the comparison writes besides the figure files, by name."""
        return {
            **self.tables(indicator),
            "provenance": self.provenance,
            "html": self.html,
            "pdf": self.pdf,
            "xlsx": self.xlsx,
            "personvernsjekk": self.guard_record,
        }


def run_files(folder: str | Path, main_definition: str | None = None) -> dict[str, Path]:
    """The files of a finished run the comparison reads, by name (``figures``,
    ``kommune_status``, ``tjeneste_status``, ``provenance``, ``kommune_2024_status``,
    ``personvernsjekk`` and, when the main definition is known, ``definisjon``)."""
    run = RunLayout.of(folder)
    files = {Path(f).stem: run.processed / f for f in RUN_FILES}
    files["kommune_2024_status"] = run.processed / KOMMUNE_2024
    files["personvernsjekk"] = run.guard_record
    if main_definition:
        files["definisjon"] = run.definition_dir(main_definition) / DEFINITION_RECORD
    return files


# The files of a finished run the comparison reads whatever the wave's register (the
# Snakemake target's declared inputs; compare/waves.py reads the rest from the folder).
WAVE_INPUTS = ("figures", "kommune_status", "tjeneste_status", "provenance", "personvernsjekk")


def wave_inputs(folder: str | Path, prefix: str) -> dict[str, Path]:
    """A wave's declared inputs, by ``<prefix>_<name>``."""
    files = run_files(folder)
    return {f"{prefix}_{name}": files[name] for name in WAVE_INPUTS}


def indicator_inputs(import_map: str | Path | None) -> list[Path]:
    """An indicator's import map and the files it names (none without an indicator)."""
    if import_map is None:
        return []
    from ..config import import_map_files

    return [Path(import_map), *import_map_files(Path(import_map)).values()]
