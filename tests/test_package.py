"""Package-level promises: the public API, settings documentation, fast start-up."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

import saferinsight
from saferinsight.errors import SettingsError
from saferinsight.settings import Settings, load_settings

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_public_api_is_complete_and_importable() -> None:
    assert saferinsight.__all__ == sorted(saferinsight._EXPORTS)
    for name in saferinsight.__all__:
        assert getattr(saferinsight, name) is not None


def test_every_setting_is_documented() -> None:
    for setting in fields(Settings):
        assert setting.metadata["help"], setting.name
        assert setting.metadata["expects"], setting.name
        assert f"SAFER_{setting.name.upper()}" in README, setting.name


def test_settings_come_from_flags_then_environment_then_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAFER_THREADS", "3")
    monkeypatch.setenv("SAFER_WORKSPACE", "from-env")
    monkeypatch.delenv("SAFER_MEMORY_LIMIT", raising=False)
    found = load_settings(workspace="from-flag", memory_limit=None)
    assert found == Settings(workspace=Path("from-flag"), memory_limit="3GB", threads=3)
    monkeypatch.setenv("SAFER_THREADS", "-1")
    with pytest.raises(SettingsError, match=r"SAFER_THREADS \(environment variable\) '-1'"):
        load_settings()


HEAVY = ("duckdb", "numpy", "openpyxl", "pandas", "pydantic", "rich", "scipy")


def _heavy_modules_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``code``."""
    check = f"\nimport sys\nprint('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code + check], capture_output=True, text=True, check=True
    )
    found = result.stdout.strip().splitlines()[-1].removeprefix("HEAVY=")
    return found.split(",") if found else []


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "from saferinsight.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _heavy_modules_after(code) == []


def test_a_workspace_and_its_settings_import_only_duckdb() -> None:
    code = (
        "from pathlib import Path\n"
        "from saferinsight.workspace import Workspace\n"
        "Workspace(Path('w'))"
    )
    assert _heavy_modules_after(code) == ["duckdb"]
