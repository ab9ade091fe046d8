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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferinsight.records.deadlines import DeadlineRule

__all__ = ["check_record", "local_rule_of"]

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


def _local_rule(values: Mapping[str, object]) -> list[str]:
    from saferinsight.errors import OptionError
    from saferinsight.records.deadlines import RULEBOOK

    key = values.get("key")
    if isinstance(key, str) and key in RULEBOOK and RULEBOOK[key].statutory:
        return [f"key: '{key}' is a statutory timescale, which a local rule cannot replace"]
    try:
        local_rule_of(values)
    except OptionError as exc:
        return [str(exc)]
    return []


def local_rule_of(values: Mapping[str, object]) -> DeadlineRule:
    """The deadline rule a local-rule record's values make."""
    from saferinsight.records.deadlines import local_rule

    def listed(name: str) -> list[str] | None:
        text = values.get(name)
        return [p.strip() for p in str(text).split(",") if p.strip()] if text else None

    entry = {
        "key": values.get("key"),
        "title": values.get("title") or None,
        "kinds": listed("kinds") or [],
        "starts": values.get("starts"),
        "ends": values.get("ends"),
        "amount": values.get("amount"),
        "unit": str(values.get("unit") or "").replace("-", " "),
        "decisions": listed("decisions"),
        "source": values.get("source") or "",
    }
    return local_rule({k: v for k, v in entry.items() if v is not None})


_CHECKS: Mapping[str, tuple[Check, ...]] = {
    "review-action": (_evidence,),
    "commitment": (_reason,),
    "body": (_ordered("valid_from", "valid_to"),),
    "member": (_ordered("member_from", "member_to"),),
    "priority": (_ordered("first_year", "last_year"),),
    "action-plan": (_ordered("first_year", "last_year"),),
    "initiative": (_ordered("first_year", "last_year"),),
    "local-rule": (_local_rule,),
}


def check_record(kind: str, values: Mapping[str, object]) -> list[str]:
    """The problems of a record's values under its kind's rules (none: an empty list)."""
    return [problem for check in _CHECKS.get(kind, ()) for problem in check(values)]
