"""ONS population: the MYE2 workbook reader, the shipped snapshot and user loads."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from saferinsight.errors import InputFileError
from saferinsight.ingest.geography import ingest_population
from saferinsight.ingest.population import read_mye2_workbook, read_mye_csv
from saferinsight.reference import MYE_SNAPSHOT, shipped
from saferinsight.workspace import Workspace

WORKBOOK = Path(__file__).parents[1] / "data" / "mye22final.xlsx"
MYE2_PERSONS_XML = "xl/worksheets/sheet7.xml"
ENGLAND_ROW = 12  # row 12 of "MYE2 - Persons" is England (E92000001): All ages in D, age 0 in E


def edit_workbook(target: Path, *, cells: dict[str, str | int], year: int | None = None) -> Path:
    """Copy the real workbook with some cells changed, editing its XML (openpyxl is too slow)."""
    with zipfile.ZipFile(WORKBOOK) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == MYE2_PERSONS_XML:
                text = data.decode()
                for ref, value in cells.items():
                    pattern = rf'<c r="{ref}"( s="\d+")?><v>[^<]*</v></c>'
                    cell = (
                        rf'<c r="{ref}"\1><v>{value}</v></c>'
                        if isinstance(value, int)
                        else rf'<c r="{ref}"\1 t="inlineStr"><is><t>{value}</t></is></c>'
                    )
                    text, found = re.subn(pattern, cell, text)
                    assert found == 1, ref
                data = text.encode()
            elif item.filename == "xl/sharedStrings.xml" and year is not None:
                data = data.replace(b"mid-2022", f"mid-{year}".encode())
            dst.writestr(item, data)
    return target


@pytest.fixture(scope="module")
def estimates():  # type: ignore[no-untyped-def]
    return read_mye2_workbook(WORKBOOK)


def test_real_workbook_gives_the_published_populations(estimates) -> None:  # type: ignore[no-untyped-def]
    assert estimates.year == 2022
    shropshire = estimates.get("E06000051")
    telford = estimates.get("E06000020")
    assert shropshire is not None
    assert telford is not None
    assert (shropshire.name, shropshire.all_ages) == ("Shropshire", 327_178)
    assert telford.all_ages == 188_871
    assert len(shropshire.by_age) == 91
    assert sum(shropshire.by_age) == shropshire.all_ages


def test_shipped_snapshot_is_the_workbook(estimates) -> None:  # type: ignore[no-untyped-def]
    snapshot = read_mye_csv(shipped(MYE_SNAPSHOT), source="snapshot")
    assert snapshot.year == estimates.year
    assert snapshot.areas == estimates.areas


def test_loading_a_workbook_replaces_that_year(workspace: Workspace, tmp_path: Path) -> None:
    newer = edit_workbook(
        tmp_path / "mye23final.xlsx", cells={"D12": 57_106_408, "E12": 596_316}, year=2023
    )
    load = ingest_population(workspace, newer)
    assert (load.kind, load.version, load.rows) == ("population-mid-year", "mid-2023", 404)
    with workspace.reader() as warehouse:
        rows = warehouse.execute(
            "SELECT year, sum(persons) FROM population_mye WHERE code = 'E92000001'"
            " GROUP BY year ORDER BY year"
        ).fetchall()
        versions = warehouse.execute(
            "SELECT version, shipped FROM reference_versions WHERE kind = 'population-mid-year'"
            " ORDER BY version"
        ).fetchall()
    assert rows == [(2022, 57_106_398), (2023, 57_106_408)]
    assert versions == [("mid-2022", True), ("mid-2023", False)]


def test_an_edited_workbook_is_refused_with_row_and_column(tmp_path: Path) -> None:
    bad = edit_workbook(tmp_path / "bad.xlsx", cells={"E12": "n/a"})
    with pytest.raises(InputFileError, match=r"row 12, column E: 'n/a' is not a whole number"):
        read_mye2_workbook(bad)


def test_a_workbook_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    bad = edit_workbook(tmp_path / "bad.xlsx", cells={"E12": 596_307})
    with pytest.raises(InputFileError, match=r"row 12 \(E92000001\): the single years of age add"):
        read_mye2_workbook(bad)


def test_a_workbook_without_mye2_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"  # type: ignore[union-attr]
    other = tmp_path / "other.xlsx"
    book.save(other)
    with pytest.raises(InputFileError, match="no sheet named 'MYE2 - Persons'"):
        read_mye2_workbook(other)
    not_excel = tmp_path / "x.xlsx"
    not_excel.write_text("hello")
    with pytest.raises(InputFileError, match="cannot be opened as an Excel workbook"):
        read_mye2_workbook(not_excel)
