"""The signed-in person's own account: their name, roles and last sign-in; changing their
password; and turning on two-factor sign-in (required for administrators, who set it up at
their first sign-in; optional for everyone else)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user

from saferinsight.accounts.users import Accounts, UserView
from saferinsight.errors import RecordValueError
from saferinsight.web.access import allow
from saferinsight.web.auth import set_up_page
from saferinsight.web.context import current_workspace
from saferinsight.web.forms import CodeForm, NewPasswordForm
from saferinsight.web.records import records_for
from saferinsight.web.session import WebUser

__all__ = ["blueprint"]

blueprint = Blueprint("account", __name__)
#: Every signed-in member of a partnership may see their own account (any role can view an
#: overview); the public is sent to sign in.
_ANY_MEMBER = "view-overview"


def _me() -> UserView:
    view: UserView = current_user.view
    return view


def _accounts() -> Accounts:
    return Accounts(records_for(current_workspace(), _me().username))


@blueprint.route("/account")
@allow(_ANY_MEMBER, partnership=None)
def account() -> Any:
    """The person's account."""
    return _page(None)


def _page(problem: str | None) -> str:
    return render_template("account.html", title="Your account", me=_me(), problem=problem)


@blueprint.route("/account/password", methods=["GET", "POST"])
@allow(_ANY_MEMBER, partnership=None)
def password() -> Any:
    """Change the password, proving the current one."""
    form = NewPasswordForm()
    problem = None
    if form.validate_on_submit():
        try:
            changed = _accounts().change_password(
                _me().username, form.current.data or "", form.new.data or ""
            )
        except RecordValueError as error:
            problem = str(error)
        else:
            # This session goes on with the new password's stamp; every other session of the
            # account ends at its next request (ASVS 3.3.3).
            login_user(WebUser(changed))
            flash("Your password is changed; you are signed out everywhere else.")
            return redirect(url_for("account.account"))
    return render_template(
        "new_password.html",
        form=form,
        title="Change your password",
        problem=problem,
        back=url_for("account.account"),
    )


@blueprint.route("/account/two-factor", methods=["GET", "POST"])
@allow(_ANY_MEMBER, partnership=None)
def two_factor() -> Any:
    """Turn on two-factor sign-in: a new key, confirmed by the first code from the app."""
    me = _me()
    if me.two_factor:
        return _page("Two-factor sign-in is already on for your account.")
    accounts = _accounts()
    address = session.get("two_factor_address")
    if not isinstance(address, str):  # one key per set-up: reloading the page keeps it
        address = accounts.start_two_factor(me.username)
        session["two_factor_address"] = address
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        try:
            accounts.confirm_two_factor(me.username, form.code.data or "")
        except RecordValueError as error:
            problem = str(error)
        else:
            session.pop("two_factor_address", None)
            flash("Two-factor sign-in is on: from now on you sign in with a code as well.")
            return redirect(url_for("account.account"))
    return set_up_page(form, address, problem, administrator=False)
