"""Confidence intervals for counts, rates and proportions (methods.md section 3.1).

Counts of 10 or more use Byar's approximation; smaller counts use the exact Poisson interval from
the chi-square distribution; proportions use the Wilson score interval. These are the methods of
the Fingertips public health profiles (PHEindicatormethods), reimplemented from the published
formulas.

Only the standard library is imported at module import time; the exact Poisson interval imports
``scipy.special`` when it is first needed.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from statistics import NormalDist
from typing import SupportsIndex

__all__ = [
    "Interval",
    "ProportionEstimate",
    "RateEstimate",
    "count_interval",
    "intervals_overlap",
    "proportion",
    "rate",
]

#: Counts at or above this use Byar's approximation; below it the exact Poisson interval.
BYAR_THRESHOLD = 10


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval.

    Attributes
    ----------
    lower, upper
        The interval's bounds.
    level
        The confidence level, for example 0.95.
    method
        How the interval was computed: ``"Byar"``, ``"exact Poisson"``, ``"Wilson"``, or, for
        the rate ratio of :func:`saferinsight.stats.change.change_test`,
        ``"Clopper-Pearson (conditional)"``.
    """

    lower: float
    upper: float
    level: float
    method: str

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the interval (bounds included)."""
        return self.lower <= value <= self.upper


@dataclass(frozen=True)
class RateEstimate:
    """A crude rate with its confidence interval.

    Attributes
    ----------
    count, denominator, per
        The number of events, the population (or households, businesses) at risk, and the
        multiplier: the rate is expressed per ``per`` of the denominator.
    value
        ``count / denominator * per``.
    interval
        The interval for the rate, on the same scale as ``value``.
    """

    count: int
    denominator: float
    per: int
    value: float
    interval: Interval


@dataclass(frozen=True)
class ProportionEstimate:
    """A proportion (share of a total) with its Wilson score interval.

    Attributes
    ----------
    successes, total
        The numerator and the denominator.
    value
        ``successes / total``, between 0 and 1.
    interval
        The Wilson score interval, between 0 and 1.
    """

    successes: int
    total: int
    value: float
    interval: Interval


def count_interval(count: int, *, level: float = 0.95) -> Interval:
    """Confidence interval for a Poisson count.

    Counts of 10 or more use Byar's approximation; smaller counts use the exact interval from the
    chi-square distribution, as the Fingertips profiles do.

    Parameters
    ----------
    count
        The observed number of events (a non-negative integer).
    level
        The two-sided confidence level, strictly between 0 and 1 (0.95 or 0.998 in Fingertips).

    Returns
    -------
    Interval
        ``method`` is ``"Byar"`` or ``"exact Poisson"``.

    Raises
    ------
    ValueError
        If ``count`` is negative or not a whole number, or ``level`` is not between 0 and 1.

    Notes
    -----
    The count is assumed to be a Poisson variable: events occur independently at a constant
    underlying rate. With :math:`z = \\Phi^{-1}(1 - \\alpha/2)` and :math:`\\alpha = 1 - level`:

    - Byar (count :math:`x \\ge 10`):
      :math:`x (1 - 1/(9x) - z/(3\\sqrt{x}))^3` to
      :math:`(x+1)(1 - 1/(9(x+1)) + z/(3\\sqrt{x+1}))^3`.
    - Exact (:math:`x < 10`): :math:`\\chi^2_{\\alpha/2}(2x)/2` to
      :math:`\\chi^2_{1-\\alpha/2}(2x+2)/2`; the lower bound is 0 when :math:`x = 0`.

    The exact interval equals ``statsmodels.stats.rates.confint_poisson(method="exact-c")``.

    References
    ----------
    Breslow NE, Day NE (1987). *Statistical Methods in Cancer Research, Volume II*. IARC
    (Byar's method, p. 69). Public Health England (2018), *Technical Guide: Confidence Intervals*.

    Examples
    --------
    >>> ci = count_interval(25)
    >>> ci.method, round(ci.lower, 2), round(ci.upper, 2)
    ('Byar', 16.17, 36.91)
    >>> ci = count_interval(0)
    >>> ci.method, ci.lower, round(ci.upper, 3)
    ('exact Poisson', 0.0, 3.689)
    """
    x = _as_count(count, "count")
    _check_level(level)
    alpha = 1.0 - level
    if x >= BYAR_THRESHOLD:
        z = _z(level)
        lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
        y = x + 1
        upper = y * (1 - 1 / (9 * y) + z / (3 * math.sqrt(y))) ** 3
        return Interval(lower=lower, upper=upper, level=level, method="Byar")
    from scipy.special import gammaincinv  # type: ignore[import-untyped]

    # chi2.ppf(q, 2k) / 2 is the q-quantile of a Gamma(k, 1) variable.
    lower = 0.0 if x == 0 else float(gammaincinv(x, alpha / 2))
    upper = float(gammaincinv(x + 1, 1 - alpha / 2))
    return Interval(lower=lower, upper=upper, level=level, method="exact Poisson")


def rate(count: int, denominator: float, *, per: int = 1000, level: float = 0.95) -> RateEstimate:
    """Crude rate per ``per`` of the denominator, with a Byar or exact Poisson interval.

    Parameters
    ----------
    count
        The number of events (a non-negative integer).
    denominator
        The population at risk: residents for violence, households for burglary, businesses for
        business crime. Must be positive.
    per
        The multiplier, usually 1,000 or 100,000.
    level
        The two-sided confidence level.

    Returns
    -------
    RateEstimate

    Raises
    ------
    ValueError
        If the count is negative, the denominator or multiplier is not positive, or the level is
        not between 0 and 1.

    Notes
    -----
    The interval is :func:`count_interval` divided by the denominator and multiplied by ``per``:
    the denominator is treated as known exactly. A resident denominator misleads in places with a
    large daytime population, such as city centres.

    References
    ----------
    Public Health England (2018), *Technical Guide: Confidence Intervals*.

    Examples
    --------
    >>> r = rate(25, 12_500)
    >>> r.value
    2.0
    >>> round(r.interval.lower, 3), round(r.interval.upper, 3), r.interval.method
    (1.294, 2.953, 'Byar')
    """
    x = _as_count(count, "count")
    n = float(denominator)
    if not (math.isfinite(n) and n > 0):
        raise ValueError(
            f"denominator must be a positive number, got {denominator!r}: "
            "use the population (or households, businesses) at risk"
        )
    if per <= 0:
        raise ValueError(f"per must be a positive multiplier such as 1000, got {per!r}")
    ci = count_interval(x, level=level)
    scale = per / n
    interval = Interval(
        lower=ci.lower * scale, upper=ci.upper * scale, level=level, method=ci.method
    )
    return RateEstimate(count=x, denominator=n, per=per, value=x * scale, interval=interval)


def proportion(successes: int, total: int, *, level: float = 0.95) -> ProportionEstimate:
    """A proportion (share of a total) with its Wilson score interval.

    Parameters
    ----------
    successes
        The numerator, for example crimes in the ward.
    total
        The denominator, for example crimes in the whole CSP; must be at least 1.
    level
        The two-sided confidence level.

    Returns
    -------
    ProportionEstimate

    Raises
    ------
    ValueError
        If either number is negative, ``successes`` exceeds ``total``, ``total`` is zero, or the
        level is not between 0 and 1.

    Notes
    -----
    Assumes each of the ``total`` items independently falls in the group of interest with the
    same probability (binomial sampling). With :math:`z = \\Phi^{-1}(1 - \\alpha/2)` the bounds
    are :math:`(2x + z^2 \\mp z\\sqrt{z^2 + 4x(1 - x/n)}) / (2(n + z^2))`. The result equals
    ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.

    References
    ----------
    Wilson EB (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association* 22: 209-212.

    Examples
    --------
    >>> p = proportion(30, 120)
    >>> p.value
    0.25
    >>> round(p.interval.lower, 4), round(p.interval.upper, 4), p.interval.method
    (0.1811, 0.3344, 'Wilson')
    """
    x = _as_count(successes, "successes")
    n = _as_count(total, "total")
    if n == 0:
        raise ValueError("total is 0: a proportion needs at least one item in the total")
    if x > n:
        raise ValueError(f"successes ({x}) cannot exceed total ({n})")
    _check_level(level)
    z = _z(level)
    centre = 2 * x + z * z
    half_width = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    denominator = 2 * (n + z * z)
    # The bounds are exactly 0 and 1 at the extremes; rounding would leave them a hair inside.
    lower = 0.0 if x == 0 else (centre - half_width) / denominator
    upper = 1.0 if x == n else (centre + half_width) / denominator
    interval = Interval(lower=lower, upper=upper, level=level, method="Wilson")
    return ProportionEstimate(successes=x, total=n, value=x / n, interval=interval)


def intervals_overlap(a: Interval, b: Interval) -> bool:
    """Whether two confidence intervals overlap (touching bounds count as overlapping).

    Use it to mark ranks that cannot be told apart, for example in a top-10 ward table.
    Overlapping intervals do not prove that two values are equal, and non-overlap is a
    conservative test of difference (Schenker and Gentleman 2001): use
    :func:`saferinsight.stats.change.change_test` to test a difference formally.

    Parameters
    ----------
    a, b
        The intervals, at the same confidence level.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If the intervals have different confidence levels.

    Examples
    --------
    >>> intervals_overlap(count_interval(20), count_interval(30))
    True
    >>> intervals_overlap(count_interval(20), count_interval(60))
    False
    """
    if a.level != b.level:
        raise ValueError(
            f"cannot compare a {a.level:.1%} interval with a {b.level:.1%} interval: "
            "compute both at the same level"
        )
    return a.lower <= b.upper and b.lower <= a.upper


def _z(level: float) -> float:
    """The two-sided normal critical value for ``level``: 1.96 for 0.95."""
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (for example 0.95), got {level!r}")


def _as_count(value: object, name: str) -> int:
    """``value`` as a non-negative int; whole-number floats (1.0) are accepted."""
    if type(value) is int:  # the common case, without the slow protocol check below
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, SupportsIndex) and not isinstance(value, float):
        number = operator.index(value)
    else:
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if number < 0:
        raise ValueError(f"{name} cannot be negative, got {number}")
    return number
