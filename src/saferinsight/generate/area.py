"""Generate police.uk files for an area named as users name areas (CSP, local authority, force)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from saferinsight.errors import QueryError
from saferinsight.generate.police_uk import GenerateReport, generate_police_uk
from saferinsight.geo.areas import Area, resolve_in, resolve_shipped_area
from saferinsight.workspace import Workspace


def area_selection(area: Area) -> tuple[list[str] | None, list[str] | None]:
    """(force slugs, local authority codes) that the generator needs for an area."""
    if area.level == "pfa":
        return [area.force] if area.force else None, None
    if area.level in ("csp", "lad"):
        return None, list(area.lad_codes)
    raise QueryError(
        f"{area.label}: generate data for a Community Safety Partnership, local authority or "
        "police force area (wards and LSOAs are too small to calibrate on their own)."
    )


def generate_for_area(
    workspace: Workspace | None,
    out_dir: Path,
    *,
    area: str | None,
    start: str,
    end: str,
    seed: int = 0,
    archive: bool = False,
    outcomes: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateReport:
    """Write synthetic police.uk files for one area, or for England and Wales if ``area`` is None.

    The area is looked up in the workspace's reference data when it has a warehouse, otherwise
    in the shipped reference data.
    """
    forces: list[str] | None = None
    lads: list[str] | None = None
    if area is not None:
        if workspace is not None and workspace.exists():
            with workspace.reader() as warehouse:
                place = resolve_in(warehouse, area)
        else:
            place = resolve_shipped_area(area)
        forces, lads = area_selection(place)
    return generate_police_uk(
        out_dir,
        start=start,
        end=end,
        seed=seed,
        forces=forces,
        lad_codes=lads,
        outcomes=outcomes,
        archive=archive,
        progress=progress,
    )
