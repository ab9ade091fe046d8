"""Terminal rendering of library results for the CLI (rich tables, CSV, JSON, progress)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from saferinsight.core.cells import safe_row, safe_rows
from saferinsight.core.months import month_label

if TYPE_CHECKING:
    from saferinsight.analysis.counts import CountsResult
    from saferinsight.analysis.national import NationalAnalysis, PartnershipAnalysis
    from saferinsight.analysis.results import AreaAnalysis, Comparison
    from saferinsight.analysis.tables import ChangeTable
    from saferinsight.errors import Hint
    from saferinsight.generate.demo import DemoResult
    from saferinsight.ingest.police_uk import IngestReport
    from saferinsight.ingest.rebuild import RebuildReport
    from saferinsight.reports.build import ReportFiles
    from saferinsight.store.police import CrimeIdRepeats
    from saferinsight.workspace.reference import ReferenceLoad
    from saferinsight.workspace.status import RejectRow, WorkspaceStatus

WIDE = 160
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
if not out.is_terminal:
    out = Console(highlight=False, width=WIDE, soft_wrap=True)
if not err.is_terminal:
    err = Console(stderr=True, highlight=False, width=WIDE, soft_wrap=True)
REJECT_PREVIEW = 10


@contextmanager
def progress_bar(unit: str = "bytes") -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback (phase, done, total) drawn on standard error while the block runs."""
    columns = [TextColumn("{task.description:<10}"), BarColumn()]
    columns.append(DownloadColumn() if unit == "bytes" else MofNCompleteColumn())
    columns.append(TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


def _json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if is_dataclass(obj) and not isinstance(obj, type):
            return asdict(obj)
        if isinstance(obj, date | datetime):
            return obj.isoformat()
        if isinstance(obj, Path):
            return str(obj)
        raise TypeError(type(obj).__name__)

    return json.dumps(value, default=default, **_json_layout())


def _json_layout() -> dict[str, Any]:
    """Indented JSON on a terminal; compact JSON into a pipe or file, where a program reads it
    (Python's fast encoder cannot indent: a national analysis serialises in a tenth of the
    time). As ``gh --json`` does."""
    return {"indent": 2} if sys.stdout.isatty() else {"separators": (",", ":")}


def _write(text: str) -> None:
    """Machine-readable output straight to standard output (rich would highlight it, slowly)."""
    sys.stdout.write(text + "\n")


def write_json(value: Any) -> None:
    """JSON-ready data to standard output."""
    _write(json.dumps(value, **_json_layout()))


def _table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        numeric = bool(rows) and all(isinstance(r[len(table.columns)], int) for r in rows)
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row))
    return table


def ingest_report(report: IngestReport) -> None:
    """Summarise a police.uk load."""
    rows = [
        (f.received_as, f.kind, f.force, f.month, f.status, f.rows_loaded, f.rows_rejected, f.note)
        for f in report.files
    ]
    if len(rows) <= 40:
        out.print(
            _table(
                None, ("file", "kind", "force", "month", "status", "rows", "rejected", "note"), rows
            )
        )
    loaded = report.count("loaded") + report.count("replaced")
    out.print(
        f"{loaded} file(s) loaded ({report.count('replaced')} replacing an earlier version), "
        f"{report.count('unchanged')} already loaded, {report.count('superseded')} superseded; "
        f"{report.rows_loaded:,} rows loaded, {report.rows_rejected:,} rows rejected."
    )
    if report.rejects:
        out.print(
            f"Rejected rows (first {min(REJECT_PREVIEW, len(report.rejects))}; "
            "'safer rejects' lists them all):"
        )
        for r in report.rejects[:REJECT_PREVIEW]:
            column = f", column {r.column}" if r.column else ""
            out.print(f"  {r.file}, line {r.line}{column}: {r.reason}")
    repeats = report.repeats
    if repeats.ids:
        out.print(crime_id_repeats(repeats, report.repeat_files))


def crime_id_repeats(repeats: CrimeIdRepeats, names: Mapping[int, str] | None = None) -> str:
    """Street Crime IDs on more than one row, in words, with the first examples."""
    lines = [
        f"{repeats.ids:,} Crime ID(s) are on more than one street row ({repeats.rows:,} rows), "
        "loaded as they are: police.uk gives each crime one ID, so check whether the files "
        "repeat rows (then remove the repeats and load them again). First examples:"
    ]
    for r in repeats.examples:
        what = "identical rows" if r.identical else "different rows"
        where = ", ".join((names or {}).get(i, f"file {i}") for i in r.file_ids)
        lines.append(f"  {r.crime_id}: {r.rows} {what} in {where}")
    return "\n".join(lines)


def reference_load(load: ReferenceLoad) -> None:
    """Confirm a reference-data load."""
    out.print(f"Loaded {load.kind} {load.version} from {load.source_file}: {load.rows:,} rows.")


def status(result: WorkspaceStatus, *, fmt: str) -> None:
    """Render ``safer status``."""
    if fmt == "json":
        _write(_json(result))
        return
    out.print(f"[bold]Workspace[/bold] {result.workspace}")
    out.print(
        f"  warehouse {result.warehouse_bytes / 1e6:,.1f} MB; raw files {result.raw_files:,}"
        f" ({result.raw_bytes / 1e6:,.1f} MB)"
    )
    if result.last_load:
        load_id, source, when, description = result.last_load
        out.print(f"  last load {when:%Y-%m-%d %H:%M} UTC: {source}, {description} ({load_id})")
    kinds = [
        (
            k.kind,
            k.files,
            k.replaced,
            k.rows,
            k.rejected_rows,
            month_label(k.first_month) if k.first_month else "",
            month_label(k.last_month) if k.last_month else "",
            k.months,
            _forces(k.forces),
        )
        for k in result.police_uk
    ]
    if kinds:
        out.print(
            _table(
                "police.uk",
                ("kind", "files", "replaced", "rows", "rejected", "from", "to", "months", "forces"),
                kinds,
            )
        )
        out.print(
            f"  street rows without a location: {result.street_without_location:,} of "
            f"{result.street_rows:,}; LSOA codes not in the lookup: {result.street_unknown_lsoa:,}"
        )
        if result.crime_id_repeats.ids:
            out.print(
                "  "
                + crime_id_repeats(result.crime_id_repeats, result.repeat_files).replace(
                    "\n", "\n  "
                )
            )
        if result.outcomes:
            out.print(
                f"  outcomes linked by Crime ID to a loaded street crime: "
                f"{result.outcomes_linked:,} of {result.outcomes:,}"
            )
    else:
        out.print("  no police.uk data loaded yet: 'safer ingest police-uk PATH'")
    out.print(f"  rejects: {result.rejects:,} ('safer rejects' lists them)")
    for old, _, old_rows, when, new, new_sha, new_rows in result.replacements:
        out.print(
            f"  replaced {old} ({old_rows:,} rows) with {new} ({new_rows:,} rows, "
            f"sha256 {new_sha[:12]}) at {when:%Y-%m-%d %H:%M}"
        )
    ref = [
        (r.kind, r.version, r.source_file, "shipped" if r.shipped else "loaded", r.rows)
        for r in result.reference
    ]
    out.print(_table("Reference data", ("kind", "version", "source", "origin", "rows"), ref))


def _forces(forces: Sequence[str]) -> str:
    return ", ".join(forces) if len(forces) <= 4 else f"{len(forces)} forces"


def rejects(rows: Sequence[RejectRow], *, fmt: str) -> None:
    """Render ``safer rejects``."""
    columns = ("file", "line", "column", "value", "reason")
    data = [(r.file, r.line, r.column or "", r.value or "", r.reason) for r in rows]
    emit_rows(columns, data, fmt=fmt, empty="No rejected rows.")


def emit_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    fmt: str,
    title: str | None = None,
    empty: str = "Nothing to list.",
) -> None:
    """Rows as a rich table, CSV or JSON (a list of objects keyed by column)."""
    if fmt == "json":
        _write(_json([dict(zip(columns, row, strict=True)) for row in rows]))
    elif fmt == "csv":
        _csv(columns, rows)
    elif not rows:
        out.print(empty)
    else:
        out.print(_table(title, columns, rows))


def _csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(safe_row(columns))
    writer.writerows(safe_rows(rows))  # values from loaded files must not run as formulas


def counts(result: CountsResult, *, fmt: str) -> None:
    """Render ``safer counts``; notes about left-out rows go to standard error."""
    if fmt == "csv":
        _csv(result.columns, result.rows)
    elif fmt == "json":
        _write(
            _json(
                {
                    "area": {
                        "name": result.area.name,
                        "code": result.area.code,
                        "level": result.area.level,
                    },
                    "from": result.start,
                    "to": result.end,
                    "by": list(result.by),
                    "crime_types": list(result.crime_types),
                    "rows": result.as_dicts(),
                    "total": result.total,
                    "left_out_no_location": result.left_out_no_location,
                    "left_out_unknown_lsoa": result.left_out_unknown_lsoa,
                    "months_missing": list(result.months_missing),
                }
            )
        )
    else:
        title = f"{result.area.label}, {result.start} to {result.end}"
        out.print(_table(title, result.columns, result.rows))
        out.print(f"Total {result.total:,}")
    for note in _count_notes(result):
        err.print(note)


def _count_notes(result: CountsResult) -> list[str]:
    notes = []
    if result.left_out_no_location:
        notes.append(
            f"Left out {result.left_out_no_location:,} records of {', '.join(result.forces)} "
            "without a location (no LSOA): they count for the force, not for areas within it."
        )
    if result.left_out_unknown_lsoa:
        notes.append(
            f"Left out {result.left_out_unknown_lsoa:,} records whose LSOA code is not "
            "in the geography lookup."
        )
    if result.months_missing:
        months = ", ".join(result.months_missing)
        notes.append(f"No street file loaded for {months}: counts for those months are missing.")
    if result.area.note:
        notes.append(f"Note: {result.area.note}.")
    return notes


def rebuild_report(report: RebuildReport) -> None:
    """Confirm ``safer rebuild``."""
    out.print(
        f"Rebuilt the warehouse from {report.files:,} raw file(s) in {report.loads} "
        f"load(s) in {report.seconds:.1f} s."
    )
    for table, rows in report.rows.items():
        before = report.previous_rows.get(table) if report.previous_rows else None
        same = (
            "" if before is None else (" (unchanged)" if before == rows else f" (was {before:,})")
        )
        out.print(f"  {table}: {rows:,} rows{same}")


def generate_report(report: Any, out_dir: Path) -> None:
    """Confirm ``safer generate``."""
    out.print(
        f"Wrote {len(report.files):,} files to {out_dir}: {report.street_rows:,} street "
        f"rows and {report.outcome_rows:,} outcome rows for {len(report.forces)} force(s), "
        f"{report.months[0]} to {report.months[-1]} (seed {report.seed})."
    )


def demo_result(result: DemoResult) -> None:
    """Summarise the demo workspace and its main result: financial-year totals by crime type."""
    report = result.ingest
    out.print(f"[bold]Demo workspace[/bold] {result.workspace}")
    out.print(
        f"  police.uk street files for West Mercia, April 2022 to March 2025: "
        f"{result.real_rows:,} real rows (Shropshire and Telford & Wrekin, January-April 2024) "
        f"and {result.generated_rows:,} generated rows."
    )
    new = report.count("loaded") + report.count("replaced")
    out.print(
        f"  this run loaded {new} file(s) ({report.rows_loaded:,} rows); "
        f"{report.count('unchanged')} were already loaded."
    )
    for area in result.areas:
        rows = [
            (crime_type, *(counts.get(year, 0) for year in area.years))
            for crime_type, counts in area.by_type.items()
        ]
        rows.append(("All police.uk street records", *(area.total(y) for y in area.years)))
        out.print()
        out.print(
            _table(f"{area.area}: records by financial year", ("crime type", *area.years), rows)
        )
        if area.left_out_no_location:
            out.print(
                f"  {area.left_out_no_location:,} West Mercia records without a location "
                "are not in this area's figures."
            )
    loaded = [load for load in result.partner_loads if load.status == "loaded"]
    out.print()
    out.print(
        f"  partner datasets: {len({load.dataset for load in result.partner_loads})} loaded "
        f"({sum(load.rows_loaded for load in loaded):,} rows this run; 'safer datasets' lists "
        "them). Messy and invalid versions of each file, for trying validation, are in "
        f"{result.partner_files}."
    )
    out.print(
        f"  governance records: {result.records_added:,} added this run to "
        f"{result.records_database} (Shropshire's partnership structure, priorities, action "
        "plans, case review register, audits, funding and training, reconstructed from its "
        "published reports)."
    )
    if result.users:
        out.print(
            "  web application accounts, one per role (passwords shown this once; "
            "administrators set up an authenticator app at the first sign-in):"
        )
        for username, role, password in result.users:
            out.print(f"    {username:<26} {role:<20} {password}")
    out.print()
    ws = f"safer --workspace {result.workspace}"
    out.print(
        f"Next: '{ws} counts --area Shropshire --by ward', 'safer datasets' or 'safer status'; "
        f"for the governance records '{ws} reviews --year 2024/25', "
        f"'{ws} funding --year 2022/23 --year 2023/24', '{ws} actions --show overdue' or "
        f"'{ws} measures'. Start the web application with '{ws} serve' and open "
        "http://127.0.0.1:8080/."
    )


def change_table(table: ChangeTable, *, fmt: str, tests: bool) -> None:
    """Render ``safer change-table``: CSV cells exactly as the reports print them."""
    from saferinsight.analysis.formatting import PLAIN, REPORT

    if fmt == "csv":
        cells = table.cells(PLAIN, tests=tests)
        _csv(cells[0], cells[1:])
    elif fmt == "json":
        _write(_json(table))
    else:
        cells = table.cells(REPORT, tests=tests)
        out.print(_table(None, cells[0], cells[1:]))


def analysis(result: AreaAnalysis, *, fmt: str) -> None:
    """Render ``safer analyse``."""
    if fmt == "json":
        write_json(result.to_dict())
        return
    if fmt == "csv":
        _csv(
            ("theme", "measure", "period", "value", "lower", "upper", "p_value", "verdict"),
            list(_analysis_rows(result)),
        )
        return
    population = result.population
    out.print(f"[bold]{result.area.label}[/bold], {result.period.label} ({result.period.span})")
    if population:
        out.print(f"  population {population.persons:,} ({population.label})")
    for warning in result.warnings:
        err.print(f"  {warning}")
    if population and population.hint:
        err.print(f"  Hint: {_advice(population.hint)}")
    for theme in result.themes:
        out.print()
        out.print(f"[bold]{theme.theme.title}[/bold]")
        for sentence in theme.narrative:
            out.print(f"  - {sentence}")
        if theme.top_wards:
            rows = [
                (
                    w.rank,
                    w.name,
                    w.count,
                    f"{w.share.value * 100:.1f}%",
                    f"{w.share.interval.lower * 100:.1f}-{w.share.interval.upper * 100:.1f}%",
                    f"{w.rate.value:.1f}" if w.rate else "",
                    ", ".join(map(str, w.indistinguishable_from)),
                )
                for w in theme.top_wards
            ]
            out.print(
                _table(
                    "  Wards with the highest volume",
                    (
                        "rank",
                        "ward",
                        "count",
                        "share",
                        "95% interval",
                        "per 1,000",
                        "not distinguishable from",
                    ),
                    rows,
                )
            )
    if len(result.comparison) > 1:
        out.print()
        out.print(_comparison_table(result))
    if result.outcomes:
        charged = result.outcomes.charged
        if charged:
            out.print()
            out.print(
                f"Outcomes: {charged.value * 100:.1f}% of {result.outcomes.crimes:,} crimes "
                f"charged or summonsed (95% interval {charged.interval.lower * 100:.1f}% "
                f"to {charged.interval.upper * 100:.1f}%)."
            )
    if result.left_out_no_location:
        err.print(f"Left out {result.left_out_no_location:,} records without a location.")


def _comparison_table(result: AreaAnalysis) -> Table:
    """The A20 layout: 'count (rate per 1,000)' for each theme and area."""
    from saferinsight.analysis.formatting import format_rate
    from saferinsight.analysis.themes import THEMES

    titles = {t.key: t.title for t in THEMES}
    header = ["theme", *(r.area.name for r in result.comparison)]
    rows = []
    for index, (key, _, _) in enumerate(result.comparison[0].rates):
        cells = []
        for area in result.comparison:
            _, count, estimate = area.rates[index]
            cells.append(f"{count:,} ({format_rate(estimate.value)})" if estimate else f"{count:,}")
        rows.append((titles[key], *cells))
    years = {r.population.label for r in result.comparison if r.population}
    title = f"Counts (rate per 1,000 residents), {result.period.label}; populations: " + "; ".join(
        sorted(years)
    )
    return _table(title, header, rows)


def _analysis_rows(result: AreaAnalysis) -> Iterator[tuple[object, ...]]:
    for theme in result.themes:
        key = theme.theme.key
        for item in (theme.current, theme.previous):
            rate_ = item.rate
            yield (key, "count", item.period.label, item.count, "", "", "", "")
            if rate_:
                yield (
                    key,
                    "rate per 1,000",
                    item.period.label,
                    f"{rate_.value:.2f}",
                    f"{rate_.interval.lower:.2f}",
                    f"{rate_.interval.upper:.2f}",
                    "",
                    "",
                )
        test = theme.change.test
        if test:
            yield (
                key,
                "change",
                f"{theme.current.period.label} vs {theme.previous.period.label}",
                test.absolute_change,
                "",
                "",
                f"{test.p_value:.4g}",
                test.verdict,
            )
        for month, count in theme.series:
            yield (key, "monthly count", month, count, "", "", "", "")
        for ward in theme.top_wards:
            yield (
                key,
                f"ward {ward.rank}: {ward.name}",
                theme.current.period.label,
                ward.count,
                f"{ward.share.interval.lower:.4f}",
                f"{ward.share.interval.upper:.4f}",
                "",
                "",
            )


NATIONAL_COLUMNS = (
    "area_code",
    "area_name",
    "level",
    "forces",
    "theme",
    "period",
    "count",
    "previous_period",
    "previous_count",
    "change",
    "pct_change",
    "p_value",
    "verdict",
    "rate_per_1000",
    "rate_lower",
    "rate_upper",
    "population",
    "population_year",
    "months_missing",
    "left_out_no_location",
)


def national_analysis(result: NationalAnalysis, *, fmt: str) -> None:
    """Render ``safer analyse-all``: one row per partnership and theme."""
    if fmt == "json":
        _write(json.dumps(result.to_dict()))
        return
    if fmt == "csv":
        _csv(
            NATIONAL_COLUMNS,
            [_national_row(p, t.theme, t.change) for p in result.partnerships for t in p.themes],
        )
        return
    populations = sorted({p.population.label for p in result.partnerships if p.population})
    for theme in result.themes:
        rows = [_national_cells(p, p.theme(theme.key)) for p in result.partnerships]
        title = (
            f"{theme.title}: {result.period.label} against {result.previous.label}; rates per "
            f"1,000 residents, populations: {'; '.join(populations) or 'not available'}"
        )
        out.print(
            _table(
                title,
                (
                    "partnership",
                    "forces",
                    result.previous.label,
                    result.period.label,
                    "change",
                    "p-value",
                    "verdict",
                    "per 1,000 (95% interval)",
                ),
                rows,
            )
        )
        out.print()
    for note in sorted({p.population.note for p in result.partnerships if p.population}):
        if note:
            err.print(f"Population: {note}.")
    hints = {p.population.hint for p in result.partnerships if p.population and p.population.hint}
    for hint in sorted(hints, key=lambda h: h.text):
        err.print(f"Hint: {_advice(hint)}")
    flagged = sum(not p.complete for p in result.partnerships)
    if flagged:
        err.print(f"{flagged} partnership(s) have months missing and are not tested:")
        for force, missing in result.forces_incomplete:
            err.print(f"  {force}: no street file for {_month_list(missing)}")
    err.print(
        f"Left out {result.left_out_no_location:,} records without a location and "
        f"{result.left_out_unknown_lsoa:,} with an LSOA not in the lookup ({result.period.label})."
    )


def _month_list(months: Sequence[str]) -> str:
    return (
        ", ".join(months)
        if len(months) <= 4
        else f"{len(months)} months ({months[0]} to {months[-1]})"
    )


def _national_cells(item: PartnershipAnalysis, change: Comparison) -> tuple[object, ...]:
    test, estimate = change.test, change.current.rate
    return (
        item.area.name,
        ", ".join(item.forces),
        change.other.count,
        change.current.count,
        f"{test.absolute_change:+,}" if test else "",
        f"{test.p_value:.3g}" if test else "",
        test.verdict.split(":")[0] if test else change.note,
        f"{estimate.value:.1f} ({estimate.interval.lower:.1f}-{estimate.interval.upper:.1f})"
        if estimate
        else "",
    )


def _national_row(item: PartnershipAnalysis, theme: str, change: Comparison) -> tuple[object, ...]:
    test, estimate, population = change.test, change.current.rate, item.population
    missing = (*item.previous_coverage.missing, *item.coverage.missing)
    return (
        item.area.code,
        item.area.name,
        item.area.level,
        " ".join(item.forces),
        theme,
        change.current.period.label,
        change.current.count,
        change.other.period.label,
        change.other.count,
        test.absolute_change if test else "",
        "" if test is None or test.pct_change is None else f"{test.pct_change:.2f}",
        f"{test.p_value:.6g}" if test else "",
        test.verdict if test else change.note,
        f"{estimate.value:.4f}" if estimate else "",
        f"{estimate.interval.lower:.4f}" if estimate else "",
        f"{estimate.interval.upper:.4f}" if estimate else "",
        population.persons if population else "",
        population.year if population else "",
        " ".join(month_label(m) for m in missing),
        item.left_out_no_location,
    )


def report_files(files: ReportFiles) -> None:
    """Where the report was written."""
    edition = "public edition (disclosure control checked)" if files.public else "full edition"
    out.print(
        f"Strategic assessment, {edition}: {files.figures} figures, {files.tables} tables, "
        f"{files.seconds.get('total', 0):.1f} s"
    )
    for kind, path in files.paths.items():
        out.print(f"  {kind}: {path}")


def _advice(hint: Hint) -> str:
    from saferinsight.cli.advice import hint_advice

    return hint_advice(hint)
