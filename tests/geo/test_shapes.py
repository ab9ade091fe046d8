"""Boundary shapes for maps: winding for Vega, rounding, simplification; inputs never change."""

from __future__ import annotations

import copy
import itertools
import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from saferinsight.geo.shapes import (
    exterior_bounds,
    orient_for_vega,
    prepare_geometry,
    round_coordinates,
    signed_area,
    simplify_ring,
    ward_shapes,
)

CCW_SQUARE = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
CW_HOLE = [[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0], [1.0, 1.0]]


def test_a_counter_clockwise_square_becomes_clockwise() -> None:
    polygon = {"type": "Polygon", "coordinates": [CCW_SQUARE]}
    oriented = orient_for_vega(polygon)
    assert signed_area(CCW_SQUARE) > 0
    assert signed_area(oriented["coordinates"][0]) < 0
    assert oriented["coordinates"][0] == list(reversed(CCW_SQUARE))
    assert polygon["coordinates"][0] == CCW_SQUARE  # the input is not modified


def test_holes_are_wound_the_other_way_and_multipolygons_are_handled() -> None:
    # GeoJSON right-hand rule: exterior counter-clockwise, hole clockwise.
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            [CCW_SQUARE, CW_HOLE],
            [list(reversed([[10.0, 0.0], [11.0, 0.0], [11.0, 1.0], [10.0, 0.0]]))],
        ],
    }
    oriented = orient_for_vega(multi)
    first, second = oriented["coordinates"]
    assert signed_area(first[0]) < 0
    assert signed_area(first[1]) > 0
    assert first[1] == list(reversed(CW_HOLE))
    assert signed_area(second[0]) < 0
    assert second[0] == multi["coordinates"][1][0]  # already clockwise: unchanged
    assert orient_for_vega(oriented) == oriented


def test_other_geometries_are_copied_unchanged() -> None:
    point = {"type": "Point", "coordinates": [1.0, 2.0]}
    assert orient_for_vega(point) == point
    assert orient_for_vega(point) is not point
    collection = {
        "type": "GeometryCollection",
        "geometries": [point, {"type": "Polygon", "coordinates": [CCW_SQUARE]}],
    }
    oriented = orient_for_vega(collection)
    assert signed_area(oriented["geometries"][1]["coordinates"][0]) < 0


@given(
    st.lists(st.floats(0, 6.2, allow_nan=False), min_size=3, max_size=12, unique=True),
    st.booleans(),
    st.booleans(),
)
def test_orientation_is_clockwise_outside_counter_clockwise_inside_and_idempotent(
    angles: list[float], reverse_outer: bool, reverse_hole: bool
) -> None:
    angles = sorted(angles)
    outer = [[round(10 * math.cos(a), 6), round(10 * math.sin(a), 6)] for a in angles]
    hole = [[round(x / 10, 6), round(y / 10, 6)] for x, y in outer]
    outer, hole = outer + outer[:1], hole + hole[:1]
    if abs(signed_area(hole)) < 1e-9:
        return  # points (nearly) in a line: no direction to fix
    if reverse_outer:
        outer.reverse()
    if reverse_hole:
        hole.reverse()
    oriented = orient_for_vega({"type": "Polygon", "coordinates": [outer, hole]})
    exterior, inner = oriented["coordinates"]
    assert signed_area(exterior) < 0 < signed_area(inner)
    assert sorted(map(tuple, exterior)) == sorted(map(tuple, outer))
    assert orient_for_vega(oriented) == oriented


def test_rounding_keeps_five_decimals_and_drops_repeated_points() -> None:
    ring = [[0.1234567, 0.0], [1.0, 0.0], [1.000001, 0.000001], [1.0, 1.0], [0.1234567, 0.0]]
    rounded = round_coordinates({"type": "Polygon", "coordinates": [ring]})
    assert rounded["coordinates"] == [[[0.12346, 0.0], [1.0, 0.0], [1.0, 1.0], [0.12346, 0.0]]]
    tiny = [[0.0, 0.0], [1e-7, 0.0], [1e-7, 1e-7], [0.0, 0.0]]
    multi = {"type": "MultiPolygon", "coordinates": [[ring], [tiny]]}
    assert len(round_coordinates(multi)["coordinates"]) == 1


# simplification and purity ------------------------------------------------------------------


def _wiggly_ring(points: int = 200) -> list[list[float]]:
    """A counter-clockwise circle of radius 0.05 degrees with a small wiggle on it."""
    ring = [
        [
            round(0.05 * math.cos(2 * math.pi * i / points) + 0.0002 * (i % 2), 7),
            round(0.05 * math.sin(2 * math.pi * i / points), 7),
        ]
        for i in range(points)
    ]
    return [*ring, ring[0]]


def test_simplification_drops_points_within_the_tolerance_only() -> None:
    ring = _wiggly_ring()
    simplified = simplify_ring(ring, 0.0012)
    assert 4 <= len(simplified) < len(ring) / 4
    assert simplified[0] == simplified[-1] == ring[0]
    kept = [ring.index(p) for p in simplified[:-1]] + [len(ring) - 1]
    assert kept == sorted(kept)  # a subsequence of the ring
    # Every point dropped lies within the tolerance of the segment between its kept neighbours.
    for start, end in itertools.pairwise(kept):
        for point in ring[start + 1 : end]:
            assert _distance(point, ring[start], ring[end]) <= 0.0012
    assert simplify_ring(ring, 0.0) == ring


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance of p from the segment ab (hand-written, independent of the module's own)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def test_small_rings_come_back_as_copies() -> None:
    triangle = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    simplified = simplify_ring(triangle, 10.0)
    assert simplified == triangle
    assert simplified is not triangle
    assert all(a is not b for a, b in zip(simplified, triangle, strict=True))


def _geometries() -> list[dict[str, Any]]:
    ring = _wiggly_ring()
    hole = [[x / 10, y / 10] for x, y in reversed(ring)]
    return [
        {"type": "Polygon", "coordinates": [ring, hole]},
        {
            "type": "MultiPolygon",
            "coordinates": [[ring], [[[5.0, 5.0], [5.0, 5.1], [5.1, 5.0], [5.0, 5.0]]]],
        },
        {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [ring]}]},
        {"type": "Point", "coordinates": [1.0, 2.0]},
    ]


def test_geometry_functions_do_not_modify_their_input() -> None:
    for geometry in _geometries():
        before = copy.deepcopy(geometry)
        results = [orient_for_vega(geometry), round_coordinates(geometry, 3)]
        assert geometry == before, geometry["type"]
        # ... and their results share nothing with it: changing a result leaves it alone.
        for result in results:
            json_text = json.dumps(result)
            _scramble(result)
            assert geometry == before, geometry["type"]
            assert json_text != json.dumps(result)
        ring = _wiggly_ring()
        saved = copy.deepcopy(ring)
        simplify_ring(ring)
        signed_area(ring)
        exterior_bounds([{"type": "Polygon", "coordinates": [ring]}])
        assert ring == saved


def _scramble(value: Any) -> None:
    """Change every list of numbers in place."""
    if isinstance(value, dict):
        for item in value.values():
            _scramble(item)
    elif isinstance(value, list):
        if value and all(isinstance(v, float | int) for v in value):
            value[0] = -999.0
        for item in value:
            _scramble(item)


def test_ward_shapes_prepare_each_boundary_once_in_order() -> None:
    square = json.dumps({"type": "Polygon", "coordinates": [_wiggly_ring()]})
    point = json.dumps({"type": "Point", "coordinates": [1, 2]})
    shapes = ward_shapes([("W2", "Abbey", "WD22", square), ("W1", "Castle", "WD24", point)])
    assert [(s.code, s.name, s.version) for s in shapes] == [
        ("W2", "Abbey", "WD22"),
        ("W1", "Castle", "WD24"),
    ]
    assert shapes[0].geometry is prepare_geometry(square)  # cached: maps share the shapes
    exterior = shapes[0].geometry["coordinates"][0]
    assert signed_area(exterior) < 0  # clockwise, as Vega needs
    assert all(round(x, 5) == x and round(y, 5) == y for x, y in exterior)
    assert len(exterior) < len(_wiggly_ring())
    bounds = exterior_bounds([shapes[0].geometry])
    assert bounds is not None
    assert [round(b, 2) for b in bounds] == [-0.05, -0.05, 0.05, 0.05]
