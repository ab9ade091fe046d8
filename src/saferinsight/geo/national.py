"""Ward, local authority and LSOA boundaries of all of England and Wales, shipped in the package
and read lazily, one local authority at a time.

The files ``reference/data/national/wards23_ew.zip`` (December 2023 wards, about 3.1 MB),
``lad24_ew.zip`` (local authorities, 1.1 MB) and ``lsoa21_ew.zip`` (2021 LSOAs, 7.0 MB) hold
one member per local authority (``E06000051.json``), built by ``scripts/build_reference.py``
from the ONS BGC boundaries (see ``ATTRIBUTION.md``). Nothing is read until a local authority's
boundaries are asked for, and then only its member, kept for the life of the process.

A member is ``{"version": "WD23", "features": [[code, name, polygons], ...]}`` where each
polygon is a list of rings and each ring the flat list ``x0, y0, dx1, dy1, ...`` of its
longitude and latitude in whole 1e-5 degrees, each point after the first as the difference
from the one before. Exterior rings run clockwise (as d3 and Vega draw them).
"""

from __future__ import annotations

import functools
import json
import zipfile
from collections.abc import Iterable, Sequence

from saferinsight import reference

__all__ = ["NATIONAL_FILES", "Boundary", "decode_ring", "national_boundaries", "with_national"]

#: Level -> shipped file.
NATIONAL_FILES = {"ward": "wards23_ew.zip", "lad": "lad24_ew.zip", "lsoa": "lsoa21_ew.zip"}
NATIONAL_DIR = "national"
#: (code, name, boundary version, GeoJSON geometry text), as the warehouse's boundaries give.
Boundary = tuple[str, str, str, str]


def decode_ring(encoded: Sequence[int]) -> list[list[float]]:
    """The ``[longitude, latitude]`` points of a delta-encoded ring.

    Examples
    --------
    >>> decode_ring([-275000, 5270000, 10, 0, 0, 10, -10, -10])
    [[-2.75, 52.7], [-2.7499, 52.7], [-2.7499, 52.7001], [-2.75, 52.7]]
    """
    points = []
    x = y = 0
    for i in range(0, len(encoded), 2):
        x += encoded[i]
        y += encoded[i + 1]
        points.append([x / 1e5, y / 1e5])
    return points


@functools.cache
def _archive(level: str) -> zipfile.ZipFile:
    path = reference.shipped(NATIONAL_DIR) / NATIONAL_FILES[level]
    return zipfile.ZipFile(path)


@functools.lru_cache(maxsize=64)
def _lad(level: str, lad_code: str) -> tuple[Boundary, ...]:
    archive = _archive(level)
    try:
        body = json.loads(archive.read(f"{lad_code}.json"))
    except KeyError:
        return ()
    version = body["version"]
    result = []
    for code, name, polygons in body["features"]:
        rings = [[decode_ring(ring) for ring in polygon] for polygon in polygons]
        geometry = (
            {"type": "Polygon", "coordinates": rings[0]}
            if len(rings) == 1
            else {"type": "MultiPolygon", "coordinates": rings}
        )
        result.append((code, name, version, json.dumps(geometry, separators=(",", ":"))))
    return tuple(result)


def national_boundaries(level: str, lad_codes: Iterable[str]) -> list[Boundary]:
    """The shipped boundaries of one ``level`` (``"ward"``, ``"lad"`` or ``"lsoa"``) in the
    local authorities ``lad_codes`` (2023/2024 codes), ordered by code.

    Examples
    --------
    >>> wards = national_boundaries("ward", ["E06000051"])
    >>> len(wards), wards[0][2]
    (63, 'WD23')
    >>> len(national_boundaries("lsoa", ["E06000051", "E06000020"]))
    313
    >>> [name for _, name, _, _ in national_boundaries("lad", ["E06000020"])]
    ['Telford and Wrekin']
    >>> national_boundaries("ward", ["E99999999"])
    []
    """
    if level not in NATIONAL_FILES:
        raise ValueError(f"level must be one of {', '.join(NATIONAL_FILES)}; got {level!r}")
    rows = [row for lad in sorted(set(lad_codes)) for row in _lad(level, lad)]
    return sorted(rows)


def with_national(
    stored: Sequence[Boundary], lad_codes: Sequence[str], level: str = "ward"
) -> list[Boundary]:
    """Boundaries loaded in the warehouse (``stored``, which win), completed from the shipped
    national boundaries for the local authorities of ``lad_codes`` that have none loaded.

    Examples
    --------
    >>> stored = [("E05008136", "Abbey", "WD22", "{}")]
    >>> rows = with_national(stored, ["E06000051", "E06000020"])
    >>> len(rows), sorted({version for _, _, version, _ in rows})
    (33, ['WD22', 'WD23'])
    """
    if not lad_codes:
        return list(stored)
    covered = {lad for lad in lad_codes if any(_in_lad(row[0], lad, level) for row in stored)}
    missing = [lad for lad in lad_codes if lad not in covered]
    return sorted([*stored, *national_boundaries(level, missing)])


@functools.lru_cache(maxsize=4096)
def _codes(level: str, lad_code: str) -> frozenset[str]:
    return frozenset(row[0] for row in _lad(level, lad_code))


def _in_lad(code: str, lad_code: str, level: str) -> bool:
    return code in _codes(level, lad_code)
