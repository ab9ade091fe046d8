"""``ingest_dataset``: load a partner spreadsheet as a new version of its dataset.

The file is read (:mod:`saferinsight.ingest.spreadsheet`), every row validated
(:mod:`saferinsight.datasets.validate`), and only then stored, in one transaction, with the raw
file kept in the workspace and the load journalled so that ``safer rebuild`` can replay it. A
file with problems loads nothing unless ``accept_valid`` is given; then its valid rows load and
its rejected rows are kept with their problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from saferinsight.datasets.catalogue import get_dataset
from saferinsight.datasets.schema import Dataset
from saferinsight.datasets.validate import GeographyLookup, Problem, Validation, validate_table
from saferinsight.errors import AppError, AreaError, InputFileError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.ingest.spreadsheet import SheetTable, read_table
from saferinsight.periods import Period, parse_period
from saferinsight.store import datasets as store
from saferinsight.store import loads as store_loads
from saferinsight.workspace import JournalEntry, Workspace, new_load_id, utcnow

__all__ = ["DatasetLoad", "DatasetValidationError", "check_dataset_file", "ingest_dataset"]

#: How many problems an error message lists before pointing to the full list.
SHOWN = 20


class DatasetValidationError(InputFileError):
    """A partner file has problems; nothing was loaded. ``problems`` lists every one."""

    def __init__(self, path: Path, dataset: Dataset, problems: tuple[Problem, ...], rows: int):
        self.path = path
        self.dataset = dataset
        self.problems = problems
        self.rows = rows
        bad_rows = len({p.row for p in problems})
        listed = "\n".join(f"  {p.message()}" for p in problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(
            f"{path.name}: {len(problems)} problem(s) in {bad_rows} of {rows} rows; nothing "
            f"was loaded.\n{listed}{more}\nCorrect the file and load it again, or load the "
            f"{rows - bad_rows} valid rows with --accept-valid (the rejected rows are kept "
            "and listed with the version)."
        )


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
    """Read and validate a file without loading it (``safer ingest dataset --check``).

    The workspace is created if needed: validation resolves areas against its reference data.
    """
    dataset = get_dataset(dataset_name)
    with workspace.open_warehouse(read_only=workspace.exists()) as warehouse:
        return _read_and_validate(warehouse.con, dataset, path, area, period, sheet)


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
    replay: JournalEntry | None = None,
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

    Raises
    ------
    DatasetValidationError
        The file has problems and ``accept_valid`` is not set; nothing is stored.
    """
    dataset = get_dataset(dataset_name)
    if not provider.strip():
        raise AppError("say who sent the file: --provider 'West Mercia Police', for example.")
    started = replay.started_at if replay else utcnow()
    load_id = replay.load_id if replay else new_load_id(started)
    received = received or started.date()
    with workspace.open_warehouse() as warehouse:
        table, validation = _read_and_validate(warehouse.con, dataset, path, area, period, sheet)
        if validation.problems and not accept_valid:
            raise DatasetValidationError(
                path, dataset, validation.problems, len(validation.rows) + len(validation.rejected)
            )
        raw = workspace.store_raw(path, path.name)
        existing = store.find_version_by_checksum(warehouse.con, dataset.name, raw.sha256, provider)
        if existing is not None and replay is None:
            return _result(dataset, existing, "already loaded", table, validation)
        options = {
            "dataset": dataset.name,
            "provider": provider,
            "received": received.isoformat(),
            "area": area,
            "period": period,
            "sheet": table.sheet,
            "accept_valid": accept_valid,
        }
        entry = JournalEntry(
            load_id,
            "dataset",
            started,
            files=(
                {
                    "sha256": raw.sha256,
                    "stored": workspace.relative(raw.stored),
                    "received_as": str(path),
                },
            ),
            options=options,
        )
        with (
            workspace.journalled(entry, [raw], replay=replay is not None),
            warehouse.transaction() as con,
        ):
            store_loads.start_load(
                con,
                load_id=load_id,
                source="dataset",
                started_at=started,
                description=f"{dataset.name}: {path.name}",
            )
            version_id = store.insert_version(
                con,
                dataset,
                load_id=load_id,
                provider=provider.strip(),
                received=received,
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
                rows_skipped=len(table.skipped),
            )
            store_loads.finish_load(con, load_id=load_id, finished_at=utcnow())
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
        len(table.skipped),
        table.sheet,
        table.encoding,
        min(starts) if starts else None,
        max(ends) if ends else None,
        tuple(sorted({r.area_name or "" for r in validation.rows})),
    )


def _read_and_validate(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    path: Path,
    area: str | None,
    period: str | None,
    sheet: str | None,
) -> tuple[SheetTable, Validation]:
    if not path.is_file():
        raise InputFileError(f"{path}: no such file.")
    columns = {c.name: c.aliases for c in dataset.columns}
    geographic = {"area", "ward", "lsoa"}
    required = [c.name for c in dataset.columns if c.required and c.kind not in geographic]
    table = read_table(path, columns, required=required, sheet=sheet)
    lookup = geography_lookup(con, default_area=area)
    chosen: Period | None = parse_period(period) if period else None
    return table, validate_table(table, dataset, lookup, period=chosen)


def geography_lookup(
    con: duckdb.DuckDBPyConnection, *, default_area: str | None = None
) -> GeographyLookup:
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
