"""Dashboard tiles: one figure of a theme or a partner dataset, with its change, the statistical
verdict in plain words, the Making Data Count icons and a sparkline.

A tile states what the analysis found; nothing is tested here. A police.uk theme's verdict is
the exact test of the period against the previous one (:func:`saferinsight.stats.change.
change_test`; null hypothesis: the daily rate is the same in both periods) and its control
chart's signals; a partner dataset's is the test of its first change table's total, as the
report's edition prints it (a public edition with disclosure control).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from saferinsight.analysis.formatting import format_count, format_pct
from saferinsight.analysis.partners.common import PartnerSection
from saferinsight.analysis.results import ThemeAnalysis
from saferinsight.core.months import month_from_label
from saferinsight.reports.change_tables import printed_rows
from saferinsight.reports.disclosure import NOT_A_COUNT
from saferinsight.reports.edition import Edition
from saferinsight.stats.mdc import Icon, assurance, variation
from saferinsight.stats.spc import SPCResult

__all__ = ["NO_TARGET", "Sparkline", "Tile", "partner_tile", "sparkline", "theme_tile"]

#: What a tile says when no target is set (Making Data Count shows no assurance icon then).
NO_TARGET = "No target set, so no assurance icon"
#: Months a sparkline shows.
SPARK_MONTHS = 24
SPARK_WIDTH, SPARK_HEIGHT = 160, 36


@dataclass(frozen=True)
class Sparkline:
    """A small line of monthly values: the polyline's points in a box of ``width`` by
    ``height`` pixels (y down), and what it shows in words."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    points: str
    width: int
    height: int
    last: tuple[float, float]
    description: str


@dataclass(frozen=True)
class Tile:
    """One tile of a dashboard.

    Attributes
    ----------
    key
        The theme's key, or the partner dataset's name (names joined by ``", "``).
    title, subtitle
        What is counted, and of which table.
    source
        ``"police.uk"`` or the partner dataset's provider.
    confidential
        Whether the figures are confidential partner data.
    current, previous
        The counts as the edition shows them (``current_value``: the number, None when
        suppressed or rounded away).
    change
        The numerical and percentage change as shown.
    verdict
        The statistical verdict in plain words.
    variation, assurance
        The Making Data Count icons (None: no chart, or no target).
    sparkline
        The monthly series (None in a public edition of confidential data).
    theme
        The police.uk theme key, for a link to its page.
    """

    key: str
    title: str
    subtitle: str
    source: str
    confidential: bool
    current: str
    previous: str
    current_value: int | None
    change: str
    verdict: str
    variation: Icon | None
    assurance: Icon | None
    sparkline: Sparkline | None
    theme: str | None = None

    @property
    def assurance_text(self) -> str:
        """The assurance icon's words, or why there is none."""
        return self.assurance.label if self.assurance is not None else NO_TARGET


def theme_tile(theme: ThemeAnalysis) -> Tile:
    """A police.uk theme's tile (open data: exact in every edition)."""
    current, previous = theme.current, theme.previous
    test = theme.change.test
    if test is None:
        verdict = theme.change.note or "Not tested: a period is not complete."
        change = ""
    else:
        verdict = _sentence(test.verdict)
        change = f"{test.absolute_change:+,} ({format_pct(test.pct_change)})"
    if theme.spc_verdict:
        verdict += f" Control chart: {theme.spc_verdict}."
    labels = tuple(label for label, _ in theme.series)
    values = tuple(float(n) for _, n in theme.series)
    return Tile(
        key=theme.theme.key,
        title=theme.theme.title,
        subtitle=f"{theme.theme.unit.capitalize()}, {current.period.label}",
        source="police.uk",
        confidential=False,
        current=format_count(current.count) + ("" if current.complete else " (partial)"),
        previous=format_count(previous.count) + ("" if previous.complete else " (partial)"),
        current_value=current.count,
        change=change,
        verdict=verdict,
        variation=variation(theme.spc) if theme.spc is not None else None,
        assurance=_assurance(theme.spc),
        sparkline=sparkline(labels, values, unit=theme.theme.unit),
        theme=theme.theme.key,
    )


def partner_tile(section: PartnerSection, edition: Edition, provider: str) -> Tile | None:
    """A partner dataset's tile: the total of its first change table, as ``edition`` prints it
    (None when the section has no change table). A public edition of confidential data shows
    no monthly line."""
    if not section.changes:
        return None
    caption, table = section.changes[0]
    printed = printed_rows(table, edition)
    # the total, or the first row of a table whose rows are not parts of one whole
    row, true = (
        (printed[-1], table.total.current)
        if table.total.label
        else (printed[0], table.rows[0].current)
    )
    exact = not edition.controlled
    series = section.series[0] if section.series else None
    line = None
    if exact and series is not None:
        line = sparkline(series.labels, series.values, unit=series.unit)
    chart = series.chart if exact and series is not None else None
    change = f"{row.change} ({row.pct})" if row.change != edition.rule.symbol else row.change
    return Tile(
        key=section.dataset,
        title=section.title,
        subtitle=f"{caption} ({row.label})",
        source=provider,
        confidential=section.disclosure == "confidential",
        current=_plain(row.current),
        previous=_plain(row.previous),
        current_value=edition.shown(true),
        change=_plain(change),
        verdict=_sentence(_plain(row.verdict)) if row.verdict else "Not tested.",
        variation=variation(chart) if chart is not None else None,
        assurance=_assurance(chart),
        sparkline=line,
    )


def sparkline(
    labels: Sequence[str], values: Sequence[float], *, unit: str = ""
) -> Sparkline | None:
    """The last :data:`SPARK_MONTHS` values as a polyline (None for fewer than two).

    Examples
    --------
    >>> line = sparkline(["2025-01", "2025-02", "2025-03"], [2, 4, 0], unit="crimes")
    >>> line.points, line.last
    ('2.0,18.0 80.0,2.0 158.0,34.0', (158.0, 34.0))
    >>> line.description
    'Monthly crimes, January 2025 to March 2025: lowest 0, highest 4, latest 0.'
    """
    labels, values = tuple(labels[-SPARK_MONTHS:]), tuple(values[-SPARK_MONTHS:])
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    pad = 2.0
    span_x = (SPARK_WIDTH - 2 * pad) / (len(values) - 1)
    span_y = (SPARK_HEIGHT - 2 * pad) / (high - low) if high > low else 0.0
    coords = [
        (round(pad + i * span_x, 1), round(SPARK_HEIGHT - pad - (v - low) * span_y, 1))
        if span_y
        else (round(pad + i * span_x, 1), SPARK_HEIGHT / 2)
        for i, v in enumerate(values)
    ]
    first, last = (month_from_label(labels[0]), month_from_label(labels[-1]))
    what = f"Monthly {unit}".strip()
    description = (
        f"{what}, {first:%B %Y} to {last:%B %Y}: lowest {_number(low)}, highest "
        f"{_number(high)}, latest {_number(values[-1])}."
    )
    return Sparkline(
        labels,
        values,
        " ".join(f"{x},{y}" for x, y in coords),
        SPARK_WIDTH,
        SPARK_HEIGHT,
        coords[-1],
        description,
    )


def _assurance(chart: SPCResult | None) -> Icon | None:
    # No measure of the analyses has a target yet: Making Data Count then shows no assurance.
    return assurance(chart, None) if chart is not None else None


def _number(value: float) -> str:
    return format_count(int(value)) if float(value).is_integer() else f"{value:,.1f}"


def _plain(text: str) -> str:
    """Printed text without the disclosure check's invisible marks."""
    return text.replace(NOT_A_COUNT, "")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
