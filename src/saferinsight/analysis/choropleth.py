"""Choropleth classes: the wards of a map put in quantile classes of their values.

The report's ward maps draw these classes as colour swatches; the classes, their breaks and
labels are computed here, once, by the report pipeline, not by the drawing code.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from saferinsight.analysis.results import WardCount
from saferinsight.errors import QueryError

__all__ = ["CLASSES", "MEASURES", "Choropleth", "quantile_classes", "ward_choropleth"]

#: Colour classes of a choropleth (quantiles of the wards' values).
CLASSES = 5
#: What a ward map can show.
MEASURES = ("rate", "count")


@dataclass(frozen=True)
class Choropleth:
    """Values of areas in quantile classes.

    Attributes
    ----------
    measure
        What the values are, such as ``"rate"`` or ``"count"``.
    keys
        The areas (ward codes), in the order given.
    values
        The value of each area; ``None`` where it has none (drawn grey, in no class).
    breaks
        The cuts between classes, ascending: a value equal to a cut belongs to the class above.
    labels
        A label per class, lowest first, such as ``"4.5 to 9"``; the last is ``"... and over"``.
    classes
        The class of each area (an index into ``labels``), ``None`` where it has no value.
    """

    measure: str
    keys: tuple[str, ...]
    values: tuple[float | None, ...]
    breaks: tuple[float, ...]
    labels: tuple[str, ...]
    classes: tuple[int | None, ...]

    def label(self, key: str) -> str | None:
        """The class label of an area; ``None`` when it has no value or is not mapped."""
        for k, index in zip(self.keys, self.classes, strict=True):
            if k == key:
                return None if index is None else self.labels[index]
        return None


def quantile_classes(
    values: Iterable[tuple[str, float | None]],
    *,
    classes: int = CLASSES,
    measure: str = "value",
) -> Choropleth:
    """Put each area with a value in one of ``classes`` quantile classes.

    The breaks are the inclusive quantiles of the values (:func:`statistics.quantiles` with
    ``method="inclusive"``, the R type 7 / Excel ``QUARTILE.INC`` definition), without
    repeats and kept only when they fall above the lowest value and at most at the highest:
    ties and few distinct values give fewer classes. The classes hold about equal numbers of
    areas, and a value equal to a break goes in the class above.

    Parameters
    ----------
    values
        ``(key, value)`` of each area; a ``None`` value is in no class.
    classes
        The number of classes at most: 5 by default.
    measure
        What the values are (kept in the result).

    Returns
    -------
    Choropleth

    Examples
    --------
    >>> result = quantile_classes([(f"W{v}", v) for v in range(10)], classes=2)
    >>> result.breaks, result.labels
    ((4.5,), ('0 to 4.5', '4.5 and over'))
    >>> result.classes[4:6]
    (0, 1)
    >>> quantile_classes([("W1", None), ("W2", 3)]).labels
    ('3 and over',)
    """
    pairs = tuple(values)
    present = sorted(v for _, v in pairs if v is not None)
    breaks: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    if present:
        quantiles = (
            statistics.quantiles(present, n=classes, method="inclusive") if present[1:] else []
        )
        breaks = tuple(c for c in sorted(set(quantiles)) if present[0] < c <= present[-1])
        edges = (present[0], *breaks)
        labels = tuple(
            f"{_number(low)} to {_number(high)}" if i < len(breaks) else f"{_number(low)} and over"
            for i, (low, high) in enumerate(zip(edges, (*breaks, present[-1]), strict=True))
        )
    return Choropleth(
        measure=measure,
        keys=tuple(k for k, _ in pairs),
        values=tuple(v for _, v in pairs),
        breaks=breaks,
        labels=labels,
        classes=tuple(None if v is None else bisect.bisect_right(breaks, v) for _, v in pairs),
    )


def ward_choropleth(
    ward_counts: Sequence[WardCount],
    codes: Iterable[str],
    *,
    measure: str = "rate",
    classes: int = CLASSES,
) -> Choropleth:
    """The wards ``codes`` (the boundaries a map draws) in quantile classes of one theme's
    rate per 1,000 residents or count.

    A ward with no records counts 0 (rate 0); a ward with records but no population has no
    rate, and so no class on a rate map.

    Raises
    ------
    QueryError
        If ``measure`` is not ``"rate"`` or ``"count"``.

    Examples
    --------
    >>> wards = [WardCount("W1", "Castle", 7, None), WardCount("W2", "Abbey", 2, None)]
    >>> result = ward_choropleth(wards, ["W1", "W2", "W3"], measure="count", classes=2)
    >>> result.values, [result.label(code) for code in result.keys]
    ((7, 2, 0), ['2 and over', '2 and over', '0 to 2'])
    >>> ward_choropleth(wards, ["W1", "W3"]).values
    (None, 0.0)
    """
    if measure not in MEASURES:
        raise QueryError(f"unknown map measure {measure!r}; choose 'rate' or 'count'.")
    wards = {ward.code: ward for ward in ward_counts}
    values: list[tuple[str, float | None]] = []
    for code in codes:
        ward = wards.get(code)
        if measure == "count":
            values.append((code, ward.count if ward is not None else 0))
        elif ward is None:
            values.append((code, 0.0))
        else:
            values.append((code, ward.rate.value if ward.rate is not None else None))
    return quantile_classes(values, classes=classes, measure=measure)


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
