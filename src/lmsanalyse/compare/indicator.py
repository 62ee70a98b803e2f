"""A per-kommune indicator beside the waves: a table such as KOSTRA's frisklivssentral
indicator as SSB's statistics bank exports it (``;``-separated, region as "NNNN Navn", a year
column, a value column), read through an import map (``kilde: indikator``, usually ``format:
tabell``) and carried to today's map.

Every row of the file is accounted for (``indikator_rader.csv``): ``brukt``; ``annet år``
(the indicator is read for one year: the configured one, else the latest in the file);
``ikke kommune`` (SSB's totals and groupings: the country, a fylke, a bydel, a KOSTRA
group); ``mangler verdi`` (blank, or one of SSB's symbols for a missing figure);
``utelatt`` (the map's ``utelat``); ``karantene`` (a kommune number not in the year's
kommune list, a name that does not fit the number, a value that is neither Ja nor Nei, the
kommune a second time).

The year says which borders the numbers have: 2013–2016 the kommuner of 2014
(``kommuner_2014.csv``), 2020–2023 those of 2020 (``kommuneendringer_2014_2020.csv``), from
2024 those of 2024. A 2024 kommune takes ``Ja`` when any of the kommuner it was made of
(its parts) has ``Ja``, ``Nei`` when every part has a value and none has ``Ja``, else
``ukjent``; a kommune split between several 2024 kommuner is a part of each (as the
coverage counts it). docs/assumptions.md (W11) says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..contract import YES_NO
from ..ingest.raw_table import ROW
from ..ingest.reader import read_raw_table
from ..spelling import canonical_answer
from .borders import Borders
from .wave_changes import STATUSER

SOURCE = "indikator"
# SSB's symbols for a figure that is not there (standard symbols in SSB's tables).
SSB_SYMBOLER = {
    ".": "lar seg ikke føre opp",
    "..": "oppgave mangler",
    "...": "oppgave mangler foreløpig",
    ":": "vises ikke av konfidensialitetshensyn",
}
BRUKT, ANNET_AR, IKKE_KOMMUNE = "brukt", "annet år", "ikke kommune"
MANGLER, UTELATT, KARANTENE = "mangler verdi", "utelatt", "karantene"
UTFALL = (BRUKT, ANNET_AR, IKKE_KOMMUNE, MANGLER, UTELATT, KARANTENE)
VERDIER = ("Ja", "Nei", "ukjent")
ROW_COLUMNS = ("rad", "region", "ar", "verdi", "utfall", "grunn")
KOMMUNE_COLUMNS = (
    "kommunenummer_2024",
    "kommunenavn_2024",
    "fylkesnavn_2024",
    "indikator",
    "deler",
    "deler_ja",
    "deler_nei",
    "deler_uten_verdi",
    "kilder",
    "status_a",
    "status_b",
)
CROSS_COLUMNS = ("bolge", "status", "ja", "nei", "ukjent", "kommuner")
_REGION = re.compile(r"^\s*(\S+)\s*(.*?)\s*$")


class IndicatorError(ValueError):
    """The indicator file cannot be used as a whole (its year has no kommune list)."""


@dataclass
class Indicator:
    """The indicator read: the file's rows accounted for, its year and borders, its value per
    2024 kommune, and the statistics variable's text (SSB's ``statistikkvariabel``)."""

    fil: str
    files: list[Path]
    ar: int
    inndeling: str
    variabel: str
    rader: pd.DataFrame
    kommuner: pd.DataFrame

    def counts(self) -> dict[str, int]:
        found = self.rader["utfall"].value_counts()
        return {u: int(found.get(u, 0)) for u in UTFALL}


def borders_of_year(year: int) -> str | None:
    """The kommune list whose numbers a year's figures have (None: none in the reference)."""
    if 2013 <= year <= 2016:
        return "2014"
    if 2020 <= year <= 2023:
        return "2020"
    return "2024" if year >= 2024 else None


def _name_parts(name: str) -> set[str]:
    """``Bø (Nordland)`` → {bø}; ``Kárášjohka - Karasjok`` → both parts."""
    text = re.sub(r"\(.*?\)", "", name)
    return {p.strip().casefold() for p in re.split(r" - |/", text) if p.strip()}


def _row(r, utfall: str, grunn: str = "") -> dict:
    return {
        "rad": int(r[ROW]),
        "region": r["region"] or "",
        "ar": r["ar"] or "",
        "verdi": r["verdi"] or "",
        "utfall": utfall,
        "grunn": grunn,
    }


def _year(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def read_indicator(map_path: Path, borders: Borders, ar: int | None = None) -> Indicator:
    """Read the indicator behind an import map and carry it to the 2024 kommuner.

    Args:
        map_path: ``indikator.import.yaml``.
        borders: the reference kommune lists and change lists.
        ar: the year to read (None: the latest year in the file).

    Raises:
        ConfigError: the map breaks its schema.
        InputError: a file cannot be read, or a key column is missing.
        IndicatorError: the year's kommune list is not in the reference data.
    """
    table = read_raw_table(Path(map_path), SOURCE)
    fil = table.shown_name or Path(table.path).name
    data = table.data
    issues = {row: str(melding) for row, _col, melding in table.cell_issues}
    years = sorted({y for y in map(_year, data["ar"]) if y is not None})
    if ar is None and not years:
        raise IndicatorError(f"{fil}: ingen rad har et årstall i kolonnen for år")
    year = ar if ar is not None else years[-1]
    inndeling = borders_of_year(year)
    if inndeling is None:
        raise IndicatorError(
            f"{fil}: kommuneinndelingen for {year} er ikke i referansedataene (kommunene i 2014 "
            "gjelder 2013–2016, kommunene i 2020 gjelder 2020–2023, kommunene i 2024 fra 2024); "
            "velg et annet år, eller eksporter tallene med inndelingen for 2020 eller 2024"
        )
    names = borders.names(inndeling)
    rows, values, seen = [], {}, {}
    for left in table.left_out:
        r = table.left_out_data.loc[table.left_out_data[ROW] == left.rad].iloc[0]
        rows.append(_row(r, UTELATT, left.grunn))
    variabel = ""
    for r in data.to_dict("records"):
        row_no = int(r[ROW])
        code, typed = _REGION.match(r["region"] or "").groups() if r["region"] else ("", "")
        if row_no in issues:
            rows.append(_row(r, KARANTENE, issues[row_no]))
        elif _year(r["ar"]) is None:
            rows.append(_row(r, KARANTENE, f"'{r['ar'] or ''}' er ikke et årstall"))
        elif _year(r["ar"]) != year:
            rows.append(_row(r, ANNET_AR, f"indikatoren leses for {year}"))
        elif not re.fullmatch(r"\d{3,4}", code):
            why = "regionen er ikke en kommune (landet, et fylke, en bydel eller en KOSTRA-gruppe)"
            rows.append(_row(r, IKKE_KOMMUNE, why))
        elif (nr := code.zfill(4)) not in names:
            why = f"kommunenummeret {nr} finnes ikke blant kommunene i {inndeling}"
            rows.append(_row(r, KARANTENE, why))
        elif typed and not _name_parts(typed) & _name_parts(names[nr]):
            why = f"navnet passer ikke med kommunenummeret {nr} ({names[nr]} i {inndeling})"
            rows.append(_row(r, KARANTENE, why))
        elif nr in seen:
            rows.append(_row(r, KARANTENE, f"kommunen {nr} står allerede i rad {seen[nr]}"))
        elif (r["verdi"] or "").strip() in SSB_SYMBOLER or not (r["verdi"] or "").strip():
            symbol = (r["verdi"] or "").strip()
            why = f"SSBs symbol «{symbol}»: {SSB_SYMBOLER[symbol]}" if symbol else "tom celle"
            seen[nr] = row_no
            rows.append(_row(r, MANGLER, why))
        elif (answer := canonical_answer(r["verdi"], YES_NO)) is None:
            why = f"verdien '{r['verdi']}' er verken Ja eller Nei (oversett den under verdier i kartet)"
            rows.append(_row(r, KARANTENE, why))
        else:
            seen[nr] = row_no
            values[nr] = answer
            variabel = variabel or (r["variabel"] or "")
            rows.append(_row(r, BRUKT))
    rader = pd.DataFrame(rows, columns=list(ROW_COLUMNS)).sort_values("rad", kind="stable")
    kommuner = carry(values, names, borders, inndeling)
    files = [Path(map_path), *[Path(p) for p in table.files if Path(p) != Path(map_path)]]
    return Indicator(fil, files, year, inndeling, variabel, rader.reset_index(drop=True), kommuner)


def carry(values: dict[str, str], names: dict[str, str], borders: Borders, inndeling: str):
    """Each 2024 kommune's value from the kommuner of ``inndeling`` it was made of."""
    parts: dict[str, list[str]] = {}
    for source, targets in borders.to_2024(inndeling).items():
        for target in targets:
            parts.setdefault(target, []).append(source)
    rows = []
    for r in borders.kommuner_2024.sort_values("kommunenummer").itertuples(index=False):
        mine = sorted(parts.get(r.kommunenummer, []))
        got = [values.get(p) for p in mine]
        ja, nei = got.count("Ja"), got.count("Nei")
        uten = len(mine) - ja - nei
        verdi = "Ja" if ja else ("Nei" if nei and not uten else "ukjent")
        kilder = "; ".join(f"{p} {names[p]} ({values.get(p) or 'uten verdi'})" for p in mine)
        rows.append(
            (r.kommunenummer, r.kommunenavn, r.fylkesnavn, verdi, len(mine), ja, nei, uten, kilder)
        )
    return pd.DataFrame(rows, columns=list(KOMMUNE_COLUMNS[:-2]))


def with_statuses(indicator: Indicator, kommuner: pd.DataFrame) -> pd.DataFrame:
    """``indikator_kommuner.csv``: the indicator per 2024 kommune beside both waves' status."""
    status = kommuner.set_index("kommunenummer_2024")[["status_a", "status_b"]]
    return indicator.kommuner.join(status, on="kommunenummer_2024")[list(KOMMUNE_COLUMNS)]


def cross_table(per_kommune: pd.DataFrame) -> pd.DataFrame:
    """``indikator_krysstabell.csv``: per wave and status, the 2024 kommuner by the
    indicator's value."""
    rows = []
    for wave in ("a", "b"):
        for status in STATUSER:
            group = per_kommune.loc[per_kommune[f"status_{wave}"].eq(status), "indikator"]
            counts = group.value_counts()
            rows.append(
                (wave.upper(), status, *(int(counts.get(v, 0)) for v in VERDIER), len(group))
            )
    return pd.DataFrame(rows, columns=list(CROSS_COLUMNS))
