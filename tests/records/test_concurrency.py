"""Two processes changing the same record at once: one change is saved, the other is refused
with a conflict message, and nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from saferinsight.records.service import Records

pytestmark = pytest.mark.slow

_EDIT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from saferinsight.errors import RecordConflictError
    from saferinsight.records.service import Records
    from saferinsight.settings import load_settings
    from saferinsight.workspace import Workspace

    root, url, who, start = sys.argv[1:5]
    workspace = Workspace(Path(root), settings=load_settings(workspace=root, database_url=url))
    records = Records(workspace, actor=who)
    records.get("review-action", 1)  # connect and upgrade check before the start signal
    while not Path(start).exists():
        time.sleep(0.005)
    try:
        records.update("review-action", 1, {"owner": who}, version=1)
        print("saved")
    except RecordConflictError as error:
        print("conflict:", error)
    """
)


def test_two_processes_updating_one_action(records: Records, tmp_path: Path) -> None:
    records.add("partnership", {"key": "p", "name": "P", "kind": "csp"})
    records.add("review", {"partnership": "p", "ref": "r", "kind": "sar", "pseudonym": "A"})
    rec = records.add("recommendation", {"review": "r", "text": "Learn"})
    records.add("review-action", {"recommendation": rec.id, "text": "Do"})
    start = tmp_path / "start"
    root = str(records.workspace.root)
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", _EDIT, root, records.url, who, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("ann", "ben")
    ]
    time.sleep(1.5)
    start.touch()
    results = {}
    for who, editor in zip(("ann", "ben"), editors, strict=True):
        out, err = editor.communicate(timeout=60)
        assert editor.returncode == 0, err
        results[who] = out.strip()
    saved = [who for who, out in results.items() if out == "saved"]
    refused = [out for out in results.values() if out.startswith("conflict:")]
    assert len(saved) == 1, results
    assert len(refused) == 1, results
    assert "nothing was saved" in refused[0]
    action = records.get("review-action", 1)
    assert action.values["owner"] == saved[0]
    assert action.version == 2
    updates = [c for c in records.history(kind="review-action") if c.action == "update"]
    assert [(c.actor, c.changes) for c in updates] == [(saved[0], (("owner", None, saved[0]),))]
