"""Benchmarking: rates, funnels and the peer comparison against independent computations."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from scipy.stats import chi2

from saferinsight.analysis.benchmark import Benchmark, benchmark_in
from saferinsight.analysis.population import area_population
from saferinsight.cli.commands import main
from saferinsight.errors import AreaError, QueryError
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.geo.areas import resolve_in
from saferinsight.ingest.police_uk import ingest_police_uk
from saferinsight.workspace import Workspace

from ..conftest import SHARED  # type: ignore[import-not-found]

REAL_NATIONAL = SHARED / "police-uk" / "national-2025-06"
TELFORD = {"lsoa": "E01014185", "lsoa_name": "Telford and Wrekin 013A"}
HEREFORD = {"lsoa": "E01014059", "lsoa_name": "Herefordshire 021B"}
PEERS = ["E22000333", "E22000326"]  # Telford and Wrekin, Herefordshire


@pytest.fixture(scope="module")
def constructed() -> Iterator[Workspace]:
    """One West Mercia month: Shropshire 400 records, Telford 50, Herefordshire 60."""
    rows = [street_row(month="2024-01") for _ in range(400)]
    rows += [street_row(month="2024-01", **TELFORD) for _ in range(50)]
    rows += [street_row(month="2024-01", crime_type="Robbery", **HEREFORD) for _ in range(60)]
    with workspace_with_street_files({"2024-01-west-mercia-street.csv": rows}) as workspace:
        yield workspace


def test_a_constructed_case_with_a_known_answer(constructed: Workspace) -> None:
    with constructed.reader() as warehouse:
        result = benchmark_in(warehouse, "Shropshire", period="2024-01..2024-01", peers=PEERS)
        pops = {
            code: area_population(warehouse, resolve_in(warehouse, code), year=2023)
            for code in ("E22000360", *PEERS)
        }
    persons = {code: p.persons for code, p in pops.items() if p is not None}
    total = result.theme("total")
    counts = {"E22000360": 400, "E22000333": 50, "E22000326": 60}
    for code, count in counts.items():
        assert total.rate_of(code).rate.value == pytest.approx(count / persons[code] * 1000)
    # Independent: the peers' pooled rate and the chi-square limits at Shropshire's population.
    theta = 110 / (persons["E22000333"] + persons["E22000326"])
    expected = theta * persons["E22000360"]
    upper998 = chi2.ppf(0.999, 2 * expected + 2) / 2
    assert upper998 < 400
    c = total.comparison
    assert c.peer_rate == pytest.approx(theta * 1000)
    assert (c.verdict, c.position, c.polarity) == ("higher", "above 99.8% limit", "higher is worse")
    assert total.peers.point("E22000360").limits.upper998 == pytest.approx(
        upper998 / persons["E22000360"] * 1000, rel=1e-9
    )
    # Only West Mercia's partnerships are complete; every other one is left out and listed.
    compared = {r.code for r in total.rates}
    assert not compared & {e.code for e in result.excluded}
    assert result.partnerships_compared == len(total.rates) == 301 - len(result.excluded)
    assert "west-mercia" not in dict(result.forces_missing)
    assert dict(result.forces_missing)["greater-manchester"] == ("2024-01",)
    assert total.national.target == pytest.approx(
        sum(r.count for r in total.rates) / sum(r.population for r in total.rates) * 1000
    )


def test_a_similar_rate_is_similar(constructed: Workspace) -> None:
    with constructed.reader() as warehouse:
        result = benchmark_in(
            warehouse, "Telford and Wrekin", period="2024-01..2024-01", peers=["E22000326"]
        )
    c = result.theme("total").comparison
    # Telford 50 against Herefordshire's 60 on similar populations: within chance.
    assert (c.verdict, c.position) == ("similar", "within limits")


def test_incomplete_data_is_never_compared(constructed: Workspace) -> None:
    with (
        constructed.reader() as warehouse,
        pytest.raises(QueryError, match="cannot be benchmarked"),
    ):
        benchmark_in(warehouse, "E22000345", period="2024-01..2024-01")
    with constructed.reader() as warehouse:
        result = benchmark_in(warehouse, "Shropshire", period="2024-01..2024-01")
    # The automatic peers outside West Mercia have no data: listed, not compared.
    assert result.peers.k == 15
    left = {e.code for e in result.peers_left_out}
    assert left
    assert left <= set(result.peers.codes)
    assert result.theme("total").comparison.peers_compared == 15 - len(left)
    assert all("no data for 2024-01" in e.reason for e in result.peers_left_out)
    with constructed.reader() as warehouse, pytest.raises(AreaError, match="not a partnership"):
        benchmark_in(warehouse, "West Mercia", period="2024-01..2024-01")


def test_the_cli_prints_peers_rates_outliers_and_exclusions(constructed: Workspace) -> None:
    runner = CliRunner()
    args = ["--workspace", str(constructed.root), "benchmark", "Shropshire", "--period",
            "2024-01..2024-01", "--peers", ",".join(PEERS)]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Peers (2 given)" in out
    assert "Telford and Wrekin" in out
    assert "What drove the match" in out
    assert "higher (above 99.8% limit)" in out
    assert "greater-manchester: 2024-01" in out
    assert "E22000345 Leeds: no data for 2024-01 from west-yorkshire" in out
    as_json = runner.invoke(main, [*args, "--format", "json"])
    data = json.loads(as_json.output)
    assert data["themes"][0]["comparison"]["verdict"] == "higher"
    assert [p["code"] for p in data["peers"]["peers"]] == PEERS


@pytest.mark.slow
@pytest.mark.skipif(not REAL_NATIONAL.exists(), reason="needs ../shared/data (developer machines)")
def test_every_partnership_in_the_real_june_2025_files_is_benchmarked(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workspace = Workspace(tmp_path_factory.mktemp("national") / "ws")
    ingest_police_uk(workspace, [REAL_NATIONAL])
    with workspace.reader() as warehouse:
        result: Benchmark = benchmark_in(
            warehouse, "Shropshire", period="2025-06..2025-06", themes="all"
        )
    loaded = {p.name[len("2025-06-") : -len("-street.csv")] for p in REAL_NATIONAL.glob("*.csv")}
    assert len(loaded) == 39
    missing = dict(result.forces_missing)
    assert set(missing) == {
        "avon-and-somerset", "greater-manchester", "metropolitan", "west-midlands",
        "west-yorkshire",
    }  # fmt: skip
    assert not set(missing) & loaded
    total = result.theme("total")
    assert len(total.rates) + len(result.excluded) == 301
    assert len(total.rates) == 242
    assert all(any(f in e.reason for f in missing) for e in result.excluded)
    # Every compared partnership's count is every June 2025 record in its LSOAs.
    assert sum(r.count for r in total.rates) <= 345_810
    assert total.comparison.peers_compared == 14  # Somerset (Avon and Somerset) left out
    assert [e.name for e in result.peers_left_out] == ["Somerset"]
