"""The partnership's structure as it stood through a year: its bodies, who chairs them, how
often they meet, whom they report to and their members, for each part of the year in which the
structure was the same ("April to June 2024", "from July 2024", as the seed reports draw it).

Examples
--------
>>> from datetime import date
>>> period_label(date(2024, 4, 1), date(2024, 6, 30), date(2024, 4, 1), date(2025, 3, 31))
'April to June 2024'
>>> period_label(date(2024, 7, 1), date(2025, 3, 31), date(2024, 4, 1), date(2025, 3, 31))
'from July 2024'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from saferinsight.records.codes import BODY_KINDS, FREQUENCIES
from saferinsight.records.permissions import require
from saferinsight.records.service import financial_year_span, find_partnership
from saferinsight.records.tables.structure import Body, Member

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["BodyNode", "StructurePeriod", "partnership_structure", "period_label"]


@dataclass(frozen=True)
class BodyNode:
    """A body as it stood in a period, with the bodies that report to it."""

    key: str
    name: str
    kind: str
    chair: str | None
    meets: str | None
    statutory_basis: str | None
    remit: str | None
    members: tuple[tuple[str, str, str | None], ...]
    reports: tuple[BodyNode, ...]

    @property
    def kind_label(self) -> str:
        """The kind of body, in words."""
        return BODY_KINDS.get(self.kind, self.kind)

    def lines(self, depth: int = 0) -> list[str]:
        """The body and those below it, one indented line each."""
        details = [self.kind_label]
        if self.chair:
            details.append(f"chair {self.chair}")
        if self.meets:
            details.append(f"meets {FREQUENCIES.get(self.meets, self.meets).lower()}")
        if self.statutory_basis:
            details.append(self.statutory_basis)
        found = [f"{'  ' * depth}{self.name} ({'; '.join(details)})"]
        for below in self.reports:
            found += below.lines(depth + 1)
        return found


@dataclass(frozen=True)
class StructurePeriod:
    """The structure through one part of the year."""

    start: date
    end: date
    label: str
    bodies: tuple[BodyNode, ...]

    def lines(self) -> list[str]:
        """The structure as indented lines."""
        return [line for body in self.bodies for line in body.lines()]

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        from saferinsight.analysis.results import plain_data

        return {**plain_data(self), "label": self.label}


def period_label(start: date, end: date, year_start: date, year_end: date) -> str:
    """How a report names a part of the year."""
    if end == year_end and start > year_start:
        return f"from {start:%B %Y}"
    if start.year == end.year:
        first = f"{start:%B}" if start.month != end.month else ""
        return f"{first} to {end:%B %Y}".strip().removeprefix("to ").strip()
    return f"{start:%B %Y} to {end:%B %Y}"


def partnership_structure(
    records: Records, *, year: str, partnership: str | None = None
) -> tuple[StructurePeriod, ...]:
    """The partnership's structure through a financial year, one entry per part of the year in
    which it did not change."""
    _, first, last = financial_year_span(year)
    with records.session() as session:
        owner = find_partnership(session, partnership)
        require(records.principal, "view-records", partnership=owner.key)
        bodies = session.scalars(
            select(Body).where(Body.partnership_id == owner.id).order_by(Body.id)
        ).all()
        members = session.scalars(
            select(Member).where(Member.body_id.in_([b.id for b in bodies])).order_by(Member.id)
        ).all()
    periods = []
    for start, end in _spans(bodies, first, last):
        live = [b for b in bodies if _alive(b.valid_from, b.valid_to, start, end)]
        if not live:
            continue
        staff = [m for m in members if _alive(m.member_from, m.member_to, start, end)]
        label = period_label(start, end, first, last)
        periods.append(StructurePeriod(start, end, label, _tree(live, staff)))
    return tuple(periods)


def _alive(since: date | None, until: date | None, start: date, end: date) -> bool:
    return (since is None or since <= start) and (until is None or until >= end)


def _spans(bodies: Sequence[Body], first: date, last: date) -> list[tuple[date, date]]:
    """The parts of the year between the days the structure changed."""
    cuts = {first, last + timedelta(days=1)}
    for body in bodies:
        if body.valid_from and first < body.valid_from <= last:
            cuts.add(body.valid_from)
        if body.valid_to and first <= body.valid_to < last:
            cuts.add(body.valid_to + timedelta(days=1))
    edges = sorted(cuts)
    return [(a, b - timedelta(days=1)) for a, b in pairwise(edges)]


def _tree(live: Sequence[Body], staff: Sequence[Member]) -> tuple[BodyNode, ...]:
    ids = {b.id for b in live}

    def node(body: Body) -> BodyNode:
        below = [b for b in live if b.reports_to_id == body.id]
        people = tuple((m.agency, m.role, m.person) for m in staff if m.body_id == body.id)
        return BodyNode(
            body.key, body.name, body.kind, body.chair, body.meeting_frequency,
            body.statutory_basis, body.remit, people, tuple(node(b) for b in below),
        )  # fmt: skip

    return tuple(node(b) for b in live if b.reports_to_id not in ids)
