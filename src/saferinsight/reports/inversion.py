"""Inverting printed figures: the candidate counts a printed count can stand for, and the ones
that reproduce the figures printed beside it (the primitives of :mod:`saferinsight.reports.attack`).

A :class:`Count` is a printed count with the true counts it can stand for
(:meth:`~saferinsight.reports.disclosure.DisclosureRule.candidates`); a :data:`Check` is a
printed figure (a percentage, a Wilson interval, a change, a p-value, a verdict) with the test
of a pair of candidate counts that reproduce it; :func:`invert` keeps the pairs that reproduce
every figure the printed counts themselves do not, and reports what they give away as
:class:`Leak`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product

from saferinsight.reports.disclosure import NOT_A_COUNT, DisclosureRule
from saferinsight.stats.change import ChangeTest, change_test
from saferinsight.stats.intervals import proportion

__all__ = [
    "INTERVAL",
    "PERCENT",
    "Check",
    "Count",
    "Leak",
    "change_checks",
    "clean",
    "invert",
    "narrows",
    "near",
    "read_count",
    "share_checks",
]

_INTEGER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*|[0-9]+")
PERCENT = re.compile(r"^([+\-\u2212]?[0-9][0-9,]*(?:\.([0-9]+))?)%$")
INTERVAL = re.compile(r"([0-9]+(?:\.([0-9]+))?)%\s*to\s*([0-9]+(?:\.([0-9]+))?)%")
_P_VALUE = re.compile(r"^p\s*(<|=)\s*([0-9]*\.([0-9]+))$")
_CHANGE = re.compile(r"^([+\-\u2212])([0-9][0-9,]*)$")
_VERDICTS = (
    "a statistically significant rise",
    "a statistically significant fall",
    "no evidence of change: within normal variation",
)
#: How far above the other printed numbers a suppressed count is tried (a secondary
#: suppression can hide any count).
_SEARCH_LIMIT = 400


@dataclass(frozen=True)
class Leak:
    """A confidential count a reader can recover, or narrow, from a public document.

    Attributes
    ----------
    location
        Where: the section and table (or sentence).
    row, column
        The row label and column header of the count (``""`` in a sentence).
    printed
        The printed figures the attack used (the count's own cell first).
    allowed
        The counts the rule lets the printed cell stand for (first and last, inclusive).
    recovered
        The counts the printed figures leave (sorted).
    attack
        How: ``"Wilson interval"``, ``"p-value"``, ``"% change"``, ``"row total"``...

    Examples
    --------
    >>> Leak("table 'Robbery'", "Meole", "Number", ("*", "186", "1.5% to 6.9%"), (1, 186),
    ...      (6,), "Wilson interval").describe()
    "table 'Robbery', row 'Meole', column 'Number': printed * | 186 | 1.5% to 6.9%; the Wilson interval leaves 6 (the rule allows 1 to 186)"
    """  # noqa: E501

    location: str
    row: str
    column: str
    printed: tuple[str, ...]
    allowed: tuple[int, int]
    recovered: tuple[int, ...]
    attack: str

    def describe(self) -> str:
        """One line for an error message."""
        values = self.recovered
        if not values:
            shown = "no count it tried: it was computed from another count"
        elif len(values) <= 4:
            shown = ", ".join(map(str, values))
        else:
            shown = f"{values[0]} to {values[-1]}"
        where = f"{self.location}, row '{self.row}', column '{self.column}'"
        if not self.row and not self.column:
            where = self.location
        return (
            f"{where}: printed {' | '.join(self.printed)}; the {self.attack} leaves {shown} "
            f"(the rule allows {self.allowed[0]} to {self.allowed[1]})"
        )


@dataclass(frozen=True)
class Count:
    """A printed count: its text, the value shown (None: suppressed) and what it can be."""

    text: str
    shown: int | None
    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def values(self) -> range:
        return range(self.low, self.high + 1)


def read_count(text: str, rule: DisclosureRule, *, cap: int = _SEARCH_LIMIT) -> Count | None:
    """A cell read as a count, or None when it is not one. A marked number is open data
    (exact); a number the rule could not have printed is taken at face value."""
    bare = text.strip()
    if bare == rule.symbol:
        return Count(bare, None, rule.suppress_from, max(cap, rule.suppress_to))
    marked = NOT_A_COUNT in bare
    digits = bare.replace(NOT_A_COUNT, "")
    if not _INTEGER.fullmatch(digits):
        return None
    n = int(digits.replace(",", ""))
    if marked or rule.suppresses(n) or rule.rounded(n) != n:
        return Count(bare, n, n, n)
    allowed = rule.candidates(n)
    return Count(bare, n, allowed.start, allowed.stop - 1)


def clean(text: str) -> str:
    return text.replace(NOT_A_COUNT, "").replace("\u2212", "-").strip()


def near(value: float, printed: str, decimals: int) -> bool:
    """Whether ``value`` rounds to ``printed`` at its precision (either rounding of a half)."""
    return abs(value - float(printed.replace(",", ""))) <= 0.5 * 10.0**-decimals + 1e-9


# -- figures a row prints, each a test of candidate counts ------------------------------------


#: A printed figure of a row: what it is, its text, and the test of candidate counts that
#: reproduce it.
Check = tuple[str, str, Callable[[int, int], bool]]


def _pct_holds(printed: str) -> Callable[[int, int], bool]:
    m = PERCENT.match(printed)
    assert m is not None
    digits, decimals = m.group(1), len(m.group(2) or "")
    return lambda part, whole: 0 <= part <= whole > 0 and near(part / whole * 100, digits, decimals)


def _interval_holds(printed: str) -> Callable[[int, int], bool]:
    m = INTERVAL.search(printed)
    assert m is not None

    def holds(part: int, whole: int) -> bool:
        if whole <= 0 or not 0 <= part <= whole:
            return False
        estimate = proportion(part, whole).interval
        return near(estimate.lower * 100, m.group(1), len(m.group(2) or "")) and near(
            estimate.upper * 100, m.group(3), len(m.group(4) or "")
        )

    return holds


def share_checks(pct: str | None, interval: str | None) -> list[Check]:
    """A share (``12%``) and its Wilson interval (``1.5% to 6.9%``) of part / whole."""
    figures: list[Check] = []
    if pct is not None and PERCENT.match(clean(pct)):
        figures.append(("percentage", clean(pct), _pct_holds(clean(pct))))
    if interval is not None and INTERVAL.search(clean(interval)):
        figures.append(("Wilson interval", clean(interval), _interval_holds(clean(interval))))
    return figures


def _pct_change_holds(printed: str, decimals: int) -> Callable[[int, int], bool]:
    # a function of its own, so that the test keeps its own digits (a lambda in change_checks
    # would see the p-value's, assigned after it)
    return lambda a, b: b > 0 and near((a - b) / b * 100, printed, decimals)


def change_checks(
    cells: Sequence[str], exposures: Sequence[tuple[float, float]] = ((1.0, 1.0),)
) -> list[Check]:
    """What a change prints besides its counts: change, % change, p-value, verdict (``""``
    where not printed). A p-value or verdict holds when the test with any of ``exposures``
    (current, previous) reproduces it."""
    change, pct, p, verdict = cells
    figures: list[Check] = []
    if m := _CHANGE.match(change):
        delta = (-1 if m.group(1) == "-" else 1) * int(m.group(2).replace(",", ""))
        figures.append(("numerical change", change, lambda a, b: a - b == delta))
    if m := PERCENT.match(pct):
        figures.append(("% change", pct, _pct_change_holds(m.group(1), len(m.group(2) or ""))))

    def tests(a: int, b: int) -> list[ChangeTest]:
        return [
            change_test(a, b, current_exposure=current, previous_exposure=previous)
            for current, previous in exposures
        ]

    if m := _P_VALUE.match(p):
        bound, digits, decimals = m.group(1), m.group(2), len(m.group(3))
        if bound == "<":
            figures.append(
                ("p-value", p, lambda a, b: any(t.p_value < float(digits) for t in tests(a, b)))
            )
        else:
            figures.append(
                (
                    "p-value",
                    p,
                    lambda a, b: any(near(t.p_value, digits, decimals) for t in tests(a, b)),
                )
            )
    if verdict in _VERDICTS:
        figures.append(
            ("verdict", verdict, lambda a, b: any(t.verdict == verdict for t in tests(a, b)))
        )
    return figures


# -- inversion --------------------------------------------------------------------------------


def invert(
    counts: tuple[Count, Count],
    figures: Sequence[Check],
    where: tuple[str, str, Sequence[str]],
    rule: DisclosureRule,
) -> list[Leak]:
    """The leaks of one row: counts its figures narrow that its printed counts don't explain.

    A figure the printed counts reproduce tells nothing more than they do. The others are
    inverted together; when no candidates reproduce them all (figures computed from different
    counts), each is inverted alone."""
    if all(c.exact for c in counts):
        return []
    first, second = counts[0].shown, counts[1].shown
    if first is None or second is None:
        unexplained = list(figures)
    else:
        unexplained = [f for f in figures if not f[2](first, second)]
    if not unexplained:
        return []  # computed from what is printed: nothing more to learn
    pairs = list(product(counts[0].values(), counts[1].values()))
    found = [pair for pair in pairs if all(holds(*pair) for _, _, holds in unexplained)]
    groups = (
        [(unexplained, found)]
        if found
        else [([figure], [pair for pair in pairs if figure[2](*pair)]) for figure in unexplained]
    )
    location, row, columns = where
    if not any(pairs_left for _, pairs_left in groups):
        return _beside_suppressed(counts, unexplained, where)
    leaks = []
    for used, pairs_left in groups:
        for k, count in enumerate(counts):
            recovered = tuple(sorted({pair[k] for pair in pairs_left}))
            if count.exact or not narrows(count, recovered, rule, inverted=True):
                continue
            printed = (count.text, counts[1 - k].text, *(text for _, text, _ in used))
            allowed = (count.low, count.high)
            attack = " and ".join(name for name, _, _ in used)
            leaks.append(Leak(location, row, columns[k], printed, allowed, recovered, attack))
    return leaks


def _beside_suppressed(
    counts: tuple[Count, Count], figures: Sequence[Check], where: tuple[str, str, Sequence[str]]
) -> list[Leak]:
    """A figure printed beside a suppressed count that no candidate reproduces: computed from
    a count the attack did not try (a secondary suppression); printing it discloses that."""
    location, row, columns = where
    attack = " and ".join(name for name, _, _ in figures) + " printed beside a suppressed count"
    return [
        Leak(
            location,
            row,
            columns[k],
            (count.text, counts[1 - k].text, *(text for _, text, _ in figures)),
            (count.low, count.high),
            (),
            attack,
        )
        for k, count in enumerate(counts)
        if count.shown is None
    ]


def narrows(
    count: Count, recovered: Sequence[int], rule: DisclosureRule, *, inverted: bool
) -> bool:
    """Whether ``recovered`` tells a reader more than the printed cell may. A figure the
    printed counts do not reproduce (``inverted``) leaks by any narrowing; differencing of
    rounded counts leaks when it pins one value, or a suppressed count within its range."""
    if not recovered:
        return False
    if len(recovered) == 1:
        return True
    if inverted:
        return len(recovered) < count.high - count.low + 1
    if count.shown is None:
        primary = rule.candidates(None)
        inside = primary.start <= recovered[0] and recovered[-1] < primary.stop
        return inside and len(recovered) < len(primary)
    return False
