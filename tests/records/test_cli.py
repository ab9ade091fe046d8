"""The governance commands from the command line: one library call each, errors without
tracebacks, the seed reports' figures from the demo records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saferinsight.cli import main
from saferinsight.records.transfer import DEMO_RECORDS


@pytest.fixture
def run(tmp_path: Path) -> object:
    runner = CliRunner()

    def invoke(*args: str, who: str = "ann") -> tuple[int, str]:
        root = ["--workspace", str(tmp_path / "ws")]
        if args and args[0] == "records":
            args = ("records", "--as", who, *args[1:])
        result = runner.invoke(main, [*root, *args], catch_exceptions=False)
        return result.exit_code, result.output

    return invoke


def test_add_update_conflict_and_history(run) -> None:  # type: ignore[no-untyped-def]
    assert run("records", "add", "partnership", "--set", "key=p", "--set", "name=P",
               "--set", "kind=csp")[0] == 0  # fmt: skip
    code, out = run("records", "update", "partnership", "p", "--set", "name=Q", "--if-version", "1")
    assert code == 0
    assert "version 2" in out
    code, out = run("records", "update", "partnership", "p", "--set", "name=R",
                    "--if-version", "1", who="ben")  # fmt: skip
    assert code == 1
    assert "Error: partnership p was changed by ann at" in out
    assert "Hint: " in out
    assert "Traceback" not in out
    code, out = run("records", "history", "--format", "json")
    entries = json.loads(out)
    assert [(e["action"], e["actor"]) for e in entries] == [("update", "ann"), ("add", "ann")]
    assert entries[0]["before"]["name"] == "P"
    assert entries[0]["after"]["name"] == "Q"


def test_bad_values_are_listed_without_a_traceback(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("records", "add", "review", "--set", "kind=inquest", "--set", "x")
    assert code == 2
    assert "is not FIELD=VALUE" in out
    code, out = run("records", "add", "review", "--set", "kind=inquest")
    assert code == 1
    assert "kind: 'inquest' is not one of the codes" in out
    assert "pseudonym: required" in out


def test_the_demo_records_give_the_seed_reports_figures(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("records", "import", str(DEMO_RECORDS))
    assert code == 0
    assert out.startswith("Imported 606 record(s) from shropshire.yaml")
    code, out = run("reviews", "--year", "2024/25")
    assert code == 0
    assert (
        "Domestic Homicide Review: 1 referral; 1 completed and published; 1 with published "
        "learning; 2 with the Home Office; 2 ongoing; 1 awaiting a decision" in out
    )
    assert (
        "ASB Case Review (Community Trigger): 6 requests; 4 not progressed; 2 action plans" in out
    )
    code, out = run("funding", "--year", "2022/23", "--year", "2023/24", "--format", "csv")
    assert code == 0
    assert 'Total Key Partners\' Contributions,87%,"£398,481.00",98%,"£408,480.00"' in out
    code, out = run("structure", "--year", "2024/25")
    assert "Structure April to June 2024:" in out
    assert "Structure from July 2024:" in out
    code, out = run("actions", "--show", "overdue", "--format", "json")
    assert code == 0
    assert all(item["state"] == "overdue" for item in json.loads(out))
    code, out = run("reviews", "--year", "2024/25", "--overdue", "--format", "csv")
    assert "dhr-mr-c" in out
