"""Every dataset reports a bad cell with its row, column, value and fix, and loads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferinsight.datasets.catalogue import DATASETS
from saferinsight.datasets.schema import Column, Dataset
from saferinsight.datasets.templates import template_csv
from saferinsight.errors import DatasetValidationError
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace

#: A wrong value for each kind of column, and words its problem must contain.
WRONG = {
    "integer": ("-5", "below 0"),
    "number": ("lots", "not a number"),
    "date": ("31/02/2024", "not a date"),
    "month": ("2024-13", "not a month"),
    "boolean": ("perhaps", "not Y or N"),
    "code": ("Something else", "is not a code of"),
    "codes": ("Something else", "is not a code of"),
    "financial_year": ("2024/26", "not a financial year"),
    "quarter": ("Q5", "not a quarter"),
    "lsoa": ("E01999999", "is not an LSOA in the reference geography"),
    "ward": ("E05999999", "is not a ward in the reference geography"),
    "area": ("Atlantis", "is not an area in the reference geography"),
    "offence": ("99Z", "not a Home Office offence code"),
}


def _checked(dataset: Dataset) -> Column:
    """The first column whose kind can be wrong (not free text)."""
    return next(c for c in dataset.columns if c.kind in WRONG and c.kind != "text")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("errors") / "ws")


@pytest.mark.parametrize("dataset", DATASETS.values(), ids=lambda d: d.name)
def test_a_wrong_cell_is_reported_with_row_column_and_fix(
    dataset: Dataset, workspace: Workspace, tmp_path: Path
) -> None:
    header, example = template_csv(dataset).splitlines()
    column = _checked(dataset)
    value, words = WRONG[column.kind]
    cells = example.split(",")
    cells[[c.name for c in dataset.columns].index(column.name)] = value
    path = tmp_path / f"{dataset.name}.csv"
    path.write_text("\n".join([header, example, ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(DatasetValidationError) as caught:
        ingest_dataset(workspace, dataset.name, path, provider="Test", area="Shropshire")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, column.name, value)
    assert words in problem.problem
    assert problem.fix.split()[0] in ("write", "use", "correct")
    assert f"row 3, column {column.name}, value '{value}'" in str(caught.value)
    assert "nothing was loaded" in str(caught.value)
