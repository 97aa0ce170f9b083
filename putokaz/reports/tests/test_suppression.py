"""Small-cell suppression: small counts hidden, and none of them recoverable from the margins
by subtraction along rows and columns, however often repeated (checked by an attacker who
subtracts, and by linear algebra over the whole table)."""

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from putokaz.reports.suppression import (
    Protected,
    is_small,
    protect,
    protect_linked,
    protect_value,
    threshold,
)

LIMIT = 5


def lines(p: Protected) -> list[list[tuple[int, int]]]:
    """Every equation of the grid as the positions of its terms (the last is the margin)."""
    r, c = p.size
    return [[(i, j) for j in range(c + 1)] for i in range(r + 1)] + [
        [(i, j) for i in range(r + 1)] for j in range(c + 1)
    ]


def recovered_by_subtraction(p: Protected) -> set[tuple[int, int]]:
    """What a reader works out by subtracting along rows and columns, over and over."""
    known = {
        (i, j): p.grid[i][j]
        for i in range(len(p.grid))
        for j in range(len(p.grid[0]))
        if (i, j) not in p.hidden
    }
    found: set[tuple[int, int]] = set()
    progress = True
    while progress:
        progress = False
        for line in lines(p):
            unknown = [pos for pos in line if pos not in known]
            if len(unknown) != 1:
                continue
            (pos,) = unknown
            *cells, margin = line
            if pos == margin:
                value = sum(known[q] for q in cells)
            else:
                value = known[margin] - sum(known[q] for q in cells if q != pos)
            known[pos] = value
            found.add(pos)
            assert value == p.grid[pos[0]][pos[1]]
            progress = True
    return found


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((k for k in range(rank, len(matrix)) if matrix[k][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for k in range(len(matrix)):
            if k != rank and matrix[k][column] != 0:
                factor = matrix[k][column] / matrix[rank][column]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[rank], strict=True)]
        rank += 1
    return rank


def determined(p: Protected) -> set[tuple[int, int]]:
    """The hidden numbers fixed by the equations of the grid (linear algebra, exact)."""
    unknowns = sorted(p.hidden)
    if not unknowns:
        return set()
    index = {pos: k for k, pos in enumerate(unknowns)}
    equations = []
    for line in lines(p):
        *cells, margin = line
        row = [Fraction(0)] * len(unknowns)
        for pos in cells:
            if pos in index:
                row[index[pos]] += 1
        if margin in index:
            row[index[margin]] -= 1
        equations.append(row)
    base = _rank(equations)
    fixed = set()
    for pos, k in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[k] = Fraction(1)
        if _rank([*equations, unit]) == base:
            fixed.add(pos)
    return fixed


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=columns, max_size=columns),
        min_size=1,
        max_size=5,
    )
)
small_heavy_tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda columns: st.lists(
        st.lists(
            st.one_of(st.integers(min_value=0, max_value=6), st.integers(0, 40)),
            min_size=columns,
            max_size=columns,
        ),
        min_size=1,
        max_size=4,
    )
)


@given(tables, st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_no_small_count_is_shown_or_recoverable(
    values: list[list[int]], row_totals: bool, column_totals: bool
) -> None:
    p = protect(values, row_totals=row_totals, column_totals=column_totals, limit=LIMIT)
    shown_rows = p.rows() + ([p.totals()] if p.totals() else [])
    for row in shown_rows:
        for value in row:
            assert value is None or not 0 < value < LIMIT
    assert not (recovered_by_subtraction(p) & p.protected)
    assert not (determined(p) & p.protected)
    assert_no_small_hidden_group(p)


def assert_no_small_hidden_group(p: Protected) -> None:
    """Where a line's total is shown, its hidden cells do not add up to a small count."""
    for line in lines(p):
        *cells, margin = line
        if margin in p.hidden:
            continue
        hidden = sum(p.grid[i][j] for i, j in cells if (i, j) in p.hidden)
        assert hidden == 0 or hidden >= LIMIT


@given(small_heavy_tables)
@settings(max_examples=300, deadline=None)
def test_tables_full_of_small_counts_stay_protected(values: list[list[int]]) -> None:
    p = protect(values, limit=LIMIT)
    assert not (determined(p) & p.protected)
    assert_no_small_hidden_group(p)
    assert {
        (i, j) for i, row in enumerate(p.grid) for j, value in enumerate(row) if 0 < value < LIMIT
    } <= p.hidden


@given(st.lists(st.lists(st.integers(LIMIT, 90), min_size=3, max_size=3), min_size=1, max_size=5))
def test_a_table_without_small_counts_is_shown_whole(values: list[list[int]]) -> None:
    p = protect(values, limit=LIMIT)
    assert p.hidden == frozenset()
    assert p.rows() == [[*row, sum(row)] for row in values]


def test_a_single_small_cell_takes_the_smallest_other_cell_of_its_row_and_column() -> None:
    p = protect([[3, 20, 7], [10, 12, 40], [9, 30, 11]], limit=LIMIT)
    # 3 hidden; in its row the smallest other is 7, in its column 9; then the 7's column
    # and the 9's row have one hidden cell each, closed by the 11 where they cross.
    assert p.rows() == [
        [None, 20, None, 30],
        [10, 12, 40, 62],
        [None, 30, None, 50],
    ]
    assert p.totals() == [22, 62, 58, 142]
    assert p.protected == {(0, 0), (0, 2), (2, 0), (2, 2)}


def test_zero_is_shown_and_not_taken_as_a_complement() -> None:
    p = protect([[2, 0, 8], [6, 6, 6]], limit=LIMIT)
    assert p.shown(0, 1) == 0
    assert p.shown(0, 0) is None
    assert p.shown(0, 2) is None  # 8, not the 0


def test_a_small_total_is_hidden_too() -> None:
    p = protect([[1, 0], [2, 0], [30, 6]], limit=LIMIT)
    assert p.shown(0, 2) is None and p.shown(1, 2) is None
    assert p.shown(3, 1) == 6
    assert not (determined(p) & p.protected)


def test_list_with_a_total_only() -> None:
    """One column and its total (people by case type): a second type hides the small one."""
    p = protect([[40], [3], [12], [25]], row_totals=False, limit=LIMIT)
    assert p.rows() == [[40], [None], [None], [25]]
    assert p.totals() == [80]


def test_without_margins_only_small_counts_are_hidden() -> None:
    p = protect([[3, 20], [10, 12]], row_totals=False, column_totals=False, limit=LIMIT)
    assert p.rows() == [[None, 20], [10, 12]]
    assert p.totals() == []


def test_linked_tables_hide_the_same_totals() -> None:
    by_sex = [[10, 12, 0], [2, 1, 0], [30, 25, 1]]
    by_age = [[5, 17], [3, 0], [40, 16]]
    first, second = protect_linked([by_sex, by_age], limit=LIMIT)
    for i in range(4):
        assert (first.shown(i, 3) is None) == (second.shown(i, 2) is None)
    for p in (first, second):
        assert not (determined(p) & p.protected)


@given(
    st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=2), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=1, max_size=4),
)
@settings(max_examples=200, deadline=None)
def test_linked_tables_never_disagree(a: list[list[int]], b: list[list[int]]) -> None:
    rows = min(len(a), len(b))
    left, right = a[:rows], b[:rows]
    # the same row totals, as two breakdowns of the same people have
    for i in range(rows):
        right[i][0] += max(0, sum(left[i]) - sum(right[i]))
        left[i][0] += max(0, sum(right[i]) - sum(left[i]))
    first, second = protect_linked([left, right], limit=LIMIT)
    for i in range(rows + 1):
        assert (first.shown(i, 2) is None) == (second.shown(i, 3) is None)
        assert first.grid[i][2] == second.grid[i][3]
    # What either table shows cannot give away what the other hides: the shared totals
    # are hidden alike, and each table protects its own cells.
    for p in (first, second):
        assert not (determined(p) & p.protected)


def test_threshold_comes_from_the_setting(settings: Any) -> None:
    settings.PUTOKAZ_REPORT_MIN_CELL = 10
    assert threshold() == 10
    assert is_small(9) and not is_small(10) and not is_small(0)
    assert protect_value(7) is None and protect_value(12) == 12
    assert protect([[7, 40], [20, 30]]).shown(0, 0) is None


def test_default_threshold_is_five() -> None:
    assert threshold() == 5
    assert protect_value(4) is None and protect_value(5) == 5 and protect_value(0) == 0


def test_the_attackers_of_these_tests_find_what_primary_suppression_alone_leaves() -> None:
    """The checks above are worth something: hiding only the small cell is caught by both."""
    grid = ((3, 20, 23), (10, 12, 22), (13, 32, 45))
    naive = Protected(
        grid=grid,
        hidden=frozenset({(0, 0)}),
        protected=frozenset({(0, 0)}),
        row_totals=True,
        column_totals=True,
    )
    assert recovered_by_subtraction(naive) == {(0, 0)}
    assert determined(naive) == {(0, 0)}
    # Two cycles joined by one cell: every line has two hidden cells, yet the joining cell
    # is fixed; only the linear-algebra attacker sees it.
    bridge = Protected(
        grid=((1, 1, 0, 0, 2), (1, 1, 1, 0, 3), (0, 0, 1, 1, 2), (0, 0, 1, 1, 2), (2, 2, 3, 2, 9)),
        hidden=frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}),
        protected=frozenset({(1, 2)}),
        row_totals=True,
        column_totals=True,
    )
    assert recovered_by_subtraction(bridge) == set()
    assert (1, 2) in determined(bridge)


def test_two_ones_beside_a_shown_total_take_a_third_cell() -> None:
    """The demo's first steps: 1 and 1 hidden above a 6 with the total 8 shown would be two
    ones (hidden cells are never zero); the 6 is hidden too."""
    p = protect([[1, 0, 0], [1, 0, 0], [6, 0, 0]], limit=LIMIT)
    assert [row[0] for row in p.rows()] == [None, None, None]
    assert p.totals() == [8, 0, 0, 8]
