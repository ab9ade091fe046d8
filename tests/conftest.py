"""Shared fixtures: workspaces in temporary folders, the real West Mercia test files and the demo
workspace (built once per session: it takes minutes)."""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from saferinsight.clock import FixedClock
from saferinsight.workspace import Workspace

if TYPE_CHECKING:
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.generate.demo import DemoResult
    from saferinsight.records.service import Records
    from saferinsight.store.warehouse import Warehouse
    from tests.records.postgres import Server

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
#: The package's own password hasher, before the suite swaps in a cheap one.
SHIPPED_HASHER: list[object] = []


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """Cheap argon2id parameters for the tests: hashing the many test accounts with the
    production parameters (64 MiB, 3 passes) would cost minutes. Production's parameters are
    checked by ``tests/accounts/test_passwords.py`` with the hasher kept in ``SHIPPED_HASHER``."""
    from argon2 import PasswordHasher

    from saferinsight.accounts import passwords

    SHIPPED_HASHER.append(passwords._HASHER)
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", quick)
        yield


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture(scope="session")
def west_mercia_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real West Mercia street files for January-March 2024, as police.uk publishes them."""
    target = tmp_path_factory.mktemp("west-mercia")
    for path in sorted(DATA.glob("2024-0*-west-mercia-street.csv.gz")):
        with gzip.open(path, "rb") as src, open(target / path.name[:-3], "wb") as dst:
            shutil.copyfileobj(src, dst)
    return target


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory, west_mercia_dir: Path) -> Path:
    """A workspace with the three real West Mercia months loaded (copied per test)."""
    from saferinsight.ingest.police_uk import ingest_police_uk

    root = tmp_path_factory.mktemp("loaded") / "ws"
    ingest_police_uk(Workspace(root), [west_mercia_dir])
    return root


@pytest.fixture
def loaded(tmp_path: Path, loaded_template: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(loaded_template, root)
    return Workspace(root)


@pytest.fixture(scope="session")
def reference() -> Iterator[Warehouse]:
    """A warehouse holding only the shipped reference data, shared: read it, never write."""
    from saferinsight.generate.fixtures import reference_warehouse

    with reference_warehouse() as warehouse:
        yield warehouse


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace folder holding only the shipped reference data: copy it, never write."""
    root = tmp_path_factory.mktemp("reference") / "ws"
    with Workspace(root).writer() as writer:
        writer.touch()
    return root


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """What the first ``build_demo`` of the session returned (its workspace is :func:`demo`)."""
    from saferinsight.generate.demo import build_demo

    return build_demo(Workspace(tmp_path_factory.mktemp("demo") / "ws"))


@pytest.fixture(scope="session")
def demo(demo_build: DemoResult) -> Workspace:
    """The demo workspace, shared by every test: open it read-only, never write to it (a test
    that writes takes :func:`demo_copy`)."""
    return Workspace(demo_build.workspace)


@pytest.fixture(scope="session")
def demo_shropshire(demo: Workspace) -> AreaAnalysis:
    """Shropshire's 2024/25 analysis of the demo workspace (a frozen result, shared)."""
    from saferinsight.analysis.engine import analyse_in

    with demo.reader() as warehouse:
        return analyse_in(warehouse, "Shropshire", period="2024/25")


@pytest.fixture
def demo_copy(tmp_path: Path, demo: Workspace) -> Workspace:
    """A copy of the demo workspace that the test may change."""
    root = tmp_path / "demo"
    shutil.copytree(demo.root, root)
    return Workspace(root)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- records: every records test runs on SQLite and on PostgreSQL ------------------------------

NOW = datetime(2025, 3, 31, 9, 30)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server | None]:
    """A throwaway PostgreSQL server for the session, if PostgreSQL is installed."""
    from saferinsight.records import database
    from tests.records.postgres import Server, binaries

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
    from saferinsight.records import database

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
    from saferinsight.settings import load_settings

    settings = load_settings(workspace=tmp_path / "ws", database_url=backend)
    return Workspace(tmp_path / "ws", settings=settings, clock=FixedClock(NOW))


@pytest.fixture
def records(records_workspace: Workspace) -> Records:
    from saferinsight.records.service import Records

    return Records(records_workspace, actor="alice")
