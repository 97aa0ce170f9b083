"""Name keys, the folded words of a person's names, and prefix search over them with plain
range comparisons.

``key >= 'petro' AND key < 'petrp'`` uses an ordinary B-tree index on SQLite and on
PostgreSQL alike (a ``LIKE 'petro%'`` would need a special operator class on
PostgreSQL and case-sensitive LIKE on SQLite). Folded keys are mostly ``0-9a-z``,
which sort the same in the C collation and in the usual language collations, so
the upper bound is the prefix's successor within that alphabet. Folding keeps
letters it cannot spell in that alphabet (ø, ł, Arabic script), which sort after
z: for a prefix ending in z the range also takes in such keys, so the search
checks the prefix exactly as well.
"""

from collections.abc import Iterable

from putokaz.core.folding import fold

# The longest stored name key.
KEY_LENGTH = 100

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def name_keys(names: Iterable[str]) -> set[str]:
    """The keys person search looks up for someone with these names: their folded words."""
    # Folding can lengthen a word (Љ → lj); a key's first 100 letters identify it well enough.
    return {word[:KEY_LENGTH] for name in names for word in fold(name).split(" ") if word}


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """``(low, high)`` such that ``low <= key < high`` holds exactly for keys starting with
    ``prefix``; ``high`` is None when no upper bound is needed (a prefix of only z's)."""
    stem = prefix.rstrip(_ALPHABET[-1])
    if not stem:
        return prefix, None
    last = stem[-1]
    position = _ALPHABET.find(last)
    if position < 0:  # outside the folded alphabet: compare by code point
        return prefix, stem[:-1] + chr(ord(last) + 1)
    return prefix, stem[:-1] + _ALPHABET[position + 1]
