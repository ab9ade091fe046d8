"""The records service on SQLite and PostgreSQL: values, references, history, conflicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from saferinsight.errors import RecordConflictError, RecordNotFoundError, RecordValueError
from saferinsight.records import database
from saferinsight.records.service import Records


def _structure(records: Records) -> None:
    records.add("partnership", {"key": "sscp", "name": "Shropshire SCP", "kind": "joint"})
    records.add(
        "body",
        {
            "partnership": "sscp",
            "key": "csp",
            "name": "Community Safety Partnership",
            "kind": "board",
            "valid_from": "2024-07-01",
        },
    )


def test_values_are_converted_and_references_shown_by_key(records: Records) -> None:
    _structure(records)
    review = records.add(
        "review",
        {
            "partnership": "sscp",
            "ref": "dhr-mr-c",
            "kind": "Domestic Homicide Review",
            "pseudonym": "Mr C",
            "body": "csp",
        },
    )
    event = records.add(
        "review-event", {"review": "dhr-mr-c", "stage": "published", "dated": "14/03/2025"}
    )
    assert review.values["kind"] == "dhr"
    assert review.values["body"] == "csp"
    assert event.values == {
        "review": "dhr-mr-c",
        "stage": "published",
        "dated": date(2025, 3, 14),
        "notes": None,
    }
    assert [r.label for r in records.list("review-event", where={"review": "dhr-mr-c"})] == [
        "published"
    ]
    budget = records.add(
        "budget-year", {"partnership": "sscp", "year": "2024-25", "share_decimals": 2}
    )
    amount = records.add(
        "contribution", {"budget_year": budget.id, "contributor": "Probation", "amount": "£869.33"}
    )
    assert budget.values["year"] == "2024/25"
    assert amount.values["amount"] == Decimal("869.33")


def test_every_problem_is_listed_and_nothing_is_saved(records: Records) -> None:
    _structure(records)
    with pytest.raises(RecordValueError) as caught:
        records.add(
            "review",
            {"partnership": "nowhere", "kind": "inquest", "on": "x", "subject_sex": "F"},
        )
    problems = caught.value.problems
    assert any(p.startswith("partnership: There is no partnership") for p in problems)
    assert any(
        p.startswith("kind: 'inquest' is not one of the codes; give one of") for p in problems
    )
    assert any("has no field 'on'" in p for p in problems)
    assert any(p.startswith("ref: required") for p in problems)
    assert any(p.startswith("pseudonym: required") for p in problems)
    assert records.list("review") == ()
    assert [c.kind for c in records.history()] == ["body", "partnership"]


def test_an_action_closes_only_with_evidence(records: Records) -> None:
    _structure(records)
    records.add(
        "review", {"partnership": "sscp", "ref": "sar-arthur", "kind": "sar", "pseudonym": "Arthur"}
    )
    rec = records.add("recommendation", {"review": "sar-arthur", "text": "Share information"})
    action = records.add(
        "review-action", {"recommendation": rec.id, "text": "Audit", "due": "2025-01-31"}
    )
    with pytest.raises(RecordValueError, match="only with its evidence of impact"):
        records.update("review-action", action.id, {"status": "closed"})
    assert records.get("review-action", action.id).values["status"] == "open"
    closed = records.update(
        "review-action", action.id, {"status": "closed", "evidence": "Re-audit: 9 of 10 cases"}
    )
    assert closed.values["status"] == "closed"
    assert closed.version == 2


def test_history_keeps_before_and_after_of_updates_and_deletes(records: Records) -> None:
    _structure(records)
    records.update("body", "csp", {"chair": "George Branch", "meeting_frequency": "bi-monthly"})
    deleted = records.delete("body", "csp", version=2)
    history = records.history(kind="body", ident=deleted.id)
    assert [c.action for c in history] == ["delete", "update", "add"]
    delete, update, add = history
    assert delete.after is None
    assert delete.before is not None
    assert delete.before["chair"] == "George Branch"
    assert update.changes == (
        ("chair", None, "George Branch"),
        ("meeting_frequency", None, "bi-monthly"),
    )
    assert update.before is not None
    assert update.before["version"] == 1
    assert update.after is not None
    assert update.after["version"] == 2
    assert {c.actor for c in history} == {"alice"}
    assert add.at.isoformat() == "2025-03-31T09:30:00"
    with pytest.raises(RecordNotFoundError, match="no body with id or key 'csp'"):
        records.get("body", "csp")


def test_the_history_cannot_be_changed_or_deleted(records: Records) -> None:
    _structure(records)
    engine = database.ready_engine(records.url)
    for statement in ("UPDATE history SET actor = 'mallory'", "DELETE FROM history"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert len(records.history()) == 2


def test_a_change_based_on_an_old_version_is_refused(records: Records) -> None:
    _structure(records)
    bob = Records(records.workspace, actor="bob")
    bob.update("body", "csp", {"chair": "Bob's choice"}, version=1)
    with pytest.raises(RecordConflictError) as caught:
        records.update("body", "csp", {"chair": "Alice's choice"}, version=1)
    message = str(caught.value)
    assert "was changed by bob at 2025-03-31 09:30 since you read it" in message
    assert "you had version 1; it is now version 2" in message
    assert caught.value.hint is not None
    assert caught.value.hint.action == "reload-record"
    assert records.get("body", "csp").values["chair"] == "Bob's choice"


def test_duplicate_keys_and_references_in_use_are_clear_errors(records: Records) -> None:
    _structure(records)
    with pytest.raises(RecordValueError, match="another record already has this key"):
        records.add("partnership", {"key": "sscp", "name": "Again", "kind": "csp"})
    with pytest.raises(RecordNotFoundError, match="no kind of record called 'meeting'"):
        records.list("meeting")


def test_reading_confidential_records_is_logged(records: Records) -> None:
    _structure(records)
    records.add(
        "review", {"partnership": "sscp", "ref": "dhr-x", "kind": "dhr", "pseudonym": "Ms X"}
    )
    records.get("body", "csp")  # not confidential: not logged
    bob = Records(records.workspace, actor="bob")
    bob.get("review", "dhr-x")
    bob.list("review-event", where={"review": "dhr-x"})
    log = records.access_log()
    assert [(a.actor, a.action, a.kind, a.detail) for a in log] == [
        ("bob", "list", "review-event", "review=dhr-x"),
        ("bob", "view", "review", "dhr-x"),
    ]
    engine = database.ready_engine(records.url)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log"))
