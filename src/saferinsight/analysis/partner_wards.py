"""Ward counts of domestic abuse, hate crime, violence with injury and serious violence from the
record-level police crime dataset (``police-crime``), for the top ten wards tables the needs
assessment prints (catalogue A11) and the ward change tests.

Offences are distinct crime references (a person-level extract has a row per person). Rows with
no ward are counted in the area's total but in no ward.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferinsight.analysis.partners.common import Row, load_partner_data
from saferinsight.analysis.partners.crime import VWI, offence_of
from saferinsight.core.periods import Period
from saferinsight.datasets.catalogue import HATE_STRANDS
from saferinsight.geo.areas import Area

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

__all__ = ["PARTNER_WARD_THEMES", "PartnerWardCounts", "police_crime_wards"]


_HATE_COLUMNS = tuple(f"hate_{key}" for key, _ in HATE_STRANDS)


def _hate(row: Row) -> bool:
    return any(row.get(column) for column in _HATE_COLUMNS)


def _vwi(row: Row) -> bool:
    return offence_of(row)[2] == VWI


def _domestic(row: Row) -> bool:
    return bool(row.get("domestic_abuse"))


def _serious(row: Row) -> bool:
    return bool(row.get("serious_violence"))


#: (key, title, noun, which rows) of each theme counted by ward.
PARTNER_WARD_THEMES: tuple[tuple[str, str, str, Callable[[Row], bool]], ...] = (
    ("domestic-abuse", "Domestic abuse", "domestic abuse offences", _domestic),
    ("hate-crime", "Hate crime", "hate crimes", _hate),
    ("violence-with-injury", "Violence with injury", "violence with injury offences", _vwi),
    ("serious-violence", "Serious violence", "serious violence offences", _serious),
)


@dataclass(frozen=True)
class PartnerWardCounts:
    """One theme's offences by ward in two periods, from record-level police crime.

    Attributes
    ----------
    key, title, counted
        The theme.
    current, previous
        Ward code -> offences (wards with none left out).
    total, previous_total
        Offences in the area in each period, with or without a ward.
    period, previous_period
        The periods.
    """

    key: str
    title: str
    counted: str
    current: Mapping[str, int]
    previous: Mapping[str, int]
    total: int
    previous_total: int
    period: Period
    previous_period: Period


def police_crime_wards(con: Warehouse, area: Area, period: Period) -> tuple[PartnerWardCounts, ...]:
    """Each theme of :data:`PARTNER_WARD_THEMES` by ward, when record-level police crime is
    loaded for the area and period (none otherwise)."""
    data = load_partner_data(con, "police-crime", area, period)
    if data.empty:
        return ()
    results = []
    for key, title, counted, keep in PARTNER_WARD_THEMES:
        now, now_total = _tally(data.current_rows, keep)
        before, before_total = _tally(data.previous_rows, keep)
        results.append(
            PartnerWardCounts(
                key, title, counted, now, before, now_total, before_total, period, data.previous
            )
        )
    return tuple(results)


def _tally(rows: Iterable[Row], keep: Callable[[Row], bool]) -> tuple[dict[str, int], int]:
    offences: dict[str, str | None] = {}
    for row in rows:
        if keep(row):
            reference = str(row["crime_reference"])
            offences[reference] = offences.get(reference) or row.get("ward")
    wards = Counter(ward for ward in offences.values() if ward)
    return dict(wards), len(offences)
