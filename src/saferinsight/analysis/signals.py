"""What a theme's control chart says about its reporting period, decided once, on the true counts.

The XmR chart of a theme covers the 36 months to the end of the period. A report states every
special-cause signal with a month inside the period (each rule: a point outside the limits, a
run rising or falling, two of three beyond two sigma, a run on one side of the mean), and none
that ended before it. A significant change whose base period holds months that the same chart
flags as abnormal on the side that flatters the change (low before a rise, high before a fall)
is said to come from an unusual base.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from saferinsight.analysis.results import Comparison, UnusualBase
from saferinsight.core.months import month_from_label, month_index, month_label
from saferinsight.core.periods import MONTH_NAMES, Period
from saferinsight.stats.change import FALL, RISE
from saferinsight.stats.spc import OUTSIDE_LIMITS, TWO_OF_THREE, SPCResult, SPCSignal

__all__ = [
    "ABNORMAL_MONTH_RULES",
    "long_month",
    "month_list",
    "period_signals",
    "spc_verdict",
    "unusual_base",
    "with_unusual_base",
]

#: The rules that flag single months as abnormal. A run (a shift or a trend) is a change of
#: level, which the test of change itself measures; a month beyond the limits, or two of three
#: beyond two sigma, is an abnormal month.
ABNORMAL_MONTH_RULES = (OUTSIDE_LIMITS, TWO_OF_THREE)
NO_SIGNAL = "common cause variation only"


def long_month(label: str) -> str:
    """'2024-07' as 'Jul 2024'.

    Examples
    --------
    >>> long_month("2024-07")
    'Jul 2024'
    """
    month = month_from_label(label)
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def month_list(labels: Iterable[str]) -> str:
    """Months (``YYYY-MM``) as prose, consecutive months as a range.

    Examples
    --------
    >>> month_list(["2024-07", "2024-08", "2024-09", "2025-01"])
    'Jul 2024 to Sep 2024 and Jan 2025'
    >>> month_list(["2024-02", "2024-03"])
    'Feb 2024 and Mar 2024'
    """
    ordered = sorted(set(labels))
    runs: list[list[str]] = []
    for label in ordered:
        index = month_index(month_from_label(label))
        if runs and month_index(month_from_label(runs[-1][-1])) == index - 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{long_month(run[0])} to {long_month(run[-1])}")
        else:
            parts += [long_month(label) for label in run]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def period_signals(chart: SPCResult | None, period: Period) -> tuple[SPCSignal, ...]:
    """The chart's special-cause signals with at least one flagged month in ``period``.

    Examples
    --------
    >>> from saferinsight.core.periods import parse_period
    >>> from saferinsight.stats.spc import xmr_chart
    >>> months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]
    >>> chart = xmr_chart([2, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 22],
    ...                   labels=months)
    >>> [signal.labels for signal in chart.special_causes]
    [('2024-01',), ('2025-03',)]
    >>> [signal.labels for signal in period_signals(chart, parse_period("2024/25"))]
    [('2025-03',)]
    """
    if chart is None:
        return ()
    return chart.signals_within({month_label(m) for m in period.months})


def spc_verdict(signals: Sequence[SPCSignal], period: Period) -> str:
    """What the signals say about ``period`` in a few words: each classification, in the order
    it first appears, with its flagged months in the period.

    Examples
    --------
    >>> from saferinsight.core.periods import parse_period
    >>> from saferinsight.stats.spc import xmr_chart
    >>> months = [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02", "2025-03"]
    >>> chart = xmr_chart([11, 10, 12, 30, 10, 12, 10, 12, 10, 12, 10, 0], labels=months,
    ...                   improvement="decrease")
    >>> spc_verdict(chart.special_causes, parse_period("2024/25"))
    'special cause concern in Jul 2024; special cause improvement in Mar 2025'
    >>> spc_verdict((), parse_period("2024/25"))
    'common cause variation only'
    """
    inside = {month_label(m) for m in period.months}
    months: dict[str, set[str]] = {}
    for signal in sorted(signals, key=lambda s: s.positions[0]):
        months.setdefault(signal.classification, set()).update(
            label for label in signal.labels if label in inside
        )
    found = [(kind, labels) for kind, labels in months.items() if labels]
    if not found:
        return NO_SIGNAL
    return "; ".join(f"{kind} in {month_list(labels)}" for kind, labels in found)


def unusual_base(comparison: Comparison, chart: SPCResult | None) -> UnusualBase | None:
    """The base months that make a significant change look larger, if the chart flags any.

    A significant rise whose base period (``comparison.other``) holds months flagged low by
    :data:`ABNORMAL_MONTH_RULES`, or a significant fall whose base holds months flagged high.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import example_comparison
    >>> from saferinsight.stats.spc import xmr_chart
    >>> months = [f"2023-{m:02d}" for m in range(4, 13)] + ["2024-01", "2024-02", "2024-03"]
    >>> chart = xmr_chart([12, 11, 13, 12, 11, 12, 13, 12, 11, 12, 1, 12], labels=months,
    ...                   baseline=10)
    >>> unusual_base(example_comparison(160, 120), chart)
    UnusualBase(side='low', months=('2024-02',))
    >>> unusual_base(example_comparison(121, 120), chart) is None  # not significant
    True
    """
    test = comparison.test
    if chart is None or test is None or test.verdict not in (RISE, FALL):
        return None
    side = "low" if test.verdict == RISE else "high"
    base = {month_label(m) for m in comparison.other.period.months}
    months = sorted(
        {
            label
            for signal in chart.special_causes
            if signal.rule in ABNORMAL_MONTH_RULES and signal.side == side
            for label in signal.labels
            if label in base
        }
    )
    return UnusualBase(side, tuple(months)) if months else None


def with_unusual_base(comparison: Comparison | None, chart: SPCResult | None) -> Comparison | None:
    """``comparison`` with its :attr:`~Comparison.unusual_base` set from the chart."""
    if comparison is None:
        return None
    return dataclasses.replace(comparison, unusual_base=unusual_base(comparison, chart))
