"""Health partner analyses: A&E assault attendances, drug and alcohol treatment and drug-related
deaths, checked against counts made by hand from the small files written here."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from numpy.testing import assert_allclose
from scipy.stats import binomtest

from saferinsight.analysis.narrative import p_text
from saferinsight.analysis.partners.common import PartnerData, PartnerSection, load_partner_data
from saferinsight.analysis.partners.health import (
    analyse_ae_assaults,
    analyse_drug_alcohol_treatment,
    analyse_drug_related_deaths,
)
from saferinsight.core.periods import parse_period
from saferinsight.geo.areas import AreaResolver
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace

AE_HEADER = ["attendance_date", "age_band", "sex", "method", "alcohol_or_drugs", "location_type"]
AE_2024 = [
    ["2024-04-05", "18-24", "Male", "Punch with a fist", "Y", "Road or pavement"],
    ["2024-04-20", "18-24", "Male", "Kick", "N", "Pub or bar"],
    ["2024-05-02", "25-29", "Female", "Punch with a fist", "Y", "Living room"],
    ["2024-06-11", "18-24", "Female", "Sharp object or stab", "", "Road or pavement"],
    ["2024-07-01", "30-39", "Male", "Punch with a fist", "Y", "Road or pavement"],
    ["2024-07-15", "30-39", "Male", "", "N", ""],
    ["2024-07-30", "18-24", "Male", "Bottle or glass", "Y", "Nightclub"],
    ["2024-09-09", "40-49", "Female", "Punch with a fist", "N", "Living room"],
    ["2024-10-10", "", "Male", "Kick", "", "Road or pavement"],
    ["2024-12-24", "18-24", "Male", "Punch with a fist", "Y", "Pub or bar"],
    ["2025-01-01", "25-29", "", "Blunt object", "Y", "Other home"],
    ["2025-03-31", "18-24", "Female", "Punch with a fist", "N", "Road or pavement"],
]
AE_2023 = [
    ["2023-04-02", "18-24", "Male", "Kick", "N", "Road or pavement"],
    ["2023-08-12", "30-39", "Male", "Punch with a fist", "Y", "Pub or bar"],
    ["2023-11-03", "25-29", "Female", "Punch with a fist", "N", "Living room"],
    ["2024-01-20", "18-24", "Male", "Kick", "Y", "Nightclub"],
    ["2024-03-30", "40-49", "Female", "Other", "N", "Shop"],
]
TREATMENT = [
    [
        "financial_year",
        "substance_group",
        "in_treatment",
        "new_presentations",
        "successful_completions",
        "effective_treatment",
    ],
    ["2024/25", "Opiate", 649, 210, 45, 620],
    ["2024/25", "Non-opiate", 108, 60, 30, 96],
    ["2024/25", "Alcohol only", 200, 150, 70, ""],
    ["2023/24", "Opiate", 600, 200, 40, 570],
    ["2023/24", "Non-opiate", 120, 70, 35, 100],
    ["2023/24", "Alcohol only", 180, 140, 60, ""],
]
DEATHS = [
    ["date_of_death", "age_band", "sex", "substances", "known_to_treatment"],
    ["2024-05-14", "30-39", "Male", "Opiates;Alcohol", "Y"],
    ["2024-08-01", "40-49", "Male", "Opiates;Benzodiazepines", "N"],
    ["2024-11-20", "30-39", "Female", "Cocaine", "Y"],
    ["2025-02-03", "50-59", "Male", "", ""],
    ["2023-06-01", "30-39", "Male", "Opiates", "Y"],
    ["2023-09-09", "40-49", "Female", "Alcohol", "N"],
]
FY = parse_period("2024/25")


def write(path: Path, rows: list[list[Any]]) -> Path:
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def load(workspace: Workspace, *wanted: tuple[str, str, str]) -> list[PartnerData]:
    """Each (dataset, area, period), read with one warehouse connection and area resolver."""
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
    """Every file loaded into one workspace and read back, for 2024/25 and for 2019/20 (no
    rows)."""
    folder = tmp_path_factory.mktemp("health")
    workspace = Workspace(folder / "ws")

    def ingest(name: str, file: str, rows: list[list[Any]]) -> None:
        path = write(folder / file, rows)
        ingest_dataset(workspace, name, path, provider="Provider", area="Shropshire")

    ingest("ae-assaults", "ae.csv", [AE_HEADER, *AE_2023, *AE_2024])
    ingest("drug-alcohol-treatment", "treatment.csv", TREATMENT)
    ingest("drug-related-deaths", "deaths.csv", DEATHS)
    names = ("ae-assaults", "drug-alcohol-treatment", "drug-related-deaths")
    found = load(
        workspace,
        *((name, "Shropshire", "2024/25") for name in names),
        *((name, "Shropshire", "2019/20") for name in names),
    )
    return {
        "data": dict(zip(names, found[:3], strict=True)),
        "empty": dict(zip(names, found[3:], strict=True)),
    }


@pytest.fixture(scope="module")
def ae(loaded: dict[str, Any]) -> PartnerSection:
    section = analyse_ae_assaults(loaded["data"]["ae-assaults"])
    assert section is not None
    return section


def ratios(section: PartnerSection, title: str) -> list[tuple[str, int, int]]:
    found = dict(section.ratios)[title]
    return [(r.label, r.numerator, r.denominator) for r in found]


def test_ae_total_change_is_tested_against_the_previous_year(ae: PartnerSection) -> None:
    ((title, table),) = ae.changes
    assert title == "A&E assault attendances by sex"
    assert table.cells(tests=False)[1:] == [
        ["Female", "4", "2", "2", "100%"],
        ["Male", "7", "3", "4", "133%"],
        ["Not stated", "1", "0", "1", "N/A"],
        ["All attendances", "12", "5", "7", "140%"],
    ]
    # Exact conditional test: 12 of 17 events in the current period, p0 = 365 / (365 + 366).
    p = binomtest(12, 17, 365 / 731).pvalue
    assert_allclose(table.total.test.p_value, p)  # type: ignore[union-attr]
    assert ae.findings[0] == (
        "12 A&E assault attendances in 2024/25, against 5 in 2023/24 (+7, +140.0%): no "
        f"statistically significant change ({p_text(p)})."
    )


def test_ae_age_by_sex_cells_are_shares_of_all_attendances(ae: PartnerSection) -> None:
    (table,) = ae.crosstabs
    assert table.rows == ("18-24", "25-29", "30-39", "40-49", "Not recorded")
    assert table.columns == ("Female", "Male", "Not stated")
    assert table.counts == ((2, 4, 0), (1, 0, 1), (0, 2, 0), (1, 0, 0), (0, 1, 0))
    percent = ae.extra["age_sex_percent"]
    assert_allclose(percent[0], [2 / 12 * 100, 4 / 12 * 100, 0])
    assert_allclose(sum(sum(row) for row in percent), 100)
    assert_allclose(
        [table.column_total(j) / 12 * 100 for j in range(3)],
        [4 / 12 * 100, 7 / 12 * 100, 1 / 12 * 100],
    )
    assert "The largest group was male aged 18-24: 33% (n=4) of all attendances." in ae.findings


def test_ae_sex_method_alcohol_and_place(ae: PartnerSection) -> None:
    assert ratios(ae, "A&E assault attendances by sex") == [
        ("Male", 7, 12),
        ("Female", 4, 12),
        ("Not stated", 1, 12),
    ]
    assert "By sex: male 58% (n=7), female 33% (n=4), not stated 8% (n=1)." in ae.findings
    assert ratios(ae, "A&E assault attendances by method") == [
        ("Punch with a fist", 6, 12),
        ("Kick", 2, 12),
        ("Blunt object", 1, 12),
        ("Sharp object or stab", 1, 12),
        ("Bottle or glass", 1, 12),
        ("Not recorded", 1, 12),
    ]
    assert ratios(ae, "Alcohol or drugs involved (of attendances where recorded)") == [
        ("Alcohol or drugs involved", 6, 10)
    ]
    assert (
        "Alcohol or drugs were involved in 60% (n=6) of the 10 attendances where this was "
        "recorded (not recorded for 2)." in ae.findings
    )
    assert ratios(ae, "A&E assault attendances by type of place") == [
        ("Road or pavement", 5, 12),
        ("Living room", 2, 12),
        ("Pub or bar", 2, 12),
        ("Other home", 1, 12),
        ("Nightclub", 1, 12),
        ("Not recorded", 1, 12),
    ]
    (share,) = dict(ae.ratios)["Alcohol or drugs involved (of attendances where recorded)"]
    assert share.estimate is not None
    assert share.estimate.interval.method == "Wilson"
    assert ae.sensitive


def test_ae_months_have_an_xmr_chart_and_peaks(ae: PartnerSection) -> None:
    (series,) = ae.series
    assert series.labels[0] == "2024-04"
    assert series.labels[-1] == "2025-03"
    assert series.values == (2, 1, 1, 3, 0, 1, 1, 0, 1, 1, 0, 1)
    assert series.chart is not None
    assert ae.extra["peak_months"] == (("2024-07", 3), ("2024-04", 2), ("2024-05", 1))
    assert "The busiest months were Jul 2024 (n=3), Apr 2024 (n=2), May 2024 (n=1)." in ae.findings


def test_treatment_by_group_with_effective_and_completion_rates(loaded: dict[str, Any]) -> None:
    section = analyse_drug_alcohol_treatment(loaded["data"]["drug-alcohol-treatment"])
    assert section is not None
    ((_, table),) = section.changes
    assert table.cells(tests=False)[1:] == [
        ["Opiate", "649", "600", "49", "8%"],
        ["Non-opiate", "108", "120", "-12", "-10%"],
        ["Alcohol only", "200", "180", "20", "11%"],
        ["All", "957", "900", "57", "6%"],
    ]
    assert ratios(section, "% in effective treatment, 2024/25") == [
        ("Opiate", 620, 649),
        ("Non-opiate", 96, 108),
        ("All", 716, 757),
    ]
    assert ratios(section, "% in effective treatment, 2023/24")[-1] == ("All", 670, 720)
    assert ratios(section, "Successful completions as % of those in treatment, 2024/25") == [
        ("Opiate", 45, 649),
        ("Non-opiate", 30, 108),
        ("Alcohol only", 70, 200),
        ("All", 145, 957),
    ]
    assert any(
        "opiate 96% (n=620), non-opiate 89% (n=96), all 95% (n=716)" in f for f in section.findings
    )
    assert "420 adults started treatment in 2024/25." in section.findings
    assert not section.sensitive


def test_drug_related_deaths(loaded: dict[str, Any]) -> None:
    section = analyse_drug_related_deaths(loaded["data"]["drug-related-deaths"])
    assert section is not None
    assert section.sensitive
    ((_, table),) = section.changes
    assert (table.total.current, table.total.previous) == (4, 2)
    assert "no statistically significant change" in section.findings[0]
    assert any("little power" in note for note in section.notes)
    assert ratios(section, "Substances mentioned (a death counts once per substance)") == [
        ("Opiates", 2, 4),
        ("Cocaine", 1, 4),
        ("Benzodiazepines", 1, 4),
        ("Alcohol", 1, 4),
        ("Not known", 1, 4),
    ]
    assert any("counts once under each" in note for note in section.notes)
    assert ratios(section, "Known to treatment (of deaths where recorded)") == [
        ("Known to treatment", 2, 3)
    ]
    (cross,) = section.crosstabs
    assert cross.rows == ("30-39", "40-49", "50-59")
    assert cross.counts == ((1, 1), (0, 1), (0, 1))


def test_no_rows_in_the_period_gives_none(loaded: dict[str, Any]) -> None:
    empty = loaded["empty"]
    assert all(data.empty for data in empty.values())
    assert analyse_ae_assaults(empty["ae-assaults"]) is None
    assert analyse_drug_alcohol_treatment(empty["drug-alcohol-treatment"]) is None
    assert analyse_drug_related_deaths(empty["drug-related-deaths"]) is None
