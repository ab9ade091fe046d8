"""How concentrated events are in a few places, against what chance alone would give.

A theme with 30 events in 200 wards has every event in the tenth of wards with most of them
however evenly it is spread: the observed share of the top tenth means something only beside
the share chance gives for the same number of events. :func:`top_share` returns both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["TopShare", "top_share"]


@dataclass(frozen=True)
class TopShare:
    """The share of events in the top ``fraction`` of places, observed and by chance.

    Attributes
    ----------
    places
        How many places make the top fraction (at least 1).
    observed
        The share of all events in the places with most of them.
    expected
        The mean of the same share over ``draws`` random spreads of the same number of events
        in proportion to the places' weights (residents).
    """

    places: int
    observed: float
    expected: float


def top_share(
    counts: Mapping[str, int],
    weights: Mapping[str, float],
    *,
    fraction: float = 0.1,
    draws: int = 500,
    seed: int = 20250401,
) -> TopShare | None:
    """The share of events in the top ``fraction`` of places, and what chance would give.

    Parameters
    ----------
    counts
        Place -> events (places missing have none).
    weights
        Every place of the area -> its weight (residents); a place with weight 0 gets the
        smallest positive weight so that it can still hold events.
    fraction
        The share of places at the top (a tenth: the rounded-up tenth of places).
    draws, seed
        The random spreads of the expected share, from a seeded generator (the same answer
        every run).

    Returns
    -------
    TopShare or None
        None when there are no events or no places.

    Notes
    -----
    Null hypothesis of the expected share: each event falls in a place with probability
    proportional to its weight, independently (a multinomial spread). The expected share is
    estimated by simulation; it is not a test.

    Examples
    --------
    >>> even = {f"w{i}": 10 for i in range(20)}
    >>> result = top_share(even, {f"w{i}": 1 for i in range(20)})
    >>> result.places, result.observed, 0.1 < result.expected < 0.2
    (2, 0.1, True)
    >>> top_share({}, {"w1": 1}) is None
    True
    """
    import numpy as np

    places = list(weights)
    total = sum(counts.get(p, 0) for p in places)
    if not places or total <= 0:
        return None
    k = max(1, math.ceil(len(places) * fraction))
    ordered = sorted((counts.get(p, 0) for p in places), reverse=True)
    observed = sum(ordered[:k]) / total
    positive = [w for w in weights.values() if w > 0]
    floor = min(positive) if positive else 1.0
    p = np.array([weights[place] if weights[place] > 0 else floor for place in places], float)
    rng = np.random.default_rng(seed)
    spread = rng.multinomial(total, p / p.sum(), size=draws)
    top = -np.sort(-spread, axis=1)[:, :k].sum(axis=1)
    return TopShare(k, observed, float(top.mean() / total))
