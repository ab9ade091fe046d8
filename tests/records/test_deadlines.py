"""The deadline rulebook: each rule's due dates around bank holidays, statuses, joint reviews,
local rules.

Every due date below was counted by hand on a calendar of gov.uk's bank holidays; "WD n" notes
give the count where holidays intervene.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferinsight.errors import OptionError
from saferinsight.records.calendar import add_working_days, is_working_day
from saferinsight.records.codes import REVIEW_KINDS, review_components
from saferinsight.records.deadlines import (
    RULEBOOK,
    RULES,
    Deadline,
    DeadlineRule,
    Rulebook,
    Source,
    deadlines_for,
    due_soon,
    local_rule,
    overdue,
)

D = date

#: Start date -> due date for a 5-working-day timescale.
FIVE_WORKING_DAYS = [
    (D(2024, 12, 20), D(2024, 12, 31)),  # Friday before Christmas: 23, 24, 27, 30, 31
    (D(2022, 12, 22), D(2023, 1, 3)),  # Christmas substitute 27 Dec, New Year substitute 2 Jan
    (D(2021, 12, 24), D(2022, 1, 5)),  # substitutes 27, 28 Dec and 3 Jan
    (D(2024, 12, 31), D(2025, 1, 8)),  # New Year's Day
    (D(2024, 3, 28), D(2024, 4, 8)),  # Good Friday 29 Mar, Easter Monday 1 Apr
    (D(2025, 4, 17), D(2025, 4, 28)),  # Good Friday 18 Apr, Easter Monday 21 Apr
    (D(2025, 5, 2), D(2025, 5, 12)),  # early May bank holiday 5 May
    (D(2024, 5, 24), D(2024, 6, 3)),  # spring bank holiday 27 May
    (D(2023, 5, 5), D(2023, 5, 15)),  # the Coronation 8 May
    (D(2025, 3, 1), D(2025, 3, 7)),  # a Saturday: Monday is day 1
    (D(2025, 3, 2), D(2025, 3, 7)),  # a Sunday
]

TEN_WORKING_DAYS = [
    (D(2024, 12, 20), D(2025, 1, 8)),
    (D(2022, 12, 22), D(2023, 1, 10)),
    (D(2025, 4, 17), D(2025, 5, 6)),  # Easter, then the early May bank holiday
    (D(2024, 3, 28), D(2024, 4, 15)),
    (D(2024, 5, 24), D(2024, 6, 10)),
    (D(2025, 3, 2), D(2025, 3, 14)),  # a Sunday
]

FIFTEEN_WORKING_DAYS = [
    (D(2024, 12, 20), D(2025, 1, 15)),
    (D(2022, 12, 22), D(2023, 1, 17)),
    (D(2022, 12, 30), D(2023, 1, 23)),  # New Year substitute day 2 Jan
    (D(2024, 3, 28), D(2024, 4, 22)),
    (D(2025, 4, 14), D(2025, 5, 8)),  # Good Friday, Easter Monday, early May
    (D(2025, 5, 16), D(2025, 6, 9)),  # spring bank holiday 26 May
    (D(2025, 3, 1), D(2025, 3, 21)),  # a Saturday
]

TWENTY_FIVE_WORKING_DAYS = [
    (D(2024, 12, 20), D(2025, 1, 29)),
    (D(2022, 12, 22), D(2023, 1, 31)),
    (D(2025, 4, 14), D(2025, 5, 22)),
    (D(2024, 3, 28), D(2024, 5, 7)),  # Easter and early May (6 May 2024)
    (D(2025, 3, 1), D(2025, 4, 4)),
]

#: Calendar months ignore bank holidays: a due date may fall on one, or on a weekend.
ONE_MONTH = [
    (D(2024, 12, 25), D(2025, 1, 25)),
    (D(2024, 11, 26), D(2024, 12, 26)),  # due on Boxing Day
    (D(2024, 12, 1), D(2025, 1, 1)),  # due on New Year's Day
    (D(2025, 1, 31), D(2025, 2, 28)),  # end-of-month clamping
    (D(2024, 1, 31), D(2024, 2, 29)),  # leap year
    (D(2025, 4, 18), D(2025, 5, 18)),  # from Good Friday to a Sunday
    (D(2024, 3, 31), D(2024, 4, 30)),  # from Easter Sunday
    (D(2025, 4, 26), D(2025, 5, 26)),  # due on the spring bank holiday
]

THREE_MONTHS = [
    (D(2024, 9, 26), D(2024, 12, 26)),
    (D(2024, 10, 1), D(2025, 1, 1)),
    (D(2024, 11, 30), D(2025, 2, 28)),
    (D(2025, 1, 18), D(2025, 4, 18)),  # a Saturday start, due on Good Friday
    (D(2025, 2, 5), D(2025, 5, 5)),  # due on the early May bank holiday
    (D(2024, 5, 31), D(2024, 8, 31)),
]

SIX_MONTHS = [
    (D(2024, 6, 25), D(2024, 12, 25)),
    (D(2024, 7, 1), D(2025, 1, 1)),
    (D(2024, 8, 31), D(2025, 2, 28)),
    (D(2023, 8, 31), D(2024, 2, 29)),
    (D(2024, 10, 18), D(2025, 4, 18)),  # Good Friday
    (D(2024, 12, 31), D(2025, 6, 30)),
    (D(2023, 11, 5), D(2024, 5, 5)),  # a Sunday
]

CASES = {
    "cspr-notify-panel": FIVE_WORKING_DAYS,
    "cspr-rapid-review": FIFTEEN_WORKING_DAYS,
    "lcspr-publish": SIX_MONTHS,
    "dhr-decision": ONE_MONTH,
    "dhr-inform-home-office": FIVE_WORKING_DAYS,
    "dhr-complete": SIX_MONTHS,
    "owhr-decision": ONE_MONTH,
    "owhr-complete": SIX_MONTHS,
    "sar-complete": SIX_MONTHS,
    "asb-decision": TEN_WORKING_DAYS,
    "asb-outcome": TWENTY_FIVE_WORKING_DAYS,
    "action-plan-closed": THREE_MONTHS,
}


def test_every_rule_has_bank_holiday_cases() -> None:
    assert set(CASES) == set(RULEBOOK.keys())


def _deadline(rule: DeadlineRule, kind: str, events: dict[str, date], today: date) -> Deadline:
    decision = rule.decisions[0] if rule.decisions else None
    found = deadlines_for(kind, events, today=today, decision=decision)
    (deadline,) = [d for d in found if d.rule.key == rule.key]
    return deadline


@pytest.mark.parametrize(
    ("key", "start", "due"),
    [(key, start, due) for key, cases in CASES.items() for start, due in cases],
)
def test_due_dates_around_bank_holidays(key: str, start: date, due: date) -> None:
    rule = RULEBOOK[key]
    for kind in rule.kinds:
        deadline = _deadline(rule, kind, {rule.starts: start}, today=start)
        assert (deadline.start, deadline.due, deadline.met) == (start, due, None)


@pytest.mark.parametrize("key", sorted(CASES))
def test_met_on_the_due_day_and_a_day_late(key: str) -> None:
    rule = RULEBOOK[key]
    start, due = CASES[key][0]
    on_time = _deadline(rule, rule.kinds[0], {rule.starts: start, rule.ends: due}, today=due)
    assert (on_time.status, on_time.days_late, on_time.days_left) == ("met", None, None)
    late = due + timedelta(days=1)
    while rule.unit == "working days" and not is_working_day(late):
        late += timedelta(days=1)
    late_one = _deadline(rule, rule.kinds[0], {rule.starts: start, rule.ends: late}, today=late)
    assert (late_one.status, late_one.days_late) == ("met late", 1)


# Notification: referral Monday 3 March 2025, due Monday 10 March 2025.
REFERRAL = {"referral": D(2025, 3, 3)}


def _notify(today: date, **events: date) -> Deadline:
    found = deadlines_for("rapid-review", {**REFERRAL, **events}, today=today)
    return found[0]


def test_a_working_day_rule_counts_late_and_left_in_working_days() -> None:
    assert _notify(D(2025, 3, 3)).days_left == 5
    assert _notify(D(2025, 3, 7)).days_left == 1
    late = _notify(D(2025, 3, 17), notified=D(2025, 3, 15))  # a Saturday: 11-14 March
    assert (late.status, late.days_late, late.day_unit) == ("met late", 4, "working days")


@pytest.mark.parametrize(
    ("today", "status", "late", "left"),
    [
        (D(2025, 3, 3), "due soon", None, 5),
        (D(2025, 3, 10), "due soon", None, 0),  # due today
        (D(2025, 3, 11), "overdue", 1, None),
        (D(2025, 3, 15), "overdue", 4, None),  # Saturday: still 4 working days late
        (D(2025, 3, 17), "overdue", 5, None),
    ],
)
def test_status_of_an_open_working_day_deadline(
    today: date, status: str, late: int | None, left: int | None
) -> None:
    deadline = _notify(today)
    assert (deadline.status, deadline.days_late, deadline.days_left) == (status, late, left)


def test_met_before_the_clock_started_counts_as_met() -> None:
    assert _notify(D(2025, 4, 1), notified=D(2025, 3, 1)).status == "met"


@pytest.mark.parametrize(
    ("today", "soon", "status", "left"),
    [
        (D(2025, 1, 9), 28, "due soon", 28),  # exactly 28 calendar days before the due date
        (D(2025, 1, 8), 28, "not due", 29),
        (D(2025, 2, 6), 0, "due soon", 0),
        (D(2025, 2, 5), 0, "not due", 1),
        (D(2025, 1, 8), 29, "due soon", 29),
    ],
)
def test_due_soon_boundary(today: date, soon: int, status: str, left: int) -> None:
    # DHR decision: referral 6 January 2025, due 6 February 2025
    (deadline,) = deadlines_for("dhr", {"referral": D(2025, 1, 6)}, today=today, soon=soon)
    assert deadline.due == D(2025, 2, 6)
    assert (deadline.status, deadline.days_left, deadline.day_unit) == (
        status,
        left,
        "calendar days",
    )


def test_a_month_rule_counts_late_in_calendar_days() -> None:
    (deadline,) = deadlines_for("dhr", {"referral": D(2025, 1, 6)}, today=D(2025, 3, 1))
    assert (deadline.status, deadline.days_late) == ("overdue", 23)


def test_no_start_event_gives_no_deadline() -> None:
    assert deadlines_for("dhr", {}, today=D(2025, 1, 1)) == ()
    assert deadlines_for("rapid-review", {"notified": D(2025, 1, 2)}, today=D(2025, 1, 3)) == ()


def _keys(kind: str, events: dict[str, date], decision: str | None = None) -> list[str]:
    found = deadlines_for(kind, events, today=D(2025, 6, 1), decision=decision)
    return [deadline.rule.key for deadline in found]


ALL_EVENTS = {"referral": D(2024, 1, 8), "decision": D(2024, 2, 1), "published": D(2024, 9, 2)}


def test_a_condition_on_the_decision() -> None:
    undecided = ["dhr-decision", "dhr-inform-home-office", "action-plan-closed"]
    assert _keys("dhr", ALL_EVENTS) == undecided
    assert _keys("dhr", ALL_EVENTS, "no-review") == undecided
    assert _keys("dhr", ALL_EVENTS, "review") == [
        "dhr-decision",
        "dhr-inform-home-office",
        "dhr-complete",
        "action-plan-closed",
    ]
    assert _keys("asb-case-review", ALL_EVENTS, "not-progressed") == ["asb-decision"]
    assert _keys("asb-case-review", ALL_EVENTS, "action-plan") == ["asb-decision", "asb-outcome"]


def test_joint_kinds_get_both_kinds_rules_once() -> None:
    assert _keys("joint-sar-dhr", ALL_EVENTS, "review") == [
        "dhr-decision",
        "dhr-inform-home-office",
        "dhr-complete",
        "sar-complete",
        "action-plan-closed",
    ]
    assert _keys("joint-lcspr-sar", ALL_EVENTS, "review") == [
        "cspr-notify-panel",
        "cspr-rapid-review",
        "lcspr-publish",
        "sar-complete",
        "action-plan-closed",
    ]


def test_every_kind_has_a_rule() -> None:
    for kind in REVIEW_KINDS:
        assert RULEBOOK.for_kind(kind, "review"), kind
        components = set(review_components(kind))
        assert all(components & set(rule.kinds) for rule in RULEBOOK.for_kind(kind, "review"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: _keys("serious-case-review", {}), "kind must be one of rapid-review, lcspr"),
        (lambda: _keys("dhr", {"started": D(2025, 1, 1)}), "events must be keyed by review"),
        (lambda: _keys("dhr", {}, "maybe"), "decision must be one of review"),
        (
            lambda: deadlines_for("dhr", {}, today=D(2025, 1, 1), soon=-1),
            "soon must be a number of days, 0 or more, not -1.",
        ),
    ],
)
def test_bad_input_is_refused_with_what_is_allowed(call: object, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        call()  # type: ignore[operator]


def test_the_statutory_rules_cite_a_published_source() -> None:
    statutory = {rule.key for rule in RULES if rule.statutory}
    assert statutory == {
        "cspr-notify-panel",
        "cspr-rapid-review",
        "lcspr-publish",
        "dhr-decision",
        "dhr-complete",
    }
    for rule in RULES:
        if rule.statutory:
            assert str(rule.source.url).startswith("https://www.gov.uk/")
            assert rule.source.year
            assert rule.source.where
            assert rule.source.note
        else:
            assert rule.source.document == "Local target"
            assert rule.source.note


def test_citation_and_timescale_in_words() -> None:
    rule = RULEBOOK["dhr-decision"]
    assert rule.timescale == "1 month"
    assert RULEBOOK["cspr-rapid-review"].timescale == "15 working days"
    assert rule.source.citation().startswith(
        "Multi-agency Statutory Guidance for the Conduct of Domestic Homicide Reviews "
        "(Home Office) (2016), the decision to conduct a review, https://www.gov.uk/"
    )
    assert Source("Local target").citation() == "Local target"


def test_rulebook_is_immutable_and_changes_by_copy() -> None:
    shorter = RULEBOOK.with_rule(dataclasses.replace(RULEBOOK["asb-decision"], amount=5))
    assert shorter["asb-decision"].amount == 5
    assert RULEBOOK["asb-decision"].amount == 10
    assert shorter.keys() == RULEBOOK.keys()
    assert "sar-complete" not in RULEBOOK.without("sar-complete")
    assert len(RULEBOOK.without("sar-complete")) == len(RULEBOOK) - 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULEBOOK.rules = ()  # type: ignore[misc]


def test_rulebook_refuses_unknown_and_repeated_keys() -> None:
    with pytest.raises(OptionError, match=r"key names no deadline rule: 'nope'\. The rules are: "):
        RULEBOOK.without("nope")
    with pytest.raises(OptionError, match="key names no deadline rule"):
        RULEBOOK["nope"]
    with pytest.raises(OptionError, match="name deadline rule 'sar-complete' more than once"):
        Rulebook([*RULES, RULEBOOK["sar-complete"]])


LOCAL = {
    "key": "sar-draft",
    "amount": 4,
    "unit": "months",
    "starts": "review-started",
    "ends": "completed",
    "kinds": ["sar"],
}


def test_local_rules_from_simple_data() -> None:
    asb = {"key": "asb-decision", "amount": 5, "unit": "working days", "starts": "referral"}
    book = RULEBOOK.with_local([LOCAL, {**asb, "ends": "decision", "kinds": "asb-case-review"}])
    rule = book["sar-draft"]
    assert (rule.title, rule.statutory, rule.source.document) == (
        "Sar draft",
        False,
        "Local target",
    )
    assert book.keys()[-1] == "sar-draft"
    assert book["asb-decision"].amount == 5
    (deadline,) = deadlines_for(
        "sar", {"review-started": D(2024, 10, 31)}, today=D(2024, 11, 1), rulebook=book
    )
    assert deadline.due == D(2025, 2, 28)


def test_a_local_rule_with_a_condition_and_a_source() -> None:
    rule = local_rule({**LOCAL, "decisions": ["review"], "source": "Board minute 12/2024"})
    assert rule.decisions == ("review",)
    assert rule.source.citation() == "Local target, Board minute 12/2024"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": None}, "key of a local deadline rule is required"),
        ({"key": "Sar Draft"}, "key of a deadline rule must be lower-case words"),
        ({"amount": "4"}, "amount of deadline rule 'sar-draft' must be a whole number, 1 or"),
        ({"amount": 0}, "amount of deadline rule 'sar-draft' must be a whole number"),
        ({"amount": True}, "amount of deadline rule 'sar-draft' must be a whole number"),
        ({"unit": "weeks"}, "unit of deadline rule 'sar-draft' must be one of 'working days'"),
        ({"starts": "begun"}, "starts of deadline rule 'sar-draft' must be one of referral"),
        ({"ends": ""}, "ends of deadline rule 'sar-draft' must be given as text"),
        ({"kinds": ["scr"]}, "kinds of deadline rule 'sar-draft' must be one of rapid-review"),
        ({"kinds": []}, "kinds of deadline rule 'sar-draft' must name at least one"),
        ({"kinds": 3}, "kinds of deadline rule 'sar-draft' must be a list of keys, not 3"),
        ({"decisions": ["yes"]}, "decisions of deadline rule 'sar-draft' must be one of"),
    ],
)
def test_a_bad_local_rule_is_refused_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(OptionError, match=message):
        local_rule({**LOCAL, **change})


def test_a_local_rule_without_a_field_is_refused() -> None:
    entry = {name: value for name, value in LOCAL.items() if name != "ends"}
    with pytest.raises(OptionError, match="ends of deadline rule 'sar-draft' is required"):
        local_rule(entry)


def test_overdue_and_due_soon_over_many_reviews() -> None:
    today = D(2025, 3, 3)
    late = SimpleNamespace(kind="dhr", events={"referral": D(2025, 1, 6)}, decision=None)
    later = SimpleNamespace(kind="dhr", events={"referral": D(2024, 12, 2)}, decision=None)
    fresh = SimpleNamespace(kind="rapid-review", events={"referral": D(2025, 2, 28)}, decision=None)
    done = SimpleNamespace(
        kind="dhr",
        events={"referral": D(2024, 12, 2), "decision": D(2024, 12, 20)},
        decision="no-review",
    )
    found = overdue([late, fresh, later, done], today=today)
    assert [(review, d.rule.key, d.due) for review, d in found] == [
        (done, "dhr-inform-home-office", D(2024, 12, 31)),  # 23, 24, 27, 30, 31 December
        (later, "dhr-decision", D(2025, 1, 2)),
        (late, "dhr-decision", D(2025, 2, 6)),
    ]
    soon = due_soon([late, fresh, done], today=today)
    assert [(review, d.rule.key, d.days_left) for review, d in soon] == [
        (fresh, "cspr-notify-panel", 4),
        (fresh, "cspr-rapid-review", 14),
    ]
    assert due_soon([fresh], today=today, soon=7)[0][1].rule.key == "cspr-notify-panel"
    assert len(due_soon([fresh], today=today, soon=7)) == 1


working_day_rules = [rule for rule in RULES if rule.unit == "working days"]


@given(
    st.sampled_from(working_day_rules),
    st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31)),
)
def test_a_working_day_deadline_falls_on_a_working_day(rule: DeadlineRule, start: date) -> None:
    due = rule.due(start)
    assert is_working_day(due)
    assert due == add_working_days(start, rule.amount)
    assert due > start


@given(
    st.sampled_from(RULES),
    st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31)),
    st.integers(min_value=-400, max_value=400),
)
def test_statuses_partition_the_timeline(rule: DeadlineRule, start: date, offset: int) -> None:
    due = rule.due(start)
    today = due + timedelta(days=offset)
    kind = rule.kinds[0]
    deadline = _deadline(rule, kind, {rule.starts: start}, today=today)
    if offset > 0:
        assert deadline.status == "overdue"
        assert deadline.days_late is not None
        assert deadline.days_late >= 0
    else:
        assert deadline.status == ("due soon" if -offset <= 28 else "not due")
        assert deadline.days_left is not None
        assert deadline.days_left >= 0


def test_a_calendar_day_rule_ignores_bank_holidays() -> None:
    rule = local_rule({**LOCAL, "amount": 10, "unit": "calendar days", "starts": "referral"})
    book = Rulebook([rule])
    (deadline,) = deadlines_for(
        "sar", {"referral": D(2024, 12, 20)}, today=D(2025, 1, 2), rulebook=book
    )
    assert (deadline.due, deadline.status, deadline.days_late) == (D(2024, 12, 30), "overdue", 3)
    assert deadline.day_unit == "calendar days"
    assert rule.timescale == "10 calendar days"
    assert local_rule({**LOCAL, "amount": 1, "unit": "calendar days"}).timescale == "1 calendar day"
