"""The contenders of the ingest and aggregate benchmarks, each run in its own process by ``run.py``.

Usage::

    python benchmarks/contenders.py WORKLOAD CONTENDER DATA WORK OUT_CSV
    python benchmarks/contenders.py setup-safer WORK
    python benchmarks/contenders.py time-analysis WORKSPACE PERIOD AREA REPEATS

WORKLOAD is one of the tables every contender computes from the police.uk street CSVs under
DATA and writes to OUT_CSV, so that ``run.py`` can check that they agree:

- ``lsoa-month``: counts by month, LSOA code and crime type over the whole archive
  (``month,lsoa,crime_type,count``; rows without a location have an empty LSOA);
- ``csp-year``: street records (ASB included) of every partnership area by financial year
  (``financial_year,area_code,count``), with the product's own partnership areas: LSOA ->
  local authority -> CSP from the shipped reference CSVs, a local authority that the lookup
  maps to several former CSPs being its own area.

CONTENDER is one of:

- ``safer-ingest`` (``lsoa-month`` only): ``safer ingest police-uk`` into a new, empty
  workspace WORK/ws (validation, rejects, raw copies with checksums, provenance, one
  transaction), then the table from the warehouse. Creating the workspace (loading the shipped
  reference data, about 1 s) is a one-off and runs untimed first (``setup-safer``).
- ``safer``: the library call on the warehouse already ingested in WORK/ws, opened read-only:
  ``export_street_counts`` or ``count_partnerships``. Users ingest once and query many times.
- ``pandas``: what an analyst's script does: read every CSV whole, concatenate, parse months,
  join the LSOA lookup for ward and local authority, group by, ``to_csv``.
- ``duckdb``: DuckDB's own parallel ``read_csv`` scan with the same GROUP BY (and, for
  ``csp-year``, the same lookups) and nothing else, written with ``COPY``: the practical
  ceiling for reading these files on this machine.
- ``duckdb-store`` (``lsoa-month`` only): DuckDB's own ``CREATE TABLE AS`` of every column
  of the CSVs into a new database file WORK/store.duckdb, then the same GROUP BY from that
  table: the floor for any ingest that keeps the rows (no checksums, raw copies,
  validation, rejects or provenance).

``time-analysis`` times the analysis library calls in one process, after a warm-up call, and
prints the seconds as JSON: what ``safer analyse`` and ``safer analyse-all`` spend beyond
starting Python and importing.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

LSOA_MONTH_HEADER = ("month", "lsoa", "crime_type", "count")
CSP_YEAR_HEADER = ("financial_year", "area_code", "count")


def _street_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*-street.csv"))


def setup_safer(work: Path) -> None:
    """Create the workspace (reference data) once, untimed: a one-off, not part of a load."""
    from saferinsight.workspace import Workspace

    with Workspace(work / "ws").writer() as writer:
        writer.touch()


def safer_ingest(data: Path, work: Path, out: Path) -> None:
    from saferinsight.ingest.police_uk import ingest_police_uk
    from saferinsight.workspace import Workspace

    ingest_police_uk(Workspace(work / "ws"), [data])
    safer_lsoa_month(data, work, out)


def safer_lsoa_month(data: Path, work: Path, out: Path) -> None:
    from saferinsight.analysis.counts import export_street_counts
    from saferinsight.workspace import Workspace

    with Workspace(work / "ws").reader() as warehouse:
        export_street_counts(warehouse, out)


def safer_csp_year(data: Path, work: Path, out: Path) -> None:
    from saferinsight.analysis.counts import count_partnerships
    from saferinsight.workspace import Workspace

    with Workspace(work / "ws").reader() as warehouse:
        rows = count_partnerships(warehouse).rows
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSP_YEAR_HEADER)
        writer.writerows(rows)


def _pandas_crimes(data: Path) -> Any:
    """Every street CSV read whole and concatenated, months parsed, the LSOA lookup joined."""
    import pandas as pd

    from saferinsight.reference import LSOA_LOOKUP, shipped

    frames = [pd.read_csv(path) for path in _street_files(data)]
    crimes = pd.concat(frames, ignore_index=True)
    crimes["Month"] = pd.to_datetime(crimes["Month"], format="%Y-%m")
    lookup = pd.read_csv(shipped(LSOA_LOOKUP))
    return crimes.merge(lookup, how="left", left_on="LSOA code", right_on="lsoa_code")


def pandas_lsoa_month(data: Path, work: Path, out: Path) -> None:
    crimes = _pandas_crimes(data)
    counts = (
        crimes.groupby(["Month", "LSOA code", "Crime type"], dropna=False)
        .size()
        .reset_index(name="count")
    )
    counts["Month"] = counts["Month"].dt.strftime("%Y-%m")
    counts.columns = list(LSOA_MONTH_HEADER)
    counts.to_csv(out, index=False, lineterminator="\n")


def pandas_csp_year(data: Path, work: Path, out: Path) -> None:
    import pandas as pd

    from saferinsight.reference import LAD_CSP_LOOKUP, shipped

    crimes = _pandas_crimes(data)
    lad_csp = pd.read_csv(shipped(LAD_CSP_LOOKUP))
    shared = lad_csp.groupby("ltla24_code")["csp24_code"].transform("nunique") > 1
    lad_csp["area_code"] = lad_csp["csp24_code"].where(~shared, lad_csp["ltla24_code"])
    areas = lad_csp[["ltla24_code", "area_code"]].drop_duplicates()
    crimes = crimes.merge(areas, left_on="lad_code", right_on="ltla24_code")
    first = crimes["Month"].dt.year - (crimes["Month"].dt.month < 4)
    crimes["financial_year"] = (
        first.astype(str) + "/" + ((first + 1) % 100).astype(str).str.zfill(2)
    )
    counts = crimes.groupby(["financial_year", "area_code"]).size().reset_index(name="count")
    counts.to_csv(out, index=False, lineterminator="\n")


def _duckdb_copy(
    sql: str, params: list[object], out: Path, *, database: Path | None = None
) -> None:
    import duckdb

    # Insertion order kept off, as the DuckDB documentation advises for bulk loads.
    config: dict[str, str | bool | int | float | list[str]] = (
        {"preserve_insertion_order": False} if database else {}
    )
    con = duckdb.connect(str(database) if database else ":memory:", config=config)
    con.execute("SET enable_progress_bar = false")
    if database:  # the store contender: every column into a table, then the table from it
        con.execute(f"CREATE TABLE street AS SELECT * FROM {_STREET_CSVS}", params)
        params = []
    target = str(out).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{target}' (FORMAT csv, HEADER true)", params)
    con.close()


_STREET_CSVS = "read_csv(?, header = true, delim = ',', quote = '\"')"
_LSOA_MONTH = (
    'SELECT left(CAST("Month" AS VARCHAR), 7) AS month, "LSOA code" AS lsoa,'
    ' "Crime type" AS crime_type, count(*) AS count FROM {source} GROUP BY ALL'
)


def duckdb_lsoa_month(data: Path, work: Path, out: Path) -> None:
    _duckdb_copy(
        _LSOA_MONTH.format(source=_STREET_CSVS), [[str(p) for p in _street_files(data)]], out
    )


def duckdb_store_lsoa_month(data: Path, work: Path, out: Path) -> None:
    _duckdb_copy(
        _LSOA_MONTH.format(source="street"),
        [[str(p) for p in _street_files(data)]],
        out,
        database=work / "store.duckdb",
    )


def duckdb_csp_year(data: Path, work: Path, out: Path) -> None:
    from saferinsight.reference import LAD_CSP_LOOKUP, LSOA_LOOKUP, shipped

    lookup = "read_csv(?, header = true, all_varchar = true)"
    _duckdb_copy(
        "WITH areas AS (SELECT ltla24_code AS lad_code, CASE WHEN count(DISTINCT csp24_code) > 1"
        f" THEN ltla24_code ELSE any_value(csp24_code) END AS area_code FROM {lookup}"
        f" GROUP BY ltla24_code), lsoas AS (SELECT lsoa_code, lad_code FROM {lookup}),"
        ' crimes AS (SELECT CAST(left(CAST("Month" AS VARCHAR), 4) AS INTEGER)'
        ' - CAST(CAST(substr(CAST("Month" AS VARCHAR), 6, 2) AS INTEGER) < 4 AS INTEGER)'
        " AS first_year,"
        ' "LSOA code" AS lsoa_code'
        f" FROM {_STREET_CSVS})"
        " SELECT first_year || '/' || lpad(CAST((first_year + 1) % 100 AS VARCHAR), 2, '0')"
        " AS financial_year, a.area_code, count(*) AS count FROM crimes c"
        " JOIN lsoas l ON l.lsoa_code = c.lsoa_code JOIN areas a ON a.lad_code = l.lad_code"
        " GROUP BY ALL",
        [
            str(shipped(LAD_CSP_LOOKUP)),
            str(shipped(LSOA_LOOKUP)),
            [str(p) for p in _street_files(data)],
        ],
        out,
    )


CONTENDERS = {
    ("lsoa-month", "safer-ingest"): safer_ingest,
    ("lsoa-month", "safer"): safer_lsoa_month,
    ("lsoa-month", "pandas"): pandas_lsoa_month,
    ("lsoa-month", "duckdb"): duckdb_lsoa_month,
    ("lsoa-month", "duckdb-store"): duckdb_store_lsoa_month,
    ("csp-year", "safer"): safer_csp_year,
    ("csp-year", "pandas"): pandas_csp_year,
    ("csp-year", "duckdb"): duckdb_csp_year,
}


def time_analysis(workspace: Path, period: str, area: str, repeats: int) -> dict[str, list[float]]:
    """Seconds of each library call after a warm-up, in this one process."""
    from saferinsight.analysis.engine import analyse_in
    from saferinsight.analysis.national import analyse_all_in
    from saferinsight.workspace import Workspace

    calls = {
        "analyse": lambda w: analyse_in(w, area, period=period),
        "analyse-all": lambda w: analyse_all_in(w, period=period),
    }
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    with Workspace(workspace).reader() as warehouse:
        for name, call in calls.items():
            for attempt in range(repeats + 1):
                started = time.perf_counter()
                call(warehouse)
                if attempt:
                    seconds[name].append(time.perf_counter() - started)
    return seconds


def main() -> None:
    if sys.argv[1] == "setup-safer":
        setup_safer(Path(sys.argv[2]))
        return
    if sys.argv[1] == "time-analysis":
        workspace, period, area, repeats = sys.argv[2:6]
        print(json.dumps(time_analysis(Path(workspace), period, area, int(repeats))))
        return
    workload, name, data, work, out = sys.argv[1:6]
    CONTENDERS[(workload, name)](Path(data), Path(work), Path(out))


if __name__ == "__main__":
    main()
