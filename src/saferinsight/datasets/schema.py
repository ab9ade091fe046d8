"""How a partner dataset is declared: its columns, their types and codes, its period and its
geography. The declarations themselves are in :mod:`saferinsight.datasets.catalogue`.

A column's :meth:`Column.parse` turns one spreadsheet cell into a typed value or raises
:class:`~saferinsight.errors.CellError` with the problem and the fix, which validation reports
with the row number.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from saferinsight.core.periods import financial_year
from saferinsight.errors import CellError

__all__ = [
    "KINDS",
    "Column",
    "Dataset",
    "home_office_offences",
    "parse_financial_year",
]

#: Column kinds and how each is stored. "area", "ward" and "lsoa" hold a name or code that
#: validation resolves against the reference geography.
KINDS: dict[str, str] = {
    "text": "VARCHAR",
    "code": "VARCHAR",
    "codes": "VARCHAR[]",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "month": "DATE",
    "boolean": "BOOLEAN",
    "financial_year": "VARCHAR",
    "quarter": "INTEGER",
    "area": "VARCHAR",
    "ward": "VARCHAR",
    "lsoa": "VARCHAR",
    "offence": "VARCHAR",
}
GRANULARITIES = ("record", "month", "quarter", "financial-year")
_TRUE = {"y", "yes", "true", "1", "t"}
_FALSE = {"n", "no", "false", "0", "f"}
_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:q(?:uarter)?\s*)?([1-4])$", re.IGNORECASE)

#: Whether a dataset is published open data or confidential partner data (methods.md 3.6).
Disclosure = Literal["open", "confidential"]


@dataclass(frozen=True)
class Column:
    """One column of a dataset.

    Attributes
    ----------
    name
        Canonical name, also the template's header (``snake_case``).
    kind
        One of :data:`KINDS`.
    description
        What the column holds, for the template's documentation.
    example
        The example row's value, as a user would type it.
    required
        Whether every row needs a value.
    codes
        The allowed values of a ``code`` or ``codes`` column, as they are stored.
    synonyms
        Other spellings accepted for a code (lower case) and the code they mean.
    aliases
        Other header spellings accepted for the column.
    minimum, maximum
        Bounds of a number.
    """

    name: str
    kind: str
    description: str
    example: str
    required: bool = False
    codes: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")
        if self.kind in ("code", "codes") and not self.codes:
            raise ValueError(f"column {self.name}: a code column needs its codes")

    @property
    def sql_type(self) -> str:
        """The DuckDB type the column is stored as."""
        return KINDS[self.kind]

    def allowed(self) -> str:
        """What the column accepts, in words (for documentation and messages).

        Examples
        --------
        >>> Column("sex", "code", "Sex.", "Female", codes=("Female", "Male")).allowed()
        'one of: Female, Male'
        >>> Column("n", "integer", "A count.", "3", minimum=0).allowed()
        'a whole number, at least 0'
        """
        if self.kind == "code":
            return "one of: " + ", ".join(self.codes)
        if self.kind == "codes":
            return "one or more of, separated by ';': " + ", ".join(self.codes)
        words = {
            "text": "text",
            "integer": "a whole number",
            "number": "a number",
            "date": "a date such as 2024-04-01 or 01/04/2024 (day first)",
            "month": "a month such as 2024-04 or Apr 2024",
            "boolean": "Y or N",
            "financial_year": "a financial year such as 2024/25",
            "quarter": "a quarter of the financial year, 1 to 4 (1 = April to June)",
            "area": "a local authority, Community Safety Partnership or police force area, "
            "by name or ONS code",
            "ward": "an electoral ward, by ONS code (E05...) or name",
            "lsoa": "a 2021 LSOA code (E01... or W01...)",
            "offence": "a Home Office offence code such as 8N or 105A (listed on the "
            "template's documentation sheet)",
        }[self.kind]
        bounds = []
        if self.minimum is not None:
            bounds.append(f"at least {_plain(self.minimum)}")
        if self.maximum is not None:
            bounds.append(f"at most {_plain(self.maximum)}")
        return words + (", " + " and ".join(bounds) if bounds else "")

    def parse(self, value: object) -> Any:
        """The cell as the column's type; ``None`` for an empty cell.

        Raises
        ------
        CellError
            With the problem and the fix.

        Examples
        --------
        >>> Column("n", "integer", "A count.", "3", minimum=0).parse("1,234")
        1234
        >>> Column("flag", "boolean", "A flag.", "Y").parse("yes")
        True
        >>> Column("n", "integer", "A count.", "3", minimum=0).parse("-2")
        Traceback (most recent call last):
        ...
        saferinsight.errors.CellError: -2 is below 0; correct the count
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise CellError("the cell is empty", f"{self.name} is required: {self.allowed()}")
            return None
        if isinstance(value, str) and "\x00" in value:
            raise CellError(
                "the cell holds a NUL character (\\x00), which is never data",
                "remove it; a file full of them was saved as UTF-16 or by a program that pads "
                "text: save it again as CSV UTF-8 or as a workbook",
            )
        parser = _PARSERS[self.kind]
        return parser(self, value)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _text(column: Column, value: object) -> str:
    if isinstance(value, datetime | date):
        # A workbook cell formatted as a date in a column that is not one: Excel turned the
        # value into a date (a reference 03-15, or 45000 formatted as a date); its text is lost.
        shown = value.date() if isinstance(value, datetime) else value
        raise CellError(
            f"the workbook gives a date ({shown.isoformat()}) in a column that is not a date "
            f"(Excel date number {_serial(shown)})",
            f"format the column as text in the workbook, type the value again, and write "
            f"{column.allowed()}",
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _serial(day: date) -> int:
    days = (day - date(1899, 12, 31)).days
    return days + (1 if days >= 60 else 0)


def _code(column: Column, value: object) -> str:
    text = _text(column, value)
    folded = re.sub(r"\s+", " ", text).casefold()
    for code in column.codes:
        if code.casefold() == folded:
            return code
    if folded in column.synonyms:
        return column.synonyms[folded]
    raise CellError(f"{text!r} is not a code of {column.name}", f"use {column.allowed()}")


def _codes(column: Column, value: object) -> list[str]:
    parts = [p for p in re.split(r"[;|]", _text(column, value)) if p.strip()]
    return sorted({_code(column, part) for part in parts}, key=column.codes.index)


def _number(column: Column, value: object) -> float:
    if isinstance(value, bool):
        raise CellError(f"{value!r} is not a number", f"write {column.allowed()}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        _check_number_text(column, str(value).strip())
        text = str(value).strip().replace("£", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        if not _NUMBER.match(text) or text in ("", "+", "-", "."):
            raise CellError(f"{str(value)!r} is not a number", f"write {column.allowed()}")
        number = float(text.replace(",", ""))
    if not math.isfinite(number):
        raise CellError(f"{value!r} is not a number", f"write {column.allowed()}")
    if column.minimum is not None and number < column.minimum:
        raise CellError(f"{_plain(number)} is below {_plain(column.minimum)}", "correct the count")
    if column.maximum is not None and number > column.maximum:
        raise CellError(f"{_plain(number)} is above {_plain(column.maximum)}", "correct the value")
    return number


def _check_number_text(column: Column, text: str) -> None:
    """Refuse number text that Python would read but a person may have meant otherwise.

    Digits other than 0-9 (full-width or Arabic-Indic twelve) are refused rather than
    normalised: they come from pasting text from elsewhere, and a cell that was pasted may hold
    more than the figure. In a count, a currency sign or a leading ``+`` (``£12``, ``+8``) says
    the cell is money or a change, not a count, so it is refused rather than read as 12 or 8.
    """
    foreign = [c for c in text if c.isdigit() and not c.isascii()]
    if foreign:
        plain = "".join(str(unicodedata.digit(c, "?")) if c in foreign else c for c in text)
        names = sorted({unicodedata.name(c, "?").rsplit(" DIGIT", 1)[0] for c in foreign})
        raise CellError(
            f"{text!r} has digits other than 0-9 ({', '.join(n.lower() for n in names)})",
            f"type it with the digits 0-9 ({plain!r})",
        )
    if column.kind != "integer":
        return
    if "£" in text or "$" in text or "€" in text:
        raise CellError(
            f"{text!r} is an amount of money, not a count",
            f"write the number of {column.name.replace('_', ' ')} alone (such as 12)",
        )
    if text.startswith("+"):
        raise CellError(
            f"{text!r} looks like a change, not a count",
            f"write the count itself ({text[1:].strip()!r}), not its change from another figure",
        )


def _integer(column: Column, value: object) -> int:
    number = _number(column, value)
    if not number.is_integer():
        raise CellError(f"{value!r} is not a whole number", f"write {column.allowed()}")
    return int(number)


#: Dates partner data can plausibly hold; anything else is a typing or conversion error
#: (a bare year such as "2024" read as an Excel serial number is 1905).
PLAUSIBLE_YEARS = (1990, 2100)


def _date(column: Column, value: object) -> date:
    from saferinsight.datasets.spreadsheet import parse_date, parse_month

    parse = parse_month if column.kind == "month" else parse_date
    _check_serial_text(column, value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        raise CellError(
            f"{value.strip()!r} is a year, not a {column.kind}", f"write {column.allowed()}"
        )
    try:
        parsed = parse(value)
    except ValueError as exc:
        raise CellError(str(exc).split(";")[0], f"write {column.allowed()}") from None
    if not PLAUSIBLE_YEARS[0] <= parsed.year <= PLAUSIBLE_YEARS[1]:
        raise CellError(
            f"{_shown(value)!r} gives {parsed.isoformat()}, outside {PLAUSIBLE_YEARS[0]} to "
            f"{PLAUSIBLE_YEARS[1]}",
            f"write {column.allowed()}",
        )
    return parsed


def _check_serial_text(column: Column, value: object) -> None:
    """Refuse a date written as a bare number in text (``45000``).

    Excel stores a date as its serial number, and a workbook cell that holds one as a number is
    read as that date. Text such as ``45000`` (a CSV cell, or a workbook cell formatted as text)
    is not a date the file gave: it is more often a reference or a figure in the wrong column,
    and read as a serial it becomes a plausible date (2023-03-15) without any warning.
    """
    if not isinstance(value, str):
        return
    text = value.strip()
    if not text.isdigit() or len(text) <= 4 or (column.kind == "month" and len(text) == 6):
        return
    from saferinsight.datasets.spreadsheet import parse_date

    try:
        as_serial = f" (as an Excel date number it would be {parse_date(int(text)).isoformat()})"
    except ValueError:
        as_serial = ""
    raise CellError(
        f"{text!r} is a number written as text, not a {column.kind}{as_serial}",
        f"write {column.allowed()}; in a workbook, format the column as a date before saving",
    )


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _boolean(column: Column, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(column, value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{text!r} is not Y or N", "write Y (yes) or N (no)")


def _financial_year(column: Column, value: object) -> str:
    try:
        return parse_financial_year(_text(column, value))
    except ValueError as exc:
        raise CellError(str(exc), f"write {column.allowed()}") from None


def _quarter(column: Column, value: object) -> int:
    match = _QUARTER.match(_text(column, value))
    if not match:
        raise CellError(f"{value!r} is not a quarter", f"write {column.allowed()}")
    return int(match.group(1))


def _area_code(column: Column, value: object) -> str:
    # Resolved against the reference geography by validation; here only tidied.
    return re.sub(r"\s+", " ", _text(column, value))


def _lsoa(column: Column, value: object) -> str:
    text = _text(column, value).upper()
    if not re.match(r"^[EW]01\d{6}$", text):
        raise CellError(f"{text!r} is not an LSOA code", f"write {column.allowed()}")
    return text


def _offence(column: Column, value: object) -> str:
    text = _text(column, value).upper().lstrip("0") or "0"
    if text not in home_office_offences():
        raise CellError(f"{text!r} is not a Home Office offence code", f"write {column.allowed()}")
    return text


@functools.cache
def home_office_offences() -> dict[str, tuple[str, str, str, str]]:
    """Home Office offence code -> (description, group, sub-group, police.uk crime type).

    Examples
    --------
    >>> home_office_offences()["8N"]
    ('Assault with injury', 'Violence against the person', 'Violence with injury', \
'Violence and Sexual Offences')
    """
    from saferinsight.reference import HOME_OFFICE_OFFENCES, shipped

    offences: dict[str, tuple[str, str, str, str]] = {}
    with open(shipped(HOME_OFFICE_OFFENCES), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            detail = (row["description"], row["group"], row["subgroup"], row["police_uk_category"])
            offences[row["code"].upper()] = detail
            # Combined classes such as "1/4.1/4.10/4.2" (homicide): each code on its own too.
            for part in row["code"].split("/") if "/" in row["code"] else ():
                offences.setdefault(part.upper(), detail)
    return offences


def parse_financial_year(text: str) -> str:
    """A financial year as ``YYYY/YY``.

    Examples
    --------
    >>> [parse_financial_year(t) for t in ("2024/25", "2024-2025", "FY2024/25")]
    ['2024/25', '2024/25', '2024/25']
    >>> parse_financial_year("2024/26")
    Traceback (most recent call last):
    ...
    ValueError: '2024/26' is not a financial year (the second year must follow the first)
    """
    match = _FY.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a financial year")
    start, end = int(match.group(1)), int(match.group(2))
    if end % 100 != (start + 1) % 100 or (end >= 1000 and end != start + 1):
        raise ValueError(
            f"{text!r} is not a financial year (the second year must follow the first)"
        )
    return financial_year(date(start, 4, 1))


_PARSERS = {
    "text": _text,
    "code": _code,
    "codes": _codes,
    "integer": _integer,
    "number": _number,
    "date": _date,
    "month": _date,
    "boolean": _boolean,
    "financial_year": _financial_year,
    "quarter": _quarter,
    "area": _area_code,
    "ward": _area_code,
    "lsoa": _lsoa,
    "offence": _offence,
}


@dataclass(frozen=True)
class Dataset:
    """A partner dataset: what one row holds, the period it covers and where.

    Attributes
    ----------
    name
        Command-line name, such as ``"asb-incidents"``.
    title
        Title for reports and templates.
    description
        What the data is, who sends it and what it is used for.
    provider
        The agency that usually sends it.
    granularity
        ``"record"`` (one row per event, dated by ``period_column``), or an aggregate by
        ``"month"``, ``"quarter"`` (financial year and quarter columns) or
        ``"financial-year"``.
    period_columns
        The column(s) that date a row: one date or month column (for record data, a first
        and a last month for cohorts), or the financial year column then (for quarters) the
        quarter column.
    geography
        The geography columns a row may use, most detailed first (``lsoa``, ``ward`` or
        ``area`` kinds). A file with none of them takes its area from the load's ``--area``.
    count_column
        For aggregate data, the column holding the number of events a row stands for.
    columns
        Every column, in template order.
    non_geographic
        Area names that are not places (such as "Action Fraud") and are kept without an area.
    required_any
        Groups of columns of which each row needs at least one (such as an offence code or
        an offence description).
    notes
        Caveats for the documentation sheet.
    disclosure
        ``"confidential"`` (partner data that is not published: the public edition applies
        disclosure control to it) or ``"open"`` (a copy of published open data, such as the Home
        Office open tables: printed exactly, methods.md 3.6).
    key
        The columns that say what a row counts: two rows with the same key would count the
        same thing twice (within a file, or from two providers). An aggregate's key is its
        period, geography and breakdown columns (never its counts); its geography compares by
        the place the row resolves to, so a name and its ONS code are the same key. A record
        dataset's key is its reference, or empty: the whole row.
    """

    name: str
    title: str
    description: str
    provider: str
    granularity: str
    period_columns: tuple[str, ...]
    geography: tuple[str, ...]
    columns: tuple[Column, ...]
    count_column: str | None = None
    non_geographic: tuple[str, ...] = ()
    required_any: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()
    disclosure: Disclosure = "confidential"
    key: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        problems = []
        if self.disclosure not in ("open", "confidential"):
            problems.append(f"disclosure must be 'open' or 'confidential', not {self.disclosure!r}")
        if self.granularity not in GRANULARITIES:
            problems.append(f"unknown granularity {self.granularity!r}")
        if len(set(names)) != len(names):
            problems.append("duplicate column names")
        grouped = [name for group in self.required_any for name in group]
        for name in (*self.period_columns, *self.geography, self.count_column, *grouped):
            if name is not None and name not in names:
                problems.append(f"{name} is not a column")
        problems += self._key_problems(names)
        if problems:
            raise ValueError(f"dataset {self.name}: " + "; ".join(problems))

    def _key_problems(self, names: list[str]) -> list[str]:
        problems = [f"key column {name} is not a column" for name in self.key if name not in names]
        if self.granularity != "record":
            if not self.key:
                problems.append("an aggregate needs a key (period, geography, breakdowns)")
            missing = [n for n in (*self.period_columns, *self.geography) if n not in self.key]
            if self.key and missing:
                problems.append(f"the key leaves out {', '.join(missing)}")
            counted = [n for n in self.key if n in names and self.column(n).kind == "integer"]
            if counted:
                problems.append(f"the key holds counts: {', '.join(counted)}")
        return problems

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)
