"""Reporting periods: parsing, lengths, previous periods and partial coverage."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferinsight.core.months import add_months
from saferinsight.core.periods import Period, coverage, financial_year, parse_period
from saferinsight.errors import OptionError, QueryError


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2024/25", "financial-year", "2024-04", "2025-03", "2024/25"),
        ("FY2023-24", "financial-year", "2023-04", "2024-03", "2023/24"),
        ("2024", "calendar-year", "2024-01", "2024-12", "2024"),
        ("Q1 2024/25", "quarter", "2024-04", "2024-06", "Q1 2024/25"),
        ("q4 2024/25", "quarter", "2025-01", "2025-03", "Q4 2024/25"),
        ("Q1 2025", "quarter", "2025-01", "2025-03", "Q4 2024/25"),
        ("12 months to 2025-03", "rolling-12", "2024-04", "2025-03", "12 months to Mar 2025"),
        ("Sep-Aug 2022/23", "sep-aug", "2022-09", "2023-08", "Sep 2022 - Aug 2023"),
        ("2024-01..2024-06", "months", "2024-01", "2024-06", "Jan 2024 to Jun 2024"),
        ("2024-02 to 2024-02", "months", "2024-02", "2024-02", "Feb 2024"),
    ],
)
def test_parse(text: str, kind: str, start: str, end: str, label: str) -> None:
    period = parse_period(text)
    assert (period.kind, f"{period.start:%Y-%m}", f"{period.end:%Y-%m}", period.label) == (
        kind,
        start,
        end,
        label,
    )


def test_days_are_the_exposure() -> None:
    assert parse_period("2023/24").days == 366  # February 2024
    assert parse_period("2024/25").days == 365
    assert parse_period("2024-02..2024-02").days == 29
    assert parse_period("2023-02..2023-02").days == 28
    assert parse_period("Q4 2024/25").days == 90
    assert parse_period("Q3 2024/25").days == 92


def test_previous_and_year_earlier() -> None:
    quarter = parse_period("Q1 2024/25")
    assert quarter.previous().label == "Q4 2023/24"
    assert quarter.year_earlier().label == "Q1 2023/24"
    months = parse_period("2024-01..2024-03")
    assert months.previous() == Period("months", date(2023, 10, 1), date(2023, 12, 1))
    assert parse_period("Sep-Aug 2022/23").previous().label == "Sep 2021 - Aug 2022"


@pytest.mark.parametrize(
    "text", ["2024/26", "Q5 2024/25", "2024-13..2025-01", "2025-03..2024-01", "last year", ""]
)
def test_bad_periods_explain_the_forms(text: str) -> None:
    with pytest.raises(QueryError, match=r"is not a period|consecutive|first month is after"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "message", "suggested"),
    [
        ("9999/00", "period '9999/00' is outside the years 1900 to 2200.", None),
        ("0000", "period '0000' is outside the years 1900 to 2200.", None),
        ("2024-01..9999-01", "is outside the years 1900 to 2200.", None),
        (
            "Sep-Aug 2022/24",
            "period 'Sep-Aug 2022/24': a September-August year is two consecutive years",
            "Sep-Aug 2022/23",
        ),
        ("Q1 2024/26", "a financial year is two consecutive years", "Q1 2024/25"),
        ("2024/26", "a financial year is two consecutive years", "2024/25"),
        ("2025-03..2024-01", "the first month is after the last", "2024-01..2025-03"),
    ],
)
def test_out_of_range_and_inconsistent_periods_are_option_errors(
    text: str, message: str, suggested: str | None
) -> None:
    with pytest.raises(OptionError, match=re.escape(message)) as caught:
        parse_period(text)
    error = caught.value
    assert error.option == "period"
    assert error.hint is not None
    assert error.hint.options.get("period") == suggested


def test_the_option_is_named_as_the_caller_names_it() -> None:
    with pytest.raises(OptionError) as caught:
        parse_period("last year", option="window")
    assert caught.value.option == "window"
    assert str(caught.value).startswith("window 'last year' is not a period.")


def test_coverage_flags_partial_periods() -> None:
    year = parse_period("2024/25")
    loaded = [m for m in year.months if m != date(2024, 7, 1)]
    cov = coverage(year, loaded)
    assert not cov.complete
    assert cov.missing == (date(2024, 7, 1),)
    assert "2024/25 is partial: no data for 2024-07" in cov.note
    assert coverage(year, year.months).complete


@given(
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=-400, max_value=400),
)
def test_add_months_round_trips(year: int, month: int, count: int) -> None:
    start = date(year, month, 1)
    assert add_months(add_months(start, count), -count) == start
    moved = add_months(start, count)
    assert (moved.year - year) * 12 + moved.month - month == count


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_every_month_is_in_its_financial_year(year: int, month: int) -> None:
    first = date(year, month, 1)
    assert parse_period(financial_year(first)).contains(first)
