"""Safeguarding partner analyses: the adult funnel, Making Safeguarding Personal and the
children's measures, checked against counts made by hand from the small files written here."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from numpy.testing import assert_allclose
from statsmodels.stats.proportion import proportion_confint

from saferinsight.analysis.partners.common import PartnerData, PartnerSection, load_partner_data
from saferinsight.analysis.partners.safeguarding import (
    analyse_adult_safeguarding,
    analyse_childrens_safeguarding,
)
from saferinsight.core.periods import parse_period
from saferinsight.geo.areas import AreaResolver
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace

FY = parse_period("2024/25")
MONTHS_2024 = [f"{m:%Y-%m}" for m in FY.months]
MONTHS_2023 = [f"{m:%Y-%m}" for m in FY.previous().months]
PLANS = ["plans_new", "plans_ongoing"]

# Per month: contacts, concerns, enquiries started, enquiries concluded, plans new, ongoing.
ACTIVITY = [
    ["month", "contacts", "concerns", "enquiries_started", "enquiries_concluded", *PLANS],
    *([m, 100, 15, 6, 5, 1, 2] for m in MONTHS_2024),
    *([m, 90, 15, 5, 4, 1, 1] for m in MONTHS_2023),
]
ENQUIRIES = """\
enquiry_reference,concluded_date,abuse_types,location,outcomes_asked,outcomes_achieved,plan
S1,2024-04-03,Neglect and acts of omission;Financial or material,Own home,Y,Fully achieved,None
S2,2024-05-10,Self-neglect,Own home,Y,Partially achieved,New
S3,2024-06-11,Physical,Residential care home,Y,Not achieved,None
S4,2024-07-12,Psychological;Physical,Own home,Y,Not expressed,Ongoing
S5,2024-08-13,Financial or material,Own home,N,,None
S6,2024-09-14,Neglect and acts of omission,Nursing care home,Y,Fully achieved,New
S7,2024-10-15,Self-neglect;Neglect and acts of omission,Own home,Y,Fully achieved,None
S8,2024-12-16,Organisational,Hospital,,,None
S9,2025-02-17,Domestic abuse;Psychological,Own home,Y,Partially achieved,Ongoing
S10,2025-03-18,Physical,In the community,Y,Fully achieved,
P1,2023-04-05,Physical,Own home,Y,Fully achieved,None
P2,2024-03-20,Physical,Hospital,N,,None
"""
CONTACTS_2024 = list(range(100, 112))  # 100 in April 2024 ... 111 in March 2025
CHILDREN = [
    ["month", "measure", "breakdown", "breakdown_value", "count"],
    *([m, "Contacts", "", "", n] for m, n in zip(MONTHS_2024, CONTACTS_2024, strict=True)),
    *([m, "Contacts", "", "", 90] for m in MONTHS_2023),
    *([m, "Section 47 enquiries", "", "", 20] for m in MONTHS_2024),
    *([m, "Section 47 enquiries", "", "", 25] for m in MONTHS_2023),
    *([m, "Children looked after", "", "", 400 + i] for i, m in enumerate(MONTHS_2024)),
    *([m, "Children looked after", "", "", 379 + i] for i, m in enumerate(MONTHS_2023)),
    ["2024-04", "Child exploitation referrals", "", "", 10],
    ["2024-06", "Child exploitation referrals", "", "", 5],
    ["2023-04", "Child exploitation referrals", "", "", 20],
    ["2023-07", "Child exploitation referrals", "", "", 10],
    # April adds up to its total (100); May's sources add up to 100, not the total of 101.
    ["2024-04", "Contacts", "source", "Police", 40],
    ["2024-04", "Contacts", "source", "Health", 35],
    ["2024-04", "Contacts", "source", "Schools", 25],
    ["2024-05", "Contacts", "source", "Police", 50],
    ["2024-05", "Contacts", "source", "Health", 30],
    ["2024-05", "Contacts", "source", "Schools", 20],
    # A point-in-time measure: only the last month's breakdown counts.
    ["2025-02", "Children looked after", "reason", "Abuse or neglect", 299],
    ["2025-02", "Children looked after", "reason", "Family dysfunction", 111],
    ["2025-03", "Children looked after", "reason", "Abuse or neglect", 300],
    ["2025-03", "Children looked after", "reason", "Family dysfunction", 111],
]
NAMES = ("adult-safeguarding-activity", "adult-safeguarding-enquiries", "childrens-safeguarding")


def write(path: Path, rows: list[list[Any]] | str) -> Path:
    with open(path, "w", newline="") as handle:
        if isinstance(rows, str):
            handle.write(rows)
        else:
            csv.writer(handle).writerows(rows)
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], PartnerData]:
    """Each dataset for Shropshire in 2024/25, and in 2019/20 (no rows)."""
    folder = tmp_path_factory.mktemp("safeguarding")
    workspace = Workspace(folder / "ws")
    for name, rows in zip(NAMES, (ACTIVITY, ENQUIRIES, CHILDREN), strict=True):
        path = write(folder / f"{name}.csv", rows)
        ingest_dataset(workspace, name, path, provider="Shropshire Council", area="Shropshire")
    with workspace.reader() as warehouse:
        resolver = AreaResolver(warehouse)
        area = resolver.resolve("Shropshire")
        return {
            (name, period): load_partner_data(
                warehouse, name, area, parse_period(period), resolver=resolver
            )
            for name in NAMES
            for period in ("2024/25", "2019/20")
        }


@pytest.fixture(scope="module")
def adults(data: dict[tuple[str, str], PartnerData]) -> PartnerSection:
    section = analyse_adult_safeguarding(data[(NAMES[0], "2024/25")], data[(NAMES[1], "2024/25")])
    assert section is not None
    return section


def triples(section: PartnerSection, title: str) -> list[tuple[str, int, int]]:
    return [(r.label, r.numerator, r.denominator) for r in dict(section.ratios)[title]]


def test_the_funnel_counts_and_changes(adults: PartnerSection) -> None:
    table = dict(adults.changes)["Safeguarding funnel"]
    assert table.cells(tests=False) == [
        ["stage", "2024/25", "2023/24", "numerical_change", "pct_change"],
        ["Contacts", "1,200", "1,080", "120", "11%"],
        ["Safeguarding concerns", "180", "180", "0", "0%"],
        ["Section 42 enquiries started", "72", "60", "12", "20%"],
        ["Section 42 enquiries concluded", "60", "48", "12", "25%"],
    ]
    assert adults.findings[0].startswith("1,200 contacts in 2024/25, against 1,080 in 2023/24")


def test_the_funnel_conversion_rates_this_year_and_last(adults: PartnerSection) -> None:
    now = triples(adults, "Conversion from the stage before, 2024/25")
    before = triples(adults, "Conversion from the stage before, 2023/24")
    assert now == [
        ("Concerns per contact", 180, 1200),
        ("Enquiries started per concern", 72, 180),
        ("Enquiries concluded per enquiry started", 60, 72),
    ]
    assert before == [
        ("Concerns per contact", 180, 1080),
        ("Enquiries started per concern", 60, 180),
        ("Enquiries concluded per enquiry started", 48, 60),
    ]
    (first, *_) = dict(adults.ratios)["Conversion from the stage before, 2024/25"]
    assert first.estimate is not None
    assert_allclose(first.estimate.value, 0.15)
    low, high = proportion_confint(180, 1200, method="wilson")
    assert_allclose((first.estimate.interval.lower, first.estimate.interval.upper), (low, high))
    assert (
        "Concerns per contact: 15.0% (n=180) in 2024/25 and 16.7% (n=180) in 2023/24 (-1.7 "
        "percentage points); the 95% intervals overlap, so this does not show a statistically "
        "significant change." in adults.findings
    )


def test_making_safeguarding_personal(adults: PartnerSection) -> None:
    # Asked: 8 of 10 concluded enquiries. Of the 7 asked who expressed outcomes (S4 did not),
    # 6 were fully or partially achieved and 4 fully.
    assert triples(adults, "Making Safeguarding Personal") == [
        ("Asked their desired outcomes", 8, 10),
        ("Outcomes fully or partially achieved", 6, 7),
        ("Outcomes fully achieved", 4, 7),
    ]
    assert (
        "Making Safeguarding Personal: 80% (n=8) of the 10 concluded enquiries asked the person "
        "(or their representative) what outcomes they wanted; of the 7 who expressed outcomes, "
        "86% (n=6) had them fully or partially achieved." in adults.findings
    )


def test_enquiries_by_type_location_self_neglect_and_plans(adults: PartnerSection) -> None:
    by_type = triples(adults, "Concluded enquiries by type of abuse (an enquiry can have several)")
    assert by_type == [
        ("Physical", 3, 10),
        ("Neglect and acts of omission", 3, 10),
        ("Psychological", 2, 10),
        ("Financial or material", 2, 10),
        ("Self-neglect", 2, 10),
        ("Organisational", 1, 10),
        ("Domestic abuse", 1, 10),
    ]
    assert sum(n for _, n, _ in by_type) == 14  # more than the 10 enquiries: multi-valued
    assert triples(adults, "Self-neglect share of concluded enquiries") == [("Self-neglect", 2, 10)]
    assert triples(adults, "Concluded enquiries by location") == [
        ("Own home", 6, 10),
        ("Residential care home", 1, 10),
        ("Nursing care home", 1, 10),
        ("Hospital", 1, 10),
        ("In the community", 1, 10),
    ]
    location = dict(adults.changes)["Concluded Section 42 enquiries by location"]
    assert (location.total.current, location.total.previous) == (10, 2)
    assert adults.extra["plans"] == {"new": 2, "ongoing": 2}
    assert adults.sensitive
    assert [v.source_file for v in adults.versions] == [
        "adult-safeguarding-activity.csv",
        "adult-safeguarding-enquiries.csv",
    ]


def test_either_adult_dataset_may_be_missing(data: dict[tuple[str, str], PartnerData]) -> None:
    activity, enquiries = data[(NAMES[0], "2024/25")], data[(NAMES[1], "2024/25")]
    no_activity, no_enquiries = data[(NAMES[0], "2019/20")], data[(NAMES[1], "2019/20")]
    only_funnel = analyse_adult_safeguarding(activity, no_enquiries)
    assert only_funnel is not None
    assert not only_funnel.sensitive
    assert only_funnel.extra["plans"] == {"new": 12, "ongoing": 24}
    only_enquiries = analyse_adult_safeguarding(no_activity, enquiries)
    assert only_enquiries is not None
    assert "Safeguarding funnel" not in dict(only_enquiries.changes)
    assert analyse_adult_safeguarding(no_activity, no_enquiries) is None


@pytest.fixture(scope="module")
def children(data: dict[tuple[str, str], PartnerData]) -> PartnerSection:
    section = analyse_childrens_safeguarding(data[(NAMES[2], "2024/25")])
    assert section is not None
    return section


def test_childrens_measures_in_catalogue_order_with_change(children: PartnerSection) -> None:
    table = dict(children.changes)["Children's safeguarding measures, 2024/25"]
    # Contacts: 100 + 101 + ... + 111 = 1,266 against 12 x 90.
    assert table.cells(tests=False)[1:] == [
        ["Contacts", "1,266", "1,080", "186", "17%"],
        ["Section 47 enquiries", "240", "300", "-60", "-20%"],
        ["Child exploitation referrals", "15", "30", "-15", "-50%"],
    ]
    stock = dict(children.changes)["Children's safeguarding: counts at a point in time"]
    assert stock.cells(tests=False) == [
        ["measure", "Mar 2025", "Mar 2024", "numerical_change", "pct_change"],
        ["Children looked after", "411", "390", "21", "5%"],
    ]
    assert (stock.current_exposure, stock.previous_exposure) == (1.0, 1.0)
    assert any("statistically significant fall" in f for f in children.findings)


def test_childrens_monthly_series(children: PartnerSection) -> None:
    contacts, s47 = children.series
    assert contacts.values == tuple(CONTACTS_2024)
    assert s47.values == (20,) * 12
    assert contacts.labels[0] == "2024-04"
    assert contacts.chart is not None


def test_childrens_breakdowns_and_their_check(children: PartnerSection) -> None:
    assert triples(children, "Contacts by source, 2024/25") == [
        ("Police", 90, 200),
        ("Health", 65, 200),
        ("Schools", 45, 200),
    ]
    assert triples(children, "Children looked after by reason, Mar 2025") == [
        ("Abuse or neglect", 300, 411),
        ("Family dysfunction", 111, 411),
    ]
    assert children.extra["breakdown_mismatches"] == (("Contacts", "source", "2024-05", 100, 101),)
    assert (
        "Contacts by source does not add up to the Contacts total in May 2024: 100 against 101 "
        "over those months (a total of 0 means no total row); shares are of the breakdown's own "
        "sum." in children.notes
    )


def test_no_rows_gives_none(data: dict[tuple[str, str], PartnerData]) -> None:
    assert analyse_childrens_safeguarding(data[(NAMES[2], "2019/20")]) is None
