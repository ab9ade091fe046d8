"""The contenders of the ingest benchmark, each run in its own process by ``run.py``.

Usage: ``python benchmarks/contenders.py CONTENDER DATA_DIR WORK_DIR OUT_CSV``

Each contender reads every police.uk street CSV under DATA_DIR and writes counts by
(month, LSOA code, crime type) to OUT_CSV, so that ``run.py`` can check they agree.

- ``safer``: ``safer ingest police-uk`` into a new, empty workspace (validation, rejects, raw
  copies with checksums, provenance), then the counts from the warehouse. Creating the
  workspace (loading the shipped reference data, about 1 s) is a one-off and runs untimed first.
- ``pandas``: what an analyst's script does: read every CSV whole, concatenate, parse months,
  join the LSOA lookup for ward and local authority, group by.
- ``duckdb``: DuckDB's own parallel ``read_csv`` scan with the same GROUP BY and nothing else:
  the practical ceiling for reading these files on this machine.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def _street_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*-street.csv"))


def setup_safer(work: Path) -> None:
    """Create the workspace (reference data) once, untimed: a one-off, not part of a load."""
    from saferinsight.workspace import Workspace

    with Workspace(work / "ws").open_warehouse():
        pass


def run_safer(data: Path, work: Path) -> list[tuple[str, str, str, int]]:
    from saferinsight.ingest.police_uk import ingest_police_uk
    from saferinsight.store.counts import count_all_street
    from saferinsight.workspace import Workspace

    workspace = Workspace(work / "ws")
    ingest_police_uk(workspace, [data])
    with workspace.open_warehouse(read_only=True) as warehouse:
        return count_all_street(warehouse.con)


def run_pandas(data: Path, work: Path) -> list[tuple[str, str, str, int]]:
    import pandas as pd

    from saferinsight.reference import LSOA_LOOKUP, shipped

    frames = [pd.read_csv(path) for path in _street_files(data)]
    crimes = pd.concat(frames, ignore_index=True)
    crimes["Month"] = pd.to_datetime(crimes["Month"], format="%Y-%m")
    lookup = pd.read_csv(shipped(LSOA_LOOKUP))
    crimes = crimes.merge(lookup, how="left", left_on="LSOA code", right_on="lsoa_code")
    crimes["LSOA code"] = crimes["LSOA code"].fillna("")
    grouped = crimes.groupby(["Month", "LSOA code", "Crime type"]).size()
    return sorted(
        (month.strftime("%Y-%m"), lsoa, crime_type, int(n))
        for (month, lsoa, crime_type), n in grouped.items()
    )


def run_duckdb(data: Path, work: Path) -> list[tuple[str, str, str, int]]:
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        'SELECT "Month", coalesce("LSOA code", \'\'), "Crime type", count(*)'
        " FROM read_csv(?, header = true, delim = ',', quote = '\"')"
        " GROUP BY ALL ORDER BY ALL",
        [[str(p) for p in _street_files(data)]],
    ).fetchall()
    return [(str(r[0])[:7], str(r[1]), str(r[2]), int(r[3])) for r in rows]


CONTENDERS = {"safer": run_safer, "pandas": run_pandas, "duckdb": run_duckdb}


def main() -> None:
    if sys.argv[1] == "setup-safer":
        setup_safer(Path(sys.argv[2]))
        return
    name, data, work, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    rows = CONTENDERS[name](data, work)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()
