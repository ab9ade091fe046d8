"""Accounts: passwords, grants, throttling, two-factor codes, the history of account changes."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from saferinsight.accounts.users import ACCOUNT_FAILURES, Accounts
from saferinsight.clock import FixedClock
from saferinsight.errors import RecordNotFoundError, RecordValueError
from saferinsight.records.permissions import Grant
from saferinsight.records.service import Records

PASSWORD = "a long enough pass phrase"


@pytest.fixture
def accounts(records: Records) -> Accounts:
    records.add("partnership", {"key": "sscp", "name": "SSCP", "kind": "joint"})
    records.add("partnership", {"key": "twp", "name": "STWP", "kind": "csp"})
    return Accounts(records)


def test_a_new_user_changes_the_temporary_password_first(accounts: Accounts) -> None:
    made = accounts.add("Ann", display_name="Ann A", grants={"sscp": "analyst"}, agency="Council")
    assert made.user.grants == (Grant("sscp", "analyst"),)
    first = accounts.sign_in("ANN ", made.password, address="10.0.0.1")
    assert first.outcome == "change-password"
    with pytest.raises(RecordValueError, match="fewer than 12 characters"):
        accounts.change_password("ann", made.password, "short")
    with pytest.raises(RecordValueError, match="current password is not right"):
        accounts.change_password("ann", "not it", PASSWORD)
    accounts.change_password("ann", made.password, PASSWORD)
    signed = accounts.sign_in("ann", PASSWORD, address="10.0.0.1")
    assert signed.outcome == "signed-in"
    assert signed.user is not None
    assert signed.user.principal().agency == "Council"


def test_wrong_names_and_passwords_get_the_same_answer(accounts: Accounts) -> None:
    accounts.add("ann", display_name="Ann", password=PASSWORD)
    unknown = accounts.sign_in("nobody", PASSWORD, address="10.0.0.2")
    wrong = accounts.sign_in("ann", "not the password", address="10.0.0.2")
    assert unknown.message == wrong.message == "The user name, password or code is not right."


def test_an_account_locks_after_repeated_failures(records: Records, accounts: Accounts) -> None:
    accounts.add("ann", display_name="Ann", password=PASSWORD)
    for _ in range(ACCOUNT_FAILURES):
        assert accounts.sign_in("ann", "wrong", address="10.0.0.3").outcome == "refused"
    locked = accounts.sign_in("ann", PASSWORD, address="10.0.0.4")
    assert (locked.outcome, locked.retry_after) == ("locked", 15)
    later = FixedClock(records.clock.now() + timedelta(minutes=16))
    after = Accounts(Records(records.workspace, actor="alice", clock=later))
    assert after.sign_in("ann", PASSWORD, address="10.0.0.4").outcome == "signed-in"


def test_an_address_with_many_failures_is_refused(accounts: Accounts) -> None:
    accounts.add("ann", display_name="Ann", password=PASSWORD)
    for number in range(20):
        accounts.sign_in(f"user{number}", "wrong", address="10.9.9.9")
    assert accounts.sign_in("ann", PASSWORD, address="10.9.9.9").outcome == "locked"
    assert accounts.sign_in("ann", PASSWORD, address="10.0.0.5").outcome == "signed-in"


def test_administrators_sign_in_with_a_code(records: Records, accounts: Accounts) -> None:
    accounts.add("root", display_name="Admin", password=PASSWORD, grants={"sscp": "administrator"})
    assert accounts.sign_in("root", PASSWORD, address="10.0.0.6").outcome == "set-up-two-factor"
    address = accounts.start_two_factor("root")
    secret = pyotp.parse_uri(address).secret
    now = records.clock.now()
    with pytest.raises(RecordValueError, match="code is not right"):
        accounts.confirm_two_factor("root", "000000")
    accounts.confirm_two_factor("root", pyotp.TOTP(secret).at(now))
    assert accounts.sign_in("root", PASSWORD, address="10.0.0.6").outcome == "two-factor"
    assert accounts.second_factor("root", "123456", address="10.0.0.6").outcome == "refused"
    done = accounts.second_factor("root", pyotp.TOTP(secret).at(now), address="10.0.0.6")
    assert done.outcome == "signed-in"


def test_disabled_accounts_cannot_sign_in_and_changes_are_in_the_history(
    records: Records, accounts: Accounts
) -> None:
    accounts.add("bea", display_name="Bea", password=PASSWORD, grants={"sscp": "board-member"})
    accounts.grant("bea", "twp", "agency-contributor", children=True)
    accounts.set_disabled("bea", True)
    assert accounts.sign_in("bea", PASSWORD, address="10.0.0.7").outcome == "disabled"
    bea = accounts.get("bea")
    assert accounts.signed_in(bea.id, bea.stamp) is None
    changes = [c for c in records.history() if c.kind == "account"]
    assert [c.action for c in changes] == ["update", "update", "add"]
    assert changes[1].after is not None
    assert changes[1].after["grants"] == ["sscp: board-member", "twp: agency-contributor +children"]
    assert all("hash" not in str(c.after) for c in changes)
    with pytest.raises(RecordNotFoundError):
        accounts.grant("bea", "nowhere", "analyst")
    with pytest.raises(RecordValueError, match="not a role"):
        accounts.grant("bea", "sscp", "superuser")
    with pytest.raises(RecordValueError, match="already an account"):
        accounts.add("BEA", display_name="Again")
