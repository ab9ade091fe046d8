"""Funnel-plot limits against independent computations and the published method."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import chi2, poisson

from saferinsight.stats.funnel import funnel, poisson_limits


@pytest.mark.parametrize("expected", [1, 4, 10, 57, 250, 3000])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_limits_for_a_whole_expected_count_are_the_garwood_limits(
    expected: int, level: float
) -> None:
    # Independent: invert the Poisson distribution function by root finding.
    alpha = 1 - level
    upper = brentq(lambda mu: poisson.cdf(expected, mu) - alpha / 2, 1e-9, 10 * expected + 50)
    lower = brentq(lambda mu: poisson.sf(expected - 1, mu) - alpha / 2, 1e-9, expected + 1)
    got = poisson_limits(expected / 1e5, 1e5, level=level)
    assert got == pytest.approx((lower, upper), rel=1e-9)


def test_limits_for_any_expected_count_follow_the_chi_square_formula() -> None:
    for e in (0.3, 2.5, 17.25, 1234.5):
        for level in (0.95, 0.998):
            a = 1 - level
            lower, upper = poisson_limits(e / 500, 500, level=level)
            assert lower == pytest.approx(chi2.ppf(a / 2, 2 * e) / 2, rel=1e-9)
            assert upper == pytest.approx(chi2.ppf(1 - a / 2, 2 * e + 2) / 2, rel=1e-9)
    assert poisson_limits(0.0, 100, level=0.95)[0] == 0.0


def test_published_hand_values() -> None:
    # Exact 95% limits of a count of 10 (Garwood): 4.795 to 18.390 (e.g. Table 2 of the PHE
    # technical guide on confidence intervals).
    lower, upper = poisson_limits(0.001, 10_000, level=0.95)
    assert (round(lower, 3), round(upper, 3)) == (4.795, 18.39)


def test_positions_and_rate_scale() -> None:
    keys = ["low", "mid", "high", "huge"]
    counts = [60, 100, 140, 10_400]
    pops = [100_000, 100_000, 100_000, 10_000_000]
    f = funnel(keys, counts, pops, per=1000)
    theta = sum(counts) / sum(pops)
    assert f.target == pytest.approx(theta * 1000)
    for point, count, n in zip(f.points, counts, pops, strict=True):
        lo95 = chi2.ppf(0.025, 2 * theta * n) / 2
        hi95 = chi2.ppf(0.975, 2 * theta * n + 2) / 2
        lo998 = chi2.ppf(0.001, 2 * theta * n) / 2
        hi998 = chi2.ppf(0.999, 2 * theta * n + 2) / 2
        assert point.limits.upper95 == pytest.approx(hi95 / n * 1000, rel=1e-9)
        assert point.limits.lower998 == pytest.approx(lo998 / n * 1000, rel=1e-9)
        expected = (
            "above 99.8% limit"
            if count > hi998
            else "above 95% limit"
            if count > hi95
            else "below 99.8% limit"
            if count < lo998
            else "below 95% limit"
            if count < lo95
            else "within limits"
        )
        assert point.position == expected
        assert point.z == pytest.approx((count / n - theta) / math.sqrt(theta / n))
    assert [p.position for p in f.points] == [
        "below 99.8% limit",
        "within limits",
        "above 99.8% limit",
        "within limits",
    ]
    assert [p.key for p in f.outliers] == ["high", "low"]


def test_under_the_null_about_one_in_twenty_is_outside_the_95_limits() -> None:
    rng = np.random.default_rng(20250601)
    pops = rng.integers(20_000, 900_000, size=300).astype(float)
    outside = []
    for _ in range(40):
        counts = rng.poisson(0.004 * pops)
        f = funnel([str(i) for i in range(300)], list(counts), list(pops), target=4.0)
        outside.append(sum(p.outlier for p in f.points) / 300)
    assert 0.03 < statistics.fmean(outside) <= 0.055


def test_overdispersion_phi_and_tau2_match_an_independent_computation() -> None:
    rng = np.random.default_rng(7)
    pops = rng.integers(50_000, 600_000, size=120).astype(float)
    true = 0.005 * rng.lognormal(0, 0.3, size=120)  # real differences between units
    counts = [int(c) for c in rng.poisson(true * pops)]
    keys = [str(i) for i in range(120)]
    plain = funnel(keys, counts, list(pops))
    theta = sum(counts) / pops.sum()
    z = sorted((c / n - theta) / math.sqrt(theta / n) for c, n in zip(counts, pops, strict=True))
    cuts = statistics.quantiles(z, n=10, method="inclusive")
    lo, hi = cuts[0], cuts[-1]
    phi = statistics.fmean(min(max(v, lo), hi) ** 2 for v in z)
    w = [n / theta for n in pops]
    tau2 = (120 * phi - 119) / (sum(w) - sum(x * x for x in w) / sum(w))
    assert plain.phi == pytest.approx(phi, rel=1e-9)
    assert plain.tau2 == pytest.approx(tau2, rel=1e-9)
    assert phi > 10  # strongly overdispersed
    additive = funnel(keys, counts, list(pops), adjustment="additive")
    multiplicative = funnel(keys, counts, list(pops), adjustment="multiplicative")
    assert len(additive.outliers) < len(plain.outliers) / 3
    assert len(multiplicative.outliers) < len(plain.outliers)
    n = pops[0]
    sigma = math.sqrt(theta / n + tau2)
    assert additive.points[0].limits.upper95 == pytest.approx(
        (theta + 1.959963984540054 * sigma) * 1000, rel=1e-9
    )
    sigma = math.sqrt(phi * theta / n)
    assert multiplicative.points[0].limits.lower998 == pytest.approx(
        (theta - 3.090232306167813 * sigma) * 1000, rel=1e-9
    )


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        funnel(["a"], [1, 2], [10, 10])
    with pytest.raises(ValueError, match="positive"):
        funnel(["a"], [1], [0])
    with pytest.raises(ValueError, match="adjustment"):
        funnel(["a"], [1], [10], adjustment="wild")
