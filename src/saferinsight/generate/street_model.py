"""The model behind the synthetic police.uk files: each force's expected crimes by LSOA, type and
month (population share, seasonality, drift), and the draws that place them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from saferinsight.core.categories import ASB
from saferinsight.core.months import days_in_month, from_index, month_from_label, month_index
from saferinsight.core.police_uk import header_of
from saferinsight.generate.calibration import (
    APPROXIMATE_LAD_CENTRES,
    CALIBRATION_MONTH,
    CRIME_TYPES,
    ENGLAND_WALES_CENTRE,
    Calibration,
    load_calibration,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

#: The headers of the files written, from the one declaration of the police.uk formats.
STREET_HEADER: tuple[str, ...] = tuple(header_of("street"))
OUTCOMES_HEADER: tuple[str, ...] = tuple(header_of("outcomes"))

#: Weight of the observed June 2025 count against the population-share expectation.
SHRINKAGE = 0.5
#: Multiplier of the national per-capita rate for the Metropolitan Police.
LONDON_UPLIFT = 1.5
#: Share of crimes (not anti-social behaviour) with a row in the outcomes file.
OUTCOME_SHARE = 0.6
#: Largest yearly drift of a crime type, either way.
DRIFT_LIMIT = 0.06
#: Last outcome categories that never become an outcome row.
NOT_OUTCOMES = frozenset({"", "Under investigation", "Status update unavailable"})
NO_LOCATION = "No Location"
UNKNOWN_LOCATION = "On or near Unknown Location"
#: Synthetic points per LSOA, and their spread (km) around the LSOA's synthetic centre.
SYNTHETIC_POINTS = 3
SYNTHETIC_SPREAD_KM = 0.15
#: Deflate level of the zip archive: 1 is about three times faster than 6 and 15% larger.
ZIP_LEVEL = 1
#: The timestamp of every archive member, so that the same files give the same zip.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The stream of a force-month's draws: ``default_rng([seed, FORCE_STREAM, force, month])``.
FORCE_STREAM = 1
_DRIFT_STREAM = 2
_GEOGRAPHY_SEED = 20250601
_KM_PER_DEGREE = 111.32

#: Daily-rate index of each crime type by calendar month (January first): an assumption that
#: encodes the usual seasonal pattern of recorded crime, not a fit (see the module docstring).
SEASONAL_SHAPE: dict[str, tuple[float, ...]] = {
    ASB: (0.75, 0.76, 0.88, 0.97, 1.10, 1.15, 1.25, 1.22, 1.02, 1.00, 0.95, 0.78),
    "Bicycle theft": (0.60, 0.62, 0.80, 0.95, 1.15, 1.25, 1.35, 1.35, 1.25, 1.05, 0.85, 0.62),
    "Burglary": (1.08, 1.00, 0.98, 0.92, 0.90, 0.90, 0.94, 0.96, 0.98, 1.08, 1.14, 1.12),
    "Criminal damage and arson": (
        *(0.93, 0.92, 1.00, 1.00, 1.04, 1.01),
        *(1.03, 1.02, 0.99, 1.06, 1.04, 0.94),
    ),
    "Drugs": (1.00, 1.00, 1.05, 1.02, 1.03, 0.98, 0.98, 0.95, 0.98, 1.02, 1.02, 0.96),
    "Other crime": (1.00, 0.98, 1.02, 0.98, 1.02, 1.00, 1.02, 0.98, 1.00, 1.02, 1.00, 0.98),
    "Other theft": (0.92, 0.90, 0.96, 0.98, 1.04, 1.05, 1.08, 1.08, 1.02, 1.01, 0.98, 0.98),
    "Possession of weapons": (
        *(0.95, 0.95, 1.00, 1.00, 1.05, 1.03),
        *(1.04, 1.02, 1.00, 1.00, 0.98, 0.98),
    ),
    "Public order": (0.90, 0.90, 0.98, 0.99, 1.06, 1.07, 1.10, 1.06, 1.00, 1.00, 0.97, 0.97),
    "Robbery": (1.05, 0.95, 0.98, 0.95, 0.97, 0.95, 0.96, 0.95, 0.98, 1.06, 1.10, 1.10),
    "Shoplifting": (0.98, 0.95, 1.00, 0.98, 1.02, 0.98, 1.00, 0.98, 1.00, 1.04, 1.03, 1.04),
    "Theft from the person": (
        *(0.95, 0.90, 0.95, 0.95, 1.00, 0.98),
        *(1.02, 1.00, 1.00, 1.05, 1.08, 1.12),
    ),
    "Vehicle crime": (1.05, 0.98, 1.00, 0.95, 0.95, 0.93, 0.95, 0.97, 0.98, 1.05, 1.10, 1.09),
    "Violence and sexual offences": (
        *(0.92, 0.92, 0.98, 0.98, 1.05, 1.06),
        *(1.08, 1.04, 1.00, 1.01, 0.98, 0.98),
    ),
}


def seasonal_multipliers() -> FloatArray:
    """Monthly multipliers, shape ``(12, len(CRIME_TYPES))``, averaging 1 over a year.

    The daily-rate shape of :data:`SEASONAL_SHAPE` times the days in the month (a non-leap
    year; a leap February gets 29/28 more when used).

    Examples
    --------
    >>> table = seasonal_multipliers()
    >>> table.shape, bool(np.allclose(table.mean(axis=0), 1.0))
    ((12, 14), True)
    >>> round(float(table[7, 0] / table[0, 0]), 2)  # anti-social behaviour, August vs January
    1.63
    """
    return _seasonal_multipliers().copy()


@lru_cache(maxsize=1)
def _seasonal_multipliers() -> FloatArray:
    days = np.asarray([days_in_month(date(2025, m, 1)) for m in range(1, 13)], float)
    shape = np.asarray([SEASONAL_SHAPE[crime_type] for crime_type in CRIME_TYPES], float).T
    table = shape * days[:, None]
    table = np.asarray(table / table.mean(axis=0), dtype=np.float64)
    table.setflags(write=False)
    return table


def csv_field(text: str) -> str:
    """A field quoted like :mod:`csv`'s minimal quoting does."""
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


@dataclass(frozen=True, eq=False)
class _ForceTables:
    """A force's LSOAs and expected counts."""

    lsoas: IntArray  # positions in the calibration, sorted by LSOA code
    base: FloatArray  # (n, types): expected rows a month, de-seasonalised, at June 2025
    base_no_location: FloatArray  # (types,)


class Model:
    """Expected counts, points and outcome distributions derived from the calibration."""

    def __init__(self, cal: Calibration) -> None:
        self.cal = cal
        self.lad_codes = frozenset(cal.lad_code)
        self.season = _seasonal_multipliers()
        self.calibration_month = month_index(month_from_label(CALIBRATION_MONTH))
        june = self.season[self.calibration_month % 12]
        located, no_location = self._june_expectation()
        self.base = located / june
        self.base_no_location = no_location / june
        self._outcome_tables()
        self._force_tables: dict[int, _ForceTables] = {}
        self._fragments: dict[int, tuple[IntArray, IntArray, ObjectArray]] = {}

    # Expected counts -------------------------------------------------------------------------

    def _june_expectation(self) -> tuple[FloatArray, FloatArray]:
        cal = self.cal
        n_forces = len(cal.forces)
        population = cal.population
        force_population = np.bincount(cal.lsoa_force, weights=population, minlength=n_forces)
        share = population / force_population[cal.lsoa_force]
        located_by_force = np.zeros((n_forces, len(CRIME_TYPES)))
        np.add.at(located_by_force, cal.lsoa_force, cal.located)
        observed_lsoa = cal.observed[cal.lsoa_force]

        located = np.where(
            observed_lsoa[:, None],
            SHRINKAGE * cal.located
            + (1 - SHRINKAGE) * located_by_force[cal.lsoa_force] * share[:, None],
            0.0,
        )
        totals = located_by_force + cal.no_location
        overall_share = cal.no_location.sum(axis=1) / np.maximum(totals.sum(axis=1), 1)
        no_location = (
            SHRINKAGE * cal.no_location + (1 - SHRINKAGE) * overall_share[:, None] * totals
        )

        # The five missing forces: population x national rate of the observed forces.
        observed = cal.observed
        national = totals[observed].sum(axis=0)
        self.national_rate = national / force_population[observed].sum()
        national_no_location = cal.no_location[observed].sum(axis=0) / national
        uplift = np.asarray(
            [LONDON_UPLIFT if f.slug == "metropolitan" else 1.0 for f in cal.forces]
        )
        missing_lsoa = ~observed_lsoa
        rate = self.national_rate[None, :] * uplift[cal.lsoa_force[missing_lsoa]][:, None]
        located[missing_lsoa] = rate * (1 - national_no_location) * population[missing_lsoa, None]
        missing = ~observed
        no_location[missing] = (
            self.national_rate[None, :]
            * national_no_location[None, :]
            * (force_population[missing] * uplift[missing])[:, None]
        )
        return located, no_location

    # Outcome categories ----------------------------------------------------------------------

    def _outcome_tables(self) -> None:
        categories = sorted({c for pairs in self.cal.outcomes.values() for c, _ in pairs})
        self.categories = tuple(categories)
        index = {category: position for position, category in enumerate(categories)}
        n_types, n_categories = len(CRIME_TYPES), len(categories)
        counts = np.zeros((n_types, n_categories))
        for row, crime_type in enumerate(CRIME_TYPES):
            for category, count in self.cal.outcomes[crime_type]:
                counts[row, index[category]] += count
        counts[CRIME_TYPES.index(ASB)] = 0.0
        counts[CRIME_TYPES.index(ASB), index[""]] = 1.0  # ASB: always empty
        eligible = counts.copy()
        for category in NOT_OUTCOMES & set(categories):
            eligible[:, index[category]] = 0.0
        self.has_outcome = eligible.sum(axis=1) > 0
        self.category_is_outcome = np.asarray([c not in NOT_OUTCOMES for c in categories])
        self.last_outcome_keys = _cumulative_keys(counts)
        self.outcome_keys = _cumulative_keys(eligible)
        self.street_tails = np.asarray(
            [
                f",{csv_field(crime_type)},{csv_field(category)},\n"
                for crime_type in CRIME_TYPES
                for category in categories
            ],
            dtype=object,
        )
        self.outcome_tails = np.asarray([f",{csv_field(c)}\n" for c in categories], dtype=object)

    # Points ----------------------------------------------------------------------------------

    @cached_property
    def points(self) -> tuple[IntArray, IntArray, FloatArray, FloatArray, tuple[str, ...]]:
        """Every LSOA's points: start, count, then longitude, latitude and location by point.

        The calibration's snap points come first (sorted by LSOA); an LSOA without any points
        at a donor LSOA's range or at synthetic points appended after them.
        """
        cal = self.cal
        n_lsoa = len(cal.lsoa_code)
        count = np.bincount(cal.point_lsoa, minlength=n_lsoa).astype(np.int64)
        start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        lad_names, lad_of = np.unique(np.asarray(cal.lad_code), return_inverse=True)
        has_points = count > 0
        covered = np.bincount(lad_of, weights=has_points) / np.bincount(lad_of)
        donors_by_lad: dict[int, list[int]] = {}
        for lsoa in np.flatnonzero(has_points).tolist():
            donors_by_lad.setdefault(int(lad_of[lsoa]), []).append(lsoa)

        rng = np.random.default_rng(_GEOGRAPHY_SEED)
        longitude = cal.point_longitude.tolist()
        latitude = cal.point_latitude.tolist()
        location = list(cal.point_location)
        for lsoa in np.flatnonzero(~has_points).tolist():
            lad = int(lad_of[lsoa])
            donors = donors_by_lad.get(lad, [])
            centre = APPROXIMATE_LAD_CENTRES.get(str(lad_names[lad]))
            if donors and (covered[lad] >= 0.5 or centre is None):
                donor = donors[int(rng.integers(len(donors)))]
                start[lsoa], count[lsoa] = start[donor], count[donor]
                continue
            lat, lon, radius = centre or (*ENGLAND_WALES_CENTRE, 5.0)
            middle = _point_in_disc(rng, lat, lon, radius)
            start[lsoa], count[lsoa] = len(location), SYNTHETIC_POINTS
            for _ in range(SYNTHETIC_POINTS):
                point_lat, point_lon = _point_in_disc(rng, *middle, SYNTHETIC_SPREAD_KM)
                latitude.append(point_lat)
                longitude.append(point_lon)
                location.append(UNKNOWN_LOCATION)
        return start, count, np.asarray(longitude), np.asarray(latitude), tuple(location)

    def force_tables(self, position: int) -> _ForceTables:
        """The force's LSOAs, expectations and CSV fragments (built on first use)."""
        tables = self._force_tables.get(position)
        if tables is None:
            lsoas = np.flatnonzero(self.cal.lsoa_force == position).astype(np.int64)
            tables = _ForceTables(
                lsoas=lsoas,
                base=self.base[lsoas],
                base_no_location=self.base_no_location[position],
            )
            self._force_tables[position] = tables
        return tables

    def fragments(self, position: int) -> tuple[IntArray, IntArray, ObjectArray]:
        """For each of the force's LSOAs its first point and number of points, then the
        ``"longitude,latitude,location,LSOA code,LSOA name"`` text of every point (the last
        one is the text of rows without a location)."""
        cached = self._fragments.get(position)
        if cached is not None:
            return cached
        cal = self.cal
        lsoas = self.force_tables(position).lsoas
        start, count, longitude, latitude, location = self.points
        texts: list[str] = []
        local_start = np.zeros(lsoas.size, dtype=np.int64)
        for local, lsoa in enumerate(lsoas.tolist()):
            local_start[local] = len(texts)
            tail = f"{cal.lsoa_code[lsoa]},{csv_field(cal.lsoa_name[lsoa])}"
            first = int(start[lsoa])
            texts.extend(
                f"{longitude[point]:.6f},{latitude[point]:.6f},{csv_field(location[point])},{tail}"
                for point in range(first, first + int(count[lsoa]))
            )
        texts.append(f",,{NO_LOCATION},,")
        cached = (local_start, count[lsoas], np.asarray(texts, dtype=object))
        self._fragments[position] = cached
        return cached

    def multiplier(self, month: int, drift: FloatArray | None) -> FloatArray:
        """Seasonal (and, given the drift rates, trend) multiplier of a month, by crime type."""
        factor = self.season[month % 12].copy()
        if days_in_month(from_index(month)) == 29:  # a leap February
            factor *= 29 / 28
        if drift is not None:
            factor *= (1.0 + drift) ** ((month - self.calibration_month) / 12)
        return np.asarray(factor, dtype=np.float64)


def _cumulative_keys(weights: FloatArray) -> FloatArray:
    """Row-wise cumulative probabilities offset by the row number, flattened.

    ``searchsorted(keys, row + u, side="right")`` then draws a column of ``row`` for a uniform
    ``u``, for many rows at once. Rows without weight get zeros (never drawn from).
    """
    totals = weights.sum(axis=1, keepdims=True)
    probabilities = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[totals[:, 0] > 0, -1] = 1.0
    keys = cumulative + np.arange(weights.shape[0])[:, None]
    return np.asarray(keys, dtype=np.float64).ravel()


def draw(keys: FloatArray, rows: IntArray, uniform: FloatArray, width: int) -> IntArray:
    """Column drawn for each of ``rows`` (see :func:`_cumulative_keys`)."""
    flat = np.searchsorted(keys, rows + uniform, side="right")
    return np.asarray(np.minimum(flat - rows * width, width - 1), dtype=np.int64)


def _point_in_disc(
    rng: np.random.Generator, lat: float, lon: float, radius_km: float
) -> tuple[float, float]:
    distance = radius_km * math.sqrt(rng.random())
    angle = 2 * math.pi * rng.random()
    dlat = distance * math.sin(angle) / _KM_PER_DEGREE
    dlon = distance * math.cos(angle) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


@lru_cache(maxsize=1)
def model() -> Model:
    return Model(load_calibration())


def drift(seed: int) -> FloatArray:
    rng = np.random.default_rng([seed, _DRIFT_STREAM])
    return rng.uniform(-DRIFT_LIMIT, DRIFT_LIMIT, len(CRIME_TYPES))
