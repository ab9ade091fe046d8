"""Correcting p-values for the number of tests made at once (methods.md section 3.4).

Testing every ward of an area for a change calls about one ward in twenty "changed" at the 5%
level when nothing changed anywhere. :func:`adjust_p_values` corrects a family of p-values once,
so that the family keeps its error rate: Holm's step-down method (the default) holds the chance
of any false call at ``alpha``; Benjamini and Hochberg's step-up method holds the expected share
of false calls among the calls made at ``alpha`` (more calls, less protection).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["CORRECTIONS", "adjust_p_values"]

#: Correction name -> what it controls, in words (for table notes and the appendix).
CORRECTIONS = {
    "holm": "Holm step-down correction (family-wise error rate)",
    "bh": "Benjamini-Hochberg step-up correction (false discovery rate)",
}


def adjust_p_values(p_values: Sequence[float], *, method: str = "holm") -> tuple[float, ...]:
    """Adjusted p-values of a family of tests, in the order given.

    A test is significant after correction when its adjusted p-value is below ``alpha``.

    Parameters
    ----------
    p_values
        The unadjusted p-values, each in [0, 1].
    method
        ``"holm"`` (default): Holm (1979) step-down, which controls the family-wise error rate
        (the chance of calling any true null significant) under any dependence between tests.
        ``"bh"``: Benjamini and Hochberg (1995) step-up, which controls the false discovery
        rate (the expected share of false calls among the calls) for independent or positively
        dependent tests.

    Returns
    -------
    tuple of float
        The adjusted p-values, each at least its unadjusted value and at most 1.

    Raises
    ------
    ValueError
        On an unknown ``method`` or a p-value outside [0, 1].

    Notes
    -----
    The null hypothesis of each test is its own (for wards: no change in that ward's rate);
    the correction tests the family. Holm: sort the m p-values ascending, multiply the i-th
    (from 0) by ``m - i``, carry the running maximum forward, cap at 1. BH: multiply the i-th
    (from 1) by ``m / i``, carry the running minimum backward, cap at 1. Both agree with
    ``statsmodels.stats.multitest.multipletests`` (``"holm"``, ``"fdr_bh"``).

    References
    ----------
    Holm S (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics* 6: 65-70.
    Benjamini Y, Hochberg Y (1995). Controlling the false discovery rate. *Journal of the Royal
    Statistical Society B* 57: 289-300.

    Examples
    --------
    >>> adjust_p_values([0.01, 0.04, 0.03])
    (0.03, 0.06, 0.06)
    >>> tuple(round(p, 3) for p in adjust_p_values([0.01, 0.04, 0.03], method="bh"))
    (0.03, 0.04, 0.04)
    >>> adjust_p_values([])
    ()
    """
    if method not in CORRECTIONS:
        raise ValueError(f"unknown correction {method!r}: use one of {', '.join(CORRECTIONS)}")
    values = [float(p) for p in p_values]
    for p in values:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"a p-value must be between 0 and 1, got {p!r}")
    m = len(values)
    order = sorted(range(m), key=lambda i: values[i])
    adjusted = [0.0] * m
    if method == "holm":
        running = 0.0
        for position, index in enumerate(order):
            running = max(running, min(1.0, (m - position) * values[index]))
            adjusted[index] = running
    else:
        running = 1.0
        for position in range(m - 1, -1, -1):
            index = order[position]
            running = min(running, values[index] * m / (position + 1))
            adjusted[index] = min(1.0, running)
    return tuple(adjusted)
