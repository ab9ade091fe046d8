"""Rules a record must meet beyond the types of its fields: an action closes only with its
evidence of impact, a commitment not achieved says why, dates run forwards.

Examples
--------
>>> check_record("review-action", {"status": "closed", "evidence": None})
['evidence: an action is closed or completed only with its evidence of impact recorded']
>>> check_record("review-action", {"status": "closed", "evidence": "Audit in May: 9 of 10"})
[]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

__all__ = ["check_record"]

Check = Callable[[Mapping[str, object]], list[str]]


def _evidence(values: Mapping[str, object]) -> list[str]:
    if values.get("status") in ("completed", "closed") and not values.get("evidence"):
        return [
            "evidence: an action is closed or completed only with its evidence of impact recorded"
        ]
    return []


def _reason(values: Mapping[str, object]) -> list[str]:
    if values.get("status") in ("not-achieved", "superseded") and not values.get("reason"):
        return ["reason: say why the commitment was not achieved or was superseded"]
    return []


def _ordered(first: str, last: str) -> Check:
    def check(values: Mapping[str, object]) -> list[str]:
        start, end = values.get(first), values.get(last)
        if start is not None and end is not None and str(end) < str(start):
            return [f"{last}: {end} is before {first} {start}"]
        return []

    return check


_CHECKS: Mapping[str, tuple[Check, ...]] = {
    "review-action": (_evidence,),
    "commitment": (_reason,),
    "body": (_ordered("valid_from", "valid_to"),),
    "member": (_ordered("member_from", "member_to"),),
    "priority": (_ordered("first_year", "last_year"),),
    "action-plan": (_ordered("first_year", "last_year"),),
    "initiative": (_ordered("first_year", "last_year"),),
}


def check_record(kind: str, values: Mapping[str, object]) -> list[str]:
    """The problems of a record's values under its kind's rules (none: an empty list)."""
    return [problem for check in _CHECKS.get(kind, ()) for problem in check(values)]
