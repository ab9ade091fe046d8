"""How a report edition writes numbers: the full edition as counted, or the public edition
with disclosure control.

Disclosure control is for confidential partner data only (methods.md 3.6). Open data (police.uk
street records, Home Office open tables, ONS estimates, published MoJ and DfT statistics) is
public at a finer level already, so a public edition prints it exactly: :meth:`Edition.open`
gives the edition a block of open data is written with.
"""

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

    Attributes
    ----------
    public
        A public edition (published), or the full (restricted) one.
    rule
        The disclosure rule a public edition applies to confidential counts.
    open_data
        The figures written with this edition are open data, printed exactly in every edition
        (see :meth:`open`).

    Examples
    --------
    >>> public = Edition(public=True)
    >>> public.count(1_232), public.shown(1_232), public.shown(3)
    ('1,230', 1230, None)
    >>> public.open().shown(3), public.open().controlled, public.open().public
    (3, False, True)
    >>> Edition(public=False).shown(3)
    3
    """

    public: bool
    rule: DisclosureRule = DEFAULT_RULE
    open_data: bool = False

    @property
    def controlled(self) -> bool:
        """Whether counts written with this edition are protected by the rule."""
        return self.public and not self.open_data

    def open(self) -> Edition:
        """This edition for open data: counts printed exactly, in a public edition too (their
        numbers are marked as not confidential counts for the disclosure check)."""
        return dataclasses.replace(self, open_data=True)

    def count(self, n: int) -> str:
        """A count as this edition shows it."""
        if self.controlled:
            return protect_count(n, self.rule)
        return self.other(format_count(n))

    def shown(self, n: int) -> int | None:
        """The value a reader sees (None when suppressed)."""
        if not self.controlled:
            return n
        text = protect_count(n, self.rule, thousands=False)
        return None if text == self.rule.symbol else int(text)

    def candidates(self, shown: int | None) -> range:
        """The true counts a reader cannot tell apart from a count shown as ``shown`` (``None``:
        suppressed): only the count itself unless this edition protects counts."""
        if not self.controlled:
            if shown is None:
                raise ValueError("an edition without disclosure control suppresses nothing")
            return range(shown, shown + 1)
        return self.rule.candidates(shown)

    def other(self, text: str) -> str:
        """Numbers that are not confidential counts, marked for the disclosure check."""
        return Numbers(mark_other=self.public).other(text)

    def figure(self, chart: Chart) -> Figure:
        """A chart as a figure. Its notes count wards, months and rules, never people: in a
        public edition their numbers are marked as not counts, and so are those of its
        alternative text when the chart is of open data (the disclosure check reads the alternative
        text, and the whole drawing of a chart that is not). (Its drawing is made from the
        edition's protected figures.)"""
        if self.public:
            notes = tuple(self.other(n) for n in chart.notes)
            alt_text = self.other(chart.alt_text) if self.open_data else chart.alt_text
            chart = dataclasses.replace(chart, notes=notes, alt_text=alt_text)
        return Figure(chart, open_data=self.open_data)

    @property
    def numbers(self) -> Numbers:
        """The narrative's number writer for this edition."""
        if not self.public:
            return FULL
        if self.open_data:
            return Numbers(count=self.count, mark_other=True)
        return Numbers(shown=self.shown, count=self.count, mark_other=True)
