"""Prefix ranges over folded name keys: exactly the keys that start with the prefix fall inside."""

from hypothesis import given
from hypothesis import strategies as st

from putokaz.people.name_keys import prefix_range, range_is_exact

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
keys = st.text(alphabet=ALPHABET, max_size=12)
prefixes = st.text(alphabet=ALPHABET, min_size=1, max_size=6)


def inside(key: str, prefix: str) -> bool:
    low, high = prefix_range(prefix)
    return low <= key and (high is None or key < high)


def test_a_prefix_covers_its_words_and_nothing_else() -> None:
    assert prefix_range("petro") == ("petro", "petrp")
    assert inside("petrovic", "petro")
    assert inside("petro", "petro")
    assert not inside("petrp", "petro")
    assert not inside("petr", "petro")
    assert not inside("petrusic", "petro")


def test_prefixes_ending_in_z_and_9_move_up_the_right_letter() -> None:
    assert prefix_range("az") == ("az", "b")
    assert prefix_range("kozz") == ("kozz", "kp")
    assert prefix_range("a9") == ("a9", "aa")
    assert inside("azra", "az") and not inside("b", "az") and not inside("ay", "az")


def test_a_prefix_of_only_zs_has_no_upper_bound() -> None:
    assert prefix_range("zz") == ("zz", None)
    assert inside("zzz", "zz") and not inside("zy", "zz")


@given(prefixes, keys)
def test_exactly_the_keys_starting_with_the_prefix_are_in_its_range(prefix: str, key: str) -> None:
    assert inside(key, prefix) == key.startswith(prefix)
    assert inside(prefix + key, prefix)


@given(st.text(alphabet=ALPHABET, max_size=5), st.integers(1, 4), keys)
def test_prefixes_ending_in_z_are_covered_too(stem: str, zs: int, key: str) -> None:
    prefix = stem + "z" * zs
    assert inside(key, prefix) == key.startswith(prefix)
    assert inside(prefix + key, prefix)


# Letters folding keeps beyond 0-9a-z: Polish, Scandinavian, Arabic, Chinese.
wide_keys = st.text(alphabet=ALPHABET + "łøæمحد中", max_size=12)


@given(prefixes, wide_keys)
def test_a_range_called_exact_holds_only_keys_with_the_prefix(prefix: str, key: str) -> None:
    # In code-point order, as the key column compares (C collation on PostgreSQL).
    if range_is_exact(prefix):
        assert inside(key, prefix) == key.startswith(prefix)


def test_only_a_prefix_ending_in_z_needs_the_exact_check() -> None:
    assert range_is_exact("petro") and range_is_exact("a9") and range_is_exact("kozo")
    assert not range_is_exact("az") and not range_is_exact("zz")
    assert inside("aø", "az")  # why: ø sorts after z
