"""Bank holidays of England and Wales, working-day and calendar-month arithmetic.

Expected bank holidays are copied from gov.uk's list (https://www.gov.uk/bank-holidays) and
its archived editions; they are written out here, never computed, so that a change in the
``holidays`` library shows up as a failing test.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferinsight.errors import OptionError
from saferinsight.records.calendar import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

D = date

#: gov.uk's bank holidays for England and Wales, year by year.
GOV_UK = {
    2019: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
    # early May bank holiday moved to Friday 8 May for the 75th anniversary of VE Day;
    # Boxing Day a Saturday, substitute Monday 28 December
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    # Christmas Day and Boxing Day at the weekend: substitutes Monday 27 and Tuesday 28
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    # New Year's Day a Saturday (substitute 3 January); spring bank holiday moved to 2 June and
    # the Platinum Jubilee on 3 June; the State Funeral of Queen Elizabeth II on 19 September;
    # Christmas Day a Sunday (substitute Tuesday 27 December)
    2022: [
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ],
    # New Year's Day a Sunday (substitute 2 January); the Coronation on Monday 8 May
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    # Boxing Day a Saturday: substitute Monday 28 December
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


def _dates(year: int, days: list[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(f"{year}-{day}") for day in days)


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_bank_holidays_are_gov_uks(year: int) -> None:
    assert bank_holidays(year) == _dates(year, GOV_UK[year])


def test_weekend_holidays_are_not_listed_their_substitutes_are() -> None:
    assert D(2021, 12, 25) not in bank_holidays(2021)  # a Saturday
    assert D(2021, 12, 27) in bank_holidays(2021)
    assert D(2022, 1, 1) not in bank_holidays(2022)
    assert D(2022, 1, 3) in bank_holidays(2022)


def test_wales_has_englands_bank_holidays() -> None:
    for year in range(2000, 2036):
        england = holidays.country_holidays("GB", subdiv="ENG", years=year)
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert set(england) == set(wales), year


def test_bank_holidays_are_cached_per_year() -> None:
    assert bank_holidays(2024) is bank_holidays(2024)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 12, 24), True),
        (D(2024, 12, 25), False),
        (D(2024, 12, 26), False),
        (D(2024, 12, 27), True),
        (D(2024, 12, 28), False),  # Saturday
        (D(2024, 12, 29), False),  # Sunday
        (D(2022, 12, 27), False),  # Christmas substitute day
        (D(2023, 1, 2), False),  # New Year substitute day
        (D(2020, 5, 4), True),  # the first Monday of May 2020 was not a holiday
        (D(2020, 5, 8), False),
        (D(2022, 9, 19), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
        (D(2025, 3, 1), 0, D(2025, 3, 1)),  # n = 0 is the start, even a Saturday
        (D(2025, 3, 3), 1, D(2025, 3, 4)),  # the start day is not counted
        (D(2025, 3, 3), 5, D(2025, 3, 10)),
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday to Monday
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # Saturday to Monday
        (D(2025, 3, 9), 5, D(2025, 3, 14)),  # Sunday: Monday is day 1
        (D(2022, 12, 23), 1, D(2022, 12, 28)),  # over Christmas and its substitute day
        (D(2021, 12, 24), 1, D(2021, 12, 29)),
        (D(2022, 12, 30), 1, D(2023, 1, 3)),  # over the New Year substitute day
        (D(2024, 3, 28), 1, D(2024, 4, 2)),  # over Good Friday and Easter Monday
        (D(2023, 5, 5), 1, D(2023, 5, 9)),  # over the Coronation
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(OptionError, match="n must be a number of working days, 0 or more"):
        add_working_days(D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 3), D(2025, 3, 3), 0),
        (D(2025, 3, 3), D(2025, 3, 4), 1),
        (D(2025, 3, 7), D(2025, 3, 9), 0),  # Friday to Sunday
        (D(2025, 3, 7), D(2025, 3, 10), 1),
        (D(2024, 12, 20), D(2025, 1, 3), 7),
        (D(2025, 4, 17), D(2025, 4, 22), 1),
        (D(2024, 1, 1), D(2024, 12, 31), 254),  # 262 weekdays less 8 bank holidays
        (D(2025, 1, 3), D(2024, 12, 20), -7),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 8, 30), 6, D(2025, 2, 28)),
        (D(2024, 8, 29), 6, D(2025, 2, 28)),
        (D(2023, 8, 29), 6, D(2024, 2, 29)),
        (D(2024, 3, 31), 3, D(2024, 6, 30)),
        (D(2024, 10, 31), 3, D(2025, 1, 31)),  # across the year end
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 5, 31), -3, D(2024, 2, 29)),
        (D(2024, 5, 15), 0, D(2024, 5, 15)),
    ],
)
def test_add_months(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


days = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))
counts = st.integers(min_value=0, max_value=300)


@given(days, st.integers(min_value=1, max_value=300))
def test_add_working_days_lands_on_a_working_day(start: date, n: int) -> None:
    assert is_working_day(add_working_days(start, n))


@given(days, counts)
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@given(days, counts)
def test_add_working_days_is_monotone(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(days, st.integers(min_value=0, max_value=400))
def test_working_days_between_counts_working_days_one_by_one(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    one_by_one = sum(is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert working_days_between(start, end) == one_by_one


@given(days, st.integers(min_value=-120, max_value=120))
def test_add_months_keeps_the_day_or_ends_the_month(start: date, n: int) -> None:
    later = add_months(start, n)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == n
    assert later.day == start.day or (later + timedelta(days=1)).day == 1
