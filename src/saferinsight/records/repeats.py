"""Recommendations that case reviews keep making: the same theme, or much the same wording, in
different reviews, grouped so that a board sees it is re-learning a lesson.

Two recommendations of different reviews are the same lesson when their themes match (ignoring
case) or when their wording overlaps: the Jaccard similarity of their content words (lower
case, common words and endings removed) is at least ``threshold``. Groups are the connected sets
of such pairs.

Examples
--------
>>> round(similarity("Share information with the GP promptly",
...                  "Information should be shared promptly with GPs"), 2)
0.75
>>> similarity("Use the neglect screening tool", "Complete a DASH risk assessment")
0.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from saferinsight.errors import OptionError
from saferinsight.records.permissions import can, require
from saferinsight.records.service import find_partnership
from saferinsight.records.tables.reviews import Recommendation, Review, ReviewEvent

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["RepeatedLesson", "repeated_recommendations", "similarity"]

_COMMON = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "when", "who",
     "whom", "which", "that", "this", "these", "those", "be", "is", "are", "was", "were",
     "should", "must", "will", "can", "may", "all", "any", "by", "as", "at", "from", "their",
     "there", "it", "its", "into", "about", "where", "how", "not", "no", "so", "such", "than",
     "then", "also"]
)  # fmt: skip
#: Words are compared by their first letters: a crude stem that matches "share", "shared" and
#: "sharing", or "assess" and "assessment".
_STEM = 5


def _words(text: str) -> frozenset[str]:
    return frozenset(
        word[:_STEM]
        for word in re.findall(r"[a-z]+", text.lower())
        if word not in _COMMON and len(word) >= 3
    )


def similarity(first: str, second: str) -> float:
    """The Jaccard similarity of two texts' content words (0: none shared, 1: the same)."""
    a, b = _words(first), _words(second)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Recommended:
    """One recommendation of a group, with its review."""

    review: str
    pseudonym: str
    ref: str | None
    theme: str | None
    text: str
    made: date | None


@dataclass(frozen=True)
class RepeatedLesson:
    """Recommendations of several reviews that make the same point."""

    themes: tuple[str, ...]
    recommendations: tuple[Recommended, ...]

    @property
    def reviews(self) -> int:
        """How many reviews made it."""
        return len({r.review for r in self.recommendations})

    @property
    def first_made(self) -> date | None:
        """When it was first made (the earliest review's completion or decision)."""
        return min((r.made for r in self.recommendations if r.made), default=None)


def repeated_recommendations(
    records: Records, *, partnership: str | None = None, threshold: float = 0.5
) -> tuple[RepeatedLesson, ...]:
    """Lessons made by more than one review, most reviews first."""
    if not 0 < threshold <= 1:
        raise OptionError("threshold", f"must be above 0 and at most 1, not {threshold}.")
    with records.session(write=True) as session:
        owner = find_partnership(session, partnership)
        require(records.principal, "view-reviews", partnership=owner.key)
        records.note_access(
            session, "recommendation", "repeats", detail=owner.key, partnership=owner.key
        )
        rows = session.execute(
            select(Recommendation, Review)
            .join(Review, Recommendation.review_id == Review.id)
            .where(Review.partnership_id == owner.id)
            .order_by(Recommendation.id)
        ).all()
        dates = session.execute(
            select(ReviewEvent.review_id, ReviewEvent.dated)
            .where(ReviewEvent.stage.in_(("decision", "completed")))
            .order_by(ReviewEvent.dated)
        ).all()
        made: dict[int, date] = dict(reversed(dates))  # the earliest
    items = [
        Recommended(review.ref, review.pseudonym, rec.ref, rec.theme, rec.text, made.get(review.id))
        for rec, review in rows
        if can(records.principal, "view-reviews", partnership=owner.key, review_kind=review.kind)
    ]
    return _group(items, threshold)


def _same(a: Recommended, b: Recommended, threshold: float) -> bool:
    if a.review == b.review:
        return False
    if a.theme and b.theme and a.theme.strip().lower() == b.theme.strip().lower():
        return True
    return similarity(a.text, b.text) >= threshold


def _themes(members: list[Recommended]) -> tuple[str, ...]:
    """The group's themes, each once (as first spelled), ignoring case."""
    seen: dict[str, str] = {}
    for member in members:
        if member.theme:
            seen.setdefault(member.theme.strip().lower(), member.theme.strip())
    return tuple(seen.values())


def _group(items: list[Recommended], threshold: float) -> tuple[RepeatedLesson, ...]:
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(items):
        for j in range(i + 1, len(items)):
            if _same(first, items[j], threshold):
                parent[root(j)] = root(i)
    groups: dict[int, list[Recommended]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    lessons = [
        RepeatedLesson(_themes(members), tuple(members))
        for members in groups.values()
        if len({m.review for m in members}) > 1
    ]
    return tuple(sorted(lessons, key=lambda g: (-g.reviews, g.first_made or date.max)))
