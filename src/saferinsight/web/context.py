"""What every view asks of the request: the workspace served, who is asking, and whether a
``next=`` address may be followed."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_login import current_user

from saferinsight.records.permissions import PUBLIC, Principal
from saferinsight.workspace import Workspace

__all__ = ["current_workspace", "principal", "safe_next"]


def current_workspace() -> Workspace:
    """The workspace the application serves."""
    found: Workspace = current_app.extensions["safer_workspace"]
    return found


def principal() -> Principal:
    """Who is asking: the signed-in user, or the public."""
    if current_user.is_authenticated:
        found: Principal = current_user.principal
        return found
    return PUBLIC


def safe_next(target: str | None) -> str | None:
    """A ``next=`` address to go to after signing in, only if it stays on this site.

    >>> safe_next("/p/sscp/reviews?year=2024/25"), safe_next("//evil.example/"), safe_next(None)
    ('/p/sscp/reviews?year=2024/25', None, None)
    >>> safe_next("https://evil.example/x"), safe_next("/\\\\evil.example")
    (None, None)
    """
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target
