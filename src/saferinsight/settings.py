"""Settings, declared once.

Precedence: command-line flag > environment variable (``SAFER_<NAME>``) > default.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Safer Insight reads, with its default and meaning."""

    model_config = SettingsConfigDict(env_prefix="SAFER_", extra="ignore")

    workspace: Path = Field(
        default=Path("safer-workspace"),
        description="Workspace folder: raw files as received, the warehouse and the records.",
    )
    memory_limit: str = Field(
        default="3GB",
        description="Most memory DuckDB may use before spilling to disk (DuckDB size syntax).",
    )
    threads: int = Field(
        default=0,
        description="DuckDB worker threads; 0 uses every core.",
    )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (for example CLI flags).

    Examples
    --------
    >>> load_settings(workspace="w").workspace
    PosixPath('w')
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]
