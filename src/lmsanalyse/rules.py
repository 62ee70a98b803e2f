"""The rules and codes of the inclusion definitions: one owner for ids, texts and codes.

A definition (``config/definitions/<navn>.yaml``) names the rules it uses under ``regler:``
with their parameters. This module knows every rule: its id, its short label, the
requirement text shown in the report's rule table, ``explain`` and the sensitivity report,
and the reason text written into ``tjeneste_status.arsak`` when a service fails it. The
texts follow the definition's parameters (``godta_delvis`` changes what I2 says), and a
definition may override any of them. The SQL receives the rules of the definition as a
table; a rule that is not part of a definition is never evaluated as passed for it.

The status codes of kommuner and the category codes of services, with their Norwegian
labels, live here too, so that the SQL, the report and the tools use one spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASES = ("utvikling", "planlegging", "gjennomforing", "evaluering")
PHASE_TEXT = {
    "utvikling": "utvikling",
    "planlegging": "planlegging",
    "gjennomforing": "gjennomføring",
    "evaluering": "evaluering",
}
LMS_TYPES_DEFAULT = ("mestringskurs", "pårørendekurs", "diagnosekurs", "kurs på tvers av diagnoser")
# The offering types the article names as not LMS ("Samtalegrupper, individuell opplæring,
# tradisjonelle pasientskoler og livsstilsendringskurs"): the readings of tilbud_totalt.
NON_LMS_TYPES = ("samtalegruppe", "individuell opplæring", "pasientskole", "livsstilskurs")

# Rule ids in the order they are shown and evaluated.
RULE_IDS = ("I1_intervjuet", "I2_brukermedvirkning", "I3_etablert", "I4_lms_tilbud", "I5_i_gang")

# Each rule's parameters and their values when a definition gives none. A rule absent from a
# definition is not evaluated; the SQL still needs a value for each parameter.
RULE_PARAMETERS: dict[str, dict[str, object]] = {
    "I1_intervjuet": {"godta_ja_uten_intervju": False},
    "I2_brukermedvirkning": {
        "faser_i_gang": list(PHASES),
        "faser_ikke_i_gang": ["utvikling", "planlegging"],
        "godta_delvis": False,
    },
    "I3_etablert": {"godta_mange_ars_erfaring": True},
    "I4_lms_tilbud": {"lms_tilbudstyper": list(LMS_TYPES_DEFAULT)},
    "I5_i_gang": {},
}
TEXT_KEYS = ("kort", "tekst", "grunn", "uavgjort")


@dataclass(frozen=True)
class Rule:
    """One rule as a definition uses it.

    Attributes:
        id: ``I2_brukermedvirkning``.
        kort: short label for charts and tables (``I2 brukermedvirkning``).
        tekst: the requirement, in Norwegian, as the definition's parameters make it.
        grunn: why a service fails it (the start of the reason; details follow in brackets).
        grunn_unntak: I3 only: the reason when the service has many years' experience but
            the definition does not accept that exception.
        uavgjort: why the rule cannot be decided for a service (an answer it needs is
            missing or could not be read); the service is then not included.
    """

    id: str
    kort: str
    tekst: str
    grunn: str
    grunn_unntak: str | None = None
    uavgjort: str = "kunne ikke avgjøres: et svar regelen trenger, mangler eller kunne ikke leses"


def _join(items: list[str]) -> str:
    """``a``, ``a og b``, ``a, b og c``."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _phases_text(in_operation: list[str], not_started: list[str]) -> str:
    common = [PHASE_TEXT[p] for p in PHASES if p in in_operation and p in not_started]
    extra = [PHASE_TEXT[p] for p in PHASES if p in in_operation and p not in not_started]
    if not extra:
        return _join(common)
    if not common:
        return f"for tjenester i gang {_join(extra)}"
    return f"{', '.join(common)} og, for tjenester i gang, {_join(extra)}"


def _default_rule(rule_id: str, p: dict[str, object]) -> Rule:
    """The catalogue text of a rule for the given parameters."""
    number, _, name = rule_id.partition("_")
    if rule_id == "I1_intervjuet":
        if p["godta_ja_uten_intervju"]:
            tekst = (
                "Tjenesten er intervjuet, eller enheten oppga selv en tjeneste (et Ja fra "
                "rådmann eller ringerunde teller også uten intervju)"
            )
        else:
            tekst = "Tjenesten er intervjuet (et Ja fra rådmann eller ringerunde alene teller ikke)"
        return Rule(rule_id, "I1 intervjuet", tekst, "tjenesten er ikke intervjuet")
    if rule_id == "I2_brukermedvirkning":
        answer = "Ja eller Delvis" if p["godta_delvis"] else "Ja, ikke Delvis"
        phases = _phases_text(list(p["faser_i_gang"]), list(p["faser_ikke_i_gang"]))
        grunn_svar = "Ja eller Delvis" if p["godta_delvis"] else "Ja"
        return Rule(
            rule_id,
            "I2 brukermedvirkning",
            f"Sidestilt brukermedvirkning ({answer}) i alle aktuelle faser: {phases}",
            f"ikke sidestilt brukermedvirkning ({grunn_svar}) i alle aktuelle faser",
        )
    if rule_id == "I3_etablert":
        if p["godta_mange_ars_erfaring"]:
            tekst = (
                "Etablert tjeneste: frisklivssentral, eget senter/avdeling, koordinator eller "
                "mange års erfaring med flere tilbud"
            )
        else:
            tekst = (
                "Etablert tjeneste: frisklivssentral, eget senter/avdeling eller koordinator "
                "(mange års erfaring alene er ikke nok)"
            )
        return Rule(
            rule_id,
            "I3 etablert tjeneste",
            tekst,
            "ingen etablert tjeneste (verken frisklivssentral, eget senter/avdeling, "
            "koordinator eller mange års erfaring)",
            "ingen etablert tjeneste, og unntaket for mange års erfaring gjelder ikke i denne "
            "definisjonen",
        )
    if rule_id == "I4_lms_tilbud":
        types = list(p["lms_tilbudstyper"])
        tekst = "Tjenester i gang gir minst ett lærings- og mestringstilbud"
        if types != list(LMS_TYPES_DEFAULT):
            tekst += f" ({_join(types)})"
        return Rule(
            rule_id,
            "I4 LMS-tilbud",
            tekst,
            "ingen lærings- og mestringstilbud blant tilbudene",
            uavgjort=(
                "kunne ikke avgjøres: ingen av tilbudstypene som kunne leses, er lærings- og "
                "mestringstilbud, men minst én tilbudstype kunne ikke leses (se karantene)"
            ),
        )
    if rule_id == "I5_i_gang":
        return Rule(
            rule_id,
            "I5 i gang",
            "Tjenesten er kommet i gang med tilbud",
            "tjenesten er ikke kommet i gang med tilbud",
        )
    raise KeyError(f"ukjent regel '{rule_id}' ({number} {name})")


def definition_rules(definition: dict) -> list[Rule]:
    """The rules a (resolved) definition uses, in rule order, with its texts."""
    rules = []
    for rule_id in RULE_IDS:
        given = (definition.get("regler") or {}).get(rule_id)
        if given is None:
            continue
        params = RULE_PARAMETERS[rule_id] | {k: v for k, v in given.items() if k not in TEXT_KEYS}
        rule = _default_rule(rule_id, params)
        overrides = {k: given[k] for k in TEXT_KEYS if given.get(k)}
        if overrides:
            rule = Rule(**(vars(rule) | overrides))
        rules.append(rule)
    return rules


def sql_parameters(definition: dict) -> dict[str, object]:
    """The definition's rule parameters as the SQL's named parameters."""
    params: dict[str, object] = {"definisjon": definition["navn"]}
    for rule_id, defaults in RULE_PARAMETERS.items():
        given = (definition.get("regler") or {}).get(rule_id) or {}
        for key, value in defaults.items():
            params[key] = given.get(key, value)
    params["krev_i_gang"] = "I5_i_gang" in (definition.get("regler") or {})
    params["ikke_lms_tilbudstyper"] = list(NON_LMS_TYPES)
    return params


# ---------------------------------------------------------------- codes

# One name for each answer, wherever the reports and tools show it: a question left blank
# (or a unit that never answered) is "Ikke besvart"; a call round that ended without an
# answer is "Ikke avklart".
SVAR = {
    "ja": "Ja",
    "nei": "Nei",
    "vet_ikke": "Vet ikke",
    "blank": "Ikke besvart",
    "uavklart": "Ikke avklart",
}

# kommune_status.status_kode: the kommune's status after the rules and manual decisions.
KOMMUNE_STATUS = {
    "dekket": "Dekket",
    "ekskludert": "Tjeneste ekskludert",
    "intervju_i_karantene": "Intervjuet kunne ikke brukes",
    "ja_uten_bekreftelse": "Oppga tjeneste, ikke bekreftet",
    "svarte_nei": "Svarte nei",
    # Not settled: the form said «Vet ikke» or was sent without an answer to the question, or
    # the call round ended without an answer.
    "uavklart": SVAR["uavklart"],
    # No form and no call: the question was never put to anyone who answered («Ikke besvart» is
    # an answer's name, not this status's).
    "ikke_besvart": "Sendte ikke skjemaet og ble ikke ringt",
    "manuelt_inkludert": "Manuelt inkludert",
    "manuelt_ekskludert": "Manuelt ekskludert",
}

# tjeneste_status.kategori of an included service (each in exactly one): long and short text.
KATEGORIER = {
    "friskliv": ("Organisert sammen med eller gitt av frisklivssentral", "Friskliv"),
    "eget_senter": ("Eget senter eller egen avdeling", "Eget senter"),
    "koordinator": ("Ansatt koordinator eller leder", "Koordinator"),
    "mange_ars_erfaring": ("Mange års erfaring, uten egen tjeneste", "Mange års erfaring"),
}

# kommune_2020_status.status_2020: the 2014 picture on a later kommune map.
STATUS_I_DAG = {
    "dekket": "Dekket",
    "delvis dekket": "Delvis dekket",
    "ikke dekket": "Ikke dekket",
}

# enhet_status.aapor_kode: a unit's final disposition after both modes (the questionnaire and
# the call round), as AAPOR's Standard Definitions code it: label, and the unit's class in
# AAPOR's rate formulas (I, P, R, NC, O, U = UH + UO). docs/assumptions.md (S4–S9) says why
# each case gets its code.
AAPOR_DISPOSISJONER = {
    "1.1": ("Fullført: hovedspørsmålet og de aktuelle oppfølgingsspørsmålene besvart", "I"),
    "1.2": (
        "Delvis: hovedspørsmålet besvart, men et aktuelt oppfølgingsspørsmål ikke besvart",
        "P",
    ),
    "2.11": ("Nektet: tomt skjema sendt inn (implisitt nekting)", "R"),
    "2.12": ("Avbrutt: skjema sendt inn uten svar på hovedspørsmålet", "R"),
    "2.21": ("Ikke kontakt: ringt, men nådde aldri helseleder eller frisklivssentral", "NC"),
    "2.36": ("Annet: nådde helseleder eller frisklivssentral, men fikk ikke noe svar", "O"),
    "3.19": ("Ukjent kvalifisering: ikke noe skjema returnert, og ikke ringt", "U"),
}
