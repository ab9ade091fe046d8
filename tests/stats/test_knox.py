"""The Knox test against a brute-force loop over every pair, with the same simulated dates, and
the Monte Carlo expected counts against the exact expectation under random dates."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from saferinsight.errors import OptionError
from saferinsight.stats.knox import knox_test

WIDTH, BANDS, T_WIDTH, T_BANDS = 150.0, 4, 1, 3


def distance_band(d: float) -> int:
    """Band of a distance written out interval by interval."""
    if d == 0:
        return 0
    for k in range(1, BANDS + 1):
        if (k - 1) * WIDTH < d <= k * WIDTH:
            return k
    return BANDS + 1


def time_band(gap: int) -> int:
    for k in range(T_BANDS):
        if k * T_WIDTH <= gap < (k + 1) * T_WIDTH:
            return k
    return T_BANDS


def brute_table(x: list[float], y: list[float], t: list[int]) -> list[list[int]]:
    table = [[0] * (T_BANDS + 1) for _ in range(BANDS + 2)]
    for i, j in itertools.combinations(range(len(x)), 2):
        d = math.sqrt((x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2)
        table[distance_band(d)][time_band(abs(t[i] - t[j]))] += 1
    return table


def events(seed: int, n: int = 60) -> tuple[list[float], list[float], list[int]]:
    """Events on snap points (some shared) in a 1.5 km square over 12 months, with a planted
    near-repeat cluster: several events at one point in consecutive months."""
    rng = np.random.default_rng(seed)
    points = rng.integers(0, 30, size=(40, 2)) * 50.0  # a 50 m lattice of snap points
    chosen = points[rng.integers(0, 40, size=n)]
    x, y = list(chosen[:, 0]), list(chosen[:, 1])
    t = [int(v) for v in rng.integers(0, 12, size=n)]
    x += [700.0] * 6 + [760.0] * 4
    y += [700.0] * 6 + [700.0] * 4
    t += [3, 3, 3, 3, 3, 3, 4, 4, 4, 4]
    return x, y, t


def test_observed_expected_and_p_values_equal_a_brute_force_computation() -> None:
    x, y, t = events(4)
    result = knox_test(
        x, y, t, distance_band=WIDTH, distance_bands=BANDS, time_band=T_WIDTH,
        time_bands=T_BANDS, permutations=99, seed=17,
    )  # fmt: skip
    observed = brute_table(x, y, t)
    assert [list(row) for row in result.observed] == observed
    assert sum(map(sum, observed)) == result.pairs == len(x) * (len(x) - 1) // 2
    # The same simulations, by the documented draw: rng.permutation(n) in turn.
    rng = np.random.default_rng(17)
    n = len(x)
    total = np.zeros((BANDS + 2, T_BANDS + 1))
    at_least = np.zeros_like(total)
    for _ in range(99):
        order = rng.permutation(n)
        simulated = np.array(brute_table(x, y, [t[k] for k in order]))
        total += simulated
        at_least += simulated >= np.array(observed)
    assert_allclose(result.expected, total / 99, rtol=0, atol=1e-12)
    assert_allclose(result.p_value, (at_least + 1) / 100, rtol=0, atol=1e-12)
    # The planted cluster: many same-location pairs within a month, far above expectation.
    assert result.observed[0][0] > 2 * result.expected[0][0]
    assert result.p_value[0][0] <= 0.02
    assert result.ratio[0][0] == pytest.approx(result.observed[0][0] / result.expected[0][0])


def test_expected_counts_approach_the_exact_expectation_under_random_dates() -> None:
    # Under the null each pair receives a random pair of the observed dates, so the expected
    # count of a cell is (pairs in its distance band) x (share of all date pairs in its time
    # band), exactly.
    x, y, t = events(9, n=80)
    result = knox_test(
        x, y, t, distance_band=WIDTH, distance_bands=BANDS, time_band=T_WIDTH,
        time_bands=T_BANDS, permutations=4000, seed=3,
    )  # fmt: skip
    observed = np.array(result.observed)
    by_distance = observed.sum(axis=1)
    by_time = np.array(
        [
            sum(time_band(abs(a - b)) == k for a, b in itertools.combinations(t, 2))
            for k in range(T_BANDS + 1)
        ]
    )
    exact = np.outer(by_distance, by_time / by_time.sum())
    assert_allclose(result.expected, exact, rtol=0.05, atol=0.3)


def test_same_seed_same_result_and_options_checked() -> None:
    x, y, t = events(1)
    first = knox_test(x, y, t, permutations=49, seed=8)
    assert first == knox_test(x, y, t, permutations=49, seed=8)
    assert first.p_value != knox_test(x, y, t, permutations=49, seed=9).p_value
    assert first.time_bands == ("0 months", "1 month", "2 months", "more than 2 months")
    assert first.distance_bands[:2] == ("same location", "1 to 200 m")
    assert first.distance_bands[-1] == "more than 1,000 m"
    with pytest.raises(OptionError, match="permutations must be at least 19"):
        knox_test(x, y, t, permutations=5)
    with pytest.raises(OptionError, match="at least 3"):
        knox_test([0, 1], [0, 1], [0, 1])
    with pytest.raises(OptionError, match="distance_band must be more than 0"):
        knox_test(x, y, t, distance_band=0)
