"""Reference data: the 2014 kommune register, Oslo's bydeler, population, kommune changes.

The files live in ``data/reference/`` (copied from SSB-based public sources; see its
``SOURCE.md``). Every loader checks the invariants the analysis relies on, so that a
damaged or swapped reference file stops the run instead of shifting a denominator.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a file is read: the Snakefile imports this module
    import pandas as pd

# The reference files the pipeline reads, by role.
FILES = {
    "kommuner_2014": "kommuner_2014.csv",
    "oslo_bydeler": "oslo_bydeler_2014.csv",
    "folkemengde_2015": "folkemengde_2015.csv",
    "folkemengde_oslo_2015": "folkemengde_oslo_2015.csv",
    "kommuneendringer_2020": "kommuneendringer_2014_2020.csv",
    "kommuneendringer_2024": "kommuneendringer_2014_2024.csv",
    "kommuner_2024": "kommuner_2024.csv",
    "fylker_2020": "fylker_2020.csv",
    "publiserte_tall": "published_figures_2015.csv",
    "kommunekart": "kommunekart_2017.geojson",
}

EXPECTED_KOMMUNER_2014 = 428
EXPECTED_BYDELER = 15
EXPECTED_KOMMUNER_2020 = 356
EXPECTED_KOMMUNER_2024 = 357
EXPECTED_FYLKER_2024 = 15
# The 2024 register, as the include stage reads it (role in FILES → DuckDB table).
REGISTER_2024 = ("kommuner_2024", "kommuneendringer_2024")
OSLO = "0301"


class ReferenceError(ValueError):
    """A reference file does not hold what the analysis relies on."""


def reference_files(ref_dir: Path) -> dict[str, Path]:
    """Every reference file by role (the rules' reference inputs)."""
    return {role: Path(ref_dir) / name for role, name in FILES.items()}


def _read(path: Path) -> pd.DataFrame:
    import pandas as pd

    # Every column as text: kommunenummer keep their leading zeros.
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_kommuner(ref_dir: Path) -> pd.DataFrame:
    """Load the 2014 kommune register and check it has exactly 428 unique kommuner.

    Args:
        ref_dir: the reference directory (``data/reference``).

    Returns:
        DataFrame with ``kommunenummer, kommunenavn, fylkesnummer, fylkesnavn``.
    """
    path = Path(ref_dir) / FILES["kommuner_2014"]
    df = _read(path)
    if len(df) != EXPECTED_KOMMUNER_2014:
        raise ReferenceError(
            f"{path.name}: forventet {EXPECTED_KOMMUNER_2014} kommuner, fant {len(df)}"
        )
    if df["kommunenummer"].duplicated().any():
        dup = sorted(df.loc[df["kommunenummer"].duplicated(), "kommunenummer"])
        raise ReferenceError(f"{path.name}: kommunenummer går igjen: {', '.join(dup)}")
    if not df["kommunenummer"].str.fullmatch(r"\d{4}").all():
        raise ReferenceError(f"{path.name}: kommunenummer må ha fire sifre")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_bydeler(ref_dir: Path) -> pd.DataFrame:
    """Load Oslo's 15 bydeler (``bydelsnummer, bydelsnavn, kommunenummer``)."""
    path = Path(ref_dir) / FILES["oslo_bydeler"]
    df = _read(path)
    if len(df) != EXPECTED_BYDELER or set(df["kommunenummer"]) != {OSLO}:
        raise ReferenceError(f"{path.name}: forventet {EXPECTED_BYDELER} bydeler i Oslo (0301)")
    return df.sort_values("bydelsnummer").reset_index(drop=True)


def load_enheter(ref_dir: Path) -> pd.DataFrame:
    """The 442 units that received the questionnaire: 427 kommuner and Oslo's 15 bydeler.

    Oslo itself got no rådmann questionnaire; its bydelsdirektører did.

    Returns:
        DataFrame with ``enhet_id`` (kommunenummer or bydelsnummer), ``enhet_navn``,
        ``enhetstype`` (``kommune``/``bydel``), ``kommunenummer``, ``kommunenavn``,
        ``fylkesnummer``, ``fylkesnavn``, sorted by ``enhet_id``.
    """
    import pandas as pd

    kommuner = load_kommuner(ref_dir)
    bydeler = load_bydeler(ref_dir)
    oslo = kommuner.loc[kommuner["kommunenummer"] == OSLO].iloc[0]
    k = kommuner.loc[kommuner["kommunenummer"] != OSLO]
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
    units_b = pd.DataFrame(
        {
            "enhet_id": bydeler["bydelsnummer"],
            "enhet_navn": "Bydel " + bydeler["bydelsnavn"],
            "enhetstype": "bydel",
            "kommunenummer": OSLO,
            "kommunenavn": oslo["kommunenavn"],
            "fylkesnummer": oslo["fylkesnummer"],
            "fylkesnavn": oslo["fylkesnavn"],
        }
    )
    units = pd.concat([units_k, units_b], ignore_index=True)
    return units.sort_values("enhet_id").reset_index(drop=True)


def load_folkemengde(ref_dir: Path) -> pd.DataFrame:
    """Population 1 January 2015 per 2014 kommune; checks it covers all 428 exactly once."""
    path = Path(ref_dir) / FILES["folkemengde_2015"]
    df = _read(path)
    kommuner = set(load_kommuner(ref_dir)["kommunenummer"])
    if set(df["kommunenummer"]) != kommuner or df["kommunenummer"].duplicated().any():
        raise ReferenceError(f"{path.name}: må ha nøyaktig én rad per kommune i 2014-registeret")
    df["folkemengde_2015"] = df["folkemengde_2015"].astype("int64")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_folkemengde_oslo(ref_dir: Path) -> pd.DataFrame:
    """Oslo's population 1 January 2015 by part: the 15 bydeler (``bydel`` = ``Ja``) and the
    parts that belong to none (Sentrum, Marka, bydel not known). Checks that the bydeler are
    those of the register and that the parts sum to Oslo's population in
    ``folkemengde_2015.csv``."""
    path = Path(ref_dir) / FILES["folkemengde_oslo_2015"]
    df = _read(path)
    df["folkemengde_2015"] = df["folkemengde_2015"].astype("int64")
    bydeler = load_bydeler(ref_dir)
    listed = df.loc[df["bydel"] == "Ja", ["delnummer", "delnavn"]].sort_values("delnummer")
    if listed.values.tolist() != bydeler[["bydelsnummer", "bydelsnavn"]].values.tolist():
        raise ReferenceError(f"{path.name}: bydelene er ikke de {EXPECTED_BYDELER} i registeret")
    if df["delnummer"].duplicated().any() or not set(df["bydel"]) <= {"Ja", "Nei"}:
        raise ReferenceError(f"{path.name}: hver del én gang, bydel Ja eller Nei")
    folk = load_folkemengde(ref_dir).set_index("kommunenummer")["folkemengde_2015"]
    if int(df["folkemengde_2015"].sum()) != int(folk[OSLO]):
        raise ReferenceError(
            f"{path.name}: delene summerer til {int(df['folkemengde_2015'].sum())}, ikke Oslos "
            f"{int(folk[OSLO])} i {FILES['folkemengde_2015']}"
        )
    return df.sort_values("delnummer").reset_index(drop=True)


def load_kommuneendringer(ref_dir: Path) -> pd.DataFrame:
    """2014 → 2020 kommune changes; every 2014 kommune appears, all 356 of 2020 appear."""
    path = Path(ref_dir) / FILES["kommuneendringer_2020"]
    df = _read(path)
    kommuner = set(load_kommuner(ref_dir)["kommunenummer"])
    if set(df["kommunenummer_2014"]) != kommuner:
        raise ReferenceError(f"{path.name}: dekker ikke alle 2014-kommunene")
    if df["kommunenummer_2020"].nunique() != EXPECTED_KOMMUNER_2020:
        raise ReferenceError(f"{path.name}: forventet {EXPECTED_KOMMUNER_2020} kommuner i 2020")
    return df


def load_published_figures(ref_dir: Path) -> pd.DataFrame:
    """Every figure NK LMH published (``figur, beskrivelse, verdi, nevner, publisert_tekst, kilde``)."""
    return read_published_figures(Path(ref_dir) / FILES["publiserte_tall"])


def read_published_figures(path: Path) -> pd.DataFrame:
    """``published_figures_2015.csv`` read from its path; figure ids must be unique."""
    path = Path(path)
    df = _read(path)
    if df["figur"].duplicated().any():
        raise ReferenceError(f"{path.name}: figur-id går igjen")
    return df


def load_fylker_2020(ref_dir: Path) -> pd.DataFrame:
    """The 11 fylker of 2020 (``fylkesnummer_2020, fylkesnavn_2020``)."""
    path = Path(ref_dir) / FILES["fylker_2020"]
    df = _read(path)
    if len(df) != 11 or df["fylkesnummer_2020"].duplicated().any():
        raise ReferenceError(f"{path.name}: forventet 11 ulike fylker")
    return df


def load_kommuner_2024(ref_dir: Path) -> pd.DataFrame:
    """The 357 kommuner of 2024 in 15 fylker (``kommunenummer, kommunenavn, fylkesnummer,
    fylkesnavn``); checks the count, unique four-digit numbers and one name per fylke."""
    path = Path(ref_dir) / FILES["kommuner_2024"]
    df = _read(path)
    problems = []
    if len(df) != EXPECTED_KOMMUNER_2024 or df["kommunenummer"].duplicated().any():
        problems.append(f"forventet {EXPECTED_KOMMUNER_2024} ulike kommuner, fant {len(df)} rader")
    if not df["kommunenummer"].str.fullmatch(r"\d{4}").all():
        problems.append("kommunenummer må ha fire sifre")
    if not (df["kommunenummer"].str[:2] == df["fylkesnummer"]).all():
        problems.append("fylkesnummer må være de to første sifrene i kommunenummeret")
    fylker = df.groupby("fylkesnummer")["fylkesnavn"].nunique()
    if len(fylker) != EXPECTED_FYLKER_2024 or (fylker != 1).any():
        problems.append(f"forventet {EXPECTED_FYLKER_2024} fylker med ett navn hver")
    if problems:
        raise ReferenceError(f"{path.name}: {'; '.join(problems)}")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_kommuneendringer_2024(ref_dir: Path) -> pd.DataFrame:
    """2014 → 2024 kommune changes: every 2014 kommune appears, every 2024 kommune of
    ``kommuner_2024.csv`` appears (with its name there), and only a ``delt`` kommune has
    more than one row."""
    path = Path(ref_dir) / FILES["kommuneendringer_2024"]
    df = _read(path)
    kommuner_2014 = set(load_kommuner(ref_dir)["kommunenummer"])
    register = load_kommuner_2024(ref_dir)
    names = dict(zip(register["kommunenummer"], register["kommunenavn"], strict=True))
    problems = []
    if set(df["kommunenummer_2014"]) != kommuner_2014:
        problems.append("dekker ikke nøyaktig 2014-kommunene")
    if set(df["kommunenummer_2024"]) != set(names):
        problems.append(f"dekker ikke nøyaktig de {EXPECTED_KOMMUNER_2024} kommunene i 2024")
    wrong = df[df["kommunenummer_2024"].map(names) != df["kommunenavn_2024"]]
    if len(wrong):
        problems.append(
            f"2024-navn som ikke står i registeret: {', '.join(wrong['kommunenavn_2024'])}"
        )
    several = df[df["kommunenummer_2014"].duplicated(keep=False)]
    if (
        not several["endring"].eq("delt").all()
        or not df[df["endring"].eq("delt")]["kommunenummer_2014"].duplicated(keep=False).all()
    ):
        problems.append("bare en delt kommune kan ha flere rader, og den må ha minst to")
    if df.duplicated(["kommunenummer_2014", "kommunenummer_2024"]).any():
        problems.append("samme par av 2014- og 2024-kommune står flere ganger")
    if problems:
        raise ReferenceError(f"{path.name}: {'; '.join(problems)}")
    return df.sort_values(["kommunenummer_2014", "kommunenummer_2024"]).reset_index(drop=True)


def load_register_2024(ref_dir: Path) -> dict[str, pd.DataFrame]:
    """The 2024 register tables the include stage joins to, by role (``REGISTER_2024``)."""
    return {
        "kommuner_2024": load_kommuner_2024(ref_dir),
        "kommuneendringer_2024": load_kommuneendringer_2024(ref_dir),
    }
