import pytest
from hypothesis import given
from hypothesis import strategies as st

from putokaz.core.folding import fold, search_terms
from putokaz.core.transliteration import latin_to_cyrillic


@pytest.mark.parametrize(
    "spelling",
    ["Đorđević", "Djordjevic", "Dordevic", "Ђорђевић", "ĐORĐEVIĆ", "djordjević", "ÐORÐEVIĆ"],
)
def test_every_spelling_of_a_name_folds_alike(spelling: str) -> None:
    assert fold(spelling) == "dordevic"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("šalter", "salter"),
        ("Čačak", "cacak"),
        ("Ćuprija", "Cuprija"),
        ("Žitište", "zitiste"),
        ("Müller", "muller"),
        ("Prizren, Kosovë", "prizren kosove"),
    ],
)
def test_diacritics_do_not_matter(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_punctuation_and_spacing_are_ignored() -> None:
    assert fold("  Centar za socijalni rad — Zemun! ") == "centar za socijalni rad zemun"
    assert search_terms("Socijalni   RAD") == ["socijalni", "rad"]


@given(st.text(alphabet="abcčćdđefghijklmnoprsštuvzž ", max_size=30))
def test_latin_and_its_cyrillic_fold_alike(text: str) -> None:
    assert fold(text) == fold(latin_to_cyrillic(text))
