"""Settings: a malformed value is a SettingsError with a hint, before DuckDB sees it."""

from __future__ import annotations

import duckdb
import pytest

from saferinsight.errors import SettingsError
from saferinsight.settings import load_settings

ACCEPTED = ["3GB", "500MB", "80%", "2GiB", "1.5GB", "3 GB", "4gb", "1T", "100%"]
REFUSED = ["3 gigs", "3", "", "GB", "200%", "0%", "50MB", "3 KB", "-1GB", "3GBs", "1e3MB"]


@pytest.mark.parametrize("value", ACCEPTED)
def test_duckdb_memory_sizes_are_accepted_as_duckdb_reads_them(value: str) -> None:
    assert load_settings(memory_limit=value).memory_limit == value.strip()
    duckdb.connect(config={"memory_limit": value}).close()  # and DuckDB agrees


@pytest.mark.parametrize("value", REFUSED)
def test_other_memory_limits_are_refused_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SAFER_MEMORY_LIMIT", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == (
        f"SAFER_MEMORY_LIMIT (environment variable) {value!r} is not a memory size of at least "
        "100MB, such as 3GB, 500MB or 2GiB, or a share of the machine's memory such as 80%."
    )
    hint = caught.value.hint
    assert hint is not None
    assert (hint.action, dict(hint.options)) == ("change-setting", {"memory_limit": "3GB"})
    assert "rebuild" not in hint.text


def test_a_bad_thread_count_hints_at_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFER_THREADS", "two")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert caught.value.hint is not None
    assert dict(caught.value.hint.options) == {"threads": "0"}
