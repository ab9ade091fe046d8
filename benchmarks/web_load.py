"""Load test of the web application (issue 18): 50 signed-in users for 60 s over the overview,
a theme page and the case review register, first alone, then while police.uk files are being
ingested into the same workspace, in one run.

Usage::

    python benchmarks/web_load.py                      # measure, replace the section in results.md
    python benchmarks/web_load.py --print              # measure and print the section only
    python benchmarks/web_load.py --users 5 --seconds 5 --print   # a quick look

Method (also in ``benchmarks/README.md``): the demo workspace (built once under ``.work/``, or
``--demo-workspace``) is copied; 50 analyst accounts are added to its records; ``safer serve``
(waitress, 8 threads) runs in its own process on the loopback interface. Each simulated user is
a thread with its own keep-alive HTTP connection and session cookie (signed in through the
sign-in form, CSRF token included); it requests the overview, the all-crime theme page and the
case review register in turn, pausing a random 0.5 to 1.5 s between pages (a person reading;
``random.Random(user)``). Every page is requested once before timing (the first view after the
server starts, reported apart). Phase 1 runs the users alone (the baseline); phase 2 runs them
again while ``safer ingest police-uk`` loads twelve generated months of West Mercia files one
file at a time, each load publishing a new warehouse generation. Latency is measured by the
client from sending the request to reading the whole response. An error is any status other
than 200, a connection error, or a page without its heading. Targets: 0 errors, p95 under
500 ms, in phase 2.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "web-load"
RESULTS = HERE / "results.md"
HEADING = "## Web application under load (issue 18)"
PASSWORD = "a long benchmark passphrase"
PAGES = {
    "overview": "/p/sscp/overview",
    "theme": "/p/sscp/themes/total",
    "register": "/p/sscp/reviews",
}
TARGET_P95 = 0.5


@dataclass
class Tally:
    """Latencies (seconds) by page, and the errors seen."""

    times: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PAGES})
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[page].append(seconds)
            if error:
                self.errors.append(f"{page}: {error}")


class User:
    """One person's browser: a keep-alive connection and a session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, dict[str, str]]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a dropped keep-alive connection: open a new one once
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self.cookie = value.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def sign_in(self, username: str) -> None:
        _, page, _ = self.request("GET", "/sign-in")
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        assert found, "no CSRF token on the sign-in page"
        form = {"csrf_token": found.group(1), "username": username, "password": PASSWORD}
        status, _, headers = self.request("POST", "/sign-in", urlencode(form))
        assert status == 302, (username, status)
        assert headers.get("Location") == "/", (username, headers)


def visit(user: User, page: str, tally: Tally) -> None:
    started = time.perf_counter()
    error = None
    try:
        status, text, _ = user.request("GET", PAGES[page])
        if status != 200:
            error = f"status {status}"
        elif "<h1" not in text:
            error = "no heading"
    except (http.client.HTTPException, OSError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    tally.add(page, time.perf_counter() - started, error)


def run_users(users: list[User], seconds: float) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds

    def work(index: int, user: User) -> None:
        pause = random.Random(index)
        order = list(PAGES)
        step = index  # users start on different pages
        while time.monotonic() < stop:
            visit(user, order[step % len(order)], tally)
            step += 1
            time.sleep(pause.uniform(0.5, 1.5))

    threads = [threading.Thread(target=work, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def demo_workspace(given: Path | None) -> Path:
    """The demo workspace to copy (built once under ``.work`` unless given)."""
    if given is not None:
        return given
    built = WORK / "demo"
    if not (WORK / "demo-built").exists():
        shutil.rmtree(built, ignore_errors=True)
        safer("--workspace", str(built), "demo")
        (WORK / "demo-built").touch()
    return built


def safer(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "saferinsight.cli", *args], check=True, capture_output=True
    )


def prepare(source: Path, users: int) -> tuple[Path, Path]:
    """A copy of the demo with ``users`` analyst accounts, and the files to ingest."""
    from saferinsight.accounts.users import Accounts
    from saferinsight.records.service import Records
    from saferinsight.workspace import Workspace

    root = WORK / "run" / "ws"
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(source, root)
    accounts = Accounts(Records(Workspace(root), actor="benchmark"))
    for i in range(users):
        accounts.add(
            f"load-{i}", display_name=f"Load {i}", password=PASSWORD, grants={"sscp": "analyst"}
        )
    files = WORK / "ingest-files"
    if not (files / "done").exists():
        shutil.rmtree(files, ignore_errors=True)
        safer("generate", str(files), "--from", "2025-04", "--to", "2026-03", "--area",
              "West Mercia", "--no-outcomes", "--seed", "7")  # fmt: skip
        (files / "done").touch()
    return root, files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(root: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "saferinsight.cli", "--workspace", str(root), "serve",
         "--port", str(port), "--threads", "8"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("safer serve did not start")


def ingest_one_by_one(root: Path, files: Path, stop: threading.Event, done: list[int]) -> None:
    for path in sorted(files.rglob("*-street.csv")):
        if stop.is_set():
            return
        safer("--workspace", str(root), "ingest", "police-uk", str(path))
        done.append(1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(demo: Path | None, users: int, seconds: float) -> list[str]:
    root, files = prepare(demo_workspace(demo), users)
    port = free_port()
    server = serve(root, port)
    try:
        people = [User(port) for _ in range(users)]
        for i, person in enumerate(people):
            person.sign_in(f"load-{i}")
        first = Tally()
        for page in PAGES:  # the first view of each page after the server starts
            visit(people[0], page, first)
        alone = run_users(people, seconds)
        stop, loads = threading.Event(), []
        loader = threading.Thread(target=ingest_one_by_one, args=(root, files, stop, loads))
        loader.start()
        loaded = run_users(people, seconds)
        stop.set()
        loader.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return render(first, alone, loaded, users, seconds, len(loads))


def render(
    first: Tally, alone: Tally, loaded: Tally, users: int, seconds: float, loads: int
) -> list[str]:
    lines = [
        HEADING,
        "",
        f"{users} signed-in users for {seconds:.0f} s per phase, pausing 0.5 to 1.5 s between "
        "pages, against `safer serve` (waitress, 8 threads) on the loopback interface of this "
        "2-core machine; the users, the server and the ingest share its cores. Method: "
        "`benchmarks/web_load.py`. Target: 0 errors and p95 under 500 ms while an ingest runs.",
        "",
        "| Phase | Page | Requests | Errors | Median (ms) | p95 (ms) | p99 (ms) | Max (ms) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase, tally in (("users alone (baseline)", alone), ("with an ingest running", loaded)):
        every = [t for times in tally.times.values() for t in times]
        for page, times in [*tally.times.items(), ("all pages", every)]:
            errors = sum(e.startswith(f"{page}:") for e in tally.errors)
            if page == "all pages":
                errors = len(tally.errors)
            lines.append(
                f"| {phase} | {page} | {len(times):,} | {errors} | "
                f"{statistics.median(times) * 1000:.0f} | {percentile(times, 0.95) * 1000:.0f} | "
                f"{percentile(times, 0.99) * 1000:.0f} | {max(times) * 1000:.0f} |"
            )
    every = [t for times in loaded.times.values() for t in times]
    p95 = percentile(every, 0.95)
    verdict = "met" if p95 < TARGET_P95 and not loaded.errors else "NOT met"
    firsts = ", ".join(f"{page} {times[0] * 1000:.0f} ms" for page, times in first.times.items())
    lines += [
        "",
        f"While the users ran, {loads} police.uk files were ingested one at a time, each "
        f"publishing a new warehouse generation. Target {verdict}: p95 {p95 * 1000:.0f} ms "
        f"with an ingest running, {len(loaded.errors)} errors"
        + (f" (first: {loaded.errors[0]})" if loaded.errors else "")
        + f". First view of each page after the server started: {firsts}.",
        "",
    ]
    return lines


def replace_section(lines: list[str]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Results\n"
    pattern = re.compile(re.escape(HEADING) + r"\n.*?(?=\n## |\Z)", re.S)
    section = "\n".join(lines).rstrip("\n") + "\n"
    text = (
        pattern.sub(section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    )
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--demo-workspace", type=Path, default=None)
    parser.add_argument("--print", action="store_true", help="print, do not write results.md")
    options = parser.parse_args()
    lines = measure(options.demo_workspace, options.users, options.seconds)
    print("\n".join(lines))
    if not options.print:
        replace_section(lines)


if __name__ == "__main__":
    main()
