"""A web application over the demo records, with one account per role (on SQLite and on
PostgreSQL), and a client that signs in the way a browser does, CSRF token included."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from saferinsight.accounts.users import Accounts
from saferinsight.records.codes import ROLES
from saferinsight.records.service import Records
from saferinsight.records.transfer import DEMO_RECORDS, import_records
from saferinsight.web import create_app
from saferinsight.workspace import Workspace

PASSWORD = "correct horse battery staple"
#: The agency of the demo's Mr C review actions the contributor may update.
AGENCY = "West Mercia Police"


@dataclass
class Site:
    app: Flask
    accounts: Accounts
    records: Records
    admin_secret: str

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def signed_in(self, username: str) -> FlaskClient:
        client = self.client()
        page = client.post(
            "/sign-in",
            data=_with_token(
                client,
                "/sign-in",
                {
                    "username": username,
                    "password": PASSWORD,
                },
            ),
        )
        if page.status_code == 302 and page.headers["Location"].endswith("/sign-in/code"):
            code = pyotp.TOTP(self.admin_secret).at(self.records.clock.now())
            page = client.post(
                "/sign-in/code", data=_with_token(client, "/sign-in/code", {"code": code})
            )
        assert page.status_code == 302, page.get_data(as_text=True)
        assert page.headers["Location"] == "/", page.headers["Location"]
        return client


def token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form at ``path``."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def _with_token(client: FlaskClient, path: str, data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "csrf_token": token(client, path)}


@pytest.fixture
def site(records_workspace: Workspace) -> Site:
    records = Records(records_workspace, actor="setup")
    import_records(records, DEMO_RECORDS)
    records.add("partnership", {"key": "twp", "name": "Safer Telford & Wrekin", "kind": "csp"})
    accounts = Accounts(records)
    for role in ROLES:
        agency = AGENCY if role == "agency-contributor" else None
        accounts.add(
            role,
            display_name=role.title(),
            password=PASSWORD,
            grants={"sscp": role},
            children=True,
            adults=True,
            agency=agency,
        )
    accounts.add(
        "other", display_name="Telford analyst", password=PASSWORD, grants={"twp": "analyst"}
    )
    address = accounts.start_two_factor("administrator")
    secret = pyotp.parse_uri(address).secret
    accounts.confirm_two_factor("administrator", pyotp.TOTP(secret).at(records.clock.now()))
    app = create_app(records_workspace, testing=True)
    return Site(app, accounts, records, secret)


@pytest.fixture
def served(
    records_workspace: Workspace, empty_warehouse: Path, request: pytest.FixtureRequest
) -> Site:
    """The site over a workspace with a warehouse (the shipped reference data only)."""
    shutil.copytree(empty_warehouse, records_workspace.root)
    found: Site = request.getfixturevalue("site")
    return found


def staged_upload(site: Site, agency: str = AGENCY, partnership: str = "sscp") -> int:
    """A staged upload of ``agency`` (written straight to its table: staging one through the
    library, which validates the file against a warehouse, is tested in tests/jobs)."""
    from saferinsight.records.tables.jobs import Upload

    with site.records.session(write=True) as session:
        upload = Upload(
            partnership=partnership,
            agency=agency,
            dataset="iom-reoffending",
            file_name="iom.csv",
            stored="uploads/x/iom.csv",
            size=10,
            sha256="0" * 64,
            status="staged",
            rows=1,
            valid_rows=1,
            problems="[]",
            uploaded_by="setup",
            uploaded_at=site.records.clock.now(),
        )
        session.add(upload)
        session.flush()
        return upload.id


def finished_report(site: Site, partnership: str = "sscp") -> int:
    """A report job of ``partnership`` that ran, with its HTML file."""
    from saferinsight.jobs.queue import JobQueue

    workspace = site.records.workspace
    queue = JobQueue(workspace)
    job = queue.submit(
        "report",
        partnership,
        {
            "report": "strategic-assessment",
            "area": "Shropshire",
            "period": "2024/25",
            "edition": "full",
            "formats": ["html"],
        },
    )
    assert queue.claim("test") is not None
    folder = workspace.root / "reports" / "jobs" / str(job.id)
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<p>report</p>", encoding="utf-8")
    queue.finish(
        job.id,
        {
            "name": "report",
            "files": {"html": f"reports/jobs/{job.id}/report.html"},
            "edition": "full",
            "data_version": None,
            "data_version_text": "generation-000001",
        },
    )
    return job.id
