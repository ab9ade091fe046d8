"""Shared fixtures: workspaces in temporary folders and the real West Mercia test files."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from saferinsight.workspace import Workspace

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


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


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
