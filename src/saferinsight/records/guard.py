"""The records' side of the permissions: which partnership, kind of review and agency a record
belongs to, and whether a principal may read or change it (:func:`.permissions.can` decides).

A record belongs to the partnership its parents lead to (an event to its review, the review to
its partnership); a case review's records carry the review's kind (children's and adults'
reviews need their grants); an action and a commitment carry their agency, which an agency
contributor must share to see or update them, and then only the fields an owner reports on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from saferinsight.records.kinds import KINDS, Kind
from saferinsight.records.permissions import Principal, can, denied
from saferinsight.records.tables.base import Record
from saferinsight.records.tables.reviews import Review
from saferinsight.records.tables.structure import Partnership

__all__ = ["OWNER_FIELDS", "Scope", "check_read", "check_write", "may_read", "scope_of"]

#: What an agency contributor may change of the records its agency owns.
OWNER_FIELDS = {
    "review-action": frozenset({"status", "evidence", "closed_on"}),
    "commitment": frozenset({"status", "reason"}),
    "progress-update": frozenset({"commitment", "dated", "text", "status", "author"}),
}


@dataclass(frozen=True)
class Scope:
    """Where a record belongs: its partnership's key, its review's kind, its agency."""

    partnership: str | None
    review_kind: str | None = None
    agency: str | None = None


def scope_of(session: Session, spec: Kind, row: Record) -> Scope:
    """The record's partnership, review kind and agency, following its parents (reading only:
    pending changes are not flushed, which would count as a second version)."""
    with session.no_autoflush:
        return _scope(session, spec, row)


def _scope(session: Session, spec: Kind, row: Record) -> Scope:
    review_kind: str | None = row.kind if isinstance(row, Review) else None
    agency = getattr(row, "agency", None) if spec.key in OWNER_FIELDS else None
    current, kind = row, spec
    while not isinstance(current, Partnership):
        parent_field = next((f for f in kind.fields if f.refers_to == kind.parent), None)
        if kind.parent is None or parent_field is None:
            return Scope(None, review_kind, agency)
        kind = KINDS[kind.parent]
        found = session.get(kind.model, getattr(current, parent_field.column))
        if found is None:
            return Scope(None, review_kind, agency)
        current = found
        if isinstance(current, Review) and review_kind is None:
            review_kind = current.kind
        if agency is None and kind.key in OWNER_FIELDS:
            agency = getattr(current, "agency", None)
    return Scope(current.key, review_kind, agency)


def _reading(spec: Kind) -> str:
    return "view-reviews" if spec.confidential else "view-records"


def may_read(who: Principal, spec: Kind, scope: Scope) -> bool:
    """Whether ``who`` may read a record of ``spec`` in ``scope``."""
    if can(who, _reading(spec), partnership=scope.partnership, review_kind=scope.review_kind):
        return True
    return spec.key in OWNER_FIELDS and can(
        who, "edit-own-actions", partnership=scope.partnership, agency=scope.agency
    )


def check_read(who: Principal, spec: Kind, scope: Scope) -> None:
    """Refuse a reading ``who`` may not make."""
    if not may_read(who, spec, scope):
        raise denied(who, _reading(spec), scope.partnership)


def check_write(who: Principal, spec: Kind, scope: Scope, fields: Collection[str]) -> None:
    """Refuse a change ``who`` may not make (adding a partnership needs an administrator)."""
    if spec.key == "partnership" and scope.partnership is None:
        if not can(who, "manage-users"):
            raise denied(who, "manage-users", scope.partnership)
        return
    partnership = scope.partnership
    if can(who, "edit-records", partnership=partnership, review_kind=scope.review_kind):
        return
    owned = OWNER_FIELDS.get(spec.key)
    if (
        owned is not None
        and set(fields) <= owned
        and can(who, "edit-own-actions", partnership=partnership, agency=scope.agency)
    ):
        return
    raise denied(who, "edit-records", scope.partnership)
