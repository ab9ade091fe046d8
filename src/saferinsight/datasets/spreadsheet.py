"""Read the tables partner agencies send: CSV or XLSX spreadsheets, often messy.

Council, NHS, probation and fire service files rarely start at cell A1: there are title rows,
merged banners, blank rows, totals rows and footnotes. :func:`read_table` finds the header row by
the column names it expects and hands back the data rows as raw cells with the row numbers the
user sees, for the validation layer to convert. CSV cells stay strings: numbers in agency files
often carry thousands separators and "£" ("1,234", "£1,234.50"), which validation must handle.
:func:`parse_date` and :func:`parse_month` read dates as UK users write them: day first.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.core.months import MONTH, month_from_label
from saferinsight.errors import Hint, InputFileError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "SheetRow",
    "SheetTable",
    "SkippedRow",
    "normalise_header",
    "parse_date",
    "parse_month",
    "read_table",
]

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: The header must be within this many rows (records, for CSV) of the top.
HEADER_SCAN_ROWS = 30
#: Key in :attr:`SheetRow.values` for non-empty cells that have no column header.
EXTRA_KEY = "_extra"
DELIMITERS = (",", ";", "\t")
TEMPLATE_FIX = "start from the dataset's template"

Cells = tuple[object, ...]
#: A row as read: (row number the user sees, cells).
RawRow = tuple[int, Cells]
#: (header row index in the rows, cell position -> canonical column name)
Header = tuple[int, dict[int, str]]
#: A merged cell range: (first row, first column, last row, last column), 1-based.
Merged = tuple[int, int, int, int]

_HEADER_NOISE = re.compile(r"[\s_\-./\\()\[\]{}\ufeff]")
_EDGE_SPACE = re.compile(r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$")
_TOTALS = re.compile(r"[\W_]*(grand\s*totals?|sub\s*-?\s*totals?|totals?|sum|all\s+areas)\b", re.I)
_DOC_SHEET = re.compile(r"(documentation|readme|about|notes|note$|contents$|cover$|guidance)")


@dataclass(frozen=True)
class SheetRow:
    """A row of the table: its number as the user sees it and its cells by canonical column."""

    number: int
    values: dict[str, object]
    text: str


@dataclass(frozen=True)
class SkippedRow:
    """A row that is not data: ``reason`` is "blank", "title", "totals" or "note".

    A totals row keeps its cells by column (``values``): validation checks its figures against
    the rows it totals, and loads it as data if it is a data row after all."""

    number: int
    reason: str
    text: str
    values: dict[str, object] | None = None


@dataclass(frozen=True)
class SheetTable:
    """The table found in a CSV file or a workbook sheet, with the rows that were skipped."""

    path: Path
    sheet: str | None
    encoding: str | None
    header_row: int
    columns: dict[str, str]
    extra_columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    skipped: tuple[SkippedRow, ...]


def normalise_header(text: str) -> str:
    """Reduce a column header to the form used to match it against expected column names.

    Case is ignored, and so are spaces, underscores, hyphens, full stops, slashes, brackets and
    byte-order marks.

    Examples
    --------
    >>> normalise_header("\\ufeffOffence_Code (HO)")
    'offencecodeho'
    >>> normalise_header("OFFENCE-CODE") == normalise_header("offence code")
    True
    """
    return _HEADER_NOISE.sub("", text).casefold()


def read_table(
    path: Path,
    columns: Mapping[str, Sequence[str]],
    *,
    required: Collection[str] = (),
    sheet: str | None = None,
) -> SheetTable:
    """Find the table in a CSV or XLSX file and return its rows as raw cells.

    Parameters
    ----------
    path
        A ``.csv`` or ``.txt`` file (UTF-8 or Windows-1252; comma, semicolon or tab separated),
        or an ``.xlsx`` or ``.xlsm`` workbook.
    columns
        Canonical column name -> other accepted header spellings. The canonical name is always
        accepted; matching ignores case, spaces and punctuation (see :func:`normalise_header`).
    required
        Canonical columns the header row must contain.
    sheet
        The workbook sheet to read. By default, the sheet whose header matches most columns.

    Returns
    -------
    SheetTable
        The header found, the data rows and the rows skipped as blank, title, totals or note.

    Raises
    ------
    InputFileError
        The file cannot be read, or has no header row with all the required columns.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "asb.csv"
    >>> _ = path.write_text("ASB incidents\\nWard,Incidents\\nAbbey,12\\nTotal,12\\n")
    >>> table = read_table(path, {"area": ["Ward"], "count": ["Incidents"]})
    >>> table.header_row, table.rows[0].number, table.rows[0].values
    (2, 3, {'area': 'Abbey', 'count': '12'})
    >>> [(row.number, row.reason) for row in table.skipped]
    [(1, 'title'), (4, 'totals')]
    """
    spec = _spec(columns, required)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, spec)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, spec, sheet)
    raise InputFileError(
        f"{path}: {suffix or 'a file without an extension'} is not a format Safer Insight reads. "
        "Give a .csv, .txt, .xlsx or .xlsm file (save .xls and .ods files as .xlsx first)."
    )


# --- columns and header ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """The columns asked for: accepted spellings, required names, normalised spelling -> name."""

    columns: Mapping[str, Sequence[str]]
    required: frozenset[str]
    lookup: dict[str, str]


def _spec(columns: Mapping[str, Sequence[str]], required: Collection[str]) -> _Spec:
    """Check the arguments and index every accepted spelling by its normalised form."""
    lookup: dict[str, str] = {}
    for name, aliases in columns.items():
        if isinstance(aliases, str):
            raise TypeError(f"aliases of {name!r} must be a sequence of strings, not a string")
        for spelling in (name, *aliases):
            key = normalise_header(spelling)
            if not key or name == EXTRA_KEY:
                raise ValueError(f"{spelling!r} cannot be used as a column header for {name!r}")
            if lookup.setdefault(key, name) != name:
                raise ValueError(f"{spelling!r} is a spelling of both {lookup[key]!r} and {name!r}")
    unknown = sorted(set(required) - set(columns))
    if unknown:
        raise ValueError(f"required columns {unknown} are not among the columns")
    return _Spec(columns, frozenset(required), lookup)


def _match_header(cells: Cells, lookup: Mapping[str, str]) -> dict[int, str]:
    """Cell position -> canonical column, for the cells of a row that are known headers."""
    keys = {i: normalise_header(str(cell)) for i, cell in enumerate(cells) if cell is not None}
    return {i: lookup[key] for i, key in keys.items() if key in lookup}


def _score(matches: dict[int, str]) -> int:
    return len(set(matches.values()))


def _find_header(rows: Sequence[RawRow], spec: _Spec) -> tuple[Header | None, Header | None]:
    """(the header row, or None; the best candidate, for the error message when there is none)."""
    top = rows[:HEADER_SCAN_ROWS]
    candidates = [(i, _match_header(cells, spec.lookup)) for i, (_, cells) in enumerate(top)]
    valid = [c for c in candidates if c[1] and spec.required <= set(c[1].values())]
    header = max(valid, key=lambda c: _score(c[1]), default=None)
    best = max(candidates, key=lambda c: _score(c[1]), default=None)
    return header, best


def _quote_all(names: Collection[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _no_header_error(
    source: str, rows: Sequence[RawRow], best: Header | None, spec: _Spec
) -> InputFileError:
    """Say which file has no usable header, the best candidate row, what is missing and the fix."""
    if best is None or not any(cell is not None for _, cells in rows for cell in cells):
        return InputFileError(f"{source}: the file has no rows; give a table with a header row.")
    index, matches = best
    if not matches:  # nothing matched: show the first non-blank row as the candidate
        index = next(i for i, (_, cells) in enumerate(rows) if any(c is not None for c in cells))
    columns = spec.columns
    missing = [n for n in columns if n in spec.required and n not in matches.values()]
    wanted = missing or list(columns)
    found = [_display(cell) for cell in rows[index][1] if cell is not None]
    spellings = "; ".join(
        f"{name!r}" + (f" (or {_quote_all(columns[name])})" if columns[name] else "")
        for name in wanted
    )
    problem = f"missing {_quote_all(missing)}" if missing else "none of the expected columns"
    return InputFileError(
        f"{source}: no header row found in the first {HEADER_SCAN_ROWS} rows. The best "
        f"candidate is row {rows[index][0]}, which has {problem}; the headers found there are "
        f"{_quote_all(found)}. Rename the column to {spellings} or {TEMPLATE_FIX}.",
        hint=Hint("write-template", "Rename the columns, or copy the data into the template."),
    )


def _check_duplicates(
    source: str, number: int, header: Cells, matches: dict[int, str], letters: bool
) -> None:
    """Refuse a header with two cells that mean the same column (letters: name columns A, B)."""
    from openpyxl.utils import get_column_letter

    column = get_column_letter if letters else str
    seen: dict[str, int] = {}
    for position, name in matches.items():
        if name in seen:
            first, second = (
                f"{_display(header[i])!r} in column {column(i + 1)}" for i in (seen[name], position)
            )
            raise InputFileError(
                f"{source}: row {number} has two headers for the column {name!r}: {first} and "
                f"{second}. Rename or delete one of them so the column appears once."
            )
        seen[name] = position


# --- rows --------------------------------------------------------------------------------------


def _clean(cell: object) -> object:
    """Strip text (non-breaking spaces included); empty text becomes None."""
    if isinstance(cell, str):
        return _EDGE_SPACE.sub("", cell) or None
    return cell


def _display(cell: object) -> str:
    """A cell as the user would read it."""
    if cell is None or isinstance(cell, bool):
        return "" if cell is None else str(cell).upper()
    if isinstance(cell, datetime.datetime):
        return cell.isoformat(sep=" ").removesuffix(" 00:00:00")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _row_text(cells: Cells) -> str:
    filled = [i for i, cell in enumerate(cells) if cell is not None]
    return ", ".join(_display(cell) for cell in cells[: filled[-1] + 1]) if filled else ""


def _row_kind(cells: Cells) -> str | None:
    """Classify a row: "blank", "totals", "note" (a lone text cell) or None for data."""
    filled = [cell for cell in cells if cell is not None]
    if not filled:
        return "blank"
    if isinstance(filled[0], str) and _TOTALS.match(filled[0]):
        return "totals"
    if len(filled) == 1 and isinstance(filled[0], str):
        return "note"
    return None


def _classify(
    rows: Sequence[RawRow], notes_possible: bool
) -> tuple[list[RawRow], list[SkippedRow]]:
    """Split the rows below the header into data and skipped rows; trailing blanks are dropped."""
    kinds = [_row_kind(cells) for _, cells in rows]
    last_data = max((i for i, kind in enumerate(kinds) if kind is None), default=-1)
    last_filled = max((i for i, kind in enumerate(kinds) if kind != "blank"), default=-1)
    data: list[RawRow] = []
    skipped: list[SkippedRow] = []
    for i, ((number, cells), kind) in enumerate(zip(rows, kinds, strict=True)):
        if i > last_filled:
            break
        if kind == "note" and (i < last_data or not notes_possible):
            kind = None
        if kind is None:
            data.append((number, cells))
        else:
            skipped.append(SkippedRow(number, kind, _row_text(cells)))
    return data, skipped


def _sheet_row(number: int, cells: Cells, header: Cells, matches: dict[int, str]) -> SheetRow:
    """A data row: cells of known columns by name, unheaded non-empty cells under ``_extra``."""
    values = {name: cells[i] if i < len(cells) else None for i, name in matches.items()}
    extra = tuple(
        cell
        for i, cell in enumerate(cells)
        if cell is not None and (i >= len(header) or header[i] is None)
    )
    if extra:
        values[EXTRA_KEY] = extra
    return SheetRow(number, values, _row_text(cells))


def _table(
    path: Path,
    sheet: str | None,
    encoding: str | None,
    rows: list[RawRow],
    spec: _Spec,
    merged: Sequence[Merged] = (),
) -> SheetTable:
    """Find the header row and sort the rows into data and skipped rows."""
    source = str(path) if sheet is None else f"{path}, sheet {sheet!r}"
    header_at, best = _find_header(rows, spec)
    if header_at is None:
        raise _no_header_error(source, rows, best, spec)
    index, matches = header_at
    number, header = rows[index]
    _check_duplicates(source, number, header, matches, letters=sheet is not None)
    _fill_merged(rows, merged, below=number)
    above = [
        SkippedRow(n, "title" if any(c is not None for c in cells) else "blank", _row_text(cells))
        for n, cells in rows[:index]
    ]
    notes_possible = sum(cell is not None for cell in header) > 1
    data, below = _classify(rows[index + 1 :], notes_possible)
    cells_of = dict(rows[index + 1 :])
    below = [
        SkippedRow(
            s.number,
            s.reason,
            s.text,
            _sheet_row(s.number, cells_of[s.number], header, matches).values,
        )
        if s.reason == "totals"
        else s
        for s in below
    ]
    return SheetTable(
        path=path,
        sheet=sheet,
        encoding=encoding,
        header_row=number,
        columns={name: _display(header[i]) for i, name in matches.items()},
        extra_columns=tuple(
            _display(cell) for i, cell in enumerate(header) if cell is not None and i not in matches
        ),
        rows=tuple(_sheet_row(n, cells, header, matches) for n, cells in data),
        skipped=tuple(above + below),
    )


# --- CSV ---------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and encoding: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        kind = "an Excel workbook" if data.startswith(b"PK\x03\x04") else "UTF-16 or binary data"
        raise InputFileError(
            f"{path}: holds {kind}, not CSV text. Save it from Excel as 'CSV UTF-8', "
            "or give a workbook a .xlsx name."
        )
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: byte {exc.start} is neither UTF-8 nor Windows-1252 text. "
            "Open the file in Excel and save it as 'CSV UTF-8'."
        ) from exc


def _sniff(text: str) -> str:
    """The delimiter: Excel's ``sep=`` line if present, else csv.Sniffer's guess, else comma."""
    first = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=[,;\t]", first):
        return first[-1]
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","


def _csv_rows(path: Path, text: str, delimiter: str, limit: int | None = None) -> list[RawRow]:
    """Records with the physical line each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    start = 1
    try:
        for record in islice(reader, limit):
            rows.append((start, tuple(_clean(cell) for cell in record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(
            f"{path}: the record starting on line {start} cannot be read ({exc}): a quoted "
            "field is not closed, or has text after its closing quote. Fix the quotes on that "
            "line, or open the file in Excel and save it again as CSV."
        ) from exc
    return rows


def _read_csv(path: Path, spec: _Spec) -> SheetTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _open_error(path, exc, "Check that it is a file you may read.") from exc
    text, encoding = _decode(path, data)
    delimiter = _pick_delimiter(path, text, spec)
    return _table(path, None, encoding, _csv_rows(path, text, delimiter), spec)


def _pick_delimiter(path: Path, text: str, spec: _Spec) -> str:
    """The sniffed delimiter, unless only another one reveals the header (title rows fool it)."""
    sniffed = _sniff(text)
    for delimiter in (sniffed, *(d for d in DELIMITERS if d != sniffed)):
        try:
            head = _csv_rows(path, text, delimiter, HEADER_SCAN_ROWS)
        except InputFileError:  # quotes that are valid with the right delimiter only
            continue
        if _find_header(head, spec)[0] is not None:
            return delimiter
    return sniffed


# --- XLSX --------------------------------------------------------------------------------------


def _open_error(path: Path, exc: Exception, fix: str) -> InputFileError:
    if not path.exists():
        return InputFileError(f"{path}: no such file. Check the folder and the file name.")
    return InputFileError(f"{path}: cannot be opened ({exc}). {fix}")


def _open_workbook(path: Path) -> Workbook:
    import openpyxl

    try:
        with warnings.catch_warnings():  # unsupported-extension notices say nothing about values
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise _open_error(
            path, exc, "Open it in Excel and save it again as .xlsx, without a password."
        ) from exc


def _sheet_rows(sheet: Worksheet, limit: int | None = None) -> list[RawRow]:
    last = sheet.max_row if limit is None else min(limit, sheet.max_row)
    cells = sheet.iter_rows(min_row=1, max_row=last, values_only=True)
    return [(n, tuple(_clean(cell) for cell in row)) for n, row in enumerate(cells, start=1)]


def _choose_sheet(path: Path, book: Workbook, spec: _Spec, name: str | None) -> Worksheet:
    """The sheet asked for, or the sheet whose header row matches the most columns."""
    sheets = book.worksheets
    if name is not None:
        found = [s for s in sheets if s.title.strip().casefold() == name.strip().casefold()]
        if not found:
            sheet_names = _quote_all(book.sheetnames)
            raise InputFileError(
                f"{path}: has no sheet named {name!r}; its sheets: {sheet_names}.",
                hint=Hint(
                    "retry",
                    "Name one of the file's sheets, or none to read the one holding the table.",
                ),
            )
        return found[0]
    visible = [s for s in sheets if s.sheet_state == "visible"] or sheets
    candidates = [s for s in visible if not _DOC_SHEET.match(normalise_header(s.title))] or visible

    def score(sheet: Worksheet) -> tuple[int, int]:
        header_at, best = _find_header(_sheet_rows(sheet, HEADER_SCAN_ROWS), spec)
        return (_score(header_at[1]) if header_at else 0, _score(best[1]) if best else 0)

    return max(candidates, key=score)


def _fill_merged(rows: list[RawRow], merged: Sequence[Merged], below: int) -> None:
    """Give every cell of a merged range under row ``below`` the range's top-left value.

    ``rows`` are a sheet's rows from row 1. Ranges reaching up to ``below`` are titles (or a
    header cell merged downwards) and are left alone.
    """
    for first_row, first_col, last_row, right in merged:
        top, left = first_row - 1, first_col - 1
        if first_row <= below or top >= len(rows):
            continue
        value = rows[top][1][left] if left < len(rows[top][1]) else None
        for i in range(top, min(last_row, len(rows))):
            number, cells = rows[i]
            padded = list(cells) + [None] * (right - len(cells))
            padded[left:right] = [value] * (right - left)
            rows[i] = (number, tuple(padded))


def _read_xlsx(path: Path, spec: _Spec, name: str | None) -> SheetTable:
    book = _open_workbook(path)
    try:
        sheet = _choose_sheet(path, book, spec, name)
        rows = _sheet_rows(sheet)
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
        return _table(path, sheet.title, None, rows, spec, merged)
    finally:
        book.close()


# --- dates -------------------------------------------------------------------------------------

_MONTH_NAMES: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
_MONTH_NAMES += ("august", "september", "october", "november", "december")
_MONTHS = {name[:n]: i for i, name in enumerate(_MONTH_NAMES, start=1) for n in (3, len(name))}
_MONTHS["sept"] = 9
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_Y, _M, _D = r"(?P<y>\d{4}|\d{2})", r"(?P<m>\d{1,2})", r"(?P<d>\d{1,2})"
_MON = r"(?P<mon>[a-z]+)\.?"
_DATE_FORMS = tuple(
    re.compile(form, re.IGNORECASE)
    for form in (
        rf"(?P<y>\d{{4}})(?P<sep>[-/]){_M}(?P=sep){_D}{_TIME}",  # 2024-04-01
        rf"{_D}(?P<sep>[/.-]){_M}(?P=sep){_Y}{_TIME}",  # 01/04/2024, 1.4.24
        rf"{_D}(?:st|nd|rd|th)?[\s-]+{_MON},?[\s-]+{_Y}",  # 1 April 2024, 01-Apr-24
    )
)
_MONTH_FORMS = tuple(
    re.compile(form, re.IGNORECASE)
    for form in (
        r"(?P<y>\d{4})(?P<m>\d{2})",  # 202404
        rf"(?P<y>\d{{4}})[-/]{_M}",  # 2024-04
        rf"{_M}[-/](?P<y>\d{{4}})",  # 04/2024
        rf"{_MON}[\s-]+{_Y}",  # Apr-24, April 2024
        rf"(?P<y>\d{{4}})[\s-]+{_MON}",  # 2024 Apr
    )
)
#: Excel's serial 1 is 1900-01-01; serial 60 is Lotus 1-2-3's 29 February 1900, which never was.
_EXCEL_DAY_ZERO = datetime.date(1899, 12, 31)
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31


def _from_parts(match: re.Match[str]) -> datetime.date | None:
    """The date a form matched, or None if it does not exist; two-digit years are 1970-2069."""
    parts = match.groupdict()
    year = int(parts["y"])
    if len(parts["y"]) == 2:
        year += 2000 if year < 70 else 1900
    month = int(parts["m"]) if parts.get("m") else _MONTHS.get(parts["mon"].lower())
    try:
        return None if month is None else datetime.date(year, month, int(parts.get("d") or 1))
    except ValueError:
        return None


def _from_serial(serial: float) -> datetime.date | None:
    """The date of an Excel serial number (1900 date system), or None."""
    if not 1 <= serial <= _EXCEL_LAST_SERIAL or int(serial) == 60:
        return None
    days = int(serial) - (1 if serial > 60 else 0)
    return _EXCEL_DAY_ZERO + datetime.timedelta(days=days)


def _date_or_none(value: object) -> datetime.date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_serial(value)
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{1,7}", text):
        return _from_serial(int(text))
    match = next(filter(None, (form.fullmatch(text) for form in _DATE_FORMS)), None)
    return None if match is None else _from_parts(match)


def parse_date(value: object) -> datetime.date:
    """Read a date as a UK user or Excel writes it (day first).

    Accepts dates and datetimes, Excel serial numbers (1900 date system, as numbers or digit
    strings), ``2024-04-01`` (optionally with a time), ``01/04/2024``, ``1/4/24``,
    ``01-04-2024``, ``01.04.2024``, ``1 April 2024``, ``1 Apr 2024``, ``01-Apr-2024`` and
    ``01-Apr-24``. Two-digit years 00-69 are 2000-2069 and 70-99 are 1970-1999.

    Raises
    ------
    ValueError
        The value is not one of those forms, or is not a real date (31/13/2024, serial 60).

    Examples
    --------
    >>> parse_date("01/04/2024"), parse_date("1-Apr-24"), parse_date(45383)
    (datetime.date(2024, 4, 1), datetime.date(2024, 4, 1), datetime.date(2024, 4, 1))
    >>> parse_date("31/13/2024")
    Traceback (most recent call last):
    ...
    ValueError: '31/13/2024' is not a date; write it as 2024-04-01 or 01/04/2024 (day first)
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    found = _date_or_none(value)
    if found is None:
        raise ValueError(
            f"{value!r} is not a date; write it as 2024-04-01 or 01/04/2024 (day first)"
        )
    return found


def parse_month(value: object) -> datetime.date:
    """Read a month, returning its first day.

    Accepts everything :func:`parse_date` does, plus ``2024-04``, ``2024/04``, ``04/2024``,
    ``4/2024``, ``Apr-24``, ``Apr 2024``, ``April 2024``, ``April-2024``, ``2024 Apr`` and
    ``202404`` (also as a number: six digits are read as year and month, not an Excel serial).

    Raises
    ------
    ValueError
        The value is not one of those forms, or names no real month.

    Examples
    --------
    >>> parse_month("Apr-24"), parse_month("2024-04"), parse_month("15/04/2024")
    (datetime.date(2024, 4, 1), datetime.date(2024, 4, 1), datetime.date(2024, 4, 1))
    >>> parse_month("2024-13")
    Traceback (most recent call last):
    ...
    ValueError: '2024-13' is not a month; write it as 2024-04 or Apr 2024
    """
    problem = ValueError(f"{value!r} is not a month; write it as 2024-04 or Apr 2024")
    text = _month_text(value)
    if MONTH.fullmatch(text):  # police.uk's YYYY-MM, the usual form
        try:
            return month_from_label(text)
        except ValueError:  # year 0
            raise problem from None
    match = next(filter(None, (form.fullmatch(text) for form in _MONTH_FORMS)), None)
    if match is not None:
        found = _from_parts(match)
        if found is None:
            raise problem
        return found
    try:
        return parse_date(value).replace(day=1)
    except ValueError:
        raise problem from None


def _month_text(value: object) -> str:
    """The text to try month-only forms on: a string, or a six-digit number (YYYYMM)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 100000 <= value <= 999999:
        return str(value)
    return value.strip() if isinstance(value, str) else ""
