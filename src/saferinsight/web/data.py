"""The data pages: what is loaded (files, months, rows, rejects, partner dataset versions and
what superseded them), and partner uploads in two steps: upload (the file is kept aside and
validated, every problem listed), then accept (its load runs as a job) or cancel. Each view
is one library call; the library checks the permissions again, on the very upload."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from saferinsight.errors import AppError
from saferinsight.records.permissions import can
from saferinsight.web.access import allow
from saferinsight.web.context import current_workspace, principal
from saferinsight.web.jobforms import DecisionForm, UploadForm

__all__ = ["blueprint"]

blueprint = Blueprint("data", __name__)
#: How many problems an upload's page lists (the count says how many there are in all).
PROBLEMS_SHOWN = 1000


@blueprint.route("/p/<partnership>/data")
@allow("view-data")
def overview(partnership: str) -> Any:
    """What is loaded."""
    from saferinsight.workspace.overview import data_overview

    found = data_overview(current_workspace())
    return render_template(
        "data.html",
        title="Data",
        data=found,
        partnership=partnership,
        may_upload=can(
            principal(), "upload-data", partnership=partnership, agency=principal().agency
        ),
    )


@blueprint.route("/p/<partnership>/uploads", methods=["GET", "POST"])
@allow("upload-data")
def uploads(partnership: str) -> Any:
    """Upload a partner file (it is validated, not loaded), and the uploads so far."""
    from saferinsight.jobs.uploads import (
        CHECK_IN_BACKGROUND,
        UPLOAD_LIMIT,
        list_uploads,
        stage_upload,
        uploadable_datasets,
        uploads_as_agency,
    )

    who = principal()
    form = UploadForm()
    form.dataset.choices = [("", "Choose a dataset"), *uploadable_datasets(who, partnership)]
    problem = None
    if form.validate_on_submit():
        sent = form.file.data
        data = sent.read(UPLOAD_LIMIT + 1)
        try:
            staged = stage_upload(
                current_workspace(),
                who,
                partnership,
                dataset=form.dataset.data,
                file_name=sent.filename or "upload",
                data=data,
                agency=form.agency.data,
                area=form.area.data,
                period=form.period.data,
                background=len(data) > CHECK_IN_BACKGROUND,
            )
        except AppError as error:
            problem = str(error)
        else:
            return redirect(url_for("data.upload", partnership=partnership, upload=staged.id))
    elif request.method == "POST":
        problem = "; ".join(e for errors in form.errors.values() for e in errors)
    return render_template(
        "uploads.html",
        title="Upload a partner dataset",
        form=form,
        problem=problem,
        uploads=list_uploads(current_workspace(), who, partnership),
        partnership=partnership,
        own_agency=uploads_as_agency(who, partnership),
        limit_mb=UPLOAD_LIMIT // 1_000_000,
    ), (400 if problem else 200)


@blueprint.route("/p/<partnership>/uploads/<int:upload>", methods=["GET", "POST"])
@allow("upload-data")
def upload(partnership: str, upload: int) -> Any:
    """An upload's problems, and the choice to accept or cancel it."""
    from saferinsight.datasets.catalogue import DATASETS
    from saferinsight.jobs.uploads import decide_upload, get_upload

    form = DecisionForm()
    if form.validate_on_submit():
        accept = form.decision.data == "accept"
        decide_upload(current_workspace(), principal(), partnership, upload, accept=accept)
        flash("The file is accepted: it is loading now." if accept else "The upload is cancelled.")
        return redirect(url_for("data.upload", partnership=partnership, upload=upload))
    found = get_upload(current_workspace(), principal(), partnership, upload)
    return render_template(
        "upload.html",
        title=f"Upload {found.id}: {found.file_name}",
        upload=found,
        dataset=DATASETS.get(found.dataset),
        problems=found.problems[:PROBLEMS_SHOWN],
        form=form,
        partnership=partnership,
    )


@blueprint.route("/p/<partnership>/uploads/<int:upload>/problems.csv")
@allow("upload-data")
def problems(partnership: str, upload: int) -> Any:
    """Every problem of an upload, as a CSV file."""
    from saferinsight.jobs.uploads import get_upload, problems_csv

    found = get_upload(current_workspace(), principal(), partnership, upload)
    name = found.file_name.rsplit(".", 1)[0] + "-problems.csv"
    return Response(
        problems_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
