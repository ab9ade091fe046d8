"""Rows a partner file's reader skipped as totals, checked instead of dropped (issue 14, class 8).

The reader (:mod:`saferinsight.datasets.spreadsheet`) skips a row whose first cell starts with
``Total``, ``Sum`` or ``All areas``. Such a row is either a real totals row, whose figures must
equal the rows it totals, or a data row that only looks like one (an incident reference
``SUM-0042``): a row that reads as valid data is data, and is loaded. A totals row's figures are
compared with the sum of the data rows since the previous totals row, or of every data row
above it (a grand total); a mismatch is a problem naming the row, the column and both figures.
Every skipped row that held something is listed, with the reason, as a :class:`Problem` whose
column is ``(skipped)``: a note on the version, not a problem of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from saferinsight.datasets.schema import Column, Dataset
from saferinsight.datasets.spreadsheet import EXTRA_KEY, SheetRow, SheetTable, SkippedRow
from saferinsight.errors import CellError

__all__ = ["SKIPPED", "TotalsCheck", "check_totals", "skipped_notes"]

#: The column name of a listed skipped row.
SKIPPED = "(skipped)"

_REASONS = {
    "title": "a title above the header",
    "note": "a note below the data",
    "totals": "a totals row",
}


@dataclass(frozen=True)
class TotalsCheck:
    """What one totals row says: (column, its figure, the figure of the rows it totals, first
    and last row of those rows) for each figure it holds, checked or not."""

    row: SkippedRow
    figures: tuple[tuple[str, float, float | None, int, int], ...]

    def mismatches(self) -> list[tuple[str, float, float | None, int, int]]:
        """The figures that match neither the rows since the previous total nor all above."""
        return [f for f in self.figures if f[2] is not None and f[1] != f[2]]


def check_totals(
    table: SheetTable, dataset: Dataset, data: Sequence[SheetRow], totals: Sequence[SkippedRow]
) -> list[TotalsCheck]:
    """Check each totals row of ``totals`` against the ``data`` rows above it."""
    checks = []
    previous = 0
    for row in totals:
        block = [r for r in data if previous < r.number < row.number]
        above = [r for r in data if r.number < row.number]
        figures = []
        for column, figure in _figures(dataset, row):
            best = None
            for rows in (block, above):
                summed = _sum(dataset, column, rows)
                if summed is not None and rows:
                    best = (column, figure, summed, rows[0].number, rows[-1].number)
                    if summed == figure:
                        break
            figures.append(best or (column, figure, None, 0, 0))
        checks.append(TotalsCheck(row, tuple(figures)))
        previous = row.number
    return checks


def _figures(dataset: Dataset, row: SkippedRow) -> list[tuple[str, float]]:
    """(column, number) for each count the totals row holds; for records without a count
    column, the one number it holds, as the number of rows (column ``(rows)``)."""
    values = row.values or {}
    counted = _counted(dataset)
    found = []
    for name in counted:
        number = _number(dataset.column(name), values.get(name))
        if number is not None:
            found.append((name, number))
    if counted:
        return found
    cells = [v for k, v in values.items() if k != EXTRA_KEY] + list(values.get(EXTRA_KEY, ()))  # type: ignore[call-overload]
    numbers = [n for n in (_number(None, cell) for cell in cells[1:]) if n is not None]
    return [("(rows)", numbers[0])] if len(numbers) == 1 else []


def _counted(dataset: Dataset) -> list[str]:
    """The columns a totals row sums: the counts (none for records without a count column)."""
    if dataset.granularity == "record" and dataset.count_column is None:
        return []
    return [c.name for c in dataset.columns if c.kind in ("integer", "number")]


def _number(column: Column | None, cell: object) -> float | None:
    if cell is None or isinstance(cell, bool):
        return None
    parser = column or Column("n", "number", "", "")
    try:
        value = parser.parse(cell)
    except CellError:
        return None
    return None if value is None else float(value)


def _sum(dataset: Dataset, column: str, rows: Sequence[SheetRow]) -> float | None:
    """The rows' sum of ``column`` (their number, for ``(rows)``); None if a cell is not one."""
    if column == "(rows)":
        return float(len(rows))
    total = 0.0
    for row in rows:
        cell = row.values.get(column)
        if cell is None:
            continue
        number = _number(dataset.column(column), cell)
        if number is None:
            return None
        total += number
    return total


def skipped_notes(
    table: SheetTable, checks: Sequence[TotalsCheck]
) -> list[tuple[int, str, str, str, str]]:
    """Every skipped row that held something, as (row, column, text, reason, what to do); a
    totals row that does not add up is a problem instead."""
    checked = {c.row.number: c for c in checks}
    notes = []
    for row in table.skipped:
        if row.reason == "blank" or (row.reason == "totals" and row.number not in checked):
            continue
        reason = f"skipped: {_REASONS.get(row.reason, row.reason)}"
        action = "nothing: it is not data"
        check = checked.get(row.number)
        if check is not None and check.mismatches():
            continue  # a problem of the file, listed as one
        if check is not None:
            reason += _totals_words(check)
            action = (
                "nothing, if it is a total; if it is data, give it what a data row needs "
                "(its period and every required cell) and load the file again"
            )
        notes.append((row.number, SKIPPED, row.text, reason, action))
    return notes


def _totals_words(check: TotalsCheck) -> str:
    if not check.figures:
        return "; it holds no figure to check"
    words = []
    for column, figure, summed, first, last in check.figures:
        if summed is None:
            words.append(f"{column} {_plain(figure)} not checked (no rows to add up)")
        elif summed == figure:
            what = "the number of rows" if column == "(rows)" else f"the sum of {column}"
            words.append(f"{_plain(figure)} is {what} of rows {first} to {last}")
    return "; " + ", ".join(words) if words else ""


def _plain(number: float) -> str:
    return f"{int(number):,}" if number.is_integer() else f"{number:,}"


def mismatch_message(column: str, figure: float, summed: float, first: int, last: int) -> str:
    """The problem of a totals row that does not add up."""
    if column == "(rows)":
        return (
            f"a totals row says {_plain(figure)}, but rows {first} to {last} are "
            f"{_plain(summed)} rows"
        )
    return (
        f"a totals row says {column} {_plain(figure)}, but the sum of rows {first} to {last} "
        f"is {_plain(summed)}"
    )
