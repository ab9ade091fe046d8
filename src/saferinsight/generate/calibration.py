"""Read the shipped calibration and geography files into typed structures for the generator.

Everything here comes from files shipped in :mod:`saferinsight.reference` (see its
``ATTRIBUTION.md``):

* ``lsoa21_ward23_lad23.csv.gz``: every England & Wales 2021 LSOA with its LAD;
* ``lad24_csp24_pfa24.csv``: LAD to police force area (PFA);
* ``police_forces.csv``: PFA to police.uk force slug and name;
* ``census21_lsoa_population.csv.gz``: Census 2021 usual residents by LSOA;
* ``calibration/street_2025-06_counts.csv.gz``: police.uk June 2025 street counts by force,
  LSOA and crime type (39 forces; an empty LSOA means the rows had no location);
* ``calibration/outcomes_2025-06.csv.gz``: June 2025 last outcome categories by crime type;
* ``calibration/snap_points_2025-06.csv.gz``: up to six anonymised snap points per LSOA.

:func:`load_calibration` reads them once per process and returns a :class:`Calibration`.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

import numpy as np
import numpy.typing as npt

from saferinsight.core.categories import STREET_CRIME_TYPES
from saferinsight.errors import InputFileError
from saferinsight.reference import (
    CALIBRATION_DIR,
    CENSUS_LSOA,
    LAD_CSP_LOOKUP,
    LSOA_LOOKUP,
    POLICE_FORCES,
    shipped,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The month the calibration counts describe.
CALIBRATION_MONTH = "2025-06"
STREET_COUNTS = f"{CALIBRATION_DIR}/street_2025-06_counts.csv.gz"
OUTCOME_COUNTS = f"{CALIBRATION_DIR}/outcomes_2025-06.csv.gz"
SNAP_POINTS = f"{CALIBRATION_DIR}/snap_points_2025-06.csv.gz"

FORCES_HEADER = ("pfa_code", "pfa_name", "police_uk_slug", "police_uk_name")
LAD_HEADER = ("ltla24_code", "ltla24_name", "csp24_code", "csp24_name", "pfa24_code", "pfa24_name")
LSOA_HEADER = ("lsoa_code", "lsoa_name", "ward_code", "ward_name", "lad_code", "lad_name")
CENSUS_HEADER = ("lsoa21_code", "lsoa21_name", "age_group", "usual_residents")
COUNTS_HEADER = ("force", "lsoa_code", "crime_type", "count")
OUTCOMES_HEADER = ("crime_type", "last_outcome_category", "count")
POINTS_HEADER = ("lsoa_code", "longitude", "latitude", "location")

#: The 14 police.uk street crime types, in the (alphabetical) order police.uk lists them.
CRIME_TYPES = STREET_CRIME_TYPES

#: Approximate centre (latitude, longitude) and radius in km of the local authority districts
#: of the five forces missing from the calibration month (Avon and Somerset, Greater
#: Manchester, Metropolitan, West Midlands, West Yorkshire). Their LSOAs have almost no snap
#: point (only the few crimes neighbouring forces reported there), so the generator places
#: synthetic points inside these circles instead. Hand-made from public maps, to about
#: 0.01 degrees: good enough to put a point in the right district, not in the right street.
APPROXIMATE_LAD_CENTRES: dict[str, tuple[float, float, float]] = {
    # Avon and Somerset
    "E06000022": (51.350, -2.490, 9.0),  # Bath and North East Somerset
    "E06000023": (51.460, -2.590, 5.0),  # Bristol
    "E06000024": (51.400, -2.800, 9.0),  # North Somerset
    "E06000025": (51.530, -2.470, 10.0),  # South Gloucestershire
    "E06000066": (51.080, -3.000, 25.0),  # Somerset
    # Greater Manchester
    "E08000001": (53.585, -2.470, 6.0),  # Bolton
    "E08000002": (53.590, -2.300, 5.0),  # Bury
    "E08000003": (53.460, -2.240, 6.0),  # Manchester
    "E08000004": (53.550, -2.060, 6.0),  # Oldham
    "E08000005": (53.620, -2.150, 6.0),  # Rochdale
    "E08000006": (53.490, -2.360, 6.0),  # Salford
    "E08000007": (53.400, -2.130, 6.0),  # Stockport
    "E08000008": (53.480, -2.060, 5.0),  # Tameside
    "E08000009": (53.430, -2.350, 5.0),  # Trafford
    "E08000010": (53.520, -2.580, 7.0),  # Wigan
    # West Midlands
    "E08000025": (52.480, -1.890, 9.0),  # Birmingham
    "E08000026": (52.410, -1.510, 5.0),  # Coventry
    "E08000027": (52.480, -2.120, 5.0),  # Dudley
    "E08000028": (52.510, -2.010, 4.5),  # Sandwell
    "E08000029": (52.410, -1.720, 7.0),  # Solihull
    "E08000030": (52.590, -1.970, 5.0),  # Walsall
    "E08000031": (52.590, -2.130, 4.5),  # Wolverhampton
    # West Yorkshire
    "E08000032": (53.830, -1.850, 11.0),  # Bradford
    "E08000033": (53.720, -1.950, 10.0),  # Calderdale
    "E08000034": (53.630, -1.750, 10.0),  # Kirklees
    "E08000035": (53.810, -1.540, 12.0),  # Leeds
    "E08000036": (53.660, -1.420, 10.0),  # Wakefield
    # Metropolitan Police (London boroughs; the City of London has its own force)
    "E09000002": (51.545, 0.129, 3.0),  # Barking and Dagenham
    "E09000003": (51.615, -0.210, 5.0),  # Barnet
    "E09000004": (51.455, 0.145, 4.0),  # Bexley
    "E09000005": (51.558, -0.268, 3.5),  # Brent
    "E09000006": (51.372, 0.051, 6.0),  # Bromley
    "E09000007": (51.546, -0.162, 3.5),  # Camden
    "E09000008": (51.355, -0.087, 5.0),  # Croydon
    "E09000009": (51.522, -0.331, 3.5),  # Ealing
    "E09000010": (51.649, -0.081, 4.5),  # Enfield
    "E09000011": (51.471, 0.050, 3.5),  # Greenwich
    "E09000012": (51.554, -0.060, 2.5),  # Hackney
    "E09000013": (51.497, -0.224, 2.5),  # Hammersmith and Fulham
    "E09000014": (51.587, -0.107, 3.0),  # Haringey
    "E09000015": (51.593, -0.336, 3.5),  # Harrow
    "E09000016": (51.560, 0.235, 5.0),  # Havering
    "E09000017": (51.537, -0.451, 6.0),  # Hillingdon
    "E09000018": (51.462, -0.378, 5.5),  # Hounslow
    "E09000019": (51.547, -0.109, 2.0),  # Islington
    "E09000020": (51.500, -0.192, 2.0),  # Kensington and Chelsea
    "E09000021": (51.388, -0.286, 3.5),  # Kingston upon Thames
    "E09000022": (51.460, -0.117, 3.0),  # Lambeth
    "E09000023": (51.446, -0.018, 3.0),  # Lewisham
    "E09000024": (51.410, -0.189, 3.0),  # Merton
    "E09000025": (51.528, 0.030, 3.0),  # Newham
    "E09000026": (51.585, 0.071, 3.5),  # Redbridge
    "E09000027": (51.441, -0.310, 4.0),  # Richmond upon Thames
    "E09000028": (51.474, -0.075, 3.0),  # Southwark
    "E09000029": (51.358, -0.172, 3.5),  # Sutton
    "E09000030": (51.514, -0.034, 2.5),  # Tower Hamlets
    "E09000031": (51.592, -0.012, 3.0),  # Waltham Forest
    "E09000032": (51.452, -0.198, 3.0),  # Wandsworth
    "E09000033": (51.512, -0.153, 2.5),  # Westminster
}
#: Rough centre of England and Wales (near Lutterworth): the last-resort location.
ENGLAND_WALES_CENTRE: tuple[float, float] = (52.561, -1.464)


@dataclass(frozen=True)
class Force:
    """A territorial police force of England and Wales as police.uk names it.

    ``index`` is the force's row in ``police_forces.csv``: a stable number used to derive the
    force's random streams, so it never changes when other forces are added or left out.
    ``name`` is what police.uk writes in the "Reported by" and "Falls within" columns.
    """

    index: int
    slug: str
    name: str
    pfa_code: str
    pfa_name: str


@dataclass(frozen=True, eq=False)
class Calibration:
    """Geography, population and June 2025 police.uk counts, as arrays indexed by LSOA.

    Attributes
    ----------
    forces
        The 43 England & Wales forces (those with a police force area code), in file order.
    lsoa_code, lsoa_name, lad_code, lad_name
        One entry per 2021 LSOA (35,672), sorted by LSOA code.
    lsoa_force
        Position in :attr:`forces` of the force whose area holds each LSOA
        (LSOA to LAD to police force area to police.uk force).
    population
        Census 2021 usual residents of each LSOA (all ages).
    located
        June 2025 located street counts, shape ``(n_lsoa, len(CRIME_TYPES))``, attributed to
        the LSOA whichever force reported them (about 0.4% are reported by a neighbour).
    no_location
        June 2025 counts of rows without a location by reporting force, shape
        ``(len(forces), len(CRIME_TYPES))``.
    observed
        Whether each force is in the calibration file (five large forces are not).
    outcomes
        For each crime type, its last outcome categories and their June 2025 counts, sorted
        by category (``""`` is the empty category, the only one for anti-social behaviour).
    point_lsoa, point_longitude, point_latitude, point_location
        The snap points sorted by LSOA: LSOA position, WGS84 coordinates, "On or near ..." text.
    """

    forces: tuple[Force, ...]
    lsoa_code: tuple[str, ...]
    lsoa_name: tuple[str, ...]
    lad_code: tuple[str, ...]
    lad_name: tuple[str, ...]
    lsoa_force: IntArray
    population: FloatArray
    located: IntArray
    no_location: IntArray
    observed: npt.NDArray[np.bool_]
    outcomes: dict[str, tuple[tuple[str, int], ...]]
    point_lsoa: IntArray
    point_longitude: FloatArray
    point_latitude: FloatArray
    point_location: tuple[str, ...]

    def force(self, slug: str) -> Force:
        """The force with this police.uk slug (``KeyError`` if there is none).

        Examples
        --------
        >>> load_calibration().force("west-mercia").name
        'West Mercia Police'
        """
        for force in self.forces:
            if force.slug == slug:
                return force
        raise KeyError(slug)


def _open(name: str) -> TextIO:
    path = shipped(name)
    try:
        if name.endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:  # pragma: no cover - shipped files are always present
        raise InputFileError(f"{path}: cannot be read ({exc}); reinstall Safer Insight.") from exc


def _rows(name: str, header: tuple[str, ...]) -> Iterator[list[str]]:
    """The data rows of a shipped CSV file, after checking its header."""
    with _open(name) as handle:
        reader = csv.reader(handle)
        found = tuple(next(reader, ()))
        if found != header:
            raise InputFileError(
                f"{shipped(name)}: header is {','.join(found)!r}, expected {','.join(header)!r}; "
                "rebuild the reference data with scripts/build_reference.py."
            )
        yield from reader


def read_forces() -> tuple[Force, ...]:
    """The England & Wales forces of ``police_forces.csv``.

    British Transport Police and the Police Service of Northern Ireland, which have no police
    force area in England and Wales, are left out.

    Examples
    --------
    >>> forces = read_forces()
    >>> len(forces), forces[0].slug, forces[0].name
    (43, 'avon-and-somerset', 'Avon and Somerset Constabulary')
    """
    return tuple(
        Force(index, slug, name, pfa_code, pfa_name)
        for index, (pfa_code, pfa_name, slug, name) in enumerate(
            _rows(POLICE_FORCES, FORCES_HEADER)
        )
        if pfa_code
    )


def read_outcome_counts() -> dict[str, tuple[tuple[str, int], ...]]:
    """June 2025 last outcome category counts by crime type.

    Examples
    --------
    >>> read_outcome_counts()["Anti-social behaviour"]
    (('', 61528),)
    """
    table: dict[str, list[tuple[str, int]]] = {crime_type: [] for crime_type in CRIME_TYPES}
    for crime_type, category, count in _rows(OUTCOME_COUNTS, OUTCOMES_HEADER):
        table[_crime_type(crime_type)].append((category, int(count)))
    return {crime_type: tuple(sorted(pairs)) for crime_type, pairs in table.items()}


def _crime_type(name: str) -> str:
    if name not in CRIME_TYPES:
        raise InputFileError(f"unknown police.uk crime type {name!r} in the calibration files")
    return name


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    """Read every shipped file the generator needs (once per process; about a second).

    Examples
    --------
    >>> cal = load_calibration()
    >>> len(cal.lsoa_code), len(cal.forces), cal.located.shape[1]
    (35672, 43, 14)
    """
    forces = read_forces()
    force_by_pfa = {force.pfa_code: position for position, force in enumerate(forces)}
    force_by_slug = {force.slug: position for position, force in enumerate(forces)}
    pfa_by_lad = {row[0]: row[4] for row in _rows(LAD_CSP_LOOKUP, LAD_HEADER)}

    lookup = sorted((row[0], row[1], row[4], row[5]) for row in _rows(LSOA_LOOKUP, LSOA_HEADER))
    lsoa_index = {row[0]: position for position, row in enumerate(lookup)}
    lsoa_force = np.empty(len(lookup), dtype=np.int64)
    for position, (code, _, lad, _) in enumerate(lookup):
        force_position = force_by_pfa.get(pfa_by_lad.get(lad, ""))
        if force_position is None:
            raise InputFileError(f"LSOA {code}: its LAD {lad} has no police force area")
        lsoa_force[position] = force_position

    population = np.zeros(len(lookup), dtype=np.float64)
    for code, _, _, residents in _rows(CENSUS_LSOA, CENSUS_HEADER):
        row_lsoa = lsoa_index.get(code)
        if row_lsoa is not None:
            population[row_lsoa] += float(residents)
    if not (population > 0).all():
        raise InputFileError(f"{CENSUS_LSOA} does not give a population for every LSOA")

    type_index = {crime_type: position for position, crime_type in enumerate(CRIME_TYPES)}
    located = np.zeros((len(lookup), len(CRIME_TYPES)), dtype=np.int64)
    no_location = np.zeros((len(forces), len(CRIME_TYPES)), dtype=np.int64)
    observed = np.zeros(len(forces), dtype=np.bool_)
    for slug, lsoa, crime_type, count in _rows(STREET_COUNTS, COUNTS_HEADER):
        force_position = force_by_slug.get(slug)
        if force_position is None:  # Northern Ireland: not part of England and Wales
            continue
        observed[force_position] = True
        column = type_index[_crime_type(crime_type)]
        if lsoa:
            located[lsoa_index[lsoa], column] += int(count)
        else:
            no_location[force_position, column] += int(count)

    point_lsoa: list[int] = []
    longitude: list[float] = []
    latitude: list[float] = []
    location: list[str] = []
    for lsoa, lon, lat, text in _rows(SNAP_POINTS, POINTS_HEADER):
        point_position = lsoa_index.get(lsoa)
        if point_position is not None:
            point_lsoa.append(point_position)
            longitude.append(float(lon))
            latitude.append(float(lat))
            location.append(text)
    order = np.argsort(np.asarray(point_lsoa, dtype=np.int64), kind="stable")

    return Calibration(
        forces=forces,
        lsoa_code=tuple(row[0] for row in lookup),
        lsoa_name=tuple(row[1] for row in lookup),
        lad_code=tuple(row[2] for row in lookup),
        lad_name=tuple(row[3] for row in lookup),
        lsoa_force=lsoa_force,
        population=population,
        located=located,
        no_location=no_location,
        observed=observed,
        outcomes=read_outcome_counts(),
        point_lsoa=np.asarray(point_lsoa, dtype=np.int64)[order],
        point_longitude=np.asarray(longitude, dtype=np.float64)[order],
        point_latitude=np.asarray(latitude, dtype=np.float64)[order],
        point_location=tuple(location[i] for i in order.tolist()),
    )
