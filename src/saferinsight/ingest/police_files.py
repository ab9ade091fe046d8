"""Find police.uk files among files, folders and zip archives, and check their headers.

police.uk names its files ``YYYY-MM-<force>-<kind>.csv`` (kind ``street``, ``outcomes`` or
``stop-and-search``) and serves them in monthly folders, or zips of them.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.core.months import MONTH_PATTERN
from saferinsight.core.police_uk import FILE_KINDS, header_of
from saferinsight.errors import (
    CsvScanError,
    FileFormatError,
    FileNameError,
    HeaderError,
    Hint,
    InputFileError,
)

FILE_NAME = re.compile(
    rf"^(?P<month>{MONTH_PATTERN})-(?P<force>[a-z0-9]+(?:-[a-z0-9]+)*?)"
    rf"-(?P<kind>{'|'.join(FILE_KINDS)})\.csv$"
)


@dataclass(frozen=True)
class PoliceFile:
    """A police.uk file found among the paths given: what it is and where to read it."""

    kind: str
    force: str
    month: str
    path: Path
    received_as: str


# -- discovery ---------------------------------------------------------------------------------


def discover(paths: Sequence[Path], *, extract_to: Path) -> list[PoliceFile]:
    """Every police.uk file in the given files, folders and zip archives, in a stable order.

    A CSV file (or zip member) that is not named as police.uk names its files is refused, not
    skipped: its rows would otherwise go missing without a word. Other files (a README) are
    left alone.
    """
    found: list[PoliceFile] = []
    for path in paths:
        if not path.exists():
            raise InputFileError(f"{path}: no such file or folder.")
        if path.is_dir():
            children = [c for c in sorted(path.rglob("*")) if c.is_file()]
            _refuse_names([str(c) for c in children if _is_misnamed(c.name)])
            for child in children:
                if child.suffix.lower() in (".csv", ".zip"):
                    found.extend(_discover_file(child, extract_to))
        else:
            found.extend(_discover_file(path, extract_to))
    return sorted(found, key=lambda f: (f.month, f.kind, f.force, f.received_as))


def _discover_file(path: Path, extract_to: Path) -> Iterator[PoliceFile]:
    if path.suffix.lower() == ".zip":
        yield from _discover_zip(path, extract_to)
        return
    match = FILE_NAME.match(path.name)
    if not match:
        _refuse_names([str(path)])
    else:
        yield PoliceFile(match["kind"], match["force"], match["month"], path, str(path))


#: A name that looks like a police.uk name, whatever its month: ``YYYY-MM-<anything>-<kind>``.
_LOOSE_NAME = re.compile(
    rf"^(?P<year>[0-9]{{4}})-(?P<month>[0-9]{{2}})-.+-({'|'.join(FILE_KINDS)})\.csv$"
)


def _is_misnamed(name: str) -> bool:
    return name.lower().endswith(".csv") and not FILE_NAME.match(name)


def _refuse_names(names: Sequence[str]) -> None:
    """Refuse CSV files not named as police.uk names its files, saying what is wrong."""
    if not names:
        return
    problems = []
    for name in names:
        loose = _LOOSE_NAME.match(Path(name.rpartition(":")[2]).name)
        if loose and not 1 <= int(loose["month"]) <= 12:
            problems.append(
                f"{name}: the month in the file name, {loose['year']}-{loose['month']}, is not "
                "a month (01 to 12)."
            )
        else:
            problems.append(f"{name}: not a police.uk file name.")
    raise FileNameError(
        "\n".join(problems) + "\npolice.uk names files YYYY-MM-<force>-street.csv, "
        "-outcomes.csv or -stop-and-search.csv (for example 2024-01-west-mercia-street.csv), "
        "and the name decides where the rows count. Nothing was loaded.",
        hint=Hint(
            "retry",
            "Rename each file to the police.uk name of its force and month, or take it out of "
            "the folder or archive, and load again.",
        ),
    )


#: An archive member larger than this, expanded, is refused before it is extracted (police.uk's
#: largest monthly file, the Metropolitan Police's street file, is about 20 MB).
MAX_MEMBER_BYTES = 1 << 30
#: A member that expands more than this many times its compressed size is refused (police.uk
#: CSV files compress about 5 to 10 times; a zip bomb, thousands of times).
MAX_RATIO = 200
#: Members smaller than this are not held to :data:`MAX_RATIO` (tiny files compress oddly).
RATIO_FLOOR = 1 << 20


def _discover_zip(path: Path, extract_to: Path) -> Iterator[PoliceFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputFileError(
            f"{path}: not a readable zip file ({exc}). Nothing was loaded.", hint=_DOWNLOAD_AGAIN
        ) from exc
    with archive:
        members = [
            i for i in sorted(archive.infolist(), key=lambda i: i.filename) if not i.is_dir()
        ]
        _refuse_names(
            [f"{path}:{i.filename}" for i in members if _is_misnamed(Path(i.filename).name)]
        )
        police = [(i, FILE_NAME.match(Path(i.filename).name)) for i in members]
        for info, match in police:
            if match is None:
                continue
            _check_member(path, info)
            target = extract_to / f"{len(list(extract_to.glob('*')))}" / Path(info.filename).name
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract(archive, path, info, target)
            yield PoliceFile(
                match["kind"], match["force"], match["month"], target, f"{path}:{info.filename}"
            )


_DOWNLOAD_AGAIN = Hint("retry", "Download the archive from police.uk again, and load it again.")


def _check_member(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse, before extracting anything, a member that is encrypted or expands absurdly."""
    name = f"{path}:{info.filename}"
    if info.flag_bits & 0x1:
        raise InputFileError(
            f"{name}: the member is encrypted; police.uk archives are not. Nothing was loaded.",
            hint=_DOWNLOAD_AGAIN,
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_MEMBER_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
        raise InputFileError(
            f"{name}: the member would expand to {info.file_size:,} bytes from "
            f"{info.compress_size:,} ({ratio:,.0f} times); police.uk files are under "
            f"{MAX_MEMBER_BYTES:,} bytes and compress at most {MAX_RATIO} times, so the archive "
            "is refused as damaged or malicious. Nothing was extracted or loaded.",
            hint=_DOWNLOAD_AGAIN,
        )


def _extract(archive: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo, target: Path) -> None:
    """Extract one member, stopping at its declared size (a member may lie about it)."""
    name = f"{path}:{info.filename}"
    written = 0
    try:
        with archive.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > info.file_size:
                    raise InputFileError(
                        f"{name}: the member holds more than the {info.file_size:,} bytes its "
                        "archive declares, so the archive is refused as damaged or malicious. "
                        "Nothing was loaded.",
                        hint=_DOWNLOAD_AGAIN,
                    )
                dst.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        target.unlink(missing_ok=True)
        raise InputFileError(
            f"{name}: the member cannot be extracted ({exc}); the archive is damaged or was "
            "not written by police.uk. Nothing was loaded.",
            hint=_DOWNLOAD_AGAIN,
        ) from exc


# -- checks ------------------------------------------------------------------------------------


def check_headers(files: Sequence[PoliceFile], *, encoding: str) -> None:
    """Raise one :class:`FileFormatError` naming every file that is not text in ``encoding``
    with line feeds, else one :class:`HeaderError` naming every file whose header is not
    police.uk's."""
    formats = [(item, _format_problem(item, encoding)) for item in files]
    problems = [(item, problem) for item, problem in formats if problem]
    if problems:
        hints = {problem[1] for _, problem in problems}
        raise FileFormatError(
            "\n".join(f"{item.received_as}: {problem[0]}" for item, problem in problems)
            + "\nNothing was loaded.",
            hint=hints.pop() if len(hints) == 1 else _SAVE_AS_UTF8,
        )
    mismatches = []
    for item in files:
        found = read_header(item.path, encoding=encoding)
        expected = header_of(item.kind)
        if found != expected:
            mismatches.append(
                f"{item.received_as}: the header is not police.uk's {item.kind} header.\n"
                f"  expected: {','.join(expected)}\n"
                f"  found:    {','.join(found)}"
            )
    if mismatches:
        raise HeaderError(
            "\n".join(mismatches) + "\nNothing was loaded. Give the files exactly as police.uk "
            "publishes them (https://data.police.uk/data/)."
        )


_SAVE_AS_UTF8 = Hint(
    "retry",
    "Save the file as UTF-8 CSV (police.uk's own format, 'CSV UTF-8' in Excel) and load it again.",
)
_AS_UTF16 = Hint("retry", "Load the file again as UTF-16.", {"encoding": "utf-16"})
_AS_UTF8 = Hint("retry", "Load the file again as UTF-8.", {"encoding": "utf-8"})
_UTF16_BE = b"\xfe\xff"
_UTF16_LE = b"\xff\xfe"


def _format_problem(item: PoliceFile, encoding: str) -> tuple[str, Hint] | None:
    """What keeps a file from being read as CSV text in ``encoding``, from its first bytes."""
    with open(item.path, "rb") as handle:
        start = handle.read(1 << 16)
    first_line = start.split(b"\n", 1)[0]
    utf16 = start.startswith((_UTF16_BE, _UTF16_LE)) or b"\x00" in first_line
    if start.startswith(_UTF16_BE) or (utf16 and first_line[:1] == b"\x00"):
        return (
            "the file is big-endian UTF-16 text, which cannot be loaded; police.uk files are "
            "UTF-8.",
            _SAVE_AS_UTF8,
        )
    if utf16 and encoding != "utf-16":
        return (f"the file is UTF-16 text, not {encoding.upper()}.", _AS_UTF16)
    if encoding == "utf-16" and not utf16:
        return ("the file is not UTF-16 text (it has no UTF-16 characters).", _AS_UTF8)
    if b"\n" not in start and b"\r" in start:
        return (
            "the file's lines end with a carriage return (CR) alone, which the loader cannot "
            "follow; police.uk files end lines with CR LF.",
            Hint("retry", "Save the file with Windows (CR LF) line endings and load it again."),
        )
    return None


def read_header(path: Path, *, encoding: str) -> list[str]:
    """The first line of a CSV file, split into fields (a byte order mark is ignored).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_bytes("a,b\\r\\n1,2\\r\\n".encode("utf-16"))
    >>> read_header(path, encoding="utf-16")
    ['a', 'b']
    """
    with open(path, "rb") as handle:
        start = handle.read(1 << 16)
    if encoding == "utf-16":
        codec = "utf-16-be" if start.startswith(_UTF16_BE) else "utf-16-le"
        text = start[2 if start.startswith((_UTF16_BE, _UTF16_LE)) else 0 :]
        decoded = text[: len(text) & ~1].decode(codec, errors="replace")
    else:
        decoded = start.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")
    line = re.split(r"\r\n|\r|\n", decoded, maxsplit=1)[0]
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a NUL byte, say: not a header
        return [line]


def unreadable(error: CsvScanError, names: Mapping[str, str]) -> FileFormatError:
    """The user's error for a scan the CSV reader stopped: the file and line of the first
    carriage return (CR) inside a row, the usual cause, else every file of the scan.
    ``names`` maps each scanned path to the name the user gave the file."""
    for path in error.paths:
        line = _stray_cr_line(Path(path))
        if line:
            return FileFormatError(
                f"{names[path]}: line {line:,} has a carriage return (CR) inside a row, outside "
                "quotes, which the CSV reader cannot follow (police.uk files have CR only "
                "before a line feed). Nothing was loaded.",
                hint=Hint(
                    "retry",
                    "Download the file from police.uk again, or remove the stray character "
                    "from that line, and load it again.",
                ),
            )
    listed = ", ".join(names[p] for p in error.paths)
    return FileFormatError(
        f"the CSV reader stopped on one of {listed}: {error.reason} Nothing was loaded.",
        hint=Hint(
            "retry",
            "Load the files one at a time to find the damaged one, download it again, and "
            "load it again.",
        ),
    )


def _stray_cr_line(path: Path) -> int | None:
    """The line (1-based) of the first CR not followed by a line feed, if any (read whole: only
    on the way to an error)."""
    data = path.read_bytes()
    found = re.search(rb"\r(?!\n)", data)
    return data.count(b"\n", 0, found.start()) + 1 if found else None
