"""Partnership areas of England and Wales drawn on one national map, from the shipped local
authority boundaries (:mod:`saferinsight.geo.national`).

A partnership area is one or more whole local authorities (a local authority the ONS lookup
splits between former partnerships is its own partnership area; see
:mod:`saferinsight.geo.areas`). For a national map at A4 width one pixel is about 1.5 km, so
the boundaries are simplified hard: Douglas-Peucker at :data:`NATIONAL_TOLERANCE` degrees (about
half a pixel) and islands smaller than a few pixels dropped. Each partnership gets

- its **fill**: the simplified polygons of its local authorities (neighbouring authorities
  simplified apart can leave hairline slivers; the map strokes each fill in its own colour to
  close them);
- its **outline**: the edges of its local authorities that no other authority of the same
  partnership shares (the shipped layer's shared edges are vertex-identical, so the edges
  inside a partnership cancel out), joined into closed rings and simplified.

Every function returns new objects; results are cached by the local authorities asked for.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from saferinsight.geo.national import national_boundaries
from saferinsight.geo.shapes import orient_for_vega, signed_area, simplify_ring

__all__ = ["NATIONAL_TOLERANCE", "PartnershipShape", "dissolved_rings", "partnership_shapes"]

#: Douglas-Peucker tolerance in degrees for a national map (about 700 m, half a pixel at A4).
NATIONAL_TOLERANCE = 0.01
#: Rings (islands, holes) of less than this many square tolerances are dropped.
SMALLEST_RING = 4
#: Decimals of a degree kept (about 100 m).
NATIONAL_DECIMALS = 3

Point = tuple[float, float]


@dataclass(frozen=True)
class PartnershipShape:
    """One partnership area, ready to draw on a national map.

    Attributes
    ----------
    code
        The partnership's ONS code (CSP, or local authority when it is its own area).
    lad_codes
        Its local authorities.
    fill
        GeoJSON MultiPolygon of its local authorities, simplified and wound for Vega.
    outline
        GeoJSON MultiLineString of its outer boundary (closed rings), simplified.
    bounds
        ``(west, south, east, north)`` of its fill, to place a label.
    """

    code: str
    lad_codes: tuple[str, ...]
    fill: Mapping[str, Any] = field(hash=False)
    outline: Mapping[str, Any] = field(hash=False)
    bounds: tuple[float, float, float, float]


def partnership_shapes(
    areas: Iterable[tuple[str, Sequence[str]]], *, tolerance: float = NATIONAL_TOLERANCE
) -> tuple[PartnershipShape, ...]:
    """The shapes of partnership areas given as ``(code, local authority codes)``, in the
    order given; an area whose local authorities have no shipped boundary is left out.

    Examples
    --------
    >>> (shape,) = partnership_shapes([("E22000360", ("E06000051",))])
    >>> shape.fill["type"], shape.outline["type"]
    ('MultiPolygon', 'MultiLineString')
    >>> [round(v, 1) for v in shape.bounds]
    [-3.2, 52.3, -2.2, 53.0]
    >>> partnership_shapes([("E99999999", ("E99999999",))])
    ()
    """
    result = []
    for code, lads in areas:
        shape = _shape(code, tuple(sorted(lads)), tolerance)
        if shape is not None:
            result.append(shape)
    return tuple(result)


@functools.lru_cache(maxsize=1024)
def _shape(code: str, lads: tuple[str, ...], tolerance: float) -> PartnershipShape | None:
    polygons: list[list[list[list[float]]]] = []
    for _, _, _, text in national_boundaries("lad", lads):
        geometry = json.loads(text)
        parts = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        polygons += parts
    if not polygons:
        return None
    smallest = SMALLEST_RING * tolerance**2
    simplified = [[_simplified(ring, tolerance) for ring in polygon] for polygon in polygons]
    largest = max(abs(signed_area(rings[0])) for rings in simplified)
    smallest = min(smallest, largest)  # a partnership smaller than an islet is kept whole
    fill = [
        [rings[0], *(r for r in rings[1:] if abs(signed_area(r)) >= smallest)]
        for rings in simplified
        if abs(signed_area(rings[0])) >= smallest  # islets are invisible at this scale
    ]
    outline = [
        _simplified(ring, tolerance)
        for ring in dissolved_rings(ring for polygon in polygons for ring in polygon)
    ]
    outline = [ring for ring in outline if abs(signed_area(ring)) >= smallest]
    xs = [p[0] for polygon in fill for p in polygon[0]]
    ys = [p[1] for polygon in fill for p in polygon[0]]
    if not xs:
        return None
    return PartnershipShape(
        code,
        lads,
        orient_for_vega({"type": "MultiPolygon", "coordinates": fill}),
        {"type": "MultiLineString", "coordinates": outline},
        (min(xs), min(ys), max(xs), max(ys)),
    )


def _simplified(ring: Sequence[Sequence[float]], tolerance: float) -> list[list[float]]:
    """A ring thinned (points nearer than half the tolerance to the last point kept are
    dropped: simplify.js's radial pass, which makes Douglas-Peucker fast), simplified and
    rounded."""
    near = (tolerance / 2) ** 2
    thinned = [ring[0]]
    for point in ring[1:-1]:
        last = thinned[-1]
        if (point[0] - last[0]) ** 2 + (point[1] - last[1]) ** 2 > near:
            thinned.append(point)
    thinned.append(ring[-1])
    points = simplify_ring(thinned, tolerance)
    rounded: list[list[float]] = []
    for x, y, *_ in points:
        point = [round(x, NATIONAL_DECIMALS), round(y, NATIONAL_DECIMALS)]
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    return rounded


def dissolved_rings(rings: Iterable[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """The outer boundary of polygons that share edges vertex for vertex: the edges that only
    one ring has (edges two rings share, in either direction, cancel out), joined into closed
    rings.

    Examples
    --------
    >>> left = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    >>> right = [[1, 0], [1, 1], [2, 1], [2, 0], [1, 0]]
    >>> dissolved_rings([left, right])
    [[[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [2.0, 0.0], [1.0, 0.0], [0.0, 0.0]]]
    """
    count: dict[tuple[Point, Point], int] = defaultdict(int)
    directed: list[tuple[Point, Point]] = []
    for ring in rings:
        points = [(float(p[0]), float(p[1])) for p in ring]
        for a, b in itertools.pairwise(points):
            if a == b:
                continue
            directed.append((a, b))
            count[(a, b) if a < b else (b, a)] += 1
    following: dict[Point, list[Point]] = defaultdict(list)
    for a, b in directed:
        if count[(a, b) if a < b else (b, a)] == 1:
            following[a].append(b)
    result = []
    for start in list(following):
        while following[start]:
            ring = [start]
            here = start
            while True:
                nexts = following[here]
                if not nexts:
                    break  # an open chain (edges not shared exactly): keep what was walked
                here = nexts.pop(0)
                ring.append(here)
                if here == start:
                    break
            if len(ring) >= 4:
                result.append([list(p) for p in ring])
    return result
