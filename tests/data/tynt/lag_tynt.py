"""Write the thin test data set (tests/data/tynt/raw): a survey whose every claim is the other
way round from the bundled data. Run once: ``python tests/data/tynt/lag_tynt.py``; the CSVs
are committed, and README.md says what they hold.

Every unit answers the questionnaire except twelve Finnmark kommuner, which the call round
reaches (no unit is left out, none is asked twice: no inconsistency). The six services are
in small kommuner (the population share is below the kommune share, Oslo has none); the two
excluded ones fail brukermedvirkning in every phase; no answer conflicts with a service; no
kommune says Ja without a confirmed service or gives an unclear answer; nothing is
project-financed, every service has started and reports at least as many offers as offer
types, all of them LMS types; Snillfjord and Tysfjord (split in 2020) have no service; Lurøy
is covered by a kommunal and an interkommunal service.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The data is invented: every file says so (the run is then synthetic, and the report does not
# present the numbers as NK LMH's), in a column the data contract does not read.
MARKER = "SYNTETISKE DATA (tests/data/tynt/lag_tynt.py)"
REF = HERE.parents[2] / "data" / "reference"

# Hosts and participants: kommunenummer → (answer, interkommunal, samarbeidskommuner, tjeneste)
JA = {
    "1151": ("Nei", "", "Utsira frisklivssentral"),
    "1144": ("Nei", "", "Kvitsøy lærings- og mestringssenter"),
    "1835": ("Ja", "Lurøy; Rødøy", "Mestring på Helgelandskysten"),
    "1834": ("Nei", "", "Lurøy frisklivs- og mestringssentral"),
    "1836": ("Ja", "Træna; Lurøy", "Mestring på Helgelandskysten"),
    "1632": ("Nei", "", "Roan frisklivssentral"),
    "1811": ("Nei", "", "Bindal helse og mestring"),
}
RINGT = (
    "2002",
    "2003",
    "2004",
    "2011",
    "2012",
    "2014",
    "2015",
    "2017",
    "2018",
    "2019",
    "2020",
    "2021",
)
SERVICES = [
    # id, navn, vert, organisering, deltakere, friskliv, mestring i navnet, egen enhet, i gang,
    # antall tilbud, typer, diagnoser, bm (u, p, g, e), brukerorg, rekruttering
    (
        "TY01",
        "Utsira frisklivssentral",
        "1151 Utsira",
        "kommunal",
        "",
        "frisklivssentral gir tilbud",
        "Nei",
        "nei",
        "Ja",
        3,
        "mestringskurs; diagnosekurs",
        "diabetes, kols",
        "Ja",
        "via brukerorganisasjoner",
    ),
    (
        "TY02",
        "Kvitsøy lærings- og mestringssenter",
        "1144 Kvitsøy",
        "kommunal",
        "",
        "nei",
        "Ja",
        "senter/avdeling",
        "Ja",
        2,
        "pårørendekurs",
        "kreft, kols",
        "Ja",
        "via brukerorganisasjoner",
    ),
    (
        "TY03",
        "Mestring på Helgelandskysten",
        "1835 Træna",
        "interkommunal",
        "Træna, Lurøy og Rødøy",
        "nei",
        "Ja",
        "koordinator",
        "Ja",
        4,
        "mestringskurs; pårørendekurs",
        "diabetes, kreft",
        "Nei",
        "utenom organisasjonene",
    ),
    (
        "TY04",
        "Lurøy frisklivs- og mestringssentral",
        "1834 Lurøy",
        "kommunal",
        "",
        "organisert sammen",
        "Ja",
        "nei",
        "Ja",
        2,
        "kurs på tvers av diagnoser",
        "på tvers av diagnoser",
        "Ja",
        "via brukerorganisasjoner",
    ),
    (
        "TY05",
        "Roan frisklivssentral",
        "1632 Roan",
        "kommunal",
        "",
        "frisklivssentral gir tilbud",
        "Nei",
        "nei",
        "Ja",
        2,
        "mestringskurs",
        "kols",
        "Nei",
        "vet ikke",
    ),
    (
        "TY06",
        "Bindal helse og mestring",
        "1811 Bindal",
        "kommunal",
        "",
        "nei",
        "Ja",
        "senter/avdeling",
        "Ja",
        1,
        "diagnosekurs",
        "diabetes",
        "Nei",
        "vet ikke",
    ),
]
EXCLUDED = {"TY05", "TY06"}


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _marked(rows: list[list]) -> list[list]:
    """The header with a column ``Datakilde`` and every row with the marker in it."""
    return [[*rows[0], "Datakilde"], *([*r, MARKER] for r in rows[1:])]


def main() -> None:
    raw = HERE / "raw"
    raw.mkdir(exist_ok=True)
    kommuner = _rows(REF / "kommuner_2014.csv")
    bydeler = _rows(REF / "oslo_bydeler_2014.csv")
    head = ["svar_id", "innsendt", "enhet", "har_tjeneste", "interkommunal", "samarbeidskommuner",
            "tjeneste_navn", "kontaktperson", "kontakt_telefon", "kontakt_epost", "kommentar"]  # fmt: skip
    rows = []
    units = [(k["kommunenummer"], f"{k['kommunenummer']} {k['kommunenavn']}") for k in kommuner
             if k["kommunenummer"] != "0301" and k["kommunenummer"] not in RINGT]  # fmt: skip
    units += [(b["bydelsnummer"], f"Bydel {b['bydelsnavn']}") for b in bydeler]
    for i, (nr, enhet) in enumerate(units, start=1):
        day = 3 + i % 20
        if nr in JA:
            interkommunal, med, navn = JA[nr]
            answer = ["Ja", interkommunal, med, navn]
        else:
            answer = ["Nei", "", "", ""]
        rows.append([f"TS{i:03d}", f"2014-11-{day:02d}T10:00:00", enhet, *answer, "", "", "", ""])
    with open(raw / "radmann_skjema.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(_marked([head, *rows]))
    names = {k["kommunenummer"]: k["kommunenavn"] for k in kommuner}
    calls = [
        ["enhet", "dato", "forsok", "kontaktpunkt", "utfall", "kontaktperson", "telefon", "notat"]
    ]
    calls += [[f"{nr} {names[nr]}", "2014-12-08", "1", "helseleder", "har ikke tjeneste", "", "", ""]
              for nr in RINGT]  # fmt: skip
    with open(raw / "ringerunde_logg.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(_marked(calls))
    head = ["tjeneste_id", "tjeneste_navn", "vertskommune", "organisering", "deltakerkommuner",
            "friskliv", "navn_med_mestring", "egen_enhet", "prosjektfinansiert", "i_gang",
            "antall_tilbud", "tilbudstyper", "diagnoser", "bm_utvikling", "bm_planlegging",
            "bm_gjennomforing", "bm_evaluering", "brukerorg_etablering", "rekruttering",
            "mange_ars_erfaring", "intervjuer", "intervjudato", "leder_navn", "leder_telefon"]  # fmt: skip
    rows = []
    for i, (
        sid,
        navn,
        vert,
        org,
        delt,
        fr,
        mestr,
        egen,
        gang,
        n,
        typer,
        diag,
        org_ja,
        rekr,
    ) in enumerate(SERVICES):
        bm = ["Nei"] * 4 if sid in EXCLUDED else ["Ja"] * 4
        rows.append([sid, navn, vert, org, delt, fr, mestr, egen, "Nei", gang, n, typer, diag, *bm,
                     org_ja, rekr, "Nei", "Intervjuer Tre", f"2015-01-{12 + i:02d}", "", ""])  # fmt: skip
    with open(raw / "telefonintervju.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(_marked([head, *rows]))


if __name__ == "__main__":
    main()
