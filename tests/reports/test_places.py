"""The places section of the strategic assessment on the real West Mercia files (January to
March 2024): its tables against the library's results, its maps' classes and labels, the ward
outlines against a hand-made case, and the public edition."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from saferinsight.analysis.hotspots import find_hotspots
from saferinsight.analysis.places import REPORT_THEMES, find_repeat_locations, places_in
from saferinsight.core.periods import parse_period
from saferinsight.geo.areas import AreaResolver
from saferinsight.geo.national import national_boundaries
from saferinsight.reports.document import Paragraph, Table
from saferinsight.reports.edition import Edition
from saferinsight.reports.places import (
    CLASS_COLOURS,
    PlacesReport,
    _collide,
    _place_labels,
    _ward_edges,
    hotspot_map,
    map_class,
    places_section,
    prepare_places,
)
from saferinsight.workspace import Workspace

PERIOD = "2024-01..2024-03"


@pytest.fixture(scope="module")
def places(loaded_template: Path) -> PlacesReport:
    workspace = Workspace(loaded_template)
    with workspace.reader() as con:
        area = AreaResolver(con).resolve("Shropshire")
        summary = places_in(con, area, parse_period(PERIOD))
    assert summary is not None
    return prepare_places(summary, national_boundaries("ward", area.lad_codes))


def test_tables_equal_the_library_results(places: PlacesReport, loaded_template: Path) -> None:
    workspace = Workspace(loaded_template)
    section = places_section(places, Edition(public=False))
    tables = [b for b in section.blocks if isinstance(b, Table)]
    hotspot_table, repeat_table = tables
    expected = find_hotspots(workspace, "Shropshire", period=PERIOD, permutations=0)
    hot = [p for p in expected.places if p.label == "hotspot"]
    assert hot  # the county town's centre
    assert [row[0] for row in hotspot_table.rows] == [p.name for p in hot][:15]
    assert [row[2] for row in hotspot_table.rows] == [f"{p.count:,}" for p in hot][:15]
    rows = []
    for key in REPORT_THEMES:
        result = find_repeat_locations(workspace, "Shropshire", period=PERIOD, theme=key, top=5)
        rows += [
            (result.theme.title, str(loc.rank), loc.location, f"{loc.records:,}")
            for loc in result.locations
        ]
    assert [(r[0], r[1], r[2], r[4]) for r in repeat_table.rows] == rows
    assert all(row[2].startswith("On or near ") for row in repeat_table.rows)
    assert "never the exact location" in repeat_table.notes[0]


def test_public_edition_prints_open_data_and_withholds_confidential(
    places: PlacesReport,
) -> None:
    full = places_section(places, Edition(public=False))
    public = places_section(places, Edition(public=True))
    full_tables = [b for b in full.blocks if isinstance(b, Table)]
    public_tables = [b for b in public.blocks if isinstance(b, Table)]
    # police.uk street records are open data: the same counts in both editions.
    for a, b in zip(full_tables, public_tables, strict=True):
        assert [_plain(r) for r in a.rows] == [_plain(r) for r in b.rows]
    repeats = places.summary.repeats
    secret = dataclasses.replace(repeats[0], open_data=False)
    withheld = dataclasses.replace(
        places, summary=dataclasses.replace(places.summary, repeats=(secret, *repeats[1:]))
    )
    section = places_section(withheld, Edition(public=True))
    table = [b for b in section.blocks if isinstance(b, Table)][-1]
    assert secret.theme.title not in {row[0] for row in table.rows}
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert any("withheld from the public edition: Burglary" in n for n in notes)
    full_rows = list(places_section(withheld, Edition(public=False)).blocks)[-1]
    assert isinstance(full_rows, Table)
    assert secret.theme.title in {row[0] for row in full_rows.rows}


def _plain(row: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("".join(ch for ch in cell if ch.isprintable()) for cell in row)


def test_maps_classes_inset_and_labels(places: PlacesReport) -> None:
    hotspots = places.summary.hotspots
    area_map = hotspot_map(places, inset=False)
    lsoas = area_map.spec["datasets"]["lsoas"]
    assert len(lsoas) == len(hotspots.places) == 198
    expected = {p.key: map_class(p.label, p.over_time) for p in hotspots.places}
    assert {f["properties"]["code"]: f["properties"]["class"] for f in lsoas} == expected
    assert set(expected.values()) <= set(CLASS_COLOURS)
    # Shrewsbury: an inset around the busiest LSOA, its wards numbered there only.
    assert places.inset is not None
    inset = hotspot_map(places, inset=True)
    assert "Quarry and Coton Hill" in inset.title
    on_inset = [w for w in places.labels if w.in_inset]
    assert 5 <= len(on_inset) <= 30
    assert {d["n"] for d in inset.spec["datasets"]["labels"]} == {w.number for w in on_inset}
    assert len(area_map.spec["datasets"]["labels"]) == 63 - len(on_inset)
    assert "frame" in area_map.spec["datasets"]
    json.dumps(area_map.spec, allow_nan=False)
    assert area_map.svg().startswith("<svg")


def test_labels_are_moved_off_each_other(places: PlacesReport) -> None:
    labels = [w for w in places.labels if not w.in_inset]
    crowded = [dataclasses.replace(w, longitude=-2.75, latitude=52.7) for w in labels[:6]]
    bounds = (-3.0, 52.5, -2.5, 52.9)
    placed = _place_labels(crowded, bounds, 400)
    assert len({(w.longitude, w.latitude) for w in placed}) == 6
    scale = min(460 / (0.5 * 0.6052), 400 / 0.4)  # cos(52.7 degrees) = 0.6052
    boxes = [
        (
            (w.longitude + 3.0) * 0.6052 * scale - 4,
            (52.9 - w.latitude) * scale - 4.4,
            (w.longitude + 3.0) * 0.6052 * scale + 4,
            (52.9 - w.latitude) * scale + 4.4,
        )
        for w in placed
    ]
    assert not any(_collide(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_ward_outlines_are_the_edges_between_wards() -> None:
    def square(x: int) -> str:
        ring = [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]
        return json.dumps({"type": "Polygon", "coordinates": [ring]})

    texts = {"A": square(0), "B": square(1)}
    same = _ward_edges(texts, {"A": ("W1", "One"), "B": ("W1", "One")})
    apart = _ward_edges(texts, {"A": ("W1", "One"), "B": ("W2", "Two")})
    shared = ((1, 0), (1, 1))
    assert shared not in same
    assert shared in apart
    assert len(same) == 6  # the outer edges of the two squares
    assert len(apart) == 7
