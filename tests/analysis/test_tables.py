"""Properties of the table builders and the reports' number conventions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from saferinsight.analysis.formatting import PLAIN, format_pct, round_half_up
from saferinsight.analysis.tables import change_table, composition

counts = st.integers(min_value=0, max_value=5_000)
rows = st.lists(st.tuples(st.text(min_size=1, max_size=8), counts, counts), min_size=1, max_size=12)


@given(rows)
def test_rows_and_grand_total_are_consistent(data: list[tuple[str, int, int]]) -> None:
    table = change_table(data, tests=False)
    assert table.total.current == sum(r[1] for r in data)
    assert table.total.previous == sum(r[2] for r in data)
    assert table.total.change == sum(r.change for r in table.rows)
    assert sorted((r.label, r.current, r.previous) for r in table.rows) == sorted(data)
    currents = [r.current for r in table.rows]
    assert currents == sorted(currents, reverse=True)
    cells = table.cells(PLAIN, tests=False)
    assert len(cells) == len(data) + 2
    for row, line in zip((*table.rows, table.total), cells[1:], strict=True):
        change, pct = int(line[3]), line[4]
        assert change == row.current - row.previous
        if row.previous == 0:
            assert pct == "N/A"
        else:
            number = int(pct.rstrip("%"))
            assert (number > 0) <= (change > 0)
            assert (number < 0) <= (change < 0)


@given(counts, st.integers(min_value=1, max_value=5_000))
def test_percent_change_rounds_half_away_from_zero(current: int, previous: int) -> None:
    exact = Fraction(current - previous, previous) * 100
    text = format_pct(float(exact), PLAIN)
    number = int(text.rstrip("%"))
    magnitude = abs(exact)
    expected = int(magnitude) + (1 if magnitude - int(magnitude) >= Fraction(1, 2) else 0)
    assert abs(number) == expected
    assert number == 0 or (number > 0) == (exact > 0)


def test_half_cases() -> None:
    assert [format_pct(v) for v in (0.5, -0.5, 1.5, 2.5, -2.5, 300.0)] == [
        "1%",
        "-1%",
        "2%",
        "3%",
        "-3%",
        "300%",
    ]
    assert round_half_up(0.125, 2) == Decimal("0.13")
    assert format_pct(-0.4) == "0%"


def test_change_from_zero_and_to_zero() -> None:
    table = change_table([("a", 2, 0), ("b", 0, 1), ("c", 0, 0)], tests=True)
    cells = table.cells(PLAIN)
    assert cells[1][:5] == ["a", "2", "0", "2", "N/A"]
    assert cells[2][:5] == ["b", "0", "1", "-1", "-100%"]
    assert cells[3][:5] == ["c", "0", "0", "0", "N/A"]
    assert cells[3][6] == "no events in either period"


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5), counts), min_size=1, max_size=10))
def test_composition_shares_add_up(data: list[tuple[str, int]]) -> None:
    shares = composition(data)
    if sum(n for _, n in data) == 0:
        assert shares == ()
    else:
        assert abs(sum(s.share.value for s in shares) - 1) < 1e-9
        for share in shares:
            assert share.share.interval.lower <= share.share.value <= share.share.interval.upper
