"""The 'About the area' panel: the area's population, age structure, density, rurality and
deprivation against its region and England (:func:`saferinsight.analysis.area_profile.
area_profile`). Open data, printed exactly in every edition."""

from __future__ import annotations

from saferinsight.analysis.area_profile import AreaProfile, ProfileRow, area_profile
from saferinsight.geo.areas import Area
from saferinsight.reports.document import Block, Paragraph, Table
from saferinsight.reports.edition import Edition

__all__ = ["area_panel", "profile_cell", "profile_table"]

NO_ETHNICITY = (
    "The shipped reference data has no ethnicity figures for local areas, so this panel "
    "gives none (Census 2021 ethnicity by area is published by ONS, table TS021)."
)


def area_panel(area: Area, edition: Edition) -> list[Block]:
    """The panel's table and its notes, or a sentence saying why there is none."""
    profile = area_profile(area.code)
    police = edition.open()
    if profile is None:
        return [
            Paragraph(
                police.other(
                    f"No area profile: the shipped indicators cover local authorities and "
                    f"community safety partnerships, and {area.name} is neither."
                ),
                style="note",
            )
        ]
    blocks: list[Block] = [profile_table(profile, area, police)]
    if profile.rural_class:
        blocks.insert(
            0,
            Paragraph(
                police.other(
                    f"ONS classifies {area.name} as '{profile.rural_class}' (Rural Urban "
                    "Classification 2021)."
                )
            ),
        )
    blocks.append(Paragraph(NO_ETHNICITY, style="note"))
    return blocks


def profile_table(profile: AreaProfile, area: Area, edition: Edition) -> Table:
    """Indicator by area (the area, its region, England)."""
    rows = tuple(
        (edition.other(row.label), *(edition.other(profile_cell(row, v)) for v in row.values))
        for row in profile.rows
    )
    return Table(
        caption=f"{area.name} against {' and '.join(profile.areas[1:])}",
        header=("Indicator", *profile.areas),
        rows=rows,
        numeric=(False, *(True for _ in profile.areas)),
        notes=(edition.other(f"Sources: {profile.source}"),),
    )


def profile_cell(row: ProfileRow, value: float | None) -> str:
    """A value as printed: counts whole, percentages and scores to 1 decimal place,
    density whole.

    Examples
    --------
    >>> row = ProfileRow("x", "Aged 0 to 17", "%", (17.98,))
    >>> profile_cell(row, 17.98), profile_cell(row, None)
    ('18.0%', '-')
    """
    if value is None:
        return "-"
    if row.unit == "count":
        return f"{value:,.0f}"
    if row.unit == "density":
        return f"{value:,.0f}"
    if row.unit == "%":
        return f"{value:.1f}%"
    return f"{value:.1f}"
