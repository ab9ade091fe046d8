"""police.uk street records against police recorded crime, theme by theme.

police.uk street records and Home Office police recorded crime count different things (street
records leave out crimes without a location and are a snapshot taken when the month is
published; recorded crime is revised as crimes are reclassified or cancelled), so the two can
move differently. :func:`reconcile` sets the two side by side for every theme the Home Office
offence code to police.uk crime type mapping can match, each with its own test of change, and
flags the themes whose verdicts differ.

Each change is the exact conditional test of equal Poisson rates (H0: the rate per day is the
same in both periods; :func:`saferinsight.stats.change.change_test`), on each source's counts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.analysis.tables import ChangeTable
from saferinsight.stats.change import ChangeTest, change_test

if TYPE_CHECKING:
    from saferinsight.analysis.partners.engine import PartnerAnalysis

__all__ = ["ReconciledTheme", "Reconciliation", "SourceChange", "reconcile", "verdict_word"]

RECORDED_DATASET = "home-office-prc"


def verdict_word(test: ChangeTest | None) -> str:
    """``"rise"``, ``"fall"`` or ``"no change"`` as the test decides; ``"not tested"``.

    Examples
    --------
    >>> verdict_word(change_test(150, 100)), verdict_word(change_test(101, 100))
    ('rise', 'no change')
    """
    if test is None:
        return "not tested"
    if test.significant and test.direction in ("increase", "decrease"):
        return "rise" if test.direction == "increase" else "fall"
    return "no change"


@dataclass(frozen=True)
class SourceChange:
    """One source's counts of a theme in the period and the period before, with the test."""

    current: int
    previous: int
    test: ChangeTest | None

    @property
    def verdict(self) -> str:
        """``"rise"``, ``"fall"``, ``"no change"`` or ``"not tested"``."""
        return verdict_word(self.test)


@dataclass(frozen=True)
class ReconciledTheme:
    """A theme counted by both sources."""

    key: str
    title: str
    street: SourceChange
    recorded: SourceChange

    @property
    def differs(self) -> bool:
        """Whether the two sources' verdicts differ (both tested)."""
        tested = "not tested" not in (self.street.verdict, self.recorded.verdict)
        return tested and self.street.verdict != self.recorded.verdict

    @property
    def opposite(self) -> bool:
        """Whether one source shows a significant rise and the other a significant fall."""
        return {self.street.verdict, self.recorded.verdict} == {"rise", "fall"}

    def coverage(self) -> tuple[float | None, float | None]:
        """Street records as a share of recorded crimes, in the period and the one before."""
        return (
            self.street.current / self.recorded.current if self.recorded.current else None,
            self.street.previous / self.recorded.previous if self.recorded.previous else None,
        )


@dataclass(frozen=True)
class Reconciliation:
    """police.uk against recorded crime for one area and period.

    ``rows`` is empty when the recorded crime loaded does not cover every month of both
    periods (``months_covered`` says how many it covers, of ``months``).
    """

    area: str
    period: str
    previous: str
    source: str
    rows: tuple[ReconciledTheme, ...]
    unmatched: tuple[str, ...]  # themes with no recorded crime counterpart (ASB)
    months: tuple[int, int]
    months_covered: tuple[int, int]

    @property
    def complete(self) -> bool:
        """Whether recorded crime covers every month of both periods."""
        return self.months_covered == self.months

    @property
    def total(self) -> ReconciledTheme | None:
        """The all crime row, when the report has it."""
        return next((r for r in self.rows if r.key == "total"), None)

    @property
    def differing(self) -> tuple[ReconciledTheme, ...]:
        """The themes whose verdicts differ between the sources."""
        return tuple(r for r in self.rows if r.differs)


def reconcile(analysis: AreaAnalysis, partners: PartnerAnalysis | None) -> Reconciliation | None:
    """Every theme of ``analysis`` that recorded crime can match, in both sources.

    Returns ``None`` when no police recorded crime is loaded for the area and period. Recorded
    offences are matched to police.uk crime types through the shipped Home Office offence code
    mapping; all crime is every recorded offence against every street crime (ASB is neither).
    """
    section = (
        next((s for s in partners.sections if s.dataset == RECORDED_DATASET), None)
        if partners is not None
        else None
    )
    if section is None or "police_uk_types" not in section.extra:
        return None
    table: ChangeTable = section.extra["police_uk_types"]
    months = (analysis.period.n_months, analysis.previous.n_months)
    covered: tuple[int, int] = section.extra["months_covered"]
    rows: list[ReconciledTheme] = []
    unmatched: list[str] = []
    for theme in analysis.themes:
        recorded = _recorded(theme, table)
        if recorded is None:
            unmatched.append(theme.theme.title)
            continue
        change = theme.change
        street = SourceChange(change.current.count, change.other.count, change.test)
        rows.append(ReconciledTheme(theme.theme.key, theme.theme.title, street, recorded))
    return Reconciliation(
        area=analysis.area.name,
        period=analysis.period.label,
        previous=analysis.previous.label,
        source=section.title,
        rows=tuple(rows) if covered == months else (),
        unmatched=tuple(unmatched),
        months=months,
        months_covered=covered,
    )


def _recorded(theme: ThemeAnalysis, table: ChangeTable) -> SourceChange | None:
    if theme.theme.key == "total":
        current, previous = table.total.current, table.total.previous
    else:
        types = set(theme.theme.crime_types)
        if not types & _mapped_types():
            return None
        matched = [r for r in table.rows if r.label in types]
        current, previous = sum(r.current for r in matched), sum(r.previous for r in matched)
    test = change_test(
        current,
        previous,
        current_exposure=table.current_exposure,
        previous_exposure=table.previous_exposure,
    )
    return SourceChange(current, previous, test)


@functools.cache
def _mapped_types() -> frozenset[str]:
    """The police.uk crime types some Home Office offence code maps to."""
    from saferinsight.analysis.partners.crime import police_uk_type
    from saferinsight.datasets.schema import home_office_offences

    return frozenset(police_uk_type({"offence_code": code}) for code in home_office_offences())
