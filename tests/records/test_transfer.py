"""Records in and out: YAML and Excel round trips, and imports that are all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from saferinsight.errors import InputFileError, RecordValueError
from saferinsight.records.kinds import KINDS
from saferinsight.records.service import Records
from saferinsight.records.transfer import DEMO_RECORDS, export_records, import_records
from saferinsight.settings import load_settings
from saferinsight.workspace import Workspace


def _fresh(tmp_path: Path, name: str) -> Records:
    root = tmp_path / name
    settings = load_settings(workspace=root, database_url=f"sqlite:///{root / 'records.sqlite'}")
    return Records(Workspace(root, settings=settings), actor="analyst")


def test_demo_records_round_trip_through_excel_and_yaml(records: Records, tmp_path: Path) -> None:
    imported = import_records(records, DEMO_RECORDS)
    first = tmp_path / "first.yaml"
    export_records(records, first)
    book = tmp_path / "records.xlsx"
    written = export_records(records, book)
    assert written.records == imported.records
    again = _fresh(tmp_path, "again")
    assert import_records(again, book).added == imported.added
    second = tmp_path / "second.yaml"
    export_records(again, second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    sheets = load_workbook(book, read_only=True).sheetnames
    assert sheets[:2] == ["About", "Codes"]
    assert sheets[2:] == list(KINDS)


def test_a_formula_is_written_safe_and_read_back_as_it_was(
    records: Records, tmp_path: Path
) -> None:
    payload = '=HYPERLINK("http://example.invalid","Click")'
    records.add("partnership", {"key": "p", "name": payload, "kind": "csp"})
    book = tmp_path / "out.xlsx"
    export_records(records, book)
    cell = load_workbook(book)["partnership"]["C2"].value
    assert cell == "'" + payload
    again = _fresh(tmp_path, "again")
    import_records(again, book)
    assert again.get("partnership", "p").values["name"] == payload


def test_every_problem_is_located_and_nothing_is_imported(records: Records, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "partnership"
    sheet.append(["key", "name", "kind"])
    sheet.append(["p", "P", "csp"])
    events = book.create_sheet("review")
    events.append(["partnership", "ref", "kind", "pseudonym"])
    events.append(["p", "dhr-x", "dhr", "Ms X"])
    events.append(["q", "dhr-y", "inquest", "Mr Y"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(RecordValueError) as caught:
        import_records(records, path)
    assert caught.value.problems == (
        "sheet review, row 3: partnership: There is no partnership with id or key 'q'.",
        "sheet review, row 3: kind: 'inquest' is not one of the codes; give one of "
        "rapid-review, lcspr, national-review, sar, dhr, owhr, asb-case-review, "
        "joint-lcspr-sar, joint-sar-dhr",
    )
    assert "bad.xlsx: 2 problem(s); nothing was imported." in str(caught.value)
    assert records.list("partnership") == ()
    assert records.history() == ()


def test_files_that_are_not_records_are_refused(records: Records, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("meetings:\n- {title: Board}\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="'meetings' is not a kind of record"):
        import_records(records, tmp_path / "x.yaml")
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="from a YAML file"):
        import_records(records, tmp_path / "x.csv")
    (tmp_path / "broken.yaml").write_text("review: [\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a readable YAML file"):
        import_records(records, tmp_path / "broken.yaml")
