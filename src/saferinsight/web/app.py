"""The app factory: settings, sessions and their timeouts, security headers, the one access
check before every request, and the error pages."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from saferinsight.errors import AppError, PermissionDeniedError, RecordNotFoundError
from saferinsight.records.permissions import can
from saferinsight.web.access import rule_of
from saferinsight.web.context import current_workspace, principal
from saferinsight.web.session import load_user
from saferinsight.workspace import Workspace

__all__ = ["ABSOLUTE_TIMEOUT", "IDLE_TIMEOUT", "create_app"]

#: ASVS 3.3.2 (level 2): sessions end after this long idle, and this long in all.
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
#: The largest request body accepted (uploads included).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)


def create_app(workspace: Workspace, *, behind_tls: bool = False, testing: bool = False) -> Flask:
    """The web application over ``workspace``.

    ``behind_tls`` says it is served behind a reverse proxy that terminates TLS: cookies are
    then Secure, HSTS is sent, and the proxy's X-Forwarded-For and -Proto headers are trusted
    (one proxy).
    """
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(workspace.root),
        SESSION_COOKIE_NAME="safer_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=behind_tls,
        PERMANENT_SESSION_LIFETIME=ABSOLUTE_TIMEOUT,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # the session's own timeouts bound a form's life
        TESTING=testing,
        BEHIND_TLS=behind_tls,
    )
    app.extensions["safer_workspace"] = workspace
    if behind_tls:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    CSRFProtect(app)
    logins = LoginManager(app)
    logins.session_protection = "strong"
    logins.user_loader(load_user)
    from saferinsight.web import account, auth, dashboard, data, pages, reports

    app.register_blueprint(auth.blueprint)
    app.register_blueprint(account.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_blueprint(data.blueprint)
    app.register_blueprint(reports.blueprint)
    app.before_request(_check_session)
    app.before_request(_check_access)
    app.after_request(_headers)
    app.register_error_handler(AppError, _app_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.context_processor(_globals)
    app.jinja_env.globals["partnership_name"] = _partnership_name  # macros see globals too
    return app


def _secret_key(root: Path) -> str:
    """The key that signs sessions: made once per workspace, readable by its owner only."""
    path = root / "web-secret"
    root.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def _check_session() -> Any:
    """End a session that was idle too long or is too old (ASVS 3.3.2)."""
    if not current_user.is_authenticated:
        return None
    now = current_workspace().clock.now()
    started, seen = session.get("started"), session.get("seen")
    if started is None or seen is None:
        session["started"] = session["seen"] = now.timestamp()
        return None
    if now.timestamp() - seen > IDLE_TIMEOUT.total_seconds() or (
        now.timestamp() - started > ABSOLUTE_TIMEOUT.total_seconds()
    ):
        logout_user()
        session.clear()
        return redirect(url_for("auth.sign_in", expired=1))
    session["seen"] = now.timestamp()
    return None


def _check_access() -> Any:
    """The one access check: the view's declared rule, asked of the permissions."""
    if request.endpoint == "static" or request.routing_exception is not None:
        return None  # a file, or an address no route takes (404, 405)
    rule = rule_of(_view())
    if rule is None:
        abort(403)
    if rule.action == "view-public":
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    partnership = (request.view_args or {}).get(rule.partnership) if rule.partnership else None
    who = principal()
    # The route asks whether the role may act at all (on its own agency's things, for an agency
    # contributor); the records service then checks the very record the page reads or changes.
    if not can(who, rule.action, partnership=partnership, agency=who.agency):
        abort(403)
    return None


def _view() -> Any:
    from flask import current_app

    return current_app.view_functions.get(request.endpoint or "")


def _headers(response: Response) -> Response:
    """Security headers on every response (ASVS 14.4)."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _CSP)  # a view may set a stricter one
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    from flask import current_app

    if current_app.config["BEHIND_TLS"]:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def _globals() -> dict[str, Any]:
    return {"who": principal(), "signed_in": current_user.is_authenticated}


def _partnership_name(key: str) -> str:
    """A partnership's name for the pages (its key when the records have no name for it),
    read once per request."""
    if "partnership_names" not in g:
        from saferinsight.web.records import records_for

        partnerships = records_for(current_workspace(), "web").list("partnership")
        g.partnership_names = {
            str(p.values["key"]): str(p.values.get("name") or p.values["key"]) for p in partnerships
        }
    names: dict[str, str] = g.partnership_names
    return names.get(key, key)


def _app_error(error: AppError) -> tuple[str, int]:
    status = 403 if isinstance(error, PermissionDeniedError) else 400
    status = 404 if isinstance(error, RecordNotFoundError) else status
    return render_template("error.html", title="There is a problem", error=error), status


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    message = (
        "The form had expired or did not come from this site. Go back, reload it, and try again."
    )
    return render_template("error.html", title="The form could not be sent", message=message), 400


def _http_error(error: HTTPException) -> tuple[str, int]:
    messages = {
        403: "You do not have access to this page. Ask an administrator of your partnership.",
        404: "There is no page at this address.",
        405: "This page cannot be used that way.",
        413: "The file is too large.",
    }
    status = error.code or 500
    message = messages.get(status, error.description or "")
    return render_template("error.html", title=error.name, message=message), status


def _unexpected(error: Exception) -> tuple[str, int]:
    from flask import current_app

    current_app.logger.exception("Unexpected error")
    message = "Something went wrong. The error has been logged; please try again."
    return render_template("error.html", title="Sorry, there is a problem", message=message), 500
