"""Charts and maps of the strategic assessment, built from the demo workspace's analysis."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

from saferinsight.analysis.choropleth import ward_choropleth
from saferinsight.analysis.results import AreaAnalysis, ThemeAnalysis
from saferinsight.errors import QueryError
from saferinsight.geo.shapes import signed_area, ward_shapes
from saferinsight.reports import charts, maps
from saferinsight.reports.chart import Chart
from saferinsight.store.analysis import ward_boundaries
from saferinsight.workspace import Workspace

Boundaries = list[tuple[str, str, str, str]]
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


@pytest.fixture(scope="module")
def analysis(demo_shropshire: AreaAnalysis) -> AreaAnalysis:
    """Shropshire's 2024/25 analysis of the session's demo workspace."""
    return demo_shropshire


@pytest.fixture(scope="module")
def boundaries(demo: Workspace, analysis: AreaAnalysis) -> Boundaries:
    with demo.reader() as warehouse:
        return ward_boundaries(warehouse, analysis.area.lad_codes)


@pytest.fixture(scope="module")
def asb(analysis: AreaAnalysis) -> ThemeAnalysis:
    return next(t for t in analysis.themes if t.theme.key == "asb")


@pytest.fixture(scope="module")
def every_chart(analysis: AreaAnalysis, asb: ThemeAnalysis, boundaries: Boundaries) -> list[Chart]:
    built = [
        charts.twelve_month_chart(asb),
        charts.spc_chart(asb),
        charts.three_year_chart(asb),
        charts.ward_rank_chart(asb),
        charts.comparison_chart(analysis, "asb"),
        _ward_map(asb, boundaries),
        _ward_map(asb, boundaries, measure="count"),
    ]
    assert all(chart is not None for chart in built)
    return [chart for chart in built if chart is not None]


def _ward_map(theme: ThemeAnalysis, boundaries: Boundaries, measure: str = "rate") -> Chart | None:
    """The ward map as the report pipeline prepares it: shapes and classes, then the drawing."""
    shapes = ward_shapes(boundaries)
    classes = ward_choropleth(theme.ward_counts, [s.code for s in shapes], measure=measure)
    return maps.ward_map(theme, shapes, classes)


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_every_chart_renders_offline_to_svg_without_links(every_chart: list[Chart]) -> None:
    for chart in every_chart:
        svg = chart.svg()
        assert svg.startswith("<svg"), chart.key
        # The only URLs are the two namespace declarations of the root element.
        links = re.findall(r"(?i)https?://[^\s\"'<>)]*", svg)
        assert sorted(links) == sorted(NAMESPACES), chart.key
        root = svg[: svg.index(">")]
        assert 'xmlns="http://www.w3.org/2000/svg"' in root
        assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in root
        # The spec fetches nothing: no url property and no link anywhere in it.
        assert "url" not in {key for key, _ in _walk(chart.spec)}, chart.key
        assert "://" not in json.dumps(chart.spec), chart.key


def test_every_spec_is_valid_vega_lite(every_chart: list[Chart]) -> None:
    path = files("altair") / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    validator = jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))
    for chart in every_chart:
        errors = [error.message[:200] for error in validator.iter_errors(chart.spec)]
        assert errors == [], chart.key


def test_charts_carry_title_period_alt_text_and_source(every_chart: list[Chart]) -> None:
    keys = [chart.key for chart in every_chart]
    assert len(set(keys)) == len(keys)
    for chart in every_chart:
        assert re.search(r"20\d\d", chart.title), chart.title
        assert chart.source.startswith("Source: police.uk street records; Safer Insight")
        assert chart.alt_text.endswith(".")
        assert chart.spec["description"] == chart.alt_text
        # Title, notes and source are the report's text around the drawing, not drawn in it.
        assert "title" not in chart.spec
        svg = chart.svg()
        start = svg.index(">") + 1
        title, desc = html.escape(chart.title), html.escape(chart.alt_text)
        assert svg[start:].startswith(f"<title>{title}</title><desc>{desc}</desc>")
        assert "Source: police.uk" not in svg[start + len(title) + len(desc) :]


def test_svg_is_cached_and_png_renders(every_chart: list[Chart]) -> None:
    chart = every_chart[0]
    assert chart.svg() == chart.svg()
    copy = dataclasses.replace(chart, spec=json.loads(json.dumps(chart.spec)))
    assert copy.svg() == chart.svg()
    png = chart.png(scale=1.0)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(chart.png(scale=2.0)) > len(png)


def test_twelve_month_chart_plots_the_result(asb: ThemeAnalysis) -> None:
    chart = charts.twelve_month_chart(asb)
    assert chart is not None
    assert chart.key == "asb-twelve-months"
    assert chart.title == "Anti-social behaviour incidents by month, 2024/25 against 2023/24"
    rows = chart.spec["datasets"]["months"]
    now = [row for row in rows if row["period"] == "2024/25"]
    before = [row for row in rows if row["period"] == "2023/24"]
    assert [row["count"] for row in now] == [m.count for m in asb.twelve_months]
    assert [row["count"] for row in before] == [m.year_earlier for m in asb.twelve_months]
    names = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    assert [row["month"] for row in now] == names
    x = chart.spec["encoding"]["x"]
    assert x["sort"] == names
    y = chart.spec["encoding"]["y"]
    assert y["title"] == "Incidents per month"
    latest = asb.twelve_months[-1]
    assert f"Mar 2025, there were {latest.count}" in chart.alt_text
    assert f"{asb.current.count:,} incidents in 2024/25" in chart.alt_text


def test_spc_chart_marks_the_special_causes_of_the_result(asb: ThemeAnalysis) -> None:
    chart = charts.spc_chart(asb)
    spc = asb.spc
    assert chart is not None
    assert spc is not None
    rows = chart.spec["datasets"]["points"]
    assert [row["month"] for row in rows] == [p.label for p in spc.points]
    assert [row["value"] for row in rows] == [p.value for p in spc.points]
    assert [row["special_cause"] for row in rows] == [p.special_cause for p in spc.points]
    assert [row["classification"] for row in rows] == [p.classification for p in spc.points]
    assert [(row["upper"], row["centre"], row["lower"]) for row in rows] == [
        (p.upper, p.centre, p.lower) for p in spc.points
    ]
    assert [(row["upper_two_sigma"], row["lower_two_sigma"]) for row in rows] == [
        (p.upper_two_sigma, p.lower_two_sigma) for p in spc.points
    ]
    assert any(row["special_cause"] for row in rows)
    # Colour and shape both follow the class, with a legend; special causes are larger.
    points = chart.spec["layer"][-2]["encoding"]
    assert points["color"]["field"] == points["shape"]["field"] == "signal"
    colours = dict(
        zip(points["color"]["scale"]["domain"], points["color"]["scale"]["range"], strict=True)
    )
    shapes = dict(
        zip(points["shape"]["scale"]["domain"], points["shape"]["scale"]["range"], strict=True)
    )
    assert colours == {
        "Common cause": "#7F7F7F",
        "Special cause: improvement": "#1F77B4",
        "Special cause: concern": "#FF7F0E",
    }
    assert len(set(shapes.values())) == 3
    for row in rows:
        assert (row["size"] > 28) == row["special_cause"]
    notes = " ".join(chart.notes)
    assert "lower is better" in notes
    assert "from all 36 months (Apr 2022 to Mar 2025)" in notes
    assert "7 rising or falling in a row" in notes
    assert f"had {spc.points[-1].value:.0f}" in chart.alt_text
    # The alt text names the signals of the period, as the theme's text does (demo ASB: July
    # 2024 above the upper limit, concern; January and February 2025 low, improvement).
    assert "signals in 2024/25: special cause concern in Jul 2024 (above the upper" in (
        chart.alt_text
    )
    assert "special cause improvement in Jan 2025 and Feb 2025 (two of three" in chart.alt_text


def test_spc_notes_state_a_short_baseline_and_its_warning(asb: ThemeAnalysis) -> None:
    from saferinsight.stats.spc import xmr_chart

    values = [value for _, value in asb.series]
    labels = [label for label, _ in asb.series]
    spc = xmr_chart(values, labels=labels, improvement="decrease", baseline=8)
    chart = charts.spc_chart(dataclasses.replace(asb, spc=spc))
    assert chart is not None
    notes = " ".join(chart.notes)
    assert "from the first 8 months (Apr 2022 to Nov 2022)" in notes
    assert "Limits from 8 points are trial limits" in notes


def test_three_year_chart_plots_the_series_and_yearly_totals(asb: ThemeAnalysis) -> None:
    chart = charts.three_year_chart(asb)
    assert chart is not None
    assert asb.trend is not None
    months = chart.spec["datasets"]["months"]
    assert [(row["month"], row["count"]) for row in months] == list(asb.series)
    assert len(months) == 36
    years = chart.spec["datasets"]["years"]
    assert [row["total"] for row in years] == [year.count for year in asb.three_years]
    assert [row["average"] for row in years] == [year.count / 12 for year in asb.three_years]
    assert [(row["start"], row["end"]) for row in years] == [
        ("2022-04", "2023-03"),
        ("2023-04", "2024-03"),
        ("2024-04", "2025-03"),
    ]
    notes = " ".join(chart.notes)
    assert asb.trend.verdict in notes
    assert f"p = {asb.trend.p_value:.3f}" in notes
    assert f"2024/25 {asb.current.count:,}" in chart.alt_text
    assert f"Mar 2025, had {asb.series[-1][1]}" in chart.alt_text


def test_ward_rank_chart_shows_intervals_and_ranks_that_cannot_be_told_apart(
    asb: ThemeAnalysis,
) -> None:
    chart = charts.ward_rank_chart(asb)
    assert chart is not None
    rows = chart.spec["datasets"]["wards"]
    top = asb.top_wards
    assert [row["count"] for row in rows] == [w.count for w in top]
    assert [(row["lower"], row["upper"]) for row in rows] == [
        (w.count_interval.lower, w.count_interval.upper) for w in top
    ]
    assert rows[0]["group"] == "Highest"
    for row, ward in zip(rows[1:], top[1:], strict=True):
        alike = 1 in ward.indistinguishable_from
        assert (row["group"] == "Cannot be told apart from the highest") == alike
    colour = chart.spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["range"][:2] == ["#1F77B4", "#AEC7E8"]
    assert chart.spec["encoding"]["y"]["sort"] == [row["ward"] for row in rows]
    assert f"{top[0].name} has the most, {top[0].count}" in chart.alt_text


def test_comparison_chart_plots_the_rates_and_highlights_the_area(
    analysis: AreaAnalysis,
) -> None:
    chart = charts.comparison_chart(analysis, "total")
    assert chart is not None
    rows = {row["code"]: row for row in chart.spec["datasets"]["areas"]}
    assert len(rows) == len(analysis.comparison)
    for area in analysis.comparison:
        (_, count, estimate), *_ = [r for r in area.rates if r[0] == "total"]
        assert estimate is not None
        row = rows[area.area.code]
        assert (row["count"], row["rate"]) == (count, estimate.value)
        assert (row["lower"], row["upper"]) == (estimate.interval.lower, estimate.interval.upper)
        highlighted = area.area.code == analysis.area.code
        assert (row["group"] == "Shropshire") == highlighted
    rates = [row["rate"] for row in chart.spec["datasets"]["areas"]]
    assert rates == sorted(rates, reverse=True)
    assert "ONS mid-2022 estimate" in chart.source
    here = rows[analysis.area.code]
    assert f"Shropshire: {here['rate']:.1f} per 1,000" in chart.alt_text
    with pytest.raises(QueryError, match="unknown theme 'nope'"):
        charts.comparison_chart(analysis, "nope")


def test_ward_map_has_one_feature_per_boundary_with_the_counts(
    asb: ThemeAnalysis, boundaries: Boundaries
) -> None:
    # Drop some wards' records, so that the map must show them as 0.
    kept = asb.ward_counts[5:]
    theme = dataclasses.replace(asb, ward_counts=kept)
    chart = _ward_map(theme, boundaries, measure="count")
    assert chart is not None
    features = chart.spec["datasets"]["wards"]
    assert [f["properties"]["code"] for f in features] == [b[0] for b in boundaries]
    counts = {w.code: w.count for w in kept}
    assert [f["properties"]["count"] for f in features] == [counts.get(b[0], 0) for b in boundaries]
    assert [f["properties"]["value"] for f in features] == [
        f["properties"]["count"] for f in features
    ]
    assert sum(1 for f in features if f["properties"]["count"] == 0) >= 5
    assert "(WD22 wards)" in chart.title
    assert f"{asb.current.count:,} incidents in total" in chart.alt_text
    assert "OS data © Crown copyright" in chart.source
    for feature in features:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            assert signed_area(polygon[0]) < 0  # exterior clockwise, as Vega needs
            for x, y in polygon[0]:
                assert round(x, 5) == x
                assert round(y, 5) == y


def test_ward_map_of_rates_uses_ward_count_rates(
    asb: ThemeAnalysis, boundaries: Boundaries
) -> None:
    chart = _ward_map(asb, boundaries)
    assert chart is not None
    values = {
        f["properties"]["code"]: f["properties"]["value"] for f in chart.spec["datasets"]["wards"]
    }
    for ward in asb.ward_counts:
        assert ward.rate is not None
        assert values[ward.code] == ward.rate.value
    assert "per 1,000 residents" in chart.title
    assert "Census 2021" in chart.source
    svg = chart.svg()
    assert len(svg.encode("utf-8")) < 1_500_000
    assert svg.count("<path") >= len(boundaries)


def test_ward_map_draws_the_classes_it_is_given(asb: ThemeAnalysis, boundaries: Boundaries) -> None:
    shapes = ward_shapes(boundaries)
    classes = ward_choropleth(asb.ward_counts, [s.code for s in shapes])
    chart = maps.ward_map(asb, shapes, classes)
    assert chart is not None
    layer = chart.spec["layer"][1]["encoding"]["color"]
    assert layer["scale"]["domain"] == list(classes.labels)
    assert len(classes.labels) == 5
    for feature in chart.spec["datasets"]["wards"]:
        properties = feature["properties"]
        assert properties.get("class") == classes.label(properties["code"])
    # Other classes (say, computed elsewhere) are drawn as given: the map does not classify.
    fewer = dataclasses.replace(
        classes,
        labels=("low", "high"),
        classes=tuple(None if c is None else min(c, 1) for c in classes.classes),
    )
    redrawn = maps.ward_map(asb, shapes, fewer)
    assert redrawn is not None
    assert redrawn.spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == ["low", "high"]


def test_ward_map_without_rates_shows_the_wards_in_grey(
    asb: ThemeAnalysis, boundaries: Boundaries
) -> None:
    no_rates = tuple(dataclasses.replace(w, rate=None) for w in asb.ward_counts)
    chart = _ward_map(dataclasses.replace(asb, ward_counts=no_rates), boundaries)
    assert chart is not None
    with_records = {w.code for w in asb.ward_counts}
    for feature in chart.spec["datasets"]["wards"]:
        properties = feature["properties"]
        assert (properties["value"] is None) == (properties["code"] in with_records)
    assert "without a population figure" in " ".join(chart.notes)
    with pytest.raises(QueryError, match="unknown map measure"):
        _ward_map(asb, boundaries, measure="density")


@pytest.mark.parametrize(
    ("build", "change"),
    [
        (charts.twelve_month_chart, {"twelve_months": ()}),
        (charts.spc_chart, {"spc": None}),
        (charts.three_year_chart, {"series": ()}),
        (charts.three_year_chart, {"series": (("2025-03", 4),)}),
        (charts.ward_rank_chart, {"top_wards": ()}),
    ],
)
def test_too_little_data_gives_no_chart(
    asb: ThemeAnalysis, build: Callable[[ThemeAnalysis], Chart | None], change: dict[str, Any]
) -> None:
    assert build(dataclasses.replace(asb, **change)) is None


def test_no_comparison_areas_or_boundaries_gives_no_chart(
    analysis: AreaAnalysis, asb: ThemeAnalysis
) -> None:
    assert charts.comparison_chart(dataclasses.replace(analysis, comparison=()), "asb") is None
    alone = dataclasses.replace(analysis, comparison=analysis.comparison[:1])
    assert charts.comparison_chart(alone, "asb") is None
    assert _ward_map(asb, []) is None


def test_a_partial_year_earlier_leaves_gaps(asb: ThemeAnalysis) -> None:
    pairs = tuple(
        dataclasses.replace(m, year_earlier=None) if i < 3 else m
        for i, m in enumerate(asb.twelve_months)
    )
    chart = charts.twelve_month_chart(dataclasses.replace(asb, twelve_months=pairs))
    assert chart is not None
    before = [r for r in chart.spec["datasets"]["months"] if r["period"] == "2023/24"]
    assert [r["month"] for r in before][:2] == ["Jul", "Aug"]
    assert chart.svg().startswith("<svg")
