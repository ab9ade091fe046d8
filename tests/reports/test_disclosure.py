"""Disclosure control: the NHS Digital 2018 rule, secondary suppression and the text scanner."""

from __future__ import annotations

import dataclasses
import inspect
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferinsight.reports import disclosure
from saferinsight.reports.disclosure import (
    DEFAULT_RULE,
    NOT_A_COUNT,
    DisclosureRule,
    ProtectedTable,
    protect_count,
    protect_percentage,
    protect_table,
    recoverable_cells,
)
from saferinsight.reports.scan import Violation, find_disclosive_numbers

FAST = settings(database=None, deadline=None, max_examples=300)
RULES = [
    DEFAULT_RULE,
    DisclosureRule(suppress_to=4),
    DisclosureRule(suppress_from=0, suppress_to=9, round_to=10),
    DisclosureRule(suppress_to=5, round_to=1),
]


def test_public_api() -> None:
    defined_here = {
        name
        for name, obj in vars(disclosure).items()
        if not name.startswith("_")
        and not inspect.ismodule(obj)
        and getattr(obj, "__module__", disclosure.__name__) == disclosure.__name__
    }
    assert sorted(defined_here - {"Position"}) == sorted(disclosure.__all__)
    assert NOT_A_COUNT == "\u2060"


# --- single counts and percentages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0"),
        *[(n, "*") for n in range(1, 8)],
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (17, "15"),
        (18, "20"),
        (22, "20"),
        (23, "25"),
        (1234, "1,235"),
        (1_000_002, "1,000,000"),
    ],
)
def test_protect_count(n: int, shown: str) -> None:
    assert protect_count(n) == shown


def test_protect_count_options() -> None:
    assert protect_count(1234, thousands=False) == "1235"
    assert protect_count(15, DisclosureRule(round_to=10)) == "20"  # half up
    assert protect_count(14, DisclosureRule(round_to=10)) == "10"
    assert protect_count(5, DisclosureRule(suppress_to=4)) == "5"
    assert protect_count(0, DisclosureRule(suppress_from=0, suppress_to=9, round_to=10)) == "*"
    assert protect_count(3, DisclosureRule(symbol="[c]")) == "[c]"
    assert protect_count(9, DisclosureRule(suppress_to=0, round_to=1)) == "9"


@pytest.mark.parametrize("bad", [-1, 2.0, "3", True, None])
def test_protect_count_rejects_non_counts(bad: object) -> None:
    with pytest.raises((TypeError, ValueError), match="count"):
        protect_count(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"suppress_from": 3}, "suppress_from"),
        ({"suppress_to": -1}, "suppress_to"),
        ({"round_to": 0}, "round_to"),
        ({"suppress_to": 0, "round_to": 5}, "as 0"),
        ({"symbol": ""}, "symbol"),
        ({"symbol": "<5"}, "symbol"),
        ({"pct_one_decimal_min_denominator": -1}, "pct_one_decimal"),
    ],
)
def test_rule_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DisclosureRule(**kwargs)  # type: ignore[arg-type]


def test_describe() -> None:
    text = DEFAULT_RULE.describe()
    for phrase in (
        "0 stays 0",
        "counts of 1 to 7 are shown as *",
        "rounded to the nearest 5",
        "totals are computed from the unrounded counts",
        "at least 4,000",
        "secondary suppression",
    ):
        assert phrase in text
    zeros_too = DisclosureRule(suppress_from=0, suppress_to=9, round_to=10).describe()
    assert zeros_too.startswith("Counts of 0 to 9 are shown as *")
    assert "0 stays 0" not in zeros_too
    assert "shown as they are" in DisclosureRule(round_to=1).describe()


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (12, 83, "12%"),  # 10 / 85
        (10, 80, "13%"),  # 12.5 rounds half up
        (0, 80, "0%"),
        (4, 80, "*"),
        (40, 6, "*"),
        (123, 3997, "3%"),  # denominator rounds to 3,995: whole numbers
        (123, 3998, "3.1%"),  # 125 / 4,000 = 3.125
        (1002, 4000, "25.0%"),
        (1003, 4000, "25.1%"),
        (50, 40, "125%"),
    ],
)
def test_protect_percentage(numerator: int, denominator: int, shown: str) -> None:
    assert protect_percentage(numerator, denominator) == shown


def test_protect_percentage_options_and_errors() -> None:
    assert protect_percentage(12, 83, sign=False) == "12"
    assert protect_percentage(12, 83, DisclosureRule(pct_one_decimal_min_denominator=0)) == "11.8%"
    with pytest.raises(ValueError, match="denominator is 0"):
        protect_percentage(0, 0)


# --- tables --------------------------------------------------------------------------------


def test_totals_come_from_unrounded_counts() -> None:
    table = protect_table([[12, 12, 12]])
    assert table.cells == (("10", "10", "10"),)
    assert table.row_totals == ("35",)  # 36, not 10 + 10 + 10
    assert table.column_totals == ("10", "10", "10")
    assert table.grand_total == "35"
    assert table.primary == table.secondary == frozenset()


def test_two_by_two_pattern_from_one_small_cell() -> None:
    table = protect_table([[3, 12, 20], [9, 14, 30], [25, 40, 50]])
    # Row 0 has one '*' so its smallest other cell (12) goes; column 0 then takes 9, and
    # column 1 takes 14: a 2 x 2 block that no total can undo.
    assert table.primary == {(0, 0)}
    assert table.secondary == {(0, 1), (1, 0), (1, 1)}
    assert table.with_totals() == (
        ("*", "*", "20", "35"),
        ("*", "*", "30", "55"),
        ("25", "40", "50", "115"),
        ("35", "65", "100", "205"),
    )
    assert recoverable_cells(table) == set()


def test_row_with_one_primary_and_row_totals_only() -> None:
    table = protect_table([[20, 4, 9, 30]], column_totals=False)
    assert table.cells == (("20", "*", "*", "30"),)
    assert table.secondary == {(0, 2)}
    assert table.row_totals == ("65",)
    assert table.column_totals is None
    assert table.grand_total is None


def test_column_with_one_primary_and_column_totals_only() -> None:
    table = protect_table([[20, 30], [4, 25], [30, 40]], row_totals=False)
    assert [row[0] for row in table.cells] == ["*", "*", "30"]
    assert table.primary == {(1, 0)}
    assert table.secondary == {(0, 0)}
    assert table.column_totals == ("55", "95")


def test_small_sum_of_suppressed_cells_is_not_enough() -> None:
    # 2 + 3 = 5 could be read off the total: the next-smallest cell (30) goes too.
    table = protect_table([[2, 3, 30, 40]], column_totals=False)
    assert table.cells == (("*", "*", "*", "40"),)
    assert table.secondary == {(0, 2)}


def test_small_total_is_suppressed_with_its_cells() -> None:
    table = protect_table([[1, 2], [0, 0]])
    assert table.with_totals() == (("*", "*", "*"), ("0", "0", "0"), ("*", "*", "*"))
    assert table.primary == {(0, 0), (0, 1), (0, 2), (2, 0), (2, 1), (2, 2)}
    assert table.secondary == frozenset()


def test_single_column_hides_the_matching_row_total() -> None:
    table = protect_table([[3], [20], [40]])
    assert table.with_totals() == (("*", "*"), ("*", "*"), ("40", "40"), ("65", "65"))
    assert table.secondary == {(1, 0), (1, 1)}
    assert recoverable_cells(table) == set()


def test_single_cell() -> None:
    assert protect_table([[5]]).with_totals() == (("*", "*"), ("*", "*"))
    assert protect_table([[12]]).with_totals() == (("10", "10"), ("10", "10"))
    bare = protect_table([[5]], row_totals=False, column_totals=False)
    assert bare.cells == (("*",),)
    assert bare.row_totals is bare.column_totals is bare.grand_total is None


def test_zeros_are_never_secondary() -> None:
    table = protect_table([[5, 0, 0], [0, 20, 0], [0, 0, 30]])
    for i, row in enumerate([[5, 0, 0], [0, 20, 0], [0, 0, 30]]):
        for j, value in enumerate(row):
            if value == 0:
                assert table.cells[i][j] == "0"
    assert recoverable_cells(table) == set()


@pytest.mark.parametrize(
    ("values", "message"),
    [([], "empty"), ([[]], "empty"), ([[1, 2], [3]], "different lengths"), ([[1, -2]], "0 or")],
)
def test_protect_table_rejects_bad_input(values: list[list[int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        protect_table(values)


def test_recoverable_cells_finds_a_bridge_between_two_blocks() -> None:
    # Every row and column has 0 or at least 2 '*', yet rows 0 + 1 minus columns 0 + 1 leave
    # cell (1, 2) alone: a reader can solve for it.
    star = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    cells = tuple(tuple("*" if (i, j) in star else "50" for j in range(4)) for i in range(4))
    table = ProtectedTable(
        cells=cells,
        row_totals=("200",) * 4,
        column_totals=("200",) * 4,
        grand_total="800",
        primary=frozenset(star),
        secondary=frozenset(),
    )
    assert recoverable_cells(table) == {(1, 2)} == _determined(table)
    # Without column totals nothing can be solved: every row has two or more unknowns.
    no_columns = ProtectedTable(cells, ("200",) * 4, None, None, frozenset(star), frozenset())
    assert recoverable_cells(no_columns) == set() == _determined(no_columns)


def test_line_rules_alone_can_leave_a_cell_recoverable() -> None:
    values = [[0, 28, 0], [17, 29, 1], [0, 28, 1]]
    table = protect_table(values)
    assert table.with_totals() == (
        ("0", "*", "0", "*"),
        ("*", "*", "*", "45"),
        ("0", "*", "*", "*"),
        ("*", "85", "*", "105"),
    )
    assert table.primary == {(1, 2), (2, 2), (3, 2)}
    assert recoverable_cells(table) == set() == _determined(table)
    # Every line has 0 or 2+ '*' without (1, 1), but rows 0 and 2 with columns 1 and 3 close
    # on themselves and so do row 1 and columns 0 and 2: cell (2, 2) links them and is fixed.
    assert (1, 1) in table.secondary
    cells = list(map(list, table.cells))
    cells[1][1] = "30"
    line_rules_only = dataclasses.replace(table, cells=tuple(map(tuple, cells)))
    assert recoverable_cells(line_rules_only) == {(2, 2)} == _determined(line_rules_only)


def test_recoverable_cells_sees_a_lone_suppressed_total() -> None:
    table = ProtectedTable(
        cells=(("10", "20"), ("30", "40")),
        row_totals=("*", "70"),
        column_totals=("40", "60"),
        grand_total="100",
        primary=frozenset(),
        secondary=frozenset({(0, 2)}),
    )
    assert recoverable_cells(table) == {(0, 2)} == _determined(table)


def _determined(table: ProtectedTable) -> set[tuple[int, int]]:
    """Independent check: which unknowns the face-value equations fix (exact linear algebra)."""
    n_rows, n_cols = table.shape
    grid = {(i, j): text for i, row in enumerate(table.with_totals()) for j, text in enumerate(row)}
    unknowns = sorted(p for p, text in grid.items() if text == table.rule.symbol)
    index = {p: k for k, p in enumerate(unknowns)}
    equations = []
    for i in range(n_rows + 1):
        if (i, n_cols) in grid:
            members = [(i, j) for j in range(n_cols) if (i, j) in grid]
            equations.append({**dict.fromkeys(members, 1), (i, n_cols): -1})
    for j in range(n_cols + 1):
        if (n_rows, j) in grid:
            members = [(i, j) for i in range(n_rows) if (i, j) in grid]
            equations.append({**dict.fromkeys(members, 1), (n_rows, j): -1})
    matrix = [
        [Fraction(eq.get(p, 0)) for p in unknowns]
        for eq in equations
        if any(p in eq for p in index)
    ]
    pivots: dict[int, int] = {}
    row = 0
    for col in range(len(unknowns)):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        lead = matrix[row][col]
        matrix[row] = [x / lead for x in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=True)]
        pivots[col] = row
        row += 1
    free = [c for c in range(len(unknowns)) if c not in pivots]
    return {unknowns[c] for c, r in pivots.items() if all(matrix[r][f] == 0 for f in free)}


tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(1, 6).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 40) | st.integers(0, 9), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@FAST
@given(
    values=tables,
    row_totals=st.booleans(),
    column_totals=st.booleans(),
    rule=st.sampled_from(RULES),
)
def test_protected_tables_are_safe(
    values: list[list[int]], row_totals: bool, column_totals: bool, rule: DisclosureRule
) -> None:
    table = protect_table(values, row_totals=row_totals, column_totals=column_totals, rule=rule)
    n_rows, n_cols = len(values), len(values[0])
    truth = {(i, j): v for i, row in enumerate(values) for j, v in enumerate(row)}
    shown = {(i, j): text for i, row in enumerate(table.cells) for j, text in enumerate(row)}
    if row_totals:
        truth.update({(i, n_cols): sum(row) for i, row in enumerate(values)})
        shown.update({(i, n_cols): t for i, t in enumerate(table.row_totals or ())})
    if column_totals:
        truth.update({(n_rows, j): sum(r[j] for r in values) for j in range(n_cols)})
        shown.update({(n_rows, j): t for j, t in enumerate(table.column_totals or ())})
    if row_totals and column_totals:
        truth[(n_rows, n_cols)] = sum(map(sum, values))
        assert table.grand_total is not None
        shown[(n_rows, n_cols)] = table.grand_total
    else:
        assert table.grand_total is None

    assert recoverable_cells(table) == set()
    assert _determined(table) == set()
    hidden = {p for p, text in shown.items() if text == rule.symbol}
    assert table.primary == {p for p, v in truth.items() if rule.suppresses(v)}
    assert table.primary | table.secondary == hidden
    assert not table.primary & table.secondary
    for p, text in shown.items():
        if text == rule.symbol:
            continue
        number = int(text.replace(",", ""))
        assert number == rule.rounded(truth[p])  # totals from unrounded counts
        assert not rule.suppresses(number)
        assert number % rule.round_to == 0
        if truth[p] == 0:
            assert text == "0"
        assert not find_disclosive_numbers(text, rule=rule)
    # no shown total gives away a small sum of suppressed cells
    for members, margin in _lines(truth, n_rows, n_cols):
        if margin in hidden:
            continue
        sum_hidden = [truth[p] for p in members if p in hidden]
        assert not sum_hidden or (len(sum_hidden) >= 2 and sum(sum_hidden) > rule.suppress_to)


def _lines(
    truth: dict[tuple[int, int], int], n_rows: int, n_cols: int
) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    lines = []
    for i in range(n_rows + 1):
        if (i, n_cols) in truth:
            lines.append(([(i, j) for j in range(n_cols) if (i, j) in truth], (i, n_cols)))
    for j in range(n_cols + 1):
        if (n_rows, j) in truth:
            lines.append(([(i, j) for i in range(n_rows) if (i, j) in truth], (n_rows, j)))
    return lines


def test_large_table_is_fast_and_safe() -> None:
    values = [[(7 * i + 3 * j) % 23 for j in range(12)] for i in range(40)]
    table = protect_table(values)
    assert recoverable_cells(table) == set()


# --- scanning finished text ----------------------------------------------------------------


def _values(text: str, **kwargs: object) -> list[str]:
    return [v.value for v in find_disclosive_numbers(text, **kwargs)]  # type: ignore[arg-type]


def test_finds_small_and_unrounded_counts() -> None:
    found = find_disclosive_numbers("There were 4 incidents and a total of 1,234 crimes.")
    assert found == [
        Violation("paragraph 1", "4", "count 4 is between 1 and 7", 11),
        Violation("paragraph 1", "1,234", "count 1,234 is not a multiple of 5", 38),
    ]
    assert _values("8 burglaries, 10 robberies, 1,235 thefts, 0 arsons and 12,500 others") == ["8"]


@pytest.mark.parametrize(
    "text",
    [
        "2024/25",
        "2023-24",
        "2023\u201324",
        "2019/2020",
        "1999/00",
        "April 2024",
        "in 2024",
        "12%",
        "12 %",
        "12.5%",
        "3 per cent",
        "4 percentage points",
        "0.45",
        "3.2",
        "1,234.5",
        "E06000051",
        "E05008180",
        "W15000004",
        "Q4",
        "WD22",
        "A&E",
        "1st",
        "3rd",
        "4km",
        "2024-03",
        "2024-03-31",
        "31/03/2025",
        "31/03/25",
        "03/2025",
        "31 March 2025",
        "1 Jan",
        "March 31, 2025",
        "at 14:17",
        "£1,234",
        "Table 3",
        "see figure 2",
        NOT_A_COUNT + "4 wards",
        NOT_A_COUNT + "16-24",
        NOT_A_COUNT + "16\u201324",
        NOT_A_COUNT + "1,234",
    ],
)
def test_ignores_numbers_that_are_not_counts(text: str) -> None:
    assert find_disclosive_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("4,5 and 6", ["4", "5", "6"]),  # a list, not 45
        ("In March 12 burglaries", ["12"]),  # no year after the day: a count
        ("In 2019 - 24 incidents", ["24"]),  # spaces: not a year range
        ("4 may be repeat victims", ["4"]),
        ("a change of -4", ["-4"]),
        ("up +12 (\u221213 last year)", ["+12", "\u221213"]),
        ("COVID-19 and 2024-7", ["19", "7"]),
        ("16-24", ["16", "24"]),  # age bands need the marker or allow
        ("rank 3", ["3"]),
        ("2,024 crimes", ["2,024"]),  # a count of that size written as a count
        ("2024-7", ["7"]),
        ("(n=786)", ["786"]),
        ("Tables 3 and 4", ["4"]),
        (NOT_A_COUNT + "4 and 6", ["6"]),
    ],
)
def test_cautious_about_what_might_be_a_count(text: str, found: list[str]) -> None:
    assert _values(text) == found


def test_changes_between_rounded_counts() -> None:
    assert _values("+5, -5, \u22125, +0, (-15) and -1,235") == []
    found = find_disclosive_numbers("a change of -4")
    assert found == [Violation("paragraph 1", "-4", "change -4 is not a multiple of 5", 12)]


def test_bare_year_like_count_is_the_documented_gap() -> None:
    assert _values("2024 crimes") == []


def test_allow_list_covers_whole_occurrences_only() -> None:
    assert _values("rank 3 of 13", allow=["rank 3"]) == ["13"]
    assert _values("13 and 3", allow=["3"]) == ["13"]
    assert _values("aged 16-24: 6 victims", allow=["aged 16-24", ""]) == ["6"]


def test_number_words_on_request() -> None:
    text = "Three victims, one of whom was one of two"
    assert _values(text) == []
    assert _values(text, words=True) == ["Three", "two"]
    assert _values("two " + NOT_A_COUNT + "three", words=True) == ["two"]
    assert _values("eight", words=True) == []
    assert _values("eight", words=True, rule=RULES[2]) == ["eight"]


def test_locations() -> None:
    text = "Fine: 10.\n\n\nThere were 3.\n \nAnd 12."
    assert [v.location for v in find_disclosive_numbers(text)] == ["paragraph 2", "paragraph 3"]
    cell = find_disclosive_numbers("4", location="table 3, row 'Quarry', column '2024/25'")
    assert cell[0].location == "table 3, row 'Quarry', column '2024/25'"
    many = find_disclosive_numbers("4\n\n6", location="section 2")
    assert [v.location for v in many] == ["section 2, paragraph 1", "section 2, paragraph 2"]


def test_scanner_follows_the_rule() -> None:
    rule = DisclosureRule(suppress_to=4)
    assert _values("5 and 6 and 7", rule=rule) == ["6", "7"]
    assert _values("0 victims", rule=RULES[2]) == ["0"]


@FAST
@given(st.integers(0, 10**7), st.sampled_from(RULES))
def test_protected_counts_pass_and_raw_counts_are_caught(n: int, rule: DisclosureRule) -> None:
    assert find_disclosive_numbers(f"There were {protect_count(n, rule)} crimes.", rule=rule) == []
    raw = f"There were {n:,} crimes."
    caught = rule.suppresses(n) or n % rule.round_to != 0
    assert bool(find_disclosive_numbers(raw, rule=rule)) == caught
