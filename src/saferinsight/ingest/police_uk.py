"""Load police.uk street, outcomes and stop-and-search files into the workspace.

Accepts single CSV files, monthly folders, whole archive folders and the zip files police.uk
serves (``YYYY-MM/YYYY-MM-<force>-street.csv``, ``-outcomes.csv``, ``-stop-and-search.csv``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from pathlib import Path

from saferinsight.core.categories import STREET_CRIME_TYPES
from saferinsight.core.months import MONTH, month_from_label
from saferinsight.core.police_uk import csv_name, header_of
from saferinsight.errors import CsvScanError, Hint, InputFileError, RefusedLoadError
from saferinsight.ingest.police_checks import (
    RowsSeen,
    check_known_forces,
    check_rows_agree,
    month_counts,
)
from saferinsight.ingest.police_files import PoliceFile, check_headers, discover, unreadable
from saferinsight.ingest.police_values import find_bad_values, take_out_bad_values
from saferinsight.store import loads as store_loads
from saferinsight.store import police as store_police
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import FileDigest, JournalEntry, Load, Workspace, Writer, new_load_id

SOURCE = "police-uk"
CHUNK = 1 << 20
CHECKSUM_THREADS = 2
ENCODINGS = ("utf-8", "latin-1", "utf-16")

#: progress(phase, done, total): phase is "checking" or "loading"; done and total are bytes.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Reject:
    """A row that was not loaded: where it is, which column, the value and why.

    ``span`` is the number of physical lines the rejected record covers (more than one when a
    broken quote runs on into the following lines).
    """

    file: str
    line: int
    column: str | None
    value: str | None
    error_type: str
    reason: str
    span: int = 1
    raw_line: str | None = None


@dataclass(frozen=True)
class FileResult:
    """What a load did with one file."""

    received_as: str
    kind: str
    force: str
    month: str
    sha256: str
    status: str  # loaded | replaced | unchanged | superseded
    rows_loaded: int = 0
    rows_rejected: int = 0
    note: str = ""


@dataclass(frozen=True)
class IngestReport:
    """The outcome of ``safer ingest police-uk``."""

    load_id: str | None
    files: tuple[FileResult, ...]
    rejects: tuple[Reject, ...] = field(default=())
    #: Street Crime IDs this load gives to more than one row, loaded as they are (a duplicate
    #: is never dropped: the file is the record), with examples by file name.
    repeats: store_police.CrimeIdRepeats = field(default=store_police.CrimeIdRepeats())
    #: The files of the examples: file_id -> name as received.
    repeat_files: dict[int, str] = field(default_factory=dict)

    @property
    def rows_loaded(self) -> int:
        """Rows added by this load."""
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows of this load's files that were rejected."""
        return sum(f.rows_rejected for f in self.files)

    def count(self, status: str) -> int:
        """Number of files with a status."""
        return sum(1 for f in self.files if f.status == status)


#: A replacement that loads more than this share fewer rows than the file it replaces is
#: refused unless the user accepts it: police.uk republishes months with small revisions, so a
#: large drop is far more likely a broken or truncated file than a real revision.
SHRINK_LIMIT = 0.10


@dataclass(frozen=True)
class Guards:
    """What a load may do that would otherwise be refused as losing data."""

    accept_smaller: bool = False
    restore: bool = False

    def options(self) -> dict[str, bool]:
        """As the journal records them (only those set), so that a rebuild replays alike."""
        return {
            k: v
            for k, v in (("accept_smaller", self.accept_smaller), ("restore", self.restore))
            if v
        }


@dataclass
class _Planned:
    file: PoliceFile
    digest: FileDigest
    stored: str  # path of the raw copy, relative to the workspace
    replaces: store_loads.CurrentFile | None
    file_id: int = 0
    loaded: int = 0
    reloaded: bool = False  # its rows were loaded, deleted, and loaded again on their own
    rejects: list[Reject] = field(default_factory=list)
    data_lines: int = 0  # physical lines after the header
    line_breaks: int = 0  # line breaks inside the quoted values of loaded rows

    def accounted(self) -> int:
        """Data lines loaded or rejected: a row's lines, a rejected row's lines, and the lines
        an unclosed quote took in."""
        spans: dict[int, int] = {}
        for r in self.rejects:
            spans[r.line] = max(spans.get(r.line, 1), r.span)
        return self.loaded + self.line_breaks + sum(spans.values())

    def result(self) -> FileResult:
        return FileResult(
            self.file.received_as,
            self.file.kind,
            self.file.force,
            self.file.month,
            self.digest.sha256,
            "replaced" if self.replaces else "loaded",
            self.loaded,
            _rejected_lines(self.rejects),
            note=f"replaces {self.replaces.file_name}" if self.replaces else "",
        )


# -- load --------------------------------------------------------------------------------------


def ingest_police_uk(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    accept_smaller: bool = False,
    restore: bool = False,
) -> IngestReport:
    """Load police.uk files into the workspace, atomically.

    Files already loaded (same SHA-256) are left alone; a file for a (kind, force, month) that
    is already loaded with different content replaces it, and the replacement is recorded.
    Malformed rows are kept in the rejects table with file, line, column and reason. Either
    every file this reports as loaded is published, or nothing is.

    Loads that would lose data are refused (:class:`~saferinsight.errors.RefusedLoadError`,
    nothing loaded): a replacement with more than :data:`SHRINK_LIMIT` fewer rows loaded than
    the file it replaces (unless ``accept_smaller``), and a file with lines that were neither
    loaded nor rejected. ``restore`` loads a file again that a newer version replaced, as the
    current version (the way back from a bad replacement).
    """
    started = workspace.clock.now()
    options = Guards(accept_smaller=accept_smaller, restore=restore)
    with workspace.writer() as writer:
        return _ingest(
            writer, paths, encoding=encoding, progress=progress, started=started, guards=options
        )


def replay_police_uk(writer: Writer, entry: JournalEntry, paths: Sequence[Path]) -> None:
    """Load a committed police.uk load again from its raw files (a rebuild)."""
    _ingest(
        writer,
        paths,
        encoding=entry.options.get("encoding", "utf-8"),
        progress=None,
        started=entry.started_at,
        replay=entry,
        guards=Guards(
            accept_smaller=bool(entry.options.get("accept_smaller", False)),
            restore=bool(entry.options.get("restore", False)),
        ),
    )


def _ingest(
    writer: Writer,
    paths: Sequence[Path],
    *,
    encoding: str,
    progress: Progress | None,
    started: datetime,
    guards: Guards,
    replay: JournalEntry | None = None,
) -> IngestReport:
    if encoding not in ENCODINGS:
        raise InputFileError(f"encoding {encoding!r} is not supported; use one of {ENCODINGS}.")
    workspace = writer.workspace
    load_id = replay.load_id if replay else new_load_id(started)
    extract_to = workspace.tmp_dir / load_id
    try:
        files = discover(paths, extract_to=extract_to)
        if replay:
            names = {f["stored"]: f["received_as"] for f in replay.files}
            files = [
                _renamed(f, names.get(workspace.relative(f.path), f.received_as)) for f in files
            ]
        if not files:
            raise InputFileError(
                f"no police.uk files in {', '.join(map(str, paths))}: expected files named "
                "YYYY-MM-<force>-street.csv, -outcomes.csv or -stop-and-search.csv, or zips "
                "of them."
            )
        check_headers(files, encoding=encoding)
        with writer.view() as seen:
            planned, results = _plan(
                workspace, seen, files, progress=progress, restore=guards.restore
            )
        if not planned:
            return IngestReport(None, tuple(results))
        entry = replay or JournalEntry(
            load_id=load_id,
            source=SOURCE,
            started_at=started,
            files=tuple(
                {"sha256": p.digest.sha256, "stored": p.stored, "received_as": p.file.received_as}
                for p in planned
            ),
            options={"encoding": encoding, **guards.options()},
        )
        repeats = _load(
            writer,
            planned,
            entry=entry,
            encoding=encoding,
            progress=progress,
            replay=replay is not None,
            guards=guards,
        )
    finally:
        shutil.rmtree(extract_to, ignore_errors=True)
    results.extend(p.result() for p in planned)
    rejects = tuple(r for p in planned for r in p.rejects)
    received = {p.file_id: p.file.received_as for p in planned}
    return IngestReport(load_id, tuple(results), rejects, repeats, received)


def _renamed(item: PoliceFile, received_as: str) -> PoliceFile:
    return PoliceFile(item.kind, item.force, item.month, item.path, received_as)


def _load(
    writer: Writer,
    planned: list[_Planned],
    *,
    entry: JournalEntry,
    encoding: str,
    progress: Progress | None,
    replay: bool,
    guards: Guards,
) -> store_police.CrimeIdRepeats:
    description = f"{len(planned)} police.uk files"
    stop = threading.Event()
    with (
        writer.load(entry, description=description, replay=replay) as load,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        # The raw copies are made while the load reads the files themselves; both are done
        # before the load ends.
        keeping = pool.submit(_keep_raw, load, planned, stop)
        try:
            repeats = _load_planned(
                load.warehouse,
                planned,
                entry=entry,
                encoding=encoding,
                progress=progress,
                guards=guards,
            )
        except BaseException:
            stop.set()  # no more copies; the pool still waits for the one being made
            raise
        keeping.result()
        for p in planned:  # what the load read is what was checksummed and copied
            p.digest.check_unchanged()
    if not any(p.replaces or p.reloaded for p in planned):
        store_police.checkpoint_appended(load.warehouse)
    return repeats


def _keep_raw(load: Load, planned: list[_Planned], stop: threading.Event) -> None:
    """Copy the planned files into the raw store; once ``stop`` is set (the load failed),
    the remaining files are not copied."""
    for p in planned:
        if stop.is_set():
            return
        load.keep_raw(p.digest, p.file.path.name)


def _plan(
    workspace: Workspace,
    seen: Warehouse | None,
    files: list[PoliceFile],
    *,
    progress: Progress | None,
    restore: bool = False,
) -> tuple[list[_Planned], list[FileResult]]:
    """Checksum each file and decide what to do with it: skip, load, or load as a replacement
    (with ``restore``, a file a newer version replaced is loaded again in its place)."""
    known = store_loads.known_checksums(seen, SOURCE) if seen else {}
    current = store_loads.current_files(seen, SOURCE) if seen else {}
    results: list[FileResult] = []
    planned: list[_Planned] = []
    keys: dict[tuple[str, str, str], str] = {}
    total = sum(f.path.stat().st_size for f in files)
    done = 0
    # closing: a refused plan still waits for the files being read.
    with contextlib.closing(_digests(files)) as digests:
        for item, digest in zip(files, digests, strict=True):
            done += digest.size
            if progress:
                progress("checking", done, total)
            previous = known.get(digest.sha256)
            if previous is not None and not (restore and previous[1] != "current"):
                name, state = previous
                note = f"same content as {name}"
                if state != "current":
                    note += (
                        ", which a newer version replaced; not reloaded (restore it to load it "
                        "again as the current version)"
                    )
                status = "unchanged" if state == "current" else "superseded"
                results.append(
                    FileResult(
                        item.received_as,
                        item.kind,
                        item.force,
                        item.month,
                        digest.sha256,
                        status,
                        note=note,
                    )
                )
                continue
            key = (item.kind, item.force, item.month)
            if key in keys:
                raise InputFileError(
                    f"two different {item.kind} files for {item.force} {item.month} in one load: "
                    f"{keys[key]} and {item.received_as}. Load one of them; nothing was loaded."
                )
            keys[key] = item.received_as
            known[digest.sha256] = (item.path.name, "current")
            replaces = current.get((item.kind, item.force, month_from_label(item.month)))
            stored = workspace.relative(workspace.raw.path_for(digest, item.path.name))
            planned.append(_Planned(item, digest, stored, replaces))
    return planned, results


def _digests(files: list[PoliceFile]) -> Generator[FileDigest, None, None]:
    """Checksum files two at a time (hashing and counting release the GIL), in order."""
    pool = ThreadPoolExecutor(max_workers=CHECKSUM_THREADS, thread_name_prefix="checksum")
    futures = [pool.submit(FileDigest.of, f.path) for f in files]
    try:
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _load_planned(
    con: Warehouse,
    planned: list[_Planned],
    *,
    entry: JournalEntry,
    encoding: str,
    progress: Progress | None,
    guards: Guards,
) -> store_police.CrimeIdRepeats:
    now = entry.started_at
    ordered = sorted(planned, key=lambda p: p.file.kind)  # stable: files in order within a kind
    for p, file_id in zip(ordered, store_loads.next_file_ids(con, len(ordered)), strict=True):
        p.file_id = file_id
    forces = store_police.police_uk_forces(con)
    check_known_forces((p.file for p in planned), forces)
    total = sum(p.digest.size for p in planned)
    done = 0
    for _, group in groupby(ordered, key=lambda p: p.file.kind):
        files = list(group)
        size = sum(p.digest.size for p in files)
        report = None
        if progress:

            def report(share: float, start: int = done, size: int = size) -> None:
                progress("loading", start + int(share * size), total)

        _load_kind(con, files, encoding=encoding, progress=report)
        done += size
        if progress:
            progress("loading", done, total)
    check_rows_agree(_rows_seen(con, ordered), forces, encoding=encoding)
    for p in planned:
        _count_lines(con, p, encoding=encoding)
        _refuse_losses(p, guards)
        _check_accounting(p)
        store_police.insert_rejects(
            con,
            [
                (p.file_id, r.line, r.column, r.value, r.error_type, r.reason, r.raw_line)
                for r in p.rejects
            ],
        )
        if p.replaces:
            store_police.replace_file(
                con, old_file_id=p.replaces.file_id, new_file_id=p.file_id, replaced_at=now
            )
    store_police.insert_source_files(
        con,
        [
            store_police.SourceFile(
                file_id=p.file_id,
                load_id=entry.load_id,
                source=SOURCE,
                kind=p.file.kind,
                force=p.file.force,
                month=month_from_label(p.file.month),
                file_name=p.file.path.name,
                received_as=p.file.received_as,
                stored_path=p.stored,
                sha256=p.digest.sha256,
                size_bytes=p.digest.size,
                rows_loaded=p.loaded,
                rows_rejected=_rejected_lines(p.rejects),
                loaded_at=now,
            )
            for p in planned
        ],
    )
    street = [p.file_id for p in planned if p.file.kind == "street"]
    return store_police.repeated_crime_ids(con, file_ids=street) if street else _NO_REPEATS


_NO_REPEATS = store_police.CrimeIdRepeats()


def _rows_seen(con: Warehouse, ordered: list[_Planned]) -> list[RowsSeen]:
    """What each file's rows say about their force and month (``ordered`` by kind)."""
    seen = []
    for kind, group in groupby(ordered, key=lambda p: p.file.kind):
        files = list(group)
        ids = [p.file_id for p in files]
        if kind == "stop-and-search":
            months = store_police.search_months(con, file_ids=ids)
            seen += [RowsSeen(p.file, (), months[p.file_id]) for p in files]
            continue
        forces = store_police.file_forces(con, kind=kind, file_ids=ids)
        seen += [
            RowsSeen(
                p.file,
                forces[p.file_id],
                month_counts(p.loaded, p.file.month, ((r.column, r.value) for r in p.rejects)),
            )
            for p in files
        ]
    return seen


def _load_kind(
    con: Warehouse,
    files: list[_Planned],
    *,
    encoding: str,
    progress: Callable[[float], None] | None,
) -> None:
    """Load every file of one kind in one scan, then check that each holds only its month.

    A file with rows of another load month (rare: a month column copied wrongly) has its rows
    taken out again and is loaded on its own, where those rows are rejected with their lines.
    """
    kind = files[0].file.kind
    names = {str(p.file.path): p.file.received_as for p in files}
    try:
        loaded, rejects = store_police.load_files(
            con,
            kind=kind,
            files=[store_police.BatchFile(p.file_id, str(p.file.path)) for p in files],
            months=sorted({p.file.month for p in files}),
            encoding=encoding,
            progress=progress,
        )
    except CsvScanError as exc:
        raise unreadable(exc, names) from None
    mixed = [p for p in files if not _only_own_month(p, loaded[p.file_id])]
    if mixed:
        store_police.delete_file_rows(con, kind=kind, file_ids=[p.file_id for p in mixed])
        paths = {str(p.file.path) for p in mixed}
        rejects = [r for r in rejects if r.path not in paths]
        for p in mixed:
            p.reloaded = True
            alone, more = store_police.load_files(
                con,
                kind=kind,
                files=[store_police.BatchFile(p.file_id, str(p.file.path))],
                months=[p.file.month],
                encoding=encoding,
            )
            loaded.update(alone)
            rejects.extend(more)
        rejects.sort(key=lambda r: (r.path, r.byte_position, r.column_index or 0))
    for p in files:
        p.loaded = loaded[p.file_id].rows
    _attach_rejects({str(p.file.path): p for p in files}, rejects, encoding=encoding)
    _reject_bad_values(con, files, encoding=encoding)


def _reject_bad_values(con: Warehouse, files: list[_Planned], *, encoding: str) -> None:
    """Take out rows whose values the scan accepted but are not data (police_values)."""
    kind = files[0].file.kind
    lost = take_out_bad_values(con, kind=kind, file_ids=[p.file_id for p in files])
    for p in files:
        if p.file_id not in lost:
            continue
        p.loaded -= lost[p.file_id]
        p.reloaded = True  # rows were deleted: the checkpoint must vacuum
        p.rejects.extend(
            Reject(
                p.file.received_as,
                bad.line,
                bad.column,
                bad.value,
                "bad value",
                bad.reason,
                bad.span,
                bad.raw_line,
            )
            for bad in find_bad_values(p.file.path, kind, encoding=encoding)
        )


def _only_own_month(p: _Planned, loaded: store_police.LoadedFile) -> bool:
    own = month_from_label(p.file.month)
    return loaded.first_month in (None, own) and loaded.last_month in (None, own)


# -- rejects -----------------------------------------------------------------------------------

_CAST_VALUE = re.compile(r'Could not convert string "(?P<value>.*)" to', re.DOTALL)


def _attach_rejects(
    by_path: dict[str, _Planned], scan_rejects: list[store_police.ScanReject], *, encoding: str
) -> None:
    for path, group in groupby(scan_rejects, key=lambda r: r.path):
        planned = by_path[path]
        items = list(group)
        positions = [r.byte_position for r in items]
        if encoding == "utf-16":  # the reader's positions are in the file as UTF-8
            text = Path(path).read_bytes().decode("utf-16", errors="replace").encode()
            lines = [text.count(b"\n", 0, position) + 1 for position in positions]
        else:
            lines = _lines_at(Path(path), positions)
        seen: set[tuple[int, str]] = set()
        for scan, line in zip(items, lines, strict=True):
            structural = scan.error_type != "CAST"
            key = (line, scan.error_type if structural else f"CAST:{scan.column_name}")
            if key in seen:
                continue
            seen.add(key)
            planned.rejects.append(_reject(planned.file, scan, line, encoding=encoding))


def _lines_at(path: Path, positions: list[int], *, chunk_size: int = CHUNK) -> list[int]:
    """Line numbers (1-based) of byte positions, reading the file once in chunks."""
    order = sorted(range(len(positions)), key=positions.__getitem__)
    result = [0] * len(positions)
    line = 1
    start = 0  # file offset of the current chunk
    with open(path, "rb") as handle:
        chunk = handle.read(chunk_size)
        for index in order:
            target = positions[index]
            while target > start + len(chunk):
                line += chunk.count(b"\n")
                start += len(chunk)
                chunk = handle.read(chunk_size)
                if not chunk:
                    break
            offset = target - start
            line += chunk.count(b"\n", 0, offset)
            chunk, start = chunk[offset:], target
            result[index] = line
    return result


def _reject(item: PoliceFile, scan: store_police.ScanReject, line: int, *, encoding: str) -> Reject:
    column = _csv_column(item.kind, scan.column_name)
    raw = scan.csv_line.rstrip("\r\n")
    value: str | None = _clip(raw)
    span = raw.count("\n") + 1  # quoted line breaks, or a broken quote running on
    if scan.error_type == "CAST":
        match = _CAST_VALUE.search(scan.message)
        value = match["value"] if match else None
        error_type, reason = "bad value", _cast_reason(item, column, value)
    elif scan.error_type in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        found = _field_count(raw)
        expected = len(header_of(item.kind))
        column = None
        error_type = "column count"
        reason = (
            f"wrong column count: the row has {found} columns, police.uk {item.kind} files "
            f"have {expected}; check for a missing comma or an unquoted comma"
        )
    elif scan.error_type == "UNQUOTED VALUE":
        error_type = "broken quoting"
        reason = "broken quoting: a quoted value is not closed"
        if span > 1:
            reason += f"; the row takes in the {span - 1} line(s) after it, not loaded either"
    elif scan.error_type == "INVALID ENCODING":
        error_type = "encoding"
        reason = (
            f"wrong encoding: the row is not valid {encoding.upper()}; police.uk files are "
            "UTF-8. If the whole file is Latin-1 (for example saved from Excel), load it again "
            "as Latin-1"
        )
    else:
        error_type, reason = scan.error_type.lower(), scan.message
    return Reject(item.received_as, line, column, value, error_type, reason, span, _clip(raw))


def _field_count(raw: str) -> int:
    """The fields of a row as the csv module reads it (a stray CR counted as a line end)."""
    try:
        return sum(len(row) for row in csv.reader(io.StringIO(raw, newline="")))
    except csv.Error:
        return raw.count(",") + 1


def _cast_reason(item: PoliceFile, column: str | None, value: str | None) -> str:
    if value == "":
        return f"no value: {column} is required, and it is empty"
    if column == "Month":
        if value is not None and MONTH.fullmatch(value):
            return f"month {value} is not this file's month {item.month}"
        return f"bad month: {value!r} is not a month in YYYY-MM form"
    if column in ("Longitude", "Latitude"):
        return f"non-numeric coordinate: {value!r} is not a number"
    if column == "Crime type":
        return f"unknown crime type {value!r}; police.uk crime types are: " + ", ".join(
            STREET_CRIME_TYPES
        )
    return f"{value!r} is not a valid value for {column}"


def _csv_column(kind: str, name: str | None) -> str | None:
    return (csv_name(kind, name) or name) if name is not None else None


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rejected_lines(rejects: list[Reject]) -> int:
    return len({r.line for r in rejects})


def _count_lines(con: Warehouse, p: _Planned, *, encoding: str) -> None:
    """Count a file's data lines and, only when its rows do not account for them all, the line
    breaks inside the values it loaded (quoted line breaks make one row several lines)."""
    p.data_lines = p.digest.lines - 1
    if encoding == "utf-16":  # a 0x0A byte is not always a line feed in UTF-16
        p.data_lines = _utf16_lines(p.file.path) - 1
    if p.accounted() < p.data_lines:
        p.line_breaks = store_police.line_breaks(con, kind=p.file.kind, file_id=p.file_id)


def _utf16_lines(path: Path) -> int:
    text = path.read_bytes().decode("utf-16", errors="replace")
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _check_accounting(p: _Planned) -> None:
    """Every data line of a file is either loaded or rejected; say so loudly if not."""
    accounted = p.accounted()
    data_lines = p.data_lines
    if accounted != data_lines:
        p.rejects.append(
            Reject(
                p.file.received_as,
                0,
                None,
                None,
                "line count",
                f"line count check: the file has {data_lines} data lines but {p.loaded} were "
                f"loaded and {accounted - p.loaded} rejected; {data_lines - accounted} lines are "
                "blank or unaccounted for",
            )
        )


def _refuse_losses(p: _Planned, guards: Guards) -> None:
    """Refuse a file whose load would lose data (:class:`RefusedLoadError`): lines neither
    loaded nor rejected, or a replacement much smaller than the current version."""
    name = p.file.received_as
    lost = _lost_lines(p)
    if lost:
        first = min((r for r in p.rejects if r.line), key=lambda r: r.line, default=None)
        where = (
            f" The first rejected line is line {first.line:,}: {first.reason.rstrip('.')}."
            if first
            else ""
        )
        raise RefusedLoadError(
            f"{name}: {lost:,} of its {p.data_lines:,} data lines were neither loaded nor "
            f"rejected ({p.loaded:,} loaded, {_rejected_lines(p.rejects):,} rejected), which "
            f"usually means an unclosed quote swallowed the lines after it.{where} Nothing was "
            "loaded.",
            hint=Hint("retry", "Fix the file there, or download it again, and load it again."),
        )
    old = p.replaces
    if old is None or guards.accept_smaller or not old.rows_loaded:
        return
    if p.loaded < (1 - SHRINK_LIMIT) * old.rows_loaded:
        drop = 1 - p.loaded / old.rows_loaded
        raise RefusedLoadError(
            f"{name} would replace {old.file_name} for {p.file.force} {p.file.month}, but it "
            f"has {p.loaded:,} rows that load and {_rejected_lines(p.rejects):,} rejected, "
            f"against {old.rows_loaded:,} rows now: {drop:.0%} fewer. A replacement that loses "
            f"more than {SHRINK_LIMIT:.0%} of the rows is refused, as a broken or truncated "
            "download is far more likely than a real revision. Nothing was loaded.",
            hint=Hint(
                "retry",
                "Check the file (download it again); if police.uk really republished the month "
                "with fewer rows, load it again accepting the smaller file.",
                {"accept_smaller": True},
            ),
        )


def _lost_lines(p: _Planned) -> int:
    """Data lines neither loaded nor rejected, blank lines left out."""
    missing = p.data_lines - p.accounted()
    if missing <= 0:
        return 0
    with p.file.path.open("rb") as handle:
        blank = sum(1 for line in handle if not line.strip())
    return max(missing - blank, 0)
