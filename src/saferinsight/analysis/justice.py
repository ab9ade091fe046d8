"""Outcomes of street crimes and stop and search, from the police.uk files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.analysis.results import OutcomeAnalysis, OutcomeGroup, StopSearchAnalysis
from saferinsight.analysis.themes import CRIMES
from saferinsight.core.periods import Period, coverage
from saferinsight.stats.intervals import proportion
from saferinsight.store import analysis as store_analysis
from saferinsight.store.counts import Scope

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse

#: police.uk last outcome categories grouped as the Home Office outcomes framework groups them.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "Charged or summonsed": (
        "Awaiting court outcome",
        "Court result unavailable",
        "Suspect charged as part of another case",
        "Offender sent to prison",
        "Offender given suspended prison sentence",
        "Offender fined",
        "Offender given community sentence",
        "Offender given conditional discharge",
        "Offender given absolute discharge",
        "Offender ordered to pay compensation",
        "Offender deprived of property",
        "Offender otherwise dealt with",
        "Defendant found not guilty",
        "Defendant sent to Crown Court",
        "Court case unable to proceed",
    ),
    "Out of court disposal": (
        "Offender given a caution",
        "Local resolution",
        "Offender given penalty notice",
        "Offender given a drugs possession warning",
    ),
    "Evidential difficulties: unable to prosecute": ("Unable to prosecute suspect",),
    "Investigation complete; no suspect identified": (
        "Investigation complete; no suspect identified",
    ),
    "Not in the public interest": (
        "Further investigation is not in the public interest",
        "Formal action is not in the public interest",
        "Further action is not in the public interest",
    ),
    "Action by another organisation": ("Action to be taken by another organisation",),
    "Under investigation or not known": ("Under investigation", "Status update unavailable", ""),
}
GROUP_OF = {
    category: group for group, categories in OUTCOME_GROUPS.items() for category in categories
}
CHARGED = "Charged or summonsed"
OTHER = "Other outcome"


def outcome_group(category: str) -> str:
    """The group of a police.uk last outcome category.

    Examples
    --------
    >>> outcome_group("Awaiting court outcome"), outcome_group("Local resolution")
    ('Charged or summonsed', 'Out of court disposal')
    """
    return GROUP_OF.get(category, OTHER)


def outcomes(
    con: Warehouse, scope: Scope, period: Period, loaded: set[date]
) -> OutcomeAnalysis | None:
    """Outcome groups of the period's crimes and the share charged or summonsed (Wilson)."""
    rows = store_analysis.outcome_counts(
        con, scope, start=period.start, end=period.end, crime_types=CRIMES
    )
    crimes = sum(n for _, _, n in rows)
    if crimes == 0:
        return None
    by_group: dict[str, int] = defaultdict(int)
    charged_by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for crime_type, category, n in rows:
        group = outcome_group(category)
        by_group[group] += n
        charged_by_type[crime_type][1] += n
        if group == CHARGED:
            charged_by_type[crime_type][0] += n
    groups = tuple(
        OutcomeGroup(g, n, proportion(n, crimes))
        for g, n in sorted(by_group.items(), key=lambda item: -item[1])
    )
    note = (
        "Last outcome recorded on police.uk when the month was published; recent crimes "
        "are often still under investigation, so charge rates for recent months rise as "
        "cases conclude."
    )
    if not coverage(period, loaded).complete:
        note += " The period is partial."
    return OutcomeAnalysis(
        crimes=crimes,
        groups=groups,
        charged=proportion(by_group.get(CHARGED, 0), crimes),
        charged_by_type=tuple(
            (t, proportion(c, n)) for t, (c, n) in sorted(charged_by_type.items()) if n
        ),
        note=note,
    )


STOP_SEARCH_BREAKDOWNS = (
    "object_of_search",
    "outcome",
    "self_defined_ethnicity",
    "officer_defined_ethnicity",
    "gender",
    "age_range",
)


def stop_search(con: Warehouse, forces: Sequence[str], period: Period) -> StopSearchAnalysis | None:
    """Stop and search by object, outcome and demographics for the covering forces."""
    breakdowns = {}
    searches = 0
    for dimension in STOP_SEARCH_BREAKDOWNS:
        counts = store_analysis.stop_search_counts(
            con, forces, start=period.start, end=period.end, dimension=dimension
        )
        searches = sum(n for _, n in counts)
        if searches == 0:
            return None
        breakdowns[dimension] = tuple(
            (value or "Not recorded", n, proportion(n, searches)) for value, n in counts
        )
    return StopSearchAnalysis(
        forces=tuple(forces),
        searches=searches,
        breakdowns=breakdowns,
        note=(
            "police.uk stop and search records have coordinates but no LSOA, so they are "
            "given for the whole force area."
        ),
    )
