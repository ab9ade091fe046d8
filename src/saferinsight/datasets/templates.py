"""Blank templates for partner datasets: a header row and an example row, as CSV or as XLSX with
a documentation sheet that describes every column and lists its codes."""

from __future__ import annotations

import csv
import io

from saferinsight.core.cells import safe_row
from saferinsight.datasets.schema import Column, Dataset, home_office_offences

__all__ = ["FORMATS", "documentation_rows", "template_csv", "template_xlsx"]

FORMATS = ("csv", "xlsx")
GRANULARITY = {
    "record": "one row per record (event, case or person)",
    "month": "counts by calendar month",
    "quarter": "counts by financial-year quarter",
    "financial-year": "counts by financial year (April to March)",
}

#: How each kind of dataset is published (methods.md 3.6).
PUBLICATION = {
    "open": "Published open data: printed exactly in public reports.",
    "confidential": (
        "Confidential partner data: public reports apply disclosure control (small counts "
        "suppressed, others rounded) and compute every share, interval and test from the "
        "values they print."
    ),
}


def template_csv(dataset: Dataset) -> str:
    """The CSV template: the header row and one example row.

    Examples
    --------
    >>> from saferinsight.datasets.catalogue import get_dataset
    >>> print(template_csv(get_dataset("dvpn-dvpo")), end="")
    month,area,dvpns,dvpos
    2024-04,Shropshire,3,2
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(safe_row(c.name for c in dataset.columns))
    writer.writerow(safe_row(c.example for c in dataset.columns))
    return buffer.getvalue()


def documentation_rows(dataset: Dataset) -> list[list[str]]:
    """The documentation sheet: what the dataset is, then one row per column.

    Examples
    --------
    >>> from saferinsight.datasets.catalogue import get_dataset
    >>> rows = documentation_rows(get_dataset("dvpn-dvpo"))
    >>> rows[0]
    ['Dataset', 'dvpn-dvpo']
    >>> [r for r in rows if r and r[0] == "dvpos"][0][:3]
    ['dvpos', 'yes', 'a whole number, at least 0']
    """
    rows = [
        ["Dataset", dataset.name],
        ["Title", dataset.title],
        ["What it is", dataset.description],
        ["Usually sent by", dataset.provider],
        ["Granularity", GRANULARITY[dataset.granularity]],
        ["Publication", PUBLICATION[dataset.disclosure]],
        ["Dated by", ", ".join(dataset.period_columns)],
        ["Where", _where(dataset)],
        *(["Note", note] for note in dataset.notes),
        [
            "Loading",
            f"Load the file as the dataset {dataset.name}, saying who sent it. Keep the "
            "header row; extra title rows, blank rows and a totals row are skipped.",
        ],
        [],
        ["Column", "Required", "Accepts", "Description", "Example", "Other headers accepted"],
    ]
    rows += [
        [
            c.name,
            "yes" if c.required else "no",
            c.allowed(),
            c.description,
            c.example,
            ", ".join(c.aliases),
        ]
        for c in dataset.columns
    ]
    offences = [c for c in dataset.columns if c.kind == "offence"]
    if offences:
        rows += [[], ["Home Office offence code", "Description", "Group", "Sub-group"]]
        rows += [[code, *detail[:3]] for code, detail in sorted(home_office_offences().items())]
    return rows


def _where(dataset: Dataset) -> str:
    names = {"lsoa": "2021 LSOA", "ward": "electoral ward", "area": "area"}
    kinds = [names[dataset.column(g).kind] for g in dataset.geography]
    return (
        "the most detailed of: "
        + ", ".join(kinds)
        + "; rows without one take the area given when loading"
    )


def template_xlsx(dataset: Dataset) -> bytes:
    """The XLSX template: a 'Data' sheet (header, example row) and a 'Documentation' sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Data"
    # Cells are never formulas (openpyxl would write text starting with "=" as one).
    data.append(safe_row(c.name for c in dataset.columns))
    data.append(safe_row(_example(c) for c in dataset.columns))
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    for index, column in enumerate(dataset.columns, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(12, len(column.name) + 2)
        if column.kind == "code" and len(",".join(column.codes)) < 250:
            rule = DataValidation(
                type="list", formula1='"' + ",".join(column.codes) + '"', allow_blank=True
            )
            rule.error = f"Use {column.allowed()}"
            data.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}10000")
    docs = book.create_sheet("Documentation")
    for row in documentation_rows(dataset):
        docs.append(safe_row(row))
    docs.column_dimensions["A"].width = 26
    docs.column_dimensions["C"].width = 48
    docs.column_dimensions["D"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _example(column: Column) -> object:
    if column.kind == "integer" and column.example.isdigit():
        return int(column.example)
    return column.example
