"""The signed-in user of a web session: the account id and a stamp of its password, checked
on every request, so that disabling an account or resetting its password ends its sessions."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import UserMixin

from saferinsight.accounts.users import UserView
from saferinsight.records.permissions import Principal

__all__ = ["WebUser", "load_user", "session_id"]


@dataclass
class WebUser(UserMixin):  # type: ignore[misc]
    """What flask-login holds for a signed-in account."""

    view: UserView

    def get_id(self) -> str:
        """The session's reference to the account: its id and password stamp."""
        return session_id(self.view)

    @property
    def principal(self) -> Principal:
        """The account as the permissions see it."""
        return self.view.principal()

    @property
    def name(self) -> str:
        """The name to show."""
        return self.view.display_name


def session_id(view: UserView) -> str:
    """The id a session keeps for an account (the id, then the stamp)."""
    return f"{view.id}|{view.stamp}"


def load_user(reference: str) -> WebUser | None:
    """The account of a session, if it may still be signed in."""
    from saferinsight.accounts.users import Accounts
    from saferinsight.web.context import current_workspace
    from saferinsight.web.records import records_for

    number, _, stamp = reference.partition("|")
    if not number.isdigit():
        return None
    view = Accounts(records_for(current_workspace(), "web")).signed_in(int(number), stamp)
    return WebUser(view) if view is not None else None
