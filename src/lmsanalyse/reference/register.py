"""The register: the units that were asked, their kommuner and bydeler, and their population.

The **register** is configuration (``register:`` in ``config/config.yaml``, see
:class:`Register`): which files hold the kommuner, the bydeler of the kommuner that answered by
bydel (Oslo), the population, the change lists (2014 → 2020, 2014 → 2024), the 2024 kommuner,
the 2020 fylker and the map, the year whose kommuner the register holds (``aar``), and how
many kommuner, bydeler and units the files must hold. The default is the real 2014 register
in ``data/reference/`` (copied from SSB-based public sources; see its ``SOURCE.md``) with
428 kommuner, 15 bydeler and 442 units; ``config/registers/2024.yaml`` is the 2024 register
(357 kommuner, Oslo by its 15 bydeler, 371 units, no population); ``lmsanalyse synth --scale K``
writes a synthetic K-fold register beside its raw data, with the config that names it. Every
loader checks the invariants of the configured register, so that a damaged or swapped
register file stops the run, naming the file, instead of shifting a denominator.

The change lists and what the register makes of them (pictures on later maps, kommuner of
other years) are in :mod:`.change_lists`. The published figures are not part of the register:
they stay in ``reference_dir``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..schema import load_schema

if TYPE_CHECKING:  # pandas is imported where a file is read: the Snakefile imports this module
    import pandas as pd

# The register's defaults are written once, in the config schema
# (schemas/config.schema.yaml, ``register:``): the real 2014 register in data/reference.
_SCHEMA = load_schema("config")["properties"]
_ROLES = _SCHEMA["register"]["properties"]
_NOT_FILES = ("mappe", "aar", "antall")
# The register's files by role (the keys of ``register:``), as the default register names them.
REGISTER_FILES = {role: p["default"] for role, p in _ROLES.items() if role not in _NOT_FILES}
# Roles a register may leave out (null in the schema): a register without bydeler, without
# population (then no population figures), without change lists (then no 2020 picture, no
# kommuner of other years refused), or without a map (a synthetic register).
OPTIONAL_ROLES = tuple(r for r in REGISTER_FILES if "null" in _ROLES[r]["type"])
# The counts the default register holds: its invariants (``register.antall``).
DEFAULT_COUNTS = {k: p["default"] for k, p in _ROLES["antall"]["properties"].items()}
# The year of the default register's kommuner; the years a register may be of.
DEFAULT_YEAR = _ROLES["aar"]["default"]
YEARS = tuple(_ROLES["aar"]["enum"])
# Reference files outside the register, in reference_dir (config key → default file).
OTHER_FILES = {"publiserte_tall": _SCHEMA["publiserte_tall"]["default"]}
OSLO = "0301"


class ReferenceError(ValueError):
    """A reference file does not hold what the analysis relies on."""


@dataclass(frozen=True)
class Register:
    """The configured register: its folder, its file for each role, the counts it must hold.

    Attributes:
        mappe: the folder relative file names are read from.
        filer: role (:data:`REGISTER_FILES`) → file name or path; None where the register has
            no such file (:data:`OPTIONAL_ROLES`).
        antall: the invariants (:data:`DEFAULT_COUNTS`): ``kommuner``, ``bydeler``,
            ``enheter`` (the units asked: the kommuner without bydeler and the bydeler),
            ``kommuner_2020``, ``kommuner_2024``, ``fylker_2020``, ``fylker_2024``.
        aar: the year whose kommuner the register holds (2014 or 2024): the names and numbers
            a wave's raw data must use, and the side of each change list that is the
            register's (:mod:`.change_lists`).
    """

    mappe: Path
    filer: dict = field(default_factory=lambda: dict(REGISTER_FILES))
    antall: dict = field(default_factory=lambda: dict(DEFAULT_COUNTS))
    aar: int = DEFAULT_YEAR

    @classmethod
    def default(cls, ref_dir: Path | str) -> Register:
        """The real 2014 register in ``ref_dir`` (``data/reference``)."""
        return cls(Path(ref_dir))

    @classmethod
    def from_values(cls, values: dict, reference_dir: Path, base: Path) -> Register:
        """The register of a validated config's ``register:`` (defaults filled in).

        ``mappe`` relative to ``base`` (the repository); no ``mappe``: ``reference_dir``.
        """
        folder = values.get("mappe")
        if folder is None:
            mappe = Path(reference_dir)
        else:
            mappe = Path(folder) if Path(folder).is_absolute() else Path(base) / folder
        files = {role: values.get(role, name) for role, name in REGISTER_FILES.items()}
        counts = DEFAULT_COUNTS | dict(values.get("antall") or {})
        return cls(mappe, files, counts, int(values.get("aar", DEFAULT_YEAR)))

    def path(self, role: str) -> Path | None:
        """The file of ``role``, or None when the register has none."""
        name = self.filer.get(role)
        if name is None:
            return None
        return Path(name) if Path(name).is_absolute() else self.mappe / name

    def require(self, role: str) -> Path:
        path = self.path(role)
        if path is None:
            raise ReferenceError(f"registeret har ingen fil for {role} (register.{role})")
        return path

    def files(self) -> dict[str, Path]:
        """Every file the register has, by role."""
        return {role: p for role in REGISTER_FILES if (p := self.path(role)) is not None}

    def count(self, name: str) -> int:
        return int(self.antall[name])

    @property
    def has_population(self) -> bool:
        """Whether the register has a population per kommune (the population figures)."""
        return self.path("folkemengde") is not None


RegisterLike = Register | Path | str


def as_register(register: RegisterLike) -> Register:
    """A Register as it is; a folder as the default (2014) register in it."""
    return register if isinstance(register, Register) else Register.default(register)


def reference_files(
    ref_dir: Path,
    register: Register | None = None,
    published: str | None = OTHER_FILES["publiserte_tall"],
) -> dict[str, Path]:
    """Every reference file a run reads, by role: the register's, then the published figures.

    Args:
        ref_dir: ``reference_dir`` (the published figures).
        register: the configured register (default: the 2014 register in ``ref_dir``).
        published: the published figures' file in ``ref_dir`` (config ``publiserte_tall``);
            None: the wave has none (a wave on the 2024 register).
    """
    reg = register if register is not None else Register.default(ref_dir)
    files = reg.files()
    other = {"publiserte_tall": Path(ref_dir) / published} if published else {}
    # The order the files have always been listed in (provenance lists them so).
    order = [
        ("kommuner", files), ("bydeler", files), ("folkemengde", files),
        ("folkemengde_bydeler", files), ("kommuneendringer_2020", files),
        ("kommuneendringer_2024", files), ("kommuner_2024", files), ("fylker_2020", files),
        ("publiserte_tall", other), ("kart", files),
    ]  # fmt: skip
    return {role: source[role] for role, source in order if role in source}


def _read(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        # Every column as text: kommunenummer keep their leading zeros.
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceError(f"{Path(path).name}: filen finnes ikke ({path})") from None


def _columns(df: pd.DataFrame, path: Path, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReferenceError(f"{path.name}: mangler kolonne(r) {', '.join(missing)}")


def _unique_numbers(df: pd.DataFrame, column: str, path: Path, what: str) -> None:
    if df[column].duplicated().any():
        dup = sorted(set(df.loc[df[column].duplicated(), column]))
        raise ReferenceError(f"{path.name}: {column} går igjen: {', '.join(dup[:10])}")
    # Four digits in the 2014 register; a synthetic register's numbers are longer.
    if not df[column].str.fullmatch(r"\d{4,}").all():
        bad = df.loc[~df[column].str.fullmatch(r"\d{4,}"), column].tolist()
        raise ReferenceError(
            f"{path.name}: {column} må være {what} av sifre (minst fire): {', '.join(bad[:5])}"
        )


def load_kommuner(register: RegisterLike) -> pd.DataFrame:
    """Load the register's kommuner and check there are exactly ``antall.kommuner``, unique.

    Args:
        register: the configured register, or a folder with the default 2014 register.

    Returns:
        DataFrame with ``kommunenummer, kommunenavn, fylkesnummer, fylkesnavn``.
    """
    reg = as_register(register)
    path = reg.require("kommuner")
    df = _read(path)
    _columns(df, path, ("kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn"))
    expected = reg.count("kommuner")
    if len(df) != expected:
        raise ReferenceError(
            f"{path.name}: forventet {expected} kommuner (register.antall.kommuner), fant {len(df)}"
        )
    _unique_numbers(df, "kommunenummer", path, "et kommunenummer")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_bydeler(register: RegisterLike) -> pd.DataFrame:
    """Load the bydeler of the kommuner that answered by bydel (``bydelsnummer, bydelsnavn,
    kommunenummer``): exactly ``antall.bydeler``, each in a kommune of the register."""
    import pandas as pd

    reg = as_register(register)
    path = reg.path("bydeler")
    expected = reg.count("bydeler")
    if path is None:
        if expected:
            raise ReferenceError(
                f"registeret har ingen bydelsfil (register.bydeler), men "
                f"register.antall.bydeler er {expected}"
            )
        return pd.DataFrame(columns=["bydelsnummer", "bydelsnavn", "kommunenummer"], dtype=str)
    df = _read(path)
    _columns(df, path, ("bydelsnummer", "bydelsnavn", "kommunenummer"))
    if len(df) != expected:
        # The 2014 register's bydeler are Oslo's: say so, as the analyst knows them.
        where = f" i Oslo ({OSLO})" if set(df["kommunenummer"]) <= {OSLO} else ""
        raise ReferenceError(
            f"{path.name}: forventet {expected} bydeler (register.antall.bydeler), "
            f"fant {len(df)}{where}"
        )
    _unique_numbers(df, "bydelsnummer", path, "et bydelsnummer")
    kommuner = load_kommuner(reg)
    outside = sorted(set(df["kommunenummer"]) - set(kommuner["kommunenummer"]))
    if outside:
        raise ReferenceError(
            f"{path.name}: bydeler i kommunenummer som ikke er i {reg.require('kommuner').name}: "
            f"{', '.join(outside[:5])}"
        )
    clash = sorted(set(df["bydelsnummer"]) & set(kommuner["kommunenummer"]))
    if clash:
        raise ReferenceError(f"{path.name}: bydelsnummer som også er kommunenummer: {clash[0]}")
    return df.sort_values("bydelsnummer").reset_index(drop=True)


def load_enheter(register: RegisterLike) -> pd.DataFrame:
    """The units that received the questionnaire: each kommune, except that a kommune with
    bydeler is its bydeler (2014: 427 kommuner and Oslo's 15 bydeler, 442).

    Oslo itself got no rådmann questionnaire; its bydelsdirektører did. The count must be
    ``antall.enheter``.

    Returns:
        DataFrame with ``enhet_id`` (kommunenummer or bydelsnummer), ``enhet_navn``,
        ``enhetstype`` (``kommune``/``bydel``), ``kommunenummer``, ``kommunenavn``,
        ``fylkesnummer``, ``fylkesnavn``, sorted by ``enhet_id``.
    """
    import pandas as pd

    reg = as_register(register)
    kommuner = load_kommuner(reg)
    bydeler = load_bydeler(reg)
    with_bydeler = set(bydeler["kommunenummer"])
    k = kommuner.loc[~kommuner["kommunenummer"].isin(with_bydeler)]
    units_k = pd.DataFrame(
        {
            "enhet_id": k["kommunenummer"],
            "enhet_navn": k["kommunenavn"],
            "enhetstype": "kommune",
            "kommunenummer": k["kommunenummer"],
            "kommunenavn": k["kommunenavn"],
            "fylkesnummer": k["fylkesnummer"],
            "fylkesnavn": k["fylkesnavn"],
        }
    )
    parent = bydeler.merge(kommuner, on="kommunenummer", how="left", validate="many_to_one")
    units_b = pd.DataFrame(
        {
            "enhet_id": parent["bydelsnummer"],
            "enhet_navn": "Bydel " + parent["bydelsnavn"],
            "enhetstype": "bydel",
            "kommunenummer": parent["kommunenummer"],
            "kommunenavn": parent["kommunenavn"],
            "fylkesnummer": parent["fylkesnummer"],
            "fylkesnavn": parent["fylkesnavn"],
        }
    )
    units = pd.concat([units_k, units_b], ignore_index=True)
    expected = reg.count("enheter")
    if len(units) != expected:
        files = " og ".join(p.name for p in (reg.require("kommuner"), reg.path("bydeler")) if p)
        raise ReferenceError(
            f"{files}: forventet {expected} enheter (register.antall.enheter), fant {len(units)}: "
            f"{len(units_k)} kommuner uten bydeler og {len(units_b)} bydeler"
        )
    return units.sort_values("enhet_id").reset_index(drop=True)


def load_folkemengde(register: RegisterLike) -> pd.DataFrame:
    """Population 1 January 2015 per kommune; checks it covers every kommune exactly once.

    A register without population (``register.folkemengde: null``, the 2024 register) gives
    every kommune an empty population: never 0, so that no figure claims nobody lives there.
    """
    reg = as_register(register)
    path = reg.path("folkemengde")
    if path is None:
        import pandas as pd

        df = load_kommuner(reg)[["kommunenummer"]].copy()
        df["folkemengde_2015"] = pd.array([pd.NA] * len(df), dtype="Int64")
        return df
    df = _read(path)
    _columns(df, path, ("kommunenummer", "folkemengde_2015"))
    kommuner = set(load_kommuner(reg)["kommunenummer"])
    if set(df["kommunenummer"]) != kommuner or df["kommunenummer"].duplicated().any():
        raise ReferenceError(
            f"{path.name}: må ha nøyaktig én rad per kommune i {reg.require('kommuner').name}"
        )
    df["folkemengde_2015"] = df["folkemengde_2015"].astype("int64")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_folkemengde_oslo(register: RegisterLike) -> pd.DataFrame:
    """The population 1 January 2015 of each kommune with bydeler (Oslo) by part: its bydeler
    (``bydel`` = ``Ja``) and the parts that belong to none (Sentrum, Marka, bydel not known).

    Checks that each kommune's bydeler are those of the register and that its parts sum to
    its population in the register's population file. A file without ``kommunenummer`` (the
    2014 register's) belongs to the one kommune with bydeler.

    Returns:
        ``delnummer, delnavn, bydel, folkemengde_2015, kommunenummer`` sorted by delnummer.
    """
    import pandas as pd

    reg = as_register(register)
    columns = ["delnummer", "delnavn", "bydel", "folkemengde_2015", "kommunenummer"]
    bydeler = load_bydeler(reg)
    path = reg.path("folkemengde_bydeler")
    if path is not None and not reg.has_population:
        raise ReferenceError(
            f"{path.name}: registeret har folkemengde per bydel, men ingen folkemengde per "
            "kommune (register.folkemengde)"
        )
    if path is None:
        # Without any population (the 2024 register) there are no parts to count by bydel.
        if len(bydeler) and reg.has_population:
            raise ReferenceError(
                "registeret har bydeler, men ingen folkemengde per bydel "
                "(register.folkemengde_bydeler)"
            )
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns}).astype(
            {"folkemengde_2015": "int64"}
        )
    df = _read(path)
    _columns(df, path, ("delnummer", "delnavn", "bydel", "folkemengde_2015"))
    with_bydeler = sorted(set(bydeler["kommunenummer"]))
    if "kommunenummer" not in df.columns:
        if len(with_bydeler) != 1:
            raise ReferenceError(
                f"{path.name}: mangler kolonnen kommunenummer (registeret har "
                f"{len(with_bydeler)} kommuner med bydeler)"
            )
        df["kommunenummer"] = with_bydeler[0]
    df["folkemengde_2015"] = df["folkemengde_2015"].astype("int64")
    if df["delnummer"].duplicated().any() or not set(df["bydel"]) <= {"Ja", "Nei"}:
        raise ReferenceError(f"{path.name}: hver del én gang, bydel Ja eller Nei")
    listed = df.loc[df["bydel"] == "Ja", ["delnummer", "delnavn", "kommunenummer"]]
    listed = listed.sort_values("delnummer").values.tolist()
    if listed != bydeler[["bydelsnummer", "bydelsnavn", "kommunenummer"]].values.tolist():
        raise ReferenceError(
            f"{path.name}: bydelene er ikke de {len(bydeler)} i registeret "
            f"({reg.require('bydeler').name})"
        )
    if set(df["kommunenummer"]) != set(with_bydeler):
        raise ReferenceError(f"{path.name}: deler i kommuner uten bydeler i registeret")
    folk = load_folkemengde(reg).set_index("kommunenummer")["folkemengde_2015"]
    navn = load_kommuner(reg).set_index("kommunenummer")["kommunenavn"]
    sums = df.groupby("kommunenummer")["folkemengde_2015"].sum()
    for nr, total in sums.items():
        if int(total) != int(folk[nr]):
            raise ReferenceError(
                f"{path.name}: delene summerer til {int(total)}, ikke {navn[nr]}s "
                f"{int(folk[nr])} i {reg.require('folkemengde').name}"
            )
    return df[columns].sort_values("delnummer").reset_index(drop=True)


def read_published_figures(path: Path) -> pd.DataFrame:
    """``published_figures_2015.csv`` read from its path; figure ids must be unique."""
    path = Path(path)
    df = _read(path)
    if df["figur"].duplicated().any():
        raise ReferenceError(f"{path.name}: figur-id går igjen")
    return df
