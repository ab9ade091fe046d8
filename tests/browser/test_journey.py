"""A partnership's people in a real browser: an administrator's first sign-in (two-factor
set-up), a later sign-in with a code, the governance pages, and signing out."""

from __future__ import annotations

from typing import Any

import pyotp

from saferinsight.generate.demo import DemoResult
from tests.browser.conftest import look, passwords


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
    secret = page.inner_text("p:has-text('Key:') .safer-code").strip()
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
