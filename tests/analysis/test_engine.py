"""The analysis engine on the demo workspace, checked against independent computations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from saferinsight.analysis.counts import count_in
from saferinsight.analysis.engine import analyse_in
from saferinsight.analysis.results import AreaAnalysis
from saferinsight.analysis.themes import CRIMES, THEMES
from saferinsight.cli.commands import main
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.workspace import Workspace


@pytest.fixture(scope="module")
def shropshire(demo_shropshire: AreaAnalysis) -> AreaAnalysis:
    return demo_shropshire


def test_totals_and_change_match_independent_counts(
    demo: Workspace, shropshire: AreaAnalysis
) -> None:
    total = shropshire.themes[0]
    assert total.theme.key == "total"
    with demo.reader() as warehouse:
        now = count_in(
            warehouse, "Shropshire", start="2024-04", end="2025-03", crime_types=CRIMES
        ).total
        before = count_in(
            warehouse, "Shropshire", start="2023-04", end="2024-03", crime_types=CRIMES
        ).total
        two_before = count_in(
            warehouse, "Shropshire", start="2022-04", end="2023-03", crime_types=CRIMES
        ).total
    assert (total.current.count, total.previous.count) == (now, before)
    assert [p.count for p in total.three_years] == [two_before, before, now]
    test = total.change.test
    assert test is not None
    # 2024/25 has 365 days and 2023/24 366: the exact conditional test with those exposures.
    expected = binomtest(now, now + before, 365 / (365 + 366)).pvalue
    assert test.p_value == pytest.approx(expected, rel=1e-9)
    assert (test.current_exposure, test.previous_exposure) == (365, 366)


def test_rates_use_the_population_and_say_which(shropshire: AreaAnalysis) -> None:
    population = shropshire.population
    assert population is not None
    assert (population.persons, population.year) == (327_178, 2022)  # mid-2023 is not loaded
    assert "mid-2023 is not loaded" in population.note
    total = shropshire.themes[0]
    assert total.current.rate is not None
    assert total.current.rate.value == pytest.approx(total.current.count / 327_178 * 1000)
    assert any("mid-2023 is not loaded" in w for w in shropshire.warnings)


def test_top_wards_shares_and_overlaps(shropshire: AreaAnalysis) -> None:
    violence = next(t for t in shropshire.themes if t.theme.key == "violence")
    wards = violence.top_wards
    assert len(wards) == 10
    assert [w.rank for w in wards] == list(range(1, 11))
    assert [w.count for w in wards] == sorted((w.count for w in wards), reverse=True)
    for ward in wards:
        assert ward.share.value == pytest.approx(ward.count / violence.current.count)
        assert ward.share.interval.lower < ward.share.value < ward.share.interval.upper
        for other in ward.indistinguishable_from:
            partner = wards[other - 1]
            assert ward.rank in partner.indistinguishable_from
            assert not (ward.count_interval.upper < partner.count_interval.lower)
    assert wards[0].name == "Quarry and Coton Hill"


def test_series_spc_and_twelve_months(shropshire: AreaAnalysis) -> None:
    for theme in shropshire.themes:
        assert len(theme.series) == 36
        assert theme.series[0][0] == "2022-04"
        assert theme.series[-1][0] == "2025-03"
        assert theme.spc is not None
        assert len(theme.spc.points) == 36
        assert [m.month for m in theme.twelve_months][:2] == ["2024-04", "2024-05"]
        assert sum(m.count for m in theme.twelve_months) == theme.current.count
        assert sum(m.year_earlier or 0 for m in theme.twelve_months) == theme.previous.count
        assert theme.trend is not None
        assert theme.narrative[0].startswith(f"{theme.current.count:,} ")


def test_json_is_complete_for_another_program(runner: CliRunner, demo: Workspace) -> None:
    result = runner.invoke(
        main,
        [
            "--workspace",
            str(demo.root),
            "analyse",
            "Shropshire",
            "--period",
            "2024/25",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"]["label"] == "2024/25"
    assert len(data["themes"]) == 11
    for theme in data["themes"]:
        assert {
            "current",
            "previous",
            "change",
            "trend",
            "spc",
            "series",
            "top_wards",
            "narrative",
        } <= set(theme)
        assert theme["change"]["test"]["p_value"] is not None
        assert theme["spc"]["points"][0]["rules"] is not None
        assert theme["top_wards"][0]["share"]["interval"]["method"] == "Wilson"
        assert theme["narrative"]
    assert data["provenance"]["street_files"]
    assert data["methods"]["change test"].startswith("exact conditional")


def test_a_partial_period_is_flagged_and_not_tested(demo: Workspace) -> None:
    with demo.reader() as warehouse:
        result = analyse_in(warehouse, "Shropshire", period="12 months to 2025-06", themes="asb")
    assert not result.coverage.complete
    assert [f"{m:%Y-%m}" for m in result.coverage.missing] == ["2025-04", "2025-05", "2025-06"]
    asb = result.themes[0]
    assert asb.change.test is None
    assert "partial" in asb.change.note
    assert "not tested" in asb.narrative[0]
    assert any("is partial" in w for w in result.warnings)


def test_quarter_comparison_uses_days_as_exposure(shropshire: AreaAnalysis) -> None:
    asb = next(t for t in shropshire.themes if t.theme.key == "asb")
    assert asb.quarter is not None
    assert asb.quarter.test is not None
    assert asb.quarter.current.period.label == "Q4 2024/25"
    assert asb.quarter.other.period.label == "Q3 2024/25"
    assert (asb.quarter.test.current_exposure, asb.quarter.test.previous_exposure) == (90, 92)


def test_comparison_with_partnerships_of_the_force(shropshire: AreaAnalysis) -> None:
    names = [r.area.name for r in shropshire.comparison]
    assert names[0] == "Shropshire"
    assert "Telford and Wrekin" in names
    assert "West Mercia" in names


def test_comparison_counts_match_count_records(demo: Workspace, shropshire: AreaAnalysis) -> None:
    """The comparison counts partnerships in one grouped query; count_in counts each."""
    assert len(shropshire.comparison) >= 4
    with demo.reader() as warehouse:
        for compared in shropshire.comparison:
            found = count_in(
                warehouse, compared.area, start="2024-04", end="2025-03", by=["crime_type"]
            )
            by_type = {str(t): int(n) for t, n in found.rows}
            for theme, (key, count, _) in zip(THEMES, compared.rates, strict=True):
                assert key == theme.key
                assert count == sum(by_type.get(t, 0) for t in theme.crime_types), key


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_errors(runner: CliRunner, demo: Workspace) -> None:
    result = runner.invoke(
        main, ["--workspace", str(demo.root), "analyse", "Shropshire", "--period", "2030/31"]
    )
    assert result.exit_code == 1
    assert "no police.uk street data is loaded for Shropshire" in result.stderr
    result = runner.invoke(
        main,
        [
            "--workspace",
            str(demo.root),
            "analyse",
            "Shropshire",
            "--period",
            "2024/25",
            "--theme",
            "arson",
        ],
    )
    assert "unknown theme 'arson'" in result.stderr


def test_cli_table(runner: CliRunner, demo: Workspace, tmp_path: Path) -> None:
    result = runner.invoke(
        main,
        [
            "--workspace",
            str(demo.root),
            "analyse",
            "Telford & Wrekin",
            "--period",
            "2024/25",
            "--theme",
            "asb,burglary",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "anti-social behaviour incidents were recorded in 2024/25" in result.stdout
    assert "Statistically:" in result.stdout


def test_the_e_test_can_be_chosen(demo: Workspace) -> None:
    from statsmodels.stats.rates import test_poisson_2indep

    with demo.reader() as warehouse:
        result = analyse_in(
            warehouse, "Shropshire", period="2024/25", themes="robbery", test_method="etest"
        )
    robbery = result.themes[0]
    assert robbery.change.test is not None
    expected = test_poisson_2indep(
        robbery.current.count, 365, robbery.previous.count, 366, method="etest"
    ).pvalue
    assert robbery.change.test.p_value == pytest.approx(min(1.0, expected), rel=1e-9)
    assert result.methods["change test"].startswith("E-test")


def test_a_force_with_former_partnerships_is_analysed() -> None:
    # Thames Valley's partnerships include Aylesbury Vale, merged into Buckinghamshire: the
    # comparison leaves such former partnerships out instead of failing.
    oxford = {"lsoa": "E01028526", "lsoa_name": "Oxford 010D", "force": "Thames Valley Police"}
    files = {
        f"2024-0{m}-thames-valley-street.csv": [street_row(month=f"2024-0{m}", **oxford)]
        for m in (1, 2)
    }
    with (
        workspace_with_street_files(files) as workspace,
        workspace.reader() as warehouse,
    ):
        result = analyse_in(warehouse, "Oxford", period="2024-02..2024-02", themes="total")
    names = [r.area.name for r in result.comparison]
    assert names[0] == "Oxford"
    assert {"Cherwell", "Thames Valley"} <= set(names)
    assert "Aylesbury Vale" not in names
