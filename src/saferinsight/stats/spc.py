"""Statistical process control charts: telling signal from noise (methods.md section 3.3).

XmR, c and u charts with the special-cause rules of NHS England's Making Data Count programme,
as implemented in NHSRplotthedots (``R/ptd_spc_standard.R`` and
``R/ptd_calculate_point_type.R``), reimplemented from its documented behaviour.

The rules, in precedence order; a point's side (and so its colour) comes from the first rule it
triggers:

1. ``"outside limits"``: the point is above the upper or below the lower process limit.
2. ``"trend"``: ``run_length`` (7, or 6 as the Making Data Count Excel tool allows) consecutive
   points each strictly higher (or strictly lower) than the one before. Equal neighbours break
   the run. Every point of the run is flagged; its side is the direction of the run ("high" for
   rising), not its position against the mean. A point shared by a rising and a falling run (a
   peak or a trough) takes the direction of the later run, as NHSRplotthedots does.
3. ``"two of three beyond two sigma"``: in some window of three consecutive points, all three lie
   on the same side of the mean and at least two lie beyond the two-sigma line on that side.
   Only the points beyond two sigma are flagged, not the third point of the window. Points
   beyond the three-sigma limits count as beyond two sigma, following Making Data Count's 2023
   change (NHSRplotthedots issue #194; NHSRplotthedots itself still counts only points between
   two and three sigma).
4. ``"shift"``: ``run_length`` or more consecutive points on the same side of the mean. A point
   exactly on the mean breaks the run. Every point of the run is flagged.

Rules are applied to every point, including those after the baseline that set the limits. Only
the standard library is imported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from saferinsight.stats.intervals import _as_count

__all__ = [
    "SPCPoint",
    "SPCResult",
    "SPCSignal",
    "c_chart",
    "describe_signals",
    "u_chart",
    "xmr_chart",
]

OUTSIDE_LIMITS = "outside limits"
TREND = "trend"
TWO_OF_THREE = "two of three beyond two sigma"
SHIFT = "shift"
#: The rules in precedence order.
RULES = (OUTSIDE_LIMITS, TREND, TWO_OF_THREE, SHIFT)

COMMON_CAUSE = "common cause"
IMPROVEMENT = "special cause improvement"
CONCERN = "special cause concern"
NEUTRAL = "special cause neutral"

#: XmR constants: 2.66 = 3 / d2 with d2 = 1.128; 3.267 = D4 for moving ranges of two.
XMR_LIMIT = 2.66
D2 = 1.128
MR_SCREEN = 3.267
#: Limits from fewer baseline points than this are trial limits.
MIN_BASELINE = 12

_IMPROVEMENTS = ("increase", "decrease", "neutral")
_RUN_LENGTHS = (6, 7)


def _number(value: float) -> str:
    """A value as text: whole numbers without decimals, others to one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _and(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class SPCPoint:
    """One point of an SPC chart with its limits and signals.

    Attributes
    ----------
    label
        The point's label, such as ``"2025-03"``.
    value
        The plotted value (for a u chart, the rate per ``per``).
    centre
        The centre line (the mean of the baseline).
    upper, lower
        The process limits (three sigma). On c and u charts the lower limit is clipped at 0.
        ``None`` means no limit (not used by these charts).
    upper_two_sigma, lower_two_sigma
        The two-sigma lines used by the two-of-three rule (clipped at 0 on c and u charts).
    rules
        The special-cause rules this point triggers, in precedence order.
    special_cause
        Whether it triggers any rule.
    side
        ``"high"`` or ``"low"`` for a special-cause point, from the first rule it triggers;
        ``None`` otherwise.
    classification
        ``"common cause"``, ``"special cause improvement"``, ``"special cause concern"`` or
        ``"special cause neutral"``.
    """

    label: str
    value: float
    centre: float
    upper: float | None
    lower: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    rules: tuple[str, ...]
    special_cause: bool
    side: str | None
    classification: str


@dataclass(frozen=True)
class SPCSignal:
    """One special-cause signal: the points that one rule flags together.

    Attributes
    ----------
    rule
        The rule: ``"outside limits"``, ``"trend"``, ``"two of three beyond two sigma"`` or
        ``"shift"``.
    side
        ``"high"`` or ``"low"``: the side of the limits or the mean, or for a trend its
        direction (``"high"`` for rising).
    classification
        ``"special cause improvement"``, ``"special cause concern"`` or
        ``"special cause neutral"``, from the side and the chart's improvement direction.
    positions, labels, values
        The flagged points (their positions in the chart, from 0), in order. A run (trend or
        shift) flags consecutive points; consecutive points beyond the same limit are one
        signal; two-of-three windows that overlap on one side are one signal, which flags only
        its points beyond two sigma.
    limits
        For ``"outside limits"``, the limit each point crossed; otherwise empty.
    """

    rule: str
    side: str
    classification: str
    positions: tuple[int, ...]
    labels: tuple[str, ...]
    values: tuple[float, ...]
    limits: tuple[float, ...] = ()

    def describe(
        self,
        *,
        label: Callable[[str], str] = str,
        value: Callable[[float], str] | None = _number,
        level: Callable[[float], str] = _number,
        noun: str = "points",
    ) -> str:
        """Its points and what they did, such as ``'13 (20, above the upper process limit of
        15.6)'``; ``label``, ``value`` and ``level`` write point labels, values and limits
        (``value=None`` leaves the values out).

        Examples
        --------
        >>> chart = xmr_chart([10, 12, 11, 13, 12, 11, 12, 10, 11, 12, 13, 12, 20])
        >>> [signal.describe() for signal in chart.special_causes]
        ['13 (20, above the upper process limit of 15.6)']
        >>> falling = xmr_chart([9, 8, 7, 6, 5, 4, 3, 5, 6, 5, 6, 5], labels=list("abcdefghijkl"))
        >>> trend = next(signal for signal in falling.special_causes if signal.rule == "trend")
        >>> trend.describe(label=str.upper, noun="months")
        'A to G (7 months in a row falling)'
        """
        high = self.side == "high"
        if self.rule == OUTSIDE_LIMITS:
            where = "above the upper" if high else "below the lower"
            limits = sorted(set(self.limits))
            limit = "limit of " if len(limits) == 1 else "limits of "
            values = f"{_and(value(v) for v in self.values)}, " if value is not None else ""
            return (
                f"{_and(label(x) for x in self.labels)} ({values}{where} process {limit}"
                f"{_and(level(x) for x in limits)})"
            )
        if self.rule == TWO_OF_THREE:
            where = "above" if high else "below"
            return (
                f"{_and(label(x) for x in self.labels)} (two of three {noun} beyond two sigma "
                f"{where} the mean)"
            )
        span = f"{label(self.labels[0])} to {label(self.labels[-1])}"
        if self.rule == TREND:
            moving = "rising" if high else "falling"
            return f"{span} ({len(self.labels)} {noun} in a row {moving})"
        where = "above" if high else "below"
        return f"{span} ({len(self.labels)} {noun} in a row {where} the mean)"


@dataclass(frozen=True)
class SPCResult:
    """An SPC chart: its points, limits, the settings used and any warnings.

    Attributes
    ----------
    chart
        ``"XmR"``, ``"c"`` or ``"u"``.
    points
        One :class:`SPCPoint` per value, in order.
    centre
        The centre line.
    sigma
        One sigma: ``MRbar / 1.128`` for XmR (after screening), ``sqrt(cbar)`` for c, and for u
        the sigma at the mean baseline exposure, ``sqrt(ubar / nbar) * per`` (the u chart's
        actual sigma varies from point to point with the exposure).
    mean_moving_range
        The average moving range (after screening) for XmR; ``None`` for c and u.
    baseline_points
        How many points, from the start, set the centre and limits.
    trial_limits
        ``baseline_points < 12``: the limits are provisional.
    improvement_direction
        ``"increase"``, ``"decrease"`` or ``"neutral"``.
    run_length
        Points needed for a trend or a shift (7, or 6).
    warnings
        Plain-English cautions, such as trial limits.
    special_causes
        Every special-cause signal, in rule order then time order (:class:`SPCSignal`).
    """

    chart: str
    points: tuple[SPCPoint, ...]
    centre: float
    sigma: float
    mean_moving_range: float | None
    baseline_points: int
    trial_limits: bool
    improvement_direction: str
    run_length: int
    warnings: tuple[str, ...]
    special_causes: tuple[SPCSignal, ...] = ()

    def signals(self) -> tuple[SPCPoint, ...]:
        """The special-cause points, in order."""
        return tuple(point for point in self.points if point.special_cause)

    def signals_within(self, labels: Collection[str]) -> tuple[SPCSignal, ...]:
        """The special-cause signals with at least one flagged point among ``labels`` (for
        example the months of a reporting period); signals that ended before are left out.

        Examples
        --------
        >>> chart = xmr_chart([5, 6, 5, 6, 5, 6, 5, 6, 9, 9, 9, 9, 9, 9, 9, 5, 5, 6], baseline=8)
        >>> [(s.rule, s.labels[0], s.labels[-1]) for s in chart.signals_within({"15", "16"})]
        [('outside limits', '9', '15'), ('two of three beyond two sigma', '9', '15'), \
('shift', '8', '15')]
        >>> chart.signals_within({"16", "17", "18"})
        ()
        """
        wanted = set(labels)
        return tuple(s for s in self.special_causes if wanted.intersection(s.labels))

    def summary(self) -> str:
        """One plain-English sentence on the most recent signal, or that there is none.

        Examples
        --------
        >>> xmr_chart([5, 6, 5, 6, 5, 6, 5, 6]).summary()
        'common cause variation only: no signal'
        >>> chart = xmr_chart([5, 6, 5, 6, 5, 6, 5, 6, 9, 9, 9, 9, 9, 9, 9], baseline=8)
        >>> chart.summary()
        'special cause neutral: a point above the upper process limit, at 15'
        """
        flagged = [i for i, point in enumerate(self.points) if point.special_cause]
        if not flagged:
            return "common cause variation only: no signal"
        last = flagged[-1]
        point = self.points[last]
        return f"{point.classification}: {self._describe(last)}"

    def _describe(self, end: int) -> str:
        point = self.points[end]
        rule, high = point.rules[0], point.side == "high"
        if rule == OUTSIDE_LIMITS:
            where = "above the upper" if high else "below the lower"
            return f"a point {where} process limit, at {point.label}"
        if rule == TWO_OF_THREE:
            where = "above" if high else "below"
            return f"two of three points beyond two sigma {where} the mean, ending {point.label}"
        start = end
        while start > 0 and rule in self.points[start - 1].rules:
            before, after = self.points[start - 1].value, self.points[start].value
            if rule == TREND:
                same = before != after and (after > before) == high
            else:
                same = before != point.centre and (before > point.centre) == high
            if not same:
                break
            start -= 1
        count = end - start + 1
        if rule == TREND:
            moving = "rising" if high else "falling"
            return f"{count} points in a row {moving}, ending {point.label}"
        where = "above" if high else "below"
        return f"{count} points in a row {where} the mean, ending {point.label}"


def describe_signals(
    signals: Sequence[SPCSignal],
    *,
    label: Callable[[str], str] = str,
    value: Callable[[float], str] | None = _number,
    level: Callable[[float], str] = _number,
    noun: str = "points",
    suffix: Callable[[SPCSignal], str] | None = None,
) -> str:
    """Every signal of ``signals`` in one phrase, grouped by classification in the order each
    first appears, or that there is none. Formatters as :meth:`SPCSignal.describe`;
    ``suffix`` adds text after a signal's description.

    Examples
    --------
    >>> chart = xmr_chart([10, 12, 11, 13, 12, 11, 12, 10, 11, 12, 13, 12, 20, 6, 11],
    ...                   improvement="decrease", baseline=12)
    >>> describe_signals(chart.special_causes)
    'special cause concern in 13 (20, above the upper process limit of 15.0); special cause \
improvement in 14 (6, below the lower process limit of 8.2)'
    >>> describe_signals(())
    'common cause variation only: no signal'
    """
    if not signals:
        return "common cause variation only: no signal"
    groups: dict[str, list[str]] = {}
    for signal in sorted(signals, key=lambda s: (s.positions[0], RULES.index(s.rule))):
        text = signal.describe(label=label, value=value, level=level, noun=noun)
        text += suffix(signal) if suffix is not None else ""
        groups.setdefault(signal.classification, []).append(f"in {text}")
    return "; ".join(f"{kind} {_and(texts)}" for kind, texts in groups.items())


def xmr_chart(
    values: Sequence[float],
    *,
    labels: Sequence[str] | None = None,
    improvement: str = "neutral",
    baseline: int | None = None,
    run_length: int = 7,
    screen_moving_ranges: bool = True,
) -> SPCResult:
    """An XmR (individuals and moving range) chart with Making Data Count rules.

    Parameters
    ----------
    values
        The series in time order, with no gaps (for example monthly counts or rates).
    labels
        A label per value, such as ``"2025-03"``; by default ``"1"``, ``"2"``, ...
    improvement
        Which direction is better: ``"increase"``, ``"decrease"`` or ``"neutral"`` (the default,
        for volumes where neither direction is simply good).
    baseline
        Use the first ``baseline`` points for the mean and limits (``fix_after_n_points`` in
        NHSRplotthedots); ``None`` uses them all. At least 12 are recommended.
    run_length
        Points needed for a trend or a shift: 7, or 6 as the Making Data Count Excel tool allows.
    screen_moving_ranges
        Drop moving ranges of at least 3.267 times the average before recomputing it, so that
        one outlier does not widen the limits.

    Returns
    -------
    SPCResult

    Raises
    ------
    ValueError
        On fewer than 2 values, values that are not finite, a baseline outside 2 to
        ``len(values)``, labels of the wrong length, or an unknown option.

    Notes
    -----
    Null hypothesis (for every point): the process is stable, varying only by common causes
    around a constant mean. The rules are two-sided: signals above and below the mean count.

    With :math:`\\bar{x}` the baseline mean and :math:`\\overline{MR}` the average of the
    moving ranges :math:`|x_i - x_{i-1}|` within the baseline (after screening), the process
    limits are :math:`\\bar{x} \\pm 2.66\\,\\overline{MR}` and the two-sigma lines
    :math:`\\bar{x} \\pm \\tfrac{2}{3} 2.66\\,\\overline{MR}`. Sigma is reported as
    :math:`\\overline{MR} / 1.128`. The limits assume roughly independent points; strong
    seasonality or autocorrelation produces false signals.

    References
    ----------
    Wheeler DJ (2000). *Understanding Variation: The Key to Managing Chaos*. SPC Press.
    NHS England and NHS Improvement (2019). *Making Data Count: Getting Started*.

    Examples
    --------
    >>> chart = xmr_chart([10, 12, 11, 13, 12, 11, 12, 10, 11, 12, 13, 12, 20])
    >>> round(chart.centre, 3), round(chart.points[0].upper, 3)
    (12.231, 15.616)
    >>> [point.label for point in chart.signals()]
    ['13']
    >>> chart.warnings
    ()
    """
    ys = _as_values(values)
    names = _as_labels(labels, len(ys))
    _check_options(improvement, run_length)
    k = _baseline(baseline, len(ys))
    base = ys[:k]
    centre = fmean(base)
    mean_range = fmean([abs(b - a) for a, b in itertools.pairwise(base)])
    if screen_moving_ranges and mean_range > 0:
        kept = [abs(b - a) for a, b in itertools.pairwise(base)]
        mean_range = fmean([r for r in kept if r < MR_SCREEN * mean_range])
    half = XMR_LIMIT * mean_range
    near = 2 / 3 * half
    warnings = _baseline_warnings(k)
    if mean_range == 0:
        warnings += ("every moving range in the baseline is 0, so the limits have no width",)
    n = len(ys)
    points, signals = _points(
        ys,
        names,
        centre,
        [centre + half] * n,
        [centre - half] * n,
        [centre + near] * n,
        [centre - near] * n,
        improvement,
        run_length,
    )
    return SPCResult(
        chart="XmR",
        points=points,
        centre=centre,
        sigma=mean_range / D2,
        mean_moving_range=mean_range,
        baseline_points=k,
        trial_limits=k < MIN_BASELINE,
        improvement_direction=improvement,
        run_length=run_length,
        warnings=warnings,
        special_causes=signals,
    )


def c_chart(
    counts: Sequence[int],
    *,
    labels: Sequence[str] | None = None,
    improvement: str = "neutral",
    baseline: int | None = None,
    run_length: int = 7,
) -> SPCResult:
    """A c chart for counts from a stable exposure, such as monthly crimes in a stable area.

    Parameters
    ----------
    counts
        The counts in time order, with no gaps.
    labels, improvement, baseline, run_length
        As for :func:`xmr_chart`.

    Returns
    -------
    SPCResult

    Raises
    ------
    ValueError
        On fewer than 2 counts, negative or fractional counts, a bad baseline or labels, or an
        unknown option.

    Notes
    -----
    Null hypothesis: each count is Poisson with a constant mean. The rules are two-sided.
    With :math:`\\bar{c}` the baseline mean, the limits are :math:`\\bar{c} \\pm 3\\sqrt{\\bar{c}}`
    and the two-sigma lines :math:`\\bar{c} \\pm 2\\sqrt{\\bar{c}}`, lower ones clipped at 0. Crime
    counts are often overdispersed (more variable than Poisson), which puts many points outside
    c-chart limits; if so, use :func:`xmr_chart`, whose limits come from the data.

    References
    ----------
    Montgomery DC (2019). *Introduction to Statistical Quality Control*, 8th ed., section 7.3.

    Examples
    --------
    >>> chart = c_chart([16, 20, 25, 18, 21, 16, 24, 20, 19, 21, 17, 23])
    >>> chart.centre, chart.sigma
    (20.0, 4.47213595499958)
    >>> round(chart.points[0].upper, 2), round(chart.points[0].lower, 2)
    (33.42, 6.58)
    """
    cs = [float(_as_count(count, "count")) for count in counts]
    names = _as_labels(labels, len(cs))
    _check_options(improvement, run_length)
    k = _baseline(baseline, len(cs))
    centre = fmean(cs[:k])
    return _attribute_chart(
        "c",
        cs,
        names,
        centre,
        [math.sqrt(centre)] * len(cs),
        math.sqrt(centre),
        k,
        improvement=improvement,
        run_length=run_length,
    )


def u_chart(
    counts: Sequence[int],
    exposures: Sequence[float],
    *,
    labels: Sequence[str] | None = None,
    improvement: str = "neutral",
    baseline: int | None = None,
    run_length: int = 7,
    per: float = 1.0,
) -> SPCResult:
    """A u chart for rates with varying exposure, such as crimes per 1,000 residents by month.

    Parameters
    ----------
    counts
        The counts in time order, with no gaps.
    exposures
        The exposure of each count (population, or days in the month); all positive.
    labels, improvement, baseline, run_length
        As for :func:`xmr_chart`.
    per
        Multiplier for the plotted rates and limits, for example 1000 for a rate per 1,000
        when ``exposures`` are head counts.

    Returns
    -------
    SPCResult
        Values, centre, limits and sigma are all per ``per`` units of exposure.

    Raises
    ------
    ValueError
        On fewer than 2 counts, negative or fractional counts, exposures that are not positive,
        ``counts`` and ``exposures`` of different lengths, a bad baseline or labels, or an
        unknown option.

    Notes
    -----
    Null hypothesis: each count is Poisson with mean :math:`u\\,n_i` for a constant rate
    :math:`u`. The rules are two-sided. With :math:`\\bar{u} = \\sum c / \\sum n` over the
    baseline, point :math:`i` has limits :math:`\\bar{u} \\pm 3\\sqrt{\\bar{u}/n_i}` and two-sigma
    lines :math:`\\bar{u} \\pm 2\\sqrt{\\bar{u}/n_i}`, lower ones clipped at 0, all multiplied by
    ``per``. The result's ``sigma`` is the sigma at the mean baseline exposure. Overdispersion
    causes false signals as for :func:`c_chart`.

    References
    ----------
    Montgomery DC (2019). *Introduction to Statistical Quality Control*, 8th ed., section 7.3.

    Examples
    --------
    >>> chart = u_chart([30, 28, 32], [31, 28, 31], per=1)
    >>> chart.centre
    1.0
    >>> [round(point.upper, 3) for point in chart.points]
    [1.539, 1.567, 1.539]
    """
    cs = [_as_count(count, "count") for count in counts]
    ns = [_as_exposure(exposure) for exposure in exposures]
    if len(cs) != len(ns):
        raise ValueError(
            f"counts and exposures differ in length ({len(cs)} and {len(ns)}): "
            "give one exposure per count"
        )
    if not (math.isfinite(per) and per > 0):
        raise ValueError(f"per must be a positive multiplier such as 1000, got {per!r}")
    names = _as_labels(labels, len(cs))
    _check_options(improvement, run_length)
    k = _baseline(baseline, len(cs))
    rate = sum(cs[:k]) / sum(ns[:k])
    return _attribute_chart(
        "u",
        [c / n for c, n in zip(cs, ns, strict=True)],
        names,
        rate,
        [math.sqrt(rate / n) for n in ns],
        math.sqrt(rate / fmean(ns[:k])),
        k,
        improvement=improvement,
        run_length=run_length,
        per=per,
    )


def _attribute_chart(
    chart: str,
    values: list[float],
    names: list[str],
    centre: float,
    sigmas: list[float],
    sigma: float,
    k: int,
    *,
    improvement: str,
    run_length: int,
    per: float = 1.0,
) -> SPCResult:
    """A c or u chart: limits centre +/- 3 and 2 sigmas per point, clipped at 0, scaled by per."""
    points, signals = _points(
        [value * per for value in values] if per != 1.0 else values,
        names,
        centre * per,
        [(centre + 3 * s) * per for s in sigmas],
        [max(0.0, centre - 3 * s) * per for s in sigmas],
        [(centre + 2 * s) * per for s in sigmas],
        [max(0.0, centre - 2 * s) * per for s in sigmas],
        improvement,
        run_length,
    )
    return SPCResult(
        chart=chart,
        points=points,
        centre=centre * per,
        sigma=sigma * per,
        mean_moving_range=None,
        baseline_points=k,
        trial_limits=k < MIN_BASELINE,
        improvement_direction=improvement,
        run_length=run_length,
        warnings=_baseline_warnings(k),
        special_causes=signals,
    )


def _points(
    values: list[float],
    labels: list[str],
    centre: float,
    upper: list[float],
    lower: list[float],
    upper2: list[float],
    lower2: list[float],
    improvement: str,
    run_length: int,
) -> tuple[tuple[SPCPoint, ...], tuple[SPCSignal, ...]]:
    """Apply the rules and build the points and the signals."""
    found = _apply_rules(values, centre, upper, lower, upper2, lower2, run_length)
    rules: list[list[tuple[str, str]]] = [[] for _ in values]
    for rule, side, where in found:
        for i in where:
            named = [k for k, (r, _) in enumerate(rules[i]) if r == rule]
            if named:  # a peak or trough of two trends takes the later one's direction
                rules[i][named[0]] = (rule, side)
            else:
                rules[i].append((rule, side))
    points = []
    for i, value in enumerate(values):
        first = rules[i][0][1] if rules[i] else None
        points.append(
            SPCPoint(
                label=labels[i],
                value=value,
                centre=centre,
                upper=upper[i],
                lower=lower[i],
                upper_two_sigma=upper2[i],
                lower_two_sigma=lower2[i],
                rules=tuple(rule for rule, _ in rules[i]),
                special_cause=first is not None,
                side=first,
                classification=_classify(first, improvement),
            )
        )
    signals = tuple(
        SPCSignal(
            rule=rule,
            side=side,
            classification=_classify(side, improvement),
            positions=where,
            labels=tuple(labels[i] for i in where),
            values=tuple(values[i] for i in where),
            limits=tuple(upper[i] if side == "high" else lower[i] for i in where)
            if rule == OUTSIDE_LIMITS
            else (),
        )
        for rule, side, where in found
    )
    return tuple(points), signals


def _apply_rules(
    values: list[float],
    centre: float,
    upper: list[float],
    lower: list[float],
    upper2: list[float],
    lower2: list[float],
    run_length: int,
) -> list[tuple[str, str, tuple[int, ...]]]:
    """The signals as (rule, side, positions of the flagged points), in precedence order."""
    found: list[tuple[str, str, tuple[int, ...]]] = []
    outside = [
        1 if value > upper[i] else -1 if value < lower[i] else 0 for i, value in enumerate(values)
    ]
    for start, end, high in _runs(outside):
        found.append((OUTSIDE_LIMITS, _side(high), tuple(range(start, end + 1))))
    steps = [_sign(b - a) for a, b in itertools.pairwise(values)]
    for start, end, rising in _runs(steps):
        # Steps start..end join points start..end + 1.
        if end - start + 2 >= run_length:
            found.append((TREND, _side(rising), tuple(range(start, end + 2))))
    position = [_sign(value - centre) for value in values]
    beyond = [v > up or v < low for v, up, low in zip(values, upper2, lower2, strict=True)]
    found += [(TWO_OF_THREE, side, where) for side, where in _two_of_three(position, beyond)]
    for start, end, high in _runs(position):
        if end - start + 1 >= run_length:
            found.append((SHIFT, _side(high), tuple(range(start, end + 1))))
    return found


def _two_of_three(position: list[int], beyond: list[bool]) -> list[tuple[str, tuple[int, ...]]]:
    """Signals of windows of three on one side with two or more points beyond two sigma: the
    points beyond, with overlapping windows on the same side joined into one signal."""
    signals: list[tuple[str, set[int]]] = []
    last_window = -3
    for s in range(len(position) - 2):
        window = range(s, s + 3)
        same_side = position[s] != 0 and all(position[j] == position[s] for j in window)
        if not (same_side and sum(beyond[j] for j in window) >= 2):
            continue
        side = _side(position[s] > 0)
        flagged = {j for j in window if beyond[j]}
        if signals and signals[-1][0] == side and s <= last_window + 2:
            signals[-1][1].update(flagged)
        else:
            signals.append((side, flagged))
        last_window = s
    return [(side, tuple(sorted(where))) for side, where in signals]


def _runs(signs: list[int]) -> list[tuple[int, int, bool]]:
    """Maximal runs of equal non-zero signs as (first index, last index, positive)."""
    runs = []
    start = 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            if signs[start] != 0:
                runs.append((start, i - 1, signs[start] > 0))
            start = i
    return runs


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _side(high: bool) -> str:
    return "high" if high else "low"


def _classify(side: str | None, improvement: str) -> str:
    if side is None:
        return COMMON_CAUSE
    if improvement == "neutral":
        return NEUTRAL
    return IMPROVEMENT if (side == "high") == (improvement == "increase") else CONCERN


def _baseline_warnings(k: int) -> tuple[str, ...]:
    if k < MIN_BASELINE:
        return (
            f"limits from {k} points are trial limits; at least {MIN_BASELINE} are recommended",
        )
    return ()


def _as_values(values: Sequence[float]) -> list[float]:
    ys = [float(value) for value in values]
    if not all(math.isfinite(y) for y in ys):
        raise ValueError("values must be finite numbers: fill or remove missing months first")
    return ys


def _as_labels(labels: Sequence[str] | None, n: int) -> list[str]:
    if n < 2:
        raise ValueError(f"an SPC chart needs at least 2 points, got {n}")
    if labels is None:
        return [str(i + 1) for i in range(n)]
    names = [str(label) for label in labels]
    if len(names) != n:
        raise ValueError(f"got {len(names)} labels for {n} points: give one label per point")
    return names


def _check_options(improvement: str, run_length: int) -> None:
    if improvement not in _IMPROVEMENTS:
        raise ValueError(
            f"improvement must be one of {', '.join(_IMPROVEMENTS)}, got {improvement!r}"
        )
    if run_length not in _RUN_LENGTHS:
        raise ValueError(
            f"run_length must be 7 (NHSRplotthedots) or 6 (the Making Data Count Excel tool), "
            f"got {run_length!r}"
        )


def _baseline(baseline: int | None, n: int) -> int:
    if baseline is None:
        return n
    if not 2 <= baseline <= n:
        raise ValueError(
            f"baseline must be between 2 and the number of points ({n}), got {baseline!r}"
        )
    return baseline


def _as_exposure(value: float) -> float:
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"each exposure must be a positive number, got {value!r}")
    return number
