"""Files the CSV reader or the zip reader cannot take as they are (issue 14, tracebacks): CR LF
files with a bad row, quoted line breaks, UTF-16, damaged or odd zip members, month 00 or 13 in
a name. Each either loads with every bad row rejected at its line, or is refused with a message
naming the file (and line) and the fix; a refusal changes nothing stored."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from saferinsight.cli.commands import main
from saferinsight.core.police_uk import header_of
from saferinsight.errors import FileFormatError, FileNameError, InputFileError
from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest import police_files
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace
from tests.ingest.test_police_uk import snapshot

NAME = "2024-02-west-mercia-street.csv"


@pytest.fixture
def base(tmp_path: Path) -> Workspace:
    """A workspace with January 2024 loaded: what every refusal must leave as it was."""
    workspace = Workspace(tmp_path / "ws")
    january = [street_row(month="2024-01") for _ in range(5)]
    ingest_police_uk(
        workspace, [write_police_csv(tmp_path / "2024-01-west-mercia-street.csv", january)]
    )
    return workspace


def _rows(n: int = 8) -> list[list[str]]:
    return [street_row(month="2024-02") for _ in range(n)]


def _text(rows: list[list[str]], newline: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header_of("street"))
    writer.writerows(rows)
    return out.getvalue()


def _write(folder: Path, data: str | bytes, name: str = NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _refused(workspace: Workspace, error: type[Exception], *paths: Path, **options: str) -> str:
    before = snapshot(workspace)
    with pytest.raises(error) as refused:
        ingest_police_uk(workspace, list(paths), **options)  # type: ignore[arg-type]
    assert snapshot(workspace) == before
    return str(refused.value)


def _extra_column(text: str) -> str:
    lines = text.split("\r\n")
    lines[4] += ",extra"
    return "\r\n".join(lines)


def _space_at_line_ends(text: str) -> str:
    header, rest = text.split("\r\n", 1)
    return header + "\r\n" + rest.replace("\r\n", " \r\n", 3)


def _empty(column: int) -> Callable[[str], str]:
    def change(_: str) -> str:
        rows = _rows()
        rows[3][column] = ""
        return _text(rows)

    return change


def _empty_row(_: str) -> str:
    rows = _rows()
    rows[3] = [""] * 12
    return _text(rows)


@pytest.mark.parametrize(
    ("change", "rejected"),
    [
        pytest.param(_extra_column, [(5, None)], id="extra column"),
        pytest.param(lambda t: t[:-40], [(9, None)], id="truncated last line"),
        pytest.param(_space_at_line_ends, [], id="space before line end"),
        pytest.param(_empty(1), [(5, "Month")], id="empty month"),
        pytest.param(_empty(9), [(5, "Crime type")], id="empty crime type"),
        pytest.param(_empty_row, [(5, "Crime type"), (5, "Month")], id="all-empty row"),
    ],
)
def test_bad_rows_of_a_crlf_file_are_rejected_at_their_line(
    workspace: Workspace, tmp_path: Path, change: Callable[[str], str], rejected: list[object]
) -> None:
    """Each ended in a csv.Error or a NOT NULL ConstraintException traceback."""
    report = ingest_police_uk(workspace, [_write(tmp_path, change(_text(_rows())))])
    assert sorted((r.line, r.column) for r in report.rejects) == rejected
    assert report.rows_loaded + len({r.line for r in report.rejects}) == 8
    assert all("no value" in r.reason for r in report.rejects if r.column)


def test_a_stray_carriage_return_is_refused_naming_its_line(
    base: Workspace, tmp_path: Path
) -> None:
    """DuckDB's "state machine reached an invalid state", masked by a TransactionException."""
    lines = _text(_rows()).split("\r\n")
    lines[3] = lines[3].replace(",", ",\r", 1)
    path = _write(tmp_path / "in", "\r\n".join(lines))
    message = _refused(base, FileFormatError, path)
    assert f"{path}: line 4 has a carriage return (CR) inside a row" in message


def test_a_file_with_carriage_returns_alone_is_refused(base: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", _text(_rows(), "\r"))
    assert "lines end with a carriage return (CR) alone" in _refused(base, FileFormatError, path)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_quoted_line_breaks_load_as_one_row(
    workspace: Workspace, tmp_path: Path, newline: str
) -> None:
    """They were refused as lines "neither loaded nor rejected"."""
    rows = _rows()
    rows[2][6] = f"On or near{newline}High Street"
    rows[4][11] = "two\nlines"
    report = ingest_police_uk(workspace, [_write(tmp_path, _text(rows, newline))])
    assert (report.rows_loaded, report.rows_rejected) == (8, 0)
    with workspace.reader() as warehouse:
        found = warehouse.execute("SELECT count(*) FROM street WHERE location LIKE '%High%'")
        assert found.fetchone() == (8,)


def test_a_rejected_row_after_quoted_line_breaks_has_its_own_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = _rows()
    rows[1][6] = "On or near\nHigh Street"
    rows[4][9] = "Nonsense"
    report = ingest_police_uk(workspace, [_write(tmp_path, _text(rows))])
    assert [(r.line, r.column) for r in report.rejects] == [(7, "Crime type")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_little_endian_utf16_loads_as_utf16_with_its_lines(
    workspace: Workspace, tmp_path: Path, codec: str
) -> None:
    """A little-endian file never loaded, whatever the encoding."""
    rows = _rows()
    rows[1][6] = "Café\nStreet"
    rows[4][9] = "Nonsense"
    path = _write(tmp_path, _text(rows).encode(codec))
    report = ingest_police_uk(workspace, [path], encoding="utf-16")
    assert report.rows_loaded == 7
    assert [(r.line, r.column) for r in report.rejects] == [(7, "Crime type")]


def test_utf16_read_as_utf8_is_refused_with_the_encoding_to_use(
    base: Workspace, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in", _text(_rows()).encode("utf-16"))
    before = snapshot(base)
    with pytest.raises(FileFormatError) as refused:
        ingest_police_uk(base, [path])
    assert f"{path}: the file is UTF-16 text, not UTF-8." in str(refused.value)
    assert refused.value.hint is not None
    assert refused.value.hint.options == {"encoding": "utf-16"}
    assert snapshot(base) == before


def test_big_endian_utf16_is_refused(base: Workspace, tmp_path: Path) -> None:
    """A big-endian file "loaded" 0 rows."""
    path = _write(tmp_path / "in", b"\xfe\xff" + _text(_rows()).encode("utf-16-be"))
    message = _refused(base, FileFormatError, path, encoding="utf-16")
    assert "big-endian UTF-16 text, which cannot be loaded" in message


def test_utf8_read_as_utf16_is_refused(base: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", _text(_rows()))
    assert "not UTF-16 text" in _refused(base, FileFormatError, path, encoding="utf-16")


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["00", "13"])
def test_month_00_or_13_in_a_folder_is_refused_not_skipped(
    base: Workspace, tmp_path: Path, month: str
) -> None:
    """In a folder such a file was skipped without a word (its rows lost)."""
    _write(tmp_path / "in", _text(_rows()), NAME)
    _write(tmp_path / "in", _text(_rows()), f"2024-{month}-west-mercia-street.csv")
    message = _refused(base, FileNameError, tmp_path / "in")
    assert f"the month in the file name, 2024-{month}, is not a month (01 to 12)" in message


# --- zip archives -----------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _member() -> dict[str, bytes]:
    return {f"2024-02/{NAME}": _text(_rows()).encode()}


def _flip_crc_byte(data: bytearray) -> None:
    data[data.find(b"Crime ID") + 100] ^= 0xFF


def _clobber_local_name(data: bytearray) -> None:
    data[60:80] = b"\x00" * 20


def _unknown_method(data: bytearray) -> None:
    data[8:10] = struct.pack("<H", 99)
    central = data.find(b"PK\x01\x02")
    data[central + 10 : central + 12] = struct.pack("<H", 99)


def _encrypted(data: bytearray) -> None:
    data[6] |= 1
    data[data.find(b"PK\x01\x02") + 8] |= 1


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_flip_crc_byte, "Bad CRC-32"),
        (_clobber_local_name, "cannot be extracted"),
        (_unknown_method, "compression method is not supported"),
        (_encrypted, "the member is encrypted"),
    ],
    ids=["bad CRC", "corrupt header", "unsupported method", "encrypted"],
)
def test_a_damaged_zip_member_is_refused(
    base: Workspace, tmp_path: Path, damage: Callable[[bytearray], None], said: str
) -> None:
    """Each ended in a BadZipFile, NotImplementedError or RuntimeError traceback."""
    archive = _zip(tmp_path / "in" / "2024-02.zip", _member())
    data = bytearray(archive.read_bytes())
    damage(data)
    archive.write_bytes(bytes(data))
    message = _refused(base, InputFileError, archive)
    assert f"{archive}:2024-02/{NAME}" in message
    assert said in message


@pytest.mark.parametrize("member", ["2024-02/data.csv", "2024-13/2024-13-west-mercia-street.csv"])
def test_a_zip_member_not_named_as_police_uk_names_files_is_refused(
    base: Workspace, tmp_path: Path, member: str
) -> None:
    archive = _zip(tmp_path / "in" / "a.zip", {**_member(), member: b"x,y\n1,2\n"})
    assert f"{archive}:{member}: " in _refused(base, FileNameError, archive)


def test_a_readme_in_a_zip_is_left_alone(workspace: Workspace, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "a.zip", {**_member(), "README.txt": b"notes"})
    assert ingest_police_uk(workspace, [archive]).rows_loaded == 8


def test_a_zip_bomb_is_refused_before_it_is_extracted(
    base: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1 MB zip expanding to 1 GiB was extracted in full and kept."""
    monkeypatch.setattr(police_files, "RATIO_FLOOR", 1000)
    text = _text(_rows()).encode()
    bomb = {f"2024-02/{NAME}": text + b" " * 2_000_000}
    archive = _zip(tmp_path / "in" / "a.zip", bomb, zipfile.ZIP_DEFLATED)
    message = _refused(base, InputFileError, archive)
    assert "is refused as damaged or malicious. Nothing was extracted" in message
    assert not list((base.tmp_dir).rglob("*.csv"))


# --- the command line -------------------------------------------------------------------------


def test_the_command_line_shows_each_refusal_without_a_traceback(
    base: Workspace, tmp_path: Path
) -> None:
    archive = _zip(tmp_path / "in" / "a.zip", _member())
    data = bytearray(archive.read_bytes())
    _flip_crc_byte(data)
    archive.write_bytes(bytes(data))
    lines = _text(_rows()).split("\r\n")
    lines[3] = lines[3].replace(",", ",\r", 1)
    stray = _write(tmp_path / "cr", "\r\n".join(lines))
    for path in (archive, stray):
        result = CliRunner().invoke(
            main, ["--workspace", str(base.root), "ingest", "police-uk", str(path)]
        )
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "Error: " in result.stderr
        assert "Hint: " in result.stderr
