"""``lmsanalyse diff RUN_A RUN_B``: what changed between two runs, for people.

A run is an output folder (holding ``data/processed``) or a ``data/processed`` folder itself.
The comparison reads ``figures.csv``, ``kommune_status.csv``, ``tjeneste_status.csv`` and
``enhet_status.csv`` and compares meanings, not spellings:

* figures by id, each labelled from the figure catalogue (fylke numbers as fylke names) and
  put in a group: the headline figures first, then coverage, services, units and answers,
  row accounting, manual decisions;
* services by id, and, when the ids differ between two data sets, by host and name: a service
  with a new id but the same host and name is the same service;
* kommuner by coverage first (covered or not), then by status, compared by the status's
  label (a renamed code with the same label is no change); a service id that changed only
  because the services were numbered differently is no change either;
* units by their answers and their AAPOR disposition.

:mod:`.diff_text` writes the result as Norwegian text; ``--json`` gives :class:`RunDiff` as
data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import RunLayout
from ..rules import KOMMUNE_STATUS

# The headline figures, shown first whether they changed or not.
HEADLINE = (
    "kommuner_med_tilbud",
    "tjenester",
    "befolkning_dekket",
    "befolkning_dekket_bydelsvis",
    "tjenester_intervjuet",
    "aapor_rr1",
)
# Groups of the other figures, by id prefix, in the order they are shown.
GROUPS = (
    (
        "dekning",
        "Dekning",
        ("kommuner_", "befolkning_", "fylke_", "oslo_", "deltakelser_"),
    ),
    (
        "tjenester",
        "Tjenester",
        ("tjenester_", "tilbud", "ekskludert_", "brukerorg_", "rekruttering_", "diagnose_"),
    ),
    (
        "enheter",
        "Enheter og svar",
        ("enheter_", "radmann_", "ringerunde", "svarprosent_", "aapor_"),
    ),
    ("rader", "Radregnskap", ("rader_", "verdier_")),
    ("manuelle", "Manuelle beslutninger", ("manuelle_beslutninger_",)),
)
OTHER_GROUP = ("andre", "Andre tall")


class RunNotFound(FileNotFoundError):
    """A run folder without the processed outputs."""


def decision_tables(run: Path, definition: str | None = None) -> dict[str, Path]:
    """A run's figures and decision tables (CSV): the main ones, or a definition's."""
    layout = RunLayout.find(run)
    if layout is None:
        raise RunNotFound(f"fant ikke figures.csv i {run} eller {Path(run) / 'data' / 'processed'}")
    names = ("figures", "kommune_status", "tjeneste_status", "enhet_status")
    if definition:
        if not layout.definition_dir(definition).exists():
            raise RunNotFound(f"definisjonen '{definition}' er ikke kjørt i {run}")
        return {n: layout.definition_table(definition, n, ".csv") for n in names}
    return {n: layout.published(f"{n}.csv") for n in names}


def _read(path: Path, key: str) -> dict[str, dict[str, str]]:
    if not Path(path).exists():  # enhet_status.csv: runs before it was published
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


def group_of(figur: str) -> tuple[str, str]:
    """(key, Norwegian title) of the group a figure is shown in."""
    if figur in HEADLINE:
        return "hovedtall", "Hovedtall"
    for key, title, prefixes in GROUPS:
        if figur.startswith(prefixes):
            return key, title
    return OTHER_GROUP


def _number(value: str | None) -> int | None:
    return None if value in (None, "") else int(float(value))


@dataclass
class RunDiff:
    """Differences between run A and run B (``--json`` writes this)."""

    hovedtall: list[dict] = field(default_factory=list)
    figurer: list[dict] = field(default_factory=list)
    kommuner: list[dict] = field(default_factory=list)
    kommuner_status: list[dict] = field(default_factory=list)
    tjenester: list[dict] = field(default_factory=list)
    tjenester_ny_id: list[dict] = field(default_factory=list)
    tjenester_bare_a: list[dict] = field(default_factory=list)
    tjenester_bare_b: list[dict] = field(default_factory=list)
    enheter: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        changed = [h for h in self.hovedtall if h["endret"]]
        return not (
            changed
            or self.figurer
            or self.kommuner
            or self.kommuner_status
            or self.tjenester
            or self.tjenester_bare_a
            or self.tjenester_bare_b
            or self.enheter
        )


def _figure_row(figur: str, a: dict | None, b: dict | None, labels) -> dict:
    va, vb = _number((a or {}).get("verdi")), _number((b or {}).get("verdi"))
    na, nb = _number((a or {}).get("nevner")), _number((b or {}).get("nevner"))
    return {
        "figur": figur,
        "etikett": labels(figur),
        "gruppe": group_of(figur)[0],
        "a": va,
        "b": vb,
        "nevner_a": na,
        "nevner_b": nb,
        "endret": (va, na) != (vb, nb),
        # The count is the same; only its denominator (so its share) changed.
        "bare_nevner": va == vb and na != nb,
    }


def _fylke_labels(kommuner: dict[str, dict]):
    """A labeller: the catalogue's label, with fylke numbers as fylke names."""
    from ..include.figure_catalogue import entry_for, label

    names = {
        r.get("fylkesnummer"): r.get("fylkesnavn")
        for r in kommuner.values()
        if r.get("fylkesnummer")
    }

    def labels(figur: str) -> str:
        entry = entry_for(figur)
        if entry is not None and entry.plassholder == "<nr>":
            nr = entry.member(figur)
            name = names.get(nr, f"fylke {nr}")
            return entry.etikett.replace("fylke <nr>", name).replace("<nr>", name)
        return label(figur) or figur

    return labels


def _catalogue_place():
    """A figure's place in the figure catalogue (unknown figures last)."""
    from ..include.figure_catalogue import catalogue, entry_for

    places = {f.id: i for i, f in enumerate(catalogue())}

    def place(figur: str) -> int:
        entry = entry_for(figur)
        return places.get(entry.id, len(places)) if entry else len(places)

    return place


def _match_services(
    tj_a: dict[str, dict], tj_b: dict[str, dict]
) -> tuple[dict[str, str], list[dict]]:
    """B's id → A's id for the same service: the same id and host; else the same host and
    name (two data sets numbered differently); else the same id and name (a corrected host).
    Returns the mapping and the services matched under another id."""

    def name(row: dict) -> str:
        return " ".join((row.get("tjeneste_navn") or "").casefold().split())

    def host(row: dict) -> str:
        return row.get("vertskommune_id") or ""

    mapping: dict[str, str] = {}
    rules = (
        lambda a, b: a == b and host(tj_a[a]) == host(tj_b[b]),
        lambda a, b: (
            name(tj_a[a]) != "" and (host(tj_a[a]), name(tj_a[a])) == (host(tj_b[b]), name(tj_b[b]))
        ),
        lambda a, b: a == b and name(tj_a[a]) == name(tj_b[b]),
    )
    for same in rules:
        free_a = sorted(set(tj_a) - set(mapping.values()))
        for b in sorted(set(tj_b) - set(mapping)):
            match = next((a for a in free_a if same(a, b)), None)
            if match is not None:
                mapping[b] = match
                free_a.remove(match)
    renamed = [
        {"tjeneste_id_a": a, "tjeneste_id_b": b, "tjeneste_navn": tj_b[b].get("tjeneste_navn")}
        for b, a in sorted(mapping.items())
        if a != b
    ]
    return mapping, renamed


def _ids(value: str | None, mapping: dict[str, str] | None = None) -> tuple[str, ...]:
    ids = [i for i in (value or "").split(";") if i]
    return tuple(sorted(mapping.get(i, i) for i in ids) if mapping is not None else sorted(ids))


def _status_label(code: str | None) -> str | None:
    return None if code is None else KOMMUNE_STATUS.get(code, code)


def _compare_kommuner(kom_a, kom_b, mapping, result: RunDiff) -> None:
    for nr in sorted(set(kom_a) | set(kom_b)):
        a, b = kom_a.get(nr) or {}, kom_b.get(nr) or {}
        row = {
            "kommunenummer": nr,
            "kommunenavn": (b or a).get("kommunenavn"),
            "fylkesnavn": (b or a).get("fylkesnavn"),
            "dekket_a": a.get("dekket"),
            "dekket_b": b.get("dekket"),
            "status_a": a.get("status_kode"),
            "status_b": b.get("status_kode"),
            "status_tekst_a": _status_label(a.get("status_kode")),
            "status_tekst_b": _status_label(b.get("status_kode")),
            "tjeneste_ider_a": a.get("tjeneste_ider"),
            "tjeneste_ider_b": b.get("tjeneste_ider"),
            "arsak_a": a.get("arsak"),
            "arsak_b": b.get("arsak"),
        }
        if row["dekket_a"] != row["dekket_b"]:
            result.kommuner.append(row)
        elif row["status_tekst_a"] != row["status_tekst_b"] or _ids(a.get("tjeneste_ider")) != _ids(
            b.get("tjeneste_ider"), mapping
        ):
            result.kommuner_status.append(row)


def _compare_services(tj_a, tj_b, mapping, result: RunDiff) -> None:
    back = {a_id: b_id for b_id, a_id in mapping.items()}
    keys = [(a_id, back.get(a_id)) for a_id in sorted(tj_a)]
    keys += [(None, b_id) for b_id in sorted(tj_b) if b_id not in mapping]
    for a_id, b_id in keys:
        a, b = tj_a.get(a_id) or {}, tj_b.get(b_id) or {}
        if not a or not b:
            only = result.tjenester_bare_b if not a else result.tjenester_bare_a
            row = b or a
            only.append(
                {
                    k: row.get(k)
                    for k in ("tjeneste_id", "tjeneste_navn", "vertskommune_id", "inkludert")
                }
            )
            continue
        fields = ("inkludert", "kategori", "manuell_beslutning")
        changed = [f for f in fields if (a.get(f) or "") != (b.get(f) or "")]
        if _ids(a.get("feilede_regler")) != _ids(b.get("feilede_regler")):
            changed.append("feilede_regler")
        if not changed:
            continue
        result.tjenester.append(
            {
                "tjeneste_id": b_id or a_id,
                "tjeneste_id_a": a_id,
                "tjeneste_id_b": b_id,
                "tjeneste_navn": (b or a).get("tjeneste_navn"),
                "endret": changed,
                "inkludert_a": a.get("inkludert"),
                "inkludert_b": b.get("inkludert"),
                "feilede_regler_a": a.get("feilede_regler"),
                "feilede_regler_b": b.get("feilede_regler"),
                "arsak_a": a.get("arsak"),
                "arsak_b": b.get("arsak"),
            }
        )


def _compare_units(en_a, en_b, result: RunDiff) -> None:
    if not en_a or not en_b:
        return
    fields = ("radmann_svar", "ringerunde_utfall", "aapor_kode")
    for enhet in sorted(set(en_a) | set(en_b)):
        a, b = en_a.get(enhet) or {}, en_b.get(enhet) or {}
        changed = [f for f in fields if (a.get(f) or "") != (b.get(f) or "")]
        if changed:
            result.enheter.append(
                {
                    "enhet_id": enhet,
                    "enhet_navn": (b or a).get("enhet_navn"),
                    "endret": changed,
                    **{f"{f}_a": a.get(f) for f in fields},
                    **{f"{f}_b": b.get(f) for f in fields},
                    "aapor_tekst_a": a.get("aapor_tekst"),
                    "aapor_tekst_b": b.get("aapor_tekst"),
                }
            )


def diff_runs(run_a: Path, run_b: Path, definition: str | None = None) -> RunDiff:
    """Compare two runs (see the module's docstring for what counts as a change)."""
    files_a, files_b = decision_tables(run_a, definition), decision_tables(run_b, definition)
    result = RunDiff()
    kom_a = _read(files_a["kommune_status"], "kommunenummer")
    kom_b = _read(files_b["kommune_status"], "kommunenummer")
    labels = _fylke_labels(kom_b or kom_a)

    fig_a, fig_b = _read(files_a["figures"], "figur"), _read(files_b["figures"], "figur")
    for figur in HEADLINE:
        if figur in fig_a or figur in fig_b:
            result.hovedtall.append(_figure_row(figur, fig_a.get(figur), fig_b.get(figur), labels))
    order = {key: i for i, (key, _, _) in enumerate(GROUPS)}
    place = _catalogue_place()
    others = [
        _figure_row(f, fig_a.get(f), fig_b.get(f), labels)
        for f in sorted(set(fig_a) | set(fig_b))
        if f not in HEADLINE
    ]
    result.figurer = sorted(
        (f for f in others if f["endret"]),
        key=lambda f: (order.get(f["gruppe"], 99), place(f["figur"]), f["figur"]),
    )

    tj_a = _read(files_a["tjeneste_status"], "tjeneste_id")
    tj_b = _read(files_b["tjeneste_status"], "tjeneste_id")
    mapping, result.tjenester_ny_id = _match_services(tj_a, tj_b)
    _compare_kommuner(kom_a, kom_b, mapping, result)
    _compare_services(tj_a, tj_b, mapping, result)
    _compare_units(
        _read(files_a["enhet_status"], "enhet_id"),
        _read(files_b["enhet_status"], "enhet_id"),
        result,
    )
    return result
