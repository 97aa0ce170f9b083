"""How likely two records are the same person: a score in [0, 1] and which fields agreed.

Each field is compared to one level (the same, the same in another spelling, similar,
different, missing in one record …), and each level weighs for or against a match by
how much more often it occurs between two records of one person than between records
of two people (the log2 of that ratio, as in the Fellegi–Sunter model of record
linkage). The weights add up, from the prior odds that two records of a register of that
size are one person, and the logistic of the sum is the score. The weights were set from the error
rates of registers and checked on a benchmark register with known truth
(``benchmarks/dedupe/``); they are one table below.

Names are compared in both orders (given and family names swapped). Clearly different
given names keep the score low whatever else agrees, unless the JMBG is the same:
twins and siblings share everything else; so do two different valid JMBGs (a wrong
digit breaks the check digit, so two valid numbers are two people).
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rapidfuzz.distance import JaroWinkler, Levenshtein

from putokaz.people.matching.record import BirthDate, Name, Record

# Field codes
GIVEN, FAMILY, FATHER, SEX, BIRTH_DATE, BIRTH_PLACE, JMBG, PHONE, ORDER = (
    "given_name", "family_name", "father_name", "sex", "birth_date", "birth_place", "jmbg",
    "phone", "name_order",
)  # fmt: skip

# Levels
SAME = "same"
SPELLING = "spelling"  # the same name in another script or transliteration
PART = "part"  # one of two names the same (a double family name)
SIMILAR = "similar"  # a typo apart
NEAR = "near"
DIFFERENT = "different"
MISSING = "missing"
SWAPPED = "swapped"  # day and month of the date, or given and family name
CLOSE = "close"  # a date or a JMBG one digit off
DAYS = "days"  # a date a few days off
ESTIMATED = "estimated"  # a date estimated in one record, the same year
ESTIMATED_NEAR = "estimated_near"  # a date estimated in one record, a year off
YEAR_MONTH = "year_month"
TWO_NUMBERS = "two_numbers"  # two valid JMBGs: two people
SWAPPED_DIFFERENT = "swapped_different"  # names swapped, and one of them different
DIFFERENT_MAN = "different_man"  # a man's family name, which marriage seldom changes
DIFFERENT_WOMAN = "different_woman"  # a woman's family name, which marriage may change

FIELD_LABELS: dict[str, Promise] = {
    GIVEN: _("given name"),
    FAMILY: _("family name"),
    FATHER: _("father's or parent's name"),
    SEX: _("sex"),
    BIRTH_DATE: _("date of birth"),
    BIRTH_PLACE: _("place of birth"),
    JMBG: _("JMBG"),
    PHONE: _("phone"),
    ORDER: _("order of given and family name"),
}
LEVEL_LABELS: dict[str, Promise] = {
    SAME: pgettext_lazy("duplicate field", "the same"),
    SPELLING: _("the same in another spelling or script"),
    PART: _("one of the names the same"),
    SIMILAR: _("similar (a typo?)"),
    NEAR: _("somewhat alike"),
    DIFFERENT: pgettext_lazy("duplicate field", "different"),
    TWO_NUMBERS: _("two different valid numbers"),
    SWAPPED_DIFFERENT: _("swapped, and one of them different"),
    DIFFERENT_MAN: _("different, and a man's seldom changes"),
    DIFFERENT_WOMAN: _("different, and a woman's may change with marriage"),
    MISSING: _("not in both records"),
    SWAPPED: _("swapped"),
    CLOSE: _("one digit apart"),
    DAYS: _("a few days apart"),
    ESTIMATED: _("estimated, the same year"),
    ESTIMATED_NEAR: _("estimated, a year apart"),
    YEAR_MONTH: _("the same year and month"),
}

# log2(how often the level occurs between two records of one person / between two
# records drawn at random): m and u probabilities of the Fellegi–Sunter model, from the
# error rates of registers (a name in another spelling or with a typo in about one record
# in five, a date off in one in four, a JMBG in about half). An agreeing given or family
# name weighs by its frequency in the register when that is known (NameFrequencies).
WEIGHTS: dict[str, dict[str, float]] = {
    GIVEN: {SAME: 5.4, SPELLING: 5.4, PART: 3.5, SIMILAR: 4.5, NEAR: -0.6, DIFFERENT: -6.6},
    FAMILY: {
        SAME: 6.4, SPELLING: 6.4, PART: 5.3, SIMILAR: 5.3, NEAR: 0.0, DIFFERENT: -4.3,
        DIFFERENT_MAN: -8.0, DIFFERENT_WOMAN: -3.0,
    },
    FATHER: {SAME: 4.9, SPELLING: 4.9, PART: 3.0, SIMILAR: 3.0, NEAR: 0.0, DIFFERENT: -6.0},
    BIRTH_DATE: {
        SAME: 14.2, SWAPPED: 10.0, DAYS: 7.8, CLOSE: 4.4, ESTIMATED: 5.5, ESTIMATED_NEAR: 2.5,
        YEAR_MONTH: 1.0, DIFFERENT: -5.6,
    },
    JMBG: {SAME: 20.0, CLOSE: 12.0, DIFFERENT: -6.0, TWO_NUMBERS: -10.0},
    SEX: {SAME: 1.0, DIFFERENT: -5.6},
    BIRTH_PLACE: {SAME: 4.2, SIMILAR: 2.3, DIFFERENT: -5.0},
    # Families share a phone: an agreement says less than its rarity would.
    PHONE: {SAME: 5.0, DIFFERENT: -1.0},
    ORDER: {SWAPPED: -0.5, SWAPPED_DIFFERENT: -0.5},
}  # fmt: skip
# With clearly different given names (and no common JMBG), or two valid JMBGs, the
# weight stays below this.
TWO_PEOPLE_CAP = -4.0
# Without a register's own size, a check is taken to be against this many people.
DEFAULT_REGISTER_SIZE = 100_000


def prior(register_size: int) -> float:
    """log2 of the odds that two records of a register of this many people are one person,
    before comparing them: about one pair per record, of n²/2 pairs."""
    return -math.log2(max(register_size, 2))


@dataclass(frozen=True, slots=True)
class Agreement:
    """How one field compared."""

    field: str
    level: str
    weight: float

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS[self.field])

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def agrees(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True, slots=True)
class Score:
    """A score in [0, 1] and the comparison of every field behind it."""

    value: float
    agreements: tuple[Agreement, ...]

    @property
    def agreed(self) -> list[Agreement]:
        return [agreement for agreement in self.agreements if agreement.weight > 0]

    @property
    def disagreed(self) -> list[Agreement]:
        return [agreement for agreement in self.agreements if agreement.weight < 0]


def name_level(a: Name, b: Name, common: Callable[[str], bool] | None = None) -> str:
    """How two names compare: the same, in another spelling, one of two names, a typo
    apart, somewhat alike, different, or missing. Two names a letter apart that are both
    ``common`` in the register (Marko and Mirko) are two names, not a typo."""
    if not a or not b:
        return MISSING
    if a.folded == b.folded:
        return SAME
    if a.text == b.text or a.sound == b.sound:
        return SPELLING
    if a.words & b.words:
        return PART
    distance = Levenshtein.distance(a.text, b.text, score_cutoff=2)
    # A typo inside a host-country spelling (Nedzhad, Neazhad) is one letter as written.
    if (
        distance <= 1
        or (distance == 2 and min(len(a.text), len(b.text)) >= 7)
        or Levenshtein.distance(a.folded, b.folded, score_cutoff=1) <= 1
    ):
        if common is not None and common(a.sound) and common(b.sound):
            return NEAR
        return SIMILAR
    alike = max(
        JaroWinkler.normalized_similarity(a.text, b.text),
        JaroWinkler.normalized_similarity(a.sound, b.sound),
    )
    if alike >= 0.93:
        return SIMILAR
    return NEAR if alike >= 0.86 else DIFFERENT


def birth_date_level(a: BirthDate | None, b: BirthDate | None) -> str:
    """Dates compared with tolerance for swapped day and month, a typo and an estimate."""
    if a is None or b is None:
        return MISSING
    if (a.year, a.month, a.day) == (b.year, b.month, b.day):
        return SAME if a.month and a.day and not a.estimated else ESTIMATED
    if a.year == b.year and a.month == b.day and a.day == b.month and a.month and a.day:
        return SWAPPED
    if a.estimated or b.estimated:
        apart = abs(a.year - b.year)
        return ESTIMATED if apart == 0 else ESTIMATED_NEAR if apart == 1 else DIFFERENT
    first, second = a.as_date(), b.as_date()
    if first and second and abs((first - second).days) <= 3:
        return DAYS
    if Levenshtein.distance(str(a), str(b), score_cutoff=1) <= 1:
        return CLOSE
    if (a.year, a.month) == (b.year, b.month):
        return YEAR_MONTH
    return DIFFERENT


def jmbg_level(a: Record, b: Record) -> str:
    if len(a.jmbg) != 13 or len(b.jmbg) != 13:
        return MISSING
    if a.jmbg == b.jmbg:
        return SAME
    # Any one wrong digit breaks the check digit: two valid numbers are two people.
    if a.jmbg_valid and b.jmbg_valid:
        return TWO_NUMBERS
    if Levenshtein.distance(a.jmbg, b.jmbg) <= 1 or _one_transposition(a.jmbg, b.jmbg):
        return CLOSE
    return DIFFERENT


def _one_transposition(a: str, b: str) -> bool:
    differ = [index for index in range(len(a)) if a[index] != b[index]]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def place_level(a: Name, b: Name) -> str:
    if not a or not b:
        return MISSING
    if a.text == b.text or a.sound == b.sound:
        return SAME
    if a.words & b.words or JaroWinkler.normalized_similarity(a.text, b.text) >= 0.9:
        return SIMILAR
    return DIFFERENT


def _same_or_different(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    return SAME if a == b else DIFFERENT


@dataclass(frozen=True, slots=True)
class NameFrequencies:
    """The register being linked: how many records it has, and how often each name (its
    phonetic words) occurs in them, so that an agreement on a rare name weighs more than
    one on Jovanović or Marko."""

    counts: Mapping[str, int]
    total: int

    def is_common(self, sound: str) -> bool:
        """Whether a name is one many people have (not a typo)."""
        count = self.counts.get(sound, 0)
        return count >= COMMON_COUNT and count * COMMON_SHARE >= self.total

    def weight(self, field: str, level: str, sound: str) -> float:
        default = WEIGHTS[field][level]
        if self.total < MIN_REGISTER_FOR_FREQUENCIES:
            return default
        share = (self.counts.get(sound, 0) + 1) / (self.total + 1)
        weight = math.log2(NAME_AGREES_FOR_ONE_PERSON / share)
        return min(max(weight, default - 4.0), default + 3.0)


# One person's records agree on a name this often (the rest are typos and spellings).
NAME_AGREES_FOR_ONE_PERSON = 0.85
# A name at least this often, and in at least one record in this many, is a common name.
COMMON_COUNT = 5
COMMON_SHARE = 2000
# Below this many names a register's own frequencies say little.
MIN_REGISTER_FOR_FREQUENCIES = 2000


Level = tuple[str, str, str]  # field, level, and for an agreeing name its phonetic words


def _names(a: Record, b: Record, frequencies: NameFrequencies | None = None) -> list[Level]:
    """Given and family name in whichever order fits better, with (name_order, swapped)
    when given and family name were swapped."""
    common = frequencies.is_common if frequencies is not None else None
    given = name_level(a.given, b.given, common)
    family = name_level(a.family, b.family, common)
    # A woman may have taken her husband's name; a man seldom.
    sex = "m" if "m" in (a.sex, b.sex) else "f" if a.sex == b.sex == "f" else ""
    straight = [(GIVEN, given, a.given.sound), (FAMILY, _family(family, sex), a.family.sound)]
    if given in _AGREE and family in _AGREE:
        return straight
    # Which record has its names swapped is not known: each cross comparison may be of
    # the given names, so the labels that weigh more are taken (the same either way
    # round) and either one differing keeps the score low.
    one = name_level(a.given, b.family, common)
    other = name_level(a.family, b.given, common)
    swapped = max(
        [(GIVEN, one, a.given.sound), (FAMILY, _family(other, sex), a.family.sound)],
        [(GIVEN, other, a.family.sound), (FAMILY, _family(one, sex), a.given.sound)],
        key=_weight,
    )
    if _weight(swapped) + WEIGHTS[ORDER][SWAPPED] > _weight(straight):
        order = SWAPPED_DIFFERENT if DIFFERENT in {one, other} else SWAPPED
        return [*swapped, (ORDER, order, "")]
    return straight


_AGREE = {SAME, SPELLING}


def _family(level: str, sex: str) -> str:
    """A different family name weighs by the sex: a man's seldom changes, a woman's (both
    records say so) may be her husband's."""
    if level != DIFFERENT or not sex:
        return level
    return DIFFERENT_MAN if sex == "m" else DIFFERENT_WOMAN


def _others(a: Record, b: Record) -> list[Level]:
    phone = _same_or_different(a.phone, b.phone) if len(a.phone) >= 6 <= len(b.phone) else MISSING
    return [
        (FATHER, name_level(a.father, b.father), ""),
        (SEX, _same_or_different(a.sex, b.sex), ""),
        (BIRTH_DATE, birth_date_level(a.birth, b.birth), ""),
        (BIRTH_PLACE, place_level(a.birth_place, b.birth_place), ""),
        (JMBG, jmbg_level(a, b), ""),
        (PHONE, phone, ""),
    ]


def levels(a: Record, b: Record) -> list[tuple[str, str]]:
    """(field, level) for every field of the two records."""
    return [(field, level) for field, level, _sound in _names(a, b) + _others(a, b)]


def _field_weight(level: Level, frequencies: NameFrequencies | None) -> float:
    field, code, sound = level
    if frequencies is not None and sound and code in _AGREE and field in {GIVEN, FAMILY}:
        return frequencies.weight(field, code, sound)
    return WEIGHTS[field].get(code, 0.0)


def _weight(found: list[Level], frequencies: NameFrequencies | None = None) -> float:
    return sum(_field_weight(level, frequencies) for level in found)


def _names_differ(names: list[Level]) -> bool:
    return names[0][1] == DIFFERENT or (len(names) == 3 and names[2][1] == SWAPPED_DIFFERENT)


def _total(found: list[Level], frequencies: NameFrequencies | None) -> float:
    size = frequencies.total if frequencies is not None else DEFAULT_REGISTER_SIZE
    total = prior(size) + _weight(found, frequencies)
    number = next(code for field, code, _sound in found if field == JMBG)
    if (_names_differ(found[:3]) and number != SAME) or number == TWO_NUMBERS:
        total = min(total, TWO_PEOPLE_CAP)
    return total


def _probability(total: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-total))


# The highest score of two records with clearly different given names or JMBGs.
TWO_PEOPLE_SCORE = _probability(TWO_PEOPLE_CAP)


def score_value(
    a: Record, b: Record, *, frequencies: NameFrequencies | None = None, floor: float = 0.0
) -> float:
    """The score alone, for comparing many pairs; 0 as soon as it is clear that it is
    below ``floor`` (different given names or JMBGs, when ``floor`` is above their cap)."""
    names = _names(a, b, frequencies)
    if floor > TWO_PEOPLE_SCORE and _names_differ(names) and a.jmbg != b.jmbg:
        return 0.0
    return _probability(_total(names + _others(a, b), frequencies))


def score(a: Record, b: Record, *, frequencies: NameFrequencies | None = None) -> Score:
    """The score with the comparison of every field."""
    found = _names(a, b, frequencies) + _others(a, b)
    return Score(
        value=_probability(_total(found, frequencies)),
        agreements=tuple(
            Agreement(level[0], level[1], _field_weight(level, frequencies)) for level in found
        ),
    )
