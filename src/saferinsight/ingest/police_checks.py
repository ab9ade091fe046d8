"""Check a police.uk file's name against the police.uk force list and against its own rows.

The name decides where a file's rows are counted: its force and month key the file, and a
re-published file for the same key replaces the earlier one. So a name that contradicts the
rows would count them under the wrong force (West Mercia rows in a file named ``dorset``
replaced Dorset's month) or under no partnership at all (a force ``narnia``). Such files are
refused, with both sides named, before anything is stored.

The rules, for the rows that loaded:

* the force in the name is one of police.uk's (the shipped force list, ``ref_force``);
* every row's "Reported by" and "Falls within" is that force's police.uk name (British
  Transport Police rows may fall within any force on the list);
* most rows are of the month in the name. Street and outcomes rows of another month are
  rejected one by one; when they outnumber the rows of the named month, the whole file is
  refused. Stop-and-search rows are placed in a month by their date.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferinsight.core.months import MONTH
from saferinsight.errors import FileNameError, Hint
from saferinsight.ingest.police_files import PoliceFile

#: The force whose rows may fall within another force's area.
TRANSPORT_POLICE = "btp"
#: How many different wrong values a message shows for one file.
SHOWN_VALUES = 3


@dataclass(frozen=True)
class RowsSeen:
    """What a file's loaded rows say about their force and month.

    ``forces`` counts rows by ("Reported by", "Falls within") (empty for stop and search);
    ``months`` counts rows by month, those rejected for another month included.
    """

    file: PoliceFile
    forces: Sequence[tuple[str | None, str | None, int]]
    months: Mapping[str, int]


def check_known_forces(files: Iterable[PoliceFile], forces: Mapping[str, str]) -> None:
    """Refuse files whose name gives a force that is not on police.uk's list."""
    unknown = [f for f in files if f.force not in forces]
    if not unknown:
        return
    indent = "  " if len(unknown) > 1 else ""
    listed = "\n".join(
        f"{indent}{f.received_as}: the file name says force {f.force!r}, which is not a police.uk "
        "force." + _suggestion(f, forces)
        for f in unknown
    )
    raise FileNameError(
        f"{listed}\nA file's force decides where its rows are counted, so nothing was loaded. "
        f"police.uk's forces are: {', '.join(sorted(forces))}.",
        hint=Hint(
            "retry",
            "Rename each file with its police.uk force, as police.uk names them (for example "
            "2024-01-west-mercia-street.csv), or leave it out, and load again.",
        ),
    )


def check_rows_agree(seen: Sequence[RowsSeen], forces: Mapping[str, str], *, encoding: str) -> None:
    """Refuse files whose rows say another force or month than their name."""
    problems = [
        problem
        for rows in seen
        for problem in (_force_problem(rows, forces, encoding=encoding), _month_problem(rows))
        if problem
    ]
    if problems:
        raise FileNameError(
            "\n".join(problems) + "\nThe file name decides where the rows are counted, so "
            "nothing was loaded.",
            hint=Hint(
                "retry",
                "Rename the file to what its rows are, or download the file the name stands "
                "for again, and load it again.",
            ),
        )


def _force_problem(rows: RowsSeen, forces: Mapping[str, str], *, encoding: str) -> str | None:
    item = rows.file
    expected = forces[item.force]
    names = set(forces.values())
    wrong: Counter[tuple[str, str | None]] = Counter()  # (column, value) -> rows
    for reported_by, falls_within, count in rows.forces:
        if reported_by != expected:
            wrong["Reported by", reported_by] += count
        elif falls_within != expected and not (
            item.force == TRANSPORT_POLICE and falls_within in names
        ):
            wrong["Falls within", falls_within] += count
    if not wrong:
        return None
    total = sum(count for *_, count in rows.forces)
    said = "; ".join(
        f"{column} {_shown(value)} ({count:,} of {total:,} rows)"
        for (column, value), count in wrong.most_common(SHOWN_VALUES)
    )
    if len(wrong) > SHOWN_VALUES:
        said += f"; and {len(wrong) - SHOWN_VALUES} other value(s)"
    line = _first_line(item.path, encoding=encoding, agrees=lambda r: r[2:4] == [expected] * 2)
    where = f"; the first such row is line {line:,}" if line else ""
    (column, value), _ = wrong.most_common(1)[0]
    slug = _slug_of(value, forces) if column == "Reported by" else None
    return (
        f"{item.received_as}: the file name says force {item.force} ({expected}), but its rows "
        f"say {said}{where}. " + _rename_fix(item, force=slug)
    )


def _month_problem(rows: RowsSeen) -> str | None:
    item = rows.file
    if not rows.months:
        return None
    own = rows.months.get(item.month, 0)
    month, most = max(rows.months.items(), key=lambda pair: (pair[1], pair[0]))
    if month == item.month or most <= own:
        return None
    total = sum(rows.months.values())
    return (
        f"{item.received_as}: the file name says month {item.month}, but most of its rows say "
        f"{month} ({most:,} of {total:,} rows; {own:,} of {item.month}). "
        + _rename_fix(item, month=month)
    )


def _rename_fix(item: PoliceFile, *, force: str | None = None, month: str | None = None) -> str:
    named = f"{item.month}-{item.force}-{item.kind}.csv"
    if force is None and month is None:
        return f"Download {named} from police.uk again."
    name = f"{month or item.month}-{force or item.force}-{item.kind}.csv"
    return (
        f"If the rows are right, rename the file to {name}; if the name is right, download "
        f"{named} from police.uk again."
    )


def _slug_of(value: str | None, forces: Mapping[str, str]) -> str | None:
    return next((slug for slug, name in forces.items() if name == value), None)


def _shown(value: str | None) -> str:
    return "(empty)" if not value else repr(value)


def _suggestion(item: PoliceFile, forces: Mapping[str, str]) -> str:
    close = [slug for slug in forces if slug in item.force or item.force in slug]
    return f" Did you mean {' or '.join(sorted(close))}?" if close else ""


def _first_line(path: Path, *, encoding: str, agrees: Callable[[list[str]], bool]) -> int | None:
    """The line where the first data row that does not agree starts, read with the csv module
    (only on the way to an error: the load itself never reads a file in Python)."""
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    try:
        with open(path, encoding=codec, errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                if row and not agrees(row):
                    return start
                start = reader.line_num + 1
    except (csv.Error, UnicodeError):
        return None
    return None


def month_counts(
    loaded: int, own: str, rejected: Iterable[tuple[str | None, str | None]]
) -> dict[str, int]:
    """Rows by month for a street or outcomes file: those loaded (all of ``own``) and those
    rejected because their Month is another well-formed month (``(column, value)`` pairs)."""
    months: Counter[str] = Counter({own: loaded} if loaded else {})
    for column, value in rejected:
        if column == "Month" and value is not None and MONTH.fullmatch(value) and value != own:
            months[value] += 1
    return dict(months)
