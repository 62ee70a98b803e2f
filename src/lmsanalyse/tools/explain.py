"""``lmsanalyse explain ID``: the whole decision chain for one kommune, bydel or service.

Reads only the processed files, with DuckDB alone (no pandas), so that an analyst gets the
answer in a fraction of a second: what the rådmann answered, the call-round attempts, the
interview's relevant answers, each rule passed or failed, manual decisions, final status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from ..layout import RunLayout

INTERVIEW_FIELDS = (
    "organisering",
    "friskliv",
    "egen_enhet",
    "navn_med_mestring",
    "mange_ars_erfaring",
    "i_gang",
    "antall_tilbud",
    "tilbudstyper",
    "bm_utvikling",
    "bm_planlegging",
    "bm_gjennomforing",
    "bm_evaluering",
    "brukerorg_etablering",
    "rekruttering",
    "prosjektfinansiert",
)


class ExplainError(LookupError):
    """The id or name is unknown or ambiguous; the message says which and suggests names."""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class Explainer:
    """Looks up objects in one run's processed files.

    Args:
        run: the run's output folder (or its ``data/processed``).
        definition: which definition's decisions to explain (default: the main one).
    """

    def __init__(self, run: Path, definition: str | None = None):
        layout = RunLayout.find(run)
        if layout is None or not layout.provenance.exists():
            raise ExplainError(f"fant ingen kjøring i {run}; kjør arbeidsflyten først")
        if definition is None:
            provenance = json.loads(layout.provenance.read_text(encoding="utf-8"))
            definition = provenance["hoveddefinisjon"]
        self.definition = definition
        if not layout.definition_record(definition).exists():
            raise ExplainError(
                f"definisjonen '{definition}' er ikke kjørt (fant ikke "
                f"{layout.definition_dir(definition)})"
            )
        record = json.loads(layout.definition_record(definition).read_text(encoding="utf-8"))
        # Only the rules of this definition, with their texts.
        self.rules = record["regeltekster"]
        self.con = duckdb.connect(":memory:")
        views = {
            "kommune_status": layout.definition_table(definition, "kommune_status"),
            "tjeneste_status": layout.definition_table(definition, "tjeneste_status"),
            "enhet_status": layout.definition_table(definition, "enhet_status"),
            "deltakelse": layout.definition_table(definition, "tjeneste_deltakelse"),
            "radmann": layout.clean("radmann_svar"),
            "ringerunde": layout.clean("ringerunde"),
            "intervju": layout.clean("telefonintervju"),
        }
        for name, path in views.items():
            self.con.read_parquet(str(path)).create_view(name)
        self.sources = self._sources(layout.clean("row_accounting"))

    def _sources(self, accounting: Path) -> dict[str, dict]:
        """Each source's raw file and, for an export read through a map, its variables."""
        if not accounting.exists():
            return {}
        rows = _rows(
            self.con,
            "select * from read_csv(?, header = true, all_varchar = true)",
            [str(accounting)],
        )
        out = {}
        for r in rows:
            pairs = (p.split("=", 1) for p in (r.get("variabler") or "").split("; ") if "=" in p)
            out[r["kilde"]] = {"fil": r["fil"], "variabler": dict(pairs)}
        return out

    def _where(self, source: str, row: object, column: str | None = None) -> dict:
        """Where a value came from: the export's own file, row and (through a map) variable."""
        known = self.sources.get(source, {})
        where = {"fil": known.get("fil", source), "rad": row}
        if column and known.get("variabler", {}).get(column):
            where["variabel"] = known["variabler"][column]
        return where

    # -- resolving what the user typed ------------------------------------------------

    def resolve(self, text: str) -> tuple[str, str]:
        """('kommune'|'bydel'|'tjeneste', id) for an id or a name; raises ExplainError."""
        key = text.strip()
        if _rows(self.con, "select 1 from tjeneste_status where tjeneste_id = ?", [key]):
            return "tjeneste", key
        digits = re.fullmatch(r"\d{3,6}", key)
        if digits:
            if len(key) == 3:
                key = "0" + key
            if len(key) == 4 and _rows(
                self.con, "select 1 from kommune_status where kommunenummer = ?", [key]
            ):
                return "kommune", key
            if len(key) == 6 and _rows(
                self.con, "select 1 from enhet_status where enhet_id = ?", [key]
            ):
                return "bydel", key
            raise ExplainError(
                f"'{text}' er ikke et kommunenummer, bydelsnummer eller tjeneste-id i denne kjøringen"
            )
        name = " ".join(key.casefold().removesuffix(" kommune").split())
        hits = _rows(
            self.con,
            """
            select 'kommune' as type, kommunenummer as id, kommunenavn as navn, fylkesnavn
            from kommune_status
            where lower(kommunenavn) = ? or list_contains(
                list_transform(string_split(lower(kommunenavn), ' - '), lambda x: trim(x)), ?)
            union all
            select 'bydel', enhet_id, enhet_navn, 'Oslo'
            from enhet_status
            where enhetstype = 'bydel'
                and (lower(enhet_navn) = ? or lower(enhet_navn) = 'bydel ' || ?)
            order by id
            """,
            [name, name, name, name],
        )
        if len(hits) == 1:
            return hits[0]["type"], hits[0]["id"]
        if len(hits) > 1:
            options = ", ".join(f"{h['id']} {h['navn']} ({h['fylkesnavn']})" for h in hits)
            raise ExplainError(f"'{text}' er tvetydig: {options}. Bruk nummeret.")
        close = _rows(
            self.con,
            """
            select navn from (
                select kommunenavn as navn from kommune_status
                union all select enhet_navn from enhet_status where enhetstype = 'bydel'
            )
            order by jaro_winkler_similarity(lower(navn), ?) desc, navn
            limit 3
            """,
            [name],
        )
        suggestions = ", ".join(r["navn"] for r in close)
        raise ExplainError(
            f"fant ingen kommune, bydel eller tjeneste som heter '{text}'. Mente du: {suggestions}?"
        )

    # -- gathering -------------------------------------------------------------------

    def _unit(self, enhet_id: str) -> dict:
        unit = _rows(self.con, "select * from enhet_status where enhet_id = ?", [enhet_id])[0]
        radmann = _rows(
            self.con,
            "select svar_id, innsendt, har_tjeneste, interkommunal, samarbeidskommuner,"
            " tjeneste_navn, antall_innsendinger, _rad from radmann where enhet_id = ?",
            [enhet_id],
        )
        for r in radmann:
            r["fra"] = self._where("radmann_skjema", r.pop("_rad"), "har_tjeneste")
        calls = _rows(
            self.con,
            "select forsok, dato, kontaktpunkt, utfall, _rad from ringerunde where enhet_id = ?"
            " order by forsok, dato",
            [enhet_id],
        )
        for c in calls:
            c["fra"] = self._where("ringerunde_logg", c.pop("_rad"), "utfall")
        return {
            "enhet_id": enhet_id,
            "enhet_navn": unit["enhet_navn"],
            "disposisjon": unit["disposisjon"],
            "radmann": radmann[0] if radmann else None,
            "ringerunde": calls,
            "ringerunde_utfall": unit["ringerunde_utfall"],
        }

    def _service(self, tjeneste_id: str) -> dict:
        status = _rows(
            self.con, "select * from tjeneste_status where tjeneste_id = ?", [tjeneste_id]
        )[0]
        interview = _rows(self.con, "select * from intervju where tjeneste_id = ?", [tjeneste_id])
        participants = _rows(
            self.con,
            "select d.enhet_id, d.kommunenummer, d.er_vert, k.kommunenavn, k.dekket"
            " from deltakelse d join kommune_status k using (kommunenummer)"
            " where d.tjeneste_id = ? order by not d.er_vert, d.enhet_id",
            [tjeneste_id],
        )
        return {
            "tjeneste_id": tjeneste_id,
            "tjeneste_navn": status["tjeneste_navn"],
            "kilde": status["kilde"],
            "kategori": status["kategori"],
            "intervju": {k: interview[0].get(k) for k in INTERVIEW_FIELDS} if interview else None,
            "fra": self._where("telefonintervju", interview[0]["_rad"]) if interview else None,
            "regler": {
                rule["id"]: {"oppfylt": bool(status[rule["id"].lower()]), "tekst": rule["tekst"]}
                for rule in self.rules
            },
            "feilede_regler": status["feilede_regler"],
            "manuell_beslutning": status.get("manuell_beslutning"),
            "inkludert": status["inkludert"],
            "arsak": status["arsak"],
            "deltakere": participants,
        }

    def explain(self, text: str) -> dict:
        """The chain for one object, as plain data (dates as ISO text)."""
        kind, ident = self.resolve(text)
        if kind == "tjeneste":
            return _plain(
                {"type": "tjeneste", "definisjon": self.definition, **self._service(ident)}
            )
        kommunenummer = "0301" if kind == "bydel" else ident
        kommune = _rows(
            self.con, "select * from kommune_status where kommunenummer = ?", [kommunenummer]
        )[0]
        units = (
            [ident]
            if kind == "bydel"
            else [
                r["enhet_id"]
                for r in _rows(
                    self.con,
                    "select enhet_id from enhet_status where kommunenummer = ? order by enhet_id",
                    [ident],
                )
            ]
        )
        services = [
            r["tjeneste_id"]
            for r in _rows(
                self.con,
                "select distinct tjeneste_id from deltakelse where "
                + ("enhet_id = ? or enhet_id = '0301'" if kind == "bydel" else "kommunenummer = ?")
                + " order by tjeneste_id",
                [ident],
            )
        ]
        return _plain(
            {
                "type": kind,
                "definisjon": self.definition,
                "id": ident,
                "kommune": {
                    k: kommune[k]
                    for k in (
                        "kommunenummer",
                        "kommunenavn",
                        "fylkesnavn",
                        "dekket",
                        "status_kode",
                        "arsak",
                        "tjeneste_ider",
                        "konflikt",
                        "manuell_beslutning",
                        "kilde",
                    )
                },
                "enheter": [self._unit(u) for u in units],
                "tjenester": [self._service(s) for s in services],
            }
        )


def _plain(value):
    """JSON-ready: dates and numpy-free scalars as text/numbers, recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- Norwegian text


def _fmt_list(value) -> str:
    return ", ".join(value) if value else "–"


def _where_text(where: dict) -> str:
    """``radmann/dataset.csv, rad 45, variabel s_2``: where to find the value in the export."""
    text = f"{where['fil']}, rad {where['rad']}"
    return text + (f", variabel {where['variabel']}" if where.get("variabel") else "")


def _unit_lines(u: dict) -> list[str]:
    lines = [f"  {u['enhet_navn']} ({u['enhet_id']}):"]
    r = u["radmann"]
    if r:
        extra = (
            f", {r['antall_innsendinger']} innsendinger, siste gjelder"
            if r["antall_innsendinger"] > 1
            else ""
        )
        lines.append(
            f"    Spørreskjema{extra}: «{r['har_tjeneste'] or 'ikke besvart'}»"
            + (f", interkommunal: {r['interkommunal']}" if r["interkommunal"] else "")
            + (f", tjeneste: {r['tjeneste_navn']}" if r["tjeneste_navn"] else "")
            + f" (innsendt {r['innsendt'][:16].replace('T', ' ')})"
        )
        lines.append(f"      fra {_where_text(r['fra'])}")
    else:
        lines.append("    Spørreskjema: ikke besvart")
    if u["ringerunde"]:
        lines.append(
            f"    Ringerunden ({len(u['ringerunde'])} forsøk), endelig svar: {u['ringerunde_utfall']}"
        )
        for c in u["ringerunde"]:
            lines.append(
                f"      forsøk {c['forsok']} {c['dato']}: {c['kontaktpunkt'] or '–'} → {c['utfall']}"
                f" ({_where_text(c['fra'])})"
            )
    elif not r:
        lines.append("    Ringerunden: ikke ringt")
    return lines


def _service_lines(s: dict) -> list[str]:
    lines = [
        f"  {s['tjeneste_id']} {s['tjeneste_navn'] or ''} ({s['kilde']}, kategori {s['kategori'] or '–'}):"
    ]
    i = s["intervju"]
    if i:
        lines.append(
            f"    Intervju: {i['organisering']}, friskliv {i['friskliv']}, egen enhet {i['egen_enhet']}, "
            f"mange års erfaring {i['mange_ars_erfaring']}, i gang {i['i_gang']} ({i['antall_tilbud']} tilbud)"
        )
        lines.append(
            f"    Brukermedvirkning: utvikling {i['bm_utvikling']}, planlegging {i['bm_planlegging']}, "
            f"gjennomføring {i['bm_gjennomforing']}, evaluering {i['bm_evaluering']}"
        )
        lines.append(f"    Tilbudstyper: {_fmt_list(i['tilbudstyper'])}")
        lines.append(f"    fra {_where_text(s['fra'])}")
    parts = ", ".join(
        f"{p['kommunenavn'] if p['enhet_id'] == p['kommunenummer'] else p['enhet_id']}{' (vert)' if p['er_vert'] else ''}"
        for p in s["deltakere"]
    )
    lines.append(f"    Deltakere: {parts}")
    lines.append("    Regler:")
    for rule, r in s["regler"].items():
        lines.append(f"      {rule} {'bestått' if r['oppfylt'] else 'FEILET'}: {r['tekst']}")
    if s["manuell_beslutning"]:
        lines.append(f"    Manuell beslutning: {s['manuell_beslutning']}")
    lines.append(f"    Inkludert: {s['inkludert']} — {s['arsak']}")
    return lines


def render_text(result: dict) -> str:
    """The explanation as Norwegian text."""
    if result["type"] == "tjeneste":
        return "\n".join(
            [f"Tjeneste {result['tjeneste_id']} (definisjon {result['definisjon']})"]
            + _service_lines(result)
        )
    k = result["kommune"]
    head = f"{k['kommunenummer']} {k['kommunenavn']} ({k['fylkesnavn']}) — definisjon {result['definisjon']}"
    if result["type"] == "bydel":
        head = f"Bydel {result['id']} i Oslo. " + head
    lines = [head, "Enheter:"]
    for u in result["enheter"]:
        lines += _unit_lines(u)
    whom = "bydelen" if result["type"] == "bydel" else "kommunen"
    lines.append(
        "Tjenester:"
        if result["tjenester"]
        else f"Tjenester: ingen intervjuet tjeneste omfatter {whom}"
    )
    for s in result["tjenester"]:
        lines += _service_lines(s)
    if k["manuell_beslutning"]:
        lines.append(f"Manuell beslutning: {k['manuell_beslutning']}")
    if k["konflikt"]:
        lines.append(f"Konflikt mellom kildene: {k['konflikt']}")
    prefix = (
        f"Endelig status for {k['kommunenavn']} ({k['kommunenummer']})"
        if result["type"] == "bydel"
        else "Endelig status"
    )
    lines.append(f"{prefix}: dekket {k['dekket']} ({k['status_kode']}) — {k['arsak']}")
    return "\n".join(lines)
