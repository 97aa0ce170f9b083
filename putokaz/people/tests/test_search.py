"""Finding people by name in any script or spelling, by the start of their names, or by JMBG."""

import datetime

import pytest

from putokaz.people.models import Person
from putokaz.people.tests.factories import OtherSpellingFactory, PersonFactory, jmbg_for

pytestmark = pytest.mark.django_db


def found(query: str) -> set[str]:
    return {person.full_name for person in Person.objects.search(query)}


def test_a_name_is_found_however_it_is_written() -> None:
    for family_name in ("Djordjević", "Dordevic", "Ђорђевић", "ĐORĐEVIĆ"):
        PersonFactory(given_name="Marija", family_name=family_name)
    PersonFactory(given_name="Marija", family_name="Dorić")
    everyone = {"Marija Djordjević", "Marija Dordevic", "Marija Ђорђевић", "Marija ĐORĐEVIĆ"}
    assert found("Đorđević") == everyone
    assert found("djordjevic") == everyone
    assert found("ђорђевић") == everyone
    assert found("Dordevic") == everyone


def test_the_start_of_a_name_is_enough() -> None:
    PersonFactory(given_name="Jovan", family_name="Petrović")
    PersonFactory(given_name="Ana", family_name="Petronijević")
    PersonFactory(given_name="Ana", family_name="Petković")
    assert found("Petro") == {"Jovan Petrović", "Ana Petronijević"}
    assert found("петров") == {"Jovan Petrović"}
    assert found("Pet") == {"Jovan Petrović", "Ana Petronijević", "Ana Petković"}


def test_every_word_of_the_query_must_match_a_name() -> None:
    PersonFactory(given_name="Jovan", family_name="Petrović")
    PersonFactory(given_name="Jovana", family_name="Ilić")
    PersonFactory(given_name="Ana", family_name="Petrović")
    assert found("jovan petrović") == {"Jovan Petrović"}
    assert found("Petrović Jov") == {"Jovan Petrović"}
    assert found("Jovan") == {"Jovan Petrović", "Jovana Ilić"}
    assert found("Jovan Marković") == set()


def test_the_parent_name_is_searched_too() -> None:
    PersonFactory(given_name="Senad", family_name="Ramić", parent_name="Hasan")
    assert found("Ramić Hasan") == {"Senad Ramić"}


def test_other_spellings_are_found_once_the_keys_are_refreshed() -> None:
    person = PersonFactory(given_name="Jürgen", family_name="Müller")
    OtherSpellingFactory(person=person, given_name="Jurgen", family_name="Mueller")
    assert found("Mueller") == set()
    person.refresh_name_keys()
    assert found("Mueller") == {"Jürgen Müller"}
    assert found("Müller") == {"Jürgen Müller"}
    assert found("muller jurgen") == {"Jürgen Müller"}


def test_a_removed_spelling_is_no_longer_found() -> None:
    person = PersonFactory(given_name="Milan", family_name="Petrović")
    spelling = OtherSpellingFactory(person=person, given_name="Milan", family_name="Petrowitsch")
    person.refresh_name_keys()
    assert found("Petrowitsch") == {"Milan Petrović"}
    spelling.delete()
    person.refresh_name_keys()
    assert found("Petrowitsch") == set()
    assert found("Petrović") == {"Milan Petrović"}


def test_a_jmbg_finds_the_person_by_number_with_or_without_spaces() -> None:
    number = jmbg_for(datetime.date(1990, 1, 1))
    PersonFactory(given_name="Milica", family_name="Janković", jmbg=number)
    PersonFactory(given_name="Milica", family_name="Janković", jmbg="")
    assert found(number) == {"Milica Janković"}
    assert Person.objects.search(f"{number[:7]} {number[7:]}").get().jmbg == number
    assert found(jmbg_for(datetime.date(1990, 1, 2))) == set()


def test_a_query_without_letters_or_digits_finds_nobody() -> None:
    PersonFactory(given_name="Milica", family_name="Janković")
    assert found("") == set()
    assert found(" - , ") == set()


def test_names_ending_in_z_and_digits_in_a_query_are_searched_correctly() -> None:
    PersonFactory(given_name="Aziz", family_name="Fazlić")
    PersonFactory(given_name="Azra", family_name="Baz")
    assert found("Az") == {"Aziz Fazlić", "Azra Baz"}
    assert found("Aziz") == {"Aziz Fazlić"}
    assert found("baz") == {"Azra Baz"}


def test_a_very_long_name_written_in_cyrillic_is_still_saved_and_found() -> None:
    # Љ, Њ and Џ become two Latin letters each: the folded word outgrows the name.
    person = PersonFactory(given_name="Љ" * 60, family_name="Његош")
    assert list(Person.objects.search("ljljlj njegos")) == [person]


def test_letters_outside_the_latin_alphabet_do_not_match_a_prefix_ending_in_z() -> None:
    # Folding keeps ł, ø and Arabic letters; they sort after z.
    PersonFactory(given_name="Ewa", family_name="Białek")
    PersonFactory(given_name="محمد", family_name="Møller")
    assert found("Mz") == set()
    assert found("Białe") == {"Ewa Białek"}
    assert found("Mø") == {"محمد Møller"}
    assert found("محم") == {"محمد Møller"}


def test_a_letter_that_resembles_the_prefix_is_not_taken_for_it() -> None:
    # In a language collation ø sorts with o, inside the range of "petro"; the key column
    # compares in code-point order, where the range holds only keys starting "petro".
    PersonFactory(given_name="Ana", family_name="Petrøvić")
    PersonFactory(given_name="Jovan", family_name="Petrović")
    assert found("Petro") == {"Jovan Petrović"}
    assert found("Petrø") == {"Ana Petrøvić"}
