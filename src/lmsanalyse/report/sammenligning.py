"""The comparison report: two waves side by side on today's map, as one self-contained HTML
file, a tagged PDF (PDF/UA-1) from the same HTML, a workbook and the figure files.

Every number comes from the comparison's CSVs (``bolge_*.csv``, ``indikator_*.csv``) and its
``provenance.json`` (the waves' registers, definitions and synthetic markers); the sentences
whose truth depends on them are written by :mod:`.bolge_pastand`. The frame, styles,
provenance tables, numbering, synthetic marking and rendering are the main report's.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .. import ordliste
from ..compare.indicator import UTFALL as INDIKATOR_UTFALL
from ..compare.indicator import VERDIER
from ..compare.services import UTFALL
from ..compare.wave_changes import ENDRINGER, KOLONNE, STATUSER
from ..rules import STATUS_I_DAG
from . import bolge_pastand as pastand
from . import innhold
from .context import common_context, definition_summary
from .data import ReportDataError, as_int, read_csv, read_provenance
from .endringskart import TodaysMap, change_map, indicator_map
from .environment import make_environment
from .render import render_html, write_figure_files, write_outputs
from .svg import synthetic_mark

log = logging.getLogger(__name__)

TEMPLATE = "sammenligning.html.j2"
TALL_TEKST = {
    "kommuner_med_tilbud": "Kommuner med tjeneste (hver bølge med sine kommuner)",
    "kommuner_uten_tilbud": "Kommuner uten tjeneste (hver bølge med sine kommuner)",
    "kommuner_2024_dekket": "Kommuner i 2024 som er dekket",
    "kommuner_2024_delvis_dekket": "Kommuner i 2024 som er delvis dekket",
    "kommuner_2024_ikke_dekket": "Kommuner i 2024 som ikke er dekket",
    "tjenester": "Tjenester som oppfyller definisjonen",
    "tjenester_kommunale": "– kommunale",
    "tjenester_interkommunale": "– interkommunale",
}


def _int(text: str, kilde: str) -> int | None:
    return as_int(text, kilde) if str(text).strip() else None


def _share(verdi: int, nevner: int | None) -> float | None:
    return None if not nevner else 100.0 * verdi / nevner


def tall_rows(table) -> list[dict]:
    """``bolge_tall.csv`` with words and shares; the change only where both denominators are
    the same (``kommuner_med_tilbud`` counts 428 kommuner in a 2014 wave, 357 in a 2024 one)."""
    rows = []
    for r in table.itertuples(index=False):
        va, vb = as_int(r.verdi_a, "bolge_tall.csv"), as_int(r.verdi_b, "bolge_tall.csv")
        na, nb = _int(r.nevner_a, "bolge_tall.csv"), _int(r.nevner_b, "bolge_tall.csv")
        rows.append(
            {
                "id": r.figur,
                "tekst": TALL_TEKST.get(r.figur, r.figur),
                "a": va, "nevner_a": na, "andel_a": _share(va, na),
                "b": vb, "nevner_b": nb, "andel_b": _share(vb, nb),
                "endring": vb - va if na == nb else None,
            }
        )  # fmt: skip
    return rows


def kommune_rows(table) -> list[dict]:
    rows = []
    for r in table.itertuples(index=False):
        if r.endring not in ENDRINGER or {r.status_a, r.status_b} - set(STATUSER):
            raise ReportDataError(
                f"bolge_sammenligning.csv: ukjent status eller endring for {r[0]}"
            )
        rows.append(
            {
                "nr": r.kommunenummer_2024,
                "navn": r.kommunenavn_2024,
                "fylke": r.fylkesnavn_2024,
                "status_a": STATUS_I_DAG[r.status_a],
                "status_b": STATUS_I_DAG[r.status_b],
                "endring_kode": r.endring,
                "endring": ordliste.ENDRING[r.endring],
                "merknad": r.merknad,
            }
        )
    return rows


def fylke_rows(table) -> tuple[list[dict], dict]:
    """``bolge_fylker.csv`` rows, and the whole country (their sums)."""
    counts = [c for c in table.columns if c not in ("fylkesnummer_2024", "fylkesnavn_2024")]
    rows = [
        {"nr": r["fylkesnummer_2024"], "navn": r["fylkesnavn_2024"]}
        | {c: as_int(r[c], "bolge_fylker.csv") for c in counts}
        for r in table.to_dict("records")
    ]
    total = {"nr": "", "navn": "Hele landet"} | {c: sum(r[c] for r in rows) for c in counts}
    return rows, total


def tjeneste_rows(table) -> list[dict]:
    return [
        r | {"utfall_tekst": ordliste.TJENESTE_UTFALL[r["utfall"]],
             "regel_tekst": ordliste.TJENESTE_REGEL[r["regel"]],
             "likhet": _int(r["likhet"], "bolge_tjenester.csv"),
             "kommuneoverlapp": _int(r["kommuneoverlapp"], "bolge_tjenester.csv"),
             "naermeste_likhet": _int(r["naermeste_likhet"], "bolge_tjenester.csv")}
        for r in table.to_dict("records")
    ]  # fmt: skip


def tjenestepar_rows(table) -> list[dict]:
    """``bolge_tjenestepar.csv``: every candidate pair and its evidence."""
    numbers = ("felles_kommuner", "likhet", "kommuneoverlapp", "andel_a_i_b", "andel_b_i_a")
    return [
        r | {c: as_int(r[c], "bolge_tjenestepar.csv") for c in numbers}
        | {"beslutning_tekst": ordliste.TJENESTE_UTFALL.get(r["beslutning"], "Ikke koblet"),
           "regel_tekst": ordliste.TJENESTE_REGEL[r["regel"]]}
        for r in table.to_dict("records")
    ]  # fmt: skip


def _check_services(rows: list[dict], tall: dict[str, dict]) -> dict[str, int]:
    """Counts per outcome; the services of each wave in the table must be its ``tjenester``."""
    in_a = {r["tjeneste_id_a"] for r in rows if r["tjeneste_id_a"]}
    in_b = {r["tjeneste_id_b"] for r in rows if r["tjeneste_id_b"]}
    for wave, found in (("a", in_a), ("b", in_b)):
        if len(found) != tall["tjenester"][wave]:
            raise ReportDataError(
                f"bolge_tjenester.csv har {len(found)} tjenester fra bølge {wave.upper()}, men "
                f"bolge_tall.csv har tjenester = {tall['tjenester'][wave]}"
            )
    counts = {u: sum(1 for r in rows if r["utfall"] == u) for u in UTFALL}
    # A service of A split into several has a row for each part.
    return counts | {
        "delt_fra": len({r["tjeneste_id_a"] for r in rows if r["utfall"] == "delt"}),
        "sammen_til": len({r["tjeneste_id_b"] for r in rows if r["utfall"] == "slått sammen"}),
    }


def wave_info(record: dict, navn: str) -> dict:
    label = f"bølge {navn}" + (f" ({record['etikett']})" if record["etikett"] else "")
    return record | {"navn": navn, "tekst": label, "Tekst": label[:1].upper() + label[1:]}


def status_cross(kommuner: list[dict]) -> list[dict]:
    """Status in A (rows) against status in B (columns), with totals."""
    rows = []
    for sa in STATUSER:
        mine = [k for k in kommuner if k["status_a"] == STATUS_I_DAG[sa]]
        cells = {sb: sum(1 for k in mine if k["status_b"] == STATUS_I_DAG[sb]) for sb in STATUSER}
        rows.append({"status": STATUS_I_DAG[sa], "celler": cells, "sum": len(mine)})
    sums = {sb: sum(r["celler"][sb] for r in rows) for sb in STATUSER}
    rows.append({"status": "Sum", "celler": sums, "sum": len(kommuner)})
    return rows


def indicator_context(files: dict, kommuner: list[dict], kart: TodaysMap, record: dict, la, lb):
    """The indicator's tables, sentences and map (None when the comparison has none)."""
    if "indikator_kommuner" not in files or record.get("indikator") is None:
        return None, None
    meta = record["indikator"]
    per_kommune = read_csv(files["indikator_kommuner"]).to_dict("records")
    cross = [
        r | {k: as_int(r[k], "indikator_krysstabell.csv") for k in ("ja", "nei", "ukjent", "kommuner")}
        for r in read_csv(files["indikator_krysstabell"]).to_dict("records")
    ]  # fmt: skip
    rader = read_csv(files["indikator_rader"]).to_dict("records")
    counts = {v: sum(1 for k in per_kommune if k["indikator"] == v) for v in VERDIER}
    row_counts = {u: sum(1 for r in rader if r["utfall"] == u) for u in INDIKATOR_UTFALL}
    by_nr = {k["kommunenummer_2024"]: k["indikator"] for k in per_kommune}
    labels = {v: ordliste.INDIKATOR[v] for v in VERDIER}
    what = f"Frisklivssentral etter indikatoren «{meta['variabel']}», {meta['ar']}."
    chart, notes = indicator_map(
        [{"nr": k["nr"], "navn": k["navn"], "indikator": by_nr[k["nr"]]} for k in kommuner],
        kart,
        labels,
        what,
    )
    inndeling = {"2014": "kommunene i 2014", "2020": "kommunene i 2020", "2024": "kommunene i 2024"}
    return {
        **meta,
        "inndeling_tekst": inndeling[meta["inndeling"]],
        "fordeling": pastand.indikator_fordeling(
            counts, len(per_kommune), meta["variabel"], meta["ar"]
        ),
        "mot_a": pastand.indikator_mot_dekning(cross, "A", la),
        "mot_b": pastand.indikator_mot_dekning(cross, "B", lb),
        "rader_tekst": pastand.rader(row_counts, meta["fil"]),
        "kryss": cross,
        "ikke_brukt": [r for r in rader if r["utfall"] != "brukt"],
        "noter": notes,
        "antall": counts,
    }, chart


def build_comparison_context(files: dict[str, Path], kart: TodaysMap):
    """Everything the template needs, from the comparison's files.

    Args:
        files: ``kommuner``, ``tall``, ``fylker``, ``tjenester``, ``provenance`` and, with an
            indicator, ``indikator_kommuner``, ``indikator_krysstabell``, ``indikator_rader``.
        kart: today's map (the 2017 polygons and the 2014 → 2024 change list they are
            merged by; no maps without them).
    """
    env = make_environment()
    record = read_provenance(files["provenance"])
    a, b = wave_info(record["bolger"]["A"], "A"), wave_info(record["bolger"]["B"], "B")
    common = common_context(env, record, definition_summary(b["definisjon"]))
    synthetic = common["rapport"]["syntetisk"]
    kommuner = kommune_rows(read_csv(files["kommuner"]))
    tall = tall_rows(read_csv(files["tall"]))
    by_id = {r["id"]: r for r in tall}
    fylker, hele = fylke_rows(read_csv(files["fylker"]))
    tjenester = tjeneste_rows(read_csv(files["tjenester"]))
    tjenestepar = tjenestepar_rows(read_csv(files["tjenestepar"]))
    utfall = _check_services(tjenester, by_id)
    endringer = {e: sum(1 for k in kommuner if k["endring_kode"] == e) for e in ENDRINGER}
    total = len(kommuner)
    definisjon_tekst, forskjeller = pastand.definisjoner(a["definisjon"], b["definisjon"])
    labels = {e: ordliste.ENDRING[e] for e in ENDRINGER}
    status_word = {v: k for k, v in STATUS_I_DAG.items()}
    shapes = [
        {"nr": k["nr"], "navn": k["navn"], "endring": k["endring_kode"],
         "status_a": status_word[k["status_a"]], "status_b": status_word[k["status_b"]]}
        for k in kommuner
    ]  # fmt: skip
    with synthetic_mark(common["rapport"]["banner"]):
        kart_endring, noter = change_map(shapes, kart, labels, a["tekst"], b["tekst"])
        indikator, kart_indikator = indicator_context(
            files, kommuner, kart, record, a["tekst"], b["tekst"]
        )
    charts = {c.id: c for c in (kart_endring, kart_indikator) if c is not None}
    tables = {t[0] for t in innhold.SAMMENLIGNING_TABELLER}
    if indikator is None:
        tables -= {"indikator_kryss", "indikator_rader"}
    elif not indikator["ikke_brukt"]:
        tables -= {"indikator_rader"}
    if not tjenester:
        tables -= {"bolge_tjenester"}
    if not tjenestepar:
        tables -= {"bolge_tjenestepar"}
    kilde = (
        f"Kartleggingen av kommunale lærings- og mestringstjenester, {a['tekst']} og "
        f"{b['tekst']}, sammenlignet med lmsanalyse"
    )
    fylke_dekket = [{"navn": f["navn"], "ny": f["ny"], "borte": f["borte"]} for f in fylker]
    return {
        **common,
        "a": a,
        "b": b,
        "tall": tall,
        "endringer": [
            {
                "kode": e,
                "tekst": labels[e],
                "forklaring": ordliste.ENDRING_FORKLARING[e],
                "antall": n,
                "andel": _share(n, total),
            }
            for e, n in endringer.items()
        ],  # fmt: skip
        "statuser": STATUSER,
        "status_tekst": STATUS_I_DAG,
        "regel_tekst": ordliste.TJENESTE_REGEL,
        "status_kryss": status_cross(kommuner),
        "kolonne": KOLONNE,
        "fylker": fylker,
        "hele_landet": hele,
        "kommuner": kommuner,
        "endrede": [k for k in kommuner if k["endring_kode"] != "uendret"],
        "antall_kommuner": total,
        "tjenester": tjenester,
        "tjenestepar": tjenestepar,
        "utfall": utfall,
        "kart_noter": noter,
        "indikator": indikator,
        "pastand": {
            "dekning": pastand.dekning(
                by_id["kommuner_2024_dekket"]["a"],
                by_id["kommuner_2024_dekket"]["b"],
                total,
                a["tekst"],
                b["tekst"],
            ),
            "fikk_og_mistet": pastand.fikk_og_mistet(endringer["ny"], endringer["borte"]),
            "delvis": pastand.delvis(endringer["økt"], endringer["redusert"]),
            "uendret": pastand.uendret(endringer["uendret"], total),
            "flest_ny": pastand.flest(fylke_dekket, "ny", "fikk en tjeneste"),
            "flest_borte": pastand.flest(fylke_dekket, "borte", "mistet en tjeneste"),
            "tjenester": pastand.tjenester(
                utfall, by_id["tjenester"]["a"], by_id["tjenester"]["b"], a["tekst"], b["tekst"]
            ),
            "definisjon": definisjon_tekst,
            "register": pastand.registre(a["register"], b["register"]),
            "syntetisk": pastand.syntetisk(record.get("syntetisk_fordi") or []),
        },  # fmt: skip
        "forskjeller": forskjeller,
        "svg": charts,
        "fig": innhold.numbered(
            innhold.SAMMENLIGNING_FIGURER, "Figur", synthetic, set(charts), kilde=kilde
        ),
        "tab": innhold.numbered(
            innhold.SAMMENLIGNING_TABELLER, "Tabell", synthetic, tables, kilde=kilde
        ),
    }


def render_comparison(files: dict[str, Path], kart: TodaysMap, layout):
    """Write ``sammenligning.html`` and ``.pdf`` (the PDF lists only the kommuner that
    changed), ``sammenligning.xlsx`` and ``figurer/`` into the comparison's layout."""
    from .excel_workbook import write_workbook
    from .sammenligning_ark import SHEETS, TITTEL

    context = build_comparison_context(files, kart)
    stamp = context["kjoretidspunkt"]
    html = render_html(context | {"utgave": "html"}, TEMPLATE)
    pdf_html = render_html(context | {"utgave": "pdf"}, TEMPLATE)
    write_outputs(html, layout.html, layout.pdf, stamp, pdf_html)
    write_workbook(context, layout.xlsx, stamp, SHEETS, TITTEL)
    write_figure_files(context, layout.figure_dir)
    log.info("skrev %s, %s og %s", layout.xlsx, layout.figure_dir, layout.html)
