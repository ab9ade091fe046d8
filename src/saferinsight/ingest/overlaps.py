"""Rows of a partner file that another provider has already sent (issue 14, class 6).

Two providers' files can cover the same months and areas of one dataset: the police and the
council both send ASB incidents, say. That is fine while they count different things, but the
same figures sent under a second provider name would be counted twice. A row *repeats* another
provider's current row when both have the same key (:attr:`Dataset.key`: period, place and
breakdowns of an aggregate; the reference, or the whole row, of record data). A load with
repeated rows is refused, naming each one; the user decides explicitly what the file is:

- ``"replace"``: the file corrects the other provider's figures, and supersedes those of their
  versions it repeats for the months and areas it covers, as a re-sent file from the same
  provider would (the replaced versions stay queryable);
- ``"add"`` (record data only): the records are distinct events that happen to look alike (two
  emergency departments' attendances), and both are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from saferinsight.datasets.schema import Dataset
from saferinsight.datasets.validate import ValidRow, describe_key, row_key
from saferinsight.errors import SHOWN_PROBLEMS, Hint, OptionError, OverlapError
from saferinsight.store import datasets as store
from saferinsight.store.warehouse import Warehouse

__all__ = ["OVERLAP_CHOICES", "Overlap", "check_overlap_choice", "find_overlaps", "refuse"]

#: What to do with rows another provider already sent: refuse the file, replace theirs, or add.
OverlapChoice = Literal["refuse", "replace", "add"]
OVERLAP_CHOICES: tuple[str, ...] = ("refuse", "replace", "add")


@dataclass(frozen=True)
class Overlap:
    """A row of the new file with the key of another provider's current row."""

    row: int
    key: str
    version_id: int
    provider: str
    source_file: str
    other_row: int

    def message(self) -> str:
        """One line for the refusal.

        Examples
        --------
        >>> Overlap(2, "month 2024-04, area Shropshire", 1, "Police", "dvpn.csv", 2).message()
        'row 2 (month 2024-04, area Shropshire) is row 2 of dvpn.csv (version 1, Police)'
        """
        return (
            f"row {self.row} ({self.key}) is row {self.other_row} of {self.source_file} "
            f"(version {self.version_id}, {self.provider})"
        )


def check_overlap_choice(dataset: Dataset, overlap: str) -> None:
    """Refuse an unknown choice, and ``add`` for aggregates (it would sum the same figure)."""
    if overlap not in OVERLAP_CHOICES:
        raise OptionError(
            "overlap",
            f"must be one of {', '.join(OVERLAP_CHOICES)}, not {overlap!r}.",
            hint=Hint("retry", "Say what to do with rows another provider already sent."),
        )
    if overlap == "add" and dataset.granularity != "record":
        raise OptionError(
            "overlap",
            f"cannot be 'add' for {dataset.name}: its rows are counts, and two counts with the "
            f"same {_and(dataset.key)} would be summed into one figure twice as large.",
            hint=Hint(
                "retry",
                "Load the file as replacing the other provider's counts, or not at all.",
                options={"overlap": "replace"},
            ),
        )


def find_overlaps(
    con: Warehouse | None, dataset: Dataset, provider: str, rows: Sequence[ValidRow]
) -> list[Overlap]:
    """Every row of ``rows`` with the key of a current row another provider sent."""
    if con is None or not rows or not store.datasets_installed(con):
        return []
    start = min(r.period_start for r in rows)
    end = max(r.period_end for r in rows)
    sources = store.version_sources(con, dataset.name)
    ours = provider.strip().casefold()
    theirs: dict[tuple[object, ...], tuple[int, int]] = {}
    for found in store.dataset_rows(con, dataset, start=start, end=end):
        version_id = found["version_id"]
        if sources[version_id][0].strip().casefold() == ours:
            continue
        values = {c.name: found[c.name] for c in dataset.columns}
        other = ValidRow(
            found["row_number"],
            values,
            found["period_start"],
            found["period_end"],
            found["area_code"],
            found["area_name"],
        )
        theirs.setdefault(row_key(dataset, other), (version_id, found["row_number"]))
    overlaps = []
    for row in rows:
        match = theirs.get(row_key(dataset, row))
        if match is not None:
            other_provider, source_file = sources[match[0]]
            key = describe_key(dataset, row)
            overlaps.append(
                Overlap(row.number, key, match[0], other_provider, source_file, match[1])
            )
    return overlaps


def refuse(path: Path, dataset: Dataset, overlaps: Sequence[Overlap], rows: int) -> OverlapError:
    """The refusal: how many rows repeat whose figures, each of them, and the choices."""
    providers = sorted({o.provider for o in overlaps})
    versions = sorted({o.version_id for o in overlaps})
    named = " and ".join(providers)
    listed = "\n".join(f"  {o.message()}" for o in overlaps[:SHOWN_PROBLEMS])
    more = len(overlaps) - SHOWN_PROBLEMS
    compared = "every column" if not dataset.key else _and(dataset.key)
    add = (
        ", or, if they are different events that look alike, as adding to them"
        if dataset.granularity == "record"
        else ""
    )
    return OverlapError(
        f"{path.name}: {len(overlaps)} of {rows} rows repeat rows of {dataset.name} that "
        f"{named} already sent (version{'s' if len(versions) > 1 else ''} "
        f"{', '.join(map(str, versions))}), compared by {compared}; loading the file would "
        f"count them twice. Nothing was loaded.\n{listed}"
        + (f"\n  ... and {more} more" if more > 0 else ""),
        overlaps=tuple(overlaps),
        hint=Hint(
            "retry",
            f"If the file corrects {named}'s figures, load it as replacing them for the months "
            f"and areas it covers (their versions stay queryable){add}; if it revises your own "
            "earlier file, give the provider name used for that file",
            options={"overlap": "replace"},
        ),
    )


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
