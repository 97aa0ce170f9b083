"""Small-cell suppression: which counts of a table may be shown without revealing a few people.

A count from 1 to ``threshold - 1`` (``PUTOKAZ_REPORT_MIN_CELL``, 5 by default) is never
shown (*primary* suppression). Zeros are shown: a zero is about nobody.

A table's margins let a reader subtract. Take a table with its row totals, column totals
and grand total as one grid of (R + 1) × (C + 1) numbers: every row and every column of it
is an equation (the cells add up to the margin). A hidden number can be worked out from
those equations exactly when it is the only unknown of a line, or — after several
subtractions — when its cell is a *bridge* of the graph whose vertices are the grid's rows
and columns and whose edges are the hidden cells: adding and subtracting the same amount
around a cycle of hidden cells keeps every line's sum, so a cell on a cycle can take many
values, and a cell on no cycle cannot. So *secondary* suppression hides more cells until no
protected cell is a bridge: in a line where a protected cell is the only hidden one, the
smallest other cell of that line; otherwise the smallest cell that closes a cycle through
it. And where the hidden cells of a line whose total is shown add up to fewer than
``threshold`` (two hidden cells that make 2 are two ones), one more cell of the line is
hidden. Margins the layout does not show at all (a table without row totals) count as unknowns
from the start; they need no protection themselves.

Non-zero cells inside the table are preferred as complements: a hidden zero beside a small
count would let the reader know that the two hidden cells add up to that small count.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

type Position = tuple[int, int]


def threshold() -> int:
    """The smallest count that may be shown (the setting ``PUTOKAZ_REPORT_MIN_CELL``)."""
    return int(getattr(settings, "PUTOKAZ_REPORT_MIN_CELL", 5))


def is_small(value: int, limit: int | None = None) -> bool:
    """Whether ``value`` counts too few people to be shown."""
    return 0 < value < (threshold() if limit is None else limit)


@dataclass(frozen=True)
class Protected:
    """A table of counts with its margins, and which of its numbers are hidden.

    ``grid`` is (R + 1) × (C + 1): the cells, each row ending with its total, and a last row
    of column totals ending with the grand total. ``shown(i, j)`` is the number or None.
    """

    grid: tuple[tuple[int, ...], ...]
    hidden: frozenset[Position]
    protected: frozenset[Position]
    row_totals: bool
    column_totals: bool

    @property
    def size(self) -> tuple[int, int]:
        return len(self.grid) - 1, len(self.grid[0]) - 1

    def shown(self, i: int, j: int) -> int | None:
        return None if (i, j) in self.hidden else self.grid[i][j]

    def rows(self) -> list[list[int | None]]:
        """The table's rows as displayed: cells, then the row total when the layout has it."""
        r, c = self.size
        width = c + 1 if self.row_totals else c
        return [[self.shown(i, j) for j in range(width)] for i in range(r)]

    def totals(self) -> list[int | None]:
        """The row of column totals as displayed (ending with the grand total when the layout
        has row totals too); empty when the layout has no column totals."""
        if not self.column_totals:
            return []
        r, c = self.size
        width = c + 1 if self.row_totals else c
        return [self.shown(r, j) for j in range(width)]

    @property
    def suppressed_count(self) -> int:
        return len(self.protected)


def protect(
    values: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    limit: int | None = None,
    force: Iterable[Position] = (),
) -> Protected:
    """Hide the small counts of ``values`` (rows of non-negative counts, all of one length) and
    whatever would let them be recovered from the margins the layout shows.

    ``force`` names positions of the (R + 1) × (C + 1) grid to hide anyway (a margin another
    table hides, so that the two tables agree); ``limit`` overrides the setting.
    """
    cutoff = threshold() if limit is None else limit
    r = len(values)
    c = len(values[0]) if r else 0
    grid = [[*row, sum(row)] for row in values]
    grid.append([sum(grid[i][j] for i in range(r)) for j in range(c + 1)])
    if r == 0 or c == 0:
        return Protected(
            grid=tuple(tuple(row) for row in grid),
            hidden=frozenset(),
            protected=frozenset(),
            row_totals=row_totals,
            column_totals=column_totals,
        )
    layout: set[Position] = set()
    if not row_totals:
        layout |= {(i, c) for i in range(r + 1)}
    if not column_totals:
        layout |= {(r, j) for j in range(c + 1)}
    displayed = {(i, j) for i in range(r + 1) for j in range(c + 1)} - layout
    protected = {p for p in displayed if 0 < grid[p[0]][p[1]] < cutoff}
    protected |= set(force) & displayed
    while True:
        hidden = protected | layout
        bridge = _protected_bridge(hidden, protected, r + 1, c + 1)
        if bridge is not None:
            protected.add(_complement(grid, hidden, displayed, bridge, r, c))
            continue
        small_group = _small_hidden_group(grid, hidden, displayed, r, c, cutoff)
        if small_group is None:
            break
        protected.add(small_group)
    return Protected(
        grid=tuple(tuple(row) for row in grid),
        hidden=frozenset(protected | layout),
        protected=frozenset(protected),
        row_totals=row_totals,
        column_totals=column_totals,
    )


def _complement(
    grid: list[list[int]],
    hidden: set[Position],
    displayed: set[Position],
    bridge: Position,
    r: int,
    c: int,
) -> Position:
    """The cell to hide so that ``bridge`` lies on a cycle of hidden cells (or at least has a
    second hidden cell in each of its lines)."""
    i, j = bridge
    in_row = [(i, col) for col in range(c + 1) if (i, col) in hidden]
    in_column = [(row, j) for row in range(r + 1) if (row, j) in hidden]
    if len(in_row) == 1:
        candidates = [(i, col) for col in range(c + 1) if (i, col) not in hidden]
    elif len(in_column) == 1:
        candidates = [(row, j) for row in range(r + 1) if (row, j) not in hidden]
    else:
        # Both ends have other hidden cells: remove the bridge and join the two sides by a
        # cell in a row of the column's side and a column of the row's side.
        edges = hidden - {bridge}
        row_side = _component(("row", i), edges)
        column_side = _component(("col", j), edges)
        rows = [node[1] for node in column_side if node[0] == "row"]
        columns = [node[1] for node in row_side if node[0] == "col"]
        candidates = [(a, b) for a in rows for b in columns if (a, b) not in hidden]
    # Only displayed cells: a cell the layout leaves out is hidden already.
    candidates = [p for p in candidates if p in displayed]
    if not candidates:  # pragma: no cover - the graph argument above guarantees one
        raise AssertionError("no complementary cell")
    return min(candidates, key=lambda p: _preference(grid, p, r, c))


def _small_hidden_group(
    grid: list[list[int]],
    hidden: set[Position],
    displayed: set[Position],
    r: int,
    c: int,
    cutoff: int,
) -> Position | None:
    """A cell to hide in a line whose total is shown while the cells hidden in it add up to
    fewer than ``cutoff``: two hidden cells known to add up to 2 are two ones (a hidden cell
    is not zero, zeros are shown). None when every such line is safe."""
    lines = [[(i, j) for j in range(c + 1)] for i in range(r + 1)]
    lines += [[(i, j) for i in range(r + 1)] for j in range(c + 1)]
    for line in lines:
        *cells, margin = line
        if margin in hidden:
            continue
        total = sum(grid[i][j] for i, j in cells if (i, j) in hidden)
        if 0 < total < cutoff:
            candidates = [p for p in cells if p not in hidden and p in displayed]
            if candidates:
                return min(candidates, key=lambda p: _preference(grid, p, r, c))
    return None


def _preference(
    grid: list[list[int]], p: Position, r: int, c: int
) -> tuple[bool, bool, int, Position]:
    value = grid[p[0]][p[1]]
    is_margin = p[0] == r or p[1] == c
    return (value == 0, is_margin, value, p)


def _adjacency(edges: Iterable[Position]) -> dict[tuple[str, int], list[tuple[str, int]]]:
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, j in edges:
        neighbours.setdefault(("row", i), []).append(("col", j))
        neighbours.setdefault(("col", j), []).append(("row", i))
    return neighbours


def _component(start: tuple[str, int], edges: Iterable[Position]) -> set[tuple[str, int]]:
    neighbours = _adjacency(edges)
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for other in neighbours.get(node, []):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def _protected_bridge(
    hidden: set[Position], protected: set[Position], rows: int, columns: int
) -> Position | None:
    """A protected cell that lies on no cycle of hidden cells (its value is determined), the
    first in reading order; None when there is none."""
    bridges = _bridges(hidden)
    for position in sorted(protected):
        if position in bridges:
            return position
    return None


def _bridges(edges: set[Position]) -> set[Position]:
    """The bridges of the bipartite graph of rows and columns joined by ``edges`` (Tarjan's
    lowpoint method, iterative; the graph is simple, so an edge is known by its ends)."""
    neighbours = _adjacency(edges)
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: set[Position] = set()
    counter = 0
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[tuple[str, int], tuple[str, int] | None, int]] = [(root, None, 0)]
        while stack:
            node, parent, index = stack.pop()
            adjacent = neighbours[node]
            if index < len(adjacent):
                stack.append((node, parent, index + 1))
                other = adjacent[index]
                if other == parent:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = counter
                    counter += 1
                    stack.append((other, node, 0))
            elif parent is not None:
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    a, b = (node, parent) if node[0] == "row" else (parent, node)
                    found.add((a[1], b[1]))
    return found


def protect_value(value: int | None, *, limit: int | None = None) -> int | None:
    """One count on its own (no margins): None when it is small."""
    if value is None:
        return None
    return None if is_small(value, limit) else value


def protect_linked(
    tables: Sequence[Sequence[Sequence[int]]], *, limit: int | None = None
) -> list[Protected]:
    """Several tables of the same rows (people by type × sex, by type × age group), each
    shown with its row totals, which are therefore the same numbers: a total hidden in one
    is hidden in every other, or the reader would take it from there. Repeats until the
    tables agree (each round only hides more, so it ends)."""
    shared: set[int] = set()
    while True:
        results = [
            protect(table, limit=limit, force={(i, _width(table)) for i in shared})
            for table in tables
        ]
        hidden_totals = {
            i
            for table, result in zip(tables, results, strict=True)
            for i, j in result.hidden
            if j == _width(table)
        }
        if hidden_totals <= shared:
            return results
        shared |= hidden_totals


def _width(table: Sequence[Sequence[int]]) -> int:
    return len(table[0]) if table else 0
