"""Figures of a released (public) edition, derived from the counts a reader sees."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from saferinsight.analysis.release import (
    ReleasedTest,
    released_change,
    released_proportion,
    released_rate,
    released_share,
    released_test,
)
from saferinsight.reports.disclosure import DEFAULT_RULE, protect_count
from saferinsight.stats.change import change_test
from saferinsight.stats.intervals import proportion


def shown(n: int) -> int | None:
    """The default rule: 1 to 7 suppressed, others to the nearest 5."""
    text = protect_count(n, DEFAULT_RULE, thousands=False)
    return None if text == DEFAULT_RULE.symbol else int(text)


def candidates(shown_value: int | None) -> range:
    return DEFAULT_RULE.candidates(shown_value)


def test_a_released_interval_is_that_of_the_printed_counts() -> None:
    # DVPN South Worcester: 13 of 15 printed as 15 of 15 beside the interval of 13 of 15
    # ("100% (62.1% to 96.3%)") put the percentage outside its own interval.
    released = released_proportion(13, 15, shown)
    assert released is not None
    assert released == proportion(15, 15)
    assert released.interval.lower <= released.value <= released.interval.upper
    assert released_proportion(6, 186, shown) is None  # robbery 6 of 186: suppressed
    assert released_proportion(8, 0, shown) is None


def test_a_released_test_prints_the_released_p_value_and_the_true_verdict() -> None:
    truth = change_test(293, 233, current_exposure=90, previous_exposure=92)
    released = released_test(truth, 295, 235, candidates)
    assert released.test == change_test(295, 235, current_exposure=90, previous_exposure=92)
    assert released.verdict == truth.verdict == "a statistically significant rise"


def test_a_verdict_that_would_narrow_the_rounding_is_not_stated() -> None:
    # 22 against 8 is a rise at p < 0.05; 18 against 12 (also printed 20 and 10) is not.
    truth = change_test(22, 8)
    assert truth.significant
    assert not change_test(18, 12).significant
    assert released_test(truth, 20, 10, candidates).verdict is None
    assert released_test(truth, None, 10, candidates) == ReleasedTest(None, None)


@given(st.integers(0, 400), st.integers(0, 400))
def test_a_stated_verdict_is_the_true_one_and_holds_for_every_candidate(
    current: int, previous: int
) -> None:
    truth = change_test(current, previous)
    released = released_test(truth, shown(current), shown(previous), candidates)
    if released.verdict is not None:
        assert released.verdict == truth.verdict
        for a in candidates(shown(current)):
            for b in candidates(shown(previous)):
                assert change_test(a, b).verdict == truth.verdict


def test_derived_figures_use_the_released_values() -> None:
    assert released_share(786, 17_712, shown) == 785 / 17_710 * 100
    assert released_share(5, 100, shown) is None  # the part is suppressed
    assert released_share(786, 0, shown) is None
    assert released_rate(786, 98_000, shown) == 785 / 98_000 * 1000
    assert released_rate(3, 98_000, shown) is None
    change = released_change(1_232, 1_018, shown)
    assert change is not None
    assert (change.current, change.previous, change.change) == (1_230, 1_020, 210)
    assert change.pct_change == 210 / 1_020 * 100
    assert released_change(12, 0, shown).pct_change is None  # type: ignore[union-attr]
    assert released_change(12, 3, shown) is None


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_the_full_edition_derives_from_the_counts_themselves(part: int, whole: int) -> None:
    share = released_share(part, whole, lambda n: n)
    assert share == (part / whole * 100 if whole else None)
    change = released_change(part, whole, lambda n: n)
    assert change is not None
    assert change.change == part - whole
