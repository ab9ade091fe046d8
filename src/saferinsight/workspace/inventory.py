"""What partner data a workspace holds: per dataset, its versions, coverage and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.datasets.catalogue import DATASETS, get_dataset
from saferinsight.store import datasets as store
from saferinsight.store.datasets import DatasetVersion

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["DatasetSummary", "inventory_in", "problems_in", "versions_in"]


@dataclass(frozen=True)
class DatasetSummary:
    """One declared dataset and what is loaded of it."""

    name: str
    title: str
    versions: int
    current_rows: int
    first: date | None
    last: date | None
    providers: tuple[str, ...]

    @property
    def loaded(self) -> bool:
        """Whether any version is loaded."""
        return self.versions > 0


def dataset_inventory(workspace: Workspace) -> list[DatasetSummary]:
    """Every partner dataset, loaded or not (the library entry point; :func:`inventory_in`
    works on an open warehouse)."""
    with workspace.reader() as warehouse:
        return inventory_in(warehouse)


def dataset_versions(workspace: Workspace, name: str) -> list[DatasetVersion]:
    """A dataset's versions, oldest first, and what superseded them."""
    with workspace.reader() as warehouse:
        return versions_in(warehouse, name)


def version_problems(
    workspace: Workspace, version_id: int
) -> list[tuple[int, str, str, str, str, str]]:
    """The rejected rows and problems kept with a version."""
    with workspace.reader() as warehouse:
        return problems_in(warehouse, version_id)


def inventory_in(con: Warehouse) -> list[DatasetSummary]:
    """Every declared dataset, loaded or not, with its versions and current coverage.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> with reference_warehouse() as warehouse:
    ...     inventory = inventory_in(warehouse)
    >>> [(s.name, s.loaded) for s in inventory][:2]
    [('police-crime', False), ('police-crime-monthly', False)]
    """
    versions = store.list_versions(con)  # none in a warehouse older than partner datasets
    summaries = []
    for dataset in DATASETS.values():
        mine = [v for v in versions if v.dataset == dataset.name]
        rows = store.dataset_rows(con, dataset, columns=[]) if mine else []
        summaries.append(
            DatasetSummary(
                dataset.name,
                dataset.title,
                len(mine),
                len(rows),
                min((r["period_start"] for r in rows), default=None),
                max((r["period_end"] for r in rows), default=None),
                tuple(sorted({v.provider for v in mine})),
            )
        )
    return summaries


def versions_in(con: Warehouse, name: str) -> list[DatasetVersion]:
    """The versions of one dataset, oldest first, with how many rows later ones superseded."""
    return store.list_versions(con, get_dataset(name).name)


def problems_in(con: Warehouse, version_id: int) -> list[tuple[int, str, str, str, str, str]]:
    """The rejected rows' problems of a version: (row, column, value, problem, fix, row)."""
    return store.version_problems(con, version_id)
