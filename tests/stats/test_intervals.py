"""Count, rate and proportion intervals against statsmodels and the published formulas."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, norm
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from saferinsight.stats.intervals import (
    Interval,
    count_interval,
    intervals_overlap,
    proportion,
    rate,
)

FAST = settings(database=None, deadline=None, max_examples=200)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998]) | st.floats(0.5, 0.999)


def byar(x: int, level: float) -> tuple[float, float]:
    """Byar's limits, written out from methods.md 3.1 with scipy's normal quantile."""
    z = norm.ppf(1 - (1 - level) / 2)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


@FAST
@given(count=st.integers(10, 10**7), level=levels)
def test_byar_equals_the_formula(count: int, level: float) -> None:
    ci = count_interval(count, level=level)
    assert ci.method == "Byar"
    assert (ci.lower, ci.upper) == pytest.approx(byar(count, level), rel=1e-12)
    assert ci.level == level


@FAST
@given(count=st.integers(0, 9), level=levels)
def test_exact_poisson_equals_statsmodels_exact_c(count: int, level: float) -> None:
    ci = count_interval(count, level=level)
    lower, upper = confint_poisson(count, 1, method="exact-c", alpha=1 - level)
    assert ci.method == "exact Poisson"
    assert ci.lower == pytest.approx(float(lower), rel=1e-9, abs=1e-300)
    assert ci.upper == pytest.approx(float(upper), rel=1e-9)


@pytest.mark.parametrize("count", range(10))
def test_exact_poisson_equals_the_chi_square_formula(count: int) -> None:
    ci = count_interval(count)
    lower = chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
    upper = chi2.ppf(0.975, 2 * count + 2) / 2
    assert (ci.lower, ci.upper) == pytest.approx((lower, upper), rel=1e-10)


def test_published_values() -> None:
    # Exact 95% limits for x = 3 in standard Poisson tables: 0.619 to 8.767. A zero count has
    # lower 0 and upper -ln(0.025) = 3.689 (epitools' pois.exact documents 3.689).
    three = count_interval(3)
    assert (round(three.lower, 3), round(three.upper, 3)) == (0.619, 8.767)
    zero = count_interval(0)
    assert zero.lower == 0.0
    assert zero.upper == pytest.approx(-math.log(0.025), rel=1e-12)
    # Byar at 25 by hand: 25 (1 - 1/225 - 1.96/15)^3 = 16.17; 26 (1 - 1/234 + 1.96/(3 sqrt 26))^3.
    byar_25 = count_interval(25)
    assert (round(byar_25.lower, 2), round(byar_25.upper, 2)) == (16.17, 36.91)


def test_method_switches_at_ten() -> None:
    assert count_interval(9).method == "exact Poisson"
    assert count_interval(10).method == "Byar"


def test_wider_at_higher_level() -> None:
    narrow, wide = count_interval(40, level=0.95), count_interval(40, level=0.998)
    assert wide.lower < narrow.lower < 40 < narrow.upper < wide.upper


@FAST
@given(
    data=st.integers(1, 10**6).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    level=levels,
)
def test_wilson_equals_statsmodels(data: tuple[int, int], level: float) -> None:
    successes, total = data
    result = proportion(successes, total, level=level)
    lower, upper = proportion_confint(successes, total, alpha=1 - level, method="wilson")
    assert result.interval.method == "Wilson"
    assert result.value == successes / total
    assert result.interval.lower == pytest.approx(lower, rel=1e-9, abs=1e-12)
    assert result.interval.upper == pytest.approx(upper, rel=1e-9, abs=1e-12)
    assert 0.0 <= result.interval.lower <= result.value <= result.interval.upper <= 1.0


def test_wilson_edges() -> None:
    none, everything = proportion(0, 50), proportion(50, 50)
    assert none.interval.lower == 0.0
    assert none.interval.upper > 0
    assert everything.interval.upper == 1.0
    assert everything.interval.lower < 1


@FAST
@given(
    count=st.integers(0, 10**6),
    denominator=st.floats(1, 1e8),
    per=st.sampled_from([1000, 100_000]),
    level=levels,
)
def test_rate_interval_is_the_count_interval_rescaled_and_contains_the_rate(
    count: int, denominator: float, per: int, level: float
) -> None:
    result = rate(count, denominator, per=per, level=level)
    ci = count_interval(count, level=level)
    assert result.value == pytest.approx(count / denominator * per, rel=1e-12)
    assert result.interval.lower == pytest.approx(ci.lower / denominator * per, rel=1e-12)
    assert result.interval.upper == pytest.approx(ci.upper / denominator * per, rel=1e-12)
    assert result.interval.method == ci.method
    assert result.interval.lower <= result.value <= result.interval.upper


def test_rate_example() -> None:
    result = rate(25, 12_500)
    assert (result.count, result.denominator, result.per, result.value) == (25, 12_500.0, 1000, 2.0)
    lower, upper = byar(25, 0.95)
    assert result.interval.lower == pytest.approx(lower / 12.5)
    assert result.interval.upper == pytest.approx(upper / 12.5)


def test_zero_rate() -> None:
    result = rate(0, 5000, per=100_000)
    assert result.value == 0.0
    assert result.interval.lower == 0.0
    assert result.interval.upper == pytest.approx(-math.log(0.025) / 5000 * 100_000)


def test_whole_number_floats_and_numpy_integers_are_counts() -> None:
    assert count_interval(3.0) == count_interval(3)
    assert count_interval(np.int64(30)) == count_interval(30)
    assert proportion(np.int64(3), np.int64(9)) == proportion(3, 9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: count_interval(-1), "negative"),
        (lambda: count_interval(2.5), "whole number"),
        (lambda: count_interval(float("nan")), "whole number"),
        (lambda: count_interval("7"), "whole number"),
        (lambda: count_interval(5, level=0), "level"),
        (lambda: count_interval(5, level=1), "level"),
        (lambda: count_interval(5, level=95), "level"),
        (lambda: rate(5, 0), "denominator"),
        (lambda: rate(5, -10), "denominator"),
        (lambda: rate(5, float("nan")), "denominator"),
        (lambda: rate(5, float("inf")), "denominator"),
        (lambda: rate(5, 100, per=0), "per"),
        (lambda: rate(-5, 100), "negative"),
        (lambda: proportion(6, 5), "exceed"),
        (lambda: proportion(0, 0), "total is 0"),
        (lambda: proportion(-1, 5), "negative"),
        (lambda: proportion(1, 5, level=1.5), "level"),
    ],
)
def test_invalid_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_overlap() -> None:
    a = Interval(1.0, 2.0, 0.95, "Byar")
    assert intervals_overlap(a, Interval(1.5, 3.0, 0.95, "Byar"))
    assert intervals_overlap(Interval(1.5, 3.0, 0.95, "Byar"), a)
    assert intervals_overlap(a, Interval(2.0, 3.0, 0.95, "Byar"))  # touching
    assert intervals_overlap(a, Interval(1.2, 1.8, 0.95, "Byar"))  # nested
    assert not intervals_overlap(a, Interval(2.01, 3.0, 0.95, "Byar"))
    assert not intervals_overlap(Interval(2.01, 3.0, 0.95, "Byar"), a)


def test_overlap_needs_the_same_level() -> None:
    with pytest.raises(ValueError, match="same level"):
        intervals_overlap(count_interval(5), count_interval(5, level=0.998))


def test_results_are_frozen() -> None:
    result = rate(10, 100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.interval.lower = 0.0


def test_contains() -> None:
    ci = count_interval(12)
    assert ci.contains(12)
    assert not ci.contains(100)
