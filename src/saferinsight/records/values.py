"""Field values: from what a person types (or a spreadsheet cell holds) to what is stored, and
back to what is shown. Every problem says which field, what was given and what to give.

Examples
--------
>>> from saferinsight.records.kinds import KINDS
>>> event = KINDS["review-event"]
>>> convert(event.field("dated"), "14/03/2024"), convert(event.field("stage"), "Report published")
(datetime.date(2024, 3, 14), 'published')
>>> convert(KINDS["contribution"].field("amount"), "£266,680")
Decimal('266680.00')
>>> convert(KINDS["audit"].field("year"), "2024-2025")
'2024/25'
>>> convert(event.field("dated"), "31/02/2024")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
saferinsight.errors.FieldValueError: dated: '31/02/2024' is not a date; give it as ...
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from saferinsight.errors import FieldValueError

if TYPE_CHECKING:
    from saferinsight.records.kinds import Field

__all__ = ["convert", "shown"]

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


def _problem(field: Field, value: object, expects: str) -> FieldValueError:
    return FieldValueError(f"{field.name}: {str(value)!r} is not {expects}")


def _date(field: Field, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _problem(field, value, "a date; give it as YYYY-MM-DD (2025-03-31)")


def _number(field: Field, value: object, places: int | None) -> Decimal:
    text = re.sub(r"[£,\s]", "", str(value)).removesuffix("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _problem(field, value, "a number; give digits, such as 2190 or 869.33") from None
    if not number.is_finite():
        raise _problem(field, value, "a number; give digits, such as 2190 or 869.33")
    if places is None:
        return number
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum, rounding=ROUND_HALF_UP):
        raise _problem(field, value, f"an amount in pounds and pence (at most {places} decimals)")
    return number.quantize(quantum)


def _integer(field: Field, value: object) -> int:
    if isinstance(value, bool):
        raise _problem(field, value, "a whole number")
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(",", "")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not re.fullmatch(r"-?\d+", text):
        raise _problem(field, value, "a whole number")
    return int(text)


def _flag(field: Field, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _problem(field, value, "yes or no")


def _code(field: Field, value: object) -> str:
    assert field.codes is not None
    text = str(value).strip()
    for key, label in field.codes.items():
        if text.lower() in (key, label.lower()):
            return key
    raise FieldValueError(
        f"{field.name}: {text!r} is not one of the codes; give one of {', '.join(field.codes)}"
    )


def _financial_year(field: Field, value: object) -> str:
    text = str(value).strip().replace("-", "/")
    match = re.fullmatch(r"(\d{4})/(\d{2}|\d{4})", text)
    if match:
        first, second = int(match[1]), int(match[2])
        if second % 100 == (first + 1) % 100 and (second < 100 or second == first + 1):
            return f"{first}/{second % 100:02d}"
    raise _problem(field, value, "a financial year; give it as 2024/25")


def convert(field: Field, value: object) -> object:
    """The stored value of ``value`` (text, or already typed) for ``field``; ``None`` or an
    empty text is no value. A reference is returned as given (the service resolves it)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if field.type == "flag":
            return False
        return None
    if field.codes is not None:
        return _code(field, value)
    if field.format == "financial-year":
        return _financial_year(field, value)
    match field.type:
        case "date":
            return _date(field, value)
        case "integer":
            return _integer(field, value)
        case "money":
            return _number(field, value, 2)
        case "number":
            return _number(field, value, None)
        case "flag":
            return _flag(field, value)
        case "ref":
            return value if isinstance(value, int) else str(value).strip()
    return str(value).strip() if isinstance(value, str) else str(value)


def shown(value: object) -> object:
    """A stored value as JSON-ready data: dates as ISO text, amounts as text (exact)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value
