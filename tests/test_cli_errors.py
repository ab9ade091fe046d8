"""Errors as the command line shows them: ``Error: <message>`` then ``Hint: <advice>``, exit
code 1 (2 for a refused option), never a traceback, whatever the arguments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from saferinsight.cli.commands import main
from saferinsight.generate.fixtures import street_row, workspace_with_street_files, write_police_csv
from saferinsight.workspace import Workspace

PERIOD = "2024-01..2024-03"


@pytest.fixture(scope="module")
def small() -> Iterator[Workspace]:
    """West Mercia for January to March 2024, a few rows a month."""
    files = {
        f"2024-0{m}-west-mercia-street.csv": [street_row(month=f"2024-0{m}") for _ in range(4)]
        for m in (1, 2, 3)
    }
    with workspace_with_street_files(files) as workspace:
        yield workspace


def invoke(workspace: Workspace | Path, *args: str, env: dict[str, str] | None = None) -> Result:
    root = workspace.root if isinstance(workspace, Workspace) else workspace
    return CliRunner().invoke(main, ["--workspace", str(root), *args], env=env)


def error_lines(result: Result) -> tuple[str, str]:
    """The Error: and Hint: lines (the hint '' if there is none)."""
    lines = result.stderr.splitlines()
    error = next(line for line in lines if line.startswith("Error: "))
    hint = next((line for line in lines if line.startswith("Hint: ")), "")
    return error, hint


def assert_clean(result: Result, status: int) -> None:
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- the review's examples ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ("--alpha", "2"),
            "Error: Invalid value for '--alpha': 2.0 is not in the range 0<x<1.",
        ),
        (
            ("--spc-baseline", "1"),
            "Error: Invalid value for '--spc-baseline': 1 is not in the range x>=2.",
        ),
        (
            ("--spc-baseline", "0"),
            "Error: Invalid value for '--spc-baseline': 0 is not in the range x>=2.",
        ),
    ],
)
def test_statistics_options_are_checked_by_click(
    small: Workspace, args: tuple[str, ...], error: str
) -> None:
    result = invoke(small, "analyse", "Shropshire", "--period", PERIOD, *args)
    assert_clean(result, 2)
    assert error in result.stderr


def test_a_baseline_longer_than_the_series_names_the_months_loaded(small: Workspace) -> None:
    result = invoke(small, "analyse", "Shropshire", "--period", PERIOD, "--spc-baseline", "12")
    assert_clean(result, 2)
    assert error_lines(result) == (
        "Error: --spc-baseline is 12 months, more than the 3 months loaded in the 36 months the "
        "charts show.",
        "Hint: Give a baseline of 2 to 3 months, or none to use every month shown: run the "
        "command again with --spc-baseline 3.",
    )


@pytest.mark.parametrize(
    ("period", "error", "hint"),
    [
        (
            "9999/00",
            "Error: --period '9999/00' is outside the years 1900 to 2200.",
            "Hint: Give a period between 1900 and 2200.",
        ),
        (
            "Sep-Aug 2022/24",
            "Error: --period 'Sep-Aug 2022/24': a September-August year is two consecutive "
            "years, like Sep-Aug 2022/23.",
            "Hint: Write two consecutive years, as in Sep-Aug 2022/23: run the command again "
            "with --period 'Sep-Aug 2022/23'.",
        ),
        (
            "Q1 2024/26",
            "Error: --period 'Q1 2024/26': a financial year is two consecutive years, like "
            "Q1 2022/23.",
            "Hint: Write two consecutive years, as in Q1 2024/25: run the command again with "
            "--period 'Q1 2024/25'.",
        ),
        (
            "2024-03..2024-01",
            "Error: --period '2024-03..2024-01': the first month is after the last.",
            "Hint: Give the first month first: run the command again with "
            "--period 2024-01..2024-03.",
        ),
    ],
)
def test_bad_periods_are_usage_errors_with_a_hint(
    small: Workspace, period: str, error: str, hint: str
) -> None:
    for command in (["analyse", "Shropshire"], ["analyse-all"]):
        result = invoke(small, *command, "--period", period)
        assert_clean(result, 2)
        assert error_lines(result) == (error, hint)


def test_rejects_limit_below_one_is_refused(small: Workspace) -> None:
    result = invoke(small, "rejects", "--limit", "-1")
    assert_clean(result, 2)
    assert "Error: Invalid value for '--limit': -1 is not in the range x>=1." in result.stderr


def test_an_unknown_area_to_compare_with_is_an_error(small: Workspace) -> None:
    result = invoke(small, "analyse", "Shropshire", "--period", PERIOD, "--compare", "Narnia")
    assert_clean(result, 1)
    error, hint = error_lines(result)
    assert error.startswith("Error: no area called 'Narnia'.")
    assert hint == "Hint: Check the spelling, or give the area's ONS code."


def test_an_invalid_memory_limit_is_a_setting_error_not_a_damaged_warehouse(
    small: Workspace,
) -> None:
    result = invoke(small, "status", env={"SAFER_MEMORY_LIMIT": "3 gigs"})
    assert_clean(result, 1)
    error, hint = error_lines(result)
    assert error.startswith("Error: SAFER_MEMORY_LIMIT (environment variable) '3 gigs' is not")
    assert "rebuild" not in result.stderr
    assert hint == (
        "Hint: Give the setting a value it accepts, or none for the default (3GB): "
        "set SAFER_MEMORY_LIMIT=3GB, or unset it."
    )


def test_no_data_for_the_period_hints_at_loading_it(small: Workspace) -> None:
    result = invoke(small, "analyse", "Shropshire", "--period", "2030/31")
    assert_clean(result, 1)
    assert error_lines(result)[1] == (
        "Hint: Load the police.uk street files for the months wanted: "
        "run 'safer ingest police-uk PATH'."
    )


def test_a_partner_file_with_problems_hints_at_accept_valid(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "dvpn.csv"
    path.write_text("month,area,dvpns,dvpos\n2024-04,Shropshire,3,2\n2024-13,Shropshire,-1,2\n")
    result = invoke(workspace, "ingest", "dataset", "dvpn-dvpo", str(path), "--provider", "WMP")
    assert_clean(result, 1)
    assert error_lines(result)[1] == (
        "Hint: Correct the file and load it again, or load its 1 valid row and keep the "
        "rejected ones listed with the version: run the command again with --accept-valid."
    )


def test_debug_still_raises_the_library_error(small: Workspace) -> None:
    result = CliRunner().invoke(
        main, ["--workspace", str(small.root), "--debug", "analyse-all", "--period", "9999/00"]
    )
    assert type(result.exception).__name__ == "OptionError"


# --- a catalogue of bad arguments ---------------------------------------------------------------

A = ("analyse", "Shropshire", "--period", PERIOD)
REPORT = ("report", "strategic-assessment", "--area", "Shropshire", "--format", "html")
CATALOGUE: list[tuple[str, ...]] = [
    (*A, "--alpha", "0"),
    (*A, "--alpha", "1"),
    (*A, "--alpha", "nan"),
    (*A, "--alpha", "-0.5"),
    (*A, "--spc-baseline", "-3"),
    (*A, "--spc-baseline", "37"),
    (*A, "--denominator-year", "-1"),
    (*A, "--denominator-year", "99999"),
    (*A, "--theme", ""),
    (*A, "--theme", "nope"),
    (*A, "--compare", ""),
    (*A, "--compare", "Abbey"),
    (*A, "--test", "t-test"),
    ("analyse", "", "--period", PERIOD),
    ("analyse", "Narnia", "--period", PERIOD),
    ("analyse", "Shropshire", "--period", ""),
    ("analyse", "Shropshire", "--period", "0000"),
    ("analyse", "Shropshire", "--period", "Q5 2024/25"),
    ("analyse", "Shropshire", "--period", "12 months to 2025-13"),
    ("analyse", "Shropshire", "--period", "last year"),
    ("analyse-all", "--period", "9999/00"),
    ("analyse-all", "--period", PERIOD, "--alpha", "5"),
    ("analyse-all", "--period", PERIOD, "--theme", ","),
    ("analyse-all", "--period", PERIOD, "--denominator-year", "1"),
    ("counts", "--area", "Shropshire", "--from", "0000-01"),
    ("counts", "--area", "Shropshire", "--from", "9999-12", "--to", "9999-12"),
    ("counts", "--area", "Shropshire", "--from", "2024-03", "--to", "2024-01"),
    ("counts", "--area", "Shropshire", "--by", "month,month"),
    ("counts", "--area", "Shropshire", "--by", "street"),
    ("counts", "--area", "Shropshire", "--crime-type", "Arson"),
    ("counts", "--area", ""),
    ("rejects", "--limit", "0"),
    ("rejects", "--limit", "many"),
    ("datasets", "nope"),
    ("datasets", "--problems", "x"),
    ("template", "nope"),
    ("template",),
    ("template", "asb-incidents", "--format", "xlsx"),
    ("template", "asb-incidents", "--out", "/nonexistent/folder/asb.csv"),
    ("ingest", "dataset", "nope", "{csv}", "--provider", "x"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}", "--provider", "x", "--period", "2024/26"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}", "--provider", "x", "--area", "Narnia"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}", "--provider", "x", "--sheet", "Data"),
    ("ingest", "dataset", "dvpn-dvpo", "{txt}", "--provider", "x", "--check", "--period", "x"),
    ("ingest", "population", "{txt}"),
    ("ingest", "population", "{csv}", "--year", "-3"),
    ("ingest", "geography", "{txt}"),
    ("ingest", "boundaries", "{txt}"),
    ("ingest", "police-uk", "{txt}"),
    ("ingest", "police-uk", "{street}", "--encoding", "ascii"),
    ("ingest", "police-uk", "/nonexistent/2024-01-west-mercia-street.csv"),
    ("change-table", "{csv}"),
    ("change-table", "{txt}"),
    ("generate", "{out}", "--from", "2024-13", "--to", "2024-01"),
    ("generate", "{out}", "--from", "2024-03", "--to", "2024-01"),
    ("generate", "{out}", "--from", "9999-01", "--to", "9999-02"),
    ("generate", "{out}", "--from", "2024-01", "--to", "2024-01", "--seed", "-1"),
    ("generate", "{out}", "--from", "2024-01", "--to", "2024-01", "--area", "Narnia"),
    ("generate-partners", "{out}", "--years", "0"),
    ("generate-partners", "{out}", "--first-year", "9999"),
    ("generate-partners", "{out}", "--first-year", "-5", "--years", "1"),
    ("generate-partners", "{out}", "--seed", "-1", "--years", "1"),
    ("generate-partners", "{out}", "--dataset", "nope"),
    ("generate-partners", "{out}", "--area", "Narnia"),
    (*REPORT, "--period", "9999/00"),
    (*REPORT, "--period", "2024/25", "--format", ""),
    (*REPORT, "--period", "2024/25", "--format", "pdf,xls"),
    (*REPORT, "--period", "2024/25", "--denominator-year", "5"),
    (*REPORT, "--period", "2024/25", "--out", "{csv}"),
    ("--workspace", "{csv}", "status"),
    ("status", "--format", "xml"),
    ("no-such-command",),
]


@pytest.mark.parametrize("args", CATALOGUE, ids=" ".join)
def test_bad_arguments_give_a_message_not_a_traceback(
    small: Workspace, tmp_path: Path, args: tuple[str, ...]
) -> None:
    csv_file = tmp_path / "counts.csv"
    csv_file.write_text("month,area,dvpns,dvpos\n2024-04,Shropshire,x,2\n", encoding="utf-8")
    txt_file = tmp_path / "notes.txt"
    txt_file.write_text("hello", encoding="utf-8")
    street = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    paths = {"csv": csv_file, "txt": txt_file, "street": street, "out": tmp_path / "out"}
    result = invoke(small, *(a.format(**paths) for a in args))
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Error: " in result.stderr
