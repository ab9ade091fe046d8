"""SPC charts: limits against hand formulas, each special-cause rule on small series."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferinsight.stats.spc import SPCResult, c_chart, u_chart, xmr_chart

# Two stable 12-point baselines with mean 5 and every moving range 10, so the limits are
# 5 +/- 26.6 (-21.6 to 31.6) and the two-sigma lines 5 +/- 17.733 (-12.733 to 22.733).
# UP_END ends on 10 (above the mean), DOWN_END on 0 (below it).
UP_END = [0.0, 10.0] * 6
DOWN_END = [10.0, 0.0] * 6

OUTSIDE = "outside limits"
TREND = "trend"
TWO_OF_THREE = "two of three beyond two sigma"
SHIFT = "shift"


def flagged(chart: SPCResult, rule: str | None = None) -> list[int]:
    """Positions of the flagged points (those triggering ``rule``, if given)."""
    return [
        i
        for i, point in enumerate(chart.points)
        if point.special_cause and (rule is None or rule in point.rules)
    ]


def test_xmr_limits_by_hand() -> None:
    chart = xmr_chart(DOWN_END)
    assert chart.chart == "XmR"
    assert chart.centre == 5.0
    assert chart.mean_moving_range == 10.0
    assert chart.sigma == pytest.approx(10 / 1.128)
    point = chart.points[0]
    assert point.upper == pytest.approx(31.6)
    assert point.lower == pytest.approx(-21.6)
    assert point.upper_two_sigma == pytest.approx(5 + 2 / 3 * 26.6)
    assert point.lower_two_sigma == pytest.approx(5 - 2 / 3 * 26.6)
    assert flagged(chart) == []
    assert chart.summary() == "common cause variation only: no signal"


def test_screening_a_large_moving_range_narrows_the_limits() -> None:
    values = [10, 11, 10, 11, 10, 30, 10, 11, 10, 11, 10, 11]
    # Moving ranges: nine of 1 and two of 20, mean 49/11 = 4.45. Screening drops those of at
    # least 3.267 x 4.45 = 14.55 (the two 20s), leaving a mean of 1.
    mean = sum(values) / 12
    screened = xmr_chart(values)
    unscreened = xmr_chart(values, screen_moving_ranges=False)
    assert screened.mean_moving_range == pytest.approx(1.0)
    assert unscreened.mean_moving_range == pytest.approx(49 / 11)
    assert screened.points[0].upper == pytest.approx(mean + 2.66)
    assert unscreened.points[0].upper == pytest.approx(mean + 2.66 * 49 / 11)
    assert screened.centre == unscreened.centre == pytest.approx(mean)
    assert flagged(screened, OUTSIDE) == [5]


def test_outside_limits() -> None:
    chart = xmr_chart([*DOWN_END, 32, 5, -22], baseline=12)
    assert flagged(chart) == [12, 14]
    high, low = chart.points[12], chart.points[14]
    assert (high.rules, high.side) == ((OUTSIDE,), "high")
    assert (low.rules, low.side) == ((OUTSIDE,), "low")
    # On the limit is not outside it.
    assert flagged(xmr_chart([*DOWN_END, 31.6 - 1e-9], baseline=12)) == []


def test_seven_point_trend_flags_every_point_of_the_run() -> None:
    chart = xmr_chart([*UP_END, 1, 2, 3, 4, 6, 7, 8], baseline=12)
    assert flagged(chart) == list(range(12, 19))
    assert all(chart.points[i].rules == (TREND,) for i in range(12, 19))
    assert {chart.points[i].side for i in range(12, 19)} == {"high"}


def test_six_rising_points_are_a_trend_only_with_run_length_six() -> None:
    values = [*UP_END, 1, 2, 3, 4, 6, 7]
    assert flagged(xmr_chart(values, baseline=12)) == []
    chart = xmr_chart(values, baseline=12, run_length=6)
    assert flagged(chart, TREND) == list(range(12, 18))
    assert chart.run_length == 6


def test_equal_neighbours_break_a_trend() -> None:
    chart = xmr_chart([*UP_END, 1, 2, 3, 3, 4, 6, 7, 8], baseline=12)
    assert flagged(chart) == []


def test_longer_trend_is_flagged_whole() -> None:
    chart = xmr_chart([*UP_END, 1, 2, 3, 4, 5.5, 6, 7, 8, 9], baseline=12)
    assert flagged(chart, TREND) == list(range(12, 21))


def test_trend_side_is_its_direction_and_takes_precedence() -> None:
    # A falling run that sits above the mean: the trend rule (2) outranks two-of-three (3)
    # and the shift (4), so the points count as "low" although they are above the mean.
    chart = xmr_chart([*UP_END, 30, 28, 26, 24, 22, 20, 18], improvement="increase", baseline=12)
    first = chart.points[12]
    assert first.rules == (TREND, TWO_OF_THREE, SHIFT)
    assert first.side == "low"
    assert first.classification == "special cause concern"
    assert chart.points[18].rules == (TREND, SHIFT)


def test_peak_shared_by_two_trends_takes_the_later_direction() -> None:
    chart = xmr_chart([*UP_END, 1, 2, 3, 4, 6, 7, 8, 7, 6, 4, 3, 2, 1], baseline=12)
    assert flagged(chart) == list(range(12, 25))
    assert [chart.points[i].side for i in (12, 17, 18, 19, 24)] == [
        "high",
        "high",
        "low",
        "low",
        "low",
    ]
    assert chart.summary() == "special cause neutral: 7 points in a row falling, ending 25"


def test_two_of_three_beyond_two_sigma_on_the_same_side() -> None:
    chart = xmr_chart([*DOWN_END, 25, 6, 24], baseline=12)
    assert flagged(chart) == [12, 14]  # not the middle point, which is within two sigma
    assert chart.points[12].rules == (TWO_OF_THREE,)
    assert chart.points[12].side == "high"
    below = xmr_chart([*UP_END, -15, 4, -14], baseline=12)
    assert flagged(below) == [12, 14]
    assert below.points[14].side == "low"


def test_two_of_three_on_opposite_sides_is_not_a_signal() -> None:
    assert flagged(xmr_chart([*DOWN_END, 25, 6, -15], baseline=12)) == []
    assert flagged(xmr_chart([*DOWN_END, 25, -15, 6], baseline=12)) == []


def test_two_of_three_needs_all_three_points_on_one_side_of_the_mean() -> None:
    # 25 and 24 are beyond two sigma, but the point between them is below the mean.
    assert flagged(xmr_chart([*DOWN_END, 25, 4, 24], baseline=12)) == []


def test_one_point_beyond_two_sigma_is_not_a_signal() -> None:
    assert flagged(xmr_chart([*DOWN_END, 25, 6, 20], baseline=12)) == []


def test_points_beyond_three_sigma_count_towards_two_of_three() -> None:
    # Making Data Count's 2023 rule (NHSRplotthedots issue #194): 35 is outside the limits
    # and also counts as beyond two sigma, so 25 is flagged too.
    chart = xmr_chart([*DOWN_END, 25, 6, 35], baseline=12)
    assert flagged(chart) == [12, 14]
    assert chart.points[12].rules == (TWO_OF_THREE,)
    assert chart.points[14].rules == (OUTSIDE, TWO_OF_THREE)


def test_shift_of_seven_points() -> None:
    chart = xmr_chart(
        [*DOWN_END, 6, 7, 6, 7, 6, 7, 6], labels=[f"m{i}" for i in range(19)], baseline=12
    )
    assert flagged(chart) == list(range(12, 19))
    assert all(chart.points[i].rules == (SHIFT,) for i in range(12, 19))
    assert chart.summary() == "special cause neutral: 7 points in a row above the mean, ending m18"


def test_point_on_the_centre_line_breaks_a_shift() -> None:
    broken = [*DOWN_END, 6, 7, 6, 7, 6, 7, 5, 6, 7, 6, 7, 6, 7]
    assert xmr_chart(broken, baseline=12).centre == 5.0
    assert flagged(xmr_chart(broken, baseline=12)) == []
    six = xmr_chart(broken, baseline=12, run_length=6)
    assert flagged(six, SHIFT) == [*range(12, 18), *range(19, 25)]
    unbroken = [*DOWN_END, *[6, 7] * 6, 6]
    assert flagged(xmr_chart(unbroken, baseline=12), SHIFT) == list(range(12, 25))


def test_six_points_on_one_side_are_not_a_shift_at_seven() -> None:
    assert flagged(xmr_chart([*DOWN_END, 6, 7, 6, 7, 6, 7, 4], baseline=12)) == []


def test_baseline_sets_the_limits_and_short_baselines_are_trial_limits() -> None:
    values = [*DOWN_END[:6], 6, 4, 6, 4, 6, 4, 6, 4]
    chart = xmr_chart(values, baseline=6)
    assert chart.baseline_points == 6
    assert chart.centre == 5.0
    assert chart.mean_moving_range == 10.0
    assert chart.trial_limits
    assert chart.warnings == ("limits from 6 points are trial limits; at least 12 are recommended",)
    full = xmr_chart(values)
    assert full.baseline_points == 14
    assert not full.trial_limits
    assert full.warnings == ()
    assert xmr_chart(values[:8]).warnings == (
        "limits from 8 points are trial limits; at least 12 are recommended",
    )


def test_constant_series_has_zero_width_limits_and_no_signal() -> None:
    chart = xmr_chart([4.0] * 12)
    assert chart.mean_moving_range == 0.0
    assert chart.points[0].upper == chart.points[0].lower == 4.0
    assert flagged(chart) == []
    assert "no width" in chart.warnings[0]


def test_c_chart_limits_by_hand() -> None:
    counts = [16, 20, 25, 18, 21, 16, 24, 20, 19, 21, 17, 23]
    chart = c_chart(counts)
    assert chart.chart == "c"
    assert chart.centre == 20.0
    assert chart.sigma == pytest.approx(math.sqrt(20))
    assert chart.mean_moving_range is None
    point = chart.points[0]
    assert point.upper == pytest.approx(20 + 3 * math.sqrt(20))
    assert point.lower == pytest.approx(20 - 3 * math.sqrt(20))
    assert point.upper_two_sigma == pytest.approx(20 + 2 * math.sqrt(20))
    assert point.lower_two_sigma == pytest.approx(20 - 2 * math.sqrt(20))
    assert [p.value for p in chart.points] == [float(c) for c in counts]
    assert flagged(chart) == []
    assert flagged(c_chart([*counts, 34], baseline=12), OUTSIDE) == [12]


def test_c_chart_lower_limits_are_clipped_at_zero() -> None:
    chart = c_chart([3, 5, 4, 4, 3, 5, 0])
    assert chart.centre == pytest.approx(24 / 7)
    assert chart.points[0].lower == 0.0
    assert chart.points[0].lower_two_sigma == 0.0
    assert flagged(chart) == []  # a zero count is not below a limit of zero


def test_c_chart_baseline() -> None:
    chart = c_chart([4, 4, 5, 3, 9, 9, 9], baseline=4)
    assert chart.centre == 4.0
    assert chart.points[0].upper == pytest.approx(10.0)
    assert chart.trial_limits


def test_u_chart_limits_by_hand() -> None:
    counts, exposures = [30, 45, 28], [10_000, 15_000, 9_000]
    chart = u_chart(counts, exposures, per=1000)
    u = 103 / 34_000
    assert chart.chart == "u"
    assert chart.centre == pytest.approx(u * 1000)
    assert chart.sigma == pytest.approx(math.sqrt(u / (34_000 / 3)) * 1000)
    for point, count, n in zip(chart.points, counts, exposures, strict=True):
        assert point.value == pytest.approx(count / n * 1000)
        assert point.upper == pytest.approx((u + 3 * math.sqrt(u / n)) * 1000)
        assert point.lower == pytest.approx((u - 3 * math.sqrt(u / n)) * 1000)
        assert point.upper_two_sigma == pytest.approx((u + 2 * math.sqrt(u / n)) * 1000)
        assert point.lower_two_sigma == pytest.approx((u - 2 * math.sqrt(u / n)) * 1000)
        assert point.centre == chart.centre


def test_u_chart_lower_limit_clipped_and_baseline() -> None:
    chart = u_chart([1, 0, 2, 9], [100, 100, 100, 100], baseline=3)
    assert chart.centre == pytest.approx(0.01)
    assert chart.points[0].lower == 0.0
    assert chart.points[0].upper == pytest.approx(0.04)
    assert flagged(chart, OUTSIDE) == [3]


@pytest.mark.parametrize(
    ("improvement", "high", "low"),
    [
        ("increase", "special cause improvement", "special cause concern"),
        ("decrease", "special cause concern", "special cause improvement"),
        ("neutral", "special cause neutral", "special cause neutral"),
    ],
)
def test_classification(improvement: str, high: str, low: str) -> None:
    chart = xmr_chart([*DOWN_END, 35, 5, -25], improvement=improvement, baseline=12)
    assert chart.improvement_direction == improvement
    assert (chart.points[12].side, chart.points[12].classification) == ("high", high)
    assert (chart.points[14].side, chart.points[14].classification) == ("low", low)
    common = chart.points[13]
    assert (common.side, common.classification, common.rules) == (None, "common cause", ())
    assert chart.signals() == (chart.points[12], chart.points[14])


def test_summaries() -> None:
    labels = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2025-{m:02d}" for m in range(1, 8)]
    shift = xmr_chart(
        [*DOWN_END, 6, 7, 6, 7, 6, 7, 6], labels=labels, improvement="decrease", baseline=12
    )
    assert shift.summary() == (
        "special cause concern: 7 points in a row above the mean, ending 2025-07"
    )
    trend = xmr_chart(
        [*UP_END, 1, 2, 3, 4, 6, 7, 8], labels=labels, improvement="increase", baseline=12
    )
    assert trend.summary() == (
        "special cause improvement: 7 points in a row rising, ending 2025-07"
    )
    outside = xmr_chart([*DOWN_END, -25], labels=labels[:13], improvement="decrease", baseline=12)
    assert outside.summary() == (
        "special cause improvement: a point below the lower process limit, at 2025-01"
    )
    two = xmr_chart([*DOWN_END, 25, 6, 24], labels=labels[:15], baseline=12)
    assert two.summary() == (
        "special cause neutral: two of three points beyond two sigma above the mean, ending 2025-03"
    )


def test_summary_counts_the_whole_run() -> None:
    long = xmr_chart([*DOWN_END, 6, 7, 6, 7, 6, 7, 6, 7, 6], baseline=12)
    assert long.summary() == "special cause neutral: 9 points in a row above the mean, ending 21"
    # The run includes a point outside the limits, whose first rule is "outside limits".
    mixed = xmr_chart([*DOWN_END, 6, 7, 40, 6, 7, 6, 7], baseline=12)
    assert mixed.points[14].rules == (OUTSIDE, SHIFT)
    assert mixed.summary() == "special cause neutral: 7 points in a row above the mean, ending 19"


def test_inputs_are_not_mutated_and_results_are_frozen() -> None:
    values = [*DOWN_END, 35]
    copy = list(values)
    chart = xmr_chart(values)
    assert values == copy
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.centre = 0.0


def test_default_labels_count_from_one() -> None:
    assert [p.label for p in xmr_chart([1, 2, 3]).points] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xmr_chart([1.0]), "at least 2 points"),
        (lambda: xmr_chart([]), "at least 2 points"),
        (lambda: xmr_chart([1, 2, 3], baseline=1), "baseline"),
        (lambda: xmr_chart([1, 2, 3], baseline=4), "baseline"),
        (lambda: xmr_chart([1, 2, 3], labels=["a", "b"]), "labels"),
        (lambda: xmr_chart([1, 2, 3], run_length=5), "run_length"),
        (lambda: xmr_chart([1, 2, 3], improvement="up"), "improvement"),
        (lambda: xmr_chart([1, float("nan"), 3]), "finite"),
        (lambda: c_chart([1, -2, 3]), "negative"),
        (lambda: c_chart([1, 2.5, 3]), "whole number"),
        (lambda: u_chart([1, 2, 3], [1, 2]), "differ in length"),
        (lambda: u_chart([1, 2, 3], [1, 0, 2]), "exposure"),
        (lambda: u_chart([1, 2, 3], [1, 1, 1], per=0), "per"),
    ],
)
def test_invalid_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def window_reference(values: list[float], run_length: int) -> list[set[str]]:
    """The rules by their window definitions (the NHSRplotthedots formulation), for checking."""
    chart = xmr_chart(values, run_length=run_length)
    n, centre = len(values), chart.centre
    pts = chart.points
    side = [(v > centre) - (v < centre) for v in values]
    steps = [(b > a) - (b < a) for a, b in itertools.pairwise(values)]
    beyond = [p.value > p.upper_two_sigma or p.value < p.lower_two_sigma for p in pts]
    rules: list[set[str]] = [set() for _ in range(n)]
    for i, p in enumerate(pts):
        if p.value > p.upper or p.value < p.lower:
            rules[i].add(OUTSIDE)
    for s in range(n - run_length + 1):
        window = steps[s : s + run_length - 1]
        if window[0] != 0 and all(d == window[0] for d in window):
            for i in range(s, s + run_length):
                rules[i].add(TREND)
        sides = side[s : s + run_length]
        if sides[0] != 0 and all(x == sides[0] for x in sides):
            for i in range(s, s + run_length):
                rules[i].add(SHIFT)
    for s in range(n - 2):
        same_side = side[s] != 0 and side[s] == side[s + 1] == side[s + 2]
        if same_side and sum(beyond[s : s + 3]) >= 2:
            for i in range(s, s + 3):
                if beyond[i]:
                    rules[i].add(TWO_OF_THREE)
    return rules


@settings(database=None, deadline=None, max_examples=300)
@given(
    values=st.lists(st.integers(0, 12).map(float), min_size=2, max_size=40),
    run_length=st.sampled_from([6, 7]),
)
def test_rules_match_their_window_definitions(values: list[float], run_length: int) -> None:
    chart = xmr_chart(values, run_length=run_length)
    expected = window_reference(values, run_length)
    order = [OUTSIDE, TREND, TWO_OF_THREE, SHIFT]
    for point, rules in zip(chart.points, expected, strict=True):
        assert point.rules == tuple(rule for rule in order if rule in rules)
        assert point.special_cause == bool(rules)
        assert (point.side is None) == (not rules)
        assert (point.classification == "common cause") == (not rules)
    assert chart.signals() == tuple(p for p in chart.points if p.special_cause)
    assert isinstance(chart.summary(), str)


# -- signals: every run a rule flags, not only the latest -------------------------------------


def signal_rows(chart: SPCResult) -> list[tuple[str, str, str, tuple[int, ...]]]:
    return [(s.rule, s.side, s.classification, s.positions) for s in chart.special_causes]


def test_every_signal_of_every_rule_is_kept_with_its_points_and_direction() -> None:
    # Baseline DOWN_END (mean 5, limits -21.6 to 31.6, two sigma -12.733 to 22.733), then:
    # 12: 35 above the upper limit; 13, 14: 25 and 24 (two of three beyond two sigma, above,
    # with 12); 15-18: back to 5/0; 19: -25 below the lower limit.
    values = [*DOWN_END, 35, 25, 24, 5, 0, 10, 0, -25]
    chart = xmr_chart(values, improvement="decrease", baseline=12)
    assert signal_rows(chart) == [
        (OUTSIDE, "high", "special cause concern", (12,)),
        (OUTSIDE, "low", "special cause improvement", (19,)),
        (TWO_OF_THREE, "high", "special cause concern", (12, 13, 14)),
    ]
    outside_low = chart.special_causes[1]
    assert outside_low.values == (-25.0,)
    assert outside_low.limits == (pytest.approx(-21.6),)
    # The old summary named only the latest signal; every signal is described.
    assert chart.summary().startswith("special cause improvement")
    from saferinsight.stats.spc import describe_signals

    # Default labels count from 1.
    text = describe_signals(chart.special_causes, level=lambda v: f"{v:.1f}")
    assert text == (
        "special cause concern in 13 (35, above the upper process limit of 31.6) and in 13, "
        "14 and 15 (two of three points beyond two sigma above the mean); special cause "
        "improvement in 20 (-25, below the lower process limit of -21.6)"
    )


def test_trend_and_shift_signals_are_whole_runs() -> None:
    # Two trends sharing their peak (12: rising 6-12, falling 12-18), and a shift.
    rising = [1.0, 2, 3, 4, 5, 6, 7]
    values = [*UP_END[:6], *rising, 6, 5, 4, 3, 2, 1]
    chart = xmr_chart(values, baseline=6)
    trends = [s for s in chart.special_causes if s.rule == TREND]
    assert [(s.side, s.positions) for s in trends] == [
        ("high", tuple(range(6, 13))),
        ("low", tuple(range(12, 19))),
    ]
    assert trends[0].describe(noun="months") == "7 to 13 (7 months in a row rising)"
    shift = xmr_chart([*DOWN_END, 6, 7, 6, 7, 6, 7, 6, 7, 6], baseline=12)
    assert signal_rows(shift) == [(SHIFT, "high", "special cause neutral", tuple(range(12, 21)))]
    assert shift.special_causes[0].describe() == "13 to 21 (9 points in a row above the mean)"


def test_overlapping_two_of_three_windows_are_one_signal_and_separate_ones_two() -> None:
    # 12 and 14 beyond two sigma above (window 12-14), then 15 (window 13-15 and 14-16): one
    # signal; after a return below the mean, 20 and 21 beyond again: a second signal.
    values = [*DOWN_END, 25, 6, 24, 25, 6, 0, 0, 0, 25, 25, 6]
    chart = xmr_chart(values, baseline=12)
    two = [s.positions for s in chart.special_causes if s.rule == TWO_OF_THREE]
    assert two == [(12, 14, 15), (20, 21)]


def test_signals_within_a_period_leave_out_those_that_ended_before() -> None:
    labels = [f"m{i}" for i in range(20)]
    values = [*DOWN_END, -25, 5, 0, 10, 0, 10, 0, 35]
    chart = xmr_chart(values, labels=labels, baseline=12)
    assert [s.labels for s in chart.special_causes] == [("m12",), ("m19",)]
    assert [s.labels for s in chart.signals_within(labels[14:])] == [("m19",)]
    assert chart.signals_within(labels[13:19]) == ()


@given(values=st.lists(st.integers(0, 12).map(float), min_size=2, max_size=40))
def test_signals_account_for_every_flagged_point(values: list[float]) -> None:
    chart = xmr_chart(values)
    for i, point in enumerate(chart.points):
        rules = {s.rule for s in chart.special_causes if i in s.positions}
        assert rules == set(point.rules)
    for signal in chart.special_causes:
        assert signal.labels == tuple(chart.points[i].label for i in signal.positions)
        assert signal.values == tuple(chart.points[i].value for i in signal.positions)
