"""The records' tables (SQLAlchemy 2.0 typed ORM), one module per domain.

Every table carries an ``id``, a ``version`` that SQLAlchemy checks on every update and delete
(optimistic concurrency: an edit based on an older version is refused, not lost) and the times
it was created and last changed. Columns carry their documentation in ``info``: ``help`` (what
the field means, for templates and ``--help``), ``codes`` (the code list it takes, from
:mod:`saferinsight.records.codes`) and ``example``. The record kinds of :mod:`..kinds` are read
from these declarations, so a field is declared once.
"""

from saferinsight.records.tables import accounts, jobs, plans, resources, reviews, structure
from saferinsight.records.tables.base import Access, Base, Change

__all__ = [
    "Access",
    "Base",
    "Change",
    "accounts",
    "jobs",
    "plans",
    "resources",
    "reviews",
    "structure",
]
