"""Attack a public edition: try to recover each confidential count it protects (issue 13).

The number scan (:mod:`saferinsight.reports.scan`) checks that each count is *printed* as the
rule says. That is not enough: a Wilson interval of a share whose denominator is printed, or
the p-value of an exact test of two counts, can each be inverted to the true count (methods.md
3.6). This module is the attacker. It reads a built :class:`~saferinsight.reports.document.
Document` as a reader would, and for every printed confidential count works out the true
counts it can stand for (:meth:`~saferinsight.reports.disclosure.DisclosureRule.candidates`:
1 to 7 for ``*``, the rounding interval for a rounded count; exactly the printed value for a
number marked as open data with :data:`~saferinsight.reports.disclosure.NOT_A_COUNT`), then
narrows them with everything else printed:

- **inversion** (:func:`attack_table`): in a share row (number, of, %, Wilson interval) and
  in a change row (two counts, numerical change, % change, p-value, verdict), the candidate
  counts that reproduce every printed figure to its printed precision. A row whose figures
  are reproduced by its printed counts themselves discloses nothing more than they do (the
  public edition computes from what it prints); otherwise the figures were computed from
  something else, and the counts that reproduce them are what a reader recovers;
- **differencing** (:func:`attack_table`): a table with a total row gives, per count
  column, the equation "the rows add up to the total"; interval propagation over the
  candidates narrows each cell (a total printed unrounded next to one suppressed cell gives
  it away exactly);
- **one figure, two treatments** (:func:`attack_document`): the same row and column printed
  in two tables of a section (a "Number" column standing for the section's period) must
  agree; the intersection of their candidates is what a reader knows;
- **text** (:func:`~saferinsight.reports.attack_text.attack_text`): every sentence, table
  caption and note, and every chart's title, alternative text, notes and source (and the text
  drawn in a chart that is not open data): Wilson intervals, shares, changes, % changes,
  p-values and verdicts printed beside counts are inverted over their candidates in the same
  way.

A :class:`Leak` names the place, the printed figures used and the values recovered.
:func:`~saferinsight.reports.build.verify_public` refuses to write a public edition with any.

A suppressed cell of a table with totals may be a secondary suppression (any count), so the
attack never assumes a ``*`` is at most 7; it reports a leak when the printed figures pin a
count to one value, or narrow a ``*`` to part of the suppressed range (or any figure printed
beside a ``*`` narrows it at all), or pin a rounded count inside its rounding interval by a
figure its printed value does not reproduce.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from saferinsight.core.periods import parse_period
from saferinsight.errors import QueryError
from saferinsight.reports.attack_text import attack_text, figure_texts
from saferinsight.reports.disclosure import DEFAULT_RULE, NOT_A_COUNT, DisclosureRule
from saferinsight.reports.document import (
    Bullets,
    Document,
    Figure,
    KeyFindings,
    Paragraph,
    Table,
)
from saferinsight.reports.inversion import (
    Count,
    Leak,
    change_checks,
    clean,
    invert,
    narrows,
    read_count,
    share_checks,
)

__all__ = ["Leak", "attack_document", "attack_table", "attack_text"]

# -- tables -----------------------------------------------------------------------------------


def _column(header: Sequence[str], *names: str) -> int | None:
    for name in names:
        for j, title in enumerate(header):
            if title.strip().lower() == name.lower():
                return j
    return None


def _interval_column(header: Sequence[str]) -> int | None:
    return next((j for j, h in enumerate(header) if "interval" in h.lower()), None)


def _exposures(current: str, previous: str) -> tuple[float, float]:
    try:
        return float(parse_period(current).days), float(parse_period(previous).days)
    except (QueryError, ValueError):
        return 1.0, 1.0


def _share_rows(table: Table, rule: DisclosureRule, location: str) -> list[Leak]:
    header = table.header
    number, whole = _column(header, "Number"), _column(header, "Of")
    pct, interval = _column(header, "%", "Percentage"), _interval_column(header)
    if number is None or whole is None or (pct is None and interval is None):
        return []
    leaks = []
    for row in table.rows:
        share = share_checks(
            None if pct is None else row[pct], None if interval is None else row[interval]
        )
        bottom = read_count(row[whole], rule)
        if not share or bottom is None:
            continue
        top = read_count(row[number], rule, cap=bottom.high)
        if top is None:
            continue
        columns = (header[number], header[whole])
        leaks += invert(
            (top, bottom),
            share,
            (location, clean(row[0]), columns),
            rule,
        )
    return leaks


def _change_rows(table: Table, rule: DisclosureRule, location: str) -> list[Leak]:
    header = table.header
    change = _column(header, "Numerical change")
    if change is None or change < 3:
        return []
    pct, p = _column(header, "% change"), _column(header, "p")
    verdict = _column(header, "Statistical verdict")
    exposures = _exposures(clean(header[1]), clean(header[2]))
    leaks = []
    for row in table.rows:
        # a suppressed count is tried over the suppressed range only (a figure computed from a
        # larger, secondary-suppressed count is reported as printed beside a suppressed one)
        counts = [read_count(row[j], rule, cap=rule.suppress_to) for j in (1, 2)]
        cells = [clean(row[j]) if j is not None else "" for j in (change, pct, p, verdict)]
        figures = change_checks(cells, (exposures,))
        current, previous = counts
        if current is None or previous is None or not figures:
            continue
        leaks += invert(
            (current, previous),
            figures,
            (location, clean(row[0]), (header[1], header[2])),
            rule,
        )
    return leaks


_Cell = tuple[int, int]
#: One equation of a table: the member cells add up to the total cell.
_Equation = tuple[tuple[_Cell, ...], _Cell]
_TOTALS = {"total", "all", "grand total"}


def _differences(table: Table, rule: DisclosureRule, location: str, known: _Bounds) -> list[Leak]:
    """The equations of a table's margins, solved together: each count column of a total row
    (labelled, or a row that is the sum of the others although not labelled a total, such as
    a force's row below its areas), and each row of a total column, add up (a figure the
    section prints elsewhere is known as well as the other table tells)."""
    cells = _count_cells(table, rule)
    equations = _equations(table, cells, rule)
    if not equations or all(c.exact for c in cells.values()):
        return []
    start = {
        cell: _tighten(
            (count.low, count.high),
            known.get((clean(table.rows[cell[0]][0]), clean(table.header[cell[1]]))),
        )
        for cell, count in cells.items()
    }
    solved = _solve(start, equations)
    leaks = []
    for cell, (low, high) in solved.items():
        count = cells[cell]
        recovered = tuple(range(low, high + 1))
        if count.exact or (low, high) == (count.low, count.high):
            continue
        if not narrows(count, recovered, rule, inverted=False):
            continue
        used = [eq for eq in equations if cell in eq[0] or cell == eq[1]]
        others = tuple(cells[c].text for c in (*used[0][0], used[0][1]) if c != cell)
        row_sums = any(len({m[1] for m in eq[0]}) == 1 for eq in used)
        column_sums = any(len({m[0] for m in eq[0]}) == 1 for eq in used)
        attack = (
            "row and column totals less the other cells"
            if row_sums and column_sums
            else "column total less the other rows"
            if row_sums
            else "row total less the other columns"
        )
        leaks.append(
            Leak(
                location,
                clean(table.rows[cell[0]][0]),
                table.header[cell[1]],
                (count.text, *others),
                (count.low, count.high),
                recovered,
                attack,
            )
        )
    return leaks


def _count_cells(table: Table, rule: DisclosureRule) -> dict[_Cell, Count]:
    """The cells of the columns that are counts in every row."""
    cells: dict[_Cell, Count] = {}
    for j in range(1, len(table.header)):
        column = [read_count(row[j], rule) for row in table.rows]
        cells.update({(i, j): c for i, c in enumerate(column) if c is not None})
        if any(c is None for c in column):
            for i in range(len(column)):
                cells.pop((i, j), None)
    return cells


def _equations(table: Table, cells: dict[_Cell, Count], rule: DisclosureRule) -> list[_Equation]:
    """Each margin of the table whose members add up to it (alone)."""
    rows = sorted({i for i, _ in cells})
    columns = sorted({j for _, j in cells})
    lines = {i: [cells[(i, j)] for j in columns] for i in rows}
    if table.total_row and rows and rows[-1] == len(table.rows) - 1:
        total_rows = [rows[-1]]
    else:
        total_rows = [i for i in rows if _sums_the_others(i, lines, rule)][:1]
    named = [j for j in columns if clean(table.header[j]).lower() in _TOTALS]
    by_column = {j: [cells[(i, j)] for i in rows] for j in columns}
    total_columns = named[:1] or [j for j in columns if _sums_the_others(j, by_column, rule)][:1]
    equations: list[_Equation] = []
    for t in total_rows:
        members = [i for i in rows if i != t]
        equations += [(tuple((i, j) for i in members), (t, j)) for j in columns]
    for c in total_columns:
        members = [j for j in columns if j != c]
        equations += [(tuple((i, j) for j in members), (i, c)) for i in rows]
    bounds = {cell: (count.low, count.high) for cell, count in cells.items()}
    return [eq for eq in equations if len(eq[0]) >= 2 and _solve(bounds, [eq])]


def _sums_the_others(k: int, lines: dict[int, list[Count]], rule: DisclosureRule) -> bool:
    """Whether line ``k`` could be the sum of the other lines in every position (a suppressed
    count taken as at most the suppressed range), being the largest, of at least two that are
    not zero: a total that is not labelled as one."""
    others = [line for key, line in lines.items() if key != k]
    if len(others) < 2 or not lines[k]:
        return False
    nonzero = [line for line in others if any(c.shown for c in line)]
    if len(nonzero) < 2 or not any(c.shown for c in lines[k]):
        return False
    for p, total in enumerate(lines[k]):
        members = [line[p] for line in others]
        low = sum(c.low for c in members)
        high = sum(c.high if c.shown is not None else rule.suppress_to for c in members)
        if total.low > high or total.high < low:
            return False
        shown = [c.shown for c in members if c.shown is not None]
        if total.shown is not None and shown and total.shown < max(shown):
            return False
    return True


def _tighten(bounds: tuple[int, int], other: tuple[int, int] | None) -> tuple[int, int]:
    if other is None or max(bounds[0], other[0]) > min(bounds[1], other[1]):
        return bounds
    return max(bounds[0], other[0]), min(bounds[1], other[1])


def _solve(
    bounds: dict[_Cell, tuple[int, int]], equations: Sequence[_Equation]
) -> dict[_Cell, tuple[int, int]]:
    """Bounds of every cell given the equations, by interval propagation over them all until
    nothing changes (sound: it never narrows too far); empty when they cannot all hold."""
    current = dict(bounds)
    for _ in range(100):
        changed = False
        for members, total in equations:
            sum_low = sum(current[m][0] for m in members)
            sum_high = sum(current[m][1] for m in members)
            t_low, t_high = current[total]
            updates = {
                m: (
                    max(current[m][0], t_low - (sum_high - current[m][1])),
                    min(current[m][1], t_high - (sum_low - current[m][0])),
                )
                for m in members
            }
            updates[total] = (max(t_low, sum_low), min(t_high, sum_high))
            for cell, (low, high) in updates.items():
                if low > high:
                    return {}
                if (low, high) != current[cell]:
                    current[cell] = (low, high)
                    changed = True
        if not changed:
            break
    return current


def attack_table(
    table: Table, *, rule: DisclosureRule = DEFAULT_RULE, location: str = ""
) -> list[Leak]:
    """Every count of ``table`` a reader can recover or narrow from the table alone.

    Share rows (columns "Number", "Of", "%", "... interval ...") and change rows (two count
    columns, "Numerical change", "% change", "p", "Statistical verdict") are inverted over
    their candidate counts; a table with a total row is attacked by differencing (see the
    module docstring).

    Parameters
    ----------
    table
        A table as the document holds it (text cells).
    rule
        The disclosure rule the public edition applied.
    location
        Where the table is, for the leaks (the caption is added).

    Returns
    -------
    list of Leak
        Empty when the table discloses nothing beyond its printed counts.

    Examples
    --------
    A Wilson interval printed beside a suppressed count gives it away:

    >>> table = Table("Robbery share", ("", "Number", "Of", "%", "95% interval (Wilson)"),
    ...               (("Meole", "*", "185", "*", "1.5% to 6.9%"),))
    >>> [(leak.column, leak.recovered) for leak in attack_table(table)]
    [('Number', (6,)), ('Of', (184, 185, 186))]

    Computed from the printed counts, it does not:

    >>> fixed = Table("Robbery share", table.header, (("Meole", "10", "185", "5%", "2.9% to 9.7%"),))
    >>> attack_table(fixed)
    []
    """  # noqa: E501
    where = f"{location}, table '{table.caption}'" if location else f"table '{table.caption}'"
    return _attack(table, rule, where, {})


def _attack(table: Table, rule: DisclosureRule, where: str, known: _Bounds) -> list[Leak]:
    return [
        *_share_rows(table, rule, where),
        *_change_rows(table, rule, where),
        *_differences(table, rule, where, known),
    ]


# -- the document -----------------------------------------------------------------------------


def attack_document(document: Document, *, rule: DisclosureRule = DEFAULT_RULE) -> list[Leak]:
    """Every confidential count a reader can recover or narrow from a public document.

    Each table is attacked (:func:`attack_table`), each sentence (:func:`attack_text`), and
    the figures printed more than once in a section are compared (see the module docstring).

    Parameters
    ----------
    document
        A built public edition.
    rule
        The disclosure rule it applied.

    Returns
    -------
    list of Leak
        In document order; empty when the attack recovers nothing.
    """
    leaks: list[Leak] = []
    for number, section in enumerate(document.sections, start=1):
        where = f"section {number} ({section.title})"
        tables = [b for b in section.blocks if isinstance(b, Table)]
        figures = _figures(tables, rule)
        known = _known(figures)
        for table in tables:
            leaks += _attack(table, rule, f"{where}, table '{table.caption}'", known)
        for text in _texts(section.blocks):
            leaks += attack_text(text, rule=rule, location=f"{where}, text '{_short(text)}'")
        leaks += _repeated(figures, known, rule, where)
    return leaks


def _texts(blocks: Iterable[object]) -> Iterable[str]:
    """Every piece of text a reader gets from a section's blocks, table cells aside."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, KeyFindings):
            for finding in block.findings:
                yield finding.text
                yield finding.verdict
        elif isinstance(block, Table):
            yield block.caption
            yield from block.notes
        elif isinstance(block, Figure):
            yield from figure_texts(block)


def _short(text: str) -> str:
    text = text.replace(NOT_A_COUNT, "")
    return text if len(text) <= 60 else text[:57] + "..."


_PERIOD = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}/[0-9]{2}(?![0-9])")
_NOT_FIGURES = {"of", "%", "p", "numerical change", "% change", "statistical verdict"}

_Key = tuple[str, str]
_Bounds = dict[_Key, tuple[int, int]]


def _figures(tables: Sequence[Table], rule: DisclosureRule) -> dict[_Key, list[tuple[Count, str]]]:
    """Every count of a section's tables by figure: (row label, column), a share table's
    "Number" read as the period of its caption (or the section's current period), and a
    crosstab's total row as (column, period)."""
    current = next(
        (clean(t.header[1]) for t in tables if _column(t.header, "Numerical change") is not None),
        None,
    )
    found: dict[_Key, list[tuple[Count, str]]] = {}
    for table in tables:
        period = next(iter(_PERIOD.findall(clean(table.caption))), current)
        for row in table.rows:
            for j in range(1, len(table.header)):
                key = _figure_key(clean(row[0]), clean(table.header[j]), period)
                count = read_count(row[j], rule)
                if key is not None and count is not None:
                    found.setdefault(key, []).append((count, table.caption))
    return found


def _figure_key(label: str, column: str, period: str | None) -> _Key | None:
    if column.lower() in _NOT_FIGURES:
        return None
    if column.lower() == "number":
        return None if period is None else (label, period)
    if label.lower() == "total":
        return None if period is None else (column, period)
    return label, column


def _known(figures: dict[_Key, list[tuple[Count, str]]]) -> _Bounds:
    """What a reader knows of each figure printed more than once: the intersection."""
    known: _Bounds = {}
    for key, printed in figures.items():
        low = max(c.low for c, _ in printed)
        high = min(c.high for c, _ in printed)
        if len(printed) > 1 and low <= high:
            known[key] = (low, high)
    return known


def _repeated(
    figures: dict[_Key, list[tuple[Count, str]]], known: _Bounds, rule: DisclosureRule, where: str
) -> list[Leak]:
    """Figures printed in several tables of a section with treatments that narrow each other."""
    leaks = []
    for (label, column), (low, high) in known.items():
        printed = figures[(label, column)]
        recovered = tuple(range(low, high + 1))
        for count, caption in printed:
            if count.exact or (low, high) == (count.low, count.high):
                continue
            if narrows(count, recovered, rule, inverted=False):
                texts = tuple(f"{c.text} ({t})" for c, t in printed)
                leaks.append(
                    Leak(
                        f"{where}, table '{caption}'",
                        label,
                        column,
                        texts,
                        (count.low, count.high),
                        recovered,
                        "same figure printed in another table",
                    )
                )
    return leaks
