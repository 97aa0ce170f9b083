"""A person's identifying fields prepared once for comparison with many others.

Registers write the same facts in many ways: a date of birth as 1985-03-07, 7.3.1985.
or just 1985 (an estimate), a JMBG with spaces, a phone with the country code or
without, the sex as Ž, F or W. :func:`prepare` reads them all into a :class:`Record`
of canonical names (:mod:`.normalise`) and plain values; a valid JMBG also stands in
for a missing date of birth or sex.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from putokaz.core.folding import fold
from putokaz.people import jmbg as jmbg_numbers
from putokaz.people.matching.normalise import phonetic, words

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DOTTED = re.compile(r"(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})\.?")
_DIGITS = re.compile(r"\D+")
# First letters of the sex in our languages: muški/male/männlich/mashkull; ženski
# (Ž, folded Z)/female/weiblich (W)/femër.
_SEX_LETTERS = {"m": "m", "z": "f", "f": "f", "w": "f"}
# The local part of a phone number: enough to compare +381 64 123 4567 with 064/123-4567.
_PHONE_DIGITS = 8


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth as written; ``month`` and ``day`` are 0 where not known, and an
    estimated date (a year alone, 1 January, or marked so) is compared loosely."""

    year: int
    month: int = 0
    day: int = 0
    estimated: bool = False

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> datetime.date | None:
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Name:
    """One name field (given, family, father's, a place) in the forms the score compares."""

    folded: str  # search folding: the same spelling, bar script and diacritics
    text: str  # canonical words (host-country spellings read as Serbian)
    sound: str  # phonetic words
    words: frozenset[str]  # canonical and phonetic words of three letters or more

    @classmethod
    def of(cls, value: str) -> "Name":
        # Registers repeat the same names over and over: each spelling is read once.
        return _name_of(value)

    def __bool__(self) -> bool:
        return bool(self.text)


@functools.lru_cache(maxsize=1 << 18)
def _name_of(value: str) -> Name:
    canonical_words = words(value)
    sounds = [phonetic(word) for word in canonical_words]
    return Name(
        folded=fold(value),
        text=" ".join(canonical_words),
        sound=" ".join(sounds),
        words=frozenset(word for word in canonical_words + sounds if len(word) >= 3),
    )


@dataclass(frozen=True, slots=True)
class Record:
    """Who a record says a person is, in the form the score compares."""

    record_id: str
    given: Name
    family: Name
    father: Name
    sex: str  # "f", "m" or "" (not known)
    birth: BirthDate | None
    birth_place: Name
    jmbg: str  # the digits as written; 13 when complete
    jmbg_valid: bool
    phone: str  # the last digits


def parse_birth_date(
    value: str | datetime.date | None, *, estimated: bool = False
) -> BirthDate | None:
    """A date of birth from YYYY-MM-DD, DD.MM.YYYY., MM.YYYY or YYYY (an estimate), or None.

    A day and month that make no calendar date (a month 13, often day and month swapped,
    or a day 32, a typo) are kept as written, to be compared as such."""
    if isinstance(value, datetime.date):
        return BirthDate(
            value.year, value.month, value.day, estimated or (value.month, value.day) == (1, 1)
        )
    text = (value or "").strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part or 0) for part in match.groups())
    elif match := _DOTTED.fullmatch(text):
        day, month, year = (int(part or 0) for part in match.groups())
    else:
        return None
    if not 1800 <= year <= 2200:
        return None
    estimated = estimated or not month or not day or (month, day) == (1, 1)
    return BirthDate(year, month, day, estimated)


def parse_sex(value: str) -> str:
    """ "f", "m" or "" from the sex written in any of our languages (Ž, F, W, M, ženski …)."""
    folded = fold(value)
    return _SEX_LETTERS.get(folded[:1], "") if folded else ""


def prepare(
    *,
    record_id: str,
    given_name: str,
    family_name: str,
    father_name: str = "",
    sex: str = "",
    birth_date: str | datetime.date | None = None,
    birth_date_estimated: bool = False,
    birth_place: str = "",
    jmbg: str = "",
    phone: str = "",
) -> Record:
    """The record of these fields as written (any may be empty)."""
    number = _DIGITS.sub("", jmbg or "")
    parsed_number = _parse_jmbg(number)
    birth = parse_birth_date(birth_date, estimated=birth_date_estimated)
    if birth is None and parsed_number is not None:
        birth = parse_birth_date(parsed_number.birth_date)
    sex_code = parse_sex(sex) if sex and fold(sex) not in {"unknown", "u"} else ""
    if not sex_code and parsed_number is not None:
        sex_code = "f" if parsed_number.is_female else "m"
    return Record(
        record_id=record_id,
        given=Name.of(given_name),
        family=Name.of(family_name),
        father=Name.of(father_name),
        sex=sex_code,
        birth=birth,
        birth_place=Name.of(birth_place),
        jmbg=number,
        jmbg_valid=parsed_number is not None,
        phone=_DIGITS.sub("", phone or "")[-_PHONE_DIGITS:],
    )


def _parse_jmbg(number: str) -> jmbg_numbers.Jmbg | None:
    if len(number) != 13:
        return None
    try:
        return jmbg_numbers.parse(number)
    except ValidationError:  # an invalid number is compared as digits, not read
        return None
