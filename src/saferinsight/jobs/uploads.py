"""Partner files sent through the web: staged, validated, then accepted (loaded by a job) or
cancelled. Nothing reaches the warehouse until someone accepts; a load that fails changes
nothing (the workspace's load protocol), and the upload says why.

An agency contributor uploads for their own agency only (the upload's provider is their
agency) and sees only their agency's uploads; analysts and administrators see every upload of
their partnership. Children's and adults' safeguarding datasets need the grants of the same
names, to upload or to see an upload. Every upload, acceptance and cancellation is written to
the history. A large file is validated by a job, as its load is.

The file is checked before it is read: a CSV or an Excel workbook (``.xlsx``) by its name and
its first bytes, at most :data:`UPLOAD_LIMIT` bytes.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import select

from saferinsight.datasets.validate import Problem
from saferinsight.errors import AppError, Hint, InputFileError, OptionError, RecordNotFoundError
from saferinsight.jobs.queue import JobQueue, JobView, Progress
from saferinsight.records.permissions import Principal, can, denied
from saferinsight.records.service import Records
from saferinsight.records.tables.jobs import Upload
from saferinsight.workspace import Workspace

__all__ = [
    "CHECK_IN_BACKGROUND",
    "UPLOAD_LIMIT",
    "UploadView",
    "decide_upload",
    "get_upload",
    "list_uploads",
    "problems_csv",
    "run_check_job",
    "run_load_job",
    "stage_upload",
    "uploadable_datasets",
    "uploads_as_agency",
]

#: The largest partner file accepted (the web server refuses larger requests before reading).
UPLOAD_LIMIT = 20 * 1024 * 1024
#: Files larger than this are validated by a background job rather than while the page waits
#: (a 6.4 MB file of 59,000 records takes 3 s on the development machine, a 20 MB one ~10 s).
CHECK_IN_BACKGROUND = 512 * 1024
_TYPES = {".csv": "a CSV file", ".xlsx": "an Excel workbook (.xlsx)"}
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadView:
    """A staged upload and what became of it."""

    id: int
    partnership: str
    agency: str
    dataset: str
    file_name: str
    size: int
    area: str | None
    period: str | None
    status: str
    rows: int
    valid_rows: int
    problems: tuple[Problem, ...]
    uploaded_by: str
    uploaded_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    job_id: int | None
    version_id: int | None
    message: str | None

    @property
    def acceptable(self) -> bool:
        """Whether it may still be accepted: staged, with at least one valid row."""
        return self.status == "staged" and self.valid_rows > 0


def stage_upload(
    workspace: Workspace,
    who: Principal,
    partnership: str,
    *,
    dataset: str,
    file_name: str,
    data: bytes,
    agency: str | None = None,
    area: str | None = None,
    period: str | None = None,
    background: bool = False,
) -> UploadView:
    """Keep a partner file aside and validate it, listing every problem; nothing is loaded.

    ``agency`` is who sent it (an agency contributor's own agency, whatever is given). With
    ``background``, the file is validated by a job (a large file takes a while): the upload is
    ``checking`` until it has run.
    """
    from saferinsight.datasets.catalogue import get_dataset

    spec = get_dataset(dataset)
    own = uploads_as_agency(who, partnership) or ""
    if not can(who, "upload-data", partnership=partnership, agency=own, dataset=spec.name):
        raise denied(who, "upload-data", partnership)  # before asking who sent the file
    provider = _provider(who, partnership, agency)
    if not can(who, "upload-data", partnership=partnership, agency=provider, dataset=spec.name):
        raise denied(who, "upload-data", partnership)
    name = _check_file(file_name, data)
    folder = workspace.root / "uploads" / secrets.token_hex(8)
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    records = Records(workspace, actor=who.name, principal=who)
    with records.session(write=True) as session:
        upload = Upload(
            partnership=partnership,
            agency=provider,
            dataset=spec.name,
            file_name=name,
            stored=workspace.relative(path),
            size=len(data),
            sha256=sha256(data).hexdigest(),
            area=area or None,
            period=period or None,
            status="checking",
            rows=0,
            valid_rows=0,
            problems="[]",
            uploaded_by=who.name,
            uploaded_at=records.clock.now(),
        )
        session.add(upload)
        session.flush()
        label = f"{spec.name}: {name} from {provider}"
        records.log_change(
            session, "upload", "upload", upload.id, label, None, None, partnership=partnership
        )
        if background:
            queue = JobQueue(workspace, actor=who.name, principal=who)
            params = {"upload": upload.id}
            job = queue.submit_in(session, "check-upload", partnership, params, agency=provider)
            upload.job_id = job.id
        ident = upload.id
    if background:
        return get_upload(workspace, who, partnership, ident)
    return _validate(workspace, records, ident)


def _validate(workspace: Workspace, records: Records, upload_id: int) -> UploadView:
    """Check a staged file against its dataset and keep every problem with the upload."""
    from saferinsight.ingest.datasets import check_dataset_file

    with records.session() as session:
        upload = session.get(Upload, upload_id)
        if upload is None:
            raise RecordNotFoundError(f"There is no upload {upload_id}.")
    path = workspace.root / upload.stored
    problems: tuple[Problem, ...]
    try:
        table, validation = check_dataset_file(
            workspace, upload.dataset, path, area=upload.area, period=upload.period
        )
    except (InputFileError, OptionError) as error:
        problems, rows, valid = (_file_problem(error, str(path), upload.file_name),), 0, 0
    except BaseException:
        _settle(records, upload_id, "failed", message="The file could not be checked.")
        _remove(workspace, upload)
        raise
    else:
        problems, rows, valid = validation.problems, len(table.rows), len(validation.rows)
    with records.session(write=True) as session:
        found = session.get(Upload, upload_id)
        assert found is not None
        found.status, found.rows, found.valid_rows = "staged", rows, valid
        found.problems = json.dumps(
            [[p.row, p.column, p.value, p.problem, p.fix] for p in problems]
        )
        return _view(found)


def run_check_job(workspace: Workspace, job: JobView, progress: Progress) -> Mapping[str, Any]:
    """Validate an upload staged for checking in the background."""
    progress(10, "Checking the file")
    checked = _validate(
        workspace, Records(workspace, actor=job.submitted_by), int(job.params["upload"])
    )
    return {"upload": checked.id, "problems": len(checked.problems), "rows": checked.rows}


def problems_csv(upload: UploadView) -> bytes:
    """Every problem of an upload as a CSV file (row, column, value, problem, fix); a value
    that would be a spreadsheet formula is written as text.

    Examples
    --------
    >>> from datetime import datetime
    >>> found = Problem(3, "cohort", "=1+1", "'=1+1' is not a number", "write a number")
    >>> upload = UploadView(1, "sscp", "Police", "iom-reoffending", "iom.csv", 10, None, None,
    ...     "staged", 1, 0, (found,), "ann", datetime(2025, 1, 1), None, None, None, None, None)
    >>> print(problems_csv(upload).decode().splitlines()[1])
    3,cohort,'=1+1,'=1+1' is not a number,write a number
    """
    import csv
    import io

    from saferinsight.core.cells import safe_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "column", "value", "problem", "fix"])
    for p in upload.problems:
        writer.writerow([safe_cell(v) for v in (p.row, p.column, p.value, p.problem, p.fix)])
    return out.getvalue().encode("utf-8")


def list_uploads(
    workspace: Workspace, who: Principal, partnership: str, *, limit: int = 50
) -> tuple[UploadView, ...]:
    """The partnership's uploads ``who`` may see, newest first."""
    records = Records(workspace, actor=who.name, principal=who)
    with records.session() as session:
        query = (
            select(Upload)
            .where(Upload.partnership == partnership)
            .order_by(Upload.id.desc())
            .limit(limit)
        )
        return tuple(_view(u) for u in session.scalars(query) if _sees(who, u))


def get_upload(
    workspace: Workspace, who: Principal, partnership: str, upload_id: int
) -> UploadView:
    """One upload of ``partnership``, if ``who`` may see it (another agency's is refused)."""
    records = Records(workspace, actor=who.name, principal=who)
    with records.session() as session:
        return _view(_find(session, who, partnership, upload_id))


def decide_upload(
    workspace: Workspace, who: Principal, partnership: str, upload_id: int, *, accept: bool
) -> UploadView:
    """Accept a staged upload (its load is queued as a job) or cancel it (its file removed)."""
    records = Records(workspace, actor=who.name, principal=who)
    with records.session(write=True) as session:
        upload = _find(session, who, partnership, upload_id)
        if upload.status != "staged":
            state = f"already {upload.status}"
            if upload.status == "checking":
                state = "still being checked"
            raise OptionError(
                "upload",
                f"{upload.id} is {state}; nothing was changed.",
                hint=Hint("retry", "Upload the file again to load it."),
            )
        if accept and upload.valid_rows == 0:
            raise OptionError(
                "upload",
                "has no valid row to load; correct the file and upload it again.",
                hint=Hint("retry", "Correct the problems listed, then upload the file again."),
            )
        before = upload.status
        upload.decided_by, upload.decided_at = who.name, records.clock.now()
        if accept:
            job = JobQueue(workspace, actor=who.name, principal=who).submit_in(
                session, "load-upload", partnership, {"upload": upload.id}, agency=upload.agency
            )
            upload.status, upload.job_id = "loading", job.id
        else:
            upload.status = "cancelled"
            _remove(workspace, upload)
        records.log_change(
            session,
            "accept" if accept else "cancel",
            "upload",
            upload.id,
            f"{upload.dataset}: {upload.file_name} from {upload.agency}",
            json.dumps({"status": before}),
            json.dumps({"status": upload.status}),
            partnership=partnership,
        )
        return _view(upload)


def run_load_job(workspace: Workspace, job: JobView, progress: Progress) -> Mapping[str, Any]:
    """Load an accepted upload (its valid rows; the rejected ones are kept with their
    problems), and record on the upload what became of it."""
    from saferinsight.ingest.datasets import ingest_dataset

    records = Records(workspace, actor=job.submitted_by)
    with records.session() as session:
        upload = session.get(Upload, int(job.params["upload"]))
        if upload is None:
            raise RecordNotFoundError(f"There is no upload {job.params['upload']}.")
    progress(10, "Waiting for other loads to finish, then loading")
    try:
        loaded = ingest_dataset(
            workspace,
            upload.dataset,
            workspace.root / upload.stored,
            provider=upload.agency,
            area=upload.area,
            period=upload.period,
            accept_valid=True,
        )
    except AppError as error:
        _settle(records, upload.id, "failed", message=str(error))
        _remove(workspace, upload)  # a confidential file is not kept where nothing reads it
        raise
    message = (
        f"Loaded {loaded.rows_loaded} rows as version {loaded.version_id}."
        if loaded.status == "loaded"
        else f"This file was already loaded, as version {loaded.version_id}."
    )
    _settle(records, upload.id, "loaded", message=message, version_id=loaded.version_id)
    _remove(workspace, upload)
    return {"upload": upload.id, "version_id": loaded.version_id, "rows": loaded.rows_loaded}


def _settle(records: Records, upload_id: int, status: str, **values: Any) -> None:
    with records.session(write=True) as session:
        upload = session.get(Upload, upload_id)
        if upload is not None:
            upload.status = status
            for name, value in values.items():
                setattr(upload, name, value)


def uploads_as_agency(who: Principal, partnership: str) -> str | None:
    """The agency ``who`` uploads for in ``partnership``: an agency contributor's own (None
    for the roles that name the sending agency on each upload)."""
    grant = who.grant(partnership)
    return who.agency if grant is not None and grant.role == "agency-contributor" else None


def uploadable_datasets(who: Principal, partnership: str) -> tuple[tuple[str, str], ...]:
    """(name, title) of the partner datasets ``who`` may upload in ``partnership``."""
    from saferinsight.datasets.catalogue import DATASETS

    own = uploads_as_agency(who, partnership) or ""
    return tuple(
        (d.name, d.title)
        for d in DATASETS.values()
        if can(who, "upload-data", partnership=partnership, agency=own, dataset=d.name)
    )


def _provider(who: Principal, partnership: str, agency: str | None) -> str:
    own = uploads_as_agency(who, partnership)
    if own:
        return own
    if not (agency or "").strip():
        raise OptionError(
            "agency",
            "is required: name the agency that sent the file.",
            hint=Hint("retry", "Say who sent the file, for example West Mercia Police."),
        )
    return (agency or "").strip()[:200]


def _check_file(file_name: str, data: bytes) -> str:
    """The file's safe name, once its type and size are right."""
    name = re.sub(r"[^A-Za-z0-9._ -]+", "_", file_name.replace("\\", "/").rsplit("/", 1)[-1])
    name = name.strip(" .")[:200] or "upload"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in _TYPES:
        raise InputFileError(
            f"{name}: only CSV files and Excel workbooks (.xlsx) can be uploaded.",
            hint=Hint("retry", "Save the file as CSV or as an Excel workbook, and upload it."),
        )
    if len(data) > UPLOAD_LIMIT:
        raise InputFileError(
            f"{name}: the file is {len(data) / 1e6:.1f} MB; the largest accepted is "
            f"{UPLOAD_LIMIT / 1e6:.0f} MB.",
            hint=Hint("retry", "Split the file by year, or ask an analyst to load it."),
        )
    if not data:
        raise InputFileError(f"{name}: the file is empty.", hint=Hint("retry", "Upload it again."))
    looks_xlsx = data.startswith(_XLSX_MAGIC)
    if (suffix == ".xlsx") != looks_xlsx or (suffix == ".csv" and b"\x00" in data[:8192]):
        raise InputFileError(
            f"{name}: the file is not {_TYPES[suffix]}, whatever its name says.",
            hint=Hint("retry", "Save the file as CSV or as an Excel workbook, and upload it."),
        )
    return name


def _file_problem(error: AppError, path: str, name: str) -> Problem:
    """A problem with the whole file, naming it as sent (not where the server keeps it)."""
    hint = error.hint.text if error.hint is not None else "Correct the file and upload it again."
    return Problem(0, "(whole file)", "", str(error).replace(path, name), hint)


def _sees(who: Principal, upload: Upload) -> bool:
    return can(
        who,
        "upload-data",
        partnership=upload.partnership,
        agency=upload.agency,
        dataset=upload.dataset,
    )


def _find(session: Any, who: Principal, partnership: str, upload_id: int) -> Upload:
    upload = session.get(Upload, upload_id)
    if upload is None or upload.partnership != partnership:
        raise RecordNotFoundError(
            f"There is no upload {upload_id} here.",
            hint=Hint("retry", "Open the upload from the list of uploads."),
        )
    if not _sees(who, upload):
        raise denied(who, "upload-data", partnership)
    found: Upload = upload
    return found


def _remove(workspace: Workspace, upload: Upload) -> None:
    folder = (workspace.root / upload.stored).parent
    if folder.parent == workspace.root / "uploads":
        shutil.rmtree(folder, ignore_errors=True)


def _view(upload: Upload) -> UploadView:
    return UploadView(
        id=upload.id,
        partnership=upload.partnership,
        agency=upload.agency,
        dataset=upload.dataset,
        file_name=upload.file_name,
        size=upload.size,
        area=upload.area,
        period=upload.period,
        status=upload.status,
        rows=upload.rows,
        valid_rows=upload.valid_rows,
        problems=tuple(Problem(*p) for p in json.loads(upload.problems or "[]")),
        uploaded_by=upload.uploaded_by,
        uploaded_at=upload.uploaded_at,
        decided_by=upload.decided_by,
        decided_at=upload.decided_at,
        job_id=upload.job_id,
        version_id=upload.version_id,
        message=upload.message,
    )
