"""A per-kommune indicator beside a wave (issue 21, part 5): a table as SSB's statistics bank
exports it (``;``, every field quoted, region as "NNNN Navn", a year), read through an import
map (``kilde: indikator``, ``format: tabell``), every row accounted for, and carried to today's
kommuner by the year's borders.

The files here are written by the tests, in SSB's shape; the bundled one is synthetic and
marked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REF_DIR
from lmsanalyse.compare.borders import Borders
from lmsanalyse.compare.indicator import IndicatorError, borders_of_year, read_indicator
from lmsanalyse.config import ConfigError
from lmsanalyse.guard import has_synthetic_marker
from lmsanalyse.problems import InputError

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "indikator" / "indikator.import.yaml"
KART = """kilde: indikator
format: tabell
filer:
  data: {fil}
kolonner:
  region: region
  ar: år
  verdi: {verdi}
  variabel: statistikkvariabel
verdier:
  verdi: {{"1": Ja, "0": Nei, "-": Nei}}
"""
HEADER = '"region";"statistikkvariabel";"år";"Frisklivssentral"\n'


@pytest.fixture(scope="module")
def borders() -> Borders:
    return Borders.read(REF_DIR)


def ssb(folder: Path, rows: list[tuple[str, str, str]], verdi: str = "Frisklivssentral") -> Path:
    """An SSB-shaped export (region, year, value) and its import map; returns the map."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'"{r}";"Kommunen har frisklivssentral";"{y}";"{v}"\n' for r, y, v in rows]
    (folder / "ssb.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    kart = folder / "indikator.import.yaml"
    kart.write_text(KART.format(fil="ssb.csv", verdi=verdi), encoding="utf-8")
    return kart


def per_kommune(indicator) -> dict[str, tuple]:
    k = indicator.kommuner.set_index("kommunenummer_2024")
    return {nr: tuple(k.loc[nr, ["indikator", "deler", "deler_ja", "deler_uten_verdi"]])
            for nr in k.index}  # fmt: skip


@pytest.mark.parametrize(
    "year,borders_name",
    [(2012, None), (2013, "2014"), (2016, "2014"), (2017, None), (2019, None), (2020, "2020"),
     (2023, "2020"), (2024, "2024"), (2025, "2024")],
)  # fmt: skip
def test_the_year_says_which_borders_the_numbers_have(year, borders_name):
    assert borders_of_year(year) == borders_name


def test_2014_numbers_are_carried_to_todays_kommuner(tmp_path, borders):
    kart = ssb(
        tmp_path,
        [("1103 Stavanger", "2016", "0"), ("1141 Finnøy", "2016", "1"), ("1142 Rennesøy", "2016", "0"),
         ("1613 Snillfjord", "2016", "1"), ("1617 Hitra", "2016", "0"),
         ("0101 Halden", "2016", "0"), ("0104 Moss", "2016", ".."), ("0136 Rygge", "2016", "0")],
    )  # fmt: skip
    ind = read_indicator(kart, borders)
    got = per_kommune(ind)
    assert (ind.ar, ind.inndeling, ind.variabel) == (2016, "2014", "Kommunen har frisklivssentral")
    assert got["1103"] == ("Ja", 3, 1, 0)  # Stavanger: Finnøy had one
    assert got["5056"] == ("Ja", 2, 1, 0)  # Hitra: the Snillfjord part had one
    assert got["5055"][0] == "Ja" and got["5059"][0] == "Ja"  # Heim, Orkland: Snillfjord too
    assert got["3101"] == ("Nei", 1, 0, 0)  # Halden
    k = ind.kommuner.set_index("kommunenummer_2024")
    assert k.loc["3103", "kilder"] == "0104 Moss (uten verdi); 0136 Rygge (Nei)"
    assert got["3103"] == ("ukjent", 2, 0, 1)  # Moss had "..", Rygge none: not known


def test_every_row_is_used_or_accounted_for(tmp_path, borders):
    kart = ssb(
        tmp_path,
        [("0 Hele landet", "2024", "210"), ("EKA11 Rogaland", "2024", "12"),
         ("030101 Gamle Oslo", "2024", "1"), ("0301 Oslo", "2024", "1"),
         ("1103 Stavanger", "2024", "1"), ("1103 Stavanger", "2024", "0"),
         ("1805 Narvik", "2024", "1"), ("9999 Ingensteds", "2024", "1"),
         ("1806 Bodø", "2024", "1"), ("1804 Bodø", "2024", "ja takk"),
         ("3101 Halden", "2023", "1"), ("3101 Halden", "2024", ":"),
         ("301 Oslo", "2024", "1"), ("4601 Bergen", "tjuefire", "1")],
    )  # fmt: skip
    ind = read_indicator(kart, borders)
    assert (ind.ar, ind.inndeling) == (2024, "2024")
    rows = ind.rader.set_index("rad")
    assert rows["utfall"].to_dict() == {
        2: "ikke kommune", 3: "ikke kommune", 4: "ikke kommune", 5: "brukt", 6: "brukt",
        7: "karantene", 8: "karantene", 9: "karantene", 10: "karantene", 11: "karantene",
        12: "annet år", 13: "mangler verdi", 14: "karantene", 15: "karantene",
    }  # fmt: skip
    assert rows.loc[7, "grunn"] == "kommunen 1103 står allerede i rad 6"
    assert rows.loc[8, "grunn"] == "kommunenummeret 1805 finnes ikke blant kommunene i 2024"
    assert rows.loc[10, "grunn"] == "navnet passer ikke med kommunenummeret 1806 (Narvik i 2024)"
    assert rows.loc[11, "grunn"] == (
        "verdien 'ja takk' er verken Ja eller Nei (oversett den under verdier i kartet)"
    )
    assert rows.loc[12, "grunn"] == "indikatoren leses for 2024"
    assert rows.loc[13, "grunn"] == "SSBs symbol «:»: vises ikke av konfidensialitetshensyn"
    assert rows.loc[14, "grunn"] == "kommunen 0301 står allerede i rad 5"  # 301 is 0301
    assert rows.loc[15, "grunn"] == "'tjuefire' er ikke et årstall"
    assert ind.counts() == {"brukt": 2, "annet år": 1, "ikke kommune": 3, "mangler verdi": 1,
                            "utelatt": 0, "karantene": 7}  # fmt: skip
    assert sum(ind.counts().values()) == 14  # every row of the file


def test_2020_numbers_reach_todays_kommuner_through_their_2014_parts(tmp_path, borders):
    kart = ssb(
        tmp_path,
        [("1507 Ålesund", "2021", "1"), ("5056 Hitra", "2021", "0"), ("5055 Heim", "2021", "1")],
    )
    got = per_kommune(read_indicator(kart, borders))
    # Ålesund of 2020 held Haram, a kommune again in 2024: both get Ålesund's value.
    assert got["1508"] == ("Ja", 1, 1, 0) and got["1580"] == ("Ja", 1, 1, 0)
    # Snillfjord was split in 2020 as in 2024: Hitra of 2020 is Hitra of 2024, not Heim.
    assert got["5056"] == ("Nei", 1, 0, 0) and got["5055"] == ("Ja", 1, 1, 0)


def test_the_year_is_chosen_or_configured(tmp_path, borders):
    kart = ssb(tmp_path, [("0101 Halden", "2013", "1"), ("0101 Halden", "2016", "0")])
    assert read_indicator(kart, borders).ar == 2016
    older = read_indicator(kart, borders, 2013)
    assert older.ar == 2013 and per_kommune(older)["3101"][0] == "Ja"
    with pytest.raises(IndicatorError) as exc:
        read_indicator(kart, borders, 2018)
    assert str(exc.value) == (
        "ssb.csv: kommuneinndelingen for 2018 er ikke i referansedataene (kommunene i 2014 gjelder "
        "2013–2016, kommunene i 2020 gjelder 2020–2023, kommunene i 2024 fra 2024); velg et annet "
        "år, eller eksporter tallene med inndelingen for 2020 eller 2024"
    )


def test_a_map_that_names_no_value_variable_is_refused(tmp_path, borders):
    kart = ssb(tmp_path, [("0101 Halden", "2016", "1")], verdi="Frisklivssentralen")
    with pytest.raises(InputError) as exc:
        read_indicator(kart, borders)
    assert (
        "variabelen 'Frisklivssentralen' finnes ikke i ssb.csv; nærmeste: 'Frisklivssentral'"
        in str(exc.value)
    )
    kart.write_text(kart.read_text().replace("kilde: indikator", "kilde: indikatorer"))
    with pytest.raises(ConfigError):
        read_indicator(kart, borders)


def test_the_bundled_indicator_is_synthetic_and_every_row_is_counted(borders):
    ind = read_indicator(BUNDLED, borders)
    assert all(has_synthetic_marker(p) for p in ind.files)
    assert "SYNTETISKE DATA" in ind.variabel
    assert (ind.ar, ind.inndeling) == (2016, "2014")
    assert ind.counts() == {"brukt": 423, "annet år": 0, "ikke kommune": 2, "mangler verdi": 5,
                            "utelatt": 0, "karantene": 0}  # fmt: skip
    assert ind.kommuner["indikator"].value_counts().to_dict() == {
        "Ja": 189,
        "Nei": 163,
        "ukjent": 5,
    }
