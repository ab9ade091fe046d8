"""Partner values that passed validation but should not (issue 14): NUL characters, a date far
outside the file's period, a number in text read as an Excel date, a date cell in a column that
is not a date, digits other than 0-9, and money or a change in a count. Each is a problem naming
row, column, value and fix; the file loads nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from saferinsight.errors import DatasetValidationError
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace
from tests.datasets.test_overlaps import state

DVPN_HEADER = "month,area,dvpns,dvpos"
ASB_HEADER = "incident_reference,date,category,recorded_by,lsoa,ward,area"
ASB_ROW = "ASB-{n},2024-{m:02d}-06,Nuisance,Police,E01028947,E05008136,Shropshire"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("values") / "ws")


def _refused(
    workspace: Workspace, name: str, path: Path, **options: str
) -> tuple[int, str, str, str, str]:
    before = state(workspace)
    with pytest.raises(DatasetValidationError) as caught:
        ingest_dataset(workspace, name, path, provider="Test", **options)
    assert state(workspace) == before
    assert str(path.name) in str(caught.value)
    (problem,) = caught.value.problems
    return problem.row, problem.column, problem.value, problem.problem, problem.fix


def _dvpn(tmp_path: Path, dvpns: str) -> Path:
    path = tmp_path / "dvpn.csv"
    lines = [DVPN_HEADER, "2024-04,Shropshire,3,2", f"2024-05,Shropshire,{dvpns},2"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "words", "fix"),
    [
        ("£12", "an amount of money, not a count", "write the number of dvpns alone"),
        ("+8", "looks like a change, not a count", "write the count itself ('8')"),
        ("\uff11\uff12", "digits other than 0-9 (fullwidth)", "type it with the digits 0-9 ('12')"),
        (
            "\u0661\u0662",
            "digits other than 0-9 (arabic-indic)",
            "type it with the digits 0-9 ('12')",
        ),
        ("1\u0662", "digits other than 0-9", "('12')"),
    ],
)
def test_a_count_that_python_would_read_is_refused(
    workspace: Workspace, tmp_path: Path, cell: str, words: str, fix: str
) -> None:
    row, column, value, problem, advice = _refused(workspace, "dvpn-dvpo", _dvpn(tmp_path, cell))
    assert (row, column, value) == (3, "dvpns", cell)
    assert words in problem
    assert fix in advice


def test_plain_counts_still_load(workspace: Workspace, tmp_path: Path) -> None:
    load = ingest_dataset(workspace, "dvpn-dvpo", _dvpn(tmp_path, '"1,234"'), provider="Plain")
    assert load.rows_loaded == 2


def test_a_nul_character_in_text_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "asb.csv"
    # Past the first 4 KiB, which the reader checks for a UTF-16 or binary file as a whole.
    rows = [ASB_ROW.format(n=n, m=4) for n in range(100)] + [ASB_ROW.format(n="X\x00", m=5)]
    path.write_text("\n".join([ASB_HEADER, *rows]) + "\n", encoding="utf-8")
    row, column, value, problem, fix = _refused(workspace, "asb-incidents", path, area="Shropshire")
    assert (row, column, value) == (102, "incident_reference", "ASB-X\x00")
    assert "NUL character" in problem
    assert "remove it" in fix


def _asb(tmp_path: Path, dates: list[str]) -> Path:
    path = tmp_path / "asb.csv"
    rows = [
        f"ASB-{n},{d},Nuisance,Police,E01028947,E05008136,Shropshire" for n, d in enumerate(dates)
    ]
    path.write_text("\n".join([ASB_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_date_far_outside_the_files_period_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    dates = [f"2024-{m:02d}-06" for m in range(4, 13)] + ["2025-01-06", "2099-01-01"]
    row, column, value, problem, fix = _refused(workspace, "asb-incidents", _asb(tmp_path, dates))
    assert (row, column, value) == (12, "date", "2099-01-01")
    assert "more than 24 months from the rest of the file (2024-04 to 2025-01)" in problem
    assert "correct the date" in fix


def test_with_the_period_given_the_far_date_is_outside_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    dates = ["2024-04-06", "2099-01-01"]
    path = _asb(tmp_path, dates)
    row, _, value, problem, _ = _refused(workspace, "asb-incidents", path, period="2024/25")
    assert (row, value, problem) == (
        3,
        "2099-01-01",
        "dated outside the period of the load (2024/25)",
    )


def test_a_file_over_several_years_without_a_gap_loads(
    workspace: Workspace, tmp_path: Path
) -> None:
    dates = [f"{y}-{m:02d}-06" for y in range(2019, 2025) for m in (1, 7)]
    load = ingest_dataset(workspace, "asb-incidents", _asb(tmp_path, dates), provider="Years")
    assert load.rows_loaded == len(dates)


def test_a_number_in_text_is_not_read_as_an_excel_date(
    workspace: Workspace, tmp_path: Path
) -> None:
    row, column, value, problem, fix = _refused(
        workspace, "asb-incidents", _asb(tmp_path, ["2024-04-06", "45000"])
    )
    assert (row, column, value) == (3, "date", "45000")
    assert problem == (
        "'45000' is a number written as text, not a date (as an Excel date number it would be "
        "2023-03-15)"
    )
    assert "format the column as a date" in fix


def test_a_date_cell_in_a_column_that_is_not_a_date_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ASB_HEADER.split(","))
    sheet.append(ASB_ROW.format(n=1, m=4).split(","))
    sheet.append([datetime(2023, 3, 15), *ASB_ROW.format(n=2, m=5).split(",")[1:]])
    path = tmp_path / "asb.xlsx"
    book.save(path)
    row, column, value, problem, fix = _refused(workspace, "asb-incidents", path)
    assert (row, column) == (3, "incident_reference")
    assert "2023-03-15" in str(value)
    assert problem == (
        "the workbook gives a date (2023-03-15) in a column that is not a date "
        "(Excel date number 45000)"
    )
    assert "format the column as text" in fix


def test_a_column_written_wholly_as_excel_date_numbers_is_read_as_dates(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A workbook saved as CSV with its date column formatted General (as the messy partner
    files are): every date is a number, so the column is read as the dates they stand for."""
    load = ingest_dataset(
        workspace, "asb-incidents", _asb(tmp_path, ["45383", "45384"]), provider="Serials"
    )
    assert load.rows_loaded == 2
