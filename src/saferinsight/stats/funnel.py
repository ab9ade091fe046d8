"""Funnel plots of rates: Poisson control limits around a group rate (methods.md section 3.3).

A funnel plot draws each unit's rate against its population, with control limits around the
group rate that narrow as the population grows (Spiegelhalter 2005a). A unit outside the limits
is further from the group rate than chance alone would often take it.

**Null hypothesis** of each unit's position: its count is a Poisson variable with mean
:math:`\\theta n_i`, the group rate :math:`\\theta` times the unit's population: the unit's
underlying rate equals the group's. At 95% limits about 1 unit in 20 lies outside by chance,
at 99.8% about 1 in 500. With an overdispersion adjustment the null hypothesis is that the
unit's underlying rate lies in the spread of the units' underlying rates around :math:`\\theta`
that the data show, so a unit outside the limits is unusual even allowing for real differences
between units.

**Limits without adjustment** (exact Poisson, as the Public Health England / Fingertips funnel
method and NHS-R's FunnelPlotR compute them): with expected count :math:`E = \\theta n`,

- lower limit of the count :math:`\\chi^2_{\\alpha/2}(2E)/2` (0 when :math:`E = 0`),
- upper limit of the count :math:`\\chi^2_{1-\\alpha/2}(2E+2)/2`,

divided by :math:`n` for the rate; :math:`\\alpha` is 0.05 (95%) or 0.002 (99.8%). For a whole
:math:`E` these are the exact (Garwood) confidence limits of a count of :math:`E`.

**Overdispersion.** Rates of crime differ between partnerships far more than Poisson noise
explains (city centres, daytime populations), so most units fall outside plain Poisson limits.
Spiegelhalter (2005b) estimates the excess from the z-scores
:math:`z_i = (y_i - \\theta)/s_i`, :math:`s_i = \\sqrt{\\theta / n_i}`, winsorised at their 10th
and 90th percentiles (linear interpolation) so that outliers do not inflate the estimate:
:math:`\\hat\\phi = \\frac{1}{I}\\sum z_i^2`. Two adjustments, both with normal limits
:math:`\\theta \\pm z_{1-\\alpha/2}\\,\\sigma_i`:

- ``"multiplicative"``: :math:`\\sigma_i = \\sqrt{\\max(\\hat\\phi, 1)}\\, s_i`;
- ``"additive"`` (random effects): :math:`\\sigma_i = \\sqrt{s_i^2 + \\hat\\tau^2}` with
  :math:`\\hat\\tau^2 = \\max\\left(0, \\frac{I\\hat\\phi - (I - 1)}{\\sum w_i -
  \\sum w_i^2 / \\sum w_i}\\right)`, :math:`w_i = 1/s_i^2`.

:math:`\\hat\\phi` and :math:`\\hat\\tau^2` are always reported, whichever limits are drawn.

References
----------
Spiegelhalter DJ (2005a). Funnel plots for comparing institutional performance. *Statistics in
Medicine* 24: 1185-1202. Spiegelhalter DJ (2005b). Handling over-dispersion of performance
indicators. *Quality and Safety in Health Care* 14: 347-351. Public Health England (2018),
*Technical Guide: Funnel plots*; NHS-R Community, FunnelPlotR (``poisson_limits``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from saferinsight.stats.intervals import _as_count

__all__ = [
    "ADJUSTMENTS",
    "Funnel",
    "FunnelLimits",
    "FunnelPoint",
    "funnel",
    "poisson_limits",
]

#: The overdispersion adjustments.
ADJUSTMENTS = ("none", "multiplicative", "additive")
#: Two-sided levels of the inner and outer limits.
LEVELS = (0.95, 0.998)
WINSOR = 0.10

HIGH_OUTER, HIGH, WITHIN, LOW, LOW_OUTER = (
    "above 99.8% limit",
    "above 95% limit",
    "within limits",
    "below 95% limit",
    "below 99.8% limit",
)

NULL_HYPOTHESIS = (
    "each unit's count is Poisson with mean the group rate times its population (its underlying "
    "rate equals the group's); with an overdispersion adjustment, its underlying rate lies "
    "within the spread between units that the data show"
)


@dataclass(frozen=True)
class FunnelLimits:
    """The control limits (rates per ``per``) for one population size."""

    denominator: float
    expected: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float


@dataclass(frozen=True)
class FunnelPoint:
    """One unit on the funnel plot.

    ``z`` is the unadjusted Poisson z-score :math:`(y - \\theta)/\\sqrt{\\theta/n}`; ``position``
    is where the count lies against the limits drawn (one of "above 99.8% limit", "above 95%
    limit", "within limits", "below 95% limit", "below 99.8% limit").
    """

    key: str
    count: int
    denominator: float
    rate: float
    z: float
    limits: FunnelLimits
    position: str

    @property
    def outlier(self) -> bool:
        """Outside the 95% limits (either side)."""
        return self.position != WITHIN


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's target, limits and points."""

    target: float
    per: int
    points: tuple[FunnelPoint, ...]
    adjustment: str
    phi: float
    tau2: float
    null_hypothesis: str = NULL_HYPOTHESIS

    @property
    def method(self) -> str:
        """One line saying how the limits were computed."""
        if self.adjustment == "none":
            return (
                "95% and 99.8% exact Poisson limits around the group rate (chi-square method, "
                f"Public Health England / Spiegelhalter 2005); dispersion phi {self.phi:.2f} "
                "(winsorised z-scores, not used)"
            )
        spread = (
            f"phi {self.phi:.2f}"
            if self.adjustment == "multiplicative"
            else f"tau2 {self.tau2 * self.per**2:.4g} per {self.per:,} squared"
        )
        return (
            f"95% and 99.8% normal limits around the group rate with {self.adjustment} "
            f"overdispersion adjustment ({spread}; Spiegelhalter 2005, z-scores winsorised at "
            "10%)"
        )

    @property
    def outliers(self) -> tuple[FunnelPoint, ...]:
        """The points outside the 95% limits, highest rate first."""
        return tuple(sorted((p for p in self.points if p.outlier), key=lambda p: -p.rate))

    def point(self, key: str) -> FunnelPoint:
        """One unit's point, by key."""
        for p in self.points:
            if p.key == key:
                return p
        raise KeyError(key)

    def limits(self, denominator: float) -> FunnelLimits:
        """The limits for a unit of population ``denominator`` (to draw the funnel's curves)."""
        return _limits(
            self.target / self.per, denominator, self.per, self.adjustment, self.phi, self.tau2
        )


def poisson_limits(
    rate_per_person: float, denominator: float, *, level: float
) -> tuple[float, float]:
    """Exact Poisson control limits of the count for a population ``denominator``.

    The count limits :math:`\\chi^2_{\\alpha/2}(2E)/2` and :math:`\\chi^2_{1-\\alpha/2}(2E+2)/2`
    with :math:`E` = ``rate_per_person * denominator``.

    Examples
    --------
    >>> lower, upper = poisson_limits(0.001, 10_000, level=0.95)  # E = 10
    >>> round(lower, 3), round(upper, 3)
    (4.795, 18.39)
    """
    from scipy.special import gammaincinv  # type: ignore[import-untyped]

    expected = rate_per_person * denominator
    alpha = 1.0 - level
    # chi2.ppf(q, 2k) / 2 is the q-quantile of a Gamma(k, 1) variable.
    lower = 0.0 if expected <= 0 else float(gammaincinv(expected, alpha / 2))
    upper = float(gammaincinv(expected + 1, 1 - alpha / 2))
    return lower, upper


def funnel(
    keys: Sequence[str],
    counts: Sequence[int],
    denominators: Sequence[float],
    *,
    per: int = 1000,
    target: float | None = None,
    adjustment: str = "none",
) -> Funnel:
    """Funnel-plot limits and each unit's position around the group rate.

    Parameters
    ----------
    keys, counts, denominators
        One entry per unit: a name, its count of events and its population (positive).
    per
        Rates are per this many of the population.
    target
        The centre line, a rate per ``per``; default the group rate
        :math:`\\sum O_i / \\sum n_i`.
    adjustment
        ``"none"`` (exact Poisson limits), ``"multiplicative"`` or ``"additive"``
        overdispersion adjustment (see the module docstring).

    Returns
    -------
    Funnel

    Examples
    --------
    >>> f = funnel(["a", "b", "c"], [10, 30, 200], [10_000, 10_000, 100_000])
    >>> round(f.target, 4)
    2.0
    >>> [p.position for p in f.points]
    ['below 95% limit', 'within limits', 'within limits']
    """
    if not len(keys) == len(counts) == len(denominators):
        raise ValueError("keys, counts and denominators must have the same length")
    if adjustment not in ADJUSTMENTS:
        raise ValueError(f"adjustment must be one of {', '.join(ADJUSTMENTS)}")
    observed = [_as_count(c, "count") for c in counts]
    if any(not n > 0 for n in denominators):
        raise ValueError("every denominator must be positive")
    if not keys:
        raise ValueError("a funnel needs at least one unit")
    theta = sum(observed) / sum(denominators) if target is None else target / per
    if theta <= 0:
        raise ValueError("the group rate must be positive")
    z = [
        (o / n - theta) / math.sqrt(theta / n) for o, n in zip(observed, denominators, strict=True)
    ]
    phi, tau2 = _dispersion(z, denominators, theta)
    points = []
    every = _all_limits(theta, denominators, per, adjustment, phi, tau2)
    for key, o, n, zi, limits in zip(keys, observed, denominators, z, every, strict=True):
        points.append(
            FunnelPoint(key, o, n, o / n * per, zi, limits, _position(o / n * per, limits))
        )
    return Funnel(theta * per, per, tuple(points), adjustment, phi, tau2)


def _dispersion(
    z: Sequence[float], denominators: Sequence[float], theta: float
) -> tuple[float, float]:
    """Spiegelhalter's phi from 10%-winsorised z-scores, and the additive tau^2 (per person^2)."""
    import numpy as np

    count = len(z)
    low, high = np.percentile(z, [100 * WINSOR, 100 * (1 - WINSOR)])
    winsorised = np.clip(np.asarray(z, dtype=float), low, high)
    phi = float(np.mean(winsorised**2))
    weights = np.asarray(denominators, dtype=float) / theta  # 1 / s_i^2
    spread = float(weights.sum() - (weights**2).sum() / weights.sum())
    tau2 = max(0.0, (count * phi - (count - 1)) / spread) if spread > 0 else 0.0
    return phi, tau2


def _all_limits(
    theta: float,
    denominators: Sequence[float],
    per: int,
    adjustment: str,
    phi: float,
    tau2: float,
) -> list[FunnelLimits]:
    """The limits of every unit at once: with exact Poisson limits, one vectorised
    ``gammaincinv`` call per limit over all units, the same values as :func:`poisson_limits`
    unit by unit (the same function, element by element)."""
    if adjustment != "none":
        return [_limits(theta, n, per, adjustment, phi, tau2) for n in denominators]
    import numpy as np
    from scipy.special import gammaincinv

    expected = [theta * n for n in denominators]
    shape = np.asarray(expected, dtype=float)
    columns = []
    for level in LEVELS:
        alpha = 1.0 - level
        lower = gammaincinv(shape, alpha / 2).tolist()
        upper = gammaincinv(shape + 1, 1 - alpha / 2).tolist()
        columns.append(([0.0 if e <= 0 else v for e, v in zip(expected, lower, strict=True)],
                        upper))  # fmt: skip
    (l95, u95), (l998, u998) = columns
    return [
        FunnelLimits(n, e, a / n * per, b / n * per, c / n * per, d / n * per)
        for n, e, a, b, c, d in zip(denominators, expected, l95, u95, l998, u998, strict=True)
    ]


def _limits(
    theta: float, n: float, per: int, adjustment: str, phi: float, tau2: float
) -> FunnelLimits:
    expected = theta * n
    if adjustment == "none":
        (l95, u95), (l998, u998) = (poisson_limits(theta, n, level=level) for level in LEVELS)
        return FunnelLimits(
            n, expected, l95 / n * per, u95 / n * per, l998 / n * per, u998 / n * per
        )
    from statistics import NormalDist

    variance = theta / n
    sigma = (
        math.sqrt(max(phi, 1.0) * variance)
        if adjustment == "multiplicative"
        else math.sqrt(variance + tau2)
    )
    z95, z998 = (NormalDist().inv_cdf(1 - (1 - level) / 2) for level in LEVELS)
    return FunnelLimits(
        n,
        expected,
        max(0.0, theta - z95 * sigma) * per,
        (theta + z95 * sigma) * per,
        max(0.0, theta - z998 * sigma) * per,
        (theta + z998 * sigma) * per,
    )


def _position(rate: float, limits: FunnelLimits) -> str:
    if rate > limits.upper998:
        return HIGH_OUTER
    if rate > limits.upper95:
        return HIGH
    if rate < limits.lower998:
        return LOW_OUTER
    if rate < limits.lower95:
        return LOW
    return WITHIN
