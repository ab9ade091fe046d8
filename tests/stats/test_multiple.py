"""Corrections for the number of tests: Holm and Benjamini-Hochberg against statsmodels, and
the false-positive rate they keep on data with no real change."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from saferinsight.stats.concentration import top_share
from saferinsight.stats.multiple import adjust_p_values


@pytest.mark.parametrize(("ours", "theirs"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_adjusted_p_values_agree_with_statsmodels(ours: str, theirs: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(100):
        p = rng.uniform(size=int(rng.integers(1, 40))) ** 3
        expected = multipletests(p, method=theirs)[1]
        assert np.allclose(adjust_p_values(p, method=ours), expected)


def test_ties_and_ones_stay_in_range() -> None:
    assert adjust_p_values([0.02, 0.02, 1.0]) == pytest.approx((0.06, 0.06, 1.0))
    assert adjust_p_values([0.5] * 4, method="bh") == pytest.approx((0.5,) * 4)


@pytest.mark.parametrize("bad", [[-0.1], [1.5], [float("nan")]])
def test_a_p_value_outside_0_to_1_is_refused(bad: list[float]) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        adjust_p_values(bad)


def test_an_unknown_correction_is_refused() -> None:
    with pytest.raises(ValueError, match="holm, bh"):
        adjust_p_values([0.1], method="bonferroni")


def test_concentration_against_chance() -> None:
    wards = dict.fromkeys((f"w{i}" for i in range(50)), 1.0)
    even = top_share(dict.fromkeys(wards, 20), wards)
    assert even is not None
    assert even.places == 5
    assert even.observed == pytest.approx(0.1)
    # With 20 events a ward, chance alone puts a little more than a tenth in the top tenth.
    assert 0.1 < even.expected < 0.2
    gathered = top_share({"w0": 500, "w1": 300, **{f"w{i}": 4 for i in range(2, 50)}}, wards)
    assert gathered is not None
    assert gathered.observed == pytest.approx((500 + 300 + 3 * 4) / (800 + 48 * 4))
    assert gathered.observed > 0.7 > gathered.expected
    # Few events: every event is in the top tenth, and chance says nearly as much.
    sparse = top_share({"w0": 1, "w1": 1, "w2": 1}, wards)
    assert sparse is not None
    assert sparse.observed == pytest.approx(1.0)
    assert sparse.expected > 0.9
