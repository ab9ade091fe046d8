"""Months as police.uk writes them, ``YYYY-MM``: the one parser and formatter.

A month is the :class:`~datetime.date` of its first day. :func:`parse_month` reads a month a
user gave (an option, a field) and refuses, with a hint, text that is not one or a year outside
:data:`FIRST_YEAR` to :data:`LAST_YEAR`; :func:`month_from_label` reads a label that data
already holds (a file name, a warehouse row); :func:`month_label` writes one. A month's
:func:`month_index` counts months from the start of year 0, for arithmetic and random streams;
:func:`add_months`, :func:`days_in_month` and :func:`month_end` do the rest of the calendar.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from saferinsight.errors import Hint, OptionError

#: The years a month or period may lie in: police.uk starts in 2010, and dates stop at 9999.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: ``YYYY-MM`` (ASCII digits, month 01-12), year and month as groups 1 and 2; for building
#: larger patterns (a range, a file name).
MONTH_PATTERN = r"([0-9]{4})-(0[1-9]|1[0-2])"
#: :data:`MONTH_PATTERN` compiled; use ``MONTH.fullmatch(text)``.
MONTH = re.compile(MONTH_PATTERN)


def parse_month(text: str, *, option: str = "month") -> date:
    """A ``YYYY-MM`` month a user gave, as the date of its first day.

    Surrounding spaces are ignored. ``option`` is the name of the caller's parameter that held
    the text, for the error.

    Raises
    ------
    OptionError
        ``text`` is not a month in ``YYYY-MM`` form, or its year is outside
        :data:`FIRST_YEAR` to :data:`LAST_YEAR`.

    Examples
    --------
    >>> parse_month("2024-03")
    datetime.date(2024, 3, 1)
    >>> parse_month("2024-13", option="start")
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: start '2024-13' is not a month in YYYY-MM form, such as \
2024-03.
    >>> parse_month("1850-01")
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: month '1850-01' is outside the years 1900 to 2200.
    """
    match = MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise OptionError(
            option,
            f"{text!r} is not a month in YYYY-MM form, such as 2024-03.",
            hint=Hint("retry", "Write the month as year and month, such as 2024-03."),
        )
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OptionError(
            option,
            f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}.",
            hint=Hint("retry", f"Give a month between {FIRST_YEAR} and {LAST_YEAR}."),
        )
    return date(year, int(match.group(2)), 1)


def month_from_label(label: str) -> date:
    """The first day of a month that data already holds as ``YYYY-MM`` (any year).

    The inverse of :func:`month_label`, for labels that come from a file name matched by
    :data:`MONTH`, a warehouse row or a cell; a month a user gives goes through
    :func:`parse_month`, which says what to do.

    Raises
    ------
    ValueError
        ``label`` is not exactly ``YYYY-MM``, or names year 0.

    Examples
    --------
    >>> month_from_label("2024-03")
    datetime.date(2024, 3, 1)
    >>> month_from_label("2024-3")
    Traceback (most recent call last):
    ...
    ValueError: '2024-3' is not a month in YYYY-MM form
    """
    match = MONTH.fullmatch(label)
    if match is None:
        raise ValueError(f"{label!r} is not a month in YYYY-MM form")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: date) -> str:
    """``YYYY-MM``, as police.uk writes a month.

    Examples
    --------
    >>> month_label(date(2024, 3, 15))
    '2024-03'
    """
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month`` (before, if negative).

    Examples
    --------
    >>> add_months(date(2024, 11, 1), 3)
    datetime.date(2025, 2, 1)
    >>> add_months(date(2024, 3, 1), -12)
    datetime.date(2023, 3, 1)
    """
    return from_index(month_index(month) + count)


def days_in_month(month: date) -> int:
    """The number of days in the month.

    Examples
    --------
    >>> days_in_month(date(2024, 2, 1)), days_in_month(date(2025, 2, 1))
    (29, 28)
    """
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: date) -> date:
    """The last day of the month.

    Examples
    --------
    >>> month_end(date(2024, 2, 1))
    datetime.date(2024, 2, 29)
    """
    return month.replace(day=days_in_month(month))


def month_index(month: date) -> int:
    """Months from January of year 0: ``year * 12 + month - 1``.

    Examples
    --------
    >>> month_index(date(2024, 1, 1)) - month_index(date(2023, 4, 1))
    9
    """
    return month.year * 12 + month.month - 1


def from_index(index: int) -> date:
    """The first day of the month with that :func:`month_index`.

    Examples
    --------
    >>> from_index(month_index(date(2024, 12, 1)) + 1)
    datetime.date(2025, 1, 1)
    """
    return date(index // 12, index % 12 + 1, 1)
