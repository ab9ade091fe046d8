"""Benchmarking every partnership (issue 16): ``safer benchmark`` on the real national June 2025
files.

Usage::

    python benchmarks/peers.py            # measure and replace the section in results.md
    python benchmarks/peers.py --print    # measure and print the section only

``run.py`` calls :func:`measure_section` too, so ``make bench`` keeps the section. See
``benchmarks/README.md`` for the method.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
SHARED_NATIONAL = ROOT.parent / "shared" / "data" / "police-uk" / "national-2025-06"
RESULTS = HERE / "results.md"
HEADING = "## Benchmarking every partnership (issue 16)"
PERIOD = "2025-06..2025-06"
TARGET = 5.0

#: Run in a fresh process: the library calls, timed after a warm-up call.
IN_PROCESS = """
import json, sys, time
from pathlib import Path
from saferinsight.analysis.benchmark import benchmark_in
from saferinsight.analysis.national import analyse_all_in
from saferinsight.workspace import Workspace

workspace, period, repeats = Workspace(Path(sys.argv[1])), sys.argv[2], int(sys.argv[3])
with workspace.reader() as warehouse:
    benchmark_in(warehouse, "Shropshire", period=period, themes="all")  # warm-up
    one = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = benchmark_in(warehouse, "Shropshire", period=period, themes="all")
        one.append(time.perf_counter() - start)
    start = time.perf_counter()
    national = analyse_all_in(warehouse, period=period, themes="all")
    done = 0
    for item in national.partnerships:
        if item.coverage.complete and item.population is not None:
            benchmark_in(warehouse, item.area.code, period=period, national=national)
            done += 1
    every = time.perf_counter() - start
print(json.dumps({
    "one": one,
    "every": every,
    "every_count": done,
    "compared": result.partnerships_compared,
    "excluded": len(result.excluded),
    "missing": [force for force, _ in result.forces_missing],
    "peers_left_out": [e.name for e in result.peers_left_out],
}))
"""


def national_workspace() -> Path:
    """The June 2025 files ingested into a workspace under ``.work`` (untimed, once)."""
    workspace = WORK / "national-2025-06-benchmark" / "ws"
    done = workspace.parent / "ingested"
    if not done.exists():
        shutil.rmtree(workspace, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "saferinsight.cli", "--workspace", str(workspace),
             "ingest", "police-uk", str(SHARED_NATIONAL)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        done.touch()
    return workspace


def measure_section(*, repeats: int = 5) -> list[str]:
    """The results section (markdown lines); empty when the national files are not present."""
    from run import shown_command, time_command  # type: ignore[import-not-found]

    if not SHARED_NATIONAL.exists():
        return [HEADING, "", f"Skipped: {SHARED_NATIONAL} is not present.", ""]
    workspace = national_workspace()
    args = ["--workspace", str(workspace), "benchmark", "Shropshire", "--period", PERIOD,
            "--theme", "all", "--format", "json"]  # fmt: skip
    seconds, peak = time_command(args, repeats=repeats)
    library = json.loads(
        subprocess.run(
            [sys.executable, "-c", IN_PROCESS, str(workspace), PERIOD, str(repeats)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    median = statistics.median(seconds)
    shown = shown_command(args, {str(workspace): "JUNE2025"})
    met = "yes" if median < TARGET else "**no**"
    return [
        HEADING,
        "",
        "JUNE2025 is a workspace holding the real national police.uk street files for June 2025 "
        "(39 forces, 345,810 rows), ingested once, untimed. The command runs as a new process: "
        "one warm-up, then the median of the timed runs. It computes the rate of every theme "
        "for every partnership area of England and Wales, both funnels of every theme, the "
        "peer group and the comparison. *In process* is the library call (`benchmark_in`) "
        "alone, after a warm-up call.",
        "",
        "| command | median s | runs | in process s | peak RSS MiB | target s | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| `{shown}` | {median:.2f} | {len(seconds)} | "
        f"{statistics.median(library['one']):.2f} | {peak:,.0f} | {TARGET:.1f} | {met} |",
        "",
        f"- Partnership areas compared: {library['compared']} of "
        f"{library['compared'] + library['excluded']}; {library['excluded']} left out because "
        f"these forces published no June 2025 file: {', '.join(library['missing'])}. "
        f"Shropshire's peers left out: {', '.join(library['peers_left_out']) or 'none'}.",
        f"- Each of the {library['every_count']} complete partnerships benchmarked in turn "
        f"(every theme, its own peer group and funnels) against one national analysis: "
        f"{library['every']:.2f} s in process, including that analysis.",
        "",
    ]


def replace_section(text: str, section: list[str]) -> str:
    """``text`` with the section replaced (or inserted before the optimisations)."""
    lines = text.splitlines()
    if HEADING in lines:
        start = lines.index(HEADING)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines[start:end] = section
    else:
        at = next(
            (i for i, line in enumerate(lines) if line.startswith("## What was optimised")),
            len(lines),
        )
        lines[at:at] = section
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--print", action="store_true", help="print the section only")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    section = measure_section(repeats=args.repeats)
    print("\n".join(section))
    if not args.print:
        RESULTS.write_text(
            replace_section(RESULTS.read_text(encoding="utf-8"), section), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
