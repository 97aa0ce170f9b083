"""Blocking keys: the few values two records of one person very likely share, so that
only records sharing a key are compared, not every pair.

A record has a key for: its JMBG; each phonetic word of its family name with the year
of birth (a typo or another spelling of the given name); its given name with the year
and the family name's initial (a typo in the family name); without a date, the first
three letters of one name with the whole other, both ways round, and the given name
with the family name's initial (a wrong or missing date, a typo, swapped names); one
name whole with the other with one of its first letters left out, both ways round (a
typo near the start of a name, with no date or a wrong one); its given name with the
date of birth, with the year and month, and with the year and the father's name (a
married or misspelt family name, with the date exact, a few days off or estimated); the
date with the given name's initial (a married name and a typo in the given name); both
names with the day and month (a typo in the year); and the date of birth, or the year
and month, with the initials of both names (typos in both, the date exact or a few days
off). Day and month count in either order in the keys of a whole date. Two records of
one person miss every key only when almost every field was written wrong.

Keys are chosen so that no block grows with a common name alone: each holds a date or
both names; in a block without a date (:data:`UNDATED`) only records born within a year
of each other, or without a year, are compared (:func:`dates_may_agree`).
"""

from putokaz.people.matching.record import Record


def blocking_keys(record: Record) -> list[str]:
    """The record's keys, each a short text (two records share a key when equal)."""
    keys: list[str] = []
    if record.jmbg_valid:
        keys.append(f"j{record.jmbg}")
    given = [word for word in record.given.sound.split() if len(word) >= 2]
    family = [word for word in record.family.sound.split() if len(word) >= 2]
    birth = record.birth
    if birth is not None:
        keys.extend(f"y{birth.year}:{word}" for word in family)
        # The given name with the start of the family name (a typo late in it).
        keys.extend(f"g{birth.year}:{first}:{last[0]}" for first in given[:1] for last in family)
    for first in given[:1]:
        for last in family:
            # The start of one name with the whole other, both ways round: a typo late in
            # either name, or the two swapped, still share a key.
            keys.append(f"n{first[:3]}:{last}")
            keys.append(f"n{last[:3]}:{first}")
            keys.append(f"n{first}:{last[0]}")
            # One name whole with the other one letter early in it left out, both ways
            # round: a typo near the start of either name (Mrko, Makro, Jvoan) shares a key.
            for whole, other in ((last, first), (first, last)):
                keys.extend(f"ns{whole}:{variant}" for variant in _early_deletions(other))
    if birth is not None and birth.month and birth.day and not birth.estimated:
        low, high = sorted((birth.month, birth.day))
        date = f"{birth.year}-{low}-{high}"
        keys.extend(f"d{date}:{first}" for first in given[:1])
        # Day and month without the year (a typo in the year), with both names.
        keys.extend(f"e{low}-{high}:{first}:{last}" for first in given[:1] for last in family)
        if record.given and record.family:
            initials = sorted((record.given.text[0], record.family.text[0]))
            keys.append(f"b{date}:{''.join(initials)}")
            # Year and month with both initials: typos in both names and a date a few
            # days off.
            keys.append(f"c{birth.year}-{birth.month}:{''.join(initials)}")
        # The date with the given name's initial: a married name and a typo in the given.
        keys.extend(f"a{date}:{first[0]}" for first in given[:1])
        # Year and month with the given name: a married name and a date a few days off.
        keys.extend(f"m{birth.year}-{birth.month}:{first}" for first in given[:1])
    if birth is not None:
        # The year with the given and father's names: a married name and a date estimated.
        keys.extend(
            f"f{birth.year}:{first}:{father}"
            for first in given[:1]
            for father in record.father.sound.split()[:1]
        )
    return list(dict.fromkeys(keys))


# A typo is one letter left out, added, changed or two swapped: two spellings one typo
# apart, each with one letter left out (or none), are the same. Only the first few letters
# are left out: later typos keep the name's start, which other keys hold.
_EARLY = 4


def _early_deletions(word: str) -> list[str]:
    """The word, and the word with one of its letters after the first and before the
    :data:`_EARLY`th left out."""
    return [word, *(word[:index] + word[index + 1 :] for index in range(1, min(len(word), _EARLY)))]


# The prefix of the keys without a date.
UNDATED = "n"


def dates_may_agree(a: Record, b: Record) -> bool:
    """Whether two records sharing an undated key are compared: born within a year of
    each other, or one without a date (farther years are a typo the keys with the day
    and month find)."""
    return years_may_agree(
        a.birth.year if a.birth is not None else None, b.birth.year if b.birth is not None else None
    )


def years_may_agree(a: int | None, b: int | None) -> bool:
    """:func:`dates_may_agree` on the years of birth alone (None where not known)."""
    return a is None or b is None or abs(a - b) <= 1
