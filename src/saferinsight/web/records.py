"""The records as the person asking may see them."""

from __future__ import annotations

from saferinsight.records.permissions import LOCAL, Principal
from saferinsight.records.service import Records
from saferinsight.workspace import Workspace

__all__ = ["records_as", "records_for"]


def records_for(workspace: Workspace, actor: str) -> Records:
    """The records for the application itself (accounts and sign-ins), acting as ``actor``."""
    return Records(workspace, actor=actor, principal=LOCAL)


def records_as(workspace: Workspace, who: Principal) -> Records:
    """The records as ``who`` may read and change them, changes written in their name."""
    return Records(workspace, actor=who.name, principal=who)
