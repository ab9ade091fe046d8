"""find_hotspots on the demo workspace (Shropshire 2024/25) against an independent computation
from methods.md 3.4 on counts read back through safer counts, and the command's output."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from numpy.testing import assert_allclose
from scipy.stats import norm

from saferinsight.analysis.counts import count_records
from saferinsight.analysis.hotspots import find_hotspots
from saferinsight.cli import main
from saferinsight.geo.contiguity import lsoa_neighbour_pairs
from saferinsight.workspace import Workspace


def formula_z(x: np.ndarray, codes: list[str]) -> np.ndarray:
    """methods.md 3.4 with a dense 0/1 matrix built from the pairs, self included."""
    n = len(x)
    index = {c: i for i, c in enumerate(codes)}
    w = np.eye(n)
    for a, b in lsoa_neighbour_pairs(codes):
        w[index[a], index[b]] = w[index[b], index[a]] = 1
    mean, s = x.mean(), math.sqrt((x**2).mean() - x.mean() ** 2)
    w_i, w2_i = w.sum(axis=1), (w**2).sum(axis=1)
    return (w @ x - mean * w_i) / (s * np.sqrt((n * w2_i - w_i**2) / (n - 1)))


def test_shropshire_lsoa_gi_star_equals_the_formula(demo: Workspace) -> None:
    result = find_hotspots(demo, "Shropshire", period="2024/25", permutations=199, seed=5)
    counted = count_records(demo, "Shropshire", start="2024-04", end="2025-03", by=["lsoa"])
    from saferinsight.analysis.themes import select_themes

    crimes = set(select_themes("total")[0].crime_types)
    by_lsoa = count_records(
        demo, "Shropshire", start="2024-04", end="2025-03", by=["lsoa"], crime_types=sorted(crimes)
    )
    codes = sorted(p.key for p in result.places)
    assert len(codes) == 198
    x = np.zeros(len(codes))
    for lsoa, n in by_lsoa.rows:
        x[codes.index(str(lsoa))] = int(n)
    assert result.records == x.sum() < counted.total  # ASB is not in the total theme
    places = {p.key: p for p in result.places}
    z = formula_z(x, codes)
    assert_allclose([places[c].z for c in codes], z, rtol=0, atol=1e-9)
    assert_allclose([places[c].p_value for c in codes], 2 * norm.sf(np.abs(z)), atol=1e-9)
    holm = sorted(range(198), key=lambda i: places[codes[i]].p_value)
    smallest = places[codes[holm[0]]]
    assert smallest.p_adjusted == pytest.approx(min(1.0, smallest.p_value * 198))
    again = find_hotspots(demo, "Shropshire", period="2024/25", permutations=199, seed=5)
    assert [p.p_sim for p in again.places] == [p.p_sim for p in result.places]
    # The county town's centre (Shrewsbury) is the hotspot.
    assert result.places[0].label == "hotspot"
    assert result.places[0].name.startswith("Shropshire 019")


def test_grid_and_over_time(demo: Workspace) -> None:
    result = find_hotspots(
        demo, "Shropshire", period="2024/25", unit="grid", over="quarter", permutations=0
    )
    parameters = dict(result.parameters)
    assert parameters["cell size"].startswith("1,100 m (automatic")
    assert len(result.periods) == 4
    assert sum(p.count for p in result.places) == result.records
    top = result.places[0]
    assert top.label == "hotspot"
    assert top.over_time == "persistent hotspot"
    assert abs(top.easting - 349_500) < 3_000
    assert abs(top.northing - 312_500) < 3_000


def test_command_prints_every_parameter(demo: Workspace) -> None:
    runner = CliRunner()
    args = ["--workspace", str(demo.root), "hotspots", "Shropshire", "--period", "2024/25"]
    table = runner.invoke(main, [*args, "--permutations", "99", "--seed", "3"])
    assert table.exit_code == 0, table.output
    for text in ("weights: queen contiguity", "adjustment: Holm", "permutations: 99", "seed: 3"):
        assert text in table.output
    data = json.loads(runner.invoke(main, [*args, "--format", "json", "--adjust", "fdr_bh"]).output)
    assert data["parameters"]["adjustment"].startswith("Benjamini-Hochberg")
    assert len(data["places"]) == 198
