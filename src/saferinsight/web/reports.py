"""The report pages: the reports generated (with the data version each read), a form to start
one as a background job, its progress (polled with htmx, or refreshed with JavaScript off),
and its files. Each view is one library call; the queue checks the permissions again."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, send_file, url_for

from saferinsight.errors import AppError
from saferinsight.records.permissions import can
from saferinsight.web.access import allow
from saferinsight.web.context import current_workspace, principal
from saferinsight.web.jobforms import ReportForm

__all__ = ["blueprint"]

blueprint = Blueprint("reports", __name__)
_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _queue() -> Any:
    from saferinsight.jobs.queue import JobQueue

    who = principal()
    return JobQueue(current_workspace(), actor=who.name, principal=who)


@blueprint.route("/p/<partnership>/reports")
@allow("view-reports")
def index(partnership: str) -> Any:
    """The reports of the partnership, newest first."""
    jobs = _queue().list(partnership, kind="report")
    return render_template(
        "reports.html",
        title="Reports",
        jobs=jobs,
        partnership=partnership,
        may_run=can(principal(), "run-reports", partnership=partnership),
    )


@blueprint.route("/p/<partnership>/reports/new", methods=["GET", "POST"])
@allow("run-reports")
def new(partnership: str) -> Any:
    """Choose a report and start it."""
    from saferinsight.jobs.reports import report_choices, start_report

    choices = report_choices(current_workspace(), principal(), partnership)
    form = ReportForm()
    form.report.choices = list(choices.reports.items())
    form.area.choices = [(a, a) for a in choices.areas]
    form.period.choices = [(p, p) for p in choices.periods]
    form.edition.choices = list(choices.editions.items())
    form.formats.choices = list(choices.formats.items())
    if not form.is_submitted():
        form.edition.data = "full"
        form.formats.data = ["html", "pdf"]
    problem = None
    if form.validate_on_submit():
        try:
            job = start_report(
                current_workspace(),
                principal(),
                partnership,
                report=form.report.data,
                area=form.area.data,
                period=form.period.data,
                edition=form.edition.data,
                formats=form.formats.data or [],
            )
        except AppError as error:
            problem = str(error)
        else:
            return redirect(url_for("reports.job", partnership=partnership, job=job.id))
    elif form.is_submitted():
        problem = "; ".join(e for errors in form.errors.values() for e in errors)
    return render_template(
        "report_new.html",
        title="Start a report",
        form=form,
        choices=choices,
        problem=problem,
        partnership=partnership,
    ), (400 if problem else 200)


@blueprint.route("/p/<partnership>/reports/<int:job>")
@allow("view-reports")
def job(partnership: str, job: int) -> Any:
    """A report's progress, then its files."""
    found = _queue().get(job, partnership=partnership, kind="report")
    return render_template(
        "report_job.html", title=f"Report {found.id}", job=found, partnership=partnership
    )


@blueprint.route("/p/<partnership>/reports/<int:job>/progress")
@allow("view-reports")
def progress(partnership: str, job: int) -> Any:
    """The progress part of a report's page, for htmx to poll."""
    found = _queue().get(job, partnership=partnership, kind="report")
    return render_template("report_progress.html", job=found, partnership=partnership)


@blueprint.route("/p/<partnership>/reports/<int:job>/files/<fmt>")
@allow("view-reports")
def download(partnership: str, job: int, fmt: str) -> Any:
    """A file of a finished report (the download is logged)."""
    from saferinsight.jobs.reports import report_file

    if fmt not in _TYPES:
        abort(404)
    queue = _queue()
    found = queue.get(job, partnership=partnership, kind="report")
    path = report_file(current_workspace(), found, fmt)
    queue.log(found, "download", f"{path.name} ({found.params.get('edition')} edition)")
    return send_file(path, mimetype=_TYPES[fmt], as_attachment=True, download_name=path.name)
