"""Waves for the comparison tests (lmsanalyse sammenlign), and the comparison computed
independently of the package (:func:`independent_comparison`).

A **finished run** holds what :mod:`lmsanalyse.compare.waves` reads: ``data/processed/``
``figures.csv``, ``kommune_status.csv``, ``tjeneste_status.csv``, ``provenance.json``, the
main definition's ``definisjoner/<navn>/definisjon.json`` and ``logs/personvernsjekk.txt``.
A real one on the 2024 register is the conftest's ``workflow_run_2024`` (the hand-made wave in
tests/data/bolge2024); the waves written here test what such a run cannot easily produce.
:func:`finished_run_2024` writes one by hand for a wave on the 2024 register (357 kommuner),
computing its figures from its own tables as a run would (two 2024 waves, waves without any
service); :func:`second_wave` designs such a wave from the bundled 2014/15 run: services that
continued (some renamed), two merged into one, some closed, new ones, and one that no longer
meets the definition.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from helpers import ALIASES, RAW_DIR, REF_DIR

KOMMUNE_COLUMNS = ["kommunenummer", "kommunenavn", "fylkesnavn", "dekket", "tjeneste_ider",
                   "kilde", "arsak"]  # fmt: skip
TJENESTE_COLUMNS = ["tjeneste_id", "inkludert", "kategori", "feilede_regler", "arsak",
                    "tjeneste_navn", "vertskommune_id", "organisering", "deltakere"]  # fmt: skip
GUARD_OK = "OK: 0 personverdier fra rådataene søkt etter i processed, reports; ingen funnet.\n"


def definition(name: str = "nklmh_2015") -> dict:
    """A shipped definition as a run's ``definisjon.json`` holds it."""
    from helpers import DEFINITIONS
    from lmsanalyse.config import load_definition
    from lmsanalyse.include.include_stage import definition_record

    return definition_record(load_definition(DEFINITIONS / f"{name}.yaml"))


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


RANK = {"ikke dekket": 0, "delvis dekket": 1, "dekket": 2}


def independent_comparison(a: Path, b: Path) -> pd.DataFrame:
    """Issue 21's "Done when", in plain pandas: the 2014/15 statuses (run ``a`` on the 2014
    register, its ``kommune_status.csv``) carried to 2024 by ``kommuneendringer_2014_2024.csv``
    (a 2024 kommune is dekket when all its 2014 parts are covered, delvis dekket when some
    are; a split 2014 kommune is a part of each kommune it became) against run ``b``'s own
    ``kommune_status.csv`` on the 2024 register; ``status_a``, ``status_b`` and ``endring`` by
    2024 kommunenummer, sorted."""
    changes = read(REF_DIR / "kommuneendringer_2014_2024.csv")
    status_2014 = read(a / "data" / "processed" / "kommune_status.csv")[["kommunenummer", "dekket"]]
    parts = changes.merge(status_2014, left_on="kommunenummer_2014", right_on="kommunenummer")
    assert len(parts) == len(changes)  # every 2014 kommune of the change list has a status
    covered = parts.groupby("kommunenummer_2024")["dekket"].agg(
        lambda d: "dekket" if (d == "Ja").all() else "delvis dekket" if (d == "Ja").any() else "ikke dekket"
    )  # fmt: skip
    wave_b = read(b / "data" / "processed" / "kommune_status.csv").set_index("kommunenummer")
    status_b = wave_b["dekket"].map({"Ja": "dekket", "Nei": "ikke dekket"})
    expected = pd.DataFrame({"status_a": covered, "status_b": status_b})
    ra, rb = expected["status_a"].map(RANK), expected["status_b"].map(RANK)
    expected["endring"] = "uendret"
    expected.loc[rb > ra, "endring"] = "økt"
    expected.loc[rb < ra, "endring"] = "redusert"
    expected.loc[(ra == 0) & (rb == 2), "endring"] = "ny"
    expected.loc[(ra == 2) & (rb == 0), "endring"] = "borte"
    return expected.sort_index().rename_axis("kommunenummer_2024")


def guard_run(root: Path) -> None:
    """The personal-data guard over a run made by the stage functions (build_run), as the
    workflow's last step does: it makes the run a finished one."""
    from lmsanalyse.guard import run_guard
    from lmsanalyse.ingest.sources import find_raw_files
    from lmsanalyse.layout import RunLayout

    layout = RunLayout.of(root)
    run_guard(find_raw_files(RAW_DIR), ALIASES, layout.guarded_folders(), layout.guard_record)


def wave_record_2024() -> dict:
    """``bolge`` as a run on the 2024 register records it (``--register 2024``)."""
    from lmsanalyse.config import load_config
    from lmsanalyse.config.run import config_files
    from lmsanalyse.provenance import wave_record

    return wave_record(load_config(config_files(None, 2024)))


def finished_run_2024(
    folder: Path,
    services: list[dict],
    definisjon: dict,
    periode: tuple[str, str] = ("2025-02-03", "2025-06-20"),
    synthetic: bool = True,
) -> Path:
    """Write a finished run on the 2024 register whose services are ``services``
    (``tjeneste_id``, ``tjeneste_navn``, ``vertskommune_id``, ``organisering``,
    ``deltakere`` (a list), ``inkludert`` Ja/Nei): a kommune is covered when it hosts or
    takes part in an included service. Returns the folder."""
    folder = Path(folder)
    processed = folder / "data" / "processed"
    processed.mkdir(parents=True, exist_ok=True)
    kommuner = read(REF_DIR / "kommuner_2024.csv")
    by_kommune: dict[str, list[str]] = {}
    rows = []
    for s in services:
        for k in s["deltakere"]:
            if s["inkludert"] == "Ja":
                by_kommune.setdefault(k[:4], []).append(s["tjeneste_id"])
        ok = s["inkludert"] == "Ja"
        rows.append(
            {
                "tjeneste_id": s["tjeneste_id"],
                "inkludert": s["inkludert"],
                "kategori": "friskliv" if ok else "",
                "feilede_regler": "" if ok else "I4_lms_tilbud",
                "arsak": "Oppfyller alle regler" if ok else "I4_lms_tilbud: ingen LMS-tilbud",
                "tjeneste_navn": s["tjeneste_navn"],
                "vertskommune_id": s["vertskommune_id"],
                "organisering": s["organisering"],
                "deltakere": ";".join(s["deltakere"]),
            }
        )
    pd.DataFrame(rows, columns=TJENESTE_COLUMNS).to_csv(
        processed / "tjeneste_status.csv", index=False, lineterminator="\n"
    )
    status = pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "kommunenavn": kommuner["kommunenavn"],
            "fylkesnavn": kommuner["fylkesnavn"],
            "dekket": ["Ja" if nr in by_kommune else "Nei" for nr in kommuner["kommunenummer"]],
            "tjeneste_ider": [";".join(sorted(set(by_kommune.get(nr, [])))) for nr in kommuner["kommunenummer"]],
            "kilde": "telefonintervju",
            "arsak": ["Dekket" if nr in by_kommune else "Ingen tjeneste funnet" for nr in kommuner["kommunenummer"]],
        }
    )  # fmt: skip
    status[KOMMUNE_COLUMNS].to_csv(
        processed / "kommune_status.csv", index=False, lineterminator="\n"
    )
    included = [s for s in services if s["inkludert"] == "Ja"]
    covered = int(status["dekket"].eq("Ja").sum())
    figures = [
        ("kommuner_med_tilbud", covered, len(status)),
        ("kommuner_uten_tilbud", len(status) - covered, len(status)),
        ("tjenester", len(included), ""),
        ("tjenester_kommunale", sum(s["organisering"] == "kommunal" for s in included), len(included)),
        ("tjenester_interkommunale", sum(s["organisering"] == "interkommunal" for s in included), len(included)),
        ("tjenester_intervjuet", len(services), ""),
    ]  # fmt: skip
    pd.DataFrame(figures, columns=["figur", "verdi", "nevner"]).to_csv(
        processed / "figures.csv", index=False, lineterminator="\n"
    )
    record = processed / "definisjoner" / definisjon["navn"] / "definisjon.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(definisjon, ensure_ascii=False, indent=2), encoding="utf-8")
    provenance = {
        "pakke": "lmsanalyse",
        "versjon": "0.1.0",
        "git_commit": "håndlaget",
        "kjoretidspunkt": "2025-07-01T12:00:00",
        "kjoretidspunkt_kilde": "SOURCE_DATE_EPOCH",
        "datainnsamling": {"fra": periode[0], "til": periode[1]},
        "bolge": wave_record_2024(),
        "syntetiske_data": synthetic,
        "inndata": [],
        "definisjoner": [definisjon["navn"]],
        "hoveddefinisjon": definisjon["navn"],
        "rapport": {},
    }
    (processed / "provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "logs" / "personvernsjekk.txt").write_text(GUARD_OK, encoding="utf-8")
    return folder


# The second wave's design, by the first wave's service ids (the bundled data, seed 2015).
RENAMED = {
    "T001": "Frisklivssentralen i Fredrikstad",
    "T009": "Friskliv og mestring Kongsvinger",
    "T051": "Koordinator for pasientopplæring og mestring, Tromsø",
}
CLOSED = ("T010", "T029", "T045", "T057")
# Two services of Indre Østfold (3118) became one.
MERGED = {("T002", "T004"): ("B900", "Interkommunal frisklivssentral og kurstilbud for kronikere")}
NO_LONGER = {"T013": "B950"}  # LMS Øyer: still there, no longer meets the definition
NEW = [
    ("B901", "Lærings- og mestringssenteret i Stavanger", "1103", "kommunal", ["1103"]),
    ("B902", "Frisklivs- og mestringssentralen i Bergen", "4601", "kommunal", ["4601"]),
    ("B903", "Interkommunal LMS Trøndelag sør", "5001", "interkommunal", ["5001", "5028", "5029"]),
]


def second_wave(a_root: Path, folder: Path) -> Path:
    """A wave on the 2024 register designed from the bundled run ``a_root``."""
    processed = Path(a_root) / "data" / "processed"
    tjenester = read(processed / "tjeneste_status.csv")
    changes = read(REF_DIR / "kommuneendringer_2014_2024.csv")
    to_2024 = changes.groupby("kommunenummer_2014")["kommunenummer_2024"].apply(sorted).to_dict()

    def carried(ids: str) -> list[str]:
        out = []
        for k in ids.split(";"):
            for nr in to_2024.get(k, to_2024.get(k[:4], [])):
                out.append(nr)
        return sorted(set(out))

    merged_ids = {i for pair in MERGED for i in pair}
    services = []
    for t in tjenester.itertuples(index=False):
        if t.inkludert != "Ja" or t.tjeneste_id in CLOSED or t.tjeneste_id in merged_ids:
            continue
        host = carried(t.vertskommune_id)[0]
        services.append(
            {
                "tjeneste_id": NO_LONGER.get(t.tjeneste_id, "B" + t.tjeneste_id[1:]),
                "tjeneste_navn": RENAMED.get(t.tjeneste_id, t.tjeneste_navn),
                "vertskommune_id": host,
                "organisering": t.organisering,
                "deltakere": carried(t.deltakere),
                "inkludert": "Nei" if t.tjeneste_id in NO_LONGER else "Ja",
            }
        )
    for pair, (new_id, name) in MERGED.items():
        rows = tjenester.set_index("tjeneste_id").loc[list(pair)]
        parts = sorted({k for d in rows["deltakere"] for k in carried(d)})
        host = carried(rows["vertskommune_id"].iloc[-1])[0]
        services.append(
            {"tjeneste_id": new_id, "tjeneste_navn": name, "vertskommune_id": host,
             "organisering": "interkommunal", "deltakere": parts, "inkludert": "Ja"}
        )  # fmt: skip
    for new_id, name, host, org, parts in NEW:
        services.append(
            {"tjeneste_id": new_id, "tjeneste_navn": name, "vertskommune_id": host,
             "organisering": org, "deltakere": parts, "inkludert": "Ja"}
        )  # fmt: skip
    definisjon = json.loads(
        (processed / "definisjoner" / "nklmh_2015" / "definisjon.json").read_text("utf-8")
    )
    return finished_run_2024(folder, services, definisjon)


def copy_run(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
