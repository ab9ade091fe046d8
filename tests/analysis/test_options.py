"""analyse_in and analyse_all_in check their options before any work: OptionError naming
the option, with a hint, never a ValueError from inside a statistic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from saferinsight.analysis.engine import analyse_in
from saferinsight.analysis.national import analyse_all_in
from saferinsight.errors import AreaError, OptionError
from saferinsight.generate.fixtures import street_row, workspace_with_street_files
from saferinsight.store.warehouse import Warehouse

PERIOD = "2024-01..2024-03"


@pytest.fixture(scope="module")
def warehouse() -> Iterator[Warehouse]:
    files = {
        f"2024-0{m}-west-mercia-street.csv": [street_row(month=f"2024-0{m}") for _ in range(3)]
        for m in (1, 2, 3)
    }
    with (
        workspace_with_street_files(files) as workspace,
        workspace.reader() as opened,
    ):
        yield opened


@pytest.mark.parametrize(
    ("options", "option", "message"),
    [
        ({"alpha": 2}, "alpha", "alpha must be a number between 0 and 1 (not 0 or 1)"),
        ({"alpha": 0}, "alpha", "got 0."),
        ({"spc_baseline": 1}, "spc_baseline", "from 2 to 36; got 1."),
        ({"spc_baseline": 0}, "spc_baseline", "from 2 to 36; got 0."),
        ({"spc_baseline": 37}, "spc_baseline", "from 2 to 36; got 37."),
        ({"spc_baseline": 12}, "spc_baseline", "more than the 3 months loaded"),
        ({"period": "9999/00"}, "period", "outside the years 1900 to 2200"),
        ({"period": "Sep-Aug 2022/24"}, "period", "two consecutive years"),
        ({"test_method": "t-test"}, "test_method", "'t-test' is not one of exact-cond"),
        ({"themes": "nope"}, "themes", "unknown theme 'nope'"),
        ({"denominator_year": 12}, "denominator_year", "a year, from 1900 to 2200"),
    ],
)
def test_analyse_area_refuses_bad_options(
    warehouse: Warehouse, options: dict[str, Any], option: str, message: str
) -> None:
    arguments: dict[str, Any] = {"period": PERIOD, **options}
    with pytest.raises(OptionError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        analyse_in(warehouse, "Shropshire", **arguments)
    assert e.value.option == option
    assert e.value.hint is not None


def test_a_baseline_as_long_as_the_series_is_accepted(warehouse: Warehouse) -> None:
    result = analyse_in(warehouse, "Shropshire", period=PERIOD, spc_baseline=3, themes="total")
    spc = result.themes[0].spc
    assert spc is not None
    assert spc.baseline_points == 3


def test_an_unknown_area_to_compare_with_is_named(warehouse: Warehouse) -> None:
    with pytest.raises(AreaError, match="no area called 'Narnia'"):
        analyse_in(warehouse, "Shropshire", period=PERIOD, compare=["Telford and Wrekin", "Narnia"])


def test_areas_to_compare_with_are_kept(warehouse: Warehouse) -> None:
    result = analyse_in(
        warehouse, "Shropshire", period=PERIOD, compare=["Telford and Wrekin"], themes="total"
    )
    assert [r.area.name for r in result.comparison] == ["Shropshire", "Telford and Wrekin"]


def test_no_data_for_the_period_hints_at_loading_police_uk(warehouse: Warehouse) -> None:
    from saferinsight.errors import QueryError

    with pytest.raises(QueryError) as caught:
        analyse_in(warehouse, "Shropshire", period="2030/31")
    assert "safer" not in str(caught.value)
    assert caught.value.hint is not None
    assert caught.value.hint.action == "ingest-police-uk"


def test_a_missing_population_year_is_said_without_a_command(warehouse: Warehouse) -> None:
    result = analyse_in(warehouse, "Shropshire", period=PERIOD, themes="total")
    population = result.population
    assert population is not None
    assert (
        population.note == "mid-2023 is not loaded; the latest earlier estimate (mid-2022) is used"
    )
    assert population.hint is not None
    assert population.hint.action == "ingest-population"
    assert not any("safer" in w or "--" in w for w in result.warnings)
    assert result.to_dict()["population"]["hint"]["action"] == "ingest-population"


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"alpha": 1.5}, "alpha"),
        ({"period": "9999/00"}, "period"),
        ({"themes": ","}, "themes"),
        ({"test_method": "t-test"}, "test_method"),
        ({"denominator_year": -1}, "denominator_year"),
    ],
)
def test_analyse_all_refuses_bad_options(
    warehouse: Warehouse, options: dict[str, Any], option: str
) -> None:
    arguments: dict[str, Any] = {"period": PERIOD, **options}
    with pytest.raises(OptionError) as caught:
        analyse_all_in(warehouse, **arguments)
    assert caught.value.option == option
