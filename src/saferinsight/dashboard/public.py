"""The public site: the partnerships with a public dashboard, and the public editions of the
reports written to the workspace's reports folder.

Only public editions are listed or served: a report built with disclosure control, whose file
name ends ``-public`` (:func:`saferinsight.reports.build.report_name`); a full edition is never
offered, whatever address is asked for. A public edition was checked for disclosive numbers
when it was built (:func:`saferinsight.reports.build.verify_public`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.records.permissions import PUBLIC
from saferinsight.reports.build import FORMATS

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

__all__ = ["PublicReport", "PublicSite", "public_report_file", "public_site"]

_SUFFIX = "-public"


@dataclass(frozen=True)
class PublicReport:
    """A public edition: its name (the file stem), title, files (format -> file name) and when
    it was written."""

    name: str
    title: str
    files: tuple[tuple[str, str], ...]
    written: datetime


@dataclass(frozen=True)
class PublicSite:
    """The public front page: the partnerships (key, name) and the public editions."""

    partnerships: tuple[tuple[str, str], ...]
    reports: tuple[PublicReport, ...]


def public_site(workspace: Workspace) -> PublicSite:
    """The partnerships that name their area (they have a public dashboard) and the public
    editions of reports, newest first."""
    from saferinsight.dashboard.scope import records_of

    found = records_of(workspace, PUBLIC).list("partnership")
    partnerships = tuple(
        (str(p.values["key"]), str(p.values["name"])) for p in found if p.values.get("area")
    )
    return PublicSite(partnerships, _reports(workspace))


def public_report_file(workspace: Workspace, file_name: str) -> Path | None:
    """The file of a public edition named ``file_name`` (such as
    ``shropshire-strategic-assessment-2024-25-public.pdf``), or None if there is none: any
    other name, a full edition's included, is not found."""
    for report in _reports(workspace):
        for _, name in report.files:
            if name == file_name:
                return workspace.root / "reports" / name
    return None


def _reports(workspace: Workspace) -> tuple[PublicReport, ...]:
    folder = workspace.root / "reports"
    if not folder.is_dir():
        return ()
    stems: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        if path.is_file() and path.stem.endswith(_SUFFIX) and path.suffix[1:] in FORMATS:
            stems.setdefault(path.stem, []).append(path)
    reports = []
    for stem, paths in stems.items():
        written = max(p.stat().st_mtime for p in paths)
        files = tuple(
            (p.suffix[1:], p.name) for p in sorted(paths, key=lambda p: FORMATS.index(p.suffix[1:]))
        )
        reports.append(
            PublicReport(stem, _title(stem), files, datetime.fromtimestamp(written, tz=UTC))
        )
    return tuple(sorted(reports, key=lambda r: (r.written, r.name), reverse=True))


def _title(stem: str) -> str:
    """A title from a report's file stem.

    >>> _title("telford-and-wrekin-strategic-assessment-2024-25-public")
    'Telford and wrekin strategic assessment 2024/25 (public edition)'
    """
    words = re.sub(r"(\d{4}) (\d{2})$", r"\1/\2", stem.removesuffix(_SUFFIX).replace("-", " "))
    return f"{words[:1].upper()}{words[1:]} (public edition)"
