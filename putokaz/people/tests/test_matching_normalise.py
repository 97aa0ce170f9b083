"""Names fold to one spelling whatever script, keyboard or host country wrote them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from putokaz.core.transliteration import latin_to_cyrillic
from putokaz.people.matching.normalise import canonical, phonetic_name, words


@pytest.mark.parametrize(
    "spelling",
    [
        "Đorđević", "Ђорђевић", "ĐORĐEVIĆ", "Djordjevic", "Dordevic", "Dschordschewitsch",
        "Djordjevich", "Dzhordzhevich", "Djordjević", "Đorđewitsch",
    ],
)  # fmt: skip
def test_every_spelling_of_dordevic_is_one_name(spelling: str) -> None:
    assert canonical(spelling) == "dordevic"


@pytest.mark.parametrize(
    ("serbian", "foreign"),
    [
        ("Jovanović", "Jovanowitsch"),  # German
        ("Jovanović", "Yovanovich"),  # English
        ("Jovanović", "Jovanovitch"),  # French
        ("Jovanović", "Jovanowicz"),  # Polish
        ("Šaban", "Schaban"),
        ("Šaban", "Shaban"),
        ("Redžep", "Rexhep"),  # Albanian xh
        ("Đon", "Gjon"),  # Albanian gj
        ("Krasnići", "Krasniqi"),  # Albanian q
        ("Čela", "Çela"),  # Albanian ç
        ("Durata", "Dhurata"),  # Albanian dh
        ("Gezim", "Gëzim"),  # Albanian ë
        ("Hodža", "Hoxha"),
        ("Bitići", "Bytyqi"),  # Albanian y
        ("Džemal", "Dschemal"),
        ("Müller", "Mueller"),
        ("Sejdić", "Sejditsch"),
        ("Aleksandar", "Aleksandar"),
    ],
)
def test_host_country_spellings_read_as_the_serbian_sound(serbian: str, foreign: str) -> None:
    assert canonical(serbian) == canonical(foreign)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Živković", "Schiwkowitsch"),  # German writes ž as sch
        ("Cvetković", "Zwetkowitsch"),  # German z is c
        ("Zoran", "Soran"),  # German s is z
        ("Ljatif", "Latif"),  # Romani and Albanian l for lj
        ("Ljuljzim", "Lulzim"),
        ("Hasan", "Asan"),  # a silent h
        ("Ibrahim", "Ibraim"),
        ("Marija", "Maria"),
        ("Mustafić", "Mustafitsch"),
        ("Ćendresa", "Qëndresa"),
    ],
)
def test_sounds_written_differently_share_the_phonetic_key(one: str, other: str) -> None:
    assert phonetic_name(one) == phonetic_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Jovanović", "Petrović"), ("Marko", "Mirko"), ("Milan", "Milena"), ("Ana", "Ema")],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert canonical(one) != canonical(other)
    assert phonetic_name(one) != phonetic_name(other)


def test_case_spacing_and_double_family_names() -> None:
    assert words("  JOVANOVIĆ-petrović ") == ["jovanovic", "petrovic"]
    assert words("Jovanović   Petrović") == ["jovanovic", "petrovic"]
    assert canonical("Al-Hassan") == canonical("al hassan") == "al hasan"
    assert canonical("") == ""


@given(st.text(alphabet="abcčćdđefghijklmnoprsštuvzž -", max_size=30))
def test_a_name_and_its_cyrillic_are_one(name: str) -> None:
    assert canonical(name) == canonical(latin_to_cyrillic(name))
    assert phonetic_name(name) == phonetic_name(latin_to_cyrillic(name))


@given(st.text(max_size=40))
def test_canonical_words_are_lower_case_single_spaced_and_stable(text: str) -> None:
    result = canonical(text)
    assert result == result.lower()
    assert "  " not in result
    assert result == result.strip()
    assert canonical(result) == result
