"""The shipped national LSOA contiguity and centroids against the shipped Shropshire and
Telford boundaries (a different ONS download) and the README's national counts."""

from __future__ import annotations

import gzip
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from saferinsight import reference
from saferinsight.geo.contiguity import lsoa_centroids, lsoa_neighbour_pairs


def _points(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    polygons = geometry["coordinates"]
    polygons = polygons if geometry["type"] == "MultiPolygon" else [polygons]
    for polygon in polygons:
        for ring in polygon:
            for x, y in ring:
                yield round(x, 5), round(y, 5)


@pytest.mark.parametrize(
    ("lad", "lsoas", "pairs"), [("E06000051", 198, 515), ("E06000020", 115, 325)]
)
def test_queen_pairs_equal_shared_vertices_of_the_shipped_boundaries(
    lad: str, lsoas: int, pairs: int
) -> None:
    path = reference.shipped(reference.BOUNDARY_DIR) / f"lsoa21_{lad}.geojson.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    owners: dict[tuple[float, float], set[str]] = defaultdict(set)
    for feature in features:
        for point in _points(feature["geometry"]):
            owners[point].add(feature["properties"]["LSOA21CD"])
    touching = {pair for s in owners.values() for pair in itertools.combinations(sorted(s), 2)}
    codes = [f["properties"]["LSOA21CD"] for f in features]
    shipped = set(lsoa_neighbour_pairs(codes))
    assert len(codes) == lsoas
    assert shipped == touching
    assert len(shipped) == pairs


def test_national_counts_match_the_source_readme() -> None:
    assert len(lsoa_centroids()) == 35_672
    queen = lsoa_neighbour_pairs()
    assert len(queen) == 104_285
    assert len(lsoa_neighbour_pairs(contiguity="rook")) == 103_062
    touched = {code for pair in queen for code in pair}
    assert set(lsoa_centroids()) - touched == {"E01019077"}  # Isles of Scilly 001A


def test_centroids_lie_in_england_and_wales() -> None:
    for easting, northing in lsoa_centroids().values():
        assert 80_000 < easting < 660_000
        assert 5_000 < northing < 660_000
    # Shrewsbury's LSOAs are within 3 km of the town centre (SJ 492 125).
    x, y = lsoa_centroids()["E01028934"]
    assert math.hypot(x - 349_200, y - 312_500) < 3_000


def test_attribution_names_the_new_files() -> None:
    text = reference.shipped("ATTRIBUTION.md").read_text(encoding="utf-8")
    for name in (reference.LSOA_CENTROIDS, reference.LSOA_CONTIGUITY):
        assert f"`{name}`" in text
    assert "Contains OS data © Crown copyright and database right 2025" in text
