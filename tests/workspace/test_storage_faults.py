"""Storage faults (issue 14): a disk that fills during a load, and a read-only workspace. The
command is refused with a message naming the folder and the fault; nothing stored changes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from saferinsight.cli.commands import main
from saferinsight.errors import StorageError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace
from saferinsight.workspace import raw as raw_module
from tests.ingest.test_police_uk import snapshot


@pytest.fixture
def base(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    rows = [street_row(month="2024-01") for _ in range(5)]
    ingest_police_uk(
        workspace, [write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", rows)]
    )
    return workspace


def _february(tmp_path: Path) -> Path:
    rows = [street_row(month="2024-02") for _ in range(5)]
    return write_police_csv(tmp_path / "in" / "2024-02-west-mercia-street.csv", rows)


def test_a_disk_that_fills_while_files_are_copied_changes_nothing(
    base: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    path = _february(tmp_path)
    before = snapshot(base)

    def full(source: object, target: object) -> None:
        Path(str(target)).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(raw_module.shutil, "copyfile", full)
    with pytest.raises(StorageError) as caught:
        ingest_police_uk(base, [path])
    assert f"the disk holding {base.root} is full" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    monkeypatch.undo()
    assert snapshot(base) == before
    result = CliRunner().invoke(
        main, ["--workspace", str(base.root), "ingest", "police-uk", str(path)]
    )
    assert result.exit_code == 0, result.output


def test_a_full_disk_is_a_message_on_the_command_line(
    base: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    path = _february(tmp_path)
    before = snapshot(base)

    def full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(raw_module.shutil, "copyfile", full)
    result = CliRunner().invoke(
        main, ["--workspace", str(base.root), "ingest", "police-uk", str(path)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "is full" in result.output
    monkeypatch.undo()
    assert snapshot(base) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_workspace_is_named(base: Workspace, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = _february(tmp_path)
    modes = {p: p.stat().st_mode for p in [base.root, *base.root.rglob("*")]}
    for p in modes:
        p.chmod(modes[p] & ~0o222)
    try:
        result = CliRunner().invoke(
            main, ["--workspace", str(base.root), "ingest", "police-uk", str(path)]
        )
        rebuilt = CliRunner().invoke(main, ["--workspace", str(base.root), "rebuild"])
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
    for outcome in (result, rebuilt):
        assert outcome.exit_code == 1, outcome.output
        assert "cannot be written to" in outcome.output
        assert str(base.root) in " ".join(outcome.output.split())


def test_a_read_only_folder_met_during_a_load_is_named(
    base: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root cannot be refused by permissions, the fault is injected as the kernel gives it."""
    (tmp_path / "in").mkdir()
    path = _february(tmp_path)
    before = snapshot(base)

    def read_only(source: object, target: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))

    monkeypatch.setattr(raw_module.shutil, "copyfile", read_only)
    result = CliRunner().invoke(
        main, ["--workspace", str(base.root), "ingest", "police-uk", str(path)]
    )
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"{base.root} cannot be written to: Read-only file system" in " ".join(
        result.output.split()
    )
    assert snapshot(base) == before
