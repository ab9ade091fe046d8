"""Ward change: a test per ward, corrected for the number of wards, so that on data with no
real change the chance of calling any ward worse stays at or below the nominal level."""

from __future__ import annotations

import numpy as np
import pytest

from saferinsight.analysis.ward_change import ward_changes
from saferinsight.core.periods import parse_period
from saferinsight.errors import OptionError
from saferinsight.stats.change import change_test

NOW = parse_period("2024/25")
BEFORE = NOW.previous()
ALPHA = 0.05


def _changes(counts: list[tuple[str, str, int, int]], correction: str = "holm") -> object:
    return ward_changes(
        counts,
        key="burglary",
        title="Burglary",
        counted="burglaries",
        improvement="decrease",
        current=NOW,
        previous=BEFORE,
        alpha=ALPHA,
        correction=correction,
    )


def _null_wards(rng: np.random.Generator, wards: int = 60) -> list[tuple[str, str, int, int]]:
    """Wards whose daily rate is the same in both years (2024/25 has 365 days, 2023/24 366)."""
    means = rng.uniform(5, 80, size=wards)
    now = rng.poisson(means * NOW.days / 365)
    before = rng.poisson(means * BEFORE.days / 365)
    return [
        (f"E{i:02}", f"Ward {i}", int(a), int(b))
        for i, (a, b) in enumerate(zip(now, before, strict=True))
    ]


@pytest.mark.slow
def test_with_no_real_change_the_corrected_false_alarm_rate_is_at_most_nominal() -> None:
    rng = np.random.default_rng(2025)
    runs = 300
    any_corrected = any_uncorrected = 0
    bh_any = 0
    for _ in range(runs):
        wards = _null_wards(rng)
        holm = _changes(wards)
        bh = _changes(wards, "bh")
        any_corrected += any(w.real for w in holm.wards)  # type: ignore[attr-defined]
        bh_any += any(w.real for w in bh.wards)  # type: ignore[attr-defined]
        any_uncorrected += any(w.test.significant for w in holm.wards)  # type: ignore[attr-defined]
    # Family-wise: the share of runs with any ward called changed (a binomial margin of 2.5
    # standard errors above the nominal rate allows for the simulation's own noise).
    margin = 2.5 * np.sqrt(ALPHA * (1 - ALPHA) / runs)
    assert any_corrected / runs <= ALPHA + margin
    # With no real change, every call is false: BH's false discovery rate is its family rate.
    assert bh_any / runs <= ALPHA + margin
    # Without the correction, most runs call at least one of 60 wards changed.
    assert any_uncorrected / runs > 0.5


def test_a_real_change_survives_and_the_tests_match_change_test() -> None:
    counts = [("E1", "Castle", 120, 50), ("E2", "Abbey", 30, 31), ("E3", "Quarry", 40, 80)]
    counts += [(f"E{i}", f"Ward {i}", 20, 20) for i in range(4, 30)]
    result = _changes(counts)
    assert [w.name for w in result.worse] == ["Castle"]
    assert [w.name for w in result.better] == ["Quarry"]
    castle = result.wards[0]
    expected = change_test(120, 50, current_exposure=NOW.days, previous_exposure=BEFORE.days)
    assert castle.test.p_value == expected.p_value
    # Holm: the smallest of 29 p-values is multiplied by 29.
    assert castle.adjusted_p == pytest.approx(min(1.0, 29 * expected.p_value))


def test_wards_with_no_events_are_not_tested_and_neutral_themes_are_neither() -> None:
    result = ward_changes(
        [("E1", "Castle", 120, 50), ("E2", "Abbey", 0, 0)],
        key="drugs",
        title="Drugs",
        counted="drug offences",
        improvement="neutral",
        current=NOW,
        previous=BEFORE,
    )
    assert [w.name for w in result.wards] == ["Castle"]
    assert result.wards[0].real
    assert result.worse == ()
    assert result.better == ()


def test_an_unknown_correction_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="correction"):
        _changes([("E1", "Castle", 1, 2)], "bonferroni")
