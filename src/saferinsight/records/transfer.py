"""Moving records in and out: a YAML file or an Excel workbook holding records of any kinds.

Both hold, for each kind, a list of records (a sheet per kind in a workbook, with a
documentation sheet and the code lists). A record may carry an ``id`` of the file's own; other
records of the file refer to it by that id (or, for kinds that have one, by its key). An import
is all or nothing: every problem is listed with where it is (sheet, row and column, or the
record's place in the file) and nothing is saved unless there are none.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from saferinsight.records.service import Records
>>> from saferinsight.workspace import Workspace
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "in.yaml").write_text(
...     "partnership:\\n- {key: p, name: P, kind: csp}\\n"
...     "budget-year:\\n- {id: 7, partnership: p, year: 2024/25, share_decimals: 2}\\n"
...     "contribution:\\n- {budget_year: 7, contributor: Council, amount: 266680}\\n"
... )
>>> records = Records(Workspace(folder / "ws"), actor="analyst")
>>> dict(import_records(records, folder / "in.yaml").added)
{'partnership': 1, 'budget-year': 1, 'contribution': 1}
>>> export_records(records, folder / "out.xlsx").records
3
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from saferinsight.errors import Hint, InputFileError, RecordValueError
from saferinsight.records.kinds import KINDS, Kind, record_kind
from saferinsight.records.spreadsheets import unsafe_cell
from saferinsight.records.values import shown

if TYPE_CHECKING:
    from saferinsight.records.service import Records

__all__ = ["Export", "Import", "export_records", "import_items", "import_records"]

#: The demo workspace's records: Shropshire's, reconstructed from the partnership's published
#: reports (fictional dates where the reports give none).
DEMO_RECORDS = Path(__file__).parent / "demo" / "shropshire.yaml"

#: The workbook's sheet of documentation and of code lists.
ABOUT_SHEET, CODES_SHEET = "About", "Codes"


@dataclass(frozen=True)
class Item:
    """One record read from a file: where it is, its kind, its file id and its values."""

    where: str
    kind: str
    file_id: str | None
    values: Mapping[str, object]


@dataclass(frozen=True)
class Import:
    """What an import added: records by kind, from which file."""

    source: str
    added: Mapping[str, int]

    @property
    def records(self) -> int:
        """How many records were added."""
        return sum(self.added.values())


@dataclass(frozen=True)
class Export:
    """What an export wrote."""

    path: Path
    counts: Mapping[str, int]

    @property
    def records(self) -> int:
        """How many records were written."""
        return sum(self.counts.values())


def import_records(records: Records, path: Path) -> Import:
    """Add every record of a YAML file or Excel workbook, or none (see the module docstring)."""
    items = list(_read(path))
    return import_items(records, items, source=path.name)


def import_items(records: Records, items: Sequence[Item], *, source: str) -> Import:
    """Add ``items`` in order in one transaction; on any problem, list them all, add none."""
    problems: list[str] = []
    added: dict[str, int] = {}
    if not items:
        return Import(source, added)
    with records.writing(record_kind(items[0].kind)) as session:
        file_ids: dict[tuple[str, str], int] = {}
        for item in items:
            try:
                view = records.add_in(session, KINDS[item.kind], item.values, file_ids=file_ids)
            except RecordValueError as exc:
                problems.extend(f"{item.where}: {p}" for p in exc.problems or (str(exc),))
                continue
            if item.file_id is not None:
                file_ids[(item.kind, item.file_id)] = view.id
            added[item.kind] = added.get(item.kind, 0) + 1
        if problems:
            session.rollback()
            raise RecordValueError(
                f"{source}: {len(problems)} problem(s); nothing was imported.",
                tuple(problems),
                hint=Hint("retry", "Correct the file and import it again."),
            )
    return Import(source, added)


def _read(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise InputFileError(
        f"{path.name}: records are imported from a YAML file (.yaml) or an Excel workbook "
        f"(.xlsx), not a {suffix or 'file without an extension'} file.",
        hint=Hint("retry", "Save the records as .xlsx or .yaml."),
    )


def _read_yaml(path: Path) -> Iterator[Item]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputFileError(
            f"{path.name} is not a readable YAML file: {str(exc).splitlines()[0]}.",
            hint=Hint("retry", "Correct the file and import it again."),
        ) from None
    if not isinstance(data, dict):
        raise InputFileError(
            f"{path.name}: a records file maps kinds of record to lists of records.",
            hint=Hint("retry", "Start each list with its kind, e.g. 'review:'."),
        )
    _check_kinds(path.name, list(data))
    for kind in _ordered(data):
        entries = data[kind] or []
        for number, values in enumerate(entries, start=1):
            where = f"{kind} #{number}"
            if not isinstance(values, dict):
                raise InputFileError(f"{path.name}: {where} is not a record (field: value lines).")
            values = dict(values)
            file_id = values.pop("id", None)
            yield Item(where, kind, None if file_id is None else str(file_id), values)


def _read_xlsx(path: Path) -> Iterator[Item]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputFileError(
            f"{path.name} cannot be read as an Excel workbook ({type(exc).__name__}).",
            hint=Hint("retry", "Save it from Excel as .xlsx and import it again."),
        ) from None
    sheets = [name for name in book.sheetnames if name not in (ABOUT_SHEET, CODES_SHEET)]
    _check_kinds(path.name, sheets)
    for kind in _ordered(dict.fromkeys(sheets)):
        rows = book[kind].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        for number, row in enumerate(rows, start=2):
            if all(c is None or str(c).strip() == "" for c in row):
                continue
            values = {name: unsafe_cell(c) for name, c in zip(header, row, strict=False) if name}
            file_id = values.pop("id", None)
            yield Item(f"sheet {kind}, row {number}", kind,
                       None if file_id is None else _text_id(file_id), values)  # fmt: skip


def _text_id(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _check_kinds(source: str, names: Sequence[str]) -> None:
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise InputFileError(
            f"{source}: {', '.join(map(repr, unknown))} is not a kind of record. The kinds "
            f"are: {', '.join(KINDS)}.",
            hint=Hint("retry", "Name each list or sheet after a kind of record."),
        )


def _ordered(data: Mapping[str, Any]) -> list[str]:
    """The kinds present, parents before the records that belong to them."""
    return [kind for kind in KINDS if kind in data]


# -- export -------------------------------------------------------------------------------------


def export_records(records: Records, path: Path, *, kinds: Sequence[str] | None = None) -> Export:
    """Write every record (or those of ``kinds``) to a YAML file or an Excel workbook that
    :func:`import_records` reads back."""
    chosen = [record_kind(k) for k in kinds] if kinds else list(KINDS.values())
    data = {spec.key: _export_rows(records, spec) for spec in chosen}
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
            path.write_text(text, encoding="utf-8")
        elif suffix == ".xlsx":
            _write_xlsx(path, chosen, data)
        else:
            raise InputFileError(
                f"{path.name}: records are exported to .yaml or .xlsx.",
                hint=Hint("retry", "Give a file name ending .xlsx or .yaml."),
            )
    except OSError as exc:  # no such folder, no permission, a full disk
        raise InputFileError(
            f"{path}: cannot be written ({exc.strerror or exc}).",
            hint=Hint("retry", "Give a file in a folder that exists and that you may write to."),
        ) from exc
    return Export(path, {kind: len(rows) for kind, rows in data.items()})


def _export_rows(records: Records, spec: Kind) -> list[dict[str, object]]:
    rows = []
    for view in records.list(spec.key, purpose="export"):
        row: dict[str, object] = {"id": view.id}
        for name, value in view.values.items():
            if value is not None and value is not False:
                row[name] = shown(value)
        rows.append(row)
    return rows


def _write_xlsx(
    path: Path, kinds: Sequence[Kind], data: Mapping[str, list[dict[str, object]]]
) -> None:
    from openpyxl import Workbook

    from saferinsight.core.cells import safe_cell
    from saferinsight.records.spreadsheets import (
        about_rows,
        code_rows,
        dress_about,
        dress_codes,
        dress_records,
    )

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = ABOUT_SHEET
    for line in about_rows(kinds):
        about.append(list(line))
    dress_about(about)
    codes = book.create_sheet(CODES_SHEET)
    places: dict[tuple[object, object], list[int]] = {}
    for number, line in enumerate(code_rows(kinds), start=1):
        codes.append(list(line))
        if number > 1:
            places.setdefault((line[0], line[1]), []).append(number)
    dress_codes(codes)
    for spec in kinds:
        sheet = book.create_sheet(spec.key)
        header = ["id", *(f.name for f in spec.fields)]
        sheet.append(header)
        for row in data[spec.key]:
            sheet.append([safe_cell(row.get(name)) for name in header])
        dress_records(sheet, spec, header, places)
    book.save(path)
