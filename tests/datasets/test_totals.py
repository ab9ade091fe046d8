"""Rows skipped as totals (issue 14, class 8): a totals row is checked against the rows it
totals, a data row that only looks like a total is loaded, and every skipped row that held
something is listed with its reason, in the check and with the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferinsight.datasets.catalogue import get_dataset
from saferinsight.errors import DatasetValidationError
from saferinsight.ingest.datasets import check_dataset_file, ingest_dataset
from saferinsight.store.datasets import dataset_rows, list_versions, version_problems
from saferinsight.workspace import Workspace
from tests.datasets.test_load import write_csv
from tests.datasets.test_overlaps import state

HEADER = ["month", "area", "dvpns", "dvpos"]


def dvpn(tmp_path: Path, *rows: list[object]) -> Path:
    return write_csv(tmp_path / "dvpn.csv", [HEADER, *rows])


def test_a_totals_row_that_adds_up_is_skipped_and_listed(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = dvpn(
        tmp_path,
        ["2024-04", "Shropshire", 100, 150],
        ["2024-05", "Shropshire", 52, 52],
        ["Total", "", "152", "202"],
    )
    _, validation = check_dataset_file(workspace, "dvpn-dvpo", path)
    assert validation.problems == ()
    (note,) = validation.skipped
    assert (note.row, note.column) == (4, "(skipped)")
    assert note.problem == (
        "skipped: a totals row; 152 is the sum of dvpns of rows 2 to 3, "
        "202 is the sum of dvpos of rows 2 to 3"
    )
    load = ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police")
    assert (load.rows_loaded, load.skipped) == (2, 1)
    with workspace.reader() as warehouse:
        (listed,) = version_problems(warehouse, load.version_id)
        (version,) = list_versions(warehouse, "dvpn-dvpo")
    assert listed[:2] == (4, "(skipped)")
    assert (version.rows_rejected, version.partial) == (0, False)  # a note, not a problem


def test_a_totals_row_that_does_not_add_up_is_a_problem(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = dvpn(
        tmp_path,
        ["2024-04", "Shropshire", 100, 150],
        ["2024-05", "Shropshire", 52, 52],
        ["Total", "", "304", "202"],
    )
    before = state(workspace)
    with pytest.raises(DatasetValidationError) as refused:
        ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police")
    assert (
        "row 4, column dvpns, value 'Total, , 304, 202': a totals row says dvpns 304, but the "
        "sum of rows 2 to 3 is 152; correct the total or the rows it totals"
    ) in str(refused.value)
    assert state(workspace) == before


def test_subtotals_and_a_grand_total_are_each_checked(workspace: Workspace, tmp_path: Path) -> None:
    path = dvpn(
        tmp_path,
        ["2024-04", "Shropshire", 1, 2],
        ["2024-05", "Shropshire", 3, 4],
        ["Sub-total Shropshire", "", 4, 6],
        ["2024-04", "Telford and Wrekin", 10, 20],
        ["Subtotal Telford", "", 10, 21],
        ["Grand total", "", 14, 26],
    )
    _, validation = check_dataset_file(workspace, "dvpn-dvpo", path)
    assert [(p.row, p.column, p.problem) for p in validation.problems] == [
        (6, "dvpos", "a totals row says dvpos 21, but the sum of rows 2 to 5 is 26")
    ]
    assert [n.row for n in validation.skipped] == [4, 7]


def test_data_rows_that_only_look_like_totals_are_loaded(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Real rows whose first cell starts with Total, SUM or All areas disappeared (893 in one
    test); a row that reads as valid data is data."""
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["incident_reference", "date", "category", "recorded_by", "area"],
            ["SUM-0042", "2024-04-06", "Nuisance", "Police", "Shropshire"],
            ["Total-7", "2024-04-07", "Personal", "Council", "Shropshire"],
            ["All areas 3", "2024-04-08", "Nuisance", "Police", "Shropshire"],
            ["A4", "2024-04-09", "Nuisance", "Police", "Shropshire"],
            ["Total", "4"],
        ],
    )
    load = ingest_dataset(workspace, "asb-incidents", path, provider="Police")
    assert (load.rows_loaded, load.skipped, load.problems) == (4, 1, ())
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, get_dataset("asb-incidents"))
        (listed,) = version_problems(warehouse, load.version_id)
    assert [r["incident_reference"] for r in rows] == ["SUM-0042", "Total-7", "All areas 3", "A4"]
    assert listed[3] == "skipped: a totals row; 4 is the number of rows of rows 2 to 5"


def test_a_record_count_that_does_not_match_is_a_problem(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["incident_reference", "date", "category", "recorded_by", "area"],
            ["A1", "2024-04-06", "Nuisance", "Police", "Shropshire"],
            ["Total", "893"],
        ],
    )
    _, validation = check_dataset_file(workspace, "asb-incidents", path)
    assert [(p.row, p.problem) for p in validation.problems] == [
        (3, "a totals row says 893, but rows 2 to 2 are 1 rows")
    ]


def test_titles_and_notes_are_listed_too(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dvpn.csv",
        [["DVPNs by month"], [], HEADER, ["2024-04", "Shropshire", 1, 2], ["Source: force"]],
    )
    _, validation = check_dataset_file(workspace, "dvpn-dvpo", path)
    assert [(n.row, n.problem) for n in validation.skipped] == [
        (1, "skipped: a title above the header"),
        (5, "skipped: a note below the data"),
    ]
