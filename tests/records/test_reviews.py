"""The case review register: a year's counts by kind and stage, statuses, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from saferinsight.errors import OptionError, RecordValueError
from saferinsight.records.reviews import review_register, year_status
from saferinsight.records.service import Records

START, END = date(2024, 4, 1), date(2025, 3, 31)


def _review(records: Records, ref: str, kind: str, outcome: str | None, **events: str) -> None:
    records.add(
        "review",
        {
            "partnership": "p",
            "ref": ref,
            "kind": kind,
            "pseudonym": ref.title(),
            "decision": outcome,
        },
    )
    for stage, on in events.items():
        records.add("review-event", {"review": ref, "stage": stage.replace("_", "-"), "dated": on})


@pytest.fixture
def register_records(records: Records) -> Records:
    records.add("partnership", {"key": "p", "name": "P", "kind": "joint"})
    # Seven DHRs open in 2024/25, one per status, and two finished before it began.
    _review(
        records,
        "dhr-a",
        "dhr",
        "review",
        referral="2022-05-01",
        decision="2022-06-01",
        submitted="2023-11-01",
        approved="2024-05-01",
        published="2024-09-12",
    )
    _review(
        records,
        "dhr-b",
        "dhr",
        "review",
        referral="2022-07-01",
        decision="2022-08-01",
        completed="2023-10-01",
        submitted="2023-10-05",
        learning_published="2024-06-01",
    )
    _review(
        records,
        "dhr-c",
        "dhr",
        "review",
        referral="2023-01-01",
        decision="2023-02-01",
        submitted="2024-12-01",
    )
    _review(
        records,
        "dhr-d",
        "joint-sar-dhr",
        "review",
        referral="2023-03-01",
        decision="2023-04-01",
        submitted="2025-03-31",
    )
    _review(records, "dhr-e", "dhr", "review", referral="2024-04-10", decision="2024-05-02")
    _review(records, "dhr-f", "dhr", "review", referral="2023-09-01", decision="2023-10-01")
    _review(records, "dhr-g", "dhr", None, referral="2025-03-20")
    _review(
        records,
        "dhr-old",
        "dhr",
        "review",
        referral="2020-01-01",
        decision="2020-02-01",
        published="2024-03-31",
    )
    _review(records, "dhr-no", "dhr", "no-review", referral="2023-01-01", decision="2023-02-01")
    # ASB case reviews: 2 in 2024/25 (one not progressed, one action plan), one the year before.
    _review(
        records,
        "asb-1",
        "asb-case-review",
        "not-progressed",
        referral="2024-05-01",
        decision="2024-05-10",
    )
    _review(
        records,
        "asb-2",
        "asb-case-review",
        "action-plan",
        referral="2025-03-25",
        decision="2025-04-02",
    )
    _review(
        records,
        "asb-0",
        "asb-case-review",
        "withdrawn",
        referral="2024-03-01",
        decision="2024-03-05",
    )
    return records


def test_each_review_is_counted_once_by_its_most_advanced_state(register_records: Records) -> None:
    register = review_register(register_records, year="2024/25")
    statuses = {e.ref: e.status for e in register.reviews}
    assert statuses == {
        "dhr-a": "published",
        "dhr-b": "learning-published",
        "dhr-c": "with-home-office",
        "dhr-d": "with-home-office",
        "dhr-e": "ongoing",
        "dhr-f": "ongoing",
        "dhr-g": "referral",
        "asb-1": "decided",
        "asb-2": "referral",
    }
    dhr = register.kind("dhr")
    assert dict(dhr.statuses) == {
        "published": 1,
        "learning-published": 1,
        "with-home-office": 1,
        "ongoing": 2,
        "referral": 1,
    }
    assert register.kind("joint-sar-dhr").statuses == {"with-home-office": 1}
    assert dhr.received == 2  # dhr-e and dhr-g were referred in the year
    asb = register.kind("asb-case-review")
    assert (asb.received, dict(asb.decisions)) == (2, {"not-progressed": 1})


def test_the_year_decides_what_is_counted(register_records: Records) -> None:
    earlier = review_register(register_records, year="2023/24")
    assert "dhr-old" in {e.ref for e in earlier.reviews}
    assert dict(earlier.kind("asb-case-review").decisions) == {"withdrawn": 1}
    assert earlier.kind("dhr").statuses["published"] == 1


def test_deadlines_are_judged_at_the_end_of_the_year(register_records: Records) -> None:
    register = review_register(register_records, year="2024/25", kinds=("dhr",))
    late = {
        (e.ref, d.rule.key) for e in register.reviews for d in e.deadlines if d.status == "overdue"
    }
    # dhr-g: referred 20 March 2025, decision due 20 April: not due at 31 March.
    assert ("dhr-g", "dhr-decision") not in late
    # dhr-f: decided 1 October 2023, completion due in 6 months, not completed.
    assert ("dhr-f", "dhr-complete") in late
    assert register.as_of == END


def test_a_year_must_be_a_financial_year(register_records: Records) -> None:
    with pytest.raises(OptionError, match="financial year"):
        review_register(register_records, year="2024")


def test_year_status_ignores_reviews_not_yet_referred() -> None:
    assert year_status("dhr", {"referral": date(2025, 4, 2)}, None, start=START, end=END) is None


def test_the_demo_reproduces_the_seed_reports_counts(records: Records) -> None:
    """[000:L462-470] and [000:L583-597]: DHRs and ASB case reviews in 2024/25; [002:L759-761]:
    five rapid reviews involving 15 children, all leading to a review."""
    from saferinsight.records.transfer import DEMO_RECORDS, import_records

    import_records(records, DEMO_RECORDS)
    register = review_register(records, year="2024/25")
    assert register.kind("dhr").lines() == (
        "1 referral",
        "1 completed and published",
        "1 with published learning",
        "2 with the Home Office",
        "2 ongoing",
        "1 awaiting a decision",
    )
    assert register.kind("asb-case-review").lines() == (
        "6 requests",
        "4 not progressed",
        "2 action plans",
    )
    assert register.kind("rapid-review").lines() == (
        "5 referrals involving 15 children",
        "5 led to a review",
    )


def test_a_partnership_sets_its_own_local_targets(register_records: Records) -> None:
    records = register_records
    records.add(
        "review-event", {"review": "dhr-a", "stage": "action-plan-agreed", "dated": "2024-10-01"}
    )
    before = {
        d.rule.key: d
        for e in review_register(records, year="2024/25").reviews
        for d in e.deadlines
        if e.ref == "dhr-a"
    }
    assert before["action-plan-closed"].due == date(2024, 12, 12)  # 3 months, shipped
    records.add(
        "local-rule",
        {
            "partnership": "p",
            "key": "action-plan-closed",
            "kinds": "dhr, sar",
            "starts": "published",
            "ends": "action-plan-closed",
            "amount": "6",
            "unit": "months",
            "source": "Board, 12 June 2024",
        },
    )
    after = {
        d.rule.key: d
        for e in review_register(records, year="2024/25").reviews
        for d in e.deadlines
        if e.ref == "dhr-a"
    }
    assert after["action-plan-closed"].due == date(2025, 3, 12)
    assert after["action-plan-closed"].rule.source.where == "Board, 12 June 2024"
    with pytest.raises(RecordValueError, match="statutory timescale, which a local rule"):
        records.add(
            "local-rule",
            {
                "partnership": "p",
                "key": "dhr-decision",
                "kinds": "dhr",
                "starts": "referral",
                "ends": "decision",
                "amount": "2",
                "unit": "months",
            },
        )
    with pytest.raises(RecordValueError, match="kinds"):
        records.add(
            "local-rule",
            {
                "partnership": "p",
                "key": "x",
                "kinds": "inquest",
                "starts": "referral",
                "ends": "decision",
                "amount": "2",
                "unit": "months",
            },
        )
