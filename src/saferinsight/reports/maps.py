"""Ward maps of the strategic assessment: choropleths drawn offline from stored boundaries.

Boundaries come from the warehouse as WGS84 GeoJSON (:func:`saferinsight.store.analysis.
ward_boundaries`). Vega draws them with d3-geo, which treats polygons as spherical and reads the
winding order: an exterior ring must run clockwise, the reverse of the GeoJSON right-hand rule,
or the polygon is taken to cover the rest of the globe and fills the whole map.
:func:`orient_for_vega` fixes the winding and :func:`round_coordinates` keeps the spec small.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import statistics
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.results import ThemeAnalysis, WardCount
from saferinsight.errors import QueryError
from saferinsight.reference import OS_BOUNDARIES
from saferinsight.reports.charts import SOURCE, Chart, _subject, make_chart

__all__ = ["orient_for_vega", "round_coordinates", "signed_area", "ward_map"]

MEASURES = ("rate", "count")
#: Map width in pixels; the height follows the shape of the area, within these bounds.
MAP_WIDTH = 460
MAP_HEIGHTS = (240, 620)
NO_DATA = "#D9D9D9"
#: Colour classes of a choropleth (quantiles of the wards' values), light to dark blue.
CLASSES = 5
PALETTE = ("#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
#: Five decimals of a degree is about a metre: plenty for a ward map, and it keeps SVGs small.
DECIMALS = 5

Ring = list[list[float]]


def orient_for_vega(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a GeoJSON geometry with its rings wound as Vega (d3-geo) expects.

    Exterior rings run clockwise and holes counter-clockwise (in longitude-latitude, x east and
    y north), the reverse of the GeoJSON right-hand rule. Polygons, MultiPolygons and
    GeometryCollections are reoriented; other geometries are copied unchanged. The input is
    not modified, and orienting twice gives the same result.

    Parameters
    ----------
    geometry
        A GeoJSON geometry object.

    Returns
    -------
    dict
        The reoriented geometry.

    Notes
    -----
    The direction of a ring comes from the sign of its shoelace area,
    :math:`\\tfrac{1}{2}\\sum_i (x_i y_{i+1} - x_{i+1} y_i)`: positive is counter-clockwise.
    Degenerate rings (zero area) are left as they are.

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> orient_for_vega(square)["coordinates"][0]
    [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    >>> orient_for_vega(orient_for_vega(square)) == orient_for_vega(square)
    True
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _orient_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        polygons = [_orient_polygon(polygon) for polygon in geometry["coordinates"]]
        return {**geometry, "coordinates": polygons}
    if kind == "GeometryCollection":
        parts = [orient_for_vega(part) for part in geometry["geometries"]]
        return {**geometry, "geometries": parts}
    copied: dict[str, Any] = json.loads(json.dumps(geometry))
    return copied


def _orient_polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[Ring]:
    oriented = []
    for index, ring in enumerate(rings):
        points = [list(point) for point in ring]
        area = signed_area(points)
        # Exterior (index 0) clockwise: negative area; holes counter-clockwise: positive.
        if (index == 0 and area > 0) or (index > 0 and area < 0):
            points.reverse()
        oriented.append(points)
    return oriented


def signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Shoelace area of a ring in its coordinate units: positive when counter-clockwise.

    Examples
    --------
    >>> signed_area([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]])
    2.0
    """
    total = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def round_coordinates(geometry: Mapping[str, Any], decimals: int = DECIMALS) -> dict[str, Any]:
    """A copy of a Polygon or MultiPolygon with coordinates rounded to ``decimals`` places.

    Points that rounding makes equal to the one before are dropped, and rings left with fewer
    than four points (three corners and the closing point) are removed. Other geometries are
    copied unchanged.

    Parameters
    ----------
    geometry
        A GeoJSON geometry object.
    decimals
        Decimal places to keep: 5 (about a metre in WGS84 degrees) by default.

    Returns
    -------
    dict
        The rounded geometry.

    Examples
    --------
    >>> line = [[0.123456, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0000001, 1.0], [0.123456, 0.0]]
    >>> round_coordinates({"type": "Polygon", "coordinates": [line]}, 2)["coordinates"]
    [[[0.12, 0.0], [1.0, 0.0], [1.0, 1.0], [0.12, 0.0]]]
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _round_polygon(geometry["coordinates"], decimals)}
    if kind == "MultiPolygon":
        polygons = [_round_polygon(polygon, decimals) for polygon in geometry["coordinates"]]
        return {**geometry, "coordinates": [p for p in polygons if p]}
    copied: dict[str, Any] = json.loads(json.dumps(geometry))
    return copied


#: Douglas-Peucker tolerance in degrees (about 100 m): half a pixel on a report's map, and
#: it cuts the SVG (and the PDF's rendering time) several times over.
SIMPLIFY_TOLERANCE = 0.0012


def simplify_ring(points: Ring, tolerance: float = SIMPLIFY_TOLERANCE) -> Ring:
    """A closed ring simplified by Douglas-Peucker, keeping its first (= last) point.

    Rings that would keep fewer than four points are returned unchanged.

    Examples
    --------
    >>> square = [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]
    >>> simplify_ring(square, 0.01)
    [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    """
    if len(points) <= 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # Split at the point farthest from the start so the closed ring is two open chains.
    far = max(range(1, len(points) - 1), key=lambda i: _dist2(points[i], points[0]))
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _segment_distance(points[i], points[first], points[last])
            if distance > best:
                best, index = distance, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    simplified = [p for p, k in zip(points, keep, strict=True) if k]
    return simplified if len(simplified) >= 4 else points


def _dist2(a: Sequence[float], b: Sequence[float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p: Sequence[float], a: Sequence[float], b: Sequence[float]) -> float:
    length2 = _dist2(a, b)
    if length2 == 0:
        return math.sqrt(_dist2(p, a))
    t = max(
        0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2)
    )
    return math.sqrt(_dist2(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]))


def _round_polygon(rings: Sequence[Sequence[Sequence[float]]], decimals: int) -> list[Ring]:
    result = []
    for index, ring in enumerate(rings):
        points: Ring = []
        for point in ring:
            rounded = [round(float(value), decimals) for value in point]
            if not points or rounded != points[-1]:
                points.append(rounded)
        points = simplify_ring(points)
        if len(points) >= 4:
            result.append(points)
        elif index == 0:
            return []  # the exterior collapsed: so does the polygon
    return result


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


@functools.lru_cache(maxsize=4096)
def _shape(geometry: str) -> dict[str, Any]:
    """A ward's GeoJSON text made ready for Vega: rounded, simplified and wound clockwise.

    Cached: the report draws the same wards on every theme's map, and simplifying them is
    most of a map's cost. Callers must not modify the result.
    """
    return orient_for_vega(round_coordinates(json.loads(geometry)))


def _feature(
    code: str, name: str, version: str, geometry: str, ward: WardCount | None, measure: str
) -> dict[str, Any]:
    shape = _shape(geometry)
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
