"""Table builders of the published reports: change tables with a Grand total, top-N areas,
composition. Each carries the statistics the reports lack (tests of change, intervals)."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.analysis.formatting import (
    REPORT,
    Conventions,
    format_count,
    format_pct,
    format_signed,
    pct_change,
)
from saferinsight.core.periods import parse_period
from saferinsight.errors import InputFileError, QueryError
from saferinsight.stats.change import ChangeTest, change_test
from saferinsight.stats.intervals import Interval, ProportionEstimate, RateEstimate, proportion

TOTAL_LABEL = re.compile(r"^(grand\s+)?total$", re.IGNORECASE)
#: A change from fewer than this many events is flagged "from a low base" (as the reports do).
LOW_BASE = 10


@dataclass(frozen=True)
class ChangeRow:
    """One category counted in two periods, with the change and its test."""

    label: str
    current: int
    previous: int
    test: ChangeTest | None

    @property
    def change(self) -> int:
        """Signed numerical change."""
        return self.current - self.previous

    @property
    def pct(self) -> float | None:
        """Unrounded % change; None from zero."""
        return pct_change(self.current, self.previous)

    @property
    def low_base(self) -> bool:
        """Whether the previous count is too small for a % change to mean much."""
        return self.previous < LOW_BASE


@dataclass(frozen=True)
class ChangeTable:
    """A breakdown by category for two periods with numerical and % change and a Grand total."""

    label_header: str
    current_label: str
    previous_label: str
    rows: tuple[ChangeRow, ...]
    total: ChangeRow
    current_exposure: float
    previous_exposure: float

    def cells(self, conv: Conventions = REPORT, *, tests: bool = True) -> list[list[str]]:
        """Header and rows as text, in the reports' layout (plus the test columns); the total
        last, unless it has no label (rows that are not parts of one whole have no total)."""
        header = [
            self.label_header,
            self.current_label,
            self.previous_label,
            "numerical_change",
            "pct_change",
        ]
        if tests:
            header += ["p_value", "verdict"]
        lines = [header]
        for row in (*self.rows, self.total) if self.total.label else self.rows:
            cells = [
                row.label,
                format_count(row.current, conv),
                format_count(row.previous, conv),
                format_signed(row.change, conv),
                format_pct(row.pct, conv),
            ]
            if tests:
                cells += _test_cells(row)
            lines.append(cells)
        return lines


def _test_cells(row: ChangeRow) -> list[str]:
    if row.test is None:
        return ["", ""]
    verdict = row.test.verdict + (" (low base)" if row.low_base and row.change else "")
    return [f"{row.test.p_value:.3g}", verdict]


def change_table(
    rows: Sequence[tuple[str, int, int]],
    *,
    label_header: str = "category",
    current_label: str = "current",
    previous_label: str = "previous",
    total_label: str = "Grand total",
    sort: bool = True,
    tests: bool = True,
    current_exposure: float | None = None,
    previous_exposure: float | None = None,
    alpha: float = 0.05,
    method: str = "exact-cond",
) -> ChangeTable:
    """Build a change table: rows sorted by the current count (descending, ties kept in order),
    numerical and % change, a Grand total computed from the rows, and a test per row.

    Exposures default to the days in each period when the labels are periods (``2023/24`` has
    366 days), otherwise to 1.

    Examples
    --------
    >>> table = change_table([("Race", 196, 253), ("Age", 1, 1)], current_label="2023/24",
    ...                      previous_label="2022/23")
    >>> table.cells(tests=False)[-1]
    ['Grand total', '197', '254', '-57', '-22%']
    """
    if current_exposure is None or previous_exposure is None:
        current_exposure, previous_exposure = _exposures(current_label, previous_label)
    for label, current, previous in rows:
        if current < 0 or previous < 0:
            raise QueryError(f"{label}: counts cannot be negative ({current}, {previous}).")
    ordered = sorted(rows, key=lambda r: -r[1]) if sort else list(rows)

    def build(label: str, current: int, previous: int) -> ChangeRow:
        test = (
            change_test(
                current,
                previous,
                current_exposure=current_exposure,
                previous_exposure=previous_exposure,
                method=method,
                alpha=alpha,
            )
            if tests
            else None
        )
        return ChangeRow(label, current, previous, test)

    built = tuple(build(*row) for row in ordered)
    total = build(total_label, sum(r.current for r in built), sum(r.previous for r in built))
    return ChangeTable(
        label_header,
        current_label,
        previous_label,
        built,
        total,
        current_exposure,
        previous_exposure,
    )


def _exposures(current: str, previous: str) -> tuple[float, float]:
    try:
        return float(parse_period(current).days), float(parse_period(previous).days)
    except QueryError:
        return 1.0, 1.0


def read_change_table_csv(path: Path, *, sort: bool = True, tests: bool = True) -> ChangeTable:
    """Read counts for two periods (columns label, current, previous; any further columns, such
    as a published change, are ignored) and build the change table.

    A final "Total"/"Grand total" row is checked against the sum of the rows and keeps its label.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot be read as a UTF-8 CSV file ({exc}).") from exc
    if len(lines) < 2 or len(lines[0]) < 3:
        raise InputFileError(
            f"{path}: expected a header and rows with at least three columns: label, current "
            "count, previous count."
        )
    header = lines[0]
    rows: list[tuple[str, int, int]] = []
    total: tuple[str, int, int, int] | None = None
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        label = line[0].strip()
        current = _count(path, number, header[1], line[1] if len(line) > 1 else "")
        previous = _count(path, number, header[2], line[2] if len(line) > 2 else "")
        if TOTAL_LABEL.match(label):
            total = (label, current, previous, number)
        else:
            rows.append((label, current, previous))
    table = change_table(
        rows,
        label_header=header[0],
        current_label=header[1],
        previous_label=header[2],
        sort=sort,
        tests=tests,
        total_label=total[0] if total else "Grand total",
    )
    if total and (total[1], total[2]) != (table.total.current, table.total.previous):
        raise InputFileError(
            f"{path}, row {total[3]}: the {total[0]} row says {total[1]} and {total[2]} but the "
            f"rows add up to {table.total.current} and {table.total.previous}. Fix the counts "
            "or remove the total row (it is computed from the rows)."
        )
    return table


def _count(path: Path, row: int, column: str, value: str) -> int:
    text = value.strip().replace(",", "")
    if not text.isdigit():
        raise InputFileError(
            f"{path}, row {row}, column {column}: {value!r} is not a whole number of events. "
            "Give counts, not rates or percentages."
        )
    return int(text)


@dataclass(frozen=True)
class RankedArea:
    """One row of a "ten wards with the highest volume" table."""

    rank: int
    code: str
    name: str
    count: int
    share: ProportionEstimate
    count_interval: Interval
    rate: RateEstimate | None
    indistinguishable_from: tuple[int, ...]


def rank_areas(
    counts: Sequence[tuple[str, str, int]],
    *,
    total: int,
    intervals: dict[str, Interval],
    rates: dict[str, RateEstimate],
    top: int = 10,
) -> tuple[RankedArea, ...]:
    """The ``top`` areas by count, with share of ``total`` (Wilson), rate (Byar/exact), and the
    ranks each cannot be told apart from (overlapping count intervals)."""
    ordered = sorted(counts, key=lambda c: (-c[2], c[1]))[:top]
    rows = []
    for rank, (code, name, count) in enumerate(ordered, start=1):
        overlaps = tuple(
            other_rank
            for other_rank, (other, _, _) in enumerate(ordered, start=1)
            if other != code and _overlap(intervals[code], intervals[other])
        )
        rows.append(
            RankedArea(
                rank,
                code,
                name,
                count,
                proportion(count, total),
                intervals[code],
                rates.get(code),
                overlaps,
            )
        )
    return tuple(rows)


def _overlap(a: Interval, b: Interval) -> bool:
    return a.lower <= b.upper and b.lower <= a.upper


@dataclass(frozen=True)
class Share:
    """One category's share of a pooled total."""

    label: str
    count: int
    share: ProportionEstimate


def composition(counts: Sequence[tuple[str, int]]) -> tuple[Share, ...]:
    """Each category's share of the total (Wilson intervals), largest first.

    Examples
    --------
    >>> [round(s.share.value, 2) for s in composition([("a", 1), ("b", 3)])]
    [0.75, 0.25]
    """
    total = sum(n for _, n in counts)
    if total == 0:
        return ()
    return tuple(
        Share(label, n, proportion(n, total))
        for label, n in sorted(counts, key=lambda c: (-c[1], c[0]))
    )
