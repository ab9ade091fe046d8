"""The records workbook's documentation: a sheet describing every kind and field, a sheet of
the code lists, and cells that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from saferinsight.records.kinds import Kind

__all__ = ["about_rows", "code_rows", "safe_cell"]

#: What a cell must not start with, or a spreadsheet may run it as a formula (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value to write to a cell: text that would start a formula gets a leading apostrophe.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-3), safe_cell("Ms A")
    ('\\'=HYPERLINK("http://x")', -3, 'Ms A')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


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
