"""The records workbook's documentation: a sheet describing every kind and field, a sheet of
the code lists; and reading back a cell that the export made safe from running as a formula."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from saferinsight.core.cells import FORMULA_STARTS
from saferinsight.records.kinds import Kind

__all__ = [
    "about_rows",
    "code_rows",
    "dress_about",
    "dress_codes",
    "dress_records",
    "unsafe_cell",
]


def about_rows(kinds: Sequence[Kind]) -> Iterator[tuple[object, ...]]:
    """The documentation sheet: one row per field of every kind."""
    yield ("Safer Insight governance records",)
    yield (
        "One sheet per kind of record; the first row names the fields. 'id' is the file's own "
        "number for a record, which other records of the file use to refer to it. A field "
        "that refers to a record of a kind with a key (partnership, body, review, action "
        "plan) takes that key. Dates as YYYY-MM-DD; financial years as 2024/25; codes from "
        "the Codes sheet.",
    )
    yield ()
    yield ("kind", "field", "type", "required", "meaning")
    for spec in kinds:
        yield (spec.key, "", "", "", spec.label)
        for field in spec.fields:
            kind = f"refers to {field.refers_to}" if field.refers_to else field.type
            if field.codes:
                kind = "code"
            if field.format:
                kind = field.format
            yield ("", field.name, kind, "yes" if field.required else "", field.help)


def code_rows(kinds: Sequence[Kind]) -> Iterator[tuple[object, ...]]:
    """The code lists sheet: every code each coded field takes, with its meaning."""
    yield ("kind", "field", "code", "meaning")
    for spec in kinds:
        for field in spec.fields:
            for code, label in (field.codes or {}).items():
                yield (spec.key, field.name, code, label)


def unsafe_cell(value: object) -> object:
    """A cell's value as it was before the export made it safe (:func:`core.cells.safe_cell`
    puts an apostrophe before text that would run as a formula).

    >>> unsafe_cell("'=1+1"), unsafe_cell("'Tis"), unsafe_cell(3)
    ('=1+1', "'Tis", 3)
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


#: The widest a records column gets, in characters; longer texts wrap.
_WIDEST = 60
#: Rows a records sheet offers drop-down lists of codes for (enough for a year's entries).
_VALIDATED_ROWS = 2000


def _printable(sheet: Any) -> None:
    """Printed landscape, as wide as one page, the heading row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def dress_about(sheet: Any) -> None:
    """Column widths, wrapped meanings and a bold heading row for the documentation sheet."""
    from openpyxl.styles import Alignment, Font

    _printable(sheet)
    for column, width in zip("ABCDE", (18, 22, 18, 9, 90), strict=True):
        sheet.column_dimensions[column].width = width
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 60
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=5):
        if row[0].value:
            row[0].font = Font(bold=True)
        row[4].alignment = Alignment(wrap_text=True, vertical="top")


def dress_codes(sheet: Any) -> None:
    """Widths and a bold heading row for the code lists."""
    from openpyxl.styles import Font

    _printable(sheet)
    sheet.print_title_rows = "1:1"
    for column, width in zip("ABCD", (18, 22, 24, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def dress_records(
    sheet: Any, spec: Kind, header: Sequence[str], codes: Mapping[tuple[object, object], list[int]]
) -> None:
    """A records sheet: bold frozen headings, widths from the headings and values, each
    heading's meaning as a comment, and a drop-down of its codes under each coded field."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        heading = sheet.cell(row=1, column=index)
        heading.font = Font(bold=True)
        longest = max((len(str(c.value or "")) for c in sheet[letter]), default=len(name))
        sheet.column_dimensions[letter].width = min(_WIDEST, max(10, longest + 2))
        if longest + 2 > _WIDEST:  # long texts wrap within the column, rows grow to fit
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if name == "id":
            heading.comment = Comment("The file's own number for the record.", "Safer Insight")
            continue
        field = spec.field(name)
        heading.comment = Comment(field.help, "Safer Insight")
        rows = codes.get((spec.key, name))
        if rows:
            listed = DataValidation(
                type="list",
                formula1=f"Codes!$C${rows[0]}:$C${rows[-1]}",
                allow_blank=not field.required,
                error=f"Choose one of the codes for {name} (see the Codes sheet).",
                showErrorMessage=True,
            )
            sheet.add_data_validation(listed)
            listed.add(f"{letter}2:{letter}{_VALIDATED_ROWS}")
