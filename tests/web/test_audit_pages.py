"""The audit page (its filters, masking and escaping) and the account page (password, optional
two-factor sign-in with a QR code)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pyotp
import segno
from flask.testing import FlaskClient

from saferinsight.accounts.audit import audit_trail
from saferinsight.records.permissions import Grant, Principal
from saferinsight.records.service import Records
from tests.web.conftest import PASSWORD, Site, token

XSS = '<script>alert("x")</script>'
TYPED = "hunter2-typed-as-a-name"


def _sign_in(site: Site, username: str, password: str) -> FlaskClient:
    client = site.client()
    client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token(client, "/sign-in")},
    )
    return client


def _rows(page: str) -> list[str]:
    body = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)


def _attempts(site: Site) -> FlaskClient:
    _sign_in(site, "analyst", "not the password")
    _sign_in(site, TYPED, "x")
    _sign_in(site, "other", PASSWORD)  # a Telford account: not sscp's to audit
    site.signed_in("analyst")
    return site.signed_in("administrator")


def test_the_audit_page_lists_the_trail_the_library_gives(site: Site) -> None:
    admin = _attempts(site)
    page = admin.get("/p/sscp/audit").get_data(as_text=True)
    who = Principal("administrator", grants=(Grant("sscp", "administrator", True, True),))
    records = Records(site.records.workspace, actor="administrator", principal=who)
    expected = audit_trail(records, partnership="sscp", limit=200)
    rows = _rows(page)
    assert len(rows) == len(expected) > 0
    assert "(no such account)" in page
    assert TYPED not in page
    assert ">other<" not in page
    assert "Audit trail" in admin.get("/p/sscp/").get_data(as_text=True)
    assert "Audit trail" not in site.signed_in("analyst").get("/p/sscp/").get_data(as_text=True)


def test_the_audit_page_filters(site: Site) -> None:
    admin = _attempts(site)
    failed = _rows(admin.get("/p/sscp/audit?what=failed-sign-ins").get_data(as_text=True))
    assert len(failed) == 2
    assert all("Failed" in row for row in failed)
    assert sum(">analyst<" in row for row in failed) == 1
    signed = _rows(admin.get("/p/sscp/audit?what=sign-ins&person=analyst").get_data(as_text=True))
    assert [("Signed in" in row, "refused" in row) for row in signed] == [
        (True, False),
        (False, True),
    ]
    changes = _rows(admin.get("/p/sscp/audit?what=changes").get_data(as_text=True))
    assert changes
    assert not any("Sign-in" in row or "Signed in" in row for row in changes)
    today = site.records.clock.today()
    later = (today + timedelta(days=1)).isoformat()
    none = admin.get(f"/p/sscp/audit?from={later}").get_data(as_text=True)
    assert "Nothing found." in none
    assert len(_rows(admin.get(f"/p/sscp/audit?from={today}&to={today}").get_data(as_text=True)))
    bad = admin.get("/p/sscp/audit?from=31/03/2025")
    assert bad.status_code == 200
    assert "The from date must be a date like 2025-03-31" in bad.get_data(as_text=True)
    assert admin.get("/p/sscp/audit?what=everything").status_code == 404


def test_names_on_the_audit_page_come_back_escaped(site: Site) -> None:
    Records(site.records.workspace, actor=XSS).add(
        "body", {"partnership": "sscp", "key": "xss", "name": XSS, "kind": "board"}
    )
    admin = site.signed_in("administrator")
    page = admin.get(f"/p/sscp/audit?person={XSS}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert html.escape(XSS, quote=True).replace("&quot;", "&#34;") in page
    assert len(_rows(page)) == 1


def test_an_analyst_turns_on_two_factor_sign_in(site: Site) -> None:
    client = site.signed_in("analyst")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in home
    account = client.get("/account").get_data(as_text=True)
    assert "Analyst" in account
    assert "Analyst in sscp" in account
    assert "Turn on two-factor sign-in" in account
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="safer-code">([A-Z2-7]+)<', page)
    assert secret
    address = html.unescape(re.search(r'details__text safer-code">([^<]+)<', page).group(1))  # type: ignore[union-attr]
    assert pyotp.parse_uri(address).secret == secret.group(1)
    image = re.search(
        r'<img class="safer-qr" src="(data:image/svg\+xml;[^"]+)" alt="([^"]+)"', page
    )
    assert image
    assert "QR code" in image.group(2)
    assert html.unescape(image.group(1)) == segno.make(address, error="m").svg_data_uri(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff"
    )
    assert client.get("/account/two-factor").get_data(as_text=True).count(secret.group(1)) >= 1
    wrong = client.post(
        "/account/two-factor", data={"code": "000000", "csrf_token": token(client, "/account")}
    )
    assert "The code is not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret.group(1)).at(site.records.clock.now())
    done = client.post(
        "/account/two-factor", data={"code": code, "csrf_token": token(client, "/account")}
    )
    assert done.headers["Location"].endswith("/account")
    assert site.accounts.get("analyst").two_factor
    after = client.get("/account").get_data(as_text=True)
    assert 'Two-factor sign-in</dt><dd class="govuk-summary-list__value">On<' in after
    assert "Turn on two-factor" not in after
    again = site.client()
    page = again.post(
        "/sign-in",
        data={
            "username": "analyst",
            "password": PASSWORD,
            "csrf_token": token(again, "/sign-in"),
        },
    )
    assert page.headers["Location"].endswith("/sign-in/code")


def test_the_set_up_page_of_an_administrator_shows_the_qr_code(site: Site) -> None:
    site.accounts.add(
        "root", display_name="Root", password=PASSWORD, grants={"sscp": "administrator"}
    )
    client = _sign_in(site, "root", PASSWORD)
    page = client.get("/sign-in/set-up-code").get_data(as_text=True)
    assert '<img class="safer-qr" src="data:image/svg+xml;' in page
    assert "Administrators sign in with a password and a code" in page


def test_a_person_changes_their_password_on_the_account_page(site: Site) -> None:
    client = site.signed_in("board-member")
    new = "a different long pass phrase"
    wrong = client.post(
        "/account/password",
        data={
            "current": "not it",
            "new": new,
            "again": new,
            "csrf_token": token(client, "/account/password"),
        },
    )
    assert "The current password is not right." in wrong.get_data(as_text=True)
    done = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": new,
            "again": new,
            "csrf_token": token(client, "/account/password"),
        },
    )
    assert done.headers["Location"].endswith("/account")
    assert site.accounts.sign_in("board-member", new, address="1.2.3.4").outcome == "signed-in"


def test_changing_the_password_ends_the_accounts_other_sessions(site: Site) -> None:
    elsewhere = site.signed_in("board-member")
    here = site.signed_in("board-member")
    assert elsewhere.get("/account").status_code == 200
    new = "a different long pass phrase"
    here.post(
        "/account/password",
        data={"current": PASSWORD, "new": new, "again": new,
              "csrf_token": token(here, "/account/password")},
    )  # fmt: skip
    assert here.get("/account").status_code == 200  # this session goes on
    ended = elsewhere.get("/account")
    assert ended.status_code == 302
    assert "/sign-in" in ended.headers["Location"]
