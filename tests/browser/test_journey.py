"""A partnership's people in a real browser: an administrator's first sign-in (two-factor
set-up), a later sign-in with a code, the governance pages, and signing out."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp

from saferinsight.generate.demo import DemoResult
from tests.browser.conftest import look, passwords

#: The provider of the demo's IOM figures.
IOM_TEAM = "West Mercia IOM (Police and Probation)"


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")


def enter_code(page: Any, secret: str) -> None:
    assert page.url.endswith("/sign-in/code"), page.url
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Continue')")


def test_an_administrator_signs_in_with_two_factor_and_signs_out(
    page: Any, demo_build: DemoResult
) -> None:
    temporary = passwords(demo_build)["administrator"]
    sign_in(page, "demo-administrator", temporary)
    assert page.url.endswith("/sign-in/set-up-code")  # administrators need a second factor
    look(page, "01-set-up-code")
    secret = page.inner_text("p:has-text('type this key') .safer-code").strip()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Turn on two-factor sign-in')")

    assert "Two-factor sign-in is set up" in page.inner_text("main")
    sign_in(page, "demo-administrator", temporary)
    enter_code(page, secret)

    assert page.url.endswith("/")
    page.click("button:has-text('Sign out')")
    assert "Sign in" in page.inner_text("main")

    sign_in(page, "demo-administrator", temporary)
    look(page, "03-code")
    enter_code(page, secret)
    assert page.url.endswith("/")
    look(page, "04-home")
    home = page.get_attribute("main a[href^='/p/']", "href")
    page.goto(home)
    look(page, "05-partnership")
    page.click("main a:has-text('Overview')")
    page.wait_for_url("**/overview")
    look(page, "05-overview")
    tiles = page.locator("main h3 a")  # a tile per theme, each opening its theme page
    assert tiles.count() >= 10
    page.click("main h3 a:has-text('All crime')")
    page.wait_for_url("**/themes/**")
    assert page.locator("table").count() >= 1  # every chart's data, readable without script
    look(page, "05-theme")
    for link in ("Case review register", "Actions", "Funding", "Structure", "History of changes"):
        page.goto(home)
        page.click(f"main a:has-text('{link}')")
        look(page, f"06-{link.lower().replace(' ', '-')}")
        assert page.locator("h1").count() == 1, page.url
    page.goto(f"{home}audit")  # sign-ins, views of confidential data and changes
    assert "demo-administrator" in page.inner_text("main")
    look(page, "07-audit")
    page.goto("/account")
    look(page, "08-account")
    page.click("button:has-text('Sign out')")
    page.goto(home)  # the partnership's pages are closed again
    assert "/sign-in" in page.url, page.url
    assert "Signed in as" not in page.content()


def test_the_public_site_reads_without_signing_in_or_javascript(browser: Any, server: str) -> None:
    for script in (True, False):
        context = browser.new_context(base_url=server, java_script_enabled=script)
        page = context.new_page()
        try:
            page.goto("/public/")
            look(page, f"10-public-{'script' if script else 'no-script'}", axe=script)
            page.click("main a[href^='/public/']")
            assert "Signed in as" not in page.content()
            assert page.locator("main h3").count() >= 10  # a tile per theme
            look(page, f"11-public-dashboard-{'script' if script else 'no-script'}", axe=script)
        finally:
            context.close()


def test_an_analyst_checks_uploads_and_downloads_a_report(
    page: Any, demo_build: DemoResult
) -> None:
    assert demo_build.partner_files is not None
    files = demo_build.partner_files
    sign_in(page, "demo-analyst", passwords(demo_build)["analyst"])
    home = page.get_attribute("main a[href^='/p/']", "href")
    page.goto(f"{home}data")
    look(page, "20-data")

    page.goto(f"{home}uploads")
    look(page, "21-upload-form")
    upload(page, "iom-reoffending", files / "iom-reoffending-invalid.csv")
    look(page, "22-upload-problems")
    problems = page.locator("table.govuk-table tbody tr")
    assert problems.count() >= 1  # each with its row, column, value, problem and fix
    assert page.locator("th:has-text('Row')").count() == 1
    page.click("button:has-text('Cancel the upload')")
    assert "cancelled" in page.inner_text("main")

    page.goto(f"{home}uploads")
    # the IOM team sends its figures again, as a messy spreadsheet: they replace the ones it
    # sent before
    upload(page, "iom-reoffending", files / "iom-reoffending-messy.csv", IOM_TEAM)
    assert "No problems found" in page.inner_text("main"), page.inner_text("main")
    look(page, "23-upload-clean")
    page.click("button:has-text('Accept and load')")
    wait_for(page, lambda text: re.search(r"Status\s+(loaded|failed)", text) is not None)
    assert re.search(r"Status\s+loaded", page.inner_text("main")), page.inner_text("main")
    page.goto(f"{home}data")
    assert "iom-reoffending-messy.csv" in page.inner_text("main")
    look(page, "24-upload-loaded")

    page.goto(f"{home}reports/new")
    look(page, "25-report-form")
    for box in page.locator("input[name='formats']").all():
        if box.get_attribute("value") != "html" and box.is_checked():
            box.uncheck()
    page.check("input[name='formats'][value='html']")
    page.click("button:has-text('Start the report')")
    wait_for(page, lambda text: "Download" in text or "failed" in text.lower(), seconds=600)
    look(page, "26-report-done")
    with page.expect_download() as download:
        page.click("main a:has-text('HTML')")
    saved = download.value.path()
    assert "strategic assessment" in saved.read_text(encoding="utf-8").lower()
    page.click("button:has-text('Sign out')")


def upload(page: Any, dataset: str, path: Any, agency: str = "West Mercia Police") -> None:
    page.select_option("#dataset", dataset)
    if page.locator("#agency").count():
        page.fill("#agency", agency)
    page.set_input_files("#file", str(path))
    page.click("button:has-text('Check the file')")
    wait_for(page, lambda text: "Checking the file" not in text)


def wait_for(page: Any, ready: Any, *, seconds: float = 120) -> None:
    """Reload the page (as its own refresh does) until ``ready(main text)``."""
    deadline = time.monotonic() + seconds
    while not ready(page.inner_text("main")):
        assert time.monotonic() < deadline, page.inner_text("main")
        page.wait_for_timeout(1000)
        page.reload()
