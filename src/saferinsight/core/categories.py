"""police.uk categories shared by ingestion, queries and the generator."""

from __future__ import annotations

ASB = "Anti-social behaviour"

#: The 14 police.uk street crime types, in the (alphabetical) order police.uk lists them.
STREET_CRIME_TYPES: tuple[str, ...] = (
    ASB,
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

#: Categories police.uk used before May 2013; accepted so that old archives load.
HISTORIC_CRIME_TYPES: tuple[str, ...] = ("Public disorder and weapons", "Violent crime")
#: Every crime type a police.uk street file may hold: today's and the historic ones.
CRIME_TYPES: tuple[str, ...] = STREET_CRIME_TYPES + HISTORIC_CRIME_TYPES

STOP_SEARCH_TYPES: tuple[str, ...] = (
    "Person search",
    "Vehicle search",
    "Person and Vehicle search",
)
