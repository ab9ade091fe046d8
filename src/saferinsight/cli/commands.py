"""The ``safer`` command. Each command parses options, calls one library function, renders.

Imports of heavy modules happen inside commands so that ``safer --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from saferinsight.cli import governance as _governance
from saferinsight.cli import places as _places
from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import workspace_of as _workspace
from saferinsight.cli.jobs import jobs as _jobs
from saferinsight.cli.records import records as _records
from saferinsight.cli.users import users as _users
from saferinsight.cli.web import serve as _serve

if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["table", "csv", "json"])
#: Each command under the kebab-case name of the library function it calls, beside its
#: short name (``safer analyse-area`` is ``safer analyse``, which calls ``analyse_area``).
ALIASES = {
    "analyse-area": "analyse",
    "analyse-all-csps": "analyse-all",
    "count-records": "counts",
    "workspace-status": "status",
    "list-rejects": "rejects",
    "find-hotspots": "hotspots",
}


class _Group(click.Group):
    """The command group, which also answers to each command's library name (hidden from the
    command list, named in the epilog)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        return (command.name if command else name), command, rest


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Commands also answer to the names of the library functions they call: "
    + ", ".join(f"{alias} ({name})" for alias, name in ALIASES.items())
    + ".",
)
@click.option(
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="SAFER_WORKSPACE",
    default=None,
    help="Workspace folder [env SAFER_WORKSPACE; default ./safer-workspace].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short error messages.")
@click.option(
    "--no-wait",
    is_flag=True,
    help="If another command is writing to the workspace, fail at once instead of waiting.",
)
@click.version_option(package_name="saferinsight", prog_name="safer")
def main(workspace: Path | None, debug: bool, no_wait: bool) -> None:
    """Safer Insight: crime and safeguarding intelligence for community safety partnerships.

    Load police.uk downloads and ONS reference data into a workspace, then query them.
    """


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@_errors
def status(ctx: click.Context, fmt: str) -> None:
    """Show what the workspace holds: files, months, forces, rows, rejects, reference data."""
    from saferinsight.cli import render
    from saferinsight.workspace.status import workspace_status

    render.status(workspace_status(_workspace(ctx)), fmt=fmt)


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
@click.option(
    "--accept-smaller",
    is_flag=True,
    help="Accept a re-published file with more than 10% fewer rows than the one it replaces.",
)
@click.option(
    "--restore",
    is_flag=True,
    help="Load again a file that a newer version replaced, as the current version.",
)
@click.pass_context
@_errors
def ingest_police_uk(
    ctx: click.Context,
    paths: tuple[Path, ...],
    encoding: str,
    accept_smaller: bool,
    restore: bool,
) -> None:
    """Load police.uk street, outcomes and stop-and-search files.

    PATHS may be CSV files, monthly folders, a whole archive folder, or police.uk zip files.
    Loading a file again changes nothing; a re-published file for the same force and month
    replaces the earlier one, unless it has more than 10% fewer rows (a broken download is
    more likely: see --accept-smaller). A file with lines that were neither loaded nor
    rejected is refused. The load is atomic: everything it reports, or nothing.
    """
    from saferinsight.cli import render
    from saferinsight.ingest.police_uk import ingest_police_uk as run

    with render.progress_bar() as progress:
        report = run(
            _workspace(ctx),
            list(paths),
            encoding=encoding,
            progress=progress,
            accept_smaller=accept_smaller,
            restore=restore,
        )
    render.ingest_report(report)


@ingest.command("population")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--year", type=int, help="Mid-year of the estimates, if the workbook does not say.")
@click.pass_context
@_errors
def ingest_population(ctx: click.Context, file: Path, year: int | None) -> None:
    """Load an ONS mid-year population estimates workbook (MYE2 layout, e.g. mye22final.xlsx)."""
    from saferinsight.cli import render
    from saferinsight.ingest.geography import ingest_population as run

    render.reference_load(run(_workspace(ctx), file, year=year))


@ingest.command("geography")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--partial",
    type=click.Choice(["refuse", "merge", "replace"]),
    default="refuse",
    show_default=True,
    help="A lookup lacking areas the one in use has (one local authority's): refuse it, "
    "merge it (its areas replace theirs, the others stay) or replace the lookup all the same.",
)
@click.pass_context
@_errors
def ingest_geography(ctx: click.Context, file: Path, partial: str) -> None:
    """Load a newer ONS lookup: LSOA -> ward -> LAD, or LAD -> CSP -> police force area."""
    from saferinsight.cli import render
    from saferinsight.ingest.geography import ingest_geography as run

    render.reference_load(run(_workspace(ctx), file, partial=partial))


@ingest.command("boundaries")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.pass_context
@_errors
def ingest_boundaries(ctx: click.Context, file: Path) -> None:
    """Load ONS LSOA, ward or local authority boundaries (GeoJSON)."""
    from saferinsight.cli import render
    from saferinsight.ingest.geography import ingest_boundaries as run

    render.reference_load(run(_workspace(ctx), file))


@ingest.command("dataset")
@click.argument("dataset")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--provider", help="Who sent the file, e.g. 'Shropshire Council' (needed to load).")
@click.option(
    "--received",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the file was received (YYYY-MM-DD; default today).",
)
@click.option("--area", help="Area of rows that do not name one (name or ONS code).")
@click.option("--period", help="Period the file covers, e.g. 2024/25; rows outside it are errors.")
@click.option("--sheet", help="XLSX sheet to read (default: the one holding the table).")
@click.option(
    "--accept-valid",
    is_flag=True,
    help="Load the valid rows of a file with problems; rejected rows are kept and listed.",
)
@click.option(
    "--overlap",
    type=click.Choice(["refuse", "replace", "add"]),
    default="refuse",
    show_default=True,
    help="Rows another provider already sent: refuse the file, replace their figures where "
    "the file covers them, or add (record data only: distinct events that look alike).",
)
@click.option("--check", is_flag=True, help="Validate and list every problem; load nothing.")
@click.pass_context
@_errors
def ingest_dataset(
    ctx: click.Context,
    dataset: str,
    file: Path,
    provider: str | None,
    received: Any,
    area: str | None,
    period: str | None,
    sheet: str | None,
    accept_valid: bool,
    overlap: str,
    check: bool,
) -> None:
    """Load a partner spreadsheet (CSV or XLSX) as a new version of DATASET.

    Every problem is reported at once with its row, column, value and fix; a file with
    problems loads nothing unless --accept-valid is given. A later file from the same provider
    supersedes, for the months and areas it covers, what earlier versions said; the earlier
    versions stay queryable. Rows that repeat another provider's (the same key) are refused
    unless --overlap says what the file is. 'safer template --list' lists the datasets.
    """
    from saferinsight.cli import render_datasets
    from saferinsight.ingest.datasets import check_dataset_file
    from saferinsight.ingest.datasets import ingest_dataset as run

    workspace = _workspace(ctx)
    if check:
        table, validation = check_dataset_file(
            workspace, dataset, file, area=area, period=period, sheet=sheet
        )
        render_datasets.check_result(file, table, validation)
        return
    load = run(
        workspace,
        dataset,
        file,
        provider=provider or "",
        received=received.date() if received else None,
        area=area,
        period=period,
        sheet=sheet,
        accept_valid=accept_valid,
        overlap=overlap,
    )
    render_datasets.load_result(file, load)


@main.command()
@click.argument("dataset", required=False)
@click.option("--list", "list_all", is_flag=True, help="List the datasets, one per line.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: CSV to standard output; XLSX needs --out).",
)
@_errors
def template(dataset: str | None, list_all: bool, fmt: str, out: Path | None) -> None:
    """Write a blank template for a partner DATASET: header, example row and (XLSX) a
    documentation sheet describing every column and its codes."""
    from saferinsight.cli import render_datasets
    from saferinsight.datasets.catalogue import DATASETS, get_dataset
    from saferinsight.datasets.templates import template_csv, template_xlsx
    from saferinsight.errors import QueryError

    if list_all or dataset is None:
        if dataset is None and not list_all:
            raise QueryError("name a dataset, or use --list to see them.")
        render_datasets.dataset_list(DATASETS.values())
        return
    chosen = get_dataset(dataset)
    if fmt == "xlsx" and out is None:
        raise QueryError("an XLSX template needs --out FILE.xlsx.")
    if out is None:
        click.echo(template_csv(chosen), nl=False)
        return
    data = template_xlsx(chosen) if fmt == "xlsx" else template_csv(chosen).encode("utf-8")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise click.FileError(str(out), exc.strerror) from exc
    click.echo(f"Template for {chosen.name} written to {out}", err=True)


@main.command()
@click.argument("dataset", required=False)
@click.option("--problems", "version", type=int, help="List the rejected rows of a version.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def datasets(ctx: click.Context, dataset: str | None, version: int | None, fmt: str) -> None:
    """List partner datasets: what is loaded, coverage and versions.

    With DATASET, list its versions (provider, received, period, rows, rejected, superseded);
    with --problems VERSION, list that version's rejected rows with their problems.
    """
    from saferinsight.cli import render_datasets
    from saferinsight.workspace import inventory

    workspace = _workspace(ctx)
    if version is not None:
        render_datasets.problems(inventory.version_problems(workspace, version), fmt=fmt)
    elif dataset is not None:
        render_datasets.versions(inventory.dataset_versions(workspace, dataset), fmt=fmt)
    else:
        render_datasets.inventory(inventory.dataset_inventory(workspace), fmt=fmt)


@main.command()
@click.option("--file", "file_pattern", help="Only files whose name contains this text.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Most rows to list."
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def rejects(ctx: click.Context, file_pattern: str | None, limit: int, fmt: str) -> None:
    """List rows that were not loaded, with file, line, column, value and reason."""
    from saferinsight.cli import render
    from saferinsight.workspace.status import list_rejects

    rows = list_rejects(_workspace(ctx), file_pattern=file_pattern, limit=limit)
    render.rejects(rows, fmt=fmt)


@main.command()
@click.pass_context
@_errors
def rebuild(ctx: click.Context) -> None:
    """Recreate the warehouse from the raw files kept in the workspace."""
    from saferinsight.cli import render
    from saferinsight.ingest.rebuild import rebuild as run

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
    from saferinsight.analysis.counts import count_records
    from saferinsight.cli import render

    columns = [c.strip() for c in by.split(",") if c.strip()]
    result = count_records(
        _workspace(ctx), area, start=start, end=end, by=columns, crime_types=crime_types
    )
    render.counts(result, fmt=fmt)


def _analysis_options(*, themes: str) -> Callable[[F], F]:
    """The --period, --theme, --denominator-year and --alpha options of the analyse commands."""
    options = [
        click.option(
            "--period",
            required=True,
            help="2024/25, 2024, Q4 2024/25, '12 months to "
            "2025-03', 'Sep-Aug 2022/23' or 2024-01..2024-06.",
        ),
        click.option(
            "--theme",
            "themes",
            default=themes,
            show_default=True,
            help="all, or comma-separated: total, violence, asb, criminal-damage, theft, "
            "burglary, vehicle, drugs, public-order, weapons, robbery.",
        ),
        click.option(
            "--denominator-year",
            type=int,
            help="Mid-year estimate for rates (default: the year before the period starts).",
        ),
        click.option(
            "--alpha",
            type=click.FloatRange(0, 1, min_open=True, max_open=True),
            default=0.05,
            show_default=True,
            help="Significance level of the tests.",
        ),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@main.command()
@click.argument("area")
@_analysis_options(themes="all")
@click.option(
    "--compare",
    multiple=True,
    help="Areas to compare rates with (repeatable; each must exist); "
    "default: the partnerships of the same force and the force.",
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
    type=click.IntRange(min=2),
    metavar="MONTHS",
    help="Set the SPC limits from the first MONTHS months, 2 to 36 (default: all shown).",
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
    from saferinsight.analysis.engine import analyse_area
    from saferinsight.cli import render

    result = analyse_area(
        _workspace(ctx),
        area,
        period=period,
        themes=themes,
        compare=compare or None,
        denominator_year=denominator_year,
        alpha=alpha,
        spc_baseline=spc_baseline,
        test_method=test_method,
    )
    render.analysis(result, fmt=fmt)


@main.command("analyse-all")
@_analysis_options(themes="total,asb")
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
    from saferinsight.analysis.national import analyse_all_csps
    from saferinsight.cli import render

    result = analyse_all_csps(
        _workspace(ctx),
        period=period,
        themes=themes,
        denominator_year=denominator_year,
        alpha=alpha,
    )
    render.national_analysis(result, fmt=fmt)


@main.group()
def report() -> None:
    """Write reports (the annual strategic assessment) as HTML, PDF, Word and slides."""


@report.command("strategic-assessment")
@click.option("--area", required=True, help="CSP, local authority or force (name or code).")
@click.option("--period", required=True, help="2024/25, 12 months to 2025-03, ...")
@click.option("--compare", multiple=True, help="Areas to compare with (repeatable).")
@click.option(
    "--format",
    "formats",
    default="html,pdf,docx",
    show_default=True,
    help="Comma-separated: html, pdf, docx, pptx (the slide deck for the board).",
)
@click.option("--public", is_flag=True, help="Public edition with disclosure control.")
@click.option("--denominator-year", type=int, help="Mid-year estimate for rates.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the files (default: the workspace's reports folder).",
)
@click.option(
    "--weights",
    help="Ranking weights of the summary, e.g. volume=1,harm=2 (criteria: volume, harm, "
    "direction, certainty, concentration, peers).",
)
@click.option(
    "--correction",
    type=click.Choice(["holm", "bh"]),
    default="holm",
    show_default=True,
    help="Correction for the number of wards tested (Holm or Benjamini-Hochberg).",
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
    weights: str | None,
    correction: str,
) -> None:
    """The annual strategic assessment: a summary that ranks the themes and proposes
    priorities, the wards getting worse and better, a section per theme with charts, ward
    tables and maps, outcomes, stop and search, comparison with other areas, partner data,
    and a methodology appendix."""
    from saferinsight.cli import render
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
        weights=weights,
        correction=correction,
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
    from saferinsight.analysis.tables import read_change_table_csv
    from saferinsight.cli import render

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
@click.option(
    "--partners",
    is_flag=True,
    help="Also write every partner dataset for --area (default Shropshire) into OUT_DIR/partners"
    " (see generate-partners).",
)
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
    partners: bool,
) -> None:
    """Write synthetic police.uk street and outcomes files, calibrated on real data (and with
    --partners the partner datasets' clean, messy and invalid files)."""
    from saferinsight.cli import render
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
    if partners:
        from saferinsight.cli import render_datasets
        from saferinsight.core.months import parse_month
        from saferinsight.core.periods import financial_year_start
        from saferinsight.generate.partners import generate_partner_files

        first_year = financial_year_start(parse_month(start, option="start"))
        last_year = financial_year_start(parse_month(end, option="end"))
        files = generate_partner_files(
            out_dir / "partners",
            area=area or "Shropshire",
            first_year=first_year,
            years=last_year - first_year + 1,
            seed=seed,
        )
        render_datasets.generated_files(files)


@main.command("generate-partners")
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--area", default="Shropshire", show_default=True, help="LA or CSP to generate for.")
@click.option(
    "--first-year", type=int, default=2022, show_default=True, help="First FY (2022 = 2022/23)."
)
@click.option("--years", type=int, default=3, show_default=True, help="Financial years to cover.")
@click.option("--dataset", "datasets", multiple=True, help="Only this dataset (repeatable).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@_errors
def generate_partners(
    out_dir: Path, area: str, first_year: int, years: int, datasets: tuple[str, ...], seed: int
) -> None:
    """Write synthetic partner dataset files: for each dataset a clean file, a messy one (valid
    data in the layouts agencies send) and for some an invalid one with deliberate errors,
    calibrated on the published Shropshire figures and deterministic for --seed."""
    from saferinsight.cli import render_datasets
    from saferinsight.generate.partners import generate_partner_files

    files = generate_partner_files(
        out_dir,
        area=area,
        first_year=first_year,
        years=years,
        seed=seed,
        datasets=datasets or None,
    )
    render_datasets.generated_files(files)


@main.command()
@click.option("--fresh", is_flag=True, help="Delete an existing demo workspace first.")
@click.pass_context
@_errors
def demo(ctx: click.Context, fresh: bool) -> None:
    """Build a demo workspace (real Shropshire and Telford extract plus generated West Mercia
    data: three complete financial years), then write the Shropshire strategic assessment for
    2024/25 as HTML, PDF and Word and print where it is."""
    from saferinsight.cli import render
    from saferinsight.generate.demo import DEMO_AREA, DEMO_PERIOD, build_demo
    from saferinsight.reports.build import build_report

    workspace = _workspace(ctx)
    with render.progress_bar(unit="steps") as progress:
        result = build_demo(workspace, fresh=fresh, progress=progress)
    render.demo_result(result)
    files = build_report(workspace, DEMO_AREA, period=DEMO_PERIOD)
    render.report_files(files)


main.add_command(_records)
main.add_command(_users)
main.add_command(_serve)
main.add_command(_jobs)
for _command in (
    _governance.reviews,
    _governance.actions,
    _governance.funding,
    _governance.measures,
    _governance.structure,
    _places.hotspots,
    _places.benchmark,
    _places.repeats,
    _places.near_repeats,
):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
