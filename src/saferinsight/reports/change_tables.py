"""The change table block both the police.uk and the partner sections print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from saferinsight.analysis.formatting import format_pct
from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.release import released_change, released_test
from saferinsight.analysis.tables import ChangeRow, ChangeTable
from saferinsight.reports.disclosure import NOT_A_COUNT, Withheld, protect_table
from saferinsight.reports.document import Table
from saferinsight.reports.edition import Edition

__all__ = ["NOT_STATED", "PUBLIC_CHANGE_NOTE", "PrintedRow", "change_table_block", "printed_rows"]

PUBLIC_CHANGE_NOTE = (
    "In this public edition, changes, % changes and p-values are computed from the counts as "
    "printed. Each verdict is that of the unrounded counts, stated only where it holds for "
    "every count the rounding could stand for (otherwise 'not stated')."
)
NOT_STATED = "not stated (small or rounded numbers)"


@dataclass(frozen=True)
class PrintedRow:
    """A change table row as an edition prints it: every cell's text."""

    label: str
    current: str
    previous: str
    change: str
    pct: str
    p: str
    verdict: str


def printed_rows(
    table: ChangeTable, edition: Edition, withheld: Withheld | None = None
) -> tuple[PrintedRow, ...]:
    """The rows of a change table as the edition prints them, the total last when it has a
    label (a total row without one is left out: its rows are not parts of one whole).

    Counts are protected; changes and % changes come from the shown values. In an edition with
    disclosure control the counts of a table whose total is the sum of its rows get secondary
    suppression (:func:`~saferinsight.reports.disclosure.protect_table`), and each row's test is
    :func:`~saferinsight.analysis.release.released_test`. ``withheld`` carries the figures other
    tables of the same part withhold: they are withheld here too, and this table's are added.
    """
    shown_rows = (*table.rows, table.total) if table.total.label else table.rows
    printed = []
    counts = _counts(table, shown_rows, edition, withheld or Withheld())
    for row, (current, previous) in zip(shown_rows, counts, strict=True):
        now, before = _value(current, edition), _value(previous, edition)
        released = None if now is None or before is None else released_change(now, before, _same)
        if released is None:
            change, pct = edition.rule.symbol, edition.rule.symbol
        else:
            change = f"{released.change:+,}"
            change = change if edition.controlled else edition.other(change)
            pct = format_pct(released.pct_change) if released.pct_change is not None else "N/A"
        p, verdict = _test_cells(row, now, before, edition)
        printed.append(PrintedRow(row.label, current, previous, change, pct, p, verdict))
    return tuple(printed)


def change_table_block(
    table: ChangeTable,
    edition: Edition,
    *,
    caption: str,
    label_header: str = "",
    notes: tuple[str, ...] = (),
    withheld: Withheld | None = None,
) -> Table:
    """A change table as the edition shows it (:func:`printed_rows`), with its p-values and
    verdicts."""
    rows = tuple(
        (r.label, r.current, r.previous, r.change, r.pct, r.p, r.verdict)
        for r in printed_rows(table, edition, withheld)
    )
    return Table(
        caption=caption,
        header=(
            label_header,
            table.current_label,
            table.previous_label,
            "Numerical change",
            "% change",
            "p",
            "Statistical verdict",
        ),
        rows=rows,
        numeric=(False, True, True, True, True, True, False),
        notes=(*notes, PUBLIC_CHANGE_NOTE) if edition.controlled else notes,
        total_row=bool(table.total.label),
    )


def _counts(
    table: ChangeTable, rows: Sequence[ChangeRow], edition: Edition, withheld: Withheld
) -> list[tuple[str, str]]:
    """Each row's two counts as printed."""
    if not edition.controlled:
        return [(edition.count(r.current), edition.count(r.previous)) for r in rows]
    parts = table.rows
    adds_up = all(
        sum(getattr(r, side) for r in parts) == getattr(table.total, side)
        for side in ("current", "previous")
    )
    grid = [(r.current, r.previous) for r in (parts if parts and adds_up else rows)]
    labels = [r.label for r in (parts if parts and adds_up else rows)]
    hide = {
        (i, j)
        for i, row in enumerate(grid)
        for j, n in enumerate(row)
        if (labels[i], n) in withheld
    }
    if parts and adds_up:
        protected = protect_table(
            grid, row_totals=False, column_totals=True, rule=edition.rule, withheld=hide
        )
        cells = [(a, b) for a, b in protected.cells]
        if len(rows) > len(parts):
            assert protected.column_totals is not None
            cells.append((protected.column_totals[0], protected.column_totals[1]))
    else:  # the rows are not parts of the total: each count on its own
        symbol = edition.rule.symbol
        cells = [
            (
                symbol if (i, 0) in hide else edition.count(a),
                symbol if (i, 1) in hide else edition.count(b),
            )
            for i, (a, b) in enumerate(grid)
        ]
    for row, printed in zip(rows, cells, strict=True):
        for count, text in zip((row.current, row.previous), printed, strict=True):
            if text == edition.rule.symbol:
                withheld.add(row.label, count)
    return cells


def _same(n: int) -> int:
    return n


def _value(text: str, edition: Edition) -> int | None:
    """The value a printed count shows (None: suppressed)."""
    return (
        None if text == edition.rule.symbol else int(text.replace(",", "").replace(NOT_A_COUNT, ""))
    )


def _test_cells(
    row: ChangeRow, now: int | None, before: int | None, edition: Edition
) -> tuple[str, str]:
    """The p-value and verdict cells."""
    if row.test is None:
        return "", ""
    if not edition.controlled:
        return edition.other(p_text(row.test.p_value)), row.test.verdict
    released = released_test(row.test, now, before, edition.candidates)
    if released.test is None:
        return edition.rule.symbol, edition.rule.symbol
    return edition.other(p_text(released.test.p_value)), released.verdict or NOT_STATED
