"""Browser tests: ``safer serve`` over a copy of the demo workspace, driven by Playwright in
Debian's Chromium (Playwright downloads no browser here: it is given Chromium's path).

Screenshots of every page a test opens are written to ``$SAFER_SCREENSHOTS`` when that is set,
for a person to look at. Without Chromium the tests are skipped, unless
``SAFER_REQUIRE_BROWSER=1`` (``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from saferinsight.workspace import Workspace

if TYPE_CHECKING:
    from saferinsight.generate.demo import DemoResult

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("SAFER_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (SAFER_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium is not installed (scripts/system-packages.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield launched
        finally:
            launched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path, demo: Workspace) -> Iterator[str]:
    """The address of ``safer serve`` running in its own process over a copy of the demo."""
    root = tmp_path / "ws"
    shutil.copytree(demo.root, root)
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+b")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "saferinsight.cli",
            "--workspace",
            str(root),
            "serve",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"safer serve stopped: {log.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("safer serve did not start listening within 60 s")


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def passwords(demo_build: DemoResult) -> dict[str, str]:
    """Each demo account's temporary password, by role."""
    return {role: password for _, role, password in demo_build.users}


AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
#: The WCAG 2.2 A and AA rules (UK public bodies must meet 2.2 AA).
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def barriers(page: Any) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 A/AA violations on the page, in words.

    axe is evaluated through the DevTools protocol, so the page's Content-Security-Policy
    (no inline script) stays in force."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        WCAG,
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def look(page: Any, name: str, *, axe: bool = True) -> None:
    """Check the page as a person would: no serious or critical accessibility barrier (axe,
    which needs the page's JavaScript on), and a full-page screenshot to look at when
    ``SAFER_SCREENSHOTS`` is set."""
    problems = barriers(page) if axe else []
    folder = os.environ.get("SAFER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)
