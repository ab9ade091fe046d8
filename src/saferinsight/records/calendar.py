"""Working days in England and Wales: bank holidays, working-day and calendar-month arithmetic.

Bank holidays are computed offline by the `holidays <https://pypi.org/project/holidays/>`_
library (United Kingdom, subdivision England), with its substitute days: a Christmas Day, Boxing
Day or New Year's Day that falls at a weekend moves to the next weekday, as gov.uk lists them.
One-off bank holidays (the 2020 early May bank holiday moved to VE Day, the 2022 Platinum
Jubilee and State Funeral, the 2023 Coronation) come from the library's own table, so a future
one-off holiday is known only from the pinned version of the library that lists it. Wales has
the same bank holidays as England (Scotland and Northern Ireland differ and are not used).

A *working day* is Monday to Friday and not a bank holiday. A working-day timescale does not
count the day it starts from: "within 5 working days of becoming aware" on a Monday with no bank
holiday that week ends on the following Monday, because day 1 is the next working day after the
day of awareness. This is the usual way of counting a period of days in English law (the day on
which the period begins is not included: Civil Procedure Rules, r. 2.8(3)(a),
https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part02#2.8), and the way local
safeguarding procedures number the days of a rapid review ("working day 0" is the day the
incident is notified, "working day 1" the next).

Calendar-month timescales (:func:`add_months`) end on the same day of the month, or on the last
day of a shorter month: 31 January plus one month is 28 February (29 in a leap year).

Examples
--------
>>> from datetime import date
>>> is_working_day(date(2024, 12, 26))  # Boxing Day
False
>>> add_working_days(date(2024, 12, 23), 5)  # a Monday: 24, 27, 30, 31 December, 2 January
datetime.date(2025, 1, 2)
>>> add_months(date(2024, 1, 31), 1)
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from saferinsight.errors import OptionError

__all__ = [
    "add_months",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in a year, substitute days included.

    Only days that are taken off are listed: a Christmas Day that falls on a Saturday is not,
    its substitute day (the following Monday or Tuesday) is, as on gov.uk's list. Each year is
    computed once and cached.

    Parameters
    ----------
    year
        The calendar year.

    Returns
    -------
    frozenset of datetime.date
        The weekdays that are bank holidays in England and Wales.

    Examples
    --------
    >>> sorted(str(day) for day in bank_holidays(2022) if day.month == 12)
    ['2022-12-26', '2022-12-27']
    >>> date(2023, 5, 8) in bank_holidays(2023)  # the Coronation
    True
    """
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in found if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    """Whether a day is a working day: Monday to Friday and not a bank holiday.

    Examples
    --------
    >>> is_working_day(date(2025, 4, 18)), is_working_day(date(2025, 4, 22))  # Good Friday
    (False, True)
    """
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``: the day a working-day timescale ends.

    ``start`` itself is not counted, whether or not it is a working day (day 1 is the next
    working day after it); ``n = 0`` gives ``start``.

    Parameters
    ----------
    start
        The day the timescale runs from (for example the day the partnership became aware).
    n
        How many working days, 0 or more.

    Returns
    -------
    datetime.date
        The last day of the timescale, a working day when ``n`` is 1 or more.

    Raises
    ------
    OptionError
        If ``n`` is negative.

    Examples
    --------
    >>> add_working_days(date(2025, 4, 17), 1)  # Thursday before Easter: Tuesday after
    datetime.date(2025, 4, 22)
    >>> add_working_days(date(2025, 4, 19), 5)  # from a Saturday: 22, 23, 24, 25, 28 April
    datetime.date(2025, 4, 28)
    """
    if n < 0:
        raise OptionError("n", f"must be a number of working days, 0 or more, not {n}.")
    day = start
    for _ in range(n):
        day += _ONE_DAY
        while not is_working_day(day):
            day += _ONE_DAY
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start``, up to and including ``end``.

    The inverse of :func:`add_working_days`: ``working_days_between(d, add_working_days(d, n))``
    is ``n``. When ``end`` is before ``start`` the count is negative.

    Examples
    --------
    >>> working_days_between(date(2024, 12, 20), date(2025, 1, 3))  # Christmas fortnight
    7
    >>> working_days_between(date(2025, 1, 3), date(2024, 12, 20))
    -7
    """
    if end < start:
        return -working_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    count += sum(1 for i in range(1, rest + 1) if (start + timedelta(days=i)).weekday() < 5)
    holidays_in_range = (
        day
        for year in range(start.year, end.year + 1)
        for day in bank_holidays(year)
        if start < day <= end
    )
    return count - sum(1 for _ in holidays_in_range)


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - _ONE_DAY).day


def add_months(start: date, n: int) -> date:
    """The same day ``n`` calendar months later, or the last day of a shorter month.

    ``n`` may be negative (months earlier).

    Examples
    --------
    >>> add_months(date(2025, 8, 31), 6)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2024, 3, 15), 3)
    datetime.date(2024, 6, 15)
    >>> add_months(date(2024, 3, 31), -1)
    datetime.date(2024, 2, 29)
    """
    index = start.year * 12 + start.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, _month_length(year, month)))
