"""``lmsanalyse sammenlign A B --out C``: two finished runs (waves) compared on today's map.

Reads both runs (:mod:`.compare.waves`), writes the comparison's tables under ``C/data``
(:mod:`.compare.wave_changes`, :mod:`.compare.services`, and with an indicator
:mod:`.compare.indicator`), its ``provenance.json``, the report (``C/reports/sammenligning.html``,
``.pdf``, ``.xlsx`` and ``figurer/``: :mod:`.report.sammenligning`), and last the
personal-data guard over ``C`` (``C/logs/personvernsjekk.txt``). The Snakemake target
``sammenligning`` calls :func:`run_comparison` with the configured pair.
"""

from __future__ import annotations

import json
import logging
import platform
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .compare.borders import Borders
from .compare.comparison_layout import ComparisonLayout
from .compare.indicator import cross_table, read_indicator, with_statuses
from .compare.services import DEFAULT_THRESHOLDS, match_all
from .compare.wave_changes import by_fylke, compare_kommuner, figures_side_by_side
from .compare.waves import ComparisonError, Wave, check_pair, read_wave
from .guard import has_synthetic_marker
from .outputs import sha256_file, write_csv
from .provenance import config_hash, git_commit, package_versions, run_timestamp
from .report.bolge import period_text
from .runlog import logged

log = logging.getLogger(__name__)

__all__ = ["ComparisonError", "ComparisonRequest", "run_comparison"]


def _check_thresholds(thresholds: dict) -> dict:
    out = DEFAULT_THRESHOLDS | dict(thresholds or {})
    if out["sammenslatt"] > out["fortsatt"]:
        raise ComparisonError(
            f"sammenligning.tjenester: sammenslatt ({out['sammenslatt']}) kan ikke være høyere "
            f"enn fortsatt ({out['fortsatt']})"
        )
    return out


def _wave_record(wave: Wave) -> dict:
    """What the comparison's provenance (and report) says about a wave."""
    d = wave.definisjon
    p = wave.provenance
    return {
        "mappe": wave.mappe.resolve().name,
        "register": wave.register,
        # The wave's name by its collection period, as its own report names it.
        "etikett": period_text(p.get("datainnsamling")) or "",
        "datainnsamling": p.get("datainnsamling"),
        "syntetiske_data": wave.syntetisk,
        "definisjon": {k: d.get(k) for k in ("navn", "tittel", "beskrivelse", "regler")}
        | {"regeltekster": d.get("regeltekster", [])},
        "kjoring": {k: p.get(k) for k in ("versjon", "git_commit", "kjoretidspunkt")},
    }


def _inputs(a: Wave, b: Wave, borders: Borders, indicator_files: list[Path]) -> list[dict]:
    rows = []
    for wave in (a, b):
        for path in wave.filer.values():
            shown = f"{wave.navn}: {Path(path).relative_to(wave.mappe).as_posix()}"
            rows.append({"fil": shown, "rolle": f"bølge {wave.navn}", "sha256": sha256_file(path)})
    for path in borders.files.values():
        rows.append({"fil": Path(path).name, "rolle": "referanse", "sha256": sha256_file(path)})
    for path in indicator_files:
        rows.append({"fil": Path(path).name, "rolle": "indikator", "sha256": sha256_file(path)})
    return rows


def comparison_provenance(
    a: Wave,
    b: Wave,
    borders: Borders,
    indicator,
    settings: dict,
    config_files: list[Path],
    rapport: dict,
    repo: Path,
) -> dict:
    """``C/data/provenance.json``: the waves (register, definition, synthetic marker), the
    indicator, every file read with its SHA-256, the settings, the code and the time."""
    stamp, source = run_timestamp()
    indicator_files = list(indicator.files) if indicator else []
    indicator_synthetic = any(has_synthetic_marker(p) for p in indicator_files)
    marked = [f"bølge {w.navn}" for w in (a, b) if w.syntetisk]
    marked += ["indikatoren"] if indicator_synthetic else []
    return {
        "pakke": "lmsanalyse",
        "versjon": __version__,
        "git_commit": git_commit(Path(repo)),
        "kjoretidspunkt": stamp.isoformat(timespec="seconds"),
        "kjoretidspunkt_kilde": source,
        "datainnsamling": None,
        # Either wave or the indicator made of synthetic data makes the comparison synthetic.
        "syntetiske_data": bool(marked),
        "syntetisk_fordi": marked,
        "bolger": {"A": _wave_record(a), "B": _wave_record(b)},
        "indikator": None
        if indicator is None
        else {
            "fil": indicator.fil,
            "ar": indicator.ar,
            "inndeling": indicator.inndeling,
            "variabel": indicator.variabel,
            "syntetiske_data": indicator_synthetic,
        },
        "inndata": _inputs(a, b, borders, indicator_files),
        "innstillinger": settings,
        "konfigurasjon_sha256": config_hash(settings, config_files),
        "konfigurasjonsfiler": [
            {"fil": Path(p).name, "sha256": sha256_file(p)} for p in config_files
        ],
        "hoveddefinisjon": b.definisjon.get("navn"),
        "rapport": rapport,
        "python": platform.python_version(),
        "pakker": package_versions(),
    }


@dataclass(frozen=True)
class ComparisonRequest:
    """One comparison asked for: the two runs, where it is written, and what else it reads.

    Args:
        run_a: the earlier wave's run folder.
        run_b: the later wave's run folder.
        out: the comparison's folder (``C``).
        reference_dir: ``data/reference`` (the 2014 and 2024 kommuner, the change lists, the
            map).
        settings: config ``sammenligning`` without its paths (``tjenester``: thresholds).
        rapport: config ``rapport`` (what the report says about itself).
        config_files: the config files read (hashed into the provenance).
        repo: the repository (its git commit).
        indicator_map: an indicator's import map (``indikator.import.yaml``), or None.
        indicator_year: the indicator's year (None: the latest in the file).
    """

    run_a: Path
    run_b: Path
    out: Path
    reference_dir: Path
    settings: dict
    rapport: dict
    config_files: list[Path]
    repo: Path
    indicator_map: Path | None = None
    indicator_year: int | None = None


@logged
def run_comparison(request: ComparisonRequest) -> ComparisonLayout:
    """Compare two finished runs and write every output of the comparison under
    ``request.out``: the tables and provenance (:func:`write_tables`), the report, workbook
    and figure files, and last the guard's record.

    Raises:
        ComparisonError: a folder is not a finished run, or the runs cannot be compared.
        InputError, ConfigError, IndicatorError: the indicator cannot be read.
        PersonalDataFound: the guard found personal data in ``out`` (and deleted the files).
    """
    from .report.sammenligning import render_comparison

    layout, borders, indicator = write_tables(request)
    render_comparison(report_inputs(layout, indicator), todays_map(borders), layout)
    guard_comparison(layout)
    return layout


def todays_map(borders: Borders):
    """What the comparison's maps are drawn from: the 2017 polygons and the 2014 → 2024
    change list they are merged by."""
    from .report.endringskart import TodaysMap

    return TodaysMap(borders.kart, borders.files["kommuneendringer_2024"])


def report_inputs(layout: ComparisonLayout, indicator: bool) -> dict[str, Path]:
    """The files the comparison report reads, by name."""
    return {**layout.tables(indicator), "provenance": layout.provenance}


def write_tables(request: ComparisonRequest) -> tuple[ComparisonLayout, Borders, bool]:
    """Read both waves and write the comparison's tables and ``provenance.json``; returns the
    layout, the reference borders and whether there is an indicator."""
    r = request
    thresholds = _check_thresholds(r.settings.get("tjenester") or {})
    settings = dict(r.settings) | {"tjenester": thresholds}
    layout = ComparisonLayout.of(r.out)
    borders = Borders.read(Path(r.reference_dir))
    a = read_wave(Path(r.run_a), "A", borders.kommuner_2014, borders.kommuner_2024)
    b = read_wave(Path(r.run_b), "B", borders.kommuner_2014, borders.kommuner_2024)
    check_pair(a, b)
    kommuner = compare_kommuner(a, b, borders.kommuner_2024, borders.changes_2024)
    tjenester, par = match_all(a, b, borders.changes_2024, borders.names_2024, thresholds)
    tables = {
        "kommuner": kommuner,
        "tall": figures_side_by_side(a, b),
        "fylker": by_fylke(kommuner),
        "tjenester": tjenester,
        "tjenestepar": par,
    }
    indicator = None
    if r.indicator_map is not None:
        indicator = read_indicator(Path(r.indicator_map), borders, r.indicator_year)
        per_kommune = with_statuses(indicator, kommuner)
        tables |= {
            "indikator_kommuner": per_kommune,
            "indikator_krysstabell": cross_table(per_kommune),
            "indikator_rader": indicator.rader,
        }
    for name, table in tables.items():
        write_csv(table, layout.table(name))
        log.info("skrev %s (%d rader)", layout.table(name), len(table))
    record = comparison_provenance(
        a, b, borders, indicator, settings, [Path(p) for p in r.config_files], r.rapport, r.repo
    )
    layout.provenance.write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return layout, borders, indicator is not None


def guard_comparison(layout: ComparisonLayout) -> None:
    """The personal-data guard over the comparison's outputs.

    The comparison writes only what the two runs' outputs hold (kommune and service names,
    statuses, figures), and each run passed its own guard against its raw exports; the
    indicator has no personal column. So here every phone number, e-mail address and
    bidirectional control character is searched for by pattern (:mod:`.guard.scan`), and a
    finding deletes the files that hold it and stops, as in a run.
    """
    from .guard import guard_patterns

    guard_patterns([layout.data, layout.reports], layout.guard_record)
