"""Name keys, the folded words of a person's names, and prefix search over them with plain
range comparisons.

``key >= 'petro' AND key < 'petrp'`` uses an ordinary B-tree index on SQLite and on
PostgreSQL alike (a ``LIKE 'petro%'`` would need a special operator class on
PostgreSQL and case-sensitive LIKE on SQLite). The key column compares in code-point
order (SQLite's default; the C collation on PostgreSQL, see migration 0002), in which
that range holds exactly the keys starting with the prefix. Only after a final z is it
wider: folding keeps letters it cannot spell in ``0-9a-z`` (ø, ł, Arabic script), which
sort after z, so ``az`` ranges up to ``b`` and takes in ``aø``; such a prefix is
checked exactly as well (:func:`range_is_exact`).
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


def range_is_exact(prefix: str) -> bool:
    """Whether :func:`prefix_range` holds only keys starting with ``prefix`` (in code-point
    order): always, but after a final z."""
    return not prefix.endswith(_ALPHABET[-1])
