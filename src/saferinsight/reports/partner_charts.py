"""Charts of partner datasets' monthly series: the months as a line (this year against last
year when two years are loaded, seed A3) and the financial-year quarters as bars (A6).

A public edition draws a confidential series from the figures it prints: each month's count
as the disclosure rule shows it (a suppressed month is left out of the line), each quarter
the sum of its printed months (left out when one of them is suppressed), so a chart tells a
reader nothing the tables and rules do not. A series of rates or percentages of small
cohorts is not drawn in a public edition: its values would reveal the counts behind them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from saferinsight.core.months import month_from_label
from saferinsight.reports.chart import BLUE, ORANGE, Chart, make_chart

if TYPE_CHECKING:
    from saferinsight.analysis.partners.common import MonthlySeries, PartnerSection
    from saferinsight.reports.document import Figure, Paragraph
    from saferinsight.reports.edition import Edition

__all__ = ["monthly_chart", "partner_figures", "quarterly_chart", "quarters"]

MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def partner_figures(
    section: PartnerSection, edition: Edition
) -> tuple[list[Figure], list[Paragraph]]:
    """The figures of a partner section's monthly series, and notes for the series a public
    edition does not draw."""
    from saferinsight.reports.document import Paragraph

    figures: list[Figure] = []
    notes: list[Paragraph] = []
    source = f"Source: {section.title} (partner data); Safer Insight analysis"
    for index, series in enumerate(section.series):
        key = f"{section.dataset.split(',')[0]}-{index}"
        if edition.controlled and not _counts(series):
            notes.append(
                Paragraph(
                    f"The chart of {series.unit} by month is left out of this public edition: "
                    "its rates would reveal the small counts behind them.",
                    style="note",
                )
            )
            continue
        values = _printed(series, edition)
        chart = monthly_chart(key, series, values, source, edition)
        if chart is not None:
            figures.append(edition.figure(chart))
        if _counts(series):
            bars = quarterly_chart(key, series, values, source, edition)
            if bars is not None:
                figures.append(edition.figure(bars))
    return figures, notes


def _counts(series: MonthlySeries) -> bool:
    """Whether a series counts events (rather than a rate or a percentage)."""
    text = f"{series.caption} {series.unit}".lower()
    return "%" not in text and "rate" not in text


def _printed(series: MonthlySeries, edition: Edition) -> list[float | None]:
    """Each month's value as the edition prints it (None: suppressed)."""
    if not edition.controlled or not _counts(series):
        return list(series.values)
    return [edition.shown(int(v)) for v in series.values]


def _fy(label: str) -> tuple[str, int]:
    """('2024/25', month index from April) of a 'YYYY-MM' label."""
    month = month_from_label(label)
    start = month.year if month.month >= 4 else month.year - 1
    return f"{start}/{(start + 1) % 100:02d}", (month.month - 4) % 12


def quarters(
    labels: Sequence[str], values: Sequence[float | None]
) -> list[tuple[str, float | None]]:
    """Financial-year quarters with all three months present: (label, sum), the sum None
    when a month is None (suppressed).

    Examples
    --------
    >>> quarters(["2024-04", "2024-05", "2024-06", "2024-07"], [1, 2, 3, 4])
    [('Q1 2024/25', 6)]
    >>> quarters(["2024-04", "2024-05", "2024-06"], [1, None, 3])
    [('Q1 2024/25', None)]
    """
    grouped: dict[str, list[float | None]] = {}
    for label, value in zip(labels, values, strict=True):
        year, index = _fy(label)
        grouped.setdefault(f"Q{index // 3 + 1} {year}", []).append(value)
    out: list[tuple[str, float | None]] = []
    for name, months in grouped.items():
        if len(months) == 3:
            total = None if any(v is None for v in months) else sum(v or 0 for v in months)
            out.append((name, total))
    return out


def monthly_chart(
    key: str,
    series: MonthlySeries,
    values: Sequence[float | None],
    source: str,
    edition: Edition,
) -> Chart | None:
    """The series by month: one line per financial year (April to March), or one line over
    the months when they do not fall in one or two financial years. None under two months."""
    if len(series.labels) < 2:
        return None
    rows: list[dict[str, Any]] = []
    for label, value in zip(series.labels, values, strict=True):
        year, index = _fy(label)
        if value is not None:
            rows.append({"month": MONTHS[index], "year": year, "value": value})
    years = sorted({row["year"] for row in rows}, reverse=True)
    if not rows:
        return None
    legend = {"title": None, "orient": "top", "direction": "horizontal"}
    colours = {"domain": years, "range": [BLUE, ORANGE, "#7F7F7F"][: len(years)]}
    body: dict[str, Any] = {
        "data": {"name": "months"},
        "height": 200,
        "encoding": {
            "x": {
                "field": "month",
                "type": "ordinal",
                "sort": list(MONTHS),
                "title": None,
                "axis": {"labelAngle": 0, "grid": False},
            },
            "y": {"field": "value", "type": "quantitative", "title": series.unit.capitalize()},
            "color": {"field": "year", "type": "nominal", "scale": colours, "legend": legend},
        },
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5}},
            {"mark": {"type": "point", "filled": True, "size": 36, "opacity": 1}},
        ],
    }
    span = f"{_long(series.labels[0])} to {_long(series.labels[-1])}"
    title = f"{_title(series.caption)} by month, {span}"
    alt = edition.other(
        f"Line chart of {series.unit} by month from {span}, one line per financial year "
        f"({', '.join(years)})."
    )
    if not edition.public:
        shown = [
            (v, label) for label, v in zip(series.labels, values, strict=True) if v is not None
        ]
        high, low = max(shown), min(shown)
        alt += (
            f" The highest month was {_long(high[1])} ({_number(high[0])}) and the lowest "
            f"{_long(low[1])} ({_number(low[0])})."
        )
    notes = (
        ["Months the public edition suppresses are left out of the line."]
        if (edition.controlled and None in values)
        else []
    )
    return make_chart(
        f"partner-{key}-months",
        title,
        alt_text=alt,
        source=source,
        body=body,
        datasets={"months": rows},
        notes=notes,
    )


def quarterly_chart(
    key: str,
    series: MonthlySeries,
    values: Sequence[float | None],
    source: str,
    edition: Edition,
) -> Chart | None:
    """The series by financial-year quarter (complete quarters only) as bars; None under two
    quarters."""
    found = [(name, total) for name, total in quarters(series.labels, values) if total is not None]
    if len(found) < 2:
        return None
    rows = [{"quarter": name, "value": total} for name, total in found]
    body: dict[str, Any] = {
        "data": {"name": "quarters"},
        "height": 160,
        "mark": {"type": "bar", "color": BLUE},
        "encoding": {
            "x": {
                "field": "quarter",
                "type": "ordinal",
                "sort": [name for name, _ in found],
                "title": None,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "value", "type": "quantitative", "title": series.unit.capitalize()},
        },
    }
    first, last = found[0][0], found[-1][0]
    alt = edition.other(f"Bar chart of {series.unit} by quarter, {first} to {last}.")
    if not edition.public:
        alt += " " + "; ".join(f"{name}: {_number(total)}" for name, total in found) + "."
    notes = (
        [
            "Each quarter is the sum of its months as printed; quarters with a suppressed month "
            "are left out."
        ]
        if edition.controlled
        else []
    )
    return make_chart(
        f"partner-{key}-quarters",
        f"{_title(series.caption)} by quarter, {first} to {last}",
        alt_text=alt,
        source=source,
        body=body,
        datasets={"quarters": rows},
        notes=notes,
    )


def _title(caption: str) -> str:
    """'ASB incidents by month, 2024/25' as 'ASB incidents'."""
    return caption.split(" by month")[0].split(",")[0]


def _long(label: str) -> str:
    month = month_from_label(label)
    return f"{month:%b %Y}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
