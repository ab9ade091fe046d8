"""The records service: add, change, delete, read and list records of any kind, each change
written with its author to the append-only history, edits based on an old version refused.

Every surface holds a :class:`Records` for an acting user (the OS user on the command line, the
signed-in user on the web) and calls it; nothing else writes the records.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from saferinsight.workspace import Workspace
>>> records = Records(Workspace(Path(tempfile.mkdtemp())), actor="analyst")
>>> sscp = records.add("partnership", {"key": "sscp", "name": "Shropshire SCP", "kind": "joint"})
>>> board = records.add(
...     "body", {"partnership": "sscp", "key": "csp", "name": "CSP Board", "kind": "board"}
... )
>>> board.values["partnership"], board.version
('sscp', 1)
>>> records.update("body", "csp", {"meeting_frequency": "bi-monthly"}, version=1).version
2
>>> [(c.action, c.label) for c in records.history(kind="body")]
[('update', 'csp'), ('add', 'csp')]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from saferinsight.clock import SYSTEM, Clock
from saferinsight.errors import (
    FieldValueError,
    Hint,
    OptionError,
    RecordConflictError,
    RecordNotFoundError,
    RecordValueError,
)
from saferinsight.records import database
from saferinsight.records.checks import check_record
from saferinsight.records.guard import check_read, check_write, may_read, scope_of
from saferinsight.records.kinds import KINDS, Field, Kind, record_kind
from saferinsight.records.permissions import LOCAL, Principal, can, denied
from saferinsight.records.tables import Access, Change
from saferinsight.records.tables.base import Record
from saferinsight.records.tables.structure import Partnership
from saferinsight.records.values import convert, shown

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

__all__ = [
    "AccessEntry",
    "HistoryEntry",
    "RecordView",
    "Records",
    "financial_year_span",
    "find_partnership",
    "history_entry",
]

#: Fields that name a record in the history and in messages, in order of preference.
_LABEL_FIELDS = (
    "key",
    "ref",
    "pseudonym",
    "name",
    "title",
    "topic",
    "contributor",
    "duty",
    "stage",
    "domain",
    "heading",
    "year",
    "text",
)


@dataclass(frozen=True)
class RecordView:
    """One record as read: its kind, id, version (give it back to change it), a label, and the
    values of its fields (references as the other record's key, or id)."""

    kind: str
    id: int
    version: int
    label: str
    values: Mapping[str, object]
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        return {
            "kind": self.kind,
            "id": self.id,
            "version": self.version,
            "label": self.label,
            **{name: shown(value) for name, value in self.values.items()},
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class AccessEntry:
    """One reading of confidential records."""

    at: datetime
    actor: str
    action: str
    kind: str
    record_id: int | None
    detail: str
    partnership: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One change: who made it and when, to which record, and its values before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    kind: str
    record_id: int
    label: str
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None
    changes: tuple[tuple[str, object, object], ...] = field(default=())
    partnership: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        return {
            "id": self.id,
            "at": self.at.isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "kind": self.kind,
            "record_id": self.record_id,
            "label": self.label,
            "partnership": self.partnership,
            "before": dict(self.before) if self.before is not None else None,
            "after": dict(self.after) if self.after is not None else None,
        }


class Records:
    """The governance records of a workspace, as ``actor`` reads and changes them.

    Parameters
    ----------
    workspace
        The workspace; its settings say where the records database is.
    actor
        Who is acting: written to the history with every change.
    clock
        Where the times of changes come from.
    principal
        What the actor may read and change (:mod:`.permissions`); the command line's user
        (:data:`~.permissions.LOCAL`) may do everything.
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        actor: str,
        clock: Clock | None = None,
        principal: Principal = LOCAL,
    ) -> None:
        if not actor.strip():
            raise RecordValueError("Every change needs the name of the person making it.")
        self.workspace = workspace
        self.actor = actor.strip()
        self.principal = principal
        self.clock = clock or workspace.clock or SYSTEM
        self.url = database.records_url(workspace)

    @property
    def database(self) -> str:
        """Where the records are, fit to print (no password)."""
        return database.database_label(self.url)

    # -- sessions (for the records package's own queries) -----------------------------------

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """An ORM session in one transaction, committed at the end if ``write``."""
        engine = database.ready_engine(self.url)
        with engine.connect() as connection:
            if write:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                yield session  # a reader's commit changes nothing, and keeps what it loaded

    # -- reading ----------------------------------------------------------------------------

    def get(self, kind: str, ident: int | str) -> RecordView:
        """The record of ``kind`` with id or key ``ident`` (a confidential one's reading is
        logged)."""
        spec = record_kind(kind)
        with self.session(write=spec.confidential) as session:
            row = self._row(session, spec, ident)
            scope = scope_of(session, spec, row)
            check_read(self.principal, spec, scope)
            view = self._view(session, spec, row)
            self.note_access(
                session,
                spec.key,
                "view",
                record_id=view.id,
                detail=view.label,
                partnership=scope.partnership,
            )
            return view

    def list(
        self, kind: str, *, where: Mapping[str, object] | None = None, purpose: str = "list"
    ) -> tuple[RecordView, ...]:
        """The records of ``kind`` whose fields equal the values in ``where``, oldest first
        (for a confidential kind, the reading is logged with its ``purpose``)."""
        spec = record_kind(kind)
        with self.session(write=spec.confidential) as session:
            query = select(spec.model).order_by(spec.model.id)
            for name, value in (where or {}).items():
                spec_field = spec.field(name)
                stored = self._stored(session, spec_field, value, spec.key)
                query = query.where(getattr(spec.model, spec_field.column) == stored)
            found: list[RecordView] = []
            seen: set[str | None] = set()
            for row in session.scalars(query):
                scope = scope_of(session, spec, row)
                if may_read(self.principal, spec, scope):
                    found.append(self._view(session, spec, row))
                    seen.add(scope.partnership)
            detail = ", ".join(f"{k}={v}" for k, v in (where or {}).items())
            for partnership in sorted(seen or {None}, key=str):
                self.note_access(session, spec.key, purpose, detail=detail, partnership=partnership)
            return tuple(found)

    def history(
        self,
        *,
        kind: str | None = None,
        ident: int | str | None = None,
        actor: str | None = None,
        partnership: str | None = None,
        limit: int | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> tuple[HistoryEntry, ...]:
        """Changes, newest first: of one kind, one record (``ident``), by one actor, in one
        partnership, or made from day ``since`` to day ``until`` (reading the history of
        confidential kinds is logged)."""
        with self.session(write=True) as session:
            audited = self._audited(session)
            self.note_access(session, kind or "*", "history", detail=str(ident or ""))
            query = select(Change).order_by(Change.id.desc())
            if audited is not None:
                query = query.where(Change.partnership.in_(audited))
            if kind is not None:
                spec = record_kind(kind)
                query = query.where(Change.kind == spec.key)
                if ident is not None:
                    record_id = self._find(session, spec, ident)
                    query = query.where(Change.record_id == record_id)
            if actor is not None:
                query = query.where(Change.actor == actor)
            if partnership is not None:
                query = query.where(Change.partnership == partnership)
            query = _between(query, Change.at, since, until)
            if limit is not None:
                query = query.limit(limit)
            return tuple(_entry(change) for change in session.scalars(query))

    def note_access(
        self,
        session: Session,
        kind: str,
        action: str,
        *,
        record_id: int | None = None,
        detail: str = "",
        partnership: str | None = None,
    ) -> None:
        """Log, in a write ``session``, that the actor read confidential records: of ``kind``
        (a key, or ``*`` for every kind) in ``partnership``; nothing is logged for other kinds."""
        if kind != "*" and not record_kind(kind).confidential:
            return
        session.add(
            Access(
                at=self.clock.now(),
                actor=self.actor,
                action=action,
                kind=kind,
                record_id=record_id,
                partnership=partnership,
                detail=detail[:300],
            )
        )

    def note_data_access(
        self, datasets: str, *, partnership: str | None, action: str = "view"
    ) -> None:
        """Log that the actor read confidential partner data (the figures of ``datasets``, their
        names) in ``partnership``, as a reading of the kind ``partner-data``."""
        with self.session(write=True) as session:
            session.add(
                Access(
                    at=self.clock.now(),
                    actor=self.actor,
                    action=action[:20],
                    kind="partner-data",
                    partnership=partnership,
                    detail=datasets[:300],
                )
            )

    def _audited(self, session: Session) -> tuple[str, ...] | None:
        """The partnerships whose history and logs the principal may read (None: all)."""
        if self.principal.local:
            return None
        keys = session.scalars(select(Partnership.key)).all()
        audited = tuple(k for k in keys if can(self.principal, "view-audit", partnership=k))
        if not audited:
            raise denied(self.principal, "view-audit")
        return audited

    def access_log(
        self,
        *,
        actor: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
        partnership: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> tuple[AccessEntry, ...]:
        """Who read confidential records, newest first: by one actor, of one kind, in one
        partnership, from day ``since`` to day ``until``."""
        if kind is not None and kind != "partner-data":
            record_kind(kind)  # an unknown kind is an error, not an empty log
        with self.session() as session:
            audited = self._audited(session)
            query = select(Access).order_by(Access.id.desc())
            if audited is not None:
                query = query.where(Access.partnership.in_(audited))
            if actor is not None:
                query = query.where(Access.actor == actor)
            if kind is not None:
                query = query.where(Access.kind == kind)
            if partnership is not None:
                query = query.where(Access.partnership == partnership)
            query = _between(query, Access.at, since, until)
            if limit is not None:
                query = query.limit(limit)
            return tuple(
                AccessEntry(a.at, a.actor, a.action, a.kind, a.record_id, a.detail, a.partnership)
                for a in session.scalars(query)
            )

    # -- changing ---------------------------------------------------------------------------

    def add(self, kind: str, values: Mapping[str, object]) -> RecordView:
        """Add a record of ``kind`` with ``values`` (field name -> value or text)."""
        spec = record_kind(kind)
        with self._writing(spec) as session:
            return self.add_in(session, spec, values)

    def add_in(
        self,
        session: Session,
        spec: Kind,
        values: Mapping[str, object],
        *,
        file_ids: Mapping[tuple[str, str], int] | None = None,
    ) -> RecordView:
        """Add a record in an open write session (several adds in one transaction: imports).
        ``file_ids`` maps (kind, an id a file gave a record) to the record's id, so that a
        file's records can refer to each other by the file's ids."""
        now = self.clock.now()
        row = spec.model(created_at=now, updated_at=now, version=1)
        self._assign(session, spec, row, values, adding=True, file_ids=file_ids)
        scope = scope_of(session, spec, row)
        check_write(self.principal, spec, scope, set(values))
        session.add(row)
        session.flush()
        view = self._view(session, spec, row)
        self._log(session, "add", view, None, scope.partnership)
        return view

    def update(
        self,
        kind: str,
        ident: int | str,
        values: Mapping[str, object],
        *,
        version: int | None = None,
    ) -> RecordView:
        """Change fields of a record. ``version`` is the version the change was based on: if
        someone changed the record since, nothing is saved (:class:`RecordConflictError`)."""
        spec = record_kind(kind)
        with self._writing(spec) as session:
            row = self._row(session, spec, ident)
            check_write(self.principal, spec, scope_of(session, spec, row), set(values))
            self._check_version(session, spec, row, version)
            before = self._view(session, spec, row)
            self._assign(session, spec, row, values, adding=False)
            scope = scope_of(session, spec, row)  # it may not move where it may not be made
            check_write(self.principal, spec, scope, set(values))
            row.updated_at = self.clock.now()
            session.flush()
            after = self._view(session, spec, row)
            self._log(session, "update", after, before, scope.partnership)
            return after

    def delete(self, kind: str, ident: int | str, *, version: int | None = None) -> RecordView:
        """Delete a record (and the records that belong to it). Returns it as it was."""
        spec = record_kind(kind)
        with self._writing(spec) as session:
            row = self._row(session, spec, ident)
            scope = scope_of(session, spec, row)
            check_write(self.principal, spec, scope, {f.name for f in spec.fields})
            self._check_version(session, spec, row, version)
            before = self._view(session, spec, row)
            session.delete(row)
            session.flush()
            self._log(session, "delete", None, before, scope.partnership)
            return before

    # -- internals ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, spec: Kind) -> Iterator[Session]:
        """A write session in one transaction, its database errors as records errors."""
        with self._writing(spec) as session:
            yield session

    @contextmanager
    def _writing(self, spec: Kind) -> Iterator[Session]:
        try:
            with self.session(write=True) as session:
                yield session
        except StaleDataError:
            raise RecordConflictError(
                f"The {spec.key} was changed or deleted by someone else while this change was "
                "being saved; nothing was saved.",
                hint=Hint("reload-record", "Read the record again and make the change again."),
            ) from None
        except IntegrityError as exc:
            raise _integrity(spec, exc) from None

    def _check_version(
        self, session: Session, spec: Kind, row: Record, version: int | None
    ) -> None:
        if version is None or row.version == version:
            return
        last = session.scalars(
            select(Change)
            .where(Change.kind == spec.key, Change.record_id == row.id)
            .order_by(Change.id.desc())
            .limit(1)
        ).first()
        who = f" by {last.actor} at {last.at:%Y-%m-%d %H:%M}" if last else ""
        raise RecordConflictError(
            f"{spec.key} {_label(spec, row)} was changed{who} since you read it (you had "
            f"version {version}; it is now version {row.version}); nothing was saved.",
            hint=Hint(
                "reload-record",
                f"Read the record again, check the other change, and make yours again on "
                f"version {row.version}.",
            ),
        )

    def _find(self, session: Session, spec: Kind, ident: int | str) -> int:
        """A record's id: the id given (the record may since have been deleted), or the id of
        the record with the key given."""
        return int(ident) if _is_id(ident) else self._row(session, spec, ident).id

    def _row(self, session: Session, spec: Kind, ident: int | str) -> Record:
        found: Record | None = None
        if _is_id(ident):
            found = session.get(spec.model, int(ident))
        if found is None and spec.natural_key is not None:
            column = getattr(spec.model, spec.natural_key)
            found = session.scalars(select(spec.model).where(column == str(ident))).first()
        if found is None:
            by = f"id or {spec.natural_key}" if spec.natural_key else "id"
            raise RecordNotFoundError(
                f"There is no {spec.key} with {by} '{ident}'.",
                hint=Hint("list-records", f"List the {spec.key} records to find it."),
            )
        return found

    def _stored(
        self,
        session: Session,
        spec_field: Field,
        value: object,
        kind: str,
        file_ids: Mapping[tuple[str, str], int] | None = None,
    ) -> object:
        try:
            converted = convert(spec_field, value)
        except FieldValueError as exc:
            raise RecordValueError(f"The {kind} cannot take these values:", (str(exc),)) from None
        if spec_field.type == "ref" and converted is not None:
            target = KINDS[spec_field.refers_to or ""]
            if file_ids is not None:
                found = file_ids.get((target.key, str(converted)))
                if found is not None:
                    return found
                if target.natural_key is None:
                    raise RecordValueError(
                        f"The {kind} cannot take these values:",
                        (f"{spec_field.name}: no {target.key} with id {converted} in the file",),
                    )
            try:
                return self._row(session, target, converted).id  # type: ignore[arg-type]
            except RecordNotFoundError as exc:
                raise RecordValueError(
                    f"The {kind} cannot take these values:", (f"{spec_field.name}: {exc}",)
                ) from None
        return converted

    def _assign(
        self,
        session: Session,
        spec: Kind,
        row: Record,
        values: Mapping[str, object],
        *,
        adding: bool,
        file_ids: Mapping[tuple[str, str], int] | None = None,
    ) -> None:
        problems: list[str] = []
        refused: set[str] = set()
        for name, value in values.items():
            try:
                spec_field = spec.field(name)
            except RecordNotFoundError as exc:
                problems.append(str(exc))
                continue
            try:
                stored = self._stored(session, spec_field, value, spec.key, file_ids)
            except RecordValueError as exc:
                problems.extend(exc.problems)
                refused.add(name)
                continue
            setattr(row, spec_field.column, stored)
        if adding:
            for spec_field in spec.fields:
                missing = getattr(row, spec_field.column) is None
                if spec_field.required and missing and spec_field.name not in refused:
                    meaning = spec_field.help.rstrip(".")
                    problems.append(
                        f"{spec_field.name}: required ({meaning[:1].lower()}{meaning[1:]})"
                    )
        if not problems:
            problems.extend(check_record(spec.key, _raw_values(spec, row)))
        if problems:
            raise RecordValueError(
                f"The {spec.key} was not saved:",
                tuple(problems),
                hint=Hint("retry", "Correct the values listed and try again."),
            )

    def _view(self, session: Session, spec: Kind, row: Record) -> RecordView:
        values: dict[str, object] = {}
        for spec_field in spec.fields:
            value = getattr(row, spec_field.column)
            if spec_field.type == "ref" and value is not None:
                target = KINDS[spec_field.refers_to or ""]
                if target.natural_key is not None:
                    other = session.get(target.model, value)
                    value = getattr(other, target.natural_key) if other is not None else value
            values[spec_field.name] = value
        return RecordView(
            kind=spec.key,
            id=row.id,
            version=row.version,
            label=_label(spec, row),
            values=MappingProxyType(values),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def _log(
        self,
        session: Session,
        action: str,
        after: RecordView | None,
        before: RecordView | None,
        partnership: str | None,
    ) -> None:
        view = after or before
        assert view is not None
        self.log_change(
            session,
            action,
            view.kind,
            view.id,
            view.label,
            _json(before),
            _json(after),
            partnership=partnership,
        )

    def log_change(
        self,
        session: Session,
        action: str,
        kind: str,
        record_id: int,
        label: str,
        before: str | None,
        after: str | None,
        *,
        partnership: str | None = None,
    ) -> None:
        """Write one change, by the actor, now, to the history in ``session`` (the values
        before and after as JSON, None for an add or a delete)."""
        session.add(
            Change(
                at=self.clock.now(),
                actor=self.actor,
                action=action,
                kind=kind,
                record_id=record_id,
                label=label[:300],
                partnership=partnership,
                before=before,
                after=after,
            )
        )


def financial_year_span(year: str) -> tuple[str, date, date]:
    """A financial year's label, first day and last day, or an error for anything else.

    >>> financial_year_span("2024/25")
    ('2024/25', datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    """
    from saferinsight.core.months import month_end
    from saferinsight.core.periods import parse_period

    period = parse_period(year, option="year")
    if period.kind != "financial-year":
        raise OptionError("year", f"must be a financial year such as 2024/25, not {year!r}.")
    return period.label, period.start, month_end(period.end)


def find_partnership(session: Session, key: str | None) -> Partnership:
    """The partnership with ``key``; with no key, the only one the records hold."""
    if key is not None:
        found = session.scalars(select(Partnership).where(Partnership.key == key)).first()
        if found is None:
            known = session.scalars(select(Partnership.key).order_by(Partnership.key)).all()
            raise RecordNotFoundError(
                f"There is no partnership '{key}'"
                + (f"; the records hold {', '.join(known)}." if known else "; there is none."),
                hint=Hint("list-records", "List the partnerships to find its key."),
            )
        return found
    every = session.scalars(select(Partnership).order_by(Partnership.key)).all()
    if len(every) == 1:
        return every[0]
    raise RecordNotFoundError(
        "The records hold no partnership yet."
        if not every
        else f"The records hold several partnerships ({', '.join(p.key for p in every)}); "
        "say which.",
        hint=Hint("list-records", "Add the partnership, or name one of those listed."),
    )


def _between(query: Select[Any], column: Any, since: date | None, until: date | None) -> Any:
    """``query`` limited to rows whose ``column`` falls on day ``since`` or later and on day
    ``until`` or earlier."""
    if since is not None:
        query = query.where(column >= datetime(since.year, since.month, since.day))
    if until is not None:
        end = datetime(until.year, until.month, until.day) + timedelta(days=1)
        query = query.where(column < end)
    return query


def _is_id(ident: int | str) -> bool:
    # ASCII digits only ("²".isdigit()), and within SQLite's INTEGER (else OverflowError)
    digits = isinstance(ident, str) and ident.isascii() and ident.isdigit()
    return (isinstance(ident, int) or digits) and 0 <= int(ident) < 2**63


def _label(spec: Kind, row: Record) -> str:
    names = {f.column for f in spec.fields}
    for name in _LABEL_FIELDS:
        if name in names and getattr(row, name) not in (None, ""):
            text = str(getattr(row, name))
            return text if len(text) <= 60 else text[:57] + "..."
    return f"{spec.key} {row.id}"


def _raw_values(spec: Kind, row: Record) -> dict[str, object]:
    return {f.name: getattr(row, f.column) for f in spec.fields}


def _json(view: RecordView | None) -> str | None:
    if view is None:
        return None
    return json.dumps(
        {"version": view.version, **{k: shown(v) for k, v in view.values.items()}},
        sort_keys=True,
    )


def history_entry(change: Change) -> HistoryEntry:
    """A stored change as read (its values before and after, and what differs)."""
    return _entry(change)


def _entry(change: Change) -> HistoryEntry:
    before = json.loads(change.before) if change.before else None
    after = json.loads(change.after) if change.after else None
    changes: tuple[tuple[str, object, object], ...] = ()
    if before is not None and after is not None:
        changes = tuple(
            (name, before.get(name), after.get(name))
            for name in after
            if name != "version" and before.get(name) != after.get(name)
        )
    return HistoryEntry(
        id=change.id,
        at=change.at,
        actor=change.actor,
        action=change.action,
        kind=change.kind,
        record_id=change.record_id,
        label=change.label,
        before=MappingProxyType(before) if before is not None else None,
        after=MappingProxyType(after) if after is not None else None,
        changes=changes,
        partnership=change.partnership,
    )


def _integrity(spec: Kind, exc: IntegrityError) -> RecordValueError:
    reason = str(exc.orig).lower()
    if "unique" in reason or "duplicate" in reason:
        problem = "another record already has this key (or this combination of fields)"
    elif "foreign key" in reason:
        problem = "other records still refer to it, or it refers to a record that is not there"
    else:
        problem = str(exc.orig).splitlines()[0]
    return RecordValueError(
        f"The {spec.key} was not saved: {problem}.",
        hint=Hint("retry", "Give a different key, or change the records that refer to it."),
    )
