"""Find police.uk files among files, folders and zip archives, and check their headers.

police.uk names its files ``YYYY-MM-<force>-<kind>.csv`` (kind ``street``, ``outcomes`` or
``stop-and-search``) and serves them in monthly folders, or zips of them.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.core.months import MONTH_PATTERN
from saferinsight.core.police_uk import FILE_KINDS, header_of
from saferinsight.errors import HeaderError, InputFileError

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
    """Every police.uk file in the given files, folders and zip archives, in a stable order."""
    found: list[PoliceFile] = []
    for path in paths:
        if not path.exists():
            raise InputFileError(f"{path}: no such file or folder.")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in (".csv", ".zip"):
                    found.extend(_discover_file(child, extract_to, strict=False))
        else:
            found.extend(_discover_file(path, extract_to, strict=True))
    return sorted(found, key=lambda f: (f.month, f.kind, f.force, f.received_as))


def _discover_file(path: Path, extract_to: Path, *, strict: bool) -> Iterator[PoliceFile]:
    if path.suffix.lower() == ".zip":
        yield from _discover_zip(path, extract_to)
        return
    match = FILE_NAME.match(path.name)
    if match:
        yield PoliceFile(match["kind"], match["force"], match["month"], path, str(path))
    elif strict:
        raise InputFileError(
            f"{path}: not a police.uk file name. police.uk names files "
            "YYYY-MM-<force>-street.csv, -outcomes.csv or -stop-and-search.csv "
            "(for example 2024-01-west-mercia-street.csv); rename the file to that pattern."
        )


def _discover_zip(path: Path, extract_to: Path) -> Iterator[PoliceFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputFileError(f"{path}: not a readable zip file ({exc}).") from exc
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = Path(info.filename).name
            match = FILE_NAME.match(name)
            if info.is_dir() or not match:
                continue
            target = extract_to / f"{len(list(extract_to.glob('*')))}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            yield PoliceFile(
                match["kind"], match["force"], match["month"], target, f"{path}:{info.filename}"
            )


# -- checks ------------------------------------------------------------------------------------


def check_headers(files: Sequence[PoliceFile], *, encoding: str) -> None:
    """Raise one :class:`HeaderError` naming every file whose header is not police.uk's."""
    problems = []
    for item in files:
        found = read_header(item.path, encoding=encoding)
        expected = header_of(item.kind)
        if found != expected:
            problems.append(
                f"{item.received_as}: the header is not police.uk's {item.kind} header.\n"
                f"  expected: {','.join(expected)}\n"
                f"  found:    {','.join(found)}"
            )
    if problems:
        raise HeaderError(
            "\n".join(problems) + "\nNothing was loaded. Give the files exactly as police.uk "
            "publishes them (https://data.police.uk/data/)."
        )


def read_header(path: Path, *, encoding: str) -> list[str]:
    """The first line of a CSV file, split into fields (a UTF-8 byte order mark is ignored)."""
    with open(path, "rb") as handle:
        first = handle.readline(1 << 16)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    text = first.decode(codec, errors="replace").rstrip("\r\n")
    return next(csv.reader([text]), [])
