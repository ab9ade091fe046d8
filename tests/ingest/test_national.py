"""National scale: every force in England and Wales for a month."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferinsight.generate import generate_police_uk
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.store.counts import count_all_street
from saferinsight.workspace import Workspace
from saferinsight.workspace.status import workspace_status

from ..conftest import SHARED  # type: ignore[import-not-found]

REAL_NATIONAL = SHARED / "police-uk" / "national-2025-06"


@pytest.mark.slow
def test_a_generated_national_month_loads_completely(tmp_path: Path) -> None:
    report = generate_police_uk(tmp_path / "gen", start="2024-06", end="2024-06", seed=3)
    assert len(report.forces) == 43
    assert 400_000 < report.street_rows < 650_000
    workspace = Workspace(tmp_path / "ws")
    loaded = ingest_police_uk(workspace, [tmp_path / "gen"])
    assert loaded.rows_rejected == 0
    assert loaded.rows_loaded == report.street_rows + report.outcome_rows
    status = workspace_status(workspace)
    street = next(k for k in status.police_uk if k.kind == "street")
    assert (street.files, street.rows, len(street.forces)) == (43, report.street_rows, 43)


@pytest.mark.slow
@pytest.mark.skipif(not REAL_NATIONAL.exists(), reason="needs ../shared/data (developer machines)")
def test_the_real_national_june_2025_files_load(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    report = ingest_police_uk(workspace, [REAL_NATIONAL])
    lines = sum(p.read_bytes().count(b"\n") - 1 for p in REAL_NATIONAL.glob("*.csv"))
    assert (len(report.files), report.rows_loaded, report.rows_rejected) == (39, lines, 0)
    with workspace.reader() as warehouse:
        assert sum(row[-1] for row in count_all_street(warehouse)) == 345_810
