"""Permissions enforced by the records service: roles per partnership, safeguarding grants, an
agency contributor's own actions, history by partnership."""

from __future__ import annotations

import pytest

from saferinsight.errors import PermissionDeniedError
from saferinsight.records.permissions import ROLE_ACTIONS, Grant, Principal, can
from saferinsight.records.service import Records


def _as(records: Records, name: str, *grants: Grant, agency: str | None = None) -> Records:
    who = Principal(name, grants=grants, agency=agency)
    return Records(records.workspace, actor=name, principal=who)


@pytest.fixture
def two(records: Records) -> Records:
    for key in ("sscp", "twp"):
        records.add("partnership", {"key": key, "name": key.upper(), "kind": "joint"})
        records.add(
            "body", {"partnership": key, "key": f"{key}-board", "name": "Board", "kind": "board"}
        )
    for ref, kind in [("lcspr-a", "lcspr"), ("sar-b", "sar"), ("dhr-c", "dhr")]:
        records.add("review", {"partnership": "sscp", "ref": ref, "kind": kind, "pseudonym": ref})
    records.add("review", {"partnership": "twp", "ref": "dhr-t", "kind": "dhr", "pseudonym": "T"})
    rec = records.add("recommendation", {"review": "dhr-c", "text": "Share information"})
    for agency in ("Police", "Council"):
        records.add(
            "review-action", {"recommendation": rec.id, "text": f"{agency} audit", "agency": agency}
        )
    return records


def test_a_board_member_reads_records_but_not_reviews(two: Records) -> None:
    board = _as(two, "bea", Grant("sscp", "board-member"))
    assert [b.values["key"] for b in board.list("body")] == ["sscp-board"]
    assert board.list("review") == ()
    with pytest.raises(PermissionDeniedError, match="bea may not read case reviews"):
        board.get("review", "dhr-c")
    with pytest.raises(PermissionDeniedError, match="may not add, change and delete"):
        board.update("body", "sscp-board", {"chair": "Bea"})
    with pytest.raises(PermissionDeniedError, match="history"):
        board.history()


def test_reviews_about_children_and_adults_need_their_grants(two: Records) -> None:
    adults = _as(two, "max", Grant("sscp", "business-manager", adults=True))
    assert [r.values["ref"] for r in adults.list("review")] == ["sar-b", "dhr-c"]
    with pytest.raises(PermissionDeniedError):
        adults.get("review", "lcspr-a")
    with pytest.raises(PermissionDeniedError):
        adults.add(
            "review-event", {"review": "lcspr-a", "stage": "referral", "dated": "2024-05-01"}
        )
    adults.add("review-event", {"review": "sar-b", "stage": "referral", "dated": "2024-05-01"})
    both = _as(two, "cat", Grant("sscp", "business-manager", children=True, adults=True))
    assert len(both.list("review")) == 3


def test_another_partnership_is_invisible(two: Records) -> None:
    twp = _as(two, "tom", Grant("twp", "business-manager", children=True, adults=True))
    assert [r.values["ref"] for r in twp.list("review")] == ["dhr-t"]
    with pytest.raises(PermissionDeniedError, match="in sscp"):
        twp.get("review", "dhr-c")
    with pytest.raises(PermissionDeniedError):
        twp.add("body", {"partnership": "sscp", "key": "x", "name": "X", "kind": "board"})
    # Moving a record into a partnership the principal cannot change is refused too.
    with pytest.raises(PermissionDeniedError):
        twp.update("body", "twp-board", {"partnership": "sscp"})
    assert {c.label for c in twp.history()} <= {"twp", "twp-board", "dhr-t"}


def test_an_agency_contributor_reports_on_its_own_actions_only(two: Records) -> None:
    police = _as(two, "pat", Grant("sscp", "agency-contributor"), agency="Police")
    mine = police.list("review-action")
    assert [a.values["text"] for a in mine] == ["Police audit"]
    done = police.update(
        "review-action", mine[0].id, {"status": "completed", "evidence": "Dip sample: 9 of 10"}
    )
    assert done.values["status"] == "completed"
    with pytest.raises(PermissionDeniedError):
        police.update("review-action", mine[0].id, {"text": "Something else"})
    council = next(a for a in two.list("review-action") if a.values["agency"] == "Council")
    with pytest.raises(PermissionDeniedError):
        police.update("review-action", council.id, {"status": "completed", "evidence": "x"})
    assert police.list("review") == ()


def test_the_roles_allow_what_the_issue_says() -> None:
    assert ROLE_ACTIONS["administrator"] >= ROLE_ACTIONS["business-manager"]
    board = Principal("b", grants=(Grant("p", "board-member"),))
    assert not can(board, "upload-data", partnership="p")
    contributor = Principal("c", grants=(Grant("p", "agency-contributor"),), agency="Fire")
    assert can(contributor, "upload-data", partnership="p", agency="fire")
    assert not can(contributor, "upload-data", partnership="p", agency="Police")
