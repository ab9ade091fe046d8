"""Action plans roll forward: what was not achieved carries into next year's plan."""

from __future__ import annotations

import pytest

from saferinsight.errors import RecordNotFoundError, RecordValueError
from saferinsight.records.plans import roll_forward
from saferinsight.records.service import Records


def test_unfinished_commitments_carry_forward_linked(records: Records) -> None:
    records.add("partnership", {"key": "p", "name": "P", "kind": "csp"})
    records.add("body", {"partnership": "p", "key": "asb", "name": "ASB Group", "kind": "subgroup"})
    records.add(
        "action-plan",
        {
            "body": "asb",
            "key": "asb-23",
            "title": "ASB plan",
            "first_year": "2023/24",
            "last_year": "2023/24",
        },
    )
    statuses = ["achieved", "partly-achieved", "not-achieved", "superseded", "on-track"]
    for number, status in enumerate(statuses, start=1):
        records.add(
            "commitment",
            {
                "plan": "asb-23",
                "ref": str(number),
                "text": f"Do {number}",
                "status": status,
                "owner": "Ann",
                "reason": "capacity" if status in ("not-achieved", "superseded") else None,
            },
        )
    done = roll_forward(records, "asb-23", key="asb-24", first_year="2024/25")
    assert done.plan.values["body"] == "asb"
    assert (len(done.carried), done.left) == (3, 2)
    carried = records.list("commitment", where={"plan": "asb-24"})
    assert [(c.values["ref"], c.values["status"], c.values["owner"]) for c in carried] == [
        ("2", "not-started", "Ann"),
        ("3", "not-started", "Ann"),
        ("5", "not-started", "Ann"),
    ]
    assert [c.values["rolled_from"] for c in carried] == [2, 3, 5]
    # All or nothing: a key already taken rolls nothing.
    before = len(records.list("commitment"))
    with pytest.raises(RecordValueError, match="already has this key"):
        roll_forward(records, "asb-23", key="asb-24", first_year="2024/25")
    assert len(records.list("commitment")) == before
    with pytest.raises(RecordNotFoundError, match="no action plan with key 'nope'"):
        roll_forward(records, "nope", key="x", first_year="2024/25")
