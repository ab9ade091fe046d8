"""The police.uk file formats, declared once: for each file kind, its columns in header order.

A column has its name in the CSV header, our name for it (the warehouse's column, the
generator's and the ingest's) and a logical type saying what it holds. The store maps logical
types to its SQL types, the ingest checks headers with :func:`header_of`, and the generator
writes that header; nothing else lists the columns.

Logical types: ``text``; ``month`` (``YYYY-MM``, see :mod:`saferinsight.core.months`);
``number`` (a decimal); ``crime_type`` and ``search_type`` (one of :data:`CATEGORIES`);
``timestamp`` (ISO 8601 with an offset); ``boolean`` (``True``/``False``, may be empty).

Examples
--------
>>> [(c.csv_name, c.name, c.type) for c in FILE_KINDS["street"][:2]]
[('Crime ID', 'crime_id', 'text'), ('Month', 'month', 'month')]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

from saferinsight.core.categories import CRIME_TYPES, STOP_SEARCH_TYPES

LogicalType = Literal[
    "text", "month", "number", "crime_type", "search_type", "timestamp", "boolean"
]
#: Every logical type, in the order of :data:`LogicalType`.
LOGICAL_TYPES: tuple[LogicalType, ...] = get_args(LogicalType)


@dataclass(frozen=True)
class Column:
    """A column of a police.uk CSV file: its header name, our name and its logical type."""

    csv_name: str
    name: str
    type: LogicalType


STREET: tuple[Column, ...] = (
    Column("Crime ID", "crime_id", "text"),
    Column("Month", "month", "month"),
    Column("Reported by", "reported_by", "text"),
    Column("Falls within", "falls_within", "text"),
    Column("Longitude", "longitude", "number"),
    Column("Latitude", "latitude", "number"),
    Column("Location", "location", "text"),
    Column("LSOA code", "lsoa_code", "text"),
    Column("LSOA name", "lsoa_name", "text"),
    Column("Crime type", "crime_type", "crime_type"),
    Column("Last outcome category", "last_outcome", "text"),
    Column("Context", "context", "text"),
)
#: An outcomes file repeats the street file's first nine columns, then the outcome.
OUTCOMES: tuple[Column, ...] = (*STREET[:9], Column("Outcome type", "outcome_type", "text"))
STOP_AND_SEARCH: tuple[Column, ...] = (
    Column("Type", "search_type", "search_type"),
    Column("Date", "searched_at", "timestamp"),
    Column("Part of a policing operation", "part_of_operation", "boolean"),
    Column("Policing operation", "operation", "text"),
    Column("Latitude", "latitude", "number"),
    Column("Longitude", "longitude", "number"),
    Column("Gender", "gender", "text"),
    Column("Age range", "age_range", "text"),
    Column("Self-defined ethnicity", "self_defined_ethnicity", "text"),
    Column("Officer-defined ethnicity", "officer_defined_ethnicity", "text"),
    Column("Legislation", "legislation", "text"),
    Column("Object of search", "object_of_search", "text"),
    Column("Outcome", "outcome", "text"),
    Column("Outcome linked to object of search", "outcome_linked_to_object", "boolean"),
    Column("Removal of more than just outer clothing", "removal_of_outer_clothing", "boolean"),
)
#: Each file kind, as its file names end (``YYYY-MM-<force>-<kind>.csv``) -> its columns.
FILE_KINDS: Mapping[str, tuple[Column, ...]] = MappingProxyType(
    {"street": STREET, "outcomes": OUTCOMES, "stop-and-search": STOP_AND_SEARCH}
)
#: The values each category type allows, in order.
CATEGORIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"crime_type": CRIME_TYPES, "search_type": STOP_SEARCH_TYPES}
)


def header_of(kind: str) -> list[str]:
    """The exact police.uk header of a file kind.

    Examples
    --------
    >>> header_of("outcomes")[-1]
    'Outcome type'
    """
    return [column.csv_name for column in FILE_KINDS[kind]]


def has_month(kind: str) -> bool:
    """Whether a file kind has a Month column (street and outcomes do; stop and search not).

    Examples
    --------
    >>> has_month("street"), has_month("stop-and-search")
    (True, False)
    """
    return any(column.type == "month" for column in FILE_KINDS[kind])


def csv_name(kind: str, name: str) -> str | None:
    """The header name of the column a file kind calls ``name`` by our name, or None.

    Examples
    --------
    >>> csv_name("stop-and-search", "searched_at"), csv_name("street", "nothing")
    ('Date', None)
    """
    return next((c.csv_name for c in FILE_KINDS[kind] if c.name == name), None)
