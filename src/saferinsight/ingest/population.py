"""Read ONS population files: mid-year estimates workbooks (MYE2 layout) and Census LSOA counts."""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.errors import Hint, InputFileError

#: Oldest single year of age in MYE2; ONS's last column ("90") means 90 and over.
OLDEST_AGE = 90
MYE2_SHEET = re.compile(r"^MYE2\s*-\s*(Persons|All persons)$", re.IGNORECASE)
_YEAR = re.compile(r"mid-(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class AreaPopulation:
    """One area's population by single year of age (index 0..90, the last meaning 90+)."""

    code: str
    name: str
    geography: str
    all_ages: int
    by_age: tuple[int, ...]


@dataclass(frozen=True)
class MidYearEstimates:
    """A mid-year estimates table as read from an ONS workbook or the shipped snapshot."""

    year: int
    source: str
    areas: tuple[AreaPopulation, ...]

    def get(self, code: str) -> AreaPopulation | None:
        """The area with this ONS code, if present."""
        for area in self.areas:
            if area.code == code:
                return area
        return None


def read_mye2_workbook(path: Path, *, year: int | None = None) -> MidYearEstimates:
    """Read the "MYE2 - Persons" sheet of an ONS mid-year population estimates workbook.

    The sheet has title rows, then a header row ``Code, Name, Geography, All ages, 0 .. 90``.
    The estimate year comes from the sheet title ("... mid-2022") unless ``year`` is given.
    Each row's single years of age must add up to its "All ages" value.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InputFileError(
            f"{path}: cannot be opened as an Excel workbook ({exc}). "
            "Give the .xlsx file exactly as ONS publishes it."
        ) from exc
    try:
        sheet_name = next((n for n in workbook.sheetnames if MYE2_SHEET.match(n.strip())), None)
        if sheet_name is None:
            raise InputFileError(
                f"{path}: no sheet named 'MYE2 - Persons' "
                f"(sheets: {', '.join(workbook.sheetnames)}). Use the ONS mid-year estimates "
                "workbook for local authorities (MYE2 layout)."
            )
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
    finally:
        workbook.close()
    return _parse_mye2_rows(rows, path=path, sheet=sheet_name, year=year)


def _parse_mye2_rows(
    rows: Sequence[tuple[object, ...]], *, path: Path, sheet: str, year: int | None
) -> MidYearEstimates:
    header_index = _find_header(rows, path=path, sheet=sheet)
    if year is None:
        year = _year_from_titles(rows[:header_index], path=path)
    header = [str(cell).strip() if cell is not None else "" for cell in rows[header_index]]
    expected_ages = [str(age) for age in range(OLDEST_AGE + 1)]
    ages_at = header.index("All ages") + 1
    ages = header[ages_at : ages_at + OLDEST_AGE + 1]
    if [a.rstrip("+") for a in ages] != expected_ages:
        raise InputFileError(
            f"{path}, sheet '{sheet}', row {header_index + 1}: expected age columns 0 to 90 after "
            f"'All ages', found {ages[:3]} ... {ages[-2:]}. This is not the MYE2 layout."
        )
    areas = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if row[0] is None or str(row[0]).strip() == "":
            continue
        areas.append(_parse_area_row(row, ages_at=ages_at, path=path, sheet=sheet, line=offset))
    if not areas:
        raise InputFileError(f"{path}, sheet '{sheet}': the table has no rows below its header.")
    return MidYearEstimates(year=year, source=path.name, areas=tuple(areas))


def _find_header(rows: Sequence[tuple[object, ...]], *, path: Path, sheet: str) -> int:
    for index, row in enumerate(rows[:50]):
        cells = [str(cell).strip() if cell is not None else "" for cell in row[:4]]
        if cells == ["Code", "Name", "Geography", "All ages"]:
            return index
    raise InputFileError(
        f"{path}, sheet '{sheet}': no header row 'Code, Name, Geography, All ages' in the first "
        "50 rows. Give the workbook as ONS publishes it, without edits to the table."
    )


def _year_from_titles(rows: Sequence[tuple[object, ...]], *, path: Path) -> int:
    for row in rows:
        for cell in row:
            match = _YEAR.search(str(cell)) if cell is not None else None
            if match:
                return int(match.group(1))
    match = _YEAR.search(path.name) or re.search(r"mye(\d{2})", path.name, re.IGNORECASE)
    if match:
        found = int(match.group(1))
        return found if found > 100 else 2000 + found
    raise InputFileError(
        f"{path}: cannot tell which mid-year the estimates are for (no 'mid-YYYY' in the sheet "
        "title or file name).",
        hint=Hint("retry", "Say which mid-year the estimates are for.", options={"year": None}),
    )


def _parse_area_row(
    row: tuple[object, ...], *, ages_at: int, path: Path, sheet: str, line: int
) -> AreaPopulation:
    values = row[ages_at - 1 : ages_at + OLDEST_AGE + 1]
    numbers = []
    for column, value in enumerate(values, start=ages_at - 1):
        if not isinstance(value, int | float) or value < 0 or value != int(value):
            raise InputFileError(
                f"{path}, sheet '{sheet}', row {line}, column {_column_letter(column)}: "
                f"{value!r} is not a whole number of people. Fix the cell or re-download the file."
            )
        numbers.append(int(value))
    all_ages, by_age = numbers[0], tuple(numbers[1:])
    if sum(by_age) != all_ages:
        raise InputFileError(
            f"{path}, sheet '{sheet}', row {line} ({row[0]}): the single years of age add up to "
            f"{sum(by_age):,} but 'All ages' says {all_ages:,}. The file has been edited or is "
            "damaged; re-download it from ONS."
        )
    return AreaPopulation(
        code=str(row[0]).strip(),
        name=str(row[1]).strip(),
        geography=str(row[2]).strip(),
        all_ages=all_ages,
        by_age=by_age,
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_mye_csv(estimates: MidYearEstimates, path: Path) -> None:
    """Write estimates as gzipped CSV in the workbook's own wide layout (the shipped snapshot)."""
    with gzip.open(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["year", "code", "name", "geography", "all_ages", *range(OLDEST_AGE + 1)])
        for area in estimates.areas:
            writer.writerow(
                [estimates.year, area.code, area.name, area.geography, area.all_ages, *area.by_age]
            )


def read_mye_csv(path: Path, *, source: str) -> MidYearEstimates:
    """Read estimates written by :func:`write_mye_csv`."""
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = list(reader)
    areas = tuple(
        AreaPopulation(
            code=row[1],
            name=row[2],
            geography=row[3],
            all_ages=int(row[4]),
            by_age=tuple(int(v) for v in row[5:]),
        )
        for row in rows
    )
    return MidYearEstimates(year=int(rows[0][0]), source=source, areas=areas)
