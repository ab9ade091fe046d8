"""Signing in (password, then a new password or a code where needed) and signing out.

Each step after the password is held in the session for :data:`PENDING_SECONDS` only; a
successful sign-in starts a new session (no session fixation, ASVS 3.2.1).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from saferinsight.accounts.users import Accounts, SignInResult
from saferinsight.errors import RecordValueError
from saferinsight.web.access import allow
from saferinsight.web.context import current_workspace, safe_next
from saferinsight.web.forms import CodeForm, NewPasswordForm, SignInForm, SignOutForm
from saferinsight.web.records import records_for
from saferinsight.web.session import WebUser

__all__ = ["PENDING_SECONDS", "blueprint", "qr_code", "set_up_page"]

blueprint = Blueprint("auth", __name__)
#: How long a half-finished sign-in waits for its next step.
PENDING_SECONDS = 300


def _accounts(actor: str = "web") -> Accounts:
    """The accounts, changed in the name of ``actor`` (the person, once they are known)."""
    return Accounts(records_for(current_workspace(), actor))


def _address() -> str:
    return request.remote_addr or "unknown"


@blueprint.route("/sign-in", methods=["GET", "POST"])
@allow("view-public")
def sign_in() -> Any:
    """The sign-in form."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        if request.args.get("expired"):
            flash("You were signed out because the session ended. Sign in again.")
    if form.validate_on_submit():
        result = _accounts().sign_in(
            form.username.data or "", form.password.data or "", address=_address()
        )
        return _after(result, form.username.data or "", safe_next(form.next.data))
    return render_template("sign_in.html", form=form, title="Sign in")


def _after(result: SignInResult, username: str, target: str | None) -> Any:
    if result.outcome == "signed-in" and result.user is not None:
        return _start(WebUser(result.user), target)
    if result.outcome in ("two-factor", "change-password", "set-up-two-factor"):
        session.clear()
        session["pending"] = {
            "username": username.strip().lower(),
            "step": result.outcome,
            "at": current_workspace().clock.now().timestamp(),
            "next": target,
        }
        return redirect(url_for(f"auth.{result.outcome.replace('-', '_')}"))
    form = SignInForm()
    form.next.data = target or ""
    return render_template("sign_in.html", form=form, title="Sign in", problem=result.message), 200


def _start(user: WebUser, target: str | None) -> Any:
    """A new session for a signed-in user."""
    session.clear()
    login_user(user)
    session.permanent = True
    now = current_workspace().clock.now().timestamp()
    session["started"] = session["seen"] = now
    return redirect(target or url_for("pages.home"))


def _pending(step: str) -> dict[str, Any] | None:
    pending = session.get("pending")
    now = current_workspace().clock.now().timestamp()
    if not isinstance(pending, dict) or pending.get("step") != step:
        return None
    if now - float(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop("pending", None)
        return None
    return pending


@blueprint.route("/sign-in/code", methods=["GET", "POST"])
@allow("view-public")
def two_factor() -> Any:
    """The code from the authenticator app."""
    pending = _pending("two-factor")
    if pending is None:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        result = _accounts().second_factor(
            pending["username"], form.code.data or "", address=_address()
        )
        if result.outcome == "signed-in" and result.user is not None:
            return _start(WebUser(result.user), pending.get("next"))
        problem = result.message
    return render_template("code.html", form=form, title="Enter your code", problem=problem)


@blueprint.route("/sign-in/new-password", methods=["GET", "POST"])
@allow("view-public")
def change_password() -> Any:
    """Choose a new password (first sign-in, or after a reset)."""
    pending = _pending("change-password")
    if pending is None:
        return redirect(url_for("auth.sign_in"))
    form = NewPasswordForm()
    problem = None
    if form.validate_on_submit():
        try:
            _accounts(pending["username"]).change_password(
                pending["username"], form.current.data or "", form.new.data or ""
            )
        except RecordValueError as error:
            problem = str(error)
        else:
            session.pop("pending", None)
            flash("Your password is changed. Sign in with it.")
            return redirect(url_for("auth.sign_in"))
    return render_template(
        "new_password.html", form=form, title="Choose a new password", problem=problem
    )


@blueprint.route("/sign-in/set-up-code", methods=["GET", "POST"])
@allow("view-public")
def set_up_two_factor() -> Any:
    """Set up an authenticator app (administrators must)."""
    pending = _pending("set-up-two-factor")
    if pending is None:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    accounts = _accounts(pending["username"])
    problem = None
    if "address" not in pending:  # one key per set-up: reloading the page keeps it
        pending["address"] = accounts.start_two_factor(pending["username"])
        session["pending"] = pending
    if form.validate_on_submit():
        try:
            accounts.confirm_two_factor(pending["username"], form.code.data or "")
        except RecordValueError as error:
            problem = str(error)
        else:
            session.pop("pending", None)
            flash("Two-factor sign-in is set up. Sign in with your password and a code.")
            return redirect(url_for("auth.sign_in"))
    return set_up_page(form, pending["address"], problem, administrator=True)


def set_up_page(form: CodeForm, address: str, problem: str | None, *, administrator: bool) -> str:
    """The page that sets up an authenticator app: the key as a QR code and as text, and the
    form for its first code."""
    secret = address.split("secret=")[1].split("&")[0]
    return render_template(
        "set_up_code.html",
        form=form,
        title="Set up two-factor sign-in",
        address=address,
        secret=secret,
        qr=qr_code(address),
        problem=problem,
        administrator=administrator,
    )


def qr_code(address: str) -> str:
    """``address`` as a QR code: an SVG image in a ``data:`` URI, made here (the policy allows
    ``data:`` images; nothing is fetched).

    >>> qr_code("otpauth://totp/x?secret=ABC").startswith("data:image/svg+xml;")
    True
    """
    import segno

    code = segno.make(address, error="m")
    return str(code.svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff"))


@blueprint.route("/sign-out", methods=["POST"])
@allow("view-public")
def sign_out() -> Any:
    """End the session."""
    if SignOutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("You are signed out.")
    return redirect(url_for("auth.sign_in"))
