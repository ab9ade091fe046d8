"""What every partner-file generator shares: the area's geography, the financial years, seeded
random streams, and the helpers that split yearly totals into months exactly.

Yearly totals come from the published figures (:mod:`.figures`); the helpers here spread them
over months with a seasonal shape (:func:`monthly_targets`), pin the months and quarters the
reports quote, and give each record a month so that every monthly total holds exactly
(:func:`allocate`).
"""

from __future__ import annotations

import csv
import gzip
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from saferinsight.core.months import days_in_month
from saferinsight.core.periods import financial_year_period
from saferinsight.errors import QueryError
from saferinsight.generate.calibration import STREET_COUNTS
from saferinsight.generate.street_model import SEASONAL_SHAPE
from saferinsight.geo.areas import normalise
from saferinsight.reference import CENSUS_LSOA, LAD_CSP_LOOKUP, LSOA_LOOKUP, POLICE_FORCES, shipped

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Row = dict[str, Any]

#: The local authority the published figures describe; other areas are scaled by population.
CALIBRATED_LAD = "E06000051"
#: Weight of the observed police.uk distribution of a crime type over LSOAs, against population.
OBSERVED_WEIGHT = 0.7


@dataclass(frozen=True)
class Geography:
    """The area's LSOAs and wards, with the weights records are placed by."""

    name: str
    lad_codes: tuple[str, ...]
    csp_code: str
    pfa_code: str
    pfa_name: str
    force_name: str
    lsoas: tuple[str, ...]
    ward_of: Mapping[str, str]
    ward_names: Mapping[str, str]
    population: FloatArray
    observed: Mapping[str, FloatArray]
    scale: float

    @property
    def wards(self) -> tuple[str, ...]:
        """Ward codes of the area, sorted."""
        return tuple(sorted(set(self.ward_of.values())))

    def lsoa_weights(self, crime_type: str | None = None) -> FloatArray:
        """Probability of each LSOA for a police.uk crime type (population alone for None)."""
        population: FloatArray = self.population / self.population.sum()
        counts = self.observed.get((crime_type or "").casefold())
        if counts is None or counts.sum() == 0:
            return population
        observed = counts / counts.sum()
        weights = OBSERVED_WEIGHT * observed + (1 - OBSERVED_WEIGHT) * population
        return np.asarray(weights / weights.sum(), dtype=np.float64)

    def ward_weights(self, crime_type: str | None = None) -> FloatArray:
        """Probability of each ward of :attr:`wards`, from :meth:`lsoa_weights`."""
        index = {ward: i for i, ward in enumerate(self.wards)}
        weights = np.zeros(len(index))
        for lsoa, weight in zip(self.lsoas, self.lsoa_weights(crime_type), strict=True):
            weights[index[self.ward_of[lsoa]]] += weight
        return np.asarray(weights / weights.sum(), dtype=np.float64)


@dataclass(frozen=True)
class Providers:
    """Who sends each kind of file for the area."""

    police: str
    council: str
    hospital: str
    fire: str
    iom: str
    treatment: str
    public_health: str


class Context:
    """One generation run: area, financial years, seed and the shared intermediate tables."""

    def __init__(self, geography: Geography, *, first_year: int, years: int, seed: int):
        if years < 1:
            raise QueryError("years must be at least 1.")
        self.geo = geography
        self.fys = tuple(range(first_year, first_year + years))
        self.seed = seed
        self.cache: dict[str, Any] = {}

    def rng(self, name: str) -> np.random.Generator:
        """An independent random stream for ``name`` (so datasets do not depend on each other)."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    @cached_property
    def months(self) -> tuple[date, ...]:
        """Every month of the span, April of the first year first."""
        return tuple(m for fy in self.fys for m in fy_months(fy))

    @property
    def first_month(self) -> date:
        return self.months[0]

    @property
    def last_month(self) -> date:
        return self.months[-1]

    @property
    def last_fy(self) -> int:
        return self.fys[-1]

    def scaled(self, value: float) -> int:
        """A Shropshire count scaled to the area's population."""
        return round(value * self.geo.scale)

    def yearly(self, table: Mapping[int, float], fy: int) -> int:
        """A calibrated yearly figure for ``fy``, scaled; years outside the table drift 3% a
        year from the nearest one (down after it, up before it)."""
        return self.scaled(yearly_value(table, fy))

    def yearly3(self, counts: Sequence[float], fy: int) -> int:
        """:meth:`yearly` of a 2022/23, 2023/24, 2024/25 triple."""
        return self.yearly(dict(zip((2022, 2023, 2024), counts, strict=True)), fy)

    @property
    def calibrated(self) -> bool:
        """Whether published months and quarters are pinned (the calibrated area only)."""
        return self.geo.scale == 1.0

    @cached_property
    def providers(self) -> Providers:
        geo = self.geo
        local = {"E06000051", "E06000020"}  # Shropshire, Telford and Wrekin
        in_shropshire = bool(local & set(geo.lad_codes))
        return Providers(
            police=geo.force_name,
            council=f"{geo.name} Council",
            hospital="Shrewsbury and Telford Hospital NHS Trust"
            if in_shropshire
            else f"{geo.name} acute hospital trust",
            fire="Shropshire Fire and Rescue Service"
            if in_shropshire
            else f"{geo.pfa_name} Fire and Rescue Service",
            iom=f"{geo.pfa_name} IOM (Police and Probation)",
            treatment=f"{geo.name} drug and alcohol service (NDTMS)",
            public_health=f"{geo.name} Council Public Health",
        )


def yearly_value(table: Mapping[int, float], fy: int) -> float:
    """``table[fy]``, or the nearest year's value drifting 3% a year away from it."""
    if fy in table:
        return table[fy]
    nearest = min(table, key=lambda year: abs(year - fy))
    return table[nearest] * 0.97 ** (fy - nearest)


# --- months -------------------------------------------------------------------------------------


def fy_months(fy: int) -> tuple[date, ...]:
    """The twelve months of financial year ``fy`` (April ``fy`` to March ``fy + 1``).

    Examples
    --------
    >>> [m.isoformat() for m in fy_months(2024)][::11]
    ['2024-04-01', '2025-03-01']
    """
    return financial_year_period(fy).months


def position_of(months: Sequence[date], month: date) -> int | None:
    """Position of ``month`` in ``months`` or None."""
    try:
        return list(months).index(month)
    except ValueError:
        return None


def seasonal(fy: int, shape: Sequence[float] | str | None = None) -> FloatArray:
    """Weights of the twelve months of ``fy``: a daily-rate index by calendar month (January
    first, or a police.uk crime type's shape) times the days in the month.

    Examples
    --------
    >>> seasonal(2024).round(3).tolist()[:3]
    [0.082, 0.085, 0.082]
    """
    key = shape if shape is None or isinstance(shape, str) else tuple(shape)
    return _seasonal(fy, key).copy()


@lru_cache(maxsize=512)
def _seasonal(fy: int, shape: tuple[float, ...] | str | None) -> FloatArray:
    if shape is None:
        index: Sequence[float] = (1.0,) * 12
    elif isinstance(shape, str):
        index = _SHAPES.get(shape.casefold(), (1.0,) * 12)
    else:
        index = shape
    weights = np.array([index[m.month - 1] * days_in_month(m) for m in fy_months(fy)])
    return np.asarray(weights / weights.sum(), dtype=np.float64)


_SHAPES = {name.casefold(): shape for name, shape in SEASONAL_SHAPE.items()}


# --- exact splits -------------------------------------------------------------------------------


def split(rng: np.random.Generator, total: int, weights: Sequence[float] | FloatArray) -> IntArray:
    """``total`` split at random in proportion to ``weights``; the parts add up exactly."""
    p = np.asarray(weights, dtype=np.float64)
    if total <= 0 or p.sum() <= 0:
        return np.zeros(len(p), dtype=np.int64)
    return rng.multinomial(total, p / p.sum()).astype(np.int64)


def apportion(total: int, weights: Sequence[float] | FloatArray) -> IntArray:
    """``total`` split in proportion to ``weights`` by largest remainders (no randomness).

    Examples
    --------
    >>> apportion(10, [0.5, 0.3, 0.2]).tolist()
    [5, 3, 2]
    >>> apportion(7, [1, 1, 1]).tolist()
    [3, 2, 2]
    """
    p = np.asarray(weights, dtype=np.float64)
    exact = total * p / p.sum()
    parts: IntArray = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[: total - int(parts.sum())]] += 1
    return parts


def monthly_targets(
    rng: np.random.Generator,
    total: int,
    weights: FloatArray,
    *,
    months: Mapping[int, int] | None = None,
    quarters: Mapping[int, int] | None = None,
) -> IntArray:
    """Counts for the twelve months of a year adding up to ``total``.

    ``months`` pins months (0 = April) and ``quarters`` pins quarter totals (0 = April to June);
    the other months share what is left in proportion to ``weights``.
    """
    out = np.zeros(12, dtype=np.int64)
    fixed = np.zeros(12, dtype=bool)
    for m, value in (months or {}).items():
        out[m], fixed[m] = value, True
    for q, value in (quarters or {}).items():
        inside = [m for m in range(3 * q, 3 * q + 3) if not fixed[m]]
        pinned = int(out[3 * q : 3 * q + 3].sum())
        out[inside] = split(rng, value - pinned, weights[inside])
        fixed[inside] = True
    free = np.flatnonzero(~fixed)
    out[free] = split(rng, total - int(out.sum()), weights[free])
    if out.sum() != total or (out < 0).any():
        raise ValueError(f"pinned months and quarters do not fit a total of {total}")
    return out


def allocate(rng: np.random.Generator, profiles: FloatArray, targets: IntArray) -> IntArray:
    """The month (0-11) of each item, with exactly ``targets[m]`` items in month ``m``.

    Each item draws a preferred time from its own seasonal profile (a row of ``profiles``); the
    items are then sorted by it and cut into consecutive months of the target sizes, so items
    with a summer profile tend to land in summer while every monthly total holds.
    """
    n = len(profiles)
    if n != int(targets.sum()):
        raise ValueError(f"{n} items for monthly targets adding up to {int(targets.sum())}")
    cumulative = np.cumsum(profiles, axis=1)
    cumulative /= cumulative[:, -1:]
    draws = rng.random(n)
    preferred = (cumulative < draws[:, None]).sum(axis=1)
    keys = preferred + rng.random(n)
    order = np.argsort(keys, kind="stable")
    month = np.empty(n, dtype=np.int64)
    month[order] = np.repeat(np.arange(12), targets)
    return month


def day_in(rng: np.random.Generator, month: date) -> date:
    """A random day of ``month``."""
    return month.replace(day=int(rng.integers(1, days_in_month(month) + 1)))


def labels(
    rng: np.random.Generator,
    n: int,
    shares: Mapping[str, float],
    *,
    exact: Mapping[str, int] | None = None,
) -> list[str]:
    """``n`` labels: exactly ``exact`` counts (shuffled) when given, else drawn by ``shares``."""
    if exact is not None:
        if sum(exact.values()) != n:
            raise ValueError(f"exact counts add up to {sum(exact.values())}, not {n}")
        pool = [label for label, count in exact.items() for _ in range(count)]
        return [pool[i] for i in rng.permutation(n)]
    names = list(shares)
    p = np.array([shares[k] for k in names], dtype=np.float64)
    return [names[i] for i in rng.choice(len(names), size=n, p=p / p.sum())]


# --- geography ----------------------------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    path = shipped(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _lsoa_table() -> tuple[dict[str, str], ...]:
    return tuple(_rows(LSOA_LOOKUP))


@lru_cache(maxsize=1)
def _population() -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    with gzip.open(shipped(CENSUS_LSOA), "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        code, count = header.index("lsoa21_code"), header.index("usual_residents")
        for row in reader:
            totals[row[code]] += float(row[count] or 0)
    return dict(totals)


@lru_cache(maxsize=1)
def _street_counts() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    with gzip.open(shipped(STREET_COUNTS), "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["lsoa_code"]:
                counts[row["lsoa_code"], row["crime_type"].casefold()] += int(row["count"])
    return dict(counts)


def _matches(text: str, *names: str) -> bool:
    wanted = normalise(text)
    return any(wanted in (normalise(n), normalise(n.split(",")[0])) for n in names)


@lru_cache(maxsize=16)
def load_geography(area: str) -> Geography:
    """The geography of a local authority or Community Safety Partnership, by name or code.

    Examples
    --------
    >>> geo = load_geography("Shropshire")
    >>> geo.csp_code, geo.force_name, len(geo.lsoas), geo.scale
    ('E22000360', 'West Mercia Police', 198, 1.0)
    """
    lads = [r for r in _rows(LAD_CSP_LOOKUP) if _area_match(area, r)]
    if not lads:
        raise QueryError(
            f"no local authority or Community Safety Partnership called {area!r}; give one by "
            "name or ONS code, such as Shropshire or E06000051."
        )
    lad_codes = tuple(sorted({r["ltla24_code"] for r in lads}))
    first = lads[0]
    force = {r["pfa_code"]: r["police_uk_name"] for r in _rows(POLICE_FORCES)}
    table = [r for r in _lsoa_table() if r["lad_code"] in lad_codes]
    if not table:
        raise QueryError(f"{area}: no 2021 LSOAs in the shipped lookup for {lad_codes}.")
    lsoas = tuple(r["lsoa_code"] for r in table)
    population = _population()
    counts = _street_counts()
    types = {kind for _, kind in counts}
    calibrated = sum(population.get(r["lsoa_code"], 0.0) for r in _calibrated_lsoas())
    area_population = np.array([population.get(code, 1.0) for code in lsoas])
    csps = {r["csp24_code"] for r in lads}
    name = first["csp24_name"] if len(csps) == 1 and len(lads) > 1 else first["ltla24_name"]
    return Geography(
        name=name.split(",")[0],  # "Herefordshire, County of" is written "Herefordshire"
        lad_codes=lad_codes,
        csp_code=first["csp24_code"],
        pfa_code=first["pfa24_code"],
        pfa_name=first["pfa24_name"],
        force_name=force.get(first["pfa24_code"], f"{first['pfa24_name']} Police"),
        lsoas=lsoas,
        ward_of={r["lsoa_code"]: r["ward_code"] for r in table},
        ward_names={r["ward_code"]: r["ward_name"] for r in table},
        population=area_population,
        observed={
            kind: np.array([float(counts.get((code, kind), 0)) for code in lsoas]) for kind in types
        },
        scale=round(float(area_population.sum()) / calibrated, 4),
    )


def _area_match(area: str, row: Mapping[str, str]) -> bool:
    codes = {row["ltla24_code"].upper(), row["csp24_code"].upper()}
    return area.strip().upper() in codes or _matches(area, row["ltla24_name"], row["csp24_name"])


def _calibrated_lsoas() -> list[dict[str, str]]:
    return [r for r in _lsoa_table() if r["lad_code"] == CALIBRATED_LAD]


def force_partnerships(geo: Geography) -> list[tuple[str, str]]:
    """(CSP code, CSP name) of every partnership in the area's police force area."""
    found = {
        r["csp24_code"]: r["csp24_name"]
        for r in _rows(LAD_CSP_LOOKUP)
        if r["pfa24_code"] == geo.pfa_code
    }
    return sorted(found.items())


def csp_population(csp_code: str) -> float:
    """Census 2021 residents of a Community Safety Partnership."""
    lads = {r["ltla24_code"] for r in _rows(LAD_CSP_LOOKUP) if r["csp24_code"] == csp_code}
    population = _population()
    return sum(population.get(r["lsoa_code"], 0.0) for r in _lsoa_table() if r["lad_code"] in lads)
