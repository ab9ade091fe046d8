"""Partner crime and justice analyses against the published tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from saferinsight.analysis.formatting import format_pct
from saferinsight.analysis.partners.common import load_partner_data
from saferinsight.analysis.partners.crime import analyse_police_crime
from saferinsight.analysis.partners.justice import analyse_dvpn_dvpo, analyse_iom_reoffending
from saferinsight.core.periods import parse_period
from saferinsight.geo.areas import resolve_in
from saferinsight.ingest.datasets import ingest_dataset
from saferinsight.workspace import Workspace

SEEDS = Path(__file__).parents[2] / "data" / "seed-tables"

#: Catalogue A18: DVPNs, DVPOs and % escalated, 01 Mar 2023 - 29 Feb 2024 (West Mercia).
PUBLISHED_DVPN = {
    "South Worcestershire": (17, 16, "94%"),
    "North Worcestershire": (47, 40, "85%"),
    "Herefordshire": (39, 33, "85%"),
    "Shropshire": (27, 22, "81%"),
    "Telford & Wrekin": (73, 51, "70%"),
}
MONTHS = [
    f"{y}-{m:02d}" for y, m in [(2023, 3), *((2023, m) for m in range(4, 13)), (2024, 1), (2024, 2)]
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("partners") / "ws")


def spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def test_the_published_dvpn_table_is_reproduced_from_monthly_counts(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "dvpn.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Month", "Area", "DVPNs", "DVPOs"])
        for area, (notices, orders, _) in PUBLISHED_DVPN.items():
            for month, n, o in zip(MONTHS, spread(notices, 12), spread(orders, 12), strict=True):
                writer.writerow([month, area, n, o])
    ingest_dataset(workspace, "dvpn-dvpo", path, provider="West Mercia Police")
    with workspace.reader() as warehouse:
        force = resolve_in(warehouse, "West Mercia")
        data = load_partner_data(
            warehouse, "dvpn-dvpo", force, parse_period("12 months to 2024-02")
        )
    section = analyse_dvpn_dvpo(data)
    assert section is not None
    ((_, rows),) = section.ratios
    shown = [
        (r.label, r.denominator, r.numerator, format_pct(r.estimate.value * 100)) for r in rows
    ]  # type: ignore[union-attr]
    assert shown == [
        ("South Worcester", 17, 16, "94%"),
        ("North Worcestershire", 47, 40, "85%"),
        ("Herefordshire, County of", 39, 33, "85%"),
        ("Shropshire", 27, 22, "81%"),
        ("Telford and Wrekin", 73, 51, "70%"),
        ("West Mercia", 203, 162, "80%"),
    ]
    assert "162 of 203 DVPNs (80%) were escalated" in section.findings[0]
    assert section.versions[0].provider == "West Mercia Police"


#: Home Office codes of the published sub-types (emergency worker assaults are coded 8N).
VWI_CODES = {
    "Assault with injury": "8N",
    "Assault with intent to cause serious harm": "5D",
    "Assault with injury on a constable": "8S",
    "Race or religiously aggravated assault with injury": "8P",
    "Death or serious injury by dangerous driving": "4.4",
    "Endangering life": "5E",
    "Attempted murder": "2",
    "Assault with injury on an emergency work": "8N",
    "Death by careless or inconsiderate driving": "4.8",
    "Death by careless driving drink and drugs": "4.6",
    "Causing death by aggravated vehicle taking": "37.1",
}


def _write_offences(path: Path, offences: list[tuple[str, str, str, dict[str, str]]]) -> None:
    columns = [
        "crime_reference",
        "date",
        "offence_code",
        "offence",
        "domestic_abuse",
        "hate_race",
        "hate_sexual_orientation",
        "serious_violence",
        "role",
        "age",
        "sex",
        "ethnicity",
    ]
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for reference, day, offence, extra in offences:
            code = VWI_CODES.get(offence, "")
            writer.writerow(
                {
                    "crime_reference": reference,
                    "date": day,
                    "offence_code": code,
                    "offence": offence,
                    **extra,
                }
            )


def test_violence_with_injury_sub_types_reproduce_the_published_table(
    workspace: Workspace, tmp_path: Path
) -> None:
    with open(SEEDS / "violence-with-injury-breakdown-2023-24.csv", encoding="utf-8") as handle:
        seed = list(csv.DictReader(handle))
    offences = []
    for row in seed[:-1]:
        for year, column in (("2023-06-01", "2023/24"), ("2022-06-01", "2022/23")):
            for i in range(int(row[column])):
                offences.append((f"{row['offence'][:12]}-{year}-{i}", year, row["offence"], {}))
    # Person rows: two people on one offence must count as one offence.
    offences.append(
        (
            "Assault with-2023-06-01-0",
            "2023-06-01",
            "Assault with injury",
            {"role": "Victim", "age": "23", "sex": "Female"},
        )
    )
    path = tmp_path / "crime.csv"
    _write_offences(path, offences)
    ingest_dataset(
        workspace, "police-crime", path, provider="WMP", area="Shropshire", accept_valid=True
    )
    with workspace.reader() as warehouse:
        area = resolve_in(warehouse, "Shropshire")
        data = load_partner_data(warehouse, "police-crime", area, parse_period("2023/24"))
    section = analyse_police_crime(data)
    assert section is not None
    tables = dict(section.changes)
    table = tables["Violence with injury offences by sub-type, 2023/24 and 2022/23"]
    published = [
        [r["offence"], r["2023/24"], r["2022/23"], r["numerical_change"], r["pct_change"]]
        for r in seed
    ]
    mine = [[cell.replace(",", "") for cell in row] for row in table.cells(tests=False)[1:]]
    assert mine == published, mine


def test_iom_monthly_rate_with_range_average_and_spc(workspace: Workspace, tmp_path: Path) -> None:
    reoffended = [5, 19, 14, 17, 22, 15, 16, 18, 33, 17, 11, 21]  # of a cohort of 110
    path = tmp_path / "iom.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["month", "cohort", "reoffended"])
        for i in range(24):
            year, month = (2023, 4 + i) if i < 9 else (2024, i - 8) if i < 21 else (2025, i - 20)
            writer.writerow([f"{year}-{month:02d}", 110, reoffended[i % 12]])
    ingest_dataset(workspace, "iom-reoffending", path, provider="Probation", area="Shropshire")
    with workspace.reader() as warehouse:
        area = resolve_in(warehouse, "Shropshire")
        data = load_partner_data(warehouse, "iom-reoffending", area, parse_period("2024/25"))
    section = analyse_iom_reoffending(data)
    assert section is not None
    ((_, (pooled,)),) = section.ratios
    assert (pooled.numerator, pooled.denominator) == (sum(reoffended), 12 * 110)
    assert "ranged from 5% to 30%, an average of 16%" in section.findings[1]
    (series,) = section.series
    assert len(series.values) == 24
    assert series.values[8] == pytest.approx(33 / 110 * 100)
    assert series.chart is not None
    assert len(series.chart.points) == 24
