"""Errors raised by Safer Insight, and the hints that say what to do next.

Every error a user can cause derives from :class:`AppError`. Its message says what happened in
words that suit every surface (the command line, the web application, a notebook): it names no
command, flag or button. Its :class:`Hint`, when it has one, says what to do next as data: an
action from :data:`ACTIONS` (a library operation, by a stable key), the library options to give
it, and a plain sentence. Each surface turns the hint into its own advice; the CLI prints
``Error: <message>`` and ``Hint: <sentence>: run 'safer rebuild'`` (``--debug`` shows the
traceback instead). :class:`OptionError` also names the library option (``alpha``,
``spc_baseline``) whose value was refused, so that a surface can point at its own flag or field.

Hierarchy::

    Exception
    ├── AppError                      a problem the user can fix: message + optional Hint
    │   ├── WorkspaceError            the workspace folder or its warehouse cannot be used
    │   │   ├── DamagedWarehouseError the warehouse file cannot be opened (rebuild recreates it)
    │   │   ├── WorkspaceBusyError    another process is writing to the workspace (``holder``)
    │   │   └── StorageError          the disk is full, or the folder cannot be written to
    │   ├── InputFileError            a file given to load cannot be read as what it claims
    │   │   ├── HeaderError           a CSV header is not the one its format requires
    │   │   ├── FileFormatError       a file's encoding or line endings, or a row that stops
    │   │   │                         the CSV reader, keep it from being read at all
    │   │   ├── RefusedLoadError      loading the file would lose data already loaded
    │   │   ├── FileNameError         a police.uk file's name contradicts its rows, or names
    │   │   │                         no police.uk force or month
    │   │   ├── OverlapError          a partner file repeats rows another provider sent
    │   │   │                         (``overlaps``); loading it would count them twice
    │   │   └── DatasetValidationError  a partner file has problems; nothing was loaded
    │   ├── AreaError                 an area name or code matches nothing, or several areas
    │   ├── QueryError                a query's options are inconsistent or name no data
    │   │   └── OptionError           one option has a value it cannot take (``option``)
    │   ├── SettingsError             a setting (environment variable) has a value it cannot take
    │   ├── DisclosureError           a public report still holds disclosive numbers; not written
    │   ├── PermissionDeniedError     the acting person may not do what was asked
    │   ├── RecordsError              the governance records cannot do what was asked
    │   │   ├── RecordsDatabaseError  the records database cannot be opened or upgraded
    │   │   ├── RecordNotFoundError   no record (or kind, or field) of that name
    │   │   ├── RecordValueError      values a record cannot take (``problems`` lists each)
    │   │   └── RecordConflictError   the record changed since it was read; nothing was saved
    │   └── ExternalReferenceError    a report's HTML refers to something outside itself
    └── ValueError
        ├── CellError                 internal: a spreadsheet cell that does not hold what its
        │                             column requires; validation turns it into a problem row
        ├── CsvScanError              internal: the CSV reader stopped on a file instead of
        │                             rejecting a row; the ingest names the file and line
        └── FieldValueError           internal: a value a record's field cannot take; the
                                      records service reports it with its record

Examples
--------
>>> error = OptionError(
...     "alpha",
...     "must be between 0 and 1, not 2.",
...     hint=Hint("retry", "Give a significance level such as 0.05.", options={"alpha": 0.05}),
... )
>>> str(error)
'alpha must be between 0 and 1, not 2.'
>>> error.message_for("--alpha")
'--alpha must be between 0 and 1, not 2.'
>>> error.hint.action, dict(error.hint.options)
('retry', {'alpha': 0.05})
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from saferinsight.datasets.schema import Dataset
    from saferinsight.datasets.validate import Problem

#: Every action a :class:`Hint` can name: key -> the library operation it stands for. Each
#: surface maps every key to its own advice (the CLI's table is ``cli.advice.HINT_COMMANDS``).
ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "retry": "the operation that failed, again, with the hint's options",
        "rebuild": "recreate the warehouse from the raw files kept in the workspace "
        "(saferinsight.ingest.rebuild.rebuild)",
        "restore-raw-files": "put back the workspace's raw files from a backup, then rebuild",
        "choose-workspace": "use another workspace folder, or create this one by loading data",
        "build-demo": "build the demo workspace (saferinsight.generate.demo.build_demo)",
        "wait": "wait until another operation on the workspace has finished, then retry",
        "ingest-police-uk": "load police.uk files (saferinsight.ingest.police_uk)",
        "ingest-population": "load an ONS mid-year population estimates workbook "
        "(saferinsight.ingest.geography.ingest_population)",
        "ingest-dataset": "load a partner dataset file (saferinsight.ingest.datasets)",
        "list-datasets": "see the partner datasets (saferinsight.datasets.catalogue.DATASETS)",
        "write-template": "write a partner dataset's template (saferinsight.datasets.templates)",
        "list-rejects": "see the rows that were not loaded "
        "(saferinsight.workspace.status.list_rejects)",
        "change-setting": "give a setting another value (its environment variable)",
        "reload-record": "read the record again and make the change to its latest version "
        "(saferinsight.records.service.Records.get)",
        "list-records": "see the records of a kind (saferinsight.records.service.Records.list)",
        "ask-administrator": "ask an administrator of the partnership for the access needed",
        "upgrade-records": "upgrade the records database to this release's schema "
        "(saferinsight.records.database.upgrade_records)",
    }
)


@dataclass(frozen=True)
class Hint:
    """What to do next, in terms every surface can show.

    Attributes
    ----------
    action
        A key of :data:`ACTIONS`: the library operation to run next.
    text
        One plain sentence for a person, naming no command, flag or button.
    options
        Library option name -> suggested value for that operation, e.g. ``{"accept_valid":
        True}`` or ``{"encoding": "latin-1"}``. Read-only.
    """

    action: str
    text: str
    options: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown hint action {self.action!r}; add it to errors.ACTIONS")
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    def __hash__(self) -> int:
        return hash((self.action, self.text, tuple(self.options.items())))

    def __reduce__(self) -> tuple[Any, ...]:  # a read-only mapping does not pickle
        return Hint, (self.action, self.text, dict(self.options))

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        return {"action": self.action, "text": self.text, "options": dict(self.options)}


def _restore(cls: type[AppError], args: tuple[Any, ...], state: dict[str, Any]) -> AppError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class AppError(Exception):
    """A problem the user can fix: ``str(error)`` says what happened, ``hint`` what to do."""

    def __init__(self, message: str, *, hint: Hint | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[Any, ...]:  # errors cross process boundaries (report workers)
        return _restore, (type(self), self.args, self.__dict__)

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data: the error's class, message, hint and (for options) option."""
        data: dict[str, Any] = {"error": type(self).__name__, "message": str(self)}
        data["hint"] = self.hint.to_dict() if self.hint else None
        if isinstance(self, OptionError):
            data["option"] = self.option
        return data


class WorkspaceError(AppError):
    """The workspace folder or its warehouse cannot be used."""


class DamagedWarehouseError(WorkspaceError):
    """The warehouse file cannot be opened; it can be recreated from the raw files."""


class WorkspaceBusyError(WorkspaceError):
    """Another process holds the workspace's write lock; ``holder`` says which, if known."""

    def __init__(self, message: str, *, holder: object = None, hint: Hint | None = None) -> None:
        super().__init__(message, hint=hint)
        self.holder = holder


class StorageError(WorkspaceError):
    """The disk is full, or a folder is read-only or not writable; nothing was changed."""


#: errno values that mean the storage, not the program, refused a write.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def storage_error(exc: OSError, folder: Path) -> StorageError | None:
    """The :class:`StorageError` an OSError from writing in ``folder`` means, or None if it is
    not a storage fault."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in DISK_FULL:
        return StorageError(
            f"the disk holding {folder} is full{where}; nothing was changed. Free space on "
            "that disk (or move the workspace to a larger one) and run the command again."
        )
    if exc.errno in NOT_WRITABLE:
        return StorageError(
            f"{folder} cannot be written to: {exc.strerror or 'permission denied'}{where}; "
            "nothing was changed. Make the folder writable (or mounted read-write) for this "
            "user, or use a workspace in a folder you can write to."
        )
    return None


class InputFileError(AppError):
    """A file given to load cannot be read as what it claims to be."""


class RefusedLoadError(InputFileError):
    """A file was refused because loading it would lose data: a replacement much smaller than
    the file it replaces, or lines that were neither loaded nor rejected."""


class FileNameError(InputFileError):
    """A police.uk file's name says a force or month its rows contradict, or names a force or
    month that does not exist; the name decides where the rows are counted, so such a file is
    refused."""


class OverlapError(InputFileError):
    """A partner file repeats rows (same key) that another provider already sent; loading it
    would count them twice. ``overlaps`` lists each row and the row it repeats."""

    def __init__(self, message: str, *, overlaps: tuple[object, ...], hint: Hint | None = None):
        super().__init__(message, hint=hint)
        self.overlaps = overlaps


class FileFormatError(InputFileError):
    """A file cannot be read row by row at all: an encoding it is not in (UTF-16 read as UTF-8),
    line endings the reader cannot follow, or a row that stops the CSV reader."""


class HeaderError(InputFileError):
    """A CSV file's header is not the header its format requires."""


class AreaError(AppError):
    """An area name or code matches no area, or several."""


class QueryError(AppError):
    """A query's options are inconsistent, or name data that is not loaded."""


class OptionError(QueryError):
    """One option of a library function has a value it cannot take.

    ``option`` is the library's parameter name (``alpha``, ``spc_baseline``, ``period``);
    ``problem`` is the rest of the message, which says what the option accepts. The message is
    ``f"{option} {problem}"``; :meth:`message_for` puts a surface's own name for the option
    (a flag, a form field) in its place.
    """

    def __init__(self, option: str, problem: str, *, hint: Hint | None = None) -> None:
        super().__init__(f"{option} {problem}", hint=hint)
        self.option = option
        self.problem = problem

    def message_for(self, name: str) -> str:
        """The message with the option called ``name``."""
        return f"{name} {self.problem}"


class SettingsError(AppError):
    """A setting given a value it cannot take."""


class DisclosureError(AppError):
    """A public report still contains disclosive numbers; it was not written."""


class PermissionDeniedError(AppError):
    """The acting person's role does not allow what was asked."""


class RecordsError(AppError):
    """The governance records cannot do what was asked."""


class RecordsDatabaseError(RecordsError):
    """The records database cannot be opened, or is at a schema this release does not know."""


class RecordNotFoundError(RecordsError):
    """No record, kind of record or field has the name given."""


class RecordValueError(RecordsError):
    """Values a record cannot take. ``problems`` lists every one (where, what, and the fix);
    nothing was saved."""

    def __init__(self, message: str, problems: tuple[str, ...] = (), *, hint: Hint | None = None):
        listed = "".join(f"\n  {p}" for p in problems[:SHOWN_PROBLEMS])
        more = (
            f"\n  ... and {len(problems) - SHOWN_PROBLEMS} more"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        super().__init__(message + listed + more, hint=hint)
        self.problems = problems


class RecordConflictError(RecordsError):
    """Someone changed (or deleted) the record since it was read; nothing was saved."""


class ExternalReferenceError(AppError):
    """The report's HTML refers to something outside itself."""


#: How many problems a :class:`DatasetValidationError` message lists.
SHOWN_PROBLEMS = 20


class DatasetValidationError(InputFileError):
    """A partner file has problems; nothing was loaded. ``problems`` lists every one."""

    def __init__(
        self, path: Path, dataset: Dataset, problems: tuple[Problem, ...], rows: int
    ) -> None:
        self.path = path
        self.dataset = dataset
        self.problems = problems
        self.rows = rows
        bad_rows = len({p.row for p in problems})
        valid = rows - bad_rows
        listed = "\n".join(f"  {p.message()}" for p in problems[:SHOWN_PROBLEMS])
        more = (
            f"\n  ... and {len(problems) - SHOWN_PROBLEMS} more"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        super().__init__(
            f"{path.name}: {len(problems)} problem(s) in {bad_rows} of {rows} rows; nothing "
            f"was loaded.\n{listed}{more}",
            hint=Hint(
                "retry",
                f"Correct the file and load it again, or load its {valid} valid "
                f"row{'' if valid == 1 else 's'} and keep the rejected ones listed with the "
                "version.",
                options={"accept_valid": True},
            ),
        )


class CellError(ValueError):
    """A cell that does not hold what its column requires (internal: validation reports it as
    a problem of its row, with the fix)."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem}; {fix}")
        self.problem = problem
        self.fix = fix


class FieldValueError(ValueError):
    """A value a record's field cannot take (internal: the records service lists it, with its
    field and the fix, in a :class:`RecordValueError`)."""


class CsvScanError(ValueError):
    """The CSV reader stopped on one of ``paths`` instead of rejecting a row (internal: the
    ingest finds the file and line, and raises a :class:`FileFormatError`)."""

    def __init__(self, paths: list[str], reason: str) -> None:
        super().__init__(reason)
        self.paths = paths
        self.reason = reason
