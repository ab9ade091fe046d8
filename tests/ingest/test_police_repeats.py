"""Repeated police.uk rows and reused Crime IDs (issue 14): loaded as they are (nothing real is
dropped) and reported, with the count and first examples, by the load and by ``safer status``.
A repeat is a Crime ID on more than one street row; rows without a Crime ID (anti-social
behaviour) are never repeats, however alike: they are incidents at one snap point."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from saferinsight.cli.commands import main
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace
from saferinsight.workspace.status import workspace_status


def test_a_repeated_row_and_a_reused_crime_id_are_reported_not_dropped(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    rows = [street_row(month="2024-01") for _ in range(3)]
    reused = street_row(month="2024-01", crime_type="Vehicle crime", crime_id=rows[1][0])
    asb = street_row(month="2024-01", crime_type="Anti-social behaviour")
    path = write_police_csv(
        tmp_path / "2024-01-west-mercia-street.csv", [*rows, rows[0], reused, asb, asb]
    )
    report = ingest_police_uk(workspace, [path])
    assert report.rows_loaded == 7
    assert (report.repeats.ids, report.repeats.rows) == (2, 4)
    first, second = report.repeats.examples
    assert {(first.crime_id, first.identical), (second.crime_id, second.identical)} == {
        (rows[0][0], True),
        (rows[1][0], False),
    }
    assert set(report.repeat_files.values()) == {str(path)}
    status = workspace_status(workspace)
    assert (status.crime_id_repeats.ids, status.crime_id_repeats.rows) == (2, 4)
    result = CliRunner().invoke(main, ["--workspace", str(workspace.root), "status"])
    assert result.exit_code == 0, result.output
    assert "2 Crime ID(s) are on more than one street row (4 rows)" in result.output
    assert f"{rows[0][0]}: 2 identical rows in 2024-01-west-mercia-street.csv" in result.output


def test_the_same_crime_id_in_two_files_of_one_load_is_reported(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    january = [street_row(month="2024-01") for _ in range(2)]
    february = [street_row(month="2024-02", crime_id=january[0][0])]
    paths = [
        write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", january),
        write_police_csv(tmp_path / "2024-02-west-mercia-street.csv", february),
    ]
    result = CliRunner().invoke(
        main, ["--workspace", str(workspace.root), "ingest", "police-uk", *map(str, paths)]
    )
    assert result.exit_code == 0, result.output
    assert "1 Crime ID(s) are on more than one street row (2 rows), loaded as they are" in (
        " ".join(result.output.split())
    )
    assert f"{january[0][0]}: 2 different rows in" in result.output


def test_identical_rows_without_a_crime_id_are_not_repeats(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    asb = street_row(month="2024-01", crime_type="Anti-social behaviour")
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [asb, asb, asb])
    report = ingest_police_uk(workspace, [path])
    assert report.rows_loaded == 3
    assert report.repeats.ids == 0
    assert workspace_status(workspace).crime_id_repeats.ids == 0
