"""The strategic assessment's places section: where crime concentrates.

- a map of the LSOA hotspot classes (Getis-Ord Gi*, classified over the quarters) with the
  ward boundaries numbered (a key lists the wards), and an inset of the busiest town, where
  the county map's urban wards are too small to read;
- a table of the LSOA hotspots;
- a table of the repeat locations (police.uk snap points with most records) of several themes.

:func:`prepare_places` turns the figures (:class:`saferinsight.analysis.places.PlacesSummary`)
and boundaries into what the section draws; :func:`places_section` lays it out. police.uk
street records are open data, printed exactly in every edition; a public edition withholds the
repeat locations of data that is not open.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from saferinsight.analysis.formatting import format_count
from saferinsight.analysis.places import SNAP_POINT_NOTE, PlacesSummary, RepeatLocations
from saferinsight.geo.shapes import exterior_bounds, signed_area
from saferinsight.reference import OS_BOUNDARIES
from saferinsight.reports.chart import SOURCE, Chart, make_chart
from saferinsight.reports.document import Block, Paragraph, Section, Table
from saferinsight.reports.edition import Edition

if TYPE_CHECKING:
    from saferinsight.analysis.results import AreaAnalysis
    from saferinsight.store.warehouse import Warehouse

__all__ = ["CLASS_COLOURS", "PlacesReport", "places_report", "places_section", "prepare_places"]

#: Map classes, in legend order, and their colours (red hot, blue cold, as sfhotspot).
CLASS_COLOURS = {
    "persistent hotspot": "#B2182B",
    "emerging hotspot": "#EF6548",
    "intermittent hotspot": "#FDAE6B",
    "former hotspot": "#FDD0A2",
    "hotspot (whole period)": "#D6604D",
    "persistent coldspot": "#2166AC",
    "emerging coldspot": "#4393C3",
    "intermittent coldspot": "#92C5DE",
    "former coldspot": "#D1E5F0",
    "coldspot (whole period)": "#6BAED6",
    "no pattern": "#F0F0F0",
}
#: Grid steps the maps' shapes are snapped to, in degrees: about 40 m on the area map (a
#: fraction of a pixel at county scale) and 8 m on the inset.
STEP, INSET_STEP = 0.0005, 0.0001
MAP_WIDTH = 460
#: Half the side of the inset around the busiest LSOA, in metres.
INSET_HALF_SIDE = 3_500
#: An inset is drawn when the area is at least this many times as wide (or tall) as the inset.
INSET_RATIO = 4
HOTSPOT_ROWS = 15


@dataclass(frozen=True)
class WardLabel:
    """A ward's number on the maps (its place in the key) and where it is drawn."""

    number: int
    code: str
    name: str
    longitude: float
    latitude: float
    in_inset: bool


@dataclass(frozen=True)
class PlacesReport:
    """What the places section draws.

    Attributes
    ----------
    summary
        The figures (:func:`saferinsight.analysis.places.places_in`).
    lsoas, wards
        GeoJSON features of the area's LSOAs (with ``code``, ``name``, ``class``) and wards
        (``code``, ``name``), simplified for drawing.
    labels
        The wards' numbers and label points, by ward name.
    inset
        ``(west, south, east, north)`` of the inset in degrees, ``None`` without one.
    inset_centre
        The ward of the busiest LSOA the inset is centred on.
    texts
        The GeoJSON text of each LSOA and ward by code (the inset draws them in more detail).
    outlines, inset_outlines
        The ward outlines drawn on the area map and the inset: the LSOA edges between the
        LSOAs' best-fit wards (:func:`_ward_edges`), at each map's detail.
    """

    summary: PlacesSummary
    lsoas: tuple[Mapping[str, Any], ...] = field(hash=False)
    wards: tuple[Mapping[str, Any], ...] = field(hash=False)
    labels: tuple[WardLabel, ...]
    inset: tuple[float, float, float, float] | None
    inset_centre: str
    texts: Mapping[str, str] = field(hash=False, default_factory=dict)
    outlines: tuple[Mapping[str, Any], ...] = field(hash=False, default=())
    inset_outlines: tuple[Mapping[str, Any], ...] = field(hash=False, default=())


def prepare_places(
    summary: PlacesSummary, ward_boundaries: Sequence[tuple[str, str, str, str]]
) -> PlacesReport:
    """The places section's shapes, classes, labels and inset, from the figures and the ward
    boundaries (``(code, name, version, GeoJSON)``, as the ward maps take them).

    The LSOA boundaries are the shipped national ones
    (:func:`saferinsight.geo.national.national_boundaries`).
    """
    from saferinsight.geo.national import national_boundaries

    hotspots = summary.hotspots
    places = {place.key: place for place in hotspots.places}
    lsoas: list[dict[str, Any]] = []
    texts = {code: text for code, _, _, text in ward_boundaries}
    for code, name, _, text in national_boundaries("lsoa", hotspots.area.lad_codes):
        place = places.get(code)
        if place is None:
            continue
        properties = {"code": code, "name": name, "class": map_class(place.label, place.over_time)}
        texts[code] = text
        lsoas.append(
            {"type": "Feature", "geometry": _prepare(text, STEP), "properties": properties}
        )
    wards: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": _prepare(text, STEP),
            "properties": {"code": code, "name": name},
        }
        for code, name, _, text in ward_boundaries
    ]
    lsoa_texts = {code: texts[code] for code in (f["properties"]["code"] for f in lsoas)}
    edges = _ward_edges(lsoa_texts, summary.lsoa_wards)
    inset, centre = _inset(summary, lsoas)
    labels = []
    for number, ward in enumerate(sorted(wards, key=lambda w: w["properties"]["name"]), 1):
        lon, lat = _label_point(ward["geometry"])
        inside = inset is not None and inset[0] <= lon <= inset[2] and inset[1] <= lat <= inset[3]
        code, name = ward["properties"]["code"], ward["properties"]["name"]
        labels.append(WardLabel(number, code, name, lon, lat, inside))
    main_bounds = exterior_bounds(f["geometry"] for f in lsoas)
    placed = _place_labels([w for w in labels if not w.in_inset], main_bounds, _height(lsoas))
    if inset is not None:
        placed += _place_labels([w for w in labels if w.in_inset], inset, _box_height(inset))
    labels = sorted(placed, key=lambda w: w.number)
    return PlacesReport(
        summary,
        tuple(lsoas),
        tuple(wards),
        tuple(labels),
        inset,
        centre,
        MappingProxyType(texts),
        (_outline(edges, STEP),),
        (_outline(edges, INSET_STEP),) if inset is not None else (),
    )


Edge = tuple[tuple[float, float], tuple[float, float]]


def _ward_edges(lsoa_texts: Mapping[str, str], wards: Mapping[str, tuple[str, str]]) -> list[Edge]:
    """The edges of the LSOAs that bound their best-fit wards: those on the area's edge or
    between LSOAs of two wards (shared edges are vertex-identical in the shipped layer). The
    ward outlines drawn are these, so wards and LSOAs line up on the map exactly."""
    seen: dict[Edge, set[str]] = {}
    count: dict[Edge, int] = {}
    for code, text in lsoa_texts.items():
        ward = wards.get(code, ("", ""))[0]
        geometry = json.loads(text)
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            for ring in polygon:
                points = [(round(p[0], 5), round(p[1], 5)) for p in ring]
                for a, b in itertools.pairwise(points):
                    if a == b:
                        continue
                    key = (a, b) if a < b else (b, a)
                    seen.setdefault(key, set()).add(ward)
                    count[key] = count.get(key, 0) + 1
    return sorted(key for key, found in seen.items() if count[key] == 1 or len(found) > 1)


def _outline(edges: Sequence[Edge], step: float) -> dict[str, Any]:
    """The edges as one MultiLineString feature, snapped to ``step`` degrees (edges that
    snapping shrinks to a point, and repeats, dropped)."""
    if not edges:
        return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString",
                "coordinates": []}}  # fmt: skip
    array = np.round(np.asarray(edges, dtype=np.float64) / step) * step
    array = np.round(array, 5)
    keep = np.any(array[:, 0] != array[:, 1], axis=1)
    lines = sorted({(tuple(a), tuple(b)) for a, b in array[keep].tolist()})
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "MultiLineString",
            "coordinates": [[list(a), list(b)] for a, b in lines],
        },
    }


def map_class(label: str, over_time: str | None) -> str:
    """The map class of an LSOA: its class over the periods, or its whole-period result.

    >>> map_class("hotspot", "persistent hotspot"), map_class("hotspot", "no pattern")
    ('persistent hotspot', 'hotspot (whole period)')
    >>> map_class("not significant", None)
    'no pattern'
    """
    if over_time is not None and over_time != "no pattern":
        return over_time
    if label in ("hotspot", "coldspot"):
        return f"{label} (whole period)"
    return "no pattern"


def places_section(places: PlacesReport, edition: Edition, *, tables: bool = True) -> Section:
    """The places section: hotspot map and inset, ward key, and (unless ``tables`` is false:
    the strategic assessment prints them in :func:`places_appendix`) the hotspot table and
    the repeat locations."""
    police = edition.open()  # police.uk street records are open data
    hotspots = places.summary.hotspots
    area, period = hotspots.area.name, hotspots.period.label
    hot = [p for p in hotspots.places if p.label == "hotspot"]
    classes = _class_counts(places)
    blocks: list[Block] = [
        Paragraph(
            police.other(
                f"The crimes in and around each of the {len(hotspots.places)} small areas "
                f"(LSOAs) of {area} are compared with the area as a whole "
                f"({format_count(hotspots.records)} police.uk street crimes, {period}). "
                f"{len(hot)} LSOAs are hotspots over the period: more crime gathers in and "
                "around them than chance explains, allowing for the number of places tested. "
                + (
                    f"Over the {len(hotspots.periods)} quarters: "
                    + "; ".join(_plural(n, name) for name, n in classes if name != "no pattern")
                    + "."
                    if hotspots.periods
                    else ""
                )
            )
        )
    ]
    chart = hotspot_map(places, inset=False)
    blocks.append(police.figure(chart))
    if places.inset is not None:
        blocks.append(police.figure(hotspot_map(places, inset=True)))
    blocks.append(
        Paragraph(
            police.other(
                "Ward key: " + "; ".join(f"{w.number} {w.name}" for w in places.labels) + "."
            ),
            style="note",
        )
    )
    if not tables:
        return Section("Places: hotspots", "places", tuple(blocks))
    blocks.append(_hotspot_table(places, police))
    blocks += _repeat_tables(places.summary.repeats, edition)
    return Section("Places: hotspots and repeat locations", "places", tuple(blocks))


def places_appendix(places: PlacesReport, edition: Edition) -> Section:
    """The hotspot table and the repeat locations by theme, as an appendix of the strategic
    assessment."""
    blocks: list[Block] = [_hotspot_table(places, edition.open())]
    if places.summary.repeats:
        blocks += _repeat_tables(places.summary.repeats, edition)
    return Section(
        "Hotspots and repeat locations", "repeat-locations", tuple(blocks), appendix=True
    )


def hotspot_map(places: PlacesReport, *, inset: bool) -> Chart:
    """The LSOA hotspot classes with numbered ward outlines: the whole area (with the inset's
    frame) or the inset."""
    hotspots = places.summary.hotspots
    lsoas, wards = list(places.lsoas), list(places.outlines)
    labels = [w for w in places.labels if w.in_inset == inset]
    box = places.inset
    projection: dict[str, Any] = {"type": "mercator"}
    if inset and box is not None:
        lsoas = [_detailed(f, places.texts) for f in lsoas if _overlaps(f["geometry"], box)]
        wards = list(places.inset_outlines)
        projection["fit"] = _box_feature(box)  # the frame, not the LSOAs that cross it
    used = [c for c in CLASS_COLOURS if any(f["properties"]["class"] == c for f in lsoas)]
    layers: list[dict[str, Any]] = [
        {
            "data": {"name": "lsoas"},
            "mark": {"type": "geoshape", "stroke": "#BDBDBD", "strokeWidth": 0.3, "clip": True},
            "encoding": {
                "color": {
                    "field": "properties.class",
                    "type": "nominal",
                    "scale": {"domain": used, "range": [CLASS_COLOURS[c] for c in used]},
                    "legend": {
                        "title": "LSOA class",
                        "orient": "right",
                        "symbolType": "square",
                        "labelLimit": 160,
                    },
                }
            },
        },
        {
            "data": {"name": "wards"},
            "mark": {
                "type": "geoshape",
                "filled": False,
                "stroke": "#333333",
                "strokeWidth": 0.9 if inset else 0.6,
                "clip": True,
            },
        },
        {
            "data": {"name": "labels"},
            "mark": {
                "type": "text",
                "fontSize": 10 if inset else 8,
                "fontWeight": "bold",
                "stroke": "white",
                "strokeWidth": 2.5,
                "strokeOpacity": 0.9,
            },
            "encoding": _label_encoding(),
        },
        {
            "data": {"name": "labels"},
            "mark": {
                "type": "text",
                "fontSize": 10 if inset else 8,
                "fontWeight": "bold",
                "color": "#111111",
            },
            "encoding": _label_encoding(),
        },
    ]
    datasets: dict[str, Any] = {
        "lsoas": lsoas,
        "wards": wards,
        "labels": [{"n": w.number, "lon": w.longitude, "lat": w.latitude} for w in labels],
    }
    if not inset and box is not None:
        datasets["frame"] = [_box_feature(box)]
        layers.append(
            {
                "data": {"name": "frame"},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": "#000000",
                    "strokeWidth": 1.5,
                    "strokeDash": [4, 2],
                },
            }
        )
    period = hotspots.period.label
    where = f"around {places.inset_centre}" if inset else hotspots.area.name
    title = (
        f"Inset: LSOA hotspots {where}, {period}"
        if inset
        else f"LSOA hotspots of all crime by class, {hotspots.area.name}, {period}"
    )
    notes = [_map_note(places, inset, len(lsoas), len(labels))]
    return make_chart(
        f"places-hotspot-map{'-inset' if inset else ''}",
        title,
        notes=notes,
        alt_text=_alt_text(places, lsoas, inset),
        source=f"{SOURCE}. Boundaries: ONS (2021 LSOAs, 2023 wards). {OS_BOUNDARIES}",
        body={
            "width": MAP_WIDTH,
            "height": _height(lsoas) if not inset or box is None else _box_height(box),
            "projection": projection,
            "layer": layers,
        },
        datasets=datasets,
    )


def _detailed(feature: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    text = texts.get(feature["properties"]["code"])
    geometry = feature["geometry"] if text is None else _prepare(text, INSET_STEP)
    return {**feature, "geometry": geometry}


def _box_feature(box: tuple[float, float, float, float]) -> dict[str, Any]:
    west, south, east, north = box
    ring = [[west, south], [west, north], [east, north], [east, south], [west, south]]
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _box_height(box: tuple[float, float, float, float]) -> int:
    west, south, east, north = box
    wide = (east - west) * math.cos(math.radians((south + north) / 2))
    return int(min(620, max(240, MAP_WIDTH * (north - south) / wide))) if wide > 0 else 300


def _label_encoding() -> dict[str, Any]:
    return {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "text": {"field": "n", "type": "nominal"},
    }


def _map_note(places: PlacesReport, inset: bool, lsoas: int, labels: int) -> str:
    hotspots = places.summary.hotspots
    over = (
        f"Classes over the {len(hotspots.periods)} quarters (Gi* in each, Holm-adjusted, alpha "
        "0.05): persistent in at least 80% of quarters, emerging only in the latest, former "
        "only before it, intermittent otherwise; 'whole period' LSOAs are significant over "
        "the period but in too few quarters to class. "
        if hotspots.periods
        else "Gi* over the whole period, Holm-adjusted, alpha 0.05. "
    )
    if inset:
        return (
            f"{lsoas} LSOAs within the frame on the area map, centred on the busiest LSOA's "
            f"ward ({places.inset_centre}). Numbers: wards, as in the key. " + over
        )
    frame = (
        " The dashed frame is the inset's area; its wards are numbered on the inset."
        if places.inset is not None
        else ""
    )
    return (
        f"{lsoas} LSOAs shaded by hotspot class; ward boundaries drawn and numbered "
        f"({labels} wards here; the key follows the maps).{frame} " + over
    )


def _alt_text(places: PlacesReport, lsoas: Sequence[Mapping[str, Any]], inset: bool) -> str:
    counts: dict[str, int] = {}
    for feature in lsoas:
        name = feature["properties"]["class"]
        counts[name] = counts.get(name, 0) + 1
    shown = "; ".join(f"{counts[c]} {c}" for c in CLASS_COLOURS if c in counts)
    where = f"the inset around {places.inset_centre}" if inset else "the area"
    return f"Map of {len(lsoas)} LSOAs of {where} by hotspot class: {shown}."


def _class_counts(places: PlacesReport) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for feature in places.lsoas:
        name = feature["properties"]["class"]
        counts[name] = counts.get(name, 0) + 1
    return [(c, counts[c]) for c in CLASS_COLOURS if c in counts]


def _hotspot_table(places: PlacesReport, police: Edition) -> Table:
    hotspots = places.summary.hotspots
    wards = places.summary.lsoa_wards
    numbers = {w.code: w.number for w in places.labels}
    hot = [p for p in hotspots.places if p.label == "hotspot"][:HOTSPOT_ROWS]
    rows = []
    for place in hot:
        ward_code, ward_name = wards.get(place.key, ("", ""))
        number = numbers.get(ward_code)
        rows.append(
            (
                place.name,
                f"{ward_name} ({police.other(str(number))})" if number else ward_name,
                police.count(place.count),
                police.other(f"{place.z:.2f}"),
                police.other(_p(place.p_adjusted)),
                map_class(place.label, place.over_time),
            )
        )
    total = sum(1 for p in hotspots.places if p.label == "hotspot")
    return Table(
        caption=(
            f"LSOA hotspots of all crime, {hotspots.period.label}"
            + (f" (the {len(hot)} highest of {total})" if total > len(hot) else "")
        ),
        header=("LSOA", "Ward (key)", "Crimes", "Gi* z", "Adjusted p", "Class over quarters"),
        rows=tuple(rows),
        numeric=(False, False, True, True, True, False),
        notes=(
            police.other(
                f"Gi* on counts with queen contiguity of the {len(hotspots.places)} LSOAs; "
                "two-sided normal p-values adjusted by Holm across the LSOAs tested. Ward: the "
                "LSOA's best-fit 2023 ward. Counts are used, not rates: all crime happens where "
                "people go as well as where they live."
            ),
        ),
    )


def _repeat_tables(repeats: Sequence[RepeatLocations], edition: Edition) -> list[Block]:
    blocks: list[Block] = []
    withheld = [r.theme.title for r in repeats if edition.public and not r.open_data]
    rows = []
    for result in repeats:
        if result.theme.title in withheld:
            continue
        data = edition.open() if result.open_data else edition
        for location in result.locations:
            rows.append(
                (
                    result.theme.title,
                    data.other(str(location.rank)),
                    location.location,
                    location.lsoa_name,
                    data.count(location.records),
                    data.other(f"{location.share * 100:.1f}%"),
                )
            )
    period = repeats[0].period.label if repeats else ""
    blocks.append(
        Table(
            caption=f"Repeat locations: the snap points with most records by theme, {period}",
            header=("Theme", "Rank", "Map point (anonymised)", "LSOA", "Records", "Share"),
            rows=tuple(rows),
            numeric=(False, True, False, False, True, True),
            notes=(
                edition.open().other(
                    SNAP_POINT_NOTE + " Share: of the theme's located records in the area."
                ),
            ),
        )
    )
    if withheld:
        blocks.append(
            Paragraph(
                "Repeat locations of confidential data are withheld from the public edition: "
                + ", ".join(withheld)
                + ".",
                style="note",
            )
        )
    return blocks


def _plural(n: int, name: str) -> str:
    """``"2 former hotspots"``, ``"1 hotspot (whole period)"``.

    >>> _plural(2, "hotspot (whole period)"), _plural(1, "emerging coldspot")
    ('2 hotspots (whole period)', '1 emerging coldspot')
    """
    if n == 1:
        return f"{n} {name}"
    head, _, tail = name.partition(" (")
    return f"{n} {head}s" + (f" ({tail}" if tail else "")


def _p(value: float) -> str:
    if math.isnan(value):
        return "-"
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


@functools.lru_cache(maxsize=16384)
def _prepare(text: str, step: float) -> dict[str, Any]:
    """A geometry snapped to a grid of ``step`` degrees (consecutive repeats dropped) and
    wound for Vega (clockwise exteriors).

    Snapping is simplification enough for a map: a step well below a pixel changes nothing
    visible, costs nothing to compute, and keeps the drawing's spec small. Cached by the text
    and step (both editions draw the same shapes); callers must not modify the result.
    """
    geometry = json.loads(text)
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    result = []
    for polygon in polygons:
        rings = []
        for index, ring in enumerate(polygon):
            snapped = np.round(np.asarray(ring, dtype=np.float64)[:, :2] / step) * step
            moved = np.any(snapped[1:] != snapped[:-1], axis=1)
            points = np.round(snapped[np.concatenate([[True], moved])], 5).tolist()
            area = signed_area(points)
            if (index == 0 and area > 0) or (index > 0 and area < 0):
                points.reverse()
            if len(points) >= 4:
                rings.append(points)
            elif index == 0:
                break
        if rings:
            result.append(rings)
    return {"type": "MultiPolygon", "coordinates": result}


#: Where a label may go if its ward's centre is taken, in pixels (right, down): the centre
#: first, then above, below, left, right, the corners and further out.
NUDGES = ((0, 0), (0, -9), (0, 9), (-12, 0), (12, 0), (-12, -9), (12, -9), (-12, 9), (12, 9),
          (0, -18), (0, 18), (-24, 0), (24, 0))  # fmt: skip


def _place_labels(
    labels: Sequence[WardLabel],
    bounds: tuple[float, float, float, float] | None,
    height: int,
    font: float = 8.0,
) -> list[WardLabel]:
    """Labels moved off each other: each, in key order, at the first of :data:`NUDGES` from
    its ward's centre where its box (at the map's scale) overlaps no label placed before."""
    if bounds is None or not labels:
        return list(labels)
    west, south, east, north = bounds
    cos = math.cos(math.radians((south + north) / 2))
    scale = min(MAP_WIDTH / max((east - west) * cos, 1e-9), height / max(north - south, 1e-9))
    boxes: list[tuple[float, float, float, float]] = []
    result = []
    for label in labels:
        x = (label.longitude - west) * cos * scale
        y = (north - label.latitude) * scale
        half_w, half_h = 0.3 * font * len(str(label.number)) + 1.5, 0.55 * font
        for dx, dy in NUDGES:
            box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
            if not any(_collide(box, other) for other in boxes):
                break
        else:
            dx, dy = 0, 0
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
        boxes.append(box)
        lon = label.longitude + dx / (cos * scale)
        lat = label.latitude - dy / scale
        result.append(dataclasses.replace(label, longitude=round(lon, 5), latitude=round(lat, 5)))
    return result


def _collide(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_point(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """The area-weighted centroid of a geometry's largest exterior ring."""
    rings = [polygon[0] for polygon in geometry["coordinates"]]
    ring = max(rings, key=lambda r: abs(signed_area(r)))
    area = signed_area(ring)
    if area == 0:
        return ring[0][0], ring[0][1]
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return round(cx / (6 * area), 5), round(cy / (6 * area), 5)


def _inset(
    summary: PlacesSummary, lsoas: Sequence[Mapping[str, Any]]
) -> tuple[tuple[float, float, float, float] | None, str]:
    """The inset's box: the LSOAs within :data:`INSET_HALF_SIDE` of the LSOA with most
    records (east and north), when the area is :data:`INSET_RATIO` times as wide or tall (a
    county, whose towns' wards are specks on its map; not a compact urban area)."""
    places = summary.hotspots.places
    if not places or not lsoas:
        return None, ""
    busiest = max(places, key=lambda p: (p.count, p.key))
    near = {
        p.key
        for p in places
        if abs(p.easting - busiest.easting) <= INSET_HALF_SIDE
        and abs(p.northing - busiest.northing) <= INSET_HALF_SIDE
    }
    eastings = [p.easting for p in places]
    northings = [p.northing for p in places]
    extent = max(max(eastings) - min(eastings), max(northings) - min(northings))
    if extent < INSET_RATIO * 2 * INSET_HALF_SIDE:  # a compact area: the main map is enough
        return None, ""
    bounds = exterior_bounds(f["geometry"] for f in lsoas if f["properties"]["code"] in near)
    ward = summary.lsoa_wards.get(busiest.key, ("", busiest.name))[1]
    return bounds, ward


def _overlaps(geometry: Mapping[str, Any], box: tuple[float, float, float, float]) -> bool:
    bounds = exterior_bounds([geometry])
    if bounds is None:
        return False
    west, south, east, north = bounds
    return west <= box[2] and east >= box[0] and south <= box[3] and north >= box[1]


def _height(features: Sequence[Mapping[str, Any]]) -> int:
    bounds = exterior_bounds(f["geometry"] for f in features)
    if bounds is None:
        return 300
    west, south, east, north = bounds
    wide = (east - west) * math.cos(math.radians((south + north) / 2))
    ratio = (north - south) / wide if wide > 0 else 1.0
    return int(min(620, max(240, MAP_WIDTH * ratio)))


def places_report(
    con: Warehouse, analysis: AreaAnalysis, ward_boundaries: Sequence[tuple[str, str, str, str]]
) -> PlacesReport | None:
    """The places section of an area's analysis, from an open warehouse: ``None`` when the
    area has none (:func:`saferinsight.analysis.places.places_in`)."""
    from saferinsight.analysis.places import places_in

    summary = places_in(con, analysis.area, analysis.period)
    return None if summary is None else prepare_places(summary, ward_boundaries)
