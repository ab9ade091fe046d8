"""The sign-in log and the audit trail: who may read which attempts, names that match no
account masked, and the filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saferinsight.accounts.audit import audit_trail
from saferinsight.accounts.users import NO_ACCOUNT, SIGN_IN_OUTCOMES, Accounts
from saferinsight.clock import FixedClock
from saferinsight.errors import OptionError, PermissionDeniedError
from saferinsight.records.permissions import Grant, Principal
from saferinsight.records.service import Records

PASSWORD = "a long enough pass phrase"
SSCP_ADMIN = Principal("sue", grants=(Grant("sscp", "administrator"),))


@pytest.fixture
def accounts(records: Records) -> Accounts:
    records.add("partnership", {"key": "sscp", "name": "SSCP", "kind": "joint"})
    records.add("partnership", {"key": "twp", "name": "STWP", "kind": "csp"})
    accounts = Accounts(records)
    accounts.add("ann", display_name="Ann", password=PASSWORD, grants={"sscp": "analyst"})
    accounts.add("tom", display_name="Tom", password=PASSWORD, grants={"twp": "analyst"})
    accounts.sign_in("ann", PASSWORD, address="10.0.0.1")
    accounts.sign_in("tom", PASSWORD, address="10.0.0.2")
    accounts.sign_in("tom", "wrong", address="10.0.0.2")
    accounts.sign_in("correct horse battery", "x", address="10.0.0.3")  # a password as a name
    return accounts


def _as(accounts: Accounts, who: Principal) -> Accounts:
    return Accounts(Records(accounts.records.workspace, actor=who.name, principal=who))


def test_the_command_line_sees_every_attempt_and_no_typed_unknown_name(
    accounts: Accounts,
) -> None:
    log = accounts.sign_ins()
    assert [(e.who, e.address, e.outcome) for e in log] == [
        (NO_ACCOUNT, "10.0.0.3", "refused"),
        ("tom", "10.0.0.2", "refused"),
        ("tom", "10.0.0.2", "signed-in"),
        ("ann", "10.0.0.1", "signed-in"),
    ]
    assert log[0].username is None
    assert all("correct horse" not in repr(entry) for entry in log)


def test_an_administrator_sees_only_their_partnerships_accounts(accounts: Accounts) -> None:
    log = _as(accounts, SSCP_ADMIN).sign_ins()
    assert [(e.who, e.outcome) for e in log] == [(NO_ACCOUNT, "refused"), ("ann", "signed-in")]
    assert _as(accounts, SSCP_ADMIN).sign_ins(username="tom") == ()
    with pytest.raises(PermissionDeniedError):
        _as(accounts, SSCP_ADMIN).sign_ins(partnership="twp")
    analyst = Principal("ann", grants=(Grant("sscp", "analyst"),))
    with pytest.raises(PermissionDeniedError):
        _as(accounts, analyst).sign_ins()


def test_the_sign_in_filters(records: Records, accounts: Accounts) -> None:
    assert [e.who for e in accounts.sign_ins(outcome="failed")] == [NO_ACCOUNT, "tom"]
    assert [e.outcome for e in accounts.sign_ins(username="TOM")] == ["refused", "signed-in"]
    assert accounts.sign_ins(username="correct horse battery") == ()  # no searching typed text
    assert len(accounts.sign_ins(limit=1)) == 1
    today = records.clock.today()
    assert len(accounts.sign_ins(since=today, until=today)) == 4
    assert accounts.sign_ins(since=today + timedelta(days=1)) == ()
    assert accounts.sign_ins(until=today - timedelta(days=1)) == ()
    with pytest.raises(OptionError, match="outcome cannot be 'maybe'"):
        accounts.sign_ins(outcome="maybe")


def test_the_command_line_offers_the_librarys_outcomes() -> None:
    from saferinsight.cli import users

    assert users.SIGN_IN_OUTCOMES == SIGN_IN_OUTCOMES


def test_the_audit_trail_merges_the_logs_newest_first(records: Records, accounts: Accounts) -> None:
    later = Records(
        records.workspace,
        actor="sue",
        clock=FixedClock(records.clock.now() + timedelta(days=2)),
    )
    later.add("body", {"partnership": "sscp", "key": "csp", "name": "Board", "kind": "board"})
    later.add("body", {"partnership": "twp", "key": "twb", "name": "TW board", "kind": "board"})
    Accounts(later).grant("ann", "sscp", "business-manager")
    Accounts(later).start_two_factor("ann")
    mine = Records(records.workspace, actor="sue", principal=SSCP_ADMIN, clock=later.clock)
    trail = audit_trail(mine, partnership="sscp")
    assert [e.at for e in trail] == sorted((e.at for e in trail), reverse=True)
    assert {e.subject for e in trail if e.source == "change"} >= {"csp", "ann", "sscp"}
    assert "twb" not in {e.subject for e in trail}  # another partnership's change
    assert {e.person for e in trail if e.source == "sign-in"} == {"ann", NO_ACCOUNT}
    key, grant = [e for e in trail if e.subject == "ann" and e.source == "change"][:2]
    assert key.detail == "a password or two-factor key (never recorded)"
    assert "business-manager" in grant.detail
    assert "password" not in grant.detail
    assert "totp" not in grant.detail
    failed = audit_trail(mine, partnership="sscp", what="failed-sign-ins")
    assert [(e.person, e.detail, e.failed) for e in failed] == [(NO_ACCOUNT, "from 10.0.0.3", True)]
    recent = audit_trail(mine, partnership="sscp", since=later.clock.today())
    assert {e.source for e in recent} == {"change"}
    by_ann = audit_trail(mine, partnership="sscp", person="ann")
    assert [(e.source, e.event) for e in by_ann] == [("sign-in", "Signed in")]
    with pytest.raises(OptionError):
        audit_trail(mine, partnership="sscp", what="everything")
    with pytest.raises(PermissionDeniedError):
        audit_trail(mine, partnership="twp")
