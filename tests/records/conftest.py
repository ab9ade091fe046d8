"""Records tests run on SQLite and on PostgreSQL: the ``backend`` fixture gives each test a new
empty records database of each kind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from saferinsight.clock import FixedClock
from saferinsight.records import database
from saferinsight.records.service import Records
from saferinsight.settings import load_settings
from saferinsight.workspace import Workspace
from tests.records.postgres import Server, binaries

NOW = datetime(2025, 3, 31, 9, 30)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server | None]:
    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get("SAFER_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (SAFER_REQUIRE_POSTGRES=1) but not installed")
        yield None
        return
    server = Server(bin_dir)
    try:
        yield server
    finally:
        database.dispose_engines()
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new empty records database's URL, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite'}"
    else:
        server = request.getfixturevalue("postgres")
        if server is None:
            pytest.skip("PostgreSQL is not installed (scripts/system-packages.sh installs it)")
        yield server.new_database()
    database.dispose_engines()


@pytest.fixture
def records_workspace(tmp_path: Path, backend: str) -> Workspace:
    settings = load_settings(workspace=tmp_path / "ws", database_url=backend)
    return Workspace(tmp_path / "ws", settings=settings, clock=FixedClock(NOW))


@pytest.fixture
def records(records_workspace: Workspace) -> Records:
    return Records(records_workspace, actor="alice")
