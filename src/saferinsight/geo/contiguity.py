"""LSOA centroids and contiguity for all of England and Wales, read lazily from the package.

The files (``reference/data/lsoa21_centroids.csv.gz`` and ``lsoa21_contiguity.csv.gz``, about
1 MB together) are derived from the ONS LSOA 2021 BGC boundaries; see ``ATTRIBUTION.md``.
They are read on first use and kept for the life of the process.

Contiguity is computed on boundaries clipped to mean high water: LSOAs on opposite banks of a
tidal river are not neighbours, and the Isles of Scilly LSOA (E01019077) has none.
"""

from __future__ import annotations

import csv
import functools
import gzip
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from saferinsight import reference

__all__ = ["CONTIGUITY", "Contiguity", "lsoa_centroids", "lsoa_neighbour_pairs"]

Contiguity = Literal["queen", "rook"]
#: Queen: boundaries share at least a point; rook: they share a length of boundary.
CONTIGUITY: tuple[Contiguity, ...] = ("queen", "rook")


@functools.cache
def lsoa_centroids() -> Mapping[str, tuple[float, float]]:
    """LSOA 2021 code -> area-weighted centroid (easting, northing) in EPSG:27700 metres.

    Examples
    --------
    >>> len(lsoa_centroids())
    35672
    >>> lsoa_centroids()["E01000001"]
    (532151.0, 181615.0)
    """
    with gzip.open(reference.shipped(reference.LSOA_CENTROIDS), "rt", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        return MappingProxyType({r[0]: (float(r[1]), float(r[2])) for r in rows})


@functools.cache
def _pairs() -> tuple[tuple[str, str, int], ...]:
    with gzip.open(reference.shipped(reference.LSOA_CONTIGUITY), "rt", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        return tuple((r[0], r[1], int(r[2])) for r in rows)


def lsoa_neighbour_pairs(
    codes: Iterable[str] | None = None, *, contiguity: Contiguity = "queen"
) -> list[tuple[str, str]]:
    """Neighbouring LSOA pairs, each once (first code < second), among ``codes`` (all if None).

    A pair is kept only when both LSOAs are among ``codes``: an area's weights ignore its
    neighbours outside it.

    Examples
    --------
    >>> ("E01028514", "E01028515") in lsoa_neighbour_pairs(["E01028514", "E01028515"])
    True
    >>> len(lsoa_neighbour_pairs()), len(lsoa_neighbour_pairs(contiguity="rook"))
    (104285, 103062)
    """
    if contiguity not in CONTIGUITY:
        raise ValueError(f"contiguity must be one of {', '.join(CONTIGUITY)}; got {contiguity!r}")
    keep = None if codes is None else frozenset(codes)
    return [
        (a, b)
        for a, b, shared in _pairs()
        if (contiguity == "queen" or shared > 0) and (keep is None or (a in keep and b in keep))
    ]
