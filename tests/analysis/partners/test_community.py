"""Community safety partner analyses: ASB incidents, deliberate fires, road casualties and
Prevent, checked against counts made by hand from the small files written here."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saferinsight.analysis.partners._shared import example_data, like_for_like
from saferinsight.analysis.partners.common import PartnerData, PartnerSection, load_partner_data
from saferinsight.analysis.partners.community import (
    analyse_asb_incidents,
    analyse_deliberate_fires,
    analyse_prevent_channel,
    analyse_road_casualties,
)
from saferinsight.core.periods import parse_period
from saferinsight.geo.areas import AreaResolver
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace

FY = parse_period("2024/25")
ASB = """\
incident_reference,date,category,recorded_by
A01,2024-04-02,Nuisance,Police
A02,2024-04-15,Personal,Police
A03,2024-05-20,Nuisance,Council
A04,2024-06-30,Environmental,Council
A05,2024-07-04,Nuisance,Police
A06,2024-08-08,Nuisance,Police
A07,2024-09-09,Personal,Council
A08,2024-10-10,Nuisance,Police
A09,2024-11-11,Nuisance,Housing provider
A10,2024-12-12,Environmental,Police
A11,2025-01-13,Nuisance,Police
A12,2025-01-25,Nuisance,Council
A13,2025-02-14,Personal,Police
A14,2025-03-15,Nuisance,Police
A15,2025-03-31,Nuisance,Other
B01,2023-04-01,Personal,Police
B02,2023-05-05,Nuisance,Police
B03,2023-07-07,Nuisance,Council
B04,2023-09-09,Personal,Police
B05,2023-10-10,Environmental,Council
B06,2023-12-12,Nuisance,Police
B07,2024-02-02,Personal,Council
B08,2024-03-31,Nuisance,Police
"""
TELFORD_ASB_1 = """\
incident_reference,date,category,recorded_by
T1,2024-04-10,Nuisance,Police
T2,2024-07-10,Nuisance,Police
T3,2024-10-05,Personal,Police
T4,2024-11-15,Personal,Police
T5,2024-12-20,Personal,Police
T6,2025-03-10,Nuisance,Police
"""
# The re-sent October-December supersedes T3-T5 (within 1 Oct - 31 Dec) and adds two.
TELFORD_ASB_2 = """\
incident_reference,date,category,recorded_by
T3,2024-10-01,Environmental,Council
T7,2024-12-31,Environmental,Council
"""
FIRES = [
    "month,fire_type,property_type,fires",
    *(f"{m:%Y-%m},Secondary,Refuse,5" for m in FY.months),
    *(f"{m:%Y-%m},Primary,Vehicle,2" for m in FY.months),
    "2024-06,Primary,,3",
    *(f"{m:%Y-%m},Secondary,Refuse,6" for m in FY.previous().months),
    *(f"{m:%Y-%m},Primary,Vehicle,2" for m in FY.previous().months),
]
ROADS = """\
date,severity,road_user,casualties
2024-04-12,Fatal,Pedestrian,1
2024-06-01,Serious,Motorcyclist,1
2024-07-01,Serious,Car occupant,2
2024-09-15,Serious,Pedestrian,1
2024-12-01,Slight,Car occupant,5
2025-03-20,Serious,Cyclist,1
2025-03-25,Killed,Car occupant,1
2023-04-02,Serious,Cyclist,1
2023-10-10,Fatal,Car occupant,1
2024-03-30,Slight,Pedestrian,3
"""
PREVENT = """\
month,concern,referrals,channel_discussed,channel_adopted
2024-04,Extreme right-wing,5,2,1
2024-07,Islamist,3,1,1
2024-10,"Mixed, unclear or unstable",4,,0
2025-01,Extreme right-wing,2,,2
2025-03,School massacre,1,,0
2023-04,Extreme right-wing,4,,1
2023-07,Islamist,2,,0
2023-10,"Mixed, unclear or unstable",6,,1
2024-01,Extreme right-wing,3,,0
2024-03,Other,1,,0
"""
NAMES = ("asb-incidents", "deliberate-fires", "road-casualties", "prevent-channel")


def load(workspace: Workspace, *wanted: tuple[str, str, str]) -> list[PartnerData]:
    """Each (dataset, area, period), read with one connection and one area resolver."""
    with workspace.reader() as warehouse:
        resolver = AreaResolver(warehouse)
        return [
            load_partner_data(
                warehouse, name, resolver.resolve(area), parse_period(period), resolver=resolver
            )
            for name, area, period in wanted
        ]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("community")
    workspace = Workspace(folder / "ws")

    def ingest(name: str, file: str, text: str, area: str = "Shropshire") -> None:
        (folder / file).write_text(text)
        ingest_dataset(workspace, name, folder / file, provider="Provider", area=area)

    for name, text in zip(NAMES, (ASB, "\n".join(FIRES) + "\n", ROADS, PREVENT), strict=True):
        ingest(name, f"{name}.csv", text)
    telford = ("asb-incidents", "Telford and Wrekin", "2024/25")
    ingest("asb-incidents", "telford-1.csv", TELFORD_ASB_1, telford[1])
    (first,) = load(workspace, telford)
    ingest("asb-incidents", "telford-2.csv", TELFORD_ASB_2, telford[1])
    found = load(
        workspace,
        telford,
        *((name, "Shropshire", "2024/25") for name in NAMES),
        *((name, "Shropshire", "2019/20") for name in NAMES),
    )
    return {
        "telford": (first, found[0]),
        "data": dict(zip(NAMES, found[1:5], strict=True)),
        "empty": dict(zip(NAMES, found[5:], strict=True)),
    }


def analysed(loaded: dict[str, Any], name: str, analyse: Any) -> PartnerSection:
    section = analyse(loaded["data"][name])
    assert section is not None
    return section


def triples(section: PartnerSection, title: str) -> list[tuple[str, int, int]]:
    return [(r.label, r.numerator, r.denominator) for r in dict(section.ratios)[title]]


def test_asb_category_change_table(loaded: dict[str, Any]) -> None:
    section = analysed(loaded, "asb-incidents", analyse_asb_incidents)
    table = dict(section.changes)["ASB incidents by category"]
    assert table.cells(tests=False) == [
        ["category", "2024/25", "2023/24", "numerical_change", "pct_change"],
        ["Personal", "3", "3", "0", "0%"],
        ["Nuisance", "10", "4", "6", "150%"],
        ["Environmental", "2", "1", "1", "100%"],
        ["Grand total", "15", "8", "7", "88%"],
    ]
    assert section.findings[0].startswith("15 ASB incidents in 2024/25, against 8 in 2023/24")
    assert triples(section, "ASB incidents by category") == [
        ("Personal", 3, 15),
        ("Nuisance", 10, 15),
        ("Environmental", 2, 15),
    ]
    assert "By category: personal 20% (n=3), nuisance 67% (n=10), environmental 13% (n=2)." in (
        section.findings
    )


def test_asb_recorders_months_and_last_quarter(loaded: dict[str, Any]) -> None:
    section = analysed(loaded, "asb-incidents", analyse_asb_incidents)
    recorders = dict(section.changes)["ASB incidents by who recorded them"]
    assert recorders.cells(tests=False)[1:] == [
        ["Police", "9", "5", "4", "80%"],
        ["Council", "4", "3", "1", "33%"],
        ["Housing provider", "1", "0", "1", "N/A"],
        ["Other", "1", "0", "1", "N/A"],
        ["Grand total", "15", "8", "7", "88%"],
    ]
    (series,) = section.series
    assert series.values == (2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2)
    assert series.chart is not None
    # Q4 2024/25 (January-March 2025): A11-A15, of which four are Nuisance.
    assert triples(section, "Nuisance share of ASB incidents, Q4 2024/25") == [
        ("Nuisance, Q4 2024/25", 4, 5)
    ]
    assert "In Q4 2024/25 (Jan 2025 - Mar 2025) Nuisance was 80% (n=4) of 5 ASB incidents." in (
        section.findings
    )
    assert not section.sensitive


def test_a_superseded_version_is_not_counted(loaded: dict[str, Any]) -> None:
    first, second = (analyse_asb_incidents(data) for data in loaded["telford"])
    assert triples(first, "ASB incidents by category") == [
        ("Personal", 3, 6),
        ("Nuisance", 3, 6),
        ("Environmental", 0, 6),
    ]
    assert triples(second, "ASB incidents by category") == [
        ("Personal", 0, 5),
        ("Nuisance", 3, 5),
        ("Environmental", 2, 5),
    ]
    assert [v.source_file for v in first.versions] == ["telford-1.csv"]
    assert [v.source_file for v in second.versions] == ["telford-1.csv", "telford-2.csv"]


def test_deliberate_fires(loaded: dict[str, Any]) -> None:
    section = analysed(loaded, "deliberate-fires", analyse_deliberate_fires)
    by_type = dict(section.changes)["Deliberate fires by type"]
    assert by_type.cells(tests=False)[1:] == [
        ["Primary", "27", "24", "3", "13%"],
        ["Secondary", "60", "72", "-12", "-17%"],
        ["Grand total", "87", "96", "-9", "-9%"],
    ]
    by_property = dict(section.changes)["Deliberate fires by property type"]
    assert by_property.cells(tests=False)[1:] == [
        ["Vehicle", "24", "24", "0", "0%"],
        ["Refuse", "60", "72", "-12", "-17%"],
        ["Not recorded", "3", "0", "3", "N/A"],
        ["Grand total", "87", "96", "-9", "-9%"],
    ]
    (series,) = section.series
    assert series.values == (7, 7, 10, 7, 7, 7, 7, 7, 7, 7, 7, 7)


def test_road_casualties_ksi(loaded: dict[str, Any]) -> None:
    section = analysed(loaded, "road-casualties", analyse_road_casualties)
    # Killed: 1 pedestrian + 1 car occupant ("Killed" is read as Fatal); seriously injured:
    # 1 + 2 + 1 + 1 = 5.
    assert (section.extra["killed"], section.extra["seriously_injured"]) == (2, 5)
    assert section.extra["ksi"] == 7
    assert section.findings[0] == (
        "2 people were killed and 5 seriously injured on the roads in 2024/25 (KSI 7)."
    )
    severity = dict(section.changes)["Road casualties by severity"]
    assert severity.cells(tests=False)[1:] == [
        ["Fatal", "2", "1", "1", "100%"],
        ["Serious", "5", "1", "4", "400%"],
        ["Slight", "5", "3", "2", "67%"],
        ["All casualties", "12", "5", "7", "140%"],
    ]
    ksi = dict(section.changes)["KSI by road user"]
    assert ksi.cells(tests=False)[1:] == [
        ["Pedestrian", "2", "0", "2", "N/A"],
        ["Cyclist", "1", "1", "0", "0%"],
        ["Motorcyclist", "1", "0", "1", "N/A"],
        ["Car occupant", "3", "1", "2", "200%"],
        ["KSI", "7", "2", "5", "250%"],
    ]
    assert triples(section, "KSI casualties by road user")[0] == ("Car occupant", 3, 7)


def test_prevent_referrals_and_channel_adoption(loaded: dict[str, Any]) -> None:
    section = analysed(loaded, "prevent-channel", analyse_prevent_channel)
    referrals = dict(section.changes)["Prevent referrals by concern"]
    assert (referrals.total.current, referrals.total.previous) == (15, 16)
    adopted = dict(section.changes)["Channel cases by concern"]
    assert (adopted.total.current, adopted.total.previous) == (4, 2)
    assert triples(section, "Channel adoption rate, 2024/25") == [
        ("All", 4, 15),
        ("Extreme right-wing", 3, 7),
        ("Islamist", 1, 3),
        ("Mixed, unclear or unstable", 0, 4),
        ("School massacre", 0, 1),
    ]
    assert triples(section, "Channel adoption rate, 2023/24")[0] == ("All", 2, 16)
    assert "27% (n=4) of Prevent referrals were adopted as Channel cases." in section.findings
    assert "3 referrals were discussed at a Channel panel." in section.findings
    assert triples(section, "Prevent referrals by type of concern")[0] == (
        "Extreme right-wing",
        7,
        15,
    )


def test_no_rows_gives_none(loaded: dict[str, Any]) -> None:
    empty = loaded["empty"]
    assert analyse_asb_incidents(empty["asb-incidents"]) is None
    assert analyse_deliberate_fires(empty["deliberate-fires"]) is None
    assert analyse_road_casualties(empty["road-casualties"]) is None
    assert analyse_prevent_channel(empty["prevent-channel"]) is None


def test_a_part_year_is_compared_with_the_same_months_of_the_year_before() -> None:
    def incidents(year: int, months: range) -> list[dict[str, Any]]:
        return [
            {"month": date(year + (m < 4), m, 1), "category": "Nuisance", "recorded_by": "Police"}
            for m in months
        ]

    now = incidents(2024, range(4, 10))  # April-September 2024
    before = incidents(2023, range(4, 13)) + incidents(2023, range(1, 4))  # all of 2023/24
    comparison = like_for_like(example_data("asb-incidents", now, before))
    assert comparison.compared
    assert len(comparison.data.previous_rows) == 6
    assert comparison.notes == (
        "The 2024/25 data cover Apr 2024 to Sep 2024 only; changes compare them with the same "
        "months of 2023/24.",
    )
    section = analyse_asb_incidents(example_data("asb-incidents", now, before[6:]))
    assert section is not None
    assert section.changes == ()
    assert "The 2023/24 data do not cover the same months, so no change is stated." in (
        section.notes
    )
