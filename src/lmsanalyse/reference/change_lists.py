"""The change lists (2014 → 2020, 2014 → 2024) and what a register makes of them.

Every change list goes from the kommuner of 2014 to those of a later year (columns
``kommunenummer_2014, kommunenavn_2014, kommunenummer_<år>, kommunenavn_<år>, endring``; a
kommune split between several has one row for each). Which side is the register's depends on
the register's year (:attr:`Register.aar`):

* **a register of 2014** is the 2014 side of every list. Each list carries the register's
  coverage to that year's map (a *picture*: ``kommune_2020_status``, ``kommune_2024_status``),
  and the kommuner on its other side that are not kommuner of the register are *later*
  kommuner, refused with what they were made of (:mod:`lmsanalyse.clean.other_kommuner`).
* **a register of a later year** (the 2024 register) is that year's side of its own list. Its
  picture on its own year's map is itself (the identity, made in SQL), and there is no
  picture on an earlier year's map. The 2014 kommuner of its own list, and the kommuner of
  another list (2020), that are not kommuner of the register are *earlier* kommuner, refused
  with what they became.

Every list is checked against the register when it is read (the register's side covers
exactly its kommuner; the other side holds ``antall.kommuner_<år>`` kommuner).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .register import (
    ReferenceError,
    Register,
    RegisterLike,
    _columns,
    _read,
    as_register,
    load_kommuner,
)

if TYPE_CHECKING:
    import pandas as pd

# Every change list goes from the kommuner of this year.
FROM_YEAR = 2014
# The years a register may have change lists to (the roles kommuneendringer_<år>).
CHANGE_YEARS = (2020, 2024)
# The 2024 tables the include stage reads itself (role → DuckDB table src_<role>).
REGISTER_2024 = ("kommuner_2024", "kommuneendringer_2024")

_CHANGE_COLUMNS = ("kommunenummer_2014", "kommunenavn_2014", "kommunenummer_{}", "kommunenavn_{}")


def register_side(reg: Register, year: int) -> str | None:
    """The column of the ``year`` list that holds the register's kommuner (None: neither)."""
    if reg.aar == FROM_YEAR:
        return f"kommunenummer_{FROM_YEAR}"
    return f"kommunenummer_{year}" if reg.aar == year else None


def _load_changes(reg: Register, year: int) -> pd.DataFrame | None:
    """2014 → ``year`` kommune changes, checked against the register; None when it has none.

    The register's side (:func:`register_side`) must hold exactly its kommuner; a list of
    another year must start from the same 2014 kommuner as the register's own list; the
    ``year`` side must hold ``antall.kommuner_<year>`` kommuner.
    """
    path = reg.path(f"kommuneendringer_{year}")
    if path is None:
        return None
    df = _read(path)
    _columns(df, path, (*(c.format(year) for c in _CHANGE_COLUMNS), "endring"))
    side = register_side(reg, year)
    if side is not None:
        kommuner = set(load_kommuner(reg)["kommunenummer"])
        if set(df[side]) != kommuner:
            raise ReferenceError(
                f"{path.name}: dekker ikke alle kommunene i {reg.require('kommuner').name}"
            )
    elif (own := _load_changes(reg, reg.aar)) is not None:
        own_from = set(own[f"kommunenummer_{FROM_YEAR}"])
        if set(df[f"kommunenummer_{FROM_YEAR}"]) != own_from:
            raise ReferenceError(
                f"{path.name}: har ikke de samme {FROM_YEAR}-kommunene som "
                f"{reg.require(f'kommuneendringer_{reg.aar}').name}"
            )
    expected = reg.count(f"kommuner_{year}")
    found = df[f"kommunenummer_{year}"].nunique()
    if found != expected:
        raise ReferenceError(
            f"{path.name}: forventet {expected} kommuner i {year} "
            f"(register.antall.kommuner_{year}), fant {found}"
        )
    return df


def _empty_changes(year: int) -> pd.DataFrame:
    import pandas as pd

    columns = [*(c.format(year) for c in _CHANGE_COLUMNS), "endring"]
    return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})


def picture_changes(register: RegisterLike, year: int) -> pd.DataFrame | None:
    """The list that carries the register's kommuner to ``year``'s map (a picture), or None.

    A register of 2014 has one for each change list it has. A register of a later year has
    none: on its own year's map the picture is the register itself (the SQL makes it from
    the register's kommuner), and on an earlier year's map there is no picture.
    """
    reg = as_register(register)
    if reg.aar != FROM_YEAR:
        return None
    if year == 2024:
        return _load_changes_2024(reg)
    return _load_changes(reg, year)


def load_kommuneendringer(register: RegisterLike) -> pd.DataFrame:
    """The 2020 picture's list (2014 register: all 356 kommuner of 2020 appear); empty when
    the register has none (no 2020 change list, or a register of 2024): no 2020 picture."""
    df = picture_changes(register, 2020)
    return _empty_changes(2020) if df is None else df


def change_lists(register: RegisterLike) -> dict[int, pd.DataFrame]:
    """Every change list the register has, by year, checked (the matcher's kommuner of other
    years: later ones for a register of 2014, earlier ones for a register of 2024)."""
    reg = as_register(register)
    lists = {
        year: _load_changes_2024(reg) if year == 2024 else _load_changes(reg, year)
        for year in CHANGE_YEARS
    }
    return {year: df for year, df in lists.items() if df is not None}


def load_fylker_2020(register: RegisterLike) -> pd.DataFrame:
    """The fylker of 2020 (``fylkesnummer_2020, fylkesnavn_2020``; 11 in the 2014 register);
    empty when the register has none."""
    import pandas as pd

    reg = as_register(register)
    path = reg.path("fylker_2020")
    if path is None:
        return pd.DataFrame(
            {c: pd.Series(dtype=str) for c in ("fylkesnummer_2020", "fylkesnavn_2020")}
        )
    df = _read(path)
    expected = reg.count("fylker_2020")
    if len(df) != expected or df["fylkesnummer_2020"].duplicated().any():
        raise ReferenceError(
            f"{path.name}: forventet {expected} ulike fylker (register.antall.fylker_2020)"
        )
    return df


def load_kommuner_2024(register: RegisterLike) -> pd.DataFrame:
    """The kommuner of 2024 in their fylker (``kommunenummer, kommunenavn, fylkesnummer,
    fylkesnavn``; 357 in 15 fylker in the 2014 register); checks the counts, unique numbers
    that begin with their fylke's, and one name per fylke. Empty when the register has none."""
    import pandas as pd

    reg = as_register(register)
    columns = ("kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn")
    path = reg.path("kommuner_2024")
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    df = _read(path)
    _columns(df, path, columns)
    expected, expected_fylker = reg.count("kommuner_2024"), reg.count("fylker_2024")
    problems = []
    if len(df) != expected or df["kommunenummer"].duplicated().any():
        problems.append(f"forventet {expected} ulike kommuner, fant {len(df)} rader")
    # Four digits in the real register; a synthetic register's numbers are longer.
    if not df["kommunenummer"].str.fullmatch(r"\d{4,}").all():
        problems.append("kommunenummer må ha minst fire sifre")
    if not (df["kommunenummer"].str[:2] == df["fylkesnummer"]).all():
        problems.append("fylkesnummer må være de to første sifrene i kommunenummeret")
    fylker = df.groupby("fylkesnummer")["fylkesnavn"].nunique()
    if len(fylker) != expected_fylker or (fylker != 1).any():
        problems.append(f"forventet {expected_fylker} fylker med ett navn hver")
    if problems:
        raise ReferenceError(f"{path.name}: {'; '.join(problems)}")
    return df.sort_values("kommunenummer").reset_index(drop=True)


def load_kommuneendringer_2024(register: RegisterLike) -> pd.DataFrame:
    """2014 → 2024 kommune changes (:func:`_load_changes_2024`); empty when the register has
    no 2024 change list."""
    df = _load_changes_2024(as_register(register))
    return _empty_changes(2024) if df is None else df


def _load_changes_2024(reg: Register) -> pd.DataFrame | None:
    """2014 → 2024 kommune changes, checked as every list is (:func:`_load_changes`), and:
    every 2024 kommune of the 2024 list appears (with its name there), and only a ``delt``
    kommune has more than one row. None when the register has no 2024 change list."""
    df = _load_changes(reg, 2024)
    if df is None:
        return None
    path = reg.require("kommuneendringer_2024")
    problems = []
    if reg.path("kommuner_2024") is not None:
        kommuner_2024 = load_kommuner_2024(reg)
        names = dict(zip(kommuner_2024["kommunenummer"], kommuner_2024["kommunenavn"], strict=True))
        if set(df["kommunenummer_2024"]) != set(names):
            problems.append(f"dekker ikke nøyaktig de {len(names)} kommunene i 2024")
        wrong = df[df["kommunenummer_2024"].map(names) != df["kommunenavn_2024"]]
        if len(wrong):
            problems.append(
                f"2024-navn som ikke står i registeret: {', '.join(wrong['kommunenavn_2024'][:10])}"
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


def load_register_2024(register: RegisterLike) -> dict[str, pd.DataFrame]:
    """The 2024 tables the include stage joins to, by role (:data:`REGISTER_2024`): the
    kommuner of 2024 and the list of the 2024 picture (:func:`picture_changes`; empty for a
    register of 2024, whose picture is itself, and for a register without a 2024 list)."""
    reg = as_register(register)
    changes = picture_changes(reg, 2024) if reg.path("kommuner_2024") is not None else None
    return {
        "kommuner_2024": load_kommuner_2024(reg),
        "kommuneendringer_2024": _empty_changes(2024) if changes is None else changes,
    }


def wave_conditions(register: RegisterLike, published: bool = True) -> frozenset[str]:
    """What a wave on ``register`` has, by the names the figure catalogue's ``krever`` uses
    (``lmsanalyse.include.figure_catalogue.CONDITIONS``), and ``publiserte_tall`` when figures were
    published from it (config ``publiserte_tall``: the reconciliation):

    * ``folkemengde``: the register has a population (the population figures);
    * ``register_2014``: the register is of 2014 (NK LMH's own basis: the 2014 kommuner);
    * ``kart_2020``, ``kart_2024``: a picture on that year's map: from the register's change
      list (a register of 2014), or the register itself on its own year's map.
    """
    reg = as_register(register)
    have = {"publiserte_tall"} if published else set()
    if reg.has_population:
        have.add("folkemengde")
    if reg.aar == FROM_YEAR:
        have.add("register_2014")
    for year in CHANGE_YEARS:
        listed = reg.aar == FROM_YEAR and reg.path(f"kommuneendringer_{year}") is not None
        own = reg.aar == year
        needs_list = year != 2024 or reg.path("kommuner_2024") is not None
        if (listed or own) and needs_list:
            have.add(f"kart_{year}")
    return frozenset(have)
