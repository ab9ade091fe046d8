"""Most similar partnerships ("peers") from the shipped peer indicators (methods.md 3.3).

**Method** (reproducible: the same indicators always give the same group):

1. The units are the partnership areas of England and Wales as the analysis counts them
   (:meth:`saferinsight.geo.areas.AreaResolver.partnerships`): every Community Safety
   Partnership made of whole local authorities, and each local authority that the ONS lookup
   splits between former partnerships (Buckinghamshire, BCP...) as its own area; Dorset's
   partnership takes the Dorset council's figures, since Christchurch is counted under BCP.
   301 units, from ``csp_peer_indicators.csv.gz`` and ``la_peer_indicators.csv.gz``.
2. Each variable is standardised to a z-score over all units (mean 0, population standard
   deviation 1). Population density is taken on a log10 scale (it spans four orders of
   magnitude). Deprivation is standardised *within each nation*: the English Indices of
   Deprivation 2025 and the Welsh WIMD 2019 are different indices, so a Welsh area is placed by
   how deprived it is among Welsh areas, an English one among English areas.
3. The distance between two units is the Euclidean distance between their z-scores, every
   variable weighted equally.
4. The peers are the ``k`` nearest units (default 15, the size of the Home Office iQuanta
   most similar groups); ties in distance are broken by ONS code, so the group never depends on
   the order of the rows.

**Which variables drove the match.** For each variable, the *gap ratio* is the peers' mean
squared z-gap to the area divided by the mean squared z-gap of every other unit. A ratio near 0
means the peers are much closer to the area on that variable than partnerships in general: it
drove the selection. Each peer also lists each variable's share of its squared distance (what
makes it differ most).
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from statistics import fmean, pstdev
from typing import Any

from saferinsight.analysis.formatting import in_sentence
from saferinsight.errors import AreaError, Hint, OptionError
from saferinsight.geo.areas import normalise
from saferinsight.options import check_whole_number

__all__ = [
    "DEFAULT_K",
    "DEFAULT_VARIABLES",
    "VARIABLES",
    "Peer",
    "PeerDriver",
    "PeerGroup",
    "PeerIndicators",
    "PeerUnit",
    "load_peer_indicators",
    "peer_group",
]

DEFAULT_K = 15
#: Variable key -> (label, unit, standardised within each nation).
VARIABLES: dict[str, tuple[str, str, bool]] = {
    "density": ("Population density (residents per km2, matched on its log10)", "per km2", False),
    "age_0_15": ("Residents aged 0-15 (%)", "%", False),
    "age_16_24": ("Residents aged 16-24 (%)", "%", False),
    "age_65_plus": ("Residents aged 65 and over (%)", "%", False),
    "rural": ("Residents in rural LSOAs (%)", "%", False),
    "deprivation": ("Deprivation: average IMD 2025 / WIMD 2019 score", "score", True),
    "deprived_share": ("LSOAs in the nation's most deprived 10% (%)", "%", True),
}
DEFAULT_VARIABLES = tuple(VARIABLES)
METHOD = (
    "z-scores of {variables}, over the 301 partnership areas (deprivation within each nation), "
    "Euclidean distance with equal weights, the {k} nearest; ties broken by ONS code"
)


@dataclass(frozen=True)
class PeerUnit:
    """One partnership area's indicator values (density is residents per km2, not logged)."""

    code: str
    name: str
    country: str
    lad_codes: tuple[str, ...]
    values: tuple[tuple[str, float], ...]

    def value(self, key: str) -> float:
        """One variable's value."""
        return dict(self.values)[key]


@dataclass(frozen=True)
class PeerIndicators:
    """The peer indicators of every partnership area, as shipped with the package."""

    units: tuple[PeerUnit, ...]
    source: str

    def unit(self, name_or_code: str) -> PeerUnit:
        """One unit, by ONS code (partnership or its local authority) or name."""
        code, name = name_or_code.strip().upper(), normalise(name_or_code)
        for unit in self.units:
            if code == unit.code or name == normalise(unit.name):
                return unit
        for unit in self.units:
            if unit.lad_codes == (code,):
                return unit
        raise AreaError(
            f"no partnership area called {name_or_code!r} in the peer indicators.",
            hint=Hint("retry", "Give a partnership's name or ONS code, such as Shropshire."),
        )


@dataclass(frozen=True)
class Peer:
    """One peer: its distance and each variable's share of its squared distance (largest
    first)."""

    code: str
    name: str
    distance: float
    contributions: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PeerDriver:
    """How one variable placed the peers: the area's value, the peers' mean, every unit's mean,
    the area's z-score and the gap ratio (low: the variable drove the match)."""

    variable: str
    label: str
    value: float
    peer_mean: float
    all_mean: float
    z: float
    gap_ratio: float


@dataclass(frozen=True)
class PeerGroup:
    """A partnership's peers, nearest first, with the variables that drove the match
    (lowest gap ratio first). ``chosen_by`` is ``"auto"`` or ``"given"`` (the user's list)."""

    code: str
    name: str
    k: int
    variables: tuple[str, ...]
    peers: tuple[Peer, ...]
    drivers: tuple[PeerDriver, ...]
    chosen_by: str
    method: str

    @property
    def codes(self) -> tuple[str, ...]:
        """The peers' codes, nearest first."""
        return tuple(p.code for p in self.peers)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        from saferinsight.analysis.results import plain_data

        return plain_data(self)  # type: ignore[no-any-return]


@cache
def load_peer_indicators() -> PeerIndicators:
    """The shipped peer indicators of the 301 partnership areas (read once, then cached).

    Examples
    --------
    >>> indicators = load_peer_indicators()
    >>> len(indicators.units), indicators.unit("E06000051").name
    (301, 'Shropshire')
    >>> round(indicators.unit("Shropshire").value("rural"), 1)
    57.5
    """
    from saferinsight import reference

    csps = _rows(reference.shipped(reference.CSP_PEER_INDICATORS))
    las = {r["LAD24CD"]: r for r in _rows(reference.shipped(reference.LA_PEER_INDICATORS))}
    split = {code for code, r in las.items() if int(r["n_csp24"]) > 1}
    units = []
    for row in csps:
        lads = tuple(row["LAD24CD"].split(";"))
        if row["includes_part_of_lad"] == "False":
            units.append(_unit(row["CSP24CD"], row["CSP24NM"], lads, row))
            continue
        whole = tuple(lad for lad in lads if lad not in split)
        if len(whole) == 1:  # Dorset: its whole council, as the partnership area is counted
            units.append(_unit(row["CSP24CD"], row["CSP24NM"], whole, las[whole[0]]))
    units += [_unit(code, las[code]["LAD24NM"], (code,), las[code]) for code in sorted(split)]
    return PeerIndicators(
        tuple(sorted(units, key=lambda u: u.code)),
        "ONS, MHCLG and Welsh Government indicators shipped with Safer Insight "
        "(reference/data/csp_peer_indicators.csv.gz, la_peer_indicators.csv.gz)",
    )


def peer_group(
    area: str,
    *,
    k: int = DEFAULT_K,
    peers: Sequence[str] | None = None,
    variables: Sequence[str] = DEFAULT_VARIABLES,
    indicators: PeerIndicators | None = None,
) -> PeerGroup:
    """The ``k`` partnership areas most similar to ``area`` (see the module docstring).

    Parameters
    ----------
    area
        The partnership's ONS code (or its local authority's, or its name).
    k
        How many peers (1 to 60).
    peers
        The user's own peer list (codes or names) instead of the nearest ``k``; their distances
        and the drivers are still computed.
    variables
        Which variables to match on (keys of :data:`VARIABLES`).
    indicators
        The indicators (default: the shipped ones).

    Examples
    --------
    >>> group = peer_group("Shropshire", k=3)
    >>> [p.name for p in group.peers]
    ['Herefordshire, County of', 'North Yorkshire', 'Forest of Dean']
    >>> group.drivers[0].variable
    'age_65_plus'
    """
    check_whole_number(k, option="k", minimum=1, maximum=60, noun="a whole number of peers")
    unknown = [v for v in variables if v not in VARIABLES]
    if unknown or not variables:
        raise OptionError(
            "variables",
            f"must be some of {', '.join(VARIABLES)}; got {', '.join(unknown) or 'none'}.",
        )
    data = indicators or load_peer_indicators()
    target = data.unit(area)
    z = _z_scores_of(data, tuple(variables))
    others = [u for u in data.units if u.code != target.code]

    def gaps(unit: PeerUnit) -> list[float]:
        return [(z[unit.code][i] - z[target.code][i]) ** 2 for i in range(len(variables))]

    def as_peer(unit: PeerUnit) -> Peer:
        squared = gaps(unit)
        total = sum(squared)
        shares = [(v, s / total if total else 0.0) for v, s in zip(variables, squared, strict=True)]
        return Peer(
            unit.code,
            unit.name,
            math.sqrt(total),
            tuple(sorted(shares, key=lambda item: (-item[1], item[0]))),
        )

    if peers is None:
        # Ranked on the distance alone; only the k nearest are made into peers.
        ranked = sorted(others, key=lambda u: (round(math.sqrt(sum(gaps(u))), 12), u.code))
        chosen = tuple(as_peer(u) for u in ranked[:k])
        chosen_by = "auto"
    else:
        given = list(dict.fromkeys(data.unit(p).code for p in peers))
        if target.code in given or not given:
            raise OptionError(
                "peers",
                "must list other partnerships than the one benchmarked (at least one).",
            )
        chosen = tuple(as_peer(data.unit(code)) for code in given)
        chosen_by = "given"
    drivers = _drivers(target, data.units, chosen, tuple(variables), z)
    return PeerGroup(
        target.code,
        target.name,
        len(chosen),
        tuple(variables),
        chosen,
        drivers,
        chosen_by,
        METHOD.format(variables=_named(variables), k=len(chosen))
        if chosen_by == "auto"
        else "peers given by the user; distances as for the automatic method ("
        + METHOD.format(variables=_named(variables), k="k")
        + ")",
    )


def _named(variables: Sequence[str]) -> str:
    """The variables in words, for the method text ("residents aged 0-15 (%)", ...)."""
    return "; ".join(in_sentence(VARIABLES[v][0]) for v in variables)


def _drivers(
    target: PeerUnit,
    units: Sequence[PeerUnit],
    chosen: Sequence[Peer],
    variables: tuple[str, ...],
    z: dict[str, tuple[float, ...]],
) -> tuple[PeerDriver, ...]:
    by_code = {u.code: u for u in units}
    result = []
    for i, key in enumerate(variables):
        me = z[target.code][i]
        peer_gap = fmean((z[p.code][i] - me) ** 2 for p in chosen)
        all_gap = fmean((z[u.code][i] - me) ** 2 for u in units if u.code != target.code)
        result.append(
            PeerDriver(
                key,
                VARIABLES[key][0],
                _shown(target, key),
                fmean(_shown(by_code[p.code], key) for p in chosen),
                fmean(_shown(u, key) for u in units),
                me,
                peer_gap / all_gap if all_gap else 0.0,
            )
        )
    return tuple(sorted(result, key=lambda d: (d.gap_ratio, d.variable)))


def _shown(unit: PeerUnit, key: str) -> float:
    """A variable as people read it (density in residents per km2)."""
    return unit.value(key)


@lru_cache(maxsize=8)
def _z_scores_of(data: PeerIndicators, variables: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """:func:`_z_scores` of the indicators' units, kept for the next partnership (benchmarking
    every partnership computes them once). Callers must not modify the result."""
    return _z_scores(data.units, variables)


def _z_scores(
    units: Sequence[PeerUnit], variables: tuple[str, ...]
) -> dict[str, tuple[float, ...]]:
    """Unit code -> z-scores of the variables (deprivation within each nation)."""
    columns: list[dict[str, float]] = []
    for key in variables:
        within = VARIABLES[key][2]
        raw = {u.code: _scaled(u, key) for u in units}
        groups: dict[str, list[str]] = {}
        for u in units:
            groups.setdefault(u.country if within else "all", []).append(u.code)
        column = {}
        for codes in groups.values():
            values = [raw[c] for c in codes]
            mean, sd = fmean(values), pstdev(values)
            for c in codes:
                column[c] = (raw[c] - mean) / sd if sd else 0.0
        columns.append(column)
    return {u.code: tuple(col[u.code] for col in columns) for u in units}


def _scaled(unit: PeerUnit, key: str) -> float:
    value = unit.value(key)
    return math.log10(value) if key == "density" else value


def _rows(path: Any) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _unit(code: str, name: str, lads: tuple[str, ...], row: dict[str, str]) -> PeerUnit:
    wales = row["country"] == "Wales"
    deprivation = "wimd2019_avg_score_c21w" if wales else "imd2025_avg_score_c21w"
    share = (
        "wimd2019_pct_lsoa11_most_deprived_10pct_wales"
        if wales
        else "imd2025_pct_lsoa_most_deprived_10pct"
    )
    values = {
        "density": float(row["density_per_km2_mid2022"]),
        "age_0_15": float(row["pct_age_0_15_census2021"]),
        "age_16_24": float(row["pct_age_16_24_census2021"]),
        "age_65_plus": float(row["pct_age_65_plus_census2021"]),
        "rural": float(row["pct_pop_rural_lsoa_census2021"]),
        "deprivation": float(row[deprivation]),
        "deprived_share": float(row[share]),
    }
    return PeerUnit(code, name, row["country"], lads, tuple(values.items()))
