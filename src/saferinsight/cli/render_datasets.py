"""Rendering of the partner dataset commands: ``template --list``, ``ingest dataset`` and
``datasets``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.cli.render import emit_rows, err, out

if TYPE_CHECKING:
    from saferinsight.datasets.schema import Dataset
    from saferinsight.datasets.spreadsheet import SheetTable
    from saferinsight.datasets.validate import Problem, Validation
    from saferinsight.generate.partners import PartnerFile
    from saferinsight.ingest.datasets import DatasetLoad
    from saferinsight.store.datasets import DatasetVersion
    from saferinsight.workspace.inventory import DatasetSummary


def dataset_list(datasets: Iterable[Dataset]) -> None:
    """One dataset per line, name first (for ``safer template --list``)."""
    for dataset in datasets:
        out.print(f"{dataset.name:<30} {dataset.title}", soft_wrap=True)


def _problem_rows(problems: Sequence[Problem]) -> list[tuple[object, ...]]:
    return [(p.row, p.column, p.value, p.problem, p.fix) for p in problems]


def check_result(path: Path, table: SheetTable, validation: Validation) -> None:
    """The outcome of ``--check``: where the table was found, and every problem."""
    where = f"sheet '{table.sheet}', " if table.sheet else ""
    out.print(
        f"{path.name}: {where}header on row {table.header_row}; "
        f"{len(validation.rows)} valid rows, {len(validation.rejected)} rows with problems, "
        f"{len(table.skipped) - len(validation.promoted)} skipped (titles, blank, totals, notes)."
    )
    listed = [*validation.problems, *validation.skipped]
    if listed:
        emit_rows(
            ("row", "column", "value", "problem", "fix"),
            _problem_rows(sorted(listed, key=lambda p: p.row)),
            fmt="table",
        )
    if table.extra_columns:
        err.print(f"Columns not in the dataset, ignored: {', '.join(table.extra_columns)}")


def load_result(path: Path, load: DatasetLoad) -> None:
    """Summary of ``safer ingest dataset``."""
    if load.status == "already loaded":
        out.print(f"{path.name} is already loaded as version {load.version_id}; nothing changed.")
        return
    period = (
        f"{load.period_start:%d %b %Y} to {load.period_end:%d %b %Y}"
        if load.period_start and load.period_end
        else "no rows"
    )
    out.print(
        f"{load.dataset}: version {load.version_id} loaded from {path.name}: "
        f"{load.rows_loaded:,} rows, {period}; areas: {', '.join(load.areas) or 'none'}; "
        f"{load.skipped} rows skipped (titles, blank, totals, notes"
        + (f"; safer datasets --problems {load.version_id} lists them)." if load.skipped else ").")
    )
    if load.problems:
        out.print(
            f"{len({p.row for p in load.problems})} rows were rejected and kept with the version "
            f"(safer datasets --problems {load.version_id}):"
        )
        emit_rows(
            ("row", "column", "value", "problem", "fix"), _problem_rows(load.problems), fmt="table"
        )


def inventory(summaries: Sequence[DatasetSummary], *, fmt: str) -> None:
    """``safer datasets``: every dataset, loaded or not."""
    rows = [
        (
            s.name,
            s.versions,
            s.current_rows,
            f"{s.first:%Y-%m-%d}" if s.first else "",
            f"{s.last:%Y-%m-%d}" if s.last else "",
            ", ".join(s.providers) or "not loaded",
        )
        for s in summaries
    ]
    emit_rows(("dataset", "versions", "current rows", "from", "to", "providers"), rows, fmt=fmt)


def versions(found: Sequence[DatasetVersion], *, fmt: str) -> None:
    """``safer datasets DATASET``: its versions and what superseded them."""
    rows = [
        (
            v.version_id,
            v.provider,
            f"{v.received:%Y-%m-%d}",
            f"{v.period_start:%Y-%m-%d}" if v.period_start else "",
            f"{v.period_end:%Y-%m-%d}" if v.period_end else "",
            v.rows_loaded,
            v.rows_rejected,
            _status(v),
            v.source_file,
        )
        for v in found
    ]
    columns = (
        "version",
        "provider",
        "received",
        "from",
        "to",
        "rows",
        "rejected",
        "status",
        "file",
    )
    emit_rows(columns, rows, fmt=fmt, empty="No versions loaded.")


def _status(version: DatasetVersion) -> str:
    if version.superseded_rows == 0:
        return "current"
    if version.superseded_rows >= version.rows_loaded:
        return "superseded"
    return f"{version.superseded_rows:,} rows superseded"


def problems(found: Sequence[tuple[int, str, str, str, str, str]], *, fmt: str) -> None:
    """``safer datasets --problems VERSION``: the rejected rows and why."""
    emit_rows(
        ("row", "column", "value", "problem", "fix", "row as sent"),
        found,
        fmt=fmt,
        empty="No rejected rows.",
    )


def generated_files(files: Sequence[PartnerFile]) -> None:
    """What ``safer generate-partners`` wrote."""
    rows = [
        (
            f.dataset,
            f.variant,
            f.path.name,
            f.provider,
            f.expected_rows,
            f.expected_problems,
            f.description,
        )
        for f in files
    ]
    columns = ("dataset", "variant", "file", "provider", "rows", "rejected rows", "what it shows")
    emit_rows(columns, rows, fmt="table")
