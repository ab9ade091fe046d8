"""Warehouse connection settings."""

from __future__ import annotations

from saferinsight.generate.fixtures import reference_warehouse
from saferinsight.store.police import checkpoint_appended


def test_no_progress_bar_on_standard_output() -> None:
    # DuckDB's progress bar for long queries goes to standard output, where commands write
    # their CSV and JSON.
    with reference_warehouse() as warehouse:
        row = warehouse.execute("SELECT current_setting('enable_progress_bar')").fetchone()
    assert row == (False,)


def test_checkpoint_after_an_append_skips_the_vacuum_and_restores_it() -> None:
    with reference_warehouse() as warehouse:
        con = warehouse
        default = con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()
        con.execute("INSERT INTO rejects VALUES (1, 2, 'Month', 'x', 'bad value', 'why', 'x')")
        checkpoint_appended(con)
        setting = con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()
        wal = warehouse.path.with_name(warehouse.path.name + ".wal")
        assert setting == default
        assert default != (0,)
        assert not wal.exists() or wal.stat().st_size == 0  # the append is in the file
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (1,)
