"""A throwaway PostgreSQL server for the records tests: a new cluster in a temporary folder,
listening only on a Unix socket, stopped at the end of the session.

It needs Debian's ``postgresql`` package (``scripts/system-packages.sh`` installs it, and
``.ci/run`` makes it required with ``SAFER_REQUIRE_POSTGRES=1``). As root, the server runs as
the ``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    return Path(found[-1]).parent if found else None


def _major(path: str) -> int:
    return int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0


class Server:
    """A running cluster; :meth:`new_database` gives each test its own database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="safer-pg-"))
        self.data = self.root / "data"
        self.socket = self.root
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o755)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "safer", "--no-sync")
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c max_connections=60"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )
        self._count = 0

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)

    def url(self, database: str) -> str:
        return f"postgresql://safer@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """A new empty database's URL."""
        self._count += 1
        name = f"records_{self._count}"
        self._sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def refill(self, url: str, *, template: str) -> None:
        """Make the database at ``url`` a copy of the one at ``template`` (URLs this server
        gave, with no connection open to either)."""
        name, source = _name(url), _name(template)
        self._sql(f"DROP DATABASE {name}")
        self._sql(f"CREATE DATABASE {name} TEMPLATE {source}")

    def _sql(self, statement: str) -> None:
        subprocess.run(
            [str(self.bin / "psql"), "-h", str(self.socket), "-U", "safer", "-d", "postgres",
             "-qc", statement],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _name(url: str) -> str:
    """The database named in a URL of :meth:`Server.url`."""
    return url.split("@/", 1)[1].split("?")[0]
