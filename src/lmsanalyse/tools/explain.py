"""``lmsanalyse explain ID``: the whole decision chain for one kommune, bydel or service.

Reads only the processed files, with DuckDB alone (no pandas), so that an analyst gets the
answer in a fraction of a second: every questionnaire submission (the superseded ones
marked), every call attempt, the unit's AAPOR disposition, the interview's answers, each rule
of the chosen definition (only those, with their texts from ``definisjon.json``), manual
decisions and the final status. :mod:`.explain_text` writes it as Norwegian text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from ..layout import RunLayout
from .explain_text import render_text

__all__ = ["ExplainError", "Explainer", "render_text"]

INTERVIEW_FIELDS = (
    "organisering",
    "friskliv",
    "egen_enhet",
    "navn_med_mestring",
    "mange_ars_erfaring",
    "prosjektfinansiert",
    "i_gang",
    "antall_tilbud",
    "tilbudstyper",
    "diagnoser",
    "bm_utvikling",
    "bm_planlegging",
    "bm_gjennomforing",
    "bm_evaluering",
    "brukerorg_etablering",
    "rekruttering",
    "intervjudato",
    "_rad",
)
KOMMUNE_FIELDS = (
    "kommunenummer",
    "kommunenavn",
    "fylkesnavn",
    "dekket",
    "status_kode",
    "arsak",
    "tjeneste_ider",
    "konflikt",
    "manuell_beslutning",
    "manuell_tekst",
    "kilde",
)
# What a service id looks like (T044, U-0127): never looked up as a kommune name.
SERVICE_ID = re.compile(r"[A-Za-z]{1,3}-?\d+")


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
        self.title = record["tittel"]
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
        # Every submission, superseded ones too (runs before this table: only the latest).
        every = layout.clean("radmann_innsendinger")
        views["innsendinger"] = every if every.exists() else layout.clean("radmann_svar")
        self.every_submission = every.exists()
        for name, path in views.items():
            self.con.read_parquet(str(path)).create_view(name)
        self.sources = self._sources(layout.clean("row_accounting"))
        quarantine = layout.clean("quarantine")
        self.quarantine = None
        if quarantine.exists():
            self.quarantine = quarantine
            self.con.read_csv(str(quarantine), header=True, all_varchar=True).project(
                "* replace (nullif(enhet_id, '') as enhet_id, nullif(tjeneste_id, '') as tjeneste_id)"
            ).create_view("karantene")

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
        found = _rows(
            self.con,
            "select tjeneste_id from tjeneste_status where lower(tjeneste_id) = lower(?)",
            [key],
        )
        if found:
            return "tjeneste", found[0]["tjeneste_id"]
        if SERVICE_ID.fullmatch(key):
            raise ExplainError(self._no_such_service(key))
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

    def _no_such_service(self, key: str) -> str:
        """The message for a service id that is not in the run: the ids there are, no names."""
        ids = sorted(
            r["tjeneste_id"] for r in _rows(self.con, "select tjeneste_id from tjeneste_status")
        )
        where = f"fant ingen tjeneste med id '{key}' i definisjonen {self.definition}"
        if not ids:
            return f"{where}: den har ingen tjenester"
        return f"{where}. Den har {len(ids)} tjenester, fra {ids[0]} til {ids[-1]}."

    # -- gathering -------------------------------------------------------------------

    def _quarantined(self, kind: str, ident: str | list[str]) -> list[dict]:
        """Quarantine entries about this object (``quarantine.csv`` names the unit and service
        of each row as far as they could be read): a unit's own answers and calls; a service's
        interview; for a kommune, the interviews its units host, with or without an id."""
        if self.quarantine is None:
            return []
        interviews = self.sources.get("telefonintervju", {}).get("fil", "")
        where = {
            "enhet": "enhet_id = ? and fil <> ?",
            "tjeneste": "tjeneste_id = ? and fil = ?",
            "kommune": "list_contains(?, enhet_id) and fil = ?",
        }[kind]
        return _rows(
            self.con,
            "select fil, rad::bigint as rad, kolonne, niva, arsak, tjeneste_id from karantene"
            f" where {where} order by fil, rad, kolonne",
            [ident, interviews],
        )

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
        superseded = "erstattet_av" if self.every_submission else "null::varchar"
        submissions = _rows(
            self.con,
            "select _rad as rad, svar_id, innsendt, har_tjeneste, interkommunal,"
            f" samarbeidskommuner, tjeneste_navn, {superseded} as erstattet_av"
            " from innsendinger where enhet_id = ? order by innsendt, _rad",
            [enhet_id],
        )
        for r in submissions:
            r["fra"] = self._where("radmann_skjema", r["rad"], "har_tjeneste")
        calls = _rows(
            self.con,
            "select _rad as rad, forsok, dato, kontaktpunkt, utfall from ringerunde"
            " where enhet_id = ? order by forsok, dato",
            [enhet_id],
        )
        for c in calls:
            c["fra"] = self._where("ringerunde_logg", c["rad"], "utfall")
        return {
            "enhet_id": enhet_id,
            "enhet_navn": unit["enhet_navn"],
            "disposisjon": unit["disposisjon"],
            "aapor_kode": unit.get("aapor_kode"),
            "aapor_tekst": unit.get("aapor_tekst"),
            "radmann": radmann[0] if radmann else None,
            "innsendinger": submissions,
            "ringerunde": calls,
            "ringerunde_utfall": unit["ringerunde_utfall"],
            "karantene": self._quarantined("enhet", enhet_id),
        }

    def _service(self, tjeneste_id: str) -> dict:
        status = _rows(
            self.con, "select * from tjeneste_status where tjeneste_id = ?", [tjeneste_id]
        )[0]
        interview = _rows(self.con, "select * from intervju where tjeneste_id = ?", [tjeneste_id])
        participants = _rows(
            self.con,
            "select d.enhet_id, d.kommunenummer, d.er_vert, k.kommunenavn, k.dekket,"
            " coalesce(e.enhet_navn, k.kommunenavn) as enhet_navn"
            " from deltakelse d join kommune_status k using (kommunenummer)"
            " left join enhet_status e on e.enhet_id = d.enhet_id"
            " where d.tjeneste_id = ? order by not d.er_vert, d.enhet_id",
            [tjeneste_id],
        )
        # An interview the clean stage quarantined is listed, but not judged.
        quarantined = "karantene" in (status.get("kilde") or "")
        rules = {}
        for rule in self.rules:
            # A candidate without an interview is checked against I1 only; an interviewed
            # service's rule is undecided (None) when an answer it needs is unreadable.
            result = status.get(rule["id"].lower())
            if quarantined:
                result, judgement = None, "karantene"
            elif not interview and rule["id"] != "I1_intervjuet":
                result, judgement = None, "ikke vurdert"
            else:
                result = None if result is None else bool(result)
                judgement = {True: "bestått", False: "feilet", None: "uavgjort"}[result]
            rules[rule["id"]] = {
                "oppfylt": result,
                "vurdering": judgement,
                "kort": rule["kort"],
                "tekst": rule["tekst"],
            }
        return {
            "tjeneste_id": tjeneste_id,
            "tjeneste_navn": status["tjeneste_navn"],
            "kilde": status["kilde"],
            "kategori": status["kategori"],
            "intervju": {k: interview[0].get(k) for k in INTERVIEW_FIELDS} if interview else None,
            "intervju_i_karantene": quarantined,
            "fra": self._where("telefonintervju", interview[0]["_rad"]) if interview else None,
            "regler": rules,
            "feilede_regler": status["feilede_regler"],
            "manuell_beslutning": status.get("manuell_beslutning"),
            "manuell_tekst": status.get("manuell_tekst"),
            "inkludert": status["inkludert"],
            "arsak": status["arsak"],
            "deltakere": participants,
            "karantene": self._quarantined("tjeneste", tjeneste_id),
        }

    def explain(self, text: str) -> dict:
        """The chain for one object, as plain data (dates as ISO text)."""
        kind, ident = self.resolve(text)
        if kind == "tjeneste":
            return _plain(
                {
                    "type": "tjeneste",
                    "definisjon": self.definition,
                    "definisjon_tittel": self.title,
                    "regeltekster": self.rules,
                    **self._service(ident),
                }
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
                "definisjon_tittel": self.title,
                "regeltekster": self.rules,
                "id": ident,
                "kommune": {k: kommune.get(k) for k in KOMMUNE_FIELDS},
                "enheter": [self._unit(u) for u in units],
                "tjenester": [self._service(s) for s in services],
                "karantene": self._quarantined("kommune", units),
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
