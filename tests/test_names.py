"""Tests for lmsanalyse.names: matching typed kommune and bydel names to the 2014 register.

Expected numbers are taken from data/reference/kommuner_2014.csv and oslo_bydeler_2014.csv.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmsanalyse.clean.names import KommuneMatcher, Match, normalise_name
from lmsanalyse.reference import load_bydeler, load_kommuner

REF_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


@pytest.fixture(scope="module")
def matcher() -> KommuneMatcher:
    return KommuneMatcher.from_reference(REF_DIR)


class TestNormaliseName:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Kárášjohka", "karasjohka"),
            ("Grünerløkka", "grunerløkka"),
            ("Bærum", "bærum"),
            ("Åsnes", "åsnes"),
            ("ÅMOT", "åmot"),
            ("Unjárga - Nesseby", "unjarga nesseby"),
            ("  Karasjok   kommune ", "karasjok"),
            ("Kommune Narvik", "narvik"),
            ("Narvik kommunes", "narvik"),
            ("Bydel Grünerløkka", "grunerløkka"),
            ("Grünerløkka bydelen", "grunerløkka"),
            ("Kvam herad", "kvam"),
            ("Aurskog-Høland", "aurskog høland"),
            ("Aurskog–Høland", "aurskog høland"),
            ("Nord_Fron", "nord fron"),
            ("St. Hanshaugen", "st hanshaugen"),
            ("Sør/Varanger", "sør varanger"),
            ("Evje og Hornnes", "evje og hornnes"),
            ("Kommunestyret", "kommunestyret"),
            ("M&R", "m&r"),
            ("Ｎａｒｖｉｋ", "narvik"),
            ("Narvik\tkommune\n", "narvik"),
            ("", ""),
            ("   ", ""),
            ("kommune", ""),
            ("\x00\x1f", ""),
        ],
    )
    def test_examples(self, text: str, expected: str) -> None:
        assert normalise_name(text) == expected

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_never_raises_and_is_tidy(self, text: str) -> None:
        result = normalise_name(text)
        assert result == result.strip()
        assert "  " not in result


class TestMatchOk:
    def test_ok_follows_enhet_id(self) -> None:
        assert Match("1805", "1805", "navn", None).ok is True
        assert Match(None, None, "ingen", "tom verdi").ok is False


class TestMatch:
    @pytest.mark.parametrize(
        ("text", "enhet_id", "metode"),
        [
            # Sámi and Norwegian name parts, alone and together
            ("Kárášjohka", "2021", "navn"),
            ("Karasjok", "2021", "navn"),
            ("Karasjok kommune", "2021", "navn"),
            ("Kárášjohka - Karasjok", "2021", "navn"),
            ("Karasjok - Kárášjohka", "2021", "navn"),
            ("Guovdageaidnu", "2011", "navn"),
            ("Kautokeino", "2011", "navn"),
            ("Kautokeino (Guovdageaidnu)", "2011", "navn"),
            ("Unjárga", "2027", "navn"),
            ("Nesseby", "2027", "navn"),
            ("Deatnu", "2025", "navn"),
            ("Tana", "2025", "navn"),
            ("Porsanger", "2020", "navn"),
            ("Porsángu", "2020", "navn"),
            ("Gáivuotna", "1940", "navn"),
            ("Kåfjord", "1940", "navn"),
            ("Snåase", "1736", "navn"),
            ("Snåsa", "1736", "navn"),
            ("Divtasvuodna", "1850", "navn"),
            ("Tysfjord", "1850", "navn"),
            ("Hamarøy", "1849", "navn"),
            ("Lavangen", "1920", "navn"),
            ("Storfjord", "1939", "navn"),
            ("Omasvuono", "1939", "navn"),
            ("Storfjord - Omasvuotna", "1939", "navn"),
            # case, hyphen and suffix variants
            ("aurskog høland", "0221", "navn"),
            ("AURSKOG-HØLAND KOMMUNE", "0221", "navn"),
            ("Aurskog Høland", "0221", "navn"),
            ("Nord Fron", "0516", "navn"),
            ("nord-fron", "0516", "navn"),
            ("Nordfron", "0516", "navn"),
            ("Evje og Hornnes", "0937", "navn"),
            ("Kvam herad", "1238", "navn"),
            ("  narvik kommune ", "1805", "navn"),
            ("Frogn", "0215", "navn"),
            # numbers, with and without the leading zero, alone or with the name
            ("1805", "1805", "nummer"),
            ("0106", "0106", "nummer"),
            ("106", "0106", "nummer"),
            ("301", "0301", "nummer"),
            ("805", "0805", "nummer"),
            ("1805 Narvik", "1805", "nummer"),
            ("Narvik (1805)", "1805", "nummer"),
            ("1805 - Narvik kommune", "1805", "nummer"),
            ("Narvik, knr. 1805", "1805", "nummer"),
            ("1515 Herøy", "1515", "nummer"),
            ("1818 Herøy", "1818", "nummer"),
            ("1805 Narvk", "1805", "nummer"),
            ("1001 Kristiansnd", "1001", "nummer"),
            # Oslo and its bydeler
            ("Oslo", "0301", "navn"),
            ("Oslo kommune", "0301", "navn"),
            ("Bydel Grünerløkka", "030102", "navn"),
            ("grunerløkka", "030102", "navn"),
            ("Oslo - Grünerløkka", "030102", "navn"),
            ("Oslo bydel Grünerløkka", "030102", "navn"),
            ("Grünerløkka (Oslo)", "030102", "navn"),
            ("Søndre Nordstrand", "030115", "navn"),
            ("Nordstrand", "030114", "navn"),
            ("Bydel Nordstrand", "030114", "navn"),
            ("St. Hanshaugen", "030104", "navn"),
            ("St Hanshaugen", "030104", "navn"),
            ("Sankt Hanshaugen", "030104", "navn"),
            ("Gamle Oslo", "030101", "navn"),
            ("Frogner", "030105", "navn"),
            ("030102", "030102", "nummer"),
            ("30102", "030102", "nummer"),
            ("030102 Grünerløkka", "030102", "nummer"),
            ("0301 Grünerløkka", "030102", "nummer"),
            ("030114 Oslo", "030114", "nummer"),
            # duplicated names with a fylke
            ("Våler i Østfold", "0137", "navn"),
            ("Våler (Hedmark)", "0426", "navn"),
            ("Våler (Viken)", "0137", "navn"),
            ("Våler (Innlandet)", "0426", "navn"),
            ("Herøy i Møre og Romsdal", "1515", "navn"),
            ("Herøy (Møre og Romsdal)", "1515", "navn"),
            ("Herøy M&R", "1515", "navn"),
            ("Herøy Møre", "1515", "navn"),
            ("Herøy (Nordland)", "1818", "navn"),
            ("Herøy Nordland", "1818", "navn"),
            ("Herøy kommune i Nordland", "1818", "navn"),
            ("Bø i Telemark", "0821", "navn"),
            ("Bø i Nordland", "1867", "navn"),
            ("Os (Hordaland)", "1243", "navn"),
            ("Os i Hedmark", "0441", "navn"),
            ("Nes i Akershus", "0236", "navn"),
            ("Nes, Buskerud", "0616", "navn"),
            ("Sande i Vestfold fylke", "0713", "navn"),
            ("Sande (Møre og Romsdal)", "1514", "navn"),
            ("Narvik i Nordland", "1805", "navn"),
            ("Storfjord i Troms", "1939", "navn"),
            ("Alta, Finnmark", "2012", "navn"),
            # typos and keyboards without æ/ø/å, resolved by fuzzy matching
            ("Narvk", "1805", "fuzzy"),
            ("Fredrikstadt", "0106", "fuzzy"),
            ("Kristiansandd", "1001", "fuzzy"),
            ("Lillehamer", "0501", "fuzzy"),
            ("Trondhjem", "1601", "fuzzy"),
            ("Tromso", "1902", "fuzzy"),
            ("Baerum", "0219", "fuzzy"),
            ("Aalesund", "1504", "fuzzy"),
            ("Snasa", "1736", "fuzzy"),
            ("Sor-Varanger", "2030", "fuzzy"),
            ("Toten Østre", "0528", "fuzzy"),
            ("sondre nordstrand", "030115", "fuzzy"),
            ("Grunerlokka", "030102", "fuzzy"),
            ("Vålr i Østfold", "0137", "fuzzy"),
            ("Heroy i More og Romsdal", "1515", "fuzzy"),
        ],
    )
    def test_matches(self, matcher: KommuneMatcher, text: str, enhet_id: str, metode: str) -> None:
        result = matcher.match(text)
        assert (result.enhet_id, result.metode) == (enhet_id, metode)
        assert result.kommunenummer == (enhet_id if len(enhet_id) == 4 else "0301")

    @pytest.mark.parametrize(
        ("text", "melding"),
        [
            ("Narvk", "'Narvk' tolket som 1805 Narvik (likhet 91)"),
            ("Fredrikstadt", "'Fredrikstadt' tolket som 0106 Fredrikstad (likhet 96)"),
            ("Grunerlokka", "'Grunerlokka' tolket som 030102 Bydel Grünerløkka (likhet 100)"),
        ],
    )
    def test_fuzzy_note(self, matcher: KommuneMatcher, text: str, melding: str) -> None:
        assert str(matcher.match(text).melding) == melding

    @pytest.mark.parametrize(
        "text", ["Narvik", "1805", "1805 Narvik", "Bydel Frogner", "Våler i Østfold"]
    )
    def test_exact_and_number_matches_have_no_message(
        self, matcher: KommuneMatcher, text: str
    ) -> None:
        assert matcher.match(text).melding is None

    @pytest.mark.parametrize(
        ("text", "melding"),
        [
            (
                "Våler",
                "'Våler' er tvetydig: 0137 Våler (Østfold) og 0426 Våler (Hedmark). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Herøy",
                "'Herøy' er tvetydig: 1515 Herøy (Møre og Romsdal) og 1818 Herøy (Nordland). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Bø kommune",
                "'Bø kommune' er tvetydig: 0821 Bø (Telemark) og 1867 Bø (Nordland). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Nes",
                "'Nes' er tvetydig: 0236 Nes (Akershus) og 0616 Nes (Buskerud). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "OS",
                "'OS' er tvetydig: 0441 Os (Hedmark) og 1243 Os (Hordaland). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Sande",
                "'Sande' er tvetydig: 0713 Sande (Vestfold) og 1514 Sande (Møre og Romsdal). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Nes (Viken)",
                "'Nes (Viken)' er tvetydig: 0236 Nes (Akershus) og 0616 Nes (Buskerud). "
                "Oppgi kommunenummer eller fylke.",
            ),
            (
                "Vålr",
                "'Vålr' er tvetydig: 0137 Våler (Østfold, likhet 89) og "
                "0426 Våler (Hedmark, likhet 89). Oppgi kommunenummer eller fylke.",
            ),
            (
                "Kristiansnd",
                "'Kristiansnd' er tvetydig: 1001 Kristiansand (Vest-Agder, likhet 96) og "
                "1505 Kristiansund (Møre og Romsdal, likhet 96). Oppgi kommunenummer eller fylke.",
            ),
            (
                "Bergn",
                "'Bergn' er tvetydig: 1201 Bergen (Hordaland, likhet 91) og "
                "1929 Berg (Troms Romsa, likhet 89). Oppgi kommunenummer eller fylke.",
            ),
            (
                "Kristian",
                "'Kristian' er ikke gjenkjent (under terskel 88); nærmest: "
                "1001 Kristiansand (Vest-Agder, likhet 80), "
                "1505 Kristiansund (Møre og Romsdal, likhet 80) og "
                "0904 Grimstad (Aust-Agder, likhet 62)",
            ),
            (
                "Mo i Rana",
                "'Mo i Rana' er ikke gjenkjent (under terskel 88); nærmest: "
                "1833 Rana (Nordland, likhet 62)",
            ),
            ("Testkommune", "'Testkommune' er ikke et kjent kommune- eller bydelsnavn"),
            ("xyz", "'xyz' er ikke et kjent kommune- eller bydelsnavn"),
            ("Kommune", "'Kommune' er ikke et kjent kommune- eller bydelsnavn"),
            ("Troms", "'Troms' er et fylke, ikke en kommune eller bydel"),
            ("Nordland fylke", "'Nordland fylke' er et fylke, ikke en kommune eller bydel"),
            (
                "Narvik i Telemark",
                "'Narvik i Telemark': navnet passer ikke med fylket; "
                "kandidater: 1805 Narvik (Nordland)",
            ),
            (
                "Våler i Nordland",
                "'Våler i Nordland': navnet passer ikke med fylket; "
                "kandidater: 0137 Våler (Østfold) og 0426 Våler (Hedmark)",
            ),
            (
                "3001",
                "3001 er ikke et kommunenummer i 2014: 3001 er nummeret Halden fikk i 2020 "
                "(i 2014: 0101); oppgi 2014-kommunen",
            ),
            (
                "3014",
                "3014 er ikke et kommunenummer i 2014: 3014 Indre Østfold er en kommune fra "
                "2020, laget av Trøgstad, Spydeberg, Askim, Eidsberg og Hobøl (2014); oppgi "
                "2014-kommunen",
            ),
            (
                "1806 Narvik",
                "1806 er ikke et kommunenummer i 2014: 1806 Narvik er en kommune fra 2020, "
                "laget av Narvik, del av Tysfjord - Divtasvuodna og Ballangen (2014); oppgi "
                "2014-kommunen",
            ),
            ("9999", "9999 er ikke et kommunenummer i 2014"),
            ("999", "999 er ikke et kommunenummer i 2014 (heller ikke som 0999)"),
            ("030199", "030199 er ikke et bydelsnummer i Oslo"),
            (
                "12",
                "12 er ikke et gyldig kommunenummer (4 sifre) eller bydelsnummer (6 sifre)",
            ),
            ("1805 1804", "'1805 1804' inneholder flere numre (1805, 1804)"),
            (
                "1805 Bodø",
                "nummer og navn stemmer ikke overens: 1805 er Narvik, men navnet er 'Bodø'",
            ),
            (
                "Bodø (1805)",
                "nummer og navn stemmer ikke overens: 1805 er Narvik, men navnet er 'Bodø'",
            ),
            (
                "030102 Frogner",
                "nummer og navn stemmer ikke overens: 030102 er Bydel Grünerløkka, "
                "men navnet er 'Frogner'",
            ),
            ("", "tom verdi"),
            ("   ", "tom verdi"),
            (None, "tom verdi"),
        ],
    )
    def test_no_match(self, matcher: KommuneMatcher, text: str | None, melding: str) -> None:
        result = matcher.match(text)
        assert (result.enhet_id, result.kommunenummer, result.metode) == (None, None, "ingen")
        assert str(result.melding) == melding

    @pytest.mark.parametrize(
        ("value", "enhet_id"),
        [(1805, "1805"), (301.0, "0301"), (float("nan"), None)],
    )
    def test_spreadsheet_values(
        self, matcher: KommuneMatcher, value: object, enhet_id: str | None
    ) -> None:
        assert matcher.match(value).enhet_id == enhet_id  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", ["Bø", "Herøy", "Nes", "Os", "Sande", "Våler"])
    def test_fuzzy_never_picks_a_duplicated_name(self, matcher: KommuneMatcher, name: str) -> None:
        typo = name + name[-1]
        assert matcher.match(typo).metode == "ingen"

    def test_every_register_name_and_number_matches_itself(self, matcher: KommuneMatcher) -> None:
        kommuner = load_kommuner(REF_DIR)
        duplicated = {"Bø", "Herøy", "Nes", "Os", "Sande", "Våler"}
        for nr, navn in zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True):
            assert matcher.match(nr) == Match(nr, nr, "nummer", None)
            assert matcher.match(f"{nr} {navn}") == Match(nr, nr, "nummer", None)
            if navn not in duplicated:
                assert matcher.match(navn) == Match(nr, nr, "navn", None)
        bydeler = load_bydeler(REF_DIR)
        for nr, navn in zip(bydeler["bydelsnummer"], bydeler["bydelsnavn"], strict=True):
            assert matcher.match(f"Bydel {navn}") == Match(nr, "0301", "navn", None)

    def test_duplicated_names_are_exactly_the_known_six(self, matcher: KommuneMatcher) -> None:
        kommuner = load_kommuner(REF_DIR)
        ambiguous = {n for n in kommuner["kommunenavn"] if not matcher.match(n).ok}
        assert ambiguous == {"Bø", "Herøy", "Nes", "Os", "Sande", "Våler"}

    def test_threshold_is_configurable(self) -> None:
        strict = KommuneMatcher.from_reference(REF_DIR, fuzzy_threshold=95.0)
        assert strict.match("Narvk").metode == "ingen"
        assert strict.match("Fredrikstadt").enhet_id == "0106"

    def test_margin_is_configurable(self) -> None:
        loose = KommuneMatcher.from_reference(REF_DIR, fuzzy_margin=1.0)
        found = loose.match("Bergn")
        assert (found.enhet_id, found.kommunenummer, found.metode) == ("1201", "1201", "fuzzy")
        assert str(found.melding) == "'Bergn' tolket som 1201 Bergen (likhet 91)"

    def test_without_endringer_2020_numbers_get_no_hint(self) -> None:
        plain = KommuneMatcher(load_kommuner(REF_DIR), load_bydeler(REF_DIR))
        assert str(plain.match("3001").melding) == "3001 er ikke et kommunenummer i 2014"

    def test_results_are_cached(self, matcher: KommuneMatcher) -> None:
        assert matcher.match("Narvk") is matcher.match("Narvk")

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=40))
    def test_never_raises(self, matcher: KommuneMatcher, text: str) -> None:
        result = matcher.match(text)
        assert result.metode in {"nummer", "navn", "fuzzy", "ingen"}
        assert result.ok == (result.metode != "ingen")
        assert (result.melding is None) == (result.metode in {"nummer", "navn"})


class TestSplitList:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            (
                "Narvik; Evenes, Ballangen og Tjeldsund",
                ["Narvik", "Evenes", "Ballangen", "Tjeldsund"],
            ),
            ("Evje og Hornnes og Iveland", ["Evje og Hornnes", "Iveland"]),
            ("Iveland og Evje og Hornnes", ["Iveland", "Evje og Hornnes"]),
            ("Herøy i Møre og Romsdal", ["Herøy i Møre og Romsdal"]),
            (
                "Narvik og Herøy i Møre og Romsdal",
                ["Narvik", "Herøy i Møre og Romsdal"],
            ),
            ("Nore og Uvdal og Flesberg", ["Nore og Uvdal", "Flesberg"]),
            ("Narvik\nEvenes\r\nTjeldsund", ["Narvik", "Evenes", "Tjeldsund"]),
            ("Narvik OG Evenes", ["Narvik", "Evenes"]),
            ("Herøy og Sande", ["Herøy", "Sande"]),
            ("Narvik og Xyz", ["Narvik", "Xyz"]),
            ("Xyz og Abc", ["Xyz og Abc"]),
            ("Narvik, og Tjeldsund", ["Narvik", "Tjeldsund"]),
            ("1805 Narvik; 1853 - Evenes", ["1805 Narvik", "1853 - Evenes"]),
            ("  Narvik  ", ["Narvik"]),
            (" ; ,, \n", []),
            ("", []),
            (None, []),
        ],
    )
    def test_examples(self, matcher: KommuneMatcher, cell: str | None, expected: list[str]) -> None:
        assert matcher.split_list(cell) == expected

    def test_nan_is_empty(self, matcher: KommuneMatcher) -> None:
        assert matcher.split_list(math.nan) == []  # type: ignore[arg-type]

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=60))
    def test_never_raises(self, matcher: KommuneMatcher, cell: str) -> None:
        pieces = matcher.split_list(cell)
        assert all(piece and piece == piece.strip() for piece in pieces)
