"""The data page's overview: read from one generation, agreeing with ``safer status`` and the
dataset inventory, and the data version a report records."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace
from saferinsight.workspace.inventory import dataset_inventory
from saferinsight.workspace.overview import data_overview, data_version
from saferinsight.workspace.status import workspace_status
from tests.datasets.test_load import iom_file, months


def test_an_empty_workspace_has_nothing_loaded(workspace: Workspace) -> None:
    overview = data_overview(workspace)
    assert not overview.loaded
    assert overview.version is None
    assert data_version(workspace) is None


def test_the_overview_agrees_with_status_and_inventory(
    tmp_path: Path, empty_warehouse: Path
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(empty_warehouse, root)
    workspace = Workspace(root)
    first = ingest_dataset(
        workspace,
        "iom-reoffending",
        iom_file(tmp_path / "a.csv", months(date(2024, 4, 1), 6), 100),
        provider="Probation",
    )
    # the same provider's later file covers every month of the first: it supersedes it whole
    second = ingest_dataset(
        workspace,
        "iom-reoffending",
        iom_file(tmp_path / "b.csv", months(date(2024, 4, 1), 12), 90),
        provider="Probation",
    )
    overview = data_overview(workspace)
    status = workspace_status(workspace)
    assert overview.status is not None
    assert overview.status.last_load == status.last_load
    assert overview.status.rejects == status.rejects
    assert list(overview.datasets) == dataset_inventory(workspace)
    versions = overview.versions["iom-reoffending"]
    assert [(v.version_id, v.rows_loaded, v.superseded_rows) for v in versions] == [
        (first.version_id, 6, 6),
        (second.version_id, 12, 0),
    ]
    version = data_version(workspace)
    assert version == overview.version
    assert version is not None
    assert version.datasets == (("iom-reoffending", second.version_id, "Probation"),)
    assert version.generation == workspace.generations.current().stem  # type: ignore[union-attr]
    assert status.last_load is not None
    assert version.last_load == status.last_load[0]
    assert version.describe().endswith(", 1 partner dataset version")
