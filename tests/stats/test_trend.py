"""Mann-Kendall and seasonal Mann-Kendall against scipy's Kendall tau and hand values."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau, norm, theilslopes

from saferinsight.stats.trend import trend_test

FAST = settings(database=None, deadline=None, max_examples=300)
SEASONAL = "seasonal Mann-Kendall (Hirsch-Slack) with Sen's slope"
PLAIN = "Mann-Kendall with Sen's slope"


def test_hand_computed_plain_test() -> None:
    # [1, 3, 2, 4]: five rising pairs and one falling, S = 4; Var = 4*3*13/18 = 26/3.
    result = trend_test([1, 3, 2, 4], period=1)
    assert result.statistic == 4.0
    assert result.z == pytest.approx(3 / math.sqrt(26 / 3))
    assert result.p_value == pytest.approx(2 * norm.sf(3 / math.sqrt(26 / 3)))
    assert (result.n, result.seasons, result.method) == (4, 1, PLAIN)
    assert result.slope_per_period == 0.75  # median of 2, 0.5, 1, -1, 0.5, 2


def test_hand_computed_tie_correction() -> None:
    # [1, 2, 2, 3]: S = 5; one tie of two, Var = (4*3*13 - 2*1*9)/18 = 23/3.
    result = trend_test([1, 2, 2, 3], period=1)
    assert result.statistic == 5.0
    assert result.z == pytest.approx(4 / math.sqrt(23 / 3))


def test_hand_computed_seasonal_test() -> None:
    # Two seasons: [1, 2, 3] (S = 3, Var = 11/3) and [5, 5, 6] (S = 2, Var = (66 - 18)/18).
    result = trend_test([1, 5, 2, 5, 3, 6], period=2)
    assert (result.seasons, result.method) == (2, SEASONAL)
    assert result.statistic == 5.0
    assert result.z == pytest.approx(4 / math.sqrt(11 / 3 + 48 / 18))
    assert result.p_value == pytest.approx(2 * norm.sf(result.z))
    # Within-season slopes per period: 0.5, 0.5, 0.5 and 0, 0.25, 0.5; the median is 0.5.
    assert result.slope_per_period == 0.5
    assert result.pct_per_year == pytest.approx(0.5 * 2 / (22 / 6) * 100)


@FAST
@given(values=st.lists(st.integers(0, 20).map(float), min_size=3, max_size=60))
def test_plain_test_agrees_with_kendalls_tau(values: list[float]) -> None:
    assume(len(set(values)) > 1)
    n = len(values)
    result = trend_test(values, period=1)
    tau = kendalltau(range(n), values, method="asymptotic")
    # Time has no ties, so tau-b = S / sqrt(n0 (n0 - n2)) with n2 counting tied value pairs.
    n0 = n * (n - 1) / 2
    n2 = sum(t * (t - 1) / 2 for t in Counter(values).values())
    assert result.statistic == pytest.approx(tau.statistic * math.sqrt(n0 * (n0 - n2)), abs=1e-7)
    # scipy's z is S / sigma without a continuity correction; ours is (S - sign S) / sigma.
    s = result.statistic
    if s != 0:
        sigma = abs(s) / norm.isf(tau.pvalue / 2)
        assert result.z == pytest.approx((s - math.copysign(1, s)) / sigma, rel=1e-7, abs=1e-9)
        assert result.p_value >= tau.pvalue
    else:
        assert (result.z, result.p_value) == (0.0, 1.0)


@FAST
@given(
    values=st.lists(
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=3, max_size=50
    )
)
def test_plain_slope_equals_scipy_theilslopes(values: list[float]) -> None:
    result = trend_test(values, period=1)
    expected = theilslopes(values, np.arange(len(values))).slope
    assert result.slope_per_period == pytest.approx(expected, rel=1e-12, abs=1e-12)


@FAST
@given(values=st.lists(st.integers(0, 50).map(float), min_size=24, max_size=60))
def test_seasonal_statistic_is_the_sum_of_monthly_statistics(values: list[float]) -> None:
    result = trend_test(values, period=12)
    expected = 0.0
    for month in range(12):
        series = values[month::12]
        if len(set(series)) > 1:
            m = len(series)
            n0 = m * (m - 1) / 2
            n2 = sum(t * (t - 1) / 2 for t in Counter(series).values())
            tau = kendalltau(range(m), series).statistic
            expected += tau * math.sqrt(n0 * (n0 - n2))
    assert result.statistic == pytest.approx(expected, abs=1e-7)
    assert result.seasons == 12


def seasonal_series(months: int, slope: float, seed: int) -> list[float]:
    t = np.arange(months)
    noise = np.random.default_rng(seed).normal(0, 5, months)
    return list(200 + slope * t + 30 * np.sin(2 * np.pi * t / 12) + noise)


def test_declining_seasonal_series_is_significant() -> None:
    result = trend_test(seasonal_series(36, -1.5, seed=7))
    assert result.method == SEASONAL
    assert result.significant
    assert result.direction == "decreasing"
    assert result.verdict == "a statistically significant downward trend"
    assert result.slope_per_period == pytest.approx(-1.5, abs=0.3)
    assert result.pct_per_year is not None
    assert result.pct_per_year < 0


def test_seasonality_without_trend_is_not_a_trend() -> None:
    values = seasonal_series(48, 0.0, seed=11)
    result = trend_test(values)
    assert result.method == SEASONAL
    assert not result.significant
    assert result.verdict == "no evidence of a trend"
    # An exactly repeating pattern gives S = 0: every month is tied with itself.
    repeated = trend_test(list(np.tile(np.arange(12.0), 3)))
    assert (repeated.statistic, repeated.p_value, repeated.direction) == (0.0, 1.0, "no trend")


def test_slope_of_a_linear_series() -> None:
    values = [3 + 0.5 * t for t in range(30)]
    result = trend_test(values, period=1)
    assert result.slope_per_period == pytest.approx(0.5)
    assert result.statistic == 30 * 29 / 2
    assert result.verdict == "a statistically significant upward trend"
    assert result.direction == "increasing"
    assert result.pct_per_year == pytest.approx(0.5 / 10.25 * 100)
    monthly = trend_test(values, period=1, periods_per_year=12)
    assert monthly.pct_per_year == pytest.approx(0.5 * 12 / 10.25 * 100)


def test_seasonal_slope_of_a_linear_series_with_seasonality() -> None:
    pattern = [5, -3, 8, 0, 2, -6, 4, 1, -2, 7, -4, 3]
    values = [50 + 2 * t + pattern[t % 12] for t in range(36)]
    result = trend_test(values)
    assert result.slope_per_period == pytest.approx(2.0)
    assert result.statistic == 12 * 3
    assert result.pct_per_year == pytest.approx(2 * 12 / np.mean(values) * 100)


def test_fewer_than_two_cycles_falls_back_to_the_plain_test() -> None:
    short = trend_test(list(range(23)))
    assert (short.method, short.seasons) == (PLAIN, 1)
    assert trend_test(list(range(24))).method == SEASONAL
    quarterly = trend_test(list(range(8)), period=4)
    assert (quarterly.method, quarterly.seasons) == (SEASONAL, 4)


def test_constant_and_zero_series() -> None:
    constant = trend_test([5.0] * 10, period=1)
    assert (constant.z, constant.p_value, constant.slope_per_period) == (0.0, 1.0, 0.0)
    assert constant.direction == "no trend"
    assert constant.verdict == "no evidence of a trend"
    assert trend_test([0.0] * 10, period=1).pct_per_year is None


def test_direction_is_reported_even_when_not_significant() -> None:
    result = trend_test([3, 1, 2, 4, 3], period=1, alpha=0.05)
    assert result.statistic > 0
    assert not result.significant
    assert result.direction == "increasing"
    assert result.verdict == "no evidence of a trend"
    assert result.alpha == 0.05


def test_inputs_are_not_mutated_and_results_are_frozen() -> None:
    values = [4.0, 3.0, 5.0, 1.0]
    trend_test(values, period=1)
    assert values == [4.0, 3.0, 5.0, 1.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        trend_test(values, period=1).z = 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: trend_test([1, 2]), "at least 3"),
        (lambda: trend_test([1, float("nan"), 3]), "finite"),
        (lambda: trend_test([1, 2, 3], period=0), "period"),
        (lambda: trend_test([1, 2, 3], alpha=1.0), "alpha"),
        (lambda: trend_test([1, 2, 3], periods_per_year=0), "periods_per_year"),
    ],
)
def test_invalid_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
