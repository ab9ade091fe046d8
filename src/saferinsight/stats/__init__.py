"""Statistics for the analysis engine: intervals, change tests, SPC charts and trend tests.

Each function is pure and returns a frozen dataclass. Importing this package loads only the
standard library; scipy (and, for optional methods, statsmodels) load when first needed.

- :mod:`~saferinsight.stats.intervals`: Byar, exact Poisson and Wilson intervals for counts,
  rates and proportions.
- :mod:`~saferinsight.stats.change`: is the change between two periods real?
- :mod:`~saferinsight.stats.spc`: XmR, c and u charts with Making Data Count rules.
- :mod:`~saferinsight.stats.trend`: (seasonal) Mann-Kendall test with Sen's slope.
"""

from __future__ import annotations

from saferinsight.stats.change import ChangeTest, change_test, poisson_z
from saferinsight.stats.intervals import (
    Interval,
    ProportionEstimate,
    RateEstimate,
    count_interval,
    intervals_overlap,
    proportion,
    rate,
)
from saferinsight.stats.spc import SPCPoint, SPCResult, c_chart, u_chart, xmr_chart
from saferinsight.stats.trend import TrendTest, trend_test

__all__ = [
    "ChangeTest",
    "Interval",
    "ProportionEstimate",
    "RateEstimate",
    "SPCPoint",
    "SPCResult",
    "TrendTest",
    "c_chart",
    "change_test",
    "count_interval",
    "intervals_overlap",
    "poisson_z",
    "proportion",
    "rate",
    "trend_test",
    "u_chart",
    "xmr_chart",
]
