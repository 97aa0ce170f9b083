"""The JMBG (unique master citizen number) of the former Yugoslav republics: parse and validate.

DDMMYYYRRBBBK: day, month, the last three digits of the year of birth, the region
of registration (any of 00-99: numbers issued in Bosnia and Herzegovina, Montenegro,
Croatia, North Macedonia and Slovenia are as valid as Serbia's 70-99), a serial
number (000-499 male, 500-999 female) and a mod-11 check digit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Jmbg:
    number: str
    birth_date: datetime.date
    region: str
    is_female: bool


def check_digit(first_twelve: str) -> int:
    """The check digit for the first twelve digits: 11 - weighted sum mod 11, and 0 for 10 or 11."""
    remainder = sum(
        int(digit) * weight for digit, weight in zip(first_twelve, _WEIGHTS, strict=True)
    )
    digit = 11 - remainder % 11
    return 0 if digit > 9 else digit


def normalize(value: str) -> str:
    """Digits only: people paste numbers with spaces or dashes."""
    return "".join(char for char in value if not char.isspace() and char not in "-./")


def parse(value: str, *, today: datetime.date | None = None) -> Jmbg:
    """The parts of a JMBG, or :class:`ValidationError` saying what is wrong with it."""
    number = normalize(value)
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        raise ValidationError(_("A JMBG has exactly 13 digits."), code="jmbg_length")
    day, month, year_digits = int(number[0:2]), int(number[2:4]), int(number[4:7])
    # 9xx are the 1900s; 0xx the 2000s (the first numbers were issued in 1976).
    year = 1000 + year_digits if year_digits >= 800 else 2000 + year_digits
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _(
                "The first seven digits of a JMBG are a date of birth (DDMMYYY); %(digits)s is not one."
            ),
            code="jmbg_date",
            params={"digits": number[:7]},
        ) from None
    if birth_date > (today or datetime.date.today()):  # noqa: DTZ011 - a calendar date
        raise ValidationError(
            _("The date of birth in this JMBG is in the future."), code="jmbg_future"
        )
    if check_digit(number[:12]) != int(number[12]):
        raise ValidationError(
            _("This JMBG's check digit does not match: please check the number for a typo."),
            code="jmbg_check_digit",
        )
    return Jmbg(
        number=number,
        birth_date=birth_date,
        region=number[7:9],
        is_female=int(number[9:12]) >= 500,
    )


def validate_jmbg(value: str) -> None:
    parse(value)
