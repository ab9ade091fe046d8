"""Counts of police.uk street records (ASB included as its own crime type) for an area."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from saferinsight.core.categories import CRIME_TYPES, STREET_CRIME_TYPES
from saferinsight.core.months import month_label, parse_month
from saferinsight.core.periods import Period, financial_year_period, financial_year_start
from saferinsight.errors import Hint, OptionError, QueryError
from saferinsight.geo.areas import Area, AreaResolver, resolve_in
from saferinsight.store import counts as store_counts
from saferinsight.store import national as store_national
from saferinsight.store.warehouse import Warehouse

if TYPE_CHECKING:
    from saferinsight.workspace import Workspace

BY_CHOICES = tuple(store_counts.DIMENSIONS)
#: The hint of every error that says no police.uk street data is loaded.
LOAD_POLICE_UK = Hint("ingest-police-uk", "Load the police.uk street files for the months wanted.")


@dataclass(frozen=True)
class CountsResult:
    """Counts for one area and month range, with what could not be placed in it."""

    area: Area
    start: str
    end: str
    by: tuple[str, ...]
    crime_types: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    left_out_no_location: int
    left_out_unknown_lsoa: int
    months_missing: tuple[str, ...]
    forces: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Output columns: the ``by`` dimensions in order, then ``count``."""
        return (*self.by, "count")

    @property
    def total(self) -> int:
        """Sum of the counts."""
        return sum(int(row[-1]) for row in self.rows)

    def as_dicts(self) -> list[dict[str, str | int]]:
        """Rows as dictionaries keyed by :attr:`columns`."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class PartnershipCounts:
    """Street records of every partnership area by financial year."""

    areas: tuple[Area, ...]
    rows: tuple[tuple[str, str, int], ...]  # (financial year, area code, count), in order
    left_out_no_location: int
    left_out_unknown_lsoa: int
    partial_years: tuple[str, ...]  # financial years with months not loaded

    @property
    def columns(self) -> tuple[str, ...]:
        """Output columns."""
        return ("financial_year", "area_code", "count")


def count_partnerships(warehouse: Warehouse) -> PartnershipCounts:
    """Financial-year totals of police.uk street records (ASB included) for every partnership.

    The partnership areas are :meth:`saferinsight.geo.areas.AreaResolver.partnerships`: every
    Community Safety Partnership, and each merged local authority that is its own partnership
    area. Records are counted where their LSOA lies; records without an LSOA, or with one not
    in the lookup, are counted as left out. The years are every financial year with a street
    file loaded; a year with months missing is listed in ``partial_years``.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
    >>> files = {"2024-03-west-mercia-street.csv": [street_row(month="2024-03")] * 4}
    >>> with workspace_with_street_files(files) as workspace:
    ...     with workspace.reader() as warehouse:
    ...         result = count_partnerships(warehouse)
    >>> result.rows, result.partial_years
    ((('2023/24', 'E22000360', 4),), ('2023/24',))
    """
    con = warehouse
    areas = AreaResolver(con).partnerships()
    months = store_counts.street_months(con, [])
    if not months:
        raise QueryError("no police.uk street data is loaded.", hint=LOAD_POLICE_UK)
    years = [
        financial_year_period(first) for first in sorted({financial_year_start(m) for m in months})
    ]
    rows = store_national.count_by_area(
        con,
        [(lad, area.code) for area in areas for lad in area.lad_codes],
        periods=[(year.label, year.start, year.end) for year in years],
    )
    totals: Counter[tuple[str, str]] = Counter()
    for code, year_label, _, n in rows:
        totals[(year_label, code)] += n
    left_out = store_national.left_out_by_force(con, start=years[0].start, end=years[-1].end)
    have = set(months)
    return PartnershipCounts(
        areas=areas,
        rows=tuple((year, code, n) for (year, code), n in sorted(totals.items())),
        left_out_no_location=sum(n for _, n, _ in left_out),
        left_out_unknown_lsoa=sum(u for _, _, u in left_out),
        partial_years=tuple(y.label for y in years if not have.issuperset(y.months)),
    )


def export_street_counts(warehouse: Warehouse, path: Path) -> int:
    """Write counts of every street record (ASB included) by month, LSOA and crime type.

    The whole archive, every force, as one CSV file with the columns ``month, lsoa,
    crime_type, count``, for other tools: a national table has millions of rows, which DuckDB
    writes straight to the file. Rows without a location are counted with an empty ``lsoa``.
    Returns the number of rows written.

    Examples
    --------
    >>> import tempfile
    >>> from saferinsight.generate.fixtures import street_row, workspace_with_street_files
    >>> files = {"2024-03-west-mercia-street.csv": [street_row(month="2024-03")] * 4}
    >>> with tempfile.TemporaryDirectory() as tmp, workspace_with_street_files(files) as ws:
    ...     with ws.reader() as warehouse:
    ...         written = export_street_counts(warehouse, Path(tmp) / "counts.csv")
    ...     print(written, (Path(tmp) / "counts.csv").read_text())
    1 month,lsoa,crime_type,count
    2024-03,E01028826,Burglary,4
    <BLANKLINE>
    """
    return store_counts.copy_street_counts(warehouse, str(path))


def canonical_crime_types(names: Sequence[str]) -> tuple[str, ...]:
    """police.uk crime type names matched case-insensitively; unknown names are an error.

    Examples
    --------
    >>> canonical_crime_types(["anti-social behaviour"])
    ('Anti-social behaviour',)
    """
    by_lower = {t.lower(): t for t in CRIME_TYPES}
    result = []
    for name in names:
        found = by_lower.get(name.strip().lower())
        if found is None:
            raise OptionError(
                "crime_types",
                f"has an unknown crime type {name!r}. police.uk crime types: "
                f"{', '.join(STREET_CRIME_TYPES)}.",
                hint=Hint("retry", "Give the crime type as police.uk names it."),
            )
        result.append(found)
    return tuple(result)


def count_records(
    workspace: Workspace,
    area: str | Area,
    *,
    start: str | None = None,
    end: str | None = None,
    by: Sequence[str] = (),
    crime_types: Sequence[str] = (),
) -> CountsResult:
    """Count police.uk street records in an area, in the workspace's published warehouse (the
    library entry point; :func:`count_in` works on an open warehouse)."""
    with workspace.reader() as warehouse:
        return count_in(warehouse, area, start=start, end=end, by=by, crime_types=crime_types)


def count_in(
    warehouse: Warehouse,
    area: str | Area,
    *,
    start: str | None = None,
    end: str | None = None,
    by: Sequence[str] = (),
    crime_types: Sequence[str] = (),
) -> CountsResult:
    """Count police.uk street records (ASB included) in an area, grouped by ``by``.

    A police force area counts its force's own records, including those without a location.
    Any other area counts the records whose LSOA lies in it; records without an LSOA cannot be
    placed and are reported as left out. With no ``start``/``end`` the range is every month
    loaded for the forces covering the area.

    Examples
    --------
    >>> from saferinsight.generate.fixtures import reference_warehouse
    >>> with reference_warehouse() as warehouse:
    ...     count_in(warehouse, "Shropshire", start="2024-01", end="2024-01").total
    0
    """
    for dimension in by:
        if dimension not in BY_CHOICES:
            raise OptionError(
                "by",
                f"cannot count by {dimension!r}; choose from {', '.join(BY_CHOICES)}.",
                hint=Hint("retry", "Group by the columns listed."),
            )
    if len(set(by)) != len(by):
        raise OptionError(
            "by",
            f"lists a column twice: {','.join(by)}.",
            hint=Hint("retry", "Name each column once.", options={"by": list(dict.fromkeys(by))}),
        )
    con = warehouse
    place = area if isinstance(area, Area) else resolve_in(con, area)
    forces = (
        (place.force,) if place.force else tuple(store_counts.forces_of_lads(con, place.lad_codes))
    )
    scope = store_counts.Scope(
        force=place.force,
        lad_codes=place.lad_codes if place.level in ("csp", "lad", "pfa") else (),
        ward_code=place.code if place.level == "ward" else None,
        lsoa_code=place.code if place.level == "lsoa" else None,
        covering_forces=forces,
    )
    loaded = store_counts.street_months(con, forces)
    have = set(loaded)
    first, last = _period(start, end, loaded, place)
    types = canonical_crime_types(crime_types)
    raw = store_counts.count_street(con, scope, start=first, end=last, by=by, crime_types=types)
    no_location, unknown = store_counts.count_left_out(
        con, scope, start=first, end=last, crime_types=types
    )
    rows = _label_wards(warehouse, raw, by)
    return CountsResult(
        area=place,
        start=month_label(first),
        end=month_label(last),
        by=tuple(by),
        crime_types=types,
        rows=rows,
        left_out_no_location=no_location,
        left_out_unknown_lsoa=unknown,
        months_missing=tuple(
            month_label(m) for m in Period("months", first, last).months if m not in have
        ),
        forces=forces,
    )


def _period(
    start: str | None, end: str | None, loaded: list[date], place: Area
) -> tuple[date, date]:
    if (start is None or end is None) and not loaded:
        raise QueryError(
            f"no police.uk street data is loaded for {place.label}, and no first and last "
            "month are given.",
            hint=Hint(
                "ingest-police-uk",
                "Load the police.uk files of the force covering the area, or give the first "
                "and last months to count.",
            ),
        )
    first = parse_month(start, option="start") if start else loaded[0]
    last = parse_month(end, option="end") if end else loaded[-1]
    if first > last:
        raise OptionError(
            "start",
            f"{month_label(first)} is after the last month, {month_label(last)}.",
            hint=Hint("retry", "Give the earlier month first."),
        )
    return first, last


def _label_wards(
    warehouse: Warehouse, raw: list[tuple[object, ...]], by: Sequence[str]
) -> tuple[tuple[str | int, ...], ...]:
    def clean(value: object) -> str | int:
        return "" if value is None else value if isinstance(value, int) else str(value)

    if "ward" not in by:
        return tuple(tuple(clean(v) for v in row) for row in raw)
    index = list(by).index("ward")
    codes = sorted({str(row[index]) for row in raw if row[index] is not None})
    labels = store_counts.ward_labels(warehouse, codes)
    names = Counter(labels[c][0] for c in codes)
    display = {
        code: name if names[name] == 1 else f"{name} ({lad})"
        for code, (name, lad) in labels.items()
    }
    rows = []
    for row in raw:
        values = [clean(v) for v in row]
        values[index] = display.get(str(row[index]), "") if row[index] is not None else ""
        rows.append(tuple(values))
    # Re-sort: ward names, not codes, order the output.
    return tuple(sorted(rows, key=lambda r: tuple(str(v) for v in r[:-1])))
