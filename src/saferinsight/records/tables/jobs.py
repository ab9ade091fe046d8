"""The persisted work queue of the web application and the partner files staged for loading.

Not kinds of record: the jobs library (:mod:`saferinsight.jobs`) is the only way to change
them. A job is long work started from the web (a report, the load of an accepted upload) that
a worker runs in the background, inside ``safer serve`` or in a ``safer jobs run`` process; an
upload is a partner file as an agency sent it, validated and kept aside until someone accepts
(it is then loaded by a job) or cancels it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from saferinsight.records.tables.base import Base

__all__ = ["Job", "Upload"]


class Job(Base):
    """One piece of background work: what, for which partnership, by whom, and how far."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    partnership: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    #: The agency whose data the job touches (an upload's load), if any.
    agency: Mapped[str | None] = mapped_column(String(200), nullable=True)
    params: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    #: queued, running, done or failed.
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    stage: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    submitted_by: Mapped[str] = mapped_column(String(200), nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: When the worker last said it was alive (a job whose worker fell silent is taken back).
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: host:process:thread of the worker running it.
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: What it made, as JSON (a report's files and the data version it read).
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Upload(Base):
    """A partner file received through the web, validated, awaiting a decision."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    #: The agency that sent it: the provider of the dataset version it becomes.
    agency: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    dataset: Mapped[str] = mapped_column(String(80), nullable=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Where the staged file is, relative to the workspace (removed once decided).
    stored: Mapped[str] = mapped_column(String(500), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    area: Mapped[str | None] = mapped_column(String(200), nullable=True)
    period: Mapped[str | None] = mapped_column(String(20), nullable=True)
    #: staged, loading, loaded, cancelled or failed.
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    valid_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: Every problem found, as JSON: [[row, column, value, problem, fix], ...].
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    uploaded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
