"""The take-away workbook ``reports/lms_kartlegging.xlsx``: one sheet per numbered table of
the main report, with real numbers (counts as integers, shares as fractions formatted as
per cent), Norwegian headers, and the table's title and source on the sheet.

The sheets are built from the same rows as the report's tables (the template's context), so
a sheet and its table always hold the same numbers. The file is byte-reproducible: the
document dates are the run time and every zip entry has the same timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..expressions import decimals, published_percent

HEADER_ROW = 5
INT = "#,##0"
PCT = "0.0%"
PCT_HEL = "0%"
# A table with more rows than this gets a filter on its header row.
FILTER_FRA = 20


@dataclass(frozen=True)
class Celle:
    """A value with a number format of its own (a published share keeps its precision)."""

    verdi: float | int | None
    format: str


# Shares are stored to six decimals (0,0001 %): far finer than any table shows, and no long
# digit run that could pass for a phone number in the personal-data guard.
SHARE_DECIMALS = 6


def _share(verdi: int | float | None, nevner: int | float | None) -> float | None:
    return None if not nevner or verdi is None else round(verdi / nevner, SHARE_DECIMALS)


def _fig(f) -> tuple:
    return (f.verdi, f.nevner, _share(f.verdi, f.nevner))


def _flyt(c: dict) -> tuple[list, list]:
    rows = [[r["steg"], r["tekst"], r["antall"], r["nevner"]] for r in c["flyt_rader"]]
    return ["Steg", "Hva", "Antall", "Av"], rows


def _regler(c: dict) -> tuple[list, list]:
    rows = [
        [r["kort"], r["tekst"], r["ekskludert"].verdi, r["kun"].verdi if r["kun"] else None]
        for r in c["regler"]
    ]
    rows += [[r["tekst"], None, r["figur"].verdi, None] for r in c["regel_sum"]]
    return ["Regel", "Krav", "Feilet regelen", "Feilet bare denne"], rows


def _status(c: dict) -> tuple[list, list]:
    rows = [
        [s["tekst"], s["figur"].verdi, _share(s["figur"].verdi, s["figur"].nevner)]
        for s in c["status_rader"]
    ]
    rows.append(
        [f"Kommuner i {c['bolge'].register}", c["figur"]("kommuner_med_tilbud").nevner, None]
    )
    return ["Status", "Kommuner", "Andel"], rows


def _fylker(c: dict) -> tuple[list, list]:
    # A register without population has no population columns (the report says why).
    folk = c["bolge"].folkemengde
    rows = [
        [f["navn"], *_fig(f["kommuner"]), *(_fig(f["befolkning"]) if folk else ())]
        for f in c["fylker"]
    ]
    total = [*_fig(c["figur"]("kommuner_med_tilbud"))]
    total += _fig(c["figur"]("befolkning_dekket")) if folk else ()
    rows.append(["Hele landet", *total])
    heads = ["Fylke", "Kommuner med tjeneste", "Kommuner", "Andel av kommunene"]
    return heads + (
        ["Innbyggere dekket", "Innbyggere", "Andel av befolkningen"] if folk else []
    ), rows


def _fylker_2024(c: dict) -> tuple[list, list]:
    rows = [
        [f["navn"], f["kommuner"], f["dekket"], f["delvis"], f["ikke"]] for f in c["fylker_2024"]
    ]
    n = {s: c["figur"](f"kommuner_2024_{s}") for s in ("dekket", "delvis_dekket", "ikke_dekket")}
    rows.append(["Hele landet", n["dekket"].nevner, *(f.verdi for f in n.values())])
    return ["Fylke (2024)", "Kommuner", "Dekket", "Delvis dekket", "Ikke dekket"], rows


def _kommuner_2024(c: dict) -> tuple[list, list]:
    rows = [
        [
            k["nr"],
            k["navn"],
            k["fylke"],
            k["status"],
            k["dekkede"],
            k["deler"],
            "; ".join(
                f"{d['nr']} {d['navn']}" + (" (dekket)" if d["dekket"] else "")
                for d in k["kommuner_2014"]
            ),
            k["merknad"],
        ]
        for k in c["kommuner_2024"]
    ]
    heads = ["Nr.", "Kommune (2024)", "Fylke", "Status", "Dekkede deler", "Deler"]
    return heads + ["Kommuner i 2014", "Merknad"], rows


def _kategorier(c: dict) -> tuple[list, list]:
    rows = []
    for k in c["kategorier"]:
        total = k["figur"].verdi if k["figur"] else k["kommunal"] + k["interkommunal"]
        share = _share(k["figur"].verdi, k["figur"].nevner) if k["figur"] else None
        rows.append([k["tekst"], total, share, k["kommunal"], k["interkommunal"]])
        if k["kategori"] == "friskliv":
            for figur, tekst in (
                ("tjenester_friskliv_mestring_i_navnet", "– navnet sier noe om mestring"),
                ("tjenester_friskliv_navn", "– benevnt frisklivssentral"),
            ):
                f = c["figur"](figur)
                rows.append([tekst, f.verdi, _share(f.verdi, f.nevner), None, None])
    alle = [
        c["figur"](f).verdi
        for f in ("tjenester", "tjenester_kommunale", "tjenester_interkommunale")
    ]
    rows.append(["Alle inkluderte tjenester", alle[0], None, alle[1], alle[2]])
    return ["Organisering", "Tjenester", "Andel", "Kommunale", "Interkommunale"], rows


def _tilbud_fordeling(c: dict) -> tuple[list, list]:
    rows = [[t["tilbud"], t["tjenester"], _share(t["andel"], 100)] for t in c["tilbud_fordeling"]]
    rows.append(["Alle inkluderte tjenester", c["figur"]("tjenester").verdi, None])
    return ["Antall tilbud siste år", "Tjenester", "Andel"], rows


def _counts(figures, head: str) -> tuple[list, list]:
    return [head, "Tjenester", "Tjenester i gang", "Andel"], [
        [f.etikett, *_fig(f)] for f in figures
    ]


def _answers(c: dict, head: str, items: tuple[tuple[str, str], ...]) -> tuple[list, list]:
    return [head, "Tjenester", "Av", "Andel"], [[t, *_fig(c["figur"](f))] for t, f in items]


def _published_share(r: dict) -> Celle | None:
    """The published share as a fraction, formatted with the precision it was printed with."""
    if r["publisert_andel_tall"] is None:
        return None
    printed = published_percent(r["publisert_tekst"])
    places = decimals(printed if printed is not None else r["publisert_andel_tall"] * 100)
    return Celle(_share(r["publisert_andel_tall"], 1), PCT if places else PCT_HEL)


def _explanation(r: dict) -> str | None:
    """An avvik's explanation, and what separates the concepts when they differ."""
    parts = [r["kommentar"] if r["status"] == "avvik" else ""]
    parts.append(f"Ulikt begrep: {r['begrep']}." if r.get("begrep") else "")
    return " ".join(p for p in parts if p) or None


def _avstemming(c: dict) -> tuple[list, list]:
    rows = [
        [
            r["beskrivelse"],
            r["figur"],
            r["publisert_tekst"],
            r["publisert_tall"],
            r["beregnet_tall"],
            _published_share(r),
            _share(r["beregnet_andel_tall"], 1),
            r["status_tekst"],
            _explanation(r),
            f"{r['alternativ']['tekst']}: {r['alternativ']['tall']}"
            if r.get("alternativ")
            else None,
        ]
        for r in c["avstemming"]
    ]
    heads = ["Tall", "Id i reconciliation.csv", "Publisert tekst", "Publisert", "Beregnet"]
    heads += ["Publisert andel"]
    return heads + ["Beregnet andel", "Status", "Forklaring", "Annen lesning"], rows


def _kommuner(c: dict) -> tuple[list, list]:
    rows = [
        [
            k["nr"],
            k["navn"],
            k["fylke"],
            k["dekket"],
            k["status"],
            k["kilde"],
            k["arsak"],
            k["konflikt"],
            k["manuell"],
        ]
        for k in c["kommuner"]
    ]
    return [
        "Nr.",
        "Kommune",
        "Fylke",
        "Dekket",
        "Status",
        "Kilde",
        "Årsak",
        "Merk",
        "Manuell beslutning",
    ], rows


def _tjenester(c: dict) -> tuple[list, list]:
    rows = [
        [
            t["id"],
            t["navn"],
            t["vertskommune"],
            t["organisering"],
            t["deltakere"],
            t["kategori"],
            t["inkludert"],
            ", ".join(t["regler"]),
            t["arsak"],
            t["manuell"],
        ]
        for t in c["tjenester"]
    ]
    heads = ["Id", "Tjeneste", "Vertskommune", "Organisering", "Kommuner", "Kategori", "Inkludert"]
    return heads + ["Feilede regler", "Årsak", "Manuell beslutning"], rows


def _radregnskap(c: dict) -> tuple[list, list]:
    rows = [
        [
            r["fil"],
            r["format"],
            r["inn"],
            r["brukt"],
            r["slatt_sammen"],
            r["karantene"],
            r["tomme"],
            "ja" if r["stemmer"] else "nei",
        ]
        for r in c["radregnskap"]
    ]
    return ["Fil", "Format", "Inn", "Brukt", "Slått sammen", "Karantene", "Tomme", "Stemmer"], rows


def _karantene(c: dict) -> tuple[list, list]:
    rows = [
        [
            q["fil"],
            int(q["rad"]) if str(q["rad"]).isdigit() else q["rad"],
            q["kolonne"],
            q["niva"],
            _gjelder(q),
            q["arsak"],
        ]
        for q in c["karantene"]
    ]
    return ["Fil", "Rad", "Kolonne", "Nivå", "Gjelder", "Årsak"], rows


def _navnetolkning(c: dict) -> tuple[list, list]:
    rows = [
        [n["fil"], n["rad"], n["kolonne"], n["skrevet"], n["tolket"], n["likhet"]]
        for n in c["navnetolkning"]
    ]
    return ["Fil", "Rad", "Kolonne", "Skrevet", "Tolket som", "Likhet"], rows


def _gjelder(q: dict) -> str:
    """The service and unit a quarantine entry is about, as far as they could be read."""
    return " / ".join(str(v) for v in (q.get("tjeneste_id"), q.get("enhet_id")) if v)


def _advarsler(c: dict) -> tuple[list, list]:
    rows = [
        [
            a["fil"],
            a["kolonne"],
            int(a["tomme"]),
            int(a["rader"]),
            float(a["andel"]),
            float(a["grense"]),
            a["gjelder"],
        ]
        for a in c["advarsler"]
    ]
    return [
        "Fil",
        "Kolonne",
        "Tomme",
        "Rader",
        "Andel tomme",
        "Andel tillatt",
        "Gjelder rader der",
    ], rows


def _konsistens(c: dict) -> tuple[list, list]:
    rows = [[k["objekt"], k["fil"], k["rader"], k["melding"]] for k in c["konsistens"]]
    return ["Gjelder", "Fil", "Rader", "Motsigelse"], rows


def _aapor_utfall(c: dict) -> tuple[list, list]:
    rows = [[r["kode"], r["tekst"], r["klasse"], *_fig(r["figur"])] for r in c["aapor_utfall"]]
    return ["Kode", "Utfall", "Klasse", "Enheter", "Av", "Andel"], rows


def _aapor_rater(c: dict) -> tuple[list, list]:
    rows = [[r["maal"], r["formel"], *_fig(r["figur"])] for r in c["aapor_rater"]]
    return ["Mål", "Formel", "Teller", "Nevner", "Andel"], rows


SHEETS: dict[str, Callable[[dict], tuple[list, list]]] = {
    "flyt": _flyt,
    "aapor_utfall": _aapor_utfall,
    "aapor_rater": _aapor_rater,
    "regler": _regler,
    "status": _status,
    "fylker": _fylker,
    "fylker_2024": _fylker_2024,
    "kommuner_2024": _kommuner_2024,
    "kategorier": _kategorier,
    "tilbud_fordeling": _tilbud_fordeling,
    "tilbudstyper": lambda c: _counts(c["tilbudstyper"], "Type tilbud"),
    "diagnoser": lambda c: _counts(c["diagnoser"], "Diagnose/målgruppe"),
    "brukerorg": lambda c: _answers(
        c,
        "Svar",
        (
            ("Ja", "brukerorg_etablering_ja"),
            ("Nei", "brukerorg_etablering_nei"),
            ("Vet ikke", "brukerorg_etablering_vet_ikke"),
        ),
    ),
    "rekruttering": lambda c: _answers(
        c,
        "Rekruttering",
        (
            ("Gjennom brukerorganisasjoner", "rekruttering_brukerorg"),
            ("Utenom organisasjonene", "rekruttering_utenom"),
            ("Vet ikke", "rekruttering_vet_ikke"),
        ),
    ),
    "avstemming": _avstemming,
    "kommuner": _kommuner,
    "tjenester": _tjenester,
    "radregnskap": _radregnskap,
    "karantene": _karantene,
    "advarsler": _advarsler,
    "navnetolkning": _navnetolkning,
    "konsistens": _konsistens,
    "inndata": lambda c: (
        ["Fil", "Rolle", "SHA-256"],
        [[f["fil"], f["rolle"], f["sha256"]] for f in c["provenance"]["inndata"]],
    ),
    "konfigurasjon": lambda c: (
        ["Fil", "SHA-256"],
        [[f["fil"], f["sha256"]] for f in c["provenance"]["konfigurasjonsfiler"]],
    ),
}
# Header words whose columns hold shares (formatted as per cent).
SHARE_HEADERS = re.compile(r"^(Andel|Publisert andel|Beregnet andel)")


TITTEL = "Lærings- og mestringstjenester i kommunene – tabeller"


def sheet_tables(context: dict, sheets: dict | None = None) -> list[tuple]:
    """``(numbered table, headers, rows)`` for every numbered table, in report order
    (``sheets``: each table's rows by id; default the main report's)."""
    sheets = SHEETS if sheets is None else sheets
    return [(t, *sheets[t.id](context)) for t in context["tab"].values()]


def write_workbook(
    context: dict,
    path: Path,
    stamp: dt.datetime,
    sheets: dict | None = None,
    tittel: str = TITTEL,
) -> None:
    """Write the workbook: per table a sheet ``Tabell N Navn`` with title, source, headers and
    rows; a long table has a filter on its header row (``sheets``: each table's rows by id,
    default the main report's; ``tittel``: the document's title)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rapport = context["rapport"]
    wb = Workbook()
    wb.remove(wb.active)
    for t, heads, rows in sheet_tables(context, sheets):
        ws = wb.create_sheet(t.arknavn)
        ws["A1"] = f"{t.etikett}. {t.tittel}"
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"] = f"Kilde: {t.kilde}"
        if rapport["syntetisk"]:
            ws["A3"] = rapport["banner"]
            ws["A3"].font = Font(bold=True, color="A5281B")
        for col, head in enumerate(heads, start=1):
            cell = ws.cell(HEADER_ROW, col, head)
            cell.font = Font(bold=True)
        shares = {i for i, h in enumerate(heads) if SHARE_HEADERS.match(h)}
        for r, row in enumerate(rows, start=HEADER_ROW + 1):
            for col, value in enumerate(row):
                if isinstance(value, Celle):
                    ws.cell(r, col + 1, value.verdi).number_format = value.format
                    continue
                cell = ws.cell(r, col + 1, value)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.number_format = PCT if col in shares else INT
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
        if len(rows) > FILTER_FRA:
            last = get_column_letter(len(heads))
            ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}"
        for col, head in enumerate(heads, start=1):
            longest = max([len(str(head))] + [len(_text(row[col - 1])) for row in rows])
            ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, longest + 2))
    wb.properties.title = tittel + (f" ({rapport['banner']})" if rapport["syntetisk"] else "")
    wb.properties.creator = rapport["utgiver"]
    wb.properties.language = rapport["sprak"]
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(fixed_zip(buf.getvalue(), stamp))


def _text(value) -> str:
    return str((value.verdi if isinstance(value, Celle) else value) or "")


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every entry dated ``stamp`` and the document dates set to it
    (openpyxl dates the entries and ``dcterms:modified`` with the clock)."""
    when = max(stamp, dt.datetime(1980, 1, 1))
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    lambda m: m.group(1) + iso.encode() + m.group(2),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()
