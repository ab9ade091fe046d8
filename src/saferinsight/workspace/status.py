"""What a workspace holds: sources, files, coverage, rows, rejects, reference versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from saferinsight.options import check_whole_number
from saferinsight.store import status as store_status
from saferinsight.store.police import CrimeIdRepeats, file_names, repeated_crime_ids
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace

POLICE_UK = "police-uk"


@dataclass(frozen=True)
class ReferenceVersion:
    """A loaded version of a reference table."""

    kind: str
    version: str
    source_file: str
    shipped: bool
    rows: int
    loaded_at: datetime


@dataclass(frozen=True)
class RejectRow:
    """A rejected row as ``safer rejects`` lists it."""

    file: str
    line: int
    column: str | None
    value: str | None
    error_type: str
    reason: str


@dataclass(frozen=True)
class WorkspaceStatus:
    """The answer to ``safer status``."""

    workspace: str
    warehouse_bytes: int
    raw_files: int
    raw_bytes: int
    police_uk: tuple[store_status.KindSummary, ...]
    table_rows: dict[str, int]
    street_rows: int
    street_without_location: int
    street_unknown_lsoa: int
    outcomes: int
    outcomes_linked: int
    rejects: int
    replacements: tuple[tuple[str, str, int, datetime, str, str, int], ...]
    reference: tuple[ReferenceVersion, ...]
    last_load: tuple[str, str, datetime, str] | None
    #: Street Crime IDs on more than one loaded row (reported, never dropped).
    crime_id_repeats: CrimeIdRepeats = field(default_factory=CrimeIdRepeats)
    #: The files of the repeats' examples: file_id -> name.
    repeat_files: dict[int, str] | None = None


def workspace_status(workspace: Workspace) -> WorkspaceStatus:
    """Summarise a workspace: files, rows, rejects and reference data of its published
    warehouse."""
    with workspace.reader() as warehouse:
        return _status(workspace, warehouse)


def _status(workspace: Workspace, warehouse: Warehouse) -> WorkspaceStatus:
    con = warehouse
    raw = (
        [p for p in workspace.raw.folder.rglob("*") if p.is_file()]
        if workspace.raw.folder.exists()
        else []
    )
    total, no_location, unknown = store_status.street_location_summary(con)
    outcomes, linked = store_status.outcome_links(con)
    repeats = repeated_crime_ids(con)
    return WorkspaceStatus(
        workspace=str(workspace.root),
        warehouse_bytes=workspace.warehouse_path.stat().st_size,
        raw_files=len(raw),
        raw_bytes=sum(p.stat().st_size for p in raw),
        police_uk=tuple(store_status.kind_summaries(con, POLICE_UK)),
        table_rows=store_status.table_rows(con, ("street", "outcomes", "stop_search", "rejects")),
        street_rows=total,
        street_without_location=no_location,
        street_unknown_lsoa=unknown,
        outcomes=outcomes,
        outcomes_linked=linked,
        rejects=store_status.reject_total(con),
        replacements=tuple(store_status.replacements(con, 10)),
        reference=tuple(ReferenceVersion(*r) for r in store_status.reference_versions(con)),
        last_load=store_status.last_load(con),
        crime_id_repeats=repeats,
        repeat_files=file_names(con, [i for r in repeats.examples for i in r.file_ids]),
    )


def list_rejects(
    workspace: Workspace, *, file_pattern: str | None = None, limit: int | None = 100
) -> list[RejectRow]:
    """Rejected rows of the current files (the library entry point; :func:`rejects_in` works
    on an open warehouse)."""
    with workspace.reader() as warehouse:
        return rejects_in(warehouse, file_pattern=file_pattern, limit=limit)


def rejects_in(
    warehouse: Warehouse, *, file_pattern: str | None = None, limit: int | None = 100
) -> list[RejectRow]:
    """Rejected rows of the current files, by file and line: at most ``limit`` (1 or more;
    ``None`` lists them all)."""
    if limit is not None:
        check_whole_number(limit, option="limit", minimum=1, noun="a whole number of rows")
    return [
        RejectRow(*row)
        for row in store_status.rejects(warehouse, file_pattern=file_pattern, limit=limit)
    ]
