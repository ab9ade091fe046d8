"""Errors raised by Safer Insight.

Every error a user can cause derives from :class:`AppError`; its message says what happened and
what to do next. The CLI prints the message without a traceback (``--debug`` shows it).

Hierarchy::

    AppError
    ├── WorkspaceError        the workspace folder or its warehouse cannot be used
    │   ├── DamagedWarehouseError  the warehouse file cannot be opened (``safer rebuild``)
    │   └── WorkspaceBusyError     another process is writing to the workspace
    ├── InputFileError        a file given to a command cannot be read as what it claims to be
    │   └── HeaderError       a CSV header is not the one the format requires
    ├── AreaError             an area name or code matches nothing, or more than one area
    └── QueryError            a query's options are inconsistent (bad month, unknown column)
"""

from __future__ import annotations


class AppError(Exception):
    """A problem the user can fix; the message names it and the fix."""


class WorkspaceError(AppError):
    """The workspace folder or its warehouse cannot be used."""


class DamagedWarehouseError(WorkspaceError):
    """The warehouse file cannot be opened; it can be recreated from the raw files."""


class WorkspaceBusyError(WorkspaceError):
    """Another process holds the workspace's write lock; ``holder`` says which, if known."""

    def __init__(self, message: str, *, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder


class InputFileError(AppError):
    """A file given to a command cannot be read as what it claims to be."""


class HeaderError(InputFileError):
    """A CSV file's header is not the header its format requires."""


class AreaError(AppError):
    """An area name or code matches no area, or several."""


class QueryError(AppError):
    """A query's options are inconsistent."""
