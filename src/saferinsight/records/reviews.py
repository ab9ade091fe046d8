"""The case review register: every review with its stages, status at a date and deadlines, and
a year's counts by kind and stage, as the partnerships' annual reports print them.

A review is counted once in a year, by the most advanced thing that happened to it (see
:data:`YEAR_STATUSES`): "1 completed and published; 1 with published learning; 2 with the Home
Office; 2 ongoing; 1 referral received" are seven DHRs, not overlapping groups. A review is in
a year's register if it was referred by the end of the year and was not finished before it
began (published, or decided against, earlier).

Examples
--------
>>> from datetime import date
>>> events = {"referral": date(2023, 5, 2), "decision": date(2023, 6, 1),
...           "submitted": date(2024, 11, 4)}
>>> year_status("dhr", events, "review", start=date(2024, 4, 1), end=date(2025, 3, 31))
'with-home-office'
>>> year_status("dhr", {**events, "published": date(2023, 12, 1)}, "review",
...             start=date(2024, 4, 1), end=date(2025, 3, 31)) is None
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from saferinsight.errors import OptionError
from saferinsight.records.checks import local_rule_of
from saferinsight.records.codes import REVIEW_DECISIONS, REVIEW_KINDS, review_components
from saferinsight.records.deadlines import RULEBOOK, Deadline, Rulebook, deadlines_for
from saferinsight.records.permissions import can, require
from saferinsight.records.service import financial_year_span, find_partnership
from saferinsight.records.tables.reviews import (
    LocalRule,
    Recommendation,
    Review,
    ReviewAction,
    ReviewAlias,
    ReviewEvent,
)

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = [
    "YEAR_STATUSES",
    "KindYear",
    "ReviewEntry",
    "ReviewRegister",
    "deadline_rules",
    "review_register",
    "year_status",
]

#: A review's status in a year, most advanced first: key -> label.
YEAR_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "published": "Completed and published",
        "learning-published": "Learning published",
        "awaiting-publication": "Completed, awaiting publication",
        "with-home-office": "With the Home Office for quality assurance",
        "ongoing": "Ongoing",
        "decided": "Decision taken",
        "not-reviewed": "Decided not to hold a review",
        "referral": "Awaiting a decision",
    }
)

#: How a count of reviews in each status reads in a sentence ("2 with the Home Office").
_STATUS_PHRASES: Mapping[str, str] = MappingProxyType(
    {
        "published": "completed and published",
        "learning-published": "with published learning",
        "awaiting-publication": "completed, awaiting publication",
        "with-home-office": "with the Home Office",
        "ongoing": "ongoing",
        "decided": "with a decision taken",
        "not-reviewed": "not reviewed",
        "referral": "awaiting a decision",
    }
)

#: How a count of decisions reads: (one, several).
_DECISION_PHRASES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "review": ("led to a review", "led to a review"),
        "national-review": ("referred for a national review", "referred for a national review"),
        "no-review": ("not reviewed", "not reviewed"),
        "not-progressed": ("not progressed", "not progressed"),
        "action-plan": ("action plan", "action plans"),
        "withdrawn": ("withdrawn", "withdrawn"),
    }
)

#: Kinds that end at their decision: a rapid review decides, an ASB case review's decision is
#: its outcome. Their figures are the referrals and decisions, not stages.
_DECIDING_KINDS = frozenset({"rapid-review", "asb-case-review"})

#: Kinds whose reports go to the Home Office for quality assurance before publication.
_HOME_OFFICE = frozenset({"dhr", "owhr"})
#: Decisions that end a case without a review.
_NO_REVIEW = frozenset({"no-review", "not-progressed", "withdrawn", "action-plan"})


def _by(events: Mapping[str, date], stage: str, end: date) -> bool:
    return stage in events and events[stage] <= end


def _within(events: Mapping[str, date], stage: str, start: date, end: date) -> bool:
    return stage in events and start <= events[stage] <= end


def year_status(
    kind: str, events: Mapping[str, date], decision: str | None, *, start: date, end: date
) -> str | None:
    """The review's status in the year from ``start`` to ``end`` (a key of
    :data:`YEAR_STATUSES`), or None if it was not open in that year."""
    if not _by(events, "referral", end):
        return None
    finished = min((events[s] for s in ("published",) if s in events), default=None)
    decided = events.get("decision")
    if finished is not None and finished < start:
        return None
    if decision in _NO_REVIEW and decided is not None and decided < start:
        return None
    if _within(events, "published", start, end):
        return "published"
    if _within(events, "learning-published", start, end):
        return "learning-published"
    home_office = any(k in _HOME_OFFICE for k in review_components(kind))
    if home_office and _by(events, "submitted", end) and not _by(events, "approved", end):
        return "with-home-office"
    if _by(events, "completed", end) or _by(events, "approved", end):
        return "awaiting-publication"
    if decided is not None and decided <= end:
        if kind in _DECIDING_KINDS:
            return "decided"
        return "not-reviewed" if decision in _NO_REVIEW else "ongoing"
    return "referral"


@dataclass(frozen=True)
class ReviewEntry:
    """One review of the register."""

    ref: str
    kind: str
    pseudonym: str
    former_pseudonyms: tuple[str, ...]
    thematic: bool
    group: str | None
    subjects: int | None
    decision: str | None
    events: Mapping[str, date]
    status: str | None
    deadlines: tuple[Deadline, ...]
    actions_open: int
    actions_overdue: int

    @property
    def kind_label(self) -> str:
        """The kind's name."""
        return REVIEW_KINDS[self.kind]

    @property
    def stage(self) -> str | None:
        """The latest stage reached."""
        return max(self.events, key=lambda s: self.events[s]) if self.events else None


@dataclass(frozen=True)
class KindYear:
    """A year's figures for one kind of review."""

    kind: str
    received: int
    subjects: int
    decisions: Mapping[str, int]
    statuses: Mapping[str, int]

    @property
    def label(self) -> str:
        """The kind's name."""
        return REVIEW_KINDS[self.kind]

    def lines(self) -> tuple[str, ...]:
        """The figures as an annual report words them: the referrals (requests, for ASB case
        reviews) received in the year and what was decided; for reviews that go on past their
        decision, each review once by its most advanced stage.

        >>> KindYear("asb-case-review", 6, 0, {"not-progressed": 4, "action-plan": 2}, {}).lines()
        ('6 requests', '4 not progressed', '2 action plans')
        """
        noun = "request" if self.kind == "asb-case-review" else "referral"
        found = [f"{self.received} {noun}{'s' if self.received != 1 else ''}"]
        if self.subjects and self.kind in ("rapid-review", "lcspr"):
            found[0] += f" involving {self.subjects} children"
        for decision, n in self.decisions.items():
            one, several = _DECISION_PHRASES[decision]
            found.append(f"{n} {one if n == 1 else several}")
        if self.kind not in _DECIDING_KINDS:  # (decisions not to review are counted above)
            found += [
                f"{n} {_STATUS_PHRASES[s]}"
                for s, n in self.statuses.items()
                if n and s != "not-reviewed"
            ]
        return tuple(found)


@dataclass(frozen=True)
class ReviewRegister:
    """The register of a partnership's reviews for a year, as at ``as_of``, with counts."""

    partnership: str
    year: str
    start: date
    end: date
    as_of: date
    reviews: tuple[ReviewEntry, ...]
    kinds: tuple[KindYear, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data: the counts by kind (with their sentences) and every review with
        its deadlines."""
        from saferinsight.analysis.results import plain_data

        return {
            "partnership": self.partnership,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "kinds": [
                {**plain_data(k), "label": k.label, "lines": list(k.lines())} for k in self.kinds
            ],
            "reviews": [_entry_dict(e) for e in self.reviews],
        }

    def kind(self, kind: str) -> KindYear:
        """The figures for one kind (zeros if it had none)."""
        for found in self.kinds:
            if found.kind == kind:
                return found
        return KindYear(kind, 0, 0, {}, {})


def deadline_rules(records: Records, *, partnership: str | None = None) -> Rulebook:
    """The deadline rules for a partnership's reviews: the national rulebook, with the local
    rules it recorded added (or in place of a shipped local rule of the same key)."""
    with records.session() as session:
        return _rulebook(session, find_partnership(session, partnership).id)


def _rulebook(session: Session, partnership: int) -> Rulebook:
    rows = session.scalars(
        select(LocalRule).where(LocalRule.partnership_id == partnership).order_by(LocalRule.id)
    ).all()
    book = RULEBOOK
    for row in rows:
        values = {
            c: getattr(row, c)
            for c in (
                "key",
                "title",
                "kinds",
                "starts",
                "ends",
                "amount",
                "unit",
                "decisions",
                "source",
            )
        }
        book = book.with_rule(local_rule_of(values))
    return book


def _entry_dict(entry: ReviewEntry) -> dict[str, Any]:
    from saferinsight.analysis.results import plain_data

    data = {k: v for k, v in plain_data(entry).items() if k != "deadlines"}
    data["deadlines"] = [
        {
            "rule": d.rule.key,
            "title": d.rule.title,
            "statutory": d.rule.statutory,
            "start": d.start.isoformat(),
            "due": d.due.isoformat(),
            "met": d.met.isoformat() if d.met else None,
            "status": d.status,
        }
        for d in entry.deadlines
    ]
    return data


def review_register(
    records: Records,
    *,
    partnership: str | None = None,
    year: str = "2024/25",
    kinds: tuple[str, ...] | None = None,
    rulebook: Rulebook | None = None,
) -> ReviewRegister:
    """The case review register for a financial year, with each review's deadlines judged at
    the year's end (or today, if the year has not ended), and the year's counts by kind.

    Parameters
    ----------
    records
        The workspace's records.
    partnership
        The partnership's key; required when the records hold more than one.
    year
        A financial year, 2024/25.
    kinds
        Only these kinds of review (keys of ``REVIEW_KINDS``).
    rulebook
        The deadline rules; by default the national ones with the partnership's local rules.
    """
    label, start, end = financial_year_span(year)
    as_of = min(end, records.clock.today())
    for kind in kinds or ():
        if kind not in REVIEW_KINDS:
            raise OptionError("kinds", f"must be kinds of review ({', '.join(REVIEW_KINDS)}).")
    with records.session(write=True) as session:
        owner = find_partnership(session, partnership)
        require(records.principal, "view-reviews", partnership=owner.key)
        records.note_access(
            session, "review", "register", detail=f"{owner.key} {label}", partnership=owner.key
        )
        rules = rulebook or _rulebook(session, owner.id)
        rows = session.scalars(
            select(Review).where(Review.partnership_id == owner.id).order_by(Review.id)
        ).all()
        entries = [
            _entry(session, review, start, end, as_of, rules)
            for review in rows
            if (kinds is None or review.kind in kinds)
            and can(
                records.principal, "view-reviews", partnership=owner.key, review_kind=review.kind
            )
        ]
    listed = tuple(e for e in entries if e.status is not None)
    return ReviewRegister(
        owner.key, label, start, end, as_of, listed, _kind_years(listed, start, end)
    )


def _entry(
    session: Session,
    review: Review,
    start: date,
    end: date,
    as_of: date,
    rulebook: Rulebook,
) -> ReviewEntry:
    events = {
        e.stage: e.dated
        for e in session.scalars(select(ReviewEvent).where(ReviewEvent.review_id == review.id))
    }
    aliases = session.scalars(
        select(ReviewAlias.pseudonym).where(ReviewAlias.review_id == review.id)
    ).all()
    parent = session.get(Review, review.group_id) if review.group_id else None
    actions = session.scalars(
        select(ReviewAction)
        .join(Recommendation, ReviewAction.recommendation_id == Recommendation.id)
        .where(Recommendation.review_id == review.id)
    ).all()
    open_actions = [a for a in actions if a.status not in ("completed", "closed", "cancelled")]
    late = [a for a in open_actions if a.due is not None and a.due < as_of]
    as_at = {stage: day for stage, day in events.items() if day <= as_of}
    return ReviewEntry(
        ref=review.ref,
        kind=review.kind,
        pseudonym=review.pseudonym,
        former_pseudonyms=tuple(aliases),
        thematic=review.thematic,
        group=parent.ref if parent is not None else None,
        subjects=review.subjects,
        decision=review.decision,
        events=MappingProxyType(dict(sorted(events.items(), key=lambda item: item[1]))),
        status=year_status(review.kind, as_at, review.decision, start=start, end=end),
        deadlines=deadlines_for(
            review.kind, as_at, today=as_of, decision=review.decision, rulebook=rulebook
        ),
        actions_open=len(open_actions),
        actions_overdue=len(late),
    )


def _kind_years(entries: tuple[ReviewEntry, ...], start: date, end: date) -> tuple[KindYear, ...]:
    years = []
    for kind in REVIEW_KINDS:
        mine = [e for e in entries if e.kind == kind and not e.thematic]
        if not mine:
            continue
        received = [e for e in mine if _within(e.events, "referral", start, end)]
        decided = Counter(
            e.decision for e in mine if e.decision and _within(e.events, "decision", start, end)
        )
        statuses = Counter(e.status for e in mine if e.status)
        years.append(
            KindYear(
                kind=kind,
                received=len(received),
                subjects=sum(e.subjects or 0 for e in received),
                decisions=MappingProxyType({d: decided[d] for d in REVIEW_DECISIONS if decided[d]}),
                statuses=MappingProxyType({s: statuses[s] for s in YEAR_STATUSES if statuses[s]}),
            )
        )
    return tuple(years)
