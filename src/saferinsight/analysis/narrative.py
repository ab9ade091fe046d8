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
from saferinsight.analysis.signals import long_month, month_list
from saferinsight.core.months import month_label
from saferinsight.geo.areas import Area
from saferinsight.stats.spc import describe_signals

if TYPE_CHECKING:
    from saferinsight.analysis.results import Comparison, ThemeAnalysis, UnusualBase
    from saferinsight.stats.change import ChangeTest
    from saferinsight.stats.spc import SPCSignal

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
    """'a statistically significant fall (p = 0.002)' or why it was not tested."""
    if test is None:
        return note or "not tested"
    return f"{test.verdict} ({p_text(test.p_value)})"


def base_text(base: UnusualBase | None) -> str:
    """', from an unusually low base (...)' when the change rests on abnormal months, else ''.

    Examples
    --------
    >>> from saferinsight.analysis.results import UnusualBase
    >>> base_text(UnusualBase("low", ("2024-02", "2024-03")))
    ', from an unusually low base: Feb 2024 and Mar 2024 were abnormally low on the control chart'
    """
    if base is None:
        return ""
    were = "was" if len(base.months) == 1 else "were"
    return (
        f", from an unusually {base.side} base: {month_list(base.months)} {were} abnormally "
        f"{base.side} on the control chart"
    )


def comparison_verdict(comparison: Comparison) -> str:
    """The verdict of a comparison with its p-value, and whether it rests on an unusual base."""
    return verdict(comparison.test, comparison.note) + base_text(comparison.unusual_base)


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
    return f"{sentence} Statistically: {comparison_verdict(change)}."


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


def spc_sentence(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str | None:
    """Every special-cause signal of the control chart with a month in the period, or that
    there is none (signals that ended before the period are not cited)."""
    if analysis.spc is None:
        return None
    period = analysis.current.period.label
    if not analysis.spc_signals:
        return numbers.other(
            f"The monthly control chart shows only common cause variation in {period}: no "
            "special-cause signal."
        )

    first = month_label(analysis.current.period.start)

    def before(signal: SPCSignal) -> str:
        return f", which began before {period}" if signal.labels[0] < first else ""

    def build(value: Callable[[float], str]) -> str:
        signals = describe_signals(
            analysis.spc_signals,
            label=long_month,
            value=value,
            level=limit_text,
            noun="months",
            suffix=before,
        )
        return f"The monthly control chart shows, in {period}, {signals}."

    return _with_counts(build, numbers)


def limit_text(limit: float) -> str:
    """A control limit to one decimal, or two where one would read as a whole number (the
    values are counts: 'below the lower limit of 176.0' would not say that 176 is below it).

    Examples
    --------
    >>> limit_text(366.96), limit_text(176.03), limit_text(557.12), limit_text(20.0)
    ('366.96', '176.03', '557.1', '20.0')
    """
    text = f"{limit:,.1f}"
    if text.endswith(".0") and limit != round(limit):
        return f"{limit:,.2f}"
    return text


def _with_counts(build: Callable[[Callable[[float], str]], str], numbers: Numbers) -> str:
    """Text from ``build`` whose counts (the values it writes) are written as counts and whose
    other numbers (months, limits, run lengths) are marked as not counts."""
    counts: list[int] = []

    def token(value: float) -> str:
        counts.append(int(value))
        return chr(0xE000 + len(counts) - 1)  # a private-use character holds its place

    text = numbers.other(build(token))
    return re.sub("[\ue000-\uf8ff]", lambda m: numbers.count(counts[ord(m[0]) - 0xE000]), text)


def seasonal_sentence(
    before: Comparison | None,
    year_earlier: Comparison | None,
    noun: str,
    numbers: Numbers = FULL,
    *,
    unit: str = "quarter",
) -> str | None:
    """The A5/A6 comparison: the last quarter (or month) against the one before and the same
    one a year earlier, each with its exact test.

    'In Q4 2024/25 there were 293 burglaries, up from 284 in Q3 2024/25 (no evidence of
    change: within normal variation, p = 0.532) and up from 233 in Q4 2023/24, the same quarter
    a year earlier (a statistically significant rise, p = 0.007).'
    """
    first = before or year_earlier
    if first is None:
        return None
    now = first.current
    parts = []
    for comparison, which in ((before, ""), (year_earlier, f", the same {unit} a year earlier")):
        if comparison is None:
            continue
        other = comparison.other
        direction = (
            "the same as"
            if now.count == other.count
            else "down from"
            if now.count < other.count
            else "up from"
        )
        test = comparison.test
        said = (
            f"{test.verdict}, {p_text(test.p_value)}"
            if test is not None
            else comparison.note or "not tested"
        )
        parts.append(
            f"{direction} {numbers.count(other.count)} in {other.period.label}{which} "
            f"({said}{base_text(comparison.unusual_base)})"
        )
    return (
        f"In {now.period.label} there were {numbers.count(now.count)} {noun}, "
        f"{' and '.join(parts)}."
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
        f"{numbers.count(summary.minimum)} ({long_month(summary.minimum_month)}) to "
        f"{numbers.count(summary.maximum)} ({long_month(summary.maximum_month)})."
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
        spc_sentence(analysis, numbers),
        seasonal_sentence(
            analysis.quarter, analysis.quarter_year_earlier, analysis.theme.counted, numbers
        ),
        seasonal_sentence(
            analysis.last_month,
            analysis.last_month_year_earlier,
            analysis.theme.counted,
            numbers,
            unit="month",
        ),
        ward_sentence(analysis, numbers) if place.level in ("csp", "lad", "pfa") else None,
        average_sentence(analysis, numbers),
        numbers.other(composition) if (composition := composition_sentence(analysis)) else None,
        breakdown_sentence(analysis, numbers),
    ]
    return tuple(c for c in candidates if c)


def summary_verdict(analysis: ThemeAnalysis, numbers: Numbers = FULL) -> str:
    """The summary table's verdict of a theme: the change, the control chart in the period and
    the three-year trend, as the theme's section states them."""
    trend = analysis.trend.verdict if analysis.trend else "no three-year trend test"
    chart = (
        f" Monthly control chart, {analysis.current.period.label}: {analysis.spc_verdict}."
        if analysis.spc_verdict
        else ""
    )
    return numbers.other(
        f"Change: {comparison_verdict(analysis.change)}.{chart} Three years: {trend}."
    )


_NUMBER = "\u2060?[0-9.]+"  # a public edition marks numbers that are not counts
_PLAIN = (
    (re.compile(r"seasonal Mann-Kendall[,;]?\s*"), ""),  # the trend test's name
    (re.compile(rf"\s*\(p [<=] {_NUMBER}\)"), ""),  # "(p = 0.026)"
    (re.compile(rf"\(p [<=] {_NUMBER}[,;]\s*"), "("),  # "(p < 0.001; about ...)"
    (re.compile(rf"[,;]\s*p [<=] {_NUMBER}"), ""),  # "(a rise, p = 0.045)"
    (re.compile(r"\s*\(\s*\)"), ""),
    (
        re.compile(r"\b([Aa]) statistically significant (rise|fall)"),
        r"\1 \2 larger than chance explains",
    ),
    (re.compile(r"\b([Aa]) statistically significant ((?:up|down)ward trend)"), r"\1 clear \2"),
    (re.compile(r"Statistically significant changes"), "Changes larger than chance explains"),
    (re.compile(r"[Ss]tatistically significant"), "larger than chance explains"),
)
_STATISTICALLY = re.compile(r" Statistically: (\w)")


def in_plain_words(sentence: str) -> str:
    """A narrative sentence without its test's name and p-value, for the core of a report (its
    appendix keeps them): the verdict in words stays.

    Examples
    --------
    >>> in_plain_words("186 robberies, up from 147. Statistically: a statistically significant "
    ...                "rise (p = 0.026).")
    '186 robberies, up from 147. A rise larger than chance explains.'
    >>> in_plain_words("a statistically significant downward trend in monthly crimes (seasonal "
    ...                "Mann-Kendall, p < 0.001; about -2.3% a year).")
    'a clear downward trend in monthly crimes (about -2.3% a year).'
    >>> in_plain_words("up from 1,278 (a statistically significant rise, p = 0.045) and ...")
    'up from 1,278 (a rise larger than chance explains) and ...'
    """
    text = sentence
    for pattern, replacement in _PLAIN:
        text = pattern.sub(replacement, text)
    return _STATISTICALLY.sub(lambda m: " " + m.group(1).upper(), text)
