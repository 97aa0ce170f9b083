"""Two records of one person score high and say why; two people score low."""

import datetime

import pytest
from django.utils import translation

from putokaz.people.matching.linkage import DEFAULT_THRESHOLD
from putokaz.people.matching.record import BirthDate, parse_birth_date, parse_sex, prepare
from putokaz.people.matching.scoring import (
    BIRTH_DATE,
    CLOSE,
    DAYS,
    DIFFERENT,
    DIFFERENT_WOMAN,
    ESTIMATED,
    ESTIMATED_NEAR,
    FAMILY,
    GIVEN,
    JMBG,
    ORDER,
    PART,
    SAME,
    SPELLING,
    SWAPPED,
    birth_date_level,
    score,
)

VALID_JMBG = "0703985710016"  # 7 March 1985, Belgrade, male, check digit 6


def person(**fields: str) -> object:
    values = {
        "record_id": "r",
        "given_name": "Đorđe",
        "family_name": "Đorđević",
        "father_name": "Milan",
        "sex": "M",
        "birth_date": "1985-03-07",
        "birth_place": "Niš",
        "jmbg": "",
        "phone": "",
    } | fields
    return prepare(**values)


def levels_of(result: object) -> dict[str, str]:
    return {agreement.field: agreement.level for agreement in result.agreements}


def test_the_same_person_in_german_papers_is_a_match() -> None:
    result = score(
        person(),
        person(given_name="Djordje", family_name="Dschordschewitsch", birth_place="Nisch"),
    )
    assert result.value > 0.99
    assert levels_of(result)[FAMILY] == SPELLING
    assert levels_of(result)[GIVEN] == SAME


def test_swapped_names_and_swapped_day_and_month_still_match() -> None:
    result = score(
        person(), person(given_name="Ђорђевић", family_name="Ђорђе", birth_date="03.07.1985.")
    )
    assert result.value > 0.95
    assert levels_of(result)[ORDER] == SWAPPED
    assert levels_of(result)[BIRTH_DATE] == SWAPPED


def test_a_typo_and_a_missing_father_still_match() -> None:
    result = score(person(), person(family_name="Đorđevič", given_name="Đorđ", father_name=""))
    assert result.value > 0.9


def test_a_married_woman_with_a_double_family_name_matches() -> None:
    maiden = person(given_name="Jelena", family_name="Petrović", sex="Ž")
    married = person(given_name="Jelena", family_name="Jovanović-Petrović", sex="F")
    result = score(maiden, married)
    assert levels_of(result)[FAMILY] == PART
    assert result.value > 0.9


def test_a_married_name_with_the_same_given_name_father_and_birth_date_matches() -> None:
    maiden = person(given_name="Jelena", family_name="Petrović", sex="Ž", birth_place="")
    married = person(given_name="Jelena", family_name="Stojanović", sex="F", birth_place="")
    result = score(maiden, married)
    assert levels_of(result)[FAMILY] == DIFFERENT_WOMAN
    assert result.value > DEFAULT_THRESHOLD


def test_a_different_family_name_weighs_less_against_a_woman_than_a_man() -> None:
    """A woman may have taken her husband's name; a man seldom; unknown lies between."""

    def pair_of(sex: str) -> float:
        first = person(given_name="Jelena", family_name="Petrović", sex=sex)
        return score(first, person(given_name="Jelena", family_name="Stojanović", sex=sex)).value

    woman, unknown, man = pair_of("Ž"), pair_of(""), pair_of("M")
    assert woman > unknown > man


def test_namesakes_born_the_same_day_elsewhere_to_another_father_are_two_people() -> None:
    result = score(person(), person(father_name="Dragan", birth_place="Kraljevo"))
    assert levels_of(result)[BIRTH_DATE] == SAME
    assert result.value < DEFAULT_THRESHOLD


def test_twins_are_two_people() -> None:
    """Everything but the given name agrees: the given name decides."""
    result = score(person(), person(given_name="Nikola"))
    assert levels_of(result)[GIVEN] == DIFFERENT
    assert result.value < 0.2
    assert any(a.field == BIRTH_DATE for a in result.agreed)
    assert [a.field for a in result.disagreed] == [GIVEN]


def test_namesakes_born_years_apart_are_two_people() -> None:
    result = score(
        person(father_name="Milan"),
        person(father_name="Dragan", birth_date="1961-11-23", birth_place="Kraljevo"),
    )
    assert result.value < 0.05


def test_the_same_jmbg_outweighs_a_different_given_name() -> None:
    result = score(
        person(jmbg=VALID_JMBG),
        person(given_name="Georg", jmbg=f"{VALID_JMBG[:6]} {VALID_JMBG[6:]}"),
    )
    assert levels_of(result)[JMBG] == SAME
    assert result.value > 0.9


def test_two_different_valid_jmbgs_are_two_people() -> None:
    other = "0703985710024"  # the next serial number, its own check digit
    assert score(person(jmbg=VALID_JMBG), person(jmbg=other)).value < 0.1


def test_a_jmbg_with_a_typo_is_close() -> None:
    typo = VALID_JMBG[:5] + "0" + VALID_JMBG[6:]
    assert levels_of(score(person(jmbg=VALID_JMBG), person(jmbg=typo)))[JMBG] == CLOSE


def test_a_jmbg_stands_in_for_a_missing_date_and_sex() -> None:
    record = person(birth_date="", sex="", jmbg=VALID_JMBG)
    assert record.birth == BirthDate(1985, 3, 7)
    assert record.sex == "m"


@pytest.mark.parametrize(
    ("one", "other", "level"),
    [
        ("1985-03-07", "7.3.1985", SAME),
        ("1985-03-07", "1985-07-03", SWAPPED),
        ("1985-03-07", "1985-03-08", DAYS),
        ("1985-03-07", "1986-03-07", CLOSE),
        ("1985-03-07", "1985-03-17", CLOSE),
        ("1985-03-30", "1985-04-01", DAYS),
        ("1985-03-07", "1985", ESTIMATED),
        ("1985", "1985", ESTIMATED),
        ("1985-03-07", "1986-01-01", ESTIMATED_NEAR),
        ("1985-03-07", "1979-10-21", DIFFERENT),
        ("1985-03-07", "1988", DIFFERENT),
    ],
)
def test_birth_dates_with_tolerance(one: str, other: str, level: str) -> None:
    assert birth_date_level(parse_birth_date(one), parse_birth_date(other)) == level


def test_dates_are_read_in_the_forms_registers_write() -> None:
    assert parse_birth_date("07.03.1985.") == BirthDate(1985, 3, 7)
    assert parse_birth_date("1985") == BirthDate(1985, 0, 0, estimated=True)
    assert parse_birth_date("03.1985") == BirthDate(1985, 3, 0, estimated=True)
    assert parse_birth_date(datetime.date(1990, 1, 1)) == BirthDate(1990, 1, 1, estimated=True)
    # Day and month swapped into an impossible date are kept to be compared as written.
    assert parse_birth_date("1985-13-03") == BirthDate(1985, 13, 3)
    assert parse_birth_date("unknown") is None
    assert parse_birth_date("") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Ž", "f"),
        ("ženski", "f"),
        ("женски", "f"),
        ("F", "f"),
        ("weiblich", "f"),
        ("M", "m"),
        ("мушки", "m"),
        ("", ""),
    ],
)
def test_sex_in_any_language(written: str, code: str) -> None:
    assert parse_sex(written) == code


def test_the_explanation_is_translated() -> None:
    result = score(person(), person(family_name="Dschordschewitsch"))
    family = next(a for a in result.agreements if a.field == FAMILY)
    with translation.override("en"):
        assert (family.field_label, family.level_label) == (
            "family name",
            "the same in another spelling or script",
        )
    with translation.override("de"):
        assert family.field_label != "family name"


def test_scores_are_symmetric_and_in_range() -> None:
    a, b = person(), person(given_name="Đorđevič", family_name="Đorđe", birth_date="1986")
    assert score(a, b).value == score(b, a).value
    assert 0.0 <= score(a, b).value <= 1.0


def test_a_sibling_with_names_swapped_is_still_a_sibling() -> None:
    """Swapping the names must not let the family name stand in for the given name."""
    swapped = person(given_name="Ђорђевић", family_name="Ђорђе", birth_date="1985-07-03")
    brother = person(given_name="Nikola")
    assert score(swapped, brother).value < 0.2
    assert score(brother, swapped).value < 0.2
