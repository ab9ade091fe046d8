"""A police.uk file's name decides where its rows count (issue 14, class 2): a name that
contradicts the rows, or names no police.uk force, is refused with both sides named, and nothing
stored changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferinsight.errors import FileNameError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace
from tests.ingest.test_police_uk import snapshot

DORSET = {"force": "Dorset Police", "lsoa": "E01015240", "lsoa_name": "Bournemouth 001A"}


@pytest.fixture
def dorset(tmp_path: Path) -> Workspace:
    """A workspace with Dorset's June 2025 loaded (12 rows)."""
    workspace = Workspace(tmp_path / "ws")
    rows = [street_row(month="2025-06", **DORSET) for _ in range(12)]
    ingest_police_uk(workspace, [write_police_csv(tmp_path / "2025-06-dorset-street.csv", rows)])
    return workspace


def _refused(workspace: Workspace, *paths: Path) -> str:
    before = snapshot(workspace) if workspace.exists() else None
    with pytest.raises(FileNameError) as refused:
        ingest_police_uk(workspace, list(paths))
    if before is None:
        assert not workspace.exists()
    else:
        assert snapshot(workspace) == before
    assert refused.value.hint is not None
    return str(refused.value)


def test_west_mercia_rows_named_dorset_do_not_replace_dorset(
    dorset: Workspace, tmp_path: Path
) -> None:
    """West Mercia rows in 2025-06-dorset-street.csv replaced Dorset's month (4,985 -> 8,972)."""
    rows = [street_row(month="2025-06") for _ in range(15)]
    path = write_police_csv(tmp_path / "in" / "2025-06-dorset-street.csv", rows)
    message = _refused(dorset, path)
    assert (
        f"{path}: the file name says force dorset (Dorset Police), but its rows say Reported by "
        "'West Mercia Police' (15 of 15 rows); the first such row is line 2. If the rows are "
        "right, rename the file to 2025-06-west-mercia-street.csv; if the name is right, "
        "download 2025-06-dorset-street.csv from police.uk again."
    ) in message
    assert "nothing was loaded" in message


def test_an_unknown_force_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    """A file named narnia loaded rows that no partnership counts."""
    rows = [street_row(force="Narnia Police")] * 3
    path = write_police_csv(tmp_path / "2024-01-narnia-street.csv", rows)
    message = _refused(workspace, path)
    assert f"{path}: the file name says force 'narnia', which is not a police.uk force." in message
    assert "west-mercia, west-midlands" in message  # the list to choose from


def test_a_misspelt_force_is_refused_with_a_suggestion(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_police_csv(tmp_path / "2024-01-mercia-street.csv", [street_row()])
    assert "Did you mean west-mercia?" in _refused(workspace, path)


def test_one_row_of_another_force_refuses_the_file_naming_its_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [street_row() for _ in range(5)]
    rows[3] = street_row(force="Dorset Police")
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", rows)
    message = _refused(workspace, path)
    assert "Reported by 'Dorset Police' (1 of 5 rows); the first such row is line 5" in message


def test_a_row_falling_within_another_force_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    row = street_row()
    row[3] = "Dorset Police"
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row(), row])
    message = _refused(workspace, path)
    assert "Falls within 'Dorset Police' (1 of 2 rows); the first such row is line 3" in message


def test_empty_force_columns_are_a_contradiction(workspace: Workspace, tmp_path: Path) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row(force="")])
    assert "Reported by (empty) (1 of 1 rows)" in _refused(workspace, path)


def test_transport_police_rows_may_fall_within_a_territorial_force(
    workspace: Workspace, tmp_path: Path
) -> None:
    row = street_row(force="British Transport Police")
    row[3] = "West Mercia Police"
    path = write_police_csv(tmp_path / "2024-01-btp-street.csv", [row])
    assert ingest_police_uk(workspace, [path]).rows_loaded == 1


def test_rows_of_another_month_are_refused_naming_both_months(
    dorset: Workspace, tmp_path: Path
) -> None:
    """Every row rejected for its month used to "load" the file with 0 rows, exit code 0."""
    rows = [street_row(month="2025-05", **DORSET) for _ in range(12)]
    path = write_police_csv(tmp_path / "in" / "2025-06-dorset-street.csv", rows)
    message = _refused(dorset, path)
    assert (
        f"{path}: the file name says month 2025-06, but most of its rows say 2025-05 (12 of 12 "
        "rows; 0 of 2025-06). If the rows are right, rename the file to "
        "2025-05-dorset-street.csv"
    ) in message


def test_a_few_rows_of_another_month_are_still_rejected_one_by_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [street_row() for _ in range(4)] + [street_row(month="2023-12")]
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", rows)
    report = ingest_police_uk(workspace, [path])
    assert (report.rows_loaded, report.rows_rejected) == (4, 1)


def test_outcomes_rows_of_another_force_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    row = [*street_row(force="Dorset Police")[:9], "Offender given a caution"]
    path = write_police_csv(tmp_path / "2024-01-west-mercia-outcomes.csv", [row], kind="outcomes")
    assert "Reported by 'Dorset Police' (1 of 1 rows)" in _refused(workspace, path)


def _search(date: str) -> list[str]:
    return [
        "Person search", date, "False", "", "52.7", "-2.7", "Male", "18-24", "", "White",
        "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs",
        "A no further action disposal", "False", "False",
    ]  # fmt: skip


def test_stop_and_search_dates_of_another_month_are_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [_search(f"2024-02-{d:02d}T10:00:00+00:00") for d in range(1, 6)]
    rows.append(_search("2024-03-01T00:30:00+01:00"))  # late February in UTC: still February
    name = "2024-03-west-mercia-stop-and-search.csv"
    path = write_police_csv(tmp_path / name, rows, kind="stop-and-search")
    message = _refused(workspace, path)
    assert "the file name says month 2024-03, but most of its rows say 2024-02 (6 of 6" in message


def test_every_contradiction_of_one_load_is_listed(workspace: Workspace, tmp_path: Path) -> None:
    a = write_police_csv(tmp_path / "2024-01-dorset-street.csv", [street_row()])
    b = write_police_csv(tmp_path / "2024-02-west-mercia-street.csv", [street_row()])
    message = _refused(workspace, a, b)
    assert f"{a}: the file name says force dorset" in message
    assert f"{b}: the file name says month 2024-02" in message


FORCES = {"west-mercia": "West Mercia Police", "dorset": "Dorset Police", "kent": "Kent Police"}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    named=st.sampled_from(sorted(FORCES)),
    said=st.sampled_from(sorted(FORCES)),
    named_month=st.sampled_from(["2024-01", "2024-02"]),
    row_month=st.sampled_from(["2024-01", "2024-02"]),
)
def test_a_file_loads_if_and_only_if_its_name_agrees_with_its_rows(
    tmp_path_factory: pytest.TempPathFactory,
    named: str,
    said: str,
    named_month: str,
    row_month: str,
) -> None:
    folder = tmp_path_factory.mktemp("agree")
    workspace = Workspace(folder / "ws")
    rows = [street_row(month=row_month, force=FORCES[said]) for _ in range(3)]
    path = write_police_csv(folder / f"{named_month}-{named}-street.csv", rows)
    if named == said and named_month == row_month:
        assert ingest_police_uk(workspace, [path]).rows_loaded == 3
    else:
        _refused(workspace, path)
