"""Accounts: adding, granting, disabling and resetting users, and signing in with throttling
and two-factor codes. Every change is written to the records' history (kind ``account``, no
secrets), every sign-in attempt to the sign-in log.

Throttling (OWASP ASVS 2.2.1): after :data:`ACCOUNT_FAILURES` failed sign-ins in a row an
account is locked for :data:`LOCK_MINUTES` minutes; an address with :data:`ADDRESS_FAILURES`
failed sign-ins in the last :data:`LOCK_MINUTES` minutes is refused until they age out. The
message for a wrong user name, a wrong password and a wrong code is the same, and an unknown
user name costs a password check too, so that the answer does not tell which accounts exist.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from saferinsight.records.service import Records
>>> from saferinsight.workspace import Workspace
>>> records = Records(Workspace(Path(tempfile.mkdtemp())), actor="admin")
>>> _ = records.add("partnership", {"key": "sscp", "name": "SSCP", "kind": "joint"})
>>> accounts = Accounts(records)
>>> made = accounts.add("Ann", display_name="Ann Analyst", grants={"sscp": "analyst"})
>>> made.user.username, made.user.must_change_password, len(made.password) >= 12
('ann', True, True)
>>> accounts.sign_in("ann", made.password, address="127.0.0.1").outcome
'change-password'
>>> accounts.sign_in("ann", "wrong", address="127.0.0.1").outcome
'refused'
>>> accounts.sign_in("my secret password", "x", address="127.0.0.1").outcome
'refused'
>>> [(entry.who, entry.outcome) for entry in accounts.sign_ins()]
[('(no such account)', 'refused'), ('ann', 'refused'), ('ann', 'change-password')]
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from saferinsight.accounts.passwords import (
    check_password,
    hash_password,
    needs_rehash,
    password_problems,
    temporary_password,
)
from saferinsight.errors import Hint, OptionError, RecordNotFoundError, RecordValueError
from saferinsight.records.codes import ROLES
from saferinsight.records.permissions import Grant, Principal, can, denied
from saferinsight.records.tables import Change
from saferinsight.records.tables.accounts import Membership, SignIn, User
from saferinsight.records.tables.structure import Partnership

if TYPE_CHECKING:
    from saferinsight.records.service import HistoryEntry, Records

__all__ = [
    "ACCOUNT_FAILURES",
    "FAILED_OUTCOMES",
    "NO_ACCOUNT",
    "SIGN_IN_OUTCOMES",
    "Accounts",
    "NewAccount",
    "SignInEntry",
    "SignInResult",
    "UserView",
]

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
LOCK_MINUTES = 15
#: The issuer name an authenticator app shows beside the code.
TOTP_ISSUER = "Safer Insight"
#: Every outcome a sign-in attempt can have (:class:`SignInResult`).
SIGN_IN_OUTCOMES = (
    "signed-in",
    "change-password",
    "two-factor",
    "set-up-two-factor",
    "refused",
    "locked",
    "disabled",
)
#: The outcomes that are failures (the others signed in, or asked for a further step).
FAILED_OUTCOMES = ("refused", "locked", "disabled")
#: How the sign-in log shows a name that matches no account: never the text typed, which is
#: often a password typed into the wrong box.
NO_ACCOUNT = "(no such account)"


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, checked for an unknown user name so that the answer takes
    as long as for a real one (made on first use: hashing costs tens of milliseconds)."""
    return hash_password("a password no account has, to spend the same time")


@dataclass(frozen=True)
class UserView:
    """An account, without its secrets."""

    id: int
    username: str
    display_name: str
    email: str | None
    agency: str | None
    disabled: bool
    two_factor: bool
    must_change_password: bool
    last_sign_in: datetime | None
    grants: tuple[Grant, ...]
    stamp: str = ""

    def principal(self) -> Principal:
        """The account as the permissions see it."""
        return Principal(self.username, grants=self.grants, agency=self.agency)

    @property
    def is_administrator(self) -> bool:
        """Whether it administers any partnership (which requires two-factor sign-in)."""
        return any(g.role == "administrator" for g in self.grants)


@dataclass(frozen=True)
class NewAccount:
    """A new account and the temporary password to give its owner (once)."""

    user: UserView
    password: str


@dataclass(frozen=True)
class SignInEntry:
    """One sign-in attempt from the log. ``username`` is None when the name typed matched no
    account (the text is not shown: people type passwords into the name box)."""

    at: datetime
    username: str | None
    address: str
    outcome: str
    succeeded: bool

    @property
    def who(self) -> str:
        """The account's user name, or :data:`NO_ACCOUNT`."""
        return self.username if self.username is not None else NO_ACCOUNT

    @property
    def failed(self) -> bool:
        """Whether the attempt failed (a wrong name, password or code; locked; disabled)."""
        return self.outcome in FAILED_OUTCOMES


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to.

    ``outcome`` is ``signed-in``; ``change-password`` (right password, but a new one must be
    set first); ``two-factor`` (right password, a code is needed); ``set-up-two-factor`` (an
    administrator without it); ``refused`` (wrong name, password or code: one message for all);
    ``locked`` (too many failures: ``retry_after`` minutes); ``disabled``.
    """

    outcome: str
    user: UserView | None = None
    retry_after: int | None = None

    @property
    def message(self) -> str:
        """What to tell the person."""
        return {
            "signed-in": "Signed in.",
            "change-password": "Choose a new password to finish signing in.",
            "two-factor": "Enter the code from your authenticator app.",
            "set-up-two-factor": "Administrators sign in with a code: set up an authenticator "
            "app to finish signing in.",
            "refused": "The user name, password or code is not right.",
            "locked": f"Too many failed sign-ins. Try again in {self.retry_after} minutes.",
            "disabled": "This account is disabled. Ask an administrator.",
        }[self.outcome]


class Accounts:
    """The accounts of a workspace's records database, changed by ``records.actor``."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.clock = records.clock

    # -- reading ---------------------------------------------------------------------------

    def list(self) -> tuple[UserView, ...]:
        """Every account, by user name."""
        with self.records.session() as session:
            users = session.scalars(select(User).order_by(User.username)).all()
            return tuple(_view(session, user) for user in users)

    def get(self, username: str) -> UserView:
        """One account."""
        with self.records.session() as session:
            return _view(session, _user(session, username))

    def signed_in(self, user_id: int, stamp: str) -> UserView | None:
        """The account a web session holds, if it may still be signed in: enabled, and its
        password not changed or reset since the session began (``stamp``)."""
        with self.records.session() as session:
            user = session.get(User, user_id)
            if user is None or user.disabled or user.must_change_password:
                return None
            view = _view(session, user)
            return view if view.stamp == stamp else None

    def sign_ins(
        self,
        *,
        username: str | None = None,
        outcome: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = 200,
        partnership: str | None = None,
    ) -> tuple[SignInEntry, ...]:
        """Sign-in attempts, newest first: of one account (``username``), with one
        ``outcome`` (one of :data:`SIGN_IN_OUTCOMES`, or ``failed`` for any of
        :data:`FAILED_OUTCOMES`), on or after ``since`` and on or before ``until`` (dates), on
        the accounts of one ``partnership`` (and names that match no account).

        The records' principal sees the attempts on accounts of the partnerships whose logs it
        may read (``view-audit``), and failed attempts on names that match no account, shown as
        :data:`NO_ACCOUNT`; the command line's user sees every attempt.
        """
        if outcome is not None and outcome not in (*SIGN_IN_OUTCOMES, "failed"):
            raise OptionError(
                "outcome", f"cannot be '{outcome}': use failed, {', '.join(SIGN_IN_OUTCOMES)}."
            )
        if limit is not None and limit < 1:
            raise OptionError("limit", f"must be 1 or more, not {limit}.")
        with self.records.session() as session:
            audited = self._audited(session, partnership)
            known = select(User.username)
            query = select(SignIn).order_by(SignIn.at.desc(), SignIn.id.desc())
            if audited is not None:
                members = (
                    select(User.username)
                    .join(Membership, Membership.user_id == User.id)
                    .join(Partnership, Membership.partnership_id == Partnership.id)
                    .where(Partnership.key.in_(audited))
                )
                query = query.where(
                    SignIn.username.in_(members)
                    | (SignIn.username.not_in(known) & SignIn.succeeded.is_(False))
                )
            if username is not None:
                name = username.strip().lower()
                query = query.where(SignIn.username == name, SignIn.username.in_(known))
            if outcome == "failed":
                query = query.where(SignIn.outcome.in_(FAILED_OUTCOMES))
            elif outcome is not None:
                query = query.where(SignIn.outcome == outcome)
            if since is not None:
                query = query.where(SignIn.at >= _day_start(since))
            if until is not None:
                query = query.where(SignIn.at < _day_start(until) + timedelta(days=1))
            rows = session.scalars(query.limit(limit)).all()
            names = {r.username for r in rows}
            accounts = set(session.scalars(known.where(User.username.in_(names))).all())
            return tuple(
                SignInEntry(
                    r.at,
                    r.username if r.username in accounts else None,
                    r.address,
                    r.outcome,
                    r.succeeded,
                )
                for r in rows
            )

    def changes(
        self,
        *,
        partnership: str | None = None,
        actor: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = 200,
    ) -> tuple[HistoryEntry, ...]:
        """Changes to the accounts (of one ``partnership``'s members), newest first: by one
        ``actor``, from day ``since`` to day ``until``. The history keeps no secrets."""
        from saferinsight.records.service import history_entry

        with self.records.session() as session:
            audited = self._audited(session, partnership)
            query = select(Change).where(Change.kind == "account")
            if audited is not None:
                members = (
                    select(Membership.user_id)
                    .join(Partnership, Membership.partnership_id == Partnership.id)
                    .where(Partnership.key.in_(audited))
                )
                query = query.where(Change.record_id.in_(members))
            if actor is not None:
                query = query.where(Change.actor == actor)
            if since is not None:
                query = query.where(Change.at >= _day_start(since))
            if until is not None:
                query = query.where(Change.at < _day_start(until) + timedelta(days=1))
            query = query.order_by(Change.id.desc()).limit(limit)
            return tuple(history_entry(change) for change in session.scalars(query))

    def _audited(self, session: Session, partnership: str | None) -> tuple[str, ...] | None:
        """The partnerships whose accounts' sign-ins the principal may read (None: all)."""
        who = self.records.principal
        if who.local:
            return None if partnership is None else (partnership,)
        keys = session.scalars(select(Partnership.key)).all()
        audited = tuple(k for k in keys if can(who, "view-audit", partnership=k))
        if not audited or (partnership is not None and partnership not in audited):
            raise denied(who, "view-audit", partnership)
        return audited if partnership is None else (partnership,)

    # -- changing --------------------------------------------------------------------------

    def add(
        self,
        username: str,
        *,
        display_name: str,
        grants: Mapping[str, str] | None = None,
        email: str | None = None,
        agency: str | None = None,
        children: bool = False,
        adults: bool = False,
        password: str | None = None,
    ) -> NewAccount:
        """Add an account with a role in each partnership of ``grants`` (key -> role). Without
        ``password``, a temporary one is made, to be changed at the first sign-in."""
        name = username.strip().lower()
        if not name or not name.replace("-", "").replace(".", "").replace("_", "").isalnum():
            raise RecordValueError(
                f"'{username}' cannot be a user name: use letters, digits, '.', '-' or '_'."
            )
        given = password is not None
        secret = password if password is not None else temporary_password()
        if given:
            _check_password(secret, name)
        with self.records.session(write=True) as session:
            if session.scalars(select(User).where(User.username == name)).first():
                raise RecordValueError(f"There is already an account called '{name}'.")
            now = self.clock.now()
            user = User(
                username=name,
                display_name=display_name.strip() or name,
                email=email,
                agency=agency,
                password_hash=hash_password(secret),
                password_set_at=now,
                must_change_password=not given,
                created_at=now,
                updated_at=now,
                version=1,
            )
            session.add(user)
            session.flush()
            for partnership, role in (grants or {}).items():
                _grant(session, user, partnership, role, children, adults, now)
            view = _view(session, user)
            self._log(session, "add", view, None)
            return NewAccount(view, secret)

    def grant(
        self,
        username: str,
        partnership: str,
        role: str,
        *,
        children: bool = False,
        adults: bool = False,
    ) -> UserView:
        """Give (or change) the account's role in a partnership."""
        with self.records.session(write=True) as session:
            user = _user(session, username)
            before = _view(session, user)
            existing = _membership(session, user, partnership)
            if existing is not None:
                session.delete(existing)
                session.flush()
            _grant(session, user, partnership, role, children, adults, self.clock.now())
            after = _view(session, user)
            self._log(session, "update", after, before)
            return after

    def revoke(self, username: str, partnership: str) -> UserView:
        """Remove the account from a partnership."""
        with self.records.session(write=True) as session:
            user = _user(session, username)
            before = _view(session, user)
            existing = _membership(session, user, partnership)
            if existing is None:
                raise RecordNotFoundError(f"{user.username} has no role in {partnership}.")
            session.delete(existing)
            session.flush()
            after = _view(session, user)
            self._log(session, "update", after, before)
            return after

    def set_disabled(self, username: str, disabled: bool) -> UserView:
        """Disable (or enable again) an account; a disabled account cannot sign in."""
        return self._change(username, disabled=disabled, failed_sign_ins=0, locked_until=None)

    def reset(self, username: str, *, two_factor: bool = False) -> NewAccount:
        """A new temporary password (and, with ``two_factor``, no authenticator app)."""
        secret = temporary_password()
        changes: dict[str, object] = {
            "password_hash": hash_password(secret),
            "password_set_at": self.clock.now(),
            "must_change_password": True,
            "failed_sign_ins": 0,
            "locked_until": None,
        }
        if two_factor:
            changes |= {"totp_secret": None, "totp_confirmed": False}
        return NewAccount(self._change(username, **changes), secret)

    def change_password(self, username: str, old: str, new: str) -> UserView:
        """Set a new password, proving the old one."""
        with self.records.session() as session:
            user = _user(session, username)
            stored = user.password_hash
        if not check_password(stored, old):
            raise RecordValueError("The current password is not right.")
        _check_password(new, username)
        if check_password(stored, new):
            raise RecordValueError("The new password must differ from the current one.")
        return self._change(
            username,
            password_hash=hash_password(new),
            password_set_at=self.clock.now(),
            must_change_password=False,
        )

    def start_two_factor(self, username: str) -> str:
        """A new authenticator secret for the account (confirmed by its first code); returns
        the ``otpauth://`` address an authenticator app reads (as a QR code or typed)."""
        secret = pyotp.random_base32()
        view = self._change(username, totp_secret=secret, totp_confirmed=False)
        return pyotp.TOTP(secret).provisioning_uri(name=view.username, issuer_name=TOTP_ISSUER)

    def confirm_two_factor(self, username: str, code: str) -> UserView:
        """Turn two-factor sign-in on, once a code from the new secret is right."""
        with self.records.session() as session:
            secret = _user(session, username).totp_secret
        if not secret or not _code_ok(secret, code, self.clock.now()):
            raise RecordValueError("The code is not right; try the newest code from the app.")
        return self._change(username, totp_confirmed=True)

    # -- signing in ------------------------------------------------------------------------

    def sign_in(
        self, username: str, password: str, *, address: str, code: str | None = None
    ) -> SignInResult:
        """Check a sign-in; every attempt is logged, failures count towards the locks."""
        name = username.strip().lower()
        now = self.clock.now()
        with self.records.session(write=True) as session:
            result = self._attempt(session, name, password, code, address, now)
            _log_attempt(session, name, address, result, now)
            return result

    def second_factor(self, username: str, code: str, *, address: str) -> SignInResult:
        """Finish a sign-in whose password was right (outcome ``two-factor``) with a code."""
        name = username.strip().lower()
        now = self.clock.now()
        with self.records.session(write=True) as session:
            user = _user(session, name)
            if user.locked_until is not None and user.locked_until > now:
                minutes = _minutes_left(user.locked_until, now)
                result = SignInResult("locked", retry_after=minutes)
            elif user.disabled:
                result = SignInResult("disabled")
            elif not _code_ok(user.totp_secret, code, now):
                _failed(user, now)
                result = SignInResult("refused")
            else:
                user.failed_sign_ins = 0
                user.last_sign_in = now
                result = SignInResult("signed-in", _view(session, user))
            _log_attempt(session, name, address, result, now)
            return result

    def _attempt(
        self,
        session: Session,
        name: str,
        password: str,
        code: str | None,
        address: str,
        now: datetime,
    ) -> SignInResult:
        window = now - timedelta(minutes=LOCK_MINUTES)
        failures = session.scalar(
            select(func.count())
            .select_from(SignIn)
            .where(
                SignIn.address == address,
                SignIn.at >= window,
                SignIn.succeeded.is_(False),
                SignIn.outcome.in_(("refused", "locked")),
            )
        )
        if (failures or 0) >= ADDRESS_FAILURES:
            return SignInResult("locked", retry_after=LOCK_MINUTES)
        user = session.scalars(select(User).where(User.username == name)).first()
        if user is None:
            check_password(_dummy_hash(), password)
            return SignInResult("refused")
        if user.locked_until is not None and user.locked_until > now:
            minutes = _minutes_left(user.locked_until, now)
            return SignInResult("locked", retry_after=minutes)
        if not check_password(user.password_hash, password) or (
            user.totp_confirmed and code is not None and not _code_ok(user.totp_secret, code, now)
        ):
            _failed(user, now)
            return SignInResult("refused")
        if user.disabled:
            return SignInResult("disabled")
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        view = _view(session, user)
        if user.must_change_password:
            return SignInResult("change-password", view)
        if user.totp_confirmed and code is None:
            return SignInResult("two-factor", view)
        if view.is_administrator and not user.totp_confirmed:
            return SignInResult("set-up-two-factor", view)
        user.failed_sign_ins = 0
        user.last_sign_in = now
        return SignInResult("signed-in", _view(session, user))

    # -- internals ---------------------------------------------------------------------------

    def _change(self, username: str, **changes: object) -> UserView:
        with self.records.session(write=True) as session:
            user = _user(session, username)
            before = _view(session, user)
            for name, value in changes.items():
                setattr(user, name, value)
            user.updated_at = self.clock.now()
            session.flush()
            after = _view(session, user)
            self._log(session, "update", after, before)
            return after

    def _log(
        self, session: Session, action: str, after: UserView | None, before: UserView | None
    ) -> None:
        view = after or before
        assert view is not None
        self.records.log_change(
            session, action, "account", view.id, view.username, _json(before), _json(after)
        )


def _log_attempt(
    session: Session, name: str, address: str, result: SignInResult, now: datetime
) -> None:
    session.add(
        SignIn(
            at=now,
            username=name[:200],
            address=address[:64],
            outcome=result.outcome,
            succeeded=result.outcome == "signed-in",
        )
    )


def _day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` (a datetime is taken as its date)."""
    return datetime(day.year, day.month, day.day)


def _minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes until ``until``, rounded up."""
    return -int(-(until - now).total_seconds() // 60)


def _failed(user: User, now: datetime) -> None:
    """Count a failure; lock the account after too many in a row."""
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= ACCOUNT_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_sign_ins = 0


def _check_password(password: str, username: str) -> None:
    problems = password_problems(password, username=username)
    if problems:
        raise RecordValueError(
            "The password cannot be used: " + "; ".join(problems) + ".",
            hint=Hint("retry", "Choose a longer password (a few unrelated words work well)."),
        )


def _code_ok(secret: str | None, code: str, now: datetime) -> bool:
    """A TOTP code valid now or one 30-second step either side (RFC 6238 §5.2)."""
    if not secret:
        return False
    return pyotp.TOTP(secret).verify(code.strip().replace(" ", ""), for_time=now, valid_window=1)


def _user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        raise RecordNotFoundError(
            f"There is no account called '{username}'.",
            hint=Hint("list-records", "List the accounts to find it."),
        )
    return user


def _membership(session: Session, user: User, partnership: str) -> Membership | None:
    return session.scalars(
        select(Membership)
        .join(Partnership, Membership.partnership_id == Partnership.id)
        .where(Membership.user_id == user.id, Partnership.key == partnership)
    ).first()


def _grant(
    session: Session,
    user: User,
    partnership: str,
    role: str,
    children: bool,
    adults: bool,
    now: datetime,
) -> None:
    if role not in ROLES:
        raise RecordValueError(f"'{role}' is not a role; the roles are {', '.join(ROLES)}.")
    owner = session.scalars(select(Partnership).where(Partnership.key == partnership)).first()
    if owner is None:
        raise RecordNotFoundError(f"There is no partnership '{partnership}'.")
    session.add(
        Membership(
            user_id=user.id,
            partnership_id=owner.id,
            role=role,
            children=children,
            adults=adults,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def _view(session: Session, user: User) -> UserView:
    rows = session.execute(
        select(Membership, Partnership.key)
        .join(Partnership, Membership.partnership_id == Partnership.id)
        .where(Membership.user_id == user.id)
        .order_by(Partnership.key)
    ).all()
    grants = tuple(Grant(key, m.role, m.children, m.adults) for m, key in rows)
    return UserView(
        user.id,
        user.username,
        user.display_name,
        user.email,
        user.agency,
        user.disabled,
        user.totp_confirmed,
        user.must_change_password,
        user.last_sign_in,
        grants,
        _stamp(user),
    )


def _stamp(user: User) -> str:
    """A digest of the stored password hash: a session keeps it, and ends when the password is
    changed or reset (ASVS 3.3.3). The hash is salted afresh each time a password is set, so
    even the same password set again gives a new stamp."""
    return hashlib.sha256(f"{user.id}|{user.password_hash}".encode()).hexdigest()[:16]


def _json(view: UserView | None) -> str | None:
    if view is None:
        return None
    return json.dumps(
        {
            "username": view.username,
            "display_name": view.display_name,
            "email": view.email,
            "agency": view.agency,
            "disabled": view.disabled,
            "two_factor": view.two_factor,
            "grants": [
                f"{g.partnership}: {g.role}"
                + (" +children" if g.children else "")
                + (" +adults" if g.adults else "")
                for g in view.grants
            ],
        },
        sort_keys=True,
    )
