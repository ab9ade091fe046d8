"""Is the change in a count between two periods real? (methods.md section 3.2)

:func:`change_test` compares two Poisson counts, each with its exposure (days in the period,
population), with the exact conditional (binomial) test; :func:`poisson_z` is the quick screen.
Neither looks at more than two periods, so neither says anything about a trend: use
:mod:`saferinsight.stats.trend` or :mod:`saferinsight.stats.spc` for that.

The default method imports ``scipy.stats`` when first called; statsmodels is imported only for
``method="etest"`` and ``method="score"``.
"""

from __future__ import annotations

import importlib
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saferinsight.stats.intervals import Interval, _as_count

__all__ = ["ChangeTest", "change_test", "poisson_z", "retest"]

RISE = "a statistically significant rise"
FALL = "a statistically significant fall"
NO_EVIDENCE = "no evidence of change: within normal variation"
NO_EVENTS = "no events in either period"
NULL_HYPOTHESIS = "the underlying rate is the same in both periods"

_METHODS = {
    "exact-cond": "exact conditional (binomial)",
    "etest": "E-test (Gu et al. 2008)",
    "score": "score",
}
_RATIO_CI_METHOD = "Clopper-Pearson (conditional)"


@dataclass(frozen=True)
class ChangeTest:
    """The result of :func:`change_test`.

    Attributes
    ----------
    current, previous
        The two counts.
    current_exposure, previous_exposure
        Their exposures (days, population), as given.
    absolute_change
        ``current - previous``: report this rather than a bare percentage.
    pct_change
        The unrounded percentage change in the counts (not adjusted for exposure); ``None`` when
        ``previous`` is 0.
    rate_ratio
        The current rate divided by the previous rate, each rate being count / exposure; ``None``
        when the previous count is 0.
    rate_ratio_interval
        Its exact conditional (Clopper-Pearson) interval at level ``1 - alpha``; ``None`` when
        ``rate_ratio`` is ``None``.
    p_value
        The two-sided p-value.
    method
        ``"exact conditional (binomial)"``, ``"E-test (Gu et al. 2008)"`` or ``"score"``.
    alpha, significant
        The significance level and whether ``p_value < alpha``.
    direction
        ``"increase"``, ``"decrease"`` or ``"no change"`` in the exposure-adjusted rate.
    verdict
        Plain-English wording for reports: ``"a statistically significant rise"``,
        ``"a statistically significant fall"``,
        ``"no evidence of change: within normal variation"`` or
        ``"no events in either period"``.
    null_hypothesis
        The hypothesis the p-value tests, in words.
    """

    current: int
    previous: int
    current_exposure: float
    previous_exposure: float
    absolute_change: int
    pct_change: float | None
    rate_ratio: float | None
    rate_ratio_interval: Interval | None
    p_value: float
    method: str
    alpha: float
    significant: bool
    direction: str
    verdict: str
    null_hypothesis: str


def change_test(
    current: int,
    previous: int,
    *,
    current_exposure: float = 1.0,
    previous_exposure: float = 1.0,
    method: str = "exact-cond",
    alpha: float = 0.05,
) -> ChangeTest:
    """Test whether the rate of events differs between two periods.

    Parameters
    ----------
    current, previous
        The counts of events in the two periods.
    current_exposure, previous_exposure
        What each count is exposed over: the number of days in the period (February 28, March
        31), or the population. Only their ratio matters. Both default to 1 (equal exposure).
    method
        ``"exact-cond"`` (default): the exact conditional binomial test.
        ``"etest"``: the E-test of Krishnamoorthy and Thomson, as in Gu et al. (2008), more
        powerful for small counts. ``"score"``: the score (normal) test. The last two use
        statsmodels and are slow to start.
    alpha
        The significance level: the result is significant when ``p_value < alpha``.

    Returns
    -------
    ChangeTest

    Raises
    ------
    ValueError
        If a count is negative or not a whole number, an exposure is not positive, ``alpha`` is
        not between 0 and 1, or ``method`` is unknown.

    Notes
    -----
    Null hypothesis: the underlying rate (expected count per unit of exposure) is the same in
    both periods. The test is two-sided.

    Assumptions: each count is a Poisson variable, independent of the other. Crime counts are
    often overdispersed (repeat victims, series offences), which makes every test here too ready
    to call a change significant; treat borderline p-values with caution.

    For ``"exact-cond"``, conditional on the total :math:`n = C + P`, the current count follows
    :math:`\\mathrm{Binomial}(n, p_0)` with :math:`p_0 = e_1 / (e_1 + e_2)` under the null. The
    p-value is :func:`scipy.stats.binomtest`'s two-sided (minimum likelihood) p-value, which equals
    ``statsmodels.stats.rates.test_poisson_2indep(..., method="exact-cond")``.

    The rate ratio interval, for every method, is the Clopper-Pearson interval
    :math:`(p_L, p_U)` for the binomial proportion :math:`C / n`, transformed to a ratio as
    :math:`p / (1 - p) \\times e_2 / e_1`. It inverts two one-sided exact tests, so at the margin
    it can include 1 when the two-sided p-value is just below ``alpha`` (or the reverse).

    References
    ----------
    Przyborowski J, Wilenski H (1940). Homogeneity of results in testing samples from Poisson
    series. *Biometrika* 31: 313-323.
    Gu K, Ng HKT, Tang ML, Schucany WR (2008). Testing the ratio of two Poisson rates.
    *Biometrical Journal* 50: 283-298.

    Examples
    --------
    >>> result = change_test(60, 40)
    >>> round(result.p_value, 4), result.verdict
    (0.0569, 'no evidence of change: within normal variation')
    >>> change_test(80, 40).verdict
    'a statistically significant rise'
    >>> result = change_test(28, 31, current_exposure=28, previous_exposure=31)
    >>> result.direction, result.p_value
    ('no change', 1.0)
    """
    c = _as_count(current, "current")
    p = _as_count(previous, "previous")
    e1 = _as_exposure(current_exposure, "current_exposure")
    e2 = _as_exposure(previous_exposure, "previous_exposure")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1 (for example 0.05), got {alpha!r}")
    if method not in _METHODS:
        raise ValueError(f"unknown method {method!r}: use one of {', '.join(_METHODS)}")

    if c + p == 0:
        p_value, ratio_interval = 1.0, None
    else:
        p_value, ratio_interval = _exact_conditional(c, p, e1, e2, 1 - alpha)
        if method != "exact-cond":
            p_value = _statsmodels_p_value(c, p, e1, e2, method)

    # Compare c/e1 with p/e2 by cross-multiplying, so equal daily rates compare equal.
    current_side, previous_side = c * e2, p * e1
    if current_side > previous_side:
        direction = "increase"
    elif current_side < previous_side:
        direction = "decrease"
    else:
        direction = "no change"
    significant = p_value < alpha
    if c + p == 0:
        verdict = NO_EVENTS
    elif significant and direction == "increase":
        verdict = RISE
    elif significant and direction == "decrease":
        verdict = FALL
    else:
        verdict = NO_EVIDENCE

    return ChangeTest(
        current=c,
        previous=p,
        current_exposure=e1,
        previous_exposure=e2,
        absolute_change=c - p,
        pct_change=None if p == 0 else (c - p) / p * 100,
        rate_ratio=None if p == 0 else (c / e1) / (p / e2),
        rate_ratio_interval=ratio_interval,
        p_value=p_value,
        method=_METHODS[method],
        alpha=alpha,
        significant=significant,
        direction=direction,
        verdict=verdict,
        null_hypothesis=NULL_HYPOTHESIS,
    )


def retest(test: ChangeTest, current: int, previous: int) -> ChangeTest:
    """``test`` run again on other counts, with the same exposures, method and level.

    A public edition tests the counts it prints this way (methods.md 3.6: a test of the true
    counts could be inverted to them). The null hypothesis is that of :func:`change_test`.

    Examples
    --------
    >>> days = change_test(293, 233, current_exposure=90, previous_exposure=90)
    >>> again = retest(days, 295, 235)
    >>> again.current_exposure, again.method, round(again.p_value, 4)
    (90.0, 'exact conditional (binomial)', 0.0103)
    """
    method = {name: code for code, name in _METHODS.items()}[test.method]
    return change_test(
        current,
        previous,
        current_exposure=test.current_exposure,
        previous_exposure=test.previous_exposure,
        method=method,
        alpha=test.alpha,
    )


def poisson_z(current: int, previous: int) -> float:
    """The quick-screen Poisson Z statistic, :math:`Z = 2(\\sqrt{C} - \\sqrt{P})`.

    The square root stabilises the variance of a Poisson count, so under the null hypothesis of
    equal underlying rates (equal exposure) Z is roughly standard normal. It is a screen, not a
    test: treat :math:`|Z|` above 3 to 4 as worth investigating, then use :func:`change_test`.

    Parameters
    ----------
    current, previous
        The counts in the two periods (same length of period).

    Returns
    -------
    float
        Positive for a rise, negative for a fall.

    Raises
    ------
    ValueError
        If a count is negative or not a whole number.

    References
    ----------
    Wheeler AP (2023). A statistical perspective on year-to-date metrics.
    https://andrewpwheeler.com/2023/03/25/a-statistical-perspective-on-year-to-date-metrics/

    Examples
    --------
    >>> poisson_z(64, 36)
    4.0
    """
    c = _as_count(current, "current")
    p = _as_count(previous, "previous")
    return 2 * (math.sqrt(c) - math.sqrt(p))


def preload() -> None:
    """Start importing SciPy's special functions in a background thread.

    The exact test needs them, and importing them takes about a third of a second: a caller
    that runs warehouse queries first (which release the GIL) can have the import done by the
    time it tests. Importing the same module from two threads is safe; the second waits.
    """
    threading.Thread(target=importlib.import_module, args=("scipy.special",), daemon=True).start()


def _exact_conditional(
    c: int, p: int, e1: float, e2: float, level: float
) -> tuple[float, Interval | None]:
    """Two-sided binomial p-value and Clopper-Pearson rate ratio interval."""
    from scipy.special import betaincinv  # type: ignore[import-untyped]

    n = c + p
    p_value = binomial_two_sided(c, n, e1 / (e1 + e2), e2 / (e1 + e2))
    if p == 0:
        return p_value, None
    # Clopper-Pearson bounds as beta quantiles; binomtest's proportion_ci finds them by root
    # search, which is accurate to only about 1e-9.
    tail = (1 - level) / 2
    lower = 0.0 if c == 0 else float(betaincinv(c, n - c + 1, tail))
    upper = float(betaincinv(c + 1, n - c, 1 - tail))
    scale = e2 / e1
    interval = Interval(
        lower=lower / (1 - lower) * scale,
        upper=upper / (1 - upper) * scale,
        level=level,
        method=_RATIO_CI_METHOD,
    )
    return p_value, interval


def _log_pmf(k: int, n: int, prob: float, complement: float) -> float:
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(prob)
        + (n - k) * math.log(complement)
    )


def _last_at_most(pmf: Callable[[int], float], bound: float, lo: int, hi: int) -> int:
    """The last i in [lo, hi] with pmf(i) <= bound, for pmf increasing on [lo, hi]."""
    while lo < hi:
        mid = lo + (hi - lo) // 2
        value = pmf(mid)
        if value < bound:
            lo = mid + 1
        elif value > bound:
            hi = mid - 1
        else:
            return mid
    return lo if pmf(lo) <= bound else lo - 1


def binomial_two_sided(k: int, n: int, prob: float, complement: float | None = None) -> float:
    """Two-sided exact binomial p-value by the minimum-likelihood method.

    Sums the probabilities of every outcome no more likely than ``k`` (with a relative
    tolerance of 1e-7 for ties), as :func:`scipy.stats.binomtest` does. The tails are
    regularised incomplete beta functions (``scipy.special.betainc``), so the slower
    ``scipy.stats`` import is not needed. ``complement`` is 1 - ``prob``, given separately
    when it is known more precisely than the subtraction (for p0 = e1/(e1+e2) near 1).

    Examples
    --------
    >>> round(binomial_two_sided(3, 10, 0.5), 6)
    0.34375
    """
    from scipy.special import betainc

    q = 1.0 - prob if complement is None else complement
    if prob == 0.0 or q == 0.0:
        return 1.0 if k == round(prob * n) else 0.0

    def pmf(i: int) -> float:
        return math.exp(_log_pmf(i, n, prob, q))

    def at_most(j: int) -> float:  # P(X <= j)
        return 0.0 if j < 0 else 1.0 if j >= n else float(betainc(n - j, j + 1, q))

    def above(j: int) -> float:  # P(X > j)
        return 1.0 if j < 0 else 0.0 if j >= n else float(betainc(j + 1, n - j, prob))

    tolerance = 1 + 1e-7
    d = pmf(k)
    mean = prob * n
    if k == mean:
        return 1.0
    if k < mean:
        # Outcomes above the mean no more likely than k: pmf decreases there.
        upper = _last_at_most(lambda i: -pmf(i), -d * tolerance, math.ceil(mean), n)
        first = upper + 1 - (1 if d * tolerance == pmf(upper) else 0)
        total = at_most(k) + above(first - 1)
    else:
        lower = _last_at_most(pmf, d * tolerance, 0, math.floor(mean))
        total = at_most(lower) + above(k - 1)
    return min(1.0, total)


def _statsmodels_p_value(c: int, p: int, e1: float, e2: float, method: str) -> float:
    import numpy as np
    from statsmodels.stats.rates import test_poisson_2indep  # type: ignore[import-untyped]

    # statsmodels divides by the previous rate for its ratio attribute; that warns when the
    # previous count is 0, and the ratio is not used here.
    with np.errstate(divide="ignore", invalid="ignore"):
        result: Any = test_poisson_2indep(c, e1, p, e2, method=method)
    return min(1.0, float(result.pvalue))


def _as_exposure(value: float, name: str) -> float:
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(
            f"{name} must be a positive number (days in the period, or population), got {value!r}"
        )
    return number
