"""The demo workspace's records (Shropshire, reconstructed from the seed reports) load on each
backend and reproduce the figures the seeds print: the funding tables cell for cell, and the
2024/25 (and 2023/24) case review counts, computed here independently of the product."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import saferinsight.records
from saferinsight.records.service import Records
from saferinsight.records.transfer import import_records

DEMO = Path(saferinsight.records.__file__).parent / "demo" / "shropshire.yaml"

COUNTS = {
    "partnership": 1,
    "body": 28,
    "member": 40,
    "statutory-duty": 13,
    "contact": 10,
    "statement": 9,
    "priority": 20,
    "action-plan": 18,
    "commitment": 60,
    "progress-update": 43,
    "review": 52,
    "review-alias": 4,
    "review-event": 199,
    "recommendation": 7,
    "review-action": 8,
    "briefing": 3,
    "briefing-panel": 23,
    "audit": 7,
    "audit-grade": 3,
    "budget-year": 3,
    "contribution": 18,
    "funding-grant": 3,
    "training-event": 24,
    "initiative": 10,
}

#: The seeds' funding tables: (contributor as printed, amount, printed share).
FUNDING = {
    "2022/23": [
        ("Council contribution", "234580.00", "51"),
        ("Shropshire, Telford & Wrekin Integrated Care Board", "96420.00", "21"),
        ("West Mercia Police & Crime Commissioner", "63543.00", "14"),
        ("West Mercia Police & Crime Commissioner (additional grant for CSP function)", None, None),
        ("Shropshire & Wrekin Fire Authority", "3070.00", "1"),
        ("National Probation Service", "868.00", "0"),
    ],
    "2023/24": [
        ("Council contribution", "234580.00", "57"),
        ("Shropshire, Telford & Wrekin Integrated Care Board", "96420.00", "23"),
        ("West Mercia Police & Crime Commissioner", "63540.00", "15"),
        (
            "West Mercia Police & Crime Commissioner (additional grant for CSP function)",
            "10000.00",
            "2",
        ),
        ("Shropshire & Wrekin Fire Authority", "3070.00", "1"),
        ("National Probation Service", "870.00", "0"),
    ],
    "2024/25": [
        ("Shropshire Council", "266680.00", "61.62"),
        ("West Mercia Police", "63543.00", "14.68"),
        ("Integrated Care Board", "96420.00", "22.28"),
        ("West Mercia Youth Justice Board", "2190.00", "0.51"),
        ("Shropshire Fire and Rescue Service", "3070.00", "0.71"),
        ("Probation Service", "869.33", "0.20"),
    ],
}
TOTALS = {
    "2022/23": ("398481.00", "87"),
    "2023/24": ("408480.00", "98"),
    "2024/25": ("432772.33", None),
}

YEAR_2024 = (date(2024, 4, 1), date(2025, 3, 31))
YEAR_2023 = (date(2023, 4, 1), date(2024, 3, 31))


@pytest.fixture
def demo(records: Records) -> Records:
    import_records(records, DEMO)
    return records


def _share(amount: Decimal, base: Decimal, places: int) -> Decimal:
    return (amount / base * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def test_the_demo_file_loads_with_every_record(records: Records) -> None:
    result = import_records(records, DEMO)
    assert dict(result.added) == COUNTS
    assert {kind: len(records.list(kind)) for kind in COUNTS} == COUNTS


def test_the_funding_tables_are_the_seeds_cell_for_cell(demo: Records) -> None:
    years = {y.values["year"]: y for y in demo.list("budget-year")}
    assert set(years) == set(FUNDING)
    for year, rows in FUNDING.items():
        budget = years[year].values
        found = sorted(
            (c.values for c in demo.list("contribution", where={"budget_year": years[year].id})),
            key=lambda v: v["position"],
        )
        assert [v["contributor"] for v in found] == [row[0] for row in rows]
        amounts = [v["amount"] for v in found]
        assert amounts == [None if row[1] is None else Decimal(row[1]) for row in rows]
        total = sum(a for a in amounts if a is not None)
        assert total == Decimal(TOTALS[year][0])
        if budget["share_basis"] == "expected-budget":
            assert budget["share_decimals"] == 0
            base = budget["expected_budget"]
        else:
            assert budget["share_basis"] == "contributions"
            assert budget["share_decimals"] == 2
            base = total
        places = budget["share_decimals"]
        for amount, (_, _, printed) in zip(amounts, rows, strict=True):
            if printed is not None:
                assert _share(amount, base, places) == Decimal(printed)
        if TOTALS[year][1] is not None:
            assert _share(total, base, places) == Decimal(TOTALS[year][1])
    assert years["2024/25"].values["other_income"] == Decimal("6350.00")
    assert years["2023/24"].values["other_income"] == Decimal("19180.00")


def test_the_stated_2023_24_total_budget_does_not_give_the_printed_shares() -> None:
    # [001] says "The total budget for the partnership is £410,240.00": as a base, it would
    # print the ICB's £96,420.00 as 24% (not 23%) and the total as 100% (not 98%).
    stated = Decimal("410240.00")
    assert _share(Decimal("96420.00"), stated, 0) == 24
    assert _share(Decimal("408480.00"), stated, 0) == 100


def _events(records: Records) -> dict[str, dict[str, date]]:
    found: dict[str, dict[str, date]] = {}
    for event in records.list("review-event"):
        found.setdefault(str(event.values["review"]), {})[str(event.values["stage"])] = (
            event.values["dated"]  # type: ignore[assignment]
        )
    return found


def _dhr_status(events: dict[str, date], decision: object, start: date, end: date) -> str | None:
    """A DHR's status in the year, counted once by its most advanced state (None: not
    active, i.e. published or decided against before the year, or referred after it)."""

    def by(stage: str) -> bool:
        return stage in events and events[stage] <= end

    def within(stage: str) -> bool:
        return stage in events and start <= events[stage] <= end

    if not by("referral"):
        return None
    if "published" in events and events["published"] < start:
        return None
    if decision != "review" and "decision" in events and events["decision"] < start:
        return None
    if within("published"):
        return "published"
    if within("learning-published") and not by("published"):
        return "learning-published"
    if by("submitted") and not by("approved") and not by("published"):
        return "with-home-office"
    if by("completed") or by("submitted"):
        return "completed"
    if by("decision") and decision == "review":
        return "ongoing"
    if within("referral") and not by("decision"):
        return "referral"
    return "other"


def test_the_dhr_counts_are_the_seeds(demo: Records) -> None:
    events = _events(demo)
    dhrs = [r.values for r in demo.list("review") if r.values["kind"] == "dhr"]
    counted = Counter(
        _dhr_status(events.get(str(r["ref"]), {}), r["decision"], *YEAR_2024) for r in dhrs
    )
    counted.pop(None, None)
    assert counted == {
        "published": 1,
        "learning-published": 1,
        "with-home-office": 2,
        "ongoing": 2,
        "referral": 1,
    }
    published = [r["pseudonym"] for r in dhrs if "published" in events[str(r["ref"])]]
    assert published == ["Mr C"]
    # 2023/24: the eleven DHRs [001] names (Ms E a joint SAR and DHR) were all open that year.
    with_dhr = [
        r.values for r in demo.list("review") if r.values["kind"] in ("dhr", "joint-sar-dhr")
    ]
    open_2023 = [
        r["pseudonym"]
        for r in with_dhr
        if events[str(r["ref"])]["referral"] <= YEAR_2023[1]
        and not events[str(r["ref"])].get("published", date.max) < YEAR_2023[0]
    ]
    assert sorted(open_2023) == sorted(
        ["Ms A", "Mr C", "Laura", "Ms E", "Elizabeth", "Kathryn", "Rachel", "Emma", "Sally",
         "Ian", "Rory"]
    )  # fmt: skip
    active_2024 = [
        r for r in with_dhr if _dhr_status(events[str(r["ref"])], r["decision"], *YEAR_2024)
    ]
    assert len(active_2024) == 7


@pytest.mark.parametrize(
    ("year", "requests", "decisions"),
    [
        (YEAR_2024, 6, {"not-progressed": 4, "action-plan": 2}),
        (YEAR_2023, 8, {"not-progressed": 3, "action-plan": 4, "withdrawn": 1}),
    ],
)
def test_the_asb_case_review_counts_are_the_seeds(
    demo: Records, year: tuple[date, date], requests: int, decisions: dict[str, int]
) -> None:
    start, end = year
    events = _events(demo)
    reviews = [r.values for r in demo.list("review") if r.values["kind"] == "asb-case-review"]
    referred = [r for r in reviews if start <= events[str(r["ref"])]["referral"] <= end]
    decided = Counter(
        r["decision"]
        for r in reviews
        if "decision" in events[str(r["ref"])] and start <= events[str(r["ref"])]["decision"] <= end
    )
    assert len(referred) == requests
    assert decided == decisions


def test_the_2024_25_rapid_reviews_are_the_seeds(demo: Records) -> None:
    start, end = YEAR_2024
    events = _events(demo)
    reviews = [
        r.values
        for r in demo.list("review")
        if r.values["kind"] == "rapid-review"
        and start <= events[str(r.values["ref"])]["referral"] <= end
    ]
    assert len(reviews) == 5
    assert sum(int(r["subjects"]) for r in reviews) == 15  # type: ignore[call-overload]
    assert {r["decision"] for r in reviews} == {"review"}
    assert all(start <= events[str(r["ref"])]["decision"] <= end for r in reviews)


def test_the_success_measure_and_the_pseudonym_history(demo: Records) -> None:
    measured = [c.values for c in demo.list("commitment") if c.values["measure_theme"]]
    assert len(measured) == 1
    asb = measured[0]
    assert asb["text"] == "Reduce anti-social behaviour in Shropshire"
    assert (asb["measure_theme"], asb["measure_area"], asb["measure_direction"]) == (
        "asb",
        "Shropshire",
        "down",
    )
    assert (asb["measure_baseline"], asb["measure_period"], asb["status"]) == (
        "2023/24",
        "2024/25",
        "achieved",
    )
    aliases = {(a.values["pseudonym"], a.values["review"]) for a in demo.list("review-alias")}
    assert aliases == {
        ("The Powell children", "lcspr-family-1"),
        ("Peter", "lcspr-family-3"),
        ("Family Pugh", "joint-family-a"),
        ("Family Jones", "joint-family-b"),
    }
    panels = Counter(p.values["briefing"] for p in demo.list("briefing-panel"))
    assert sorted(panels.values()) == [7, 8, 8]
    closed = [a.values for a in demo.list("review-action") if a.values["status"] == "closed"]
    assert closed
    assert all(a["evidence"] for a in closed)
