"""The national map of partnership rates: every partnership area of England and Wales shaded by
its rate per 1,000 residents, for the peers section.

The map draws what the benchmark computed: each compared partnership's rate and quintile class
(:attr:`saferinsight.analysis.benchmark.ThemeBenchmark.classes`), the partnerships left out for
incomplete data (:attr:`~saferinsight.analysis.benchmark.Benchmark.excluded`), and their
local authorities (:attr:`~saferinsight.analysis.benchmark.Benchmark.partnership_lads`), whose
shipped boundaries :func:`saferinsight.geo.partnership_shapes.partnership_shapes` simplifies
for a national map. Nothing is classified here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from saferinsight.generate.calibration import read_forces
from saferinsight.geo.partnership_shapes import partnership_shapes
from saferinsight.reference import OS_BOUNDARIES
from saferinsight.reports.chart import INK, SOURCE, Chart, make_chart
from saferinsight.reports.maps import NO_DATA, PALETTE

if TYPE_CHECKING:
    from saferinsight.analysis.benchmark import Benchmark, ThemeBenchmark

__all__ = ["LEFT_OUT", "partnership_map"]

MAP_WIDTH, MAP_HEIGHT = 560, 620
#: Left-out partnerships are named in the note up to this many; beyond it, the note names the
#: forces whose partnerships are compared instead.
NAMED_AT_MOST = 80
#: The legend entry of the partnerships left out for incomplete data.
LEFT_OUT = "Left out: incomplete data"
LEFT_OUT_COLOUR = "#BDBDBD"


def partnership_map(result: Benchmark, theme: ThemeBenchmark) -> Chart | None:
    """A choropleth of every partnership area's rate per 1,000 residents for one theme, with
    the partnerships left out for incomplete data in grey and the partnership benchmarked
    outlined and labelled.

    Returns ``None`` when the benchmark carries no local authorities (nothing to draw).
    The data are the datasets ``areas`` (a GeoJSON feature per partnership, properties
    ``code``, ``name``, ``rate`` (``None`` when left out) and ``class`` (its class label, or
    :data:`LEFT_OUT`)), ``outlines`` (each partnership's boundary), ``here`` (the benchmarked
    partnership's boundary) and ``label`` (its name, right of its eastern edge).
    """
    if not result.partnership_lads:
        return None
    classes = theme.classes
    rates = {r.code: r for r in theme.rates}
    labels = dict(zip(classes.keys, classes.classes, strict=True))
    left_out = {e.code: e for e in result.excluded}
    shapes = partnership_shapes(result.partnership_lads)
    me = result.area.code
    areas: list[dict[str, Any]] = []
    outlines: list[dict[str, Any]] = []
    for shape in shapes:
        row = rates.get(shape.code)
        index = labels.get(shape.code)
        if row is not None and index is not None:
            name, rate, label = row.name, round(row.rate.value, 3), classes.labels[index]
        elif shape.code in left_out:
            name, rate, label = left_out[shape.code].name, None, LEFT_OUT
        else:
            name, rate, label = shape.code, None, None
        properties = {"code": shape.code, "name": name, "rate": rate, "class": label}
        areas.append({"type": "Feature", "geometry": shape.fill, "properties": properties})
        outlines.append(
            {"type": "Feature", "geometry": shape.outline, "properties": {"code": shape.code}}
        )
    here = next(s for s in shapes if s.code == me)
    domain = [*classes.labels, LEFT_OUT]
    colours = [*PALETTE[-len(classes.labels) :], LEFT_OUT_COLOUR]
    colour = {
        "field": "properties.class",
        "type": "ordinal",
        "scale": {"domain": domain, "range": colours},
    }
    position = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
    }
    _, south, east, north = here.bounds
    tag = {"text": result.area.name, "longitude": east, "latitude": (south + north) / 2}
    body: dict[str, Any] = {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "projection": {"type": "mercator"},  # fitted to the partnerships by Vega-Lite
        "layer": [
            {
                "data": {"name": "areas"},
                "transform": [{"filter": "!isValid(datum.properties.class)"}],
                "mark": {"type": "geoshape", "fill": NO_DATA, "stroke": NO_DATA,
                         "strokeWidth": 0.5},
            },
            {
                "data": {"name": "areas"},
                "transform": [{"filter": "isValid(datum.properties.class)"}],
                # Each fill stroked in its own colour: it closes the hairlines that
                # simplifying neighbours apart leaves, and hides the local authority
                # boundaries inside a partnership.
                "mark": {"type": "geoshape", "strokeWidth": 0.5},
                "encoding": {
                    "fill": {**colour, "legend": {
                        "title": f"{theme.title} per 1,000 residents",
                        "orient": "top-right", "symbolType": "square", "symbolSize": 180,
                        "titleLimit": 220, "labelLimit": 220}},
                    "stroke": {**colour, "legend": None},
                },
            },
            {
                "data": {"name": "outlines"},
                "mark": {"type": "geoshape", "filled": False, "stroke": "white",
                         "strokeWidth": 0.35},
            },
            {
                "data": {"name": "here"},
                "mark": {"type": "geoshape", "filled": False, "stroke": INK,
                         "strokeWidth": 1.6},
            },
            {
                "data": {"name": "label"},
                "mark": {"type": "text", "align": "left", "dx": 5, "dy": 0, "fontSize": 11,
                         "fontWeight": "bold", "stroke": "white", "strokeWidth": 3,
                         "strokeOpacity": 0.9},
                "encoding": {**position, "text": {"field": "text"}},
            },
            {
                "data": {"name": "label"},
                "mark": {"type": "text", "align": "left", "dx": 5, "dy": 0, "fontSize": 11,
                         "fontWeight": "bold", "color": INK},
                "encoding": {**position, "text": {"field": "text"}},
            },
        ],
    }  # fmt: skip
    compared = sum(1 for a in areas if a["properties"]["rate"] is not None)
    grey = sorted(a["properties"]["name"] for a in areas if a["properties"]["class"] == LEFT_OUT)
    return make_chart(
        f"{theme.theme}-partnership-map-rate",
        f"{theme.title} per 1,000 residents by partnership area, England and Wales, "
        f"{result.period.label}",
        notes=_notes(result, theme, compared, grey),
        alt_text=_alt_text(result, theme, compared, len(grey)),
        source=f"{SOURCE}; ONS mid-year population estimates. Boundaries: ONS. {OS_BOUNDARIES}",
        body=body,
        datasets={
            "areas": areas,
            "outlines": outlines,
            "here": [{"type": "Feature", "geometry": here.outline, "properties": {}}],
            "label": [tag],
        },
    )


def _notes(result: Benchmark, theme: ThemeBenchmark, compared: int, grey: list[str]) -> list[str]:
    classes = len(theme.classes.labels)
    text = (
        f"{compared} partnership areas with complete data, in {classes} classes of about equal "
        f"numbers of areas (quintiles of their rates). Outlined: {result.area.name} "
        f"({theme.comparison.rate.value:.2f} per 1,000). Boundaries simplified for a national "
        "map."
    )
    if grey:
        text += (
            f" Grey: {len(grey)} partnership areas left out because their police.uk data "
            f"for {result.period.label} is incomplete"
        )
        if len(grey) <= NAMED_AT_MOST:
            text += f": {', '.join(grey)}."
        else:
            missing = {force for force, _ in result.forces_missing}
            complete = sorted(f.pfa_name for f in read_forces() if f.slug not in missing)
            text += (
                f" (every partnership outside the force areas with complete data: "
                f"{', '.join(complete)})."
            )
    return [text]


def _alt_text(result: Benchmark, theme: ThemeBenchmark, compared: int, grey: int) -> str:
    rates = sorted(theme.rates, key=lambda r: (r.rate.value, r.name))
    text = (
        f"Map of England and Wales with {compared} partnership areas shaded by "
        f"{theme.title.lower()} per 1,000 residents in {result.period.label}. "
        f"{result.area.name}, outlined: {theme.comparison.rate.value:.2f}."
    )
    if rates:
        text += (
            f" Highest: {rates[-1].name} ({rates[-1].rate.value:.2f}); lowest: {rates[0].name} "
            f"({rates[0].rate.value:.2f})."
        )
    if grey:
        text += f" {grey} areas with incomplete data are grey."
    return text
