"""The workspace's write lock: one writer at a time, across processes.

The lock is an operating-system file lock (``filelock``), so a writer killed with ``kill -9``
releases it at once. Beside it the holder writes who it is, for the message a waiting writer
shows.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from saferinsight.errors import Hint, WorkspaceBusyError

__all__ = ["WriteLock", "WriterInfo"]


@dataclass(frozen=True)
class WriterInfo:
    """Who holds the write lock: process, command line and since when (UTC)."""

    pid: int
    command: str
    since: datetime | None

    def describe(self) -> str:
        """'process 1234 (safer ingest police-uk ...) since 14:02:07 UTC'."""
        since = f" since {self.since:%H:%M:%S} UTC" if self.since else ""
        return f"process {self.pid} ({self.command}){since}"


class WriteLock:
    """An exclusive lock on a workspace, held by the process that loads, rebuilds or migrates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.holder_path = path.with_name(path.name + ".holder")
        self._lock = FileLock(path, thread_local=False, fallback_to_soft=False)

    def acquire(
        self,
        *,
        wait: bool,
        now: datetime,
        on_wait: Callable[[WriterInfo | None], None] | None = None,
    ) -> None:
        """Take the lock; if another process has it, wait (telling ``on_wait``) or fail."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            holder = self.holder()
            if not wait:
                raise WorkspaceBusyError(
                    f"{self.path.parent}: another {holder.describe() if holder else 'process'} "
                    "is writing to this workspace; nothing was changed.",
                    holder=holder,
                    hint=Hint("wait", "Wait until it has finished, then try again."),
                ) from None
            if on_wait is not None:
                on_wait(holder)
            self._lock.acquire()
        info = {"pid": os.getpid(), "command": " ".join(sys.argv) or "python", "since": now}
        _write_holder(self.holder_path, info)

    def release(self) -> None:
        """Give the lock up."""
        self.holder_path.unlink(missing_ok=True)
        self._lock.release()

    def holder(self) -> WriterInfo | None:
        """Who holds the lock, as it wrote it (None if unknown)."""
        try:
            data = json.loads(self.holder_path.read_text(encoding="utf-8"))
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
            return WriterInfo(int(data["pid"]), str(data["command"]), since)
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _write_holder(path: Path, info: dict[str, object]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(info, default=str), encoding="utf-8")
    os.replace(tmp, path)
