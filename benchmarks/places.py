"""Hotspot benchmarks (issue 16): Gi* on every LSOA of England and Wales with 999 permutations
(target under 10 s), and monthly Gi* with the classification over 36 months for one force
(target under 30 s). Writes ``benchmarks/places-results.md``; the method is in README.md.

Run: ``python benchmarks/places.py [--demo-workspace DIR] [--runs 5] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "places-results.md"
WORK = HERE / ".work"


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU times of ``runs`` calls after one untimed warm-up call, and the last
    result. CPU time (this process) shows what other processes' load added to the wall time."""
    result = call()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu, result


def national_counts() -> tuple[list[str], np.ndarray]:
    """Every LSOA of England and Wales (the shipped centroids) with its street records of
    June 2025 (the shipped national calibration counts, all forces and crime types)."""
    from saferinsight.geo.contiguity import lsoa_centroids
    from saferinsight.reference import CALIBRATION_DIR, shipped

    counts: Counter[str] = Counter()
    path = shipped(CALIBRATION_DIR) / "street_2025-06_counts.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts[row["lsoa_code"]] += int(row["count"])
    codes = sorted(lsoa_centroids())
    return codes, np.array([counts.get(c, 0) for c in codes], dtype=np.float64)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo-workspace", type=Path, default=WORK / "demo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    from saferinsight.analysis.hotspots import find_hotspots
    from saferinsight.geo.contiguity import lsoa_neighbour_pairs
    from saferinsight.stats.hotspots import getis_ord_gi_star
    from saferinsight.stats.weights import BinaryWeights
    from saferinsight.workspace import Workspace

    lines = ["# Hotspot benchmarks (issue 16)", ""]
    lines += [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; load average at start "
        f"{', '.join(f'{v:.1f}' for v in os.getloadavg())} (the machine is shared).",
        "",
        "| workload | target | median (s) | min (s) | max (s) | CPU median (s) | runs | detail |",
        "|---|---|---|---|---|---|---|---|",
    ]

    start = time.perf_counter()
    codes, x = national_counts()
    weights = BinaryWeights.from_pairs(
        codes, lsoa_neighbour_pairs(codes), description="queen contiguity of 2021 LSOAs"
    )
    setup = time.perf_counter() - start
    times, cpu, result = timed(
        lambda: getis_ord_gi_star(x, weights, permutations=999, seed=1), args.runs
    )
    hot = sum(result.hot)  # type: ignore[attr-defined]
    lines.append(
        f"| Gi* of all {len(codes):,} LSOAs, 999 permutations, Holm | < 10 s | "
        f"{statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} | "
        f"{statistics.median(cpu):.2f} | {args.runs} | {int(x.sum()):,} records (June 2025, "
        f"all forces); {hot:,} hotspots; weights built once beforehand in {setup:.1f} s "
        "(shipped contiguity read and indexed) |"
    )

    demo = Workspace(args.demo_workspace)
    if not demo.exists():
        from saferinsight.generate.demo import build_demo

        build_demo(demo)

    def force() -> object:
        return find_hotspots(
            demo, "West Mercia", period="2022-04..2025-03", over="month", permutations=999, seed=1
        )

    times, cpu, analysis = timed(force, max(1, args.runs - 2))
    places = len(analysis.places)  # type: ignore[attr-defined]
    records = analysis.records  # type: ignore[attr-defined]
    classes = Counter(p.over_time for p in analysis.places)  # type: ignore[attr-defined]
    shown = ", ".join(f"{n} {c}" for c, n in sorted(classes.items()) if c != "no pattern")
    lines.append(
        f"| `find_hotspots` West Mercia, 36 months, Gi* per month + whole period, 999 "
        f"permutations, classified | < 30 s | {statistics.median(times):.2f} | "
        f"{min(times):.2f} | {max(times):.2f} | {statistics.median(cpu):.2f} | {len(times)} | "
        f"{places:,} LSOAs, "
        f"{records:,} records of the demo workspace (read from its warehouse, counted, 37 Gi* "
        f"runs); {shown} |"
    )
    lines += [
        "",
        "Each workload runs once untimed (warm-up: imports, file cache), then timed in the same "
        "process. See README.md, *Hotspots*.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
