"""The Knox test for near repeats: do events close in space also fall close in time?

:func:`knox_test` counts every pair of events by distance band and time band and compares the
counts with what random reassignment of the events' dates gives (Ratcliffe's Near Repeat
Calculator, methods.md 3.4). The dates are whole months when the events are police.uk street
records, and the places their anonymised snap points: see :data:`POLICE_UK_LIMITS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from saferinsight.errors import OptionError

__all__ = ["NULL_HYPOTHESIS", "POLICE_UK_LIMITS", "KnoxResult", "knox_test"]

NULL_HYPOTHESIS = (
    "when an event happened is independent of where it happened: every reassignment of the "
    "observed dates to the observed places is equally likely, so pairs close in space are no "
    "more often close in time than pairs far apart"
)
#: What police.uk street records allow a near-repeat test to say.
POLICE_UK_LIMITS = (
    "police.uk gives each record's month, not its date, so time bands are whole months: "
    "'same month' pairs may be a day or four weeks apart, and the days-long near-repeat "
    "window found in burglary research cannot be seen. Each record is placed at an "
    "anonymised snap point (the centre of a street or a landmark), never its address: "
    "'same location' means the same snap point, which may be different properties on one "
    "street, and distances between snap points are only as fine as the snap points are dense."
)


@dataclass(frozen=True)
class KnoxResult:
    """The result of :func:`knox_test`: one row per distance band, one column per time band.

    Attributes
    ----------
    distance_bands
        Label of each distance band: ``"same location"``, then ``"1 to 200 m"``... and last
        ``"more than ... m"``.
    time_bands
        Label of each time band, such as ``"0 months"`` (same month), ``"1 month"``... and last
        ``"more than ..."``.
    observed
        Pairs of events in each (distance band, time band).
    expected
        Mean count over the simulations.
    ratio
        ``observed / expected`` (``nan`` where ``expected`` is 0).
    p_value
        One-sided Monte Carlo p-value of an excess: ``(#(simulated >= observed) + 1) /
        (permutations + 1)``.
    events, pairs
        Events tested and the pairs among them.
    permutations, seed
        The simulations and their seed.
    null_hypothesis
        What each p-value tests.
    """

    distance_bands: tuple[str, ...]
    time_bands: tuple[str, ...]
    observed: tuple[tuple[int, ...], ...]
    expected: tuple[tuple[float, ...], ...]
    ratio: tuple[tuple[float, ...], ...]
    p_value: tuple[tuple[float, ...], ...]
    events: int
    pairs: int
    permutations: int
    seed: int | None
    null_hypothesis: str = NULL_HYPOTHESIS


def knox_test(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    t: Sequence[int] | np.ndarray,
    *,
    distance_band: float = 200.0,
    distance_bands: int = 5,
    time_band: int = 1,
    time_bands: int = 3,
    time_unit: str = "month",
    permutations: int = 999,
    seed: int | np.random.Generator | None = None,
) -> KnoxResult:
    """Knox test of space-time interaction by distance and time band, with Monte Carlo dates.

    Every unordered pair of events ``i < j`` falls in one distance band and one time band:

    - distance ``d = hypot(x_i - x_j, y_i - y_j)`` (metres, projected coordinates): band 0 is
      ``d == 0`` (the same location), band ``k`` for ``k = 1 .. distance_bands`` is
      ``(k - 1) b < d <= k b`` with ``b = distance_band``, and the last band is ``d > b
      distance_bands``;
    - time ``|t_i - t_j|`` (whole units, such as months): band ``k`` for ``k = 0 ..
      time_bands - 1`` is ``k c <= |dt| < (k + 1) c`` with ``c = time_band``, and the last
      band is ``|dt| >= c time_bands``.

    Null hypothesis: when an event happened is independent of where it happened. Each
    simulation reassigns the observed dates to the events at random (a uniform permutation,
    ``rng.permutation(n)``, drawn in turn from ``numpy.random.default_rng(seed)``) and counts
    the pairs again; the expected count is the mean over the simulations and the p-value of
    each cell is one-sided, for an excess of pairs: ``(#(simulated >= observed) + 1) /
    (permutations + 1)``. This is the Near Repeat Calculator's method (Ratcliffe 2009), a
    cell-by-cell form of Knox (1964). The p-values are not adjusted for the number of cells.

    Only pairs within the outermost distance band change between simulations in a way that
    matters: the pairs by time band over all pairs are the same in every simulation, so the
    last distance band is computed as all pairs less the near ones.

    Parameters
    ----------
    x, y
        Coordinates of the events in metres (EPSG:27700).
    t
        The time of each event in whole ``time_unit`` (such as a month index).
    distance_band, distance_bands
        Width of the distance bands in metres, and how many before "more than".
    time_band, time_bands
        Width of the time bands in ``time_unit``, and how many before "more than".
    time_unit
        Word for the unit of ``t``, for the labels.
    permutations
        Simulations (at least 19; the Near Repeat Calculator uses 99 or more).
    seed
        Seed or generator; the same seed gives the same result.

    References
    ----------
    Knox, E. G. (1964) The detection of space-time interactions. *Journal of the Royal
    Statistical Society C* 13(1), 25-30.
    Ratcliffe, J. H. (2009) Near Repeat Calculator (version 1.3). Temple University and the
    National Institute of Justice.

    Examples
    --------
    Two pairs at the same place in the same month, two pairs far apart and months apart:

    >>> result = knox_test([0, 0, 5000, 5000], [0, 0, 0, 0], [0, 0, 6, 6],
    ...                    distance_bands=1, time_bands=1, permutations=99, seed=1)
    >>> result.distance_bands, result.time_bands
    (('same location', '1 to 200 m', 'more than 200 m'), ('0 months', 'more than 0 months'))
    >>> result.observed
    ((2, 0), (0, 0), (0, 4))
    """
    xs, ys, ts = _check(x, y, t, distance_band, distance_bands, time_band, time_bands)
    if not isinstance(permutations, int) or permutations < 19:
        raise OptionError("permutations", f"must be at least 19; got {permutations}.")
    n = len(xs)
    d_band, first, second = _near_pairs(xs, ys, distance_band, distance_bands)
    shape = (distance_bands + 2, time_bands + 1)
    all_by_time = _all_pairs_by_time(ts, time_band, time_bands)

    def table(times: np.ndarray) -> np.ndarray:
        t_band = np.minimum(np.abs(times[first] - times[second]) // time_band, time_bands)
        near = np.bincount(d_band * shape[1] + t_band, minlength=shape[0] * shape[1])
        counts = near.reshape(shape)
        counts[-1] = all_by_time - counts[:-1].sum(axis=0)
        return counts

    observed = table(ts)
    rng = np.random.default_rng(seed)
    total = np.zeros(shape)
    at_least = np.zeros(shape, dtype=np.int64)
    for _ in range(permutations):
        simulated = table(ts[rng.permutation(n)])
        total += simulated
        at_least += simulated >= observed
    expected = total / permutations
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p = (at_least + 1) / (permutations + 1)
    return KnoxResult(
        distance_bands=_distance_labels(distance_band, distance_bands),
        time_bands=_time_labels(time_band, time_bands, time_unit),
        observed=tuple(tuple(int(v) for v in row) for row in observed),
        expected=tuple(tuple(float(v) for v in row) for row in expected),
        ratio=tuple(tuple(float(v) for v in row) for row in ratio),
        p_value=tuple(tuple(float(v) for v in row) for row in p),
        events=n,
        pairs=n * (n - 1) // 2,
        permutations=permutations,
        seed=seed if isinstance(seed, int) else None,
    )


def _check(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    t: Sequence[int] | np.ndarray,
    distance_band: float,
    distance_bands: int,
    time_band: int,
    time_bands: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ts = np.asarray(t, dtype=np.int64)
    if not len(xs) == len(ys) == len(ts):
        raise OptionError("events", "need x, y and t of the same length.")
    if len(xs) < 3:
        raise OptionError("events", f"are {len(xs)}; the Knox test needs at least 3.")
    if not np.isfinite(xs).all() or not np.isfinite(ys).all():
        raise OptionError("events", "have coordinates that are missing or not finite.")
    if not (math.isfinite(distance_band) and distance_band > 0):
        raise OptionError("distance_band", f"must be more than 0 metres; got {distance_band}.")
    if not 1 <= distance_bands <= 50:
        raise OptionError("distance_bands", f"must be 1 to 50; got {distance_bands}.")
    if time_band < 1:
        raise OptionError("time_band", f"must be 1 or more; got {time_band}.")
    if not 1 <= time_bands <= 50:
        raise OptionError("time_bands", f"must be 1 to 50; got {time_bands}.")
    return xs, ys, ts


def _near_pairs(
    x: np.ndarray, y: np.ndarray, width: float, bands: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance band (0 = same location, 1..bands) and the two events of each pair within
    ``width * bands`` metres."""
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    pairs = cKDTree(np.column_stack([x, y])).query_pairs(width * bands, output_type="ndarray")
    first, second = pairs[:, 0], pairs[:, 1]
    d = np.hypot(x[first] - x[second], y[first] - y[second])
    band = np.where(d == 0, 0, np.minimum(np.ceil(d / width), bands)).astype(np.int64)
    return band, first, second


def _all_pairs_by_time(t: np.ndarray, width: int, bands: int) -> np.ndarray:
    """Pairs of all events by time band, from the counts of each time value."""
    values, counts = np.unique(t, return_counts=True)
    result = np.zeros(bands + 1, dtype=np.int64)
    for a, (value, count) in enumerate(zip(values, counts, strict=True)):
        result[0] += count * (count - 1) // 2
        gaps = np.minimum((values[a + 1 :] - value) // width, bands)
        np.add.at(result, gaps, count * counts[a + 1 :])
    return result


def _distance_labels(width: float, bands: int) -> tuple[str, ...]:
    def metres(v: float) -> str:
        return f"{v:,.0f}"

    labels = ["same location"]
    for k in range(bands):
        low = "1" if k == 0 else metres(k * width)
        labels.append(f"{low} to {metres((k + 1) * width)} m")
    labels.append(f"more than {metres(bands * width)} m")
    return tuple(labels)


def _time_labels(width: int, bands: int, unit: str) -> tuple[str, ...]:
    def plural(v: int) -> str:
        return f"{v} {unit}" + ("" if v == 1 else "s")

    labels = [
        plural(k * width) if width == 1 else f"{k * width} to {(k + 1) * width - 1} {unit}s"
        for k in range(bands)
    ]
    labels.append(f"more than {plural(bands * width - 1)}")
    return tuple(labels)
