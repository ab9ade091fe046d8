"""The load journal: what each committed load read, in order, so that a rebuild can replay it.

A load writes its entry to ``pending/`` before it changes anything, and the entry is promoted
to the journal once the warehouse generation holding the load is published. An entry left
pending by a killed process is promoted if the published warehouse holds its load, and dropped
(with the raw files only it refers to) if not.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from saferinsight.errors import Hint, WorkspaceError

__all__ = ["Journal", "JournalEntry", "new_load_id"]


@dataclass(frozen=True)
class JournalEntry:
    """One committed load: what it read, so that a rebuild can replay it."""

    load_id: str
    source: str
    started_at: datetime
    files: tuple[dict[str, str], ...]
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise for the journal folder."""
        return json.dumps(
            {
                "load_id": self.load_id,
                "source": self.source,
                "started_at": self.started_at.isoformat(),
                "files": list(self.files),
                "options": self.options,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> JournalEntry:
        """Parse an entry written by :meth:`to_json`.

        Examples
        --------
        >>> entry = JournalEntry("20250101T000000000000-abcdef", "police-uk",
        ...                      datetime(2025, 1, 1), ({"sha256": "00", "stored": "raw/x"},))
        >>> JournalEntry.from_json(entry.to_json()) == entry
        True
        """
        data = json.loads(text)
        return cls(
            load_id=data["load_id"],
            source=data["source"],
            started_at=datetime.fromisoformat(data["started_at"]),
            files=tuple(data["files"]),
            options=data.get("options", {}),
        )


def new_load_id(now: datetime) -> str:
    """A load identifier that sorts by time.

    >>> new_load_id(datetime(2025, 1, 2, 3, 4, 5))[:22]
    '20250102T030405000000-'
    """
    return f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}"


class Journal:
    """The ``raw/journal`` folder: committed entries, and ``pending/`` ones."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending_dir = folder / "pending"
        self.quarantine_dir = folder / "damaged"

    def begin(self, entry: JournalEntry) -> None:
        """Write a pending entry (durably) before its load changes anything."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.pending_dir / f"{entry.load_id}.json", entry.to_json())

    def commit(self, load_id: str) -> None:
        """Promote a pending entry once its load is published."""
        os.replace(self.pending_dir / f"{load_id}.json", self.folder / f"{load_id}.json")

    def abort(self, load_id: str) -> None:
        """Drop a pending entry whose load did not happen."""
        (self.pending_dir / f"{load_id}.json").unlink(missing_ok=True)

    def entries(self) -> list[JournalEntry]:
        """Committed loads, oldest first; a damaged entry is an error naming its file."""
        if not self.folder.exists():
            return []
        return [_read(path) for path in sorted(self.folder.glob("*.json"))]

    def pending(self) -> list[str]:
        """Load identifiers of the entries left pending."""
        if not self.pending_dir.exists():
            return []
        return [path.stem for path in sorted(self.pending_dir.glob("*.json"))]

    def pending_entry(self, load_id: str) -> JournalEntry | None:
        """A pending entry, or None if its file cannot be read (it is then quarantined)."""
        path = self.pending_dir / f"{load_id}.json"
        try:
            return _read(path)
        except WorkspaceError:
            self.quarantine_dir.mkdir(parents=True, exist_ok=True)
            os.replace(path, self.quarantine_dir / path.name)
            return None


def _read(path: Path) -> JournalEntry:
    try:
        return JournalEntry.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(
            f"{path}: the load journal entry is damaged ({exc}). It records a load that a "
            "rebuild replays.",
            hint=Hint(
                "restore-raw-files",
                "Restore the file from a backup of the workspace's raw folder, or move it out "
                "of the journal folder to rebuild without that load.",
            ),
        ) from exc


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
