"""What the data page shows, read from one published generation so that its parts agree: the
workspace status (police.uk files, months, rows, rejects, reference versions), every partner
dataset with its versions and what superseded them, and the data version a report reads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from saferinsight.store import datasets as store_datasets
from saferinsight.store import status as store_status
from saferinsight.store.datasets import DatasetVersion
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace
from saferinsight.workspace.inventory import DatasetSummary, inventory_in
from saferinsight.workspace.status import RejectRow, WorkspaceStatus, _status, rejects_in

__all__ = ["DataOverview", "DataVersion", "data_overview", "data_version", "data_version_in"]


@dataclass(frozen=True)
class DataVersion:
    """Which data a result was computed from: the published generation, its latest load, and
    the partner dataset versions it held."""

    generation: str
    last_load: str | None
    loaded_at: datetime | None
    datasets: tuple[tuple[str, int, str], ...]  # (dataset, version id, provider)

    def to_dict(self) -> dict[str, Any]:
        """The version as JSON-ready values."""
        return {
            "generation": self.generation,
            "last_load": self.last_load,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "datasets": [list(d) for d in self.datasets],
        }

    def describe(self) -> str:
        """One line for a page: 'generation-000003, last load ... (2025-03-31 09:30)'."""
        when = f" ({self.loaded_at:%Y-%m-%d %H:%M})" if self.loaded_at else ""
        load = f", last load {self.last_load}{when}" if self.last_load else ""
        count = len(self.datasets)
        versions = f", {count} partner dataset version{'s' if count != 1 else ''}"
        return f"{self.generation}{load}{versions}"


@dataclass(frozen=True)
class DataOverview:
    """Everything the data page shows; ``status`` is None in a workspace with nothing loaded."""

    status: WorkspaceStatus | None
    datasets: tuple[DatasetSummary, ...]
    versions: dict[str, tuple[DatasetVersion, ...]]
    version: DataVersion | None
    #: The first rejected rows of the current police.uk files (``status.rejects`` counts all).
    rejects: tuple[RejectRow, ...] = ()

    @property
    def loaded(self) -> bool:
        """Whether anything is loaded."""
        return self.status is not None


#: How many rejected rows the overview lists.
REJECTS_SHOWN = 20
#: Overviews of the last generations read, by generation file (a generation never changes
#: once published, so its overview is read once; the data page then answers at once).
_CACHE: dict[tuple[str, int], DataOverview] = {}
_CACHE_SIZE = 8
_guard = threading.Lock()


def data_overview(workspace: Workspace) -> DataOverview:
    """What the workspace holds, from its published warehouse (empty if none is published)."""
    if not workspace.exists():
        return DataOverview(None, (), {}, None)
    with workspace.reader() as warehouse:
        key = (str(warehouse.path.resolve()), _published_at(workspace))
        with _guard:
            found = _CACHE.get(key)
        if found is not None:
            return found
        datasets = tuple(inventory_in(warehouse))
        versions: dict[str, list[DatasetVersion]] = {}
        for version in store_datasets.list_versions(warehouse):
            versions.setdefault(version.dataset, []).append(version)
        found = DataOverview(
            _status(workspace, warehouse),
            datasets,
            {d.name: tuple(versions.get(d.name, ())) for d in datasets if d.loaded},
            _version(warehouse, [v for group in versions.values() for v in group]),
            tuple(rejects_in(warehouse, limit=REJECTS_SHOWN)),
        )
    with _guard:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    return found


def _published_at(workspace: Workspace) -> int:
    """When the published generation was published (its pointer's time), so that a workspace
    rebuilt from scratch with a generation of the same name is not taken for the old one."""
    try:
        return workspace.generations.pointer.stat().st_mtime_ns
    except OSError:
        return 0


def data_version(workspace: Workspace) -> DataVersion | None:
    """The data version of the published warehouse (None if nothing is published)."""
    if not workspace.exists():
        return None
    with workspace.reader() as warehouse:
        return data_version_in(warehouse)


def data_version_in(warehouse: Warehouse) -> DataVersion:
    """The data version of an open warehouse: its generation's file, its latest load, and the
    partner dataset versions current in it (not wholly superseded by later ones)."""
    return _version(warehouse, store_datasets.list_versions(warehouse))


def _version(warehouse: Warehouse, versions: list[DatasetVersion]) -> DataVersion:
    last = store_status.last_load(warehouse)
    current = [
        (v.dataset, v.version_id, v.provider)
        for v in sorted(versions, key=lambda v: (v.dataset, v.version_id))
        if v.superseded_rows < v.rows_loaded
    ]
    return DataVersion(
        warehouse.path.stem,
        last[0] if last else None,
        last[2] if last else None,
        tuple(current),
    )
