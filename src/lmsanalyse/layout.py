"""The run layout: which file of a run lives where. The one owner of output paths.

A run writes everything under one output folder (``out_dir``, the repository itself by
default): ``data/processed/`` (tables), ``reports/`` (HTML and PDF) and ``logs/``. The
Snakemake rules declare their inputs and outputs from this module, and every reader of a
run — ``explain``, ``diff``, the provenance, the CLI — finds its files here, so a file is
renamed by changing one line.

No heavy imports: the Snakefile, ``explain`` and the CLI import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Self

from .contract import CLEAN_TABLES as _CLEAN
from .sql_tables import tables as _declared_tables

# The clean stage's outputs, by name (declared in lmsanalyse.contract.CLEAN_TABLES): the
# typed tables the SQL stage reads, the register tables it joins to, and the row accounting
# of the raw files.
CLEAN_TABLES = {name: table.file for name, table in _CLEAN.items()}

# One definition's decision tables (``data/processed/definisjoner/<navn>/``), by name: as
# their SQL files declare them (lmsanalyse.sql_tables).
DEFINITION_TABLES = {
    name: tuple(table.file(suffix) for suffix in table.files)
    for name, table in _declared_tables().items()
}
DEFINITION_RECORD = "definisjon.json"
RECONCILIATION = "reconciliation.csv"
# The PDF edition: the report and its appendix document with the long tables (they link to
# each other by these names, in the same folder).
REPORT_PDF = "lms_kartlegging.pdf"
APPENDIX_PDF = "lms_kartlegging_vedlegg.pdf"
# The report inputs the appendix document reads (lmsanalyse.report.context.APPENDIX_INPUTS).
APPENDIX_INPUTS = (
    "figures",
    "kommune_status",
    "kommune_2024_status",
    "provenance",
    "definisjon",
    "quarantine",
    "advarsler",
    "konsistens",
    "navnetolkning",
)
READINGS = "lesninger.csv"

# The main definition's tables, published again at the top of data/processed/ (those its
# SQL file declares as main), and its reconciliation.
MAIN_PUBLISHED = (
    *(table.file(suffix) for table in _declared_tables().values() for suffix in table.main),
    RECONCILIATION,
    READINGS,
)


def below(folder: str, *parts: str, doc: str | None = None) -> property:
    """A layout's property: the path ``parts`` under its folder ``folder`` (``root`` or
    another such property), so that each file of a layout is one line."""
    return property(lambda self: getattr(self, folder).joinpath(*parts), doc=doc)


@dataclass(frozen=True)
class OutputFolder:
    """What every output folder has (a run's, a comparison's): ``reports/``, ``logs/``, the
    rules' logs, the figure files and the guard's record.

    Args:
        root: the output folder.
    """

    root: Path

    @classmethod
    def of(cls, root: str | Path) -> Self:
        return cls(Path(root))

    reports = below("root", "reports")
    logs = below("root", "logs")
    figure_dir = below("reports", "figurer", doc="Each figure as SVG, 300 dpi PNG and its text.")
    guard_record = below("logs", "personvernsjekk.txt")

    def log(self, name: str) -> Path:
        """A rule's log file: ``logs/<name>.log`` (``name`` may hold a subfolder)."""
        return self.logs / f"{name}.log"

    def figure_files(self, stems: list[str]) -> list[Path]:
        """Every file of ``reports/figurer/`` for the given figure stems (SVG, PNG, text)."""
        return [self.figure_dir / f"{s}{ext}" for s in stems for ext in (".svg", ".png", ".txt")]


@dataclass(frozen=True)
class RunLayout(OutputFolder):
    """The files of one run under its output folder (``root``: ``out_dir``)."""

    processed = below("root", "data", "processed")

    @classmethod
    def find(cls, folder: str | Path) -> RunLayout | None:
        """The run a folder belongs to: an output folder, or its ``data/processed``."""
        folder = Path(folder)
        for root in (folder, folder.parent.parent):
            layout = cls(root)
            if (layout.processed / "figures.csv").exists():
                return layout
        return None

    # -- clean stage -----------------------------------------------------------

    def clean(self, name: str) -> Path:
        return self.processed / CLEAN_TABLES[name]

    def clean_outputs(self) -> dict[str, Path]:
        return {name: self.clean(name) for name in CLEAN_TABLES}

    # -- include stage (one folder per definition) -------------------------------

    def definition_dir(self, definition: str) -> Path:
        return self.processed / "definisjoner" / definition

    def definition_table(self, definition: str, name: str, suffix: str = ".parquet") -> Path:
        files = DEFINITION_TABLES[name]
        chosen = next((f for f in files if f.endswith(suffix)), files[0])
        return self.definition_dir(definition) / chosen

    def definition_outputs(self, definition: str) -> dict[str, Path]:
        """Every file the include rule writes for a definition (name → path)."""
        out: dict[str, Path] = {}
        for name, files in DEFINITION_TABLES.items():
            for file in files:
                key = name if file.endswith(".csv") else f"{name}_parquet"
                out[key] = self.definition_dir(definition) / file
        out["definisjon"] = self.definition_dir(definition) / DEFINITION_RECORD
        return out

    def definition_record(self, definition: str) -> Path:
        return self.definition_dir(definition) / DEFINITION_RECORD

    def reconciliation(self, definition: str) -> Path:
        return self.definition_dir(definition) / RECONCILIATION

    def readings(self, definition: str) -> Path:
        """Every reading of every published figure (``lesninger.csv``)."""
        return self.definition_dir(definition) / READINGS

    # -- the main definition, published at the top ---------------------------------

    def main_sources(self, definition: str) -> list[Path]:
        return [self.definition_dir(definition) / f for f in MAIN_PUBLISHED]

    def main_published(self) -> list[Path]:
        return [self.processed / f for f in MAIN_PUBLISHED]

    def report_inputs(
        self, definition: str, kart: Path | None, endringer: Path | None = None
    ) -> dict[str, Path]:
        """The files the main report reads, by the names ``lmsanalyse.report`` expects (the
        report rule's inputs; ``kart`` is the register's map, None: a report without map;
        ``endringer`` the 2014 → 2024 change list the map of 2024 is merged by)."""
        return {
            "figures": self.published("figures.csv"),
            "kommune_status": self.published("kommune_status.parquet"),
            "tjeneste_status": self.published("tjeneste_status.parquet"),
            "enheter": self.clean("enheter"),
            "fylke_dekning": self.published("fylke_dekning.csv"),
            "reconciliation": self.published(RECONCILIATION),
            "konsistens": self.published("konsistens.csv"),
            "quarantine": self.clean("quarantine"),
            "advarsler": self.clean("advarsler"),
            "manglende_kolonner": self.clean("manglende_kolonner"),
            "navnetolkning": self.clean("navnetolkning"),
            "row_accounting": self.clean("row_accounting"),
            "kommune_2024_status": self.published("kommune_2024_status.csv"),
            "provenance": self.provenance,
            "definisjon": self.definition_record(definition),
            **({"kart": kart} if kart is not None else {}),
            **({"kart_endringer": endringer} if endringer is not None else {}),
        }

    def appendix_inputs(self, definition: str) -> dict[str, Path]:
        """The files the appendix document reads (a subset of :meth:`report_inputs`)."""
        inputs = self.report_inputs(definition, None)
        return {name: inputs[name] for name in APPENDIX_INPUTS}

    def published(self, file: str) -> Path:
        """A main-definition table at the top of ``data/processed`` (e.g. ``figures.csv``)."""
        if file not in MAIN_PUBLISHED:
            raise KeyError(f"{file} publiseres ikke for hoveddefinisjonen")
        return self.processed / file

    # -- across definitions, provenance and reports ----------------------------------

    sensitivity = below("processed", "sensitivitet.csv")
    sensitivity_changes = below("processed", "sensitivitet_endringer.csv")
    provenance = below("processed", "provenance.json")
    datapackage = below(
        "processed", "datapackage.json", doc="The data package of every table in data/processed."
    )
    report_html = below("reports", "lms_kartlegging.html")
    report_pdf = below("reports", REPORT_PDF)
    appendix_pdf = below("reports", APPENDIX_PDF, doc="The PDF edition's long tables.")
    report_xlsx = below(
        "reports", "lms_kartlegging.xlsx", doc="One sheet per numbered table of the report."
    )
    sensitivity_html = below("reports", "sensitivitet.html")
    sensitivity_pdf = below("reports", "sensitivitet.pdf")

    def report_files(self) -> list[Path]:
        return [
            self.report_html,
            self.report_pdf,
            self.appendix_pdf,
            self.report_xlsx,
            self.sensitivity_html,
            self.sensitivity_pdf,
        ]

    def guarded_folders(self) -> list[Path]:
        """The folders the personal-data guard searches."""
        return [self.processed, self.reports]
