"""The NHS "Making Data Count" icons of an SPC chart: what its variation and its assurance say,
in the few words a dashboard tile can hold.

The variation icon describes the most recent point of the chart (NHS England, *Making Data
Count: Getting started*, 2019, and its SPC icon guidance of 2023): common cause variation, or a
special cause on the high or low side that is an improvement, a concern, or neither (when the
measure has no better direction). The assurance icon compares a target with the process limits:
a target outside the limits on the side the process never reaches is consistently failed, on the
side it always stays is consistently passed; a target between the limits is hit and miss. A
chart without a target, or a measure without a direction of improvement, has no assurance icon.
These are descriptions of the chart; the tests of special cause (and their null hypothesis:
every point comes from one stable process) are :mod:`saferinsight.stats.spc`'s.

Examples
--------
>>> from saferinsight.stats.spc import xmr_chart
>>> quiet = xmr_chart([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6], improvement="decrease")
>>> variation(quiet).key, variation(quiet).label
('common-cause', 'Common cause variation: no signal of change')
>>> spike = xmr_chart([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 20], baseline=12,
...                   improvement="decrease")
>>> variation(spike).key
'concern-high'
>>> assurance(spike, None) is None, assurance(quiet, 10.0).key, assurance(quiet, 5.5).key
(True, 'pass', 'hit-and-miss')
"""

from __future__ import annotations

from dataclasses import dataclass

from saferinsight.stats.spc import CONCERN, IMPROVEMENT, NEUTRAL, SPCResult

__all__ = ["ASSURANCES", "VARIATIONS", "Icon", "assurance", "variation"]

#: Variation icons: key -> plain words (the icon's text alternative).
VARIATIONS = {
    "common-cause": "Common cause variation: no signal of change",
    "improvement-high": "Special cause variation: an improvement, high values",
    "improvement-low": "Special cause variation: an improvement, low values",
    "concern-high": "Special cause variation: a concern, high values",
    "concern-low": "Special cause variation: a concern, low values",
    "neutral-high": "Special cause variation: unusually high values",
    "neutral-low": "Special cause variation: unusually low values",
}
#: Assurance icons: key -> plain words.
ASSURANCES = {
    "pass": "The target will be met consistently if nothing changes",
    "fail": "The target will be missed consistently if nothing changes",
    "hit-and-miss": "The target will be met in some months and missed in others",
}
_CLASS_KEYS = {IMPROVEMENT: "improvement", CONCERN: "concern", NEUTRAL: "neutral"}


@dataclass(frozen=True)
class Icon:
    """A Making Data Count icon: its key (what to draw) and its meaning in plain words."""

    key: str
    label: str


def variation(chart: SPCResult) -> Icon:
    """The variation icon of the chart's most recent point."""
    last = chart.points[-1]
    kind = _CLASS_KEYS.get(last.classification)
    if kind is None or last.side is None:
        return Icon("common-cause", VARIATIONS["common-cause"])
    key = f"{kind}-{last.side}"
    return Icon(key, VARIATIONS[key])


def assurance(chart: SPCResult, target: float | None) -> Icon | None:
    """The assurance icon of ``target`` against the chart's latest limits (None without a
    target, or for a measure with no direction of improvement)."""
    direction = chart.improvement_direction
    if target is None or direction == "neutral":
        return None
    last = chart.points[-1]
    lower = last.lower if last.lower is not None else float("-inf")
    upper = last.upper if last.upper is not None else float("inf")
    if lower <= target <= upper:
        key = "hit-and-miss"
    elif (target > upper) == (direction == "decrease"):
        key = "pass"  # the whole process lies on the good side of the target
    else:
        key = "fail"
    return Icon(key, ASSURANCES[key])
