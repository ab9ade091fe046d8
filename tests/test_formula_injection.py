"""CSV and XLSX files the product writes never carry a formula taken from loaded data (issue 14,
"Other"): a cell starting with = + - @ tab or CR gets a leading apostrophe (OWASP), and numbers,
negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from saferinsight.analysis.counts import export_street_counts
from saferinsight.cli.commands import main
from saferinsight.core.cells import FORMULA_STARTS, NUMBER, safe_cell
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.datasets.templates import template_csv, template_xlsx
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace

PAYLOAD = '=HYPERLINK("http://example.invalid","Click")'
PAYLOADS = [PAYLOAD, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_gets_an_apostrophe(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("number", [-3, -2.5, 0, "-2.751", "-12", "+8", "-.5", "1e5", "-1E-3"])
def test_numbers_stay_as_they_are(number: object) -> None:
    assert safe_cell(number) == number


@given(st.text())
def test_no_text_is_left_starting_like_a_formula_and_none_is_lost(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert cell in (text, "'" + text)
    assert not cell.startswith(FORMULA_STARTS) or NUMBER.fullmatch(cell)


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def injected(tmp_path: Path) -> Workspace:
    """A workspace whose loaded rows carry formulas: one rejected, one loaded LSOA code."""
    rows = [street_row(), street_row(longitude=PAYLOAD), street_row(lsoa="@SUM(A1)")]
    workspace = Workspace(tmp_path / "ws")
    ingest_police_uk(
        workspace, [write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", rows)]
    )
    return workspace


def test_rejects_as_csv_neutralise_the_rejected_value(injected: Workspace) -> None:
    result = CliRunner().invoke(
        main, ["--workspace", str(injected.root), "rejects", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    value = rows[0].index("value")
    assert [row[value][:12] for row in rows[1:]] == ["'=HYPERLINK("]
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_the_street_counts_export_neutralises_text_and_keeps_counts_numeric(
    injected: Workspace, tmp_path: Path
) -> None:
    with injected.reader() as warehouse:
        export_street_counts(warehouse, tmp_path / "counts.csv")
    rows = _csv((tmp_path / "counts.csv").read_text(encoding="utf-8"))
    assert ["2024-01", "'@SUM(A1)", "Burglary", "1"] in rows
    assert ["2024-01", "E01028826", "Burglary", "1"] in rows


def test_the_change_table_neutralises_labels_and_keeps_negative_changes(tmp_path: Path) -> None:
    source = tmp_path / "counts.csv"
    source.write_text(
        f'label,current,previous\n"{PAYLOAD.replace(chr(34), chr(34) * 2)}",5,9\nB,7,7\n'
    )
    result = CliRunner().invoke(main, ["change-table", str(source), "--no-tests"])
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    labelled = next(row for row in rows if PAYLOAD in row[0])
    assert labelled[0] == "'" + PAYLOAD
    assert "-4" in labelled  # the change stays a plain negative number


def test_templates_hold_no_formula_cells() -> None:
    for dataset in DATASETS.values():
        for row in _csv(template_csv(dataset)):
            assert not any(str(safe_cell(c)) != c for c in row), dataset.name
        book = openpyxl.load_workbook(io.BytesIO(template_xlsx(dataset)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (dataset.name, sheet.title, cell.coordinate)
