"""Ward maps of the strategic assessment: choropleths drawn offline from stored boundaries.

Boundaries come from the warehouse as WGS84 GeoJSON (:func:`saferinsight.store.analysis.
ward_boundaries`); :func:`saferinsight.geo.shapes.prepare_geometry` rounds, simplifies and winds
them as Vega expects.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.results import ThemeAnalysis, WardCount
from saferinsight.errors import QueryError
from saferinsight.geo.shapes import prepare_geometry
from saferinsight.reference import OS_BOUNDARIES
from saferinsight.reports.charts import SOURCE, Chart, _subject, make_chart

__all__ = ["classify", "ward_map"]

MEASURES = ("rate", "count")
#: Map width in pixels; the height follows the shape of the area, within these bounds.
MAP_WIDTH = 460
MAP_HEIGHTS = (240, 620)
NO_DATA = "#D9D9D9"
#: Colour classes of a choropleth (quantiles of the wards' values), light to dark blue.
CLASSES = 5
PALETTE = ("#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")


def ward_map(
    theme: ThemeAnalysis,
    boundaries: Sequence[tuple[str, str, str, str]],
    *,
    measure: str = "rate",
) -> Chart | None:
    """A choropleth of the wards: rate per 1,000 residents, or count, of one theme.

    Parameters
    ----------
    theme
        The analysis of one theme; its ``ward_counts`` are mapped.
    boundaries
        ``(ward code, name, boundary version, GeoJSON geometry)`` of every ward to draw, as
        :func:`saferinsight.store.analysis.ward_boundaries` returns them.
    measure
        ``"rate"`` (``WardCount.rate``, per 1,000 residents of Census 2021) or ``"count"``.

    Returns
    -------
    Chart or None
        ``None`` without boundaries. The data is the dataset ``wards``: one GeoJSON feature
        per boundary, whose properties are ``code``, ``name``, ``version``, ``count``, ``rate``
        and ``value`` (the measure). Wards with no records count 0 (rate 0); a ward with
        records but no population has no rate and is grey on a rate map.

    Raises
    ------
    QueryError
        If ``measure`` is not ``"rate"`` or ``"count"``.

    Examples
    --------
    >>> from saferinsight.analysis.results import WardCount
    >>> from saferinsight.reports.charts import _example_theme
    >>> square = '{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'
    >>> theme = _example_theme(ward_counts=(WardCount("W1", "Castle", 7, None),))
    >>> chart = ward_map(theme, [("W1", "Castle", "WD22", square),
    ...                          ("W2", "Abbey", "WD22", square)], measure="count")
    >>> [f["properties"]["value"] for f in chart.spec["datasets"]["wards"]]
    [7, 0]
    >>> ward_map(theme, []) is None
    True
    """
    if measure not in MEASURES:
        raise QueryError(f"unknown map measure {measure!r}; choose 'rate' or 'count'.")
    if not boundaries:
        return None
    wards = {ward.code: ward for ward in theme.ward_counts}
    features = [
        _feature(code, name, version, geometry, wards.get(code), measure)
        for code, name, version, geometry in boundaries
    ]
    versions = "/".join(sorted({version for _, _, version, _ in boundaries}))
    rates = measure == "rate"
    t = theme.theme
    period = theme.current.period.label
    what = "Per 1,000 residents" if rates else f"{t.unit.capitalize()} in {period}"
    subject = _subject(t)
    per = " per 1,000 residents" if rates else ""
    source = SOURCE + ("; ward populations: ONS Census 2021" if rates else "")
    return make_chart(
        f"{t.key}-ward-map-{measure}",
        f"{subject}{per} by ward, {period} ({versions} wards)",
        notes=_map_notes(theme, features, boundaries, versions, rates),
        alt_text=_map_text(theme, features, versions, rates),
        source=f"{source}. Boundaries: ONS. {OS_BOUNDARIES}",
        body=_map_body(features, what),
        datasets={"wards": features},
    )


def _feature(
    code: str, name: str, version: str, geometry: str, ward: WardCount | None, measure: str
) -> dict[str, Any]:
    shape = prepare_geometry(geometry)
    count = ward.count if ward is not None else 0
    rate: float | None = 0.0
    if ward is not None:
        rate = ward.rate.value if ward.rate is not None else None
    properties = {
        "code": code,
        "name": name,
        "version": version,
        "count": count,
        "rate": rate,
        "value": rate if measure == "rate" else count,
    }
    return {"type": "Feature", "geometry": shape, "properties": properties}


def _map_body(features: list[dict[str, Any]], what: str) -> dict[str, Any]:
    width, height = MAP_WIDTH, _height(features)
    labels = classify(features)
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


def classify(features: list[dict[str, Any]], classes: int = CLASSES) -> list[str]:
    """Put each feature with a value in a quantile class (``properties.class``, a label such
    as ``"10.5 to 20.1"``); return the labels, lowest first.

    Examples
    --------
    >>> features = [{"properties": {"value": v}} for v in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)]
    >>> classify(features, 2)
    ['0 to 4.5', '4.5 and over']
    >>> [f["properties"]["class"] for f in features][4:6]
    ['0 to 4.5', '4.5 and over']
    """
    values = sorted(
        f["properties"]["value"] for f in features if f["properties"]["value"] is not None
    )
    if not values:
        return []
    quantiles = statistics.quantiles(values, n=classes, method="inclusive") if values[1:] else []
    cuts = sorted(set(quantiles))
    cuts = [c for c in cuts if values[0] < c <= values[-1]]
    edges = [values[0], *cuts]
    labels = [
        f"{_number(low)} to {_number(high)}" if i < len(cuts) else f"{_number(low)} and over"
        for i, (low, high) in enumerate(zip(edges, [*cuts, values[-1]], strict=True))
    ]
    for feature in features:
        value = feature["properties"]["value"]
        if value is not None:
            feature["properties"]["class"] = labels[bisect.bisect_right(cuts, value)]
    return labels


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _height(features: list[dict[str, Any]]) -> int:
    """A height that keeps the area's shape at the map's width (Mercator, near the middle)."""
    xs, ys = [], []
    for x, y in _positions(features):
        xs.append(x)
        ys.append(y)
    if not xs:
        return MAP_HEIGHTS[0]
    middle = math.radians((min(ys) + max(ys)) / 2)
    wide = (max(xs) - min(xs)) * math.cos(middle)
    tall = max(ys) - min(ys)
    ratio = tall / wide if wide > 0 else 1.0
    low, high = MAP_HEIGHTS
    return int(min(high, max(low, MAP_WIDTH * ratio)))


def _positions(features: list[dict[str, Any]]) -> Iterator[tuple[float, float]]:
    """The points of every exterior ring."""
    for feature in features:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        for polygon in polygons:
            for x, y, *_ in polygon[0]:
                yield x, y


def _map_notes(
    theme: ThemeAnalysis,
    features: list[dict[str, Any]],
    boundaries: Sequence[tuple[str, str, str, str]],
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
    drawn = {code for code, _, _, _ in boundaries}
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
