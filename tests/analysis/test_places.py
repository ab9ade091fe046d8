"""Repeat locations and near repeats on the real West Mercia files (January to March 2024),
against counts and pairs computed straight from the CSV files; the commands' output; rates."""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import math
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyproj import Transformer

from saferinsight.analysis.hotspots import RATE_CAVEAT, find_hotspots
from saferinsight.analysis.places import find_near_repeats, find_repeat_locations
from saferinsight.cli import main
from saferinsight.errors import OptionError
from saferinsight.reference import LSOA_LOOKUP, shipped
from saferinsight.workspace import Workspace


def shropshire_rows(
    folder: Path, crime_type: str, *, unlocated: bool = False
) -> list[dict[str, str]]:
    """Rows of the files in Shropshire (or, with ``unlocated``, with no LSOA at all)."""
    with gzip.open(shipped(LSOA_LOOKUP), "rt", encoding="utf-8") as handle:
        lsoas = {r["lsoa_code"] for r in csv.DictReader(handle) if r["lad_code"] == "E06000051"}
    if unlocated:
        lsoas = {""}
    rows = []
    for path in sorted(folder.glob("2024-0*-west-mercia-street.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows += [
                r
                for r in csv.DictReader(handle)
                if r["LSOA code"] in lsoas and r["Crime type"] == crime_type
            ]
    return rows


def test_repeat_locations_equal_counts_from_the_files(
    loaded: Workspace, west_mercia_dir: Path
) -> None:
    rows = shropshire_rows(west_mercia_dir, "Burglary")
    located = [r for r in rows if r["Longitude"]]
    points = Counter((float(r["Longitude"]), float(r["Latitude"]), r["Location"]) for r in located)
    result = find_repeat_locations(
        loaded, "Shropshire", period="2024-01..2024-03", theme="burglary", top=8
    )
    assert result.records == len(located)
    # Records of the force without a location cannot be placed in any area: all are left out.
    assert result.left_out == len(shropshire_rows(west_mercia_dir, "Burglary", unlocated=True))
    assert result.left_out > 0
    assert result.points == len(points)
    expected = sorted(points.items(), key=lambda kv: (-kv[1], kv[0][2], kv[0][0], kv[0][1]))[:8]
    got = [((loc.longitude, loc.latitude, loc.location), loc.records) for loc in result.locations]
    assert got == expected
    assert [loc.share for loc in result.locations] == [n / len(located) for _, n in expected]
    assert all(loc.location.startswith("On or near ") for loc in result.locations)
    assert result.locations[0].records > 1  # a repeat location, in the real data
    assert "never the exact location" in result.note
    with pytest.raises(OptionError, match="top must be 1 to 1,000"):
        find_repeat_locations(loaded, "Shropshire", period="2024-01..2024-03", top=0)


def brute_knox(x: list[float], y: list[float], t: list[int]) -> list[list[int]]:
    """Pairs by band, written out: same point; 200 m bands to 1 km; beyond. Months 0, 1, 2+."""
    table = [[0] * 3 for _ in range(7)]
    for i, j in itertools.combinations(range(len(x)), 2):
        d = math.hypot(x[i] - x[j], y[i] - y[j])
        row = 0 if d == 0 else 6 if d > 1000 else math.ceil(d / 200)
        table[row][min(abs(t[i] - t[j]), 2)] += 1
    return table


def test_near_repeats_count_the_pairs_of_the_files(
    loaded: Workspace, west_mercia_dir: Path
) -> None:
    rows = [r for r in shropshire_rows(west_mercia_dir, "Burglary") if r["Longitude"]]
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(
        [float(r["Longitude"]) for r in rows], [float(r["Latitude"]) for r in rows]
    )
    t = [int(r["Month"][5:7]) for r in rows]
    result = find_near_repeats(
        loaded, "Shropshire", period="2024-01..2024-03", time_bands=2, permutations=99, seed=1
    )
    assert result.records == len(rows)
    assert [list(row) for row in result.knox.observed] == brute_knox(list(x), list(y), t)
    assert result.knox.time_bands == ("0 months", "1 month", "more than 1 month")
    assert "months" in result.limits
    assert "snap point" in result.limits
    assert dict(result.parameters)["seed"] == "1"
    with pytest.raises(OptionError, match="burglary or vehicle"):
        find_near_repeats(loaded, "Shropshire", period="2024-01..2024-03", theme="violence")


def test_rates_per_resident_and_their_caveat(loaded: Workspace) -> None:
    counts = find_hotspots(loaded, "Shropshire", period="2024-01..2024-03", permutations=0)
    rates = find_hotspots(
        loaded, "Shropshire", period="2024-01..2024-03", permutations=0, rate=True
    )
    assert (counts.measure, rates.measure) == ("count", "rate")
    assert RATE_CAVEAT in rates.warnings
    assert RATE_CAVEAT not in counts.warnings
    by_key = {p.key: p for p in rates.places}
    with gzip.open(shipped("census21_lsoa_population.csv.gz"), "rt", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        code, persons = header.index("lsoa21_code"), header.index("usual_residents")
        residents: Counter[str] = Counter()
        for row in reader:
            if row[code] in by_key:
                residents[row[code]] += int(float(row[persons]))
    for place in rates.places:
        assert place.residents == residents[place.key]
        assert place.rate == pytest.approx(place.count / residents[place.key] * 1000, rel=1e-12)
    # Gi* of the rates is not Gi* of the counts.
    assert [p.z for p in rates.places] != [p.z for p in counts.places]
    with pytest.raises(OptionError, match="rate needs LSOAs"):
        find_hotspots(loaded, "Shropshire", period="2024-01..2024-03", unit="grid", rate=True)


def test_commands_print_the_caveats(loaded: Workspace) -> None:
    runner = CliRunner()
    base = ["--workspace", str(loaded.root)]
    period = ["--period", "2024-01..2024-03"]
    table = runner.invoke(main, [*base, "repeats", "Shropshire", *period, "--top", "3"])
    assert table.exit_code == 0, table.output
    assert "On or near" in table.output
    assert "never the exact location" in table.output
    data = json.loads(
        runner.invoke(main, [*base, "repeats", "Shropshire", *period, "--format", "json"]).output
    )
    assert len(data["locations"]) == 10
    assert sum(loc["records"] for loc in data["locations"]) <= data["records"]
    near = runner.invoke(main, [*base, "near-repeats", "Shropshire", *period,
                                "--permutations", "49", "--format", "json"])  # fmt: skip
    assert near.exit_code == 0, near.output
    cells = json.loads(near.output)["cells"]
    assert len(cells) == 7 * 4
    assert cells[0]["distance"] == "same location"
    assert cells[0]["time"] == "0 months"
    hot = runner.invoke(main, [*base, "hotspots", "Shropshire", *period, "--rate"])
    assert hot.exit_code == 0, hot.output
    assert "per 1,000 residents" in hot.output
    assert "Town centres" in hot.output  # the caveat
    assert "no place can be significant on its permutation p-value" in hot.output
