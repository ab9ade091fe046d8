"""Charts of the strategic assessment: Vega-Lite specs built from analysis results.

Each builder takes result objects of :mod:`saferinsight.analysis.results` and returns a
:class:`Chart`: a self-contained Vega-Lite spec (data inline, no URLs) with its title, alternative
text and source line, or ``None`` when there is too little data to draw. Every number drawn comes
from the result objects; nothing is recounted here.

The specs are plain dictionaries rather than Altair objects: they are small, easy to test
against the results, and render offline with vl-convert (which bundles Vega), to SVG for HTML
and PDF and to PNG for Word. The web application can hand the same spec to vega-embed.

Conventions shared by every chart: a plot about 560 by 280 pixels, axis titles with units, and
colour-blind-safe colours (Tableau blue and orange, grey for context), always paired with a
second cue (dashes, shapes or labels). The title (with the period), the notes that say how to
read the chart and the source line are the report's text around the drawing, not part of it:
readers can select, search and (in Word) edit them, screen readers read them in order, and
vl-convert, which measures every piece of text it draws, renders a chart a third faster.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from saferinsight.analysis.formatting import format_count, format_level, format_number, ordinal
from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.analysis.tables import RankedArea
from saferinsight.analysis.themes import THEME_KEYS, THEMES, Theme
from saferinsight.core.months import month_from_label, month_label
from saferinsight.core.periods import MONTH_NAMES
from saferinsight.errors import QueryError
from saferinsight.reports.chart import (
    BAR_WIDTH,
    BLUE,
    GREY,
    HEIGHT,
    INK,
    LIGHT_BLUE,
    LIGHT_GREY,
    ORANGE,
    PURPLE,
    SOURCE,
    Chart,
    make_chart,
)
from saferinsight.stats.spc import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL, describe_signals

__all__ = [
    "comparison_chart",
    "spc_chart",
    "three_year_chart",
    "twelve_month_chart",
    "ward_rank_chart",
]

#: Plot area of a chart, in pixels (axes, titles and legends come on top: about 640 wide).
_SIGNALS = {
    COMMON_CAUSE: ("Common cause", GREY, "circle"),
    IMPROVEMENT: ("Special cause: improvement", BLUE, "diamond"),
    CONCERN: ("Special cause: concern", ORANGE, "square"),
    NEUTRAL: ("Special cause: neutral", PURPLE, "triangle-up"),
}
# Symbol areas: diamonds and triangles look smaller than squares of the same area.
_SIZES = {COMMON_CAUSE: 28, IMPROVEMENT: 130, CONCERN: 90, NEUTRAL: 120}
_BETTER = {
    "decrease": "lower is better",
    "increase": "higher is better",
    "neutral": "neither direction is better",
}


def twelve_month_chart(theme: ThemeAnalysis) -> Chart | None:
    """This period's months against the same months a year earlier (A3), as two lines.

    Parameters
    ----------
    theme
        The analysis of one theme.

    Returns
    -------
    Chart or None
        ``None`` when fewer than two months of the period are loaded. The data is the dataset
        ``months``: one row per month and period (``month``, ``period``, ``count``); months a
        year earlier that are not loaded are left out.

    Examples
    --------
    >>> from saferinsight.analysis.results import MonthPair
    >>> from saferinsight.generate.fixtures import example_theme
    >>> theme = example_theme(twelve_months=(MonthPair("2024-04", 12, 10),
    ...                                        MonthPair("2024-05", 9, 11)))
    >>> chart = twelve_month_chart(theme)
    >>> chart.title
    'Burglaries by month, 2024/25 against 2023/24'
    >>> [row["count"] for row in chart.spec["datasets"]["months"]]
    [12, 9, 10, 11]
    >>> twelve_month_chart(example_theme()) is None
    True
    """
    pairs = theme.twelve_months
    if len(pairs) < 2:
        return None
    period = theme.current.period
    now, before = period.label, period.year_earlier().label
    names = _month_names([pair.month for pair in pairs])
    rows: list[dict[str, Any]] = [
        {"month": name, "period": now, "count": pair.count}
        for name, pair in zip(names, pairs, strict=True)
    ]
    rows += [
        {"month": name, "period": before, "count": pair.year_earlier}
        for name, pair in zip(names, pairs, strict=True)
        if pair.year_earlier is not None
    ]
    domain = [now, before]
    legend = {"title": None, "orient": "top", "direction": "horizontal", "symbolStrokeWidth": 2}
    x: dict[str, Any] = {"field": "month", "type": "ordinal", "sort": names, "title": None}
    x["axis"] = {"labelAngle": 0, "grid": False}
    encoding: dict[str, Any] = {
        "x": x,
        "y": {"field": "count", "type": "quantitative", "title": _per_month(theme.theme)},
        "color": {
            "field": "period",
            "type": "nominal",
            "scale": {"domain": domain, "range": [BLUE, ORANGE]},
            "legend": legend,
        },
    }
    dashes = {"domain": domain, "range": [[1, 0], [6, 3]]}
    shapes = {"domain": domain, "range": ["circle", "square"]}
    body = {
        "data": {"name": "months"},
        "encoding": encoding,
        "layer": [
            {
                "mark": {"type": "line", "strokeWidth": 2.5},
                "encoding": {
                    "strokeDash": {"field": "period", "scale": dashes, "legend": legend},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 40, "opacity": 1},
                "encoding": {"shape": {"field": "period", "scale": shapes, "legend": legend}},
            },
        ],
    }
    subject = _subject(theme.theme)
    title = f"{subject} by month, {now} against {before}"
    return make_chart(
        f"{theme.theme.key}-twelve-months",
        title,
        alt_text=_twelve_month_text(theme, now, before),
        source=SOURCE,
        body=body,
        datasets={"months": rows},
    )


def _twelve_month_text(theme: ThemeAnalysis, now: str, before: str) -> str:
    pairs, unit = theme.twelve_months, theme.theme.unit
    text = (
        f"Line chart of {theme.theme.counted} by month in {now} against the same months of "
        f"{before}. There were {format_count(theme.current.count)} {unit} in {now}"
    )
    previous = theme.previous
    if previous.period == theme.current.period.year_earlier() and previous.complete:
        text += f", against {format_count(previous.count)} in {before}"
    latest = pairs[-1]
    text += f". In the latest month, {_long_month(latest.month)}, there were "
    text += f"{format_count(latest.count)}"
    if latest.year_earlier is not None:
        text += f", against {format_count(latest.year_earlier)} a year earlier"
    text += "."
    if theme.monthly is not None:
        summary = theme.monthly
        text += (
            f" The highest month was {_long_month(summary.maximum_month)} "
            f"({format_count(summary.maximum)}) and the lowest "
            f"{_long_month(summary.minimum_month)} ({format_count(summary.minimum)})."
        )
    return text


def spc_chart(theme: ThemeAnalysis) -> Chart | None:
    """The monthly series as a statistical process control chart (Making Data Count style).

    Draws the monthly values, the centre line, the process limits (dashed) and the two-sigma
    band (shaded); special-cause points are marked by colour and shape (blue diamonds for
    improvement, orange squares for concern, purple triangles for neutral, grey circles for
    common cause). The notes state the rules, the improvement direction and the baseline.

    Parameters
    ----------
    theme
        The analysis of one theme; its ``spc`` result is drawn.

    Returns
    -------
    Chart or None
        ``None`` without an SPC result. The data is the dataset ``points``, one row per
        :class:`~saferinsight.stats.spc.SPCPoint` (``month``, ``value``, ``centre``, ``upper``,
        ``lower``, ``upper_two_sigma``, ``lower_two_sigma``, ``special_cause``,
        ``classification``, ``signal``, ``rules``).

    Examples
    --------
    >>> from saferinsight.stats.spc import xmr_chart
    >>> months = [f"2024-{m:02d}" for m in range(1, 13)]
    >>> spc = xmr_chart([10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 11, 30], labels=months,
    ...                 improvement="decrease", baseline=11)
    >>> from saferinsight.generate.fixtures import example_theme
    >>> chart = spc_chart(example_theme(spc=spc))
    >>> [row["signal"] for row in chart.spec["datasets"]["points"]][-2:]
    ['Common cause', 'Special cause: concern']
    >>> chart.notes[-1]
    'Limits from 11 points are trial limits; at least 12 are recommended.'
    >>> spc_chart(example_theme()) is None
    True
    """
    spc = theme.spc
    if spc is None or len(spc.points) < 2:
        return None
    points = spc.points
    rows = [
        {
            "month": point.label,
            "value": point.value,
            "centre": point.centre,
            "upper": point.upper,
            "lower": point.lower,
            "upper_two_sigma": point.upper_two_sigma,
            "lower_two_sigma": point.lower_two_sigma,
            "special_cause": point.special_cause,
            "classification": point.classification,
            "signal": _SIGNALS[point.classification][0],
            "rules": "; ".join(point.rules),
            "size": _SIZES[point.classification],
        }
        for point in points
    ]
    last = points[-1]
    labels = [
        {"month": last.label, "value": value, "text": f"{name} {format_level(value)}"}
        for name, value in (
            ("Upper limit", last.upper),
            ("Mean", last.centre),
            ("Lower limit", last.lower),
        )
        if value is not None
    ]
    first_month, last_month = _long_month(points[0].label), _long_month(last.label)
    subject = _subject(theme.theme)
    return make_chart(
        f"{theme.theme.key}-spc",
        f"{subject}: process control chart, {first_month} to {last_month}",
        notes=_spc_notes(theme),
        alt_text=_spc_text(theme),
        source=SOURCE,
        body=_spc_body(theme),
        datasets={"points": rows, "limit_labels": labels},
    )


def _spc_body(theme: ThemeAnalysis) -> dict[str, Any]:
    assert theme.spc is not None
    classes = [COMMON_CAUSE]
    if theme.spc.improvement_direction == "neutral":
        classes.append(NEUTRAL)
    else:
        classes += [IMPROVEMENT, CONCERN]
    domain = [_SIGNALS[c][0] for c in classes]
    legend = {"title": None, "orient": "top", "direction": "horizontal"}
    x = _month_axis("month")
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": _per_month(theme.theme)}
    y["scale"] = {"zero": False}

    def line(field_name: str, **mark: Any) -> dict[str, Any]:
        return {
            "mark": {"type": "line", "color": INK, "strokeWidth": 1, **mark},
            "encoding": {"y": {"field": field_name, "type": "quantitative"}},
        }

    return {
        "data": {"name": "points"},
        "encoding": {"x": x},
        "layer": [
            {
                "mark": {"type": "area", "color": GREY, "opacity": 0.15},
                "encoding": {
                    "y": {"field": "lower_two_sigma", "type": "quantitative"},
                    "y2": {"field": "upper_two_sigma"},
                },
            },
            line("upper", strokeDash=[6, 4]),
            line("lower", strokeDash=[6, 4]),
            line("centre"),
            {
                "mark": {"type": "line", "color": GREY, "strokeWidth": 1.5},
                "encoding": {"y": y},
            },
            {
                "mark": {"type": "point", "filled": True, "opacity": 1, "stroke": "white"},
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {
                        "field": "signal",
                        "type": "nominal",
                        "scale": {"domain": domain, "range": [_SIGNALS[c][1] for c in classes]},
                        "legend": legend,
                    },
                    "shape": {
                        "field": "signal",
                        "type": "nominal",
                        "scale": {"domain": domain, "range": [_SIGNALS[c][2] for c in classes]},
                        "legend": legend,
                    },
                    "size": {"field": "size", "type": "quantitative", "scale": None},
                },
            },
            {
                "data": {"name": "limit_labels"},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 6,
                    "fontSize": 10,
                    "color": INK,
                },
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            },
        ],
    }


def _spc_notes(theme: ThemeAnalysis) -> list[str]:
    spc = theme.spc
    assert spc is not None
    points = spc.points
    n = spc.baseline_points
    span = f"{_long_month(points[0].label)} to {_long_month(points[n - 1].label)}"
    which = f"all {n} months" if n == len(points) else f"the first {n} months"
    lines = [
        f"{spc.chart} chart, {_BETTER[spc.improvement_direction]} for {theme.theme.unit}. "
        f"Mean and limits from {which} ({span}).",
        "Dashed lines: process limits (3 sigma). Shaded band: within 2 sigma of the mean.",
        f"Signals: outside the limits; {spc.run_length} rising or falling in a row; "
        f"2 of 3 beyond 2 sigma on one side; {spc.run_length} on one side of the mean.",
    ]
    lines += [warning[0].upper() + warning[1:] + "." for warning in spc.warnings]
    return lines


def _spc_text(theme: ThemeAnalysis) -> str:
    spc = theme.spc
    assert spc is not None
    last = spc.points[-1]
    limits = ""
    if last.upper is not None and last.lower is not None:
        limits = f", process limits {format_level(last.lower)} to {format_level(last.upper)}"
    signals = len(spc.signals())
    period = theme.current.period.label
    named = describe_signals(
        theme.spc_signals, label=_long_month, value=None, level=format_level, noun="months"
    )
    return (
        f"Statistical process control ({spc.chart}) chart of {theme.theme.counted} per month "
        f"from {_long_month(spc.points[0].label)} to {_long_month(last.label)}: mean "
        f"{format_level(spc.centre)}{limits}. The latest month, {_long_month(last.label)}, had "
        f"{format_number(last.value)} ({last.classification}). {signals} of "
        f"{len(spc.points)} months show special-cause variation; signals in {period}: "
        f"{named}."
    )


def three_year_chart(theme: ThemeAnalysis) -> Chart | None:
    """The monthly counts over three years with each year's monthly average (A4).

    The monthly counts are a line; each complete year is a horizontal segment at its monthly
    average (its total divided by its months), labelled with its total. The notes give the
    verdict of the seasonal trend test.

    Parameters
    ----------
    theme
        The analysis of one theme.

    Returns
    -------
    Chart or None
        ``None`` when fewer than two months are loaded. The data are the datasets ``months``
        (``month``, ``count``, ``series``, from ``theme.series``) and ``years`` (``period``,
        ``start``, ``end``, ``total``, ``average``, ``label``, ``series``, from
        ``theme.three_years``; complete years only).

    Examples
    --------
    >>> series = tuple((f"2024-{m:02d}", 10 + m) for m in range(1, 13))
    >>> from saferinsight.generate.fixtures import example_theme
    >>> chart = three_year_chart(example_theme(series=series))
    >>> [row["count"] for row in chart.spec["datasets"]["months"]][:3]
    [11, 12, 13]
    >>> three_year_chart(example_theme()) is None
    True
    """
    series = theme.series
    if len(series) < 2:
        return None
    kinds = ["Monthly count", "Monthly average of the year"]
    months = [{"month": label, "count": count, "series": kinds[0]} for label, count in series]
    years = [
        {
            "series": kinds[1],
            "period": year.period.label,
            "start": month_label(year.period.start),
            "end": month_label(year.period.end),
            "total": year.count,
            "average": year.monthly_average,
            "label": f"{year.period.label}: {format_count(year.count)} "
            f"({format_level(year.monthly_average)}/month)",
        }
        for year in theme.three_years
        if year.complete
    ]
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": kinds, "range": [BLUE, ORANGE]},
        "legend": {"title": None, "orient": "top", "direction": "horizontal"},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"name": "months"},
            "mark": {"type": "line", "strokeWidth": 2, "point": {"size": 20, "filled": True}},
            "encoding": {
                "x": _month_axis("month"),
                "y": {"field": "count", "type": "quantitative", "title": _per_month(theme.theme)},
                "color": colour,
            },
        }
    ]
    if years:
        layers += _year_layers(colour)
    first, last = _long_month(series[0][0]), _long_month(series[-1][0])
    return make_chart(
        f"{theme.theme.key}-three-years",
        f"{_subject(theme.theme)} by month, {first} to {last}",
        notes=[_trend_line(theme)],
        alt_text=_three_year_text(theme, first, last),
        source=SOURCE,
        body={"layer": layers},
        datasets={"months": months, "years": years},
    )


def _year_layers(colour: dict[str, Any]) -> list[dict[str, Any]]:
    x = _month_axis("start")
    return [
        {
            "data": {"name": "years"},
            "mark": {"type": "rule", "strokeWidth": 2.5},
            "encoding": {
                "x": x,
                "x2": {"field": "end", "timeUnit": "utcyearmonth"},
                "y": {"field": "average", "type": "quantitative"},
                "color": colour,
            },
        },
        {
            "data": {"name": "years"},
            # Labels along the foot of the plot, where counts from zero leave room.
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "bottom",
                "dx": 2,
                "fontSize": 10,
                "color": INK,
            },
            "encoding": {"x": x, "y": {"value": HEIGHT - 4}, "text": {"field": "label"}},
        },
    ]


def _trend_line(theme: ThemeAnalysis) -> str:
    trend = theme.trend
    if trend is None:
        return (
            f"No trend test: it needs 36 consecutive loaded months ({len(theme.series)} are "
            "loaded). Segments: each year's total divided by its months."
        )
    slope = f"slope {trend.slope_per_period:+.1f} {theme.theme.unit} a month"
    if trend.pct_per_year is not None:
        slope += f" ({trend.pct_per_year:+.1f}% a year)"
    method = trend.method[0].upper() + trend.method[1:]
    return f"{method}: {trend.verdict} ({p_text(trend.p_value)}); {slope}."


def _three_year_text(theme: ThemeAnalysis, first: str, last: str) -> str:
    text = (
        f"Line chart of {theme.theme.counted} per month from {first} to {last}, with each "
        "year's monthly average."
    )
    totals = [f"{y.period.label} {format_count(y.count)}" for y in theme.three_years if y.complete]
    if totals:
        text += f" Totals: {'; '.join(totals)}."
    label, count = theme.series[-1]
    text += f" The latest month, {_long_month(label)}, had {format_count(count)}."
    if theme.trend is not None:
        text += f" Trend test: {theme.trend.verdict} ({p_text(theme.trend.p_value)})."
    return text


def ward_rank_chart(theme: ThemeAnalysis) -> Chart | None:
    """The wards with the highest counts as bars, with 95% intervals of the counts.

    Bars of wards whose count interval overlaps the highest ward's are lighter: they cannot be
    told apart from it.

    Parameters
    ----------
    theme
        The analysis of one theme; its ``top_wards`` are drawn.

    Returns
    -------
    Chart or None
        ``None`` with fewer than two wards. The data is the dataset ``wards``, one row per
        :class:`~saferinsight.analysis.tables.RankedArea` in rank order (``rank``, ``code``,
        ``ward``, ``count``, ``lower``, ``upper``, ``group``).

    Examples
    --------
    >>> from saferinsight.analysis.tables import rank_areas
    >>> from saferinsight.stats.intervals import count_interval
    >>> counts = [("W1", "Castle", 40), ("W2", "Abbey", 35), ("W3", "Moor", 8)]
    >>> top = rank_areas(counts, total=83, rates={},
    ...                  intervals={c: count_interval(n) for c, _, n in counts})
    >>> from saferinsight.generate.fixtures import example_theme
    >>> chart = ward_rank_chart(example_theme(top_wards=top))
    >>> [(row["ward"], row["group"]) for row in chart.spec["datasets"]["wards"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('1. Castle', 'Highest'), ('2. Abbey', 'Cannot be told apart from the highest'),
     ('3. Moor', 'Lower than the highest')]
    """
    top = theme.top_wards
    if len(top) < 2:
        return None
    groups = ["Highest", "Cannot be told apart from the highest", "Lower than the highest"]
    first = top[0].rank

    def group(ward: RankedArea) -> str:
        if ward.rank == first:
            return groups[0]
        return groups[1] if first in ward.indistinguishable_from else groups[2]

    rows = [
        {
            "rank": ward.rank,
            "code": ward.code,
            "ward": f"{ward.rank}. {ward.name}",
            "count": ward.count,
            "lower": ward.count_interval.lower,
            "upper": ward.count_interval.upper,
            "group": group(ward),
        }
        for ward in top
    ]
    interval = top[0].count_interval
    period = theme.current.period.label
    unit = theme.theme.unit
    body = _bar_body(
        "wards",
        category="ward",
        order=[str(row["ward"]) for row in rows],
        value="count",
        value_title=f"{unit.capitalize()} in {period}",
        colour={
            "field": "group",
            "type": "nominal",
            "scale": {"domain": groups, "range": [BLUE, LIGHT_BLUE, LIGHT_GREY]},
            "legend": {
                "title": None,
                "orient": "top",
                "direction": "horizontal",
                "labelLimit": 320,
            },
        },
        label="count",
    )
    return make_chart(
        f"{theme.theme.key}-ward-rank",
        f"Wards with the most {theme.theme.counted}, {period}",
        notes=[
            f"Lines: {interval.level:.0%} confidence interval of each count ({interval.method}"
            "). Light blue: the interval overlaps the highest ward's, so the two cannot be "
            "told apart."
        ],
        alt_text=_ward_rank_text(theme),
        source=SOURCE,
        body=body,
        datasets={"wards": rows},
    )


def _ward_rank_text(theme: ThemeAnalysis) -> str:
    top = theme.top_wards
    first = top[0]
    interval = first.count_interval
    text = (
        f"Bar chart of the {len(top)} wards with the most {theme.theme.counted} in "
        f"{theme.current.period.label}, out of {format_count(theme.current.count)} in total. "
        f"{first.name} has the most, {format_count(first.count)} ({interval.level:.0%} interval "
        f"{interval.lower:.0f} to {interval.upper:.0f}), followed by "
        + ", ".join(f"{w.name} ({format_count(w.count)})" for w in top[1:3])
        + "."
    )
    alike = [w.name for w in top[1:] if first.rank in w.indistinguishable_from]
    if alike:
        text += f" {len(alike)} cannot be told apart from the highest: {', '.join(alike)}."
    else:
        text += " Every other ward is clearly lower than the highest."
    return text


def comparison_chart(analysis: AreaAnalysis, theme_key: str) -> Chart | None:
    """Rates per 1,000 residents of one theme in the analysed area and its comparison areas.

    Parameters
    ----------
    analysis
        The area's analysis; its ``comparison`` areas are drawn.
    theme_key
        The theme, such as ``"total"`` or ``"asb"``.

    Returns
    -------
    Chart or None
        ``None`` when fewer than two areas have a rate. The data is the dataset ``areas``
        (``code``, ``area``, ``count``, ``rate``, ``lower``, ``upper``, ``group``), highest rate
        first; areas without a population are left out.

    Raises
    ------
    QueryError
        If ``theme_key`` is not a theme.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import example_area
    >>> comparison_chart(example_area(), "asb") is None
    True
    """
    theme = _theme(analysis, theme_key)
    rows: list[dict[str, Any]] = []
    for area in analysis.comparison:
        for key, count, estimate in area.rates:
            if key != theme_key or estimate is None:
                continue
            name = area.area.name + (" (force area)" if area.area.is_force else "")
            rows.append(
                {
                    "code": area.area.code,
                    "area": name,
                    "count": count,
                    "rate": estimate.value,
                    "lower": estimate.interval.lower,
                    "upper": estimate.interval.upper,
                    "level": estimate.interval.level,
                    "label": f"{estimate.value:.1f}",
                    "group": analysis.area.name
                    if area.area.code == analysis.area.code
                    else "Comparison areas",
                }
            )
    if len(rows) < 2:
        return None
    rows.sort(key=lambda row: -row["rate"])
    groups = [analysis.area.name, "Comparison areas"]
    period = analysis.period.label
    body = _bar_body(
        "areas",
        category="area",
        order=[row["area"] for row in rows],
        value="rate",
        value_title=f"{theme.unit.capitalize()} per 1,000 residents",
        colour={
            "field": "group",
            "type": "nominal",
            "scale": {"domain": groups, "range": [BLUE, LIGHT_GREY]},
            "legend": None,
        },
        label="label",
    )
    body["height"] = max(120, 34 * len(rows))
    # The analysed area's name in bold as well as its bar in blue.
    body["encoding"]["y"]["axis"]["labelFontWeight"] = {
        "condition": {"test": f"datum.value === {json.dumps(groups[0])}", "value": "bold"},
        "value": "normal",
    }
    populations = sorted({a.population.label for a in analysis.comparison if a.population})
    level = rows[0]["level"]
    return make_chart(
        f"{theme_key}-comparison",
        f"{_subject(theme)} per 1,000 residents, {period}",
        notes=[
            f"{analysis.area.name} (blue) and comparison areas. Lines: {level:.0%} confidence "
            "intervals (Byar, or exact Poisson below 10 events); where two intervals do not "
            "overlap, the rates differ significantly."
        ],
        alt_text=_comparison_text(analysis, theme, rows),
        source=f"{SOURCE}; population: {'; '.join(populations)}",
        body=body,
        datasets={"areas": rows},
    )


def _comparison_text(analysis: AreaAnalysis, theme: Theme, rows: list[dict[str, Any]]) -> str:
    here = next((r for r in rows if r["code"] == analysis.area.code), None)
    text = (
        f"Bar chart of {theme.counted} per 1,000 residents in {analysis.period.label} for "
        f"{len(rows)} areas. "
    )
    if here is not None:
        place = rows.index(here) + 1
        text += (
            f"{analysis.area.name}: {here['rate']:.1f} per 1,000 ({format_count(here['count'])} "
            f"{theme.unit}; interval {here['lower']:.1f} to {here['upper']:.1f}), "
            f"{ordinal(place)} highest of {len(rows)}. "
        )
    high, low = rows[0], rows[-1]
    return text + (
        f"Highest: {high['area']} ({high['rate']:.1f}); lowest: {low['area']} ({low['rate']:.1f})."
    )


def _bar_body(
    dataset: str,
    *,
    category: str,
    order: list[str],
    value: str,
    value_title: str,
    colour: dict[str, Any],
    label: str,
) -> dict[str, Any]:
    """Horizontal bars of ``value`` with ``lower``-``upper`` error bars and value labels."""
    y: dict[str, Any] = {"field": category, "type": "nominal", "sort": order, "title": None}
    y["axis"] = {"labelLimit": 260, "ticks": False, "domain": False}
    x = {"field": value, "type": "quantitative", "title": value_title}
    return {
        "width": BAR_WIDTH,
        "data": {"name": dataset},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.7}},
                "encoding": {"x": x, "color": colour},
            },
            {
                "mark": {"type": "rule", "color": INK, "strokeWidth": 1.2},
                "encoding": {
                    "x": {"field": "lower", "type": "quantitative"},
                    "x2": {"field": "upper"},
                },
            },
            {
                "mark": {"type": "tick", "color": INK, "thickness": 1.2, "size": 10},
                "encoding": {"x": {"field": "lower", "type": "quantitative"}},
            },
            {
                "mark": {"type": "tick", "color": INK, "thickness": 1.2, "size": 10},
                "encoding": {"x": {"field": "upper", "type": "quantitative"}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 5, "fontSize": 10, "color": INK},
                "encoding": {
                    "x": {"field": "upper", "type": "quantitative"},
                    "text": {"field": label},
                },
            },
        ],
    }


def _theme(analysis: AreaAnalysis, key: str) -> Theme:
    for theme in (*(t.theme for t in analysis.themes), *THEMES):
        if theme.key == key:
            return theme
    raise QueryError(f"unknown theme {key!r}; choose from {', '.join(THEME_KEYS)}.")


def _subject(theme: Theme) -> str:
    """What the chart counts, capitalised: 'Burglaries'; 'All crime' rather than 'Crimes'."""
    noun = theme.counted
    if noun == theme.unit:
        return theme.title
    return noun[0].upper() + noun[1:]


def _per_month(theme: Theme) -> str:
    return f"{theme.unit.capitalize()} per month"


def _month_axis(field_name: str) -> dict[str, Any]:
    """A monthly time axis from ``YYYY-MM`` labels, in UTC so the local time zone cannot shift
    a month, with a label every three months."""
    return {
        "field": field_name,
        "type": "temporal",
        "timeUnit": "utcyearmonth",
        "title": None,
        "axis": {
            "format": "%b %y",
            "tickCount": {"interval": "month", "step": 3},
            "labelAngle": 0,
            "labelFlush": False,
            "grid": False,
        },
    }


def _month_names(labels: Sequence[str]) -> list[str]:
    """'Apr', 'May', ... or, when a name would repeat, 'Apr 2024', 'May 2024', ..."""
    short = [MONTH_NAMES[month_from_label(label).month - 1] for label in labels]
    if len(set(short)) == len(short):
        return short
    return [_long_month(label) for label in labels]


def _long_month(label: str) -> str:
    """'2025-03' as 'Mar 2025'."""
    month = month_from_label(label)
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
