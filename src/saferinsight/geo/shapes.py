"""Boundary shapes made ready to draw: rounded, simplified and wound as Vega expects.

Boundaries come from the warehouse as WGS84 GeoJSON text (:func:`saferinsight.store.analysis.
ward_boundaries`). Vega draws them with d3-geo, which treats polygons as spherical and reads the
winding order: an exterior ring must run clockwise, the reverse of the GeoJSON right-hand rule,
or the polygon is taken to cover the rest of the globe and fills the whole map.
:func:`orient_for_vega` fixes the winding; :func:`round_coordinates` (with Douglas-Peucker
:func:`simplify_ring`) keeps a map's spec small. :func:`ward_shapes` does all three for a set of
boundaries.

Every function here returns new objects and leaves its input as it was.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DECIMALS",
    "SIMPLIFY_TOLERANCE",
    "WardShape",
    "exterior_bounds",
    "orient_for_vega",
    "prepare_geometry",
    "round_coordinates",
    "signed_area",
    "simplify_ring",
    "ward_shapes",
]

#: Five decimals of a degree is about a metre: plenty for a ward map, and it keeps SVGs small.
DECIMALS = 5
#: Douglas-Peucker tolerance in degrees (about 100 m): half a pixel on a report's map, and
#: it cuts the SVG (and the PDF's rendering time) several times over.
SIMPLIFY_TOLERANCE = 0.0012

Ring = list[list[float]]


@dataclass(frozen=True)
class WardShape:
    """A ward's boundary, ready to draw.

    Attributes
    ----------
    code, name
        The ward's ONS code and name.
    version
        The boundary set, such as ``"WD22"``.
    geometry
        GeoJSON geometry rounded, simplified and wound for Vega (:func:`prepare_geometry`).
        Shared between reports: do not modify it.
    """

    code: str
    name: str
    version: str
    geometry: Mapping[str, Any] = field(hash=False, compare=True)


def ward_shapes(boundaries: Iterable[tuple[str, str, str, str]]) -> tuple[WardShape, ...]:
    """The shapes of ``(ward code, name, boundary version, GeoJSON text)`` boundaries, as
    :func:`saferinsight.store.analysis.ward_boundaries` returns them, in the same order.

    Examples
    --------
    >>> square = '{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'
    >>> (shape,) = ward_shapes([("W1", "Castle", "WD22", square)])
    >>> shape.code, shape.geometry["coordinates"][0][1]
    ('W1', [0.0, 1.0])
    """
    return tuple(
        WardShape(code, name, version, prepare_geometry(geometry))
        for code, name, version, geometry in boundaries
    )


@functools.lru_cache(maxsize=4096)
def prepare_geometry(text: str) -> Mapping[str, Any]:
    """A GeoJSON geometry (as text) rounded to :data:`DECIMALS`, simplified and wound for Vega.

    Cached by the text: every theme's map of a report, and every report of an area, draws the
    same wards, and simplifying them is most of a map's cost. The result is shared: callers
    must not modify it.

    Examples
    --------
    >>> prepare_geometry('{"type": "Point", "coordinates": [1.234567, 2]}')
    {'type': 'Point', 'coordinates': [1.234567, 2]}
    """
    return orient_for_vega(round_coordinates(json.loads(text)))


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
    >>> square["coordinates"][0][1]  # the input is unchanged
    [1, 0]
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
    return _copy(geometry)


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
    """A copy of a Polygon or MultiPolygon with coordinates rounded to ``decimals`` places and
    each ring simplified (:func:`simplify_ring`).

    Points that rounding makes equal to the one before are dropped, and rings left with fewer
    than four points (three corners and the closing point) are removed. Other geometries are
    copied unchanged. The input is not modified.

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
    >>> line[0]  # the input is unchanged
    [0.123456, 0.0]
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _round_polygon(geometry["coordinates"], decimals)}
    if kind == "MultiPolygon":
        polygons = [_round_polygon(polygon, decimals) for polygon in geometry["coordinates"]]
        return {**geometry, "coordinates": [p for p in polygons if p]}
    return _copy(geometry)


def simplify_ring(points: Sequence[Sequence[float]], tolerance: float = SIMPLIFY_TOLERANCE) -> Ring:
    """A closed ring simplified by Douglas-Peucker, keeping its first (= last) point.

    Points closer than ``tolerance`` (in the ring's units) to the line between the points kept
    on either side are dropped. Rings that would keep fewer than four points are returned as
    they are. The result is a new list; the input is not modified.

    Examples
    --------
    >>> square = [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]
    >>> simplify_ring(square, 0.01)
    [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    >>> len(square)
    6
    """
    copied = [list(point) for point in points]
    if len(copied) <= 4:
        return copied
    keep = [False] * len(copied)
    keep[0] = keep[-1] = True
    # Split at the point farthest from the start so the closed ring is two open chains.
    far = max(range(1, len(copied) - 1), key=lambda i: _dist2(copied[i], copied[0]))
    keep[far] = True
    stack = [(0, far), (far, len(copied) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _segment_distance(copied[i], copied[first], copied[last])
            if distance > best:
                best, index = distance, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    simplified = [p for p, k in zip(copied, keep, strict=True) if k]
    return simplified if len(simplified) >= 4 else copied


def exterior_bounds(
    geometries: Iterable[Mapping[str, Any]],
) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` of the exterior rings of Polygons and MultiPolygons;
    ``None`` when there are none.

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]]}
    >>> exterior_bounds([square, {"type": "Point", "coordinates": [9, 9]}])
    (0, 0, 2, 1)
    >>> exterior_bounds([]) is None
    True
    """
    xs, ys = [], []
    for x, y in _exterior_points(geometries):
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _exterior_points(geometries: Iterable[Mapping[str, Any]]) -> Iterator[tuple[float, float]]:
    for geometry in geometries:
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        for polygon in polygons:
            for x, y, *_ in polygon[0]:
                yield x, y


def _copy(geometry: Mapping[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(geometry))
    return copied


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
