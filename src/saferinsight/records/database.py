"""The records database: where it is, opening it, and upgrading it to this release's schema.

By default the records are an SQLite file in the workspace (``records.sqlite``, write-ahead
logging and foreign keys on); ``SAFER_DATABASE_URL`` names a PostgreSQL database instead, for a
server the whole partnership signs in to. The schema is managed by the Alembic migrations
shipped in this package: the database upgrades itself when first opened by a release with newer
migrations, one process at a time, and :func:`upgrade_records` does it on request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from saferinsight.errors import Hint, RecordsDatabaseError

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

__all__ = [
    "Upgrade",
    "database_label",
    "head_revision",
    "records_url",
    "upgrade_records",
    "upgrade_url",
]

_MIGRATIONS = Path(__file__).parent / "migrations"
#: Any number, the same in every process: the PostgreSQL advisory lock migrations hold.
_PG_MIGRATION_LOCK = 7_310_412_025
_engines: dict[str, Engine] = {}
_ready: set[str] = set()
_guard = threading.Lock()


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did: the schema revision before (None for a new database) and after."""

    database: str
    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        """Whether any migration ran."""
        return self.before != self.after


def records_url(workspace: Workspace) -> str:
    """The records database's URL: ``SAFER_DATABASE_URL``, or the workspace's SQLite file."""
    if workspace.settings.database_url:
        return workspace.settings.database_url
    return f"sqlite:///{workspace.records_path}"


def database_label(url: str) -> str:
    """The URL without its password, fit to print (an SQLite file as its path).

    >>> database_label("postgresql://safer:secret@db.example/records")
    'postgresql://safer@db.example/records'
    >>> database_label("sqlite:////srv/ws/records.sqlite")
    '/srv/ws/records.sqlite'
    """
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


def _driver_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # Writers take the write lock when they begin, so that a read-then-write transaction
    # never fails to upgrade its lock; readers begin deferred.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def engine(url: str) -> Engine:
    """The process's engine for ``url``, created on first use (internal: not a public type)."""
    with _guard:
        found = _engines.get(url)
        if found is not None:
            return found
        if url.startswith("sqlite"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            made = create_engine(url, connect_args={"isolation_level": None, "timeout": 30})
            event.listen(made, "connect", _sqlite_connect)
            event.listen(made, "begin", _sqlite_begin)
        else:
            made = create_engine(_driver_url(url), pool_pre_ping=True)
        _engines[url] = made
        return made


def dispose_engines() -> None:
    """Close every pooled connection (tests, and a process about to fork)."""
    with _guard:
        for made in _engines.values():
            made.dispose()
        _engines.clear()
        _ready.clear()


def head_revision() -> str:
    """The newest schema revision this release ships."""
    return _script().get_current_head() or ""


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(_MIGRATIONS))


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(url: str, connection: Connection) -> Iterator[None]:
    if url.startswith("sqlite"):
        with FileLock(url.removeprefix("sqlite:///") + ".migrate.lock"):
            yield
    else:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK})


def upgrade_url(url: str, *, to: str = "head") -> Upgrade:
    """Upgrade the database at ``url`` to revision ``to`` (the newest by default)."""
    from alembic import command
    from alembic.config import Config

    try:
        with engine(url).connect() as connection:
            connection.commit()
            with _migration_lock(url, connection):
                before = _current(connection)
                connection.commit()
                config = Config()
                config.set_main_option("script_location", str(_MIGRATIONS))
                config.attributes["connection"] = connection
                command.upgrade(config, to)
                connection.commit()
                after = _current(connection) or ""
                connection.commit()
    except OperationalError as exc:
        raise _unreachable(url, exc) from None
    if to == "head":
        _ready.add(url)
    return Upgrade(database_label(url), before, after)


def upgrade_records(workspace: Workspace) -> Upgrade:
    """Upgrade the workspace's records database to this release's schema.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from saferinsight.workspace import Workspace
    >>> done = upgrade_records(Workspace(Path(tempfile.mkdtemp())))
    >>> done.before is None, done.after == head_revision(), done.changed
    (True, True, True)
    """
    return upgrade_url(records_url(workspace))


def ready_engine(url: str) -> Engine:
    """The engine for ``url``, its database upgraded to this release's schema first if needed."""
    if url not in _ready:
        made = engine(url)
        try:
            with made.connect() as connection:
                current = _current(connection)
        except OperationalError as exc:
            raise _unreachable(url, exc) from None
        head = head_revision()
        if current != head:
            known = {rev.revision for rev in _script().walk_revisions()}
            if current is not None and current not in known:
                raise RecordsDatabaseError(
                    f"The records database {database_label(url)} is at schema revision "
                    f"{current}, which this release does not know: it was upgraded by a newer "
                    "release of Safer Insight.",
                    hint=Hint("retry", "Use the newer release with this database."),
                )
            upgrade_url(url)
        _ready.add(url)
    return engine(url)


def _unreachable(url: str, exc: SQLAlchemyError) -> RecordsDatabaseError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return RecordsDatabaseError(
        f"The records database {database_label(url)} cannot be opened: {reason}.",
        hint=Hint(
            "change-setting",
            "Check that the database server is running and the URL (user, password, host, "
            "database) is right, or unset it to use the workspace's own records file.",
            options={"database_url": None},
        ),
    )
