"""Partner files staged through the web: validated without loading, then accepted (loaded by a
job) or cancelled; an agency sees its own uploads only; every step in the history."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from saferinsight.errors import InputFileError, OptionError, PermissionDeniedError
from saferinsight.jobs import uploads as uploads_module
from saferinsight.jobs.runner import JobWorker
from saferinsight.jobs.uploads import decide_upload, get_upload, list_uploads, stage_upload
from saferinsight.records.permissions import Grant, Principal
from saferinsight.records.service import Records
from saferinsight.workspace import Workspace
from saferinsight.workspace.overview import data_overview
from tests.datasets.test_load import months

ANALYST = Principal("ann", grants=(Grant("sscp", "analyst"),))
POLICE = Principal("pat", grants=(Grant("sscp", "agency-contributor"),), agency="Police")
FIRE = Principal("fay", grants=(Grant("sscp", "agency-contributor"),), agency="Fire")


def iom_csv(cohorts: list[int | str], first: date = date(2024, 4, 1)) -> bytes:
    lines = ["month,area,cohort,reoffended,strand"]
    lines += [
        f"{m},Shropshire,{c},1," for m, c in zip(months(first, len(cohorts)), cohorts, strict=True)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def ws(records_workspace: Workspace, empty_warehouse: Path) -> Workspace:
    shutil.copytree(empty_warehouse, records_workspace.root)
    partnership = {"key": "sscp", "name": "Safer Shropshire", "kind": "csp", "area": "Shropshire"}
    Records(records_workspace, actor="setup").add("partnership", partnership)
    return records_workspace


def _stage(ws: Workspace, data: bytes, who: Principal = ANALYST, name: str = "iom.csv") -> int:
    staged = stage_upload(
        ws, who, "sscp", dataset="iom-reoffending", file_name=name, data=data, agency="Probation"
    )
    return staged.id


def test_a_file_with_problems_is_listed_row_by_row_and_loads_nothing(ws: Workspace) -> None:
    upload = get_upload(ws, ANALYST, "sscp", _stage(ws, iom_csv([100, "x", 90, -4])))
    assert upload.status == "staged"
    assert (upload.rows, upload.valid_rows) == (4, 2)
    assert [(p.row, p.column, p.value) for p in upload.problems] == [
        (3, "cohort", "x"),
        (5, "cohort", "-4"),
    ]
    assert all(p.problem and p.fix for p in upload.problems)
    overview = data_overview(ws)
    assert not any(d.loaded for d in overview.datasets)
    assert (ws.root / "uploads").exists()


def test_an_accepted_upload_loads_its_valid_rows_through_a_job(ws: Workspace) -> None:
    cohorts = [100, 110, 120, "x"]
    ident = _stage(ws, iom_csv(cohorts))
    accepted = decide_upload(ws, ANALYST, "sscp", ident, accept=True)
    assert accepted.status == "loading"
    assert accepted.job_id is not None
    assert not any(d.loaded for d in data_overview(ws).datasets)  # queued, not yet loaded
    run = JobWorker(ws).run_once()
    assert run.done == (accepted.job_id,)
    loaded = get_upload(ws, ANALYST, "sscp", ident)
    assert loaded.status == "loaded"
    assert loaded.version_id is not None
    assert loaded.message == f"Loaded 3 rows as version {loaded.version_id}."
    summary = next(d for d in data_overview(ws).datasets if d.name == "iom-reoffending")
    assert summary.current_rows == len([c for c in cohorts if isinstance(c, int)])
    assert not list((ws.root / "uploads").iterdir())  # the staged copy is gone; raw/ keeps it
    actions = [
        h.action for h in Records(ws, actor="x").history(partnership="sscp") if h.kind == "upload"
    ]
    assert actions == ["accept", "upload"]
    with pytest.raises(OptionError, match="already loaded"):
        decide_upload(ws, ANALYST, "sscp", ident, accept=False)


def test_a_cancelled_upload_is_removed_and_a_load_that_fails_changes_nothing(
    ws: Workspace,
) -> None:
    cancelled = _stage(ws, iom_csv([100]))
    assert decide_upload(ws, ANALYST, "sscp", cancelled, accept=False).status == "cancelled"
    assert not list((ws.root / "uploads").iterdir())
    first = _stage(ws, iom_csv([100, 100]))
    decide_upload(ws, ANALYST, "sscp", first, accept=True)
    JobWorker(ws).run_once()
    before = data_overview(ws).version
    # the same months from another agency: refused as an overlap when it loads
    other = stage_upload(
        ws,
        ANALYST,
        "sscp",
        dataset="iom-reoffending",
        file_name="iom2.csv",
        data=iom_csv([7, 7]),
        agency="Police",
    )
    job = decide_upload(ws, ANALYST, "sscp", other.id, accept=True).job_id
    assert JobWorker(ws).run_once().failed == (job,)
    failed = get_upload(ws, ANALYST, "sscp", other.id)
    assert failed.status == "failed"
    assert failed.message
    assert "Probation" in failed.message  # says whose rows it repeats
    assert not list((ws.root / "uploads").iterdir())
    assert data_overview(ws).version == before


def test_an_agency_uploads_for_itself_and_sees_only_its_own(ws: Workspace) -> None:
    police = stage_upload(
        ws,
        POLICE,
        "sscp",
        dataset="iom-reoffending",
        file_name="iom.csv",
        data=iom_csv([1]),
        agency="Fire",  # ignored: a contributor sends its own agency's data
    )
    assert police.agency == "Police"
    with pytest.raises(PermissionDeniedError):
        get_upload(ws, FIRE, "sscp", police.id)
    with pytest.raises(PermissionDeniedError):
        decide_upload(ws, FIRE, "sscp", police.id, accept=True)
    assert list_uploads(ws, FIRE, "sscp") == ()
    assert [u.id for u in list_uploads(ws, POLICE, "sscp")] == [police.id]
    assert [u.id for u in list_uploads(ws, ANALYST, "sscp")] == [police.id]
    assert get_upload(ws, POLICE, "sscp", police.id).status == "staged"
    with pytest.raises(PermissionDeniedError):
        stage_upload(
            ws, POLICE, "twp", dataset="iom-reoffending", file_name="a.csv", data=iom_csv([1])
        )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("iom.txt", b"month\n", "only CSV files and Excel workbooks"),
        ("iom.exe", b"MZ\x90\x00", "only CSV files and Excel workbooks"),
        ("iom.xlsx", b"month,area\n", "not an Excel workbook"),
        ("iom.csv", b"PK\x03\x04\x00\x00binary", "not a CSV file"),
        ("iom.csv", b"", "empty"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(
    ws: Workspace, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(InputFileError, match=message):
        _stage(ws, data, name=name)
    assert list_uploads(ws, ANALYST, "sscp") == ()


def test_a_file_over_the_limit_is_refused(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    data = iom_csv([100] * 12)
    monkeypatch.setattr(uploads_module, "UPLOAD_LIMIT", len(data) - 1)
    with pytest.raises(InputFileError, match="the largest accepted is"):
        _stage(ws, data)


def test_a_file_that_cannot_be_read_is_one_problem(ws: Workspace) -> None:
    upload = get_upload(ws, ANALYST, "sscp", _stage(ws, b"name,colour\nfoo,red\n"))
    assert upload.valid_rows == 0
    assert len(upload.problems) == 1
    assert upload.problems[0].column == "(whole file)"
    assert "month" in upload.problems[0].problem  # names the missing column
    assert upload.problems[0].problem.startswith("iom.csv: ")  # not the server's folder
    assert str(ws.root) not in upload.problems[0].problem
    with pytest.raises(OptionError, match="no valid row"):
        decide_upload(ws, ANALYST, "sscp", upload.id, accept=True)


def test_a_file_name_cannot_leave_the_staging_folder(ws: Workspace) -> None:
    upload = get_upload(ws, ANALYST, "sscp", _stage(ws, iom_csv([1]), name="../../etc/x.csv"))
    assert upload.file_name == "x.csv"
    staged = list((ws.root / "uploads").rglob("*.csv"))
    assert [p.name for p in staged] == ["x.csv"]
    assert all(Path(ws.root / "uploads") in p.parents for p in staged)


def test_safeguarding_datasets_need_their_grant(ws: Workspace) -> None:
    adults_only = Principal("ada", grants=(Grant("sscp", "analyst", adults=True),))
    with pytest.raises(PermissionDeniedError):
        stage_upload(
            ws,
            adults_only,
            "sscp",
            dataset="childrens-safeguarding",
            file_name="c.csv",
            data=b"month,area\n",
            agency="Council",
        )
    children = Principal("cy", grants=(Grant("sscp", "analyst", children=True),))
    staged = stage_upload(
        ws,
        children,
        "sscp",
        dataset="childrens-safeguarding",
        file_name="c.csv",
        data=b"month,area\n",
        agency="Council",
    )
    with pytest.raises(PermissionDeniedError):
        get_upload(ws, adults_only, "sscp", staged.id)
    assert list_uploads(ws, adults_only, "sscp") == ()
    assert [u.id for u in list_uploads(ws, children, "sscp")] == [staged.id]


def test_a_large_file_is_checked_by_a_job(ws: Workspace) -> None:
    staged = stage_upload(
        ws,
        ANALYST,
        "sscp",
        dataset="iom-reoffending",
        file_name="iom.csv",
        data=iom_csv([100, "x"]),
        agency="Probation",
        background=True,
    )
    assert (staged.status, staged.problems, staged.job_id is not None) == ("checking", (), True)
    with pytest.raises(OptionError, match="still being checked"):
        decide_upload(ws, ANALYST, "sscp", staged.id, accept=True)
    assert JobWorker(ws).run_once().done == (staged.job_id,)
    checked = get_upload(ws, ANALYST, "sscp", staged.id)
    assert checked.status == "staged"
    assert (checked.rows, checked.valid_rows) == (2, 1)
    assert [(p.row, p.column) for p in checked.problems] == [(3, "cohort")]
