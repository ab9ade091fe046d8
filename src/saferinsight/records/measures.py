"""Success measures: a commitment's progress judged by the same statistics as the report's, and
set beside the owner's own status.

A measure names a police.uk theme, an area, the direction that counts as success, a baseline
period and the period judged. The count for the period judged is tested against the baseline's
with the exact conditional test of :func:`saferinsight.stats.change.change_test`, adjusted for
the lengths of the two periods (null hypothesis: the daily rate of events is the same in both;
two-sided, at the 5% level). The verdict is ``met`` for a significant change in the direction
of success, ``worse`` for one against it, and ``no evidence of change`` otherwise; an owner's
"achieved" beside "no evidence of change" (or "not achieved" beside "met") is a disagreement
the report shows both ways.

Examples
--------
>>> verdict_of("down", "a statistically significant fall"), verdict_of("up", "a statistically "
... "significant fall"), verdict_of("down", "no evidence of change: within normal variation")
('met', 'worse', 'no evidence of change')
>>> agrees("achieved", "no evidence of change"), agrees("on-track", "met")
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from saferinsight.errors import AppError
from saferinsight.records.codes import COMMITMENT_STATUSES
from saferinsight.records.permissions import require
from saferinsight.records.service import find_partnership
from saferinsight.records.tables.plans import ActionPlan, Commitment
from saferinsight.records.tables.structure import Body
from saferinsight.stats.change import FALL, NO_EVENTS, RISE

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["MeasureVerdict", "agrees", "judge_measures", "verdict_of"]

#: The owner's statuses that claim success, and those that admit failure.
_CLAIMS_SUCCESS = frozenset({"achieved", "on-track"})
_ADMITS_FAILURE = frozenset({"not-achieved", "at-risk"})


def verdict_of(direction: str, wording: str) -> str:
    """The measure's verdict from the test's wording and the direction of success."""
    if wording in (RISE, FALL):
        good = FALL if direction == "down" else RISE
        return "met" if wording == good else "worse"
    if wording == NO_EVENTS:
        return "cannot judge"
    return "no evidence of change"


def agrees(owner_status: str, verdict: str) -> bool:
    """Whether the owner's status and the statistical verdict tell the same story."""
    if owner_status in _CLAIMS_SUCCESS:
        return verdict == "met"
    if owner_status in _ADMITS_FAILURE:
        return verdict != "met"
    return True


@dataclass(frozen=True)
class MeasureVerdict:
    """A commitment's success measure, judged."""

    commitment_id: int
    plan: str
    text: str
    owner_status: str
    theme: str
    area: str
    baseline: str
    period: str
    direction: str
    baseline_count: int | None
    period_count: int | None
    p_value: float | None
    theme_title: str
    wording: str
    verdict: str
    agrees: bool
    note: str = ""

    @property
    def owner_label(self) -> str:
        """The owner's status, as words."""
        return COMMITMENT_STATUSES.get(self.owner_status, self.owner_status)

    def sentence(self) -> str:
        """Both views in one plain sentence."""
        if self.baseline_count is None or self.period_count is None:
            return (
                f"The owner reports '{self.owner_label}'; the measure cannot be judged: {self.note}"
            )
        figures = (
            f"{self.area}, {self.theme_title.lower()}: {self.period_count:,} in {self.period} "
            f"against {self.baseline_count:,} in {self.baseline}, {self.wording}"
        )
        if self.agrees:
            return f"The owner reports '{self.owner_label}', and the data agree ({figures})."
        return f"The owner reports '{self.owner_label}', but the data do not show it ({figures})."


def judge_measures(
    records: Records, *, partnership: str | None = None
) -> tuple[MeasureVerdict, ...]:
    """Every commitment with a success measure, judged on the workspace's police.uk data."""
    with records.session() as session:
        owner = find_partnership(session, partnership)
        require(records.principal, "view-records", partnership=owner.key)
        rows = session.execute(
            select(Commitment, ActionPlan)
            .join(ActionPlan, Commitment.plan_id == ActionPlan.id)
            .join(Body, ActionPlan.body_id == Body.id)
            .where(Body.partnership_id == owner.id, Commitment.measure_theme.is_not(None))
            .order_by(Commitment.id)
        ).all()
        measures = [(c, plan.key, c.measure_area or owner.area or "") for c, plan in rows]
    return tuple(_judge(records, c, plan, area) for c, plan, area in measures)


def _judge(records: Records, commitment: Commitment, plan: str, area: str) -> MeasureVerdict:
    from saferinsight.analysis.engine import analyse_in
    from saferinsight.core.periods import parse_period
    from saferinsight.stats.change import change_test

    theme = commitment.measure_theme or ""
    period = commitment.measure_period or ""
    baseline = commitment.measure_baseline or ""
    direction = commitment.measure_direction or "down"
    base = MeasureVerdict(
        commitment.id, plan, commitment.text, commitment.status, theme, area, baseline, period,
        direction, None, None, None, theme, "", "cannot judge", True,
    )  # fmt: skip
    try:
        with records.workspace.reader() as warehouse:
            judged = analyse_in(warehouse, area, period=period, themes=theme)
            earlier = analyse_in(warehouse, area, period=baseline, themes=theme)
    except AppError as exc:
        return replace(base, note=str(exc))
    now, then = judged.themes[0].current, earlier.themes[0].current
    if not (now.complete and then.complete):
        return replace(base, note="a period has months with no data loaded")
    test = change_test(
        now.count,
        then.count,
        current_exposure=parse_period(period).days,
        previous_exposure=parse_period(baseline).days,
    )
    verdict = verdict_of(direction, test.verdict)
    return replace(
        base,
        baseline_count=then.count,
        period_count=now.count,
        p_value=test.p_value,
        theme_title=judged.themes[0].theme.title,
        wording=test.verdict,
        verdict=verdict,
        agrees=agrees(commitment.status, verdict),
    )
