"""The audit trail of a partnership: its accounts' sign-ins (and failed sign-ins), the readings
of its confidential records and data, and the changes to its records, merged newest first for
an administrator to search (OWASP ASVS 7.1: who did what, when, from where; never a password,
hash or two-factor secret).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from saferinsight.accounts.users import Accounts
>>> from saferinsight.records.service import Records
>>> from saferinsight.workspace import Workspace
>>> records = Records(Workspace(Path(tempfile.mkdtemp())), actor="admin")
>>> _ = records.add("partnership", {"key": "sscp", "name": "SSCP", "kind": "joint"})
>>> made = Accounts(records).add("ann", display_name="Ann", grants={"sscp": "analyst"})
>>> _ = Accounts(records).sign_in("ann", "wrong", address="10.0.0.1")
>>> for e in audit_trail(records, partnership="sscp"):
...     print(e.source, e.person, e.event, sep=" | ")
sign-in | ann | Sign-in refused: wrong name, password or code
change | admin | add account
change | admin | add partnership
>>> [e.detail for e in audit_trail(records, partnership="sscp", what="failed-sign-ins")]
['from 10.0.0.1']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

from saferinsight.accounts.users import Accounts, SignInEntry
from saferinsight.errors import OptionError
from saferinsight.records.permissions import require
from saferinsight.records.values import shown

if TYPE_CHECKING:
    from saferinsight.records.service import AccessEntry, HistoryEntry, Records

__all__ = ["AUDIT_WHAT", "AuditEntry", "audit_trail"]

#: What the trail can be narrowed to: key -> label.
AUDIT_WHAT: Mapping[str, str] = MappingProxyType(
    {
        "sign-ins": "Sign-ins",
        "failed-sign-ins": "Failed sign-ins",
        "views": "Views of confidential data",
        "changes": "Changes",
    }
)
_OUTCOMES = MappingProxyType(
    {
        "signed-in": "Signed in",
        "change-password": "Password right; a new one to be chosen",
        "two-factor": "Password right; code asked for",
        "set-up-two-factor": "Password right; two-factor set-up asked for",
        "refused": "Sign-in refused: wrong name, password or code",
        "locked": "Sign-in refused: locked after too many failures",
        "disabled": "Sign-in refused: account disabled",
    }
)


@dataclass(frozen=True)
class AuditEntry:
    """One event of the trail: when, who, what (``source`` is ``sign-in``, ``view`` or
    ``change``), the record or data it was about, and a detail (the address a sign-in came
    from, the values a change made)."""

    at: datetime
    source: str
    person: str
    event: str
    subject: str
    detail: str
    failed: bool = False


def audit_trail(
    records: Records,
    *,
    partnership: str,
    person: str | None = None,
    what: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> tuple[AuditEntry, ...]:
    """The newest ``limit`` events of ``partnership``'s audit trail, newest first: by one
    ``person`` (a user name, or the command line's user), of one kind (``what``, a key of
    :data:`AUDIT_WHAT`), from day ``since`` to day ``until``. Needs ``view-audit`` there."""
    if what is not None and what not in AUDIT_WHAT:
        raise OptionError("what", f"cannot be '{what}': use {', '.join(AUDIT_WHAT)}.")
    if limit < 1:
        raise OptionError("limit", f"must be 1 or more, not {limit}.")
    require(records.principal, "view-audit", partnership=partnership)
    person = (person or "").strip() or None
    found: list[AuditEntry] = []
    if what in (None, "sign-ins", "failed-sign-ins"):
        attempts = Accounts(records).sign_ins(
            username=person,
            outcome="failed" if what == "failed-sign-ins" else None,
            since=since,
            until=until,
            limit=limit,
            partnership=partnership,
        )
        found += [_sign_in(a) for a in attempts]
    if what in (None, "views"):
        views = records.access_log(
            actor=person, partnership=partnership, since=since, until=until, limit=limit
        )
        found += [_view(v) for v in views]
    if what in (None, "changes"):
        changes = records.history(
            actor=person, partnership=partnership, since=since, until=until, limit=limit
        )
        accounts = Accounts(records).changes(
            actor=person, partnership=partnership, since=since, until=until, limit=limit
        )
        found += [_change(c) for c in (*changes, *accounts)]
    found.sort(key=lambda e: e.at, reverse=True)
    return tuple(found[:limit])


def _sign_in(attempt: SignInEntry) -> AuditEntry:
    return AuditEntry(
        attempt.at,
        "sign-in",
        attempt.who,
        _OUTCOMES.get(attempt.outcome, attempt.outcome),
        "",
        f"from {attempt.address}",
        attempt.failed,
    )


def _view(access: AccessEntry) -> AuditEntry:
    return AuditEntry(
        access.at, "view", access.actor, f"{access.action} {access.kind}", access.detail, ""
    )


def _change(change: HistoryEntry) -> AuditEntry:
    detail = "; ".join(f"{name}: {shown(b)} → {shown(a)}" for name, b, a in change.changes)
    if change.kind == "account" and change.action == "update" and not detail:
        detail = "a password or two-factor key (never recorded)"
    return AuditEntry(
        change.at, "change", change.actor, f"{change.action} {change.kind}", change.label, detail
    )
