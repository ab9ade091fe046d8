"""Presentation conventions of the published reports, configurable.

Defaults follow the reports: whole-number percentage change rounded half away from zero (as
Excel's ROUND does; not banker's rounding), signed numerical change, ``N/A`` for a change from
zero, thousands separators in prose and tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Conventions:
    """How numbers are written."""

    pct_decimals: int = 0
    rounding: str = "half-up"  # half-up (away from zero, as Excel) | half-even
    thousands: bool = True
    zero_base: str = "N/A"
    minus: str = "-"

    def with_decimals(self, decimals: int) -> Conventions:
        """The same conventions with another number of decimals for percentages."""
        return Conventions(decimals, self.rounding, self.thousands, self.zero_base, self.minus)


REPORT = Conventions()
PROSE_1DP = Conventions(pct_decimals=1)
PLAIN = Conventions(thousands=False)


def round_half_up(value: float, decimals: int = 0, *, rounding: str = "half-up") -> Decimal:
    """Round to ``decimals`` places, halves away from zero (or to even with ``half-even``).

    Works on the decimal representation, so 2.675 rounds to 2.68 as a person expects.

    Examples
    --------
    >>> str(round_half_up(-22.5)), str(round_half_up(2.5)), str(round_half_up(2.675, 2))
    ('-23', '3', '2.68')
    >>> str(round_half_up(2.5, rounding="half-even"))
    '2'
    """
    mode = ROUND_HALF_UP if rounding == "half-up" else ROUND_HALF_EVEN
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def pct_change(current: int, previous: int) -> float | None:
    """Unrounded percentage change; None from a zero base.

    Examples
    --------
    >>> pct_change(16508, 18208)
    -9.336555360281196
    >>> pct_change(2, 0) is None
    True
    """
    if previous == 0:
        return None
    return (current - previous) / previous * 100


def format_count(value: int | float, conv: Conventions = REPORT) -> str:
    """A count with thousands separators (if the conventions want them).

    Examples
    --------
    >>> format_count(18216), format_count(18216, PLAIN)
    ('18,216', '18216')
    """
    text = f"{value:,}" if conv.thousands else f"{value}"
    return text.replace("-", conv.minus)


def format_signed(value: int, conv: Conventions = REPORT) -> str:
    """A numerical change with its sign (no plus sign, as the reports write it).

    Examples
    --------
    >>> format_signed(-96), format_signed(5), format_signed(0)
    ('-96', '5', '0')
    """
    return format_count(value, conv)


def format_pct(value: float | None, conv: Conventions = REPORT) -> str:
    """A percentage such as '-23%' (or 'N/A' for a change from zero).

    Examples
    --------
    >>> format_pct(-22.529), format_pct(300.0), format_pct(None), format_pct(-9.3366, PROSE_1DP)
    ('-23%', '300%', 'N/A', '-9.3%')
    """
    if value is None:
        return conv.zero_base
    rounded = round_half_up(value, conv.pct_decimals, rounding=conv.rounding)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0%"
    text = f"{rounded:,}" if conv.thousands else f"{rounded}"
    return text.replace("-", conv.minus) + "%"


def format_share(part: int, whole: int, conv: Conventions = REPORT) -> str:
    """A share of a total as a percentage.

    Examples
    --------
    >>> format_share(1459, 18216)
    '8%'
    """
    return format_pct(part / whole * 100 if whole else None, conv)


def x_pct_n(share: float | None, n: int, conv: Conventions = REPORT) -> str:
    """The reports' "X% (n=Y)" form.

    Examples
    --------
    >>> x_pct_n(4.98, 864)
    '5% (n=864)'
    """
    return f"{format_pct(share, conv)} (n={format_count(n, conv)})"


def format_rate(value: float, *, small: str = "truncate") -> str:
    """A rate as the published area comparison table prints it: a whole number (half up), or,
    when that would be 0, two decimals cut down (``small="truncate"``) or rounded.

    The published table fits this rule and no other: with 2 dp rounded, no population
    reproduces all of Herefordshire's cells (86 thefts from the person at 0.45 per 1,000 need
    at least 189,011 residents, 1,218 other thefts at 7 per 1,000 at most 187,385); with 2 dp
    cut down every area's cells agree with one population (Shropshire's is 310,121). A rate of
    0.54 prints as 1 there, so the 2 dp form is only for rates that round to 0.

    Examples
    --------
    >>> format_rate(45.95), format_rate(0.54), format_rate(0.457), format_rate(0.457, small="round")
    ('46', '1', '0.45', '0.46')
    """
    whole = round_half_up(value, 0)
    if whole != 0:
        return f"{whole}"
    if small == "round":
        return f"{round_half_up(value, 2)}"
    return f"{Decimal(repr(value)).quantize(Decimal('0.01'), rounding=ROUND_DOWN)}"


def format_number(value: float) -> str:
    """A count or a level such as a mean: whole numbers with separators, else one decimal."""
    if float(value).is_integer():
        return format_count(int(value))
    return f"{value:,.1f}"


def format_level(value: float) -> str:
    """A mean or a limit: whole numbers from 100 up, else one decimal."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 month', '7 months' ('many' for irregular plurals).

    >>> plural(1, "month"), plural(7, "month"), plural(2, "child", "children")
    ('1 month', '7 months', '2 children')
    """
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first letter lower-cased, unless the first
    word is an abbreviation.

    >>> in_sentence("Residents aged 0-15 (%)"), in_sentence("LSOAs in the most deprived 10%")
    ('residents aged 0-15 (%)', 'LSOAs in the most deprived 10%')
    """
    first = label.split(" ", 1)[0]
    if sum(c.isupper() for c in first) > 1:
        return label
    return label[:1].lower() + label[1:]
