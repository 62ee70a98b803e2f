"""The bundled synthetic survey again, as the survey tools export it, with import maps.

``data/examples/surveyxact_nettskjema/`` holds the questionnaire as a SurveyXact export, the
interviews as a Nettskjema report with its codebook, and the call log as the hand-kept table
it is; each source with an import map where it needs one. The files are written from the
same rendered frames as ``data/raw``, so running either folder gives byte-identical decision
tables (a test checks it). Regenerate: ``lmsanalyse synth --eksempel --out DIR`` (or
``make examples``).
"""

from __future__ import annotations

from pathlib import Path

from ...clean.names import KommuneMatcher
from ...guard import SYNTHETIC_MARKER
from .nettskjema_export import (
    BM,
    CHECKBOXES,
    CODEBOOK,
    RADIOS,
    RADIOS_AFTER,
    REPORT,
    TEST_SUBMISSIONS,
    TEXTS_AFTER,
    TEXTS_BEFORE,
    VALUE_OF,
    option_id,
    options,
    write_nettskjema,
)
from .raw_files import render_frames, ringerunde_bytes
from .surveyxact_export import QUESTIONS, write_surveyxact
from .world import DEFAULT_SEED

SX_FOLDER, NS_FOLDER = "radmann", "intervju"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def surveyxact_map(seed: int, variant: str) -> str:
    """The questionnaire's import map (SurveyXact)."""
    files = (
        f"  data: {SX_FOLDER}/export.xlsx\n"
        if variant == "xlsx"
        else (
            f"  data: {SX_FOLDER}/dataset.csv\n"
            f"  struktur: {SX_FOLDER}/structure.csv\n"
            f"  etiketter: {SX_FOLDER}/labels.csv\n"
        )
    )
    columns = "".join(f"  {col}: {var}\n" for var, col, *_ in QUESTIONS)
    return (
        f"# {SYNTHETIC_MARKER} (lmsanalyse synth --seed {seed}): importkart for spørreskjemaet\n"
        "# til rådmennene, eksportert fra SurveyXact.\n"
        "kilde: radmann_skjema\n"
        "format: surveyxact\n"
        f"filer:\n{files}"
        "kolonner:\n"
        "  svar_id: respondent\n"
        "  innsendt: closetime\n"
        f"{columns}"
        "verdier:\n"
        "  har_tjeneste:\n"
        '    "Ja, vi har en slik tjeneste": Ja\n'
        '    "Vet ikke; usikker": Vet ikke\n'
        "utelat:\n"
        '  - {variabel: stato_4, verdier: ["Ikke valgt"], grunn: "ikke gjennomført (testsvar eller uferdig)"}\n'
    )


def nettskjema_map(
    seed: int,
    tests: tuple[str, ...] = TEST_SUBMISSIONS,
    report_name: str = REPORT,
    origin: str | None = None,
) -> str:
    """The interviews' import map (Nettskjema with codebook): the report ``report_name``, its
    test submissions ``tests`` left out; ``origin``: the command that wrote it."""
    columns = [(col, ident) for ident, col, *_ in (*TEXTS_BEFORE, *RADIOS)]
    columns.append(("antall_tilbud", "antall_tilbud"))
    columns += [(col, f"brukermedvirkning.{sub}") for sub, col, _ in BM[1]]
    columns += [(col, ident) for ident, col, *_ in (*RADIOS_AFTER, *TEXTS_AFTER) if col]
    values: dict[str, list[str]] = {}
    for (col, text), value in VALUE_OF.items():
        values.setdefault(col, []).append(f"    {_quote(text)}: {value}\n")
    lists = ""
    for ident, col, _, allowed in CHECKBOXES:
        lists += f"  {col}:\n" + "".join(
            f"    {ident}.{option_id(item)}: {item}\n" for item in sorted(allowed)
        )
        assert list(options(allowed)) == [option_id(i) for i in sorted(allowed)]
    left_out = ", ".join(f'"{t}"' for t in tests)
    utelat = (
        "utelat:\n"
        + f'  - {{variabel: "$submission_id", verdier: [{left_out}], grunn: "testinnsending før intervjuene"}}\n'
        if tests
        else ""
    )
    origin = origin or f"lmsanalyse synth --seed {seed}"
    return (
        f"# {SYNTHETIC_MARKER} ({origin}): importkart for telefonintervjuene,\n"
        "# registrert i Nettskjema (rapporten og skjemaets elementer som kodebok).\n"
        "kilde: telefonintervju\n"
        "format: nettskjema\n"
        "filer:\n"
        f"  data: {NS_FOLDER}/{report_name}\n"
        f"  kodebok: {NS_FOLDER}/{CODEBOOK}\n"
        "kolonner:\n"
        + "".join(f"  {col}: {var}\n" for col, var in columns)
        + "verdier:\n"
        + "".join(f"  {col}:\n" + "".join(lines) for col, lines in values.items())
        + f"lister:\n{lists}"
        + utelat
    )


README = """# {marker} — the bundled survey as survey-tool exports

**Norsk.** Samme syntetiske kartlegging som i `data/raw`, men slik verktøyene eksporterer den:
spørreskjemaet til rådmennene som en SurveyXact-eksport (`radmann/`: `dataset.csv`,
`structure.csv` og `labels.csv` i UTF-16 med tabulator, etiketter uten overskriftsrad, kodede
svar, statusvariablene `stato_1`–`stato_5` og tre test- og uferdige svar), telefonintervjuene
som en Nettskjema-rapport med skjemaets elementer som kodebok (`intervju/`: alternativ-ID-er i
radioknappene, én 0/1-kolonne per avkrysningsboks, to testinnsendinger), og ringeloggen som
den håndførte tabellen den er. Importkartene (`radmann_skjema.import.yaml`,
`telefonintervju.import.yaml`) sier hvilken variabel som er hvilken kontraktkolonne, hvordan
kodene blir kontraktverdier, og hvilke rader som utelates. Alle filer er SYNTETISKE.

```sh
lmsanalyse validate --raw-dir data/examples/surveyxact_nettskjema
lmsanalyse run --raw-dir data/examples/surveyxact_nettskjema --out /tmp/eksempel
```

Kjøringen gir byte for byte de samme beslutningstabellene (`tjeneste_status.csv`,
`kommune_status.csv`, `enhet_status.csv`) som `data/raw` (testet). I `figures.csv` skiller
bare radregnskapet for spørreskjemaet og intervjuene seg: testsvarene som utelates, telles
som rader inn og i karantene (`rader_inn_*`, `rader_karantene_*`). Respondent-ID-ene i
SurveyXact og tjeneste-ID-ene i Nettskjema er de samme som i `data/raw`, så tabellene kan
sammenlignes.

**English.** The survey of `data/raw` as SurveyXact (questionnaire) and Nettskjema
(interviews) export it, with the import maps that read them. Regenerate (byte-identical):
`lmsanalyse synth --seed {seed} --eksempel --out data/examples/surveyxact_nettskjema`.
"""


def write_examples(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    ref_dir: Path = Path("data/reference"),
    surveyxact_variant: str = "utf16_tab",
) -> list[Path]:
    """Write the survey as SurveyXact and Nettskjema exports with import maps into ``out_dir``.

    Args:
        out_dir: target folder (created).
        seed: random seed; the same seed gives byte-identical files, from the same frames as
            :func:`lmsanalyse.tools.synth.write_synthetic`.
        ref_dir: reference directory.
        surveyxact_variant: how SurveyXact writes the export (:data:`.surveyxact.VARIANTS`).

    Returns:
        The paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = render_frames(seed, ref_dir, KommuneMatcher.from_reference(ref_dir))
    paths = write_surveyxact(frames["radmann"], out_dir / SX_FOLDER, seed, surveyxact_variant)
    paths += write_nettskjema(frames["intervju"], out_dir / NS_FOLDER, seed)
    texts = {
        "radmann_skjema.import.yaml": surveyxact_map(seed, surveyxact_variant),
        "telefonintervju.import.yaml": nettskjema_map(seed),
        "README.md": README.format(marker=SYNTHETIC_MARKER, seed=seed),
    }
    for name, text in texts.items():
        (out_dir / name).write_text(text, encoding="utf-8")
        paths.append(out_dir / name)
    call_log = out_dir / "ringerunde_logg.csv"
    call_log.write_bytes(ringerunde_bytes(frames["ringerunde"]))
    return [*paths, call_log]
