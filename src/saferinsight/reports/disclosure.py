"""Statistical disclosure control for public editions of reports (methods.md section 3.6).

The default :class:`DisclosureRule` follows the NHS Digital HES/ECDS method (September 2018):

- 0 stays 0;
- counts of 1 to 7 are shown as ``*``;
- other counts are rounded to the nearest 5;
- totals are computed from the unrounded counts and then protected in the same way;
- percentages come from the rounded numerator and denominator, with one decimal place only when
  the rounded denominator is at least 4,000.

:func:`protect_count` and :func:`protect_percentage` protect single figures.
:func:`protect_table` protects a table with its totals and adds secondary suppression
(OpenSAFELY ehrql issue 1666) so that a reader cannot work out a suppressed count from the
totals and the other cells. :func:`recoverable_cells` is the check: it lists the cells a reader
could solve for, taking every shown number at face value. the scanner scans
finished text for counts that break the rule.

Positions in a table use the grid *with* its margins: for a table of ``R`` rows and ``C``
columns, ``(i, j)`` with ``i < R`` and ``j < C`` is a body cell, ``(i, C)`` is row ``i``'s total,
``(R, j)`` is column ``j``'s total and ``(R, C)`` is the grand total.

Sources: https://digital.nhs.uk/data-and-information/data-tools-and-services/data-services/hospital-episode-statistics/change-to-disclosure-control-methodology-for-hes-and-ecds-from-september-2018 ;
https://github.com/opensafely-core/ehrql/issues/1666
"""  # noqa: E501

from __future__ import annotations

import operator
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import SupportsIndex

__all__ = [
    "DEFAULT_RULE",
    "NOT_A_COUNT",
    "DisclosureRule",
    "ProtectedTable",
    "Withheld",
    "protect_count",
    "protect_percentage",
    "protect_table",
    "recoverable_cells",
]

#: U+2060 WORD JOINER: a number written straight after it is not a count, and
#: the scanner skips it. The character is invisible when rendered.
NOT_A_COUNT = "\u2060"

Position = tuple[int, int]


def _as_count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise TypeError(f"{what} must be a whole number (int), got {value!r}: count it first")
    n = operator.index(value)
    if n < 0:
        raise ValueError(f"{what} must be 0 or more, got {n}: a count cannot be negative")
    return n


@dataclass(frozen=True)
class DisclosureRule:
    """How counts are protected before publication.

    Attributes
    ----------
    suppress_from, suppress_to
        Counts from ``suppress_from`` to ``suppress_to`` inclusive are shown as ``symbol``.
        ``suppress_from`` is 1 (0 stays 0, the default) or 0 (zeros are suppressed too, as in
        the UK LLC / ONS threshold-of-10 rule). ``suppress_to`` below ``suppress_from`` means
        nothing is suppressed.
    round_to
        Other counts are rounded to the nearest multiple of this, halves rounding up (12 → 10,
        13 → 15 with 5). 1 means no rounding.
    symbol
        What a suppressed count is shown as.
    pct_one_decimal_min_denominator
        Percentages get one decimal place only when the rounded denominator is at least this;
        otherwise they are whole numbers.

    Raises
    ------
    ValueError
        If a setting is out of range, or the rounding would show a non-zero count as 0.

    Examples
    --------
    >>> rule = DisclosureRule(suppress_to=4)
    >>> rule.suppresses(4), rule.suppresses(5), rule.rounded(12), rule.rounded(13)
    (True, False, 10, 15)
    >>> DEFAULT_RULE.describe().split("; ")[1]
    'counts of 1 to 7 are shown as *'
    """

    suppress_from: int = 1
    suppress_to: int = 7
    round_to: int = 5
    symbol: str = "*"
    pct_one_decimal_min_denominator: int = 4000

    def __post_init__(self) -> None:
        if self.suppress_from not in (0, 1):
            raise ValueError(
                f"suppress_from must be 1 (0 stays 0) or 0 (zeros suppressed too), got "
                f"{self.suppress_from!r}: suppressing 3 to 7 while showing 1 and 2 protects nobody"
            )
        if self.suppress_to < 0:
            raise ValueError(f"suppress_to must be 0 or more, got {self.suppress_to!r}")
        if self.round_to < 1:
            raise ValueError(f"round_to must be 1 (no rounding) or more, got {self.round_to!r}")
        smallest_shown = max(self.suppress_to + 1, 1)
        if self.rounded(smallest_shown) == 0:
            raise ValueError(
                f"round_to={self.round_to} would show the count {smallest_shown} as 0: use a "
                f"round_to of at most {2 * smallest_shown}, or suppress more small counts"
            )
        if not self.symbol or any(ch.isdigit() for ch in self.symbol):
            raise ValueError(f"symbol must be non-empty text without digits, got {self.symbol!r}")
        if self.pct_one_decimal_min_denominator < 0:
            raise ValueError(
                "pct_one_decimal_min_denominator must be 0 or more, got "
                f"{self.pct_one_decimal_min_denominator!r}"
            )

    def suppresses(self, n: int) -> bool:
        """Whether the count ``n`` is shown as the symbol (primary suppression)."""
        return self.suppress_from <= n <= self.suppress_to

    def rounded(self, n: int) -> int:
        """``n`` rounded to the nearest multiple of ``round_to``, halves up."""
        return (2 * n + self.round_to) // (2 * self.round_to) * self.round_to

    def candidates(self, shown: int | None) -> range:
        """Every count a reader cannot tell apart from one shown as ``shown`` (``None``: the
        symbol): what an attacker has to try, and what a public statistic must not narrow.

        Examples
        --------
        >>> DEFAULT_RULE.candidates(None), DEFAULT_RULE.candidates(10), DEFAULT_RULE.candidates(0)
        (range(1, 8), range(8, 13), range(0, 1))
        >>> DisclosureRule(round_to=10).candidates(20)
        range(15, 25)
        """
        if shown is None:
            return range(self.suppress_from, self.suppress_to + 1)
        # rounded(m) == shown for shown - round_to/2 <= m < shown + round_to/2; the suppressed
        # counts are shown as the symbol instead (what is left is one run of counts)
        low = max(shown - self.round_to // 2, 0)
        shown_as = [
            m for m in range(low, shown + (self.round_to + 1) // 2) if not self.suppresses(m)
        ]
        return range(shown_as[0], shown_as[-1] + 1) if shown_as else range(0)

    def describe(self) -> str:
        """The rule in plain English, for a report's methodology appendix.

        Examples
        --------
        >>> DisclosureRule(suppress_from=0, suppress_to=9, round_to=10).describe().split("; ")[:2]
        ['Counts of 0 to 9 are shown as *', 'other counts are rounded to the nearest 10, halves up']
        """
        parts = []
        if self.suppress_from == 1:
            parts.append("0 stays 0")
        if self.suppress_to >= self.suppress_from:
            parts.append(
                f"counts of {self.suppress_from} to {self.suppress_to} are shown as {self.symbol}"
            )
        if self.round_to > 1:
            parts.append(f"other counts are rounded to the nearest {self.round_to}, halves up")
            totals = "then rounded and suppressed in the same way, so a total can differ from "
            totals += "the sum of the rounded cells"
        else:
            parts.append("other counts are shown as they are")
            totals = "then suppressed in the same way"
        parts.append(f"totals are computed from the unrounded counts and {totals}")
        parts.append(
            "percentages are computed from the rounded numerator and denominator, with one "
            "decimal place only when the rounded denominator is at least "
            f"{self.pct_one_decimal_min_denominator:,} and as whole numbers otherwise, and are "
            f"shown as {self.symbol} when the numerator or denominator is"
        )
        parts.append(
            f"where a table shows totals, further cells are also shown as {self.symbol} "
            "(secondary suppression) so that no suppressed count can be worked out from the "
            "totals and the other cells"
        )
        text = "; ".join(parts) + "."
        return text[0].upper() + text[1:]


DEFAULT_RULE = DisclosureRule()


class Withheld:
    """The figures one part of a report withholds, by label and true count, so that the other
    tables of the part withhold them too (a count suppressed in one table and printed in the
    next is not suppressed).

    Examples
    --------
    >>> withheld = Withheld()
    >>> withheld.add("Male", 20)
    >>> ("male", 20) in withheld, ("Male", 21) in withheld
    (True, False)
    """

    def __init__(self) -> None:
        self._figures: set[tuple[str, int]] = set()

    def add(self, label: str, count: int) -> None:
        """Record that the count of ``label`` is withheld (zeros are never withheld)."""
        if count:
            self._figures.add((label.strip().casefold(), count))

    def __contains__(self, figure: object) -> bool:
        if not isinstance(figure, tuple) or len(figure) != 2:
            return False
        label, count = figure
        return isinstance(label, str) and (label.strip().casefold(), count) in self._figures

    def __len__(self) -> int:
        return len(self._figures)


def protect_count(n: int, rule: DisclosureRule = DEFAULT_RULE, *, thousands: bool = True) -> str:
    """A count as a public report shows it.

    Parameters
    ----------
    n
        The true count.
    rule
        The disclosure rule.
    thousands
        Write counts of 1,000 or more with a comma. Keep this on for text that
        the scanner will check: it takes a bare 1900 to 2100 for a year.

    Returns
    -------
    str
        ``"0"``, the symbol (``"*"``), or the rounded count.

    Raises
    ------
    TypeError, ValueError
        If ``n`` is not a whole number or is negative.

    Examples
    --------
    >>> [protect_count(n) for n in (0, 1, 7, 8, 12, 13, 22, 23)]
    ['0', '*', '*', '10', '10', '15', '20', '25']
    >>> protect_count(1234), protect_count(1234, thousands=False)
    ('1,235', '1235')
    """
    count = _as_count(n, "count")
    if rule.suppresses(count):
        return rule.symbol
    shown = rule.rounded(count)
    return f"{shown:,}" if thousands else str(shown)


def protect_percentage(
    numerator: int,
    denominator: int,
    rule: DisclosureRule = DEFAULT_RULE,
    *,
    sign: bool = True,
) -> str:
    """A percentage built from protected counts.

    The percentage is ``100 * rounded(numerator) / rounded(denominator)``, rounded half up to
    one decimal place when the rounded denominator is at least
    ``rule.pct_one_decimal_min_denominator`` and to a whole number otherwise.

    Parameters
    ----------
    numerator, denominator
        The true counts.
    rule
        The disclosure rule.
    sign
        Append ``"%"``. Keep this on for text that the scanner will check:
        a bare whole number is taken for a count.

    Returns
    -------
    str
        The percentage, or the symbol when the numerator or the denominator is suppressed.

    Raises
    ------
    TypeError, ValueError
        If a count is not a whole number, is negative, or the denominator is 0.

    Notes
    -----
    Two percentages that add up to 100 reveal each other: suppress the complement too.

    Examples
    --------
    >>> protect_percentage(12, 83), protect_percentage(10, 80), protect_percentage(4, 80)
    ('12%', '13%', '*')
    >>> protect_percentage(123, 3997), protect_percentage(123, 3998)
    ('3%', '3.1%')
    """
    top = _as_count(numerator, "numerator")
    bottom = _as_count(denominator, "denominator")
    if bottom == 0:
        raise ValueError("denominator is 0: a percentage of nothing is undefined; leave it out")
    if rule.suppresses(top) or rule.suppresses(bottom):
        return rule.symbol
    top, bottom = rule.rounded(top), rule.rounded(bottom)
    suffix = "%" if sign else ""
    if bottom >= rule.pct_one_decimal_min_denominator:
        tenths = (2000 * top + bottom) // (2 * bottom)
        return f"{tenths // 10:,}.{tenths % 10}{suffix}"
    return f"{(200 * top + bottom) // (2 * bottom):,}{suffix}"


@dataclass(frozen=True)
class ProtectedTable:
    """A table as a public report shows it: the result of :func:`protect_table`.

    Attributes
    ----------
    cells
        The body, row by row, protected.
    row_totals, column_totals, grand_total
        The protected totals (computed from unrounded counts), or ``None`` when not shown. The
        grand total is shown only when both row and column totals are.
    primary
        Positions suppressed because their own count is in the suppressed range.
    secondary
        Positions suppressed only so that no primary count can be worked out.
    rule
        The rule applied.

    Positions are ``(row, column)`` in the grid with margins (see the module docstring), so a
    suppressed total appears as ``(i, C)``, ``(R, j)`` or ``(R, C)``.
    """

    cells: tuple[tuple[str, ...], ...]
    row_totals: tuple[str, ...] | None
    column_totals: tuple[str, ...] | None
    grand_total: str | None
    primary: frozenset[Position]
    secondary: frozenset[Position]
    rule: DisclosureRule = DEFAULT_RULE

    @property
    def shape(self) -> tuple[int, int]:
        """The body's number of rows and columns."""
        columns = len(self.cells[0]) if self.cells else len(self.column_totals or ())
        return len(self.cells), columns

    def with_totals(self) -> tuple[tuple[str, ...], ...]:
        """Every row with its total, then the totals row, as a report lays them out.

        Examples
        --------
        >>> protect_table([[3, 40], [12, 30]]).with_totals()
        (('*', '*', '45'), ('*', '*', '40'), ('15', '70', '85'))
        """
        rows = [
            (*row, *(() if self.row_totals is None else (self.row_totals[i],)))
            for i, row in enumerate(self.cells)
        ]
        if self.column_totals is not None:
            grand = () if self.grand_total is None else (self.grand_total,)
            rows.append((*self.column_totals, *grand))
        return tuple(rows)


def protect_table(
    values: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    rule: DisclosureRule = DEFAULT_RULE,
    withheld: AbstractSet[Position] = frozenset(),
) -> ProtectedTable:
    """Protect a table of counts, with totals and secondary suppression.

    Parameters
    ----------
    values
        The true counts, one sequence per row, all rows the same length.
    row_totals, column_totals
        Show a total for each row / column. The grand total is shown when both are.
    rule
        The disclosure rule.
    withheld
        Positions to suppress as well (with the secondary cells): figures another table of the
        same report withholds, so that this one does not print them.

    Returns
    -------
    ProtectedTable

    Raises
    ------
    TypeError, ValueError
        If the table is empty or ragged, or a value is not a count.

    Notes
    -----
    Totals are computed from the unrounded counts and then protected themselves; a total in the
    suppressed range is suppressed (primary), and then every non-zero count it covers is too.

    Secondary suppression treats every shown number as exact, as a reader might. A *line* is a
    row or column that shows a total (including the totals row and column, whose total is the
    grand total). Repeat over all lines until nothing changes:

    1. a line with exactly one suppressed entry (cell or its total), or whose shown total covers
       suppressed cells adding up to at most ``suppress_to``, gets one more cell suppressed: its
       smallest non-zero unsuppressed cell (ties by position); when it has none, its total;
    2. when every line passes, the check :func:`recoverable_cells` runs; a cell it finds is
       hidden in a cycle by suppressing the smallest unsuppressed non-zero entry that links the
       two sides of it, totals last, and step 1 runs again.

    Zeros are never suppressed as secondary cells: hiding a 0 next to a small count does not
    hide the small count's total. The result is safe, not minimal: finding the fewest cells is
    NP-hard.

    Examples
    --------
    >>> table = protect_table([[3, 12, 20], [9, 14, 30], [25, 40, 50]])
    >>> table.cells
    (('*', '*', '20'), ('*', '*', '30'), ('25', '40', '50'))
    >>> table.row_totals, table.column_totals, table.grand_total
    (('35', '55', '115'), ('35', '65', '100'), '205')
    >>> sorted(table.primary), sorted(table.secondary)
    ([(0, 0)], [(0, 1), (1, 0), (1, 1)])
    """
    body = _check_table(values)
    n_rows, n_cols = len(body), len(body[0])
    grid: dict[Position, int] = {(i, j): v for i, row in enumerate(body) for j, v in enumerate(row)}
    if row_totals:
        grid.update({(i, n_cols): sum(row) for i, row in enumerate(body)})
    if column_totals:
        grid.update({(n_rows, j): sum(row[j] for row in body) for j in range(n_cols)})
    if row_totals and column_totals:
        grid[(n_rows, n_cols)] = sum(map(sum, body))
    primary = frozenset(p for p, v in grid.items() if rule.suppresses(v))
    hidden = set(primary) | (set(withheld) & grid.keys())
    _suppress_secondary(grid, (n_rows, n_cols), hidden, rule)
    shown = {p: rule.symbol if p in hidden else protect_count(v, rule) for p, v in grid.items()}
    return ProtectedTable(
        cells=tuple(tuple(shown[(i, j)] for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(shown[(i, n_cols)] for i in range(n_rows)) if row_totals else None,
        column_totals=tuple(shown[(n_rows, j)] for j in range(n_cols)) if column_totals else None,
        grand_total=shown.get((n_rows, n_cols)),
        primary=primary,
        secondary=frozenset(hidden - primary),
        rule=rule,
    )


def recoverable_cells(table: ProtectedTable) -> set[Position]:
    """The suppressed entries a reader could work out exactly from the shown numbers.

    Every shown number, totals included, is taken at face value (as if unrounded), and every
    row and column that shows a total gives an equation. A suppressed entry can be solved for
    exactly when no change to the suppressed values keeps all the equations true while moving
    it. The simplest case is a row or column with a shown total and exactly one suppressed
    entry; but two rows and two columns can also pin down a cell that shares its row and column
    with other suppressed cells.

    Parameters
    ----------
    table
        A protected table; entries equal to ``table.rule.symbol`` are the suppressed ones.

    Returns
    -------
    set of (row, column)
        Positions in the grid with margins (see the module docstring); empty when safe.

    Notes
    -----
    Put the unknowns on a graph: one node per row and per column, one edge per suppressed
    entry, and every row or column without an equation merged into one node. The solutions of
    the equations then differ by flows around cycles, so an entry is determined exactly when
    its edge is a bridge (it lies on no cycle).

    Examples
    --------
    >>> table = protect_table([[3, 12], [20, 30]])
    >>> recoverable_cells(table)
    set()
    >>> unsafe = ProtectedTable(cells=(("*", "10"), ("20", "30")), row_totals=("15", "50"),
    ...     column_totals=None, grand_total=None, primary=frozenset({(0, 0)}),
    ...     secondary=frozenset())
    >>> recoverable_cells(unsafe)
    {(0, 0)}
    """
    n_rows, n_cols = table.shape
    entries: dict[Position, str] = {}
    for i, row in enumerate(table.cells):
        entries.update({(i, j): text for j, text in enumerate(row)})
    for i, text in enumerate(table.row_totals or ()):
        entries[(i, n_cols)] = text
    for j, text in enumerate(table.column_totals or ()):
        entries[(n_rows, j)] = text
    if table.grand_total is not None:
        entries[(n_rows, n_cols)] = table.grand_total
    hidden = {p for p, text in entries.items() if text == table.rule.symbol}
    return _bridges(_edges(entries.keys(), (n_rows, n_cols), hidden))


def _check_table(values: Sequence[Sequence[int]]) -> list[list[int]]:
    body = [[_as_count(v, f"value in row {i}") for v in row] for i, row in enumerate(values)]
    if not body or not body[0]:
        raise ValueError("the table is empty: give at least one row and one column of counts")
    widths = {len(row) for row in body}
    if len(widths) > 1:
        raise ValueError(
            f"rows have different lengths {sorted(widths)}: every row needs a value for every "
            "column (0 where there is nothing)"
        )
    return body


@dataclass(frozen=True)
class _Line:
    """A row or column that shows a total (its margin)."""

    members: tuple[Position, ...]
    margin: Position


def _lines(positions: AbstractSet[Position], shape: tuple[int, int]) -> list[_Line]:
    n_rows, n_cols = shape
    lines = []
    for i in sorted({i for i, _ in positions}):
        if (i, n_cols) in positions:
            members = tuple((i, j) for j in range(n_cols) if (i, j) in positions)
            lines.append(_Line(members, (i, n_cols)))
    for j in sorted({j for _, j in positions}):
        if (n_rows, j) in positions:
            members = tuple((i, j) for i in range(n_rows) if (i, j) in positions)
            lines.append(_Line(members, (n_rows, j)))
    return lines


_Node = tuple[str, int]
_FREE: _Node = ("free", 0)


def _edges(
    positions: AbstractSet[Position], shape: tuple[int, int], hidden: AbstractSet[Position]
) -> dict[Position, tuple[_Node, _Node]]:
    """One edge per hidden entry, between its row and column; lines without a total merged."""
    n_rows, n_cols = shape

    def row(i: int) -> _Node:
        return ("row", i) if (i, n_cols) in positions else _FREE

    def column(j: int) -> _Node:
        return ("column", j) if (n_rows, j) in positions else _FREE

    return {p: (row(p[0]), column(p[1])) for p in sorted(hidden)}


def _adjacency(
    edges: Mapping[Position, tuple[_Node, _Node]], without: Position | None = None
) -> dict[_Node, list[tuple[_Node, Position]]]:
    adjacency: dict[_Node, list[tuple[_Node, Position]]] = defaultdict(list)
    for edge, (u, v) in edges.items():
        if u != v and edge != without:  # a loop lies on a cycle by itself: never a bridge
            adjacency[u].append((v, edge))
            adjacency[v].append((u, edge))
    return adjacency


def _bridges(edges: Mapping[Position, tuple[_Node, _Node]]) -> set[Position]:
    """Bridges of a multigraph (Tarjan), iteratively: tables can be long."""
    adjacency = _adjacency(edges)
    order: dict[_Node, int] = {}
    low: dict[_Node, int] = {}
    bridges: set[Position] = set()
    for root in list(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[_Node, Position | None, Iterator[tuple[_Node, Position]]]] = [
            (root, None, iter(adjacency[root]))
        ]
        while stack:
            node, via, neighbours = stack[-1]
            for nxt, edge in neighbours:
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, edge, iter(adjacency[nxt])))
                    break
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges


def _reachable(adjacency: Mapping[_Node, list[tuple[_Node, Position]]], start: _Node) -> set[_Node]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt, _ in adjacency.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _suppress_secondary(
    grid: Mapping[Position, int],
    shape: tuple[int, int],
    hidden: set[Position],
    rule: DisclosureRule,
) -> None:
    positions = grid.keys()
    lines = _lines(positions, shape)
    while True:
        _close_lines(grid, lines, hidden, rule)
        exposed = _bridges(_edges(positions, shape, hidden))
        if not exposed:
            return
        extra = _bridge_partner(grid, shape, hidden, min(exposed))
        if extra is None:
            return
        hidden.add(extra)


def _close_lines(
    grid: Mapping[Position, int], lines: list[_Line], hidden: set[Position], rule: DisclosureRule
) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            while _is_open(grid, line, hidden, rule):
                members = [p for p in line.members if p not in hidden and grid[p] > 0]
                if members:
                    hidden.add(min(members, key=lambda p: (grid[p], p)))
                elif line.margin not in hidden and grid[line.margin] > 0:
                    hidden.add(line.margin)
                else:
                    break
                changed = True


def _is_open(
    grid: Mapping[Position, int], line: _Line, hidden: AbstractSet[Position], rule: DisclosureRule
) -> bool:
    """True when the line gives a suppressed value, or a small sum of them, away."""
    hidden_members = [p for p in line.members if p in hidden]
    margin_hidden = line.margin in hidden
    if len(hidden_members) + margin_hidden == 1:
        return True
    return (
        not margin_hidden
        and bool(hidden_members)
        and sum(grid[p] for p in hidden_members) <= rule.suppress_to
    )


def _bridge_partner(
    grid: Mapping[Position, int],
    shape: tuple[int, int],
    hidden: AbstractSet[Position],
    bridge: Position,
) -> Position | None:
    """The entry whose suppression puts ``bridge`` on a cycle (or, failing that, near it)."""
    n_rows, n_cols = shape
    edges = _edges(grid.keys(), shape, hidden)
    adjacency = _adjacency(edges, without=bridge)
    u, v = edges[bridge]
    side_u, side_v = _reachable(adjacency, u), _reachable(adjacency, v)
    open_entries = [p for p in grid if p not in hidden and grid[p] > 0]
    probe = _edges(grid.keys(), shape, set(open_entries))

    def crosses(p: Position) -> bool:
        a, b = probe[p]
        return (a in side_u and b in side_v) or (a in side_v and b in side_u)

    def key(p: Position) -> tuple[bool, int, Position]:
        return (p[0] == n_rows or p[1] == n_cols, grid[p], p)

    for pick in (
        [p for p in open_entries if crosses(p)],
        [p for p in open_entries if p[0] == bridge[0] or p[1] == bridge[1]],
        open_entries,
    ):
        if pick:
            return min(pick, key=key)
    return None
