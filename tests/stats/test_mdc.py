"""The Making Data Count icons: the variation of the latest point, the assurance of a target."""

from __future__ import annotations

import pytest

from saferinsight.stats.mdc import ASSURANCES, VARIATIONS, assurance, variation
from saferinsight.stats.spc import xmr_chart

STEADY = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13]


@pytest.mark.parametrize(
    ("last", "improvement", "key"),
    [
        (40, "decrease", "concern-high"),
        (40, "increase", "improvement-high"),
        (40, "neutral", "neutral-high"),
        (-20, "decrease", "improvement-low"),
        (-20, "increase", "concern-low"),
        (11, "decrease", "common-cause"),
    ],
)
def test_the_variation_icon_is_that_of_the_latest_point(
    last: int, improvement: str, key: str
) -> None:
    chart = xmr_chart([*STEADY, last], baseline=12, improvement=improvement)
    icon = variation(chart)
    assert icon.key == key
    assert icon.label == VARIATIONS[key]


def test_an_earlier_signal_does_not_set_the_icon() -> None:
    chart = xmr_chart([*STEADY[:6], 40, *STEADY[6:]], baseline=13, improvement="decrease")
    assert chart.points[6].special_cause
    assert variation(chart).key == "common-cause"


def test_assurance_compares_the_target_with_the_limits() -> None:
    chart = xmr_chart(STEADY, improvement="decrease")
    upper, lower = chart.points[-1].upper, chart.points[-1].lower
    assert upper is not None
    assert lower is not None
    assert assurance(chart, upper + 1).key == "pass"  # the process stays below the target
    assert assurance(chart, lower - 1).key == "fail"
    assert assurance(chart, (upper + lower) / 2).key == "hit-and-miss"
    rising = xmr_chart(STEADY, improvement="increase")
    assert assurance(rising, lower - 1).key == "pass"
    assert assurance(rising, lower - 1).label == ASSURANCES["pass"]
    assert assurance(chart, None) is None
    assert assurance(xmr_chart(STEADY, improvement="neutral"), 5.0) is None
