"""Values a police.uk row's types accept that are not data, rejected row by row.

DuckDB's typed scan reads ``NaN``, ``inf`` and ``1e400`` as numbers, a latitude of 200 as a
latitude, and keeps NUL characters inside text. None of these is a real police.uk value: a row
holding one is taken out of the load again and kept as a reject with its line, column, value
and fix, like a row the scan itself rejected. The rules:

* Latitude and Longitude, when given, are finite and inside
  :data:`~saferinsight.store.police.COORDINATE_BOUNDS` (police.uk covers England, Wales and
  Northern Ireland; British Transport Police rows reach Scotland), so a swapped or mistyped
  coordinate is caught, not only an impossible one;
* no text value holds a NUL character (``\\x00``), which no police.uk file has and which
  usually means a file saved as UTF-16 read as UTF-8, or padded by another program.

The rows are found in SQL; only files that have any are read again, to give each its line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from saferinsight.core.police_uk import FILE_KINDS
from saferinsight.store import police as store_police
from saferinsight.store.warehouse import Warehouse

__all__ = ["BadValue", "find_bad_values", "take_out_bad_values"]


@dataclass(frozen=True)
class BadValue:
    """A row of a file with a value that is not data: where, which column, what, and the fix."""

    line: int
    span: int
    column: str
    value: str
    reason: str
    raw_line: str


def take_out_bad_values(con: Warehouse, *, kind: str, file_ids: list[int]) -> dict[int, int]:
    """Delete the loaded rows with bad values; return how many each file lost (files with any)."""
    counts = store_police.bad_value_rows(con, kind=kind, file_ids=file_ids)
    if counts:
        store_police.delete_bad_value_rows(con, kind=kind, file_ids=list(counts))
    return counts


def find_bad_values(path: Path, kind: str, *, encoding: str) -> list[BadValue]:
    """Every row of a file with a bad value (the first such value of the row), in order."""
    found = []
    for line, span, row in _rows(path, encoding=encoding):
        bad = _first_bad(kind, row)
        if bad is not None:
            found.append(BadValue(line, span, *bad, raw_line=_joined(row.values())))
    return found


def _rows(path: Path, *, encoding: str) -> Iterator[tuple[int, int, dict[str, str]]]:
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            yield start, end - start + 1, dict(zip(header, cells, strict=False))


def _first_bad(kind: str, row: dict[str, str]) -> tuple[str, str, str] | None:
    for column in FILE_KINDS[kind]:
        value = row.get(column.csv_name, "")
        if column.type == "text" and "\x00" in value:
            return (
                column.csv_name,
                _shown(value),
                (
                    f"NUL character in {column.csv_name}: police.uk text never holds one; the "
                    "file is damaged or was saved in another encoding (UTF-16?). Download it "
                    "again, or load it with its real encoding"
                ),
            )
        if column.name in store_police.COORDINATE_BOUNDS and value.strip():
            reason = _coordinate_problem(column.csv_name, column.name, value)
            if reason:
                return column.csv_name, value, reason
    return None


def _coordinate_problem(label: str, name: str, value: str) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return None  # the scan rejects it as not a number
    low, high = store_police.COORDINATE_BOUNDS[name]
    if not math.isfinite(number):
        return (
            f"{label} {value!r} is not a coordinate (not a finite number); police.uk gives "
            "decimal degrees such as 52.612561, or leaves it empty when there is no location. "
            "Correct it or leave it empty"
        )
    if not low <= number <= high:
        return (
            f"{label} {value} is outside {low} to {high}, where police.uk locations lie "
            "(England, Wales, Northern Ireland; British Transport Police in Great Britain). "
            "Check whether latitude and longitude are swapped or mistyped, correct it, or "
            "leave it empty"
        )
    return None


def _shown(value: str) -> str:
    return value.replace("\x00", "\\x00")


def _joined(cells: object) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)  # type: ignore[arg-type]
    return _shown(out.getvalue())[:300]
