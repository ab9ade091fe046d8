"""The shipped national boundaries against the shipped lookup (every ward and LSOA of every local
authority has a shape) and against the Shropshire and Telford files installed in workspaces."""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict

import pytest

from saferinsight.geo.national import national_boundaries, with_national
from saferinsight.geo.shapes import signed_area
from saferinsight.reference import BOUNDARY_DIR, LSOA_LOOKUP, shipped


def lookup() -> dict[str, dict[str, set[str]]]:
    by_lad: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"ward": set(), "lsoa": set()})
    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_lad[row["lad_code"]]["ward"].add(row["ward_code"])
            by_lad[row["lad_code"]]["lsoa"].add(row["lsoa_code"])
    return by_lad


@pytest.mark.slow
def test_every_ward_and_lsoa_of_the_lookup_has_a_boundary() -> None:
    lads = lookup()
    assert len(lads) == 318
    wards = lsoas = 0
    for lad, codes in lads.items():
        ward_codes = {code for code, _, _, _ in national_boundaries("ward", [lad])}
        lsoa_codes = {code for code, _, _, _ in national_boundaries("lsoa", [lad])}
        assert codes["ward"] <= ward_codes, lad  # wards without an LSOA also have a shape
        assert codes["lsoa"] == lsoa_codes, lad
        assert len(national_boundaries("lad", [lad])) == 1
        wards += len(ward_codes)
        lsoas += len(lsoa_codes)
    assert (wards, lsoas) == (7_624, 35_672)


def test_shropshire_equals_the_installed_ward_file() -> None:
    path = shipped(BOUNDARY_DIR) / "wards_WD22eqWD23_E06000051.geojson.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    installed = {f["properties"]["WD22CD"]: f["geometry"] for f in features}
    national = {
        code: json.loads(text) for code, _, _, text in national_boundaries("ward", ["E06000051"])
    }
    assert set(installed) == set(national)
    for code, geometry in national.items():
        mine = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        theirs = installed[code]
        theirs = (
            theirs["coordinates"] if theirs["type"] == "MultiPolygon" else [theirs["coordinates"]]
        )
        area = sum(abs(signed_area(p[0])) for p in mine)
        expected = sum(abs(signed_area(p[0])) for p in theirs)
        assert area == pytest.approx(expected, rel=1e-3), code
        assert all(signed_area(p[0]) < 0 for p in mine)  # exteriors clockwise, as Vega draws


def test_stored_boundaries_win_and_others_are_filled_in() -> None:
    herefordshire = with_national([], ["E06000019"])
    assert len(herefordshire) > 40
    assert {version for _, _, version, _ in herefordshire} == {"WD23"}
    stored = [("E05008136", "Abbey", "WD22", "{}")]
    rows = with_national(stored, ["E06000051"])
    assert rows == stored
    with pytest.raises(ValueError, match="level must be one of"):
        national_boundaries("county", ["E06000051"])
