"""The raw store: every file exactly as received, under its SHA-256, never modified."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from saferinsight.errors import InputFileError

__all__ = ["FileDigest", "RawFile", "RawStore"]

_DIGEST_BUFFER = 4 << 20
_INCOMING = ".incoming-"


def _digest(path: Path) -> tuple[str, int, int]:
    """SHA-256, size and physical line count of a file, read once into one reused buffer.

    hashlib and NumPy release the GIL on large buffers, so several files digest in parallel
    threads (``bytes.count`` would hold it, and run at a fifth of the speed).
    """
    import numpy as np

    digest = hashlib.sha256()
    buffer = bytearray(_DIGEST_BUFFER)
    view = memoryview(buffer)
    octets = np.frombuffer(buffer, dtype=np.uint8)
    newlines = np.empty(len(buffer), dtype=bool)
    size = lines = 0
    last = 0x0A
    with open(path, "rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            lines += int(np.count_nonzero(np.equal(octets[:read], 0x0A, out=newlines[:read])))
            size += read
            last = buffer[read - 1]
    return digest.hexdigest(), size, lines + (0 if last == 0x0A else 1)


@dataclass(frozen=True)
class FileDigest:
    """One read of a file: its SHA-256, size and physical lines, and its state when read.

    A last line without a newline counts as a line.
    """

    path: Path
    sha256: str
    size: int
    lines: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileDigest:
        """Read a file once for its checksum and line count.

        Examples
        --------
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> (folder / "a.csv").write_bytes(b"x,y\\n1,2")
        7
        >>> found = FileDigest.of(folder / "a.csv")
        >>> found.size, found.lines, found.sha256[:12]
        (7, 2, 'aa93bbd969d6')
        """
        before = path.stat()
        sha, size, lines = _digest(path)
        found = cls(path, sha, size, lines, before.st_mtime_ns)
        if size != before.st_size:
            raise found.changed()
        return found

    def check_unchanged(self) -> None:
        """Refuse the file if its size or modification time changed since it was read."""
        after = self.path.stat()
        if (after.st_size, after.st_mtime_ns) != (self.size, self.mtime_ns):
            raise self.changed()

    def changed(self) -> InputFileError:
        """The error for a file that changed while it was being read."""
        return InputFileError(
            f"{self.path}: the file changed while it was being read; nothing was loaded. "
            "Wait until whatever is writing it has finished, then load it again."
        )


@dataclass(frozen=True)
class RawFile:
    """A file kept in the raw store: checksum, size, physical lines and where it is stored."""

    sha256: str
    size: int
    stored: Path
    created: bool
    lines: int = 0


class RawStore:
    """The ``raw/files`` folder of a workspace: content-addressed copies of what was loaded.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "in.csv").write_text("a\\n")
    2
    >>> store = RawStore(root / "raw" / "files")
    >>> digest = FileDigest.of(root / "in.csv")
    >>> kept = store.keep(digest, "in.csv")
    >>> kept.created, kept.stored.read_text(), store.keep(digest, "in.csv").created
    (True, 'a\\n', False)
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, digest: FileDigest, name: str) -> Path:
        """Where the store keeps a file of this content and name."""
        return self.folder / digest.sha256[:2] / digest.sha256 / Path(name).name

    def keep(self, digest: FileDigest, name: str) -> RawFile:
        """Copy a file already digested into the store, unless it is there already.

        Refuses the file (:class:`InputFileError`, nothing stored) if it changed since it was
        digested. Safe to call from several threads at once.
        """
        final = self.path_for(digest, name)
        if final.exists():
            return RawFile(digest.sha256, digest.size, final, created=False, lines=digest.lines)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{_INCOMING}{secrets.token_hex(8)}"
        try:
            shutil.copyfile(digest.path, tmp)
            digest.check_unchanged()
            if tmp.stat().st_size != digest.size:
                raise digest.changed()
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            return RawFile(digest.sha256, digest.size, final, created=True, lines=digest.lines)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def discard(self, files: list[RawFile], *, referenced: set[Path]) -> None:
        """Remove files a failed load created that no committed load refers to."""
        for raw in files:
            if raw.created and raw.stored not in referenced:
                shutil.rmtree(raw.stored.parent, ignore_errors=True)

    def remove_incoming(self) -> int:
        """Delete copies a killed load left half-made (only safe while holding the write lock)."""
        if not self.folder.exists():
            return 0
        orphans = list(self.folder.glob(f"{_INCOMING}*"))
        for path in orphans:
            path.unlink(missing_ok=True)
        return len(orphans)
