"""A square grid over an area in British National Grid metres (EPSG:27700), for grid hotspots.

- :func:`to_british_national_grid` converts police.uk snap points (WGS84) with pyproj. PROJ has
  no OSTN15 grid file in the package, so it uses the Helmert transformation: a few metres out,
  far below a grid cell.
- :func:`auto_cell_size` is sfhotspot's rule: 50 cells on the shorter side of the points'
  bounding box, rounded down to whole 100 m when that is at least 100 m.
- :func:`area_grid` keeps the cells that lie in the area. Without national polygons in the
  package, a cell is in the area when its centre is nearer to a centroid of one of the area's
  LSOAs than to any other LSOA centroid of England and Wales (the boundary approximated to
  within about half an LSOA), or when it holds a record of the area.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from saferinsight.stats.weights import BinaryWeights

__all__ = [
    "CELLS_ON_SHORTER_SIDE",
    "Grid",
    "area_grid",
    "auto_cell_size",
    "to_british_national_grid",
]

#: sfhotspot's default: about 50 cells on the shorter side of the points' bounding box.
CELLS_ON_SHORTER_SIDE = 50
ROUND_TO_METRES = 100


@dataclass(frozen=True)
class Grid:
    """The cells of a grid that lie in an area.

    Attributes
    ----------
    cell_size
        Side of a cell in metres.
    origin
        (easting, northing) of the grid's south-west corner.
    cells
        (column, row) of each kept cell, counted from ``origin``.
    """

    cell_size: float
    origin: tuple[float, float]
    cells: tuple[tuple[int, int], ...]

    def key(self, index: int) -> str:
        """A cell's label: the easting and northing of its south-west corner."""
        x, y = self.corner(index)
        return f"E{x:.0f} N{y:.0f}"

    def corner(self, index: int) -> tuple[float, float]:
        """(easting, northing) of a cell's south-west corner."""
        column, row = self.cells[index]
        return self.origin[0] + column * self.cell_size, self.origin[1] + row * self.cell_size

    def centre(self, index: int) -> tuple[float, float]:
        """(easting, northing) of a cell's centre."""
        x, y = self.corner(index)
        return x + self.cell_size / 2, y + self.cell_size / 2

    def locate(self, eastings: np.ndarray, northings: np.ndarray) -> list[int | None]:
        """The index of the kept cell holding each point (``None`` if none)."""
        index = {cell: i for i, cell in enumerate(self.cells)}
        columns = np.floor((eastings - self.origin[0]) / self.cell_size).astype(int)
        rows = np.floor((northings - self.origin[1]) / self.cell_size).astype(int)
        return [index.get((int(c), int(r))) for c, r in zip(columns, rows, strict=True)]

    def weights(self) -> BinaryWeights:
        """Queen neighbours among the kept cells: the eight cells around each (sfhotspot's
        default neighbour distance of cell size x sqrt(2))."""
        index = {cell: i for i, cell in enumerate(self.cells)}
        ids = [self.key(i) for i in range(len(self.cells))]
        pairs = [
            (ids[i], ids[j])
            for i, (c, r) in enumerate(self.cells)
            for dc, dr in ((1, 0), (0, 1), (1, 1), (1, -1))
            if (j := index.get((c + dc, r + dr))) is not None
        ]
        return BinaryWeights.from_pairs(
            ids, pairs, description=f"queen neighbours of {self.cell_size:,.0f} m grid cells"
        )


def to_british_national_grid(
    longitudes: Sequence[float], latitudes: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Easting and northing (EPSG:27700) of WGS84 points.

    Examples
    --------
    >>> x, y = to_british_national_grid([-2.7530], [52.7077])  # Shrewsbury
    >>> round(float(x[0]), -2), round(float(y[0]), -2)
    (349200.0, 312500.0)
    """
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = transformer.transform(np.asarray(longitudes, float), np.asarray(latitudes, float))
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def auto_cell_size(eastings: Sequence[float], northings: Sequence[float]) -> float:
    """sfhotspot's automatic cell size for points in metres.

    The shorter side of the points' bounding box divided by 50, rounded down to a multiple of
    100 m; if that would be 0 (a side under 5 km), the side divided by 50 unrounded.

    Examples
    --------
    >>> auto_cell_size([0, 47_000], [0, 62_000])
    900.0
    >>> auto_cell_size([0, 4_000], [0, 9_000])
    80.0
    """
    side = min(max(eastings) - min(eastings), max(northings) - min(northings))
    rounded = math.floor(side / CELLS_ON_SHORTER_SIDE / ROUND_TO_METRES)
    if rounded > 0:
        return float(rounded * ROUND_TO_METRES)
    return side / CELLS_ON_SHORTER_SIDE


def area_grid(
    points: tuple[np.ndarray, np.ndarray],
    *,
    area_lsoas: Collection[str],
    centroids: dict[str, tuple[float, float]],
    cell_size: float,
) -> Grid:
    """The grid cells of ``cell_size`` metres that lie in the area (see the module docstring).

    ``points`` are the area's records (eastings, northings); ``centroids`` maps every LSOA code
    of England and Wales to its centroid. The grid is aligned on multiples of ``cell_size``.
    """
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    codes = list(centroids)
    xy = np.array([centroids[c] for c in codes])
    inside = np.array([c in area_lsoas for c in codes])
    xs = np.concatenate([points[0], xy[inside, 0]])
    ys = np.concatenate([points[1], xy[inside, 1]])
    margin = 3 * cell_size
    x0 = math.floor((xs.min() - margin) / cell_size) * cell_size
    y0 = math.floor((ys.min() - margin) / cell_size) * cell_size
    columns = math.ceil((xs.max() + margin - x0) / cell_size)
    rows = math.ceil((ys.max() + margin - y0) / cell_size)
    mesh = np.meshgrid(np.arange(columns), np.arange(rows), indexing="ij")
    cc, rr = mesh[0].ravel(), mesh[1].ravel()
    centres = np.column_stack([x0 + (cc + 0.5) * cell_size, y0 + (rr + 0.5) * cell_size])
    _, nearest = cKDTree(xy).query(centres)
    keep = inside[nearest]
    if len(points[0]):
        pc = np.floor((points[0] - x0) / cell_size).astype(int)
        pr = np.floor((points[1] - y0) / cell_size).astype(int)
        keep[pc * rows + pr] = True
    cells = tuple((int(c), int(r)) for c, r in zip(cc[keep], rr[keep], strict=True))
    return Grid(cell_size=cell_size, origin=(float(x0), float(y0)), cells=cells)
