"""Blocking keys: the few values two records of one person very likely share, so that
only records sharing a key are compared, not every pair.

A record has a key for: its JMBG; each phonetic word of its family name with the year
of birth (a typo or another spelling of the given name); its given name with the year
and the family name's initial (a typo in the family name); without a date, the first
three letters of one name with the whole other, both ways round, and the given name
with the family name's initial (a wrong or missing date, a typo, swapped names); its
given name with the date of birth (a married or misspelt family name); both names with
the day and month (a typo in the year); and the date of birth with the initials of
both names (typos in both). Day and month count in either order. Two records of one
person miss every key only when almost every field was written wrong.

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
    if birth is not None and birth.month and birth.day and not birth.estimated:
        low, high = sorted((birth.month, birth.day))
        date = f"{birth.year}-{low}-{high}"
        keys.extend(f"d{date}:{first}" for first in given[:1])
        # Day and month without the year (a typo in the year), with both names.
        keys.extend(f"e{low}-{high}:{first}:{last}" for first in given[:1] for last in family)
        if record.given and record.family:
            initials = sorted((record.given.text[0], record.family.text[0]))
            keys.append(f"b{date}:{''.join(initials)}")
    return list(dict.fromkeys(keys))


# The prefix of the keys without a date.
UNDATED = "n"


def dates_may_agree(a: Record, b: Record) -> bool:
    """Whether two records sharing an undated key are compared: born within a year of
    each other, or one without a date (farther years are a typo the keys with the day
    and month find)."""
    return a.birth is None or b.birth is None or abs(a.birth.year - b.birth.year) <= 1
