"""The synthetic 2025 wave (:mod:`.wave2025`) written out, in one of two forms of the same rows.

``eksport`` (default): as the tools of 2025 export it, each with its import map —

* the questionnaire as an SPSS ``.sav`` export (``skjema/``): coded answers with value labels
  in the form's own words, blank answers as the user-missing code 99, the submission time as
  an SPSS datetime, a status and a data-source variable no column takes;
* the interviews as a Nettskjema report with the form's elements as codebook (``intervju/``);
* the call log as the spreadsheet it was kept in (``ringerunde/``, XLSX with its own
  headers, dates as dates, attempt numbers as numbers), read through a ``tabell`` map.

``kontrakt``: the same rows as the contract's three CSV files (UTF-8, ``,``). Both forms carry
the synthetic-data marker in every file (:data:`guard.SYNTHETIC_MARKER`: a column or variable
in every row, the SPSS file label, the workbook's title, the maps' first line) and a README.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

from ...clean.names import KommuneMatcher
from ...guard import SYNTHETIC_MARKER
from ...reference import Register
from .examples import NS_FOLDER, nettskjema_map
from .nettskjema_export import FORM_ID, write_nettskjema
from .raw_files import csv_bytes, render_intervju, render_radmann, stable_xlsx_bytes
from .spss_export import Wording, spss_source, write_sav
from .typist import People, Typist, answer_case, times
from .wave2025 import LOGGED_TWICE, Wave, build_wave, marker, origin
from .wave2025_readme import readme
from .world import DEFAULT_SEED, RADMANN_HEADERS

FORMATS = ("eksport", "kontrakt")
SAV = "skjema/radmannsskjema_2025.sav"
NS_REPORT = f"data-{FORM_ID}-2025-03-31-1200.txt"
CALL_LOG = "ringerunde/ringelogg_2025.xlsx"
# The call log's own headers (the spreadsheet's), for each contract column.
CALL_HEADERS = {
    "enhet": "Kommune/bydel",
    "dato": "Dato",
    "forsok": "Forsøk nr.",
    "kontaktpunkt": "Hvem svarte",
    "utfall": "Utfall",
    "kontaktperson": "Snakket med",
    "telefon": "Telefon",
    "notat": "Notat",
    "Datakilde": "Datakilde",
}
# The questionnaire's variables as the survey tool names them, and its answer options.
SPSS_VARIABLES = {
    "svar_id": "respondent",
    "innsendt": "closetime",
    **{col: f"s_{k}" for k, col in enumerate(list(RADMANN_HEADERS)[2:-1], start=1)},
}
SPSS_ANSWERS = {
    "har_tjeneste": {"Ja": "Ja, vi har en slik tjeneste", "Vet ikke": "Vet ikke / usikker"},
    "interkommunal": {"Ja": "Ja, sammen med andre kommuner", "Nei": "Nei, bare vår kommune"},
}
# The interview frame's columns that carry a header alias, as contract columns.
INTERVIEW_COLUMNS = {
    "ID": "tjeneste_id",
    "Tjenestens navn": "tjeneste_navn",
    "Deltakende kommuner": "deltakerkommuner",
    "Intervjudato": "intervjudato",
}
NOTES = ("", "", "Ba oss ringe tilbake", "Snakket med {name}")


def render_calls(wave: Wave, typist: Typist, people: People, rng: random.Random) -> pd.DataFrame:
    """One row per planned call attempt (:attr:`.Wave.calls`), a few lines logged twice."""
    rows = []
    for unit in sorted(wave.calls):
        day = times(rng, wave.world.dates["ringerunde"], 30)
        for k, (point, result) in enumerate(wave.calls[unit], start=1):
            day += dt.timedelta(days=rng.randint(0, 4))
            name, phone, _ = people.person()
            rows.append(
                {
                    "enhet": typist.write(unit),
                    "dato": day.date(),
                    "forsok": k,
                    "kontaktpunkt": point,
                    "utfall": answer_case(result, rng),
                    "kontaktperson": name if point != "sentralbord" else "",
                    "telefon": phone,
                    "notat": rng.choice(NOTES).format(name=name),
                }
            )
    for i in rng.sample(range(len(rows)), LOGGED_TWICE):
        rows.append(dict(rows[i]))
    rows.sort(key=lambda r: (r["dato"], r["enhet"], r["forsok"]))
    return pd.DataFrame(rows)


def render_wave(wave: Wave, register: Register) -> dict[str, pd.DataFrame]:
    """The wave's three sources as rows (one set of rows for both forms)."""
    rng = random.Random(wave.seed * 7919 + 2026)
    typist = Typist(wave.world.units, KommuneMatcher.from_reference(register), rng)
    people = People(rng)
    frames = {
        "radmann": render_radmann(wave.world, typist, people, rng),
        "ringerunde": render_calls(wave, typist, people, rng),
        "intervju": render_intervju(wave.world, typist, people, rng),
    }
    for frame in frames.values():
        frame["Datakilde"] = marker(wave.seed)
    return frames


# ---------------------------------------------------------------- the two forms


def write_contract(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """The contract's three CSV files (UTF-8, ``,``; contract headers)."""
    calls = frames["ringerunde"].copy()
    calls["dato"] = [d.strftime("%d.%m.%Y") for d in calls["dato"]]
    interviews = frames["intervju"].rename(columns=INTERVIEW_COLUMNS)
    tables = {
        "radmann_skjema.csv": frames["radmann"].drop(columns=["_status"]),
        "ringerunde_logg.csv": calls,
        "telefonintervju.csv": interviews,
    }
    paths = []
    for name, table in tables.items():
        path = out_dir / name
        path.write_bytes(csv_bytes(table, None, ",", "utf-8"))
        paths.append(path)
    return paths


def write_exports(frames: dict[str, pd.DataFrame], out_dir: Path, seed: int) -> list[Path]:
    """The SPSS questionnaire, the Nettskjema interviews and the call-log spreadsheet, each
    with its import map."""
    radmann = frames["radmann"]
    wording = Wording(
        variables=SPSS_VARIABLES,
        questions={c: t for c, t in RADMANN_HEADERS.items() if c in SPSS_VARIABLES},
        answers=SPSS_ANSWERS,
        extra={
            "status": ("Status", list(radmann["_status"])),
            "datakilde": ("Datakilde", list(radmann["Datakilde"])),
        },
        comment=f"{marker(seed)}: importkart for spørreskjemaet til rådmennene, eksportert "
        "som SPSS (.sav)",
    )
    spec, radmann_map = spss_source(radmann, "radmann_skjema", SAV, wording)
    paths = [write_sav(out_dir / SAV, file_label=SYNTHETIC_MARKER, **spec)]
    paths += write_nettskjema(
        frames["intervju"], out_dir / NS_FOLDER, seed, (), NS_REPORT, marker(seed)
    )
    log = out_dir / CALL_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(_call_log_bytes(frames["ringerunde"]))
    paths.append(log)
    maps = {
        "radmann_skjema.import.yaml": radmann_map,
        "telefonintervju.import.yaml": nettskjema_map(seed, (), NS_REPORT, origin(seed)),
        "ringerunde_logg.import.yaml": _call_log_map(seed),
    }
    for name, text in maps.items():
        (out_dir / name).write_text(text, encoding="utf-8")
        paths.append(out_dir / name)
    return paths


def _call_log_bytes(frame: pd.DataFrame) -> bytes:
    """The call log as an XLSX sheet: dates as dates, attempts as numbers."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ringerunde 2025"
    wb.properties.title = SYNTHETIC_MARKER
    ws.append([CALL_HEADERS[c] for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([v if v != "" else None for v in row])
    for cell in ws["B"][1:]:
        cell.number_format = "DD.MM.YYYY"
    return stable_xlsx_bytes(wb)


def _call_log_map(seed: int) -> str:
    columns = "".join(f"  {c}: {h}\n" for c, h in CALL_HEADERS.items() if c != "Datakilde")
    return (
        f"# {marker(seed)}: importkart for ringeloggen, et regneark\n"
        "# ført for hånd under ringerunden.\n"
        "kilde: ringerunde_logg\n"
        "format: tabell\n"
        "filer:\n"
        f"  data: {CALL_LOG}\n"
        f"kolonner:\n{columns}"
    )


def write_wave(
    out_dir: Path,
    register: Register,
    seed: int = DEFAULT_SEED,
    ref_dir: Path = Path("data/reference"),
    form: str = "eksport",
) -> list[Path]:
    """Write the synthetic 2025 wave into ``out_dir``.

    Args:
        out_dir: target folder (created).
        register: the 2024 register (``config/registers/2024.yaml``) the wave asked.
        seed: the seed; the wave is derived from the 2014/15 world of the same seed, and the
            same seed gives byte-identical files.
        ref_dir: the reference folder (the 2014 register the 2014/15 world is built on, the
            2014 → 2024 changes).
        form: ``eksport`` (the tools' exports with import maps) or ``kontrakt`` (the
            contract's CSV files).

    Returns:
        The paths written.
    """
    if form not in FORMATS:
        raise ValueError(f"ukjent format '{form}'; velg {' eller '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wave = build_wave(seed, Path(ref_dir), register)
    frames = render_wave(wave, register)
    if form == "kontrakt":
        paths = write_contract(frames, out_dir)
    else:
        paths = write_exports(frames, out_dir, seed)
    text = readme(wave, form, {name: len(frame) for name, frame in frames.items()})
    (out_dir / "README.md").write_text(text, encoding="utf-8")
    return [*paths, out_dir / "README.md"]
