"""Two waves on today's map: each 2024 kommune's status in both and the change between them
(``bolge_sammenligning.csv``), the counts per 2024 fylke (``bolge_fylker.csv``), and the
figures of both runs side by side (``bolge_tall.csv``), as the data contract writes them.

A wave's status on the 2024 map (the contract, "Waves"):

- on the 2014 register: its own ``kommune_2024_status.csv`` ``status_2024`` (``dekket``
  when every 2014 part was covered, ``delvis dekket`` when some were, ``ikke dekket``);
- on the 2024 register: ``dekket`` when its ``kommune_status.csv`` says ``dekket`` = ``Ja``,
  else ``ikke dekket``.

The change is ``uendret`` (same status), ``ny`` (ikke dekket → dekket), ``borte`` (dekket →
ikke dekket), ``økt`` (one step up: ikke → delvis, delvis → dekket) or ``redusert`` (one step
down). Every number in ``bolge_tall.csv`` is copied from the runs' ``figures.csv``, never
counted again here; the statuses are checked against them.
"""

from __future__ import annotations

import pandas as pd

from ..norsk import fmt_list
from .waves import REGISTER_2014, ComparisonError, Wave

STATUSER = ("dekket", "delvis dekket", "ikke dekket")
_RANG = {"ikke dekket": 0, "delvis dekket": 1, "dekket": 2}
# The changes in the order tables and legends list them.
ENDRINGER = ("ny", "økt", "uendret", "redusert", "borte")

KOMMUNE_COLUMNS = (
    "kommunenummer_2024",
    "kommunenavn_2024",
    "fylkesnummer_2024",
    "fylkesnavn_2024",
    "status_a",
    "status_b",
    "endring",
    "merknad",
)
# bolge_tall.csv: the contract's figures first, then the rest of the statuses on today's map.
TALL = (
    "kommuner_med_tilbud",
    "kommuner_uten_tilbud",
    "kommuner_2024_dekket",
    "kommuner_2024_delvis_dekket",
    "kommuner_2024_ikke_dekket",
    "tjenester",
    "tjenester_kommunale",
    "tjenester_interkommunale",
)
TALL_COLUMNS = ("figur", "verdi_a", "nevner_a", "verdi_b", "nevner_b")
# The figures that count today's kommuner by status.
FIGUR_STATUS = {f"kommuner_2024_{s.replace(' ', '_')}": s for s in STATUSER}
# The column name of each status and change in bolge_fylker.csv.
KOLONNE = {
    "dekket": "dekket",
    "delvis dekket": "delvis_dekket",
    "ikke dekket": "ikke_dekket",
    **{e: e.replace("ø", "o") for e in ENDRINGER},
}
FYLKE_COLUMNS = (
    "fylkesnummer_2024",
    "fylkesnavn_2024",
    "kommuner",
    *(f"a_{KOLONNE[s]}" for s in STATUSER),
    *(f"b_{KOLONNE[s]}" for s in STATUSER),
    *(KOLONNE[e] for e in ENDRINGER),
)


def endring(status_a: str, status_b: str) -> str:
    """The contract's change from ``status_a`` to ``status_b``."""
    a, b = _RANG[status_a], _RANG[status_b]
    if a == b:
        return "uendret"
    if (a, b) == (0, 2):
        return "ny"
    if (a, b) == (2, 0):
        return "borte"
    return "økt" if b > a else "redusert"


def status_2024(wave: Wave) -> dict[str, str]:
    """Each 2024 kommune's status in a wave (kommunenummer_2024 → status)."""
    if wave.register == REGISTER_2014:
        table = wave.kommuner_2024
        return dict(zip(table["kommunenummer_2024"], table["status_2024"], strict=True))
    return {
        nr: "dekket" if dekket == "Ja" else "ikke dekket"
        for nr, dekket in zip(wave.kommuner["kommunenummer"], wave.kommuner["dekket"], strict=True)
    }


def merknader(changes: pd.DataFrame) -> dict[str, str]:
    """Per 2024 kommune, what it was made of when that is not one whole 2014 kommune: several
    2014 kommuner, or a part of one split between 2024 kommuner (kommuneendringer_2014_2024)."""
    receivers = changes.groupby("kommunenummer_2014")["kommunenavn_2024"].apply(sorted)
    out = {}
    for nr, parts in changes.groupby("kommunenummer_2024", sort=True):
        parts = parts.sort_values("kommunenummer_2014")
        notes = []
        if len(parts) > 1:
            names = [f"{r.kommunenummer_2014} {r.kommunenavn_2014}" for r in parts.itertuples()]
            notes.append(f"slått sammen av {len(parts)} kommuner fra 2014: {fmt_list(names)}")
        for r in parts.itertuples():
            if r.endring == "delt":
                notes.append(
                    f"har en del av {r.kommunenummer_2014} {r.kommunenavn_2014}, som ble delt "
                    f"mellom {fmt_list(receivers[r.kommunenummer_2014])}"
                )
        if notes:
            text = "; ".join(notes)
            out[nr] = text[:1].upper() + text[1:]
    return out


def compare_kommuner(
    a: Wave, b: Wave, kommuner_2024: pd.DataFrame, changes: pd.DataFrame
) -> pd.DataFrame:
    """``bolge_sammenligning.csv``: one row per 2024 kommune, by kommunenummer."""
    sa, sb = status_2024(a), status_2024(b)
    notes = merknader(changes)
    rows = []
    for r in kommuner_2024.sort_values("kommunenummer").itertuples(index=False):
        nr = r.kommunenummer
        rows.append(
            (nr, r.kommunenavn, r.fylkesnummer, r.fylkesnavn, sa[nr], sb[nr],
             endring(sa[nr], sb[nr]), notes.get(nr, ""))
        )  # fmt: skip
    table = pd.DataFrame(rows, columns=list(KOMMUNE_COLUMNS))
    for wave, column in ((a, "status_a"), (b, "status_b")):
        _check_against_figures(wave, table[column])
    return table


def _figure_2024(wave: Wave, status: str) -> tuple[int, int | None]:
    """A wave's count of 2024 kommuner with ``status``, from its figures.csv: the
    ``kommuner_2024_*`` figure; a wave on the 2024 register without it is on today's map
    already, so its ``kommuner_med_tilbud`` / ``kommuner_uten_tilbud`` are those counts
    (and no kommune is partly covered)."""
    figur = f"kommuner_2024_{KOLONNE[status]}"
    if figur in wave.figurer or wave.register == REGISTER_2014:
        f = wave.figur(figur)
        return f.verdi, f.nevner
    if status == "delvis dekket":
        return 0, wave.figur("kommuner_med_tilbud").nevner
    f = wave.figur("kommuner_med_tilbud" if status == "dekket" else "kommuner_uten_tilbud")
    return f.verdi, f.nevner


def _check_against_figures(wave: Wave, statuses: pd.Series) -> None:
    """The statuses read from the decision tables must agree with the wave's figures.csv."""
    for status in STATUSER:
        verdi, nevner = _figure_2024(wave, status)
        counted = int(statuses.eq(status).sum())
        if (counted, len(statuses)) != (verdi, nevner):
            raise ComparisonError(
                f"bølge {wave.navn} ({wave.mappe}): {counted} av {len(statuses)} kommuner i 2024 "
                f"har status '{status}' i beslutningstabellene, men figures.csv sier {verdi} av "
                f"{nevner}; tabellene og tallene er ikke fra samme kjøring"
            )


def figures_side_by_side(a: Wave, b: Wave) -> pd.DataFrame:
    """``bolge_tall.csv``: each figure of both waves, as its own figures.csv has it."""
    rows = []
    for figur in TALL:
        cells: list = [figur]
        for wave in (a, b):
            status = FIGUR_STATUS.get(figur)
            if status is not None:
                verdi, nevner = _figure_2024(wave, status)
            else:
                f = wave.figur(figur)
                verdi, nevner = f.verdi, f.nevner
            cells += [verdi, "" if nevner is None else nevner]
        rows.append(cells)
    return pd.DataFrame(rows, columns=list(TALL_COLUMNS))


def by_fylke(kommuner: pd.DataFrame) -> pd.DataFrame:
    """``bolge_fylker.csv``: per 2024 fylke, the kommuner with each status in each wave and
    with each change."""
    rows = []
    for (nr, navn), group in kommuner.groupby(["fylkesnummer_2024", "fylkesnavn_2024"], sort=True):
        row = {"fylkesnummer_2024": nr, "fylkesnavn_2024": navn, "kommuner": len(group)}
        for wave in ("a", "b"):
            counts = group[f"status_{wave}"].value_counts()
            row |= {f"{wave}_{KOLONNE[s]}": int(counts.get(s, 0)) for s in STATUSER}
        counts = group["endring"].value_counts()
        row |= {KOLONNE[e]: int(counts.get(e, 0)) for e in ENDRINGER}
        rows.append(row)
    return pd.DataFrame(rows, columns=list(FYLKE_COLUMNS))
