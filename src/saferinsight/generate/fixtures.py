"""Small fixtures built in code, shared by tests, doctests and the demo."""

from __future__ import annotations

import csv
import hashlib
import itertools
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferinsight.core.police_uk import header_of
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace

if TYPE_CHECKING:
    from saferinsight.analysis.results import AreaAnalysis, Comparison, ThemeAnalysis

_SERIAL = itertools.count()


@contextmanager
def reference_warehouse() -> Iterator[Warehouse]:
    """A throwaway workspace's warehouse holding only the shipped reference data."""
    with tempfile.TemporaryDirectory() as tmp, Workspace(Path(tmp)).writer() as writer:
        yield writer.warehouse


@contextmanager
def workspace_with_street_files(
    files: Mapping[str, Sequence[Sequence[str]]],
) -> Iterator[Workspace]:
    """A throwaway workspace with police.uk street files loaded: file name -> rows."""
    from saferinsight.ingest.police_uk import ingest_police_uk

    with tempfile.TemporaryDirectory() as tmp:
        for name, rows in files.items():
            write_police_csv(Path(tmp) / "files" / name, rows)
        workspace = Workspace(Path(tmp) / "ws")
        ingest_police_uk(workspace, [Path(tmp) / "files"])
        yield workspace


def street_row(
    *,
    month: str = "2024-01",
    crime_type: str = "Burglary",
    lsoa: str = "E01028826",
    lsoa_name: str = "Shropshire 027A",
    force: str = "West Mercia Police",
    crime_id: str | None = None,
    longitude: str = "-2.751",
    latitude: str = "52.708",
) -> list[str]:
    """One police.uk street row; ASB rows get no Crime ID or outcome, like police.uk's."""
    asb = crime_type == "Anti-social behaviour"
    serial = next(_SERIAL)
    made = hashlib.sha256(f"{month}|{lsoa}|{crime_type}|{serial}".encode()).hexdigest()
    identifier = "" if asb else (crime_id or made)
    located = bool(lsoa)
    return [
        identifier,
        month,
        force,
        force,
        longitude if located else "",
        latitude if located else "",
        "On or near High Street" if located else "No Location",
        lsoa,
        lsoa_name if located else "",
        crime_type,
        "" if asb else "Investigation complete; no suspect identified",
        "",
    ]


def write_police_csv(path: Path, rows: Sequence[Sequence[str]], *, kind: str = "street") -> Path:
    """Write rows under the police.uk header of ``kind``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header_of(kind))
        writer.writerows(rows)
    return path


def example_theme(**changes: Any) -> ThemeAnalysis:
    """A burglary analysis with nothing in it, for the examples (``changes`` fill it in)."""
    import dataclasses
    from datetime import date

    from saferinsight.analysis.results import Comparison, PeriodCount, ThemeAnalysis
    from saferinsight.analysis.themes import THEMES
    from saferinsight.core.periods import Period

    now = Period("financial-year", date(2024, 4, 1), date(2025, 3, 1))
    current = PeriodCount(now, 0, True, None)
    previous = PeriodCount(now.previous(), 0, True, None)
    empty = ThemeAnalysis(
        theme=next(t for t in THEMES if t.key == "burglary"),
        current=current,
        previous=previous,
        change=Comparison(current, previous, None),
        three_years=(),
        trend=None,
        twelve_months=(),
        quarter=None,
        quarter_year_earlier=None,
        last_month=None,
        last_month_year_earlier=None,
        monthly=None,
        monthly_three_years=None,
        spc=None,
        series=(),
        top_wards=(),
        ward_counts=(),
        breakdown=None,
        composition=(),
        narrative=(),
    )
    return dataclasses.replace(empty, **changes)


def example_comparison(current: int, previous: int) -> Comparison:
    """2024/25 against 2023/24 with the exact test of the two counts, for the examples."""
    from datetime import date

    from saferinsight.analysis.results import Comparison, PeriodCount
    from saferinsight.core.periods import Period
    from saferinsight.stats.change import change_test

    now = Period("financial-year", date(2024, 4, 1), date(2025, 3, 1))
    before = now.previous()
    test = change_test(current, previous, current_exposure=now.days, previous_exposure=before.days)
    return Comparison(
        PeriodCount(now, current, True, None), PeriodCount(before, previous, True, None), test
    )


def example_area() -> AreaAnalysis:
    """An area analysis with no themes and no comparison areas, for the examples."""
    from datetime import UTC, date, datetime

    from saferinsight.analysis.results import AreaAnalysis, Provenance
    from saferinsight.core.periods import Period, coverage
    from saferinsight.geo.areas import Area

    now = Period("financial-year", date(2024, 4, 1), date(2025, 3, 1))
    return AreaAnalysis(
        area=Area("csp", "E22000000", "Example"),
        period=now,
        previous=now.previous(),
        coverage=coverage(now, set(now.months)),
        previous_coverage=coverage(now.previous(), set()),
        population=None,
        themes=(),
        outcomes=None,
        stop_search=None,
        comparison=(),
        left_out_no_location=0,
        methods={},
        provenance=Provenance("", (), None, (), (), datetime(2025, 4, 1, tzinfo=UTC)),
    )
