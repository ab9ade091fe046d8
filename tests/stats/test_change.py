"""The two-period change test against statsmodels' test_poisson_2indep and hand values."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import binom
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import test_poisson_2indep as statsmodels_test

from saferinsight.stats.change import change_test, poisson_z

FAST = settings(database=None, deadline=None, max_examples=300)
counts = st.integers(0, 500)
exposures = (
    st.sampled_from([1.0, 28.0, 29.0, 30.0, 31.0, 365.0, 366.0])
    | st.floats(0.01, 1e6)
    | st.integers(1, 500_000).map(float)
)

RISE = "a statistically significant rise"
FALL = "a statistically significant fall"
NO_EVIDENCE = "no evidence of change: within normal variation"


def reference(c: int, p: int, e1: float, e2: float, method: str) -> float:
    # statsmodels divides by the previous rate for its ratio attribute, which warns at zero.
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(statsmodels_test(c, e1, p, e2, method=method).pvalue)


def exact_p_value(current: int, previous: int, e1: float, e2: float) -> float:
    """The minimum-likelihood binomial p-value in 80-digit decimal arithmetic, summing every
    outcome's probability: an independent reference with no cancellation in 1 - p0."""
    n = current + previous
    with localcontext() as context:
        context.prec = 80
        total = Decimal(e1) + Decimal(e2)
        p0, q0 = Decimal(e1) / total, Decimal(e2) / total
        pmf = [q0**n]
        for i in range(n):
            pmf.append(pmf[-1] * (n - i) / (i + 1) * p0 / q0)
        bound = pmf[current] * Decimal(1 + 1e-7)  # scipy's relative tolerance for ties
        return min(1.0, float(sum(x for x in pmf if x <= bound)))


@FAST
@given(current=counts, previous=counts, e1=exposures, e2=exposures)
def test_exact_conditional_p_value_equals_exact_and_statsmodels(
    current: int, previous: int, e1: float, e2: float
) -> None:
    assume(current + previous > 0)
    result = change_test(current, previous, current_exposure=e1, previous_exposure=e2)
    # Below 1e-250 the incomplete beta function underflows; such p-values read "p < 0.001".
    exact = exact_p_value(current, previous, e1, e2)
    assert result.p_value == pytest.approx(exact, rel=1e-9, abs=1e-250)
    # statsmodels (through scipy.stats.binomtest) computes 1 - p0 by subtraction, so it is a
    # reference to 1e-9 only while neither p0 nor 1 - p0 is tiny; hypothesis found 0 against 1
    # with exposures 986,937.25 and 0.01, where its own error is 5e-9.
    expected = reference(current, previous, e1, e2, "exact-cond")
    if min(e1, e2) / (e1 + e2) >= 1e-6 and expected >= 1e-100:
        assert result.p_value == pytest.approx(expected, rel=1e-9)
    assert result.method == "exact conditional (binomial)"


@pytest.mark.parametrize(
    ("current", "previous", "e1", "e2"),
    [(0, 1, 1, 1), (1, 0, 1, 1), (0, 5, 28, 31), (3, 7, 28, 31), (12, 30, 1, 1), (250, 180, 1, 1)],
)
def test_exact_conditional_small_counts_equal_statsmodels(
    current: int, previous: int, e1: float, e2: float
) -> None:
    result = change_test(current, previous, current_exposure=e1, previous_exposure=e2)
    assert result.p_value == pytest.approx(reference(current, previous, e1, e2, "exact-cond"))


@pytest.mark.parametrize(
    ("method", "name"), [("etest", "E-test (Gu et al. 2008)"), ("score", "score")]
)
@pytest.mark.parametrize(
    ("current", "previous", "e1", "e2"),
    [(0, 5, 1, 1), (5, 0, 1, 1), (3, 7, 28, 31), (40, 25, 31, 30), (400, 350, 1.0, 1.1)],
)
def test_optional_methods_equal_statsmodels(
    method: str, name: str, current: int, previous: int, e1: float, e2: float
) -> None:
    result = change_test(
        current, previous, current_exposure=e1, previous_exposure=e2, method=method
    )
    expected = min(1.0, reference(current, previous, e1, e2, method))
    assert result.p_value == pytest.approx(expected, rel=1e-9)
    assert result.method == name


def test_hand_computed_binomial_p_value() -> None:
    # 10 against 0 with equal exposure: both tails of Binomial(10, 0.5), 2 x 0.5^10.
    result = change_test(10, 0)
    assert result.p_value == pytest.approx(2 * 0.5**10)
    assert result.verdict == RISE
    assert result.direction == "increase"
    # 2 against 8: P(X <= 2) + P(X >= 8) for Binomial(10, 0.5).
    result = change_test(2, 8)
    expected = binom.cdf(2, 10, 0.5) + binom.sf(7, 10, 0.5)
    assert result.p_value == pytest.approx(expected)


@FAST
@given(current=counts, previous=st.integers(1, 500), e1=exposures, e2=exposures)
def test_rate_ratio_interval_is_the_transformed_clopper_pearson_interval(
    current: int, previous: int, e1: float, e2: float
) -> None:
    result = change_test(current, previous, current_exposure=e1, previous_exposure=e2, alpha=0.1)
    lower, upper = proportion_confint(current, current + previous, alpha=0.1, method="beta")
    interval = result.rate_ratio_interval
    assert interval is not None
    assert result.rate_ratio is not None
    assert interval.lower == pytest.approx(lower / (1 - lower) * e2 / e1, rel=1e-9, abs=1e-300)
    assert interval.upper == pytest.approx(upper / (1 - upper) * e2 / e1, rel=1e-9)
    assert interval.level == pytest.approx(0.9)
    assert interval.method == "Clopper-Pearson (conditional)"
    assert result.rate_ratio == pytest.approx((current / e1) / (previous / e2))
    assert interval.lower <= result.rate_ratio * (1 + 1e-12)
    assert result.rate_ratio <= interval.upper * (1 + 1e-12)


def test_unequal_exposure_example() -> None:
    # The example of R's ?poisson.test (ISwR eba1977): 11 cases in 800 person-years against
    # 21 in 3011. p0 = 800 / 3811; the p-value sums the binomial probabilities no larger than
    # that of 11.
    result = change_test(11, 21, current_exposure=800, previous_exposure=3011)
    assert result.rate_ratio == pytest.approx((11 / 800) / (21 / 3011))
    p0 = 800 / 3811
    pmf = binom.pmf(range(33), 32, p0)
    assert result.p_value == pytest.approx(pmf[pmf <= pmf[11] * (1 + 1e-7)].sum())
    assert round(result.p_value, 4) == 0.0797
    assert not result.significant


@FAST
@given(current=counts, previous=counts, e1=exposures, e2=exposures, alpha=st.floats(0.001, 0.5))
def test_verdict_follows_significance_and_the_rate(
    current: int, previous: int, e1: float, e2: float, alpha: float
) -> None:
    assume(current + previous > 0)
    result = change_test(current, previous, current_exposure=e1, previous_exposure=e2, alpha=alpha)
    assert result.significant == (result.p_value < alpha)
    assert 0.0 <= result.p_value <= 1.0
    assert result.absolute_change == current - previous
    assert result.direction == (
        "increase"
        if current * e2 > previous * e1
        else "decrease"
        if current * e2 < previous * e1
        else "no change"
    )
    expected = {"increase": RISE, "decrease": FALL}.get(result.direction, NO_EVIDENCE)
    assert result.verdict == (expected if result.significant else NO_EVIDENCE)
    assert "trend" not in result.verdict


def test_both_zero() -> None:
    result = change_test(0, 0)
    assert result.p_value == 1.0
    assert result.direction == "no change"
    assert result.verdict == "no events in either period"
    assert not result.significant
    assert result.pct_change is None
    assert result.rate_ratio is None
    assert result.rate_ratio_interval is None
    assert change_test(0, 0, method="etest").verdict == "no events in either period"


def test_previous_zero() -> None:
    result = change_test(3, 0)
    assert result.pct_change is None
    assert result.rate_ratio is None
    assert result.rate_ratio_interval is None
    assert result.p_value == pytest.approx(0.25)  # 2 x 0.5^3
    assert result.verdict == NO_EVIDENCE
    assert result.direction == "increase"


def test_current_zero() -> None:
    result = change_test(0, 12)
    assert result.pct_change == -100.0
    assert result.rate_ratio == 0.0
    assert result.rate_ratio_interval is not None
    assert result.rate_ratio_interval.lower == 0.0
    assert result.verdict == FALL


@pytest.mark.parametrize(("current", "previous"), [(1, 0), (0, 1), (1, 1), (2, 1), (1, 3)])
def test_tiny_counts_are_never_significant(current: int, previous: int) -> None:
    result = change_test(current, previous)
    assert not result.significant
    assert result.verdict == NO_EVIDENCE


@pytest.mark.parametrize("daily_rate", [1, 3, 10, 50])
def test_february_and_march_at_the_same_daily_rate_are_not_different(daily_rate: int) -> None:
    result = change_test(
        31 * daily_rate, 28 * daily_rate, current_exposure=31, previous_exposure=28
    )
    assert result.direction == "no change"
    assert result.rate_ratio == pytest.approx(1.0)
    assert result.p_value == pytest.approx(1.0)
    assert not result.significant
    assert result.verdict == NO_EVIDENCE


def test_ignoring_month_length_can_invent_a_change() -> None:
    # 100 a day in March against 100 a day in February: the counts differ by 11%.
    adjusted = change_test(3100, 2800, current_exposure=31, previous_exposure=28)
    naive = change_test(3100, 2800)
    assert adjusted.verdict == NO_EVIDENCE
    assert naive.verdict == RISE


def test_direction_is_of_the_rate_not_the_count() -> None:
    # More crimes in March (31 days) than February (28), but fewer per day.
    result = change_test(29, 28, current_exposure=31, previous_exposure=28)
    assert result.absolute_change == 1
    assert result.pct_change is not None
    assert result.pct_change > 0
    assert result.direction == "decrease"


def test_fields() -> None:
    result = change_test(7, 3, current_exposure=2.0, previous_exposure=4.0)
    assert result.current == 7
    assert result.previous == 3
    assert result.current_exposure == 2.0
    assert result.previous_exposure == 4.0
    assert result.pct_change == (7 - 3) / 3 * 100
    assert result.rate_ratio == pytest.approx((7 / 2) / (3 / 4))
    assert result.alpha == 0.05
    assert result.null_hypothesis == "the underlying rate is the same in both periods"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.p_value = 0.0


def test_poisson_z() -> None:
    assert poisson_z(64, 36) == 4.0
    assert poisson_z(36, 64) == -4.0
    assert poisson_z(0, 0) == 0.0
    assert poisson_z(10, 5) == pytest.approx(2 * (math.sqrt(10) - math.sqrt(5)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: change_test(-1, 3), "negative"),
        (lambda: change_test(1, -3), "negative"),
        (lambda: change_test(1.5, 3), "whole number"),
        (lambda: change_test(1, 3, current_exposure=0), "current_exposure"),
        (lambda: change_test(1, 3, previous_exposure=-2), "previous_exposure"),
        (lambda: change_test(1, 3, previous_exposure=float("nan")), "previous_exposure"),
        (lambda: change_test(1, 3, method="wald"), "unknown method"),
        (lambda: change_test(1, 3, alpha=0), "alpha"),
        (lambda: change_test(1, 3, alpha=1), "alpha"),
        (lambda: poisson_z(-1, 3), "negative"),
    ],
)
def test_invalid_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
