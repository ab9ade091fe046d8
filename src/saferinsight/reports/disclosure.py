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
could solve for, taking every shown number at face value. :func:`find_disclosive_numbers` scans
finished text for counts that break the rule.

Positions in a table use the grid *with* its margins: for a table of ``R`` rows and ``C``
columns, ``(i, j)`` with ``i < R`` and ``j < C`` is a body cell, ``(i, C)`` is row ``i``'s total,
``(R, j)`` is column ``j``'s total and ``(R, C)`` is the grand total.

Sources: https://digital.nhs.uk/data-and-information/data-tools-and-services/data-services/hospital-episode-statistics/change-to-disclosure-control-methodology-for-hes-and-ecds-from-september-2018 ;
https://github.com/opensafely-core/ehrql/issues/1666
"""  # noqa: E501

from __future__ import annotations

import bisect
import operator
import re
from collections import defaultdict, deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import SupportsIndex

__all__ = [
    "DEFAULT_RULE",
    "NOT_A_COUNT",
    "DisclosureRule",
    "ProtectedTable",
    "Violation",
    "find_disclosive_numbers",
    "protect_count",
    "protect_percentage",
    "protect_table",
    "recoverable_cells",
]

#: U+2060 WORD JOINER: a number written straight after it is not a count, and
#: :func:`find_disclosive_numbers` skips it. The character is invisible when rendered.
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
        :func:`find_disclosive_numbers` will check: it takes a bare 1900 to 2100 for a year.

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
        Append ``"%"``. Keep this on for text that :func:`find_disclosive_numbers` will check:
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
    hidden = set(primary)
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


@dataclass(frozen=True)
class Violation:
    """A number in public text that breaks the disclosure rule.

    Attributes
    ----------
    location
        Where it is: the caller's ``location`` and, for text of several paragraphs, the
        paragraph (``"paragraph 12"``).
    value
        The number as written (``"1,234"``).
    reason
        Why it breaks the rule (``"count 4 is between 1 and 7"``).
    start
        Its character offset in the scanned text.
    """

    location: str
    value: str
    reason: str
    start: int | None = None


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
_MONTH = "(?:" + "|".join(sorted(_MONTH_NAMES + [m.upper() for m in _MONTH_NAMES], key=len)[::-1])
_MONTH += ")"
_SPACE = "[ \u00a0]"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
_YEAR = "(?:19[0-9][0-9]|20[0-9][0-9]|2100)"
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_START = r"(?<![0-9.,])"
_REFERENCE_WORDS = [
    "Table",
    "Figure",
    "Chart",
    "Map",
    "Section",
    "Appendix",
    "Annex",
    "Chapter",
    "Paragraph",
    "Page",
]
_REFERENCE = "|".join(_REFERENCE_WORDS + [w.lower() for w in _REFERENCE_WORDS])

#: Patterns whose matches are not counts; a number inside a match is skipped.
_NOT_COUNTS = tuple(
    re.compile(pattern)
    for pattern in (
        # the caller's marker, covering digits joined by , . : / - or an en dash (an age band)
        "\u2060[0-9](?:[0-9,.:/\\-\u2013]*[0-9])?",
        # ISO months and dates: 2024-03, 2024-03-31
        rf"(?<![0-9]){_YEAR}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?(?![0-9])",
        # numeric dates 31/03/2025, 31/03/25 and months 03/2025
        rf"(?<![0-9/]){_DAY}/(?:0?[1-9]|1[0-2])/(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9/])",
        rf"(?<![0-9/])(?:0?[1-9]|1[0-2])/{_YEAR}(?![0-9/])",
        # 31 March, 1st Jan: a day before a capitalised month name
        rf"{_START}{_DAY}(?:st|nd|rd|th)?{_SPACE}+{_MONTH}\b",
        # March 31, 2025: a day after a month name only when a year follows
        rf"\b{_MONTH}\.?{_SPACE}+{_DAY}(?:st|nd|rd|th)?,?{_SPACE}+{_YEAR}(?![0-9])",
        # times 14:30, 09:15:00
        r"(?<![0-9:.,])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9:])",
        # percentages 12%, 12 %, 12 per cent, 4 percentage points
        rf"{_START}{_NUM}{_SPACE}?(?:%|per{_SPACE}?cent\b|percent\b|percentage{_SPACE}points?\b)",
        # money £1,234 and $5
        rf"[£$€]{_SPACE}?{_NUM}",
        # cross-references: Table 3, Figure 2, Section 4, page 5
        rf"\b(?:{_REFERENCE})s?\.?{_SPACE}+{_NUM}",
    )
)
_YEAR_RANGE = re.compile(
    rf"{_START}({_YEAR})[/\-\u2013\u2014]([0-9]{{4}}|[0-9]{{2}})(?![.,]?[0-9])"
)
_NUMBER = re.compile(_NUM)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBER_WORD = re.compile(r"(?i)\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_MARKED_WORD = re.compile("\u2060[A-Za-z]+")


class _Spans:
    """Character spans; ``covers`` says whether one span holds a whole token."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []
        for _, b in spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end


def _skip_spans(text: str, allow: Collection[str]) -> _Spans:
    spans = [m.span() for pattern in _NOT_COUNTS for m in pattern.finditer(text)]
    spans += [m.span() for m in _MARKED_WORD.finditer(text)]
    for m in _YEAR_RANGE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        if len(m.group(2)) == 2:
            second += first // 100 * 100
            second += 100 if second <= first else 0
        if first < second <= 2100 and (len(m.group(2)) == 4 or second - first <= 30):
            spans.append(m.span())
    for allowed in {a for a in allow if a}:
        at = text.find(allowed)
        while at >= 0:
            spans.append((at, at + len(allowed)))
            at = text.find(allowed, at + 1)
    return _Spans(spans)


def _integers(match: re.Match[str]) -> list[tuple[int, int]]:
    """The integer tokens in a run of digits, commas and points (none in a decimal)."""
    token, start = match.group(), match.start()
    if "." in token:
        return []
    if "," not in token or _THOUSANDS.fullmatch(token):
        return [match.span()]
    parts, at = [], start
    for part in token.split(","):  # "4,5" is a list, not a thousand-separated number
        parts.append((at, at + len(part)))
        at += len(part) + 1
    return parts


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before == "_" or after.isalpha() or after == "_"


def _sign(text: str, start: int) -> str:
    """The + or - written straight before a number, unless it joins two numbers or words."""
    if start == 0 or text[start - 1] not in "+-\u2212":
        return ""
    before = text[start - 2] if start > 1 else " "
    return "" if before.isalnum() or before in ".,_" else text[start - 1]


def _breach(value: int, shown: str, rule: DisclosureRule) -> str | None:
    if shown[0] in "+-\u2212":
        if value % rule.round_to:
            return f"change {shown} is not a multiple of {rule.round_to}"
        return None
    if rule.suppresses(value):
        return f"count {shown} is between {rule.suppress_from} and {rule.suppress_to}"
    if value % rule.round_to:
        return f"count {shown} is not a multiple of {rule.round_to}"
    return None


def find_disclosive_numbers(
    text: str,
    *,
    rule: DisclosureRule = DEFAULT_RULE,
    allow: Collection[str] = (),
    location: str | None = None,
    words: bool = False,
) -> list[Violation]:
    """Find numbers in public text that would break the disclosure rule if they were counts.

    The scanner is deliberately cautious: anything that might be a count is treated as one, so
    it reports some numbers that are not counts (ranks, ages, page numbers) and the caller marks
    those. It never needs to know what a number means.

    Parameters
    ----------
    text
        Plain text: a paragraph, a whole report's extracted text, or one table cell.
    rule
        The disclosure rule the counts should follow.
    allow
        Exact strings (case-sensitive) whose numbers are not counts, such as ``"rank 3"`` or
        ``"aged 16-24"``. A number is skipped when it lies wholly inside an occurrence of one.
    location
        Where ``text`` comes from, for the violations (``"table 3, row 'X', column 'Y'"``).
    words
        Also report the number words "two" to "eight" when the rule suppresses their value
        ("three victims"). Off by default because fixed wording ("three years") is common; turn
        it on for hand-written commentary. "one" is never reported.

    Returns
    -------
    list of Violation
        In the order they occur in ``text``.

    Notes
    -----
    A *number* is a run of digits, optionally joined by single commas or points (``1,234``,
    ``3.2``). A run containing a point is a decimal and is not a count. A run with commas that
    are not a valid thousands grouping (``4,5``) is read as a list of separate numbers. Each
    integer that remains is a count unless one of these applies:

    - it is written straight after :data:`NOT_A_COUNT` (U+2060 WORD JOINER), which covers it
      and any digits joined to it by ``, . : / -`` or an en dash (U+2013), as in an age band;
    - it lies wholly inside an occurrence of a string in ``allow``;
    - it touches a letter or underscore: a letter or digit just before it (``Q4``, ``WD22``,
      ``E06000051``) or a letter just after it (``1st``, ``4km``, ``10am``);
    - it has four digits, no comma, and lies from 1900 to 2100: a year (``2024``). A count that
      large must be written with a thousands separator (``2,025``), as :func:`protect_count`
      does by default; otherwise an unrounded count such as ``2024`` is missed;
    - it ends a year range written without spaces, ``2024/25``, ``2023-24``, ``2023-2024`` or
      with an en dash (the second year after the first; a two-digit end at most 30 years on);
    - it is part of a date or time: ``2024-03``, ``2024-03-31``, ``31/03/2025``, ``03/2025``, a
      day before a month name (``31 March``, ``1 Jan``), a day after a month name when a year
      follows (``March 31, 2025``), or ``14:30``. Month names are capitalised or in capitals:
      "4 may" is a count. ``March 12`` without a year is a count;
    - it is a percentage: followed by ``%``, ``per cent``, ``percent`` or ``percentage
      point(s)``, with at most one space between;
    - it is money: straight after ``£``, ``$`` or ``€`` (one space allowed);
    - it follows a cross-reference word: Table, Figure, Chart, Map, Section, Appendix, Annex,
      Chapter, Paragraph, Page (capitalised or lower case, optionally plural or with a point).

    A count breaks the rule when it is in the suppressed range (1 to 7) or is not a multiple of
    ``round_to``. 0 is fine unless the rule suppresses it.

    A number with a sign straight before it (``+5``, ``-5``, ``\u22125``; the sign not itself
    straight after a letter, digit or point, so ``16-24`` and ``COVID-19`` are not signed) is a
    change between two counts. The difference of two rounded counts is a multiple of
    ``round_to``, so a change breaks the rule only when it is not one: ``+5`` passes, ``-4`` does
    not. Its ``value`` includes the sign.

    Examples
    --------
    >>> [(v.value, v.reason) for v in find_disclosive_numbers(
    ...     "In 2024/25 there were 4 incidents and a total of 1,234 crimes (12%).")]
    [('4', 'count 4 is between 1 and 7'), ('1,234', 'count 1,234 is not a multiple of 5')]
    >>> find_disclosive_numbers("Ranked " + NOT_A_COUNT + "3rd; rank 3", allow=["rank 3"])
    []
    """
    skip = _skip_spans(text, allow)
    breaks = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]

    def where(at: int) -> str:
        paragraph = f"paragraph {bisect.bisect_right(breaks, at)}"
        if location is None:
            return paragraph
        return location if len(breaks) == 1 else f"{location}, {paragraph}"

    found = []
    for match in _NUMBER.finditer(text):
        for start, end in _integers(match):
            token = text[start:end]
            if not token or skip.covers(start, end) or _inside_word(text, start, end):
                continue
            value = int(token.replace(",", ""))
            if len(token) == 4 and 1900 <= value <= 2100:
                continue
            sign = _sign(text, start) if start == match.start() else ""
            reason = _breach(value, sign + token, rule)
            if reason:
                found.append(Violation(where(start), sign + token, reason, start - len(sign)))
    if words:
        for match in _NUMBER_WORD.finditer(text):
            value = _NUMBER_WORDS[match.group().lower()]
            if rule.suppresses(value) and not skip.covers(*match.span()):
                reason = f"count '{match.group()}' ({value}) is between "
                reason += f"{rule.suppress_from} and {rule.suppress_to}"
                found.append(Violation(where(match.start()), match.group(), reason, match.start()))
    return sorted(found, key=lambda v: v.start or 0)
