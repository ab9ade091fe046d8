"""Settings, declared once.

Precedence: command-line flag > environment variable (``SAFER_<NAME>``) > default.

The settings are a frozen dataclass; each field carries its help text and how its text (from
the environment or a flag) becomes its value. They were a pydantic-settings model until
importing pydantic and pydantic-settings was measured at 0.13 s, a third of the start-up of
every command that opens a workspace, for three settings that need one conversion each.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from saferinsight.errors import Hint, SettingsError

ENV_PREFIX = "SAFER_"


def _whole_number(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


#: DuckDB's memory sizes: a number and a unit (KB or KiB, MB, GB, TB), or a share of memory.
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:([kmgt])(b|ib)?|(%))$", re.IGNORECASE)
#: Below this DuckDB cannot run a load: it fails part-way, out of memory.
MIN_MEMORY_BYTES = 100_000_000


def _memory_limit(text: str) -> str:
    """A DuckDB memory limit such as 3GB, 500MB, 2GiB or 80%, checked before DuckDB sees it.

    DuckDB would report a malformed limit only when the warehouse opens, as a failure to open
    the file.
    """
    match = _MEMORY.match(text.strip())
    if not match:
        raise ValueError(text)
    number, unit, binary, percent = match.groups()
    if percent:
        if not 0 < float(number) <= 100:
            raise ValueError(text)
    else:
        base = 1024 if binary and binary.lower() == "ib" else 1000
        if float(number) * base ** ("kmgt".index(unit.lower()) + 1) < MIN_MEMORY_BYTES:
            raise ValueError(text)
    return text.strip()


def _database_url(text: str) -> str:
    """A PostgreSQL or SQLite URL (checked here, before SQLAlchemy sees it)."""
    url = text.strip()
    if not url.startswith(("postgresql://", "postgresql+psycopg://", "sqlite:///")):
        raise ValueError(text)
    return url


def _meta(help: str, parse: Callable[[str], object], expects: str) -> dict[str, Any]:
    return {"help": help, "parse": parse, "expects": expects}


@dataclass(frozen=True)
class Settings:
    """Every setting Safer Insight reads, with its default and meaning."""

    workspace: Path = field(
        default=Path("safer-workspace"),
        metadata=_meta(
            "Workspace folder: raw files as received, the warehouse and the records.",
            Path,
            "a folder",
        ),
    )
    memory_limit: str = field(
        default="3GB",
        metadata=_meta(
            "Most memory DuckDB may use before spilling to disk (DuckDB size syntax).",
            _memory_limit,
            "a memory size of at least 100MB, such as 3GB, 500MB or 2GiB, or a share of the "
            "machine's memory such as 80%",
        ),
    )
    threads: int = field(
        default=0,
        metadata=_meta(
            "DuckDB worker threads; 0 uses every core.", _whole_number, "a whole number, 0 or more"
        ),
    )
    database_url: str | None = field(
        default=None,
        metadata=_meta(
            "The records database: a PostgreSQL URL for a server that several people share "
            "(postgresql://user:password@host/database); by default an SQLite file in the "
            "workspace.",
            _database_url,
            "a database URL starting postgresql:// or sqlite:///",
        ),
    )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (for example CLI flags).

    An override of ``None`` (a flag not given) leaves the environment variable or the default.

    Examples
    --------
    >>> load_settings(workspace="w").workspace
    PosixPath('w')
    >>> load_settings(threads="2").threads
    2
    >>> load_settings(threads="two")
    Traceback (most recent call last):
    ...
    saferinsight.errors.SettingsError: threads 'two' is not a whole number, 0 or more.
    """
    unknown = set(overrides) - {setting.name for setting in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, object] = {}
    for setting in fields(Settings):
        given, where = overrides.get(setting.name), setting.name
        if given is None:
            variable = ENV_PREFIX + setting.name.upper()
            given, where = os.environ.get(variable), f"{variable} (environment variable)"
        if given is None:
            continue
        try:
            values[setting.name] = setting.metadata["parse"](str(given))
        except ValueError:
            expects = setting.metadata["expects"]
            raise SettingsError(
                f"{where} {str(given)!r} is not {expects}.",
                hint=Hint(
                    "change-setting",
                    "Give the setting a value it accepts, or none for the default "
                    f"({setting.default}).",
                    options={setting.name: str(setting.default)},
                ),
            ) from None
    return Settings(**values)  # type: ignore[arg-type]
