"""Every partnership at once, checked against ``analyse_in`` and independent counts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from saferinsight.analysis.counts import count_in
from saferinsight.analysis.engine import analyse_in
from saferinsight.analysis.national import NationalAnalysis, analyse_all_in
from saferinsight.analysis.population import area_population, areas_population
from saferinsight.analysis.themes import CRIMES, THEME_KEYS
from saferinsight.cli.commands import main
from saferinsight.errors import QueryError
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.geo.areas import AreaResolver
from saferinsight.store.warehouse import Warehouse
from saferinsight.workspace import Workspace

BCP = {"lsoa": "E01015379", "lsoa_name": "Bournemouth, Christchurch and Poole 008A"}


@pytest.fixture(scope="module")
def national(demo: Workspace) -> NationalAnalysis:
    with demo.reader() as warehouse:
        return analyse_all_in(warehouse, period="2024/25")


@pytest.mark.parametrize("name", ["Shropshire", "Telford & Wrekin"])
def test_a_partnership_gets_what_analyse_area_reports(
    demo: Workspace, national: NationalAnalysis, name: str
) -> None:
    with demo.reader() as warehouse:
        one = analyse_in(warehouse, name, period="2024/25")
    found = national.partnership(name)
    assert found.area == one.area
    assert [t.theme for t in found.themes] == list(THEME_KEYS)
    for theme in one.themes:
        # Counts, rates, test, note; the national analysis draws no control chart, so it has no
        # unusual base to flag.
        assert found.theme(theme.theme.key) == replace(theme.change, unusual_base=None)
    assert found.population == one.population
    assert found.left_out_no_location == one.left_out_no_location
    assert found.warnings == one.warnings
    assert found.complete


def test_counts_and_test_match_an_independent_computation(
    demo: Workspace, national: NationalAnalysis
) -> None:
    with demo.reader() as warehouse:
        now = count_in(warehouse, "Shropshire", start="2024-04", end="2025-03", crime_types=CRIMES)
        before = count_in(
            warehouse, "Shropshire", start="2023-04", end="2024-03", crime_types=CRIMES
        )
    total = national.partnership("E22000360").theme("total")
    assert (total.current.count, total.other.count) == (now.total, before.total)
    assert total.test is not None
    expected = binomtest(now.total, now.total + before.total, 365 / (365 + 366)).pvalue
    assert total.test.p_value == pytest.approx(expected, rel=1e-9)
    assert total.current.rate is not None
    assert total.current.rate.value == pytest.approx(now.total / 327_178 * 1000)
    with demo.reader() as warehouse:
        every_type = count_in(warehouse, "Shropshire", start="2024-04", end="2025-03")
    assert national.partnership("Shropshire").left_out_no_location == (
        every_type.left_out_no_location
    )


def test_partnerships_without_data_are_flagged_not_tested(national: NationalAnalysis) -> None:
    leeds = national.partnership("E22000345")
    assert not leeds.complete
    assert all(t.change.test is None and "partial" in t.change.note for t in leeds.themes)
    assert leeds.theme("total").current.rate is None
    assert any("2024/25 is partial" in w for w in leeds.warnings)
    incomplete = dict(national.forces_incomplete)
    assert "west-mercia" not in incomplete
    assert len(incomplete["west-yorkshire"]) == 24
    assert len(national.partnerships) == 301


@pytest.fixture(scope="module")
def small() -> Iterator[Workspace]:
    """West Mercia for January and March 2024 (February missing); Dorset for both."""
    files = {
        "2024-01-west-mercia-street.csv": [street_row(month="2024-01") for _ in range(9)],
        "2024-03-west-mercia-street.csv": [
            *(street_row(month="2024-03") for _ in range(5)),
            street_row(month="2024-03", lsoa=""),
            street_row(month="2024-03", lsoa="E01999999"),
        ],
        "2024-02-dorset-street.csv": [
            street_row(month="2024-02", force="Dorset Police", **BCP) for _ in range(20)
        ],
        "2024-03-dorset-street.csv": [
            *(street_row(month="2024-03", force="Dorset Police", **BCP) for _ in range(3)),
            street_row(month="2024-03", force="Dorset Police", crime_type="Anti-social behaviour"),
        ],
    }
    with workspace_with_street_files(files) as workspace:
        yield workspace


def test_a_force_with_a_month_missing_is_flagged(small: Workspace) -> None:
    with small.reader() as warehouse:
        result = analyse_all_in(warehouse, period="2024-03..2024-03", themes="total,asb")
    shropshire = result.partnership("Shropshire")
    assert not shropshire.complete
    total = shropshire.theme("total")
    assert (total.current.count, total.other.count, total.test) == (5, 0, None)
    assert total.note == "not tested: Feb 2024 is partial (months not loaded)"
    assert shropshire.left_out_no_location == 1
    assert ("west-mercia", ("2024-02",)) in result.forces_incomplete
    bcp = result.partnership("E06000058")  # Bournemouth, Christchurch and Poole
    assert bcp.area.level == "lad"
    assert bcp.complete
    change = bcp.theme("total")
    assert (change.current.count, change.other.count) == (3, 20)
    assert change.test is not None
    assert change.test.verdict == "a statistically significant fall"
    # A row placed in Shropshire (West Mercia's LSOA) counts there even from Dorset's file.
    assert result.partnership("Shropshire").theme("asb").current.count == 1
    assert (result.left_out_no_location, result.left_out_unknown_lsoa) == (1, 1)


def test_every_located_row_is_counted_once(small: Workspace) -> None:
    with small.reader() as warehouse:
        result = analyse_all_in(warehouse, period="2024-03..2024-03", themes="total,asb")
    placed = sum(c.change.current.count for p in result.partnerships for c in p.themes)
    assert placed == 5 + 3 + 1  # March rows with an LSOA in the lookup


def test_errors_say_what_to_do(small: Workspace) -> None:
    with small.reader() as warehouse:
        with pytest.raises(QueryError, match=r"no police\.uk street data is loaded for 2030"):
            analyse_all_in(warehouse, period="2030")
        with pytest.raises(QueryError, match="test_method 't-test' is not one of exact-cond"):
            analyse_all_in(warehouse, period="2024", test_method="t-test")


def _run(runner: CliRunner, workspace: Workspace, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["--workspace", str(workspace.root), "analyse-all", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_formats(small: Workspace) -> None:
    runner = CliRunner()
    code, out, err = _run(runner, small, "--period", "2024-03..2024-03", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 301 * 2  # total and ASB by default
    bcp = next(r for r in rows if r["area_code"] == "E06000058" and r["theme"] == "total")
    assert (bcp["count"], bcp["previous_count"], bcp["change"]) == ("3", "20", "-17")
    assert bcp["verdict"] == "a statistically significant fall"
    shropshire = next(r for r in rows if r["area_code"] == "E22000360" and r["theme"] == "total")
    assert (shropshire["p_value"], shropshire["months_missing"]) == ("", "2024-02")
    code, out, err = _run(
        runner, small, "--period", "2024-03..2024-03", "--theme", "all", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data["themes"]) == 11
    assert data["partnerships"][0]["themes"][0]["change"]["current"]["count"] >= 0
    code, out, err = _run(runner, small, "--period", "2024-03..2024-03", "--theme", "asb")
    assert code == 0, err
    assert out.startswith("Anti-social behaviour: Mar 2024 against Feb 2024")
    assert "Bournemouth, Christchurch and Poole" in out
    assert "west-mercia: no street file for 2024-02" in err
    assert "Left out 1 records without a location" in err
    code, _, err = _run(runner, small, "--period", "2030/31")
    assert code == 1
    assert "no police.uk street data is loaded for 2030/31" in err


@pytest.mark.parametrize("year", [2020, 2022, 2024])  # Census only; the estimate; an earlier one
def test_populations_at_once_equal_one_at_a_time(year: int, reference: Warehouse) -> None:
    areas = AreaResolver(reference).partnerships()
    together = areas_population(reference, areas, year=year)
    for area in areas:
        assert together[area.code] == area_population(reference, area, year=year)
