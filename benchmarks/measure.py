"""Run one command and print its wall time and peak RSS as JSON.

``run.py`` launches every timed command through this small process, so that the peak RSS
reported (``ru_maxrss`` from ``wait4``) is the command's own: a child forked straight from a
large parent starts with the parent's pages resident and would report the parent's size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    started = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_rss_mib": usage.ru_maxrss / 1024,
                "exit_code": os.waitstatus_to_exitcode(status),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
