"""The national map of partnership rates in the peers section, from a constructed benchmark."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from saferinsight.analysis.benchmark import Benchmark, benchmark_in
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.geo.partnership_shapes import dissolved_rings, partnership_shapes
from saferinsight.reports.document import Figure
from saferinsight.reports.edition import Edition
from saferinsight.reports.national_map import LEFT_OUT, partnership_map
from saferinsight.reports.peers import peer_section

TELFORD = {"lsoa": "E01014185", "lsoa_name": "Telford and Wrekin 013A"}
HEREFORD = {"lsoa": "E01014059", "lsoa_name": "Herefordshire 021B"}
WORCESTER = {"lsoa": "E01032279", "lsoa_name": "Worcester 004A"}


@pytest.fixture(scope="module")
def benchmark() -> Iterator[Benchmark]:
    """One West Mercia month with different counts in its partnerships; every other force's
    partnerships are incomplete."""
    rows = [street_row(month="2024-01") for _ in range(400)]
    rows += [street_row(month="2024-01", **TELFORD) for _ in range(50)]
    rows += [street_row(month="2024-01", **HEREFORD) for _ in range(90)]
    rows += [street_row(month="2024-01", **WORCESTER) for _ in range(20)]
    with (
        workspace_with_street_files({"2024-01-west-mercia-street.csv": rows}) as workspace,
        workspace.reader() as warehouse,
    ):
        yield benchmark_in(warehouse, "Shropshire", period="2024-01..2024-01")


def test_the_classes_are_the_quintiles_of_the_compared_rates(benchmark: Benchmark) -> None:
    total = benchmark.theme("total")
    rates = {r.code: r.rate.value for r in total.rates}
    assert len(rates) == benchmark.partnerships_compared >= 4
    # Independent: numpy's linear percentiles (R type 7), a value on a break in the class above.
    values = sorted(rates.values())
    cuts = sorted(set(np.percentile(values, [20, 40, 60, 80]).tolist()))
    breaks = [c for c in cuts if values[0] < c <= values[-1]]
    assert list(total.classes.breaks) == pytest.approx(breaks, rel=1e-12)
    classes = dict(zip(total.classes.keys, total.classes.classes, strict=True))
    assert set(classes) == set(rates)
    for code, value in rates.items():
        assert classes[code] == int(np.searchsorted(breaks, value, side="right"))
    assert {code for code, _ in benchmark.partnership_lads} == set(rates) | {
        e.code for e in benchmark.excluded
    }


def test_compared_partnerships_are_shaded_and_left_out_ones_are_grey(
    benchmark: Benchmark,
) -> None:
    total = benchmark.theme("total")
    chart = partnership_map(benchmark, total)
    assert chart is not None
    areas = {f["properties"]["code"]: f["properties"] for f in chart.spec["datasets"]["areas"]}
    labels = set(total.classes.labels)
    for row in total.rates:
        assert areas[row.code]["class"] in labels
        assert areas[row.code]["class"] == total.classes.label(row.code)
        assert areas[row.code]["rate"] == pytest.approx(row.rate.value, abs=5e-4)
    for excluded in benchmark.excluded:
        assert areas[excluded.code]["class"] == LEFT_OUT
        assert areas[excluded.code]["rate"] is None
    assert len(areas) == len(benchmark.partnership_lads)
    assert f"Grey: {len(benchmark.excluded)} partnership areas" in chart.notes[0]
    # Most partnerships are left out here: the note names the forces compared instead.
    assert "force areas with complete data: West Mercia)" in chart.notes[0]
    (here,) = chart.spec["datasets"]["here"]
    assert here["geometry"]["coordinates"]
    assert chart.spec["datasets"]["label"][0]["text"] == "Shropshire"


def test_the_map_is_a_figure_of_the_peers_section_after_the_funnels(
    benchmark: Benchmark,
) -> None:
    section = peer_section(benchmark, Edition(public=False, open_data=True))
    keys = [b.chart.key for b in section.blocks if isinstance(b, Figure)]
    assert keys == ["total-funnel-national", "total-funnel-peers", "total-partnership-map-rate"]


def test_the_svg_stays_small(benchmark: Benchmark) -> None:
    chart = partnership_map(benchmark, benchmark.theme("total"))
    assert chart is not None
    svg = chart.svg()
    assert svg.startswith("<svg")
    assert len(svg) < 600_000


def test_shared_edges_cancel_and_partnerships_keep_their_local_authorities() -> None:
    left = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    right = [[1, 0], [1, 1], [2, 1], [2, 0], [1, 0]]
    (ring,) = dissolved_rings([left, right])
    edges = set(zip(map(tuple, ring), map(tuple, ring[1:]), strict=False))
    assert ((1.0, 1.0), (1.0, 0.0)) not in edges
    assert ((1.0, 0.0), (1.0, 1.0)) not in edges
    assert len(ring) == 7
    # South Worcestershire is three local authorities; its outline is one ring around them.
    (shape,) = partnership_shapes([("E22000332", ("E07000235", "E07000237", "E07000238"))])
    assert len(shape.fill["coordinates"]) >= 3
    assert len(shape.outline["coordinates"]) == 1
