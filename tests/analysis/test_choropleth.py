"""Choropleth classes of ward maps, against hand computations."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from saferinsight.analysis.choropleth import quantile_classes, ward_choropleth
from saferinsight.analysis.results import WardCount
from saferinsight.errors import QueryError
from saferinsight.stats.intervals import rate

VALUES = [("A", 12), ("B", 2), ("C", 4), ("D", 30), ("E", 5), ("F", None), ("G", 4)]
VALUES += [("H", 7), ("I", 9), ("J", 10), ("K", 15)]


def test_breaks_labels_and_classes_match_a_hand_computation() -> None:
    # Sorted values: 2 4 4 5 7 9 10 12 15 30 (n = 10; F has none). Inclusive quantiles for 5
    # classes sit at positions (n - 1) k / 5 = 1.8, 3.6, 5.4, 7.2 (from 0), interpolated:
    # 4 + 0.8 (4 - 4) = 4; 5 + 0.6 (7 - 5) = 6.2; 9 + 0.4 (10 - 9) = 9.4; 12 + 0.2 (15 - 12) = 12.6
    result = quantile_classes(VALUES)
    assert_allclose(result.breaks, [4.0, 6.2, 9.4, 12.6])
    assert result.labels == ("2 to 4", "4 to 6.2", "6.2 to 9.4", "9.4 to 12.6", "12.6 and over")
    # A value equal to a break belongs to the class above it.
    expected = {"A": 3, "B": 0, "C": 1, "D": 4, "E": 1, "F": None, "G": 1}
    expected |= {"H": 2, "I": 2, "J": 3, "K": 4}
    assert dict(zip(result.keys, result.classes, strict=True)) == expected
    assert result.keys == tuple(k for k, _ in VALUES)
    assert result.values == tuple(v for _, v in VALUES)
    assert result.label("D") == "12.6 and over"
    assert result.label("F") is None
    assert result.label("nowhere") is None


def test_ties_and_few_values_give_fewer_classes() -> None:
    # Quantiles of 0 0 0 0 0 0 1 2: 0, 0, 0, 0.6 -> only 0.6 lies above the lowest value.
    zeros = quantile_classes([(str(i), v) for i, v in enumerate([0, 0, 0, 0, 0, 0, 1, 2])])
    assert zeros.breaks == pytest.approx((0.6,))
    assert zeros.labels == ("0 to 0.6", "0.6 and over")
    assert quantile_classes([("A", 3), ("B", 3)]).labels == ("3 and over",)
    assert quantile_classes([("A", 1_250.0)]).labels == ("1,250 and over",)
    empty = quantile_classes([("A", None)])
    assert (empty.breaks, empty.labels, empty.classes) == ((), (), (None,))


def test_the_input_is_not_modified() -> None:
    values = list(VALUES)
    quantile_classes(values)
    assert values == VALUES


@given(st.lists(st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False)), max_size=60))
def test_every_value_is_in_the_class_its_label_names(values: list[float | None]) -> None:
    result = quantile_classes([(str(i), v) for i, v in enumerate(values)])
    assert len(result.labels) <= 5
    assert list(result.breaks) == sorted(set(result.breaks))
    for value, index in zip(result.values, result.classes, strict=True):
        assert (index is None) == (value is None)
        if value is not None and index is not None:
            assert index == 0 or value >= result.breaks[index - 1]
            assert index == len(result.breaks) or value < result.breaks[index]


def test_ward_values_follow_the_map_rules() -> None:
    wards = (
        WardCount("W1", "Castle", 40, rate(40, 2_000)),
        WardCount("W2", "Abbey", 7, None),  # records but no population
    )
    codes = ["W1", "W2", "W3"]  # W3: drawn, no records
    rates = ward_choropleth(wards, codes)
    assert rates.measure == "rate"
    assert rates.values == (20.0, None, 0.0)
    assert rates.classes[1] is None
    counts = ward_choropleth(wards, codes, measure="count", classes=2)
    assert counts.values == (40, 7, 0)
    assert counts.labels == ("0 to 7", "7 and over")
    assert ward_choropleth(wards, []).keys == ()
    with pytest.raises(QueryError, match="unknown map measure 'density'"):
        ward_choropleth(wards, codes, measure="density")


def test_the_result_is_frozen() -> None:
    result = quantile_classes(VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.labels = ()  # type: ignore[misc]
