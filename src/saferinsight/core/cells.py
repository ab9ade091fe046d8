"""Cells of the CSV and spreadsheet files the product writes, made safe to open.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or carriage return) as a formula, so a value taken from a loaded file, such as
``=HYPERLINK("http://example.invalid","Click")`` in a location or an area name, would run when
someone opens an export. Following OWASP's CSV injection guidance, such text is written with a
leading apostrophe, which spreadsheets show as text. Numbers are left alone: a number, or text
that is exactly a number (``-12``, ``-0.5``, ``+3``), is not a formula.

Examples
--------
>>> safe_cell('=HYPERLINK("http://example.invalid","Click")')
'\\'=HYPERLINK("http://example.invalid","Click")'
>>> safe_cell("-2.751"), safe_cell(-3), safe_cell("-5%"), safe_cell("-1,234")
('-2.751', -3, '-5%', '-1,234')
>>> safe_cell("Shropshire")
'Shropshire'
>>> safe_cell("-1+2"), safe_cell("@SUM(A1)"), safe_cell("\\tx")
("'-1+2", "'@SUM(A1)", "'\\tx")
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A text cell that is exactly a decimal number, perhaps with thousands separators or a
#: percent sign (-1,234.5, -5%); it is left as it is.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]{3})*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?")
#: The same two rules as DuckDB regular expressions, for files the store writes itself.
FORMULA_START_PATTERN = "^[=+@\\t\\r-]"
NUMBER_PATTERN = "^" + NUMBER.pattern + "$"


def safe_cell(value: object) -> object:
    """``value`` as it may be written to a cell: text that would run as a formula gets a
    leading apostrophe; anything else, numbers included, is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    """Every cell of a row made safe with :func:`safe_cell`."""
    return [safe_cell(value) for value in row]


def safe_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """Every row made safe with :func:`safe_row`."""
    return [safe_row(row) for row in rows]
