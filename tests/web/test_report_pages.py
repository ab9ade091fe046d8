"""The report pages: the form offers the partnership's own area and the years loaded, a report
runs as a job whose page shows its progress and then its files, and another partnership's
report is refused by its address."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from saferinsight.jobs.queue import JobQueue
from saferinsight.jobs.runner import JobWorker
from saferinsight.records.permissions import LOCAL
from saferinsight.workspace import Workspace
from tests.web.conftest import Site, finished_report, token

FORM = "/p/sscp/reports/new"


def test_starting_a_report_needs_data_and_a_csrf_token(served: Site) -> None:
    client = served.signed_in("analyst")
    html = client.get(FORM).get_data(as_text=True)
    assert "No police.uk data is loaded" in html
    page = client.post(FORM, data={"report": "strategic-assessment", "area": "Shropshire"})
    assert page.status_code == 400
    assert JobQueue(served.records.workspace).list("sscp") == ()


def test_a_report_job_page_polls_until_done_then_offers_its_files(site: Site) -> None:
    ident = JobQueue(site.records.workspace).submit("report", "sscp", {"area": "Shropshire"}).id
    client = site.signed_in("board-member")
    html = client.get(f"/p/sscp/reports/{ident}").get_data(as_text=True)
    assert f'hx-get="/p/sscp/reports/{ident}/progress"' in html
    assert '<noscript><meta http-equiv="refresh"' in html  # JavaScript off: the page reloads
    assert "htmx.min.js" in html
    part = client.get(f"/p/sscp/reports/{ident}/progress").get_data(as_text=True)
    assert part.startswith('<div id="job-progress"')
    assert "Waiting" in part
    done = finished_report(site)
    html = client.get(f"/p/sscp/reports/{done}").get_data(as_text=True)
    assert "hx-get" not in html
    assert f"/p/sscp/reports/{done}/files/html" in html
    with client.get(f"/p/sscp/reports/{done}/files/html") as download:
        assert download.status_code == 200
        assert download.get_data() == b"<p>report</p>"
        assert download.headers["Content-Disposition"].startswith("attachment")
    with client.get(f"/p/sscp/reports/{done}/files/pdf") as missing:
        assert missing.status_code == 404
    listing = client.get("/p/sscp/reports").get_data(as_text=True)
    assert "generation-000001" in listing  # the data version each report read
    downloads = [h for h in site.records.history(partnership="sscp") if h.action == "download"]
    assert [(h.actor, h.record_id) for h in downloads] == [("board-member", done)]


def test_another_partnerships_report_is_refused_by_its_address(site: Site) -> None:
    done = finished_report(site)
    other = site.signed_in("other")  # an analyst of Telford and Wrekin
    for path in (f"/p/twp/reports/{done}", f"/p/twp/reports/{done}/files/html"):
        with other.get(path) as page:
            assert page.status_code == 404, path
    for path in (f"/p/sscp/reports/{done}", f"/p/sscp/reports/{done}/files/html"):
        with other.get(path) as page:
            assert page.status_code == 403, path
    assert site.signed_in("agency-contributor").get(f"/p/sscp/reports/{done}").status_code == 403
    load = JobQueue(site.records.workspace).submit("load-upload", "sscp", {"upload": 1})
    assert site.signed_in("analyst").get(f"/p/sscp/reports/{load.id}").status_code == 404


@pytest.fixture
def with_police_data(records_workspace: Workspace, loaded_template: Path) -> Workspace:
    shutil.copytree(loaded_template, records_workspace.root)
    return records_workspace


@pytest.mark.slow
def test_a_report_started_on_the_page_is_built_and_downloaded(
    with_police_data: Workspace, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue("site")
    client = site.signed_in("analyst")
    html = client.get(FORM).get_data(as_text=True)
    assert re.findall(r'<option (?:selected )?value="([^"]+)"', html) == [
        "strategic-assessment",
        "Shropshire",
        "2023/24",
    ]
    page = client.post(
        FORM,
        data={
            "report": "strategic-assessment",
            "area": "Shropshire",
            "period": "2023/24",
            "edition": "full",
            "formats": ["html"],
            "csrf_token": token(client, FORM),
        },
    )
    assert page.status_code == 302
    ident = int(page.headers["Location"].rsplit("/", 1)[1])
    assert JobWorker(with_police_data).run_once().done == (ident,)
    job = JobQueue(with_police_data).get(ident)
    assert job.result is not None
    html = client.get(f"/p/sscp/reports/{ident}").get_data(as_text=True)
    assert job.result["data_version_text"] in html
    with client.get(f"/p/sscp/reports/{ident}/files/html") as download:
        built = with_police_data.root / job.result["files"]["html"]
        assert download.get_data() == built.read_bytes()
        assert b"Shropshire" in download.get_data()
    assert JobQueue(with_police_data, principal=LOCAL).list("sscp")[0].status == "done"
