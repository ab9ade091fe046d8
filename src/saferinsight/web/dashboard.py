"""The dashboard pages: a partnership's overview, a theme's page, a ward's or LSOA's profile, and
the public site (its front page, a partnership's public dashboard, the public editions of the
reports). Each is one library call (:mod:`saferinsight.dashboard`), rendered; the filters are
GET forms, and every chart has its data table, so the pages work with JavaScript off."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from saferinsight.records.permissions import PUBLIC
from saferinsight.web.access import allow
from saferinsight.web.context import current_workspace, principal

__all__ = ["REPORT_CSP", "blueprint"]

blueprint = Blueprint("dashboard", __name__)

#: A public edition's HTML is a document of its own, with its styles inline and no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
_MIMETYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _filters() -> dict[str, str | None]:
    return {
        "period": request.args.get("period") or None,
        "area": request.args.get("area") or None,
    }


@blueprint.route("/p/<partnership>/overview")
@allow("view-overview")
def overview(partnership: str) -> Any:
    """A tile per theme and per partner dataset, for the period and area chosen."""
    from saferinsight.dashboard.overview import overview as build

    found = build(current_workspace(), partnership, principal(), **_filters())
    return render_template(
        "dashboard/overview.html", title=f"{found.scope.name}: overview", page=found
    )


@blueprint.route("/p/<partnership>/themes/<theme>")
@allow("view-overview")
def theme(partnership: str, theme: str) -> Any:
    """A theme's charts, each with its data, for the period and area chosen."""
    from saferinsight.dashboard.themes import theme_page

    found = theme_page(current_workspace(), partnership, principal(), theme, **_filters())
    return render_template("dashboard/theme.html", title=found.theme.title, page=found)


@blueprint.route("/p/<partnership>/areas/<code>")
@allow("view-overview")
def profile(partnership: str, code: str) -> Any:
    """A ward's or LSOA's counts by theme, and their change."""
    from saferinsight.dashboard.themes import area_profile

    found = area_profile(
        current_workspace(), partnership, principal(), code, period=_filters()["period"]
    )
    name = found.scope.area.name if found.scope.area is not None else code
    return render_template("dashboard/profile.html", title=name, page=found, code=code)


@blueprint.route("/public/")
@allow("view-public")
def public() -> Any:
    """The public site: the partnerships' public dashboards and the public editions."""
    from saferinsight.dashboard.public import public_site

    return render_template(
        "dashboard/public.html", title="Public information", site=public_site(current_workspace())
    )


@blueprint.route("/public/<partnership>/")
@allow("view-public")
def public_dashboard(partnership: str) -> Any:
    """A partnership's public dashboard: police.uk figures, and partner figures with the public
    edition's disclosure control."""
    from saferinsight.dashboard.overview import overview as build

    found = build(current_workspace(), partnership, PUBLIC, period=_filters()["period"])
    return render_template(
        "dashboard/overview.html", title=f"{found.scope.name}: public dashboard", page=found
    )


@blueprint.route("/public/reports/<name>")
@allow("view-public")
def public_report(name: str) -> Response:
    """A file of a public edition (any other name is not found)."""
    from saferinsight.dashboard.public import public_report_file

    path = public_report_file(current_workspace(), name)
    if path is None:
        abort(404)
    kind = path.suffix[1:]
    response = Response(path.read_bytes(), mimetype=_MIMETYPES[kind])
    if kind == "html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    else:
        response.headers["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response
