"""The demo workspace: real extract plus generated data, three complete financial years."""

from __future__ import annotations

import gzip

import pytest

from saferinsight import reference
from saferinsight.analysis.counts import count_in
from saferinsight.generate.demo import REAL_MONTHS, DemoResult, build_demo
from saferinsight.workspace import Workspace


@pytest.mark.slow
def test_demo_builds_three_financial_years_and_is_idempotent(
    demo_build: DemoResult, demo: Workspace, demo_copy: Workspace
) -> None:
    result = demo_build
    assert result.ingest.count("loaded") == 72  # 36 months, street and outcomes
    for area in result.areas:
        assert area.years == ("2022/23", "2023/24", "2024/25")
    shropshire = result.areas[0]
    assert shropshire.area.startswith("Shropshire (Community Safety Partnership")
    # The real months are exactly the shipped extract's Shropshire rows.
    with demo.reader() as warehouse:
        counts = count_in(
            warehouse, "E06000051", start=REAL_MONTHS[0], end=REAL_MONTHS[-1], by=["month"]
        )
        real = count_in(warehouse, "Telford and Wrekin", start=REAL_MONTHS[0], end=REAL_MONTHS[-1])
    extract_rows = 0
    for month in REAL_MONTHS:
        path = reference.shipped(f"demo/{month}-west-mercia-street.csv.gz")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            extract_rows += sum(1 for _ in handle) - 1
    assert counts.total + real.total == extract_rows == result.real_rows
    # Built again (on a copy, since the session's demo is shared), it loads nothing new.
    again = build_demo(demo_copy)
    assert again.ingest.count("unchanged") == 72
    assert again.ingest.rows_loaded == 0
    assert again.areas == result.areas
    # The governance records are imported once.
    assert result.records_added == _demo_records()
    assert again.records_added == 0
    # One account per role, made once, each able to sign in with the password printed.
    from saferinsight.accounts.users import Accounts
    from saferinsight.records.codes import ROLES
    from saferinsight.records.service import Records

    assert [role for _, role, _ in result.users] == list(ROLES)
    assert again.users == ()
    accounts = Accounts(Records(demo_copy, actor="test"))
    outcomes = {
        role: accounts.sign_in(name, password, address="127.0.0.1").outcome
        for name, role, password in result.users
    }
    assert outcomes == dict.fromkeys(ROLES, "signed-in") | {"administrator": "set-up-two-factor"}


def _demo_records() -> int:
    """The records in the demo's file, counted from the YAML itself."""
    import yaml

    from saferinsight.records.transfer import DEMO_RECORDS

    data = yaml.safe_load(DEMO_RECORDS.read_text(encoding="utf-8"))
    return sum(len(entries or []) for entries in data.values())
