"""Package-level promises: the public API, settings documentation, fast start-up."""

from __future__ import annotations

import subprocess
import sys

import saferinsight
from saferinsight.settings import Settings


def test_public_api_is_complete_and_importable() -> None:
    assert saferinsight.__all__ == sorted(saferinsight._EXPORTS)
    for name in saferinsight.__all__:
        assert getattr(saferinsight, name) is not None


def test_every_setting_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from saferinsight.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('duckdb', 'numpy', 'openpyxl', 'rich') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
