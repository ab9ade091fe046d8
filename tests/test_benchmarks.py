"""The benchmark still runs, and its contenders agree, at a small scale."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from saferinsight.workspace import Workspace

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path: Path, demo: Workspace) -> None:
    out = tmp_path / "results.md"
    run = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)]
    result = subprocess.run(
        [*run, "--demo-workspace", str(demo.root)],  # the session's, not a second build
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text()
    contenders: dict[str, list[str]] = defaultdict(list)
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 10 and cells[1] == "generated national, 2 months at 2%":
            contenders[cells[0]].append(cells[2])
            assert cells[-1] in ("yes", "-"), line  # every table equals Safer Insight's
    assert dict(contenders) == {
        "ingest, then month x LSOA x type": ["safer", "pandas", "duckdb", "duckdb-store"],
        "month x LSOA x type": ["safer", "pandas", "duckdb"],
        "CSP x financial year": ["safer", "pandas", "duckdb"],
    }
    assert "DuckDB's own load of the same CSVs into a database file" in text
    assert "| `safer --workspace NATIONAL analyse Shropshire" in text
    assert "| `safer --workspace NATIONAL analyse-all --period" in text
    assert "| `safer --workspace DEMO report strategic-assessment" in text
