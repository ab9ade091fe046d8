"""Figures of a released (public) edition: derived from the counts a reader sees.

A public edition shows each confidential count as its disclosure rule releases it (rounded, or
suppressed). Figures derived from counts (shares, rates, changes, intervals, tests) are then
derived from the released counts, so that a reader can check them against what is printed and
cannot invert them to the true counts (methods.md 3.6). Verdicts are decided once, on the true
counts: :func:`released_test` states one only when every count the reader cannot rule out
gives the same verdict. The rule itself belongs to the report
(:mod:`saferinsight.reports.disclosure`); here it is a function ``shown(n)`` that gives the value
a reader sees, or ``None`` when the count is suppressed, and a function ``candidates(shown)``
that gives the true counts a shown value can stand for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from saferinsight.stats.change import ChangeTest, retest
from saferinsight.stats.intervals import ProportionEstimate, proportion

__all__ = [
    "Candidates",
    "ReleasedChange",
    "ReleasedTest",
    "Shown",
    "released_change",
    "released_proportion",
    "released_rate",
    "released_share",
    "released_test",
]

#: The value a reader sees of a count, or None when it is suppressed.
Shown = Callable[[int], int | None]
#: The true counts a reader cannot tell apart, given a shown value (None: suppressed).
Candidates = Callable[[int | None], Sequence[int]]


@dataclass(frozen=True)
class ReleasedChange:
    """A change between two released counts.

    Attributes
    ----------
    current, previous
        The released counts.
    change
        ``current - previous``.
    pct_change
        The change as a % of ``previous``, unrounded; ``None`` from a zero base.
    """

    current: int
    previous: int
    change: int
    pct_change: float | None


def released_change(current: int, previous: int, shown: Shown) -> ReleasedChange | None:
    """The change from ``previous`` to ``current`` as their released values give it; ``None``
    when either is suppressed.

    Examples
    --------
    >>> released_change(1_232, 1_018, lambda n: 5 * ((n + 2) // 5))
    ReleasedChange(current=1230, previous=1020, change=210, pct_change=20.588235294117645)
    >>> released_change(3, 10, lambda n: None if n < 8 else n) is None
    True
    """
    now, before = shown(current), shown(previous)
    if now is None or before is None:
        return None
    pct = (now - before) / before * 100 if before else None
    return ReleasedChange(now, before, now - before, pct)


def released_share(part: int, whole: int, shown: Shown) -> float | None:
    """``part`` as a % of ``whole``, from their released values; ``None`` when the part is
    suppressed or the whole is suppressed or 0.

    Examples
    --------
    >>> round(released_share(786, 17_712, lambda n: n), 4)
    4.4377
    >>> round(released_share(786, 17_712, lambda n: 5 * ((n + 2) // 5)), 4)
    4.4325
    >>> released_share(3, 100, lambda n: None if n < 8 else n) is None
    True
    """
    shown_part, shown_whole = shown(part), shown(whole)
    if shown_part is None or not shown_whole:
        return None
    return shown_part / shown_whole * 100


def released_rate(
    count: int, denominator: float, shown: Shown, *, per: float = 1000
) -> float | None:
    """A rate ``per`` (1,000) of the ``denominator`` (residents) from the released count;
    ``None`` when it is suppressed.

    Examples
    --------
    >>> round(released_rate(786, 98_000, lambda n: 5 * ((n + 2) // 5)), 4)
    8.0102
    """
    value = shown(count)
    if value is None:
        return None
    return value / denominator * per


def released_proportion(part: int, whole: int, shown: Shown) -> ProportionEstimate | None:
    """The share ``part`` of ``whole`` with its Wilson interval, from their released values;
    ``None`` when either is suppressed, the whole is 0 or the released part exceeds it.

    Printing the interval of the true counts beside released ones would let a reader recover
    the true count (each count gives a different interval); this one inverts only to what is
    printed.

    Examples
    --------
    >>> fives = lambda n: None if 0 < n < 8 else 5 * ((2 * n + 5) // 10)
    >>> share = released_proportion(13, 15, fives)
    >>> share.value, round(share.interval.lower, 3), share.interval.upper
    (1.0, 0.796, 1.0)
    >>> released_proportion(6, 186, fives) is None
    True
    """
    top, bottom = shown(part), shown(whole)
    if top is None or not bottom or top > bottom:
        return None
    return proportion(top, bottom)


@dataclass(frozen=True)
class ReleasedTest:
    """A test of change as a public edition prints it.

    Attributes
    ----------
    test
        The test of the released counts (its p-value is the one printed), or ``None`` when a
        count is suppressed.
    verdict
        The verdict of the test of the true counts, when every pair of counts the reader cannot
        rule out gives the same one; ``None`` when it cannot be stated without narrowing the
        suppressed or rounded values.
    """

    test: ChangeTest | None
    verdict: str | None


def released_test(
    truth: ChangeTest, current: int | None, previous: int | None, candidates: Candidates
) -> ReleasedTest:
    """The test of a change between two released counts, and the true verdict if it can be
    stated.

    ``current`` and ``previous`` are the released values (``None`` when suppressed). The
    printed p-value is of the released counts (:func:`saferinsight.stats.change.retest`, the
    same method and exposures), so it cannot be inverted to the true counts. The verdict is
    the true data's (decided once: the full and public editions never contradict each other),
    stated only when the test gives the same verdict for every pair of counts the reader
    cannot rule out; otherwise stating it would narrow the released values.

    Examples
    --------
    >>> from saferinsight.stats.change import change_test
    >>> fives = lambda shown: range(1, 8) if shown is None else range(shown - 2, shown + 3)
    >>> clear = released_test(change_test(293, 233), 295, 235, fives)
    >>> clear.verdict, round(clear.test.p_value, 4)
    ('a statistically significant rise', 0.0103)
    >>> released_test(change_test(22, 8), 20, 10, fives).verdict is None  # 18 vs 12 is not
    True
    >>> released_test(change_test(3, 10), None, 10, fives)
    ReleasedTest(test=None, verdict=None)
    """
    if current is None or previous is None:
        return ReleasedTest(None, None)
    verdicts = {
        retest(truth, a, b).verdict for a in candidates(current) for b in candidates(previous)
    }
    stated = truth.verdict if verdicts == {truth.verdict} else None
    return ReleasedTest(retest(truth, current, previous), stated)
