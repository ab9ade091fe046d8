"""Check a partner spreadsheet against its dataset's declaration and type every cell.

Validation reports every problem at once, each with its row, column, value and fix, so that an
agency can correct a file in one pass. Geography is resolved here: an area by name or code, a
ward by code or name, an LSOA by code, each checked against the reference geography.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from saferinsight.core.months import add_months, month_end
from saferinsight.core.periods import Period
from saferinsight.datasets.schema import Column, Dataset
from saferinsight.datasets.spreadsheet import SheetRow, SheetTable, SkippedRow
from saferinsight.datasets.totals import check_totals, mismatch_message, skipped_notes
from saferinsight.errors import AreaError, CellError

__all__ = [
    "GeographyLookup",
    "Problem",
    "ValidRow",
    "Validation",
    "describe_key",
    "row_key",
    "validate_table",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, what, and how to fix it."""

    row: int
    column: str
    value: str
    problem: str
    fix: str

    def message(self) -> str:
        """The problem as one line, for listings.

        Examples
        --------
        >>> Problem(7, "sex", "X", "'X' is not a code of sex", "use Female or Male").message()
        "row 7, column sex, value 'X': 'X' is not a code of sex; use Female or Male"
        """
        where = f"row {self.row}, column {self.column}, value {self.value!r}"
        return f"{where}: {self.problem}; {self.fix}"


@dataclass(frozen=True)
class ValidRow:
    """A row that passed: typed values, its period and the area it counts in."""

    number: int
    values: dict[str, Any]
    period_start: date
    period_end: date
    area_code: str | None
    area_name: str | None


@dataclass(frozen=True)
class Validation:
    """The outcome of checking a file: rows that passed, problems, and rows rejected."""

    rows: tuple[ValidRow, ...]
    problems: tuple[Problem, ...]
    rejected: dict[int, str] = field(default_factory=dict)  # row number -> row text
    #: Skipped rows that held something, each with the reason (column ``(skipped)``).
    skipped: tuple[Problem, ...] = ()
    #: Rows the reader took for totals that are valid data rows, loaded as such.
    promoted: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file has no problem at all."""
        return not self.problems


@dataclass
class GeographyLookup:
    """Resolves the geography cells of a file, each distinct value once.

    ``area`` maps a name or code to ``(code, name)`` or raises :class:`AreaError`;
    ``ward_area`` and ``lsoa_area`` map a ward or LSOA to ``(its code, the LAD's code, the
    LAD's name)``, or ``None`` when unknown.
    """

    area: Callable[[str], tuple[str, str]]
    ward_area: Callable[[str], tuple[str, str, str] | None]
    lsoa_area: Callable[[str], tuple[str, str, str] | None]
    default_area: tuple[str, str] | None = None
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict)

    def resolve(self, kind: str, value: str) -> Any:
        """Cached resolution of a value of kind ``area``, ``ward`` or ``lsoa``."""
        key = (kind, value.casefold())
        if key not in self._cache:
            try:
                self._cache[key] = {
                    "area": self.area,
                    "ward": self.ward_area,
                    "lsoa": self.lsoa_area,
                }[kind](value)
            except AreaError as exc:
                self._cache[key] = exc
        return self._cache[key]


#: An Excel date number, as a CSV writes a date cell formatted General (days since 1899-12-30).
_SERIAL = re.compile(r"[1-9][0-9]{4}")


def validate_table(
    table: SheetTable,
    dataset: Dataset,
    geography: GeographyLookup,
    *,
    period: Period | None = None,
) -> Validation:
    """Type, check and place every row of ``table``; collect every problem.

    Parameters
    ----------
    table
        The rows read from the file (:func:`saferinsight.datasets.spreadsheet.read_table`).
    dataset
        The dataset the file claims to be.
    geography
        How to resolve areas, wards and LSOAs; its ``default_area`` places rows without one.
    period
        The period the load says it covers; rows dated outside it are problems.

    Returns
    -------
    Validation
        Rows that passed, and one :class:`Problem` per bad cell or row.
    """
    problems: list[Problem] = []
    rows: list[ValidRow] = []
    rejected: dict[int, str] = {}
    seen: dict[tuple[Any, ...], int] = {}
    data, totals = _data_and_totals(table, dataset, geography, period)
    data = _serial_columns(dataset, data)
    for raw in data:
        row_problems: list[Problem] = []
        checked = _check_row(raw, dataset, geography, period, row_problems)
        if checked is not None:
            key = row_key(dataset, checked)
            if key in seen:
                row_problems.append(_duplicate(dataset, raw, checked, seen[key]))
            else:
                seen[key] = raw.number
        if row_problems or checked is None:
            problems.extend(row_problems)
            rejected[raw.number] = raw.text
        else:
            rows.append(checked)
    if period is None:
        for row, problem in _far_outside(dataset, rows):
            problems.append(problem)
            rejected[row.number] = next(r.text for r in data if r.number == row.number)
        rows = [r for r in rows if r.number not in rejected]
    checks = check_totals(table, dataset, data, totals)
    for check in checks:
        for column, figure, summed, first, last in check.mismatches():
            assert summed is not None
            problems.append(
                Problem(
                    check.row.number,
                    column,
                    check.row.text,
                    mismatch_message(column, figure, summed, first, last),
                    "correct the total or the rows it totals; if the row is data, not a total, "
                    "give it what a data row needs (its period and every required cell)",
                )
            )
            rejected[check.row.number] = check.row.text
    notes = tuple(Problem(*note) for note in skipped_notes(table, checks))
    read = {x.number for x in table.rows}  # once: built per row, it made validation quadratic
    promoted = tuple(r.number for r in data if r.number not in read)
    return Validation(tuple(rows), tuple(problems), rejected, notes, promoted)


def _data_and_totals(
    table: SheetTable, dataset: Dataset, geography: GeographyLookup, period: Period | None
) -> tuple[list[SheetRow], list[SkippedRow]]:
    """The data rows, with any row taken for totals that reads as valid data; the totals rows."""
    promoted: list[SheetRow] = []
    totals: list[SkippedRow] = []
    for skipped in table.skipped:
        if skipped.reason != "totals":
            continue
        raw = SheetRow(skipped.number, dict(skipped.values or {}), skipped.text)
        if _check_row(raw, dataset, geography, period, []) is not None:
            promoted.append(raw)
        else:
            totals.append(skipped)
    return sorted([*table.rows, *promoted], key=lambda r: r.number), totals


def row_key(dataset: Dataset, row: ValidRow) -> tuple[Any, ...]:
    """What a row counts (its :attr:`Dataset.key`): rows with equal keys count the same thing.

    Geography compares by the place the row resolves to, text ignoring case and spacing.

    Examples
    --------
    >>> from saferinsight.datasets.catalogue import get_dataset
    >>> dvpn = get_dataset("dvpn-dvpo")
    >>> def row(n, area, dvpns):
    ...     values = {"month": date(2024, 4, 1), "area": "E22000360", "dvpns": dvpns, "dvpos": 1}
    ...     return ValidRow(n, values, date(2024, 4, 1), date(2024, 4, 30), "E22000360", area)
    >>> row_key(dvpn, row(2, "Shropshire", 10)) == row_key(dvpn, row(3, "Shropshire", 12))
    True
    """
    if not dataset.key:
        return tuple(_comparable(v) for v in row.values.values())
    parts: list[Any] = []
    for name in dataset.key:
        if name not in dataset.geography:
            parts.append(_comparable(row.values.get(name)))
        elif not parts or parts[-1] != ("place", *_place_of(dataset, row)):
            parts.append(("place", *_place_of(dataset, row)))
    return tuple(dict.fromkeys(parts))


def describe_key(dataset: Dataset, row: ValidRow) -> str:
    """The row's key in words: ``month 2024-04, area Shropshire, strand All``."""
    if not dataset.key:
        return "every column"
    words: list[str] = []
    for name in dataset.key:
        if name in dataset.geography:
            place = _place_of(dataset, row)
            shown = " in ".join(str(p) for p in (place[2], row.area_name) if p)
            text = f"{'/'.join(dataset.geography)} {shown or '(none)'}"
        else:
            text = f"{name} {_key_value(dataset.column(name), row.values.get(name))}"
        if text not in words:
            words.append(text)
    return ", ".join(words)


def _place_of(dataset: Dataset, row: ValidRow) -> tuple[str | None, str | None, str | None]:
    """(area code, name of a non-geographic area, the ward or LSOA code) a row is counted in."""
    detail = next((row.values[g] for g in dataset.geography if row.values.get(g)), None)
    kind = next((dataset.column(g).kind for g in dataset.geography if row.values.get(g)), None)
    named = row.area_name if row.area_code is None else None
    return row.area_code, named, detail if kind in ("ward", "lsoa") else None


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, list | tuple):
        return tuple(_comparable(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _key_value(column: Column, value: Any) -> str:
    if value is None:
        return "(empty)"
    if column.kind == "month" and isinstance(value, date):
        return f"{value:%Y-%m}"
    if isinstance(value, list | tuple):
        return ";".join(map(str, value))
    return str(value)


def _duplicate(dataset: Dataset, raw: SheetRow, row: ValidRow, first: int) -> Problem:
    if not dataset.key:
        return Problem(
            raw.number,
            "(row)",
            raw.text,
            f"the same record as row {first}",
            "remove the duplicate: it would be counted twice",
        )
    return Problem(
        raw.number,
        ", ".join(dataset.key),
        raw.text,
        f"the same {describe_key(dataset, row)} as row {first}",
        "keep one row for that key (if both are parts of one figure, add them together): "
        "otherwise both are counted",
    )


def _serial_columns(dataset: Dataset, data: list[SheetRow]) -> list[SheetRow]:
    """A date column written wholly as Excel date numbers in text (a workbook saved as CSV with
    the column formatted General) is read as the dates it holds; one such number among real
    dates stays text, and is refused as the odd one out (it is more likely a reference or a
    figure in the wrong column than a date)."""
    serial = []
    for column in dataset.columns:
        if column.kind not in ("date", "month"):
            continue
        cells = [r.values.get(column.name) for r in data]
        given = [c for c in cells if c is not None and str(c).strip()]
        if given and all(isinstance(c, str) and _SERIAL.fullmatch(c.strip()) for c in given):
            serial.append(column.name)
    if not serial:
        return data
    return [
        replace(
            r,
            values={
                **r.values,
                **{
                    name: int(str(r.values[name]).strip())
                    for name in serial
                    if r.values.get(name) is not None and str(r.values[name]).strip()
                },
            },
        )
        for r in data
    ]


def _check_row(
    raw: SheetRow,
    dataset: Dataset,
    geography: GeographyLookup,
    period: Period | None,
    problems: list[Problem],
) -> ValidRow | None:
    values: dict[str, Any] = {}
    for column in dataset.columns:
        cell = raw.values.get(column.name)
        try:
            values[column.name] = column.parse(cell)
        except CellError as exc:
            problems.append(Problem(raw.number, column.name, _shown(cell), exc.problem, exc.fix))
    extra = raw.values.get("_extra")
    if extra:
        problems.append(
            Problem(
                raw.number,
                "(beyond the header)",
                ", ".join(map(str, extra)),  # type: ignore[call-overload]
                "the row has more cells than the header has columns",
                "remove the stray cells or give the column a header",
            )
        )
    for group in dataset.required_any:
        if all(values.get(name) is None for name in group) and not _failed(problems) & set(group):
            problems.append(
                Problem(
                    raw.number,
                    " or ".join(group),
                    "",
                    "all of these are empty",
                    f"fill in at least one of {', '.join(group)}",
                )
            )
    if problems:
        return None
    place = _place(raw, dataset, geography, values, problems)
    start, end = _period(dataset, values)
    if period is not None and not (period.start <= start and end <= month_end(period.end)):
        problems.append(
            Problem(
                raw.number,
                "/".join(dataset.period_columns),
                start.isoformat(),
                f"dated outside the period of the load ({period.label})",
                "correct the date, or load the file with the period it covers",
            )
        )
    if problems or place is None:
        return None
    return ValidRow(raw.number, values, start, end, *place)


#: Rows dated more than this many months from every row of the file's main run of dates are
#: taken for mistyped dates (2099-01-01 in 2024/25 data) when the load gives no period.
GAP_MONTHS = 24


def _far_outside(dataset: Dataset, rows: list[ValidRow]) -> list[tuple[ValidRow, Problem]]:
    """Rows dated far outside the file's own period, when the load does not give one.

    The rows' months are split into runs wherever GAP_MONTHS or more pass without a row; the
    run with most rows is the file's period, and the rows of every other run are problems. A
    file that covers several years without such a gap is one run, so nothing is refused.
    """
    if not rows:
        return []
    index = {r.number: r.period_start.year * 12 + r.period_start.month for r in rows}
    months = sorted(set(index.values()))
    runs: list[list[int]] = [[months[0]]]
    for month in months[1:]:
        if month - runs[-1][-1] > GAP_MONTHS:
            runs.append([])
        runs[-1].append(month)
    if len(runs) == 1:
        return []
    sizes = [sum(1 for r in rows if run[0] <= index[r.number] <= run[-1]) for run in runs]
    main = runs[sizes.index(max(sizes))]
    span = f"{_month_label(main[0])} to {_month_label(main[-1])}"
    return [
        (
            r,
            Problem(
                r.number,
                "/".join(dataset.period_columns),
                r.period_start.isoformat(),
                f"dated {r.period_start.isoformat()}, more than {GAP_MONTHS} months from the "
                f"rest of the file ({span})",
                "correct the date; if the file really covers both, load it with the period "
                "it covers",
            ),
        )
        for r in rows
        if not main[0] <= index[r.number] <= main[-1]
    ]


def _month_label(index: int) -> str:
    year, month = divmod(index - 1, 12)
    return f"{year}-{month + 1:02d}"


def _failed(problems: Iterable[Problem]) -> set[str]:
    return {p.column for p in problems}


def _shown(cell: object) -> str:
    return "" if cell is None else str(cell)


def _place(
    raw: SheetRow,
    dataset: Dataset,
    geography: GeographyLookup,
    values: dict[str, Any],
    problems: list[Problem],
) -> tuple[str | None, str | None] | None:
    """The area a row counts in, from its most detailed geography; codes replace names."""
    for name in dataset.geography:
        value = values.get(name)
        if value is None:
            continue
        kind = dataset.column(name).kind
        if kind == "area" and _non_geographic(value, dataset.non_geographic):
            return None, value
        found = geography.resolve(kind, value)
        if isinstance(found, AreaError) or found is None:
            problems.append(_unplaced(raw.number, dataset.column(name), value, found))
            return None
        if kind == "area":
            values[name] = found[0]
            return found[0], found[1]
        values[name] = found[0]
        return found[1], found[2]
    if geography.default_area is not None:
        return geography.default_area
    problems.append(
        Problem(
            raw.number,
            "/".join(dataset.geography),
            "",
            "the row says nowhere where it happened",
            "fill in the area column, or give the area of the whole file when loading it",
        )
    )
    return None


def _non_geographic(value: str, names: tuple[str, ...]) -> bool:
    return value.casefold() in {n.casefold() for n in names}


def _unplaced(row: int, column: Column, value: str, found: object) -> Problem:
    names = {"area": "an area", "ward": "a ward", "lsoa": "an LSOA"}
    if isinstance(found, AreaError) and "matches" in str(found):
        detail = f"{value!r} names several places in the reference geography"
        fix = f"write its ONS code ({column.allowed()})"
        return Problem(row, column.name, value, detail, fix)
    detail = f"{value!r} is not {names[column.kind]} in the reference geography"
    if isinstance(found, AreaError) and "Did you mean" in str(found):
        detail += " (did you mean " + str(found).split("Did you mean: ")[1].rstrip("?") + "?)"
    return Problem(row, column.name, value, detail, f"write {column.allowed()}")


def _period(dataset: Dataset, values: Mapping[str, Any]) -> tuple[date, date]:
    first = values[dataset.period_columns[0]]
    if dataset.granularity == "record":
        if len(dataset.period_columns) == 2:  # a cohort: from its first to its last month
            return first, month_end(values[dataset.period_columns[1]])
        return first, first
    if dataset.granularity == "month":
        return first, month_end(first)
    start_year = int(first[:4])
    if dataset.granularity == "financial-year":
        return date(start_year, 4, 1), date(start_year + 1, 3, 31)
    quarter = values[dataset.period_columns[1]]
    start = add_months(date(start_year, 4, 1), 3 * (quarter - 1))
    return start, month_end(add_months(start, 2))
