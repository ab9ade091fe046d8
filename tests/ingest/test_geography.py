"""Newer ONS lookups and boundaries replace the shipped snapshot."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from saferinsight.analysis.counts import count_in
from saferinsight.errors import InputFileError, OptionError, RefusedLoadError
from saferinsight.ingest.geography import ingest_boundaries, ingest_geography
from saferinsight.ingest.rebuild import rebuild
from saferinsight.reference import BOUNDARY_DIR, LSOA_LOOKUP, shipped
from saferinsight.workspace import Workspace
from tests.ingest.test_police_uk import snapshot


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


# -- partial lookups (issue 14, class 7) ----------------------------------------------------------


def one_authority_lookup(path: Path, lad_name: str = "Shropshire") -> Path:
    """The shipped lookup cut to one local authority, with 2024 column names."""
    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        rows = [row for row in list(csv.reader(handle))[1:] if row[5] == lad_name]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM", "LAD24CD", "LAD24NM"])
        writer.writerows(rows)
    return path


def _telford(workspace: Workspace) -> int:
    with workspace.reader() as warehouse:
        result = count_in(warehouse, "Telford and Wrekin", start="2024-01", end="2024-03")
    return sum(int(row[-1]) for row in result.rows)


def test_a_partial_lookup_is_refused_with_the_comparison(loaded: Workspace, tmp_path: Path) -> None:
    """A 198-row Shropshire lookup made Telford and Wrekin's counts 0."""
    telford = _telford(loaded)
    assert telford > 0
    before = snapshot(loaded)
    path = one_authority_lookup(tmp_path / "shropshire_lookup.csv")
    with pytest.raises(RefusedLoadError) as refused:
        ingest_geography(loaded, path)
    message = str(refused.value)
    assert message.startswith("shropshire_lookup.csv: has 198 LSOAs; the lookup in use has 35,672")
    assert "Telford and Wrekin (" in message
    assert "counted in no area. Nothing was loaded." in message
    assert refused.value.hint is not None
    assert refused.value.hint.options == {"partial": "merge"}
    assert snapshot(loaded) == before
    assert _telford(loaded) == telford


def test_a_partial_lookup_merges_on_request_and_rebuilds_the_same(
    loaded: Workspace, tmp_path: Path
) -> None:
    telford = _telford(loaded)
    path = one_authority_lookup(tmp_path / "shropshire_lookup.csv")
    load = ingest_geography(loaded, path, partial="merge")
    assert load.rows == 35_672  # the lookup keeps every LSOA
    assert _telford(loaded) == telford
    rebuild(loaded)
    assert _telford(loaded) == telford


def test_replacing_with_a_partial_lookup_is_explicit(loaded: Workspace, tmp_path: Path) -> None:
    path = one_authority_lookup(tmp_path / "shropshire_lookup.csv")
    load = ingest_geography(loaded, path, partial="replace")
    assert load.rows == 198
    assert _telford(loaded) == 0
    with pytest.raises(OptionError, match="partial must be one of refuse, merge, replace"):
        ingest_geography(loaded, path, partial="sum")


def test_a_partial_partnership_lookup_is_refused(loaded: Workspace, tmp_path: Path) -> None:
    from saferinsight.reference import LAD_CSP_LOOKUP

    lines = Path(shipped(LAD_CSP_LOOKUP)).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "lad_csp.csv"
    path.write_text("\n".join([lines[0], *[x for x in lines if "Shropshire" in x]]) + "\n")
    before = snapshot(loaded)
    with pytest.raises(RefusedLoadError, match=r"has 1 local authorities; the lookup in use"):
        ingest_geography(loaded, path)
    assert snapshot(loaded) == before
