"""Binary spatial weights: which places are neighbours of which.

A :class:`BinaryWeights` lists, for each place, the indices of its neighbours (never itself);
Getis-Ord Gi* adds each place to its own neighbourhood. It is built from neighbour pairs (LSOA
contiguity from :mod:`saferinsight.geo.contiguity`, grid cells from :mod:`saferinsight.geo.grid`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

__all__ = ["BinaryWeights"]


@dataclass(frozen=True)
class BinaryWeights:
    """Binary (0/1) symmetric spatial weights among places.

    Attributes
    ----------
    ids
        The places, in the order of every array computed with these weights.
    neighbours
        For each place, the sorted indices of its neighbours, itself excluded.
    description
        How the neighbours were chosen, such as ``"queen contiguity of 2021 LSOAs"``.
    """

    ids: tuple[str, ...]
    neighbours: tuple[tuple[int, ...], ...]
    description: str

    @classmethod
    def from_pairs(
        cls, ids: Sequence[str], pairs: Iterable[tuple[str, str]], *, description: str
    ) -> BinaryWeights:
        """Weights from unordered neighbour pairs of ``ids`` (pairs naming other places, or a
        place with itself, are ignored).

        Examples
        --------
        >>> w = BinaryWeights.from_pairs(["a", "b", "c"], [("a", "b"), ("c", "b")],
        ...                              description="a chain")
        >>> w.neighbours
        ((1,), (0, 2), (1,))
        """
        index = {code: i for i, code in enumerate(ids)}
        found: list[set[int]] = [set() for _ in ids]
        for a, b in pairs:
            i, j = index.get(a), index.get(b)
            if i is not None and j is not None and i != j:
                found[i].add(j)
                found[j].add(i)
        return cls(tuple(ids), tuple(tuple(sorted(s)) for s in found), description)

    @property
    def n(self) -> int:
        """The number of places."""
        return len(self.ids)

    @property
    def cardinalities(self) -> np.ndarray:
        """The number of neighbours of each place (itself excluded)."""
        return np.array([len(s) for s in self.neighbours], dtype=np.int64)

    @property
    def islands(self) -> tuple[str, ...]:
        """Places with no neighbour."""
        return tuple(code for code, s in zip(self.ids, self.neighbours, strict=True) if not s)

    def matrix(self, *, include_self: bool) -> sparse.csr_array:
        """The n x n 0/1 weights matrix, with ones on the diagonal if ``include_self``."""
        rows = np.repeat(np.arange(self.n), self.cardinalities)
        cols = np.fromiter((j for s in self.neighbours for j in s), dtype=np.int64)
        if include_self:
            rows = np.concatenate([rows, np.arange(self.n)])
            cols = np.concatenate([cols, np.arange(self.n)])
        data = np.ones(len(rows), dtype=np.float64)
        return sparse.csr_array((data, (rows, cols)), shape=(self.n, self.n))
