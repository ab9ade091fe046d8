"""Safer Insight: intelligence, governance and reporting for community safety partnerships.

The public API is listed in ``__all__``; names load lazily so that the ``safer`` command starts
fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AppError": "saferinsight.errors",
    "Area": "saferinsight.geo.areas",
    "CountsResult": "saferinsight.counts",
    "Hint": "saferinsight.errors",
    "IngestReport": "saferinsight.ingest.police_uk",
    "OptionError": "saferinsight.errors",
    "RebuildReport": "saferinsight.rebuild",
    "Warehouse": "saferinsight.store.warehouse",
    "Workspace": "saferinsight.workspace",
    "WorkspaceStatus": "saferinsight.status",
    "count_records": "saferinsight.counts",
    "ingest_boundaries": "saferinsight.ingest.geography",
    "ingest_geography": "saferinsight.ingest.geography",
    "ingest_police_uk": "saferinsight.ingest.police_uk",
    "ingest_population": "saferinsight.ingest.geography",
    "list_rejects": "saferinsight.status",
    "rebuild": "saferinsight.rebuild",
    "resolve_area": "saferinsight.geo.areas",
    "workspace_status": "saferinsight.status",
}

__all__ = [
    "AppError",
    "Area",
    "CountsResult",
    "Hint",
    "IngestReport",
    "OptionError",
    "RebuildReport",
    "Warehouse",
    "Workspace",
    "WorkspaceStatus",
    "count_records",
    "ingest_boundaries",
    "ingest_geography",
    "ingest_police_uk",
    "ingest_population",
    "list_rejects",
    "rebuild",
    "resolve_area",
    "workspace_status",
]

if TYPE_CHECKING:
    from saferinsight.counts import CountsResult, count_records
    from saferinsight.errors import AppError, Hint, OptionError
    from saferinsight.geo.areas import Area, resolve_area
    from saferinsight.ingest.geography import (
        ingest_boundaries,
        ingest_geography,
        ingest_population,
    )
    from saferinsight.ingest.police_uk import IngestReport, ingest_police_uk
    from saferinsight.rebuild import RebuildReport, rebuild
    from saferinsight.status import WorkspaceStatus, list_rejects, workspace_status
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'saferinsight' has no attribute {name!r}")
