"""The comparison's workbook (``sammenligning.xlsx``): one sheet per numbered table of the
comparison report, built from the same rows as the report's tables (its context), written
by :func:`.workbook.write_workbook`."""

from __future__ import annotations

from collections.abc import Callable

from .excel_workbook import SHEETS as MAIN_SHEETS

TITTEL = "Lærings- og mestringstjenester i kommunene – to bølger sammenlignet, tabeller"


def _share(n: int, of: int | None) -> float | None:
    return None if not of else round(n / of, 6)


def _tall(c: dict) -> tuple[list, list]:
    rows = [
        [r["tekst"], r["id"], r["a"], r["nevner_a"], r["b"], r["nevner_b"], r["endring"]]
        for r in c["tall"]
    ]
    a, b = c["a"]["Tekst"], c["b"]["Tekst"]
    return ["Tall", "Id i bolge_tall.csv", a, "Av (A)", b, "Av (B)", "Endring"], rows


def _endringer(c: dict) -> tuple[list, list]:
    n = c["antall_kommuner"]
    rows = [
        [e["tekst"], e["forklaring"], e["antall"], _share(e["antall"], n)] for e in c["endringer"]
    ]
    rows.append(["Sum", None, n, 1.0])
    return ["Endring", "Fra → til", "Kommuner", "Andel"], rows


def _statuser(c: dict) -> tuple[list, list]:
    heads = [f"{c['a']['Tekst']} \\ {c['b']['Tekst']}"]
    heads += [c["status_tekst"][s] for s in c["statuser"]] + ["Sum"]
    rows = [
        [r["status"], *(r["celler"][s] for s in c["statuser"]), r["sum"]] for r in c["status_kryss"]
    ]
    return heads, rows


def _fylker_status(c: dict) -> tuple[list, list]:
    keys = [f"{w}_{c['kolonne'][s]}" for w in ("a", "b") for s in c["statuser"]]
    rows = [
        [f["navn"], f["kommuner"], *(f[k] for k in keys)] for f in [*c["fylker"], c["hele_landet"]]
    ]
    heads = ["Fylke (2024)", "Kommuner"]
    heads += [f"{w}: {c['status_tekst'][s].lower()}" for w in ("A", "B") for s in c["statuser"]]
    return heads, rows


def _fylker_endring(c: dict) -> tuple[list, list]:
    codes = [e["kode"] for e in c["endringer"]]
    rows = [
        [f["navn"], f["kommuner"], *(f[c["kolonne"][e]] for e in codes)]
        for f in [*c["fylker"], c["hele_landet"]]
    ]
    return ["Fylke (2024)", "Kommuner", *(e["tekst"] for e in c["endringer"])], rows


def _kommuner(c: dict) -> tuple[list, list]:
    rows = [
        [k["nr"], k["navn"], k["fylke"], k["status_a"], k["status_b"], k["endring"], k["merknad"]]
        for k in c["kommuner"]
    ]
    heads = ["Nr.", "Kommune (2024)", "Fylke", f"Status {c['a']['tekst']}"]
    return heads + [f"Status {c['b']['tekst']}", "Endring", "Merknad"], rows


def _tjenester(c: dict) -> tuple[list, list]:
    rows = [
        [t["utfall_tekst"], t["kommunenavn_2024"], t["tjeneste_id_a"], t["tjeneste_navn_a"],
         t["tjeneste_id_b"], t["tjeneste_navn_b"], t["likhet"], t["samme_vertskommune"],
         t["kommuneoverlapp"], t["regel_tekst"], t["naermeste_tjeneste"], t["naermeste_likhet"]]
        for t in c["tjenester"]
    ]  # fmt: skip
    heads = ["Utfall", "Kommune (2024)", "Id A", "Tjeneste A", "Id B", "Tjeneste B", "Likhet",
             "Samme vertskommune", "Kommuneoverlapp", "Regel"]  # fmt: skip
    return heads + ["Nærmeste i den andre bølgen", "Likhet med nærmeste"], rows


def _tjenestepar(c: dict) -> tuple[list, list]:
    rows = [
        [t["tjeneste_id_a"], t["tjeneste_navn_a"], t["inkludert_a"], t["tjeneste_id_b"],
         t["tjeneste_navn_b"], t["inkludert_b"], t["felles_kommuner"], t["samme_vertskommune"],
         t["likhet"], t["kommuneoverlapp"], t["andel_a_i_b"], t["andel_b_i_a"],
         t["beslutning_tekst"], t["regel_tekst"], t["grunn"]]
        for t in c["tjenestepar"]
    ]  # fmt: skip
    heads = ["Id A", "Tjeneste A", "Inkludert A", "Id B", "Tjeneste B", "Inkludert B",
             "Felles kommuner", "Samme vertskommune", "Likhet", "Kommuneoverlapp",
             "Andel av A i B", "Andel av B i A", "Beslutning", "Regel", "Grunn"]  # fmt: skip
    return heads, rows


def _indikator_kryss(c: dict) -> tuple[list, list]:
    rows = [
        [f"Bølge {r['bolge']}", c["status_tekst"][r["status"]], r["ja"], r["nei"], r["ukjent"],
         r["kommuner"]]
        for r in c["indikator"]["kryss"]
    ]  # fmt: skip
    return ["Bølge", "Status", "Frisklivssentral", "Ikke", "Ukjent", "Kommuner"], rows


def _indikator_rader(c: dict) -> tuple[list, list]:
    rows = [
        [int(r["rad"]), r["region"], r["ar"], r["verdi"], r["utfall"], r["grunn"]]
        for r in c["indikator"]["ikke_brukt"]
    ]
    return ["Rad", "Region", "År", "Verdi", "Utfall", "Grunn"], rows


SHEETS: dict[str, Callable[[dict], tuple[list, list]]] = {
    "bolge_tall": _tall,
    "bolge_endringer": _endringer,
    "bolge_statuser": _statuser,
    "bolge_fylker_status": _fylker_status,
    "bolge_fylker_endring": _fylker_endring,
    "bolge_kommuner": _kommuner,
    "bolge_tjenester": _tjenester,
    "bolge_tjenestepar": _tjenestepar,
    "indikator_kryss": _indikator_kryss,
    "indikator_rader": _indikator_rader,
    # The provenance tables, as the main report's workbook writes them.
    "inndata": MAIN_SHEETS["inndata"],
    "konfigurasjon": MAIN_SHEETS["konfigurasjon"],
}
