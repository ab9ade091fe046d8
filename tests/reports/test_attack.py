"""The disclosure attack: each leak issue 13 found in the public edition, seeded in a small
document, is found on the vulnerable rendering and not on the fixed one."""

from __future__ import annotations

from datetime import datetime

import pytest

from saferinsight.analysis.narrative import p_text
from saferinsight.errors import DisclosureError
from saferinsight.reports.attack import Leak, attack_document, attack_table, attack_text
from saferinsight.reports.build import verify_public
from saferinsight.reports.chart import make_chart
from saferinsight.reports.disclosure import NOT_A_COUNT, DisclosureRule
from saferinsight.reports.document import (
    Bullets,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
)
from saferinsight.reports.edition import Edition
from saferinsight.stats.change import change_test
from saferinsight.stats.intervals import proportion

SHARE = ("", "Number", "Of", "%", "95% interval (Wilson)")
CHANGE = ("", "2024/25", "2023/24", "Numerical change", "% change", "p", "Statistical verdict")


def wilson(part: int, whole: int) -> str:
    estimate = proportion(part, whole).interval
    return f"{estimate.lower * 100:.1f}% to {estimate.upper * 100:.1f}%"


def p_value(current: int, previous: int) -> str:
    return p_text(
        change_test(current, previous, current_exposure=365, previous_exposure=366).p_value
    )


def share_table(*rows: tuple[str, ...], caption: str = "Shares") -> Table:
    return Table(caption, SHARE, rows)


def document(*blocks: Table | Paragraph | Bullets | Figure) -> Document:
    section = Section("Partner data", "partner-x", tuple(blocks))
    return Document(
        "Report", "", "public", (section,), datetime(2025, 4, 1), "Shropshire", "2024/25", ""
    )


def only(leaks: list[Leak], column: str = "Number") -> Leak:
    chosen = [leak for leak in leaks if leak.column == column]
    assert len(chosen) == 1, [leak.describe() for leak in leaks]
    return chosen[0]


def test_the_seeded_intervals_are_those_of_the_issue() -> None:
    """The seeds are the issue's printed figures, computed here from the true counts."""
    assert wilson(6, 186) == "1.5% to 6.9%"
    assert wilson(7, 236) == "1.4% to 6.0%"
    assert wilson(8, 236) == "1.7% to 6.5%"
    assert wilson(13, 236) == "3.2% to 9.2%"


@pytest.mark.parametrize(
    ("number", "whole", "interval", "true"),
    [
        ("*", "185", "1.5% to 6.9%", 6),  # robbery "* * 1.5% to 6.9%" of 186
        ("*", NOT_A_COUNT + "186", "1.5% to 6.9%", 6),  # the same, 186 printed exactly
        ("*", "235", "1.4% to 6.0%", 7),  # possession of weapons, 7 of 236
        ("10", "235", "1.7% to 6.5%", 8),  # a cell printed 10 is really 8
    ],
)
def test_a_wilson_interval_of_the_true_count_gives_it_away(
    number: str, whole: str, interval: str, true: int
) -> None:
    table = share_table(("Robbery", number, whole, "*" if number == "*" else "4%", interval))
    leak = only(attack_table(table))
    assert leak.recovered == (true,)
    assert leak.row == "Robbery"
    assert leak.attack.endswith("Wilson interval")
    assert f"leaves {true} " in leak.describe()


def test_an_interval_of_the_printed_counts_gives_nothing_away() -> None:
    fixed = share_table(
        ("Robbery", "*", "185", "*", "*"),
        ("Weapons", "10", "235", "4%", wilson(10, 235)),
        ("DVPN South Worcester", "15", "15", "100%", wilson(15, 15)),
        ("Kick", "50", "335", "15%", wilson(50, 335)),
    )
    assert attack_table(fixed) == []


def test_a_percentage_outside_its_printed_counts_is_inverted_too() -> None:
    """DVPN South Worcester "100% (62.1% to 96.3%)": the interval of the true 13 of 15."""
    table = share_table(("South Worcester", "15", "15", "87%", wilson(13, 15)))
    assert only(attack_table(table)).recovered == (13,)


def test_a_p_value_printed_on_a_suppressed_row_is_inverted() -> None:
    """ "Hate: Age * * p = 0.624": the pairs of counts 1 to 7 that give 0.624 are few."""
    vulnerable = Table(
        "Hate crime", CHANGE, (("Hate: Age", "*", "*", "*", "*", p_value(3, 5), "*"),)
    )
    leaks = attack_table(vulnerable)
    current = only(leaks, "2024/25")
    assert 3 in current.recovered
    assert len(current.recovered) < 7
    assert current.attack == "p-value"
    fixed = Table("Hate crime", CHANGE, (("Hate: Age", "*", "*", "*", "*", "*", "*"),))
    assert attack_table(fixed) == []


def test_a_p_value_of_the_true_counts_beside_rounded_ones_is_inverted() -> None:
    true_p = p_value(22, 8)  # printed 20 and 10
    vulnerable = Table("Drugs", CHANGE, (("Other", "20", "10", "+10", "100%", true_p, ""),))
    leaks = attack_table(vulnerable)
    assert 22 in only(leaks, "2024/25").recovered
    assert 8 in only(leaks, "2023/24").recovered
    fixed = Table("Drugs", CHANGE, (("Other", "20", "10", "+10", "100%", p_value(20, 10), ""),))
    assert attack_table(fixed) == []


def test_a_percentage_change_of_the_true_counts_is_inverted() -> None:
    # 12 against 9 is +33%; printed 10 against 10 (rounded), the % change gives 12 and 9 away
    table = Table("Fires", CHANGE, (("Dwelling", "10", "10", "+0", "33%", "", ""),))
    leaks = attack_table(table)
    assert only(leaks, "2024/25").recovered == (12,)
    assert only(leaks, "2023/24").recovered == (9,)
    assert only(leaks, "2023/24").attack == "% change"


def test_a_total_printed_unrounded_gives_a_lone_suppressed_cell_away() -> None:
    header = ("", "Female", "Male")
    exact_total = Table(
        "Deaths by sex",
        header,
        (("18-24", "*", "20"), ("25-29", "*", "*"), ("Total", "*", NOT_A_COUNT + "23")),
        total_row=True,
    )
    # the male column: 23 exactly, less 18 to 22, leaves 1 to 5 of the suppressed 1 to 7
    leak = only(attack_table(exact_total), "Male")
    assert (leak.row, leak.recovered) == ("25-29", (1, 2, 3, 4, 5))
    assert leak.attack == "column total less the other rows"
    rounded_total = Table(
        "Deaths by sex",
        header,
        (("18-24", "*", "20"), ("25-29", "*", "*"), ("Total", "*", "25")),
        total_row=True,
    )
    assert attack_table(rounded_total) == []


def test_differencing_pins_a_cell_between_two_exact_margins() -> None:
    table = Table(
        "Channel",
        ("", "Cases"),
        (("Islamist", "*"), ("Other", NOT_A_COUNT + "12"), ("All", NOT_A_COUNT + "15")),
        total_row=True,
    )
    assert only(attack_table(table), "Cases").recovered == (3,)


def test_rows_that_do_not_add_up_are_not_an_equation() -> None:
    table = Table(
        "Flags", ("", "Cases"), (("A", "100"), ("B", "100"), ("All", "50")), total_row=True
    )
    assert attack_table(table) == []


def test_a_sentence_with_the_true_interval_is_inverted() -> None:
    """The bullet "(n=15) ... 3.2% to 9.2%" is really 13."""
    text = "Burnell (n=15) had 5.5% of the 235 offences (95% interval 3.2% to 9.2%)."
    leaks = attack_text(text)
    # 13 of 236: the interval narrows the whole (233 to 237) as well as the part
    assert [leak.recovered for leak in leaks] == [(13,), (236, 237)]
    fixed = f"Burnell (n=15) had 6% of the 235 offences (95% interval {wilson(15, 235)})."
    assert attack_text(fixed) == []


def test_open_data_sentences_are_not_attacked() -> None:
    marked = f"Burnell (n={NOT_A_COUNT}13): {NOT_A_COUNT}235 offences ({NOT_A_COUNT}3.2% to 9.2%)."
    assert attack_text(marked) == []


def test_the_same_figure_suppressed_in_one_table_and_printed_in_another() -> None:
    """Drug-related deaths: males * in the change table (a secondary suppression, to hide the
    females), but printed in the share table; under a rule that suppresses without rounding,
    the females' count is then the total less the males'."""
    rule = DisclosureRule(round_to=1)
    change = Table(
        "Drug-related deaths by sex",
        CHANGE,
        (
            ("Female", "*", "15", "*", "*", "*", "*"),
            ("Male", "*", "20", "*", "*", "*", "*"),
            ("All deaths", "25", "35", "-10", "-29%", p_value(25, 35), ""),
        ),
        total_row=True,
    )
    shares = share_table(("Male", "20", "25", "80%", wilson(20, 25)), caption="Deaths by sex")
    leaks = attack_document(document(change, shares), rule=rule)
    found = {(leak.row, leak.recovered, leak.attack) for leak in leaks}
    assert ("Female", (5,), "column total less the other rows") in found
    assert ("Male", (20,), "same figure printed in another table") in found
    fixed = share_table(("Male", "*", "25", "*", "*"), caption="Deaths by sex")
    assert attack_document(document(change, fixed), rule=rule) == []


def test_the_document_attack_reads_tables_and_sentences() -> None:
    leaks = attack_document(
        document(
            share_table(("Robbery", "*", "185", "*", "1.5% to 6.9%")),
            Bullets(("Burnell (n=15) had 5.5% of the 235 offences (3.2% to 9.2%).",)),
        )
    )
    assert {leak.recovered for leak in leaks} >= {(6,), (13,)}
    assert all(leak.location.startswith("section 1 (Partner data)") for leak in leaks)


def test_another_rule_gives_other_candidates() -> None:
    rule = DisclosureRule(suppress_to=4)
    table = share_table(("Robbery", "*", "185", "*", "1.5% to 6.9%"))
    # 6 is not suppressed under this rule: * stands for 1 to 4 (or any secondary count)
    assert only(attack_table(table, rule=rule)).recovered == (6,)


def test_the_public_build_is_refused_when_the_attack_recovers_a_count() -> None:
    """The gate: verify_public names the table, row and what is recoverable."""
    vulnerable = document(share_table(("Robbery", "*", "185", "*", "1.5% to 6.9%")))
    with pytest.raises(DisclosureError, match="recoverable by an attack") as raised:
        verify_public(vulnerable)
    message = str(raised.value)
    assert "table 'Shares', row 'Robbery', column 'Number'" in message
    assert "leaves 6 " in message
    verify_public(document(share_table(("Robbery", "*", "185", "*", "*"))))


def test_a_figure_printed_beside_a_secondary_suppression_is_refused() -> None:
    """A p-value beside two suppressed counts that no pair of 1 to 7 reproduces (it was
    computed from larger, secondary-suppressed counts) is reported all the same."""
    table = Table("Hate", CHANGE, (("Race", "*", "*", "*", "*", p_value(40, 60), "*"),))
    leaks = attack_table(table)
    assert {leak.column for leak in leaks} == {"2024/25", "2023/24"}
    assert all(leak.recovered == () for leak in leaks)
    assert "printed beside a suppressed count" in leaks[0].describe()


# -- sentences: p-values and % changes; chart text; unlabelled totals -------------------------


def test_a_p_value_and_change_in_a_sentence_of_the_true_counts_are_inverted() -> None:
    """The full edition's sentence with its counts rounded: 24 against 31 printed 25 and 30,
    beside the change, % change and p-value of 24 and 31."""
    p = p_value(24, 31)
    text = f"25 drug-related deaths in 2024/25, against 30 in 2023/24 (-7, -22.6%) ({p})."
    leaks = attack_text(text)
    assert {leak.recovered for leak in leaks} == {(24,), (31,)}
    assert any("p-value" in leak.attack and "% change" in leak.attack for leak in leaks)
    fixed = (
        "25 drug-related deaths in 2024/25, against 30 in 2023/24 (-5, -16.7%) "
        f"({p_value(25, 30)})."
    )
    assert attack_text(fixed) == []


def test_a_p_value_alone_in_a_sentence_is_inverted() -> None:
    """ "Hate crime: 310 against 335 (p = 0.346)": 0.346 is the p-value of 312 against 337."""
    text = f"Hate crime by strand: 310 in 2024/25, against 335 in 2023/24 ({p_value(312, 337)})."
    leaks = attack_text(text)
    assert {leak.recovered for leak in leaks} == {(311, 312), (336, 337)}
    assert {leak.attack for leak in leaks} == {"p-value"}
    assert attack_text(text.replace(p_value(312, 337), p_value(310, 335))) == []


def test_a_percentage_change_alone_in_a_sentence_is_inverted() -> None:
    leaks = attack_text("Dwelling fires: 10 against 10 in the year before, +33.3%.")
    assert {leak.recovered for leak in leaks} == {(12,), (9,)}


def test_a_share_written_with_its_n_is_inverted() -> None:
    """ "42% (n=10) of the 25 deaths": 42% is 10 of 24 (the printed 10 of 25 is 40%)."""
    leaks = attack_text("42% (n=10) of the 25 deaths were of people known to treatment.")
    assert leaks
    assert all(leak.attack == "percentage" for leak in leaks)
    assert attack_text("40% (n=10) of the 25 deaths were of people known to treatment.") == []


def test_a_percentage_change_beside_a_p_value_in_a_table_is_inverted() -> None:
    """The % change of a table row was tested with the p-value's digits (a closure over a
    reassigned name): a true % change beside a p-value of the printed counts went unseen."""
    row = ("Dwelling", "10", "10", "+0", "33%", p_value(10, 10), "")
    leaks = attack_table(Table("Fires", CHANGE, (row,)))
    assert only(leaks, "2024/25").recovered == (12,)
    assert only(leaks, "2023/24").attack == "% change"


def _figure(alt_text: str, *, open_data: bool = False, title: str = "Robbery, 2024/25") -> Figure:
    chart = make_chart(
        "robbery",
        title,
        alt_text=alt_text,
        source="Source: partner data",
        body={
            "mark": "bar",
            "data": {"name": "rows"},
            "encoding": {"x": {"field": "n", "type": "quantitative"}},
        },
        datasets={"rows": [{"n": 1}, {"n": 2}]},
    )
    return Figure(chart, open_data=open_data)


def test_chart_alternative_text_and_title_are_attacked() -> None:
    """What a screen reader and Word get: the alternative text and the title."""
    alt = "Bar chart: Meole had 15 of the 235 robberies (95% interval 3.2% to 9.2%)."
    leaks = attack_document(document(_figure(alt)))
    assert (13,) in {leak.recovered for leak in leaks}
    assert all("figure" not in leak.location or "text" in leak.location for leak in leaks)
    titled = _figure("A bar chart.", title="Robbery: 310 against 335 (" + p_value(312, 337) + ")")
    assert {leak.recovered for leak in attack_document(document(titled))} == {(312,), (337,)}
    fixed = _figure(f"Bar chart: Meole had 15 of the 235 robberies ({wilson(15, 235)}).")
    assert attack_document(document(fixed)) == []


def test_the_public_build_scans_chart_alternative_text() -> None:
    """A count of 3 in a chart's alternative text is printed for any reader of the HTML."""
    with pytest.raises(DisclosureError, match="3"):
        verify_public(document(_figure("Bar chart: 3 robberies in Meole.")))
    marked = _figure(f"Bar chart: {NOT_A_COUNT}3 robberies in Meole.", open_data=True)
    verify_public(document(marked))


def test_the_drawing_of_a_chart_that_is_not_open_data_is_read() -> None:
    """Text drawn in the SVG (a label giving the interval of the true count) is attacked;
    an open-data chart's drawing is not."""
    chart = _figure("Bar chart.").chart
    body = {
        "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "n", "type": "quantitative"}}},
            {
                "mark": {"type": "text", "text": "Meole 15 of 235 (3.2% to 9.2%)"},
                "encoding": {"x": {"field": "n", "type": "quantitative"}},
            },
        ],
        "data": {"name": "rows"},
    }
    drawn = make_chart(
        chart.key,
        chart.title,
        alt_text=chart.alt_text,
        source=chart.source,
        body=body,
        datasets={"rows": [{"n": 1}]},
    )
    leaks = attack_document(document(Figure(drawn)))
    assert (13,) in {leak.recovered for leak in leaks}
    assert attack_document(document(Figure(drawn, open_data=True))) == []


def test_public_open_data_charts_have_their_alternative_text_marked() -> None:
    chart = _figure("Bar chart: 3 robberies in Meole.").chart
    public = Edition(public=True)
    assert NOT_A_COUNT + "3" in public.open().figure(chart).chart.alt_text
    assert public.open().figure(chart).open_data
    assert public.figure(chart).chart.alt_text == chart.alt_text  # confidential: attacked
    assert not public.figure(chart).open_data


def test_a_row_that_is_the_sum_of_the_others_is_a_total_even_unlabelled() -> None:
    """The DVPN table's "West Mercia" row is its areas' sum, not labelled as a total: printed
    exactly beside one suppressed area, it gives that area away."""
    rule = DisclosureRule(round_to=1)
    table = share_table(
        ("South Worcester", "*", "15", "*", "*"),
        ("North Worcestershire", "45", "50", "90%", wilson(45, 50)),
        ("Shropshire", "20", "25", "80%", wilson(20, 25)),
        ("West Mercia", "70", "90", "78%", wilson(70, 90)),
        caption="DVPNs escalated to a DVPO",
    )
    leak = only(attack_table(table, rule=rule))
    assert (leak.row, leak.recovered) == ("South Worcester", (5,))
    assert leak.attack == "column total less the other rows"
    protected = share_table(
        ("South Worcester", "*", "15", "*", "*"),
        ("North Worcestershire", "*", "50", "*", "*"),
        ("Shropshire", "20", "25", "80%", wilson(20, 25)),
        ("West Mercia", "*", "90", "*", "*"),
        caption="DVPNs escalated to a DVPO",
    )
    assert attack_table(protected, rule=rule) == []


def test_rows_and_columns_are_solved_together() -> None:
    """Neither a row nor a column alone pins the corner cell; together they do: the column
    gives a = 3 - b and the row gives b = 10 - 8."""
    rule = DisclosureRule(round_to=1)
    table = Table(
        "By age and sex",
        ("", "Female", "Male", "Total"),
        (
            ("Under 18", "*", "*", NOT_A_COUNT + "10"),
            ("18 and over", "*", NOT_A_COUNT + "20", NOT_A_COUNT + "25"),
            ("Total", NOT_A_COUNT + "13", NOT_A_COUNT + "22", NOT_A_COUNT + "35"),
        ),
        total_row=True,
    )
    leaks = attack_table(table, rule=rule)
    recovered = {(leak.row, leak.column): leak.recovered for leak in leaks}
    assert recovered[("Under 18", "Male")] == (2,)
    assert recovered[("Under 18", "Female")] == (8,)
    assert recovered[("18 and over", "Female")] == (5,)
    assert any(leak.attack == "row and column totals less the other cells" for leak in leaks)


def test_a_row_that_merely_could_be_a_sum_needs_two_others() -> None:
    table = share_table(
        ("Police", "3,020", "3,020", "100%", wilson(3020, 3020)),
    )
    assert attack_table(table) == []
