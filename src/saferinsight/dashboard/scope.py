"""What a dashboard page is about: the partnership, the area it covers in the warehouse, the
period and area chosen (with the choices a page offers), and who is looking.

A partnership of the records names its area (the ``area`` field: a name or ONS code the
analyses know); :func:`partnership_area` reads it, and :func:`resolve_scope` resolves it in the
warehouse with the period and the area filter a page asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from saferinsight.core.months import month_label
from saferinsight.core.periods import (
    Period,
    financial_year_period,
    financial_year_start,
    parse_period,
)
from saferinsight.dashboard.cache import RESULTS
from saferinsight.errors import AreaError, Hint, OptionError
from saferinsight.geo.areas import Area, AreaResolver
from saferinsight.records.permissions import LOCAL, Principal
from saferinsight.records.service import Records
from saferinsight.store import areas as store_areas
from saferinsight.store.analysis import ward_boundaries
from saferinsight.store.counts import street_months

if TYPE_CHECKING:
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = [
    "NO_AREA",
    "NO_DATA",
    "Choice",
    "Scope",
    "partnership_area",
    "records_of",
    "resolve_scope",
]

NO_DATA = "No police.uk data is loaded in this workspace yet."
NO_AREA = (
    "The partnership does not say which area it covers: ask an administrator to set its area "
    "(a name or ONS code, such as Shropshire)."
)


@dataclass(frozen=True)
class Choice:
    """One option of a filter: the value sent, and what the page shows."""

    value: str
    label: str


@dataclass(frozen=True)
class Scope:
    """The partnership, area and period of a page, and the filters' choices.

    ``area`` and ``period`` are None when nothing can be shown (``message`` says why).
    ``partnership_area`` is the partnership's own area; ``area`` is the one chosen (it or one of
    its wards).
    """

    partnership: str
    name: str
    partnership_area: Area | None
    area: Area | None
    period: Period | None
    periods: tuple[Choice, ...] = ()
    areas: tuple[Choice, ...] = ()
    message: str = ""

    @property
    def ready(self) -> bool:
        """Whether there is an area and period to show."""
        return self.area is not None and self.period is not None


def records_of(workspace: Workspace, who: Principal) -> Records:
    """The records as ``who`` reads them (the public reads a partnership's name and area only,
    which are not confidential, through the application's own reader)."""
    if who.anonymous:
        return Records(workspace, actor="public", principal=LOCAL)
    return Records(workspace, actor=who.name, principal=who)


def partnership_area(records: Records, key: str) -> tuple[str, str | None]:
    """The partnership's name and the area it covers as recorded (its ``area`` field; None
    when it names none)."""
    found = records.get("partnership", key).values
    area = str(found.get("area") or "").strip()
    return str(found["name"]), area or None


def resolve_scope(
    workspace: Workspace,
    warehouse: Warehouse | None,
    partnership: str,
    who: Principal,
    *,
    period: str | None = None,
    area: str | None = None,
) -> Scope:
    """The scope of a page: the partnership's area resolved in ``warehouse`` (None: no data),
    the period (the latest complete financial year unless ``period`` names one of the choices)
    and the area (the partnership's, or one of its wards by code).

    Raises
    ------
    OptionError
        ``period`` or ``area`` is not one of the choices.
    """
    name, recorded = partnership_area(records_of(workspace, who), partnership)
    if recorded is None:
        return Scope(partnership, name, None, None, None, message=NO_AREA)
    if warehouse is None:
        return Scope(partnership, name, None, None, None, message=NO_DATA)
    whole, months, wards = RESULTS.get(
        workspace, warehouse, ("scope", recorded), lambda reader: _area_facts(reader, recorded)
    )
    if not months:
        return Scope(partnership, name, whole, None, None, message=NO_DATA)
    periods = _periods(months[0], months[-1])
    areas = (
        Choice("", f"{whole.name} (whole area)"),
        *(Choice(code, ward) for code, ward in wards),
    )
    chosen = _choose(periods, period, "period")
    where = _choose(areas, area or "", "area")
    place = whole if not where.value else within(warehouse, whole, where.value)
    return Scope(partnership, name, whole, place, _period(chosen.value), periods, areas)


def _area_facts(
    warehouse: Warehouse, recorded: str
) -> tuple[Area, tuple[date, ...], tuple[tuple[str, str], ...]]:
    """The partnership's area, the first and last months loaded, and its wards by name (kept
    per generation: they change only with a load)."""
    whole = AreaResolver(warehouse).resolve(recorded)
    months = street_months(warehouse, [])
    wards = sorted(
        {(code, ward) for code, ward, _, _ in ward_boundaries(warehouse, whole.lad_codes)},
        key=lambda w: w[1],
    )
    return whole, tuple(months[:1] + months[-1:]), tuple(wards)


def within(warehouse: Warehouse, whole: Area, code: str) -> Area:
    """The ward or LSOA ``code`` if it lies in ``whole`` (another partnership's is refused as
    not found, so a made-up address tells nothing).

    Raises
    ------
    AreaError
        ``code`` is not a ward or LSOA of ``whole``.
    """
    lad = store_areas.ward_lad(warehouse, code) or store_areas.lsoa_lad(warehouse, code)
    if lad is None or lad not in whole.lad_codes:
        raise AreaError(
            f"{code} is not a ward or LSOA of {whole.name}.",
            hint=Hint("retry", f"Choose a ward of {whole.name}."),
        )
    return AreaResolver(warehouse).resolve(code)


def _periods(first: date, last: date) -> tuple[Choice, ...]:
    """The complete financial years loaded (latest first), then the last 12 months loaded."""
    years = []
    year = financial_year_start(last)
    while True:
        span = financial_year_period(year)
        if span.start < first:
            break
        if span.end <= last:
            years.append(Choice(span.label, f"{span.label} ({span.span})"))
        year -= 1
    rolling = f"12 months to {month_label(last)}"
    choices = [*years]
    if not years or years[0].value != financial_year_period(financial_year_start(last)).label:
        choices.append(Choice(rolling, rolling))
    return tuple(choices)


def _period(value: str) -> Period:
    return parse_period(value)


def _choose(choices: tuple[Choice, ...], asked: str | None, option: str) -> Choice:
    if not choices:
        raise OptionError(option, "has no choices: no data is loaded.")
    if asked is None:
        return choices[0]
    for choice in choices:
        if choice.value == asked:
            return choice
    raise OptionError(
        option,
        f"{asked!r} is not one of the choices.",
        hint=Hint("retry", f"Choose a {option} from the list."),
    )
