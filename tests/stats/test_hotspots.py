"""Getis-Ord Gi* against hand values, a dense loop over the formula, exact enumeration of the
permutation distribution, planted clusters and null data; and the classification over periods."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.stats import norm

from saferinsight.errors import OptionError
from saferinsight.geo.contiguity import lsoa_neighbour_pairs
from saferinsight.stats.hotspots import (
    adjust_p_values,
    classify_hotspots,
    getis_ord_gi_star,
    permutation_floor,
)
from saferinsight.stats.weights import BinaryWeights


def chain(n: int) -> BinaryWeights:
    ids = [f"p{i}" for i in range(n)]
    return BinaryWeights.from_pairs(ids, itertools.pairwise(ids), description="chain")


def lattice(side: int, *, queen: bool) -> BinaryWeights:
    ids = [f"{r},{c}" for r in range(side) for c in range(side)]
    steps = [(0, 1), (1, 0), (1, 1), (1, -1)] if queen else [(0, 1), (1, 0)]
    pairs = [
        (f"{r},{c}", f"{r + dr},{c + dc}")
        for r in range(side)
        for c in range(side)
        for dr, dc in steps
        if 0 <= r + dr < side and 0 <= c + dc < side
    ]
    return BinaryWeights.from_pairs(ids, pairs, description="lattice")


def dense_gi_star(x: np.ndarray, weights: BinaryWeights) -> np.ndarray:
    """methods.md 3.4 written out with a dense matrix and a loop, one place at a time."""
    n = len(x)
    w = np.eye(n)
    for i, neighbours in enumerate(weights.neighbours):
        for j in neighbours:
            w[i, j] = 1.0
    mean = sum(x) / n
    s = math.sqrt(sum(v * v for v in x) / n - mean * mean)
    z = np.empty(n)
    for i in range(n):
        w_i = sum(w[i])
        w2_i = sum(v * v for v in w[i])
        local = sum(w[i, j] * x[j] for j in range(n))
        z[i] = (local - mean * w_i) / (s * math.sqrt((n * w2_i - w_i**2) / (n - 1)))
    return z


def test_hand_computed_chain() -> None:
    # Counts 0, 1, 2, 5 on a chain: mean 2, S^2 = 30/4 - 4 = 3.5.
    # Ends: W = 2, denominator S sqrt((8 - 4)/3); middles: W = 3, denominator S sqrt(3/3).
    result = getis_ord_gi_star([0, 1, 2, 5], chain(4), permutations=0)
    s = math.sqrt(3.5)
    expected = [
        (1 - 4) / (s * math.sqrt(4 / 3)),
        (3 - 6) / s,
        (8 - 6) / s,
        (7 - 4) / (s * math.sqrt(4 / 3)),
    ]
    assert_allclose(result.z, expected, rtol=0, atol=1e-12)
    assert_allclose(result.z[3], 3 * math.sqrt(3 / 14), atol=1e-12)
    assert_allclose(result.p_value, 2 * norm.sf(np.abs(expected)), atol=1e-12)
    assert result.p_sim == ()
    assert result.n_tested == 4


def test_sparse_equals_dense_loop_on_shropshire_contiguity() -> None:
    from saferinsight.geo.contiguity import lsoa_centroids

    codes = sorted(c for c in lsoa_centroids() if "E01028" in c or "E01029" in c)[:250]
    weights = BinaryWeights.from_pairs(codes, lsoa_neighbour_pairs(codes), description="queen")
    x = np.random.default_rng(7).poisson(6, size=len(codes)).astype(float)
    x[:5] += 40  # a cluster of codes next to each other in the ONS numbering
    result = getis_ord_gi_star(x, weights, permutations=0)
    assert_allclose(result.z, dense_gi_star(x, weights), rtol=0, atol=1e-9)
    assert sum(result.hot) > 0


def test_adjustment_by_hand() -> None:
    p = np.array([0.01, 0.04, 0.03])
    # Holm: sorted 0.01*3, 0.03*2, 0.04*1, then running maximum: 0.03, 0.06, 0.06.
    assert_allclose(adjust_p_values(p, method="holm"), [0.03, 0.06, 0.06])
    # BH: 0.01*3/1, 0.03*3/2, 0.04*3/3, then running minimum from the top: 0.03, 0.04, 0.04.
    assert_allclose(adjust_p_values(p, method="fdr_bh"), [0.03, 0.04, 0.04])
    assert_allclose(adjust_p_values(p, method="none"), p)


def test_adjustment_equals_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(2).uniform(0, 0.2, size=300) ** 2
    for method in ("holm", "fdr_bh"):
        assert_allclose(adjust_p_values(p, method=method), multipletests(p, method=method)[1])


def exact_permutation_p(x: np.ndarray, weights: BinaryWeights, i: int) -> float:
    """Two-sided conditional p-value by enumerating every choice of neighbour counts."""
    others = [x[j] for j in range(len(x)) if j != i]
    k = len(weights.neighbours[i])
    observed = x[i] + sum(x[j] for j in weights.neighbours[i])
    sums = [x[i] + sum(c) for c in itertools.combinations(others, k)]
    above = sum(s >= observed for s in sums) / len(sums)
    below = sum(s <= observed for s in sums) / len(sums)
    return min(1.0, 2 * min(above, below))


def test_permutation_p_values_match_exact_enumeration_and_are_reproducible() -> None:
    weights = lattice(4, queen=False)
    x = np.array([9, 7, 1, 0, 8, 6, 2, 1, 3, 2, 0, 1, 0, 1, 2, 0], dtype=float)
    first = getis_ord_gi_star(x, weights, permutations=19_999, seed=42)
    again = getis_ord_gi_star(x, weights, permutations=19_999, seed=42)
    other = getis_ord_gi_star(x, weights, permutations=19_999, seed=43)
    assert first.p_sim == again.p_sim
    assert first.p_sim != other.p_sim
    exact = [exact_permutation_p(x, weights, i) for i in range(16)]
    # Monte Carlo error of a two-sided p near 0.05 with 19,999 draws is below 0.004.
    assert_allclose(first.p_sim, exact, atol=0.012)
    assert min(exact) < 0.05  # the corner of high counts is found by the exact test too
    assert first.p_sim[0] < 0.05


def test_planted_cluster_is_found() -> None:
    weights = lattice(20, queen=True)
    rng = np.random.default_rng(3)
    x = rng.poisson(4, size=400).astype(float)
    planted = {f"{r},{c}" for r in range(8, 11) for c in range(12, 15)}
    for i, code in enumerate(weights.ids):
        if code in planted:
            x[i] = rng.poisson(20)
    result = getis_ord_gi_star(x, weights, permutations=999, seed=1)
    hot = {code for code, h in zip(result.ids, result.hot, strict=True) if h}
    assert "9,13" in hot  # the centre
    assert len(hot & planted) >= 5
    assert hot <= planted | {
        f"{r},{c}" for r in range(7, 12) for c in range(11, 16)
    }  # nothing far away
    assert not any(result.cold)


@pytest.mark.parametrize("adjustment", ["holm", "fdr_bh"])
def test_false_positive_rate_without_cluster(adjustment: str) -> None:
    # Under the null with no cluster anywhere, the chance that any place is flagged (the
    # family-wise error; for BH with every null true it equals the FDR) must stay at or below
    # alpha. Without adjustment nearly every run flags some place.
    weights = lattice(15, queen=True)
    rng = np.random.default_rng(11)
    runs, any_flagged, any_unadjusted = 300, 0, 0
    for _ in range(runs):
        x = rng.poisson(10, size=weights.n)
        result = getis_ord_gi_star(x, weights, permutations=0, adjustment=adjustment)
        any_flagged += any(result.hot) or any(result.cold)
        any_unadjusted += any(p < 0.05 for p in result.p_value)
    se = math.sqrt(0.05 * 0.95 / runs)
    assert any_flagged / runs <= 0.05 + 2 * se
    assert any_unadjusted / runs > 0.9


def test_undefined_z_when_counts_are_equal_and_options_checked() -> None:
    result = getis_ord_gi_star([3, 3, 3, 3], chain(4), permutations=9, seed=0)
    assert all(math.isnan(v) for v in result.z)
    assert all(math.isnan(v) for v in result.p_sim)
    assert result.n_tested == 0
    assert not any(result.hot)
    with pytest.raises(OptionError, match="adjustment must be one of"):
        getis_ord_gi_star([1, 2, 3], chain(3), adjustment="bonferroni")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="counts has 2 values for 3 places"):
        getis_ord_gi_star([1, 2], chain(3))


def test_islands_are_reported() -> None:
    weights = BinaryWeights.from_pairs("abcd", [("a", "b"), ("b", "c")], description="x")
    result = getis_ord_gi_star([1, 2, 3, 9], weights, permutations=99, seed=0)
    assert result.islands == ("d",)
    assert result.p_sim[3] == 1.0  # its neighbourhood is itself: no permutation moves it


def test_classification_of_planted_persistent_and_emerging_clusters() -> None:
    weights = lattice(12, queen=True)
    rng = np.random.default_rng(5)
    persistent = {f"{r},{c}" for r in range(2, 4) for c in range(2, 4)}
    emerging = {f"{r},{c}" for r in range(8, 10) for c in range(8, 10)}
    hot, cold = [], []
    for period in range(10):
        x = rng.poisson(5, size=weights.n).astype(float)
        for i, code in enumerate(weights.ids):
            if code in persistent or (period >= 8 and code in emerging):
                x[i] = rng.poisson(30)
        result = getis_ord_gi_star(x, weights, permutations=0)
        hot.append(result.hot)
        cold.append(result.cold)
    classes = dict(zip(weights.ids, classify_hotspots(hot, cold), strict=True))
    assert {classes[c] for c in persistent} == {"persistent hotspot"}
    assert {classes[c] for c in emerging} == {"emerging hotspot"}
    far = [c for c in weights.ids if c.startswith(("0,", "11,")) and not c.endswith(",5")]
    assert sum(classes[c] != "no pattern" for c in far) <= 1


def test_classification_rules_by_hand() -> None:
    f, t = False, True
    # 10 periods, recent = last 2. Place 0: former (earlier only); 1: intermittent (both);
    # 2: persistent coldspot (8 of 10 cold); 3: never.
    hot = [[t, t, f, f]] + [[f, f, f, f]] * 8 + [[f, t, f, f]]
    cold = [[f, f, t, f]] * 8 + [[f, f, f, f]] * 2
    assert classify_hotspots(hot, cold) == (
        "former hotspot",
        "intermittent hotspot",
        "persistent coldspot",
        "no pattern",
    )


def test_permutation_floor_is_detected_and_said_plainly() -> None:
    weights = lattice(15, queen=True)  # 225 places
    rng = np.random.default_rng(21)
    x = rng.poisson(4, size=weights.n).astype(float)
    x[[112, 113, 127, 128]] += 60  # a strong cluster
    few = getis_ord_gi_star(x, weights, permutations=999, seed=1, basis="permutation")
    # Holm: 225 places x the smallest p 2/1,000 = 0.45, never below 0.05, whatever the data.
    assert min(few.p_sim_adjusted) >= 2 / 1000 * 225
    assert not any(few.hot)
    (warning,) = few.warnings
    assert "no place can be significant" in warning
    assert "Use at least 9,000 permutations" in warning  # 2 x 225 / 0.05 = 9,000 -> 9,000
    assert any(getis_ord_gi_star(x, weights, permutations=999, seed=1).hot)  # analytical
    enough = getis_ord_gi_star(x, weights, permutations=9_000, seed=1, basis="permutation")
    assert enough.warnings == ()
    assert any(enough.hot)
    assert permutation_floor(999, 225, adjustment="fdr_bh") is None
    assert permutation_floor(19, 5, adjustment="none") is not None  # 2/20 = 0.1 >= 0.05


@pytest.mark.slow
def test_false_positive_rate_of_permutation_p_values_without_cluster() -> None:
    # The permutation p-values, adjusted by Benjamini-Hochberg (Holm cannot reach 0.05 with
    # this many places and permutations), flag some place in at most alpha of null runs.
    weights = lattice(12, queen=True)
    rng = np.random.default_rng(12)
    runs, flagged = 200, 0
    for run in range(runs):
        x = rng.poisson(8, size=weights.n)
        result = getis_ord_gi_star(
            x, weights, permutations=999, seed=run, adjustment="fdr_bh", basis="permutation"
        )
        flagged += any(result.hot) or any(result.cold)
    assert flagged / runs <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / runs)
