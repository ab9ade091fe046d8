"""Newer ONS lookups and boundaries replace the shipped snapshot."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from saferinsight.analysis.counts import count_in
from saferinsight.errors import InputFileError
from saferinsight.ingest.geography import ingest_boundaries, ingest_geography
from saferinsight.reference import BOUNDARY_DIR, LSOA_LOOKUP, shipped
from saferinsight.workspace import Workspace


def newer_lookup(path: Path) -> Path:
    """The shipped lookup with 2024 column names and one Shropshire ward renamed."""
    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM", "LAD24CD", "LAD24NM", "ObjectId"]
        )
        for number, row in enumerate(rows, start=1):
            row[3] = row[3].replace("Quarry and Coton Hill", "Quarry, Coton Hill and Town")
            writer.writerow([*row, number])
    return path


def test_a_newer_lsoa_lookup_replaces_the_snapshot(loaded: Workspace, tmp_path: Path) -> None:
    load = ingest_geography(loaded, newer_lookup(tmp_path / "LSOA21_WD24_LAD24_EW_LU.csv"))
    assert (load.kind, load.version, load.rows) == ("geography", "LSOA21-WD24-LAD24", 35_672)
    with loaded.reader() as warehouse:
        result = count_in(warehouse, "Shropshire", start="2024-01", end="2024-03", by=["ward"])
    top = max(result.rows, key=lambda row: int(row[-1]))
    assert top == ("Quarry, Coton Hill and Town", 408)


def test_an_unknown_lookup_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "lookup.csv"
    path.write_text("code,name\nE01,x\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not an ONS lookup this command knows"):
        ingest_geography(workspace, path)


def test_boundaries_load_and_replace(workspace: Workspace, tmp_path: Path) -> None:
    with gzip.open(shipped(BOUNDARY_DIR) / "wards_WD25eqWD23_E06000020.geojson.gz", "rt") as f:
        data = json.load(f)
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    load = ingest_boundaries(workspace, path)
    assert (load.kind, load.rows) == ("boundaries", 32)
    with workspace.reader() as warehouse:
        rows = warehouse.execute(
            "SELECT level, count(*), count(DISTINCT lad_code) FROM boundaries"
            " WHERE version = 'WD25' GROUP BY level"
        ).fetchall()
    assert rows == [("ward", 32, 1)]


def test_bad_boundaries_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"properties": {"x": 1}}]}')
    with pytest.raises(InputFileError, match="no ONS code property"):
        ingest_boundaries(workspace, path)
    path.write_text("not json")
    with pytest.raises(InputFileError, match="cannot be read as GeoJSON"):
        ingest_boundaries(workspace, path)
