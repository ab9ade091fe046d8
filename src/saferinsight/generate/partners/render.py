"""Write typed rows as the files agencies send: the clean CSV template, or the mess of real
extracts (:class:`Layout`), with deliberate errors for the invalid variant (:class:`Fault`).

XLSX files are made byte-identical for a seed: workbook timestamps and zip entry dates are
fixed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from saferinsight.core.months import month_label
from saferinsight.datasets.schema import Column, Dataset
from saferinsight.datasets.templates import documentation_rows
from saferinsight.generate.partners.context import Row

_EXCEL_EPOCH = date(1899, 12, 30)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Layout:
    """How a file is laid out and how its cells are written.

    The defaults give the clean template: canonical headers, ISO dates, Y/N, one table at A1.
    """

    fmt: str = "csv"
    encoding: str = "utf-8"
    delimiter: str = ","
    line_end: str = "\n"
    headers: Mapping[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] | None = None
    dates: str = "iso"  # iso, dmy, excel (date cells), serial (Excel serial numbers)
    months: str = "iso"  # iso, mon-yy (Apr-24), mm/yyyy, excel, serial
    booleans: tuple[str, str] = ("Y", "N")
    #: Other spellings of values by column: codes (AS-Nuisance), areas (ONS codes), wards (names).
    codes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    codes_separator: str = ";"
    financial_years: str = "short"  # short (2024/25) or long (2024-2025)
    quarters: str = "number"  # number (1) or label (Q1)
    thousands: bool = False
    banner: str | None = None
    titles: tuple[tuple[object, ...], ...] = ()
    doc_sheet: str | None = None
    sheet: str = "Data"
    blank_between: str | None = None
    blank_every: int = 0
    total: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    """A deliberate error: ``value`` written in ``column`` of one eligible row, or (``column``
    None) an eligible row sent twice."""

    column: str | None
    value: object = ""
    eligible: Callable[[Row], bool] | None = None


def render(
    dataset: Dataset, rows: Sequence[Row], layout: Layout
) -> tuple[list[str], list[list[Any]]]:
    """(header texts, cells of each row) for ``rows`` written as ``layout`` says."""
    names = layout.columns or tuple(c.name for c in dataset.columns)
    columns = [dataset.column(name) for name in names]
    header = [layout.headers.get(name, name) for name in names]
    formatters = [(c.name, _formatter(c, layout)) for c in columns]
    return header, [[fmt(row.get(name)) for name, fmt in formatters] for row in rows]


def _formatter(column: Column, layout: Layout) -> Callable[[Any], Any]:
    """The column's cell writer, remembering what it wrote (most cells repeat)."""
    if column.kind == "text" and column.name not in layout.codes:
        return lambda value: value
    cache: dict[Any, Any] = {}

    def cell(value: Any) -> Any:
        if isinstance(value, list):
            return _cell(column, value, layout)
        if value not in cache:
            cache[value] = _cell(column, value, layout)
        return cache[value]

    return cell


def apply_faults(
    rng: np.random.Generator,
    dataset: Dataset,
    rows: Sequence[Row],
    cells: list[list[Any]],
    layout: Layout,
    faults: Sequence[Fault],
) -> list[list[Any]]:
    """The cells with each fault applied to its own row (chosen at random among eligible rows
    that no other fault touches); duplicates follow the row they copy."""
    names = list(layout.columns or (c.name for c in dataset.columns))
    used: set[int] = set()
    duplicates: set[int] = set()
    out = [list(row) for row in cells]
    for fault in faults:
        eligible = [
            i
            for i, row in enumerate(rows)
            if i not in used and (fault.eligible is None or fault.eligible(row))
        ]
        if not eligible:
            raise ValueError(f"{dataset.name}: no row can take the fault {fault}")
        chosen = eligible[int(rng.integers(len(eligible)))]
        used.add(chosen)
        if fault.column is None:
            duplicates.add(chosen)
        else:
            out[chosen][names.index(fault.column)] = fault.value
    result: list[list[Any]] = []
    for i, row in enumerate(out):
        result.append(row)
        if i in duplicates:
            result.append(list(row))
    return result


def write(
    path: Path,
    dataset: Dataset,
    header: list[str],
    cells: list[list[Any]],
    layout: Layout,
    *,
    when: datetime,
) -> None:
    """Write the table (with the layout's titles, blank rows, totals and notes) to ``path``."""
    names = list(layout.columns or (c.name for c in dataset.columns))
    body = _with_blanks(names, cells, layout)
    if layout.fmt == "xlsx":
        path.write_bytes(_xlsx(dataset, header, body, layout, when))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=layout.delimiter, lineterminator=layout.line_end)
    for title in layout.titles:
        writer.writerow([_plain(c) for c in title])
    writer.writerow(header)
    writer.writerows(body)  # None is written empty; no CSV layout has date cells
    if layout.total:
        writer.writerow([_plain(c) for c in _totals(dataset, cells, layout)])
    for note in layout.notes:
        writer.writerow([note])
    path.write_bytes(buffer.getvalue().encode(layout.encoding))


# --- cells --------------------------------------------------------------------------------------


def excel_serial(day: date) -> int:
    """Excel's serial number of a date (1900 date system).

    Examples
    --------
    >>> excel_serial(date(2024, 4, 1))
    45383
    """
    return (day - _EXCEL_EPOCH).days


def _cell(column: Column, value: Any, layout: Layout) -> Any:
    if value is None:
        return None
    kind = column.kind
    if kind == "date":
        return _date(value, layout.dates, "%d/%m/%Y")
    if kind == "month":
        return _date(value, layout.months, "%m/%Y" if layout.months == "mm/yyyy" else "%b-%y")
    if kind == "boolean":
        return layout.booleans[0] if value else layout.booleans[1]
    if kind == "codes":
        mapping = layout.codes.get(column.name, {})
        return layout.codes_separator.join(mapping.get(v, v) for v in value)
    if kind == "integer":
        return f"{value:,}" if layout.thousands else int(value)
    if kind == "financial_year" and layout.financial_years == "long":
        start = int(value[:4])
        return f"{start}-{start + 1}"
    if kind == "quarter" and layout.quarters == "label":
        return f"Q{value}"
    if isinstance(value, str):
        return layout.codes.get(column.name, {}).get(value, value)
    return value


def _date(value: date, style: str, text_format: str) -> Any:
    if style == "iso":
        return value.isoformat() if text_format.startswith("%d") else month_label(value)
    if style == "excel":
        return datetime(value.year, value.month, value.day)
    if style == "serial":
        return excel_serial(value)
    return value.strftime(text_format)


def _plain(cell: Any) -> str:
    """A cell as CSV text."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


def _with_blanks(names: list[str], cells: list[list[Any]], layout: Layout) -> list[list[Any]]:
    """The rows with an empty row wherever the ``blank_between`` column changes value, or after
    every ``blank_every`` rows."""
    at = names.index(layout.blank_between) if layout.blank_between in names else None
    out: list[list[Any]] = []
    for i, row in enumerate(cells):
        changed = at is not None and i and row[at] != cells[i - 1][at]
        every = layout.blank_every and i and i % layout.blank_every == 0
        if changed or every:
            out.append([None] * len(row))
        out.append(row)
    return out


def _summed(dataset: Dataset, layout: Layout) -> list[int]:
    """Positions of the count columns a totals row sums (none: it counts the records)."""
    names = list(layout.columns or (c.name for c in dataset.columns))
    return [i for i, name in enumerate(names) if i and dataset.column(name).kind == "integer"]


def _totals(dataset: Dataset, cells: list[list[Any]], layout: Layout) -> list[Any]:
    """The trailing totals row: the label, then the sum of every count column (or, for records,
    the number of rows in the second column)."""
    row: list[Any] = [layout.total] + [None] * (len(cells[0]) - 1 if cells else 0)
    summed = _summed(dataset, layout)
    for i in summed:
        total = sum(_number(r[i]) for r in cells)
        row[i] = f"{total:,}" if layout.thousands else total
    if not summed:
        row[1] = len(cells)
    return row


def _number(cell: Any) -> int:
    if cell is None or cell == "":
        return 0
    return int(str(cell).replace(",", ""))


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx(
    dataset: Dataset,
    header: list[str],
    body: list[list[Any]],
    layout: Layout,
    when: datetime,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    data = book.active
    assert data is not None
    if layout.doc_sheet:
        docs = data
        docs.title = layout.doc_sheet
        for line in _documentation(dataset, layout.doc_sheet):
            docs.append(line)
        docs.column_dimensions["A"].width = 28
        data = book.create_sheet(layout.sheet)
    else:
        data.title = layout.sheet
    width = len(header)
    if layout.banner:
        data.append([layout.banner])
        data.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        data["A1"].font = Font(bold=True, size=14)
        data["A1"].alignment = Alignment(horizontal="center")
    for title in layout.titles:
        data.append(list(title))
    if layout.banner or layout.titles:
        data.append([])
    data.append(header)
    first = data.max_row + 1
    for cell in data[data.max_row]:
        cell.font = Font(bold=True)
    for row in body:
        data.append(row)
    last = data.max_row
    if layout.total:
        data.append(_formulas(layout.total, width, _summed(dataset, layout), first, last))
    for note in layout.notes:
        data.append([note])
    for column in range(1, width + 1):
        data.column_dimensions[get_column_letter(column)].width = max(12, len(header[column - 1]))
    for written in data.iter_rows(min_row=first, max_row=last):
        for cell in written:
            if isinstance(cell.value, datetime):
                cell.number_format = "mmm-yy" if layout.months == "excel" else "dd/mm/yyyy"
    return _save(book, when)


def _formulas(label: str, width: int, summed: list[int], first: int, last: int) -> list[Any]:
    """The totals row as Excel has it: SUM formulas over the data rows (COUNTA for records)."""
    from openpyxl.utils import get_column_letter

    row: list[Any] = [label] + [None] * (width - 1)
    for i in summed:
        letter = get_column_letter(i + 1)
        row[i] = f"=SUM({letter}{first}:{letter}{last})"
    if not summed:
        row[1] = f"=COUNTA(A{first}:A{last})"
    return row


def _documentation(dataset: Dataset, title: str) -> list[list[object]]:
    if title.casefold().startswith("doc"):
        return [list[object](r) for r in documentation_rows(dataset)]
    lines: list[str] = [dataset.title, "", "About these figures", dataset.description]
    lines += [*dataset.notes, "The data are on the next sheet; the latest months are provisional."]
    return [[line] if line else [] for line in lines]


def _save(book: Any, when: datetime) -> bytes:
    """The workbook's bytes with fixed timestamps, so that a seed gives identical files."""
    book.properties.created = when
    book.properties.creator = "Safer Insight synthetic data"
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()
