"""The demo workspace, built once for the analysis tests."""

from __future__ import annotations

import pytest

from saferinsight.demo import build_demo
from saferinsight.workspace import Workspace


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("demo") / "ws")
    build_demo(workspace)
    return workspace
