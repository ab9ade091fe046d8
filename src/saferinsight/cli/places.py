"""The places commands, each one library call rendered as a table, CSV or JSON with every
parameter it used: ``safer hotspots`` (:mod:`saferinsight.analysis.hotspots`), ``safer repeats``
and ``safer near-repeats`` (:mod:`saferinsight.analysis.places`) and ``safer benchmark``
(:mod:`saferinsight.analysis.benchmark`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

from saferinsight.cli.advice import errors as _errors
from saferinsight.cli.context import workspace_of as _workspace

if TYPE_CHECKING:
    from saferinsight.analysis.benchmark import Benchmark
    from saferinsight.analysis.hotspots import HotspotAnalysis, HotspotPlace

FORMATS = click.Choice(["table", "csv", "json"])
COLUMNS = (
    "place", "name", "easting", "northing", "count", "residents", "rate", "z", "p",
    "p_adjusted", "p_sim", "p_sim_adjusted", "class", "over_time",
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
    "--rate",
    is_flag=True,
    help="Gi* on records per 1,000 residents (LSOAs; suits burglary, vehicle crime, criminal "
    "damage) instead of counts.",
)
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
    rate: bool,
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
        rate=rate,
    )
    render(result, fmt=fmt, limit=limit)


def _row(place: HotspotPlace) -> list[Any]:
    def number(value: float | None, digits: int) -> Any:
        return None if value is None or math.isnan(value) else round(value, digits)

    return [
        place.key, place.name, round(place.easting), round(place.northing), place.count,
        place.residents, number(place.rate, 3), number(place.z, 4), number(place.p_value, 6),
        number(place.p_adjusted, 6), number(place.p_sim, 6), number(place.p_sim_adjusted, 6),
        place.label, place.over_time,
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
                "measure": result.measure,
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


@click.command("benchmark")
@click.argument("area")
@click.option("--period", required=True, help="2024/25, 2025-06..2025-06, Q1 2025/26 ...")
@click.option(
    "--theme",
    "themes",
    default="total",
    show_default=True,
    help="Themes, comma-separated, or all: total, violence, asb, burglary, vehicle, ...",
)
@click.option(
    "--peers",
    default="auto",
    show_default=True,
    help="auto (the most similar partnerships) or your own list of ONS codes, comma-separated.",
)
@click.option("--k", type=int, default=15, show_default=True, help="How many peers (auto).")
@click.option(
    "--overdispersion",
    "adjustment",
    type=click.Choice(["none", "multiplicative", "additive"]),
    default="none",
    show_default=True,
    help="Widen the funnel limits for real differences between partnerships.",
)
@click.option("--denominator-year", type=int, help="Mid-year estimate for rates.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.pass_context
@_errors
def benchmark(
    ctx: click.Context,
    area: str,
    period: str,
    themes: str,
    peers: str,
    k: int,
    adjustment: str,
    denominator_year: int | None,
    fmt: str,
) -> None:
    """A partnership's rates per 1,000 residents against every partnership in England and
    Wales and its most similar peers: funnel-plot limits, higher / similar / lower, outliers,
    and the partnerships left out for missing data."""
    from saferinsight.analysis.benchmark import benchmark_area

    given = None if peers.strip().lower() == "auto" else [p for p in peers.split(",") if p.strip()]
    result = benchmark_area(
        _workspace(ctx),
        area,
        period=period,
        themes=themes,
        peers=given,
        k=k,
        adjustment=adjustment,
        denominator_year=denominator_year,
    )
    render_benchmark(result, fmt=fmt)


def render_benchmark(result: Benchmark, *, fmt: str) -> None:
    """Print the benchmark: peers and their drivers, the rate table, outliers, exclusions."""
    from saferinsight.cli import render as base

    if fmt == "json":
        base.write_json(result.to_dict())
        return
    say = base.out.print
    group = result.peers
    say(
        f"Benchmark: {result.area.label}, {result.period.label} ({result.period.span}); "
        f"{result.partnerships_compared} of {result.partnerships_compared + len(result.excluded)} "
        "partnership areas have complete data"
    )
    chosen = "most similar" if group.chosen_by == "auto" else "given"
    say(f"\nPeers ({group.k} {chosen}): {group.method}")
    base.emit_rows(
        ("variable", result.area.name, "peers' mean", "all partnerships' mean", "gap ratio"),
        [
            (
                d.label,
                round(d.value, 2),
                round(d.peer_mean, 2),
                round(d.all_mean, 2),
                round(d.gap_ratio, 3),
            )
            for d in group.drivers
        ],
        fmt="table",
        title="What drove the match (gap ratio near 0: the peers are close on it)",
    )
    left = {e.code: e.reason for e in result.peers_left_out}
    base.emit_rows(
        ("peer", "code", "distance", "differs most in", "compared"),
        [
            (
                p.name,
                p.code,
                round(p.distance, 3),
                _share(p.contributions[0]),
                "no: " + left[p.code] if p.code in left else "yes",
            )
            for p in group.peers
        ],
        fmt="table",
    )
    rows = []
    for theme in result.themes:
        c = theme.comparison
        interval = c.rate.interval
        rows.append(
            (
                theme.title,
                f"{c.rate.value:.2f} ({interval.lower:.2f}-{interval.upper:.2f})",
                f"{c.peer_rate:.2f} ({c.peer_lowest:.2f}-{c.peer_highest:.2f})",
                f"{c.national_rate:.2f}",
                f"{c.verdict} ({c.position})",
                c.polarity,
                c.national_position,
            )
        )
    base.emit_rows(
        (
            "theme",
            "rate (95% CI)",
            "peers' rate (range)",
            "E&W rate",
            "vs peers",
            "polarity",
            "national funnel",
        ),
        rows,
        fmt="table",
        title=f"Rates per 1,000 residents, {result.period.label}",
    )
    for theme in result.themes:
        national = theme.national
        high = [p for p in national.outliers if p.position.startswith("above 99.8")]
        low = [p for p in national.outliers if p.position.startswith("below 99.8")]
        names = {r.code: r.name for r in theme.rates}
        say(
            f"\n{theme.title}: {len(high)} partnerships above and {len(low)} below the 99.8% "
            f"limits of the national funnel (rate {national.target:.2f}; dispersion phi "
            f"{national.phi:.1f})"
        )
        for label, points in (("highest", high[:5]), ("lowest", low[::-1][:5])):
            if points:
                listed = ", ".join(f"{names[p.key]} {p.rate:.2f}" for p in points)
                say(f"  {label}: {listed}")
    if result.forces_missing:
        say("\nForces with months missing (their partnerships are not compared):")
        for force, months in result.forces_missing:
            say(f"  {force}: {', '.join(months)}")
    if result.excluded:
        say(f"\nPartnership areas left out ({len(result.excluded)}):")
        for e in result.excluded:
            say(f"  {e.code} {e.name}: {e.reason}")
    say("\nMethods:")
    for name, text in result.methods.items():
        say(f"  {name}: {text}")


def _share(item: tuple[str, float]) -> str:
    return f"{item[0]} ({item[1]:.0%})"


@click.command("repeats")
@click.argument("area")
@click.option("--period", required=True, help="2024/25, 2024, Q4 2024/25, 2024-01..2024-06 ...")
@click.option("--theme", default="total", show_default=True, help="One theme, such as burglary.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="Snap points to list.")  # fmt: skip
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def repeats(ctx: click.Context, area: str, period: str, theme: str, top: int, fmt: str) -> None:
    """Repeat locations: the police.uk snap points with most street records of a theme, with
    counts and shares. Snap points are anonymised map points ('on or near'), never
    addresses."""
    from saferinsight.analysis.places import find_repeat_locations

    result = find_repeat_locations(_workspace(ctx), area, period=period, theme=theme, top=top)
    from saferinsight.cli import render as base

    columns = ("rank", "location", "lsoa", "lsoa_name", "records", "share", "longitude",
               "latitude")  # fmt: skip
    rows = [
        [loc.rank, loc.location, loc.lsoa_code, loc.lsoa_name, loc.records,
         round(loc.share, 4), loc.longitude, loc.latitude]
        for loc in result.locations
    ]  # fmt: skip
    if fmt == "json":
        base.write_json(
            {
                "area": {"name": result.area.name, "code": result.area.code},
                "period": result.period.label,
                "theme": result.theme.key,
                "records": result.records,
                "snap_points": result.points,
                "left_out_no_location": result.left_out,
                "note": result.note,
                "locations": [dict(zip(columns, row, strict=True)) for row in rows],
                "warnings": list(result.warnings),
            }
        )
        return
    if fmt == "csv":
        base.emit_rows(columns, rows, fmt="csv")
        return
    base.out.print(
        f"Repeat locations: {result.area.label}, {result.period.label}, {result.theme.title}"
    )
    base.out.print(
        f"  {result.records:,} located records at {result.points:,} snap points; the top "
        f"{len(rows)} hold {result.top_share:.1%}; {result.left_out:,} records without a "
        "location left out"
    )
    base.emit_rows(columns, [[*row[:5], f"{row[5]:.1%}", *row[6:]] for row in rows], fmt="table")
    base.out.print(result.note)
    for warning in result.warnings:
        base.err.print(warning)


@click.command("near-repeats")
@click.argument("area")
@click.option("--period", required=True, help="2024/25, 2024, Q4 2024/25, 2024-01..2024-06 ...")
@click.option("--theme", type=click.Choice(["burglary", "vehicle"]), default="burglary",
              show_default=True)  # fmt: skip
@click.option("--distance-band", type=click.FloatRange(min=1), default=200.0, show_default=True,
              help="Width of each distance band in metres.")  # fmt: skip
@click.option("--distance-bands", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option("--time-band", type=click.IntRange(min=1), default=1, show_default=True,
              help="Width of each time band in months (police.uk gives months only).")  # fmt: skip
@click.option("--time-bands", type=click.IntRange(1, 50), default=3, show_default=True)
@click.option("--permutations", type=click.IntRange(min=19), default=999, show_default=True)
@click.option("--seed", type=int, default=20250401, show_default=True, help="Simulation seed.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
@_errors
def near_repeats(
    ctx: click.Context,
    area: str,
    period: str,
    theme: str,
    distance_band: float,
    distance_bands: int,
    time_band: int,
    time_bands: int,
    permutations: int,
    seed: int,
    fmt: str,
) -> None:
    """Near repeats of burglary or vehicle crime: the Knox test by distance and time band,
    observed against expected pairs with Monte Carlo p-values (random months, a seed)."""
    from saferinsight.analysis.places import find_near_repeats

    result = find_near_repeats(
        _workspace(ctx),
        area,
        period=period,
        theme=theme,
        distance_band=distance_band,
        distance_bands=distance_bands,
        time_band=time_band,
        time_bands=time_bands,
        permutations=permutations,
        seed=seed,
    )
    from saferinsight.cli import render as base

    knox = result.knox
    columns = ("distance", "time", "observed", "expected", "ratio", "p")
    rows = [
        [d, t, knox.observed[i][j], round(knox.expected[i][j], 3),
         None if math.isnan(knox.ratio[i][j]) else round(knox.ratio[i][j], 3),
         round(knox.p_value[i][j], 4)]
        for i, d in enumerate(knox.distance_bands)
        for j, t in enumerate(knox.time_bands)
    ]  # fmt: skip
    if fmt == "json":
        base.write_json(
            {
                "area": {"name": result.area.name, "code": result.area.code},
                "period": result.period.label,
                "theme": result.theme.key,
                "parameters": dict(result.parameters),
                "limits": result.limits,
                "cells": [dict(zip(columns, row, strict=True)) for row in rows],
                "warnings": list(result.warnings),
            }
        )
        return
    if fmt == "csv":
        base.emit_rows(columns, rows, fmt="csv")
        return
    base.out.print(
        f"Near repeats (Knox test): {result.area.label}, {result.period.label}, "
        f"{result.theme.title}"
    )
    for name, value in result.parameters:
        base.out.print(f"  {name}: {value}")
    base.out.print(f"  {result.left_out:,} records without a location left out")
    base.emit_rows(columns, rows, fmt="table")
    base.out.print(f"Limits: {result.limits}")
    for warning in result.warnings:
        base.err.print(warning)
