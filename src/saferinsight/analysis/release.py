"""Figures of a released (public) edition: derived from the counts a reader sees.

A public edition shows each count as its disclosure rule releases it (rounded, or suppressed).
Figures derived from counts (shares, rates, changes, the control chart of a monthly series) are
then derived from the released counts, so that a reader can check them against what is printed.
The rule itself belongs to the report (:mod:`saferinsight.reports.disclosure`); here it is a
function ``shown(n)`` that gives the value a reader sees, or ``None`` when the count is
suppressed. The full edition's ``shown`` returns its argument.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from saferinsight.analysis.results import MonthlySummary, MonthPair, PeriodCount, ThemeAnalysis
from saferinsight.stats.spc import SPCResult, xmr_chart

__all__ = [
    "ReleasedChange",
    "Shown",
    "release_theme",
    "released_change",
    "released_control_chart",
    "released_rate",
    "released_share",
]

#: The value a reader sees of a count, or None when it is suppressed.
Shown = Callable[[int], int | None]


def release_theme(theme: ThemeAnalysis, shown: Shown) -> ThemeAnalysis:
    """A theme's analysis as a public edition draws it: monthly counts, totals, monthly
    extremes and ward counts replaced by their released values (a suppressed count becomes 0),
    and the control chart recomputed from the released monthly series.

    Totals are released from the unrounded totals, not summed from released parts. Tests of
    change and trend, intervals and averages are those of the unrounded data. Ward counts lose
    their rates (a public map shows counts).

    Examples
    --------
    >>> from saferinsight.generate.fixtures import example_theme
    >>> theme = example_theme(series=(("2024-04", 12), ("2024-05", 3), ("2024-06", 18)))
    >>> fives = lambda n: None if 0 < n < 8 else 5 * ((n + 2) // 5)
    >>> release_theme(theme, fives).series
    (('2024-04', 10), ('2024-05', 0), ('2024-06', 20))
    """

    def released(n: int | None) -> int:
        value = shown(n) if n is not None else None
        return value if value is not None else 0

    series = tuple((month, released(n)) for month, n in theme.series)
    months = tuple(
        MonthPair(
            m.month,
            released(m.count),
            None if m.year_earlier is None else released(m.year_earlier),
        )
        for m in theme.twelve_months
    )

    def total(count: PeriodCount) -> PeriodCount:
        return dataclasses.replace(count, count=released(count.count))

    def extremes(summary: MonthlySummary | None) -> MonthlySummary | None:
        if summary is None:
            return None
        low, high = released(summary.minimum), released(summary.maximum)
        return dataclasses.replace(summary, minimum=low, maximum=high)

    wards = tuple(
        dataclasses.replace(w, count=shown(w.count) or 0, rate=None) for w in theme.ward_counts
    )
    return dataclasses.replace(
        theme,
        series=series,
        spc=released_control_chart(theme, series),
        twelve_months=months,
        current=total(theme.current),
        previous=total(theme.previous),
        three_years=tuple(total(year) for year in theme.three_years),
        monthly=extremes(theme.monthly),
        monthly_three_years=extremes(theme.monthly_three_years),
        ward_counts=wards,
    )


def released_control_chart(
    theme: ThemeAnalysis, series: Sequence[tuple[str, int]]
) -> SPCResult | None:
    """The XmR chart of a theme's released monthly ``series``, as a public edition draws it.

    ``None`` when the theme has no control chart (its series is too short); the theme's own
    chart when the series has fewer than 2 months. Otherwise
    :func:`saferinsight.stats.spc.xmr_chart` of the released values, with the theme's
    improvement direction and every point in the baseline: the limits are those of the values
    the reader sees, so the signals can be checked against the printed series.

    Examples
    --------
    >>> months = [f"2024-{m:02d}" for m in range(1, 13)]
    >>> full = xmr_chart([11, 12, 9, 11, 10, 12, 9, 11, 10, 12, 11, 31], labels=months)
    >>> rounded = [(m, n) for m, n in zip(months, [10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    ...                                              10, 30])]
    >>> from saferinsight.generate.fixtures import example_theme
    >>> chart = released_control_chart(example_theme(spc=full), rounded)
    >>> [point.value for point in chart.points][-2:]
    [10.0, 30.0]
    >>> released_control_chart(example_theme(), rounded) is None
    True
    """
    if theme.spc is None or len(series) < 2:
        return theme.spc
    return xmr_chart(
        [n for _, n in series],
        labels=[m for m, _ in series],
        improvement=theme.theme.improvement,
    )


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
