"""The places commands: ``safer hotspots``, one call into :mod:`saferinsight.analysis.hotspots`,
rendered as a table, CSV or JSON with every parameter it used."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import workspace_of as _workspace

if TYPE_CHECKING:
    from saferinsight.analysis.hotspots import HotspotAnalysis, HotspotPlace

FORMATS = click.Choice(["table", "csv", "json"])
COLUMNS = (
    "place", "name", "easting", "northing", "count", "z", "p", "p_adjusted", "p_sim",
    "p_sim_adjusted", "class", "over_time",
)  # fmt: skip


@click.command("hotspots")
@click.argument("area")
@click.option("--period", required=True, help="2024/25, 2024, Q4 2024/25, 2024-01..2024-06 ...")
@click.option(
    "--theme",
    default="total",
    show_default=True,
    help="One theme: total, violence, asb, criminal-damage, theft, burglary, vehicle, ...",
)
@click.option("--grid", "unit", flag_value="grid", help="Count records in grid cells.")
@click.option("--lsoa", "unit", flag_value="lsoa", default=True, help="Count by LSOA (default).")
@click.option(
    "--over",
    type=click.Choice(["month", "quarter"]),
    help="Also classify each place over the months or quarters of the period.",
)
@click.option("--cell-size", type=float, help="Grid cell side in metres (default: automatic).")
@click.option(
    "--adjust",
    "adjustment",
    type=click.Choice(["holm", "fdr_bh", "none"]),
    default="holm",
    show_default=True,
    help="Multiple-testing adjustment across the places tested.",
)
@click.option("--permutations", type=click.IntRange(min=0), default=999, show_default=True)
@click.option("--seed", type=int, default=20250401, show_default=True, help="Permutation seed.")
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Table rows to show (0 for all); CSV and JSON list every place.")  # fmt: skip
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def hotspots(
    ctx: click.Context,
    area: str,
    period: str,
    theme: str,
    unit: str,
    over: str | None,
    cell_size: float | None,
    adjustment: str,
    permutations: int,
    seed: int,
    alpha: float,
    limit: int,
    fmt: str,
) -> None:
    """Getis-Ord Gi* hot and cold spots of an area's police.uk street records: by LSOA with
    contiguity weights, or on a grid clipped to the area; p-values adjusted once across the
    places; with --over, each place classed as persistent, emerging, former or intermittent."""
    from saferinsight.analysis.hotspots import find_hotspots

    result = find_hotspots(
        _workspace(ctx),
        area,
        period=period,
        theme=theme,
        unit=unit,
        over=over,
        permutations=permutations,
        seed=seed,
        adjustment=adjustment,
        alpha=alpha,
        cell_size=cell_size,
    )
    render(result, fmt=fmt, limit=limit)


def _row(place: HotspotPlace) -> list[Any]:
    def number(value: float | None, digits: int) -> Any:
        return None if value is None or math.isnan(value) else round(value, digits)

    return [
        place.key, place.name, round(place.easting), round(place.northing), place.count,
        number(place.z, 4), number(place.p_value, 6), number(place.p_adjusted, 6),
        number(place.p_sim, 6), number(place.p_sim_adjusted, 6), place.label, place.over_time,
    ]  # fmt: skip


def render(result: HotspotAnalysis, *, fmt: str, limit: int = 20) -> None:
    """Print the result; the parameters go first (table) or alongside (JSON)."""
    from saferinsight.cli import render as base

    rows = [_row(p) for p in result.places]
    if fmt == "csv":
        base.emit_rows(COLUMNS, rows, fmt="csv")
        return
    if fmt == "json":
        base.write_json(
            {
                "area": {"name": result.area.name, "code": result.area.code},
                "period": result.period.label,
                "theme": result.theme,
                "parameters": dict(result.parameters),
                "records": result.records,
                "left_out_no_location": result.left_out,
                "periods": list(result.periods),
                "null_hypothesis": result.gi_star.null_hypothesis,
                "places": [dict(zip(COLUMNS, row, strict=True)) for row in rows],
                "warnings": list(result.warnings),
            }
        )
        return
    hot = sum(p.label == "hotspot" for p in result.places)
    cold = sum(p.label == "coldspot" for p in result.places)
    base.out.print(f"Hotspots: {result.area.label}, {result.period.label}, theme {result.theme}")
    for name, value in result.parameters:
        base.out.print(f"  {name}: {value}")
    base.out.print(
        f"  {result.records:,} records; {hot} hotspots and {cold} coldspots; "
        f"{result.left_out:,} records without a location left out"
    )
    shown = rows if limit == 0 else rows[:limit]
    base.emit_rows(COLUMNS, shown, fmt="table")
    for warning in result.warnings:
        base.err.print(warning)
