"""One vocabulary: the words a reader sees for the pipeline's codes, wherever they appear.

The report (figures, tables, appendices), the workbook, ``explain`` and ``diff`` take their
labels from here, so that a code never reaches a reader and a label means one thing
everywhere. The codes and the rules' own texts stay with :mod:`lmsanalyse.rules` (the SQL
uses them); this module says them in words:

- a rule by its short label (``I4 LMS-tilbud``, never ``I4_lms_tilbud``) and its state
  (``ikke oppfylt``, never ``FEILET``);
- a kommune's status and coverage in one label and one capitalisation (``ikke dekket (oppga
  tjeneste, ikke bekreftet)``; ``dekket``, never ``dekket (Dekket)``);
- an answer with one capitalisation (``Nei``, whether the export said ``nei`` or ``Nei``);
- the definition by its title after the first mention;
- the response rates by one name each (``RR1, bare skjemaet`` is not ``RR1``);
- counts with the right number (``1 manuell beslutning``, ``2 manuelle beslutninger``).

The decision tables keep their codes (they are the audit trail): :func:`leserens_tekst`
says a table's reason text in words for the report.
"""

from __future__ import annotations

import re

from .norsk import THOUSANDS, fmt_int
from .rules import KOMMUNE_STATUS, PHASE_TEXT, RULE_IDS, definition_rules

# A rule's state for one service (explain).
REGEL_STATUS = {
    "bestått": "oppfylt",
    "feilet": "ikke oppfylt",
    "uavgjort": "kunne ikke avgjøres (et svar regelen trenger, kunne ikke leses)",
    "ikke vurdert": "ikke vurdert (ikke intervjuet)",
    "karantene": "ikke vurdert (intervjuet er satt i karantene)",
}

# dekket / inkludert as the decision tables write them (Ja/Nei), in words.
DEKKET = {"Ja": "dekket", "Nei": "ikke dekket"}
INKLUDERT = {"Ja": "inkludert", "Nei": "ikke inkludert"}

# What a kommune with each status is, as the end of a sentence that starts with a count
# ("241 svarte nei"): the kommuner without a service, in the report's summary.
STATUS_SOM_UTSAGN = {
    "svarte_nei": "svarte nei",
    "ja_uten_bekreftelse": "oppga en tjeneste som ikke ble intervjuet",
    "ekskludert": "har en intervjuet tjeneste som ikke oppfyller definisjonen",
    "intervju_i_karantene": "har en tjeneste der intervjuet ikke kunne brukes",
    "uavklart": "er ikke avklart",
    "ikke_besvart": "sendte ikke skjemaet og ble ikke ringt",
    "manuelt_ekskludert": "ble ekskludert etter en manuell beslutning",
}
# How an unclear status came about, each with the figure that counts it: the parts of
# «er ikke avklart» in the summary and the rows under it in the status table.
UAVKLART_DELER = (
    (
        "kommuner_uavklart_vet_ikke",
        "svarte «Vet ikke»",
        "svarte «Vet ikke» i skjemaet og ble ikke ringt",
    ),
    (
        "kommuner_uavklart_uten_svar",
        "sendte skjemaet uten svar på spørsmålet",
        "sendte skjemaet uten svar på spørsmålet og ble ikke ringt",
    ),
    (
        "kommuner_uavklart_ringt",
        "ble ringt uten at ringerunden ga svar",
        "ringt, men ringerunden ga ikke noe svar",
    ),
)

# The reconciliation's statuses: a disagreement another reading of the article explains is
# not the same as one nothing explains, and equal numbers for different concepts are not plain
# agreement.
AVSTEMMING_STATUS = {
    "samsvar": "Samsvar",
    "begrep": "Samsvar i antall, men ulikt begrep",
    "forklart": "Avvik, forklart av en annen lesning",
    "avvik": "Avvik",
}

# The response rates: one name each (the questionnaire alone, or both channels).
RR1_SKJEMA = "RR1, bare skjemaet"
RR1_BEGGE = "RR1, skjema og ringerunde"
PUBLISERT_SVARPROSENT = "Publisert av NK LMH"

# A 2024 kommune's change from wave A to wave B (lmsanalyse sammenlign), and what it means.
ENDRING = {"ny": "Ny", "økt": "Økt", "uendret": "Uendret", "redusert": "Redusert", "borte": "Borte"}
ENDRING_FORKLARING = {
    "ny": "ikke dekket → dekket",
    "økt": "ikke dekket → delvis dekket, eller delvis dekket → dekket",
    "uendret": "samme status i begge bølgene",
    "redusert": "dekket → delvis dekket, eller delvis dekket → ikke dekket",
    "borte": "dekket → ikke dekket",
}
# What became of a service of wave A, or where a service of wave B came from.
TJENESTE_UTFALL = {
    "fortsatt": "Fortsatt",
    "slått sammen": "Slått sammen",
    "delt": "Delt",
    "borte": "Ikke funnet igjen",
    "ny": "Ny",
}
# The rule that linked two services of the comparison (bolge_tjenester.csv ``regel``).
TJENESTE_REGEL = {
    "navn": "Samme vertskommune, navnene ligner",
    "kommuner": "Kommunene overlapper mest",
    "inngår": "Kommunene ligger i den andre tjenesten",
    "": "",
}
# A per-kommune frisklivssentral indicator's values (the comparison's indicator).
INDIKATOR = {"Ja": "Har frisklivssentral", "Nei": "Har ikke", "ukjent": "Ukjent"}

# Answers as the exports spell them, in one capitalisation.
_SVAR = {
    "ja": "Ja",
    "nei": "Nei",
    "delvis": "Delvis",
    "vet ikke": "Vet ikke",
    "ikke besvart": "Ikke besvart",
}
_REGEL_ID = re.compile(r"\bI\d_[a-z_]+\b")


def svar(value: object) -> str:
    """An answer in the report's capitalisation: ``nei`` → ``Nei``; empty → ``Ikke besvart``."""
    if value is None or str(value).strip() == "":
        return "Ikke besvart"
    text = str(value).strip()
    return _SVAR.get(text.lower(), text)


def stor(text: str) -> str:
    """A table value with a capital first letter, as the status values have it
    (``spørreskjema`` → ``Spørreskjema``, ``kommunal`` → ``Kommunal``)."""
    return text[:1].upper() + text[1:] if text else text


def fylkesnavn(navn: str) -> str:
    """A fylke's name as the report writes it: the 2014 register gives the Norwegian and Sámi
    forms with only a space between them (``Troms Romsa``); the report separates them as the
    kommune names are (``Troms - Romsa``). A name with a lower-case word (``Møre og Romsdal``)
    is one name."""
    words = navn.split(" ")
    if len(words) == 2 and all(w[:1].isupper() for w in words):
        return " - ".join(words)
    return navn


def antall(n: int, entall: str, flertall: str, sep: str = THOUSANDS) -> str:
    """``1 manuell beslutning``, ``2 manuelle beslutninger``, ``0 manuelle beslutninger``."""
    return f"{fmt_int(n, sep)} {entall if n == 1 else flertall}"


def regel_kort(regel: str, regeltekster: list[dict] | None = None) -> str:
    """A rule by its short label: from the definition's texts when given (a definition may
    override it), else the catalogue's; an unknown id is returned as it is."""
    for r in regeltekster or ():
        if r["id"] == regel:
            return r["kort"]
    if regel in RULE_IDS:
        return definition_rules({"regler": {regel: {}}})[0].kort
    return regel


def status_tekst(kode: str | None) -> str:
    """A kommune's status code in words (``svarte_nei`` → ``Svarte nei``)."""
    return KOMMUNE_STATUS.get(kode or "", kode or "–")


def status_i_setning(kode: str | None) -> str:
    """A status in words inside a line of text: ``svarte nei``, ``tjeneste ekskludert``
    (the tables' values start with a capital, a sentence's words do not)."""
    text = status_tekst(kode)
    return text[:1].lower() + text[1:]


def dekning_tekst(dekket: str | None, kode: str | None) -> str:
    """``ikke dekket (oppga tjeneste, ikke bekreftet)``: coverage and, where it says more, the
    status in words, in one capitalisation; ``dekket`` alone when the status says no more."""
    dekning = DEKKET.get(dekket or "", dekket or "–")
    status = status_i_setning(kode)
    return dekning if status == dekning else f"{dekning} ({status})"


def definisjon_tekst(tittel: str, navn: str, forste: bool = False) -> str:
    """The definition by its title; at the first mention with its file name in brackets."""
    return f"«{tittel}» ({navn})" if forste else f"«{tittel}»"


def leserens_tekst(text: str, regeltekster: list[dict] | None = None, navn: str = "") -> str:
    """A decision table's reason text in words: rule ids as their short labels, phase codes
    as words (``gjennomforing`` → ``gjennomføring``), and ``definisjonen <navn>`` as
    ``definisjonen``."""
    if not text:
        return text
    text = _REGEL_ID.sub(lambda m: regel_kort(m.group(0), regeltekster), text)
    for code, word in PHASE_TEXT.items():
        if code != word:
            text = re.sub(rf"\b{code}\b", word, text)
    # "definisjonen nklmh_2015" → "definisjonen" (the title is said where the text is shown).
    name = re.escape(navn) if navn else r"[a-z0-9]+(?:_[a-z0-9]+)+"
    return re.sub(rf"\bdefinisjonen {name}\b", "definisjonen", text)
