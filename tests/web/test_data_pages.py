"""The data pages: what is loaded, and a partner upload in two steps (problems by row and
column, then accept or cancel), with CSRF, type and size checks and another agency's or
partnership's upload refused by its address."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient

from saferinsight.datasets.catalogue import get_dataset
from saferinsight.jobs.runner import JobWorker
from saferinsight.jobs.uploads import get_upload, list_uploads
from saferinsight.records.permissions import LOCAL
from tests.web.conftest import AGENCY, Site, staged_upload, token

XSS = "<script>alert(1)</script>"


def _iom(cohorts: list[str]) -> bytes:
    rows = [f"2024-{4 + i:02d},Shropshire,{c},1" for i, c in enumerate(cohorts)]
    return ("month,area,cohort,reoffended\n" + "\n".join(rows) + "\n").encode()


def _upload(
    client: FlaskClient, data: bytes, name: str = "iom.csv", *, csrf: bool = True
) -> tuple[int, str, str]:
    form: dict[str, object] = {
        "dataset": "iom-reoffending",
        "agency": "Probation",
        "file": (io.BytesIO(data), name),
    }
    if csrf:
        form["csrf_token"] = token(client, "/p/sscp/uploads")
    page = client.post("/p/sscp/uploads", data=form, content_type="multipart/form-data")
    return page.status_code, page.headers.get("Location", ""), page.get_data(as_text=True)


def test_an_upload_shows_every_problem_then_loads_once_accepted(served: Site) -> None:
    client = served.signed_in("analyst")
    status, location, _ = _upload(client, _iom(["100", XSS, "120", "-3"]))
    assert status == 302
    ident = int(re.search(r"/uploads/(\d+)$", location).group(1))  # type: ignore[union-attr]
    html = client.get(location).get_data(as_text=True)
    assert "The file has 2 problems" in html
    rows = re.findall(r'cell--numeric">(\d+)</td>\s*<td class="govuk-table__cell">(\w+)</td>', html)
    assert rows == [("3", "cohort"), ("5", "cohort")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert XSS not in html
    assert "Accept and load" in html
    csv_file = client.get(f"/p/sscp/uploads/{ident}/problems.csv").get_data(as_text=True)
    assert csv_file.splitlines()[1].startswith("3,cohort,<script>")
    workspace = served.records.workspace
    page = client.post(location, data={"decision": "accept", "csrf_token": token(client, location)})
    assert page.status_code == 302
    assert get_upload(workspace, LOCAL, "sscp", ident).status == "loading"
    assert "refreshes itself" in client.get(location).get_data(as_text=True)
    JobWorker(workspace).run_once()
    html = client.get(location).get_data(as_text=True)
    assert "Loaded 2 rows as version" in html
    data = client.get("/p/sscp/data").get_data(as_text=True)
    title = get_dataset("iom-reoffending").title
    assert f'href="#versions-iom-reoffending">{title}</a>' in data
    versions = data.split('id="versions-iom-reoffending"')[1].split("</table>")[0]
    assert re.findall(r'cell--numeric">([\d,]+)</td>', versions) == ["1", "2", "2", "0"]
    history = served.records.history(partnership="sscp")
    assert [h.action for h in history if h.kind == "upload"] == ["accept", "upload"]


def test_cancel_and_csrf(served: Site) -> None:
    client = served.signed_in("analyst")
    status, _, _ = _upload(client, _iom(["100"]), csrf=False)
    assert status == 400
    workspace = served.records.workspace
    assert list_uploads(workspace, LOCAL, "sscp") == ()
    _, location, _ = _upload(client, _iom(["100"]))
    page = client.post(location, data={"decision": "accept"})  # no token
    assert page.status_code == 400
    ident = int(location.rsplit("/", 1)[1])
    assert get_upload(workspace, LOCAL, "sscp", ident).status == "staged"
    client.post(location, data={"decision": "cancel", "csrf_token": token(client, location)})
    assert get_upload(workspace, LOCAL, "sscp", ident).status == "cancelled"
    html = client.get(location).get_data(as_text=True)
    assert "Accept and load" not in html


def test_a_file_of_the_wrong_type_or_size_is_refused(served: Site) -> None:
    client = served.signed_in("analyst")
    status, _, html = _upload(client, b"MZ\x90\x00", name="tool.exe")
    assert status == 400
    assert "only CSV files and Excel workbooks (.xlsx) can be uploaded" in html
    status, _, html = _upload(client, b"month,area\n", name="book.xlsx")
    assert status == 400
    assert "not an Excel workbook" in html
    served.app.config["MAX_CONTENT_LENGTH"] = 2000
    status, _, html = _upload(client, _iom(["100"] * 9) + b"x" * 3000)
    assert status == 413
    assert "too large" in html
    assert list_uploads(served.records.workspace, LOCAL, "sscp") == ()


def test_another_agencys_or_partnerships_upload_is_refused_by_its_address(served: Site) -> None:
    own = staged_upload(served, AGENCY)
    theirs = staged_upload(served, "Shropshire Fire and Rescue")
    contributor = served.signed_in("agency-contributor")
    assert contributor.get(f"/p/sscp/uploads/{own}").status_code == 200
    assert contributor.get(f"/p/sscp/uploads/{theirs}").status_code == 403
    assert contributor.get(f"/p/sscp/uploads/{theirs}/problems.csv").status_code == 403
    page = contributor.post(
        f"/p/sscp/uploads/{theirs}",
        data={"decision": "cancel", "csrf_token": token(contributor, f"/p/sscp/uploads/{own}")},
    )
    assert page.status_code == 403
    assert get_upload(served.records.workspace, LOCAL, "sscp", theirs).status == "staged"
    listing = contributor.get("/p/sscp/uploads").get_data(as_text=True)
    assert listing.count("/p/sscp/uploads/") == 1
    other = served.signed_in("other")  # an analyst of Telford and Wrekin
    assert other.get(f"/p/twp/uploads/{own}").status_code == 404
    assert other.get(f"/p/sscp/uploads/{own}").status_code == 403


def test_the_data_page_of_an_empty_workspace(site: Site) -> None:
    html = site.signed_in("analyst").get("/p/sscp/data").get_data(as_text=True)
    assert "Nothing is loaded yet." in html
