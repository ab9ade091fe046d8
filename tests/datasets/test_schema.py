"""Dataset declarations and cell parsing."""

from __future__ import annotations

from datetime import date

import pytest

from saferinsight.datasets.catalogue import DATASETS, get_dataset
from saferinsight.datasets.schema import (
    Column,
    Dataset,
    home_office_offences,
    parse_financial_year,
)
from saferinsight.errors import CellError, QueryError

ISSUE_DATASETS = {
    "police-crime",
    "police-crime-monthly",
    "home-office-prc",
    "domestic-abuse-incidents",
    "dvpn-dvpo",
    "asb-incidents",
    "iom-reoffending",
    "proven-reoffending",
    "ae-assaults",
    "drug-alcohol-treatment",
    "drug-related-deaths",
    "deliberate-fires",
    "road-casualties",
    "prevent-channel",
    "adult-safeguarding-activity",
    "adult-safeguarding-enquiries",
    "childrens-safeguarding",
}


def test_every_dataset_of_the_issue_is_declared() -> None:
    assert set(DATASETS) == ISSUE_DATASETS


@pytest.mark.parametrize("dataset", DATASETS.values(), ids=lambda d: d.name)
def test_declarations_are_complete_and_their_examples_parse(dataset: Dataset) -> None:
    assert dataset.description.endswith(".")
    assert dataset.period_columns
    for column in dataset.columns:
        assert column.description, column.name
        assert column.name == column.name.lower().replace(" ", "_")
        if column.example:
            column.parse(column.example)  # raises if the template's example is invalid
        elif column.required:
            pytest.fail(f"{dataset.name}.{column.name} is required but has no example")
    if dataset.granularity != "record":
        assert dataset.count_column is not None


def test_unknown_dataset_lists_the_choices() -> None:
    with pytest.raises(QueryError, match="asb-incidents"):
        get_dataset("asb")


@pytest.mark.parametrize(
    ("kind", "cell", "expected"),
    [
        ("integer", "1,234", 1234),
        ("integer", 12.0, 12),
        ("integer", " 7 ", 7),
        ("number", "£1,234.50", 1234.5),
        ("number", "12%", 12.0),
        ("boolean", "Yes", True),
        ("boolean", "n", False),
        ("boolean", 1, True),
        ("date", "01/04/2024", date(2024, 4, 1)),
        ("date", 45383, date(2024, 4, 1)),
        ("month", "Apr-24", date(2024, 4, 1)),
        ("financial_year", "2024-25", "2024/25"),
        ("quarter", "Q3", 3),
        ("lsoa", "e01028947", "E01028947"),
        ("offence", "8n", "8N"),
        ("text", 3.0, "3"),
    ],
)
def test_cells_are_typed(kind: str, cell: object, expected: object) -> None:
    assert Column("c", kind, "A column.", "").parse(cell) == expected


@pytest.mark.parametrize(
    ("kind", "cell", "problem"),
    [
        ("integer", "1.5", "is not a whole number"),
        ("integer", "-3", "is below 0"),
        ("integer", "three", "is not a number"),
        ("boolean", "maybe", "is not Y or N"),
        ("date", "31/02/2024", "is not a date"),
        ("month", "Smarch 2024", "is not a month"),
        ("financial_year", "2024/26", "not a financial year"),
        ("quarter", "5", "is not a quarter"),
        ("lsoa", "Shropshire 021A", "is not an LSOA code"),
        ("offence", "999Z", "is not a Home Office offence code"),
        ("date", "2024", "is a year, not a date"),
        ("date", 1000, "outside 1990 to 2100"),
        ("month", "1850-01", "outside 1990 to 2100"),
    ],
)
def test_bad_cells_say_what_is_wrong_and_how_to_fix_it(
    kind: str, cell: object, problem: str
) -> None:
    column = Column("c", kind, "A column.", "", minimum=0 if kind == "integer" else None)
    with pytest.raises(CellError) as caught:
        column.parse(cell)
    assert problem in caught.value.problem
    assert caught.value.fix


def test_codes_match_loosely_and_synonyms_map_to_codes() -> None:
    asb = get_dataset("asb-incidents").column("category")
    assert asb.parse("  nuisance ") == "Nuisance"
    assert asb.parse("AS-Personal") == "Personal"
    with pytest.raises(CellError, match="'Noise' is not a code of category"):
        asb.parse("Noise")
    types = get_dataset("adult-safeguarding-enquiries").column("abuse_types")
    assert types.parse("Self-neglect; physical") == ["Physical", "Self-neglect"]


def test_required_cells_must_be_filled() -> None:
    with pytest.raises(CellError, match="empty"):
        get_dataset("dvpn-dvpo").column("dvpns").parse("  ")
    assert get_dataset("domestic-abuse-incidents").column("repeat_incidents").parse("") is None


def test_financial_years_are_normalised() -> None:
    assert parse_financial_year("FY 2023/2024") == "2023/24"
    with pytest.raises(ValueError, match="not a financial year"):
        parse_financial_year("2023")


def test_home_office_codes_map_to_groups_and_police_uk_types() -> None:
    offences = home_office_offences()
    assert len(set(offences.values())) == 132  # the published codes, plus each part of
    assert offences["1"] == offences["4.1"] == offences["1/4.1/4.10/4.2"]  # combined classes
    assert offences["1"][0] == "Homicide"
    assert offences["105A"][2] == "Violence without injury"
    assert offences["92A"][3] == "Drugs"
