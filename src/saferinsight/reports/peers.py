"""The strategic assessment's peers section: funnel plots and the rate table of a benchmark.

Everything drawn comes from a :class:`~saferinsight.analysis.benchmark.Benchmark`; nothing is
computed here but the funnel curves (the limits at populations spanning the plot, from the
benchmark's own :class:`~saferinsight.stats.funnel.Funnel`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from saferinsight.analysis.benchmark import MIN_PEERS
from saferinsight.analysis.formatting import in_sentence
from saferinsight.generate.calibration import read_forces
from saferinsight.reports.chart import (
    BLUE,
    GREY,
    INK,
    LIGHT_GREY,
    ORANGE,
    SOURCE,
    Chart,
    make_chart,
)
from saferinsight.reports.document import Block, Paragraph, Section, Table
from saferinsight.reports.national_map import partnership_map

if TYPE_CHECKING:
    from saferinsight.analysis.benchmark import Benchmark, ThemeBenchmark
    from saferinsight.reports.edition import Edition
    from saferinsight.stats.funnel import Funnel

__all__ = ["funnel_chart", "peer_section"]

CURVE_POINTS = 60


def _force_names() -> dict[str, str]:
    """police.uk force slug -> force area name ("avon-and-somerset" -> "Avon and Somerset")."""
    return {force.slug: force.pfa_name for force in read_forces()}


def peer_section(result: Benchmark, edition: Edition) -> Section:
    """The "Comparison with similar partnerships" section: who the peers are and why, the
    funnel plots of all partnerships and of the peers (all crime), the national map of
    every partnership's rate, and the rate table of every
    theme with higher / similar / lower and the polarity."""
    area, period = result.area.name, result.period.label
    group = result.peers
    compared = [p for p in group.peers if p.code not in {e.code for e in result.peers_left_out}]
    drivers = ", ".join(in_sentence(d.label.split(" (")[0]) for d in group.drivers[:3])
    blocks: list[Block] = [
        Paragraph(
            edition.other(
                f"{area} is compared with every partnership area in England and Wales with "
                f"complete police.uk data for {period} ({result.partnerships_compared} areas) "
                f"and with its {group.k} most similar partnerships"
                + (" (chosen by the user)" if group.chosen_by == "given" else "")
                + f", matched on population density, age structure, rurality and deprivation "
                f"(closest on {drivers}): {', '.join(p.name for p in group.peers)}."
            )
        )
    ]
    names = _force_names()
    if result.peers_left_out:
        left = "; ".join(
            f"{e.name} ({', '.join(names.get(f, f) for f in e.forces) or e.reason})"
            for e in result.peers_left_out
        )
        remain = f"{len(compared)} {'peer remains' if len(compared) == 1 else 'peers remain'}"
        few = (
            f", too few to stand for partnerships like {area}: read the 'Against peers' column "
            f"as a comparison with {'that area' if len(compared) == 1 else 'those areas'} only"
            if len(compared) < MIN_PEERS
            else ""
        )
        blocks.append(
            Paragraph(
                edition.other(
                    f"{len(result.peers_left_out)} of the peers are not compared because their "
                    f"police.uk data for {period} is incomplete (months missing from the force "
                    f"named): {left}. {remain}{few}."
                ),
                style="note",
            )
        )
    if result.forces_missing:
        forces = ", ".join(names.get(force, force) for force, _ in result.forces_missing)
        blocks.append(
            Paragraph(
                edition.other(
                    f"Forces with months of {period} missing, whose partnerships are left out of "
                    f"every comparison ({len(result.excluded)} partnership areas): {forces}."
                ),
                style="note",
            )
        )
    blocks.append(_table(result, edition))
    total = next((t for t in result.themes if t.theme == "total"), result.themes[0])
    for chart in (
        funnel_chart(result, total, peers_only=False),
        funnel_chart(result, total, peers_only=True),
    ):
        blocks.append(edition.figure(chart))
    national_map = partnership_map(result, total)
    if national_map is not None:
        blocks.append(edition.figure(national_map))
    return Section("Comparison with similar partnerships", "peers", tuple(blocks))


def _table(result: Benchmark, edition: Edition) -> Table:
    rows = []
    for theme in result.themes:
        c = theme.comparison
        i = c.rate.interval
        rows.append(
            (
                theme.title,
                edition.other(f"{c.rate.value:.2f} ({i.lower:.2f} to {i.upper:.2f})"),
                edition.other(f"{c.peer_rate:.2f} ({c.peer_lowest:.2f} to {c.peer_highest:.2f})"),
                edition.other(f"{c.national_rate:.2f}"),
                c.verdict.capitalize(),
                c.polarity.capitalize(),
            )
        )
    level = "99.8%" if result.adjustment == "none" else "99.8% (adjusted)"
    return Table(
        f"Rates per 1,000 residents against similar partnerships, {result.period.label}",
        (result.area.name, "Rate (95% interval)", "Peers (range)", "All areas compared",
         "Against peers", "Polarity"),
        tuple(rows),
        numeric=(False, True, True, True, False, False),
        notes=(
            edition.other(
                "Peers: the pooled rate of the peers with complete data (their records over "
                "their residents), with the lowest and highest peer's rate. Higher or lower: "
                f"{result.area.name}'s rate lies outside the 95% funnel limits around the peers' "
                f"rate at its population (the {level} limits are drawn too); similar: within "
                "them, a difference chance alone often gives. Rates are over the period, not "
                "annualised."
            ),
            edition.other("Methods: " + "; ".join(f"{k}: {v}" for k, v in result.methods.items())),
        ),
    )  # fmt: skip


def funnel_chart(result: Benchmark, theme: ThemeBenchmark, *, peers_only: bool) -> Chart:
    """A funnel plot of one theme: every compared partnership (``peers_only`` false) or the
    peer group, with the 95% and 99.8% limits, the centre line, and the partnership marked.

    Data: datasets ``points`` (``name``, ``population``, ``rate``, ``group``, ``position``) and
    ``limits`` (``population``, ``rate``, ``line``).
    """
    funnel: Funnel = theme.peers if peers_only else theme.national
    names = {r.code: r.name for r in theme.rates}
    peers = set(result.peers.codes)
    me = result.area.code
    here, peer_name = result.area.name, "Peers"
    points = []
    for p in funnel.points:
        group = here if p.key == me else peer_name if p.key in peers else "Other partnerships"
        points.append(
            {
                "name": names[p.key],
                "population": p.denominator,
                "rate": round(p.rate, 4),
                "group": group,
                "position": p.position,
                "label": names[p.key] if p.key == me or (p.position.endswith("99.8% limit") and
                (peers_only or abs(p.z) >= _label_cut(funnel))) else "",
            }
        )  # fmt: skip
    low = min(p.denominator for p in funnel.points) * 0.8
    high = max(p.denominator for p in funnel.points) * 1.25
    limits = []
    for step in range(CURVE_POINTS + 1):
        n = math.exp(math.log(low) + (math.log(high) - math.log(low)) * step / CURVE_POINTS)
        lim = funnel.limits(n)
        for line, value in (
            ("95% upper", lim.upper95),
            ("95% lower", lim.lower95),
            ("99.8% upper", lim.upper998),
            ("99.8% lower", lim.lower998),
        ):
            limits.append({"population": round(n), "rate": round(value, 4), "line": line})
    groups = [here, peer_name, "Other partnerships"]
    x = {
        "field": "population",
        "type": "quantitative",
        "title": "Residents (log scale)",
        "scale": {"type": "log", "domain": [low, high], "nice": False},
        "axis": {"format": "~s"},
    }
    y = {
        "field": "rate",
        "type": "quantitative",
        "title": f"{theme.title} per 1,000 residents",
        "scale": {"zero": False, "nice": True, "padding": 14},
    }
    body: dict[str, Any] = {
        "height": 300,
        "layer": [
            {
                "data": {"name": "limits"},
                "mark": {"type": "line", "strokeWidth": 1, "color": GREY, "clip": True},
                "encoding": {
                    "x": x,
                    "y": y,
                    "detail": {"field": "line", "type": "nominal"},
                    "strokeDash": {
                        "field": "line",
                        "type": "nominal",
                        "scale": {
                            "domain": ["95% upper", "95% lower", "99.8% upper", "99.8% lower"],
                            "range": [[4, 3], [4, 3], [1, 0], [1, 0]],
                        },
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": INK, "strokeWidth": 1},
                "encoding": {"y": {"datum": round(funnel.target, 4), "type": "quantitative"}},
            },
            {
                "data": {"name": "points"},
                "mark": {"type": "point", "filled": True, "opacity": 0.9, "size": 45},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "group",
                        "type": "nominal",
                        "scale": {"domain": groups, "range": [BLUE, ORANGE, LIGHT_GREY]},
                        "legend": {"title": None, "orient": "top"},
                    },
                    "order": {"field": "group", "type": "nominal", "sort": "descending"},
                },
            },
            {
                "data": {"name": "points"},
                "mark": {"type": "text", "align": "left", "dx": 6, "dy": -6, "fontSize": 10},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            },
        ],
    }
    what = "its peers" if peers_only else "every partnership area with complete data"
    centre = "the peers' rate" if peers_only else "the England and Wales rate"
    mine = funnel.point(me)
    outside = sum(p.outlier for p in funnel.points)
    return make_chart(
        f"{theme.theme}-funnel-{'peers' if peers_only else 'national'}",
        f"{theme.title} per 1,000 residents: {result.area.name} and {what}, {result.period.label}",
        notes=[
            f"Each dot is a partnership area, by its number of residents (log scale). Solid "
            f"line: {centre}, {funnel.target:.2f}; dashed curves: 95% limits; solid curves: "
            "99.8% limits. A dot outside the limits differs from the centre by more than chance "
            "alone would often give at that population. Labelled: the partnership and the "
            "furthest dots outside the 99.8% limits."
        ],
        alt_text=(
            f"Funnel plot of {theme.title.lower()} per 1,000 residents against residents for "
            f"{len(funnel.points)} partnership areas around {centre} ({funnel.target:.2f}). "
            f"{result.area.name}: {mine.rate:.2f}, {mine.position}. {outside} of "
            f"{len(funnel.points)} areas lie outside the 95% limits."
        ),
        source=f"{SOURCE}; ONS mid-year population estimates",
        body=body,
        datasets={"points": points, "limits": limits},
    )


def _label_cut(funnel: Funnel) -> float:
    """The |z| of the fourth furthest point, so at most about four outliers are labelled."""
    ranked = sorted((abs(p.z) for p in funnel.points), reverse=True)
    return ranked[min(3, len(ranked) - 1)]
