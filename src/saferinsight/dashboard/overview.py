"""A partnership's overview: a tile per police.uk theme and per partner dataset, for a period
and an area, as one person may see it (or the public, with disclosure control).

Partner data is confidential: a member of the partnership sees it exactly (and the reading is
written to the access log); children's and adults' safeguarding datasets only with the grant
for them (:func:`saferinsight.records.permissions.may_see_dataset`); the public sees the
public edition's figures (:func:`saferinsight.reports.change_tables.printed_rows` with the
disclosure rule), never a monthly line of confidential counts, and no safeguarding dataset.
Partner datasets are held for the partnership's area, so a ward's overview has police.uk
tiles only.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from saferinsight.dashboard.cache import RESULTS
from saferinsight.dashboard.scope import Scope, records_of, resolve_scope
from saferinsight.dashboard.tiles import Tile, partner_tile, theme_tile
from saferinsight.datasets.catalogue import get_dataset
from saferinsight.records.permissions import SAFEGUARDING_DATASETS, Principal, may_see_dataset
from saferinsight.reports.edition import Edition
from saferinsight.workspace.shared import SharedReader

if TYPE_CHECKING:
    from saferinsight.analysis.partners.engine import PartnerAnalysis
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.geo.areas import Area
    from saferinsight.store.warehouse import Warehouse
    from saferinsight.workspace import Workspace

__all__ = ["Overview", "analysis_of", "overview", "partners_of", "reading"]

T = TypeVar("T")


@dataclass(frozen=True)
class Overview:
    """The overview page: its scope, the police.uk tiles, the partner tiles, and the partner
    datasets left out (their names) because the person may not see them."""

    scope: Scope
    public: bool
    crime: tuple[Tile, ...] = ()
    partners: tuple[Tile, ...] = ()
    left_out: tuple[str, ...] = ()
    partner_note: str = ""


def overview(
    workspace: Workspace,
    partnership: str,
    who: Principal,
    *,
    period: str | None = None,
    area: str | None = None,
) -> Overview:
    """The overview of ``partnership`` as ``who`` may see it (the public: its public edition).

    ``period`` is one of the scope's period choices (default the latest complete financial
    year); ``area`` a ward code of the partnership's area (default the whole area).

    Raises
    ------
    PermissionDeniedError
        ``who`` may not read the partnership.
    OptionError, AreaError
        The period or area is not one of the choices.
    """
    public = who.anonymous
    with reading(workspace) as warehouse:
        scope = resolve_scope(workspace, warehouse, partnership, who, period=period, area=area)
        if warehouse is None or not scope.ready:
            return Overview(scope, public)
        assert scope.area is not None
        assert scope.period is not None
        analysis = analysis_of(workspace, warehouse, scope.area, scope.period.label)
        whole = scope.area == scope.partnership_area
        partners = (
            partners_of(workspace, warehouse, scope.area, scope.period.label) if whole else None
        )
    crime = tuple(theme_tile(theme) for theme in analysis.themes)
    if partners is None:
        note = "Partner data is held for the whole partnership area, not for wards."
        return Overview(scope, public, crime, partner_note=note)
    tiles, left_out = _partner_tiles(partners, who, partnership)
    shown = [t.key for t in tiles if t.confidential]
    if shown and not public:
        records_of(workspace, who).note_data_access(
            ", ".join(shown), partnership=partnership, action="overview"
        )
    note = (
        "Partner figures are the public edition's: counts are rounded, and small ones "
        "suppressed, to protect the people they are about."
        if public
        else "Partner data is confidential: do not share it outside the partnership."
    )
    return Overview(scope, public, crime, tiles, left_out, note)


def _partner_tiles(
    partners: PartnerAnalysis, who: Principal, partnership: str
) -> tuple[tuple[Tile, ...], tuple[str, ...]]:
    edition = Edition(public=who.anonymous)
    tiles: list[Tile] = []
    left_out: list[str] = []
    for section in partners.sections:
        names = section.dataset.split(", ")
        if who.anonymous:  # the public edition: never a safeguarding dataset
            allowed = not any(name in SAFEGUARDING_DATASETS for name in names)
        else:
            allowed = all(may_see_dataset(who, name, partnership=partnership) for name in names)
        if not allowed:
            left_out.append(section.title)
            continue
        chosen = edition if section.disclosure == "confidential" else edition.open()
        tile = partner_tile(section, chosen, get_dataset(names[0]).provider)
        if tile is not None:
            tiles.append(tile)
    return tuple(tiles), tuple(left_out)


@contextlib.contextmanager
def reading(workspace: Workspace) -> Iterator[Warehouse | None]:
    """The published warehouse for the block, or None when the workspace has none yet (a
    cursor on the connection the process keeps open: :mod:`saferinsight.workspace.shared`)."""
    if not workspace.exists() or workspace.generations.current() is None:
        yield None
        return
    with _SHARED_LOCK:
        shared = _SHARED.setdefault(str(workspace.root), SharedReader(workspace))
    with shared.reading() as warehouse:
        yield warehouse


_SHARED: dict[str, SharedReader] = {}
_SHARED_LOCK = threading.Lock()


@atexit.register
def _close_shared() -> None:
    """Close the kept connections when the process ends (DuckDB reports leaked ones)."""
    with _SHARED_LOCK:
        for shared in _SHARED.values():
            shared.close()
        _SHARED.clear()


def analysis_of(
    workspace: Workspace, warehouse: Warehouse, area: Area, period: str
) -> AreaAnalysis:
    """The engine's analysis of ``area`` in ``period``, kept for the pages
    (:mod:`saferinsight.dashboard.cache`: after a load, the figures before it until the new
    generation is analysed)."""
    from saferinsight.analysis.engine import analyse_in

    return RESULTS.get(
        workspace,
        warehouse,
        ("area", area.code, period),
        lambda reader: analyse_in(
            reader,
            area,
            period=period,
            workspace_name=str(workspace.root),
            clock=workspace.clock,
        ),
    )


def partners_of(
    workspace: Workspace, warehouse: Warehouse, area: Area, period: str
) -> PartnerAnalysis:
    """Every partner dataset analysed for ``area`` in ``period`` (kept like
    :func:`analysis_of`)."""
    from saferinsight.analysis.partners.engine import analyse_partners_in
    from saferinsight.core.periods import parse_period

    return RESULTS.get(
        workspace,
        warehouse,
        ("partners", area.code, period),
        lambda reader: analyse_partners_in(reader, area, parse_period(period)),
    )
