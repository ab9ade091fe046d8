"""Tests of the partner-file generators (saferinsight.generate.partners).

Every generated file is loaded once into one workspace, with the real reader, validation and
store; the calibration tests then count what the store holds, as the demo's analyses would.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import saferinsight.generate.partners as partners
from saferinsight.datasets.catalogue import DATASETS
from saferinsight.errors import DatasetValidationError, QueryError
from saferinsight.generate.partners import PartnerFile, generate_partner_files
from saferinsight.generate.partners.specs import SPECS
from saferinsight.ingest.datasets import DatasetLoad, check_dataset_file, ingest_dataset
from saferinsight.store.datasets import dataset_rows, list_versions
from saferinsight.workspace import Workspace

SEEDS = Path(__file__).parents[1] / "data" / "seed-tables"
SHROPSHIRE = "E22000360"
REVISED = "iom-reoffending-revised-2024-25"
STEMS = [
    f"{name}-{variant}"
    for name, spec in SPECS.items()
    for variant in ("clean", "messy", "invalid")
    if variant != "invalid" or spec.invalid is not None
]
VALID = [s for s in STEMS if not s.endswith("-invalid")] + [REVISED]
INVALID = [s for s in STEMS if s.endswith("-invalid")]


@dataclass
class Loaded:
    file: PartnerFile
    load: DatasetLoad
    refused: DatasetValidationError | None = None


def fy(day: date) -> int:
    """First year of the financial year of ``day``."""
    return day.year if day.month >= 4 else day.year - 1


def quarter(day: date) -> int:
    return ((day.month - 4) % 12) // 3 + 1


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PartnerFile]:
    made = generate_partner_files(tmp_path_factory.mktemp("partners"))
    return {f.path.stem: f for f in made}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("partners-ws") / "ws")


@pytest.fixture(scope="module")
def loaded(files: dict[str, PartnerFile], workspace: Workspace) -> dict[str, Loaded]:
    """Every file loaded once; invalid files first strictly (refused), then their valid rows."""
    found = {}
    for stem, file in files.items():
        options: dict[str, Any] = {
            "provider": file.provider,
            "area": "Shropshire",
            "received": file.received,
        }
        refused = None
        if file.variant == "invalid":
            with pytest.raises(DatasetValidationError) as caught:
                ingest_dataset(workspace, file.dataset, file.path, **options)
            refused = caught.value
            options["accept_valid"] = True
        load = ingest_dataset(workspace, file.dataset, file.path, **options)
        found[stem] = Loaded(file, load, refused)
    return found


def stored(workspace: Workspace, loaded: dict[str, Loaded], stem: str) -> list[dict[str, Any]]:
    """The rows the store holds for one loaded file."""
    item = loaded[stem]
    with workspace.reader() as warehouse:
        return dataset_rows(warehouse, DATASETS[item.file.dataset], versions=[item.load.version_id])


@pytest.fixture(scope="module")
def crimes(workspace: Workspace, loaded: dict[str, Loaded]) -> list[dict[str, Any]]:
    return stored(workspace, loaded, "police-crime-clean")


@pytest.fixture(scope="module")
def offences(crimes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One row per offence (the first row of its crime reference)."""
    found: dict[str, dict[str, Any]] = {}
    for row in crimes:
        found.setdefault(row["crime_reference"], row)
    return found


def by_year(rows: Any, *, where: Any = lambda r: True, date_column: str = "date") -> Counter[int]:
    return Counter(fy(r[date_column]) for r in rows if where(r))


def seed_table(name: str) -> dict[str, tuple[int, int]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return {r[0]: (int(r[1]), int(r[2])) for r in rows if not r[0].lower().startswith("grand")}


# --- the files ----------------------------------------------------------------------------------


def test_public_api_is_listed() -> None:
    assert partners.__all__ == ["VARIANTS", "PartnerFile", "generate_partner_files"]
    for name in partners.__all__:
        assert getattr(partners, name).__doc__ or name == "VARIANTS"


def test_every_dataset_has_a_clean_and_a_messy_file(files: dict[str, PartnerFile]) -> None:
    kinds = defaultdict(set)
    for file in files.values():
        kinds[file.dataset].add(file.variant)
        assert file.variant in partners.VARIANTS
        assert file.description
        assert file.provider
        assert file.received > date(2025, 3, 31)
    assert set(kinds) == set(DATASETS)
    assert all({"clean", "messy"} <= v for v in kinds.values())
    assert sum("invalid" in v for v in kinds.values()) >= 6
    assert {f.path.suffix for f in files.values()} == {".csv", ".xlsx"}


def test_clean_files_have_the_template_headers(files: dict[str, PartnerFile]) -> None:
    for name, dataset in DATASETS.items():
        with files[f"{name}-clean"].path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c.name for c in dataset.columns]


def test_the_same_seed_gives_identical_files(files: dict[str, PartnerFile], tmp_path: Path) -> None:
    again = generate_partner_files(tmp_path / "again")
    assert [f.path.name for f in again] == [f"{s}{files[s].path.suffix}" for s in files]
    for file in again:
        assert file.path.read_bytes() == files[file.path.stem].path.read_bytes(), file.path.name


def test_another_seed_gives_other_files(files: dict[str, PartnerFile], tmp_path: Path) -> None:
    other = generate_partner_files(tmp_path, seed=1, datasets=["asb-incidents", "ae-assaults"])
    for file in other:
        assert file.path.read_bytes() != files[file.path.stem].path.read_bytes()


def test_unknown_dataset_or_area_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown dataset"):
        generate_partner_files(tmp_path, datasets=["burglaries"])
    with pytest.raises(QueryError, match="Atlantis"):
        generate_partner_files(tmp_path, area="Atlantis")


def test_no_names_addresses_or_places_finer_than_lsoa(files: dict[str, PartnerFile]) -> None:
    text = files["police-crime-clean"].path.read_text(encoding="utf-8")
    assert "Street" not in text
    assert "Road," not in text
    header = text.splitlines()[0].split(",")
    assert not {"name", "address", "postcode", "latitude", "longitude"} & set(header)


# --- loading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", VALID)
def test_valid_files_load_every_row(stem: str, loaded: dict[str, Loaded]) -> None:
    item = loaded[stem]
    assert item.file.expected_problems == 0
    assert item.load.problems == ()
    assert item.load.rows_loaded == item.file.expected_rows
    assert item.load.status == "loaded"


@pytest.mark.parametrize("stem", INVALID)
def test_invalid_files_are_refused_with_every_problem(stem: str, loaded: dict[str, Loaded]) -> None:
    item = loaded[stem]
    assert item.refused is not None
    problems = item.refused.problems
    assert len({p.row for p in problems}) == item.file.expected_problems > 0
    for problem in problems:
        assert problem.row > 1
        assert problem.column
        assert problem.fix
        assert problem.message().startswith(f"row {problem.row}, column {problem.column}")
    assert item.load.rows_loaded == item.file.expected_rows
    assert len({p.row for p in item.load.problems}) == item.file.expected_problems


def test_messy_files_keep_the_clean_figures(
    workspace: Workspace, loaded: dict[str, Loaded]
) -> None:
    for name, dataset in DATASETS.items():
        count = dataset.count_column
        messy = stored(workspace, loaded, f"{name}-messy")
        start = min(r["period_start"] for r in messy)
        clean = [
            r for r in stored(workspace, loaded, f"{name}-clean") if r["period_start"] >= start
        ]
        if count:
            assert sum(r[count] for r in messy) == sum(r[count] for r in clean), name
        else:
            assert len(messy) == len(clean), name


@pytest.mark.parametrize(
    ("stem", "sheet", "encoding"),
    [
        ("police-crime-messy", None, "utf-8-sig"),
        ("road-casualties-messy", None, "utf-8-sig"),
        ("childrens-safeguarding-messy", None, "cp1252"),
        ("ae-assaults-messy", "ISTV extract", None),
        ("home-office-prc-messy", "Table 1", None),
        ("deliberate-fires-messy", "Deliberate fires", None),
        ("asb-incidents-messy", "ASB incidents", None),
    ],
)
def test_messy_files_are_read_as_sent(
    stem: str, sheet: str | None, encoding: str | None, loaded: dict[str, Loaded]
) -> None:
    load = loaded[stem].load
    assert (load.sheet, load.encoding) == (sheet, encoding)


def test_messy_files_skip_titles_blanks_totals_and_notes(loaded: dict[str, Loaded]) -> None:
    skipped = {stem: item.load.skipped for stem, item in loaded.items()}
    assert skipped["asb-incidents-messy"] == 5  # banner, 2 title rows, blank row, Grand Total
    assert skipped["dvpn-dvpo-messy"] == 2 + 35 + 2  # titles, a blank between months, notes
    assert skipped["prevent-channel-messy"] == 2 + 1 + 1  # titles, Grand Total, a note
    assert all(n == 0 for stem, n in skipped.items() if stem.endswith("-clean"))


def test_messy_text_survives_windows_1252(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    values = {
        r["breakdown_value"] for r in stored(workspace, loaded, "childrens-safeguarding-messy")
    }
    assert {"Early years or crèche", "Financial hardship (£)"} <= values
    assert loaded["childrens-safeguarding-messy"].load.encoding == "cp1252"


def test_a_revised_file_supersedes_the_months_it_re_sends(
    files: dict[str, PartnerFile], workspace: Workspace, loaded: dict[str, Loaded]
) -> None:
    provider = "IOM team (supersession test)"  # its own provider: other loads do not interfere
    for stem in ("iom-reoffending-clean", REVISED):
        file = files[stem]
        ingest_dataset(  # the same cohorts another provider sent: replaced, not counted twice
            workspace,
            file.dataset,
            file.path,
            provider=provider,
            received=file.received,
            overlap="replace",
        )
    with workspace.reader() as warehouse:
        versions = list_versions(warehouse, "iom-reoffending")
        first, revised = [v for v in versions if v.provider == provider]
        ours = {first.version_id, revised.version_id}
        current = [
            r
            for r in dataset_rows(warehouse, DATASETS["iom-reoffending"])
            if r["version_id"] in ours
        ]
    assert (first.superseded_rows, revised.superseded_rows) == (12, 0)
    assert revised.received > first.received
    assert len(current) == 36
    assert {r["version_id"] for r in current if r["period_start"] >= date(2024, 4, 1)} == {
        revised.version_id
    }
    original = files["iom-reoffending-clean"].path.read_text().splitlines()
    resent = files[REVISED].path.read_text().splitlines()
    changed = [line[:7] for line in resent[1:] if line not in original]
    assert changed == ["2024-10", "2024-11", "2024-12"]


def test_other_areas_are_scaled(
    tmp_path: Path, workspace: Workspace, loaded: dict[str, Loaded]
) -> None:
    made = generate_partner_files(
        tmp_path, area="Telford and Wrekin", first_year=2024, years=1, datasets=["asb-incidents"]
    )
    for file in made:
        _, validation = check_dataset_file(
            workspace, file.dataset, file.path, area="Telford and Wrekin"
        )
        assert len(validation.rows) == file.expected_rows
        assert len({p.row for p in validation.problems}) == file.expected_problems
        if file.variant == "clean":
            assert {r.area_code for r in validation.rows} == {"E22000333"}
            # Telford and Wrekin has 57% of Shropshire's residents: 57% of 3,021 incidents
            assert 1_550 < file.expected_rows < 1_900
            assert file.provider == "West Mercia Police"


# --- calibration: police recorded crime ---------------------------------------------------------


def test_total_recorded_crime_by_year(offences: dict[str, dict[str, Any]]) -> None:
    assert by_year(offences.values()) == {2022: 19_080, 2023: 18_208, 2024: 16_508}


def test_published_months(offences: dict[str, dict[str, Any]]) -> None:
    months = Counter(r["date"].replace(day=1) for r in offences.values())
    assert [months[date(2024, 3, 1)], months[date(2025, 2, 1)], months[date(2025, 3, 1)]] == [
        1_379,
        1_216,
        1_386,
    ]
    vwi = Counter(
        r["date"].replace(day=1) for r in offences.values() if r["offence_code"] in VWI_CODES
    )
    assert [vwi[date(2024, 3, 1)], vwi[date(2025, 2, 1)], vwi[date(2025, 3, 1)]] == [168, 117, 162]


VWI_CODES = {"8N", "5D", "8S", "8P", "4.4", "5E", "2", "4.8", "4.6", "37.1"}


def test_violence_with_injury_sub_types_reproduce_the_published_table(
    offences: dict[str, dict[str, Any]],
) -> None:
    counts = Counter(
        (r["offence"], fy(r["date"])) for r in offences.values() if r["offence_code"] in VWI_CODES
    )
    published = seed_table("violence-with-injury-breakdown-2023-24.csv")
    derived = {name: (counts[name, 2023], counts[name, 2022]) for name in published}
    assert derived == published
    assert sum(n for (_, year), n in counts.items() if year == 2024) == 1_939


def test_hate_strands_reproduce_the_published_table(offences: dict[str, dict[str, Any]]) -> None:
    from saferinsight.datasets.catalogue import HATE_STRANDS

    strands = Counter()
    for row in offences.values():
        flagged = [label for key, label in HATE_STRANDS if row[f"hate_{key}"]]
        assert len(flagged) <= 1
        if flagged:
            strands[flagged[0], fy(row["date"])] += 1
    published = seed_table("hate-crime-strands-2023-24.csv")
    assert {s: (strands[s, 2023], strands[s, 2022]) for s in published} == published
    assert sum(n for (_, year), n in strands.items() if year == 2024) == 312
    hate = [r for r in offences.values() if any(r[f"hate_{k}"] for k, _ in HATE_STRANDS)]
    quarters = Counter(quarter(r["date"]) for r in hate if fy(r["date"]) == 2024)
    assert (quarters[3], quarters[4]) == (62, 100)


def test_domestic_abuse_and_serious_violence(offences: dict[str, dict[str, Any]]) -> None:
    rows = offences.values()
    da = by_year(rows, where=lambda r: r["domestic_abuse"])
    assert da == {2022: 3_296, 2023: 3_140, 2024: 2_625}
    total = by_year(rows)
    assert all(0.15 <= da[y] / total[y] <= 0.175 for y in total)
    da_vwoi = [
        r
        for r in rows
        if r["domestic_abuse"]
        and r["offence_code"] in {"105A", "3B", "11A"}
        and fy(r["date"]) == 2024
    ]
    assert sum(quarter(r["date"]) == 4 for r in da_vwoi) == 412
    sv = by_year(rows, where=lambda r: r["serious_violence"])
    assert sv == {2022: 1_544, 2023: 1_411, 2024: 1_350}
    assert (
        by_year(rows, where=lambda r: r["serious_violence"] and r["offence_code"] in VWI_CODES)[
            2024
        ]
        == 755
    )


def test_drug_offences(offences: dict[str, dict[str, Any]]) -> None:
    drugs = [r for r in offences.values() if r["offence_code"].startswith("92")]
    assert by_year(drugs) == {2022: 387, 2023: 396, 2024: 385}
    q4 = Counter(
        r["offence_code"] == "92A"
        for r in drugs
        if fy(r["date"]) == 2024 and quarter(r["date"]) == 4
    )
    assert (q4[False], q4[True]) == (48, 52)


def test_offence_shares_and_changes(offences: dict[str, dict[str, Any]]) -> None:
    from saferinsight.datasets.schema import home_office_offences

    subgroup = {code: detail[2] for code, detail in home_office_offences().items()}
    counts = Counter((subgroup[r["offence_code"]], fy(r["date"])) for r in offences.values())
    three = Counter()
    for (name, _), n in counts.items():
        three[name] += n
    total = sum(three.values())
    shares = {k: round(100 * v / total, 1) for k, v in three.most_common(6)}
    assert list(shares)[:3] == [
        "Violence without injury",
        "Stalking and harassment",
        "Violence with injury",
    ]
    assert list(shares.values())[:3] == [14.8, 13.5, 12.0]
    assert set(list(shares)[3:]) == {"Shoplifting", "Criminal damage", "Other theft offences"}

    def change(name: str) -> int:
        return round(100 * (counts[name, 2024] / counts[name, 2023] - 1))

    assert [change(n) for n in ("Violence without injury", "Stalking and harassment")] == [-6, -2]
    assert [change(n) for n in ("Violence with injury", "Shoplifting", "Bicycle theft")] == [
        -13,
        -18,
        66,
    ]


def test_people_of_serious_violence_offences(crimes: list[dict[str, Any]]) -> None:
    people = [r for r in crimes if r["role"] is not None]
    assert all(r["serious_violence"] for r in people)
    assert all(r["role"] is not None for r in crimes if r["serious_violence"])
    per_offence = Counter(r["crime_reference"] for r in people)
    assert 1.5 < len(people) / len(per_offence) < 2.5
    roles = Counter(r["role"] for r in people)
    assert roles["Suspect"] > roles["Suspect and victim"]
    assert roles["Victim"] > roles["Suspect and victim"]
    not_stated = sum(r["ethnicity"] == "Not stated" for r in people) / len(people)
    assert 0.15 < not_stated < 0.19
    female = Counter((r["role"], r["sex"]) for r in people)
    assert female["Suspect", "Female"] / roles["Suspect"] < 0.2
    assert 0.4 < female["Victim", "Female"] / roles["Victim"] < 0.65


def test_locations_are_lsoas_of_the_area(crimes: list[dict[str, Any]]) -> None:
    assert {r["area_code"] for r in crimes} == {SHROPSHIRE}
    assert all(r["lsoa"].startswith("E01") for r in crimes)
    wards = Counter(r["ward"] for r in crimes)
    assert len(wards) == 63


def test_monthly_and_home_office_tables_agree_with_the_records(
    workspace: Workspace, loaded: dict[str, Loaded], offences: dict[str, dict[str, Any]]
) -> None:
    monthly = stored(workspace, loaded, "police-crime-monthly-clean")
    by_month = Counter()
    for row in monthly:
        if row["flag"] == "All":
            by_month[row["month"]] += row["offences"]
    assert by_month == Counter(r["date"].replace(day=1) for r in offences.values())
    da = sum(
        r["offences"] for r in monthly if r["flag"] == "Domestic abuse" and fy(r["month"]) == 2024
    )
    assert da == 2_625
    home_office = stored(workspace, loaded, "home-office-prc-clean")
    years = Counter()
    for row in home_office:
        years[int(row["financial_year"][:4])] += row["number_of_offences"]
    assert years == by_year(offences.values())


# --- calibration: other datasets ----------------------------------------------------------------


def test_asb_incidents(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = stored(workspace, loaded, "asb-incidents-clean")
    assert by_year(rows) == {2022: 3_702, 2023: 3_345, 2024: 3_021}
    year = Counter(r["category"] for r in rows if fy(r["date"]) == 2023)
    shares = {k: round(100 * v / 3_345) for k, v in year.items()}
    assert shares == {"Nuisance": 84, "Personal": 11, "Environmental": 5}
    q4 = Counter(r["category"] for r in rows if fy(r["date"]) == 2024 and quarter(r["date"]) == 4)
    assert round(100 * q4["Nuisance"] / sum(q4.values()), 1) == 85.6


def test_domestic_abuse_incidents(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = stored(workspace, loaded, "domestic-abuse-incidents-clean")
    years = Counter()
    for row in rows:
        years[fy(row["month"])] += row["incidents"]
    assert (years[2023], years[2024]) == (4_289, 3_932)


def test_dvpn_dvpo_reproduce_the_published_table(
    workspace: Workspace, loaded: dict[str, Loaded]
) -> None:
    rows = stored(workspace, loaded, "dvpn-dvpo-clean")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if date(2023, 3, 1) <= row["month"] <= date(2024, 2, 1):
            totals[row["area_code"]][0] += row["dvpns"]
            totals[row["area_code"]][1] += row["dvpos"]
    assert dict(totals) == {
        "E22000332": [17, 16],  # South Worcestershire
        "E22000368": [47, 40],  # North Worcestershire
        "E22000326": [39, 33],  # Herefordshire
        "E22000360": [27, 22],  # Shropshire
        "E22000333": [73, 51],  # Telford & Wrekin
    }
    assert all(r["dvpos"] <= r["dvpns"] for r in rows if r["month"] <= date(2024, 2, 1))


def test_iom_cohort_and_reoffending_rate(
    files: dict[str, PartnerFile], workspace: Workspace, loaded: dict[str, Loaded]
) -> None:
    first = stored(workspace, loaded, "iom-reoffending-clean")
    revised = {r["month"]: r for r in stored(workspace, loaded, REVISED)}
    current = [revised.get(r["month"], r) for r in first]
    for year, cohort in ((2023, 122), (2024, 108)):
        months = [r["cohort"] for r in current if fy(r["month"]) == year]
        assert sum(months) / 12 == cohort
    rates = [100 * r["reoffended"] / r["cohort"] for r in current if fy(r["month"]) >= 2023]
    assert (round(min(rates)), round(max(rates)), round(sum(rates) / len(rates))) == (4, 31, 16)
    jan, feb, mar = rates[-3:]
    assert jan < 16
    assert feb < 16
    assert mar > 25


def test_proven_reoffending(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = stored(workspace, loaded, "proven-reoffending-clean")
    adult = next(
        r for r in rows if r["cohort_start"] == date(2023, 7, 1) and r["offender_type"] == "Adult"
    )
    assert (adult["offenders"], adult["reoffenders"], adult["reoffences"]) == (1_579, 300, 939)
    assert adult["cohort_end"] == date(2024, 6, 1)


def test_ae_assaults_profile(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = [
        r
        for r in stored(workspace, loaded, "ae-assaults-clean")
        if date(2022, 9, 1) <= r["attendance_date"] <= date(2023, 8, 31)
    ]
    assert len(rows) == 352
    assert Counter(r["sex"] for r in rows)["Male"] == 244
    methods = Counter(r["method"] for r in rows)
    assert (methods["Punch with a fist"], methods["Sharp object or stab"]) == (136, 24)
    assert sum(r["alcohol_or_drugs"] for r in rows) == 168
    places = Counter(r["location_type"] for r in rows)
    assert (places["Road or pavement"], places["Living room"]) == (113, 75)
    months = Counter(r["attendance_date"].replace(day=1) for r in rows)
    assert months.most_common(3) == [
        (date(2022, 10, 1), 43),
        (date(2023, 7, 1), 38),
        (date(2023, 5, 1), 37),
    ]


def test_drug_treatment_2024_25(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = {
        r["substance_group"]: r
        for r in stored(workspace, loaded, "drug-alcohol-treatment-clean")
        if r["financial_year"] == "2024/25"
    }
    effective = {
        k: (r["in_treatment"], round(100 * r["effective_treatment"] / r["in_treatment"]))
        for k, r in rows.items()
    }
    assert effective == {
        "Opiate": (649, 96),
        "Non-opiate": (108, 89),
        "Non-opiate and alcohol": (137, 90),
        "Alcohol only": (300, 90),
    }


def test_fires_roads_and_prevent(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    fires = Counter()
    for row in stored(workspace, loaded, "deliberate-fires-clean"):
        fires[fy(row["month"])] += row["fires"]
    assert all(420 <= n <= 520 for n in fires.values())
    assert len(fires) == 3
    ksi = Counter()
    for row in stored(workspace, loaded, "road-casualties-clean"):
        if fy(row["date"]) == 2024:
            ksi[row["severity"]] += row["casualties"]
    assert (ksi["Fatal"], ksi["Serious"]) == (19, 141)
    prevent = stored(workspace, loaded, "prevent-channel-clean")
    adopted = Counter()
    for row in prevent:
        adopted[row["concern"]] += row["channel_adopted"]
        assert row["channel_adopted"] <= row["channel_discussed"] <= row["referrals"]
    assert adopted.most_common(1)[0][0] == "Extreme right-wing"


def test_adult_safeguarding_2023_24(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    activity = [
        r
        for r in stored(workspace, loaded, "adult-safeguarding-activity-clean")
        if fy(r["month"]) == 2023
    ]
    assert sum(r["concerns"] for r in activity) == 684
    assert sum(r["enquiries_concluded"] for r in activity) == 227
    assert (sum(r["plans_new"] for r in activity), sum(r["plans_ongoing"] for r in activity)) == (
        11,
        8,
    )
    enquiries = [
        r
        for r in stored(workspace, loaded, "adult-safeguarding-enquiries-clean")
        if fy(r["concluded_date"]) == 2023
    ]
    assert len(enquiries) == 227
    places = Counter(r["location"] for r in enquiries)
    assert (places["Own home"], places["Residential care home"]) == (171, 21)
    asked = [r for r in enquiries if r["outcomes_asked"]]
    assert round(100 * len(asked) / 227) == 93
    expressed = [r for r in asked if r["outcomes_achieved"] != "Not expressed"]
    achieved = [
        r for r in expressed if r["outcomes_achieved"] in ("Fully achieved", "Partially achieved")
    ]
    assert (len(achieved), round(100 * len(achieved) / len(expressed))) == (200, 96)
    contacts = Counter()
    for row in stored(workspace, loaded, "adult-safeguarding-activity-clean"):
        contacts[fy(row["month"])] += row["contacts"]
    assert round(100 * (contacts[2023] / contacts[2022] - 1)) == 10


def test_childrens_safeguarding_2023_24(workspace: Workspace, loaded: dict[str, Loaded]) -> None:
    rows = stored(workspace, loaded, "childrens-safeguarding-clean")
    totals = Counter()
    parts = Counter()
    for row in rows:
        key = (row["measure"], row["month"])
        if row["breakdown"] is None:
            totals[key] += row["count"]
        else:
            parts[key] += row["count"]
    assert all(parts[key] == totals[key] for key in parts)
    year = Counter()
    for (measure, month), n in totals.items():
        if fy(month) == 2023:
            year[measure] += n
    assert year["Contacts"] == 11_585
    assert year["Child protection conferences"] == 255
    assert year["Children looked after starting"] == 215
    assert year["Child exploitation referrals"] == 154
    sexes = Counter(
        r["breakdown_value"]
        for r in rows
        if r["measure"] == "Child exploitation referrals"
        and r["breakdown"] == "sex"
        and fy(r["month"]) == 2023
        for _ in range(r["count"])
    )
    assert (round(100 * sexes["Male"] / 154), round(100 * sexes["Female"] / 154)) == (51, 48)
