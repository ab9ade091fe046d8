"""What the theme text says about control-chart signals, seasonal comparisons and rises from an
abnormal base, checked against figures computed here from the demo's monthly counts (issue 13,
"False or misleading statements")."""

from __future__ import annotations

import itertools
import json
from statistics import fmean

import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from saferinsight.analysis.counts import count_in
from saferinsight.analysis.narrative import summary_verdict
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis, UnusualBase
from saferinsight.analysis.signals import month_list, spc_verdict, unusual_base
from saferinsight.cli.commands import main
from saferinsight.core.months import month_label
from saferinsight.core.periods import parse_period
from saferinsight.generate.fixtures import example_comparison
from saferinsight.stats.spc import xmr_chart
from saferinsight.workspace import Workspace

MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024, 2025) for m in range(1, 13)][3:39]
FY = parse_period("2024/25")
IN_PERIOD = {month_label(m) for m in FY.months}


def theme(analysis: AreaAnalysis, key: str) -> ThemeAnalysis:
    return next(t for t in analysis.themes if t.theme.key == key)


def monthly(demo: Workspace, crime_type: str) -> dict[str, int]:
    """The area's monthly counts of one crime type, Apr 2022 to Mar 2025, from ``count_in``."""
    with demo.reader() as warehouse:
        found = count_in(
            warehouse,
            "Shropshire",
            start="2022-04",
            end="2025-03",
            by=["month"],
            crime_types=[crime_type],
        )
    counts = {str(month): int(n) for month, n in found.rows}
    return {month: counts.get(month, 0) for month in MONTHS}


def limits(values: list[int]) -> tuple[float, float]:
    """XmR process limits by hand: mean +/- 2.66 x the mean moving range after screening."""
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mean_range = fmean(ranges)
    mean_range = fmean([r for r in ranges if r < 3.267 * mean_range])
    centre = fmean(values)
    return centre - 2.66 * mean_range, centre + 2.66 * mean_range


def spc_bullet(analysis: ThemeAnalysis) -> str:
    return next(b for b in analysis.narrative if b.startswith("The monthly control chart"))


# -- 1. every signal in the period ------------------------------------------------------------


def test_asb_text_reports_july_above_the_upper_limit_as_concern(
    demo: Workspace, demo_shropshire: AreaAnalysis
) -> None:
    counts = monthly(demo, "Anti-social behaviour")
    lower, upper = limits(list(counts.values()))
    above = [m for m, n in counts.items() if n > upper and m in IN_PERIOD]
    assert above == ["2024-07"]
    assert (counts["2024-07"], f"{upper:.2f}") == (378, "366.96")
    asb = theme(demo_shropshire, "asb")
    text = spc_bullet(asb)
    # The old text named only the latest run ("special cause improvement ... ending 2025-02").
    assert (
        "special cause concern in Jul 2024 (378, above the upper process limit of 366.96)" in text
    )
    assert "special cause improvement in Jan 2025 and Feb 2025" in text
    # Signals that ended before the period (2022, and Feb 2023 below the lower limit) are not
    # cited, though the chart shows them.
    below = [m for m, n in counts.items() if n < lower]
    assert below == ["2023-02"]
    assert "2022" not in text
    assert "2023" not in text
    assert asb.spc_verdict == (
        "special cause concern in Jul 2024 and Aug 2024; special cause improvement in Jan 2025 "
        "and Feb 2025"
    )
    assert f"Monthly control chart, 2024/25: {asb.spc_verdict}." in summary_verdict(asb)


def test_every_in_period_signal_of_every_theme_is_in_its_text(
    demo_shropshire: AreaAnalysis,
) -> None:
    for analysis in demo_shropshire.themes:
        assert analysis.spc is not None
        text = spc_bullet(analysis)
        inside = analysis.spc.signals_within(IN_PERIOD)
        assert analysis.spc_signals == inside
        # Every signal of the whole chart with a month in the period, and only those.
        expected = tuple(s for s in analysis.spc.special_causes if IN_PERIOD & set(s.labels))
        assert inside == expected
        for signal in analysis.spc_signals:
            assert signal.classification in text
            assert signal.classification in analysis.spc_verdict
        if not inside:
            assert "only common cause variation in 2024/25" in text
            assert analysis.spc_verdict == "common cause variation only"
        assert analysis.spc_verdict == spc_verdict(analysis.spc.special_causes, FY)


def test_robbery_signal_before_the_period_is_not_cited(demo_shropshire: AreaAnalysis) -> None:
    robbery = theme(demo_shropshire, "robbery")
    assert robbery.spc is not None
    assert [s.labels for s in robbery.spc.special_causes if s.rule == "outside limits"] == [
        ("2024-02", "2024-03")
    ]
    # The old text said "special cause improvement: a point below the lower process limit, at
    # 2024-03", a month of the year before.
    assert spc_bullet(robbery) == (
        "The monthly control chart shows only common cause variation in 2024/25: no "
        "special-cause signal."
    )


def test_json_states_the_signals_the_text_states(runner: CliRunner, demo: Workspace) -> None:
    result = runner.invoke(
        main,
        [
            "--workspace",
            str(demo.root),
            "analyse",
            "Shropshire",
            "--period",
            "2024/25",
            "--theme",
            "asb",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    asb = json.loads(result.output)["themes"][0]
    signals = [(s["rule"], s["classification"], s["labels"]) for s in asb["spc_signals"]]
    assert ("outside limits", "special cause concern", ["2024-07"]) in signals
    assert {s["classification"] for s in asb["spc_signals"]} == {
        "special cause concern",
        "special cause improvement",
    }
    assert asb["spc_verdict"].startswith("special cause concern in Jul 2024")
    assert any("special cause concern in Jul 2024" in line for line in asb["narrative"])


# -- 2. the last quarter and month against the one before and a year earlier -------------------


def test_burglary_quarter_and_month_against_a_year_earlier(
    demo: Workspace, demo_shropshire: AreaAnalysis
) -> None:
    counts = monthly(demo, "Burglary")
    q4 = sum(counts[m] for m in ("2025-01", "2025-02", "2025-03"))
    q3 = sum(counts[m] for m in ("2024-10", "2024-11", "2024-12"))
    q4_before = sum(counts[m] for m in ("2024-01", "2024-02", "2024-03"))
    assert (q4, q3, q4_before) == (293, 284, 233)
    # Exact conditional test, days as exposure: Jan-Mar 2025 has 90 days, Jan-Mar 2024 91.
    p_year = binomtest(q4, q4 + q4_before, 90 / (90 + 91)).pvalue
    p_quarter = binomtest(q4, q4 + q3, 90 / (90 + 92)).pvalue
    assert round(p_year, 3) == 0.007
    burglary = theme(demo_shropshire, "burglary")
    assert (
        f"In Q4 2024/25 there were 293 burglaries, up from 284 in Q3 2024/25 (no evidence of "
        f"change: within normal variation, p = {p_quarter:.3f}) and up from 233 in Q4 2023/24, "
        f"the same quarter a year earlier (a statistically significant rise, p = {p_year:.3f})."
    ) in burglary.narrative
    march, february, march_before = counts["2025-03"], counts["2025-02"], counts["2024-03"]
    p_month = binomtest(march, march + march_before, 0.5).pvalue
    p_february = binomtest(march, march + february, 31 / (31 + 28)).pvalue
    month = next(b for b in burglary.narrative if b.startswith("In Mar 2025"))
    assert month == (
        f"In Mar 2025 there were {march} burglaries, down from {february} in Feb 2025 (no "
        f"evidence of change: within normal variation, p = {p_february:.3f}) and up from "
        f"{march_before} in Mar 2024, the same month a year earlier (no evidence of change: "
        f"within normal variation, p = {p_month:.3f})."
    )


# -- 3. rises from an abnormal base ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "crime_type", "expected"),
    [
        ("robbery", "Robbery", ("2024-02", "2024-03")),
        ("drugs", "Drugs", ("2024-01", "2024-02", "2024-03")),
    ],
)
def test_a_rise_from_months_the_chart_flags_low_says_so(
    demo: Workspace,
    demo_shropshire: AreaAnalysis,
    key: str,
    crime_type: str,
    expected: tuple[str, ...],
) -> None:
    counts = monthly(demo, crime_type)
    values = list(counts.values())
    lower, _ = limits(values)
    base = [month_label(m) for m in FY.previous().months]
    below = [m for m in base if counts[m] < lower]
    two_sigma_low = fmean(values) - (fmean(values) - lower) * 2 / 3
    # Two of three beyond two sigma below the mean (windows wholly below the mean).
    window_low = {
        MONTHS[j]
        for s in range(len(values) - 2)
        if all(values[j] < fmean(values) for j in range(s, s + 3))
        and sum(values[j] < two_sigma_low for j in range(s, s + 3)) >= 2
        for j in range(s, s + 3)
        if values[j] < two_sigma_low
    }
    assert tuple(sorted(set(below) | (window_low & set(base)))) == expected
    analysis = theme(demo_shropshire, key)
    assert analysis.change.test is not None
    assert analysis.change.test.verdict == "a statistically significant rise"
    assert analysis.change.unusual_base == UnusualBase("low", expected)
    phrase = f"from an unusually low base: {month_list(expected)} were abnormally low"
    assert phrase in analysis.narrative[0]
    assert phrase in summary_verdict(analysis)


def test_a_change_without_an_abnormal_base_is_not_flagged(demo_shropshire: AreaAnalysis) -> None:
    violence = theme(demo_shropshire, "violence")
    assert violence.change.test is not None
    assert violence.change.test.significant
    assert violence.change.unusual_base is None  # a fall; its base has no abnormally high month
    assert "unusual" not in violence.narrative[0]
    asb = theme(demo_shropshire, "asb")
    assert asb.change.test is not None
    assert not asb.change.test.significant
    assert asb.change.unusual_base is None


def test_a_fall_from_an_unusually_high_base() -> None:
    months = [month_label(m) for m in FY.previous().months]
    chart = xmr_chart([12, 11, 13, 12, 11, 12, 13, 12, 11, 12, 30, 12], labels=months, baseline=10)
    assert unusual_base(example_comparison(100, 150), chart) == UnusualBase("high", ("2024-02",))
    assert unusual_base(example_comparison(160, 120), chart) is None  # a rise: needs a low base
    assert unusual_base(example_comparison(100, 150), None) is None
