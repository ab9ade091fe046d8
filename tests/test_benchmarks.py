"""The benchmark still runs, and its contenders agree, at a small scale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = [line for line in out.read_text().splitlines() if line.startswith("| generated")]
    assert [line.split(" | ")[1] for line in table] == ["safer", "pandas", "duckdb"]
    assert all(line.rstrip(" |").endswith(("yes", "-")) for line in table)
