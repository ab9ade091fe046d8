"""Loading partner files: validation reports, versions, supersession, rebuild."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from saferinsight.clock import utcnow
from saferinsight.datasets.catalogue import get_dataset
from saferinsight.errors import DatasetValidationError, OverlapError
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.ingest.rebuild import rebuild
from saferinsight.store.datasets import dataset_rows
from saferinsight.workspace import Workspace
from saferinsight.workspace.inventory import inventory_in, versions_in

IOM = get_dataset("iom-reoffending")
SHROPSHIRE_CSP = "E22000360"


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def iom_file(
    path: Path, months: list[str], cohort: int, area: str = "Shropshire", strand: str = ""
) -> Path:
    rows: list[list[object]] = [["month", "area", "cohort", "reoffended", "strand"]]
    rows += [[m, area, cohort, cohort // 10, strand] for m in months]
    return write_csv(path, rows)


def months(first: date, count: int) -> list[str]:
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def cohorts(workspace: Workspace, **kwargs: object) -> dict[str, int]:
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, IOM, columns=["cohort"], **kwargs)  # type: ignore[arg-type]
    return {f"{r['period_start']:%Y-%m}": r["cohort"] for r in rows}


def test_a_clean_file_loads_as_a_version(workspace: Workspace, tmp_path: Path) -> None:
    path = iom_file(tmp_path / "iom.csv", months(date(2024, 4, 1), 12), 100)
    load = ingest_dataset(workspace, "iom-reoffending", path, provider="Probation")
    assert (load.status, load.rows_loaded, load.problems) == ("loaded", 12, ())
    assert (load.period_start, load.period_end) == (date(2024, 4, 1), date(2025, 3, 31))
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, IOM)
    assert {r["area_code"] for r in rows} == {SHROPSHIRE_CSP}
    assert sum(r["reoffended"] for r in rows) == 120
    again = ingest_dataset(workspace, "iom-reoffending", path, provider="Probation")
    assert (again.status, again.version_id) == ("already loaded", load.version_id)


def test_a_later_version_supersedes_only_what_it_covers(
    workspace: Workspace, tmp_path: Path
) -> None:
    year = months(date(2024, 4, 1), 12)
    first = ingest_dataset(
        workspace, "iom-reoffending", iom_file(tmp_path / "v1.csv", year, 100), provider="Probation"
    )
    between = utcnow()
    revised = ingest_dataset(
        workspace,
        "iom-reoffending",
        iom_file(tmp_path / "v2.csv", year[6:], 120),
        provider="probation ",  # the same provider, typed differently
    )
    other_area = ingest_dataset(
        workspace,
        "iom-reoffending",
        iom_file(tmp_path / "v3.csv", year, 50, area="Telford and Wrekin"),
        provider="Probation",
    )
    with pytest.raises(OverlapError):  # the same cohorts again, from another provider
        ingest_dataset(
            workspace,
            "iom-reoffending",
            iom_file(tmp_path / "v4.csv", year[:3], 7),
            provider="Police IOM team",
        )
    other_provider = ingest_dataset(  # another strand: other people, counted too
        workspace,
        "iom-reoffending",
        iom_file(tmp_path / "v4.csv", year[:3], 7, strand="Fixed"),
        provider="Police IOM team",
    )
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, IOM, area_codes=[SHROPSHIRE_CSP])
        # Apr-Sep from version 1, Oct-Mar from the revision; the other provider's rows stand.
        assert [(r["version_id"], r["cohort"]) for r in rows] == [
            *[(first.version_id, 100)] * 6,
            *[(revised.version_id, 120)] * 6,
            *[(other_provider.version_id, 7)] * 3,
        ]
        old = dataset_rows(warehouse, IOM, versions=[first.version_id])
        assert [r["cohort"] for r in old] == [100] * 12  # the superseded version stays
        as_was = dataset_rows(warehouse, IOM, as_at=between)
        assert sum(r["cohort"] for r in as_was) == 1200
    versions = {v.version_id: v for v in dataset_versions_of(workspace)}
    assert versions[first.version_id].superseded_rows == 6
    assert versions[revised.version_id].superseded_rows == 0
    assert versions[other_area.version_id].areas == ("E22000333",)  # Telford and Wrekin CSP
    assert versions[other_provider.version_id].superseded_rows == 0


def dataset_versions_of(workspace: Workspace) -> list:  # type: ignore[type-arg]
    with workspace.reader() as warehouse:
        return versions_in(warehouse, "iom-reoffending")


def test_every_problem_is_reported_at_once_and_nothing_loads(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["Incident reference", "Date", "Category", "Recorded by", "Ward"],
            ["A1", "01/04/2024", "AS-Nuisance", "Police", "Abbey"],
            ["A2", "31/02/2024", "Noise", "Police", "Abbey"],
            ["A3", "02/04/2024", "Personal", "Police", "Nowhere Ward"],
            ["A1", "01/04/2024", "AS-Nuisance", "Police", "Abbey"],
            ["A5", "", "Personal", "Council", "E05008136"],
        ],
    )
    with pytest.raises(DatasetValidationError) as caught:
        ingest_dataset(workspace, "asb-incidents", path, provider="WMP", area="Shropshire")
    problems = {(p.row, p.column): p for p in caught.value.problems}
    duplicate = (5, "incident_reference")  # an ASB incident is keyed by its reference
    assert set(problems) == {(3, "date"), (3, "category"), (4, "ward"), duplicate, (6, "date")}
    assert "31/02/2024" in problems[3, "date"].problem
    assert problems[3, "category"].fix.startswith("use one of: Personal, Nuisance")
    assert "the same incident_reference A1 as row 2" in problems[duplicate].problem
    message = str(caught.value)
    assert "asb.csv: 5 problem(s) in 4 of 5 rows; nothing was loaded" in message
    assert "--" not in message  # no flag: every surface shows the same message
    hint = caught.value.hint
    assert hint is not None
    assert (hint.action, dict(hint.options)) == ("retry", {"accept_valid": True})
    assert "load its 1 valid row and keep the rejected ones" in hint.text
    assert not workspace.exists()  # a refused first load leaves no warehouse behind
    assert not list((workspace.root / "raw").rglob("asb.csv"))

    load = ingest_dataset(
        workspace, "asb-incidents", path, provider="WMP", area="Shropshire", accept_valid=True
    )
    assert load.rows_loaded == 1
    with workspace.reader() as warehouse:
        (version,) = versions_in(warehouse, "asb-incidents")
        assert (version.rows_loaded, version.rows_rejected, version.partial) == (1, 4, True)
        (row,) = dataset_rows(warehouse, get_dataset("asb-incidents"))
    assert (row["ward"], row["category"], row["area_code"]) == (
        "E05008136",
        "Nuisance",
        SHROPSHIRE_CSP,
    )


def test_a_messy_workbook_loads(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DVPN"
    sheet["A1"] = "DA Deployment Performance Report"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Produced 04/03/2024"
    sheet.append([])
    sheet.append(["Month", "Area", "DVPNs", "DVPOs"])
    sheet.append([datetime(2023, 3, 1), "Shropshire", 2, 2])
    sheet.append([45000, "Telford & Wrekin", 5, 4])  # an Excel serial: 2023-03-15
    sheet.append(["Apr-23", "E06000019", 1, 0])  # Herefordshire by code
    sheet.append(["Grand Total", None, "=SUM(C5:C7)", "=SUM(D5:D7)"])
    sheet.append(["Source: West Mercia Police"])
    book.save(tmp_path / "dvpn.xlsx")
    load = ingest_dataset(workspace, "dvpn-dvpo", tmp_path / "dvpn.xlsx", provider="WMP")
    assert (load.rows_loaded, load.problems, load.sheet) == (3, (), "DVPN")
    assert load.skipped == 5  # two title rows, a blank row, the totals row and the note
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, get_dataset("dvpn-dvpo"))
    assert [(r["area_name"], f"{r['period_start']:%Y-%m}", r["dvpns"]) for r in rows] == [
        ("Shropshire", "2023-03", 2),
        ("Telford and Wrekin", "2023-03", 5),
        ("Herefordshire, County of", "2023-04", 1),
    ]


def test_rows_outside_the_declared_period_are_problems(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = iom_file(tmp_path / "iom.csv", ["2024-03", "2024-04"], 10)
    with pytest.raises(DatasetValidationError) as caught:
        ingest_dataset(workspace, "iom-reoffending", path, provider="P", period="2024/25")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "month")
    assert "outside the period of the load (2024/25)" in problem.problem


def test_rebuild_replays_dataset_versions(workspace: Workspace, tmp_path: Path) -> None:
    year = months(date(2024, 4, 1), 12)
    ingest_dataset(
        workspace, "iom-reoffending", iom_file(tmp_path / "a.csv", year, 100), provider="P"
    )
    ingest_dataset(
        workspace, "iom-reoffending", iom_file(tmp_path / "b.csv", year[:2], 90), provider="P"
    )
    before = cohorts(workspace)
    rebuild(workspace)
    assert cohorts(workspace) == before
    with workspace.reader() as warehouse:
        inventory = {s.name: s for s in inventory_in(warehouse)}
    assert (inventory["iom-reoffending"].versions, inventory["iom-reoffending"].current_rows) == (
        2,
        12,
    )
    assert not inventory["asb-incidents"].loaded


def test_tables_of_an_older_declaration_are_recreated_or_rebuilt(
    workspace: Workspace, tmp_path: Path
) -> None:
    from saferinsight.errors import WorkspaceError

    with workspace.writer() as writer:  # as an older version declared it
        writer.warehouse.execute("DROP TABLE ds_dvpn_dvpo")
        writer.warehouse.execute("CREATE TABLE ds_dvpn_dvpo (version_id INTEGER, old VARCHAR)")
    with workspace.writer() as writer:  # empty: recreated as declared now
        writer.touch()
    with workspace.reader() as warehouse:
        columns = warehouse.execute("SELECT * FROM ds_dvpn_dvpo LIMIT 0").description
    assert [c[0] for c in columns][-2:] == ["dvpns", "dvpos"]
    with workspace.writer() as writer:
        writer.warehouse.execute("DROP TABLE ds_dvpn_dvpo")
        writer.warehouse.execute("CREATE TABLE ds_dvpn_dvpo (version_id INTEGER, old VARCHAR)")
        writer.warehouse.execute("INSERT INTO ds_dvpn_dvpo VALUES (1, 'x')")
        writer.touch()
    with (
        pytest.raises(WorkspaceError, match="columns of an older version") as caught,
        workspace.writer() as writer,
    ):
        writer.touch()
    assert caught.value.hint is not None
    assert caught.value.hint.action == "rebuild"


def test_options_are_checked_before_the_file_is_read(workspace: Workspace, tmp_path: Path) -> None:
    from saferinsight.errors import OptionError
    from saferinsight.ingest.datasets import check_dataset_file

    missing = tmp_path / "not-read.csv"  # never opened: the options fail first
    with pytest.raises(OptionError, match="provider is required") as caught:
        ingest_dataset(workspace, "dvpn-dvpo", missing, provider=" ")
    assert caught.value.option == "provider"
    assert caught.value.hint is not None
    with pytest.raises(OptionError, match="period '2024/26'") as caught:
        ingest_dataset(workspace, "dvpn-dvpo", missing, provider="WMP", period="2024/26")
    assert caught.value.option == "period"
    with pytest.raises(OptionError, match="period 'soon' is not a period"):
        check_dataset_file(workspace, "dvpn-dvpo", missing, period="soon")
    assert not workspace.root.exists()
