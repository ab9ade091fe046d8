"""Who may do what: the one place that decides, for every surface (the records service, the web
views, the command line).

A :class:`Principal` is who is acting: a signed-in user with a role in each of their
partnerships (:data:`saferinsight.records.codes.ROLES`), the anonymous public, or the local
user of the command line, who owns the workspace's files and may do everything. Each role may
do a set of :data:`ACTIONS`. Case reviews about children need the membership's children grant,
about adults its adults grant (a joint review both); an agency contributor uploads only its own
agency's data and updates only the actions its agency owns.

Examples
--------
>>> board = Principal("bea", grants=(Grant("sscp", "board-member"),))
>>> can(board, "view-records", partnership="sscp"), can(board, "edit-records", partnership="sscp")
(True, False)
>>> manager = Principal("max", grants=(Grant("sscp", "business-manager", adults=True),))
>>> can(manager, "view-reviews", partnership="sscp", review_kind="sar")
True
>>> can(manager, "view-reviews", partnership="sscp", review_kind="lcspr")
False
>>> can(manager, "view-reviews", partnership="twp", review_kind="dhr")
False
>>> can(PUBLIC, "view-public"), can(PUBLIC, "view-overview", partnership="sscp")
(True, False)
>>> analyst = Principal("ann", grants=(Grant("sscp", "analyst", adults=True),))
>>> [can(analyst, "upload-data", partnership="sscp", dataset=name)
...  for name in ("asb-incidents", "adult-safeguarding-activity", "childrens-safeguarding")]
[True, True, False]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from saferinsight.errors import Hint, PermissionDeniedError
from saferinsight.records.codes import ROLES, review_components

__all__ = [
    "ACTIONS",
    "LOCAL",
    "PUBLIC",
    "ROLE_ACTIONS",
    "SAFEGUARDING_DATASETS",
    "Grant",
    "Principal",
    "can",
    "denied",
    "may_see_dataset",
    "require",
]

#: Everything a permission is asked for: key -> what it allows.
ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "view-public": "see the public editions and the public dashboard",
        "view-overview": "see the partnership's dashboards and analyses",
        "view-records": "read the governance records (structure, priorities, plans, funding)",
        "edit-records": "add, change and delete governance records",
        "view-reviews": "read case reviews, their recommendations and actions, and audits",
        "edit-own-actions": "update the case review actions and commitments its agency owns",
        "view-data": "see what data is loaded, its versions and rejected rows",
        "upload-data": "load partner datasets",
        "run-reports": "build reports",
        "view-reports": "download the full editions of reports",
        "manage-users": "add, disable and reset accounts",
        "view-audit": "read the history of changes and the access and sign-in logs",
    }
)

_READ = ("view-public", "view-overview", "view-records")
#: What each role may do in a partnership it belongs to.
ROLE_ACTIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "administrator": frozenset(ACTIONS),
        "analyst": frozenset(
            (*_READ, "view-reviews", "view-data", "upload-data", "run-reports", "view-reports")
        ),
        "business-manager": frozenset(
            (
                *_READ,
                "edit-records",
                "view-reviews",
                "edit-own-actions",
                "view-data",
                "run-reports",
                "view-reports",
                "view-audit",
            )
        ),
        "agency-contributor": frozenset((*_READ, "upload-data", "edit-own-actions")),
        "board-member": frozenset((*_READ, "view-reports")),
    }
)
assert set(ROLE_ACTIONS) == set(ROLES)

#: Review kinds about children, and about adults (a joint review is both).
_CHILDREN = frozenset({"rapid-review", "lcspr", "national-review"})
_ADULTS = frozenset({"sar"})
#: Partner datasets about children's and adults' safeguarding: the grant each needs.
SAFEGUARDING_DATASETS: Mapping[str, str] = MappingProxyType(
    {
        "childrens-safeguarding": "children",
        "adult-safeguarding-activity": "adults",
        "adult-safeguarding-enquiries": "adults",
    }
)


@dataclass(frozen=True)
class Grant:
    """A role in one partnership, with the safeguarding records it may see."""

    partnership: str
    role: str
    children: bool = False
    adults: bool = False


@dataclass(frozen=True)
class Principal:
    """Who is acting: their name (for the history), agency and grants; ``local`` for the owner
    of the workspace at the command line, who may do everything."""

    name: str
    grants: tuple[Grant, ...] = field(default=())
    agency: str | None = None
    local: bool = False
    anonymous: bool = False

    def grant(self, partnership: str) -> Grant | None:
        """The grant for ``partnership``, if the principal belongs to it."""
        return next((g for g in self.grants if g.partnership == partnership), None)

    @property
    def partnerships(self) -> tuple[str, ...]:
        """The partnerships the principal belongs to."""
        return tuple(g.partnership for g in self.grants)


#: The public: no account, public editions only.
PUBLIC = Principal("public", anonymous=True)
#: The command line's user, as far as permissions go (their name comes from the OS).
LOCAL = Principal("local", local=True)


def can(
    who: Principal,
    action: str,
    *,
    partnership: str | None = None,
    review_kind: str | None = None,
    agency: str | None = None,
    dataset: str | None = None,
) -> bool:
    """Whether ``who`` may do ``action`` (a key of :data:`ACTIONS`) in ``partnership``, on a
    review of ``review_kind``, on data or actions of ``agency``, or on an upload of partner
    ``dataset`` (a safeguarding one needs its grant). With no partnership, whether they may do
    it in any of theirs."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; add it to permissions.ACTIONS")
    if who.local:
        return True
    if who.anonymous:
        return action == "view-public"
    grants = [who.grant(partnership)] if partnership is not None else list(who.grants)
    return any(
        grant is not None
        and _allowed(who, grant, action, review_kind, agency)
        and _dataset_allowed(grant, dataset)
        for grant in grants
    )


def _dataset_allowed(grant: Grant, dataset: str | None) -> bool:
    needs = SAFEGUARDING_DATASETS.get(dataset or "")
    if needs == "children":
        return grant.children
    return grant.adults if needs == "adults" else True


def _allowed(
    who: Principal, grant: Grant, action: str, review_kind: str | None, agency: str | None
) -> bool:
    if action not in ROLE_ACTIONS[grant.role]:
        return False
    if review_kind is not None:
        parts = set(review_components(review_kind))
        if parts & _CHILDREN and not grant.children:
            return False
        if parts & _ADULTS and not grant.adults:
            return False
    if grant.role == "agency-contributor" and action in ("upload-data", "edit-own-actions"):
        return agency is not None and (agency or "").lower() == (who.agency or "").lower()
    return True


def may_see_dataset(who: Principal, dataset: str, *, partnership: str) -> bool:
    """Whether ``who`` may see the figures of a partner ``dataset`` in ``partnership``: a member
    who may see its analyses, with the children's or adults' grant for a safeguarding dataset
    (the public sees public editions only, never these figures).

    >>> board = Principal("bea", grants=(Grant("sscp", "board-member", adults=True),))
    >>> may_see_dataset(board, "asb-incidents", partnership="sscp")
    True
    >>> may_see_dataset(board, "childrens-safeguarding", partnership="sscp")
    False
    >>> may_see_dataset(board, "adult-safeguarding-activity", partnership="sscp")
    True
    """
    return can(who, "view-overview", partnership=partnership, dataset=dataset)


def require(
    who: Principal,
    action: str,
    *,
    partnership: str | None = None,
    review_kind: str | None = None,
    agency: str | None = None,
) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`can` allows it."""
    if not can(who, action, partnership=partnership, review_kind=review_kind, agency=agency):
        raise denied(who, action, partnership)


def denied(who: Principal, action: str, partnership: str | None = None) -> PermissionDeniedError:
    """The error saying ``who`` may not do ``action`` (in ``partnership``)."""
    where = f" in {partnership}" if partnership else ""
    return PermissionDeniedError(
        f"{who.name} may not {ACTIONS[action]}{where}.",
        hint=Hint("ask-administrator", "Ask an administrator of the partnership for access."),
    )
