"""Partner rows counted twice (issue 14, class 6): the same key twice in a file, and the same
figures sent again under a second provider's name. Both are refused, naming the rows; a refusal
changes nothing; the user resolves an overlap explicitly (replace, or add record data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferinsight.datasets.catalogue import DATASETS, get_dataset
from saferinsight.datasets.spreadsheet import read_table
from saferinsight.datasets.templates import template_csv
from saferinsight.datasets.validate import validate_table
from saferinsight.errors import DatasetValidationError, OptionError, OverlapError
from saferinsight.ingest.datasets import geography_lookup, ingest_dataset
from saferinsight.ingest.rebuild import rebuild
from saferinsight.store.datasets import dataset_rows
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace
from tests.datasets.test_load import write_csv

DVPN = get_dataset("dvpn-dvpo")
ASB = get_dataset("asb-incidents")


def dvpn_file(path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    return write_csv(path, [["month", "area", "dvpns", "dvpos"], *map(list, rows)])


def state(workspace: Workspace) -> dict[str, object]:
    """What a load could change: every dataset's rows, the versions and the journal."""
    result: dict[str, object] = {"journal": [e.load_id for e in workspace.journal.entries()]}
    if workspace.exists():
        with workspace.reader() as warehouse:
            result["rows"] = {
                name: len(dataset_rows(warehouse, dataset)) for name, dataset in DATASETS.items()
            }
            result["versions"] = warehouse.execute(
                "SELECT version_id, provider, source_file FROM dataset_versions ORDER BY 1"
            ).fetchall()
    return result


def dvpns(workspace: Workspace) -> tuple[int, int]:
    with workspace.reader() as warehouse:
        rows = dataset_rows(warehouse, DVPN)
    return sum(r["dvpns"] for r in rows), sum(r["dvpos"] for r in rows)


# -- the same key twice in one file --------------------------------------------------------------


def test_duplicate_aggregate_rows_are_problems_and_nothing_loads(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The issue's example: DVPN 152 of 202 became 304 of 404 with every row sent twice."""
    path = dvpn_file(
        tmp_path / "dvpn.csv",
        [("2024-04", "Shropshire", 152, 202), ("2024-04", "Shropshire", 152, 202)],
    )
    before = state(workspace)
    with pytest.raises(DatasetValidationError) as refused:
        ingest_dataset(workspace, "dvpn-dvpo", path, provider="West Mercia Police")
    message = str(refused.value)
    assert "dvpn.csv: 1 problem(s) in 1 of 2 rows; nothing was loaded." in message
    assert "row 3, column month, area" in message
    assert "the same month 2024-04, area Shropshire as row 2" in message
    assert "otherwise both are counted" in message
    assert state(workspace) == before


def test_an_area_by_name_and_by_code_is_the_same_key(workspace: Workspace, tmp_path: Path) -> None:
    path = dvpn_file(
        tmp_path / "dvpn.csv",
        [("2024-04", "Shropshire", 152, 202), ("Apr 2024", "E06000051", 150, 200)],
    )
    with pytest.raises(DatasetValidationError, match="as row 2"):
        ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police")
    load = ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police", accept_valid=True)
    assert (load.rows_loaded, [p.row for p in load.problems]) == (1, [3])
    assert dvpns(workspace) == (152, 202)  # the first row counts, once


def test_a_record_reference_twice_is_a_problem(workspace: Workspace, tmp_path: Path) -> None:
    """An ASB incident sent twice (its category corrected on the second line) counts once."""
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["incident_reference", "date", "category", "recorded_by", "area"],
            ["ASB-1", "2024-04-06", "Nuisance", "Police", "Shropshire"],
            ["ASB-1", "2024-04-06", "Personal", "Police", "Shropshire"],
            ["ASB-2", "2024-04-06", "Personal", "Police", "Shropshire"],
        ],
    )
    with pytest.raises(DatasetValidationError, match="the same incident_reference ASB-1 as row 2"):
        ingest_dataset(workspace, "asb-incidents", path, provider="Police")


def _example_rows(dataset_name: str, copies: int) -> str:
    lines = template_csv(DATASETS[dataset_name]).splitlines()
    return "\n".join([lines[0], *[lines[1]] * copies]) + "\n"


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_refuses_its_example_row_twice(
    reference: Warehouse, tmp_path: Path, name: str
) -> None:
    """The class: whatever a dataset's key, a row repeated in a file is a problem."""
    dataset = DATASETS[name]
    path = tmp_path / f"{name}.csv"
    path.write_text(_example_rows(name, 2), encoding="utf-8")
    table = read_table(path, {c.name: c.aliases for c in dataset.columns})
    validation = validate_table(
        table, dataset, geography_lookup(reference, default_area="Shropshire")
    )
    assert [(p.row, p.problem.endswith("as row 2")) for p in validation.problems] == [(3, True)]
    assert len(validation.rows) == 1


def test_every_aggregate_has_a_key_of_period_place_and_breakdowns() -> None:
    for dataset in DATASETS.values():
        if dataset.granularity != "record":
            assert set(dataset.period_columns) | set(dataset.geography) <= set(dataset.key)
            assert dataset.count_column not in dataset.key


# -- the same figures from a second provider -----------------------------------------------------


def test_the_same_figures_under_a_second_provider_are_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = dvpn_file(tmp_path / "dvpn.csv", [("2024-04", "Shropshire", 152, 202)])
    ingest_dataset(workspace, "dvpn-dvpo", path, provider="West Mercia Police")
    before = state(workspace)
    again = dvpn_file(tmp_path / "dvpn-da-team.csv", [("2024-04", "E06000051", 150, 200)])
    with pytest.raises(OverlapError) as refused:
        ingest_dataset(workspace, "dvpn-dvpo", again, provider="DA team")
    message = str(refused.value)
    assert message.startswith(
        "dvpn-da-team.csv: 1 of 1 rows repeat rows of dvpn-dvpo that West Mercia Police "
        "already sent (version 1), compared by month and area; loading the file would count "
        "them twice. Nothing was loaded."
    )
    assert "row 2 (month 2024-04, area Shropshire) is row 2 of dvpn.csv (version 1" in message
    assert refused.value.hint is not None
    assert refused.value.hint.options == {"overlap": "replace"}
    assert state(workspace) == before
    assert dvpns(workspace) == (152, 202)


def test_replacing_another_providers_figures_is_explicit_and_survives_rebuild(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = dvpn_file(
        tmp_path / "police.csv",
        [("2024-04", "Shropshire", 152, 202), ("2024-05", "Shropshire", 10, 20)],
    )
    ingest_dataset(workspace, "dvpn-dvpo", first, provider="Police")
    corrected = dvpn_file(tmp_path / "team.csv", [("2024-04", "Shropshire", 150, 200)])
    load = ingest_dataset(workspace, "dvpn-dvpo", corrected, provider="DA team", overlap="replace")
    assert load.status == "loaded"
    assert dvpns(workspace) == (160, 220)  # April from the team, May still from the police
    rebuild(workspace)
    assert dvpns(workspace) == (160, 220)


def test_adding_is_refused_for_counts(workspace: Workspace, tmp_path: Path) -> None:
    path = dvpn_file(tmp_path / "dvpn.csv", [("2024-04", "Shropshire", 152, 202)])
    with pytest.raises(OptionError, match="cannot be 'add' for dvpn-dvpo"):
        ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police", overlap="add")
    with pytest.raises(OptionError, match="must be one of refuse, replace, add"):
        ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police", overlap="sum")


def asb_file(path: Path, references: list[str], recorded_by: str) -> Path:
    rows = [["incident_reference", "date", "category", "recorded_by", "area"]]
    rows += [[r, "2024-04-06", "Nuisance", recorded_by, "Shropshire"] for r in references]
    return write_csv(path, rows)


def test_two_providers_with_different_records_both_count(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The police and the council both send ASB for the same month and area: no overlap."""
    police = asb_file(tmp_path / "police.csv", ["P-1", "P-2"], "Police")
    council = asb_file(tmp_path / "council.csv", ["C-1"], "Council")
    ingest_dataset(workspace, "asb-incidents", police, provider="Police")
    ingest_dataset(workspace, "asb-incidents", council, provider="Council")
    with workspace.reader() as warehouse:
        assert len(dataset_rows(warehouse, ASB)) == 3
    # The council's file resent with one police incident in it: refused, then added on request.
    mixed = asb_file(tmp_path / "council2.csv", ["C-2", "P-2"], "Council")
    with pytest.raises(OverlapError, match=r"1 of 2 rows .* compared by incident_reference"):
        ingest_dataset(workspace, "asb-incidents", mixed, provider="Council 2")
    ingest_dataset(workspace, "asb-incidents", mixed, provider="Council 2", overlap="add")
    with workspace.reader() as warehouse:
        assert len(dataset_rows(warehouse, ASB)) == 5


def test_the_cli_refuses_an_overlap_and_names_the_choice(
    workspace: Workspace, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from saferinsight.cli import main

    path = dvpn_file(tmp_path / "dvpn.csv", [("2024-04", "Shropshire", 152, 202)])
    ingest_dataset(workspace, "dvpn-dvpo", path, provider="Police")
    args = ["--workspace", str(workspace.root), "ingest", "dataset", "dvpn-dvpo", str(path)]
    result = CliRunner().invoke(main, [*args, "--provider", "DA team"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "run the command again with --overlap replace" in result.output
