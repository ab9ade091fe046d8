"""The warehouse and the server: while another process loads data (holding the write lock,
halfway through its load), pages keep answering from the published generation, never show
the half-loaded state, and never say "database is locked"; the load shows once published."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from saferinsight.workspace.overview import data_overview
from tests.web.conftest import Site

#: A loader in its own process that stops halfway through its load, after writing its rows
#: into the next generation and before publishing it, until told to go on.
LOADER = """
import sys, time
from pathlib import Path
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.store import datasets as store
from saferinsight.workspace import Workspace

root, path, halfway, go_on = (Path(a) for a in sys.argv[1:5])
insert = store.insert_version

def paused(*args, **kwargs):
    version = insert(*args, **kwargs)
    halfway.write_text("rows written, not published")
    while not go_on.exists():
        time.sleep(0.05)
    return version

store.insert_version = paused
ingest_dataset(Workspace(root), "iom-reoffending", path, provider="Probation")
"""


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_pages_answer_while_another_process_loads(served: Site, tmp_path: Path) -> None:
    workspace = served.records.workspace
    data = tmp_path / "iom.csv"
    months = [f"2024-{m:02d}" for m in range(4, 13)]
    data.write_text(
        "month,area,cohort,reoffended\n" + "".join(f"{m},Shropshire,100,9\n" for m in months),
        encoding="utf-8",
    )
    halfway, go_on = tmp_path / "halfway", tmp_path / "go-on"
    loader = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(workspace.root), str(data), str(halfway), str(go_on)],
        env={"PYTHONPATH": str(Path(__file__).parents[2] / "src"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(halfway, loader)
        assert workspace.lock.holder() is not None  # the other process holds the write lock
        client = served.signed_in("analyst")
        for _ in range(3):
            page = client.get("/p/sscp/data")
            html = page.get_data(as_text=True)
            assert page.status_code == 200
            assert "locked" not in html.lower()
            assert "No partner dataset is loaded." in html  # the load is not half-visible
        assert not any(d.loaded for d in data_overview(workspace).datasets)
        assert client.get("/p/sscp/uploads").status_code == 200
        assert client.get("/p/sscp/reports/new").status_code == 200
    finally:
        go_on.write_text("go")
        _, errors = loader.communicate(timeout=120)
    assert loader.returncode == 0, errors.decode()
    page = client.get("/p/sscp/data").get_data(as_text=True)
    assert "No partner dataset is loaded." not in page
    summary = next(d for d in data_overview(workspace).datasets if d.name == "iom-reoffending")
    assert summary.current_rows == len(months)
