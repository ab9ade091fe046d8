"""Run the benchmarks and write ``benchmarks/results.md``.

Usage::

    python benchmarks/run.py            # the full runs (about 10 GB of disk, half an hour)
    python benchmarks/run.py --quick    # a small-scale smoke run (CI); writes nothing unless --out

See ``benchmarks/README.md`` for the method.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: What was optimised and what it bought: written by hand, appended to results.md.
OPTIMISATIONS = HERE / "optimisations.md"
ROOT = HERE.parent
WORK = HERE / ".work"
SHARED_NATIONAL = ROOT.parent / "shared" / "data" / "police-uk" / "national-2025-06"
CONTENDERS = HERE / "contenders.py"

INGEST = "ingest, then month x LSOA x type"
LSOA_MONTH = "month x LSOA x type"
CSP_YEAR = "CSP x financial year"
STORE = "duckdb-store"  # DuckDB loading the CSVs into a database file: the floor for an ingest
TARGET_FASTER, TARGET_LIMIT = 5.0, 3.0  # issue 6: 5x faster than pandas, within 3x of DuckDB


@dataclass(frozen=True)
class Dataset:
    """police.uk street files to benchmark on, and how many timed runs each workload gets."""

    name: str
    folder: Path
    rows: int
    repeats: int


@dataclass(frozen=True)
class Measurement:
    """One contender on one workload: wall times of the timed runs and the peak memory."""

    workload: str
    dataset: str
    contender: str
    rows: int
    seconds: list[float]
    peak_rss_mib: float
    counts_match: bool | None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class Run:
    """How to run one contender: its command, its output, what to do untimed before each run."""

    command: list[str]
    output: Path
    prepare: Callable[[], None] | None = None


def measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of a command, launched through ``measure.py``.

    The memory is the larger of the biggest single process's peak (``ru_maxrss``) and the
    sampled peak of the whole process tree (see ``measure.py``).
    """
    result = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *command],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    if report["exit_code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed (exit code {report['exit_code']})")
    return float(report["seconds"]), max(report["peak_rss_mib"], report["tree_rss_mib"])


def sorted_digest(path: Path) -> str:
    """SHA-256 of a file's lines in sorted order: equal digests, byte-identical tables."""
    lines = path.read_bytes().splitlines()
    lines.sort()
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def side_by_side(
    runs: dict[str, Run], *, repeats: int, label: str
) -> tuple[dict[str, list[float]], dict[str, float], dict[str, str]]:
    """Warm up once, then run each contender ``repeats`` times in turn, interleaved.

    Returns each contender's timed seconds, its peak memory and the digest of the table its
    warm-up run wrote.
    """
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    peaks: dict[str, float] = dict.fromkeys(runs, 0.0)
    digests: dict[str, str] = {}
    for attempt in range(repeats + 1):  # attempt 0 is the warm-up: page cache, bytecode
        for name, run in runs.items():
            if run.prepare:
                run.prepare()
            elapsed, rss = measured(run.command)
            if attempt == 0:
                digests[name] = sorted_digest(run.output)
                continue
            seconds[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
            print(f"  {label} {name}: {elapsed:.2f} s, {rss:,.0f} MiB", flush=True)
    return seconds, peaks, digests


def measure_dataset(dataset: Dataset) -> tuple[list[Measurement], Path]:
    """The three workloads on one dataset: the measurements, and the warehouse ingested.

    In each round Safer Insight's query contenders read the warehouse that its ingest
    contender built just before; the last one is kept for the analysis commands. The
    pandas and DuckDB contenders read the CSVs whichever way Safer Insight gets the table, so
    one set of their runs serves both the ingest and the month x LSOA x type workloads.
    """
    run_dir, out = WORK / "run", WORK / "out"
    for folder in (run_dir, out):
        shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True)
    ingested = run_dir / "safer"

    def fresh_workspace() -> None:  # untimed: the reference data loads once per workspace
        shutil.rmtree(ingested, ignore_errors=True)
        ingested.mkdir(parents=True)
        subprocess.run([sys.executable, str(CONTENDERS), "setup-safer", str(ingested)], check=True)

    def run(workload: str, name: str, prepare: Callable[[], None] | None = None) -> Run:
        work = ingested if name.startswith("safer") else run_dir / name
        work.mkdir(parents=True, exist_ok=True)
        output = out / f"{workload}-{name}.csv"
        command = [sys.executable, str(CONTENDERS), workload, name]
        return Run([*command, str(dataset.folder), str(work), str(output)], output, prepare)

    def fresh_store() -> None:  # untimed: the DuckDB store contender loads into a new file
        for name in ("store.duckdb", "store.duckdb.wal"):
            (run_dir / STORE / name).unlink(missing_ok=True)

    prepare = {"safer-ingest": fresh_workspace, STORE: fresh_store}
    names = ("safer-ingest", "safer", "pandas", "duckdb", STORE)
    seconds, peaks, digests = side_by_side(
        {n: run("lsoa-month", n, prepare.get(n)) for n in names},
        repeats=dataset.repeats,
        label=f"{LSOA_MONTH}, {dataset.name}:",
    )
    csp = side_by_side(
        {n: run("csp-year", n) for n in ("safer", "pandas", "duckdb")},
        repeats=dataset.repeats,
        label=f"{CSP_YEAR}, {dataset.name}:",
    )
    warehouse = WORK / "warehouses" / dataset.folder.name
    shutil.rmtree(warehouse, ignore_errors=True)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(ingested, warehouse)
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    both = {"pandas": "pandas", "duckdb": "duckdb"}
    lsoa = (seconds, peaks, digests)
    return [
        *as_rows(
            INGEST, dataset, lsoa, {"safer": "safer-ingest", **both, STORE: STORE}, "safer-ingest"
        ),
        *as_rows(LSOA_MONTH, dataset, lsoa, {"safer": "safer", **both}, "safer-ingest"),
        *as_rows(CSP_YEAR, dataset, csp, {"safer": "safer", **both}, "safer"),
    ], warehouse


Found = tuple[dict[str, list[float]], dict[str, float], dict[str, str]]


def as_rows(
    workload: str, dataset: Dataset, found: Found, shown: dict[str, str], reference: str
) -> list[Measurement]:
    """Rows of the results table: shown name -> runs; each table compared with the reference's."""
    seconds, peaks, digests = found
    return [
        Measurement(
            workload,
            dataset.name,
            name,
            dataset.rows,
            seconds[key],
            peaks[key],
            None if key == reference else digests[key] == digests[reference],
        )
        for name, key in shown.items()
    ]


@dataclass(frozen=True)
class CommandTiming:
    """A CLI command timed as a user runs it: a fresh process each time."""

    name: str
    command: str
    seconds: list[float]
    peak_rss_mib: float
    target: float
    in_process: tuple[float, ...] = ()

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def time_command(args: list[str], *, repeats: int) -> tuple[list[float], float]:
    """Wall seconds of each run (after one warm-up) and the peak memory."""
    runs, peak = [], 0.0
    for attempt in range(repeats + 1):
        elapsed, rss = measured([sys.executable, "-m", "saferinsight.cli", *args])
        if attempt:
            runs.append(elapsed)
            peak = max(peak, rss)
    return runs, peak


def measure_analysis(
    warehouse: Path, *, period: str, area: str, repeats: int
) -> list[CommandTiming]:
    """``safer analyse`` for one CSP and ``safer analyse-all`` on the national warehouse."""
    workspace = str(warehouse / "ws")
    library = json.loads(
        subprocess.run(
            [
                sys.executable,
                str(CONTENDERS),
                "time-analysis",
                workspace,
                period,
                area,
                str(repeats),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    commands = [
        ("analyse one CSP", "analyse", [area, "--period", period, "--format", "json"], 1.0),
        (
            "analyse all CSPs",
            "analyse-all",
            ["--period", period, "--theme", "all", "--format", "json"],
            30.0,
        ),
    ]
    timings = []
    for name, command, options, target in commands:
        args = ["--workspace", workspace, command, *options]
        seconds, peak = time_command(args, repeats=repeats)
        shown = shown_command(args, {workspace: "NATIONAL"})
        timings.append(CommandTiming(name, shown, seconds, peak, target, tuple(library[command])))
        print(f"  {name}: {statistics.median(seconds):.2f} s", flush=True)
    return timings


def measure_commands(
    *, repeats: int, quick: bool = False, demo: Path | None = None
) -> list[CommandTiming]:
    """The demo workspace's everyday commands, against the targets of issues 3, 6 and 17 (the
    report in every format, the slide deck included, in under 20 s).

    ``demo`` is a demo workspace built already (the commands only read it); by default one is
    built, or brought up to date, in ``.work``.
    """
    if demo is None:
        from saferinsight.generate.demo import build_demo
        from saferinsight.workspace import Workspace

        demo = WORK / "demo-workspace"
        build_demo(Workspace(demo))
    report = [
        "--workspace",
        str(demo),
        "report",
        "strategic-assessment",
        "--area",
        "Shropshire",
        "--period",
        "2024/25",
        "--out",
        str(WORK / "reports"),
    ]
    analyse = ["analyse", "Shropshire", "--period", "2024/25", "--format", "json"]
    commands = [
        ("cold start", ["--help"], 0.5),
        ("status", ["--workspace", str(demo), "status"], 2.0),
        ("analyse one CSP", ["--workspace", str(demo), *analyse], 2.0),
        ("report, HTML", [*report, "--format", "html"], 5.0),
        ("report, every format", [*report, "--format", "html,pdf,docx,pptx"], 20.0),
    ]
    if quick:  # the CI smoke run: skip the slowest command
        commands = commands[:-1]
    timings = []
    for name, args, target in commands:
        seconds, peak = time_command(args, repeats=repeats)
        names = {str(WORK / "reports"): "OUT", str(demo): "DEMO"}
        timings.append(CommandTiming(name, shown_command(args, names), seconds, peak, target))
        print(f"  {name}: {statistics.median(seconds):.2f} s", flush=True)
    return timings


def shown_command(args: list[str], names: dict[str, str]) -> str:
    """The command as the results table shows it, with long paths replaced by short names."""
    text = "safer " + " ".join(a if " " not in a else f"'{a}'" for a in args)
    for path, name in names.items():
        text = text.replace(path, name)
    return text


def render_analysis(timings: list[CommandTiming], dataset: str) -> list[str]:
    lines = [
        "## Analysis on the national warehouse",
        "",
        f"NATIONAL is the warehouse the ingest workload built from the {dataset}. Each command "
        "runs as a new process, as an analyst runs it: one warm-up, then the median of the "
        "timed runs. *In process* is the library call alone (`analyse_in`, "
        "`analyse_all_in`), timed in one process after a warm-up call; the rest of the "
        "command's time is starting Python, importing and writing the JSON. There is no pandas "
        "or DuckDB contender here: the analyses (tests, intervals, populations, coverage) have "
        "no counterpart in a plain script.",
        "",
        "| command | median s | runs | in process s | peak RSS MiB | target s | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in timings:
        inside = f"{statistics.median(t.in_process):.2f}" if t.in_process else "-"
        lines.append(
            f"| `{t.command}` | {t.median:.2f} | {len(t.seconds)} | {inside} | "
            f"{t.peak_rss_mib:,.0f} | {t.target:.1f} | "
            f"{'yes' if t.median < t.target else '**no**'} |"
        )
    return [*lines, ""]


def render_commands(timings: list[CommandTiming]) -> list[str]:
    lines = [
        "## Commands on the demo workspace",
        "",
        "Each command runs as a new process, as an analyst runs it: one warm-up, then the "
        "median of the timed runs. DEMO is the workspace `make demo` builds; OUT a folder for "
        "the report. The report draws its charts and lays out its PDF in two worker processes: "
        "its peak memory is the sampled sum over the process tree (see the README).",
        "",
        "| command | median s | runs | peak RSS MiB | target s | met |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in timings:
        lines.append(
            f"| `{t.command}` | {t.median:.2f} | {len(t.seconds)} | "
            f"{t.peak_rss_mib:,.0f} | {t.target:.1f} | "
            f"{'yes' if t.median < t.target else '**no**'} |"
        )
    return [*lines, ""]


def generated_national(months: int, *, scale: float) -> tuple[Path, int]:
    """Generated national street files (cached between runs)."""
    from saferinsight.generate import generate_police_uk

    end = _last_month(months)
    folder = WORK / f"national-{months}-{scale}"
    marker = folder / "rows.txt"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        report = generate_police_uk(
            folder, start="2022-04", end=end, seed=1, outcomes=False, scale=scale
        )
        marker.write_text(str(report.street_rows))
    return folder, int(marker.read_text())


def count_rows(folder: Path) -> int:
    return sum(p.read_bytes().count(b"\n") - 1 for p in sorted(folder.rglob("*-street.csv")))


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    import duckdb
    import pandas

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM; Python {platform.python_version()}"
        f", DuckDB {duckdb.__version__}, pandas {pandas.__version__}; {platform.platform()}"
    )


def render(measurements: list[Measurement], notes: list[str]) -> list[str]:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench`; method in "
        "`benchmarks/README.md`.",
        "",
        "## Ingest and aggregate",
        "",
        f"Safer Insight's *{INGEST}* row loads the CSVs into a new workspace, then writes the "
        f"table; its *{LSOA_MONTH}* and *{CSP_YEAR}* rows query the warehouse already "
        "ingested, as its users do (ingest once, query many times). The pandas and DuckDB "
        "contenders read the CSVs every time: their runs for the first two workloads are the "
        "same runs. *Same counts*: the contender's table is byte for byte Safer Insight's.",
        "",
        "| workload | data | contender | rows | median s | runs | rows/s | peak RSS MiB "
        "| time vs Safer Insight | same counts |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    safer = {(m.workload, m.dataset): m.median for m in measurements if m.contender == "safer"}
    for m in measurements:
        ratio = m.median / safer[(m.workload, m.dataset)]
        same = "-" if m.counts_match is None else ("yes" if m.counts_match else "**NO**")
        lines.append(
            f"| {m.workload} | {m.dataset} | {m.contender} | {m.rows:,} | {m.median:.2f} | "
            f"{len(m.seconds)} | {m.rows / m.median:,.0f} | {m.peak_rss_mib:,.0f} | "
            f"{ratio:.2f}x | {same} |"
        )
    return [*lines, "", *notes, *([""] if notes else []), *reading(measurements), ""]


def reading(measurements: list[Measurement]) -> list[str]:
    """The targets of issue 6 against this run's ratios, and the end-to-end comparison."""
    by = {(m.workload, m.dataset, m.contender): m for m in measurements}
    lines = ["## Against the targets", ""]
    for workload, dataset in dict.fromkeys((m.workload, m.dataset) for m in measurements):
        safer, pandas, limit = (by[(workload, dataset, c)] for c in ("safer", "pandas", "duckdb"))
        faster, within = pandas.median / safer.median, safer.median / limit.median
        lines.append(
            f"- {workload}, {dataset}: {faster:.1f}x faster than the pandas script (target "
            f"{TARGET_FASTER:g}x: {'met' if faster >= TARGET_FASTER else 'missed'}); "
            f"{within:.2f}x the DuckDB limit's time (target within {TARGET_LIMIT:g}x: "
            f"{'met' if within <= TARGET_LIMIT else 'missed'}); peak RSS "
            f"{safer.peak_rss_mib / 1024:.2f} GiB."
        )
        store = by.get((workload, dataset, STORE))
        if store:
            lines[-1] += (
                f" DuckDB's own load of the same CSVs into a database file, then the table, "
                f"takes {store.median / limit.median:.2f}x the limit's time; Safer Insight "
                f"takes {safer.median / store.median:.2f}x that floor's."
            )
    lines += ["", "End to end, from the CSVs to both tables:", ""]
    for dataset in dict.fromkeys(m.dataset for m in measurements):
        ingest = by[(INGEST, dataset, "safer")].median
        csp = by[(CSP_YEAR, dataset, "safer")].median
        lsoa = by[(LSOA_MONTH, dataset, "safer")].median
        scripts = [by[(w, dataset, "pandas")].median for w in (LSOA_MONTH, CSP_YEAR)]
        lines.append(
            f"- {dataset}: Safer Insight {ingest + csp:.1f} s (ingest and the first table "
            f"{ingest:.1f} s, then the CSP table {csp:.2f} s); the two pandas scripts "
            f"{sum(scripts):.1f} s, each re-reading the CSVs ({sum(scripts) / (ingest + csp):.1f}x"
            f"); one script computing both tables from a single read would take at least "
            f"{max(scripts):.1f} s ({max(scripts) / (ingest + csp):.1f}x). Each further table "
            f"costs Safer Insight a query ({lsoa:.2f} s and {csp:.2f} s here) and the script a "
            "re-read."
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small-scale smoke run")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results.md)")
    parser.add_argument("--months", type=int, default=36, help="generated national months")
    parser.add_argument(
        "--demo-workspace",
        type=Path,
        help="time the commands on this demo workspace, built already (default: build one)",
    )
    args = parser.parse_args()
    # The warm-up run leaves Python's bytecode cache, as an analyst's installation has one; a
    # PYTHONDONTWRITEBYTECODE inherited from the shell (some sandboxes set it) would make every
    # timed command compile the package's modules again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    datasets: list[Dataset] = []
    notes: list[str] = []
    if args.quick:
        folder, rows = generated_national(2, scale=0.02)
        datasets.append(Dataset("generated national, 2 months at 2%", folder, rows, repeats=1))
        period = "2022-05..2022-05"
    else:
        if SHARED_NATIONAL.exists():
            datasets.append(
                Dataset(
                    "real national June 2025 (39 forces)",
                    SHARED_NATIONAL,
                    count_rows(SHARED_NATIONAL),
                    repeats=5,
                )
            )
        else:
            notes.append(f"Real national June 2025 skipped: {SHARED_NATIONAL} is not present.")
        folder, rows = generated_national(args.months, scale=1.0)
        name = f"generated national, {args.months} months"
        datasets.append(Dataset(name, folder, rows, repeats=3))
        period = "2024/25" if args.months == 36 else f"12 months to {_last_month(args.months)}"
    measurements: list[Measurement] = []
    warehouse = WORK
    for dataset in datasets:
        found, warehouse = measure_dataset(dataset)
        measurements += found
    repeats = 1 if args.quick else 5
    analysis = measure_analysis(warehouse, period=period, area="Shropshire", repeats=repeats)
    timings = measure_commands(repeats=repeats, quick=args.quick, demo=args.demo_workspace)
    from peers import measure_section  # type: ignore[import-not-found]

    peers = [] if args.quick else measure_section(repeats=repeats)
    text = "\n".join(
        [
            *render(measurements, notes),
            *render_analysis(analysis, datasets[-1].name),
            *render_commands(timings),
            *peers,
            "",
            OPTIMISATIONS.read_text(encoding="utf-8").rstrip(),
            "",
        ]
    )
    out = args.out or (None if args.quick else HERE / "results.md")
    if out:
        out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(m.counts_match is False for m in measurements) else 0


def _last_month(months: int) -> str:
    year, month = divmod(3 + months - 1, 12)  # generated data start in 2022-04
    return f"{2022 + year}-{month + 1:02d}"


if __name__ == "__main__":
    raise SystemExit(main())
