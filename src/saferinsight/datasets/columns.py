"""Columns and code lists that several partner datasets share (see
:mod:`saferinsight.datasets.catalogue`)."""

from __future__ import annotations

from saferinsight.datasets.schema import Column

__all__ = [
    "AGE_BANDS",
    "ETHNICITIES",
    "HATE_STRANDS",
    "ROLES",
    "SEXES",
    "SEX_SYNONYMS",
    "age_band",
    "area",
    "count",
    "lsoa",
    "month",
    "sex",
    "ward",
]

SEXES = ("Female", "Male", "Other", "Not stated")
SEX_SYNONYMS = {"f": "Female", "m": "Male", "u": "Not stated", "unknown": "Not stated"}
AGE_BANDS = ("0-9", "10-17", "18-24", "25-29", "30-39", "40-49", "50-59", "60-69", "70+")
ROLES = ("Suspect", "Victim", "Suspect and victim")
ETHNICITIES = (
    "White British",
    "White Irish",
    "White Gypsy or Irish Traveller",
    "White Roma",
    "White other",
    "Mixed White and Black Caribbean",
    "Mixed White and Black African",
    "Mixed White and Asian",
    "Mixed other",
    "Asian Indian",
    "Asian Pakistani",
    "Asian Bangladeshi",
    "Asian Chinese",
    "Asian other",
    "Black African",
    "Black Caribbean",
    "Black other",
    "Arab",
    "Other ethnic group",
    "Not stated",
)
HATE_STRANDS = (
    ("race", "Race"),
    ("religion", "Faith"),
    ("sexual_orientation", "Sexual Orientation"),
    ("disability", "Disability"),
    ("transgender", "Transgender"),
    ("alternative_subculture", "Alternative Sub-culture"),
    ("age", "Age"),
)


def area(required: bool = False) -> Column:
    return Column(
        "area",
        "area",
        "The local authority, Community Safety Partnership or police force area the row "
        "describes. Leave empty (or leave the column out) to use the area given when loading.",
        "Shropshire",
        required=required,
        aliases=("local authority", "district", "csp", "area name", "area code"),
    )


def ward() -> Column:
    return Column(
        "ward",
        "ward",
        "Electoral ward where it happened, by ONS code (E05...) or name.",
        "E05008136",
        aliases=("ward code", "ward name", "electoral ward"),
    )


def lsoa() -> Column:
    return Column(
        "lsoa",
        "lsoa",
        "2021 LSOA where it happened (the most detailed place kept; never an address).",
        "E01028947",
        aliases=("lsoa code", "lsoa21", "lsoa21cd"),
    )


def month() -> Column:
    return Column(
        "month",
        "month",
        "The calendar month the counts are for.",
        "2024-04",
        required=True,
        aliases=("period", "month year", "reporting month"),
    )


def count(name: str, description: str, example: str, *, required: bool = True) -> Column:
    return Column(name, "integer", description, example, required=required, minimum=0)


def sex() -> Column:
    return Column("sex", "code", "Sex.", "Female", codes=SEXES, synonyms=SEX_SYNONYMS)


def age_band() -> Column:
    return Column(
        "age_band",
        "code",
        "Age band.",
        "18-24",
        codes=AGE_BANDS,
        aliases=("age group",),
    )
