"""``ingest_dataset``: load a partner spreadsheet as a new version of its dataset.

The file is read (:mod:`saferinsight.datasets.spreadsheet`), every row validated
(:mod:`saferinsight.datasets.validate`), and only then stored, in one transaction, with the raw
file kept in the workspace and the load journalled so that a rebuild can replay it. A
file with problems loads nothing unless ``accept_valid`` is given; then its valid rows load and
its rejected rows are kept with their problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from saferinsight.core.periods import Period, parse_period
from saferinsight.datasets.catalogue import get_dataset
from saferinsight.datasets.schema import Dataset
from saferinsight.datasets.spreadsheet import SheetTable, read_table
from saferinsight.datasets.validate import GeographyLookup, Problem, Validation, validate_table
from saferinsight.errors import (
    AreaError,
    DatasetValidationError,
    Hint,
    InputFileError,
    OptionError,
)
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.ingest import overlaps
from saferinsight.store import datasets as store
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import FileDigest, JournalEntry, Workspace, Writer, new_load_id

__all__ = ["DatasetLoad", "check_dataset_file", "ingest_dataset"]


@dataclass(frozen=True)
class DatasetLoad:
    """What ``ingest_dataset`` did."""

    dataset: str
    version_id: int
    status: str  # "loaded" or "already loaded"
    rows_loaded: int
    problems: tuple[Problem, ...]
    skipped: int
    sheet: str | None
    encoding: str | None
    period_start: date | None
    period_end: date | None
    areas: tuple[str, ...]


def check_dataset_file(
    workspace: Workspace,
    dataset_name: str,
    path: Path,
    *,
    area: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
) -> tuple[SheetTable, Validation]:
    """Read and validate a file without loading it, listing every problem.

    The workspace is created if needed: validation resolves areas against its reference data.
    """
    dataset = get_dataset(dataset_name)
    chosen = _period(period)
    if workspace.exists():
        with workspace.reader() as warehouse:
            return _read_and_validate(warehouse, dataset, path, area, chosen, sheet)
    with workspace.writer() as writer:
        return _read_and_validate(writer.warehouse, dataset, path, area, chosen, sheet)


def ingest_dataset(
    workspace: Workspace,
    dataset_name: str,
    path: Path,
    *,
    provider: str,
    received: date | None = None,
    area: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
    accept_valid: bool = False,
    overlap: str = "refuse",
) -> DatasetLoad:
    """Validate a partner file and store it as a new version of its dataset.

    Parameters
    ----------
    dataset_name
        A dataset of :data:`saferinsight.datasets.catalogue.DATASETS`.
    path
        The CSV or XLSX file as the agency sent it.
    provider
        Who sent it. A later version from the same provider supersedes, for the periods and
        areas it covers, the rows of earlier ones.
    received
        When it was received (today by default).
    area
        The area of rows that do not name one.
    period
        The period the file covers (such as ``2024/25``); rows outside it are problems.
    sheet
        The XLSX sheet, when the file has several tables.
    accept_valid
        Load the valid rows of a file with problems, keeping the rejected rows and problems.
    overlap
        What to do with rows another provider already sent (:mod:`saferinsight.ingest.overlaps`):
        ``"refuse"`` the file, ``"replace"`` their figures where the file covers them, or
        ``"add"`` the rows (record data only: distinct events that look alike).

    Raises
    ------
    DatasetValidationError
        The file has problems and ``accept_valid`` is not set; nothing is stored.
    OverlapError
        Rows repeat another provider's rows and ``overlap`` is ``"refuse"``; nothing is stored.
    """
    dataset = get_dataset(dataset_name)
    if not provider.strip():
        raise OptionError(
            "provider",
            "is required: name the agency that sent the file.",
            hint=Hint("retry", "Say who sent the file, for example West Mercia Police."),
        )
    _period(period)  # checked before the file is read
    overlaps.check_overlap_choice(dataset, overlap)
    started = workspace.clock.now()
    options = {
        "dataset": dataset.name,
        "provider": provider,
        "received": (received or started.date()).isoformat(),
        "area": area,
        "period": period,
        "sheet": sheet,
        "accept_valid": accept_valid,
        "overlap": overlap,
    }
    with workspace.writer() as writer:
        return _load(writer, path, new_load_id(started), started, options, replay=False)


def replay_dataset(writer: Writer, entry: JournalEntry, paths: Sequence[Path]) -> None:
    """Load a committed partner file again from its raw file (a rebuild)."""
    _load(writer, paths[0], entry.load_id, entry.started_at, entry.options, replay=True)


def _load(
    writer: Writer,
    path: Path,
    load_id: str,
    started: datetime,
    options: dict[str, Any],
    *,
    replay: bool,
) -> DatasetLoad:
    dataset = get_dataset(options["dataset"])
    provider: str = options["provider"]
    with writer.view() as seen:
        if seen is None:
            seen = writer.warehouse
        table, validation = _read_and_validate(
            seen,
            dataset,
            path,
            options.get("area"),
            _period(options.get("period")),
            options.get("sheet"),
        )
        if validation.problems and not options.get("accept_valid"):
            raise DatasetValidationError(
                path, dataset, validation.problems, len(validation.rows) + len(validation.rejected)
            )
        digest = FileDigest.of(path)
        existing = store.find_version_by_checksum(seen, dataset.name, digest.sha256, provider)
        if existing is not None and not replay:
            return _result(dataset, existing, "already loaded", table, validation)
        # A replay repeats the decision taken at load time (and an older load was not checked).
        choice = options.get("overlap", "refuse")
        repeated: list[overlaps.Overlap] = []
        if choice == "replace" or (choice == "refuse" and not replay):
            repeated = overlaps.find_overlaps(seen, dataset, provider, validation.rows)
        if repeated and choice == "refuse":
            raise overlaps.refuse(path, dataset, repeated, len(table.rows))
    workspace = writer.workspace
    entry = JournalEntry(
        load_id,
        "dataset",
        started,
        files=(
            {
                "sha256": digest.sha256,
                "stored": workspace.relative(workspace.raw.path_for(digest, path.name)),
                "received_as": str(path),
            },
        ),
        options={**options, "sheet": table.sheet},
    )
    description = f"{dataset.name}: {path.name}"
    with writer.load(entry, description=description, replay=replay) as load:
        raw = load.keep_raw(digest, path.name)
        version_id = store.insert_version(
            load.warehouse,
            dataset,
            load_id=load_id,
            provider=provider.strip(),
            received=date.fromisoformat(options["received"]),
            source_file=path.name,
            sha256=raw.sha256,
            sheet=table.sheet,
            loaded_at=started,
            rows=[
                (r.number, r.period_start, r.period_end, r.area_code, r.area_name, r.values)
                for r in validation.rows
            ],
            problems=[
                (
                    p.row,
                    p.column,
                    p.value,
                    p.problem,
                    p.fix,
                    validation.rejected.get(p.row, ""),
                )
                for p in validation.problems
            ],
            rows_skipped=len(table.skipped) - len(validation.promoted),
            skipped=[
                (p.row, p.column, p.value, p.problem, p.fix, p.value) for p in validation.skipped
            ],
            replaces=sorted({o.version_id for o in repeated}),
        )
    return _result(dataset, version_id, "loaded", table, validation)


def _result(
    dataset: Dataset, version_id: int, status: str, table: SheetTable, validation: Validation
) -> DatasetLoad:
    starts = [r.period_start for r in validation.rows]
    ends = [r.period_end for r in validation.rows]
    return DatasetLoad(
        dataset.name,
        version_id,
        status,
        len(validation.rows),
        validation.problems,
        len(table.skipped) - len(validation.promoted),
        table.sheet,
        table.encoding,
        min(starts) if starts else None,
        max(ends) if ends else None,
        tuple(sorted({r.area_name or "" for r in validation.rows})),
    )


def _read_and_validate(
    con: Warehouse,
    dataset: Dataset,
    path: Path,
    area: str | None,
    period: Period | None,
    sheet: str | None,
) -> tuple[SheetTable, Validation]:
    if not path.is_file():
        raise InputFileError(f"{path}: no such file.")
    columns = {c.name: c.aliases for c in dataset.columns}
    geographic = {"area", "ward", "lsoa"}
    required = [c.name for c in dataset.columns if c.required and c.kind not in geographic]
    table = read_table(path, columns, required=required, sheet=sheet)
    lookup = geography_lookup(con, default_area=area)
    return table, validate_table(table, dataset, lookup, period=period)


def _period(period: str | None) -> Period | None:
    return parse_period(period, option="period") if period else None


def geography_lookup(con: Warehouse, *, default_area: str | None = None) -> GeographyLookup:
    """Resolve areas, wards and LSOAs against the warehouse's reference geography.

    Areas are named by the partnership that covers the same local authorities, so that a
    file naming the council and one naming the partnership count in the same place.
    """
    resolver = AreaResolver(con)
    # Every ward and LSOA of a local authority is placed in that authority's partnership:
    # resolve each one once, not once per ward or LSOA.
    areas: dict[str, tuple[str, str]] = {}

    def area(value: str) -> tuple[str, str]:
        if value in areas:
            return areas[value]
        found = resolver.resolve(value)
        if found.level in ("ward", "lsoa"):
            raise AreaError(
                f"'{value}' is a {found.level}, not a local authority, partnership or force"
            )
        found = resolver.partnership(found)
        areas[value] = (found.code, found.name)
        return areas[value]

    default = area(default_area) if default_area else None

    parents = _parent_names(resolver, default_area) if default_area else ()

    def placed(prefix: str, value: str) -> tuple[str, str, str] | None:
        try:
            found = resolver.resolve(f"{prefix}:{value}")
        except AreaError:
            # A ward name used in several places: take the one in the load's area.
            within = [_try(resolver, f"{prefix}:{value} ({parent})") for parent in parents]
            matches = [area for area in within if area is not None]
            if len(matches) != 1:
                raise
            found = matches[0]
        if not found.lad_codes:
            return None
        code, name = area(found.lad_codes[0])
        return found.code, code, name

    return GeographyLookup(
        area=area,
        ward_area=lambda value: placed("ward", value),
        lsoa_area=lambda value: placed("lsoa", value),
        default_area=default,
    )


def _parent_names(resolver: AreaResolver, text: str) -> tuple[str, ...]:
    """Names of the local authorities of an area, as wards and LSOAs name their parent."""
    found = resolver.resolve(text)
    return tuple(resolver.resolve(lad).name for lad in found.lad_codes)


def _try(resolver: AreaResolver, text: str) -> Area | None:
    try:
        return resolver.resolve(text)
    except AreaError:
        return None
