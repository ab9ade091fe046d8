"""A success measure judged on the demo's police.uk data, beside its owner's status."""

from __future__ import annotations

from scipy.stats import binomtest

from saferinsight.analysis.counts import count_records
from saferinsight.core.periods import parse_period
from saferinsight.records.measures import judge_measures
from saferinsight.records.service import Records
from saferinsight.workspace import Workspace


def _commitment(records: Records, theme: str, status: str) -> None:
    records.add(
        "commitment",
        {
            "plan": "cs-po-2024-25",
            "text": f"Reduce {theme}",
            "status": status,
            "measure_theme": theme,
            "measure_direction": "down",
            "measure_baseline": "2023/24",
            "measure_period": "2024/25",
        },
    )


def _count(workspace: Workspace, types: tuple[str, ...], period: str) -> int:
    span = parse_period(period)
    result = count_records(
        workspace,
        "Shropshire",
        start=f"{span.start:%Y-%m}",
        end=f"{span.end:%Y-%m}",
        crime_types=list(types),
    )
    return sum(int(row[-1]) for row in result.rows)


def test_the_owner_and_the_data_are_shown_both_ways(demo_copy: Workspace) -> None:
    # The demo's records hold one measure: ASB in Shropshire, which its owner says is achieved.
    records = Records(demo_copy, actor="analyst")
    _commitment(records, "violence", "achieved")
    asb, violence = judge_measures(records)
    assert asb.text == "Reduce anti-social behaviour in Shropshire"
    assert asb.owner_status == "achieved"

    # Independently: the counts, and the exact conditional test of equal daily rates.
    now = _count(demo_copy, ("Anti-social behaviour",), "2024/25")
    then = _count(demo_copy, ("Anti-social behaviour",), "2023/24")
    days_now, days_then = parse_period("2024/25").days, parse_period("2023/24").days
    p_value = binomtest(now, now + then, days_now / (days_now + days_then)).pvalue
    assert (asb.period_count, asb.baseline_count) == (now, then)
    assert abs((asb.p_value or 0) - p_value) < 1e-9
    assert p_value >= 0.05
    assert asb.verdict == "no evidence of change"
    assert not asb.agrees
    assert asb.sentence().startswith("The owner reports 'Achieved', but the data do not show it")

    assert violence.verdict == "met"
    assert violence.agrees
    assert violence.period_count is not None
    assert violence.baseline_count is not None
    assert violence.period_count < violence.baseline_count
