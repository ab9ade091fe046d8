"""How a report edition writes numbers: the full edition as counted, or the public edition
with disclosure control."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.narrative import FULL, Numbers
from saferinsight.reports.chart import Chart
from saferinsight.reports.disclosure import DEFAULT_RULE, DisclosureRule, protect_count
from saferinsight.reports.document import Figure

__all__ = ["Edition"]


@dataclass(frozen=True)
class Edition:
    """How numbers are shown: the full edition, or public with disclosure control.

    Examples
    --------
    >>> public = Edition(public=True)
    >>> public.count(1_232), public.shown(1_232), public.shown(3)
    ('1,230', 1230, None)
    >>> Edition(public=False).shown(3)
    3
    """

    public: bool
    rule: DisclosureRule = DEFAULT_RULE

    def count(self, n: int) -> str:
        """A count as this edition shows it."""
        return protect_count(n, self.rule) if self.public else format_count(n)

    def shown(self, n: int) -> int | None:
        """The value a reader sees (None when suppressed)."""
        if not self.public:
            return n
        text = protect_count(n, self.rule, thousands=False)
        return None if text == self.rule.symbol else int(text)

    def other(self, text: str) -> str:
        """Numbers that are not counts, marked for the disclosure check."""
        return Numbers(mark_other=self.public).other(text)

    def figure(self, chart: Chart) -> Figure:
        """A chart as a figure. Its notes count wards, months and rules, never people: in a
        public edition their numbers are marked as not counts. (Its drawing is made from the
        edition's protected figures.)"""
        if self.public:
            chart = dataclasses.replace(chart, notes=tuple(self.other(n) for n in chart.notes))
        return Figure(chart)

    @property
    def numbers(self) -> Numbers:
        """The narrative's number writer for this edition."""
        if not self.public:
            return FULL
        return Numbers(shown=self.shown, count=self.count, mark_other=True)
