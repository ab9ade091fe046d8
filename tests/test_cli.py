"""The safer command: every command's help, status, counts, rejects and error handling."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from saferinsight.cli.commands import ALIASES, main
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.workspace import Workspace


def run(runner: CliRunner, workspace: Workspace, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["--workspace", str(workspace.root), *args])
    return result.exit_code, result.stdout, result.stderr


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", commands(main), ids=" ".join)
def test_every_command_has_help(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help
    assert len(command.help) > 20


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for path in commands(main):
        assert f"safer {' '.join(path)}" in readme, path


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_library_names_open_the_same_command(runner: CliRunner, alias: str) -> None:
    import saferinsight

    assert alias.replace("-", "_") in saferinsight.__all__  # the library function it calls
    short = runner.invoke(main, [ALIASES[alias], "--help"])
    long = runner.invoke(main, [alias, "--help"])
    assert (long.exit_code, long.stdout) == (0, short.stdout)
    assert alias in (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_counts_csv_has_exactly_the_by_columns(runner: CliRunner, loaded: Workspace) -> None:
    code, out, err = run(
        runner,
        loaded,
        "counts",
        "--area",
        "E06000051",
        "--from",
        "2024-01",
        "--to",
        "2024-03",
        "--by",
        "month,crime_type",
        "--format",
        "csv",
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["month", "crime_type", "count"]
    assert {r[0] for r in rows[1:]} == {"2024-01", "2024-02", "2024-03"}
    assert sum(int(r[2]) for r in rows[1:]) == 4765
    assert "Left out 483 records of west-mercia without a location" in err


def test_top_ward_for_the_first_quarter(runner: CliRunner, loaded: Workspace) -> None:
    code, out, _ = run(
        runner,
        loaded,
        "counts",
        "--area",
        "Shropshire",
        "--from",
        "2024-01",
        "--to",
        "2024-03",
        "--by",
        "ward",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    top = max(rows, key=lambda r: int(r["count"]))
    assert (top["ward"], top["count"]) == ("Quarry and Coton Hill", "408")
    assert len(rows) == 63


def test_force_counts_include_rows_without_location(runner: CliRunner, loaded: Workspace) -> None:
    code, out, err = run(
        runner, loaded, "counts", "--area", "West Mercia", "--by", "month", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert [r["count"] for r in data["rows"]] == [7700, 7654, 8529]
    assert data["left_out_no_location"] == 0
    assert "Left out" not in err


def test_crime_type_filter_and_missing_months(runner: CliRunner, loaded: Workspace) -> None:
    code, out, err = run(
        runner,
        loaded,
        "counts",
        "--area",
        "Telford & Wrekin",
        "--crime-type",
        "anti-social behaviour",
        "--from",
        "2024-03",
        "--to",
        "2024-05",
        "--format",
        "csv",
    )
    assert code == 0
    assert out.splitlines()[0] == "count"
    assert "No street file loaded for 2024-04, 2024-05" in err


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--area", "Nowhere"), 1, "no area called 'Nowhere'"),
        (("--area", "Abbey"), 1, "'Abbey' matches"),
        (("--area", "Shropshire", "--by", "street"), 2, "--by cannot count by 'street'"),
        (("--area", "Shropshire", "--from", "2024-13"), 2, "--from '2024-13' is not a month"),
        (("--area", "Shropshire", "--crime-type", "Arson"), 2, "unknown crime type 'Arson'"),
    ],
)
def test_bad_options_give_one_clear_message(
    runner: CliRunner, loaded: Workspace, args: tuple[str, ...], status: int, message: str
) -> None:
    code, _, err = run(runner, loaded, "counts", *args)
    assert code == status  # 2: an option the library refused, as click's own usage errors
    assert message in err
    assert "Traceback" not in err


def test_status_describes_the_workspace(runner: CliRunner, loaded: Workspace) -> None:
    code, out, _ = run(runner, loaded, "status")
    assert code == 0
    assert "street" in out
    assert "23,883" in out
    assert "2024-01" in out
    assert "2024-03" in out
    assert "west-mercia" in out
    assert "LSOA21-WD23-LAD23" in out
    assert "mid-2022" in out
    code, out, _ = run(runner, loaded, "status", "--format", "json")
    data = json.loads(out)
    assert data["police_uk"][0]["rows"] == 23_883
    assert (data["street_rows"], data["street_without_location"]) == (23_883, 483)


def test_status_without_a_workspace_says_what_to_do(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--workspace", str(tmp_path / "none"), "status"])
    assert result.exit_code == 1
    assert "no workspace here yet" in result.stderr


def test_ingest_and_rejects_commands(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(
        tmp_path / "2024-01-west-mercia-street.csv",
        [street_row(), street_row(month="2024-1"), street_row()],
    )
    code, out, _ = run(runner, workspace, "ingest", "police-uk", str(path))
    assert code == 0
    assert "2 rows loaded, 1 rows rejected" in out
    assert f"{path}, line 3, column Month: bad month: '2024-1'" in out
    code, out, _ = run(runner, workspace, "rejects", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["line"], r["column"], r["value"]) for r in rows] == [("3", "Month", "2024-1")]
    code, out, _ = run(runner, workspace, "ingest", "police-uk", str(path))
    assert "0 file(s) loaded" in out
    assert "1 already loaded" in out


def test_rebuild_command(runner: CliRunner, loaded: Workspace) -> None:
    code, out, _ = run(runner, loaded, "rebuild")
    assert code == 0
    assert "street: 23,883 rows (unchanged)" in out


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--workspace", str(tmp_path), "--debug", "status"])
    assert result.exit_code == 1
    assert result.exception is not None


def test_generate_then_ingest_round_trip(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "gen"
    code, stdout, err = run(
        runner,
        workspace,
        "generate",
        str(out),
        "--area",
        "Telford & Wrekin",
        "--from",
        "2024-01",
        "--to",
        "2024-02",
        "--seed",
        "7",
    )
    assert code == 0, err
    assert "for 1 force(s), 2024-01 to 2024-02 (seed 7)" in stdout
    street = sorted(out.rglob("*-street.csv"))
    assert [p.name for p in street] == [
        "2024-01-west-mercia-street.csv",
        "2024-02-west-mercia-street.csv",
    ]
    rows = sum(p.read_bytes().count(b"\n") - 1 for p in street)
    code, stdout, _ = run(runner, workspace, "ingest", "police-uk", str(out))
    assert code == 0
    code, stdout, err = run(
        runner, workspace, "counts", "--area", "West Mercia", "--format", "json"
    )
    assert json.loads(stdout)["total"] == rows
    code, stdout, err = run(
        runner, workspace, "counts", "--area", "Telford and Wrekin", "--format", "json"
    )
    located = json.loads(stdout)
    assert located["total"] + located["left_out_no_location"] == rows


def test_generate_refuses_a_ward(runner: CliRunner, workspace: Workspace, tmp_path: Path) -> None:
    code, _, err = run(
        runner,
        workspace,
        "generate",
        str(tmp_path),
        "--area",
        "Quarry and Coton Hill",
        "--from",
        "2024-01",
        "--to",
        "2024-01",
    )
    assert code == 1
    assert "generate data for a Community Safety Partnership" in err
