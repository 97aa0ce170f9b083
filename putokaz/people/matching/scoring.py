"""How likely two records are the same person: a score in [0, 1] and which fields agreed.

Each field is compared to one level (the same, the same in another spelling, similar,
different, missing in one record …), and each level weighs for or against a match by
how much more often it occurs between two records of one person than between records
of two people (the log2 of that ratio, as in the Fellegi–Sunter model of record
linkage). The weights add up, from a prior that most candidate pairs are not the same
person, and the logistic of the sum is the score. The weights were set from the error
rates of registers and checked on a benchmark register with known truth
(``benchmarks/dedupe/``); they are one table below.

Names are compared in both orders (given and family names swapped). Clearly different
given names keep the score low whatever else agrees, unless the JMBG is the same:
twins and siblings share everything else; so do two different valid JMBGs (a wrong
digit breaks the check digit, so two valid numbers are two people).
"""

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
CLOSE = "close"  # a date one digit or a few days off, a JMBG one digit off
ESTIMATED = "estimated"  # a date estimated in one record, the year fits
YEAR_MONTH = "year_month"
TWO_NUMBERS = "two_numbers"  # two valid JMBGs: two people

FIELD_LABELS: dict[str, Promise] = {
    GIVEN: _("given name"),
    FAMILY: _("family name"),
    FATHER: _("father's or parent's name"),
    SEX: _("sex"),
    BIRTH_DATE: _("date of birth"),
    BIRTH_PLACE: _("place of birth"),
    JMBG: _("JMBG"),
    PHONE: _("phone"),
    ORDER: _("order of the names"),
}
LEVEL_LABELS: dict[str, Promise] = {
    SAME: pgettext_lazy("duplicate field", "the same"),
    SPELLING: _("the same in another spelling or script"),
    PART: _("one of the names the same"),
    SIMILAR: _("similar (a typo?)"),
    NEAR: _("somewhat alike"),
    DIFFERENT: pgettext_lazy("duplicate field", "different"),
    TWO_NUMBERS: _("two different valid numbers"),
    MISSING: _("not in both records"),
    SWAPPED: _("swapped"),
    CLOSE: _("one digit or a few days apart"),
    ESTIMATED: _("estimated, the year fits"),
    YEAR_MONTH: _("the same year and month"),
}

# log2(how often the level occurs for one person / for two people)
WEIGHTS: dict[str, dict[str, float]] = {
    GIVEN: {SAME: 5.5, SPELLING: 5.0, PART: 3.5, SIMILAR: 3.0, NEAR: 0.0, DIFFERENT: -6.0},
    FAMILY: {SAME: 7.0, SPELLING: 6.5, PART: 5.0, SIMILAR: 4.0, NEAR: 1.0, DIFFERENT: -4.0},
    FATHER: {SAME: 3.5, SPELLING: 3.5, PART: 2.0, SIMILAR: 2.0, NEAR: 0.0, DIFFERENT: -3.0},
    BIRTH_DATE: {
        SAME: 10.0, SWAPPED: 7.0, CLOSE: 5.5, ESTIMATED: 2.0, YEAR_MONTH: 1.0, DIFFERENT: -6.0,
    },
    JMBG: {SAME: 15.0, CLOSE: 6.0, DIFFERENT: -10.0, TWO_NUMBERS: -10.0},
    SEX: {SAME: 0.5, DIFFERENT: -4.0},
    BIRTH_PLACE: {SAME: 2.0, SIMILAR: 1.0, DIFFERENT: -1.5},
    PHONE: {SAME: 3.0, DIFFERENT: -0.3},
    ORDER: {SWAPPED: -0.5},
}  # fmt: skip
# Most pairs that share a block are two people.
PRIOR = -10.0
# With clearly different given names (and no common JMBG), or two valid JMBGs, the
# weight stays below this.
TWO_PEOPLE_CAP = -4.0


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


def name_level(a: Name, b: Name) -> str:
    """How two names compare: the same, in another spelling, one of two names, a typo
    apart, somewhat alike, different, or missing."""
    if not a or not b:
        return MISSING
    if a.folded == b.folded:
        return SAME
    if a.text == b.text or a.sound == b.sound:
        return SPELLING
    if a.words & b.words:
        return PART
    distance = Levenshtein.distance(a.text, b.text, score_cutoff=2)
    if distance <= 1 or (distance == 2 and min(len(a.text), len(b.text)) >= 7):
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
        return SAME if a.month and a.day else ESTIMATED
    if a.year == b.year and a.month == b.day and a.day == b.month and a.month and a.day:
        return SWAPPED
    if a.estimated or b.estimated:
        return ESTIMATED if abs(a.year - b.year) <= 1 else DIFFERENT
    if Levenshtein.distance(str(a), str(b), score_cutoff=1) <= 1:
        return CLOSE
    first, second = a.as_date(), b.as_date()
    if first and second and abs((first - second).days) <= 3:
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


def levels(a: Record, b: Record) -> list[tuple[str, str]]:
    """(field, level) for every field of the two records; names in whichever order fits
    better, with (name_order, swapped) when given and family name were swapped."""
    straight = [(GIVEN, name_level(a.given, b.given)), (FAMILY, name_level(a.family, b.family))]
    if straight[0][1] not in {SAME, SPELLING} or straight[1][1] not in {SAME, SPELLING}:
        swapped = [
            (GIVEN, name_level(a.given, b.family)),
            (FAMILY, name_level(a.family, b.given)),
        ]
        if _weight(swapped) + WEIGHTS[ORDER][SWAPPED] > _weight(straight):
            straight = [*swapped, (ORDER, SWAPPED)]
    return [
        *straight,
        (FATHER, name_level(a.father, b.father)),
        (SEX, _same_or_different(a.sex, b.sex)),
        (BIRTH_DATE, birth_date_level(a.birth, b.birth)),
        (BIRTH_PLACE, place_level(a.birth_place, b.birth_place)),
        (JMBG, jmbg_level(a, b)),
        (
            PHONE,
            _same_or_different(a.phone, b.phone) if len(a.phone) >= 6 <= len(b.phone) else MISSING,
        ),
    ]


def _weight(pairs: list[tuple[str, str]]) -> float:
    return sum(WEIGHTS[field].get(level, 0.0) for field, level in pairs)


def _total(pairs: list[tuple[str, str]]) -> float:
    total = PRIOR + _weight(pairs)
    found = dict(pairs)
    if (found[GIVEN] == DIFFERENT and found[JMBG] != SAME) or found[JMBG] == TWO_NUMBERS:
        total = min(total, TWO_PEOPLE_CAP)
    return total


def _probability(total: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-total))


def score_value(a: Record, b: Record) -> float:
    """The score alone, for comparing many pairs."""
    return _probability(_total(levels(a, b)))


def score(a: Record, b: Record) -> Score:
    """The score with the comparison of every field."""
    pairs = levels(a, b)
    return Score(
        value=_probability(_total(pairs)),
        agreements=tuple(
            Agreement(field, level, WEIGHTS[field].get(level, 0.0)) for field, level in pairs
        ),
    )
