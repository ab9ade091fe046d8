"""The published reports' tables, reproduced cell for cell from their counts."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from saferinsight.analysis.formatting import format_rate
from saferinsight.analysis.tables import read_change_table_csv
from saferinsight.cli.commands import main
from saferinsight.stats.intervals import rate

SEEDS = Path(__file__).parents[1] / "data" / "seed-tables"
CHANGE_TABLES = ["violence-with-injury-breakdown-2023-24.csv", "hate-crime-strands-2023-24.csv"]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name", CHANGE_TABLES)
def test_change_table_reproduces_the_published_table(name: str) -> None:
    published = (SEEDS / name).read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["change-table", str(SEEDS / name), "--no-tests"])
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == rows(published)


@pytest.mark.parametrize("name", CHANGE_TABLES)
def test_change_table_adds_a_test_to_every_row(name: str) -> None:
    published = rows((SEEDS / name).read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["change-table", str(SEEDS / name)])
    derived = rows(result.stdout)
    assert [r[:5] for r in derived] == published
    assert derived[0][5:] == ["p_value", "verdict"]
    for row in derived[1:]:
        assert 0 <= float(row[5]) <= 1
        assert row[6].startswith(
            ("a statistically significant", "no evidence of change", "no events")
        )


def test_hate_crime_total_and_exposures() -> None:
    table = read_change_table_csv(SEEDS / "hate-crime-strands-2023-24.csv")
    assert (table.total.label, table.total.current, table.total.previous) == (
        "Grand Total",
        337,
        437,
    )
    assert (table.current_exposure, table.previous_exposure) == (366, 365)  # 2023/24 is a leap year
    assert table.total.test is not None
    assert table.total.test.verdict == "a statistically significant fall"
    race = table.rows[0]
    assert race.test is not None
    assert race.test.significant


def test_a_total_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("offence,2023/24,2022/23\na,5,4\nb,1,1\nGrand total,7,5\n")
    result = CliRunner().invoke(main, ["change-table", str(path)])
    assert result.exit_code == 1
    assert "row 4: the Grand total row says 7 and 5 but the rows add up to 6 and 5" in (
        result.stderr
    )


def test_a_bad_count_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("offence,2023/24,2022/23\na,5,4\nb,1.5,1\n")
    result = CliRunner().invoke(main, ["change-table", str(path)])
    assert result.exit_code == 1
    assert "row 3, column 2023/24: '1.5' is not a whole number" in result.stderr


def area_comparison() -> tuple[list[str], list[tuple[str, list[tuple[int, str]]]]]:
    with open(SEEDS / "area-comparison-2015-16.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    parsed = []
    for line in table[1:]:
        cells = []
        for cell in line[1:]:
            count, published = cell.split(" (")
            cells.append((int(count), published.rstrip(")")))
        parsed.append((line[0], cells))
    return table[0][1:], parsed


def test_area_comparison_rates_from_counts_and_population() -> None:
    """Rates per 1,000 in the report's form (whole numbers; 2 dp cut down where the whole
    number would be 0), from the counts and a population per area. Shropshire's is the mid-2014
    estimate 310,121; the others are not printed, so each is derived as the interval every
    published rate allows, which must not be empty, and its midpoint must reproduce every
    cell."""
    areas, offences = area_comparison()
    for column, area in enumerate(areas):
        low, high = 0.0, math.inf
        for _, cells in offences:
            count, published = cells[column]
            value = float(published)
            if "." in published:  # cut down to 2 dp: value <= rate < value + 0.01
                low = max(low, count * 1000 / (value + 0.01))
                high = min(high, count * 1000 / value)
            else:  # rounded half up: value - 0.5 <= rate < value + 0.5
                low = max(low, count * 1000 / (value + 0.5))
                high = min(high, count * 1000 / (value - 0.5)) if value > 0.5 else high
        assert low < high, area
        population = 310_121 if area == "Shropshire" else (low + high) / 2
        if area == "Shropshire":
            assert low <= population <= high
        for offence, cells in offences:
            count, published = cells[column]
            estimate = rate(count, population, per=1000)
            assert format_rate(estimate.value) == published, (area, offence)
