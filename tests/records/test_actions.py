"""Actions and commitments by state, owner and agency, with where an overdue one escalates."""

from __future__ import annotations

from datetime import date

import pytest

from saferinsight.errors import OptionError
from saferinsight.records.actions import list_actions
from saferinsight.records.service import Records

TODAY = date(2025, 3, 31)


@pytest.fixture
def with_actions(records: Records) -> Records:
    records.add("partnership", {"key": "p", "name": "P", "kind": "joint"})
    records.add("body", {"partnership": "p", "key": "sgg", "name": "SGG", "kind": "executive"})
    records.add(
        "body",
        {
            "partnership": "p",
            "key": "scr",
            "name": "Case Review Group",
            "kind": "subgroup",
            "reports_to": "sgg",
        },
    )
    records.add(
        "review",
        {"partnership": "p", "ref": "sar-x", "kind": "sar", "pseudonym": "X", "body": "scr"},
    )
    rec = records.add("recommendation", {"review": "sar-x", "text": "Carers' assessments"})
    for text, due, status, agency in [
        ("Audit carers' assessments", "2025-01-31", "open", "Council"),
        ("Train GPs", "2025-04-20", "in-progress", "ICB"),
        ("Revise guidance", "2025-09-30", "open", "Council"),
        ("Briefing", "2024-12-01", "closed", "Council"),
    ]:
        values = {
            "recommendation": rec.id,
            "text": text,
            "due": due,
            "status": status,
            "agency": agency,
            "owner": "Ann",
        }
        if status == "closed":
            values["evidence"] = "Briefing read by 400 staff"
        records.add("review-action", values)
    plan = records.add(
        "action-plan",
        {
            "body": "scr",
            "key": "scr-24",
            "title": "Plan",
            "first_year": "2024/25",
            "last_year": "2024/25",
        },
    )
    records.add(
        "commitment",
        {
            "plan": plan.values["key"],
            "text": "Close plans in 3 months",
            "due": "2025-03-01",
            "status": "at-risk",
            "owner": "Ben",
        },
    )
    return records


def test_overdue_actions_say_how_late_and_where_they_escalate(with_actions: Records) -> None:
    late = list_actions(with_actions, show="overdue", today=TODAY)
    assert [(i.kind, i.text, i.days, i.escalate_to) for i in late] == [
        ("review-action", "Audit carers' assessments", 59, "scr"),
        ("commitment", "Close plans in 3 months", 30, "sgg"),
    ]


def test_due_soon_open_and_filters(with_actions: Records) -> None:
    soon = list_actions(with_actions, show="due-soon", today=TODAY)
    assert [(i.text, i.days) for i in soon] == [("Train GPs", 20)]
    council = list_actions(with_actions, show="open", agency="council", today=TODAY)
    assert [i.text for i in council] == ["Audit carers' assessments", "Revise guidance"]
    assert len(list_actions(with_actions, show="all", today=TODAY)) == 5
    assert [i.text for i in list_actions(with_actions, owner="Ben", today=TODAY)] == [
        "Close plans in 3 months"
    ]


def test_an_unknown_choice_is_an_option_error(with_actions: Records) -> None:
    with pytest.raises(OptionError, match="show must be one of"):
        list_actions(with_actions, show="late")
