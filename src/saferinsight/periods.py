"""Reporting periods. Financial years run April to March and are written ``2024/25``."""

from __future__ import annotations

from datetime import date


def financial_year(month: date) -> str:
    """The financial year a month falls in.

    Examples
    --------
    >>> financial_year(date(2025, 3, 1)), financial_year(date(2025, 4, 1))
    ('2024/25', '2025/26')
    """
    first = month.year if month.month >= 4 else month.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def financial_year_months(label: str) -> tuple[str, str]:
    """First and last month (``YYYY-MM``) of a financial year such as ``2024/25``.

    Examples
    --------
    >>> financial_year_months("2024/25")
    ('2024-04', '2025-03')
    """
    first = int(label[:4])
    return f"{first}-04", f"{first + 1}-03"
