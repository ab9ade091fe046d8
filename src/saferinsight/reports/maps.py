"""Ward maps of the strategic assessment: choropleths drawn offline from stored boundaries.

A map draws what the report pipeline prepared: the ward shapes (rounded, simplified and wound
for Vega by :mod:`saferinsight.geo.shapes`) and the quantile classes of the wards' values
(:func:`saferinsight.analysis.choropleth.ward_choropleth`). Nothing is classified or
simplified here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from saferinsight.analysis.choropleth import Choropleth
from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.results import ThemeAnalysis
from saferinsight.geo.shapes import WardShape, exterior_bounds
from saferinsight.reference import OS_BOUNDARIES
from saferinsight.reports.chart import SOURCE, Chart, make_chart
from saferinsight.reports.charts import _subject

__all__ = ["ward_map"]

#: Map width in pixels; the height follows the shape of the area, within these bounds.
MAP_WIDTH = 460
MAP_HEIGHTS = (240, 620)
NO_DATA = "#D9D9D9"
#: Colours of the choropleth classes, light to dark blue (the lightest are left out when
#: there are fewer than five classes).
PALETTE = ("#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")


def ward_map(
    theme: ThemeAnalysis, shapes: Sequence[WardShape], classes: Choropleth
) -> Chart | None:
    """A choropleth of the wards: rate per 1,000 residents, or count, of one theme.

    Parameters
    ----------
    theme
        The analysis of one theme, as the edition shows it: its ``ward_counts`` give each
        ward's count and rate.
    shapes
        The wards to draw (:func:`saferinsight.geo.shapes.ward_shapes`).
    classes
        The wards' values and quantile classes
        (:func:`saferinsight.analysis.choropleth.ward_choropleth` of the same wards); its
        ``measure`` (``"rate"`` or ``"count"``) is what the map shows.

    Returns
    -------
    Chart or None
        ``None`` without shapes. The data is the dataset ``wards``: one GeoJSON feature per
        shape, whose properties are ``code``, ``name``, ``version``, ``count``, ``rate``,
        ``value`` (the measure) and ``class`` (its class label, for wards with a value). Wards
        with no records count 0 (rate 0); a ward with records but no population has no rate
        and is grey on a rate map.

    Examples
    --------
    >>> from saferinsight.analysis.choropleth import ward_choropleth
    >>> from saferinsight.analysis.results import WardCount
    >>> from saferinsight.geo.shapes import ward_shapes
    >>> square = '{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'
    >>> from saferinsight.generate.fixtures import example_theme
    >>> theme = example_theme(ward_counts=(WardCount("W1", "Castle", 7, None),))
    >>> shapes = ward_shapes([("W1", "Castle", "WD22", square), ("W2", "Abbey", "WD22", square)])
    >>> classes = ward_choropleth(theme.ward_counts, ["W1", "W2"], measure="count")
    >>> chart = ward_map(theme, shapes, classes)
    >>> [f["properties"]["value"] for f in chart.spec["datasets"]["wards"]]
    [7, 0]
    >>> ward_map(theme, [], classes) is None
    True
    """
    if not shapes:
        return None
    features = _features(theme, shapes, classes)
    versions = "/".join(sorted({shape.version for shape in shapes}))
    rates = classes.measure == "rate"
    t = theme.theme
    period = theme.current.period.label
    what = "Per 1,000 residents" if rates else f"{t.unit.capitalize()} in {period}"
    subject = _subject(t)
    per = " per 1,000 residents" if rates else ""
    source = SOURCE + ("; ward populations: ONS Census 2021" if rates else "")
    return make_chart(
        f"{t.key}-ward-map-{classes.measure}",
        f"{subject}{per} by ward, {period} ({versions} wards)",
        notes=_map_notes(theme, features, shapes, versions, rates),
        alt_text=_map_text(theme, features, versions, rates),
        source=f"{source}. Boundaries: ONS. {OS_BOUNDARIES}",
        body=_map_body(features, list(classes.labels), what, shapes),
        datasets={"wards": features},
    )


def _features(
    theme: ThemeAnalysis, shapes: Sequence[WardShape], classes: Choropleth
) -> list[dict[str, Any]]:
    """A GeoJSON feature per shape, with the ward's figures and class as properties."""
    wards = {ward.code: ward for ward in theme.ward_counts}
    values = dict(zip(classes.keys, zip(classes.values, classes.classes, strict=True), strict=True))
    features = []
    for shape in shapes:
        ward = wards.get(shape.code)
        rate: float | None = 0.0
        if ward is not None:
            rate = ward.rate.value if ward.rate is not None else None
        value, index = values[shape.code]
        properties: dict[str, Any] = {
            "code": shape.code,
            "name": shape.name,
            "version": shape.version,
            "count": ward.count if ward is not None else 0,
            "rate": rate,
            "value": value,
        }
        if index is not None:
            properties["class"] = classes.labels[index]
        features.append({"type": "Feature", "geometry": shape.geometry, "properties": properties})
    return features


def _map_body(
    features: list[dict[str, Any]], labels: list[str], what: str, shapes: Sequence[WardShape]
) -> dict[str, Any]:
    width, height = MAP_WIDTH, _height(shapes)
    outline = {"type": "geoshape", "stroke": "white", "strokeWidth": 0.6}
    return {
        "width": width,
        "height": height,
        "data": {"name": "wards"},
        "projection": {"type": "mercator"},  # fitted to the wards by Vega-Lite
        "layer": [
            {"mark": {**outline, "fill": NO_DATA}},
            {
                "transform": [{"filter": "isValid(datum.properties.value)"}],
                "mark": outline,
                "encoding": {
                    # Classes by quantile (about equal numbers of wards in each), drawn as
                    # swatches: easier to read than a continuous ramp, and a gradient legend
                    # is lost in the PDF.
                    "color": {
                        "field": "properties.class",
                        "type": "ordinal",
                        "scale": {"domain": labels, "range": list(PALETTE[-len(labels) :])},
                        "legend": {
                            "title": what,
                            "orient": "right",
                            "symbolType": "square",
                            "symbolSize": 180,
                            "titleLimit": 200,
                        },
                    }
                },
            },
        ],
    }


def _height(shapes: Sequence[WardShape]) -> int:
    """A height that keeps the area's shape at the map's width (Mercator, near the middle)."""
    bounds = exterior_bounds(shape.geometry for shape in shapes)
    if bounds is None:
        return MAP_HEIGHTS[0]
    west, south, east, north = bounds
    middle = math.radians((south + north) / 2)
    wide = (east - west) * math.cos(middle)
    tall = north - south
    ratio = tall / wide if wide > 0 else 1.0
    low, high = MAP_HEIGHTS
    return int(min(high, max(low, MAP_WIDTH * ratio)))


def _map_notes(
    theme: ThemeAnalysis,
    features: list[dict[str, Any]],
    shapes: Sequence[WardShape],
    versions: str,
    rates: bool,
) -> list[str]:
    noun = theme.theme.counted
    text = (
        f"{len(features)} wards ({versions} boundaries). Wards with no {noun} recorded are "
        "shown as 0."
    )
    if rates:
        text += " Rates use the Census 2021 population of each ward."
        missing = sum(1 for f in features if f["properties"]["rate"] is None)
        if missing:
            text += f" Grey: {missing} wards without a population figure."
    drawn = {shape.code for shape in shapes}
    absent = [w for w in theme.ward_counts if w.code not in drawn]
    if absent:
        text += (
            f" {len(absent)} wards with records have no boundary in this set and are not "
            f"drawn: {', '.join(w.name for w in absent)}."
        )
    return [text]


def _map_text(
    theme: ThemeAnalysis, features: list[dict[str, Any]], versions: str, rates: bool
) -> str:
    t = theme.theme
    shown = [f["properties"] for f in features if f["properties"]["value"] is not None]
    measure = f"{t.counted} per 1,000 residents" if rates else f"the number of {t.counted}"
    text = (
        f"Map of {len(features)} wards ({versions} boundaries) shaded by {measure} in "
        f"{theme.current.period.label}; {format_count(theme.current.count)} {t.unit} in total."
    )
    if shown:
        top = max(shown, key=lambda p: (p["value"], p["name"]))
        low = min(shown, key=lambda p: (p["value"], p["name"]))
        text += (
            f" Highest: {top['name']} ({_value(top, rates)}); lowest: {low['name']} "
            f"({_value(low, rates)})."
        )
    none = sum(1 for f in features if f["properties"]["count"] == 0)
    if none:
        text += f" {none} wards recorded none."
    return text


def _value(properties: Mapping[str, Any], rates: bool) -> str:
    count = format_count(properties["count"])
    if rates:
        return f"{properties['rate']:.1f} per 1,000, {count} in all"
    return count
