"""Who may open each route: every view declares the permission it needs with :func:`allow`,
and one check before every request applies it. A route without a declaration is refused (and
the access test over the route table fails), so a new page cannot be public by accident.

Examples
--------
>>> @allow("view-reviews")
... def register(partnership: str) -> str:
...     return partnership
>>> register.access
Rule(action='view-reviews', partnership='partnership')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from saferinsight.records.permissions import ACTIONS

__all__ = ["Rule", "allow", "rule_of"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    """A view's permission, and which URL argument names the partnership it applies to."""

    action: str
    partnership: str | None = "partnership"


def allow(action: str, *, partnership: str | None = "partnership") -> Callable[[F], F]:
    """Declare the permission a view needs (``view-public`` for pages anyone may open)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def declare(view: F) -> F:
        view.access = Rule(action, partnership if action != "view-public" else None)  # type: ignore[attr-defined]
        return view

    return declare


def rule_of(view: Callable[..., Any] | None) -> Rule | None:
    """The rule a view declared, if any."""
    found = getattr(view, "access", None)
    return found if isinstance(found, Rule) else None
