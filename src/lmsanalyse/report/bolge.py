"""The wave a report is about: the register it asked, its collection period and what it has
(population, a picture on today's map, published figures), and the words that depend on them.

One owner for the wave's wording: the templates (``bolge`` in the context), the numbered
items' titles and sources (:mod:`.innhold`), the charts, the maps and the workbook ask here,
so that a report on a wave on the 2024 register says "kommunene i 2024" and never speaks of
2014 as its own year. Read from ``provenance.json`` (``bolge``, ``datainnsamling``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The year of NK LMH's own wave's register, and what a run from before waves were recorded
# (a provenance without ``bolge``) had.
ORIGINAL = 2014
ORIGINAL_PERIOD = "2014/2015"
ALL = frozenset({"folkemengde", "kart_2020", "kart_2024", "register_2014", "publiserte_tall"})


def period_text(periode: dict | None) -> str | None:
    """The collection period as a wave's name: ``2014/2015`` across a new year, ``2025`` within
    one, ``2024–2026`` over more; None without dates."""
    if not periode:
        return None
    first, last = (dt.date.fromisoformat(periode[k]).year for k in ("fra", "til"))
    if first == last:
        return str(first)
    return f"{first}/{last}" if last == first + 1 else f"{first}–{last}"


@dataclass(frozen=True)
class Bolge:
    """A wave of the kartlegging.

    Attributes:
        register: the year of the register's kommuner (2014: NK LMH's own wave re-run; 2024:
            the kartlegging asked again of today's kommuner).
        har: what the wave has (``folkemengde``, ``kart_2020``, ``kart_2024``,
            ``register_2014``, ``publiserte_tall``: :func:`lmsanalyse.reference.wave_conditions`).
        periode: the collection period as text (``2014/2015``, ``2025``); None without dates.
    """

    register: int = ORIGINAL
    har: frozenset[str] = ALL
    periode: str | None = None

    @classmethod
    def from_provenance(cls, provenance: dict) -> Bolge:
        record = provenance.get("bolge") or {}
        return cls(
            int(record.get("register", ORIGINAL)),
            frozenset(record["har"]) if "har" in record else ALL,
            period_text(provenance.get("datainnsamling")),
        )

    @property
    def original(self) -> bool:
        """NK LMH's own wave (the 2014 register), re-run from its raw data."""
        return self.register == ORIGINAL

    @property
    def folkemengde(self) -> bool:
        return "folkemengde" in self.har

    @property
    def publisert(self) -> bool:
        """Figures were published from the wave: the report reconciles them."""
        return "publiserte_tall" in self.har

    @property
    def dagens_kart(self) -> bool:
        """The wave's picture on today's (2024) map is a section of its own: a wave on an
        earlier register with the 2024 list. A wave on the 2024 register is today's map."""
        return self.register < 2024 and "kart_2024" in self.har

    @property
    def navn(self) -> str:
        """The wave's name in titles: its period (``2014/2015``, ``2025``); without dates the
        original's, or the register's kommuner."""
        if self.periode:
            return self.periode
        return ORIGINAL_PERIOD if self.original else f"på kommunene i {self.register}"

    @property
    def tittel(self) -> str:
        """The report's title (also the running footer of every page)."""
        return f"Lærings- og mestringstjenester i kommunene – kartlegging {self.navn}"

    @property
    def kommuner_i(self) -> str:
        """``kommunene i 2014``: the register's kommuner, by year."""
        return f"kommunene i {self.register}"

    @property
    def vedlegg_innhold(self) -> str:
        """What the PDF edition's appendix document holds."""
        alle = f"alle kommuner i {self.register}"
        return f"kommunene i 2024 og {alle}" if self.dagens_kart else alle

    @property
    def hvem(self) -> str:
        """Who asked: NK LMH for its own wave; for a later wave, the kartlegging itself."""
        return "NK LMH" if self.original else "Kartleggingen"

    @property
    def kilde(self) -> str:
        """The source line of the report's numbered figures and tables."""
        if self.original:
            return (
                f"NK LMHs kartlegging av kommunale lærings- og mestringstjenester {ORIGINAL_PERIOD}"
            )
        return f"kartleggingen av kommunale lærings- og mestringstjenester {self.navn}"

    @property
    def syntetisk_kilde(self) -> str:
        """The source line when the raw data is synthetic (invented)."""
        pattern = (
            f"NK LMHs kartlegging {ORIGINAL_PERIOD}" if self.original else "NK LMHs kartlegging"
        )
        return f"syntetiske (oppdiktede) data laget av lmsanalyse etter mønster av {pattern}, ikke reelle tall"

    @property
    def uten_folkemengde(self) -> str:
        """Why the population figures are left out ("" when they are not)."""
        if self.folkemengde:
            return ""
        return (
            f"Registeret for {self.register} har ingen folkemengde per kommune, så rapporten har "
            "ingen befolkningstall: hvor stor del av befolkningen som bor i en kommune med "
            "tjeneste, kan ikke regnes ut fra dataene, og rapporten anslår det ikke selv. "
            "Dekningen telles i kommuner."
        )

    @property
    def uten_avstemming(self) -> str:
        """Why there is no reconciliation ("" when there is one)."""
        if self.publisert:
            return ""
        return (
            "Ingen tall er publisert fra denne runden av kartleggingen, så det er ingen "
            "avstemming mot publiserte tall."
        )

    @property
    def uten(self) -> list[str]:
        """What the report leaves out, and why, in sentences for the method section."""
        return [text for text in (self.uten_folkemengde, self.uten_avstemming) if text]
