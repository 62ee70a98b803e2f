"""The README of a synthetic 2025 wave: what it is, how to run it, and how it was designed
(which kommuner play which part, for its seed), written from the wave itself."""

from __future__ import annotations

from ...guard import SYNTHETIC_MARKER
from .wave2025 import (
    ANSWERS,
    CALLS,
    INCLUDED,
    INTERVIEWS,
    Fate,
    Kind,
    Wave,
    origin,
)

FILES = {
    "eksport": """| fil | format |
|---|---|
| `skjema/radmannsskjema_2025.sav` + `radmann_skjema.import.yaml` | SPSS: kodede svar med verdietiketter, 99 = ikke besvart (brukerdefinert manglende), innsendingstid som SPSS-dato og -tid |
| `intervju/data-….txt`, `intervju/elements-….json` + `telefonintervju.import.yaml` | Nettskjema-rapport (`;`, alle felt i anførselstegn) med skjemaets elementer som kodebok |
| `ringerunde/ringelogg_2025.xlsx` + `ringerunde_logg.import.yaml` | regneark ført for hånd (`tabell`), egne overskrifter, datoer som datoer |""",
    "kontrakt": """| fil | format |
|---|---|
| `radmann_skjema.csv` | UTF-8, `,`, kontraktens kolonner |
| `ringerunde_logg.csv` | UTF-8, `,`, kontraktens kolonner |
| `telefonintervju.csv` | UTF-8, `,`, kontraktens kolonner |""",
}

TEXT = """# {marker} — en syntetisk andre bølge / a synthetic second wave (2025)

**Norsk.** Filene i denne mappen er SYNTETISKE, laget av `{command}`. De er
kartleggingen spurt på nytt i 2025 av 2024-registeret: dagens 357 kommuner, Oslo igjen per
bydel, 371 enheter. Kommunene og bydelene er ekte, men hvem som svarte hva, tjenestene og alle
navn er oppdiktet. Bølgen er avledet av den syntetiske kartleggingen 2014/2015 med samme frø
(`lmsanalyse synth --seed {seed}`): tjenester som fortsatte (noen med nytt navn), ble slått
sammen, lagt ned eller startet, og kommuner som ble slått sammen med en dekket kommune.
Kontaktpersoner, telefonnumre (+47 000 …) og e-postadresser (…@kommune-eksempel.invalid) er
åpenbart fiktive.

**English.** SYNTHETIC data: the kartlegging asked again in 2025 of the 2024 register (357
kommuner, Oslo by its 15 bydeler, 371 units), derived from the synthetic 2014/15 survey of the
same seed. No real answers; every person, phone number and e-mail address is fictitious.

{files}

Kjør / run (fra depotet / from the repository):

```sh
lmsanalyse validate --register 2024 --raw-dir <denne mappen>
lmsanalyse run --register 2024 --raw-dir <denne mappen> --out <bølge 2025>
lmsanalyse sammenlign <kjøring 2014/15> <bølge 2025> --out <sammenligning>
```

(`<kjøring 2014/15>` is the `--out` folder of `lmsanalyse run` on the bundled data.)
Regenerate byte-identically: `{command} --out <mappe>`.

## Designet / the design (frø {seed})

* {units} enheter; {forms} innsendinger fra {respondents} enheter (korrigerte og gjentatte
  innsendinger medregnet), {calls} oppringninger til {callees} enheter, {interviews}
  intervjuede tjenester, hvorav {included} er bygd for å oppfylle definisjonen `nklmh_2015`.
* Kommuner som dekkes etter designet: {covered} av 357.
* Fredrikstad: frisklivssentralen fortsatte under nytt navn. Sandefjord: senteret fortsatte;
  Andebu og Stokke, slått sammen med Sandefjord i 2017, dekkes gjennom det. Narvik-regionens
  tjeneste fortsatte (Ballangen er nå en del av Narvik, Tjeldsund og Evenes deltar fortsatt).
{fates}
"""


def _where(fate: Fate, wave: Wave) -> str:
    """The kommuner (or bydeler) a fate is about, by name."""
    names = dict(zip(wave.world.units["enhet_id"], wave.world.units["enhet_navn"], strict=True))
    if fate.service is not None:
        return ", ".join(names[u] for u in fate.service.participants)
    old = dict(zip(wave.before.units["enhet_id"], wave.before.units["enhet_navn"], strict=True))
    by_id = {s.tjeneste_id: s for s in wave.before.services}
    return ", ".join(old[by_id[i].host] for i in fate.before)


_HEADINGS = (
    (Kind.MERGED, "Slått sammen til én tjeneste"),
    (Kind.CLOSED, "Lagt ned (vertskommunen i 2014/15)"),
    (Kind.NO_LONGER, "Fortsatte, men oppfyller ikke lenger definisjonen (bm_evaluering = Delvis)"),
    (Kind.RENAMED, "Fortsatte under nytt navn"),
    (Kind.NOW_MEETS, "Ekskludert i 2014/15, oppfyller nå definisjonen"),
    (Kind.STILL_FAILS, "Oppfyller fortsatt ikke definisjonen"),
    (Kind.STARTED, "Startet siden 2014/15"),
)


def _fates(wave: Wave) -> str:
    lines = []
    for kind, heading in _HEADINGS:
        found = [f for f in wave.fates if f.kind == kind]
        items = []
        for f in found:
            before = "+".join(f.before)
            name = f" «{f.service.navn}»" if f.service else ""
            items.append(f"{_where(f, wave)}{name}" + (f" ({before} i 2014/15)" if before else ""))
        lines.append(f"* {heading} ({len(found)}): " + "; ".join(items) + ".")
    return "\n".join(lines)


def readme(wave: Wave, form: str, rows: dict[str, int]) -> str:
    return TEXT.format(
        marker=SYNTHETIC_MARKER,
        command=origin(wave.seed) + (" --format kontrakt" if form == "kontrakt" else ""),
        seed=wave.seed,
        files=FILES[form],
        units=len(wave.world.units),
        forms=rows["radmann"],
        respondents=ANSWERS.respondents,
        calls=CALLS,
        callees=len(wave.calls),
        interviews=INTERVIEWS,
        included=INCLUDED,
        covered=len(wave.covered()),
        fates=_fates(wave),
    )
