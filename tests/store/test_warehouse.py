"""Warehouse connection settings."""

from __future__ import annotations

from saferinsight.fixtures import reference_warehouse


def test_no_progress_bar_on_standard_output() -> None:
    # DuckDB's progress bar for long queries goes to standard output, where commands write
    # their CSV and JSON.
    with reference_warehouse() as warehouse:
        row = warehouse.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()
    assert row == (False,)
