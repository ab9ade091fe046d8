"""police.uk ingestion: real files, idempotency, replacement, rejects, atomicity, zips."""

from __future__ import annotations

import csv
import gzip
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferinsight.analysis.counts import count_in
from saferinsight.core.police_uk import header_of
from saferinsight.errors import HeaderError, InputFileError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import _lines_at, ingest_police_uk
from saferinsight.reference import LSOA_LOOKUP, shipped
from saferinsight.store import police as store_police
from saferinsight.workspace import Workspace
from saferinsight.workspace import raw as workspace_module

SHROPSHIRE = "E06000051"


def snapshot(workspace: Workspace) -> dict[str, object]:
    """Everything a load could change, for before/after comparisons."""
    with workspace.reader() as warehouse:
        con = warehouse
        result: dict[str, object] = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()
            for table in ("street", "outcomes", "stop_search", "rejects", "loads")
        }
        result["files"] = con.execute(
            "SELECT file_name, sha256, status, rows_loaded, rows_rejected FROM source_files"
            " ORDER BY file_id"
        ).fetchall()
        result["checksum"] = con.execute(
            "SELECT sum(hash(crime_id, month, lsoa_code, crime_type)) FROM street"
        ).fetchone()
    result["raw"] = sorted(str(p) for p in workspace.raw.folder.rglob("*") if p.is_file())
    result["journal"] = [e.load_id for e in workspace.journal.entries()]
    return result


def independent_counts(files: list[Path], lad: str) -> Counter[tuple[str, str]]:
    """Count raw rows by (month, crime type) whose LSOA maps to ``lad``, with the csv module."""
    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        lsoas = {row["lsoa_code"] for row in csv.DictReader(handle) if row["lad_code"] == lad}
    counts: Counter[tuple[str, str]] = Counter()
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["LSOA code"] in lsoas:
                    counts[(row["Month"], row["Crime type"])] += 1
    return counts


def test_real_west_mercia_counts_equal_an_independent_count(
    loaded: Workspace, west_mercia_dir: Path
) -> None:
    expected = independent_counts(sorted(west_mercia_dir.glob("*.csv")), SHROPSHIRE)
    with loaded.reader() as warehouse:
        result = count_in(
            warehouse, SHROPSHIRE, start="2024-01", end="2024-03", by=["month", "crime_type"]
        )
    got = {(str(m), str(t)): int(n) for m, t, n in result.rows}
    assert got == dict(expected)
    assert sum(expected.values()) == result.total == 4765
    assert {m for m, _ in expected} == {"2024-01", "2024-02", "2024-03"}


def test_loading_real_files_reports_every_row(loaded: Workspace, west_mercia_dir: Path) -> None:
    with loaded.reader() as warehouse:
        rows = warehouse.execute(
            "SELECT file_name, rows_loaded, rows_rejected, force, month FROM source_files"
            " ORDER BY month"
        ).fetchall()
    for (name, loaded_rows, rejected, force, month), path in zip(
        rows, sorted(west_mercia_dir.glob("*.csv")), strict=True
    ):
        lines = path.read_bytes().count(b"\n") - 1
        assert (name, loaded_rows, rejected, force) == (path.name, lines, 0, "west-mercia")
        assert f"{month:%Y-%m}" == path.name[:7]


def test_loading_the_same_files_twice_changes_nothing(
    loaded: Workspace, west_mercia_dir: Path
) -> None:
    before = snapshot(loaded)
    report = ingest_police_uk(loaded, [west_mercia_dir])
    assert [f.status for f in report.files] == ["unchanged"] * 3
    assert report.load_id is None
    assert snapshot(loaded) == before


def test_same_content_under_another_name_is_not_counted_twice(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    before = snapshot(loaded)
    copy = tmp_path / "copy" / "2024-01-west-mercia-street.csv"
    copy.parent.mkdir()
    copy.write_bytes((west_mercia_dir / "2024-01-west-mercia-street.csv").read_bytes())
    report = ingest_police_uk(loaded, [copy])
    assert report.files[0].status == "unchanged"
    assert snapshot(loaded) == before


def test_a_republished_file_replaces_the_earlier_version(loaded: Workspace, tmp_path: Path) -> None:
    new = write_police_csv(
        tmp_path / "new" / "2024-02-west-mercia-street.csv",
        [street_row(month="2024-02", crime_type="Robbery") for _ in range(5)],
    )
    report = ingest_police_uk(loaded, [new], accept_smaller=True)
    assert report.files[0].status == "replaced"
    assert report.files[0].note == "replaces 2024-02-west-mercia-street.csv"
    with loaded.reader() as warehouse:
        con = warehouse
        months = dict(
            con.execute(
                "SELECT strftime(month, '%Y-%m'), count(*) FROM street GROUP BY 1"
            ).fetchall()
        )
        history = con.execute(
            "SELECT status, rows_loaded, replaced_by IS NOT NULL, replaced_at IS NOT NULL"
            " FROM source_files WHERE month = DATE '2024-02-01' ORDER BY file_id"
        ).fetchall()
    assert months["2024-02"] == 5
    assert months["2024-01"] == 7700
    assert history == [("replaced", 7654, True, True), ("current", 5, False, False)]


def test_an_older_version_is_not_reloaded_over_its_replacement(
    loaded: Workspace, west_mercia_dir: Path, tmp_path: Path
) -> None:
    new = write_police_csv(
        tmp_path / "new" / "2024-02-west-mercia-street.csv", [street_row(month="2024-02")]
    )
    ingest_police_uk(loaded, [new], accept_smaller=True)
    before = snapshot(loaded)
    report = ingest_police_uk(loaded, [west_mercia_dir / "2024-02-west-mercia-street.csv"])
    assert report.files[0].status == "superseded"
    assert snapshot(loaded) == before


CORRUPT_ROWS = {
    3: ("2024-13", "Month", "bad month"),
    4: ("2024-02", "Month", "month 2024-02 is not this file's month 2024-01"),
    5: ("abc", "Longitude", "non-numeric coordinate"),
    6: ("Spaceship theft", "Crime type", "unknown crime type"),
}


def corrupt_file(path: Path) -> Path:
    good = street_row()
    lines = [",".join(header_of("street")), ",".join(good)]
    for value, column, _ in CORRUPT_ROWS.values():
        row = list(good)
        row[header_of("street").index(column)] = value
        lines.append(",".join(row))
    lines.append(",".join(good[:10]))  # line 7: wrong column count
    lines.append(",".join(good))  # line 8: fine
    lines.append(",".join(good).replace("High Street", "Caf\xe9 Street"))  # line 9: latin-1
    lines.append(",".join(good))  # line 10: fine
    broken = list(good)
    broken[6] = '"On or near Broken Quote'
    lines.append(",".join(broken))  # line 11: broken quoting, swallows line 12
    lines.append(",".join(good))  # line 12
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


def test_malformed_rows_are_rejected_with_file_line_column_and_reason(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = corrupt_file(tmp_path / "in" / "2024-01-west-mercia-street.csv")
    report = ingest_police_uk(workspace, [path])
    rejects = {r.line: r for r in report.rejects}
    for line, (value, column, reason) in CORRUPT_ROWS.items():
        assert rejects[line].column == column
        assert rejects[line].value == value
        assert reason in rejects[line].reason
        assert rejects[line].file == str(path)
    assert "the row has 10 columns, police.uk street files have 12" in rejects[7].reason
    assert "wrong encoding" in rejects[9].reason
    assert "load it again as Latin-1" in rejects[9].reason
    assert "broken quoting" in rejects[11].reason
    assert "takes in the 1 line(s) after it" in rejects[11].reason
    assert rejects[5].raw_line is not None
    assert ",abc,52.708," in rejects[5].raw_line
    assert rejects[11].span == 2
    assert sorted(rejects) == [3, 4, 5, 6, 7, 9, 11]
    # Lines 2, 8 and 10 load; 12 was swallowed by the broken quote on line 11 and is reported.
    assert report.files[0].rows_loaded == 3
    assert report.files[0].rows_rejected == 7
    assert report.files[0].rows_loaded + report.files[0].rows_rejected + 1 == 11
    with workspace.reader() as warehouse:
        kept = warehouse.execute("SELECT line, column_name FROM rejects ORDER BY line")
        assert kept.fetchall() == [
            (3, "Month"),
            (4, "Month"),
            (5, "Longitude"),
            (6, "Crime type"),
            (7, None),
            (9, "Location"),
            (11, "Location"),
        ]


def test_a_row_of_another_month_in_the_same_load_is_still_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    """All files of a kind load in one scan; a row of another month of that load is caught."""
    alone = ingest_police_uk(
        workspace, [corrupt_file(tmp_path / "a" / "2024-01-west-mercia-street.csv")]
    )
    together = Workspace(tmp_path / "ws2")
    folder = tmp_path / "b"
    corrupt_file(folder / "2024-01-west-mercia-street.csv")
    write_police_csv(folder / "2024-02-west-mercia-street.csv", [street_row(month="2024-02")] * 2)
    write_police_csv(
        folder / "2024-01-dyfed-powys-street.csv", [street_row(force="Dyfed-Powys Police")] * 3
    )
    report = ingest_police_uk(together, [folder])
    rejects = [(r.line, r.column, r.reason) for r in report.rejects]
    assert rejects == [(r.line, r.column, r.reason) for r in alone.rejects]
    assert (4, "Month", "month 2024-02 is not this file's month 2024-01") in rejects
    loaded = {(f.force, f.month): f.rows_loaded for f in report.files}
    assert loaded == {
        ("west-mercia", "2024-01"): 3,
        ("west-mercia", "2024-02"): 2,
        ("dyfed-powys", "2024-01"): 3,
    }
    with together.reader() as warehouse:
        per_file = warehouse.execute(
            "SELECT f.force, strftime(s.month, '%Y-%m'), count(*) FROM street s"
            " JOIN source_files f USING (file_id) GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert per_file == [
        ("dyfed-powys", "2024-01", 3),
        ("west-mercia", "2024-01", 3),
        ("west-mercia", "2024-02", 2),
    ]


def test_a_file_that_changes_while_read_is_not_stored(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", [street_row()])
    real_digest = workspace_module._digest

    def digest_then_append(source: Path) -> tuple[str, int, int]:
        result = real_digest(source)
        with open(source, "a", encoding="utf-8") as handle:
            handle.write(",".join(street_row()) + "\n")
        return result

    monkeypatch.setattr(workspace_module, "_digest", digest_then_append)
    with pytest.raises(InputFileError, match="changed while it was being read"):
        ingest_police_uk(workspace, [path])
    assert not [p for p in workspace.raw.folder.rglob("*") if p.is_file()]


def test_a_file_that_changes_during_the_load_is_refused(
    loaded: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load reads the files while their raw copies are made: a change in between is caught."""
    before = snapshot(loaded)
    raw_before = sorted(p for p in loaded.raw.folder.rglob("*") if p.is_file())
    path = write_police_csv(
        tmp_path / "2024-05-west-mercia-street.csv", [street_row(month="2024-05")]
    )
    real_load = store_police.load_files

    def append_then_load(*args: object, **kwargs: object) -> object:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(",".join(street_row(month="2024-05")) + "\n")
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_police, "load_files", append_then_load)
    with pytest.raises(InputFileError, match="changed while it was being read"):
        ingest_police_uk(loaded, [path])
    assert snapshot(loaded) == before
    assert sorted(p for p in loaded.raw.folder.rglob("*") if p.is_file()) == raw_before


def test_wrong_header_is_one_clear_error_and_loads_nothing(
    loaded: Workspace, tmp_path: Path
) -> None:
    before = snapshot(loaded)
    good = write_police_csv(tmp_path / "in" / "2024-05-west-mercia-street.csv", [street_row()])
    bad = tmp_path / "in" / "2024-06-west-mercia-street.csv"
    bad.write_text("Crime ID,Month,Type\nx,2024-06,Burglary\n", encoding="utf-8")
    with pytest.raises(HeaderError) as caught:
        ingest_police_uk(loaded, [good, bad])
    message = str(caught.value)
    assert str(bad) in message
    assert "expected: " + ",".join(header_of("street")) in message
    assert "found:    Crime ID,Month,Type" in message
    assert "Nothing was loaded" in message
    assert snapshot(loaded) == before


def test_two_versions_of_one_file_in_one_load_are_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = write_police_csv(tmp_path / "a" / "2024-01-west-mercia-street.csv", [street_row()])
    second = write_police_csv(
        tmp_path / "b" / "2024-01-west-mercia-street.csv", [street_row(), street_row()]
    )
    with pytest.raises(InputFileError, match="two different street files for west-mercia 2024-01"):
        ingest_police_uk(workspace, [first, second])
    assert not workspace.exists()  # a refused first load leaves no warehouse behind
    assert not [p for p in workspace.raw.folder.rglob("*") if p.is_file()]


def test_zip_archives_in_police_uk_layout_load(workspace: Workspace, tmp_path: Path) -> None:
    archive = tmp_path / "police.zip"
    street = write_police_csv(tmp_path / "s.csv", [street_row(month="2024-03")] * 2)
    outcome = write_police_csv(
        tmp_path / "o.csv",
        [[*street_row(month="2024-03")[:9], "Offender given a caution"]],
        kind="outcomes",
    )
    search = write_police_csv(
        tmp_path / "ss.csv",
        [
            [
                "Person search",
                "2024-03-01T09:58:14+00:00",
                "False",
                "",
                "52.7",
                "-2.7",
                "Male",
                "18-24",
                "",
                "White",
                "Misuse of Drugs Act 1971 (section 23)",
                "Controlled drugs",
                "A no further action disposal",
                "False",
                "False",
            ]
        ],
        kind="stop-and-search",
    )
    with zipfile.ZipFile(archive, "w") as z:
        z.write(street, "2024-03/2024-03-west-mercia-street.csv")
        z.write(outcome, "2024-03/2024-03-west-mercia-outcomes.csv")
        z.write(search, "2024-03/2024-03-west-mercia-stop-and-search.csv")
        z.writestr("README.txt", "not data")
    report = ingest_police_uk(workspace, [archive])
    assert sorted((f.kind, f.rows_loaded) for f in report.files) == [
        ("outcomes", 1),
        ("stop-and-search", 1),
        ("street", 2),
    ]
    assert all(f.received_as.startswith(f"{archive}:2024-03/") for f in report.files)
    with workspace.reader() as warehouse:
        row = warehouse.execute(
            "SELECT search_type, searched_at, part_of_operation FROM stop_search"
        ).fetchone()
    assert row is not None
    assert (str(row[0]), str(row[1]), row[2]) == ("Person search", "2024-03-01 09:58:14", False)


@pytest.mark.parametrize("name", ["crimes.csv", "2024-13-west-mercia-street.csv"])
def test_a_file_not_named_like_police_uk_is_refused(
    workspace: Workspace, tmp_path: Path, name: str
) -> None:
    path = write_police_csv(tmp_path / name, [street_row()])
    with pytest.raises(InputFileError, match=r"YYYY-MM-<force>-street\.csv"):
        ingest_police_uk(workspace, [path])


def test_a_folder_without_police_files_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputFileError, match=r"no police\.uk files"):
        ingest_police_uk(workspace, [tmp_path / "empty"])


def test_latin1_files_load_with_the_encoding_option(workspace: Workspace, tmp_path: Path) -> None:
    row = street_row()
    row[6] = "On or near Caf\xe9 Street"
    path = tmp_path / "in" / "2024-01-west-mercia-street.csv"
    path.parent.mkdir()
    path.write_bytes(
        (",".join(header_of("street")) + "\n" + ",".join(row) + "\n").encode("latin-1")
    )
    report = ingest_police_uk(workspace, [path], encoding="latin-1")
    assert (report.rows_loaded, report.rows_rejected) == (1, 0)
    with workspace.reader() as warehouse:
        assert warehouse.execute("SELECT location FROM street").fetchone() == (
            "On or near Café Street",
        )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet="ab\n", max_size=60),
    picks=st.lists(st.integers(min_value=0, max_value=59), max_size=8),
    chunk_size=st.integers(min_value=1, max_value=9),
)
def test_line_numbers_from_byte_positions(
    tmp_path: Path, text: str, picks: list[int], chunk_size: int
) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(text.encode())
    positions = [p for p in picks if p <= len(text)]
    expected = [text[:p].count("\n") + 1 for p in positions]
    assert _lines_at(path, positions, chunk_size=chunk_size) == expected
