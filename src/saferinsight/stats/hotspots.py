"""Getis-Ord Gi* hot and cold spots, with p-values adjusted once for the places tested
(methods.md section 3.4), and the classification of places over several periods.

:func:`getis_ord_gi_star` computes Gi* for counts over binary weights that include each place
itself; :func:`classify_hotspots` turns a run of per-period results into persistent, emerging,
former and intermittent hot (and cold) spots, as sfhotspot's ``hotspot_classify`` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from saferinsight.errors import Hint, OptionError
from saferinsight.stats.weights import BinaryWeights

__all__ = [
    "ADJUSTMENTS",
    "CLASSES",
    "GiStarResult",
    "HotspotClass",
    "adjust_p_values",
    "classify_hotspots",
    "getis_ord_gi_star",
    "permutation_floor",
]

Adjustment = Literal["holm", "fdr_bh", "none"]
#: Multiple-testing adjustments: Holm (family-wise error, the default), Benjamini-Hochberg
#: (false discovery rate) or none.
ADJUSTMENTS: dict[str, str] = {
    "holm": "Holm (family-wise error rate)",
    "fdr_bh": "Benjamini-Hochberg (false discovery rate)",
    "none": "none",
}
Basis = Literal["analytical", "permutation"]
NULL_HYPOTHESIS = (
    "the counts are placed at random among the places: the count in and around each place is "
    "no higher or lower than a random arrangement of the same counts would give"
)
#: Classes of a place over periods, from :func:`classify_hotspots`.
CLASSES = (
    "persistent hotspot",
    "emerging hotspot",
    "former hotspot",
    "intermittent hotspot",
    "persistent coldspot",
    "emerging coldspot",
    "former coldspot",
    "intermittent coldspot",
    "no pattern",
)
HotspotClass = str
_CHUNK = 4_000_000  # simulated values held at once in the permutation test


@dataclass(frozen=True)
class GiStarResult:
    """The result of :func:`getis_ord_gi_star`, one value per place in ``ids`` order.

    Attributes
    ----------
    ids
        The places.
    counts
        The count of each place.
    z
        The Gi* z-score; ``nan`` where it is undefined (every count equal, or a place whose
        neighbourhood is every place).
    p_value
        Two-sided normal p-value of ``z`` (``nan`` where ``z`` is).
    p_adjusted
        ``p_value`` adjusted for the places tested by ``adjustment``.
    p_sim, p_sim_adjusted
        Two-sided conditional permutation p-values, raw and adjusted; empty when
        ``permutations`` is 0.
    hot, cold
        Whether each place is a hot (cold) spot: ``z`` above (below) 0 with its adjusted
        p-value (of ``basis``) below ``alpha``.
    permutations, seed, adjustment, alpha, basis
        The settings used.
    weights
        How the neighbours were chosen (:attr:`BinaryWeights.description`).
    islands
        Places with no neighbour: their Gi* compares their own count with the mean.
    null_hypothesis
        What each test rejects.
    warnings
        Plain statements about the result, such as :func:`permutation_floor`'s when no place
        can be significant on its permutation p-value.
    """

    ids: tuple[str, ...]
    counts: tuple[float, ...]
    z: tuple[float, ...]
    p_value: tuple[float, ...]
    p_adjusted: tuple[float, ...]
    p_sim: tuple[float, ...]
    p_sim_adjusted: tuple[float, ...]
    hot: tuple[bool, ...]
    cold: tuple[bool, ...]
    permutations: int
    seed: int | None
    adjustment: str
    alpha: float
    basis: str
    weights: str
    islands: tuple[str, ...]
    null_hypothesis: str = NULL_HYPOTHESIS
    warnings: tuple[str, ...] = ()

    @property
    def n_tested(self) -> int:
        """The number of places whose p-value entered the adjustment."""
        return sum(not math.isnan(p) for p in self.p_value)

    def label(self, index: int) -> str:
        """``"hotspot"``, ``"coldspot"`` or ``"not significant"`` for the place at ``index``."""
        return (
            "hotspot" if self.hot[index] else "coldspot" if self.cold[index] else "not significant"
        )


def getis_ord_gi_star(
    counts: Sequence[float] | np.ndarray,
    weights: BinaryWeights,
    *,
    permutations: int = 999,
    seed: int | np.random.Generator | None = None,
    adjustment: Adjustment = "holm",
    alpha: float = 0.05,
    basis: Basis = "analytical",
) -> GiStarResult:
    """Getis-Ord Gi* of each place: is the count in and around it unusually high or low?

    With binary weights ``w_ij`` that include the place itself (``w_ii = 1``)::

        Gi* = (sum_j w_ij x_j - mean(x) W_i) / (S sqrt((n W2_i - W_i^2) / (n - 1)))

    where ``W_i = sum_j w_ij``, ``W2_i = sum_j w_ij^2``, and ``mean(x)`` and ``S`` (the
    standard deviation with divisor ``n``) are taken over all ``n`` places (Getis & Ord 1992;
    Ord & Getis 1995, eq. 5). This is esda's ``G_Local(star=True)`` z-score with binary
    weights.

    Null hypothesis: the counts are arranged at random among the places (conditional on the
    set of counts). The tests are two-sided: a place is a hot spot if its z-score is positive
    and significant, a cold spot if negative and significant.

    - The analytical p-value treats Gi* as standard normal, which Ord & Getis (1995) justify
      for neighbourhoods of at least about 8 places; with fewer neighbours or small counts,
      prefer the permutation p-value.
    - The permutation p-value is conditional: the place keeps its own count and its
      neighbours' counts are drawn without replacement from the other places' counts,
      ``permutations`` times; it is ``2 min(#(sim >= obs) + 1, #(sim <= obs) + 1) /
      (permutations + 1)``, capped at 1. One set of draws is shared by all places, as in esda.
    - P-values are adjusted once, over every place with a defined z-score, by ``adjustment``
      (sfhotspot issue 94): Holm by default, or Benjamini-Hochberg (``"fdr_bh"``).

    Parameters
    ----------
    counts
        One non-negative count (or rate) per place of ``weights``.
    weights
        Binary neighbours (the place itself is added).
    permutations
        Random arrangements for the permutation p-values (0 for none).
    seed
        Seed or ``numpy.random.Generator`` of the permutations; the same seed gives the same
        p-values.
    adjustment
        ``"holm"``, ``"fdr_bh"`` or ``"none"``.
    alpha
        Significance level for ``hot`` and ``cold``.
    basis
        Which adjusted p-value decides ``hot`` and ``cold``: ``"analytical"`` or
        ``"permutation"``.

    Returns
    -------
    GiStarResult

    References
    ----------
    Getis, A. and Ord, J. K. (1992) The analysis of spatial association by use of distance
    statistics. *Geographical Analysis* 24(3), 189-206.
    Ord, J. K. and Getis, A. (1995) Local spatial autocorrelation statistics: distributional
    issues and an application. *Geographical Analysis* 27(4), 286-306.

    Examples
    --------
    A chain of four places with counts 0, 1, 2 and 5; the last has ``z = 3 sqrt(3/14)``:

    >>> w = BinaryWeights.from_pairs("abcd", [("a", "b"), ("b", "c"), ("c", "d")],
    ...                              description="a chain")
    >>> result = getis_ord_gi_star([0, 1, 2, 5], w, permutations=0)
    >>> round(result.z[3], 6), round(3 * (3 / 14) ** 0.5, 6)
    (1.38873, 1.38873)
    >>> result.hot
    (False, False, False, False)
    """
    _check(counts, weights, permutations, adjustment, alpha, basis)
    x = np.asarray(counts, dtype=np.float64)
    z = gi_star_z(x, weights)
    p = _two_sided(z)
    p_adjusted = adjust_p_values(p, method=adjustment)
    p_sim = p_sim_adjusted = np.array([])
    if permutations:
        p_sim = _permutation_p(x, weights, permutations, np.random.default_rng(seed))
        p_sim[np.isnan(z)] = np.nan
        p_sim_adjusted = adjust_p_values(p_sim, method=adjustment)
    decided = p_adjusted if basis == "analytical" else p_sim_adjusted
    significant = np.nan_to_num(decided, nan=1.0) < alpha
    tested = int((~np.isnan(z)).sum())
    floor = permutation_floor(permutations, tested, adjustment=adjustment, alpha=alpha)
    return GiStarResult(
        ids=weights.ids,
        counts=tuple(float(v) for v in x),
        z=tuple(float(v) for v in z),
        p_value=tuple(float(v) for v in p),
        p_adjusted=tuple(float(v) for v in p_adjusted),
        p_sim=tuple(float(v) for v in p_sim),
        p_sim_adjusted=tuple(float(v) for v in p_sim_adjusted),
        hot=tuple(bool(v) for v in significant & (z > 0)),
        cold=tuple(bool(v) for v in significant & (z < 0)),
        permutations=permutations,
        seed=seed if isinstance(seed, int) else None,
        adjustment=adjustment,
        alpha=alpha,
        basis=basis,
        weights=weights.description,
        islands=weights.islands,
        warnings=() if floor is None else (floor,),
    )


def permutation_floor(
    permutations: int, tested: int, *, adjustment: str = "holm", alpha: float = 0.05
) -> str | None:
    """Why no place can be significant on its permutation p-value, or ``None`` if one can.

    With ``P`` permutations the smallest two-sided permutation p-value is ``2 / (P + 1)``.
    Holm multiplies the smallest p-value of ``N`` places by ``N``; Benjamini-Hochberg and no
    adjustment leave the smallest at least ``2 / (P + 1)``. When that floor, so adjusted, is
    not below ``alpha``, no place can be a significant hot or cold spot on the permutation
    p-values whatever the data; the warning says so and how many permutations would do.

    Examples
    --------
    >>> print(permutation_floor(999, 198))  # doctest: +NORMALIZE_WHITESPACE
    With 999 permutations the smallest permutation p-value is 2/1,000 = 0.002; Holm's
    adjustment across 198 places raises it to at least 0.396, not below alpha 0.05, so no
    place can be significant on its permutation p-value, whatever the data. Use at least
    7,920 permutations, or the analytical p-values.
    >>> permutation_floor(9_999, 198) is None
    True
    """
    if permutations <= 0 or tested <= 0:
        return None
    floor = 2 / (permutations + 1)
    multiplier = tested if adjustment == "holm" else 1
    if floor * multiplier < alpha:
        return None
    needed = math.floor(2 * multiplier / alpha)  # the least P with 2 m / (P + 1) < alpha
    while 2 * multiplier / (needed + 1) >= alpha:
        needed += 1
    how = (
        f"Holm's adjustment across {tested:,} places raises it to at least "
        f"{min(1.0, floor * multiplier):.3g}"
        if adjustment == "holm"
        else "that is"
    )
    return (
        f"With {permutations:,} permutations the smallest permutation p-value is "
        f"2/{permutations + 1:,} = {floor:.3g}; {how}, not below alpha {alpha:g}, so no place "
        "can be significant on its permutation p-value, whatever the data. Use at least "
        f"{needed:,} permutations, or the analytical p-values."
    )


def gi_star_z(x: np.ndarray, weights: BinaryWeights) -> np.ndarray:
    """Gi* z-scores of ``x`` over ``weights`` with each place included (sparse computation)."""
    n = len(x)
    local = weights.matrix(include_self=True) @ x
    w_i = weights.cardinalities.astype(np.float64) + 1.0
    mean = x.mean()
    s = math.sqrt(max(float((x * x).mean() - mean * mean), 0.0))
    spread = n * w_i - w_i * w_i  # n W2_i - W_i^2, with W2_i = W_i for binary weights
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (local - mean * w_i) / (s * np.sqrt(spread / (n - 1)))
    z[(spread <= 0) | (s <= 1e-12 * max(1.0, abs(mean)))] = np.nan
    return np.asarray(z, dtype=np.float64)


def adjust_p_values(p: np.ndarray, *, method: str) -> np.ndarray:
    """P-values adjusted by ``method`` (Holm, Benjamini-Hochberg or none), ignoring ``nan``.

    Holm: the k-th smallest of m p-values times (m - k + 1), made non-decreasing in that
    order. Benjamini-Hochberg: the k-th smallest times m / k, made non-increasing from the
    largest. Both are capped at 1.

    Examples
    --------
    >>> adjust_p_values(np.array([0.01, 0.04, np.nan, 0.03]), method="holm").tolist()
    [0.03, 0.06, nan, 0.06]
    """
    out = np.array(p, dtype=np.float64)
    tested = np.flatnonzero(~np.isnan(out))
    m = len(tested)
    if method == "none" or m == 0:
        return out
    order = tested[np.argsort(out[tested], kind="stable")]
    rank = np.arange(1, m + 1)
    if method == "holm":
        adjusted = np.maximum.accumulate(out[order] * (m - rank + 1))
    else:
        adjusted = np.minimum.accumulate((out[order] * m / rank)[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _two_sided(z: np.ndarray) -> np.ndarray:
    from scipy.stats import norm  # type: ignore[import-untyped]

    return np.asarray(2.0 * norm.sf(np.abs(z)), dtype=np.float64)


def _permutation_p(
    x: np.ndarray, weights: BinaryWeights, permutations: int, rng: np.random.Generator
) -> np.ndarray:
    """Two-sided conditional permutation p-values (see :func:`getis_ord_gi_star`)."""
    n = len(x)
    k = weights.cardinalities
    p = np.ones(n)
    k_max = int(k.max(initial=0))
    if k_max == 0:
        return p
    # Row r holds k_max distinct indices into the other n - 1 places; index j >= i means j + 1.
    draws = np.stack([rng.choice(n - 1, size=k_max, replace=False) for _ in range(permutations)])
    local = weights.matrix(include_self=True) @ x
    for size in np.unique(k[k > 0]):
        sites = np.flatnonzero(k == size)
        step = max(1, _CHUNK // (permutations * int(size)))
        for start in range(0, len(sites), step):
            chunk = sites[start : start + step]
            index = draws[None, :, :size]
            index = index + (index >= chunk[:, None, None])
            simulated = x[index].sum(axis=2) + x[chunk, None]
            observed = local[chunk, None]
            above = (simulated >= observed).sum(axis=1)
            below = (simulated <= observed).sum(axis=1)
            p[chunk] = np.minimum(1.0, 2.0 * (np.minimum(above, below) + 1) / (permutations + 1))
    return p


def _check(
    counts: Sequence[float] | np.ndarray,
    weights: BinaryWeights,
    permutations: int,
    adjustment: str,
    alpha: float,
    basis: str,
) -> None:
    if len(counts) != weights.n:
        raise OptionError(
            "counts", f"has {len(counts)} values for {weights.n} places; give one per place."
        )
    if weights.n < 3:
        raise OptionError("counts", f"has {weights.n} places; Gi* needs at least 3.")
    if not isinstance(permutations, int) or permutations < 0:
        raise OptionError("permutations", f"must be a whole number, 0 or more; got {permutations}.")
    if adjustment not in ADJUSTMENTS:
        raise OptionError(
            "adjustment",
            f"must be one of {', '.join(ADJUSTMENTS)}; got {adjustment!r}.",
            hint=Hint("retry", "Use holm (the default) or fdr_bh.", options={"adjustment": "holm"}),
        )
    if basis not in ("analytical", "permutation") or (basis == "permutation" and not permutations):
        raise OptionError(
            "basis", "must be analytical, or permutation with at least one permutation."
        )
    if not 0 < alpha < 1:
        raise OptionError("alpha", f"must be between 0 and 1; got {alpha}.")


def classify_hotspots(
    hot: Sequence[Sequence[bool]],
    cold: Sequence[Sequence[bool]],
    *,
    recent_share: float = 0.2,
    persistent_share: float = 0.8,
    minimum_share: float = 0.1,
) -> tuple[HotspotClass, ...]:
    """Classify each place from its hot- and cold-spot flags in consecutive periods.

    ``hot[t][i]`` says whether place ``i`` was a significant hot spot in period ``t`` (oldest
    first), and likewise ``cold``. Following sfhotspot's ``hotspot_classify`` and Chainey (2020),
    with the recent periods the last ``floor(recent_share * periods)`` (at least one):

    - **persistent**: significant in at least ``persistent_share`` of all periods;
    - **emerging**: significant in at least ``minimum_share`` of the recent periods and in none
      of the earlier ones;
    - **former**: significant in at least ``minimum_share`` of the earlier periods and in none
      of the recent ones;
    - **intermittent**: any other place significant in at least ``minimum_share`` of periods;
    - otherwise **no pattern**. Hot spot classes are checked before cold spot ones.

    Examples
    --------
    >>> hot = [[True, False, False]] * 8 + [[True, True, False]] * 2
    >>> cold = [[False, False, False]] * 10
    >>> classify_hotspots(hot, cold)
    ('persistent hotspot', 'emerging hotspot', 'no pattern')
    """
    periods = len(hot)
    if periods < 2 or len(cold) != periods:
        raise OptionError("periods", f"must be at least 2 with hot and cold flags; got {periods}.")
    recent = max(1, math.floor(recent_share * periods))
    result: list[str] = []
    for flags_hot, flags_cold in zip(zip(*hot, strict=True), zip(*cold, strict=True), strict=True):
        label = _classify(flags_hot, recent, persistent_share, minimum_share)
        if label is not None:
            result.append(f"{label} hotspot")
            continue
        label = _classify(flags_cold, recent, persistent_share, minimum_share)
        result.append("no pattern" if label is None else f"{label} coldspot")
    return tuple(result)


def _classify(
    flags: Sequence[bool], recent: int, persistent_share: float, minimum_share: float
) -> str | None:
    periods = len(flags)
    earlier, later = flags[: periods - recent], flags[periods - recent :]
    share = sum(flags) / periods
    if share >= persistent_share:
        return "persistent"
    if not any(earlier) and sum(later) / recent >= minimum_share:
        return "emerging"
    if earlier and not any(later) and sum(earlier) / len(earlier) >= minimum_share:
        return "former"
    if share >= minimum_share:
        return "intermittent"
    return None
