"""Values that pass the police.uk scan's types but are not data (issue 14, values that pass
validation but should not): coordinates out of range, NaN or infinity, and NUL characters in
text. Each row is rejected at its line with column, value and fix; the rest of the file loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferinsight.generate.fixtures import street_row, write_police_csv
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.store import police as store_police
from saferinsight.workspace import Workspace

NAME = "2024-01-west-mercia-street.csv"


def _row(**values: str) -> list[str]:
    row = street_row(month="2024-01")
    if "crime_id" in values:
        row[0] = values["crime_id"]
    row[4] = values.get("longitude", row[4])
    row[5] = values.get("latitude", row[5])
    row[6] = values.get("location", row[6])
    return row


@pytest.mark.parametrize(
    ("values", "column", "shown", "words"),
    [
        ({"latitude": "NaN"}, "Latitude", "NaN", "not a finite number"),
        ({"longitude": "inf"}, "Longitude", "inf", "not a finite number"),
        ({"longitude": "-Infinity"}, "Longitude", "-Infinity", "not a finite number"),
        ({"latitude": "1e400"}, "Latitude", "1e400", "not a finite number"),
        ({"latitude": "200"}, "Latitude", "200", "outside 49.0 to 61.0"),
        ({"latitude": "-2.751", "longitude": "52.708"}, "Longitude", "52.708", "swapped"),
        (
            {"location": "On or near\x00 High Street"},
            "Location",
            "On or near\\x00 High Street",
            "NUL character",
        ),
        ({"crime_id": "abc\x00"}, "Crime ID", "abc\\x00", "NUL character"),
    ],
)
def test_a_value_the_types_accept_but_is_not_data_is_rejected_at_its_line(
    tmp_path: Path, values: dict[str, str], column: str, shown: str, words: str
) -> None:
    workspace = Workspace(tmp_path / "ws")
    rows = [_row() for _ in range(4)]
    rows.insert(2, _row(**values))
    report = ingest_police_uk(workspace, [write_police_csv(tmp_path / NAME, rows)])
    assert report.rows_loaded == 4
    assert report.rows_rejected == 1
    (reject,) = report.rejects
    assert (Path(reject.file).name, reject.line, reject.column, reject.value) == (
        NAME,
        4,
        column,
        shown,
    )
    assert words in reject.reason
    with workspace.reader() as con:
        kept = con.execute("SELECT line, column_name, reason FROM rejects").fetchall()
        stored = con.execute("SELECT count(*) FROM street").fetchone()
    assert kept == [(4, column, reject.reason)]
    assert stored == (4,)


def test_empty_coordinates_are_not_rejected(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    rows = [_row(), _row(latitude="", longitude="")]
    report = ingest_police_uk(workspace, [write_police_csv(tmp_path / NAME, rows)])
    assert (report.rows_loaded, report.rows_rejected) == (2, 0)


def test_the_bounds_cover_every_lsoa_centroid_of_england_and_wales() -> None:
    from pyproj import Transformer

    from saferinsight.geo.contiguity import lsoa_centroids

    eastings, northings = zip(*lsoa_centroids().values(), strict=True)
    to_degrees = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    longitudes, latitudes = to_degrees.transform(eastings, northings)
    low_lat, high_lat = store_police.COORDINATE_BOUNDS["latitude"]
    low_lon, high_lon = store_police.COORDINATE_BOUNDS["longitude"]
    assert low_lat < min(latitudes)
    assert max(latitudes) < high_lat
    assert low_lon < min(longitudes)
    assert max(longitudes) < high_lon
