"""Loads that would lose data are refused (issue 14, classes 1 and 3): a re-published file much
smaller than the one it replaces, and a file with lines neither loaded nor rejected. Refusals
change nothing; the user can accept a smaller file, and restore an earlier version."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferinsight.errors import RefusedLoadError
from saferinsight.ingest.police_uk import SHRINK_LIMIT, ingest_police_uk
from saferinsight.ingest.rebuild import rebuild
from saferinsight.workspace import Workspace
from tests.ingest.test_police_uk import snapshot

FEBRUARY = "2024-02-west-mercia-street.csv"


def _rows(workspace: Workspace, month: str = "2024-02-01") -> int:
    with workspace.reader() as warehouse:
        row = warehouse.execute(
            f"SELECT count(*) FROM street WHERE month = DATE '{month}'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _lines(west_mercia_dir: Path) -> list[str]:
    return (west_mercia_dir / FEBRUARY).read_text(encoding="utf-8").splitlines(keepends=True)


def _write(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FEBRUARY
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_header_only_republication_is_refused_and_changes_nothing(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    """A header-only file "replaced" 7,654 rows with none (exit code 0)."""
    before = snapshot(loaded)
    rows = _rows(loaded)
    assert rows == len(_lines(west_mercia_dir)) - 1
    empty = _write(tmp_path / "empty", _lines(west_mercia_dir)[:1])
    with pytest.raises(RefusedLoadError) as refused:
        ingest_police_uk(loaded, [empty])
    message = str(refused.value)
    assert f"against {rows:,} rows now" in message
    assert "has 0 rows that load" in message
    assert refused.value.hint is not None
    assert refused.value.hint.options == {"accept_smaller": True}
    assert snapshot(loaded) == before


def test_one_broken_quote_is_refused_naming_its_line(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    """One unclosed quote loaded 50 of 7,654 rows with "1 file(s) loaded"."""
    lines = _lines(west_mercia_dir)
    broken = list(lines)
    broken[50] = broken[50].replace(",", ',"', 1)  # line 51 opens a quote it never closes
    path = _write(tmp_path / "quote", broken)
    before = snapshot(loaded)
    with pytest.raises(RefusedLoadError) as refused:
        ingest_police_uk(loaded, [path])
    message = str(refused.value)
    assert "The first rejected line is line 51" in message
    assert f"of its {len(lines) - 1:,} data lines were neither loaded nor rejected" in message
    assert snapshot(loaded) == before


def test_a_smaller_file_can_be_accepted_and_the_earlier_version_restored(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    lines = _lines(west_mercia_dir)
    full = len(lines) - 1
    half = _write(tmp_path / "half", lines[: 1 + full // 2])
    report = ingest_police_uk(loaded, [half], accept_smaller=True)
    assert report.files[0].status == "replaced"
    assert _rows(loaded) == full // 2
    # The original is refused as superseded unless restored; restoring brings every row back.
    original = west_mercia_dir / FEBRUARY
    assert ingest_police_uk(loaded, [original]).files[0].status == "superseded"
    assert "restore it" in ingest_police_uk(loaded, [original]).files[0].note
    restored = ingest_police_uk(loaded, [original], restore=True)
    assert restored.files[0].status == "replaced"
    assert _rows(loaded) == full
    # A rebuild replays both loads with the choices they were made with.
    rebuild(loaded)
    assert _rows(loaded) == full


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(keep=st.floats(0.0, 1.0))
def test_a_replacement_keeps_every_row_accounted_for_or_is_refused(
    loaded: Workspace, west_mercia_dir: Path, tmp_path_factory: pytest.TempPathFactory, keep: float
) -> None:
    """Property: a truncated republication either loads all of its rows (when it keeps at least
    1 - SHRINK_LIMIT of the rows now loaded) or is refused and changes nothing."""
    lines = _lines(west_mercia_dir)
    now = _rows(loaded)
    kept = int(keep * (len(lines) - 1))
    path = _write(tmp_path_factory.mktemp("cut"), lines[: 1 + kept])
    before = snapshot(loaded)
    if kept == now:
        return  # the same file: nothing to replace
    if kept < (1 - SHRINK_LIMIT) * now:
        with pytest.raises(RefusedLoadError):
            ingest_police_uk(loaded, [path])
        assert snapshot(loaded) == before
    else:
        report = ingest_police_uk(loaded, [path])
        assert report.files[0].rows_loaded == kept
        assert _rows(loaded) == kept
        ingest_police_uk(loaded, [west_mercia_dir / FEBRUARY], restore=True)
        assert _rows(loaded) == now
