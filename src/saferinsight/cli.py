"""The ``safer`` command. Each command parses options, calls one library function, renders.

Imports of heavy modules happen inside commands so that ``safer --help`` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["table", "csv", "json"])


def _errors(func: F) -> F:
    """Turn AppError into a clean message and exit code 1 (with --debug, re-raise)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from saferinsight.errors import AppError

        try:
            return func(*args, **kwargs)
        except AppError as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def _workspace(ctx: click.Context) -> Workspace:
    from saferinsight.settings import load_settings
    from saferinsight.workspace import Workspace

    root = ctx.find_root().params.get("workspace")
    settings = load_settings(workspace=root)
    return Workspace(settings.workspace, settings=settings)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="SAFER_WORKSPACE",
    default=None,
    help="Workspace folder [env SAFER_WORKSPACE; default ./safer-workspace].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short error messages.")
@click.version_option(package_name="saferinsight", prog_name="safer")
def main(workspace: Path | None, debug: bool) -> None:
    """Safer Insight: crime and safeguarding intelligence for community safety partnerships.

    Load police.uk downloads and ONS reference data into a workspace, then query them.
    """


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@_errors
def status(ctx: click.Context, fmt: str) -> None:
    """Show what the workspace holds: files, months, forces, rows, rejects, reference data."""
    from saferinsight import render
    from saferinsight.status import workspace_status

    workspace = _workspace(ctx)
    with workspace.open_warehouse(read_only=True) as warehouse:
        result = workspace_status(workspace, warehouse)
    render.status(result, fmt=fmt)


@main.group()
def ingest() -> None:
    """Load data into the workspace (police.uk files, ONS population and geography)."""


@ingest.command("police-uk")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "latin-1", "utf-16"]),
    default="utf-8",
    show_default=True,
    help="Text encoding of the files (police.uk publishes UTF-8).",
)
@click.pass_context
@_errors
def ingest_police_uk(ctx: click.Context, paths: tuple[Path, ...], encoding: str) -> None:
    """Load police.uk street, outcomes and stop-and-search files.

    PATHS may be CSV files, monthly folders, a whole archive folder, or police.uk zip files.
    Loading a file again changes nothing; a re-published file for the same force and month
    replaces the earlier one. The load is atomic: everything it reports, or nothing.
    """
    from saferinsight import render
    from saferinsight.ingest.police_uk import ingest_police_uk as run

    with render.progress_bar() as progress:
        report = run(_workspace(ctx), list(paths), encoding=encoding, progress=progress)
    render.ingest_report(report)


@ingest.command("population")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--year", type=int, help="Mid-year of the estimates, if the workbook does not say.")
@click.pass_context
@_errors
def ingest_population(ctx: click.Context, file: Path, year: int | None) -> None:
    """Load an ONS mid-year population estimates workbook (MYE2 layout, e.g. mye22final.xlsx)."""
    from saferinsight import render
    from saferinsight.ingest.geography import ingest_population as run

    render.reference_load(run(_workspace(ctx), file, year=year))


@ingest.command("geography")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.pass_context
@_errors
def ingest_geography(ctx: click.Context, file: Path) -> None:
    """Load a newer ONS lookup: LSOA -> ward -> LAD, or LAD -> CSP -> police force area."""
    from saferinsight import render
    from saferinsight.ingest.geography import ingest_geography as run

    render.reference_load(run(_workspace(ctx), file))


@ingest.command("boundaries")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.pass_context
@_errors
def ingest_boundaries(ctx: click.Context, file: Path) -> None:
    """Load ONS LSOA, ward or local authority boundaries (GeoJSON)."""
    from saferinsight import render
    from saferinsight.ingest.geography import ingest_boundaries as run

    render.reference_load(run(_workspace(ctx), file))


@main.command()
@click.option("--file", "file_pattern", help="Only files whose name contains this text.")
@click.option("--limit", type=int, default=100, show_default=True, help="Most rows to list.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def rejects(ctx: click.Context, file_pattern: str | None, limit: int, fmt: str) -> None:
    """List rows that were not loaded, with file, line, column, value and reason."""
    from saferinsight import render
    from saferinsight.status import list_rejects

    with _workspace(ctx).open_warehouse(read_only=True) as warehouse:
        rows = list_rejects(warehouse, file_pattern=file_pattern, limit=limit)
    render.rejects(rows, fmt=fmt)


@main.command()
@click.pass_context
@_errors
def rebuild(ctx: click.Context) -> None:
    """Recreate warehouse.duckdb from the raw files kept in the workspace."""
    from saferinsight import render
    from saferinsight.rebuild import rebuild as run

    with render.progress_bar(unit="loads") as progress:
        report = run(
            _workspace(ctx), progress=lambda done, total: progress("replaying", done, total)
        )
    render.rebuild_report(report)


@main.command()
@click.option(
    "--area", required=True, help="CSP, local authority, force, ward or LSOA (name or code)."
)
@click.option("--from", "start", metavar="YYYY-MM", help="First month (default: first loaded).")
@click.option("--to", "end", metavar="YYYY-MM", help="Last month (default: last loaded).")
@click.option(
    "--by",
    default="",
    metavar="COLUMNS",
    help="Comma-separated grouping: month, crime_type, ward, lsoa, force.",
)
@click.option(
    "--crime-type", "crime_types", multiple=True, help="Only this crime type (repeatable)."
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def counts(
    ctx: click.Context,
    area: str,
    start: str | None,
    end: str | None,
    by: str,
    crime_types: tuple[str, ...],
    fmt: str,
) -> None:
    """Count police.uk street records (ASB included as its own crime type) in an area.

    Rows without an LSOA are counted only for police force areas; for other areas the command
    says how many were left out.
    """
    from saferinsight import render
    from saferinsight.counts import count_records

    columns = [c.strip() for c in by.split(",") if c.strip()]
    with _workspace(ctx).open_warehouse(read_only=True) as warehouse:
        result = count_records(
            warehouse, area, start=start, end=end, by=columns, crime_types=crime_types
        )
    render.counts(result, fmt=fmt)


@main.command()
@click.argument("area")
@click.option(
    "--period",
    required=True,
    help="2024/25, 2024, Q4 2024/25, '12 months to "
    "2025-03', 'Sep-Aug 2022/23' or 2024-01..2024-06.",
)
@click.option(
    "--theme",
    "themes",
    default="all",
    show_default=True,
    help="all, or comma-separated: total, violence, asb, criminal-damage, theft, "
    "burglary, vehicle, drugs, public-order, weapons, robbery.",
)
@click.option(
    "--compare",
    multiple=True,
    help="Areas to compare rates with (repeatable); "
    "default: the partnerships of the same force and the force.",
)
@click.option(
    "--denominator-year",
    type=int,
    help="Mid-year estimate for rates (default: the year before the period starts).",
)
@click.option(
    "--alpha", type=float, default=0.05, show_default=True, help="Significance level of the tests."
)
@click.option(
    "--test",
    "test_method",
    type=click.Choice(["exact-cond", "etest", "score"]),
    default="exact-cond",
    show_default=True,
    help="Test of change: exact conditional (binomial), E-test, or score test.",
)
@click.option(
    "--spc-baseline",
    type=int,
    metavar="MONTHS",
    help="Set the SPC limits from the first MONTHS months (default: all 36).",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def analyse(
    ctx: click.Context,
    area: str,
    period: str,
    themes: str,
    compare: tuple[str, ...],
    denominator_year: int | None,
    alpha: float,
    spc_baseline: int | None,
    test_method: str,
    fmt: str,
) -> None:
    """Analyse an area for a period: totals and change with tests, trends, SPC, top wards,
    breakdowns, outcomes, stop and search, rates against other areas, and narrative."""
    from saferinsight import render
    from saferinsight.analysis.engine import analyse_area

    workspace = _workspace(ctx)
    with workspace.open_warehouse(read_only=True) as warehouse:
        result = analyse_area(
            warehouse,
            area,
            period=period,
            themes=themes,
            compare=compare or None,
            denominator_year=denominator_year,
            alpha=alpha,
            spc_baseline=spc_baseline,
            test_method=test_method,
            workspace_name=str(workspace.root),
        )
    render.analysis(result, fmt=fmt)


@main.command("analyse-all")
@click.option(
    "--period",
    required=True,
    help="2024/25, 2024, Q4 2024/25, '12 months to "
    "2025-03', 'Sep-Aug 2022/23' or 2024-01..2024-06.",
)
@click.option(
    "--theme",
    "themes",
    default="total,asb",
    show_default=True,
    help="all, or comma-separated: total, violence, asb, criminal-damage, theft, "
    "burglary, vehicle, drugs, public-order, weapons, robbery.",
)
@click.option(
    "--denominator-year",
    type=int,
    help="Mid-year estimate for rates (default: the year before the period starts).",
)
@click.option(
    "--alpha", type=float, default=0.05, show_default=True, help="Significance level of the tests."
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def analyse_all(
    ctx: click.Context,
    period: str,
    themes: str,
    denominator_year: int | None,
    alpha: float,
    fmt: str,
) -> None:
    """Analyse every Community Safety Partnership for a period at once: counts against the
    previous period with an exact test of change, and rates per 1,000 residents with
    intervals; partnerships whose forces have months missing are flagged, not tested."""
    from saferinsight import render
    from saferinsight.analysis.national import analyse_all_csps

    with _workspace(ctx).open_warehouse(read_only=True) as warehouse:
        result = analyse_all_csps(
            warehouse, period=period, themes=themes, denominator_year=denominator_year, alpha=alpha
        )
    render.national_analysis(result, fmt=fmt)


@main.group()
def report() -> None:
    """Write reports (the annual strategic assessment) as HTML, PDF and Word."""


@report.command("strategic-assessment")
@click.option("--area", required=True, help="CSP, local authority or force (name or code).")
@click.option("--period", required=True, help="2024/25, 12 months to 2025-03, ...")
@click.option("--compare", multiple=True, help="Areas to compare with (repeatable).")
@click.option(
    "--format",
    "formats",
    default="html,pdf,docx",
    show_default=True,
    help="Comma-separated: html, pdf, docx.",
)
@click.option("--public", is_flag=True, help="Public edition with disclosure control.")
@click.option("--denominator-year", type=int, help="Mid-year estimate for rates.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the files (default: the workspace's reports folder).",
)
@click.pass_context
@_errors
def strategic_assessment(
    ctx: click.Context,
    area: str,
    period: str,
    compare: tuple[str, ...],
    formats: str,
    public: bool,
    denominator_year: int | None,
    out_dir: Path | None,
) -> None:
    """The annual strategic assessment: summary of findings with statistical verdicts, a
    section per theme with charts, ward tables and maps, outcomes, stop and search,
    comparison with other areas, and a methodology appendix."""
    from saferinsight import render
    from saferinsight.reports.build import build_report

    files = build_report(
        _workspace(ctx),
        area,
        period=period,
        formats=[f.strip() for f in formats.split(",") if f.strip()],
        public=public,
        compare=compare or None,
        denominator_year=denominator_year,
        out_dir=out_dir,
    )
    render.report_files(files)


@main.command("change-table")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--no-tests", is_flag=True, help="Only the published layout: no test columns.")
@click.option("--no-sort", is_flag=True, help="Keep the rows in the file's order.")
@click.option("--format", "fmt", type=FORMATS, default="csv", show_default=True)
@_errors
def change_table(file: Path, no_tests: bool, no_sort: bool, fmt: str) -> None:
    """Derive numerical and % change, a Grand total and a test per row from a CSV of counts
    (columns: label, current, previous), in the published reports' conventions."""
    from saferinsight import render
    from saferinsight.analysis.tables import read_change_table_csv

    table = read_change_table_csv(file, sort=not no_sort, tests=not no_tests)
    render.change_table(table, fmt=fmt, tests=not no_tests)


@main.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--from", "start", required=True, metavar="YYYY-MM", help="First month.")
@click.option("--to", "end", required=True, metavar="YYYY-MM", help="Last month.")
@click.option("--area", help="Only this area (CSP, local authority or force); default national.")
@click.option("--national", is_flag=True, help="Every force in England and Wales (the default).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--zip", "archive", is_flag=True, help="Write one police.uk-style zip archive.")
@click.option("--no-outcomes", is_flag=True, help="Write street files only.")
@click.pass_context
@_errors
def generate(
    ctx: click.Context,
    out_dir: Path,
    start: str,
    end: str,
    area: str | None,
    national: bool,
    seed: int,
    archive: bool,
    no_outcomes: bool,
) -> None:
    """Write synthetic police.uk street and outcomes files, calibrated on real data."""
    from saferinsight import render
    from saferinsight.generate.area import generate_for_area

    with render.progress_bar(unit="files") as progress:
        report = generate_for_area(
            _workspace(ctx) if area else None,
            out_dir,
            area=None if national else area,
            start=start,
            end=end,
            seed=seed,
            archive=archive,
            outcomes=not no_outcomes,
            progress=lambda done, total: progress("generating", done, total),
        )
    render.generate_report(report, out_dir)


@main.command()
@click.option("--fresh", is_flag=True, help="Delete an existing demo workspace first.")
@click.pass_context
@_errors
def demo(ctx: click.Context, fresh: bool) -> None:
    """Build a demo workspace (real Shropshire and Telford extract plus generated West Mercia
    data: three complete financial years), then write the Shropshire strategic assessment for
    2024/25 as HTML, PDF and Word and print where it is."""
    from saferinsight import render
    from saferinsight.demo import DEMO_AREA, DEMO_PERIOD, build_demo
    from saferinsight.reports.build import build_report

    workspace = _workspace(ctx)
    with render.progress_bar(unit="steps") as progress:
        result = build_demo(workspace, fresh=fresh, progress=progress)
    render.demo_result(result)
    files = build_report(workspace, DEMO_AREA, period=DEMO_PERIOD)
    render.report_files(files)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
