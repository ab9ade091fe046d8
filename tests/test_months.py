"""Months as police.uk writes them: the parser, the formatter and month arithmetic."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferinsight.core.months import (
    FIRST_YEAR,
    LAST_YEAR,
    MONTH,
    add_months,
    from_index,
    month_from_label,
    month_index,
    month_label,
    parse_month,
)
from saferinsight.errors import OptionError

months = st.builds(date, st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 12), st.just(1))
labels = months.map(lambda m: f"{m.year:04d}-{m.month:02d}")


@given(labels)
def test_label_round_trip(text: str) -> None:
    assert month_label(parse_month(text)) == text
    assert month_label(month_from_label(text)) == text


@given(months)
def test_month_round_trip(month: date) -> None:
    assert parse_month(month_label(month)) == month
    assert from_index(month_index(month)) == month


@given(months, st.integers(-1200, 1200))
def test_add_months_moves_by_whole_months(month: date, count: int) -> None:
    moved = add_months(month, count)
    assert moved.day == 1
    assert month_index(moved) - month_index(month) == count
    assert add_months(moved, -count) == month


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_month(" 2024-03 ") == date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-1", "24-01", "2024/01", "", "Mar"])
def test_malformed_months_name_the_option_and_hint(text: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_month(text, option="start")
    error = caught.value
    assert error.option == "start"
    assert str(error) == f"start {text!r} is not a month in YYYY-MM form, such as 2024-03."
    assert error.hint is not None
    assert error.hint.action == "retry"


@pytest.mark.parametrize("text", ["1899-12", "2201-01", "0000-01", "9999-12"])
def test_years_outside_the_range_are_refused(text: str) -> None:
    with pytest.raises(OptionError, match="outside the years 1900 to 2200") as caught:
        parse_month(text)
    assert caught.value.option == "month"
    assert caught.value.hint is not None


@given(st.text(max_size=10))
def test_anything_that_is_not_a_month_is_refused(text: str) -> None:
    if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text.strip()):
        assert month_label(parse_month(text)) == text.strip()
    else:
        with pytest.raises(OptionError, match="YYYY-MM"):
            parse_month(text)


@pytest.mark.parametrize("text", ["٢٠٢٤-01", "2024-01\n", "2024-1"])
def test_only_ascii_digits_and_no_trailing_text(text: str) -> None:
    assert MONTH.fullmatch(text) is None
    with pytest.raises(ValueError, match="not a month in YYYY-MM form"):
        month_from_label(text)


def test_labels_from_data_may_lie_outside_the_option_years() -> None:
    assert month_from_label("1850-04") == date(1850, 4, 1)
