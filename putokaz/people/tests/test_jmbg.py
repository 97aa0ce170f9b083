"""The JMBG: which numbers are accepted, what is read from them, and why others are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from putokaz.people import jmbg
from putokaz.people.tests.factories import jmbg_for

TODAY = datetime.date(2026, 6, 1)


def refusal(number: str, *, today: datetime.date = TODAY) -> str:
    with pytest.raises(ValidationError) as caught:
        jmbg.parse(number, today=today)
    return str(caught.value.code)


@pytest.mark.parametrize(
    ("number", "birth_date", "region", "is_female"),
    [
        # Worked by hand: 7·0 + 6·8 + 5·1 + 4·1 + 3·9 + 2·9 = 102; 102 mod 11 = 3; 11 - 3 = 8.
        ("0101990710008", datetime.date(1990, 1, 1), "71", False),
        # 28 + 54 + 5 + 12 + 6 + 6 = 111; 111 mod 11 = 1; 11 - 1 = 10, written as 0.
        ("3112001801230", datetime.date(2001, 12, 31), "80", False),
        ("2307985715128", datetime.date(1985, 7, 23), "71", True),
        ("1304992710104", datetime.date(1992, 4, 13), "71", False),
    ],
)
def test_valid_numbers_give_date_region_and_sex(
    number: str, birth_date: datetime.date, region: str, is_female: bool
) -> None:
    parsed = jmbg.parse(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth_date
    assert parsed.region == region
    assert parsed.is_female is is_female


@pytest.mark.parametrize(
    ("number", "region"),
    [
        ("1503979172503", "17"),  # Sarajevo, Bosnia and Herzegovina
        ("0211983337008", "33"),  # Zagreb, Croatia
        ("0906968500057", "50"),  # Slovenia
        ("2802005260309", "26"),  # Montenegro
    ],
)
def test_numbers_issued_in_other_former_yugoslav_republics_are_valid(
    number: str, region: str
) -> None:
    assert jmbg.parse(number, today=TODAY).region == region


def test_a_wrong_check_digit_is_refused() -> None:
    assert refusal("0101990710007") == "jmbg_check_digit"
    assert refusal("0101990710009") == "jmbg_check_digit"


def test_an_impossible_date_is_refused() -> None:
    first_twelve = "310299071000"  # 31 February 1990
    with pytest.raises(ValidationError) as caught:
        jmbg.parse(first_twelve + str(jmbg.check_digit(first_twelve)), today=TODAY)
    assert caught.value.code == "jmbg_date"
    assert caught.value.params == {"digits": "3102990"}
    assert refusal(jmbg_for(datetime.date(1990, 1, 1)).replace("0101", "0013", 1)) == "jmbg_date"


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert refusal(jmbg_for(tomorrow)) == "jmbg_future"
    assert jmbg.parse(jmbg_for(TODAY), today=TODAY).birth_date == TODAY
    # 2100 reads as 2100, not 1100 or 1900: a date a long way off.
    assert refusal("0101100710006") == "jmbg_future"
    assert refusal(jmbg_for(datetime.date(2100, 1, 1))) == "jmbg_future"


def test_the_year_digits_9xx_are_the_1900s_and_0xx_the_2000s() -> None:
    assert jmbg.parse(jmbg_for(datetime.date(1999, 5, 5)), today=TODAY).birth_date.year == 1999
    assert jmbg.parse(jmbg_for(datetime.date(2010, 5, 5)), today=TODAY).birth_date.year == 2010
    assert jmbg.parse(jmbg_for(datetime.date(1899, 5, 5)), today=TODAY).birth_date.year == 1899


@pytest.mark.parametrize(
    "number",
    ["010199071000", "01019907100088", "", "010199071000A", "O101990710008", "٠١٠١٩٩٠٧١٠٠٠٨"],
)
def test_anything_but_thirteen_plain_digits_is_refused(number: str) -> None:
    assert refusal(number) == "jmbg_length"


@pytest.mark.parametrize(
    "written", ["0101990 710008", "010199-071-0008", " 0101990710008 ", "01.01.990.71.0008"]
)
def test_spaces_dashes_and_dots_that_people_type_are_ignored(written: str) -> None:
    assert jmbg.normalize(written) == "0101990710008"
    assert jmbg.parse(written, today=TODAY).number == "0101990710008"


def test_the_model_validator_refuses_an_invalid_number() -> None:
    jmbg.validate_jmbg("0101990710008")
    with pytest.raises(ValidationError):
        jmbg.validate_jmbg("0101990710007")


@st.composite
def twelve_digits_with_a_real_date(draw: st.DrawFn) -> str:
    birth_date = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    region = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 999))
    return f"{birth_date:%d%m}{birth_date.year % 1000:03d}{region:02d}{serial:03d}"


@given(twelve_digits_with_a_real_date(), st.integers(1, 9))
def test_every_dated_number_with_its_check_digit_parses_and_any_other_last_digit_fails(
    first_twelve: str, shift: int
) -> None:
    check = jmbg.check_digit(first_twelve)
    parsed = jmbg.parse(first_twelve + str(check), today=TODAY)
    assert parsed.number == first_twelve + str(check)
    assert f"{parsed.birth_date:%d%m}" == first_twelve[:4]
    assert parsed.is_female is (int(first_twelve[9:12]) >= 500)
    # The published rule, written out independently of the module.
    a, b, c, d, e, f, g, h, i, j, k, l = map(int, first_twelve)  # noqa: E741
    rule = (
        11
        - (7 * (a + g) + 6 * (b + h) + 5 * (c + i) + 4 * (d + j) + 3 * (e + k) + 2 * (f + l)) % 11
    )
    assert check == (0 if rule > 9 else rule)
    wrong = (check + shift) % 10
    with pytest.raises(ValidationError):
        jmbg.parse(first_twelve + str(wrong), today=TODAY)
