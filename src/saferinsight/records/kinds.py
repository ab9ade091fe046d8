"""The kinds of record, read from the table declarations: their fields, types, code lists,
references and documentation. Commands, files and (later) web forms are driven by these.

A field that refers to another record (a body's partnership, an event's review) is given and
shown by the other record's key (``key`` or ``ref``) where it has one, else by its id.

Examples
--------
>>> kind = KINDS["review-event"]
>>> [f.name for f in kind.fields]
['review', 'stage', 'dated', 'notes']
>>> kind.field("review").refers_to, kind.field("stage").codes["published"]
('review', 'Report published')
>>> KINDS["partnership"].natural_key
'key'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import Boolean, Column, Date, Integer, Numeric, Table

from saferinsight.errors import Hint, RecordNotFoundError
from saferinsight.records.tables import Base, plans, resources, reviews, structure
from saferinsight.records.tables.base import Record

__all__ = ["KINDS", "Field", "Kind", "record_kind"]

#: Columns every record has, which are not fields a person gives.
SYSTEM_COLUMNS = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class Field:
    """One field of a kind of record.

    ``type`` is one of ``text``, ``date``, ``integer``, ``number`` (decimal), ``money``,
    ``flag`` or ``ref`` (a reference to a record of kind ``refers_to``).
    """

    name: str
    column: str
    type: str
    required: bool
    help: str
    codes: Mapping[str, str] | None = None
    refers_to: str | None = None
    example: object = None
    format: str | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of record: its key (``review-event``), label, table model and fields."""

    key: str
    label: str
    model: type[Record]
    fields: tuple[Field, ...]
    natural_key: str | None
    parent: str | None

    @property
    def confidential(self) -> bool:
        """Whether reading records of this kind is logged (case reviews, audits)."""
        return self.model.__confidential__

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for field in self.fields:
            if field.name == name:
                return field
        raise RecordNotFoundError(
            f"A {self.key} has no field '{name}'; its fields are "
            f"{', '.join(f.name for f in self.fields)}.",
            hint=Hint("retry", "Give one of the fields listed."),
        )


def _kind_key(table: str) -> str:
    return table.replace("_", "-")


def _type(column: Column[Any]) -> str:
    if column.foreign_keys:
        return "ref"
    kind = column.type
    if isinstance(kind, Boolean):
        return "flag"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, Numeric):
        return "money" if kind.scale == 2 else "number"
    return "text"


def _field(column: Column[Any]) -> Field:
    info = column.info
    refers_to = None
    name = column.name
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        refers_to = _kind_key(target)
        name = name.removesuffix("_id")
    return Field(
        name=name,
        column=column.name,
        type=_type(column),
        required=not column.nullable and column.default is None,
        help=info.get("help", ""),
        codes=info.get("codes"),
        refers_to=refers_to,
        example=info.get("example"),
        format=info.get("format"),
    )


def _kind(model: type[Record]) -> Kind:
    table = cast(Table, model.__table__)
    columns = [c for c in table.columns if c.name not in SYSTEM_COLUMNS]
    fields = tuple(_field(c) for c in columns)
    natural = next((c.name for c in columns if c.name in ("key", "ref") and c.unique), None)
    parent = next((f.refers_to for f in fields if f.type == "ref" and f.required), None)
    label = (model.__doc__ or model.__name__).strip().splitlines()[0].rstrip(".")
    return Kind(_kind_key(table.name), label, model, fields, natural, parent)


def _models() -> list[type[Record]]:
    found: list[type[Record]] = []
    for module in (structure, plans, reviews, resources):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Record)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


#: Every kind of record, by key, in the order of the domain modules.
KINDS: Mapping[str, Kind] = MappingProxyType({k.key: k for k in map(_kind, _models())})

assert all(kind.model.metadata is Base.metadata for kind in KINDS.values())


def record_kind(key: str) -> Kind:
    """The kind of record called ``key``, or an error listing the kinds."""
    try:
        return KINDS[key]
    except KeyError:
        raise RecordNotFoundError(
            f"There is no kind of record called '{key}'. The kinds are: {', '.join(KINDS)}.",
            hint=Hint("retry", "Give one of the kinds listed."),
        ) from None
