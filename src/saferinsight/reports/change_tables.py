"""The change table block both the police.uk and the partner sections print."""

from __future__ import annotations

from saferinsight.analysis.formatting import format_pct
from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.release import released_change
from saferinsight.analysis.tables import ChangeTable
from saferinsight.reports.document import Table
from saferinsight.reports.edition import Edition

__all__ = ["change_table_block"]


def change_table_block(
    table: ChangeTable,
    edition: Edition,
    *,
    caption: str,
    label_header: str = "",
    notes: tuple[str, ...] = (),
) -> Table:
    """A change table as the edition shows it: protected counts, changes and % changes from
    the shown values, p-value and verdict. A total row without a label is left out (its rows
    are not parts of one whole)."""
    rows = []
    shown_rows = (*table.rows, table.total) if table.total.label else table.rows
    for row in shown_rows:
        released = released_change(row.current, row.previous, edition.shown)
        if released is None:
            change, pct = edition.rule.symbol, edition.rule.symbol
        else:
            change = f"{released.change:+,}"
            pct = format_pct(released.pct_change) if released.pct_change is not None else "N/A"
        rows.append(
            (
                row.label,
                edition.count(row.current),
                edition.count(row.previous),
                change,
                pct,
                edition.other(p_text(row.test.p_value)) if row.test else "",
                row.test.verdict if row.test else "",
            )
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
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True, False),
        notes=notes,
        total_row=bool(table.total.label),
    )
