"""``lmsanalyse diff RUN_A RUN_B``: what changed between two runs' outputs.

A run is an output folder (holding ``data/processed``) or a ``data/processed`` folder itself.
The comparison covers the figures, the kommuner whose status changed (with the new reason, so
the analyst sees why) and the services whose decision changed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import RunLayout


class RunNotFound(FileNotFoundError):
    """A run folder without the processed outputs."""


def decision_tables(run: Path, definition: str | None = None) -> dict[str, Path]:
    """A run's figures and decision tables (CSV): the main ones, or a definition's."""
    layout = RunLayout.find(run)
    if layout is None:
        raise RunNotFound(f"fant ikke figures.csv i {run} eller {Path(run) / 'data' / 'processed'}")
    names = ("figures", "kommune_status", "tjeneste_status")
    if definition:
        return {n: layout.definition_table(definition, n, ".csv") for n in names}
    return {n: layout.published(f"{n}.csv") for n in names}


def _read(path: Path, key: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


@dataclass
class RunDiff:
    """Differences between run A and run B."""

    figurer: list[dict] = field(default_factory=list)
    kommuner: list[dict] = field(default_factory=list)
    tjenester: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.figurer or self.kommuner or self.tjenester)


def _changed(a: dict, b: dict, keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if (a or {}).get(k) != (b or {}).get(k)]


def diff_runs(run_a: Path, run_b: Path, definition: str | None = None) -> RunDiff:
    """Compare two runs' ``figures.csv``, ``kommune_status.csv`` and ``tjeneste_status.csv``."""
    files_a, files_b = decision_tables(run_a, definition), decision_tables(run_b, definition)
    result = RunDiff()

    fig_a, fig_b = _read(files_a["figures"], "figur"), _read(files_b["figures"], "figur")
    for fig in sorted(set(fig_a) | set(fig_b)):
        a, b = fig_a.get(fig), fig_b.get(fig)
        if _changed(a, b, ("verdi", "nevner")):
            result.figurer.append(
                {
                    "figur": fig,
                    "a": None if a is None else a["verdi"],
                    "b": None if b is None else b["verdi"],
                    "nevner_a": None if a is None else a["nevner"],
                    "nevner_b": None if b is None else b["nevner"],
                }
            )

    kom_a = _read(files_a["kommune_status"], "kommunenummer")
    kom_b = _read(files_b["kommune_status"], "kommunenummer")
    for nr in sorted(set(kom_a) | set(kom_b)):
        a, b = kom_a.get(nr), kom_b.get(nr)
        changed = _changed(a, b, ("dekket", "status_kode", "tjeneste_ider"))
        if changed:
            row = b or a
            result.kommuner.append(
                {
                    "kommunenummer": nr,
                    "kommunenavn": row["kommunenavn"],
                    "endret": changed,
                    "dekket_a": (a or {}).get("dekket"),
                    "dekket_b": (b or {}).get("dekket"),
                    "status_a": (a or {}).get("status_kode"),
                    "status_b": (b or {}).get("status_kode"),
                    "arsak_a": (a or {}).get("arsak"),
                    "arsak_b": (b or {}).get("arsak"),
                }
            )

    tj_a = _read(files_a["tjeneste_status"], "tjeneste_id")
    tj_b = _read(files_b["tjeneste_status"], "tjeneste_id")
    for tid in sorted(set(tj_a) | set(tj_b)):
        a, b = tj_a.get(tid), tj_b.get(tid)
        changed = _changed(a, b, ("inkludert", "feilede_regler", "kategori", "manuell_beslutning"))
        if changed:
            result.tjenester.append(
                {
                    "tjeneste_id": tid,
                    "tjeneste_navn": (b or a).get("tjeneste_navn"),
                    "endret": changed,
                    "inkludert_a": (a or {}).get("inkludert"),
                    "inkludert_b": (b or {}).get("inkludert"),
                    "feilede_regler_a": (a or {}).get("feilede_regler"),
                    "feilede_regler_b": (b or {}).get("feilede_regler"),
                    "arsak_b": (b or {}).get("arsak"),
                }
            )
    return result


def _v(value: str | None) -> str:
    return "–" if value in (None, "") else value


def render_text(d: RunDiff, name_a: str, name_b: str) -> str:
    """The differences as Norwegian text."""
    if d.empty:
        return f"Ingen forskjeller mellom {name_a} og {name_b}."
    lines = [f"Forskjeller fra A = {name_a} til B = {name_b}"]
    if d.figurer:
        lines.append(f"Figurer ({len(d.figurer)} endret):")
        for f in d.figurer:
            den = (
                f" (nevner {_v(f['nevner_a'])} → {_v(f['nevner_b'])})"
                if f["nevner_a"] != f["nevner_b"]
                else ""
            )
            lines.append(f"  {f['figur']}: {_v(f['a'])} → {_v(f['b'])}{den}")
    if d.kommuner:
        lines.append(f"Kommuner med endret status ({len(d.kommuner)}):")
        for k in d.kommuner:
            lines.append(
                f"  {k['kommunenummer']} {k['kommunenavn']}: dekket {_v(k['dekket_a'])} → {_v(k['dekket_b'])}, "
                f"{_v(k['status_a'])} → {_v(k['status_b'])}"
            )
            lines.append(f"    nå: {_v(k['arsak_b'])}")
            lines.append(f"    før: {_v(k['arsak_a'])}")
    if d.tjenester:
        lines.append(f"Tjenester med endret beslutning ({len(d.tjenester)}):")
        for t in d.tjenester:
            lines.append(
                f"  {t['tjeneste_id']} {_v(t['tjeneste_navn'])}: inkludert {_v(t['inkludert_a'])} → "
                f"{_v(t['inkludert_b'])}, feilede regler {_v(t['feilede_regler_a'])} → {_v(t['feilede_regler_b'])}"
            )
            lines.append(f"    nå: {_v(t['arsak_b'])}")
    return "\n".join(lines)
