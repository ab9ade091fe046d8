"""The deadline rulebook of case reviews and action plans, and the deadlines of one review.

A :class:`DeadlineRule` says that, for some kinds of review, the date of one event (a key of
:data:`~saferinsight.records.codes.REVIEW_STAGES`, such as ``referral``) starts a clock that
another event (such as ``notified``) must meet within an amount of working days, calendar days
or calendar months. Each rule cites its source; ``statutory`` is False for a local target. The
rules are data: :data:`RULEBOOK` holds the national timescales and the default local targets,
and a partnership changes its local targets with :meth:`Rulebook.with_local` (from a mapping
read from a file), :meth:`Rulebook.with_rule` and :meth:`Rulebook.without`.

:func:`deadlines_for` applies a rulebook to the dated events of one review; :func:`overdue` and
:func:`due_soon` pick deadlines out of many reviews. Working days and bank holidays come from
:mod:`saferinsight.records.calendar`. Nothing here reads the clock: ``today`` is an argument.

Examples
--------
>>> from datetime import date
>>> found = deadlines_for("rapid-review", {"referral": date(2024, 12, 20)},
...                       today=date(2024, 12, 23))
>>> [(d.rule.key, str(d.due), d.status) for d in found]
[('cspr-notify-panel', '2024-12-31', 'due soon'), ('cspr-rapid-review', '2025-01-15', 'due soon')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol, TypeVar, cast

from saferinsight.errors import OptionError
from saferinsight.records.calendar import add_months, add_working_days, working_days_between
from saferinsight.records.codes import (
    REVIEW_DECISIONS,
    REVIEW_KINDS,
    REVIEW_STAGES,
    review_components,
)

__all__ = [
    "RULEBOOK",
    "RULES",
    "SOON_DAYS",
    "STATUSES",
    "UNITS",
    "DatedReview",
    "Deadline",
    "DeadlineRule",
    "Rulebook",
    "Source",
    "deadlines_for",
    "due_soon",
    "local_rule",
    "overdue",
]

Unit = Literal["working days", "calendar days", "months"]
Status = Literal["met", "met late", "overdue", "due soon", "not due"]

#: The units a timescale can be counted in.
UNITS: tuple[Unit, ...] = ("working days", "calendar days", "months")

#: What a deadline's status can be, with what each means.
STATUSES: Mapping[Status, str] = {
    "met": "the event happened on or before the due date",
    "met late": "the event happened after the due date",
    "overdue": "the event has not happened and the due date has passed",
    "due soon": "the event has not happened and the due date is within the warning period",
    "not due": "the event has not happened and the due date is further away",
}

#: The default warning period of :func:`deadlines_for`: due within 4 weeks is "due soon".
SOON_DAYS = 28

_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """Where a timescale comes from.

    Attributes
    ----------
    document
        The document's title (or ``"Local target"``).
    where
        The chapter, section or paragraph.
    year
        The year of the edition used, if any.
    url
        Where to read it, if published.
    note
        What a reader should know: the exact reading, or what could not be confirmed.
    """

    document: str
    where: str = ""
    year: int | None = None
    url: str | None = None
    note: str = ""

    def citation(self) -> str:
        """One line: document (year), where, url."""
        parts = [f"{self.document} ({self.year})" if self.year else self.document]
        parts += [part for part in (self.where, self.url) if part]
        return ", ".join(parts)


def _refuse(option: str, key: str, problem: str) -> OptionError:
    return OptionError(option, f"of deadline rule {key!r} {problem}")


def _check_codes(option: str, key: str, values: Iterable[str], codes: Mapping[str, str]) -> None:
    for value in values:
        if value not in codes:
            allowed = ", ".join(codes)
            raise _refuse(option, key, f"must be one of {allowed}; not {value!r}.")


@dataclass(frozen=True)
class DeadlineRule:
    """A timescale: for reviews of ``kinds``, event ``ends`` is due ``amount`` ``unit`` after
    event ``starts``.

    Attributes
    ----------
    key
        A stable name, lower-case words joined by hyphens.
    title
        What the deadline is, in a few words for a list.
    kinds
        The review kinds (keys of ``REVIEW_KINDS``) the rule applies to; a joint review gets
        the rules of both its kinds.
    starts, ends
        Keys of ``REVIEW_STAGES``: the event that starts the clock, and the one that meets it.
    amount, unit
        The timescale, in ``"working days"``, ``"calendar days"`` or ``"months"``.
    source
        Where the timescale comes from.
    statutory
        True for a timescale set nationally (statutory guidance); False for a local target.
    decisions
        When given, the rule applies only to a review whose decision (a key of
        ``REVIEW_DECISIONS``) is one of these; a review not yet decided does not get it.
    """

    key: str
    title: str
    kinds: tuple[str, ...]
    starts: str
    ends: str
    amount: int
    unit: Unit
    source: Source
    statutory: bool
    decisions: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise OptionError(
                "key",
                f"of a deadline rule must be lower-case words joined by hyphens, not {self.key!r}.",
            )
        object.__setattr__(self, "kinds", tuple(self.kinds))
        if self.decisions is not None:
            object.__setattr__(self, "decisions", tuple(self.decisions))
        self._check()

    def _check(self) -> None:
        if not self.kinds:
            raise _refuse("kinds", self.key, "must name at least one review kind.")
        _check_codes("kinds", self.key, self.kinds, REVIEW_KINDS)
        _check_codes("starts", self.key, [self.starts], REVIEW_STAGES)
        _check_codes("ends", self.key, [self.ends], REVIEW_STAGES)
        _check_codes("decisions", self.key, self.decisions or (), REVIEW_DECISIONS)
        if self.unit not in UNITS:
            allowed = ", ".join(repr(unit) for unit in UNITS)
            raise _refuse("unit", self.key, f"must be one of {allowed}; not {self.unit!r}.")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise _refuse(
                "amount", self.key, f"must be a whole number, 1 or more, not {self.amount!r}."
            )

    def due(self, start: date) -> date:
        """The due date of a clock started on ``start``.

        Only a working-day timescale skips weekends and bank holidays; a calendar-day or
        month timescale ends on the date it gives, whatever day that is.
        """
        if self.unit == "working days":
            return add_working_days(start, self.amount)
        if self.unit == "calendar days":
            return date.fromordinal(start.toordinal() + self.amount)
        return add_months(start, self.amount)

    def applies_to(self, kind: str, decision: str | None) -> bool:
        """Whether the rule applies to a review of ``kind`` with ``decision``."""
        if not set(review_components(kind)) & set(self.kinds):
            return False
        return self.decisions is None or decision in self.decisions

    @property
    def timescale(self) -> str:
        """The timescale in words, e.g. ``"5 working days"``."""
        unit = self.unit.removesuffix("s") if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


@dataclass(frozen=True)
class Rulebook:
    """An immutable set of deadline rules, at most one per key, in order.

    Examples
    --------
    >>> book = RULEBOOK.with_local([{"key": "asb-decision", "amount": 5,
    ...     "unit": "working days", "starts": "referral", "ends": "decision",
    ...     "kinds": ["asb-case-review"]}])
    >>> book["asb-decision"].timescale, RULEBOOK["asb-decision"].timescale
    ('5 working days', '10 working days')
    >>> "sar-complete" in RULEBOOK.without("sar-complete")
    False
    """

    rules: tuple[DeadlineRule, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(self.rules))
        seen: set[str] = set()
        for rule in self.rules:
            if rule.key in seen:
                raise OptionError("rules", f"name deadline rule {rule.key!r} more than once.")
            seen.add(rule.key)

    def __iter__(self) -> Iterator[DeadlineRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, key: object) -> bool:
        return any(rule.key == key for rule in self.rules)

    def __getitem__(self, key: str) -> DeadlineRule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise self._unknown(key)

    def _unknown(self, key: str) -> OptionError:
        known = ", ".join(rule.key for rule in self.rules)
        return OptionError("key", f"names no deadline rule: {key!r}. The rules are: {known}.")

    def keys(self) -> tuple[str, ...]:
        """The rules' keys, in order."""
        return tuple(rule.key for rule in self.rules)

    def with_rule(self, rule: DeadlineRule) -> Rulebook:
        """A rulebook with ``rule`` added, or in place of the rule with its key."""
        if rule.key in self:
            return Rulebook(tuple(rule if r.key == rule.key else r for r in self.rules))
        return Rulebook((*self.rules, rule))

    def without(self, key: str) -> Rulebook:
        """A rulebook without the rule ``key``."""
        if key not in self:
            raise self._unknown(key)
        return Rulebook(tuple(rule for rule in self.rules if rule.key != key))

    def with_local(self, entries: Iterable[Mapping[str, object]]) -> Rulebook:
        """A rulebook with a local rule (see :func:`local_rule`) added or replaced per entry."""
        book = self
        for entry in entries:
            book = book.with_rule(local_rule(entry))
        return book

    def for_kind(self, kind: str, decision: str | None = None) -> tuple[DeadlineRule, ...]:
        """The rules that apply to a review of ``kind`` (both kinds of a joint review)."""
        _check_kind(kind)
        return tuple(rule for rule in self.rules if rule.applies_to(kind, decision))


def _check_kind(kind: str) -> None:
    if kind not in REVIEW_KINDS:
        raise OptionError("kind", f"must be one of {', '.join(REVIEW_KINDS)}; not {kind!r}.")


_LOCAL_FIELDS = ("key", "amount", "unit", "starts", "ends", "kinds")


def _text(entry: Mapping[str, object], name: str, key: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _refuse(name, key, f"must be given as text, not {value!r}.")
    return value.strip()


def _texts(entry: Mapping[str, object], name: str, key: str) -> tuple[str, ...]:
    value = entry[name]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise _refuse(name, key, f"must be a list of keys, not {value!r}.")
    return tuple(cast("list[str]", values))


def local_rule(entry: Mapping[str, object]) -> DeadlineRule:
    """A local target from simple data, as a partnership's configuration file gives it.

    Parameters
    ----------
    entry
        ``key``, ``amount``, ``unit``, ``starts``, ``ends`` and ``kinds`` (a list of review
        kinds, or one); optionally ``title``, ``decisions`` (a list) and ``source`` (text, such
        as the board minute that set the target).

    Returns
    -------
    DeadlineRule
        The rule, with ``statutory`` False.

    Raises
    ------
    OptionError
        If a field is missing or has a value it cannot take; the message names the field.

    Examples
    --------
    >>> rule = local_rule({"key": "sar-draft", "amount": 4, "unit": "months",
    ...     "starts": "review-started", "ends": "completed", "kinds": "sar"})
    >>> rule.kinds, rule.timescale, rule.statutory
    (('sar',), '4 months', False)
    """
    if not isinstance(entry.get("key"), str):
        raise OptionError("key", "of a local deadline rule is required, as text.")
    key = str(entry["key"])
    for name in _LOCAL_FIELDS:
        if name not in entry:
            raise _refuse(name, key, "is required (key, amount, unit, starts, ends, kinds).")
    decisions = _texts(entry, "decisions", key) if entry.get("decisions") is not None else None
    title = entry.get("title")
    return DeadlineRule(
        key=_text(entry, "key", key),
        title=title if isinstance(title, str) else key.replace("-", " ").capitalize(),
        kinds=_texts(entry, "kinds", key),
        starts=_text(entry, "starts", key),
        ends=_text(entry, "ends", key),
        amount=cast("int", entry["amount"]),
        unit=cast("Unit", entry["unit"]),
        source=Source("Local target", where=str(entry.get("source") or "")),
        statutory=False,
        decisions=decisions,
    )


_WORKING_TOGETHER = "Working Together to Safeguard Children (HM Government statutory guidance)"
_WORKING_TOGETHER_URL = (
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
)
_DHR_GUIDANCE = (
    "Multi-agency Statutory Guidance for the Conduct of Domestic Homicide Reviews (Home Office)"
)
_DHR_GUIDANCE_URL = (
    "https://www.gov.uk/government/publications/"
    "revised-statutory-guidance-for-the-conduct-of-domestic-homicide-reviews"
)
_DHR_EDITION = (
    " The December 2016 edition is used: the Home Office consulted on a revised edition in "
    "May 2024 (draft), whose timescales are not applied here."
)
_CHILD_REVIEWS = ("rapid-review", "lcspr", "national-review")
_PUBLISHED_REVIEWS = ("lcspr", "national-review", "sar", "dhr", "owhr")


def _local(note: str) -> Source:
    return Source("Local target", note=note)


#: The national timescales and the default local targets, in the order a list shows them.
RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        key="cspr-notify-panel",
        title="Notify the Child Safeguarding Practice Review Panel",
        kinds=_CHILD_REVIEWS,
        starts="referral",
        ends="notified",
        amount=5,
        unit="working days",
        source=Source(
            _WORKING_TOGETHER,
            where="Chapter 5, notifying serious child safeguarding incidents to the Panel",
            year=2023,
            url=_WORKING_TOGETHER_URL,
            note="The duty to notify is in the Children Act 2004, s. 16C(1); the guidance says "
            "the local authority should notify within five working days of becoming aware "
            "that the incident has occurred, as does gov.uk's 'Report a serious child "
            "safeguarding incident' (https://www.gov.uk/guidance/"
            "report-a-serious-child-safeguarding-incident).",
        ),
        statutory=True,
    ),
    DeadlineRule(
        key="cspr-rapid-review",
        title="Complete the rapid review and send it to the Panel",
        kinds=_CHILD_REVIEWS,
        starts="referral",
        ends="rapid-review",
        amount=15,
        unit="working days",
        source=Source(
            _WORKING_TOGETHER,
            where="Chapter 5, rapid reviews (undertaken in line with the Panel's guidance)",
            year=2023,
            url=_WORKING_TOGETHER_URL,
            note="The 15 working days are the Child Safeguarding Practice Review Panel's "
            "expectation (https://childsafeguarding.independent-panel.uk/about/faqs/), counted "
            "here from the day the partnership became aware of the incident; some local "
            "procedures count them from the notification.",
        ),
        statutory=True,
    ),
    DeadlineRule(
        key="lcspr-publish",
        title="Publish the local child safeguarding practice review",
        kinds=("lcspr",),
        starts="decision",
        ends="published",
        amount=6,
        unit="months",
        source=Source(
            _WORKING_TOGETHER,
            where="Chapter 5, local child safeguarding practice reviews: the final report",
            year=2023,
            url=_WORKING_TOGETHER_URL,
            note="Six months from the decision to initiate the review (not from the "
            "incident); a delay, for example for criminal proceedings, is explained to the "
            "Panel and the Secretary of State.",
        ),
        statutory=True,
        decisions=("review",),
    ),
    DeadlineRule(
        key="dhr-decision",
        title="Decide whether to hold a domestic homicide review",
        kinds=("dhr",),
        starts="referral",
        ends="decision",
        amount=1,
        unit="months",
        source=Source(
            _DHR_GUIDANCE,
            where="the decision to conduct a review",
            year=2016,
            url=_DHR_GUIDANCE_URL,
            note="The Community Safety Partnership decides within one month of being notified "
            "of the death." + _DHR_EDITION,
        ),
        statutory=True,
    ),
    DeadlineRule(
        key="dhr-inform-home-office",
        title="Tell the Home Office of the decision",
        kinds=("dhr",),
        starts="decision",
        ends="notified",
        amount=5,
        unit="working days",
        source=_local(
            "The 2016 DHR statutory guidance asks the partnership to tell the Home Office of "
            "its decision, whether or not a review is held; the 5 working days are a local "
            "target, not a national timescale."
        ),
        statutory=False,
    ),
    DeadlineRule(
        key="dhr-complete",
        title="Complete the domestic homicide review",
        kinds=("dhr",),
        starts="decision",
        ends="completed",
        amount=6,
        unit="months",
        source=Source(
            _DHR_GUIDANCE,
            where="timescales for completing the review",
            year=2016,
            url=_DHR_GUIDANCE_URL,
            note="The review and its overview report are to be completed within six months "
            "of the decision to hold it." + _DHR_EDITION,
        ),
        statutory=True,
        decisions=("review",),
    ),
    DeadlineRule(
        key="owhr-decision",
        title="Decide whether to hold an offensive weapon homicide review",
        kinds=("owhr",),
        starts="referral",
        ends="decision",
        amount=1,
        unit="months",
        source=_local(
            "The Offensive Weapons Homicide Reviews statutory guidance (Home Office, 2023, "
            "updated 2024, pilot areas) was not checked for a timescale; this local target "
            "follows the DHR one."
        ),
        statutory=False,
    ),
    DeadlineRule(
        key="owhr-complete",
        title="Complete the offensive weapon homicide review",
        kinds=("owhr",),
        starts="decision",
        ends="completed",
        amount=6,
        unit="months",
        source=_local(
            "No national timescale confirmed (see owhr-decision); this local target follows "
            "the DHR one."
        ),
        statutory=False,
        decisions=("review",),
    ),
    DeadlineRule(
        key="sar-complete",
        title="Complete the safeguarding adult review",
        kinds=("sar",),
        starts="decision",
        ends="completed",
        amount=6,
        unit="months",
        source=_local(
            "The Care and support statutory guidance (chapter 14) asks for completion within a "
            "reasonable period; six months is a local target."
        ),
        statutory=False,
        decisions=("review",),
    ),
    DeadlineRule(
        key="asb-decision",
        title="Decide whether the ASB case review threshold is met",
        kinds=("asb-case-review",),
        starts="referral",
        ends="decision",
        amount=10,
        unit="working days",
        source=_local(
            "No national timescale: the Anti-social Behaviour, Crime and Policing Act 2014 "
            "(s. 104 and Schedule 4) and the Home Office statutory guidance for frontline "
            "professionals leave the response times to the local published procedure."
        ),
        statutory=False,
    ),
    DeadlineRule(
        key="asb-outcome",
        title="Give the applicant the outcome of the ASB case review",
        kinds=("asb-case-review",),
        starts="referral",
        ends="outcome",
        amount=25,
        unit="working days",
        source=_local("No national timescale (see asb-decision)."),
        statutory=False,
        decisions=("review", "action-plan"),
    ),
    DeadlineRule(
        key="action-plan-closed",
        title="Close the review's action plan",
        kinds=_PUBLISHED_REVIEWS,
        starts="published",
        ends="action-plan-closed",
        amount=3,
        unit="months",
        source=_local(
            "The seed reports' target: action plans closed within three months of publication."
        ),
        statutory=False,
    ),
)

#: The default rulebook: :data:`RULES`.
RULEBOOK = Rulebook(RULES)


@dataclass(frozen=True)
class Deadline:
    """One rule applied to one review: when the clock started, when the event is due, whether
    it happened.

    Attributes
    ----------
    rule
        The rule.
    start, due
        The date of the starting event, and the due date.
    met
        The date of the event that meets the deadline, or None if it has not happened.
    status
        One of :data:`STATUSES`.
    days_late
        For "met late" and "overdue": how late, in :attr:`day_unit`; otherwise None.
    days_left
        For "due soon" and "not due": how long until the due date (0 on the day), in
        :attr:`day_unit`; otherwise None.
    """

    rule: DeadlineRule
    start: date
    due: date
    met: date | None
    status: Status
    days_late: int | None = None
    days_left: int | None = None

    @property
    def day_unit(self) -> str:
        """What ``days_late`` and ``days_left`` count: working days for a working-day rule,
        calendar days for the others."""
        return "working days" if self.rule.unit == "working days" else "calendar days"


def _count(rule: DeadlineRule, start: date, end: date) -> int:
    if rule.unit == "working days":
        return working_days_between(start, end)
    return (end - start).days


def _assess(rule: DeadlineRule, start: date, met: date | None, today: date, soon: int) -> Deadline:
    due = rule.due(start)
    if met is not None:
        if met <= due:
            return Deadline(rule, start, due, met, "met")
        return Deadline(rule, start, due, met, "met late", days_late=_count(rule, due, met))
    if today > due:
        return Deadline(rule, start, due, None, "overdue", days_late=_count(rule, due, today))
    status: Status = "due soon" if (due - today).days <= soon else "not due"
    return Deadline(rule, start, due, None, status, days_left=_count(rule, today, due))


def deadlines_for(
    kind: str,
    events: Mapping[str, date],
    *,
    today: date,
    decision: str | None = None,
    rulebook: Rulebook = RULEBOOK,
    soon: int = SOON_DAYS,
) -> tuple[Deadline, ...]:
    """The deadlines of one review: every rule of its kind whose starting event has happened.

    Parameters
    ----------
    kind
        The review's kind (a key of ``REVIEW_KINDS``); a joint kind gets both kinds' rules.
    events
        Stage key -> the date it happened, for the events that have happened.
    today
        The date to judge "overdue" and "due soon" against (from the caller's clock).
    decision
        The review's decision (a key of ``REVIEW_DECISIONS``), if taken; rules with a
        condition on the decision apply only when it holds.
    rulebook
        The rules to apply; :data:`RULEBOOK` by default.
    soon
        Calendar days: a deadline due within this many days of ``today`` is "due soon".

    Returns
    -------
    tuple of Deadline
        In the rulebook's order.

    Raises
    ------
    OptionError
        If ``kind``, ``decision``, an event key or ``soon`` is not one the rules know.

    Examples
    --------
    >>> events = {"referral": date(2025, 4, 14), "notified": date(2025, 4, 22)}
    >>> [(d.rule.key, d.status, d.days_late) for d in
    ...  deadlines_for("lcspr", events, today=date(2025, 5, 30))]
    [('cspr-notify-panel', 'met', None), ('cspr-rapid-review', 'overdue', 15)]
    """
    _check_inputs(kind, events, decision, soon)
    return tuple(
        _assess(rule, events[rule.starts], events.get(rule.ends), today, soon)
        for rule in rulebook.for_kind(kind, decision)
        if rule.starts in events
    )


def _check_inputs(kind: str, events: Mapping[str, date], decision: str | None, soon: int) -> None:
    _check_kind(kind)
    for stage in events:
        if stage not in REVIEW_STAGES:
            raise OptionError(
                "events",
                f"must be keyed by review stages ({', '.join(REVIEW_STAGES)}); not {stage!r}.",
            )
    if decision is not None and decision not in REVIEW_DECISIONS:
        allowed = ", ".join(REVIEW_DECISIONS)
        raise OptionError("decision", f"must be one of {allowed}; not {decision!r}.")
    if soon < 0:
        raise OptionError("soon", f"must be a number of days, 0 or more, not {soon}.")


class DatedReview(Protocol):
    """What :func:`overdue` and :func:`due_soon` read of a review."""

    @property
    def kind(self) -> str:
        """A key of ``REVIEW_KINDS``."""
        ...

    @property
    def events(self) -> Mapping[str, date]:
        """Stage key -> the date it happened."""
        ...

    @property
    def decision(self) -> str | None:
        """A key of ``REVIEW_DECISIONS``, or None."""
        ...


_R = TypeVar("_R", bound=DatedReview)


def _pick(
    reviews: Iterable[_R], statuses: tuple[Status, ...], today: date, rulebook: Rulebook, soon: int
) -> tuple[tuple[_R, Deadline], ...]:
    found = [
        (review, deadline)
        for review in reviews
        for deadline in deadlines_for(
            review.kind,
            review.events,
            today=today,
            decision=review.decision,
            rulebook=rulebook,
            soon=soon,
        )
        if deadline.status in statuses
    ]
    return tuple(sorted(found, key=lambda pair: pair[1].due))


def overdue(
    reviews: Iterable[_R], *, today: date, rulebook: Rulebook = RULEBOOK
) -> tuple[tuple[_R, Deadline], ...]:
    """Every overdue deadline of many reviews, as (review, deadline) pairs, oldest due first.

    Examples
    --------
    >>> from types import SimpleNamespace as Review
    >>> late = Review(kind="dhr", events={"referral": date(2025, 1, 6)}, decision=None)
    >>> [(d.rule.key, str(d.due)) for _, d in overdue([late], today=date(2025, 3, 3))]
    [('dhr-decision', '2025-02-06')]
    """
    return _pick(reviews, ("overdue",), today, rulebook, SOON_DAYS)


def due_soon(
    reviews: Iterable[_R], *, today: date, rulebook: Rulebook = RULEBOOK, soon: int = SOON_DAYS
) -> tuple[tuple[_R, Deadline], ...]:
    """Every deadline of many reviews due within ``soon`` days, soonest first.

    Examples
    --------
    >>> from types import SimpleNamespace as Review
    >>> new = Review(kind="dhr", events={"referral": date(2025, 1, 6)}, decision=None)
    >>> [(d.rule.key, d.days_left) for _, d in due_soon([new], today=date(2025, 1, 27))]
    [('dhr-decision', 10)]
    """
    return _pick(reviews, ("due soon",), today, rulebook, soon)
