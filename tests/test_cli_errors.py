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
    (*REPORT, "--period", "2024/25", "--weights", "size=2"),
    (*REPORT, "--period", "2024/25", "--weights", "harm=lots"),
    (*REPORT, "--period", "2024/25", "--weights", "harm=-1"),
    (
        *REPORT,
        "--period",
        "2024/25",
        "--weights",
        "volume=0,harm=0,direction=0,certainty=0,concentration=0,peers=0",
    ),
    (*REPORT, "--period", "2024/25", "--weights", "harm"),
    (*REPORT, "--period", "2024/25", "--correction", "bonferroni"),
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


# --- the governance commands, on the demo records ----------------------------------------------


@pytest.fixture(scope="module")
def governed(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A workspace holding the demo's governance records (and no police data)."""
    from saferinsight.records.transfer import DEMO_RECORDS

    workspace = Workspace(tmp_path_factory.mktemp("governed") / "ws")
    assert invoke(workspace, "records", "import", str(DEMO_RECORDS)).exit_code == 0
    return workspace


RECORDS_CATALOGUE: list[tuple[str, ...]] = [
    ("serve", "--port", "0"),
    ("serve", "--threads", "0"),
    ("jobs", "run", "--poll", "0"),
    ("jobs", "run", "--once", "extra"),
    ("users", "add", "x"),
    ("users", "add", "x y", "--name", "X", "--partnership", "sscp", "--role", "analyst"),
    ("users", "add", "x", "--name", "X", "--partnership", "nope", "--role", "analyst"),
    ("users", "add", "x", "--name", "X", "--partnership", "sscp", "--role", "king"),
    ("users", "grant", "nobody", "--partnership", "sscp", "--role", "analyst"),
    ("users", "revoke", "nobody", "--partnership", "sscp"),
    ("users", "disable", "nobody"),
    ("users", "enable", "nobody"),
    ("users", "reset", "nobody"),
    ("users", "list", "--format", "xml"),
    ("users", "sign-ins", "--outcome", "maybe"),
    ("users", "sign-ins", "--since", "31/03/2025"),
    ("users", "sign-ins", "--limit", "0"),
    ("hotspots", "Shropshire"),
    ("hotspots", "Nowhere", "--period", "2024/25"),
    ("hotspots", "Shropshire", "--period", "2024/26"),
    ("hotspots", "Shropshire", "--period", "2024/25", "--permutations", "-1"),
    ("hotspots", "Shropshire", "--period", "2024/25", "--adjust", "bonferroni"),
    ("benchmark", "Shropshire"),
    ("benchmark", "Nowhere", "--period", "2024/25"),
    ("benchmark", "Shropshire", "--period", "2024/26"),
    ("benchmark", "Shropshire", "--period", "2024/25", "--k", "0"),
    ("benchmark", "Shropshire", "--period", "2024/25", "--peers", "Nowhere"),
    ("benchmark", "Shropshire", "--period", "2024/25", "--peers", "E22000360"),
    ("benchmark", "Shropshire", "--period", "2024/25", "--overdispersion", "huge"),
    ("benchmark", "Shropshire", "--period", "2024/25", "--theme", "nope"),
    ("benchmark", "West Mercia", "--period", "2024/25"),
    ("hotspots", "Shropshire", "--period", "2024/25", "--grid", "--rate"),
    ("repeats", "Shropshire"),
    ("repeats", "Nowhere", "--period", "2024/25"),
    ("repeats", "Shropshire", "--period", "2024/25", "--top", "0"),
    ("repeats", "Shropshire", "--period", "2024/25", "--theme", "nope"),
    ("near-repeats", "Shropshire"),
    ("near-repeats", "Shropshire", "--period", "2024/25", "--theme", "violence"),
    ("near-repeats", "Shropshire", "--period", "2024/25", "--permutations", "5"),
    ("near-repeats", "Shropshire", "--period", "2024/25", "--distance-band", "0"),
    ("reviews", "--year", ""),
    ("records", "access", "--kind", "nope"),
    ("reviews", "--year", "2024/26"),
    ("reviews", "--year", "9999/00"),
    ("reviews", "--kind", "nope"),
    ("reviews", "--kind", ","),
    ("reviews", "--partnership", "nope"),
    ("reviews", "--format", "xml"),
    ("actions", "--soon", "-1"),
    ("actions", "--show", "x"),
    ("actions", "--partnership", "nope"),
    ("funding",),
    ("funding", "--year", "x"),
    ("funding", "--year", "9999/00"),
    ("funding", "--year", "2024/25", "--partnership", ""),
    ("measures", "--partnership", "nope"),
    ("measures", "--format", "x"),
    ("structure", "--year", "2024/2026"),
    ("structure", "--year", "0000/01"),
    ("structure", "--partnership", "nope"),
    ("structure", "--format", "csv"),
    ("records", "list", "nope"),
    ("records", "list", "review", "--where", "x"),
    ("records", "list", "review", "--where", "nope=1"),
    ("records", "list", "review", "--where", "=1"),
    ("records", "show", "review", "nope"),
    ("records", "show", "nope", "1"),
    ("records", "show", "review", "-1"),
    ("records", "show", "review", "99999999999999999999999"),  # was an OverflowError
    ("records", "show", "review", "\u00b2"),  # a digit to str.isdigit, not to int()
    ("records", "add", "review"),
    ("records", "add", "review", "--set", "x"),
    ("records", "add", "review", "--set", "nope=1"),
    ("records", "add", "nope", "--set", "a=1"),
    ("records", "add", "review", "--set", "kind=dhr", "--set", "kind=sar"),
    ("records", "update", "review", "nope", "--set", "a=1"),
    ("records", "update", "review", "1", "--set", "x"),
    ("records", "update", "review", "1", "--if-version", "-5", "--set", "title=x"),
    ("records", "update", "review", "1", "--set", "id=5"),
    ("records", "delete", "review", "nope"),
    ("records", "delete", "nope", "1"),
    ("records", "delete", "review", "1", "--if-version", "999"),
    ("records", "history", "--record", "x"),
    ("records", "history", "--kind", "nope"),
    ("records", "history", "--limit", "0"),
    ("records", "history", "--kind", "review", "--record", "nope"),
    ("records", "access", "--limit", "-1"),
    ("records", "export", "/nonexistent/folder/records.xlsx"),  # was a FileNotFoundError
    ("records", "export", "/nonexistent/folder/records.yaml"),
    ("records", "export", "{out}/records.txt"),
    ("records", "export", "{out}/records.yaml", "--kind", "nope"),
    ("records", "import", "{csv}"),
    ("records", "import", "{yaml}"),
    ("records", "import", "/nonexistent/records.yaml"),
    ("records", "import", "{out}"),
    ("records", "kinds", "nope"),
    ("records", "roll-forward", "nope", "--key", "k", "--year", "2025/26"),
    ("records", "roll-forward", "x"),
    ("records", "roll-forward", "nope", "--key", "k", "--year", "2025/27"),
    ("records", "upgrade", "--x"),
    ("rebuild", "x"),
    ("demo", "x"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}", "--provider", "x", "--overlap", "sum"),
    ("ingest", "dataset", "dvpn-dvpo", "{csv}", "--provider", "x", "--overlap", "add"),
    ("ingest", "geography", "{csv}", "--partial", "x"),
]


@pytest.mark.parametrize("args", RECORDS_CATALOGUE, ids=" ".join)
def test_bad_arguments_to_the_governance_commands_give_a_message(
    governed: Workspace, tmp_path: Path, args: tuple[str, ...]
) -> None:
    csv_file = tmp_path / "counts.csv"
    csv_file.write_text("month,area,dvpns,dvpos\n2024-04,Shropshire,1,2\n", encoding="utf-8")
    yaml_file = tmp_path / "records.yaml"
    yaml_file.write_text("- : [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    paths = {"csv": csv_file, "yaml": yaml_file, "out": out}
    args = tuple(a.format(**paths).encode().decode("unicode_escape") for a in args)
    result = invoke(governed, *args)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Error: " in result.stderr


def test_every_command_is_in_a_catalogue() -> None:
    """Each command (and each records subcommand) is run with bad arguments above."""
    import click

    tried = {args[0] for args in CATALOGUE + RECORDS_CATALOGUE}
    tried |= {" ".join(args[:2]) for args in CATALOGUE + RECORDS_CATALOGUE}
    missing = []
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            missing += [f"{name} {sub}" for sub in command.commands if f"{name} {sub}" not in tried]
        elif name not in tried:
            missing.append(name)
    assert missing == []
