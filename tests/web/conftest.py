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
from saferinsight.clock import FixedClock
from saferinsight.records import database
from saferinsight.records.codes import ROLES
from saferinsight.records.service import Records
from saferinsight.records.transfer import DEMO_RECORDS, import_records
from saferinsight.settings import load_settings
from saferinsight.web import create_app
from saferinsight.workspace import Workspace
from tests.conftest import NOW

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


def _build_site(workspace: Workspace) -> str:
    """Fill ``workspace``'s records with the demo records and one account per role; the
    administrator's two-factor secret."""
    records = Records(workspace, actor="setup")
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
    return secret


@pytest.fixture(scope="session")
def site_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Each backend's filled records database, made once (importing the demo records and
    hashing eight passwords takes seconds) and copied for every test: URL and 2FA secret."""
    return {}


def _site_database(
    backend: str, tmp_path: Path, templates: dict[str, tuple[str, str]], request: Any
) -> tuple[str, str]:
    """``backend`` (a new empty database's URL) made a copy of the filled database, so that the
    test's ``records_workspace`` opens the site's records too."""
    kind = "sqlite" if backend.startswith("sqlite") else "postgresql"
    if kind not in templates:
        folder = tmp_path.parent / f"site-template-{kind}"
        folder.mkdir(exist_ok=True)
        url = f"sqlite:///{folder / 'records.sqlite'}" if kind == "sqlite" else backend
        settings = load_settings(workspace=folder / "ws", database_url=url)
        secret = _build_site(Workspace(folder / "ws", settings=settings, clock=FixedClock(NOW)))
        database.dispose_engines()
        templates[kind] = (url, secret)
        if kind == "postgresql":  # the test's own empty database became the template
            backend = request.getfixturevalue("postgres").new_database()
    url, secret = templates[kind]
    if kind == "sqlite":
        shutil.copyfile(url.removeprefix("sqlite:///"), backend.removeprefix("sqlite:///"))
        return backend, secret
    database.dispose_engines()
    request.getfixturevalue("postgres").refill(backend, template=url)
    return backend, secret


@pytest.fixture
def site(
    tmp_path: Path,
    backend: str,
    site_templates: dict[str, tuple[str, str]],
    request: pytest.FixtureRequest,
) -> Site:
    url, secret = _site_database(backend, tmp_path, site_templates, request)
    settings = load_settings(workspace=tmp_path / "ws", database_url=url)
    workspace = Workspace(tmp_path / "ws", settings=settings, clock=FixedClock(NOW))
    records = Records(workspace, actor="setup")
    app = create_app(workspace, testing=True)
    return Site(app, Accounts(records), records, secret)


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
