"""The figure model: the rows of ``figures.csv`` by id.

Every number the report shows comes from ``figures.csv`` or from the processed tables; a
figure the report asks for and ``figures.csv`` lacks is an error that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data import ReportDataError, as_int, read_csv, require_columns


@dataclass(frozen=True)
class Figur:
    """One row of ``figures.csv``."""

    id: str
    verdi: int
    nevner: int | None

    @property
    def andel(self) -> float | None:
        """The share ×100; None when the denominator is 0 (no share of nothing).

        Raises:
            ReportDataError: the figure has no denominator at all.
        """
        if self.nevner is None:
            raise ReportDataError(f"figuren '{self.id}' har ingen nevner; andel kan ikke beregnes")
        if self.nevner == 0:
            return None
        return 100.0 * self.verdi / self.nevner

    @property
    def etikett(self) -> str:
        """``diagnose_hjerte_og_kar`` → ``Hjerte og kar`` (the part after the first ``_``)."""
        text = self.id.split("_", 1)[1].replace("_", " ")
        return text[:1].upper() + text[1:]


class Figurer:
    """The figures of ``figures.csv`` by id; a missing id is an error that names it."""

    def __init__(self, figurer: list[Figur]):
        self._by_id = {f.id: f for f in figurer}
        self._order = [f.id for f in figurer]

    @classmethod
    def from_csv(cls, path: Path) -> Figurer:
        table = read_csv(path)
        require_columns(table, ("figur", "verdi", "nevner"), Path(path).name)
        return cls(
            [
                Figur(r.figur, as_int(r.verdi), as_int(r.nevner) if r.nevner.strip() else None)
                for r in table.itertuples(index=False)
            ]
        )

    def __getitem__(self, figur: str) -> Figur:
        try:
            return self._by_id[figur]
        except KeyError:
            raise ReportDataError(
                f"figures.csv mangler figuren '{figur}', som rapporten bruker"
            ) from None

    def __contains__(self, figur: object) -> bool:
        return figur in self._by_id

    def get(self, figur: str) -> Figur | None:
        return self._by_id.get(figur)

    def records(self) -> list[dict]:
        """Every figure as ``{id, verdi, nevner}``, in file order."""
        return [vars(self._by_id[i]) for i in self._order]

    def med_prefiks(self, prefix: str, unntatt: str | None = None) -> list[Figur]:
        """Figures whose id starts with ``prefix`` (not ``unntatt``), in file order."""
        return [
            self._by_id[i]
            for i in self._order
            if i.startswith(prefix) and not (unntatt and i.startswith(unntatt))
        ]

    def require(self, ids: set[str] | tuple[str, ...]) -> None:
        """Raise one error naming every id that is missing."""
        missing = sorted(set(ids) - set(self._by_id))
        if missing:
            raise ReportDataError(
                "figures.csv mangler figurer som rapporten bruker: " + ", ".join(missing)
            )


# The figures of manual decisions about services: in figures.csv only when a decision is
# about a service (valgfri in the catalogue), then all three.
MANUAL_SERVICE_FIGURES = (
    "tjenester_ekskludert_etter_reglene",
    "tjenester_manuelt_inkludert",
    "tjenester_manuelt_ekskludert",
)


def manual_services(figurer: Figurer) -> dict[str, Figur] | None:
    """The figures of manual decisions about services by their short name
    (``ekskludert_etter_reglene``, ``manuelt_inkludert``, ``manuelt_ekskludert``); None: the
    run has no decision about a service."""
    if MANUAL_SERVICE_FIGURES[0] not in figurer:
        return None
    return {k.removeprefix("tjenester_"): figurer[k] for k in MANUAL_SERVICE_FIGURES}


def has_manual_decisions(figurer: Figurer) -> bool:
    """Whether any manual decision was recorded (about a kommune or a service)."""
    return any(figurer[f"manuelle_beslutninger_{t}"].verdi for t in ("kommune", "tjeneste"))
