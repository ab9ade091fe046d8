"""Reports as background jobs: what may be asked for, starting one, running it (with progress),
and the files it wrote, each with the data version it read.

Files go to ``<workspace>/reports/jobs/<job id>/``, one folder per job, so that two reports of
the same area and period never overwrite each other and each download is the file its job made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferinsight.errors import Hint, OptionError
from saferinsight.jobs.queue import JobQueue, JobView, Progress
from saferinsight.records.permissions import Principal
from saferinsight.records.service import Records
from saferinsight.workspace import Workspace

__all__ = [
    "EDITIONS",
    "REPORTS",
    "ReportChoices",
    "report_choices",
    "report_file",
    "run_report_job",
    "start_report",
]

#: The reports that can be asked for: key -> title.
REPORTS: Mapping[str, str] = {"strategic-assessment": "Strategic assessment"}
#: The editions: key -> title.
EDITIONS: Mapping[str, str] = {
    "full": "Full (confidential partner data)",
    "public": "Public (disclosure-controlled)",
}
FORMAT_TITLES: Mapping[str, str] = {"html": "Web page (HTML)", "pdf": "PDF", "docx": "Word"}


@dataclass(frozen=True)
class ReportChoices:
    """What a partnership's report form offers: its area, the financial years loaded, and the
    reports, editions and formats."""

    areas: tuple[str, ...]
    periods: tuple[str, ...]
    reports: Mapping[str, str]
    editions: Mapping[str, str]
    formats: Mapping[str, str]


def report_choices(workspace: Workspace, who: Principal, partnership: str) -> ReportChoices:
    """The choices for ``partnership``'s reports: its own area only (a full edition holds
    its partners' confidential data), and every financial year with police.uk months loaded,
    newest first."""
    from saferinsight.core.periods import financial_year
    from saferinsight.workspace.status import POLICE_UK

    records = Records(workspace, actor=who.name, principal=who)
    area = records.get("partnership", partnership).values.get("area")
    periods: list[str] = []
    if workspace.exists():
        from saferinsight.store import status as store_status

        with workspace.reader() as warehouse:
            summaries = store_status.kind_summaries(warehouse, POLICE_UK)
        street = next((s for s in summaries if s.kind == "street"), None)
        if street is not None and street.first_month and street.last_month:
            first = int(financial_year(street.first_month)[:4])
            last = int(financial_year(street.last_month)[:4])
            periods = [f"{y}/{(y + 1) % 100:02d}" for y in range(last, first - 1, -1)]
    return ReportChoices(
        (str(area),) if area else (), tuple(periods), REPORTS, EDITIONS, FORMAT_TITLES
    )


def start_report(
    workspace: Workspace,
    who: Principal,
    partnership: str,
    *,
    report: str,
    area: str,
    period: str,
    edition: str,
    formats: Sequence[str],
) -> JobView:
    """Queue a report for ``partnership`` (one of :func:`report_choices`' options each)."""
    choices = report_choices(workspace, who, partnership)
    for option, value, allowed in (
        ("report", report, tuple(choices.reports)),
        ("area", area, choices.areas),
        ("period", period, choices.periods),
        ("edition", edition, tuple(choices.editions)),
    ):
        if value not in allowed:
            raise OptionError(
                option,
                f"{value!r} is not offered here; choose one of {', '.join(allowed) or 'none'}.",
                hint=Hint("retry", f"Choose the {option} from the list."),
            )
    chosen = [f for f in choices.formats if f in formats]
    if not chosen or len(chosen) != len(set(formats)):
        raise OptionError(
            "formats",
            f"choose one or more of {', '.join(choices.formats)}.",
            hint=Hint("retry", "Tick the formats to write."),
        )
    queue = JobQueue(workspace, actor=who.name, principal=who)
    params = {
        "report": report,
        "area": area,
        "period": period,
        "edition": edition,
        "formats": chosen,
    }
    return queue.submit("report", partnership, params)


def run_report_job(workspace: Workspace, job: JobView, progress: Progress) -> Mapping[str, Any]:
    """Build the job's report into its folder, saying how far it is."""
    from saferinsight.reports.build import build_document, render_files
    from saferinsight.reports.workers import RenderWorkers
    from saferinsight.workspace.overview import data_version

    params = job.params
    formats: list[str] = list(params["formats"])
    folder = _folder(workspace, job.id)
    progress(5, "Reading the data")
    version = data_version(workspace)
    with RenderWorkers(pdf="pdf" in formats) as workers:
        progress(10, "Analysing the area and drawing the charts")
        built = build_document(
            workspace,
            str(params["area"]),
            period=str(params["period"]),
            public=params["edition"] == "public",
            workers=workers,
        )
        folder.mkdir(parents=True, exist_ok=True)
        files: dict[str, str] = {}
        step = 60 // max(1, len(formats))
        progress(40, "Writing the files")
        for number, rendered in enumerate(
            render_files(built.document, formats=formats, workers=workers), start=1
        ):
            path = folder / f"{built.name}.{rendered.format}"
            part = path.with_suffix(path.suffix + ".part")
            part.write_bytes(rendered.data)
            part.replace(path)
            files[rendered.format] = workspace.relative(path)
            progress(40 + step * number, f"Wrote the {FORMAT_TITLES[rendered.format]} file")
    return {
        "name": built.name,
        "files": files,
        "edition": params["edition"],
        "data_version": version.to_dict() if version else None,
        "data_version_text": version.describe() if version else "no data loaded",
    }


def report_file(workspace: Workspace, job: JobView, fmt: str) -> Path:
    """The file of format ``fmt`` a finished report job wrote (a job the caller was allowed
    to see: :meth:`JobQueue.get`)."""
    from saferinsight.errors import RecordNotFoundError

    files: Mapping[str, str] = (job.result or {}).get("files", {}) if job.status == "done" else {}
    relative = files.get(fmt) if job.kind == "report" else None
    path = (workspace.root / relative).resolve() if relative else None
    folder = _folder(workspace, job.id).resolve()
    if path is None or folder not in path.parents or not path.is_file():
        raise RecordNotFoundError(
            f"Job {job.id} has no {fmt} file.",
            hint=Hint("retry", "Open the report from the list of reports."),
        )
    return path


def _folder(workspace: Workspace, job_id: int) -> Path:
    return workspace.root / "reports" / "jobs" / str(job_id)
