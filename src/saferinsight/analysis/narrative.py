"""Bullet points in the style of the published reports, each followed by what the statistics
say. A change is called a rise or a fall only when the test supports it, and nothing is
called a trend unless the trend test finds one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.analysis.formatting import PROSE_1DP, format_count, format_pct
from saferinsight.analysis.release import released_change, released_share
from saferinsight.geo.areas import Area

if TYPE_CHECKING:
    from saferinsight.analysis.results import Comparison, ThemeAnalysis
    from saferinsight.stats.change import ChangeTest

YEARLY = ("financial-year", "calendar-year", "rolling-12", "sep-aug")
#: U+2060 WORD JOINER before a number marks it as not a count (for disclosure checks).
NOT_A_COUNT = "\u2060"


def _exact(n: int) -> int | None:
    return n


@dataclass(frozen=True)
class Numbers:
    """How counts, and figures derived from counts, are written.

    The full edition writes counts as they are. A public edition passes ``shown`` (the value a
    reader sees, or None when suppressed) and ``count`` (its text) from the disclosure rule:
    percentages are then derived from the shown values, and figures that are not counts
    (averages, run lengths, p-values) are marked so the disclosure check skips them.
    """

    shown: Callable[[int], int | None] = _exact
    count: Callable[[int], str] = format_count
    mark_other: bool = False

    def pct_change(self, current: int, previous: int) -> str | None:
        """% change from the shown values, 1 dp; None if either is suppressed or zero."""
        change = released_change(current, previous, self.shown)
        if change is None or change.pct_change is None:
            return None
        return format_pct(change.pct_change, PROSE_1DP)

    def share(self, part: int, whole: int) -> str:
        """'4.4% (n=786)' from the shown values."""
        share = released_share(part, whole, self.shown)
        if share is None:
            return f"* (n={self.count(part)})"
        return f"{format_pct(share, PROSE_1DP)} (n={self.count(part)})"

    def change(self, current: int, previous: int) -> str:
        """A signed numerical change from the shown values."""
        change = released_change(current, previous, self.shown)
        if change is None:
            return "*"
        text = f"{change.change:+,}"
        return self.other(text) if self.shown is _exact else text  # exact: not a rounded count

    def other(self, text: str) -> str:
        """Text whose numbers are not counts (marked in a public edition)."""
        return re.sub(r"(?<![\w.])(\d)", NOT_A_COUNT + r"\1", text) if self.mark_other else text


FULL = Numbers()


def p_text(p_value: float) -> str:
    """A p-value as prose.

    Examples
    --------
    >>> p_text(0.00002), p_text(0.0347)
    ('p < 0.001', 'p = 0.035')
    """
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def verdict(test: ChangeTest | None, note: str = "") -> str:
    """'statistically: a statistically significant fall (p = 0.002)' or why it was not tested."""
    if test is None:
        return note or "not tested"
    return f"{test.verdict} ({p_text(test.p_value)})"


def headline(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str:
    """The A1 sentence: this period's count against the previous one, with the test."""
    theme, change = analysis.theme, analysis.change
    now, before = change.current, change.other
    subject = f"{numbers.count(now.count)} {theme.counted}"
    reference = "the previous year" if now.period.kind in YEARLY else before.period.label
    if now.count == before.count:
        movement = f"the same as {reference}"
    else:
        word, kind = ("down", "reduction") if now.count < before.count else ("up", "increase")
        size = numbers.pct_change(now.count, before.count)
        movement = f"{word} from {numbers.count(before.count)} {reference}"
        if size is not None:
            movement += f", a {size.lstrip('-')} {kind}"
    sentence = f"{subject} were recorded in {now.period.label}, {movement}."
    return f"{sentence} Statistically: {verdict(change.test, change.note)}."


def trend_sentence(analysis: ThemeAnalysis) -> str | None:
    """The A4 statement, only as strong as the seasonal trend test allows."""
    trend = analysis.trend
    if trend is None:
        return None
    span = f"Over the three years to {analysis.current.period.label}"
    if trend.significant:
        per_year = (
            f"; about {trend.pct_per_year:+.1f}% a year" if trend.pct_per_year is not None else ""
        )
        return (
            f"{span} there was {trend.verdict} in monthly {analysis.theme.unit} (seasonal "
            f"Mann-Kendall, {p_text(trend.p_value)}{per_year})."
        )
    return (
        f"{span} the monthly figures show no evidence of a trend (seasonal Mann-Kendall, "
        f"{p_text(trend.p_value)})."
    )


def comparison_sentence(
    comparison: Comparison | None, noun: str, numbers: Numbers = FULL
) -> str | None:
    """'In Q4 2024/25 there were 100 crimes, up from 62 in Q3 2024/25 (...)'."""
    if comparison is None:
        return None
    now, other = comparison.current, comparison.other
    direction = (
        "the same as"
        if now.count == other.count
        else "down from"
        if now.count < other.count
        else "up from"
    )
    return (
        f"In {now.period.label} there were {numbers.count(now.count)} {noun}, {direction} "
        f"{numbers.count(other.count)} in {other.period.label}: "
        f"{verdict(comparison.test, comparison.note)}."
    )


def ward_sentence(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str | None:
    """The A2(c) sentence about the ward with the highest volume, with its uncertainty."""
    if not analysis.top_wards:
        return None
    top = analysis.top_wards[0]
    share = numbers.share(top.count, analysis.current.count)
    low, high = top.share.interval.lower * 100, top.share.interval.upper * 100
    sentence = (
        f"{share} of these {analysis.theme.counted} were in {top.name} ward, the highest "
        f"volume (95% interval {low:.1f}% to {high:.1f}%)"
    )
    if 2 in top.indistinguishable_from:
        second = analysis.top_wards[1]
        sentence += f"; it cannot be told apart statistically from {second.name}"
    return sentence + "."


def average_sentence(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str | None:
    """The A7 monthly average and range over three years."""
    summary = analysis.monthly_three_years
    if summary is None:
        return None
    return (
        f"On average {numbers.other(f'{summary.average:,.0f}')} {analysis.theme.counted} a "
        f"month were recorded over {summary.window.span}, ranging from "
        f"{numbers.count(summary.minimum)} ({summary.minimum_month}) to "
        f"{numbers.count(summary.maximum)} ({summary.maximum_month})."
    )


def composition_sentence(analysis: ThemeAnalysis) -> str | None:
    """The A8 ranked shares over the pooled three years."""
    if not analysis.composition:
        return None
    parts = [
        f"{s.label.lower()} {format_pct(s.share.value * 100, PROSE_1DP)}"
        for s in analysis.composition[:6]
    ]
    window = analysis.monthly_three_years
    span = window.window.span if window else analysis.current.period.span
    return f"Over {span} the largest shares were {', '.join(parts)}."


def breakdown_sentence(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str | None:
    """Crime types whose change the test supports; low bases are said to be low."""
    table = analysis.breakdown
    if table is None:
        return None
    moves = []
    for row in table.rows:
        if row.test is not None and row.test.significant:
            base = " from a low base" if row.low_base else ""
            pct = numbers.pct_change(row.current, row.previous) or "*"
            change = numbers.change(row.current, row.previous)
            moves.append(f"{row.label.lower()} {pct} ({change}){base}")
    if not moves:
        return (
            "No crime type changed by more than normal variation between "
            f"{table.previous_label} and {table.current_label}."
        )
    return "Statistically significant changes by crime type: " + "; ".join(moves) + "."


def theme_bullets(analysis: ThemeAnalysis, place: Area, numbers: Numbers = FULL) -> tuple[str, ...]:
    """The narrative bullets of one theme (``numbers`` decides how counts are written)."""
    trend = trend_sentence(analysis)
    candidates = [
        headline(analysis, numbers),
        numbers.other(trend) if trend else None,
        numbers.other(f"The monthly chart shows {analysis.spc.summary()}.")
        if analysis.spc
        else None,
        comparison_sentence(analysis.quarter, analysis.theme.counted, numbers),
        ward_sentence(analysis, numbers) if place.level in ("csp", "lad", "pfa") else None,
        average_sentence(analysis, numbers),
        numbers.other(composition) if (composition := composition_sentence(analysis)) else None,
        breakdown_sentence(analysis, numbers),
    ]
    return tuple(c for c in candidates if c)
