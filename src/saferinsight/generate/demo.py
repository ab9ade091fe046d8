"""The demo workspace: a real Shropshire and Telford & Wrekin extract plus generated data.

The real rows are the Shropshire and Telford & Wrekin rows of West Mercia Police's street files
for January to April 2024 (shipped with the package). Generated rows complete West Mercia for
three financial years, 2022/23 to 2024/25; in the four real months they cover only the force's
other local authorities, so that each month is one file, as police.uk publishes it.
"""

from __future__ import annotations

import csv
import gzip
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from saferinsight import reference
from saferinsight.analysis.counts import count_in
from saferinsight.core.months import month_from_label
from saferinsight.core.periods import financial_year
from saferinsight.errors import WorkspaceError
from saferinsight.generate.police_uk import expected_monthly_volume, generate_police_uk
from saferinsight.ingest.datasets import DatasetLoad, ingest_dataset
from saferinsight.ingest.police_uk import IngestReport, ingest_police_uk
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace

FORCE = "west-mercia"
FIRST_MONTH, LAST_MONTH = "2022-04", "2025-03"
REAL_MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")
REAL_LADS = ("E06000051", "E06000020")  # Shropshire, Telford and Wrekin
SUMMARY_AREAS = ("Shropshire", "Telford and Wrekin", "West Mercia")
SEED = 2024
#: Folder of the workspace holding the generated partner files (clean, messy and invalid).
PARTNER_DIR = "partner-files"
DEMO_AREA, DEMO_PERIOD = "Shropshire", "2024/25"
#: The key of the demo's partnership in its governance records.
DEMO_PARTNERSHIP = "sscp"


@dataclass(frozen=True)
class AreaYears:
    """Financial-year totals by crime type for one area."""

    area: str
    years: tuple[str, ...]
    by_type: dict[str, dict[str, int]]
    left_out_no_location: int

    def total(self, year: str) -> int:
        """All records in a financial year."""
        return sum(counts.get(year, 0) for counts in self.by_type.values())


@dataclass(frozen=True)
class DemoResult:
    """What ``safer demo`` built."""

    workspace: Path
    ingest: IngestReport
    real_rows: int
    generated_rows: int
    areas: tuple[AreaYears, ...]
    partner_loads: tuple[DatasetLoad, ...] = ()
    partner_files: Path | None = None
    records_added: int = 0
    records_database: str = ""
    users: tuple[tuple[str, str, str], ...] = ()


def build_demo(
    workspace: Workspace,
    *,
    fresh: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> DemoResult:
    """Build (or bring up to date) the demo workspace and summarise it.

    Running it again loads nothing new: the generated files are identical for the same seed.
    """
    if fresh and workspace.root.exists():
        if not (workspace.exists() or (workspace.root / "raw").exists()):
            raise WorkspaceError(
                f"{workspace.root} does not look like a Safer Insight workspace; not deleting it."
            )
        shutil.rmtree(workspace.root)
    source = workspace.tmp_dir / "demo-source"
    partner_dir = workspace.root / PARTNER_DIR
    # One writer for every load: readers see the whole demo at once, and it is copied once.
    with workspace.writer():
        shutil.rmtree(source, ignore_errors=True)
        try:
            real, generated = _write_sources(source, progress)
            report = ingest_police_uk(workspace, [source], progress=progress)
        finally:
            shutil.rmtree(source, ignore_errors=True)
        loads = _load_partner_files(workspace, partner_dir)
    added, database = _load_records(workspace)
    users = _demo_users(workspace)
    with workspace.reader() as warehouse:
        areas = tuple(_area_years(warehouse, name) for name in SUMMARY_AREAS)
    return DemoResult(
        workspace.root,
        report,
        real,
        generated,
        areas,
        loads,
        partner_dir,
        added,
        database,
        users,
    )


def _demo_users(workspace: Workspace) -> tuple[tuple[str, str, str], ...]:
    """One account per role in the demo partnership, made once: (user name, role, password)
    of the accounts made this run. The agency contributor works for West Mercia Police."""
    from saferinsight.accounts.passwords import temporary_password
    from saferinsight.accounts.users import Accounts
    from saferinsight.records.codes import ROLES
    from saferinsight.records.service import Records

    accounts = Accounts(Records(workspace, actor="demo"))
    if accounts.list():
        return ()
    made = []
    for role in ROLES:
        password = temporary_password()
        agency = "West Mercia Police" if role == "agency-contributor" else None
        accounts.add(
            f"demo-{role}",
            display_name=f"Demo {role.replace('-', ' ')}",
            password=password,
            grants={DEMO_PARTNERSHIP: role},
            children=True,
            adults=True,
            agency=agency,
        )
        made.append((f"demo-{role}", role, password))
    return tuple(made)


def _load_records(workspace: Workspace) -> tuple[int, str]:
    """Import Shropshire's governance records (reconstructed from its published reports) once;
    how many were added this run (none if the records hold them already), and where."""
    from saferinsight.records.service import Records
    from saferinsight.records.transfer import DEMO_RECORDS, import_records

    records = Records(workspace, actor="demo")
    if records.list("partnership", where={"key": DEMO_PARTNERSHIP}):
        return 0, records.database
    return import_records(records, DEMO_RECORDS).records, records.database


def _load_partner_files(workspace: Workspace, folder: Path) -> tuple[DatasetLoad, ...]:
    """Generate every partner dataset for Shropshire and load the clean files (the revised
    IOM file after the first, to show supersession). The messy and invalid files stay in
    ``folder`` for trying ``safer ingest dataset ... --check``."""
    from saferinsight.generate.partners import generate_partner_files

    files = generate_partner_files(folder, area=DEMO_AREA, first_year=2022, years=3, seed=SEED)
    clean = sorted((f for f in files if f.variant == "clean"), key=lambda f: f.received)
    return tuple(
        ingest_dataset(
            workspace,
            f.dataset,
            f.path,
            provider=f.provider,
            received=f.received,
            area=DEMO_AREA,
        )
        for f in clean
    )


def _write_sources(
    source: Path, progress: Callable[[str, int, int], None] | None
) -> tuple[int, int]:
    """Write one street (and outcomes) file per month, merging the parts described below.

    The rest of West Mercia is generated as calibrated; Shropshire and Telford & Wrekin are
    generated each at the level of their own real rows (January-April 2024 against the
    generator's expectation for those months), so that the real months do not stand out as a
    step, and are replaced by the real rows in those months.
    """
    parts = source.parent / "demo-parts"
    shutil.rmtree(parts, ignore_errors=True)
    real_counts = dict.fromkeys(REAL_LADS, 0)
    extracts = {month: _real_rows(month) for month in REAL_MONTHS}
    for rows in extracts.values():
        for code, count in _rows_by_lad(rows).items():
            real_counts[code] += count
    generated = 0
    try:
        for done, lad in enumerate((None, *REAL_LADS)):
            if lad is None:  # the rest of West Mercia, as calibrated
                report = generate_police_uk(
                    parts / "rest",
                    start=FIRST_MONTH,
                    end=LAST_MONTH,
                    seed=SEED,
                    forces=[FORCE],
                    exclude_lad_codes=REAL_LADS,
                )
            else:
                expected = sum(
                    expected_monthly_volume(lad_codes=[lad], include_no_location=False, month=m)
                    for m in REAL_MONTHS
                )
                report = generate_police_uk(
                    parts / lad,
                    start=FIRST_MONTH,
                    end=LAST_MONTH,
                    seed=SEED + done,
                    lad_codes=[lad],
                    scale=real_counts[lad] / expected,
                )
            if progress:
                progress("generating", done + 1, len(REAL_LADS) + 1)
            for item in report.files:
                if lad is not None and item.kind == "street" and item.month in extracts:
                    continue  # the real rows stand in for this part
                appended = _append(item.path, source / item.month / item.path.name)
                generated += appended if item.kind == "street" else 0
        real = 0
        for month, rows in extracts.items():
            target = source / month / f"{month}-{FORCE}-street.csv"
            with open(target, "ab") as out:
                out.writelines(rows)
            real += len(rows)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return real, generated


def _append(part: Path, target: Path) -> int:
    """Append a part file to the month's file (with the header only once); return data rows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(part, "rb") as handle:
        header, *rows = handle.read().splitlines(keepends=True)
    with open(target, "ab") as out:
        if out.tell() == 0:
            out.write(header)
        out.writelines(rows)
    return len(rows)


def _real_rows(month: str) -> list[bytes]:
    extract = reference.shipped(f"{reference.DEMO_DIR}/{month}-{FORCE}-street.csv.gz")
    with gzip.open(extract, "rb") as handle:
        return handle.read().splitlines(keepends=True)[1:]


def _rows_by_lad(rows: list[bytes]) -> dict[str, int]:
    from saferinsight.generate.calibration import load_calibration

    calibration = load_calibration()
    lad_of = dict(zip(calibration.lsoa_code, calibration.lad_code, strict=True))
    counts: dict[str, int] = defaultdict(int)
    for line in csv.reader(row.decode("utf-8") for row in rows):
        counts[lad_of[line[7]]] += 1
    return counts


def _area_years(warehouse: Warehouse, name: str) -> AreaYears:
    result = count_in(
        warehouse, name, start=FIRST_MONTH, end=LAST_MONTH, by=["month", "crime_type"]
    )
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    years: set[str] = set()
    for month, crime_type, count in result.rows:
        year = financial_year(month_from_label(str(month)))
        years.add(year)
        by_type[str(crime_type)][year] += int(count)
    return AreaYears(
        area=result.area.label,
        years=tuple(sorted(years)),
        by_type={k: dict(v) for k, v in sorted(by_type.items())},
        left_out_no_location=result.left_out_no_location,
    )
