"""The records workbook's documentation: a sheet describing every kind and field, a sheet of
the code lists; and reading back a cell that the export made safe from running as a formula."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from saferinsight.core.cells import FORMULA_STARTS
from saferinsight.records.kinds import Kind

__all__ = ["about_rows", "code_rows", "unsafe_cell"]


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
