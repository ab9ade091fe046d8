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

__all__ = ["DatasetSummary", "dataset_inventory", "dataset_versions", "version_problems"]


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


def dataset_inventory(con: Warehouse) -> list[DatasetSummary]:
    """Every declared dataset, loaded or not, with its versions and current coverage.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> with reference_warehouse() as warehouse:
    ...     inventory = dataset_inventory(warehouse)
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


def dataset_versions(con: Warehouse, name: str) -> list[DatasetVersion]:
    """The versions of one dataset, oldest first, with how many rows later ones superseded."""
    return store.list_versions(con, get_dataset(name).name)


def version_problems(con: Warehouse, version_id: int) -> list[tuple[int, str, str, str, str, str]]:
    """The rejected rows' problems of a version: (row, column, value, problem, fix, row)."""
    return store.version_problems(con, version_id)
