"""Security of the web application: CSRF, escaping, redirects, session fixation and timeouts,
headers, other partnerships' and agencies' objects, sign-in steps."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp

from saferinsight.clock import FixedClock
from tests.web.conftest import AGENCY, PASSWORD, Site, token

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _police_action(site: Site) -> int:
    return next(a.id for a in site.records.list("review-action") if a.values["agency"] == AGENCY)


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    client = site.client()
    page = client.post("/sign-in", data={"username": "analyst", "password": PASSWORD})
    assert page.status_code == 400
    assert "did not come from this site" in page.get_data(as_text=True)
    contributor = site.signed_in("agency-contributor")
    action = _police_action(site)
    before = site.records.get("review-action", action)
    page = contributor.post(
        f"/p/sscp/actions/{action}", data={"status": "cancelled", "version": before.version}
    )
    assert page.status_code == 400
    assert site.records.get("review-action", action) == before


def test_text_from_the_records_comes_back_escaped(site: Site) -> None:
    action = _police_action(site)
    site.records.update("review-action", action, {"text": XSS, "owner": XSS})
    page = site.signed_in("business-manager").get("/p/sscp/actions?show=all")
    html = page.get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_next_only_goes_to_pages_of_this_site(site: Site) -> None:
    for target, landing in [
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/p/sscp/funding", "/p/sscp/funding"),
        ("/\\evil.example", "/"),
    ]:
        client = site.client()
        path = f"/sign-in?next={target}"
        page = client.post(
            path,
            data={
                "username": "analyst",
                "password": PASSWORD,
                "next": target,
                "csrf_token": token(client, path),
            },
        )
        assert page.headers["Location"] == landing, target


def test_signing_in_starts_a_new_session(site: Site) -> None:
    client = site.client()
    client.get("/sign-in")
    before = client.get_cookie("safer_session")
    assert before is not None
    page = client.post(
        "/sign-in",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": token(client, "/sign-in")},
    )
    after = client.get_cookie("safer_session")
    assert page.status_code == 302
    assert after is not None
    assert after.value != before.value
    assert after.http_only
    assert after.same_site == "Lax"


def test_idle_and_old_sessions_end(site: Site) -> None:
    client = site.signed_in("analyst")
    workspace = site.app.extensions["safer_workspace"]
    start = workspace.clock.now()
    assert client.get("/p/sscp/funding").status_code == 200
    workspace.clock = FixedClock(start + timedelta(minutes=29))
    assert client.get("/p/sscp/funding").status_code == 200
    workspace.clock = FixedClock(start + timedelta(minutes=29 + 31))
    page = client.get("/p/sscp/funding")
    assert page.status_code == 302
    assert "/sign-in?expired=1" in page.headers["Location"]
    assert client.get("/p/sscp/funding").status_code == 302
    workspace.clock = FixedClock(start)


def test_every_page_sends_the_security_headers(site: Site) -> None:
    for client, path in [
        (site.client(), "/"),
        (site.client(), "/sign-in"),
        (site.signed_in("analyst"), "/p/sscp/reviews"),
        (site.client(), "/nowhere"),
    ]:
        headers = client.get(path).headers
        assert "script-src 'self';" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Cache-Control"] == "no-store"
    page = site.client().get("/")
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.get_data(as_text=True))


def test_another_agencys_action_cannot_be_updated(site: Site) -> None:
    contributor = site.signed_in("agency-contributor")
    other = next(a for a in site.records.list("review-action") if a.values["agency"] != AGENCY)
    path = f"/p/sscp/actions/{other.id}"
    assert contributor.get(path).status_code == 403
    mine = _police_action(site)
    data = {
        "status": "in-progress",
        "evidence": "Dip sample, 9 of 10 cases",
        "version": site.records.get("review-action", mine).version,
        "csrf_token": token(contributor, f"/p/sscp/actions/{mine}"),
    }
    page = contributor.post(f"/p/sscp/actions/{mine}", data=data)
    assert page.status_code == 302, page.get_data(as_text=True)
    assert page.headers["Location"] == "/p/sscp/actions"
    assert site.records.get("review-action", mine).values["status"] == "in-progress"
    data["csrf_token"] = token(contributor, f"/p/sscp/actions/{mine}")
    stale = contributor.post(f"/p/sscp/actions/{mine}", data=data)
    assert stale.status_code == 400
    assert "was changed by agency-contributor" in stale.get_data(as_text=True)
    assert site.signed_in("other").get(f"/p/sscp/actions/{mine}").status_code == 403


def test_a_new_administrator_must_set_up_a_code(site: Site) -> None:
    site.accounts.add(
        "root", display_name="Root", password=PASSWORD, grants={"sscp": "administrator"}
    )
    client = site.client()
    page = client.post(
        "/sign-in",
        data={"username": "root", "password": PASSWORD, "csrf_token": token(client, "/sign-in")},
    )
    assert page.headers["Location"].endswith("/sign-in/set-up-code")
    html = client.get("/sign-in/set-up-code").get_data(as_text=True)
    secret = re.search(r'class="safer-code">([A-Z2-7]+)<', html)
    assert secret
    code = pyotp.TOTP(secret.group(1)).at(site.records.clock.now())
    page = client.post(
        "/sign-in/set-up-code",
        data={"code": code, "csrf_token": token(client, "/sign-in/set-up-code")},
    )
    assert page.status_code == 302
    assert site.accounts.get("root").two_factor


def test_a_temporary_password_is_changed_before_anything_else(site: Site) -> None:
    made = site.accounts.add("newbie", display_name="New", grants={"sscp": "analyst"})
    client = site.client()
    page = client.post(
        "/sign-in",
        data={
            "username": "newbie",
            "password": made.password,
            "csrf_token": token(client, "/sign-in"),
        },
    )
    assert page.headers["Location"].endswith("/sign-in/new-password")
    assert client.get("/p/sscp/funding").status_code == 302
    path = "/sign-in/new-password"
    page = client.post(
        path,
        data={
            "current": made.password,
            "new": PASSWORD,
            "again": PASSWORD,
            "csrf_token": token(client, path),
        },
    )
    assert page.headers["Location"].endswith("/sign-in")
    assert site.signed_in("newbie").get("/p/sscp/funding").status_code == 200
    changed = [c for c in site.records.history() if c.kind == "account" and c.label == "newbie"]
    assert [(c.action, c.actor) for c in changed] == [("update", "newbie"), ("add", "setup")]


def test_a_reset_ends_the_sessions_of_the_account(site: Site) -> None:
    client = site.signed_in("analyst")
    assert client.get("/p/sscp/funding").status_code == 200
    site.accounts.reset("analyst")
    assert client.get("/p/sscp/funding").status_code == 302
