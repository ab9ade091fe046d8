"""The partner dataset commands: template, ingest dataset, datasets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from saferinsight.cli.commands import main
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.workspace import Workspace


def run(runner: CliRunner, workspace: Workspace, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["--workspace", str(workspace.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_template_list_names_every_dataset_first(runner: CliRunner) -> None:
    result = runner.invoke(main, ["template", "--list"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(DATASETS)


def test_csv_template_goes_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["template", "asb-incidents"])
    header, example = csv.reader(io.StringIO(result.stdout))
    assert header == [c.name for c in DATASETS["asb-incidents"].columns]
    assert example[header.index("category")] == "Nuisance"


def test_xlsx_template_has_a_documentation_sheet(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "police.xlsx"
    result = runner.invoke(
        main, ["template", "police-crime", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Data", "Documentation"]
    data = list(book["Data"].iter_rows(values_only=True))
    assert data[0][0] == "crime_reference"
    docs = list(book["Documentation"].iter_rows(values_only=True))
    assert docs[0][:2] == ("Dataset", "police-crime")
    codes = {row[0] for row in docs if row and row[0]}
    assert {"8N", "105A", "92A"} <= codes  # the Home Office codes are listed


def test_xlsx_template_needs_out_and_a_dataset_is_needed(runner: CliRunner) -> None:
    assert (
        "needs --out" in runner.invoke(main, ["template", "dvpn-dvpo", "--format", "xlsx"]).output
    )
    assert "--list" in runner.invoke(main, ["template"]).output


def test_template_round_trips_through_ingest(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    for name in DATASETS:
        path = tmp_path / f"{name}.csv"
        path.write_text(runner.invoke(main, ["template", name]).stdout, encoding="utf-8")
        code, out, _ = run(
            runner,
            workspace,
            "ingest",
            "dataset",
            name,
            str(path),
            "--provider",
            "Test",
            "--area",
            "Shropshire",
        )
        assert code == 0, out
        assert "1 rows" in out
    code, out, _ = run(runner, workspace, "datasets", "--format", "json")
    listed = json.loads(out)
    assert [(d["dataset"], d["versions"], d["current rows"]) for d in listed] == [
        (name, 1, 1) for name in DATASETS
    ]


def test_problems_are_listed_and_the_exit_code_is_one(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "dvpn.csv"
    path.write_text("month,area,dvpns,dvpos\n2024-04,Shropshire,3,2\n2024-13,Shropshire,-1,2\n")
    code, out, _ = run(runner, workspace, "ingest", "dataset", "dvpn-dvpo", str(path), "--check")
    assert code == 0
    assert "1 valid rows, 1 rows with problems" in out
    code, _, error = run(
        runner, workspace, "ingest", "dataset", "dvpn-dvpo", str(path), "--provider", "WMP"
    )
    assert code == 1
    assert "2 problem(s) in 1 of 2 rows; nothing was loaded" in error
    assert "row 3, column month, value '2024-13'" in error
    assert "row 3, column dvpns, value '-1': -1 is below 0; correct the count" in error
    code, out, _ = run(
        runner,
        workspace,
        "ingest",
        "dataset",
        "dvpn-dvpo",
        str(path),
        "--provider",
        "WMP",
        "--accept-valid",
    )
    assert code == 0
    assert "version 1 loaded" in out
    code, out, _ = run(runner, workspace, "datasets", "--problems", "1", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["row"], r["column"]) for r in rows] == [("3", "dvpns"), ("3", "month")]
    assert rows[0]["row as sent"] == "2024-13, Shropshire, -1, 2"
    code, out, _ = run(runner, workspace, "datasets", "dvpn-dvpo", "--format", "json")
    (version,) = json.loads(out)
    assert (version["rows"], version["rejected"], version["status"]) == (1, 1, "current")


def test_generate_partners_writes_clean_messy_and_invalid_files(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "partners"
    result = runner.invoke(
        main, ["generate-partners", str(out), "--dataset", "dvpn-dvpo", "--years", "2"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["dvpn-dvpo-clean.csv", "dvpn-dvpo-invalid.csv", "dvpn-dvpo-messy.csv"]
    code, out_text, _ = run(
        runner,
        workspace,
        "ingest",
        "dataset",
        "dvpn-dvpo",
        str(out / "dvpn-dvpo-invalid.csv"),
        "--check",
    )
    assert code == 0
    assert "3 rows with problems" in out_text
