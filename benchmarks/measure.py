"""Run one command and print its wall time and peak memory as JSON.

``run.py`` launches every timed command through this small process, so that the memory
reported is the command's own: a child forked straight from a large parent starts with the
parent's pages resident and would report the parent's size.

Two figures are reported. ``peak_rss_mib`` is ``ru_maxrss`` from ``wait4``: the largest peak of
any one process of the tree (the command and the children it waited for), not their sum.
``tree_rss_mib`` is the largest sum of the resident set sizes of the command and all its
descendants, sampled with psutil every ``SAMPLE_SECONDS``: it counts a worker process (the
report's PDF worker) together with its parent, but it can miss a peak shorter than the interval,
and it counts pages shared between processes (libraries) once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import psutil

SAMPLE_SECONDS = 0.1


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 once it has gone)."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:  # ended between listing and reading, or a zombie
            continue
    return total


def main() -> int:
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    process = psutil.Process(child.pid)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(process))
            stop.wait(SAMPLE_SECONDS)

    # Sample in a thread, so that the blocking wait4 ends the timing exactly at the exit.
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_rss_mib": usage.ru_maxrss / 1024,
                "tree_rss_mib": peak[0] / 2**20,
                "exit_code": os.waitstatus_to_exitcode(status),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
