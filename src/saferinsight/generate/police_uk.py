"""Deterministic synthetic police.uk "street" and "outcomes" files, calibrated on real data.

:func:`generate_police_uk` writes files laid out like the police.uk bulk download
(``YYYY-MM/YYYY-MM-<force>-street.csv`` and ``...-outcomes.csv``, or the same inside a zip) for
any of the 43 England & Wales forces and any range of months. The content is a statistical
model of the real June 2025 police.uk data; nothing in it describes a real crime.

The model
---------
*Expected counts.* For each LSOA and crime type, the June 2025 expected count is

* forces in the calibration file (38 of the 43): ``SHRINKAGE`` (0.5) x the observed June 2025
  count + 0.5 x the force's June 2025 total for that type x the LSOA's share of the force's
  Census 2021 population. Force totals are kept; every LSOA can have every crime type.
* the five forces missing from it (Avon and Somerset, Greater Manchester, Metropolitan,
  West Midlands, West Yorkshire): the LSOA's population x the national per-capita rate of the
  type in the 38 observed forces (8.16 street rows per 1,000 residents a month). The
  Metropolitan Police is multiplied by ``LONDON_UPLIFT`` (1.5), because London's recorded
  crime rates are about one and a half times the national rate (about 104,000 rows a month);
  the other four are left at the national rate, which probably underestimates the three
  metropolitan-county forces a little.

Rows without a location follow the force's own June 2025 no-location counts (shrunk 50/50
towards the force's overall no-location share for the type), or, for the five missing forces,
the national no-location share of each type (1.5% overall). With these choices England and
Wales has about 505,000 street rows a month on average (:func:`expected_monthly_volume`).

*Seasonality.* ``SEASONAL_SHAPE`` gives a daily-rate index by calendar month for each crime
type; multiplied by the number of days in the month and normalised to average 1 over a
(non-leap) year, it is the month's multiplier. The shapes are an assumption, not a fit: they
encode the well-known patterns of recorded crime (anti-social behaviour, bicycle theft,
violence and public order peak in summer; burglary, robbery, vehicle crime and theft from the
person peak in the dark months; drugs, shoplifting and other crime are nearly flat). June's
multiplier de-seasonalises the calibration month. Checked against the real Shropshire and
Telford and Wrekin rows of January to April 2024: the real mean of those months is 0.88 of June
2025, the model says 0.90 (see the tests).

*Trend.* Each crime type drifts by a rate drawn once per seed, uniform in ±``DRIFT_LIMIT``
(6%) a year, compounded from June 2025 (backwards before it).

*Rows.* Counts are Poisson. Each located row takes one of its LSOA's anonymised snap points at
random; an LSOA without any takes the points of another LSOA of its LAD (when at least half of
the LAD's LSOAs have points), or else synthetic points "On or near Unknown Location" around a
point drawn inside the LAD's approximate circle
(:data:`~saferinsight.generate.calibration.APPROXIMATE_LAD_CENTRES`; this is the case of the
five missing forces, whose LSOAs only have the few points neighbours reported), or, failing
everything, near the centre of England and Wales. Crime IDs are 64 random hexadecimal digits;
anti-social behaviour rows have no ID and no outcome. The last outcome category is drawn from
the June 2025 distribution of the crime type (empty categories included, as in real files).
Rows are ordered by LSOA code, then crime type; rows without a location come last.

*Outcomes.* ``OUTCOME_SHARE`` (60%) of a month's crimes other than anti-social behaviour get a
row, in the same month's outcomes file, with the crime's ID, location and LSOA. Its outcome
type is the crime's last outcome category, or, when that is empty, "Under investigation" or
"Status update unavailable", a draw from the crime type's distribution without those. Real
outcomes arrive over later months; keeping them in the crime's month keeps every file
self-consistent whatever months are generated.

*Randomness.* Everything is drawn from :func:`numpy.random.default_rng`. A force-month uses
``default_rng([seed, 1, force.index, month])`` (``month`` counted from year 0) and draws the
whole force before any LAD filter is applied, so a force-month's rows are the same whichever
other forces or months are generated, and generating a LAD subset gives exactly the rows that
LAD has in the full force file. The drift uses ``default_rng([seed, 2])``. The synthetic
points use a fixed stream, so they do not depend on the seed.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from saferinsight.core.categories import ASB
from saferinsight.core.months import from_index, month_index, month_label, parse_month
from saferinsight.errors import Hint, OptionError, QueryError
from saferinsight.generate.calibration import (
    CRIME_TYPES,
    Force,
)
from saferinsight.generate.street_model import (
    FORCE_STREAM,
    OUTCOME_SHARE,
    OUTCOMES_HEADER,
    STREET_HEADER,
    ZIP_DATE,
    ZIP_LEVEL,
    Model,
    csv_field,
    draw,
    drift,
    model,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class GeneratedFile:
    """One generated police.uk CSV file.

    ``path`` is the CSV file itself, or, when the files were written into a zip archive, the
    archive (the file is then the archive member :attr:`member`).
    """

    kind: str
    force: str
    month: str
    path: Path
    rows: int

    @property
    def member(self) -> str:
        """The file's name inside a police.uk archive, e.g. ``2024-01/2024-01-kent-street.csv``.

        Examples
        --------
        >>> GeneratedFile("street", "kent", "2024-01", Path("x.csv"), 0).member
        '2024-01/2024-01-kent-street.csv'
        """
        return f"{self.month}/{self.month}-{self.force}-{self.kind}.csv"


@dataclass(frozen=True)
class GenerateReport:
    """What :func:`generate_police_uk` wrote."""

    files: tuple[GeneratedFile, ...]
    seed: int
    months: tuple[str, ...]
    forces: tuple[str, ...]

    @property
    def street_rows(self) -> int:
        """Data rows in all the street files."""
        return sum(file.rows for file in self.files if file.kind == "street")

    @property
    def outcome_rows(self) -> int:
        """Data rows in all the outcomes files."""
        return sum(file.rows for file in self.files if file.kind == "outcomes")


# --------------------------------------------------------------------------------------------
# Validation


def _as_codes(values: Collection[str] | Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):  # a single code given where a collection is expected
        return (values,)
    return tuple(dict.fromkeys(values))


def _check_lads(codes: Iterable[str], model: Model, *, option: str) -> frozenset[str]:
    known = model.lad_codes
    unknown = sorted(code for code in codes if code not in known)
    if unknown:
        raise QueryError(
            f"{option}: {', '.join(unknown)} not in the LSOA to LAD lookup (2023 local "
            "authority district codes such as E06000051 for Shropshire)."
        )
    return frozenset(codes)


def _check_forces(slugs: Sequence[str] | None, model: Model) -> list[int]:
    positions = {force.slug: position for position, force in enumerate(model.cal.forces)}
    wanted = _as_codes(slugs)
    if wanted is None:
        return list(range(len(model.cal.forces)))
    unknown = [slug for slug in wanted if slug not in positions]
    if unknown:
        raise QueryError(
            f"unknown police force {', '.join(map(repr, unknown))}: use police.uk slugs of the "
            f"England and Wales forces: {', '.join(sorted(positions))}."
        )
    return [positions[slug] for slug in wanted]


def _selection(
    model: Model,
    forces: Sequence[str] | None,
    lad_codes: Collection[str] | None,
    exclude_lad_codes: Collection[str],
) -> tuple[list[int], npt.NDArray[np.bool_] | None]:
    """The forces to generate and, when LADs are filtered, the LSOAs to keep."""
    positions = _check_forces(forces, model)
    include = _as_codes(lad_codes)
    exclude = _check_lads(_as_codes(exclude_lad_codes) or (), model, option="exclude_lad_codes")
    if include is None and not exclude:
        return positions, None
    lads = np.asarray(model.cal.lad_code)
    keep = np.ones(len(lads), dtype=np.bool_)
    if include is not None:
        keep &= np.isin(lads, list(_check_lads(include, model, option="lad_codes")))
    if exclude:
        keep &= ~np.isin(lads, list(exclude))
    kept_forces = set(np.unique(model.cal.lsoa_force[keep]).tolist())
    chosen = [position for position in positions if position in kept_forces]
    if not chosen:
        raise QueryError(
            "no LSOA is left to generate: the LADs asked for are not in the forces asked for, "
            "or they are all excluded."
        )
    return chosen, keep


# --------------------------------------------------------------------------------------------
# One force-month


@dataclass(frozen=True)
class _Rendered:
    street: str
    street_rows: int
    outcomes: str
    outcome_rows: int


def _render_force_month(
    model: Model,
    position: int,
    month: int,
    *,
    seed: int,
    drift: FloatArray,
    scale: float,
    keep: npt.NDArray[np.bool_] | None,
    include_no_location: bool,
    outcomes: bool,
) -> _Rendered:
    """The street and outcomes CSV text of one force and month."""
    force: Force = model.cal.forces[position]
    tables = model.force_tables(position)
    rng = np.random.default_rng([seed, FORCE_STREAM, force.index, month])
    factor = model.multiplier(month, drift) * scale
    n_types = len(CRIME_TYPES)

    # Counts for the whole force, then one entry per row (LSOA-major, then crime type).
    expected = tables.base * factor
    counts = rng.poisson(expected).ravel()
    no_location_counts = rng.poisson(tables.base_no_location * factor)
    n_lsoa = tables.lsoas.size
    row_lsoa = np.repeat(np.repeat(np.arange(n_lsoa), n_types), counts)
    row_type = np.concatenate(
        [
            np.repeat(np.tile(np.arange(n_types), n_lsoa), counts),
            np.repeat(np.arange(n_types), no_location_counts),
        ]
    )
    n_located = row_lsoa.size
    n_rows = row_type.size
    crime = row_type != CRIME_TYPES.index(ASB)

    point_draw, category_draw, outcome_draw, outcome_type_draw, thinning = rng.random((5, n_rows))
    hexadecimal = rng.bytes(32 * int(crime.sum())).hex()

    point_start, point_count, texts = model.fragments(position)
    point = np.full(n_rows, len(texts) - 1, dtype=np.int64)  # the last text: no location
    point[:n_located] = point_start[row_lsoa] + (
        point_draw[:n_located] * point_count[row_lsoa]
    ).astype(np.int64)
    width = len(model.categories)
    category = draw(model.last_outcome_keys, row_type, category_draw, width)

    # Which rows this call keeps: the LADs asked for, and no-location rows thinned in proportion.
    kept = np.ones(n_rows, dtype=np.bool_)
    if keep is not None:
        lsoa_kept = keep[tables.lsoas]
        kept[:n_located] = lsoa_kept[row_lsoa]
        share = _share(expected, lsoa_kept)
        kept[n_located:] = thinning[n_located:] < share[row_type[n_located:]]
    if not include_no_location:
        kept[n_located:] = False

    prefix = f",{month_label(from_index(month))},{csv_field(force.name)},{csv_field(force.name)},"
    ids = np.full(n_rows, prefix, dtype=object)
    ids[crime] = [hexadecimal[i : i + 64] + prefix for i in range(0, len(hexadecimal), 64)]
    fragments = texts[point]
    street_tails = model.street_tails[row_type * width + category]
    street = _join(STREET_HEADER, ids[kept], fragments[kept], street_tails[kept])
    if not outcomes:
        return _Rendered(street, int(kept.sum()), "", 0)

    has_row = kept & crime & model.has_outcome[row_type] & (outcome_draw < OUTCOME_SHARE)
    outcome = np.where(
        model.category_is_outcome[category],
        category,
        draw(model.outcome_keys, row_type, outcome_type_draw, width),
    )
    outcome_text = _join(
        OUTCOMES_HEADER, ids[has_row], fragments[has_row], model.outcome_tails[outcome[has_row]]
    )
    return _Rendered(street, int(kept.sum()), outcome_text, int(has_row.sum()))


def _share(expected: FloatArray, lsoa_kept: npt.NDArray[np.bool_]) -> FloatArray:
    """By crime type, the share of the force's expected located rows in the kept LSOAs."""
    total = expected.sum(axis=0)
    kept = expected[lsoa_kept].sum(axis=0)
    return np.asarray(
        np.divide(kept, total, out=np.zeros_like(total), where=total > 0), dtype=np.float64
    )


def _join(
    header: tuple[str, ...], first: ObjectArray, second: ObjectArray, third: ObjectArray
) -> str:
    lines = [
        f"{a}{b}{c}"
        for a, b, c in zip(first.tolist(), second.tolist(), third.tolist(), strict=True)
    ]
    return ",".join(header) + "\n" + "".join(lines)


# --------------------------------------------------------------------------------------------
# Public API


def expected_monthly_volume(
    *,
    forces: Sequence[str] | None = None,
    lad_codes: Collection[str] | None = None,
    exclude_lad_codes: Collection[str] = (),
    include_no_location: bool = True,
    month: str | None = None,
) -> float:
    """Expected street rows a month, at the June 2025 level, before any drift.

    Parameters
    ----------
    forces, lad_codes, exclude_lad_codes, include_no_location
        The same selection as :func:`generate_police_uk` (default: all of England and Wales).
    month
        ``"YYYY-MM"``: the expectation for that calendar month (seasonality applied, drift
        left out since it depends on the seed). ``None``: the average month of the year.

    Returns
    -------
    float
        Expected number of street rows (``scale=1``).

    Examples
    --------
    >>> national = expected_monthly_volume()
    >>> 450_000 < national < 560_000
    True
    >>> round(expected_monthly_volume(forces=["west-mercia"], month="2025-06"))  # real: 8,972
    8966
    """
    fitted = model()
    positions, keep = _selection(fitted, forces, lad_codes, exclude_lad_codes)
    factor = np.ones(len(CRIME_TYPES))
    if month is not None:
        factor = fitted.multiplier(month_index(parse_month(month, option="month")), None)
    total = 0.0
    for position in positions:
        tables = fitted.force_tables(position)
        expected = tables.base * factor
        no_location = tables.base_no_location * factor
        if keep is None:
            total += float(expected.sum())
        else:
            lsoa_kept = keep[tables.lsoas]
            total += float(expected[lsoa_kept].sum())
            no_location = no_location * _share(expected, lsoa_kept)
        if include_no_location:
            total += float(no_location.sum())
    return total


def generate_police_uk(
    out_dir: Path,
    *,
    start: str,
    end: str,
    seed: int = 0,
    forces: Sequence[str] | None = None,
    lad_codes: Collection[str] | None = None,
    exclude_lad_codes: Collection[str] = (),
    outcomes: bool = True,
    include_no_location: bool = True,
    scale: float = 1.0,
    archive: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateReport:
    """Write synthetic police.uk street (and outcomes) files for forces and months.

    Parameters
    ----------
    out_dir
        Folder to write into (created if needed). Files go to
        ``out_dir/YYYY-MM/YYYY-MM-<force>-street.csv`` (and ``-outcomes.csv``), or, with
        ``archive``, into ``out_dir/police-uk-<start>-to-<end>.zip`` with the same layout.
    start, end
        First and last month, ``"YYYY-MM"``, inclusive.
    seed
        Non-negative integer: the same seed and options give byte-identical files.
    forces
        police.uk force slugs (e.g. ``"west-mercia"``); ``None`` means every England and
        Wales force (43), or, with ``lad_codes``, the forces holding those LADs. A force left
        without any LSOA by the LAD options is skipped.
    lad_codes
        Keep only LSOAs in these local authority districts (2023 codes). Rows without a
        location are kept at random in proportion to the share of the force's expected
        volume these LADs carry.
    exclude_lad_codes
        Drop LSOAs in these LADs (for instance to merge with real rows for them); rows without
        a location are thinned likewise.
    outcomes
        Also write the outcomes files.
    include_no_location
        Include rows without a location ("No Location").
    scale
        Multiplier of every expected count (0.01 for a small sample, 2 for a stress test).
    archive
        Write one zip archive instead of loose files.
    progress
        Called as ``progress(done, total)`` after each force-month.

    Returns
    -------
    GenerateReport
        The files written, with their row counts.

    Raises
    ------
    QueryError
        A month is not ``YYYY-MM``, ``start`` is after ``end``, a force slug or LAD code is
        unknown, the selection leaves no LSOA, or ``seed``/``scale`` is invalid.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     report = generate_police_uk(
    ...         Path(folder), start="2024-01", end="2024-02", lad_codes=["E06000020"]
    ...     )
    ...     names = [file.path.name for file in report.files]
    >>> report.forces, report.months
    (('west-mercia',), ('2024-01', '2024-02'))
    >>> names[:2]
    ['2024-01-west-mercia-street.csv', '2024-01-west-mercia-outcomes.csv']
    >>> 800 < report.street_rows / 2 < 1600
    True
    """
    first_month, last_month = parse_month(start, option="start"), parse_month(end, option="end")
    if first_month > last_month:
        raise OptionError(
            "start",
            f"{month_label(first_month)} is after the last month, {month_label(last_month)}.",
            hint=Hint("retry", "Give the earlier month first."),
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise OptionError(
            "seed",
            f"must be a whole number, 0 or more; got {seed!r}.",
            hint=Hint("retry", "Give a seed of 0 or more.", options={"seed": 0}),
        )
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale >= 0):
        raise OptionError(
            "scale",
            f"must be a finite number, 0 or more; got {scale!r}.",
            hint=Hint("retry", "Give a scale of 0 or more, such as 1.", options={"scale": 1}),
        )
    fitted = model()
    positions, keep = _selection(fitted, forces, lad_codes, exclude_lad_codes)
    drifts = drift(int(seed))
    months = tuple(range(month_index(first_month), month_index(last_month) + 1))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    archive_path = (
        out_dir / f"police-uk-{month_label(first_month)}-to-{month_label(last_month)}.zip"
    )
    partial = archive_path.with_name(archive_path.name + ".part")
    bundle = zipfile.ZipFile(partial, "w") if archive else None
    files: list[GeneratedFile] = []
    total = len(months) * len(positions)
    try:
        for step, (month, position) in enumerate(
            (month, position) for month in months for position in positions
        ):
            rendered = _render_force_month(
                fitted,
                position,
                month,
                seed=int(seed),
                drift=drifts,
                scale=float(scale),
                keep=keep,
                include_no_location=include_no_location,
                outcomes=outcomes,
            )
            slug = fitted.cal.forces[position].slug
            name = month_label(from_index(month))
            pieces = [("street", rendered.street, rendered.street_rows)]
            if outcomes:
                pieces.append(("outcomes", rendered.outcomes, rendered.outcome_rows))
            for kind, text, rows in pieces:
                file = GeneratedFile(kind, slug, name, archive_path, rows)
                if bundle is not None:
                    info = zipfile.ZipInfo(file.member, date_time=ZIP_DATE)
                    info.external_attr = 0o644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    bundle.writestr(info, text.encode("utf-8"), compresslevel=ZIP_LEVEL)
                else:
                    path = out_dir / file.member
                    path.parent.mkdir(exist_ok=True)
                    path.write_bytes(text.encode("utf-8"))
                    file = GeneratedFile(kind, slug, name, path, rows)
                files.append(file)
            if progress is not None:
                progress(step + 1, total)
    except BaseException:
        if bundle is not None:
            bundle.close()
            partial.unlink(missing_ok=True)
        raise
    if bundle is not None:
        bundle.close()
        partial.replace(archive_path)
    return GenerateReport(
        files=tuple(files),
        seed=int(seed),
        months=tuple(month_label(from_index(month)) for month in months),
        forces=tuple(fitted.cal.forces[position].slug for position in positions),
    )
