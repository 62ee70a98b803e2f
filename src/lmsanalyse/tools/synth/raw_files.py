"""Rendering the synthetic world into raw files, with the mess real exports have."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import pandas as pd

from ... import reference
from ...clean.names import KommuneMatcher
from ...guard import SYNTH_MARKER, SYNTHETIC_MARKER
from . import scale as scaled
from .model import World
from .typist import People, Typist, answer_case, date_key, fmt_time, parse_any, times
from .world import (
    CORRECTED_SUBMISSIONS,
    DEFAULT_SEED,
    FICTIONAL_SURNAMES,
    FIRST_NAMES,
    RADMANN_HEADERS,
    REPEATED_SUBMISSIONS,
    build_world,
)

# ---------------------------------------------------------------- rendering


def render_radmann(
    world: World, typist: Typist, people: People, rng: random.Random
) -> pd.DataFrame:
    """One row per submission, with corrected and repeated submissions."""
    by_host = {s.host: s for s in world.services}
    rows = []
    start = world.dates["radmann"]
    units = sorted(world.radmann_answer)
    corrected = set(
        rng.sample([u for u in units if world.radmann_answer[u] == "Ja"], CORRECTED_SUBMISSIONS)
    )
    repeated = set(rng.sample([u for u in units if u not in corrected], REPEATED_SUBMISSIONS))
    for unit in units:
        answer = world.radmann_answer[unit]
        when = times(rng, start, 40)
        row = {
            "enhet": typist.write(unit),
            "har_tjeneste": answer_case(answer, rng),
            "_status": "Fullført",
        }
        if answer == "Ja":
            svc = by_host.get(unit) or next(
                (s for s in world.services if unit in s.participants), None
            )
            name, phone, email = people.person()
            row |= {"kontaktperson": name, "kontakt_telefon": phone, "kontakt_epost": email}
            if svc is not None and svc.organisering == "interkommunal":
                others = [u for u in svc.participants if u != unit]
                row |= {
                    "interkommunal": "Ja",
                    "samarbeidskommuner": typist.write_list(others),
                    "tjeneste_navn": svc.navn,
                }
            else:
                row |= {
                    "interkommunal": "Nei",
                    "tjeneste_navn": svc.navn
                    if svc
                    else rng.choice(
                        [
                            "Frisklivssentralen",
                            "Hjemmetjenesten",
                            "Fysioterapitjenesten",
                            "Helsestasjon",
                            "Kreftkoordinator",
                            "Rehabiliteringsteamet",
                            "Diabetesgruppe",
                        ]
                    ),
                }
            if rng.random() < 0.2:
                row["kommentar"] = f"Ring gjerne {name.split()[0]} på {phone} for mer informasjon."
        elif rng.random() < 0.1:
            row["kommentar"] = rng.choice(
                ["Usikker på hva som menes.", "Vi har frisklivssentral, men ikke LMS."]
            )
        if unit in corrected:
            first = dict(row) | {
                "har_tjeneste": "Vet ikke",
                "interkommunal": "",
                "samarbeidskommuner": "",
                "tjeneste_navn": "",
                "kontaktperson": "",
                "kontakt_telefon": "",
                "kontakt_epost": "",
            }
            first["innsendt"] = fmt_time(when - dt.timedelta(days=rng.randint(1, 5)), rng)
            first.pop("kommentar", None)
            rows.append(first)
        row["innsendt"] = fmt_time(when, rng)
        rows.append(row)
        if unit in repeated:
            rows.append(dict(row) | {"innsendt": fmt_time(when + dt.timedelta(minutes=1), rng)})
    rng.shuffle(rows)
    rows.sort(key=lambda r: parse_any(r["innsendt"]))
    for k, r in enumerate(rows, start=1):
        r["svar_id"] = f"R{1000 + k}"
    return pd.DataFrame(rows, columns=[c for c in RADMANN_HEADERS])


_CONTACT_POINTS = ("sentralbord", "servicetorg", "annen avdeling")


def render_ringerunde(
    world: World, typist: Typist, people: People, rng: random.Random
) -> pd.DataFrame:
    """One row per call attempt; decisive outcomes come last, often after being put through."""
    rows = []
    start = world.dates["ringerunde"]
    for unit in sorted(world.call_outcome):
        outcome = world.call_outcome[unit]
        attempts: list[tuple[str, str]] = []
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            attempts.append((rng.choice(_CONTACT_POINTS), rng.choice(["satt over", "uavklart"])))
        if outcome == "uavklart":
            attempts.append((rng.choice(_CONTACT_POINTS), "uavklart"))
        else:
            point = (
                "frisklivssentral"
                if outcome == "har tjeneste" and rng.random() < 0.4
                else "helseleder"
            )
            if outcome == "har tjeneste" and rng.random() < 0.15:
                # A switchboard said no, the health leader later said yes: the last decisive answer counts.
                attempts.append(("sentralbord", "har ikke tjeneste"))
            attempts.append((point, outcome))
            if rng.random() < 0.1:
                attempts.append(("servicetorg", "satt over"))
        day = times(rng, start, 30)
        for k, (point, result) in enumerate(attempts, start=1):
            day += dt.timedelta(days=rng.randint(0, 4))
            name, phone, _ = people.person()
            date = day.strftime("%d.%m.%Y") if rng.random() < 0.5 else day.date().isoformat()
            rows.append(
                {
                    "enhet": typist.write(unit),
                    "dato": date,
                    "forsok": str(k),
                    "kontaktpunkt": point,
                    "utfall": answer_case(result, rng),
                    "kontaktperson": name if point != "sentralbord" else "",
                    "telefon": phone,
                    "notat": rng.choice(["", "", "Ba oss ringe tilbake", f"Snakket med {name}"]),
                }
            )
    repeats = rng.sample(range(len(rows)), 3)
    for i in repeats:  # the same line logged twice
        rows.append(dict(rows[i]))
    rows.sort(key=lambda r: (date_key(r["dato"]), r["enhet"], r["forsok"]))
    return pd.DataFrame(rows)


def render_intervju(
    world: World, typist: Typist, people: People, rng: random.Random
) -> pd.DataFrame:
    rows = []
    start = world.dates["intervju"]
    interviewers = ["Intervjuer Fiktivsen", "Intervjuer Oppdiktet"]
    for s in world.services:
        leader, phone, _ = people.person()
        parts = s.participants if s.organisering == "interkommunal" else []
        rows.append(
            {
                "ID": s.tjeneste_id,
                "Tjenestens navn": s.navn,
                "vertskommune": typist.write(s.host),
                "organisering": s.organisering,
                "Deltakende kommuner": typist.write_list(parts) if parts else None,
                "friskliv": s.friskliv,
                "navn_med_mestring": answer_case(s.navn_med_mestring, rng),
                "egen_enhet": s.egen_enhet,
                "prosjektfinansiert": s.prosjektfinansiert or None,
                "i_gang": s.i_gang,
                "antall_tilbud": s.antall_tilbud,
                "tilbudstyper": "; ".join(s.tilbudstyper) or None,
                "diagnoser": ", ".join(s.diagnoser) or None,
                "bm_utvikling": s.bm["utvikling"],
                "bm_planlegging": s.bm["planlegging"],
                "bm_gjennomforing": s.bm["gjennomforing"],
                "bm_evaluering": s.bm["evaluering"],
                "brukerorg_etablering": s.brukerorg_etablering or None,
                "rekruttering": s.rekruttering or None,
                "mange_ars_erfaring": s.mange_ars_erfaring,
                "intervjuer": rng.choice(interviewers),
                "Intervjudato": times(rng, start, 50).date(),
                "leder_navn": leader,
                "leder_telefon": phone,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- writing files


def csv_bytes(
    df: pd.DataFrame,
    headers: dict[str, str] | None,
    delimiter: str,
    encoding: str,
    header: bool = True,
) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    cols = list(df.columns)
    if header:
        writer.writerow([headers.get(c, c) if headers else c for c in cols])
    for row in df.itertuples(index=False):
        writer.writerow(
            ["" if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row]
        )
    return buf.getvalue().encode(encoding)


def ringerunde_bytes(frame: pd.DataFrame) -> bytes:
    """The call log as the bundled file holds it: UTF-8, ``,``."""
    return csv_bytes(frame, None, ",", "utf-8")


_FIXED_ZIP_TIME = (2015, 1, 31, 12, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _xlsx_bytes(df: pd.DataFrame) -> bytes:
    """An XLSX export with dates as dates and counts as numbers, byte-identical across runs."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Intervjuer"
    wb.properties.title = SYNTHETIC_MARKER
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([None if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row])
    for cell in ws["V"][1:]:
        cell.number_format = "DD.MM.YYYY"
    return stable_xlsx_bytes(wb)


def stable_xlsx_bytes(wb) -> bytes:
    """An openpyxl workbook's bytes, identical across runs."""
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries; fix both.
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIME.sub(rb"\g<1>2015-01-31T12:00:00Z\g<3>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


README_TEXT = """# {marker} — synthetic data / syntetiske data

**Norsk.** Filene i denne mappen er SYNTETISKE. De er laget av `lmsanalyse synth --seed {seed}`
og inneholder ingen ekte svar fra kartleggingen NK LMH gjorde vinteren 2014/2015 (de ekte
rådataene er ikke offentlige). Kommunene og bydelene er de ekte 442 enhetene som fikk
spørreskjemaet, men hvem som svarte hva, tjenestene og alle navn er oppdiktet. Strukturen er
kalibrert slik at definisjonen `nklmh_2015` gir de publiserte tallene (41 tjenester, 79 av 428
kommuner osv.), og dataene har rotet fra ekte eksporter: navnevarianter og skrivefeil,
tresifrede kommunenummer, korrigerte innsendinger, Windows-1252 med semikolon, XLSX.
Kontaktpersoner, telefonnumre (+47 000 …) og e-postadresser (…@kommune-eksempel.invalid) er
åpenbart fiktive. Legg aldri ekte eksporter her: hold dem utenfor depotet og bruk `--raw-dir`.

**English.** The files in this folder are SYNTHETIC, made by `lmsanalyse synth --seed {seed}`.
They contain no real answers from NK LMH's 2014/2015 kartlegging (the real raw data is not
public). The 442 units are the real kommuner and Oslo bydeler that received the questionnaire;
who answered what, the services and every name are invented. The structure is calibrated so
that the definition `nklmh_2015` reproduces the published figures, and the files carry the mess
of real exports. Contact persons, phone numbers and e-mail addresses are clearly fictitious.
Never put real exports here: keep them outside the repository and use `--raw-dir`.

| file | format |
|---|---|
| `radmann_skjema.csv` | Windows-1252, `;`, long question texts as headers (see `config/header_aliases.yaml`) |
| `ringerunde_logg.csv` | UTF-8, `,` |
| `telefonintervju.xlsx` | XLSX, first sheet |

Regenerate: `lmsanalyse synth --seed {seed} --out data/raw` (byte-identical; a test checks it).
"""


def render_frames(
    seed: int, ref_dir: Path, matcher: KommuneMatcher, rep: int = 0
) -> dict[str, pd.DataFrame]:
    """The three sources of one synthetic survey as the contract-shaped files hold them.

    The survey-tool exports (:mod:`.exports`) are written from the same frames.
    """
    rng = random.Random(seed * 1000 + rep)
    world = build_world(seed + rep, ref_dir)
    typist = Typist(world.units, matcher, rng)
    people = People(rng)
    frames = {
        "radmann": render_radmann(world, typist, people, rng),
        "ringerunde": render_ringerunde(world, typist, people, rng),
        "intervju": render_intervju(world, typist, people, rng),
    }
    # Every row carries the marker, so that a file without it is recognisably not synthetic.
    for frame in frames.values():
        frame["Datakilde"] = marker_text(seed)
    return frames


def marker_text(seed: int) -> str:
    return f"{SYNTH_MARKER} --seed {seed})"


def write_synthetic(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    ref_dir: Path = Path("data/reference"),
    scale: int = 1,
    extra_calls: int | None = None,
) -> list[Path]:
    """Write the three raw files (and a README) for a synthetic kartlegging.

    Args:
        out_dir: target directory (created).
        seed: random seed; the same seed gives byte-identical files.
        ref_dir: reference directory (the real 2014 register).
        scale: K > 1 writes the survey over K × the units, with a synthetic K-fold register
            in ``register/`` and the ``config.yaml`` that names it (benchmarks only; see
            :mod:`.scale`).
        extra_calls: further call attempts per unit of the call round at K > 1 (default
            :data:`.scale.EXTRA_CALLS_AT_SCALE`; benchmarks only).

    Returns:
        The paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not 1 <= scale <= scaled.MAX_SCALE:
        raise ValueError(f"scale må være mellom 1 og {scaled.MAX_SCALE}, ikke {scale}")
    if scale > 1:
        extra = scaled.EXTRA_CALLS_AT_SCALE if extra_calls is None else extra_calls
        return _write_scaled(out_dir.resolve(), seed, Path(ref_dir), scale, extra)
    matcher = KommuneMatcher.from_reference(ref_dir)
    frames = render_frames(seed, ref_dir, matcher)
    paths = _write_raw(out_dir, frames)
    readme = out_dir / "README.md"
    readme.write_text(README_TEXT.format(marker=SYNTHETIC_MARKER, seed=seed), encoding="utf-8")
    return paths + [readme]


def _write_raw(out_dir: Path, frames: dict[str, pd.DataFrame]) -> list[Path]:
    paths = [
        out_dir / "radmann_skjema.csv",
        out_dir / "ringerunde_logg.csv",
        out_dir / "telefonintervju.xlsx",
    ]
    paths[0].write_bytes(csv_bytes(frames["radmann"], RADMANN_HEADERS, ";", "cp1252"))
    paths[1].write_bytes(ringerunde_bytes(frames["ringerunde"]))
    paths[2].write_bytes(_xlsx_bytes(frames["intervju"]))
    return paths


def _write_scaled(out_dir: Path, seed: int, ref_dir: Path, scale: int, extra: int) -> list[Path]:
    """The survey over a K-fold synthetic register (:mod:`.scale`)."""
    import yaml

    tables, counts, words = scaled.build_register(ref_dir, scale)
    folder = out_dir / scaled.REGISTER_DIR
    register_paths = scaled.write_register(tables, folder)
    register = reference.Register(folder, {**scaled.REGISTER_FILES, "kart": None}, counts)
    real = KommuneMatcher.from_reference(ref_dir)
    copier = scaled.Copier(real, KommuneMatcher.from_reference(register), words)
    frames = render_frames(seed, ref_dir, real)
    names = [f"{first} {last}" for last in FICTIONAL_SURNAMES for first in FIRST_NAMES]
    paths = [
        out_dir / "radmann_skjema.csv",
        out_dir / "ringerunde_logg.csv",
        out_dir / "telefonintervju.xlsx",
    ]
    # The CSV files are written copy by copy (the same bytes as the whole table at once).
    interviews = []
    with paths[0].open("wb") as radmann, paths[1].open("wb") as calls:
        for k in range(scale):
            copy = scaled.copy_frames(frames, copier, k)
            extra_rows = scaled.extra_calls(copy["ringerunde"], k, extra, names, copier.scaled)
            radmann.write(csv_bytes(copy["radmann"], RADMANN_HEADERS, ";", "cp1252", k == 0))
            calls.write(csv_bytes(copy["ringerunde"], None, ",", "utf-8", k == 0))
            calls.write(csv_bytes(extra_rows, None, ",", "utf-8", False))
            interviews.append(copy["intervju"])
    paths[2].write_bytes(_xlsx_bytes(pd.concat(interviews, ignore_index=True)))
    readme = out_dir / "README.md"
    readme.write_text(
        SCALED_README_TEXT.format(
            marker=SYNTHETIC_MARKER,
            seed=seed,
            scale=scale,
            kommuner=counts["kommuner"],
            enheter=counts["enheter"],
            extra=extra,
            fallbacks=copier.fallbacks,
        ),
        encoding="utf-8",
    )
    config = out_dir / scaled.CONFIG_FILE
    header = (
        f"# {SYNTHETIC_MARKER}: konfigurasjon for en kjøring på dette syntetiske datasettet\n"
        f"# (lmsanalyse synth --seed {seed} --scale {scale}). Bruk: lmsanalyse run --config "
        f"{config}\n"
    )
    body = yaml.safe_dump(
        scaled.register_config(out_dir, counts), allow_unicode=True, sort_keys=False
    )
    config.write_text(header + body, encoding="utf-8")
    return paths + [readme, config, *register_paths.values()]


SCALED_README_TEXT = """# {marker} — synthetic data for benchmarks / syntetiske data for ytelsestester

**Norsk.** Filene i denne mappen er SYNTETISKE, laget av `lmsanalyse synth --seed {seed}
--scale {scale}`, og er bare til ytelsestester. Registeret i `register/` har {scale} kopier av
2014-registeret: {kommuner} kommuner og {enheter} enheter; kopi 0 er det ekte registeret, kopi k
har kommunenummer med k i tre sifre bak (1804 → 1804001) og et oppdiktet ord foran navnet.
Hver kopi har den samme undersøkelsen som `data/raw` ({seed}), og hver enhet i ringerunden er
ringt {extra} ganger til (satt over / uavklart; endrer ingen utfall). Kontaktpersoner,
telefonnumre og e-postadresser er åpenbart fiktive. Kjør med
`lmsanalyse run --config config.yaml` (konfigurasjonen peker på registeret og rådataene).

**English.** SYNTHETIC benchmark data (`lmsanalyse synth --seed {seed} --scale {scale}`): the
bundled survey over {scale} copies of the 2014 register ({kommuner} kommuner, {enheter} units;
see `lmsanalyse.tools.synth.scale`), with {extra} extra call attempts per unit of the call round.
Unit texts written as numbers because their rewritten form would not resolve: {fallbacks}.
Run with `lmsanalyse run --config config.yaml`.
"""
