"""Reporting periods: financial years (April-March, written ``2024/25``), calendar years,
quarters (``Q4 2024/25``), rolling 12 months, September-August years, and any month range.

A period knows its months and its length in days (the exposure when two periods of different
lengths are compared), the period before it, and the same period a year earlier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from saferinsight.core.months import (
    FIRST_YEAR,
    LAST_YEAR,
    MONTH_PATTERN,
    add_months,
    days_in_month,
    from_index,
    month_index,
    month_label,
)
from saferinsight.errors import Hint, OptionError, QueryError

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FINANCIAL_YEAR_START = 4
SEPTEMBER = 9


def _fy_label(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


@dataclass(frozen=True)
class Period:
    """A run of whole months, with the kind of period it is and its conventional label."""

    kind: str  # financial-year | calendar-year | quarter | rolling-12 | sep-aug | months
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.end.day != 1 or self.end < self.start:
            raise QueryError(f"a period runs from a first month to a later last month: {self}")

    # Cached: a national analysis asks each period for its days thousands of times.
    @cached_property
    def months(self) -> tuple[date, ...]:
        """Every month of the period (first days)."""
        first = month_index(self.start)
        return tuple(from_index(i) for i in range(first, first + self.n_months))

    @property
    def n_months(self) -> int:
        """Number of months."""
        return month_index(self.end) - month_index(self.start) + 1

    @cached_property
    def days(self) -> int:
        """Number of days: the exposure when comparing periods of different lengths."""
        return sum(days_in_month(m) for m in self.months)

    @property
    def label(self) -> str:
        """The period as the reports write it.

        Examples
        --------
        >>> parse_period("Q4 2024/25").label
        'Q4 2024/25'
        """
        if self.kind == "financial-year":
            return _fy_label(self.start.year)
        if self.kind == "calendar-year":
            return str(self.start.year)
        if self.kind == "quarter":
            fy = financial_year_start(self.start)
            quarter = ((self.start.month - FINANCIAL_YEAR_START) % 12) // 3 + 1
            return f"Q{quarter} {_fy_label(fy)}"
        if self.kind == "sep-aug":
            return f"Sep {self.start.year} - Aug {self.end.year}"
        if self.kind == "rolling-12":
            return f"12 months to {MONTH_NAMES[self.end.month - 1]} {self.end.year}"
        return (
            f"{_long(self.start)} to {_long(self.end)}"
            if self.start != self.end
            else _long(self.start)
        )

    @property
    def span(self) -> str:
        """The months it covers, e.g. 'Apr 2024 - Mar 2025'."""
        return f"{_long(self.start)} - {_long(self.end)}"

    def previous(self) -> Period:
        """The period of the same kind and length immediately before this one."""
        return Period(self.kind, add_months(self.start, -self.n_months), add_months(self.start, -1))

    def year_earlier(self) -> Period:
        """The same months one year earlier."""
        return Period(self.kind, add_months(self.start, -12), add_months(self.end, -12))

    def contains(self, month: date) -> bool:
        """Whether a month lies in the period."""
        return self.start <= month <= self.end


def _long(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def financial_year(month: date) -> str:
    """The financial year a month falls in.

    Examples
    --------
    >>> financial_year(date(2025, 3, 1)), financial_year(date(2025, 4, 1))
    ('2024/25', '2025/26')
    """
    return _fy_label(financial_year_start(month))


def financial_year_start(month: date) -> int:
    """The year in whose April the financial year holding ``month`` starts.

    Examples
    --------
    >>> financial_year_start(date(2025, 3, 1)), financial_year_start(date(2025, 4, 1))
    (2024, 2025)
    """
    return month.year if month.month >= FINANCIAL_YEAR_START else month.year - 1


def financial_year_period(first_year: int) -> Period:
    """The financial year starting in April of ``first_year``."""
    return Period("financial-year", date(first_year, 4, 1), date(first_year + 1, 3, 1))


_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_QUARTER = re.compile(r"^q([1-4])\s+(\d{4})(?:\s*/\s*(\d{2}))?$", re.IGNORECASE)
_RANGE = re.compile(rf"^{MONTH_PATTERN}\s*(?:\.\.|to)\s*{MONTH_PATTERN}$", re.IGNORECASE)
_ROLLING = re.compile(rf"^(?:rolling\s+)?12\s*m(?:onths)?\s+to\s+{MONTH_PATTERN}$", re.IGNORECASE)
_SEP_AUG = re.compile(r"^sep(?:tember)?\s*-\s*aug(?:ust)?\s+(\d{4})\s*/\s*(\d{2})$", re.IGNORECASE)


def parse_period(text: str, *, option: str = "period") -> Period:
    """Parse a period as users write it.

    ``2024/25`` (financial year), ``2024`` (calendar year), ``Q4 2024/25`` (financial quarter;
    Q1 is April-June), ``Q1 2025`` (calendar quarter), ``12 months to 2025-03`` (rolling),
    ``Sep-Aug 2022/23`` (September 2022 to August 2023), ``2024-01..2024-06`` (months), in the
    years 1900 to 2200.

    Raises
    ------
    OptionError
        ``text`` is not a period in one of these forms; ``option`` is the name of the
        caller's parameter that held it.

    Examples
    --------
    >>> p = parse_period("2024/25")
    >>> (p.kind, p.label, p.span, p.days)
    ('financial-year', '2024/25', 'Apr 2024 - Mar 2025', 365)
    >>> parse_period("2024/25").previous().label
    '2023/24'
    >>> parse_period("12 months to 2025-03").span
    'Apr 2024 - Mar 2025'
    >>> parse_period("Sep-Aug 2022/24")
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: period 'Sep-Aug 2022/24': a September-August year is two \
consecutive years, like Sep-Aug 2022/23.
    """
    value = " ".join(text.strip().split())
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", value)]
    if any(not FIRST_YEAR <= year <= LAST_YEAR for year in years):
        raise OptionError(
            option,
            f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}.",
            hint=Hint("retry", f"Give a period between {FIRST_YEAR} and {LAST_YEAR}."),
        )
    return _parse(text, value, option)


def _parse(text: str, value: str, option: str) -> Period:
    if match := _FY.match(value):
        first = int(match.group(1))
        _consecutive(text, option, first, match.group(2), "a financial year", "{}")
        return financial_year_period(first)
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return Period("calendar-year", date(year, 1, 1), date(year, 12, 1))
    if match := _QUARTER.match(value):
        quarter, year, fy_end = int(match.group(1)), int(match.group(2)), match.group(3)
        if fy_end is not None:
            _consecutive(text, option, year, fy_end, "a financial year", f"Q{quarter} {{}}")
            start = add_months(date(year, FINANCIAL_YEAR_START, 1), 3 * (quarter - 1))
        else:
            start = date(year, 3 * (quarter - 1) + 1, 1)
        return Period("quarter", start, add_months(start, 2))
    if match := _ROLLING.match(value):
        end = date(int(match.group(1)), int(match.group(2)), 1)
        return Period("rolling-12", add_months(end, -11), end)
    if match := _SEP_AUG.match(value):
        year = int(match.group(1))
        _consecutive(text, option, year, match.group(2), "a September-August year", "Sep-Aug {}")
        return Period("sep-aug", date(year, SEPTEMBER, 1), date(year + 1, 8, 1))
    if match := _RANGE.match(value):
        start = date(int(match.group(1)), int(match.group(2)), 1)
        end = date(int(match.group(3)), int(match.group(4)), 1)
        if end < start:
            raise OptionError(
                option,
                f"{text!r}: the first month is after the last.",
                hint=Hint(
                    "retry",
                    "Give the first month first.",
                    options={option: f"{month_label(end)}..{month_label(start)}"},
                ),
            )
        return Period("months", start, end)
    raise OptionError(
        option,
        f"{text!r} is not a period. Write a financial year (2024/25), a calendar year (2024), a "
        "quarter (Q4 2024/25), a rolling year (12 months to 2025-03), a September-August year "
        "(Sep-Aug 2022/23) or a month range (2024-01..2024-06).",
        hint=Hint("retry", "Write the period in one of these forms, for example 2024/25."),
    )


def _consecutive(text: str, option: str, first: int, second: str, kind: str, form: str) -> None:
    """Refuse a two-year period, such as 2024/26, whose years do not follow each other."""
    if int(second) % 100 == (first + 1) % 100:
        return
    meant = form.format(_fy_label(first))
    raise OptionError(
        option,
        f"{text!r}: {kind} is two consecutive years, like {form.format('2022/23')}.",
        hint=Hint(
            "retry",
            f"Write two consecutive years, as in {meant}.",
            options={option: meant},
        ),
    )


@dataclass(frozen=True)
class Coverage:
    """Which months of a period have data."""

    period: Period
    missing: tuple[date, ...]

    @property
    def complete(self) -> bool:
        """Every month of the period is loaded."""
        return not self.missing

    @property
    def note(self) -> str:
        """A warning for a partial period, or ''."""
        if self.complete:
            return ""
        months = ", ".join(month_label(m) for m in self.missing)
        return (
            f"{self.period.label} is partial: no data for {months}; it is not compared "
            "with full periods."
        )


def coverage(period: Period, loaded: Iterable[date]) -> Coverage:
    """The months of ``period`` missing from ``loaded``.

    Examples
    --------
    >>> cov = coverage(parse_period("Q1 2024/25"), [date(2024, 4, 1), date(2024, 5, 1)])
    >>> cov.complete, cov.note
    (False, 'Q1 2024/25 is partial: no data for 2024-06; it is not compared with full periods.')
    """
    have = set(loaded)
    return Coverage(period, tuple(m for m in period.months if m not in have))
